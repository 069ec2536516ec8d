/* Inside the bundle layer: discovery leaves each file's hash to
 * bundle_read(), which computes them on a second thread (hash.c). */
#ifndef NDES_AUDIT_BUNDLE_PRIV_H
#define NDES_AUDIT_BUNDLE_PRIV_H

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

/* The SHA-256 of the regular file at path as 64 lowercase hex digits;
 * on_block (may be NULL) sees every block read, in order, and returns 0 to
 * go on or 1 to stop reading. 0, 1 stopped by on_block (hex empty: no hash
 * of a part is ever given as the file's), or -1 with e naming the file and
 * what failed. */
int file_sha256(const char *path, char hex[65], int (*on_block)(void *, const unsigned char *, size_t),
		void *ctx_block, struct nerr *e);
/* The same for the file open on fd, read from where fd stands (path names
 * it in errors). */
int fd_sha256(int fd, const char *path, char hex[65],
	      int (*on_block)(void *, const unsigned char *, size_t), void *ctx_block, struct nerr *e);

/* What an open function gets besides the artifact. */
struct read_ctx {
	const struct certread_options *certopts; /* may be NULL */
	int fd; /* the artifact's file, opened by bundle_open_input: read this */
	/* Set instead of fd for a reader that streams (reader_desc.streams):
	 * an archive member as it is unpacked, hashed on its way (members.c). */
	long (*pull)(void *ctx, void *to, size_t n);
	void *pull_ctx;
};

/* Open the file discovery examined at path (device dev, inode ino) once
 * more, as open_input does (a link followed only when follow: a file
 * named on the command line), and make sure it is still that file: a file
 * or folder swapped at the path since (a symbolic link to elsewhere) is
 * refused, never read. The descriptor, or -1 with e naming the file. Safe
 * on any thread. */
int bundle_open_input(const char *path, int follow, uint64_t dev, uint64_t ino, struct nerr *e);

/* One reader: how it recognises a file by its first bytes, and how it opens
 * it into the artifact (handle, kind, notes, warnings, or an error). As
 * libarchive's format descriptors: discovery asks each sniffer in table
 * order, most specific first; bundle_read opens with the one that claimed
 * the file. */
struct reader_desc {
	enum artifact_kind kind; /* the reader's own kind: the one its handle has */
	const char *name;
	/* The kind of the head (at most DISCOVER_HEAD bytes), ART_UNKNOWN when
	 * not this reader's; *note may say what the file is anyway. */
	enum artifact_kind (*sniff)(const unsigned char *head, size_t n, const char **note);
	void (*open)(struct artifact *a, const struct read_ctx *ctx);
	void (*free)(void *handle);
	/* 1: open reads its input once, in order (ctx->pull will do): an
	 * archive member goes to it as it is unpacked, not through a spool */
	int streams;
};

/* The reader whose sniffer claims the head, and the kind it names; NULL
 * (kind ART_UNKNOWN) when none does. */
const struct reader_desc *reader_sniff(const unsigned char *head, size_t n, enum artifact_kind *kind,
				       const char **note);

/* A walk of the command-line paths, as discovery and the archive reader
 * (members.c) add artifacts to the bundle. */
struct walk {
	struct bundle *b;
	size_t files;
	int truncated;
	size_t root_len; /* of the command-line path being walked */
	size_t name_off; /* where names below it start */
	size_t spooled;  /* archive members waiting in temporary files */
	uint64_t spool_mem; /* bytes of them kept in memory (declared sizes) */
};

/* A new artifact at path (ignored until examined); the bundle's array may
 * move, so earlier artifact pointers are stale after it. */
struct artifact *discover_add(struct walk *w, const char *path);

/* List the members of the archive artifact at index ai, open on fd, as
 * artifacts "ARCHIVE!member" (depth 0; an archive inside it at depth 1,
 * and no deeper): each member's bytes are hashed as they stream, and the
 * ones a reader claims wait in an anonymous temporary file for
 * bundle_read. Problems become errors on the archive or the member. */
void discover_archive(struct walk *w, size_t ai, int fd, int depth);

struct hash_job;
/* Start hashing every artifact marked hash_pending (on a thread when one
 * can be made). The artifacts' paths must not change until the finish. */
struct hash_job *bundle_hash_start(const struct bundle *b);
/* Hash, on the calling thread, the files the hashing thread has not taken
 * yet, wait for it, and store the hashes; a file that could not be hashed
 * becomes an error artifact. Frees the job. */
void bundle_hash_finish(struct hash_job *j, struct bundle *b);

#endif
