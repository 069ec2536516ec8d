/* Which Intune certificate connector generation the server has: a fact
 * every area reads to decide `na` for generation-specific checks. */
#ifndef NDES_AUDIT_CONNECTOR_H
#define NDES_AUDIT_CONNECTOR_H

#include "registry.h"

enum connector_gen {
	CONN_UNKNOWN,  /* not decidable: no readable SOFTWARE hive */
	CONN_NONE,     /* neither generation installed */
	CONN_LEGACY,   /* "Microsoft Intune Connector" (NDESConnector) */
	CONN_CURRENT,  /* "Certificate Connector for Microsoft Intune" (PFXCertificateConnector) */
	CONN_BOTH      /* both: itself a finding */
};

struct connector_install {
	char *display_name;
	char *version;     /* DisplayVersion, NULL when absent */
	char *keypath;     /* the Uninstall subkey, for evidence */
};

struct connector_facts {
	enum connector_gen gen;
	const char *artifact;            /* the SOFTWARE hive */
	struct connector_install legacy; /* display_name NULL when not installed */
	struct connector_install current;
	char *error;                     /* reading the Uninstall keys failed */
};

#define CONNECTOR_LEGACY_NAME "Microsoft Intune Connector"
#define CONNECTOR_CURRENT_NAME "Certificate Connector for Microsoft Intune"

/* Scan Microsoft\Windows\CurrentVersion\Uninstall and its WOW6432Node view. */
void connector_detect(const struct regsrc *software, struct connector_facts *out);
void connector_facts_free(struct connector_facts *c);
const char *connector_gen_name(enum connector_gen g);

#endif
