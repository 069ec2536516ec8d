/* A registry value as read from any registry source, and typed access to it
 * that says clearly when the type is not what a check expects. */
#ifndef NDES_AUDIT_REGVAL_H
#define NDES_AUDIT_REGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum {
	REGT_NONE = 0, REGT_SZ = 1, REGT_EXPAND_SZ = 2, REGT_BINARY = 3,
	REGT_DWORD = 4, REGT_DWORD_BE = 5, REGT_LINK = 6, REGT_MULTI_SZ = 7,
	REGT_RESOURCE_LIST = 8, REGT_FULL_RESOURCE_DESCRIPTOR = 9,
	REGT_RESOURCE_REQUIREMENTS_LIST = 10, REGT_QWORD = 11
};

#define REGVAL_MAX_SIZE (16u * 1024u * 1024u)

struct regval {
	uint32_t type;
	uint8_t *data;
	size_t size;
};

void regval_free(struct regval *v);
const char *regtype_name(uint32_t type); /* "REG_DWORD", or "type 0x..." in a static buffer per call site */

/* Typed access: 0 ok, -1 with e set ("is REG_SZ, expected REG_DWORD"). */
int regval_dword(const struct regval *v, uint32_t *out, struct nerr *e);
int regval_string(const struct regval *v, char **out, struct nerr *e);
/* A short, printable rendering for evidence: 65534 (0xfffe), "text",
 * hex bytes (capped). Heap string. */
char *regval_display(const struct regval *v);

#endif
