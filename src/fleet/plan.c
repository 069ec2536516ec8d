/* Which bundles a fleet run audits and under which names: every PATH is
 * one bundle, and every immediate sub-folder or archive (by content) of a
 * --each=FOLDER is one; each gets a report name that is safe as a file
 * name and unique in the run. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/util.h"
#include "fleet-run.h"

/* The file name stem of a report: the bundle's base name, bytes other
 * than A-Z a-z 0-9 . _ - made '_', no leading '.', at most FLEET_MAX_NAME
 * bytes, never empty. */
static char *safe_name(const char *path)
{
	size_t len = strlen(path), start, i, n;
	char *s;

	while (len > 1 && path[len - 1] == '/')
		len--;
	start = len;
	while (start > 0 && path[start - 1] != '/')
		start--;
	n = len - start;
	if (n == 0 || (n == 1 && path[start] == '.') || (n == 2 && !strncmp(path + start, "..", 2)))
		return xstrdup("bundle");
	if (n > FLEET_MAX_NAME)
		n = FLEET_MAX_NAME;
	s = xstrndup(path + start, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			s[i] = '_';
	}
	if (s[0] == '.')
		s[0] = '_';
	return s;
}

static int name_taken(const struct fleet_plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (ascii_casecmp(p->v[i].name, name) == 0) /* case-insensitive file systems */
			return 1;
	return 0;
}

int fleet_plan_add(struct fleet_plan *p, const char *path, const char *stem, struct nerr *e)
{
	char *base = safe_name(stem), *name = xstrdup(base);
	unsigned k;

	if (p->n >= FLEET_MAX_BUNDLES) {
		nerr_set(e, "more than %d bundles in one run", FLEET_MAX_BUNDLES);
		free(base);
		free(name);
		return -1;
	}
	for (k = 2; name_taken(p, name); k++) {
		free(name);
		name = xreallocarray(NULL, strlen(base) + 16, 1);
		sprintf(name, "%s-%u", base, k);
	}
	free(base);
	p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
	p->v[p->n].path = xstrdup(path);
	p->v[p->n].name = name;
	p->n++;
	return 0;
}

/* A regular file whose first bytes discovery takes for an archive. */
static int is_archive(int dirfd, const char *name)
{
	unsigned char head[DISCOVER_HEAD];
	const char *note = NULL;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return 0;
	got = read(fd, head, sizeof(head));
	close(fd);
	return got > 0 && discover_sniff(head, (size_t)got, &note) == ART_ARCHIVE;
}

static int name_sort(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of the folder that are bundles, sorted by name. Symbolic
 * links are not followed (as discovery never follows one in a folder);
 * names starting with '.' are skipped. */
static int expand_folder(struct fleet_plan *p, const char *dir, int quiet, struct nerr *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (d == NULL) {
		nerr_set(e, "--each=%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (de->d_name[0] == '.' || fstatat(dirfd(d), de->d_name, &st,
						     AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode) || (S_ISREG(st.st_mode) && is_archive(dirfd(d), de->d_name))) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xstrdup(de->d_name);
		} else if (!quiet) {
			char *pd = printable(dir), *pn = printable(de->d_name);

			fprintf(stderr, "ndes-audit: --each=%s: %s is not a folder or an archive: "
				"not a bundle\n", pd, pn);
			free(pd);
			free(pn);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_sort);
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir);
		char *path = xreallocarray(NULL, len + strlen(names[i]) + 2, 1);

		sprintf(path, "%s%s%s", dir, len > 0 && dir[len - 1] == '/' ? "" : "/", names[i]);
		if (rc == 0)
			rc = fleet_plan_add(p, path, path, e);
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int fleet_plan_make(struct fleet_plan *p, const struct fleet_options *fo, struct nerr *e)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < fo->ndirs; i++)
		if (expand_folder(p, fo->dirs[i], fo->quiet, e) != 0)
			return -1;
	for (i = 0; i < fo->npaths; i++) {
		if (access(fo->paths[i], F_OK) != 0) {
			nerr_set(e, "%s: %s", fo->paths[i], strerror(errno));
			return -1;
		}
		if (fleet_plan_add(p, fo->paths[i], fo->paths[i], e) != 0)
			return -1;
	}
	if (p->n == 0) {
		nerr_set(e, "%s", "--each: no bundle found (no sub-folder or archive in the folders)");
		return -1;
	}
	return 0;
}

void fleet_plan_free(struct fleet_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].name);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}
