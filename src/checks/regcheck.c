/* Registry reads for checks: found / absent / not in the evidence / error. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

static void classify_error(const struct regsrc *src, const char *key, struct rv *out,
			   const struct nerr *e)
{
	out->st = reg_covered(src, key) ? RV_ERROR : RV_UNCOVERED;
	out->why = xstrdup(e->msg);
}

void rv_read(const struct regsrc *src, const char *key, const char *name, struct rv *out)
{
	struct nerr e;
	int rc;

	memset(out, 0, sizeof(*out));
	nerr_clear(&e);
	rc = reg_value(src, key, name, &out->v, &e);
	if (rc == 1)
		out->st = RV_FOUND;
	else if (rc == 0)
		out->st = RV_ABSENT;
	else
		classify_error(src, key, out, &e);
}

void rv_key(const struct regsrc *src, const char *key, struct rv *out)
{
	struct nerr e;
	int rc;

	memset(out, 0, sizeof(*out));
	nerr_clear(&e);
	rc = reg_key_exists(src, key, &e);
	if (rc == 1)
		out->st = RV_FOUND;
	else if (rc == 0)
		out->st = RV_ABSENT;
	else
		classify_error(src, key, out, &e);
}

void rv_free(struct rv *r)
{
	regval_free(&r->v);
	free(r->why);
	memset(r, 0, sizeof(*r));
}

int rv_dword(const struct rv *r, uint32_t *out)
{
	if (r->st != RV_FOUND)
		return -1;
	return regval_dword(&r->v, out, NULL) == 0 ? 0 : -1;
}

char *rv_text(const struct rv *r)
{
	char *s = NULL;

	if (r->st != RV_FOUND || (r->v.type != REGT_SZ && r->v.type != REGT_EXPAND_SZ))
		return NULL;
	if (regval_string(&r->v, &s, NULL) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

char *rv_show(const struct rv *r)
{
	switch (r->st) {
	case RV_FOUND: return regval_display(&r->v);
	case RV_ABSENT: return xstrdup("(absent)");
	case RV_UNCOVERED: return xstrdup("(not in the evidence)");
	case RV_ERROR: break;
	}
	return xstrdup("(unreadable)");
}

#define DISAGREE_NOTE " (a .reg export in the bundle disagrees with the hive; both are in the evidence)"

/* Say once in the message that the evidence holds two versions. */
static void note_disagreement(struct result *res)
{
	char *m;

	if (strstr(res->message, DISAGREE_NOTE) != NULL)
		return;
	m = xasprintf("%s%s", res->message, DISAGREE_NOTE);
	free(res->message);
	res->message = m;
}

void ev_reg(struct result *res, const struct regsrc *src, const char *key, const char *name,
	    const char *shown)
{
	char *loc = reg_location(src, key, name);
	struct regval hv, xv;
	const char *xart = NULL;
	unsigned xline = 0;
	struct nerr e;
	int hrc, xrc;

	result_add_evidence(res, reg_artifact(src, key, name, NULL), loc, shown);
	free(loc);
	if (src->hive == NULL || src->view == NULL || name == NULL)
		return;
	nerr_clear(&e);
	xrc = reg_export_value(src, key, name, &xv, &xart, &xline, &e);
	if (xrc == -2 || xrc == -1) {
		regval_free(&xv);
		return;
	}
	hrc = reg_value(src, key, name, &hv, &e);
	if (hrc == -1) {
		regval_free(&xv);
		return;
	}
	if (xrc == 1 && (hrc == 0 || !regval_equal(&hv, &xv))) {
		char *x = regval_display(&xv);
		char *l = xasprintf("%s%s%s (line %u)", key, *key ? "\\" : "",
				    *name ? name : "(default)", xline);
		char *v = xasprintf("%s (the hive %s)", x, hrc == 0 ? "has no such value" : "disagrees");

		result_add_evidence(res, xart, l, v);
		note_disagreement(res);
		free(x);
		free(l);
		free(v);
	} else if (xrc == 0 && hrc == 1) {
		/* An export holds the key with its values and lacks this one. */
		struct regsrc xs = {src->artifact, NULL, src->view};
		char *l = xasprintf("%s%s%s", key, *key ? "\\" : "", *name ? name : "(default)");

		result_add_evidence(res, reg_artifact(&xs, key, NULL, NULL), l,
				    "(absent from this .reg export; the hive has it)");
		note_disagreement(res);
		free(l);
	}
	if (hrc == 1)
		regval_free(&hv);
	regval_free(&xv);
}

struct result *emit_unanswered(struct emitter *em, const struct regsrc *src, const char *target,
			       const char *key, const char *name, const struct rv *r)
{
	struct result *res;
	char *loc = reg_location(src, key, name);

	if (r->st == RV_UNCOVERED) {
		/* No file holds it: the evidence is the absence of one. */
		res = emit(em, ST_NE, target, "not evaluated: %s", r->why);
		result_add_evidence(res, NULL, loc, "(not in the .reg exports)");
	} else {
		res = emit(em, ST_ERROR, target, "could not be read: %s", r->why);
		result_add_evidence(res, reg_artifact(src, key, name, NULL), loc, NULL);
	}
	free(loc);
	return res;
}
