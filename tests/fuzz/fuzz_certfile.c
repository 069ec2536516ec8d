/* Fuzz the certificate file reader (DER, PEM, PKCS#7, PKCS#12, SST)
 * through certfile_parse. The kind comes from discovery's certificate
 * sniffer, as it does for a file in a bundle; what it does not claim goes
 * to the DER/PEM reader. The password is the test fixtures' one, so the
 * seed PFX files open and their bags get decrypted and read. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "read/certread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pass[] = "Pfx-Test-Passw0rd!";
	struct certread_options o;
	struct certfile *cf = NULL;
	const char *note = NULL;
	enum artifact_kind kind;
	struct nerr e;

	memset(&o, 0, sizeof(o));
	o.pfx_password = pass;
	o.pfx_password_len = sizeof(pass) - 1;
	nerr_clear(&e);
	kind = certfile_sniff(data, size < DISCOVER_HEAD ? size : DISCOVER_HEAD, &note);
	if (kind == ART_UNKNOWN || kind == ART_CERT_CTL)
		kind = ART_CERT_X509;
	(void)certfile_parse("fuzz.cer", data, size, kind, &o, &cf, &e);
	certfile_free(cf);
	return 0;
}
