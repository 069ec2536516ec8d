/* The check table and the runner. One row per check in src/checks/checks.def;
 * the enum, --list-checks, --explain, and the man page test all read it. */
#ifndef NDES_AUDIT_CHECK_H
#define NDES_AUDIT_CHECK_H

#include <stddef.h>

#include "result.h"

/* Checks take the facts; the table's other readers (policy, reporters) never
 * look inside them. */
struct facts;

struct check_def {
	const char *id;
	enum severity severity;
	const char *title;
	unsigned needs;        /* NEED(SRC_...) bits, all required */
	void (*fn)(const struct facts *f, struct emitter *em);
	const char *description;
	const char *remediation;
	unsigned needs_any;    /* NEED(SRC_...) bits, at least one required (CHECK_ANY rows) */
};

extern const struct check_def check_table[];
extern const size_t check_count;

const struct check_def *check_find(const char *id);

/* Run every check in table order; a needed source that is absent gives
 * `ne`, one that failed to read gives `error`. For needs_any, the check
 * runs when at least one of the sources is readable; when none is, it
 * gives `error` if one of them failed to read and `ne` otherwise. A check
 * that reports nothing gives an internal `error`. Results are then sorted
 * by check ID and target. */
void checks_run(const struct facts *f, struct result_list *out);

/* The check's reference page (a Microsoft Learn URL), from the table in
 * src/checks/doclinks.c keyed by ID prefix; never NULL. */
const char *check_help_uri(const struct check_def *c);
/* The table's i-th key, NULL past the end (for the tests). */
const char *check_help_prefix(size_t i);

/* Which checks run (--check and --skip, repeatable): shell globs matched
 * against the whole check ID (fnmatch, so "httpsys.*"). A check runs when
 * it matches an include pattern (or there is none) and no exclude pattern.
 * The selection is made here, before any check runs: a check left out
 * produces no result at all. */
struct check_selection {
	char *const *include;
	size_t ninclude;
	char *const *exclude;
	size_t nexclude;
};

/* 1 when the selection (NULL = everything) lets check c run. */
int check_selected(const struct check_selection *sel, const struct check_def *c);
/* How many checks of the table the pattern matches. */
size_t check_pattern_matches(const char *pattern);
/* Up to max check IDs near an unknown one, best first: an ID that equals
 * it or starts with it ignoring case, then the smallest edit distance
 * (case-insensitive, at most a third of its length). Returns the count. */
size_t check_suggest(const char *id, const struct check_def **out, size_t max);
/* checks_run for the selected checks only; *skipped receives how many
 * checks the selection left out. */
void checks_run_selected(const struct facts *f, const struct check_selection *sel,
			 struct result_list *out, size_t *skipped);

/* What the HTML report draws (report.h's struct report_view), from the
 * facts: the certificates NDES uses, their dates judged as the
 * certificate checks judge them, and the mscep.dll requests per day.
 * report_view_free releases what it allocated. */
struct report_view;
void report_view_build(struct report_view *v, const struct facts *f);
void report_view_free(struct report_view *v);

#endif
