/* Results: what a check found, with evidence and the fix. */
#ifndef NDES_AUDIT_RESULT_H
#define NDES_AUDIT_RESULT_H

#include <stddef.h>

#include "err.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
enum status { ST_PASS, ST_FAIL, ST_WARN, ST_NA, ST_NE, ST_ERROR, ST_WAIVED, ST__COUNT };

const char *severity_name(enum severity s);
int severity_parse(const char *s, enum severity *out);
const char *status_name(enum status s);

struct evidence {
	char *artifact;  /* file path, or NULL when the evidence is the absence of one */
	char *location;  /* key path and value name, XML line, store and thumbprint... */
	char *value;     /* what was found there, or NULL */
	long line;       /* 1-based line in a text artifact (XML, INF, log); 0 = none */
};

struct check_def;
struct waiver;

/* Whether a finding (fail, warn or waived) was already in the --baseline
 * report. BASELINE_NONE: no baseline, or the result is not a finding. */
enum baseline_mark { BASELINE_NONE, BASELINE_NEW, BASELINE_KNOWN };

/* A check this result is evidence for (a log finding names the
 * configuration check that explains it). After every check has run, the
 * runner adds to each result of that check an evidence entry naming this
 * finding, and to this result one naming that check's outcome. A check ID
 * that is not in the table, or that reported nothing, is skipped. */
struct related {
	char *check_id;
	char *artifact;  /* the log file of the finding */
	char *summary;   /* "500 0 1346 seen 412 times, 2024-03-10..2024-03-14" */
};

struct result {
	const struct check_def *check;
	enum status status;
	char *target;
	char *message;
	char *remediation;
	struct evidence *ev;
	size_t nev;
	struct related *rel;
	size_t nrel;
	/* Set by the policy stage (src/policy/), never by checks. */
	enum status original_status;  /* ST_WAIVED: what it was (ST_FAIL or ST_WARN) */
	const struct waiver *waiver;  /* the waiver that applies, or an expired one that matched */
	enum baseline_mark baseline;
	int gates;                    /* 1: this result fails the gate (gate_mark) */
};

struct result_list {
	struct result **v;
	size_t n, cap;
};

void result_list_free(struct result_list *l);
void result_list_sort(struct result_list *l);
void result_counts(const struct result_list *l, size_t counts[ST__COUNT]);

/* What a check writes into. The runner sets check; results get the check's
 * default remediation unless the check sets its own. */
struct emitter {
	struct result_list *out;
	const struct check_def *check;
	size_t emitted;
};

struct result *emit(struct emitter *em, enum status st, const char *target,
		    const char *fmt, ...) NA_PRINTF(4, 5);
void result_add_evidence(struct result *r, const char *artifact, const char *location,
			 const char *value);
/* The same, for a location in a text artifact that has a line number (an XML
 * element, an INF line, a log line): SARIF and JSON reports carry the line. */
void result_add_evidence_line(struct result *r, const char *artifact, const char *location,
			      const char *value, long line);
void result_set_remediation(struct result *r, const char *fmt, ...) NA_PRINTF(2, 3);
void result_relate(struct result *r, const char *check_id, const char *artifact,
		   const char *summary);
/* The cross-reference pass described at struct related. */
void results_link_related(struct result_list *l);

#endif
