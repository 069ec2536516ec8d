/* Build the model of the server from the artifacts the readers opened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/facts.h"
#include "ndes-audit/hive.h"
#include "ndes-audit/util.h"

static const struct {
	const char *what;
	enum artifact_kind kind;
} source_kinds[] = {
#define X(sym, what, kind) {what, kind},
	FACT_SOURCES(X)
#undef X
};

const char *fact_source_name(enum fact_source s)
{
	return (unsigned)s < SRC__COUNT ? source_kinds[s].what : "?";
}

char *facts_cs_path(const struct facts *f, const char *rel)
{
	return xasprintf("%s\\%s", f->control_set_key, rel);
}

static void bind_source(struct facts *f, enum fact_source s)
{
	const struct bundle *b = f->bundle;
	struct source *src = &f->src[s];
	struct strbuf unknown;
	size_t i;

	src->what = source_kinds[s].what;
	src->state = SOURCE_ABSENT;
	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->kind != source_kinds[s].kind)
			continue;
		if (a->status == ART_ERROR) {
			free(src->error);
			src->error = xstrdup(a->error != NULL ? a->error : a->path);
			src->state = SOURCE_ERROR;
			return;
		}
		if (a->status == ART_OK && src->state == SOURCE_ABSENT) {
			src->state = SOURCE_OK;
			src->reg.artifact = a->path;
			src->reg.hive = a->handle;
		}
	}
	if (src->state != SOURCE_ABSENT)
		return;
	/* A hive that could not even be classified may be the missing one. */
	sb_init(&unknown);
	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->kind == ART_HIVE && a->status == ART_ERROR)
			sb_printf(&unknown, "%s%s", unknown.len ? "; " : "", a->error);
	}
	if (unknown.len) {
		src->state = SOURCE_ERROR;
		src->error = xasprintf("no readable %s in the bundle, and a hive that could not be "
				       "read may be it (%s)", src->what, unknown.s);
	}
	sb_free(&unknown);
}

static void source_fail(struct source *src, char *msg)
{
	src->state = SOURCE_ERROR;
	free(src->error);
	src->error = msg;
}

/* Select\Current names the control set Windows booted with; an offline
 * hive has no CurrentControlSet link. */
static void resolve_control_set(struct facts *f)
{
	struct source *src = &f->src[SRC_SYSTEM];
	struct nerr e;
	uint32_t cur = 0;
	int rc;

	nerr_clear(&e);
	rc = reg_dword(&src->reg, "Select", "Current", &cur, &e);
	if (rc == -1) {
		source_fail(src, xstrdup(e.msg));
		return;
	}
	if (rc == 0) {
		source_fail(src, xasprintf("%s: no value Select\\Current: the current control set "
					   "cannot be told", src->reg.artifact));
		return;
	}
	if (cur == 0 || cur > 999) {
		source_fail(src, xasprintf("%s: Select\\Current = %u is not a control set number",
					   src->reg.artifact, cur));
		return;
	}
	snprintf(f->control_set_key, sizeof(f->control_set_key), "ControlSet%03u", cur);
	rc = reg_key_exists(&src->reg, f->control_set_key, &e);
	if (rc == -1) {
		source_fail(src, xstrdup(e.msg));
		return;
	}
	if (rc == 0) {
		source_fail(src, xasprintf("%s: Select\\Current = %u, but the hive has no key %s",
					   src->reg.artifact, cur, f->control_set_key));
		return;
	}
	f->control_set = cur;
}

static void fact_free(struct fact_text *t)
{
	free(t->value);
	free(t->location);
	free(t->error);
	memset(t, 0, sizeof(*t));
}

/* The first of the names given that holds a non-empty string. */
static void read_text(const struct regsrc *r, const char *key, const char *const *names,
		      struct fact_text *out)
{
	struct nerr e;

	for (; *names != NULL; names++) {
		char *s = NULL;
		int rc;

		nerr_clear(&e);
		rc = reg_string(r, key, *names, &s, &e);
		if (rc == -1 && out->error == NULL)
			out->error = xstrdup(e.msg);
		if (rc == 1 && *s != '\0') {
			out->value = s;
			out->artifact = r->artifact;
			out->location = xasprintf("%s\\%s", key, *names);
			return;
		}
		free(s);
	}
}

static void read_host(struct facts *f, const struct facts_options *o)
{
	static const char *const host_names[] = {"Hostname", "NV Hostname", NULL};
	/* The primary DNS suffix; a DHCP connection suffix is not the FQDN. */
	static const char *const domain_names[] = {"Domain", "NV Domain", NULL};
	static const char *const cn_names[] = {"ComputerName", NULL};
	static const char *const product[] = {"ProductName", NULL};
	static const char *const build[] = {"CurrentBuild", "CurrentBuildNumber", NULL};
	static const char *const display[] = {"DisplayVersion", "ReleaseId", "CSDVersion", NULL};
	const char *cv = "Microsoft\\Windows NT\\CurrentVersion";

	if (f->src[SRC_SYSTEM].state == SOURCE_OK) {
		const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
		char *tcpip = facts_cs_path(f, "Services\\Tcpip\\Parameters");
		char *cn = facts_cs_path(f, "Control\\ComputerName\\ComputerName");

		read_text(r, tcpip, host_names, &f->hostname);
		read_text(r, tcpip, domain_names, &f->domain);
		read_text(r, cn, cn_names, &f->computername);
		free(tcpip);
		free(cn);
	}
	if (f->src[SRC_SOFTWARE].state == SOURCE_OK) {
		const struct regsrc *r = &f->src[SRC_SOFTWARE].reg;
		struct nerr e;
		uint32_t ubr;

		read_text(r, cv, product, &f->os_product);
		read_text(r, cv, build, &f->os_build);
		read_text(r, cv, display, &f->os_display_version);
		nerr_clear(&e);
		if (reg_dword(r, cv, "UBR", &ubr, &e) == 1) {
			f->os_ubr.value = xasprintf("%u", ubr);
			f->os_ubr.artifact = r->artifact;
			f->os_ubr.location = xasprintf("%s\\UBR", cv);
		}
	}
	if (o->fqdn != NULL && *o->fqdn != '\0') {
		f->fqdn = xstrdup(o->fqdn);
		f->fqdn_origin = "--fqdn";
	} else if (f->hostname.value != NULL) {
		f->fqdn = f->domain.value != NULL
				  ? xasprintf("%s.%s", f->hostname.value, f->domain.value)
				  : xstrdup(f->hostname.value);
		f->fqdn_origin = "SYSTEM hive";
	}
}

/* Newest key timestamp across every readable hive: when the copy was made,
 * near enough. The base block's own time is often zero or stale. */
static void estimate_collection(struct facts *f)
{
	const struct bundle *b = f->bundle;
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		uint64_t ft = 0;
		int64_t t;
		struct nerr e;

		if (a->status != ART_OK || a->handle == NULL || a->kind < ART_HIVE_SYSTEM ||
		    a->kind > ART_HIVE_OTHER)
			continue;
		nerr_clear(&e);
		if (filetime_to_unix(hive_get_header(a->handle)->last_written, &t) &&
		    (!f->has_collected_at || t > f->collected_at)) {
			f->collected_at = t;
			f->has_collected_at = 1;
		}
		if (hive_newest_key_time(a->handle, &ft, &e) == 1 && filetime_to_unix(ft, &t) &&
		    (!f->has_collected_at || t > f->collected_at)) {
			f->collected_at = t;
			f->has_collected_at = 1;
		}
	}
}

static long endpoint_port(const char *ep)
{
	const char *colon = strrchr(ep, ':');
	char *end;
	long port;

	if (colon == NULL || colon[1] == '\0')
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return -1;
	return port;
}

static void read_binding(const struct regsrc *r, const char *table, const char *tablekey,
			 const char *name, struct ssl_binding *sb)
{
	struct regval v;
	struct nerr e;
	char *hp = NULL;
	int rc;

	memset(sb, 0, sizeof(*sb));
	sb->table = table;
	sb->name = xstrdup(name);
	sb->keypath = xasprintf("%s\\%s", tablekey, name);
	nerr_clear(&e);
	if (reg_string(r, sb->keypath, "HostnamePort", &hp, &e) == 1 && *hp != '\0')
		sb->endpoint = hp;
	else {
		free(hp);
		sb->endpoint = xstrdup(name);
	}
	sb->port = endpoint_port(sb->endpoint);
	rc = reg_value(r, sb->keypath, "SslCertHash", &v, &e);
	if (rc == -1) {
		sb->hash_state = -1;
		sb->problem = xstrdup(e.msg);
	} else if (rc == 1) {
		sb->hash_size = v.size;
		if (v.type != REGT_BINARY) {
			sb->hash_state = -1;
			sb->problem = xasprintf("SslCertHash is %s, expected REG_BINARY",
						regtype_name(v.type));
		} else {
			sb->hash_state = 1;
			sb->thumbprint = hex_encode(v.data, v.size > 64 ? 64 : v.size, 1);
		}
		regval_free(&v);
	}
	rc = reg_string(r, sb->keypath, "SslCertStoreName", &sb->store, &e);
	if (rc == 1 && *sb->store == '\0') {
		free(sb->store);
		sb->store = NULL;
	} else if (rc == -1 && sb->problem == NULL) {
		sb->problem = xstrdup(e.msg);
	}
}

static void read_bindings(struct facts *f)
{
	static const char *const tables[] = {"SslBindingInfo", "SslSniBindingInfo",
					     "SslCcsBindingInfo"};
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	size_t t, i;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		char *rel = xasprintf("Services\\HTTP\\Parameters\\%s", tables[t]);
		char *key = facts_cs_path(f, rel);
		struct strlist names = {0};
		struct nerr e;
		int rc;

		nerr_clear(&e);
		rc = reg_subkeys(r, key, &names, &e);
		if (rc == -1 && f->bindings_error == NULL)
			f->bindings_error = xstrdup(e.msg);
		for (i = 0; rc == 1 && i < names.n; i++) {
			f->bindings = xreallocarray(f->bindings, f->nbindings + 1, sizeof(*f->bindings));
			read_binding(r, tables[t], key, names.v[i], &f->bindings[f->nbindings++]);
		}
		strlist_free(&names);
		free(rel);
		free(key);
	}
}

void facts_build(struct facts *f, const struct bundle *b, const struct facts_options *o)
{
	unsigned s;

	memset(f, 0, sizeof(*f));
	f->as_of = o->as_of;
	f->warn_days = o->warn_days;
	f->bundle = b;
	for (s = 0; s < SRC__COUNT; s++)
		bind_source(f, (enum fact_source)s);
	if (f->src[SRC_SYSTEM].state == SOURCE_OK)
		resolve_control_set(f);
	read_host(f, o);
	if (f->src[SRC_SYSTEM].state == SOURCE_OK)
		read_bindings(f);
	connector_detect(f->src[SRC_SOFTWARE].state == SOURCE_OK ? &f->src[SRC_SOFTWARE].reg : NULL,
			 &f->connector);
	certs_build(&f->certs, b,
		    f->src[SRC_SOFTWARE].state == SOURCE_OK ? &f->src[SRC_SOFTWARE].reg : NULL,
		    f->src[SRC_SOFTWARE].state == SOURCE_ERROR ? f->src[SRC_SOFTWARE].error : NULL);
	{
		struct source *cs = &f->src[SRC_CERTS];
		char *why = NULL;
		int st = certs_source_state(&f->certs, &why);

		free(cs->error);
		cs->error = why;
		cs->state = st == 1 ? SOURCE_OK : st == -1 ? SOURCE_ERROR : SOURCE_ABSENT;
	}
	estimate_collection(f);
}

void facts_free(struct facts *f)
{
	size_t i;
	unsigned s;

	for (s = 0; s < SRC__COUNT; s++)
		free(f->src[s].error);
	fact_free(&f->hostname);
	fact_free(&f->domain);
	fact_free(&f->computername);
	fact_free(&f->os_product);
	fact_free(&f->os_build);
	fact_free(&f->os_ubr);
	fact_free(&f->os_display_version);
	free(f->fqdn);
	for (i = 0; i < f->nbindings; i++) {
		struct ssl_binding *sb = &f->bindings[i];

		free(sb->name);
		free(sb->endpoint);
		free(sb->keypath);
		free(sb->thumbprint);
		free(sb->store);
		free(sb->problem);
	}
	free(f->bindings);
	free(f->bindings_error);
	connector_facts_free(&f->connector);
	certs_free(&f->certs);
	free(f->scep_pool.pool);
	free(f->scep_pool.identity_type);
	free(f->scep_pool.user_name);
	free(f->scep_pool.location);
	memset(f, 0, sizeof(*f));
}
