/* Discovery: every input file, what it is (by content), its SHA-256, and
 * whether its reader could use it. The artifact manifest of the report. */
#ifndef NDES_AUDIT_BUNDLE_H
#define NDES_AUDIT_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* What a file is. The names (artifact_kind_name) are public: they appear in
 * the JSON manifest. A new artifact kind adds a row here, and a reader
 * descriptor (sniffer beside its reader) in src/bundle/read.c. */
#define ARTIFACT_KINDS(X)                                                     \
	X(ART_UNKNOWN, "unknown")         /* no reader claims it: ignored */  \
	X(ART_HIVE, "hive")               /* regf, not (yet) classified */    \
	X(ART_HIVE_SYSTEM, "hive.system")                                     \
	X(ART_HIVE_SOFTWARE, "hive.software")                                 \
	X(ART_HIVE_SECURITY, "hive.security")                                 \
	X(ART_HIVE_OTHER, "hive.other")                                       \
	X(ART_HIVE_USER, "hive.user")     /* a user's hive: context, no check reads it */ \
	X(ART_HIVE_LOG, "hive.log")       /* transaction log: not replayed */ \
	X(ART_SECPOL_EXPORT, "secpol.export") /* security template: secedit export */ \
	X(ART_SECPOL_GPO, "secpol.gpo")   /* security template of a GPO (GptTmpl.inf) */ \
	X(ART_LOG_IIS, "log.iis")         /* IIS W3C log (u_ex*.log) */       \
	X(ART_LOG_HTTPERR, "log.httperr") /* HTTP.sys error log */            \
	X(ART_LOG_MSI, "log.msi")         /* MSI verbose log (SetupMsi.log) */ \
	X(ART_EVTX, "evtx")               /* Windows event log */            \
	X(ART_IIS_CONFIG, "iis.config")   /* <configuration>, unclassified */ \
	X(ART_IIS_APPHOST, "iis.applicationhost")                             \
	X(ART_IIS_WEBCONFIG, "iis.webconfig")                                 \
	X(ART_REG, "reg")                 /* .reg export, not (yet) classified */ \
	X(ART_REG_SYSTEM, "reg.system")   /* .reg export of SYSTEM keys */     \
	X(ART_REG_SOFTWARE, "reg.software")                                   \
	X(ART_REG_SECURITY, "reg.security")                                   \
	X(ART_REG_MULTI, "reg.multi")     /* keys of several of those hives */ \
	X(ART_REG_OTHER, "reg.other")     /* none of them (HKCU, HKCR...) */ \
	X(ART_CERT_SST, "certstore.sst")  /* serialized certificate store */ \
	X(ART_CERT_X509, "cert.x509")     /* DER or PEM certificates */       \
	X(ART_CERT_CRL, "cert.crl")       /* DER or PEM CRLs */               \
	X(ART_CERT_PKCS7, "cert.pkcs7")   /* PKCS#7 bundle (.p7b) */          \
	X(ART_CERT_PKCS12, "cert.pkcs12") /* .pfx/.p12: certificates only */  \
	X(ART_CERT_CTL, "cert.ctl")       /* trust list: recognised, not read */ \
	X(ART_GPO_REGPOL, "gpo.registry.pol") /* a GPO's registry.pol (PReg) */ \
	X(ART_GPO_GPTINI, "gpo.gpt.ini")  /* a GPO's GPT.INI: its display name */ \
	X(ART_ARCHIVE, "archive")         /* zip, tar(.gz/.xz/.bz2), 7z, cab: its members are artifacts */

enum artifact_kind {
#define X(sym, name) sym,
	ARTIFACT_KINDS(X)
#undef X
	ART__COUNT
};

enum artifact_status { ART_OK, ART_ERROR, ART_IGNORED };

struct artifact {
	char *path;           /* as reached from the command line */
	uint64_t size;
	uint64_t dev, ino;    /* the file discovery opened: the readers and the hash
				 read this file, never one put at its path since */
	int follow;           /* named itself on the command line: a symbolic link
				 there is the user's choice, and is followed */
	int link_skipped;     /* a symbolic link inside a folder: listed, not followed */
	uint64_t member;      /* 0: a file; else which member of the archive at
				 dev/ino (1-based; an inner archive's member in the
				 high 32 bits): with dev and ino, the file's identity */
	size_t order;         /* when discovery met it: of two spellings of one
				 file, the first named is kept */
	int spooled;          /* an archive member a reader will read: its bytes
				 wait in spool_fd, an anonymous temporary file */
	int spool_fd;
	int streamed;         /* an archive member its reader read as it was
				 unpacked (discovery): bundle_read has nothing to do */
	char sha256[65];      /* lowercase hex; empty when the file could not be read */
	int hash_pending;     /* discovery read only the head: bundle_read() hashes it */
	uint64_t key_time;    /* a hive's newest key time (FILETIME), found while
				 hashing; 0: none */
	enum artifact_kind kind;
	enum artifact_status status;
	char *error;          /* ART_ERROR: what went wrong and where */
	char *detail;         /* library backtrace, shown under --verbose */
	char *note;           /* ART_IGNORED: why */
	char **warnings;      /* readable, but the reader has doubts (dirty hive) */
	size_t nwarnings;
	size_t root_len;      /* path[0..root_len) leads to the folder or file named on
				 the command line: only names after it may name a store */
	size_t name_off;      /* path + name_off: the path below the folder named on the
				 command line (a file named itself: its name); see
				 artifact_name() */
	void *handle;         /* the reader's open handle, owned here; reach it
				 through the typed accessors below */
	const struct reader_desc *reader; /* the reader whose sniffer claimed the
				 file (src/bundle/read.c); NULL: none */
};

struct certread_options;
struct reader_desc;

struct bundle {
	struct artifact *arts;
	size_t n, cap;
	const struct certread_options *certopts; /* --pfx-password-file, --store; may be NULL */
};

/* Limits on what a walk accepts from a hostile tree. */
#define BUNDLE_MAX_FILES 200000
#define BUNDLE_MAX_DEPTH 64
/* Limits on an archive (man/ndes-audit.1, LIMITS): bytes unpacked from one
 * archive in all; the ratio of unpacked to archive bytes, checked once
 * more than ARCHIVE_RATIO_FLOOR bytes were unpacked; one member's size;
 * members waiting in temporary files (each holds a descriptor) at once. */
#define ARCHIVE_MAX_TOTAL (4ull * 1024 * 1024 * 1024)
#define ARCHIVE_MAX_RATIO 100
#define ARCHIVE_RATIO_FLOOR (16ull * 1024 * 1024)
#define ARCHIVE_MAX_MEMBER (1ull * 1024 * 1024 * 1024)
#define ARCHIVE_MAX_SPOOLED 4096
/* Members waiting for their readers are kept in memory up to this many
 * bytes in all (declared sizes), the rest in anonymous temporary files. */
#define ARCHIVE_MAX_MEMSPOOL (256ull * 1024 * 1024)

void bundle_init(struct bundle *b);
void bundle_free(struct bundle *b);

/* Walk the paths (folders recursively; files as they are; symbolic links
 * inside folders are listed but never followed) and sniff each file.
 * Artifacts come out sorted by path. Returns 0, or -1 with e set when a
 * command-line path does not exist or cannot be read at all (a usage
 * error). */
int bundle_discover(struct bundle *b, char *const *paths, size_t npaths, struct nerr *e);

/* Classify content: the first bytes of a file (at most DISCOVER_HEAD). */
#define DISCOVER_HEAD 4096
enum artifact_kind discover_sniff(const unsigned char *head, size_t n, const char **note);

/* Open each artifact with the reader whose sniffer claimed it (hives:
 * opened once, classified by their keys), on one descriptor checked to be
 * the file discovery examined, while a second thread computes every
 * file's SHA-256; then mark two artifacts of a kind that must be unique as
 * errors naming each other. Notes that need the model (web.config
 * placement, .reg cross-checks) are added by facts_build. */
void bundle_read(struct bundle *b);

const char *artifact_kind_name(enum artifact_kind k);
/* The artifact's path below the folder named on the command line (for a
 * file named itself: its base name). Unlike path it does not depend on the
 * working directory or where the bundle was unpacked, so result targets
 * that name a file use it (their fingerprints stay stable). */
const char *artifact_name(const struct artifact *a);
const char *artifact_status_name(enum artifact_status s);
void artifact_set_error(struct artifact *a, const struct nerr *e);
void artifact_add_warning(struct artifact *a, const char *fmt, ...) NA_PRINTF(2, 3);

/* The reader's handle, typed: NULL unless that reader opened the artifact
 * and kept what it read. */
struct hive;
struct regexport;
struct iisconf;
struct inf;
struct certfile;
struct w3c_summary;
struct httperr_summary;
struct msi_summary;
struct evtx_summary;
struct hive *artifact_hive(const struct artifact *a);
const struct regexport *artifact_regexport(const struct artifact *a);
const struct iisconf *artifact_iisconf(const struct artifact *a);
const struct inf *artifact_inf(const struct artifact *a);
const struct certfile *artifact_certfile(const struct artifact *a);
const struct w3c_summary *artifact_w3c(const struct artifact *a);
const struct httperr_summary *artifact_httperr(const struct artifact *a);
const struct msi_summary *artifact_msi(const struct artifact *a);
const struct evtx_summary *artifact_evtx(const struct artifact *a);
struct preg;
const struct preg *artifact_preg(const struct artifact *a);
struct gptini;
const struct gptini *artifact_gptini(const struct artifact *a);
/* Close the reader's handle early (a file set aside after it was read). */
void artifact_drop_handle(struct artifact *a);

#endif
