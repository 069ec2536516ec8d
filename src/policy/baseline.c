/* Fingerprints and baselines. A baseline is an earlier JSON report of
 * ndes-audit, read back with jansson; a finding whose fingerprint it holds
 * is `known`, any other finding is `new`. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"

/* At most this many results are read from a baseline report. */
#define BASELINE_MAX_RESULTS 1000000

void result_fingerprint(const char *check_id, const char *target,
			char out[FINGERPRINT_HEXLEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	const char *t = target != NULL ? target : "";

	/* One-shot SHA-256 of "ID\0target": the NUL keeps ("a", "b.c") and
	 * ("a.b", "c")-style splits apart. EVP_Digest cannot fail for SHA-256
	 * short of memory exhaustion; fall back to zeros rather than garbage. */
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, check_id);
	sb_addn(&sb, "", 1);
	sb_add(&sb, t);
	if (EVP_Digest(sb.s, sb.len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < FINGERPRINT_HEXLEN / 2)
		memset(md, 0, sizeof(md));
	sb_free(&sb);
	for (i = 0; i < FINGERPRINT_HEXLEN / 2; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[FINGERPRINT_HEXLEN] = '\0';
}

const char *baseline_mark_name(enum baseline_mark m)
{
	switch (m) {
	case BASELINE_NEW: return "new";
	case BASELINE_KNOWN: return "known";
	default: return NULL;
	}
}

static int is_finding(enum status s)
{
	return s == ST_FAIL || s == ST_WARN || s == ST_WAIVED;
}

static int is_fingerprint(const char *s)
{
	size_t i;

	for (i = 0; i < FINGERPRINT_HEXLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[i] == '\0';
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct baseline_entry *a = pa, *b = pb;

	return strcmp(a->fingerprint, b->fingerprint);
}

static const struct baseline_entry *find_entry(const struct baseline *bl, const char *fp)
{
	struct baseline_entry key;

	memset(&key, 0, sizeof(key));
	memcpy(key.fingerprint, fp, FINGERPRINT_HEXLEN + 1);
	return bl->n > 0 ? bsearch(&key, bl->v, bl->n, sizeof(*bl->v), cmp_entry) : NULL;
}

static const char *jget_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Take the findings out of a parsed report. */
static int take_results(struct baseline *bl, const char *path, json_t *root, struct nerr *e)
{
	json_t *results = json_object_get(root, "results");
	size_t i, j, n;

	if (!json_is_array(results)) {
		nerr_set(e, "%s: not an ndes-audit JSON report: no \"results\" array", path);
		return -1;
	}
	n = json_array_size(results);
	if (n > BASELINE_MAX_RESULTS) {
		nerr_set(e, "%s: %zu results; a baseline may hold at most %d", path, n,
			 BASELINE_MAX_RESULTS);
		return -1;
	}
	bl->v = xcalloc(n > 0 ? n : 1, sizeof(*bl->v));
	for (i = 0; i < n; i++) {
		json_t *r = json_array_get(results, i);
		const char *check = jget_str(r, "check"), *target = jget_str(r, "target");
		const char *status = jget_str(r, "status"), *fp = jget_str(r, "fingerprint");
		enum status st = ST__COUNT;
		int s;
		struct baseline_entry *be;

		if (!json_is_object(r) || check == NULL || target == NULL || status == NULL) {
			nerr_set(e, "%s: results[%zu] is not a result: it needs the strings "
				    "\"check\", \"target\" and \"status\"", path, i);
			return -1;
		}
		for (s = 0; s < ST__COUNT; s++)
			if (strcmp(status, status_name((enum status)s)) == 0)
				st = (enum status)s;
		if (st == ST__COUNT) {
			nerr_set(e, "%s: results[%zu]: unknown status \"%.40s\"", path, i, status);
			return -1;
		}
		if (!is_finding(st))
			continue;
		be = &bl->v[bl->n++];
		be->check = xstrdup(check);
		be->target = xstrdup(target);
		/* Reports written before fingerprints existed have none: the
		 * fingerprint is a function of check and target, so compute it. */
		if (fp != NULL && is_fingerprint(fp))
			memcpy(be->fingerprint, fp, FINGERPRINT_HEXLEN + 1);
		else
			result_fingerprint(check, target, be->fingerprint);
	}
	if (bl->n > 1)
		qsort(bl->v, bl->n, sizeof(*bl->v), cmp_entry);
	/* One entry per fingerprint (a fail and a warn of one target). */
	for (i = 1, j = 1; i < bl->n; i++) {
		if (strcmp(bl->v[i].fingerprint, bl->v[j - 1].fingerprint) == 0) {
			free(bl->v[i].check);
			free(bl->v[i].target);
			continue;
		}
		bl->v[j++] = bl->v[i];
	}
	if (bl->n > 0)
		bl->n = j;
	return 0;
}

int baseline_parse(struct baseline *bl, const char *path, const char *text, size_t len,
		   struct nerr *e)
{
	json_error_t jerr;
	json_t *root = NULL, *sv, *tool;
	int rc = -1;

	memset(bl, 0, sizeof(*bl));
	bl->path = xstrdup(path);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		nerr_set(e, "%s: not a JSON report: line %d, column %d: %s", path, jerr.line,
			 jerr.column, jerr.text);
		goto out;
	}
	tool = json_object_get(root, "tool");
	if (!json_is_object(root) || jget_str(tool, "name") == NULL ||
	    strcmp(jget_str(tool, "name"), "ndes-audit") != 0) {
		nerr_set(e, "%s: not an ndes-audit JSON report (no \"tool\": {\"name\": "
			    "\"ndes-audit\"}); make one with --format json", path);
		goto out;
	}
	sv = json_object_get(root, "schema_version");
	if (!json_is_integer(sv)) {
		nerr_set(e, "%s: not an ndes-audit JSON report: no integer \"schema_version\"", path);
		goto out;
	}
	if (json_integer_value(sv) != 1) {
		nerr_set(e, "%s: a report of schema_version %lld; this ndes-audit reads "
			    "schema_version 1", path, (long long)json_integer_value(sv));
		goto out;
	}
	rc = take_results(bl, path, root, e);
out:
	json_decref(root);
	if (rc != 0)
		baseline_free(bl);
	return rc;
}

int baseline_load(struct baseline *bl, const char *path, struct nerr *e)
{
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(bl, 0, sizeof(*bl));
	rc = file_read_bounded(path, 0, BASELINE_MAX_FILE, &buf, &len, e);
	if (rc == 0)
		nerr_set(e, "%s: %zu bytes; a baseline report may have at most %ld", path, len,
			 (long)BASELINE_MAX_FILE);
	if (rc != 1)
		return -1;
	rc = baseline_parse(bl, path, (const char *)buf, len, e);
	free(buf);
	return rc;
}

void baseline_mark(struct baseline *bl, struct result_list *l)
{
	size_t i;

	bl->known = bl->fresh = bl->fixed = 0;
	for (i = 0; i < bl->n; i++)
		bl->v[i].seen = 0;
	for (i = 0; i < l->n; i++) {
		struct result *r = l->v[i];
		char fp[FINGERPRINT_HEXLEN + 1];
		struct baseline_entry *be;

		if (!is_finding(r->status)) {
			r->baseline = BASELINE_NONE;
			continue;
		}
		result_fingerprint(r->check->id, r->target, fp);
		be = (struct baseline_entry *)find_entry(bl, fp);
		if (be != NULL) {
			r->baseline = BASELINE_KNOWN;
			be->seen = 1;
			bl->known++;
		} else {
			r->baseline = BASELINE_NEW;
			bl->fresh++;
		}
	}
	for (i = 0; i < bl->n; i++)
		if (!bl->v[i].seen)
			bl->fixed++;
}

void baseline_free(struct baseline *bl)
{
	size_t i;

	for (i = 0; i < bl->n; i++) {
		free(bl->v[i].check);
		free(bl->v[i].target);
	}
	free(bl->v);
	free(bl->path);
	memset(bl, 0, sizeof(*bl));
}
