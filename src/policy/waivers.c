/* Waivers: an accepted risk, written down with a justification and an end
 * date, that turns a matching fail/warn into `waived` without switching the
 * check off. The file format is documented in ndes-audit-waivers(5):
 *
 *     [waiver]
 *     check = httpsys.tls_binding
 *     target = port 443
 *     justification = the image binds its certificate at first boot
 *     expires = 2026-09-30
 *     approved-by = PKI team
 *     ticket = CHG-1234
 *
 * A malformed file is a usage error naming the file and the line. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"

/* A pattern may not be longer than a line anyway; a target longer than this
 * is matched on its first TARGET_MAX bytes only (targets are short names). */
#define TARGET_MAX 4096

enum wkey { K_CHECK, K_TARGET, K_JUSTIFICATION, K_EXPIRES, K_APPROVED_BY, K_TICKET, K__COUNT };
static const char *const key_names[K__COUNT] = {
	"check", "target", "justification", "expires", "approved-by", "ticket",
};

/* ---- Patterns: * any run of characters, ? one character, [...] a set
 * ([!...] or [^...] its complement, a-z ranges). Characters are UTF-8 code
 * points, compared ASCII case-insensitively as Windows compares names; a
 * backslash is an ordinary character (targets are registry paths). The
 * matcher backtracks only to the last '*', so it is O(len(pattern) *
 * len(target)) whatever the input: no pattern can make it hang. */

/* Decode one code point at s (n bytes left); invalid bytes decode as
 * themselves + 0x110000 so that they match only themselves. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, c = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, c = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, c = s[0] & 0x07;
	else
		goto bad;
	if (len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0x110000u + s[0];
	return 1;
}

static uint32_t fold(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* A bracket expression at p (just after '['). Returns its length up to and
 * including ']', or 0 when it has no closing ']'. *hit: whether c is in it. */
static size_t bracket(const unsigned char *p, size_t n, uint32_t c, int *hit)
{
	size_t i = 0;
	int negate = 0, in = 0, first = 1;

	if (i < n && (p[i] == '!' || p[i] == '^')) {
		negate = 1;
		i++;
	}
	c = fold(c);
	while (i < n) {
		uint32_t lo, hi;

		if (p[i] == ']' && !first) {
			*hit = in != negate;
			return i + 1;
		}
		first = 0;
		i += decode(p + i, n - i, &lo);
		hi = lo;
		if (i + 1 < n && p[i] == '-' && p[i + 1] != ']')
			i += 1 + decode(p + i + 1, n - i - 1, &hi);
		if ((c >= fold(lo) && c <= fold(hi)) || (c >= lo && c <= hi))
			in = 1;
	}
	return 0;
}

/* 1 when the whole target matches the whole pattern. */
static int glob_match(const char *pattern, const char *target)
{
	const unsigned char *p = (const unsigned char *)pattern;
	const unsigned char *t = (const unsigned char *)target;
	size_t pn = strlen(pattern), tn = strnlen(target, TARGET_MAX);
	size_t pi = 0, ti = 0, star_p = (size_t)-1, star_t = 0;

	while (ti < tn) {
		if (pi < pn && p[pi] == '*') {
			star_p = ++pi;
			star_t = ti;
			continue;
		}
		if (pi < pn) {
			uint32_t tc, pc;
			size_t tl = decode(t + ti, tn - ti, &tc), pl;
			int ok = 0;

			if (p[pi] == '?') {
				pl = 1;
				ok = 1;
			} else if (p[pi] == '[' && (pl = bracket(p + pi + 1, pn - pi - 1, tc, &ok)) > 0) {
				pl += 1;
			} else {
				pl = decode(p + pi, pn - pi, &pc);
				ok = fold(pc) == fold(tc);
			}
			if (ok) {
				pi += pl;
				ti += tl;
				continue;
			}
		}
		if (star_p == (size_t)-1)
			return 0;
		/* Let the last '*' swallow one more character and retry. */
		pi = star_p;
		star_t += decode(t + star_t, tn - star_t, &(uint32_t){0});
		ti = star_t;
	}
	while (pi < pn && p[pi] == '*')
		pi++;
	return pi == pn;
}

/* 1 when every '[' in the pattern opens a set that is closed. */
static int pattern_ok(const char *pattern)
{
	const unsigned char *p = (const unsigned char *)pattern;
	size_t n = strlen(pattern), i;
	int dummy;

	for (i = 0; i < n; i++) {
		if (p[i] == '[') {
			size_t len = bracket(p + i + 1, n - i - 1, 0, &dummy);

			if (len == 0)
				return 0;
			i += len;
		}
	}
	return 1;
}

/* ---- The file. */

static int bad_line(struct nerr *e, const char *path, unsigned line, const char *fmt, ...)
	NA_PRINTF(4, 5);

static int bad_line(struct nerr *e, const char *path, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	nerr_set(e, "%s:%u: %s", path, line, msg);
	return -1;
}

/* Is the line clean UTF-8 text without control characters (tab allowed)? */
static const char *line_problem(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t l;

		if (s[i] == '\0')
			return "a NUL byte";
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F)
			return "a control character";
		l = decode(s + i, n - i, &c);
		if (c >= 0x110000u)
			return "bytes that are not UTF-8";
		i += l;
	}
	return NULL;
}

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* A waiver being read: which keys it has and on which line. */
struct pending {
	int open;
	unsigned line;
	unsigned key_line[K__COUNT];
	struct waiver w;
};

static void waiver_free(struct waiver *w)
{
	free(w->check);
	free(w->target);
	free(w->justification);
	free(w->approved_by);
	free(w->ticket);
	memset(w, 0, sizeof(*w));
}

static int finish(struct waiver_set *ws, struct pending *pw, const char *path, struct nerr *e)
{
	static const enum wkey required[] = {K_CHECK, K_JUSTIFICATION, K_EXPIRES};
	size_t i;

	if (!pw->open)
		return 0;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (pw->key_line[required[i]] == 0)
			return bad_line(e, path, pw->line, "this waiver has no '%s' (required: "
				        "check, justification, expires)", key_names[required[i]]);
	if (ws->n >= WAIVERS_MAX)
		return bad_line(e, path, pw->line, "more than %d waivers in one file", WAIVERS_MAX);
	pw->w.line = pw->line;
	ws->v = xreallocarray(ws->v, ws->n + 1, sizeof(*ws->v));
	ws->v[ws->n++] = pw->w;
	memset(pw, 0, sizeof(*pw));
	return 0;
}

static int set_key(struct pending *pw, enum wkey k, char *value, const char *path,
		   unsigned line, struct nerr *e)
{
	int64_t t;
	char *shown;
	int rc = 0;

	if (pw->key_line[k] != 0)
		return bad_line(e, path, line, "'%s' is given twice in one waiver (first on line %u)",
				key_names[k], pw->key_line[k]);
	if (*value == '\0')
		return bad_line(e, path, line, "'%s' has no value", key_names[k]);
	pw->key_line[k] = line;
	shown = printable(value);
	switch (k) {
	case K_CHECK:
		if (check_find(value) == NULL)
			rc = bad_line(e, path, line, "no check '%.80s' (see ndes-audit --list-checks)",
				      shown);
		else
			pw->w.check = xstrdup(value);
		break;
	case K_TARGET:
		if (!pattern_ok(value))
			rc = bad_line(e, path, line, "target pattern '%.80s' has a '[' without its ']'",
				      shown);
		else
			pw->w.target = xstrdup(value);
		break;
	case K_JUSTIFICATION:
		pw->w.justification = xstrdup(value);
		break;
	case K_EXPIRES:
		if (strlen(value) != 10 || strcmp(value, "now") == 0 ||
		    time_parse_as_of(value, 0, &t) != 0) {
			rc = bad_line(e, path, line, "expires wants a date YYYY-MM-DD (UTC, the last "
				      "day the waiver applies), not '%.40s'", shown);
		} else {
			memcpy(pw->w.expires, value, 11);
			pw->w.until = t + 86399;
		}
		break;
	case K_APPROVED_BY:
		pw->w.approved_by = xstrdup(value);
		break;
	case K_TICKET:
		pw->w.ticket = xstrdup(value);
		break;
	default:
		break;
	}
	free(shown);
	return rc;
}

int waivers_parse(struct waiver_set *ws, const char *path, const char *text, size_t len,
		  struct nerr *e)
{
	struct pending pw;
	size_t pos = 0;
	unsigned line = 0;
	int rc = -1;

	memset(ws, 0, sizeof(*ws));
	memset(&pw, 0, sizeof(pw));
	ws->path = xstrdup(path);
	if (len > (size_t)WAIVERS_MAX_FILE) {
		nerr_set(e, "%s: %zu bytes; a waivers file may have at most %ld", path, len,
			 WAIVERS_MAX_FILE);
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl != NULL ? (size_t)(nl - text) : len, n = end - pos;
		const char *problem;
		char *buf, *s, *eq;
		size_t k;
		int lrc = 0;

		line++;
		if (n > 0 && text[pos + n - 1] == '\r')
			n--;
		if (n > WAIVERS_MAX_LINE) {
			bad_line(e, path, line, "line longer than %d bytes", WAIVERS_MAX_LINE);
			goto out;
		}
		problem = line_problem((const unsigned char *)text + pos, n);
		if (problem != NULL) {
			bad_line(e, path, line, "the line holds %s", problem);
			goto out;
		}
		buf = xstrndup(text + pos, n);
		pos = nl != NULL ? end + 1 : len;
		s = trim(buf);
		if (*s == '\0' || *s == '#' || *s == ';') {
			/* blank or comment */
		} else if (*s == '[') {
			char *last = s + strlen(s) - 1, *name;

			if (*last != ']') {
				lrc = bad_line(e, path, line, "a section header ends with ']'");
			} else {
				*last = '\0';
				name = trim(s + 1);
				if (strcmp(name, "waiver") != 0) {
					char *shown = printable(name);

					lrc = bad_line(e, path, line, "unknown section [%.40s]; the only "
						       "section is [waiver]", shown);
					free(shown);
				} else if ((lrc = finish(ws, &pw, path, e)) == 0) {
					pw.open = 1;
					pw.line = line;
				}
			}
		} else if ((eq = strchr(s, '=')) == NULL) {
			lrc = bad_line(e, path, line, "expected '[waiver]', 'key = value', a comment "
				       "(#) or a blank line");
		} else {
			char *key, *value;

			*eq = '\0';
			key = trim(s);
			value = trim(eq + 1);
			for (k = 0; k < K__COUNT; k++)
				if (strcmp(key, key_names[k]) == 0)
					break;
			if (k == K__COUNT) {
				char *shown = printable(key);

				lrc = bad_line(e, path, line, "unknown key '%.40s' (the keys are check, "
					       "target, justification, expires, approved-by, ticket)",
					       shown);
				free(shown);
			} else if (!pw.open) {
				lrc = bad_line(e, path, line, "'%s' before the first [waiver] line",
					       key_names[k]);
			} else {
				lrc = set_key(&pw, (enum wkey)k, value, path, line, e);
			}
		}
		free(buf);
		if (lrc != 0)
			goto out;
	}
	rc = finish(ws, &pw, path, e);
out:
	waiver_free(&pw.w);
	if (rc != 0)
		waivers_free(ws);
	return rc;
}

int waivers_load(struct waiver_set *ws, const char *path, struct nerr *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(ws, 0, sizeof(*ws));
	rc = file_read_bounded(path, 0, WAIVERS_MAX_FILE, &buf, &len, e);
	if (rc == 0)
		nerr_set(e, "%s: %zu bytes; a waivers file may have at most %ld", path, len,
			 (long)WAIVERS_MAX_FILE);
	if (rc != 1)
		return -1;
	rc = waivers_parse(ws, path, (const char *)buf, len, e);
	free(buf);
	return rc;
}

static int matches(const struct waiver *w, const struct result *r)
{
	return strcmp(w->check, r->check->id) == 0 &&
	       (w->target == NULL || glob_match(w->target, r->target));
}

void waivers_apply(struct waiver_set *ws, struct result_list *l, int64_t as_of, int warn_days)
{
	size_t i, j;

	for (j = 0; j < ws->n; j++) {
		struct waiver *w = &ws->v[j];

		w->expired = as_of > w->until;
		w->expires_soon = !w->expired && w->until - as_of < (int64_t)warn_days * 86400;
		w->matched = 0;
	}
	for (i = 0; i < l->n; i++) {
		struct result *r = l->v[i];
		const struct waiver *in_force = NULL, *expired = NULL;

		if (r->status != ST_FAIL && r->status != ST_WARN)
			continue;
		for (j = 0; j < ws->n; j++) {
			struct waiver *w = &ws->v[j];

			if (!matches(w, r))
				continue;
			w->matched++;
			if (!w->expired && in_force == NULL)
				in_force = w;
			else if (w->expired && expired == NULL)
				expired = w;
		}
		if (in_force != NULL) {
			r->original_status = r->status;
			r->status = ST_WAIVED;
			r->waiver = in_force;
		} else {
			r->waiver = expired;
		}
	}
	result_list_sort(l);
}

enum waiver_state waiver_state(const struct waiver *w)
{
	if (w->expired)
		return WAIVER_EXPIRED;
	return w->matched > 0 ? WAIVER_APPLIED : WAIVER_UNUSED;
}

const char *waiver_state_name(enum waiver_state s)
{
	switch (s) {
	case WAIVER_APPLIED: return "applied";
	case WAIVER_EXPIRED: return "expired";
	default: return "unused";
	}
}

void waivers_free(struct waiver_set *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		waiver_free(&ws->v[i]);
	free(ws->v);
	free(ws->path);
	memset(ws, 0, sizeof(*ws));
}
