/* Check selection (--check, --skip), --explain's suggestions, the report
 * filter (--severity) and report-only (--fail-on none): issue 16.4. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static size_t count_prefix(const char *prefix)
{
	size_t i, n = 0;

	for (i = 0; i < check_count; i++)
		n += strncmp(check_table[i].id, prefix, strlen(prefix)) == 0;
	return n;
}

static void test_selection_globs(void **state)
{
	char *inc[] = {(char *)"httpsys.*", (char *)"host.fqdn"};
	char *exc[] = {(char *)"httpsys.tls_binding"};
	struct check_selection sel = {inc, 2, exc, 1}, none = {NULL, 0, exc, 1};
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < check_count; i++)
		n += check_selected(&sel, &check_table[i]);
	assert_int_equal(n, count_prefix("httpsys.") - 1 + 1);
	assert_true(check_selected(&sel, check_find("httpsys.max_field_length")));
	assert_false(check_selected(&sel, check_find("httpsys.tls_binding")));
	assert_false(check_selected(&sel, check_find("ra.present")));
	/* No include pattern: everything but the excluded. */
	assert_true(check_selected(&none, check_find("ra.present")));
	assert_false(check_selected(&none, check_find("httpsys.tls_binding")));
	assert_true(check_selected(NULL, check_find("httpsys.tls_binding")));
	/* The glob covers the whole ID: "httpsys" alone is no pattern for the area. */
	assert_int_equal(check_pattern_matches("httpsys"), 0);
	assert_int_equal(check_pattern_matches("httpsys.*"), count_prefix("httpsys."));
	assert_int_equal(check_pattern_matches("*"), check_count);
}

static void test_suggest(void **state)
{
	const struct check_def *near[4];
	size_t n;

	(void)state;
	/* A prefix, any case. */
	n = check_suggest("HTTPSYS.MAX", near, 4);
	assert_int_equal(n, 2);
	assert_string_equal(near[0]->id, "httpsys.max_field_length");
	assert_string_equal(near[1]->id, "httpsys.max_request_bytes");
	/* One transposition is two edits. */
	n = check_suggest("httpsys.max_feild_length", near, 4);
	assert_true(n >= 1);
	assert_string_equal(near[0]->id, "httpsys.max_field_length");
	/* The closest first. */
	n = check_suggest("ra.isuer", near, 4);
	assert_true(n >= 1);
	assert_string_equal(near[0]->id, "ra.issuer");
	/* The cap is kept, and nothing near gives nothing. */
	assert_int_equal(check_suggest("", near, 4), 0);
	assert_int_equal(check_suggest("trust.", near, 1), 1);
	assert_int_equal(check_suggest("qqqqqqqqqqqq", near, 4), 0);
}

static void test_run_selected_and_filter(void **state)
{
	struct audit a;
	char *inc[] = {(char *)"host.*"};
	struct check_selection sel = {inc, 1, NULL, 0};
	struct result_list l = {0}, view;
	struct gate_options g = {SEV_MEDIUM, 0, 0};
	size_t skipped, hidden, i, nlow = 0;
	int rc;

	(void)state;
	audit_sample(&a, "broken");
	checks_run_selected(&a.facts, &sel, &l, &skipped);
	assert_int_equal(skipped, check_count - count_prefix("host."));
	assert_true(l.n >= count_prefix("host."));
	for (i = 0; i < l.n; i++) {
		assert_int_equal(strncmp(l.v[i]->check->id, "host.", 5), 0);
		nlow += l.v[i]->check->severity < SEV_HIGH;
	}
	rc = gate_decide(&l, &a.bundle, &g);
	assert_int_equal(rc, 1); /* host.not_ca, medium, fails */
	/* --severity high hides the medium failure from the report, not the gate. */
	results_at_least(&l, SEV_HIGH, &view, &hidden);
	assert_int_equal(hidden, nlow);
	assert_int_equal(view.n + hidden, l.n);
	for (i = 0; i < view.n; i++)
		assert_true(view.v[i]->check->severity >= SEV_HIGH);
	assert_int_equal(gate_exit_code(&l, &a.bundle), 1);
	free(view.v);
	/* Report only: nothing gates, and the exit status says so. */
	assert_int_equal(gate_decide_none(&l, &a.bundle), 0);
	for (i = 0; i < l.n; i++)
		assert_false(l.v[i]->gates);
	result_list_free(&l);
	audit_free(&a);
}

/* Every check has a reference page from the one table (issue 16.2); every
 * key of the table names at least one check, so no row is dead. */
static void test_help_uris(void **state)
{
	const char *p;
	size_t i, j;

	(void)state;
	for (i = 0; i < check_count; i++) {
		const char *u = check_help_uri(&check_table[i]);

		assert_non_null(u);
		assert_true(strncmp(u, "https://learn.microsoft.com/en-us/", 34) == 0 ||
			    strncmp(u, "https://docs.microsoft.com/en-us/", 33) == 0);
		assert_null(strpbrk(u, " \"<>"));
	}
	for (j = 0; (p = check_help_prefix(j)) != NULL; j++) {
		size_t n = 0;

		for (i = 0; i < check_count; i++)
			n += strncmp(check_table[i].id, p, strlen(p)) == 0;
		assert_true(n > 0);
	}
	assert_true(j >= 5);
	/* The longest prefix wins. */
	assert_non_null(strstr(check_help_uri(check_find("httpsys.max_field_length")),
			       "httpsys-registry-windows"));
	assert_non_null(strstr(check_help_uri(check_find("iis.request_limits.max_url")),
			       "requestlimits"));
	assert_non_null(strstr(check_help_uri(check_find("connector.installed")),
			       "certificate-connector-overview"));
	assert_non_null(strstr(check_help_uri(check_find("rights.impersonate.iis_iusrs")),
			       "dn221967"));
	assert_non_null(strstr(check_help_uri(check_find("log.iis.mscep_status")),
			       "troubleshoot-scep-certificate-device-to-ndes"));
	assert_non_null(strstr(check_help_uri(check_find("ra.present")), "certificates-scep-configure"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection_globs),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_run_selected_and_filter),
		cmocka_unit_test(test_help_uris),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
