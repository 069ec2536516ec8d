/* ndes-audit: argument parsing and the pipeline, nothing else.
 * discovery -> readers -> facts -> checks -> policy (waivers, baseline) -> gate
 * -> reporters (the outputs plumbing is in src/report/outputs.c) */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "ndes-audit/bundle.h"
#include "read/hive.h"
#include "read/iisconfig.h"
#include "read/certread.h"
#include "ndes-audit/check.h"
#include "ndes-audit/facts.h"
#include "ndes-audit/fleet.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"

enum { EXIT_OK = 0, EXIT_GATE = 1, EXIT_USAGE = 2, EXIT_INCOMPLETE = 3, EXIT_INTERNAL = 4 };
enum { OPT_AS_OF = 256, OPT_WARN_DAYS, OPT_FQDN, OPT_FAIL_ON, OPT_LIST, OPT_EXPLAIN,
       OPT_FAIL_ON_WARN, OPT_FAIL_ON_NEW, OPT_BASELINE, OPT_WAIVERS, OPT_FORCE, OPT_DUMP,
       OPT_STORE, OPT_PFX_PASSWORD_FILE, OPT_CHECK, OPT_SKIP, OPT_SEVERITY, OPT_DEPLOYMENT,
       OPT_EACH, OPT_MERGE };

/* The longest --pfx-password-file line read (bytes, without the line end). */
#define PFX_PASSWORD_MAX 4096

/* At most this many -o options. */
#define MAX_OUTPUTS 16

static const char usage_text[] =
	"Usage: ndes-audit [OPTIONS] PATH...\n"
	"Audit the files copied off a Windows NDES / Intune certificate connector server.\n"
	"All PATHs together are one bundle (one server); folders are walked recursively.\n"
	"\n"
	"  -f, --format FORMAT      report format: text (default), json, sarif, junit, html\n"
	"  -o, --output [FORMAT:]FILE\n"
	"                           write a report to FILE ('-' = standard output);\n"
	"                           repeat for several (-o json:r.json -o sarif:r.sarif);\n"
	"                           FILE alone takes the --format report off stdout,\n"
	"                           in the format its extension names (.json .sarif\n"
	"                           .xml .txt .html) when --format is not given\n"
	"      --force              replace files that -o names (default: refuse)\n"
	"  -q, --quiet              print no report: the exit status is the answer\n"
	"      --as-of TIME         judge validity at TIME: YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ\n"
	"                           or now (default now)\n"
	"      --warn-days N        warn about expiry within N days (default 30)\n"
	"      --fqdn NAME          the server's FQDN, overriding the one in the bundle\n"
	"      --deployment MODE    intune or standalone, overriding the mode the bundle shows\n"
	"      --fail-on SEVERITY   exit 1 when a check at or above SEVERITY fails:\n"
	"                           critical, high, medium (default) or low; none:\n"
	"                           report only (exit 0, or 3 when input was unreadable)\n"
	"      --fail-on-warn       a warn at or above that severity fails the gate too\n"
	"      --waivers FILE       accepted risks: see ndes-audit-waivers(5)\n"
	"      --baseline OLD.json  mark each finding new or known against an earlier\n"
	"                           JSON report\n"
	"      --fail-on-new        gate only on findings the baseline does not hold\n"
	"      --store NAME=PATH    the certificate file(s) at PATH are an export of\n"
	"                           store NAME (Root, AuthRoot, CA, My...); repeatable\n"
	"      --pfx-password-file FILE\n"
	"                           password for PKCS#12 (.pfx) files: the first line\n"
	"                           of FILE; only certificates are read, never keys\n"
	"      --check ID|GLOB      run only the checks matching (repeatable; 'httpsys.*')\n"
	"      --skip ID|GLOB       do not run the checks matching (repeatable)\n"
	"      --severity LEVEL     show only results of checks at or above LEVEL\n"
	"                           (info, low, medium, high, critical); the gate is\n"
	"                           unchanged\n"
	"      --list-checks        list every (selected) check and exit; with\n"
	"                           --format json as a JSON array\n"
	"      --explain ID         describe one check and exit (an unknown ID gets the\n"
	"                           nearest ones)\n"
	"      --dump-facts         print the effective IIS settings at the NDES URL and\n"
	"                           the CertificateRegistrationSvc URL, each with where\n"
	"                           it was set (file:line or schema default), and the\n"
	"                           registry values the checks judge, and exit\n"
	"      --each[=FOLDER]      every PATH (and every sub-folder or archive of\n"
	"                           FOLDER) is one server's bundle, audited on its own;\n"
	"                           -o names a folder for the per-bundle reports and\n"
	"                           --format the fleet summary: text, json, jsonl or\n"
	"                           html; --baseline takes an earlier fleet JSON\n"
	"  -j, --jobs N             with --each: audit N bundles at once (default: the\n"
	"                           number of CPUs)\n"
	"      --merge              the PATHs are JSON reports (of --each or single\n"
	"                           runs): print their fleet summary\n"
	"  -v, --verbose            show every result's evidence, ignored files and\n"
	"                           library traces\n"
	"  -V, --version            print the version and exit\n"
	"  -h, --help               print this help and exit\n"
	"\n"
	"Exit status: 0 no failure at or above the gate; 1 at least one; 2 usage error;\n"
	"3 nothing gated but some input could not be read (or nothing auditable was\n"
	"found); 4 internal error. See ndes-audit(1), ndes-audit-checks(7) and\n"
	"ndes-audit-waivers(5).\n";

static int usage_error(const char *fmt, ...) NA_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ndes-audit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'ndes-audit --help'.\n", stderr);
	return EXIT_USAGE;
}

/* --list-checks: the catalogue as text lines or (--format json) JSON. */
static int list_checks(enum report_format fmt, const struct check_selection *sel)
{
	size_t i;

	if (fmt == FMT_JSON)
		return report_catalogue_json(stdout, sel) == 0 ? EXIT_OK : EXIT_INTERNAL;
	if (fmt != FMT_TEXT)
		return usage_error("--list-checks prints text or json, not %s",
				   report_format_name(fmt));
	for (i = 0; i < check_count; i++)
		if (check_selected(sel, &check_table[i]))
			printf("%-34s %-8s %s\n", check_table[i].id,
			       severity_name(check_table[i].severity), check_table[i].title);
	return EXIT_OK;
}

/* "no check 'x' (did you mean a, b?)" for --explain, --check and --skip. */
static int unknown_check(const char *opt, const char *id)
{
	const struct check_def *near[5];
	size_t n = check_suggest(id, near, 5), i;
	char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "",
					near[i]->id);
	if (n == 0)
		return usage_error("%s: no check matches '%s' (see --list-checks)", opt, id);
	return usage_error("%s: no check matches '%s'; did you mean %s?", opt, id, buf);
}

static void explain(const struct check_def *c)
{
	unsigned s;
	int first = 1;

	printf("%s (%s)\n  %s\n\n", c->id, severity_name(c->severity), c->title);
	printf("Reads: ");
	for (s = 0; s < SRC__COUNT; s++) {
		if (c->needs & NEED(s)) {
			printf("%s%s", first ? "" : ", ", fact_source_name((enum fact_source)s));
			first = 0;
		}
	}
	for (s = 0; s < SRC__COUNT; s++) {
		if (c->needs_any & NEED(s)) {
			printf("%s%s", first ? "" : " or ", fact_source_name((enum fact_source)s));
			first = 0;
		}
	}
	printf("\n\n%s\n\nFix: %s\n", c->description, c->remediation);
}

/* What --store and --pfx-password-file gave, owned here; the readers see
 * it through struct certread_options. */
struct cert_args {
	struct store_override *stores;
	size_t nstores;
	char *password;
	size_t password_len;
};

/* --store NAME=PATH. 0, or -1 after a usage message. */
static int add_store(struct cert_args *ca, const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct store_override *s;
	char real[PATH_MAX], *name;
	const char *canon;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		usage_error("--store wants NAME=PATH (for example Root=exports/roots.sst), not '%s'",
			    arg);
		return -1;
	}
	if (realpath(eq + 1, real) == NULL) {
		usage_error("--store %s: %s", arg, strerror(errno));
		return -1;
	}
	name = xstrndup(arg, (size_t)(eq - arg));
	canon = certstore_canonical(name);
	ca->stores = xreallocarray(ca->stores, ca->nstores + 1, sizeof(*ca->stores));
	s = &ca->stores[ca->nstores++];
	s->name = xstrdup(canon != NULL ? canon : name);
	s->path = xstrdup(eq + 1);
	s->real = xstrdup(real);
	free(name);
	return 0;
}

static void forget_password(struct cert_args *ca)
{
	if (ca->password != NULL) {
		explicit_bzero(ca->password, ca->password_len);
		free(ca->password);
	}
	ca->password = NULL;
	ca->password_len = 0;
}

/* The first line of the file (a regular file or a pipe), without its line
 * end, read by the shared bounded reader: a FIFO with no writer is an
 * error, never a wait. The password is never printed, not even in an
 * error. 0, or -1 after a usage message. */
static int read_password(struct cert_args *ca, const char *file)
{
	char buf[PFX_PASSWORD_MAX + 2];
	struct nerr e;
	size_t n;
	int rc;

	nerr_clear(&e);
	rc = file_read_first_line(file, buf, sizeof(buf), &n, &e);
	if (rc < 0) {
		usage_error("--pfx-password-file %s", e.msg);
		return -1;
	}
	if (rc == 0) {
		usage_error("--pfx-password-file %s: a pipe with nothing to read (no writer has it "
			    "open)", file);
		return -1;
	}
	forget_password(ca);
	ca->password = xstrndup(buf, n);
	ca->password_len = n;
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static void free_cert_args(struct cert_args *ca)
{
	size_t i;

	for (i = 0; i < ca->nstores; i++) {
		free(ca->stores[i].name);
		free(ca->stores[i].path);
		free(ca->stores[i].real);
	}
	free(ca->stores);
	forget_password(ca);
	memset(ca, 0, sizeof(*ca));
}

/* The command-line paths plus every --store PATH that is not inside one of
 * them already (a file reached twice would be counted twice). */
static char **bundle_paths(char **pos, size_t npos, const struct cert_args *ca, size_t *n)
{
	char **v = xcalloc(npos + ca->nstores + 1, sizeof(*v));
	size_t i, j;

	for (i = 0; i < npos; i++)
		v[i] = pos[i];
	*n = npos;
	for (i = 0; i < ca->nstores; i++) {
		const char *r = ca->stores[i].real;
		int inside = 0;

		for (j = 0; j < npos && !inside; j++) {
			char real[PATH_MAX];
			size_t len;

			if (realpath(pos[j], real) == NULL)
				continue;
			len = strlen(real);
			inside = strncmp(r, real, len) == 0 && (r[len] == '\0' || r[len] == '/' ||
								 (len > 0 && real[len - 1] == '/'));
		}
		for (j = npos; j < *n && !inside; j++)
			inside = strcmp(v[j], ca->stores[i].path) == 0;
		if (!inside)
			v[(*n)++] = ca->stores[i].path;
	}
	return v;
}

/* What the command line asked for. */
struct opts {
	enum report_format format;
	const char *format_arg;         /* -f as given (--each takes fleet formats) */
	int each, merge;                /* --each, --merge */
	char **each_dirs;               /* --each=FOLDER (the strings are argv's) */
	size_t neach_dirs;
	unsigned jobs;                  /* -j; 0 = the number of CPUs */
	char *outputs[MAX_OUTPUTS];
	size_t noutputs;
	const char *as_of_text;
	const char *waivers, *baseline;
	struct facts_options fo;
	struct gate_options gate;
	struct report_style style;
	int force, quiet, dump, list, report_only, format_given;
	struct cert_args ca;
	char **include, **exclude;      /* --check, --skip (the strings are argv's) */
	size_t ninclude, nexclude;
	int has_min_severity;
	enum severity min_severity;     /* --severity */
	enum fleet_format fleet_format; /* --each, --merge: the summary's format */
};

/* Parse the options. Returns -1 to go on with the audit, or an exit status
 * (0 after --help and the like, 2 for a usage error). */
/* --list-checks, --explain, --version, --help: answered at once. */
static int info_option(int c, const char *arg)
{
	const struct check_def *cd;

	switch (c) {
	case OPT_EXPLAIN:
		cd = check_find(arg);
		if (cd == NULL)
			return unknown_check("--explain", arg);
		explain(cd);
		return EXIT_OK;
	case 'V':
		printf("ndes-audit %s\n%s, libxml2 %s, %s %s, jansson %s\n", PACKAGE_VERSION,
		       OpenSSL_version(OPENSSL_VERSION), iisconf_library_version(),
		       hive_library_name(), hive_library_version(), report_library_version());
		return EXIT_OK;
	default: /* 'h' */
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
}

/* The gate's options: --fail-on, --fail-on-warn, --fail-on-new, --waivers
 * and --baseline. -1 when taken, else the exit code of a usage error. */
static int gate_option(int c, const char *arg, struct opts *o)
{
	switch (c) {
	case OPT_FAIL_ON:
		o->report_only = strcmp(arg, "none") == 0;
		if (o->report_only)
			break;
		if (severity_parse(arg, &o->gate.fail_on) != 0 || o->gate.fail_on == SEV_INFO)
			return usage_error("--fail-on wants critical, high, medium, low or none, "
					   "not '%s'", arg);
		break;
	case OPT_FAIL_ON_WARN:
		o->gate.fail_on_warn = 1;
		break;
	case OPT_FAIL_ON_NEW:
		o->gate.fail_on_new = 1;
		break;
	case OPT_WAIVERS:
		if (o->waivers != NULL)
			return usage_error("%s", "--waivers given twice: keep the waivers in one file");
		o->waivers = arg;
		break;
	default: /* OPT_BASELINE */
		if (o->baseline != NULL)
			return usage_error("%s", "--baseline given twice");
		o->baseline = arg;
		break;
	}
	return -1;
}

/* Every other option. -1 when taken, else the exit code to stop with. */
static int run_option(int c, char *arg, struct opts *o)
{
	char *end;
	long n;

	switch (c) {
	case 'f':
		o->format_arg = arg; /* parsed by check_args, once --each is known */
		o->format_given = 1;
		break;
	case 'j':
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || n < 1 || n > FLEET_MAX_JOBS)
			return usage_error("--jobs wants a number from 1 to %d, not '%s'",
					   FLEET_MAX_JOBS, arg);
		o->jobs = (unsigned)n;
		break;
	case OPT_EACH: /* --each=FOLDER: a folder of bundles (arg is argv's) */
		o->each = 1;
		if (arg != NULL) {
			o->each_dirs = xreallocarray(o->each_dirs, o->neach_dirs + 1,
						     sizeof(*o->each_dirs));
			o->each_dirs[o->neach_dirs++] = arg;
		}
		break;
	case OPT_MERGE:
		o->merge = 1;
		break;
	case 'o':
		if (o->noutputs >= MAX_OUTPUTS)
			return usage_error("at most %d -o options", MAX_OUTPUTS);
		o->outputs[o->noutputs++] = arg;
		break;
	case OPT_FORCE:
		o->force = 1;
		break;
	case 'q':
		o->quiet = 1;
		break;
	case OPT_AS_OF:
		o->as_of_text = arg;
		break;
	case OPT_WARN_DAYS:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno != 0 || end == arg || *end != '\0' || n < 0 || n > 36500)
			return usage_error("--warn-days wants a number of days from 0 to 36500, "
					   "not '%s'", arg);
		o->fo.warn_days = (int)n;
		break;
	case OPT_FQDN:
		o->fo.fqdn = arg;
		break;
	case OPT_DEPLOYMENT:
		if (strcmp(arg, "intune") != 0 && strcmp(arg, "standalone") != 0)
			return usage_error("--deployment wants intune or standalone, not '%s'", arg);
		o->fo.deployment = arg;
		break;
	case OPT_DUMP:
		o->dump = 1;
		break;
	case OPT_STORE:
		if (add_store(&o->ca, arg) != 0)
			return EXIT_USAGE;
		break;
	case OPT_PFX_PASSWORD_FILE:
		if (read_password(&o->ca, arg) != 0)
			return EXIT_USAGE;
		break;
	case 'v':
		o->style.verbose = 1;
		break;
	case OPT_LIST:
		o->list = 1;
		break;
	default:
		fputs("Try 'ndes-audit --help'.\n", stderr);
		return EXIT_USAGE;
	}
	return -1;
}

/* --check, --skip, --severity. -1 when taken, else the exit code of a
 * usage error. A pattern that matches no check is an error, not an empty
 * run: it is most likely a typo. */
static int select_option(int c, char *arg, struct opts *o)
{
	if (c == OPT_SEVERITY) {
		if (severity_parse(arg, &o->min_severity) != 0)
			return usage_error("--severity wants info, low, medium, high or critical, "
					   "not '%s'", arg);
		o->has_min_severity = 1;
		return -1;
	}
	if (check_pattern_matches(arg) == 0)
		return unknown_check(c == OPT_CHECK ? "--check" : "--skip", arg);
	if (c == OPT_CHECK) {
		o->include = xreallocarray(o->include, o->ninclude + 1, sizeof(*o->include));
		o->include[o->ninclude++] = arg;
	} else {
		o->exclude = xreallocarray(o->exclude, o->nexclude + 1, sizeof(*o->exclude));
		o->exclude[o->nexclude++] = arg;
	}
	return -1;
}

static void selection_of(const struct opts *o, struct check_selection *sel)
{
	sel->include = o->include;
	sel->ninclude = o->ninclude;
	sel->exclude = o->exclude;
	sel->nexclude = o->nexclude;
}

/* --each and --merge: what does not go with them. -1 to go on, else the
 * exit status of a usage error. */
static int check_fleet_args(int argc, struct opts *o)
{
	if (o->each && o->merge)
		return usage_error("%s", "--each audits bundles, --merge reads reports: not both");
	if (o->list || o->dump)
		return usage_error("%s", "--list-checks and --dump-facts do not go with --each or --merge");
	if (o->gate.fail_on_new)
		return usage_error("%s", "--fail-on-new does not go with --each or --merge (--baseline "
				   "is a fleet baseline there)");
	if (o->format_arg != NULL && fleet_format_parse(o->format_arg, &o->fleet_format) != 0)
		return usage_error("unknown fleet format '%s' (text, json, jsonl or html)",
				   o->format_arg);
	if (o->each && o->noutputs == 1 && strcmp(o->outputs[0], "-") == 0)
		return usage_error("%s", "with --each, -o names the folder for the per-bundle reports; "
				   "the summary goes to standard output");
	if (o->noutputs > 1 || (o->merge && o->noutputs > 0))
		return usage_error("%s", o->merge ? "--merge prints the summary: no -o"
				   : "--each takes one -o, the folder for the per-bundle reports");
	if (time_parse_as_of(o->as_of_text, (int64_t)time(NULL), &o->fo.as_of) != 0)
		return usage_error("--as-of wants YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ or now, not '%s'",
				   o->as_of_text);
	if (optind >= argc && o->neach_dirs == 0)
		return usage_error("%s", o->merge ? "--merge: name the JSON reports"
				   : "--each: name the bundles or the folders holding them");
	return -1;
}

/* What the options say together, once all are read. */
static int check_args(int argc, struct opts *o)
{
	struct check_selection sel;

	selection_of(o, &sel);
	if (o->each || o->merge)
		return check_fleet_args(argc, o);
	if (o->format_arg != NULL && report_format_parse(o->format_arg, &o->format) != 0)
		return usage_error("unknown format '%s' (text, json, sarif, junit or html)", o->format_arg);
	if (o->jobs != 0)
		return usage_error("%s", "-j applies to --each");
	if (o->list)
		return list_checks(o->format, &sel);
	if (time_parse_as_of(o->as_of_text, (int64_t)time(NULL), &o->fo.as_of) != 0)
		return usage_error("--as-of wants YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ or now, not '%s'",
				   o->as_of_text);
	if (o->gate.fail_on_new && o->baseline == NULL)
		return usage_error("%s", "--fail-on-new needs --baseline OLD.json");
	if (o->dump && o->noutputs > 0)
		return usage_error("%s", "--dump-facts prints to standard output; -o does not apply");
	if (optind >= argc && o->ca.nstores == 0)
		return usage_error("%s", "no PATH given: name the bundle folder or files to audit");
	return -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, OPT_FORCE},
		{"quiet", no_argument, NULL, 'q'},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"warn-days", required_argument, NULL, OPT_WARN_DAYS},
		{"fqdn", required_argument, NULL, OPT_FQDN},
		{"deployment", required_argument, NULL, OPT_DEPLOYMENT},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"fail-on-warn", no_argument, NULL, OPT_FAIL_ON_WARN},
		{"fail-on-new", no_argument, NULL, OPT_FAIL_ON_NEW},
		{"waivers", required_argument, NULL, OPT_WAIVERS},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"list-checks", no_argument, NULL, OPT_LIST},
		{"check", required_argument, NULL, OPT_CHECK},
		{"skip", required_argument, NULL, OPT_SKIP},
		{"severity", required_argument, NULL, OPT_SEVERITY},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"dump-facts", no_argument, NULL, OPT_DUMP},
		{"store", required_argument, NULL, OPT_STORE},
		{"pfx-password-file", required_argument, NULL, OPT_PFX_PASSWORD_FILE},
		{"each", optional_argument, NULL, OPT_EACH},
		{"jobs", required_argument, NULL, 'j'},
		{"merge", no_argument, NULL, OPT_MERGE},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c, rc;

	while ((c = getopt_long(argc, argv, "f:o:j:qvVh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_EXPLAIN:
		case 'V':
		case 'h':
			return info_option(c, optarg);
		case OPT_FAIL_ON:
		case OPT_FAIL_ON_WARN:
		case OPT_FAIL_ON_NEW:
		case OPT_WAIVERS:
		case OPT_BASELINE:
			rc = gate_option(c, optarg, o);
			break;
		case OPT_CHECK:
		case OPT_SKIP:
		case OPT_SEVERITY:
			rc = select_option(c, optarg, o);
			break;
		default:
			rc = run_option(c, optarg, o);
			break;
		}
		if (rc != -1)
			return rc;
	}
	return check_args(argc, o);
}

/* One bundle, the single-run pipeline: the PATHs (npos of them) are the
 * bundle. The exit status. Also what each --each worker runs. */
static int audit_bundle(const struct opts *given, char **pos, size_t npos)
{
	struct opts o = *given;
	struct outputs outs = {NULL, 0};
	struct waiver_set waivers = {NULL, NULL, 0};
	struct baseline baseline;
	struct bundle bundle;
	struct facts facts;
	struct result_list results = {0}, shown = {0};
	struct check_selection sel;
	size_t skipped = 0, hidden = 0;
	struct report rep;
	struct report_view view;
	struct nerr e;
	char *root = NULL, *root_uri = NULL, **paths = NULL;
	size_t npaths = 0;
	struct certread_options co;
	int rc, exit_code = EXIT_USAGE, have_baseline = 0, have_bundle = 0, have_audit = 0;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	memset(&co, 0, sizeof(co));
	memset(&baseline, 0, sizeof(baseline));
	selection_of(&o, &sel);

	/* Everything that can be a usage error comes before the audit. */
	nerr_clear(&e);
	if (outputs_plan(&outs, o.outputs, o.noutputs, o.format, o.format_given, o.quiet, &e) != 0) {
		exit_code = usage_error("%s", e.msg);
		goto out;
	}
	if (o.waivers != NULL && waivers_load(&waivers, o.waivers, &e) != 0) {
		exit_code = usage_error("%s", e.msg);
		goto out;
	}
	if (o.baseline != NULL) {
		if (baseline_load(&baseline, o.baseline, &e) != 0) {
			exit_code = usage_error("%s", e.msg);
			goto out;
		}
		have_baseline = 1;
	}
	bundle_init(&bundle);
	have_bundle = 1;
	co.pfx_password = o.ca.password;
	co.pfx_password_len = o.ca.password_len;
	co.stores = o.ca.stores;
	co.nstores = o.ca.nstores;
	bundle.certopts = &co;
	paths = bundle_paths(pos, npos, &o.ca, &npaths);
	rc = bundle_discover(&bundle, paths, npaths, &e);
	if (rc != 0) {
		exit_code = usage_error("%s", e.msg);
		goto out;
	}
	if (outputs_open(&outs, o.force, &bundle, paths, npaths, &e) != 0) {
		exit_code = usage_error("%s", e.msg);
		goto out;
	}

	/* The audit: readers -> facts -> checks -> policy -> gate. */
	bundle_read(&bundle);
	facts_build(&facts, &bundle, &o.fo);
	have_audit = 1;
	if (o.dump) { /* like sshd -T: the effective settings, then stop */
		exit_code = iis_dump_facts(stdout, &facts);
		regfacts_dump(stdout, &facts);
		if (fflush(stdout) != 0) {
			fprintf(stderr, "ndes-audit: writing the facts failed: %s\n", strerror(errno));
			exit_code = EXIT_INTERNAL;
		}
		goto out;
	}
	checks_run_selected(&facts, &sel, &results, &skipped);
	if (o.waivers != NULL)
		waivers_apply(&waivers, &results, o.fo.as_of, o.fo.warn_days);
	if (have_baseline)
		baseline_mark(&baseline, &results);
	exit_code = o.report_only ? gate_decide_none(&results, &bundle)
				  : gate_decide(&results, &bundle, &o.gate);
	/* After the gate: --severity changes what the reports show, never the
	 * exit status. */
	results_at_least(&results, o.has_min_severity ? o.min_severity : SEV_INFO, &shown, &hidden);

	/* The reports. */
	root = bundle_root_of(paths, npaths, &root_uri);
	memset(&rep, 0, sizeof(rep));
	rep.head.tool_version = PACKAGE_VERSION;
	rep.head.as_of = o.fo.as_of;
	rep.head.host = facts.fqdn;
	rep.head.deployment = deployment_name(facts.deployment.mode);
	rep.head.deployment_evidence = facts.deployment.evidence;
	rep.head.collected_at = facts.collected_at;
	rep.head.has_collected_at = facts.has_collected_at;
	report_view_build(&view, &facts);
	rep.head.view = &view;
	rep.bundle = &bundle;
	rep.results = &shown;
	rep.skipped_checks = skipped;
	rep.report_only = o.report_only;
	rep.has_min_severity = o.has_min_severity;
	rep.min_severity = o.min_severity;
	rep.hidden = hidden;
	rep.fail_on = o.gate.fail_on;
	rep.exit_code = exit_code;
	rep.fail_on_warn = o.gate.fail_on_warn;
	rep.fail_on_new = o.gate.fail_on_new;
	rep.waivers = o.waivers != NULL ? &waivers : NULL;
	rep.baseline = have_baseline ? &baseline : NULL;
	rep.bundle_root = root;
	rep.bundle_root_uri = root_uri;
	o.style.color = isatty(fileno(stdout)) && (nc == NULL || *nc == '\0') &&
			(term == NULL || strcmp(term, "dumb") != 0);
	if (outputs_write(&outs, &rep, &o.style) != 0)
		exit_code = EXIT_INTERNAL;
	report_view_free(&view);
out:
	outputs_free(&outs);
	free(root);
	free(root_uri);
	free(shown.v); /* borrowed results: freed with results */
	result_list_free(&results);
	if (have_audit)
		facts_free(&facts);
	if (have_bundle)
		bundle_free(&bundle);
	if (have_baseline)
		baseline_free(&baseline);
	waivers_free(&waivers);
	free(paths);
	return exit_code;
}

/* An --each worker (a child process): this bundle, its reports in the two
 * files the fleet named, nothing on standard output. */
static int audit_worker(void *ctx, char *path, char *json_out, char *text_out)
{
	struct opts o = *(struct opts *)ctx;

	o.outputs[0] = json_out;
	o.outputs[1] = text_out;
	o.noutputs = 2;
	o.quiet = 1;
	o.format = FMT_TEXT;
	o.baseline = NULL; /* the fleet's, not a bundle's */
	return audit_bundle(&o, &path, 1);
}

/* --each and --merge (src/fleet). */
static int fleet_main(struct opts *o, char **pos, size_t npos)
{
	struct fleet_options fo;

	memset(&fo, 0, sizeof(fo));
	fo.paths = pos;
	fo.npaths = npos;
	fo.dirs = o->each_dirs;
	fo.ndirs = o->neach_dirs;
	fo.jobs = o->jobs;
	fo.outdir = o->noutputs > 0 ? o->outputs[0] : NULL;
	fo.format = o->fleet_format;
	fo.quiet = o->quiet;
	fo.force = o->force;
	fo.baseline = o->baseline;
	fo.as_of = o->fo.as_of;
	fo.tool_version = PACKAGE_VERSION;
	if (o->merge)
		return fleet_merge(&fo);
	return fleet_run(&fo, audit_worker, o);
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.format = FMT_TEXT;
	o.as_of_text = "now";
	o.fo.warn_days = 30;
	o.gate.fail_on = SEV_MEDIUM;
	rc = parse_args(argc, argv, &o);
	if (rc < 0 && (o.each || o.merge))
		rc = fleet_main(&o, argv + optind, (size_t)(argc - optind));
	else if (rc < 0)
		rc = audit_bundle(&o, argv + optind, (size_t)(argc - optind));
	free(o.include);
	free(o.exclude);
	free(o.each_dirs);
	free_cert_args(&o.ca);
	return rc;
}
