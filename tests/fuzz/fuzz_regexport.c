/* Fuzz the .reg export reader through regexport_parse, then walk the model
 * the way the registry facts do: keys, values, paths and coverage. */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "read/regexport.h"

/* A bounded walk: a hostile file may hold a million keys. */
#define WALK_MAX 4096

static void walk(const struct regx_key *k, unsigned depth, unsigned *budget)
{
	size_t i;

	if (k == NULL || depth > REGX_MAX_DEPTH || *budget == 0)
		return;
	(*budget)--;
	free(regx_key_path(k));
	(void)regx_key_present(k);
	(void)regx_key_covered(k);
	(void)regx_key_value(k, "");
	for (i = 0; i < regx_key_nvalues(k) && i < 64; i++)
		(void)regx_key_value_at(k, i);
	for (i = 0; i < regx_key_nsubkeys(k); i++)
		walk(regx_key_subkey(k, i), depth + 1, budget);
}

static void on_covered(void *ctx, const char *path, unsigned line)
{
	(void)ctx;
	(void)path;
	(void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct regexport *x = NULL;
	struct nerr e;
	unsigned h, budget = WALK_MAX;

	nerr_clear(&e);
	if (regexport_parse("fuzz.reg", data, size, &x, &e) == 1) {
		size_t i;

		(void)regexport_format(x);
		(void)regexport_hives(x);
		for (i = 0; i < regexport_nwarnings(x); i++)
			(void)regexport_warning(x, i);
		for (h = 0; h < REGX__COUNT; h++) {
			const struct regx_key *k = NULL;
			int covered = 0;

			walk(regx_root(x, (enum regx_hive)h), 0, &budget);
			regx_coverage(x, (enum regx_hive)h, on_covered, NULL);
			(void)regx_lookup(x, (enum regx_hive)h, "ControlSet001\\Services\\HTTP", &k,
					  &covered);
		}
	}
	regexport_free(x);
	return 0;
}
