/* Policy module certificate checks: every outcome of
 * policymodule.cert.present, policymodule.cert.validity,
 * policymodule.cert.client_auth and policymodule.cert.subject. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "certtest.h"

static const char *const ids[] = {"policymodule.cert.present", "policymodule.cert.validity",
				  "policymodule.cert.client_auth", "policymodule.cert.subject"};

static char *audit_software(struct audit *a, const char *fixture, int with_system)
{
	const char *pairs[] = {fixture, "SOFTWARE.hiv", "samples/healthy/registry/SYSTEM.hiv",
			       "SYSTEM.hiv", NULL};
	char *dir;

	if (!with_system)
		pairs[2] = NULL;
	dir = cert_bundle(pairs);
	cert_audit(a, dir, AS_OF_2026_06_01, NULL, NULL);
	return dir;
}

/* legacy-connector: the healthy server with the legacy connector, the one
 * whose policy module these checks judge (healthy runs the current one). */
static void test_policymodule_all_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;
	size_t i;

	(void)state;
	cert_audit_sample(&a, "legacy-connector", AS_OF_2026_06_01);
	for (i = 0; i < 4; i++)
		assert_int_equal(only_result(&a, ids[i])->status, ST_PASS);
	r = only_result(&a, "policymodule.cert.present");
	assert_non_null(strstr(r->message, "D549F6B16513087FF2579FC2DAD8328762D68C18"));
	assert_true(has_evidence(r, "NDESPolicy\\NDESCertThumbprint",
			   "\"d549f6b16513087ff2579fc2dad8328762d68c18\""));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\MY\\Certificates\\D549F6B1", NULL));
	r = only_result(&a, "policymodule.cert.subject");
	assert_non_null(strstr(r->message, "names the server NDES01.corp.contoso.com"));
	assert_true(has_evidence(r, "Tcpip\\Parameters\\Hostname", "NDES01"));
	cert_audit_done(&a, NULL);
}

static void test_policymodule_present_pass_from_an_exported_my_store(void **state)
{
	/* A legacy server's registry values, no stores in the hive, and MY as
	 * the exported-stores bundle's My.sst. */
	const char *pairs[] = {"tests/fixtures/hives/software-legacy-nostores.hiv", "SOFTWARE.hiv",
			       "samples/exported-stores/certs/My.sst", "certs/My.sst", NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "policymodule.cert.present")->status, ST_PASS);
	assert_true(has_evidence(only_result(&a, "policymodule.cert.present"), "store MY: element 2", NULL));
	assert_int_equal(only_result(&a, "policymodule.cert.validity")->status, ST_PASS);
	cert_audit_done(&a, dir);
}

static void test_policymodule_present_fail_thumbprint_absent(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = audit_software(&a, "tests/fixtures/hives/software-certs-nothumb.hiv", 0);
	size_t i;

	(void)state;
	r = only_result(&a, "policymodule.cert.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "NDESPolicy\\NDESCertThumbprint is not set (the legacy "
					   "connector (Microsoft Intune Connector) is installed)"));
	assert_true(has_evidence(r, "NDESCertThumbprint", "(absent)"));
	for (i = 1; i < 4; i++)
		assert_int_equal(only_result(&a, ids[i])->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "policymodule.cert.validity")->message,
			       "see policymodule.cert.present"));
	cert_audit_done(&a, dir);
}

static void test_policymodule_present_fail_thumbprint_not_in_my(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = audit_software(&a, "tests/fixtures/hives/software-certs-badthumb.hiv", 0);

	(void)state;
	r = only_result(&a, "policymodule.cert.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "no certificate with the thumbprint "
					   "3F2A7C1D9E4B5A6F8C0D2E1F3A4B5C6D7E8F9012"));
	cert_audit_done(&a, dir);
}

static void test_policymodule_present_fail_in_another_store(void **state)
{
	/* The registry values of a server, MY exported with only an RA
	 * certificate, and the policy module certificate in WebHosting. */
	const char *pairs[] = {"tests/fixtures/hives/software-legacy-nostores.hiv", "SOFTWARE.hiv",
			       "tests/fixtures/certs/ra-sign.cer", "My/ra.cer",
			       "tests/fixtures/certs/pm.cer", "WebHosting/pm.cer", NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "policymodule.cert.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "it is in the WebHosting (exported file) store instead"));
	assert_true(has_evidence(r, "store WebHosting", NULL));
	cert_audit_done(&a, dir);
}

static void test_policymodule_error_when_the_software_hive_is_unreadable(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/SOFTWARE.hiv", dir);
	char *from = src_path("samples/healthy/registry/SOFTWARE.hiv");
	size_t n;
	void *d = read_all(from, &n);
	struct audit a;
	size_t i;

	(void)state;
	write_file(p, d, 8192); /* truncated: the hive itself is refused */
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(only_result(&a, ids[i])->status, ST_ERROR);
	free(d);
	free(from);
	free(p);
	cert_audit_done(&a, dir);
}

static void test_policymodule_ne_without_software(void **state)
{
	const char *pairs[] = {"samples/healthy/registry/SYSTEM.hiv", "SYSTEM.hiv", NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;
	size_t i;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(only_result(&a, ids[i])->status, ST_NE);
	cert_audit_done(&a, dir);
}

static void test_policymodule_na_with_the_current_connector(void **state)
{
	struct audit a;
	char *dir = audit_software(&a, "tests/fixtures/hives/software-certs-current.hiv", 0);
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		const struct result *r = only_result(&a, ids[i]);

		assert_int_equal(r->status, ST_NA);
		assert_non_null(strstr(r->message, "the current connector (Certificate Connector for "
						   "Microsoft Intune) is installed"));
	}
	cert_audit_done(&a, dir);
}

/* Only the MSCEP key exported: NDESCertThumbprint is there, but neither
 * the stores nor the connector's keys are, so nothing can be judged: ne
 * naming what the exports hold, never fail or na. */
static void test_policymodule_ne_when_the_reg_exports_lack_the_stores(void **state)
{
	const char *pairs[] = {"samples/reg-only/registry/mscep.reg", "mscep.reg", NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;
	const struct result *r;
	size_t i;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	for (i = 0; i < 4; i++)
		assert_int_equal(only_result(&a, ids[i])->status, ST_NE);
	r = only_result(&a, "policymodule.cert.present");
	assert_non_null(strstr(r->message, "'Microsoft\\SystemCertificates' is not in the .reg "
					   "exports of the SOFTWARE hive, which cover only: "
					   "Microsoft\\Cryptography\\MSCEP"));
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "which connector generation is installed is not known"));
	assert_int_equal(a.exit_code, 0);
	cert_audit_done(&a, dir);
}

static void test_policymodule_validity_fail_expired_whatever_the_thumbprint_spacing(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "policymodule-expired", AS_OF_2026_06_01);
	assert_int_equal(only_result(&a, "policymodule.cert.present")->status, ST_PASS);
	r = only_result(&a, "policymodule.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is expired on 2026-03-01, 92 days before the as-of time "
					   "2026-06-01"));
	assert_non_null(strstr(r->message, "HTTP 503"));
	assert_true(has_evidence(r, "NDESCertThumbprint", "\"78 45 26 98 E0"));
	assert_int_equal(a.exit_code, 1);
	cert_audit_done(&a, NULL);
}

static void test_policymodule_validity_warn_expiring_and_moves_with_as_of(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "policymodule-expiring", AS_OF_2026_06_01);
	assert_int_equal(only_result(&a, "policymodule.cert.present")->status, ST_PASS);
	r = only_result(&a, "policymodule.cert.validity");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "expires on 2026-06-20, 19 days after the as-of time "
					   "2026-06-01 (inside the 30-day warning window)"));
	assert_int_equal(a.exit_code, 0);
	cert_audit_done(&a, NULL);
	cert_audit_sample(&a, "policymodule-expiring", days_from_civil(2026, 4, 1) * 86400);
	assert_int_equal(only_result(&a, "policymodule.cert.validity")->status, ST_PASS);
	cert_audit_done(&a, NULL);
	cert_audit_sample(&a, "policymodule-expiring", days_from_civil(2026, 7, 1) * 86400);
	assert_int_equal(only_result(&a, "policymodule.cert.validity")->status, ST_FAIL);
	cert_audit_done(&a, NULL);
	/* Not yet valid. */
	cert_audit_sample(&a, "legacy-connector", days_from_civil(2025, 6, 1) * 86400);
	r = only_result(&a, "policymodule.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not valid before 2026-01-15"));
	cert_audit_done(&a, NULL);
}

static void test_policymodule_client_auth_fail_without_the_eku(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "policymodule-noclientauth", AS_OF_2026_06_01);
	r = only_result(&a, "policymodule.cert.client_auth");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "has no Client Authentication usage (Server "
					   "Authentication (1.3.6.1.5.5.7.3.1)): CertificateRegistrationSvc "
					   "answers HTTP 403"));
	cert_audit_done(&a, NULL);
}

static void test_policymodule_client_auth_fail_narrowed_by_the_property(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = audit_software(&a, "tests/fixtures/hives/software-certs-ekuprop.hiv", 0);

	(void)state;
	r = only_result(&a, "policymodule.cert.client_auth");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "has Client Authentication in its EKU extension, but the "
					   "ENHKEY_USAGE property of this copy narrows it"));
	cert_audit_done(&a, dir);
}

static void test_policymodule_subject_fail_wrong_name_and_ne_without_fqdn(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = audit_software(&a, "tests/fixtures/hives/software-certs-misc.hiv", 1);

	(void)state;
	r = only_result(&a, "policymodule.cert.subject");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "does not name the server NDES01.corp.contoso.com: CN "
					   "ndes-old.corp.contoso.com, SAN ndes-old.corp.contoso.com"));
	/* the thumbprint there is lower case with colons */
	assert_int_equal(only_result(&a, "policymodule.cert.present")->status, ST_PASS);
	cert_audit_done(&a, dir);
	dir = audit_software(&a, "tests/fixtures/hives/software-certs-misc.hiv", 0);
	r = only_result(&a, "policymodule.cert.subject");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "FQDN is not known"));
	cert_audit_done(&a, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policymodule_all_pass_healthy),
		cmocka_unit_test(test_policymodule_present_pass_from_an_exported_my_store),
		cmocka_unit_test(test_policymodule_present_fail_thumbprint_absent),
		cmocka_unit_test(test_policymodule_present_fail_thumbprint_not_in_my),
		cmocka_unit_test(test_policymodule_present_fail_in_another_store),
		cmocka_unit_test(test_policymodule_error_when_the_software_hive_is_unreadable),
		cmocka_unit_test(test_policymodule_ne_without_software),
		cmocka_unit_test(test_policymodule_na_with_the_current_connector),
		cmocka_unit_test(test_policymodule_ne_when_the_reg_exports_lack_the_stores),
		cmocka_unit_test(test_policymodule_validity_fail_expired_whatever_the_thumbprint_spacing),
		cmocka_unit_test(test_policymodule_validity_warn_expiring_and_moves_with_as_of),
		cmocka_unit_test(test_policymodule_client_auth_fail_without_the_eku),
		cmocka_unit_test(test_policymodule_client_auth_fail_narrowed_by_the_property),
		cmocka_unit_test(test_policymodule_subject_fail_wrong_name_and_ne_without_fqdn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
