/* The HTTPERR log reader (HTTP.sys's own error log, W3C format, written
 * under %windir%\System32\LogFiles\HTTPERR). Requests that HTTP.sys turned
 * away before IIS saw them appear only here: over-long fields and requests
 * (FieldLength, RequestLength, URL_Length) and an application pool that is
 * down (503 AppOffline, AppPoolTimer, AppShutdown, QueueFull, Disabled).
 * One pass, fixed buffer, a summary of fixed size. */
#include "config.h"

#include <string.h>

#include "logutil.h"
#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"

static int eq_ci(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && ascii_ncasecmp(s, w, n) == 0;
}

int httperr_length_reason(const char *r)
{
	return ascii_casecmp(r, "FieldLength") == 0 || ascii_casecmp(r, "RequestLength") == 0 ||
	       ascii_casecmp(r, "URL_Length") == 0;
}

static void copy_field(char *dst, size_t size, const struct w3c_value *v)
{
	size_t n = v->s != NULL ? v->n : 0;

	if (n == 1 && v->s[0] == '-')
		n = 0;
	log_sample(dst, v->s != NULL ? v->s : "", n < size - 1 ? n : size - 1);
}

static void problem(struct httperr_summary *o, uint64_t line)
{
	if (o->first_problem_line == 0)
		o->first_problem_line = line;
}

static void add(struct httperr_summary *o, const struct w3c_value *v, int has_t, int64_t t,
		uint64_t ln, const char *line, size_t len)
{
	char reason[48], queue[48];
	int status = (int)w3c_number(v[C_STATUS].s, v[C_STATUS].n);
	struct httperr_bucket *b = NULL;
	size_t i;

	copy_field(reason, sizeof(reason), &v[C_REASON]);
	copy_field(queue, sizeof(queue), &v[C_QUEUE]);
	if (status > 999)
		status = -1;
	for (i = 0; i < o->n; i++) {
		if (o->v[i].status == status && strcmp(o->v[i].reason, reason) == 0 &&
		    ascii_casecmp(o->v[i].queue, queue) == 0) {
			b = &o->v[i];
			break;
		}
	}
	if (b == NULL) {
		if (o->n >= LOG_MAX_BUCKETS) {
			o->overflow++;
			return;
		}
		b = &o->v[o->n++];
		memset(b, 0, sizeof(*b));
		memcpy(b->reason, reason, sizeof(reason));
		memcpy(b->queue, queue, sizeof(queue));
		b->status = status;
		b->first.artifact = o->artifact;
		b->first.line = ln;
		log_sample(b->sample, line, len);
	}
	b->count++;
	b->last.artifact = o->artifact;
	b->last.line = ln;
	if (has_t) {
		if (!b->has_time || t < b->first_t)
			b->first_t = t;
		if (!b->has_time || t > b->last_t)
			b->last_t = t;
		b->has_time = 1;
	}
}

static void httperr_begin(struct httperr_summary *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->artifact = path;
}

/* The one parser behind httperr_read and httperr_parse: every line of lr. */
static int httperr_lines(struct line_reader *lr, struct httperr_summary *o, struct nerr *e)
{
	struct w3c_layout L;
	struct w3c_value v[W3C_NCOL];
	char *line;
	size_t len;
	int over, rc;

	memset(&L, 0, sizeof(L));
	while ((rc = lr_next(lr, &line, &len, &over, e)) == 1) {
		uint64_t ln = lr->lineno;
		int64_t t = 0;
		int has_t = 0, ndes;
		const struct w3c_value *uri, *reason, *queue;

		o->lines++;
		if (over) {
			o->overlong++;
			problem(o, ln);
			continue;
		}
		if (len == 0) {
			o->blank++;
			continue;
		}
		if (line[0] == '#') {
			o->directives++;
			if (len >= 8 && ascii_ncasecmp(line, "#Fields:", 8) == 0) {
				w3c_bind(line + 8, len - 8, &L);
				o->headers++;
			}
			continue;
		}
		if (!L.bound) {
			o->before_fields++;
			problem(o, ln);
			continue;
		}
		if (w3c_split(line, len, &L, L.maxcol, v) <= L.maxcol) {
			o->malformed++;
			problem(o, ln);
			continue;
		}
		o->data_lines++;
		if (v[C_DATE].s != NULL && v[C_TIME].s != NULL) {
			if (w3c_time(v[C_DATE].s, v[C_DATE].n, v[C_TIME].s, v[C_TIME].n, &t) == 0) {
				has_t = 1;
				if (!o->has_time || t < o->first_t)
					o->first_t = t;
				if (!o->has_time || t > o->last_t)
					o->last_t = t;
				o->has_time = 1;
			} else {
				o->bad_time++;
				problem(o, ln);
			}
		}
		uri = &v[C_URI];
		reason = &v[C_REASON];
		queue = &v[C_QUEUE];
		ndes = (uri->s != NULL && (ascii_memcasestr(uri->s, uri->n, "/certsrv/mscep") ||
					   ascii_memcasestr(uri->s, uri->n, "/CertificateRegistrationSvc"))) ||
		       (queue->s != NULL && eq_ci(queue->s, queue->n, "SCEP"));
		/* A request refused for its length may be logged without its URL. */
		if (!ndes && reason->s != NULL && (uri->s == NULL || eq_ci(uri->s, uri->n, "-"))) {
			char r[48];

			copy_field(r, sizeof(r), reason);
			ndes = httperr_length_reason(r);
		}
		if (!ndes) {
			o->other_lines++;
			continue;
		}
		o->ndes_lines++;
		add(o, v, has_t, t, ln, line, len);
	}
	o->nul_bytes = lr->nul_bytes;
	return rc < 0 ? -1 : 0;
}

int httperr_read(const char *path, struct httperr_summary *o,
		 void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e)
{
	return httperr_read_fd(-1, path, o, on_block, ctx, e);
}

int httperr_read_fd(int fd, const char *path, struct httperr_summary *o,
		    void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	httperr_begin(o, path);
	if (lr_open_input(&lr, fd, path, on_block, ctx, e) != 0)
		return -1;
	rc = httperr_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int httperr_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
	               struct httperr_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	httperr_begin(o, path);
	lr_open_pull(&lr, pull, ctx, path);
	rc = httperr_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int httperr_parse(const char *name, const void *buf, size_t len, struct httperr_summary *o,
		  struct nerr *e)
{
	struct line_reader lr;
	int rc;

	httperr_begin(o, name);
	lr_open_mem(&lr, buf, len, name);
	rc = httperr_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

/* HTTP.sys's error log: a W3C log whose #Software: line names the HTTP
 * API. Tried before the IIS log's sniffer, which takes any W3C log. */
enum artifact_kind httperr_sniff(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	head_skip_utf8_bom(&h, &n);
	return head_has_line(h, n, "#Software: Microsoft HTTP API") ? ART_LOG_HTTPERR : ART_UNKNOWN;
}
