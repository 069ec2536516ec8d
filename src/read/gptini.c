/* GPT.INI reader: the [General] section Group Policy keeps at the root of
 * every GPO folder ({GUID}\GPT.INI), read for its displayName (the name
 * the Group Policy Management console shows). ANSI or UTF-8 text, CRLF or
 * LF; other sections and keys are skipped. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "read/gptini.h"
#include "read/preg.h"
#include "ndes-audit/util.h"

/* Past a UTF-8 byte order mark and blank lines. */
static size_t text_start(const unsigned char *h, size_t n)
{
	size_t i = n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF ? 3 : 0;

	while (i < n && (h[i] == '\r' || h[i] == '\n' || h[i] == ' ' || h[i] == '\t'))
		i++;
	return i;
}

enum artifact_kind gptini_sniff(const unsigned char *h, size_t n, const char **note)
{
	static const char hdr[] = "[General]";
	size_t i = text_start(h, n), k = sizeof(hdr) - 1;

	(void)note;
	if (n - i < k + 1 || ascii_ncasecmp((const char *)h + i, hdr, k) != 0)
		return ART_UNKNOWN;
	return h[i + k] == '\r' || h[i + k] == '\n' ? ART_GPO_GPTINI : ART_UNKNOWN;
}

/* The text of one line without its end and surrounding blanks (heap). */
static char *trimmed(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	return xstrndup(s, n);
}

/* One line of the [General] section: keep displayName. */
static void general_line(struct gptini *g, const char *line)
{
	const char *eq = strchr(line, '=');
	char *key;

	if (eq == NULL)
		return;
	key = trimmed(line, (size_t)(eq - line));
	if (ascii_casecmp(key, "displayName") == 0 && g->display_name == NULL) {
		g->display_name = trimmed(eq + 1, strlen(eq + 1));
		if (g->display_name[0] == '\0') {
			free(g->display_name);
			g->display_name = NULL;
		}
	}
	free(key);
}

static char *folder_of(const char *path)
{
	const char *a = strrchr(path, '/'), *b = strrchr(path, '\\'), *s = a > b ? a : b;

	return s != NULL ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

int gptini_read_fd(int fd, const char *path, struct gptini **out, struct nerr *e)
{
	unsigned char *buf = NULL;
	size_t n = 0, i;
	struct gptini *g;
	int in_general = 0, rc;

	*out = NULL;
	rc = file_read_bounded_fd(fd, path, GPTINI_MAX_FILE, &buf, &n, e);
	if (rc == 0)
		nerr_set(e, "%s: %zu bytes, more than the %u a GPT.INI may have here", path, n,
			 GPTINI_MAX_FILE);
	if (rc != 1)
		return -1;
	if (memchr(buf, '\0', n) != NULL) {
		nerr_set(e, "%s: a NUL byte in a GPT.INI (UTF-16 or binary content is not read)", path);
		free(buf);
		return -1;
	}
	g = xcalloc(1, sizeof(*g));
	for (i = text_start(buf, n); i < n;) {
		const char *s = (const char *)buf + i, *end = memchr(s, '\n', n - i);
		size_t len = end != NULL ? (size_t)(end - s) : n - i;
		char *l = trimmed(s, len);

		if (l[0] == '[')
			in_general = ascii_casecmp(l, "[General]") == 0;
		else if (in_general)
			general_line(g, l);
		free(l);
		i += len + (end != NULL);
	}
	g->gpo = preg_gpo_of(path);
	g->folder = folder_of(path);
	free(buf);
	*out = g;
	return 0;
}

void gptini_free_void(void *p)
{
	struct gptini *g = p;

	if (g == NULL)
		return;
	free(g->gpo);
	free(g->display_name);
	free(g->folder);
	free(g);
}
