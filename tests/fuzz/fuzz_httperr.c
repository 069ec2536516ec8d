/* Fuzz the HTTP.sys error log reader through httperr_parse. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct httperr_summary s;
	struct nerr e;

	nerr_clear(&e);
	(void)httperr_parse("httperr1.log", data, size, &s, &e);
	return 0;
}
