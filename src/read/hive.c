/* Registry hive reader: the only file that includes libregf.h.
 *
 * Before libregf sees a file we read its base block ourselves: libregf
 * opens dirty and truncated hives without a word, and its own error for a
 * bad checksum hides the cause in a backtrace. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libregf.h>

#include "ndes-audit/err.h"
#include "read/hive.h"
#include "read/hivecell.h"
#include "ndes-audit/util.h"

#define BASE_BLOCK 4096u

/* Keys with at least this many subkeys get a name index the first time a
 * subkey is looked up in them: libregf finds a subkey by name by reading
 * every sibling before it, so a lookup under a Services key of 4,000
 * entries costs thousands of key reads. Below this, libregf's own lookup
 * is as cheap as building an index. */
#define HIVE_INDEX_MIN 128
#define HIVE_NODES 16

/* One subkey of an indexed key: its name, its position in the list (as
 * libregf numbers the subkeys) and its cell offset, checked before libregf
 * opens it. */
struct sub_entry {
	char *name;
	int index;
	uint32_t off;
};

/* A key kept open on the way to the keys looked up, by the path it was
 * looked up with. */
struct key_node {
	char *path;           /* NULL: a free slot */
	libregf_key_t *key;
	uint32_t off;         /* its cell offset */
	unsigned long used;   /* h->tick when last used */
	int state;            /* NODE_UNKNOWN, NODE_SMALL, NODE_INDEXED, NODE_PLAIN */
	struct sub_entry *sub; /* NODE_INDEXED: sorted by name (ASCII case folded), then index */
	int nsub;
};

enum { NODE_UNKNOWN, NODE_SMALL, NODE_INDEXED, NODE_PLAIN };

struct hive {
	char *path;
	libregf_file_t *file;
	libbfio_handle_t *mem;  /* the handle libregf reads h->buf or h->fd through */
	const unsigned char *buf; /* hive_parse: the caller's bytes */
	size_t len;
	struct hive_header hdr;
	/* The last key looked up by path, kept open: the registry facts read
	 * several values of one key in a row, and each lookup by path scans
	 * the siblings of every key on the way (a Services key can have
	 * thousands). last_path NULL: nothing kept; last NULL: that key is
	 * absent. */
	char *last_path;
	struct key_ref *last;
	/* Every key is checked from the raw bytes before libregf opens it
	 * (hivecell.c): cells reads them from buf or from fd, kept open. */
	int fd;
	uint32_t root_off;
	struct hive_cells cells;
	/* Keys whose subkeys all passed the check (cell offsets, open
	 * addressing, 0 for an empty slot: no key lies at offset 0). */
	uint32_t *clean;
	size_t nclean, cap_clean;
	/* Keys on the way to the ones looked up (ControlSet001,
	 * ControlSet001\Services, ...), kept open with, for the large ones, an
	 * index of their subkeys by name: see resolve_path. */
	struct key_node root; /* path "": the root key, once looked up */
	struct key_node nodes[HIVE_NODES];
	unsigned long tick; /* for least-recently-used eviction of nodes */
};

/* A key handle shared by the cache and the hive_key wrappers given out. */
struct key_ref {
	libregf_key_t *key;
	int refs;
};

struct hive_key {
	struct hive *hive;
	libregf_key_t *key;
	struct key_ref *ref; /* non-NULL: key belongs to it, shared */
	char *path; /* as looked up, for error messages */
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* Turn a libregf error into ours. libregf's backtrace lists the innermost
 * cause first ("unable to retrieve hive bin at offset: ...") and the
 * outermost call last: the message gets the cause without its function
 * name, the detail the whole backtrace. */
static void take_regf_error(struct nerr *e, libregf_error_t **err, const char *what)
{
	char bt[2048], cause[512];
	const char *sep;
	size_t n;

	bt[0] = '\0';
	snprintf(cause, sizeof(cause), "unknown libregf error");
	if (err != NULL && *err != NULL &&
	    libregf_error_backtrace_sprint(*err, bt, sizeof(bt)) > 0 && bt[0] != '\0') {
		n = strcspn(bt, "\r\n");
		sep = memchr(bt, ':', n);
		if (sep != NULL && sep[1] == ' ' && (size_t)(sep + 2 - bt) < n) {
			n -= (size_t)(sep + 2 - bt);
			sep += 2;
		} else {
			sep = bt;
		}
		while (n > 0 && (sep[n - 1] == '.' || sep[n - 1] == ' '))
			n--;
		snprintf(cause, sizeof(cause), "%.*s", (int)n, sep);
	}
	nerr_set(e, "%s: %s", what, cause);
	nerr_set_detail(e, bt);
	if (err != NULL && *err != NULL) {
		libregf_error_free(err);
		*err = NULL;
	}
}

static int check_base_block(struct hive *h, const unsigned char *b, size_t got,
			    uint64_t file_size, struct nerr *e);

/* The base block of the open hive file fd (not closed here). */
static int read_base_block(struct hive *h, int fd, struct nerr *e)
{
	unsigned char b[BASE_BLOCK];
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int rc = -1;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, "%s: not a regular file", h->path);
		goto out;
	}
	while (got < sizeof(b)) {
		n = pread(fd, b + got, sizeof(b) - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	rc = check_base_block(h, b, got, (uint64_t)st.st_size, e);
out:
	return rc;
}

/* Check the base block (got bytes of it at b) of a hive of file_size bytes
 * and take its header: shared by hive_open and hive_parse. */
static int check_base_block(struct hive *h, const unsigned char *b, size_t got,
			    uint64_t file_size, struct nerr *e)
{
	uint32_t sum = 0, i;

	if (got < 4 || memcmp(b, "regf", 4) != 0) {
		nerr_set(e, "%s: offset 0: not a registry hive (no 'regf' signature)", h->path);
		return -1;
	}
	if (got < BASE_BLOCK) {
		nerr_set(e, "%s: truncated: the 4096-byte base block ends at offset %zu", h->path, got);
		return -1;
	}
	for (i = 0; i < 508; i += 4)
		sum ^= le32(b + i);
	if (sum == 0xFFFFFFFFu)
		sum = 0xFFFFFFFEu;
	else if (sum == 0)
		sum = 1;
	if (sum != le32(b + 508)) {
		nerr_set(e, "%s: offset 508: base block checksum mismatch (stored 0x%08x, computed 0x%08x)",
			 h->path, le32(b + 508), sum);
		return -1;
	}
	h->hdr.seq_primary = le32(b + 4);
	h->hdr.seq_secondary = le32(b + 8);
	h->hdr.last_written = le64(b + 12);
	h->hdr.major = le32(b + 20);
	h->hdr.minor = le32(b + 24);
	h->hdr.file_type = le32(b + 28);
	h->hdr.hbins_size = le32(b + 40);
	h->root_off = le32(b + 36);
	h->hdr.file_size = file_size;
	if (h->hdr.major != 1) {
		nerr_set(e, "%s: offset 20: unsupported hive format version %u.%u", h->path,
			 h->hdr.major, h->hdr.minor);
		return -1;
	}
	if (h->hdr.file_type != 0) {
		nerr_set(e, "%s: offset 28: a registry transaction log (file type %u), not a hive",
			 h->path, h->hdr.file_type);
		return -1;
	}
	if (h->hdr.hbins_size == 0 || h->hdr.hbins_size % 4096 != 0) {
		nerr_set(e, "%s: offset 40: invalid hive bins size %u", h->path, h->hdr.hbins_size);
		return -1;
	}
	if ((uint64_t)h->hdr.hbins_size + BASE_BLOCK > h->hdr.file_size) {
		nerr_set(e, "%s: truncated: the base block declares %u bytes of hive bins, the file holds %llu",
			 h->path, h->hdr.hbins_size,
			 (unsigned long long)(h->hdr.file_size > BASE_BLOCK ? h->hdr.file_size - BASE_BLOCK : 0));
		return -1;
	}
	return 0;
}

static int regf_open_io(struct hive *h, struct nerr *e);

int hive_open_fd(int fd, const char *path, struct hive **out, struct nerr *e)
{
	struct hive *h = xcalloc(1, sizeof(*h));
	int own = -1;

	*out = NULL;
	h->fd = -1;
	h->path = xstrdup(path);
	own = input_fd(fd, path, e);
	if (own < 0 || read_base_block(h, own, e) != 0)
		goto fail;
	h->fd = own; /* hive_close closes it */
	own = -1;
	h->len = (size_t)h->hdr.file_size;
	if (regf_open_io(h, e) != 0)
		goto fail;
	*out = h;
	return 1;
fail:
	if (own >= 0)
		close(own);
	hive_close(h);
	return -1;
}

int hive_open(const char *path, struct hive **out, struct nerr *e)
{
	return hive_open_fd(-1, path, out, e);
}

/* The bytes libregf reads, through a libbfio handle of ours: the caller's
 * buffer (hive_parse) or the hive's open file (hive_open, by pread on the
 * descriptor the raw key checks read as well, so one descriptor a hive).
 * libbfio's own memory range (libbfio_memory_range_*, 20170123) copies as
 * many bytes as asked even past the end of the range (a hive bin that
 * claims to end inside the last 32 bytes made it read past the buffer), so
 * reads are bounded here instead, like a file's short read. */
struct mem_io {
	const unsigned char *buf; /* NULL: read fd */
	int fd;
	size_t len, off;
	int open;
};

static int mem_free(intptr_t **io, libbfio_error_t **err)
{
	(void)err;
	free(*io);
	*io = NULL;
	return 1;
}

static int mem_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **err)
{
	struct mem_io *m = xmalloc(sizeof(*m));

	(void)err;
	memcpy(m, src, sizeof(*m));
	*dst = (intptr_t *)m;
	return 1;
}

static int mem_open(intptr_t *io, int flags, libbfio_error_t **err)
{
	struct mem_io *m = (struct mem_io *)io;

	(void)err;
	if ((flags & LIBBFIO_ACCESS_FLAG_WRITE) != 0)
		return -1;
	m->off = 0;
	m->open = 1;
	return 1;
}

static int mem_close(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	((struct mem_io *)io)->open = 0;
	return 0;
}

static ssize_t mem_read(intptr_t *io, uint8_t *to, size_t size, libbfio_error_t **err)
{
	struct mem_io *m = (struct mem_io *)io;
	size_t n = m->off < m->len ? m->len - m->off : 0;

	(void)err;
	if (n > size)
		n = size;
	if (n > SSIZE_MAX)
		n = SSIZE_MAX;
	if (m->buf != NULL && n > 0) {
		memcpy(to, m->buf + m->off, n);
	} else if (n > 0) {
		size_t got = 0;

		while (got < n) {
			ssize_t r = pread(m->fd, to + got, n - got, (off_t)(m->off + got));

			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				return -1;
			if (r == 0)
				break;
			got += (size_t)r;
		}
		n = got;
	}
	m->off += n;
	return (ssize_t)n;
}

static ssize_t mem_write(intptr_t *io, const uint8_t *from, size_t size, libbfio_error_t **err)
{
	(void)io;
	(void)from;
	(void)size;
	(void)err;
	return -1;
}

static off64_t mem_seek(intptr_t *io, off64_t offset, int whence, libbfio_error_t **err)
{
	struct mem_io *m = (struct mem_io *)io;
	off64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off64_t)m->off
				   : whence == SEEK_END ? (off64_t)m->len : -1;

	(void)err;
	if (base < 0 || offset < -base || offset > INT64_MAX - base)
		return -1;
	m->off = (size_t)(base + offset); /* past the end: reads give 0 bytes */
	return base + offset;
}

static int mem_exists(intptr_t *io, libbfio_error_t **err)
{
	(void)io;
	(void)err;
	return 1;
}

static int mem_is_open(intptr_t *io, libbfio_error_t **err)
{
	(void)err;
	return ((struct mem_io *)io)->open;
}

static int mem_size(intptr_t *io, size64_t *size, libbfio_error_t **err)
{
	(void)err;
	*size = ((struct mem_io *)io)->len;
	return 1;
}

/* A libbfio handle over h->buf or h->fd that libbfio frees with the handle. */
static int mem_handle(struct hive *h, libbfio_error_t **err)
{
	struct mem_io *m = xcalloc(1, sizeof(*m));
	int rc;

	m->buf = h->buf;
	m->fd = h->fd;
	m->len = h->len;
	rc = libbfio_handle_initialize(&h->mem, (intptr_t *)m, mem_free, mem_clone, mem_open,
				       mem_close, mem_read, mem_write, mem_seek, mem_exists,
				       mem_is_open, mem_size, LIBBFIO_FLAG_IO_HANDLE_MANAGED, err);
	if (rc != 1)
		free(m);
	return rc;
}

/* Open h with libregf through mem_handle, and point the raw key checks at
 * the same bytes. */
static int regf_open_io(struct hive *h, struct nerr *e)
{
	libregf_error_t *err = NULL;
	libbfio_error_t *berr = NULL;

	if (mem_handle(h, &berr) != 1) {
		nerr_set(e, "%s: libbfio could not make a handle for the hive", h->path);
		libbfio_error_free(&berr);
		return -1;
	}
	if (libregf_file_initialize(&h->file, &err) != 1 ||
	    libregf_file_open_file_io_handle(h->file, h->mem, LIBREGF_OPEN_READ, &err) != 1) {
		take_regf_error(e, &err, h->path);
		return -1;
	}
	h->cells.buf = h->buf;
	h->cells.fd = h->fd;
	h->cells.hbins_size = h->hdr.hbins_size;
	return 0;
}

int hive_parse(const char *name, const unsigned char *buf, size_t len, struct hive **out,
	       struct nerr *e)
{
	struct hive *h = xcalloc(1, sizeof(*h));

	*out = NULL;
	h->fd = -1;
	h->path = xstrdup(name);
	h->buf = buf;
	h->len = len;
	if (check_base_block(h, buf, len < BASE_BLOCK ? len : BASE_BLOCK, len, e) != 0 ||
	    regf_open_io(h, e) != 0) {
		hive_close(h);
		return -1;
	}
	*out = h;
	return 1;
}

static void key_ref_drop(struct key_ref *r)
{
	libregf_error_t *err = NULL;

	if (r == NULL || --r->refs > 0)
		return;
	libregf_key_free(&r->key, &err);
	libregf_error_free(&err);
	free(r);
}

static void node_clear(struct key_node *n)
{
	libregf_error_t *err = NULL;
	int i;

	if (n->path == NULL)
		return;
	for (i = 0; i < n->nsub; i++)
		free(n->sub[i].name);
	free(n->sub);
	libregf_key_free(&n->key, &err);
	libregf_error_free(&err);
	free(n->path);
	memset(n, 0, sizeof(*n));
}

/* Forget the cached key (the hive's reference to it). */
static void forget_last(struct hive *h)
{
	key_ref_drop(h->last);
	h->last = NULL;
	free(h->last_path);
	h->last_path = NULL;
}

void hive_close(struct hive *h)
{
	libregf_error_t *err = NULL;
	size_t i;

	if (h == NULL)
		return;
	forget_last(h);
	node_clear(&h->root);
	for (i = 0; i < HIVE_NODES; i++)
		node_clear(&h->nodes[i]);
	if (h->file != NULL) {
		libregf_file_close(h->file, &err);
		libregf_error_free(&err);
		libregf_file_free(&h->file, &err);
		libregf_error_free(&err);
	}
	if (h->mem != NULL) {
		libbfio_error_t *berr = NULL;

		libbfio_handle_free(&h->mem, &berr);
		libbfio_error_free(&berr);
	}
	if (h->fd >= 0)
		close(h->fd);
	free(h->clean);
	free(h->path);
	free(h);
}

void hive_close_void(void *h)
{
	hive_close(h);
}

const struct hive_header *hive_get_header(const struct hive *h)
{
	return &h->hdr;
}

int hive_is_dirty(const struct hive *h)
{
	return h->hdr.seq_primary != h->hdr.seq_secondary;
}

int hive_is_corrupted(struct hive *h)
{
	libregf_error_t *err = NULL;
	int rc = libregf_file_is_corrupted(h->file, &err);

	libregf_error_free(&err);
	return rc == 1;
}

const char *hive_path(const struct hive *h)
{
	return h->path;
}

static struct hive_key *wrap_key(struct hive *h, libregf_key_t *key, char *path)
{
	struct hive_key *k = xcalloc(1, sizeof(*k));

	k->hive = h;
	k->key = key;
	k->path = path;
	return k;
}

/* "<file>: key '<path>'" for error messages about this key. */
static void key_what(const struct hive_key *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s: key '%s'", k->hive->path, k->path);
}

/* The set of keys whose subkeys all passed the check. */
static size_t clean_slot(const struct hive *h, uint32_t off)
{
	size_t i = (size_t)((off / 8) * 2654435761u) & (h->cap_clean - 1);

	while (h->clean[i] != 0 && h->clean[i] != off)
		i = (i + 1) & (h->cap_clean - 1);
	return i;
}

static int clean_has(const struct hive *h, uint32_t off)
{
	return h->cap_clean > 0 && h->clean[clean_slot(h, off)] == off;
}

static void clean_add(struct hive *h, uint32_t off)
{
	if (off == 0)
		return;
	if (2 * (h->nclean + 1) > h->cap_clean) {
		uint32_t *old = h->clean;
		size_t i, cap = h->cap_clean;

		h->cap_clean = cap ? cap * 2 : 64;
		h->clean = xcalloc(h->cap_clean, sizeof(*h->clean));
		for (i = 0; i < cap; i++)
			if (old[i] != 0)
				h->clean[clean_slot(h, old[i])] = old[i];
		free(old);
	}
	if (h->clean[clean_slot(h, off)] == 0) {
		h->clean[clean_slot(h, off)] = off;
		h->nclean++;
	}
}

/* 0 when libregf may open any subkey of the key at cell offset off: each
 * passed hive_cells_check_key (remembered for the hive); else -1 with e
 * naming the first that failed. */
static int check_children(struct hive *h, uint32_t off, struct nerr *e)
{
	struct hive_offsets kids = {NULL, 0, 0};
	size_t i;
	int rc;

	if (clean_has(h, off))
		return 0;
	rc = hive_cells_subkeys(&h->cells, off, &kids, e);
	for (i = 0; rc == 0 && i < kids.n; i++)
		rc = hive_cells_check_key(&h->cells, kids.off[i], e);
	free(kids.off);
	if (rc == 0)
		clean_add(h, off);
	return rc;
}

/* 0 when libregf may look name up among the subkeys of the key at off:
 * every subkey that may have that name passed the check (of the others
 * libregf reads the name only). Else -1 with e. */
static int check_lookup(struct hive *h, uint32_t off, const char *name, struct nerr *e)
{
	struct hive_offsets kids = {NULL, 0, 0};
	size_t i;
	int rc;

	if (check_children(h, off, e) == 0)
		return 0;
	rc = hive_cells_subkeys(&h->cells, off, &kids, e);
	for (i = 0; rc == 0 && i < kids.n; i++)
		if (hive_cells_name_may_be(&h->cells, kids.off[i], name))
			rc = hive_cells_check_key(&h->cells, kids.off[i], e);
	free(kids.off);
	return rc;
}

/* The cell offset of a key libregf opened: libregf gives the file offset
 * of the cell's data, after its 4-byte size. */
static int key_offset(libregf_key_t *key, uint32_t *off)
{
	libregf_error_t *err = NULL;
	off64_t o = 0;

	if (libregf_key_get_offset(key, &o, &err) != 1 || o < BASE_BLOCK + 4 ||
	    o - BASE_BLOCK - 4 > UINT32_MAX) {
		libregf_error_free(&err);
		return -1;
	}
	*off = (uint32_t)(o - BASE_BLOCK - 4);
	return 0;
}

/* "<file>: key '<path up to end>'" for errors on the way along path. */
static void path_what(const struct hive *h, const char *path, const char *end, char *buf,
		      size_t size)
{
	snprintf(buf, size, "%s: key '%.*s'", h->path, (int)(end - path), path);
}

/* The root key, checked before libregf opens it: 0 with *out, -1 with e. */
static int open_root(struct hive *h, libregf_key_t **out, struct nerr *e)
{
	libregf_error_t *err = NULL;
	char what[1024];

	if (hive_cells_check_key(&h->cells, h->root_off, e) != 0) {
		nerr_prefix(e, "%s: root key unreadable", h->path);
		return -1;
	}
	if (libregf_file_get_root_key(h->file, out, &err) != 1) {
		snprintf(what, sizeof(what), "%s: root key", h->path);
		take_regf_error(e, &err, what);
		return -1;
	}
	return 0;
}

/* libregf's lookup of the subkey named by the len bytes at name under cur,
 * the key at cell offset *off, once check_lookup let it: 1 with *out and
 * *off its offset, 0 absent, -1 with e (what names the key looked up). */
static int sub_by_name(struct hive *h, libregf_key_t *cur, uint32_t *off, const char *name,
		       size_t len, libregf_key_t **out, const char *what, struct nerr *e)
{
	libregf_error_t *err = NULL;
	char *z = xstrndup(name, len);
	int rc = check_lookup(h, *off, z, e);

	free(z);
	*out = NULL;
	if (rc != 0) {
		nerr_prefix(e, "%s unreadable", what);
		return -1;
	}
	rc = libregf_key_get_sub_key_by_utf8_name(cur, (const uint8_t *)name, len, out, &err);
	if (rc == -1) {
		take_regf_error(e, &err, what);
	} else if (rc == 1 && (*out == NULL || key_offset(*out, off) != 0)) {
		nerr_set(e, "%s: libregf gave no offset for the key", what);
		rc = -1;
	}
	if (rc != 1)
		libregf_key_free(out, NULL);
	return rc;
}

/* Open the key at path one name at a time, each checked before libregf
 * opens it (libregf_file_get_key_by_utf8_path would open every key on
 * the way unchecked): for paths resolve_path does not take. 1, 0 absent,
 * -1 with e naming the file and the key on the way that failed. */
static int open_path(struct hive *h, const char *path, libregf_key_t **out, struct nerr *e)
{
	libregf_key_t *cur = NULL, *next = NULL;
	const char *p = path;
	uint32_t off = h->root_off;
	char what[1024];
	int rc = 1;

	*out = NULL;
	if (open_root(h, &cur, e) != 0)
		return -1;
	while (*p != '\0' && rc == 1) {
		size_t n = strcspn(p, "\\");
		const char *name = p;

		p += n;
		path_what(h, path, p, what, sizeof(what));
		if (*p == '\\')
			p++;
		if (n == 0)
			rc = 0; /* two separators in a row: no key has an empty name */
		else
			rc = sub_by_name(h, cur, &off, name, n, &next, what, e);
		libregf_key_free(&cur, NULL);
		cur = next;
		next = NULL;
	}
	if (rc != 1)
		libregf_key_free(&cur, NULL);
	*out = cur;
	return rc;
}

/* A path resolve_path takes: ASCII without control characters, no empty
 * component, no trailing separator. open_path takes anything else (it
 * skips a trailing separator, finds nothing for an empty component, and
 * leaves names beyond ASCII to libregf's case folding). */
static int plain_path(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*u == '\0' || *u == '\\')
		return 0;
	for (; *u != '\0'; u++) {
		if (*u < 0x20 || *u >= 0x7f)
			return 0;
		if (*u == '\\' && (u[1] == '\\' || u[1] == '\0'))
			return 0;
	}
	return 1;
}

static int sub_cmp(const void *pa, const void *pb)
{
	const struct sub_entry *a = pa, *b = pb;
	int c = ascii_casecmp(a->name, b->name);

	return c != 0 ? c : (a->index > b->index) - (a->index < b->index);
}

/* Index the count subkeys of a large key by name, from the hive's own
 * subkey lists and key names read by hivecell.c (libregf would read and
 * keep whole keys and their bins). Anything unexpected (a list not
 * plainly readable, a name beyond ASCII, another count than libregf's)
 * leaves the key to libregf's own lookup after check_lookup (NODE_PLAIN),
 * which then decides as it would have without the index. */
static void node_index(const struct hive *h, struct key_node *n, int count)
{
	struct hive_offsets kids = {NULL, 0, 0};
	struct nerr e;
	size_t i = 0;

	n->state = NODE_PLAIN;
	if (hive_cells_subkeys(&h->cells, n->off, &kids, &e) == 0 && kids.n == (size_t)count) {
		n->sub = xreallocarray(NULL, kids.n, sizeof(*n->sub));
		for (i = 0; i < kids.n; i++) {
			n->sub[i].name = hive_cells_ascii_name(&h->cells, kids.off[i]);
			n->sub[i].index = (int)i;
			n->sub[i].off = kids.off[i];
			if (n->sub[i].name == NULL)
				break;
		}
		if (i == kids.n) {
			n->nsub = count;
			qsort(n->sub, kids.n, sizeof(*n->sub), sub_cmp);
			n->state = NODE_INDEXED;
		} else {
			while (i-- > 0)
				free(n->sub[i].name);
			free(n->sub);
			n->sub = NULL;
		}
	}
	free(kids.off);
}

/* The first subkey named name (ASCII case folded) of an indexed key, by
 * position in the list; NULL when there is none. */
static const struct sub_entry *node_find(const struct key_node *n, const char *name)
{
	int lo = 0, hi = n->nsub;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (ascii_casecmp(n->sub[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n->nsub && ascii_casecmp(n->sub[lo].name, name) == 0 ? &n->sub[lo] : NULL;
}

/* The subkey of node n named by the len bytes at name: 1 with *out and
 * *off its cell offset, 0 when there is none, -1 with e (what names the
 * key looked up). A large key is indexed on its first lookup; a hit in
 * the index is checked (hive_cells_check_key) and only then opened by
 * position, and must be the cell the index read; any other lookup is
 * libregf's by name, after check_lookup. */
static int node_child(struct hive *h, struct key_node *n, const char *name, size_t len,
		      libregf_key_t **out, uint32_t *off, const char *what, struct nerr *e)
{
	libregf_error_t *err = NULL;
	const struct sub_entry *s = NULL;
	char *z;
	uint32_t at = 0;
	int count = 0;

	*out = NULL;
	*off = n->off;
	if (n->state == NODE_UNKNOWN) {
		n->state = NODE_SMALL;
		if (libregf_key_get_number_of_sub_keys(n->key, &count, &err) == 1 &&
		    count >= HIVE_INDEX_MIN)
			node_index(h, n, count);
		libregf_error_free(&err);
	}
	if (n->state == NODE_INDEXED) {
		z = xstrndup(name, len);
		s = node_find(n, z);
		free(z);
		if (s == NULL)
			return 0;
		if (hive_cells_check_key(&h->cells, s->off, e) != 0) {
			nerr_prefix(e, "%s unreadable", what);
			return -1;
		}
		if (libregf_key_get_sub_key(n->key, s->index, out, &err) == 1 && *out != NULL &&
		    key_offset(*out, &at) == 0 && at == s->off) {
			*off = at;
			return 1;
		}
		/* Not the cell the index read: libregf decides by name. */
		libregf_key_free(out, NULL);
		libregf_error_free(&err);
	}
	return sub_by_name(h, n->key, off, name, len, out, what, e);
}

/* Keep key (at cell offset off) open as the node for path (len bytes);
 * the least recently used node makes room. */
static struct key_node *node_add(struct hive *h, const char *path, size_t len, libregf_key_t *key,
				 uint32_t off)
{
	struct key_node *n = &h->nodes[0];
	size_t i;

	for (i = 0; i < HIVE_NODES; i++) {
		if (h->nodes[i].path == NULL) {
			n = &h->nodes[i];
			break;
		}
		if (h->nodes[i].used < n->used)
			n = &h->nodes[i];
	}
	node_clear(n);
	n->path = xstrndup(path, len);
	n->key = key;
	n->off = off;
	n->used = ++h->tick;
	return n;
}

/* The kept key whose path is the longest proper prefix of path ending at
 * a separator (compared exactly: another spelling is only a miss); NULL
 * when none is. */
static struct key_node *node_nearest(struct hive *h, const char *path)
{
	struct key_node *best = NULL;
	size_t i, bl = 0;

	for (i = 0; i < HIVE_NODES; i++) {
		struct key_node *n = &h->nodes[i];
		size_t l = n->path != NULL ? strlen(n->path) : 0;

		if (n->path != NULL && l > bl && strncmp(path, n->path, l) == 0 && path[l] == '\\') {
			best = n;
			bl = l;
		}
	}
	if (best != NULL)
		best->used = ++h->tick;
	return best;
}

/* Look up a plain path one component at a time from the nearest kept key
 * (the root when none), keeping the keys on the way open; large keys find
 * their subkeys through a name index. Every key is checked before libregf
 * opens it, as in open_path, with the same messages. 1 with *out, 0
 * absent, -1 with e. */
static int resolve_path(struct hive *h, const char *path, libregf_key_t **out, struct nerr *e)
{
	struct key_node *n = node_nearest(h, path);
	const char *p = n != NULL ? path + strlen(n->path) + 1 : path;
	char what[1024];

	*out = NULL;
	if (n == NULL) {
		n = &h->root;
		if (n->path == NULL) {
			if (open_root(h, &n->key, e) != 0)
				return -1;
			n->path = xstrdup("");
			n->off = h->root_off;
		}
	}
	for (;;) {
		size_t len = strcspn(p, "\\");
		libregf_key_t *sub = NULL;
		uint32_t off = 0;
		int rc;

		path_what(h, path, p + len, what, sizeof(what));
		rc = node_child(h, n, p, len, &sub, &off, what, e);
		if (rc != 1)
			return rc;
		if (p[len] == '\0') {
			*out = sub;
			return 1;
		}
		n = node_add(h, path, (size_t)(p + len - path), sub, off);
		p += len + 1;
	}
}

int hive_key_get(struct hive *h, const char *path, struct hive_key **out, struct nerr *e)
{
	libregf_key_t *key = NULL;
	struct hive_key *k;
	int rc;

	*out = NULL;
	while (*path == '\\')
		path++;
	if (h->last_path != NULL && strcmp(h->last_path, path) == 0) {
		if (h->last == NULL)
			return 0;
		k = wrap_key(h, h->last->key, xstrdup(path));
		k->ref = h->last;
		h->last->refs++;
		*out = k;
		return 1;
	}
	rc = plain_path(path) ? resolve_path(h, path, &key, e) : open_path(h, path, &key, e);
	if (rc == -1)
		return -1;
	forget_last(h);
	h->last_path = xstrdup(path);
	if (rc == 0 || key == NULL)
		return 0;
	h->last = xcalloc(1, sizeof(*h->last));
	h->last->key = key;
	h->last->refs = 2; /* the cache's and the caller's */
	k = wrap_key(h, key, xstrdup(path));
	k->ref = h->last;
	*out = k;
	return 1;
}

void hive_key_free(struct hive_key *k)
{
	libregf_error_t *err = NULL;

	if (k == NULL)
		return;
	if (k->ref != NULL) {
		key_ref_drop(k->ref);
	} else {
		libregf_key_free(&k->key, &err);
		libregf_error_free(&err);
	}
	free(k->path);
	free(k);
}

int hive_key_name(struct hive_key *k, char **name, struct nerr *e)
{
	libregf_error_t *err = NULL;
	char what[1024];
	size_t size = 0;
	uint8_t *buf;

	*name = NULL;
	key_what(k, what, sizeof(what));
	if (libregf_key_get_utf8_name_size(k->key, &size, &err) != 1) {
		take_regf_error(e, &err, what);
		return -1;
	}
	if (size == 0 || size > 65536) {
		nerr_set(e, "%s: name of %zu bytes", what, size);
		return -1;
	}
	buf = xmalloc(size + 1);
	if (libregf_key_get_utf8_name(k->key, buf, size, &err) != 1) {
		free(buf);
		take_regf_error(e, &err, what);
		return -1;
	}
	buf[size] = '\0';
	*name = (char *)buf;
	return 1;
}

int hive_key_last_written(struct hive_key *k, uint64_t *filetime, struct nerr *e)
{
	libregf_error_t *err = NULL;

	if (libregf_key_get_last_written_time(k->key, filetime, &err) != 1) {
		char what[1024];

		key_what(k, what, sizeof(what));
		take_regf_error(e, &err, what);
		return -1;
	}
	return 1;
}

int hive_key_nsubkeys(struct hive_key *k, int *n, struct nerr *e)
{
	libregf_error_t *err = NULL;

	if (libregf_key_get_number_of_sub_keys(k->key, n, &err) != 1) {
		char what[1024];

		key_what(k, what, sizeof(what));
		take_regf_error(e, &err, what);
		return -1;
	}
	return 1;
}

/* 0 when libregf may open subkey index of k: all its subkeys passed the
 * check, or the one at that index did (libregf numbers the subkeys in
 * list order as hive_cells_subkeys does; the counts must agree). Else -1
 * with e naming the key and the cell. */
static int check_index(struct hive_key *k, int index, struct nerr *e)
{
	struct hive *h = k->hive;
	struct hive_offsets kids = {NULL, 0, 0};
	libregf_error_t *err = NULL;
	struct nerr first;
	uint32_t off;
	int n = -1, rc;

	if (key_offset(k->key, &off) != 0) {
		nerr_set(e, "%s: key '%s': libregf gave no offset for the key", h->path, k->path);
		return -1;
	}
	if (check_children(h, off, &first) == 0)
		return 0;
	rc = hive_cells_subkeys(&h->cells, off, &kids, e);
	if (rc == 0 && (libregf_key_get_number_of_sub_keys(k->key, &n, &err) != 1 ||
			(size_t)n != kids.n)) {
		*e = first;
		rc = -1;
	} else if (rc == 0 && index >= 0 && (size_t)index < kids.n) {
		rc = hive_cells_check_key(&h->cells, kids.off[index], e);
	}
	libregf_error_free(&err);
	free(kids.off);
	if (rc != 0)
		nerr_prefix(e, "%s: key '%s': subkey %d unreadable", h->path, k->path, index);
	return rc;
}

int hive_key_subkey(struct hive_key *k, int index, struct hive_key **out, struct nerr *e)
{
	libregf_error_t *err = NULL;
	libregf_key_t *sub = NULL;
	struct hive_key *tmp;
	char *name = NULL;

	*out = NULL;
	if (check_index(k, index, e) != 0)
		return -1;
	if (libregf_key_get_sub_key(k->key, index, &sub, &err) != 1 || sub == NULL) {
		char what[1024];

		snprintf(what, sizeof(what), "%s: key '%s': subkey %d", k->hive->path, k->path, index);
		take_regf_error(e, &err, what);
		return -1;
	}
	tmp = wrap_key(k->hive, sub, xasprintf("%s\\#%d", k->path, index));
	if (hive_key_name(tmp, &name, e) != 1) {
		hive_key_free(tmp);
		return -1;
	}
	free(tmp->path);
	tmp->path = *k->path != '\0' ? xasprintf("%s\\%s", k->path, name) : xstrdup(name);
	free(name);
	*out = tmp;
	return 1;
}

int hive_key_nvalues(struct hive_key *k, int *n, struct nerr *e)
{
	libregf_error_t *err = NULL;

	if (libregf_key_get_number_of_values(k->key, n, &err) != 1) {
		char what[1024];

		key_what(k, what, sizeof(what));
		take_regf_error(e, &err, what);
		return -1;
	}
	return 1;
}

int hive_key_value_name(struct hive_key *k, int index, char **name, struct nerr *e)
{
	libregf_error_t *err = NULL;
	libregf_value_t *val = NULL;
	size_t size = 0;
	uint8_t *buf = NULL;
	char what[1024];

	*name = NULL;
	snprintf(what, sizeof(what), "%s: key '%s': value %d", k->hive->path, k->path, index);
	if (libregf_key_get_value(k->key, index, &val, &err) != 1 || val == NULL)
		goto fail;
	if (libregf_value_get_utf8_name_size(val, &size, &err) != 1)
		goto fail;
	if (size > 65536) {
		nerr_set(e, "%s: name of %zu bytes", what, size);
		libregf_value_free(&val, NULL);
		return -1;
	}
	buf = xmalloc(size + 1);
	buf[0] = '\0';
	if (size > 1 && libregf_value_get_utf8_name(val, buf, size, &err) != 1)
		goto fail;
	buf[size] = '\0';
	libregf_value_free(&val, NULL);
	*name = (char *)buf;
	return 1;
fail:
	free(buf);
	take_regf_error(e, &err, what);
	libregf_value_free(&val, NULL);
	return -1;
}

int hive_key_value(struct hive_key *k, const char *name, struct regval *out, struct nerr *e)
{
	libregf_error_t *err = NULL;
	libregf_value_t *val = NULL;
	size_t len = name != NULL ? strlen(name) : 0;
	uint32_t type = 0;
	size_t size = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = libregf_key_get_value_by_utf8_name(k->key, len ? (const uint8_t *)name : NULL, len,
						&val, &err);
	if (rc == 0)
		return 0;
	if (rc != 1)
		goto fail;
	if (libregf_value_get_value_type(val, &type, &err) != 1 ||
	    libregf_value_get_value_data_size(val, &size, &err) != 1)
		goto fail;
	if (size > REGVAL_MAX_SIZE) {
		nerr_set(e, "%s: key '%s': value '%s': %zu bytes of data, more than the %u this tool reads",
			 k->hive->path, k->path, len ? name : "(default)", size, REGVAL_MAX_SIZE);
		libregf_value_free(&val, &err);
		libregf_error_free(&err);
		return -1;
	}
	out->type = type;
	out->size = size;
	out->data = xmalloc(size + 2);
	if (size > 0 && libregf_value_get_value_data(val, out->data, size, &err) != 1)
		goto fail;
	out->data[size] = out->data[size + 1] = 0;
	libregf_value_free(&val, &err);
	libregf_error_free(&err);
	return 1;
fail: {
		char what[1024];

		snprintf(what, sizeof(what), "%s: key '%s': value '%s'", k->hive->path, k->path,
			 len ? name : "(default)");
		take_regf_error(e, &err, what);
		libregf_value_free(&val, NULL);
		regval_free(out);
		return -1;
	}
}

const char *hive_library_name(void)
{
	return "libregf";
}

const char *hive_library_version(void)
{
	return libregf_get_version();
}

int hive_newest_key_time(struct hive *h, uint64_t *filetime, struct nerr *e)
{
	struct hive_time_scan s;

	if (h->buf == NULL)
		return hive_file_newest_key_time(h->path, filetime, e);
	/* A hive from hive_parse has no file to read again: scan its bytes. */
	hive_time_scan_init(&s);
	hive_time_scan_feed(&s, h->buf, h->len);
	return hive_time_scan_finish(&s, filetime);
}

/* A hive or a transaction log of one, by the base block's signature and
 * file type (0 primary hive, 1 or 6 transaction log). */
enum artifact_kind hive_sniff(const unsigned char *h, size_t n, const char **note)
{
	if (n < 4 || memcmp(h, "regf", 4) != 0)
		return ART_UNKNOWN;
	if (n >= 32 && (h[28] | h[29] | h[30] | h[31]) != 0) {
		*note = "registry transaction log (.LOG1/.LOG2); logs are not replayed";
		return ART_HIVE_LOG;
	}
	return ART_HIVE;
}
