/* Trust checks: every outcome of trust.root.intermediate, trust.chain,
 * trust.crl.cached, trust.store.readable and connector.cert.validity, on
 * the sample bundles, the fixture hives and exported store files. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ndes-audit/util.h"
#include "certtest.h"

#define MISC "tests/fixtures/hives/software-certs-misc.hiv"
#define CURRENT "tests/fixtures/hives/software-certs-current.hiv"
#define HEALTHY_SYSTEM "samples/healthy/registry/SYSTEM.hiv"

/* ------------------------------------------------- trust.root.intermediate */

static void test_root_intermediate_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "all 2 certificates in logical Root"));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\ROOT\\Certificates", "1 certificate"));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\AuthRoot\\Certificates", "1 certificate"));
	cert_audit_done(&a, NULL);
}

static void test_root_intermediate_fail_pushed_by_gpo(void **state)
{
	struct audit a;
	const struct result *r;
	char sha[41];

	(void)state;
	cert_audit_sample(&a, "gpo-intermediate", AS_OF_2026_06_01);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->target, pki_sha1("issuing", sha)));
	assert_non_null(strstr(r->message, "CN=Contoso Issuing CA, O=Contoso, C=US (issued by "
					   "CN=Contoso Root CA"));
	assert_non_null(strstr(r->message, "is in Group Policy Root but is not self-signed"));
	assert_non_null(strstr(r->message, "A Group Policy pushes it"));
	assert_non_null(strstr(r->remediation, "gpresult"));
	assert_true(has_evidence(r, "Policies\\Microsoft\\SystemCertificates\\Root\\Certificates", sha));
	assert_int_equal(a.exit_code, 1);
	cert_audit_done(&a, NULL);
}

static void test_root_intermediate_fail_look_alike_in_exported_root(void **state)
{
	struct audit a;
	const struct result *r;
	char sha[41];

	(void)state;
	cert_audit_sample(&a, "exported-stores", AS_OF_2026_06_01);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->target, pki_sha1("root-crosscert", sha)));
	assert_non_null(strstr(r->message, "is in ROOT (exported file) but is not self-signed"));
	assert_non_null(strstr(r->message, "its issuer name equals its subject, but its own public "
					   "key does not verify its signature"));
	assert_null(strstr(r->message, "Group Policy"));
	assert_true(has_evidence(r, "store ROOT: element 2 at offset", sha));
	cert_audit_done(&a, NULL);
}

static void test_root_intermediate_fail_local_root_and_error_for_unreadable_blobs(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char sha[41], *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.root.intermediate", pki_sha1("issuing", sha));
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is in ROOT but is not self-signed"));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\ROOT\\Certificates", NULL));
	assert_int_equal(count_results(&a, "trust.root.intermediate", ST_FAIL), 1);
	/* truncated, past the end, REG_SZ, DER garbage */
	assert_int_equal(count_results(&a, "trust.root.intermediate", ST_ERROR), 4);
	r = result_with(&a, "trust.root.intermediate", "0000000000000000000000000000000000000001");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "record header truncated"));
	cert_audit_done(&a, dir);
}

static void test_root_intermediate_ne_without_stores(void **state)
{
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	struct audit a;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	assert_int_equal(only_result(&a, "trust.root.intermediate")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "trust.root.intermediate")->message,
			       "the bundle has no certificate store"));
	cert_audit_done(&a, dir);
}

static void test_root_intermediate_error_when_the_only_root_store_is_damaged(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/Root.sst", dir);
	struct audit a;
	const struct result *r;

	(void)state;
	write_file(p, "\0\0\0\0CERT\x20\0\0\0\1\0\0\0\xff\xff\0\0", 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "Root.sst: element 1: offset 8"));
	free(p);
	cert_audit_done(&a, dir);
}

static void test_root_intermediate_warn_when_the_signature_cannot_be_checked(void **state)
{
	/* The root certificate with its signature algorithm (both copies) turned
	 * into one nobody knows: names still match, the signature cannot be
	 * checked either way. */
	static const uint8_t sha256rsa[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					    0x0d, 0x01, 0x01, 0x0b};
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir = cert_bundle(pairs), *from = src_path("tests/fixtures/certs/root.cer");
	char *p = xasprintf("%s/Root", dir), *q = xasprintf("%s/Root/odd.cer", dir);
	size_t n, i, patched = 0;
	uint8_t *der = read_all(from, &n);
	struct audit a;
	const struct result *r;

	(void)state;
	for (i = 0; i + sizeof(sha256rsa) <= n; i++) {
		if (memcmp(der + i, sha256rsa, sizeof(sha256rsa)) == 0) {
			der[i + sizeof(sha256rsa) - 1] = 0x7f;
			patched++;
		}
	}
	assert_int_equal(patched, 2);
	mkdir(p, 0700);
	write_file(q, der, n);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "cannot be confirmed as self-signed"));
	assert_non_null(strstr(r->message, "could not be checked with its own key"));
	assert_true(has_evidence(r, "store ROOT", NULL));
	free(der);
	free(from);
	free(p);
	free(q);
	cert_audit_done(&a, dir);
}

/* --------------------------------------------------------------- trust.chain */

static void test_chain_pass_healthy_for_every_certificate_ndes_uses(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* healthy runs the current connector: its encryption certificate, not
	 * the legacy policy module's, is one NDES uses. */
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	assert_int_equal(count_results(&a, "trust.chain", ST_PASS), 4);
	r = result_with(&a, "trust.chain", "TLS (0.0.0.0:443)");
	assert_string_equal(r->message, "the TLS (0.0.0.0:443) certificate chains to a trusted root: "
					"NDES01.corp.contoso.com -> Contoso Issuing CA -> Contoso Root CA");
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\ROOT", "Contoso Root CA"));
	assert_non_null(result_with(&a, "trust.chain", "connector encryption"));
	assert_non_null(result_with(&a, "trust.chain", "RA signing"));
	assert_non_null(result_with(&a, "trust.chain", "RA encryption"));
	cert_audit_done(&a, NULL);
	/* The same server with the legacy connector: the policy module's. */
	cert_audit_sample(&a, "legacy-connector", AS_OF_2026_06_01);
	assert_int_equal(count_results(&a, "trust.chain", ST_PASS), 4);
	r = result_with(&a, "trust.chain", "policy module");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "NDES01.corp.contoso.com -> Contoso Issuing CA -> "
				       "Contoso Root CA"));
	assert_non_null(result_with(&a, "trust.chain", "TLS (0.0.0.0:443)"));
	assert_non_null(result_with(&a, "trust.chain", "RA signing"));
	assert_non_null(result_with(&a, "trust.chain", "RA encryption"));
	cert_audit_done(&a, NULL);
}

static void test_chain_fail_missing_issuer_named(void **state)
{
	const char *pairs[] = {CURRENT, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.chain", "RA signing 0B4D1A3C");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "the issuer of NDES01-MSCEP-RA, CN=Contoso Old Issuing CA, "
					   "O=Contoso, C=US, key identifier"));
	assert_non_null(strstr(r->message, "is in no store of the bundle"));
	cert_audit_done(&a, dir);
}

static void test_chain_fail_expired_link(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.chain", "policy module");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "has a link outside its validity at the as-of time: "
					   "Contoso Issuing CA 2 (valid 2024-01-01 to 2026-04-01)"));
	cert_audit_done(&a, dir);
}

static void test_chain_fail_untrusted_root_and_disallowed(void **state)
{
	const char *p1[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra.cer",
			    "tests/fixtures/certs/issuing.cer", "CA/issuing.cer",
			    "tests/fixtures/certs/root.cer", "CA/root.cer",
			    "tests/fixtures/certs/fabrikam-root.cer", "Root/fabrikam.cer", NULL};
	const char *p2[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra.cer",
			    "tests/fixtures/certs/issuing.cer", "Disallowed/issuing.cer",
			    "tests/fixtures/certs/root.cer", "Root/root.cer", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, p1);
	r = only_result(&a, "trust.chain");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "ends at the self-signed Contoso Root CA, which is not in "
					   "Root"));
	cert_audit_done(&a, dir);
	dir = cert_audit_pairs(&a, p2);
	r = only_result(&a, "trust.chain");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "runs through Contoso Issuing CA, which is in the "
					   "Disallowed (untrusted) store"));
	cert_audit_done(&a, dir);
}

static void test_chain_ne_without_certificates_ndes_uses(void **state)
{
	const char *p1[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	const char *p2[] = {"tests/fixtures/certs/ra-sign.cer", "My/ra.cer", NULL};
	struct audit a;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, p1);
	assert_int_equal(only_result(&a, "trust.chain")->status, ST_NE);
	cert_audit_done(&a, dir);
	/* An RA certificate but no Root store to end at. */
	dir = cert_audit_pairs(&a, p2);
	assert_int_equal(only_result(&a, "trust.chain")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "trust.chain")->message, "no Root"));
	cert_audit_done(&a, dir);
}

static void test_chain_error_when_my_cannot_be_read(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/My.sst", dir);
	struct audit a;

	(void)state;
	write_file(p, "\0\0\0\0CERT\x03\0\0\0\1\0\0\0\x14\0\0\0", 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "trust.chain")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "trust.chain")->message, "My.sst"));
	free(p);
	cert_audit_done(&a, dir);
}

/* ----------------------------------------------------------- trust.crl.cached */

static void test_crl_cached_pass_lists_cdp_urls(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "trust.crl.cached");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "CDP URLs");
	assert_non_null(strstr(r->message, "http://pki.corp.contoso.com/cdp/Contoso-Issuing-CA.crl"));
	assert_non_null(strstr(r->message, "not decidable offline"));
	cert_audit_done(&a, NULL);
}

static void test_crl_cached_fail_out_of_date_and_revoked(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", "tests/fixtures/hives/system-tls-clientonly.hiv",
			       "SYSTEM.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.crl.cached", "CRL Contoso Issuing CA");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is out of date: its next update was due on 2026-05-28"));
	assert_true(has_evidence(r, "Microsoft\\SystemCertificates\\CA\\CRLs\\", NULL));
	r = result_with(&a, "trust.crl.cached", "CRL Contoso Root CA");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "is current (next update 2027-05-01)"));
	r = result_with(&a, "trust.crl.cached", "TLS (0.0.0.0:443)");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is revoked: its serial number 3938A7B29E28070D73E1FAD32A95F1F7"));
	cert_audit_done(&a, dir);
}

/* A bundle with the TLS binding of system-tls-clientonly.hiv and, as
 * exported files, that certificate (taken from the MISC hive's model), the
 * issuing CA, the root and the issuing CA's CRL that revokes it, the CRL
 * flipped in its last signature byte when tamper is set. */
static char *crl_bundle(int tamper)
{
	const char *pairs[] = {"tests/fixtures/hives/system-tls-clientonly.hiv", "SYSTEM.hiv",
			       "tests/fixtures/certs/issuing.cer", "CA/issuing.cer",
			       "tests/fixtures/certs/root.cer", "Root/root.cer",
			       "tests/fixtures/certs/issuing-lapsed.crl", "CA/issuing.crl", NULL};
	const char *misc[] = {MISC, "SOFTWARE.hiv", NULL};
	char *dir = cert_bundle(pairs), *p, *crl = xasprintf("%s/CA/issuing.crl", dir);
	struct audit m;
	char *mdir = cert_audit_pairs(&m, misc);
	char sha1[41];
	size_t i, n;
	unsigned char *d;

	pki_sha1("tls-clientonly", sha1);
	for (i = 0; i < m.facts.certs.ncerts; i++)
		if (strcmp(m.facts.certs.certs[i].sha1, sha1) == 0)
			break;
	assert_true(i < m.facts.certs.ncerts);
	p = xasprintf("%s/My", dir);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/My/tls.cer", dir);
	write_file(p, m.facts.certs.certs[i].der, m.facts.certs.certs[i].der_len);
	free(p);
	cert_audit_done(&m, mdir);
	if (tamper) {
		d = read_all(crl, &n);
		d[n - 1] ^= 0x01;
		write_file(crl, d, n);
		free(d);
	}
	free(crl);
	return dir;
}

/* The CRL's signature is checked with its issuer's certificate: a good one
 * says who signed it and its revocations count; a tampered one is a warn
 * and revokes nothing. */
static void test_crl_signature_verified_or_not_believed(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = crl_bundle(0);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = result_with(&a, "trust.crl.cached", "CRL Contoso Issuing CA");
	assert_int_equal(r->status, ST_FAIL); /* out of date, and genuine */
	assert_true(has_evidence(r, "signature verified with", "Contoso Issuing CA"));
	r = result_with(&a, "trust.crl.cached", "TLS (0.0.0.0:443)");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is revoked"));
	cert_audit_done(&a, dir);

	dir = crl_bundle(1);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = result_with(&a, "trust.crl.cached", "CRL Contoso Issuing CA");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "signature does not verify"));
	assert_int_equal(count_results(&a, "trust.crl.cached", ST_FAIL), 0); /* nothing revoked */
	cert_audit_done(&a, dir);
}

/* Without its issuer's certificate a CRL cannot be checked: it is used,
 * and the evidence says its signature was not checked. */
static void test_crl_signature_not_checked_without_issuer(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/issuing-lapsed.crl", "CA/issuing.crl", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.crl.cached", "CRL Contoso Issuing CA");
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_evidence(r, "signature not checked", NULL));
	cert_audit_done(&a, dir);
}

static void test_crl_cached_ne_and_error(void **state)
{
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir2 = scratch_dir(), *p = xasprintf("%s/SOFTWARE.hiv", dir2), *from;
	struct audit a;
	char *dir;
	size_t n;
	void *d;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	assert_int_equal(only_result(&a, "trust.crl.cached")->status, ST_NE);
	cert_audit_done(&a, dir);
	/* A SOFTWARE hive that cannot be read. */
	from = src_path("samples/healthy/registry/SOFTWARE.hiv");
	d = read_all(from, &n);
	write_file(p, d, 6144);
	cert_audit(&a, dir2, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(only_result(&a, "trust.crl.cached")->status, ST_ERROR);
	free(d);
	free(from);
	free(p);
	cert_audit_done(&a, dir2);
}

/* ------------------------------------------------------- trust.store.readable */

static void test_store_readable_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "trust.store.readable");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "8 certificates and 0 CRLs read from the SOFTWARE hive"));
	cert_audit_done(&a, NULL);
}

static void test_store_readable_warn_and_error_for_damaged_elements(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = result_with(&a, "trust.store.readable", "1111111111111111111111111111111111111111");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "the key name 1111111111111111111111111111111111111111 is "
					   "not the SHA-1 of the element it holds (4981B2D4"));
	r = result_with(&a, "trust.store.readable", "AuthRoot");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "the SHA1_HASH property says 0000000000"));
	r = result_with(&a, "trust.store.readable", "0000000000000000000000000000000000000002");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "record id 3 claims 65535 bytes"));
	r = result_with(&a, "trust.store.readable", "0000000000000000000000000000000000000003");
	assert_non_null(strstr(r->message, "is REG_SZ, not REG_BINARY"));
	r = result_with(&a, "trust.store.readable", "0000000000000000000000000000000000000004");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "no Blob value"));
	r = result_with(&a, "trust.store.readable", "0000000000000000000000000000000000000005");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "not a valid X.509 certificate"));
	cert_audit_done(&a, dir);
}

static void test_store_readable_ne_and_error_for_files(void **state)
{
	static const char damaged[] = "\0\0\0\0CERT\x20\0\0\0\1\0\0\0\xff\xff\0\0";
	const char *none[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	const char *with_my[] = {"tests/fixtures/certs/my.sst", "My.sst", NULL};
	struct audit a;
	const struct result *r;
	char *dir, *p;

	(void)state;
	dir = cert_audit_pairs(&a, none);
	assert_int_equal(only_result(&a, "trust.store.readable")->status, ST_NE);
	cert_audit_done(&a, dir);
	/* The only store file is damaged: the runner says the source failed. */
	dir = scratch_dir();
	p = xasprintf("%s/Root.sst", dir);
	write_file(p, damaged, 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.store.readable");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "the certificate store could not be read"));
	assert_non_null(strstr(r->message, "Root.sst: element 1"));
	free(p);
	cert_audit_done(&a, dir);
	/* Next to a readable store, the damaged one is this check's own error. */
	dir = cert_bundle(with_my);
	p = xasprintf("%s/Root.sst", dir);
	write_file(p, damaged, 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.store.readable");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "the exported store for ROOT could not be read"));
	free(p);
	cert_audit_done(&a, dir);
}

/* --------------------------------------------------- connector.cert.validity */

static void test_connector_cert_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "healthy", AS_OF_2026_06_01);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "is valid until 2036-01-15"));
	assert_true(has_evidence(r, "PFXCertificateConnector\\EncryptionCertThumbprint",
			   "0AE253623E43BB12560043C3655BD115C4C0A3BA"));
	cert_audit_done(&a, NULL);
}

static void test_connector_cert_fail_expired_and_warn_expiring(void **state)
{
	const char *pairs[] = {CURRENT, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "expired on 2026-01-15, 137 days before the as-of time"));
	cert_audit_done(&a, dir);
	cert_audit_sample(&a, "healthy", days_from_civil(2036, 1, 1) * 86400);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "expires on 2036-01-15, 14 days after"));
	cert_audit_done(&a, NULL);
}

static void test_connector_cert_fail_not_a_thumbprint_or_not_in_my(void **state)
{
	const char *pairs[] = {"tests/fixtures/hives/software-certs-badthumb.hiv", "SOFTWARE.hiv",
			       NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is \"see the connector's UI\", which is not a certificate "
					   "thumbprint"));
	cert_audit_done(&a, dir);
}

static void test_connector_cert_na_with_the_legacy_connector(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "judged as the legacy connector"));
	cert_audit_done(&a, dir);
}

static void test_connector_cert_ne_and_error_without_software(void **state)
{
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	struct audit a;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	assert_int_equal(only_result(&a, "connector.cert.validity")->status, ST_NE);
	cert_audit_done(&a, dir);
	/* The truncated-hive case: every SOFTWARE check reports error. */
	{
		char *d2 = scratch_dir(), *p = xasprintf("%s/SOFTWARE.hiv", d2);
		char *from = src_path("samples/healthy/registry/SOFTWARE.hiv");
		size_t n;
		void *data = read_all(from, &n);

		write_file(p, data, 6144);
		cert_audit(&a, d2, AS_OF_2026_06_01, NULL, NULL);
		assert_int_equal(only_result(&a, "connector.cert.validity")->status, ST_ERROR);
		free(data);
		free(from);
		free(p);
		cert_audit_done(&a, d2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_intermediate_pass_healthy),
		cmocka_unit_test(test_root_intermediate_fail_pushed_by_gpo),
		cmocka_unit_test(test_root_intermediate_fail_look_alike_in_exported_root),
		cmocka_unit_test(test_root_intermediate_fail_local_root_and_error_for_unreadable_blobs),
		cmocka_unit_test(test_root_intermediate_ne_without_stores),
		cmocka_unit_test(test_root_intermediate_error_when_the_only_root_store_is_damaged),
		cmocka_unit_test(test_root_intermediate_warn_when_the_signature_cannot_be_checked),
		cmocka_unit_test(test_chain_pass_healthy_for_every_certificate_ndes_uses),
		cmocka_unit_test(test_chain_fail_missing_issuer_named),
		cmocka_unit_test(test_chain_fail_expired_link),
		cmocka_unit_test(test_chain_fail_untrusted_root_and_disallowed),
		cmocka_unit_test(test_chain_ne_without_certificates_ndes_uses),
		cmocka_unit_test(test_chain_error_when_my_cannot_be_read),
		cmocka_unit_test(test_crl_cached_pass_lists_cdp_urls),
		cmocka_unit_test(test_crl_cached_fail_out_of_date_and_revoked),
		cmocka_unit_test(test_crl_cached_ne_and_error),
		cmocka_unit_test(test_crl_signature_verified_or_not_believed),
		cmocka_unit_test(test_crl_signature_not_checked_without_issuer),
		cmocka_unit_test(test_store_readable_pass_healthy),
		cmocka_unit_test(test_store_readable_warn_and_error_for_damaged_elements),
		cmocka_unit_test(test_store_readable_ne_and_error_for_files),
		cmocka_unit_test(test_connector_cert_pass_healthy),
		cmocka_unit_test(test_connector_cert_fail_expired_and_warn_expiring),
		cmocka_unit_test(test_connector_cert_fail_not_a_thumbprint_or_not_in_my),
		cmocka_unit_test(test_connector_cert_na_with_the_legacy_connector),
		cmocka_unit_test(test_connector_cert_ne_and_error_without_software),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
