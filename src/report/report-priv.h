/* Helpers the reporters share. Private to src/report. */
#ifndef NDES_AUDIT_REPORT_PRIV_H
#define NDES_AUDIT_REPORT_PRIV_H

#include <jansson.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/report.h"
#include "ndes-audit/result.h"

struct waiver;

/* A JSON string from any bytes (invalid UTF-8 shown as \xNN); NULL -> null. */
json_t *json_text(const char *s);
/* "YYYY-MM-DDThh:mm:ssZ", or null when !valid. */
json_t *json_time(int64_t t, int valid);
/* The waiver object of the JSON report (also used in SARIF properties). */
json_t *json_waiver(const struct waiver *w, const char *file);

/* The artifact with this path (the manifest is sorted by path), or NULL. */
const struct artifact *bundle_find(const struct bundle *b, const char *path);
/* The line an evidence points at: its line field, else a "line N" in the
 * location of a text artifact (never of a hive); 0 when none. */
long evidence_line(const struct evidence *ev, const struct bundle *b);
/* A path as a URI reference: bytes other than A-Z a-z 0-9 - . _ ~ / are
 * percent-encoded. Heap string. */
char *uri_encode_path(const char *path);

#endif
