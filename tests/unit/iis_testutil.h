/* Helpers for the IIS tests: scratch bundles made from the healthy
 * sample's applicationHost.config (as IIS writes it: UTF-8, CRLF) with
 * exact edits, plus web.config files and hives beside it. */
#ifndef NDES_AUDIT_IIS_TESTUTIL_H
#define NDES_AUDIT_IIS_TESTUTIL_H

#include "ndes-audit/iis.h"
#include "testutil.h"

#define HEALTHY_APPHOST "samples/healthy/inetsrv/config/applicationHost.config"
#define APPHOST_REL "inetsrv/config/applicationHost.config"

/* The healthy applicationHost.config with edits applied: edits is a
 * NULL-terminated list of (old, new) pairs; each old must occur exactly
 * once (in LF form; CRLF is restored on writing). Heap string, LF. */
char *iis_text(const char *const *edits);
/* A scratch bundle folder holding that file at APPHOST_REL. */
char *iis_stage(const char *const *edits);
/* Write text (LF, turned into CRLF) at dir/rel, making folders. */
void iis_put(const char *dir, const char *rel, const char *text);
/* Copy $top_srcdir/from to dir/rel. */
void iis_copy(const char *dir, const char *from, const char *rel);
/* Audit the folder; the audit owns and removes it. */
void iis_audit(struct audit *a, char *dir);
/* Audit the healthy config with these edits, nothing else in the bundle. */
void iis_audit_edits(struct audit *a, const char *const *edits);

/* 1 when any evidence of r has a location containing loc_part and (when
 * value is not NULL) exactly that value. */
int iis_has_ev(const struct result *r, const char *loc_part, const char *value);

#endif
