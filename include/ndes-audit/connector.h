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
	char *version;        /* DisplayVersion, NULL when absent */
	char *keypath;        /* the Uninstall subkey (or the connector's own key), for evidence */
	const char *artifact; /* the file that holds keypath */
};

struct connector_facts {
	enum connector_gen gen;
	const char *artifact;            /* the SOFTWARE hive (or first .reg export) */
	struct connector_install legacy; /* display_name NULL when not installed */
	struct connector_install current;
	char *error;                     /* reading the Uninstall keys failed */
	/* How the generation was told: "Uninstall entries", or, when the .reg
	 * exports hold no Uninstall key, "connector keys" (the presence of
	 * CONNECTOR_LEGACY_KEY / CONNECTOR_CURRENT_KEY). */
	const char *basis;
	/* CONN_UNKNOWN with a SOFTWARE source: why it cannot be told (the .reg
	 * exports cover neither the Uninstall keys nor the connector keys).
	 * Otherwise, when set, what the evidence leaves open ("whether the
	 * legacy connector is also installed"). */
	char *unknown;
};

#define CONNECTOR_LEGACY_NAME "Microsoft Intune Connector"
#define CONNECTOR_CURRENT_NAME "Certificate Connector for Microsoft Intune"
/* Each generation's own configuration key in the SOFTWARE hive. */
#define CONNECTOR_LEGACY_KEY "Microsoft\\MicrosoftIntune\\NDESConnector"
#define CONNECTOR_CURRENT_KEY "Microsoft\\MicrosoftIntune\\PFXCertificateConnector"
/* Where installed programs are listed (SOFTWARE), native and 32-bit. */
#define CONNECTOR_UNINSTALL_KEY "Microsoft\\Windows\\CurrentVersion\\Uninstall"
#define CONNECTOR_UNINSTALL_WOW_KEY "WOW6432Node\\" CONNECTOR_UNINSTALL_KEY

/* Scan Microsoft\Windows\CurrentVersion\Uninstall and its WOW6432Node view;
 * when a .reg-only SOFTWARE source does not hold them, fall back to the
 * connector keys. */
void connector_detect(const struct regsrc *software, struct connector_facts *out);
void connector_facts_free(struct connector_facts *c);
const char *connector_gen_name(enum connector_gen g);

#endif
