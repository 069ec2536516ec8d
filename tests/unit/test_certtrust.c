/* Trust checks: every outcome of trust.root.intermediate, trust.chain,
 * trust.crl.cached, trust.store.readable and connector.cert.validity, on
 * the sample bundles, the fixture hives and exported store files. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509v3.h>

#include "ndes-audit/util.h"
#include "ndes-audit/check.h"
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

/* A re-keyed root's cross certificate: issuer equals subject, so Windows
 * takes it as a root; its key identifiers say the old root key signed it.
 * It passes, with that note in the evidence (never a critical fail). */
static void test_root_intermediate_pass_cross_certificate_with_note(void **state)
{
	struct audit a;
	const struct result *r;
	char sha[41];

	(void)state;
	cert_audit_sample(&a, "exported-stores", AS_OF_2026_06_01);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "all 3 certificates in logical Root"));
	assert_non_null(strstr(r->message, "the evidence notes those"));
	pki_sha1("root-crosscert", sha);
	assert_true(has_evidence(r, "store ROOT: element 2 at offset", sha));
	assert_true(has_evidence(r, "store ROOT: element 2 at offset",
				 "key identifiers say another key signed it"));
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

/* The root certificate with its signature algorithm (both copies) made
 * md2WithRSAEncryption, which OpenSSL does not offer (Microsoft's root list
 * still holds MD2 roots): subject equals issuer, so it is a root; the
 * signature cannot be checked, which is a note, not a finding. */
static void test_root_intermediate_pass_md2_root_with_note(void **state)
{
	static const uint8_t sha256rsa[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					    0x0d, 0x01, 0x01, 0x0b};
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir = cert_bundle(pairs), *from = src_path("tests/fixtures/certs/root.cer");
	char *p = xasprintf("%s/Root", dir), *q = xasprintf("%s/Root/md2.cer", dir);
	size_t n, i, patched = 0;
	uint8_t *der = read_all(from, &n);
	struct audit a;
	const struct result *r;

	(void)state;
	for (i = 0; i + sizeof(sha256rsa) <= n; i++) {
		if (memcmp(der + i, sha256rsa, sizeof(sha256rsa)) == 0) {
			der[i + sizeof(sha256rsa) - 1] = 0x02; /* 1.2.840.113549.1.1.2 */
			patched++;
		}
	}
	assert_int_equal(patched, 2);
	mkdir(p, 0700);
	write_file(q, der, n);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence(r, "store ROOT", "could not be checked with its own key"));
	assert_true(has_evidence(r, "store ROOT", "Windows does not check a root's own signature"));
	free(der);
	free(from);
	free(p);
	free(q);
	cert_audit_done(&a, dir);
}

/* ------------------------------------------ certificates made with OpenSSL */

static EVP_PKEY *test_key(const char *type)
{
	EVP_PKEY *k = strcmp(type, "RSA") == 0 ? EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048)
					       : EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	assert_non_null(k);
	return k;
}

static X509_NAME *dn(const char *const *rdn)
{
	X509_NAME *n = X509_NAME_new();
	size_t i;

	for (i = 0; rdn[i] != NULL; i += 2)
		assert_int_equal(X509_NAME_add_entry_by_txt(n, rdn[i], MBSTRING_UTF8,
							    (const unsigned char *)rdn[i + 1], -1,
							    -1, 0), 1);
	return n;
}

/* A CA certificate with this subject and issuer holding key, signed by
 * signer with md; its DER written to path. */
static void make_ca(const char *path, const char *const *subject, const char *const *issuer,
		    EVP_PKEY *key, EVP_PKEY *signer, const EVP_MD *md)
{
	X509 *x = X509_new();
	X509_NAME *sn = dn(subject), *in = dn(issuer);
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	unsigned char *der = NULL;
	int n;

	assert_int_equal(X509_set_version(x, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 4242);
	X509_set_subject_name(x, sn);
	X509_set_issuer_name(x, in);
	ASN1_TIME_set_string(X509_getm_notBefore(x), "20240101000000Z");
	ASN1_TIME_set_string(X509_getm_notAfter(x), "20440101000000Z");
	X509_set_pubkey(x, key);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(x, signer, md) > 0);
	n = i2d_X509(x, &der);
	assert_true(n > 0);
	write_file(path, der, (size_t)n);
	OPENSSL_free(der);
	X509_NAME_free(sn);
	X509_NAME_free(in);
	X509_free(x);
}

static const char *const contoso[] = {"CN", "Contoso Root CA", "O", "Contoso", "C", "US", NULL};

/* An MD5-signed root (OpenSSL verifies MD5) passes without a note; one
 * whose signature bytes are damaged (subject equals issuer, the signature
 * does not verify, no key identifiers) passes with the note. */
static void test_root_intermediate_pass_md5_and_damaged_roots(void **state)
{
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir = cert_bundle(pairs), *root = xasprintf("%s/Root", dir);
	char *md5 = xasprintf("%s/md5.cer", root), *bad = xasprintf("%s/damaged.cer", root);
	EVP_PKEY *k = test_key("RSA");
	struct audit a;
	const struct result *r;
	uint8_t *der;
	size_t n;

	(void)state;
	make_dirs(root);
	make_ca(md5, contoso, contoso, k, k, EVP_md5());
	make_ca(bad, (const char *const[]){"CN", "Damaged Root", NULL},
		(const char *const[]){"CN", "Damaged Root", NULL}, k, k, EVP_sha256());
	der = read_all(bad, &n);
	der[n - 1] ^= 0x5a; /* the last byte of the signature value */
	write_file(bad, der, n);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "all 2 certificates in logical Root"));
	assert_true(has_evidence(r, "store ROOT", "Damaged Root"));
	assert_true(has_evidence(r, "store ROOT", "its own key does not verify its signature"));
	assert_false(has_evidence(r, NULL, "Contoso Root CA"));
	assert_int_equal(count_results(&a, "trust.root.intermediate", ST_FAIL), 0);
	cert_audit_done(&a, dir);
	free(der);
	free(md5);
	free(bad);
	free(root);
	EVP_PKEY_free(k);
}

/* Look-alikes: another key signed a certificate whose issuer differs from
 * its subject only in case, in spacing, or in attribute order. Windows
 * compares the names as they are: an intermediate, a critical fail each. */
static void test_root_intermediate_fail_name_look_alikes(void **state)
{
	static const char *const upper[] = {"CN", "CONTOSO ROOT CA", "O", "Contoso", "C", "US", NULL};
	static const char *const spaced[] = {"CN", "Contoso  Root CA", "O", "Contoso", "C", "US", NULL};
	static const char *const order[] = {"C", "US", "O", "Contoso", "CN", "Contoso Root CA", NULL};
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir = cert_bundle(pairs), *root = xasprintf("%s/Root", dir), *p;
	EVP_PKEY *ca = test_key("EC"), *other = test_key("EC");
	const char *const *variants[] = {upper, spaced, order};
	struct audit a;
	size_t i;

	(void)state;
	make_dirs(root);
	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/lookalike%zu.cer", root, i);
		make_ca(p, contoso, variants[i], other, ca, EVP_sha256());
		free(p);
	}
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_int_equal(count_results(&a, "trust.root.intermediate", ST_FAIL), 3);
	for (i = 0; i < a.results.n; i++) {
		const char *m = a.results.v[i]->message;

		if (strcmp(a.results.v[i]->check->id, "trust.root.intermediate") != 0)
			continue;
		/* Case and spacing: the names fold to the same; order: they do not
		 * (names print last attribute first, so the reordered issuer
		 * prints CN first). */
		if (strstr(m, "issued by CN=") != NULL)
			assert_null(strstr(m, "case and spacing"));
		else
			assert_non_null(strstr(m, "matches its subject only when case and spacing "
					       "are ignored, and its own key does not verify"));
	}
	assert_int_equal(count_results(&a, "trust.root.intermediate", ST_PASS), 0);
	assert_int_equal(a.exit_code, 1);
	cert_audit_done(&a, dir);
	free(root);
	EVP_PKEY_free(ca);
	EVP_PKEY_free(other);
}

/* Every root of Debian's ca-certificates (real roots, most of them in
 * Microsoft's root program too) in one exported Root store (.sst, as
 * Export-Certificate or certmgr writes it): no fail, no warn. */
static void test_root_intermediate_real_root_list(void **state)
{
	static const char ca_dir[] = "/usr/share/ca-certificates/mozilla";
	const char *pairs[] = {HEALTHY_SYSTEM, "SYSTEM.hiv", NULL};
	char *dir, *sst, *ctl;
	struct strbuf out;
	struct audit a;
	const struct result *r;
	size_t count = 0, i, j, nfail = 0;
	DIR *d = opendir(ca_dir);
	struct dirent *e;

	(void)state;
	if (d == NULL) {
		print_message("skipped: %s is absent (Debian package ca-certificates)\n", ca_dir);
		skip();
		return;
	}
	dir = cert_bundle(pairs);
	sst = xasprintf("%s/Root.sst", dir);
	sb_init(&out);
	sb_addn(&out, "\0\0\0\0CERT", 8);
	while ((e = readdir(d)) != NULL) {
		char *path = xasprintf("%s/%s", ca_dir, e->d_name);
		FILE *fp = fopen(path, "r");
		X509 *x = fp != NULL ? PEM_read_X509(fp, NULL, NULL, NULL) : NULL;
		unsigned char *der = NULL, sha[20];
		int n = x != NULL ? i2d_X509(x, &der) : -1;

		if (n > 0) {
			uint32_t hdr[3];

			SHA1(der, (size_t)n, sha);
			hdr[0] = 3, hdr[1] = 1, hdr[2] = 20; /* SHA1_HASH property */
			sb_addn(&out, (const char *)hdr, sizeof(hdr));
			sb_addn(&out, (const char *)sha, 20);
			hdr[0] = 0x20, hdr[2] = (uint32_t)n; /* the certificate */
			sb_addn(&out, (const char *)hdr, sizeof(hdr));
			sb_addn(&out, (const char *)der, (size_t)n);
			count++;
		}
		OPENSSL_free(der);
		X509_free(x);
		if (fp != NULL)
			fclose(fp);
		free(path);
	}
	closedir(d);
	ERR_clear_error();
	sb_addn(&out, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);
	write_file(sst, out.s, out.len);
	assert_true(count >= 100);
	/* Microsoft's real root CTL beside them (it lists hashes, not
	 * certificates): recognised, not read, and no finding. */
	ctl = realworld_path("certstores/robstradling_authroot.stl");
	if (ctl != NULL) {
		char *sub = xasprintf("%s/AuthRoot", dir), *to = xasprintf("%s/authroot.stl", sub);

		make_dirs(sub);
		copy_file(ctl, to);
		free(sub);
		free(to);
	}
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	for (i = 0; i < a.results.n; i++) {
		const struct result *x = a.results.v[i];

		if (strcmp(x->check->id, "trust.root.intermediate") == 0 && x->status != ST_PASS) {
			print_message("%s %s\n", status_name(x->status), x->message);
			nfail++;
		}
	}
	assert_int_equal(nfail, 0);
	r = only_result(&a, "trust.root.intermediate");
	j = (size_t)strtoul(strstr(r->message, "all ") + 4, NULL, 10);
	assert_int_equal(j, count);
	if (ctl != NULL)
		assert_non_null(strstr(only_result(&a, "trust.store.readable")->message,
				       "certificate trust lists were recognised and not read"));
	free(ctl);
	cert_audit_done(&a, dir);
	sb_free(&out);
	free(sst);
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

/* The result of check id whose target contains part, in a list. */
static const struct result *list_result(const struct result_list *l, const char *id,
					const char *part)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->check->id, id) == 0 && strstr(l->v[i]->target, part) != NULL)
			return l->v[i];
	fail_msg("no %s result for %s", id, part);
	return NULL;
}

/* A CRL cut at MAX_REVOKED serials: a certificate not among those read is
 * not known to be unrevoked, so the check says it cannot tell (ne), not
 * that it is fine. The facts of the revoking CRL are changed by hand to
 * look cut (200,001 entries would make the test slow), with its one
 * serial replaced so the TLS certificate is not among those read. */
static void test_crl_cached_ne_when_the_crl_was_truncated(void **state)
{
	const char *pairs[] = {MISC, "SOFTWARE.hiv", "tests/fixtures/hives/system-tls-clientonly.hiv",
			       "SYSTEM.hiv", NULL};
	struct audit a;
	struct result_list l;
	const struct result *r;
	const struct crl *hit;
	struct crl *c = NULL;
	char *dir;
	size_t i;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	for (i = 0; i < a.facts.certs.ncrls; i++)
		if (strcmp(a.facts.certs.crls[i].issuer_cn, "Contoso Issuing CA") == 0)
			c = &a.facts.certs.crls[i];
	assert_non_null(c);
	assert_int_equal(c->nrevoked, 1);
	free(c->revoked[0]);
	c->revoked[0] = xstrdup("01");
	c->revoked_truncated = 1;
	memset(&l, 0, sizeof(l));
	checks_run(&a.facts, &l);
	r = list_result(&l, "trust.crl.cached", "TLS (0.0.0.0:443)");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "is revoked is unknown"));
	assert_non_null(strstr(r->message, "more than the 1 revoked serial numbers read"));
	assert_true(has_evidence(r, "CRLs", "3938A7B29E28070D73E1FAD32A95F1F7"));
	for (i = 0; i < a.facts.certs.ncerts; i++)
		if (strcmp(a.facts.certs.certs[i].serial, "3938A7B29E28070D73E1FAD32A95F1F7") == 0)
			assert_int_equal(certs_revoked(&a.facts.certs, &a.facts.certs.certs[i], &hit),
					 -1);
	assert_ptr_equal(hit, c);
	/* Not cut: the same absence means not revoked. */
	c->revoked_truncated = 0;
	result_list_free(&l);
	memset(&l, 0, sizeof(l));
	checks_run(&a.facts, &l);
	for (i = 0; i < l.n; i++)
		assert_false(strcmp(l.v[i]->check->id, "trust.crl.cached") == 0 &&
			     strstr(l.v[i]->target, "TLS (0.0.0.0:443)") != NULL);
	result_list_free(&l);
	cert_audit_done(&a, dir);
}

/* No certificate NDES uses: the CDP line is ne, not a pass about nothing. */
static void test_crl_cached_ne_without_ndes_certificates(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/root.cer", "Root/root.cer", NULL};
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = cert_audit_pairs(&a, pairs);
	r = only_result(&a, "trust.crl.cached");
	assert_int_equal(r->status, ST_NE);
	assert_string_equal(r->target, "CDP URLs");
	assert_non_null(strstr(r->message, "no certificate that NDES uses"));
	assert_null(strstr(r->message, "whether they can be reached"));
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
					   "not the SHA-1 of the element it holds (D60CAE76"));
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

/* Exported files only: no registry element, so no claim about key names. */
static void test_store_readable_pass_files_make_no_registry_claim(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	cert_audit_sample(&a, "exported-stores", AS_OF_2026_06_01);
	r = only_result(&a, "trust.store.readable");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "no registry element, so no key name to compare"));
	assert_null(strstr(r->message, "every registry element"));
	cert_audit_done(&a, NULL);
}

/* Stores that hold nothing: na with the reason, not a pass about nothing. */
static void test_store_readable_na_for_empty_stores(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/Root.sst", dir);
	struct audit a;
	const struct result *r;

	(void)state;
	write_file(p, "\0\0\0\0CERT\0\0\0\0\0\0\0\0\0\0\0\0", 20);
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	r = only_result(&a, "trust.store.readable");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "hold no element"));
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "holds no certificate"));
	free(p);
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
	assert_non_null(strstr(r->message, "is valid until 2099-12-15"));
	assert_true(has_evidence(r, "PFXCertificateConnector\\EncryptionCertThumbprint",
			   "7783581E6E2399F6068403134042D9A246B20C49"));
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
	cert_audit_sample(&a, "healthy", days_from_civil(2099, 12, 1) * 86400);
	r = only_result(&a, "connector.cert.validity");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "expires on 2099-12-15, 14 days after"));
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

/* ------------------------------------------------ Group Policy registry.pol */

static void put_u16s(unsigned char **p, const char *ascii)
{
	for (; *ascii != '\0'; ascii++) {
		*(*p)++ = (unsigned char)*ascii;
		*(*p)++ = 0;
	}
}

static void put_u32(unsigned char **p, uint32_t v)
{
	(*p)[0] = (unsigned char)v;
	(*p)[1] = (unsigned char)(v >> 8);
	(*p)[2] = (unsigned char)(v >> 16);
	(*p)[3] = (unsigned char)(v >> 24);
	*p += 4;
}

/* A registry.pol (PReg, as the Group Policy editor writes it) with one
 * entry: the certificate in DER as a Blob under the GPO's SystemCertificates
 * store STORE (property 0x20 record: id, reserved 1, length, data). */
static void write_regpol(const char *path, const char *store, const unsigned char *der, size_t n)
{
	unsigned char sha[SHA_DIGEST_LENGTH], *buf = xmalloc(4096 + 2 * n), *p = buf;
	char key[256];
	size_t i;
	int k;

	SHA1(der, n, sha);
	k = snprintf(key, sizeof(key), "Software\\Policies\\Microsoft\\SystemCertificates\\%s\\Certificates\\",
		     store);
	for (i = 0; i < SHA_DIGEST_LENGTH; i++)
		k += snprintf(key + k, sizeof(key) - (size_t)k, "%02X", sha[i]);
	memcpy(p, "PReg\1\0\0\0", 8);
	p += 8;
	put_u16s(&p, "[");
	put_u16s(&p, key);
	put_u16s(&p, "");
	*p++ = 0;
	*p++ = 0;
	put_u16s(&p, ";Blob");
	*p++ = 0;
	*p++ = 0;
	put_u16s(&p, ";");
	put_u32(&p, 3); /* REG_BINARY */
	put_u16s(&p, ";");
	put_u32(&p, (uint32_t)(12 + n));
	put_u16s(&p, ";");
	put_u32(&p, 0x20);
	put_u32(&p, 1);
	put_u32(&p, (uint32_t)n);
	memcpy(p, der, n);
	p += n;
	put_u16s(&p, "]");
	write_file(path, buf, (size_t)(p - buf));
	free(buf);
}

#define TEST_GPO "{6AC1786C-016F-11D2-945F-00C04FB984F9}"

/* Issue 13.5: a GPO's registry.pol that pushes the issuing CA into Root:
 * the certificate joins logical Root from that GPO, and the check names
 * the GPO. */
static void test_root_intermediate_fail_pushed_by_gpo_registry_pol(void **state)
{
	char *dir = scratch_dir(), *gpodir = xasprintf("%s/Policies/" TEST_GPO "/Machine", dir);
	char *pol = xasprintf("%s/registry.pol", gpodir), *sys, *sw, *cer = src_path("tests/fixtures/certs/issuing.cer");
	size_t n;
	unsigned char *der = read_all(cer, &n);
	struct audit a;
	const struct result *r;

	(void)state;
	make_dirs(gpodir);
	sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	write_regpol(pol, "Root", der, n);
	audit_one(&a, dir);
	r = only_result(&a, "trust.root.intermediate");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "The GPO " TEST_GPO " pushes it into Root"));
	assert_non_null(strstr(r->message, "Group Policy Root"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(gpodir);
	free(pol);
	free(sys);
	free(sw);
	free(cer);
	free(der);
}

/* A registry.pol cut short: an error naming the file and the entry's
 * offset; the other checks still run. */
static void test_registry_pol_truncated_is_error(void **state)
{
	char *dir = scratch_dir(), *pol = xasprintf("%s/registry.pol", dir);
	char *cer = src_path("tests/fixtures/certs/issuing.cer"), *sys;
	size_t n, m;
	unsigned char *der = read_all(cer, &n), *bytes;
	struct audit a;
	const struct artifact *art = NULL;
	size_t i;

	(void)state;
	write_regpol(pol, "Root", der, n);
	bytes = read_all(pol, &m);
	write_file(pol, bytes, m - 40);
	sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++)
		if (a.bundle.arts[i].kind == ART_GPO_REGPOL)
			art = &a.bundle.arts[i];
	assert_non_null(art);
	assert_int_equal(art->status, ART_ERROR);
	assert_non_null(strstr(art->error, "registry.pol: entry 1 at byte offset 8: the data runs past"));
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(pol);
	free(cer);
	free(sys);
	free(der);
	free(bytes);
}

/* The real registry.pol of a published GPO backup (37 certificate Blobs
 * in Root and CA): every Blob joins its store with the GPO named. */
static void test_realworld_registry_pol_joins_stores(void **state)
{
	char *dir = scratch_dir();
	struct audit a;
	size_t i, gpo = 0;

	(void)state;
	if (stage_realworld_gpo(dir, NULL) != 0) {
		rm_rf(dir);
		free(dir);
		skip(); /* ../shared/realworld/gpo/ absent */
	}
	audit_one(&a, dir);
	for (i = 0; i < a.facts.certs.nplaces; i++) {
		const struct cert_place *p = &a.facts.certs.places[i];

		if (p->origin != CORIGIN_GPO)
			continue;
		gpo++;
		assert_non_null(strstr(p->location, "GPO " REALWORLD_GPO_GUID));
		assert_true(place_in_store(p, "ROOT") || place_in_store(p, "CA"));
	}
	assert_int_equal(gpo, 37);
	for (i = 0; i < a.facts.certs.nproblems; i++)
		fail_msg("problem: %s", a.facts.certs.problems[i].message);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_intermediate_pass_healthy),
		cmocka_unit_test(test_root_intermediate_fail_pushed_by_gpo),
		cmocka_unit_test(test_root_intermediate_pass_cross_certificate_with_note),
		cmocka_unit_test(test_root_intermediate_fail_local_root_and_error_for_unreadable_blobs),
		cmocka_unit_test(test_root_intermediate_ne_without_stores),
		cmocka_unit_test(test_root_intermediate_error_when_the_only_root_store_is_damaged),
		cmocka_unit_test(test_root_intermediate_pass_md2_root_with_note),
		cmocka_unit_test(test_root_intermediate_pass_md5_and_damaged_roots),
		cmocka_unit_test(test_root_intermediate_fail_name_look_alikes),
		cmocka_unit_test(test_root_intermediate_real_root_list),
		cmocka_unit_test(test_chain_pass_healthy_for_every_certificate_ndes_uses),
		cmocka_unit_test(test_chain_fail_missing_issuer_named),
		cmocka_unit_test(test_chain_fail_expired_link),
		cmocka_unit_test(test_chain_fail_untrusted_root_and_disallowed),
		cmocka_unit_test(test_chain_ne_without_certificates_ndes_uses),
		cmocka_unit_test(test_chain_error_when_my_cannot_be_read),
		cmocka_unit_test(test_crl_cached_pass_lists_cdp_urls),
		cmocka_unit_test(test_crl_cached_fail_out_of_date_and_revoked),
		cmocka_unit_test(test_crl_cached_ne_and_error),
		cmocka_unit_test(test_crl_cached_ne_when_the_crl_was_truncated),
		cmocka_unit_test(test_crl_cached_ne_without_ndes_certificates),
		cmocka_unit_test(test_crl_signature_verified_or_not_believed),
		cmocka_unit_test(test_crl_signature_not_checked_without_issuer),
		cmocka_unit_test(test_store_readable_pass_healthy),
		cmocka_unit_test(test_store_readable_warn_and_error_for_damaged_elements),
		cmocka_unit_test(test_store_readable_ne_and_error_for_files),
		cmocka_unit_test(test_store_readable_pass_files_make_no_registry_claim),
		cmocka_unit_test(test_store_readable_na_for_empty_stores),
		cmocka_unit_test(test_connector_cert_pass_healthy),
		cmocka_unit_test(test_connector_cert_fail_expired_and_warn_expiring),
		cmocka_unit_test(test_connector_cert_fail_not_a_thumbprint_or_not_in_my),
		cmocka_unit_test(test_connector_cert_na_with_the_legacy_connector),
		cmocka_unit_test(test_connector_cert_ne_and_error_without_software),
		cmocka_unit_test(test_root_intermediate_fail_pushed_by_gpo_registry_pol),
		cmocka_unit_test(test_realworld_registry_pol_joins_stores),
		cmocka_unit_test(test_registry_pol_truncated_is_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
