/* HTTP.sys checks (SYSTEM hive, current control set). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

#define HTTPSYS_DEFAULT 16384u
#define SCEP_NEEDS 65534u

/* One DWORD setting. Returns 1 with *val set when HTTP.sys would use the
 * stored value; otherwise the result is already emitted and 0 comes back. */
static int read_setting(const struct facts *f, struct emitter *em, const struct regfact *v,
			uint32_t *val)
{
	char *target = xasprintf("HTTP\\Parameters\\%s", v->name);
	struct nerr e;
	struct result *out;
	int ok = 0;

	nerr_clear(&e);
	if (v->st == RF_UNCOVERED || v->st == RF_ERROR) {
		emit_unanswered(em, target, v, v->name);
	} else if (v->st == RF_ABSENT) {
		out = emit(em, ST_FAIL, target,
			   "%s is not set in %s: HTTP.sys uses its default of %u bytes, too small for "
			   "SCEP requests", v->name, f->control_set_key, HTTPSYS_DEFAULT);
		ev_fact(out, v, "(absent)");
	} else if (regfact_dword(v, val, &e) != 0) {
		char *shown = regfact_show(v);

		out = emit(em, ST_FAIL, target,
			   "%s is %s; HTTP.sys reads only a 4-byte REG_DWORD, so its default of %u "
			   "bytes applies", v->name, e.msg, HTTPSYS_DEFAULT);
		ev_fact(out, v, shown);
		free(shown);
	} else {
		ok = 1;
	}
	free(target);
	return ok;
}

static struct result *emit_value(struct emitter *em, enum status st, const struct regfact *v,
				 uint32_t val, const char *fmt, ...) NA_PRINTF(5, 6);

static struct result *emit_value(struct emitter *em, enum status st, const struct regfact *v,
				 uint32_t val, const char *fmt, ...)
{
	char msg[512], shown[64], target[128];
	struct result *r;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(shown, sizeof(shown), "%u (0x%x)", val, val);
	snprintf(target, sizeof(target), "HTTP\\Parameters\\%s", v->name);
	r = emit(em, st, target, "%s", msg);
	ev_fact(r, v, shown);
	return r;
}

void check_httpsys_max_field_length(const struct facts *f, struct emitter *em)
{
	const struct regfact *rf = &f->reg[RF_HTTP_MAX_FIELD_LENGTH];
	uint32_t v = 0;

	if (!read_setting(f, em, rf, &v))
		return;
	if (v == SCEP_NEEDS)
		emit_value(em, ST_PASS, rf, v, "MaxFieldLength is %u in %s", v, f->control_set_key);
	else if (v < 64 || v > 65534)
		emit_value(em, ST_FAIL, rf, v,
			   "MaxFieldLength is %u in %s, outside the valid range 64..65534: HTTP.sys "
			   "ignores it and uses %u", v, f->control_set_key, HTTPSYS_DEFAULT);
	else
		emit_value(em, ST_FAIL, rf, v, "MaxFieldLength is %u in %s; SCEP needs %u", v,
			   f->control_set_key, SCEP_NEEDS);
}

void check_httpsys_max_request_bytes(const struct facts *f, struct emitter *em)
{
	const struct regfact *rf = &f->reg[RF_HTTP_MAX_REQUEST_BYTES];
	uint32_t v = 0;

	if (!read_setting(f, em, rf, &v))
		return;
	if (v > 16777216u)
		emit_value(em, ST_FAIL, rf, v,
			   "MaxRequestBytes is %u in %s, above the valid maximum 16777216: HTTP.sys "
			   "ignores it and uses %u", v, f->control_set_key, HTTPSYS_DEFAULT);
	else if (v >= SCEP_NEEDS)
		emit_value(em, ST_PASS, rf, v, "MaxRequestBytes is %u in %s (at least %u)", v,
			   f->control_set_key, SCEP_NEEDS);
	else
		emit_value(em, ST_FAIL, rf, v, "MaxRequestBytes is %u in %s; SCEP needs at least %u",
			   v, f->control_set_key, SCEP_NEEDS);
}

void check_httpsys_tls_binding(const struct facts *f, struct emitter *em)
{
	size_t i, on443 = 0;

	if (f->bindings_error != NULL) {
		struct result *r = emit(em, ST_ERROR, "port 443",
					"the HTTP.sys binding tables could not be read: %s",
					f->bindings_error);

		result_add_evidence(r, f->bindings_source, NULL, NULL);
		return;
	}
	for (i = 0; i < f->nbindings; i++) {
		const struct ssl_binding *b = &f->bindings[i];
		const char *art = b->artifact;
		struct result *r;
		char *target;

		if (b->port != 443)
			continue;
		on443++;
		target = xasprintf("%s\\%s", b->table, b->name);
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
			result_add_evidence(r, art, b->hash_location, b->thumbprint);
			if (b->store != NULL)
				result_add_evidence(r, art, b->store_location, b->store);
		} else if (b->hash_state == 1) {
			r = emit(em, ST_FAIL, target,
				 "%s has an SslCertHash of %zu bytes; a certificate thumbprint is 20",
				 b->endpoint, b->hash_size);
			result_add_evidence(r, art, b->hash_location, b->thumbprint);
		} else if (b->hash_state == -1) {
			r = emit(em, ST_FAIL, target, "%s has an unusable SslCertHash: %s",
				 b->endpoint, b->problem != NULL ? b->problem : "unreadable");
			result_add_evidence(r, art, b->hash_location, NULL);
		} else {
			r = emit(em, ST_FAIL, target, "%s has no SslCertHash: no certificate is bound",
				 b->endpoint);
			result_add_evidence(r, art, b->hash_location, "(absent)");
		}
		free(target);
	}
	if (on443 == 0 && f->bindings_uncovered != NULL) {
		struct result *r;

		r = emit(em, ST_NE, "port 443",
			 "not evaluated: no binding for port 443 in what the .reg exports hold, and they "
			 "do not hold %s under %s (they cover: %s)", f->bindings_uncovered,
			 f->bindings_params_key, f->bindings_coverage);
		result_add_evidence(r, NULL, f->bindings_params_key, "(not in the .reg exports)");
	} else if (on443 == 0) {
		struct strbuf others;
		struct result *r;

		sb_init(&others);
		for (i = 0; i < f->nbindings; i++)
			sb_printf(&others, "%s%s", others.len ? ", " : "", f->bindings[i].endpoint);
		r = emit(em, ST_FAIL, "port 443",
			 "HTTP.sys has no TLS binding for port 443 in %s%s%s%s", f->control_set_key,
			 others.len ? " (bindings found: " : "", others.len ? others.s : "",
			 others.len ? ")" : "");
		result_add_evidence(r, f->bindings_table_artifact, f->bindings_table_key,
				    f->nbindings ? NULL : "(no bindings)");
		sb_free(&others);
	}
}
