/* Fuzz the IIS W3C log reader through w3c_parse. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct w3c_summary s;
	struct nerr e;

	nerr_clear(&e);
	(void)w3c_parse("W3SVC1/u_ex260528.log", data, size, &s, &e);
	return 0;
}
