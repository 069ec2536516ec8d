/* Which hive a registry file is (SYSTEM, SOFTWARE, SECURITY or another),
 * from the keys under its root: the root key's own name is never SYSTEM or
 * SOFTWARE in a real hive (ROOT, CMI-CreateHive{...}, $$$PROTO.HIV), and
 * file names prove nothing. Beside the hive reader so that discovery
 * needs nothing from the facts layer to classify a file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "read/hive.h"
#include "ndes-audit/util.h"

/* A root with more subkeys than this is not walked (as the facts' own
 * bound on subkey lists). */
#define CLASSIFY_MAX_SUBKEYS 65536

/* The root subkeys that tell the hives apart. */
enum {
	R_SELECT = 1u << 0,
	R_CONTROLSET = 1u << 1, /* ControlSet001 ... */
	R_POLICY = 1u << 2,
	R_RXACT = 1u << 3,
	R_CACHE = 1u << 4,
	R_MICROSOFT = 1u << 5,
	R_SOFTWARE_PEER = 1u << 6, /* Classes, Policies, Clients or WOW6432Node */
};

static unsigned root_mark(const char *name)
{
	static const struct {
		const char *name;
		unsigned mark;
	} marks[] = {
		{"Select", R_SELECT},       {"Policy", R_POLICY},
		{"RXACT", R_RXACT},         {"Cache", R_CACHE},
		{"Microsoft", R_MICROSOFT}, {"Classes", R_SOFTWARE_PEER},
		{"Policies", R_SOFTWARE_PEER}, {"Clients", R_SOFTWARE_PEER},
		{"WOW6432Node", R_SOFTWARE_PEER},
	};
	size_t i;

	if (ascii_ncasecmp(name, "ControlSet", 10) == 0)
		return R_CONTROLSET;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (ascii_casecmp(name, marks[i].name) == 0)
			return marks[i].mark;
	return 0;
}

/* The marks of every subkey of the root. 0, or -1 with e set. */
static int root_marks(struct hive *h, unsigned *marks, struct nerr *e)
{
	struct hive_key *root = NULL;
	int rc, n = 0, i, ret = -1;

	*marks = 0;
	rc = hive_key_get(h, "", &root, e);
	if (rc != 1) {
		if (rc == 0)
			nerr_set(e, "%s: the hive has no root key", hive_path(h));
		return -1;
	}
	if (hive_key_nsubkeys(root, &n, e) != 1)
		goto out;
	if (n < 0 || n > CLASSIFY_MAX_SUBKEYS) {
		nerr_set(e, "%s: key '' claims %d subkeys (at most %d are read)", hive_path(h), n,
			 CLASSIFY_MAX_SUBKEYS);
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct hive_key *sub = NULL;
		char *name = NULL;

		if (hive_key_subkey(root, i, &sub, e) != 1 || hive_key_name(sub, &name, e) != 1) {
			hive_key_free(sub);
			goto out;
		}
		*marks |= root_mark(name);
		free(name);
		hive_key_free(sub);
	}
	ret = 0;
out:
	hive_key_free(root);
	return ret;
}

int hive_classify(struct hive *h, enum hive_role *role, struct nerr *e)
{
	struct hive_key *cv = NULL;
	struct nerr ignored;
	unsigned m;

	*role = HIVE_ROLE_OTHER;
	if (root_marks(h, &m, e) != 0)
		return -1;
	if ((m & R_SELECT) && (m & R_CONTROLSET)) {
		*role = HIVE_ROLE_SYSTEM;
	} else if ((m & R_POLICY) && (m & (R_RXACT | R_CACHE))) {
		*role = HIVE_ROLE_SECURITY;
	} else if (m & R_MICROSOFT) {
		/* A SOFTWARE hive without its usual peers still has the
		 * version key; an unreadable one leaves the hive "other". */
		nerr_clear(&ignored);
		if ((m & R_SOFTWARE_PEER) ||
		    hive_key_get(h, "Microsoft\\Windows NT\\CurrentVersion", &cv, &ignored) == 1)
			*role = HIVE_ROLE_SOFTWARE;
		hive_key_free(cv);
	}
	return 0;
}
