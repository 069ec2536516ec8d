/* Raw checks of a hive's key node cells before the registry library
 * opens a key (hivecell.c). Cell offsets are relative to the first hive
 * bin. */
#ifndef NDES_AUDIT_HIVECELL_H
#define NDES_AUDIT_HIVECELL_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/err.h"

/* The hive's bytes: in memory (buf, the whole file) or read from fd. */
struct hive_cells {
	const unsigned char *buf;
	int fd;
	uint32_t hbins_size;
};

struct hive_offsets {
	uint32_t *off;
	size_t n, cap;
};

/* 0 when libregf may open the key node at off: the cell lies in the bins,
 * is a key node, its name fits, its value count fits its values list cell
 * (count * 4 <= the cell's data) and its subkey lists fit their cells;
 * else -1 with e naming the offset ("offset N: ...", N in the file). */
int hive_cells_check_key(const struct hive_cells *c, uint32_t off, struct nerr *e);
/* The key offsets of the subkey list(s) of the key node at off, in list
 * order, as libregf counts them (those past the bins left out); out->off
 * is the caller's to free. 0, or -1 with e. */
int hive_cells_subkeys(const struct hive_cells *c, uint32_t off, struct hive_offsets *out,
		       struct nerr *e);
/* The name of the key node at off when it is plain ASCII (stored one
 * byte a character, or UTF-16LE below 0x80; no NUL): malloc'd, the
 * caller's to free. NULL when the cell is not a readable key node or the
 * name is empty or goes beyond ASCII. */
char *hive_cells_ascii_name(const struct hive_cells *c, uint32_t off);
/* 0 when the key node at off surely is not named name (ASCII
 * case-insensitive, as libregf compares); 1 when it may be. */
int hive_cells_name_may_be(const struct hive_cells *c, uint32_t off, const char *name);

#endif
