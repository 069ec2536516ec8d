/* Service start types: every outcome of service.connector.start,
 * service.w3svc.start and service.appproxy.start, from hives (current
 * control set) and from live .reg exports (CurrentControlSet). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define HDR "Windows Registry Editor Version 5.00\n\n"
#define SVC "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"
/* The whole Services key: a service it does not list is not registered. */
#define SERVICES "[" SVC "]\n\n"
/* A service as CreateService registers it: Start and Type (a key holding
 * neither Type nor ImagePath is a stub, whatever its Start). */
#define START(name, v) "[" SVC "\\" name "]\n\"Start\"=" v "\n\"Type\"=dword:00000020\n\n"
#define START_ONLY(name, v) "[" SVC "\\" name "]\n\"Start\"=" v "\n\n"
#define HEALTHY_IIS START("W3SVC", "dword:00000002") START("WAS", "dword:00000003")

#define SW "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
#define UNINST "Microsoft\\Windows\\CurrentVersion\\Uninstall"
#define CURRENT_CONNECTOR                                                     \
	HDR "[" SW UNINST "]\n\n[" SW "WOW6432Node\\" UNINST "]\n\n"          \
	"[" SW UNINST "\\{5C4B2E1A-7D3F-4A8B-9C6E-2F1D0B3A4E5C}]\n"           \
	"\"DisplayName\"=\"Certificate Connector for Microsoft Intune\"\n\n"

/* --------------------------------------------------- service.connector.start */

static void test_connector_start_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "PFXCertificateConnectorSvc");
	assert_true(has_evidence(r, "ControlSet001\\Services\\PFXCertificateConnectorSvc\\Start",
				 "2 (0x2)"));
	audit_free(&a);
	/* Delayed automatic start is automatic too. */
	audit_reg_texts(&a, HDR SERVICES "[" SVC "\\PFXCertificateConnectorSvc]\n\"Start\"=dword:00000002\n\"Type\"=dword:00000010\n"
			"\"DelayedAutostart\"=dword:00000001\n\n", CURRENT_CONNECTOR);
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "(delayed start) in CurrentControlSet"));
	audit_free(&a);
}

static void test_connector_start_pass_name_case(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* The legacy sample's service key is spelled "ndesconnectorsvc". */
	audit_sample(&a, "legacy-connector");
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "NDESConnectorSvc");
	audit_free(&a);
	audit_reg_texts(&a, HDR SERVICES START("pfxcertificateconnectorSVC", "dword:00000002"),
			CURRENT_CONNECTOR);
	assert_int_equal(only_result(&a, "service.connector.start")->status, ST_PASS);
	audit_free(&a);
}

static void test_connector_start_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* Manual in the current control set (ControlSet002); fine in the stale one. */
	audit_sample(&a, "broken");
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "manual start (Start = 3) in ControlSet002"));
	assert_true(has_evidence(r, "ControlSet002\\Services\\PFXCertificateConnectorSvc", "3 (0x3)"));
	assert_non_null(r->remediation);
	audit_free(&a);
	audit_reg_texts(&a, HDR SERVICES START("PFXCertificateConnectorSvc", "dword:00000004"),
			CURRENT_CONNECTOR);
	assert_non_null(strstr(only_result(&a, "service.connector.start")->message, "disabled start"));
	audit_free(&a);
	audit_reg_texts(&a, HDR SERVICES HEALTHY_IIS, CURRENT_CONNECTOR);
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not installed"));
	audit_free(&a);
	/* A stub key (a subkey, no Start, Type or ImagePath), as setup leaves
	 * one: not installed, not "registered without a Start value". */
	audit_reg_texts(&a, HDR SERVICES "[" SVC "\\PFXCertificateConnectorSvc\\Parameters]\n\n"
			HEALTHY_IIS, CURRENT_CONNECTOR);
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not installed"));
	assert_null(strstr(r->message, "without a Start value"));
	assert_true(has_evidence(r, "CurrentControlSet\\Services\\PFXCertificateConnectorSvc\\ImagePath",
				 "(absent)"));
	audit_free(&a);
	audit_reg_texts(&a, HDR SERVICES START("PFXCertificateConnectorSvc", "\"2\""), CURRENT_CONNECTOR);
	assert_non_null(strstr(only_result(&a, "service.connector.start")->message, "stored as REG_SZ"));
	audit_free(&a);
}

static void test_connector_start_both_generations(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *sw = copy_fixture("tests/fixtures/hives/software-connectors.hiv", dir, "SOFTWARE.hiv");
	char *sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");

	(void)state;
	audit_one(&a, dir);
	assert_int_equal(find_result(&a, "service.connector.start", "PFXCertificateConnectorSvc")->status,
			 ST_PASS);
	assert_int_equal(find_result(&a, "service.connector.start", "NDESConnectorSvc")->status,
			 ST_FAIL);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sw);
	free(sys);
}

static void test_connector_start_na(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "ndes-not-configured");
	assert_int_equal(only_result(&a, "service.connector.start")->status, ST_NA);
	audit_free(&a);
}

static void test_connector_start_ne(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* The generation cannot be told: no Uninstall or connector key exported. */
	audit_reg_texts(&a, HDR SERVICES HEALTHY_IIS,
			HDR "[" SW "Microsoft\\ADCS\\NDES]\n\"ConfigurationStatus\"=dword:00000002\n\n");
	assert_int_equal(only_result(&a, "service.connector.start")->status, ST_NE);
	audit_free(&a);
	/* The service key is not in the exports. */
	audit_reg_texts(&a, HDR HEALTHY_IIS, CURRENT_CONNECTOR);
	r = only_result(&a, "service.connector.start");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "CurrentControlSet\\Services\\W3SVC"));
	audit_free(&a);
	/* No SYSTEM at all. */
	audit_reg_texts(&a, NULL, CURRENT_CONNECTOR);
	assert_int_equal(only_result(&a, "service.connector.start")->status, ST_NE);
	audit_free(&a);
}

static void test_connector_start_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, HDR SERVICES START("PFXCertificateConnectorSvc", "dword:-1"),
			CURRENT_CONNECTOR);
	assert_int_equal(only_result(&a, "service.connector.start")->status, ST_ERROR);
	audit_free(&a);
}

/* ----------------------------------------------------- service.w3svc.start */

static void test_w3svc_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "WAS is manual"));
	assert_true(has_evidence(r, "ControlSet001\\Services\\W3SVC\\Start", "2 (0x2)"));
	audit_free(&a);
	/* From live exports: lower-case "w3svc" and "was" keys. */
	audit_reg_texts(&a, HDR START("w3svc", "dword:00000002") START("was", "dword:00000003"), NULL);
	assert_int_equal(only_result(&a, "service.w3svc.start")->status, ST_PASS);
	audit_free(&a);
}

static void test_w3svc_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is disabled in ControlSet002"));
	assert_true(has_evidence(r, "ControlSet002\\Services\\WAS\\Start", "4 (0x4)"));
	audit_free(&a);
	audit_reg_texts(&a, HDR START("W3SVC", "dword:00000003") START("WAS", "dword:00000003"), NULL);
	assert_non_null(strstr(only_result(&a, "service.w3svc.start")->message,
			       "W3SVC is set to manual start"));
	audit_free(&a);
	audit_reg_texts(&a, HDR SERVICES START("HTTP", "dword:00000003"), NULL);
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "W3SVC is not installed"));
	assert_non_null(strstr(r->message, "WAS is not installed"));
	audit_free(&a);
	/* W3SVC as a stub key with only a display name: not installed. */
	audit_reg_texts(&a, HDR SERVICES "[" SVC "\\W3SVC]\n\"DisplayName\"=\"W3SVC\"\n\n"
			START("WAS", "dword:00000003"), NULL);
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "W3SVC is not installed"));
	assert_null(strstr(r->message, "without a Start value"));
	audit_free(&a);
	/* WAS with a Start alone (no Type, no ImagePath): a stub, not installed. */
	audit_reg_texts(&a, HDR SERVICES START("W3SVC", "dword:00000002")
			START_ONLY("WAS", "dword:00000003"), NULL);
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "WAS is not installed"));
	audit_free(&a);
}

/* A hive made by hivexregedit (samples/src/fixture-system-svc-startonly.reg):
 * WAS and PFXCertificateConnectorSvc hold Start = 2 and nothing else. The
 * service control manager cannot start them: not installed, never "starts
 * automatically". */
static void test_start_only_keys_in_hive(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-svc-startonly.hiv");
	r = only_result(&a, "service.w3svc.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "WAS is not installed"));
	assert_null(strstr(r->message, "W3SVC is"));
	assert_true(has_evidence(r, "ControlSet001\\Services\\WAS\\ImagePath", "(absent)"));
	assert_true(has_evidence(r, "ControlSet001\\Services\\W3SVC\\Start", "2 (0x2)"));
	audit_free(&a);
}

static void test_w3svc_ne(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, HDR START("HTTP", "dword:00000003"), NULL);
	assert_int_equal(only_result(&a, "service.w3svc.start")->status, ST_NE);
	audit_free(&a);
	/* W3SVC known good, WAS not exported: still ne. */
	audit_reg_texts(&a, HDR START("W3SVC", "dword:00000002"), NULL);
	assert_int_equal(only_result(&a, "service.w3svc.start")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "service.w3svc.start")->message, "Services\\WAS"));
	audit_free(&a);
}

static void test_w3svc_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, HDR START("W3SVC", "hex(4):02,00,00,0x") START("WAS", "dword:00000003"), NULL);
	assert_int_equal(only_result(&a, "service.w3svc.start")->status, ST_ERROR);
	audit_free(&a);
	audit_fixture(&a, "tests/fixtures/hives/system-badselect.hiv");
	assert_int_equal(only_result(&a, "service.w3svc.start")->status, ST_ERROR);
	audit_free(&a);
}

/* -------------------------------------------------- service.appproxy.start */

static void test_appproxy_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "legacy-connector");
	assert_int_equal(only_result(&a, "service.appproxy.start")->status, ST_PASS);
	assert_string_equal(only_result(&a, "service.appproxy.start")->target, "WAPCSvc");
	audit_free(&a);
}

static void test_appproxy_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "appproxy-stopped");
	r = only_result(&a, "service.appproxy.start");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "manual start"));
	assert_non_null(r->remediation);
	assert_non_null(strstr(r->remediation, "WAPCSvc"));
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
}

static void test_appproxy_na(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "service.appproxy.start");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "not installed"));
	audit_free(&a);
}

static void test_appproxy_ne(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");

	(void)state;
	audit_one(&a, p);
	assert_int_equal(only_result(&a, "service.appproxy.start")->status, ST_NE);
	audit_free(&a);
	free(p);
}

static void test_appproxy_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, HDR SERVICES START("WAPCSvc", "dword:00000002 extra"), NULL);
	assert_int_equal(only_result(&a, "service.appproxy.start")->status, ST_ERROR);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connector_start_pass),
		cmocka_unit_test(test_connector_start_pass_name_case),
		cmocka_unit_test(test_connector_start_fail),
		cmocka_unit_test(test_connector_start_both_generations),
		cmocka_unit_test(test_connector_start_na),
		cmocka_unit_test(test_connector_start_ne),
		cmocka_unit_test(test_connector_start_error),
		cmocka_unit_test(test_w3svc_pass),
		cmocka_unit_test(test_w3svc_fail),
		cmocka_unit_test(test_w3svc_ne),
		cmocka_unit_test(test_w3svc_error),
		cmocka_unit_test(test_appproxy_pass),
		cmocka_unit_test(test_appproxy_fail),
		cmocka_unit_test(test_appproxy_na),
		cmocka_unit_test(test_appproxy_ne),
		cmocka_unit_test(test_appproxy_error),
		cmocka_unit_test(test_start_only_keys_in_hive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
