/* Log and event checks: what the server actually did, tied to the
 * configuration checks that explain it. Each finding names its time span,
 * its count, the first and last occurrence, and the checks it points to
 * (result_relate); the runner then names the finding in those checks'
 * results too. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/util.h"
#include "ndes_events.h"

#define MAX_REL 5

/* What an outcome means and what to do. */
struct outcome {
	int failure;       /* 1 a failure, 0 success or expected, -1 neither (other outcome) */
	const char *what;  /* the cause, in a few words */
	const char *rel[MAX_REL];
	const char *fix;
};

static void iso(int64_t t, char *buf, size_t n)
{
	time_format_iso(t, buf, n);
}

static void op_text(const struct status_bucket *b, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < OP__COUNT && o < size; i++)
		if (b->by_op[i])
			o += (size_t)snprintf(buf + o, size - o, "%s%s %llu", o ? ", " : "",
					      scep_op_name((enum scep_op)i),
					      (unsigned long long)b->by_op[i]);
}

static void ua_text(const uint64_t *by_ua, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < UA__COUNT && o < size; i++)
		if (by_ua[i])
			o += (size_t)snprintf(buf + o, size - o, "%s%s %llu", o ? ", " : "",
					      ua_kind_name((enum ua_kind)i),
					      (unsigned long long)by_ua[i]);
}

static void pos_evidence(struct result *r, const struct log_pos *p, const char *label,
			 const char *sample)
{
	char loc[96];

	snprintf(loc, sizeof(loc), "line %llu (%s)", (unsigned long long)p->line, label);
	result_add_evidence(r, p->artifact, loc, sample != NULL && sample[0] ? sample : NULL);
}

static void relate_all(struct result *r, const struct outcome *oc, const char *artifact,
		       const char *summary)
{
	int i;

	for (i = 0; i < MAX_REL && oc->rel[i] != NULL; i++)
		result_relate(r, oc->rel[i], artifact, summary);
}

static void rel_text(const struct outcome *oc, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < MAX_REL && oc->rel[i] != NULL && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", oc->rel[i]);
}

/* ---------------------------------------------------------------- IIS */

static void mscep_outcome(const struct status_bucket *b, struct outcome *oc)
{
	const struct http_status *s = &b->st;

	memset(oc, 0, sizeof(*oc));
	oc->failure = 1;
	if (s->status >= 200 && s->status < 300) {
		oc->failure = 0;
		oc->what = "served";
	} else if (s->status == 403 && b->by_op[OP_NONE] == b->count) {
		/* A browse without operation= is answered 403 once the Intune
		 * policy module is installed: the expected answer. */
		oc->failure = 0;
		oc->what = "browse without an operation, refused as expected";
	} else if (s->status == 500 && s->win32 == 1346) {
		oc->what = "IIS_IUSRS lacks the right \"Impersonate a client after authentication\" "
			   "(win32 1346, ERROR_BAD_IMPERSONATION_LEVEL)";
		oc->rel[0] = "rights.impersonate.iis_iusrs";
		oc->fix = "Grant \"Impersonate a client after authentication\" (SeImpersonatePrivilege) "
			  "to IIS_IUSRS (secpol.msc, Local Policies, User Rights Assignment; or the GPO "
			  "that sets it), then restart the server.";
	} else if (s->status == 500) {
		oc->what = "mscep.dll failed inside (the NDES service account may be locked out or its "
			   "password expired, or the RA certificates expired)";
		oc->rel[0] = "ra.validity";
		oc->rel[1] = "ra.present";
		oc->rel[2] = "iis.scep_pool.identity";
		oc->fix = "Check the NDES service account in AD (locked out, password expired) and the "
			  "RA certificates in the computer's MY store; renew what expired and run iisreset.";
	} else if (s->status == 503) {
		oc->what = "the SCEP application pool was stopped or crashing";
		oc->rel[0] = "iis.scep_pool.autostart";
		oc->rel[1] = "evt.app_pool_crash";
		oc->rel[2] = "trust.root.intermediate";
		oc->rel[3] = "policymodule.cert.validity";
		oc->fix = "Start the SCEP application pool in IIS Manager; if it stops again, find the "
			  "crash in the Application log (w3wp.exe event 1000): an intermediate CA in the "
			  "Trusted Root store and an expired policy-module certificate are the usual causes.";
	} else if ((s->status == 404 && s->sub == 14) || s->status == 414) {
		oc->what = "the request URL was longer than allowed";
		oc->rel[0] = "iis.request_limits.max_url";
		oc->rel[1] = "httpsys.max_field_length";
		oc->fix = "Set requestFiltering/requestLimits maxUrl to 65534 on the Default Web Site "
			  "and the HTTP.sys MaxFieldLength and MaxRequestBytes to 65534, then reboot.";
	} else if (s->status == 404 && s->sub == 15) {
		oc->what = "the query string was longer than allowed";
		oc->rel[0] = "iis.request_limits.max_query_string";
		oc->fix = "Set requestFiltering/requestLimits maxQueryString to 65534 on the Default Web "
			  "Site, then run iisreset.";
	} else if (s->status == 404 && s->sub == 2) {
		oc->what = "mscep.dll is not allowed by the ISAPI and CGI restrictions";
		oc->rel[0] = "iis.mscep.app";
		oc->fix = "Allow mscep.dll under ISAPI and CGI Restrictions in IIS Manager.";
	} else if (s->status == 404) {
		oc->what = "the mscep application was not found";
		oc->rel[0] = "iis.mscep.app";
		oc->fix = "Reinstall or repair the NDES role so that /CertSrv/mscep exists.";
	} else if (s->status == 401) {
		oc->what = "authentication was required (anonymous access is off)";
		oc->rel[0] = "iis.mscep.anonymous";
		oc->fix = "Enable anonymous authentication on Default Web Site/CertSrv/mscep.";
	} else if (s->status == 403) {
		oc->what = "SCEP requests were refused (403)";
		oc->fix = "Find the substatus's cause (403.4 SSL required, 403.7 client certificate "
			  "required, ...) in the site's settings for /CertSrv/mscep.";
	} else if (s->status >= 400 && s->status < 600) {
		oc->what = "the request failed";
		oc->fix = "Look up the status and win32 code in the IIS log lines named as evidence.";
	} else {
		oc->failure = -1;
		oc->what = "other outcome";
	}
}

static void iis_span(const struct facts *f, char *buf, size_t n)
{
	log_span_text(f->logs->iis_has_time, f->logs->iis_first_t, f->logs->iis_last_t, buf, n);
}

static void sites_text(const struct log_facts *lf, char *buf, size_t size)
{
	size_t o = 0, i;

	buf[0] = '\0';
	for (i = 0; i < lf->nsites && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%sW3SVC%ld", i ? ", " : "", lf->sites[i]);
}

/* A finding about one outcome bucket, with its evidence and links. */
static void bucket_finding(struct emitter *em, const char *prefix, const struct status_bucket *b,
			   const struct outcome *oc, enum status st, int64_t later_ok)
{
	char code[48], target[80], span[96], ops[160], uas[200], rels[200], summary[200];
	char since[96] = "";
	struct result *r;

	http_status_text(&b->st, code, sizeof(code));
	snprintf(target, sizeof(target), "%s %s", prefix, code);
	log_span_text(b->has_time, b->first_t, b->last_t, span, sizeof(span));
	op_text(b, ops, sizeof(ops));
	ua_text(b->by_ua, uas, sizeof(uas));
	rel_text(oc, rels, sizeof(rels));
	if (st == ST_WARN) {
		char later[32];

		iso(later_ok, later, sizeof(later));
		snprintf(since, sizeof(since), "; not seen since: requests succeed again "
			 "(last success %s)", later);
	}
	r = emit(em, st, target, "%s answered %s %llu time(s), %s (%s; clients: %s): %s%s%s%s",
		 prefix, code, (unsigned long long)b->count, span, ops[0] ? ops : "no operation",
		 uas, oc->what, rels[0] ? "; consistent with " : "", rels, since);
	pos_evidence(r, &b->first, "first", b->sample);
	if (b->count > 1)
		pos_evidence(r, &b->last, "last", NULL);
	if (oc->fix != NULL)
		result_set_remediation(r, "%s", oc->fix);
	snprintf(summary, sizeof(summary), "%s seen %llu time(s), %s", code,
		 (unsigned long long)b->count, span);
	relate_all(r, oc, b->first.artifact, summary);
}

/* What the mscep.dll outcome buckets add up to. */
struct mscep_tally {
	int64_t last_ok, ok_op[OP__COUNT]; /* latest success, per operation too */
	int has_ok, fails;
	uint64_t ok, expected, other, failed, by_op[OP__COUNT], by_ua[UA__COUNT];
};

/* The latest successful request, overall and per operation. */
static void mscep_last_success(const struct bucket_set *set, struct mscep_tally *t)
{
	size_t i;
	int k;

	for (i = 0; i < set->n; i++) {
		const struct status_bucket *b = &set->v[i];
		struct outcome oc;

		mscep_outcome(b, &oc);
		if (oc.failure != 0 || b->st.status < 200 || b->st.status >= 300 || !b->has_time)
			continue;
		if (!t->has_ok || b->last_t > t->last_ok)
			t->last_ok = b->last_t;
		t->has_ok = 1;
		for (k = 0; k < OP__COUNT; k++)
			if (b->by_op[k] && b->last_op_t[k] > t->ok_op[k])
				t->ok_op[k] = b->last_op_t[k];
	}
}

/* Failures that stopped: every operation that failed in b succeeded later. */
static int failure_stopped(const struct status_bucket *b, const struct mscep_tally *t)
{
	int k;

	if (!t->has_ok || !b->has_time)
		return 0;
	for (k = 0; k < OP__COUNT; k++)
		if (b->by_op[k] && !(t->ok_op[k] > b->last_op_t[k]))
			return 0;
	return 1;
}

/* One finding per failing outcome (warn when it stopped), and the counts. */
static void mscep_findings(const struct bucket_set *set, struct mscep_tally *t,
			   struct emitter *em)
{
	size_t i;
	int k;

	for (i = 0; i < set->n; i++) {
		const struct status_bucket *b = &set->v[i];
		struct outcome oc;

		mscep_outcome(b, &oc);
		for (k = 0; k < OP__COUNT; k++)
			t->by_op[k] += b->by_op[k];
		for (k = 0; k < UA__COUNT; k++)
			t->by_ua[k] += b->by_ua[k];
		if (oc.failure == 1) {
			int stopped = failure_stopped(b, t);

			bucket_finding(em, "mscep.dll", b, &oc, stopped ? ST_WARN : ST_FAIL,
				       t->last_ok);
			t->failed += b->count;
			if (!stopped)
				t->fails++;
		} else if (oc.failure == 0) {
			if (b->st.status == 403)
				t->expected += b->count;
			else
				t->ok += b->count;
		} else {
			t->other += b->count;
		}
	}
}

/* The one result when no failure is current: pass with successes, else warn. */
static void mscep_summary(const struct facts *f, const struct mscep_tally *t,
			  struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	const struct bucket_set *set = &lf->mscep;
	char span[96], ops[200], uas[200], last[32] = "";
	struct status_bucket all;
	struct result *r;
	size_t i;

	memset(&all, 0, sizeof(all));
	memcpy(all.by_op, t->by_op, sizeof(t->by_op));
	op_text(&all, ops, sizeof(ops));
	ua_text(t->by_ua, uas, sizeof(uas));
	iis_span(f, span, sizeof(span));
	if (t->has_ok)
		iso(t->last_ok, last, sizeof(last));
	r = emit(em, t->ok > 0 ? ST_PASS : ST_WARN, "mscep.dll",
		 "%llu request(s) to mscep.dll in the IIS logs (%s): %llu served (2xx)%s%s, "
		 "%llu refused as expected (browse without operation), %llu failed before "
		 "later successes, %llu other%s%s; operations: %s; clients: %s",
		 (unsigned long long)lf->mscep_requests, span, (unsigned long long)t->ok,
		 t->has_ok ? ", last at " : "", last, (unsigned long long)t->expected,
		 (unsigned long long)t->failed, (unsigned long long)t->other,
		 set->overflow ? "; outcomes past the limit: " : "",
		 set->overflow ? "some not itemised" : "", ops, uas);
	if (t->ok == 0)
		result_set_remediation(r, "No SCEP request ended 200: look at the outcomes "
					  "listed and at the configuration checks above.");
	for (i = 0; i < set->n; i++) {
		if (set->v[i].st.status >= 200 && set->v[i].st.status < 300) {
			const struct log_pos *fp = &set->v[i].first, *lp = &set->v[i].last;
			int one = fp->line == lp->line && fp->artifact == lp->artifact;

			/* The bucket keeps the text of its first line only. */
			pos_evidence(r, lp, "latest served", one ? set->v[i].sample : NULL);
			if (!one)
				pos_evidence(r, fp, "first served", set->v[i].sample);
			break;
		}
	}
}

/* The sites and FTP sites whose logs are in the bundle:
 * "W3SVC2, W3SVC20 and FTP site FTPSVC3". */
static void all_sites_text(const struct log_facts *lf, char *buf, size_t size)
{
	size_t o, i;

	sites_text(lf, buf, size);
	o = strlen(buf);
	for (i = 0; i < lf->nftp_sites && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%sFTPSVC%ld", o && i == 0 ? " and " : "",
				      i ? ", " : "FTP site(s) ", lf->ftp_sites[i]);
}

/* When the IIS model knows which site hosts /CertSrv/mscep and no IIS log
 * of that site is in the bundle (only other sites' or FTP logs), the logs
 * cannot show what devices got from NDES: an ne result naming the sites
 * whose logs are there, and 1. */
static int ne_other_sites(const struct facts *f, struct emitter *em, const char *target)
{
	const struct log_facts *lf = f->logs;
	const struct iis_site *ns = f->iis != NULL ? f->iis->ndes_site : NULL;
	char sites[200];
	struct result *r;
	size_t i;

	if (ns == NULL || lf->ndes_site < 0 || lf->niis > 0 || lf->niis_other == 0)
		return 0;
	all_sites_text(lf, sites, sizeof(sites));
	r = emit(em, ST_NE, target, "not evaluated: the bundle has logs of %s only (%llu line(s), "
		 "not relevant), but /CertSrv/mscep is in site %ld (%s); collect that site's logs "
		 "(W3SVC%ld)", sites, (unsigned long long)lf->other_site_lines, ns->id,
		 ns->name != NULL ? ns->name : "unnamed", ns->id);
	for (i = 0; i < lf->niis_other; i++)
		result_add_evidence(r, lf->iis_other[i]->artifact, lf->iis_other[i]->site_origin,
				    lf->iis_other[i]->ftp ? "FTP site log: not relevant"
							  : "another site's log: not relevant");
	result_add_evidence_line(r, f->iis->artifact, "site hosting /CertSrv/mscep", ns->name, ns->line);
	return 1;
}

void check_log_iis_mscep_status(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	struct mscep_tally t;

	if (ne_other_sites(f, em, "mscep.dll"))
		return;
	if (lf->mscep_requests == 0) {
		char span[96];

		iis_span(f, span, sizeof(span));
		emit(em, ST_NA, "mscep.dll",
		     "the IIS logs (%zu file(s), %s) hold no request to mscep.dll: see log.iis.no_requests",
		     lf->niis, span);
		return;
	}
	memset(&t, 0, sizeof(t));
	mscep_last_success(&lf->mscep, &t);
	mscep_findings(&lf->mscep, &t, em);
	if (!t.fails)
		mscep_summary(f, &t, em);
}

/* No verdict from too little (issue 15.2): "no mscep.dll request" means
 * something only over a span in which devices would have called, with the
 * site serving other requests meanwhile. */
#define IIS_MIN_SPAN_HOURS 24

static int long_enough(const struct log_facts *lf)
{
	return lf->iis_has_time && lf->other_requests > 0 &&
	       lf->iis_last_t - lf->iis_first_t >= (int64_t)IIS_MIN_SPAN_HOURS * 3600;
}

void check_log_iis_no_requests(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	char span[96], sites[160];
	struct result *r;
	size_t i;

	if (ne_other_sites(f, em, "mscep.dll"))
		return;
	iis_span(f, span, sizeof(span));
	sites_text(lf, sites, sizeof(sites));
	if (lf->iis_records == 0) {
		r = emit(em, ST_WARN, "mscep.dll",
			 "the IIS logs (%zu file(s)) hold no request record at all: the site received "
			 "nothing while logging, or logging was off", lf->niis);
		for (i = 0; i < lf->niis; i++)
			result_add_evidence(r, lf->iis[i]->artifact, NULL, "0 records");
		return;
	}
	if (lf->mscep_requests == 0 && !long_enough(lf)) {
		r = emit(em, ST_WARN, "mscep.dll",
			 "the IIS logs of the NDES site cover only %s (%llu request(s), none to "
			 "mscep.dll): a verdict needs at least %d hours of the site's log with other "
			 "requests in it; collect more days of logs", span,
			 (unsigned long long)lf->iis_records, IIS_MIN_SPAN_HOURS);
		for (i = 0; i < lf->niis; i++)
			result_add_evidence(r, lf->iis[i]->artifact, NULL, "no mscep.dll request");
		return;
	}
	if (lf->mscep_requests == 0) {
		char summary[200];

		r = emit(em, ST_FAIL, "mscep.dll",
			 "the IIS logs cover %s (%llu request(s) in %zu file(s)%s%s) but hold no request "
			 "to /certsrv/mscep/mscep.dll: devices never reached this server (network, "
			 "firewall, proxy, DNS, or the application proxy between them and the server); "
			 "consistent with httpsys.tls_binding, iis.https_binding, service.appproxy.start",
			 span, (unsigned long long)lf->iis_records, lf->niis, sites[0] ? ", sites " : "",
			 sites);
		result_set_remediation(r, "From a device's network, browse to the SCEP URL of the "
					  "profile (https://SERVER/certsrv/mscep/mscep.dll: expect HTTP "
					  "403); check DNS, firewalls and the application proxy "
					  "publishing, and that the URL in the Intune SCEP profile names "
					  "this server.");
		for (i = 0; i < lf->niis; i++)
			result_add_evidence(r, lf->iis[i]->artifact, NULL, "no mscep.dll request");
		snprintf(summary, sizeof(summary), "no mscep.dll request among %llu, %s",
			 (unsigned long long)lf->iis_records, span);
		result_relate(r, "httpsys.tls_binding", lf->iis[0]->artifact, summary);
		result_relate(r, "iis.https_binding", lf->iis[0]->artifact, summary);
		result_relate(r, "service.appproxy.start", lf->iis[0]->artifact, summary);
		return;
	}
	emit(em, ST_PASS, "mscep.dll",
	     "%llu request(s) to mscep.dll among %llu in the IIS logs (%s%s%s): devices reach the server",
	     (unsigned long long)lf->mscep_requests, (unsigned long long)lf->iis_records, span,
	     sites[0] ? ", sites " : "", sites);
}

static void crp_outcome(const struct status_bucket *b, struct outcome *oc)
{
	const struct http_status *s = &b->st;

	memset(oc, 0, sizeof(*oc));
	oc->failure = 1;
	if (s->status >= 200 && s->status < 300) {
		oc->failure = 0;
		oc->what = "verified";
	} else if (s->status == 403 && s->sub == 16 && s->win32 == 2148204809LL) {
		oc->what = "the client certificate chain is untrusted (0x800B0109, CERT_E_UNTRUSTEDROOT): "
			   "an intermediate CA in the Trusted Root store";
		oc->rel[0] = "trust.root.intermediate";
		oc->rel[1] = "trust.chain";
		oc->fix = "Move every non-self-signed certificate out of the computer's Trusted Root "
			  "store (and out of the GPO that pushes it), then restart the server.";
	} else if (s->status == 403) {
		oc->what = "the connector's client certificate was refused (no Client Authentication EKU?)";
		oc->rel[0] = "policymodule.cert.client_auth";
		oc->rel[1] = "policymodule.cert.present";
		oc->fix = "Give the NDES policy module a certificate with the Client Authentication EKU "
			  "and reinstall the connector with it.";
	} else if (s->status == 500) {
		oc->what = "the certificate registration point failed";
		oc->rel[0] = "policymodule.cert.validity";
		oc->rel[1] = "policymodule.cert.present";
		oc->fix = "Check the policy module certificate (NDESCertThumbprint) and the connector's "
			  "own log; renew an expired certificate and reinstall the connector.";
	} else if (s->status >= 400 && s->status < 600) {
		oc->what = "VerifyRequest failed";
		oc->fix = "Look up the status and win32 code in the IIS log lines named as evidence.";
	} else {
		oc->failure = -1;
		oc->what = "other outcome";
	}
}

void check_log_iis_crp_verify(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	const struct bucket_set *set = &lf->crp;
	uint64_t ok = 0, other = 0;
	int fails = 0;
	size_t i;
	char span[96];

	if (ne_other_sites(f, em, "VerifyRequest"))
		return;
	if (lf->crp_requests == 0) {
		iis_span(f, span, sizeof(span));
		emit(em, ST_NA, "VerifyRequest", "%s (%s)",
		     f->connector.gen == CONN_CURRENT
			     ? "the current Intune connector does not use CertificateRegistrationSvc, "
			       "and the IIS logs hold no VerifyRequest call"
			     : "the IIS logs hold no call to /CertificateRegistrationSvc/Certificate/"
			       "VerifyRequest: the legacy connector's certificate registration point "
			       "was not used",
		     span);
		return;
	}
	for (i = 0; i < set->n; i++) {
		struct outcome oc;

		crp_outcome(&set->v[i], &oc);
		if (oc.failure == 1) {
			bucket_finding(em, "VerifyRequest", &set->v[i], &oc, ST_FAIL, 0);
			fails++;
		} else if (oc.failure == 0) {
			ok += set->v[i].count;
		} else {
			other += set->v[i].count;
		}
	}
	if (!fails) {
		iis_span(f, span, sizeof(span));
		emit(em, ok > 0 ? ST_PASS : ST_WARN, "VerifyRequest",
		     "%llu VerifyRequest call(s) in the IIS logs (%s): %llu verified, %llu other outcome(s)",
		     (unsigned long long)lf->crp_requests, span, (unsigned long long)ok,
		     (unsigned long long)other);
	}
}

/* ------------------------------------------------------------ HTTPERR */

static void herr_outcome(const struct httperr_bucket *b, struct outcome *oc)
{
	static const char *const outage[] = {"AppOffline", "AppPoolTimer", "AppShutdown",
					     "QueueFull", "Disabled",
					     "Connection_Abandoned_By_AppPool"};
	size_t i;

	memset(oc, 0, sizeof(*oc));
	oc->failure = -1;
	if (ascii_casecmp(b->reason, "FieldLength") == 0) {
		oc->failure = 1;
		oc->what = "HTTP.sys refused a request header field as too long (MaxFieldLength)";
		oc->rel[0] = "httpsys.max_field_length";
		oc->fix = "Set HTTP\\Parameters\\MaxFieldLength to 65534 (and MaxRequestBytes to at "
			  "least 65534), then reboot.";
	} else if (ascii_casecmp(b->reason, "RequestLength") == 0) {
		oc->failure = 1;
		oc->what = "HTTP.sys refused a request as too large (MaxRequestBytes)";
		oc->rel[0] = "httpsys.max_request_bytes";
		oc->rel[1] = "httpsys.max_field_length";
		oc->fix = "Set HTTP\\Parameters\\MaxRequestBytes to at least 65534, then reboot.";
	} else if (ascii_casecmp(b->reason, "URL_Length") == 0) {
		oc->failure = 1;
		oc->what = "HTTP.sys refused the URL as too long";
		oc->rel[0] = "httpsys.max_field_length";
		oc->rel[1] = "iis.request_limits.max_url";
		oc->fix = "Set HTTP\\Parameters\\MaxFieldLength to 65534 and the site's maxUrl to 65534, "
			  "then reboot.";
	}
	for (i = 0; oc->failure < 0 && i < sizeof(outage) / sizeof(outage[0]); i++) {
		if (ascii_casecmp(b->reason, outage[i]) == 0) {
			oc->failure = 1;
			oc->what = "the application pool was down (HTTP.sys answered for it)";
			oc->rel[0] = "iis.scep_pool.autostart";
			oc->rel[1] = "evt.app_pool_crash";
			oc->fix = "Start the SCEP application pool; if it stops again, look for its crash "
				  "in the event logs (w3wp.exe event 1000, WAS 5009).";
		}
	}
	if (oc->failure < 0)
		oc->what = "other HTTP.sys outcome";
}

void check_log_httperr(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	char span[96], others[400];
	size_t i, o = 0;
	int fails = 0;

	log_span_text(lf->herr_has_time, lf->herr_first_t, lf->herr_last_t, span, sizeof(span));
	others[0] = '\0';
	for (i = 0; i < lf->nherr; i++) {
		const struct httperr_bucket *b = &lf->herr[i];
		struct outcome oc;
		char target[128], st[16], bspan[96], summary[200], rels[200];
		struct result *r;

		herr_outcome(b, &oc);
		snprintf(st, sizeof(st), b->status >= 0 ? "%d" : "-", b->status);
		if (oc.failure != 1) {
			if (o < sizeof(others))
				o += (size_t)snprintf(others + o, sizeof(others) - o, "%s%s %s %llu",
						      o ? ", " : "", b->reason[0] ? b->reason : "-",
						      st, (unsigned long long)b->count);
			continue;
		}
		fails++;
		snprintf(target, sizeof(target), "HTTPERR %s %s%s%s", st, b->reason,
			 b->queue[0] ? " " : "", b->queue);
		log_span_text(b->has_time, b->first_t, b->last_t, bspan, sizeof(bspan));
		rel_text(&oc, rels, sizeof(rels));
		r = emit(em, ST_FAIL, target,
			 "HTTP.sys refused %llu request(s) for the NDES URLs with %s %s, %s: %s; the "
			 "request never reached IIS, so the IIS log does not show it; consistent with %s",
			 (unsigned long long)b->count, st, b->reason, bspan, oc.what, rels);
		pos_evidence(r, &b->first, "first", b->sample);
		if (b->count > 1)
			pos_evidence(r, &b->last, "last", NULL);
		result_set_remediation(r, "%s", oc.fix);
		snprintf(summary, sizeof(summary), "HTTPERR %s %s seen %llu time(s), %s", st, b->reason,
			 (unsigned long long)b->count, bspan);
		relate_all(r, &oc, b->first.artifact, summary);
	}
	if (!fails)
		emit(em, ST_PASS, "HTTPERR",
		     "the HTTPERR logs (%zu file(s), %s, %llu line(s)) show no length rejection and no "
		     "application pool outage for the NDES URLs%s%s%s",
		     lf->nhttperr, span, (unsigned long long)lf->herr_records,
		     others[0] ? " (other outcomes for them: " : "", others, others[0] ? ")" : "");
}

/* ------------------------------------------------------------ SetupMsi */

static const struct {
	const char *text;
	const char *cause;
	const char *rel;
} msi_known[MSI__COUNT] = {
	{"Site not found",
	 "the installer looks for the site \"Default Web Site\" (site id 1), which was renamed or "
	 "removed", "iis.default_site"},
	{"0x80090014",
	 "NTE_BAD_PROV_TYPE: a certificate's private key is held by a provider of the wrong type "
	 "(a CNG key storage provider where a CryptoAPI CSP is needed)", "ra.private_key"},
	{"0x80070005",
	 "E_ACCESSDENIED: access denied (the installer did not run elevated as a local "
	 "administrator, or the account lacks rights on a key or folder)", NULL},
};

static int intune_product(const char *p)
{
	const char *s;

	for (s = p; *s != '\0'; s++)
		if (ascii_ncasecmp(s, "Intune", 6) == 0)
			return 1;
	return 0;
}

void check_log_setupmsi_result(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	size_t i;
	int k;

	for (i = 0; i < lf->nmsi; i++) {
		const struct msi_summary *m = lf->msi[i];
		struct strbuf known;
		struct result *r;
		char loc[64];

		if (m->product[0] != '\0' && !intune_product(m->product)) {
			emit(em, ST_NA, m->name, "Windows Installer log of another product (%s %s)",
			     m->product, m->version);
			continue;
		}
		sb_init(&known);
		sb_add(&known, "");
		for (k = 0; k < MSI__COUNT; k++)
			if (m->err_count[k])
				sb_printf(&known, "; \"%s\" at line %llu (%llu time(s)): %s",
					  msi_known[k].text, (unsigned long long)m->err_line[k],
					  (unsigned long long)m->err_count[k], msi_known[k].cause);
		if (!m->has_status) {
			r = emit(em, ST_WARN, m->name,
				 "the installer log (started %s) ends without \"Installation success or "
				 "error status\": the installation was interrupted or the log is "
				 "incomplete%s", m->started[0] ? m->started : "(unknown)", known.s);
		} else if (m->status == 0) {
			r = emit(em, ST_PASS, m->name,
				 "%s %s installed: Installation success or error status: 0 (log started "
				 "%s)%s", m->product[0] ? m->product : "the connector", m->version,
				 m->started[0] ? m->started : "(unknown)", known.s);
		} else {
			r = emit(em, ST_FAIL, m->name,
				 "%s %s did not install: Installation success or error status: %ld%s "
				 "(log started %s)%s%s%s", m->product[0] ? m->product : "the connector",
				 m->version, m->status,
				 m->status == 1603 ? " (fatal error during installation)"
				 : m->status == 1602 ? " (cancelled by the user)" : "",
				 m->started[0] ? m->started : "(unknown)",
				 m->failed_action_line ? "; first failed action: " : "",
				 m->failed_action_line ? m->failed_action : "", known.s);
			result_set_remediation(r, "Fix the cause named in the log, remove the connector, "
						  "and install it again (run the installer elevated, as a "
						  "local administrator).");
		}
		sb_free(&known);
		if (m->has_status) {
			snprintf(loc, sizeof(loc), "line %llu", (unsigned long long)m->status_line);
			result_add_evidence(r, m->artifact, loc, m->status_sample);
		}
		if (m->failed_action_line) {
			snprintf(loc, sizeof(loc), "line %llu (first failed action)",
				 (unsigned long long)m->failed_action_line);
			result_add_evidence(r, m->artifact, loc, m->failed_action);
		}
		for (k = 0; k < MSI__COUNT; k++) {
			char summary[160];

			if (!m->err_count[k])
				continue;
			snprintf(loc, sizeof(loc), "line %llu", (unsigned long long)m->err_line[k]);
			result_add_evidence(r, m->artifact, loc, m->err_sample[k]);
			if (msi_known[k].rel != NULL && r->status != ST_PASS) {
				snprintf(summary, sizeof(summary), "\"%s\" at line %llu", msi_known[k].text,
					 (unsigned long long)m->err_line[k]);
				result_relate(r, msi_known[k].rel, m->artifact, summary);
			}
		}
	}
	if (em->emitted == 0)
		emit(em, ST_NE, "", "not evaluated: no readable connector SetupMsi.log");
}

/* -------------------------------------------------------------- events */

/* A log that ends this long before the collection time (or --as-of when
 * that is unknown) shows an older state of the server: it cannot make an
 * evt.* check pass on its own (issue 15.3). */
#define EVT_STALE_DAYS 30

static int64_t evt_reference(const struct facts *f)
{
	return f->has_collected_at ? f->collected_at : f->as_of;
}

/* Has the log events of this host, the newest recent enough? */
static int chan_fresh(const struct facts *f, const struct channel_span *c)
{
	return c->present && c->has_time &&
	       c->last_t >= evt_reference(f) - (int64_t)EVT_STALE_DAYS * 86400;
}

/* Why a present log cannot make a pass: "the Application log covers
 * 2013-02-01 to 2013-03-04, more than 30 days before ...". */
static void stale_text(const struct facts *f, const struct channel_span *c, const char *name,
		       char *buf, size_t size)
{
	char a[40], b[40], ref[40];

	iso(evt_reference(f), ref, sizeof(ref));
	if (!c->has_time) {
		snprintf(buf, size, "the %s log has no event of this host", name);
		return;
	}
	iso(c->first_t, a, sizeof(a));
	iso(c->last_t, b, sizeof(b));
	snprintf(buf, size, "the %s log covers %.10s to %.10s, more than %d days before the %s (%.10s)",
		 name, a, b, EVT_STALE_DAYS, f->has_collected_at ? "collection time" : "--as-of date",
		 ref);
}

/* "; not counted: events of other computers (WIN-X: 173 event(s) in
 * System.evtx)", or "". */
static const char *foreign_text(const struct log_facts *lf, char *buf, size_t size)
{
	buf[0] = '\0';
	if (lf->foreign_events > 0)
		snprintf(buf, size, "; not counted: events of other computers (%s)", lf->foreign);
	return buf;
}

static void chan_text(const struct channel_span *c, const char *name, char *buf, size_t size)
{
	char span[96];

	if (!c->present) {
		snprintf(buf, size, "no %s log in the bundle", name);
		return;
	}
	log_span_text(c->has_time, c->first_t, c->last_t, span, sizeof(span));
	snprintf(buf, size, "%s log %s, %llu event(s)", name, span, (unsigned long long)c->records);
}

static void evt_finding_st(struct emitter *em, enum status st, const struct evt_bucket *b,
			   const char *target, const char *const *rel, const char *fix);

static void evt_finding(struct emitter *em, const struct evt_bucket *b, const char *target,
			const char *const *rel, const char *fix)
{
	evt_finding_st(em, ST_FAIL, b, target, rel, fix);
}

static void evt_finding_st(struct emitter *em, enum status st, const struct evt_bucket *b,
			   const char *target, const char *const *rel, const char *fix)
{
	char span[96], summary[200], rels[200];
	struct result *r;
	struct outcome oc;
	size_t dlen = strlen(b->detail);
	int i;

	memset(&oc, 0, sizeof(oc));
	for (i = 0; i < MAX_REL && rel[i] != NULL; i++)
		oc.rel[i] = rel[i];
	rel_text(&oc, rels, sizeof(rels));
	log_span_text(1, b->first_t, b->last_t, span, sizeof(span));
	while (dlen > 0 && (b->detail[dlen - 1] == '.' || b->detail[dlen - 1] == ' '))
		dlen--; /* the event text's own full stop would run into ": N time(s)" */
	r = emit(em, st, target, "%.*s: %llu time(s), %s%s%s", (int)dlen, b->detail,
		 (unsigned long long)b->count, span, rels[0] ? "; consistent with " : "", rels);
	{
		char loc[64];

		snprintf(loc, sizeof(loc), "event record %llu (first)", (unsigned long long)b->first.line);
		result_add_evidence(r, b->first.artifact, loc, b->detail);
		if (b->count > 1) {
			snprintf(loc, sizeof(loc), "event record %llu (last)",
				 (unsigned long long)b->last.line);
			result_add_evidence(r, b->last.artifact, loc, NULL);
		}
	}
	result_set_remediation(r, "%s", fix);
	snprintf(summary, sizeof(summary), "%s seen %llu time(s), %s", target,
		 (unsigned long long)b->count, span);
	relate_all(r, &oc, b->first.artifact, summary);
}

void check_evt_app_pool_crash(const struct facts *f, struct emitter *em)
{
	static const char *const crash_rel[] = {"trust.root.intermediate", "policymodule.cert.validity",
						"iis.crp.anonymous_only", "trust.crl.cached", NULL};
	static const char *const was_rel[] = {"iis.scep_pool.autostart", "trust.root.intermediate",
					      "policymodule.cert.validity", NULL};
	const struct log_facts *lf = f->logs;
	const char *pool = f->scep_pool.known && f->scep_pool.pool != NULL ? f->scep_pool.pool : "SCEP";
	char app[160], sys[160], other[600];
	uint64_t other_pools = 0;
	size_t i;
	int found = 0;

	if (!lf->application.present && !lf->system.present) {
		emit(em, ST_NE, "", "not evaluated: none of the %zu .evtx file(s) is the Application or "
		     "System log%s%s", lf->nevtx, lf->foreign_events ? " of this host" : "",
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	for (i = 0; i < lf->nevt; i++) {
		const struct evt_bucket *b = &lf->evt[i];
		char target[160];

		if (b->kind == EVT_W3WP_CRASH) {
			snprintf(target, sizeof(target), "w3wp.exe event 1000 %s", b->key);
			evt_finding(em, b, target, crash_rel,
				    "Find what crashes the worker process: an intermediate CA in the "
				    "Trusted Root store, an expired policy-module certificate, Windows "
				    "authentication on CertificateRegistrationSvc, or CRLs the server "
				    "cannot fetch; fix it and restart the server.");
			found++;
		} else if (b->kind == EVT_WAS_5009 || b->kind == EVT_WAS_5002) {
			if (ascii_casecmp(b->key, pool) != 0) {
				other_pools += b->count;
				continue;
			}
			snprintf(target, sizeof(target), "WAS event %s %s",
				 b->kind == EVT_WAS_5009 ? "5009" : "5002", b->key);
			evt_finding(em, b, target, was_rel,
				    b->kind == EVT_WAS_5002
					    ? "Fix the worker process crashes, then start the pool again "
					      "(rapid-fail protection keeps it stopped: HTTP 503)."
					    : "Find the cause of the worker process exits (see w3wp.exe "
					      "event 1000 in the Application log) and fix it.");
			found++;
		}
	}
	if (found)
		return;
	if (!chan_fresh(f, &lf->application) && !chan_fresh(f, &lf->system)) {
		stale_text(f, lf->application.present ? &lf->application : &lf->system,
			   lf->application.present ? "Application" : "System", app, sizeof(app));
		if (lf->application.present && lf->system.present)
			stale_text(f, &lf->system, "System", sys, sizeof(sys));
		else
			sys[0] = '\0';
		emit(em, ST_NE, pool, "not evaluated: %s%s%s: no recent evidence%s", app,
		     sys[0] ? "; " : "", sys, foreign_text(lf, other, sizeof(other)));
		return;
	}
	chan_text(&lf->application, "Application", app, sizeof(app));
	chan_text(&lf->system, "System", sys, sizeof(sys));
	emit(em, ST_PASS, pool, "no w3wp.exe crash (event 1000) and no WAS 5009/5002 for pool %s (%s; "
	     "%s)%s%s", pool, app, sys, other_pools ? "; WAS events for other pools are ignored" : "",
	     foreign_text(lf, other, sizeof(other)));
}

/* A connector error or critical event: its documented name, meaning,
 * related checks and fix when the table (ndes_events.c) has its ID, and
 * the meaning of a documented diagnostic code in its text; else its own
 * text and the general fix. */
static void connector_finding(struct emitter *em, const struct evt_bucket *b)
{
	static const char *const none[] = {NULL};
	const struct event_entry *e = connector_event_entry(strtoul(b->key, NULL, 10));
	const struct diag_entry *d = connector_diag_in(b->detail);
	char target[64], detail[LOG_SAMPLE_MAX + 1];
	struct evt_bucket copy;

	snprintf(target, sizeof(target), "connector event %s", b->key);
	copy = *b;
	if (e != NULL || d != NULL) {
		snprintf(detail, sizeof(detail), "%s%s%s%s%s%s%s%s; %s", e ? e->name : "",
			 e ? " = " : "", e ? e->meaning : "", e && d ? "; " : "",
			 d ? "diagnostic " : "", d ? d->name : "", d ? " = " : "", d ? d->meaning : "",
			 b->detail);
		log_sample(copy.detail, detail, strlen(detail));
	}
	evt_finding(em, &copy, target, e != NULL ? e->rel : none,
		    e != NULL ? e->fix
			      : "Read the event's text: the connector names what failed (its service "
				"account's rights on the CA, a proxy between the server and Intune, an "
				"expired or missing connector certificate). Fix that, then restart the "
				"connector's services.");
}

void check_evt_connector(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	char log[160], other[600];
	size_t i;
	int found = 0;

	if (!lf->connector.present) {
		emit(em, ST_NE, "", "not evaluated: none of the %zu .evtx file(s) is the Intune "
		     "connector's log (Microsoft-Intune-CertificateConnectors/Admin)%s%s",
		     lf->nevtx, lf->foreign_events ? " of this host" : "",
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	for (i = 0; i < lf->nevt; i++) {
		if (lf->evt[i].kind != EVT_CONNECTOR)
			continue;
		connector_finding(em, &lf->evt[i]);
		found++;
	}
	if (!found && !chan_fresh(f, &lf->connector)) {
		stale_text(f, &lf->connector, "connector", log, sizeof(log));
		result_add_evidence(emit(em, ST_NE, "connector events", "not evaluated: %s: no recent "
					 "evidence%s", log, foreign_text(lf, other, sizeof(other))),
				    lf->connector.artifact, NULL, NULL);
	} else if (!found) {
		struct result *r;

		chan_text(&lf->connector, "connector", log, sizeof(log));
		r = emit(em, ST_PASS, "connector events", "no error or critical event in the "
			 "connector's log (%s; %llu warning(s))%s", log,
			 (unsigned long long)lf->connector_warnings, foreign_text(lf, other, sizeof(other)));
		result_add_evidence(r, lf->connector.artifact, NULL, NULL);
	}
}

/* An NDES error or warning event: what it means and what to do when the
 * table (ndes_events.c) knows its ID, else its own text; the HRESULT's
 * meaning when known. */
static void ndes_finding(struct emitter *em, const struct evt_bucket *b, unsigned long id,
			 const char *code)
{
	static const char *const none[] = {NULL};
	const struct event_entry *e = ndes_event_entry(id);
	const char *hm = code[0] ? ndes_hresult_meaning(code) : NULL;
	const char *hf = code[0] ? ndes_hresult_fix(code) : NULL;
	char target[128], detail[LOG_SAMPLE_MAX + 1], fix[600];
	struct evt_bucket copy;

	snprintf(target, sizeof(target), "NDES event %lu%s%s", id, code[0] ? " " : "", code);
	copy = *b;
	snprintf(detail, sizeof(detail), "NDES event %lu%s%s%s%s%s%s: %s", id,
		 e != NULL ? " = " : " (ID not in the event table)", e != NULL ? e->meaning : "",
		 hm ? "; " : "", hm ? code : "", hm ? " = " : "", hm ? hm : "", b->detail);
	log_sample(copy.detail, detail, strlen(detail));
	snprintf(fix, sizeof(fix), "%s%s%s",
		 e != NULL ? e->fix : "Read the event's text and the HRESULT it gives.",
		 hf != NULL ? " " : "", hf != NULL ? hf : "");
	evt_finding(em, &copy, target, e != NULL ? e->rel : none, fix);
}

/* The event ID and HRESULT of an NDES bucket: 2, 10 and 31 are keyed by
 * the HRESULT, the others by "ID[ HRESULT]". 0 when not an NDES bucket. */
static unsigned long ndes_id(const struct evt_bucket *b, const char **code)
{
	char *end;
	unsigned long id;

	*code = b->key;
	if (b->kind == EVT_NDES_2)
		return 2;
	if (b->kind == EVT_NDES_10)
		return 10;
	if (b->kind == EVT_NDES_31)
		return 31;
	if (b->kind != EVT_NDES_OTHER)
		return 0;
	id = strtoul(b->key, &end, 10);
	*code = *end == ' ' ? end + 1 : end;
	return id;
}

void check_evt_ndes(const struct facts *f, struct emitter *em)
{
	const struct log_facts *lf = f->logs;
	char app[160], other[600];
	size_t i;
	int found = 0;

	if (!lf->application.present) {
		emit(em, ST_NE, "", "not evaluated: none of the %zu .evtx file(s) is the Application log"
		     "%s%s", lf->nevtx, lf->foreign_events ? " of this host" : "",
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	for (i = 0; i < lf->nevt; i++) {
		const char *code;
		unsigned long id = ndes_id(&lf->evt[i], &code);

		if (id == 0)
			continue;
		ndes_finding(em, &lf->evt[i], id, code);
		found++;
	}
	if (!found && !chan_fresh(f, &lf->application)) {
		stale_text(f, &lf->application, "Application", app, sizeof(app));
		emit(em, ST_NE, "NDES events", "not evaluated: %s: no recent evidence%s", app,
		     foreign_text(lf, other, sizeof(other)));
	} else if (!found) {
		chan_text(&lf->application, "Application", app, sizeof(app));
		emit(em, ST_PASS, "NDES events", "no NDES service error or warning event (%s)%s", app,
		     foreign_text(lf, other, sizeof(other)));
	}
}

/* The SCEP pool's account cannot log on (issue 15.6): WAS 5021, 5057 and
 * 5059 for that pool. The events name only the pool; its account comes
 * from the IIS model. */
void check_evt_pool_identity(const struct facts *f, struct emitter *em)
{
	static const char *const rel[] = {"iis.scep_pool.identity", "rights.scep_pool_account.logon",
					  NULL};
	const struct log_facts *lf = f->logs;
	const struct pool_identity *pi = &f->scep_pool;
	const char *pool = pi->known && pi->pool != NULL ? pi->pool : "SCEP";
	char sys[200], other[600], fix[400], account[200];
	size_t i;
	int found = 0;

	if (!lf->system.present) {
		emit(em, ST_NE, "", "not evaluated: none of the %zu .evtx file(s) is the System log%s%s",
		     lf->nevtx, lf->foreign_events ? " of this host" : "",
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	if (pi->known && pi->user_name != NULL)
		snprintf(account, sizeof(account), "account %s", pi->user_name);
	else if (pi->known && pi->identity_type != NULL)
		snprintf(account, sizeof(account), "identity %s", pi->identity_type);
	else
		snprintf(account, sizeof(account), "account not known: no applicationHost.config");
	snprintf(fix, sizeof(fix), "Unlock or reset the %s in Active Directory, then set the new "
		 "password on application pool %s (IIS Manager, Advanced Settings, Identity) and "
		 "start the pool again.", account, pool);
	for (i = 0; i < lf->nevt; i++) {
		const struct evt_bucket *b = &lf->evt[i];
		struct evt_bucket copy;
		char target[160], detail[LOG_SAMPLE_MAX + 1];

		if ((b->kind != EVT_WAS_5021 && b->kind != EVT_WAS_5057 && b->kind != EVT_WAS_5059) ||
		    ascii_casecmp(b->key, pool) != 0)
			continue;
		snprintf(target, sizeof(target), "WAS event %s %s",
			 b->kind == EVT_WAS_5021 ? "5021" : b->kind == EVT_WAS_5057 ? "5057" : "5059",
			 b->key);
		copy = *b;
		snprintf(detail, sizeof(detail), "%s (%s)", b->detail, account);
		log_sample(copy.detail, detail, strlen(detail));
		evt_finding(em, &copy, target, rel, fix);
		found++;
	}
	if (found)
		return;
	if (!chan_fresh(f, &lf->system)) {
		stale_text(f, &lf->system, "System", sys, sizeof(sys));
		emit(em, ST_NE, pool, "not evaluated: %s: no recent evidence%s", sys,
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	chan_text(&lf->system, "System", sys, sizeof(sys));
	emit(em, ST_PASS, pool, "no WAS event 5021, 5057 or 5059 for application pool %s (%s; %s)%s",
	     pool, account, sys, foreign_text(lf, other, sizeof(other)));
}

/* ---------------------------------------------------------- evt.capi2 */

/* What NDES uses the certificate with this SHA-1 for, or NULL. */
static const char *cert_role(const struct facts *f, const char *thumb)
{
	const struct cert_place *p;
	size_t i;

	if (thumb[0] == '\0')
		return NULL;
	if (strcmp(f->certs.policy.thumb, thumb) == 0)
		return "the policy module (NDESPolicy) certificate";
	if (strcmp(f->certs.connector.thumb, thumb) == 0)
		return "the Intune connector's encryption certificate";
	for (i = 0; i < f->nbindings; i++)
		if (f->bindings[i].thumbprint != NULL &&
		    ascii_casecmp(f->bindings[i].thumbprint, thumb) == 0)
			return "the TLS certificate of an HTTP.sys binding";
	if (certs_find(&f->certs, "MY", thumb, &p) > 0 && place_has_eku(p, OID_EKU_REQUEST_AGENT))
		return "an NDES RA certificate";
	return NULL;
}

/* Do the facts know which certificates NDES uses? */
static int roles_known(const struct facts *f)
{
	return f->certs.policy.state == 1 || f->certs.connector.state == 1 || f->nbindings > 0 ||
	       f->certs.ncerts > 0;
}

/* CAPI2 Operational errors for the certificates NDES uses (issue 15.5):
 * the seed's causes 2 (CRL URL unreachable) and 4 (NDESPolicy certificate
 * outside its validity). */
void check_evt_capi2(const struct facts *f, struct emitter *em)
{
	static const char *const rel[] = {"trust.crl.cached", "policymodule.cert.validity",
					  "trust.chain", NULL};
	const struct log_facts *lf = f->logs;
	char log[200], other[600], fix[300];
	uint64_t unrelated = 0;
	size_t i;
	int found = 0, known = roles_known(f);

	if (!lf->capi2.present) {
		emit(em, ST_NE, "", "not evaluated: the bundle has no Microsoft-Windows-CAPI2/Operational "
		     "log%s%s. The log is off by default: enable it on the server (wevtutil sl "
		     "Microsoft-Windows-CAPI2/Operational /e:true, or Event Viewer > Applications and "
		     "Services Logs > Microsoft > Windows > CAPI2 > Operational > Enable Log), "
		     "reproduce the failing enrollment, then export it (wevtutil epl "
		     "Microsoft-Windows-CAPI2/Operational CAPI2.evtx)",
		     lf->foreign_events ? " of this host" : "", foreign_text(lf, other, sizeof(other)));
		return;
	}
	for (i = 0; i < lf->nevt; i++) {
		const struct evt_bucket *b = &lf->evt[i];
		const char *role;
		struct evt_bucket copy;
		char target[128], detail[LOG_SAMPLE_MAX + 1];

		if (b->kind != EVT_CAPI2)
			continue;
		role = cert_role(f, b->cert);
		if (role == NULL && known) {
			unrelated += b->count;
			continue;
		}
		snprintf(target, sizeof(target), "CAPI2 %s", b->key);
		copy = *b;
		snprintf(detail, sizeof(detail), "CAPI2 %s, %s", b->detail,
			 role != NULL ? role : "role in NDES not known");
		log_sample(copy.detail, detail, strlen(detail));
		snprintf(fix, sizeof(fix), "%s", strstr(b->detail, "REVOCATION_OFFLINE") != NULL ||
						 strstr(b->detail, "WININET") != NULL
						 ? "Let the server reach the CRL and AIA URLs (firewall, "
						   "proxy: netsh winhttp show proxy); check with certutil "
						   "-verify -urlfetch."
						 : "Renew or replace the certificate (expired, untrusted or "
						   "revoked), then restart IIS; check with certutil -verify "
						   "-urlfetch.");
		evt_finding_st(em, role != NULL ? ST_FAIL : ST_WARN, &copy, target, rel, fix);
		found++;
	}
	if (found)
		return;
	if (!chan_fresh(f, &lf->capi2)) {
		stale_text(f, &lf->capi2, "CAPI2", log, sizeof(log));
		emit(em, ST_NE, "CAPI2 events", "not evaluated: %s: no recent evidence%s", log,
		     foreign_text(lf, other, sizeof(other)));
		return;
	}
	chan_text(&lf->capi2, "CAPI2", log, sizeof(log));
	emit(em, ST_PASS, "CAPI2 events", "no CAPI2 error for a certificate NDES uses (%s; %llu error "
	     "event(s) about other certificates)%s", log, (unsigned long long)unrelated,
	     foreign_text(lf, other, sizeof(other)));
}
