/* HTTP.sys checks (SYSTEM hive, current control set). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

#define HTTP_PARAMS "Services\\HTTP\\Parameters"
#define HTTPSYS_DEFAULT 16384u
#define SCEP_NEEDS 65534u

/* Read one DWORD setting. Returns 1 with *val set when HTTP.sys would use
 * the stored value; otherwise the result is already emitted and 0 comes
 * back. */
static int read_setting(const struct facts *f, struct emitter *em, const char *name,
			uint32_t *val, char **key_out)
{
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	char *key = facts_cs_path(f, HTTP_PARAMS);
	char *loc = reg_location(r, key, name);
	char *target = xasprintf("HTTP\\Parameters\\%s", name);
	struct regval v;
	struct nerr e;
	struct result *out;
	int rc, ok = 0;

	nerr_clear(&e);
	rc = reg_value(r, key, name, &v, &e);
	if (rc == -1 && !reg_covered(r, key)) {
		/* A .reg export that does not hold the key: unknown, never absent. */
		out = emit(em, ST_NE, target, "not evaluated: %s", e.msg);
		result_add_evidence(out, NULL, loc, "(not in the .reg exports)");
	} else if (rc == -1) {
		out = emit(em, ST_ERROR, target, "%s could not be read: %s", name, e.msg);
		result_add_evidence(out, reg_artifact(r, key, name, NULL), loc, NULL);
	} else if (rc == 0) {
		out = emit(em, ST_FAIL, target,
			   "%s is not set in %s: HTTP.sys uses its default of %u bytes, too small for "
			   "SCEP requests", name, f->control_set_key, HTTPSYS_DEFAULT);
		ev_reg(out, r, key, name, "(absent)");
	} else if (regval_dword(&v, val, &e) != 0) {
		char *shown = regval_display(&v);

		out = emit(em, ST_FAIL, target,
			   "%s is %s; HTTP.sys reads only a 4-byte REG_DWORD, so its default of %u "
			   "bytes applies", name, e.msg, HTTPSYS_DEFAULT);
		ev_reg(out, r, key, name, shown);
		free(shown);
	} else {
		ok = 1;
	}
	if (rc == 1)
		regval_free(&v);
	free(loc);
	if (ok)
		*key_out = key;
	else
		free(key);
	free(target);
	return ok;
}

/* key: the Parameters key the value was read from. */
static struct result *emit_value(const struct facts *f, struct emitter *em, enum status st,
				 const char *name, const char *key, uint32_t val, const char *fmt,
				 ...) NA_PRINTF(7, 8);

static struct result *emit_value(const struct facts *f, struct emitter *em, enum status st,
				 const char *name, const char *key, uint32_t val, const char *fmt,
				 ...)
{
	char msg[512], shown[64], target[128];
	struct result *r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(shown, sizeof(shown), "%u (0x%x)", val, val);
	snprintf(target, sizeof(target), "HTTP\\Parameters\\%s", name);
	r = emit(em, st, target, "%s", msg);
	ev_reg(r, &f->src[SRC_SYSTEM].reg, key, name, shown);
	return r;
}

void check_httpsys_max_field_length(const struct facts *f, struct emitter *em)
{
	char *key = NULL;
	uint32_t v = 0;

	if (!read_setting(f, em, "MaxFieldLength", &v, &key))
		return;
	if (v == SCEP_NEEDS)
		emit_value(f, em, ST_PASS, "MaxFieldLength", key, v,
			   "MaxFieldLength is %u in %s", v, f->control_set_key);
	else if (v < 64 || v > 65534)
		emit_value(f, em, ST_FAIL, "MaxFieldLength", key, v,
			   "MaxFieldLength is %u in %s, outside the valid range 64..65534: HTTP.sys "
			   "ignores it and uses %u", v, f->control_set_key, HTTPSYS_DEFAULT);
	else
		emit_value(f, em, ST_FAIL, "MaxFieldLength", key, v,
			   "MaxFieldLength is %u in %s; SCEP needs %u", v, f->control_set_key,
			   SCEP_NEEDS);
	free(key);
}

void check_httpsys_max_request_bytes(const struct facts *f, struct emitter *em)
{
	char *key = NULL;
	uint32_t v = 0;

	if (!read_setting(f, em, "MaxRequestBytes", &v, &key))
		return;
	if (v > 16777216u)
		emit_value(f, em, ST_FAIL, "MaxRequestBytes", key, v,
			   "MaxRequestBytes is %u in %s, above the valid maximum 16777216: HTTP.sys "
			   "ignores it and uses %u", v, f->control_set_key, HTTPSYS_DEFAULT);
	else if (v >= SCEP_NEEDS)
		emit_value(f, em, ST_PASS, "MaxRequestBytes", key, v,
			   "MaxRequestBytes is %u in %s (at least %u)", v, f->control_set_key,
			   SCEP_NEEDS);
	else
		emit_value(f, em, ST_FAIL, "MaxRequestBytes", key, v,
			   "MaxRequestBytes is %u in %s; SCEP needs at least %u", v,
			   f->control_set_key, SCEP_NEEDS);
	free(key);
}

void check_httpsys_tls_binding(const struct facts *f, struct emitter *em)
{
	const struct regsrc *src = &f->src[SRC_SYSTEM].reg;
	const char *art = src->artifact;
	size_t i, on443 = 0;

	if (f->bindings_error != NULL) {
		struct result *r = emit(em, ST_ERROR, "port 443",
					"the HTTP.sys binding tables could not be read: %s",
					f->bindings_error);

		result_add_evidence(r, art, NULL, NULL);
		return;
	}
	for (i = 0; i < f->nbindings; i++) {
		const struct ssl_binding *b = &f->bindings[i];
		char *target, *hashloc;
		struct result *r;

		if (b->port != 443)
			continue;
		on443++;
		art = reg_artifact(src, b->keypath, NULL, NULL);
		target = xasprintf("%s\\%s", b->table, b->name);
		hashloc = reg_location(src, b->keypath, "SslCertHash");
		if (strcmp(b->table, "SslCcsBindingInfo") == 0) {
			r = emit(em, ST_PASS, target,
				 "%s is bound through the Central Certificate Store: the certificate "
				 "is chosen by host name from a file share, which this bundle does not hold",
				 b->endpoint);
			result_add_evidence(r, art, b->keypath, NULL);
		} else if (b->hash_state == 1 && b->hash_size == 20) {
			r = emit(em, ST_PASS, target,
				 "%s is bound to certificate %s in store %s%s", b->endpoint,
				 b->thumbprint, b->store != NULL ? b->store : "MY",
				 b->store != NULL ? "" : " (SslCertStoreName absent: HTTP.sys uses MY)");
			result_add_evidence(r, art, hashloc, b->thumbprint);
			if (b->store != NULL) {
				char *storeloc = reg_location(src, b->keypath, "SslCertStoreName");

				result_add_evidence(r, art, storeloc, b->store);
				free(storeloc);
			}
		} else if (b->hash_state == 1) {
			r = emit(em, ST_FAIL, target,
				 "%s has an SslCertHash of %zu bytes; a certificate thumbprint is 20",
				 b->endpoint, b->hash_size);
			result_add_evidence(r, art, hashloc, b->thumbprint);
		} else if (b->hash_state == -1) {
			r = emit(em, ST_FAIL, target, "%s has an unusable SslCertHash: %s",
				 b->endpoint, b->problem != NULL ? b->problem : "unreadable");
			result_add_evidence(r, art, hashloc, NULL);
		} else {
			r = emit(em, ST_FAIL, target, "%s has no SslCertHash: no certificate is bound",
				 b->endpoint);
			result_add_evidence(r, art, hashloc, "(absent)");
		}
		free(target);
		free(hashloc);
	}
	if (on443 == 0 && f->bindings_uncovered != NULL) {
		char *key = facts_cs_path(f, HTTP_PARAMS);
		char *cov = reg_coverage(src);
		struct result *r;

		r = emit(em, ST_NE, "port 443",
			 "not evaluated: no binding for port 443 in what the .reg exports hold, and they "
			 "do not hold %s under %s (they cover: %s)", f->bindings_uncovered, key, cov);
		result_add_evidence(r, NULL, key, "(not in the .reg exports)");
		free(cov);
		free(key);
	} else if (on443 == 0) {
		char *key = facts_cs_path(f, HTTP_PARAMS "\\SslBindingInfo");
		struct strbuf others;
		struct result *r;

		sb_init(&others);
		for (i = 0; i < f->nbindings; i++)
			sb_printf(&others, "%s%s", others.len ? ", " : "", f->bindings[i].endpoint);
		r = emit(em, ST_FAIL, "port 443",
			 "HTTP.sys has no TLS binding for port 443 in %s%s%s%s", f->control_set_key,
			 others.len ? " (bindings found: " : "", others.len ? others.s : "",
			 others.len ? ")" : "");
		result_add_evidence(r, reg_artifact(src, key, NULL, NULL), key,
				    f->nbindings ? NULL : "(no bindings)");
		sb_free(&others);
		free(key);
	}
}
