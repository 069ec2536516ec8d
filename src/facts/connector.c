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

static void scan(const struct regsrc *r, const char *root, struct connector_facts *out)
{
	struct strlist keys = {0};
	struct nerr e;
	size_t i;
	int rc;

	nerr_clear(&e);
	rc = reg_subkeys(r, root, &keys, &e);
	if (rc == -1 && out->error == NULL)
		out->error = xstrdup(e.msg);
	for (i = 0; rc == 1 && i < keys.n; i++) {
		char *key = xasprintf("%s\\%s", root, keys.v[i]), *name = NULL;
		struct connector_install *slot = NULL;

		if (reg_string(r, key, "DisplayName", &name, &e) == 1) {
			if (name_is(name, CONNECTOR_LEGACY_NAME))
				slot = &out->legacy;
			else if (name_is(name, CONNECTOR_CURRENT_NAME))
				slot = &out->current;
		}
		if (slot != NULL && slot->display_name == NULL) {
			slot->display_name = name;
			slot->keypath = key;
			name = key = NULL;
			if (reg_string(r, slot->keypath, "DisplayVersion", &slot->version, &e) != 1) {
				free(slot->version);
				slot->version = NULL;
			}
		}
		free(name);
		free(key);
	}
	strlist_free(&keys);
}

void connector_detect(const struct regsrc *software, struct connector_facts *out)
{
	memset(out, 0, sizeof(*out));
	if (software == NULL || software->hive == NULL) {
		out->gen = CONN_UNKNOWN;
		return;
	}
	out->artifact = software->artifact;
	scan(software, "Microsoft\\Windows\\CurrentVersion\\Uninstall", out);
	scan(software, "WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall", out);
	if (out->legacy.display_name != NULL && out->current.display_name != NULL)
		out->gen = CONN_BOTH;
	else if (out->legacy.display_name != NULL)
		out->gen = CONN_LEGACY;
	else if (out->current.display_name != NULL)
		out->gen = CONN_CURRENT;
	else
		out->gen = CONN_NONE;
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
	memset(c, 0, sizeof(*c));
}
