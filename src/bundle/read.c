/* Hand each artifact to its reader, once. Hives are opened here and stay
 * open for the whole run; which hive a file is comes from its keys. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/hive.h"
#include "ndes-audit/regexport.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"

static int has(const struct strlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_casecmp(l->v[i], name) == 0)
			return 1;
	return 0;
}

static int has_prefix(const struct strlist *l, const char *prefix)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_ncasecmp(l->v[i], prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* Which hive this is, by the keys under its root: the root key's own name
 * is never SYSTEM or SOFTWARE in a real hive. */
static int classify(struct hive *h, const char *path, enum artifact_kind *kind, struct nerr *e)
{
	struct regsrc r = {path, h, NULL};
	struct strlist root = {0};
	int rc = reg_subkeys(&r, "", &root, e);

	if (rc != 1) {
		if (rc == 0)
			nerr_set(e, "%s: the hive has no root key", path);
		return -1;
	}
	if (has(&root, "Select") && has_prefix(&root, "ControlSet"))
		*kind = ART_HIVE_SYSTEM;
	else if (has(&root, "Policy") && (has(&root, "RXACT") || has(&root, "Cache")))
		*kind = ART_HIVE_SECURITY;
	else if (has(&root, "Microsoft") &&
		 (has(&root, "Classes") || has(&root, "Policies") || has(&root, "Clients") ||
		  has(&root, "WOW6432Node") ||
		  reg_key_exists(&r, "Microsoft\\Windows NT\\CurrentVersion", e) == 1))
		*kind = ART_HIVE_SOFTWARE;
	else
		*kind = ART_HIVE_OTHER;
	strlist_free(&root);
	return 0;
}

static void read_hive(struct artifact *a)
{
	struct hive *h = NULL;
	enum artifact_kind kind;
	struct nerr e;

	nerr_clear(&e);
	if (hive_open(a->path, &h, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = h;
	a->handle_free = hive_close_void;
	if (classify(h, a->path, &kind, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	a->kind = kind;
	if (hive_is_dirty(h)) {
		const struct hive_header *hd = hive_get_header(h);

		artifact_add_warning(a, "dirty hive (sequence numbers %u and %u differ): changes still in "
				     "its transaction logs were not applied, so values may be older than "
				     "the server's", hd->seq_primary, hd->seq_secondary);
	}
	if (hive_is_corrupted(h))
		artifact_add_warning(a, "libregf found corrupted structures: some keys or values may "
				     "be missing from what was read");
}

/* A .reg export: parsed once; which hive(s) it holds comes from its key
 * paths. Problems inside it that did not stop the parse become warnings. */
static void read_regexport(struct artifact *a)
{
	struct regexport *x = NULL;
	unsigned hives;
	struct nerr e;
	size_t i;

	nerr_clear(&e);
	if (regexport_open(a->path, &x, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = x;
	a->handle_free = regexport_free_void;
	hives = regexport_hives(x) &
		((1u << REGX_SYSTEM) | (1u << REGX_SOFTWARE) | (1u << REGX_SECURITY));
	if (hives == (1u << REGX_SYSTEM))
		a->kind = ART_REG_SYSTEM;
	else if (hives == (1u << REGX_SOFTWARE))
		a->kind = ART_REG_SOFTWARE;
	else if (hives == (1u << REGX_SECURITY))
		a->kind = ART_REG_SECURITY;
	else if (hives != 0)
		a->kind = ART_REG_MULTI;
	else
		a->kind = ART_REG_OTHER;
	for (i = 0; i < regexport_nwarnings(x); i++)
		artifact_add_warning(a, "%s", regexport_warning(x, i));
	if (regexport_warnings_dropped(x) > 0)
		artifact_add_warning(a, "%zu more problems like these in this file are not listed",
				     regexport_warnings_dropped(x));
}

/* Disagreements between a hive and a .reg export of the same keys, or
 * between two exports, are reported on the export: both are evidence, and
 * the reviewer must know they differ. The hive is what the checks judge;
 * among exports, the file that sorts last supplies a value. */
#define CROSS_MAX_KEYS 20000
#define CROSS_MAX_SHOWN 10

struct cross {
	struct artifact *a;
	const char *other;
	size_t shown, total;
};

static void cross_note(void *ctx, const char *msg)
{
	struct cross *c = ctx;

	c->total++;
	if (c->shown >= CROSS_MAX_SHOWN)
		return;
	c->shown++;
	artifact_add_warning(c->a, "disagrees with %s: %s", c->other, msg);
}

static void cross_done(struct cross *c)
{
	if (c->total > c->shown)
		artifact_add_warning(c->a, "%zu more disagreements with %s are not listed",
				     c->total - c->shown, c->other);
}

static const struct {
	enum artifact_kind hive;
	int which;
} hive_kinds[] = {
	{ART_HIVE_SYSTEM, REGX_SYSTEM},
	{ART_HIVE_SOFTWARE, REGX_SOFTWARE},
	{ART_HIVE_SECURITY, REGX_SECURITY},
};

static int is_export_of(const struct artifact *a, int which)
{
	return a->status == ART_OK && a->handle != NULL && a->kind >= ART_REG_SYSTEM &&
	       a->kind <= ART_REG_OTHER && (regexport_hives(a->handle) & (1u << which));
}

static void cross_check(struct bundle *b)
{
	size_t t, i, j;

	for (t = 0; t < sizeof(hive_kinds) / sizeof(hive_kinds[0]); t++) {
		int which = hive_kinds[t].which;
		struct artifact *hive = NULL;
		char cs[16] = "";

		for (i = 0; i < b->n; i++)
			if (b->arts[i].kind == hive_kinds[t].hive && b->arts[i].status == ART_OK)
				hive = &b->arts[i];
		if (hive != NULL && which == REGX_SYSTEM) {
			struct regsrc r = {hive->path, hive->handle, NULL};
			struct nerr e;
			uint32_t cur;

			nerr_clear(&e);
			if (reg_dword(&r, "Select", "Current", &cur, &e) == 1 && cur > 0 && cur < 1000)
				snprintf(cs, sizeof(cs), "ControlSet%03u", cur);
		}
		for (i = 0; i < b->n; i++) {
			struct artifact *a = &b->arts[i];

			if (!is_export_of(a, which))
				continue;
			if (hive != NULL) {
				struct regsrc r = {hive->path, hive->handle, NULL};
				struct cross c = {a, hive->path, 0, 0};
				size_t keys = 0;

				reg_compare_export(&r, a->handle, which, cs, CROSS_MAX_KEYS, cross_note, &c,
						   &keys);
				cross_done(&c);
				if (keys >= CROSS_MAX_KEYS)
					artifact_add_warning(a, "only the first %d keys were compared with %s",
							     CROSS_MAX_KEYS, hive->path);
			}
			for (j = 0; j < i; j++) {
				struct cross c = {a, b->arts[j].path, 0, 0};

				if (!is_export_of(&b->arts[j], which))
					continue;
				reg_compare_exports(b->arts[j].handle, a->handle, which, CROSS_MAX_KEYS,
						    cross_note, &c);
				cross_done(&c);
			}
		}
	}
}

/* A bundle is one server: two hives of a kind that exists once per server
 * make every check that needs that kind ambiguous. */
static void flag_duplicates(struct bundle *b, enum artifact_kind kind)
{
	struct strbuf names;
	size_t i, count = 0;

	sb_init(&names);
	for (i = 0; i < b->n; i++) {
		if (b->arts[i].kind == kind && b->arts[i].status != ART_IGNORED) {
			sb_printf(&names, "%s%s", count ? " and " : "", b->arts[i].path);
			count++;
		}
	}
	if (count > 1) {
		for (i = 0; i < b->n; i++) {
			struct artifact *a = &b->arts[i];
			struct nerr e;

			if (a->kind != kind || a->status == ART_IGNORED)
				continue;
			nerr_clear(&e);
			nerr_set(&e, "%zu %s artifacts in one bundle (%s): a bundle is one server; "
				 "remove all but one", count, artifact_kind_name(kind), names.s);
			artifact_set_error(a, &e);
		}
	}
	sb_free(&names);
}

void bundle_read(struct bundle *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (a->status != ART_OK)
			continue;
		switch (a->kind) {
		case ART_HIVE:
			read_hive(a);
			break;
		case ART_REG:
			read_regexport(a);
			break;
		default:
			break;
		}
	}
	flag_duplicates(b, ART_HIVE_SYSTEM);
	flag_duplicates(b, ART_HIVE_SOFTWARE);
	flag_duplicates(b, ART_HIVE_SECURITY);
	cross_check(b);
}
