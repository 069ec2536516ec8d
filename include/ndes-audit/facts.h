/* The model of the server built from the artifacts. Checks read only this:
 * they never open files, never call libregf, never read the clock. Every
 * fact keeps its provenance (artifact and location). */
#ifndef NDES_AUDIT_FACTS_H
#define NDES_AUDIT_FACTS_H

#include <stdint.h>

#include "bundle.h"
#include "certs.h"
#include "connector.h"
#include "logs.h"
#include "registry.h"
#include "regfacts.h"
#include "rights.h"

/* Fact sources a check can need. A source whose kind is ART_UNKNOWN is
 * bound by its area's fact builder instead of one artifact of one kind
 * (security templates: any number of secpol.export and secpol.gpo files). */
#define FACT_SOURCES(X)                        \
	X(SRC_SYSTEM, "SYSTEM hive", ART_HIVE_SYSTEM)     \
	X(SRC_SOFTWARE, "SOFTWARE hive", ART_HIVE_SOFTWARE) \
	X(SRC_SECURITY, "SECURITY hive", ART_HIVE_SECURITY) \
	X(SRC_SECPOL, "security template (secedit export or GptTmpl.inf)", ART_UNKNOWN) \
	X(SRC_IISLOG, "IIS log", ART_LOG_IIS)               \
	X(SRC_HTTPERR, "HTTPERR log", ART_LOG_HTTPERR)      \
	X(SRC_SETUPMSI, "connector SetupMsi.log", ART_LOG_MSI) \
	X(SRC_EVTX, "event log (.evtx)", ART_EVTX) \
	X(SRC_IIS, "IIS applicationHost.config", ART_IIS_APPHOST) \
	/* any certificate store: the SOFTWARE hive's or an exported file; \
	 * its state is set from the certificate model (certs_source_state) */ \
	X(SRC_CERTS, "certificate store", ART__COUNT)

enum fact_source {
#define X(sym, what, kind) sym,
	FACT_SOURCES(X)
#undef X
	SRC__COUNT
};
#define NEED(src) (1u << (src))

enum source_state { SOURCE_ABSENT, SOURCE_OK, SOURCE_ERROR };

struct source {
	enum source_state state;
	const char *what;      /* "SYSTEM hive" */
	char *error;           /* SOURCE_ERROR: names the file and what failed */
	struct regsrc reg;     /* SOURCE_OK: the hive, or the .reg exports of it
				* (reg.hive NULL, reg.view set), or both */
	const struct artifact *artifact; /* SOURCE_OK: the artifact, any kind */
};

/* A string fact with where it came from. value NULL = not recorded. */
struct fact_text {
	char *value;
	const char *artifact;
	char *location;        /* value NULL: where it was looked for, when known */
	char *error;           /* present but unreadable (wrong type...) */
};

/* One HTTP.sys TLS binding (SslBindingInfo, SslSniBindingInfo, SslCcsBindingInfo). */
struct ssl_binding {
	const char *table;     /* "SslBindingInfo" ... */
	char *name;            /* subkey name, e.g. 0.0.0.0:443 */
	char *endpoint;        /* HostnamePort when present, else the name */
	long port;             /* -1 when the endpoint has no port */
	char *keypath;         /* full key path for evidence */
	int hash_state;        /* 1 present, 0 absent, -1 unreadable or wrong type */
	size_t hash_size;
	char *thumbprint;      /* uppercase hex of SslCertHash when present */
	char *store;           /* SslCertStoreName, NULL = absent (HTTP.sys uses MY) */
	char *problem;         /* a read problem for this binding */
	const char *artifact;  /* the file that holds keypath */
	char *hash_location;   /* evidence location of SslCertHash (with a .reg line) */
	char *store_location;  /* evidence location of SslCertStoreName */
};

/* The identity of the application pool that serves /CertSrv/mscep, filled
 * by the IIS area, read by the rights area. known = 0 until then. */
struct pool_identity {
	int known;
	char *pool;            /* app pool name, normally SCEP */
	char *identity_type;   /* ApplicationPoolIdentity, SpecificUser, ... */
	char *user_name;       /* SpecificUser only; never the password */
	const char *artifact;
	char *location;        /* XML line or path of the setting */
};

struct iis_model;

/* What this NDES server serves (issue 14.2): Intune through the current or
 * the legacy connector, a standalone NDES handing out challenge passwords,
 * or unknown when the bundle cannot show it. */
enum deployment {
	DEPLOY_UNKNOWN,
	DEPLOY_INTUNE_CURRENT,
	DEPLOY_INTUNE_LEGACY,
	DEPLOY_STANDALONE
};

struct deployment_fact {
	enum deployment mode;
	int forced;            /* set by --deployment */
	char *evidence;        /* what decided it, one sentence (heap) */
};

/* "intune-current", "intune-legacy", "standalone", "unknown". */
const char *deployment_name(enum deployment d);
struct facts;
/* Decide f->deployment from the connector, registry and IIS facts (after
 * they are built), or from forced ("intune" / "standalone", --deployment). */
void deployment_decide(struct facts *f, const char *forced);

struct facts_options {
	int64_t as_of;
	int warn_days;
	const char *fqdn;      /* --fqdn, or NULL */
	const char *deployment; /* --deployment intune|standalone, or NULL: decided */
};

struct facts {
	int64_t as_of;
	int warn_days;
	const struct bundle *bundle;
	struct source src[SRC__COUNT];

	/* SYSTEM: the current control set, from Select\Current. */
	unsigned control_set;
	char control_set_key[24]; /* "ControlSet002", or "CurrentControlSet" (.reg exports made live) */

	/* Host identity. */
	struct fact_text hostname, domain, computername;
	struct fact_text os_product, os_build, os_ubr, os_display_version;
	char *fqdn;               /* chosen FQDN, NULL when unknown */
	const char *fqdn_origin;  /* "--fqdn" or "SYSTEM hive" */

	/* Newest key timestamp across hives; has_collected_at = 0 when none. */
	int64_t collected_at;
	int has_collected_at;

	/* Intune connector generation (SOFTWARE hive). */
	struct connector_facts connector;
	/* The deployment mode, decided from the connector, MSCEP and IIS facts. */
	struct deployment_fact deployment;

	/* Every certificate and CRL: SOFTWARE hive stores and exported files. */
	struct cert_facts certs;

	/* The SCEP application pool's identity (IIS area). */
	struct pool_identity scep_pool;

	/* User rights from security templates and the SECURITY hive. */
	struct rights_facts rights;
	/* The IIS model and resolver (iis.h); NULL without a readable
	 * applicationHost.config. */
	struct iis_model *iis;

	/* HTTP.sys TLS bindings of the current control set. */
	struct ssl_binding *bindings;
	size_t nbindings;
	char *bindings_error;     /* reading the binding tables failed */

	/* Logs and events, merged over every readable log file (never NULL
	 * after facts_build). */
	struct log_facts *logs;

	char *bindings_uncovered; /* tables the .reg exports do not hold, "A, B" */
	char *bindings_params_key;   /* ControlSetNNN\Services\HTTP\Parameters */
	char *bindings_table_key;    /* ...\Parameters\SslBindingInfo */
	const char *bindings_table_artifact; /* the file that holds (or would) that key */
	const char *bindings_source; /* the SYSTEM hive, or its first .reg export */
	char *bindings_coverage;     /* with bindings_uncovered: what the .reg exports cover */

	/* The registry settings the checks judge (regfacts.h), by RF_ id. */
	struct regfact reg[RF__COUNT];
};

/* Build the model. The artifacts get the notes that only the model can
 * give: .reg exports that disagree with the hive, web.config files that
 * belong to no application. */
void facts_build(struct facts *f, struct bundle *b, const struct facts_options *o);
void facts_free(struct facts *f);
/* "ControlSet002\<rel>" for the current control set; heap string. */
char *facts_cs_path(const struct facts *f, const char *rel);
const char *fact_source_name(enum fact_source s);

#endif
