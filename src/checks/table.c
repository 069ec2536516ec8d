/* The check table, generated from checks.def, and the runner. */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ndes-audit/check.h"
#include "ndes-audit/util.h"
#include "checks.h"

const struct check_def check_table[] = {
#define CHECK(id, sev, needs, fn, title, desc, fix) {id, sev, title, needs, fn, desc, fix, 0},
#define CHECK_ANY(id, sev, needs_any, fn, title, desc, fix) \
	{id, sev, title, 0, fn, desc, fix, needs_any},
#include "checks.def"
#undef CHECK
#undef CHECK_ANY
};

const size_t check_count = sizeof(check_table) / sizeof(check_table[0]);

const struct check_def *check_find(const char *id)
{
	size_t i;

	for (i = 0; i < check_count; i++)
		if (strcmp(check_table[i].id, id) == 0)
			return &check_table[i];
	return NULL;
}

/* Alternatives (needs_any): one readable source is enough to run. When
 * none is, the unreadable ones are named (error), else the missing ones
 * (ne). */
static int preflight_any(const struct facts *f, const struct check_def *c, struct emitter *em)
{
	struct strbuf missing, broken;
	unsigned s;
	int ok = 0;

	sb_init(&missing);
	sb_init(&broken);
	for (s = 0; s < SRC__COUNT; s++) {
		const struct source *src = &f->src[s];

		if (!(c->needs_any & NEED(s)))
			continue;
		if (src->state == SOURCE_OK)
			ok = 1;
		else if (src->state == SOURCE_ERROR)
			sb_printf(&broken, "%sthe %s could not be read: %s", broken.len ? "; " : "",
				  src->what, src->error);
		else
			sb_printf(&missing, "%s%s", missing.len ? " nor a " : "", src->what);
	}
	if (!ok && broken.len)
		emit(em, ST_ERROR, "", "%s", broken.s);
	else if (!ok)
		emit(em, ST_NE, "", "not evaluated: the bundle has neither a %s", missing.s);
	sb_free(&missing);
	sb_free(&broken);
	return ok;
}

/* Decide ne/error before the check runs, from the state of its sources. */
static int preflight(const struct facts *f, const struct check_def *c, struct emitter *em)
{
	unsigned s;

	for (s = 0; s < SRC__COUNT; s++) {
		const struct source *src = &f->src[s];

		if (!(c->needs & NEED(s)))
			continue;
		if (src->state == SOURCE_ERROR) {
			emit(em, ST_ERROR, "", "the %s could not be read: %s", src->what, src->error);
			return 0;
		}
		if (src->state == SOURCE_ABSENT) {
			emit(em, ST_NE, "", "not evaluated: the bundle has no %s", src->what);
			return 0;
		}
	}
	return c->needs_any == 0 || preflight_any(f, c, em);
}

int check_selected(const struct check_selection *sel, const struct check_def *c)
{
	size_t i;
	int in;

	if (sel == NULL)
		return 1;
	in = sel->ninclude == 0;
	for (i = 0; i < sel->ninclude && !in; i++)
		in = fnmatch(sel->include[i], c->id, 0) == 0;
	for (i = 0; i < sel->nexclude && in; i++)
		in = fnmatch(sel->exclude[i], c->id, 0) != 0;
	return in;
}

size_t check_pattern_matches(const char *pattern)
{
	size_t i, n = 0;

	for (i = 0; i < check_count; i++)
		n += fnmatch(pattern, check_table[i].id, 0) == 0;
	return n;
}

/* Levenshtein distance ignoring ASCII case, two rows; IDs are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *prev, *cur, *t, d;

	prev = xcalloc(lb + 1, sizeof(*prev));
	cur = xcalloc(lb + 1, sizeof(*cur));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
						    tolower((unsigned char)b[j - 1]));
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		t = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(prev);
	free(cur);
	return d;
}

/* A rank for how near check c is to id; SIZE_MAX = not near. A prefix
 * (ignoring case) ranks before any edit. */
static size_t nearness(const char *id, const struct check_def *c)
{
	size_t len = strlen(id), d;

	if (len > 0 && strncasecmp(c->id, id, len) == 0)
		return 0;
	d = edit_distance(id, c->id);
	return d <= (len + 2) / 3 ? d : (size_t)-1;
}

size_t check_suggest(const char *id, const struct check_def **out, size_t max)
{
	size_t i, n = 0, k, *rank = xcalloc(max + 1, sizeof(*rank));

	for (i = 0; i < check_count; i++) {
		size_t r = nearness(id, &check_table[i]);

		if (r == (size_t)-1)
			continue;
		/* Insert in rank order (stable: table order among equals). */
		for (k = n; k > 0 && rank[k - 1] > r; k--) {
			if (k < max) {
				out[k] = out[k - 1];
				rank[k] = rank[k - 1];
			}
		}
		if (k < max) {
			out[k] = &check_table[i];
			rank[k] = r;
			if (n < max)
				n++;
		}
	}
	free(rank);
	return n;
}

void checks_run_selected(const struct facts *f, const struct check_selection *sel,
			 struct result_list *out, size_t *skipped)
{
	size_t i;

	*skipped = 0;
	for (i = 0; i < check_count; i++) {
		const struct check_def *c = &check_table[i];
		struct emitter em = {out, c, 0};

		if (!check_selected(sel, c)) {
			(*skipped)++;
			continue;
		}
		if (preflight(f, c, &em))
			c->fn(f, &em);
		if (em.emitted == 0)
			emit(&em, ST_ERROR, "", "internal error: the check reported nothing");
	}
	result_list_sort(out);
	/* After sorting, so the evidence it adds comes in a fixed order. */
	results_link_related(out);
}

void checks_run(const struct facts *f, struct result_list *out)
{
	size_t skipped;

	checks_run_selected(f, NULL, out, &skipped);
}
