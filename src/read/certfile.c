/* Certificate files: DER or PEM certificates and CRLs (one or many per
 * file), PKCS#7 bundles (.p7b), PKCS#12 (.pfx, .p12: certificates only,
 * never keys) and serialized stores (.sst, see sst.c). A certificate trust
 * list (PKCS#7 whose content type is szOID_CTL, e.g. authroot.stl) is
 * recognised and left alone. PEM is read as a stream, one block at a time:
 * private-key blocks are skipped without being decoded. Which store a file
 * belongs to comes from --store, else its name, else its folder's. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include "read/certread.h"
#include "ndes-audit/util.h"

/* ------------------------------------------------------------ DER walking */

struct tlv {
	unsigned tag;
	size_t hdr;        /* tag + length bytes */
	size_t len;        /* content length (0 when indefinite) */
	int indefinite;
};

/* The TLV header at p (n bytes available). 0 ok, -1 not DER/BER. */
static int tlv_at(const uint8_t *p, size_t n, struct tlv *t)
{
	size_t i, nb;

	memset(t, 0, sizeof(*t));
	if (n < 2 || (p[0] & 0x1f) == 0x1f)
		return -1; /* multi-byte tags never occur in what we sniff */
	t->tag = p[0];
	if (p[1] < 0x80) {
		t->len = p[1];
		t->hdr = 2;
		return 0;
	}
	if (p[1] == 0x80) {
		if (!(p[0] & 0x20))
			return -1; /* indefinite length only for constructed */
		t->indefinite = 1;
		t->hdr = 2;
		return 0;
	}
	nb = p[1] & 0x7f;
	if (nb > 4 || n < 2 + nb)
		return -1;
	for (i = 0; i < nb; i++)
		t->len = (t->len << 8) | p[2 + i];
	t->hdr = 2 + nb;
	return 0;
}

/* Step over the element at *pos (definite length only). */
static int tlv_skip(const uint8_t *p, size_t n, size_t *pos, unsigned want_tag)
{
	struct tlv t;

	if (*pos >= n || tlv_at(p + *pos, n - *pos, &t) != 0 || t.indefinite ||
	    (want_tag != 0 && t.tag != want_tag) || t.len > n - *pos - t.hdr)
		return -1;
	*pos += t.hdr + t.len;
	return 0;
}

/* Step into the element at *pos. */
static int tlv_enter(const uint8_t *p, size_t n, size_t *pos, unsigned want_tag)
{
	struct tlv t;

	if (*pos >= n || tlv_at(p + *pos, n - *pos, &t) != 0 || t.tag != want_tag)
		return -1;
	*pos += t.hdr;
	return 0;
}

static const uint8_t oid_signed_data[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					  0x0d, 0x01, 0x07, 0x02};
static const uint8_t oid_data[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
				   0x0d, 0x01, 0x07, 0x01};
/* 1.3.6.1.4.1.311.10.1 szOID_CTL */
static const uint8_t oid_ctl[] = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01,
				  0x82, 0x37, 0x0a, 0x01};

static int oid_is(const uint8_t *p, size_t n, size_t pos, const uint8_t *oid, size_t len)
{
	return pos <= n && n - pos >= len && memcmp(p + pos, oid, len) == 0;
}

enum der_kind { DER_UNKNOWN, DER_CERT, DER_CRL, DER_PKCS7, DER_CTL, DER_PKCS12 };

/* What a DER structure is, from its first bytes: ContentInfo (PKCS#7,
 * with a CTL inside or not), PFX (PKCS#12), Certificate or CertificateList.
 * n may be a prefix of the object. */
/* ContentInfo { signedData, [0] SignedData { version, digestAlgorithms,
 * encapContentInfo { eContentType ... } } }: a CTL or another PKCS#7;
 * pos is just past the signedData OID. */
static enum der_kind der_kind_signed(const uint8_t *p, size_t n, size_t pos)
{
	if (tlv_enter(p, n, &pos, 0xa0) != 0 || tlv_enter(p, n, &pos, 0x30) != 0 ||
	    tlv_skip(p, n, &pos, 0x02) != 0 || tlv_skip(p, n, &pos, 0x31) != 0 ||
	    tlv_enter(p, n, &pos, 0x30) != 0)
		return DER_PKCS7; /* the reader looks again with the whole file */
	return oid_is(p, n, pos, oid_ctl, sizeof(oid_ctl)) ? DER_CTL : DER_PKCS7;
}

/* PFX { version 3, authSafe ContentInfo { data | signedData } }, from the
 * version INTEGER at pos (t is its TLV). */
static enum der_kind der_kind_int(const uint8_t *p, size_t n, size_t pos, const struct tlv *t)
{
	size_t save = pos + 3;

	if (t->len == 1 && n - pos >= 3 && p[pos + 2] == 3 && tlv_enter(p, n, &save, 0x30) == 0 &&
	    (oid_is(p, n, save, oid_data, sizeof(oid_data)) ||
	     oid_is(p, n, save, oid_signed_data, sizeof(oid_signed_data))))
		return DER_PKCS12;
	return DER_UNKNOWN;
}

/* Certificate or CertificateList, from its TBS SEQUENCE at pos (t): look
 * inside the TBS part and no further. */
static enum der_kind der_kind_tbs(const uint8_t *p, size_t n, size_t pos, struct tlv t)
{
	size_t save;
	int whole; /* the whole object is in view, so nothing is cut off */

	if (!t.indefinite && t.len <= n - pos - t.hdr) {
		n = pos + t.hdr + t.len;
		whole = 1;
	} else {
		whole = 0;
	}
	pos += t.hdr;
	if (tlv_at(p + pos, n - pos, &t) != 0)
		return DER_UNKNOWN;
	if (t.tag == 0xa0)
		return DER_CERT; /* [0] version: v2/v3 certificate */
	if (t.tag == 0x30)
		return DER_CRL; /* v1 CRL: signature AlgorithmIdentifier first */
	if (t.tag != 0x02)
		return DER_UNKNOWN;
	/* INTEGER: a v1 certificate's serial or a v2 CRL's version. After it:
	 * AlgorithmIdentifier, issuer Name, then a Validity SEQUENCE (certificate)
	 * or a thisUpdate time (CRL). */
	save = pos;
	if (tlv_skip(p, n, &pos, 0x02) != 0 || tlv_skip(p, n, &pos, 0x30) != 0 ||
	    tlv_skip(p, n, &pos, 0x30) != 0 || tlv_at(p + pos, n - pos, &t) != 0) {
		if (whole)
			return DER_UNKNOWN; /* not cut off: just not a certificate */
		/* Cut off by the sniff window: a version INTEGER 1 means a CRL. */
		return p[save + 1] == 1 && n - save > 2 && p[save + 2] == 1 ? DER_CRL : DER_CERT;
	}
	if (t.tag == 0x17 || t.tag == 0x18)
		return DER_CRL;
	return t.tag == 0x30 ? DER_CERT : DER_UNKNOWN;
}

static enum der_kind der_kind_of(const uint8_t *p, size_t n)
{
	size_t pos = 0;
	struct tlv t;

	if (tlv_at(p, n, &t) != 0 || t.tag != 0x30)
		return DER_UNKNOWN;
	if (tlv_enter(p, n, &pos, 0x30) != 0 || pos >= n)
		return DER_UNKNOWN;
	if (oid_is(p, n, pos, oid_signed_data, sizeof(oid_signed_data)))
		return der_kind_signed(p, n, pos + sizeof(oid_signed_data));
	if (tlv_at(p + pos, n - pos, &t) != 0)
		return DER_UNKNOWN;
	if (t.tag == 0x02)
		return der_kind_int(p, n, pos, &t);
	if (t.tag != 0x30)
		return DER_UNKNOWN;
	return der_kind_tbs(p, n, pos, t);
}

/* ------------------------------------------------------------ PEM labels */

enum pem_label { PEM_OTHER, PEM_CERT, PEM_TRUSTED_CERT, PEM_CRL, PEM_PKCS7, PEM_KEY };

static enum pem_label pem_label_of(const char *label, size_t n)
{
	static const struct {
		const char *s;
		enum pem_label l;
	} labels[] = {
		{"CERTIFICATE", PEM_CERT},
		{"X509 CERTIFICATE", PEM_CERT},
		{"TRUSTED CERTIFICATE", PEM_TRUSTED_CERT},
		{"X509 CRL", PEM_CRL},
		{"PKCS7", PEM_PKCS7},
		{"PKCS #7 SIGNED DATA", PEM_PKCS7},
		{"CMS", PEM_PKCS7},
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i].s) == n && memcmp(labels[i].s, label, n) == 0)
			return labels[i].l;
	for (i = 0; i + 3 <= n; i++)
		if (memcmp(label + i, "KEY", 3) == 0)
			return PEM_KEY; /* PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY ... */
	return PEM_OTHER;
}

/* "-----BEGIN LABEL-----" at s (len bytes): the label, or NULL. */
static const char *pem_begin(const char *s, size_t len, size_t *label_len)
{
	static const char begin[] = "-----BEGIN ";
	const char *end;

	if (len < sizeof(begin) - 1 || memcmp(s, begin, sizeof(begin) - 1) != 0)
		return NULL;
	s += sizeof(begin) - 1;
	len -= sizeof(begin) - 1;
	end = memchr(s, '-', len);
	if (end == NULL || (size_t)(s + len - end) < 5 || memcmp(end, "-----", 5) != 0)
		return NULL;
	*label_len = (size_t)(end - s);
	return s;
}

/* ------------------------------------------------------------------ sniff */

static enum artifact_kind sniff_text(const unsigned char *h, size_t n, const char **note)
{
	char text[DISCOVER_HEAD + 1];
	size_t i, m = 0, start = 0, ll;
	int utf16 = 0, cert = 0, crl = 0, p7 = 0, key = 0, other = 0;

	if (n >= 2 && h[0] == 0xff && h[1] == 0xfe) {
		utf16 = 1;
		start = 2;
	} else if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) {
		start = 3;
	}
	for (i = start; i < n && m < DISCOVER_HEAD; i += utf16 ? 2 : 1) {
		unsigned c = h[i];

		if (utf16 && (i + 1 >= n || h[i + 1] != 0))
			c = '?';
		if (c == 0)
			return ART_UNKNOWN; /* binary */
		text[m++] = (char)c;
	}
	text[m] = '\0';
	for (i = 0; i < m; i++) {
		const char *label;

		if (text[i] != '-' || (i > 0 && text[i - 1] != '\n'))
			continue;
		label = pem_begin(text + i, m - i, &ll);
		if (label == NULL)
			continue;
		switch (pem_label_of(label, ll)) {
		case PEM_CERT:
		case PEM_TRUSTED_CERT: cert++; break;
		case PEM_CRL: crl++; break;
		case PEM_PKCS7: p7++; break;
		case PEM_KEY: key++; break;
		default: other++; break;
		}
	}
	if (cert)
		return ART_CERT_X509;
	if (p7)
		return ART_CERT_PKCS7;
	if (crl)
		return ART_CERT_CRL;
	if (key) {
		*note = "PEM private key: private keys are never read";
		return ART_UNKNOWN;
	}
	if (other) {
		*note = "PEM data that is not a certificate, CRL or PKCS#7 (a request or public key?)";
		return ART_UNKNOWN;
	}
	return ART_UNKNOWN;
}

static const uint8_t sst_magic[8] = {0, 0, 0, 0, 'C', 'E', 'R', 'T'};

enum artifact_kind certfile_sniff(const unsigned char *h, size_t n, const char **note)
{
	if (n >= 8 && memcmp(h, sst_magic, 8) == 0)
		return ART_CERT_SST;
	if (n >= 2 && h[0] == 0x30) {
		switch (der_kind_of(h, n)) {
		case DER_CERT: return ART_CERT_X509;
		case DER_CRL: return ART_CERT_CRL;
		case DER_PKCS7: return ART_CERT_PKCS7;
		case DER_CTL: return ART_CERT_CTL;
		case DER_PKCS12: return ART_CERT_PKCS12;
		default: return ART_UNKNOWN;
		}
	}
	return sniff_text(h, n, note);
}

/* ----------------------------------------------------------- store names */

/* Start of the last component of a command-line path (trailing '/' ignored). */
static char *stem_of(const char *base)
{
	const char *dot = strrchr(base, '.');

	return dot != NULL && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

void certstore_for_path(const char *path, size_t root_len, const struct certread_options *o,
			char **store, char **origin)
{
	char real[PATH_MAX];
	const struct store_override *best = NULL;
	const char *base, *canon;
	size_t i, bestlen = 0, end;
	char *stem;

	*store = NULL;
	*origin = NULL;
	if (o != NULL && o->nstores > 0 && realpath(path, real) != NULL) {
		for (i = 0; i < o->nstores; i++) {
			const struct store_override *s = &o->stores[i];
			size_t len = s->real != NULL ? strlen(s->real) : 0;

			if (len == 0 || strncmp(real, s->real, len) != 0 ||
			    (real[len] != '\0' && real[len] != '/' && s->real[len - 1] != '/'))
				continue;
			if (len >= bestlen) {
				best = s;
				bestlen = len;
			}
		}
	}
	if (best != NULL) {
		*store = xstrdup(best->name);
		*origin = xasprintf("--store %s=%s", best->name, best->path);
		return;
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	/* Folders, nearest first, down to the one named on the command line: a
	 * folder named after a store was named so on purpose, while a file name
	 * such as root.cer may only describe its certificate. */
	if (root_len > strlen(path))
		root_len = strlen(path);
	end = (size_t)(base - path);
	while (end > root_len) {
		size_t start = end - 1; /* at the '/' before the component */
		char *name;

		while (start > root_len && path[start - 1] != '/')
			start--;
		if (start >= end - 1) {
			end = start;
			continue;
		}
		name = xstrndup(path + start, end - 1 - start);
		canon = certstore_canonical(name);
		if (canon != NULL) {
			*store = xstrdup(canon);
			*origin = xasprintf("folder name %s", name);
			free(name);
			return;
		}
		free(name);
		end = start;
	}
	/* Then the file name: Root.sst, My.p7b, CA.pem. */
	stem = stem_of(base);
	canon = certstore_canonical(stem);
	if (canon != NULL) {
		*store = xstrdup(canon);
		*origin = xasprintf("file name %s", base);
	}
	free(stem);
}

/* ----------------------------------------------------------- element adds */

static int sha1_of(const uint8_t *der, size_t n, uint8_t out[20])
{
	unsigned int len = 0;

	return EVP_Digest(der, n, out, &len, EVP_sha1(), NULL) == 1 && len == 20 ? 0 : -1;
}

/* The shape every certificate and CRL has: SEQUENCE { SEQUENCE (the signed
 * part), SEQUENCE (the algorithm), BIT STRING (the signature) }, filling
 * the n bytes exactly. Decoding the content is the model's job: OpenSSL 3
 * decodes a certificate's key as it parses, which costs more than all the
 * rest, so each certificate is decoded once, there. */
static int der_shape_ok(const uint8_t *der, size_t n)
{
	size_t pos = 0;

	if (tlv_enter(der, n, &pos, 0x30) != 0 || tlv_skip(der, n, &pos, 0x30) != 0 ||
	    tlv_skip(der, n, &pos, 0x30) != 0 || tlv_skip(der, n, &pos, 0x03) != 0)
		return 0;
	return pos == n;
}

/* Check the shape of DER (unless OpenSSL parsed it already) and add it. A
 * duplicate is counted before anything else. Returns 0, or -1 with e set. */
static int add_der(struct certfile *cf, enum cert_elem_kind kind, const uint8_t *der, size_t n,
		   uint64_t offset, int parsed, size_t *count, struct nerr *e)
{
	struct cert_elem el;

	memset(&el, 0, sizeof(el));
	if (*count >= CERTREAD_MAX_ELEMS) {
		nerr_set(e, "more than %d certificates and CRLs in one file; stopped there",
			 CERTREAD_MAX_ELEMS);
		return -1;
	}
	++*count;
	if (sha1_of(der, n, el.sha1) != 0) {
		nerr_set(e, "SHA-1 is unavailable");
		return -1;
	}
	if (cert_elems_count_dup(&cf->elems, kind, el.sha1))
		return 0;
	if (!parsed && !der_shape_ok(der, n)) {
		nerr_set(e, "not a valid X.509 %s", kind == CELEM_CERT ? "certificate" : "CRL");
		return -1;
	}
	if (kind == CELEM_CERT)
		cf->ncerts++;
	else
		cf->ncrls++;
	el.kind = kind;
	el.offset = offset;
	el.index = (unsigned)*count;
	el.der = xmalloc(n);
	memcpy(el.der, der, n);
	el.der_len = n;
	cert_elems_add(&cf->elems, &el);
	return 0;
}

/* Certificates and CRLs of a PKCS#7 SignedData; a CTL is only counted. */
static int add_pkcs7(struct certfile *cf, const uint8_t *der, size_t n, uint64_t offset,
		     size_t *count, struct nerr *e)
{
	const unsigned char *p = der;
	PKCS7 *p7 = NULL;
	int i, rc = -1;

	if (der_kind_of(der, n) == DER_CTL) {
		cf->nctls++;
		return 0;
	}
	p7 = d2i_PKCS7(NULL, &p, (long)n);
	if (p7 == NULL) {
		nerr_set(e, "offset %llu: not a valid PKCS#7 structure", (unsigned long long)offset);
		goto out;
	}
	if (!PKCS7_type_is_signed(p7) || p7->d.sign == NULL) {
		nerr_set(e, "offset %llu: PKCS#7 of type %s, not SignedData", (unsigned long long)offset,
			 OBJ_nid2ln(OBJ_obj2nid(p7->type)));
		goto out;
	}
	if (p7->d.sign->contents != NULL && p7->d.sign->contents->type != NULL &&
	    OBJ_obj2nid(p7->d.sign->contents->type) == NID_undef) {
		char oid[80];

		OBJ_obj2txt(oid, sizeof(oid), p7->d.sign->contents->type, 1);
		if (strcmp(oid, "1.3.6.1.4.1.311.10.1") == 0) {
			cf->nctls++;
			rc = 0;
			goto out;
		}
	}
	for (i = 0; p7->d.sign->cert != NULL && i < sk_X509_num(p7->d.sign->cert); i++) {
		unsigned char *enc = NULL;
		int len = i2d_X509(sk_X509_value(p7->d.sign->cert, i), &enc);

		if (len <= 0) {
			nerr_set(e, "offset %llu: certificate %d of the PKCS#7 cannot be encoded",
				 (unsigned long long)offset, i + 1);
			goto out;
		}
		if (add_der(cf, CELEM_CERT, enc, (size_t)len, offset, 1, count, e) != 0) {
			OPENSSL_free(enc);
			goto out;
		}
		OPENSSL_free(enc);
	}
	for (i = 0; p7->d.sign->crl != NULL && i < sk_X509_CRL_num(p7->d.sign->crl); i++) {
		unsigned char *enc = NULL;
		int len = i2d_X509_CRL(sk_X509_CRL_value(p7->d.sign->crl, i), &enc);

		if (len <= 0) {
			nerr_set(e, "offset %llu: CRL %d of the PKCS#7 cannot be encoded",
				 (unsigned long long)offset, i + 1);
			goto out;
		}
		if (add_der(cf, CELEM_CRL, enc, (size_t)len, offset, 1, count, e) != 0) {
			OPENSSL_free(enc);
			goto out;
		}
		OPENSSL_free(enc);
	}
	rc = 0;
out:
	PKCS7_free(p7);
	ERR_clear_error();
	return rc;
}

/* ------------------------------------------------------------------ PKCS#12 */

static int p12_bags(struct certfile *cf, const STACK_OF(PKCS12_SAFEBAG) *bags, int depth,
		    size_t *count, struct nerr *e)
{
	int i;

	if (depth > 4) {
		nerr_set(e, "PKCS#12 safe contents nested more than 4 deep");
		return -1;
	}
	for (i = 0; i < sk_PKCS12_SAFEBAG_num(bags); i++) {
		const PKCS12_SAFEBAG *bag = sk_PKCS12_SAFEBAG_value(bags, i);

		switch (PKCS12_SAFEBAG_get_nid(bag)) {
		case NID_certBag:
			if (PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
				X509 *x = PKCS12_SAFEBAG_get1_cert(bag);
				unsigned char *enc = NULL;
				int len = x != NULL ? i2d_X509(x, &enc) : -1;
				int rc;

				X509_free(x);
				if (len <= 0) {
					nerr_set(e, "PKCS#12 certificate bag %d cannot be decoded", i + 1);
					return -1;
				}
				rc = add_der(cf, CELEM_CERT, enc, (size_t)len, 0, 1, count, e);
				OPENSSL_free(enc);
				if (rc != 0)
					return -1;
			}
			break;
		case NID_keyBag:
		case NID_pkcs8ShroudedKeyBag:
			cf->keys_skipped++; /* never decrypted, never decoded */
			break;
		case NID_safeContentsBag:
			if (p12_bags(cf, PKCS12_SAFEBAG_get0_safes(bag), depth + 1, count, e) != 0)
				return -1;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Windows before Server 2019 encrypts the certificate bags of a PFX with
 * RC2-40, which OpenSSL 3 keeps in its legacy provider. Try that in a
 * library context of our own, so that nothing global changes. */
struct legacy_ctx {
	OSSL_LIB_CTX *ctx;
	OSSL_PROVIDER *legacy, *deflt;
};

static void legacy_free(struct legacy_ctx *l)
{
	if (l->legacy != NULL)
		OSSL_PROVIDER_unload(l->legacy);
	if (l->deflt != NULL)
		OSSL_PROVIDER_unload(l->deflt);
	OSSL_LIB_CTX_free(l->ctx);
	memset(l, 0, sizeof(*l));
}

static STACK_OF(PKCS12_SAFEBAG) *decrypt_legacy(PKCS7 *p7, const char *pass, int passlen,
						struct legacy_ctx *l)
{
	if (p7->d.encrypted == NULL || p7->d.encrypted->enc_data == NULL)
		return NULL;
	if (l->ctx == NULL) {
		l->ctx = OSSL_LIB_CTX_new();
		if (l->ctx == NULL)
			return NULL;
		l->legacy = OSSL_PROVIDER_load(l->ctx, "legacy");
		l->deflt = OSSL_PROVIDER_load(l->ctx, "default");
	}
	if (l->legacy == NULL || l->deflt == NULL)
		return NULL;
	return PKCS12_item_decrypt_d2i_ex(p7->d.encrypted->enc_data->algorithm,
					  ASN1_ITEM_rptr(PKCS12_SAFEBAGS), pass, passlen,
					  p7->d.encrypted->enc_data->enc_data, 1, l->ctx, NULL);
}

/* An iteration count against PKCS12_MAX_ITERATIONS: 0, or -1 with e saying
 * what declared it. A missing count means 1 (the MAC's DEFAULT). */
static int p12_iter_ok(const ASN1_INTEGER *iter, const char *what, struct nerr *e)
{
	int64_t v = 1;

	if (iter != NULL && !ASN1_INTEGER_get_int64(&v, iter))
		v = INT64_MAX; /* wider than 64 bits */
	if (v < 1) {
		nerr_set(e, "%s declares %lld key-derivation iterations, not a valid count; not "
			 "opened", what, (long long)v);
		return -1;
	}
	if (v > PKCS12_MAX_ITERATIONS) {
		nerr_set(e, "%s declares %lld key-derivation iterations, more than the %d this "
			 "reader runs (Windows exports use 2,000 to 10,000); not opened", what,
			 (long long)v, PKCS12_MAX_ITERATIONS);
		return -1;
	}
	return 0;
}

/* The cost of decrypting one encrypted safe, read from its algorithm
 * parameters: PBES2 with PBKDF2 (OpenSSL 3's default, Windows Server 2019
 * and later), or a PKCS#12 / PKCS#5 v1 PBE (older Windows). Other PBES2 key
 * derivations (scrypt) are not used by Windows and are refused rather than
 * costed. */
static int p12_safe_cost_ok(const X509_ALGOR *alg, int safe, struct nerr *e)
{
	char what[64];
	int nid = OBJ_obj2nid(alg->algorithm), rc = -1;
	PBE2PARAM *pbe2 = NULL;
	PBKDF2PARAM *kdf = NULL;
	PBEPARAM *pbe = NULL;

	if (nid == NID_pbes2) {
		pbe2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
		if (pbe2 == NULL || pbe2->keyfunc == NULL ||
		    OBJ_obj2nid(pbe2->keyfunc->algorithm) != NID_id_pbkdf2) {
			nerr_set(e, "certificate safe %d is encrypted with a PBES2 key derivation "
				 "other than PBKDF2, which Windows does not write; not opened", safe);
			goto out;
		}
		kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
						pbe2->keyfunc->parameter);
		snprintf(what, sizeof(what), "certificate safe %d (PBES2/PBKDF2)", safe);
		if (kdf == NULL)
			nerr_set(e, "%s has no readable PBKDF2 parameters", what);
		else
			rc = p12_iter_ok(kdf->iter, what, e);
		goto out;
	}
	pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
	snprintf(what, sizeof(what), "certificate safe %d (PBE)", safe);
	if (pbe == NULL)
		nerr_set(e, "%s has no readable PBE parameters", what);
	else
		rc = p12_iter_ok(pbe->iter, what, e);
out:
	PBEPARAM_free(pbe);
	PBKDF2PARAM_free(kdf);
	PBE2PARAM_free(pbe2);
	return rc;
}

/* Every key derivation the file asks for, checked before any is run. */
static int p12_costs_ok(PKCS12 *p12, const STACK_OF(PKCS7) *safes, struct nerr *e)
{
	const ASN1_INTEGER *iter = NULL;
	int i;

	if (PKCS12_mac_present(p12)) {
		PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
		if (p12_iter_ok(iter, "the PKCS#12 integrity check (MAC)", e) != 0)
			return -1;
	}
	for (i = 0; safes != NULL && i < sk_PKCS7_num(safes); i++) {
		const PKCS7 *p7 = sk_PKCS7_value(safes, i);

		if (OBJ_obj2nid(p7->type) != NID_pkcs7_encrypted)
			continue;
		if (p7->d.encrypted == NULL || p7->d.encrypted->enc_data == NULL ||
		    p7->d.encrypted->enc_data->algorithm == NULL) {
			nerr_set(e, "PKCS#12 safe %d is encrypted but names no algorithm", i + 1);
			return -1;
		}
		if (p12_safe_cost_ok(p7->d.encrypted->enc_data->algorithm, i + 1, e) != 0)
			return -1;
	}
	return 0;
}

static int read_pkcs12(struct certfile *cf, const uint8_t *der, size_t n,
		       const struct certread_options *o, struct nerr *e)
{
	const unsigned char *p = der;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)n);
	STACK_OF(PKCS7) *safes = NULL;
	const char *pass = NULL;
	int passlen = 0, i, rc = -1;
	size_t count = 0;
	struct legacy_ctx legacy = {NULL, NULL, NULL};

	if (p12 == NULL) {
		nerr_set(e, "not a valid PKCS#12 file");
		goto out;
	}
	if (o != NULL && o->pfx_password != NULL) {
		pass = o->pfx_password;
		passlen = (int)o->pfx_password_len;
	}
	/* Unpacking the safes runs no key derivation; the MAC and the safes'
	 * decryption do, at whatever count the file declares: read every
	 * count first. */
	safes = PKCS12_unpack_authsafes(p12);
	if (safes == NULL) {
		nerr_set(e, "the PKCS#12 contents cannot be decoded");
		goto out;
	}
	if (p12_costs_ok(p12, safes, e) != 0)
		goto out;
	if (PKCS12_mac_present(p12)) {
		if (pass != NULL) {
			if (!PKCS12_verify_mac(p12, pass, passlen)) {
				nerr_set(e, "the password from --pfx-password-file does not open this "
					 "PKCS#12 file (its integrity check fails)");
				goto out;
			}
		} else if (PKCS12_verify_mac(p12, "", 0)) {
			pass = "";
		} else if (!PKCS12_verify_mac(p12, NULL, 0)) {
			nerr_set(e, "the PKCS#12 file is protected by a password: give it with "
				 "--pfx-password-file FILE");
			goto out;
		}
	}
	for (i = 0; i < sk_PKCS7_num(safes); i++) {
		PKCS7 *p7 = sk_PKCS7_value(safes, i);
		STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
		int nid = OBJ_obj2nid(p7->type), brc;

		if (nid == NID_pkcs7_data) {
			bags = PKCS12_unpack_p7data(p7);
		} else if (nid == NID_pkcs7_encrypted) {
			/* Certificate bags are usually encrypted as a whole. */
			bags = PKCS12_unpack_p7encdata(p7, pass, passlen);
			if (bags == NULL) {
				ERR_clear_error();
				bags = decrypt_legacy(p7, pass, passlen, &legacy);
			}
			if (bags == NULL) {
				nerr_set(e, "the encrypted certificates in safe %d cannot be decrypted with "
					 "the password given (or their cipher is not available)", i + 1);
				goto out;
			}
		} else {
			continue;
		}
		if (bags == NULL) {
			nerr_set(e, "PKCS#12 safe %d cannot be decoded", i + 1);
			goto out;
		}
		brc = p12_bags(cf, bags, 0, &count, e);
		sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
		if (brc != 0)
			goto out;
	}
	rc = 0;
out:
	sk_PKCS7_pop_free(safes, PKCS7_free);
	PKCS12_free(p12);
	legacy_free(&legacy);
	ERR_clear_error();
	return rc;
}

/* ---------------------------------------------------------------- DER file */

static int read_der(struct certfile *cf, const uint8_t *data, size_t n, struct nerr *e)
{
	size_t pos = 0, count = 0;

	while (pos < n) {
		struct tlv t;
		size_t total, k;
		enum der_kind dk;

		/* Trailing NULs or whitespace after the last object are tolerated. */
		for (k = pos; k < n && (data[k] == 0 || data[k] == '\r' || data[k] == '\n' ||
					data[k] == ' ' || data[k] == '\t');
		     k++)
			;
		if (k == n)
			break;
		if (tlv_at(data + pos, n - pos, &t) != 0 || t.tag != 0x30) {
			nerr_set(e, "offset %zu: not a DER structure", pos);
			return -1;
		}
		if (t.indefinite) {
			/* BER: only PKCS#7 is written that way; let OpenSSL find the end. */
			if (der_kind_of(data + pos, n - pos) != DER_PKCS7 &&
			    der_kind_of(data + pos, n - pos) != DER_CTL) {
				nerr_set(e, "offset %zu: indefinite-length encoding outside PKCS#7", pos);
				return -1;
			}
			return add_pkcs7(cf, data + pos, n - pos, pos, &count, e);
		}
		if (t.len > n - pos - t.hdr) {
			nerr_set(e, "offset %zu: the object claims %zu bytes, but only %zu remain", pos,
				 t.len, n - pos - t.hdr);
			return -1;
		}
		total = t.hdr + t.len;
		dk = der_kind_of(data + pos, total);
		switch (dk) {
		case DER_CERT:
		case DER_CRL:
			if (add_der(cf, dk == DER_CERT ? CELEM_CERT : CELEM_CRL, data + pos, total, pos, 0,
				    &count, e) != 0) {
				nerr_prefix(e, "offset %zu", pos);
				return -1;
			}
			break;
		case DER_PKCS7:
		case DER_CTL:
			if (add_pkcs7(cf, data + pos, total, pos, &count, e) != 0)
				return -1;
			break;
		default:
			nerr_set(e, "offset %zu: a DER structure that is not a certificate, CRL or PKCS#7",
				 pos);
			return -1;
		}
		pos += total;
	}
	if (count == 0 && cf->nctls == 0) {
		nerr_set(e, "offset 0: no certificate or CRL in the file");
		return -1;
	}
	return 0;
}

/* --------------------------------------------------------------- PEM stream */

struct lines {
	FILE *fp;
	int utf16;
	unsigned char buf[65536];
	size_t bpos, blen;
	int eof;
	struct strbuf line;
	size_t lineno;
};

/* Refill buf; for UTF-16LE text keep the low bytes of ASCII code units. */
static int lines_fill(struct lines *L, struct nerr *e)
{
	size_t got = fread(L->buf, 1, sizeof(L->buf), L->fp);

	if (got == 0) {
		if (ferror(L->fp)) {
			nerr_set(e, "line %zu: read error: %s", L->lineno + 1, strerror(errno));
			return -1;
		}
		L->eof = 1;
	}
	if (L->utf16) {
		size_t i, m = 0;

		if (got % 2 != 0) {
			int c = fgetc(L->fp);

			if (c != EOF)
				L->buf[got++] = (unsigned char)c;
		}
		for (i = 0; i + 1 < got; i += 2)
			L->buf[m++] = L->buf[i + 1] == 0 ? L->buf[i] : '?';
		got = m;
	}
	L->bpos = 0;
	L->blen = got;
	return 0;
}

/* Next line into L->line (no CR/LF). 1 line, 0 end, -1 error. */
static int lines_next(struct lines *L, struct nerr *e)
{
	L->line.len = 0;
	if (L->line.s != NULL)
		L->line.s[0] = '\0';
	for (;;) {
		unsigned char *nl;
		size_t take;

		if (L->bpos == L->blen) {
			if (L->eof)
				break;
			if (lines_fill(L, e) != 0)
				return -1;
			if (L->blen == 0)
				break;
		}
		nl = memchr(L->buf + L->bpos, '\n', L->blen - L->bpos);
		take = nl != NULL ? (size_t)(nl - (L->buf + L->bpos)) : L->blen - L->bpos;
		if (L->line.len + take > CERTREAD_MAX_PEM_BLOCK) {
			nerr_set(e, "line %zu: longer than %u bytes", L->lineno + 1,
				 CERTREAD_MAX_PEM_BLOCK);
			return -1;
		}
		sb_addn(&L->line, (const char *)L->buf + L->bpos, take);
		L->bpos += take;
		if (nl != NULL) {
			L->bpos++;
			L->lineno++;
			goto done;
		}
	}
	if (L->line.len == 0)
		return 0;
	L->lineno++;
done:
	if (L->line.len > 0 && L->line.s[L->line.len - 1] == '\r')
		L->line.s[--L->line.len] = '\0';
	if (L->line.s == NULL)
		sb_add(&L->line, "");
	return 1;
}

static int pem_decode(const char *b64, size_t n, uint8_t **out, size_t *outlen)
{
	EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
	int len = 0, fin = 0, rc = -1;
	uint8_t *buf = xmalloc(n / 4 * 3 + 4);

	if (ctx == NULL)
		goto out;
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, buf, &len, (const unsigned char *)b64, (int)n) < 0 ||
	    EVP_DecodeFinal(ctx, buf + len, &fin) != 1)
		goto out;
	*out = buf;
	*outlen = (size_t)len + (size_t)fin;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	EVP_ENCODE_CTX_free(ctx);
	return rc;
}

static int pem_block(struct certfile *cf, enum pem_label label, const struct strbuf *b64,
		     size_t begin_line, size_t *count, struct nerr *e)
{
	uint8_t *der = NULL;
	size_t n = 0;
	int rc = -1;

	if (pem_decode(b64->s != NULL ? b64->s : "", b64->len, &der, &n) != 0 || n == 0) {
		nerr_set(e, "line %zu: the base64 of the PEM block does not decode", begin_line);
		goto out;
	}
	switch (label) {
	case PEM_CERT:
		rc = add_der(cf, CELEM_CERT, der, n, begin_line, 0, count, e);
		break;
	case PEM_TRUSTED_CERT: {
		/* OpenSSL's trusted form: the certificate, then trust settings. */
		struct tlv t;

		if (tlv_at(der, n, &t) != 0 || t.indefinite || t.len > n - t.hdr) {
			nerr_set(e, "not a certificate");
			rc = -1;
		} else {
			rc = add_der(cf, CELEM_CERT, der, t.hdr + t.len, begin_line, 0, count, e);
		}
		break;
	}
	case PEM_CRL:
		rc = add_der(cf, CELEM_CRL, der, n, begin_line, 0, count, e);
		break;
	case PEM_PKCS7:
		rc = add_pkcs7(cf, der, n, begin_line, count, e);
		break;
	default:
		rc = 0;
		break;
	}
	if (rc != 0 && strncmp(e->msg, "line ", 5) != 0)
		nerr_prefix(e, "line %zu", begin_line);
out:
	free(der);
	return rc;
}

static int read_pem(struct certfile *cf, FILE *fp, struct nerr *e)
{
	struct lines L;
	struct strbuf b64;
	enum pem_label label = PEM_OTHER;
	size_t count = 0, begin_line = 0;
	int inside = 0, rc = -1, r;
	unsigned char bom[3];
	size_t got;

	memset(&L, 0, sizeof(L));
	sb_init(&L.line);
	sb_init(&b64);
	L.fp = fp;
	got = fread(bom, 1, 3, fp);
	if (got >= 2 && bom[0] == 0xff && bom[1] == 0xfe) {
		L.utf16 = 1;
		if (fseek(fp, 2, SEEK_SET) != 0)
			goto io;
	} else if (!(got == 3 && bom[0] == 0xef && bom[1] == 0xbb && bom[2] == 0xbf)) {
		if (fseek(fp, 0, SEEK_SET) != 0)
			goto io;
	}
	while ((r = lines_next(&L, e)) == 1) {
		const char *s = L.line.s;
		size_t len = L.line.len, ll;
		const char *lab;

		if (!inside) {
			lab = pem_begin(s, len, &ll);
			if (lab == NULL)
				continue;
			label = pem_label_of(lab, ll);
			inside = 1;
			begin_line = L.lineno;
			b64.len = 0;
			if (label == PEM_KEY)
				cf->keys_skipped++;
			continue;
		}
		if (len >= 9 && memcmp(s, "-----END ", 9) == 0) {
			inside = 0;
			if (label == PEM_KEY || label == PEM_OTHER)
				continue;
			if (pem_block(cf, label, &b64, begin_line, &count, e) != 0)
				goto out;
			continue;
		}
		if (label == PEM_KEY || label == PEM_OTHER)
			continue; /* never even buffered */
		if (memchr(s, ':', len) != NULL)
			continue; /* RFC 1421 header line */
		if (b64.len + len > CERTREAD_MAX_PEM_BLOCK) {
			nerr_set(e, "line %zu: the PEM block that starts here is larger than %u bytes",
				 begin_line, CERTREAD_MAX_PEM_BLOCK);
			goto out;
		}
		{
			/* keep only the base64 characters: one pass, no shifting */
			size_t i, from = 0;

			for (i = 0; i <= len; i++) {
				if (i == len || s[i] == ' ' || s[i] == '\t') {
					if (i > from)
						sb_addn(&b64, s + from, i - from);
					from = i + 1;
				}
			}
		}
	}
	if (r < 0)
		goto out;
	if (inside) {
		free(cf->warning);
		cf->warning = xasprintf("line %zu: a PEM block starts here and never ends; it was "
					"not read", begin_line);
	}
	if (count == 0 && cf->nctls == 0) {
		nerr_set(e, "line %zu: no certificate or CRL in the file", L.lineno);
		goto out;
	}
	rc = 0;
	goto out;
io:
	nerr_set(e, "cannot read: %s", strerror(errno));
out:
	sb_free(&L.line);
	if (b64.s != NULL)
		OPENSSL_cleanse(b64.s, b64.cap);
	sb_free(&b64);
	return rc;
}

/* ------------------------------------------------------------------- read */

static int slurp(FILE *fp, uint64_t size, uint8_t **out, struct nerr *e)
{
	uint8_t *buf = xmalloc(size > 0 ? (size_t)size : 1);
	size_t got = size > 0 ? fread(buf, 1, (size_t)size, fp) : 0;

	if (got != size) {
		nerr_set(e, "short read (%zu of %llu bytes)", got, (unsigned long long)size);
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

void certfile_free(struct certfile *cf)
{
	if (cf == NULL)
		return;
	free(cf->store);
	free(cf->store_origin);
	cert_elems_free(&cf->elems);
	free(cf->warning);
	free(cf);
}

void certfile_free_void(void *cf)
{
	certfile_free(cf);
}

/* The one reader behind certfile_read and certfile_parse: fp holds size
 * bytes (a file, or a buffer through fmemopen). 0, or -1 with e set
 * (without the file name). */
static int read_stream(struct certfile *cf, FILE *fp, uint64_t size, enum artifact_kind kind,
		       const struct certread_options *o, struct nerr *e)
{
	uint8_t *data = NULL;
	unsigned char first = 0;
	int rc = -1;

	if (size > 0 && fread(&first, 1, 1, fp) != 1) {
		nerr_set(e, "cannot read: %s", strerror(errno));
		goto out;
	}
	rewind(fp);
	if (kind == ART_CERT_SST) {
		cf->has_props = 1;
		if (slurp(fp, size, &data, e) != 0 ||
		    sst_parse(data, (size_t)size, &cf->elems, &cf->warning, e) != 0)
			goto out;
		{
			size_t i;

			for (i = 0; i < cf->elems.n; i++) {
				if (cf->elems.v[i].kind == CELEM_CERT)
					cf->ncerts++;
				else if (cf->elems.v[i].kind == CELEM_CRL)
					cf->ncrls++;
				else
					cf->nctls++;
			}
		}
	} else if (kind == ART_CERT_PKCS12) {
		if (slurp(fp, size, &data, e) != 0 ||
		    read_pkcs12(cf, data, (size_t)size, o, e) != 0)
			goto out;
	} else if (first == 0x30) {
		if (slurp(fp, size, &data, e) != 0 ||
		    read_der(cf, data, (size_t)size, e) != 0)
			goto out;
	} else {
		cf->pem = 1;
		if (read_pem(cf, fp, e) != 0)
			goto out;
	}
	/* A PKCS#7 that turned out to hold only a trust list. */
	if (cf->nctls > 0 && cf->ncerts == 0 && cf->ncrls == 0)
		cf->kind = ART_CERT_CTL;
	rc = 0;
out:
	free(data);
	return rc;
}

int certfile_read(const char *path, size_t root_len, enum artifact_kind kind,
		  const struct certread_options *o, struct certfile **out, struct nerr *e)
{
	return certfile_read_fd(-1, path, root_len, kind, o, out, e);
}

int certfile_read_fd(int in, const char *path, size_t root_len, enum artifact_kind kind,
		     const struct certread_options *o, struct certfile **out, struct nerr *e)
{
	struct certfile *cf = xcalloc(1, sizeof(*cf));
	FILE *fp = NULL;
	struct stat st;
	int fd, rc = -1;

	*out = NULL;
	cf->kind = kind;
	fd = input_fd(in, path, e);
	if (fd < 0)
		goto out;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, "%s: not a regular file", path);
		close(fd);
		goto out;
	}
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		nerr_set(e, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if ((uint64_t)st.st_size > CERTREAD_MAX_FILE) {
		nerr_set(e, "%s: %llu bytes; certificate files larger than %u bytes are not read",
			 path, (unsigned long long)st.st_size, CERTREAD_MAX_FILE);
		goto out;
	}
	if (read_stream(cf, fp, (uint64_t)st.st_size, kind, o, e) != 0)
		goto fail;
	certstore_for_path(path, root_len, o, &cf->store, &cf->store_origin);
	*out = cf;
	cf = NULL;
	rc = 0;
	goto out;
fail:
	nerr_prefix(e, "%s", path);
out:
	if (fp != NULL)
		fclose(fp);
	certfile_free(cf);
	ERR_clear_error();
	return rc;
}

int certfile_parse(const char *name, const uint8_t *buf, size_t len, enum artifact_kind kind,
		   const struct certread_options *o, struct certfile **out, struct nerr *e)
{
	static const uint8_t empty[1];
	struct certfile *cf = xcalloc(1, sizeof(*cf));
	FILE *fp = NULL;
	int rc = -1;

	*out = NULL;
	cf->kind = kind;
	if (len > CERTREAD_MAX_FILE) {
		nerr_set(e, "%s: %zu bytes; certificate files larger than %u bytes are not read",
			 name, len, CERTREAD_MAX_FILE);
		goto out;
	}
	/* The PEM reader streams from a FILE: fmemopen gives it the buffer
	 * (opened read-only, so the cast drops a const that is never used to
	 * write). An empty buffer still needs a non-NULL pointer. */
	fp = fmemopen((void *)(uintptr_t)(len > 0 ? buf : empty), len, "rb");
	if (fp == NULL) {
		nerr_set(e, "%s: cannot open the buffer: %s", name, strerror(errno));
		goto out;
	}
	if (read_stream(cf, fp, len, kind, o, e) != 0) {
		nerr_prefix(e, "%s", name);
		goto out;
	}
	*out = cf;
	cf = NULL;
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	certfile_free(cf);
	ERR_clear_error();
	return rc;
}
