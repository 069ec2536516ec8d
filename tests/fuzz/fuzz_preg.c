/* Fuzz the Group Policy registry.pol reader through preg_parse. The path
 * holds a GPO folder so the {GUID} lookup runs too. */
#include "config.h"

#include "fuzz.h"
#include "read/preg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct preg *p = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (preg_parse("Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/Machine/registry.pol", data,
		       size, &p, &e) == 0)
		preg_free(p);
	return 0;
}
