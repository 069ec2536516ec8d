/* The fleet summary's rows: each server's finished JSON report reduced to
 * what the summary shows (counts, findings, the certificates that expire
 * first), the fleet baseline, the worst-first order and the folded exit
 * status. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "fleet-priv.h"

json_t *fleet_load_report(const char *path, struct nerr *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	json_error_t je;
	json_t *j;
	int rc;

	rc = file_read_bounded(path, 0, FLEET_MAX_REPORT, &buf, &len, e);
	if (rc == 0)
		nerr_set(e, "%s: %zu bytes; a report may have at most %ld", path, len,
			 (long)FLEET_MAX_REPORT);
	if (rc != 1)
		return NULL;
	j = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
	free(buf);
	if (j == NULL)
		nerr_set(e, "%s:%d: not JSON: %s", path, je.line, je.text);
	return j;
}

int fleet_report_schema(json_t *report)
{
	json_t *v = json_object_get(report, "schema_version");

	if (!json_is_object(report) || !json_is_integer(v) || !json_is_array(json_object_get(report,
											       "results")))
		return -1;
	return (int)json_integer_value(v);
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static int base_cmp(const char *server, const char *fp, const struct fleet_base_entry *b)
{
	int c = strcmp(server, b->server);

	return c != 0 ? c : strcmp(fp, b->fp);
}

static int base_sort(const void *a, const void *b)
{
	const struct fleet_base_entry *x = a;

	return base_cmp(x->server, x->fp, b);
}

static struct fleet_base_entry *base_find(const struct fleet_summary *s, const char *server,
					  const char *fp)
{
	size_t lo = 0, hi = s->nbase;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = base_cmp(server, fp, &s->base[mid]);

		if (c == 0)
			return &s->base[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* One server of the baseline: its findings as entries. */
static void base_server(struct fleet_summary *s, json_t *srv, size_t *cap)
{
	const char *name = jstr(srv, "bundle");
	json_t *f;
	size_t i;

	if (name == NULL)
		return;
	json_array_foreach(json_object_get(srv, "findings"), i, f) {
		const char *fp = jstr(f, "fingerprint");
		struct fleet_base_entry *b;

		if (fp == NULL || strlen(fp) != 32 || jstr(f, "check") == NULL)
			continue;
		if (s->nbase == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			s->base = xreallocarray(s->base, *cap, sizeof(*s->base));
		}
		b = &s->base[s->nbase++];
		b->server = xstrdup(name);
		b->check = xstrdup(jstr(f, "check"));
		b->target = dup_or_null(jstr(f, "target"));
		memcpy(b->fp, fp, 33);
		b->seen = 0;
	}
}

int fleet_summary_init(struct fleet_summary *s, const struct fleet_options *fo, struct nerr *e)
{
	json_t *j, *srv;
	size_t i, cap = 0;

	memset(s, 0, sizeof(*s));
	s->fo = fo;
	if (fo->baseline == NULL)
		return 0;
	j = fleet_load_report(fo->baseline, e);
	if (j == NULL)
		return -1;
	if (!json_is_integer(json_object_get(j, "fleet_schema_version")) ||
	    !json_is_array(json_object_get(j, "servers"))) {
		nerr_set(e, "%s: not a fleet summary in JSON (ndes-audit --each --format json): "
			 "no fleet_schema_version or servers", fo->baseline);
		json_decref(j);
		return -1;
	}
	json_array_foreach(json_object_get(j, "servers"), i, srv)
		base_server(s, srv, &cap);
	json_decref(j);
	if (s->nbase > 0)
		qsort(s->base, s->nbase, sizeof(*s->base), base_sort);
	s->has_base = 1;
	return 0;
}

static struct fleet_row *new_row(struct fleet_summary *s, const char *name)
{
	struct fleet_row *r;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->rows = xreallocarray(s->rows, s->cap, sizeof(*s->rows));
	}
	r = &s->rows[s->n++];
	memset(r, 0, sizeof(*r));
	r->name = xstrdup(name);
	return r;
}

void fleet_add_error(struct fleet_summary *s, const char *name, int exit_code, const char *msg)
{
	struct fleet_row *r = new_row(s, name);

	r->exit_code = exit_code;
	r->error = xstrdup(msg);
}

/* A certificate in an evidence value ("SUBJECT; issuer ...; thumbprint
 * HEX; valid FROM to UNTIL; ..."), offered to the soonest-first list. */
static void cert_offer(struct fleet_summary *s, const char *server, const char *v)
{
	const char *tp = strstr(v, "; thumbprint "), *va, *to, *end, *iss;
	struct fleet_cert c;
	size_t i, n, tlen;

	if (tp == NULL || (va = strstr(tp, "; valid ")) == NULL ||
	    (to = strstr(va, " to ")) == NULL)
		return;
	end = to + 4 + strcspn(to + 4, ";");
	if ((size_t)(end - (to + 4)) >= sizeof(c.not_after) || end == to + 4)
		return;
	tlen = (size_t)(va - (tp + 13));
	for (i = 0; i < s->ncerts; i++)
		if (strcmp(s->certs[i].server, server) == 0 &&
		    strlen(s->certs[i].thumbprint) == tlen &&
		    strncmp(s->certs[i].thumbprint, tp + 13, tlen) == 0)
			return;
	memcpy(c.not_after, to + 4, (size_t)(end - (to + 4)));
	c.not_after[end - (to + 4)] = '\0';
	/* The list is sorted by (not_after, server, thumbprint); find the place. */
	for (n = 0; n < s->ncerts; n++) {
		int k = strcmp(c.not_after, s->certs[n].not_after);

		if (k == 0)
			k = strcmp(server, s->certs[n].server);
		if (k == 0)
			k = strncmp(tp + 13, s->certs[n].thumbprint, tlen);
		if (k < 0)
			break;
	}
	if (n >= FLEET_MAX_CERTS)
		return;
	if (s->ncerts == FLEET_MAX_CERTS) {
		struct fleet_cert *last = &s->certs[FLEET_MAX_CERTS - 1];

		free(last->server);
		free(last->subject);
		free(last->thumbprint);
		s->ncerts--;
	}
	memmove(&s->certs[n + 1], &s->certs[n], (s->ncerts - n) * sizeof(c));
	iss = strstr(v, "; issuer ");
	c.server = xstrdup(server);
	c.subject = xstrndup(v, (size_t)((iss != NULL && iss < tp ? iss : tp) - v));
	c.thumbprint = xstrndup(tp + 13, tlen);
	s->certs[n] = c;
	s->ncerts++;
}

static int status_of(const char *name, enum status *out)
{
	int i;

	for (i = 0; name != NULL && i < ST__COUNT; i++) {
		if (strcmp(name, status_name((enum status)i)) == 0) {
			*out = (enum status)i;
			return 0;
		}
	}
	return -1;
}

static void add_finding(struct fleet_summary *s, struct fleet_row *r, json_t *res, size_t *cap)
{
	const char *fp = jstr(res, "fingerprint"), *check = jstr(res, "check");
	struct fleet_finding *f;
	struct fleet_base_entry *b;
	enum severity sev;

	if (check == NULL || fp == NULL || strlen(fp) != 32 ||
	    severity_parse(jstr(res, "severity") ? jstr(res, "severity") : "", &sev) != 0)
		return;
	if (r->nf == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		r->f = xreallocarray(r->f, *cap, sizeof(*r->f));
	}
	f = &r->f[r->nf++];
	f->check = xstrdup(check);
	f->target = dup_or_null(jstr(res, "target"));
	f->status = xstrdup(jstr(res, "status"));
	f->sev = sev;
	memcpy(f->fp, fp, 33);
	f->fresh = -1;
	if (s->has_base) {
		b = base_find(s, r->name, fp);
		f->fresh = b == NULL;
		if (b != NULL)
			b->seen = 1;
	}
}

static void note_as_of(struct fleet_summary *s, const char *as_of)
{
	if (as_of == NULL || strlen(as_of) >= sizeof(s->as_of))
		return;
	if (s->as_of[0] == '\0')
		strcpy(s->as_of, as_of);
	else if (strcmp(s->as_of, as_of) != 0)
		s->as_of_differs = 1;
}

void fleet_add_report(struct fleet_summary *s, const char *name, json_t *rep)
{
	struct fleet_row *r = new_row(s, name);
	json_t *res, *ev, *gate = json_object_get(rep, "gate");
	size_t i, j, cap = 0;

	r->host = dup_or_null(json_string_value(json_object_get(json_object_get(rep, "host"),
								 "fqdn")));
	r->exit_code = json_is_integer(json_object_get(gate, "exit_code"))
		? (int)json_integer_value(json_object_get(gate, "exit_code")) : 4;
	note_as_of(s, jstr(rep, "as_of"));
	if (s->schema == 0)
		s->schema = fleet_report_schema(rep);
	json_array_foreach(json_object_get(rep, "results"), i, res) {
		enum status st;

		if (status_of(jstr(res, "status"), &st) != 0)
			continue;
		r->counts[st]++;
		if (st == ST_FAIL || st == ST_WARN || st == ST_WAIVED)
			add_finding(s, r, res, &cap);
		json_array_foreach(json_object_get(res, "evidence"), j, ev)
			if (jstr(ev, "value") != NULL)
				cert_offer(s, name, jstr(ev, "value"));
	}
}

/* Worse first: an error, a failed gate, an incomplete audit, a pass. */
static int exit_rank(int code)
{
	switch (code) {
	case 0: return 0;
	case 3: return 1;
	case 1: return 2;
	case 2: return 3;
	default: return 4;
	}
}

const char *fleet_row_status(const struct fleet_row *r)
{
	if (r->error != NULL)
		return "error";
	switch (r->exit_code) {
	case 0: return "ok";
	case 1: return "fail";
	case 3: return "incomplete";
	default: return "error";
	}
}

int fleet_exit_code(const struct fleet_summary *s)
{
	static const int by_rank[] = {0, 3, 1, 2, 4};
	int worst = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (exit_rank(s->rows[i].exit_code) > worst)
			worst = exit_rank(s->rows[i].exit_code);
	return by_rank[worst];
}

/* Failures of severity sev. */
static size_t fails_at(const struct fleet_row *r, enum severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < r->nf; i++)
		n += r->f[i].sev == sev && strcmp(r->f[i].status, "fail") == 0;
	return n;
}

static int row_cmp(const void *a, const void *b)
{
	const struct fleet_row *x = a, *y = b;
	int d = exit_rank(y->exit_code) - exit_rank(x->exit_code), s;

	for (s = SEV_CRITICAL; d == 0 && s >= SEV_INFO; s--) {
		size_t fx = fails_at(x, (enum severity)s), fy = fails_at(y, (enum severity)s);

		d = fx == fy ? 0 : fx > fy ? -1 : 1;
	}
	if (d == 0)
		d = x->counts[ST_WARN] == y->counts[ST_WARN] ? 0
			: x->counts[ST_WARN] > y->counts[ST_WARN] ? -1 : 1;
	return d != 0 ? d : strcmp(x->name, y->name);
}

static int finding_cmp(const void *a, const void *b)
{
	const struct fleet_finding *x = a, *y = b;
	int d = (int)y->sev - (int)x->sev;

	if (d == 0)
		d = strcmp(x->check, y->check);
	return d != 0 ? d : strcmp(x->fp, y->fp);
}

void fleet_summary_finish(struct fleet_summary *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		if (s->rows[i].nf > 1)
			qsort(s->rows[i].f, s->rows[i].nf, sizeof(*s->rows[i].f), finding_cmp);
		for (j = 0; j < s->rows[i].nf; j++) {
			s->fresh += s->rows[i].f[j].fresh == 1;
			s->known += s->rows[i].f[j].fresh == 0;
		}
	}
	if (s->n > 1)
		qsort(s->rows, s->n, sizeof(*s->rows), row_cmp);
	for (i = 0; i < s->nbase; i++) {
		for (j = 0; j < s->n && strcmp(s->rows[j].name, s->base[i].server) != 0; j++)
			;
		s->base[i].absent = j == s->n || s->rows[j].error != NULL;
		s->fixed += !s->base[i].seen && !s->base[i].absent;
	}
}

const struct fleet_finding *fleet_row_finding(const struct fleet_row *r, const char *id)
{
	const struct fleet_finding *best = NULL;
	size_t i;

	for (i = 0; i < r->nf; i++) {
		if (strcmp(r->f[i].check, id) != 0)
			continue;
		if (best == NULL || strcmp(r->f[i].status, "fail") == 0 ||
		    (strcmp(r->f[i].status, "warn") == 0 && strcmp(best->status, "fail") != 0))
			best = &r->f[i];
	}
	return best;
}

static int check_cmp(const void *a, const void *b)
{
	const struct fleet_check *x = a, *y = b;
	int d = (int)y->sev - (int)x->sev;

	return d != 0 ? d : strcmp(x->id, y->id);
}

struct fleet_check *fleet_checks(const struct fleet_summary *s, size_t *n)
{
	struct fleet_check *v = NULL;
	size_t i, j, k, cap = 0;

	*n = 0;
	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->rows[i].nf; j++) {
			const struct fleet_finding *f = &s->rows[i].f[j];

			if (j > 0 && strcmp(s->rows[i].f[j - 1].check, f->check) == 0)
				continue; /* one per server and check (findings are sorted) */
			f = fleet_row_finding(&s->rows[i], f->check);
			if (strcmp(f->status, "waived") == 0)
				continue;
			for (k = 0; k < *n && strcmp(v[k].id, f->check) != 0; k++)
				;
			if (k == *n) {
				if (*n == cap) {
					cap = cap ? 2 * cap : 32;
					v = xreallocarray(v, cap, sizeof(*v));
				}
				v[k].id = f->check;
				v[k].sev = f->sev;
				v[k].fail = v[k].warn = 0;
				(*n)++;
			}
			if (strcmp(f->status, "fail") == 0)
				v[k].fail++;
			else if (strcmp(f->status, "warn") == 0)
				v[k].warn++;
		}
	}
	if (*n > 1)
		qsort(v, *n, sizeof(*v), check_cmp);
	return v;
}

void fleet_summary_free(struct fleet_summary *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		struct fleet_row *r = &s->rows[i];

		for (j = 0; j < r->nf; j++) {
			free(r->f[j].check);
			free(r->f[j].target);
			free(r->f[j].status);
		}
		free(r->f);
		free(r->name);
		free(r->host);
		free(r->error);
	}
	free(s->rows);
	for (i = 0; i < s->ncerts; i++) {
		free(s->certs[i].server);
		free(s->certs[i].subject);
		free(s->certs[i].thumbprint);
	}
	for (i = 0; i < s->nbase; i++) {
		free(s->base[i].server);
		free(s->base[i].check);
		free(s->base[i].target);
	}
	free(s->base);
	memset(s, 0, sizeof(*s));
}
