/* A registry source as the facts layer sees it: one hive today (a .reg
 * export can implement the same calls later). Errors name the artifact,
 * the key path and the value. 1 found / 0 absent / -1 error. */
#ifndef NDES_AUDIT_REGISTRY_H
#define NDES_AUDIT_REGISTRY_H

#include <stddef.h>

#include "err.h"
#include "regval.h"

struct hive;

/* At most this many subkey names are listed from one key. */
#define REG_MAX_SUBKEYS 65536

struct regsrc {
	const char *artifact; /* path of the file, for evidence */
	struct hive *hive;
};

struct strlist {
	char **v;
	size_t n, cap;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_sort(struct strlist *l);
void strlist_free(struct strlist *l);

int reg_value(const struct regsrc *r, const char *key, const char *name,
	      struct regval *out, struct nerr *e);
int reg_key_exists(const struct regsrc *r, const char *key, struct nerr *e);
/* Subkey names of key, sorted case-insensitively. */
int reg_subkeys(const struct regsrc *r, const char *key, struct strlist *out, struct nerr *e);

/* One value of every subkey of key, in one pass over the subkeys (a path
 * lookup per subkey costs a scan of all its siblings in a large key). For
 * each subkey, in the order of reg_subkeys, fn gets its name and rc: 1 the
 * value (*v) was read, 0 the subkey has no such value, -1 it could not be
 * read (*ve says why). Returns 1, 0 when key is absent, -1 when the
 * subkeys cannot be listed (e set). */
struct reg_subkey_value {
	char *subkey;
	int rc;
	struct regval v;
	char *error;
};
int reg_subkey_values(const struct regsrc *r, const char *key, const char *name,
		      struct reg_subkey_value **out, size_t *n, struct nerr *e);
void reg_subkey_values_free(struct reg_subkey_value *v, size_t n);

/* Convenience: a REG_DWORD. 1 found, 0 absent, -1 read error or wrong type
 * (e says which; *type_out, when given, receives the stored type). */
int reg_dword(const struct regsrc *r, const char *key, const char *name,
	      uint32_t *out, struct nerr *e);
/* A REG_SZ or REG_EXPAND_SZ as UTF-8. */
int reg_string(const struct regsrc *r, const char *key, const char *name,
	       char **out, struct nerr *e);

#endif
