/* The gate: mark the results that fail it, and turn the marks into the exit
 * status. The only place that decides what gates. */
#include "config.h"

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"

int gate_result_gates(const struct result *r, const struct gate_options *o)
{
	if (r->status != ST_FAIL && !(o->fail_on_warn && r->status == ST_WARN))
		return 0;
	if (r->check->severity < o->fail_on)
		return 0;
	/* With --fail-on-new only a finding the baseline did not know gates. */
	return !o->fail_on_new || r->baseline != BASELINE_KNOWN;
}

void gate_mark(struct result_list *l, const struct gate_options *o)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->v[i]->gates = gate_result_gates(l->v[i], o);
}

int gate_exit_code(const struct result_list *l, const struct bundle *b)
{
	size_t i, usable = 0;
	int unreadable = 0;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->gates)
			return 1;
		if (l->v[i]->status == ST_ERROR)
			unreadable = 1;
	}
	for (i = 0; i < b->n; i++) {
		if (b->arts[i].status == ART_ERROR)
			unreadable = 1;
		else if (b->arts[i].status == ART_OK)
			usable++;
	}
	return unreadable || usable == 0 ? 3 : 0;
}

int gate_decide(struct result_list *l, const struct bundle *b, const struct gate_options *o)
{
	gate_mark(l, o);
	return gate_exit_code(l, b);
}

int gate_decide_none(struct result_list *l, const struct bundle *b)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->v[i]->gates = 0;
	return gate_exit_code(l, b);
}
