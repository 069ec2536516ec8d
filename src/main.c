/* ndes-audit: argument parsing and the pipeline, nothing else.
 * discovery -> readers -> facts -> checks -> gate -> reporters */
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

#include "ndes-audit/bundle.h"
#include "ndes-audit/certread.h"
#include "ndes-audit/check.h"
#include "ndes-audit/facts.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"

enum { EXIT_OK = 0, EXIT_GATE = 1, EXIT_USAGE = 2, EXIT_INCOMPLETE = 3, EXIT_INTERNAL = 4 };
enum { OPT_AS_OF = 256, OPT_WARN_DAYS, OPT_FQDN, OPT_FAIL_ON, OPT_LIST, OPT_EXPLAIN, OPT_STORE,
       OPT_PFX_PASSWORD_FILE };

static const char usage_text[] =
	"Usage: ndes-audit [OPTIONS] PATH...\n"
	"Audit the files copied off a Windows NDES / Intune certificate connector server.\n"
	"All PATHs together are one bundle (one server); folders are walked recursively.\n"
	"\n"
	"  -f, --format text|json   report format (default text)\n"
	"  -o, --output FILE        write the report to FILE ('-' = standard output)\n"
	"      --as-of TIME         judge validity at TIME: YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ\n"
	"                           or now (default now)\n"
	"      --warn-days N        warn about expiry within N days (default 30)\n"
	"      --fqdn NAME          the server's FQDN, overriding the one in the bundle\n"
	"      --store NAME=PATH    the certificate file(s) at PATH are an export of\n"
	"                           store NAME (Root, AuthRoot, CA, My...); repeatable\n"
	"      --pfx-password-file FILE\n"
	"                           password for PKCS#12 (.pfx) files: the first line\n"
	"                           of FILE; only certificates are read, never keys\n"
	"      --fail-on SEVERITY   exit 1 when a check at or above SEVERITY fails:\n"
	"                           critical, high, medium (default) or low\n"
	"      --list-checks        list every check and exit\n"
	"      --explain ID         describe one check and exit\n"
	"  -v, --verbose            show every result's evidence, ignored files and\n"
	"                           library traces\n"
	"  -V, --version            print the version and exit\n"
	"  -h, --help               print this help and exit\n"
	"\n"
	"Exit status: 0 no failure at or above the gate; 1 at least one; 2 usage error;\n"
	"3 nothing gated but some input could not be read (or nothing auditable was\n"
	"found); 4 internal error. See ndes-audit(1) and ndes-audit-checks(7).\n";

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

static void list_checks(void)
{
	size_t i;

	for (i = 0; i < check_count; i++)
		printf("%-34s %-8s %s\n", check_table[i].id, severity_name(check_table[i].severity),
		       check_table[i].title);
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

/* The first line of the file, without its line end. The password is never
 * printed, not even in an error. 0, or -1 after a usage message. */
static int read_password(struct cert_args *ca, const char *file)
{
	FILE *fp = fopen(file, "rb");
	char buf[4096];
	size_t n;

	if (fp == NULL) {
		usage_error("--pfx-password-file %s: %s", file, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	n = strcspn(buf, "\r\n");
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"warn-days", required_argument, NULL, OPT_WARN_DAYS},
		{"fqdn", required_argument, NULL, OPT_FQDN},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"list-checks", no_argument, NULL, OPT_LIST},
		{"explain", required_argument, NULL, OPT_EXPLAIN},
		{"store", required_argument, NULL, OPT_STORE},
		{"pfx-password-file", required_argument, NULL, OPT_PFX_PASSWORD_FILE},
		{"verbose", no_argument, NULL, 'v'},
		{"version", no_argument, NULL, 'V'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *output = "-", *as_of_text = "now";
	struct facts_options fo = {0, 30, NULL};
	struct report_style style = {0, 0};
	enum severity fail_on = SEV_MEDIUM;
	struct bundle bundle;
	struct facts facts;
	struct result_list results = {0};
	struct report rep;
	struct cert_args ca = {0};
	struct certread_options co = {0};
	struct nerr e;
	FILE *out = stdout;
	char **paths;
	size_t npaths;
	int c, rc, exit_code;
	char *end;
	long n;

	while ((c = getopt_long(argc, argv, "f:o:vVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return usage_error("unknown format '%s' (text or json)", optarg);
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_AS_OF:
			as_of_text = optarg;
			break;
		case OPT_WARN_DAYS:
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || n < 0 || n > 36500)
				return usage_error("--warn-days wants a number of days from 0 to 36500, "
						   "not '%s'", optarg);
			fo.warn_days = (int)n;
			break;
		case OPT_FQDN:
			fo.fqdn = optarg;
			break;
		case OPT_FAIL_ON:
			if (severity_parse(optarg, &fail_on) != 0 || fail_on == SEV_INFO)
				return usage_error("--fail-on wants critical, high, medium or low, not '%s'",
						   optarg);
			break;
		case OPT_STORE:
			if (add_store(&ca, optarg) != 0) {
				free_cert_args(&ca);
				return EXIT_USAGE;
			}
			break;
		case OPT_PFX_PASSWORD_FILE:
			if (read_password(&ca, optarg) != 0) {
				free_cert_args(&ca);
				return EXIT_USAGE;
			}
			break;
		case OPT_LIST:
			free_cert_args(&ca);
			list_checks();
			return EXIT_OK;
		case OPT_EXPLAIN: {
			const struct check_def *cd = check_find(optarg);

			free_cert_args(&ca);
			if (cd == NULL)
				return usage_error("no check '%s' (see --list-checks)", optarg);
			explain(cd);
			return EXIT_OK;
		}
		case 'v':
			style.verbose = 1;
			break;
		case 'V':
			free_cert_args(&ca);
			printf("ndes-audit %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		case 'h':
			free_cert_args(&ca);
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			free_cert_args(&ca);
			fputs("Try 'ndes-audit --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (time_parse_as_of(as_of_text, (int64_t)time(NULL), &fo.as_of) != 0) {
		free_cert_args(&ca);
		return usage_error("--as-of wants YYYY-MM-DD, YYYY-MM-DDThh:mm:ssZ or now, not '%s'",
				   as_of_text);
	}
	if (optind >= argc && ca.nstores == 0) {
		free_cert_args(&ca);
		return usage_error("%s", "no PATH given: name the bundle folder or files to audit");
	}

	nerr_clear(&e);
	bundle_init(&bundle);
	co.pfx_password = ca.password;
	co.pfx_password_len = ca.password_len;
	co.stores = ca.stores;
	co.nstores = ca.nstores;
	bundle.certopts = &co;
	paths = bundle_paths(argv + optind, (size_t)(argc - optind), &ca, &npaths);
	rc = bundle_discover(&bundle, paths, npaths, &e);
	free(paths);
	if (rc != 0) {
		bundle_free(&bundle);
		free_cert_args(&ca);
		return usage_error("%s", e.msg);
	}
	if (strcmp(output, "-") != 0) {
		out = fopen(output, "w");
		if (out == NULL) {
			fprintf(stderr, "ndes-audit: %s: %s\n", output, strerror(errno));
			bundle_free(&bundle);
			free_cert_args(&ca);
			return EXIT_USAGE;
		}
	}
	bundle_read(&bundle);
	facts_build(&facts, &bundle, &fo);
	checks_run(&facts, &results);
	exit_code = gate_exit_code(&results, &bundle, fail_on);

	rep.tool_version = PACKAGE_VERSION;
	rep.as_of = fo.as_of;
	rep.facts = &facts;
	rep.bundle = &bundle;
	rep.results = &results;
	rep.fail_on = fail_on;
	rep.exit_code = exit_code;
	if (strcmp(format, "json") == 0) {
		rc = report_json(out, &rep);
	} else {
		const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

		style.color = out == stdout && isatty(fileno(stdout)) && (nc == NULL || *nc == '\0') &&
			      (term == NULL || strcmp(term, "dumb") != 0);
		rc = report_text(out, &rep, &style);
	}
	if (fflush(out) != 0 || rc != 0) {
		fprintf(stderr, "ndes-audit: writing the report failed: %s\n", strerror(errno));
		exit_code = EXIT_INTERNAL;
	}
	if (out != stdout && fclose(out) != 0)
		exit_code = EXIT_INTERNAL;
	result_list_free(&results);
	facts_free(&facts);
	bundle_free(&bundle);
	free_cert_args(&ca);
	return exit_code;
}
