/* Connector generation from the SOFTWARE hive's Uninstall entries. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/connector.h"
#include "ndes-audit/util.h"

const char *connector_gen_name(enum connector_gen g)
{
	switch (g) {
	case CONN_UNKNOWN: return "unknown";
	case CONN_NONE: return "none";
	case CONN_LEGACY: return "legacy";
	case CONN_CURRENT: return "current";
	case CONN_BOTH: return "both";
	}
	return "?";
}

/* DisplayName compared trimmed and case-insensitively, but whole: the
 * "Intune Connector for Active Directory" is another product. */
static int name_is(const char *s, const char *want)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n == strlen(want) && ascii_ncasecmp(s, want, n) == 0;
}

struct scan_ctx {
	const struct regsrc *r;
	const char *root;
	struct connector_facts *out;
};

static char *text_of(const struct regval *v, int found)
{
	char *s = NULL;

	if (found != 1 || regval_string(v, &s, NULL) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

static int scan_one(void *ctx, const char *sub, const struct regval *vals, const int *found)
{
	struct scan_ctx *c = ctx;
	struct connector_install *slot = NULL;
	char *name = text_of(&vals[0], found[0]);

	if (name != NULL && name_is(name, CONNECTOR_LEGACY_NAME))
		slot = &c->out->legacy;
	else if (name != NULL && name_is(name, CONNECTOR_CURRENT_NAME))
		slot = &c->out->current;
	if (slot != NULL && slot->display_name == NULL) {
		slot->display_name = name;
		name = NULL;
		slot->keypath = xasprintf("%s\\%s", c->root, sub);
		slot->artifact = reg_artifact(c->r, slot->keypath, "DisplayName", NULL);
		slot->version = text_of(&vals[1], found[1]);
	}
	free(name);
	return 0;
}

/* Scan one Uninstall key, in one pass over its subkeys (a large Uninstall
 * key is common). Returns 1 when it was read, 0 when a .reg-only source
 * does not cover it, -1 on a read error (recorded). */
static int scan(const struct regsrc *r, const char *root, struct connector_facts *out)
{
	static const char *const names[] = {"DisplayName", "DisplayVersion"};
	struct scan_ctx c = {r, root, out};
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = reg_scan_subkeys(r, root, names, 2, scan_one, &c, &e);
	if (rc == -1 && !reg_covered(r, root))
		return 0;
	if (rc == -1 && out->error == NULL)
		out->error = xstrdup(e.msg);
	return rc == -1 ? -1 : 1;
}

/* Without Uninstall entries in the evidence: the connector's own key.
 * 1 present, 0 absent, -1 not known. */
static int by_key(const struct regsrc *r, const char *key, const char *name,
		  struct connector_install *slot)
{
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = reg_key_exists(r, key, &e);
	if (rc == 1) {
		slot->display_name = xstrdup(name);
		slot->keypath = xstrdup(key);
		slot->artifact = reg_artifact(r, key, NULL, NULL);
	}
	return rc;
}

void connector_detect(const struct regsrc *software, struct connector_facts *out)
{
	int native, wow, legacy, current;

	memset(out, 0, sizeof(*out));
	if (software == NULL || (software->hive == NULL && software->view == NULL)) {
		out->gen = CONN_UNKNOWN;
		return;
	}
	out->artifact = software->artifact;
	out->basis = "Uninstall entries";
	native = scan(software, CONNECTOR_UNINSTALL_KEY, out);
	wow = scan(software, CONNECTOR_UNINSTALL_WOW_KEY, out);
	if (out->error != NULL) {
		out->gen = CONN_UNKNOWN;
		return;
	}
	/* 1 installed, 0 not, -1 not known. */
	legacy = out->legacy.display_name != NULL ? 1 : native == 1 && wow == 1 ? 0 : -1;
	current = out->current.display_name != NULL ? 1 : native == 1 && wow == 1 ? 0 : -1;
	if ((legacy == -1 || current == -1) && native == 0 && wow == 0) {
		out->basis = "connector keys";
		legacy = by_key(software, CONNECTOR_LEGACY_KEY, CONNECTOR_LEGACY_NAME, &out->legacy);
		current = by_key(software, CONNECTOR_CURRENT_KEY, CONNECTOR_CURRENT_NAME, &out->current);
	}
	if (legacy == 1 && current == 1)
		out->gen = CONN_BOTH;
	else if (legacy == 1)
		out->gen = CONN_LEGACY;
	else if (current == 1)
		out->gen = CONN_CURRENT;
	else if (legacy == 0 && current == 0)
		out->gen = CONN_NONE;
	else
		out->gen = CONN_UNKNOWN;
	if (out->gen == CONN_UNKNOWN) {
		char *cov = reg_coverage(software);

		out->unknown = xasprintf("the .reg exports of SOFTWARE hold neither the Uninstall "
					 "keys nor the connector keys (they cover: %s)", cov);
		free(cov);
	} else if ((out->gen == CONN_LEGACY && current == -1) ||
		   (out->gen == CONN_CURRENT && legacy == -1)) {
		out->unknown = xasprintf("whether the %s connector is installed too is not in the "
					 ".reg exports", out->gen == CONN_LEGACY ? "current" : "legacy");
	}
}

static void install_free(struct connector_install *i)
{
	free(i->display_name);
	free(i->version);
	free(i->keypath);
}

void connector_facts_free(struct connector_facts *c)
{
	install_free(&c->legacy);
	install_free(&c->current);
	free(c->error);
	free(c->unknown);
	memset(c, 0, sizeof(*c));
}
