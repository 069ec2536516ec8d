/* host.fqdn: every outcome. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_host_fqdn_pass(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const struct result *r;

	(void)state;
	audit_one(&a, p);
	r = only_result(&a, "host.fqdn");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "NDES01.corp.contoso.com");
	assert_non_null(strstr(r->message, "Windows Server 2022 Standard 21H2 build 20348.2340"));
	assert_non_null(strstr(r->message, "collected about 2026-05-30T14:05:42Z"));
	assert_true(r->nev >= 4);
	audit_free(&a);
	free(p);
}

static void test_host_fqdn_pass_override(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const char *paths[] = {p};
	const struct result *r;

	(void)state;
	audit_run(&a, paths, 1, "ndes.contoso.com");
	r = only_result(&a, "host.fqdn");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "given with --fqdn"));
	audit_free(&a);
	free(p);
}

static void test_host_fqdn_na_without_hostname(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-maxvalues.hiv");
	r = only_result(&a, "host.fqdn");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "no host name"));
	assert_non_null(strstr(r->message, "no readable SOFTWARE hive"));
	assert_non_null(r->remediation);
	audit_free(&a);
}

static void test_host_fqdn_ne_without_system(void **state)
{
	struct audit a;

	(void)state;
	audit_fixture(&a, "samples/healthy/registry/SOFTWARE.hiv");
	assert_int_equal(only_result(&a, "host.fqdn")->status, ST_NE);
	audit_free(&a);
}

static void test_host_fqdn_error_unreadable_system(void **state)
{
	struct audit a;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-badselect.hiv");
	assert_int_equal(only_result(&a, "host.fqdn")->status, ST_ERROR);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_fqdn_pass),
		cmocka_unit_test(test_host_fqdn_pass_override),
		cmocka_unit_test(test_host_fqdn_na_without_hostname),
		cmocka_unit_test(test_host_fqdn_ne_without_system),
		cmocka_unit_test(test_host_fqdn_error_unreadable_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
