/* Registration authority checks: every outcome of ra.present, ra.validity,
 * ra.private_key and ra.issuer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "certtest.h"

static const char *const current[] = {"tests/fixtures/hives/software-certs-current.hiv",
				      "SOFTWARE.hiv", NULL};
static const char *const misc[] = {"tests/fixtures/hives/software-certs-misc.hiv", "SOFTWARE.hiv",
				   NULL};

static void test_ra_all_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "ra.present");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "MY holds the signing RA NDES01-MSCEP-RA "
					   "(571366899FD691DF956FEEC428AC8B61F159EC27) and the encryption RA "
					   "NDES01-MSCEP-RA (333BC3B4FBE9D8512F548865382EF256131D611A)"));
	assert_int_equal(count_results(&a, "ra.validity", ST_PASS), 2);
	assert_int_equal(count_results(&a, "ra.private_key", ST_PASS), 2);
	assert_int_equal(count_results(&a, "ra.issuer", ST_PASS), 2);
	r = result_with(&a, "ra.private_key", "RA signing");
	assert_non_null(strstr(r->message, "CryptoAPI CSP \"Microsoft Enhanced RSA and AES "
					   "Cryptographic Provider\" (provider type 24)"));
	r = result_with(&a, "ra.issuer", "RA encryption");
	assert_non_null(strstr(r->message, "was issued by Contoso Issuing CA, the CA NDES is "
					   "configured for"));
	assert_true(has_evidence(r, "CAInfo\\Configuration", "ca01.corp.contoso.com\\Contoso Issuing CA"));
	cert_audit_done(&a, NULL);
}

static void test_ra_present_fail_missing_role_and_missing_both(void **state)
{
	const char *nothumb[] = {"tests/fixtures/hives/software-certs-nothumb.hiv", "SOFTWARE.hiv",
				 NULL};
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, misc);

	(void)state;
	r = only_result(&a, "ra.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "MY holds a signing RA but no encryption RA (found: "
					   "NDES01-MSCEP-RA (5713"));
	cert_audit_done(&a, dir);
	dir = cert_audit_pairs(&a, nothumb);
	r = only_result(&a, "ra.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "MY holds no registration authority certificate"));
	assert_int_equal(only_result(&a, "ra.validity")->status, ST_NE);
	assert_int_equal(only_result(&a, "ra.private_key")->status, ST_NE);
	assert_int_equal(only_result(&a, "ra.issuer")->status, ST_NE);
	cert_audit_done(&a, dir);
}

static void test_ra_ne_and_error_for_the_my_store(void **state)
{
	const char *pairs[] = {"samples/healthy/registry/SYSTEM.hiv", "SYSTEM.hiv", NULL};
	char *d2 = scratch_dir(), *p = xasprintf("%s/My.sst", d2);
	struct audit a;
	char *dir = cert_audit_pairs(&a, pairs);

	(void)state;
	assert_int_equal(only_result(&a, "ra.present")->status, ST_NE);
	assert_int_equal(only_result(&a, "ra.validity")->status, ST_NE);
	assert_int_equal(only_result(&a, "ra.private_key")->status, ST_NE);
	assert_int_equal(only_result(&a, "ra.issuer")->status, ST_NE);
	cert_audit_done(&a, dir);
	write_file(p, "\0\0\0\0CERT\x03\0\0\0\1\0\0\0\x14\0\0\0", 20);
	cert_audit(&a, d2, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "ra.present")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "ra.validity")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "ra.private_key")->status, ST_ERROR);
	free(p);
	cert_audit_done(&a, d2);
}

static void test_ra_validity_fail_expired(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "ra-expired", AS_OF_2026_06_01);
	assert_int_equal(only_result(&a, "ra.present")->status, ST_PASS);
	assert_int_equal(count_results(&a, "ra.validity", ST_FAIL), 2);
	r = result_with(&a, "ra.validity", "RA signing");
	assert_non_null(strstr(r->message, "is expired on 2026-03-01, 92 days before the as-of time "
					   "2026-06-01: mscep.dll answers HTTP 500"));
	cert_audit_done(&a, NULL);
}

static void test_ra_validity_warn_expiring_and_superseded(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, current);

	(void)state;
	r = result_with(&a, "ra.validity", "RA encryption");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "expires on 2026-06-15, 14 days after"));
	r = result_with(&a, "ra.validity", "RA signing B5F21F7E");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "is expired on 2026-03-01, 92 days before the as-of time "
					   "2026-06-01, but NDES01-MSCEP-RA (0B4D1A3C"));
	assert_non_null(strstr(r->message, "covers its role and is valid"));
	assert_int_equal(result_with(&a, "ra.validity", "RA signing 0B4D1A3C")->status, ST_PASS);
	cert_audit_done(&a, dir);
}

static void test_ra_private_key_fail_cng_provider(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "ra-cng", AS_OF_2026_06_01);
	r = result_with(&a, "ra.private_key", "RA signing");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "keeps its private key in the CNG key storage provider "
					   "\"Microsoft Software Key Storage Provider\""));
	assert_int_equal(result_with(&a, "ra.private_key", "RA encryption")->status, ST_PASS);
	cert_audit_done(&a, NULL);
}

static void test_ra_private_key_fail_no_reference(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, misc);

	(void)state;
	r = only_result(&a, "ra.private_key");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "has no private key reference (no KEY_PROV_INFO "
					   "property)"));
	cert_audit_done(&a, dir);
}

static void test_ra_private_key_ne_for_files_without_properties(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra-sign.cer",
			       "tests/fixtures/certs/ra-enc.cer", "My/ra-enc.cer", NULL};
	struct audit a;
	char *dir = cert_audit_pairs(&a, pairs);
	const struct result *r;

	(void)state;
	assert_int_equal(only_result(&a, "ra.present")->status, ST_PASS);
	assert_int_equal(count_results(&a, "ra.private_key", ST_NE), 2);
	r = result_with(&a, "ra.private_key", "RA signing");
	assert_non_null(strstr(r->message, "comes only from an exported file that carries no "
					   "certificate properties"));
	assert_int_equal(count_results(&a, "ra.validity", ST_PASS), 2);
	cert_audit_done(&a, dir);
}

static void test_ra_issuer_fail_other_ca_and_ne_without_configuration(void **state)
{
	const char *badthumb[] = {"tests/fixtures/hives/software-certs-badthumb.hiv", "SOFTWARE.hiv",
				  NULL};
	struct audit a;
	const struct result *r;
	char *dir = cert_audit_pairs(&a, current);

	(void)state;
	r = result_with(&a, "ra.issuer", "RA signing 0B4D1A3C");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "was issued by Contoso Old Issuing CA, but NDES is "
					   "configured for the CA \"Contoso Issuing CA\""));
	assert_int_equal(result_with(&a, "ra.issuer", "RA encryption")->status, ST_PASS);
	cert_audit_done(&a, dir);
	dir = cert_audit_pairs(&a, badthumb);
	r = only_result(&a, "ra.issuer");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "CAInfo\\Configuration is not set"));
	cert_audit_done(&a, dir);
}

static void test_ra_issuer_error_unreadable_software(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/SOFTWARE.hiv", dir);
	char *from = src_path("samples/healthy/registry/SOFTWARE.hiv");
	size_t n;
	void *d = read_all(from, &n);
	struct audit a;

	(void)state;
	write_file(p, d, 8192);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "ra.issuer")->status, ST_ERROR);
	free(d);
	free(from);
	free(p);
	cert_audit_done(&a, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ra_all_pass_healthy),
		cmocka_unit_test(test_ra_present_fail_missing_role_and_missing_both),
		cmocka_unit_test(test_ra_ne_and_error_for_the_my_store),
		cmocka_unit_test(test_ra_validity_fail_expired),
		cmocka_unit_test(test_ra_validity_warn_expiring_and_superseded),
		cmocka_unit_test(test_ra_private_key_fail_cng_provider),
		cmocka_unit_test(test_ra_private_key_fail_no_reference),
		cmocka_unit_test(test_ra_private_key_ne_for_files_without_properties),
		cmocka_unit_test(test_ra_issuer_fail_other_ca_and_ne_without_configuration),
		cmocka_unit_test(test_ra_issuer_error_unreadable_software),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
