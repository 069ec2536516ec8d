/* The readers' in-memory entry points (*_parse, used by tests/fuzz): on the
 * same bytes they give what the path readers give, and they report bad
 * input the same way, naming the buffer's name. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "read/certread.h"
#include "read/hive.h"
#include "read/iisconfig.h"
#include "ndes-audit/logs.h"
#include "read/regexport.h"

static unsigned char *load(const char *rel, size_t *n, char **path)
{
	*path = src_path(rel);
	return read_all(*path, n);
}

static void test_iisconf_parse_matches_read(void **state)
{
	struct iisconf *a = NULL, *b = NULL;
	struct nerr e;
	size_t n;
	char *path;
	unsigned char *buf = load("samples/healthy/inetsrv/config/applicationHost.config", &n, &path);

	(void)state;
	assert_int_equal(iisconf_read(path, "configuration", &a, &e), 1);
	assert_int_equal(iisconf_parse("mem.config", buf, n, "configuration", &b, &e), 1);
	assert_string_equal(b->path, "mem.config");
	assert_int_equal(b->kind, IISCONF_APPHOST);
	assert_int_equal(b->kind, a->kind);
	assert_int_equal(b->nelements, a->nelements);
	assert_int_equal(b->nsecrets, a->nsecrets);
	assert_int_equal(b->root->nkids, a->root->nkids);
	iisconf_free(b);
	/* Cut inside an element: the error names the buffer and a line. */
	assert_int_equal(iisconf_parse("cut.config", buf, n / 2, "configuration", &b, &e), -1);
	assert_null(b);
	assert_non_null(strstr(e.msg, "cut.config: line "));
	/* Another document element: 0, as from a file. */
	assert_int_equal(iisconf_parse("x.xml", (const unsigned char *)"<a/>", 4, "configuration",
				       &b, &e), 0);
	assert_null(b);
	iisconf_free(a);
	free(buf);
	free(path);
}

static void test_certfile_parse_matches_read(void **state)
{
	static const char *const files[] = {
		"tests/fixtures/certs/chain.pem", "tests/fixtures/certs/chain.p7b",
		"tests/fixtures/certs/my.sst", "tests/fixtures/certs/ra-sign.pfx",
		"tests/fixtures/certs/root.crl",
	};
	static const char pass[] = "Pfx-Test-Passw0rd!";
	struct certread_options o;
	size_t i;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.pfx_password = pass;
	o.pfx_password_len = sizeof(pass) - 1;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct certfile *a = NULL, *b = NULL;
		const char *note = NULL;
		struct nerr e;
		size_t n, k;
		char *path;
		unsigned char *buf = load(files[i], &n, &path);
		enum artifact_kind kind = certfile_sniff(buf, n < DISCOVER_HEAD ? n : DISCOVER_HEAD,
							 &note);

		assert_int_not_equal(kind, ART_UNKNOWN);
		assert_int_equal(certfile_read(path, strlen(path), kind, &o, &a, &e), 0);
		assert_int_equal(certfile_parse("mem", buf, n, kind, &o, &b, &e), 0);
		assert_int_equal(b->kind, a->kind);
		assert_int_equal(b->pem, a->pem);
		assert_int_equal(b->ncerts, a->ncerts);
		assert_int_equal(b->ncrls, a->ncrls);
		assert_int_equal(b->elems.n, a->elems.n);
		assert_true(b->elems.n > 0);
		for (k = 0; k < a->elems.n; k++)
			assert_memory_equal(b->elems.v[k].sha1, a->elems.v[k].sha1, 20);
		certfile_free(a);
		certfile_free(b);
		free(buf);
		free(path);
	}
}

static void test_certfile_parse_errors_name_the_buffer(void **state)
{
	struct certfile *cf = NULL;
	struct nerr e;

	(void)state;
	assert_int_equal(certfile_parse("empty.cer", (const uint8_t *)"", 0, ART_CERT_X509, NULL,
					&cf, &e), -1);
	assert_null(cf);
	assert_non_null(strstr(e.msg, "empty.cer: line 0: no certificate or CRL"));
	assert_int_equal(certfile_parse("cut.cer", (const uint8_t *)"\x30\x82\x04\x00\x30", 5,
					ART_CERT_X509, NULL, &cf, &e), -1);
	assert_non_null(strstr(e.msg, "cut.cer: offset 0: the object claims"));
}

static void test_regexport_parse_matches_open(void **state)
{
	static const char *const files[] = {
		"tests/fixtures/reg/healthy-SYSTEM.regedit5-live.reg",
		"tests/fixtures/reg/healthy-SYSTEM.regedit4.reg",
		"tests/fixtures/reg/healthy-SYSTEM.hivex-noprefix.reg",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct regexport *a = NULL, *b = NULL;
		struct nerr e;
		size_t n;
		char *path;
		unsigned char *buf = load(files[i], &n, &path);

		assert_int_equal(regexport_open(path, &a, &e), 1);
		assert_int_equal(regexport_parse("mem.reg", buf, n, &b, &e), 1);
		assert_string_equal(regexport_format(b), regexport_format(a));
		assert_int_equal(regexport_hives(b), regexport_hives(a));
		assert_int_equal(regexport_nkeys(b), regexport_nkeys(a));
		assert_true(regexport_nkeys(b) > 0);
		assert_int_equal(regexport_nwarnings(b), regexport_nwarnings(a));
		regexport_free(a);
		regexport_free(b);
		free(buf);
		free(path);
	}
}

static void test_regexport_parse_bad_header(void **state)
{
	struct regexport *x = NULL;
	struct nerr e;

	(void)state;
	assert_int_equal(regexport_parse("bad.reg", (const unsigned char *)"hello\r\n", 7, &x, &e),
			 -1);
	assert_null(x);
	assert_non_null(strstr(e.msg, "bad.reg"));
}

static void test_logs_parse_match_read(void **state)
{
	struct w3c_summary wa, wb;
	struct httperr_summary ha, hb;
	struct msi_summary ma, mb;
	struct nerr e;
	size_t n;
	char *path;
	unsigned char *buf;

	(void)state;
	buf = load("samples/healthy/iislogs/W3SVC1/u_ex260528.log", &n, &path);
	assert_int_equal(w3c_read(path, &wa, NULL, NULL, &e), 0);
	assert_int_equal(w3c_parse("W3SVC7/u_ex.log", buf, n, &wb, &e), 0);
	assert_int_equal(wb.lines, wa.lines);
	assert_int_equal(wb.data_lines, wa.data_lines);
	assert_true(wb.mscep_requests > 0);
	assert_int_equal(wb.mscep_requests, wa.mscep_requests);
	assert_int_equal(wb.mscep.n, wa.mscep.n);
	assert_int_equal(wb.first_t, wa.first_t);
	assert_int_equal(wb.last_t, wa.last_t);
	assert_string_equal(wb.artifact, "W3SVC7/u_ex.log");
	free(buf);
	free(path);

	buf = load("samples/log-503/LogFiles/HTTPERR/httperr1.log", &n, &path);
	assert_int_equal(httperr_read(path, &ha, NULL, NULL, &e), 0);
	assert_int_equal(httperr_parse("httperr.log", buf, n, &hb, &e), 0);
	assert_true(hb.ndes_lines > 0);
	assert_int_equal(hb.ndes_lines, ha.ndes_lines);
	assert_int_equal(hb.n, ha.n);
	assert_string_equal(hb.v[0].reason, ha.v[0].reason);
	free(buf);
	free(path);

	buf = load("samples/log-setupmsi-failed/connector/SetupMsi.log", &n, &path);
	assert_int_equal(msi_read(path, &ma, &e), 0);
	assert_int_equal(msi_parse("SetupMsi.log", buf, n, &mb, &e), 0);
	assert_int_equal(mb.has_status, 1);
	assert_int_equal(mb.status, ma.status);
	assert_int_equal(mb.status_line, ma.status_line);
	assert_string_equal(mb.product, ma.product);
	assert_int_equal(mb.failed_action_line, ma.failed_action_line);
	free(buf);
	free(path);
}

static void test_hive_parse_matches_open(void **state)
{
	struct hive *a = NULL, *b = NULL;
	struct hive_key *ka = NULL, *kb = NULL;
	uint64_t ta = 0, tb = 0;
	struct nerr e;
	int na = 0, nb = 0;
	size_t n;
	char *path;
	unsigned char *buf = load("tests/fixtures/hives/software-connectors.hiv", &n, &path);

	(void)state;
	assert_int_equal(hive_open(path, &a, &e), 1);
	assert_int_equal(hive_parse("SOFTWARE", buf, n, &b, &e), 1);
	assert_memory_equal(hive_get_header(b), hive_get_header(a), sizeof(struct hive_header));
	assert_int_equal(hive_key_get(a, "", &ka, &e), 1);
	assert_int_equal(hive_key_get(b, "", &kb, &e), 1);
	assert_int_equal(hive_key_nsubkeys(ka, &na, &e), 1);
	assert_int_equal(hive_key_nsubkeys(kb, &nb, &e), 1);
	assert_true(nb > 0);
	assert_int_equal(nb, na);
	/* The key-time scan reads the buffer, not a file named "SOFTWARE". */
	assert_int_equal(hive_newest_key_time(a, &ta, &e), 1);
	assert_int_equal(hive_newest_key_time(b, &tb, &e), 1);
	assert_true(tb == ta);
	hive_key_free(ka);
	hive_key_free(kb);
	hive_close(a);
	hive_close(b);
	/* A copy cut inside its bins is refused before libregf sees it. */
	assert_int_equal(hive_parse("cut", buf, n - 4096, &b, &e), -1);
	assert_null(b);
	assert_non_null(strstr(e.msg, "cut: truncated: the base block declares"));
	assert_int_equal(hive_parse("empty", buf, 0, &b, &e), -1);
	assert_non_null(strstr(e.msg, "empty: offset 0: not a registry hive"));
	free(buf);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iisconf_parse_matches_read),
		cmocka_unit_test(test_certfile_parse_matches_read),
		cmocka_unit_test(test_certfile_parse_errors_name_the_buffer),
		cmocka_unit_test(test_regexport_parse_matches_open),
		cmocka_unit_test(test_regexport_parse_bad_header),
		cmocka_unit_test(test_logs_parse_match_read),
		cmocka_unit_test(test_hive_parse_matches_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
