/* The hive reader on generated hives, on real Windows hives when
 * ../shared/realworld is present, and on hostile files. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/hive.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static struct hive *open_ok(const char *rel)
{
	char *p = src_path(rel);
	struct hive *h = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (hive_open(p, &h, &e) != 1)
		fail_msg("%s: %s", p, e.msg);
	free(p);
	return h;
}

static void test_header_and_lookups(void **state)
{
	struct hive *h = open_ok("samples/broken/registry/SYSTEM.hiv");
	struct regsrc r = {"SYSTEM.hiv", h, NULL};
	struct nerr e;
	uint32_t d = 0;
	char *s = NULL;
	struct regval v;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(hive_get_header(h)->major, 1);
	assert_false(hive_is_dirty(h));
	assert_false(hive_is_corrupted(h));
	/* Case-insensitive paths, with and without a leading separator. */
	assert_int_equal(reg_dword(&r, "select", "CURRENT", &d, &e), 1);
	assert_int_equal(d, 2);
	assert_int_equal(reg_dword(&r, "\\Select", "LastKnownGood", &d, &e), 1);
	assert_int_equal(d, 1);
	assert_int_equal(reg_string(&r, "ControlSet002\\services\\tcpip\\parameters", "Domain", &s, &e), 1);
	assert_string_equal(s, "corp.contoso.com");
	free(s);
	/* Absent key, absent value: 0, not an error. */
	assert_int_equal(reg_dword(&r, "ControlSet009", "x", &d, &e), 0);
	assert_int_equal(reg_dword(&r, "Select", "NoSuchValue", &d, &e), 0);
	assert_int_equal(reg_key_exists(&r, "ControlSet002\\Services\\HTTP", &e), 1);
	assert_int_equal(reg_key_exists(&r, "ControlSet002\\\\Services", &e), 0);
	/* Wrong type: a clear error naming file, key and value. */
	assert_int_equal(reg_dword(&r, "ControlSet002\\Services\\Tcpip\\Parameters", "Hostname", &d, &e), -1);
	assert_non_null(strstr(e.msg, "SYSTEM.hiv"));
	assert_non_null(strstr(e.msg, "Hostname"));
	assert_non_null(strstr(e.msg, "REG_SZ, expected REG_DWORD"));
	assert_int_equal(reg_string(&r, "Select", "Current", &s, &e), -1);
	assert_non_null(strstr(e.msg, "REG_DWORD, expected REG_SZ"));
	/* Raw binary value. */
	assert_int_equal(reg_value(&r, "ControlSet002\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:8443",
				   "SslCertHash", &v, &e), 1);
	assert_int_equal(v.type, REGT_BINARY);
	assert_int_equal(v.size, 20);
	regval_free(&v);
	hive_close(h);
}

/* The last key looked up is kept open for the next lookup of the same
 * path; handles given out stay valid however the cache moves on, freed in
 * any order (a use-after-free here shows under the sanitizers). */
static void test_key_handles_outlive_the_cache(void **state)
{
	struct hive *h = open_ok("samples/broken/registry/SYSTEM.hiv");
	struct hive_key *a = NULL, *b = NULL, *c = NULL;
	struct regval v;
	struct nerr e;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(hive_key_get(h, "Select", &a, &e), 1);
	assert_int_equal(hive_key_get(h, "\\Select", &b, &e), 1); /* the cached key */
	assert_int_equal(hive_key_get(h, "ControlSet002\\Services\\HTTP", &c, &e), 1);
	hive_key_free(b);
	/* a's key left the cache when c came in: still readable. */
	assert_int_equal(hive_key_value(a, "Current", &v, &e), 1);
	assert_int_equal(v.type, REGT_DWORD);
	regval_free(&v);
	hive_key_free(a);
	/* An absent key is remembered as absent, then forgotten for another. */
	assert_int_equal(hive_key_get(h, "ControlSet009", &b, &e), 0);
	assert_int_equal(hive_key_get(h, "ControlSet009", &b, &e), 0);
	assert_null(b);
	assert_int_equal(hive_key_get(h, "Select", &b, &e), 1);
	hive_key_free(b);
	hive_key_free(c);
	hive_close(h);
}

/* Every subkey of parent, enumerated by position, is found again by its
 * path as given, upper-cased and lower-cased, and is the same key (name,
 * time, counts); a name one character longer or shorter than a real one is
 * absent. Returns how many subkeys were checked. */
static int lookups_match_walk(struct hive *h, const char *parent)
{
	struct hive_key *p = NULL;
	struct nerr e;
	int n = 0, i, checked = 0;

	nerr_clear(&e);
	assert_int_equal(hive_key_get(h, parent, &p, &e), 1);
	assert_int_equal(hive_key_nsubkeys(p, &n, &e), 1);
	for (i = 0; i < n; i++) {
		struct hive_key *sub = NULL, *again = NULL;
		char *name = NULL, *path, *got = NULL;
		uint64_t t1 = 0, t2 = 0;
		int v1 = 0, v2 = 0, variant;
		size_t j;

		assert_int_equal(hive_key_subkey(p, i, &sub, &e), 1);
		assert_int_equal(hive_key_name(sub, &name, &e), 1);
		assert_int_equal(hive_key_last_written(sub, &t1, &e), 1);
		assert_int_equal(hive_key_nvalues(sub, &v1, &e), 1);
		for (variant = 0; variant < 3; variant++) {
			path = xasprintf("%s\\%s", parent, name);
			for (j = strlen(parent) + 1; path[j] != '\0' && variant > 0; j++)
				if ((unsigned char)path[j] < 0x80)
					path[j] = (char)(variant == 1 ? toupper((unsigned char)path[j])
								      : tolower((unsigned char)path[j]));
			if (hive_key_get(h, path, &again, &e) != 1)
				fail_msg("%s: '%s' not found again: %s", hive_path(h), path, e.msg);
			assert_int_equal(hive_key_name(again, &got, &e), 1);
			assert_string_equal(got, name);
			assert_int_equal(hive_key_last_written(again, &t2, &e), 1);
			assert_int_equal(hive_key_nvalues(again, &v2, &e), 1);
			assert_true(t2 == t1);
			assert_int_equal(v2, v1);
			free(got);
			hive_key_free(again);
			free(path);
		}
		/* Near misses: absent, not an error, unless they name another
		 * subkey (Svc1 + "0" is Svc10). */
		path = xasprintf("%s\\%s#", parent, name);
		assert_int_equal(hive_key_get(h, path, &again, &e), 0);
		free(path);
		hive_key_free(sub);
		free(name);
		checked++;
	}
	hive_key_free(p);
	return checked;
}

/* Keys of 128 subkeys or more are looked up through an index of their
 * subkeys' names (hive.c): every subkey is found as libregf finds it, in
 * any ASCII case, from a file and from memory; a key with a name beyond
 * ASCII among its subkeys is left to libregf's own lookup, which finds
 * that one too. */
static void test_many_subkeys_lookup(void **state)
{
	struct hive *h = open_ok("tests/fixtures/hives/system-manykeys.hiv"), *m = NULL;
	struct regsrc r = {"system-manykeys.hiv", NULL, NULL};
	char *path = src_path("tests/fixtures/hives/system-manykeys.hiv"), *s = NULL;
	struct hive_key *k = NULL;
	unsigned char *buf;
	struct nerr e;
	uint32_t d = 9;
	size_t n;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(lookups_match_walk(h, "ControlSet001\\Services"), 134);
	assert_int_equal(lookups_match_walk(h, "ControlSet001\\Enum"), 130);
	r.hive = h;
	assert_int_equal(reg_string(&r, "ControlSet001\\services\\TCPIP\\Parameters", "Hostname", &s, &e), 1);
	assert_string_equal(s, "NDES07");
	free(s);
	assert_int_equal(reg_dword(&r, "ControlSet001\\Services\\svc10", "Start", &d, &e), 1);
	assert_int_equal(d, 5 % 5);
	assert_int_equal(reg_dword(&r, "ControlSet001\\Enum\\Ger\xc3\xa4t", "Present", &d, &e), 1);
	assert_int_equal(d, 1);
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\NoSuchService", &e), 0);
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\Svc", &e), 0);
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\HTTP\\Parameters", &e), 0);
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\\\HTTP", &e), 0);
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\HTTP\\", &e), 1);
	/* More paths than the reader keeps keys for, then the first again. */
	for (n = 0; n < 40; n++) {
		char *p = xasprintf("ControlSet001\\Services\\Svc%zu", n);

		assert_int_equal(hive_key_get(h, p, &k, &e), 1);
		hive_key_free(k);
		free(p);
	}
	assert_int_equal(reg_key_exists(&r, "ControlSet001\\Services\\W3SVC", &e), 1);
	hive_close(h);
	/* The same from memory (hive_parse). */
	buf = read_all(path, &n);
	assert_int_equal(hive_parse("manykeys", buf, n, &m, &e), 1);
	assert_int_equal(lookups_match_walk(m, "ControlSet001\\Services"), 134);
	hive_close(m);
	free(buf);
	free(path);
}

/* A real Windows 10 SYSTEM hive: its Services key (hundreds of subkeys) is
 * indexed, and every service is found as the walk finds it. */
static void test_realworld_services_lookup(void **state)
{
	char *dir = scratch_dir(), *p = realworld_unxz("hives/regipy_SYSTEM_WIN_10_1709.xz", dir, "SYSTEM");
	struct hive *h = NULL;
	struct nerr e;

	(void)state;
	if (p == NULL) {
		rm_rf(dir);
		free(dir);
		skip(); /* ../shared/realworld/hives/regipy_SYSTEM_WIN_10_1709.xz absent (or no xz) */
	}
	nerr_clear(&e);
	assert_int_equal(hive_open(p, &h, &e), 1);
	assert_true(lookups_match_walk(h, "ControlSet001\\Services") >= 128);
	hive_close(h);
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_subkeys_sorted(void **state)
{
	struct hive *h = open_ok("samples/broken/registry/SYSTEM.hiv");
	struct regsrc r = {"SYSTEM.hiv", h, NULL};
	struct strlist l = {0};
	struct nerr e;

	(void)state;
	assert_int_equal(reg_subkeys(&r, "", &l, &e), 1);
	assert_true(l.n >= 3);
	assert_string_equal(l.v[0], "ControlSet001");
	assert_string_equal(l.v[1], "ControlSet002");
	assert_string_equal(l.v[l.n - 1], "Select");
	strlist_free(&l);
	assert_int_equal(reg_subkeys(&r, "NoSuchKey", &l, &e), 0);
	hive_close(h);
}

/* The newest key time of the hive at rel, as ISO 8601. */
static void newest_key_iso(const char *rel, char *buf, size_t size)
{
	struct hive *h = open_ok(rel);
	struct nerr e;
	uint64_t ft = 0;
	int64_t t = 0;

	assert_int_equal(hive_newest_key_time(h, &ft, &e), 1);
	assert_int_equal(filetime_to_unix(ft, &t), 1);
	time_format_iso(t, buf, size);
	hive_close(h);
}

static void test_newest_key_time(void **state)
{
	char buf[32];

	(void)state;
	newest_key_iso("samples/healthy/registry/SYSTEM.hiv", buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-30T14:05:42Z");
}

/* Value data that starts with "nk" is not a key: neither a bare signature
 * with a year-3000 time, nor a 2027 time in a cell without parent or
 * security offsets, nor a key-shaped cell dated 2200. The newest real key
 * (Select) decides. */
static void test_newest_key_time_skips_lookalikes(void **state)
{
	char buf[32];

	(void)state;
	newest_key_iso("tests/fixtures/hives/system-nklookalike.hiv", buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-30T14:05:42Z");
}

/* The streamed scan gives the same answer whatever the block size, also
 * when a block boundary falls inside a header or a cell; it stops at the
 * end of a truncated copy or at bytes that are not bins. */
static void test_time_scan_blocks(void **state)
{
	static const size_t blocks[] = {1, 7, 31, 4095, 4096, 65536, 1 << 20};
	char *path = src_path("tests/fixtures/hives/system-nklookalike.hiv");
	size_t n, i, k;
	unsigned char *data = read_all(path, &n);
	uint64_t whole = 0, ft;
	struct hive_time_scan s;
	struct nerr e;

	(void)state;
	assert_int_equal(hive_file_newest_key_time(path, &whole, &e), 1);
	for (k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++) {
		hive_time_scan_init(&s);
		for (i = 0; i < n; i += blocks[k])
			hive_time_scan_feed(&s, data + i, n - i < blocks[k] ? n - i : blocks[k]);
		assert_int_equal(hive_time_scan_finish(&s, &ft), 1);
		assert_true(ft == whole);
	}
	/* Cut inside the first bin: nothing whole to scan. */
	hive_time_scan_init(&s);
	hive_time_scan_feed(&s, data, 4096 + 100);
	assert_int_equal(hive_time_scan_finish(&s, &ft), 0);
	/* Not a hive, and a hive whose bins are overwritten: no time, no crash. */
	hive_time_scan_init(&s);
	hive_time_scan_feed(&s, (const unsigned char *)"regx", 4);
	assert_int_equal(hive_time_scan_finish(&s, &ft), 0);
	memset(data + 4096, 0xA5, n - 4096);
	hive_time_scan_init(&s);
	hive_time_scan_feed(&s, data, n);
	assert_int_equal(hive_time_scan_finish(&s, &ft), 0);
	free(data);
	free(path);
}

static void test_dirty_hive(void **state)
{
	struct hive *h = open_ok("tests/fixtures/hives/system-dirty.hiv");

	(void)state;
	assert_true(hive_is_dirty(h));
	assert_int_equal(hive_get_header(h)->seq_primary, hive_get_header(h)->seq_secondary + 1);
	hive_close(h);
}

/* Every hostile file must give -1 with a message naming the file. */
static void expect_open_error(const char *path, const char *needle)
{
	struct hive *h = NULL;
	struct nerr e;

	nerr_clear(&e);
	assert_int_equal(hive_open(path, &h, &e), -1);
	assert_null(h);
	assert_non_null(strstr(e.msg, path));
	if (strstr(e.msg, needle) == NULL)
		fail_msg("'%s' not in '%s'", needle, e.msg);
}

static void test_hostile_empty_and_short(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/empty", dir);

	(void)state;
	write_file(p, "", 0);
	expect_open_error(p, "not a registry hive");
	write_file(p, "regf", 4);
	expect_open_error(p, "truncated");
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_hostile_truncated(void **state)
{
	char *dir = scratch_dir(), *from = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *p = xasprintf("%s/SYSTEM.hiv", dir);
	size_t n, cut;
	unsigned char *data = read_all(from, &n);

	(void)state;
	for (cut = 4096; cut < n; cut += 1000) {
		write_file(p, data, cut);
		expect_open_error(p, "truncated");
	}
	rm_rf(dir);
	free(dir);
	free(from);
	free(p);
	free(data);
}

static void test_hostile_bad_checksum(void **state)
{
	char *dir = scratch_dir(), *from = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *p = xasprintf("%s/SYSTEM.hiv", dir);
	size_t n;
	unsigned char *data = read_all(from, &n);

	(void)state;
	data[100] ^= 0x5A;
	write_file(p, data, n);
	expect_open_error(p, "checksum");
	expect_open_error(p, "offset 508");
	rm_rf(dir);
	free(dir);
	free(from);
	free(p);
	free(data);
}

/* A valid base block followed by noise: libregf must fail cleanly or the
 * lookups must; nothing may crash or read past the buffer. */
static void test_hostile_garbage_after_header(void **state)
{
	char *dir = scratch_dir(), *from = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *p = xasprintf("%s/SYSTEM.hiv", dir);
	size_t n, i;
	unsigned char *data = read_all(from, &n);
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 20; seed++) {
		struct audit a;
		const struct result *r;

		srand(seed);
		for (i = 4096; i < n; i++)
			data[i] = (unsigned char)rand();
		if (seed % 2 == 0)
			memcpy(data + 4096, "hbin", 4); /* a plausible bin, nonsense cells */
		write_file(p, data, n);
		audit_one(&a, dir);
		r = only_result(&a, "httpsys.max_field_length");
		assert_int_equal(r->status, ST_ERROR);
		assert_non_null(strstr(r->message, p));
		assert_int_equal(a.exit_code, 3);
		audit_free(&a);
	}
	rm_rf(dir);
	free(dir);
	free(from);
	free(p);
	free(data);
}

/* Flip bytes inside the cells: whatever libregf makes of it, the audit
 * completes and every check reports something. */
static void test_hostile_flipped_cells(void **state)
{
	char *dir = scratch_dir(), *from = src_path("samples/broken/registry/SYSTEM.hiv");
	char *p = xasprintf("%s/SYSTEM.hiv", dir);
	size_t n;
	unsigned char *orig = read_all(from, &n), *data = xmalloc(n);
	unsigned seed;

	(void)state;
	for (seed = 1; seed <= 200; seed++) {
		struct audit a;
		int k;

		memcpy(data, orig, n);
		srand(seed);
		for (k = 0; k < 8; k++)
			data[4096 + (size_t)rand() % (n - 4096)] ^= (unsigned char)(1 + rand() % 255);
		write_file(p, data, n);
		audit_one(&a, dir);
		assert_true(a.results.n >= check_count);
		audit_free(&a);
	}
	rm_rf(dir);
	free(dir);
	free(from);
	free(p);
	free(orig);
	free(data);
}

/* Which hive a file is comes from the keys under its root, at the reader:
 * each role from a real hive, and a hive of none of them. */
static void test_classify_by_root_keys(void **state)
{
	static const struct {
		const char *rel;
		enum hive_role role;
	} cases[] = {
		{"samples/healthy/registry/SYSTEM.hiv", HIVE_ROLE_SYSTEM},
		{"samples/healthy/registry/SOFTWARE.hiv", HIVE_ROLE_SOFTWARE},
		{"tests/fixtures/hives/software-legacy-nostores.hiv", HIVE_ROLE_SOFTWARE},
		{"tests/fixtures/hives/security.hiv", HIVE_ROLE_SECURITY},
		{"tests/fixtures/hives/other.hiv", HIVE_ROLE_USER},
		{"tests/fixtures/hives/usrclass.hiv", HIVE_ROLE_USER_CLASSES},
		{"tests/fixtures/hives/user-software.hiv", HIVE_ROLE_USER_SOFTWARE},
		{"samples/user-hive/users/pkiadmin/NTUSER.DAT", HIVE_ROLE_USER},
		{"tests/fixtures/hives/sam.hiv", HIVE_ROLE_SAM},
		{"tests/fixtures/hives/bcd.hiv", HIVE_ROLE_BCD},
		{"tests/fixtures/hives/components.hiv", HIVE_ROLE_COMPONENTS},
		{"tests/fixtures/hives/amcache.hiv", HIVE_ROLE_AMCACHE},
		/* Classes at the root but no product name: still the machine's */
		{"tests/fixtures/hives/software-connectors.hiv", HIVE_ROLE_SOFTWARE},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hive *h = open_ok(cases[i].rel);
		enum hive_role role = (enum hive_role)-1;
		struct nerr e;

		nerr_clear(&e);
		assert_int_equal(hive_classify(h, &role, &e), 0);
		if (role != cases[i].role)
			fail_msg("%s: role %d, expected %d", cases[i].rel, (int)role, (int)cases[i].role);
		hive_close(h);
	}
}

/* Issue 13.4: a user's HKCU\\Software saved into a file named SOFTWARE
 * beside the machine hives is a user hive, listed as context; the
 * machine checks read the machine's hive only, and nothing conflicts. */
static void test_user_hive_named_software(void **state)
{
	char *dir = scratch_dir(), *sub = xasprintf("%s/user", dir);
	char *sys, *sw, *usr;
	struct audit a;
	const struct artifact *art;
	size_t i;

	(void)state;
	make_dirs(sub);
	sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM");
	sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SOFTWARE");
	usr = copy_fixture("tests/fixtures/hives/user-software.hiv", sub, "SOFTWARE");
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++) {
		art = &a.bundle.arts[i];
		if (strcmp(art->path + strlen(art->path) - 13, "user/SOFTWARE") == 0) {
			assert_int_equal(art->kind, ART_HIVE_USER);
			assert_int_equal(art->status, ART_OK);
			assert_non_null(strstr(art->note, "named SOFTWARE, but holds a per-user Software hive"));
		} else if (art->kind == ART_HIVE_SOFTWARE || art->kind == ART_HIVE_SYSTEM) {
			assert_int_equal(art->status, ART_OK);
			assert_null(art->note);
		}
	}
	/* the machine SOFTWARE hive answers (NDES configured), no error */
	assert_int_equal(only_result(&a, "ndes.role.configured")->status, ST_PASS);
	for (i = 0; i < a.results.n; i++)
		if (a.results.v[i]->status == ST_ERROR)
			fail_msg("%s is error: %s", a.results.v[i]->check->id, a.results.v[i]->message);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(sys);
	free(sw);
	free(usr);
}

/* A real dirty SYSTEM hive with its real transaction logs: the hive is
 * read and says it is dirty, the logs are recognised as logs. */
static void test_realworld_dirty_hive_with_logs(void **state)
{
	char *dir = scratch_dir(), *p = realworld_unxz("hives/regipy_SYSTEM_B.xz", dir, "SYSTEM");
	char *l1 = realworld_unxz("hives/regipy_SYSTEM_B.LOG1.xz", dir, "SYSTEM.LOG1");
	char *l2 = realworld_unxz("hives/regipy_SYSTEM_B.LOG2.xz", dir, "SYSTEM.LOG2");
	struct audit a;
	size_t i, logs = 0, hives = 0;

	(void)state;
	if (p == NULL || l1 == NULL || l2 == NULL) {
		rm_rf(dir);
		free(dir);
		free(p);
		free(l1);
		free(l2);
		skip(); /* ../shared/realworld/hives/regipy_SYSTEM_B* absent (or no xz) */
	}
	audit_one(&a, dir);
	for (i = 0; i < a.bundle.n; i++) {
		const struct artifact *art = &a.bundle.arts[i];

		if (art->kind == ART_HIVE_LOG) {
			logs++;
			assert_int_equal(art->status, ART_IGNORED);
			assert_non_null(strstr(art->note, "transaction log"));
		} else {
			hives++;
			assert_int_equal(art->kind, ART_HIVE_SYSTEM);
			assert_true(art->nwarnings >= 1);
			assert_non_null(strstr(art->warnings[0], "dirty hive"));
		}
	}
	assert_int_equal(logs, 2);
	assert_int_equal(hives, 1);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
	free(l1);
	free(l2);
}

static void test_realworld_win10_system(void **state)
{
	char *dir = scratch_dir(), *p = realworld_unxz("hives/regipy_SYSTEM_WIN_10_1709.xz", dir, "SYSTEM");
	struct audit a;
	const struct artifact *art;
	char buf[32];

	(void)state;
	if (p == NULL) {
		rm_rf(dir);
		free(dir);
		skip();
	}
	audit_one(&a, dir);
	assert_int_equal(a.bundle.n, 1);
	art = &a.bundle.arts[0];
	assert_int_equal(art->status, ART_OK);
	assert_int_equal(art->kind, ART_HIVE_SYSTEM);
	/* Dirty (4317/4316), zero base-block time: the key times decide. */
	assert_int_equal(art->nwarnings, 1);
	assert_non_null(strstr(art->warnings[0], "dirty hive"));
	assert_int_equal(a.facts.src[SRC_SYSTEM].state, SOURCE_OK);
	assert_true(a.facts.control_set >= 1);
	assert_true(a.facts.has_collected_at);
	time_format_iso(a.facts.collected_at, buf, sizeof(buf));
	assert_memory_equal(buf, "2020-", 5);
	/* Real HTTP.sys parameters: whatever they hold, the checks decide. */
	assert_int_not_equal(only_result(&a, "httpsys.max_field_length")->status, ST_ERROR);
	assert_int_not_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_ERROR);
	/* A Windows 10 workstation's hive (ProductType WinNT) is not a server:
	 * host.server_os fails and names the host (issue 14.3). */
	{
		const struct result *r = only_result(&a, "host.server_os");

		assert_int_equal(r->status, ST_FAIL);
		assert_non_null(strstr(r->message, "DESKTOP-2KGM189"));
		assert_non_null(strstr(r->message, "WinNT"));
	}
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_realworld_corrupted_system(void **state)
{
	char *dir = scratch_dir(), *p = realworld_unxz("hives/regipy_corrupted_system_hive.xz", dir, "SYSTEM");
	struct audit a;
	size_t i;

	(void)state;
	if (p == NULL) {
		rm_rf(dir);
		free(dir);
		skip();
	}
	audit_one(&a, dir);
	assert_int_equal(a.bundle.n, 1);
	/* Either unreadable (error naming the file) or read with a warning. */
	if (a.bundle.arts[0].status == ART_ERROR)
		assert_non_null(strstr(a.bundle.arts[0].error, p));
	else
		assert_true(a.bundle.arts[0].nwarnings > 0);
	for (i = 0; i < a.results.n; i++)
		assert_true(a.results.v[i]->message[0] != '\0');
	assert_true(a.results.n >= check_count);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_realworld_hivex_images(void **state)
{
	static const char *const names[] = {"hives/hivex_minimal", "hives/hivex_special",
					    "hives/hivex_rlenvalue_test_hive"};
	size_t i;
	int seen = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		char *p = realworld_path(names[i]);
		struct audit a;

		if (p == NULL)
			continue;
		seen++;
		audit_one(&a, p);
		assert_int_equal(a.bundle.n, 1);
		assert_int_equal(a.bundle.arts[0].status, ART_OK);
		assert_int_equal(a.bundle.arts[0].kind, ART_HIVE_OTHER);
		/* No SYSTEM hive: every HTTP.sys check is ne, and nothing auditable -> 3. */
		assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_NE);
		audit_free(&a);
		free(p);
	}
	if (seen == 0)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_lookups),
		cmocka_unit_test(test_key_handles_outlive_the_cache),
		cmocka_unit_test(test_many_subkeys_lookup),
		cmocka_unit_test(test_realworld_services_lookup),
		cmocka_unit_test(test_subkeys_sorted),
		cmocka_unit_test(test_newest_key_time),
		cmocka_unit_test(test_newest_key_time_skips_lookalikes),
		cmocka_unit_test(test_time_scan_blocks),
		cmocka_unit_test(test_dirty_hive),
		cmocka_unit_test(test_hostile_empty_and_short),
		cmocka_unit_test(test_hostile_truncated),
		cmocka_unit_test(test_hostile_bad_checksum),
		cmocka_unit_test(test_hostile_garbage_after_header),
		cmocka_unit_test(test_hostile_flipped_cells),
		cmocka_unit_test(test_classify_by_root_keys),
		cmocka_unit_test(test_user_hive_named_software),
		cmocka_unit_test(test_realworld_dirty_hive_with_logs),
		cmocka_unit_test(test_realworld_win10_system),
		cmocka_unit_test(test_realworld_corrupted_system),
		cmocka_unit_test(test_realworld_hivex_images),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
