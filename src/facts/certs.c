/* The certificate model: decode every certificate and CRL of the bundle
 * once (OpenSSL), remember every place it was found, and work out which
 * certificates issued which (by issuer name and key identifier, with the
 * signature verified). Checks read the result through certs.h only. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "read/certread.h"
#include "read/preg.h"
#include "ndes-audit/certs.h"
#include "ndes-audit/regfacts.h"
#include "ndes-audit/util.h"

#define MAX_ISSUER_CANDIDATES 16
#define MAX_REVOKED 200000
#define MAX_VALUE_TEXT 256

/* --------------------------------------------------------------- builder */

struct builder {
	struct cert_facts *cf;
	size_t cap_certs, cap_places, cap_crls, cap_problems;
	/* sha1 -> cert index */
	size_t *slots;
	size_t nslots;
	uint8_t (*raw)[20];
	ASN1_OBJECT *oid_tmpl_name, *oid_tmpl_info;
	struct {
		unsigned char *der;
		size_t len;
	} *crl_der;                 /* per CRL, until its signature is checked */
};

static void problem(struct builder *bd, int error, const char *artifact, const char *location,
		    const char *store, const char *fmt, ...) NA_PRINTF(6, 7);

static void problem(struct builder *bd, int error, const char *artifact, const char *location,
		    const char *store, const char *fmt, ...)
{
	struct cert_facts *cf = bd->cf;
	struct cert_problem *p;
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cf->nproblems == bd->cap_problems) {
		bd->cap_problems = bd->cap_problems ? bd->cap_problems * 2 : 16;
		cf->problems = xreallocarray(cf->problems, bd->cap_problems, sizeof(*cf->problems));
	}
	p = &cf->problems[cf->nproblems++];
	p->error = error;
	p->artifact = artifact;
	p->location = location != NULL ? xstrdup(location) : NULL;
	p->store = store != NULL ? xstrdup(store) : NULL;
	p->message = xstrdup(buf);
}

static void list_add(char ***v, size_t *n, const char *s)
{
	if (*n >= CERT_MAX_NAMES)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

static void list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int list_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* Bytes as text, at most cap characters kept; a NUL inside the value is
 * written out as \x00 so that it can never match a name. */
static char *bytes_text(const unsigned char *s, size_t n, size_t cap)
{
	struct strbuf sb;
	size_t i, take = n < cap ? n : cap;

	/* never cut a UTF-8 sequence in two */
	while (take < n && take > 0 && (s[take] & 0xc0) == 0x80)
		take--;
	sb_init(&sb);
	for (i = 0; i < take; i++) {
		if (s[i] == 0)
			sb_add(&sb, "\\x00");
		else
			sb_addn(&sb, (const char *)s + i, 1);
	}
	if (take < n)
		sb_printf(&sb, "...(%zu bytes)", n);
	if (sb.s == NULL)
		sb_add(&sb, "");
	return sb_take(&sb);
}

static char *asn1_text(const ASN1_STRING *s, size_t cap)
{
	unsigned char *u = NULL;
	int n = ASN1_STRING_to_UTF8(&u, s);
	char *r;

	if (n < 0) {
		ERR_clear_error();
		return xstrdup("(undecodable)");
	}
	r = bytes_text(u, (size_t)n, cap);
	OPENSSL_free(u);
	return r;
}

static char *hex_of(const unsigned char *p, size_t n)
{
	return hex_encode(p, n > 64 ? 64 : n, 1);
}

/* Windows-style display: most specific RDN first, "CN=..., O=..., C=US". */
static char *name_text(const X509_NAME *nm)
{
	struct strbuf sb;
	int i, count = X509_NAME_entry_count(nm), prev_set = -1;

	sb_init(&sb);
	for (i = count - 1; i >= 0; i--) {
		const X509_NAME_ENTRY *ne = X509_NAME_get_entry(nm, i);
		const ASN1_OBJECT *o = X509_NAME_ENTRY_get_object(ne);
		int nid = OBJ_obj2nid(o), set = X509_NAME_ENTRY_set(ne);
		char oid[80], *v;
		const char *label;

		switch (nid) {
		case NID_stateOrProvinceName: label = "S"; break;
		case NID_pkcs9_emailAddress: label = "E"; break;
		case NID_domainComponent: label = "DC"; break;
		case NID_undef:
			OBJ_obj2txt(oid + 4, sizeof(oid) - 4, o, 1);
			memcpy(oid, "OID.", 4);
			label = oid;
			break;
		default: label = OBJ_nid2sn(nid); break;
		}
		v = asn1_text(X509_NAME_ENTRY_get_data(ne), MAX_VALUE_TEXT);
		if (sb.len > 0)
			sb_add(&sb, set == prev_set ? " + " : ", ");
		sb_printf(&sb, "%s=%s", label, v);
		free(v);
		prev_set = set;
		if (sb.len > CERT_MAX_TEXT) {
			sb.len = CERT_MAX_TEXT;
			while (sb.len > 0 && ((unsigned char)sb.s[sb.len] & 0xc0) == 0x80)
				sb.len--; /* never cut a UTF-8 sequence in two */
			sb.s[sb.len] = '\0';
			sb_add(&sb, "...");
			break;
		}
	}
	if (sb.s == NULL)
		sb_add(&sb, "(empty name)");
	return sb_take(&sb);
}

static char *name_cn(const X509_NAME *nm)
{
	int i = -1, last = -1;

	while ((i = X509_NAME_get_index_by_NID(nm, NID_commonName, i)) >= 0)
		last = i;
	if (last < 0)
		return NULL;
	return asn1_text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(nm, last)), MAX_VALUE_TEXT);
}

static int asn1_time_unix(const ASN1_TIME *t, int64_t *out)
{
	struct tm tm;

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1) {
		ERR_clear_error();
		return -1;
	}
	*out = days_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
			       (unsigned)tm.tm_mday) * 86400 +
	       (int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

static unsigned long name_hash(const X509_NAME *nm)
{
	int ok = 0;
	unsigned long h = X509_NAME_hash_ex(nm, NULL, NULL, &ok);

	if (!ok)
		ERR_clear_error();
	return ok ? h : 0;
}

static void eku_list(const EXTENDED_KEY_USAGE *eku, char ***v, size_t *n)
{
	int i;

	for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
		char oid[128];

		if (OBJ_obj2txt(oid, sizeof(oid), sk_ASN1_OBJECT_value(eku, i), 1) > 0 &&
		    !list_has(*v, *n, oid))
			list_add(v, n, oid);
	}
}

static void uri_of(const GENERAL_NAME *g, const char *prefix, char ***v, size_t *n)
{
	char *s;

	if (g->type != GEN_URI)
		return;
	s = bytes_text(ASN1_STRING_get0_data(g->d.uniformResourceIdentifier),
		       (size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier), MAX_VALUE_TEXT);
	if (prefix != NULL) {
		char *t = xasprintf("%s%s", prefix, s);

		free(s);
		s = t;
	}
	if (!list_has(*v, *n, s))
		list_add(v, n, s);
	free(s);
}

static const ASN1_OCTET_STRING *ext_data(const X509 *x, const ASN1_OBJECT *oid)
{
	int i = X509_get_ext_by_OBJ(x, oid, -1);

	return i < 0 ? NULL : X509_EXTENSION_get_data(X509_get_ext(x, i));
}

static void decode_templates(struct builder *bd, const X509 *x, struct cert *c)
{
	const ASN1_OCTET_STRING *d;

	d = ext_data(x, bd->oid_tmpl_name);
	if (d != NULL) {
		const unsigned char *p = ASN1_STRING_get0_data(d);
		ASN1_TYPE *t = d2i_ASN1_TYPE(NULL, &p, ASN1_STRING_length(d));

		if (t != NULL && (t->type == V_ASN1_BMPSTRING || t->type == V_ASN1_UTF8STRING ||
				  t->type == V_ASN1_PRINTABLESTRING || t->type == V_ASN1_IA5STRING))
			c->template_name = asn1_text(t->value.asn1_string, MAX_VALUE_TEXT);
		ASN1_TYPE_free(t);
	}
	d = ext_data(x, bd->oid_tmpl_info);
	if (d != NULL) {
		const unsigned char *p = ASN1_STRING_get0_data(d);
		ASN1_SEQUENCE_ANY *seq = d2i_ASN1_SEQUENCE_ANY(NULL, &p, ASN1_STRING_length(d));

		if (seq != NULL && sk_ASN1_TYPE_num(seq) >= 1 &&
		    sk_ASN1_TYPE_value(seq, 0)->type == V_ASN1_OBJECT) {
			char oid[128];
			long major = -1, minor = -1;

			OBJ_obj2txt(oid, sizeof(oid), sk_ASN1_TYPE_value(seq, 0)->value.object, 1);
			if (sk_ASN1_TYPE_num(seq) >= 2 &&
			    sk_ASN1_TYPE_value(seq, 1)->type == V_ASN1_INTEGER)
				major = ASN1_INTEGER_get(sk_ASN1_TYPE_value(seq, 1)->value.integer);
			if (sk_ASN1_TYPE_num(seq) >= 3 &&
			    sk_ASN1_TYPE_value(seq, 2)->type == V_ASN1_INTEGER)
				minor = ASN1_INTEGER_get(sk_ASN1_TYPE_value(seq, 2)->value.integer);
			c->template_oid = major >= 0 ? xasprintf("%s v%ld.%ld", oid, major,
								 minor >= 0 ? minor : 0)
						     : xstrdup(oid);
		}
		sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
	}
	ERR_clear_error();
}

/* Byte-for-byte equality of two names' DER. Windows' test for a root is
 * "issuer equals subject"; X509_NAME_cmp folds case and spacing, which
 * would let a look-alike name pass as the same. 1 equal, 0 not. */
static int name_der_equal(const X509_NAME *a, const X509_NAME *b)
{
	const unsigned char *da = NULL, *db = NULL;
	size_t na = 0, nb = 0;

	if (X509_NAME_get0_der(a, &da, &na) != 1 || X509_NAME_get0_der(b, &db, &nb) != 1)
		return 0;
	return na == nb && memcmp(da, db, na) == 0;
}

/* Decode a certificate into c. 0, or -1 with why. */
static int decode_cert(struct builder *bd, const uint8_t *der, size_t n, struct cert *c,
		       const char **why)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)n);
	const ASN1_INTEGER *serial;
	EXTENDED_KEY_USAGE *eku;
	GENERAL_NAMES *gens;
	STACK_OF(DIST_POINT) *dps;
	AUTHORITY_INFO_ACCESS *aia;
	const ASN1_OCTET_STRING *kid;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	uint32_t flags;
	int i, crit = -1;

	if (x == NULL || p != der + n) {
		X509_free(x);
		ERR_clear_error();
		*why = x == NULL ? "not a valid X.509 certificate" : "bytes after the certificate";
		return -1;
	}
	if (EVP_Digest(der, n, md, &mdlen, EVP_sha1(), NULL) == 1) {
		char *h = hex_encode(md, mdlen, 1);

		snprintf(c->sha1, sizeof(c->sha1), "%s", h);
		free(h);
	}
	if (EVP_Digest(der, n, md, &mdlen, EVP_sha256(), NULL) == 1) {
		char *h = hex_encode(md, mdlen, 1);

		snprintf(c->sha256, sizeof(c->sha256), "%s", h);
		free(h);
	}
	c->subject = name_text(X509_get_subject_name(x));
	c->issuer = name_text(X509_get_issuer_name(x));
	c->subject_cn = name_cn(X509_get_subject_name(x));
	c->issuer_cn = name_cn(X509_get_issuer_name(x));
	c->subject_hash = name_hash(X509_get_subject_name(x));
	c->issuer_hash = name_hash(X509_get_issuer_name(x));
	serial = X509_get0_serialNumber(x);
	{
		char *h = hex_of(ASN1_STRING_get0_data(serial), (size_t)ASN1_STRING_length(serial));

		c->serial = ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER ? xasprintf("-%s", h)
									   : xstrdup(h);
		free(h);
	}
	c->validity_ok = asn1_time_unix(X509_get0_notBefore(x), &c->not_before) == 0 &&
			 asn1_time_unix(X509_get0_notAfter(x), &c->not_after) == 0;
	flags = X509_get_extension_flags(x);
	c->is_ca = (flags & EXFLAG_CA) != 0;
	if (flags & EXFLAG_KUSAGE) {
		c->ku_present = 1;
		c->ku = X509_get_key_usage(x) & 0xffu;
	}
	eku = X509_get_ext_d2i(x, NID_ext_key_usage, &crit, NULL);
	if (eku != NULL || crit >= 0 || crit == -2) {
		/* an undecodable or repeated extension allows nothing */
		c->eku_ext = 1;
		if (eku != NULL)
			eku_list(eku, &c->eku, &c->neku);
	}
	EXTENDED_KEY_USAGE_free(eku);
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type == GEN_DNS) {
			char *s = bytes_text(ASN1_STRING_get0_data(g->d.dNSName),
					     (size_t)ASN1_STRING_length(g->d.dNSName), MAX_VALUE_TEXT);

			list_add(&c->san_dns, &c->nsan_dns, s);
			free(s);
		}
	}
	GENERAL_NAMES_free(gens);
	dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
	for (i = 0; dps != NULL && i < sk_DIST_POINT_num(dps); i++) {
		const DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		int j;

		if (dp->distpoint == NULL || dp->distpoint->type != 0)
			continue;
		for (j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); j++)
			uri_of(sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j), NULL, &c->cdp,
			       &c->ncdp);
	}
	CRL_DIST_POINTS_free(dps);
	aia = X509_get_ext_d2i(x, NID_info_access, NULL, NULL);
	for (i = 0; aia != NULL && i < sk_ACCESS_DESCRIPTION_num(aia); i++) {
		const ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		int nid = OBJ_obj2nid(ad->method);

		if (nid == NID_ad_ca_issuers)
			uri_of(ad->location, NULL, &c->aia, &c->naia);
		else if (nid == NID_ad_OCSP)
			uri_of(ad->location, "OCSP: ", &c->aia, &c->naia);
	}
	AUTHORITY_INFO_ACCESS_free(aia);
	decode_templates(bd, x, c);
	kid = X509_get0_subject_key_id(x);
	if (kid != NULL)
		c->ski = hex_of(ASN1_STRING_get0_data(kid), (size_t)ASN1_STRING_length(kid));
	kid = X509_get0_authority_key_id(x);
	if (kid != NULL)
		c->aki = hex_of(ASN1_STRING_get0_data(kid), (size_t)ASN1_STRING_length(kid));
	c->name_self = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
	c->name_exact = c->name_self && name_der_equal(X509_get_subject_name(x),
							X509_get_issuer_name(x));
	if (c->name_self) {
		EVP_PKEY *pk = X509_get0_pubkey(x);
		int r = pk != NULL ? X509_verify(x, pk) : -1;

		if (r == 1) {
			c->self_signed = 1;
		} else if (r == 0) {
			c->self_signed = 0;
			c->self_signed_why = xstrdup("its issuer name equals its subject, but its own "
						     "public key does not verify its signature: "
						     "another key signed it");
		} else {
			c->self_signed = -1;
			c->self_signed_why = xstrdup("its issuer name equals its subject, but its "
						     "signature could not be checked with its own key "
						     "(unsupported algorithm or damaged key)");
		}
	}
	X509_free(x);
	ERR_clear_error();
	return 0;
}

static void cert_clear(struct cert *c)
{
	free(c->subject);
	free(c->issuer);
	free(c->subject_cn);
	free(c->issuer_cn);
	free(c->serial);
	list_free(c->eku, c->neku);
	list_free(c->san_dns, c->nsan_dns);
	free(c->template_name);
	free(c->template_oid);
	list_free(c->cdp, c->ncdp);
	list_free(c->aia, c->naia);
	free(c->ski);
	free(c->aki);
	free(c->self_signed_why);
	free(c->issuers);
	free(c->places);
	free(c->der_owned);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------ sha1 index */

static size_t slot_for(const uint8_t sha1[20], size_t nslots)
{
	uint64_t h = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		h = (h << 8) | sha1[i];
	return (size_t)(h % nslots);
}

static void index_grow(struct builder *bd)
{
	size_t i, nslots = bd->nslots ? bd->nslots * 2 : 256;

	free(bd->slots);
	bd->slots = xcalloc(nslots, sizeof(*bd->slots));
	bd->nslots = nslots;
	for (i = 0; i < bd->cf->ncerts; i++) {
		size_t s = slot_for(bd->raw[i], nslots);

		while (bd->slots[s] != 0)
			s = (s + 1) % nslots;
		bd->slots[s] = i + 1;
	}
}

static size_t index_find(const struct builder *bd, const uint8_t sha1[20], size_t *slot)
{
	size_t s;

	if (bd->nslots == 0)
		return 0;
	s = slot_for(sha1, bd->nslots);
	while (bd->slots[s] != 0) {
		if (memcmp(bd->raw[bd->slots[s] - 1], sha1, 20) == 0)
			return bd->slots[s];
		s = (s + 1) % bd->nslots;
	}
	*slot = s;
	return 0;
}

/* ------------------------------------------------------------- elements */

struct where {
	const char *store;       /* canonical, or NULL */
	const char *store_key;
	enum cert_origin origin;
	const char *artifact;
	char *location;          /* taken */
	int has_props;
};

static void place_eku(struct builder *bd, const struct cert *c, const struct cert_elem *el,
		      struct cert_place *pl, const struct where *w)
{
	EXTENDED_KEY_USAGE *prop = NULL;
	char **pv = NULL;
	size_t pn = 0, i;
	int ext_any, prop_any;

	if (el->has_eku_prop) {
		const unsigned char *p = el->eku_prop;

		prop = d2i_EXTENDED_KEY_USAGE(NULL, &p, (long)el->eku_prop_len);
		if (prop == NULL) {
			ERR_clear_error();
			problem(bd, 0, w->artifact, w->location, w->store,
				"the ENHKEY_USAGE property (9) does not decode; it is ignored");
		} else {
			eku_list(prop, &pv, &pn);
			EXTENDED_KEY_USAGE_free(prop);
			pl->eku_from_prop = 1;
		}
	}
	ext_any = !c->eku_ext || list_has(c->eku, c->neku, OID_EKU_ANY);
	prop_any = !pl->eku_from_prop || list_has(pv, pn, OID_EKU_ANY);
	if (ext_any && prop_any) {
		pl->eku_any = 1;
	} else if (ext_any) {
		for (i = 0; i < pn; i++)
			list_add(&pl->eku, &pl->neku, pv[i]);
	} else {
		for (i = 0; i < c->neku; i++)
			if (prop_any || list_has(pv, pn, c->eku[i]))
				list_add(&pl->eku, &pl->neku, c->eku[i]);
	}
	list_free(pv, pn);
}

static void add_place(struct builder *bd, size_t ci, const struct cert_elem *el, struct where *w)
{
	struct cert_facts *cf = bd->cf;
	struct cert *c = &cf->certs[ci];
	struct cert_place *pl;

	if (cf->nplaces == bd->cap_places) {
		bd->cap_places = bd->cap_places ? bd->cap_places * 2 : 64;
		cf->places = xreallocarray(cf->places, bd->cap_places, sizeof(*cf->places));
	}
	pl = &cf->places[cf->nplaces];
	memset(pl, 0, sizeof(*pl));
	pl->cert = ci;
	pl->store = w->store;
	pl->store_key = w->store_key != NULL ? xstrdup(w->store_key) : NULL;
	pl->origin = w->origin;
	pl->artifact = w->artifact;
	pl->location = w->location;
	w->location = NULL;
	pl->has_props = w->has_props;
	pl->copies = el->dups;
	if (el->kpi != NULL) {
		pl->has_key = 1;
		pl->key_provider = el->kpi->provider != NULL ? xstrdup(el->kpi->provider) : NULL;
		pl->key_prov_type = el->kpi->prov_type;
		pl->key_spec = el->kpi->key_spec;
	}
	if (el->friendly_name != NULL)
		pl->friendly_name = xstrdup(el->friendly_name);
	place_eku(bd, c, el, pl, w);
	c->places = xreallocarray(c->places, c->nplaces + 1, sizeof(*c->places));
	c->places[c->nplaces++] = cf->nplaces;
	cf->nplaces++;
}

static int add_cert(struct builder *bd, struct cert_elem *el, int own_der, struct where *w)
{
	struct cert_facts *cf = bd->cf;
	size_t slot = 0, found;

	if (el->problem != NULL)
		problem(bd, 0, w->artifact, w->location, w->store, "%s", el->problem);
	if (el->has_sha1_prop && memcmp(el->sha1_prop, el->sha1, 20) != 0) {
		char *prop = hex_encode(el->sha1_prop, 20, 1), *real = hex_encode(el->sha1, 20, 1);

		problem(bd, 0, w->artifact, w->location, w->store,
			"the SHA1_HASH property says %s, but the certificate's SHA-1 is %s: Windows "
			"shows and finds it by the property's value", prop, real);
		free(prop);
		free(real);
	}
	found = index_find(bd, el->sha1, &slot);
	if (found == 0) {
		struct cert c;
		const char *why = NULL;

		if (cf->ncerts >= CERT_MAX_CERTS) {
			problem(bd, 1, w->artifact, w->location, w->store,
				"more than %d certificates in the bundle; this one was not read",
				CERT_MAX_CERTS);
			return -1;
		}
		memset(&c, 0, sizeof(c));
		if (decode_cert(bd, el->der, el->der_len, &c, &why) != 0) {
			problem(bd, 1, w->artifact, w->location, w->store, "%s", why);
			cert_clear(&c);
			return -1;
		}
		if (own_der) {
			c.der_owned = el->der;
			el->der = NULL;
			c.der = c.der_owned;
		} else {
			c.der = el->der;
		}
		c.der_len = el->der_len;
		if (cf->ncerts == bd->cap_certs) {
			bd->cap_certs = bd->cap_certs ? bd->cap_certs * 2 : 64;
			cf->certs = xreallocarray(cf->certs, bd->cap_certs, sizeof(*cf->certs));
			bd->raw = xreallocarray(bd->raw, bd->cap_certs, sizeof(*bd->raw));
		}
		cf->certs[cf->ncerts] = c;
		memcpy(bd->raw[cf->ncerts], el->sha1, 20);
		cf->ncerts++;
		if (cf->ncerts * 2 > bd->nslots)
			index_grow(bd);
		else
			bd->slots[slot] = cf->ncerts;
		found = cf->ncerts;
	}
	add_place(bd, found - 1, el, w);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_crl(struct builder *bd, const struct cert_elem *el, struct where *w)
{
	struct cert_facts *cf = bd->cf;
	const unsigned char *p = el->der;
	X509_CRL *x = d2i_X509_CRL(NULL, &p, (long)el->der_len);
	STACK_OF(X509_REVOKED) *rev;
	struct crl *c;
	int i;

	if (x == NULL) {
		ERR_clear_error();
		problem(bd, 1, w->artifact, w->location, w->store, "not a valid X.509 CRL");
		return -1;
	}
	if (cf->ncrls == bd->cap_crls) {
		bd->cap_crls = bd->cap_crls ? bd->cap_crls * 2 : 16;
		cf->crls = xreallocarray(cf->crls, bd->cap_crls, sizeof(*cf->crls));
		bd->crl_der = xreallocarray(bd->crl_der, bd->cap_crls, sizeof(*bd->crl_der));
	}
	bd->crl_der[cf->ncrls].der = xmalloc(el->der_len ? el->der_len : 1);
	memcpy(bd->crl_der[cf->ncrls].der, el->der, el->der_len);
	bd->crl_der[cf->ncrls].len = el->der_len;
	c = &cf->crls[cf->ncrls++];
	memset(c, 0, sizeof(*c));
	{
		char *h = hex_encode(el->sha1, 20, 1);

		snprintf(c->sha1, sizeof(c->sha1), "%s", h);
		free(h);
	}
	c->store = w->store;
	c->store_key = w->store_key != NULL ? xstrdup(w->store_key) : NULL;
	c->origin = w->origin;
	c->artifact = w->artifact;
	c->location = w->location;
	w->location = NULL;
	c->issuer = name_text(X509_CRL_get_issuer(x));
	c->issuer_cn = name_cn(X509_CRL_get_issuer(x));
	{
		AUTHORITY_KEYID *akid = X509_CRL_get_ext_d2i(x, NID_authority_key_identifier, NULL, NULL);

		if (akid != NULL && akid->keyid != NULL)
			c->aki = hex_of(ASN1_STRING_get0_data(akid->keyid),
					(size_t)ASN1_STRING_length(akid->keyid));
		AUTHORITY_KEYID_free(akid);
		ERR_clear_error();
	}
	if (asn1_time_unix(X509_CRL_get0_lastUpdate(x), &c->this_update) != 0)
		c->this_update = 0;
	c->has_next_update = asn1_time_unix(X509_CRL_get0_nextUpdate(x), &c->next_update) == 0;
	rev = X509_CRL_get_REVOKED(x);
	for (i = 0; rev != NULL && i < sk_X509_REVOKED_num(rev); i++) {
		const ASN1_INTEGER *s = X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(rev, i));

		if (c->nrevoked >= MAX_REVOKED) {
			c->revoked_truncated = 1;
			break;
		}
		c->revoked = xreallocarray(c->revoked, c->nrevoked + 1, sizeof(*c->revoked));
		c->revoked[c->nrevoked++] = hex_of(ASN1_STRING_get0_data(s),
						   (size_t)ASN1_STRING_length(s));
	}
	if (c->nrevoked > 1)
		qsort(c->revoked, c->nrevoked, sizeof(*c->revoked), cmp_str);
	X509_CRL_free(x);
	return 0;
}

/* 0 when the element went into the model (or is a trust list, counted),
 * -1 when it could not be decoded (a problem says so). */
static int add_elem(struct builder *bd, struct cert_elem *el, int own_der, struct where *w)
{
	int rc = 0;

	if (el->kind == CELEM_CERT)
		rc = add_cert(bd, el, own_der, w);
	else if (el->kind == CELEM_CRL)
		rc = add_crl(bd, el, w);
	else
		bd->cf->nctls++;
	free(w->location);
	w->location = NULL;
	return rc;
}

/* ------------------------------------------------------------- the hive */

static const char *const hive_roots[] = {CERTS_LOCAL_ROOT, CERTS_GPO_ROOT, CERTS_ENTERPRISE_ROOT};
static const enum cert_origin hive_origins[] = {CORIGIN_LOCAL, CORIGIN_GPO, CORIGIN_ENTERPRISE};

const char *cert_origin_root(enum cert_origin o)
{
	size_t k;

	for (k = 0; k < sizeof(hive_origins) / sizeof(hive_origins[0]); k++)
		if (hive_origins[k] == o)
			return hive_roots[k];
	return NULL;
}
static const char *const element_keys[] = {"Certificates", "CRLs", "CTLs"};

/* The store's name for the model: the canonical name of a store Windows
 * defines, or else the key or file's own name, copied into the facts (one
 * copy per name, compared as Windows does, case-insensitively), so that the
 * places that point at it never outlive the listing they came from. */
static const char *store_of_key(struct builder *bd, const char *name)
{
	struct cert_facts *cf = bd->cf;
	const char *c = certstore_canonical(name);
	size_t i;

	if (c != NULL)
		return c;
	for (i = 0; i < cf->other_stores.n; i++)
		if (ascii_casecmp(cf->other_stores.v[i], name) == 0)
			return cf->other_stores.v[i];
	strlist_add(&cf->other_stores, name);
	return cf->other_stores.v[cf->other_stores.n - 1];
}

static void walk_elements(struct builder *bd, const struct regsrc *r, const char *key,
			  const char *store, const char *store_key, enum cert_origin origin,
			  unsigned want)
{
	struct reg_subkey_value *vals = NULL;
	size_t i, n = 0;
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = reg_subkey_values(r, key, "Blob", &vals, &n, &e);
	if (rc == -1)
		problem(bd, 1, r->artifact, key, store, "the store's elements cannot be listed: %s",
			e.msg);
	for (i = 0; rc == 1 && i < n; i++) {
		const struct reg_subkey_value *sv = &vals[i];
		char *loc = xasprintf("%s\\%s\\Blob", key, sv->subkey);
		struct cert_elem el;
		struct where w = {store, store_key, origin, r->artifact, NULL, 1};

		memset(&el, 0, sizeof(el));
		nerr_clear(&e);
		if (sv->rc == -1) {
			problem(bd, 1, r->artifact, loc, store, "the Blob cannot be read: %s", sv->error);
		} else if (sv->rc == 0) {
			problem(bd, 0, r->artifact, loc, store, "the element has no Blob value");
		} else if (sv->v.type != REGT_BINARY) {
			problem(bd, 1, r->artifact, loc, store, "the Blob is %s, not REG_BINARY",
				regtype_name(sv->v.type));
		} else if (certblob_parse(sv->v.data, sv->v.size, &el, &e) != 0) {
			problem(bd, 1, r->artifact, loc, store, "the Blob does not parse: %s", e.msg);
		} else {
			char *real = hex_encode(el.sha1, 20, 1);
			int kind_rec = el.kind == CELEM_CERT ? CERTREC_CERT
				       : el.kind == CELEM_CRL ? CERTREC_CRL : CERTREC_CTL;

			w.location = xstrdup(loc);
			/* Key name and record kind are judged only for elements that decode. */
			if (add_elem(bd, &el, 1, &w) == 0) {
				if ((unsigned)kind_rec != want)
					problem(bd, 0, r->artifact, loc, store, "a %s record under %s",
						el.kind == CELEM_CERT ? "certificate"
						: el.kind == CELEM_CRL ? "CRL" : "CTL",
						element_keys[want - CERTREC_CERT]);
				if (ascii_casecmp(sv->subkey, real) != 0)
					problem(bd, 0, r->artifact, loc, store,
						"the key name %s is not the SHA-1 of the element it "
						"holds (%s)", sv->subkey, real);
			}
			free(real);
		}
		cert_elem_clear(&el);
		free(loc);
	}
	reg_subkey_values_free(vals, n);
}

static void walk_hive(struct builder *bd, const struct regsrc *r)
{
	struct cert_facts *cf = bd->cf;
	size_t k, i, j;

	cf->hive_artifact = r->artifact;
	for (k = 0; k < sizeof(hive_roots) / sizeof(hive_roots[0]); k++) {
		struct strlist stores = {0};
		struct nerr e;
		int rc;

		nerr_clear(&e);
		rc = reg_subkeys(r, hive_roots[k], &stores, &e);
		if (rc == -1) {
			problem(bd, 1, r->artifact, hive_roots[k], NULL,
				"the certificate stores cannot be listed: %s", e.msg);
			continue;
		}
		if (rc == 0)
			continue;
		cf->hive_state = 1;
		for (i = 0; i < stores.n; i++) {
			const char *store = store_of_key(bd, stores.v[i]);

			for (j = 0; j < 3; j++) {
				char *key = xasprintf("%s\\%s\\%s", hive_roots[k], stores.v[i],
						      element_keys[j]);

				walk_elements(bd, r, key, store, stores.v[i], hive_origins[k],
					      CERTREC_CERT + (unsigned)j);
				free(key);
			}
		}
		strlist_free(&stores);
	}
}

/* ------------------------------------------------ Group Policy files */

/* Certificates a GPO's registry.pol pushes: the entries
 * Software\Policies\Microsoft\SystemCertificates\<store>\<kind>\<SHA-1>
 * value Blob join their logical store as Group Policy elements, with the
 * GPO named in their location. */
static void read_gpo_entry(struct builder *bd, const struct artifact *a, const char *gpo,
			   const struct preg_entry *en)
{
	static const char prefix[] = "Software\\" CERTS_GPO_ROOT "\\";
	const char *rest = en->key + sizeof(prefix) - 1, *kind, *sha;
	char *store_key = NULL, *loc = NULL;
	struct cert_elem el;
	struct where w = {NULL, NULL, CORIGIN_GPO, a->path, NULL, 1};
	struct nerr e;
	size_t j;

	if (strlen(en->key) < sizeof(prefix) - 1 || ascii_ncasecmp(en->key, prefix, sizeof(prefix) - 1) != 0 ||
	    ascii_casecmp(en->value, "Blob") != 0)
		return;
	kind = strchr(rest, '\\');
	sha = kind != NULL ? strchr(kind + 1, '\\') : NULL;
	if (kind == NULL || sha == NULL || strchr(sha + 1, '\\') != NULL)
		return;
	for (j = 0; j < 3; j++)
		if ((size_t)(sha - kind - 1) == strlen(element_keys[j]) &&
		    ascii_ncasecmp(kind + 1, element_keys[j], strlen(element_keys[j])) == 0)
			break;
	if (j == 3)
		return;
	store_key = xstrndup(rest, (size_t)(kind - rest));
	loc = xasprintf("%s, entry at byte offset %llu: %s\\Blob", gpo, (unsigned long long)en->offset,
			en->key);
	w.store = store_of_key(bd, store_key);
	memset(&el, 0, sizeof(el));
	nerr_clear(&e);
	if (en->type != REGT_BINARY) {
		problem(bd, 1, a->path, loc, w.store, "the Blob is %s, not REG_BINARY", regtype_name(en->type));
	} else if (certblob_parse(en->data, en->size, &el, &e) != 0) {
		problem(bd, 1, a->path, loc, w.store, "the Blob does not parse: %s", e.msg);
	} else {
		w.location = loc;
		loc = NULL;
		w.store_key = store_key;
		add_elem(bd, &el, 1, &w);
	}
	cert_elem_clear(&el);
	free(loc);
	free(store_key);
}

static void read_gpo_pols(struct builder *bd, const struct bundle *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		const struct preg *p = artifact_preg(a);

		char *gpo;

		if (a->status != ART_OK || p == NULL)
			continue;
		gpo = p->gpo != NULL ? gpo_label(b, p->gpo) : xstrdup("GPO (unnamed)");
		for (j = 0; j < p->n; j++)
			read_gpo_entry(bd, a, gpo, &p->v[j]);
		free(gpo);
	}
}

/* ------------------------------------------------------------ the files */

static char *file_location(const struct certfile *f, const struct cert_elem *el)
{
	switch (f->kind) {
	case ART_CERT_SST:
		return xasprintf("element %u at offset %llu", el->index,
				 (unsigned long long)el->offset);
	case ART_CERT_PKCS12:
		return xasprintf("certificate %u", el->index);
	default:
		break;
	}
	if (f->pem)
		return xasprintf("item %u, PEM block at line %llu", el->index,
				 (unsigned long long)el->offset);
	return xasprintf("item %u at offset %llu", el->index, (unsigned long long)el->offset);
}

static void read_files(struct builder *bd, const struct bundle *b)
{
	struct cert_facts *cf = bd->cf;
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		struct cert_file *fl;

		if (a->kind == ART_CERT_CTL) {
			cf->nctls++;
			continue;
		}
		if (a->kind < ART_CERT_SST || a->kind > ART_CERT_PKCS12 || a->status == ART_IGNORED)
			continue;
		cf->files = xreallocarray(cf->files, cf->nfiles + 1, sizeof(*cf->files));
		fl = &cf->files[cf->nfiles++];
		memset(fl, 0, sizeof(*fl));
		fl->artifact = a->path;
		fl->name = artifact_name(a);
		fl->kind = a->kind;
		if (a->status != ART_OK || artifact_certfile(a) == NULL) {
			fl->error = a->error != NULL ? a->error : a->path;
			certstore_for_path(a->path, a->root_len, b->certopts, &fl->store,
					   &fl->store_origin);
			continue;
		}
		{
			const struct certfile *f = artifact_certfile(a);

			fl->ok = 1;
			fl->store = f->store != NULL ? xstrdup(f->store) : NULL;
			fl->store_origin = f->store_origin != NULL ? xstrdup(f->store_origin) : NULL;
			fl->has_props = f->has_props;
			fl->ncerts = f->ncerts;
			for (j = 0; j < f->elems.n; j++) {
				struct cert_elem *el = &f->elems.v[j];
				struct where w = {NULL, NULL, CORIGIN_FILE, a->path, NULL, f->has_props};

				w.store = f->store != NULL ? store_of_key(bd, f->store) : NULL;
				w.location = file_location(f, el);
				/* The element stays with the reader: its DER is borrowed. */
				add_elem(bd, el, 0, &w);
			}
		}
	}
}

/* --------------------------------------------------- registry references */

static void read_ref(const struct regsrc *r, const char *key, const char *value,
		     struct cert_ref *ref, int is_thumb)
{
	struct nerr e;
	int rc;

	memset(ref, 0, sizeof(*ref));
	if (r == NULL)
		return;
	nerr_clear(&e);
	ref->artifact = r->artifact;
	ref->location = xasprintf("%s\\%s", key, value);
	rc = reg_string(r, key, value, &ref->raw, &e);
	if (rc == -1) {
		/* .reg exports that do not hold the key: not known, not an error */
		ref->state = reg_covered(r, key) ? -1 : -2;
		ref->error = xstrdup(e.msg);
		return;
	}
	ref->state = rc;
	if (rc == 1 && is_thumb && thumb_normalize(ref->raw, ref->thumb) != 0)
		ref->thumb[0] = '\0';
}

/* ------------------------------------------------------------ the chain */

static X509 *parse_cached(struct cert_facts *cf, X509 **cache, size_t i)
{
	if (cache[i] == NULL) {
		const unsigned char *p = cf->certs[i].der;

		cache[i] = d2i_X509(NULL, &p, (long)cf->certs[i].der_len);
		ERR_clear_error();
	}
	return cache[i];
}

/* The issuer index. Certificates are grouped by subject name hash (by_name)
 * and by subject name hash and key identifier together (by_key; the group
 * of key NULL holds those of the name without one); each group lists its
 * members in index order and is found by open addressing over the distinct
 * keys. So the candidates for a certificate's issuer are one lookup away,
 * however many certificates share a name, a key or a hash bucket, and a
 * store of n certificates is linked in O(n) on average. */
struct group {
	unsigned long name;
	const char *ski;       /* by_key: the key identifier, or NULL */
	size_t head, tail;     /* first and last member (certificate index) */
	size_t count;          /* 0: a free slot */
	size_t nski;           /* by_name: members with a key identifier */
};

struct group_map {
	struct group *g;
	size_t cap;            /* a power of two, more than twice the certificates */
};

struct issuer_index {
	struct group_map by_name, by_key;
	size_t *next_name, *next_key; /* per certificate: the next member of its group */
};

#define NO_CERT ((size_t)-1)

static uint64_t key_hash(unsigned long name, const char *ski)
{
	uint64_t h = (uint64_t)name * 0x9E3779B97F4A7C15ULL;

	if (ski != NULL) {
		uint64_t f = 1469598103934665603ULL; /* FNV-1a */

		for (; *ski != '\0'; ski++)
			f = (f ^ (unsigned char)*ski) * 1099511628211ULL;
		h ^= f;
	}
	return h ^ (h >> 31);
}

/* The group of that key: NULL when there is none and !insert; with insert,
 * a free slot (count 0) for the caller to fill when there is none. */
static struct group *group_find(const struct group_map *m, unsigned long name, const char *ski,
				int insert)
{
	size_t i = (size_t)key_hash(name, ski) & (m->cap - 1);

	for (; m->g[i].count > 0; i = (i + 1) & (m->cap - 1)) {
		const struct group *g = &m->g[i];

		if (g->name == name && (g->ski == NULL ? ski == NULL
					: ski != NULL && strcmp(g->ski, ski) == 0))
			return &m->g[i];
	}
	if (!insert)
		return NULL;
	m->g[i].name = name;
	m->g[i].ski = ski;
	return &m->g[i];
}

static void group_add(struct group_map *m, size_t *next, unsigned long name, const char *ski,
		      size_t i, int has_ski)
{
	struct group *g = group_find(m, name, ski, 1);

	next[i] = NO_CERT;
	if (g->count == 0)
		g->head = i;
	else
		next[g->tail] = i;
	g->tail = i;
	g->count++;
	if (has_ski)
		g->nski++;
}

static void index_build(struct issuer_index *ix, const struct cert_facts *cf)
{
	size_t n = cf->ncerts, cap = 16, i;

	while (cap < 2 * n + 2)
		cap *= 2;
	ix->by_name.cap = ix->by_key.cap = cap;
	ix->by_name.g = xcalloc(cap, sizeof(*ix->by_name.g));
	ix->by_key.g = xcalloc(cap, sizeof(*ix->by_key.g));
	ix->next_name = xcalloc(n ? n : 1, sizeof(*ix->next_name));
	ix->next_key = xcalloc(n ? n : 1, sizeof(*ix->next_key));
	for (i = 0; i < n; i++) {
		const struct cert *c = &cf->certs[i];

		group_add(&ix->by_name, ix->next_name, c->subject_hash, NULL, i, c->ski != NULL);
		group_add(&ix->by_key, ix->next_key, c->subject_hash, c->ski, i, 0);
	}
}

static void index_free(struct issuer_index *ix)
{
	free(ix->by_name.g);
	free(ix->by_key.g);
	free(ix->next_name);
	free(ix->next_key);
}

/* The candidates for the issuer of something named by issuer name hash
 * and authority key identifier aki: with aki, the certificates of that name
 * whose key identifier is aki or absent; without, every certificate of that
 * name. In index order (two lists merged). */
struct candidates {
	size_t a, b;
	const size_t *next;
};

static void candidates_start(struct candidates *it, const struct issuer_index *ix,
			     unsigned long name, const char *aki)
{
	const struct group *g1, *g0;

	if (aki == NULL) {
		g1 = group_find(&ix->by_name, name, NULL, 0);
		g0 = NULL;
		it->next = ix->next_name;
	} else {
		g1 = group_find(&ix->by_key, name, aki, 0);
		g0 = group_find(&ix->by_key, name, NULL, 0);
		it->next = ix->next_key;
	}
	it->a = g1 != NULL ? g1->head : NO_CERT;
	it->b = g0 != NULL ? g0->head : NO_CERT;
}

static size_t candidates_next(struct candidates *it)
{
	size_t r;

	if (it->a == NO_CERT && it->b == NO_CERT)
		return NO_CERT;
	if (it->b == NO_CERT || (it->a != NO_CERT && it->a < it->b)) {
		r = it->a;
		it->a = it->next[r];
	} else {
		r = it->b;
		it->b = it->next[r];
	}
	return r;
}

/* Does a certificate other than c carry the issuer's name with a key
 * identifier other than c's authority key identifier? (Then c names an
 * issuer that is there only by name.) Counted, not searched. */
static int other_key_named(const struct issuer_index *ix, const struct cert *c)
{
	const struct group *gn = group_find(&ix->by_name, c->issuer_hash, NULL, 0);
	const struct group *g1 = group_find(&ix->by_key, c->issuer_hash, c->aki, 0);
	size_t others;

	if (gn == NULL)
		return 0;
	others = gn->nski - (g1 != NULL ? g1->count : 0);
	if (c->subject_hash == c->issuer_hash && c->ski != NULL && strcmp(c->ski, c->aki) != 0)
		others--; /* c itself */
	return others > 0;
}

static void link_issuers(struct cert_facts *cf, const struct issuer_index *ix, X509 **cache)
{
	size_t i, n = cf->ncerts;

	for (i = 0; i < n; i++) {
		struct cert *c = &cf->certs[i];
		struct candidates it;
		size_t pi, examined = 0;
		X509 *xc = NULL;

		if (c->self_signed == 1)
			continue;
		if (c->aki != NULL && other_key_named(ix, c))
			c->issuer_name_only = 1;
		candidates_start(&it, ix, c->issuer_hash, c->aki);
		while (examined < MAX_ISSUER_CANDIDATES && (pi = candidates_next(&it)) != NO_CERT) {
			X509 *xp;

			if (pi == i)
				continue;
			examined++;
			if (xc == NULL)
				xc = parse_cached(cf, cache, i);
			xp = parse_cached(cf, cache, pi);
			if (xc == NULL || xp == NULL ||
			    X509_NAME_cmp(X509_get_issuer_name(xc), X509_get_subject_name(xp)) != 0)
				continue;
			if (X509_verify(xc, X509_get0_pubkey(xp)) == 1) {
				c->issuers = xreallocarray(c->issuers, c->nissuers + 1,
							   sizeof(*c->issuers));
				c->issuers[c->nissuers++] = pi;
			} else {
				c->issuer_name_only = 1;
			}
			ERR_clear_error();
		}
	}
}

/* Verify each CRL's signature with the certificates of its issuer (same
 * name, and key identifier when both say one). A CRL that none of them
 * verifies is not believed; one whose issuer is not in the bundle cannot
 * be checked. */
static void verify_crls(struct builder *bd, const struct issuer_index *ix, X509 **cache)
{
	struct cert_facts *cf = bd->cf;
	size_t i;

	for (i = 0; i < cf->ncrls; i++) {
		struct crl *c = &cf->crls[i];
		const unsigned char *p = bd->crl_der[i].der;
		X509_CRL *x = d2i_X509_CRL(NULL, &p, (long)bd->crl_der[i].len);
		struct candidates it;
		size_t pi, examined = 0;
		int tried = 0;

		c->signature = 0;
		if (x == NULL) {
			ERR_clear_error();
			continue;
		}
		candidates_start(&it, ix, name_hash(X509_CRL_get_issuer(x)), c->aki);
		while (examined < MAX_ISSUER_CANDIDATES && (pi = candidates_next(&it)) != NO_CERT) {
			X509 *xp;

			examined++;
			xp = parse_cached(cf, cache, pi);
			if (xp == NULL || X509_NAME_cmp(X509_CRL_get_issuer(x), X509_get_subject_name(xp)) != 0)
				continue;
			tried = 1;
			if (X509_CRL_verify(x, X509_get0_pubkey(xp)) == 1) {
				c->signature = 1;
				c->signer = pi;
				break;
			}
			ERR_clear_error();
		}
		if (c->signature == 0 && tried)
			c->signature = -1;
		ERR_clear_error();
		X509_CRL_free(x);
	}
}

static void link_and_verify(struct builder *bd)
{
	struct cert_facts *cf = bd->cf;
	struct issuer_index ix;
	X509 **cache = xcalloc(cf->ncerts ? cf->ncerts : 1, sizeof(*cache));
	size_t i;

	index_build(&ix, cf);
	link_issuers(cf, &ix, cache);
	verify_crls(bd, &ix, cache);
	for (i = 0; i < cf->ncerts; i++)
		X509_free(cache[i]);
	free(cache);
	index_free(&ix);
	for (i = 0; i < cf->ncrls; i++)
		free(bd->crl_der[i].der);
	free(bd->crl_der);
	bd->crl_der = NULL;
}

/* ------------------------------------------------------------ build, free */

void certs_build(struct cert_facts *cf, const struct bundle *b, const struct regsrc *software,
		 const char *software_error)
{
	struct builder bd;

	memset(cf, 0, sizeof(*cf));
	memset(&bd, 0, sizeof(bd));
	bd.cf = cf;
	bd.oid_tmpl_name = OBJ_txt2obj("1.3.6.1.4.1.311.20.2", 1);
	bd.oid_tmpl_info = OBJ_txt2obj("1.3.6.1.4.1.311.21.7", 1);
	if (software_error != NULL) {
		cf->hive_state = -1;
		cf->hive_error = xstrdup(software_error);
	} else if (software != NULL) {
		/* The stores are read from a hive only; the values that name
		 * certificates from .reg exports too. */
		if (software->hive != NULL)
			walk_hive(&bd, software);
		read_ref(software, POLICY_THUMB_KEY, POLICY_THUMB_VALUE, &cf->policy, 1);
		read_ref(software, CONNECTOR_THUMB_KEY, CONNECTOR_THUMB_VALUE, &cf->connector, 1);
		read_ref(software, CA_CONFIG_KEY, CA_CONFIG_VALUE, &cf->ca_config, 0);
		if (software->hive == NULL && !reg_covered(software, CERTS_LOCAL_ROOT))
			cf->hive_uncovered = reg_coverage(software);
	}
	read_files(&bd, b);
	read_gpo_pols(&bd, b);
	link_and_verify(&bd);
	ASN1_OBJECT_free(bd.oid_tmpl_name);
	ASN1_OBJECT_free(bd.oid_tmpl_info);
	free(bd.slots);
	free(bd.raw);
}

static void ref_free(struct cert_ref *r)
{
	free(r->raw);
	free(r->location);
	free(r->error);
	memset(r, 0, sizeof(*r));
}

void certs_free(struct cert_facts *cf)
{
	size_t i;

	for (i = 0; i < cf->ncerts; i++)
		cert_clear(&cf->certs[i]);
	free(cf->certs);
	for (i = 0; i < cf->nplaces; i++) {
		struct cert_place *p = &cf->places[i];

		free(p->store_key);
		free(p->location);
		free(p->key_provider);
		free(p->friendly_name);
		list_free(p->eku, p->neku);
	}
	free(cf->places);
	free(cf->hive_uncovered);
	for (i = 0; i < cf->ncrls; i++) {
		free(cf->crls[i].store_key);
		free(cf->crls[i].location);
		free(cf->crls[i].issuer);
		free(cf->crls[i].issuer_cn);
		free(cf->crls[i].aki);
		list_free(cf->crls[i].revoked, cf->crls[i].nrevoked);
	}
	free(cf->crls);
	for (i = 0; i < cf->nproblems; i++) {
		free(cf->problems[i].location);
		free(cf->problems[i].store);
		free(cf->problems[i].message);
	}
	free(cf->problems);
	for (i = 0; i < cf->nfiles; i++) {
		free(cf->files[i].store);
		free(cf->files[i].store_origin);
	}
	free(cf->files);
	strlist_free(&cf->other_stores);
	free(cf->hive_error);
	ref_free(&cf->policy);
	ref_free(&cf->connector);
	ref_free(&cf->ca_config);
	memset(cf, 0, sizeof(*cf));
}

int certs_source_state(const struct cert_facts *cf, char **error)
{
	size_t i;

	*error = NULL;
	if (cf->hive_state == 1)
		return 1;
	for (i = 0; i < cf->nfiles; i++)
		if (cf->files[i].ok)
			return 1;
	if (cf->hive_state == -1) {
		*error = xstrdup(cf->hive_error);
		return -1;
	}
	if (cf->nfiles > 0) {
		*error = xstrdup(cf->files[0].error);
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------------- queries */

int thumb_normalize(const char *in, char out[41])
{
	size_t n = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)in; *p != '\0'; p++) {
		unsigned c = *p;

		if (c >= 0x80 || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':')
			continue; /* invisible marks copied from the certificate dialog, separators */
		if (c >= 'a' && c <= 'f')
			c -= 32;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return -1;
		if (n == 40)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == 40 ? 0 : -1;
}

static int store_matches(const char *have, const char *want)
{
	const char *cw;

	if (have == NULL || want == NULL)
		return 0;
	cw = certstore_canonical(want);
	if (cw == NULL)
		cw = want;
	if (ascii_casecmp(cw, "ROOT") == 0)
		return ascii_casecmp(have, "ROOT") == 0 || ascii_casecmp(have, "AuthRoot") == 0;
	return ascii_casecmp(have, cw) == 0;
}

int place_in_store(const struct cert_place *p, const char *store)
{
	return store_matches(p->store, store);
}

enum store_state certs_store_state(const struct cert_facts *cf, const char *store, char **why)
{
	struct strbuf ok, bad;
	size_t i, nok = 0, nbad = 0;
	enum store_state st;

	sb_init(&ok);
	sb_init(&bad);
	if (cf->hive_state == 1) {
		sb_printf(&ok, "the SOFTWARE hive %s", cf->hive_artifact);
		nok++;
	} else if (cf->hive_state == -1) {
		sb_printf(&bad, "%s", cf->hive_error);
		nbad++;
	}
	for (i = 0; i < cf->nfiles; i++) {
		const struct cert_file *fl = &cf->files[i];

		if (!store_matches(fl->store, store))
			continue;
		if (fl->ok) {
			sb_printf(&ok, "%s%s", nok ? ", " : "", fl->artifact);
			nok++;
		} else {
			sb_printf(&bad, "%s%s", nbad ? "; " : "", fl->error);
			nbad++;
		}
	}
	for (i = 0; i < cf->nproblems; i++) {
		const struct cert_problem *p = &cf->problems[i];

		if (!p->error || (p->store != NULL && !store_matches(p->store, store)))
			continue;
		if (nbad < 3)
			sb_printf(&bad, "%s%s: %s: %s", nbad ? "; " : "", p->artifact,
				  p->location != NULL ? p->location : "", p->message);
		nbad++;
	}
	if (nok && !nbad)
		st = STORE_KNOWN;
	else if (nok)
		st = STORE_PARTIAL;
	else if (nbad)
		st = STORE_ERROR;
	else
		st = STORE_ABSENT;
	if (why != NULL) {
		if (st == STORE_KNOWN)
			*why = sb_take(&ok);
		else if (st == STORE_ABSENT)
			*why = xstrdup("no SOFTWARE hive with certificate stores and no exported store "
				       "file for it");
		else
			*why = sb_take(&bad);
	}
	sb_free(&ok);
	sb_free(&bad);
	return st;
}

size_t certs_find(const struct cert_facts *cf, const char *store, const char *thumb,
		  const struct cert_place **first)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < cf->nplaces; i++) {
		const struct cert_place *p = &cf->places[i];

		if (!place_in_store(p, store) || strcmp(cf->certs[p->cert].sha1, thumb) != 0)
			continue;
		if (n++ == 0)
			*first = p;
	}
	return n;
}

int place_has_eku(const struct cert_place *p, const char *oid)
{
	return p->eku_any || list_has(p->eku, p->neku, oid);
}

const char *eku_name(const char *oid)
{
	static const struct {
		const char *oid, *name;
	} names[] = {
		{OID_EKU_SERVER_AUTH, "Server Authentication"},
		{OID_EKU_CLIENT_AUTH, "Client Authentication"},
		{"1.3.6.1.5.5.7.3.3", "Code Signing"},
		{"1.3.6.1.5.5.7.3.4", "Secure Email"},
		{"1.3.6.1.5.5.7.3.8", "Time Stamping"},
		{"1.3.6.1.5.5.7.3.9", "OCSP Signing"},
		{OID_EKU_REQUEST_AGENT, "Certificate Request Agent"},
		{"1.3.6.1.4.1.311.10.3.4", "Encrypting File System"},
		{"1.3.6.1.4.1.311.20.2.2", "Smart Card Logon"},
		{"1.3.6.1.4.1.311.21.5", "Private Key Archival"},
		{"1.3.6.1.4.1.311.21.6", "Key Recovery Agent"},
		{OID_EKU_ANY, "Any Purpose"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].oid, oid) == 0)
			return names[i].name;
	return NULL;
}

char *place_eku_text(const struct cert_place *p)
{
	struct strbuf sb;
	size_t i;

	if (p->eku_any)
		return xstrdup("every usage (no EKU restriction)");
	if (p->neku == 0)
		return xstrdup(p->eku_from_prop ? "no usage (the ENHKEY_USAGE property allows none)"
						: "no usage");
	sb_init(&sb);
	for (i = 0; i < p->neku; i++) {
		const char *nm = eku_name(p->eku[i]);

		if (nm != NULL)
			sb_printf(&sb, "%s%s (%s)", i ? ", " : "", nm, p->eku[i]);
		else
			sb_printf(&sb, "%s%s", i ? ", " : "", p->eku[i]);
	}
	if (p->eku_from_prop)
		sb_add(&sb, " [narrowed by the ENHKEY_USAGE property]");
	return sb_take(&sb);
}

char *place_store_label(const struct cert_place *p)
{
	const char *k = p->store_key != NULL ? p->store_key : p->store;

	switch (p->origin) {
	case CORIGIN_LOCAL: return xstrdup(k);
	case CORIGIN_GPO: return xasprintf("Group Policy %s", k);
	case CORIGIN_ENTERPRISE: return xasprintf("Enterprise %s", k);
	case CORIGIN_FILE: break;
	}
	return p->store != NULL ? xasprintf("%s (exported file)", p->store)
				: xstrdup("no store (file)");
}

int cert_available(const struct cert_facts *cf, size_t cert, int *disallowed)
{
	const struct cert *c = &cf->certs[cert];
	size_t i;
	int any = 0;

	if (disallowed != NULL)
		*disallowed = 0;
	for (i = 0; i < c->nplaces; i++) {
		const struct cert_place *p = &cf->places[c->places[i]];

		if (p->store == NULL)
			continue;
		any = 1;
		if (disallowed != NULL && ascii_casecmp(p->store, "Disallowed") == 0)
			*disallowed = 1;
	}
	return any;
}

int cert_in_root(const struct cert_facts *cf, size_t cert)
{
	const struct cert *c = &cf->certs[cert];
	size_t i;

	for (i = 0; i < c->nplaces; i++)
		if (place_in_store(&cf->places[c->places[i]], "ROOT"))
			return 1;
	return 0;
}

const char *chain_status_name(enum chain_status s)
{
	switch (s) {
	case CHAIN_OK: return "trusted";
	case CHAIN_NOT_TIME_VALID: return "a link is outside its validity";
	case CHAIN_DISALLOWED: return "a link is in the Disallowed store";
	case CHAIN_UNTRUSTED_ROOT: return "ends at a root that is not trusted";
	case CHAIN_NO_ISSUER: return "an issuer is missing";
	case CHAIN_TOO_LONG: return "too long";
	}
	return "?";
}

struct search {
	const struct cert_facts *cf;
	int64_t at;
	struct cert_chain path, best;
	int have_best;
	size_t steps;
};

static int time_valid(const struct cert *c, int64_t at)
{
	return c->validity_ok && at >= c->not_before && at <= c->not_after;
}

static void consider(struct search *s, enum chain_status st, size_t bad)
{
	if (s->have_best && (st > s->best.status || (st == s->best.status && s->path.n >= s->best.n)))
		return;
	s->best = s->path;
	s->best.status = st;
	s->best.bad = bad;
	s->have_best = 1;
}

/* The path so far ends at a trust anchor: judge every link. */
static enum chain_status judge(const struct search *s, size_t *bad)
{
	size_t i;
	int dis;

	for (i = 0; i < s->path.n; i++) {
		cert_available(s->cf, s->path.link[i], &dis);
		if (dis) {
			*bad = i;
			return CHAIN_DISALLOWED;
		}
	}
	for (i = 0; i < s->path.n; i++) {
		if (!time_valid(&s->cf->certs[s->path.link[i]], s->at)) {
			*bad = i;
			return CHAIN_NOT_TIME_VALID;
		}
	}
	*bad = 0;
	return CHAIN_OK;
}

static int dfs(struct search *s)
{
	const struct cert_facts *cf = s->cf;
	size_t cur = s->path.link[s->path.n - 1], pass, i, j, tried = 0, bad = 0;
	const struct cert *c = &cf->certs[cur];

	if (++s->steps > 10000)
		return 1;
	if (cert_in_root(cf, cur)) {
		enum chain_status st = judge(s, &bad);

		consider(s, st, bad);
		return st == CHAIN_OK;
	}
	if (c->self_signed == 1) {
		consider(s, CHAIN_UNTRUSTED_ROOT, s->path.n - 1);
		return 0;
	}
	if (s->path.n >= CHAIN_MAX) {
		consider(s, CHAIN_TOO_LONG, s->path.n - 1);
		return 0;
	}
	/* Issuers valid at the time first, then the others. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < c->nissuers; i++) {
			size_t p = c->issuers[i];
			int loop = 0;

			if (time_valid(&cf->certs[p], s->at) != (pass == 0))
				continue;
			for (j = 0; j < s->path.n; j++)
				if (s->path.link[j] == p)
					loop = 1;
			if (loop || !cert_available(cf, p, NULL))
				continue;
			tried++;
			s->path.link[s->path.n++] = p;
			if (dfs(s))
				return 1;
			s->path.n--;
		}
	}
	if (tried == 0)
		consider(s, CHAIN_NO_ISSUER, s->path.n - 1);
	return 0;
}

void certs_chain(const struct cert_facts *cf, size_t leaf, int64_t at, struct cert_chain *out)
{
	struct search s;

	memset(&s, 0, sizeof(s));
	s.cf = cf;
	s.at = at;
	s.path.link[0] = leaf;
	s.path.n = 1;
	dfs(&s);
	if (!s.have_best) { /* the search ran out of steps before judging a path */
		s.best = s.path;
		s.best.status = CHAIN_TOO_LONG;
		s.best.bad = 0;
	}
	*out = s.best;
}

int certs_revoked(const struct cert_facts *cf, const struct cert *c, const struct crl **crl)
{
	const struct crl *cut = NULL;
	size_t i;

	*crl = NULL;
	for (i = 0; i < cf->ncrls; i++) {
		const struct crl *l = &cf->crls[i];
		const char *key = c->serial;

		if (l->issuer == NULL || c->issuer == NULL || strcmp(l->issuer, c->issuer) != 0 ||
		    l->nrevoked == 0 || l->signature < 0)
			continue;
		if (bsearch(&key, l->revoked, l->nrevoked, sizeof(*l->revoked), cmp_str) != NULL) {
			*crl = l;
			return 1;
		}
		/* The serials past the cap were never read: absence proves nothing. */
		if (l->revoked_truncated && cut == NULL)
			cut = l;
	}
	*crl = cut;
	return cut != NULL ? -1 : 0;
}
