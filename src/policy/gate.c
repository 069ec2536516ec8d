/* The gate: turn final results into the exit status. */
#include "config.h"

#include "ndes-audit/check.h"
#include "ndes-audit/report.h"

int gate_exit_code(const struct result_list *l, const struct bundle *b, enum severity fail_on)
{
	size_t i, usable = 0;
	int unreadable = 0;

	for (i = 0; i < l->n; i++) {
		const struct result *r = l->v[i];

		if (r->status == ST_FAIL && r->check->severity >= fail_on)
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
