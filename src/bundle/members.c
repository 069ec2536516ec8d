/* Archive members as artifacts: read in place through libarchive
 * (src/read/archive.c), never extracted. A member's bytes stream once:
 * through SHA-256 (the manifest's hash of the member), through the
 * sniffers (its first DISCOVER_HEAD bytes), and, when a reader claims it,
 * either straight into that reader as they are unpacked (the text logs,
 * which read once in order: decompress, hash and parse in one pass), or
 * into an anonymous temporary file that the reader then reads as it reads
 * any file (libregf and the XML reader need to seek). The temporary file
 * has no name and goes when the member has been read. Member names are
 * only ever labels: no file is made or opened by a member's name. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/util.h"
#include "read/archive.h"
#include "read/hive.h"
#include "bundle-priv.h"

/* One archive being listed. */
struct listing {
	struct walk *w;
	struct arc *ar;
	const char *arcpath;  /* the archive artifact's path (a copy) */
	size_t root_len;      /* names below the archive start after its '!' */
	size_t name_off;
	uint64_t dev, ino, member_base;
	int depth;
	uint64_t total;       /* bytes unpacked from this archive so far */
};

/* One member's bytes on their way through. */
struct stream {
	EVP_MD_CTX *md;
	int spool;            /* -1: not kept */
	int is_hive;
	struct hive_time_scan scan;
	uint64_t key_time;    /* a hive's newest key time, once scanned; 0: none */
	uint64_t bytes;
};

/* Why a member's name cannot stand for a place inside the bundle, or
 * NULL. The name is never used as a path; these are refused because a
 * tool that unpacks the archive would write outside its folder (or fail),
 * so such an archive was not made from a server's files. */
static const char *unsafe_name(const char *n)
{
	const char *p = n;

	if (n[0] == '/')
		return "an absolute path";
	if (((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z')) && n[1] == ':')
		return "a drive letter";
	while (*p != '\0') {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return "a '..' component that climbs out of the archive";
		p += len;
		while (*p == '/')
			p++;
	}
	return NULL;
}

/* The name as a label: '\' as '/' (PowerShell 5's Compress-Archive
 * writes backslashes), no leading "./", control bytes as '?', bounded. */
static char *clean_name(const char *name)
{
	size_t n = strnlen(name, 1024), i;
	char *s = xstrndup(name, n);

	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			s[i] = '/';
		else if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	}
	while (s[0] == '.' && s[1] == '/')
		memmove(s, s + 2, strlen(s + 2) + 1);
	return s;
}

static struct artifact *member_error(struct listing *l, size_t mi, const char *fmt, ...)
	NA_PRINTF(3, 4);

/* The member becomes an error, its path first. */
static struct artifact *member_error(struct listing *l, size_t mi, const char *fmt, ...)
{
	struct artifact *a = &l->w->b->arts[mi];
	struct nerr e;
	char buf[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nerr_clear(&e);
	nerr_set(&e, "%s: %s", a->path, buf);
	artifact_set_error(a, &e);
	return a;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Hash, scan and keep one block. 0, or -1 with e set (the temporary file
 * could not take it). */
static int pass(struct stream *s, const unsigned char *p, size_t n, struct nerr *e)
{
	EVP_DigestUpdate(s->md, p, n);
	if (s->is_hive)
		hive_time_scan_feed(&s->scan, p, n);
	s->bytes += n;
	if (s->spool >= 0 && write_all(s->spool, p, n) != 0) {
		nerr_set(e, "cannot write the member to a temporary file: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* 0 within the limits, else -1 with e saying which one. */
static int over_limits(struct listing *l, const struct stream *s, struct nerr *e)
{
	uint64_t raw = arc_raw_bytes(l->ar);

	if (l->total > ARCHIVE_MAX_TOTAL)
		nerr_set(e, "more than %llu bytes unpacked from the archive (a decompression bomb?)",
			 (unsigned long long)ARCHIVE_MAX_TOTAL);
	else if (s->bytes > ARCHIVE_MAX_MEMBER)
		nerr_set(e, "the member is larger than %llu bytes", (unsigned long long)ARCHIVE_MAX_MEMBER);
	else if (l->total > ARCHIVE_RATIO_FLOOR && l->total / (raw ? raw : 1) > ARCHIVE_MAX_RATIO)
		nerr_set(e, "%llu bytes unpacked from %llu bytes of archive, a ratio over %d:1 "
			 "(a decompression bomb?)", (unsigned long long)l->total,
			 (unsigned long long)raw, ARCHIVE_MAX_RATIO);
	else
		return 0;
	return -1;
}

/* Read the member's data through s. 0; -1 when the member could not be
 * read (e says why; the archive may go on); -2 when a limit stopped the
 * archive. */
static int stream_rest(struct listing *l, struct stream *s, struct nerr *e)
{
	unsigned char buf[65536];

	for (;;) {
		ssize_t n = arc_read(l->ar, buf, sizeof(buf), e);

		if (n == 0)
			return 0;
		if (n < 0)
			return -1;
		l->total += (uint64_t)n;
		if (pass(s, buf, (size_t)n, e) != 0)
			return -1;
		if (over_limits(l, s, e) != 0)
			return -2;
	}
}

/* The first DISCOVER_HEAD bytes (fewer at the member's end). */
static ssize_t read_head(struct listing *l, unsigned char *head, struct nerr *e)
{
	size_t hn = 0;

	while (hn < DISCOVER_HEAD) {
		ssize_t n = arc_read(l->ar, head + hn, DISCOVER_HEAD - hn, e);

		if (n < 0)
			return -1;
		if (n == 0)
			break;
		hn += (size_t)n;
	}
	l->total += hn;
	return (ssize_t)hn;
}

static void hex_of(EVP_MD_CTX *md, char hex[65])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0, i;
	static const char digits[] = "0123456789abcdef";

	hex[0] = '\0';
	if (EVP_DigestFinal_ex(md, d, &dn) != 1 || dn != 32)
		return;
	for (i = 0; i < dn; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}

/* What was read becomes the member artifact's: a reader's file, an inner
 * archive (listed now, one level), or a note. */
static void settle(struct listing *l, size_t mi, struct stream *s, const char *note)
{
	struct artifact *a = &l->w->b->arts[mi];

	a->size = s->bytes;
	hex_of(s->md, a->sha256);
	if (s->is_hive)
		a->key_time = s->key_time;
	if (a->streamed)
		return; /* its reader has read it */
	if (a->kind == ART_UNKNOWN || a->kind == ART_HIVE_LOG) {
		a->note = xstrdup(note);
		return;
	}
	if (a->kind == ART_ARCHIVE && l->depth > 0) {
		a->note = xstrdup("an archive inside an archive inside an archive: not opened (one "
				  "level of archives inside archives is read)");
		a->reader = NULL;
		return;
	}
	a->status = ART_OK;
	if (a->kind == ART_ARCHIVE) {
		discover_archive(l->w, mi, s->spool, l->depth + 1);
		return; /* the spool is closed by the caller */
	}
	a->spooled = 1;
	a->spool_fd = s->spool;
	s->spool = -1;
	l->w->spooled++;
}

/* A member on its way to a reader that streams: what the reader pulls
 * goes through the hash and the limits first, as stream_rest does. */
struct pull_src {
	struct listing *l;
	struct stream *s;
	const unsigned char *head; /* the sniffed head, already hashed */
	size_t hn, hpos;
	int rc;                    /* 0, or stream_rest's -1 / -2 */
	struct nerr e;
};

static long pull_member(void *ctx, void *to, size_t n)
{
	struct pull_src *p = ctx;
	ssize_t got;

	if (p->rc != 0)
		return -1;
	if (p->hpos < p->hn) {
		size_t k = p->hn - p->hpos < n ? p->hn - p->hpos : n;

		memcpy(to, p->head + p->hpos, k);
		p->hpos += k;
		return (long)k;
	}
	got = arc_read(p->l->ar, to, n, &p->e);
	if (got <= 0) {
		p->rc = got < 0 ? -1 : 0;
		return got < 0 ? -1 : 0;
	}
	p->l->total += (uint64_t)got;
	if (pass(p->s, to, (size_t)got, &p->e) != 0)
		p->rc = -1;
	else if (over_limits(p->l, p->s, &p->e) != 0)
		p->rc = -2;
	return p->rc == 0 ? (long)got : -1;
}

/* A member whose reader could not read it to the end: nothing of what the
 * reader made of its first part is kept, as when a spooled member breaks. */
static void unread(struct artifact *a)
{
	size_t j;

	artifact_drop_handle(a);
	for (j = 0; j < a->nwarnings; j++)
		free(a->warnings[j]);
	free(a->warnings);
	a->warnings = NULL;
	a->nwarnings = 0;
	a->streamed = 0;
}

/* Hand the member (its head, then the rest as it is unpacked) to its
 * reader, then hash what the reader left unread. 0, or stream_rest's -1
 * or -2 with e set. */
static int stream_to_reader(struct listing *l, size_t mi, struct stream *s,
			    const unsigned char *head, size_t hn, struct nerr *e)
{
	struct artifact *a = &l->w->b->arts[mi];
	struct pull_src p;
	struct read_ctx ctx = {l->w->b->certopts, -1, pull_member, NULL};

	memset(&p, 0, sizeof(p));
	p.l = l;
	p.s = s;
	p.head = head;
	p.hn = hn;
	nerr_clear(&p.e);
	ctx.pull_ctx = &p;
	a->status = ART_OK;
	a->streamed = 1;
	a->reader->open(a, &ctx);
	if (p.rc == 0)
		p.rc = stream_rest(l, s, &p.e);
	if (p.rc != 0) {
		unread(a);
		*e = p.e;
	}
	return p.rc;
}

/* Stream one regular member into its artifact. 0, or -2 when a limit
 * stopped the whole archive. */
/* Where a member waits for its reader: in memory (memfd_create) while the
 * members kept there stay under ARCHIVE_MAX_MEMSPOOL in all, else in an
 * anonymous temporary file in TMPDIR. Memory is the cheaper of the two:
 * no file system write-back for bytes read once more and dropped. */
static int spool_open(struct walk *w, int64_t declared, struct nerr *e)
{
	int fd;

	if (declared >= 0 && (uint64_t)declared <= ARCHIVE_MAX_MEMSPOOL - w->spool_mem) {
		fd = memfd_create("ndes-audit-member", MFD_CLOEXEC);
		if (fd >= 0) {
			w->spool_mem += (uint64_t)declared;
			return fd;
		}
	}
	return anon_tmpfile(e);
}

static int read_member(struct listing *l, size_t mi, int64_t declared)
{
	unsigned char head[DISCOVER_HEAD];
	struct stream s;
	const char *note = NULL;
	struct artifact *a = &l->w->b->arts[mi];
	struct nerr e;
	ssize_t hn;
	int rc = 0, scanned = 0;

	memset(&s, 0, sizeof(s));
	s.spool = -1;
	hive_time_scan_init(&s.scan);
	nerr_clear(&e);
	s.md = EVP_MD_CTX_new();
	if (s.md == NULL || EVP_DigestInit_ex(s.md, EVP_sha256(), NULL) != 1) {
		member_error(l, mi, "SHA-256 unavailable");
		goto out;
	}
	hn = read_head(l, head, &e);
	if (hn < 0) {
		member_error(l, mi, "cannot read the member: %s", e.msg);
		goto out;
	}
	a->reader = reader_sniff(head, (size_t)hn, &a->kind, &note);
	if (a->reader == NULL && note == NULL)
		note = "no reader recognises this content";
	s.is_hive = a->kind == ART_HIVE;
	if (a->reader != NULL && a->reader->streams && a->reader->open != NULL &&
	    a->kind != ART_UNKNOWN && a->kind != ART_HIVE_LOG) {
		rc = pass(&s, head, (size_t)hn, &e) == 0
			     ? stream_to_reader(l, mi, &s, head, (size_t)hn, &e) : -1;
	} else {
		if (a->kind != ART_UNKNOWN && a->kind != ART_HIVE_LOG) {
			if (l->w->spooled >= ARCHIVE_MAX_SPOOLED) {
				member_error(l, mi, "more than %d archive members wait for the "
					     "readers at once; not read", ARCHIVE_MAX_SPOOLED);
				a->kind = ART_UNKNOWN;
				goto out;
			}
			s.spool = spool_open(l->w, declared, &e);
			if (s.spool < 0) {
				member_error(l, mi, "%s", e.msg);
				goto out;
			}
		}
		rc = pass(&s, head, (size_t)hn, &e) == 0 ? stream_rest(l, &s, &e) : -1;
	}
	if (rc < 0) {
		/* damage or a limit: the archive's error, met at this member */
		member_error(l, mi, "not read: %s", e.msg);
		rc = rc == -2 ? -2 : 0;
		goto out;
	}
	scanned = 1;
	if (!hive_time_scan_finish(&s.scan, &s.key_time))
		s.key_time = 0;
	settle(l, mi, &s, note);
out:
	if (!scanned)
		hive_time_scan_finish(&s.scan, &s.key_time); /* frees what the scan holds */
	if (s.spool >= 0)
		close(s.spool);
	EVP_MD_CTX_free(s.md);
	return rc;
}

/* Add the member's artifact; give it the archive's identity. */
static size_t add_member(struct listing *l, const char *name, uint64_t idx)
{
	char *path = xasprintf("%s!%s", l->arcpath, name);
	struct artifact *a = discover_add(l->w, path);

	free(path);
	a->root_len = l->root_len;
	a->name_off = l->name_off;
	a->dev = l->dev;
	a->ino = l->ino;
	a->member = l->member_base | idx;
	return l->w->b->n - 1;
}

static const char *skipped_type(enum arc_type t)
{
	switch (t) {
	case ARC_SYMLINK: return "symbolic link member: skipped, never followed";
	case ARC_HARDLINK: return "hard link member: skipped, never followed";
	case ARC_SPECIAL: return "device, FIFO or socket member: skipped";
	default: return NULL;
	}
}

/* One member. 1 go on, 0 a limit stopped the archive. */
static int list_member(struct listing *l, const struct arc_member *m, uint64_t idx)
{
	char *name = clean_name(m->name);
	const char *why = unsafe_name(name);
	size_t mi = add_member(l, name[0] != '\0' ? name : "(no name)", idx);
	struct artifact *a = &l->w->b->arts[mi];
	int go = 1;

	l->w->files++;
	if (why != NULL)
		member_error(l, mi, "the member's name has %s: not read (member names are never "
			     "used as paths)", why);
	else if (skipped_type(m->type) != NULL)
		a->note = xstrdup(skipped_type(m->type));
	else if (m->encrypted)
		member_error(l, mi, "encrypted member: not read (ndes-audit asks for no archive "
			     "password; give it the unpacked files)");
	else
		go = read_member(l, mi, m->size) == 0;
	free(name);
	return go;
}

static void archive_failed(struct listing *l, size_t ai, const char *fmt, ...) NA_PRINTF(3, 4);

static void archive_failed(struct listing *l, size_t ai, const char *fmt, ...)
{
	struct artifact *a = &l->w->b->arts[ai];
	struct nerr e;
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nerr_clear(&e);
	nerr_set(&e, "%s", buf);
	artifact_set_error(a, &e);
}

/* Every member a reader takes holds a descriptor until bundle_read: a
 * year of daily IIS logs is hundreds. Let the process use the descriptors
 * its hard limit allows (the soft limit is often 1024), up to what
 * ARCHIVE_MAX_SPOOLED needs; where it cannot, the members past the limit
 * are errors naming them. */
static void allow_spool_descriptors(void)
{
	struct rlimit rl;
	rlim_t want = ARCHIVE_MAX_SPOOLED + 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

void discover_archive(struct walk *w, size_t ai, int fd, int depth)
{
	struct listing l;
	struct arc_member m;
	struct nerr e;
	uint64_t idx = 0, members = 0;
	int rc;

	memset(&l, 0, sizeof(l));
	l.w = w;
	l.depth = depth;
	l.arcpath = xstrdup(w->b->arts[ai].path);
	l.root_len = strlen(l.arcpath) + 1;
	l.name_off = w->b->arts[ai].name_off;
	l.dev = w->b->arts[ai].dev;
	l.ino = w->b->arts[ai].ino;
	l.member_base = w->b->arts[ai].member << 32;
	nerr_clear(&e);
	allow_spool_descriptors();
	rc = arc_open_fd(fd, l.arcpath, &l.ar, &e);
	if (rc == 0) {
		w->b->arts[ai].status = ART_IGNORED;
		w->b->arts[ai].kind = ART_UNKNOWN;
		w->b->arts[ai].reader = NULL;
		w->b->arts[ai].note = xstrdup(e.msg);
		goto out;
	}
	if (rc < 0) {
		artifact_set_error(&w->b->arts[ai], &e);
		goto out;
	}
	while ((rc = arc_next(l.ar, &m, &e)) == 1) {
		idx++;
		if (m.type == ARC_DIR)
			continue;
		if (w->files >= BUNDLE_MAX_FILES) {
			w->truncated = 1;
			break;
		}
		members++;
		if (!list_member(&l, &m, idx)) {
			archive_failed(&l, ai, "%s: stopped after %llu member(s): a limit was reached "
				       "(see the member's error); the members before were read",
				       l.arcpath, (unsigned long long)members);
			goto out;
		}
	}
	if (rc < 0 && members == 0)
		artifact_set_error(&w->b->arts[ai], &e);
	else if (rc < 0)
		archive_failed(&l, ai, "%s (after %llu member(s), which were read)", e.msg,
			       (unsigned long long)members);
	else
		w->b->arts[ai].note = xasprintf("%s: %llu member(s), read in place", arc_format(l.ar),
						(unsigned long long)members);
out:
	arc_close(l.ar);
	free((char *)l.arcpath);
}
