/* Group Policy objects in the bundle: the name a GPO's GPT.INI gives it,
 * for evidence that says which GPO sets a value. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/regfacts.h"
#include "ndes-audit/util.h"
#include "read/gptini.h"

const char *gpo_display_name(const struct bundle *b, const char *guid)
{
	size_t i;

	for (i = 0; b != NULL && guid != NULL && i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		const struct gptini *g = a->status == ART_OK ? artifact_gptini(a) : NULL;

		if (g != NULL && g->gpo != NULL && g->display_name != NULL &&
		    ascii_casecmp(g->gpo, guid) == 0)
			return g->display_name;
	}
	return NULL;
}

char *gpo_label(const struct bundle *b, const char *guid)
{
	const char *name = gpo_display_name(b, guid);

	if (guid == NULL)
		return xstrdup("a GPO (its folder has no {GUID} name)");
	return name != NULL ? xasprintf("GPO %s (%s)", guid, name) : xasprintf("GPO %s", guid);
}
