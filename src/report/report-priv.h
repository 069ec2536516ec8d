/* Helpers the reporters share. Private to src/report. */
#ifndef NDES_AUDIT_REPORT_PRIV_H
#define NDES_AUDIT_REPORT_PRIV_H

#include <jansson.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/report.h"
#include "ndes-audit/result.h"
#include "ndes-audit/util.h"

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

/* The order a person reads results in (text and HTML reports): fail,
 * error, warn, waived, ne, na, pass; then severity, most severe first;
 * then check ID and target. A qsort comparator of const struct result *. */
int report_status_rank(enum status s);
int report_cmp_results(const void *a, const void *b);
/* Listed in full rather than folded: fail, warn, error, waived. */
int report_is_finding(enum status s);
/* "justification (expires D, approved by X, ticket Y; FILE line N)", each
 * string from the waivers file written by put (the format's escaping). */
void report_put_waiver(FILE *out, const struct waiver *w, const char *file,
		       void (*put)(FILE *, const char *));

/* The gate's decision in words, as every report words it: "passed",
 * "report only", "FAILED", "incomplete: some input could not be read" or
 * "error", from the exit code the gate chose (never decided again). */
const char *report_verdict_text(int exit_code, int report_only);

/* HTML pages (html_common.c): shared by the HTML report and any other page
 * (a summary of several servers) so that they escape and look alike. */

/* s as HTML text or attribute value (heap string): first what text_escape
 * hides (bytes that are not UTF-8, C0/C1 and bidi controls) becomes \xNN,
 * tab/LF/CR as ws says; then & < > " ' become character references.
 * NULL reads as "". */
char *html_escape(const char *s, enum text_ws ws);
/* html_escape(s, TEXT_WS_ESCAPE) written to out. */
void html_put(FILE *out, const char *s);
/* The same with tab/LF/CR treated as ws says (TEXT_WS_KEEP in a <pre>). */
void html_put_ws(FILE *out, const char *s, enum text_ws ws);
/* 1 when url may stand in an href: http:// or https:// with a host, and
 * only printable ASCII without quotes, angle brackets, backquote or
 * backslash. Anything else (javascript:, data:, file:) is 0. */
int html_url_safe(const char *url);
/* <a href="url">text</a> (text NULL: the url) when html_url_safe, else the
 * text alone, escaped. */
void html_link(FILE *out, const char *url, const char *text);
/* From <!DOCTYPE html> to <main>: the title (escaped) and the shared
 * inline CSS, screen and print. */
void html_page_begin(FILE *out, const char *title);
/* The footer naming the tool version, then </main></body></html>. */
void html_page_end(FILE *out, const char *tool_version);
/* The CSS class of a status: "st-fail", "st-warn"... */
const char *html_status_class(enum status s);
/* <span class="verdict v-...">WORDS (exit N)</span> for a gate decision. */
void html_verdict(FILE *out, int exit_code, int report_only);

#endif
