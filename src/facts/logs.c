/* The log and event model: the per-file summaries the readers made, merged
 * into one view of the server (counts, first and last occurrence of each
 * outcome across every file). Memory is bounded by the bucket limits, not
 * by the size or number of the logs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"

void log_span_text(int has_time, int64_t first, int64_t last, char *buf, size_t size)
{
	char a[32], b[32];

	if (!has_time) {
		snprintf(buf, size, "(no times recorded)");
		return;
	}
	time_format_iso(first, a, sizeof(a));
	time_format_iso(last, b, sizeof(b));
	if (first == last)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s..%s", a, b);
}

static void span(int *has, int64_t *first, int64_t *last, int h, int64_t f, int64_t l)
{
	if (!h)
		return;
	if (!*has || f < *first)
		*first = f;
	if (!*has || l > *last)
		*last = l;
	*has = 1;
}

/* Merge one bucket into a set: counts add up; the first occurrence is the
 * earliest (by time, else by order), the last the latest. */
static void merge_bucket(struct bucket_set *set, const struct status_bucket *src)
{
	struct status_bucket *d = bucket_find(set, &src->st);
	int i;

	if (d == NULL) {
		set->overflow += src->count;
		return;
	}
	if (d->count == 0) {
		*d = *src;
		return;
	}
	d->count += src->count;
	for (i = 0; i < OP__COUNT; i++) {
		d->by_op[i] += src->by_op[i];
		if (src->last_op_t[i] > d->last_op_t[i])
			d->last_op_t[i] = src->last_op_t[i];
	}
	for (i = 0; i < UA__COUNT; i++)
		d->by_ua[i] += src->by_ua[i];
	if (src->has_time) {
		if (!d->has_time || src->first_t < d->first_t) {
			d->first_t = src->first_t;
			d->first = src->first;
			memcpy(d->sample, src->sample, sizeof(d->sample));
		}
		if (!d->has_time || src->last_t >= d->last_t) {
			d->last_t = src->last_t;
			d->last = src->last;
		}
		d->has_time = 1;
	} else {
		d->last = src->last;
	}
}

/* Add a file's days to the merged ones (day t = day * 86400). */
static void merge_days(struct log_facts *lf, const struct day_set *d)
{
	size_t i;
	int c;

	lf->mscep_days_overflow += d->overflow;
	for (i = 0; i < d->n; i++)
		for (c = 0; c < 6; c++) {
			if (d->v[i].by_class[c] == 0)
				continue;
			if (log_day_add(lf->mscep_days, &lf->nmscep_days, LOG_MAX_DAYS_MERGED,
					d->v[i].day * 86400, c == 0 ? -1 : c * 100,
					d->v[i].by_class[c]) != 0)
				lf->mscep_days_overflow += d->v[i].by_class[c];
		}
}

static void merge_set(struct bucket_set *dst, const struct bucket_set *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		merge_bucket(dst, &src->v[i]);
	dst->overflow += src->overflow;
}

static void merge_herr(struct log_facts *lf, const struct httperr_bucket *src)
{
	struct httperr_bucket *d = NULL;
	size_t i;

	for (i = 0; i < lf->nherr; i++)
		if (lf->herr[i].status == src->status && strcmp(lf->herr[i].reason, src->reason) == 0 &&
		    ascii_casecmp(lf->herr[i].queue, src->queue) == 0)
			d = &lf->herr[i];
	if (d == NULL) {
		if (lf->nherr >= LOG_MAX_BUCKETS) {
			lf->herr_overflow += src->count;
			return;
		}
		lf->herr[lf->nherr++] = *src;
		return;
	}
	d->count += src->count;
	if (src->has_time && (!d->has_time || src->first_t < d->first_t)) {
		d->first_t = src->first_t;
		d->first = src->first;
		memcpy(d->sample, src->sample, sizeof(d->sample));
	}
	if (src->has_time && (!d->has_time || src->last_t >= d->last_t)) {
		d->last_t = src->last_t;
		d->last = src->last;
	}
	if (src->has_time)
		d->has_time = 1;
}

static void merge_evt(struct log_facts *lf, const struct evt_bucket *src)
{
	struct evt_bucket *d = NULL;
	size_t i;

	for (i = 0; i < lf->nevt; i++)
		if (lf->evt[i].kind == src->kind && strcmp(lf->evt[i].key, src->key) == 0)
			d = &lf->evt[i];
	if (d == NULL) {
		if (lf->nevt >= LOG_MAX_BUCKETS) {
			lf->evt_overflow += src->count;
			return;
		}
		lf->evt[lf->nevt++] = *src;
		return;
	}
	d->count += src->count;
	if (src->first_t < d->first_t) {
		d->first_t = src->first_t;
		d->first = src->first;
	}
	if (src->last_t >= d->last_t) {
		d->last_t = src->last_t;
		d->last = src->last;
	}
}

static void note_unreadable(char **list, const struct artifact *a)
{
	char *old = *list;

	*list = old == NULL ? xstrdup(a->error != NULL ? a->error : a->path)
			    : xasprintf("%s; %s", old, a->error != NULL ? a->error : a->path);
	free(old);
}

#define APPEND(arr, n, item)                                                   \
	do {                                                                   \
		(arr) = xreallocarray((void *)(arr), (n) + 1, sizeof(*(arr))); \
		(arr)[(n)++] = (item);                                         \
	} while (0)

static void add_site(struct log_facts *lf, long id)
{
	size_t i;

	if (id < 0)
		return;
	for (i = 0; i < lf->nsites; i++)
		if (lf->sites[i] == id)
			return;
	if (lf->nsites < sizeof(lf->sites) / sizeof(lf->sites[0]))
		lf->sites[lf->nsites++] = id;
}

/* Does path have seg ("/NAME/", ignoring case) as a folder? A relative
 * path's first folder counts too. */
static int has_folder(const char *path, const char *seg)
{
	size_t m = strlen(seg);
	const char *p;

	if (ascii_ncasecmp(path, seg + 1, m - 1) == 0)
		return 1;
	for (p = path; *p != '\0'; p++)
		if (ascii_ncasecmp(p, seg, m) == 0)
			return 1;
	return 0;
}

static void add_ftp_site(struct log_facts *lf, long id)
{
	size_t i;

	for (i = 0; i < lf->nftp_sites; i++)
		if (lf->ftp_sites[i] == id)
			return;
	if (lf->nftp_sites < sizeof(lf->ftp_sites) / sizeof(lf->ftp_sites[0]))
		lf->ftp_sites[lf->nftp_sites++] = id;
}

/* A file whose folder names no site: the site whose logFile directory's
 * last folder is a folder of the file's path (when exactly one site's
 * is), else -1. */
static long site_by_directory(const struct iis_model *m, const char *path)
{
	long found = -1;
	size_t i;

	for (i = 0; m != NULL && i < m->nsites; i++) {
		struct iis_logging lg;
		const char *dir, *tail;
		char seg[128];

		iis_site_logging(m, &m->sites[i], &lg);
		dir = lg.directory.value;
		if (dir == NULL)
			continue;
		tail = dir + strlen(dir);
		while (tail > dir && (tail[-1] == '\\' || tail[-1] == '/'))
			tail--;
		{
			const char *end = tail;

			while (tail > dir && tail[-1] != '\\' && tail[-1] != '/')
				tail--;
			if (end == tail || (size_t)(end - tail) >= sizeof(seg) - 2)
				continue;
			snprintf(seg, sizeof(seg), "/%.*s/", (int)(end - tail), tail);
		}
		if (!has_folder(path, seg))
			continue;
		if (found >= 0 && found != m->sites[i].id)
			return -1; /* two sites share the folder name: cannot tell */
		found = m->sites[i].id;
	}
	return found;
}

/* One IIS log: its lines of the NDES site (or of no known site) count,
 * the rest is listed as another site's or an FTP site's. The file was
 * read once; its per-site counts are all that is needed here. */
static void add_iis(struct log_facts *lf, const struct w3c_summary *s, const struct iis_model *m)
{
	uint64_t mine = 0, total = 0;
	size_t k;
	long dir_site = -2;

	for (k = 0; k < s->npart; k++) {
		const struct w3c_site_part *p = &s->part[k];
		long site = p->site;

		if (site < 0 && !p->ftp) {
			if (dir_site == -2)
				dir_site = site_by_directory(m, s->artifact);
			site = dir_site;
		}
		total += p->requests;
		if (p->ftp) {
			add_ftp_site(lf, site);
			continue;
		}
		add_site(lf, site);
		if (lf->ndes_site >= 0 && site >= 0 && site != lf->ndes_site)
			continue;
		mine += p->requests;
		lf->mscep_requests += p->mscep;
		lf->crp_requests += p->crp;
		lf->other_requests += p->other;
		span(&lf->iis_has_time, &lf->iis_first_t, &lf->iis_last_t, p->has_time, p->first_t,
		     p->last_t);
	}
	lf->other_site_lines += total - mine + s->part_overflow;
	if (mine == 0 && total > 0) {
		APPEND(lf->iis_other, lf->niis_other, s);
		return;
	}
	APPEND(lf->iis, lf->niis, s);
	lf->iis_records += mine;
	if (s->npart == 0) /* no record at all: the file's own site */
		add_site(lf, s->site_id);
	/* mscep.dll and VerifyRequest lines of other sites in one central log
	 * are rare; their outcome buckets are the file's. */
	merge_set(&lf->mscep, &s->mscep);
	merge_set(&lf->crp, &s->crp);
	merge_days(lf, &s->mscep_days);
}

/* Is an event's Computer this host? Equal to one of its names (ignoring
 * case), or, when no FQDN is known, its first label equal to the short
 * name. An event without a Computer, or a bundle without host names,
 * cannot be told apart: it counts. */
static int this_host(const char *comp, const struct host_names *h)
{
	const char *dot = strchr(comp, '.');
	size_t i, known = 0, fqdn = 0;

	if (h == NULL || comp[0] == '\0')
		return 1;
	for (i = 0; i < sizeof(h->name) / sizeof(h->name[0]); i++)
		if (h->name[i] != NULL && h->name[i][0] != '\0') {
			known++;
			fqdn += strchr(h->name[i], '.') != NULL;
			if (ascii_casecmp(comp, h->name[i]) == 0)
				return 1;
		}
	for (i = 0; dot != NULL && fqdn == 0 && i < sizeof(h->name) / sizeof(h->name[0]); i++)
		if (h->name[i] != NULL && strlen(h->name[i]) == (size_t)(dot - comp) &&
		    ascii_ncasecmp(comp, h->name[i], (size_t)(dot - comp)) == 0)
			return 1;
	return known == 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Name another computer's events, which do not count. */
static void foreign(struct log_facts *lf, const char *name, uint64_t n, const char *artifact)
{
	size_t len = strlen(lf->foreign);

	lf->foreign_events += n;
	if (len < sizeof(lf->foreign) - 1)
		snprintf(lf->foreign + len, sizeof(lf->foreign) - len, "%s%s: %llu event(s) in %s",
			 len ? "; " : "", name, (unsigned long long)n, base_name(artifact));
}

/* The log's span and count over this host's events only; a log holding
 * only other computers' events does not stand for its channel. */
static void channel(struct log_facts *lf, struct channel_span *c, const struct evtx_summary *s,
		    const int *mine)
{
	uint64_t records = 0;
	size_t k;

	for (k = 0; k < s->ncomp; k++)
		if (mine[k])
			records += s->comp[k].records;
	if (s->records > 0 && records == 0)
		return;
	if (!c->present)
		c->artifact = s->artifact;
	c->present = 1;
	c->records += records;
	for (k = 0; k < s->ncomp; k++)
		if (mine[k])
			span(&c->has_time, &c->first_t, &c->last_t, s->comp[k].has_time,
			     s->comp[k].first_t, s->comp[k].last_t);
	(void)lf;
}

/* One readable .evtx: its channel's span, this host's buckets, the other
 * computers named. */
static void add_evtx(struct log_facts *lf, const struct evtx_summary *s, const struct host_names *h)
{
	int mine[EVTX_MAX_COMPUTERS];
	size_t k, j;

	for (k = 0; k < s->ncomp; k++) {
		mine[k] = this_host(s->comp[k].name, h);
		if (!mine[k])
			foreign(lf, s->comp[k].name, s->comp[k].records, s->artifact);
	}
	if (s->comp_overflow)
		foreign(lf, "further computers", s->comp_overflow, s->artifact);
	if (ascii_casecmp(s->channel, "Application") == 0)
		channel(lf, &lf->application, s, mine);
	else if (ascii_casecmp(s->channel, "System") == 0)
		channel(lf, &lf->system, s, mine);
	else if (evt_connector_channel(s->channel))
		channel(lf, &lf->connector, s, mine);
	else if (ascii_ncasecmp(s->channel, "Microsoft-Windows-CAPI2", 23) == 0)
		channel(lf, &lf->capi2, s, mine);
	lf->connector_warnings += s->connector_warnings;
	for (j = 0; j < s->n; j++)
		if (s->v[j].comp >= 0 && mine[s->v[j].comp])
			merge_evt(lf, &s->v[j]);
	lf->evt_overflow += s->overflow;
}

void log_facts_build(struct log_facts *lf, const struct bundle *b, const struct host_names *h,
		     const struct iis_model *iis)
{
	size_t i, j;

	memset(lf, 0, sizeof(*lf));
	lf->ndes_site = iis != NULL && iis->ndes_site != NULL ? iis->ndes_site->id : -1;
	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->status == ART_ERROR) {
			if (a->kind == ART_LOG_IIS)
				note_unreadable(&lf->unreadable_iis, a);
			else if (a->kind == ART_LOG_HTTPERR)
				note_unreadable(&lf->unreadable_httperr, a);
			else if (a->kind == ART_LOG_MSI)
				note_unreadable(&lf->unreadable_msi, a);
			else if (a->kind == ART_EVTX)
				note_unreadable(&lf->unreadable_evtx, a);
			continue;
		}
		if (a->status != ART_OK || a->handle == NULL)
			continue;
		if (a->kind == ART_LOG_IIS) {
			add_iis(lf, artifact_w3c(a), iis);
		} else if (a->kind == ART_LOG_HTTPERR) {
			const struct httperr_summary *s = artifact_httperr(a);

			APPEND(lf->httperr, lf->nhttperr, s);
			lf->herr_records += s->data_lines;
			lf->herr_ndes += s->ndes_lines;
			lf->herr_other += s->other_lines;
			span(&lf->herr_has_time, &lf->herr_first_t, &lf->herr_last_t, s->has_time,
			     s->first_t, s->last_t);
			for (j = 0; j < s->n; j++)
				merge_herr(lf, &s->v[j]);
			lf->herr_overflow += s->overflow;
		} else if (a->kind == ART_LOG_MSI) {
			APPEND(lf->msi, lf->nmsi, artifact_msi(a));
		} else if (a->kind == ART_EVTX) {
			const struct evtx_summary *s = artifact_evtx(a);

			APPEND(lf->evtx, lf->nevtx, s);
			add_evtx(lf, s, h);
		}
	}
}

void log_facts_free(struct log_facts *lf)
{
	free((void *)lf->iis);
	free((void *)lf->iis_other);
	free((void *)lf->httperr);
	free((void *)lf->msi);
	free((void *)lf->evtx);
	free(lf->unreadable_iis);
	free(lf->unreadable_httperr);
	free(lf->unreadable_msi);
	free(lf->unreadable_evtx);
	memset(lf, 0, sizeof(*lf));
}
