/* Security templates (secedit exports, GptTmpl.inf): decode, split into
 * sections and lines, keep line numbers. No library: the format is text.
 * Every length and count that comes from the file is bounded. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/inf.h"
#include "ndes-audit/util.h"

const char *inf_encoding_name(enum inf_encoding enc)
{
	switch (enc) {
	case INF_UTF16LE: return "UTF-16LE";
	case INF_UTF16LE_NOBOM: return "UTF-16LE without byte-order mark";
	case INF_UTF8_BOM: return "UTF-8";
	case INF_UTF8: return "UTF-8 without byte-order mark";
	case INF_ANSI: return "ANSI (Windows-1252)";
	}
	return "?";
}

/* ------------------------------------------------------------ encoding */

/* UTF-16LE without a BOM: text written by a tool that left the mark out.
 * Security templates are ASCII-heavy, so most high bytes are zero and the
 * low bytes are not. */
static int looks_utf16le(const unsigned char *d, size_t n)
{
	size_t i, units = 0, ascii = 0;

	if (n < 4)
		return 0;
	for (i = 0; i + 1 < n && units < 512; i += 2, units++)
		if (d[i + 1] == 0 && d[i] != 0)
			ascii++;
	return d[1] == 0 && d[0] != 0 && ascii * 10 >= units * 9;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return len;
}

static int valid_utf8(const unsigned char *d, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq(d + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Windows-1252 0x80..0x9F; 0 = undefined there. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void put_cp(struct strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		b[0] = (char)cp;
		sb_addn(sb, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		sb_addn(sb, b, 4);
	}
}

/* Decoding state: the output text, where we are in the file, and the
 * length of the current line (bounded by INF_MAX_LINE). */
struct dec {
	const char *path;
	struct strbuf out;
	unsigned line;
	size_t linelen;
};

/* Append one code point read at byte offset off. -1 with e set on a NUL
 * or an overlong line. */
static int dec_put(struct dec *d, uint32_t cp, size_t off, struct nerr *e)
{
	if (cp == 0) {
		nerr_set(e, "%s: NUL character at byte offset %zu (line %u): a security template "
			 "is text without NULs; the file is damaged or not in the encoding it "
			 "appears to use", d->path, off, d->line);
		return -1;
	}
	if (cp == '\n') {
		d->line++;
		d->linelen = 0;
	} else if (++d->linelen > INF_MAX_LINE) {
		nerr_set(e, "%s: line %u is longer than %u characters (at byte offset %zu); no "
			 "security template has such lines", d->path, d->line, INF_MAX_LINE, off);
		return -1;
	}
	put_cp(&d->out, cp);
	return 0;
}

/* The encoding from the byte-order mark or the bytes; *skip is the mark's
 * length. -1 for UTF-16 big-endian, which Windows does not write here. */
static int sniff_encoding(const char *path, const unsigned char *data, size_t size,
			  enum inf_encoding *enc, size_t *skip, struct nerr *e)
{
	*skip = 0;
	if (size >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
		nerr_set(e, "%s: UTF-16 big-endian text (byte-order mark FE FF at offset 0): "
			 "Windows writes security templates as UTF-16 little-endian", path);
		return -1;
	}
	if (size >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
		*enc = INF_UTF16LE;
		*skip = 2;
	} else if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
		*enc = INF_UTF8_BOM;
		*skip = 3;
	} else if (looks_utf16le(data, size)) {
		*enc = INF_UTF16LE_NOBOM;
	} else if (valid_utf8(data, size)) {
		*enc = INF_UTF8;
	} else {
		*enc = INF_ANSI;
	}
	return 0;
}

/* UTF-16LE from offset i; a lone surrogate becomes U+FFFD. */
static int decode_utf16le(struct dec *d, const unsigned char *data, size_t size, size_t i,
			  struct nerr *e)
{
	if ((size - i) % 2 != 0) {
		nerr_set(e, "%s: UTF-16LE text with an odd number of bytes (%zu): the last "
			 "character is cut at byte offset %zu; the file is truncated or not "
			 "UTF-16", d->path, size, size - 1);
		return -1;
	}
	while (i < size) {
		uint32_t u = (uint32_t)data[i] | ((uint32_t)data[i + 1] << 8);
		size_t at = i;

		i += 2;
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < size) {
			uint32_t lo = (uint32_t)data[i] | ((uint32_t)data[i + 1] << 8);

			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			} else {
				u = 0xFFFD;
			}
		} else if (u >= 0xD800 && u <= 0xDFFF) {
			u = 0xFFFD;
		}
		if (dec_put(d, u, at, e) != 0)
			return -1;
	}
	return 0;
}

/* The ANSI code page (Windows-1252) from offset i. */
static int decode_ansi(struct dec *d, const unsigned char *data, size_t size, size_t i,
		       struct nerr *e)
{
	for (; i < size; i++) {
		uint32_t cp = data[i];

		if (cp >= 0x80 && cp <= 0x9F)
			cp = cp1252_high[cp - 0x80] ? cp1252_high[cp - 0x80] : 0xFFFD;
		if (dec_put(d, cp, i, e) != 0)
			return -1;
	}
	return 0;
}

/* UTF-8 from offset i. valid_utf8() accepted the whole buffer (after a BOM
 * it was not asked): an invalid byte here becomes U+FFFD. */
static int decode_utf8(struct dec *d, const unsigned char *data, size_t size, size_t i,
		       struct nerr *e)
{
	while (i < size) {
		size_t k = utf8_seq(data + i, size - i), j;
		uint32_t cp;

		if (k == 0) {
			if (dec_put(d, 0xFFFD, i, e) != 0)
				return -1;
			i++;
			continue;
		}
		cp = k == 1 ? data[i] : (uint32_t)(data[i] & (0x7F >> k));
		for (j = 1; j < k; j++)
			cp = (cp << 6) | (data[i + j] & 0x3F);
		if (dec_put(d, cp, i, e) != 0)
			return -1;
		i += k;
	}
	return 0;
}

static int decode(const char *path, const unsigned char *data, size_t size,
		  enum inf_encoding *enc, char **text, size_t *textlen, struct nerr *e)
{
	struct dec d;
	size_t i;
	int rc;

	if (sniff_encoding(path, data, size, enc, &i, e) != 0)
		return -1;
	memset(&d, 0, sizeof(d));
	d.path = path;
	d.line = 1;
	sb_init(&d.out);
	if (*enc == INF_UTF16LE || *enc == INF_UTF16LE_NOBOM)
		rc = decode_utf16le(&d, data, size, i, e);
	else if (*enc == INF_ANSI)
		rc = decode_ansi(&d, data, size, i, e);
	else
		rc = decode_utf8(&d, data, size, i, e);
	if (rc == 0) {
		*textlen = d.out.len;
		*text = sb_take(&d.out);
	}
	sb_free(&d.out);
	return rc;
}

/* ------------------------------------------------------------ parsing */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static char *trim(char *s)
{
	size_t n;

	while (is_ws(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_ws(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Cut a ';' comment that is outside double quotes. */
static void strip_comment(char *s)
{
	int q = 0;

	for (; *s != '\0'; s++) {
		if (*s == '"')
			q = !q;
		else if (*s == ';' && !q) {
			*s = '\0';
			return;
		}
	}
}

/* First '=' outside double quotes, or NULL. */
static char *find_eq(char *s)
{
	int q = 0;

	for (; *s != '\0'; s++) {
		if (*s == '"')
			q = !q;
		else if (*s == '=' && !q)
			return s;
	}
	return NULL;
}

static struct inf_section *section_get(struct inf *inf, const char *name, unsigned lineno)
{
	size_t i;
	struct inf_section *s;

	for (i = 0; i < inf->nsections; i++)
		if (ascii_casecmp(inf->sections[i].name, name) == 0)
			return &inf->sections[i];
	inf->sections = xreallocarray(inf->sections, inf->nsections + 1, sizeof(*inf->sections));
	s = &inf->sections[inf->nsections++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->lineno = lineno;
	return s;
}

static void section_add(struct inf_section *s, char *key, char *value, int has_eq,
			unsigned lineno, const char *text)
{
	struct inf_line *l;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->lines = xreallocarray(s->lines, s->cap, sizeof(*s->lines));
	}
	l = &s->lines[s->n++];
	l->key = xstrdup(key);
	l->value = xstrdup(value);
	l->has_eq = has_eq;
	l->lineno = lineno;
	l->text = xstrdup(text);
}

static int split(struct inf *inf, char *text, size_t len, struct nerr *e)
{
	struct inf_section *cur = NULL;
	char *p = text, *end = text + len;
	unsigned lineno = 0, headers = 0, entries = 0;
	int first_eol = 1;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line, *eq;

		lineno++;
		if (nl != NULL) {
			if (first_eol) {
				inf->crlf = nl > p && nl[-1] == '\r';
				first_eol = 0;
			}
			*nl = '\0';
		}
		line = p;
		p = nl != NULL ? nl + 1 : end;
		strip_comment(line);
		line = trim(line);
		if (*line == '\0')
			continue;
		if (*line == '[') {
			char *close = strchr(line, ']');

			if (close == NULL) {
				nerr_set(e, "%s: line %u: section header '[' without ']'", inf->path,
					 lineno);
				return -1;
			}
			if (++headers > INF_MAX_SECTIONS) {
				nerr_set(e, "%s: line %u: more than %u section headers; a security "
					 "template has a dozen", inf->path, lineno, INF_MAX_SECTIONS);
				return -1;
			}
			*close = '\0';
			cur = section_get(inf, trim(line + 1), lineno);
			continue;
		}
		if (cur == NULL)
			continue; /* text before the first section: not part of any */
		if (++entries > INF_MAX_LINES) {
			nerr_set(e, "%s: line %u: more than %u lines in sections", inf->path, lineno,
				 INF_MAX_LINES);
			return -1;
		}
		{
			char *copy = xstrdup(line);

			eq = find_eq(line);
			if (eq != NULL) {
				*eq = '\0';
				section_add(cur, trim(line), trim(eq + 1), 1, lineno, copy);
			} else {
				section_add(cur, line, "", 0, lineno, copy);
			}
			free(copy);
		}
	}
	inf->nlines = lineno;
	return 0;
}

int inf_parse(const char *path, const unsigned char *data, size_t size, struct inf **out,
	      struct nerr *e)
{
	struct inf *inf = xcalloc(1, sizeof(*inf));
	char *text = NULL;
	size_t len = 0;

	*out = NULL;
	inf->path = xstrdup(path);
	if (decode(path, data, size, &inf->encoding, &text, &len, e) != 0 ||
	    split(inf, text, len, e) != 0) {
		free(text);
		inf_free(inf);
		return -1;
	}
	free(text);
	*out = inf;
	return 1;
}

int inf_open(const char *path, struct inf **out, struct nerr *e)
{
	return inf_open_fd(-1, path, out, e);
}

int inf_open_fd(int fd, const char *path, struct inf **out, struct nerr *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = file_read_bounded_fd(fd, path, INF_MAX_SIZE, &buf, &len, e);
	if (rc == 0)
		nerr_set(e, "%s: %zu bytes; security templates larger than %u bytes are not read",
			 path, len, (unsigned)INF_MAX_SIZE);
	if (rc != 1)
		return -1;
	rc = inf_parse(path, buf, len, out, e);
	free(buf);
	return rc;
}

void inf_free(struct inf *inf)
{
	size_t i, j;

	if (inf == NULL)
		return;
	for (i = 0; i < inf->nsections; i++) {
		struct inf_section *s = &inf->sections[i];

		for (j = 0; j < s->n; j++) {
			free(s->lines[j].key);
			free(s->lines[j].value);
			free(s->lines[j].text);
		}
		free(s->lines);
		free(s->name);
	}
	free(inf->sections);
	free(inf->path);
	free(inf);
}

void inf_free_void(void *inf)
{
	inf_free(inf);
}

const struct inf_section *inf_section(const struct inf *inf, const char *name)
{
	size_t i;

	for (i = 0; i < inf->nsections; i++)
		if (ascii_casecmp(inf->sections[i].name, name) == 0)
			return &inf->sections[i];
	return NULL;
}

const struct inf_line *inf_find(const struct inf_section *s, const char *key)
{
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = s->n; i > 0; i--)
		if (s->lines[i - 1].has_eq && ascii_casecmp(s->lines[i - 1].key, key) == 0)
			return &s->lines[i - 1];
	return NULL;
}

/* ------------------------------------------------------------ recognition */

/* Sections only a security template has (secedit / Group Policy). */
static const char *const template_sections[] = {
	"System Access", "Privilege Rights", "Registry Values", "Event Audit",
	"Kerberos Policy", "Service General Setting", "Group Membership", "File Security",
	"Registry Keys", "System Log", "Security Log", "Application Log", NULL,
};

static int is_template_section(const char *name)
{
	const char *const *s;

	for (s = template_sections; *s != NULL; s++)
		if (ascii_casecmp(name, *s) == 0)
			return 1;
	return 0;
}

/* Discovery's sniffer: a secedit export until the reader tells a GPO's
 * template from it by where it sits (the format is the same). */
enum artifact_kind inf_sniff(const unsigned char *head, size_t n, const char **note)
{
	(void)note;
	return inf_sniff_security_template(head, n) ? ART_SECPOL_EXPORT : ART_UNKNOWN;
}

/* Characters of the head that the sniffer looks at. */
#define SNIFF_CHARS 4096

int inf_sniff_security_template(const unsigned char *head, size_t n)
{
	char text[SNIFF_CHARS + 1];
	size_t i = 0, t = 0;
	int utf16 = 0, marker = 0, section = 0, first = 1, unicode = 0, chicago = 0, other = 0;
	char *p, *line;

	if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
		utf16 = 1;
		i = 2;
	} else if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
		i = 3;
	} else if (looks_utf16le(head, n)) {
		utf16 = 1;
	}
	/* An ASCII view of the head: enough to see section headers. */
	while (i < n && t < SNIFF_CHARS) {
		unsigned c;

		if (utf16) {
			if (i + 1 >= n)
				break;
			c = head[i + 1] == 0 ? head[i] : '?';
			i += 2;
		} else {
			c = head[i++];
		}
		if (c != 0)
			text[t++] = (char)(c < 0x80 ? c : '?');
	}
	text[t] = '\0';
	for (p = text; p != NULL;) {
		char *nl = strchr(p, '\n');

		if (nl != NULL)
			*nl = '\0';
		line = trim(p);
		p = nl != NULL ? nl + 1 : NULL;
		if (*line == '\0' || *line == ';')
			continue;
		if (first && *line != '[')
			return 0;
		first = 0;
		if (*line == '[') {
			char *close = strchr(line, ']');

			if (close == NULL)
				continue;
			*close = '\0';
			line = trim(line + 1);
			if (ascii_casecmp(line, "Unicode") == 0) {
				marker = 1;
				unicode = 1;
			} else if (ascii_casecmp(line, "Version") == 0) {
				marker = 1;
			} else if (is_template_section(line)) {
				section = 1;
			} else {
				other = 1;
			}
		} else if (ascii_ncasecmp(line, "signature", 9) == 0 && strstr(line, "$CHICAGO$")) {
			marker = 1;
			chicago = 1;
		}
	}
	/* [Unicode] and a $CHICAGO$ [Version] alone: the empty template the
	 * Group Policy editor leaves when a GPO's security settings are
	 * cleared. Only when the whole file was seen. */
	return marker && (section || (unicode && chicago && !other && t < SNIFF_CHARS && n < DISCOVER_HEAD));
}

static int unquoted_equal(const char *v, const char *want)
{
	size_t n = strlen(v);

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		return n - 2 == strlen(want) && ascii_ncasecmp(v + 1, want, n - 2) == 0;
	return ascii_casecmp(v, want) == 0;
}

int inf_is_security_template(const struct inf *inf, const char **why, const char **warning)
{
	const struct inf_section *ver = inf_section(inf, "Version");
	const struct inf_line *sig = inf_find(ver, "signature");
	size_t i;
	int section = 0;

	*why = NULL;
	*warning = NULL;
	if (sig != NULL && !unquoted_equal(sig->value, "$CHICAGO$")) {
		*why = "its [Version] signature is not \"$CHICAGO$\", so it is some other kind of INF";
		return 0;
	}
	for (i = 0; i < inf->nsections; i++)
		if (is_template_section(inf->sections[i].name))
			section = 1;
	if (!section && sig != NULL && inf_section(inf, "Unicode") != NULL &&
	    inf->nsections == 1 + (ver != NULL)) {
		*warning = "an empty security template (only [Unicode] and [Version]): it sets no "
			   "right and no value";
		return 1;
	}
	if (!section) {
		*why = "it has none of the sections of a security template";
		return 0;
	}
	if (sig == NULL && inf_section(inf, "Unicode") == NULL) {
		*why = "it has neither a [Unicode] section nor a [Version] signature";
		return 0;
	}
	if (sig == NULL)
		*warning = "no [Version] signature=\"$CHICAGO$\" (secedit and Group Policy write "
			   "one); read as a security template because of its sections";
	return 1;
}

/* ------------------------------------------------------------ GPO layout */

static int is_guid_folder(const char *s, size_t n)
{
	static const char shape[] = "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}";
	size_t i;

	if (n != sizeof(shape) - 1)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (shape[i] == 'X') {
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
				return 0;
		} else if (c != shape[i]) {
			return 0;
		}
	}
	return 1;
}

int inf_gpo_location(const char *path, char **gpo_id, const char **why)
{
	static const char *const layout[] = {"Machine", "Microsoft", "Windows NT", "SecEdit"};
	const char *comp[64];
	size_t clen[64], nc = 0, i, j;
	const char *p = path;
	int gpo = 0;

	*gpo_id = NULL;
	*why = NULL;
	/* Split into components; keep only the last 64 (deeper is not a GPO
	 * layout question). */
	while (*p != '\0') {
		size_t n = strcspn(p, "/\\");

		if (n > 0) {
			if (nc == 64) {
				memmove(comp, comp + 1, sizeof(comp[0]) * 63);
				memmove(clen, clen + 1, sizeof(clen[0]) * 63);
				nc = 63;
			}
			comp[nc] = p;
			clen[nc++] = n;
		}
		p += n;
		p += strspn(p, "/\\");
	}
	if (nc == 0)
		return 0;
	if (nc >= 5) {
		for (j = 0; j < 4; j++) {
			size_t k = nc - 5 + j;

			if (clen[k] != strlen(layout[j]) || ascii_ncasecmp(comp[k], layout[j], clen[k]) != 0)
				break;
		}
		if (j == 4) {
			gpo = 1;
			*why = "it sits in a Group Policy object's Machine\\Microsoft\\Windows NT\\SecEdit "
			       "folder";
		}
	}
	if (!gpo && clen[nc - 1] == strlen("GptTmpl.inf") &&
	    ascii_ncasecmp(comp[nc - 1], "GptTmpl.inf", clen[nc - 1]) == 0) {
		gpo = 1;
		*why = "it is named GptTmpl.inf, the name Group Policy gives its security template";
	}
	if (!gpo)
		return 0;
	for (i = nc - 1; i > 0; i--) {
		if (is_guid_folder(comp[i - 1], clen[i - 1])) {
			*gpo_id = xstrndup(comp[i - 1], clen[i - 1]);
			break;
		}
	}
	return 1;
}

/* ------------------------------------------------------------ lists */

static char *unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		return trim(s + 1);
	}
	return s;
}

size_t inf_split_list(const char *value, char ***out, size_t max)
{
	char *copy = xstrdup(value), *p = copy;
	char **items = NULL;
	size_t n = 0;
	int q;

	*out = NULL;
	for (;;) {
		char *start = p, *item;

		for (q = 0; *p != '\0' && (*p != ',' || q); p++)
			if (*p == '"')
				q = !q;
		if (*p == ',')
			*p++ = '\0';
		else
			p = NULL;
		item = unquote(trim(start));
		if (*item != '\0' && n < max) {
			items = xreallocarray(items, n + 1, sizeof(*items));
			items[n++] = xstrdup(item);
		}
		if (p == NULL)
			break;
	}
	free(copy);
	*out = items;
	return n;
}

void inf_items_free(char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(items[i]);
	free(items);
}
