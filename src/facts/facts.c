/* Build the model of the server from the artifacts the readers opened. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/facts.h"
#include "read/hive.h"
#include "ndes-audit/iis.h"
#include "read/regexport.h"
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

/* Kinds that come as many files (a log per day, an .evtx per channel):
 * one unreadable file is an error of that file only, and the source is in
 * error only when none of its files could be read. */
static int multi_file_kind(enum artifact_kind k)
{
	return k == ART_LOG_IIS || k == ART_LOG_HTTPERR || k == ART_LOG_MSI || k == ART_EVTX;
}

static void bind_multi(struct facts *f, enum fact_source s)
{
	const struct bundle *b = f->bundle;
	struct source *src = &f->src[s];
	struct strbuf errs;
	size_t i, ok = 0;

	sb_init(&errs);
	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->kind != source_kinds[s].kind)
			continue;
		if (a->status == ART_OK)
			ok++;
		else if (a->status == ART_ERROR)
			sb_printf(&errs, "%s%s", errs.len ? "; " : "", a->error != NULL ? a->error : a->path);
	}
	if (ok > 0)
		src->state = SOURCE_OK;
	else if (errs.len > 0) {
		src->state = SOURCE_ERROR;
		src->error = sb_take(&errs);
	}
	sb_free(&errs);
}

/* The kind a reader leaves a file at when it could not classify it: such
 * a file may be the missing one. */
static enum artifact_kind unclassified_kind(enum artifact_kind k)
{
	if (k == ART_HIVE_SYSTEM || k == ART_HIVE_SOFTWARE || k == ART_HIVE_SECURITY)
		return ART_HIVE;
	if (k == ART_IIS_APPHOST)
		return ART_IIS_CONFIG;
	return ART__COUNT;
}

/* Which registry hive a source is (enum regx_hive), or -1. */
static int source_hive(enum fact_source s)
{
	switch (source_kinds[s].kind) {
	case ART_HIVE_SYSTEM: return REGX_SYSTEM;
	case ART_HIVE_SOFTWARE: return REGX_SOFTWARE;
	case ART_HIVE_SECURITY: return REGX_SECURITY;
	default: return -1;
	}
}

/* Could an unreadable .reg export of this kind have held keys of `which`? */
static int reg_kind_may_hold(enum artifact_kind k, int which)
{
	switch (k) {
	case ART_REG_SYSTEM: return which == REGX_SYSTEM;
	case ART_REG_SOFTWARE: return which == REGX_SOFTWARE;
	case ART_REG_SECURITY: return which == REGX_SECURITY;
	case ART_REG_MULTI: return 1;
	default: return 0;
	}
}

/* A source is the hive of its kind when the bundle has one; else the .reg
 * exports that hold keys of that hive, merged into one view. With both,
 * the hive answers and the exports are kept for comparison. */
static void bind_source(struct facts *f, enum fact_source s)
{
	const struct bundle *b = f->bundle;
	struct source *src = &f->src[s];
	enum artifact_kind unk = unclassified_kind(source_kinds[s].kind);
	int which = source_hive(s);
	struct strbuf unknown, unopened, broken;
	struct regview *view = NULL;
	size_t i;

	src->what = source_kinds[s].what;
	src->state = SOURCE_ABSENT;
	if (source_kinds[s].kind == ART_UNKNOWN)
		return; /* bound by its area's fact builder */
	if (multi_file_kind(source_kinds[s].kind)) {
		bind_multi(f, s);
		return;
	}
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
			src->artifact = a;
			src->reg.artifact = a->path;
			src->reg.hive = unk == ART_HIVE ? artifact_hive(a) : NULL;
		}
	}
	sb_init(&unknown);
	sb_init(&unopened);
	sb_init(&broken);
	for (i = 0; which >= 0 && i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->status == ART_ERROR && reg_kind_may_hold(a->kind, which))
			sb_printf(&broken, "%s%s", broken.len ? "; " : "", a->error);
		if (a->status != ART_OK || artifact_regexport(a) == NULL || a->kind < ART_REG_SYSTEM ||
		    a->kind > ART_REG_OTHER || !(regexport_hives(artifact_regexport(a)) & (1u << which)))
			continue;
		if (view == NULL)
			view = regview_new(which);
		regview_add(view, artifact_regexport(a));
	}
	if (src->state == SOURCE_OK) {
		src->reg.view = view; /* compared with the hive, never judged */
		goto out;
	}
	if (broken.len) {
		src->state = SOURCE_ERROR;
		src->error = xasprintf("a .reg export of the %s that could not be read may hold what "
				       "is needed (%s)", src->what, broken.s);
		regview_free(view);
		goto out;
	}
	if (view != NULL) {
		src->state = SOURCE_OK;
		src->reg.artifact = regexport_path(regview_at(view, 0));
		src->reg.view = view;
		goto out;
	}
	/* A hive or .reg file that could not even be classified may be the
	 * missing one; so may a file that could not be opened at all
	 * (permission denied, vanished): its content is unknown. */
	for (i = 0; i < b->n; i++) {
		const struct artifact *a = &b->arts[i];

		if (a->status != ART_ERROR)
			continue;
		if (a->kind == unk || (which >= 0 && a->kind == ART_REG))
			sb_printf(&unknown, "%s%s", unknown.len ? "; " : "", a->error);
		else if (a->kind == ART_UNKNOWN && unk != ART__COUNT)
			sb_printf(&unopened, "%s%s", unopened.len ? "; " : "", a->error);
	}
	if (unknown.len) {
		src->state = SOURCE_ERROR;
		src->error = xasprintf("no readable %s in the bundle, and %s that could not be "
				       "read may be it (%s)", src->what,
				       which >= 0 ? "a hive or .reg file" : "a configuration file",
				       unknown.s);
	} else if (unopened.len) {
		src->state = SOURCE_ERROR;
		src->error = xasprintf("no readable %s in the bundle, and a file that could not be "
				       "opened or read may be it (%s)", src->what, unopened.s);
	}
out:
	sb_free(&unknown);
	sb_free(&unopened);
	sb_free(&broken);
}

static void source_fail(struct source *src, char *msg)
{
	src->state = SOURCE_ERROR;
	free(src->error);
	src->error = msg;
}

/* Select\Current names the control set Windows booted with; an offline
 * hive has no CurrentControlSet link. */
static void resolve_hive_control_set(struct facts *f)
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
	regview_set_control_set(src->reg.view, f->control_set_key);
}

/* .reg exports of SYSTEM. An export made on the running server names the
 * current control set CurrentControlSet (a live link) and may hold no
 * Select key; an export of a loaded offline hive names ControlSetNNN.
 * Select\Current decides when the exports hold it, and then both
 * spellings reach the same keys. Without Select, CurrentControlSet is the
 * current set by definition; a ControlSetNNN alone is not taken as current
 * (it may be a stale last-known-good set). */
static void resolve_view_control_set(struct facts *f)
{
	struct source *src = &f->src[SRC_SYSTEM];
	struct strlist top = {0};
	struct nerr e;
	uint32_t cur = 0;
	size_t i, numbered = 0;
	const char *one = NULL;
	int rc, ccs = 0;

	nerr_clear(&e);
	rc = reg_dword(&src->reg, "Select", "Current", &cur, &e);
	if (rc == 1) {
		if (cur == 0 || cur > 999) {
			source_fail(src, xasprintf("%s: Select\\Current = %u is not a control set number",
						   reg_artifact(&src->reg, "Select", "Current", NULL), cur));
			return;
		}
		snprintf(f->control_set_key, sizeof(f->control_set_key), "ControlSet%03u", cur);
		f->control_set = cur;
		regview_set_control_set(src->reg.view, f->control_set_key);
		return;
	}
	if (rc == 0 || reg_covered(&src->reg, "Select")) {
		source_fail(src, rc == 0 ? xasprintf("%s: the key Select has no value Current: the "
						     "current control set cannot be told",
						     reg_artifact(&src->reg, "Select", NULL, NULL))
					 : xstrdup(e.msg));
		return;
	}
	regview_toplevel(src->reg.view, &top);
	for (i = 0; i < top.n; i++) {
		if (ascii_casecmp(top.v[i], "CurrentControlSet") == 0) {
			ccs = 1;
		} else if (ascii_ncasecmp(top.v[i], "ControlSet", 10) == 0 && strlen(top.v[i]) == 13) {
			numbered++;
			one = top.v[i];
		}
	}
	if (!ccs && numbered > 0) {
		source_fail(src, xasprintf("%s: the .reg exports hold %s%s but no Select key, so which "
					   "control set is current cannot be told (export "
					   "HKLM\\SYSTEM\\Select too, or export from CurrentControlSet)",
					   src->reg.artifact, one, numbered > 1 ? " and other control sets" : ""));
		strlist_free(&top);
		return;
	}
	snprintf(f->control_set_key, sizeof(f->control_set_key), "CurrentControlSet");
	f->control_set = 0;
	strlist_free(&top);
}

static void resolve_control_set(struct facts *f)
{
	if (f->src[SRC_SYSTEM].reg.hive != NULL)
		resolve_hive_control_set(f);
	else
		resolve_view_control_set(f);
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
		if (rc == -1 && out->error == NULL && reg_covered(r, key))
			out->error = xstrdup(e.msg); /* not in a .reg export is not an error */
		if (rc == 1 && *s != '\0') {
			out->value = s;
			out->artifact = reg_artifact(r, key, *names, NULL);
			out->location = reg_location(r, key, *names);
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
		if (f->hostname.value == NULL) { /* where host.fqdn says it looked */
			f->hostname.artifact = r->artifact;
			f->hostname.location = facts_cs_path(f, "Services\\Tcpip\\Parameters\\Hostname");
		}
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
			f->os_ubr.artifact = reg_artifact(r, cv, "UBR", NULL);
			f->os_ubr.location = reg_location(r, cv, "UBR");
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
		int64_t t;

		if (a->status != ART_OK || artifact_hive(a) == NULL || a->kind < ART_HIVE_SYSTEM ||
		    a->kind > ART_HIVE_OTHER)
			continue;
		if (filetime_to_unix(hive_get_header(artifact_hive(a))->last_written, &t) &&
		    (!f->has_collected_at || t > f->collected_at)) {
			f->collected_at = t;
			f->has_collected_at = 1;
		}
		if (a->key_time != 0 && filetime_to_unix(a->key_time, &t) &&
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
	sb->artifact = reg_artifact(r, sb->keypath, NULL, NULL);
	sb->hash_location = reg_location(r, sb->keypath, "SslCertHash");
	sb->store_location = reg_location(r, sb->keypath, "SslCertStoreName");
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
		if (rc == -1 && !reg_covered(r, key)) {
			/* A .reg export that does not hold this table: unknown. */
			char *was = f->bindings_uncovered;

			f->bindings_uncovered = was != NULL ? xasprintf("%s, %s", was, tables[t])
							    : xstrdup(tables[t]);
			free(was);
		} else if (rc == -1 && f->bindings_error == NULL) {
			f->bindings_error = xstrdup(e.msg);
		}
		for (i = 0; rc == 1 && i < names.n; i++) {
			f->bindings = xreallocarray(f->bindings, f->nbindings + 1, sizeof(*f->bindings));
			read_binding(r, tables[t], key, names.v[i], &f->bindings[f->nbindings++]);
		}
		strlist_free(&names);
		free(rel);
		free(key);
	}
	f->bindings_params_key = facts_cs_path(f, "Services\\HTTP\\Parameters");
	f->bindings_table_key = facts_cs_path(f, "Services\\HTTP\\Parameters\\SslBindingInfo");
	f->bindings_table_artifact = reg_artifact(r, f->bindings_table_key, NULL, NULL);
	f->bindings_source = r->artifact;
	if (f->bindings_uncovered != NULL)
		f->bindings_coverage = reg_coverage(r);
}

/* The names this host's events carry as Computer: the hive's FQDN
 * (Hostname.Domain), --fqdn, the Tcpip Hostname and the NetBIOS
 * ComputerName. *own: the heap string to free. */
static void host_names(const struct facts *f, struct host_names *h, char **own)
{
	memset(h, 0, sizeof(*h));
	*own = f->hostname.value != NULL && f->domain.value != NULL
		       ? xasprintf("%s.%s", f->hostname.value, f->domain.value)
		       : NULL;
	h->name[0] = *own;
	h->name[1] = f->fqdn;
	h->name[2] = f->hostname.value;
	h->name[3] = f->computername.value;
}

const char *deployment_name(enum deployment d)
{
	switch (d) {
	case DEPLOY_INTUNE_CURRENT: return "intune-current";
	case DEPLOY_INTUNE_LEGACY: return "intune-legacy";
	case DEPLOY_STANDALONE: return "standalone";
	case DEPLOY_UNKNOWN: break;
	}
	return "unknown";
}

/* No connector: a standalone NDES has a password challenge (EnforcePassword
 * 1), no policy module, and publishes the password page when IIS is in the
 * bundle. Anything else leaves the mode unknown, saying why. */
static void decide_no_connector(struct facts *f, struct deployment_fact *d)
{
	const struct regfact *pol = &f->reg[RF_MSCEP_POLICY], *ep = &f->reg[RF_MSCEP_ENFORCEPASSWORD];
	char *text = regfact_text(pol);
	uint32_t enforce = 0;
	int has_policy = pol->st == RF_FOUND && !(text != NULL && *text == '\0');
	int enforced = regfact_dword(ep, &enforce, NULL) == 0 && enforce == 1;

	if (has_policy)
		d->evidence = xasprintf("no Intune connector is installed, but MSCEP\\Modules\\Policy "
					"registers %s", text != NULL ? text : "a policy module");
	else if (pol->st != RF_FOUND && pol->st != RF_ABSENT)
		d->evidence = xstrdup("no Intune connector is installed, and whether a policy "
				      "module is registered is not in the bundle");
	else if (!enforced)
		d->evidence = xstrdup("no Intune connector or policy module, but MSCEP\\"
				      "EnforcePassword is not 1: no password challenge either");
	else if (f->iis != NULL && f->iis->admin_app == NULL)
		d->evidence = xstrdup("no Intune connector or policy module and EnforcePassword 1, "
				      "but IIS publishes no " IIS_ADMIN_APP " password page");
	else {
		d->mode = DEPLOY_STANDALONE;
		d->evidence = xasprintf("no Intune connector or policy module, EnforcePassword 1%s",
					f->iis != NULL ? ", " IIS_ADMIN_APP " published"
						       : "; no applicationHost.config shows the "
							 "password page");
	}
	free(text);
}

void deployment_decide(struct facts *f, const char *forced)
{
	struct deployment_fact *d = &f->deployment;
	enum connector_gen g = f->connector.gen;

	free(d->evidence);
	memset(d, 0, sizeof(*d));

	if (forced != NULL) {
		d->forced = 1;
		d->mode = ascii_casecmp(forced, "standalone") == 0 ? DEPLOY_STANDALONE
			  : g == CONN_LEGACY ? DEPLOY_INTUNE_LEGACY : DEPLOY_INTUNE_CURRENT;
		d->evidence = xasprintf("given with --deployment %s", forced);
	} else if (g == CONN_CURRENT || g == CONN_BOTH) {
		d->mode = DEPLOY_INTUNE_CURRENT;
		d->evidence = xasprintf("%s is installed (%s)", CONNECTOR_CURRENT_NAME,
					f->connector.basis != NULL ? f->connector.basis : "SOFTWARE");
	} else if (g == CONN_LEGACY) {
		d->mode = DEPLOY_INTUNE_LEGACY;
		d->evidence = xasprintf("%s is installed (%s)", CONNECTOR_LEGACY_NAME,
					f->connector.basis != NULL ? f->connector.basis : "SOFTWARE");
	} else if (g == CONN_NONE) {
		decide_no_connector(f, d);
	} else {
		d->evidence = xstrdup(f->src[SRC_SOFTWARE].state == SOURCE_OK
					      ? "the SOFTWARE evidence shows neither connector keys nor "
						"their absence"
					      : "no readable SOFTWARE hive");
	}
}

void facts_build(struct facts *f, struct bundle *b, const struct facts_options *o)
{
	unsigned s;
	struct host_names hn;
	char *fqdn;

	memset(f, 0, sizeof(*f));
	f->as_of = o->as_of;
	f->warn_days = o->warn_days;
	f->bundle = b;
	for (s = 0; s < SRC__COUNT; s++)
		bind_source(f, (enum fact_source)s);
	if (f->src[SRC_SYSTEM].state == SOURCE_OK)
		resolve_control_set(f);
	reg_cross_check(b, f->src[SRC_SYSTEM].reg.hive != NULL ? f->control_set_key : "");
	read_host(f, o);
	if (f->src[SRC_SYSTEM].state == SOURCE_OK)
		read_bindings(f);
	regfacts_build(f);
	connector_detect(f->src[SRC_SOFTWARE].state == SOURCE_OK ? &f->src[SRC_SOFTWARE].reg : NULL,
			 &f->connector);
	rights_build(f);
	iis_facts_build(f, b);
	deployment_decide(f, o->deployment);
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
	f->logs = xcalloc(1, sizeof(*f->logs));
	host_names(f, &hn, &fqdn);
	log_facts_build(f->logs, b, &hn, f->iis);
	free(fqdn);
}

void facts_free(struct facts *f)
{
	size_t i;
	unsigned s;

	for (s = 0; s < SRC__COUNT; s++) {
		free(f->src[s].error);
		regview_free(f->src[s].reg.view);
	}
	fact_free(&f->hostname);
	fact_free(&f->domain);
	fact_free(&f->computername);
	fact_free(&f->os_product);
	fact_free(&f->os_build);
	fact_free(&f->os_ubr);
	fact_free(&f->os_display_version);
	free(f->fqdn);
	free(f->deployment.evidence);
	for (i = 0; i < f->nbindings; i++) {
		struct ssl_binding *sb = &f->bindings[i];

		free(sb->name);
		free(sb->endpoint);
		free(sb->keypath);
		free(sb->thumbprint);
		free(sb->store);
		free(sb->problem);
		free(sb->hash_location);
		free(sb->store_location);
	}
	free(f->bindings);
	free(f->bindings_error);
	free(f->bindings_uncovered);
	free(f->bindings_params_key);
	free(f->bindings_table_key);
	free(f->bindings_coverage);
	connector_facts_free(&f->connector);
	regfacts_free(f->reg, RF__COUNT);
	rights_facts_free(&f->rights);
	if (f->logs != NULL) {
		log_facts_free(f->logs);
		free(f->logs);
	}
	certs_free(&f->certs);
	free(f->scep_pool.pool);
	free(f->scep_pool.identity_type);
	free(f->scep_pool.user_name);
	free(f->scep_pool.location);
	iis_model_free(f->iis);
	memset(f, 0, sizeof(*f));
}
