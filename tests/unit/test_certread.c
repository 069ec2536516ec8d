/* Certificate readers: registry Blobs (the real GPO specimens included),
 * serialized stores, DER/PEM/PKCS#7/PKCS#12 files, trust lists, content
 * sniffing, store names, and hostile inputs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "read/certread.h"
#include "ndes-audit/util.h"
#include "certtest.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Append one serialized record to buf (len updated). */
static void rec(uint8_t **buf, size_t *len, uint32_t id, const void *data, size_t n)
{
	*buf = xrealloc(*buf, *len + 12 + n);
	put32(*buf + *len, id);
	put32(*buf + *len + 4, 1);
	put32(*buf + *len + 8, (uint32_t)n);
	if (n > 0)
		memcpy(*buf + *len + 12, data, n);
	*len += 12 + n;
}

static uint8_t *fixture(const char *rel, size_t *n)
{
	char *p = src_path(rel);
	uint8_t *d = read_all(p, n);

	free(p);
	return d;
}

/* A Blob as Windows writes it: SHA1_HASH then the certificate. */
static uint8_t *make_blob(const uint8_t *der, size_t n, size_t *len)
{
	uint8_t md[20], *b = NULL;
	unsigned mdlen = 0;

	*len = 0;
	EVP_Digest(der, n, md, &mdlen, EVP_sha1(), NULL);
	rec(&b, len, 3, md, 20);
	rec(&b, len, 0x20, der, n);
	return b;
}

/* ------------------------------------------------------------------ Blobs */

/* PReg (registry.pol): "PReg", version 1, then [key;value;type;size;data]
 * with UTF-16LE delimiters (formats.md 2.1). */
static void test_blob_real_gpo_specimens_parse_and_match_key_names(void **state)
{
	char *path = realworld_path("gpo/nsa-wshb-certificates-registry.pol");
	uint8_t *d;
	size_t n, i = 8, blobs = 0;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	d = read_all(path, &n);
	assert_memory_equal(d, "PReg\x01\x00\x00\x00", 8);
	while (i + 2 <= n) {
		size_t ks, ke, vs, ve, size;
		uint32_t type;
		char *key, *val;

		assert_true(d[i] == '[' && d[i + 1] == 0);
		ks = i += 2;
		while (i + 1 < n && (d[i] | d[i + 1]) != 0)
			i += 2;
		ke = i;
		i += 4; /* NUL, ';' */
		vs = i;
		while (i + 1 < n && (d[i] | d[i + 1]) != 0)
			i += 2;
		ve = i;
		i += 4;
		type = (uint32_t)d[i] | ((uint32_t)d[i + 1] << 8);
		i += 6;
		size = (size_t)d[i] | ((size_t)d[i + 1] << 8) | ((size_t)d[i + 2] << 16);
		i += 6;
		key = utf16le_to_utf8(d + ks, ke - ks);
		val = utf16le_to_utf8(d + vs, ve - vs);
		if (strcmp(val, "Blob") == 0) {
			struct cert_elem el;
			struct nerr e;
			char *sha;
			const char *name = strrchr(key, '\\') + 1;

			assert_int_equal(type, 3);
			nerr_clear(&e);
			assert_int_equal(certblob_parse(d + i, size, &el, &e), 0);
			assert_int_equal(el.kind, CELEM_CERT);
			assert_true(el.has_sha1_prop);
			assert_memory_equal(el.sha1_prop, el.sha1, 20);
			sha = hex_encode(el.sha1, 20, 1);
			assert_string_equal(sha, name); /* the key name is the SHA-1 of the DER */
			free(sha);
			assert_null(el.problem);
			cert_elem_clear(&el);
			blobs++;
		}
		free(key);
		free(val);
		i += size + 2; /* data, ']' */
	}
	assert_int_equal(blobs, 37);
	free(d);
	free(path);
}

static void test_blob_truncated_at_every_length_is_an_error(void **state)
{
	size_t n, len, cut;
	uint8_t *der = fixture("tests/fixtures/certs/tls.cer", &n), *b = make_blob(der, n, &len);

	(void)state;
	for (cut = 0; cut < len; cut++) {
		struct cert_elem el;
		struct nerr e;

		nerr_clear(&e);
		assert_int_equal(certblob_parse(b, cut, &el, &e), -1);
		assert_non_null(strstr(e.msg, cut == 0 ? "empty" : "offset"));
		assert_null(el.der);
	}
	free(b);
	free(der);
}

static void test_blob_property_length_past_the_end(void **state)
{
	uint8_t *b = NULL, junk[20] = {0};
	size_t len = 0;
	struct cert_elem el;
	struct nerr e;

	(void)state;
	rec(&b, &len, 3, junk, 20);
	put32(b + 8, 0xfffffff0u); /* the length field */
	nerr_clear(&e);
	assert_int_equal(certblob_parse(b, len, &el, &e), -1);
	assert_string_equal(e.msg, "offset 0: record id 3 claims 4294967280 bytes, but only 20 remain");
	free(b);
}

static void test_blob_parses_key_prov_info_and_checks_its_offsets(void **state)
{
	size_t n, len = 0;
	uint8_t *der = fixture("tests/fixtures/certs/ra-sign.cer", &n), *b = NULL, kpi[200];
	const char *c = "KEYCONTAINER-x", *prov = "Microsoft Strong Cryptographic Provider";
	size_t cl = strlen(c), pl = strlen(prov), i, off_c = 28, off_p = 28 + 2 * (cl + 1);
	struct cert_elem el;
	struct nerr e;

	(void)state;
	memset(kpi, 0, sizeof(kpi));
	put32(kpi, (uint32_t)off_c);
	put32(kpi + 4, (uint32_t)off_p);
	put32(kpi + 8, 1);      /* PROV_RSA_FULL */
	put32(kpi + 12, 0x20);  /* CRYPT_MACHINE_KEYSET */
	put32(kpi + 24, 2);     /* AT_SIGNATURE */
	for (i = 0; i < cl; i++)
		kpi[off_c + 2 * i] = (uint8_t)c[i];
	for (i = 0; i < pl; i++)
		kpi[off_p + 2 * i] = (uint8_t)prov[i];
	rec(&b, &len, 2, kpi, off_p + 2 * (pl + 1));
	rec(&b, &len, 0x20, der, n);
	nerr_clear(&e);
	assert_int_equal(certblob_parse(b, len, &el, &e), 0);
	assert_non_null(el.kpi);
	assert_string_equal(el.kpi->provider, prov);
	assert_string_equal(el.kpi->container, c);
	assert_int_equal(el.kpi->prov_type, 1);
	assert_int_equal(el.kpi->key_spec, 2);
	assert_int_equal(el.kpi->flags, 0x20);
	cert_elem_clear(&el);

	/* The provider offset past the property: a problem, no key reference. */
	put32(b + 12 + 4, 5000);
	assert_int_equal(certblob_parse(b, len, &el, &e), 0);
	assert_null(el.kpi);
	assert_non_null(strstr(el.problem, "provider name offset 5000 is outside the property"));
	cert_elem_clear(&el);

	/* A provider name without its terminating NUL. */
	put32(b + 12 + 4, (uint32_t)off_p);
	b[12 + off_p + 2 * pl] = 'x';
	assert_int_equal(certblob_parse(b, len, &el, &e), 0);
	assert_null(el.kpi);
	assert_non_null(strstr(el.problem, "no terminating NUL"));
	cert_elem_clear(&el);
	free(b);
	free(der);
}

static void test_blob_checks_property_lengths(void **state)
{
	size_t n, len = 0;
	uint8_t *der = fixture("tests/fixtures/certs/root.cer", &n), *b = NULL, short_kpi[10] = {0};
	struct cert_elem el;
	struct nerr e;

	(void)state;
	rec(&b, &len, 3, "0123456789", 10);      /* SHA1_HASH of 10 bytes */
	rec(&b, &len, 2, short_kpi, sizeof(short_kpi));
	rec(&b, &len, 11, "abc", 3);              /* odd UTF-16 length */
	rec(&b, &len, 9, "", 0);                  /* empty EKU */
	rec(&b, &len, 0x20, der, n);
	nerr_clear(&e);
	assert_int_equal(certblob_parse(b, len, &el, &e), 0);
	assert_false(el.has_sha1_prop);
	assert_null(el.kpi);
	assert_null(el.friendly_name);
	assert_false(el.has_eku_prop);
	assert_non_null(strstr(el.problem, "SHA1_HASH property is 10 bytes, not 20"));
	assert_non_null(strstr(el.problem, "KEY_PROV_INFO is 10 bytes"));
	assert_non_null(strstr(el.problem, "odd length"));
	assert_non_null(strstr(el.problem, "ENHKEY_USAGE property is empty"));
	cert_elem_clear(&el);
	free(b);
	free(der);
}

static void test_blob_rejects_trailing_bytes_end_marker_and_bad_ids(void **state)
{
	size_t n, len;
	uint8_t *der = fixture("tests/fixtures/certs/root.cer", &n), *b = make_blob(der, n, &len);
	uint8_t *m = NULL;
	size_t mlen = 0;
	struct cert_elem el;
	struct nerr e;

	(void)state;
	b = xrealloc(b, len + 3);
	memcpy(b + len, "xyz", 3);
	nerr_clear(&e);
	assert_int_equal(certblob_parse(b, len + 3, &el, &e), -1);
	assert_non_null(strstr(e.msg, "3 bytes after the certificate record"));
	rec(&m, &mlen, 0, NULL, 0);
	assert_int_equal(certblob_parse(m, mlen, &el, &e), -1);
	assert_non_null(strstr(e.msg, "end marker inside a single element"));
	mlen = 0;
	rec(&m, &mlen, 0x12345, "ab", 2);
	assert_int_equal(certblob_parse(m, mlen, &el, &e), -1);
	assert_non_null(strstr(e.msg, "neither a property"));
	free(m);
	free(b);
	free(der);
}

/* ------------------------------------------------------------------- SST */

static void test_sst_reads_elements_and_properties(void **state)
{
	size_t n;
	uint8_t *d = fixture("tests/fixtures/certs/my.sst", &n);
	struct cert_elems l = {0};
	char *warn = NULL;
	struct nerr e;
	size_t i;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(sst_parse(d, n, &l, &warn, &e), 0);
	assert_null(warn);
	assert_int_equal(l.n, 5);
	for (i = 0; i < l.n; i++) {
		assert_int_equal(l.v[i].kind, CELEM_CERT);
		assert_non_null(l.v[i].kpi);
		assert_true(l.v[i].has_sha1_prop);
		assert_memory_equal(l.v[i].sha1_prop, l.v[i].sha1, 20);
		assert_int_equal(l.v[i].index, i + 1);
	}
	assert_string_equal(l.v[0].friendly_name, "NDES01 TLS");
	cert_elems_free(&l);
	free(d);
}

static void test_sst_without_end_marker_is_read_with_a_warning(void **state)
{
	size_t n;
	uint8_t *d = fixture("tests/fixtures/certs/my.sst", &n);
	struct cert_elems l = {0};
	char *warn = NULL;
	struct nerr e;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(sst_parse(d, n - 12, &l, &warn, &e), 0);
	assert_int_equal(l.n, 5);
	assert_non_null(strstr(warn, "without its 12-byte end marker"));
	free(warn);
	cert_elems_free(&l);
	free(d);
}

static void test_sst_whose_records_never_end_terminates_with_an_error(void **state)
{
	size_t n, big = 4u * 1024u * 1024u, i;
	uint8_t *d = fixture("tests/fixtures/certs/my.sst", &n), *endless;
	struct cert_elems l = {0};
	char *warn = NULL;
	struct nerr e;

	(void)state;
	/* The last record runs past the end of the file. */
	nerr_clear(&e);
	assert_int_equal(sst_parse(d, n - 40, &l, &warn, &e), -1);
	assert_non_null(strstr(e.msg, "element 5: offset"));
	assert_non_null(strstr(e.msg, "remain"));
	cert_elems_free(&l);
	/* 4 MB of empty properties that never reach a certificate. */
	endless = xcalloc(1, big);
	memcpy(endless, "\0\0\0\0CERT", 8);
	for (i = 8; i + 12 <= big; i += 12) {
		put32(endless + i, 19); /* ARCHIVED: an empty property */
		put32(endless + i + 4, 1);
	}
	assert_int_equal(sst_parse(endless, big, &l, &warn, &e), -1);
	assert_non_null(strstr(e.msg, "more than 512 properties"));
	cert_elems_free(&l);
	/* Property records up to the very end, then nothing. */
	assert_int_equal(sst_parse(endless, 8 + 12 * 100, &l, &warn, &e), -1);
	assert_non_null(strstr(e.msg, "record header truncated"));
	cert_elems_free(&l);
	/* Not a serialized store at all. */
	assert_int_equal(sst_parse((const uint8_t *)"SQLite format 3", 15, &l, &warn, &e), -1);
	assert_non_null(strstr(e.msg, "no 00000000 'CERT' header"));
	free(endless);
	free(d);
}

static void test_sst_data_after_the_end_marker_is_a_warning(void **state)
{
	size_t n;
	uint8_t *d = fixture("tests/fixtures/certs/my.sst", &n);
	struct cert_elems l = {0};
	char *warn = NULL;
	struct nerr e;

	(void)state;
	d = xrealloc(d, n + 5);
	memcpy(d + n, "extra", 5);
	nerr_clear(&e);
	assert_int_equal(sst_parse(d, n + 5, &l, &warn, &e), 0);
	assert_non_null(strstr(warn, "5 bytes after the end marker"));
	free(warn);
	cert_elems_free(&l);
	free(d);
}

/* ---------------------------------------------------------------- sniffing */

static void test_sniff_by_content(void **state)
{
	static const char *const files[][2] = {
		{"tests/fixtures/certs/my.sst", "certstore.sst"},
		{"tests/fixtures/certs/tls.cer", "cert.x509"},
		{"tests/fixtures/certs/chain.pem", "cert.x509"},
		{"tests/fixtures/certs/chain.p7b", "cert.pkcs7"},
		{"tests/fixtures/certs/root.crl", "cert.crl"},
		{"tests/fixtures/certs/ra-sign.pfx", "cert.pkcs12"},
		{"tests/fixtures/hives/other.hiv", "hive"},
	};
	const char *note;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		uint8_t *d = fixture(files[i][0], &n);

		assert_string_equal(artifact_kind_name(discover_sniff(d, n < DISCOVER_HEAD ? n
										    : DISCOVER_HEAD,
									&note)),
				    files[i][1]);
		free(d);
	}
	/* A PEM private key alone is recognised and not read. */
	assert_int_equal(discover_sniff((const unsigned char *)"-----BEGIN PRIVATE KEY-----\nMII\n",
					32, &note),
			 ART_UNKNOWN);
	assert_non_null(strstr(note, "private keys are never read"));
	/* UTF-16LE PEM with a BOM. */
	{
		const char *t = "-----BEGIN CERTIFICATE-----\n";
		unsigned char u[128];
		size_t k;

		u[0] = 0xff;
		u[1] = 0xfe;
		for (k = 0; t[k] != '\0'; k++) {
			u[2 + 2 * k] = (unsigned char)t[k];
			u[3 + 2 * k] = 0;
		}
		assert_int_equal(discover_sniff(u, 2 + 2 * k, &note), ART_CERT_X509);
	}
	/* DER garbage and a header-only look-alike are nobody's. */
	assert_int_equal(discover_sniff((const unsigned char *)"\x30\x82\x01\x00\x05\x00", 6, &note),
			 ART_UNKNOWN);
	assert_int_equal(discover_sniff((const unsigned char *)"\x00\x00\x00\x00" "CERX", 8, &note),
			 ART_UNKNOWN);
	/* A request (CSR) without attributes and a PKCS#8 key are not certificates. */
	assert_int_equal(discover_sniff((const unsigned char *)"\x30\x0d\x30\x07\x02\x01\x00\x30\x00"
					"\x30\x00\x30\x00\x03\x00", 15, &note),
			 ART_UNKNOWN);
	assert_int_equal(discover_sniff((const unsigned char *)"\x30\x0a\x02\x01\x00\x30\x00"
					"\x04\x03\x01\x02\x03", 12, &note),
			 ART_UNKNOWN);
}

static void test_sniff_recognises_the_real_trust_list(void **state)
{
	char *path = realworld_path("certstores/robstradling_authroot.stl");
	const char *note;
	uint8_t *d;
	size_t n;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	d = read_all(path, &n);
	assert_int_equal(discover_sniff(d, DISCOVER_HEAD, &note), ART_CERT_CTL);
	free(d);
	free(path);
}

/* ------------------------------------------------------------ whole files */

static const struct artifact *art(const struct audit *a, const char *suffix)
{
	size_t i;

	for (i = 0; i < a->bundle.n; i++)
		if (ascii_casesuffix(a->bundle.arts[i].path, suffix))
			return &a->bundle.arts[i];
	fail_msg("no artifact %s", suffix);
	return NULL;
}

static void test_files_of_every_kind_are_read_into_their_stores(void **state)
{
	const char *pairs[] = {
		"tests/fixtures/certs/my.sst", "certs/My.sst",
		"tests/fixtures/certs/chain.p7b", "certs/Intermediate/chain.p7b",
		"tests/fixtures/certs/chain.pem", "certs/CA/chain.pem",
		"tests/fixtures/certs/root.cer", "certs/Root/contoso-root.cer",
		"tests/fixtures/certs/issuing-lapsed.crl", "certs/ca/issuing.crl",
		"tests/fixtures/certs/fabrikam-root.cer", "certs/fabrikam.cer",
		NULL};
	char *dir = cert_bundle(pairs);
	struct audit a;
	const struct artifact *x;
	const struct certfile *cf;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	x = art(&a, "/My.sst");
	assert_int_equal(x->kind, ART_CERT_SST);
	assert_int_equal(x->status, ART_OK);
	cf = artifact_certfile(x);
	assert_string_equal(cf->store, "MY");
	assert_true(cf->has_props);
	assert_non_null(strstr(x->note, "store MY (file name My.sst): 5 certificates"));
	x = art(&a, "/chain.p7b");
	assert_int_equal(x->kind, ART_CERT_PKCS7);
	assert_non_null(strstr(x->note, "store CA (folder name Intermediate): 2 certificates, 1 CRL"));
	x = art(&a, "/chain.pem");
	assert_int_equal(x->kind, ART_CERT_X509);
	assert_non_null(strstr(x->note, "store CA (folder name CA): 2 certificates"));
	x = art(&a, "/contoso-root.cer");
	assert_non_null(strstr(x->note, "store ROOT (folder name Root): 1 certificate"));
	x = art(&a, "/issuing.crl");
	assert_int_equal(x->kind, ART_CERT_CRL);
	assert_non_null(strstr(x->note, "store CA (folder name ca): 0 certificates, 1 CRL"));
	x = art(&a, "/fabrikam.cer");
	assert_null(artifact_certfile(x)->store);
	assert_non_null(strstr(x->note, "no store"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_pkcs12_right_password_reads_certificates_only(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/ra-sign.pfx", "My/ra.pfx",
			       "tests/fixtures/certs/ra-sign-rc2.pfx", "My/ra-rc2.pfx", NULL};
	char *dir = cert_bundle(pairs);
	struct certread_options co = {"Pfx-Test-Passw0rd!", 18, NULL, 0};
	struct audit a;
	const struct artifact *x;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, &co);
	x = art(&a, "/ra.pfx");
	assert_int_equal(x->kind, ART_CERT_PKCS12);
	assert_int_equal(x->status, ART_OK);
	assert_non_null(strstr(x->note, "store MY (folder name My): 1 certificate"));
	assert_int_equal(x->nwarnings, 1);
	assert_non_null(strstr(x->warnings[0], "1 private key in the file left unread"));
	assert_int_equal(artifact_certfile(x)->elems.n, 1);
	/* RC2-40 certificate bags, as Windows before Server 2019 writes them. */
	x = art(&a, "/ra-rc2.pfx");
	assert_int_equal(x->status, ART_OK);
	assert_non_null(strstr(x->note, "store MY (folder name My): 1 certificate"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_pkcs12_wrong_password_is_an_error_for_that_file_alone(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/ra-sign.pfx", "My/ra.pfx",
			       "tests/fixtures/certs/my.sst", "My.sst", NULL};
	char *dir = cert_bundle(pairs);
	struct certread_options co = {"wrong", 5, NULL, 0};
	struct audit a;
	const struct artifact *x;

	(void)state;
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, &co);
	x = art(&a, "/ra.pfx");
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "ra.pfx: the password from --pfx-password-file does not "
					 "open this PKCS#12 file"));
	assert_null(strstr(x->error, "wrong"));
	assert_int_equal(art(&a, "/My.sst")->status, ART_OK);
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	/* Without a password file. */
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	x = art(&a, "/ra.pfx");
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "protected by a password: give it with --pfx-password-file"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

/* ------------------------------------------------- PKCS#12 iteration caps */

#define PFX_PW "Pfx-Test-Passw0rd!"

static PKCS12 *load_pfx(const char *rel)
{
	char *path = src_path(rel);
	size_t n;
	unsigned char *der = read_all(path, &n);
	const unsigned char *p = der;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)n);

	assert_non_null(p12);
	free(der);
	free(path);
	return p12;
}

static void save_pfx(PKCS12 *p12, const char *path)
{
	unsigned char *der = NULL;
	int len = i2d_PKCS12(p12, &der);

	assert_true(len > 0);
	write_file(path, der, (size_t)len);
	OPENSSL_free(der);
}

/* The ASN.1 parameters of an algorithm, decoded, changed by set, encoded. */
static void repack(X509_ALGOR *alg, const ASN1_ITEM *it, void (*set)(void *, int64_t), int64_t v)
{
	void *par = ASN1_TYPE_unpack_sequence(it, alg->parameter);

	assert_non_null(par);
	set(par, v);
	assert_non_null(ASN1_TYPE_pack_sequence(it, par, &alg->parameter));
	ASN1_item_free(par, it);
}

static void set_pbe_iter(void *par, int64_t v)
{
	assert_int_equal(ASN1_INTEGER_set_int64(((PBEPARAM *)par)->iter, v), 1);
}

static void set_pbkdf2_iter(void *par, int64_t v)
{
	assert_int_equal(ASN1_INTEGER_set_int64(((PBKDF2PARAM *)par)->iter, v), 1);
}

static void set_pbes2_kdf_iter(void *par, int64_t v)
{
	repack(((PBE2PARAM *)par)->keyfunc, ASN1_ITEM_rptr(PBKDF2PARAM), set_pbkdf2_iter, v);
}

/* The file re-encoded by OpenSSL with the iteration count of every
 * encrypted safe set to v (the MAC no longer matches: the reader must
 * refuse the count before it checks the MAC). */
static void set_safe_iters(PKCS12 *p12, int64_t v)
{
	STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
	int i, n = 0;

	assert_non_null(safes);
	for (i = 0; i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);
		X509_ALGOR *alg;

		if (OBJ_obj2nid(p7->type) != NID_pkcs7_encrypted)
			continue;
		alg = p7->d.encrypted->enc_data->algorithm;
		if (OBJ_obj2nid(alg->algorithm) == NID_pbes2)
			repack(alg, ASN1_ITEM_rptr(PBE2PARAM), set_pbes2_kdf_iter, v);
		else
			repack(alg, ASN1_ITEM_rptr(PBEPARAM), set_pbe_iter, v);
		n++;
	}
	assert_int_equal(n, 1);
	assert_int_equal(PKCS12_pack_authsafes(p12, safes), 1);
	sk_PKCS7_pop_free(safes, PKCS7_free);
}

/* The fixture's certificate and key exported again by OpenSSL with
 * PBES2/PBKDF2 + AES-256 (as Windows Server 2019 and later, and OpenSSL 3,
 * write them) at a Windows-like count. */
static PKCS12 *pbes2_pfx(int iter)
{
	PKCS12 *in = load_pfx("tests/fixtures/certs/ra-sign.pfx"), *out;
	EVP_PKEY *key = NULL;
	X509 *x = NULL;

	assert_int_equal(PKCS12_parse(in, PFX_PW, &key, &x, NULL), 1);
	out = PKCS12_create(PFX_PW, "ra", key, x, NULL, NID_aes_256_cbc, NID_aes_256_cbc, iter, iter,
			    0);
	assert_non_null(out);
	EVP_PKEY_free(key);
	X509_free(x);
	PKCS12_free(in);
	return out;
}

static const char *pfx_error(const struct audit *a, const char *suffix)
{
	const struct artifact *x = art(a, suffix);

	assert_int_equal(x->status, ART_ERROR);
	return x->error;
}

/* A PFX declaring 2^31-1 iterations (minutes of CPU per password tried)
 * is refused before any key derivation runs, in its MAC or in a safe,
 * PKCS#12 PBE or PBES2/PBKDF2; Windows-like counts still read (issue 12.3). */
static void test_pkcs12_iteration_counts_capped_before_any_kdf(void **state)
{
	const char *pairs[] = {"tests/fixtures/certs/my.sst", "My.sst", NULL};
	char *dir = cert_bundle(pairs), *f;
	struct certread_options co = {PFX_PW, 18, NULL, 0};
	const ASN1_INTEGER *mac_iter = NULL;
	struct audit a;
	PKCS12 *p12;

	(void)state;
	f = xasprintf("%s/My", dir);
	make_dirs(f);
	free(f);
	/* The MAC's count, as the 2.5 KB file has it. */
	p12 = load_pfx("tests/fixtures/certs/ra-sign.pfx");
	PKCS12_get0_mac(NULL, NULL, NULL, &mac_iter, p12);
	assert_non_null(mac_iter);
	assert_int_equal(ASN1_INTEGER_set_int64((ASN1_INTEGER *)mac_iter, INT32_MAX), 1);
	f = xasprintf("%s/My/mac.pfx", dir);
	save_pfx(p12, f);
	free(f);
	PKCS12_free(p12);
	/* A PKCS#12 PBE (3DES) safe's count; its MAC count stays 2048. */
	p12 = load_pfx("tests/fixtures/certs/ra-sign.pfx");
	set_safe_iters(p12, INT32_MAX);
	f = xasprintf("%s/My/pbe.pfx", dir);
	save_pfx(p12, f);
	free(f);
	PKCS12_free(p12);
	/* PBES2/PBKDF2 at 10,000 (read), and at one over the cap. */
	p12 = pbes2_pfx(10000);
	f = xasprintf("%s/My/pbes2-10000.pfx", dir);
	save_pfx(p12, f);
	free(f);
	set_safe_iters(p12, PKCS12_MAX_ITERATIONS + 1);
	f = xasprintf("%s/My/pbes2-over.pfx", dir);
	save_pfx(p12, f);
	free(f);
	PKCS12_free(p12);

	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, &co);
	assert_non_null(strstr(pfx_error(&a, "/mac.pfx"),
			       "mac.pfx: the PKCS#12 integrity check (MAC) declares 2147483647 "
			       "key-derivation iterations, more than the 1000000"));
	assert_non_null(strstr(pfx_error(&a, "/pbe.pfx"),
			       "pbe.pfx: certificate safe 1 (PBE) declares 2147483647 key-derivation"));
	assert_non_null(strstr(pfx_error(&a, "/pbes2-over.pfx"),
			       "pbes2-over.pfx: certificate safe 1 (PBES2/PBKDF2) declares 1000001 "));
	assert_int_equal(art(&a, "/pbes2-10000.pfx")->status, ART_OK);
	assert_non_null(strstr(art(&a, "/pbes2-10000.pfx")->note, "1 certificate"));
	assert_int_equal(art(&a, "/My.sst")->status, ART_OK);
	audit_free(&a);
	/* Without a password the reader would try two: still refused first. */
	cert_audit(&a, dir, AS_OF_2026_06_01, NULL, NULL);
	assert_non_null(strstr(pfx_error(&a, "/mac.pfx"), "declares 2147483647"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_trust_list_is_recognised_and_ignored(void **state)
{
	char *path = realworld_path("certstores/robstradling_authroot.stl");
	struct audit a;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	audit_one(&a, path);
	assert_int_equal(a.bundle.n, 1);
	assert_string_equal(artifact_kind_name(a.bundle.arts[0].kind), "cert.ctl");
	assert_int_equal(a.bundle.arts[0].status, ART_IGNORED);
	assert_non_null(strstr(a.bundle.arts[0].note, "certificate trust list"));
	assert_null(a.bundle.arts[0].handle);
	assert_int_equal(a.facts.certs.ncerts, 0);
	assert_int_equal(a.facts.certs.nctls, 1);
	audit_free(&a);
	free(path);
}

static void test_pem_with_keys_utf16_and_duplicates(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/Root.pem", dir), *q = xasprintf("%s/CA.pem", dir);
	char *chain = src_path("tests/fixtures/certs/chain.pem");
	size_t n, i;
	char *text = read_all(chain, &n);
	struct strbuf sb;
	uint8_t *u16;
	struct audit a;
	const struct artifact *x;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "Bag Attributes: friendly name\r\n");
	sb_add(&sb, "-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkq\r\n"
		    "-----END ENCRYPTED PRIVATE KEY-----\r\n");
	sb_add(&sb, text);
	sb_add(&sb, text); /* the same two certificates again */
	write_file(p, sb.s, sb.len);
	/* The same text as UTF-16LE with a BOM, as some Windows tools write it. */
	u16 = xmalloc(2 + 2 * n);
	u16[0] = 0xff;
	u16[1] = 0xfe;
	for (i = 0; i < n; i++) {
		u16[2 + 2 * i] = (uint8_t)text[i];
		u16[3 + 2 * i] = 0;
	}
	write_file(q, u16, 2 + 2 * n);
	audit_one(&a, dir);
	x = art(&a, "/Root.pem");
	assert_int_equal(x->status, ART_OK);
	assert_non_null(strstr(x->note, "store ROOT (file name Root.pem): 2 certificates"));
	assert_int_equal(x->nwarnings, 2);
	assert_non_null(strstr(x->warnings[0], "2 duplicate copies"));
	assert_non_null(strstr(x->warnings[1], "1 private key"));
	x = art(&a, "/CA.pem");
	assert_int_equal(x->status, ART_OK);
	assert_non_null(strstr(x->note, "store CA (file name CA.pem): 2 certificates"));
	audit_free(&a);
	sb_free(&sb);
	free(u16);
	free(text);
	free(chain);
	rm_rf(dir);
	free(dir);
	free(p);
	free(q);
}

static void test_broken_certificate_files_are_errors_naming_the_place(void **state)
{
	char *dir = scratch_dir(), *p;
	size_t n;
	uint8_t *der = fixture("tests/fixtures/certs/tls.cer", &n);
	struct audit a;
	const struct artifact *x;

	(void)state;
	/* DER that looks like a certificate but is cut short. */
	p = xasprintf("%s/cut.cer", dir);
	write_file(p, der, n / 2);
	free(p);
	/* A certificate header, then garbage. */
	memset(der + 13, 0xee, n - 13);
	p = xasprintf("%s/garbage.cer", dir);
	write_file(p, der, n);
	free(p);
	/* A PEM block whose base64 does not decode. */
	p = xasprintf("%s/bad.pem", dir);
	write_file(p, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", 59);
	free(p);
	/* A PEM block that never ends. */
	p = xasprintf("%s/open.pem", dir);
	write_file(p, "-----BEGIN CERTIFICATE-----\nMIIB\n", 33);
	free(p);
	audit_one(&a, dir);
	x = art(&a, "/cut.cer");
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "cut.cer: offset 0: the object claims"));
	x = art(&a, "/garbage.cer");
	assert_int_equal(x->kind, ART_CERT_X509);
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "garbage.cer: offset 0: not a valid X.509 certificate"));
	x = art(&a, "/bad.pem");
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "bad.pem: line 1: the base64 of the PEM block does not decode"));
	x = art(&a, "/open.pem");
	assert_int_equal(x->status, ART_ERROR);
	assert_non_null(strstr(x->error, "no certificate or CRL"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(der);
}

static void test_rocksdb_sst_look_alike_is_not_a_store(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/Root.sst", dir);
	uint8_t buf[4096];
	struct audit a;

	(void)state;
	/* A RocksDB table: data blocks, then a footer ending in its magic number. */
	memset(buf, 0x5a, sizeof(buf));
	memcpy(buf, "\x00\x0c\x05key01value", 13);
	memcpy(buf + sizeof(buf) - 8, "\xf7\xcf\xf4\x85\xb7\x41\xe2\x88", 8);
	write_file(p, buf, sizeof(buf));
	audit_one(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_UNKNOWN);
	assert_int_equal(a.bundle.arts[0].status, ART_IGNORED);
	assert_int_equal(only_result(&a, "trust.root.intermediate")->status, ST_NE);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

/* ------------------------------------------------------------- store names */

static void test_store_name_from_option_file_and_folder(void **state)
{
	char *dir = scratch_dir(), *sub = xasprintf("%s/exports", dir), *f = xasprintf("%s/x.sst", sub);
	struct store_override so[2];
	struct certread_options co = {NULL, 0, so, 2};
	char *store, *origin, real[4096];

	(void)state;
	mkdir(sub, 0700);
	write_file(f, "x", 1);
	certstore_for_path("b/certs/Root.sst", 2, NULL, &store, &origin);
	assert_string_equal(store, "ROOT");
	assert_string_equal(origin, "file name Root.sst");
	free(store);
	free(origin);
	/* A folder named after a store wins over a file name that may only
	 * describe the certificate. */
	certstore_for_path("b/certs/CA/root.cer", 2, NULL, &store, &origin);
	assert_string_equal(store, "CA");
	assert_string_equal(origin, "folder name CA");
	free(store);
	free(origin);
	certstore_for_path("b/Personal/sub/x.cer", 2, NULL, &store, &origin);
	assert_string_equal(store, "MY");
	assert_string_equal(origin, "folder name Personal");
	free(store);
	free(origin);
	/* Folders above the command-line path do not count. */
	certstore_for_path("/home/my/bundle/x.cer", 9, NULL, &store, &origin);
	assert_null(store);
	certstore_for_path("AuthRoot", 0, NULL, &store, &origin);
	assert_string_equal(store, "AuthRoot");
	free(store);
	free(origin);
	/* --store: the longest matching path wins. */
	assert_non_null(realpath(dir, real));
	so[0].name = "CA";
	so[0].path = dir;
	so[0].real = real;
	so[1].name = "WebHosting";
	so[1].path = f;
	so[1].real = xasprintf("%s/exports/x.sst", real);
	certstore_for_path(f, 0, &co, &store, &origin);
	assert_string_equal(store, "WebHosting");
	assert_non_null(strstr(origin, "--store WebHosting="));
	free(store);
	free(origin);
	co.nstores = 1;
	certstore_for_path(f, 0, &co, &store, &origin);
	assert_string_equal(store, "CA");
	free(store);
	free(origin);
	assert_string_equal(certstore_canonical("intermediate"), "CA");
	assert_string_equal(certstore_canonical("PERSONAL"), "MY");
	assert_null(certstore_canonical("Pictures"));
	free(so[1].real);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blob_real_gpo_specimens_parse_and_match_key_names),
		cmocka_unit_test(test_blob_truncated_at_every_length_is_an_error),
		cmocka_unit_test(test_blob_property_length_past_the_end),
		cmocka_unit_test(test_blob_parses_key_prov_info_and_checks_its_offsets),
		cmocka_unit_test(test_blob_checks_property_lengths),
		cmocka_unit_test(test_blob_rejects_trailing_bytes_end_marker_and_bad_ids),
		cmocka_unit_test(test_sst_reads_elements_and_properties),
		cmocka_unit_test(test_sst_without_end_marker_is_read_with_a_warning),
		cmocka_unit_test(test_sst_whose_records_never_end_terminates_with_an_error),
		cmocka_unit_test(test_sst_data_after_the_end_marker_is_a_warning),
		cmocka_unit_test(test_sniff_by_content),
		cmocka_unit_test(test_sniff_recognises_the_real_trust_list),
		cmocka_unit_test(test_files_of_every_kind_are_read_into_their_stores),
		cmocka_unit_test(test_pkcs12_right_password_reads_certificates_only),
		cmocka_unit_test(test_pkcs12_wrong_password_is_an_error_for_that_file_alone),
		cmocka_unit_test(test_pkcs12_iteration_counts_capped_before_any_kdf),
		cmocka_unit_test(test_trust_list_is_recognised_and_ignored),
		cmocka_unit_test(test_pem_with_keys_utf16_and_duplicates),
		cmocka_unit_test(test_broken_certificate_files_are_errors_naming_the_place),
		cmocka_unit_test(test_rocksdb_sst_look_alike_is_not_a_store),
		cmocka_unit_test(test_store_name_from_option_file_and_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
