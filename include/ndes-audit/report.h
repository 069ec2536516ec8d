/* Reporters: each sees the final ordered results and the manifest, and
 * decides nothing. */
#ifndef NDES_AUDIT_REPORT_H
#define NDES_AUDIT_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "bundle.h"
#include "result.h"

struct waiver_set;
struct baseline;

/* What the pictures of the HTML report draw, made from the facts by the
 * checks layer (report_view_build in check.h) so that a reporter sees
 * neither the facts nor how a certificate's dates are judged. */
enum report_cert_state {
	RCERT_VALID,
	RCERT_EXPIRING,     /* inside the --warn-days window */
	RCERT_EXPIRED,
	RCERT_NOT_YET,      /* not valid yet at the as-of time */
	RCERT_BAD_DATES     /* the validity dates do not decode */
};
/* A certificate NDES uses (the certificate checks' list), once per
 * thumbprint with every role it plays. */
struct report_cert {
	char thumbprint[41];
	char *subject;      /* most specific RDN first */
	char *role;         /* "RA signing, TLS (0.0.0.0:443)" */
	int64_t not_before, not_after;
	enum report_cert_state state;
};
/* Requests to mscep.dll on one UTC day by status class. */
struct report_day {
	int64_t day;        /* days since 1970-01-01 */
	uint64_t by_class[6]; /* [1]..[5]: 1xx..5xx; [0]: no or another status */
};
struct report_view {
	struct report_cert *certs;  /* by notAfter, soonest first */
	size_t ncerts;
	int warn_days;
	int has_iis_logs;           /* an IIS log of the NDES site was read */
	uint64_t mscep_requests;    /* all of them, with a time or not */
	struct report_day *days;    /* in day order */
	size_t ndays;
	uint64_t days_overflow;     /* requests of days past the bounded table */
};

/* What the reports say about the run and the host: all a reporter reads
 * of the facts, which it never sees (main.c fills this in). */
struct report_header {
	const char *tool_version;
	int64_t as_of;
	const char *host;               /* the host's FQDN, NULL when unknown */
	int64_t collected_at;           /* when the bundle was collected, */
	int has_collected_at;           /* if known */
	const char *deployment;         /* deployment_name(), NULL when not decided */
	const char *deployment_evidence;
	const struct report_view *view; /* the HTML pictures; NULL: none */
};

struct report {
	struct report_header head;
	const struct bundle *bundle;
	const struct result_list *results;
	enum severity fail_on;
	int exit_code;                  /* what the gate decided (gate_exit_code) */
	/* Added for the CI outputs; zero / NULL when unused. */
	int fail_on_warn;               /* --fail-on-warn */
	int fail_on_new;                /* --fail-on-new */
	const struct waiver_set *waivers;  /* --waivers, or NULL */
	const struct baseline *baseline;   /* --baseline, or NULL */
	const char *bundle_root;        /* folder the SARIF URIs are relative to; NULL = "." */
	const char *bundle_root_uri;    /* its absolute file: URI ending in '/', or NULL */
	/* The selection and the filter (issue 16.4); zero when unused. */
	size_t skipped_checks;          /* checks --check/--skip left out */
	int report_only;                /* --fail-on none */
	int has_min_severity;           /* --severity given: */
	enum severity min_severity;     /* results below it are not in results, */
	size_t hidden;                  /* this many of them */
};

struct report_style {
	int color;
	int verbose;
};

enum report_format { FMT_TEXT, FMT_JSON, FMT_SARIF, FMT_JUNIT, FMT_HTML, FMT__COUNT };

/* "text", "json", "sarif", "junit", "html" -> 0, else -1. */
int report_format_parse(const char *name, enum report_format *out);
const char *report_format_name(enum report_format f);
/* jansson's version at run time. */
const char *report_library_version(void);

int report_text(FILE *out, const struct report *r, const struct report_style *st);
int report_json(FILE *out, const struct report *r);
/* SARIF 2.1.0, one run; see ndes-audit(1) for what maps where. */
int report_sarif(FILE *out, const struct report *r);
/* JUnit XML as GitLab and Jenkins read it: a suite per check area. */
int report_junit(FILE *out, const struct report *r);
/* One self-contained HTML page: the run and the gate's decision, the
 * findings most severe first with evidence, fix and documentation link,
 * the certificates NDES uses on a timeline and the mscep.dll requests per
 * day as inline SVG, the rest folded. No script, nothing fetched. */
int report_html(FILE *out, const struct report *r);
/* The gate's threshold as the reports name it: "none" for report-only
 * (--fail-on none), else the --fail-on severity. */
const char *report_fail_on_name(const struct report *r);
/* The check table as a JSON array (--list-checks --format json), the checks
 * the selection lets run (NULL = all). */
struct check_selection;
int report_catalogue_json(FILE *out, const struct check_selection *sel);
int report_write(FILE *out, enum report_format f, const struct report *r,
		 const struct report_style *st);

/* Several outputs in one run (-o [FORMAT:]PATH, repeatable), opened before
 * the audit runs so that a bad path fails fast, written at the end. */
struct output {
	enum report_format format;
	char *path;                     /* "-" = standard output */
	FILE *f;
	int created;                    /* we created the file (remove it on failure) */
	int dirfd;                      /* a file: its folder, opened once; -1 otherwise */
	char *base;                     /* a file: its name in that folder */
	char *tmp;                      /* a file: the temporary written, renamed to base */
	int replace;                    /* --force: the rename may replace base */
};

struct outputs {
	struct output *v;
	size_t n;
};

/* Turn the -o arguments into outputs. An argument "FORMAT:PATH" names its
 * format (an unknown FORMAT made of letters and digits is an error); any
 * other argument is a PATH for the --format report (fmt), or, when
 * --format was not given (fmt_given 0), for the format its extension
 * names (.json .sarif .xml .txt .html .htm). With
 * no argument of the second kind the --format report goes to standard
 * output, unless quiet or another output already does. Errors (two outputs
 * to standard output, one path twice, -q with an output to standard output)
 * are usage errors. */
int outputs_plan(struct outputs *o, char *const *args, size_t nargs, enum report_format fmt,
		 int fmt_given, int quiet, struct nerr *e);
/* Prepare the files: an existing file is refused unless force; a file of the
 * bundle, or any file in a folder at or below one of the folders named on
 * the command line (roots), is refused always. A file is written to a
 * temporary in its folder, renamed over its name at the end. -1 with e
 * naming the file (a usage error); the temporaries are removed again. */
int outputs_open(struct outputs *o, int force, const struct bundle *b, char *const *roots,
		 size_t nroots, struct nerr *e);
/* Write every report and put each file in place (rename); 0, or -1 after
 * printing what failed on stderr (a file that failed is left as it was, its
 * temporary removed). Closes the files. */
int outputs_write(struct outputs *o, const struct report *r, const struct report_style *st);
/* Remove the temporaries of outputs_open (a run that stops early). */
void outputs_abandon(struct outputs *o);
void outputs_free(struct outputs *o);

/* The folder the command-line paths have in common (a folder itself, or the
 * folder holding a file), for relative SARIF URIs: a heap string, "." when
 * they share nothing. *abs_uri receives its absolute file: URI (ending in
 * '/') or NULL when it cannot be resolved. */
char *bundle_root_of(char *const *paths, size_t n, char **abs_uri);

#endif
