/* The security template reader: `secedit /export /cfg` files and Group
 * Policy GptTmpl.inf (the same INF format). inf.c decodes the text
 * (UTF-16LE with or without a BOM, UTF-8 with or without a BOM, ANSI
 * code page 1252; CRLF or LF) and splits it into sections and lines,
 * keeping each line's number for evidence. Everything read from the file
 * is bounded: file size, line length, sections, lines. */
#ifndef NDES_AUDIT_INF_H
#define NDES_AUDIT_INF_H

#include <stddef.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

#define INF_MAX_SIZE (8u * 1024u * 1024u) /* bytes of file */
#define INF_MAX_LINE 65536u               /* bytes of one decoded line */
#define INF_MAX_SECTIONS 1024u            /* section headers in one file */
#define INF_MAX_LINES 200000u             /* entry lines in one file */

enum inf_encoding { INF_UTF16LE, INF_UTF16LE_NOBOM, INF_UTF8_BOM, INF_UTF8, INF_ANSI };

/* One line of a section. A line "key = value" has has_eq = 1, key and
 * value trimmed (quotes kept); a line without '=' ([File Security]) has
 * has_eq = 0 and the whole line in key, value "". */
struct inf_line {
	char *key;
	char *value;
	int has_eq;
	unsigned lineno;       /* 1-based line number in the file */
	char *text;            /* the line as written, trimmed, comment removed */
};

/* A section. Sections of the same name (compared case-insensitively) are
 * merged in file order, as Windows' INF parser does; lineno is the first
 * header's line. */
struct inf_section {
	char *name;
	unsigned lineno;
	struct inf_line *lines;
	size_t n, cap;
};

struct inf {
	char *path;
	enum inf_encoding encoding;
	int crlf;              /* 1 when lines end in CRLF */
	unsigned nlines;       /* lines in the file */
	struct inf_section *sections;
	size_t nsections;
};

/* Read and split the file. 1 = read; -1 = error, e names the file and the
 * byte offset or line. */
int inf_open(const char *path, struct inf **out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link). fd stays the caller's. */
int inf_open_fd(int fd, const char *path, struct inf **out, struct nerr *e);
/* The same on bytes already in memory (path names them in errors). */
int inf_parse(const char *path, const unsigned char *data, size_t size, struct inf **out,
	      struct nerr *e);
void inf_free(struct inf *inf);
void inf_free_void(void *inf);
const char *inf_encoding_name(enum inf_encoding enc);

/* Section by name, case-insensitive; NULL when absent. */
const struct inf_section *inf_section(const struct inf *inf, const char *name);
/* The last line whose key equals key (case-insensitive), or NULL. */
const struct inf_line *inf_find(const struct inf_section *s, const char *key);

/* Content recognition for discovery: do these first bytes of a file look
 * like a security template? Decodes the head (any of the encodings above)
 * and asks for a [Unicode] or [Version] section together with a section a
 * security template has ([System Access], [Privilege Rights], [Registry
 * Values], [Event Audit], ...), the first non-blank line being a section
 * header. NUL bytes do not stop it: the reader reports them. */
int inf_sniff_security_template(const unsigned char *head, size_t n);
/* The same as discovery's sniffer: ART_SECPOL_EXPORT or ART_UNKNOWN. */
enum artifact_kind inf_sniff(const unsigned char *head, size_t n, const char **note);

/* A security template read in full: is it one? 1 yes; 0 not a security
 * template (why in *why, a static string); a [Version] signature other than
 * "$CHICAGO$" says no. *warning gets a static note when the template has
 * no signature at all. */
int inf_is_security_template(const struct inf *inf, const char **why, const char **warning);

/* Where a security template sits: 1 when its path is a Group Policy
 * layout (a GPO's Machine\Microsoft\Windows NT\SecEdit folder, or the file
 * name GptTmpl.inf that Group Policy gives it), 0 otherwise. *gpo_id gets
 * the GPO's {GUID} folder name when the path has one (heap, or NULL);
 * *why a short static explanation. Path separators '/' and '\' both count;
 * names compare case-insensitively. */
int inf_gpo_location(const char *path, char **gpo_id, const char **why);

/* Split a comma-separated value into trimmed, unquoted items (empty items
 * dropped). Returns the count; items in *out (heap array of heap strings,
 * free with inf_items_free). At most max items are kept. */
size_t inf_split_list(const char *value, char ***out, size_t max);
void inf_items_free(char **items, size_t n);

#endif
