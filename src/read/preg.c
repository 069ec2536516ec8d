/* Group Policy registry.pol reader. The format (Microsoft's "Registry
 * Policy File Format"): the signature "PReg", a 32-bit version 1, then
 * entries [key;value;type;size;data] whose brackets, semicolons, key and
 * value names are UTF-16LE, the names NUL-terminated, type and size 32-bit
 * little-endian, data raw. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/preg.h"
#include "ndes-audit/util.h"

enum artifact_kind preg_sniff(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	if (n >= 8 && memcmp(h, "PReg", 4) == 0 && h[4] == 1 && h[5] == 0 && h[6] == 0 && h[7] == 0)
		return ART_GPO_REGPOL;
	return ART_UNKNOWN;
}

struct cursor {
	const uint8_t *p;
	size_t n, off;
};

static int take_char(struct cursor *c, char ch)
{
	if (c->off + 2 > c->n || c->p[c->off] != (uint8_t)ch || c->p[c->off + 1] != 0)
		return 0;
	c->off += 2;
	return 1;
}

static int take_u32(struct cursor *c, uint32_t *v)
{
	const uint8_t *q = c->p + c->off;

	if (c->off + 4 > c->n)
		return 0;
	*v = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
	c->off += 4;
	return 1;
}

/* A NUL-terminated UTF-16LE name, then the NUL. */
static char *take_name(struct cursor *c)
{
	size_t start = c->off, end = c->off;

	while (end + 2 <= c->n && end - start < PREG_MAX_NAME_BYTES &&
	       (c->p[end] != 0 || c->p[end + 1] != 0))
		end += 2;
	if (end + 2 > c->n || end - start >= PREG_MAX_NAME_BYTES)
		return NULL;
	c->off = end + 2;
	return utf16le_to_utf8(c->p + start, end - start);
}

/* One entry from '[' to ']'. 1, 0 at the end, or -1 with *what. */
static int take_entry(struct cursor *c, struct preg_entry *en, const char **what)
{
	memset(en, 0, sizeof(*en));
	if (c->off == c->n)
		return 0;
	en->offset = c->off;
	*what = "'[' expected";
	if (!take_char(c, '['))
		return -1;
	*what = "a key name without its end";
	if ((en->key = take_name(c)) == NULL || !take_char(c, ';'))
		return -1;
	*what = "a value name without its end";
	if ((en->value = take_name(c)) == NULL || !take_char(c, ';'))
		return -1;
	*what = "the type or size is cut short";
	if (!take_u32(c, &en->type) || !take_char(c, ';') || !take_u32(c, &en->size) ||
	    !take_char(c, ';'))
		return -1;
	*what = "the data runs past the end of the file";
	if (en->size > c->n - c->off)
		return -1;
	en->data = xmalloc(en->size ? en->size : 1);
	memcpy(en->data, c->p + c->off, en->size);
	c->off += en->size;
	*what = "']' expected after the data";
	return take_char(c, ']') ? 1 : -1;
}

static void entry_clear(struct preg_entry *en)
{
	free(en->key);
	free(en->value);
	free(en->data);
	memset(en, 0, sizeof(*en));
}

char *preg_gpo_of(const char *path)
{
	const char *p = path, *best = NULL;

	for (p = strchr(path, '{'); p != NULL; p = strchr(p + 1, '{')) {
		size_t i;
		int ok = strlen(p) >= 38 && p[37] == '}' && (p[38] == '/' || p[38] == '\\');

		for (i = 1; ok && i < 37; i++)
			ok = (i == 9 || i == 14 || i == 19 || i == 24)
				     ? p[i] == '-'
				     : ((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f') ||
					(p[i] >= 'A' && p[i] <= 'F'));
		if (ok)
			best = p;
	}
	if (best == NULL)
		return NULL;
	{
		char *g = xmalloc(39);

		memcpy(g, best, 38);
		g[38] = '\0';
		return g;
	}
}

static int read_whole(int fd, const char *path, uint8_t **buf, size_t *n, struct nerr *e)
{
	struct stat st;
	size_t have = 0;

	if (fstat(fd, &st) != 0 || st.st_size < 0) {
		nerr_set(e, "%s: cannot stat: %s", path, strerror(errno));
		return -1;
	}
	if ((uint64_t)st.st_size > PREG_MAX_FILE) {
		nerr_set(e, "%s: %llu bytes, more than the %u a registry.pol may have here", path,
			 (unsigned long long)st.st_size, PREG_MAX_FILE);
		return -1;
	}
	*n = (size_t)st.st_size;
	*buf = xmalloc(*n ? *n : 1);
	while (have < *n) {
		ssize_t r = read(fd, *buf + have, *n - have);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			nerr_set(e, "%s: read error at byte offset %zu: %s", path, have,
				 r < 0 ? strerror(errno) : "the file became shorter");
			free(*buf);
			*buf = NULL;
			return -1;
		}
		have += (size_t)r;
	}
	return 0;
}

int preg_parse(const char *path, const uint8_t *buf, size_t n, struct preg **out, struct nerr *e)
{
	struct cursor c = {buf, n, 8};
	struct preg *p;
	const char *what = NULL;
	int rc;

	*out = NULL;
	if (n < 8 || preg_sniff(buf, n, NULL) != ART_GPO_REGPOL) {
		nerr_set(e, "%s: not a registry.pol (no \"PReg\" signature with version 1)", path);
		return -1;
	}
	p = xcalloc(1, sizeof(*p));
	for (;;) {
		struct preg_entry en;
		uint64_t at = c.off;

		rc = take_entry(&c, &en, &what);
		if (rc == 0)
			break;
		if (rc < 0) {
			entry_clear(&en);
			nerr_set(e, "%s: entry %zu at byte offset %llu: %s", path, p->n + 1,
				 (unsigned long long)at, what);
			preg_free(p);
			return -1;
		}
		if (p->n >= PREG_MAX_ENTRIES) {
			entry_clear(&en);
			nerr_set(e, "%s: more than %u entries", path, PREG_MAX_ENTRIES);
			preg_free(p);
			return -1;
		}
		p->v = xreallocarray(p->v, p->n + 1, sizeof(*p->v));
		p->v[p->n++] = en;
	}
	p->gpo = preg_gpo_of(path);
	*out = p;
	return 0;
}

int preg_read_fd(int fd, const char *path, struct preg **out, struct nerr *e)
{
	uint8_t *buf = NULL;
	size_t n = 0;
	int ret;

	*out = NULL;
	if (read_whole(fd, path, &buf, &n, e) != 0)
		return -1;
	ret = preg_parse(path, buf, n, out, e);
	free(buf);
	return ret;
}

void preg_free(struct preg *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		entry_clear(&p->v[i]);
	free(p->v);
	free(p->gpo);
	free(p);
}

void preg_free_void(void *p)
{
	preg_free(p);
}
