/* Results and the emitter checks write into. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/check.h"
#include "ndes-audit/result.h"

static const char *const sev_names[] = {"info", "low", "medium", "high", "critical"};
static const char *const st_names[] = {"pass", "fail", "warn", "na", "ne", "error", "waived"};

const char *severity_name(enum severity s)
{
	return (unsigned)s < 5 ? sev_names[s] : "?";
}

int severity_parse(const char *s, enum severity *out)
{
	unsigned i;

	for (i = 0; i < 5; i++) {
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -1;
}

const char *status_name(enum status s)
{
	return (unsigned)s < ST__COUNT ? st_names[s] : "?";
}

static void result_free(struct result *r)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		free(r->ev[i].artifact);
		free(r->ev[i].location);
		free(r->ev[i].value);
	}
	free(r->ev);
	for (i = 0; i < r->nrel; i++) {
		free(r->rel[i].check_id);
		free(r->rel[i].artifact);
		free(r->rel[i].summary);
	}
	free(r->rel);
	free(r->target);
	free(r->message);
	free(r->remediation);
	free(r);
}

void result_list_free(struct result_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		result_free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int cmp_result(const void *pa, const void *pb)
{
	const struct result *a = *(const struct result *const *)pa;
	const struct result *b = *(const struct result *const *)pb;
	int c = strcmp(a->check->id, b->check->id);

	if (c == 0)
		c = strcmp(a->target, b->target);
	if (c == 0)
		c = (int)a->status - (int)b->status;
	if (c == 0)
		c = strcmp(a->message, b->message);
	return c;
}

void result_list_sort(struct result_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_result);
}

void result_counts(const struct result_list *l, size_t counts[ST__COUNT])
{
	size_t i;

	memset(counts, 0, sizeof(size_t) * ST__COUNT);
	for (i = 0; i < l->n; i++)
		counts[l->v[i]->status]++;
}

struct result *emit(struct emitter *em, enum status st, const char *target, const char *fmt, ...)
{
	struct result_list *l = em->out;
	struct result *r = xcalloc(1, sizeof(*r));
	va_list ap;
	int n;

	r->check = em->check;
	r->status = st;
	r->target = xstrdup(target != NULL ? target : "");
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	r->message = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	r->message[0] = '\0';
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(r->message, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (em->check != NULL && em->check->remediation != NULL &&
	    (st == ST_FAIL || st == ST_WARN))
		r->remediation = xstrdup(em->check->remediation);
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = r;
	em->emitted++;
	return r;
}

void result_add_evidence(struct result *r, const char *artifact, const char *location,
			 const char *value)
{
	struct evidence *ev;

	r->ev = xreallocarray(r->ev, r->nev + 1, sizeof(*r->ev));
	ev = &r->ev[r->nev++];
	ev->artifact = artifact != NULL ? xstrdup(artifact) : NULL;
	ev->location = location != NULL ? xstrdup(location) : NULL;
	ev->value = value != NULL ? xstrdup(value) : NULL;
	ev->line = 0;
}

void result_add_evidence_line(struct result *r, const char *artifact, const char *location,
			      const char *value, long line)
{
	result_add_evidence(r, artifact, location, value);
	r->ev[r->nev - 1].line = line > 0 ? line : 0;
}

void result_set_remediation(struct result *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	free(r->remediation);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	r->remediation = xmalloc((size_t)(n > 0 ? n : 0) + 1);
	r->remediation[0] = '\0';
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(r->remediation, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
}

void result_relate(struct result *r, const char *check_id, const char *artifact,
		   const char *summary)
{
	struct related *rel;
	size_t i;

	for (i = 0; i < r->nrel; i++)
		if (strcmp(r->rel[i].check_id, check_id) == 0)
			return;
	r->rel = xreallocarray(r->rel, r->nrel + 1, sizeof(*r->rel));
	rel = &r->rel[r->nrel++];
	rel->check_id = xstrdup(check_id);
	rel->artifact = artifact != NULL ? xstrdup(artifact) : NULL;
	rel->summary = xstrdup(summary != NULL ? summary : "");
}

void results_link_related(struct result_list *l)
{
	size_t i, j, k, n = l->n;

	/* Only the results the checks made: the entries added here never
	 * relate further. */
	for (i = 0; i < n; i++) {
		struct result *r = l->v[i];

		for (k = 0; k < r->nrel; k++) {
			const struct related *rel = &r->rel[k];

			for (j = 0; j < n; j++) {
				struct result *t = l->v[j];
				char *loc, *val;

				if (t == r || strcmp(t->check->id, rel->check_id) != 0)
					continue;
				loc = xasprintf("%s: %s", r->check->id, rel->summary);
				result_add_evidence(t, rel->artifact, loc, NULL);
				free(loc);
				loc = xasprintf("related check %s%s%s", t->check->id,
						t->target[0] ? " " : "", t->target);
				val = xasprintf("%s: %s", status_name(t->status), t->message);
				result_add_evidence(r, NULL, loc, val);
				free(loc);
				free(val);
			}
		}
	}
}
