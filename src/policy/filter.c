/* The report filter (--severity): after the gate, so that hiding a result
 * never changes the exit status; the reporters then render the view. */
#include "config.h"

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"

void results_at_least(const struct result_list *l, enum severity min, struct result_list *view,
		      size_t *hidden)
{
	size_t i;

	view->v = xcalloc(l->n + 1, sizeof(*view->v));
	view->n = 0;
	view->cap = l->n + 1;
	*hidden = 0;
	for (i = 0; i < l->n; i++) {
		if (l->v[i]->check->severity >= min)
			view->v[view->n++] = l->v[i];
		else
			(*hidden)++;
	}
}
