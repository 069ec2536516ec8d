/* The Intune policy module's certificate (legacy connector): the one named
 * by MSCEP\Modules\NDESPolicy\NDESCertThumbprint, in MY. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/util.h"

#define PM_TARGET "NDESPolicy certificate"

/* Another store holding that thumbprint, for a hint; NULL when none. */
static const struct cert_place *elsewhere(const struct facts *f, const char *thumb)
{
	size_t i;

	for (i = 0; i < f->certs.nplaces; i++) {
		const struct cert_place *p = &f->certs.places[i];

		if (p->store != NULL && strcmp(f->certs.certs[p->cert].sha1, thumb) == 0)
			return p;
	}
	return NULL;
}

static void ev_all_in_my(struct result *r, const struct facts *f, const struct cert_place *first)
{
	const struct cert *c = &f->certs.certs[first->cert];
	size_t i;

	for (i = 0; i < c->nplaces; i++) {
		const struct cert_place *p = &f->certs.places[c->places[i]];

		if (place_in_store(p, "MY"))
			ev_place(r, f, p);
	}
}

void check_policymodule_cert_present(const struct facts *f, struct emitter *em)
{
	const struct cert_ref *ref = &f->certs.policy;
	const struct cert_place *p = NULL;
	char *why = NULL, *view_why = NULL, *label;
	unsigned view = conn_view(f, &view_why);
	struct result *r;
	int rc, partial = 0;

	if (!(view & VIEW_LEGACY)) {
		r = emit(em, (view & VIEW_UNKNOWN) ? ST_NE : ST_NA, PM_TARGET, "%s%s; the NDESPolicy "
			 "module certificate belongs to the legacy connector",
			 (view & VIEW_UNKNOWN) ? "not evaluated: " : "", view_why);
		ev_ref(r, ref);
		goto out;
	}
	rc = resolve_ref(f, ref, &p, &why);
	if (rc == -2) {
		r = emit(em, ST_NE, PM_TARGET, "not evaluated: %s", why);
		ev_ref(r, ref);
		goto out;
	}
	if (rc == -1) {
		r = emit(em, ST_ERROR, PM_TARGET, "NDESCertThumbprint could not be read: %s", why);
		ev_ref(r, ref);
		goto out;
	}
	if (rc == 1) {
		label = cert_label(&f->certs.certs[p->cert]);
		r = emit(em, ST_PASS, PM_TARGET, "the policy module certificate %s named by "
			 "NDESCertThumbprint is in MY", label);
		free(label);
		ev_ref(r, ref);
		ev_all_in_my(r, f, p);
		goto out;
	}
	if (ref->thumb[0] != '\0') {
		/* A thumbprint that MY does not hold: is MY in the bundle at all? */
		if (!store_preflight(f, em, "MY", PM_TARGET, &partial, NULL))
			goto out;
		if (partial) {
			r = emit(em, ST_ERROR, PM_TARGET, "%s, but part of MY could not be read, and the "
				 "certificate may be there", why);
			ev_ref(r, ref);
			goto out;
		}
		p = elsewhere(f, ref->thumb);
		if (p != NULL) {
			char *lab = place_store_label(p);

			r = emit(em, ST_FAIL, PM_TARGET, "%s; it is in the %s store instead, where the "
				 "policy module does not look", why, lab);
			free(lab);
			ev_ref(r, ref);
			ev_place(r, f, p);
			goto out;
		}
	}
	r = emit(em, ST_FAIL, PM_TARGET, "%s (%s)", why, view_why);
	ev_ref(r, ref);
out:
	free(why);
	free(view_why);
}

/* The policy module certificate, or a result saying why there is none to
 * judge (na: another connector; ne: none named or found; error). */
static const struct cert_place *pm_cert(const struct facts *f, struct emitter *em)
{
	const struct cert_ref *ref = &f->certs.policy;
	const struct cert_place *p = NULL;
	char *why = NULL, *view_why = NULL;
	unsigned view = conn_view(f, &view_why);
	struct result *r;
	int rc;

	if (!(view & VIEW_LEGACY)) {
		r = emit(em, (view & VIEW_UNKNOWN) ? ST_NE : ST_NA, PM_TARGET, "%s%s; the NDESPolicy "
			 "module certificate belongs to the legacy connector",
			 (view & VIEW_UNKNOWN) ? "not evaluated: " : "", view_why);
		ev_ref(r, ref);
		p = NULL;
		goto out;
	}
	rc = resolve_ref(f, ref, &p, &why);
	if (rc == -2) {
		r = emit(em, ST_NE, PM_TARGET, "not evaluated: %s", why);
		ev_ref(r, ref);
	} else if (rc == -1) {
		r = emit(em, ST_ERROR, PM_TARGET, "NDESCertThumbprint could not be read: %s", why);
		ev_ref(r, ref);
	} else if (rc == 0) {
		r = emit(em, ST_NE, PM_TARGET, "not evaluated: no policy module certificate to judge: "
			 "%s (see policymodule.cert.present)", why);
		ev_ref(r, ref);
	}
out:
	free(why);
	free(view_why);
	return p;
}

void check_policymodule_cert_validity(const struct facts *f, struct emitter *em)
{
	const struct cert_place *p = pm_cert(f, em);
	const struct cert *c;
	char *text = NULL, *label;
	enum status st;
	struct result *r;

	if (p == NULL)
		return;
	c = &f->certs.certs[p->cert];
	st = cert_validity(f, c, &text);
	label = cert_label(c);
	r = emit(em, st, PM_TARGET, "the policy module certificate %s is %s%s", label, text,
		 st == ST_FAIL ? ": the SCEP application pool fails (HTTP 503) until it is renewed"
			       : "");
	ev_ref(r, &f->certs.policy);
	ev_all_in_my(r, f, p);
	free(label);
	free(text);
}

void check_policymodule_cert_client_auth(const struct facts *f, struct emitter *em)
{
	const struct cert_place *p = pm_cert(f, em);
	const struct cert *c;
	char *eku, *label;
	struct result *r;
	size_t i;
	int ext_has = 0;

	if (p == NULL)
		return;
	c = &f->certs.certs[p->cert];
	eku = place_eku_text(p);
	label = cert_label(c);
	for (i = 0; i < c->neku; i++)
		if (strcmp(c->eku[i], OID_EKU_CLIENT_AUTH) == 0)
			ext_has = 1;
	if (place_has_eku(p, OID_EKU_CLIENT_AUTH))
		r = emit(em, ST_PASS, PM_TARGET, "the policy module certificate %s allows Client "
			 "Authentication (its usages: %s)", label, eku);
	else if (ext_has && p->eku_from_prop)
		r = emit(em, ST_FAIL, PM_TARGET, "the policy module certificate %s has Client "
			 "Authentication in its EKU extension, but the ENHKEY_USAGE property of this "
			 "copy narrows it to %s: CertificateRegistrationSvc answers HTTP 403", label, eku);
	else
		r = emit(em, ST_FAIL, PM_TARGET, "the policy module certificate %s has no Client "
			 "Authentication usage (%s): CertificateRegistrationSvc answers HTTP 403", label,
			 eku);
	ev_ref(r, &f->certs.policy);
	ev_place(r, f, p);
	free(eku);
	free(label);
}

void check_policymodule_cert_subject(const struct facts *f, struct emitter *em)
{
	const struct cert_place *p = pm_cert(f, em);
	const struct cert *c;
	char *label, *sans;
	struct result *r;

	if (p == NULL)
		return;
	c = &f->certs.certs[p->cert];
	label = cert_label(c);
	sans = san_text(c);
	if (f->fqdn == NULL)
		r = emit(em, ST_NE, PM_TARGET, "not evaluated: the server's FQDN is not known (no "
			 "Tcpip Hostname in the SYSTEM hive); give it with --fqdn. The certificate names "
			 "CN %s, SAN %s", c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	else if (cert_names_host(c, f->fqdn, 1))
		r = emit(em, ST_PASS, PM_TARGET, "the policy module certificate %s names the server "
			 "%s (CN %s, SAN %s)", label, f->fqdn,
			 c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	else
		r = emit(em, ST_FAIL, PM_TARGET, "the policy module certificate %s does not name the "
			 "server %s: CN %s, SAN %s", label, f->fqdn,
			 c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	ev_ref(r, &f->certs.policy);
	ev_place(r, f, p);
	ev_fqdn(r, f);
	free(label);
	free(sans);
}
