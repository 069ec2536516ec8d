/* Serialized certificate store (.sst, CertSaveStore CERT_STORE_SAVE_AS_STORE):
 * an 8-byte header (version 0, "CERT"), serialized elements, and a 12-byte
 * all-zero end marker (formats.md 1.1-1.2). Every element is bounded by
 * the file; a store whose records never reach an end marker stops at the
 * end of the file, or at the first record that runs past it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "read/certread.h"
#include "ndes-audit/util.h"

static const uint8_t sst_magic[8] = {0, 0, 0, 0, 'C', 'E', 'R', 'T'};

int sst_parse(const uint8_t *data, size_t n, struct cert_elems *out, char **warning,
	      struct nerr *e)
{
	size_t pos = sizeof(sst_magic), count = 0;
	int end = 0;

	*warning = NULL;
	if (n < sizeof(sst_magic) || memcmp(data, sst_magic, sizeof(sst_magic)) != 0) {
		nerr_set(e, "offset 0: not a serialized certificate store (no 00000000 'CERT' header)");
		return -1;
	}
	while (!end) {
		struct cert_elem el;

		if (count >= CERTREAD_MAX_ELEMS) {
			nerr_set(e, "offset %zu: more than %d elements; stopped there", pos,
				 CERTREAD_MAX_ELEMS);
			return -1;
		}
		if (certrec_read_element(data, n, &pos, 1, &el, &end, e) != 0) {
			nerr_prefix(e, "element %zu", count + 1);
			return -1;
		}
		if (end)
			break;
		el.index = (unsigned)++count;
		cert_elems_add(out, &el);
	}
	if (end == 2) {
		*warning = xasprintf("the store ends after %zu elements without its 12-byte end marker: "
				     "the file may be truncated", count);
	} else if (pos < n) {
		*warning = xasprintf("%zu bytes after the end marker at offset %zu were not read",
				     n - pos, pos - 12);
	}
	return 0;
}
