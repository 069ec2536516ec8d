/* Fleet mode (--each, --merge): many servers' bundles in one run, each
 * audited on its own by a worker process running the single-run pipeline,
 * and a summary built from the per-bundle JSON reports they write (which
 * is also what --merge reads, so both give the same summary). */
#ifndef NDES_AUDIT_FLEET_H
#define NDES_AUDIT_FLEET_H

#include <stddef.h>
#include <stdint.h>

/* Limits (man/ndes-audit.1, LIMITS). */
#define FLEET_MAX_JOBS 256        /* -j */
#define FLEET_MAX_BUNDLES 100000  /* bundles in one run, reports in one merge */
#define FLEET_MAX_NAME 100        /* bytes of a report's file name stem */
#define FLEET_MAX_CERTS 20        /* certificates in the "expire first" list */
#define FLEET_MAX_REPORT (64L * 1024L * 1024L) /* bytes of one JSON report read */

enum fleet_format { FLEET_TEXT, FLEET_JSON, FLEET_JSONL, FLEET_HTML };

/* "text", "json", "jsonl", "html" -> 0, else -1. */
int fleet_format_parse(const char *name, enum fleet_format *out);

/* One worker's job, run in a child process: audit the bundle at path, its
 * JSON report to json_out and its text report to text_out (each given as
 * "FORMAT:FILE", an -o argument), and return the single-run exit status. */
typedef int (*fleet_audit_fn)(void *ctx, char *path, char *json_out, char *text_out);

struct fleet_options {
	char **paths;             /* --each: bundles; --merge: JSON reports */
	size_t npaths;
	char **dirs;              /* --each=FOLDER: each sub-folder or archive is a bundle */
	size_t ndirs;
	unsigned jobs;            /* 0: the number of CPUs */
	const char *outdir;       /* -o FOLDER; NULL: a private temporary folder */
	enum fleet_format format; /* the summary on standard output */
	int quiet;                /* -q: no summary, no progress */
	int force;                /* --force: replace reports in outdir */
	const char *baseline;     /* --baseline: an earlier fleet JSON, or NULL */
	int64_t as_of;
	const char *tool_version;
};

/* --each: audit every bundle, at most jobs at once, and print the summary.
 * The folded exit status (ndes-audit(1), EXIT STATUS). */
int fleet_run(const struct fleet_options *fo, fleet_audit_fn fn, void *ctx);
/* --merge: the summary of the JSON reports fo->paths. */
int fleet_merge(const struct fleet_options *fo);

#endif
