/* The NDES registration authority (MSCEP-RA) certificates in MY: a signing
 * one and an encryption one, found by the Certificate Request Agent EKU
 * and their key usage, never by template name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/util.h"

static const char *role_of(const struct cert *c)
{
	if (ra_signs(c) && ra_encrypts(c))
		return "RA signing and encryption";
	if (ra_signs(c))
		return "RA signing";
	if (ra_encrypts(c))
		return "RA encryption";
	return "RA without signing or encryption usage";
}

static char *ra_target(const struct cert *c)
{
	return xasprintf("%s %s", role_of(c), c->sha1);
}

static void ev_cert_in_my(struct result *r, const struct facts *f, const struct cert *c)
{
	size_t i;

	for (i = 0; i < c->nplaces; i++) {
		const struct cert_place *p = &f->certs.places[c->places[i]];

		if (place_in_store(p, "MY"))
			ev_place(r, f, p);
	}
}

/* MY in the bundle and the RA certificates in it; 0 when a result was
 * emitted instead (ne/error for MY, or ne when there is none and
 * need_some). */
static size_t ra_list(const struct facts *f, struct emitter *em, const struct cert_place ***out,
		      int need_some)
{
	int partial = 0;
	size_t n;

	*out = NULL;
	if (!store_preflight(f, em, "MY", "MY", &partial, NULL))
		return 0;
	n = ra_places(f, out);
	if (n == 0 && need_some) {
		struct result *r = emit(em, ST_NE, "MY", "not evaluated: MY holds no registration "
					"authority certificate (EKU Certificate Request Agent) to judge "
					"(see ra.present)");

		result_add_evidence(r, f->certs.hive_state == 1 ? f->certs.hive_artifact : NULL,
				    f->certs.hive_state == 1 ? CERTS_LOCAL_ROOT "\\MY"
							     : NULL,
				    "(no RA certificate)");
	}
	return n;
}

void check_ra_present(const struct facts *f, struct emitter *em)
{
	const struct cert_place **ra = NULL;
	struct strbuf sign, enc;
	struct result *r;
	size_t n, i;
	int partial = 0;
	char *pwhy = NULL;

	if (!store_preflight(f, em, "MY", "MY", &partial, &pwhy))
		return;
	n = ra_places(f, &ra);
	sb_init(&sign);
	sb_init(&enc);
	for (i = 0; i < n; i++) {
		const struct cert *c = &f->certs.certs[ra[i]->cert];
		char *label = cert_label(c);

		if (ra_signs(c))
			sb_printf(&sign, "%s%s", sign.len ? ", " : "", label);
		if (ra_encrypts(c))
			sb_printf(&enc, "%s%s", enc.len ? ", " : "", label);
		free(label);
	}
	{
		const char *held = sign.len && enc.len ? NULL
				   : sign.len		  ? "a signing RA but no encryption RA"
				   : enc.len		  ? "an encryption RA but no signing RA"
							  : "no registration authority certificate";
		char *found = sign.len || enc.len
				      ? xasprintf(" (found: %s)", sign.len ? sign.s : enc.s)
				      : xstrdup("");

		if (held == NULL)
			r = emit(em, ST_PASS, "MY", "MY holds the signing RA %s and the encryption RA %s",
				 sign.s, enc.s);
		else if (partial)
			r = emit(em, ST_ERROR, "MY", "MY holds %s%s, but part of it could not be read, "
				 "and the missing one may be there: %s", held, found, pwhy);
		else
			r = emit(em, ST_FAIL, "MY", "MY holds %s%s: NDES needs a signing RA (Certificate "
				 "Request Agent EKU, digitalSignature key usage; template "
				 "EnrollmentAgentOffline or a copy) and an encryption RA (Certificate "
				 "Request Agent EKU, keyEncipherment key usage; template CEPEncryption or a "
				 "copy)", held, found);
		free(found);
	}
	for (i = 0; i < n; i++)
		ev_place(r, f, ra[i]);
	if (n == 0)
		result_add_evidence(r, f->certs.hive_state == 1 ? f->certs.hive_artifact : NULL,
				    f->certs.hive_state == 1 ? CERTS_LOCAL_ROOT "\\MY" : NULL,
				    "(no certificate with the Certificate Request Agent EKU)");
	sb_free(&sign);
	sb_free(&enc);
	free(ra);
	free(pwhy);
}

/* Another RA certificate, valid at the as-of time, that covers every role
 * of c: NDES uses that one, so an expired c is only clutter. */
static const struct cert *replacement(const struct facts *f, const struct cert_place **ra,
				      size_t n, const struct cert *c)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct cert *o = &f->certs.certs[ra[i]->cert];
		char *t = NULL;
		enum status st;

		if (o == c || (ra_signs(c) && !ra_signs(o)) || (ra_encrypts(c) && !ra_encrypts(o)))
			continue;
		st = cert_validity(f, o, &t);
		free(t);
		if (st != ST_FAIL)
			return o;
	}
	return NULL;
}

void check_ra_validity(const struct facts *f, struct emitter *em)
{
	const struct cert_place **ra = NULL;
	size_t n = ra_list(f, em, &ra, 1), i;

	for (i = 0; i < n; i++) {
		const struct cert *c = &f->certs.certs[ra[i]->cert], *o;
		char *text = NULL, *label = cert_label(c), *target = ra_target(c);
		enum status st = cert_validity(f, c, &text);
		struct result *r;

		if (st == ST_FAIL && (o = replacement(f, ra, n, c)) != NULL) {
			char *ol = cert_label(o);

			r = emit(em, ST_WARN, target, "the %s certificate %s is %s, but %s covers its "
				 "role and is valid: remove the old one from MY so that nobody renews "
				 "or exports the wrong one", role_of(c), label, text, ol);
			free(ol);
		} else {
			r = emit(em, st, target, "the %s certificate %s is %s%s", role_of(c), label, text,
				 st == ST_FAIL ? ": mscep.dll answers HTTP 500 until it is renewed" : "");
		}
		ev_cert_in_my(r, f, c);
		free(text);
		free(label);
		free(target);
	}
	free(ra);
}

/* The place of c that says most about its key: one with properties. */
static const struct cert_place *best_place(const struct facts *f, const struct cert *c)
{
	const struct cert_place *best = NULL;
	size_t i;

	for (i = 0; i < c->nplaces; i++) {
		const struct cert_place *p = &f->certs.places[c->places[i]];

		if (!place_in_store(p, "MY"))
			continue;
		if (best == NULL || (!best->has_props && p->has_props) ||
		    (best->has_props && p->has_props && !best->has_key && p->has_key))
			best = p;
	}
	return best;
}

void check_ra_private_key(const struct facts *f, struct emitter *em)
{
	const struct cert_place **ra = NULL;
	size_t n = ra_list(f, em, &ra, 1), i;

	for (i = 0; i < n; i++) {
		const struct cert *c = &f->certs.certs[ra[i]->cert];
		const struct cert_place *p = best_place(f, c);
		char *label = cert_label(c), *target = ra_target(c);
		struct result *r;

		if (!p->has_props)
			r = emit(em, ST_NE, target, "not evaluated: the %s certificate %s comes only from "
				 "an exported file that carries no certificate properties, so its private "
				 "key reference (KEY_PROV_INFO) cannot be seen; export the store as a "
				 "serialized store (Export-Certificate -Type SST) or collect the SOFTWARE "
				 "hive", role_of(c), label);
		else if (!p->has_key)
			r = emit(em, ST_FAIL, target, "the %s certificate %s has no private key reference "
				 "(no KEY_PROV_INFO property): NDES cannot use it", role_of(c), label);
		else if (p->key_prov_type == 0)
			r = emit(em, ST_FAIL, target, "the %s certificate %s keeps its private key in the "
				 "CNG key storage provider \"%s\"; NDES uses RA keys only through a "
				 "CryptoAPI CSP", role_of(c), label,
				 p->key_provider != NULL ? p->key_provider : "(unnamed)");
		else
			r = emit(em, ST_PASS, target, "the %s certificate %s has its private key in the "
				 "CryptoAPI CSP \"%s\" (provider type %u)", role_of(c), label,
				 p->key_provider != NULL ? p->key_provider : "(unnamed)", p->key_prov_type);
		ev_place(r, f, p);
		if (p->has_key)
			result_add_evidence(r, p->artifact, "KEY_PROV_INFO (property 2)",
					    p->key_provider != NULL ? p->key_provider : "(no provider name)");
		free(label);
		free(target);
	}
	free(ra);
}

void check_ra_issuer(const struct facts *f, struct emitter *em)
{
	const struct cert_ref *cfg = &f->certs.ca_config;
	const struct cert_place **ra = NULL;
	const char *ca;
	size_t n, i;
	struct result *r;

	n = ra_list(f, em, &ra, 1);
	if (n == 0)
		return;
	if (cfg->state == -2) {
		r = emit(em, ST_NE, "MSCEP\\CAInfo", "not evaluated: %s", cfg->error);
		ev_ref(r, cfg);
		goto out;
	}
	if (cfg->state == -1) {
		r = emit(em, ST_ERROR, "MSCEP\\CAInfo", "CAInfo\\Configuration could not be read: %s",
			 cfg->error);
		ev_ref(r, cfg);
		goto out;
	}
	if (cfg->state == 0 || cfg->raw[0] == '\0') {
		r = emit(em, ST_NE, "MSCEP\\CAInfo", "not evaluated: %s is %s, so the CA that NDES "
			 "uses is not known (see mscep.registry)", cfg->location,
			 cfg->state == 0 ? "not set" : "empty");
		ev_ref(r, cfg);
		goto out;
	}
	ca = strrchr(cfg->raw, '\\');
	ca = ca != NULL ? ca + 1 : cfg->raw;
	for (i = 0; i < n; i++) {
		const struct cert *c = &f->certs.certs[ra[i]->cert];
		char *label = cert_label(c), *target = ra_target(c);

		if (c->issuer_cn != NULL && ascii_casecmp(c->issuer_cn, ca) == 0)
			r = emit(em, ST_PASS, target, "the %s certificate %s was issued by %s, the CA "
				 "NDES is configured for", role_of(c), label, ca);
		else
			r = emit(em, ST_FAIL, target, "the %s certificate %s was issued by %s, but NDES is "
				 "configured for the CA \"%s\" (%s)", role_of(c), label,
				 c->issuer_cn != NULL ? c->issuer_cn : c->issuer, ca, cfg->raw);
		ev_ref(r, cfg);
		ev_place(r, f, ra[i]);
		free(label);
		free(target);
	}
out:
	free(ra);
}
