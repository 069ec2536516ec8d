/* What the W3C-format readers (IIS logs, HTTPERR) share: the #Fields:
 * column binding, the splitting of a record, times, status buckets,
 * user-agent kinds and evidence samples. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "logutil.h"
#include "ndes-audit/util.h"

static const char *const col_names[W3C_NCOL] = {
	"date", "time", "cs-uri-stem", "cs-uri-query", "sc-status", "sc-substatus",
	"sc-win32-status", "cs(User-Agent)", "s-sitename", "cs-method", "cs-uri", "s-reason",
	"s-queuename", "s-siteid",
};

void w3c_bind(const char *list, size_t n, struct w3c_layout *L)
{
	size_t i = 0, idx = 0;
	int c;

	for (c = 0; c < W3C_NCOL; c++)
		L->col[c] = -1;
	memset(L->which, -1, sizeof(L->which));
	L->maxcol = -1;
	while (i < n) {
		size_t start, len;

		while (i < n && (list[i] == ' ' || list[i] == '\t'))
			i++;
		if (i >= n)
			break;
		start = i;
		while (i < n && list[i] != ' ' && list[i] != '\t')
			i++;
		len = i - start;
		for (c = 0; c < W3C_NCOL; c++) {
			if (L->col[c] < 0 && strlen(col_names[c]) == len &&
			    ascii_ncasecmp(list + start, col_names[c], len) == 0) {
				/* Columns past this bound are never looked at. */
				if (idx < W3C_MAX_COLUMN) {
					L->col[c] = (int)idx;
					L->which[idx] = (signed char)c;
					if ((int)idx > L->maxcol)
						L->maxcol = (int)idx;
				}
				break;
			}
		}
		idx++;
	}
	L->nfields = idx;
	L->bound = 1;
}

/* Where the first max spaces of [p, end) are, into pos; how many. SSE2
 * compares 16 bytes at a time (every x86-64 has it), never reading past
 * end; the tail and other machines go byte by byte. */
static size_t find_spaces(const char *p, const char *end, const char **pos, size_t max)
{
	size_t n = 0;

#ifdef __SSE2__
	const __m128i sp = _mm_set1_epi8(' ');

	while (end - p >= 16 && n < max) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, sp));

		while (m != 0 && n < max) {
			pos[n++] = p + __builtin_ctz(m);
			m &= m - 1;
		}
		p += 16;
	}
#endif
	for (; p < end && n < max; p++)
		if (*p == ' ')
			pos[n++] = p;
	return n;
}

int w3c_split(const char *line, size_t len, const struct w3c_layout *L, int upto,
	      struct w3c_value v[W3C_NCOL])
{
	const char *end = line + len, *pos[W3C_MAX_COLUMN + 1];
	size_t n;
	int k, c;

	if (upto > L->maxcol)
		upto = L->maxcol;
	for (c = 0; c < W3C_NCOL; c++) {
		v[c].s = NULL;
		v[c].n = 0;
	}
	if (upto < 0)
		return 0;
	/* Field k ends at space k; the last one wanted at the line's end when
	 * there are no more spaces. */
	n = find_spaces(line, end, pos, (size_t)upto + 1);
	for (k = 0; k <= upto && (size_t)k <= n; k++) {
		c = L->which[k];
		if (c >= 0) {
			const char *s = k == 0 ? line : pos[k - 1] + 1;

			v[c].s = s;
			v[c].n = (size_t)(((size_t)k < n ? pos[k] : end) - s);
		}
	}
	return k;
}

/* "HH:MM:SS" (and more: fractions are ignored) in seconds, -1 if not. */
int w3c_hms(const char *tm, size_t tn, int64_t *out)
{
	size_t i;
	unsigned h, mi, s;

	if (tn < 8 || tm[2] != ':' || tm[5] != ':')
		return -1;
	for (i = 0; i < 8; i++)
		if (i != 2 && i != 5 && (tm[i] < '0' || tm[i] > '9'))
			return -1;
	h = (unsigned)((tm[0] - '0') * 10 + (tm[1] - '0'));
	mi = (unsigned)((tm[3] - '0') * 10 + (tm[4] - '0'));
	s = (unsigned)((tm[6] - '0') * 10 + (tm[7] - '0'));
	if (h > 23 || mi > 59 || s > 60)
		return -1;
	*out = h * 3600 + mi * 60 + s;
	return 0;
}

int w3c_time(const char *date, size_t dn, const char *tm, size_t tn, int64_t *out)
{
	unsigned y, mo, d;
	int64_t hms;
	size_t i;

	if (dn != 10 || date[4] != '-' || date[7] != '-' || w3c_hms(tm, tn, &hms) != 0)
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
			return -1;
	y = (unsigned)((date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
		       (date[3] - '0'));
	mo = (unsigned)((date[5] - '0') * 10 + (date[6] - '0'));
	d = (unsigned)((date[8] - '0') * 10 + (date[9] - '0'));
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + hms;
	return 0;
}

/* A number from a log field: -1 when "-", empty or not a number. */
int64_t w3c_number(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (s == NULL || n == 0 || n > 18)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static const char *const op_names[OP__COUNT] = {"GetCACaps", "GetCACert", "PKIOperation",
						"other operation", "no operation"};

const char *scep_op_name(enum scep_op op)
{
	return (unsigned)op < OP__COUNT ? op_names[op] : "?";
}

static const char *const ua_names[UA__COUNT] = {
	"NDES client (Windows)", "Android", "Apple (iOS/macOS)", "Java/jscep",
	"web browser", "other client", "no user agent",
};

const char *ua_kind_name(enum ua_kind k)
{
	return (unsigned)k < UA__COUNT ? ua_names[k] : "?";
}

enum ua_kind ua_classify(const char *ua, size_t n)
{
	if (ua == NULL || n == 0 || (n == 1 && ua[0] == '-'))
		return UA_NONE;
	if (ascii_memcasestr(ua, n, "NDES+client") || ascii_memcasestr(ua, n, "NDES client"))
		return UA_NDES_CLIENT;
	if (ascii_memcasestr(ua, n, "Dalvik") || ascii_memcasestr(ua, n, "Android"))
		return UA_ANDROID;
	if (ascii_memcasestr(ua, n, "CFNetwork") || ascii_memcasestr(ua, n, "Darwin") ||
	    ascii_memcasestr(ua, n, "profiled"))
		return UA_APPLE;
	if (ascii_memcasestr(ua, n, "jscep") || ascii_memcasestr(ua, n, "Java"))
		return UA_JAVA;
	if (ascii_memcasestr(ua, n, "Mozilla/5.0"))
		return UA_BROWSER;
	return UA_OTHER;
}

enum scep_op scep_operation(const char *q, size_t n)
{
	static const char key[] = "operation=";
	size_t i, k = sizeof(key) - 1;

	if (q == NULL)
		return OP_NONE;
	for (i = 0; i + k <= n; i++) {
		const char *v;
		size_t vn = 0;

		if ((i != 0 && q[i - 1] != '&') || ascii_ncasecmp(q + i, key, k) != 0)
			continue;
		v = q + i + k;
		while (i + k + vn < n && v[vn] != '&')
			vn++;
		if (vn == 9 && ascii_ncasecmp(v, "GetCACaps", 9) == 0)
			return OP_GETCACAPS;
		if (vn == 9 && ascii_ncasecmp(v, "GetCACert", 9) == 0)
			return OP_GETCACERT;
		if (vn == 12 && ascii_ncasecmp(v, "PKIOperation", 12) == 0)
			return OP_PKIOPERATION;
		return OP_OTHER;
	}
	return OP_NONE;
}

void log_sample(char *dst, const char *line, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o < LOG_SAMPLE_MAX; i++) {
		unsigned char ch = (unsigned char)line[i];

		dst[o++] = (char)(ch < 0x20 || ch == 0x7f || ch >= 0x80 ? '?' : ch);
	}
	if (i < n && o >= 3) {
		dst[o - 3] = dst[o - 2] = dst[o - 1] = '.';
	}
	dst[o] = '\0';
}

struct status_bucket *bucket_find(struct bucket_set *s, const struct http_status *st)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct http_status *b = &s->v[i].st;

		if (b->status == st->status && b->sub == st->sub && b->win32 == st->win32)
			return &s->v[i];
	}
	if (s->n >= LOG_MAX_BUCKETS)
		return NULL;
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].st = *st;
	return &s->v[s->n++];
}

void http_status_text(const struct http_status *st, char *buf, size_t size)
{
	char a[16], b[16], c[24];

	snprintf(a, sizeof(a), st->status >= 0 ? "%d" : "-", st->status);
	snprintf(b, sizeof(b), st->sub >= 0 ? "%d" : "-", st->sub);
	if (st->win32 >= 0)
		snprintf(c, sizeof(c), "%lld", (long long)st->win32);
	else
		snprintf(c, sizeof(c), "-");
	snprintf(buf, size, "%s %s %s", a, b, c);
}

void bucket_add(struct status_bucket *b, enum scep_op op, enum ua_kind ua, int has_t, int64_t t,
		const char *artifact, uint64_t line, const char *text, size_t n)
{
	if (b->count == 0) {
		b->first.artifact = artifact;
		b->first.line = line;
		log_sample(b->sample, text, n);
	}
	b->count++;
	b->by_op[op]++;
	b->by_ua[ua]++;
	b->last.artifact = artifact;
	b->last.line = line;
	if (has_t) {
		if (!b->has_time || t < b->first_t)
			b->first_t = t;
		if (!b->has_time || t > b->last_t)
			b->last_t = t;
		if (t > b->last_op_t[op])
			b->last_op_t[op] = t;
		b->has_time = 1;
	}
}

/* The site id in a folder name W3SVC<N> along the path (the nearest one). */
long w3c_site_from_path(const char *path)
{
	const char *p = path, *best = NULL;

	while ((p = strchr(p, '/')) != NULL) {
		p++;
		if (ascii_ncasecmp(p, "W3SVC", 5) == 0 && p[5] >= '0' && p[5] <= '9')
			best = p + 5;
	}
	if (ascii_ncasecmp(path, "W3SVC", 5) == 0 && path[5] >= '0' && path[5] <= '9' && best == NULL)
		best = path + 5;
	if (best != NULL) {
		long v = 0;
		int digits = 0;

		while (*best >= '0' && *best <= '9' && digits < 9) {
			v = v * 10 + (*best - '0');
			best++;
			digits++;
		}
		if (*best == '/' || *best == '\0')
			return v;
	}
	return -1;
}

long w3c_site_from_name(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n < 6 || n > 14 || ascii_ncasecmp(s, "W3SVC", 5) != 0)
		return -1;
	for (i = 5; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int head_has_line(const unsigned char *h, size_t n, const char *prefix)
{
	size_t m = strlen(prefix), i = 0;

	while (i < n) {
		const unsigned char *nl = memchr(h + i, '\n', n - i);
		size_t end = nl != NULL ? (size_t)(nl - h) : n;

		if (end - i >= m && ascii_ncasecmp((const char *)h + i, prefix, m) == 0)
			return 1;
		i = end + 1;
	}
	return 0;
}

void head_skip_utf8_bom(const unsigned char **h, size_t *n)
{
	if (*n >= 3 && (*h)[0] == 0xEF && (*h)[1] == 0xBB && (*h)[2] == 0xBF) {
		*h += 3;
		*n -= 3;
	}
}

/* The day of t (floor division: times before 1970 too). */
static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

int log_day_add(struct log_day *v, size_t *n, size_t max, int64_t t, int status, uint64_t count)
{
	int64_t day = day_of(t);
	int cls = status >= 100 && status <= 599 ? status / 100 : 0;
	size_t i;

	/* Logs run forward in time: the last day is nearly always the one. */
	if (*n > 0 && v[*n - 1].day == day) {
		v[*n - 1].by_class[cls] += count;
		return 0;
	}
	for (i = 0; i < *n && v[i].day < day; i++)
		;
	if (i < *n && v[i].day == day) {
		v[i].by_class[cls] += count;
		return 0;
	}
	if (*n >= max)
		return -1;
	memmove(&v[i + 1], &v[i], (*n - i) * sizeof(*v));
	memset(&v[i], 0, sizeof(*v));
	v[i].day = day;
	v[i].by_class[cls] = count;
	(*n)++;
	return 0;
}
