/* The manifest's SHA-256 and the hive key-time scan on files far larger
 * than their data: a valid hive followed by gigabytes of zeros (made sparse
 * with ftruncate, so the test costs no disk) is read only as far as the
 * hive's data and its tail allowance, not to the end of the file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ndes-audit/bundle.h"
#include "read/hive.h"
#include "ndes-audit/util.h"
#include "testutil.h"

#define GIB (1024ULL * 1024ULL * 1024ULL)
#define HIVE_BYTES 32768ULL /* samples/healthy's SOFTWARE.hiv: 4096 + its bins */

/* DIR/SOFTWARE.hiv: the healthy sample's SOFTWARE hive grown to size bytes
 * (zeros after it). 0, or -1 when the file system cannot hold such a file. */
static int grown_hive(const char *dir, unsigned long long size, char **path)
{
	char *src = src_path("samples/healthy/registry/SOFTWARE.hiv");
	int fd, rc;

	*path = xasprintf("%s/SOFTWARE.hiv", dir);
	copy_file(src, *path);
	free(src);
	fd = open(*path, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	rc = ftruncate(fd, (off_t)size);
	close(fd);
	return rc == 0 ? 0 : -1;
}

/* The SHA-256 of a whole file, computed here. */
static void sha256_hex(const char *path, char hex[65])
{
	size_t n, i;
	unsigned char *data = read_all(path, &n), md[32];
	unsigned int mdlen = 0;

	assert_int_equal(EVP_Digest(data, n, md, &mdlen, EVP_sha256(), NULL), 1);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	free(data);
}

/* Discover and read DIR; the one artifact. */
static const struct artifact *read_one(struct bundle *b, char *dir)
{
	char *paths[] = {dir};
	struct nerr e;

	bundle_init(b);
	assert_int_equal(bundle_discover(b, paths, 1, &e), 0);
	bundle_read(b);
	assert_int_equal(b->n, 1);
	return &b->arts[0];
}

static int has_warning(const struct artifact *a, const char *needle)
{
	size_t i;

	for (i = 0; i < a->nwarnings; i++)
		if (strstr(a->warnings[i], needle) != NULL)
			return 1;
	return 0;
}

/* The case: 20 GiB, nearly all of it past the hive's data. */
static void test_sparse_20g_tail_not_read(void **state)
{
	char *dir = scratch_dir(), *path = NULL;
	const struct artifact *a;
	struct bundle b;
	struct nerr e;
	uint64_t plain_time = 0;

	(void)state;
	if (grown_hive(dir, 20 * GIB, &path) != 0) {
		rm_rf(dir);
		free(dir);
		free(path);
		print_message("# this file system cannot hold a 20 GiB sparse file: %s\n",
			      strerror(errno));
		skip();
	}
	a = read_one(&b, dir);
	assert_int_equal(a->kind, ART_HIVE_SOFTWARE);
	assert_int_equal(a->status, ART_OK);
	/* No hash of a part passes for the file's. */
	assert_string_equal(a->sha256, "");
	assert_true(has_warning(a, "the file is 21474836480 bytes, but the hive's data ends at "
				   "byte 32768"));
	assert_true(has_warning(a, "SHA-256 was not computed"));
	/* The key times come from the hive's data all the same. */
	assert_int_equal(hive_file_newest_key_time(path, &plain_time, &e), 1);
	assert_true(plain_time != 0);
	assert_true(a->key_time == plain_time);
	bundle_free(&b);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* Up to HIVE_MAX_TAIL bytes after the data, the whole file is hashed; one
 * byte more and it is not. */
static void test_tail_allowance_boundary(void **state)
{
	char *dir = scratch_dir(), *path = NULL, want[65];
	const struct artifact *a;
	struct bundle b;

	(void)state;
	if (grown_hive(dir, HIVE_BYTES + HIVE_MAX_TAIL, &path) != 0) {
		rm_rf(dir);
		free(dir);
		free(path);
		print_message("# cannot grow a file to %llu bytes: %s\n",
			      HIVE_BYTES + HIVE_MAX_TAIL, strerror(errno));
		skip();
	}
	sha256_hex(path, want);
	a = read_one(&b, dir);
	assert_string_equal(a->sha256, want);
	assert_int_equal(a->nwarnings, 0);
	bundle_free(&b);
	free(path);

	assert_int_equal(grown_hive(dir, HIVE_BYTES + HIVE_MAX_TAIL + 1, &path), 0);
	a = read_one(&b, dir);
	assert_string_equal(a->sha256, "");
	assert_true(has_warning(a, "the 67108865 bytes after it are not hive data"));
	bundle_free(&b);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* Any other file is hashed whole, however much of it is zeros. */
static void test_other_files_hashed_whole(void **state)
{
	char *dir = scratch_dir(), *path = xasprintf("%s/notes.txt", dir), want[65];
	const struct artifact *a;
	struct bundle b;
	int fd;

	(void)state;
	write_file(path, "notes\n", 6);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)(HIVE_MAX_TAIL + 4096)), 0);
	close(fd);
	sha256_hex(path, want);
	a = read_one(&b, dir);
	assert_string_equal(a->sha256, want);
	bundle_free(&b);
	rm_rf(dir);
	free(dir);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sparse_20g_tail_not_read),
		cmocka_unit_test(test_tail_allowance_boundary),
		cmocka_unit_test(test_other_files_hashed_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
