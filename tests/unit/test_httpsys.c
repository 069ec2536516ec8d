/* HTTP.sys checks: every outcome of httpsys.max_field_length,
 * httpsys.max_request_bytes and httpsys.tls_binding, on real hives. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

static int has_evidence_exact(const struct result *r, const char *location_part, const char *value)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		if (e->location != NULL && strstr(e->location, location_part) != NULL &&
		    (value == NULL || (e->value != NULL && strcmp(e->value, value) == 0)))
			return 1;
	}
	return 0;
}

static void test_max_field_length_pass(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const struct result *r;

	(void)state;
	audit_one(&a, p);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence_exact(r, "ControlSet001\\Services\\HTTP\\Parameters\\MaxFieldLength",
				 "65534 (0xfffe)"));
	audit_free(&a);
	free(p);
}

static void test_max_field_length_fail_absent_current_control_set(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken");
	const struct result *r;

	(void)state;
	/* ControlSet001 holds 65534, but Select\Current is 2. */
	audit_one(&a, p);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not set in ControlSet002"));
	assert_true(has_evidence_exact(r, "ControlSet002\\Services\\HTTP\\Parameters\\MaxFieldLength",
				 "(absent)"));
	assert_non_null(r->remediation);
	audit_free(&a);
	free(p);
}

static void test_max_field_length_fail_wrong_type(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "REG_SZ"));
	assert_true(has_evidence_exact(r, "MaxFieldLength", "\"65534\""));
	audit_free(&a);
}

static void test_max_field_length_fail_out_of_range(void **state)
{
	struct audit a;
	char *hive, *dir = stage_fixture("tests/fixtures/hives/system-maxvalues.hiv", &hive);
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "65535"));
	assert_non_null(strstr(r->message, "outside the valid range"));
	audit_free(&a);

	/* Below 64 is invalid too. */
	assert_int_equal(patch_inline_dword(hive, "MaxFieldLength", 63), 1);
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "outside the valid range"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
}

static void test_max_field_length_fail_too_small(void **state)
{
	struct audit a;
	char *hive, *dir = stage_fixture("samples/healthy/registry/SYSTEM.hiv", &hive);
	const struct result *r;

	(void)state;
	assert_int_equal(patch_inline_dword(hive, "MaxFieldLength", 16384), 1);
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "SCEP needs 65534"));
	assert_true(has_evidence_exact(r, "MaxFieldLength", "16384 (0x4000)"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
}

static void test_max_field_length_ne_without_system(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "SYSTEM hive"));
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_NE);
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_NE);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sw);
}

static void test_httpsys_error_bad_control_set(void **state)
{
	struct audit a;
	const char *ids[] = {"httpsys.max_field_length", "httpsys.max_request_bytes",
			     "httpsys.tls_binding"};
	size_t i;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-badselect.hiv");
	for (i = 0; i < 3; i++) {
		const struct result *r = only_result(&a, ids[i]);

		assert_int_equal(r->status, ST_ERROR);
		assert_non_null(strstr(r->message, "ControlSet003"));
		assert_non_null(strstr(r->message, a.bundle.arts[0].path));
	}
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
}

static void test_httpsys_error_truncated_hive(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *from = src_path("samples/broken/registry/SYSTEM.hiv");
	char *to = xasprintf("%s/SYSTEM.hiv", dir);
	size_t n;
	void *data = read_all(from, &n);
	const struct result *r;

	(void)state;
	write_file(to, data, 4096 + 2048);
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, to));
	assert_non_null(strstr(r->message, "truncated"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(to);
	free(data);
}

static void test_max_request_bytes_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* 16777216 is the documented maximum: valid, and above 65534. */
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	r = only_result(&a, "httpsys.max_request_bytes");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence_exact(r, "MaxRequestBytes", "16777216 (0x1000000)"));
	audit_free(&a);
}

static void test_max_request_bytes_pass_numeric_not_string(void **state)
{
	struct audit a;

	(void)state;
	/* 70000 is not the string "65534", but it is enough. */
	audit_fixture(&a, "tests/fixtures/hives/system-maxvalues.hiv");
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_PASS);
	audit_free(&a);
}

static void test_max_request_bytes_fail(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken");
	const struct result *r;

	(void)state;
	audit_one(&a, p);
	r = only_result(&a, "httpsys.max_request_bytes");
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_evidence_exact(r, "ControlSet002\\Services\\HTTP\\Parameters\\MaxRequestBytes",
				 "16384 (0x4000)"));
	audit_free(&a);
	free(p);
}

static void test_max_request_bytes_fail_above_maximum(void **state)
{
	struct audit a;
	char *hive, *dir = stage_fixture("samples/healthy/registry/SYSTEM.hiv", &hive);
	const struct result *r;

	(void)state;
	assert_int_equal(patch_inline_dword(hive, "MaxRequestBytes", 16777217), 1);
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_request_bytes");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "above the valid maximum"));
	audit_free(&a);
	/* 65533: one short. */
	assert_int_equal(patch_inline_dword(hive, "MaxRequestBytes", 65533), 1);
	audit_one(&a, dir);
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_FAIL);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
}

static void test_tls_binding_pass(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const struct result *r;

	(void)state;
	audit_one(&a, p);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "SslBindingInfo\\0.0.0.0:443");
	assert_non_null(strstr(r->message, "0C2ABD48FBAA91D08E6335D2537749BB403F983A"));
	assert_non_null(strstr(r->message, "store MY"));
	assert_true(has_evidence_exact(r, "SslBindingInfo\\0.0.0.0:443\\SslCertHash",
				 "0C2ABD48FBAA91D08E6335D2537749BB403F983A"));
	assert_true(has_evidence_exact(r, "SslCertStoreName", "MY"));
	audit_free(&a);
	free(p);
}

static void test_tls_binding_fail_only_other_port(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken");
	const struct result *r;

	(void)state;
	/* ControlSet001 has a 443 binding; the current set has only 8443. */
	audit_one(&a, p);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "ControlSet002"));
	assert_non_null(strstr(r->message, "0.0.0.0:8443"));
	audit_free(&a);
	free(p);
}

static void test_tls_binding_fail_short_hash_and_pass_sni(void **state)
{
	struct audit a;
	const struct result *bad, *sni;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	bad = find_result(&a, "httpsys.tls_binding", "SslBindingInfo\\0.0.0.0:443");
	sni = find_result(&a, "httpsys.tls_binding", "SslSniBindingInfo\\ndes.contoso.com:443");
	assert_non_null(bad);
	assert_non_null(sni);
	assert_int_equal(bad->status, ST_FAIL);
	assert_non_null(strstr(bad->message, "19 bytes"));
	assert_int_equal(sni->status, ST_PASS);
	assert_non_null(strstr(sni->message, "5B7E2C9A1D4F8E3B6A0C7D2E9F1B4A8C3D6E0F25"));
	assert_non_null(strstr(sni->message, "SslCertStoreName absent"));
	assert_int_equal(count_results(&a, "httpsys.tls_binding", ST_PASS), 1);
	assert_int_equal(count_results(&a, "httpsys.tls_binding", ST_FAIL), 1);
	audit_free(&a);
}

static void test_tls_binding_pass_central_store(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-maxvalues.hiv");
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "Central Certificate Store"));
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_field_length_pass),
		cmocka_unit_test(test_max_field_length_fail_absent_current_control_set),
		cmocka_unit_test(test_max_field_length_fail_wrong_type),
		cmocka_unit_test(test_max_field_length_fail_out_of_range),
		cmocka_unit_test(test_max_field_length_fail_too_small),
		cmocka_unit_test(test_max_field_length_ne_without_system),
		cmocka_unit_test(test_httpsys_error_bad_control_set),
		cmocka_unit_test(test_httpsys_error_truncated_hive),
		cmocka_unit_test(test_max_request_bytes_pass),
		cmocka_unit_test(test_max_request_bytes_pass_numeric_not_string),
		cmocka_unit_test(test_max_request_bytes_fail),
		cmocka_unit_test(test_max_request_bytes_fail_above_maximum),
		cmocka_unit_test(test_tls_binding_pass),
		cmocka_unit_test(test_tls_binding_fail_only_other_port),
		cmocka_unit_test(test_tls_binding_fail_short_hash_and_pass_sni),
		cmocka_unit_test(test_tls_binding_pass_central_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
