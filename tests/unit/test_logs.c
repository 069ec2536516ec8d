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

#include "read/logutil.h"
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

/* ----------------------------------------------- logs inside an archive */

static const struct artifact *art_ending(const struct audit *a, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < a->bundle.n; i++) {
		const char *p = a->bundle.arts[i].path;
		size_t m = strlen(p);

		if (m >= n && strcmp(p + m - n, suffix) == 0)
			return &a->bundle.arts[i];
	}
	fail_msg("no artifact ending in %s", suffix);
	return NULL;
}

/* A member and the file it was made from: the same artifact. */
static void same_artifact(const struct artifact *f, const struct artifact *m)
{
	size_t i;

	assert_int_equal(m->status, f->status);
	assert_int_equal(m->kind, f->kind);
	assert_int_equal(m->size, f->size);
	assert_string_equal(m->sha256, f->sha256);
	assert_int_equal(m->nwarnings, f->nwarnings);
	for (i = 0; i < f->nwarnings; i++)
		assert_string_equal(m->warnings[i], f->warnings[i]);
	assert_int_equal(m->streamed, 1); /* read as it was unpacked, no spool */
}

/* An IIS log of 3000 mscep records around one 300 KiB line (longer
 * than the line reader keeps: its rest is skipped across reads). */
static void write_long_w3c(const char *path)
{
	FILE *f = fopen(path, "wb");
	char *big = xmalloc(300 * 1024);
	int i;

	assert_non_null(f);
	fputs(HDR, f);
	fputs(FIELDS, f);
	memset(big, 'A', 300 * 1024);
	for (i = 0; i < 3000; i++) {
		if (i == 1500)
			assert_int_equal(fwrite(big, 1, 300 * 1024, f), 300 * 1024);
		fprintf(f, "2026-05-29 06:%02d:%02d 10.0.0.1 GET /certsrv/mscep/mscep.dll "
			   "operation=GetCACert&message=x 443 - 10.1.1.%d - - %d 0 0 5\r\n",
			i / 60 % 60, i % 60, i % 250, i % 7 == 0 ? 500 : 200);
	}
	assert_int_equal(fclose(f), 0);
	free(big);
}

/* The text logs of a .zip reach their readers as they are unpacked
 * (decompressed, hashed and parsed in one pass): each member reads as the
 * file it was made from (status, hash, size, warnings, what the reader
 * counted), the UTF-16 SetupMsi.log too; a member damaged halfway keeps
 * nothing its reader made of its first part, and the others still read. */
static void test_archive_logs_streamed_like_files(void **state)
{
	char *dir = scratch_dir(), *b = xasprintf("%s/b", dir), *zip = xasprintf("%s/b.zip", dir);
	char *cmd, *p, *src;
	struct audit fa, za;
	const struct artifact *f, *m;
	unsigned char *bytes;
	size_t n, i;

	(void)state;
	if (system("zip -v >/dev/null 2>&1") != 0) {
		rm_rf(dir);
		free(dir);
		free(b);
		free(zip);
		skip(); /* Info-ZIP zip is not installed */
	}
	p = xasprintf("%s/iislogs/W3SVC1", b);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/LogFiles/HTTPERR", b);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/connector", b);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/iislogs/W3SVC1/u_ex2.log", b);
	write_long_w3c(p);
	free(p);
	copy_file((src = src_path("samples/healthy/iislogs/W3SVC1/u_ex260528.log")),
		  (p = xasprintf("%s/iislogs/W3SVC1/u_ex260528.log", b)));
	free(src);
	free(p);
	copy_file((src = src_path("samples/healthy/LogFiles/HTTPERR/httperr1.log")),
		  (p = xasprintf("%s/LogFiles/HTTPERR/httperr1.log", b)));
	free(src);
	free(p);
	copy_file((src = src_path("samples/log-setupmsi-failed/connector/SetupMsi.log")),
		  (p = xasprintf("%s/connector/SetupMsi.log", b)));
	free(src);
	free(p);
	cmd = xasprintf("cd '%s' && zip -q -r ../b.zip .", b);
	assert_int_equal(system(cmd), 0);
	free(cmd);

	audit_one(&fa, b);
	audit_one(&za, zip);
	f = art_ending(&fa, "/u_ex2.log");
	m = art_ending(&za, "!iislogs/W3SVC1/u_ex2.log");
	same_artifact(f, m);
	assert_int_equal(m->nwarnings, 1); /* the long line's record: its date is lost */
	assert_int_equal(artifact_w3c(m)->bad_time, artifact_w3c(f)->bad_time);
	assert_int_equal(artifact_w3c(m)->lines, artifact_w3c(f)->lines);
	assert_int_equal(artifact_w3c(m)->data_lines, artifact_w3c(f)->data_lines);
	assert_int_equal(artifact_w3c(m)->mscep_requests, 3000);
	assert_int_equal(artifact_w3c(m)->mscep.n, artifact_w3c(f)->mscep.n);
	f = art_ending(&fa, "/u_ex260528.log");
	m = art_ending(&za, "!iislogs/W3SVC1/u_ex260528.log");
	same_artifact(f, m);
	assert_int_equal(artifact_w3c(m)->lines, artifact_w3c(f)->lines);
	assert_int_equal(artifact_w3c(m)->mscep_requests, artifact_w3c(f)->mscep_requests);
	f = art_ending(&fa, "/httperr1.log");
	m = art_ending(&za, "!LogFiles/HTTPERR/httperr1.log");
	same_artifact(f, m);
	assert_true(artifact_httperr(m)->lines > 0);
	assert_int_equal(artifact_httperr(m)->lines, artifact_httperr(f)->lines);
	assert_int_equal(artifact_httperr(m)->n, artifact_httperr(f)->n);
	f = art_ending(&fa, "/SetupMsi.log");
	m = art_ending(&za, "!connector/SetupMsi.log");
	same_artifact(f, m);
	assert_int_equal(artifact_msi(m)->utf16, 1);
	assert_int_equal(artifact_msi(m)->lines, artifact_msi(f)->lines);
	assert_int_equal(artifact_msi(m)->has_status, artifact_msi(f)->has_status);
	assert_int_equal(artifact_msi(m)->status, artifact_msi(f)->status);
	assert_string_equal(artifact_msi(m)->product, artifact_msi(f)->product);
	/* The same verdicts, check by check. */
	assert_int_equal(za.results.n, fa.results.n);
	for (i = 0; i < fa.results.n; i++) {
		assert_string_equal(za.results.v[i]->check->id, fa.results.v[i]->check->id);
		assert_int_equal(za.results.v[i]->status, fa.results.v[i]->status);
	}
	audit_free(&za);

	/* Damage in the middle of the big log's compressed data. */
	bytes = read_all(zip, &n);
	for (i = 0; i + 9 < n && memcmp(bytes + i, "u_ex2.log", 9) != 0; i++)
		;
	assert_true(i + 9 < n);
	i += 9 + 8000; /* inside its Deflate data (18 KB), past the sniffed head */
	assert_true(i + 64 < n);
	memset(bytes + i, 0x55, 64);
	write_file(zip, bytes, n);
	free(bytes);
	audit_one(&za, zip);
	m = art_ending(&za, "!iislogs/W3SVC1/u_ex2.log");
	assert_int_equal(m->status, ART_ERROR);
	assert_non_null(strstr(m->error, "u_ex2.log: not read: "));
	assert_int_equal(m->nwarnings, 0);
	assert_null(artifact_w3c(m));
	assert_int_equal(m->streamed, 0);
	assert_int_equal(art_ending(&za, "!LogFiles/HTTPERR/httperr1.log")->status, ART_OK);
	audit_free(&za);
	audit_free(&fa);
	rm_rf(dir);
	free(dir);
	free(b);
	free(zip);
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
	assert_non_null(strstr(r->message, "2026-05-29T00:00:02Z..2026-05-30T06:00:00Z"));
	assert_non_null(strstr(r->message, "W3SVC1"));
	audit_free(&a);
}

/* The first day's log alone covers 12 hours: too little for a verdict
 * (issue 15.2), a warn that gives the span and the rule. */
static void test_no_requests_warn_when_under_24_hours(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *f = copy_fixture("samples/log-no-requests/iislogs/W3SVC1/u_ex260529.log", dir,
			       "u_ex260529.log");
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "log.iis.no_requests");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "cover only 2026-05-29T00:00:02Z..2026-05-29T12:00:00Z"));
	assert_non_null(strstr(r->message, "at least 24 hours"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(f);
}

/* Logs of another site than the one hosting /CertSrv/mscep say nothing
 * about NDES: ne naming both; the NDES site's own logs still count. */
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
			assert_non_null(strstr(r->message, "the bundle has logs of W3SVC2 only"));
			assert_non_null(strstr(r->message, "but /CertSrv/mscep is in site 1 "
						     "(Default Web Site)"));
			assert_true(has_evidence(r, "site hosting /CertSrv/mscep", "Default Web Site"));
			/* Never na "was not used", never fail: ne for all three. */
			assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_NE);
			assert_int_equal(only_result(&a, "log.iis.crp_verify")->status, ST_NE);
		} else {
			/* The NDES site's own 12-hour log counts: warn, too short to fail. */
			assert_int_equal(r->status, ST_WARN);
		}
		audit_free(&a);
		rm_rf(dir);
		free(dir);
	}
	free(cfg);
	free(log);
}

/* A W3C log with s-sitename per line (central logging) and an FTP site's
 * log in a bundle whose /CertSrv/mscep is in site 1: every line has its
 * site; only site 1's HTTP lines count (issue 15.1). */
static const char CENTRAL[] =
	"#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-sitename "
	"cs-method cs-uri-stem cs-uri-query sc-status sc-substatus sc-win32-status\r\n"
	"2026-05-29 06:00:01 W3SVC1 GET /certsrv/mscep/mscep.dll operation=GetCACaps 200 0 0\r\n"
	"2026-05-29 06:00:02 W3SVC1 GET / - 200 0 0\r\n"
	"2026-05-29 06:00:03 W3SVC2 GET /shop - 200 0 0\r\n"
	"2026-05-29 06:00:04 W3SVC2 GET /shop - 200 0 0\r\n"
	"2026-05-29 06:00:05 W3SVC2 GET /certsrv/mscep/mscep.dll - 404 0 2\r\n";
static const char FTPLOG[] =
	"#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time c-ip "
	"cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus "
	"x-session x-fullpath\r\n"
	"2026-05-29 06:10:00 10.0.0.9 - 10.0.0.1 21 ControlChannelOpened - - 0 0 "
	"7b3c1d2e-aaaa /\r\n"
	"2026-05-29 06:10:01 10.0.0.9 - 10.0.0.1 21 USER anonymous 331 0 0 7b3c1d2e-aaaa /\r\n";

static char *site_bundle(int central)
{
	char *dir = scratch_dir(), *cfg = src_path("samples/healthy/inetsrv/config/applicationHost.config");
	char *p = xasprintf("%s/applicationHost.config", dir);
	char *w2 = src_path("samples/log-no-requests/iislogs/W3SVC1/u_ex260529.log");

	copy_file(cfg, p);
	free(p);
	p = xasprintf("%s/logs/FTPSVC3", dir);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/logs/FTPSVC3/u_ex260529.log", dir);
	write_file(p, FTPLOG, strlen(FTPLOG));
	free(p);
	if (central) {
		p = xasprintf("%s/logs/W3SVC", dir);
		make_dirs(p);
		free(p);
		p = xasprintf("%s/logs/W3SVC/u_extend1.log", dir);
		write_file(p, CENTRAL, strlen(CENTRAL));
	} else {
		p = xasprintf("%s/logs/W3SVC2", dir);
		make_dirs(p);
		free(p);
		p = xasprintf("%s/logs/W3SVC2/u_ex260529.log", dir);
		copy_file(w2, p);
	}
	free(p);
	free(cfg);
	free(w2);
	return dir;
}

static void test_iis_every_line_has_its_site(void **state)
{
	struct audit a;
	char *dir = site_bundle(1);
	const struct log_facts *lf;
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	lf = a.facts.logs;
	assert_int_equal(lf->ndes_site, 1);
	assert_int_equal(lf->iis_records, 2);
	assert_int_equal(lf->mscep_requests, 1);
	assert_int_equal(lf->other_requests, 1);
	assert_int_equal(lf->other_site_lines, 3 + 2);
	assert_int_equal(lf->nftp_sites, 1);
	assert_int_equal(lf->ftp_sites[0], 3);
	assert_int_equal(lf->niis_other, 1);
	assert_true(lf->iis_other[0]->ftp);
	r = only_result(&a, "log.iis.no_requests");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "1 request(s) to mscep.dll among 2"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);

	/* Site 2's and the FTP site's logs only: ne, naming both. */
	dir = site_bundle(0);
	audit_one(&a, dir);
	r = only_result(&a, "log.iis.no_requests");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "logs of W3SVC2 and FTP site(s) FTPSVC3 only"));
	assert_true(has_evidence(r, "folder name", "FTP site log: not relevant"));
	assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_NE);
	assert_int_equal(only_result(&a, "log.iis.crp_verify")->status, ST_NE);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

/* A log in no W3SVC<N> folder: its site from the logFile directory's last
 * folder (LogFiles, the default of the one site in the sample). */
static void test_iis_site_from_logfile_directory(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *cfg = src_path("samples/healthy/inetsrv/config/applicationHost.config");
	char *log = src_path("samples/log-no-requests/iislogs/W3SVC1/u_ex260529.log");
	char *p = xasprintf("%s/applicationHost.config", dir);

	(void)state;
	copy_file(cfg, p);
	free(p);
	p = xasprintf("%s/inetpub/logs/LogFiles", dir);
	make_dirs(p);
	free(p);
	p = xasprintf("%s/inetpub/logs/LogFiles/u_ex260529.log", dir);
	copy_file(log, p);
	audit_one(&a, dir);
	assert_int_equal(a.facts.logs->niis, 1);
	assert_int_equal(a.facts.logs->nsites, 1);
	assert_int_equal(a.facts.logs->sites[0], 1);
	assert_int_equal(only_result(&a, "log.iis.no_requests")->status, ST_WARN);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(cfg);
	free(log);
	free(p);
}

/* An FTP log told by its x-session field, whatever its folder. */
static void test_w3c_ftp_log_by_x_session(void **state)
{
	char *dir = bundle_with("u_ex1.log", FTPLOG, strlen(FTPLOG)), *p = xasprintf("%s/u_ex1.log", dir);
	struct w3c_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(w3c_read(p, s, NULL, NULL, &e), 0);
	assert_true(s->ftp);
	assert_int_equal(s->npart, 1);
	assert_true(s->part[0].ftp);
	assert_int_equal(s->part[0].requests, 2);
	assert_int_equal(s->mscep_requests, 0);
	free(s);
	free(p);
	rm_rf(dir);
	free(dir);
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

/* The field splitter on lines shorter and longer than its 16-byte steps:
 * field k ends at space k, the last wanted one at the next space or the
 * line's end; a short line gives fewer fields; columns past the last
 * wanted one are never looked at. */
static void test_w3c_split_fields_and_bounds(void **state)
{
	static const char F[] = "date time s-ip cs-uri-stem cs-uri-query sc-status";
	struct w3c_layout L;
	struct w3c_value v[W3C_NCOL];
	struct strbuf q;
	const char *line;
	int64_t t;
	size_t i;

	(void)state;
	w3c_bind(F, strlen(F), &L);
	assert_int_equal(L.maxcol, 5);
	line = "2026-05-29 06:00:01 10.0.0.1 /a b 200";
	assert_int_equal(w3c_split(line, strlen(line), &L, L.maxcol, v), 6);
	assert_int_equal(v[C_DATE].n, 10);
	assert_memory_equal(v[C_STEM].s, "/a", 2);
	assert_int_equal(v[C_STEM].n, 2);
	assert_int_equal(v[C_STATUS].n, 3);
	assert_memory_equal(v[C_STATUS].s, "200", 3);
	/* More fields than bound: the last wanted one ends at its space. */
	line = "2026-05-29 06:00:01 10.0.0.1 /a b 200 extra more";
	assert_int_equal(w3c_split(line, strlen(line), &L, L.maxcol, v), 6);
	assert_int_equal(v[C_STATUS].n, 3);
	/* Short line and empty line. */
	line = "2026-05-29 06:00:01";
	assert_int_equal(w3c_split(line, strlen(line), &L, L.maxcol, v), 2);
	assert_null(v[C_STEM].s);
	assert_int_equal(w3c_split("", 0, &L, L.maxcol, v), 1);
	assert_int_equal(v[C_DATE].n, 0);
	/* A 3000-byte query: spaces found across many 16-byte steps. */
	sb_init(&q);
	sb_add(&q, "2026-05-29 06:00:01 10.0.0.1 /certsrv/mscep/mscep.dll operation=PKIOperation&message=");
	for (i = 0; i < 3000; i++)
		sb_add(&q, "A");
	sb_add(&q, " 500");
	assert_int_equal(w3c_split(q.s, q.len, &L, L.maxcol, v), 6);
	assert_int_equal(v[C_QUERY].n, 3000 + strlen("operation=PKIOperation&message="));
	assert_int_equal(v[C_STATUS].n, 3);
	assert_memory_equal(v[C_STATUS].s, "500", 3);
	/* Only up to the column asked for. */
	assert_int_equal(w3c_split(q.s, q.len, &L, 1, v), 2);
	assert_null(v[C_STEM].s);
	sb_free(&q);
	assert_int_equal(w3c_hms("23:59:60", 8, &t), 0);
	assert_int_equal(t, 23 * 3600 + 59 * 60 + 60);
	assert_int_equal(w3c_hms("24:00:00", 8, &t), -1);
	assert_int_equal(w3c_hms("1:00:00", 7, &t), -1);
	assert_int_equal(w3c_time("2026-05-29", 10, "06:00:01.123", 12, &t), 0);
	assert_int_equal(t, days_from_civil(2026, 5, 29) * 86400 + 6 * 3600 + 1);
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

/* NDES events beyond 2, 10 and 31 (issue 15.7): 6 (no Enroll permission
 * on the template) and 18 (a request NDES cannot decrypt) each a fail
 * saying what the event means and linked to the check it supports. */
static void test_evt_ndes_other_error_events_with_meaning(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-ndes-events");
	assert_int_equal(count_results(&a, "evt.ndes", ST_FAIL), 4);
	r = find_result(&a, "evt.ndes", "NDES event 6");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "= the user has no Enroll permission on the configured "
					   "template"));
	assert_true(relates(r, "mscep.templates"));
	assert_non_null(strstr(r->remediation, "Read and Enroll"));
	r = find_result(&a, "evt.ndes", "NDES event 18 0x80090016");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "could not be decrypted"));
	assert_true(relates(r, "ra.present"));
	audit_free(&a);
}

/* Hand-built facts: an Application log and a connector log of this host
 * with the given event buckets; the checks run on them alone. */
static void run_evt_facts(struct audit *a, struct log_facts *lf, const struct evt_bucket *v,
			  size_t n)
{
	size_t i;

	memset(a, 0, sizeof(*a));
	memset(lf, 0, sizeof(*lf));
	for (i = 0; i < SRC__COUNT; i++) {
		a->facts.src[i].what = fact_source_name((enum fact_source)i);
		a->facts.src[i].state = SOURCE_ABSENT;
	}
	a->facts.src[SRC_EVTX].state = SOURCE_OK;
	a->facts.as_of = TEST_AS_OF;
	lf->nevtx = 2;
	lf->application.present = lf->connector.present = 1;
	lf->application.has_time = lf->connector.has_time = 1;
	lf->application.first_t = lf->connector.first_t = TEST_AS_OF - 86400;
	lf->application.last_t = lf->connector.last_t = TEST_AS_OF - 3600;
	lf->application.artifact = "Application.evtx";
	lf->connector.artifact = "CertificateConnectors-Admin.evtx";
	for (i = 0; i < n && i < LOG_MAX_BUCKETS; i++)
		lf->evt[lf->nevt++] = v[i];
	a->facts.logs = lf;
	checks_run(&a->facts, &a->results);
}

static struct evt_bucket evt_bucket_of(enum evt_kind k, const char *key, const char *detail)
{
	struct evt_bucket b;

	memset(&b, 0, sizeof(b));
	b.kind = k;
	b.comp = 0;
	snprintf(b.key, sizeof(b.key), "%s", key);
	snprintf(b.detail, sizeof(b.detail), "%s", detail);
	b.count = 2;
	b.first_t = TEST_AS_OF - 7200;
	b.last_t = TEST_AS_OF - 3600;
	b.first.artifact = b.last.artifact = "Application.evtx";
	b.first.line = 7;
	b.last.line = 9;
	return b;
}

/* One NDES event of each mapped class (issue 15.7): start failure, RA
 * certificate, template permission, client message, submission,
 * policy module; each a fail saying what it means, related to the checks
 * that explain it, with the fix from the table; an unknown ID keeps its
 * own text and the general fix. */
static void test_evt_ndes_event_table_classes(void **state)
{
	static const struct {
		enum evt_kind kind;
		const char *key, *target, *meaning, *rel, *fix;
	} c[] = {
		{EVT_NDES_2, "0x800700ea", "NDES event 2 0x800700ea", "= the NDES service could not start; "
		 "0x800700ea = more data is available", "mscep.policy_module", "below StaticFile"},
		{EVT_NDES_10, "0x80070057", "NDES event 10 0x80070057", "RA certificates) could not be "
		 "loaded; 0x80070057 = the parameter is incorrect", "ra.private_key", "private keys"},
		{EVT_NDES_OTHER, "6", "NDES event 6", "= the user has no Enroll permission",
		 "mscep.templates", "Read and Enroll"},
		{EVT_NDES_OTHER, "7 0x80092004", "NDES event 7 0x80092004", "CA certificates could not "
		 "be returned to the caller; 0x80092004 = certificate or key not found", "trust.chain", "CA stores"},
		{EVT_NDES_OTHER, "16", "NDES event 16", "HTTP message could not be decoded", NULL,
		 "proxy"},
		{EVT_NDES_OTHER, "18 0x80090016", "NDES event 18 0x80090016", "could not be decrypted",
		 "ra.present", "RA encryption certificate"},
		{EVT_NDES_31, "0x800706ba", "NDES event 31 0x800706ba", "could not be submitted to the CA; "
		 "0x800706ba = the RPC server is unavailable", "mscep.templates", "template names"},
		{EVT_NDES_OTHER, "53", "NDES event 53", "policy module could not be started",
		 "policymodule.cert.validity", "NDESPolicy"},
		{EVT_NDES_OTHER, "44 0x80004005", "NDES event 44 0x80004005", "(ID not in the event "
		 "table); 0x80004005 = unspecified error (the event's text says what failed): the own "
		 "text", NULL, "Read the event's text"},
	};
	struct evt_bucket v[sizeof(c) / sizeof(c[0])];
	struct log_facts lf;
	struct audit a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		v[i] = evt_bucket_of(c[i].kind, c[i].key, "the own text");
	run_evt_facts(&a, &lf, v, sizeof(c) / sizeof(c[0]));
	assert_int_equal(count_results(&a, "evt.ndes", ST_FAIL), sizeof(c) / sizeof(c[0]));
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const struct result *r = find_result(&a, "evt.ndes", c[i].target);

		assert_non_null(r);
		assert_int_equal(r->status, ST_FAIL);
		if (strstr(r->message, c[i].meaning) == NULL)
			print_message("%s\n", r->message);
		assert_non_null(strstr(r->message, c[i].meaning));
		assert_non_null(strstr(r->message, "2 time(s)"));
		if (c[i].rel != NULL)
			assert_true(relates(r, c[i].rel));
		else
			assert_int_equal(r->nrel, 0);
		assert_non_null(strstr(r->remediation, c[i].fix));
		assert_true(has_evidence(r, "event record 7 (first)", NULL));
		assert_true(has_evidence(r, "event record 9 (last)", NULL));
	}
	result_list_free(&a.results);
}

/* The connector's documented events (Microsoft Learn's table) and a
 * diagnostic code in the text; an undocumented ID keeps the general fix. */
static void test_evt_connector_event_table_classes(void **state)
{
	struct evt_bucket v[4];
	struct log_facts lf;
	struct audit a;
	const struct result *r;

	(void)state;
	v[0] = evt_bucket_of(EVT_CONNECTOR, "20202", "connector event 20202 (error): revoke failed "
			     "0x00000402");
	v[1] = evt_bucket_of(EVT_CONNECTOR, "10102", "connector event 10102 (error): renewal");
	v[2] = evt_bucket_of(EVT_CONNECTOR, "20502", "connector event 20502 (critical): 0x00000411");
	v[3] = evt_bucket_of(EVT_CONNECTOR, "2002", "connector event 2002 (error): 0x800706ba");
	run_evt_facts(&a, &lf, v, 4);
	assert_int_equal(count_results(&a, "evt.connector", ST_FAIL), 4);
	r = find_result(&a, "evt.connector", "connector event 20202");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "RevokeCert_Failure = a certificate could not be revoked; "
				       "diagnostic RevokeCert_AccessDenied"));
	assert_true(relates(r, "service.connector.account"));
	assert_non_null(strstr(r->remediation, "Issue and Manage Certificates"));
	r = find_result(&a, "evt.connector", "connector event 10102");
	assert_non_null(r);
	assert_true(relates(r, "connector.cert.validity"));
	assert_non_null(strstr(r->remediation, "Reinstall"));
	r = find_result(&a, "evt.connector", "connector event 20502");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "CRPSCEPChallenge_Expired"));
	assert_true(relates(r, "log.iis.crp_verify"));
	r = find_result(&a, "evt.connector", "connector event 2002");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "connector event 2002 (error): 0x800706ba"));
	assert_int_equal(r->nrel, 0);
	assert_non_null(strstr(r->remediation, "Read the event's text"));
	result_list_free(&a.results);
}

/* samples/log-multisite: the NDES site's lines count, another site's and
 * the FTP site's do not (the other site's 500s and 404 on mscep.dll make
 * no finding). */
static void test_sample_multisite_only_the_ndes_site_counts(void **state)
{
	struct audit a;
	const struct log_facts *lf;

	(void)state;
	audit_sample(&a, "log-multisite");
	lf = a.facts.logs;
	assert_int_equal(lf->ndes_site, 1);
	assert_int_equal(lf->mscep_requests, 9);
	assert_int_equal(lf->niis, 2);
	assert_int_equal(lf->niis_other, 2);
	assert_int_equal(lf->other_site_lines, 3 + 4 + 4);
	assert_int_equal(lf->nftp_sites, 1);
	assert_int_equal(lf->ftp_sites[0], 3);
	assert_int_equal(only_result(&a, "log.iis.mscep_status")->status, ST_PASS);
	assert_int_equal(only_result(&a, "log.iis.no_requests")->status, ST_PASS);
	audit_free(&a);
}

/* samples/log-capi2: the policy-module certificate's CRL fetch and
 * revocation errors fail, tied to it; the browser's certificate does not. */
static void test_sample_capi2_policy_module_errors(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "log-capi2");
	assert_int_equal(count_results(&a, "evt.capi2", ST_FAIL), 2);
	r = find_result(&a, "evt.capi2", "CAPI2 D549F6B16513087FF2579FC2DAD8328762D68C18 "
				      "CRYPT_E_REVOCATION_OFFLINE");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "the policy module (NDESPolicy) certificate"));
	assert_true(relates(r, "trust.crl.cached"));
	assert_true(has_evidence(r, "event record 3 (first)", NULL));
	r = find_result(&a, "evt.capi2", "CAPI2 D549F6B16513087FF2579FC2DAD8328762D68C18 "
				      "WININET_E_NAME_NOT_RESOLVED");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "URL http://pki.corp.contoso.com/cdp/Contoso-Issuing-CA.crl"));
	assert_non_null(strstr(r->remediation, "CRL and AIA URLs"));
	assert_null(find_result(&a, "evt.capi2", "CAPI2 7E1D2C3B4A5968778695A4B3C2D1E0F9A8B7C6D5 "
						 "CERT_E_UNTRUSTEDROOT"));
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

/* A copy cut inside its chunk is read up to the cut, with a warning; one
 * cut inside its file header is an error for that file only. */
static void test_evt_truncated_evtx_read_to_cut_header_cut_is_error(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *from = src_path("samples/log-503/eventlogs/Application.evtx");
	char *to = xasprintf("%s/Application.evtx", dir);
	char *sys = copy_fixture("samples/log-503/eventlogs/System.evtx", dir, "System.evtx");
	size_t n, i;
	void *data = read_all(from, &n);
	const struct artifact *art;
	int warned = 0;

	(void)state;
	write_file(to, data, 4096 + 30000);
	audit_one(&a, dir);
	art = &a.bundle.arts[0];
	assert_string_equal(art->path, to);
	assert_int_equal(art->status, ART_OK);
	for (i = 0; i < art->nwarnings; i++)
		warned += strstr(art->warnings[i], "truncated") != NULL &&
			  strstr(art->warnings[i], "read up to the cut") != NULL;
	assert_int_equal(warned, 1);
	/* Both w3wp crashes before the cut count, beside the System log's. */
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 3);
	audit_free(&a);

	/* Cut inside the file header: an error naming the file, one sentence. */
	write_file(to, data, 4000);
	unlink(sys);
	audit_one(&a, dir);
	art = &a.bundle.arts[0];
	assert_int_equal(art->status, ART_ERROR);
	assert_non_null(strstr(art->error, to));
	assert_non_null(strstr(art->error, "truncated inside the file header"));
	assert_null(strchr(art->error, '\n'));
	assert_int_equal(only_result(&a, "evt.app_pool_crash")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "evt.ndes")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "evt.ndes")->message, "truncated"));
	assert_int_equal(only_result(&a, "evt.connector")->status, ST_ERROR);
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(to);
	free(sys);
	free(data);
}

/* ------------------------------------------------ this host, this time */

static void audit_as_of(struct audit *a, const char *dir, int64_t as_of)
{
	struct facts_options fo = {as_of, 30, NULL, NULL};
	char *const paths[1] = {(char *)dir};
	struct nerr e;

	memset(a, 0, sizeof(*a));
	nerr_clear(&e);
	bundle_init(&a->bundle);
	assert_int_equal(bundle_discover(&a->bundle, paths, 1, &e), 0);
	bundle_read(&a->bundle);
	facts_build(&a->facts, &a->bundle, &fo);
	checks_run(&a->facts, &a->results);
}

/* Without a hive the reference time is --as-of: an Application log whose
 * newest event is more than 30 days older cannot make evt.ndes pass. */
static void test_evt_stale_log_is_ne_with_its_span(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *f = copy_fixture("samples/healthy/eventlogs/Application.evtx", dir, "Application.evtx");
	const struct result *r;

	(void)state;
	audit_as_of(&a, dir, TEST_AS_OF);
	r = only_result(&a, "evt.ndes");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "Application log 2026-"));
	audit_free(&a);
	audit_as_of(&a, dir, TEST_AS_OF + 60 * 86400);
	r = only_result(&a, "evt.ndes");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "the Application log covers 2026-"));
	assert_non_null(strstr(r->message, "more than 30 days before the --as-of date (2026-07-31)"));
	assert_int_equal(only_result(&a, "evt.app_pool_crash")->status, ST_NE);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(f);
}

/* The real Windows 10 SYSTEM hive and System log of DESKTOP-2KGM189: the
 * log's 173 events of WIN-P4SIAA0SQCO are named and not counted; its
 * newest event of this host is 2018, the hive was written 2020: ne. */
static void test_evt_realworld_other_computer_and_stale(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *hive = realworld_unxz("hives/regipy_SYSTEM_WIN_10_1709.xz", dir,
							   "SYSTEM");
	char *log = realworld_path("evtx/omer_system_DESKTOP-2KGM189.evtx"), *to = NULL;
	const struct result *r;
	void *data;
	size_t n;

	(void)state;
	if (hive == NULL || log == NULL) {
		rm_rf(dir);
		free(dir);
		free(hive);
		free(log);
		skip(); /* ../shared/realworld is not in this checkout */
	}
	to = xasprintf("%s/System.evtx", dir);
	data = read_all(log, &n);
	write_file(to, data, n);
	free(data);
	audit_one(&a, dir);
	assert_int_equal(a.facts.logs->system.records, 1881 - 173);
	assert_int_equal(a.facts.logs->foreign_events, 173);
	r = only_result(&a, "evt.app_pool_crash");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "the System log covers 2017-07-12 to 2018-03-06"));
	assert_non_null(strstr(r->message, "WIN-P4SIAA0SQCO: 173 event(s) in System.evtx"));
	audit_free(&a);

	/* The WAS 5009 failures of NDES01's log are another computer's here. */
	unlink(to);
	free(to);
	to = copy_fixture("samples/log-503/eventlogs/System.evtx", dir, "System.evtx");
	audit_one(&a, dir);
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 0);
	r = only_result(&a, "evt.app_pool_crash");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "System log of this host"));
	assert_non_null(strstr(r->message, "NDES01.corp.contoso.com: 4 event(s) in System.evtx"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
	free(log);
	free(to);
}

/* The same log with its own host's hive (NDES01, corp.contoso.com): its
 * events count, compared case-insensitively with Hostname.Domain. */
static void test_evt_events_of_this_host_count(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *h = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	char *l = copy_fixture("samples/log-503/eventlogs/System.evtx", dir, "System.evtx");

	(void)state;
	audit_one(&a, dir);
	assert_int_equal(a.facts.logs->foreign_events, 0);
	assert_int_equal(count_results(&a, "evt.app_pool_crash", ST_FAIL), 2);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(h);
	free(l);
}

/* -------------------------------------------------- evt.pool_identity */

/* WAS 5021/5057/5059 for the SCEP pool: one fail per event ID, naming the
 * pool's account from applicationHost.config; DefaultAppPool's 5021 is
 * not the SCEP pool's. */
static void test_evt_pool_identity_fail_names_the_account(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *l = copy_fixture("samples/log-pool-identity/eventlogs/System.evtx", dir, "System.evtx");
	char *c = copy_fixture("samples/iis-pool-stopped/inetsrv/config/applicationHost.config", dir,
			       "applicationHost.config");
	const struct result *r;

	(void)state;
	audit_one(&a, dir);
	assert_int_equal(count_results(&a, "evt.pool_identity", ST_FAIL), 3);
	r = find_result(&a, "evt.pool_identity", "WAS event 5021 SCEP");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "account CORP\\svc-ndes"));
	assert_non_null(strstr(r->message, "2 time(s), 2026-05-29T06:30:12Z..2026-05-29T06:41:55Z"));
	assert_true(relates(r, "iis.scep_pool.identity"));
	assert_non_null(strstr(r->remediation, "Unlock or reset the account CORP\\svc-ndes"));
	assert_non_null(find_result(&a, "evt.pool_identity", "WAS event 5057 SCEP"));
	assert_non_null(find_result(&a, "evt.pool_identity", "WAS event 5059 SCEP"));
	assert_null(find_result(&a, "evt.pool_identity", "WAS event 5021 DefaultAppPool"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(l);
	free(c);
}

static void test_evt_pool_identity_pass_and_ne(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "evt.pool_identity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "System log 2026-05-28T06:59:10Z"));
	audit_free(&a);
	/* The Application log alone: ne. */
	audit_sample(&a, "log-ndes-events");
	r = only_result(&a, "evt.pool_identity");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "is the System log"));
	audit_free(&a);
}

/* ---------------------------------------------------------- evt.capi2 */

/* The real CAPI2 Operational log (its two event-42 errors: revocation
 * information rejected for 3CAF9BA2... and 108E2BA2...) with a SOFTWARE
 * .reg export naming the policy module's certificate. */
static void audit_capi2(struct audit *a, const char *policy_thumb, int with_reg)
{
	char *log = realworld_path("evtx/omer_CAPI2-Operational.evtx");
	char *dir = scratch_dir(), *to = xasprintf("%s/CAPI2.evtx", dir), *reg;
	size_t n;
	void *data = read_all(log, &n);

	write_file(to, data, n);
	if (with_reg) {
		char *text = xasprintf("Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\"
				       "SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\Modules\\"
				       "NDESPolicy]\n\"NDESCertThumbprint\"=\"%s\"\n", policy_thumb);

		reg = write_reg(dir, "software.reg", text, 1);
		free(reg);
		free(text);
	}
	audit_as_of(a, dir, days_from_civil(2017, 6, 1) * 86400);
	a->dir = dir;
	free(log);
	free(to);
	free(data);
}

static void test_evt_capi2_outcomes_on_the_real_log(void **state)
{
	struct audit a;
	const struct result *r;
	char *p = realworld_path("evtx/omer_CAPI2-Operational.evtx");

	(void)state;
	if (p == NULL)
		skip(); /* ../shared/realworld is not in this checkout */
	free(p);
	/* The policy module's certificate is one CAPI2 rejected: fail. */
	audit_capi2(&a, "3caf9ba2db5570caf76942ff99101b993888e257", 1);
	r = find_result(&a, "evt.capi2", "CAPI2 3CAF9BA2DB5570CAF76942FF99101B993888E257 event 42");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "the policy module (NDESPolicy) certificate"));
	assert_non_null(strstr(r->message, "revocation information rejected for Microsoft Code Signing PCA"));
	assert_non_null(strstr(r->message, "URL http://crl.microsoft.com/pki/crl/products/microsoftrootcert.crl"));
	assert_non_null(strstr(r->message, "1 time(s), 2017-05-19T02:02:36Z"));
	assert_int_equal(count_results(&a, "evt.capi2", ST_FAIL), 1);
	audit_free(&a);
	/* Another policy certificate: the errors are other certificates'. */
	audit_capi2(&a, "0123456789012345678901234567890123456789", 1);
	r = only_result(&a, "evt.capi2");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "2 error event(s) about other certificates"));
	assert_non_null(strstr(r->message, "CAPI2 log 2017-"));
	audit_free(&a);
	/* Nothing says which certificates NDES uses: warn per certificate. */
	audit_capi2(&a, NULL, 0);
	assert_int_equal(count_results(&a, "evt.capi2", ST_WARN), 2);
	assert_non_null(strstr(find_result(&a, "evt.capi2", "CAPI2 108E2BA23632620C427C570B6D9DB51AC31387FE "
					   "event 42")->message, "role in NDES not known"));
	audit_free(&a);
}

static void test_evt_capi2_ne_without_its_log(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "evt.capi2");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "wevtutil sl Microsoft-Windows-CAPI2/Operational /e:true"));
	audit_free(&a);
}

/* Real damaged logs (issue 15.4): libevtx cannot parse 3 records of the
 * CAPI2 log; the other 337 are read and the note names the three. */
static void test_evtx_realworld_capi2_skips_unparseable_records(void **state)
{
	char *p = realworld_path("evtx/omer_CAPI2-Operational.evtx");
	struct evtx_summary *s = xmalloc(sizeof(*s));
	char note[256];
	struct nerr e;

	(void)state;
	if (p == NULL) {
		free(s);
		skip(); /* ../shared/realworld is not in this checkout */
	}
	nerr_clear(&e);
	assert_int_equal(evtx_read(p, s, &e), 0);
	assert_int_equal(s->declared, 340);
	assert_int_equal(s->records, 337);
	assert_int_equal(s->skipped, 3);
	assert_int_equal(s->skipped_no[0], 25);
	assert_int_equal(s->skipped_no[1], 32);
	assert_int_equal(s->skipped_no[2], 142);
	assert_string_equal(s->channel, "Microsoft-Windows-CAPI2/Operational");
	evtx_damage_note(s, note, sizeof(note));
	assert_string_equal(note, "3 of 340 records could not be parsed (records 25, 32, 142)");
	free(s);
	free(p);
}

/* The forwarded-events log whose only record libevtx cannot parse, and the
 * log cut at 200000 bytes: every record of its two whole chunks (1-194)
 * and those of the cut third chunk before the cut (195-283) are read. */
static void test_evtx_realworld_wec_and_truncated(void **state)
{
	char *wec = realworld_path("evtx/omer_MSExchange_Management_wec.evtx");
	char *cut = realworld_path("evtx/plaso_System2_truncated.evtx");
	struct evtx_summary *s = xmalloc(sizeof(*s));
	char note[256];
	struct nerr e;

	(void)state;
	if (wec == NULL || cut == NULL) {
		free(s);
		free(wec);
		free(cut);
		skip(); /* ../shared/realworld is not in this checkout */
	}
	nerr_clear(&e);
	assert_int_equal(evtx_read(wec, s, &e), 0);
	assert_int_equal(s->records, 0);
	evtx_damage_note(s, note, sizeof(note));
	assert_string_equal(note, "1 of 1 records could not be parsed (record 1)");
	assert_string_equal(s->damage, "");

	assert_int_equal(evtx_read(cut, s, &e), 0);
	assert_int_equal(s->skipped, 0);
	assert_int_equal(s->records, 283);
	assert_non_null(strstr(s->damage, "96 chunk(s) (6295552 bytes), the file has 200000 bytes"));
	free(s);
	free(wec);
	free(cut);
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
		cmocka_unit_test(test_evt_truncated_evtx_read_to_cut_header_cut_is_error),
		cmocka_unit_test(test_evtx_realworld_capi2_skips_unparseable_records),
		cmocka_unit_test(test_evt_ndes_other_error_events_with_meaning),
		cmocka_unit_test(test_w3c_split_fields_and_bounds),
		cmocka_unit_test(test_evt_ndes_event_table_classes),
		cmocka_unit_test(test_evt_connector_event_table_classes),
		cmocka_unit_test(test_sample_multisite_only_the_ndes_site_counts),
		cmocka_unit_test(test_sample_capi2_policy_module_errors),
		cmocka_unit_test(test_evt_capi2_outcomes_on_the_real_log),
		cmocka_unit_test(test_evt_capi2_ne_without_its_log),
		cmocka_unit_test(test_evt_pool_identity_fail_names_the_account),
		cmocka_unit_test(test_archive_logs_streamed_like_files),
		cmocka_unit_test(test_evt_pool_identity_pass_and_ne),
		cmocka_unit_test(test_iis_every_line_has_its_site),
		cmocka_unit_test(test_no_requests_warn_when_under_24_hours),
		cmocka_unit_test(test_w3c_ftp_log_by_x_session),
		cmocka_unit_test(test_iis_site_from_logfile_directory),
		cmocka_unit_test(test_evt_stale_log_is_ne_with_its_span),
		cmocka_unit_test(test_evt_realworld_other_computer_and_stale),
		cmocka_unit_test(test_evt_events_of_this_host_count),
		cmocka_unit_test(test_evtx_realworld_wec_and_truncated),
		cmocka_unit_test(test_link_related_both_ways_and_unknown_ids_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
