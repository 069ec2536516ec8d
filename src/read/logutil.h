/* Private to the log readers in src/read/: the W3C column binding and the
 * helpers the IIS and HTTPERR readers share. */
#ifndef NDES_AUDIT_LOGUTIL_H
#define NDES_AUDIT_LOGUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/logs.h"

/* The columns the readers look at. */
enum {
	C_DATE, C_TIME, C_STEM, C_QUERY, C_STATUS, C_SUB, C_WIN32, C_UA, C_SITENAME, C_METHOD,
	C_URI, C_REASON, C_QUEUE, C_SITEID, W3C_NCOL
};
/* A column past this index is never bound (a #Fields: line may name
 * thousands of fields; only the first W3C_MAX_COLUMN can be used). */
#define W3C_MAX_COLUMN 256

struct w3c_layout {
	int bound;                      /* a #Fields: line has been seen */
	int col[W3C_NCOL];              /* column index of each, -1 = absent */
	signed char which[W3C_MAX_COLUMN]; /* column index -> C_*, -1 = not wanted */
	int maxcol;                     /* highest bound column */
	size_t nfields;                 /* how many fields the line named */
};

struct w3c_value {
	const char *s;
	size_t n;
};

/* Bind the columns named by the text after "#Fields:". */
void w3c_bind(const char *list, size_t n, struct w3c_layout *L);
/* Split a record up to column UPTO (inclusive; capped at the highest bound
 * column). Returns the number of columns found (less than UPTO + 1 when the
 * line is short). */
int w3c_split(const char *line, size_t len, const struct w3c_layout *L, int upto,
	      struct w3c_value v[W3C_NCOL]);

/* "HH:MM:SS" in seconds since midnight: 0, or -1 when not a time. */
int w3c_hms(const char *tm, size_t tn, int64_t *out);
int64_t w3c_number(const char *s, size_t n);
enum scep_op scep_operation(const char *q, size_t n);
void bucket_add(struct status_bucket *b, enum scep_op op, enum ua_kind ua, int has_t, int64_t t,
		const char *artifact, uint64_t line, const char *text, size_t n);
long w3c_site_from_path(const char *path);
long w3c_site_from_name(const char *s, size_t n);
/* Does a line of the head start with prefix (ASCII case-insensitive)?
 * For the sniffers: any line counts (a file may start with a stray
 * record). */
int head_has_line(const unsigned char *h, size_t n, const char *prefix);
/* Skip a UTF-8 byte order mark. */
void head_skip_utf8_bom(const unsigned char **h, size_t *n);

#endif
