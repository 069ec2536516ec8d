/* Serialized certificate elements: the record layer shared by registry
 * Blobs and serialized stores (formats.md 1.2-1.4 and 2). A record is
 * u32 id, u32 encoding type, u32 length, then the payload, with no
 * padding. Properties come first and belong to the context record (0x20
 * certificate, 0x21 CRL, 0x22 CTL) that follows them. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "read/certread.h"
#include "ndes-audit/util.h"

#define REC_HDR 12u
#define KPI_FIXED 28u

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

void cert_elem_clear(struct cert_elem *el)
{
	if (el->kpi != NULL) {
		free(el->kpi->container);
		free(el->kpi->provider);
		free(el->kpi);
	}
	free(el->der);
	free(el->eku_prop);
	free(el->friendly_name);
	free(el->problem);
	memset(el, 0, sizeof(*el));
}

static void add_problem(struct cert_elem *el, const char *fmt, ...) NA_PRINTF(2, 3);

static void add_problem(struct cert_elem *el, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (el->problem == NULL) {
		el->problem = xstrdup(buf);
	} else {
		char *both = xasprintf("%s; %s", el->problem, buf);

		free(el->problem);
		el->problem = both;
	}
}

/* A UTF-16LE string at off inside a KEY_PROV_INFO value of n bytes: it
 * must start after the fixed part and end with a NUL inside the value. */
static int kpi_string(const uint8_t *v, size_t n, uint32_t off, char **out, const char *what,
		      struct cert_elem *el)
{
	size_t i;

	*out = NULL;
	if (off == 0)
		return 0;
	if (off < KPI_FIXED || off >= n) {
		add_problem(el, "KEY_PROV_INFO: the %s offset %u is outside the property (%zu bytes)",
			    what, off, n);
		return -1;
	}
	for (i = off; i + 1 < n; i += 2) {
		if (v[i] == 0 && v[i + 1] == 0) {
			*out = utf16le_to_utf8(v + off, i - off);
			return 0;
		}
	}
	add_problem(el, "KEY_PROV_INFO: the %s at offset %u has no terminating NUL", what, off);
	return -1;
}

static void parse_kpi(const uint8_t *v, size_t n, struct cert_elem *el)
{
	struct key_prov_info *k;

	if (n < KPI_FIXED) {
		add_problem(el, "KEY_PROV_INFO is %zu bytes, shorter than its %u-byte fixed part", n,
			    KPI_FIXED);
		return;
	}
	k = xcalloc(1, sizeof(*k));
	k->prov_type = le32(v + 8);
	k->flags = le32(v + 12);
	k->key_spec = le32(v + 24);
	if (kpi_string(v, n, le32(v), &k->container, "container name", el) != 0 ||
	    kpi_string(v, n, le32(v + 4), &k->provider, "provider name", el) != 0) {
		free(k->container);
		free(k->provider);
		free(k);
		return;
	}
	if (el->kpi != NULL) {
		add_problem(el, "KEY_PROV_INFO appears twice; the first is used");
		free(k->container);
		free(k->provider);
		free(k);
		return;
	}
	el->kpi = k;
}

/* Keep what the model needs from one property; check its length. */
static void take_property(uint32_t id, const uint8_t *v, size_t n, struct cert_elem *el)
{
	switch (id) {
	case CERTPROP_SHA1_HASH:
		if (n != 20) {
			add_problem(el, "SHA1_HASH property is %zu bytes, not 20", n);
			break;
		}
		memcpy(el->sha1_prop, v, 20);
		el->has_sha1_prop = 1;
		break;
	case CERTPROP_KEY_PROV_INFO:
		parse_kpi(v, n, el);
		break;
	case CERTPROP_ENHKEY_USAGE:
		if (n == 0) {
			add_problem(el, "ENHKEY_USAGE property is empty");
			break;
		}
		free(el->eku_prop);
		el->eku_prop = xmalloc(n);
		memcpy(el->eku_prop, v, n);
		el->eku_prop_len = n;
		el->has_eku_prop = 1;
		break;
	case CERTPROP_FRIENDLY_NAME:
		if (n % 2 != 0) {
			add_problem(el, "FRIENDLY_NAME property has an odd length (%zu bytes)", n);
			break;
		}
		free(el->friendly_name);
		el->friendly_name = utf16le_to_utf8(v, n);
		break;
	default:
		break;
	}
}

int certrec_read_element(const uint8_t *data, size_t n, size_t *pos, int allow_end,
			 struct cert_elem *out, int *end, struct nerr *e)
{
	size_t p = *pos;

	memset(out, 0, sizeof(*out));
	*end = 0;
	out->offset = p;
	out->has_props = 1;
	for (;;) {
		uint32_t id, cb;

		if (n - p < REC_HDR) {
			if (allow_end && p == n && out->nprops == 0) {
				*end = 2; /* ran out exactly at a record boundary */
				*pos = p;
				return 0;
			}
			nerr_set(e, "offset %zu: record header truncated (%zu of %u bytes)", p, n - p,
				 REC_HDR);
			goto fail;
		}
		id = le32(data + p);
		cb = le32(data + p + 8);
		if (id == 0) {
			if (!allow_end) {
				nerr_set(e, "offset %zu: end marker inside a single element", p);
				goto fail;
			}
			if (out->nprops != 0) {
				nerr_set(e, "offset %zu: end marker after %u properties that belong to "
					 "no certificate, CRL or CTL", p, out->nprops);
				goto fail;
			}
			*end = 1;
			*pos = p + REC_HDR;
			return 0;
		}
		if (cb > n - p - REC_HDR) {
			nerr_set(e, "offset %zu: record id %u claims %u bytes, but only %zu remain", p,
				 id, cb, n - p - REC_HDR);
			goto fail;
		}
		if (id == CERTREC_CERT || id == CERTREC_CRL || id == CERTREC_CTL) {
			if (cb == 0) {
				nerr_set(e, "offset %zu: empty %s record", p,
					 id == CERTREC_CERT ? "certificate" : id == CERTREC_CRL ? "CRL" : "CTL");
				goto fail;
			}
			out->kind = id == CERTREC_CERT ? CELEM_CERT : id == CERTREC_CRL ? CELEM_CRL
											  : CELEM_CTL;
			out->der = xmalloc(cb);
			memcpy(out->der, data + p + REC_HDR, cb);
			out->der_len = cb;
			{
				unsigned int len = 0;

				if (EVP_Digest(out->der, cb, out->sha1, &len, EVP_sha1(), NULL) != 1 ||
				    len != 20) {
					nerr_set(e, "offset %zu: SHA-1 is unavailable", p);
					goto fail;
				}
			}
			*pos = p + REC_HDR + cb;
			return 0;
		}
		if (id > 0xFFFFu) {
			nerr_set(e, "offset %zu: record id 0x%x is neither a property (at most 0xffff) "
				 "nor a certificate, CRL or CTL", p, id);
			goto fail;
		}
		if (++out->nprops > CERTREAD_MAX_PROPS) {
			nerr_set(e, "offset %zu: more than %d properties before a certificate, CRL or CTL",
				 p, CERTREAD_MAX_PROPS);
			goto fail;
		}
		take_property(id, data + p + REC_HDR, cb, out);
		p += REC_HDR + cb;
	}
fail:
	cert_elem_clear(out);
	return -1;
}

int certblob_parse(const uint8_t *data, size_t n, struct cert_elem *out, struct nerr *e)
{
	size_t pos = 0;
	int end = 0;

	if (n == 0) {
		memset(out, 0, sizeof(*out));
		nerr_set(e, "the Blob is empty");
		return -1;
	}
	if (certrec_read_element(data, n, &pos, 0, out, &end, e) != 0)
		return -1;
	if (pos != n) {
		nerr_set(e, "offset %zu: %zu bytes after the %s record", pos, n - pos,
			 out->kind == CELEM_CERT ? "certificate" : out->kind == CELEM_CRL ? "CRL" : "CTL");
		cert_elem_clear(out);
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------- element list */

static size_t slot_of(const uint8_t sha1[20], enum cert_elem_kind kind, size_t nslots)
{
	uint64_t h = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		h = (h << 8) | sha1[i];
	h ^= (uint64_t)kind * 0x9E3779B97F4A7C15ull;
	return (size_t)(h % nslots);
}

static void rehash(struct cert_elems *l, size_t nslots)
{
	size_t i;

	free(l->slots);
	l->slots = xcalloc(nslots, sizeof(*l->slots));
	l->nslots = nslots;
	for (i = 0; i < l->n; i++) {
		size_t s = slot_of(l->v[i].sha1, l->v[i].kind, nslots);

		while (l->slots[s] != 0)
			s = (s + 1) % nslots;
		l->slots[s] = i + 1;
	}
}

int cert_elems_count_dup(struct cert_elems *l, enum cert_elem_kind kind, const uint8_t sha1[20])
{
	size_t s;

	if (l->nslots == 0)
		return 0;
	s = slot_of(sha1, kind, l->nslots);
	while (l->slots[s] != 0) {
		struct cert_elem *o = &l->v[l->slots[s] - 1];

		if (o->kind == kind && memcmp(o->sha1, sha1, 20) == 0) {
			o->dups++;
			l->dups++;
			return 1;
		}
		s = (s + 1) % l->nslots;
	}
	return 0;
}

int cert_elems_add(struct cert_elems *l, struct cert_elem *el)
{
	size_t s;

	if (l->nslots == 0 || (l->n + 1) * 2 > l->nslots)
		rehash(l, l->nslots ? l->nslots * 2 : 64);
	s = slot_of(el->sha1, el->kind, l->nslots);
	while (l->slots[s] != 0) {
		struct cert_elem *o = &l->v[l->slots[s] - 1];

		if (o->kind == el->kind && memcmp(o->sha1, el->sha1, 20) == 0) {
			o->dups++;
			l->dups++;
			cert_elem_clear(el);
			return 0;
		}
		s = (s + 1) % l->nslots;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n] = *el;
	memset(el, 0, sizeof(*el));
	l->slots[s] = ++l->n;
	return 1;
}

void cert_elems_free(struct cert_elems *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		cert_elem_clear(&l->v[i]);
	free(l->v);
	free(l->slots);
	memset(l, 0, sizeof(*l));
}

/* ------------------------------------------------------------ store names */

static const struct {
	const char *alias;
	const char *canonical;
} store_names[] = {
	{"ROOT", "ROOT"},
	{"TrustedRoot", "ROOT"},
	{"Trusted Root Certification Authorities", "ROOT"},
	{"AuthRoot", "AuthRoot"},
	{"Third-Party Root Certification Authorities", "AuthRoot"},
	{"CA", "CA"},
	{"Intermediate", "CA"},
	{"Intermediates", "CA"},
	{"Intermediate Certification Authorities", "CA"},
	{"MY", "MY"},
	{"Personal", "MY"},
	{"Disallowed", "Disallowed"},
	{"Untrusted", "Disallowed"},
	{"Untrusted Certificates", "Disallowed"},
	{"TrustedPeople", "TrustedPeople"},
	{"TrustedPublisher", "TrustedPublisher"},
	{"NTAuth", "NTAuth"},
	{"WebHosting", "WebHosting"},
	{"Trust", "Trust"},
	{"REQUEST", "REQUEST"},
	{"SmartCardRoot", "SmartCardRoot"},
	{"TrustedDevices", "TrustedDevices"},
	{"Remote Desktop", "Remote Desktop"},
	/* Stores a Windows Server or Windows client creates under
	 * LocalMachine\SystemCertificates besides the classic ones. */
	{"ClientAuthIssuer", "ClientAuthIssuer"},
	{"FlightRoot", "FlightRoot"},
	{"TestSignRoot", "TestSignRoot"},
	{"eSIM Certification Authorities", "eSIM Certification Authorities"},
	{"Windows Live ID Token Issuer", "Windows Live ID Token Issuer"},
	{"PasswordlessSessionKey", "PasswordlessSessionKey"},
	{"Homegroup Machine Certificates", "Homegroup Machine Certificates"},
	{"AAD Token Issuer", "AAD Token Issuer"},
	{"TrustedAppRoot", "TrustedAppRoot"},
	{"WindowsServerUpdateServices", "WindowsServerUpdateServices"},
	{"OemEsim", "OemEsim"},
	{"ReserveRoot", "ReserveRoot"},
	{"Local NonRemovable Certificates", "Local NonRemovable Certificates"},
	{"AdminAuthRoot", "AdminAuthRoot"},
	{"UserDS", "UserDS"},
	{"ADDRESSBOOK", "ADDRESSBOOK"},
};

const char *certstore_canonical(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(store_names) / sizeof(store_names[0]); i++)
		if (ascii_casecmp(name, store_names[i].alias) == 0)
			return store_names[i].canonical;
	return NULL;
}
