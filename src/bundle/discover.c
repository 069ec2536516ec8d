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
#include "ndes-audit/inf.h"
#include "ndes-audit/certread.h"
#include "ndes-audit/util.h"

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

	if (a->handle != NULL && a->handle_free != NULL)
		a->handle_free(a->handle);
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

/* Content sniffers, most specific first. Later artifact kinds (IIS
 * configuration, INF, certificates, logs) add a sniffer here. */
static enum artifact_kind sniff_hive(const unsigned char *h, size_t n, const char **note)
{
	if (n < 4 || memcmp(h, "regf", 4) != 0)
		return ART_UNKNOWN;
	/* Base block file type: 0 primary hive, 1 or 6 transaction log. */
	if (n >= 32 && (h[28] | h[29] | h[30] | h[31]) != 0) {
		*note = "registry transaction log (.LOG1/.LOG2); logs are not replayed";
		return ART_HIVE_LOG;
	}
	return ART_HIVE;
}

/* A security template (secedit export or GptTmpl.inf): INF text with the
 * sections such a template has. Export or GPO is decided when it is read. */
static enum artifact_kind sniff_secpol(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	return inf_sniff_security_template(h, n) ? ART_SECPOL_EXPORT : ART_UNKNOWN;
}

/* Does a line of the head start with PREFIX (ASCII case-insensitive)? */
static int head_has_line(const unsigned char *h, size_t n, const char *prefix)
{
	size_t m = strlen(prefix), i = 0;

	while (i < n) {
		const unsigned char *nl = memchr(h + i, '\n', n - i);
		size_t end = nl != NULL ? (size_t)(nl - h) : n;

		if (end - i >= m && ascii_ncasecmp((const char *)h + i, prefix, m) == 0)
			return 1;
		i = end + 1;
	}
	return 0;
}

/* W3C extended logs: IIS (u_ex*.log) and HTTP.sys's HTTPERR log, by their
 * directive lines. Any line of the head counts (a file may start with a
 * stray record). */
static enum artifact_kind sniff_w3c(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		h += 3;
		n -= 3;
	}
	if (head_has_line(h, n, "#Software: Microsoft HTTP API"))
		return ART_LOG_HTTPERR;
	if (head_has_line(h, n, "#Software: Microsoft Internet Information Services"))
		return ART_LOG_IIS;
	if (head_has_line(h, n, "#Version:") && head_has_line(h, n, "#Fields:"))
		return ART_LOG_IIS;
	return ART_UNKNOWN;
}

/* Windows Installer verbose logs (SetupMsi.log), ANSI or UTF-16LE. */
static enum artifact_kind sniff_msi(const unsigned char *h, size_t n, const char **note)
{
	unsigned char a[DISCOVER_HEAD];
	size_t i, m = 0;

	(void)note;
	if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
		for (i = 2; i + 1 < n; i += 2)
			a[m++] = h[i + 1] == 0 ? h[i] : '?';
		h = a;
		n = m;
	} else if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		h += 3;
		n -= 3;
	}
	if (head_has_line(h, n, "=== Verbose logging started") ||
	    head_has_line(h, n, "=== Logging started") || head_has_line(h, n, "MSI (c) (") ||
	    head_has_line(h, n, "MSI (s) ("))
		return ART_LOG_MSI;
	return ART_UNKNOWN;
}

static enum artifact_kind sniff_evtx(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	return n >= 8 && memcmp(h, "ElfFile", 8) == 0 ? ART_EVTX : ART_UNKNOWN;
}

/* IIS configuration (applicationHost.config, web.config): XML whose
 * document element is <configuration>. Skips a BOM (UTF-8, or UTF-16
 * read as its ASCII bytes), the XML declaration, comments, processing
 * instructions, a DOCTYPE and white space. The reader confirms by parsing
 * and decides which file it is. A prolog still open at the end of the head
 * is passed on too: only the reader can tell. */
static enum artifact_kind sniff_iis(const unsigned char *h, size_t n, const char **note)
{
	char buf[DISCOVER_HEAD + 1];
	size_t len = 0, i = 0, step = 1, lo = 0;
	const char *p, *end;
	int full = n >= DISCOVER_HEAD; /* the file goes on past the head */

	(void)note;
	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		i = 3;
	} else if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
		i = 2;
		step = 2;
		lo = h[0] == 0xFF ? 0 : 1;
	}
	for (; i + step <= n && len < DISCOVER_HEAD; i += step) {
		if (step == 2 && h[i + (1 - lo)] != 0)
			return ART_UNKNOWN; /* not ASCII: not the start of an IIS file */
		if (h[i + lo] == 0) {
			full = 0; /* binary from here on: the prolog must end before */
			break;
		}
		buf[len++] = (char)h[i + lo];
	}
	buf[len] = '\0';
	p = buf;
	end = buf + len;
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (p >= end)
			return ART_UNKNOWN;
		if (strncmp(p, "<?", 2) == 0) {
			const char *q = strstr(p, "?>");

			if (q == NULL)
				return full ? ART_IIS_CONFIG : ART_UNKNOWN;
			p = q + 2;
		} else if (strncmp(p, "<!--", 4) == 0) {
			const char *q = strstr(p + 4, "-->");

			if (q == NULL)
				return full ? ART_IIS_CONFIG : ART_UNKNOWN;
			p = q + 3;
		} else if (strncmp(p, "<!DOCTYPE", 9) == 0) {
			/* Skip to the '>' that closes it, past any [internal subset]. */
			int bracket = 0;

			for (p += 9; p < end && (bracket || *p != '>'); p++)
				bracket += *p == '[' ? 1 : *p == ']' ? -1 : 0;
			if (p >= end)
				return full ? ART_IIS_CONFIG : ART_UNKNOWN;
			p++;
		} else if (strncmp(p, "<configuration", 14) == 0 &&
			   (p[14] == '>' || p[14] == '/' || p[14] == ' ' || p[14] == '\t' ||
			    p[14] == '\r' || p[14] == '\n' || p + 14 == end)) {
			return ART_IIS_CONFIG;
		} else {
			return ART_UNKNOWN;
		}
	}
}

/* A .reg text export: its first line, after an optional byte order mark
 * (UTF-16LE as regedit writes it, or UTF-8), is the regedit header. */
static enum artifact_kind sniff_regexport(const unsigned char *h, size_t n, const char **note)
{
	char line[64];
	size_t i = 0, k = 0;
	int utf16 = 0;

	(void)note;
	if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
		utf16 = 1;
		i = 2;
	} else if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		i = 3;
	}
	while (i < n && k < sizeof(line) - 1) {
		unsigned char c = h[i];

		if (utf16) {
			if (i + 1 >= n || h[i + 1] != 0)
				break;
			i += 2;
		} else {
			i++;
		}
		if (c == '\r' || c == '\n')
			break;
		line[k++] = (char)c;
	}
	while (k > 0 && (line[k - 1] == ' ' || line[k - 1] == '\t'))
		k--;
	line[k] = '\0';
	if (ascii_casecmp(line, "Windows Registry Editor Version 5.00") == 0 ||
	    ascii_casecmp(line, "REGEDIT4") == 0)
		return ART_REG;
	return ART_UNKNOWN;
}

static enum artifact_kind (*const sniffers[])(const unsigned char *, size_t, const char **) = {
	sniff_hive,
	sniff_regexport,
	sniff_evtx,
	sniff_w3c,
	sniff_msi,
	sniff_iis,
	sniff_secpol,
	certfile_sniff,
};

enum artifact_kind discover_sniff(const unsigned char *head, size_t n, const char **note)
{
	size_t i;

	*note = NULL;
	for (i = 0; i < sizeof(sniffers) / sizeof(sniffers[0]); i++) {
		enum artifact_kind k = sniffers[i](head, n, note);

		if (k != ART_UNKNOWN)
			return k;
	}
	if (*note == NULL) /* a sniffer may say what the file is although no reader takes it */
		*note = "no reader recognises this content";
	return ART_UNKNOWN;
}

struct walk {
	struct bundle *b;
	size_t files;
	int truncated;
	size_t root_len; /* of the command-line path being walked */
	size_t name_off; /* where names below it start */
};

static struct artifact *add(struct walk *w, const char *path)
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
	a->status = ART_IGNORED;
	return a;
}

/* Read the file once: its head for the sniffers and all of it for the
 * hash. Opened read-only, never following a link, never blocking on a
 * FIFO. */
static void examine(struct artifact *a)
{
	unsigned char head[DISCOVER_HEAD];
	size_t hn = 0;
	struct stat st;
	const char *note = NULL;
	struct nerr e;
	int fd;

	nerr_clear(&e);
	fd = open(a->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
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
	a->kind = discover_sniff(head, hn, &note);
	if (a->kind == ART_UNKNOWN || a->kind == ART_HIVE_LOG) {
		a->status = ART_IGNORED;
		a->note = xstrdup(note);
	} else {
		a->status = ART_OK; /* until its reader says otherwise */
	}
out:
	close(fd);
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
		struct artifact *a = add(w, dir);
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
			artifact_set_error(add(w, path), &e);
			w->files++;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth + 1 >= BUNDLE_MAX_DEPTH)
				add(w, path)->note = xstrdup("folder nested too deep; not walked");
			else
				walk_dir(w, path, depth + 1);
		} else if (S_ISLNK(st.st_mode)) {
			add(w, path)->note = xstrdup("symbolic link inside the bundle; not followed");
			w->files++;
		} else if (!S_ISREG(st.st_mode)) {
			add(w, path)->note = xstrdup("not a regular file");
			w->files++;
		} else {
			examine(add(w, path));
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

int bundle_discover(struct bundle *b, char *const *paths, size_t npaths, struct nerr *e)
{
	struct walk w = {b, 0, 0, 0, 0};
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
			w.name_off = w.root_len;
			examine(add(&w, paths[i]));
			w.files++;
		} else {
			nerr_set(e, "%s: not a file or folder", paths[i]);
			return -1;
		}
	}
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
