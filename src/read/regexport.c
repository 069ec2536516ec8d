/* .reg text exports: a streaming decoder (UTF-16LE, UTF-8, ANSI) that
 * yields physical lines of bounded length, a line parser for the regedit
 * syntax, and the model the lookups run on.
 *
 * Bad input is normal input here. Every length, count and depth that comes
 * from the file is bounded (regexport.h); a broken structure (no header,
 * invalid UTF-16, a value before any key, a key path deeper than the
 * registry allows) refuses the file with an error naming the line; broken
 * data in one value makes that value unreadable and leaves the rest usable. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/regexport.h"
#include "ndes-audit/regval.h"
#include "ndes-audit/util.h"

#define RX_SECTION 1u /* has a [KEY] section: its subtree is in the file */
#define RX_WIPED 2u   /* named by [-KEY]: its subtree is known not to exist */
#define RX_GONE 4u    /* deleted (by itself or an ancestor) and not created again */
#define RX_VIRTUAL 8u /* only on the path to a deleted key: not known to exist */

struct regx_key {
	char *name;
	struct regx_key *parent;
	struct regx_key **sub;
	size_t nsub, capsub;
	struct regx_value *val;
	size_t nval, capval;
	unsigned line;
	unsigned flags;
};

struct slot {
	const struct regx_key *parent;
	struct regx_key *child;
};

/* root[REGX__COUNT] holds keys written without a root ("[\Key]", as
 * hivexregedit writes them without --prefix) until the file is classified. */
#define ROOTLESS REGX__COUNT

struct regexport {
	char *path;
	const char *format;
	int v4;
	struct regx_key *root[REGX__COUNT + 1];
	struct regx_key **nodes;
	size_t nnodes, capnodes;
	struct slot *tab;
	size_t tabcap, tabn;
	size_t nvalues, databytes;
	char *warn[REGX_MAX_WARNINGS];
	size_t nwarn, dropped;
	unsigned bad_lines;
};

/* ------------------------------------------------------------------ model */

static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static uint64_t hash_of(const struct regx_key *parent, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	uintptr_t p = (uintptr_t)parent;
	size_t i;

	for (i = 0; i < sizeof(p); i++) {
		h ^= (p >> (8 * i)) & 0xffu;
		h *= 1099511628211ull;
	}
	for (i = 0; i < n; i++) {
		h ^= (unsigned)fold((unsigned char)name[i]);
		h *= 1099511628211ull;
	}
	return h;
}

static int name_eq(const char *a, const char *b, size_t n)
{
	return strlen(a) == n && ascii_ncasecmp(a, b, n) == 0;
}

static struct regx_key *find_child(const struct regexport *x, const struct regx_key *parent,
				   const char *name, size_t n)
{
	size_t i;

	if (x->tabcap == 0)
		return NULL;
	i = (size_t)hash_of(parent, name, n) & (x->tabcap - 1);
	for (; x->tab[i].child != NULL; i = (i + 1) & (x->tabcap - 1))
		if (x->tab[i].parent == parent && name_eq(x->tab[i].child->name, name, n))
			return x->tab[i].child;
	return NULL;
}

static void tab_put(struct regexport *x, struct regx_key *child)
{
	size_t i;

	if ((x->tabn + 1) * 10 > x->tabcap * 7) {
		struct slot *old = x->tab;
		size_t oldcap = x->tabcap, j;

		x->tabcap = x->tabcap ? x->tabcap * 2 : 1024;
		x->tab = xcalloc(x->tabcap, sizeof(*x->tab));
		x->tabn = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j].child != NULL)
				tab_put(x, old[j].child);
		free(old);
	}
	i = (size_t)hash_of(child->parent, child->name, strlen(child->name)) & (x->tabcap - 1);
	while (x->tab[i].child != NULL)
		i = (i + 1) & (x->tabcap - 1);
	x->tab[i].parent = child->parent;
	x->tab[i].child = child;
	x->tabn++;
}

static struct regx_key *new_key(struct regexport *x, struct regx_key *parent, const char *name,
				size_t n)
{
	struct regx_key *k = xcalloc(1, sizeof(*k));

	k->name = xstrndup(name, n);
	k->parent = parent;
	if (x->nnodes == x->capnodes) {
		x->capnodes = x->capnodes ? x->capnodes * 2 : 256;
		x->nodes = xreallocarray(x->nodes, x->capnodes, sizeof(*x->nodes));
	}
	x->nodes[x->nnodes++] = k;
	if (parent != NULL) {
		if (parent->nsub == parent->capsub) {
			parent->capsub = parent->capsub ? parent->capsub * 2 : 4;
			parent->sub = xreallocarray(parent->sub, parent->capsub, sizeof(*parent->sub));
		}
		parent->sub[parent->nsub++] = k;
		tab_put(x, k);
	}
	return k;
}

static void value_clear(struct regx_value *v)
{
	free((void *)v->name);
	free((void *)v->data);
	free((void *)v->error);
	memset(v, 0, sizeof(*v));
}

static void key_clear_values(struct regexport *x, struct regx_key *k)
{
	size_t i;

	for (i = 0; i < k->nval; i++) {
		x->databytes -= k->val[i].size;
		value_clear(&k->val[i]);
	}
	x->nvalues -= k->nval;
	k->nval = 0;
}

/* [-KEY]: the key and everything below it no longer exist. */
static void mark_gone(struct regexport *x, struct regx_key *top)
{
	struct regx_key **stack = NULL;
	size_t n = 0, cap = 0, i;

	stack = xreallocarray(stack, cap = 16, sizeof(*stack));
	stack[n++] = top;
	while (n > 0) {
		struct regx_key *k = stack[--n];

		k->flags = (k->flags | RX_GONE) & ~(RX_SECTION | RX_VIRTUAL);
		key_clear_values(x, k);
		for (i = 0; i < k->nsub; i++) {
			if (n == cap)
				stack = xreallocarray(stack, cap *= 2, sizeof(*stack));
			stack[n++] = k->sub[i];
		}
	}
	free(stack);
}

static void add_warning(struct regexport *x, const char *fmt, ...) NA_PRINTF(2, 3);

static void add_warning(struct regexport *x, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (x->nwarn >= REGX_MAX_WARNINGS) {
		x->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x->warn[x->nwarn++] = xstrdup(buf);
}

void regexport_free(struct regexport *x)
{
	size_t i, j;

	if (x == NULL)
		return;
	for (i = 0; i < x->nnodes; i++) {
		struct regx_key *k = x->nodes[i];

		for (j = 0; j < k->nval; j++)
			value_clear(&k->val[j]);
		free(k->val);
		free(k->sub);
		free(k->name);
		free(k);
	}
	free(x->nodes);
	free(x->tab);
	for (i = 0; i < x->nwarn; i++)
		free(x->warn[i]);
	free(x->path);
	free(x);
}

void regexport_free_void(void *x)
{
	regexport_free(x);
}

const char *regexport_path(const struct regexport *x)
{
	return x->path;
}

const char *regexport_format(const struct regexport *x)
{
	return x->format;
}

unsigned regexport_hives(const struct regexport *x)
{
	unsigned h, bits = 0;

	for (h = 0; h < REGX__COUNT; h++)
		if (x->root[h] != NULL)
			bits |= 1u << h;
	return bits;
}

size_t regexport_nkeys(const struct regexport *x)
{
	return x->nnodes;
}

size_t regexport_nwarnings(const struct regexport *x)
{
	return x->nwarn;
}

const char *regexport_warning(const struct regexport *x, size_t i)
{
	return i < x->nwarn ? x->warn[i] : NULL;
}

size_t regexport_warnings_dropped(const struct regexport *x)
{
	return x->dropped;
}

const struct regx_key *regx_root(const struct regexport *x, enum regx_hive h)
{
	return (unsigned)h < REGX__COUNT ? x->root[h] : NULL;
}

const char *regx_key_name(const struct regx_key *k)
{
	return k->name;
}

unsigned regx_key_line(const struct regx_key *k)
{
	return k->line;
}

int regx_key_present(const struct regx_key *k)
{
	return !(k->flags & (RX_GONE | RX_VIRTUAL));
}

int regx_key_covered(const struct regx_key *k)
{
	for (; k != NULL; k = k->parent)
		if (k->flags & (RX_SECTION | RX_WIPED))
			return 1;
	return 0;
}

size_t regx_key_nsubkeys(const struct regx_key *k)
{
	return k->nsub;
}

const struct regx_key *regx_key_subkey(const struct regx_key *k, size_t i)
{
	return i < k->nsub ? k->sub[i] : NULL;
}

size_t regx_key_nvalues(const struct regx_key *k)
{
	return k->nval;
}

const struct regx_value *regx_key_value_at(const struct regx_key *k, size_t i)
{
	return i < k->nval ? &k->val[i] : NULL;
}

const struct regx_value *regx_key_value(const struct regx_key *k, const char *name)
{
	size_t i;

	if (name == NULL)
		name = "";
	for (i = k->nval; i > 0; i--)
		if (ascii_casecmp(k->val[i - 1].name, name) == 0)
			return &k->val[i - 1];
	return NULL;
}

char *regx_key_path(const struct regx_key *k)
{
	const struct regx_key *p;
	size_t depth = 0, i;
	const struct regx_key **chain;
	struct strbuf sb;

	for (p = k; p != NULL && p->parent != NULL; p = p->parent)
		depth++;
	chain = xcalloc(depth ? depth : 1, sizeof(*chain));
	for (p = k, i = depth; i > 0; p = p->parent)
		chain[--i] = p;
	sb_init(&sb);
	sb_add(&sb, "");
	for (i = 0; i < depth; i++)
		sb_printf(&sb, "%s%s", i ? "\\" : "", chain[i]->name);
	free(chain);
	return sb_take(&sb);
}

int regx_lookup(const struct regexport *x, enum regx_hive h, const char *path,
		const struct regx_key **key, int *covered)
{
	const struct regx_key *node;
	unsigned cov;

	*key = NULL;
	*covered = 0;
	if ((unsigned)h >= REGX__COUNT || (node = x->root[h]) == NULL)
		return 0;
	cov = node->flags & (RX_SECTION | RX_WIPED);
	if (node->flags & RX_GONE) {
		*covered = cov != 0;
		return 0;
	}
	while (*path == '\\')
		path++;
	while (*path != '\0') {
		const char *sep = strchr(path, '\\');
		size_t n = sep != NULL ? (size_t)(sep - path) : strlen(path);
		const struct regx_key *child;

		if (n == 0) /* "a\\b": an empty name never matches */
			return 0;
		child = find_child(x, node, path, n);
		if (child == NULL) {
			*covered = cov != 0;
			return 0;
		}
		cov |= child->flags & (RX_SECTION | RX_WIPED);
		if (child->flags & RX_GONE) {
			*covered = cov != 0;
			return 0;
		}
		node = child;
		path += n;
		while (*path == '\\')
			path++;
	}
	*covered = cov != 0;
	if (node->flags & RX_VIRTUAL)
		return 0;
	*key = node;
	return 1;
}

static void coverage_walk(const struct regx_key *k,
			  void (*fn)(void *, const char *, unsigned), void *ctx)
{
	size_t i;

	if (k->flags & (RX_SECTION | RX_WIPED)) {
		char *p = regx_key_path(k);

		fn(ctx, p, k->line);
		free(p);
		return;
	}
	for (i = 0; i < k->nsub; i++)
		coverage_walk(k->sub[i], fn, ctx);
}

void regx_coverage(const struct regexport *x, enum regx_hive h,
		   void (*fn)(void *ctx, const char *path, unsigned line), void *ctx)
{
	if ((unsigned)h < REGX__COUNT && x->root[h] != NULL)
		coverage_walk(x->root[h], fn, ctx);
}

/* ---------------------------------------------------------------- decoding */

enum enc { ENC_RAW, ENC_UTF16LE, ENC_UTF8, ENC_ANSI };

struct rd {
	int fd;              /* -1: the bytes come from mem (regexport_parse) */
	const unsigned char *mem;
	size_t memlen, mempos;
	const char *path;
	unsigned char buf[65536];
	size_t pos, len;
	int eof;
	uint64_t off;        /* bytes consumed */
	enum enc enc;
	unsigned line;       /* number of the line last returned */
	struct strbuf back;  /* a line pushed back */
	int has_back, back_over, back_last;
	unsigned back_line;
};

/* Windows-1252 for 0x80..0x9F; the rest of the upper half is Latin-1. The
 * five unassigned bytes map to the C1 controls, as Windows does. */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static uint32_t cp1252(unsigned char b)
{
	return b >= 0x80 && b < 0xA0 ? cp1252_hi[b - 0x80] : b;
}

/* 1 with *b, 0 at the end, -1 on a read error. */
static int rd_fill(struct rd *r, struct nerr *e)
{
	ssize_t n;

	if (r->pos < r->len)
		return 1;
	if (r->eof)
		return 0;
	if (r->fd < 0) {
		n = (ssize_t)(r->memlen - r->mempos < sizeof(r->buf) ? r->memlen - r->mempos
								     : sizeof(r->buf));
		if (n > 0)
			memcpy(r->buf, r->mem + r->mempos, (size_t)n);
		r->mempos += (size_t)n;
	} else {
		do
			n = read(r->fd, r->buf, sizeof(r->buf));
		while (n < 0 && errno == EINTR);
	}
	if (n < 0) {
		nerr_set(e, "%s: read error at offset %llu: %s", r->path,
			 (unsigned long long)r->off, strerror(errno));
		return -1;
	}
	r->pos = 0;
	r->len = (size_t)n;
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	return 1;
}

static int rd_byte(struct rd *r, unsigned char *b, struct nerr *e)
{
	int rc = rd_fill(r, e);

	if (rc != 1)
		return rc;
	*b = r->buf[r->pos++];
	r->off++;
	return 1;
}

static int rd_peek(struct rd *r, unsigned char *b, struct nerr *e)
{
	int rc = rd_fill(r, e);

	if (rc != 1)
		return rc;
	*b = r->buf[r->pos];
	return 1;
}

/* The next character. 1 with *cp, 0 at the end of the file, -1 on an
 * error (invalid UTF-16, a NUL character, a read error). */
static int rd_char(struct rd *r, uint32_t *cp, struct nerr *e)
{
	unsigned char b0 = 0, b1 = 0;
	int rc;

	rc = rd_byte(r, &b0, e);
	if (rc != 1)
		return rc;
	switch (r->enc) {
	case ENC_UTF16LE: {
		uint32_t u, lo;

		if ((rc = rd_byte(r, &b1, e)) != 1)
			goto odd;
		u = (uint32_t)b0 | ((uint32_t)b1 << 8);
		if (u >= 0xDC00 && u <= 0xDFFF)
			goto bad_surrogate;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if ((rc = rd_byte(r, &b0, e)) != 1 || (rc = rd_byte(r, &b1, e)) != 1) {
				if (rc == -1)
					return -1;
				goto bad_surrogate;
			}
			lo = (uint32_t)b0 | ((uint32_t)b1 << 8);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad_surrogate;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		}
		*cp = u;
		break;
	}
	case ENC_UTF8: {
		unsigned need, i;
		uint32_t u, min;

		if (b0 < 0x80) {
			*cp = b0;
			break;
		}
		if ((b0 & 0xE0) == 0xC0) {
			need = 1, u = b0 & 0x1F, min = 0x80;
		} else if ((b0 & 0xF0) == 0xE0) {
			need = 2, u = b0 & 0x0F, min = 0x800;
		} else if ((b0 & 0xF8) == 0xF0) {
			need = 3, u = b0 & 0x07, min = 0x10000;
		} else {
			*cp = cp1252(b0); /* not UTF-8: read the byte as Windows-1252 */
			break;
		}
		for (i = 0; i < need; i++) {
			if ((rc = rd_peek(r, &b1, e)) == -1)
				return -1;
			if (rc == 0 || (b1 & 0xC0) != 0x80)
				break;
			r->pos++;
			r->off++;
			u = (u << 6) | (b1 & 0x3F);
		}
		if (i < need || u < min || u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF)) {
			/* A broken sequence: its lead byte as Windows-1252. Bytes
			 * already taken as continuations are dropped; this is text,
			 * and the header said UTF-8. */
			*cp = cp1252(b0);
			break;
		}
		*cp = u;
		break;
	}
	case ENC_ANSI:
		*cp = cp1252(b0);
		break;
	case ENC_RAW:
	default:
		*cp = b0;
		break;
	}
	if (*cp == 0) {
		nerr_set(e, "%s: line %u: a NUL character at offset %llu: not a .reg text file",
			 r->path, r->line + 1, (unsigned long long)r->off);
		return -1;
	}
	return 1;
odd:
	if (rc == -1)
		return -1;
	nerr_set(e, "%s: line %u: the file ends in the middle of a UTF-16 character "
		 "(an odd number of bytes)", r->path, r->line + 1);
	return -1;
bad_surrogate:
	nerr_set(e, "%s: line %u: invalid UTF-16LE at offset %llu (an unpaired surrogate)",
		 r->path, r->line + 1, (unsigned long long)(r->off - 2));
	return -1;
}

static void put_cp(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6)), b[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12)), b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18)), b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	sb_addn(sb, b, n);
}

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0xFEFF;
}

/* The next physical line, as UTF-8 without its line end, at most
 * REGX_MAX_LINE bytes (*over = 1 when more was dropped). *last is the last
 * character of the whole line that is not white space (0 if none).
 * 1 line, 0 end of file, -1 error. */
static int rd_line(struct rd *r, struct strbuf *sb, int *over, uint32_t *last, struct nerr *e)
{
	uint32_t cp = 0;
	int rc, any = 0;

	sb->len = 0;
	sb_add(sb, "");
	*over = 0;
	*last = 0;
	if (r->has_back) {
		sb_addn(sb, r->back.s, r->back.len);
		*over = r->back_over;
		*last = (uint32_t)r->back_last;
		r->line = r->back_line;
		r->has_back = 0;
		return 1;
	}
	for (;;) {
		rc = rd_char(r, &cp, e);
		if (rc == -1)
			return -1;
		if (rc == 0) {
			if (!any)
				return 0;
			break;
		}
		any = 1;
		if (cp == '\n')
			break;
		if (!is_space(cp))
			*last = cp;
		if (sb->len + 4 > REGX_MAX_LINE) {
			*over = 1;
		} else if (cp < 0x80 && sb->len + 2 <= sb->cap) {
			sb->s[sb->len++] = (char)cp; /* the common case, without a call */
			sb->s[sb->len] = '\0';
		} else {
			put_cp(sb, cp);
		}
	}
	if (sb->len > 0 && sb->s[sb->len - 1] == '\r')
		sb->s[--sb->len] = '\0';
	r->line++;
	return 1;
}

static void rd_unread(struct rd *r, const struct strbuf *sb, int over, uint32_t last)
{
	r->back.len = 0;
	sb_addn(&r->back, sb->s, sb->len);
	r->back_over = over;
	r->back_last = (int)last;
	r->back_line = r->line;
	r->line--;
	r->has_back = 1;
}

/* ----------------------------------------------------------------- parsing */

struct parser {
	struct regexport *x;
	struct rd rd;
	struct regx_key *cur;  /* the key values go to */
	int in_section;        /* a key line was seen */
	int skipping;          /* values after [-KEY] or [HKEY_LOCAL_MACHINE] are ignored */
	struct nerr *e;
	/* Scratch buffers, reused from line to line. */
	struct strbuf name, data, next, text;
};

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t trim_end(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = fold(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A quoted string starting at s[0] == '"': \\ and \" are escapes; any
 * other backslash is kept as written. Returns the index just past the
 * closing quote, or 0 when the string is not closed. */
static size_t unquote(const char *s, size_t n, struct strbuf *out)
{
	size_t i;

	out->len = 0;
	sb_add(out, "");
	for (i = 1; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\\' || s[i + 1] == '"')) {
			sb_addn(out, s + i + 1, 1);
			i++;
		} else if (s[i] == '"') {
			return i + 1;
		} else {
			sb_addn(out, s + i, 1);
		}
	}
	return 0;
}

/* UTF-8 text (as decoded here, so valid) to UTF-16LE with a NUL, as the
 * registry stores REG_SZ. */
static uint8_t *utf8_to_utf16(const char *s, size_t n, size_t *outn)
{
	uint8_t *o = xmalloc(n * 4 + 2);
	size_t i = 0, k = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80) {
			cp = c, i += 1;
		} else if ((c & 0xE0) == 0xC0 && i + 1 < n) {
			cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F), i += 2;
		} else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
			cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) |
			     (s[i + 2] & 0x3F), i += 3;
		} else if ((c & 0xF8) == 0xF0 && i + 3 < n) {
			cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) |
			     ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F), i += 4;
		} else {
			cp = 0xFFFD, i += 1;
		}
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);

			o[k++] = (uint8_t)hi, o[k++] = (uint8_t)(hi >> 8);
			o[k++] = (uint8_t)lo, o[k++] = (uint8_t)(lo >> 8);
		} else {
			o[k++] = (uint8_t)cp, o[k++] = (uint8_t)(cp >> 8);
		}
	}
	o[k++] = 0, o[k++] = 0;
	*outn = k;
	return o;
}

/* REGEDIT4 writes REG_SZ, REG_EXPAND_SZ and REG_MULTI_SZ hex data as ANSI
 * bytes; the registry holds UTF-16LE. */
static uint8_t *ansi_to_utf16(const uint8_t *b, size_t n, size_t *outn)
{
	uint8_t *o = xmalloc(n * 2 + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t cp = cp1252(b[i]);

		o[2 * i] = (uint8_t)cp;
		o[2 * i + 1] = (uint8_t)(cp >> 8);
	}
	*outn = n * 2;
	return o;
}

/* "aa,bb,\tcc," to bytes. 0 ok, -1 with *why. */
static int parse_hex_list(const char *s, size_t n, uint8_t **out, size_t *outn, const char **why)
{
	uint8_t *b = xmalloc(n / 2 + 1);
	size_t i = 0, k = 0;

	for (;;) {
		int h1, h2;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		if ((h1 = hexval((unsigned char)s[i])) < 0) {
			*why = "hex data holds something that is not a hex byte";
			goto fail;
		}
		i++;
		if (i < n && (h2 = hexval((unsigned char)s[i])) >= 0) {
			h1 = h1 * 16 + h2;
			i++;
		}
		b[k++] = (uint8_t)h1;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i >= n)
			break;
		if (s[i] != ',') {
			*why = "hex bytes must be separated by commas";
			goto fail;
		}
		i++;
	}
	*out = b;
	*outn = k;
	return 0;
fail:
	free(b);
	return -1;
}

static int file_error(struct parser *p, unsigned line, const char *fmt, ...) NA_PRINTF(3, 4);

static int file_error(struct parser *p, unsigned line, const char *fmt, ...)
{
	char buf[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nerr_set(p->e, "%s: line %u: %s", p->x->path, line, buf);
	return -1;
}

static int bad_line(struct parser *p, unsigned line, const char *why)
{
	if (++p->x->bad_lines > REGX_MAX_BAD_LINES)
		return file_error(p, line, "more than %u lines that are not .reg syntax (%s)",
				  REGX_MAX_BAD_LINES, why);
	add_warning(p->x, "%s: line %u: skipped: %s", p->x->path, line, why);
	return 0;
}

static struct regx_key *root_of(struct parser *p, unsigned slot)
{
	if (p->x->root[slot] == NULL)
		p->x->root[slot] = new_key(p->x, NULL, "", 0);
	return p->x->root[slot];
}

static int is_root(const char *s, size_t n, const char *const *names)
{
	for (; *names != NULL; names++)
		if (name_eq(*names, s, n))
			return 1;
	return 0;
}

/* Which hive a key path belongs to, from its root (HKLM\SYSTEM...); *c
 * moves past the root and hive names that the slot stands for. Returns 1
 * with *slot set, 0 for a path that holds nothing to keep, -1 on an error
 * (reported). */
static int key_root_slot(struct parser *p, const char **c, const char *end, unsigned line,
			 unsigned *slot)
{
	static const char *const hklm[] = {"HKEY_LOCAL_MACHINE", "HKLM", NULL};
	static const char *const others[] = {
		"HKEY_CURRENT_USER", "HKCU", "HKEY_USERS", "HKU", "HKEY_CLASSES_ROOT", "HKCR",
		"HKEY_CURRENT_CONFIG", "HKCC", "HKEY_PERFORMANCE_DATA", "HKEY_DYN_DATA", NULL};
	const char *sep = memchr(*c, '\\', (size_t)(end - *c));
	size_t len = (size_t)((sep != NULL ? sep : end) - *c);
	const char *h, *hs;
	size_t hn;

	if (is_root(*c, len, others)) {
		*slot = REGX_OTHER; /* kept whole, root name included */
		return 1;
	}
	if (!is_root(*c, len, hklm))
		return file_error(p, line, "the key path starts with '%.*s', not a registry "
				  "root such as HKEY_LOCAL_MACHINE", (int)(len < 64 ? len : 64), *c);
	if (sep == NULL)
		return 0; /* [HKEY_LOCAL_MACHINE] alone holds nothing to keep */
	h = sep + 1;
	hs = memchr(h, '\\', (size_t)(end - h));
	hn = (size_t)((hs != NULL ? hs : end) - h);
	if (hn == 0)
		return file_error(p, line, "an empty key name inside the path");
	if (name_eq("SYSTEM", h, hn))
		*slot = REGX_SYSTEM;
	else if (name_eq("SOFTWARE", h, hn))
		*slot = REGX_SOFTWARE;
	else if (name_eq("SECURITY", h, hn))
		*slot = REGX_SECURITY;
	else
		*slot = REGX_OTHER;
	if (*slot != REGX_OTHER)
		*c = hs != NULL ? hs + 1 : end;
	return 1;
}

/* The key of the path [c, end) below the slot's root, made as needed (a
 * deletion makes only virtual keys on the way); NULL on an error. */
static struct regx_key *key_walk(struct parser *p, unsigned slot, const char *c, const char *end,
				 int del, unsigned line)
{
	struct regexport *x = p->x;
	struct regx_key *node = root_of(p, slot);

	if (!del)
		node->flags &= ~(RX_GONE | RX_VIRTUAL);
	while (c < end) {
		const char *sep = memchr(c, '\\', (size_t)(end - c));
		size_t len = (size_t)((sep != NULL ? sep : end) - c);
		struct regx_key *child;

		if (len == 0) {
			file_error(p, line, "an empty key name inside the path");
			return NULL;
		}
		child = find_child(x, node, c, len);
		if (child == NULL) {
			if (x->nnodes >= REGX_MAX_KEYS) {
				file_error(p, line, "more than %u keys", REGX_MAX_KEYS);
				return NULL;
			}
			child = new_key(x, node, c, len);
			if (del && sep != NULL)
				child->flags |= RX_VIRTUAL; /* only a way to the deleted key */
		}
		if (!del)
			child->flags &= ~(RX_GONE | RX_VIRTUAL);
		node = child;
		c += len + (sep != NULL ? 1 : 0);
	}
	return node;
}

/* Backslashes in [c, end): the bound on depth, counted before any work. */
static size_t count_seps(const char *c, const char *end)
{
	size_t n = 0;

	for (; c < end; c++)
		if (*c == '\\')
			n++;
	return n;
}

static int key_line(struct parser *p, const char *s, size_t n, int over, unsigned line)
{
	const char *c, *end;
	struct regx_key *node;
	size_t depth;
	unsigned slot = ROOTLESS;
	int del, rootless = 0;

	p->in_section = 1;
	p->cur = NULL;
	p->skipping = 1;
	if (over)
		return file_error(p, line, "a key line longer than %u bytes", REGX_MAX_LINE);
	n = trim_end(s, n);
	if (n < 2 || s[n - 1] != ']')
		return file_error(p, line, "a key line without its closing ']'");
	c = s + 1;
	end = s + n - 1;
	del = c < end && *c == '-';
	if (del)
		c++;
	if (c < end && *c == '\\') { /* "[\Key]": hivexregedit without --prefix */
		rootless = 1;
		c++;
	}
	while (end > c && end[-1] == '\\') /* "HKEY_LOCAL_MACHINE\SYSTEM\" */
		end--;
	if (!rootless && c == end)
		return file_error(p, line, "an empty key path");
	/* Bound the work before anything else: the registry allows 512 levels. */
	if (count_seps(c, end) > REGX_MAX_DEPTH + 2)
		return file_error(p, line, "the key path is more than %u levels deep",
				  REGX_MAX_DEPTH);
	if (!rootless) {
		int rc = key_root_slot(p, &c, end, line, &slot);

		if (rc <= 0)
			return rc;
	}
	/* Below the hive root: at most REGX_MAX_DEPTH names, none empty. */
	depth = (c < end ? 1 : 0) + count_seps(c, end);
	if (depth > REGX_MAX_DEPTH)
		return file_error(p, line, "the key path is %zu levels deep; the registry allows %u",
				  depth, REGX_MAX_DEPTH);
	node = key_walk(p, slot, c, end, del, line);
	if (node == NULL)
		return -1;
	if (del) {
		mark_gone(p->x, node);
		node->flags |= RX_WIPED;
		if (node->line == 0)
			node->line = line;
		return 0;
	}
	node->flags |= RX_SECTION;
	if (node->line == 0)
		node->line = line;
	p->cur = node;
	p->skipping = 0;
	return 0;
}

static struct regx_value *new_value(struct parser *p, const char *name, unsigned line)
{
	struct regx_key *k = p->cur;
	struct regx_value *v;

	if (k->nval == k->capval) {
		k->capval = k->capval ? k->capval * 2 : 4;
		k->val = xreallocarray(k->val, k->capval, sizeof(*k->val));
	}
	v = &k->val[k->nval++];
	memset(v, 0, sizeof(*v));
	v->name = xstrdup(name);
	v->line = line;
	p->x->nvalues++;
	return v;
}

static void value_fail(struct parser *p, struct regx_value *v, const char *why)
{
	char *msg = xasprintf("%s: line %u: value '%s': %s", p->x->path, v->line,
			      v->name[0] ? v->name : "(default)", why);

	free((void *)v->data);
	v->data = NULL;
	v->size = 0;
	v->error = msg;
	add_warning(p->x, "%s (the value is treated as unreadable)", msg);
}

static int looks_like_hex_continuation(const char *s, size_t n)
{
	size_t i, digits = 0;

	for (i = 0; i < n; i++) {
		if (hexval((unsigned char)s[i]) >= 0)
			digits++;
		else if (s[i] != ',' && s[i] != ' ' && s[i] != '\t' && s[i] != '\\')
			return 0;
	}
	return digits > 0;
}

/* Parse the data after '=' into v. */
/* "text": REG_SZ. Returns why it is not one, or NULL. */
static const char *string_data(struct parser *p, struct regx_value *v, const char *d, size_t n)
{
	size_t end = unquote(d, n, &p->text);

	if (end == 0)
		return "the string has no closing quote";
	if (end != n)
		return "text follows the closing quote";
	v->type = REGT_SZ;
	v->data = utf8_to_utf16(p->text.s, p->text.len, &v->size);
	return NULL;
}

/* dword:XXXXXXXX, little-endian as in a hive. */
static const char *dword_data(struct regx_value *v, const char *d, size_t n)
{
	uint32_t val = 0;
	uint8_t *b;
	size_t i;

	v->type = REGT_DWORD;
	for (i = 6; i < n && hexval((unsigned char)d[i]) >= 0; i++)
		val = (val << 4) | (uint32_t)hexval((unsigned char)d[i]);
	if (i == 6 || i != n || n - 6 > 8)
		return "a dword needs 1 to 8 hex digits";
	b = xmalloc(4);
	b[0] = (uint8_t)val, b[1] = (uint8_t)(val >> 8);
	b[2] = (uint8_t)(val >> 16), b[3] = (uint8_t)(val >> 24);
	v->data = b;
	v->size = 4;
	return NULL;
}

/* hex:..., hex(N):... and str(N):"...": the typed forms. */
static const char *typed_data(struct parser *p, struct regx_value *v, const char *d, size_t n)
{
	int str = fold((unsigned char)d[0]) == 's';
	uint32_t type = REGT_BINARY;
	const char *why = NULL;
	uint8_t *bytes = NULL;
	size_t nb = 0, i = 4;

	if (d[3] == '(') {
		size_t start = i;

		type = 0;
		for (; i < n && hexval((unsigned char)d[i]) >= 0; i++)
			type = (type << 4) | (uint32_t)hexval((unsigned char)d[i]);
		if (i == start || i - start > 8 || i + 1 >= n || d[i] != ')' || d[i + 1] != ':')
			return "a type in hex(N): or str(N): needs 1 to 8 hex digits";
		i += 2;
	}
	v->type = type;
	if (str) {
		size_t end = i < n && d[i] == '"' ? unquote(d + i, n - i, &p->text) : 0;

		if (end == 0 || i + end != n)
			return "str(N): needs one quoted string";
		v->data = utf8_to_utf16(p->text.s, p->text.len, &v->size);
		return NULL;
	}
	if (parse_hex_list(d + i, n - i, &bytes, &nb, &why) != 0)
		return why;
	if (p->x->v4 && (type == REGT_SZ || type == REGT_EXPAND_SZ || type == REGT_MULTI_SZ)) {
		v->data = ansi_to_utf16(bytes, nb, &v->size);
		free(bytes);
	} else {
		v->data = bytes;
		v->size = nb;
	}
	return NULL;
}

static int has_prefix_ci(const char *d, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && ascii_ncasecmp(d, prefix, k) == 0;
}

static void value_data(struct parser *p, struct regx_value *v, const char *d, size_t n)
{
	const char *why = NULL;

	n = trim_end(d, n);
	if (n == 1 && d[0] == '-')
		v->deleted = 1;
	else if (n > 0 && d[0] == '"')
		why = string_data(p, v, d, n);
	else if (has_prefix_ci(d, n, "dword:"))
		why = dword_data(v, d, n);
	else if (has_prefix_ci(d, n, "hex:") || has_prefix_ci(d, n, "hex(") ||
		 has_prefix_ci(d, n, "str("))
		why = typed_data(p, v, d, n);
	else
		why = "the data is not a string, dword:, hex: or hex(N):";
	if (why != NULL)
		value_fail(p, v, why);
	p->x->databytes += v->size;
}

static int value_line(struct parser *p, struct strbuf *ln, int over, uint32_t last,
		      unsigned line)
{
	const char *s = skip_ws(ln->s), *d;
	size_t n = ln->len - (size_t)(s - ln->s), end;
	struct strbuf *name = &p->name, *data = &p->data;
	struct regx_value *v;
	int rc = 0, big = over;

	data->len = 0;
	sb_add(data, "");
	if (!p->in_section) {
		rc = file_error(p, line, "a value before any [key] line");
		goto out;
	}
	if (s[0] == '@') {
		name->len = 0;
		sb_add(name, "");
		end = 1;
	} else if ((end = unquote(s, n, name)) == 0) {
		rc = bad_line(p, line, over ? "a value name longer than the line limit"
					    : "a value name without its closing quote");
		goto out;
	}
	d = skip_ws(s + end);
	if (*d != '=') {
		rc = bad_line(p, line, "no '=' after the value name");
		goto out;
	}
	d = skip_ws(d + 1);
	sb_addn(data, d, ln->len - (size_t)(d - ln->s));
	/* Hex data wrapped over lines: each line but the last ends in '\'. */
	if (ascii_ncasecmp(d, "hex", 3) == 0 && last == '\\') {
		struct strbuf *next = &p->next;
		int nover;
		uint32_t nlast = '\\';

		data->len = trim_end(data->s, data->len);
		if (data->len > 0 && data->s[data->len - 1] == '\\')
			data->len--;
		data->s[data->len] = '\0';
		while (nlast == '\\') {
			const char *t;
			size_t tn;

			rc = rd_line(&p->rd, next, &nover, &nlast, p->e);
			if (rc == -1)
				break;
			if (rc == 0) {
				big = -1; /* continues past the end */
				break;
			}
			t = skip_ws(next->s);
			tn = trim_end(t, next->len - (size_t)(t - next->s));
			if (!nover && !looks_like_hex_continuation(t, tn)) {
				rd_unread(&p->rd, next, nover, nlast);
				big = -2; /* the continuation line is missing */
				break;
			}
			if (tn > 0 && t[tn - 1] == '\\')
				tn--;
			if (nover || data->len + tn > REGX_MAX_LINE)
				big = big < 0 ? big : 1;
			else
				sb_addn(data, t, tn);
		}
		if (rc == -1)
			goto out;
		rc = 0;
	}
	if (p->skipping)
		goto out; /* values under [-KEY] or [HKEY_LOCAL_MACHINE] */
	if (p->x->nvalues >= REGX_MAX_VALUES) {
		rc = file_error(p, line, "more than %u values", REGX_MAX_VALUES);
		goto out;
	}
	v = new_value(p, name->s, line);
	if (big == -1)
		value_fail(p, v, "the hex data continues past the end of the file");
	else if (big == -2)
		value_fail(p, v, "the line ends in '\\' but the next line is not hex data");
	else if (big)
		value_fail(p, v, "the value is longer than the line limit of this tool");
	else
		value_data(p, v, data->s, data->len);
	if (p->x->databytes > REGX_MAX_DATA)
		rc = file_error(p, line, "more than %u bytes of value data in all", REGX_MAX_DATA);
out:
	return rc;
}

static enum regx_hive classify_rootless(const struct regx_key *root)
{
	size_t i;
	int sys = 0, sw = 0, sec = 0;

	for (i = 0; i < root->nsub; i++) {
		const char *n = root->sub[i]->name;

		if (ascii_casecmp(n, "Select") == 0 || ascii_casecmp(n, "CurrentControlSet") == 0 ||
		    ascii_casecmp(n, "MountedDevices") == 0 ||
		    (ascii_ncasecmp(n, "ControlSet", 10) == 0 && strlen(n) == 13))
			sys = 1;
		else if (ascii_casecmp(n, "Policy") == 0 || ascii_casecmp(n, "RXACT") == 0)
			sec = 1;
		else if (ascii_casecmp(n, "Microsoft") == 0 || ascii_casecmp(n, "Classes") == 0 ||
			 ascii_casecmp(n, "Policies") == 0 || ascii_casecmp(n, "Clients") == 0 ||
			 ascii_casecmp(n, "WOW6432Node") == 0)
			sw = 1;
	}
	if (sys)
		return REGX_SYSTEM;
	if (sec)
		return REGX_SECURITY;
	if (sw)
		return REGX_SOFTWARE;
	return REGX_OTHER;
}

static int parse(struct parser *p)
{
	struct strbuf ln;
	uint32_t last;
	int over, rc;

	sb_init(&ln);
	for (;;) {
		const char *s;

		rc = rd_line(&p->rd, &ln, &over, &last, p->e);
		if (rc <= 0)
			break;
		s = skip_ws(ln.s);
		if (*s == '\0' || *s == ';')
			continue;
		if (*s == '[')
			rc = key_line(p, s, ln.len - (size_t)(s - ln.s), over, p->rd.line);
		else if (*s == '"' || *s == '@')
			rc = value_line(p, &ln, over, last, p->rd.line);
		else
			rc = bad_line(p, p->rd.line, "not a [key], a value or a comment");
		if (rc == -1)
			break;
	}
	sb_free(&ln);
	return rc == -1 ? -1 : 0;
}

/* The header line decides the dialect; without a byte order mark the
 * header also decides the encoding (version 5: UTF-8, REGEDIT4: ANSI). */
static int read_header(struct parser *p)
{
	struct regexport *x = p->x;
	struct rd *r = &p->rd;
	unsigned char b0 = 0;
	struct strbuf ln;
	uint32_t last;
	int over, rc, bom = 0;
	size_t n;
	const char *s;

	if (rd_peek(r, &b0, p->e) == -1)
		return -1;
	if (b0 == 0xFF && r->len - r->pos >= 2 && r->buf[r->pos + 1] == 0xFE) {
		r->pos += 2, r->off += 2;
		r->enc = ENC_UTF16LE;
		bom = 16;
	} else if (b0 == 0xEF && r->len - r->pos >= 3 && r->buf[r->pos + 1] == 0xBB &&
		   r->buf[r->pos + 2] == 0xBF) {
		r->pos += 3, r->off += 3;
		r->enc = ENC_UTF8;
		bom = 8;
	}
	sb_init(&ln);
	rc = rd_line(r, &ln, &over, &last, p->e);
	if (rc == -1)
		goto out;
	s = skip_ws(ln.s);
	n = trim_end(s, ln.len - (size_t)(s - ln.s));
	if (rc == 1 && !over && n == 36 && ascii_ncasecmp(s, "Windows Registry Editor Version 5.00", 36) == 0) {
		x->format = bom == 16 ? "regedit 5 (UTF-16LE)" : "regedit 5 (UTF-8)";
		if (!bom)
			r->enc = ENC_UTF8;
		rc = 0;
	} else if (rc == 1 && !over && n == 8 && ascii_ncasecmp(s, "REGEDIT4", 8) == 0) {
		x->v4 = 1;
		x->format = bom == 16 ? "REGEDIT4 (UTF-16LE)" : bom == 8 ? "REGEDIT4 (UTF-8)" : "REGEDIT4 (ANSI)";
		if (!bom)
			r->enc = ENC_ANSI;
		rc = 0;
	} else {
		rc = file_error(p, 1, "not a .reg export: the first line is not 'Windows Registry "
				"Editor Version 5.00' or 'REGEDIT4'");
	}
out:
	sb_free(&ln);
	return rc;
}

/* The parser's state for a file named path; the caller sets the source. */
static void parser_init(struct parser *p, const char *path, struct nerr *e)
{
	struct regexport *x = xcalloc(1, sizeof(*x));

	memset(p, 0, sizeof(*p));
	x->path = xstrdup(path);
	p->x = x;
	p->e = e;
	p->rd.fd = -1;
	p->rd.path = x->path;
	sb_init(&p->rd.back);
	sb_init(&p->name);
	sb_init(&p->data);
	sb_init(&p->next);
	sb_init(&p->text);
	p->rd.enc = ENC_RAW;
}

/* The one parser behind regexport_open and regexport_parse. */
static int parse_all(struct parser *p)
{
	struct regexport *x = p->x;

	if (read_header(p) != 0 || parse(p) != 0)
		return -1;
	if (x->root[ROOTLESS] != NULL) {
		enum regx_hive h = classify_rootless(x->root[ROOTLESS]);

		if (x->root[h] != NULL) {
			nerr_set(p->e, "%s: the file mixes key paths with a registry root and without "
				 "one (\"[\\Key]\"): which hive they belong to cannot be told", x->path);
			return -1;
		}
		x->root[h] = x->root[ROOTLESS];
		x->root[ROOTLESS] = NULL;
	}
	return 1;
}

static int parser_finish(struct parser *p, int rc, struct regexport **out)
{
	if (p->rd.fd >= 0)
		close(p->rd.fd);
	sb_free(&p->rd.back);
	sb_free(&p->name);
	sb_free(&p->data);
	sb_free(&p->next);
	sb_free(&p->text);
	if (rc == 1)
		*out = p->x;
	else
		regexport_free(p->x);
	return rc;
}

int regexport_open(const char *path, struct regexport **out, struct nerr *e)
{
	return regexport_open_fd(-1, path, out, e);
}

int regexport_open_fd(int fd, const char *path, struct regexport **out, struct nerr *e)
{
	struct parser p;
	struct stat st;
	int rc = -1;

	*out = NULL;
	parser_init(&p, path, e);
	p.rd.fd = input_fd(fd, path, e);
	if (p.rd.fd < 0)
		goto out;
	if (fstat(p.rd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > REGX_MAX_FILE) {
		nerr_set(e, "%s: %llu bytes; .reg exports larger than %llu bytes are not read", path,
			 (unsigned long long)st.st_size, (unsigned long long)REGX_MAX_FILE);
		goto out;
	}
	rc = parse_all(&p);
out:
	return parser_finish(&p, rc, out);
}

int regexport_parse(const char *name, const unsigned char *buf, size_t len,
		    struct regexport **out, struct nerr *e)
{
	struct parser p;
	int rc = -1;

	*out = NULL;
	parser_init(&p, name, e);
	if ((uint64_t)len > REGX_MAX_FILE) {
		nerr_set(e, "%s: %zu bytes; .reg exports larger than %llu bytes are not read", name,
			 len, (unsigned long long)REGX_MAX_FILE);
		goto out;
	}
	p.rd.mem = buf;
	p.rd.memlen = len;
	rc = parse_all(&p);
out:
	return parser_finish(&p, rc, out);
}

/* The first line of a head, after an optional byte order mark (UTF-16LE as
 * regedit writes it, or UTF-8), without trailing blanks. */
static void first_line(const unsigned char *h, size_t n, char *line, size_t size)
{
	size_t i = 0, k = 0;
	int utf16 = 0;

	if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
		utf16 = 1;
		i = 2;
	} else if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		i = 3;
	}
	while (i < n && k < size - 1) {
		unsigned char c = h[i];

		if (utf16) {
			if (i + 1 >= n || h[i + 1] != 0)
				break;
			i += 2;
		} else {
			i++;
		}
		if (c == '\r' || c == '\n')
			break;
		line[k++] = (char)c;
	}
	while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
		k--;
	line[k] = '\0';
}

enum artifact_kind regexport_sniff(const unsigned char *h, size_t n, const char **note)
{
	char line[64];

	(void)note;
	first_line(h, n, line, sizeof(line));
	if (ascii_casecmp(line, "Windows Registry Editor Version 5.00") == 0 ||
	    ascii_casecmp(line, "REGEDIT4") == 0)
		return ART_REG;
	return ART_UNKNOWN;
}
