/* HTML reports: the shared escaping, links and page chrome
 * (src/report/html_common.c), and the HTML report of a real sample. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_markup),
		cmocka_unit_test(test_escape_controls),
		cmocka_unit_test(test_url_safe),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_page_chrome),
		cmocka_unit_test(test_verdict_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
