/* mkpki: make the test PKI of ndes-audit with the OpenSSL API, the same
 * bytes on every run, so that sample bundles and golden reports are stable.
 *
 *   mkpki pki OUTDIR          the certificates, CRLs and a PKCS#12 of the
 *                             samples and fixtures (see PKI below), plus
 *                             OUTDIR/manifest.txt: name sha1 serial notBefore notAfter
 *   mkpki bulk N OUT.pem      N distinct self-signed certificates (one key)
 *   mkpki samename N OUT.pem  N CA certificates of one name, none self-signed,
 *                             each with its own key identifiers (two keys)
 *   mkpki bigsubject OUT.cer [N]  a certificate whose subject holds an N-byte
 *                             value (default 1 MB less 1 KB)
 *   mkpki keypem OUT.pem      a PEM file holding a private key and its certificate
 *
 * Determinism: RSA keys come from primes searched upwards from a SHA-512
 * stream of a label (never from the random generator), RSA PKCS#1 v1.5
 * signatures are deterministic, serials are hashes of the names, dates
 * are fixed, and the PKCS#12 uses fixed salts with a password-derived IV
 * (PBE-SHA1-3DES). Test keys only: they protect nothing.
 *
 * Built as a check program (make check); samples/generate compiles it on
 * its own with cc and pkg-config when it runs outside a build. */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkpki: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	ERR_print_errors_fp(stderr);
	exit(1);
}

/* ------------------------------------------------------------------ keys */

/* n bytes of SHA-512(label | tag | counter) blocks. */
static void stream(const char *label, const char *tag, unsigned char *out, size_t n)
{
	unsigned char md[64], buf[512];
	unsigned counter = 0;
	size_t done = 0;

	while (done < n) {
		int len = snprintf((char *)buf, sizeof(buf), "ndes-audit test key|%s|%s|%u", label,
				   tag, counter++);
		size_t take;

		SHA512(buf, (size_t)len, md);
		take = n - done < sizeof(md) ? n - done : sizeof(md);
		memcpy(out + done, md, take);
		done += take;
	}
}

static BIGNUM *det_prime(const char *label, const char *tag, int bits, const BIGNUM *e,
			 BN_CTX *ctx)
{
	unsigned char buf[512];
	BIGNUM *p = BN_new(), *pm1 = BN_new(), *g = BN_new();
	size_t n = (size_t)bits / 8;

	stream(label, tag, buf, n);
	buf[0] |= 0xc0;      /* two top bits: the product has the full size */
	buf[n - 1] |= 0x01;  /* odd */
	BN_bin2bn(buf, (int)n, p);
	for (;;) {
		if (BN_check_prime(p, ctx, NULL) == 1) {
			BN_sub(pm1, p, BN_value_one());
			BN_gcd(g, pm1, e, ctx);
			if (BN_is_one(g))
				break;
		}
		BN_add_word(p, 2);
	}
	BN_free(pm1);
	BN_free(g);
	return p;
}

static EVP_PKEY *det_rsa(const char *label, int bits)
{
	BN_CTX *ctx = BN_CTX_new();
	BIGNUM *e = BN_new(), *p, *q, *n = BN_new(), *d = BN_new(), *pm1 = BN_new(),
	       *qm1 = BN_new(), *phi = BN_new(), *dp = BN_new(), *dq = BN_new(), *qi = BN_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pkey = NULL;

	BN_set_word(e, 65537);
	p = det_prime(label, "p", bits / 2, e, ctx);
	q = det_prime(label, "q", bits / 2, e, ctx);
	if (BN_cmp(p, q) < 0) { /* keep p > q, as OpenSSL does */
		BIGNUM *t = p;

		p = q;
		q = t;
	}
	BN_mul(n, p, q, ctx);
	BN_sub(pm1, p, BN_value_one());
	BN_sub(qm1, q, BN_value_one());
	BN_mul(phi, pm1, qm1, ctx);
	if (BN_mod_inverse(d, e, phi, ctx) == NULL)
		die("no inverse for key %s", label);
	BN_mod(dp, d, pm1, ctx);
	BN_mod(dq, d, qm1, ctx);
	BN_mod_inverse(qi, q, p, ctx);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR1, p);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_FACTOR2, q);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT1, dp);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_EXPONENT2, dq);
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi);
	params = OSSL_PARAM_BLD_to_param(bld);
	if (params == NULL || EVP_PKEY_fromdata_init(pctx) != 1 ||
	    EVP_PKEY_fromdata(pctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
		die("cannot build key %s", label);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(pctx);
	BN_free(e);
	BN_free(p);
	BN_free(q);
	BN_free(n);
	BN_free(d);
	BN_free(pm1);
	BN_free(qm1);
	BN_free(phi);
	BN_free(dp);
	BN_free(dq);
	BN_free(qi);
	BN_CTX_free(ctx);
	return pkey;
}

/* ----------------------------------------------------------- certificates */

struct spec {
	const char *name;       /* file stem and manifest name */
	const char *subject;    /* "CN=..,O=..,C=.." most specific first */
	const char *issuer;     /* spec name of the issuer; NULL = self */
	const char *key;        /* key label */
	const char *sign_key;   /* key label that signs; NULL = the issuer's key */
	const char *not_before; /* YYYYMMDDHHMMSSZ */
	const char *not_after;
	int ca;                 /* 1 CA, 0 end entity */
	const char *ku;         /* X509v3 config text */
	const char *eku;        /* X509v3 config text or NULL */
	const char *san;        /* X509v3 config text or NULL */
	const char *tmpl_name;  /* Microsoft v1 template name or NULL */
	const char *tmpl_oid;   /* Microsoft v2 template OID or NULL */
	int cdp_aia;            /* add the Contoso CDP and AIA URLs */
};

#define ROOT_DN "CN=Contoso Root CA,O=Contoso,C=US"
#define ISSUING_DN "CN=Contoso Issuing CA,O=Contoso,C=US"
#define NDES_DN "CN=NDES01.corp.contoso.com,O=Contoso,C=US"
#define RA_DN "CN=NDES01-MSCEP-RA,OU=PKI,O=Contoso,C=US"
#define NDES_SAN "DNS:NDES01.corp.contoso.com"
#define RA_EKU "1.3.6.1.4.1.311.20.2.1"
#define CA_KU "critical,keyCertSign,cRLSign,digitalSignature"
#define TLS_KU "critical,digitalSignature,keyEncipherment"

/* The test PKI. Dates are chosen around the golden --as-of 2026-06-01.
 * The healthy sample's chain (root, issuing, fabrikam-root, tls, pm, ra-sign,
 * ra-enc, conn) lasts until December 2099, so `ndes-audit samples/healthy`
 * with no --as-of passes whenever it runs; the other "valid" certificates
 * last until 2036 and their samples are judged at the fixed --as-of. */
static const struct spec pki[] = {
	{"root", ROOT_DN, NULL, "root", NULL, "20240101000000Z", "20991231000000Z", 1, CA_KU,
	 NULL, NULL, NULL, NULL, 0},
	{"issuing", ISSUING_DN, "root", "issuing", NULL, "20240102000000Z", "20991230000000Z", 1,
	 CA_KU, NULL, NULL, "SubCA", NULL, 1},
	/* A re-keyed root's cross certificate: issuer text equals subject text,
	 * but the old root key signed it. Not self-signed. */
	{"root-crosscert", ROOT_DN, "root", "root2", NULL, "20250601000000Z", "20350601000000Z", 1,
	 CA_KU, NULL, NULL, NULL, NULL, 0},
	{"fabrikam-root", "CN=Fabrikam Global Root,O=Fabrikam,C=US", NULL, "fabrikam", NULL,
	 "20200101000000Z", "20991231000000Z", 1, CA_KU, NULL, NULL, NULL, NULL, 0},
	/* An issuing CA that expired before 2026-06-01, and an old one that is
	 * in no store. */
	{"issuing-short", "CN=Contoso Issuing CA 2,O=Contoso,C=US", "root", "issuing2", NULL,
	 "20240101000000Z", "20260401000000Z", 1, CA_KU, NULL, NULL, "SubCA", NULL, 1},
	{"issuing-old", "CN=Contoso Old Issuing CA,O=Contoso,C=US", "root", "issuing-old", NULL,
	 "20200101000000Z", "20300101000000Z", 1, CA_KU, NULL, NULL, "SubCA", NULL, 1},
	/* TLS */
	{"tls", NDES_DN, "issuing", "tls", NULL, "20260115000000Z", "20991215000000Z", 0, TLS_KU,
	 "serverAuth", NDES_SAN ",DNS:ndes.contoso.com", "WebServer", NULL, 1},
	{"tls-wrongname", "CN=www.contoso.com,O=Contoso,C=US", "issuing", "tls-wrongname", NULL,
	 "20260115000000Z", "20360115000000Z", 0, TLS_KU, "serverAuth",
	 "DNS:www.contoso.com,DNS:contoso.com", "WebServer", NULL, 1},
	{"tls-clientonly", NDES_DN, "issuing", "tls-clientonly", NULL, "20260115000000Z",
	 "20360115000000Z", 0, TLS_KU, "clientAuth", NDES_SAN, NULL,
	 "1.3.6.1.4.1.311.21.8.1.2.3.4.5.6", 1},
	/* Policy module (NDESPolicy) certificates */
	{"pm", NDES_DN, "issuing", "pm", NULL, "20260115000000Z", "20991215000000Z", 0, TLS_KU,
	 "serverAuth,clientAuth", NDES_SAN, NULL, "1.3.6.1.4.1.311.21.8.1.2.3.4.5.7", 1},
	{"pm-expired", NDES_DN, "issuing", "pm-expired", NULL, "20250110000000Z",
	 "20260301000000Z", 0, TLS_KU, "serverAuth,clientAuth", NDES_SAN, NULL,
	 "1.3.6.1.4.1.311.21.8.1.2.3.4.5.7", 1},
	{"pm-expiring", NDES_DN, "issuing", "pm-expiring", NULL, "20250620000000Z",
	 "20260620000000Z", 0, TLS_KU, "serverAuth,clientAuth", NDES_SAN, NULL,
	 "1.3.6.1.4.1.311.21.8.1.2.3.4.5.7", 1},
	{"pm-noclient", NDES_DN, "issuing", "pm-noclient", NULL, "20260115000000Z",
	 "20360115000000Z", 0, TLS_KU, "serverAuth", NDES_SAN, "WebServer", NULL, 1},
	{"pm-wrongsubject", "CN=ndes-old.corp.contoso.com,O=Contoso,C=US", "issuing-short",
	 "pm-wrongsubject", NULL, "20260115000000Z", "20360115000000Z", 0, TLS_KU,
	 "serverAuth,clientAuth", "DNS:ndes-old.corp.contoso.com", NULL,
	 "1.3.6.1.4.1.311.21.8.1.2.3.4.5.7", 1},
	/* Registration authority (MSCEP-RA) pairs */
	{"ra-sign", RA_DN, "issuing", "ra-sign", NULL, "20260115000000Z", "20991215000000Z", 0,
	 "critical,digitalSignature", RA_EKU, NULL, "EnrollmentAgentOffline", NULL, 1},
	{"ra-enc", RA_DN, "issuing", "ra-enc", NULL, "20260115000000Z", "20991215000000Z", 0,
	 "critical,keyEncipherment", RA_EKU, NULL, "CEPEncryption", NULL, 1},
	{"ra-sign-expired", RA_DN, "issuing", "ra-sign-expired", NULL, "20240301000000Z",
	 "20260301000000Z", 0, "critical,digitalSignature", RA_EKU, NULL,
	 "EnrollmentAgentOffline", NULL, 1},
	{"ra-enc-expired", RA_DN, "issuing", "ra-enc-expired", NULL, "20240301000000Z",
	 "20260301000000Z", 0, "critical,keyEncipherment", RA_EKU, NULL, "CEPEncryption", NULL,
	 1},
	{"ra-enc-expiring", RA_DN, "issuing", "ra-enc-expiring", NULL, "20240615000000Z",
	 "20260615000000Z", 0, "critical,keyEncipherment", RA_EKU, NULL, "CEPEncryption", NULL,
	 1},
	{"ra-sign-otherca", RA_DN, "issuing-old", "ra-sign-otherca", NULL, "20260115000000Z",
	 "20360115000000Z", 0, "critical,digitalSignature", RA_EKU, NULL,
	 "EnrollmentAgentOffline", NULL, 1},
	/* The current connector's encryption certificate */
	{"conn", "CN=Intune Certificate Connector Encryption,OU=NDES01,O=Contoso,C=US", "issuing",
	 "conn", NULL, "20260115000000Z", "20991215000000Z", 0, "critical,keyEncipherment",
	 NULL, NULL, NULL, NULL, 1},
	{"conn-expired", "CN=Intune Certificate Connector Encryption,OU=NDES01,O=Contoso,C=US",
	 "issuing", "conn-expired", NULL, "20240115000000Z", "20260115000000Z", 0,
	 "critical,keyEncipherment", NULL, NULL, NULL, NULL, 1},
};
#define NPKI (sizeof(pki) / sizeof(pki[0]))

struct made {
	X509 *x;
	EVP_PKEY *key;
};

static X509_NAME *parse_dn(const char *dn)
{
	X509_NAME *nm = X509_NAME_new();
	char *copy = strdup(dn), *parts[16], *tok, *save = NULL;
	int n = 0, i;

	for (tok = strtok_r(copy, ",", &save); tok != NULL && n < 16; tok = strtok_r(NULL, ",", &save))
		parts[n++] = tok;
	/* Written most specific first; DER order is the reverse. */
	for (i = n - 1; i >= 0; i--) {
		char *eq = strchr(parts[i], '=');

		*eq = '\0';
		if (!X509_NAME_add_entry_by_txt(nm, parts[i],
						strcmp(parts[i], "C") == 0 ? MBSTRING_ASC : MBSTRING_UTF8,
						(unsigned char *)eq + 1, -1, -1, 0))
			die("bad name part %s", parts[i]);
	}
	free(copy);
	return nm;
}

static void set_time(ASN1_TIME *t, const char *s)
{
	if (!ASN1_TIME_set_string_X509(t, s))
		die("bad time %s", s);
}

static void add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ex = X509V3_EXT_conf_nid(NULL, ctx, nid, value);

	if (ex == NULL)
		die("bad extension %s", value);
	X509_add_ext(x, ex, -1);
	X509_EXTENSION_free(ex);
}

static void add_raw_ext(X509 *x, const char *oid, const unsigned char *der, int len)
{
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	ASN1_OCTET_STRING *os = ASN1_OCTET_STRING_new();
	X509_EXTENSION *ex;

	ASN1_OCTET_STRING_set(os, der, len);
	ex = X509_EXTENSION_create_by_OBJ(NULL, o, 0, os);
	X509_add_ext(x, ex, -1);
	X509_EXTENSION_free(ex);
	ASN1_OCTET_STRING_free(os);
	ASN1_OBJECT_free(o);
}

/* Microsoft template name (v1): a BMPString. */
static void add_template_name(X509 *x, const char *name)
{
	unsigned char der[256];
	size_t n = strlen(name), i;

	der[0] = 0x1e;
	der[1] = (unsigned char)(2 * n);
	for (i = 0; i < n; i++) {
		der[2 + 2 * i] = 0;
		der[3 + 2 * i] = (unsigned char)name[i];
	}
	add_raw_ext(x, "1.3.6.1.4.1.311.20.2", der, (int)(2 + 2 * n));
}

/* Microsoft template information (v2+): SEQUENCE { OID, major 100, minor 5 }. */
static void add_template_oid(X509 *x, const char *oid)
{
	ASN1_OBJECT *o = OBJ_txt2obj(oid, 1);
	unsigned char der[256], *p = der + 2;
	int len = i2d_ASN1_OBJECT(o, &p);

	memcpy(der + 2 + len, "\x02\x01\x64\x02\x01\x05", 6);
	der[0] = 0x30;
	der[1] = (unsigned char)(len + 6);
	add_raw_ext(x, "1.3.6.1.4.1.311.21.7", der, len + 8);
	ASN1_OBJECT_free(o);
}

static void serial_of(X509 *x, const char *name)
{
	unsigned char md[32];
	char label[256];
	BIGNUM *bn;

	snprintf(label, sizeof(label), "serial|%s", name);
	SHA256((const unsigned char *)label, strlen(label), md);
	md[0] &= 0x7f; /* positive */
	md[0] |= 0x10; /* and 16 bytes long */
	bn = BN_bin2bn(md, 16, NULL);
	BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
}

static X509 *make_cert(const struct spec *s, X509 *issuer, EVP_PKEY *key, EVP_PKEY *sign_key)
{
	X509 *x = X509_new();
	X509_NAME *nm = parse_dn(s->subject);
	X509V3_CTX ctx;

	X509_set_version(x, 2);
	serial_of(x, s->name);
	X509_set_subject_name(x, nm);
	X509_set_issuer_name(x, issuer != NULL ? X509_get_subject_name(issuer) : nm);
	set_time(X509_getm_notBefore(x), s->not_before);
	set_time(X509_getm_notAfter(x), s->not_after);
	X509_set_pubkey(x, key);
	X509V3_set_ctx(&ctx, issuer != NULL ? issuer : x, x, NULL, NULL, 0);
	add_ext(x, &ctx, NID_basic_constraints, s->ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
	add_ext(x, &ctx, NID_key_usage, s->ku);
	if (s->eku != NULL)
		add_ext(x, &ctx, NID_ext_key_usage, s->eku);
	add_ext(x, &ctx, NID_subject_key_identifier, "hash");
	if (issuer != NULL)
		add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always");
	if (s->san != NULL)
		add_ext(x, &ctx, NID_subject_alt_name, s->san);
	if (s->cdp_aia) {
		char cdp[512], aia[512];
		char *cn = NULL;
		int i = X509_NAME_get_index_by_NID(X509_get_subject_name(issuer), NID_commonName, -1);
		unsigned char *u = NULL;

		if (i >= 0 && ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(
								X509_get_subject_name(issuer), i))) >= 0)
			cn = (char *)u;
		snprintf(cdp, sizeof(cdp), "URI:http://pki.corp.contoso.com/cdp/%s.crl",
			 cn != NULL ? cn : "ca");
		snprintf(aia, sizeof(aia),
			 "caIssuers;URI:http://pki.corp.contoso.com/aia/%s.crt,"
			 "OCSP;URI:http://pki.corp.contoso.com/ocsp",
			 cn != NULL ? cn : "ca");
		for (i = 0; cdp[i] != '\0'; i++)
			if (cdp[i] == ' ')
				cdp[i] = '-';
		for (i = 0; aia[i] != '\0'; i++)
			if (aia[i] == ' ')
				aia[i] = '-';
		OPENSSL_free(u);
		add_ext(x, &ctx, NID_crl_distribution_points, cdp);
		add_ext(x, &ctx, NID_info_access, aia);
	}
	if (s->tmpl_name != NULL)
		add_template_name(x, s->tmpl_name);
	if (s->tmpl_oid != NULL)
		add_template_oid(x, s->tmpl_oid);
	if (!X509_sign(x, sign_key, EVP_sha256()))
		die("cannot sign %s", s->name);
	X509_NAME_free(nm);
	return x;
}

/* ------------------------------------------------------------- key cache */

struct keycache {
	struct {
		char label[64];
		EVP_PKEY *key;
	} v[64];
	size_t n;
};

static EVP_PKEY *key_get(struct keycache *kc, const char *label)
{
	size_t i;

	for (i = 0; i < kc->n; i++)
		if (strcmp(kc->v[i].label, label) == 0)
			return kc->v[i].key;
	if (kc->n == sizeof(kc->v) / sizeof(kc->v[0]))
		die("too many keys");
	snprintf(kc->v[kc->n].label, sizeof(kc->v[kc->n].label), "%s", label);
	kc->v[kc->n].key = det_rsa(label, 2048);
	return kc->v[kc->n++].key;
}

/* --------------------------------------------------------------- output */

static void write_der(const char *dir, const char *name, const char *ext, X509 *x, X509_CRL *c)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	fp = fopen(path, "wb");
	if (fp == NULL || (x != NULL ? i2d_X509_fp(fp, x) : i2d_X509_CRL_fp(fp, c)) != 1 ||
	    fclose(fp) != 0)
		die("cannot write %s", path);
}

static void sha1_hex(X509 *x, char out[41])
{
	unsigned char md[20];
	unsigned len = 0, i;

	X509_digest(x, EVP_sha1(), md, &len);
	for (i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02X", md[i]);
}

static X509_CRL *make_crl(X509 *issuer, EVP_PKEY *key, const char *this_update,
			  const char *next_update, X509 *const *revoked, size_t nrevoked)
{
	X509_CRL *c = X509_CRL_new();
	ASN1_TIME *t = ASN1_TIME_new();
	size_t i;

	X509_CRL_set_version(c, 1);
	X509_CRL_set_issuer_name(c, X509_get_subject_name(issuer));
	set_time(t, this_update);
	X509_CRL_set1_lastUpdate(c, t);
	set_time(t, next_update);
	X509_CRL_set1_nextUpdate(c, t);
	for (i = 0; i < nrevoked; i++) {
		X509_REVOKED *r = X509_REVOKED_new();

		X509_REVOKED_set_serialNumber(r, X509_get_serialNumber(revoked[i]));
		set_time(t, this_update);
		X509_REVOKED_set_revocationDate(r, t);
		X509_CRL_add0_revoked(c, r);
	}
	X509_CRL_sort(c);
	if (!X509_CRL_sign(c, key, EVP_sha256()))
		die("cannot sign a CRL");
	ASN1_TIME_free(t);
	return c;
}

#define PFX_PASSWORD "Pfx-Test-Passw0rd!"

/* cert_pbe: how the certificate bag is encrypted; RC2-40 (what Windows
 * before Server 2019 writes) needs OpenSSL's legacy provider, loaded into
 * a context of its own. */
static void write_pfx(const char *path, X509 *x, EVP_PKEY *key, int cert_pbe)
{
	static unsigned char salt1[8] = "saltsal1", salt2[8] = "saltsal2",
			     salt3[8] = "saltsal3";
	STACK_OF(PKCS12_SAFEBAG) *certbags = NULL, *keybags = NULL;
	STACK_OF(PKCS7) *safes = sk_PKCS7_new_null();
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	X509_SIG *enc;
	PKCS12 *p12;
	FILE *fp;

	OSSL_LIB_CTX *legacy = NULL;
	OSSL_PROVIDER *prov_legacy = NULL, *prov_default = NULL;
	PKCS7 *p7;

	if (PKCS12_add_cert(&certbags, x) == NULL)
		die("PKCS#12 certificate bag");
	if (cert_pbe == NID_pbe_WithSHA1And40BitRC2_CBC) {
		legacy = OSSL_LIB_CTX_new();
		if (legacy == NULL || (prov_legacy = OSSL_PROVIDER_load(legacy, "legacy")) == NULL ||
		    (prov_default = OSSL_PROVIDER_load(legacy, "default")) == NULL)
			die("no legacy provider for RC2");
	}
	p7 = PKCS12_pack_p7encdata_ex(cert_pbe, PFX_PASSWORD, -1, salt1, 8, 2048, certbags, legacy,
				      NULL);
	if (p7 == NULL)
		die("PKCS#12 certificate safe");
	sk_PKCS7_push(safes, p7);
	enc = PKCS8_encrypt(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NULL, PFX_PASSWORD, -1, salt2,
			    8, 2048, p8);
	keybags = sk_PKCS12_SAFEBAG_new_null();
	sk_PKCS12_SAFEBAG_push(keybags, PKCS12_SAFEBAG_create0_pkcs8(enc));
	sk_PKCS7_push(safes, PKCS12_pack_p7data(keybags));
	p12 = PKCS12_add_safes(safes, 0);
	if (p12 == NULL || !PKCS12_set_mac(p12, PFX_PASSWORD, -1, (unsigned char *)salt3, 8, 2048,
					   EVP_sha1()))
		die("PKCS#12");
	fp = fopen(path, "wb");
	if (fp == NULL || i2d_PKCS12_fp(fp, p12) != 1 || fclose(fp) != 0)
		die("cannot write %s", path);
	PKCS12_free(p12);
	sk_PKCS7_pop_free(safes, PKCS7_free);
	sk_PKCS12_SAFEBAG_pop_free(certbags, PKCS12_SAFEBAG_free);
	sk_PKCS12_SAFEBAG_pop_free(keybags, PKCS12_SAFEBAG_free);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (prov_legacy != NULL)
		OSSL_PROVIDER_unload(prov_legacy);
	if (prov_default != NULL)
		OSSL_PROVIDER_unload(prov_default);
	OSSL_LIB_CTX_free(legacy);
}

static const struct spec *spec_named(const char *name)
{
	size_t i;

	for (i = 0; i < NPKI; i++)
		if (strcmp(pki[i].name, name) == 0)
			return &pki[i];
	die("no spec %s", name);
	return NULL;
}

static int cmd_pki(struct keycache *kc, const char *dir)
{
	struct made made[NPKI];
	char path[1024];
	FILE *man;
	size_t i, j;

	memset(made, 0, sizeof(made));
	snprintf(path, sizeof(path), "%s/manifest.txt", dir);
	man = fopen(path, "w");
	if (man == NULL)
		die("cannot write %s", path);
	for (i = 0; i < NPKI; i++) {
		const struct spec *s = &pki[i];
		X509 *issuer = NULL;
		EVP_PKEY *key = key_get(kc, s->key), *sk;
		char sha[41];
		BIGNUM *bn;
		char *hex;

		if (s->issuer != NULL) {
			for (j = 0; j < i && strcmp(pki[j].name, s->issuer) != 0; j++)
				;
			if (j == i)
				die("%s: issuer %s must come first", s->name, s->issuer);
			issuer = made[j].x;
			sk = made[j].key;
		} else {
			sk = key;
		}
		if (s->sign_key != NULL)
			sk = key_get(kc, s->sign_key);
		made[i].x = make_cert(s, issuer, key, sk);
		made[i].key = key;
		write_der(dir, s->name, "cer", made[i].x, NULL);
		sha1_hex(made[i].x, sha);
		bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(made[i].x), NULL);
		hex = BN_bn2hex(bn);
		fprintf(man, "%s %s %s %s %s\n", s->name, sha, hex, s->not_before, s->not_after);
		OPENSSL_free(hex);
		BN_free(bn);
	}
	/* CRLs: the root's (valid until 2027), the issuing CA's that lapsed on
	 * 2026-05-28 and revokes tls-clientonly. */
	{
		size_t root = 0, iss = 0, tco = 0;
		X509_CRL *c;
		X509 *rev[1];

		for (i = 0; i < NPKI; i++) {
			if (strcmp(pki[i].name, "root") == 0)
				root = i;
			if (strcmp(pki[i].name, "issuing") == 0)
				iss = i;
			if (strcmp(pki[i].name, "tls-clientonly") == 0)
				tco = i;
		}
		c = make_crl(made[root].x, made[root].key, "20260501000000Z", "20270501000000Z", NULL, 0);
		write_der(dir, "root", "crl", NULL, c);
		X509_CRL_free(c);
		rev[0] = made[tco].x;
		c = make_crl(made[iss].x, made[iss].key, "20260521000000Z", "20260528000000Z", rev, 1);
		write_der(dir, "issuing-lapsed", "crl", NULL, c);
		X509_CRL_free(c);
	}
	/* A PKCS#7 bundle (.p7b) with the root and the issuing CA and the root's CRL. */
	{
		PKCS7 *p7 = PKCS7_new();
		X509_CRL *c;
		FILE *fp;
		size_t root = 0, iss = 0;

		for (i = 0; i < NPKI; i++) {
			if (strcmp(pki[i].name, "root") == 0)
				root = i;
			if (strcmp(pki[i].name, "issuing") == 0)
				iss = i;
		}
		c = make_crl(made[root].x, made[root].key, "20260501000000Z", "20270501000000Z", NULL, 0);
		if (!PKCS7_set_type(p7, NID_pkcs7_signed) || !PKCS7_content_new(p7, NID_pkcs7_data) ||
		    !PKCS7_add_certificate(p7, made[root].x) || !PKCS7_add_certificate(p7, made[iss].x) ||
		    !PKCS7_add_crl(p7, c))
			die("PKCS#7");
		snprintf(path, sizeof(path), "%s/chain.p7b", dir);
		fp = fopen(path, "wb");
		if (fp == NULL || i2d_PKCS7_fp(fp, p7) != 1 || fclose(fp) != 0)
			die("cannot write %s", path);
		X509_CRL_free(c);
		PKCS7_free(p7);
	}
	{
		const struct spec *s = spec_named("ra-sign");

		for (i = 0; i < NPKI && &pki[i] != s; i++)
			;
		snprintf(path, sizeof(path), "%s/ra-sign.pfx", dir);
		write_pfx(path, made[i].x, made[i].key, NID_pbe_WithSHA1And3_Key_TripleDES_CBC);
		snprintf(path, sizeof(path), "%s/ra-sign-rc2.pfx", dir);
		write_pfx(path, made[i].x, made[i].key, NID_pbe_WithSHA1And40BitRC2_CBC);
	}
	if (fclose(man) != 0)
		die("cannot write the manifest");
	for (i = 0; i < NPKI; i++)
		X509_free(made[i].x);
	return 0;
}

static int cmd_bulk(struct keycache *kc, long n, const char *out)
{
	EVP_PKEY *key = key_get(kc, "bulk");
	FILE *fp = fopen(out, "w");
	long i;

	if (fp == NULL)
		die("cannot write %s", out);
	for (i = 0; i < n; i++) {
		struct spec s = {"bulk", NULL, NULL, "bulk", NULL, "20200101000000Z",
				 "20450101000000Z", 1, CA_KU, NULL, NULL, NULL, NULL, 0};
		char dn[128], name[64];
		X509 *x;

		snprintf(dn, sizeof(dn), "CN=Bench Root %06ld,O=Bench,C=US", i);
		snprintf(name, sizeof(name), "bulk-%ld", i);
		s.subject = dn;
		s.name = name;
		x = make_cert(&s, NULL, key, key);
		PEM_write_X509(fp, x);
		X509_free(x);
	}
	if (fclose(fp) != 0)
		die("cannot write %s", out);
	return 0;
}

/* N CA certificates of one name, as a CA renewed over and over might leave
 * in a store: each names itself as issuer but is signed by another key (so
 * none is self-signed), has its own key identifier, and an authority key
 * identifier that matches none of them. Finding their issuers is the worst
 * case for an index by name alone. */
static int cmd_samename(struct keycache *kc, long n, const char *out)
{
	EVP_PKEY *key = key_get(kc, "bulk"), *signer = key_get(kc, "bulk-signer");
	FILE *fp = fopen(out, "w");
	long i;

	if (fp == NULL)
		die("cannot write %s", out);
	for (i = 0; i < n; i++) {
		X509 *x = X509_new();
		X509_NAME *nm = parse_dn("CN=Bench Renewed CA,O=Bench,C=US");
		unsigned char ski[22] = {0x04, 20}, aki[24] = {0x30, 22, 0x80, 20};
		char label[64];
		X509V3_CTX ctx;

		snprintf(label, sizeof(label), "samename-%ld", i);
		X509_set_version(x, 2);
		serial_of(x, label);
		X509_set_subject_name(x, nm);
		X509_set_issuer_name(x, nm);
		set_time(X509_getm_notBefore(x), "20200101000000Z");
		set_time(X509_getm_notAfter(x), "20450101000000Z");
		X509_set_pubkey(x, key);
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, &ctx, NID_key_usage, CA_KU);
		snprintf(label, sizeof(label), "ski|%ld", i);
		SHA1((const unsigned char *)label, strlen(label), ski + 2);
		add_raw_ext(x, "2.5.29.14", ski, sizeof(ski));
		snprintf(label, sizeof(label), "aki|%ld", i);
		SHA1((const unsigned char *)label, strlen(label), aki + 4);
		add_raw_ext(x, "2.5.29.35", aki, sizeof(aki));
		if (!X509_sign(x, signer, EVP_sha256()))
			die("cannot sign %s", label);
		PEM_write_X509(fp, x);
		X509_NAME_free(nm);
		X509_free(x);
	}
	if (fclose(fp) != 0)
		die("cannot write %s", out);
	return 0;
}

/* A self-signed certificate whose subject (and issuer) carries an
 * organizationalUnitName of n bytes. The entry goes straight into the
 * certificate's own name: OpenSSL refuses to copy a name of 1 MB or more
 * (X509_NAME_MAX), and a reader must cope with both sides of that limit. */
static int cmd_bigsubject(struct keycache *kc, const char *out, size_t n)
{
	struct spec s = {"big", "CN=big", NULL, "big", NULL, "20260101000000Z", "20360101000000Z",
			 0, TLS_KU, "serverAuth", NULL, NULL, NULL, 0};
	EVP_PKEY *key = key_get(kc, "big");
	char *big = malloc(n);
	X509 *x;
	FILE *fp;

	memset(big, 'A', n);
	x = make_cert(&s, NULL, key, key);
	if (!X509_NAME_add_entry_by_OBJ(X509_get_subject_name(x),
					OBJ_nid2obj(NID_organizationalUnitName), V_ASN1_UTF8STRING,
					(unsigned char *)big, (int)n, -1, 0) ||
	    !X509_NAME_add_entry_by_OBJ(X509_get_issuer_name(x),
					OBJ_nid2obj(NID_organizationalUnitName), V_ASN1_UTF8STRING,
					(unsigned char *)big, (int)n, -1, 0) ||
	    !X509_sign(x, key, EVP_sha256()))
		die("cannot make the big subject");
	fp = fopen(out, "wb");
	if (fp == NULL || i2d_X509_fp(fp, x) != 1 || fclose(fp) != 0)
		die("cannot write %s", out);
	X509_free(x);
	free(big);
	return 0;
}

static int cmd_keypem(struct keycache *kc, const char *out)
{
	struct spec s = {"keypem", NDES_DN, NULL, "keypem", NULL, "20260101000000Z",
			 "20360101000000Z", 0, TLS_KU, "serverAuth", NDES_SAN, NULL, NULL, 0};
	EVP_PKEY *key = key_get(kc, "keypem");
	X509 *x = make_cert(&s, NULL, key, key);
	FILE *fp = fopen(out, "w");

	if (fp == NULL || !PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL) ||
	    !PEM_write_X509(fp, x) || fclose(fp) != 0)
		die("cannot write %s", out);
	X509_free(x);
	return 0;
}

int main(int argc, char **argv)
{
	struct keycache *kc = calloc(1, sizeof(*kc));
	int rc = 2;
	size_t i;

	if (argc == 3 && strcmp(argv[1], "pki") == 0)
		rc = cmd_pki(kc, argv[2]);
	else if (argc == 4 && strcmp(argv[1], "bulk") == 0)
		rc = cmd_bulk(kc, strtol(argv[2], NULL, 10), argv[3]);
	else if (argc == 4 && strcmp(argv[1], "samename") == 0)
		rc = cmd_samename(kc, strtol(argv[2], NULL, 10), argv[3]);
	else if ((argc == 3 || argc == 4) && strcmp(argv[1], "bigsubject") == 0)
		rc = cmd_bigsubject(kc, argv[2],
				    argc == 4 ? (size_t)strtoul(argv[3], NULL, 10) : 1024 * 1024 - 1024);
	else if (argc == 3 && strcmp(argv[1], "keypem") == 0)
		rc = cmd_keypem(kc, argv[2]);
	else
		fprintf(stderr, "usage: mkpki pki OUTDIR | bulk N OUT.pem | samename N OUT.pem | "
				"bigsubject OUT.cer [N] | "
				"keypem OUT.pem\n");
	for (i = 0; i < kc->n; i++)
		EVP_PKEY_free(kc->v[i].key);
	free(kc);
	return rc;
}
