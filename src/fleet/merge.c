/* --merge: the fleet summary of per-bundle JSON reports written elsewhere
 * (single runs, other machines, CI jobs), built by the same code as the
 * summary of an --each run, so both say the same. The reports must share
 * one schema_version; the ones that differ are named. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "fleet-priv.h"
#include "fleet-run.h"

/* The path without a final ".json", naming the server. */
static char *stem_of(const char *path)
{
	size_t n = strlen(path);

	if (n > 5 && strcmp(path + n - 5, ".json") == 0)
		n -= 5;
	return xstrndup(path, n);
}

/* Read every report into sum; schemas[i] receives report i's
 * schema_version (-1: not a report, with a message on stderr). */
static void read_all(const struct fleet_plan *plan, struct fleet_summary *sum, int *schemas)
{
	size_t i;

	for (i = 0; i < plan->n; i++) {
		struct nerr e;
		json_t *rep;

		nerr_clear(&e);
		rep = fleet_load_report(plan->v[i].path, &e);
		schemas[i] = rep != NULL ? fleet_report_schema(rep) : -1;
		if (rep == NULL) {
			char *m = printable(e.msg);

			fprintf(stderr, "ndes-audit: --merge: %s\n", m);
			free(m);
		} else if (schemas[i] < 0) {
			char *m = printable(plan->v[i].path);

			fprintf(stderr, "ndes-audit: --merge: %s: not an ndes-audit JSON report (no "
				"schema_version or results)\n", m);
			free(m);
		} else {
			fleet_add_report(sum, plan->v[i].name, rep);
		}
		json_decref(rep);
	}
}

/* JSON Lines, once the reports are known to agree: each report read again
 * (the summary keeps rows, not reports). */
static void jsonl_all(const struct fleet_plan *plan, struct fleet_summary *sum)
{
	size_t i;

	for (i = 0; i < plan->n && !sum->write_failed; i++) {
		struct nerr e;
		json_t *rep;

		nerr_clear(&e);
		rep = fleet_load_report(plan->v[i].path, &e);
		if (rep == NULL || fleet_jsonl_line(stdout, plan->v[i].name, sum->rows[i].exit_code,
						    NULL, rep) != 0)
			sum->write_failed = 1;
		json_decref(rep);
	}
}

/* 0 when every report has the first report's schema_version; else -1
 * after naming the ones that differ. */
static int same_schema(const struct fleet_plan *plan, const int *schemas)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < plan->n; i++)
		bad |= schemas[i] < 0;
	if (bad)
		return -1;
	for (i = 1; i < plan->n; i++) {
		char *m;

		if (schemas[i] == schemas[0])
			continue;
		if (!bad) {
			m = printable(plan->v[0].path);
			fprintf(stderr, "ndes-audit: --merge: the reports do not share a schema "
				"version: %s has schema_version %d, and\n", m, schemas[0]);
			free(m);
		}
		bad = 1;
		m = printable(plan->v[i].path);
		fprintf(stderr, "  %s has schema_version %d\n", m, schemas[i]);
		free(m);
	}
	return bad ? -1 : 0;
}

int fleet_merge(const struct fleet_options *fo)
{
	struct fleet_plan plan;
	struct fleet_summary sum;
	struct nerr e;
	int *schemas = NULL, rc = 2;
	size_t i;

	nerr_clear(&e);
	memset(&plan, 0, sizeof(plan));
	for (i = 0; i < fo->npaths; i++) {
		char *stem = stem_of(fo->paths[i]);
		int r = fleet_plan_add(&plan, fo->paths[i], stem, &e);

		free(stem);
		if (r != 0) {
			fprintf(stderr, "ndes-audit: --merge: %s\n", e.msg);
			fleet_plan_free(&plan);
			return 2;
		}
	}
	if (fleet_summary_init(&sum, fo, &e) != 0) {
		char *m = printable(e.msg);

		fprintf(stderr, "ndes-audit: %s\nTry 'ndes-audit --help'.\n", m);
		free(m);
		fleet_plan_free(&plan);
		return 2;
	}
	schemas = xcalloc(plan.n, sizeof(*schemas));
	read_all(&plan, &sum, schemas);
	if (same_schema(&plan, schemas) == 0) {
		if (fo->format == FLEET_JSONL && !fo->quiet)
			jsonl_all(&plan, &sum); /* rows are in plan order until finish */
		fleet_summary_finish(&sum);
		rc = fleet_exit_code(&sum);
		if (!fo->quiet && (fleet_write(stdout, &sum) != 0 || sum.write_failed)) {
			fprintf(stderr, "ndes-audit: writing the fleet summary failed\n");
			rc = 4;
		}
	}
	free(schemas);
	fleet_summary_free(&sum);
	fleet_plan_free(&plan);
	return rc;
}
