/* Helpers shared by the certificate checks. Pure functions of the facts. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/util.h"

unsigned conn_view(const struct facts *f, char **why)
{
	const struct connector_facts *c = &f->connector;
	const struct cert_facts *cf = &f->certs;
	unsigned v = 0;

	switch (c->gen) {
	case CONN_LEGACY:
		*why = xasprintf("the legacy connector (%s) is installed", c->legacy.display_name);
		return VIEW_LEGACY;
	case CONN_CURRENT:
		*why = xasprintf("the current connector (%s) is installed", c->current.display_name);
		return VIEW_CURRENT;
	case CONN_BOTH:
		*why = xstrdup("both connector generations are installed");
		return VIEW_LEGACY | VIEW_CURRENT;
	case CONN_NONE:
	case CONN_UNKNOWN:
		break;
	}
	if (cf->policy.state == 1)
		v |= VIEW_LEGACY;
	if (cf->connector.state == 1)
		v |= VIEW_CURRENT;
	/* The Uninstall entries and connector keys are not in the evidence: a
	 * generation whose thumbprint is not in it either is not known. */
	if (c->gen == CONN_UNKNOWN &&
	    (v == 0 || (!(v & VIEW_LEGACY) && cf->policy.state == -2) ||
	     (!(v & VIEW_CURRENT) && cf->connector.state == -2))) {
		*why = xasprintf("which connector generation is installed is not known (%s)%s",
				 c->error != NULL ? c->error
				 : c->unknown != NULL ? c->unknown : "no SOFTWARE data",
				 v == VIEW_LEGACY ? "; the NDESPolicy thumbprint is set, so the "
						    "legacy connector is judged too"
				 : v == VIEW_CURRENT ? "; the PFXCertificateConnector encryption "
						       "thumbprint is set, so the current "
						       "connector is judged too"
						     : "");
		return v | VIEW_UNKNOWN;
	}
	if (v == (VIEW_LEGACY | VIEW_CURRENT))
		*why = xstrdup("no connector is registered under Uninstall, but both the NDESPolicy "
			       "and the PFXCertificateConnector thumbprints are set: both generations "
			       "are judged");
	else if (v == VIEW_LEGACY)
		*why = xstrdup("no connector is registered under Uninstall, but the NDESPolicy "
			       "thumbprint is set: judged as the legacy connector");
	else if (v == VIEW_CURRENT)
		*why = xstrdup("no connector is registered under Uninstall, but the "
			       "PFXCertificateConnector encryption thumbprint is set: judged as the "
			       "current connector");
	else
		*why = xstrdup("no Intune connector is registered under Uninstall, and neither "
			       "connector's certificate thumbprint is set");
	return v;
}

static const char *store_words(const char *store)
{
	if (ascii_casecmp(store, "ROOT") == 0)
		return "Root (ROOT, AuthRoot, Group Policy and Enterprise Root)";
	if (ascii_casecmp(store, "MY") == 0)
		return "MY (Personal)";
	return store;
}

int store_preflight(const struct facts *f, struct emitter *em, const char *store,
		    const char *target, int *partial, char **partial_why)
{
	char *why = NULL;
	enum store_state st = certs_store_state(&f->certs, store, &why);
	struct result *r;
	int ok = 0;

	*partial = 0;
	if (partial_why != NULL)
		*partial_why = NULL;
	switch (st) {
	case STORE_ABSENT:
		if (f->src[SRC_SOFTWARE].state == SOURCE_OK && f->certs.hive_uncovered != NULL) {
			r = emit(em, ST_NE, target,
				 "not evaluated: the bundle holds no %s store: "
				 "'" CERTS_LOCAL_ROOT "' is not in the .reg exports of the "
				 "SOFTWARE hive, which cover only: %s; and no exported store file is "
				 "named after it or given with --store", store_words(store),
				 f->certs.hive_uncovered);
			result_add_evidence(r, NULL, NULL, "(no certificate source)");
			break;
		}
		r = emit(em, ST_NE, target,
			 "not evaluated: the bundle holds no %s store (no SOFTWARE hive with "
			 CERTS_LOCAL_ROOT ", and no exported store file named after it or "
			 "given with --store)", store_words(store));
		result_add_evidence(r, NULL, NULL, "(no certificate source)");
		break;
	case STORE_ERROR:
		emit(em, ST_ERROR, target, "the %s store could not be read: %s", store_words(store),
		     why);
		break;
	case STORE_PARTIAL:
		*partial = 1;
		if (partial_why != NULL) {
			*partial_why = why;
			why = NULL;
		}
		ok = 1;
		break;
	case STORE_KNOWN:
		ok = 1;
		break;
	}
	free(why);
	return ok;
}

char *cert_label(const struct cert *c)
{
	return xasprintf("%s (%s)", c->subject_cn != NULL ? c->subject_cn : c->subject, c->sha1);
}

const char *day_text(int64_t t, char *buf)
{
	time_format_iso(t, buf, 32);
	if (strcmp(buf + 10, "T00:00:00Z") == 0)
		buf[10] = '\0';
	return buf;
}

void ev_place(struct result *r, const struct facts *f, const struct cert_place *p)
{
	const struct cert *c = &f->certs.certs[p->cert];
	char *loc, *val, *label = place_store_label(p);

	if (p->origin == CORIGIN_FILE)
		loc = xasprintf("store %s: %s", p->store != NULL ? p->store : "(none)", p->location);
	else
		loc = xstrdup(p->location);
	if (c->validity_ok) {
		char nb[32], na[32];

		time_format_iso(c->not_before, nb, sizeof(nb));
		time_format_iso(c->not_after, na, sizeof(na));
		val = xasprintf("%s; issuer %s; thumbprint %s; valid %s to %s; store %s", c->subject,
				c->issuer, c->sha1, nb, na, label);
	} else {
		val = xasprintf("%s; issuer %s; thumbprint %s; validity dates do not decode; store %s",
				c->subject, c->issuer, c->sha1, label);
	}
	result_add_evidence(r, p->artifact, loc, val);
	free(loc);
	free(val);
	free(label);
}

void ev_ref(struct result *r, const struct cert_ref *ref)
{
	if (ref->artifact == NULL)
		return;
	if (ref->state == 1) {
		char *q = xasprintf("\"%s\"", ref->raw);

		result_add_evidence(r, ref->artifact, ref->location, q);
		free(q);
	} else {
		result_add_evidence(r, ref->artifact, ref->location,
				    ref->state == 0    ? "(absent)"
				    : ref->state == -2 ? "(not in the .reg exports)"
						       : "(unreadable)");
	}
}

void ev_fqdn(struct result *r, const struct facts *f)
{
	if (f->fqdn == NULL)
		return;
	if (f->fqdn_origin != NULL && strcmp(f->fqdn_origin, "--fqdn") == 0) {
		result_add_evidence(r, NULL, "--fqdn", f->fqdn);
		return;
	}
	if (f->hostname.value != NULL)
		result_add_evidence(r, f->hostname.artifact, f->hostname.location, f->hostname.value);
	if (f->domain.value != NULL)
		result_add_evidence(r, f->domain.artifact, f->domain.location, f->domain.value);
}

enum status cert_validity(const struct facts *f, const struct cert *c, char **text)
{
	char d[32], asof[32];
	int64_t left;

	day_text(f->as_of, asof);
	if (!c->validity_ok) {
		*text = xstrdup("its validity dates do not decode");
		return ST_FAIL;
	}
	if (f->as_of < c->not_before) {
		*text = xasprintf("not valid before %s (the as-of time is %s)",
				  day_text(c->not_before, d), asof);
		return ST_FAIL;
	}
	if (f->as_of > c->not_after) {
		*text = xasprintf("expired on %s, %lld days before the as-of time %s",
				  day_text(c->not_after, d),
				  (long long)((f->as_of - c->not_after) / 86400), asof);
		return ST_FAIL;
	}
	left = c->not_after - f->as_of;
	if (left < (int64_t)f->warn_days * 86400) {
		*text = xasprintf("expires on %s, %lld days after the as-of time %s (inside the "
				  "%d-day warning window)", day_text(c->not_after, d),
				  (long long)(left / 86400), asof, f->warn_days);
		return ST_WARN;
	}
	*text = xasprintf("valid until %s", day_text(c->not_after, d));
	return ST_PASS;
}

int dns_name_matches(const char *pattern, const char *fqdn)
{
	size_t pl, fl;

	if (pattern == NULL || fqdn == NULL || *pattern == '\0')
		return 0;
	pl = strlen(pattern);
	fl = strlen(fqdn);
	/* A trailing dot (absolute name) is not part of the comparison. */
	if (pl > 1 && pattern[pl - 1] == '.')
		pl--;
	if (fl > 1 && fqdn[fl - 1] == '.')
		fl--;
	if (pl > 2 && pattern[0] == '*' && pattern[1] == '.') {
		const char *dot = memchr(fqdn, '.', fl);

		/* the wildcard stands for exactly one non-empty label */
		return dot != NULL && dot != fqdn && (size_t)(fqdn + fl - dot) == pl - 1 &&
		       ascii_ncasecmp(dot, pattern + 1, pl - 1) == 0;
	}
	return pl == fl && ascii_ncasecmp(pattern, fqdn, pl) == 0;
}

int cert_names_host(const struct cert *c, const char *fqdn, int cn_always)
{
	size_t i;

	for (i = 0; i < c->nsan_dns; i++)
		if (dns_name_matches(c->san_dns[i], fqdn))
			return 1;
	if ((cn_always || c->nsan_dns == 0) && c->subject_cn != NULL)
		return dns_name_matches(c->subject_cn, fqdn);
	return 0;
}

char *san_text(const struct cert *c)
{
	struct strbuf sb;
	size_t i;

	if (c->nsan_dns == 0)
		return xstrdup("(none)");
	sb_init(&sb);
	for (i = 0; i < c->nsan_dns; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", c->san_dns[i]);
	return sb_take(&sb);
}

int resolve_ref(const struct facts *f, const struct cert_ref *ref, const struct cert_place **place,
		char **why)
{
	*place = NULL;
	*why = NULL;
	if (ref->state == -1 || ref->state == -2) {
		*why = xstrdup(ref->error);
		return ref->state;
	}
	if (ref->state == 0) {
		*why = xasprintf("%s is not set", ref->location != NULL ? ref->location : "the value");
		return 0;
	}
	if (ref->raw[0] == '\0') {
		*why = xasprintf("%s is empty", ref->location);
		return 0;
	}
	if (ref->thumb[0] == '\0') {
		*why = xasprintf("%s is \"%s\", which is not a certificate thumbprint (40 hex digits, "
				 "spaces allowed)", ref->location, ref->raw);
		return 0;
	}
	if (certs_find(&f->certs, "MY", ref->thumb, place) == 0) {
		*why = xasprintf("no certificate with the thumbprint %s (from %s) is in the MY store",
				 ref->thumb, ref->location);
		return 0;
	}
	return 1;
}

static int lists_eku(const struct cert_place *p, const char *oid)
{
	size_t i;

	for (i = 0; i < p->neku; i++)
		if (strcmp(p->eku[i], oid) == 0)
			return 1;
	return 0;
}

size_t ra_places(const struct facts *f, const struct cert_place ***out)
{
	const struct cert_facts *cf = &f->certs;
	size_t i, j, n = 0;

	*out = NULL;
	for (i = 0; i < cf->nplaces; i++) {
		const struct cert_place *p = &cf->places[i];
		int seen = 0;

		/* The Certificate Request Agent usage must be named: a certificate
		 * without any EKU restriction is not taken for an RA. */
		if (!place_in_store(p, "MY") || !lists_eku(p, OID_EKU_REQUEST_AGENT))
			continue;
		for (j = 0; j < n; j++)
			if ((*out)[j]->cert == p->cert)
				seen = 1;
		if (seen)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		(*out)[n++] = p;
	}
	return n;
}

int ra_signs(const struct cert *c)
{
	return !c->ku_present || (c->ku & CERT_KU_DIGITAL_SIGNATURE) != 0;
}

int ra_encrypts(const struct cert *c)
{
	return !c->ku_present || (c->ku & CERT_KU_KEY_ENCIPHERMENT) != 0;
}

static void add_ndes(struct ndes_cert **v, size_t *n, const char *role, char *owned,
		     const struct cert_place *p)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if ((*v)[i].place->cert == p->cert && strcmp((*v)[i].role, owned != NULL ? owned : role) == 0) {
			free(owned);
			return;
		}
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[*n].role_owned = owned;
	(*v)[*n].role = owned != NULL ? owned : role;
	(*v)[*n].place = p;
	(*n)++;
}

size_t ndes_certs(const struct facts *f, struct ndes_cert **out)
{
	const struct cert_place *p, **ra = NULL;
	char *why = NULL;
	unsigned view = conn_view(f, &why);
	size_t n = 0, i, nra;

	*out = NULL;
	free(why);
	why = NULL;
	if ((view & VIEW_LEGACY) && resolve_ref(f, &f->certs.policy, &p, &why) == 1)
		add_ndes(out, &n, "policy module", NULL, p);
	free(why);
	why = NULL;
	if ((view & VIEW_CURRENT) && resolve_ref(f, &f->certs.connector, &p, &why) == 1)
		add_ndes(out, &n, "connector encryption", NULL, p);
	free(why);
	nra = ra_places(f, &ra);
	for (i = 0; i < nra; i++) {
		const struct cert *c = &f->certs.certs[ra[i]->cert];
		const char *role = ra_signs(c) && ra_encrypts(c) ? "RA signing and encryption"
				   : ra_signs(c)		 ? "RA signing"
				   : ra_encrypts(c)		 ? "RA encryption"
								 : "RA (no usable key usage)";

		add_ndes(out, &n, role, NULL, ra[i]);
	}
	free(ra);
	for (i = 0; i < f->nbindings; i++) {
		const struct ssl_binding *b = &f->bindings[i];
		char thumb[41];

		if (b->port != 443 || b->hash_state != 1 || b->hash_size != 20 ||
		    thumb_normalize(b->thumbprint, thumb) != 0)
			continue;
		if (certs_find(&f->certs, b->store != NULL ? b->store : "MY", thumb, &p) > 0)
			add_ndes(out, &n, NULL, xasprintf("TLS (%s)", b->endpoint), p);
	}
	return n;
}

void ndes_certs_free(struct ndes_cert *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].role_owned);
	free(v);
}
