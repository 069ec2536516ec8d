/* Log and event evidence: what the server actually did. The readers
 * (src/read/w3clog.c, httperr.c, setupmsi.c, evtx.c) stream one file each
 * into a summary of fixed size, whatever the size of the file; the facts
 * layer (src/facts/logs.c) merges the per-file summaries, and the log
 * checks read only the merged model. */
#ifndef NDES_AUDIT_LOGS_H
#define NDES_AUDIT_LOGS_H

#include <stddef.h>
#include <stdint.h>

#include "bundle.h"
#include "err.h"

/* At most this many distinct status (or reason, or event) buckets are kept
 * per file and per merged model; the rest are counted as "other". */
#define LOG_MAX_BUCKETS 64
/* A sample line kept for evidence is cut to this many bytes. */
#define LOG_SAMPLE_MAX 240

/* Where a line is: the artifact path (owned by the bundle) and the line. */
struct log_pos {
	const char *artifact;
	uint64_t line;
};

/* SCEP operations, from cs-uri-query operation=. */
enum scep_op { OP_GETCACAPS, OP_GETCACERT, OP_PKIOPERATION, OP_OTHER, OP_NONE, OP__COUNT };
const char *scep_op_name(enum scep_op op);

/* Client kinds, from cs(User-Agent). */
enum ua_kind {
	UA_NDES_CLIENT, /* Mozilla/4.0 (compatible; Win32; NDES client) */
	UA_ANDROID,     /* Dalvik/... */
	UA_APPLE,       /* profiled/... CFNetwork Darwin */
	UA_JAVA,        /* Java, jscep */
	UA_BROWSER,     /* Mozilla/5.0 browsers */
	UA_OTHER,
	UA_NONE,        /* not logged or "-" */
	UA__COUNT
};
const char *ua_kind_name(enum ua_kind k);
enum ua_kind ua_classify(const char *ua, size_t n);

/* One HTTP outcome: sc-status sc-substatus sc-win32-status (-1 = not logged). */
struct http_status {
	int status;
	int sub;
	int64_t win32;
};

struct status_bucket {
	struct http_status st;
	uint64_t count;
	uint64_t by_op[OP__COUNT];
	uint64_t by_ua[UA__COUNT];
	int has_time;
	int64_t first_t, last_t;
	int64_t last_op_t[OP__COUNT];   /* latest time per operation */
	struct log_pos first, last;
	char sample[LOG_SAMPLE_MAX + 1]; /* the first such line, made printable */
};

struct bucket_set {
	struct status_bucket v[LOG_MAX_BUCKETS];
	size_t n;
	uint64_t overflow;              /* requests in statuses past the limit */
};

/* Requests to mscep.dll on one UTC day, by the class of their sc-status
 * (for the HTML report's chart). Counted while the file streams by, in a
 * table of LOG_MAX_DAYS days per file and LOG_MAX_DAYS_MERGED for the
 * merged model; requests of days past the table are counted in overflow,
 * requests without a readable time are not counted here. */
#define LOG_MAX_DAYS 64
#define LOG_MAX_DAYS_MERGED 400
struct log_day {
	int64_t day;                    /* days since 1970-01-01 */
	uint64_t by_class[6];           /* [1]..[5]: 1xx..5xx; [0]: no or another status */
};
struct day_set {
	struct log_day v[LOG_MAX_DAYS];
	size_t n;
	uint64_t overflow;
};
/* Count one request of status (-1: none) at time t in the n days of v (at
 * most max): 0, or -1 when the day is new and the table full. */
int log_day_add(struct log_day *v, size_t *n, size_t max, int64_t t, int status, uint64_t count);

/* The lines of one site in one IIS log file (counts only: a file is read
 * once, before the facts know which site hosts NDES). */
#define W3C_MAX_SITES 8
struct w3c_site_part {
	long site;                      /* -1: not known from the file */
	int ftp;
	uint64_t requests, mscep, crp, other;
	int has_time;
	int64_t first_t, last_t;
};

/* One IIS W3C log file. */
struct w3c_summary {
	const char *artifact;
	uint64_t lines, directives, headers, data_lines, blank;
	uint64_t before_fields;         /* data lines before any #Fields: */
	uint64_t malformed;             /* fewer values than #Fields names */
	uint64_t overlong;              /* lines over LR_MAX_LINE */
	uint64_t bad_time;              /* data lines with an unreadable date/time */
	uint64_t nul_bytes;
	uint64_t first_problem_line;    /* first line that was not a clean record */
	uint64_t fields_without_status; /* #Fields: blocks lacking sc-status/sc-substatus/sc-win32-status */
	int has_time;
	int64_t first_t, last_t;        /* over all records */
	long site_id;                   /* W3SVC<N>, -1 when unknown */
	const char *site_origin;        /* "s-sitename" or "folder name" */
	uint64_t mscep_requests, crp_requests, other_requests;
	/* Each line's site (issue 15.1): its s-sitename, else the file's
	 * folder W3SVC<N>/FTPSVC<N>; -1 when neither (the facts may tell it
	 * from a site's logFile directory). */
	int ftp;                        /* FTPSVC<N> folder, FTPSVC s-sitename or x-session field */
	struct w3c_site_part part[W3C_MAX_SITES];
	size_t npart;
	uint64_t part_overflow;         /* lines of sites beyond the table */
	struct bucket_set mscep;        /* /certsrv/mscep/mscep.dll */
	struct bucket_set crp;          /* /CertificateRegistrationSvc/Certificate/VerifyRequest */
	struct day_set mscep_days;      /* mscep.dll requests per day and status class */
};

/* One HTTPERR log file. */
struct httperr_bucket {
	char reason[48];                /* s-reason, e.g. FieldLength, AppOffline */
	int status;                     /* sc-status, -1 = not logged */
	char queue[48];                 /* s-queuename (the app pool), "" = not logged */
	uint64_t count;
	int has_time;
	int64_t first_t, last_t;
	struct log_pos first, last;
	char sample[LOG_SAMPLE_MAX + 1];
};

struct httperr_summary {
	const char *artifact;
	uint64_t lines, directives, headers, data_lines, blank, before_fields, malformed, overlong;
	uint64_t bad_time, nul_bytes, first_problem_line;
	int has_time;
	int64_t first_t, last_t;
	uint64_t ndes_lines, other_lines; /* lines about the NDES URLs / anything else */
	struct httperr_bucket v[LOG_MAX_BUCKETS];
	size_t n;
	uint64_t overflow;
};

/* Known error lines of an MSI verbose log, with what they mean. */
enum msi_error { MSI_SITE_NOT_FOUND, MSI_BAD_PROV_TYPE, MSI_ACCESS_DENIED, MSI__COUNT };

struct msi_summary {
	const char *artifact;
	const char *name;               /* artifact_name(): the result target */
	uint64_t lines, overlong, nul_bytes;
	int utf16;
	char started[64];               /* the "Verbose logging started: ..." date and time */
	char product[128];              /* Product Name from the final line, "" when absent */
	char version[64];
	int has_status;
	long status;                    /* Installation success or error status: N */
	uint64_t status_line;
	char status_sample[LOG_SAMPLE_MAX + 1];
	uint64_t err_count[MSI__COUNT];
	uint64_t err_line[MSI__COUNT];  /* first line of each */
	char err_sample[MSI__COUNT][LOG_SAMPLE_MAX + 1];
	uint64_t failed_action_line;    /* first "Return value 3." */
	char failed_action[LOG_SAMPLE_MAX + 1];
};

/* Events from .evtx files (through the ndes-audit-evtx helper). */
enum evt_kind {
	EVT_W3WP_CRASH,   /* Application 1000, faulting application w3wp.exe */
	EVT_WAS_5009,     /* WAS: a worker process of a pool terminated unexpectedly */
	EVT_WAS_5002,     /* WAS: rapid-fail protection disabled a pool */
	EVT_NDES_2,       /* NDES service events */
	EVT_NDES_10,
	EVT_NDES_31,
	EVT_CONNECTOR,    /* an error or critical event in the Intune connector's log */
	EVT_WAS_5021,     /* WAS: the identity of a pool is invalid */
	EVT_WAS_5057,     /* WAS: a pool disabled, its identity invalid */
	EVT_WAS_5059,     /* WAS: a pool disabled after a failure to start a worker process */
	EVT_CAPI2,        /* a CAPI2 Operational event with an error result, per certificate */
	EVT_NDES_OTHER,   /* any other NDES error or warning event; key "ID[ HRESULT]" */
	EVT__COUNT
};

struct evt_bucket {
	enum evt_kind kind;
	char cert[41];    /* EVT_CAPI2: the certificate's SHA-1, "" when the event names none */
	char key[96];     /* what tells one from another: module + code, pool, HRESULT */
	uint64_t count;
	int64_t first_t, last_t;
	struct log_pos first, last; /* line = event record number */
	char detail[LOG_SAMPLE_MAX + 1];
	int comp;         /* its file's computer (evtx_summary.comp), -1: one beyond the table */
};

/* "CRYPT_E_REVOCATION_OFFLINE" for 80092013, NULL when not known. */
const char *capi2_error_name(unsigned long code);

/* The computers whose events one .evtx holds (its Computer field), so the
 * facts count only this host's events without reading the log again. */
#define EVTX_MAX_COMPUTERS 8
struct evt_computer {
	char name[96];
	uint64_t records;
	int has_time;
	int64_t first_t, last_t;
};

/* Numbers of unparseable records named in the artifact's note. */
#define EVTX_SKIP_LIST 8

struct evtx_summary {
	const char *artifact;
	uint64_t records;           /* events the helper read */
	char channel[96];           /* the channel of the first event ("Application") */
	uint64_t connector_warnings; /* warning events in the Intune connector's log */
	int has_time;
	int64_t first_t, last_t;
	struct evt_bucket v[LOG_MAX_BUCKETS];
	size_t n;
	uint64_t overflow;
	/* Damage the helper read around (issue 15.4). */
	uint64_t declared;          /* records libevtx sees in the file (H, plus T) */
	uint64_t skipped;           /* records it could not parse (S) */
	uint64_t skipped_no[EVTX_SKIP_LIST]; /* the first ones' numbers */
	uint64_t recovered;         /* events recovered from free space (R) */
	char damage[256];           /* truncation, as the helper words it (W) */
	struct evt_computer comp[EVTX_MAX_COMPUTERS];
	size_t ncomp;
	uint64_t comp_overflow;     /* events of computers beyond the table */
};

/* The merged model the log checks read (built by facts/logs.c from every
 * readable log artifact; the summaries stay owned by their artifacts). */
struct channel_span {
	int present;                   /* an .evtx of this channel was read */
	int has_time;
	int64_t first_t, last_t;
	const char *artifact;          /* the first such file */
	uint64_t records;
};

struct log_facts {
	/* IIS W3C logs */
	const struct w3c_summary **iis;
	size_t niis;
	uint64_t iis_records, mscep_requests, crp_requests, other_requests;
	int iis_has_time;
	int64_t iis_first_t, iis_last_t;
	long sites[16];                /* site ids seen (W3SVC<N>), for the IIS model */
	size_t nsites;
	/* Site attribution (issue 15.1): the NDES site's id when the IIS model
	 * knows it (-1 otherwise); then only its HTTP lines (and lines of no
	 * known site) count above, and the files of other sites and of FTP
	 * sites are listed here as not relevant. */
	long ndes_site;
	const struct w3c_summary **iis_other;
	size_t niis_other;
	uint64_t other_site_lines;
	long ftp_sites[8];
	size_t nftp_sites;
	struct bucket_set mscep, crp;
	/* mscep.dll requests per day, by status class, in day order. */
	struct log_day mscep_days[LOG_MAX_DAYS_MERGED];
	size_t nmscep_days;
	uint64_t mscep_days_overflow;
	/* HTTPERR */
	const struct httperr_summary **httperr;
	size_t nhttperr;
	uint64_t herr_records, herr_ndes, herr_other;
	int herr_has_time;
	int64_t herr_first_t, herr_last_t;
	struct httperr_bucket herr[LOG_MAX_BUCKETS];
	size_t nherr;
	uint64_t herr_overflow;
	/* MSI logs */
	const struct msi_summary **msi;
	size_t nmsi;
	/* event logs */
	const struct evtx_summary **evtx;
	size_t nevtx;
	struct channel_span application, system;
	struct channel_span connector;  /* the Intune connector's Admin/Operational log */
	struct channel_span capi2;      /* Microsoft-Windows-CAPI2/Operational */
	uint64_t connector_warnings;
	struct evt_bucket evt[LOG_MAX_BUCKETS];
	size_t nevt;
	uint64_t evt_overflow;
	/* events of other computers than this host, not counted (issue 15.3):
	 * "WIN-P4SIAA0SQCO: 173 event(s) in System.evtx; ..." */
	uint64_t foreign_events;
	char foreign[512];
	/* log files of each kind that could not be read: "path: why; ..." */
	char *unreadable_iis, *unreadable_httperr, *unreadable_msi, *unreadable_evtx;
};

/* Is this the channel of an Intune certificate connector's own log
 * (Microsoft-Intune-CertificateConnectors/Admin or /Operational, or the
 * legacy connector's "Microsoft Intune Connector")? */
int evt_connector_channel(const char *channel);

struct bundle;
/* This host's names, for telling its events from other computers' ones
 * (case-insensitive); NULL entries are skipped; none known: every event
 * counts. */
struct host_names {
	const char *name[4];
};
/* Merge the summaries of the readable log artifacts of the bundle. */
struct iis_model;
/* iis: the IIS model, NULL without one (then every HTTP log line counts). */
void log_facts_build(struct log_facts *lf, const struct bundle *b, const struct host_names *h,
		     const struct iis_model *iis);
void log_facts_free(struct log_facts *lf);
/* "2024-03-10T08:01:02Z..2024-03-14T10:02:00Z" (or one time when equal). */
void log_span_text(int has_time, int64_t first, int64_t last, char *buf, size_t size);

/* Discovery's sniffers, on the first bytes of a file: the kind, or
 * ART_UNKNOWN. httperr_sniff goes before w3c_sniff (which takes any W3C
 * log). */
enum artifact_kind w3c_sniff(const unsigned char *head, size_t n, const char **note);
enum artifact_kind httperr_sniff(const unsigned char *head, size_t n, const char **note);
enum artifact_kind msi_sniff(const unsigned char *head, size_t n, const char **note);
enum artifact_kind evtx_sniff(const unsigned char *head, size_t n, const char **note);

/* Readers. Each streams PATH once and fills *out (artifact = path). They
 * return 0, or -1 with e naming the file and the line or offset. A
 * block callback, when given, sees every raw block (to hash the file in
 * the same pass). */
int w3c_read(const char *path, struct w3c_summary *out, void (*on_block)(void *, const void *, size_t),
	     void *ctx, struct nerr *e);
int httperr_read(const char *path, struct httperr_summary *out,
		 void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e);
int msi_read(const char *path, struct msi_summary *out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link). fd stays the caller's. */
int w3c_read_fd(int fd, const char *path, struct w3c_summary *out,
		void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e);
int httperr_read_fd(int fd, const char *path, struct httperr_summary *out,
		    void (*on_block)(void *, const void *, size_t), void *ctx, struct nerr *e);
int msi_read_fd(int fd, const char *path, struct msi_summary *out, struct nerr *e);
/* The same on a stream (an archive member as it is unpacked): pull hands
 * out the next bytes (up to n into to; 0 at the end, -1 on an error it
 * records itself); path names the file. */
int w3c_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
		  struct w3c_summary *out, struct nerr *e);
int httperr_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
		      struct httperr_summary *out, struct nerr *e);
int msi_read_pull(const char *path, long (*pull)(void *, void *, size_t), void *ctx,
		  struct msi_summary *out, struct nerr *e);
/* The same readers on bytes in memory (tests, fuzzers): name stands for
 * the file (artifact = name; w3c takes the site from it too). */
int w3c_parse(const char *name, const void *buf, size_t len, struct w3c_summary *out,
	      struct nerr *e);
int httperr_parse(const char *name, const void *buf, size_t len, struct httperr_summary *out,
		  struct nerr *e);
int msi_parse(const char *name, const void *buf, size_t len, struct msi_summary *out,
	      struct nerr *e);
/* Runs the helper program (NDES_AUDIT_EVTX_HELPER, else the installed one,
 * else ndes-audit-evtx beside the running program) on PATH. */
int evtx_read(const char *path, struct evtx_summary *out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link): the helper reads that open file. */
int evtx_read_fd(int fd, const char *path, struct evtx_summary *out, struct nerr *e);
char *evtx_helper_path(void); /* heap string */
/* The helper's output (its line protocol) already in memory, as
 * evtx_read_fd reads it from the pipe: the fuzzers' and tests' entry point
 * to the part of the event log reader that runs in this process. */
int evtx_parse_output(const char *path, const void *buf, size_t len, struct evtx_summary *out,
		      struct nerr *e);
/* "1 of 340 records could not be parsed (record 25)", or "" when every
 * record was parsed. */
void evtx_damage_note(const struct evtx_summary *s, char *buf, size_t size);

/* FieldLength, RequestLength, URL_Length: HTTP.sys refused the request
 * for its size. */
int httperr_length_reason(const char *reason);

/* Shared by the readers: add a request to a bucket set. */
struct status_bucket *bucket_find(struct bucket_set *s, const struct http_status *st);
void log_sample(char *dst, const char *line, size_t n);
/* "YYYY-MM-DD" and "hh:mm:ss" (W3C date and time, UTC) to Unix seconds. */
int w3c_time(const char *date, size_t dn, const char *tm, size_t tn, int64_t *out);
/* "500 0 1346", "404.14", "503": how a status is written in the reports. */
void http_status_text(const struct http_status *st, char *buf, size_t size);

#endif
