/* The SHA-256 of every file of the bundle, for the manifest. Hashing reads
 * every byte, as the log and hive readers do, so it runs on a second thread
 * while the readers work; once the main thread has opened every artifact
 * it takes its share of the files still to hash (largest first, one file
 * at a time, from a shared queue), so on two cores the audit costs about
 * half the sum of the two, not the longer. A hive's bytes also go through
 * the key-time scan (src/read/hivescan.c) in the same read. The threads
 * only read the paths and kinds they were given and write the result
 * slots they took; bundle_hash_finish() copies them into the artifacts
 * after joining. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"
#include "read/hive.h"
#include "ndes-audit/util.h"
#include "bundle-priv.h"

int file_sha256(const char *path, char hex[65], int (*on_block)(void *, const unsigned char *, size_t),
		void *ctx_block, struct nerr *e)
{
	int fd = open_regular(path, O_NOFOLLOW, e), rc;

	hex[0] = '\0';
	if (fd < 0)
		return -1;
	rc = fd_sha256(fd, path, hex, on_block, ctx_block, e);
	close(fd);
	return rc;
}

int fd_sha256(int fd, const char *path, char hex[65],
	      int (*on_block)(void *, const unsigned char *, size_t), void *ctx_block, struct nerr *e)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char buf[65536], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	uint64_t off = 0;
	EVP_MD_CTX *ctx = NULL;
	int rc = -1;

	hex[0] = '\0';
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		nerr_set(e, "%s: SHA-256 unavailable", path);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nerr_set(e, "%s: read error at byte offset %llu: %s", path,
				 (unsigned long long)off, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		EVP_DigestUpdate(ctx, buf, (size_t)n);
		off += (uint64_t)n;
		if (on_block != NULL && on_block(ctx_block, buf, (size_t)n) != 0) {
			rc = 1; /* the caller wants no more: no hash of a part */
			goto out;
		}
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 32) {
		nerr_set(e, "%s: SHA-256 failed", path);
		goto out;
	}
	for (i = 0; i < mdlen; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

struct hash_slot {
	size_t art;        /* index into the bundle's artifacts */
	const char *path;  /* the artifact's path (not changed while the thread runs) */
	uint64_t size;     /* its size at discovery */
	uint64_t dev, ino; /* the file discovery examined there */
	int follow;        /* named on the command line: a link there is followed */
	int is_hive;       /* sniffed as a hive: scan its key times too */
	uint64_t data_end; /* a hive not hashed: where its data ends; 0 hashed */
	char hex[65];
	uint64_t key_time; /* FILETIME of the newest key; 0: none found */
	char *error;       /* NULL, or why the file could not be hashed */
};

struct hash_job {
	struct hash_slot *v; /* largest file first */
	size_t n;
	size_t next;          /* the first slot no thread has taken; under lock */
	pthread_mutex_t lock;
	pthread_t thread;
	int threaded;
};

/* A hive's bytes on their way through the hash. */
struct hive_pass {
	struct hive_time_scan scan;
	uint64_t size, fed;
};

/* Feed the key-time scan; stop once the hive's data has been read when the
 * file runs more than HIVE_MAX_TAIL past it (a valid hive followed by
 * gigabytes of zeros, sparse or not): those bytes are not hive data, and
 * reading them only to hash them would make the audit's time depend on
 * them. The hash of such a file is then not computed, and the manifest
 * says so, rather than giving the hash of a part as the file's. */
static int scan_block(void *ctx, const unsigned char *p, size_t n)
{
	struct hive_pass *hp = ctx;
	uint64_t end;

	hive_time_scan_feed(&hp->scan, p, n);
	hp->fed += n;
	end = hive_time_scan_data_end(&hp->scan);
	return end > 0 && hp->size > end && hp->size - end > HIVE_MAX_TAIL && hp->fed >= end;
}

static void hash_one(struct hash_slot *sl)
{
	struct hive_pass hp;
	struct nerr e;
	int fd, rc = -1;

	nerr_clear(&e);
	memset(&hp, 0, sizeof(hp));
	hive_time_scan_init(&hp.scan);
	hp.size = sl->size;
	fd = bundle_open_input(sl->path, sl->follow, sl->dev, sl->ino, &e);
	if (fd >= 0) {
		rc = fd_sha256(fd, sl->path, sl->hex, sl->is_hive ? scan_block : NULL, &hp, &e);
		close(fd);
	}
	if (rc < 0)
		sl->error = xstrdup(e.msg);
	else if (rc > 0)
		sl->data_end = hive_time_scan_data_end(&hp.scan);
	if (!hive_time_scan_finish(&hp.scan, &sl->key_time))
		sl->key_time = 0;
}

/* Hash the files no thread has taken yet, one at a time: called by the
 * hashing thread from the start and by the main thread once its readers
 * are done. */
static void hash_all(struct hash_job *j)
{
	for (;;) {
		size_t i;

		pthread_mutex_lock(&j->lock);
		i = j->next < j->n ? j->next++ : j->n;
		pthread_mutex_unlock(&j->lock);
		if (i == j->n)
			return;
		hash_one(&j->v[i]);
	}
}

static void *hash_thread(void *arg)
{
	hash_all(arg);
	return NULL;
}

/* Both threads hash with OpenSSL. Its first use sets process-wide state
 * (the allocator's "no more customising" flag, the fetched SHA-256
 * implementation) without a lock the threads share: make that first use
 * here, before the thread exists, so that it happens before either
 * thread's hashing. */
static void openssl_first_use(void)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx != NULL)
		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_MD_CTX_free(ctx);
}

/* Largest file first, so that the last files taken are small and the two
 * threads end close together; then in artifact order. */
static int larger_first(const void *pa, const void *pb)
{
	const struct hash_slot *a = pa, *b = pb;

	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a->art < b->art ? -1 : a->art > b->art;
}

struct hash_job *bundle_hash_start(const struct bundle *b)
{
	struct hash_job *j = xmalloc(sizeof(*j));
	size_t i;

	memset(j, 0, sizeof(*j));
	for (i = 0; i < b->n; i++)
		if (b->arts[i].hash_pending)
			j->n++;
	j->v = xreallocarray(NULL, j->n ? j->n : 1, sizeof(*j->v));
	j->n = 0;
	for (i = 0; i < b->n; i++) {
		if (!b->arts[i].hash_pending)
			continue;
		memset(&j->v[j->n], 0, sizeof(j->v[j->n]));
		j->v[j->n].art = i;
		j->v[j->n].path = b->arts[i].path;
		j->v[j->n].size = b->arts[i].size;
		j->v[j->n].dev = b->arts[i].dev;
		j->v[j->n].ino = b->arts[i].ino;
		j->v[j->n].follow = b->arts[i].follow;
		j->v[j->n].is_hive = b->arts[i].kind == ART_HIVE;
		j->n++;
	}
	qsort(j->v, j->n, sizeof(*j->v), larger_first);
	pthread_mutex_init(&j->lock, NULL);
	openssl_first_use();
	/* Without a thread the work is done in bundle_hash_finish(). */
	j->threaded = j->n > 0 && pthread_create(&j->thread, NULL, hash_thread, j) == 0;
	return j;
}

void bundle_hash_finish(struct hash_job *j, struct bundle *b)
{
	size_t i;

	hash_all(j); /* the main thread's share (all of it without a thread) */
	if (j->threaded)
		pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->lock);
	for (i = 0; i < j->n; i++) {
		struct artifact *a = &b->arts[j->v[i].art];

		a->hash_pending = 0;
		if (j->v[i].error == NULL) {
			memcpy(a->sha256, j->v[i].hex, sizeof(a->sha256));
			a->key_time = j->v[i].key_time;
			if (j->v[i].data_end > 0)
				artifact_add_warning(
					a, "the file is %llu bytes, but the hive's data ends at byte %llu "
					   "(its base block's hive bins size): the %llu bytes after it are "
					   "not hive data and were not read (a tail of more than %u MiB is "
					   "not hashed), so the file's SHA-256 was not computed",
					(unsigned long long)a->size, (unsigned long long)j->v[i].data_end,
					(unsigned long long)(a->size - j->v[i].data_end),
					HIVE_MAX_TAIL / (1024u * 1024u));
		} else {
			/* The file changed or failed under us: it cannot count as read. */
			if (a->status != ART_ERROR) {
				struct nerr e;

				nerr_clear(&e);
				nerr_set(&e, "%s", j->v[i].error);
				artifact_set_error(a, &e);
			}
			free(j->v[i].error);
		}
	}
	free(j->v);
	free(j);
}
