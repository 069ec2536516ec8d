/* Fuzz the registry hive reader: our base-block checks and libregf
 * through hive_parse, a bounded walk of keys and values like the registry
 * facts make, and the key-time scan (hivescan.c) over the same bytes. */
#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "read/hive.h"

/* A bounded walk: libregf's full walk of a big hive costs seconds. */
#define WALK_KEYS 256
#define WALK_VALUES 32

static void values(struct hive_key *k, struct nerr *e)
{
	int n = 0, i;

	if (hive_key_nvalues(k, &n, e) != 1)
		return;
	for (i = 0; i < n && i < WALK_VALUES; i++) {
		char *name = NULL;
		struct regval v = {0, NULL, 0};

		if (hive_key_value_name(k, i, &name, e) == 1 &&
		    hive_key_value(k, name, &v, e) == 1)
			free(regval_display(&v));
		regval_free(&v);
		free(name);
	}
}

static void walk(struct hive_key *k, unsigned depth, unsigned *budget, struct nerr *e)
{
	char *name = NULL;
	uint64_t t = 0;
	int n = 0, i;

	if (*budget == 0 || depth > 64)
		return;
	(*budget)--;
	if (hive_key_name(k, &name, e) == 1)
		free(name);
	(void)hive_key_last_written(k, &t, e);
	values(k, e);
	if (hive_key_nsubkeys(k, &n, e) != 1)
		return;
	for (i = 0; i < n && *budget > 0; i++) {
		struct hive_key *sub = NULL;

		if (hive_key_subkey(k, i, &sub, e) == 1) {
			walk(sub, depth + 1, budget, e);
			hive_key_free(sub);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hive *h = NULL;
	struct hive_key *root = NULL;
	struct nerr e;
	uint64_t t = 0;
	unsigned budget = WALK_KEYS;

	nerr_clear(&e);
	if (hive_parse("SOFTWARE", data, size, &h, &e) != 1)
		return 0;
	(void)hive_is_dirty(h);
	(void)hive_is_corrupted(h);
	(void)hive_newest_key_time(h, &t, &e);
	if (hive_key_get(h, "", &root, &e) == 1) {
		walk(root, 0, &budget, &e);
		hive_key_free(root);
	}
	hive_close(h);
	return 0;
}
