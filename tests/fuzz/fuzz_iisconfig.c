/* Fuzz the IIS configuration reader (applicationHost.config, web.config)
 * through iisconf_parse, then look up what the IIS facts look up. */
#include "config.h"

#include "fuzz.h"
#include "read/iisconfig.h"

static void walk(const struct xnode *n, unsigned depth)
{
	size_t i;

	if (depth > IISCONF_MAX_DEPTH)
		return;
	(void)xnode_value(n, "name");
	(void)xnode_attr(n, "password");
	for (i = 0; i < n->nkids; i++)
		walk(n->kids[i], depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iisconf *c = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (iisconf_parse("applicationHost.config", data, size, "configuration", &c, &e) == 1) {
		walk(c->root, 0);
		(void)xnode_path(c->root, "system.applicationHost/sites");
		(void)xnode_last_child(c->root, "location");
		(void)iisconf_kind_name(c->kind);
	}
	iisconf_free(c);
	return 0;
}
