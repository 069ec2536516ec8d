/* Fuzz the serialized certificate store reader (.sst) through sst_parse. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "read/certread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_elems elems;
	char *warning = NULL;
	struct nerr e;

	memset(&elems, 0, sizeof(elems));
	nerr_clear(&e);
	(void)sst_parse(data, size, &elems, &warning, &e);
	cert_elems_free(&elems);
	free(warning);
	return 0;
}
