/* Policy: what happens between the checks and the reporters. Waivers turn
 * an accepted fail/warn into `waived`, a baseline marks each finding new or
 * known, and the gate turns the final results into the exit status. This is
 * the only stage that changes a result after its check made it. */
#ifndef NDES_AUDIT_POLICY_H
#define NDES_AUDIT_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "err.h"
#include "result.h"

/* A result's fingerprint: its identity across runs, from the check ID and
 * the target only (never a line number, a value or a message, so it
 * survives edits elsewhere in the artifact): the first 16 bytes of
 * SHA-256("ID" NUL "target"), as 32 lowercase hex digits. */
#define FINGERPRINT_HEXLEN 32
void result_fingerprint(const char *check_id, const char *target,
			char out[FINGERPRINT_HEXLEN + 1]);

/* Waivers (--waivers FILE; the format is in ndes-audit-waivers(5)). */
#define WAIVERS_MAX_FILE (1024L * 1024L) /* bytes */
#define WAIVERS_MAX_LINE 4096            /* bytes, without the line end */
#define WAIVERS_MAX 10000

enum waiver_state { WAIVER_APPLIED, WAIVER_EXPIRED, WAIVER_UNUSED };

struct waiver {
	unsigned line;           /* line of its [waiver] header */
	char *check;             /* a check ID from the table */
	char *target;            /* fnmatch pattern; NULL = every target of the check */
	char *justification;
	char expires[11];        /* YYYY-MM-DD, UTC, inclusive */
	int64_t until;           /* the last second it applies: expires T23:59:59Z */
	char *approved_by;       /* NULL when not given */
	char *ticket;            /* NULL when not given */
	/* Set by waivers_apply. */
	int expired;             /* until < the run's as-of time */
	int expires_soon;        /* in force, but ends within the --warn-days window */
	size_t matched;          /* fail, warn (or waived) results it matched */
};

struct waiver_set {
	char *path;              /* as given on the command line */
	struct waiver *v;
	size_t n;
};

/* Read and check a waivers file. -1 with e = "FILE:LINE: what is wrong"
 * (a usage error for the caller). */
int waivers_load(struct waiver_set *ws, const char *path, struct nerr *e);
/* The same on text in memory; path names it in errors. */
int waivers_parse(struct waiver_set *ws, const char *path, const char *text, size_t len,
		  struct nerr *e);
/* Judge each waiver at as_of, then turn every fail/warn result that a
 * waiver in force matches into `waived` (the first such waiver in file
 * order wins). A fail/warn matched only by expired waivers keeps its status
 * and points at the expired waiver. Re-sorts the list. */
void waivers_apply(struct waiver_set *ws, struct result_list *l, int64_t as_of, int warn_days);
enum waiver_state waiver_state(const struct waiver *w);
const char *waiver_state_name(enum waiver_state s);
void waivers_free(struct waiver_set *ws);

/* Baselines (--baseline OLD.json: an earlier JSON report of ndes-audit). */
#define BASELINE_MAX_FILE (64L * 1024L * 1024L)

struct baseline_entry {
	char *check;
	char *target;
	char fingerprint[FINGERPRINT_HEXLEN + 1];
	int seen;                /* baseline_mark found it among the current findings */
};

struct baseline {
	char *path;
	struct baseline_entry *v; /* the old report's findings (fail, warn, waived), */
	size_t n;                 /* sorted by fingerprint, one per fingerprint */
	/* Set by baseline_mark. */
	size_t known, fresh, fixed;
};

int baseline_load(struct baseline *bl, const char *path, struct nerr *e);
/* The same on a JSON text in memory; path names it in errors. */
int baseline_parse(struct baseline *bl, const char *path, const char *text, size_t len,
		   struct nerr *e);
/* Mark every finding of l new or known, and count what was fixed. */
void baseline_mark(struct baseline *bl, struct result_list *l);
void baseline_free(struct baseline *bl);
const char *baseline_mark_name(enum baseline_mark m); /* "new", "known", NULL */

/* The gate. A result gates when it is `fail` (or `warn` with fail_on_warn),
 * its check's severity is at least fail_on, and, with fail_on_new, the
 * baseline did not know it. The decision is made here once, as each
 * result's gates flag; the reporters render that flag and the exit status
 * is computed from it, so no report can disagree with the exit status. */
struct gate_options {
	enum severity fail_on;
	int fail_on_warn;
	int fail_on_new;
};

/* 1 when this one result makes the gate fail. */
int gate_result_gates(const struct result *r, const struct gate_options *o);
/* Set the gates flag of every result (after waivers_apply and
 * baseline_mark, which change what gates). */
void gate_mark(struct result_list *l, const struct gate_options *o);
/* The exit status from the flags: 1 when a result gates; else 3 when an
 * artifact or a check reported an error or nothing was auditable; else 0. */
int gate_exit_code(const struct result_list *l, const struct bundle *b);
/* gate_mark, then gate_exit_code. */
int gate_decide(struct result_list *l, const struct bundle *b, const struct gate_options *o);

/* --fail-on none (report only): no result gates; the exit status is 3 when
 * gate_exit_code would say so (an input could not be read), else 0. */
int gate_decide_none(struct result_list *l, const struct bundle *b);

/* --severity LEVEL: what the reports show, not what gates (the gate has
 * decided before this runs). view receives the results of l whose check
 * is at least min, in l's order, borrowed (free only view->v); *hidden the
 * number left out. */
void results_at_least(const struct result_list *l, enum severity min, struct result_list *view,
		      size_t *hidden);

#endif
