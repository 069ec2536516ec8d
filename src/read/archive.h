/* Archives read in place (zip, tar and its compressed forms, 7z, cab)
 * through libarchive. archive.c is the only file that includes archive.h:
 * no libarchive type leaves it. Members are read as a stream, in archive
 * order; nothing is ever written to disk by this reader. */
#ifndef NDES_AUDIT_ARCHIVE_H
#define NDES_AUDIT_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

struct arc;

enum arc_type { ARC_FILE, ARC_DIR, ARC_SYMLINK, ARC_HARDLINK, ARC_SPECIAL };

struct arc_member {
	const char *name;   /* as stored (UTF-8 where the archive says so); valid
			       until the next arc_next() */
	enum arc_type type;
	int encrypted;      /* data or metadata encrypted: not readable */
	int64_t size;       /* declared size, -1 unknown */
};

/* Discovery's sniffer: ART_ARCHIVE for a zip, tar, gzip/xz/bzip2 stream,
 * 7z or cab head, else ART_UNKNOWN. */
enum artifact_kind archive_sniff(const unsigned char *head, size_t n, const char **note);

/* Read the archive on fd from its start (fd stays the caller's). path
 * names it in errors. 1; 0 for a gzip, xz or bzip2 file that holds no tar
 * (e says so: not an archive, not an error); -1 with e set. */
int arc_open_fd(int fd, const char *path, struct arc **out, struct nerr *e);
/* The next member: 1, 0 at the end, -1 (e set) when the archive is damaged
 * there: no member after it can be reached. */
int arc_next(struct arc *a, struct arc_member *m, struct nerr *e);
/* The current member's data: bytes read, 0 at its end, -1 (e set) when it
 * cannot be read (damaged, unsupported compression). */
ssize_t arc_read(struct arc *a, void *buf, size_t n, struct nerr *e);
/* Bytes read so far from the archive file itself (compressed). */
uint64_t arc_raw_bytes(struct arc *a);
/* The format libarchive names ("ZIP 2.0 (deflation)", "GNU tar format"...). */
const char *arc_format(struct arc *a);
void arc_close(struct arc *a);
/* libarchive's version string, for --version. */
const char *arc_library_version(void);

#endif
