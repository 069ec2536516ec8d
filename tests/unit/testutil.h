/* Shared helpers for the unit tests: fixture paths, scratch folders, and a
 * whole audit (discover, read, facts, checks) over given paths. */
#ifndef NDES_AUDIT_TESTUTIL_H
#define NDES_AUDIT_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/check.h"
#include "ndes-audit/facts.h"
#include "ndes-audit/report.h"
#include "ndes-audit/result.h"

/* $top_srcdir/REL (heap string). */
char *src_path(const char *rel);
/* ../shared/realworld/REL beside the checkout, or NULL when absent. */
char *realworld_path(const char *rel);
/* The real-world specimen rel (an .xz file) decompressed to dir/name: the
 * path (heap), or NULL when the specimen is absent or xz fails. */
char *realworld_unxz(const char *rel, const char *dir, const char *name);

char *scratch_dir(void);               /* a new empty folder under $TMPDIR */
void rm_rf(const char *path);
void write_file(const char *path, const void *data, size_t n);
void *read_all(const char *path, size_t *n);
void copy_file(const char *from, const char *to);
/* mkdir -p */
void make_dirs(const char *path);
/* ASCII text with \n line ends, written as secedit and the Group Policy
 * editor write it: BOM FF FE, UTF-16LE, CRLF. */
void write_utf16_text(const char *path, const char *text);

/* Change the data of an inline REG_DWORD value named NAME in a hive file
 * (every vk cell with that ASCII name). Returns how many were patched. */
int patch_inline_dword(const char *path, const char *name, uint32_t value);
/* A copy of $top_srcdir/REL inside DIR named NAME; returns the new path. */
char *copy_fixture(const char *rel, const char *dir, const char *name);
/* The GUID of the real GPO whose registry.pol the GPO tests stage. */
#define REALWORLD_GPO_GUID "{D1DE50B0-DF95-405B-B2DA-6C16CBB6BF54}"
/* In DIR, the real GPO registry.pol (../shared/realworld/gpo) where a
 * SYSVOL copy holds it (DIR/{GUID}/DomainSysvol/GPO/Machine/registry.pol),
 * with a GPT.INI naming it display_name when that is not NULL, beside the
 * healthy sample's SOFTWARE hive. 0, or -1 when the specimen is absent. */
int stage_realworld_gpo(const char *dir, const char *display_name);

/* Write TEXT (UTF-8, LF line ends) to DIR/NAME as a .reg file: as regedit
 * writes it (UTF-16LE with a byte order mark, CRLF) when utf16 != 0, else
 * byte for byte. Returns the path. */
char *write_reg(const char *dir, const char *name, const char *text, int utf16);

/* 2026-06-01T00:00:00Z */
#define TEST_AS_OF 1780272000LL

struct audit {
	struct bundle bundle;
	struct facts facts;
	struct result_list results;
	int exit_code;
	char *dir;  /* scratch bundle made by audit_fixture, removed by audit_free */
};
/* Audit these paths as one bundle, as main() does. */
void audit_run(struct audit *a, const char *const *paths, size_t n, const char *fqdn);
void audit_one(struct audit *a, const char *path);
/* Audit a scratch bundle holding only $top_srcdir/REL (as SYSTEM.hiv). */
void audit_fixture(struct audit *a, const char *rel);
/* A scratch folder holding $top_srcdir/REL as SYSTEM.hiv, to patch before
 * auditing; *file receives the copy's path. */
char *stage_fixture(const char *rel, char **file);
void audit_free(struct audit *a);
/* The report header of an audit, as main() fills it in from the facts. */
struct report_header audit_header(const struct audit *a, const char *tool_version);
/* Audit a scratch bundle of .reg files written from these texts (NULL
 * entries skipped), as regedit writes them; removed by audit_free. */
void audit_reg_texts(struct audit *a, const char *system_text, const char *software_text);

/* The frozen bundles of the CI-output tests (tests/fixtures/bundles/README.md):
 * GATE_BROKEN fails exactly httpsys.max_field_length, .max_request_bytes and
 * .tls_binding among today's checks; GATE_HEALTHY passes them and host.fqdn;
 * GATE_TORN holds one unreadable hive. Checks added later may add results on
 * them: count with the helpers below, never with literals. */
#define GATE_BROKEN "tests/fixtures/bundles/gate-broken"
#define GATE_HEALTHY "tests/fixtures/bundles/gate-healthy"
#define GATE_TORN "tests/fixtures/bundles/gate-torn"
/* Audit $top_srcdir/REL in place. */
void audit_src(struct audit *a, const char *rel);
/* Results of status ST (from result_counts). */
size_t status_count(const struct audit *a, enum status st);
/* Findings: fail, warn and waived results (what SARIF lists, what a
 * baseline remembers). */
size_t finding_count(const struct audit *a);
/* Distinct check areas (the ID up to its first dot) among the results. */
size_t area_count(const struct audit *a);
/* Check ID's position in check_table, i.e. its SARIF rule index. */
size_t rule_index_of(const char *id);

/* The only result of check ID (fails the test when there is not exactly one). */
const struct result *only_result(const struct audit *a, const char *id);
/* Run check id again with the deployment mode forced as --deployment does
 * ("intune" / "standalone"); the status of its one result. */
enum status status_as_deployed(struct audit *a, const char *id, const char *deployment);
size_t count_results(const struct audit *a, const char *id, enum status st);
const struct result *find_result(const struct audit *a, const char *id, const char *target);

/* Audit the sample bundle samples/NAME of the source tree. */
void audit_sample(struct audit *a, const char *name);
/* Has r an evidence entry whose location contains location_part and whose
 * value contains value_part? NULL matches anything (but a NULL location or
 * value only matches NULL). */
int has_evidence(const struct result *r, const char *location_part, const char *value_part);

#endif
