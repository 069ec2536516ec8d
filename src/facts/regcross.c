/* Disagreements between a hive and a .reg export of the same keys, or
 * between two exports, are noted on the export: both are evidence, and the
 * reviewer must know they differ. The hive is what the checks judge; among
 * exports, the file that sorts last supplies a value. Part of building the
 * facts (it needs the current control set the facts resolved), not of
 * discovery. */
#include "config.h"

#include <stdio.h>

#include "ndes-audit/bundle.h"
#include "read/regexport.h"
#include "ndes-audit/registry.h"

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
	return a->status == ART_OK && artifact_regexport(a) != NULL && a->kind >= ART_REG_SYSTEM &&
	       a->kind <= ART_REG_OTHER && (regexport_hives(artifact_regexport(a)) & (1u << which));
}

static void compare_with_hive(struct artifact *a, struct artifact *hive, int which, const char *cs)
{
	struct regsrc r = {hive->path, artifact_hive(hive), NULL};
	struct cross c = {a, hive->path, 0, 0};
	size_t keys = 0;

	reg_compare_export(&r, artifact_regexport(a), which, cs, CROSS_MAX_KEYS, cross_note, &c, &keys);
	cross_done(&c);
	if (keys >= CROSS_MAX_KEYS)
		artifact_add_warning(a, "only the first %d keys were compared with %s", CROSS_MAX_KEYS,
				     hive->path);
}

/* Every export of hive `which` against the hive, then against each export
 * that sorts before it. */
static void cross_check_one(struct bundle *b, size_t t, const char *cs)
{
	int which = hive_kinds[t].which;
	struct artifact *hive = NULL;
	size_t i, j;

	for (i = 0; i < b->n; i++)
		if (b->arts[i].kind == hive_kinds[t].hive && b->arts[i].status == ART_OK)
			hive = &b->arts[i];
	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (!is_export_of(a, which))
			continue;
		if (hive != NULL)
			compare_with_hive(a, hive, which, which == REGX_SYSTEM ? cs : "");
		for (j = 0; j < i; j++) {
			struct cross c = {a, b->arts[j].path, 0, 0};

			if (!is_export_of(&b->arts[j], which))
				continue;
			reg_compare_exports(artifact_regexport(&b->arts[j]), artifact_regexport(a), which, CROSS_MAX_KEYS,
					    cross_note, &c);
			cross_done(&c);
		}
	}
}

void reg_cross_check(struct bundle *b, const char *system_cs_key)
{
	size_t t;

	for (t = 0; t < sizeof(hive_kinds) / sizeof(hive_kinds[0]); t++)
		cross_check_one(b, t, system_cs_key != NULL ? system_cs_key : "");
}
