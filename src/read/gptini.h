/* A Group Policy object's GPT.INI: its [General] section, which names the
 * GPO (displayName) beside its registry.pol and GptTmpl.inf. */
#ifndef NDES_AUDIT_GPTINI_H
#define NDES_AUDIT_GPTINI_H

#include <stddef.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

#define GPTINI_MAX_FILE (64u * 1024u)

struct gptini {
	char *gpo;          /* {GUID} of the folder the file sits in, or NULL */
	char *display_name; /* [General] displayName=, NULL when absent */
	char *folder;       /* the file's folder, '/' separated: the GPO's root */
};

/* Discovery's sniffer: text whose first section header is [General]. */
enum artifact_kind gptini_sniff(const unsigned char *head, size_t n, const char **note);
/* Parse the file open on fd; 0, or -1 with e naming the file and line. */
int gptini_read_fd(int fd, const char *path, struct gptini **out, struct nerr *e);
void gptini_free_void(void *p);

#endif
