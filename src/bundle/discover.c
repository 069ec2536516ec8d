/* Discovery: walk the command-line paths and sniff each file by its first
 * bytes (the whole file is hashed later, in bundle_read, while the readers
 * work). File names never decide what a file is. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/util.h"
#include "bundle-priv.h"

static const char *const kind_names[] = {
#define X(sym, name) name,
	ARTIFACT_KINDS(X)
#undef X
};

const char *artifact_kind_name(enum artifact_kind k)
{
	return (unsigned)k < ART__COUNT ? kind_names[k] : "?";
}

const char *artifact_name(const struct artifact *a)
{
	size_t n = strlen(a->path);

	if (a->name_off < n)
		return a->path + a->name_off;
	/* the folder named on the command line itself (it could not be read) */
	return a->root_len < n ? a->path + a->root_len : a->path;
}

const char *artifact_status_name(enum artifact_status s)
{
	switch (s) {
	case ART_OK: return "ok";
	case ART_ERROR: return "error";
	case ART_IGNORED: return "ignored";
	}
	return "?";
}

void bundle_init(struct bundle *b)
{
	memset(b, 0, sizeof(*b));
}

static void artifact_free(struct artifact *a)
{
	size_t j;

	artifact_drop_handle(a);
	if (a->spooled)
		close(a->spool_fd);
	free(a->path);
	free(a->error);
	free(a->detail);
	free(a->note);
	for (j = 0; j < a->nwarnings; j++)
		free(a->warnings[j]);
	free(a->warnings);
	memset(a, 0, sizeof(*a));
}

void bundle_free(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		artifact_free(&b->arts[i]);
	free(b->arts);
	bundle_init(b);
}

void artifact_set_error(struct artifact *a, const struct nerr *e)
{
	free(a->error);
	free(a->detail);
	a->status = ART_ERROR;
	a->error = xstrdup(e->msg);
	a->detail = e->detail[0] != '\0' ? xstrdup(e->detail) : NULL;
}

void artifact_add_warning(struct artifact *a, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	a->warnings = xreallocarray(a->warnings, a->nwarnings + 1, sizeof(*a->warnings));
	a->warnings[a->nwarnings++] = xstrdup(buf);
}

/* The sniffers live beside their readers; the table that orders them is
 * in read.c. */
static const struct reader_desc *sniff(const unsigned char *head, size_t n, enum artifact_kind *kind,
				       const char **note)
{
	const struct reader_desc *r;

	*note = NULL;
	r = reader_sniff(head, n, kind, note);
	if (r == NULL && *note == NULL) /* a sniffer may say what the file is although no reader takes it */
		*note = "no reader recognises this content";
	return r;
}

enum artifact_kind discover_sniff(const unsigned char *head, size_t n, const char **note)
{
	enum artifact_kind kind;

	sniff(head, n, &kind, note);
	return kind;
}

struct artifact *discover_add(struct walk *w, const char *path)
{
	struct bundle *b = w->b;
	struct artifact *a;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->arts = xreallocarray(b->arts, b->cap, sizeof(*b->arts));
	}
	a = &b->arts[b->n++];
	memset(a, 0, sizeof(*a));
	a->path = xstrdup(path);
	a->root_len = w->root_len;
	a->name_off = w->name_off;
	a->order = b->n - 1;
	a->status = ART_IGNORED;
	return a;
}

/* Read the file once: its head for the sniffers and all of it for the
 * hash. Opened read-only, never following a link, never blocking on a
 * FIFO. */
static void examine(struct walk *w, size_t ai)
{
	struct artifact *a = &w->b->arts[ai];
	unsigned char head[DISCOVER_HEAD];
	size_t hn = 0;
	struct stat st;
	const char *note = NULL;
	struct nerr e;
	int fd;

	nerr_clear(&e);
	fd = open(a->path, O_RDONLY | O_CLOEXEC | (a->follow ? 0 : O_NOFOLLOW) | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		nerr_set(&e, "%s: cannot open: %s", a->path, strerror(errno));
		artifact_set_error(a, &e);
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		a->note = xstrdup("not a regular file");
		goto out;
	}
	a->size = (uint64_t)st.st_size;
	a->dev = (uint64_t)st.st_dev;
	a->ino = (uint64_t)st.st_ino;
	while (hn < sizeof(head)) {
		ssize_t n = read(fd, head + hn, sizeof(head) - hn);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nerr_set(&e, "%s: read error at byte offset %zu: %s", a->path, hn,
				 strerror(errno));
			artifact_set_error(a, &e);
			goto out;
		}
		if (n == 0)
			break;
		hn += (size_t)n;
	}
	a->hash_pending = 1; /* the whole file is hashed in bundle_read() */
	a->reader = sniff(head, hn, &a->kind, &note);
	if (a->kind == ART_UNKNOWN || a->kind == ART_HIVE_LOG) {
		a->status = ART_IGNORED;
		a->note = xstrdup(note);
	} else if (a->kind == ART_ARCHIVE) {
		a->status = ART_OK;
		discover_archive(w, ai, fd, 0); /* a is stale after this */
	} else {
		a->status = ART_OK; /* until its reader says otherwise */
	}
out:
	close(fd);
}

int bundle_open_input(const char *path, int follow, uint64_t dev, uint64_t ino, struct nerr *e)
{
	uint64_t d = 0, i = 0;
	int fd = open_input(path, follow, &d, &i, e);

	if (fd >= 0 && (d != dev || i != ino)) {
		nerr_set(e, "%s: replaced since the bundle was walked (another file, or a link to "
			 "elsewhere, is at this path now); not read", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* A link or special file is not opened, but is still one entry however
 * the folder holding it was spelled. */
static struct artifact *set_identity(struct artifact *a, const struct stat *st)
{
	a->dev = (uint64_t)st->st_dev;
	a->ino = (uint64_t)st->st_ino;
	return a;
}

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	struct strlist_local {
		char **v;
		size_t n, cap;
	} names = {0};
	size_t i;

	d = opendir(dir);
	if (d == NULL) {
		struct artifact *a = discover_add(w, dir);
		struct nerr e;

		nerr_set(&e, "%s: cannot read folder: %s", dir, strerror(errno));
		artifact_set_error(a, &e);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (names.n == names.cap) {
			names.cap = names.cap ? names.cap * 2 : 32;
			names.v = xreallocarray(names.v, names.cap, sizeof(*names.v));
		}
		names.v[names.n++] = xstrdup(de->d_name);
	}
	closedir(d);
	for (i = 0; i < names.n; i++) {
		char *path = xasprintf("%s%s%s", dir,
				       dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/",
				       names.v[i]);
		struct stat st;

		if (w->files >= BUNDLE_MAX_FILES) {
			w->truncated = 1;
		} else if (lstat(path, &st) != 0) {
			struct nerr e;

			nerr_set(&e, "%s: cannot stat: %s", path, strerror(errno));
			artifact_set_error(discover_add(w, path), &e);
			w->files++;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth + 1 >= BUNDLE_MAX_DEPTH)
				discover_add(w, path)->note = xstrdup("folder nested too deep; not walked");
			else
				walk_dir(w, path, depth + 1);
		} else if (S_ISLNK(st.st_mode)) {
			struct artifact *a = set_identity(discover_add(w, path), &st);

			a->note = xstrdup("symbolic link inside the bundle; not followed");
			a->link_skipped = 1;
			w->files++;
		} else if (!S_ISREG(st.st_mode)) {
			set_identity(discover_add(w, path), &st)->note = xstrdup("not a regular file");
			w->files++;
		} else {
			discover_add(w, path);
			examine(w, w->b->n - 1);
			w->files++;
		}
		free(path);
		free(names.v[i]);
	}
	free(names.v);
}

/* Where the last component of a command-line path starts ("a/b/" -> 2). */
static size_t last_component(const char *p)
{
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		n--;
	while (n > 0 && p[n - 1] != '/')
		n--;
	return n;
}

static int cmp_art(const void *pa, const void *pb)
{
	return strcmp(((const struct artifact *)pa)->path, ((const struct artifact *)pb)->path);
}

static int cmp_u64(uint64_t x, uint64_t y)
{
	return x < y ? -1 : x > y;
}

/* By identity (device, inode, archive member), then by discovery order. */
static int cmp_identity(const void *pa, const void *pb)
{
	const struct artifact *x = pa, *y = pb;
	int c = cmp_u64(x->dev, y->dev);

	if (c == 0)
		c = cmp_u64(x->ino, y->ino);
	if (c == 0)
		c = cmp_u64(x->member, y->member);
	return c != 0 ? c : cmp_u64(x->order, y->order);
}

static int same_identity(const struct artifact *x, const struct artifact *y)
{
	return (x->dev != 0 || x->ino != 0) && x->dev == y->dev && x->ino == y->ino &&
	       x->member == y->member;
}

/* One file reached by two spellings (B and ./B, B and B/., a relative and
 * an absolute path, B//x, a folder and a link to it) is the same device
 * and inode: keep the spelling met first, drop the others. Entries without
 * an identity (could not be examined) fall to the path comparison. */
static void drop_same_files(struct bundle *b)
{
	size_t i, j;

	if (b->n < 2)
		return;
	qsort(b->arts, b->n, sizeof(*b->arts), cmp_identity);
	for (i = 1, j = 1; i < b->n; i++) {
		if (same_identity(&b->arts[i], &b->arts[j - 1])) {
			artifact_free(&b->arts[i]);
			continue;
		}
		b->arts[j++] = b->arts[i];
	}
	b->n = j;
}

int bundle_discover(struct bundle *b, char *const *paths, size_t npaths, struct nerr *e)
{
	struct walk w = {b, 0, 0, 0, 0, 0, 0};
	size_t i, j;

	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0) {
			nerr_set(e, "%s: %s", paths[i], strerror(errno));
			return -1;
		}
		w.root_len = last_component(paths[i]);
		if (S_ISDIR(st.st_mode)) {
			size_t n = strlen(paths[i]);

			/* walk_dir joins "dir" + "/" + name, or "dir/" + name */
			w.name_off = n > 0 && paths[i][n - 1] == '/' ? n : n + 1;
			walk_dir(&w, paths[i], 0);
		} else if (S_ISREG(st.st_mode)) {
			struct artifact *a;

			w.name_off = w.root_len;
			a = discover_add(&w, paths[i]);
			a->follow = 1; /* the user named it, link or not */
			examine(&w, b->n - 1);
			w.files++;
		} else {
			nerr_set(e, "%s: not a file or folder", paths[i]);
			return -1;
		}
	}
	drop_same_files(b);
	if (b->n > 1)
		qsort(b->arts, b->n, sizeof(*b->arts), cmp_art);
	/* The same file named twice (a folder and a file in it) counts once. */
	for (i = 1, j = 1; i < b->n; i++) {
		if (strcmp(b->arts[i].path, b->arts[j - 1].path) == 0) {
			artifact_free(&b->arts[i]);
			continue;
		}
		b->arts[j++] = b->arts[i];
	}
	if (b->n > 0)
		b->n = j;
	if (w.truncated) {
		nerr_set(e, "more than %d files under the given paths; stopped there",
			 BUNDLE_MAX_FILES);
		return -1;
	}
	return 0;
}
