/* The Intune connector's SetupMsi.log: a Windows Installer verbose log
 * (msiexec /l*v), ANSI or UTF-16LE. What matters: the final "Installation
 * success or error status: N", the product and version it names, the first
 * action that failed ("Return value 3."), and the error lines whose cause
 * is known. One pass, fixed buffer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "logutil.h"
#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"

/* The text after KEY up to STOP (or the end of the line), into dst. */
static void take(const char *line, size_t len, const char *key, const char *stop, char *dst,
		 size_t size)
{
	const char *p = ascii_memcasestr(line, len, key), *q;
	size_t n;

	if (p == NULL)
		return;
	p += strlen(key);
	q = ascii_memcasestr(p, len - (size_t)(p - line), stop);
	n = q != NULL ? (size_t)(q - p) : len - (size_t)(p - line);
	if (n >= size)
		n = size - 1;
	log_sample(dst, p, n);
}

/* The sniffer looks at most at this many bytes of a UTF-16 head. */
#define MSI_SNIFF_HEAD 4096

static const char *const known[MSI__COUNT] = {"Site not found", "0x80090014", "0x80070005"};

static void msi_begin(struct msi_summary *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->artifact = path;
}

/* The one parser behind msi_read and msi_parse: every line of lr. */
static int msi_lines(struct line_reader *lr, struct msi_summary *o, struct nerr *e)
{
	char *line;
	size_t len;
	int over, rc, i;

	while ((rc = lr_next(lr, &line, &len, &over, e)) == 1) {
		const char *p;

		o->lines++;
		if (over)
			o->overlong++;
		if (o->started[0] == '\0' && (p = ascii_memcasestr(line, len, "logging started: ")) != NULL)
			take(line, len, "logging started: ", "  Build type", o->started,
			     sizeof(o->started));
		if ((p = ascii_memcasestr(line, len, "Installation success or error status: ")) != NULL) {
			char *end;
			long v;

			p += strlen("Installation success or error status: ");
			v = strtol(p, &end, 10);
			if (end != p) {
				/* The last one counts: a repair or an uninstall may follow. */
				o->has_status = 1;
				o->status = v;
				o->status_line = lr->lineno;
				log_sample(o->status_sample, line, len);
				o->product[0] = o->version[0] = '\0';
				take(line, len, "Product Name: ", ". Product Version", o->product,
				     sizeof(o->product));
				take(line, len, "Product Version: ", ". Product Language", o->version,
				     sizeof(o->version));
			}
		}
		if (o->failed_action_line == 0 && ascii_memcasestr(line, len, "Return value 3") != NULL) {
			o->failed_action_line = lr->lineno;
			log_sample(o->failed_action, line, len);
		}
		for (i = 0; i < MSI__COUNT; i++) {
			if (ascii_memcasestr(line, len, known[i]) != NULL) {
				if (o->err_count[i]++ == 0) {
					o->err_line[i] = lr->lineno;
					log_sample(o->err_sample[i], line, len);
				}
			}
		}
	}
	o->utf16 = lr->utf16;
	o->nul_bytes = lr->nul_bytes;
	return rc < 0 ? -1 : 0;
}

int msi_read(const char *path, struct msi_summary *o, struct nerr *e)
{
	return msi_read_fd(-1, path, o, e);
}

int msi_read_fd(int fd, const char *path, struct msi_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	msi_begin(o, path);
	if (lr_open_input(&lr, fd, path, NULL, NULL, e) != 0)
		return -1;
	rc = msi_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int msi_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
	           struct msi_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	msi_begin(o, path);
	lr_open_pull(&lr, pull, ctx, path);
	rc = msi_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int msi_parse(const char *name, const void *buf, size_t len, struct msi_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	msi_begin(o, name);
	lr_open_mem(&lr, buf, len, name);
	rc = msi_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

/* Windows Installer verbose logs (SetupMsi.log), ANSI or UTF-16LE (read
 * as its ASCII bytes). */
enum artifact_kind msi_sniff(const unsigned char *h, size_t n, const char **note)
{
	unsigned char a[MSI_SNIFF_HEAD];
	size_t i, m = 0;

	(void)note;
	if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
		for (i = 2; i + 1 < n && m < sizeof(a); i += 2)
			a[m++] = h[i + 1] == 0 ? h[i] : '?';
		h = a;
		n = m;
	} else {
		head_skip_utf8_bom(&h, &n);
	}
	if (head_has_line(h, n, "=== Verbose logging started") ||
	    head_has_line(h, n, "=== Logging started") || head_has_line(h, n, "MSI (c) (") ||
	    head_has_line(h, n, "MSI (s) ("))
		return ART_LOG_MSI;
	return ART_UNKNOWN;
}
