/* Checks of a hive's key node (nk) cells from the raw bytes, made before
 * the registry library opens a key: libregf 20201007 reads a key's values
 * list when it opens the key, and its bound on the list is computed in 32
 * bits (cell size < count * 4), so a key claiming 0x40000000 values or
 * more passes it and libregf reads past the cell (tests/fuzz/regress/hive/
 * libregf-values-list-overread.hiv). The same counts bound the subkey
 * lists (lf, lh, li, ri) here, as libregf reads them on open as well.
 * Offsets are relative to the first hive bin, as in the cells; messages
 * give file offsets (4096 more). */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndes-audit/err.h"
#include "read/hive.h"
#include "read/hivecell.h"
#include "ndes-audit/util.h"

#define BASE_BLOCK 4096u
#define NK_FIXED 76u     /* nk fields before the name */
#define MAX_RI_DEPTH 8u  /* Windows puts leaf lists under an ri, never an ri */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static unsigned long long file_off(uint32_t off)
{
	return (unsigned long long)off + BASE_BLOCK;
}

/* n bytes at cell offset off, inside the bins: a pointer into the bytes
 * in memory, or into tmp (n bytes) read from the file. NULL past the bins
 * or on a read error. */
static const unsigned char *get(const struct hive_cells *c, uint32_t off, uint32_t n,
				unsigned char *tmp)
{
	size_t got = 0;

	if ((uint64_t)off + n > c->hbins_size)
		return NULL;
	if (c->buf != NULL)
		return c->buf + BASE_BLOCK + off;
	while (got < n) {
		ssize_t r = pread(c->fd, tmp + got, n - got, (off_t)(BASE_BLOCK + off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		got += (size_t)r;
	}
	return tmp;
}

/* The size of the cell at off (its size field included, allocated or
 * not): 0 when the cell does not lie inside the bins. */
static uint32_t cell_size(const struct hive_cells *c, uint32_t off)
{
	unsigned char tmp[4];
	const unsigned char *p = get(c, off, 4, tmp);
	int32_t raw;
	uint32_t size;

	if (p == NULL)
		return 0;
	raw = (int32_t)le32(p);
	size = raw < 0 ? (uint32_t)(-(int64_t)raw) : (uint32_t)raw;
	if (size < 8 || (uint64_t)off + size > c->hbins_size)
		return 0;
	return size;
}

/* The element bytes of the subkey list at off (lf, lh, li or ri), in
 * *owned when read from a file. 0 with *els, *n, *width, *ri; -1 with e. */
static int read_list(const struct hive_cells *c, uint32_t off, unsigned char **owned,
		     const unsigned char **els, uint32_t *n, uint32_t *width, int *ri,
		     struct nerr *e)
{
	unsigned char head[8];
	const unsigned char *p;
	uint32_t size = cell_size(c, off);

	*owned = NULL;
	p = size ? get(c, off, 8, head) : NULL;
	if (p == NULL) {
		nerr_set(e, "offset %llu: subkey list cell outside the hive bins", file_off(off));
		return -1;
	}
	*ri = p[4] == 'r' && p[5] == 'i';
	if (!*ri && !(p[4] == 'l' && (p[5] == 'f' || p[5] == 'h' || p[5] == 'i'))) {
		nerr_set(e, "offset %llu: not a subkey list (no lf, lh, li or ri signature)",
			 file_off(off));
		return -1;
	}
	*n = le16(p + 6);
	*width = p[4] == 'l' && p[5] != 'i' ? 8 : 4;
	if (8 + (uint64_t)*n * *width > size) {
		nerr_set(e, "offset %llu: subkey list claims %u elements of %u bytes, its cell holds %u",
			 file_off(off), *n, *width, (size - 8) / *width);
		return -1;
	}
	if (c->buf == NULL && *n > 0)
		*owned = xmalloc((size_t)*n * *width);
	*els = *n > 0 ? get(c, off + 8, *n * *width, *owned) : NULL;
	if (*n > 0 && *els == NULL) {
		free(*owned);
		*owned = NULL;
		nerr_set(e, "offset %llu: subkey list unreadable", file_off(off));
		return -1;
	}
	return 0;
}

/* Check the subkey list at off and the lists an ri under it points to;
 * with out, append the key offsets (in list order) to it. Elements that
 * point past the bins are skipped, as libregf skips them. */
static int walk_list(const struct hive_cells *c, uint32_t off, unsigned depth,
		     struct hive_offsets *out, struct nerr *e)
{
	unsigned char *owned;
	const unsigned char *els;
	uint32_t n, width, i;
	int ri, rc = 0;

	if (depth > MAX_RI_DEPTH) {
		nerr_set(e, "offset %llu: subkey index lists nested deeper than %u", file_off(off), MAX_RI_DEPTH);
		return -1;
	}
	if (read_list(c, off, &owned, &els, &n, &width, &ri, e) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		uint32_t el = le32(els + (size_t)i * width);

		if (el >= c->hbins_size)
			continue;
		if (ri)
			rc = walk_list(c, el, depth + 1, out, e);
		else if (out != NULL) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				out->off = xrealloc(out->off, out->cap * sizeof(*out->off));
			}
			out->off[out->n++] = el;
		}
	}
	free(owned);
	return rc;
}

int hive_cells_check_key(const struct hive_cells *c, uint32_t off, struct nerr *e)
{
	unsigned char tmp[NK_FIXED + 4];
	const unsigned char *p, *d;
	uint32_t size = cell_size(c, off), nvalues, list, lsize;

	p = size >= 4 + NK_FIXED ? get(c, off, 4 + NK_FIXED, tmp) : NULL;
	if (p == NULL || p[4] != 'n' || p[5] != 'k') {
		nerr_set(e, "offset %llu: not a key node cell", file_off(off));
		return -1;
	}
	d = p + 4;
	if (NK_FIXED + 4 + (uint32_t)le16(d + 72) > size) {
		nerr_set(e, "offset %llu: key name of %u bytes past its cell", file_off(off), le16(d + 72));
		return -1;
	}
	nvalues = le32(d + 36);
	list = le32(d + 40);
	if (nvalues > 0) {
		lsize = cell_size(c, list);
		if (lsize == 0) {
			nerr_set(e, "offset %llu: key claims %u values, its values list offset %u is outside the hive bins",
				 file_off(off), nvalues, list);
			return -1;
		}
		if ((uint64_t)nvalues * 4 > lsize - 4) {
			nerr_set(e, "offset %llu: key claims %u values, its values list cell at offset %llu holds %u",
				 file_off(off), nvalues, file_off(list), (lsize - 4) / 4);
			return -1;
		}
	}
	if (le32(d + 20) > 0 && walk_list(c, le32(d + 28), 0, NULL, e) != 0)
		return -1;
	return 0;
}

int hive_cells_subkeys(const struct hive_cells *c, uint32_t off, struct hive_offsets *out,
		       struct nerr *e)
{
	unsigned char tmp[NK_FIXED + 4];
	const unsigned char *p = cell_size(c, off) >= 4 + NK_FIXED ? get(c, off, 4 + NK_FIXED, tmp)
								     : NULL;

	out->n = 0;
	if (p == NULL || p[4] != 'n' || p[5] != 'k') {
		nerr_set(e, "offset %llu: not a key node cell", file_off(off));
		return -1;
	}
	if (le32(p + 4 + 20) == 0)
		return 0;
	return walk_list(c, le32(p + 4 + 28), 0, out, e);
}

char *hive_cells_ascii_name(const struct hive_cells *c, uint32_t off)
{
	/* The fixed fields and a name of up to 255 UTF-16 characters in one
	 * read; a longer name takes a second. */
	unsigned char tmp[4 + NK_FIXED + 510], *raw = NULL;
	const unsigned char *p, *nm;
	uint32_t size = cell_size(c, off), len, i, nch;
	int compressed;
	char *name = NULL;

	p = size >= 4 + NK_FIXED ? get(c, off, size < sizeof(tmp) ? size : sizeof(tmp), tmp) : NULL;
	if (p == NULL || p[4] != 'n' || p[5] != 'k')
		return NULL;
	compressed = (le16(p + 4 + 2) & 0x0020) != 0; /* flag 0x20: one byte a character */
	len = le16(p + 4 + 72);
	if (len == 0 || NK_FIXED + 4 + len > size || (!compressed && len % 2 != 0))
		return NULL;
	nch = compressed ? len : len / 2;
	if (4 + NK_FIXED + len <= sizeof(tmp)) {
		nm = p + 4 + NK_FIXED;
	} else {
		raw = xmalloc(len);
		nm = get(c, off + 4 + NK_FIXED, len, raw);
	}
	if (nm != NULL) {
		name = xmalloc(nch + 1u);
		for (i = 0; i < nch; i++) {
			unsigned ch = compressed ? nm[i] : le16(nm + 2 * i);

			if (ch == 0 || ch >= 0x80)
				break;
			name[i] = (char)ch;
		}
		name[i] = '\0';
		if (i < nch) {
			free(name);
			name = NULL;
		}
	}
	free(raw);
	return name;
}

int hive_cells_name_may_be(const struct hive_cells *c, uint32_t off, const char *name)
{
	const unsigned char *u;
	char *have;
	int rc;

	for (u = (const unsigned char *)name; *u != '\0'; u++)
		if (*u >= 0x80)
			return 1; /* left to libregf's Unicode case folding */
	have = hive_cells_ascii_name(c, off);
	if (have == NULL)
		return 1; /* unreadable or beyond ASCII: it may be any name */
	rc = ascii_casecmp(have, name) == 0;
	free(have);
	return rc;
}
