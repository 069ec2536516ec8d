/* HTML reports: the shared escaping, links and page chrome
 * (src/report/html_common.c), and the HTML report of a real sample. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/check.h"
#include "ndes-audit/logs.h"
#include "report/report-priv.h"
#include "testutil.h"

/* A memory stream: what is written to *f lands in *buf once closed. */
static void capture_begin(FILE **f, char **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	*f = open_memstream(buf, len);
	assert_non_null(*f);
}

static void test_escape_markup(void **state)
{
	char *h;

	(void)state;
	h = html_escape("<script>alert(1)</script>\"><img src=x onerror='a'>&", TEXT_WS_ESCAPE);
	assert_string_equal(h, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x "
			       "onerror=&#39;a&#39;&gt;&amp;");
	free(h);
	h = html_escape(NULL, TEXT_WS_ESCAPE);
	assert_string_equal(h, "");
	free(h);
}

static void test_escape_controls(void **state)
{
	char *h;

	(void)state;
	/* C1 CSI, a bidi override (U+202E), invalid UTF-8 and a tab: all
	 * shown as \xNN as in the text outputs; plain UTF-8 kept. */
	h = html_escape("a\xc2\x9b" "b\xe2\x80\xae" "c\xff\td \xc3\xa9", TEXT_WS_ESCAPE);
	assert_string_equal(h, "a\\xc2\\x9bb\\xe2\\x80\\xaec\\xff\\x09d \xc3\xa9");
	free(h);
	h = html_escape("l1\nl2<", TEXT_WS_KEEP);
	assert_string_equal(h, "l1\nl2&lt;");
	free(h);
}

static void test_url_safe(void **state)
{
	(void)state;
	assert_true(html_url_safe("https://learn.microsoft.com/en-us/x?a=1&b=2"));
	assert_true(html_url_safe("HTTP://example.test/"));
	assert_false(html_url_safe("javascript:alert(1)"));
	assert_false(html_url_safe(" https://x.test/"));
	assert_false(html_url_safe("data:text/html,<script>"));
	assert_false(html_url_safe("file:///etc/passwd"));
	assert_false(html_url_safe("https://x.test/\"onmouseover=\"a"));
	assert_false(html_url_safe("https://x.test/a b"));
	assert_false(html_url_safe("https://"));
	assert_false(html_url_safe("https:///path"));
	assert_false(html_url_safe("https://x.test/\xc3\xa9"));
	assert_false(html_url_safe(NULL));
}

static void test_link(void **state)
{
	FILE *f;
	char *buf;
	size_t len;

	(void)state;
	capture_begin(&f, &buf, &len);
	html_link(f, "https://x.test/a?b=1&c=2", "<doc>");
	fputc('|', f);
	html_link(f, "javascript:alert(1)", NULL);
	fclose(f);
	assert_string_equal(buf, "<a href=\"https://x.test/a?b=1&amp;c=2\">&lt;doc&gt;</a>|"
				 "javascript:alert(1)");
	free(buf);
}

static void test_page_chrome(void **state)
{
	FILE *f;
	char *buf;
	size_t len;

	(void)state;
	capture_begin(&f, &buf, &len);
	html_page_begin(f, "host <b>");
	html_verdict(f, 1, 0);
	html_page_end(f, "1.2&3");
	fclose(f);
	assert_true(strncmp(buf, "<!DOCTYPE html>\n", 16) == 0);
	assert_non_null(strstr(buf, "<title>host &lt;b&gt;</title>"));
	assert_non_null(strstr(buf, "<style>"));
	assert_non_null(strstr(buf, "@media print"));
	assert_non_null(strstr(buf, "v-fail"));
	assert_non_null(strstr(buf, "1.2&amp;3"));
	/* Self-contained: nothing is fetched, nothing runs. */
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "<link"));
	assert_null(strstr(buf, "url("));
	assert_null(strstr(buf, "@import"));
	assert_true(len > 20 && strcmp(buf + len - 8, "</html>\n") == 0);
	free(buf);
}

static void test_verdict_words(void **state)
{
	(void)state;
	assert_string_equal(report_verdict_text(0, 0), "passed");
	assert_string_equal(report_verdict_text(0, 1), "report only");
	assert_string_equal(report_verdict_text(1, 0), "FAILED");
	assert_string_equal(report_verdict_text(3, 0), "incomplete: some input could not be read");
	assert_string_equal(report_verdict_text(4, 0), "error");
	assert_string_equal(html_status_class(ST_FAIL), "st-fail");
	assert_string_equal(html_status_class(ST_WAIVED), "st-waived");
}

/* The HTML report of an audit, with its pictures' view. */
static char *render_html(struct audit *a, struct report_view *view)
{
	struct report rep = {.head = audit_header(a, "test"), .bundle = &a->bundle,
			     .results = &a->results, .fail_on = SEV_MEDIUM,
			     .exit_code = a->exit_code};
	FILE *f;
	char *buf;
	size_t len;

	report_view_build(view, &a->facts);
	rep.head.view = view;
	capture_begin(&f, &buf, &len);
	assert_int_equal(report_html(f, &rep), 0);
	fclose(f);
	return buf;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void test_report_sample(void **state)
{
	static const enum status all[] = {ST_FAIL, ST_ERROR, ST_WARN, ST_WAIVED,
					  ST_PASS, ST_NA, ST_NE};
	struct audit a;
	struct report_view view;
	char *out, want[64];
	size_t i, findings;

	(void)state;
	audit_sample(&a, "broken");
	out = render_html(&a, &view);
	assert_true(strncmp(out, "<!DOCTYPE html>\n", 16) == 0);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		snprintf(want, sizeof(want), "<td data-status=\"%s\"><b>%zu</b></td>",
			 status_name(all[i]), status_count(&a, all[i]));
		assert_non_null(strstr(out, want));
	}
	findings = status_count(&a, ST_FAIL) + status_count(&a, ST_WARN) +
		   status_count(&a, ST_ERROR) + status_count(&a, ST_WAIVED);
	assert_true(findings > 0);
	assert_int_equal(occurrences(out, "<article "), findings);
	assert_non_null(strstr(out, "<p id=\"gate\">Gate <span class=\"verdict v-fail\">FAILED"));
	assert_non_null(strstr(out, "id=\"cert-timeline\""));
	assert_non_null(strstr(out, "<details class=\"folded\" id=\"folded-pass\">"));
	assert_int_equal(occurrences(out, "<g class=\"cert\""), view.ncerts);
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "id=\"requests\"")); /* no IIS log in this sample */
	free(out);
	report_view_free(&view);
	audit_free(&a);
}

/* The timeline's certificates: roles from the certificate checks, dates
 * judged as they judge them, soonest expiry first. */
static void test_view_cert_states(void **state)
{
	static const struct {
		const char *sample;
		enum report_cert_state want;
	} cases[] = {{"policymodule-expired", RCERT_EXPIRED},
		     {"policymodule-expiring", RCERT_EXPIRING}};
	size_t k, i;

	(void)state;
	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct audit a;
		struct report_view v;
		int found = 0;

		audit_sample(&a, cases[k].sample);
		report_view_build(&v, &a.facts);
		assert_true(v.ncerts > 0);
		for (i = 0; i < v.ncerts; i++) {
			assert_int_equal(strlen(v.certs[i].thumbprint), 40);
			if (i > 0)
				assert_true(v.certs[i - 1].not_after <= v.certs[i].not_after);
			if (strstr(v.certs[i].role, "policy module") != NULL) {
				assert_int_equal(v.certs[i].state, cases[k].want);
				found = 1;
			}
		}
		assert_true(found);
		assert_int_equal(v.warn_days, 30);
		report_view_free(&v);
		audit_free(&a);
	}
}

static void test_log_days(void **state)
{
	static const char log[] =
		"#Software: Microsoft Internet Information Services 10.0\r\n"
		"#Fields: date time cs-uri-stem cs-uri-query sc-status sc-substatus sc-win32-status\r\n"
		"2026-03-02 10:00:00 /certsrv/mscep/mscep.dll operation=GetCACaps 200 0 0\r\n"
		"2026-03-02 11:00:00 /certsrv/mscep/mscep.dll operation=PKIOperation 500 0 1346\r\n"
		"2026-03-01 23:59:59 /certsrv/mscep/mscep.dll operation=GetCACert 404 0 2\r\n"
		"2026-03-02 12:00:00 /other 500 0 0\r\n"
		"2026-03-03 00:00:00 /certsrv/mscep/mscep.dll - - 0 0\r\n";
	struct w3c_summary *s = calloc(1, sizeof(*s));
	struct log_day v[3];
	size_t n = 0;
	struct nerr e;
	int64_t d1 = days_from_civil(2026, 3, 1);

	(void)state;
	assert_non_null(s);
	nerr_clear(&e);
	assert_int_equal(w3c_parse("u_ex260302.log", log, sizeof(log) - 1, s, &e), 0);
	assert_int_equal(s->mscep_days.n, 3);
	assert_true(s->mscep_days.v[0].day == d1 && s->mscep_days.v[0].by_class[4] == 1);
	assert_true(s->mscep_days.v[1].day == d1 + 1 && s->mscep_days.v[1].by_class[2] == 1 &&
		    s->mscep_days.v[1].by_class[5] == 1);
	assert_true(s->mscep_days.v[2].day == d1 + 2 && s->mscep_days.v[2].by_class[0] == 1);
	free(s);
	/* The table stays in day order and full is full. */
	assert_int_equal(log_day_add(v, &n, 3, (d1 + 5) * 86400, 200, 2), 0);
	assert_int_equal(log_day_add(v, &n, 3, d1 * 86400 + 5, 301, 1), 0);
	assert_int_equal(log_day_add(v, &n, 3, (d1 + 2) * 86400, 503, 4), 0);
	assert_int_equal(log_day_add(v, &n, 3, (d1 + 2) * 86400 + 86399, 200, 1), 0);
	assert_int_equal(log_day_add(v, &n, 3, (d1 + 9) * 86400, 200, 1), -1);
	assert_int_equal(n, 3);
	assert_true(v[0].day == d1 && v[0].by_class[3] == 1);
	assert_true(v[1].day == d1 + 2 && v[1].by_class[5] == 4 && v[1].by_class[2] == 1);
	assert_true(v[2].day == d1 + 5 && v[2].by_class[2] == 2);
}

/* A sample with IIS logs: the view's days add up to the mscep.dll requests
 * the log facts counted (every line of it has a time). */
static void test_view_days(void **state)
{
	struct audit a;
	struct report_view v;
	uint64_t sum = 0;
	size_t i;
	int c;

	(void)state;
	audit_sample(&a, "log-500-1346");
	report_view_build(&v, &a.facts);
	assert_true(v.has_iis_logs);
	assert_true(v.ndays > 0);
	for (i = 0; i < v.ndays; i++)
		for (c = 0; c < 6; c++)
			sum += v.days[i].by_class[c];
	assert_true(sum > 0);
	assert_int_equal(sum, v.mscep_requests);
	assert_int_equal(v.days_overflow, 0);
	report_view_free(&v);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_markup),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_url_safe),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_page_chrome),
		cmocka_unit_test(test_verdict_words),
		cmocka_unit_test(test_report_sample),
		cmocka_unit_test(test_view_cert_states),
		cmocka_unit_test(test_log_days),
		cmocka_unit_test(test_view_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
