/* Reporters: each sees the final ordered results and the manifest, and
 * decides nothing. */
#ifndef NDES_AUDIT_REPORT_H
#define NDES_AUDIT_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "bundle.h"
#include "facts.h"
#include "result.h"

struct report {
	const char *tool_version;
	int64_t as_of;
	const struct facts *facts;      /* collected_at, fqdn */
	const struct bundle *bundle;
	const struct result_list *results;
	enum severity fail_on;
	int exit_code;                  /* what the gate decided */
};

struct report_style {
	int color;
	int verbose;
};

int report_text(FILE *out, const struct report *r, const struct report_style *st);
int report_json(FILE *out, const struct report *r);

/* The gate: 0, 1 (a fail at or above fail_on), 3 (nothing gated but an
 * artifact could not be read or nothing auditable was found). */
int gate_exit_code(const struct result_list *l, const struct bundle *b, enum severity fail_on);

#endif
