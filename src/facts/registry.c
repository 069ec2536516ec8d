/* Registry sources: typed lookups by key path with errors that name the
 * file, the key and the value, over two implementations behind one set of
 * calls: a hive (hive.c) and a merged view of .reg exports (regexport.c). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/hive.h"
#include "read/regexport.h"
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

static int strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_casecmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------ the hive backend */

static int hive_value(const struct regsrc *r, const char *key, const char *name,
		      struct regval *out, struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc = hive_key_get(r->hive, key, &k, e);

	if (rc != 1)
		return rc;
	rc = hive_key_value(k, name, out, e);
	hive_key_free(k);
	return rc;
}

static int hive_exists(const struct regsrc *r, const char *key, struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc = hive_key_get(r->hive, key, &k, e);

	hive_key_free(k);
	return rc;
}

/* Subkey names (values = 0) or value names (values = 1). */
static int hive_names(const struct regsrc *r, const char *key, int values, struct strlist *out,
		      struct nerr *e)
{
	struct hive_key *k = NULL;
	int rc, n = 0, i;

	rc = hive_key_get(r->hive, key, &k, e);
	if (rc != 1)
		return rc;
	if ((values ? hive_key_nvalues(k, &n, e) : hive_key_nsubkeys(k, &n, e)) != 1)
		goto fail;
	if (n < 0 || n > REG_MAX_SUBKEYS) {
		nerr_set(e, "%s: key '%s' claims %d %s (at most %d are read)", r->artifact, key, n,
			 values ? "values" : "subkeys", REG_MAX_SUBKEYS);
		goto fail;
	}
	for (i = 0; i < n; i++) {
		struct hive_key *sub = NULL;
		char *name = NULL;

		if (values) {
			if (hive_key_value_name(k, i, &name, e) != 1)
				goto fail;
		} else if (hive_key_subkey(k, i, &sub, e) != 1 || hive_key_name(sub, &name, e) != 1) {
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

/* ------------------------------------------------- the .reg export backend */

struct regview {
	int which;
	const struct regexport **x;
	size_t n;
	char cs[24]; /* the current control set, "" when not known */
};

static const char *hive_name(int which)
{
	switch (which) {
	case REGX_SYSTEM: return "SYSTEM";
	case REGX_SOFTWARE: return "SOFTWARE";
	case REGX_SECURITY: return "SECURITY";
	default: return "other";
	}
}

struct regview *regview_new(int which)
{
	struct regview *v = xcalloc(1, sizeof(*v));

	v->which = which;
	return v;
}

void regview_add(struct regview *v, const struct regexport *x)
{
	v->x = xreallocarray(v->x, v->n + 1, sizeof(*v->x));
	v->x[v->n++] = x;
}

size_t regview_count(const struct regview *v)
{
	return v != NULL ? v->n : 0;
}

const struct regexport *regview_at(const struct regview *v, size_t i)
{
	return v != NULL && i < v->n ? v->x[i] : NULL;
}

void regview_set_control_set(struct regview *v, const char *cs_key)
{
	if (v != NULL)
		snprintf(v->cs, sizeof(v->cs), "%s", cs_key != NULL ? cs_key : "");
}

void regview_free(struct regview *v)
{
	if (v == NULL)
		return;
	free(v->x);
	free(v);
}

void regview_toplevel(const struct regview *v, struct strlist *out)
{
	size_t i, j;

	for (i = 0; v != NULL && i < v->n; i++) {
		const struct regx_key *root = regx_root(v->x[i], (enum regx_hive)v->which);

		for (j = 0; root != NULL && j < regx_key_nsubkeys(root); j++) {
			const struct regx_key *k = regx_key_subkey(root, j);

			if (regx_key_present(k) && !strlist_has(out, regx_key_name(k)))
				strlist_add(out, regx_key_name(k));
		}
	}
	strlist_sort(out);
}

/* The other spelling of key in SYSTEM: ControlSet002\X <-> CurrentControlSet\X. */
static char *alias_of(const struct regview *v, const char *key)
{
	const char *rest;
	size_t n;

	if (v->which != REGX_SYSTEM || v->cs[0] == '\0' ||
	    ascii_casecmp(v->cs, "CurrentControlSet") == 0)
		return NULL;
	while (*key == '\\')
		key++;
	rest = strchr(key, '\\');
	n = rest != NULL ? (size_t)(rest - key) : strlen(key);
	if (rest == NULL)
		rest = "";
	if (n == strlen(v->cs) && ascii_ncasecmp(key, v->cs, n) == 0)
		return xasprintf("CurrentControlSet%s", rest);
	if (n == 17 && ascii_ncasecmp(key, "CurrentControlSet", n) == 0)
		return xasprintf("%s%s", v->cs, rest);
	return NULL;
}

/* Key in export i: 1 present (*k), 0 not; *cov whether that file covers it. */
static int model_find(const struct regview *v, size_t i, const char *key,
		      const struct regx_key **k, int *cov)
{
	char *alt = alias_of(v, key);
	int c1 = 0, c2 = 0, rc;

	rc = regx_lookup(v->x[i], (enum regx_hive)v->which, key, k, &c1);
	if (rc != 1 && alt != NULL)
		rc = regx_lookup(v->x[i], (enum regx_hive)v->which, alt, k, &c2);
	free(alt);
	*cov = c1 || c2 || (rc == 1 && regx_key_covered(*k));
	return rc;
}

struct cov_ctx {
	struct strbuf sb;
	const char *file;
	size_t shown, more;
};

static void cov_add(void *ctx, const char *path, unsigned line)
{
	struct cov_ctx *c = ctx;

	(void)line;
	if (c->shown >= 8) {
		c->more++;
		return;
	}
	sb_printf(&c->sb, "%s%s (%s)", c->shown ? "; " : "", *path ? path : "the whole hive",
		  c->file);
	c->shown++;
}

static char *view_coverage(const struct regview *v)
{
	struct cov_ctx c;
	size_t i;

	memset(&c, 0, sizeof(c));
	sb_init(&c.sb);
	for (i = 0; i < v->n; i++) {
		c.file = regexport_path(v->x[i]);
		regx_coverage(v->x[i], (enum regx_hive)v->which, cov_add, &c);
	}
	if (c.more)
		sb_printf(&c.sb, "; and %zu more", c.more);
	if (c.shown == 0)
		sb_add(&c.sb, "no key of this hive with its subtree");
	return sb_take(&c.sb);
}

static int not_covered(const struct regview *v, const char *key, struct nerr *e)
{
	char *cov = view_coverage(v);

	nerr_set(e, "'%s' is not in the .reg export%s of the %s hive, which cover%s only: %s",
		 *key ? key : "(root)", v->n > 1 ? "s" : "", hive_name(v->which),
		 v->n > 1 ? "" : "s", cov);
	free(cov);
	return -1;
}

static int view_covered(const struct regview *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		const struct regx_key *k;
		int cov;

		model_find(v, i, key, &k, &cov);
		if (cov)
			return 1;
	}
	return 0;
}

/* The statement about key\name: 1 with *val and *from, 0 (absent, known),
 * -2 (not covered). */
static int view_find_value(const struct regview *v, const char *key, const char *name,
			   const struct regx_value **val, size_t *from)
{
	size_t i;
	int covered = 0;

	*val = NULL;
	for (i = v->n; i > 0; i--) {
		const struct regx_key *k;
		const struct regx_value *x;
		int cov;

		if (model_find(v, i - 1, key, &k, &cov) == 1 && (x = regx_key_value(k, name)) != NULL) {
			if (x->deleted)
				return 0;
			*val = x;
			*from = i - 1;
			return 1;
		}
		covered |= cov;
	}
	return covered ? 0 : -2;
}

static int view_value(const struct regview *v, const char *key, const char *name,
		      struct regval *out, struct nerr *e)
{
	const struct regx_value *x;
	size_t from = 0;
	int rc = view_find_value(v, key, name, &x, &from);

	if (rc == -2)
		return not_covered(v, key, e);
	if (rc == 0)
		return 0;
	if (x->error != NULL) {
		nerr_set(e, "%s", x->error);
		return -1;
	}
	out->type = x->type;
	out->size = x->size;
	out->data = xmalloc(x->size + 2);
	if (x->size > 0)
		memcpy(out->data, x->data, x->size);
	out->data[x->size] = out->data[x->size + 1] = 0;
	return 1;
}

static int view_exists(const struct regview *v, const char *key, struct nerr *e)
{
	size_t i;
	int covered = 0;

	for (i = 0; i < v->n; i++) {
		const struct regx_key *k;
		int cov;

		if (model_find(v, i, key, &k, &cov) == 1)
			return 1;
		covered |= cov;
	}
	return covered ? 0 : not_covered(v, key, e);
}

static void add_children(const struct regview *v, size_t i, const char *key, int values,
			 struct strlist *out, int *present, int *covered)
{
	const struct regx_key *k;
	size_t j;
	int cov;

	if (model_find(v, i, key, &k, &cov) != 1) {
		*covered |= cov;
		return;
	}
	*present = 1;
	*covered |= cov;
	if (values) {
		for (j = regx_key_nvalues(k); j > 0; j--) {
			const struct regx_value *x = regx_key_value_at(k, j - 1);

			/* Only the last statement about a name counts. */
			if (regx_key_value(k, x->name) == x && !x->deleted && !strlist_has(out, x->name))
				strlist_add(out, x->name);
		}
	} else {
		for (j = 0; j < regx_key_nsubkeys(k); j++) {
			const struct regx_key *s = regx_key_subkey(k, j);

			if (regx_key_present(s) && !strlist_has(out, regx_key_name(s)))
				strlist_add(out, regx_key_name(s));
		}
	}
}

static int view_names(const struct regview *v, const char *key, int values, struct strlist *out,
		      struct nerr *e)
{
	char *alt = alias_of(v, key);
	int present = 0, covered = 0;
	size_t i;

	for (i = 0; i < v->n; i++) {
		add_children(v, i, key, values, out, &present, &covered);
		if (alt != NULL)
			add_children(v, i, alt, values, out, &present, &covered);
	}
	free(alt);
	if (!covered) {
		strlist_free(out);
		return not_covered(v, key, e);
	}
	if (!present) {
		strlist_free(out);
		return 0;
	}
	if (out->n > REG_MAX_SUBKEYS) {
		nerr_set(e, "%s: key '%s' holds more than %d %s", regexport_path(v->x[0]), key,
			 REG_MAX_SUBKEYS, values ? "values" : "subkeys");
		strlist_free(out);
		return -1;
	}
	strlist_sort(out);
	return 1;
}

/* ------------------------------------------------------------- dispatch */

static int no_source(const struct regsrc *r, struct nerr *e)
{
	nerr_set(e, "%s: no registry data", r->artifact != NULL ? r->artifact : "(none)");
	return -1;
}

int reg_value(const struct regsrc *r, const char *key, const char *name,
	      struct regval *out, struct nerr *e)
{
	memset(out, 0, sizeof(*out));
	if (r->hive != NULL)
		return hive_value(r, key, name, out, e);
	if (r->view != NULL && r->view->n > 0)
		return view_value(r->view, key, name, out, e);
	return no_source(r, e);
}

int reg_key_exists(const struct regsrc *r, const char *key, struct nerr *e)
{
	if (r->hive != NULL)
		return hive_exists(r, key, e);
	if (r->view != NULL && r->view->n > 0)
		return view_exists(r->view, key, e);
	return no_source(r, e);
}

int reg_subkeys(const struct regsrc *r, const char *key, struct strlist *out, struct nerr *e)
{
	if (r->hive != NULL)
		return hive_names(r, key, 0, out, e);
	if (r->view != NULL && r->view->n > 0)
		return view_names(r->view, key, 0, out, e);
	return no_source(r, e);
}

int reg_value_names(const struct regsrc *r, const char *key, struct strlist *out,
		    struct nerr *e)
{
	if (r->hive != NULL)
		return hive_names(r, key, 1, out, e);
	if (r->view != NULL && r->view->n > 0)
		return view_names(r->view, key, 1, out, e);
	return no_source(r, e);
}

struct scanned {
	char *name;
	struct regval *vals;
	int *found;
};

static int cmp_scanned(const void *a, const void *b)
{
	const struct scanned *x = a, *y = b;
	int c = ascii_casecmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->name, y->name);
}

int reg_scan_subkeys(const struct regsrc *r, const char *key, const char *const *names, size_t n,
		     int (*fn)(void *ctx, const char *sub, const struct regval *vals,
			       const int *found),
		     void *ctx, struct nerr *e)
{
	struct scanned *v = NULL;
	size_t count = 0, i, j;
	int rc;

	if (r->hive != NULL) {
		struct hive_key *k = NULL;
		int nsub = 0, idx;

		rc = hive_key_get(r->hive, key, &k, e);
		if (rc != 1)
			return rc;
		if (hive_key_nsubkeys(k, &nsub, e) != 1 || nsub < 0 || nsub > REG_MAX_SUBKEYS) {
			if (nsub < 0 || nsub > REG_MAX_SUBKEYS)
				nerr_set(e, "%s: key '%s' claims %d subkeys (at most %d are read)",
					 r->artifact, key, nsub, REG_MAX_SUBKEYS);
			hive_key_free(k);
			return -1;
		}
		v = xcalloc((size_t)nsub + 1, sizeof(*v));
		for (idx = 0; idx < nsub; idx++) {
			struct hive_key *sub = NULL;
			char *name = NULL;

			if (hive_key_subkey(k, idx, &sub, e) != 1 || hive_key_name(sub, &name, e) != 1) {
				hive_key_free(sub);
				continue; /* an unreadable subkey is skipped, as a listing would fail it */
			}
			v[count].name = name;
			v[count].vals = xcalloc(n + 1, sizeof(*v[count].vals));
			v[count].found = xcalloc(n + 1, sizeof(*v[count].found));
			for (j = 0; j < n; j++) {
				struct nerr ve;

				nerr_clear(&ve);
				v[count].found[j] = hive_key_value(sub, names[j], &v[count].vals[j], &ve);
			}
			count++;
			hive_key_free(sub);
		}
		hive_key_free(k);
	} else {
		struct strlist subs = {0};

		rc = reg_subkeys(r, key, &subs, e);
		if (rc != 1)
			return rc;
		v = xcalloc(subs.n + 1, sizeof(*v));
		for (i = 0; i < subs.n; i++) {
			char *path = xasprintf("%s\\%s", key, subs.v[i]);

			v[count].name = xstrdup(subs.v[i]);
			v[count].vals = xcalloc(n + 1, sizeof(*v[count].vals));
			v[count].found = xcalloc(n + 1, sizeof(*v[count].found));
			for (j = 0; j < n; j++) {
				struct nerr ve;

				nerr_clear(&ve);
				v[count].found[j] = reg_value(r, path, names[j], &v[count].vals[j], &ve);
			}
			count++;
			free(path);
		}
		strlist_free(&subs);
	}
	if (count > 1)
		qsort(v, count, sizeof(*v), cmp_scanned);
	for (i = 0; i < count; i++) {
		if (fn(ctx, v[i].name, v[i].vals, v[i].found) != 0)
			break;
	}
	for (i = 0; i < count; i++) {
		for (j = 0; j < n; j++)
			regval_free(&v[i].vals[j]);
		free(v[i].vals);
		free(v[i].found);
		free(v[i].name);
	}
	free(v);
	return 1;
}

int reg_covered(const struct regsrc *r, const char *key)
{
	if (r->hive != NULL)
		return 1;
	if (r->view != NULL)
		return view_covered(r->view, key);
	return 0;
}

char *reg_coverage(const struct regsrc *r)
{
	if (r->hive != NULL)
		return xasprintf("the whole hive (%s)", r->artifact);
	if (r->view != NULL && r->view->n > 0)
		return view_coverage(r->view);
	return xstrdup("nothing");
}

const char *reg_artifact(const struct regsrc *r, const char *key, const char *name,
			 unsigned *line)
{
	const struct regview *v = r->view;
	size_t i;

	if (line != NULL)
		*line = 0;
	if (r->hive != NULL || v == NULL || v->n == 0)
		return r->artifact != NULL ? r->artifact : "";
	if (name != NULL) {
		const struct regx_value *x;
		size_t from;

		if (view_find_value(v, key, name, &x, &from) == 1) {
			if (line != NULL)
				*line = x->line;
			return regexport_path(v->x[from]);
		}
	}
	for (i = v->n; i > 0; i--) {
		const struct regx_key *k;
		int cov;

		if (model_find(v, i - 1, key, &k, &cov) == 1) {
			if (line != NULL)
				*line = regx_key_line(k);
			return regexport_path(v->x[i - 1]);
		}
	}
	for (i = v->n; i > 0; i--) { /* absent: the file that covers it */
		const struct regx_key *k;
		int cov;

		model_find(v, i - 1, key, &k, &cov);
		if (cov)
			return regexport_path(v->x[i - 1]);
	}
	return r->artifact != NULL ? r->artifact : regexport_path(v->x[0]);
}

char *reg_location(const struct regsrc *r, const char *key, const char *name)
{
	unsigned line = 0;
	const char *sep = *key != '\0' && name != NULL ? "\\" : "";
	const char *shown = name == NULL ? "" : *name != '\0' ? name : "(default)";

	reg_artifact(r, key, name, &line);
	if (line > 0)
		return xasprintf("%s%s%s (line %u)", key, sep, shown, line);
	return xasprintf("%s%s%s", key, sep, shown);
}

int reg_export_value(const struct regsrc *r, const char *key, const char *name,
		     struct regval *out, const char **artifact, unsigned *line, struct nerr *e)
{
	const struct regx_value *x;
	size_t from = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (r->view == NULL || r->view->n == 0)
		return -2;
	rc = view_find_value(r->view, key, name, &x, &from);
	if (rc != 1)
		return rc;
	*artifact = regexport_path(r->view->x[from]);
	*line = x->line;
	if (x->error != NULL) {
		nerr_set(e, "%s", x->error);
		return -1;
	}
	out->type = x->type;
	out->size = x->size;
	out->data = xmalloc(x->size + 2);
	if (x->size > 0)
		memcpy(out->data, x->data, x->size);
	out->data[x->size] = out->data[x->size + 1] = 0;
	return 1;
}

int regval_equal(const struct regval *a, const struct regval *b)
{
	if (a->type != b->type)
		return 0;
	if (a->type == REGT_SZ || a->type == REGT_EXPAND_SZ) {
		char *sa = utf16le_to_utf8(a->data, a->size), *sb = utf16le_to_utf8(b->data, b->size);
		int eq = strcmp(sa, sb) == 0;

		free(sa);
		free(sb);
		return eq;
	}
	return a->size == b->size && (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

/* reg_subkey_values is reg_scan_subkeys with one value name, collected
 * into an array: one implementation for hives and .reg exports alike. */
struct skv_acc {
	struct reg_subkey_value *v;
	size_t n, cap;
};

static int skv_collect(void *ctx, const char *sub, const struct regval *vals, const int *found)
{
	struct skv_acc *acc = ctx;
	struct reg_subkey_value *x;

	if (acc->n == acc->cap) {
		acc->cap = acc->cap ? acc->cap * 2 : 16;
		acc->v = xreallocarray(acc->v, acc->cap, sizeof(*acc->v));
	}
	x = &acc->v[acc->n++];
	memset(x, 0, sizeof(*x));
	x->subkey = xstrdup(sub);
	x->rc = found[0];
	if (found[0] == 1) {
		x->v.type = vals[0].type;
		x->v.size = vals[0].size;
		x->v.data = xmalloc(vals[0].size + 2);
		if (vals[0].size > 0)
			memcpy(x->v.data, vals[0].data, vals[0].size);
		x->v.data[vals[0].size] = x->v.data[vals[0].size + 1] = 0;
	} else if (found[0] == -1) {
		x->error = xstrdup("the value could not be read");
	}
	return 0;
}

int reg_subkey_values(const struct regsrc *r, const char *key, const char *name,
		      struct reg_subkey_value **out, size_t *nout, struct nerr *e)
{
	struct skv_acc acc = {NULL, 0, 0};
	const char *names[1] = {name};
	int rc;

	*out = NULL;
	*nout = 0;
	rc = reg_scan_subkeys(r, key, names, 1, skv_collect, &acc, e);
	if (rc != 1) {
		reg_subkey_values_free(acc.v, acc.n);
		return rc;
	}
	*out = acc.v != NULL ? acc.v : xcalloc(1, sizeof(*acc.v));
	*nout = acc.n;
	return 1;
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
		nerr_prefix(e, "%s: key '%s': value '%s'", reg_artifact(r, key, name, NULL), key,
			    name);
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
		nerr_prefix(e, "%s: key '%s': value '%s'", reg_artifact(r, key, name, NULL), key,
			    name);
		rc = -1;
	}
	regval_free(&v);
	return rc;
}

/* ------------------------------------------------ hive against export */

/* A value for a disagreement message: numbers are shown, other data only
 * by type and size (a string or blob may be a secret). */
static char *safe_display(const struct regval *v)
{
	if (v->type == REGT_DWORD && v->size == 4)
		return regval_display(v);
	if (v->type == REGT_QWORD && v->size == 8) {
		uint64_t q = 0;
		int i;

		for (i = 7; i >= 0; i--)
			q = (q << 8) | v->data[i];
		return xasprintf("%llu (REG_QWORD)", (unsigned long long)q);
	}
	return xasprintf("%s of %zu bytes", regtype_name(v->type), v->size);
}

struct cmp {
	const struct regsrc *hive;
	const char *file;
	const char *cs;
	size_t max, keys, found;
	void (*fn)(void *, const char *);
	void *ctx;
};

static void report(struct cmp *c, const char *fmt, ...) NA_PRINTF(2, 3);

static void report(struct cmp *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	c->found++;
	c->fn(c->ctx, buf);
}

static void compare_values(struct cmp *c, const struct regx_key *k, struct hive_key *hk,
			   const char *path)
{
	struct nerr e;
	size_t i;
	int n = 0, j;

	for (i = 0; i < regx_key_nvalues(k); i++) {
		const struct regx_value *x = regx_key_value_at(k, i);
		const char *shown = x->name[0] ? x->name : "(default)";
		struct regval hv, xv;
		int rc;

		if (regx_key_value(k, x->name) != x || x->error != NULL)
			continue; /* repeated (the last one counts) or unreadable */
		nerr_clear(&e);
		rc = hive_key_value(hk, x->name, &hv, &e);
		if (rc == -1)
			continue;
		if (x->deleted) {
			if (rc == 1)
				report(c, "%s\\%s: deleted by %s line %u, present in %s", path, shown,
				       c->file, x->line, c->hive->artifact);
		} else if (rc == 0) {
			report(c, "%s\\%s: in %s line %u, absent from %s", path, shown, c->file,
			       x->line, c->hive->artifact);
		} else {
			xv.type = x->type;
			xv.data = (uint8_t *)x->data;
			xv.size = x->size;
			if (!regval_equal(&hv, &xv)) {
				char *a = safe_display(&hv), *b = safe_display(&xv);

				report(c, "%s\\%s differs: %s holds %s, %s line %u holds %s", path, shown,
				       c->hive->artifact, a, c->file, x->line, b);
				free(a);
				free(b);
			}
		}
		if (rc == 1)
			regval_free(&hv);
	}
	nerr_clear(&e);
	if (hive_key_nvalues(hk, &n, &e) != 1 || n < 0 || n > REG_MAX_SUBKEYS)
		return;
	for (j = 0; j < n; j++) {
		char *name = NULL;

		if (hive_key_value_name(hk, j, &name, &e) == 1 && regx_key_value(k, name) == NULL)
			report(c, "%s\\%s: in %s, absent from %s (which holds the key at line %u)", path,
			       name[0] ? name : "(default)", c->hive->artifact, c->file, regx_key_line(k));
		free(name);
	}
}

struct named {
	char *name;
	int index;
};

static int cmp_named(const void *a, const void *b)
{
	return ascii_casecmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

/* One walk down both trees: each hive key is opened once and its subkeys
 * listed once, so the cost grows with the keys compared, not with the
 * square of a key's subkey count (a lookup by path in the hive reader scans the
 * siblings of every component). */
static void compare_node(struct cmp *c, const struct regx_key *k, struct hive_key *hk,
			 const char *path)
{
	struct named *kids = NULL;
	struct nerr e;
	size_t i, nk = 0;
	int n = 0, j;

	if (c->keys >= c->max)
		return;
	c->keys++;
	if (regx_key_covered(k))
		compare_values(c, k, hk, path);
	if (regx_key_nsubkeys(k) == 0)
		return;
	nerr_clear(&e);
	if (hive_key_nsubkeys(hk, &n, &e) != 1 || n < 0 || n > REG_MAX_SUBKEYS)
		return;
	kids = xcalloc((size_t)n + 1, sizeof(*kids));
	for (j = 0; j < n; j++) {
		struct hive_key *s = NULL;
		char *name = NULL;

		if (hive_key_subkey(hk, j, &s, &e) == 1 && hive_key_name(s, &name, &e) == 1) {
			kids[nk].name = name;
			kids[nk++].index = j;
		}
		hive_key_free(s);
	}
	qsort(kids, nk, sizeof(*kids), cmp_named);
	for (i = 0; i < regx_key_nsubkeys(k) && c->keys < c->max; i++) {
		const struct regx_key *ck = regx_key_subkey(k, i);
		const char *want = regx_key_name(ck);
		char *cpath = *path ? xasprintf("%s\\%s", path, want) : xstrdup(want);
		struct named key, *hit;
		struct hive_key *sub = NULL;

		if (!regx_key_present(ck)) {
			free(cpath);
			continue;
		}
		/* CurrentControlSet in a live export is the hive's current set. */
		if (*path == '\0' && c->cs != NULL && c->cs[0] != '\0' &&
		    ascii_casecmp(want, "CurrentControlSet") == 0)
			want = c->cs;
		key.name = (char *)want;
		hit = nk ? bsearch(&key, kids, nk, sizeof(*kids), cmp_named) : NULL;
		if (hit == NULL && regx_key_line(ck) > 0)
			report(c, "%s: key in %s line %u, absent from %s", cpath, c->file,
			       regx_key_line(ck), c->hive->artifact);
		else if (hit == NULL)
			report(c, "%s: key in %s (on the path of a deeper key), absent from %s", cpath,
			       c->file, c->hive->artifact);
		else if (hive_key_subkey(hk, hit->index, &sub, &e) == 1)
			compare_node(c, ck, sub, cpath);
		hive_key_free(sub);
		free(cpath);
	}
	for (i = 0; i < nk; i++)
		free(kids[i].name);
	free(kids);
}

size_t reg_compare_export(const struct regsrc *hive, const struct regexport *x, int which,
			  const char *cs_key, size_t max_keys,
			  void (*fn)(void *ctx, const char *msg), void *ctx,
			  size_t *keys_compared)
{
	struct cmp c;
	const struct regx_key *root = regx_root(x, (enum regx_hive)which);
	struct hive_key *hk = NULL;
	struct nerr e;

	memset(&c, 0, sizeof(c));
	c.hive = hive;
	c.file = regexport_path(x);
	c.cs = cs_key;
	c.max = max_keys;
	c.fn = fn;
	c.ctx = ctx;
	nerr_clear(&e);
	if (hive->hive != NULL && root != NULL && regx_key_present(root) &&
	    hive_key_get(hive->hive, "", &hk, &e) == 1)
		compare_node(&c, root, hk, "");
	hive_key_free(hk);
	if (keys_compared != NULL)
		*keys_compared = c.keys;
	return c.found;
}

/* ------------------------------------------------- export against export */

struct cmp2 {
	const struct regexport *a, *b;
	int which;
	size_t max, keys, found;
	void (*fn)(void *, const char *);
	void *ctx;
};

static void compare2_key(struct cmp2 *c, const struct regx_key *kb)
{
	const struct regx_key *ka;
	char *path;
	size_t i;
	int cov;

	if (c->keys >= c->max || !regx_key_present(kb))
		return;
	c->keys++;
	path = regx_key_path(kb);
	if (regx_lookup(c->a, (enum regx_hive)c->which, path, &ka, &cov) == 1) {
		for (i = 0; i < regx_key_nvalues(kb); i++) {
			const struct regx_value *xb = regx_key_value_at(kb, i), *xa;
			char buf[1024];

			if (regx_key_value(kb, xb->name) != xb || xb->error != NULL)
				continue;
			xa = regx_key_value(ka, xb->name);
			if (xa == NULL || xa->error != NULL)
				continue;
			if (xa->deleted != xb->deleted) {
				snprintf(buf, sizeof(buf), "%s\\%s: %s line %u %s it, line %u %s it (the "
					 "second is used)", path, xb->name[0] ? xb->name : "(default)",
					 regexport_path(c->a), xa->line, xa->deleted ? "deletes" : "sets",
					 xb->line, xb->deleted ? "deletes" : "sets");
			} else if (!xa->deleted) {
				struct regval va = {xa->type, (uint8_t *)xa->data, xa->size};
				struct regval vb = {xb->type, (uint8_t *)xb->data, xb->size};

				if (regval_equal(&va, &vb))
					continue;
				char *da = safe_display(&va), *db = safe_display(&vb);

				snprintf(buf, sizeof(buf), "%s\\%s differs: %s line %u holds %s, line %u "
					 "here holds %s (this one is used)", path,
					 xb->name[0] ? xb->name : "(default)", regexport_path(c->a), xa->line,
					 da, xb->line, db);
				free(da);
				free(db);
			} else {
				continue;
			}
			c->found++;
			c->fn(c->ctx, buf);
		}
	}
	for (i = 0; i < regx_key_nsubkeys(kb); i++)
		compare2_key(c, regx_key_subkey(kb, i));
	free(path);
}

size_t reg_compare_exports(const struct regexport *a, const struct regexport *b, int which,
			   size_t max_keys, void (*fn)(void *ctx, const char *msg), void *ctx)
{
	struct cmp2 c;
	const struct regx_key *root = regx_root(b, (enum regx_hive)which);

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.b = b;
	c.which = which;
	c.max = max_keys;
	c.fn = fn;
	c.ctx = ctx;
	if (root != NULL)
		compare2_key(&c, root);
	return c.found;
}
