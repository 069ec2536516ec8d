/* Registry facts in results: evidence with any .reg export disagreement,
 * and `ne` / `error` for a value the evidence does not answer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

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

void ev_fact(struct result *res, const struct regfact *v, const char *shown)
{
	result_add_evidence(res, v->artifact, v->location, shown);
	if (v->x_value == NULL)
		return;
	result_add_evidence(res, v->x_artifact, v->x_location, v->x_value);
	note_disagreement(res);
}

struct result *emit_unanswered(struct emitter *em, const char *target, const struct regfact *v,
			       const char *what)
{
	struct result *res;

	if (v->st == RF_UNCOVERED) {
		/* No file holds it: the evidence is the absence of one. */
		res = emit(em, ST_NE, target, "not evaluated: %s", v->why);
		result_add_evidence(res, NULL, v->location, "(not in the .reg exports)");
	} else {
		res = emit(em, ST_ERROR, target, "%s%scould not be read: %s", what != NULL ? what : "",
			   what != NULL ? " " : "", v->why != NULL ? v->why : "(no reason recorded)");
		result_add_evidence(res, v->artifact, v->location, NULL);
	}
	return res;
}
