/* The check table, the runner's ne/error decisions, ordering and the gate. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/policy.h"
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
		/* Either all of some sources, or at least one of some: not both. */
		assert_true((c->needs != 0) != (c->needs_any != 0));
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

	(void)state;
	memset(&f, 0, sizeof(f));
	for (i = 0; i < SRC__COUNT; i++) {
		f.src[i].what = fact_source_name((enum fact_source)i);
		f.src[i].state = SOURCE_ABSENT;
	}
	checks_run(&f, &l);
	assert_int_equal(l.n, check_count);
	for (i = 0; i < l.n; i++) {
		if (!(l.v[i]->check->needs & NEED(SRC_SYSTEM)))
			continue;
		assert_int_equal(l.v[i]->status, ST_NE);
		assert_non_null(strstr(l.v[i]->message, "not evaluated: the bundle has no "));
		assert_non_null(strstr(l.v[i]->message, " hive"));
	}
	result_list_free(&l);

	for (i = 0; i < SRC__COUNT; i++) {
		f.src[i].state = SOURCE_ERROR;
		f.src[i].error = (char *)"x.hiv: truncated";
	}
	checks_run(&f, &l);
	assert_int_equal(l.n, check_count);
	for (i = 0; i < l.n; i++) {
		/* Every source is unreadable: every check, whatever it needs
		 * (all of some sources or one of some), says error. */
		assert_int_equal(l.v[i]->status, ST_ERROR);
		assert_non_null(strstr(l.v[i]->message, "x.hiv: truncated"));
	}
	result_list_free(&l);
}

/* CHECK_ANY rows: alternatives. The rights checks need a security template
 * or the SECURITY hive. */
static void test_runner_needs_any(void **state)
{
	const struct check_def *c = check_find("rights.impersonate.iis_iusrs");
	struct facts f;
	struct result_list l = {0};
	const struct result *r = NULL;
	size_t i;

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->needs, 0);
	assert_int_equal(c->needs_any, NEED(SRC_SECPOL) | NEED(SRC_SECURITY));
	memset(&f, 0, sizeof(f));
	f.src[SRC_SECURITY].what = "SECURITY hive";
	f.src[SRC_SECPOL].what = "security template";

	/* Neither present: ne naming both. */
	checks_run(&f, &l);
	for (i = 0; i < l.n; i++)
		if (l.v[i]->check == c)
			r = l.v[i];
	assert_non_null(r);
	assert_int_equal(r->status, ST_NE);
	assert_string_equal(r->message, "not evaluated: the bundle has neither a SECURITY hive nor "
			    "a security template");
	result_list_free(&l);

	/* One unreadable, the other absent: error naming the unreadable one. */
	f.src[SRC_SECPOL].state = SOURCE_ERROR;
	f.src[SRC_SECPOL].error = (char *)"t.inf: line 3: section header '[' without ']'";
	checks_run(&f, &l);
	for (i = 0, r = NULL; i < l.n; i++)
		if (l.v[i]->check == c)
			r = l.v[i];
	assert_int_equal(r->status, ST_ERROR);
	assert_string_equal(r->message, "the security template could not be read: t.inf: line 3: "
			    "section header '[' without ']'");
	result_list_free(&l);

	/* One readable: the check itself runs (here it has no statement to
	 * make, so it says so in its own words). */
	f.src[SRC_SECURITY].state = SOURCE_OK;
	checks_run(&f, &l);
	for (i = 0, r = NULL; i < l.n; i++)
		if (l.v[i]->check == c)
			r = l.v[i];
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "no source in the bundle says"));
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

static const struct check_def fake_high = {.id = "z.high", .severity = SEV_HIGH, .title = "t", .needs = 1, .description = "d", .remediation = "r"};
static const struct check_def fake_low = {.id = "z.low", .severity = SEV_LOW, .title = "t", .needs = 1, .description = "d", .remediation = "r"};

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
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_MEDIUM, 0, 0}), 0);
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_LOW, 0, 0}), 1);
	emit(&hi, ST_WARN, "t", "a warning never gates");
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_MEDIUM, 0, 0}), 0);
	emit(&hi, ST_ERROR, "t", "unreadable");
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_MEDIUM, 0, 0}), 3);
	emit(&hi, ST_FAIL, "t", "high failure");
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_HIGH, 0, 0}), 1);
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_CRITICAL, 0, 0}), 3);
	result_list_free(&l);
	/* No auditable artifact at all. */
	art.status = ART_IGNORED;
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_MEDIUM, 0, 0}), 3);
	art.status = ART_ERROR;
	assert_int_equal(gate_decide(&l, &b, &(struct gate_options){SEV_MEDIUM, 0, 0}), 3);
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
		cmocka_unit_test(test_runner_needs_any),
		cmocka_unit_test(test_results_sorted_by_id_then_target),
		cmocka_unit_test(test_gate),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
