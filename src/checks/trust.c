/* Trust: what logical Root holds, whether the certificates NDES uses chain
 * to it, the CRLs cached in the stores, whether every store element could
 * be read, and the current connector's encryption certificate. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/util.h"

/* ------------------------------------------------- trust.root.intermediate */

static void root_sources(struct result *r, const struct facts *f)
{
	const struct cert_facts *cf = &f->certs;
	static const enum cert_origin origins[] = {CORIGIN_LOCAL, CORIGIN_GPO, CORIGIN_ENTERPRISE};
	size_t i, k;

	/* One line per source with its count, not one per certificate. */
	for (k = 0; k < 3 && cf->hive_state == 1; k++) {
		const char *stores[] = {"ROOT", "AuthRoot"};
		size_t s;

		for (s = 0; s < 2; s++) {
			size_t n = 0;
			const char *key = NULL;

			for (i = 0; i < cf->nplaces; i++) {
				const struct cert_place *p = &cf->places[i];

				if (p->origin == origins[k] && p->store != NULL &&
				    ascii_casecmp(p->store, stores[s]) == 0) {
					n++;
					key = p->store_key;
				}
			}
			if (n > 0) {
				char *loc = xasprintf("%s\\%s\\Certificates", cert_origin_root(origins[k]),
						      key);
				char *val = xasprintf("%zu certificate%s", n, n == 1 ? "" : "s");

				result_add_evidence(r, cf->hive_artifact, loc, val);
				free(loc);
				free(val);
			}
		}
	}
	for (i = 0; i < cf->nfiles; i++) {
		const struct cert_file *fl = &cf->files[i];

		if (fl->ok && fl->store != NULL &&
		    (ascii_casecmp(fl->store, "ROOT") == 0 || ascii_casecmp(fl->store, "AuthRoot") == 0)) {
			char *loc = xasprintf("store %s (%s)", fl->store, fl->store_origin);
			char *val = xasprintf("%zu certificate%s", fl->ncerts, fl->ncerts == 1 ? "" : "s");

			result_add_evidence(r, fl->artifact, loc, val);
			free(loc);
			free(val);
		}
	}
}

/* Windows' definition of a root: its issuer name equals its subject name
 * (the seed's and Microsoft's own test is Issuer -ne Subject). The chain
 * engine does not verify a trust anchor's own signature, so the signature
 * only adds a note. Returns 1 a root (*note NULL, or a static reason to
 * note), 0 an intermediate, -1 cannot tell. */
static int is_root(const struct cert *c, const char **note)
{
	*note = NULL;
	if (c->name_exact) {
		if (c->self_signed == 1)
			return 1;
		if (c->aki != NULL && c->ski != NULL && ascii_casecmp(c->aki, c->ski) != 0)
			*note = "its issuer equals its subject, so Windows treats it as a root, but its "
				"key identifiers say another key signed it (a re-keyed root's cross "
				"certificate): it anchors only what its own key signed";
		else if (c->self_signed == -1)
			*note = "its issuer equals its subject, so Windows treats it as a root; its "
				"signature could not be checked with its own key (an algorithm such as "
				"MD2 or MD4 that OpenSSL does not offer, or a key it cannot use), and "
				"Windows does not check a root's own signature";
		else
			*note = "its issuer equals its subject, so Windows treats it as a root; its own "
				"key does not verify its signature, and Windows does not check a root's "
				"own signature";
		return 1;
	}
	/* Names equal only after folding case and spacing: the same name to
	 * OpenSSL, not to Windows, unless its own key signed it. */
	if (c->name_self)
		return c->self_signed == 1 ? 1 : c->self_signed == 0 ? 0 : -1;
	return 0;
}

/* The logical-Root stores of c joined ("ROOT, Group Policy Root"): heap,
 * or NULL when c is in none; *gpo says whether a GPO pushes it. */
static char *root_places(const struct cert_facts *cf, const struct cert *c, int *gpo)
{
	struct strbuf where;
	size_t j;

	sb_init(&where);
	*gpo = 0;
	for (j = 0; j < c->nplaces; j++) {
		const struct cert_place *p = &cf->places[c->places[j]];
		char *lab;

		if (!place_in_store(p, "ROOT"))
			continue;
		*gpo |= p->origin == CORIGIN_GPO;
		lab = place_store_label(p);
		if (where.s == NULL || strstr(where.s, lab) == NULL)
			sb_printf(&where, "%s%s", where.len ? ", " : "", lab);
		free(lab);
	}
	if (where.len == 0) {
		sb_free(&where);
		return NULL;
	}
	return sb_take(&where);
}

/* The GPO whose registry.pol in the bundle puts c into Root, as its
 * place's location names it ("GPO {GUID} (display name), entry at ..."),
 * heap; NULL when the Group Policy copy came from a hive only. */
static char *root_gpo(const struct cert_facts *cf, const struct cert *c)
{
	static const char tail[] = ", entry at byte offset";
	size_t j;

	for (j = 0; j < c->nplaces; j++) {
		const struct cert_place *p = &cf->places[c->places[j]];
		const char *end;

		if (p->origin == CORIGIN_GPO && place_in_store(p, "ROOT") && p->location != NULL &&
		    strncmp(p->location, "GPO {", 5) == 0 &&
		    (end = strstr(p->location, tail)) != NULL)
			return xstrndup(p->location + 4, (size_t)(end - p->location - 4));
	}
	return NULL;
}

static void root_offender(struct emitter *em, const struct facts *f, const struct cert *c,
			  const char *where, int gpo, int rk)
{
	struct result *r;
	char *label = cert_label(c), *gponame = gpo ? root_gpo(&f->certs, c) : NULL, *pushed = NULL;
	size_t j;

	if (gponame != NULL)
		pushed = xasprintf(". The GPO %s pushes it into Root (its registry.pol is in the "
				   "bundle): deleting it locally does not last; exclude the server "
				   "from that GPO or remove the certificate from it", gponame);
	free(gponame);

	if (rk < 0) {
		r = emit(em, ST_WARN, label, "%s in %s cannot be confirmed as a root: its issuer "
			 "name matches its subject only when case and spacing are ignored, and %s",
			 c->subject, where, c->self_signed_why);
	} else {
		r = emit(em, ST_FAIL, label, "%s (issued by %s) is in %s but is not self-signed%s: "
			 "an intermediate certificate in Root crashes the SCEP application pool "
			 "(HTTP 503)%s", c->subject, c->issuer, where,
			 c->name_self ? ": its issuer matches its subject only when case and spacing "
					"are ignored, and its own key does not verify its signature: "
					"another key signed it"
				      : "",
			 pushed != NULL ? pushed
			 : gpo ? ". A Group Policy pushes it (" CERTS_GPO_ROOT
				 "\\Root): deleting it locally does not last; exclude the server from "
				 "that GPO or remove the certificate from it"
			       : "");
		if (gpo)
			result_set_remediation(r, "Find the GPO that publishes it (gpresult /h "
					       "report.html; Computer Configuration > Windows Settings > "
					       "Security Settings > Public Key Policies > Trusted Root "
					       "Certification Authorities), remove the certificate from "
					       "that GPO or exclude the NDES server from it, run gpupdate "
					       "/force, then check that it is gone from "
					       "Cert:\\LocalMachine\\Root and restart the server. If the "
					       "certificate belongs in Intermediate Certification "
					       "Authorities, publish it there instead.");
	}
	for (j = 0; j < c->nplaces; j++)
		if (place_in_store(&f->certs.places[c->places[j]], "ROOT"))
			ev_place(r, f, &f->certs.places[c->places[j]]);
	free(label);
	free(pushed);
}

static void root_unreadable(const struct cert_facts *cf, struct emitter *em)
{
	struct result *r;
	size_t i;

	/* Elements of a Root store that could not be read may hide an offender. */
	for (i = 0; i < cf->nproblems; i++) {
		const struct cert_problem *p = &cf->problems[i];

		if (!p->error || (p->store != NULL && ascii_casecmp(p->store, "ROOT") != 0 &&
				  ascii_casecmp(p->store, "AuthRoot") != 0))
			continue;
		r = emit(em, ST_ERROR, p->location != NULL ? p->location : p->artifact,
			 "an element of the Root store could not be read, so it cannot be judged: %s",
			 p->message);
		result_add_evidence(r, p->artifact, p->location, NULL);
	}
	for (i = 0; i < cf->nfiles; i++) {
		const struct cert_file *fl = &cf->files[i];

		if (fl->ok || fl->store == NULL ||
		    (ascii_casecmp(fl->store, "ROOT") != 0 && ascii_casecmp(fl->store, "AuthRoot") != 0))
			continue;
		r = emit(em, ST_ERROR, fl->name, "an exported Root store could not be read: %s",
			 fl->error);
		result_add_evidence(r, fl->artifact, NULL, NULL);
	}
}

/* Evidence for a root that passes with a note: its first Root place. */
static void root_note(struct result *r, const struct facts *f, const struct cert *c,
		      const char *note)
{
	const struct cert_place *p = NULL;
	char *label = cert_label(c), *v, *loc;
	size_t j;

	for (j = 0; j < c->nplaces && p == NULL; j++)
		if (place_in_store(&f->certs.places[c->places[j]], "ROOT"))
			p = &f->certs.places[c->places[j]];
	/* Located as ev_place does, so a file element names its store. */
	loc = p == NULL ? NULL
	      : p->origin == CORIGIN_FILE ? xasprintf("store %s: %s", p->store != NULL ? p->store
										: "(none)",
						       p->location)
					  : xstrdup(p->location);
	v = xasprintf("%s: %s", label, note);
	result_add_evidence(r, p != NULL ? p->artifact : NULL, loc, v);
	free(loc);
	free(v);
	free(label);
}

void check_trust_root_intermediate(const struct facts *f, struct emitter *em)
{
	const struct cert_facts *cf = &f->certs;
	size_t i, total = 0, bad = 0, noted = 0;
	int partial = 0;
	struct result *r;

	if (!store_preflight(f, em, "ROOT", "Root", &partial, NULL))
		return;
	for (i = 0; i < cf->ncerts; i++) {
		const struct cert *c = &cf->certs[i];
		const char *note;
		int gpo, rk;
		char *where = root_places(cf, c, &gpo);

		if (where == NULL)
			continue;
		total++;
		rk = is_root(c, &note);
		noted += rk == 1 && note != NULL;
		if (rk != 1) {
			bad++;
			root_offender(em, f, c, where, gpo, rk);
		}
		free(where);
	}
	root_unreadable(cf, em);
	if (bad > 0)
		return;
	if (total == 0) {
		/* Nothing to judge: not a pass about an empty Root. */
		r = emit(em, ST_NA, "Root", "logical Root (ROOT, AuthRoot, Group Policy Root, "
			 "Enterprise Root) holds no certificate in the bundle, so no intermediate can "
			 "be in it");
		root_sources(r, f);
		return;
	}
	r = emit(em, ST_PASS, "Root", "all %zu certificates in logical Root (ROOT, AuthRoot, "
		 "Group Policy Root, Enterprise Root) are roots: each one's issuer equals its "
		 "subject%s", total,
		 noted ? "; the evidence notes those whose own signature does not confirm it" : "");
	root_sources(r, f);
	for (i = 0; i < cf->ncerts && noted > 0; i++) {
		const struct cert *c = &cf->certs[i];
		const char *note;
		int gpo;
		char *where = root_places(cf, c, &gpo);

		if (where != NULL && is_root(c, &note) == 1 && note != NULL)
			root_note(r, f, c, note);
		free(where);
	}
}

/* ---------------------------------------------------------------- trust.chain */

static char *chain_text(const struct cert_facts *cf, const struct cert_chain *ch)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	for (i = 0; i < ch->n; i++) {
		const struct cert *c = &cf->certs[ch->link[i]];

		sb_printf(&sb, "%s%s", i ? " -> " : "", c->subject_cn != NULL ? c->subject_cn : c->subject);
	}
	return sb_take(&sb);
}

void check_trust_chain(const struct facts *f, struct emitter *em)
{
	const struct cert_facts *cf = &f->certs;
	struct ndes_cert *nc = NULL;
	size_t n, i, j;
	int partial = 0;
	struct result *r;

	n = ndes_certs(f, &nc);
	if (n == 0) {
		enum store_state st = certs_store_state(cf, "MY", NULL);

		if (st == STORE_ERROR) {
			char *why = NULL;

			certs_store_state(cf, "MY", &why);
			emit(em, ST_ERROR, "", "the MY store, which holds the certificates NDES uses, "
			     "could not be read: %s", why);
			free(why);
		} else {
			r = emit(em, ST_NE, "", "not evaluated: the bundle holds no certificate that NDES "
				 "uses (RA, policy module, connector or HTTP.sys 443 certificate)");
			result_add_evidence(r, NULL, NULL, "(no certificate to judge)");
		}
		goto out;
	}
	if (!store_preflight(f, em, "ROOT", "Root", &partial, NULL))
		goto out;
	for (i = 0; i < n; i++) {
		const struct cert *leaf = &cf->certs[nc[i].place->cert];
		struct cert_chain ch;
		char *path, *target = xasprintf("%s %s", nc[i].role, leaf->sha1);
		const struct cert *at;

		certs_chain(cf, nc[i].place->cert, f->as_of, &ch);
		path = chain_text(cf, &ch);
		at = &cf->certs[ch.link[ch.bad]];
		switch (ch.status) {
		case CHAIN_OK:
			r = emit(em, ST_PASS, target, "the %s certificate chains to a trusted root: %s",
				 nc[i].role, path);
			break;
		case CHAIN_NOT_TIME_VALID: {
			char d[32], d2[32];

			r = emit(em, ST_FAIL, target, "the %s certificate's chain %s has a link outside its "
				 "validity at the as-of time: %s (valid %s to %s)", nc[i].role, path,
				 at->subject_cn != NULL ? at->subject_cn : at->subject,
				 day_text(at->not_before, d), day_text(at->not_after, d2));
			break;
		}
		case CHAIN_DISALLOWED:
			r = emit(em, ST_FAIL, target, "the %s certificate's chain %s runs through %s, which "
				 "is in the Disallowed (untrusted) store", nc[i].role, path,
				 at->subject_cn != NULL ? at->subject_cn : at->subject);
			break;
		case CHAIN_UNTRUSTED_ROOT:
			r = emit(em, ST_FAIL, target, "the %s certificate's chain %s ends at the "
				 "self-signed %s, which is not in Root", nc[i].role, path,
				 at->subject_cn != NULL ? at->subject_cn : at->subject);
			break;
		case CHAIN_NO_ISSUER:
			r = emit(em, ST_FAIL, target, "the %s certificate's chain %s stops: the issuer of "
				 "%s, %s%s%s, is in no store of the bundle%s%s", nc[i].role, path,
				 at->subject_cn != NULL ? at->subject_cn : at->subject, at->issuer,
				 at->aki != NULL ? ", key identifier " : "", at->aki != NULL ? at->aki : "",
				 at->issuer_name_only ? " (a certificate with that name is there, but its "
							"key did not sign this one)"
						      : "",
				 partial ? "; part of the stores could not be read" : "");
			break;
		default:
			r = emit(em, ST_FAIL, target, "the %s certificate's chain %s is longer than %d "
				 "links or loops", nc[i].role, path, CHAIN_MAX);
			break;
		}
		for (j = 0; j < ch.n; j++) {
			const struct cert *c = &cf->certs[ch.link[j]];

			if (c->nplaces > 0)
				ev_place(r, f, &cf->places[c->places[0]]);
		}
		free(path);
		free(target);
	}
out:
	ndes_certs_free(nc, n);
}

/* ------------------------------------------------------------ trust.crl.cached */

void check_trust_crl_cached(const struct facts *f, struct emitter *em)
{
	const struct cert_facts *cf = &f->certs;
	struct ndes_cert *nc = NULL;
	struct strbuf urls;
	struct result *r;
	size_t n, i, j;
	char d[32];

	if (cf->hive_state != 1 && cf->nfiles == 0) {
		if (cf->hive_state == -1)
			emit(em, ST_ERROR, "", "the certificate stores could not be read: %s",
			     cf->hive_error);
		else
			emit(em, ST_NE, "", "not evaluated: the bundle holds no certificate store (no "
			     "SOFTWARE hive with " CERTS_LOCAL_ROOT ", no exported store)");
		return;
	}
	for (i = 0; i < cf->ncrls; i++) {
		const struct crl *c = &cf->crls[i];
		char *target = xasprintf("CRL %s %s", c->issuer_cn != NULL ? c->issuer_cn : c->issuer,
					 c->sha1);
		struct cert_place fake;
		char *label;

		memset(&fake, 0, sizeof(fake));
		fake.store = c->store;
		fake.store_key = c->store_key;
		fake.origin = c->origin;
		label = place_store_label(&fake);
		if (c->signature < 0) {
			r = emit(em, ST_WARN, target, "the cached CRL of %s in %s is not signed by any "
				 "certificate of %s in the bundle (its signature does not verify): it is "
				 "corrupt or forged, and Windows does not use it; its revocations are not "
				 "believed here either", c->issuer, label, c->issuer);
			result_set_remediation(r, "Delete the CRL from the store (certutil -delstore "
						  "CA <CRL hash>) and let Windows fetch a fresh one from "
						  "the CRL distribution point.");
		} else if (!c->has_next_update)
			r = emit(em, ST_PASS, target, "the cached CRL of %s in %s has no next update time",
				 c->issuer, label);
		else if (f->as_of > c->next_update)
			r = emit(em, ST_FAIL, target, "the CRL of %s cached in %s is out of date: its next "
				 "update was due on %s, before the as-of time; a revocation check that "
				 "relies on the cache fails", c->issuer, label, day_text(c->next_update, d));
		else
			r = emit(em, ST_PASS, target, "the CRL of %s cached in %s is current (next update "
				 "%s)", c->issuer, label, day_text(c->next_update, d));
		result_add_evidence(r, c->artifact, c->location, c->issuer);
		if (c->signature > 0) {
			const struct cert *sc = &cf->certs[c->signer];
			const struct cert_place *sp = sc->nplaces > 0 ? &cf->places[sc->places[0]] : NULL;
			char *signer = cert_label(sc);
			char *where = xasprintf("signature verified with the certificate at %s",
						sp != NULL ? sp->location : "(no place)");

			result_add_evidence(r, sp != NULL ? sp->artifact : NULL, where, signer);
			free(where);
			free(signer);
		} else if (c->signature == 0) {
			result_add_evidence(r, NULL, "signature not checked",
					    "no certificate of the CRL's issuer is in the bundle");
		}
		free(label);
		free(target);
	}
	n = ndes_certs(f, &nc);
	sb_init(&urls);
	for (i = 0; i < n; i++) {
		const struct cert *c = &cf->certs[nc[i].place->cert];
		const struct crl *crl;
		int rv;

		for (j = 0; j < c->ncdp; j++)
			if (urls.s == NULL || strstr(urls.s, c->cdp[j]) == NULL)
				sb_printf(&urls, "%s%s", urls.len ? ", " : "", c->cdp[j]);
		rv = certs_revoked(cf, c, &crl);
		if (rv != 0) {
			char *label = cert_label(c), *target = xasprintf("%s %s", nc[i].role, c->sha1);

			if (rv > 0)
				r = emit(em, ST_FAIL, target, "the %s certificate %s is revoked: its serial "
					 "number %s is on the cached CRL of %s", nc[i].role, label,
					 c->serial, crl->issuer);
			else
				r = emit(em, ST_NE, target, "not evaluated: whether the %s certificate %s "
					 "is revoked is unknown: the cached CRL of %s lists more than the "
					 "%zu revoked serial numbers read from it, and %s is not among "
					 "those read", nc[i].role, label, crl->issuer, crl->nrevoked,
					 c->serial);
			ev_place(r, f, nc[i].place);
			result_add_evidence(r, crl->artifact, crl->location, c->serial);
			free(label);
			free(target);
		}
	}
	/* Without a certificate NDES uses there is no revocation to judge: say
	 * so (ne, as trust.chain does) instead of passing about nothing. */
	if (n == 0) {
		r = emit(em, ST_NE, "CDP URLs", "not evaluated: the bundle holds no certificate that "
			 "NDES uses (RA, policy module, connector or HTTP.sys 443 certificate), so no "
			 "revocation and no CRL distribution point can be judged");
		result_add_evidence(r, NULL, NULL, "(no certificate to judge)");
	} else {
		emit(em, ST_PASS, "CDP URLs", "%s%s; whether they can be reached is not decidable "
		     "offline (run certutil -verify -urlfetch on the server)",
		     urls.len ? "CRL distribution points of the certificates NDES uses: "
			      : "the certificates NDES uses name no CRL distribution point",
		     urls.len ? urls.s : "");
	}
	sb_free(&urls);
	ndes_certs_free(nc, n);
}

/* ------------------------------------------------------------ trust.store.readable */

/* Certificates the registry holds (not the exported files). */
static size_t registry_elements(const struct cert_facts *cf)
{
	size_t i, n = 0;

	for (i = 0; i < cf->nplaces; i++)
		if (cf->places[i].origin != CORIGIN_FILE)
			n++;
	for (i = 0; i < cf->ncrls; i++)
		if (cf->crls[i].origin != CORIGIN_FILE)
			n++;
	return n;
}

void check_trust_store_readable(const struct facts *f, struct emitter *em)
{
	const struct cert_facts *cf = &f->certs;
	size_t i, issues = 0, nok = 0, nreg;
	struct result *r;

	if (cf->hive_state == -1) {
		r = emit(em, ST_ERROR, "SOFTWARE hive", "the SOFTWARE hive's certificate stores could "
			 "not be read: %s", cf->hive_error);
		issues++;
	}
	if (cf->hive_state != 1 && cf->nfiles == 0) {
		if (issues == 0)
			emit(em, ST_NE, "", "not evaluated: the bundle holds no certificate store (no "
			     "SOFTWARE hive with " CERTS_LOCAL_ROOT ", no exported store)");
		return;
	}
	for (i = 0; i < cf->nproblems; i++) {
		const struct cert_problem *p = &cf->problems[i];

		r = emit(em, p->error ? ST_ERROR : ST_WARN, p->location != NULL ? p->location : p->artifact,
			 "%s%s%s%s", p->store != NULL ? "store " : "", p->store != NULL ? p->store : "",
			 p->store != NULL ? ": " : "", p->message);
		result_add_evidence(r, p->artifact, p->location, NULL);
		issues++;
	}
	for (i = 0; i < cf->nfiles; i++) {
		const struct cert_file *fl = &cf->files[i];

		if (fl->ok) {
			nok++;
			continue;
		}
		r = emit(em, ST_ERROR, fl->name, "the exported store%s%s could not be read: %s",
			 fl->store != NULL ? " for " : "", fl->store != NULL ? fl->store : "", fl->error);
		result_add_evidence(r, fl->artifact, NULL, NULL);
		issues++;
	}
	if (issues != 0)
		return;
	/* Stores that hold nothing leave nothing to judge: na, not a pass. */
	if (cf->ncerts == 0 && cf->ncrls == 0 && cf->nctls == 0) {
		r = emit(em, ST_NA, "certificate stores", "the certificate stores in the bundle "
			 "(%s%s%zu exported file%s) hold no element, so there is nothing whose "
			 "readability could be judged", cf->hive_state == 1 ? "the SOFTWARE hive" : "",
			 cf->hive_state == 1 ? " and " : "", nok, nok == 1 ? "" : "s");
		if (cf->hive_state == 1)
			result_add_evidence(r, cf->hive_artifact, CERTS_LOCAL_ROOT,
					    "(no element)");
		return;
	}
	nreg = registry_elements(cf);
	r = emit(em, ST_PASS, "certificate stores", "%zu certificates and %zu CRLs read from "
		 "%s%s%zu exported file%s; %s%s", cf->ncerts, cf->ncrls,
		 cf->hive_state == 1 ? "the SOFTWARE hive" : "", cf->hive_state == 1 ? " and " : "",
		 nok, nok == 1 ? "" : "s",
		 nreg > 0 ? "every registry element's key name and SHA-1 property match its "
			    "certificate"
			  : "no registry element, so no key name to compare",
		 cf->nctls ? "; certificate trust lists were recognised and not read" : "");
	if (cf->hive_state == 1)
		result_add_evidence(r, cf->hive_artifact, CERTS_LOCAL_ROOT, NULL);
}

/* ------------------------------------------------------------ connector.cert.validity */

#define CONN_TARGET "PFXCertificateConnector encryption certificate"

void check_connector_cert_validity(const struct facts *f, struct emitter *em)
{
	const struct cert_ref *ref = &f->certs.connector;
	const struct cert_place *p = NULL;
	char *why = NULL, *view_why = NULL;
	unsigned view = conn_view(f, &view_why);
	struct result *r;
	int rc, partial = 0;

	if (!(view & VIEW_CURRENT)) {
		r = emit(em, (view & VIEW_UNKNOWN) ? ST_NE : ST_NA, CONN_TARGET, "%s%s; the encryption "
			 "certificate belongs to the current connector",
			 (view & VIEW_UNKNOWN) ? "not evaluated: " : "", view_why);
		ev_ref(r, ref);
		goto out;
	}
	rc = resolve_ref(f, ref, &p, &why);
	if (rc == -2) {
		r = emit(em, ST_NE, CONN_TARGET, "not evaluated: %s", why);
		ev_ref(r, ref);
	} else if (rc == -1) {
		r = emit(em, ST_ERROR, CONN_TARGET, "EncryptionCertThumbprint could not be read: %s", why);
		ev_ref(r, ref);
	} else if (rc == 1) {
		const struct cert *c = &f->certs.certs[p->cert];
		char *text = NULL, *label = cert_label(c);
		enum status st = cert_validity(f, c, &text);

		r = emit(em, st, CONN_TARGET, "the connector's encryption certificate %s is %s%s", label,
			 text, st == ST_FAIL ? ": the connector cannot decrypt or import PFX "
					       "certificates until it is renewed" : "");
		ev_ref(r, ref);
		ev_place(r, f, p);
		free(text);
		free(label);
	} else if (ref->thumb[0] != '\0') {
		if (!store_preflight(f, em, "MY", CONN_TARGET, &partial, NULL))
			goto out;
		r = emit(em, partial ? ST_ERROR : ST_FAIL, CONN_TARGET, "%s%s", why,
			 partial ? ", and part of MY could not be read" : "");
		ev_ref(r, ref);
	} else {
		r = emit(em, ST_FAIL, CONN_TARGET, "%s (%s)", why, view_why);
		ev_ref(r, ref);
	}
out:
	free(why);
	free(view_why);
}
