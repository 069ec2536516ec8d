/* The event log reader. libevtx never enters this process (its helper
 * symbols clash with those of the registry library hive.c uses): the helper program ndes-audit-evtx reads
 * one .evtx and writes its events as lines, and this file runs it and
 * keeps, with bounded memory, the events the checks need. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"

extern char **environ;

#define HELPER_NAME "ndes-audit-evtx"
#define MAX_FIELDS (9 + 16)

char *evtx_helper_path(void)
{
	char beside[PATH_MAX];
	const char *env = getenv("NDES_AUDIT_EVTX_HELPER");
	struct stat st;
	ssize_t n;
	char *slash;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
#ifdef NDES_PKGLIBEXECDIR
	if (stat(NDES_PKGLIBEXECDIR "/" HELPER_NAME, &st) == 0)
		return xstrdup(NDES_PKGLIBEXECDIR "/" HELPER_NAME);
#endif
	/* Not installed: the helper built beside the program (a build tree). */
	n = readlink("/proc/self/exe", beside, sizeof(beside) - sizeof(HELPER_NAME) - 2);
	if (n > 0) {
		beside[n] = '\0';
		slash = strrchr(beside, '/');
		if (slash != NULL) {
			strcpy(slash + 1, HELPER_NAME);
			if (stat(beside, &st) == 0)
				return xstrdup(beside);
		}
	}
	return xstrdup(HELPER_NAME);
}

/* Split a helper line on TAB and undo its escapes, in place. */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		char *tab = strchr(p, '\t'), *r, *w;

		if (tab != NULL)
			*tab = '\0';
		f[n++] = p;
		for (r = w = p; *r != '\0'; r++) {
			if (*r == '\\' && r[1] != '\0') {
				r++;
				*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

/* needle anywhere in the NUL-terminated s, ASCII case ignored. */
static int has_ci(const char *s, const char *needle)
{
	return ascii_memcasestr(s, strlen(s), needle) != NULL;
}

/* The first 0x-prefixed 8-digit code in the event's strings (an HRESULT),
 * or an 8-digit hex string alone (Application Error writes c0000005). */
static void find_code(char **s, size_t n, char *out, size_t size)
{
	size_t i, j;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *p = s[i];

		for (; *p != '\0'; p++) {
			if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
				for (j = 0; j < 8; j++)
					if (!((p[2 + j] >= '0' && p[2 + j] <= '9') ||
					      (p[2 + j] >= 'a' && p[2 + j] <= 'f') ||
					      (p[2 + j] >= 'A' && p[2 + j] <= 'F')))
						break;
				if (j == 8) {
					snprintf(out, size, "0x%.8s", p + 2);
					for (j = 2; out[j] != '\0'; j++)
						if (out[j] >= 'A' && out[j] <= 'F')
							out[j] = (char)(out[j] + 32);
					return;
				}
			}
		}
	}
}

static void add(struct evtx_summary *o, enum evt_kind kind, const char *key, uint64_t rec,
		int has_t, int64_t t, const char *detail, int comp)
{
	struct evt_bucket *b = NULL;
	size_t i;

	for (i = 0; i < o->n; i++)
		if (o->v[i].kind == kind && o->v[i].comp == comp && strcmp(o->v[i].key, key) == 0)
			b = &o->v[i];
	if (b == NULL) {
		if (o->n >= LOG_MAX_BUCKETS) {
			o->overflow++;
			return;
		}
		b = &o->v[o->n++];
		memset(b, 0, sizeof(*b));
		b->kind = kind;
		b->comp = comp;
		log_sample(b->key, key, strnlen(key, sizeof(b->key) - 1));
		log_sample(b->detail, detail, strlen(detail));
		b->first.artifact = o->artifact;
		b->first.line = rec;
		b->first_t = b->last_t = t;
	}
	b->count++;
	b->last.artifact = o->artifact;
	b->last.line = rec;
	if (has_t) {
		if (t < b->first_t)
			b->first_t = t;
		if (t > b->last_t)
			b->last_t = t;
	}
}

/* Append the event's strings to sb, "; " between them and lead before the
 * first, up to the sample size. */
static void join_strings(struct strbuf *sb, char *const *s, size_t ns, const char *lead)
{
	size_t i;

	for (i = 0; i < ns && sb->len < LOG_SAMPLE_MAX; i++)
		sb_printf(sb, "%s%s", i ? "; " : lead, s[i]);
}

int evt_connector_channel(const char *channel)
{
	return ascii_ncasecmp(channel, "Microsoft-Intune-CertificateConnectors",
			      strlen("Microsoft-Intune-CertificateConnectors")) == 0 ||
	       ascii_casecmp(channel, "Microsoft Intune Connector") == 0;
}

/* One record as the helper prints it, the fields the summaries use. */
struct evrec {
	uint64_t rec;
	unsigned long eid, level;
	int64_t t;
	int has_t;
	const char *provider, *channel;
	int comp;                /* index into the summary's computers, -1 beyond them */
	char **s;                /* the event's strings */
	size_t ns;
};

/* The Intune connector's own log: critical and error events, per ID. */
static void connector_event(struct evtx_summary *o, const struct evrec *e)
{
	char key[96], detail[LOG_SAMPLE_MAX + 1];
	struct strbuf sb;

	if (e->level == 3)
		o->connector_warnings++;
	if (e->level != 1 && e->level != 2) /* critical and error only */
		return;
	snprintf(key, sizeof(key), "%lu", e->eid);
	sb_init(&sb);
	sb_printf(&sb, "%s event %lu (%s)", e->provider[0] ? e->provider : "connector", e->eid,
		  e->level == 1 ? "critical" : "error");
	join_strings(&sb, e->s, e->ns, ": ");
	snprintf(detail, sizeof(detail), "%s", sb.s);
	sb_free(&sb);
	add(o, EVT_CONNECTOR, key, e->rec, e->has_t, e->t, detail, e->comp);
}

/* Application Error 1000 for w3wp.exe: keyed by faulting module and code. */
static void w3wp_crash(struct evtx_summary *o, const struct evrec *e)
{
	const char *module = e->ns > 3 ? e->s[3] : "";
	char code[16] = "", key[96], detail[LOG_SAMPLE_MAX + 1];

	if (e->ns > 6) {
		const char *ex = e->s[6];

		if (strncmp(ex, "0x", 2) == 0 || strncmp(ex, "0X", 2) == 0)
			snprintf(code, sizeof(code), "%.12s", ex);
		else
			snprintf(code, sizeof(code), "0x%.10s", ex);
	}
	snprintf(key, sizeof(key), "%.60s %.16s", module, code);
	snprintf(detail, sizeof(detail), "w3wp.exe crashed: faulting module %.80s, exception code %s",
		 module[0] ? module : "(not recorded)", code[0] ? code : "(not recorded)");
	add(o, EVT_W3WP_CRASH, key, e->rec, e->has_t, e->t, detail, e->comp);
}

/* WAS 5009 (worker process ended) and 5002 (rapid-fail), keyed by pool. */
static void was_event(struct evtx_summary *o, const struct evrec *e)
{
	char detail[LOG_SAMPLE_MAX + 1];

	if (e->eid == 5009)
		snprintf(detail, sizeof(detail),
			 "a worker process of application pool '%.64s' terminated unexpectedly "
			 "(process %.16s, exit code %.16s)", e->s[0], e->ns > 1 ? e->s[1] : "?",
			 e->ns > 2 ? e->s[2] : "?");
	else
		snprintf(detail, sizeof(detail),
			 "application pool '%.64s' was disabled after a series of worker process "
			 "failures (rapid-fail protection)", e->s[0]);
	add(o, e->eid == 5009 ? EVT_WAS_5009 : EVT_WAS_5002, e->s[0], e->rec, e->has_t, e->t,
	    detail, e->comp);
}

/* WAS 5021, 5057 and 5059: the pool's identity cannot log on, keyed by
 * pool (the events name the pool; its account is in the IIS model). */
static void pool_identity_event(struct evtx_summary *o, const struct evrec *e)
{
	char detail[LOG_SAMPLE_MAX + 1];

	if (e->eid == 5021)
		snprintf(detail, sizeof(detail), "WAS event 5021: the identity of application pool "
			 "'%.64s' is invalid (wrong user name or password, or no batch logon right)",
			 e->s[0]);
	else if (e->eid == 5057)
		snprintf(detail, sizeof(detail), "WAS event 5057: application pool '%.64s' was "
			 "disabled: no worker process could be created because its identity is invalid",
			 e->s[0]);
	else
		snprintf(detail, sizeof(detail), "WAS event 5059: application pool '%.64s' was "
			 "disabled after a failure to start a worker process", e->s[0]);
	add(o, e->eid == 5021 ? EVT_WAS_5021 : e->eid == 5057 ? EVT_WAS_5057 : EVT_WAS_5059, e->s[0],
	    e->rec, e->has_t, e->t, detail, e->comp);
}

const char *capi2_error_name(unsigned long code)
{
	static const struct {
		unsigned long code;
		const char *name;
	} names[] = {
		{0x80092013UL, "CRYPT_E_REVOCATION_OFFLINE"}, {0x80092012UL, "CRYPT_E_NO_REVOCATION_CHECK"},
		{0x80092010UL, "CRYPT_E_REVOKED"}, {0x800B0101UL, "CERT_E_EXPIRED"},
		{0x800B0109UL, "CERT_E_UNTRUSTEDROOT"}, {0x800B010AUL, "CERT_E_CHAINING"},
		{0x800B010FUL, "CERT_E_CN_NO_MATCH"}, {0x800B0110UL, "CERT_E_WRONG_USAGE"},
		{0x800B0111UL, "CERT_E_UNTRUSTEDCA"}, {0x80096004UL, "TRUST_E_CERT_SIGNATURE"},
		{0x80092004UL, "CRYPT_E_NOT_FOUND"}, {0x80072EE7UL, "WININET_E_NAME_NOT_RESOLVED"},
		{0x80072EFDUL, "WININET_E_CANNOT_CONNECT"}, {0x80072EE2UL, "WININET_E_TIMEOUT"},
		{0x80190194UL, "HTTP 404 (BG_E_HTTP_ERROR_404)"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].name;
	return NULL;
}

/* The SHA-1 of a fileRef "<40 hex>.cer", uppercase; "" when not hex. */
static void thumb_from_ref(const char *ref, char out[41])
{
	size_t i;

	for (i = 0; i < 40; i++) {
		char c = ref[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
			out[0] = '\0';
			return;
		}
		out[i] = (char)(c >= 'a' ? c - 32 : c);
	}
	out[40] = '\0';
}

/* The "key=" string of a CAPI2 event, "" when absent. */
static const char *kv(const struct evrec *e, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < e->ns; i++)
		if (strncmp(e->s[i], key, n) == 0 && e->s[i][n] == '=')
			return e->s[i] + n + 1;
	return "";
}

/* A CAPI2 Operational event with an error: a non-zero Result, or event 42
 * (revocation information rejected, which carries none). Keyed by the
 * certificate and the code, so each certificate's errors are counted
 * apart. */
static void capi2_event(struct evtx_summary *o, const struct evrec *e)
{
	const char *res = kv(e, "result"), *ref = kv(e, "cert"), *subject = kv(e, "subject");
	const char *url = kv(e, "url"), *name;
	unsigned long code = strtoul(res, NULL, 16);
	char key[96], thumb[41] = "", what[64], detail[LOG_SAMPLE_MAX + 1];
	struct evt_bucket *b;

	if (code == 0 && e->eid != 42)
		return;
	if (strlen(ref) >= 44 && ascii_casecmp(ref + 40, ".cer") == 0)
		thumb_from_ref(ref, thumb);
	name = capi2_error_name(code);
	if (code != 0)
		snprintf(what, sizeof(what), "%s (0x%08lX)", name != NULL ? name : "error", code);
	else
		snprintf(what, sizeof(what), "revocation information rejected");
	if (name != NULL)
		snprintf(key, sizeof(key), "%s %s", thumb[0] ? thumb : "-", name);
	else if (code != 0)
		snprintf(key, sizeof(key), "%s 0x%08lX", thumb[0] ? thumb : "-", code);
	else
		snprintf(key, sizeof(key), "%s event %lu", thumb[0] ? thumb : "-", e->eid);
	snprintf(detail, sizeof(detail), "event %lu: %s for %.80s%s%s%s", e->eid, what,
		 subject[0] ? subject : "a certificate", thumb[0] ? " (" : "", thumb,
		 thumb[0] ? ")" : "");
	if (url[0] != '\0') {
		size_t len = strlen(detail);

		snprintf(detail + len, sizeof(detail) - len, ", URL %s", url);
	}
	add(o, EVT_CAPI2, key, e->rec, e->has_t, e->t, detail, e->comp);
	for (b = o->v; b < o->v + o->n; b++)
		if (b->kind == EVT_CAPI2 && strcmp(b->key, key) == 0)
			memcpy(b->cert, thumb, sizeof(b->cert));
}

/* NDES events 2, 10 and 31 keyed by the error code in their text; every
 * other NDES event of level critical, error or warning keyed by its ID and
 * code (issue 15.7: the provider defines about 49 events). */
static void ndes_event(struct evtx_summary *o, const struct evrec *e)
{
	char code[16], detail[LOG_SAMPLE_MAX + 1];
	struct strbuf sb;

	find_code(e->s, e->ns, code, sizeof(code));
	sb_init(&sb);
	join_strings(&sb, e->s, e->ns, "");
	snprintf(detail, sizeof(detail), "%s", sb.s != NULL ? sb.s : "");
	sb_free(&sb);
	if (e->eid == 2 || e->eid == 10 || e->eid == 31) {
		add(o, e->eid == 2 ? EVT_NDES_2 : e->eid == 10 ? EVT_NDES_10 : EVT_NDES_31, code,
		    e->rec, e->has_t, e->t, detail, e->comp);
	} else {
		char key[32];

		snprintf(key, sizeof(key), "%lu%s%s", e->eid, code[0] ? " " : "", code);
		add(o, EVT_NDES_OTHER, key, e->rec, e->has_t, e->t, detail, e->comp);
	}
}

static int is_ndes_provider(const char *provider)
{
	return has_ci(provider, "NetworkDeviceEnrollment") || ascii_casecmp(provider, "MSCEP") == 0 ||
	       ascii_casecmp(provider, "NDES") == 0;
}

/* The event's computer in the summary's table (added when new), its count
 * and span widened; -1 when the table is full. */
static int computer(struct evtx_summary *o, const char *name, int has_t, int64_t t)
{
	struct evt_computer *c = NULL;
	size_t i;

	for (i = 0; i < o->ncomp && c == NULL; i++)
		if (ascii_casecmp(o->comp[i].name, name) == 0)
			c = &o->comp[i];
	if (c == NULL) {
		if (o->ncomp >= EVTX_MAX_COMPUTERS) {
			o->comp_overflow++;
			return -1;
		}
		c = &o->comp[o->ncomp++];
		log_sample(c->name, name, strnlen(name, sizeof(c->name) - 1));
	}
	c->records++;
	if (has_t) {
		if (!c->has_time || t < c->first_t)
			c->first_t = t;
		if (!c->has_time || t > c->last_t)
			c->last_t = t;
		c->has_time = 1;
	}
	return (int)(c - o->comp);
}

/* Count the record, widen the span, and hand it to the summary it feeds. */
static void event(struct evtx_summary *o, char **f, size_t nf)
{
	struct evrec e;

	if (nf < 9)
		return;
	e.rec = strtoull(f[1], NULL, 10);
	e.eid = strtoul(f[2], NULL, 10);
	e.level = strtoul(f[3], NULL, 10);
	e.has_t = filetime_to_unix(strtoull(f[4], NULL, 10), &e.t);
	e.provider = f[5];
	e.channel = f[6];
	e.comp = computer(o, f[7], e.has_t, e.t);
	e.s = f + 9;
	e.ns = nf - 9;
	o->records++;
	if (o->channel[0] == '\0' && e.channel[0] != '\0')
		log_sample(o->channel, e.channel, strnlen(e.channel, sizeof(o->channel) - 1));
	if (e.has_t) {
		if (!o->has_time || e.t < o->first_t)
			o->first_t = e.t;
		if (!o->has_time || e.t > o->last_t)
			o->last_t = e.t;
		o->has_time = 1;
	}
	if (evt_connector_channel(e.channel))
		connector_event(o, &e);
	else if (e.eid == 1000 && ascii_casecmp(e.provider, "Application Error") == 0 && e.ns > 0 &&
		 ascii_casecmp(e.s[0], "w3wp.exe") == 0)
		w3wp_crash(o, &e);
	else if ((e.eid == 5009 || e.eid == 5002) && has_ci(e.provider, "WAS") && e.ns > 0)
		was_event(o, &e);
	else if (ascii_ncasecmp(e.channel, "Microsoft-Windows-CAPI2", 23) == 0)
		capi2_event(o, &e);
	else if ((e.eid == 5021 || e.eid == 5057 || e.eid == 5059) && has_ci(e.provider, "WAS") &&
		 e.ns > 0)
		pool_identity_event(o, &e);
	else if ((e.eid == 2 || e.eid == 10 || e.eid == 31 || (e.level >= 1 && e.level <= 3)) &&
		 is_ndes_provider(e.provider))
		ndes_event(o, &e);
}

/* The helper's lines other than X and D: events, and what it read around. */
static void helper_line(struct evtx_summary *o, char **f, size_t nf)
{
	if (strcmp(f[0], "E") == 0) {
		event(o, f, nf);
	} else if (strcmp(f[0], "R") == 0) {
		event(o, f, nf);
		o->recovered++;
	} else if ((strcmp(f[0], "H") == 0 || strcmp(f[0], "T") == 0) && nf > 1) {
		o->declared += strtoull(f[1], NULL, 10);
	} else if (strcmp(f[0], "S") == 0 && nf > 1) {
		if (o->skipped < EVTX_SKIP_LIST)
			o->skipped_no[o->skipped] = strtoull(f[1], NULL, 10);
		o->skipped++;
	} else if (strcmp(f[0], "W") == 0 && nf > 1 && o->damage[0] == '\0') {
		snprintf(o->damage, sizeof(o->damage), "%s", f[1]);
	}
}

void evtx_damage_note(const struct evtx_summary *o, char *buf, size_t size)
{
	struct strbuf sb;
	size_t i, n = o->skipped < EVTX_SKIP_LIST ? o->skipped : EVTX_SKIP_LIST;

	buf[0] = '\0';
	if (o->skipped == 0)
		return;
	sb_init(&sb);
	sb_printf(&sb, "%llu of %llu records could not be parsed (record%s ",
		  (unsigned long long)o->skipped, (unsigned long long)o->declared,
		  o->skipped > 1 ? "s" : "");
	for (i = 0; i < n; i++)
		sb_printf(&sb, "%s%llu", i ? ", " : "", (unsigned long long)o->skipped_no[i]);
	sb_printf(&sb, "%s)", o->skipped > n ? ", ..." : "");
	snprintf(buf, size, "%s", sb.s);
	sb_free(&sb);
}

/* Read the helper's lines up to the end: events into o; *fatal when it
 * reported an error that ends the file (X, e set), *done when it finished
 * (D). 0 at the end of its output, -1 (e set) when the output could not
 * be read. */
static int helper_output(struct line_reader *lr, struct evtx_summary *o, int *done, int *fatal,
			 struct nerr *e)
{
	char *line;
	size_t len;
	int rc, over;

	while ((rc = lr_next(lr, &line, &len, &over, e)) == 1) {
		char *f[MAX_FIELDS];
		size_t nf;

		if (over || *done || *fatal)
			continue; /* drain the pipe; an over-long line cannot be an event */
		nf = split(line, f, MAX_FIELDS);
		if (strcmp(f[0], "X") == 0 && nf > 1) {
			nerr_set(e, "%s", f[1]);
			if (nf > 2)
				nerr_set_detail(e, f[2]);
			*fatal = 1;
		} else if (strcmp(f[0], "D") == 0) {
			*done = 1;
		} else {
			helper_line(o, f, nf);
		}
	}
	return rc < 0 ? -1 : 0;
}

int evtx_parse_output(const char *path, const void *buf, size_t len, struct evtx_summary *o,
		      struct nerr *e)
{
	struct line_reader lr;
	int done = 0, fatal = 0, rc;

	memset(o, 0, sizeof(*o));
	o->artifact = path;
	lr_open_mem(&lr, buf, len, path);
	rc = helper_output(&lr, o, &done, &fatal, e);
	lr_close(&lr);
	if (rc < 0 || fatal)
		return -1;
	if (!done) {
		nerr_set(e, "%s: the event log helper's output ended early after %llu event(s)", path,
			 (unsigned long long)o->records);
		return -1;
	}
	return 0;
}

int evtx_read(const char *path, struct evtx_summary *o, struct nerr *e)
{
	return evtx_read_fd(-1, path, o, e);
}

/* The helper reads the file on its descriptor 3 (--fd 3): a descriptor of
 * the file for it, above 3 so that setting up 0, 1 and 3 in the child
 * cannot overwrite it. */
static int helper_input(int fd, const char *path, struct nerr *e)
{
	int own = input_fd(fd, path, e), high;

	if (own < 0 || own > 3)
		return own;
	high = fcntl(own, F_DUPFD_CLOEXEC, 4);
	if (high < 0)
		nerr_set(e, "%s: cannot read: %s", path, strerror(errno));
	close(own);
	return high;
}

int evtx_read_fd(int fd, const char *path, struct evtx_summary *o, struct nerr *e)
{
	char *helper;
	posix_spawn_file_actions_t fa;
	char *argv[5];
	struct line_reader lr;
	int pfd[2], status = 0, rc, done = 0, fatal = 0, ret = -1, in;
	pid_t pid;

	memset(o, 0, sizeof(*o));
	o->artifact = path;
	in = helper_input(fd, path, e);
	if (in < 0)
		return -1;
	helper = evtx_helper_path();
	if (pipe2(pfd, O_CLOEXEC) != 0) {
		nerr_set(e, "%s: cannot make a pipe for %s: %s", path, helper, strerror(errno));
		free(helper);
		close(in);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, in, 3);
	argv[0] = (char *)helper;
	argv[1] = (char *)"--fd";
	argv[2] = (char *)"3";
	argv[3] = (char *)path;
	argv[4] = NULL;
	rc = posix_spawnp(&pid, helper, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	close(in);
	if (rc != 0) {
		close(pfd[0]);
		nerr_set(e, "%s: cannot run the event log helper %s: %s (set NDES_AUDIT_EVTX_HELPER "
			 "to its path)", path, helper, strerror(rc));
		free(helper);
		return -1;
	}
	lr_open_fd(&lr, pfd[0], helper, NULL, NULL);
	rc = helper_output(&lr, o, &done, &fatal, e);
	lr_close(&lr);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc < 0)
		goto out;
	if (fatal)
		goto out;
	if (WIFSIGNALED(status)) {
		nerr_set(e, "%s: the event log helper %s was killed by signal %d after %llu event(s)",
			 path, helper, WTERMSIG(status), (unsigned long long)o->records);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !done) {
		nerr_set(e, "%s: the event log helper %s failed (exit status %d) after %llu event(s)",
			 path, helper, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			 (unsigned long long)o->records);
		goto out;
	}
	ret = 0;
out:
	free(helper);
	return ret;
}

/* A Windows event log by its file header signature. */
enum artifact_kind evtx_sniff(const unsigned char *h, size_t n, const char **note)
{
	(void)note;
	return n >= 8 && memcmp(h, "ElfFile", 8) == 0 ? ART_EVTX : ART_UNKNOWN;
}
