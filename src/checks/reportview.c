/* What the HTML report draws, from the facts (report.h's struct
 * report_view): the certificates NDES uses (ndes_certs(), one entry per
 * thumbprint with all its roles), each judged at the as-of time as the
 * certificate checks judge validity (cert_validity()), and the mscep.dll
 * requests per day the log facts counted. Lives with the checks because
 * judging is theirs; the reporters only draw what this gives them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "certcommon.h"
#include "ndes-audit/report.h"

static enum report_cert_state cert_state(const struct facts *f, const struct cert *c)
{
	char *text = NULL;
	enum status st = cert_validity(f, c, &text);

	free(text);
	if (!c->validity_ok)
		return RCERT_BAD_DATES;
	if (st == ST_WARN)
		return RCERT_EXPIRING;
	if (st == ST_PASS)
		return RCERT_VALID;
	return f->as_of < c->not_before ? RCERT_NOT_YET : RCERT_EXPIRED;
}

/* The entry of the certificate with this thumbprint, added when new. */
static struct report_cert *cert_entry(struct report_view *v, const struct facts *f,
				      const struct cert *c, int *fresh)
{
	size_t i;

	*fresh = 0;
	for (i = 0; i < v->ncerts; i++)
		if (strcmp(v->certs[i].thumbprint, c->sha1) == 0)
			return &v->certs[i];
	v->certs = xreallocarray(v->certs, v->ncerts + 1, sizeof(*v->certs));
	memset(&v->certs[v->ncerts], 0, sizeof(*v->certs));
	memcpy(v->certs[v->ncerts].thumbprint, c->sha1, sizeof(c->sha1));
	v->certs[v->ncerts].subject = xstrdup(c->subject != NULL ? c->subject : "");
	v->certs[v->ncerts].not_before = c->not_before;
	v->certs[v->ncerts].not_after = c->not_after;
	v->certs[v->ncerts].state = cert_state(f, c);
	*fresh = 1;
	return &v->certs[v->ncerts++];
}

static int cmp_not_after(const void *pa, const void *pb)
{
	const struct report_cert *a = pa, *b = pb;

	if (a->not_after != b->not_after)
		return a->not_after < b->not_after ? -1 : 1;
	return strcmp(a->thumbprint, b->thumbprint);
}

static void view_certs(struct report_view *v, const struct facts *f)
{
	struct ndes_cert *nc = NULL;
	size_t n = ndes_certs(f, &nc), i;

	for (i = 0; i < n; i++) {
		const struct cert *c = &f->certs.certs[nc[i].place->cert];
		int fresh;
		struct report_cert *rc = cert_entry(v, f, c, &fresh);

		if (fresh) {
			rc->role = xstrdup(nc[i].role);
		} else {
			char *old = rc->role;

			rc->role = xasprintf("%s, %s", old, nc[i].role);
			free(old);
		}
	}
	ndes_certs_free(nc, n);
	if (v->ncerts > 1)
		qsort(v->certs, v->ncerts, sizeof(*v->certs), cmp_not_after);
}

static void view_days(struct report_view *v, const struct facts *f)
{
	const struct log_facts *lf = f->logs;
	size_t i;

	if (lf == NULL)
		return;
	v->has_iis_logs = lf->niis > 0;
	v->mscep_requests = lf->mscep_requests;
	v->days_overflow = lf->mscep_days_overflow;
	if (lf->nmscep_days == 0)
		return;
	v->days = xcalloc(lf->nmscep_days, sizeof(*v->days));
	for (i = 0; i < lf->nmscep_days; i++) {
		v->days[i].day = lf->mscep_days[i].day;
		memcpy(v->days[i].by_class, lf->mscep_days[i].by_class, sizeof(v->days[i].by_class));
	}
	v->ndays = lf->nmscep_days;
}

void report_view_build(struct report_view *v, const struct facts *f)
{
	memset(v, 0, sizeof(*v));
	v->warn_days = f->warn_days;
	view_certs(v, f);
	view_days(v, f);
}

void report_view_free(struct report_view *v)
{
	size_t i;

	for (i = 0; i < v->ncerts; i++) {
		free(v->certs[i].subject);
		free(v->certs[i].role);
	}
	free(v->certs);
	free(v->days);
	memset(v, 0, sizeof(*v));
}
