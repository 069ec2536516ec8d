/* The certificate model: every certificate and CRL the bundle holds, from
 * the SOFTWARE hive's stores (local machine, Group Policy, Enterprise) and
 * from exported store files, decoded once. A certificate found in several
 * places is one `struct cert` with one `struct cert_place` per place; each
 * place keeps its physical store and its source (hive key path or file)
 * for evidence. Checks read this model only: it exposes no OpenSSL type.
 * src/facts/certs.c builds it (the OpenSSL decoding lives there). */
#ifndef NDES_AUDIT_CERTS_H
#define NDES_AUDIT_CERTS_H

#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "registry.h"

#define OID_EKU_SERVER_AUTH "1.3.6.1.5.5.7.3.1"
#define OID_EKU_CLIENT_AUTH "1.3.6.1.5.5.7.3.2"
#define OID_EKU_REQUEST_AGENT "1.3.6.1.4.1.311.20.2.1" /* Certificate Request Agent */
#define OID_EKU_ANY "2.5.29.37.0"

/* Key usage bits (RFC 5280 order, as the first byte of the bit string). */
#define CERT_KU_DIGITAL_SIGNATURE 0x80u
#define CERT_KU_NON_REPUDIATION 0x40u
#define CERT_KU_KEY_ENCIPHERMENT 0x20u
#define CERT_KU_DATA_ENCIPHERMENT 0x10u
#define CERT_KU_KEY_AGREEMENT 0x08u
#define CERT_KU_KEY_CERT_SIGN 0x04u
#define CERT_KU_CRL_SIGN 0x02u

/* Bounds on what one certificate contributes to the model. */
#define CERT_MAX_NAMES 256        /* SAN dNSNames, EKUs, URLs kept per certificate */
#define CERT_MAX_TEXT 512         /* characters of a subject or issuer kept for display */
#define CERT_MAX_CERTS 1000000    /* certificates and CRLs in one bundle */
#define CHAIN_MAX 12              /* links in a chain */

enum cert_origin {
	CORIGIN_LOCAL,      /* SOFTWARE Microsoft\SystemCertificates */
	CORIGIN_GPO,        /* SOFTWARE Policies\Microsoft\SystemCertificates: pushed by a GPO */
	CORIGIN_ENTERPRISE, /* SOFTWARE Microsoft\EnterpriseCertificates: published in AD */
	CORIGIN_FILE        /* an exported store or certificate file */
};

/* Where one copy of a certificate is. */
struct cert_place {
	size_t cert;             /* index into cert_facts.certs */
	const char *store;       /* canonical store name, or the key name when not a known store */
	char *store_key;         /* the store's key name as found in the hive; NULL for files */
	enum cert_origin origin;
	const char *artifact;    /* the hive or the file (owned by the bundle) */
	char *location;          /* key path of the element, or where in the file */
	int has_props;           /* the source keeps properties (Blob, serialized store) */
	/* KEY_PROV_INFO (property 2): a reference to the private key. The
	 * container name is never copied into the model. */
	int has_key;
	char *key_provider;
	uint32_t key_prov_type;  /* 0 = CNG key storage provider */
	uint32_t key_spec;
	char *friendly_name;
	/* Enhanced key usage as Windows sees it here: the extension narrowed by
	 * the ENHKEY_USAGE property (9) when the place has one. */
	int eku_any;             /* no restriction: every usage */
	char **eku;
	size_t neku;
	int eku_from_prop;       /* property 9 took part */
	unsigned copies;         /* identical copies in the same source */
};

struct cert {
	char sha1[41];           /* uppercase hex: the thumbprint */
	char sha256[65];
	char *subject, *issuer;  /* most specific RDN first, capped at CERT_MAX_TEXT */
	char *subject_cn, *issuer_cn; /* NULL when the name has no CN */
	char *serial;            /* uppercase hex */
	int64_t not_before, not_after;
	int validity_ok;         /* the dates decoded */
	int is_ca;
	int ku_present;
	unsigned ku;             /* CERT_KU_* bits */
	int eku_ext;             /* the EKU extension is present */
	char **eku;              /* its OIDs, dotted */
	size_t neku;
	char **san_dns;
	size_t nsan_dns;
	char *template_name;     /* 1.3.6.1.4.1.311.20.2 (BMPString) */
	char *template_oid;      /* 1.3.6.1.4.1.311.21.7, "OID" or "OID v100.5" */
	char **cdp;              /* CRL distribution point URLs */
	size_t ncdp;
	char **aia;              /* authority information access URLs ("OCSP: ..." for OCSP) */
	size_t naia;
	char *ski, *aki;         /* key identifiers, hex, NULL when absent */
	int name_self;           /* issuer name equals subject name */
	int name_exact;          /* issuer name's DER equals subject name's DER, byte for byte */
	int self_signed;         /* 1 name_self AND its own key verifies it; 0 not; -1 cannot tell */
	char *self_signed_why;   /* why not, when name_self */
	size_t *issuers;         /* certificates whose subject is this issuer and whose key
				    verifies this signature */
	size_t nissuers;
	int issuer_name_only;    /* a certificate carries the issuer's name but its key does
				    not verify this one */
	size_t *places;          /* indices into cert_facts.places */
	size_t nplaces;
	/* internal to the builder */
	unsigned long subject_hash, issuer_hash;
	const uint8_t *der;
	size_t der_len;
	uint8_t *der_owned;
};

struct crl {
	char sha1[41];
	const char *store;
	char *store_key;
	enum cert_origin origin;
	const char *artifact;
	char *location;
	char *issuer, *issuer_cn;
	int64_t this_update, next_update;
	int has_next_update;
	char **revoked;          /* uppercase hex serial numbers, sorted */
	size_t nrevoked;
	int revoked_truncated;
	char *aki;               /* authority key identifier (hex), or NULL */
	int signature;           /* 1: verified with a certificate of its issuer in the
				    bundle (signer); 0: no such certificate to check it
				    with; -1: its issuer's certificates do not verify it */
	size_t signer;
};

/* An element or source that could not be read, or a doubt about one. */
struct cert_problem {
	int error;               /* 1 unreadable; 0 a doubt (key name mismatch...) */
	const char *artifact;
	char *location;
	char *store;             /* the store it belongs to, when known */
	char *message;
};

/* A file source: which store it stands for and whether it was read. */
struct cert_file {
	const char *artifact;
	const char *name;        /* artifact_name(): the result target */
	enum artifact_kind kind;
	char *store;             /* NULL when no name says */
	char *store_origin;
	int ok;
	const char *error;       /* the artifact's error when !ok */
	int has_props;
	size_t ncerts;
};

/* A thumbprint named by a registry value. */
struct cert_ref {
	int state;               /* 1 set, 0 absent, -1 unreadable, -2 not in the
				  * .reg exports (error says what they cover) */
	char *raw;               /* as stored */
	char thumb[41];          /* normalised, "" when the value is not a thumbprint */
	const char *artifact;
	char *location;          /* key\value */
	char *error;
};

struct cert_facts {
	/* The SOFTWARE hive as a certificate source: 1 it has
	 * Microsoft\SystemCertificates, 0 it does not (or there is no hive),
	 * -1 it could not be read (hive_error says why). */
	int hive_state;
	const char *hive_artifact;
	char *hive_error;
	struct cert *certs;
	size_t ncerts;
	struct cert_place *places;
	size_t nplaces;
	struct crl *crls;
	size_t ncrls;
	size_t nctls;            /* trust lists seen (not read) */
	struct cert_problem *problems;
	size_t nproblems;
	struct cert_file *files;
	size_t nfiles;
	/* Names of stores Windows does not define in certstore_canonical's
	 * table, as found (owned here; places and CRLs point into it). */
	struct strlist other_stores;
	/* Registry values that name certificates (SOFTWARE hive). */
	struct cert_ref policy;       /* MSCEP\Modules\NDESPolicy\NDESCertThumbprint */
	struct cert_ref connector;    /* PFXCertificateConnector\EncryptionCertThumbprint */
	struct cert_ref ca_config;    /* MSCEP\CAInfo\Configuration (thumb unused) */
	/* SOFTWARE comes as .reg exports only and they do not cover
	 * CERTS_LOCAL_ROOT: what they do cover, for `ne` messages; else NULL. */
	char *hive_uncovered;
};

/* The SOFTWARE keys that hold certificate stores, by origin. */
#define CERTS_LOCAL_ROOT "Microsoft\\SystemCertificates"
#define CERTS_GPO_ROOT "Policies\\Microsoft\\SystemCertificates"
#define CERTS_ENTERPRISE_ROOT "Microsoft\\EnterpriseCertificates"
/* The key of origin o's stores (CORIGIN_LOCAL, _GPO, _ENTERPRISE), or NULL. */
const char *cert_origin_root(enum cert_origin o);

#define POLICY_THUMB_KEY "Microsoft\\Cryptography\\MSCEP\\Modules\\NDESPolicy"
#define POLICY_THUMB_VALUE "NDESCertThumbprint"
#define CONNECTOR_THUMB_KEY "Microsoft\\MicrosoftIntune\\PFXCertificateConnector"
#define CONNECTOR_THUMB_VALUE "EncryptionCertThumbprint"
#define CA_CONFIG_KEY "Microsoft\\Cryptography\\MSCEP\\CAInfo"
#define CA_CONFIG_VALUE "Configuration"

/* Build the model from the SOFTWARE hive (software NULL when the bundle has
 * none; software_error set when it could not be read) and every
 * certificate artifact of the bundle. */
void certs_build(struct cert_facts *cf, const struct bundle *b, const struct regsrc *software,
		 const char *software_error);
void certs_free(struct cert_facts *cf);
/* The bundle's certificate stores as one fact source: 1 at least one store
 * was read (the hive's, or an exported file's), -1 there are some and none
 * could be read (*error, heap, says why), 0 there are none. */
int certs_source_state(const struct cert_facts *cf, char **error);

/* A thumbprint as people write it: any case, spaces, colons, the invisible
 * marks the Windows certificate dialog copies along. 0 and out set (40
 * uppercase hex digits), or -1 when it is not 20 bytes of hex. */
int thumb_normalize(const char *in, char out[41]);

/* Is the place in the store? ROOT means logical Root (ROOT and AuthRoot,
 * from every origin). Store names compare case-insensitively. */
int place_in_store(const struct cert_place *p, const char *store);

enum store_state {
	STORE_ABSENT,            /* no source in the bundle for this store */
	STORE_KNOWN,             /* every source for it was read */
	STORE_PARTIAL,           /* read, but a source or element for it could not be */
	STORE_ERROR              /* its only sources could not be read */
};
/* What the bundle tells about a store; *why (heap) names the sources or the
 * failures. */
enum store_state certs_store_state(const struct cert_facts *cf, const char *store, char **why);

/* Places of the certificate with this thumbprint in the store, in model
 * order (hive before files): returns how many, and the first in *first. */
size_t certs_find(const struct cert_facts *cf, const char *store, const char *thumb,
		  const struct cert_place **first);

/* Effective EKU of a place: 1 when it allows oid (or every usage). */
int place_has_eku(const struct cert_place *p, const char *oid);
/* "Server Authentication (1.3.6.1.5.5.7.3.1), ..." or "every usage"; heap. */
char *place_eku_text(const struct cert_place *p);
const char *eku_name(const char *oid);

/* "ROOT", "Group Policy Root", "Enterprise NTAuth", "Root (exported file)". Heap. */
char *place_store_label(const struct cert_place *p);

/* Chain building over the model, at a given time. */
enum chain_status {
	CHAIN_OK,                /* ends at a certificate in logical Root, every link valid */
	CHAIN_NOT_TIME_VALID,    /* complete, but a link is outside its validity */
	CHAIN_DISALLOWED,        /* a link is in the Disallowed store */
	CHAIN_UNTRUSTED_ROOT,    /* ends at a self-signed certificate not in logical Root */
	CHAIN_NO_ISSUER,         /* the issuer of the last link is in no store */
	CHAIN_TOO_LONG
};
struct cert_chain {
	size_t link[CHAIN_MAX];  /* certificate indices, leaf first */
	size_t n;
	enum chain_status status;
	size_t bad;              /* index into link[] of the link at fault */
};
void certs_chain(const struct cert_facts *cf, size_t leaf, int64_t at, struct cert_chain *out);
const char *chain_status_name(enum chain_status s);
/* Is the certificate in a store the chain engine reads (any known store)? */
int cert_available(const struct cert_facts *cf, size_t cert, int *disallowed);
int cert_in_root(const struct cert_facts *cf, size_t cert);

/* 1 when the serial is on a cached CRL of the certificate's issuer (by
 * issuer name) whose signature is not known to be bad; *crl receives it.
 * -1 when it is on none of them but such a CRL was truncated at
 * MAX_REVOKED serials (*crl receives that CRL): the answer is unknown.
 * 0 when it is on none. */
int certs_revoked(const struct cert_facts *cf, const struct cert *c, const struct crl **crl);

#endif
