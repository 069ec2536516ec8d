/* What the fleet files share: the summary rows built from per-bundle JSON
 * reports (only the rows stay in memory, never whole reports), and the
 * writers of the summary. Private to src/fleet. */
#ifndef NDES_AUDIT_FLEET_PRIV_H
#define NDES_AUDIT_FLEET_PRIV_H

#include <stdio.h>

#include <jansson.h>

#include "ndes-audit/err.h"
#include "ndes-audit/fleet.h"
#include "ndes-audit/result.h"

/* A finding (fail, warn or waived result) of one server. */
struct fleet_finding {
	char *check, *target, *status;
	enum severity sev;
	char fp[33];
	int fresh;                /* against the fleet baseline: 1 new, 0 known, -1 none */
};

/* One server: its report's summary, or why it has none. */
struct fleet_row {
	char *name;               /* the report's file name without .json */
	char *host;               /* the report's host.fqdn; NULL when unknown */
	char *error;              /* no report: why; NULL otherwise */
	int exit_code;            /* the bundle's exit status */
	size_t counts[ST__COUNT];
	struct fleet_finding *f;
	size_t nf;
};

struct fleet_cert {
	char not_after[32];
	char *server, *subject, *thumbprint;
};

struct fleet_base_entry {
	char *server, *check, *target;
	char fp[33];
	int seen;                 /* a current finding has it */
	int absent;               /* its server is not in this run: not "fixed" */
};

struct fleet_summary {
	const struct fleet_options *fo;
	char as_of[32];           /* the reports' as_of ("" until the first report) */
	int as_of_differs;        /* reports disagree: the summary says null */
	int schema;               /* the reports' schema_version (0 before the first) */
	struct fleet_row *rows;
	size_t n, cap;
	struct fleet_cert certs[FLEET_MAX_CERTS]; /* soonest first */
	size_t ncerts;
	struct fleet_base_entry *base; /* sorted by server, then fingerprint */
	size_t nbase;
	int has_base;
	size_t fresh, known, fixed;
	int write_failed;         /* a JSON Lines record could not be written */
};

/* Load the --baseline fleet JSON, if any. -1 with e set (a usage error). */
int fleet_summary_init(struct fleet_summary *s, const struct fleet_options *fo, struct nerr *e);
/* A report file, parsed (at most FLEET_MAX_REPORT bytes): NULL with e set. */
json_t *fleet_load_report(const char *path, struct nerr *e);
/* The report's schema_version, or -1 when it is not a report. */
int fleet_report_schema(json_t *report);
/* A row from a finished report (borrowed), or a row for a bundle without
 * one (msg says why). */
void fleet_add_report(struct fleet_summary *s, const char *name, json_t *report);
void fleet_add_error(struct fleet_summary *s, const char *name, int exit_code, const char *msg);
/* Sort the rows worst first and count what the baseline says. */
void fleet_summary_finish(struct fleet_summary *s);
/* The folded exit status: 4 > 2 > 1 > 3 > 0 (ndes-audit(1)). */
int fleet_exit_code(const struct fleet_summary *s);
/* "ok", "fail", "incomplete" or "error" for a row. */
const char *fleet_row_status(const struct fleet_row *r);
void fleet_summary_free(struct fleet_summary *s);

/* The summary in fo->format (JSON Lines: nothing, the lines went out as the
 * bundles finished). 0, or -1 on a write error. */
int fleet_write(FILE *out, const struct fleet_summary *s);
/* One JSON Lines record: the bundle's name, exit status, error and whole
 * report (NULL: none) on one line. 0, or -1 on a write error. */
int fleet_jsonl_line(FILE *out, const char *name, int exit_code, const char *error,
		     json_t *report);
int fleet_write_html(FILE *out, const struct fleet_summary *s);

/* The checks that fail or warn somewhere, for the tables: sorted by
 * severity (highest first), then ID; borrowed strings. */
struct fleet_check {
	const char *id;
	enum severity sev;
	size_t fail, warn;        /* servers */
};
struct fleet_check *fleet_checks(const struct fleet_summary *s, size_t *n);
/* The row's finding of check id with the worst status (fail > warn >
 * waived), or NULL. */
const struct fleet_finding *fleet_row_finding(const struct fleet_row *r, const char *id);

#endif
