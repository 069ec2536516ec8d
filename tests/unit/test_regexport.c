/* The .reg export reader and the registry view over it: every dialect
 * (regedit 5 UTF-16LE, REGEDIT4, hivexregedit with and without a root,
 * hand-edited), cross-checked value by value against the hive each export
 * was made from; coverage, deletions, merging, CurrentControlSet; and the
 * hostile inputs (a 10 MB hex line, a continuation at the end of the file,
 * invalid UTF-16, a key path 100,000 levels deep, a value before any key). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/hive.h"
#include "read/regexport.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"
#include "testutil.h"

#define HDR "Windows Registry Editor Version 5.00\n\n"

static struct regexport *open_fixture(const char *rel)
{
	char *p = src_path(rel);
	struct regexport *x = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (regexport_open(p, &x, &e) != 1)
		fail_msg("%s: %s", rel, e.msg);
	free(p);
	return x;
}

/* Parse TEXT written as regedit writes it (utf16) or byte for byte. 1 ok,
 * -1 with e set. */
static int parse_text(const char *text, int utf16, struct regexport **x, struct nerr *e)
{
	char *dir = scratch_dir(), *path = write_reg(dir, "t.reg", text, utf16);
	int rc;

	nerr_clear(e);
	rc = regexport_open(path, x, e);
	rm_rf(dir);
	free(dir);
	free(path);
	return rc;
}

/* ------------------------------------------ cross-check against the hive */

struct walk {
	const struct regsrc *hive, *view;
	size_t keys, values;
};

/* The same key: same subkeys, same value names, the same bytes in every
 * value, through both registry implementations. */
static void compare_tree(struct walk *w, const char *key)
{
	struct strlist hs = {0}, vs = {0}, hn = {0}, vn = {0};
	struct nerr e;
	size_t i;

	nerr_clear(&e);
	assert_int_equal(reg_subkeys(w->hive, key, &hs, &e), 1);
	if (reg_subkeys(w->view, key, &vs, &e) != 1)
		fail_msg("view: subkeys of '%s': %s", key, e.msg);
	assert_int_equal(hs.n, vs.n);
	assert_int_equal(reg_value_names(w->hive, key, &hn, &e), 1);
	if (reg_value_names(w->view, key, &vn, &e) != 1)
		fail_msg("view: values of '%s': %s", key, e.msg);
	assert_int_equal(hn.n, vn.n);
	for (i = 0; i < hn.n; i++) {
		struct regval a, b;

		assert_string_equal(hn.v[i], vn.v[i]);
		assert_int_equal(reg_value(w->hive, key, hn.v[i], &a, &e), 1);
		if (reg_value(w->view, key, hn.v[i], &b, &e) != 1)
			fail_msg("view: '%s\\%s': %s", key, hn.v[i], e.msg);
		assert_int_equal(a.type, b.type);
		assert_int_equal(a.size, b.size);
		assert_memory_equal(a.data, b.data, a.size);
		regval_free(&a);
		regval_free(&b);
		w->values++;
	}
	w->keys++;
	for (i = 0; i < hs.n; i++) {
		char *sub = *key ? xasprintf("%s\\%s", key, hs.v[i]) : xstrdup(hs.v[i]);

		assert_string_equal(hs.v[i], vs.v[i]);
		compare_tree(w, sub);
		free(sub);
	}
	strlist_free(&hs);
	strlist_free(&vs);
	strlist_free(&hn);
	strlist_free(&vn);
}

static void no_disagreement(void *ctx, const char *msg)
{
	(void)ctx;
	fail_msg("unexpected disagreement: %s", msg);
}

/* Export REL (of hive which) against HIVEREL, from key START (NULL = the
 * whole tree); cs_key names the control set for a live export. */
static void cross_check(const char *rel, const char *hiverel, int which, const char *const *starts,
			const char *cs_key, size_t min_values)
{
	struct regexport *x = open_fixture(rel);
	char *hp = src_path(hiverel);
	struct hive *h = NULL;
	struct regview *v = regview_new(which);
	struct nerr e;
	struct regsrc hs, vs;
	struct walk w;
	size_t keys = 0;

	nerr_clear(&e);
	assert_int_equal(hive_open(hp, &h, &e), 1);
	assert_int_equal(regexport_nwarnings(x), 0);
	assert_true(regexport_hives(x) & (1u << which));
	regview_add(v, x);
	if (cs_key != NULL)
		regview_set_control_set(v, cs_key);
	hs = (struct regsrc){hp, h, NULL};
	vs = (struct regsrc){regexport_path(x), NULL, v};
	memset(&w, 0, sizeof(w));
	w.hive = &hs;
	w.view = &vs;
	for (; *starts != NULL; starts++)
		compare_tree(&w, *starts);
	assert_true(w.values >= min_values);
	/* The facts layer's own comparison agrees: nothing differs. */
	assert_int_equal(reg_compare_export(&hs, x, which, cs_key, 100000, no_disagreement, NULL, &keys), 0);
	assert_true(keys >= w.keys);
	regview_free(v);
	hive_close(h);
	regexport_free(x);
	free(hp);
}

static void test_regedit5_matches_hive(void **state)
{
	const char *all[] = {"", NULL};

	(void)state;
	cross_check("tests/fixtures/reg/healthy-SOFTWARE.regedit5.reg",
		    "samples/healthy/registry/SOFTWARE.hiv", REGX_SOFTWARE, all, NULL, 25);
}

static void test_regedit5_live_matches_hive(void **state)
{
	/* Written under CurrentControlSet: reached as ControlSet001 through
	 * Select\Current = 1. */
	const char *keys[] = {"ControlSet001", "Select", NULL};

	(void)state;
	cross_check("tests/fixtures/reg/healthy-SYSTEM.regedit5-live.reg",
		    "samples/healthy/registry/SYSTEM.hiv", REGX_SYSTEM, keys, "ControlSet001", 25);
}

static void test_regedit4_matches_hive(void **state)
{
	const char *all[] = {"", NULL};

	(void)state;
	/* REG_EXPAND_SZ and REG_MULTI_SZ come back as UTF-16LE from ANSI bytes. */
	cross_check("tests/fixtures/reg/healthy-SYSTEM.regedit4.reg",
		    "samples/healthy/registry/SYSTEM.hiv", REGX_SYSTEM, all, NULL, 25);
}

static void test_hivex_export_matches_hive(void **state)
{
	const char *all[] = {"", NULL};

	(void)state;
	cross_check("tests/fixtures/reg/healthy-SYSTEM.hivex.reg",
		    "samples/healthy/registry/SYSTEM.hiv", REGX_SYSTEM, all, NULL, 25);
	/* Without --prefix: "[\ControlSet001]", classified as SYSTEM by its keys. */
	cross_check("tests/fixtures/reg/healthy-SYSTEM.hivex-noprefix.reg",
		    "samples/healthy/registry/SYSTEM.hiv", REGX_SYSTEM, all, NULL, 25);
}

static int collect_start(void *ctx, const char *sub, const struct regval *vals, const int *found)
{
	struct strbuf *sb = ctx;
	uint32_t d = 0;

	if (found[0] == 1 && regval_dword(&vals[0], &d, NULL) == 0)
		sb_printf(sb, "%s=%u;", sub, d);
	else
		sb_printf(sb, "%s=%d;", sub, found[0] == 1 ? -2 : found[0]);
	return 0;
}

static void test_scan_subkeys_hive_and_export_agree(void **state)
{
	static const char *const names[] = {"Start"};
	struct regexport *x = open_fixture("tests/fixtures/reg/healthy-SYSTEM.regedit4.reg");
	char *hp = src_path("samples/healthy/registry/SYSTEM.hiv");
	struct hive *h = NULL;
	struct regview *v = regview_new(REGX_SYSTEM);
	struct regsrc hs, vs;
	struct strbuf a, b;
	struct nerr e;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(hive_open(hp, &h, &e), 1);
	regview_add(v, x);
	hs = (struct regsrc){hp, h, NULL};
	vs = (struct regsrc){regexport_path(x), NULL, v};
	sb_init(&a);
	sb_init(&b);
	sb_add(&a, "");
	sb_add(&b, "");
	assert_int_equal(reg_scan_subkeys(&hs, "ControlSet001\\Services", names, 1, collect_start, &a, &e), 1);
	assert_int_equal(reg_scan_subkeys(&vs, "ControlSet001\\Services", names, 1, collect_start, &b, &e), 1);
	assert_string_equal(a.s, "HTTP=3;PFXCertificateConnectorSvc=2;Tcpip=0;W3SVC=2;WAS=3;");
	assert_string_equal(a.s, b.s);
	/* An absent key is 0 on both; a key the export does not cover is -1. */
	assert_int_equal(reg_scan_subkeys(&hs, "Nope", names, 1, collect_start, &a, &e), 0);
	assert_int_equal(reg_scan_subkeys(&vs, "Nope", names, 1, collect_start, &b, &e), 0);
	sb_free(&a);
	sb_free(&b);
	regview_free(v);
	hive_close(h);
	regexport_free(x);
	free(hp);
}

static void test_formats_detected(void **state)
{
	static const struct {
		const char *rel, *format;
	} t[] = {
		{"tests/fixtures/reg/healthy-SOFTWARE.regedit5.reg", "regedit 5 (UTF-16LE)"},
		{"tests/fixtures/reg/healthy-SYSTEM.regedit4.reg", "REGEDIT4 (ANSI)"},
		{"tests/fixtures/reg/healthy-SYSTEM.hivex.reg", "regedit 5 (UTF-8)"},
		{"samples/reg-only/registry/uninstall.reg", "REGEDIT4 (ANSI)"},
		{"samples/reg-only/registry/http.reg", "regedit 5 (UTF-16LE)"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct regexport *x = open_fixture(t[i].rel);
		char head[DISCOVER_HEAD];
		const char *note;
		char *p = src_path(t[i].rel);
		FILE *f = fopen(p, "rb");
		size_t n;

		assert_string_equal(regexport_format(x), t[i].format);
		assert_non_null(f);
		n = fread(head, 1, sizeof(head), f);
		fclose(f);
		assert_int_equal(discover_sniff((const unsigned char *)head, n, &note), ART_REG);
		regexport_free(x);
		free(p);
	}
}

static void test_content_not_name_decides(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *p = xasprintf("%s/fake.reg", dir);
	size_t i;

	(void)state;
	/* An export named like a hive is an export; a ".reg" that is not one is ignored. */
	free(copy_fixture("samples/reg-only/registry/mscep.reg", dir, "SYSTEM.hiv"));
	write_file(p, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n", 32);
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++) {
		const struct artifact *art = &a.bundle.arts[i];

		if (ascii_casesuffix(art->path, "SYSTEM.hiv"))
			assert_int_equal(art->kind, ART_REG_SOFTWARE);
		else
			assert_int_equal(art->status, ART_IGNORED);
	}
	assert_string_equal(artifact_kind_name(ART_REG_SOFTWARE), "reg.software");
	assert_int_equal(only_result(&a, "mscep.templates")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_hand_edited_upper_case_no_final_line_end(void **state)
{
	struct regexport *x = open_fixture("samples/reg-only/registry/http.reg");
	struct regexport *y = open_fixture("tests/fixtures/reg/healthy-SYSTEM.hivex.reg");
	const struct regx_key *k, *ky;
	const struct regx_value *v, *vy;
	int cov;

	(void)state;
	assert_int_equal(regexport_hives(x), 1u << REGX_SYSTEM);
	assert_int_equal(regx_lookup(x, REGX_SYSTEM, "CurrentControlSet\\Services\\HTTP\\Parameters",
				     &k, &cov), 1);
	assert_true(cov);
	v = regx_key_value(k, "maxfieldlength"); /* names compare without case */
	assert_non_null(v);
	assert_int_equal(v->type, REGT_DWORD);
	assert_int_equal(v->data[0] | (v->data[1] << 8), 0xFFFE);
	/* The wrapped upper-case binary value, last in a file without a final
	 * line end, equals what the hive holds. */
	assert_int_equal(regx_lookup(x, REGX_SYSTEM,
				     "CurrentControlSet\\Services\\HTTP\\Parameters\\UrlAclInfo", &k, &cov), 1);
	v = regx_key_value(k, "http://+:80/Temporary_Listen_Addresses/");
	assert_int_equal(regx_lookup(y, REGX_SYSTEM,
				     "ControlSet001\\Services\\HTTP\\Parameters\\UrlAclInfo", &ky, &cov), 1);
	vy = regx_key_value(ky, "http://+:80/Temporary_Listen_Addresses/");
	assert_non_null(v);
	assert_non_null(vy);
	assert_null(v->error);
	assert_int_equal(v->size, 48);
	assert_int_equal(v->size, vy->size);
	assert_memory_equal(v->data, vy->data, v->size);
	assert_int_equal(v->line, 22);
	regexport_free(x);
	regexport_free(y);
}

/* ---------------------------------------------------------------- syntax */

static void test_syntax_details(void **state)
{
	struct regexport *x;
	const struct regx_key *k;
	const struct regx_value *v;
	struct nerr e;
	int cov;

	(void)state;
	assert_int_equal(parse_text(HDR "; a comment\n"
				    "[HKLM\\SOFTWARE\\Test]\n"
				    "@=\"default\"\n"
				    "\"quote\\\"and\\\\back\"  =  \"a \\\"b\\\" c:\\\\\"\n"
				    "\"q\"=hex(b):ff,ff,ff,ff,ff,ff,ff,7F\n"
				    "\"none\"=hex(0):\n"
				    "\"exp\"=str(2):\"%TEMP%\"\n"
				    "\"D\"=DWORD:FFFFFFFF\n"
				    "\"big\"=hex(100000):01\n"
				    "\"uni\"=\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x91\"\n",
				    1, &x, &e), 1);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "test", &k, &cov), 1);
	v = regx_key_value(k, NULL);
	assert_non_null(v);
	assert_int_equal(v->size, 16); /* "default" + NUL in UTF-16LE */
	v = regx_key_value(k, "quote\"and\\back");
	assert_non_null(v);
	{
		char *s = utf16le_to_utf8(v->data, v->size);

		assert_string_equal(s, "a \"b\" c:\\");
		free(s);
	}
	v = regx_key_value(k, "q");
	assert_int_equal(v->type, REGT_QWORD);
	assert_int_equal(v->size, 8);
	assert_int_equal(v->data[7], 0x7F);
	assert_int_equal(regx_key_value(k, "none")->size, 0);
	v = regx_key_value(k, "exp");
	assert_int_equal(v->type, REGT_EXPAND_SZ);
	assert_int_equal(v->size, 14);
	v = regx_key_value(k, "D");
	assert_int_equal(v->type, REGT_DWORD);
	assert_int_equal(v->data[3], 0xFF);
	assert_int_equal(regx_key_value(k, "big")->type, 0x100000);
	v = regx_key_value(k, "uni");
	assert_int_equal(v->size, 10); /* e-acute, euro, one surrogate pair, NUL */
	assert_int_equal(v->data[4], 0x3D);
	assert_int_equal(v->data[5], 0xD8);
	regexport_free(x);
}

static void test_regedit4_ansi(void **state)
{
	struct regexport *x;
	const struct regx_key *k;
	const struct regx_value *v;
	struct nerr e;
	int cov;

	(void)state;
	/* REGEDIT4 is ANSI: 0xE9 is e-acute; hex(2) data is ANSI bytes. */
	assert_int_equal(parse_text("REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\T]\r\n"
				    "\"name\"=\"caf\xe9\"\r\n\"x\"=hex(2):41,80,00\r\n", 0, &x, &e), 1);
	assert_string_equal(regexport_format(x), "REGEDIT4 (ANSI)");
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "T", &k, &cov), 1);
	v = regx_key_value(k, "name");
	assert_int_equal(v->data[6], 0xE9);
	assert_int_equal(v->data[7], 0x00);
	v = regx_key_value(k, "x");
	assert_int_equal(v->size, 6);
	assert_int_equal(v->data[2], 0xAC); /* 0x80 = euro sign U+20AC */
	assert_int_equal(v->data[3], 0x20);
	regexport_free(x);
}

/* ------------------------------------------------------ coverage, deletions */

static void test_coverage(void **state)
{
	struct regexport *x;
	const struct regx_key *k;
	struct regview *v = regview_new(REGX_SOFTWARE);
	struct regsrc r;
	struct regval val;
	struct strlist names = {0};
	struct nerr e;
	int cov;
	char *c;

	(void)state;
	assert_int_equal(parse_text(HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B]\n\"x\"=dword:00000001\n\n"
				    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B\\C\\D]\n\n"
				    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other\\Deep]\n\n", 1, &x, &e), 1);
	/* A: only an ancestor. It exists, nothing else about it is known. */
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "A", &k, &cov), 1);
	assert_false(cov);
	/* Inside A\B: everything is known, including what is not there. */
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "A\\B\\C", &k, &cov), 1);
	assert_true(cov);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "a\\b\\nothere", &k, &cov), 0);
	assert_true(cov);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "A\\Elsewhere", &k, &cov), 0);
	assert_false(cov);
	regview_add(v, x);
	r = (struct regsrc){regexport_path(x), NULL, v};
	nerr_clear(&e);
	assert_int_equal(reg_value(&r, "A\\B", "x", &val, &e), 1);
	regval_free(&val);
	assert_int_equal(reg_value(&r, "A\\B", "y", &val, &e), 0);
	assert_int_equal(reg_value(&r, "A\\B\\C", "y", &val, &e), 0);
	assert_int_equal(reg_value(&r, "A", "x", &val, &e), -1);
	assert_non_null(strstr(e.msg, "'A' is not in the .reg export of the SOFTWARE hive"));
	assert_non_null(strstr(e.msg, "A\\B ("));
	assert_non_null(strstr(e.msg, "Other\\Deep ("));
	assert_true(reg_covered(&r, "A\\B\\Z"));
	assert_false(reg_covered(&r, "A"));
	assert_int_equal(reg_key_exists(&r, "A", &e), 1);
	assert_int_equal(reg_key_exists(&r, "A\\B\\Z", &e), 0);
	assert_int_equal(reg_key_exists(&r, "Z", &e), -1);
	assert_int_equal(reg_subkeys(&r, "A", &names, &e), -1);
	assert_int_equal(reg_subkeys(&r, "A\\B", &names, &e), 1);
	assert_int_equal(names.n, 1);
	assert_string_equal(names.v[0], "C");
	strlist_free(&names);
	c = reg_coverage(&r);
	assert_non_null(strstr(c, "A\\B"));
	free(c);
	c = reg_location(&r, "A\\B", "x");
	assert_string_equal(c, "A\\B\\x (line 4)");
	free(c);
	regview_free(v);
	regexport_free(x);
}

static void test_deletions(void **state)
{
	struct regexport *x;
	const struct regx_key *k;
	const struct regx_value *val;
	struct nerr e;
	int cov;

	(void)state;
	assert_int_equal(parse_text(HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\n\"a\"=dword:1\n\"b\"=dword:2\n\n"
				    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K\\Sub\\Deeper]\n\"c\"=\"x\"\n\n"
				    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\n\"b\"=-\n\n"
				    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\K\\Sub]\n\"ignored\"=dword:3\n\n"
				    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone\\Away]\n\n"
				    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\K\\Sub\\Again]\n\n", 1, &x, &e), 1);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K", &k, &cov), 1);
	assert_int_equal(regx_key_value(k, "a")->data[0], 1);
	val = regx_key_value(k, "b");
	assert_true(val->deleted);
	/* K\Sub was deleted, then K\Sub\Again created: Sub exists, Deeper not. */
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K\\Sub\\Deeper", &k, &cov), 0);
	assert_true(cov);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K\\Sub", &k, &cov), 1);
	assert_int_equal(regx_key_nvalues(k), 0);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K\\Sub\\Again", &k, &cov), 1);
	/* Gone\Away is known not to exist; Gone itself is not known to exist. */
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "Gone\\Away", &k, &cov), 0);
	assert_true(cov);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "Gone", &k, &cov), 0);
	assert_false(cov);
	regexport_free(x);
}

/* ------------------------------------------------- merged views, bundles */

static void test_views_merge_files(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	const struct artifact *later = NULL;
	size_t i;

	(void)state;
	free(write_reg(dir, "1-mscep.reg", HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP]\n"
		       "\"SignatureTemplate\"=\"Old\"\n\"EncryptionTemplate\"=\"NDESIntune\"\n"
		       "\"GeneralPurposeTemplate\"=\"NDESIntune\"\n\n", 1));
	free(write_reg(dir, "2-mscep.reg", HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP]\n"
		       "\"SignatureTemplate\"=\"NDESIntune\"\n\n"
		       "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\Modules]\n"
		       "\"Policy\"=\"P\"\n\n", 0));
	audit_one(&a, dir);
	/* One view: the templates from both files (the later file's value wins),
	 * the policy module from the second. */
	assert_int_equal(only_result(&a, "mscep.templates")->status, ST_PASS);
	assert_non_null(strstr(only_result(&a, "mscep.templates")->message,
			       "signature certificates from template NDESIntune"));
	assert_int_equal(only_result(&a, "mscep.policy_module")->status, ST_PASS);
	for (i = 0; i < a.bundle.n; i++)
		if (ascii_casesuffix(a.bundle.arts[i].path, "2-mscep.reg"))
			later = &a.bundle.arts[i];
	assert_non_null(later);
	assert_int_equal(later->nwarnings, 1);
	assert_non_null(strstr(later->warnings[0], "SignatureTemplate differs"));
	assert_non_null(strstr(later->warnings[0], "1-mscep.reg line 4"));
	assert_null(strstr(later->warnings[0], "Old")); /* data is never printed */
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_current_control_set(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	/* A live export with Select: ControlSet002 is current, spelled
	 * CurrentControlSet in the file. */
	audit_reg_texts(&a, HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n"
			"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters]\n"
			"\"MaxFieldLength\"=dword:0000fffe\n\"MaxRequestBytes\"=dword:00004000\n\n", NULL);
	assert_string_equal(a.facts.control_set_key, "ControlSet002");
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	r = only_result(&a, "httpsys.max_request_bytes");
	assert_int_equal(r->status, ST_FAIL);
	assert_string_equal(r->ev[0].location,
			    "ControlSet002\\Services\\HTTP\\Parameters\\MaxRequestBytes (line 8)");
	/* Parameters is exported with its subtree: no binding table, so no 443 binding. */
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_FAIL);
	audit_free(&a);
	/* Only SslBindingInfo exported, with no 443 binding: the other tables
	 * are not in the evidence, so tls_binding is ne, never fail. */
	audit_reg_texts(&a, HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
			"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\SslBindingInfo]\n\n"
			"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\SslBindingInfo"
			"\\0.0.0.0:8443]\n\"SslCertHash\"=hex:01\n\n", NULL);
	r = only_result(&a, "httpsys.tls_binding");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "SslSniBindingInfo, SslCcsBindingInfo"));
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_NE);
	audit_free(&a);
	/* Without Select: CurrentControlSet is the current set. */
	audit_reg_texts(&a, HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP]\n\n"
			"[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters]\n\n", NULL);
	assert_string_equal(a.facts.control_set_key, "CurrentControlSet");
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not set in CurrentControlSet"));
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_FAIL);
	audit_free(&a);
	/* A numbered control set without Select: which is current is unknown. */
	audit_reg_texts(&a, HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\HTTP\\Parameters]\n"
			"\"MaxFieldLength\"=dword:0000fffe\n\n", NULL);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "ControlSet001 but no Select key"));
	audit_free(&a);
	/* An offline export with Select and ControlSet002: as a hive. */
	dir = scratch_dir();
	free(write_reg(dir, "sys.reg", HDR "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:2\n\n"
		       "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\HTTP\\Parameters]\n"
		       "\"MaxFieldLength\"=dword:0000fffe\n\n", 1));
	audit_one(&a, dir);
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_FAIL);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_hive_and_export_of_system(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *hive = copy_fixture("samples/broken/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	char *reg = copy_fixture("samples/reg-only/registry/http.reg", dir, "http.reg");
	const struct result *r;
	const struct artifact *art = NULL;
	size_t i;

	(void)state;
	/* The live export's CurrentControlSet is compared with the hive's
	 * current set, ControlSet002, which lacks MaxFieldLength. */
	audit_one(&a, dir);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_FAIL);
	assert_int_equal(r->nev, 2);
	assert_non_null(strstr(r->ev[1].artifact, "http.reg"));
	assert_non_null(strstr(r->ev[1].value, "65534 (0xfffe) (the hive has no such value)"));
	for (i = 0; i < a.bundle.n; i++)
		if (ascii_casesuffix(a.bundle.arts[i].path, "http.reg"))
			art = &a.bundle.arts[i];
	assert_non_null(art);
	assert_true(art->nwarnings >= 2);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
	free(reg);
}

/* ---------------------------------------------------------------- hostile */

static void test_hostile_10mb_hex_line(void **state)
{
	size_t n = 10u * 1024u * 1024u, i;
	char *text = xmalloc(n + 512), *p = text;
	struct regexport *x;
	const struct regx_key *k;
	const struct regx_value *v;
	struct nerr e;
	int cov;

	(void)state;
	p += sprintf(p, HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Big]\n\"huge\"=hex:");
	for (i = 0; i < n / 3; i++)
		p += sprintf(p, "ab,");
	p += sprintf(p, "cd\n\"after\"=dword:00000007\n");
	assert_int_equal(parse_text(text, 0, &x, &e), 1);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "Big", &k, &cov), 1);
	v = regx_key_value(k, "huge");
	assert_non_null(v->error);
	assert_non_null(strstr(v->error, "t.reg: line 4: value 'huge': the value is longer than the "
					  "line limit"));
	assert_int_equal(regx_key_value(k, "after")->data[0], 7); /* the rest is read */
	assert_int_equal(regexport_nwarnings(x), 1);
	regexport_free(x);
	free(text);
}

static void test_hostile_continuation_at_end(void **state)
{
	struct regexport *x;
	const struct regx_key *k;
	struct nerr e;
	int cov;

	(void)state;
	assert_int_equal(parse_text(HDR "[HKLM\\SOFTWARE\\K]\n\"v\"=hex:01,02,\\\n  03,\\\n", 1, &x, &e), 1);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K", &k, &cov), 1);
	assert_non_null(strstr(regx_key_value(k, "v")->error, "continues past the end of the file"));
	regexport_free(x);
	/* A continuation that is not hex: the value fails, the next key is read. */
	assert_int_equal(parse_text(HDR "[HKLM\\SOFTWARE\\K]\n\"v\"=hex:01,\\\n[HKLM\\SOFTWARE\\L]\n"
				    "\"w\"=dword:1\n", 1, &x, &e), 1);
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "K", &k, &cov), 1);
	assert_non_null(strstr(regx_key_value(k, "v")->error, "the next line is not hex data"));
	assert_int_equal(regx_lookup(x, REGX_SOFTWARE, "L", &k, &cov), 1);
	assert_non_null(regx_key_value(k, "w"));
	regexport_free(x);
}

static void test_hostile_invalid_utf16(void **state)
{
	static const unsigned char lone_low[] = {
		0xFF, 0xFE, 'R', 0, 'E', 0, 'G', 0, 'E', 0, 'D', 0, 'I', 0, 'T', 0, '4', 0,
		'\r', 0, '\n', 0, '[', 0, 0x00, 0xDC, ']', 0};
	static const unsigned char odd[] = {0xFF, 0xFE, 'R', 0, 'E', 0, 'G', 0, 'E', 0, 'D', 0,
					    'I', 0, 'T', 0, '4', 0, '\n', 0, '['};
	char *dir = scratch_dir(), *p = xasprintf("%s/u.reg", dir);
	struct regexport *x = NULL;
	struct nerr e;

	(void)state;
	write_file(p, lone_low, sizeof(lone_low));
	nerr_clear(&e);
	assert_int_equal(regexport_open(p, &x, &e), -1);
	assert_null(x);
	assert_non_null(strstr(e.msg, "u.reg: line 2: invalid UTF-16LE at offset 24 (an unpaired surrogate)"));
	write_file(p, odd, sizeof(odd));
	assert_int_equal(regexport_open(p, &x, &e), -1);
	assert_non_null(strstr(e.msg, "line 2: the file ends in the middle of a UTF-16 character"));
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_hostile_deep_key_path(void **state)
{
	size_t levels = 100000, i;
	char *text = xmalloc(levels * 2 + 256), *p = text;
	struct regexport *x = NULL;
	struct nerr e;

	(void)state;
	p += sprintf(p, HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE");
	for (i = 0; i < levels; i++)
		p += sprintf(p, "\\a");
	p += sprintf(p, "]\n");
	assert_int_equal(parse_text(text, 1, &x, &e), -1);
	assert_null(x);
	assert_non_null(strstr(e.msg, "t.reg: line 3: the key path is more than 512 levels deep"));
	/* 512 levels is the registry's own limit, and it is accepted. */
	p = text + sprintf(text, HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE");
	for (i = 0; i < 512; i++)
		p += sprintf(p, "\\a");
	p += sprintf(p, "]\n\"v\"=dword:1\n");
	assert_int_equal(parse_text(text, 1, &x, &e), 1);
	assert_int_equal(regexport_nkeys(x), 513);
	regexport_free(x);
	p = text + sprintf(text, HDR "[HKEY_LOCAL_MACHINE\\SOFTWARE");
	for (i = 0; i < 513; i++)
		p += sprintf(p, "\\a");
	p += sprintf(p, "]\n");
	assert_int_equal(parse_text(text, 1, &x, &e), -1);
	assert_non_null(strstr(e.msg, "513 levels deep; the registry allows 512"));
	free(text);
}

static void test_hostile_value_before_key(void **state)
{
	struct regexport *x = NULL;
	struct nerr e;

	(void)state;
	assert_int_equal(parse_text(HDR "\"orphan\"=dword:00000001\n[HKLM\\SOFTWARE\\K]\n", 1, &x, &e), -1);
	assert_null(x);
	assert_non_null(strstr(e.msg, "t.reg: line 3: a value before any [key] line"));
}

static void test_hostile_structure(void **state)
{
	static const struct {
		const char *text, *msg;
	} t[] = {
		{"just text\n", "line 1: not a .reg export"},
		{"", "line 1: not a .reg export"},
		{HDR "[HKLM\\SOFTWARE\\K\n", "line 3: a key line without its closing ']'"},
		{HDR "[]\n", "line 3: an empty key path"},
		{HDR "[HKLM\\SOFTWARE\\a\\\\b]\n", "line 3: an empty key name inside the path"},
		{HDR "[NOTAROOT\\x]\n", "line 3: the key path starts with 'NOTAROOT'"},
		{HDR "[\\Microsoft]\n\n[HKLM\\SOFTWARE\\K]\n", "mixes key paths with a registry root and without"},
	};
	struct regexport *x;
	struct nerr e;
	struct strbuf many;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		x = NULL;
		assert_int_equal(parse_text(t[i].text, 1, &x, &e), -1);
		assert_null(x);
		if (strstr(e.msg, t[i].msg) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, t[i].msg);
	}
	/* Lines that are not .reg syntax: skipped with a warning, up to 100. */
	sb_init(&many);
	sb_add(&many, HDR "[HKLM\\SOFTWARE\\K]\n");
	for (i = 0; i < 100; i++)
		sb_add(&many, "garbage\n");
	assert_int_equal(parse_text(many.s, 0, &x, &e), 1);
	assert_int_equal(regexport_nwarnings(x), REGX_MAX_WARNINGS);
	assert_int_equal(regexport_warnings_dropped(x), 100 - REGX_MAX_WARNINGS);
	regexport_free(x);
	sb_add(&many, "one more\n");
	assert_int_equal(parse_text(many.s, 0, &x, &e), -1);
	assert_non_null(strstr(e.msg, "more than 100 lines that are not .reg syntax"));
	sb_free(&many);
	/* A NUL character in a UTF-8 file. */
	{
		char *dir = scratch_dir(), *p = xasprintf("%s/n.reg", dir);

		write_file(p, HDR "[HKLM\\SOFTWARE\\K]\n\"a\0\"=dword:1\n", sizeof(HDR) + 29);
		assert_int_equal(regexport_open(p, &x, &e), -1);
		assert_non_null(strstr(e.msg, "n.reg: line 4: a NUL character"));
		rm_rf(dir);
		free(dir);
		free(p);
	}
}

static void test_hostile_bundle_reports_cleanly(void **state)
{
	struct audit a;
	char *dir = scratch_dir();

	(void)state;
	/* A broken SOFTWARE export next to a good SYSTEM hive: the SYSTEM
	 * checks run; the SOFTWARE ones say error; the file is named. */
	free(copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv"));
	free(write_reg(dir, "bad.reg", HDR "\"v\"=dword:1\n", 1));
	audit_one(&a, dir);
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(only_result(&a, "mscep.templates")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "mscep.templates")->message, "bad.reg: line 3"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regedit5_matches_hive),
		cmocka_unit_test(test_regedit5_live_matches_hive),
		cmocka_unit_test(test_regedit4_matches_hive),
		cmocka_unit_test(test_hivex_export_matches_hive),
		cmocka_unit_test(test_scan_subkeys_hive_and_export_agree),
		cmocka_unit_test(test_formats_detected),
		cmocka_unit_test(test_content_not_name_decides),
		cmocka_unit_test(test_hand_edited_upper_case_no_final_line_end),
		cmocka_unit_test(test_syntax_details),
		cmocka_unit_test(test_regedit4_ansi),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_deletions),
		cmocka_unit_test(test_views_merge_files),
		cmocka_unit_test(test_current_control_set),
		cmocka_unit_test(test_hive_and_export_of_system),
		cmocka_unit_test(test_hostile_10mb_hex_line),
		cmocka_unit_test(test_hostile_continuation_at_end),
		cmocka_unit_test(test_hostile_invalid_utf16),
		cmocka_unit_test(test_hostile_deep_key_path),
		cmocka_unit_test(test_hostile_value_before_key),
		cmocka_unit_test(test_hostile_structure),
		cmocka_unit_test(test_hostile_bundle_reports_cleanly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
