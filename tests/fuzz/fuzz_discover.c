/* Fuzz discovery's content sniffing: every sniffer sees the first
 * DISCOVER_HEAD bytes of a file, as bundle_discover reads them. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *note = NULL;

	(void)artifact_kind_name(discover_sniff(data, size < DISCOVER_HEAD ? size : DISCOVER_HEAD,
						&note));
	return 0;
}
