/* Group Policy registry.pol (PReg): the registry values a GPO sets. */
#ifndef NDES_AUDIT_PREG_H
#define NDES_AUDIT_PREG_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

/* Bounds on what is read from one file. */
#define PREG_MAX_FILE (64u * 1024u * 1024u)
#define PREG_MAX_ENTRIES 200000u
#define PREG_MAX_NAME_BYTES 65536u /* a key path or value name, UTF-16LE */

struct preg_entry {
	char *key;       /* UTF-8, '\' separated, as written (no hive prefix) */
	char *value;     /* value name; "" = the default value; may be a **del. directive */
	uint32_t type;   /* REG_* */
	uint8_t *data;
	uint32_t size;
	uint64_t offset; /* of the entry's '[' in the file */
};

struct preg {
	struct preg_entry *v;
	size_t n;
	char *gpo;       /* {GUID} of the GPO folder the file sits in, or NULL */
};

/* Discovery's sniffer: "PReg" and version 1. */
enum artifact_kind preg_sniff(const unsigned char *head, size_t n, const char **note);
/* Parse the file open on fd (path names it in errors and gives the GPO).
 * 0, or -1 with e naming the file and the byte offset of the damage. */
int preg_read_fd(int fd, const char *path, struct preg **out, struct nerr *e);
/* The same for a file already in memory (the fuzzer's entry point). */
int preg_parse(const char *path, const uint8_t *buf, size_t n, struct preg **out, struct nerr *e);
void preg_free(struct preg *p);
/* The GPO's {GUID}: the last folder of the path shaped like one (heap),
 * or NULL. */
char *preg_gpo_of(const char *path);
void preg_free_void(void *p);

#endif
