/* Typed access to registry values. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/regval.h"
#include "ndes-audit/util.h"

void regval_free(struct regval *v)
{
	if (v == NULL)
		return;
	free(v->data);
	v->data = NULL;
	v->size = 0;
}

const char *regtype_name(uint32_t type)
{
	static const char *const names[] = {
		"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
		"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
		"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	return "REG_(unknown type)";
}

int regval_dword(const struct regval *v, uint32_t *out, struct nerr *e)
{
	if (v->type != REGT_DWORD) {
		nerr_set(e, "stored as %s, expected REG_DWORD", regtype_name(v->type));
		return -1;
	}
	if (v->size != 4) {
		nerr_set(e, "REG_DWORD with %zu bytes of data instead of 4", v->size);
		return -1;
	}
	*out = (uint32_t)v->data[0] | ((uint32_t)v->data[1] << 8) |
	       ((uint32_t)v->data[2] << 16) | ((uint32_t)v->data[3] << 24);
	return 0;
}

int regval_string(const struct regval *v, char **out, struct nerr *e)
{
	*out = NULL;
	if (v->type != REGT_SZ && v->type != REGT_EXPAND_SZ) {
		nerr_set(e, "stored as %s, expected REG_SZ", regtype_name(v->type));
		return -1;
	}
	*out = utf16le_to_utf8(v->data, v->size);
	return 0;
}

char *regval_display(const struct regval *v)
{
	struct strbuf sb;
	uint32_t d;
	size_t i, shown;

	sb_init(&sb);
	switch (v->type) {
	case REGT_DWORD:
		if (regval_dword(v, &d, NULL) == 0) {
			sb_printf(&sb, "%u (0x%x)", d, d);
			return sb_take(&sb);
		}
		break;
	case REGT_SZ:
	case REGT_EXPAND_SZ: {
		char *s = utf16le_to_utf8(v->data, v->size), *p = printable(s);

		sb_printf(&sb, "\"%s\"", p);
		free(s);
		free(p);
		return sb_take(&sb);
	}
	default:
		break;
	}
	sb_printf(&sb, "%s, %zu bytes", regtype_name(v->type), v->size);
	shown = v->size < 32 ? v->size : 32;
	if (shown > 0)
		sb_add(&sb, ":");
	for (i = 0; i < shown; i++)
		sb_printf(&sb, " %02x", v->data[i]);
	if (shown < v->size)
		sb_add(&sb, " ...");
	return sb_take(&sb);
}
