/* Error reports and the small helpers every layer shares. */
#ifndef NDES_AUDIT_ERR_H
#define NDES_AUDIT_ERR_H

#include <stddef.h>

/* An error carries a one-line message for the user (always naming the
 * artifact and where in it) and, separately, a library backtrace shown
 * only under --verbose. */
struct nerr {
	char msg[1024];
	char detail[2048];
};

#if defined(__GNUC__)
#define NA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define NA_PRINTF(a, b)
#endif

void nerr_clear(struct nerr *e);
void nerr_set(struct nerr *e, const char *fmt, ...) NA_PRINTF(2, 3);
/* Prepend "context: " to the message already set. */
void nerr_prefix(struct nerr *e, const char *fmt, ...) NA_PRINTF(2, 3);
void nerr_set_detail(struct nerr *e, const char *detail);

/* Allocation helpers: out of memory aborts here and nowhere else. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) NA_PRINTF(1, 2);

#endif
