/* Discovery: content sniffing, hashing, walking hostile folders, the
 * classification of hives by their keys, and reading each file once, on
 * the descriptor discovery checked. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/hive.h"
#include "read/iisconfig.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/util.h"
#include "testutil.h"

static const struct artifact *art_named(const struct bundle *b, const char *suffix)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strlen(b->arts[i].path) >= strlen(suffix) &&
		    strcmp(b->arts[i].path + strlen(b->arts[i].path) - strlen(suffix), suffix) == 0)
			return &b->arts[i];
	fail_msg("no artifact ending in %s", suffix);
	return NULL;
}

static void test_sniff(void **state)
{
	unsigned char head[64] = "regf";
	const char *note = NULL;

	(void)state;
	assert_int_equal(discover_sniff(head, sizeof(head), &note), ART_HIVE);
	head[28] = 1;
	assert_int_equal(discover_sniff(head, sizeof(head), &note), ART_HIVE_LOG);
	assert_non_null(strstr(note, "transaction log"));
	assert_int_equal(discover_sniff((const unsigned char *)"REGF", 4, &note), ART_UNKNOWN);
	assert_int_equal(discover_sniff((const unsigned char *)"", 0, &note), ART_UNKNOWN);
}

/* The reader that claimed a file is the only one whose accessor gives its
 * handle: a caller asking a .reg export for a hive gets NULL, never a
 * pointer of the wrong type. */
/* Open descriptors of this process: reading a bundle must leave none. */
static size_t open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	size_t n = 0;

	assert_non_null(d);
	while (readdir(d) != NULL)
		n++;
	closedir(d);
	return n;
}

static void test_handles_typed_by_reader(void **state)
{
	char *paths[] = {src_path("samples/healthy"), src_path("tests/fixtures/reg/healthy-SYSTEM.regedit5-live.reg"),
			 src_path("tests/fixtures/certs/root.cer")};
	static const enum artifact_kind want[] = {ART_HIVE_SYSTEM, ART_HIVE_SOFTWARE, ART_REG_SYSTEM,
						  ART_IIS_APPHOST, ART_SECPOL_EXPORT, ART_CERT_X509,
						  ART_LOG_IIS, ART_LOG_HTTPERR, ART_LOG_MSI};
	struct bundle b;
	struct nerr e;
	size_t i, k, fds, seen[sizeof(want) / sizeof(want[0])] = {0};

	(void)state;
	fds = open_fds();
	bundle_init(&b);
	assert_int_equal(bundle_discover(&b, paths, 3, &e), 0);
	bundle_read(&b);
	/* only libregf keeps a file open (hives stay open for the run) */
	for (i = 0, k = 0; i < b.n; i++)
		k += artifact_hive(&b.arts[i]) != NULL;
	assert_int_equal(k, 2);
	assert_int_equal(open_fds(), fds + k);
	for (i = 0; i < b.n; i++) {
		const struct artifact *a = &b.arts[i];
		const void *typed[] = {artifact_hive(a), artifact_regexport(a), artifact_iisconf(a),
				       artifact_inf(a), artifact_certfile(a), artifact_w3c(a),
				       artifact_httperr(a), artifact_msi(a), artifact_evtx(a)};
		size_t nonnull = 0;

		for (k = 0; k < sizeof(typed) / sizeof(typed[0]); k++)
			nonnull += typed[k] != NULL;
		if (a->handle == NULL) {
			assert_int_equal(nonnull, 0);
			continue;
		}
		if (nonnull != 1)
			fail_msg("%s (%s): %zu typed accessors answer", a->path, artifact_kind_name(a->kind),
				 nonnull);
		for (k = 0; k < sizeof(want) / sizeof(want[0]); k++)
			seen[k] += a->kind == want[k];
	}
	assert_non_null(artifact_hive(art_named(&b, "/SYSTEM.hiv")));
	assert_null(artifact_regexport(art_named(&b, "/SYSTEM.hiv")));
	assert_non_null(artifact_regexport(art_named(&b, ".regedit5-live.reg")));
	assert_null(artifact_hive(art_named(&b, ".regedit5-live.reg")));
	assert_non_null(artifact_certfile(art_named(&b, "/root.cer")));
	assert_non_null(artifact_iisconf(art_named(&b, "/applicationHost.config")));
	assert_non_null(artifact_inf(art_named(&b, "/secpol.inf")));
	assert_non_null(artifact_w3c(art_named(&b, "/u_ex260528.log")));
	assert_non_null(artifact_httperr(art_named(&b, "/httperr1.log")));
	assert_non_null(artifact_msi(art_named(&b, "/SetupMsi.log")));
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		if (seen[k] == 0)
			fail_msg("no readable %s artifact", artifact_kind_name(want[k]));
	bundle_free(&b);
	assert_int_equal(open_fds(), fds);
	for (i = 0; i < 3; i++)
		free(paths[i]);
}

/* Each sniffer beside its reader, in the table's order: HTTPERR before the
 * IIS log (both are W3C logs), a hive whatever else its head holds. */
static void test_sniffers_in_table_order(void **state)
{
	static const char httperr[] = "#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n"
				      "#Fields: date time c-ip\r\n";
	static const char iislog[] = "\xEF\xBB\xBF#Version: 1.0\r\n#Fields: date time cs-uri-stem\r\n";
	static const char msi16[] = "\xFF\xFE=\0=\0=\0 \0L\0o\0g\0g\0i\0n\0g\0 \0s\0t\0a\0r\0t\0"
				    "e\0d\0";
	unsigned char hive[64] = "regf";
	const char *note;

	(void)state;
	assert_int_equal(discover_sniff((const unsigned char *)httperr, strlen(httperr), &note),
			 ART_LOG_HTTPERR);
	assert_int_equal(discover_sniff((const unsigned char *)iislog, strlen(iislog), &note), ART_LOG_IIS);
	assert_int_equal(discover_sniff((const unsigned char *)msi16, sizeof(msi16) - 1, &note),
			 ART_LOG_MSI);
	memcpy(hive + 32, "<configuration>", 15);
	assert_int_equal(discover_sniff(hive, sizeof(hive), &note), ART_HIVE);
	assert_int_equal(discover_sniff((const unsigned char *)"ElfFile\0", 8, &note), ART_EVTX);
	assert_int_equal(discover_sniff((const unsigned char *)"REGEDIT4\r\n", 10, &note), ART_REG);
	assert_int_equal(discover_sniff((const unsigned char *)"plain text\n", 11, &note), ART_UNKNOWN);
	assert_string_equal(note, "no reader recognises this content");
}

static void test_sha256_and_ignored(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/abc.txt", dir);
	struct audit a;
	const struct artifact *art;

	(void)state;
	write_file(p, "abc", 3);
	audit_one(&a, dir);
	art = art_named(&a.bundle, "/abc.txt");
	assert_string_equal(art->sha256,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(art->status, ART_IGNORED);
	assert_int_equal(art->kind, ART_UNKNOWN);
	assert_int_equal(art->size, 3);
	/* Nothing auditable: every check ne, exit 3. */
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_NE);
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(p);
}

static void test_content_not_name_decides(void **state)
{
	char *dir = scratch_dir();
	char *sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "notes.txt");
	char *sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SYSTEM");
	char *sec = copy_fixture("tests/fixtures/hives/security.hiv", dir, "x.bin");
	char *oth = copy_fixture("tests/fixtures/hives/other.hiv", dir, "SOFTWARE.hiv");
	char *fake = xasprintf("%s/SECURITY.hiv", dir);
	struct audit a;

	(void)state;
	write_file(fake, "this is not a hive", 18);
	audit_one(&a, dir);
	assert_int_equal(art_named(&a.bundle, "/notes.txt")->kind, ART_HIVE_SYSTEM);
	assert_int_equal(art_named(&a.bundle, "/SYSTEM")->kind, ART_HIVE_SOFTWARE);
	assert_int_equal(art_named(&a.bundle, "/x.bin")->kind, ART_HIVE_SECURITY);
	assert_int_equal(art_named(&a.bundle, "/SOFTWARE.hiv")->kind, ART_HIVE_USER);
	assert_non_null(strstr(art_named(&a.bundle, "/SOFTWARE.hiv")->note,
			       "named SOFTWARE, but holds a per-user profile hive"));
	assert_int_equal(art_named(&a.bundle, "/SECURITY.hiv")->status, ART_IGNORED);
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sys);
	free(sw);
	free(sec);
	free(oth);
	free(fake);
}

static void test_duplicate_system_hives(void **state)
{
	char *dir = scratch_dir(), *sub = xasprintf("%s/RegBack", dir);
	char *one, *two;
	struct audit a;
	const struct result *r;

	(void)state;
	assert_int_equal(mkdir(sub, 0700), 0);
	one = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	two = copy_fixture("samples/broken/registry/SYSTEM.hiv", sub, "SYSTEM");
	audit_one(&a, dir);
	assert_int_equal(art_named(&a.bundle, "/SYSTEM.hiv")->status, ART_ERROR);
	assert_int_equal(art_named(&a.bundle, "/RegBack/SYSTEM")->status, ART_ERROR);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, one));
	assert_non_null(strstr(r->message, two));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(one);
	free(two);
}

static void test_links_fifos_not_followed(void **state)
{
	char *dir = scratch_dir(), *lnk = xasprintf("%s/passwd", dir);
	char *fifo = xasprintf("%s/pipe", dir), *dlnk = xasprintf("%s/loop", dir);
	struct audit a;
	const struct artifact *art;

	(void)state;
	assert_int_equal(symlink("/etc/passwd", lnk), 0);
	assert_int_equal(symlink(".", dlnk), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	audit_one(&a, dir);
	assert_int_equal(a.bundle.n, 3);
	art = art_named(&a.bundle, "/passwd");
	assert_int_equal(art->status, ART_IGNORED);
	assert_string_equal(art->sha256, "");
	assert_non_null(strstr(art->note, "not followed"));
	assert_non_null(strstr(art_named(&a.bundle, "/loop")->note, "not followed"));
	assert_non_null(strstr(art_named(&a.bundle, "/pipe")->note, "not a regular file"));
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(lnk);
	free(fifo);
	free(dlnk);
}

static void test_ten_thousand_unrelated_files(void **state)
{
	char *dir = scratch_dir();
	struct audit a;
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		char *p = xasprintf("%s/f%05zu.dat", dir, i);

		write_file(p, &i, sizeof(i));
		free(p);
	}
	audit_one(&a, dir);
	assert_int_equal(a.bundle.n, 10000);
	for (i = 1; i < a.bundle.n; i++)
		assert_true(strcmp(a.bundle.arts[i - 1].path, a.bundle.arts[i].path) < 0);
	for (i = 0; i < a.bundle.n; i++) {
		assert_int_equal(a.bundle.arts[i].status, ART_IGNORED);
		assert_int_equal(strlen(a.bundle.arts[i].sha256), 64);
	}
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
}

static void test_missing_path_is_usage_error(void **state)
{
	struct bundle b;
	struct nerr e;
	char *paths[] = {(char *)"/nonexistent/ndes-audit-bundle"};

	(void)state;
	bundle_init(&b);
	assert_int_equal(bundle_discover(&b, paths, 1, &e), -1);
	assert_non_null(strstr(e.msg, "/nonexistent/ndes-audit-bundle"));
	bundle_free(&b);
}

/* One file, however the command line spells it, is read once: the same
 * device and inode is one artifact (issue 13.2). Before, every spelling
 * was a second SYSTEM hive, and every check that needs it an error. */
static void audit_spellings(const char *what, const char *one, const char *two, size_t want_n)
{
	const char *paths[] = {one, two};
	struct audit a;
	size_t i;

	audit_run(&a, paths, 2, NULL);
	if (a.bundle.n != want_n)
		fail_msg("%s: %zu artifacts, not %zu", what, a.bundle.n, want_n);
	for (i = 0; i < a.bundle.n; i++)
		if (a.bundle.arts[i].status == ART_ERROR)
			fail_msg("%s: %s: %s", what, a.bundle.arts[i].path, a.bundle.arts[i].error);
	/* the spelling named first is the one kept */
	if (strncmp(a.bundle.arts[0].path, one, strlen(one)) != 0)
		fail_msg("%s: kept %s, not a path under %s", what, a.bundle.arts[0].path, one);
	assert_int_not_equal(only_result(&a, "httpsys.max_field_length")->status, ST_ERROR);
	audit_free(&a);
}

static void test_one_file_many_spellings(void **state)
{
	char *top = scratch_dir(), *dir = xasprintf("%s/B", top), *lnk = xasprintf("%s/L", top);
	char *sub = xasprintf("%s/sub", dir), *sublnk = xasprintf("%s/sub/link", dir);
	char cwd[4096];

	(void)state;
	make_dirs(sub);
	free(copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv"));
	assert_int_equal(symlink("../SYSTEM.hiv", sublnk), 0);
	assert_int_equal(symlink("B", lnk), 0);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(top), 0);
	audit_spellings("B ./B", "B", "./B", 2);
	audit_spellings("B B/.", "B", "B/.", 2);
	audit_spellings("relative and absolute", "B", dir, 2);
	audit_spellings("B and B//SYSTEM.hiv", "B", "B//SYSTEM.hiv", 2);
	audit_spellings("B and a link to it", "B", "L", 2);
	audit_spellings("a link to B and B", "L/", dir, 2);
	assert_int_equal(chdir(cwd), 0);
	rm_rf(top);
	free(top);
	free(dir);
	free(lnk);
	free(sub);
	free(sublnk);
}

static void test_same_file_twice_counts_once(void **state)
{
	char *bundle = src_path("samples/healthy"), *file = src_path("samples/healthy/registry/SYSTEM.hiv");
	const char *paths[] = {bundle, file};
	struct audit a, once;

	(void)state;
	audit_one(&once, bundle);
	audit_run(&a, paths, 2, NULL);
	assert_int_equal(a.bundle.n, once.bundle.n);
	assert_int_equal(a.exit_code, once.exit_code);
	audit_free(&once);
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
	free(bundle);
	free(file);
}

/* artifact_name: the path below the folder named on the command line
 * (with or without a trailing slash), or the file's own name. */
static void test_artifact_name(void **state)
{
	char *dir = scratch_dir(), *sub = xasprintf("%s/sub", dir);
	char *file = xasprintf("%s/x.txt", sub), *slash = xasprintf("%s/", dir);
	const char *as_dir[] = {dir}, *as_slash[] = {slash}, *as_file[] = {file}, *as_sub[] = {sub};
	struct audit a;

	(void)state;
	make_dirs(sub);
	write_file(file, "x", 1);
	audit_run(&a, as_dir, 1, NULL);
	assert_string_equal(artifact_name(art_named(&a.bundle, "/x.txt")), "sub/x.txt");
	audit_free(&a);
	audit_run(&a, as_slash, 1, NULL);
	assert_string_equal(artifact_name(art_named(&a.bundle, "/x.txt")), "sub/x.txt");
	audit_free(&a);
	audit_run(&a, as_sub, 1, NULL);
	assert_string_equal(artifact_name(art_named(&a.bundle, "/x.txt")), "x.txt");
	audit_free(&a);
	audit_run(&a, as_file, 1, NULL);
	assert_string_equal(artifact_name(art_named(&a.bundle, "/x.txt")), "x.txt");
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(file);
	free(slash);
}

/* Hashing runs while the readers work: every file gets its digest, and a
 * file that vanishes between discovery and reading is an error naming it
 * (the rest of the bundle is still read). */
static void test_hash_after_discovery(void **state)
{
	char *dir = scratch_dir(), *gone = xasprintf("%s/gone.txt", dir);
	char *keep = xasprintf("%s/keep.txt", dir);
	char *sys = xasprintf("%s/SYSTEM.hiv", dir), *src = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *paths[] = {dir};
	struct bundle b;
	struct nerr e;
	size_t i;

	(void)state;
	write_file(gone, "abc", 3);
	write_file(keep, "abc", 3);
	copy_file(src, sys);
	bundle_init(&b);
	assert_int_equal(bundle_discover(&b, paths, 1, &e), 0);
	assert_int_equal(b.n, 3);
	for (i = 0; i < b.n; i++) /* not yet: discovery reads only the head */
		assert_string_equal(b.arts[i].sha256, "");
	assert_int_equal(unlink(gone), 0);
	bundle_read(&b);
	assert_int_equal(art_named(&b, "/gone.txt")->status, ART_ERROR);
	assert_non_null(strstr(art_named(&b, "/gone.txt")->error, "gone.txt: cannot open"));
	assert_string_equal(art_named(&b, "/gone.txt")->sha256, "");
	assert_string_equal(art_named(&b, "/keep.txt")->sha256,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(art_named(&b, "/SYSTEM.hiv")->status, ART_OK);
	assert_int_equal(art_named(&b, "/SYSTEM.hiv")->kind, ART_HIVE_SYSTEM);
	assert_int_equal(strlen(art_named(&b, "/SYSTEM.hiv")->sha256), 64);
	bundle_free(&b);
	rm_rf(dir);
	free(dir);
	free(gone);
	free(keep);
	free(sys);
	free(src);
}

/* Issue 12.10: a folder of the bundle swapped for a symbolic link to
 * another folder between discovery and reading. The file at the path is
 * then another file (here another hive): it must be refused, never read
 * in place of the one discovered, and not hashed either. */
static void test_folder_swapped_after_discovery(void **state)
{
	char *dir = scratch_dir(), *other = scratch_dir();
	char *reg = xasprintf("%s/registry", dir), *old = xasprintf("%s/registry.old", dir);
	char *sys = xasprintf("%s/registry/SYSTEM.hiv", dir), *fake = xasprintf("%s/SYSTEM.hiv", other);
	char *src = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *soft = src_path("samples/healthy/registry/SOFTWARE.hiv");
	char *paths[] = {dir};
	const struct artifact *a;
	struct bundle b;
	struct nerr e;

	(void)state;
	assert_int_equal(mkdir(reg, 0755), 0);
	copy_file(src, sys);
	copy_file(soft, fake);
	bundle_init(&b);
	assert_int_equal(bundle_discover(&b, paths, 1, &e), 0);
	assert_int_equal(rename(reg, old), 0);
	assert_int_equal(symlink(other, reg), 0);
	bundle_read(&b);
	a = art_named(&b, "/registry/SYSTEM.hiv");
	assert_int_equal(a->status, ART_ERROR);
	assert_int_equal(a->kind, ART_HIVE); /* never classified from the other file */
	assert_null(artifact_hive(a));
	assert_non_null(strstr(a->error, "replaced since the bundle was walked"));
	assert_string_equal(a->sha256, "");
	bundle_free(&b);
	rm_rf(dir);
	rm_rf(other);
	free(dir);
	free(other);
	free(reg);
	free(old);
	free(sys);
	free(fake);
	free(src);
	free(soft);
}

/* The readers read the file open on the descriptor they are given, even
 * when its path names another file by then (a symbolic link swapped in);
 * libregf and the event log helper, which open by name, included. */
static void test_readers_read_the_open_file(void **state)
{
	char *dir = scratch_dir(), *p = xasprintf("%s/x", dir);
	char *sys = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *soft = src_path("samples/healthy/registry/SOFTWARE.hiv");
	char *app = src_path("samples/healthy/eventlogs/Application.evtx");
	char *sysev = src_path("samples/healthy/eventlogs/System.evtx");
	char *iis = src_path("samples/healthy/inetsrv/config/applicationHost.config");
	char *soft_in = xasprintf("%s/soft", dir), *sys_in = xasprintf("%s/sysev", dir);
	struct evtx_summary ev;
	struct iisconf *c = NULL;
	struct hive *h = NULL;
	enum hive_role role;
	struct nerr e;
	int fd;

	(void)state;
	copy_file(soft, soft_in);
	copy_file(sysev, sys_in);
	/* hive: opened on SYSTEM, then the path becomes a link to SOFTWARE */
	copy_file(sys, p);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink(soft_in, p), 0);
	nerr_clear(&e);
	assert_int_equal(hive_open_fd(fd, p, &h, &e), 1);
	assert_int_equal(hive_classify(h, &role, &e), 0);
	assert_int_equal(role, HIVE_ROLE_SYSTEM);
	assert_string_equal(hive_path(h), p);
	hive_close(h);
	close(fd);
	/* by path, the link is not followed */
	assert_int_equal(hive_open(p, &h, &e), -1);
	assert_non_null(strstr(e.msg, "cannot open"));
	/* the event log helper: Application, then the path names System */
	assert_int_equal(unlink(p), 0);
	copy_file(app, p);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink(sys_in, p), 0);
	nerr_clear(&e);
	if (evtx_read_fd(fd, p, &ev, &e) != 0)
		fail_msg("%s", e.msg);
	assert_string_equal(ev.channel, "Application");
	assert_true(ev.records > 0);
	close(fd);
	assert_int_equal(evtx_read(p, &ev, &e), -1);
	assert_non_null(strstr(e.msg, "cannot open"));
	/* IIS configuration: the file open is read, the link is not */
	assert_int_equal(unlink(p), 0);
	copy_file(iis, p);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink(soft_in, p), 0);
	nerr_clear(&e);
	assert_int_equal(iisconf_read_fd(fd, p, "configuration", &c, &e), 1);
	assert_int_equal(c->kind, IISCONF_APPHOST);
	iisconf_free(c);
	close(fd);
	assert_int_equal(iisconf_read(p, "configuration", &c, &e), -1);
	rm_rf(dir);
	free(dir);
	free(p);
	free(sys);
	free(soft);
	free(app);
	free(sysev);
	free(iis);
	free(soft_in);
	free(sys_in);
}

/* The man page: a path given on the command line is used even when it is
 * a link (only links inside a bundle folder are not followed). Discovery
 * opened such a file with O_NOFOLLOW and called it unreadable. */
static void test_named_link_followed(void **state)
{
	char *dir = scratch_dir(), *link = xasprintf("%s/SYSTEM.hiv", dir);
	char *rel = src_path("samples/broken/registry/SYSTEM.hiv"), *src = realpath(rel, NULL);
	char *paths[] = {link};
	const struct artifact *a;
	struct bundle b;
	struct nerr e;

	(void)state;
	assert_non_null(src);
	assert_int_equal(symlink(src, link), 0);
	bundle_init(&b);
	assert_int_equal(bundle_discover(&b, paths, 1, &e), 0);
	bundle_read(&b);
	assert_int_equal(b.n, 1);
	a = &b.arts[0];
	if (a->status != ART_OK)
		fail_msg("%s", a->error != NULL ? a->error : "not read");
	assert_int_equal(a->kind, ART_HIVE_SYSTEM);
	assert_int_equal(strlen(a->sha256), 64);
	bundle_free(&b);
	rm_rf(dir);
	free(dir);
	free(link);
	free(rel);
	free(src);
}

static void test_transaction_log_ignored(void **state)
{
	char *dir = scratch_dir(), *from = src_path("samples/healthy/registry/SYSTEM.hiv");
	char *p = xasprintf("%s/SYSTEM.LOG1", dir);
	size_t n;
	unsigned char *data = read_all(from, &n);
	struct audit a;

	(void)state;
	data[28] = 1;
	write_file(p, data, n);
	audit_one(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_HIVE_LOG);
	assert_int_equal(a.bundle.arts[0].status, ART_IGNORED);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(p);
	free(data);
}

static char *put_copy(const char *dir, const char *rel_dir, const char *name, const char *from)
{
	char *d = xasprintf("%s/%s", dir, rel_dir), *p;

	make_dirs(d);
	p = copy_fixture(from, d, name);
	free(d);
	return p;
}

static void free_all(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

/* Issue 13.3: a copy of C:\inetpub beside the live configuration. The
 * history copy is samples/iis-defaults' weaker file: read as live, it
 * would fail iis.request_limits.max_url. */
static void test_inetpub_copy_is_context(void **state)
{
	static const char good[] = "samples/healthy/inetsrv/config/applicationHost.config";
	static const char weak[] = "samples/iis-defaults/inetsrv/config/applicationHost.config";
	char *dir = scratch_dir(), *made[8];
	static const char php[] = "<?php\n$config = ['title' => 'Shop'];\necho $config['title'];\n";
	static const char html[] = "<!DOCTYPE html>\n<html><head><title>IIS</title></head></html>\n";
	struct audit a;
	const struct artifact *live;
	size_t n = 0, i;

	(void)state;
	made[n++] = put_copy(dir, "Windows/System32/inetsrv/config", "applicationHost.config", good);
	made[n++] = put_copy(dir, "Windows/System32/inetsrv/config", "applicationHost.config.bak", weak);
	made[n++] = put_copy(dir, "Windows/System32/inetsrv/config", "applicationHost.config.original", weak);
	made[n++] = put_copy(dir, "inetpub/history/CFGHISTORY_0000000007", "applicationHost.config", weak);
	made[n++] = put_copy(dir, "inetpub/temp/appPools/SCEP", "SCEP.config", weak);
	made[n++] = put_copy(dir, "registry", "SYSTEM.hiv", "samples/healthy/registry/SYSTEM.hiv");
	made[n++] = xasprintf("%s/inetpub/index.php", dir);
	write_file(made[n - 1], php, sizeof(php) - 1);
	made[n++] = xasprintf("%s/inetpub/iisstart.htm", dir);
	write_file(made[n - 1], html, sizeof(html) - 1);
	audit_one(&a, dir);
	live = art_named(&a.bundle, "inetsrv/config/applicationHost.config");
	assert_int_equal(live->status, ART_OK);
	assert_non_null(strstr(live->note, "by its location"));
	assert_non_null(strstr(live->note, "4 other IIS configuration files"));
	assert_non_null(strstr(art_named(&a.bundle, "/CFGHISTORY_0000000007/applicationHost.config")->note,
			       "context: IIS configuration history"));
	assert_non_null(strstr(art_named(&a.bundle, "/SCEP/SCEP.config")->note,
			       "context: application pool configuration"));
	assert_non_null(strstr(art_named(&a.bundle, "/applicationHost.config.bak")->note,
			       "context: backup"));
	assert_int_equal(art_named(&a.bundle, "/applicationHost.config.original")->status, ART_IGNORED);
	/* web pages are never IIS configuration, readable or not */
	assert_int_equal(art_named(&a.bundle, "/index.php")->kind, ART_UNKNOWN);
	assert_int_equal(art_named(&a.bundle, "/iisstart.htm")->kind, ART_UNKNOWN);
	for (i = 0; i < a.results.n; i++)
		if (strncmp(a.results.v[i]->check->id, "iis.", 4) == 0 && a.results.v[i]->status == ST_ERROR)
			fail_msg("%s is error: %s", a.results.v[i]->check->id, a.results.v[i]->message);
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free_all(made, n);
}

/* No file at inetsrv\config: the only candidate is live; two that truly
 * compete: the first in path order is read, with a warning naming the
 * other, which is context. */
static void test_apphost_only_candidate_and_tie(void **state)
{
	static const char good[] = "samples/healthy/inetsrv/config/applicationHost.config";
	static const char weak[] = "samples/iis-defaults/inetsrv/config/applicationHost.config";
	char *dir = scratch_dir(), *made[4];
	struct audit a;
	const struct artifact *x;
	size_t n = 0;

	(void)state;
	made[n++] = put_copy(dir, "a", "applicationHost.config", good);
	made[n++] = put_copy(dir, "inetpub/history/CFGHISTORY_0000000001", "applicationHost.config", weak);
	audit_one(&a, dir);
	x = art_named(&a.bundle, "/a/applicationHost.config");
	assert_int_equal(x->status, ART_OK);
	assert_non_null(strstr(x->note, "the only candidate"));
	assert_int_equal(x->nwarnings, 0);
	audit_free(&a);
	made[n++] = put_copy(dir, "b", "applicationHost.config", weak);
	audit_one(&a, dir);
	x = art_named(&a.bundle, "/a/applicationHost.config");
	assert_int_equal(x->status, ART_OK);
	assert_int_equal(x->nwarnings, 1);
	assert_non_null(strstr(x->warnings[0], "2 files compete"));
	assert_non_null(strstr(x->warnings[0], "/b/applicationHost.config"));
	x = art_named(&a.bundle, "/b/applicationHost.config");
	assert_int_equal(x->status, ART_IGNORED);
	assert_non_null(strstr(x->note, "competing"));
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free_all(made, n);
}

/* Issue 13.6: a file that cannot be opened (permission denied, vanished)
 * may be the missing hive: the checks that need one say error and name
 * it, never ne "no SYSTEM hive". As root, permissions do not stop open(),
 * so the artifact is put in the state discovery leaves such a file in. */
static void test_unopenable_file_makes_checks_error(void **state)
{
	char *dir = scratch_dir();
	char *sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	char *sys = copy_fixture("samples/healthy/registry/SYSTEM.hiv", dir, "SYSTEM.hiv");
	char *paths[1] = {dir};
	struct facts_options fo = {TEST_AS_OF, 30, NULL, NULL};
	struct audit a;
	struct artifact *art = NULL;
	const struct result *r;
	struct nerr e;
	size_t i;

	(void)state;
	assert_int_equal(chmod(sys, 0), 0);
	memset(&a, 0, sizeof(a));
	bundle_init(&a.bundle);
	nerr_clear(&e);
	assert_int_equal(bundle_discover(&a.bundle, paths, 1, &e), 0);
	for (i = 0; i < a.bundle.n; i++)
		if (strstr(a.bundle.arts[i].path, "SYSTEM.hiv") != NULL)
			art = &a.bundle.arts[i];
	assert_non_null(art);
	if (art->status != ART_ERROR) { /* root: make it what open() failing leaves */
		nerr_set(&e, "%s: cannot open: Permission denied", art->path);
		art->kind = ART_UNKNOWN;
		art->reader = NULL;
		art->hash_pending = 0;
		artifact_set_error(art, &e);
	}
	assert_int_equal(art->kind, ART_UNKNOWN);
	bundle_read(&a.bundle);
	facts_build(&a.facts, &a.bundle, &fo);
	checks_run(&a.facts, &a.results);
	r = only_result(&a, "httpsys.max_field_length");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "SYSTEM.hiv: cannot open"));
	/* the SOFTWARE hive was read: its checks are unaffected */
	assert_int_equal(only_result(&a, "ndes.role.configured")->status, ST_PASS);
	audit_free(&a);
	chmod(sys, 0600);
	rm_rf(dir);
	free(dir);
	free(sw);
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_handles_typed_by_reader),
		cmocka_unit_test(test_sniffers_in_table_order),
		cmocka_unit_test(test_sha256_and_ignored),
		cmocka_unit_test(test_content_not_name_decides),
		cmocka_unit_test(test_duplicate_system_hives),
		cmocka_unit_test(test_links_fifos_not_followed),
		cmocka_unit_test(test_ten_thousand_unrelated_files),
		cmocka_unit_test(test_missing_path_is_usage_error),
		cmocka_unit_test(test_same_file_twice_counts_once),
		cmocka_unit_test(test_one_file_many_spellings),
		cmocka_unit_test(test_transaction_log_ignored),
		cmocka_unit_test(test_artifact_name),
		cmocka_unit_test(test_hash_after_discovery),
		cmocka_unit_test(test_folder_swapped_after_discovery),
		cmocka_unit_test(test_readers_read_the_open_file),
		cmocka_unit_test(test_named_link_followed),
		cmocka_unit_test(test_inetpub_copy_is_context),
		cmocka_unit_test(test_unopenable_file_makes_checks_error),
		cmocka_unit_test(test_apphost_only_candidate_and_tie),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
