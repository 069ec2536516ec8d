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
#include "ndes-audit/util.h"

#define BASE_BLOCK 4096u

/* Keys with at least this many subkeys get a name index the first time a
 * subkey is looked up in them: libregf finds a subkey by name by reading
 * every sibling before it, so a lookup under a Services key of 4,000
 * entries costs thousands of key reads. Below this, libregf's own lookup
 * is as cheap as building an index. */
#define HIVE_INDEX_MIN 128
#define HIVE_NODES 16

/* One subkey of an indexed key: its name and its position in the list. */
struct sub_entry {
	char *name;
	int index;
};

/* An intermediate key kept open, by the path it was looked up with. */
struct key_node {
	char *path;           /* NULL: a free slot */
	libregf_key_t *key;
	unsigned long used;   /* h->tick when last used */
	int state;            /* NODE_UNKNOWN, NODE_SMALL, NODE_INDEXED, NODE_PLAIN */
	struct sub_entry *sub; /* NODE_INDEXED: sorted by name (ASCII case folded), then index */
	int nsub;
};

enum { NODE_UNKNOWN, NODE_SMALL, NODE_INDEXED, NODE_PLAIN };

struct hive {
	char *path;
	int fd;                 /* hive_open: the file (libregf's and raw_read's); -1 otherwise */
	libregf_file_t *file;
	libbfio_handle_t *mem;  /* the handle libregf reads h->fd or h->buf through */
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

	h->fd = -1;
	*out = NULL;
	h->path = xstrdup(path);
	own = input_fd(fd, path, e);
	if (own < 0 || read_base_block(h, own, e) != 0) {
		if (own >= 0)
			close(own);
		goto fail;
	}
	h->fd = own; /* closed with the hive */
	h->len = h->hdr.file_size;
	if (regf_open_io(h, e) != 0)
		goto fail;
	*out = h;
	return 1;
fail:
	hive_close(h);
	return -1;
}

int hive_open(const char *path, struct hive **out, struct nerr *e)
{
	return hive_open_fd(-1, path, out, e);
}

/* What libregf reads, through libbfio: the file of hive_open, on the one
 * descriptor the hive keeps (read with pread, so a seek costs no system
 * call and the raw reads of the subkey index share it), or the bytes of
 * hive_parse. libbfio's own memory range (libbfio_memory_range_*,
 * 20170123) copies as many bytes as asked even past the end of the range
 * (a hive bin that claims to end inside the last 32 bytes made it read
 * past the buffer), so reads are bounded here instead, like a file's short
 * read. */
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
	if (n > 0 && m->buf == NULL) {
		ssize_t r;

		do
			r = pread(m->fd, to, n, (off_t)m->off);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -1;
		n = (size_t)r;
	} else if (n > 0) {
		memcpy(to, m->buf + m->off, n);
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

/* A libbfio handle over h->buf, or h->fd when there is no buffer, that
 * libbfio frees with the handle (the descriptor stays the hive's). */
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

/* libregf opens h->mem, made over the hive's bytes. */
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
	return 0;
}

int hive_parse(const char *name, const unsigned char *buf, size_t len, struct hive **out,
	       struct nerr *e)
{
	struct hive *h = xcalloc(1, sizeof(*h));

	h->fd = -1;
	*out = NULL;
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

/* A path the resolver below takes: ASCII without control characters, no
 * empty component, no trailing separator. libregf's own lookup by path
 * takes anything else (it skips a trailing separator, finds nothing for an
 * empty component, and folds case beyond ASCII). */
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

/* n bytes of the hive at file offset off into buf, within the hive bins
 * the base block declares: 0, or -1 when they are not all there. */
static int raw_read(const struct hive *h, uint64_t off, void *buf, size_t n)
{
	uint64_t end = (uint64_t)BASE_BLOCK + h->hdr.hbins_size;
	size_t got = 0;

	if (off < BASE_BLOCK || off > end || n > end - off)
		return -1;
	if (h->fd < 0) {
		if (h->buf == NULL || off + n > h->len)
			return -1;
		memcpy(buf, h->buf + off, n);
		return 0;
	}
	while (got < n) {
		ssize_t r = pread(h->fd, (char *)buf + got, n - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* The data of the allocated cell at cell offset (relative to the first
 * bin, as the hive's own offsets are), at most max bytes of it: malloc'd,
 * its size in *n; NULL when it is not an allocated cell inside the bins. */
static unsigned char *raw_cell(const struct hive *h, uint32_t cell, size_t max, size_t *n)
{
	unsigned char head[4], *d;
	int32_t size;

	if (cell == 0xFFFFFFFFu || cell % 8 != 0 || raw_read(h, (uint64_t)BASE_BLOCK + cell, head, 4) != 0)
		return NULL;
	size = (int32_t)le32(head);
	if (size >= 0 || size < -(int32_t)(64u * 1024u * 1024u) || -size < 8)
		return NULL; /* free, or not a cell */
	*n = (size_t)-size - 4;
	if (*n > max)
		*n = max;
	d = xmalloc(*n);
	if (raw_read(h, (uint64_t)BASE_BLOCK + cell + 4, d, *n) != 0) {
		free(d);
		return NULL;
	}
	return d;
}

/* The name of the key node at cell offset cell when it is plain ASCII
 * (stored compressed, or as UTF-16LE below 0x80): malloc'd, or NULL. */
static char *raw_key_name(const struct hive *h, uint32_t cell)
{
	size_t n = 0, len, i, w;
	unsigned char *d = raw_cell(h, cell, 76 + 2 * 255, &n);
	char *name = NULL;

	if (d == NULL)
		return NULL;
	if (n < 76 || d[0] != 'n' || d[1] != 'k')
		goto out;
	len = le32(d + 72) & 0xFFFFu;
	w = (le32(d) >> 16) & 0x0020u ? 1 : 2; /* flag 0x20: compressed name */
	if (len == 0 || len % w != 0 || 76 + len > n)
		goto out;
	name = xmalloc(len / w + 1);
	for (i = 0; i < len / w; i++) {
		unsigned c = w == 1 ? d[76 + i] : (unsigned)(d[76 + 2 * i] | (d[77 + 2 * i] << 8));

		if (c == 0 || c >= 0x80) {
			free(name);
			name = NULL;
			goto out;
		}
		name[i] = (char)c;
	}
	name[i] = '\0';
out:
	free(d);
	return name;
}

/* Append the subkeys listed by the subkey list at cell (an "ri" list of
 * lists when depth is 0) to n, in list order: 0, or -1 on anything not
 * plainly readable. */
static int raw_list(const struct hive *h, struct key_node *n, uint32_t cell, int depth, int cap)
{
	size_t sz = 0, i, cnt, step;
	unsigned char *d = raw_cell(h, cell, 4 + 8 * 65535, &sz);
	int rc = -1;

	if (d == NULL || sz < 4)
		goto out;
	cnt = (size_t)(d[2] | (d[3] << 8));
	step = d[0] == 'l' && (d[1] == 'f' || d[1] == 'h') ? 8 : 4;
	if (!((d[0] == 'l' && (d[1] == 'f' || d[1] == 'h' || d[1] == 'i')) ||
	      (d[0] == 'r' && d[1] == 'i' && depth == 0)) || 4 + cnt * step > sz)
		goto out;
	for (i = 0; i < cnt; i++) {
		uint32_t off = le32(d + 4 + i * step);

		if (d[0] == 'r') {
			if (raw_list(h, n, off, 1, cap) != 0)
				goto out;
			continue;
		}
		if (n->nsub >= cap)
			goto out;
		n->sub[n->nsub].name = raw_key_name(h, off);
		if (n->sub[n->nsub].name == NULL)
			goto out;
		n->sub[n->nsub].index = n->nsub;
		n->nsub++;
	}
	rc = 0;
out:
	free(d);
	return rc;
}

/* Index the count subkeys of a large key by name, from the hive's own
 * subkey lists (the names only: libregf would read and keep whole keys
 * and their bins). Anything unexpected (a list not plainly readable, a
 * name beyond ASCII, another count than libregf's) leaves the key to
 * libregf's own lookup (NODE_PLAIN), which then decides as it would have
 * without the index. */
static void node_index(const struct hive *h, struct key_node *n, int count)
{
	libregf_error_t *err = NULL;
	off64_t at = 0;
	size_t sz = 0;
	unsigned char *d = NULL;
	int i;

	n->state = NODE_PLAIN;
	if (libregf_key_get_offset(n->key, &at, &err) != 1 || at < BASE_BLOCK + 4 ||
	    (uint64_t)at > (uint64_t)BASE_BLOCK + 4 + UINT32_MAX) {
		libregf_error_free(&err);
		return;
	}
	d = raw_cell(h, (uint32_t)(at - BASE_BLOCK - 4), 76, &sz);
	n->sub = xreallocarray(NULL, (size_t)count, sizeof(*n->sub));
	if (d != NULL && sz >= 76 && d[0] == 'n' && d[1] == 'k' && le32(d + 20) == (uint32_t)count &&
	    raw_list(h, n, le32(d + 28), 0, count) == 0 && n->nsub == count) {
		qsort(n->sub, (size_t)n->nsub, sizeof(*n->sub), sub_cmp);
		n->state = NODE_INDEXED;
	} else {
		for (i = 0; i < n->nsub; i++)
			free(n->sub[i].name);
		free(n->sub);
		n->sub = NULL;
		n->nsub = 0;
	}
	free(d);
}

/* The position of the first subkey named name (ASCII case folded) in an
 * indexed key, or -1. */
static int node_find(const struct key_node *n, const char *name)
{
	int lo = 0, hi = n->nsub;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (ascii_casecmp(n->sub[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n->nsub && ascii_casecmp(n->sub[lo].name, name) == 0 ? n->sub[lo].index : -1;
}

/* Is key named name (ASCII case folded)? */
static int key_named(libregf_key_t *key, const char *name)
{
	libregf_error_t *err = NULL;
	uint8_t buf[256];
	size_t size = 0;
	int same = libregf_key_get_utf8_name_size(key, &size, &err) == 1 && size > 0 &&
		   size <= sizeof(buf) && libregf_key_get_utf8_name(key, buf, size, &err) == 1 &&
		   buf[size - 1] == '\0' && ascii_casecmp((const char *)buf, name) == 0;

	libregf_error_free(&err);
	return same;
}

/* The subkey of node named by the len bytes at name: 1 with *out, 0 when
 * there is none, -1 with err. */
static int node_child(const struct hive *h, struct key_node *n, const char *name, size_t len,
		      libregf_key_t **out, libregf_error_t **err)
{
	char one[256];
	int count = 0, i;

	*out = NULL;
	if (n->state == NODE_UNKNOWN) {
		if (libregf_key_get_number_of_sub_keys(n->key, &count, err) != 1)
			return -1;
		n->state = NODE_SMALL;
		if (count >= HIVE_INDEX_MIN)
			node_index(h, n, count);
	}
	if (n->state == NODE_INDEXED && len < sizeof(one)) {
		memcpy(one, name, len);
		one[len] = '\0';
		i = node_find(n, one);
		if (i < 0)
			return 0;
		/* The index read the same cells libregf reads: this is the key,
		 * unless the hive changed under us; then libregf decides. */
		if (libregf_key_get_sub_key(n->key, i, out, err) == 1 && *out != NULL &&
		    key_named(*out, one))
			return 1;
		libregf_key_free(out, NULL);
		libregf_error_free(err);
		*out = NULL;
	}
	return libregf_key_get_sub_key_by_utf8_name(n->key, (const uint8_t *)name, len, out, err);
}

/* Keep key open as the node for path (len bytes); the least recently used
 * node makes room. */
static struct key_node *node_add(struct hive *h, const char *path, size_t len, libregf_key_t *key)
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
	n->path = xmalloc(len + 1);
	memcpy(n->path, path, len);
	n->path[len] = '\0';
	n->key = key;
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
 * their subkeys through a name index. As libregf_file_get_key_by_utf8_path:
 * 1 with *out, 0 absent, -1 with err. */
static int resolve_path(struct hive *h, const char *path, libregf_key_t **out,
			libregf_error_t **err)
{
	struct key_node *n = node_nearest(h, path);
	const char *p = n != NULL ? path + strlen(n->path) + 1 : path;

	*out = NULL;
	if (n == NULL) {
		n = &h->root;
		if (n->path == NULL) {
			if (libregf_file_get_root_key(h->file, &n->key, err) != 1)
				return -1;
			n->path = xstrdup("");
		}
	}
	for (;;) {
		size_t len = strcspn(p, "\\");
		libregf_key_t *sub = NULL;
		int rc = node_child(h, n, p, len, &sub, err);

		if (rc != 1)
			return rc;
		if (p[len] == '\0') {
			*out = sub;
			return 1;
		}
		n = node_add(h, path, (size_t)(p + len - path), sub);
		p += len + 1;
	}
}

int hive_key_get(struct hive *h, const char *path, struct hive_key **out, struct nerr *e)
{
	libregf_error_t *err = NULL;
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
	if (*path == '\0')
		rc = libregf_file_get_root_key(h->file, &key, &err);
	else if (plain_path(path))
		rc = resolve_path(h, path, &key, &err);
	else
		rc = libregf_file_get_key_by_utf8_path(h->file, (const uint8_t *)path,
						       strlen(path), &key, &err);
	if (rc == -1) {
		char what[1024];

		if (*path == '\0')
			snprintf(what, sizeof(what), "%s: root key", h->path);
		else
			snprintf(what, sizeof(what), "%s: key '%s'", h->path, path);
		take_regf_error(e, &err, what);
		return -1;
	}
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

int hive_key_subkey(struct hive_key *k, int index, struct hive_key **out, struct nerr *e)
{
	libregf_error_t *err = NULL;
	libregf_key_t *sub = NULL;
	struct hive_key *tmp;
	char *name = NULL;

	*out = NULL;
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
