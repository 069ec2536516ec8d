/* Host configuration checks: every outcome of host.not_ca, host.dotnet,
 * host.ie_esc and trust.root_autoupdate, from hives and .reg exports. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define HDR "Windows Registry Editor Version 5.00\n\n"
#define CCS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
#define SW "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
#define PRODUCT(v) "[" CCS "Control\\ProductOptions]\n\"ProductType\"=" v "\n\n"
#define NDP "[" SW "Microsoft\\NET Framework Setup\\NDP\\v4\\Full]\n"
#define ESC "[" SW "Microsoft\\Active Setup\\Installed Components\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}]\n"
#define AUTHROOT "[" SW "Policies\\Microsoft\\SystemCertificates\\AuthRoot]\n"

static enum status status_of(const struct audit *a, const char *id, const char *target)
{
	const struct result *r = find_result(a, id, target);

	assert_non_null(r);
	return r->status;
}

/* -------------------------------------------------------------- host.not_ca */

static void test_not_ca_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(status_of(&a, "host.not_ca", "CertSvc"), ST_PASS);
	assert_int_equal(status_of(&a, "host.not_ca", "ProductType"), ST_PASS);
	assert_true(has_evidence(find_result(&a, "host.not_ca", "ProductType"),
				 "ControlSet001\\Control\\ProductOptions\\ProductType", "ServerNT"));
	audit_free(&a);
}

static void test_not_ca_fail_ca(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* CertSvc is in the current control set only; the stale one has none. */
	audit_sample(&a, "broken");
	r = find_result(&a, "host.not_ca", "CertSvc");
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_evidence(r, "ControlSet002\\Services\\CertSvc", "(present)"));
	assert_non_null(r->remediation);
	audit_free(&a);
}

static void test_not_ca_fail_domain_controller(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, HDR "[" CCS "Services]\n\n" PRODUCT("\"LanmanNT\""), NULL);
	r = find_result(&a, "host.not_ca", "ProductType");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "domain controller"));
	assert_int_equal(status_of(&a, "host.not_ca", "CertSvc"), ST_PASS);
	audit_free(&a);
}

static void test_not_ca_ne(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");

	(void)state;
	audit_one(&a, p);
	assert_int_equal(status_of(&a, "host.not_ca", "CertSvc"), ST_NE);
	assert_int_equal(status_of(&a, "host.not_ca", "ProductType"), ST_NE);
	audit_free(&a);
	free(p);
	/* ProductType not recorded, or not a string. */
	audit_reg_texts(&a, HDR "[" CCS "Control\\ProductOptions]\n\n", NULL);
	assert_int_equal(status_of(&a, "host.not_ca", "ProductType"), ST_NE);
	assert_non_null(strstr(find_result(&a, "host.not_ca", "ProductType")->message, "not recorded"));
	audit_free(&a);
	audit_reg_texts(&a, HDR PRODUCT("dword:00000001"), NULL);
	assert_int_equal(status_of(&a, "host.not_ca", "ProductType"), ST_NE);
	audit_free(&a);
}

static void test_not_ca_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, HDR PRODUCT("\"ServerNT"), NULL);
	assert_int_equal(status_of(&a, "host.not_ca", "ProductType"), ST_ERROR);
	audit_free(&a);
}

/* -------------------------------------------------------------- host.dotnet */

static void test_dotnet_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "host.dotnet");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, ".NET Framework 4.8 is installed (Release 528449)"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR NDP "\"Release\"=dword:00070bf0\n\n"); /* 461808: 4.7.2 exactly */
	assert_int_equal(only_result(&a, "host.dotnet")->status, ST_PASS);
	assert_non_null(strstr(only_result(&a, "host.dotnet")->message, "4.7.2"));
	audit_free(&a);
}

static void test_dotnet_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, "host.dotnet");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, ".NET Framework 4.7 is installed (Release 460805)"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR NDP "\"Release\"=dword:00070bef\n\n"); /* 461807 */
	assert_int_equal(only_result(&a, "host.dotnet")->status, ST_FAIL);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR "[" SW "Microsoft\\NET Framework Setup\\NDP]\n\n");
	assert_non_null(strstr(only_result(&a, "host.dotnet")->message, "no NDP\\v4\\Full key"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR NDP "\"Release\"=\"528449\"\n\n");
	assert_non_null(strstr(only_result(&a, "host.dotnet")->message, "stored as REG_SZ"));
	audit_free(&a);
}

static void test_dotnet_ne_and_error(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");

	(void)state;
	audit_one(&a, p);
	assert_int_equal(only_result(&a, "host.dotnet")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "host.dotnet")->message, "NET Framework Setup"));
	audit_free(&a);
	free(p);
	audit_reg_texts(&a, NULL, HDR NDP "\"Release\"=hex(4):41,10,08\\\n");
	assert_int_equal(only_result(&a, "host.dotnet")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "host.dotnet")->message, "past the end of the file"));
	audit_free(&a);
}

/* -------------------------------------------------------------- host.ie_esc */

static void test_ie_esc_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_PASS);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR ESC "\n");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_PASS);
	assert_non_null(strstr(only_result(&a, "host.ie_esc")->message, "no IsInstalled"));
	audit_free(&a);
}

static void test_ie_esc_fail(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "broken");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_FAIL);
	assert_true(has_evidence(only_result(&a, "host.ie_esc"), "IsInstalled", "1 (0x1)"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR ESC "\"IsInstalled\"=\"0\"\n\n");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_FAIL);
	audit_free(&a);
}

static void test_ie_esc_na(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR "[" SW "Microsoft\\Active Setup\\Installed Components]\n\n");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_NA);
	audit_free(&a);
}

static void test_ie_esc_ne_and_error(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");

	(void)state;
	audit_one(&a, p);
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_NE);
	audit_free(&a);
	free(p);
	audit_reg_texts(&a, NULL, HDR ESC "\"IsInstalled\"=qword:1\n\n");
	assert_int_equal(only_result(&a, "host.ie_esc")->status, ST_ERROR);
	audit_free(&a);
}

/* ---------------------------------------------------- trust.root_autoupdate */

static void test_root_autoupdate_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "trust.root_autoupdate")->status, ST_PASS);
	assert_non_null(strstr(only_result(&a, "trust.root_autoupdate")->message, "no policy"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR AUTHROOT "\"DisableRootAutoUpdate\"=dword:00000000\n\n");
	assert_int_equal(only_result(&a, "trust.root_autoupdate")->status, ST_PASS);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR AUTHROOT "\"DisableRootAutoUpdate\"=\"1\"\n\n");
	assert_int_equal(only_result(&a, "trust.root_autoupdate")->status, ST_PASS);
	assert_non_null(strstr(only_result(&a, "trust.root_autoupdate")->message, "stored as REG_SZ"));
	audit_free(&a);
}

static void test_root_autoupdate_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, "trust.root_autoupdate");
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_evidence(r, "AuthRoot\\DisableRootAutoUpdate", "1 (0x1)"));
	assert_non_null(r->remediation);
	audit_free(&a);
}

static void test_root_autoupdate_ne_and_error(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");

	(void)state;
	audit_one(&a, p);
	assert_int_equal(only_result(&a, "trust.root_autoupdate")->status, ST_NE);
	audit_free(&a);
	free(p);
	audit_reg_texts(&a, NULL, HDR AUTHROOT "\"DisableRootAutoUpdate\"=dword:1x\n\n");
	assert_int_equal(only_result(&a, "trust.root_autoupdate")->status, ST_ERROR);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_ca_pass),
		cmocka_unit_test(test_not_ca_fail_ca),
		cmocka_unit_test(test_not_ca_fail_domain_controller),
		cmocka_unit_test(test_not_ca_ne),
		cmocka_unit_test(test_not_ca_error),
		cmocka_unit_test(test_dotnet_pass),
		cmocka_unit_test(test_dotnet_fail),
		cmocka_unit_test(test_dotnet_ne_and_error),
		cmocka_unit_test(test_ie_esc_pass),
		cmocka_unit_test(test_ie_esc_fail),
		cmocka_unit_test(test_ie_esc_na),
		cmocka_unit_test(test_ie_esc_ne_and_error),
		cmocka_unit_test(test_root_autoupdate_pass),
		cmocka_unit_test(test_root_autoupdate_fail),
		cmocka_unit_test(test_root_autoupdate_ne_and_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
