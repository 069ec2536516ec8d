/* The registry settings the checks judge, read once by facts_build into
 * typed values (src/facts/regfacts.c holds the key paths). A check reads
 * f->reg[RF_...] and never asks the registry itself: every value carries
 * its state (found / absent / not in the evidence / unreadable), its data,
 * where it was read, and what a disagreeing .reg export says about it. */
#ifndef NDES_AUDIT_REGFACTS_H
#define NDES_AUDIT_REGFACTS_H

#include <stdint.h>
#include <stdio.h>

#include "bundle.h"
#include "regval.h"

/* Every registry fact, by the area that reads it. A _KEY fact is the
 * existence of a key; the others are values. */
#define REG_FACT_IDS(X)                                                              \
	/* host */                                                                  \
	X(RF_CERTSVC_KEY) X(RF_PRODUCT_TYPE) X(RF_DOTNET_RELEASE) X(RF_DOTNET_KEY)  \
	X(RF_IE_ESC) X(RF_IE_ESC_KEY) X(RF_ROOT_AUTOUPDATE)                          \
	/* HTTP.sys */                                                              \
	X(RF_HTTP_MAX_FIELD_LENGTH) X(RF_HTTP_MAX_REQUEST_BYTES)                     \
	/* services: key, Start, DelayedAutostart, Type, ImagePath */                 \
	X(RF_SVC_NDESCONNECTOR_KEY) X(RF_SVC_NDESCONNECTOR_START) X(RF_SVC_NDESCONNECTOR_DELAYED) \
	X(RF_SVC_NDESCONNECTOR_TYPE) X(RF_SVC_NDESCONNECTOR_IMAGEPATH) X(RF_SVC_NDESCONNECTOR_OBJECTNAME) \
	X(RF_SVC_PFXCONNECTOR_KEY) X(RF_SVC_PFXCONNECTOR_START) X(RF_SVC_PFXCONNECTOR_DELAYED) \
	X(RF_SVC_PFXCONNECTOR_TYPE) X(RF_SVC_PFXCONNECTOR_IMAGEPATH) X(RF_SVC_PFXCONNECTOR_OBJECTNAME) \
	X(RF_SVC_PKICREATE_KEY) X(RF_SVC_PKICREATE_START) X(RF_SVC_PKICREATE_DELAYED) \
	X(RF_SVC_PKICREATE_TYPE) X(RF_SVC_PKICREATE_IMAGEPATH) X(RF_SVC_PKICREATE_OBJECTNAME) \
	X(RF_SVC_PFXCREATELEGACY_KEY) X(RF_SVC_PFXCREATELEGACY_START) X(RF_SVC_PFXCREATELEGACY_DELAYED) \
	X(RF_SVC_PFXCREATELEGACY_TYPE) X(RF_SVC_PFXCREATELEGACY_IMAGEPATH) X(RF_SVC_PFXCREATELEGACY_OBJECTNAME) \
	X(RF_SVC_PKIREVOKE_KEY) X(RF_SVC_PKIREVOKE_START) X(RF_SVC_PKIREVOKE_DELAYED) \
	X(RF_SVC_PKIREVOKE_TYPE) X(RF_SVC_PKIREVOKE_IMAGEPATH) X(RF_SVC_PKIREVOKE_OBJECTNAME) \
	X(RF_SVC_W3SVC_KEY) X(RF_SVC_W3SVC_START) X(RF_SVC_W3SVC_DELAYED)             \
	X(RF_SVC_W3SVC_TYPE) X(RF_SVC_W3SVC_IMAGEPATH) X(RF_SVC_W3SVC_OBJECTNAME)     \
	X(RF_SVC_WAS_KEY) X(RF_SVC_WAS_START) X(RF_SVC_WAS_DELAYED)                   \
	X(RF_SVC_WAS_TYPE) X(RF_SVC_WAS_IMAGEPATH) X(RF_SVC_WAS_OBJECTNAME)           \
	X(RF_SVC_WAPCSVC_KEY) X(RF_SVC_WAPCSVC_START) X(RF_SVC_WAPCSVC_DELAYED)       \
	X(RF_SVC_WAPCSVC_TYPE) X(RF_SVC_WAPCSVC_IMAGEPATH) X(RF_SVC_WAPCSVC_OBJECTNAME) \
	/* IIS role services installed (SOFTWARE Microsoft\InetStp\Components) */ \
	X(RF_INETSTP_KEY) X(RF_INETSTP_REQUEST_FILTERING) X(RF_INETSTP_ISAPI_EXT)     \
	X(RF_INETSTP_ISAPI_FILTER) X(RF_INETSTP_NETFX_EXT45) X(RF_INETSTP_ASPNET45)   \
	X(RF_INETSTP_STATIC_CONTENT)                                                 \
	/* NDES role and mscep.dll settings */                                      \
	X(RF_MSCEP_KEY) X(RF_NDES_CONFIG_STATUS)                                     \
	X(RF_MSCEP_SIGNATURE_TEMPLATE) X(RF_MSCEP_ENCRYPTION_TEMPLATE) X(RF_MSCEP_GENERAL_TEMPLATE) \
	X(RF_MSCEP_CAINFO_KEY) X(RF_MSCEP_CAINFO)                                    \
	X(RF_MSCEP_CATYPE_KEY) X(RF_MSCEP_CATYPE)                                    \
	X(RF_MSCEP_ENFORCEPASSWORD_KEY) X(RF_MSCEP_ENFORCEPASSWORD)                  \
	X(RF_MSCEP_PASSWORDVDIR_KEY) X(RF_MSCEP_PASSWORDVDIR)                        \
	X(RF_MSCEP_USESINGLEPASSWORD_KEY) X(RF_MSCEP_USESINGLEPASSWORD)              \
	X(RF_MSCEP_POLICY)                                                           \
	/* the CA template cache, and the key of each MSCEP template name in it */   \
	X(RF_TCACHE_KEY) X(RF_TCACHE_SIGNATURE_KEY) X(RF_TCACHE_ENCRYPTION_KEY)      \
	X(RF_TCACHE_GENERAL_KEY)                                                     \
	/* Intune connector settings */                                             \
	X(RF_CONN_SIGNING_CERT) X(RF_CONN_PFX_SIGNING_CERT) X(RF_CONN_KRA_CERT)      \
	X(RF_CONN_ISSUE_DETAILS) X(RF_CONN_ENABLE_SCEP)

enum regfact_id {
#define X(id) id,
	REG_FACT_IDS(X)
#undef X
	RF__COUNT
};

enum regfact_state {
	RF_FOUND,      /* the value (or key) is there */
	RF_ABSENT,     /* the evidence says it does not exist */
	RF_UNCOVERED,  /* not in the evidence: .reg exports that do not hold the key,
			* or no readable hive of that kind (`ne`, never `fail`) */
	RF_ERROR       /* the evidence holds it but it cannot be read */
};

struct regfact {
	enum regfact_state st;
	struct regval v;        /* RF_FOUND value facts: type and data */
	char *why;              /* RF_UNCOVERED / RF_ERROR: names the file and key */
	char *key;              /* the key path as looked up ("ControlSet001\Services\W3SVC") */
	const char *name;       /* the value name; NULL for a key's existence */
	const char *artifact;   /* the file that holds it (or would) */
	char *location;         /* "KEY\NAME", with " (line N)" for a .reg export */
	/* With a hive and .reg exports of it that say something else about
	 * the value: where the export says it and what. NULL otherwise. */
	const char *x_artifact;
	char *x_location;
	char *x_value;
	/* A Policies value a GPO's registry.pol in the bundle sets: the GPO
	 * ("GPO {GUID} (display name)"), and what the hive holds locally
	 * (which the GPO's value overrides when policy is applied), shown and
	 * where. NULL otherwise; the fact itself is then the GPO's value. */
	char *gpo;
	const char *local_artifact;
	char *local_location;
	char *local_value;
};

struct facts;

/* Read every registry fact from the readable SYSTEM and SOFTWARE sources
 * (after the current control set is known). */
void regfacts_build(struct facts *f);
/* "GPO {GUID} (display name)" from the GPT.INI of that GPO in the bundle,
 * or "GPO {GUID}" without one (heap). */
char *gpo_label(const struct bundle *b, const char *guid);
/* The displayName of that GPO's GPT.INI in the bundle, or NULL. */
const char *gpo_display_name(const struct bundle *b, const char *guid);
void regfacts_free(struct regfact *rf, size_t n);
const char *regfact_id_name(enum regfact_id id);
const char *regfact_state_name(enum regfact_state st);

/* Typed access, pure functions of the fact. */
/* 0 with *out when the fact is a found REG_DWORD, else -1 (e, when not
 * NULL, says what the type is instead). */
int regfact_dword(const struct regfact *r, uint32_t *out, struct nerr *e);
/* The value as text when it is a found REG_SZ or REG_EXPAND_SZ (heap), else NULL. */
char *regfact_text(const struct regfact *r);
/* "65534 (0xfffe)", "\"text\"", "(absent)", "(not in the evidence)",
 * "(unreadable)"; "(present)" for a found key. Heap string. */
char *regfact_show(const struct regfact *r);

/* --dump-facts: one line per registry fact, "KEY\NAME = VALUE  # state, file". */
void regfacts_dump(FILE *out, const struct facts *f);

#endif
