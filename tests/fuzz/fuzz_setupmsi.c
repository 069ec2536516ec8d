/* Fuzz the MSI verbose log reader (the connector's SetupMsi.log) through
 * msi_parse. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msi_summary s;
	struct nerr e;

	nerr_clear(&e);
	(void)msi_parse("SetupMsi.log", data, size, &s, &e);
	return 0;
}
