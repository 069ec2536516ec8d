/* String and encoding helpers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/err.h"
#include "ndes-audit/util.h"

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = lower((unsigned char)*a), cb = lower((unsigned char)*b);

		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

int ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		int ca = lower((unsigned char)*a), cb = lower((unsigned char)*b);

		if (ca != cb || ca == 0)
			return ca - cb;
	}
	return 0;
}

int ascii_casesuffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && ascii_casecmp(s + ls - lx, suffix) == 0;
}

const char *ascii_memcasestr(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;
	int c0;

	if (m == 0)
		return s;
	/* The first character inline: most places differ there. */
	c0 = lower((unsigned char)needle[0]);
	for (i = 0; i + m <= n; i++)
		if (lower((unsigned char)s[i]) == c0 && ascii_ncasecmp(s + i + 1, needle + 1, m - 1) == 0)
			return s + i;
	return NULL;
}

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_addn(sb, b, n);
}

char *utf16le_to_utf8(const uint8_t *data, size_t size)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, "");
	for (i = 0; i + 1 < size; i += 2) {
		uint32_t u = (uint32_t)data[i] | ((uint32_t)data[i + 1] << 8);

		if (u == 0)
			break;
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < size) {
			uint32_t lo = (uint32_t)data[i + 2] | ((uint32_t)data[i + 3] << 8);

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				put_utf8(&sb, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				i += 2;
				continue;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			u = 0xFFFD;
		put_utf8(&sb, u);
	}
	return sb_take(&sb);
}

int codepoint_hidden(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x061C ||
	       cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE || cp == 0xFFFF;
}

/* Length of the valid UTF-8 sequence at s, with its code point in *cp; 0
 * for bytes that are not valid UTF-8 (overlong, surrogate, past U+10FFFF,
 * cut short) and for the NUL byte. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;

	if (s[0] > 0 && s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2, *cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3, *cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
	    (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return n;
}

char *text_escape(const char *s, enum text_ws ws)
{
	struct strbuf sb;
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	sb_init(&sb);
	sb_add(&sb, "");
	while (*p != '\0') {
		uint32_t cp = 0;
		size_t n = utf8_decode(p, &cp), i;

		if (n == 1 && ws != TEXT_WS_ESCAPE && (cp == '\t' || cp == '\n' || cp == '\r')) {
			sb_addn(&sb, ws == TEXT_WS_KEEP ? (const char *)p : " ", 1);
		} else if (n == 0) {
			sb_printf(&sb, "\\x%02x", *p);
			n = 1;
		} else if (codepoint_hidden(cp)) {
			/* Every byte of it, as for bytes that are not UTF-8. */
			for (i = 0; i < n; i++)
				sb_printf(&sb, "\\x%02x", p[i]);
		} else {
			sb_addn(&sb, (const char *)p, n);
		}
		p += n;
	}
	return sb_take(&sb);
}

char *printable(const char *s)
{
	return text_escape(s, TEXT_WS_ESCAPE);
}

char *hex_encode(const uint8_t *data, size_t size, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char *out = xmalloc(size * 2 + 1);
	size_t i;

	for (i = 0; i < size; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 0xF];
	}
	out[size * 2] = '\0';
	return out;
}

void sb_init(struct strbuf *sb)
{
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 64;

		while (cap < sb->len + n + 1)
			cap *= 2;
		sb->s = xrealloc(sb->s, cap);
		sb->cap = cap;
	}
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_addn(sb, small, (size_t)n);
	} else {
		char *big = xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_addn(sb, big, (size_t)n);
		free(big);
	}
}

char *sb_take(struct strbuf *sb)
{
	char *s = sb->s != NULL ? sb->s : xstrdup("");

	sb_init(sb);
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb_init(sb);
}
