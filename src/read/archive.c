/* The libarchive adapter: an archive is read on the caller's descriptor
 * through callbacks that use pread, so libarchive can seek (7z and cab
 * keep their directory at the end; zip's central directory tells sizes
 * that the local headers may leave out) without moving the caller's file
 * offset. Only the formats a support bundle arrives in are enabled, and
 * only built-in decompressors: libarchive never runs an external program
 * here. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "ndes-audit/util.h"
#include "read/archive.h"

#define ARC_BLOCK 65536

struct arc {
	struct archive *ar;
	char *path;
	int fd;
	int64_t size, off; /* the archive file's size; where the next read starts */
	uint64_t raw;      /* bytes handed to libarchive */
	int fatal;         /* libarchive said ARCHIVE_FATAL: no call may follow */
	char why[160];     /* what it said then */
	unsigned char buf[ARC_BLOCK];
};

static int has(const unsigned char *h, size_t n, size_t at, const char *magic, size_t len)
{
	return n >= at + len && memcmp(h + at, magic, len) == 0;
}

enum artifact_kind archive_sniff(const unsigned char *head, size_t n, const char **note)
{
	(void)note;
	if (has(head, n, 0, "PK\003\004", 4) || has(head, n, 0, "PK\005\006", 4) || /* zip, empty zip */
	    has(head, n, 0, "\037\213", 2) ||                                       /* gzip */
	    has(head, n, 0, "\3757zXZ\0", 6) ||                                     /* xz */
	    has(head, n, 0, "BZh", 3) ||                                            /* bzip2 */
	    has(head, n, 0, "7z\274\257\047\034", 6) ||                             /* 7z */
	    has(head, n, 0, "MSCF\0\0\0\0", 8) ||                                   /* cab */
	    has(head, n, 257, "ustar", 5))                                          /* tar */
		return ART_ARCHIVE;
	return ART_UNKNOWN;
}

static la_ssize_t cb_read(struct archive *ar, void *data, const void **out)
{
	struct arc *a = data;
	ssize_t n;

	do
		n = pread(a->fd, a->buf, sizeof(a->buf), a->off);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(ar, errno, "read error at byte offset %lld", (long long)a->off);
		return -1;
	}
	a->off += n;
	a->raw += (uint64_t)n;
	*out = a->buf;
	return n;
}

static la_int64_t cb_seek(struct archive *ar, void *data, la_int64_t off, int whence)
{
	struct arc *a = data;
	int64_t to = whence == SEEK_SET ? off : whence == SEEK_CUR ? a->off + off : a->size + off;

	if (to < 0) {
		archive_set_error(ar, EINVAL, "seek before the start of the archive");
		return ARCHIVE_FATAL;
	}
	a->off = to;
	return to;
}

static la_int64_t cb_skip(struct archive *ar, void *data, la_int64_t request)
{
	struct arc *a = data;

	(void)ar;
	if (request < 0)
		return 0;
	if (a->off + request > a->size) /* never past the end: a damaged size */
		request = a->size > a->off ? a->size - a->off : 0;
	a->off += request;
	return request;
}

/* A compression format that wraps one stream rather than members: its
 * name, or NULL. Such a file whose content is no tar (a compressed log)
 * is not an archive, and not an error either. */
static const char *bare_stream(int fd)
{
	unsigned char h[6];

	if (pread(fd, h, sizeof(h), 0) != (ssize_t)sizeof(h))
		return NULL;
	if (has(h, sizeof(h), 0, "\037\213", 2))
		return "gzip";
	if (has(h, sizeof(h), 0, "\3757zXZ\0", 6))
		return "xz";
	if (has(h, sizeof(h), 0, "BZh", 3))
		return "bzip2";
	return NULL;
}

int arc_open_fd(int fd, const char *path, struct arc **out, struct nerr *e)
{
	struct arc *a = xcalloc(1, sizeof(*a));
	struct stat st;

	*out = NULL;
	a->fd = fd;
	a->path = xstrdup(path);
	if (fstat(fd, &st) != 0) {
		nerr_set(e, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	a->size = (int64_t)st.st_size;
	a->ar = archive_read_new();
	if (a->ar == NULL) {
		nerr_set(e, "%s: libarchive could not start", path);
		goto fail;
	}
	archive_read_support_filter_gzip(a->ar);
	archive_read_support_filter_xz(a->ar);
	archive_read_support_filter_bzip2(a->ar);
	archive_read_support_format_zip(a->ar);
	archive_read_support_format_tar(a->ar);
	archive_read_support_format_gnutar(a->ar);
	archive_read_support_format_7zip(a->ar);
	archive_read_support_format_cab(a->ar);
	archive_read_set_callback_data(a->ar, a);
	archive_read_set_read_callback(a->ar, cb_read);
	archive_read_set_seek_callback(a->ar, cb_seek);
	archive_read_set_skip_callback(a->ar, cb_skip);
	if (archive_read_open1(a->ar) != ARCHIVE_OK) {
		const char *bare = bare_stream(fd);

		if (bare != NULL) {
			nerr_set(e, "%s-compressed file that holds no tar archive: not read (only "
				 "archives are unpacked)", bare);
			arc_close(a);
			return 0;
		}
		nerr_set(e, "%s: not an archive libarchive reads: %s", path,
			 archive_error_string(a->ar) ? archive_error_string(a->ar) : "unknown error");
		goto fail;
	}
	*out = a;
	return 1;
fail:
	arc_close(a);
	return -1;
}

static enum arc_type type_of(struct archive_entry *en)
{
	if (archive_entry_hardlink(en) != NULL)
		return ARC_HARDLINK;
	switch (archive_entry_filetype(en)) {
	case AE_IFREG: return ARC_FILE;
	case AE_IFDIR: return ARC_DIR;
	case AE_IFLNK: return ARC_SYMLINK;
	default: return ARC_SPECIAL;
	}
}

int arc_next(struct arc *a, struct arc_member *m, struct nerr *e)
{
	struct archive_entry *en = NULL;
	int rc;

	memset(m, 0, sizeof(*m));
	if (a->fatal) {
		/* libarchive's contract: after ARCHIVE_FATAL only archive_read_free;
		 * its 3.6 CAB reader dereferences NULL when asked for the next
		 * member after a bad data block (tests/fuzz/regress/archive). */
		nerr_set(e, "%s: the members after the damaged one cannot be reached: %s", a->path,
			 a->why);
		return -1;
	}
	rc = archive_read_next_header(a->ar, &en);
	if (rc == ARCHIVE_FATAL)
		a->fatal = 1;
	if (rc == ARCHIVE_EOF)
		return 0;
	/* ARCHIVE_WARN still gives a usable header (a name not in UTF-8...) */
	if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
		const char *why = archive_error_string(a->ar);
		la_int64_t at = archive_read_header_position(a->ar);

		if (at >= 0)
			nerr_set(e, "%s: archive damaged at byte offset %lld: %s", a->path, (long long)at,
				 why != NULL ? why : "unreadable header");
		else
			nerr_set(e, "%s: cannot read the archive further: %s", a->path,
				 why != NULL ? why : "unreadable header");
		return -1;
	}
	m->name = archive_entry_pathname_utf8(en);
	if (m->name == NULL)
		m->name = archive_entry_pathname(en);
	if (m->name == NULL)
		m->name = "";
	m->type = type_of(en);
	m->encrypted = archive_entry_is_encrypted(en) != 0;
	m->size = archive_entry_size_is_set(en) ? (int64_t)archive_entry_size(en) : -1;
	return 1;
}

ssize_t arc_read(struct arc *a, void *buf, size_t n, struct nerr *e)
{
	la_ssize_t r;

	if (a->fatal) {
		nerr_set(e, "the archive cannot be read further");
		return -1;
	}
	r = archive_read_data(a->ar, buf, n);
	if (r == ARCHIVE_FATAL) {
		a->fatal = 1;
		snprintf(a->why, sizeof(a->why), "%s",
			 archive_error_string(a->ar) ? archive_error_string(a->ar) : "unreadable data");
	}
	if (r < 0) {
		nerr_set(e, "%s", archive_error_string(a->ar) ? archive_error_string(a->ar)
							      : "unreadable data");
		return -1;
	}
	return (ssize_t)r;
}

uint64_t arc_raw_bytes(struct arc *a)
{
	return a->raw;
}

const char *arc_format(struct arc *a)
{
	const char *f = archive_format_name(a->ar);

	return f != NULL ? f : "archive";
}

void arc_close(struct arc *a)
{
	if (a == NULL)
		return;
	if (a->ar != NULL)
		archive_read_free(a->ar);
	free(a->path);
	free(a);
}

const char *arc_library_version(void)
{
	return archive_version_string();
}
