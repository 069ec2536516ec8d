/* The security-template reader: encodings, line ends, sections in any
 * order, line numbers, bounds, recognition by content, GPO layout, and
 * hostile files (a clean error, and the rest of the audit still runs). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "read/inf.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static struct inf *parse_bytes(const void *data, size_t n, struct nerr *e)
{
	struct inf *inf = NULL;

	nerr_clear(e);
	if (inf_parse("t.inf", data, n, &inf, e) != 1)
		return NULL;
	return inf;
}

static struct inf *parse_text(const char *text, struct nerr *e)
{
	return parse_bytes(text, strlen(text), e);
}

static const char minimal[] = "[Unicode]\nUnicode=yes\n[Privilege Rights]\n"
			      "SeImpersonatePrivilege = *S-1-5-19,*S-1-5-32-568\n"
			      "[Version]\nsignature=\"$CHICAGO$\"\nRevision=1\n";

static void test_real_gpo_template_utf16_crlf(void **state)
{
	char *p = realworld_path("gpo/nsa-wshb-windows-GptTmpl.inf");
	const struct inf_section *pr, *ver;
	const struct inf_line *l;
	struct inf *inf = NULL;
	struct nerr e;
	size_t i, iv = 0, ip = 0;

	(void)state;
	if (p == NULL) {
		skip();
		return;
	}
	nerr_clear(&e);
	assert_int_equal(inf_open(p, &inf, &e), 1);
	assert_int_equal(inf->encoding, INF_UTF16LE);
	assert_int_equal(inf->crlf, 1);
	/* [Version] comes before [Privilege Rights] in this file. */
	for (i = 0; i < inf->nsections; i++) {
		if (strcmp(inf->sections[i].name, "Version") == 0)
			iv = i;
		if (strcmp(inf->sections[i].name, "Privilege Rights") == 0)
			ip = i;
	}
	assert_true(iv < ip);
	pr = inf_section(inf, "privilege rights");
	assert_non_null(pr);
	assert_int_equal(pr->lineno, 62);
	l = inf_find(pr, "SeImpersonatePrivilege");
	assert_non_null(l);
	assert_int_equal(l->lineno, 79);
	assert_string_equal(l->value, "*S-1-5-32-544,*S-1-5-19,*S-1-5-20,*S-1-5-6");
	l = inf_find(pr, "SeTcbPrivilege");
	assert_non_null(l);
	assert_true(l->has_eq);
	assert_string_equal(l->value, ""); /* empty: assigned to nobody */
	ver = inf_section(inf, "Version");
	assert_string_equal(inf_find(ver, "signature")->value, "\"$CHICAGO$\"");
	/* Quotes and the ';' inside them survive. */
	l = inf_find(inf_section(inf, "Registry Values"),
		     "MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\RestrictRemoteSAM");
	assert_non_null(l);
	assert_string_equal(l->value, "1,\"O:BAG:BAD:(A;;RC;;;BA)\"");
	inf_free(inf);
	free(p);
}

static void test_sample_export_utf16(void **state)
{
	char *p = src_path("samples/healthy/secpol.inf");
	struct inf *inf = NULL;
	const struct inf_line *l;
	const char *why, *warning;
	struct nerr e;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(inf_open(p, &inf, &e), 1);
	assert_int_equal(inf->encoding, INF_UTF16LE);
	assert_string_equal(inf_encoding_name(inf->encoding), "UTF-16LE");
	l = inf_find(inf_section(inf, "Privilege Rights"), "seimpersonateprivilege");
	assert_int_equal(l->lineno, 69);
	assert_int_equal(inf_is_security_template(inf, &why, &warning), 1);
	assert_null(warning);
	assert_non_null(inf_section(inf, "Event Audit"));
	inf_free(inf);
	free(p);
}

static void test_utf8_bom_lf_and_no_bom(void **state)
{
	char buf[512];
	struct inf *inf;
	struct nerr e;

	(void)state;
	snprintf(buf, sizeof(buf), "\xEF\xBB\xBF%s", minimal);
	inf = parse_text(buf, &e);
	assert_non_null(inf);
	assert_int_equal(inf->encoding, INF_UTF8_BOM);
	assert_int_equal(inf->crlf, 0);
	assert_int_equal(inf_find(inf_section(inf, "Privilege Rights"),
				  "SeImpersonatePrivilege")->lineno, 4);
	inf_free(inf);
	inf = parse_text(minimal, &e);
	assert_non_null(inf);
	assert_int_equal(inf->encoding, INF_UTF8);
	inf_free(inf);
}

static void test_ansi_cp1252(void **state)
{
	/* 0xFC is u-umlaut in Windows-1252; 0x80 the euro sign. */
	static const char text[] = "[Privilege Rights]\r\nSeBatchLogonRight = J\xFCrgen,\x80x\r\n"
				   "[Version]\r\nsignature=\"$CHICAGO$\"\r\n";
	struct inf *inf;
	struct nerr e;

	(void)state;
	inf = parse_text(text, &e);
	assert_non_null(inf);
	assert_int_equal(inf->encoding, INF_ANSI);
	assert_int_equal(inf->crlf, 1);
	assert_string_equal(inf_find(inf_section(inf, "Privilege Rights"), "SeBatchLogonRight")->value,
			    "J\xC3\xBCrgen,\xE2\x82\xACx");
	inf_free(inf);
}

static void test_utf16_without_bom(void **state)
{
	size_t n = strlen(minimal), i;
	unsigned char *b = xmalloc(n * 2);
	struct inf *inf;
	struct nerr e;

	(void)state;
	for (i = 0; i < n; i++) {
		b[2 * i] = (unsigned char)minimal[i];
		b[2 * i + 1] = 0;
	}
	assert_true(inf_sniff_security_template(b, n * 2));
	inf = parse_bytes(b, n * 2, &e);
	assert_non_null(inf);
	assert_int_equal(inf->encoding, INF_UTF16LE_NOBOM);
	assert_non_null(inf_find(inf_section(inf, "Privilege Rights"), "SeImpersonatePrivilege"));
	inf_free(inf);
	/* Cut to an odd length: refused, and the message says where. */
	assert_null(parse_bytes(b, n * 2 - 1, &e));
	assert_non_null(strstr(e.msg, "odd number of bytes"));
	free(b);
}

static void test_error_utf16_odd_byte_count(void **state)
{
	unsigned char b[64] = {0xFF, 0xFE, '[', 0, 'U', 0, ']', 0, '\n'};
	struct nerr e;

	(void)state;
	assert_null(parse_bytes(b, 9, &e));
	assert_non_null(strstr(e.msg, "t.inf: UTF-16LE text with an odd number of bytes (9)"));
	assert_non_null(strstr(e.msg, "byte offset 8"));
}

static void test_error_utf16_big_endian(void **state)
{
	unsigned char b[] = {0xFE, 0xFF, 0, '['};
	struct nerr e;

	(void)state;
	assert_null(parse_bytes(b, sizeof(b), &e));
	assert_non_null(strstr(e.msg, "big-endian"));
}

static void test_error_nul_bytes(void **state)
{
	static const char text[] = "[Unicode]\nUnicode=yes\n[Privilege Rights]\nSe\0Impersonate";
	unsigned char u16[] = {0xFF, 0xFE, '[', 0, 'A', 0, ']', 0, '\n', 0, 0, 0, 'x', 0};
	struct nerr e;

	(void)state;
	assert_null(parse_bytes(text, sizeof(text) - 1, &e));
	assert_non_null(strstr(e.msg, "NUL character at byte offset 43 (line 4)"));
	/* A NUL code unit in UTF-16. */
	assert_null(parse_bytes(u16, sizeof(u16), &e));
	assert_non_null(strstr(e.msg, "NUL character at byte offset 10 (line 2)"));
}

static void test_error_megabyte_line(void **state)
{
	size_t n = 1024 * 1024;
	char *b = xmalloc(n + 64);
	struct nerr e;

	(void)state;
	strcpy(b, "[Privilege Rights]\nSeImpersonatePrivilege = ");
	memset(b + strlen(b), 'A', n);
	b[n + 40] = '\0';
	assert_null(parse_text(b, &e));
	assert_non_null(strstr(e.msg, "t.inf: line 2 is longer than 65536 characters"));
	free(b);
}

static void test_error_100000_sections(void **state)
{
	struct strbuf sb;
	struct nerr e;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "[Unicode]\nUnicode=yes\n");
	for (i = 0; i < 100000; i++)
		sb_printf(&sb, "[S%d]\nk=v\n", i);
	assert_null(parse_text(sb.s, &e));
	assert_non_null(strstr(e.msg, "more than 1024 section headers"));
	assert_non_null(strstr(e.msg, "line 2049")); /* the 1025th header, [S1023] */
	/* The same section name repeated is one section, still bounded. */
	sb_free(&sb);
	sb_init(&sb);
	for (i = 0; i < 100000; i++)
		sb_add(&sb, "[Privilege Rights]\n");
	assert_null(parse_text(sb.s, &e));
	assert_non_null(strstr(e.msg, "section headers"));
	sb_free(&sb);
}

static void test_error_unclosed_section(void **state)
{
	struct nerr e;

	(void)state;
	assert_null(parse_text("[Unicode]\nUnicode=yes\n[Privilege Rights\nSeX = *S-1-1-0\n", &e));
	assert_non_null(strstr(e.msg, "line 3: section header '[' without ']'"));
}

static void test_error_too_large_file(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/big.inf", dir);
	struct inf *inf = NULL;
	struct nerr e;
	FILE *f;

	(void)state;
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fseek(f, INF_MAX_SIZE, SEEK_SET), 0);
	assert_int_equal(fputc('x', f), 'x');
	assert_int_equal(fclose(f), 0);
	nerr_clear(&e);
	assert_int_equal(inf_open(p, &inf, &e), -1);
	assert_null(inf);
	assert_non_null(strstr(e.msg, "larger than"));
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_sections_merge_comments_and_duplicates(void **state)
{
	static const char text[] = "; written by hand\n"
				   "junk before any section\n"
				   "[privilege rights]\n"
				   "SeBatchLogonRight = A ; a comment\n"
				   "[Version]\n"
				   "signature=\"$CHICAGO$\"\n"
				   "[Privilege Rights]\n"
				   "SeBatchLogonRight = B\n"
				   "\"C:\\path;with=semicolon\",2,\"D:(A;;FA;;;BA)\"\n";
	const struct inf_section *s;
	const struct inf_line *l;
	struct inf *inf;
	struct nerr e;

	(void)state;
	inf = parse_text(text, &e);
	assert_non_null(inf);
	assert_int_equal(inf->nsections, 2);
	s = inf_section(inf, "Privilege Rights");
	assert_int_equal(s->n, 3);
	assert_int_equal(s->lineno, 3);
	assert_string_equal(s->lines[0].value, "A");
	l = inf_find(s, "SeBatchLogonRight"); /* the later line */
	assert_int_equal(l->lineno, 8);
	assert_string_equal(l->value, "B");
	assert_false(s->lines[2].has_eq);
	assert_string_equal(s->lines[2].key, "\"C:\\path;with=semicolon\",2,\"D:(A;;FA;;;BA)\"");
	assert_int_equal(inf->nlines, 9);
	inf_free(inf);
}

static void test_split_list(void **state)
{
	char **items = NULL;
	size_t n;

	(void)state;
	n = inf_split_list(" *S-1-5-19 , \"IIS APPPOOL\\SCEP\",,IIS_IUSRS, ", &items, 100);
	assert_int_equal(n, 3);
	assert_string_equal(items[0], "*S-1-5-19");
	assert_string_equal(items[1], "IIS APPPOOL\\SCEP");
	assert_string_equal(items[2], "IIS_IUSRS");
	inf_items_free(items, n);
	n = inf_split_list("", &items, 100);
	assert_int_equal(n, 0);
	inf_items_free(items, n);
	n = inf_split_list("a,b,c", &items, 2); /* bounded */
	assert_int_equal(n, 2);
	inf_items_free(items, n);
}

static void test_sniff(void **state)
{
	static const char reg[] = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n";
	static const char driver[] = "[Version]\nSignature=\"$Windows NT$\"\nClass=Net\n[Manufacturer]\n";
	static const char gptini[] = "[General]\r\nVersion=65538\r\n";
	static const char nomarker[] = "[Privilege Rights]\nSeX = *S-1-1-0\n";
	char *p = src_path("samples/healthy/secpol.inf");
	size_t n;
	unsigned char *b = read_all(p, &n);

	(void)state;
	assert_true(inf_sniff_security_template(b, n > 4096 ? 4096 : n));
	assert_true(inf_sniff_security_template((const unsigned char *)minimal, strlen(minimal)));
	assert_false(inf_sniff_security_template((const unsigned char *)reg, strlen(reg)));
	assert_false(inf_sniff_security_template((const unsigned char *)driver, strlen(driver)));
	assert_false(inf_sniff_security_template((const unsigned char *)gptini, strlen(gptini)));
	assert_false(inf_sniff_security_template((const unsigned char *)nomarker, strlen(nomarker)));
	assert_false(inf_sniff_security_template((const unsigned char *)"", 0));
	assert_false(inf_sniff_security_template((const unsigned char *)"regf", 4));
	free(b);
	free(p);
}

static void test_is_security_template(void **state)
{
	static const char other[] = "[Version]\nsignature=\"$Windows NT$\"\n[System Access]\nA=1\n";
	static const char nosig[] = "[Unicode]\nUnicode=yes\n[Privilege Rights]\nSeX = *S-1-1-0\n";
	static const char nothing[] = "[Unicode]\nUnicode=yes\n[Strings]\nA=1\n";
	const char *why, *warning;
	struct inf *inf;
	struct nerr e;

	(void)state;
	inf = parse_text(other, &e);
	assert_int_equal(inf_is_security_template(inf, &why, &warning), 0);
	assert_non_null(strstr(why, "$CHICAGO$"));
	inf_free(inf);
	inf = parse_text(nosig, &e);
	assert_int_equal(inf_is_security_template(inf, &why, &warning), 1);
	assert_non_null(strstr(warning, "no [Version] signature"));
	inf_free(inf);
	inf = parse_text(nothing, &e);
	assert_int_equal(inf_is_security_template(inf, &why, &warning), 0);
	assert_non_null(strstr(why, "none of the sections"));
	inf_free(inf);
}

static void test_gpo_location(void **state)
{
	char *id = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(inf_gpo_location("b/sysvol/corp.contoso.com/Policies/"
					  "{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}/Machine/Microsoft/"
					  "Windows NT/SecEdit/GptTmpl.inf", &id, &why), 1);
	assert_string_equal(id, "{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}");
	assert_non_null(strstr(why, "SecEdit"));
	free(id);
	/* Backslashes, any case, a GPO backup's DomainSysvol layout. */
	assert_int_equal(inf_gpo_location("C:\\bk\\{a2a38432-e322-437f-9975-b7cc7f16f4aa}\\DomainSysvol"
					  "\\GPO\\Machine\\microsoft\\windows nt\\SecEdit\\x.inf",
					  &id, &why), 1);
	assert_string_equal(id, "{a2a38432-e322-437f-9975-b7cc7f16f4aa}");
	free(id);
	/* The name Group Policy uses breaks the tie; no GUID to name. */
	assert_int_equal(inf_gpo_location("copies/gpttmpl.INF", &id, &why), 1);
	assert_null(id);
	assert_non_null(strstr(why, "GptTmpl.inf"));
	assert_int_equal(inf_gpo_location("bundle/secpol.inf", &id, &why), 0);
	assert_null(id);
	assert_int_equal(inf_gpo_location("Windows NT/SecEdit/secpol.inf", &id, &why), 0);
	assert_int_equal(inf_gpo_location("", &id, &why), 0);
}

/* Discovery by content: an export and a GPO template get their kinds, a
 * driver INF and GPT.INI are ignored, whatever their names. */
static void test_discovery_kinds(void **state)
{
	static const char driver[] = "[Version]\nSignature=\"$Windows NT$\"\n[System Access]\nA=1\n";
	static const char gptini[] = "[General]\r\nVersion=2\r\n";
	char *dir = scratch_dir();
	char *gpodir = xasprintf("%s/Policies/{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}/Machine/"
				 "Microsoft/Windows NT/SecEdit", dir);
	char *exp = xasprintf("%s/export.txt", dir), *gpo = xasprintf("%s/GptTmpl.inf", gpodir);
	char *drv = xasprintf("%s/netdrv.inf", dir), *ini = xasprintf("%s/GPT.INI", dir);
	struct audit a;
	size_t i;
	int seen = 0;

	(void)state;
	make_dirs(gpodir);
	write_utf16_text(exp, minimal);
	write_utf16_text(gpo, minimal);
	write_file(drv, driver, strlen(driver));
	write_file(ini, gptini, strlen(gptini));
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++) {
		const struct artifact *art = &a.bundle.arts[i];

		if (strcmp(art->path, exp) == 0) {
			assert_int_equal(art->kind, ART_SECPOL_EXPORT);
			assert_int_equal(art->status, ART_OK);
			seen |= 1;
		} else if (strcmp(art->path, gpo) == 0) {
			assert_int_equal(art->kind, ART_SECPOL_GPO);
			assert_string_equal(artifact_kind_name(art->kind), "secpol.gpo");
			seen |= 2;
		} else if (strcmp(art->path, drv) == 0) {
			/* Its head looks like a template; reading it says otherwise. */
			assert_int_equal(art->status, ART_IGNORED);
			assert_non_null(strstr(art->note, "not a security template"));
			seen |= 4;
		} else if (strcmp(art->path, ini) == 0) {
			/* A GPO's GPT.INI: read for its display name (test_gpo). */
			assert_int_equal(art->status, ART_OK);
			assert_int_equal(art->kind, ART_GPO_GPTINI);
			seen |= 8;
		}
	}
	assert_int_equal(seen, 15);
	assert_int_equal(a.facts.src[SRC_SECPOL].state, SOURCE_OK);
	assert_int_equal(a.facts.rights.n, 2);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(gpodir);
	free(exp);
	free(gpo);
	free(drv);
	free(ini);
}

/* Issue 13.5: a template with only [Unicode] and [Version] (what the Group
 * Policy editor leaves when a GPO's security settings are cleared) is a
 * valid, empty template: recognised, read, it changes no right. */
static void test_empty_template(void **state)
{
	static const char empty[] = "[Unicode]\nUnicode=yes\n[Version]\nsignature=\"$CHICAGO$\"\n"
				    "Revision=1\n";
	static const char other[] = "[Unicode]\nUnicode=yes\n[Version]\nsignature=\"$CHICAGO$\"\n"
				    "[Strings]\nA=b\n";
	char *dir = scratch_dir();
	char *gpodir = xasprintf("%s/Policies/{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}/Machine/"
				 "Microsoft/Windows NT/SecEdit", dir);
	char *gpo = xasprintf("%s/GptTmpl.inf", gpodir), *exp, *oth = xasprintf("%s/other.inf", dir);
	struct audit a;
	const struct artifact *art = NULL;
	size_t i;

	(void)state;
	make_dirs(gpodir);
	write_utf16_text(gpo, empty);
	write_utf16_text(oth, other);
	exp = copy_fixture("samples/healthy/secpol.inf", dir, "secpol.inf");
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++)
		if (strcmp(a.bundle.arts[i].path, gpo) == 0)
			art = &a.bundle.arts[i];
		else if (strcmp(a.bundle.arts[i].path, oth) == 0)
			assert_int_equal(a.bundle.arts[i].status, ART_IGNORED);
	assert_non_null(art);
	assert_int_equal(art->kind, ART_SECPOL_GPO);
	assert_int_equal(art->status, ART_OK);
	assert_int_equal(art->nwarnings, 1);
	assert_non_null(strstr(art->warnings[0], "empty security template"));
	/* the export still decides: it gives the right to IIS_IUSRS */
	assert_int_equal(only_result(&a, "rights.impersonate.iis_iusrs")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(gpodir);
	free(gpo);
	free(exp);
	free(oth);
}

/* A hostile template beside a good SYSTEM hive: the template is a clean
 * error naming the file, the HTTP.sys checks still run and pass. */
static void test_hostile_template_rest_of_audit_runs(void **state)
{
	char *dir = scratch_dir(), *hive;
	char *p = xasprintf("%s/secpol.inf", dir);
	size_t n = strlen(minimal), i, j = 2;
	unsigned char *b = xmalloc(n * 2 + 3);
	const struct result *r;
	struct audit a;

	(void)state;
	hive = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	b[0] = 0xFF;
	b[1] = 0xFE;
	for (i = 0; i < n; i++) {
		b[j++] = (unsigned char)minimal[i];
		b[j++] = 0;
	}
	b[j++] = 'x'; /* odd byte count */
	write_file(p, b, j);
	audit_one(&a, dir);
	r = only_result(&a, "rights.impersonate.iis_iusrs");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, p));
	assert_non_null(strstr(r->message, "odd number of bytes"));
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(a.facts.src[SRC_SECPOL].state, SOURCE_ERROR);
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
	free(p);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_gpo_template_utf16_crlf),
		cmocka_unit_test(test_sample_export_utf16),
		cmocka_unit_test(test_utf8_bom_lf_and_no_bom),
		cmocka_unit_test(test_ansi_cp1252),
		cmocka_unit_test(test_utf16_without_bom),
		cmocka_unit_test(test_error_utf16_odd_byte_count),
		cmocka_unit_test(test_error_utf16_big_endian),
		cmocka_unit_test(test_error_nul_bytes),
		cmocka_unit_test(test_error_megabyte_line),
		cmocka_unit_test(test_error_100000_sections),
		cmocka_unit_test(test_error_unclosed_section),
		cmocka_unit_test(test_error_too_large_file),
		cmocka_unit_test(test_sections_merge_comments_and_duplicates),
		cmocka_unit_test(test_split_list),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_is_security_template),
		cmocka_unit_test(test_gpo_location),
		cmocka_unit_test(test_discovery_kinds),
		cmocka_unit_test(test_empty_template),
		cmocka_unit_test(test_hostile_template_rest_of_audit_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
