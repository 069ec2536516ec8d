/* The bounded line reader shared by the text-log readers. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/lines.h"
#include "ndes-audit/util.h"

/* Bytes asked of read() at a time. */
#define LR_BLOCK (256u * 1024u)

int lr_open(struct line_reader *lr, const char *path, lr_block_fn on_block, void *ctx,
	    struct nerr *e)
{
	return lr_open_input(lr, -1, path, on_block, ctx, e);
}

int lr_open_input(struct line_reader *lr, int in, const char *path, lr_block_fn on_block, void *ctx,
		  struct nerr *e)
{
	int fd = input_fd(in, path, e);

	if (fd < 0) {
		memset(lr, 0, sizeof(*lr));
		lr->fd = -1;
		return -1;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	lr_open_fd(lr, fd, path, on_block, ctx);
	return 0;
}

void lr_open_fd(struct line_reader *lr, int fd, const char *name, lr_block_fn on_block, void *ctx)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->path = name;
	lr->cap = LR_MAX_LINE + LR_BLOCK;
	lr->buf = xmalloc(lr->cap + 1);
	lr->first_block = 1;
	lr->on_block = on_block;
	lr->block_ctx = ctx;
}

void lr_open_mem(struct line_reader *lr, const void *buf, size_t len, const char *name)
{
	lr_open_fd(lr, -1, name, NULL, NULL);
	lr->mem = buf;
	lr->memlen = len;
}

void lr_open_pull(struct line_reader *lr, lr_pull_fn pull, void *ctx, const char *name)
{
	lr_open_fd(lr, -1, name, NULL, NULL);
	lr->pull = pull;
	lr->pull_ctx = ctx;
}

void lr_close(struct line_reader *lr)
{
	if (lr->fd >= 0)
		close(lr->fd);
	free(lr->buf);
	free(lr->raw);
	memset(lr, 0, sizeof(*lr));
	lr->fd = -1;
}

static ssize_t read_some(struct line_reader *lr, unsigned char *to, size_t n)
{
	ssize_t got;

	if (lr->pull != NULL) {
		got = lr->pull(lr->pull_ctx, to, n);
	} else if (lr->fd < 0) {
		/* lr_open_mem: n is at most the buffer's size, far below SSIZE_MAX */
		got = (ssize_t)(lr->memlen - lr->mempos < n ? lr->memlen - lr->mempos : n);
		if (got > 0)
			memcpy(to, lr->mem + lr->mempos, (size_t)got);
		lr->mempos += (size_t)got;
	} else {
		do
			got = read(lr->fd, to, n);
		while (got < 0 && errno == EINTR);
	}
	if (got > 0 && lr->on_block != NULL)
		lr->on_block(lr->block_ctx, to, (size_t)got);
	return got;
}

static unsigned char *put_cp(unsigned char *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xC0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xE0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (unsigned char)(0xF0 | (cp >> 18));
		*o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* UTF-16LE code units in raw[0..n) (after any carried byte) to UTF-8 at
 * out; returns the bytes written. At most 2 bytes of output per input byte
 * (3 per code unit, 4 per surrogate pair) plus 3 for a flushed surrogate. */
static size_t decode16(struct line_reader *lr, const unsigned char *raw, size_t n,
		       unsigned char *out)
{
	unsigned char *o = out;
	size_t i = 0;

	for (;;) {
		uint32_t u;

		if (lr->ncarry == 1) {
			if (i >= n)
				break;
			u = (uint32_t)lr->carry[0] | ((uint32_t)raw[i++] << 8);
			lr->ncarry = 0;
		} else if (i + 1 < n) {
			u = (uint32_t)raw[i] | ((uint32_t)raw[i + 1] << 8);
			i += 2;
		} else {
			if (i < n) {
				lr->carry[0] = raw[i];
				lr->ncarry = 1;
			}
			break;
		}
		if (lr->pending_hi != 0) {
			uint32_t hi = lr->pending_hi;

			lr->pending_hi = 0;
			if (u >= 0xDC00 && u <= 0xDFFF) {
				o = put_cp(o, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
				continue;
			}
			o = put_cp(o, 0xFFFD);
		}
		if (u >= 0xD800 && u <= 0xDBFF)
			lr->pending_hi = u;
		else if (u >= 0xDC00 && u <= 0xDFFF)
			o = put_cp(o, 0xFFFD);
		else
			o = put_cp(o, u);
	}
	return (size_t)(o - out);
}

/* Append more decoded bytes at buf[end]. 1 read something, 0 end of file,
 * -1 error. */
static int fill(struct line_reader *lr, struct nerr *e)
{
	size_t room;
	ssize_t got;

	if (lr->eof)
		return 0;
	if (lr->start > 0) {
		memmove(lr->buf, lr->buf + lr->start, lr->end - lr->start);
		lr->end -= lr->start;
		lr->start = 0;
	}
	room = lr->cap - lr->end;
	if (room == 0)
		return 1;
	if (lr->utf16) {
		size_t want = room / 2 - 4;

		if (lr->raw == NULL)
			lr->raw = xmalloc(LR_BLOCK);
		if (want > LR_BLOCK)
			want = LR_BLOCK;
		got = read_some(lr, lr->raw, want);
		if (got > 0)
			lr->end += decode16(lr, lr->raw, (size_t)got, lr->buf + lr->end);
	} else {
		got = read_some(lr, lr->buf + lr->end, room);
		if (got > 0) {
			lr->end += (size_t)got;
			if (lr->first_block && lr->end >= 2 && lr->buf[0] == 0xFF && lr->buf[1] == 0xFE) {
				/* UTF-16LE: decode what was read, from now on decode as we go. */
				size_t n = lr->end - 2;
				unsigned char *copy = xmalloc(n + 1);

				memcpy(copy, lr->buf + 2, n);
				lr->utf16 = 1;
				lr->end = decode16(lr, copy, n, lr->buf);
				free(copy);
			} else if (lr->first_block && lr->end >= 3 && lr->buf[0] == 0xEF &&
				   lr->buf[1] == 0xBB && lr->buf[2] == 0xBF) {
				lr->start = 3;
			}
			lr->first_block = 0;
		}
	}
	if (got < 0) {
		nerr_set(e, "%s: read error after line %llu: %s", lr->path,
			 (unsigned long long)lr->lineno, strerror(errno));
		return -1;
	}
	if (got == 0) {
		lr->eof = 1;
		if (lr->utf16 && (lr->ncarry || lr->pending_hi)) {
			unsigned char *o = lr->buf + lr->end;

			o = put_cp(o, 0xFFFD);
			lr->end = (size_t)(o - lr->buf);
			lr->ncarry = 0;
			lr->pending_hi = 0;
		}
		return 0;
	}
	return 1;
}

static void fix_nuls(struct line_reader *lr, char *s, size_t n)
{
	char *z;

	while ((z = memchr(s, '\0', n)) != NULL) {
		*z = ' ';
		lr->nul_bytes++;
		n -= (size_t)(z - s) + 1;
		s = z + 1;
	}
}

int lr_next(struct line_reader *lr, char **line, size_t *len, int *over, struct nerr *e)
{
	unsigned char *nl;
	size_t scanned = 0;
	int rc;

	*over = 0;
	while (lr->skipping) {
		nl = memchr(lr->buf + lr->start, '\n', lr->end - lr->start);
		if (nl != NULL) {
			size_t n = (size_t)(nl - (lr->buf + lr->start)) + 1;

			lr->start += n;
			lr->offset += n;
			lr->skipping = 0;
			break;
		}
		lr->offset += lr->end - lr->start;
		lr->start = lr->end;
		rc = fill(lr, e);
		if (rc <= 0)
			return rc;
	}
	for (;;) {
		size_t avail = lr->end - lr->start;

		nl = memchr(lr->buf + lr->start + scanned, '\n', avail - scanned);
		if (nl != NULL)
			break;
		scanned = avail;
		if (avail >= LR_MAX_LINE) {
			/* Over-long: hand out its head, then skip to its end. */
			unsigned char *s = lr->buf + lr->start;

			s[LR_MAX_LINE] = '\0';
			*line = (char *)s;
			*len = LR_MAX_LINE;
			*over = 1;
			lr->overlong++;
			lr->lineno++;
			fix_nuls(lr, *line, *len);
			/* The caller may use the head until the next call; the rest of
			 * the line is skipped then. */
			lr->start += avail;
			lr->offset += avail;
			lr->skipping = 1;
			return 1;
		}
		rc = fill(lr, e);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			if (lr->end == lr->start)
				return 0;
			/* The last line has no line end. */
			*line = (char *)lr->buf + lr->start;
			*len = lr->end - lr->start;
			lr->buf[lr->end] = '\0';
			lr->offset += *len;
			lr->start = lr->end;
			goto got;
		}
	}
	*line = (char *)lr->buf + lr->start;
	*len = (size_t)(nl - (lr->buf + lr->start));
	*nl = '\0';
	lr->offset += *len + 1;
	lr->start += *len + 1;
got:
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*line)[--*len] = '\0';
	lr->lineno++;
	fix_nuls(lr, *line, *len);
	return 1;
}
