#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ndes-audit/policy.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "certtest.h"

char *cert_bundle(const char *const *pairs)
{
	char *dir = scratch_dir();
	size_t i;

	for (i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2) {
		char *from = src_path(pairs[i]), *to = xasprintf("%s/%s", dir, pairs[i + 1]);
		char *p;

		/* make the destination's folders */
		for (p = strchr(to + strlen(dir) + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
			*p = '\0';
			mkdir(to, 0700);
			*p = '/';
		}
		copy_file(from, to);
		free(from);
		free(to);
	}
	return dir;
}

void cert_audit(struct audit *a, const char *dir, int64_t as_of, const char *fqdn,
		const struct certread_options *co)
{
	struct facts_options fo = {as_of, 30, fqdn, NULL};
	char *paths[1] = {(char *)dir};
	struct nerr e;

	memset(a, 0, sizeof(*a));
	nerr_clear(&e);
	bundle_init(&a->bundle);
	a->bundle.certopts = co;
	assert_int_equal(bundle_discover(&a->bundle, paths, 1, &e), 0);
	bundle_read(&a->bundle);
	facts_build(&a->facts, &a->bundle, &fo);
	checks_run(&a->facts, &a->results);
	a->exit_code = gate_decide(&a->results, &a->bundle, &(struct gate_options){SEV_MEDIUM, 0, 0});
}

const struct result *result_with(const struct audit *a, const char *id, const char *part)
{
	size_t i;

	for (i = 0; i < a->results.n; i++)
		if (strcmp(a->results.v[i]->check->id, id) == 0 &&
		    strstr(a->results.v[i]->target, part) != NULL)
			return a->results.v[i];
	fail_msg("no result of %s with target containing '%s'", id, part);
	return NULL;
}

const char *pki_sha1(const char *name, char out[41])
{
	char *path = src_path("tests/fixtures/certs/manifest.txt");
	FILE *fp = fopen(path, "r");
	char line[512];

	out[0] = '\0';
	assert_non_null(fp);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char n[128], sha[41];

		if (sscanf(line, "%127s %40s", n, sha) == 2 && strcmp(n, name) == 0)
			memcpy(out, sha, 41);
	}
	fclose(fp);
	free(path);
	if (out[0] == '\0')
		fail_msg("no certificate %s in the manifest", name);
	return out;
}

void cert_audit_sample(struct audit *a, const char *name, int64_t as_of)
{
	char *rel = xasprintf("samples/%s", name), *p = src_path(rel);

	cert_audit(a, p, as_of, NULL, NULL);
	free(rel);
	free(p);
}

char *cert_audit_pairs(struct audit *a, const char *const *pairs)
{
	char *dir = cert_bundle(pairs);

	cert_audit(a, dir, AS_OF_2026_06_01, NULL, NULL);
	return dir;
}

void cert_audit_done(struct audit *a, char *dir)
{
	audit_free(a);
	if (dir != NULL) {
		rm_rf(dir);
		free(dir);
	}
}
