/* The newest key last-written time of a hive, from the raw bytes in file
 * order: no registry library, no tree walk, and fed block by block, so that the
 * pass that hashes a hive (src/bundle/hash.c) finds its key times in the
 * same read. Only cells that hold together as key nodes count, and only
 * times in [1980, 2100): value data may start with "nk" as well. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndes-audit/err.h"
#include "read/hive.h"
#include "ndes-audit/util.h"

#define BASE_BLOCK 4096u
/* Hive bins larger than this are skipped (a 4 KiB multiple; real bins
 * are 4 KiB, rarely a few hundred KiB). */
#define SCAN_MAX_BIN (16u * 1024u * 1024u)
#define KEY_TIME_MIN 119600064000000000ULL /* 1980-01-01 as FILETIME */
#define KEY_TIME_MAX 157469184000000000ULL /* 2100-01-01 as FILETIME */

enum { SCAN_BASE, SCAN_BINS, SCAN_DONE };

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* A cell offset (relative to the first bin) that can point at a cell. */
static int cell_offset_ok(uint32_t o, uint32_t hbins_size)
{
	return o != 0xFFFFFFFFu && o % 8 == 0 && o >= 32 && o < hbins_size;
}

/* Is the allocated cell c (csize bytes, size field included) a key node?
 * The name must fit the cell and the offsets the key would use must point
 * inside the bins. */
static int nk_cell_plausible(const unsigned char *c, uint32_t csize, uint32_t hbins_size)
{
	const unsigned char *d = c + 4;
	uint32_t dsize = csize - 4;
	uint16_t flags, name_len;

	if (dsize < 76 || d[0] != 'n' || d[1] != 'k')
		return 0;
	flags = le16(d + 2);
	name_len = le16(d + 72);
	if (name_len == 0 || 76u + name_len > dsize)
		return 0;
	if (!(flags & 0x0004) && !cell_offset_ok(le32(d + 16), hbins_size))
		return 0; /* every key but the root has a parent */
	if (le32(d + 20) > 0 && !cell_offset_ok(le32(d + 28), hbins_size))
		return 0; /* subkeys without a subkey list */
	if (le32(d + 36) > 0 && !cell_offset_ok(le32(d + 40), hbins_size))
		return 0; /* values without a value list */
	return cell_offset_ok(le32(d + 44), hbins_size); /* every key has a security cell */
}

/* Walk the cells of one whole bin and raise s->best. */
static void scan_bin(struct hive_time_scan *s, const unsigned char *b, uint32_t binsize)
{
	uint32_t pos;

	for (pos = 32; pos + 8 <= binsize;) {
		int32_t raw = (int32_t)le32(b + pos);
		uint32_t csize = raw < 0 ? (uint32_t)(-(int64_t)raw) : (uint32_t)raw;

		if (csize < 8 || csize % 8 != 0 || csize > binsize - pos)
			break; /* a broken cell ends the walk of this bin */
		if (raw < 0 && nk_cell_plausible(b + pos, csize, s->hbins_size)) {
			uint64_t t = le64(b + pos + 8);

			if (t >= KEY_TIME_MIN && t < KEY_TIME_MAX) {
				if (t > s->best)
					s->best = t;
				s->found = 1;
			}
		}
		pos += csize;
	}
}

void hive_time_scan_init(struct hive_time_scan *s)
{
	memset(s, 0, sizeof(*s));
	s->state = SCAN_BASE;
}

/* Take up to *n bytes from *p into s->buf until it holds want bytes. */
static int fill(struct hive_time_scan *s, const unsigned char **p, size_t *n, size_t want)
{
	size_t take = want - s->have < *n ? want - s->have : *n;

	if (want > s->cap) {
		s->buf = xrealloc(s->buf, want);
		s->cap = want;
	}
	memcpy(s->buf + s->have, *p, take);
	s->have += take;
	*p += take;
	*n -= take;
	s->off += take;
	return s->have == want;
}

/* The bin header hdr at file offset bin_off: sets up the reading of its
 * bin (s->need, the whole bin with its header; or s->skip for the rest of
 * one too large to scan) and returns 1, or
 * ends the scan and returns 0 when the rest is not bins. */
static int bin_header(struct hive_time_scan *s, const unsigned char *hdr, uint64_t bin_off)
{
	uint32_t binsize = le32(hdr + 8);

	if (memcmp(hdr, "hbin", 4) != 0 || binsize < 4096 || binsize % 4096 != 0 ||
	    bin_off + binsize > s->end) {
		s->state = SCAN_DONE; /* the rest is not bins: keep what we have */
		return 0;
	}
	if (binsize > SCAN_MAX_BIN) {
		s->skip = binsize - 32;
		s->have = 0;
	} else {
		s->need = binsize; /* the header stays in front of the bin's cells */
	}
	return 1;
}

/* Whole bins that lie inside the block are scanned where they are; only
 * a bin cut by the block's end is assembled in s->buf. */
void hive_time_scan_feed(struct hive_time_scan *s, const unsigned char *p, size_t n)
{
	while (n > 0 && s->state != SCAN_DONE) {
		if (s->state == SCAN_BASE) {
			if (!fill(s, &p, &n, BASE_BLOCK))
				return;
			s->hbins_size = le32(s->buf + 40);
			if (memcmp(s->buf, "regf", 4) != 0 || s->hbins_size < 4096) {
				s->state = SCAN_DONE;
				return;
			}
			s->end = (uint64_t)BASE_BLOCK + s->hbins_size;
			s->state = SCAN_BINS;
			s->have = 0;
			s->need = 32;
			continue;
		}
		if (s->off >= s->end) {
			s->state = SCAN_DONE;
			return;
		}
		if (s->skip > 0) { /* the rest of a bin too large to scan */
			size_t take = s->skip < n ? (size_t)s->skip : n;

			s->skip -= take;
			s->off += take;
			p += take;
			n -= take;
			continue;
		}
		if (s->have == 0 && s->need == 32 && n >= 32) { /* a header, in place */
			uint64_t bin_off = s->off;

			if (!bin_header(s, p, bin_off))
				return;
			if (s->skip == 0 && s->need <= n) {
				scan_bin(s, p, (uint32_t)s->need);
				p += s->need;
				n -= s->need;
				s->off += s->need;
				s->need = 32;
				continue;
			}
			if (s->skip > 0) { /* too large: step over its header */
				p += 32;
				n -= 32;
				s->off += 32;
				continue;
			}
			/* the bin goes on past this block: assemble it */
			fill(s, &p, &n, s->need);
			continue;
		}
		if (!fill(s, &p, &n, s->need))
			return;
		if (s->need == 32) { /* a bin header cut by the block's end */
			if (!bin_header(s, s->buf, s->off - 32))
				return;
			continue;
		}
		scan_bin(s, s->buf, (uint32_t)s->need);
		s->have = 0;
		s->need = 32;
	}
}

uint64_t hive_time_scan_data_end(const struct hive_time_scan *s)
{
	if (s->state == SCAN_BASE)
		return 0;
	return s->end > 0 ? s->end : BASE_BLOCK;
}

int hive_time_scan_finish(struct hive_time_scan *s, uint64_t *filetime)
{
	*filetime = s->best;
	free(s->buf);
	s->buf = NULL;
	s->cap = 0;
	s->state = SCAN_DONE;
	return s->found;
}

int hive_file_newest_key_time(const char *path, uint64_t *filetime, struct nerr *e)
{
	struct hive_time_scan s;
	unsigned char *buf;
	int fd, rc;

	*filetime = 0;
	fd = open_regular(path, O_NOFOLLOW, e);
	if (fd < 0)
		return -1;
	buf = xmalloc(1024 * 1024);
	hive_time_scan_init(&s);
	while (s.state != SCAN_DONE) {
		ssize_t n = read(fd, buf, 1024 * 1024);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nerr_set(e, "%s: read error at byte offset %llu: %s", path,
				 (unsigned long long)s.off, strerror(errno));
			hive_time_scan_finish(&s, filetime);
			free(buf);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		hive_time_scan_feed(&s, buf, (size_t)n);
	}
	rc = hive_time_scan_finish(&s, filetime);
	free(buf);
	close(fd);
	return rc;
}
