/* Fuzz the part of the event log reader that runs in ndes-audit itself:
 * the parser of the ndes-audit-evtx helper's line protocol, whose fields
 * carry strings from the (hostile) event records. libevtx runs only in the
 * helper process, so its own parsing is out of this harness's reach. */
#include "config.h"

#include "fuzz.h"
#include "ndes-audit/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evtx_summary s;
	struct nerr e;
	char note[512];

	nerr_clear(&e);
	(void)evtx_parse_output("System.evtx", data, size, &s, &e);
	evtx_damage_note(&s, note, sizeof(note));
	return 0;
}
