/* The JUnit reporter, parsed back with libxml2 (strictly: no recovery), as
 * GitLab and Jenkins would: well-formed XML, counts that add up per suite
 * and in total, the right element for each status, unique names, and text
 * that is not valid in XML (control characters, invalid UTF-8) replaced. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

/* The report as main() makes it: the policy judges the results (after any
 * waivers), then the reporter renders that judgement. */
static char *render(struct audit *a, int fail_on_warn, const struct waiver_set *ws)
{
	struct report rep = {0};
	struct gate_options g = {SEV_MEDIUM, fail_on_warn, 0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	a->exit_code = gate_decide(&a->results, &a->bundle, &g);
	rep.head = audit_header(a, "test");
	rep.bundle = &a->bundle;
	rep.results = &a->results;
	rep.fail_on = SEV_MEDIUM;
	rep.exit_code = a->exit_code;
	rep.fail_on_warn = fail_on_warn;
	rep.waivers = ws;
	assert_non_null(f);
	assert_int_equal(report_junit(f, &rep), 0);
	fclose(f);
	return buf;
}

/* Results the policy flagged as gating (after render). */
static size_t gating_count(const struct audit *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->results.n; i++)
		n += a->results.v[i]->gates;
	return n;
}

static xmlDocPtr parse(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (doc == NULL)
		fail_msg("not well-formed XML:\n%s", xml);
	return doc;
}

static long num(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	long x;

	if (v == NULL)
		fail_msg("<%s> has no %s", (const char *)n->name, name);
	x = strtol((const char *)v, NULL, 10);
	xmlFree(v);
	return x;
}

static int is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next)
		if (is(n, name))
			return n;
	return NULL;
}

static xmlNodePtr case_named(xmlDocPtr doc, const char *name);

struct tally {
	long tests, failures, errors, skipped, suites;
};

/* Check every count against the elements, and that each test case has at
 * most one of failure/error/skipped; return the totals. */
static struct tally check_counts(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), s, c;
	struct tally t = {0, 0, 0, 0, 0};

	assert_true(is(root, "testsuites"));
	for (s = root->children; s != NULL; s = s->next) {
		long tests = 0, f = 0, e = 0, k = 0;

		if (!is(s, "testsuite"))
			continue;
		t.suites++;
		for (c = s->children; c != NULL; c = c->next) {
			int marks;
			xmlChar *cls;

			if (!is(c, "testcase"))
				continue;
			tests++;
			f += child(c, "failure") != NULL;
			e += child(c, "error") != NULL;
			k += child(c, "skipped") != NULL;
			marks = (child(c, "failure") != NULL) + (child(c, "error") != NULL) +
				(child(c, "skipped") != NULL);
			assert_true(marks <= 1);
			cls = xmlGetProp(c, BAD_CAST "classname");
			assert_non_null(cls);
			xmlFree(cls);
		}
		assert_int_equal(num(s, "tests"), tests);
		assert_int_equal(num(s, "failures"), f);
		assert_int_equal(num(s, "errors"), e);
		assert_int_equal(num(s, "skipped"), k);
		t.tests += tests;
		t.failures += f;
		t.errors += e;
		t.skipped += k;
	}
	assert_int_equal(num(root, "tests"), t.tests);
	assert_int_equal(num(root, "failures"), t.failures);
	assert_int_equal(num(root, "errors"), t.errors);
	assert_int_equal(num(root, "skipped"), t.skipped);
	return t;
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	char *s;

	if (v == NULL)
		fail_msg("<%s> has no %s", (const char *)n->name, name);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* One suite per check area, in the order of the results: each test case
 * sits in the suite named after its check's area, and no area has two
 * suites. The "artifacts" suite, when there is one, comes last. */
static void check_suites(xmlDocPtr doc, const struct audit *a)
{
	xmlNodePtr s, c;
	size_t seen = 0, i = 0;
	int after_artifacts = 0;
	char **names = xcalloc(a->results.n + 2, sizeof(*names));

	for (s = xmlDocGetRootElement(doc)->children; s != NULL; s = s->next) {
		char *name;
		size_t k;

		if (!is(s, "testsuite"))
			continue;
		if (after_artifacts)
			fail_msg("a suite after the artifacts suite");
		name = prop(s, "name");
		for (k = 0; k < seen; k++)
			if (strcmp(names[k], name) == 0)
				fail_msg("two suites named %s", name);
		names[seen++] = name;
		/* What GitLab and Jenkins show per suite: when and which host. */
		{
			char *ts = prop(s, "timestamp"), *host = prop(s, "hostname");

			assert_int_equal(strlen(ts), 19);
			assert_int_equal(ts[10], 'T');
			assert_true(strlen(host) > 0);
			free(ts);
			free(host);
		}
		if (strcmp(name, "artifacts") == 0) {
			after_artifacts = 1;
			continue;
		}
		for (c = s->children; c != NULL; c = c->next) {
			char *cls;

			if (!is(c, "testcase"))
				continue;
			/* classname is the check area (the suite's name); the
			 * test case's name opens with the check ID. */
			cls = prop(c, "classname");
			assert_true(i < a->results.n);
			assert_string_equal(cls, name);
			free(cls);
			cls = prop(c, "name");
			if (strncmp(cls, a->results.v[i]->check->id,
				    strlen(a->results.v[i]->check->id)) != 0)
				fail_msg("test case %s in suite %s", cls, name);
			free(cls);
			i++;
		}
	}
	assert_int_equal(i, a->results.n);
	while (seen > 0)
		free(names[--seen]);
	free(names);
}

static void test_junit_broken_counts_and_failures(void **state)
{
	struct audit a;
	char *xml;
	xmlDocPtr doc;
	struct tally t;
	xmlNodePtr tc, fail;
	xmlChar *v;

	(void)state;
	audit_src(&a, GATE_BROKEN);
	xml = render(&a, 0, NULL);
	doc = parse(xml);
	t = check_counts(doc);
	/* One test case per result; a fail that gates is a failure, error an
	 * error, and na, ne and waived are skipped (no file is unreadable here). */
	assert_int_equal(t.tests, a.results.n);
	assert_int_equal(t.failures, gating_count(&a));
	assert_true(t.failures >= 3);
	assert_int_equal(t.errors, status_count(&a, ST_ERROR));
	assert_int_equal(t.skipped, status_count(&a, ST_NA) + status_count(&a, ST_NE) +
				    status_count(&a, ST_WAIVED));
	assert_int_equal(t.suites, area_count(&a));
	check_suites(doc, &a);
	/* A failure: message, type = severity, body with evidence and fix. */
	tc = case_named(doc, "httpsys.max_field_length: HTTP\\Parameters\\MaxFieldLength");
	v = xmlGetProp(tc->parent, BAD_CAST "name");
	assert_string_equal((const char *)v, "httpsys");
	xmlFree(v);
	v = xmlGetProp(tc, BAD_CAST "classname");
	assert_string_equal((const char *)v, "httpsys");
	xmlFree(v);
	fail = child(tc, "failure");
	assert_non_null(fail);
	v = xmlGetProp(fail, BAD_CAST "type");
	assert_string_equal((const char *)v, "high");
	xmlFree(v);
	v = xmlNodeGetContent(fail);
	assert_non_null(strstr((const char *)v, "evidence: "));
	assert_non_null(strstr((const char *)v, "ControlSet002\\Services\\HTTP\\Parameters\\MaxFieldLength"));
	assert_non_null(strstr((const char *)v, "fix: Set HKLM"));
	xmlFree(v);
	/* The other two HTTP.sys failures this bundle fixes. */
	assert_non_null(child(case_named(doc, "httpsys.max_request_bytes: HTTP\\Parameters\\MaxRequestBytes"),
			      "failure"));
	assert_non_null(child(case_named(doc, "httpsys.tls_binding: port 443"), "failure"));
	xmlFreeDoc(doc);
	free(xml);
	audit_free(&a);
}

/* One result of each status on the healthy audit's facts. */
static void every_status(struct audit *a)
{
	struct emitter em;
	static const enum status sts[] = {ST_PASS, ST_FAIL, ST_WARN, ST_NA, ST_NE, ST_ERROR,
					  ST_WAIVED};
	size_t i;

	audit_src(a, GATE_HEALTHY);
	result_list_free(&a->results);
	em.out = &a->results;
	em.check = check_find("httpsys.tls_binding");
	em.emitted = 0;
	for (i = 0; i < sizeof(sts) / sizeof(sts[0]); i++) {
		struct result *r = emit(&em, sts[i], status_name(sts[i]), "the %s result",
					status_name(sts[i]));

		if (sts[i] == ST_WAIVED)
			r->original_status = ST_WARN;
	}
	result_list_sort(&a->results);
}

static xmlNodePtr case_named(xmlDocPtr doc, const char *name)
{
	xmlNodePtr s, c;

	for (s = xmlDocGetRootElement(doc)->children; s != NULL; s = s->next) {
		for (c = s->children; c != NULL; c = c->next) {
			xmlChar *v;
			int hit;

			if (!is(c, "testcase"))
				continue;
			v = xmlGetProp(c, BAD_CAST "name");
			hit = strcmp((const char *)v, name) == 0;
			xmlFree(v);
			if (hit)
				return c;
		}
	}
	fail_msg("no test case %s", name);
	return NULL;
}

static void test_junit_each_status(void **state)
{
	struct audit a;
	char *xml;
	xmlDocPtr doc;
	struct tally t;
	xmlChar *v;

	(void)state;
	every_status(&a);
	xml = render(&a, 0, NULL);
	doc = parse(xml);
	t = check_counts(doc);
	assert_int_equal(t.tests, 7);
	assert_int_equal(t.failures, 1);  /* fail only: a warn is not a failure */
	assert_int_equal(t.errors, 1);
	assert_int_equal(t.skipped, 3);   /* na, ne, waived */
	assert_non_null(child(case_named(doc, "httpsys.tls_binding: fail"), "failure"));
	assert_non_null(child(case_named(doc, "httpsys.tls_binding: error"), "error"));
	assert_non_null(child(case_named(doc, "httpsys.tls_binding: warn"), "system-out"));
	v = xmlGetProp(child(case_named(doc, "httpsys.tls_binding: na"), "skipped"),
		       BAD_CAST "message");
	assert_string_equal((const char *)v, "not applicable: the na result");
	xmlFree(v);
	v = xmlGetProp(child(case_named(doc, "httpsys.tls_binding: ne"), "skipped"),
		       BAD_CAST "message");
	assert_string_equal((const char *)v, "not evaluated: the ne result");
	xmlFree(v);
	v = xmlGetProp(child(case_named(doc, "httpsys.tls_binding: waived"), "skipped"),
		       BAD_CAST "message");
	assert_string_equal((const char *)v, "waived (was warn)");
	xmlFree(v);
	xmlFreeDoc(doc);
	free(xml);

	/* With --fail-on-warn the warn is a failure too, as the gate counts it. */
	xml = render(&a, 1, NULL);
	doc = parse(xml);
	t = check_counts(doc);
	assert_int_equal(t.failures, 2);
	v = xmlGetProp(child(case_named(doc, "httpsys.tls_binding: warn"), "failure"),
		       BAD_CAST "type");
	assert_string_equal((const char *)v, "warn");
	xmlFree(v);
	xmlFreeDoc(doc);
	free(xml);
	audit_free(&a);
}

/* A fail the gate lets through (a low check under --fail-on medium) is no
 * failure: the exit status does not count it either. */
static void test_junit_fail_below_the_gate_passes(void **state)
{
	struct audit a;
	struct emitter em;
	char *xml;
	xmlDocPtr doc;
	xmlNodePtr tc;
	char *name;
	size_t i;

	(void)state;
	audit_src(&a, GATE_HEALTHY);
	em.out = &a.results;
	em.emitted = 0;
	em.check = NULL;
	for (i = 0; i < check_count && em.check == NULL; i++)
		if (check_table[i].severity == SEV_LOW)
			em.check = &check_table[i];
	assert_non_null(em.check);
	emit(&em, ST_FAIL, "below", "a low failure");
	result_list_sort(&a.results);
	xml = render(&a, 0, NULL);
	doc = parse(xml);
	check_counts(doc);
	assert_false(find_result(&a, em.check->id, "below")->gates);
	name = xasprintf("%s: below", em.check->id);
	tc = case_named(doc, name);
	free(name);
	assert_null(child(tc, "failure"));
	assert_null(child(tc, "skipped"));
	assert_non_null(child(tc, "system-out"));
	xmlFreeDoc(doc);
	free(xml);
	audit_free(&a);
}

static void test_junit_waived_carries_the_justification(void **state)
{
	struct audit a;
	struct waiver_set ws;
	struct nerr e;
	char *xml;
	static const char text[] = "[waiver]\ncheck = httpsys.tls_binding\n"
				   "justification = binds at first boot\nexpires = 2026-06-30\n"
				   "ticket = CHG-9\n";
	xmlDocPtr doc;
	xmlNodePtr sk;
	xmlChar *v;
	struct tally t;
	struct result **before;
	enum status *was;
	size_t i, j, n, fails;

	(void)state;
	audit_src(&a, GATE_BROKEN);
	n = a.results.n;
	fails = status_count(&a, ST_FAIL);
	before = xcalloc(n, sizeof(*before));
	was = xcalloc(n, sizeof(*was));
	for (i = 0; i < n; i++) {
		before[i] = a.results.v[i];
		was[i] = a.results.v[i]->status;
	}
	assert_int_equal(waivers_parse(&ws, "w.txt", text, strlen(text), &e), 0);
	waivers_apply(&ws, &a.results, TEST_AS_OF, 30);
	/* The waiver turned exactly the tls_binding failure into waived. */
	assert_int_equal(a.results.n, n);
	for (i = 0; i < n; i++) {
		const struct result *r = a.results.v[i];

		for (j = 0; j < n && before[j] != r; j++)
			;
		assert_true(j < n);
		if (strcmp(r->check->id, "httpsys.tls_binding") == 0 && was[j] == ST_FAIL) {
			assert_int_equal(r->status, ST_WAIVED);
			assert_int_equal(r->original_status, ST_FAIL);
		} else {
			assert_int_equal(r->status, was[j]);
		}
	}
	assert_int_equal(status_count(&a, ST_WAIVED), 1);
	assert_int_equal(status_count(&a, ST_FAIL), fails - 1);
	xml = render(&a, 0, &ws);
	doc = parse(xml);
	t = check_counts(doc);
	assert_int_equal(t.failures, gating_count(&a));
	assert_true(t.failures >= 2);
	assert_int_equal(t.skipped, status_count(&a, ST_NA) + status_count(&a, ST_NE) + 1);
	sk = child(case_named(doc, "httpsys.tls_binding: port 443"), "skipped");
	v = xmlGetProp(sk, BAD_CAST "message");
	assert_string_equal((const char *)v, "waived until 2026-06-30 (was fail): binds at first boot");
	xmlFree(v);
	v = xmlNodeGetContent(sk);
	assert_non_null(strstr((const char *)v, "ticket CHG-9; w.txt line 1"));
	xmlFree(v);
	xmlFreeDoc(doc);
	free(xml);
	free(before);
	free(was);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_junit_unique_names_and_hostile_text(void **state)
{
	struct audit a;
	char *xml;
	xmlDocPtr doc;
	struct emitter em;
	struct result *r;
	xmlChar *v;

	(void)state;
	audit_src(&a, GATE_HEALTHY);
	em.out = &a.results;
	em.check = check_find("httpsys.tls_binding");
	em.emitted = 0;
	emit(&em, ST_FAIL, "same", "one");
	emit(&em, ST_FAIL, "same", "two");
	r = emit(&em, ST_FAIL, "x", "ctl \x01\x08\x0b\x0c\x1b[0m ]]> <&\"'> bad \xff\xc3\x28 "
		 "nonchar \xef\xbf\xbe c1 \xc2\x9b bidi \xe2\x80\xae end");
	result_add_evidence(r, "a\x02.hiv", "k\x7f", "v\r\nw");
	result_list_sort(&a.results);
	xml = render(&a, 0, NULL);
	doc = parse(xml);
	check_counts(doc);
	case_named(doc, "httpsys.tls_binding: same");
	case_named(doc, "httpsys.tls_binding: same #2");
	v = xmlGetProp(child(case_named(doc, "httpsys.tls_binding: x"), "failure"), BAD_CAST "message");
	assert_string_equal((const char *)v, "ctl \\x01\\x08\\x0b\\x0c\\x1b[0m ]]> <&\"'> bad "
					     "\\xff\\xc3( nonchar \\xef\\xbf\\xbe c1 \\xc2\\x9b bidi "
					     "\\xe2\\x80\\xae end");
	xmlFree(v);
	v = xmlNodeGetContent(child(case_named(doc, "httpsys.tls_binding: x"), "failure"));
	/* The writer keeps a CR as &#13;, so it survives parsing. */
	assert_non_null(strstr((const char *)v, "evidence: a\\x02.hiv: k\\x7f = v\r\nw"));
	xmlFree(v);
	xmlFreeDoc(doc);
	free(xml);
	audit_free(&a);
}

static void test_junit_unreadable_artifacts_suite(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *good = src_path(GATE_HEALTHY "/registry/SYSTEM.hiv");
	char *torn = src_path(GATE_TORN "/registry/SYSTEM.hiv");
	char *torn_copy = xasprintf("%s/torn.hiv", dir), *copy = xasprintf("%s/SYSTEM.hiv", dir);
	char *xml;
	xmlDocPtr doc;
	struct tally t;
	xmlNodePtr s, c;
	int found = 0, gates = 0;
	struct gate_options g = {SEV_MEDIUM, 0, 0};
	size_t i;

	(void)state;
	copy_file(good, copy);
	copy_file(torn, torn_copy); /* a second hive, cut short */
	audit_one(&a, dir);
	/* Unreadable input: exit 3, unless a failure gates (1). */
	for (i = 0; i < a.results.n; i++)
		gates |= gate_result_gates(a.results.v[i], &g);
	assert_int_equal(a.exit_code, gates ? 1 : 3);
	xml = render(&a, 0, NULL);
	doc = parse(xml);
	t = check_counts(doc);
	/* The unreadable file is an error of its own, besides the errors of
	 * the checks that could not read what they needed. */
	assert_int_equal(t.errors, status_count(&a, ST_ERROR) + 1);
	assert_int_equal(t.tests, a.results.n + 1);
	assert_int_equal(t.suites, area_count(&a) + 1);
	check_suites(doc, &a);
	for (s = xmlDocGetRootElement(doc)->children; s != NULL; s = s->next) {
		xmlChar *v;

		if (!is(s, "testsuite"))
			continue;
		v = xmlGetProp(s, BAD_CAST "name");
		if (strcmp((const char *)v, "artifacts") == 0) {
			xmlChar *name, *type;

			found = 1;
			assert_int_equal(num(s, "tests"), 1);
			assert_int_equal(num(s, "errors"), 1);
			c = child(s, "testcase");
			name = xmlGetProp(c, BAD_CAST "name");
			assert_string_equal((const char *)name, torn_copy);
			xmlFree(name);
			type = xmlGetProp(child(c, "error"), BAD_CAST "type");
			assert_string_equal((const char *)type, "unreadable");
			xmlFree(type);
		}
		xmlFree(v);
	}
	assert_true(found);
	xmlFreeDoc(doc);
	free(xml);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(good);
	free(torn);
	free(torn_copy);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_junit_broken_counts_and_failures),
		cmocka_unit_test(test_junit_each_status),
		cmocka_unit_test(test_junit_fail_below_the_gate_passes),
		cmocka_unit_test(test_junit_waived_carries_the_justification),
		cmocka_unit_test(test_junit_unique_names_and_hostile_text),
		cmocka_unit_test(test_junit_unreadable_artifacts_suite),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
