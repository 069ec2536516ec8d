/* The gate: turn final results into the exit status. */
#include "config.h"

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"

int gate_result_gates(const struct result *r, const struct gate_options *o)
{
	if (r->status != ST_FAIL && !(o->fail_on_warn && r->status == ST_WARN))
		return 0;
	if (r->check->severity < o->fail_on)
		return 0;
	/* With --fail-on-new only a finding the baseline did not know gates. */
	return !o->fail_on_new || r->baseline != BASELINE_KNOWN;
}

int gate_decide(const struct result_list *l, const struct bundle *b, const struct gate_options *o)
{
	size_t i, usable = 0;
	int unreadable = 0;

	for (i = 0; i < l->n; i++) {
		const struct result *r = l->v[i];

		if (gate_result_gates(r, o))
			return 1;
		if (r->status == ST_ERROR)
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

int gate_exit_code(const struct result_list *l, const struct bundle *b, enum severity fail_on)
{
	struct gate_options o = {fail_on, 0, 0};

	return gate_decide(l, b, &o);
}
