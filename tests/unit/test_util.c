/* Helpers: time parsing and formatting, UTF-16, printable text, hex. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/err.h"

#include "ndes-audit/util.h"
#include "testutil.h"

static void test_as_of_forms(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(time_parse_as_of("2026-06-01", 0, &t), 0);
	assert_int_equal(t, TEST_AS_OF);
	assert_int_equal(time_parse_as_of("2026-06-01T00:00:00Z", 0, &t), 0);
	assert_int_equal(t, TEST_AS_OF);
	assert_int_equal(time_parse_as_of("2026-05-30T14:07:03Z", 0, &t), 0);
	assert_int_equal(t, TEST_AS_OF - 2 * 86400 + 14 * 3600 + 7 * 60 + 3);
	assert_int_equal(time_parse_as_of("now", 12345, &t), 0);
	assert_int_equal(t, 12345);
	assert_int_equal(time_parse_as_of("2024-02-29", 0, &t), 0);
}

static void test_as_of_rejects(void **state)
{
	static const char *const bad[] = {
		"", "2026-6-1", "2026-02-29", "2026-13-01", "2026-00-10", "2026-06-01T24:00:00Z",
		"2026-06-01T00:00:00", "2026-06-01 00:00:00Z", "1969-12-31", "2026-06-01T00:60:00Z",
		"tomorrow", "2026-06-01X", "+026-06-01",
	};
	size_t i;
	int64_t t = 7;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(time_parse_as_of(bad[i], 0, &t), -1);
	assert_int_equal(t, 7);
}

static void test_time_format(void **state)
{
	char buf[32];

	(void)state;
	time_format_iso(TEST_AS_OF, buf, sizeof(buf));
	assert_string_equal(buf, "2026-06-01T00:00:00Z");
	time_format_iso(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	time_format_iso(951782400 + 86399, buf, sizeof(buf)); /* 2000-02-29 */
	assert_string_equal(buf, "2000-02-29T23:59:59Z");
}

static void test_filetime(void **state)
{
	int64_t t = 0;

	(void)state;
	assert_int_equal(filetime_to_unix(0, &t), 0);
	assert_int_equal(filetime_to_unix(116444736000000000ULL, &t), 0); /* 1970: implausible */
	assert_int_equal(filetime_to_unix(116444736000000000ULL + (uint64_t)TEST_AS_OF * 10000000ULL, &t), 1);
	assert_int_equal(t, TEST_AS_OF);
	assert_int_equal(filetime_to_unix(UINT64_MAX, &t), 0);
}

static void test_utf16(void **state)
{
	static const uint8_t ndes[] = {'N', 0, 'D', 0, 'E', 0, 'S', 0, 0, 0, 'x', 0};
	static const uint8_t euro_odd[] = {0xAC, 0x20, 'a'};             /* "€" + odd byte */
	static const uint8_t pair[] = {0x3D, 0xD8, 0x00, 0xDE};          /* U+1F600 */
	static const uint8_t lone[] = {0x3D, 0xD8, 'a', 0};              /* unpaired high */
	char *s;

	(void)state;
	s = utf16le_to_utf8(ndes, sizeof(ndes));
	assert_string_equal(s, "NDES");
	free(s);
	s = utf16le_to_utf8(euro_odd, sizeof(euro_odd));
	assert_string_equal(s, "\xE2\x82\xAC");
	free(s);
	s = utf16le_to_utf8(pair, sizeof(pair));
	assert_string_equal(s, "\xF0\x9F\x98\x80");
	free(s);
	s = utf16le_to_utf8(lone, sizeof(lone));
	assert_string_equal(s, "\xEF\xBF\xBD" "a");
	free(s);
	s = utf16le_to_utf8(NULL, 0);
	assert_string_equal(s, "");
	free(s);
}

static void test_printable(void **state)
{
	char *s;

	(void)state;
	s = printable("ok \xE2\x82\xAC\x1b[31m\xff\n");
	assert_string_equal(s, "ok \xE2\x82\xAC\\x1b[31m\\xff\\x0a");
	free(s);
	/* C1 (U+0085, U+009B), bidi controls (U+202E, U+2066, U+200F), U+2028
	 * and U+FFFE are shown as their bytes; their neighbours U+00A0,
	 * U+2029's neighbour U+202F and U+2070 are plain text (issue 12.7). */
	s = printable("a\xC2\x85\xC2\x9B\xC2\xA0 \xE2\x80\xAE\xE2\x81\xA6\xE2\x80\x8F\xE2\x80\xA8"
		      "\xE2\x80\xAF\xE2\x81\xB0\xEF\xBF\xBE.");
	assert_string_equal(s, "a\\xc2\\x85\\xc2\\x9b\xC2\xA0 \\xe2\\x80\\xae\\xe2\\x81\\xa6"
			       "\\xe2\\x80\\x8f\\xe2\\x80\\xa8\xE2\x80\xAF\xE2\x81\xB0\\xef\\xbf\\xbe.");
	free(s);
	assert_true(codepoint_hidden(0x9B) && codepoint_hidden(0x202A) && codepoint_hidden(0x2069));
	assert_false(codepoint_hidden(0xA0) || codepoint_hidden(0x2065) || codepoint_hidden(0x20AC));
	/* The same escaping with tab, LF and CR kept or made spaces (JUnit). */
	s = text_escape("l1\r\n\tl2\x7f\xC2\x9B", TEXT_WS_KEEP);
	assert_string_equal(s, "l1\r\n\tl2\\x7f\\xc2\\x9b");
	free(s);
	s = text_escape("l1\r\n\tl2\xE2\x80\xAE", TEXT_WS_SPACE);
	assert_string_equal(s, "l1   l2\\xe2\\x80\\xae");
	free(s);
	s = text_escape(NULL, TEXT_WS_SPACE);
	assert_string_equal(s, "");
	free(s);
	s = hex_encode((const uint8_t *)"\x3f\x2a", 2, 1);
	assert_string_equal(s, "3F2A");
	free(s);
}

static void test_case(void **state)
{
	(void)state;
	assert_int_equal(ascii_casecmp("ControlSet001", "controlset001"), 0);
	assert_true(ascii_casecmp("a", "b") < 0);
	assert_int_equal(ascii_ncasecmp("SslBindingInfo", "sslbinding", 10), 0);
	assert_true(ascii_casesuffix("SYSTEM.HIV", ".hiv"));
	assert_false(ascii_casesuffix("v", ".hiv"));
}

/* The first line of a regular file or a pipe; a FIFO nobody writes to
 * ends at once instead of blocking in open(2) (issue 12.6). */
static void test_first_line_file_and_pipes(void **state)
{
	char *dir = scratch_dir(), *f = xasprintf("%s/pw.txt", dir);
	char *fifo = xasprintf("%s/fifo", dir), *fdpath, buf[16], big[5000];
	struct nerr e;
	size_t len = 99;
	int p[2];

	(void)state;
	write_file(f, "s3cret\r\nnext line\n", 19);
	assert_int_equal(file_read_first_line(f, buf, sizeof(buf), &len, &e), 1);
	assert_int_equal(len, 6);
	assert_int_equal(memcmp(buf, "s3cret", 6), 0);
	write_file(f, "", 0);
	assert_int_equal(file_read_first_line(f, buf, sizeof(buf), &len, &e), 1);
	assert_int_equal(len, 0);
	/* A first line longer than the buffer: refused, never cut short. */
	memset(big, 'x', sizeof(big));
	write_file(f, big, sizeof(big));
	assert_int_equal(file_read_first_line(f, buf, sizeof(buf), &len, &e), -1);
	assert_non_null(strstr(e.msg, "no line end in the first 15 bytes"));
	assert_null(strstr(e.msg, "xxx"));
	assert_int_equal(buf[0], '\0');

	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(file_read_first_line(fifo, buf, sizeof(buf), &len, &e), 0);

	/* A pipe whose writer keeps it open: the line is returned without
	 * waiting for end of file; then one that ends without a line end. */
	assert_int_equal(pipe(p), 0);
	fdpath = xasprintf("/proc/self/fd/%d", p[0]);
	assert_int_equal(write(p[1], "pipe-pw\nmore", 12), 12);
	assert_int_equal(file_read_first_line(fdpath, buf, sizeof(buf), &len, &e), 1);
	assert_int_equal(len, 7);
	assert_int_equal(memcmp(buf, "pipe-pw", 7), 0);
	assert_int_equal(write(p[1], "tail", 4), 4);
	close(p[1]);
	assert_int_equal(file_read_first_line(fdpath, buf, sizeof(buf), &len, &e), 1);
	assert_int_equal(len, 4);
	close(p[0]);

	assert_int_equal(file_read_first_line("/dev/null", buf, sizeof(buf), &len, &e), -1);
	assert_non_null(strstr(e.msg, "/dev/null: not a regular file or a pipe"));
	assert_int_equal(file_read_first_line(dir, buf, sizeof(buf), &len, &e), -1);
	assert_int_equal(file_read_first_line(f, buf, 1, &len, &e), -1);
	rm_rf(dir);
	free(fdpath);
	free(fifo);
	free(f);
	free(dir);
}

/* The one case-insensitive search in a counted buffer the log readers share. */
static void test_memcasestr(void **state)
{
	static const char buf[] = "GET /CertSrv/MSCEP/mscep.dll";

	(void)state;
	assert_ptr_equal(ascii_memcasestr(buf, sizeof(buf) - 1, "/certsrv/mscep"), buf + 4);
	assert_ptr_equal(ascii_memcasestr(buf, sizeof(buf) - 1, "MSCEP.DLL"), buf + 19);
	/* Only the n bytes count: a match that runs past them is none. */
	assert_null(ascii_memcasestr(buf, 10, "/certsrv/mscep"));
	assert_null(ascii_memcasestr(buf, 0, "G"));
	assert_ptr_equal(ascii_memcasestr(buf, 0, ""), buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcasestr),
		cmocka_unit_test(test_as_of_forms),
		cmocka_unit_test(test_as_of_rejects),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_filetime),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_printable),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_first_line_file_and_pipes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
