/* Fuzz the registry Blob reader (a certificate, CRL or CTL with its
 * properties, as SystemCertificates stores them) through certblob_parse. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "read/certread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_elem el;
	struct nerr e;

	memset(&el, 0, sizeof(el));
	nerr_clear(&e);
	if (certblob_parse(data, size, &el, &e) == 0)
		cert_elem_clear(&el);
	return 0;
}
