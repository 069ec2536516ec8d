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

struct hash_job;
/* Start hashing every artifact marked hash_pending (on a thread when one
 * can be made). The artifacts' paths must not change until the finish. */
struct hash_job *bundle_hash_start(const struct bundle *b);
/* Wait for the hashes and store them; a file that could not be hashed
 * becomes an error artifact. Frees the job. */
void bundle_hash_finish(struct hash_job *j, struct bundle *b);

#endif
