/* Waivers: the file format (every way it can be malformed, with the line
 * named), and applying waivers to the real results of the frozen bundle
 * tests/fixtures/bundles/gate-broken (its three HTTP.sys failures): match,
 * target pattern, expiry on the day after, unused, first wins. Other checks
 * may add results on that bundle; nothing here counts them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"
#include "testutil.h"

/* 2026-06-01T23:59:59Z and 2026-06-02T00:00:00Z */
#define LAST_SECOND (TEST_AS_OF + 86399)
#define NEXT_DAY (TEST_AS_OF + 86400)

static int parse(struct waiver_set *ws, const char *text, struct nerr *e)
{
	nerr_clear(e);
	return waivers_parse(ws, "ci/ndes.waivers", text, strlen(text), e);
}

/* The text must be refused with "ci/ndes.waivers:LINE: ...WHAT...". */
static void refused(const char *text, unsigned line, const char *what)
{
	struct waiver_set ws;
	struct nerr e;
	char prefix[64];

	assert_int_equal(parse(&ws, text, &e), -1);
	snprintf(prefix, sizeof(prefix), "ci/ndes.waivers:%u: ", line);
	if (strncmp(e.msg, prefix, strlen(prefix)) != 0 || strstr(e.msg, what) == NULL)
		fail_msg("wanted '%s...%s', got '%s'", prefix, what, e.msg);
	assert_int_equal(ws.n, 0);
	assert_null(ws.v);
}

static void test_parse_valid_file(void **state)
{
	static const char text[] =
		"\xEF\xBB\xBF# Waivers for the golden image\r\n"
		"\r\n"
		"[waiver]\r\n"
		"check = httpsys.tls_binding\r\n"
		"target=port 443\r\n"
		"  justification =   binds at first boot; # not a comment   \r\n"
		"expires = 2026-06-01\r\n"
		"approved-by = PKI team\r\n"
		"ticket = CHG-1\r\n"
		"; another comment\n"
		"  [ waiver ]  \n"
		"\texpires\t= 2027-01-31\n"
		"justification = x\n"
		"check = host.fqdn\n";
	struct waiver_set ws;
	struct nerr e;

	(void)state;
	assert_int_equal(parse(&ws, text, &e), 0);
	assert_int_equal(ws.n, 2);
	assert_string_equal(ws.path, "ci/ndes.waivers");
	assert_int_equal(ws.v[0].line, 3);
	assert_string_equal(ws.v[0].check, "httpsys.tls_binding");
	assert_string_equal(ws.v[0].target, "port 443");
	assert_string_equal(ws.v[0].justification, "binds at first boot; # not a comment");
	assert_string_equal(ws.v[0].expires, "2026-06-01");
	assert_true(ws.v[0].until == LAST_SECOND);
	assert_string_equal(ws.v[0].approved_by, "PKI team");
	assert_string_equal(ws.v[0].ticket, "CHG-1");
	assert_int_equal(ws.v[1].line, 11);
	assert_string_equal(ws.v[1].check, "host.fqdn");
	assert_null(ws.v[1].target);
	assert_null(ws.v[1].approved_by);
	assert_null(ws.v[1].ticket);
	waivers_free(&ws);

	/* Nothing but comments: a valid file without waivers. */
	assert_int_equal(parse(&ws, "# none yet\n\n", &e), 0);
	assert_int_equal(ws.n, 0);
	waivers_free(&ws);
}

static void test_parse_malformed_names_the_line(void **state)
{
	(void)state;
	refused("check = host.fqdn\n", 1, "'check' before the first [waiver] line");
	refused("[waiver]\ncheck = host.fqdn\nexpiry = 2026-06-01\n", 3, "unknown key 'expiry'");
	refused("# x\n[waivers]\n", 2, "unknown section [waivers]");
	refused("[waiver\n", 1, "a section header ends with ']'");
	refused("[waiver]\ncheck host.fqdn\n", 2, "expected '[waiver]', 'key = value'");
	refused("\n[waiver]\ncheck = host.fqdn\nexpires = 2026-06-01\n", 2,
		"has no 'justification'");
	refused("[waiver]\ncheck = host.fqdn\njustification = j\n[waiver]\n", 1,
		"has no 'expires'");
	refused("[waiver]\njustification = j\nexpires = 2026-06-01\n", 1, "has no 'check'");
	refused("[waiver]\ncheck = host.fqdn\ncheck = httpsys.tls_binding\n", 3,
		"'check' is given twice in one waiver (first on line 2)");
	refused("[waiver]\ncheck = host.fqdn\njustification =   \n", 3,
		"'justification' has no value");
	refused("[waiver]\ncheck = httpsys.max_field_lenght\n", 2,
		"no check 'httpsys.max_field_lenght'");
	refused("[waiver]\nexpires = 2026-02-30\n", 2, "expires wants a date YYYY-MM-DD");
	refused("[waiver]\nexpires = 2026-6-1\n", 2, "expires wants a date");
	refused("[waiver]\nexpires = now\n", 2, "expires wants a date");
	refused("[waiver]\nexpires = 2026-06-01T00:00:00Z\n", 2, "expires wants a date");
	refused("[waiver]\ntarget = port [44\n", 2, "has a '[' without its ']'");
	refused("[waiver]\nticket = a\x01" "b\n", 2, "a control character");
	refused("[waiver]\nticket = caf\xe9\n", 2, "not UTF-8");
	refused("[waiver]\nticket = \xc0\xaf\n", 2, "not UTF-8");
}

static void test_parse_hostile_sizes(void **state)
{
	struct waiver_set ws;
	struct nerr e;
	struct strbuf sb;
	char *big;
	size_t i;
	static const char nul[] = "[waiver]\ncheck = host\0.fqdn\n";

	(void)state;
	/* A NUL byte in the middle of a line. */
	assert_int_equal(waivers_parse(&ws, "w", nul, sizeof(nul) - 1, &e), -1);
	assert_non_null(strstr(e.msg, "w:2: the line holds a NUL byte"));

	/* A line of 5000 bytes. */
	sb_init(&sb);
	sb_add(&sb, "[waiver]\njustification = ");
	for (i = 0; i < 5000; i++)
		sb_add(&sb, "x");
	sb_add(&sb, "\n");
	refused(sb.s, 2, "line longer than 4096 bytes");
	sb_free(&sb);

	/* 10001 waivers. */
	sb_init(&sb);
	for (i = 0; i <= WAIVERS_MAX; i++)
		sb_add(&sb, "[waiver]\ncheck=host.fqdn\njustification=j\nexpires=2026-06-01\n");
	assert_int_equal(parse(&ws, sb.s, &e), -1);
	assert_non_null(strstr(e.msg, "more than 10000 waivers"));
	sb_free(&sb);

	/* More than 1 MiB. */
	big = xmalloc((size_t)WAIVERS_MAX_FILE + 2);
	memset(big, '#', (size_t)WAIVERS_MAX_FILE + 1);
	big[WAIVERS_MAX_FILE + 1] = '\0';
	assert_int_equal(parse(&ws, big, &e), -1);
	assert_non_null(strstr(e.msg, "a waivers file may have at most"));
	free(big);
}

static void test_load_missing_or_folder(void **state)
{
	struct waiver_set ws;
	struct nerr e;
	char *dir = scratch_dir(), *p = xasprintf("%s/none", dir);
	static const char one_line[] =
		"[waiver]\ncheck = host.fqdn\njustification = j\nexpires = 2026-06-01\n";

	(void)state;
	assert_int_equal(waivers_load(&ws, p, &e), -1);
	assert_non_null(strstr(e.msg, p));
	assert_int_equal(waivers_load(&ws, dir, &e), -1);
	assert_non_null(strstr(e.msg, "not a regular file"));
	write_file(p, one_line, strlen(one_line));
	assert_int_equal(waivers_load(&ws, p, &e), 0);
	assert_int_equal(ws.n, 1);
	waivers_free(&ws);
	rm_rf(dir);
	free(dir);
	free(p);
}

/* Audit the frozen broken bundle, then apply the waivers at as_of. */
static void audit_with(struct audit *a, struct waiver_set *ws, const char *text, int64_t as_of)
{
	struct nerr e;

	audit_src(a, GATE_BROKEN);
	assert_int_equal(parse(ws, text, &e), 0);
	waivers_apply(ws, &a->results, as_of, 30);
}

static const char one_waiver[] =
	"[waiver]\n"
	"check = httpsys.tls_binding\n"
	"justification = binds at first boot\n"
	"expires = 2026-06-01\n";

static void test_apply_match_waives_fail(void **state)
{
	struct audit a;
	struct waiver_set ws;
	const struct result *r;
	struct gate_options g = {SEV_MEDIUM, 0, 0};
	size_t i;

	(void)state;
	audit_with(&a, &ws, one_waiver, TEST_AS_OF);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_WAIVED);
	assert_int_equal(r->original_status, ST_FAIL);
	assert_ptr_equal(r->waiver, &ws.v[0]);
	assert_int_equal(ws.v[0].matched, 1);
	assert_int_equal(waiver_state(&ws.v[0]), WAIVER_APPLIED);
	assert_string_equal(waiver_state_name(WAIVER_APPLIED), "applied");
	/* The others are untouched, and the list is still sorted. */
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_FAIL);
	assert_null(only_result(&a, "httpsys.max_field_length")->waiver);
	for (i = 1; i < a.results.n; i++)
		assert_true(strcmp(a.results.v[i - 1]->check->id, a.results.v[i]->check->id) <= 0);
	/* The two other high failures still gate. */
	assert_int_equal(gate_decide(&a.results, &a.bundle, &g), 1);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_apply_waiving_every_failure_passes_the_gate(void **state)
{
	struct audit a;
	struct waiver_set ws;
	struct gate_options g = {SEV_LOW, 0, 0};
	struct strbuf sb;
	struct nerr e;
	size_t i, j, n = 0;

	(void)state;
	/* One waiver per check that has a fail or warn in this run. */
	audit_src(&a, GATE_BROKEN);
	assert_int_equal(gate_decide(&a.results, &a.bundle, &g), 1);
	sb_init(&sb);
	sb_add(&sb, "");
	for (i = 0; i < a.results.n; i++) {
		const struct result *r = a.results.v[i];

		if (r->status != ST_FAIL && r->status != ST_WARN)
			continue;
		for (j = 0; j < i; j++) /* one waiver per check */
			if (a.results.v[j]->check == r->check && (a.results.v[j]->status == ST_FAIL ||
								  a.results.v[j]->status == ST_WARN))
				break;
		if (j < i)
			continue;
		sb_printf(&sb, "[waiver]\ncheck = %s\njustification = accepted for the pilot\n"
			  "expires = 2026-06-01\n", r->check->id);
		n++;
	}
	assert_true(n >= 3);
	assert_int_equal(parse(&ws, sb.s, &e), 0);
	waivers_apply(&ws, &a.results, TEST_AS_OF, 30);
	assert_int_equal(count_results(&a, "httpsys.tls_binding", ST_WAIVED), 1);
	assert_int_equal(count_results(&a, "httpsys.max_field_length", ST_WAIVED), 1);
	assert_int_equal(count_results(&a, "httpsys.max_request_bytes", ST_WAIVED), 1);
	assert_int_equal(status_count(&a, ST_FAIL) + status_count(&a, ST_WARN), 0);
	for (i = 0; i < ws.n; i++)
		assert_int_equal(waiver_state(&ws.v[i]), WAIVER_APPLIED);
	assert_int_equal(gate_decide(&a.results, &a.bundle, &g), 0);
	g.fail_on_warn = 1;
	assert_int_equal(gate_decide(&a.results, &a.bundle, &g), 0);
	sb_free(&sb);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_apply_target_pattern(void **state)
{
	struct audit a;
	struct waiver_set ws;

	(void)state;
	/* Case-insensitive, '?', '*', backslashes literal, [set], [!set]. */
	audit_with(&a, &ws,
		   "[waiver]\ncheck = httpsys.tls_binding\ntarget = PORT 4?3\n"
		   "justification = j\nexpires = 2026-06-01\n"
		   "[waiver]\ncheck = httpsys.max_field_length\ntarget = http\\parameters\\Max*\n"
		   "justification = j\nexpires = 2026-06-01\n"
		   "[waiver]\ncheck = httpsys.max_request_bytes\ntarget = [!H]*\n"
		   "justification = j\nexpires = 2026-06-01\n"
		   "[waiver]\ncheck = httpsys.max_request_bytes\ntarget = HTTP\\Parameters\n"
		   "justification = j\nexpires = 2026-06-01\n", TEST_AS_OF);
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_WAIVED);
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_WAIVED);
	/* "[!H]*" excludes the H, and "HTTP\Parameters" is not the whole target. */
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_FAIL);
	assert_int_equal(waiver_state(&ws.v[2]), WAIVER_UNUSED);
	assert_int_equal(waiver_state(&ws.v[3]), WAIVER_UNUSED);
	waivers_free(&ws);
	audit_free(&a);

	audit_with(&a, &ws,
		   "[waiver]\ncheck = httpsys.tls_binding\ntarget = port 8443\n"
		   "justification = j\nexpires = 2026-06-01\n"
		   "[waiver]\ncheck = httpsys.tls_binding\ntarget = port [0-9][0-9][0-9]\n"
		   "justification = j\nexpires = 2026-06-01\n", TEST_AS_OF);
	assert_ptr_equal(only_result(&a, "httpsys.tls_binding")->waiver, &ws.v[1]);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_apply_expired_stops_on_the_day_after(void **state)
{
	struct audit a;
	struct waiver_set ws;
	const struct result *r;
	struct gate_options g = {SEV_HIGH, 0, 0};

	(void)state;
	/* Still in force on the last second of its expiry day. */
	audit_with(&a, &ws, one_waiver, LAST_SECOND);
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_WAIVED);
	assert_false(ws.v[0].expired);
	assert_true(ws.v[0].expires_soon);
	waivers_free(&ws);
	audit_free(&a);

	/* Gone from the next day: the failure is back, and names the waiver. */
	audit_with(&a, &ws, one_waiver, NEXT_DAY);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_FAIL);
	assert_ptr_equal(r->waiver, &ws.v[0]);
	assert_true(ws.v[0].expired);
	assert_int_equal(ws.v[0].matched, 1);
	assert_int_equal(waiver_state(&ws.v[0]), WAIVER_EXPIRED);
	assert_string_equal(waiver_state_name(WAIVER_EXPIRED), "expired");
	assert_int_equal(gate_decide(&a.results, &a.bundle, &g), 1);
	waivers_free(&ws);
	audit_free(&a);
}

/* A check whose every result in this run passes (no fail, warn or waived). */
static const char *passing_check(const struct audit *a)
{
	size_t i, j;

	for (i = 0; i < a->results.n; i++) {
		const struct check_def *cd = a->results.v[i]->check;
		int clean = a->results.v[i]->status == ST_PASS;

		for (j = 0; clean && j < a->results.n; j++)
			if (a->results.v[j]->check == cd && a->results.v[j]->status != ST_PASS)
				clean = 0;
		if (clean)
			return cd->id;
	}
	fail_msg("no check passes on this bundle");
	return NULL;
}

static void test_apply_unused_waiver(void **state)
{
	struct audit a;
	struct waiver_set ws;
	const char *id;
	char *text;
	size_t i;

	(void)state;
	/* A waiver for a check that passes, and one for a tls_binding target
	 * this server does not have: neither has anything to waive. */
	audit_src(&a, GATE_BROKEN);
	id = passing_check(&a);
	text = xasprintf("[waiver]\ncheck = %s\njustification = j\nexpires = 2027-01-01\n"
			 "[waiver]\ncheck = httpsys.tls_binding\ntarget = SslBindingInfo\\192.0.2.10:443\n"
			 "justification = j\nexpires = 2027-01-01\n", id);
	audit_free(&a);
	audit_with(&a, &ws, text, TEST_AS_OF);
	for (i = 0; i < a.results.n; i++) {
		if (strcmp(a.results.v[i]->check->id, id) == 0) {
			assert_int_equal(a.results.v[i]->status, ST_PASS);
			assert_null(a.results.v[i]->waiver);
		}
	}
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_FAIL);
	assert_null(only_result(&a, "httpsys.tls_binding")->waiver);
	assert_int_equal(waiver_state(&ws.v[0]), WAIVER_UNUSED);
	assert_int_equal(waiver_state(&ws.v[1]), WAIVER_UNUSED);
	assert_int_equal(ws.v[0].matched + ws.v[1].matched, 0);
	assert_string_equal(waiver_state_name(WAIVER_UNUSED), "unused");
	assert_false(ws.v[0].expires_soon);
	assert_int_equal(status_count(&a, ST_WAIVED), 0);
	free(text);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_apply_first_in_force_wins(void **state)
{
	struct audit a;
	struct waiver_set ws;
	const struct result *r;

	(void)state;
	audit_with(&a, &ws,
		   "[waiver]\ncheck = httpsys.tls_binding\njustification = old\nexpires = 2026-05-31\n"
		   "[waiver]\ncheck = httpsys.tls_binding\njustification = new\nexpires = 2026-12-31\n"
		   "[waiver]\ncheck = httpsys.tls_binding\njustification = also\nexpires = 2026-12-31\n",
		   TEST_AS_OF);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_WAIVED);
	assert_string_equal(r->waiver->justification, "new");
	assert_int_equal(waiver_state(&ws.v[0]), WAIVER_EXPIRED);
	assert_int_equal(waiver_state(&ws.v[1]), WAIVER_APPLIED);
	assert_int_equal(ws.v[2].matched, 1);
	waivers_free(&ws);
	audit_free(&a);
}

static void test_apply_only_fail_and_warn(void **state)
{
	struct result_list l = {0};
	struct emitter em = {&l, NULL, 0};
	struct waiver_set ws;
	struct nerr e;
	size_t i;
	static const enum status sts[] = {ST_PASS, ST_NA, ST_NE, ST_ERROR, ST_WARN};

	(void)state;
	em.check = check_find("httpsys.tls_binding");
	for (i = 0; i < sizeof(sts) / sizeof(sts[0]); i++)
		emit(&em, sts[i], "port 443", "m%zu", i);
	assert_int_equal(parse(&ws, one_waiver, &e), 0);
	waivers_apply(&ws, &l, TEST_AS_OF, 0);
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.v[i]->message, "m4") == 0) {
			assert_int_equal(l.v[i]->status, ST_WAIVED);
			assert_int_equal(l.v[i]->original_status, ST_WARN);
		} else {
			assert_int_not_equal(l.v[i]->status, ST_WAIVED);
			assert_null(l.v[i]->waiver);
		}
	}
	assert_int_equal(ws.v[0].matched, 1);
	assert_false(ws.v[0].expires_soon); /* --warn-days 0 */
	waivers_free(&ws);
	result_list_free(&l);
}

static void test_pattern_cannot_hang(void **state)
{
	struct result_list l = {0};
	struct emitter em = {&l, NULL, 0};
	struct waiver_set ws;
	struct nerr e;
	char *target = xmalloc(4001);
	clock_t t0;

	(void)state;
	memset(target, 'a', 4000);
	target[4000] = '\0';
	em.check = check_find("httpsys.tls_binding");
	emit(&em, ST_FAIL, target, "long target");
	assert_int_equal(parse(&ws, "[waiver]\ncheck = httpsys.tls_binding\n"
				    "target = *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
				    "justification = j\nexpires = 2026-06-01\n", &e), 0);
	t0 = clock();
	waivers_apply(&ws, &l, TEST_AS_OF, 30);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	assert_int_equal(l.v[0]->status, ST_FAIL);
	waivers_free(&ws);
	/* And a match of the same shape is found. */
	target[3999] = 'b';
	result_list_free(&l);
	emit(&em, ST_FAIL, target, "long target");
	assert_int_equal(parse(&ws, "[waiver]\ncheck = httpsys.tls_binding\n"
				    "target = *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
				    "justification = j\nexpires = 2026-06-01\n", &e), 0);
	waivers_apply(&ws, &l, TEST_AS_OF, 30);
	assert_int_equal(l.v[0]->status, ST_WAIVED);
	waivers_free(&ws);
	result_list_free(&l);
	free(target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid_file),
		cmocka_unit_test(test_parse_malformed_names_the_line),
		cmocka_unit_test(test_parse_hostile_sizes),
		cmocka_unit_test(test_load_missing_or_folder),
		cmocka_unit_test(test_apply_match_waives_fail),
		cmocka_unit_test(test_apply_waiving_every_failure_passes_the_gate),
		cmocka_unit_test(test_apply_target_pattern),
		cmocka_unit_test(test_apply_expired_stops_on_the_day_after),
		cmocka_unit_test(test_apply_unused_waiver),
		cmocka_unit_test(test_apply_first_in_force_wins),
		cmocka_unit_test(test_apply_only_fail_and_warn),
		cmocka_unit_test(test_pattern_cannot_hang),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
