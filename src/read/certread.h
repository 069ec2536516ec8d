/* Certificate store readers: registry Blobs (certblob.c), serialized stores
 * (sst.c) and certificate files: DER, PEM, PKCS#7, PKCS#12 (certfile.c).
 * They turn bytes into elements (a DER certificate, CRL or CTL and the
 * properties stored beside it). src/facts/certs.c turns elements into the
 * certificate model. Nothing here decodes X.509 beyond what it takes to
 * tell the kinds apart, and nothing here ever decrypts a private key.
 * Returns: 0 ok / -1 error (e says where: offset, line, record). */
#ifndef NDES_AUDIT_CERTREAD_H
#define NDES_AUDIT_CERTREAD_H

#include <stddef.h>
#include <stdint.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"

/* Context record ids (CERT_CERT_PROP_ID, CERT_CRL_PROP_ID, CERT_CTL_PROP_ID). */
#define CERTREC_CERT 0x20u
#define CERTREC_CRL 0x21u
#define CERTREC_CTL 0x22u

/* Property ids the model uses. */
#define CERTPROP_KEY_PROV_INFO 2u
#define CERTPROP_SHA1_HASH 3u
#define CERTPROP_ENHKEY_USAGE 9u
#define CERTPROP_FRIENDLY_NAME 11u

/* Bounds on what one store or file may hold. */
#define CERTREAD_MAX_PROPS 512          /* properties before one context record */
#define CERTREAD_MAX_ELEMS 1000000      /* elements in one file */
#define CERTREAD_MAX_FILE (256u * 1024u * 1024u)
#define CERTREAD_MAX_PEM_BLOCK (16u * 1024u * 1024u)

enum cert_elem_kind { CELEM_CERT, CELEM_CRL, CELEM_CTL };

/* KEY_PROV_INFO (property 2) in its persisted form (formats.md 1.4). The
 * container name is kept for matching only and is never printed. */
struct key_prov_info {
	char *container;
	char *provider;        /* NULL when the record gives none */
	uint32_t prov_type;    /* 0 = CNG key storage provider, else a CryptoAPI CSP type */
	uint32_t flags;
	uint32_t key_spec;
};

struct cert_elem {
	enum cert_elem_kind kind;
	uint8_t *der;          /* the context record / the decoded DER */
	size_t der_len;
	uint8_t sha1[20];      /* SHA-1 of der: the thumbprint */
	uint64_t offset;       /* where the element starts in its file or Blob */
	unsigned index;        /* 1-based position among the file's elements */
	unsigned dups;         /* further identical copies in the same file */
	int has_props;         /* the source stores properties (Blob, SST) */
	unsigned nprops;
	int has_sha1_prop;     /* property 3 */
	uint8_t sha1_prop[20];
	struct key_prov_info *kpi; /* property 2, NULL when absent */
	uint8_t *eku_prop;     /* property 9: DER of an EKU extension value */
	size_t eku_prop_len;
	int has_eku_prop;
	char *friendly_name;   /* property 11 */
	char *problem;         /* a property that is present but malformed */
};

struct cert_elems {
	struct cert_elem *v;
	size_t n, cap;
	size_t *slots;         /* open-addressing index on sha1, for duplicates */
	size_t nslots;
	size_t dups;           /* copies dropped in all */
};

void cert_elem_clear(struct cert_elem *el);
/* Take el (moved, cleared) into the list, unless an element of the same
 * kind and SHA-1 is there already: then it only counts a copy. Returns 1
 * when added, 0 when a duplicate. */
int cert_elems_add(struct cert_elems *l, struct cert_elem *el);
/* 1 (and the copy counted) when an element of that kind and SHA-1 is in
 * the list already, else 0. */
int cert_elems_count_dup(struct cert_elems *l, enum cert_elem_kind kind, const uint8_t sha1[20]);
void cert_elems_free(struct cert_elems *l);

/* Read one serialized element starting at *pos: property records, then one
 * context record (0x20 certificate, 0x21 CRL, 0x22 CTL). With allow_end, a
 * record of id 0 (the end marker of a serialized store) ends the stream
 * (*end = 1), and so does the end of the data at a record boundary
 * (*end = 2); nothing is read then. Every length is checked against n. */
int certrec_read_element(const uint8_t *data, size_t n, size_t *pos, int allow_end,
			 struct cert_elem *out, int *end, struct nerr *e);

/* A registry Blob value: exactly one serialized element, no file header
 * and no end marker. Trailing bytes after the context record are an
 * error. */
int certblob_parse(const uint8_t *data, size_t n, struct cert_elem *out, struct nerr *e);

/* Canonical name of a certificate store ("ROOT", "AuthRoot", "CA", "MY",
 * "Disallowed", ...) for a name as written in the registry, on a file or
 * folder, or on the command line; NULL when it is not a known store. */
const char *certstore_canonical(const char *name);

/* --store NAME=PATH: files at or under PATH belong to store NAME. */
struct store_override {
	char *name;            /* canonical when known, else as given */
	char *path;            /* as given */
	char *real;            /* realpath, for matching */
};

/* The most key-derivation iterations a PKCS#12 file may ask for, in its
 * integrity check (MAC) or in the encryption of a certificate safe (PKCS#12
 * PBE or PBES2/PBKDF2). Windows exports use 2,000 to 10,000; each
 * iteration is paid for every password tried, and a 2.5 KB file asking for
 * 2^31-1 costs minutes, so a larger count is refused before any is run. */
#define PKCS12_MAX_ITERATIONS 1000000

struct certread_options {
	const char *pfx_password;      /* NULL: no --pfx-password-file */
	size_t pfx_password_len;
	const struct store_override *stores;
	size_t nstores;
};

/* A certificate file or serialized store, as the artifact's handle. */
struct certfile {
	enum artifact_kind kind;
	char *store;           /* canonical store, NULL when neither name nor --store says */
	char *store_origin;    /* "--store Root=...", "file name Root.sst", "folder name CA" */
	struct cert_elems elems;
	int has_props;         /* elements carry properties (serialized store) */
	int pem;               /* offsets are PEM line numbers */
	size_t ncerts, ncrls, nctls;
	size_t keys_skipped;   /* private keys seen and left alone (PEM, PKCS#12) */
	char *warning;         /* readable, with a doubt (no end marker...) */
};

/* Content sniffing for discovery (first bytes of a file). */
enum artifact_kind certfile_sniff(const unsigned char *head, size_t n, const char **note);

/* Read an artifact of a certificate kind. root_len: how much of path is
 * the command-line path, so only folders inside the bundle name a store. */
int certfile_read(const char *path, size_t root_len, enum artifact_kind kind,
		  const struct certread_options *o, struct certfile **out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link). fd stays the caller's. */
int certfile_read_fd(int fd, const char *path, size_t root_len, enum artifact_kind kind,
		     const struct certread_options *o, struct certfile **out, struct nerr *e);
/* The same reader on bytes in memory (tests, fuzzers); name stands for the
 * file in errors. No store is named (store and store_origin stay NULL). */
int certfile_parse(const char *name, const uint8_t *buf, size_t len, enum artifact_kind kind,
		   const struct certread_options *o, struct certfile **out, struct nerr *e);
void certfile_free(struct certfile *cf);
void certfile_free_void(void *cf);

/* Serialized store (.sst) from memory; used by certfile_read. */
int sst_parse(const uint8_t *data, size_t n, struct cert_elems *out, char **warning,
	      struct nerr *e);

/* Which store a file belongs to: --store first (longest matching path),
 * then the nearest folder inside the bundle named after a store, then the
 * file name. */
void certstore_for_path(const char *path, size_t root_len, const struct certread_options *o,
			char **store, char **origin);

#endif
