/* A main for the fuzz harnesses when libFuzzer is not linked: it runs
 * LLVMFuzzerTestOneInput once on every file named, and on every file in
 * the directories named (one level), so make check replays the seed
 * corpora and the regression inputs under the normal sanitizer build.
 * Arguments starting with '-' are libFuzzer options and are ignored. Each
 * input's name goes to stderr before it runs, so a sanitizer report is
 * followed by the file that caused it. An input that runs longer than
 * REPLAY_SECONDS ends the process (SIGALRM): a hang fails the test instead
 * of stalling CI. */
#include "config.h"

#ifndef NDES_LIBFUZZER

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

/* Larger inputs than any seed: refusing them keeps a stray argument from
 * eating the machine. */
#define REPLAY_MAX (64u * 1024u * 1024u)
/* Far above what any seed costs under ASan (well under a second). */
#define REPLAY_SECONDS 60u

static int run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;
	int rc = -1;

	if (fp == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 || size > (long)REPLAY_MAX ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "replay: %s: cannot size it, or larger than %u bytes\n", path,
			REPLAY_MAX);
		goto out;
	}
	/* An exact-size copy, so that ASan sees any read past the end. */
	buf = malloc(size > 0 ? (size_t)size : 1);
	if (buf == NULL || fread(buf, 1, (size_t)size, fp) != (size_t)size) {
		fprintf(stderr, "replay: %s: read error\n", path);
		goto out;
	}
	fprintf(stderr, "Running: %s\n", path);
	alarm(REPLAY_SECONDS);
	LLVMFuzzerTestOneInput(buf, (size_t)size);
	alarm(0);
	rc = 0;
out:
	free(buf);
	fclose(fp);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file in dir, in name order (stable logs). */
static int run_dir(const char *dir, unsigned *count)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char **grown;

		if (de->d_name[0] == '.')
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		if (grown == NULL)
			abort();
		names = grown;
		names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
		if (names[n] == NULL)
			abort();
		sprintf(names[n], "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) != 0)
				rc = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) != 0)
				rc = 1;
		} else if (run_file(argv[i]) != 0) {
			rc = 1;
		} else {
			count++;
		}
	}
	fprintf(stderr, "replay: %u inputs run\n", count);
	return rc;
}

#else
/* libFuzzer brings its own main: nothing to compile here. */
typedef int replay_unused;
#endif
