/* The fleet summary from real JSON reports (the e2e golden reports of
 * samples/broken and samples/healthy, written by ndes-audit): rows agree
 * with the reports, the worst-first order, the folded exit status, the
 * certificates that expire first (capped, sorted, one per server and
 * thumbprint), the fleet baseline, and the report names made safe and
 * unique. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "fleet/fleet-priv.h"
#include "fleet/fleet-run.h"
#include "testutil.h"

static json_t *golden(const char *name)
{
	char rel[128];
	char *p;
	struct nerr e;
	json_t *j;

	snprintf(rel, sizeof(rel), "tests/e2e/golden/%s.json", name);
	p = src_path(rel);
	nerr_clear(&e);
	j = fleet_load_report(p, &e);
	free(p);
	assert_non_null(j);
	return j;
}

static size_t json_count(json_t *rep, const char *status)
{
	return (size_t)json_integer_value(json_object_get(json_object_get(rep, "summary"), status));
}

static void init(struct fleet_summary *s, struct fleet_options *fo)
{
	struct nerr e;

	memset(fo, 0, sizeof(*fo));
	fo->tool_version = "test";
	nerr_clear(&e);
	assert_int_equal(fleet_summary_init(s, fo, &e), 0);
}

static void test_rows_agree_with_reports(void **state)
{
	struct fleet_options fo;
	struct fleet_summary s;
	json_t *broken = golden("broken"), *healthy = golden("healthy");
	size_t i, fails = 0;

	(void)state;
	init(&s, &fo);
	fleet_add_report(&s, "healthy", healthy);
	fleet_add_report(&s, "broken", broken);
	fleet_add_error(&s, "gone", 4, "killed by signal 9");
	fleet_summary_finish(&s);
	assert_int_equal(s.n, 3);
	/* worst first: the error row, the failed gate, the pass */
	assert_string_equal(s.rows[0].name, "gone");
	assert_string_equal(fleet_row_status(&s.rows[0]), "error");
	assert_string_equal(s.rows[1].name, "broken");
	assert_string_equal(fleet_row_status(&s.rows[1]), "fail");
	assert_string_equal(s.rows[2].name, "healthy");
	assert_int_equal(s.rows[1].counts[ST_FAIL], json_count(broken, "fail"));
	assert_int_equal(s.rows[1].counts[ST_WARN], json_count(broken, "warn"));
	assert_int_equal(s.rows[2].counts[ST_PASS], json_count(healthy, "pass"));
	assert_int_equal(s.rows[1].nf, json_count(broken, "fail") + json_count(broken, "warn") +
			 json_count(broken, "waived"));
	for (i = 0; i < s.rows[1].nf; i++) {
		fails += strcmp(s.rows[1].f[i].status, "fail") == 0;
		assert_int_equal(s.rows[1].f[i].fresh, -1); /* no baseline */
		if (i > 0) /* highest severity first */
			assert_true(s.rows[1].f[i - 1].sev >= s.rows[1].f[i].sev);
	}
	assert_int_equal(fails, json_count(broken, "fail"));
	assert_string_equal(s.rows[1].host, "NDES01.corp.contoso.com");
	assert_string_equal(s.as_of, "2026-06-01T00:00:00Z");
	assert_int_equal(s.schema, 1);
	assert_int_equal(fleet_exit_code(&s), 4);
	json_decref(broken);
	json_decref(healthy);
	fleet_summary_free(&s);
}

static void test_folded_exit_status(void **state)
{
	static const struct { int codes[3]; int want; } cases[] = {
		{{0, 0, 0}, 0}, {{0, 3, 0}, 3}, {{3, 1, 0}, 1}, {{1, 2, 3}, 2}, {{2, 4, 1}, 4},
	};
	size_t c, i;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct fleet_options fo;
		struct fleet_summary s;

		init(&s, &fo);
		for (i = 0; i < 3; i++) {
			char name[8];

			snprintf(name, sizeof(name), "s%zu", i);
			fleet_add_error(&s, name, cases[c].codes[i], "x");
		}
		assert_int_equal(fleet_exit_code(&s), cases[c].want);
		fleet_summary_free(&s);
	}
}

/* Thirty servers with the same certificates: at most FLEET_MAX_CERTS,
 * soonest first, each (server, thumbprint) once. */
static void test_certificates_capped_sorted_unique(void **state)
{
	struct fleet_options fo;
	struct fleet_summary s;
	json_t *rep = golden("healthy");
	size_t i, j;

	(void)state;
	init(&s, &fo);
	for (i = 0; i < 30; i++) {
		char name[16];

		snprintf(name, sizeof(name), "srv%02zu", 29 - i);
		fleet_add_report(&s, name, rep);
	}
	assert_int_equal(s.ncerts, FLEET_MAX_CERTS);
	for (i = 1; i < s.ncerts; i++) {
		int k = strcmp(s.certs[i - 1].not_after, s.certs[i].not_after);

		assert_true(k < 0 || (k == 0 && strcmp(s.certs[i - 1].server, s.certs[i].server) <= 0));
		for (j = 0; j < i; j++)
			assert_false(strcmp(s.certs[j].server, s.certs[i].server) == 0 &&
				     strcmp(s.certs[j].thumbprint, s.certs[i].thumbprint) == 0);
	}
	/* the earliest servers by name come first among equal dates */
	assert_string_equal(s.certs[0].server, "srv00");
	assert_int_equal(strlen(s.certs[0].thumbprint), 40);
	assert_non_null(strstr(s.certs[0].subject, "CN="));
	assert_null(strstr(s.certs[0].subject, "; issuer"));
	json_decref(rep);
	fleet_summary_free(&s);
}

/* A fleet JSON written from one summary is the next one's baseline. */
static void test_fleet_baseline(void **state)
{
	struct fleet_options fo, fo2;
	struct fleet_summary s, s2;
	json_t *broken = golden("broken"), *healthy = golden("healthy");
	char *dir = scratch_dir(), path[4096];
	struct nerr e;
	FILE *f;
	size_t i;

	(void)state;
	init(&s, &fo);
	fo.format = FLEET_JSON;
	fleet_add_report(&s, "a", healthy);
	fleet_add_report(&s, "b", healthy);
	fleet_summary_finish(&s);
	snprintf(path, sizeof(path), "%s/fleet.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fleet_write(f, &s), 0);
	fclose(f);
	memset(&fo2, 0, sizeof(fo2));
	fo2.baseline = path;
	nerr_clear(&e);
	assert_int_equal(fleet_summary_init(&s2, &fo2, &e), 0);
	assert_int_equal(s2.nbase, s.rows[0].nf + s.rows[1].nf);
	fleet_add_report(&s2, "a", broken);  /* a: healthy then, broken now */
	fleet_add_report(&s2, "b", healthy); /* b: unchanged */
	fleet_summary_finish(&s2);
	for (i = 0; i < s2.n; i++) {
		size_t j;

		for (j = 0; j < s2.rows[i].nf; j++) {
			const struct fleet_finding *x = &s2.rows[i].f[j];

			if (strcmp(s2.rows[i].name, "b") == 0)
				assert_int_equal(x->fresh, 0);
		}
	}
	assert_int_equal(s2.known, s.rows[0].nf + s.rows[1].nf - s2.fixed);
	assert_true(s2.fresh > 0);
	unlink(path);
	rm_rf(dir);
	free(dir);
	json_decref(broken);
	json_decref(healthy);
	fleet_summary_free(&s);
	fleet_summary_free(&s2);
}

static void test_names_safe_and_unique(void **state)
{
	static const char *const paths[] = {
		"x/a b<c>", "y/a b<c>", "z/A B<C>/", ".hidden", "..", "dir/", "/",
		"p/\xff\xfe\033[31m",
	};
	static const char *const want[] = {
		"a_b_c_", "a_b_c_-2", "A_B_C_-3", "_hidden", "bundle", "dir", "bundle-2", "____31m",
	};
	struct fleet_plan p;
	struct nerr e;
	char longname[300];
	size_t i;

	(void)state;
	memset(&p, 0, sizeof(p));
	nerr_clear(&e);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		assert_int_equal(fleet_plan_add(&p, paths[i], paths[i], &e), 0);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(fleet_plan_add(&p, longname, longname, &e), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(p.v[i].name, want[i]);
	assert_int_equal(strlen(p.v[i].name), FLEET_MAX_NAME);
	fleet_plan_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_agree_with_reports),
		cmocka_unit_test(test_folded_exit_status),
		cmocka_unit_test(test_certificates_capped_sorted_unique),
		cmocka_unit_test(test_fleet_baseline),
		cmocka_unit_test(test_names_safe_and_unique),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
