/* String, encoding and time helpers. Pure functions, no I/O. */
#ifndef NDES_AUDIT_UTIL_H
#define NDES_AUDIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* ASCII case-insensitive comparison, as Windows compares the names the
 * checks look up (registry paths, service names). */
int ascii_casecmp(const char *a, const char *b);
int ascii_ncasecmp(const char *a, const char *b, size_t n);
int ascii_casesuffix(const char *s, const char *suffix);
/* The first place needle stands in the n bytes at s, ASCII case ignored;
 * NULL when it does not. s need not end in NUL. */
const char *ascii_memcasestr(const char *s, size_t n, const char *needle);

/* UTF-16LE to UTF-8. Stops at the first NUL code unit or at the end of the
 * data; an odd trailing byte is dropped; unpaired surrogates become U+FFFD.
 * Always returns a NUL-terminated heap string. */
char *utf16le_to_utf8(const uint8_t *data, size_t size);

/* Characters no report shows as they are, because a terminal, an editor or
 * a CI viewer would act on them instead of showing them: C0 controls and
 * DEL, C1 controls U+0080-U+009F (U+009B is an 8-bit CSI), the bidi
 * controls that reorder what is shown (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069), the line and paragraph separators
 * U+2028/U+2029, and the noncharacters U+FFFE/U+FFFF. */
int codepoint_hidden(uint32_t cp);

/* The one escaping of text for every text-like output (text report,
 * --dump-facts, JUnit; JSON and SARIF escape all non-ASCII as \uXXXX):
 * bytes that are not valid UTF-8, and each byte of a character
 * codepoint_hidden() names, become \xNN. Tab, LF and CR are kept
 * (TEXT_WS_KEEP), made spaces (TEXT_WS_SPACE) or escaped like the other
 * controls (TEXT_WS_ESCAPE). Returns a heap string; NULL reads as "". */
enum text_ws { TEXT_WS_ESCAPE, TEXT_WS_KEEP, TEXT_WS_SPACE };
char *text_escape(const char *s, enum text_ws ws);

/* text_escape(s, TEXT_WS_ESCAPE): one line, safe to print on a terminal. */
char *printable(const char *s);

/* Lowercase hex of bytes, heap string. Uppercase when upper != 0. */
char *hex_encode(const uint8_t *data, size_t size, int upper);

/* A growable string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
char *sb_take(struct strbuf *sb); /* returns the string, resets the buffer */
void sb_free(struct strbuf *sb);

struct nerr;
/* Open path read-only (plus open_flags, e.g. O_NOFOLLOW; never blocking on
 * a FIFO) and make sure it is a regular file: the descriptor, or -1 with e
 * naming the file. */
int open_regular(const char *path, int open_flags, struct nerr *e);
/* Read a whole regular file of at most max bytes (open_flags: extra open(2)
 * flags, e.g. O_NOFOLLOW). 1: read, *buf NUL-terminated, *len its length;
 * 0: larger than max, *len its size, nothing read (the caller says so in its
 * own words); -1: e names the file and what failed. */
int file_read_bounded(const char *path, int open_flags, uint64_t max, unsigned char **buf,
		      size_t *len, struct nerr *e);
/* The first line of a regular file or a pipe (a FIFO, a shell's <(...)),
 * read without ever blocking in open(2): the line, without its line end,
 * in buf (size bytes; NUL-terminated, *len its length; bytes after the
 * line end may follow the NUL). Reads until the first line end or end of
 * file, waiting for a pipe's writer as long as it keeps the pipe open.
 * 1: read; 0: a pipe gave nothing (a FIFO with no writer); -1: e names the
 * file and what failed, never the content (a line with no end within
 * size - 1 bytes, a device, a folder). buf is wiped unless 1. */
int file_read_first_line(const char *path, char *buf, size_t size, size_t *len, struct nerr *e);
/* The same from the start of an open regular file (in; path names it in
 * errors); in < 0: path opened with O_NOFOLLOW. */
int file_read_bounded_fd(int in, const char *path, uint64_t max, unsigned char **buf, size_t *len,
			 struct nerr *e);

/* An input file of the bundle, opened once: read-only, not following a
 * symbolic link (O_NOFOLLOW) unless follow, never blocking on a FIFO
 * (O_NONBLOCK while opening, cleared after), a regular file. The
 * descriptor, its device and inode (to tell it from a file put at the same
 * path later), or -1 with e naming the file. */
int open_input(const char *path, int follow, uint64_t *dev, uint64_t *ino, struct nerr *e);
/* For a reader given the descriptor fd of path: a descriptor of its own
 * (close-on-exec) of the same open file, rewound to the start, which the
 * reader may close or wrap (stdio, a line reader). fd < 0: path opened as
 * open_regular(path, O_NOFOLLOW) does, for callers that have no
 * descriptor. -1 with e naming path. */
int input_fd(int fd, const char *path, struct nerr *e);
/* An anonymous temporary file in $TMPDIR (else /tmp), open read-write:
 * O_TMPFILE, or a file unlinked as soon as it is made. It has no name, so
 * it vanishes when closed. The descriptor, or -1 with e set. */
int anon_tmpfile(struct nerr *e);

/* Times are seconds since the Unix epoch, UTC, as int64_t. */

/* Parse --as-of: "now", "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ".
 * Returns 0 and sets *out, or -1 when the text is not one of those. */
int time_parse_as_of(const char *text, int64_t now, int64_t *out);
/* Windows FILETIME (100 ns since 1601) to Unix seconds. Returns 0 for a
 * zero FILETIME or one outside 1980..9999 (not a plausible timestamp). */
int filetime_to_unix(uint64_t filetime, int64_t *out);
/* "YYYY-MM-DDThh:mm:ssZ" into buf (at least 32 bytes). */
void time_format_iso(int64_t t, char *buf, size_t size);
/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
