/* One gate decision, rendered everywhere. For every gate option (each
 * --fail-on level, with and without --fail-on-warn, --fail-on-new against a
 * baseline), with and without waivers, the same audit is judged once and
 * then: the results the policy flags as gating are exactly the ones the rule
 * of ndes-audit(1) names (computed here, independently), exactly the JUnit
 * test cases with a <failure>, exactly the SARIF results at level "error",
 * and the exit status is 1 exactly when one of them exists.
 *
 * The audit is the frozen gate-broken bundle plus, for every severity, a
 * fail and a warn the baseline knows ("old") and a fail and a warn it does
 * not ("new"), so that every option has results on both sides of it: a warn
 * below the --fail-on threshold under --fail-on-warn and a known failure
 * under --fail-on-new are the cases where JUnit used to disagree with the
 * exit status. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

/* The first check of the table with this severity. */
static const struct check_def *check_of(enum severity s)
{
	size_t i;

	for (i = 0; i < check_count; i++)
		if (check_table[i].severity == s)
			return &check_table[i];
	fail_msg("no check of severity %s in the table", severity_name(s));
	return NULL;
}

/* A fail and a warn for each severity, targets "AGE fail SEV", "AGE warn SEV". */
static void add_findings(struct result_list *l, const char *age)
{
	int s;

	for (s = SEV_INFO; s <= SEV_CRITICAL; s++) {
		struct emitter em = {l, check_of((enum severity)s), 0};
		char *fail = xasprintf("%s fail %s", age, severity_name((enum severity)s));
		char *warn = xasprintf("%s warn %s", age, severity_name((enum severity)s));

		emit(&em, ST_FAIL, fail, "%s", fail);
		emit(&em, ST_WARN, warn, "%s", warn);
		free(fail);
		free(warn);
	}
}

static char *mem_report(const struct audit *a, const struct gate_options *g, int exit_code,
			int (*fn)(FILE *, const struct report *), const struct waiver_set *ws,
			const struct baseline *bl)
{
	struct report rep = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	rep.head = audit_header(a, "test");
	rep.bundle = &a->bundle;
	rep.results = &a->results;
	rep.fail_on = g->fail_on;
	rep.fail_on_warn = g->fail_on_warn;
	rep.fail_on_new = g->fail_on_new;
	rep.exit_code = exit_code;
	rep.waivers = ws;
	rep.baseline = bl;
	assert_non_null(f);
	assert_int_equal(fn(f, &rep), 0);
	fclose(f);
	return buf;
}

struct scenario {
	struct audit a;
	struct waiver_set ws;
	struct baseline bl;
	int waived, baselined;
};

/* The medium new findings and the real tls_binding failure are waived; the
 * max_field_length waiver has expired and changes nothing. */
static const char waivers_text[] =
	"[waiver]\ncheck = httpsys.tls_binding\njustification = first boot\nexpires = 2026-06-30\n"
	"[waiver]\ncheck = httpsys.max_field_length\njustification = old\nexpires = 2026-05-01\n"
	"[waiver]\ncheck = %s\ntarget = new *\njustification = pilot\nexpires = 2026-06-30\n";

static void scenario_init(struct scenario *sc, int waived, int baselined)
{
	struct gate_options g = {SEV_MEDIUM, 0, 0};
	struct nerr e;
	char *old, *w;

	memset(sc, 0, sizeof(*sc));
	sc->waived = waived;
	sc->baselined = baselined;
	audit_src(&sc->a, GATE_BROKEN);
	add_findings(&sc->a.results, "old");
	result_list_sort(&sc->a.results);
	/* The baseline is this audit's own JSON report before the new findings. */
	old = mem_report(&sc->a, &g, 1, report_json, NULL, NULL);
	assert_int_equal(baseline_parse(&sc->bl, "old.json", old, strlen(old), &e), 0);
	free(old);
	add_findings(&sc->a.results, "new");
	result_list_sort(&sc->a.results);
	if (waived) {
		size_t tls = count_results(&sc->a, "httpsys.tls_binding", ST_FAIL) +
			     count_results(&sc->a, "httpsys.tls_binding", ST_WARN);

		w = xasprintf(waivers_text, check_of(SEV_MEDIUM)->id);
		assert_int_equal(waivers_parse(&sc->ws, "w.txt", w, strlen(w), &e), 0);
		free(w);
		waivers_apply(&sc->ws, &sc->a.results, TEST_AS_OF, 30);
		/* Every tls_binding finding (at least the frozen one) and the two
		 * new medium findings. */
		assert_true(tls >= 1);
		assert_int_equal(status_count(&sc->a, ST_WAIVED), tls + 2);
	}
	if (baselined)
		baseline_mark(&sc->bl, &sc->a.results);
}

static void scenario_free(struct scenario *sc)
{
	if (sc->waived)
		waivers_free(&sc->ws);
	baseline_free(&sc->bl);
	audit_free(&sc->a);
}

/* The rule as ndes-audit(1) states it, written out again on purpose. */
static int rule_gates(const struct result *r, const struct gate_options *g)
{
	int finding = r->status == ST_FAIL || (g->fail_on_warn && r->status == ST_WARN);

	return finding && r->check->severity >= g->fail_on &&
	       !(g->fail_on_new && r->baseline == BASELINE_KNOWN);
}

static int is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int has_child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next)
		if (is(n, name))
			return 1;
	return 0;
}

static char *opt_name(const struct gate_options *g, const struct scenario *sc)
{
	return xasprintf("--fail-on %s%s%s%s%s", severity_name(g->fail_on),
			 g->fail_on_warn ? " --fail-on-warn" : "",
			 g->fail_on_new ? " --fail-on-new" : "", sc->baselined ? " --baseline" : "",
			 sc->waived ? " --waivers" : "");
}

/* One line per result on which a report and the policy disagree. */
static void disagree(struct strbuf *why, const char *opt, const struct result *r,
		     const char *report, const char *what)
{
	sb_printf(why, "%s: %s [%s] (%s, %s, %s): %s %s, policy: %s\n", opt, r->check->id,
		  r->target, status_name(r->status), severity_name(r->check->severity),
		  r->baseline == BASELINE_KNOWN ? "known" : "not known", report, what,
		  r->gates ? "gates" : "does not gate");
}

/* JUnit test cases come in result order (the artifacts suite last): the
 * Nth case is the Nth result. */
static size_t junit_agrees(const struct scenario *sc, const char *xml, const char *opt,
			   struct strbuf *why)
{
	const struct result_list *l = &sc->a.results;
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr s, c;
	size_t i = 0, failures = 0;

	assert_non_null(doc);
	for (s = xmlDocGetRootElement(doc)->children; s != NULL; s = s->next) {
		for (c = s->children; is(s, "testsuite") && c != NULL; c = c->next) {
			xmlChar *cls;
			const struct result *r;

			if (!is(c, "testcase"))
				continue;
			cls = xmlGetProp(c, BAD_CAST "classname");
			if (strcmp((const char *)cls, "artifacts") == 0) {
				xmlFree(cls);
				continue;
			}
			assert_true(i < l->n);
			r = l->v[i++];
			/* classname is the check area: the ID up to its first dot. */
			assert_int_equal(strlen((const char *)cls), strcspn(r->check->id, "."));
			assert_memory_equal(cls, r->check->id, strlen((const char *)cls));
			xmlFree(cls);
			failures += has_child(c, "failure");
			if (has_child(c, "failure") != r->gates)
				disagree(why, opt, r, "JUnit",
					 has_child(c, "failure") ? "<failure>" : "no <failure>");
		}
	}
	assert_int_equal(i, l->n);
	xmlFreeDoc(doc);
	return failures;
}

/* SARIF lists findings in its own order: match each result at level
 * "error" to a gating result of the same check and target, once. */
static size_t sarif_agrees(const struct scenario *sc, const char *text, const char *opt,
			   struct strbuf *why)
{
	const struct result_list *l = &sc->a.results;
	json_error_t err;
	json_t *doc = json_loads(text, 0, &err), *res, *x;
	char *used = xcalloc(l->n + 1, 1);
	size_t i, k, m, errors = 0;

	assert_non_null(doc);
	res = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
	json_array_foreach(res, i, x) {
		const char *id = json_string_value(json_object_get(x, "ruleId"));
		const char *target = json_string_value(
			json_object_get(json_object_get(x, "properties"), "target"));
		const char *level = json_string_value(json_object_get(x, "level"));

		if (strcmp(level, "error") != 0)
			continue;
		errors++;
		/* The same check and target, gating first, else any. */
		for (k = 0; k < l->n; k++)
			if (!used[k] && l->v[k]->gates && strcmp(l->v[k]->check->id, id) == 0 &&
			    strcmp(l->v[k]->target, target) == 0)
				break;
		for (m = 0; k == l->n && m < l->n; m++)
			if (strcmp(l->v[m]->check->id, id) == 0 && strcmp(l->v[m]->target, target) == 0)
				k = m;
		assert_true(k < l->n);
		if (!l->v[k]->gates)
			disagree(why, opt, l->v[k], "SARIF", "level error");
		used[k] = 1;
	}
	for (k = 0; k < l->n; k++)
		if (l->v[k]->gates && !used[k])
			disagree(why, opt, l->v[k], "SARIF", "not level error");
	free(used);
	json_decref(doc);
	return errors;
}

/* Judge, render both reports, compare. Returns how many results gate. */
static size_t judge(struct scenario *sc, const struct gate_options *g)
{
	char *opt = opt_name(g, sc), *xml, *sarif;
	size_t i, gating = 0, junit, errors;
	int rc = gate_decide(&sc->a.results, &sc->a.bundle, g);
	struct strbuf why;

	sb_init(&why);

	for (i = 0; i < sc->a.results.n; i++) {
		const struct result *r = sc->a.results.v[i];

		if (r->gates != rule_gates(r, g))
			fail_msg("%s: %s [%s] flagged %d", opt, r->check->id, r->target, r->gates);
		gating += r->gates;
	}
	/* Nonzero exactly when something gates: 1 then, else 0 (or 3 for input
	 * that could not be read, which gate-broken does not have). */
	assert_int_equal(rc, gating > 0 ? 1 : 0);
	xml = mem_report(&sc->a, g, rc, report_junit, sc->waived ? &sc->ws : NULL,
			 sc->baselined ? &sc->bl : NULL);
	sarif = mem_report(&sc->a, g, rc, report_sarif, sc->waived ? &sc->ws : NULL,
			   sc->baselined ? &sc->bl : NULL);
	junit = junit_agrees(sc, xml, opt, &why);
	errors = sarif_agrees(sc, sarif, opt, &why);
	if (why.len > 0)
		fail_msg("the reports disagree with the gate:\n%s", why.s);
	assert_int_equal(junit, gating);
	assert_int_equal(errors, gating);
	sb_free(&why);
	free(xml);
	free(sarif);
	free(opt);
	return gating;
}

static void every_option(int waived, int baselined)
{
	struct scenario sc;
	struct gate_options g;
	int sev, warn, fresh;

	scenario_init(&sc, waived, baselined);
	for (sev = SEV_LOW; sev <= SEV_CRITICAL; sev++) {
		for (warn = 0; warn <= 1; warn++) {
			for (fresh = 0; fresh <= baselined; fresh++) {
				size_t n;

				g.fail_on = (enum severity)sev;
				g.fail_on_warn = warn;
				g.fail_on_new = fresh;
				n = judge(&sc, &g);
				/* The findings built above always leave something to
				 * gate: the new critical fail, never waived. */
				assert_true(n > 0);
			}
		}
	}
	scenario_free(&sc);
}

static void test_gate_agrees_plain(void **state)
{
	(void)state;
	every_option(0, 0);
}

static void test_gate_agrees_with_waivers(void **state)
{
	(void)state;
	every_option(1, 0);
}

static void test_gate_agrees_with_baseline(void **state)
{
	(void)state;
	every_option(0, 1);
}

static void test_gate_agrees_with_waivers_and_baseline(void **state)
{
	(void)state;
	every_option(1, 1);
}

/* The two cases where JUnit used to re-decide and disagree with the exit
 * status, on their own: a warn below the threshold under --fail-on-warn
 * (the medium and low warns under --fail-on high), and a finding the
 * baseline knows under --fail-on-new (every "old" one). */
static void test_gate_warn_below_threshold_under_fail_on_warn(void **state)
{
	struct scenario sc;
	struct gate_options g = {SEV_HIGH, 1, 0};

	(void)state;
	scenario_init(&sc, 0, 0);
	assert_true(judge(&sc, &g) > 0);
	assert_false(find_result(&sc.a, check_of(SEV_MEDIUM)->id, "new warn medium")->gates);
	assert_true(find_result(&sc.a, check_of(SEV_HIGH)->id, "new warn high")->gates);
	scenario_free(&sc);
}

static void test_gate_known_finding_under_fail_on_new(void **state)
{
	struct scenario sc;
	struct gate_options g = {SEV_MEDIUM, 0, 1};

	(void)state;
	scenario_init(&sc, 0, 1);
	assert_true(judge(&sc, &g) > 0);
	assert_false(find_result(&sc.a, check_of(SEV_CRITICAL)->id, "old fail critical")->gates);
	assert_true(find_result(&sc.a, check_of(SEV_CRITICAL)->id, "new fail critical")->gates);
	scenario_free(&sc);
}

/* Nothing gates: exit 0, no JUnit failure, no SARIF error, even with fails
 * and warns present (all below the gate or known). */
static void test_gate_nothing_gates(void **state)
{
	struct scenario sc;
	struct gate_options g = {SEV_CRITICAL, 1, 1};
	size_t i;

	(void)state;
	scenario_init(&sc, 0, 1);
	/* Drop the new findings at critical: everything left is known or below. */
	for (i = 0; i < sc.a.results.n; i++)
		if (sc.a.results.v[i]->check->severity == SEV_CRITICAL &&
		    sc.a.results.v[i]->baseline == BASELINE_NEW)
			sc.a.results.v[i]->status = ST_PASS;
	assert_int_equal(judge(&sc, &g), 0);
	assert_true(status_count(&sc.a, ST_FAIL) > 0);
	scenario_free(&sc);
}

/* SARIF keeps 25000 results at most: a cut report keeps the ones that
 * gate, so its errors are still what failed the run. Here 25000 medium
 * fails below --fail-on high and five high warns that gate under
 * --fail-on-warn. */
static void test_gate_sarif_cut_keeps_what_gates(void **state)
{
	struct scenario sc;
	struct gate_options g = {SEV_HIGH, 1, 0};
	struct emitter med, high;
	char t[32];
	int i;

	(void)state;
	memset(&sc, 0, sizeof(sc));
	audit_src(&sc.a, GATE_HEALTHY);
	med = (struct emitter){&sc.a.results, check_of(SEV_MEDIUM), 0};
	high = (struct emitter){&sc.a.results, check_of(SEV_HIGH), 0};
	for (i = 0; i < 25000; i++) {
		snprintf(t, sizeof(t), "m%05d", i);
		emit(&med, ST_FAIL, t, "below the gate");
	}
	for (i = 0; i < 5; i++) {
		snprintf(t, sizeof(t), "h%d", i);
		emit(&high, ST_WARN, t, "gates");
	}
	result_list_sort(&sc.a.results);
	assert_true(judge(&sc, &g) >= 5);
	scenario_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_agrees_plain),
		cmocka_unit_test(test_gate_agrees_with_waivers),
		cmocka_unit_test(test_gate_agrees_with_baseline),
		cmocka_unit_test(test_gate_agrees_with_waivers_and_baseline),
		cmocka_unit_test(test_gate_warn_below_threshold_under_fail_on_warn),
		cmocka_unit_test(test_gate_known_finding_under_fail_on_new),
		cmocka_unit_test(test_gate_nothing_gates),
		cmocka_unit_test(test_gate_sarif_cut_keeps_what_gates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
