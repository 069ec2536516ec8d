/* The .reg text export reader: regedit and `reg export` version 5 files
 * (UTF-16LE with a byte order mark, CRLF, hex data wrapped over lines with
 * a trailing backslash), REGEDIT4 files (ANSI), and what hivexregedit
 * --export writes (UTF-8, hex(3) for binary data, paths with or without a
 * root). The file is parsed once into an in-memory model of its keys and
 * values; the facts layer (registry.c) answers registry lookups from it.
 *
 * Which hive a key belongs to comes from its path:
 * HKEY_LOCAL_MACHINE\SOFTWARE\... is SOFTWARE, HKEY_LOCAL_MACHINE\SYSTEM\...
 * is SYSTEM. hivexregedit without --prefix writes paths relative to the
 * hive root ("[\ControlSet001]"); such a file is classified by its top-level
 * key names, as a hive is.
 *
 * Coverage: an export holds only the keys it contains. A key that has a
 * section of its own ("[KEY]") is covered with its whole subtree, as
 * `reg export KEY` writes it: every value and subkey of it is in the file,
 * so one that is missing does not exist. A key that appears only as an
 * ancestor of a section is known to exist, and nothing else about it is
 * known. `[-KEY]` says KEY does not exist (covered, absent). */
#ifndef NDES_AUDIT_REGEXPORT_H
#define NDES_AUDIT_REGEXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

enum regx_hive { REGX_SYSTEM, REGX_SOFTWARE, REGX_SECURITY, REGX_OTHER, REGX__COUNT };

/* Limits on what one file may hold. Past a file limit the file is refused
 * with an error naming the line; past a value limit that value alone is
 * unreadable (its lookups fail naming the line) and the file is used. */
#define REGX_MAX_FILE (1024ull * 1024u * 1024u) /* bytes of file */
#define REGX_MAX_LINE (4u * 1024u * 1024u)      /* UTF-8 bytes in one value, continuations joined */
#define REGX_MAX_DEPTH 512u                      /* key path components below the hive */
#define REGX_MAX_KEYS 1000000u
#define REGX_MAX_VALUES 4000000u
#define REGX_MAX_DATA (512u * 1024u * 1024u)   /* bytes of value data in all */
#define REGX_MAX_BAD_LINES 100u                  /* lines that are not .reg syntax */
#define REGX_MAX_WARNINGS 20u                    /* kept; the rest are counted */

struct regexport;
struct regx_key;

struct regx_value {
	const char *name;     /* "" = the default value (@) */
	uint32_t type;        /* REGT_* */
	const uint8_t *data;  /* strings are stored as the hive stores them: UTF-16LE with a NUL */
	size_t size;
	unsigned line;        /* where the value starts */
	const char *error;    /* non-NULL: the data could not be read; names the file and line */
	int deleted;          /* "name"=- : the value does not exist */
};

/* Discovery's sniffer: ART_REG when the first line is regedit's header
 * (version 5 or 4), else ART_UNKNOWN. */
enum artifact_kind regexport_sniff(const unsigned char *head, size_t n, const char **note);

/* Parse PATH. 1 ok, -1 with e naming the file and line. */
int regexport_open(const char *path, struct regexport **out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link). fd stays the caller's. */
int regexport_open_fd(int fd, const char *path, struct regexport **out, struct nerr *e);
/* The same parse on bytes in memory (tests, fuzzers); name stands for the
 * file in errors. */
int regexport_parse(const char *name, const unsigned char *buf, size_t len,
		    struct regexport **out, struct nerr *e);
void regexport_free(struct regexport *x);
void regexport_free_void(void *x);
const char *regexport_path(const struct regexport *x);
/* "regedit 5 (UTF-16LE)", "regedit 5 (UTF-8)", "REGEDIT4 (ANSI)". */
const char *regexport_format(const struct regexport *x);
/* Bit (1u << REGX_*) set for every hive the file holds keys of. */
unsigned regexport_hives(const struct regexport *x);
size_t regexport_nkeys(const struct regexport *x);
/* Problems that did not stop the parse (an unreadable value, a skipped
 * line), each naming the file and line. */
size_t regexport_nwarnings(const struct regexport *x);
const char *regexport_warning(const struct regexport *x, size_t i);
size_t regexport_warnings_dropped(const struct regexport *x);

/* Look up PATH (relative to the hive root, '\' separated, ASCII
 * case-insensitive; "" = the root). Returns 1 when the key exists, with
 * *key set, or 0 when it does not. *covered says whether the file speaks
 * for the key: when 1, its values and subkeys are all in the file (for an
 * existing key), or the key is known not to exist (for an absent one). */
int regx_lookup(const struct regexport *x, enum regx_hive h, const char *path,
		const struct regx_key **key, int *covered);
/* The last statement about value NAME ("" or NULL = default) in the key:
 * the value, its deletion, or NULL when the file says nothing about it. */
const struct regx_value *regx_key_value(const struct regx_key *k, const char *name);

/* Walking the model. */
const struct regx_key *regx_root(const struct regexport *x, enum regx_hive h);
const char *regx_key_name(const struct regx_key *k);
unsigned regx_key_line(const struct regx_key *k);   /* its first section, 0 if none */
int regx_key_present(const struct regx_key *k);     /* 0 after [-KEY] */
int regx_key_covered(const struct regx_key *k);     /* see regx_lookup */
size_t regx_key_nsubkeys(const struct regx_key *k); /* present or not */
const struct regx_key *regx_key_subkey(const struct regx_key *k, size_t i);
size_t regx_key_nvalues(const struct regx_key *k);  /* in file order, repeats included */
const struct regx_value *regx_key_value_at(const struct regx_key *k, size_t i);
/* Path of K below its hive root, heap string ("" for the root). */
char *regx_key_path(const struct regx_key *k);
/* Call fn for the top of every covered subtree of hive h (tree order). */
void regx_coverage(const struct regexport *x, enum regx_hive h,
		   void (*fn)(void *ctx, const char *path, unsigned line), void *ctx);

#endif
