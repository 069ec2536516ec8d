/* Error reports and allocation helpers. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/err.h"

void nerr_clear(struct nerr *e)
{
	if (e == NULL)
		return;
	e->msg[0] = '\0';
	e->detail[0] = '\0';
}

void nerr_set(struct nerr *e, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

void nerr_prefix(struct nerr *e, const char *fmt, ...)
{
	char buf[sizeof(e->msg)];
	size_t n, rest;
	va_list ap;
	int w;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = w < 0 ? 0 : (size_t)w < sizeof(buf) ? (size_t)w : sizeof(buf) - 1;
	if (n + 2 < sizeof(buf)) {
		buf[n++] = ':';
		buf[n++] = ' ';
		rest = strlen(e->msg);
		if (rest > sizeof(buf) - 1 - n)
			rest = sizeof(buf) - 1 - n;
		memcpy(buf + n, e->msg, rest);
		n += rest;
	}
	buf[n] = '\0';
	memcpy(e->msg, buf, n + 1);
}

void nerr_set_detail(struct nerr *e, const char *detail)
{
	if (e == NULL)
		return;
	snprintf(e->detail, sizeof(e->detail), "%s", detail != NULL ? detail : "");
}

static void oom(void)
{
	fputs("ndes-audit: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n != 0 ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n != 0 ? n : 1, size != 0 ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n != 0 ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
