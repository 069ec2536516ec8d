/* A registry source as the facts layer and the checks see it: the same
 * calls whether the data comes from a hive (hive.c, libregf) or from .reg
 * text exports of that hive (regexport.c), merged into one view.
 * Errors name the artifact, the key path and the value.
 * 1 found / 0 absent / -1 error.
 *
 * A hive holds everything. A .reg export holds only the keys it contains
 * (see regexport.h, "Coverage"): for a key the exports do not cover, a
 * lookup is neither found nor absent; it returns -1 with e saying which
 * subtrees the exports do cover. reg_covered() tells that case from a read
 * error, so a check can say `ne` instead of `error`, and never `fail`. */
#ifndef NDES_AUDIT_REGISTRY_H
#define NDES_AUDIT_REGISTRY_H

#include <stddef.h>

#include "err.h"
#include "regval.h"

struct hive;
struct regexport;
struct regview;

/* At most this many subkey names are listed from one key. */
#define REG_MAX_SUBKEYS 65536

struct regsrc {
	const char *artifact;  /* the hive's path, or the first .reg export's */
	struct hive *hive;     /* answers every lookup when set */
	struct regview *view;  /* .reg exports of the same hive: they answer the
				* lookups when there is no hive, and are compared
				* with the hive when there is one */
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
/* Value names of key ("" = the default value), sorted case-insensitively. */
int reg_value_names(const struct regsrc *r, const char *key, struct strlist *out,
		    struct nerr *e);

/* Read the values names[0..n-1] of every subkey of key in one pass. On a
 * hive this costs one visit per subkey; looking each KEY\SUB up by path
 * instead costs a scan of the siblings every time, so the square of the
 * subkey count (seconds for a few thousand). fn receives each subkey's
 * name with its values (found[j]: 1 found, 0 absent, -1 unreadable), in
 * name order, case-insensitively; it returns nonzero to stop. 1 done,
 * 0 key absent, -1 error (for .reg exports also: not covered). */
int reg_scan_subkeys(const struct regsrc *r, const char *key, const char *const *names, size_t n,
		     int (*fn)(void *ctx, const char *sub, const struct regval *vals,
			       const int *found),
		     void *ctx, struct nerr *e);

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

/* 1 when the source speaks for key: always for a hive; for .reg exports
 * when one of them covers the key (holds it with its whole subtree, or
 * says it does not exist). */
int reg_covered(const struct regsrc *r, const char *key);
/* What the source covers, for messages: "the whole hive" or the covered
 * subtrees with their files ("Microsoft\Cryptography\MSCEP (mscep.reg)").
 * Heap string. */
char *reg_coverage(const struct regsrc *r);
/* Evidence: the file that holds key (and value name, when not NULL) and
 * the line there (0 for a hive, or when unknown). Never NULL. */
const char *reg_artifact(const struct regsrc *r, const char *key, const char *name,
			 unsigned *line);
/* Evidence location: "KEY\NAME" (name NULL: "KEY"), with " (line N)" when
 * the value comes from a .reg export. Heap string. */
char *reg_location(const struct regsrc *r, const char *key, const char *name);

/* When the source has both a hive and .reg exports: what the exports say
 * about key\name. 1 found (*artifact, *line set), 0 the exports say it does
 * not exist, -2 the exports do not cover it (or there are none), -1 the
 * exports hold it but its data is unreadable (e says why). */
int reg_export_value(const struct regsrc *r, const char *key, const char *name,
		     struct regval *out, const char **artifact, unsigned *line, struct nerr *e);
/* Same data, as the registry would compare it (REG_SZ ignores a missing or
 * extra terminator). */
int regval_equal(const struct regval *a, const struct regval *b);

/* A merged view of the .reg exports of one hive (which = enum regx_hive).
 * Lookups ask the files last to first: a value is taken from the last file
 * that states it; a key exists when any file holds it. */
struct regview *regview_new(int which);
void regview_add(struct regview *v, const struct regexport *x);
size_t regview_count(const struct regview *v);
const struct regexport *regview_at(const struct regview *v, size_t i);
/* SYSTEM: the current control set ("ControlSet002"). An export made on a
 * running server names it CurrentControlSet; lookups of ControlSet002\X
 * then also find CurrentControlSet\X, and the other way round. */
void regview_set_control_set(struct regview *v, const char *cs_key);
/* Names of the top-level keys the exports hold (covered or not). */
void regview_toplevel(const struct regview *v, struct strlist *out);
void regview_free(struct regview *v);

/* Compare what export x holds for its hive `which` with the hive source
 * (cs_key: the hive's current control set, for CurrentControlSet paths).
 * Calls fn once per disagreement (key or value missing on one side, or
 * different data); never prints value data, which may be secret. Stops
 * after max_keys keys; *keys_compared says how many were. Returns the
 * number of disagreements. */
size_t reg_compare_export(const struct regsrc *hive, const struct regexport *x, int which,
			  const char *cs_key, size_t max_keys,
			  void (*fn)(void *ctx, const char *msg), void *ctx,
			  size_t *keys_compared);
/* Values that two exports of the same hive both state with different data
 * (a sorts before b, so b's value is the one used). Returns the number. */
size_t reg_compare_exports(const struct regexport *a, const struct regexport *b, int which,
			   size_t max_keys, void (*fn)(void *ctx, const char *msg), void *ctx);

struct bundle;
/* Note on each readable .reg export where it disagrees with the hive of
 * its keys and with the exports that sort before it (regcross.c).
 * system_cs_key: the SYSTEM hive's current control set, "" unknown. */
void reg_cross_check(struct bundle *b, const char *system_cs_key);

#endif
