/* The certificate HTTP.sys serves on 443 (tls.cert.*): the binding's
 * thumbprint and store come from the SYSTEM hive, the certificate from the
 * stores of the bundle. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/util.h"

/* The 443 bindings and their certificates. For each binding: emits what
 * stops the check (ne, error, fail: not in its store) and returns NULL, or
 * returns the certificate's place. */
static const struct cert_place *binding_cert(const struct facts *f, struct emitter *em,
					     const struct ssl_binding *b, const char *target)
{
	const char *art = f->bindings_source, *store = b->store != NULL ? b->store : "MY";
	const struct cert_place *p = NULL;
	char thumb[41], *hashloc = xasprintf("%s\\SslCertHash", b->keypath);
	struct result *r;
	int partial = 0;
	size_t i;

	if (strcmp(b->table, "SslCcsBindingInfo") == 0) {
		r = emit(em, ST_NE, target, "not evaluated: %s takes its certificate from the Central "
			 "Certificate Store (a file share), which the bundle does not hold", b->endpoint);
		result_add_evidence(r, art, b->keypath, NULL);
		goto out;
	}
	if (b->hash_state != 1 || b->hash_size != 20 || thumb_normalize(b->thumbprint, thumb) != 0) {
		r = emit(em, ST_NE, target, "not evaluated: %s has no usable certificate thumbprint "
			 "(see httpsys.tls_binding)", b->endpoint);
		result_add_evidence(r, art, hashloc, b->thumbprint);
		goto out;
	}
	if (!store_preflight(f, em, store, target, &partial, NULL))
		goto out;
	if (certs_find(&f->certs, store, thumb, &p) > 0)
		goto out;
	if (partial) {
		r = emit(em, ST_ERROR, target, "the certificate %s bound to %s is not among what could "
			 "be read of store %s, and part of that store could not be read", thumb,
			 b->endpoint, store);
		result_add_evidence(r, art, hashloc, thumb);
		goto out;
	}
	r = emit(em, ST_FAIL, target, "the certificate %s bound to %s is not in store %s: HTTP.sys "
		 "cannot complete TLS handshakes on this binding", thumb, b->endpoint, store);
	result_add_evidence(r, art, hashloc, thumb);
	for (i = 0; i < f->certs.nplaces; i++) {
		const struct cert_place *o = &f->certs.places[i];

		if (o->store != NULL && strcmp(f->certs.certs[o->cert].sha1, thumb) == 0) {
			ev_place(r, f, o); /* it is in another store */
			break;
		}
	}
out:
	free(hashloc);
	return p;
}

static int each_binding(const struct facts *f, struct emitter *em,
			void (*judge)(const struct facts *, struct emitter *, const struct ssl_binding *,
				      const char *, const struct cert_place *))
{
	const char *art = f->bindings_source;
	size_t i, n443 = 0;
	struct result *r;

	if (f->bindings_error != NULL) {
		r = emit(em, ST_ERROR, "port 443", "the HTTP.sys binding tables could not be read: %s",
			 f->bindings_error);
		result_add_evidence(r, art, NULL, NULL);
		return 0;
	}
	for (i = 0; i < f->nbindings; i++) {
		const struct ssl_binding *b = &f->bindings[i];
		char *target;
		const struct cert_place *p;

		if (b->port != 443)
			continue;
		n443++;
		target = xasprintf("%s\\%s", b->table, b->name);
		p = binding_cert(f, em, b, target);
		if (p != NULL)
			judge(f, em, b, target, p);
		free(target);
	}
	if (n443 == 0) {
		r = emit(em, ST_NE, "port 443", "not evaluated: HTTP.sys has no TLS binding for port "
			 "443 in %s (see httpsys.tls_binding)", f->control_set_key);
		result_add_evidence(r, art, f->bindings_table_key, "(no 443 binding)");
	}
	return 1;
}

static void ev_binding(struct result *r, const struct facts *f, const struct ssl_binding *b)
{
	char *hashloc = xasprintf("%s\\SslCertHash", b->keypath);

	result_add_evidence(r, f->bindings_source, hashloc, b->thumbprint);
	free(hashloc);
}

static void judge_validity(const struct facts *f, struct emitter *em, const struct ssl_binding *b,
			   const char *target, const struct cert_place *p)
{
	const struct cert *c = &f->certs.certs[p->cert];
	char *text = NULL, *label = cert_label(c);
	enum status st = cert_validity(f, c, &text);
	struct result *r;

	r = emit(em, st, target, "the TLS certificate %s of %s is %s%s", label, b->endpoint, text,
		 st == ST_FAIL ? ": devices refuse the TLS connection" : "");
	ev_binding(r, f, b);
	ev_place(r, f, p);
	free(text);
	free(label);
}

void check_tls_cert_validity(const struct facts *f, struct emitter *em)
{
	each_binding(f, em, judge_validity);
}

static void judge_server_auth(const struct facts *f, struct emitter *em,
			      const struct ssl_binding *b, const char *target,
			      const struct cert_place *p)
{
	const struct cert *c = &f->certs.certs[p->cert];
	char *label = cert_label(c), *sans = san_text(c), *eku = place_eku_text(p);
	int eku_ok = place_has_eku(p, OID_EKU_SERVER_AUTH);
	int name_ok = f->fqdn != NULL && cert_names_host(c, f->fqdn, 1);
	struct result *r;

	if (eku_ok && name_ok)
		r = emit(em, ST_PASS, target, "the TLS certificate %s of %s allows Server "
			 "Authentication and names the server %s (CN %s; SAN names: %s)", label,
			 b->endpoint, f->fqdn, c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	else if (eku_ok && f->fqdn == NULL)
		r = emit(em, ST_NE, target, "not evaluated: the TLS certificate %s allows Server "
			 "Authentication, but the server's FQDN is not known (give it with --fqdn); "
			 "CN %s; SAN names: %s", label, c->subject_cn != NULL ? c->subject_cn : "(none)",
			 sans);
	else if (!eku_ok && (name_ok || f->fqdn == NULL))
		r = emit(em, ST_FAIL, target, "the TLS certificate %s of %s does not allow Server "
			 "Authentication (its usages: %s)", label, b->endpoint, eku);
	else if (eku_ok)
		r = emit(em, ST_FAIL, target, "the TLS certificate %s of %s does not name the server "
			 "%s: CN %s; SAN names: %s (devices reject the name; an external name is needed "
			 "too when the server is published without an application proxy)", label,
			 b->endpoint, f->fqdn, c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	else
		r = emit(em, ST_FAIL, target, "the TLS certificate %s of %s neither allows Server "
			 "Authentication (its usages: %s) nor names the server %s (CN %s; SAN names: "
			 "%s)", label, b->endpoint, eku, f->fqdn,
			 c->subject_cn != NULL ? c->subject_cn : "(none)", sans);
	ev_binding(r, f, b);
	ev_place(r, f, p);
	ev_fqdn(r, f);
	free(label);
	free(sans);
	free(eku);
}

void check_tls_cert_server_auth(const struct facts *f, struct emitter *em)
{
	each_binding(f, em, judge_server_auth);
}
