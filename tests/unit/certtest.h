/* Helpers for the certificate tests: scratch bundles made of fixture files,
 * an audit at a chosen time with certificate options, and result lookups
 * by part of their target. */
#ifndef NDES_AUDIT_CERTTEST_H
#define NDES_AUDIT_CERTTEST_H

#include "read/certread.h"
#include "testutil.h"

/* A scratch folder holding the fixture files: pairs of ($top_srcdir-relative
 * source, destination relative to the folder), NULL-terminated. */
char *cert_bundle(const char *const *pairs);

/* A scratch bundle from pairs (see cert_bundle) audited as of 2026-06-01;
 * returns the bundle folder for cert_audit_done. */
char *cert_audit_pairs(struct audit *a, const char *const *pairs);
/* Free the audit, then remove and free the scratch folder (NULL: none). */
void cert_audit_done(struct audit *a, char *dir);
/* cert_audit on the sample bundle samples/NAME. */
void cert_audit_sample(struct audit *a, const char *name, int64_t as_of);
/* Audit a folder as main() does, at as_of, with --fqdn and certificate
 * options (both may be NULL). */
void cert_audit(struct audit *a, const char *dir, int64_t as_of, const char *fqdn,
		const struct certread_options *co);

/* The result of check id whose target contains part (fails when none). */
const struct result *result_with(const struct audit *a, const char *id, const char *part);
/* The thumbprint of a certificate of the test PKI, from its manifest. */
const char *pki_sha1(const char *name, char out[41]);

#define AS_OF_2026_06_01 1780272000LL

#endif
