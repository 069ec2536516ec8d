/* Helpers shared by the certificate checks (trust, policymodule, ra, tls,
 * connector.cert): which connector generation applies, whether a store is
 * in the bundle, validity at the as-of time, evidence for a certificate. */
#ifndef NDES_AUDIT_CERTCOMMON_H
#define NDES_AUDIT_CERTCOMMON_H

#include "checks.h"

/* Which connector generation's checks apply (bits). */
#define VIEW_LEGACY 1u
#define VIEW_CURRENT 2u
/* Set when whether a generation is installed cannot be told from the
 * evidence (.reg exports that hold neither the Uninstall entries, the
 * connector keys nor its thumbprint): the checks of a generation whose bit
 * is not set say `ne`, not `na`. */
#define VIEW_UNKNOWN 4u

/* From the detected generation; when none or unknown, from what the
 * bundle shows (an NDESPolicy thumbprint means the legacy connector, an
 * EncryptionCertThumbprint the current one). *why (heap) says which. */
unsigned conn_view(const struct facts *f, char **why);

/* Is there any certificate source for the store? Emits `ne` or `error`
 * (target given) and returns 0 when the check cannot go on; else 1, with
 * *partial set when a source for the store could not be read. */
int store_preflight(const struct facts *f, struct emitter *em, const char *store,
		    const char *target, int *partial, char **partial_why);

/* "CN (THUMBPRINT)" or the subject when there is no CN; heap. */
char *cert_label(const struct cert *c);

/* Evidence: one certificate place; one registry value. */
void ev_place(struct result *r, const struct facts *f, const struct cert_place *p);
void ev_ref(struct result *r, const struct cert_ref *ref);
/* Where the FQDN came from (the SYSTEM hive's Tcpip key, or --fqdn). */
void ev_fqdn(struct result *r, const struct facts *f);

/* Validity at f->as_of: ST_PASS, ST_WARN (inside --warn-days) or ST_FAIL;
 * *text (heap) says why, e.g. "expired on 2026-03-01 (92 days before the
 * as-of time)". A pass text never depends on the as-of time. */
enum status cert_validity(const struct facts *f, const struct cert *c, char **text);

/* "2026-03-01" (or the full time when not midnight) into buf[32]. */
const char *day_text(int64_t t, char *buf);

/* DNS name match, case-insensitive; "*.example.com" matches one label. */
int dns_name_matches(const char *pattern, const char *fqdn);

/* Does the certificate name the host: a SAN dNSName, or the subject CN
 * when the certificate has no dNSName at all (cn_fallback) or always
 * (cn_always)? */
int cert_names_host(const struct cert *c, const char *fqdn, int cn_always);

/* "a, b, c" of the SAN dNSNames, or "(none)"; heap. */
char *san_text(const struct cert *c);

/* The registry-named certificate in MY: 1 found (*place set), 0 the value is
 * absent, empty, not a thumbprint or names no certificate in MY (*why
 * says which), -1 the value could not be read, -2 the .reg exports do not
 * hold it (*why says what they cover: the caller says `ne`). */
int resolve_ref(const struct facts *f, const struct cert_ref *ref, const struct cert_place **place,
		char **why);

/* The RA certificates in MY (Certificate Request Agent EKU), as places;
 * heap array, count returned. */
size_t ra_places(const struct facts *f, const struct cert_place ***out);
int ra_signs(const struct cert *c);
int ra_encrypts(const struct cert *c);

/* One certificate NDES uses, with its role. */
struct ndes_cert {
	const char *role;        /* "policy module", "RA signing", "TLS (0.0.0.0:443)"... */
	char *role_owned;
	const struct cert_place *place;
};
/* Every certificate NDES uses that the bundle holds: the policy module and
 * connector certificates (by their registry thumbprints, for the
 * generation that applies), the RA certificates, and the HTTP.sys 443
 * certificates. Heap array. */
size_t ndes_certs(const struct facts *f, struct ndes_cert **out);
void ndes_certs_free(struct ndes_cert *v, size_t n);

#endif
