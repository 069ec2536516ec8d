/* A bounded line reader for the text logs (IIS W3C, HTTPERR, SetupMsi.log).
 * It never holds more than one fixed buffer of a file: a line longer than
 * LR_MAX_LINE is reported as over-long (its first bytes are kept) and the
 * rest of it is skipped, so memory does not grow with the file or with a
 * hostile line. LF and CRLF both end a line. A UTF-16LE file (BOM FF FE)
 * is turned into UTF-8 as it streams. */
#ifndef NDES_AUDIT_LINES_H
#define NDES_AUDIT_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/err.h"

/* The longest line kept whole. A PKIOperation GET carries a query of up to
 * 65534 bytes (what MaxFieldLength allows), so a real IIS line fits. */
#define LR_MAX_LINE (256u * 1024u)

/* Called with every block of raw bytes as it is read (before decoding), so
 * a caller can hash the file in the same pass. */
typedef void (*lr_block_fn)(void *ctx, const void *data, size_t n);

/* A source that hands out the next bytes of a stream (an archive member
 * as it is unpacked): up to n bytes into to; 0 at the end, -1 on an error
 * the source itself records. */
typedef long (*lr_pull_fn)(void *ctx, void *to, size_t n);

struct line_reader {
	int fd;
	const char *path;
	unsigned char *buf;     /* LR_MAX_LINE + read block, allocated once */
	size_t cap, start, end; /* unread bytes are buf[start..end) */
	int eof;
	int skipping;           /* inside an over-long line, after its head */
	int utf16;              /* 1: the file is UTF-16LE (BOM seen) */
	int first_block;
	unsigned char carry[2]; /* UTF-16: an odd byte left from the last block */
	size_t ncarry;
	uint32_t pending_hi;    /* UTF-16: a high surrogate waiting for its low half */
	unsigned char *raw;     /* UTF-16: the raw block before decoding */
	uint64_t lineno;        /* number of the line just returned (1-based) */
	uint64_t offset;        /* bytes consumed so far (decoded bytes in UTF-16 mode) */
	uint64_t overlong;      /* lines longer than LR_MAX_LINE so far */
	uint64_t nul_bytes;     /* NUL bytes replaced in lines (binary noise) */
	lr_block_fn on_block;
	void *block_ctx;
	const unsigned char *mem; /* lr_open_mem: the bytes, read in place of fd */
	size_t memlen, mempos;
	lr_pull_fn pull;          /* lr_open_pull: the source, read in place of fd */
	void *pull_ctx;
};

/* Open PATH read-only. 0, or -1 with e naming the file. */
int lr_open(struct line_reader *lr, const char *path, lr_block_fn on_block, void *ctx,
	    struct nerr *e);
/* The same from the start of the regular file open on in (not closed by
 * the reader: it reads a descriptor of its own); in < 0: open PATH. */
int lr_open_input(struct line_reader *lr, int in, const char *path, lr_block_fn on_block, void *ctx,
		  struct nerr *e);
/* Read from an open descriptor (a pipe); NAME is used in errors. The
 * reader closes FD in lr_close. */
void lr_open_fd(struct line_reader *lr, int fd, const char *name, lr_block_fn on_block, void *ctx);
/* Read the LEN bytes at BUF (tests, fuzzers); they must outlive the reader.
 * NAME is used in errors. */
void lr_open_mem(struct line_reader *lr, const void *buf, size_t len, const char *name);
/* Read what pull hands out (one pass, nothing kept beyond the reader's
 * buffer); NAME is used in errors. */
void lr_open_pull(struct line_reader *lr, lr_pull_fn pull, void *ctx, const char *name);
/* The next line without its line end, NUL-terminated, valid until the next
 * call. *over = 1 when the line was longer than LR_MAX_LINE: *line then
 * holds only its first LR_MAX_LINE bytes. Returns 1 line, 0 end of file,
 * -1 read error (e names the file and the line). A NUL byte inside a line
 * is replaced by a space. */
int lr_next(struct line_reader *lr, char **line, size_t *len, int *over, struct nerr *e);
void lr_close(struct line_reader *lr);

#endif
