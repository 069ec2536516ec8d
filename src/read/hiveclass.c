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
	R_SOFTWARE_PEER = 1u << 6, /* Policies, Clients or WOW6432Node */
	R_CLASSES = 1u << 7,       /* only the machine's SOFTWARE holds Classes at its root */
	R_APPDATALOW = 1u << 8,    /* HKCU\Software saved with reg save */
	R_SOFTWARE = 1u << 9,      /* NTUSER.DAT, DEFAULT */
	R_PROFILE = 1u << 10,      /* Control Panel, Environment, AppEvents, Console, Keyboard Layout */
	R_LOCALSETTINGS = 1u << 11, /* UsrClass.dat */
	R_CLSID = 1u << 12,
	R_SAM = 1u << 13,
	R_OBJECTS = 1u << 14,      /* BCD */
	R_DESCRIPTION = 1u << 15,  /* BCD */
	R_COMPONENTS = 1u << 16,   /* DerivedData, CanonicalData (COMPONENTS) */
	R_ROOTKEY = 1u << 17,      /* Amcache.hve: everything under Root */
};

static unsigned root_mark(const char *name)
{
	static const struct {
		const char *name;
		unsigned mark;
	} marks[] = {
		{"Select", R_SELECT},
		{"Policy", R_POLICY},
		{"RXACT", R_RXACT},
		{"Cache", R_CACHE},
		{"Microsoft", R_MICROSOFT},
		{"Classes", R_CLASSES},
		{"Policies", R_SOFTWARE_PEER},
		{"Clients", R_SOFTWARE_PEER},
		{"WOW6432Node", R_SOFTWARE_PEER},
		{"AppDataLow", R_APPDATALOW},
		{"Software", R_SOFTWARE},
		{"Control Panel", R_PROFILE},
		{"Environment", R_PROFILE},
		{"AppEvents", R_PROFILE},
		{"Console", R_PROFILE},
		{"Keyboard Layout", R_PROFILE},
		{"Local Settings", R_LOCALSETTINGS},
		{"CLSID", R_CLSID},
		{"SAM", R_SAM},
		{"Objects", R_OBJECTS},
		{"Description", R_DESCRIPTION},
		{"DerivedData", R_COMPONENTS},
		{"CanonicalData", R_COMPONENTS},
		{"Root", R_ROOTKEY},
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

/* 1 when the key exists; a key that cannot be read counts as absent (the
 * hive then stays less specific, never more). */
static int has_key(struct hive *h, const char *path)
{
	struct hive_key *k = NULL;
	struct nerr ignored;
	int found;

	nerr_clear(&ignored);
	found = hive_key_get(h, path, &k, &ignored) == 1;
	hive_key_free(k);
	return found;
}

static int has_value(struct hive *h, const char *path, const char *name)
{
	struct hive_key *k = NULL;
	struct regval v;
	struct nerr ignored;
	int found = 0;

	nerr_clear(&ignored);
	memset(&v, 0, sizeof(v));
	if (hive_key_get(h, path, &k, &ignored) == 1 && hive_key_value(k, name, &v, &ignored) == 1) {
		found = 1;
		regval_free(&v);
	}
	hive_key_free(k);
	return found;
}

/* A hive with Microsoft at its root is the machine's SOFTWARE or a user's
 * HKCU\Software. Both hold Microsoft\Windows NT\CurrentVersion, Policies
 * and SystemCertificates; only the machine's version key names the product
 * and build, only the machine holds Classes at this level and
 * Microsoft\Cryptography, only a user's holds AppDataLow. */
static enum hive_role software_or_user(struct hive *h, unsigned m)
{
	static const char cv[] = "Microsoft\\Windows NT\\CurrentVersion";

	if (has_value(h, cv, "ProductName") || has_value(h, cv, "CurrentBuild"))
		return HIVE_ROLE_SOFTWARE;
	if (m & R_APPDATALOW)
		return HIVE_ROLE_USER_SOFTWARE;
	if ((m & R_CLASSES) || has_key(h, "Microsoft\\Cryptography"))
		return HIVE_ROLE_SOFTWARE;
	return HIVE_ROLE_USER_SOFTWARE;
}

int hive_classify(struct hive *h, enum hive_role *role, struct nerr *e)
{
	unsigned m;

	*role = HIVE_ROLE_OTHER;
	if (root_marks(h, &m, e) != 0)
		return -1;
	if ((m & R_SELECT) && (m & R_CONTROLSET))
		*role = HIVE_ROLE_SYSTEM;
	else if ((m & R_POLICY) && (m & (R_RXACT | R_CACHE)))
		*role = HIVE_ROLE_SECURITY;
	else if ((m & R_SAM) && !(m & R_MICROSOFT))
		*role = HIVE_ROLE_SAM;
	else if ((m & R_OBJECTS) && (m & R_DESCRIPTION))
		*role = HIVE_ROLE_BCD;
	else if (m & R_COMPONENTS)
		*role = HIVE_ROLE_COMPONENTS;
	else if ((m & R_ROOTKEY) &&
		 (has_key(h, "Root\\InventoryApplicationFile") || has_key(h, "Root\\File") ||
		  has_key(h, "Root\\Programs")))
		*role = HIVE_ROLE_AMCACHE;
	else if ((m & R_SOFTWARE) && (m & R_PROFILE))
		*role = HIVE_ROLE_USER;
	else if ((m & R_LOCALSETTINGS) && !(m & R_MICROSOFT))
		*role = HIVE_ROLE_USER_CLASSES;
	else if (m & R_MICROSOFT)
		*role = software_or_user(h, m);
	return 0;
}

const char *hive_role_description(enum hive_role role)
{
	switch (role) {
	case HIVE_ROLE_USER:
		return "per-user profile hive (NTUSER.DAT, or DEFAULT, the profile of the system "
		       "accounts): its root holds Software beside Control Panel or Environment";
	case HIVE_ROLE_USER_CLASSES:
		return "per-user classes hive (UsrClass.dat): its root holds Local Settings and no "
		       "Microsoft key";
	case HIVE_ROLE_USER_SOFTWARE:
		return "per-user Software hive (HKCU\\Software saved with reg save): Microsoft at "
		       "its root, but no product name or build under Microsoft\\Windows "
		       "NT\\CurrentVersion and none of the machine's Classes and "
		       "Microsoft\\Cryptography keys";
	case HIVE_ROLE_SAM:
		return "SAM hive (local accounts): its root holds SAM";
	case HIVE_ROLE_BCD:
		return "boot configuration data (BCD): its root holds Objects and Description";
	case HIVE_ROLE_COMPONENTS:
		return "COMPONENTS hive (component store): its root holds DerivedData or "
		       "CanonicalData";
	case HIVE_ROLE_AMCACHE:
		return "Amcache.hve (program inventory): everything under Root";
	default:
		return NULL;
	}
}
