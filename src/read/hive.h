/* The registry hive reader. hive.c is the only file that includes
 * the registry library's header: none of its types leaves it. Returns follow libyal's
 * convention: 1 found / 0 absent / -1 error. */
#ifndef NDES_AUDIT_HIVE_H
#define NDES_AUDIT_HIVE_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"
#include "ndes-audit/regval.h"

struct hive;
struct hive_key;

struct hive_header {
	uint32_t seq_primary, seq_secondary; /* unequal: dirty */
	uint64_t last_written;               /* FILETIME, may be 0 */
	uint32_t major, minor, file_type;
	uint32_t hbins_size;                 /* declared size of the hive bins */
	uint64_t file_size;
};

/* Discovery's sniffer: ART_HIVE, ART_HIVE_LOG (with a note) or ART_UNKNOWN. */
enum artifact_kind hive_sniff(const unsigned char *head, size_t n, const char **note);

/* Check the base block, then open with the registry library. A hive whose declared
 * size exceeds the file (a truncated copy) is refused. */
int hive_open(const char *path, struct hive **out, struct nerr *e);
/* The same for the file open on fd (path names it in errors): what is read
 * is that file, whatever path names by then. fd stays the caller's. */
int hive_open_fd(int fd, const char *path, struct hive **out, struct nerr *e);
/* The same on a hive in memory (tests, fuzzers): name stands for the file
 * in errors; buf must stay unchanged until hive_close. */
int hive_parse(const char *name, const unsigned char *buf, size_t len, struct hive **out,
	       struct nerr *e);
void hive_close(struct hive *h);
/* The hive library's name, and its version as it reports it at run time. */
const char *hive_library_name(void);
const char *hive_library_version(void);
void hive_close_void(void *h);
const struct hive_header *hive_get_header(const struct hive *h);
int hive_is_dirty(const struct hive *h);
/* 1 when the registry library flagged corruption while opening or reading. */
int hive_is_corrupted(struct hive *h);
const char *hive_path(const struct hive *h);

/* Which hive a file is, by the keys under its root (hiveclass.c). */
enum hive_role {
	HIVE_ROLE_OTHER,
	HIVE_ROLE_SYSTEM,
	HIVE_ROLE_SOFTWARE,
	HIVE_ROLE_SECURITY,
	HIVE_ROLE_USER,          /* NTUSER.DAT or DEFAULT */
	HIVE_ROLE_USER_CLASSES,  /* UsrClass.dat */
	HIVE_ROLE_USER_SOFTWARE, /* HKCU\Software saved with reg save */
	HIVE_ROLE_SAM,
	HIVE_ROLE_BCD,
	HIVE_ROLE_COMPONENTS,
	HIVE_ROLE_AMCACHE,
};
/* 0 and *role, or -1 with e naming the file when its root cannot be read. */
int hive_classify(struct hive *h, enum hive_role *role, struct nerr *e);
/* What a hive of that role is and which keys told (for the artifact
 * note); NULL for the machine hives the checks read and for "other". */
const char *hive_role_description(enum hive_role role);

/* Key by path relative to the root key ("" = the root), '\' separated,
 * ASCII case-insensitive. */
int hive_key_get(struct hive *h, const char *path, struct hive_key **out, struct nerr *e);
void hive_key_free(struct hive_key *k);
int hive_key_name(struct hive_key *k, char **name, struct nerr *e);
int hive_key_last_written(struct hive_key *k, uint64_t *filetime, struct nerr *e);
int hive_key_nsubkeys(struct hive_key *k, int *n, struct nerr *e);
int hive_key_subkey(struct hive_key *k, int index, struct hive_key **out, struct nerr *e);
/* Value names of a key, by index (the default value's name is ""). */
int hive_key_nvalues(struct hive_key *k, int *n, struct nerr *e);
int hive_key_value_name(struct hive_key *k, int index, char **name, struct nerr *e);
/* Value by name (NULL or "" = the default value); data is copied out,
 * at most REGVAL_MAX_SIZE bytes. */
int hive_key_value(struct hive_key *k, const char *name, struct regval *out, struct nerr *e);

/* The newest key last-written time in the hive, from one sequential read
 * of its bins (never a tree walk; src/read/hivescan.c). Only cells that
 * hold together as key nodes count, and only times in [1980, 2100).
 * 1 found, 0 none, -1 error. */
int hive_newest_key_time(struct hive *h, uint64_t *filetime, struct nerr *e);
/* The same for a file, without the registry library. */
int hive_file_newest_key_time(const char *path, uint64_t *filetime, struct nerr *e);

/* The same scan fed with the file's bytes in order, in blocks of any size,
 * so that another pass over the file (the SHA-256) can do it as well. */
struct hive_time_scan {
	int state;
	uint32_t hbins_size;
	uint64_t off, end, skip;  /* bytes taken so far; end of the bins; bytes to skip */
	unsigned char *buf;       /* the base block, a bin header, or a whole bin */
	size_t have, need, cap;
	uint64_t best;
	int found;
};
void hive_time_scan_init(struct hive_time_scan *s);
void hive_time_scan_feed(struct hive_time_scan *s, const unsigned char *p, size_t n);
/* 1 and *filetime when a key time was found, else 0; frees the scan. */
int hive_time_scan_finish(struct hive_time_scan *s, uint64_t *filetime);
/* Where the hive's data ends by its base block (4096 + the hive bins size
 * it declares; 4096 when the base block declares none): bytes after it are
 * not hive data, never scanned, never read by the registry library. 0 until the base
 * block has been fed. */
uint64_t hive_time_scan_data_end(const struct hive_time_scan *s);
/* A hive file may run this far past its data end (real hives: a few
 * hundred KiB of preallocated space) and still be hashed; a longer tail is
 * not read at all, so its SHA-256 is not computed (see hash.c). */
#define HIVE_MAX_TAIL (64u * 1024u * 1024u)

#endif
