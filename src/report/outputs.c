/* Several reports from one run: -o [FORMAT:]PATH, repeatable. The files
 * are created (never replaced, unless --force; devices and pipes are just
 * written to) after discovery and before the audit, so that a bad path
 * fails fast, and written at the end. A file that could not be written
 * completely is removed again. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

static const char *const format_names[FMT__COUNT] = {"text", "json", "sarif", "junit"};

int report_format_parse(const char *name, enum report_format *out)
{
	int i;

	for (i = 0; i < FMT__COUNT; i++) {
		if (strcmp(name, format_names[i]) == 0) {
			*out = (enum report_format)i;
			return 0;
		}
	}
	return -1;
}

const char *report_format_name(enum report_format f)
{
	return (unsigned)f < FMT__COUNT ? format_names[f] : "?";
}

int report_write(FILE *out, enum report_format f, const struct report *r,
		 const struct report_style *st)
{
	switch (f) {
	case FMT_JSON: return report_json(out, r);
	case FMT_SARIF: return report_sarif(out, r);
	case FMT_JUNIT: return report_junit(out, r);
	default: return report_text(out, r, st);
	}
}

static void add(struct outputs *o, enum report_format f, const char *path)
{
	o->v = xreallocarray(o->v, o->n + 1, sizeof(*o->v));
	o->v[o->n].format = f;
	o->v[o->n].path = xstrdup(path);
	o->v[o->n].f = NULL;
	o->v[o->n].created = 0;
	o->n++;
}

int outputs_plan(struct outputs *o, char *const *args, size_t nargs, enum report_format fmt,
		 int quiet, struct nerr *e)
{
	size_t i, j, to_stdout = 0;
	int plain = 0;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < nargs; i++) {
		const char *colon = strchr(args[i], ':');
		enum report_format f = fmt;
		const char *path = args[i];

		if (colon != NULL) {
			char *name = xstrndup(args[i], (size_t)(colon - args[i]));

			if (report_format_parse(name, &f) == 0)
				path = colon + 1;
			else
				f = fmt; /* a path that happens to hold a ':' */
			free(name);
		}
		if (path == args[i])
			plain = 1;
		if (*path == '\0') {
			nerr_set(e, "-o %s: no file name", args[i]);
			goto fail;
		}
		add(o, f, path);
	}
	/* The --format report goes to standard output unless a plain -o took
	 * it elsewhere, another report goes there already, or -q. */
	for (i = 0; i < o->n; i++)
		if (strcmp(o->v[i].path, "-") == 0)
			plain = 1;
	if (!plain && !quiet)
		add(o, fmt, "-");
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->v[i].path, "-") == 0) {
			if (quiet) {
				nerr_set(e, "-q writes nothing to standard output, but -o %s:- asks for "
					    "it", report_format_name(o->v[i].format));
				goto fail;
			}
			if (++to_stdout > 1) {
				nerr_set(e, "only one report can go to standard output (-o ...:-)");
				goto fail;
			}
			continue;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(o->v[i].path, o->v[j].path) == 0) {
				nerr_set(e, "%s: named by two -o options", o->v[i].path);
				goto fail;
			}
		}
	}
	return 0;
fail:
	outputs_free(o);
	return -1;
}

/* Is the file at fd one of the bundle's own files? */
static int is_bundle_file(const struct bundle *b, const struct stat *st)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct stat a;

		if (stat(b->arts[i].path, &a) == 0 && a.st_dev == st->st_dev && a.st_ino == st->st_ino)
			return 1;
	}
	return 0;
}

int outputs_open(struct outputs *o, int force, const struct bundle *b, struct nerr *e)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		struct output *out = &o->v[i];
		struct stat st;
		int fd, existed, special;

		if (strcmp(out->path, "-") == 0) {
			out->f = stdout;
			continue;
		}
		existed = stat(out->path, &st) == 0;
		if (existed && S_ISDIR(st.st_mode)) {
			nerr_set(e, "%s: is a folder; -o wants a file", out->path);
			goto fail;
		}
		/* A device or pipe (/dev/null, /dev/stderr, a FIFO) is written
		 * to, never created or truncated: no-clobber is for files. */
		special = existed && !S_ISREG(st.st_mode);
		if (existed && !special && !force) {
			nerr_set(e, "%s: exists; ndes-audit does not replace a file unless --force "
				    "is given", out->path);
			goto fail;
		}
		if (existed && is_bundle_file(b, &st)) {
			nerr_set(e, "%s: is a file of the bundle being audited; ndes-audit never "
				    "writes into the bundle", out->path);
			goto fail;
		}
		if (special)
			fd = open(out->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		else
			fd = open(out->path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY |
					     (force ? O_TRUNC : O_EXCL), 0666);
		if (fd < 0) {
			nerr_set(e, "%s: %s", out->path, errno == EEXIST
				 ? "exists; ndes-audit does not replace a file unless --force is given"
				 : strerror(errno));
			goto fail;
		}
		out->created = !existed;
		out->f = fdopen(fd, "w");
		if (out->f == NULL) {
			nerr_set(e, "%s: %s", out->path, strerror(errno));
			close(fd);
			if (out->created)
				unlink(out->path);
			out->created = 0;
			goto fail;
		}
	}
	return 0;
fail:
	outputs_abandon(o);
	return -1;
}

int outputs_write(struct outputs *o, const struct report *r, const struct report_style *st)
{
	struct report_style file_style = {0, st->verbose};
	size_t i;
	int failed = 0;

	for (i = 0; i < o->n; i++) {
		struct output *out = &o->v[i];
		int is_stdout = out->f == stdout, rc;

		if (out->f == NULL)
			continue;
		errno = 0;
		rc = report_write(out->f, out->format, r, is_stdout ? st : &file_style);
		if (fflush(out->f) != 0 || ferror(out->f))
			rc = -1;
		if (!is_stdout && fclose(out->f) != 0)
			rc = -1;
		out->f = NULL;
		if (rc != 0) {
			fprintf(stderr, "ndes-audit: writing the %s report to %s failed%s%s\n",
				report_format_name(out->format),
				is_stdout ? "standard output" : out->path, errno ? ": " : "",
				errno ? strerror(errno) : "");
			if (!is_stdout && out->created)
				unlink(out->path);
			failed = 1;
		}
		out->created = 0;
	}
	return failed ? -1 : 0;
}

void outputs_abandon(struct outputs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		struct output *out = &o->v[i];

		if (out->f != NULL && out->f != stdout)
			fclose(out->f);
		out->f = NULL;
		if (out->created)
			unlink(out->path);
		out->created = 0;
	}
}

void outputs_free(struct outputs *o)
{
	size_t i;

	outputs_abandon(o);
	for (i = 0; i < o->n; i++)
		free(o->v[i].path);
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* The folder part of a command-line path, without trailing slashes. */
static char *folder_of(const char *p)
{
	struct stat st;
	size_t n = strlen(p);
	char *d;

	if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
		d = xstrdup(p);
	} else {
		const char *slash = strrchr(p, '/');

		if (slash == NULL)
			return xstrdup(".");
		d = xstrndup(p, slash == p ? 1 : (size_t)(slash - p));
	}
	n = strlen(d);
	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	return d;
}

char *bundle_root_of(char *const *paths, size_t n, char **abs_uri)
{
	char *root = NULL, resolved[PATH_MAX];
	size_t i;

	*abs_uri = NULL;
	for (i = 0; i < n; i++) {
		char *d = folder_of(paths[i]);

		if (root == NULL) {
			root = d;
			continue;
		}
		/* Keep the longest prefix of whole path components. */
		{
			size_t k = 0, last = 0;

			while (root[k] != '\0' && root[k] == d[k]) {
				if (root[k] == '/')
					last = k;
				k++;
			}
			if ((root[k] == '\0' && (d[k] == '/' || d[k] == '\0')) ||
			    (d[k] == '\0' && root[k] == '/'))
				last = k;
			if (last == 0 && root[0] == '/' && d[0] == '/')
				last = 1; /* both absolute, nothing else shared: "/" */
			root[last] = '\0';
			if (root[0] == '\0') {
				free(root);
				root = xstrdup(".");
			}
		}
		free(d);
	}
	if (root == NULL)
		root = xstrdup(".");
	if (realpath(root, resolved) != NULL) {
		char *enc = uri_encode_path(resolved);
		size_t len = strlen(enc);

		*abs_uri = xasprintf("file://%s%s", enc, len > 0 && enc[len - 1] == '/' ? "" : "/");
		free(enc);
	}
	return root;
}
