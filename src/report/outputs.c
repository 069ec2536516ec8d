/* Several reports from one run: -o [FORMAT:]PATH, repeatable. Each file's
 * folder is opened and checked (never inside the bundle) and a temporary
 * created in it after discovery and before the audit, so that a bad path
 * fails fast; at the end the report is written to the temporary, which is
 * renamed over PATH (never replacing a file unless --force). A report is
 * thus there whole or not at all, even with two runs at once. Devices and
 * pipes are just written to. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

static const char *const format_names[FMT__COUNT] = {"text", "json", "sarif", "junit",
								   "html"};

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
	case FMT_HTML: return report_html(out, r);
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
	o->v[o->n].dirfd = -1;
	o->v[o->n].base = NULL;
	o->v[o->n].tmp = NULL;
	o->v[o->n].replace = 0;
	o->n++;
}

/* A word that can only be meant as a format name: letters and digits.
 * Anything else before a ':' ("./a", "dir/x") is part of a path. */
static int looks_like_format(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return n > 0;
}

/* The format a file name's extension names: 1 with *f set, 0 for no known
 * extension. */
static int format_of_extension(const char *path, enum report_format *f)
{
	static const struct {
		const char *ext;
		enum report_format f;
	} map[] = {{".json", FMT_JSON}, {".sarif", FMT_SARIF}, {".xml", FMT_JUNIT},
		   {".txt", FMT_TEXT}, {".html", FMT_HTML}, {".htm", FMT_HTML}};
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	size_t i;

	if (dot == NULL || (slash != NULL && dot < slash))
		return 0;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcasecmp(dot, map[i].ext) == 0) {
			*f = map[i].f;
			return 1;
		}
	}
	return 0;
}

/* One -o argument: its format and path. "FORMAT:PATH" names the format, and
 * an unknown FORMAT is an error rather than part of a file name; a plain
 * PATH takes the format its extension names when --format was not given
 * (said on stderr, as checkov does), else --format's. 0, 1 for a plain
 * PATH, or -1 with e set. */
static int plan_one(const char *arg, enum report_format fmt, int fmt_given,
		    enum report_format *f, const char **path, struct nerr *e)
{
	const char *colon = strchr(arg, ':');
	enum report_format ext;
	int known;

	*f = fmt;
	*path = arg;
	if (colon != NULL && looks_like_format(arg, (size_t)(colon - arg))) {
		char *name = xstrndup(arg, (size_t)(colon - arg));
		int bad = report_format_parse(name, f) != 0;

		if (bad)
			nerr_set(e, "-o %s: unknown format '%s' (text, json, sarif, junit or html; write "
				    "./%s for a file name with a ':')", arg, name, arg);
		free(name);
		*path = colon + 1;
		return bad ? -1 : 0;
	}
	known = format_of_extension(arg, &ext);
	if (known > 0 && fmt_given && ext != fmt) {
		nerr_set(e, "-o %s: the name says %s but --format says %s; write -o %s:%s if "
			    "that is meant", arg, report_format_name(ext), report_format_name(fmt),
			 report_format_name(fmt), arg);
		return -1;
	}
	if (known > 0 && !fmt_given) {
		*f = ext;
		fprintf(stderr, "ndes-audit: -o %s: writing the %s report (from the file name)\n",
			arg, report_format_name(ext));
	}
	return 1;
}

int outputs_plan(struct outputs *o, char *const *args, size_t nargs, enum report_format fmt,
		 int fmt_given, int quiet, struct nerr *e)
{
	size_t i, j, to_stdout = 0;
	int plain = 0;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < nargs; i++) {
		enum report_format f;
		const char *path;
		int kind = plan_one(args[i], fmt, fmt_given, &f, &path, e);

		if (kind < 0)
			goto fail;
		if (kind == 1)
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

/* Is the file st one of the bundle's own files? */
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

#ifdef O_PATH
#define DIR_OPEN_FLAGS (O_PATH | O_DIRECTORY | O_CLOEXEC) /* no read permission needed */
#else
#define DIR_OPEN_FLAGS (O_RDONLY | O_DIRECTORY | O_CLOEXEC)
#endif
/* More folders than a path of PATH_MAX bytes can hold. */
#define MAX_FOLDER_DEPTH 4096

/* Is the folder dirfd at or below one of the folders named on the command
 * line? Compared by device and inode while walking up "..", so that
 * symbolic links, "..", bind mounts and different spellings of a path all
 * resolve to what the kernel would write to. 1 inside, 0 outside, -1 the
 * walk up failed (then nobody can tell: refused). */
static int folder_in_roots(int dirfd, char *const *roots, size_t nroots)
{
	struct stat *r = xcalloc(nroots ? nroots : 1, sizeof(*r));
	size_t i, nr = 0;
	int cur, depth, rc = -1;

	for (i = 0; i < nroots; i++)
		if (stat(roots[i], &r[nr]) == 0 && S_ISDIR(r[nr].st_mode))
			nr++;
	cur = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
	for (depth = 0; cur >= 0 && depth < MAX_FOLDER_DEPTH; depth++) {
		struct stat st, up;
		int parent;

		if (fstat(cur, &st) != 0)
			break;
		for (i = 0; i < nr; i++)
			if (r[i].st_dev == st.st_dev && r[i].st_ino == st.st_ino)
				break;
		if (i < nr) {
			rc = 1;
			break;
		}
		parent = openat(cur, "..", DIR_OPEN_FLAGS);
		if (parent < 0 || fstat(parent, &up) != 0) {
			if (parent >= 0)
				close(parent);
			break;
		}
		close(cur);
		cur = parent;
		if (up.st_dev == st.st_dev && up.st_ino == st.st_ino) {
			rc = 0; /* "/" is its own parent */
			break;
		}
	}
	if (cur >= 0)
		close(cur);
	free(r);
	return rc;
}

/* Split path into its folder (opened) and its name. -1 with e set. */
static int open_folder(struct output *out, struct nerr *e)
{
	const char *slash = strrchr(out->path, '/');
	const char *base = slash != NULL ? slash + 1 : out->path;
	char *dir;

	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		nerr_set(e, "%s: is a folder; -o wants a file", out->path);
		return -1;
	}
	if (slash == NULL)
		dir = xstrdup(".");
	else
		dir = xstrndup(out->path, slash == out->path ? 1 : (size_t)(slash - out->path));
	out->dirfd = open(dir, DIR_OPEN_FLAGS);
	free(dir);
	if (out->dirfd < 0) {
		nerr_set(e, "%s: its folder cannot be opened: %s", out->path, strerror(errno));
		return -1;
	}
	out->base = xstrdup(base);
	return 0;
}

/* Create the temporary beside the target: O_EXCL and O_NOFOLLOW, so that
 * nothing planted under its name (a symbolic link) is ever followed. */
static int create_temporary(struct output *out, struct nerr *e)
{
	unsigned long seed = (unsigned long)getpid() * 2654435761UL ^ (unsigned long)time(NULL);
	int i, fd = -1;

	for (i = 0; i < 100 && fd < 0; i++) {
		unsigned long tag = (seed + (unsigned long)i * 0x9E3779B9UL + (unsigned long)clock()) &
				    0xFFFFFFUL;

		free(out->tmp);
		out->tmp = xasprintf(".%.200s.%06lx.tmp", out->base, tag);
		fd = openat(out->dirfd, out->tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		nerr_set(e, "%s: cannot create a file in its folder: %s", out->path, strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return -1;
	}
	out->created = 1;
	out->f = fdopen(fd, "w");
	if (out->f == NULL) {
		nerr_set(e, "%s: %s", out->path, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

/* A regular file (or a name not taken yet): checks, then the temporary. */
static int open_file(struct output *out, int force, const struct bundle *b, char *const *roots,
		     size_t nroots, struct nerr *e)
{
	struct stat lst;
	int existed, in;

	if (open_folder(out, e) != 0)
		return -1;
	existed = fstatat(out->dirfd, out->base, &lst, AT_SYMLINK_NOFOLLOW) == 0;
	in = folder_in_roots(out->dirfd, roots, nroots);
	if (in != 0 || (existed && S_ISREG(lst.st_mode) && is_bundle_file(b, &lst))) {
		nerr_set(e, "%s: %s; ndes-audit never writes into the bundle", out->path,
			 in < 0 ? "cannot tell whether its folder is inside the bundle being "
				  "audited (a folder above it cannot be opened)"
			 : in > 0 ? "is inside a folder of the bundle being audited"
				  : "is a file of the bundle being audited");
		return -1;
	}
	if (existed && S_ISDIR(lst.st_mode)) {
		nerr_set(e, "%s: is a folder; -o wants a file", out->path);
		return -1;
	}
	/* A symbolic link counts as taken too: --force replaces the link itself. */
	if (existed && !force) {
		nerr_set(e, "%s: exists; ndes-audit does not replace a file unless --force "
			    "is given", out->path);
		return -1;
	}
	out->replace = force;
	return create_temporary(out, e);
}

int outputs_open(struct outputs *o, int force, const struct bundle *b, char *const *roots,
		 size_t nroots, struct nerr *e)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		struct output *out = &o->v[i];
		struct stat st;
		int fd;

		if (strcmp(out->path, "-") == 0) {
			out->f = stdout;
			continue;
		}
		if (stat(out->path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
			if (open_file(out, force, b, roots, nroots, e) != 0)
				goto fail;
			continue;
		}
		/* A device or pipe (/dev/null, /dev/stderr, a FIFO) is written
		 * to, never created, renamed over or truncated: no-clobber is
		 * for files. */
		if (is_bundle_file(b, &st)) {
			nerr_set(e, "%s: is a file of the bundle being audited; ndes-audit never "
				    "writes into the bundle", out->path);
			goto fail;
		}
		fd = open(out->path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0) {
			nerr_set(e, "%s: %s", out->path, strerror(errno));
			goto fail;
		}
		out->f = fdopen(fd, "w");
		if (out->f == NULL) {
			nerr_set(e, "%s: %s", out->path, strerror(errno));
			close(fd);
			goto fail;
		}
	}
	return 0;
fail:
	outputs_abandon(o);
	return -1;
}

/* Put a written temporary in place: atomically, so that a reader (or a
 * second run) sees the old file or the new one, never a mix. Without
 * --force a file that appeared meanwhile is not replaced either. */
static int commit(struct output *out)
{
	if (out->replace)
		return renameat(out->dirfd, out->tmp, out->dirfd, out->base);
#ifdef RENAME_NOREPLACE
	if (renameat2(out->dirfd, out->tmp, out->dirfd, out->base, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
#endif
	/* No RENAME_NOREPLACE here: a hard link fails just as atomically on
	 * a name that is taken. */
	if (linkat(out->dirfd, out->tmp, out->dirfd, out->base, 0) != 0)
		return -1;
	unlinkat(out->dirfd, out->tmp, 0);
	return 0;
}

/* Finish one report's file: flush, sync, close, rename. 0 or -1 (errno). */
static int finish_file(struct output *out)
{
	int rc = 0;

	if (fflush(out->f) != 0 || ferror(out->f))
		rc = -1;
	if (rc == 0 && out->tmp != NULL && fsync(fileno(out->f)) != 0)
		rc = -1;
	if (fclose(out->f) != 0)
		rc = -1;
	out->f = NULL;
	if (rc == 0 && out->tmp != NULL && commit(out) != 0)
		rc = -1;
	if (rc == 0)
		out->created = 0; /* the temporary is the report now */
	return rc;
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
		if (is_stdout) {
			if (fflush(out->f) != 0 || ferror(out->f))
				rc = -1;
			out->f = NULL;
		} else if (finish_file(out) != 0) {
			rc = -1;
		}
		if (rc != 0) {
			int err = errno;

			fprintf(stderr, "ndes-audit: writing the %s report to %s failed%s%s\n",
				report_format_name(out->format),
				is_stdout ? "standard output" : out->path, err ? ": " : "",
				err == EEXIST ? "it was created meanwhile, and --force was not given"
				: err	      ? strerror(err)
					      : "");
			failed = 1;
		}
		if (out->f != NULL && out->f != stdout)
			fclose(out->f);
		out->f = NULL;
		if (out->created && out->tmp != NULL)
			unlinkat(out->dirfd, out->tmp, 0);
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
		if (out->created && out->tmp != NULL)
			unlinkat(out->dirfd, out->tmp, 0);
		out->created = 0;
	}
}

void outputs_free(struct outputs *o)
{
	size_t i;

	outputs_abandon(o);
	for (i = 0; i < o->n; i++) {
		free(o->v[i].path);
		free(o->v[i].base);
		free(o->v[i].tmp);
		if (o->v[i].dirfd >= 0)
			close(o->v[i].dirfd);
	}
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
