/* What the NDES service's and the Intune connector's event IDs mean: the
 * table evt.ndes and evt.connector look events up in (ndes_events.c).
 * Private to src/checks. */
#ifndef NDES_AUDIT_NDES_EVENTS_H
#define NDES_AUDIT_NDES_EVENTS_H

#define EVENT_MAX_REL 4

struct event_entry {
	unsigned long id;
	int level;                 /* 1 critical, 2 error, 3 warning; 0: the source gives none */
	const char *name;          /* symbolic or event name where the source gives one, else NULL */
	const char *meaning;       /* what the event says happened, in a few words */
	const char *rel[EVENT_MAX_REL]; /* checks whose findings explain it, NULL-terminated */
	const char *fix;
};

/* A connector diagnostic code (Microsoft Learn's table). */
struct diag_entry {
	unsigned long code;
	const char *name, *meaning;
};

/* The entry of event ID id of the NDES provider
 * (Microsoft-Windows-NetworkDeviceEnrollmentService), NULL when the
 * sources do not give it. */
const struct event_entry *ndes_event_entry(unsigned long id);

/* The entry of an Intune connector event ID, NULL when not documented. */
const struct event_entry *connector_event_entry(unsigned long id);

/* The first connector diagnostic code ("0x00000400") in text that
 * Microsoft documents, NULL when there is none. */
const struct diag_entry *connector_diag_in(const char *text);

/* What an HRESULT an NDES event gives ("0x80094800") means, NULL when
 * not known. */
const char *ndes_hresult_meaning(const char *code);

/* What to do about that HRESULT beyond the event's own fix, NULL when
 * nothing more is known. */
const char *ndes_hresult_fix(const char *code);

#endif
