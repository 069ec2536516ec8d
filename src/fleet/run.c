/* --each: a worker process per bundle, at most -j at once. Each worker
 * runs the single-run pipeline (the callback main.c gives) and writes its
 * own reports; the parent reads each finished JSON report into a summary
 * row and forgets the report, so its memory does not grow with the
 * reports' size. A worker that crashes or cannot audit its bundle is an
 * `error` row, never the end of the run. SIGINT, SIGTERM and SIGHUP stop
 * the workers, then the run. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ndes-audit/util.h"
#include "fleet-priv.h"
#include "fleet-run.h"

struct worker {
	pid_t pid;
	size_t bundle;            /* index in the plan */
};

struct finished {
	size_t bundle;
	int status;               /* from waitpid */
};

struct pool {
	const struct fleet_options *fo;
	const struct fleet_plan *plan;
	struct fleet_summary *sum;
	char *dir;                /* where the reports go */
	int own_dir;              /* a temporary folder of ours: emptied and removed */
	struct worker *w;         /* running */
	struct finished *fin;     /* just reaped */
	size_t nw, jobs, next, done;
	int progress;             /* a progress line on stderr */
	const char *current;      /* the bundle started last */
	struct timespec start;
	sigset_t old;             /* the signal mask before the run */
};

/* DIR/NAME.EXT, with "FORMAT:" in front when fmt is not NULL. */
static char *report_path(const struct pool *p, size_t b, const char *fmt, const char *ext)
{
	struct strbuf sb;

	sb_init(&sb);
	if (fmt != NULL)
		sb_printf(&sb, "%s:", fmt);
	sb_printf(&sb, "%s/%s.%s", p->dir, p->plan->v[b].name, ext);
	return sb_take(&sb);
}

static void progress(struct pool *p)
{
	const char *current = p->nw > 0 ? p->current : NULL;
	struct timespec now;
	long secs;

	if (!p->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (long)(now.tv_sec - p->start.tv_sec);
	fprintf(stderr, "\r\033[K%zu/%zu bundles done, %ld:%02ld elapsed%s%s", p->done,
		p->plan->n, secs / 60, secs % 60, current ? ", auditing " : "",
		current ? current : "");
	fflush(stderr);
}

/* The child: the signal mask it had before the run, die with the parent
 * (parent: its pid, to see whether it died before that took effect),
 * audit, exit. */
static void worker_main(struct pool *p, size_t b, fleet_audit_fn fn, void *ctx, pid_t parent)
{
	char *json = report_path(p, b, "json", "json"), *text = report_path(p, b, "text", "txt");
	int rc;

	sigprocmask(SIG_SETMASK, &p->old, NULL); /* dispositions were never changed */
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(4);
#else
	(void)parent;
#endif
	rc = fn(ctx, p->plan->v[b].path, json, text);
	free(json);
	free(text);
	exit(rc);
}

static int spawn(struct pool *p, fleet_audit_fn fn, void *ctx)
{
	size_t b = p->next++;
	pid_t pid, parent = getpid();

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		char msg[128];

		snprintf(msg, sizeof(msg), "could not start a worker: %s", strerror(errno));
		fleet_add_error(p->sum, p->plan->v[b].name, 4, msg);
		if (p->fo->format == FLEET_JSONL && !p->fo->quiet &&
		    fleet_jsonl_line(stdout, p->plan->v[b].name, 4, msg, NULL) != 0)
			p->sum->write_failed = 1;
		p->done++;
		return -1;
	}
	if (pid == 0)
		worker_main(p, b, fn, ctx, parent);
	p->w[p->nw].pid = pid;
	p->w[p->nw].bundle = b;
	p->nw++;
	p->current = p->plan->v[b].name;
	progress(p);
	return 0;
}

/* A finished worker: its report into the summary (and a JSON Lines
 * record), or an error row saying what happened. */
static void collect(struct pool *p, size_t b, int status)
{
	const char *name = p->plan->v[b].name;
	char msg[sizeof(((struct nerr *)0)->msg) + 64];
	int code = 4;
	json_t *rep = NULL;

	msg[0] = '\0';
	if (WIFSIGNALED(status)) {
		snprintf(msg, sizeof(msg), "the worker auditing %s was killed by signal %d (%s)",
			 name, WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (WIFEXITED(status)) {
		code = WEXITSTATUS(status);
		if (code != 0 && code != 1 && code != 3)
			snprintf(msg, sizeof(msg), "the bundle could not be audited (exit status %d; "
				 "its messages are on standard error)", code);
	}
	if (msg[0] == '\0') {
		char *path = report_path(p, b, NULL, "json");
		struct nerr e;

		nerr_clear(&e);
		rep = fleet_load_report(path, &e);
		if (rep == NULL) {
			snprintf(msg, sizeof(msg), "its report is unreadable: %s", e.msg);
			code = 4;
		}
		free(path);
	}
	if (rep != NULL)
		fleet_add_report(p->sum, name, rep);
	else
		fleet_add_error(p->sum, name, code, msg);
	if (p->fo->format == FLEET_JSONL && !p->fo->quiet &&
	    fleet_jsonl_line(stdout, name, code, rep != NULL ? NULL : msg, rep) != 0)
		p->sum->write_failed = 1;
	json_decref(rep);
	p->done++;
}

/* Reap every worker that has finished: into done (room for jobs), their
 * count returned. Their rows are made after the free slots are filled
 * again, so reading a report never keeps a slot empty. */
static size_t reap(struct pool *p, struct finished *done)
{
	size_t n = 0;

	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG);
		size_t i;

		if (pid <= 0)
			return n;
		for (i = 0; i < p->nw && p->w[i].pid != pid; i++)
			;
		if (i == p->nw)
			continue;
		done[n].bundle = p->w[i].bundle;
		done[n++].status = status;
		p->w[i] = p->w[--p->nw];
	}
}

/* Stop: every worker is sent SIGTERM and waited for. */
static void stop_all(struct pool *p)
{
	size_t i;

	for (i = 0; i < p->nw; i++)
		kill(p->w[i].pid, SIGTERM);
	for (i = 0; i < p->nw; i++)
		while (waitpid(p->w[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	p->nw = 0;
}

/* A signal that stops the run, unless it was ignored when we started
 * (nohup, a background job of a shell): then it stays ignored. */
static void add_stop_signal(sigset_t *set, int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	sigaddset(set, sig);
}

/* Run every bundle. 0, or the signal number that stopped the run. */
static int run_all(struct pool *p, fleet_audit_fn fn, void *ctx)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	add_stop_signal(&set, SIGINT);
	add_stop_signal(&set, SIGTERM);
	add_stop_signal(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, &p->old);
	while (p->next < p->plan->n || p->nw > 0) {
		struct timespec tick = {1, 0};
		siginfo_t si;
		int sig;

		size_t nd = reap(p, p->fin), i;

		while (p->nw < p->jobs && p->next < p->plan->n)
			spawn(p, fn, ctx);
		for (i = 0; i < nd; i++) {
			collect(p, p->fin[i].bundle, p->fin[i].status);
			progress(p);
		}
		if (p->nw == 0)
			continue;
		sig = sigtimedwait(&set, &si, &tick);
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			stop_all(p);
			sigprocmask(SIG_SETMASK, &p->old, NULL);
			return sig;
		}
		if (sig < 0)
			progress(p);
	}
	sigprocmask(SIG_SETMASK, &p->old, NULL);
	return 0;
}

/* Where -o FOLDER is or would be made, resolved: a heap string, or NULL
 * when its parent cannot be resolved. */
static char *resolve_out(const char *dir)
{
	char real[PATH_MAX], *copy, *slash;
	struct strbuf sb;

	if (realpath(dir, real) != NULL)
		return xstrdup(real);
	copy = xstrdup(dir);
	while (strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
		copy[strlen(copy) - 1] = '\0';
	slash = strrchr(copy, '/');
	if (realpath(slash != NULL ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".", real) == NULL) {
		free(copy);
		return NULL;
	}
	sb_init(&sb);
	sb_printf(&sb, "%s/%s", real, slash != NULL ? slash + 1 : copy);
	free(copy);
	return sb_take(&sb);
}

/* -o FOLDER at or below a bundle folder: refused before anything is made
 * (a worker would refuse to write there too, but the folder would exist). */
static int out_in_bundle(const struct pool *p, struct nerr *e)
{
	char *out = resolve_out(p->fo->outdir);
	size_t b;
	int rc = 0;

	for (b = 0; out != NULL && b < p->plan->n && rc == 0; b++) {
		char real[PATH_MAX];
		size_t len;

		if (realpath(p->plan->v[b].path, real) == NULL)
			continue;
		len = strlen(real);
		if (strncmp(out, real, len) == 0 && (out[len] == '\0' || out[len] == '/')) {
			nerr_set(e, "-o %s: inside the bundle %s; reports are never written into "
				 "a bundle", p->fo->outdir, p->plan->v[b].path);
			rc = -1;
		}
	}
	free(out);
	return rc;
}

/* The reports' folder: -o FOLDER (made when missing) or a temporary one. */
static int open_dir(struct pool *p, struct nerr *e)
{
	struct stat st;
	const char *tmp = getenv("TMPDIR");

	if (p->fo->outdir == NULL) {
		struct strbuf sb;

		sb_init(&sb);
		sb_printf(&sb, "%s/ndes-audit-fleet.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
		p->dir = sb_take(&sb);
		p->own_dir = 1;
		if (mkdtemp(p->dir) == NULL) {
			nerr_set(e, "a temporary folder in %s: %s", tmp ? tmp : "/tmp", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (out_in_bundle(p, e) != 0)
		return -1;
	p->dir = xstrdup(p->fo->outdir);
	if (mkdir(p->dir, 0777) != 0 && errno != EEXIST) {
		nerr_set(e, "-o %s: %s", p->dir, strerror(errno));
		return -1;
	}
	if (stat(p->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		nerr_set(e, "-o %s: not a folder (with --each, -o names the folder for the "
			 "per-bundle reports)", p->dir);
		return -1;
	}
	return 0;
}

static void remove_own_dir(struct pool *p)
{
	size_t b;

	if (!p->own_dir)
		return;
	for (b = 0; b < p->plan->n; b++) {
		char *j = report_path(p, b, NULL, "json"), *t = report_path(p, b, NULL, "txt");

		unlink(j);
		unlink(t);
		free(j);
		free(t);
	}
	rmdir(p->dir);
}

static size_t cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > FLEET_MAX_JOBS ? FLEET_MAX_JOBS : (size_t)n;
}

static int usage(const char *msg)
{
	char *p = printable(msg);

	fprintf(stderr, "ndes-audit: %s\nTry 'ndes-audit --help'.\n", p);
	free(p);
	return 2;
}

int fleet_run(const struct fleet_options *fo, fleet_audit_fn fn, void *ctx)
{
	struct fleet_plan plan;
	struct fleet_summary sum;
	struct pool p;
	struct nerr e;
	int sig, rc;

	nerr_clear(&e);
	if (fleet_plan_make(&plan, fo, &e) != 0) {
		fleet_plan_free(&plan);
		return usage(e.msg);
	}
	if (fleet_summary_init(&sum, fo, &e) != 0) {
		fleet_plan_free(&plan);
		return usage(e.msg);
	}
	memset(&p, 0, sizeof(p));
	p.fo = fo;
	p.plan = &plan;
	p.sum = &sum;
	p.jobs = fo->jobs ? fo->jobs : cpu_count();
	p.w = xcalloc(p.jobs, sizeof(*p.w));
	p.fin = xcalloc(p.jobs, sizeof(*p.fin));
	p.progress = !fo->quiet && isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	if (open_dir(&p, &e) != 0) {
		rc = usage(e.msg);
		goto out;
	}
	sig = run_all(&p, fn, ctx);
	if (p.progress)
		fputs("\r\033[K", stderr);
	if (sig != 0) {
		fprintf(stderr, "ndes-audit: stopped by signal %d (%s) after %zu of %zu bundles\n",
			sig, strsignal(sig), p.done, plan.n);
		rc = 128 + sig;
		goto out;
	}
	fleet_summary_finish(&sum);
	rc = fleet_exit_code(&sum);
	if (!fo->quiet && (fleet_write(stdout, &sum) != 0 || sum.write_failed)) {
		fprintf(stderr, "ndes-audit: writing the fleet summary failed: %s\n", strerror(errno));
		rc = 4;
	}
out:
	remove_own_dir(&p);
	free(p.dir);
	free(p.w);
	free(p.fin);
	fleet_summary_free(&sum);
	fleet_plan_free(&plan);
	return rc;
}
