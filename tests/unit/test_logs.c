/* Log and event evidence: the W3C, HTTPERR and SetupMsi readers on real and
 * hostile files, the .evtx helper, every outcome of the log and event checks
 * (log.iis.mscep_status, log.iis.no_requests, log.iis.crp_verify, log.httperr,
 * log.setupmsi.result, evt.app_pool_crash, evt.ndes), and the engine's
 * linking of log findings to configuration checks. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static const char HDR[] = "#Software: Microsoft Internet Information Services 10.0\r\n"
			  "#Version: 1.0\r\n#Date: 2026-05-29 06:00:00\r\n";
static const char FIELDS[] =
	"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
	"cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

/* A scratch bundle with one file NAME holding TEXT. */
static char *bundle_with(const char *name, const char *text, size_t n)
{
	char *dir = scratch_dir(), *path = xasprintf("%s/%s", dir, name);

	write_file(path, text, n);
	free(path);
	return dir;
}

static void audit_text(struct audit *a, const char *name, const char *text)
{
	char *dir = bundle_with(name, text, strlen(text));

	audit_one(a, dir);
	a->dir = dir;
}

static int has_ev(const struct result *r, const char *part)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		if ((e->location != NULL && strstr(e->location, part) != NULL) ||
		    (e->value != NULL && strstr(e->value, part) != NULL))
			return 1;
	}
	return 0;
}

static int relates(const struct result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nrel; i++)
		if (strcmp(r->rel[i].check_id, id) == 0)
			return 1;
	return 0;
}

static const struct artifact *art_of(const struct audit *a, enum artifact_kind k)
{
	size_t i;

	for (i = 0; i < a->bundle.n; i++)
		if (a->bundle.arts[i].kind == k)
			return &a->bundle.arts[i];
	return NULL;
}

/* ------------------------------------------------------------- readers */

static void test_w3c_realworld_every_line_accounted(void **state)
{
	char *p = realworld_path("iis-logs/knowit_W3SVC1_u_ex151127.log");
	struct w3c_summary s;
	struct nerr e;

	(void)state;
	if (p == NULL)
		skip();
	nerr_clear(&e);
	assert_int_equal(w3c_read(p, &s, NULL, NULL, &e), 0);
	assert_int_equal(s.lines, 178);
	assert_int_equal(s.headers, 31);
	assert_int_equal(s.directives, 31 * 4);
	assert_int_equal(s.data_lines, 54);
	assert_int_equal(s.lines, s.directives + s.data_lines + s.blank + s.before_fields +
					  s.malformed + s.overlong);
	assert_int_equal(s.malformed + s.before_fields + s.overlong + s.bad_time, 0);
	assert_int_equal(s.other_requests, 54);
	assert_int_equal(s.mscep_requests, 0);
	assert_true(s.has_time);
	assert_int_equal(s.first_t, days_from_civil(2015, 11, 27) * 86400 + 76);
	free(p);
}

static void test_w3c_rebinds_columns_at_each_fields_line_crlf_and_lf(void **state)
{
	struct strbuf sb;
	struct w3c_summary s;
	struct nerr e;
	char *dir, *path;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, HDR);
	sb_add(&sb, FIELDS);
	sb_add(&sb, "2026-05-29 06:00:01 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=GetCACaps&"
		    "message=x 443 - 10.1.1.1 Mozilla/4.0+(compatible;+Win32;+NDES+client) - 200 0 0 5\r\n");
	/* The log reopened with another field set and LF line ends. */
	sb_add(&sb, "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time "
		    "cs-uri-stem sc-win32-status sc-substatus sc-status cs-uri-query s-sitename\n");
	sb_add(&sb, "2026-05-29 07:00:01 /CertSrv/MSCEP/mscep.dll 1346 0 500 operation=PKIOperation "
		    "W3SVC3\n");
	sb_add(&sb, "2026-05-29 07:00:02 /certsrv/mscep_admin/ 0 0 200 - W3SVC3");
	dir = scratch_dir();
	path = xasprintf("%s/W3SVC1", dir);
	mkdir(path, 0700);
	free(path);
	path = xasprintf("%s/W3SVC1/u_ex260529.log", dir);
	write_file(path, sb.s, sb.len);
	nerr_clear(&e);
	assert_int_equal(w3c_read(path, &s, NULL, NULL, &e), 0);
	assert_int_equal(s.headers, 2);
	assert_int_equal(s.data_lines, 3);
	assert_int_equal(s.mscep_requests, 2);
	assert_int_equal(s.other_requests, 1);
	assert_int_equal(s.mscep.n, 2);
	assert_int_equal(s.mscep.v[1].st.status, 500);
	assert_int_equal(s.mscep.v[1].st.win32, 1346);
	assert_int_equal(s.mscep.v[1].by_op[OP_PKIOPERATION], 1);
	assert_int_equal(s.mscep.v[0].by_ua[UA_NDES_CLIENT], 1);
	/* s-sitename (content) wins over the folder name. */
	assert_int_equal(s.site_id, 3);
	assert_string_equal(s.site_origin, "s-sitename");
	rm_rf(dir);
	free(dir);
	free(path);
	sb_free(&sb);
}

static void test_w3c_hostile_fields_line_with_10000_fields(void **state)
{
	struct strbuf sb;
	struct audit a;
	const struct w3c_summary *s;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, HDR);
	sb_add(&sb, "#Fields:");
	for (i = 0; i < 10000; i++)
		sb_printf(&sb, " x-field-%d", i);
	sb_add(&sb, " date time cs-uri-stem sc-status\r\n");
	sb_add(&sb, "2026-05-29 06:00:01 /certsrv/mscep/mscep.dll 200\r\n");
	audit_text(&a, "u_ex1.log", sb.s);
	s = artifact_w3c(art_of(&a, ART_LOG_IIS));
	assert_non_null(s);
	/* Columns past the bound are not used: the record counts, its fields do not. */
	assert_int_equal(s->headers, 1);
	assert_int_equal(s->lines, 5);
	assert_int_equal(s->data_lines + s->malformed, 1);
	assert_int_equal(s->mscep_requests, 0);
	audit_free(&a);
	sb_free(&sb);
}

static void test_w3c_hostile_100mb_line_data_before_fields_binary_noise(void **state)
{
	char *dir = scratch_dir(), *path = xasprintf("%s/u_ex2.log", dir);
	FILE *f = fopen(path, "wb");
	char *block = xmalloc(1 << 20);
	struct audit a;
	const struct artifact *art;
	const struct w3c_summary *s;
	int i;

	(void)state;
	assert_non_null(f);
	fputs(HDR, f);
	fputs("2026-05-29 05:59:59 stray record before any #Fields\r\n", f);
	fputs(FIELDS, f);
	memset(block, 'A', 1 << 20);
	for (i = 0; i < 100; i++)
		assert_int_equal(fwrite(block, 1, 1 << 20, f), 1 << 20);
	fputs("\r\n", f);
	for (i = 0; i < 4096; i++)
		fputc((i * 7919) & 0xff, f);
	fputs("\r\n2026-05-29 06:00:01 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=GetCACert&"
	      "message=x 443 - 10.1.1.1 - - 200 0 0 5\r\n", f);
	assert_int_equal(fclose(f), 0);
	audit_one(&a, dir);
	art = art_of(&a, ART_LOG_IIS);
	assert_non_null(art);
	assert_int_equal(art->status, ART_OK);
	s = artifact_w3c(art);
	assert_int_equal(s->overlong, 1);
	assert_int_equal(s->before_fields, 1);
	assert_true(s->malformed >= 1); /* the binary noise */
	assert_int_equal(s->mscep_requests, 1);
	assert_int_equal(s->lines, s->directives + s->data_lines + s->blank + s->before_fields +
					   s->malformed + s->overlong);
	assert_true(art->nwarnings >= 2);
	assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(path);
	free(block);
}

static void test_line_reader_utf16_and_bounds(void **state)
{
	static const unsigned char u16[] = {0xFF, 0xFE, 'a', 0, '\r', 0, '\n', 0, 0xE9, 0, 'b', 0,
					    0x3D, 0xD8, 0x00, 0xDE, '\n', 0, 'c', 0};
	char *dir = scratch_dir(), *path = xasprintf("%s/x.log", dir);
	struct line_reader lr;
	struct nerr e;
	char *line;
	size_t len;
	int over;

	(void)state;
	write_file(path, u16, sizeof(u16));
	nerr_clear(&e);
	assert_int_equal(lr_open(&lr, path, NULL, NULL, &e), 0);
	assert_int_equal(lr_next(&lr, &line, &len, &over, &e), 1);
	assert_string_equal(line, "a");
	assert_int_equal(lr_next(&lr, &line, &len, &over, &e), 1);
	assert_string_equal(line, "\xC3\xA9" "b\xF0\x9F\x98\x80");
	assert_int_equal(lr_next(&lr, &line, &len, &over, &e), 1);
	assert_string_equal(line, "c");
	assert_int_equal(lr_next(&lr, &line, &len, &over, &e), 0);
	assert_int_equal(lr.utf16, 1);
	lr_close(&lr);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ------------------------------------------------------ log.iis.mscep_status */

static void test_mscep_status_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "log.iis.mscep_status");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "15 served"));
	assert_non_null(strstr(r->message, "1 refused as expected"));
	assert_non_null(strstr(r->message, "Android 6"));
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
}

static void test_mscep_status_fail_500_1346_linked_to_impersonation(void **state)
{
	struct audit a;
	const struct result *r, *rights;

	(void)state;
	audit_sample(&a, "log-500-1346");
	r = find_result(&a, "log.iis.mscep_status", "mscep.dll 500 0 1346");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "3 time(s)"));
	assert_non_null(strstr(r->message, "2026-05-29T06:10:14Z..2026-05-29T08:00:02Z"));
	assert_non_null(strstr(r->message, "rights.impersonate.iis_iusrs"));
	assert_true(relates(r, "rights.impersonate.iis_iusrs"));
	assert_true(has_ev(r, "line 7 (first)"));
	assert_true(has_ev(r, "line 15 (last)"));
	assert_non_null(strstr(r->remediation, "IIS_IUSRS"));
	/* The rights check names the log finding, and the finding the check's outcome. */
	assert_non_null(check_find("rights.impersonate.iis_iusrs"));
	assert_int_equal(r->nev, 3);
	assert_true(has_ev(r, "related check rights.impersonate.iis_iusrs"));
	rights = only_result(&a, "rights.impersonate.iis_iusrs");
	assert_non_null(strstr(rights->ev[rights->nev - 1].location, "log.iis.mscep_status: 500 0 1346 seen 3 time(s)"));
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
}

static void test_mscep_status_fail_414_and_404_15(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-414");
	r = find_result(&a, "log.iis.mscep_status", "mscep.dll 414 0 0");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "iis.request_limits.max_url"));
	assert_true(relates(r, "httpsys.max_field_length"));
	r = find_result(&a, "log.iis.mscep_status", "mscep.dll 404 15 0");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "iis.request_limits.max_query_string"));
	audit_free(&a);
}

static void test_mscep_status_warn_failure_stopped(void **state)
{
	struct strbuf sb;
	struct audit a;
	const struct result *r;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, HDR);
	sb_add(&sb, FIELDS);
	sb_add(&sb, "2026-05-29 06:00:01 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=GetCACaps&m=x "
		    "443 - 10.1.1.1 - - 503 0 0 5\r\n");
	sb_add(&sb, "2026-05-29 09:00:01 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=GetCACaps&m=x "
		    "443 - 10.1.1.1 - - 200 0 0 5\r\n");
	audit_text(&a, "u_ex3.log", sb.s);
	r = find_result(&a, "log.iis.mscep_status", "mscep.dll 503 0 0");
	assert_non_null(r);
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "not seen since"));
	assert_int_equal(find_result(&a, "log.iis.mscep_status", "mscep.dll")->status, ST_PASS);
	audit_free(&a);
	sb_free(&sb);
}

static void test_mscep_status_na_without_mscep_requests(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "log-no-requests");
	assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_NA);
	audit_free(&a);
}

static void test_log_checks_ne_without_logs(void **state)
{
	static const char *const ids[] = {"log.iis.mscep_status", "log.iis.no_requests",
					  "log.iis.crp_verify", "log.httperr", "log.setupmsi.result",
					  "evt.app_pool_crash", "evt.ndes"};
	struct audit a;
	size_t i;

	(void)state;
	audit_sample(&a, "broken");
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct result *r = only_result(&a, ids[i]);

		assert_int_equal(r->status, ST_NE);
		assert_non_null(strstr(r->message, "not evaluated"));
	}
	audit_free(&a);
}

static void test_iis_log_checks_error_when_the_log_cannot_be_read(void **state)
{
	struct audit a;
	struct facts_options fo = {TEST_AS_OF, 30, NULL, NULL};
	char *dir = bundle_with("u_ex4.log", HDR, strlen(HDR)), *path = xasprintf("%s/u_ex4.log", dir);
	char *paths[1] = {dir};
	struct nerr e;

	(void)state;
	memset(&a, 0, sizeof(a));
	nerr_clear(&e);
	bundle_init(&a.bundle);
	assert_int_equal(bundle_discover(&a.bundle, paths, 1, &e), 0);
	unlink(path); /* gone between discovery and reading */
	bundle_read(&a.bundle);
	facts_build(&a.facts, &a.bundle, &fo);
	checks_run(&a.facts, &a.results);
	assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "log.iis.no_requests")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "log.iis.crp_verify")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "log.iis.no_requests")->message, path));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ------------------------------------------------------- log.iis.no_requests */

static void test_no_requests_pass_healthy(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "log.iis.no_requests")->status, ST_PASS);
	audit_free(&a);
}

static void test_no_requests_fail_devices_never_reached(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-no-requests");
	r = only_result(&a, "log.iis.no_requests");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "devices never reached this server"));
	assert_non_null(strstr(r->message, "2026-05-29T00:00:02Z..2026-05-29T12:00:00Z"));
	assert_non_null(strstr(r->message, "W3SVC1"));
	audit_free(&a);
}

/* Logs of another site than the one hosting /CertSrv/mscep say nothing
 * about NDES: ne naming both; the NDES site's own logs still fail. */
static void test_no_requests_ne_for_another_sites_logs(void **state)
{
	static const char *const folders[] = {"W3SVC2", "W3SVC1"};
	char *cfg = src_path("samples/healthy/inetsrv/config/applicationHost.config");
	char *log = src_path("samples/log-no-requests/iislogs/W3SVC1/u_ex260529.log");
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		char *dir = scratch_dir(), *p = xasprintf("%s/iislogs/%s", dir, folders[k]);
		struct audit a;
		const struct result *r;

		make_dirs(p);
		free(p);
		p = xasprintf("%s/iislogs/%s/u_ex260529.log", dir, folders[k]);
		copy_file(log, p);
		free(p);
		p = xasprintf("%s/applicationHost.config", dir);
		copy_file(cfg, p);
		free(p);
		audit_one(&a, dir);
		r = only_result(&a, "log.iis.no_requests");
		if (k == 0) {
			assert_int_equal(r->status, ST_NE);
			assert_non_null(strstr(r->message, "are of W3SVC2, but /CertSrv/mscep is in site 1 "
						     "(Default Web Site)"));
			assert_true(has_evidence(r, "site hosting /CertSrv/mscep", "Default Web Site"));
		} else {
			assert_int_equal(r->status, ST_FAIL);
		}
		audit_free(&a);
		rm_rf(dir);
		free(dir);
	}
	free(cfg);
	free(log);
}

static void test_no_requests_warn_on_headers_only(void **state)
{
	struct audit a;
	char *text = xasprintf("%s%s", HDR, FIELDS);

	(void)state;
	audit_text(&a, "u_ex5.log", text);
	assert_int_equal(only_result(&a, "log.iis.no_requests")->status, ST_WARN);
	audit_free(&a);
	free(text);
}

/* -------------------------------------------------------- log.iis.crp_verify */

static void test_crp_verify_fail_403_16_untrusted_chain(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-crp-403");
	r = find_result(&a, "log.iis.crp_verify", "VerifyRequest 403 16 2148204809");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "trust.root.intermediate"));
	assert_non_null(strstr(r->message, "3 time(s)"));
	audit_free(&a);
}

static void test_crp_verify_pass_and_na(void **state)
{
	struct audit a;
	char *text = xasprintf("%s%s2026-05-29 06:00:05 10.0.0.1 POST "
			       "/CertificateRegistrationSvc/Certificate/VerifyRequest - 443 - 10.0.0.1 - "
			       "- 200 0 0 15\r\n", HDR, FIELDS);

	(void)state;
	audit_text(&a, "u_ex6.log", text);
	assert_int_equal(only_result(&a, "log.iis.crp_verify")->status, ST_PASS);
	audit_free(&a);
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "log.iis.crp_verify")->status, ST_NA);
	audit_free(&a);
	free(text);
}

/* --------------------------------------------------------------- log.httperr */

static void test_httperr_pass_healthy(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "log.httperr")->status, ST_PASS);
	audit_free(&a);
}

static void test_httperr_fail_fieldlength_linked_to_max_field_length(void **state)
{
	struct audit a;
	const struct result *r, *cfg;

	(void)state;
	audit_sample(&a, "log-414");
	r = find_result(&a, "log.httperr", "HTTPERR 400 FieldLength");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "httpsys.max_field_length"));
	/* Cause and symptom together, both ways. */
	assert_true(has_ev(r, "related check httpsys.max_field_length"));
	cfg = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(cfg->status, ST_FAIL);
	assert_true(has_ev(cfg, "log.httperr: HTTPERR 400 FieldLength seen 2 time(s), "
				"2026-05-29T09:30:02Z..2026-05-29T09:41:17Z"));
	assert_true(has_ev(cfg, "log.iis.mscep_status: 414 0 0 seen 1 time(s)"));
	audit_free(&a);
}

static void test_httperr_fail_503_app_offline(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-503");
	r = find_result(&a, "log.httperr", "HTTPERR 503 AppOffline SCEP");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "evt.app_pool_crash"));
	/* evt.app_pool_crash is in the table: it names the HTTPERR finding. */
	assert_true(has_ev(find_result(&a, "evt.app_pool_crash", "WAS event 5009 SCEP"),
			   "log.httperr: HTTPERR 503 AppOffline"));
	audit_free(&a);
}

/* ------------------------------------------------------- log.setupmsi.result */

static void test_setupmsi_pass_healthy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "log.setupmsi.result");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "6.2301.1.0"));
	/* The target is the path inside the bundle, not where it was found
	 * from, so the fingerprint is the same from any working directory. */
	assert_string_equal(r->target, "connector/SetupMsi.log");
	audit_free(&a);
}

static void test_setupmsi_fail_1603_site_not_found_utf16(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-setupmsi-failed");
	r = only_result(&a, "log.setupmsi.result");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "status: 1603"));
	assert_non_null(strstr(r->message, "Site not found"));
	assert_non_null(strstr(r->message, "InstallFinalize"));
	assert_true(relates(r, "iis.default_site"));
	assert_true(has_ev(r, "Site not found: Default Web Site"));
	audit_free(&a);
}

static void test_setupmsi_warn_without_status_and_na_other_product(void **state)
{
	struct audit a;

	(void)state;
	audit_text(&a, "SetupMsi.log",
		   "=== Verbose logging started: 5/27/2026  15:58:02  Build type: SHIP UNICODE ===\r\n"
		   "MSI (c) (28:54) [15:58:02:311]: Resetting cached policy values\r\n"
		   "MSI (s) (A0:C4) [16:01:08:512]: 0x80070005 writing key\r\n");
	assert_int_equal(only_result(&a, "log.setupmsi.result")->status, ST_WARN);
	assert_non_null(strstr(only_result(&a, "log.setupmsi.result")->message, "access denied"));
	audit_free(&a);
	audit_text(&a, "other.log",
		   "MSI (s) (A0:C4) [16:01:11:999]: Windows Installer installed the product. Product "
		   "Name: Contoso Agent. Product Version: 1.2. Product Language: 1033. Installation "
		   "success or error status: 0.\r\n");
	assert_int_equal(only_result(&a, "log.setupmsi.result")->status, ST_NA);
	audit_free(&a);
}

/* ---------------------------------------------------------------- events */

static void test_app_pool_crash_fail_w3wp_1000_and_was_5009(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-503");
	r = find_result(&a, "evt.app_pool_crash", "w3wp.exe event 1000 ntdll.dll 0xc0000005");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "2 time(s)"));
	assert_true(relates(r, "trust.root.intermediate"));
	assert_non_null(find_result(&a, "evt.app_pool_crash", "WAS event 5009 SCEP"));
	assert_non_null(find_result(&a, "evt.app_pool_crash", "WAS event 5002 SCEP"));
	/* WAS events of other pools do not count. */
	assert_null(find_result(&a, "evt.app_pool_crash", "WAS event 5009 DefaultAppPool"));
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 3);
	audit_free(&a);
}

static void test_app_pool_crash_pass_and_ndes_pass_healthy(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(only_result(&a, "evt.app_pool_crash")->status, ST_PASS);
	assert_int_equal(only_result(&a, "evt.ndes")->status, ST_PASS);
	audit_free(&a);
}

static void test_evt_ndes_fail_31_and_10(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-ndes-events");
	r = find_result(&a, "evt.ndes", "NDES event 31 0x80094800");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(relates(r, "mscep.templates"));
	assert_non_null(strstr(r->message, "2 time(s)"));
	r = find_result(&a, "evt.ndes", "NDES event 10 0x80070002");
	assert_non_null(r);
	assert_true(relates(r, "ra.present"));
	/* No System log here: evt.app_pool_crash still reads Application. */
	assert_int_equal(only_result(&a, "evt.app_pool_crash")->status, ST_PASS);
	audit_free(&a);
}

static void test_evt_ndes_ne_with_system_log_only(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *f = copy_fixture("samples/log-503/eventlogs/System.evtx", dir, "System.evtx");

	(void)state;
	audit_one(&a, dir);
	assert_int_equal(only_result(&a, "evt.ndes")->status, ST_NE);
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 2);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(f);
}

static void test_evt_error_truncated_evtx_for_that_file_only(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *from = src_path("samples/log-503/eventlogs/Application.evtx");
	char *to = xasprintf("%s/Application.evtx", dir);
	char *sys = copy_fixture("samples/log-503/eventlogs/System.evtx", dir, "System.evtx");
	size_t n;
	void *data = read_all(from, &n);
	const struct artifact *art;

	(void)state;
	write_file(to, data, 4096 + 30000);
	audit_one(&a, dir);
	art = &a.bundle.arts[0];
	assert_string_equal(art->path, to);
	assert_int_equal(art->status, ART_ERROR);
	assert_non_null(strstr(art->error, to));
	assert_non_null(strstr(art->error, "truncated"));
	/* The System log still counts; the run is incomplete (exit 3 unless gated). */
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 2);
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);

	/* Only the truncated file: the event checks say error, naming it. */
	unlink(sys);
	audit_one(&a, dir);
	assert_int_equal(only_result(&a, "evt.app_pool_crash")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "evt.ndes")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "evt.ndes")->message, "truncated"));
	assert_int_equal(only_result(&a, "evt.connector")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "evt.connector")->message, "truncated"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(to);
	free(sys);
	free(data);
}

/* ------------------------------------------------------------ the linking */

static const struct check_def fake_log = {.id = "z.log", .severity = SEV_HIGH, .title = "t", .needs = 1, .description = "d", .remediation = "r"};
static const struct check_def fake_cfg = {.id = "z.cfg", .severity = SEV_HIGH, .title = "t", .needs = 1, .description = "d", .remediation = "r"};

static void test_link_related_both_ways_and_unknown_ids_skipped(void **state)
{
	struct result_list l = {0};
	struct emitter lo = {&l, &fake_log, 0}, co = {&l, &fake_cfg, 0};
	struct result *r, *c;

	(void)state;
	c = emit(&co, ST_FAIL, "x", "config wrong");
	r = emit(&lo, ST_FAIL, "y", "symptom");
	result_relate(r, "z.cfg", "a.log", "500 0 1346 seen 2 time(s)");
	result_relate(r, "z.not.landed.yet", "a.log", "ignored");
	result_relate(r, "z.cfg", "a.log", "a duplicate is dropped");
	assert_int_equal(r->nrel, 2);
	results_link_related(&l);
	assert_int_equal(c->nev, 1);
	assert_string_equal(c->ev[0].artifact, "a.log");
	assert_string_equal(c->ev[0].location, "z.log: 500 0 1346 seen 2 time(s)");
	assert_int_equal(r->nev, 1);
	assert_string_equal(r->ev[0].location, "related check z.cfg x");
	assert_string_equal(r->ev[0].value, "fail: config wrong");
	result_list_free(&l);
}

/* ------------------------------------------------------------ evt.connector */

static void test_evt_connector_pass_healthy_counts_warnings(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "evt.connector");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "2 event(s); 1 warning(s)"));
	assert_true(r->nev == 1 && strstr(r->ev[0].artifact, "CertificateConnectors-Admin.evtx") != NULL);
	audit_free(&a);
}

static void test_evt_connector_fail_errors_and_critical(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-connector-errors");
	assert_int_equal(count_results(&a, "evt.connector", ST_FAIL), 2);
	r = find_result(&a, "evt.connector", "connector event 2002");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "event 2002 (error)"));
	assert_non_null(strstr(r->message, "0x800706ba): 2 time(s), 2026-05-29T10:14:31Z..2026-05-29T10:44:02Z"));
	assert_true(has_evidence(r, "event record 2 (first)", "could not reach the certification authority"));
	assert_true(has_evidence(r, "event record 3 (last)", NULL));
	assert_non_null(r->remediation);
	r = find_result(&a, "evt.connector", "connector event 3001");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "(critical)"));
	/* The information event (1000) is not a finding. */
	assert_null(find_result(&a, "evt.connector", "connector event 1000"));
	audit_free(&a);
}

/* Both generations' channel names, in any case; nothing else. */
static void test_evt_connector_channels(void **state)
{
	(void)state;
	assert_true(evt_connector_channel("Microsoft-Intune-CertificateConnectors/Admin"));
	assert_true(evt_connector_channel("microsoft-intune-certificateconnectors/Operational"));
	assert_true(evt_connector_channel("Microsoft Intune Connector"));
	assert_false(evt_connector_channel("Application"));
	assert_false(evt_connector_channel("Microsoft-Intune"));
	assert_false(evt_connector_channel(""));
}

static void test_evt_connector_ne_without_its_log(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "log-503"); /* Application and System logs only */
	assert_int_equal(only_result(&a, "evt.connector")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "evt.connector")->message, "none of the 2 .evtx"));
	audit_free(&a);
	audit_sample(&a, "broken"); /* no event log at all */
	assert_int_equal(only_result(&a, "evt.connector")->status, ST_NE);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evt_connector_pass_healthy_counts_warnings),
		cmocka_unit_test(test_evt_connector_fail_errors_and_critical),
		cmocka_unit_test(test_evt_connector_ne_without_its_log),
		cmocka_unit_test(test_evt_connector_channels),
		cmocka_unit_test(test_w3c_realworld_every_line_accounted),
		cmocka_unit_test(test_w3c_rebinds_columns_at_each_fields_line_crlf_and_lf),
		cmocka_unit_test(test_w3c_hostile_fields_line_with_10000_fields),
		cmocka_unit_test(test_w3c_hostile_100mb_line_data_before_fields_binary_noise),
		cmocka_unit_test(test_line_reader_utf16_and_bounds),
		cmocka_unit_test(test_mscep_status_pass_healthy),
		cmocka_unit_test(test_mscep_status_fail_500_1346_linked_to_impersonation),
		cmocka_unit_test(test_mscep_status_fail_414_and_404_15),
		cmocka_unit_test(test_mscep_status_warn_failure_stopped),
		cmocka_unit_test(test_mscep_status_na_without_mscep_requests),
		cmocka_unit_test(test_log_checks_ne_without_logs),
		cmocka_unit_test(test_iis_log_checks_error_when_the_log_cannot_be_read),
		cmocka_unit_test(test_no_requests_pass_healthy),
		cmocka_unit_test(test_no_requests_fail_devices_never_reached),
		cmocka_unit_test(test_no_requests_warn_on_headers_only),
		cmocka_unit_test(test_no_requests_ne_for_another_sites_logs),
		cmocka_unit_test(test_crp_verify_fail_403_16_untrusted_chain),
		cmocka_unit_test(test_crp_verify_pass_and_na),
		cmocka_unit_test(test_httperr_pass_healthy),
		cmocka_unit_test(test_httperr_fail_fieldlength_linked_to_max_field_length),
		cmocka_unit_test(test_httperr_fail_503_app_offline),
		cmocka_unit_test(test_setupmsi_pass_healthy),
		cmocka_unit_test(test_setupmsi_fail_1603_site_not_found_utf16),
		cmocka_unit_test(test_setupmsi_warn_without_status_and_na_other_product),
		cmocka_unit_test(test_app_pool_crash_fail_w3wp_1000_and_was_5009),
		cmocka_unit_test(test_app_pool_crash_pass_and_ndes_pass_healthy),
		cmocka_unit_test(test_evt_ndes_fail_31_and_10),
		cmocka_unit_test(test_evt_ndes_ne_with_system_log_only),
		cmocka_unit_test(test_evt_error_truncated_evtx_for_that_file_only),
		cmocka_unit_test(test_link_related_both_ways_and_unknown_ids_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
