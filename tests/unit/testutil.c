#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "testutil.h"

char *src_path(const char *rel)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/%s", top != NULL ? top : ".", rel);
}

char *realworld_path(const char *rel)
{
	const char *env = getenv("NDES_REALWORLD");
	char *p;
	struct stat st;

	if (env != NULL)
		p = xasprintf("%s/%s", env, rel);
	else {
		char *base = src_path("../shared/realworld");

		p = xasprintf("%s/%s", base, rel);
		free(base);
	}
	if (stat(p, &st) != 0) {
		/* A TAP comment that tests/cmocka-tap.sh adds to the next SKIP line. */
		printf("# skip reason: realworld specimen %s is absent (%s)\n", rel,
		       env != NULL ? "not in $NDES_REALWORLD"
				   : "../shared/realworld is not beside the checkout");
		free(p);
		return NULL;
	}
	return p;
}

char *realworld_unxz(const char *rel, const char *dir, const char *name)
{
	char *src = realworld_path(rel), *out, *cmd;

	if (src == NULL)
		return NULL;
	out = xasprintf("%s/%s", dir, name);
	cmd = xasprintf("xz -dc '%s' > '%s'", src, out);
	if (system(cmd) != 0) {
		free(out);
		out = NULL;
	}
	free(cmd);
	free(src);
	return out;
}

char *scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *p = xasprintf("%s/ndes-audit-test.XXXXXX", tmp != NULL ? tmp : "/tmp");

	assert_non_null(mkdtemp(p));
	return p;
}

void rm_rf(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;

		while (d != NULL && (de = readdir(d)) != NULL) {
			char *sub;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, de->d_name);
			rm_rf(sub);
			free(sub);
		}
		if (d != NULL)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (n > 0)
		assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

void *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, got;

	assert_non_null(f);
	do {
		if (len + 65536 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap + 1);
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	buf[len] = '\0';
	*n = len;
	return buf;
}

void copy_file(const char *from, const char *to)
{
	size_t n;
	void *data = read_all(from, &n);

	write_file(to, data, n);
	free(data);
}

void make_dirs(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s == '/') {
			*s = '\0';
			assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
			*s = '/';
		}
	}
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
	free(p);
}

void write_utf16_text(const char *path, const char *text)
{
	size_t n = strlen(text), i, j = 2;
	unsigned char *b = xmalloc(4 + n * 4);

	b[0] = 0xFF;
	b[1] = 0xFE;
	for (i = 0; i < n; i++) {
		if (text[i] == '\n') {
			b[j++] = '\r';
			b[j++] = 0;
		}
		b[j++] = (unsigned char)text[i];
		b[j++] = 0;
	}
	write_file(path, b, j);
	free(b);
}

char *write_reg(const char *dir, const char *name, const char *text, int utf16)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t n = strlen(text), i, k = 0;
	unsigned char *b;

	if (!utf16) {
		write_file(path, text, n);
		return path;
	}
	b = xmalloc(2 + n * 4 + 4);
	b[k++] = 0xFF;
	b[k++] = 0xFE;
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)text[i];
		uint32_t cp;

		if (c < 0x80) {
			cp = c, i += 1;
		} else if ((c & 0xE0) == 0xC0) {
			cp = ((uint32_t)(c & 0x1F) << 6) | (text[i + 1] & 0x3F), i += 2;
		} else if ((c & 0xF0) == 0xE0) {
			cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(text[i + 1] & 0x3F) << 6) |
			     (text[i + 2] & 0x3F), i += 3;
		} else if ((c & 0xF8) == 0xF0) {
			uint32_t v = (((uint32_t)(c & 0x07) << 18) | ((uint32_t)(text[i + 1] & 0x3F) << 12) |
				      ((uint32_t)(text[i + 2] & 0x3F) << 6) | (text[i + 3] & 0x3F)) - 0x10000;

			i += 4;
			b[k++] = (unsigned char)(0xD800 + (v >> 10));
			b[k++] = (unsigned char)((0xD800 + (v >> 10)) >> 8);
			cp = 0xDC00 + (v & 0x3FF);
		} else {
			cp = '?', i += 1;
		}
		if (cp == '\n') {
			b[k++] = '\r';
			b[k++] = 0;
		}
		b[k++] = (unsigned char)cp;
		b[k++] = (unsigned char)(cp >> 8);
	}
	write_file(path, b, k);
	free(b);
	return path;
}

void audit_reg_texts(struct audit *a, const char *system_text, const char *software_text)
{
	char *dir = scratch_dir();

	if (system_text != NULL)
		free(write_reg(dir, "system.reg", system_text, 1));
	if (software_text != NULL)
		free(write_reg(dir, "software.reg", software_text, 1));
	audit_one(a, dir);
	a->dir = dir;
}

void audit_run(struct audit *a, const char *const *paths, size_t n, const char *fqdn)
{
	struct facts_options fo = {TEST_AS_OF, 30, fqdn, NULL};
	struct nerr e;

	memset(a, 0, sizeof(*a));
	nerr_clear(&e);
	bundle_init(&a->bundle);
	assert_int_equal(bundle_discover(&a->bundle, (char *const *)paths, n, &e), 0);
	bundle_read(&a->bundle);
	facts_build(&a->facts, &a->bundle, &fo);
	checks_run(&a->facts, &a->results);
	a->exit_code = gate_decide(&a->results, &a->bundle, &(struct gate_options){SEV_MEDIUM, 0, 0});
}

struct report_header audit_header(const struct audit *a, const char *tool_version)
{
	/* No deployment line: the report tests' expectations predate it. */
	struct report_header h = {tool_version, TEST_AS_OF, a->facts.fqdn, a->facts.collected_at,
				  a->facts.has_collected_at, NULL, NULL, NULL};

	return h;
}

void audit_one(struct audit *a, const char *path)
{
	const char *paths[1] = {path};

	audit_run(a, paths, 1, NULL);
}

void audit_fixture(struct audit *a, const char *rel)
{
	char *file, *dir = stage_fixture(rel, &file);

	audit_one(a, dir);
	a->dir = dir;
	free(file);
}

char *stage_fixture(const char *rel, char **file)
{
	char *dir = scratch_dir();

	*file = copy_fixture(rel, dir, "SYSTEM.hiv");
	return dir;
}

void audit_src(struct audit *a, const char *rel)
{
	char *p = src_path(rel);

	audit_one(a, p);
	free(p);
}

size_t status_count(const struct audit *a, enum status st)
{
	size_t counts[ST__COUNT];

	result_counts(&a->results, counts);
	return counts[st];
}

size_t finding_count(const struct audit *a)
{
	return status_count(a, ST_FAIL) + status_count(a, ST_WARN) + status_count(a, ST_WAIVED);
}

size_t area_count(const struct audit *a)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->results.n; i++) {
		const char *id = a->results.v[i]->check->id;
		size_t len = strcspn(id, ".");

		for (j = 0; j < i; j++) {
			const char *o = a->results.v[j]->check->id;

			if (strcspn(o, ".") == len && strncmp(o, id, len) == 0)
				break;
		}
		if (j == i)
			n++;
	}
	return n;
}

size_t rule_index_of(const char *id)
{
	const struct check_def *cd = check_find(id);

	if (cd == NULL)
		fail_msg("no check %s in the table", id);
	return (size_t)(cd - check_table);
}

void audit_free(struct audit *a)
{
	result_list_free(&a->results);
	facts_free(&a->facts);
	bundle_free(&a->bundle);
	if (a->dir != NULL) {
		rm_rf(a->dir);
		free(a->dir);
		a->dir = NULL;
	}
}

const struct result *only_result(const struct audit *a, const char *id)
{
	const struct result *found = NULL;
	size_t i, n = 0;

	for (i = 0; i < a->results.n; i++) {
		if (strcmp(a->results.v[i]->check->id, id) == 0) {
			found = a->results.v[i];
			n++;
		}
	}
	if (n != 1)
		fail_msg("expected exactly one result of %s, got %zu", id, n);
	return found;
}

size_t count_results(const struct audit *a, const char *id, enum status st)
{
	size_t i, n = 0;

	for (i = 0; i < a->results.n; i++)
		if (strcmp(a->results.v[i]->check->id, id) == 0 && a->results.v[i]->status == st)
			n++;
	return n;
}

const struct result *find_result(const struct audit *a, const char *id, const char *target)
{
	size_t i;

	for (i = 0; i < a->results.n; i++)
		if (strcmp(a->results.v[i]->check->id, id) == 0 &&
		    strcmp(a->results.v[i]->target, target) == 0)
			return a->results.v[i];
	return NULL;
}

int patch_inline_dword(const char *path, const char *name, uint32_t value)
{
	size_t n, len = strlen(name), i;
	unsigned char *b = read_all(path, &n);
	int count = 0;

	/* vk cell: size(4) "vk" namelen(2) datasize(4) data(4) type(4) flags(2) spare(2) name */
	for (i = 4096; i + 20 + len <= n; i++) {
		uint16_t nl, fl;
		uint32_t ds, ty;

		if (b[i] != 'v' || b[i + 1] != 'k')
			continue;
		nl = (uint16_t)(b[i + 2] | (b[i + 3] << 8));
		ds = (uint32_t)b[i + 4] | ((uint32_t)b[i + 5] << 8) | ((uint32_t)b[i + 6] << 16) |
		     ((uint32_t)b[i + 7] << 24);
		ty = (uint32_t)b[i + 12] | ((uint32_t)b[i + 13] << 8);
		fl = (uint16_t)(b[i + 16] | (b[i + 17] << 8));
		if (nl != len || !(fl & 1) || memcmp(b + i + 20, name, len) != 0)
			continue;
		assert_int_equal(ty, 4);
		assert_true(ds & 0x80000000u);
		b[i + 8] = (unsigned char)value;
		b[i + 9] = (unsigned char)(value >> 8);
		b[i + 10] = (unsigned char)(value >> 16);
		b[i + 11] = (unsigned char)(value >> 24);
		count++;
	}
	write_file(path, b, n);
	free(b);
	return count;
}

char *copy_fixture(const char *rel, const char *dir, const char *name)
{
	char *from = src_path(rel), *to = xasprintf("%s/%s", dir, name);

	copy_file(from, to);
	free(from);
	return to;
}

int stage_realworld_gpo(const char *dir, const char *display_name)
{
	char *src = realworld_path("gpo/nsa-wshb-certificates-registry.pol");
	char *gpodir, *pol, *sw;

	if (src == NULL)
		return -1;
	gpodir = xasprintf("%s/" REALWORLD_GPO_GUID "/DomainSysvol/GPO/Machine", dir);
	pol = xasprintf("%s/registry.pol", gpodir);
	make_dirs(gpodir);
	copy_file(src, pol);
	if (display_name != NULL) {
		char *ini = xasprintf("%s/" REALWORLD_GPO_GUID "/GPT.INI", dir);
		char *text = xasprintf("[General]\nVersion=7\ndisplayName=%s\n", display_name);

		write_file(ini, text, strlen(text));
		free(text);
		free(ini);
	}
	sw = copy_fixture("samples/healthy/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	free(sw);
	free(pol);
	free(gpodir);
	free(src);
	return 0;
}

void audit_sample(struct audit *a, const char *name)
{
	char *rel = xasprintf("samples/%s", name), *p = src_path(rel);

	audit_one(a, p);
	free(p);
	free(rel);
}

int has_evidence(const struct result *r, const char *location_part, const char *value_part)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		if ((location_part == NULL ||
		     (e->location != NULL && strstr(e->location, location_part) != NULL)) &&
		    (value_part == NULL || (e->value != NULL && strstr(e->value, value_part) != NULL)))
			return 1;
	}
	return 0;
}

enum status status_as_deployed(struct audit *a, const char *id, const char *deployment)
{
	const struct check_def *c = check_find(id);
	struct result_list l = {0};
	struct emitter em = {&l, c, 0};
	enum status st;

	assert_non_null(c);
	deployment_decide(&a->facts, deployment);
	c->fn(&a->facts, &em);
	assert_int_equal(l.n, 1);
	st = l.v[0]->status;
	result_list_free(&l);
	return st;
}
