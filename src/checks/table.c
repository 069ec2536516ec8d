/* The check table, generated from checks.def, and the runner. */
#include "config.h"

#include <string.h>

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

void checks_run(const struct facts *f, struct result_list *out)
{
	size_t i;

	for (i = 0; i < check_count; i++) {
		const struct check_def *c = &check_table[i];
		struct emitter em = {out, c, 0};

		if (preflight(f, c, &em))
			c->fn(f, &em);
		if (em.emitted == 0)
			emit(&em, ST_ERROR, "", "internal error: the check reported nothing");
	}
	result_list_sort(out);
	/* After sorting, so the evidence it adds comes in a fixed order. */
	results_link_related(out);
}
