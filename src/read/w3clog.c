/* The IIS W3C log reader: one pass over the file with a fixed buffer.
 * Columns are bound again at every #Fields: line (IIS writes the header
 * block again each time it reopens the log, and the field set may change),
 * `-` is an empty value and `+` stands for a space. Only a summary of
 * fixed size is kept: the requests to mscep.dll and to the legacy
 * connector's VerifyRequest, by outcome. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "logutil.h"
#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"

static int starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	return n >= m && ascii_ncasecmp(s, prefix, m) == 0;
}

/* /certsrv/mscep/mscep.dll, with or without /pkiclient.exe; the folder
 * itself (its default document is mscep.dll). Not mscep_admin. */
static int is_mscep(const char *s, size_t n)
{
	static const char base[] = "/certsrv/mscep";
	size_t b = sizeof(base) - 1;

	if (n < b || s[0] != '/' || (s[1] | 0x20) != 'c' || !starts_ci(s, n, base))
		return 0;
	s += b;
	n -= b;
	if (n == 0 || (n == 1 && s[0] == '/'))
		return 1;
	if (!starts_ci(s, n, "/mscep.dll"))
		return 0;
	s += 10;
	n -= 10;
	return n == 0 || (n == 1 && s[0] == '/') ||
	       (n == 14 && ascii_ncasecmp(s, "/pkiclient.exe", 14) == 0);
}

static int is_crp_verify(const char *s, size_t n)
{
	static const char p[] = "/CertificateRegistrationSvc/Certificate/VerifyRequest";

	return n >= sizeof(p) - 1 && ascii_ncasecmp(s, p, sizeof(p) - 1) == 0 &&
	       (n == sizeof(p) - 1 || s[sizeof(p) - 1] == '/');
}

/* The site id in a folder FTPSVC<N> along the path (an FTP site's logs). */
static long ftp_site_from_path(const char *path)
{
	const char *p = path;
	long v = -1;

	for (;;) {
		if (ascii_ncasecmp(p, "FTPSVC", 6) == 0 && p[6] >= '0' && p[6] <= '9') {
			const char *d = p + 6;
			long n = 0;

			while (*d >= '0' && *d <= '9' && n < 100000000)
				n = n * 10 + (*d++ - '0');
			if (*d == '/' || *d == '\0')
				v = n;
		}
		p = strchr(p, '/');
		if (p == NULL)
			return v;
		p++;
	}
}

/* s-sitename as IIS writes it: W3SVC<N>, or FTPSVC<N> (*ftp set). */
static long site_from_name(const char *s, size_t n, int *ftp)
{
	char buf[16];

	*ftp = 0;
	if (n > 6 && n < 15 && ascii_ncasecmp(s, "FTPSVC", 6) == 0) {
		memcpy(buf, "W3SVC", 5);
		memcpy(buf + 5, s + 6, n - 6);
		*ftp = 1;
		return w3c_site_from_name(buf, n - 1);
	}
	return w3c_site_from_name(s, n);
}

/* Count a line for its site. */
static void site_line(struct w3c_summary *o, long site, int ftp, int kind, int has_t, int64_t t)
{
	struct w3c_site_part *p = NULL;
	size_t i;

	for (i = 0; i < o->npart && p == NULL; i++)
		if (o->part[i].site == site && o->part[i].ftp == ftp)
			p = &o->part[i];
	if (p == NULL) {
		if (o->npart >= W3C_MAX_SITES) {
			o->part_overflow++;
			return;
		}
		p = &o->part[o->npart++];
		p->site = site;
		p->ftp = ftp;
	}
	p->requests++;
	if (kind == 1)
		p->mscep++;
	else if (kind == 2)
		p->crp++;
	else
		p->other++;
	if (has_t) {
		if (!p->has_time || t < p->first_t)
			p->first_t = t;
		if (!p->has_time || t > p->last_t)
			p->last_t = t;
		p->has_time = 1;
	}
}

static void problem(struct w3c_summary *o, uint64_t line)
{
	if (o->first_problem_line == 0)
		o->first_problem_line = line;
}

static void request(struct w3c_summary *o, struct bucket_set *set, const struct w3c_value *v,
		    int has_t, int64_t t, uint64_t line, const char *text, size_t n, int scep)
{
	struct http_status st;
	struct status_bucket *b;

	st.status = (int)w3c_number(v[C_STATUS].s, v[C_STATUS].n);
	st.sub = (int)w3c_number(v[C_SUB].s, v[C_SUB].n);
	st.win32 = w3c_number(v[C_WIN32].s, v[C_WIN32].n);
	if (st.status > 999)
		st.status = -1;
	if (st.sub > 99999)
		st.sub = -1;
	if (scep && has_t &&
	    log_day_add(o->mscep_days.v, &o->mscep_days.n, LOG_MAX_DAYS, t, st.status, 1) != 0)
		o->mscep_days.overflow++;
	b = bucket_find(set, &st);
	if (b == NULL) {
		set->overflow++;
		return;
	}
	bucket_add(b, scep ? scep_operation(v[C_QUERY].s, v[C_QUERY].n) : OP_NONE,
		   ua_classify(v[C_UA].s, v[C_UA].n), has_t, t, o->artifact, line, text, n);
}

static void w3c_begin(struct w3c_summary *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->artifact = path;
	o->site_id = w3c_site_from_path(path);
	if (o->site_id >= 0)
		o->site_origin = "folder name";
	if (o->site_id < 0 && (o->site_id = ftp_site_from_path(path)) >= 0) {
		o->site_origin = "folder name";
		o->ftp = 1;
	}
}

/* The one parser behind w3c_read and w3c_parse: every line of lr. */
static int w3c_lines(struct line_reader *lr, struct w3c_summary *o, struct nerr *e)
{
	struct w3c_layout L;
	struct w3c_value v[W3C_NCOL];
	char day_text[10];
	int64_t day_secs = 0;
	int have_day = 0, site_from_content = 0, rc;
	char *line;
	size_t len;
	int over;

	memset(&L, 0, sizeof(L));
	while ((rc = lr_next(lr, &line, &len, &over, e)) == 1) {
		uint64_t ln = lr->lineno;
		int has_t = 0, got, line_ftp, kind;
		long line_site;
		int64_t t = 0;

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
			if (starts_ci(line, len, "#Fields:")) {
				w3c_bind(line + 8, len - 8, &L);
				o->headers++;
				/* FTP logs name their session; HTTP logs never do. */
				if (ascii_memcasestr(line, len, " x-session"))
					o->ftp = 1;
				if (L.col[C_STATUS] < 0 || L.col[C_SUB] < 0 || L.col[C_WIN32] < 0)
					o->fields_without_status++;
			}
			continue;
		}
		if (!L.bound) {
			o->before_fields++;
			problem(o, ln);
			continue;
		}
		got = w3c_split(line, len, &L, L.maxcol, v);
		if (got <= L.maxcol) {
			o->malformed++;
			problem(o, ln);
			continue;
		}
		o->data_lines++;
		if (v[C_DATE].s != NULL && v[C_TIME].s != NULL) {
			int64_t secs;

			if (!have_day || v[C_DATE].n != 10 || memcmp(day_text, v[C_DATE].s, 10) != 0) {
				if (w3c_time(v[C_DATE].s, v[C_DATE].n, "00:00:00", 8, &secs) == 0) {
					memcpy(day_text, v[C_DATE].s, 10);
					day_secs = secs;
					have_day = 1;
				} else {
					have_day = 0;
				}
			}
			if (have_day && w3c_hms(v[C_TIME].s, v[C_TIME].n, &secs) == 0) {
				t = day_secs + secs;
				has_t = 1;
			} else {
				o->bad_time++;
				problem(o, ln);
			}
		}
		if (has_t) {
			if (!o->has_time || t < o->first_t)
				o->first_t = t;
			if (!o->has_time || t > o->last_t)
				o->last_t = t;
			o->has_time = 1;
		}
		line_site = o->site_id;
		line_ftp = o->ftp;
		if (v[C_SITENAME].s != NULL) {
			int ftp;
			long id = site_from_name(v[C_SITENAME].s, v[C_SITENAME].n, &ftp);

			if (id >= 0) {
				line_site = id;
				line_ftp = ftp || o->ftp;
				if (!site_from_content) {
					o->site_id = id;
					o->site_origin = "s-sitename";
					o->ftp = line_ftp;
					site_from_content = 1;
				}
			}
		}
		if (line_ftp) {
			kind = 0; /* an FTP session's paths are not HTTP requests */
		} else if (v[C_STEM].s != NULL && is_mscep(v[C_STEM].s, v[C_STEM].n)) {
			kind = 1;
			o->mscep_requests++;
			request(o, &o->mscep, v, has_t, t, ln, line, len, 1);
		} else if (v[C_STEM].s != NULL && is_crp_verify(v[C_STEM].s, v[C_STEM].n)) {
			kind = 2;
			o->crp_requests++;
			request(o, &o->crp, v, has_t, t, ln, line, len, 0);
		} else {
			kind = 0;
		}
		if (kind == 0)
			o->other_requests++;
		site_line(o, line_site, line_ftp, kind, has_t, t);
	}
	o->nul_bytes = lr->nul_bytes;
	return rc < 0 ? -1 : 0;
}

int w3c_read(const char *path, struct w3c_summary *o, void (*on_block)(void *, const void *, size_t),
	     void *ctx, struct nerr *e)
{
	return w3c_read_fd(-1, path, o, on_block, ctx, e);
}

int w3c_read_fd(int fd, const char *path, struct w3c_summary *o,
		void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	w3c_begin(o, path);
	if (lr_open_input(&lr, fd, path, on_block, ctx, e) != 0)
		return -1;
	rc = w3c_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int w3c_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
	           struct w3c_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	w3c_begin(o, path);
	lr_open_pull(&lr, pull, ctx, path);
	rc = w3c_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

int w3c_parse(const char *name, const void *buf, size_t len, struct w3c_summary *o, struct nerr *e)
{
	struct line_reader lr;
	int rc;

	w3c_begin(o, name);
	lr_open_mem(&lr, buf, len, name);
	rc = w3c_lines(&lr, o, e);
	lr_close(&lr);
	return rc;
}

/* An IIS W3C log (u_ex*.log) by its directive lines. */
enum artifact_kind w3c_sniff(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	head_skip_utf8_bom(&h, &n);
	if (head_has_line(h, n, "#Software: Microsoft Internet Information Services"))
		return ART_LOG_IIS;
	if (head_has_line(h, n, "#Version:") && head_has_line(h, n, "#Fields:"))
		return ART_LOG_IIS;
	return ART_UNKNOWN;
}
