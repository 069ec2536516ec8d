/* Fuzz the security template reader (secedit exports, GptTmpl.inf)
 * through inf_parse, discovery's sniffer for it, and the lookups the rights
 * facts make. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/bundle.h"
#include "read/inf.h"

static void lines(const struct inf_section *s)
{
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++) {
		char **items = NULL;
		size_t n = inf_split_list(s->lines[i].value, &items, 64);

		inf_items_free(items, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inf *inf = NULL;
	const char *why = NULL, *warning = NULL;
	struct nerr e;

	nerr_clear(&e);
	(void)inf_sniff_security_template(data, size < DISCOVER_HEAD ? size : DISCOVER_HEAD);
	if (inf_parse("secpol.inf", data, size, &inf, &e) == 1) {
		(void)inf_is_security_template(inf, &why, &warning);
		lines(inf_section(inf, "Privilege Rights"));
		(void)inf_find(inf_section(inf, "Version"), "signature");
	}
	inf_free(inf);
	return 0;
}
