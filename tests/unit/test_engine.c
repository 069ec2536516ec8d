/* The check table, the runner's ne/error decisions, ordering and the gate. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static void test_table_sane(void **state)
{
	size_t i, j;

	(void)state;
	assert_true(check_count >= 4);
	for (i = 0; i < check_count; i++) {
		const struct check_def *c = &check_table[i];

		assert_non_null(c->fn);
		assert_true(strlen(c->title) > 10);
		assert_true(strlen(c->description) > 40);
		assert_true(strlen(c->remediation) > 10);
		assert_true(c->severity >= SEV_INFO && c->severity <= SEV_CRITICAL);
		assert_true(c->needs != 0);
		for (j = 0; c->id[j] != '\0'; j++)
			assert_true((c->id[j] >= 'a' && c->id[j] <= 'z') || c->id[j] == '.' ||
				    c->id[j] == '_' || (c->id[j] >= '0' && c->id[j] <= '9'));
		if (i > 0)
			assert_true(strcmp(check_table[i - 1].id, c->id) < 0); /* sorted, unique */
		assert_ptr_equal(check_find(c->id), c);
	}
	assert_null(check_find("httpsys.nope"));
}

static void test_runner_ne_and_error_from_sources(void **state)
{
	struct facts f;
	struct result_list l = {0};
	size_t i;
	unsigned s;

	(void)state;
	memset(&f, 0, sizeof(f));
	for (s = 0; s < SRC__COUNT; s++) {
		f.src[s].what = fact_source_name((enum fact_source)s);
		f.src[s].state = SOURCE_ABSENT;
	}
	checks_run(&f, &l);
	assert_int_equal(l.n, check_count);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i]->status, ST_NE);
		if (l.v[i]->check->needs & NEED(SRC_SYSTEM))
			assert_non_null(strstr(l.v[i]->message, "no SYSTEM hive"));
	}
	result_list_free(&l);

	f.src[SRC_SYSTEM].state = SOURCE_ERROR;
	f.src[SRC_SYSTEM].error = (char *)"x.hiv: truncated";
	checks_run(&f, &l);
	for (i = 0; i < l.n; i++) {
		if (!(l.v[i]->check->needs & NEED(SRC_SYSTEM))) {
			assert_int_equal(l.v[i]->status, ST_NE); /* their sources are absent */
			continue;
		}
		assert_int_equal(l.v[i]->status, ST_ERROR);
		assert_non_null(strstr(l.v[i]->message, "x.hiv: truncated"));
	}
	result_list_free(&l);
}

static void test_results_sorted_by_id_then_target(void **state)
{
	struct audit a;
	size_t i;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	for (i = 1; i < a.results.n; i++) {
		const struct result *p = a.results.v[i - 1], *q = a.results.v[i];
		int c = strcmp(p->check->id, q->check->id);

		assert_true(c < 0 || (c == 0 && strcmp(p->target, q->target) <= 0));
	}
	audit_free(&a);
}

static const struct check_def fake_high = {"z.high", SEV_HIGH, "t", 1, NULL, "d", "r"};
static const struct check_def fake_low = {"z.low", SEV_LOW, "t", 1, NULL, "d", "r"};

static void test_gate(void **state)
{
	struct result_list l = {0};
	struct emitter hi = {&l, &fake_high, 0}, lo = {&l, &fake_low, 0};
	struct bundle b;
	struct artifact art;

	(void)state;
	memset(&art, 0, sizeof(art));
	art.status = ART_OK;
	b.arts = &art;
	b.n = b.cap = 1;
	emit(&lo, ST_FAIL, "t", "low failure");
	assert_int_equal(gate_exit_code(&l, &b, SEV_MEDIUM), 0);
	assert_int_equal(gate_exit_code(&l, &b, SEV_LOW), 1);
	emit(&hi, ST_WARN, "t", "a warning never gates");
	assert_int_equal(gate_exit_code(&l, &b, SEV_MEDIUM), 0);
	emit(&hi, ST_ERROR, "t", "unreadable");
	assert_int_equal(gate_exit_code(&l, &b, SEV_MEDIUM), 3);
	emit(&hi, ST_FAIL, "t", "high failure");
	assert_int_equal(gate_exit_code(&l, &b, SEV_HIGH), 1);
	assert_int_equal(gate_exit_code(&l, &b, SEV_CRITICAL), 3);
	result_list_free(&l);
	/* No auditable artifact at all. */
	art.status = ART_IGNORED;
	assert_int_equal(gate_exit_code(&l, &b, SEV_MEDIUM), 3);
	art.status = ART_ERROR;
	assert_int_equal(gate_exit_code(&l, &b, SEV_MEDIUM), 3);
}

static void test_names(void **state)
{
	enum severity s;

	(void)state;
	assert_int_equal(severity_parse("critical", &s), 0);
	assert_int_equal(s, SEV_CRITICAL);
	assert_int_equal(severity_parse("High", &s), -1);
	assert_string_equal(status_name(ST_NE), "ne");
	assert_string_equal(status_name(ST_WAIVED), "waived");
	assert_string_equal(severity_name(SEV_MEDIUM), "medium");
	assert_string_equal(artifact_kind_name(ART_HIVE_SYSTEM), "hive.system");
	assert_string_equal(artifact_status_name(ART_IGNORED), "ignored");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sane),
		cmocka_unit_test(test_runner_ne_and_error_from_sources),
		cmocka_unit_test(test_results_sorted_by_id_then_target),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
