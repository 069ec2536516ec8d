/* The JUnit XML report, as GitLab (artifacts:reports:junit) and Jenkins
 * (junit step) read it. One <testsuite> per check area (the ID up to its
 * first dot), one <testcase> per result: classname = the check area (what
 * GitLab and Jenkins group by), name = "ID: target" (made unique with " #2",
 * " #3" when a check gives one target twice). Each suite carries timestamp
 * (the as-of time) and hostname (the audited server).
 *
 *   pass    -> a passed test case (the message in <system-out>)
 *   fail, warn that gate -> <failure message type=severity|"warn"> with
 *              message, evidence, fix
 *   fail, warn that do not gate (below --fail-on, a warn without
 *              --fail-on-warn, known to the baseline under --fail-on-new)
 *           -> a passed test case, the finding in <system-out>
 *   error   -> <error>
 *   na, ne, waived -> <skipped message="..."> with the reason; the message
 *              and evidence as its text
 *
 * Files that could not be read at all get a test case each, as <error>, in
 * a last suite named "artifacts". Counts add up per suite and in total.
 *
 * Whether a finding gates is the policy's decision (result.gates, the same
 * flag the exit status comes from), never this file's: a CI job's failed
 * tests are exactly what failed its exit status.
 *
 * This file uses libxml2's xmlwriter API to WRITE XML; it parses nothing.
 * Parsing XML input stays in the IIS configuration reader, the only file
 * that reads XML. Every string goes through xml_clean first: XML 1.0 allows
 * no control characters other than tab, LF and CR, not even as character
 * references, and no invalid UTF-8; C1 and bidi controls are escaped too. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"

/* Bytes that XML 1.0 cannot carry (controls, invalid UTF-8, U+FFFE/U+FFFF)
 * and characters a viewer would act on (C1, bidi controls) become \xNN by
 * the shared escaping; tab, LF and CR stay (keep_nl) or become a space. */
static char *xml_clean(const char *s, int keep_nl)
{
	return text_escape(s, keep_nl ? TEXT_WS_KEEP : TEXT_WS_SPACE);
}

struct jw {
	xmlTextWriterPtr w;
	int rc;              /* the first negative return of the writer */
};

static void chk(struct jw *j, int rc)
{
	if (rc < 0 && j->rc == 0)
		j->rc = rc;
}

static void start(struct jw *j, const char *name)
{
	chk(j, xmlTextWriterStartElement(j->w, BAD_CAST name));
}

static void end(struct jw *j)
{
	chk(j, xmlTextWriterEndElement(j->w));
}

static void attr(struct jw *j, const char *name, const char *value)
{
	char *v = xml_clean(value, 0);

	chk(j, xmlTextWriterWriteAttribute(j->w, BAD_CAST name, BAD_CAST v));
	free(v);
}

static void attr_n(struct jw *j, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	attr(j, name, buf);
}

static void text(struct jw *j, const char *s)
{
	char *v = xml_clean(s, 1);

	chk(j, xmlTextWriterWriteString(j->w, BAD_CAST v));
	free(v);
}

static void property(struct jw *j, const char *name, const char *value)
{
	start(j, "property");
	attr(j, "name", name);
	attr(j, "value", value != NULL ? value : "");
	end(j);
}

/* What a JUnit consumer sees of one result. */
enum jstate { J_PASS, J_FAILURE, J_ERROR, J_SKIPPED };

static enum jstate jstate_of(const struct result *r)
{
	switch (r->status) {
	case ST_FAIL: case ST_WARN: return r->gates ? J_FAILURE : J_PASS;
	case ST_ERROR: return J_ERROR;
	case ST_NA: case ST_NE: case ST_WAIVED: return J_SKIPPED;
	default: return J_PASS;
	}
}

/* Message, evidence and fix, as the body of a failure or system-out (no
 * fix for na and ne: there is nothing to fix). */
static char *details(const struct result *r, const struct report *rep)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, r->message);
	sb_add(&sb, "\n");
	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		sb_add(&sb, "evidence: ");
		sb_add(&sb, e->artifact != NULL ? e->artifact : "(bundle)");
		if (e->location != NULL) {
			sb_add(&sb, ": ");
			sb_add(&sb, e->location);
		}
		if (e->value != NULL) {
			sb_add(&sb, " = ");
			sb_add(&sb, e->value);
		}
		sb_add(&sb, "\n");
	}
	if (r->remediation != NULL && r->status != ST_NA && r->status != ST_NE)
		sb_printf(&sb, "fix: %s\n", r->remediation);
	if (r->waiver != NULL) {
		const struct waiver *w = r->waiver;

		sb_printf(&sb, "%s: %s (expires %s", r->status == ST_WAIVED ? "waived" :
			  "waiver expired, no longer applies", w->justification, w->expires);
		if (w->approved_by != NULL)
			sb_printf(&sb, ", approved by %s", w->approved_by);
		if (w->ticket != NULL)
			sb_printf(&sb, ", ticket %s", w->ticket);
		sb_printf(&sb, "; %s line %u)\n", rep->waivers != NULL ? rep->waivers->path : "waivers",
			  w->line);
	}
	if (baseline_mark_name(r->baseline) != NULL)
		sb_printf(&sb, "baseline: %s\n", baseline_mark_name(r->baseline));
	return sb_take(&sb);
}

/* "PREFIX: message", unless the check's message already opens with it. */
static char *prefixed(const char *prefix, const char *msg)
{
	size_t n = strlen(prefix);

	if (strncmp(msg, prefix, n) == 0 && msg[n] == ':')
		return xstrdup(msg);
	return xasprintf("%s: %s", prefix, msg);
}

static char *skip_reason(const struct result *r)
{
	if (r->status == ST_NA)
		return prefixed("not applicable", r->message);
	if (r->status == ST_NE)
		return prefixed("not evaluated", r->message);
	if (r->waiver != NULL)
		return xasprintf("waived until %s (was %s): %s", r->waiver->expires,
				 status_name(r->original_status), r->waiver->justification);
	return xasprintf("waived (was %s)", status_name(r->original_status));
}

static void testcase(struct jw *j, const struct report *rep, const struct result *r,
		     const char *area, const char *name)
{
	char *body, *m;

	start(j, "testcase");
	attr(j, "classname", area);
	attr(j, "name", name);
	attr(j, "time", "0");
	body = details(r, rep);
	switch (jstate_of(r)) {
	case J_FAILURE:
		start(j, "failure");
		m = r->status == ST_WARN ? xasprintf("warn: %s", r->message) : xstrdup(r->message);
		attr(j, "message", m);
		free(m);
		attr(j, "type", r->status == ST_WARN ? "warn" : severity_name(r->check->severity));
		text(j, body);
		end(j);
		break;
	case J_ERROR:
		start(j, "error");
		attr(j, "message", r->message);
		attr(j, "type", "error");
		text(j, body);
		end(j);
		break;
	case J_SKIPPED:
		start(j, "skipped");
		m = skip_reason(r);
		attr(j, "message", m);
		free(m);
		text(j, body);
		end(j);
		break;
	default:
		start(j, "system-out");
		m = r->status == ST_WARN ? xasprintf("WARN %s", body)
		    : r->status == ST_FAIL ? xasprintf("FAIL (does not gate) %s", body)
					  : xstrdup(body);
		text(j, m);
		free(m);
		end(j);
		break;
	}
	free(body);
	end(j);
}

struct suite_counts {
	size_t tests, failures, errors, skipped;
};

static void count_state(struct suite_counts *c, enum jstate s)
{
	c->tests++;
	if (s == J_FAILURE)
		c->failures++;
	else if (s == J_ERROR)
		c->errors++;
	else if (s == J_SKIPPED)
		c->skipped++;
}

static void count_attrs(struct jw *j, const struct suite_counts *c)
{
	attr_n(j, "tests", c->tests);
	attr_n(j, "failures", c->failures);
	attr_n(j, "errors", c->errors);
	attr_n(j, "skipped", c->skipped);
	attr(j, "time", "0");
}

/* Suite attributes JUnit readers show: when (the as-of time, as the JUnit
 * schema's timestamp without zone; it is UTC) and which host (the audited
 * server, which is what was tested, or "unknown"). */
static void suite_attrs(struct jw *j, const struct report *rep)
{
	char ts[32];

	time_format_iso(rep->head.as_of, ts, sizeof(ts));
	if (strlen(ts) == 20 && ts[19] == 'Z')
		ts[19] = '\0';
	attr(j, "timestamp", ts);
	attr(j, "hostname", rep->head.host != NULL && rep->head.host[0] != '\0' ? rep->head.host
										 : "unknown");
}

static size_t area_len(const char *id)
{
	return strcspn(id, ".");
}

static int same_area(const char *a, const char *b)
{
	size_t n = area_len(a);

	return n == area_len(b) && strncmp(a, b, n) == 0;
}

static void properties(struct jw *j, const struct report *rep)
{
	char asof[32], coll[32], code[16];

	time_format_iso(rep->head.as_of, asof, sizeof(asof));
	start(j, "properties");
	property(j, "as_of", asof);
	if (rep->head.has_collected_at) {
		time_format_iso(rep->head.collected_at, coll, sizeof(coll));
		property(j, "collected_at", coll);
	}
	property(j, "host", rep->head.host);
	property(j, "fail_on", report_fail_on_name(rep));
	property(j, "fail_on_warn", rep->fail_on_warn ? "true" : "false");
	property(j, "fail_on_new", rep->fail_on_new ? "true" : "false");
	snprintf(code, sizeof(code), "%d", rep->exit_code);
	property(j, "exit_code", code);
	end(j);
}

/* A unique test case name per result: "ID: target", "ID" for no target,
 * and " #N" for the Nth result of one check with one target (results are
 * sorted by check and target, so those are next to each other). */
static char *case_name(const struct result *r, size_t nth)
{
	char *base = r->target[0] != '\0' ? xasprintf("%s: %s", r->check->id, r->target)
					  : xstrdup(r->check->id);
	char *n;

	if (nth <= 1)
		return base;
	n = xasprintf("%s #%zu", base, nth);
	free(base);
	return n;
}

int report_junit(FILE *out, const struct report *rep)
{
	const struct result_list *l = rep->results;
	const struct bundle *b = rep->bundle;
	struct suite_counts total = {0, 0, 0, 0}, art = {0, 0, 0, 0};
	xmlBufferPtr buf = xmlBufferCreate();
	struct jw j = {NULL, 0};
	size_t i, k;
	int rc = -1;

	if (buf == NULL)
		return -1;
	j.w = xmlNewTextWriterMemory(buf, 0);
	if (j.w == NULL)
		goto out;
	chk(&j, xmlTextWriterSetIndent(j.w, 1));
	chk(&j, xmlTextWriterSetIndentString(j.w, BAD_CAST "  "));
	chk(&j, xmlTextWriterStartDocument(j.w, NULL, "UTF-8", NULL));

	for (i = 0; i < l->n; i++)
		count_state(&total, jstate_of(l->v[i]));
	for (i = 0; i < b->n; i++)
		if (b->arts[i].status == ART_ERROR)
			count_state(&art, J_ERROR);
	start(&j, "testsuites");
	attr(&j, "name", "ndes-audit");
	total.tests += art.tests;
	total.errors += art.errors;
	count_attrs(&j, &total);

	/* Results are sorted by check ID, so each area is one run of them. */
	for (i = 0; i < l->n; i = k) {
		struct suite_counts sc = {0, 0, 0, 0};
		char *area = xstrndup(l->v[i]->check->id, area_len(l->v[i]->check->id));
		size_t m, nth;

		for (k = i; k < l->n && same_area(l->v[k]->check->id, l->v[i]->check->id); k++)
			count_state(&sc, jstate_of(l->v[k]));
		start(&j, "testsuite");
		attr(&j, "name", area);
		count_attrs(&j, &sc);
		suite_attrs(&j, rep);
		properties(&j, rep);
		for (m = i, nth = 0; m < k; m++) {
			char *name;

			if (m > i && l->v[m - 1]->check == l->v[m]->check &&
			    strcmp(l->v[m - 1]->target, l->v[m]->target) == 0)
				nth++;
			else
				nth = 1;
			name = case_name(l->v[m], nth);

			testcase(&j, rep, l->v[m], area, name);
			free(name);
		}
		end(&j);
		free(area);
	}
	if (art.tests > 0) {
		start(&j, "testsuite");
		attr(&j, "name", "artifacts");
		count_attrs(&j, &art);
		suite_attrs(&j, rep);
		properties(&j, rep);
		for (i = 0; i < b->n; i++) {
			const struct artifact *a = &b->arts[i];

			if (a->status != ART_ERROR)
				continue;
			start(&j, "testcase");
			attr(&j, "classname", "artifacts");
			attr(&j, "name", a->path);
			attr(&j, "time", "0");
			start(&j, "error");
			attr(&j, "message", a->error != NULL ? a->error : "unreadable");
			attr(&j, "type", "unreadable");
			text(&j, a->error != NULL ? a->error : "unreadable");
			end(&j);
			end(&j);
		}
		end(&j);
	}
	end(&j);
	chk(&j, xmlTextWriterEndDocument(j.w));
	xmlFreeTextWriter(j.w);
	j.w = NULL;
	if (j.rc == 0 &&
	    fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), out) ==
		    (size_t)xmlBufferLength(buf))
		rc = 0;
out:
	if (j.w != NULL)
		xmlFreeTextWriter(j.w);
	xmlBufferFree(buf);
	return rc == 0 && !ferror(out) ? 0 : -1;
}
