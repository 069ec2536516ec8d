/* The HTTP.sys 443 certificate: every outcome of tls.cert.validity and
 * tls.cert.server_auth. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "certtest.h"

#define MISC "tests/fixtures/hives/software-certs-misc.hiv"
#define HEALTHY_SW "samples/healthy/registry/SOFTWARE.hiv"

static void test_tls_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "SslBindingInfo\\0.0.0.0:443");
	assert_non_null(strstr(r->message, "is valid until 2099-12-15"));
	assert_true(has_evidence(r, "SslBindingInfo\\0.0.0.0:443\\SslCertHash",
			   "0C2ABD48FBAA91D08E6335D2537749BB403F983A"));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\MY\\Certificates\\0C2ABD48", NULL));
	r = only_result(&a, "tls.cert.server_auth");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "SAN names: NDES01.corp.contoso.com, ndes.contoso.com"));
	cert_audit_done(&a, NULL);
}

static void test_tls_validity_warn_and_fail_as_the_as_of_time_moves(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", days_from_civil(2099, 12, 1) * 86400);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "expires on 2099-12-15, 14 days after the as-of time"));
	/* server_auth does not depend on time */
	assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_PASS);
	cert_audit_done(&a, NULL);
	cert_audit_sample(&a, "healthy", days_from_civil(2100, 6, 1) * 86400);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "devices refuse the TLS connection"));
	cert_audit_done(&a, NULL);
}

static void test_tls_validity_fail_certificate_not_in_its_store(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", "samples/healthy/registry/SYSTEM.hiv",
			       "SYSTEM.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, pairs);

	(void)state;
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "the certificate 0C2ABD48FBAA91D08E6335D2537749BB403F983A "
					   "bound to 0.0.0.0:443 is not in store MY"));
	assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_FAIL);
	cert_audit_done(&a, dir);
}

static void test_tls_server_auth_fail_wrong_name(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "tls-wrongname", AS_OF_2026_06_01);
	r = only_result(&a, "tls.cert.server_auth");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "does not name the server NDES01.corp.contoso.com: CN "
					   "www.contoso.com; SAN names: www.contoso.com, contoso.com"));
	assert_int_equal(only_result(&a, "tls.cert.validity")->status, ST_PASS);
	cert_audit_done(&a, NULL);
	/* --fqdn changes what is compared. */
	{
		char *p = src_path("samples/tls-wrongname");

		cert_audit(&a, p, AS_OF_2026_06_01, "www.contoso.com", NULL);
		assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_PASS);
		assert_true(has_evidence(only_result(&a, "tls.cert.server_auth"), "--fqdn", "www.contoso.com"));
		cert_audit_done(&a, NULL);
		/* neither case nor a final dot matters */
		cert_audit(&a, p, AS_OF_2026_06_01, "CONTOSO.COM.", NULL);
		assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_PASS);
		cert_audit_done(&a, NULL);
		free(p);
	}
}

static void test_tls_server_auth_fail_without_the_eku(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", "tests/fixtures/hives/system-tls-clientonly.hiv",
			       "SYSTEM.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, pairs);

	(void)state;
	r = only_result(&a, "tls.cert.server_auth");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "does not allow Server Authentication (its usages: Client "
					   "Authentication (1.3.6.1.5.5.7.3.2))"));
	assert_int_equal(only_result(&a, "tls.cert.validity")->status, ST_PASS);
	cert_audit_done(&a, dir);
}

static void test_tls_ne_without_binding_store_or_fqdn(void **state)
{
	const char *broken[] = {HEALTHY_SW, "SOFTWARE.hiv", "samples/broken/registry/SYSTEM.hiv",
				"SYSTEM.hiv", NULL};
	const char *nostore[] = {"samples/healthy/registry/SYSTEM.hiv", "SYSTEM.hiv", NULL};
	const char *ccs[] = {HEALTHY_SW, "SOFTWARE.hiv", "tests/fixtures/hives/system-maxvalues.hiv",
			     "SYSTEM.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, broken);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "no TLS binding for port 443 in ControlSet002"));
	assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_NE);
	cert_audit_done(&a, dir);
	dir = cert_audit_pairs(&a, nostore);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "holds no MY (Personal) store"));
	cert_audit_done(&a, dir);
	dir = cert_audit_pairs(&a, ccs);
	r = only_result(&a, "tls.cert.validity");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Central Certificate Store"));
	cert_audit_done(&a, dir);
}

static void test_tls_ne_when_the_fqdn_is_unknown(void **state)
{
	const char *pairs[] = {HEALTHY_SW, "SOFTWARE.hiv", "tests/fixtures/hives/system-tls-nohost.hiv",
			       "SYSTEM.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, pairs);

	(void)state;
	assert_null(a.facts.fqdn);
	r = only_result(&a, "tls.cert.server_auth");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "allows Server Authentication, but the server's FQDN is not "
					   "known (give it with --fqdn)"));
	assert_int_equal(only_result(&a, "tls.cert.validity")->status, ST_PASS);
	cert_audit_done(&a, dir);
}

static void test_tls_error_unreadable_binding_store_or_system(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/My.sst", dir);
	char *sys = xasprintf("%s/SYSTEM.hiv", dir), *from = src_path("samples/healthy/registry/SYSTEM.hiv");
	struct audit a;

	(void)state;
	copy_file(from, sys);
	write_file(p, "\0\0\0\0CERT\x03\0\0\0\1\0\0\0\x14\0\0\0", 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "tls.cert.validity")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "tls.cert.server_auth")->status, ST_ERROR);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
	free(sys);
	free(from);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tls_pass_healthy),
		cmocka_unit_test(test_tls_validity_warn_and_fail_as_the_as_of_time_moves),
		cmocka_unit_test(test_tls_validity_fail_certificate_not_in_its_store),
		cmocka_unit_test(test_tls_server_auth_fail_wrong_name),
		cmocka_unit_test(test_tls_server_auth_fail_without_the_eku),
		cmocka_unit_test(test_tls_ne_without_binding_store_or_fqdn),
		cmocka_unit_test(test_tls_ne_when_the_fqdn_is_unknown),
		cmocka_unit_test(test_tls_error_unreadable_binding_store_or_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
