/* Group Policy files beyond certificates (issue 13.5): a GPO's
 * registry.pol that sets a Policies value a check reads overrides the
 * SOFTWARE hive's, and the GPO is named by the displayName of the GPT.INI
 * beside it. The registry.pol files are written here in the PReg format
 * the Group Policy editor writes; the real one of a published GPO backup
 * is read when ../shared/realworld is there. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define GUID "{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}"
#define AUTHROOT "Software\\Policies\\Microsoft\\SystemCertificates\\AuthRoot"
#define GPTINI "[General]\r\nVersion=65538\r\ndisplayName=NDES baseline\r\n"

struct pol {
	unsigned char buf[4096];
	unsigned char *p;
};

static void u16s(struct pol *w, const char *ascii)
{
	for (; *ascii != '\0'; ascii++) {
		*w->p++ = (unsigned char)*ascii;
		*w->p++ = 0;
	}
}

static void u32(struct pol *w, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		*w->p++ = (unsigned char)(v >> (8 * i));
}

/* One [key;value;type;size;data] entry, names NUL-terminated. */
static void entry(struct pol *w, const char *key, const char *value, uint32_t type,
		  const void *data, uint32_t n)
{
	u16s(w, "[");
	u16s(w, key);
	u16s(w, "");
	*w->p++ = 0;
	*w->p++ = 0;
	u16s(w, ";");
	u16s(w, value);
	*w->p++ = 0;
	*w->p++ = 0;
	u16s(w, ";");
	u32(w, type);
	u16s(w, ";");
	u32(w, n);
	u16s(w, ";");
	memcpy(w->p, data, n);
	w->p += n;
	u16s(w, "]");
}

/* A bundle: the healthy (or another sample's) hives, and GPO GUID with a
 * registry.pol setting DisableRootAutoUpdate (value name given, so that
 * "**del.DisableRootAutoUpdate" deletes it) and, when gptini is not NULL,
 * a GPT.INI. */
static char *stage(const char *sample, const char *value, uint32_t data, const char *gptini)
{
	char *dir = scratch_dir(), *machine = xasprintf("%s/Policies/" GUID "/Machine", dir);
	char *pol = xasprintf("%s/registry.pol", machine), *sw, *sys, *hive;
	struct pol w;
	uint8_t d[4] = {(uint8_t)data, (uint8_t)(data >> 8), (uint8_t)(data >> 16),
			(uint8_t)(data >> 24)};

	make_dirs(machine);
	hive = xasprintf("samples/%s/registry/SOFTWARE.hiv", sample);
	sw = copy_fixture(hive, dir, "SOFTWARE.hiv");
	free(hive);
	hive = xasprintf("samples/%s/registry/SYSTEM.hiv", sample);
	sys = copy_fixture(hive, dir, "SYSTEM.hiv");
	free(hive);
	w.p = w.buf;
	memcpy(w.p, "PReg\1\0\0\0", 8);
	w.p += 8;
	entry(&w, AUTHROOT, value, 4 /* REG_DWORD */, d, 4);
	write_file(pol, w.buf, (size_t)(w.p - w.buf));
	if (gptini != NULL) {
		char *ini = xasprintf("%s/Policies/" GUID "/GPT.INI", dir);

		write_file(ini, gptini, strlen(gptini));
		free(ini);
	}
	free(machine);
	free(pol);
	free(sw);
	free(sys);
	return dir;
}

static int has_ev(const struct result *r, const char *loc_part, const char *value_part)
{
	size_t i;

	for (i = 0; i < r->nev; i++)
		if (r->ev[i].location != NULL && strstr(r->ev[i].location, loc_part) != NULL &&
		    (value_part == NULL ||
		     (r->ev[i].value != NULL && strstr(r->ev[i].value, value_part) != NULL)))
			return 1;
	return 0;
}

static const struct artifact *art_named(const struct audit *a, const char *suffix)
{
	size_t i;

	for (i = 0; i < a->bundle.n; i++)
		if (ascii_casesuffix(a->bundle.arts[i].path, suffix))
			return &a->bundle.arts[i];
	fail_msg("no artifact ending in %s", suffix);
	return NULL;
}

/* The healthy hive has no DisableRootAutoUpdate; the GPO sets 1. */
static void test_gpo_value_overrides_hive(void **state)
{
	char *dir = stage("healthy", "DisableRootAutoUpdate", 1, GPTINI);
	struct audit a;
	const struct result *r;
	const struct artifact *ini;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "trust.root_autoupdate");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "GPO " GUID " (NDES baseline) pushes"));
	assert_true(has_ev(r, "GPO " GUID " (NDES baseline), entry at byte offset 8: " AUTHROOT
			   "\\DisableRootAutoUpdate", "1 (0x1)"));
	assert_true(has_ev(r, "Policies\\Microsoft\\SystemCertificates\\AuthRoot\\DisableRootAutoUpdate",
			   "(absent) (the local value in the hive"));
	ini = art_named(&a, "/GPT.INI");
	assert_int_equal(ini->kind, ART_GPO_GPTINI);
	assert_non_null(strstr(ini->note, "\"NDES baseline\""));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

/* The broken sample's hive sets 1; the GPO deletes the value (**del.):
 * what the GPO leaves is no value, so the update stays on. Without a
 * GPT.INI the GPO is named by its {GUID} alone. */
static void test_gpo_deletes_value(void **state)
{
	char *dir = stage("broken", "**del.DisableRootAutoUpdate", 0, NULL);
	struct audit a;
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "trust.root_autoupdate");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_ev(r, "GPO " GUID ", entry at byte offset 8", "(absent)"));
	assert_true(has_ev(r, "AuthRoot\\DisableRootAutoUpdate", "1 (0x1) (the local value"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

/* A GPT.INI that is not text: an error on that file, nothing else lost. */
static void test_gptini_binary_is_error(void **state)
{
	char *dir = stage("healthy", "DisableRootAutoUpdate", 0, NULL);
	char *ini = xasprintf("%s/Policies/" GUID "/GPT.INI", dir);
	static const char bad[] = "[General]\r\ndisplayName=x\0y\r\n";
	struct audit a;
	const struct artifact *art;
	const struct result *r;

	(void)state;
	write_file(ini, bad, sizeof(bad) - 1);
	audit_one(&a, dir);
	art = art_named(&a, "/GPT.INI");
	assert_int_equal(art->status, ART_ERROR);
	assert_non_null(strstr(art->error, "GPT.INI: a NUL byte"));
	r = only_result(&a, "trust.root_autoupdate");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_ev(r, "GPO " GUID ", entry at byte offset 8", "0 (0x0)"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(ini);
}

/* The real registry.pol of a published GPO backup (certificate Blobs and
 * empty store keys, no AuthRoot value) with a GPT.INI beside it: its
 * certificates carry the GPO's name, and the AuthRoot value stays the
 * hive's. */
static void test_realworld_registry_pol(void **state)
{
	char *dir = scratch_dir();
	struct audit a;
	const struct result *r;
	size_t i, named = 0;

	(void)state;
	if (stage_realworld_gpo(dir, "DoD Certificates") != 0) {
		rm_rf(dir);
		free(dir);
		skip(); /* ../shared/realworld/gpo/ absent */
	}
	audit_one(&a, dir);
	for (i = 0; i < a.facts.certs.nplaces; i++)
		if (a.facts.certs.places[i].location != NULL &&
		    strstr(a.facts.certs.places[i].location,
			   "GPO " REALWORLD_GPO_GUID " (DoD Certificates), entry") != NULL)
			named++;
	assert_int_equal(named, 37);
	r = only_result(&a, "trust.root_autoupdate");
	assert_int_equal(r->status, ST_PASS);
	assert_null(a.facts.reg[RF_ROOT_AUTOUPDATE].gpo);
	assert_true(has_ev(r, "Policies\\Microsoft\\SystemCertificates\\AuthRoot\\DisableRootAutoUpdate",
			   "(absent)"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpo_value_overrides_hive),
		cmocka_unit_test(test_gpo_deletes_value),
		cmocka_unit_test(test_gptini_binary_is_error),
		cmocka_unit_test(test_realworld_registry_pol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
