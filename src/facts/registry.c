/* Registry sources: typed lookups by key path with errors that name the
 * file, the key and the value. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/hive.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"

void strlist_add(struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = xstrdup(s);
}

static int cmp_ci(const void *a, const void *b)
{
	int c = ascii_casecmp(*(char *const *)a, *(char *const *)b);

	return c != 0 ? c : strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp_ci);
}

void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int reg_value(const struct regsrc *r, const char *key, const char *name,
	      struct regval *out, struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = hive_key_get(r->hive, key, &k, e);
	if (rc != 1)
		return rc;
	rc = hive_key_value(k, name, out, e);
	hive_key_free(k);
	return rc;
}

int reg_key_exists(const struct regsrc *r, const char *key, struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc = hive_key_get(r->hive, key, &k, e);

	hive_key_free(k);
	return rc;
}

int reg_subkeys(const struct regsrc *r, const char *key, struct strlist *out, struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc, n = 0, i;

	rc = hive_key_get(r->hive, key, &k, e);
	if (rc != 1)
		return rc;
	if (hive_key_nsubkeys(k, &n, e) != 1)
		goto fail;
	if (n < 0 || n > REG_MAX_SUBKEYS) {
		nerr_set(e, "%s: key '%s' claims %d subkeys (at most %d are read)",
			 r->artifact, key, n, REG_MAX_SUBKEYS);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		struct hive_key *sub = NULL;
		char *name = NULL;

		if (hive_key_subkey(k, i, &sub, e) != 1 || hive_key_name(sub, &name, e) != 1) {
			hive_key_free(sub);
			goto fail;
		}
		strlist_add(out, name);
		free(name);
		hive_key_free(sub);
	}
	hive_key_free(k);
	strlist_sort(out);
	return 1;
fail:
	hive_key_free(k);
	strlist_free(out);
	return -1;
}

static int cmp_skv(const void *a, const void *b)
{
	const struct reg_subkey_value *x = a, *y = b;
	int c = ascii_casecmp(x->subkey, y->subkey);

	return c != 0 ? c : strcmp(x->subkey, y->subkey);
}

int reg_subkey_values(const struct regsrc *r, const char *key, const char *name,
		      struct reg_subkey_value **out, size_t *nout, struct nerr *e)
{
	struct reg_subkey_value *v = NULL;
	struct hive_key *k = NULL;
	int rc, n = 0, i;

	*out = NULL;
	*nout = 0;
	rc = hive_key_get(r->hive, key, &k, e);
	if (rc != 1)
		return rc;
	if (hive_key_nsubkeys(k, &n, e) != 1)
		goto fail;
	if (n < 0 || n > REG_MAX_SUBKEYS) {
		nerr_set(e, "%s: key '%s' claims %d subkeys (at most %d are read)",
			 r->artifact, key, n, REG_MAX_SUBKEYS);
		goto fail;
	}
	v = xcalloc((size_t)n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		struct hive_key *sub = NULL;
		struct nerr ve;

		if (hive_key_subkey(k, i, &sub, e) != 1 || hive_key_name(sub, &v[i].subkey, e) != 1) {
			hive_key_free(sub);
			*nout = (size_t)i;
			reg_subkey_values_free(v, *nout + (v[i].subkey != NULL));
			v = NULL;
			goto fail;
		}
		nerr_clear(&ve);
		v[i].rc = hive_key_value(sub, name, &v[i].v, &ve);
		if (v[i].rc == -1)
			v[i].error = xstrdup(ve.msg);
		hive_key_free(sub);
	}
	hive_key_free(k);
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_skv);
	*out = v;
	*nout = (size_t)n;
	return 1;
fail:
	hive_key_free(k);
	*nout = 0;
	return -1;
}

void reg_subkey_values_free(struct reg_subkey_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].subkey);
		if (v[i].rc == 1)
			regval_free(&v[i].v);
		free(v[i].error);
	}
	free(v);
}

int reg_dword(const struct regsrc *r, const char *key, const char *name,
	      uint32_t *out, struct nerr *e)
{
	struct regval v;
	int rc = reg_value(r, key, name, &v, e);

	if (rc != 1)
		return rc;
	if (regval_dword(&v, out, e) != 0) {
		nerr_prefix(e, "%s: key '%s': value '%s'", r->artifact, key, name);
		rc = -1;
	}
	regval_free(&v);
	return rc;
}

int reg_string(const struct regsrc *r, const char *key, const char *name,
	       char **out, struct nerr *e)
{
	struct regval v;
	int rc = reg_value(r, key, name, &v, e);

	*out = NULL;
	if (rc != 1)
		return rc;
	if (regval_string(&v, out, e) != 0) {
		nerr_prefix(e, "%s: key '%s': value '%s'", r->artifact, key, name);
		rc = -1;
	}
	regval_free(&v);
	return rc;
}
