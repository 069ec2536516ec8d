/* iis.features: the IIS role services NDES needs are installed, told from
 * the server level of applicationHost.config (globalModules, modules,
 * handlers, isapiCgiRestriction: typed lists of the IIS model) and from
 * the values IIS setup writes under SOFTWARE Microsoft\InetStp\Components.
 * A pure function of the facts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "regcheck.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/util.h"

#define SEC_GLOBAL "system.webServer/globalModules"
#define SEC_MODULES "system.webServer/modules"
#define SEC_HANDLERS "system.webServer/handlers"
#define SEC_ISAPI "system.webServer/security/isapiCgiRestriction"
#define ASPNET4_ISAPI "\\v4.0.30319\\aspnet_isapi.dll"
/* What ASP.NET 4.x setup lists in isapiCgiRestriction on IIS 8 and later. */
#define ASPNET4_ENGINE "\\v4.0.30319\\webengine4.dll"

/* Where a feature was seen in applicationHost.config. */
struct seen {
	const struct iis_entry *e;
	const char *section;
};

/* 1 seen (where set), 0 not seen, -1 the file sets none of the sections
 * that would show it. */
typedef int (*cfg_probe)(const struct iis_model *m, struct seen *where);

struct feature {
	const char *name;      /* the role service, as Server Manager names it */
	const char *install;   /* its Install-WindowsFeature name */
	int rf;                /* its InetStp\Components value, -1 when none */
	int legacy_only;       /* needed by the legacy connector only */
	cfg_probe probe;
	const char *looked_for; /* what the probe looks for, for a "not seen" entry */
};

static int ends_with_ci(const char *s, const char *tail)
{
	return s != NULL && ascii_casesuffix(s, tail);
}

static int has_ci(const char *s, const char *part)
{
	return s != NULL && ascii_memcasestr(s, strlen(s), part) != NULL;
}

/* The first entry of list whose key is one of names (NULL-terminated). */
static int find_key(const struct iis_list *l, const char *section, const char *const *names,
		    struct seen *where)
{
	size_t i, j;

	if (l->line == 0)
		return -1;
	for (i = 0; i < l->n; i++)
		for (j = 0; names[j] != NULL; j++)
			if (l->v[i].key != NULL && ascii_casecmp(l->v[i].key, names[j]) == 0) {
				where->e = &l->v[i];
				where->section = section;
				return 1;
			}
	return 0;
}

static int global_module(const struct iis_model *m, const char *name, struct seen *where)
{
	const char *names[] = {name, NULL};

	return find_key(&m->global_modules, SEC_GLOBAL, names, where);
}

static int probe_filtering(const struct iis_model *m, struct seen *w)
{
	return global_module(m, "RequestFilteringModule", w);
}

static int probe_isapi_ext(const struct iis_model *m, struct seen *w)
{
	return global_module(m, "IsapiModule", w);
}

static int probe_isapi_filter(const struct iis_model *m, struct seen *w)
{
	return global_module(m, "IsapiFilterModule", w);
}

static int probe_static(const struct iis_model *m, struct seen *w)
{
	return global_module(m, "StaticFileModule", w);
}

static int probe_netext(const struct iis_model *m, struct seen *w)
{
	const char *names[] = {"ManagedEngineV4.0_64bit", "ManagedEngineV4.0_32bit", NULL};

	return find_key(&m->global_modules, SEC_GLOBAL, names, w);
}

/* A handler for path (a "*.ext" mapping) that runs on .NET 4. */
static int handler_v4(const struct iis_model *m, const char *path, struct seen *w)
{
	size_t i;

	for (i = 0; i < m->handlers.n; i++) {
		const struct iis_entry *e = &m->handlers.v[i];

		if (e->path != NULL && ascii_casecmp(e->path, path) == 0 &&
		    (has_ci(e->precondition, "runtimeVersionv4.0") ||
		     ends_with_ci(e->script_processor, ASPNET4_ISAPI))) {
			w->e = e;
			w->section = SEC_HANDLERS;
			return 1;
		}
	}
	return 0;
}

/* ASP.NET 4.x lists webengine4.dll (IIS 8 and later) or aspnet_isapi.dll
 * of v4.0.30319 in isapiCgiRestriction and maps *.aspx to it (or,
 * integrated, to its page handler). */
static int probe_aspnet(const struct iis_model *m, struct seen *w)
{
	size_t i;

	for (i = 0; i < m->isapi_cgi.n; i++)
		if (ends_with_ci(m->isapi_cgi.v[i].key, ASPNET4_ISAPI) ||
		    ends_with_ci(m->isapi_cgi.v[i].key, ASPNET4_ENGINE)) {
			w->e = &m->isapi_cgi.v[i];
			w->section = SEC_ISAPI;
			return 1;
		}
	if (handler_v4(m, "*.aspx", w))
		return 1;
	return m->isapi_cgi.line == 0 && m->handlers.line == 0 ? -1 : 0;
}

/* WCF HTTP activation maps *.svc to the .NET 4 service handlers and adds
 * the ServiceModel-4.0 module. */
static int probe_wcf(const struct iis_model *m, struct seen *w)
{
	const char *names[] = {"ServiceModel-4.0", NULL};

	if (handler_v4(m, "*.svc", w))
		return 1;
	if (find_key(&m->modules, SEC_MODULES, names, w) == 1)
		return 1;
	return m->handlers.line == 0 && m->modules.line == 0 ? -1 : 0;
}

static const struct feature features[] = {
	{"Request Filtering", "Web-Filtering", RF_INETSTP_REQUEST_FILTERING, 0, probe_filtering,
	 "RequestFilteringModule in " SEC_GLOBAL},
	{"ISAPI Extensions", "Web-ISAPI-Ext", RF_INETSTP_ISAPI_EXT, 0, probe_isapi_ext,
	 "IsapiModule in " SEC_GLOBAL},
	{"ISAPI Filters", "Web-ISAPI-Filter", RF_INETSTP_ISAPI_FILTER, 0, probe_isapi_filter,
	 "IsapiFilterModule in " SEC_GLOBAL},
	{".NET Extensibility 4.x", "Web-Net-Ext45", RF_INETSTP_NETFX_EXT45, 0, probe_netext,
	 "ManagedEngineV4.0_64bit or ManagedEngineV4.0_32bit in " SEC_GLOBAL},
	{"ASP.NET 4.x", "Web-Asp-Net45", RF_INETSTP_ASPNET45, 0, probe_aspnet,
	 "v4.0.30319 webengine4.dll or aspnet_isapi.dll in " SEC_ISAPI
	 " and no .NET 4 *.aspx handler"},
	{"Static Content", "Web-Static-Content", RF_INETSTP_STATIC_CONTENT, 0, probe_static,
	 "StaticFileModule in " SEC_GLOBAL},
	{"WCF HTTP Activation", "NET-WCF-HTTP-Activation45", -1, 1, probe_wcf,
	 ".NET 4 *.svc handler and no ServiceModel-4.0 module"},
};
#define NFEATURES (sizeof(features) / sizeof(features[0]))

/* What each source says of one feature: 1 installed, 0 not, -1 silent. */
struct verdict {
	int cfg, reg;
	struct seen where;
};

static int reg_says(const struct facts *f, const struct feature *ft)
{
	const struct regfact *v;
	uint32_t d;

	if (ft->rf < 0 || f->reg[RF_INETSTP_KEY].st != RF_FOUND)
		return -1;
	v = &f->reg[ft->rf];
	if (v->st == RF_ABSENT)
		return 0;
	if (v->st != RF_FOUND)
		return -1;
	return regfact_dword(v, &d, NULL) == 0 && d == 1;
}

static void judge(const struct facts *f, const struct feature *ft, struct verdict *out)
{
	memset(out, 0, sizeof(*out));
	out->cfg = f->iis != NULL ? ft->probe(f->iis, &out->where) : -1;
	out->reg = reg_says(f, ft);
}

static int missing(const struct verdict *v)
{
	return v->cfg == 0 || v->reg == 0;
}

static int known(const struct verdict *v)
{
	return v->cfg != -1 || v->reg != -1;
}

/* Evidence for one feature: where each source shows it, or does not. */
static void feature_evidence(struct result *r, const struct facts *f, const struct feature *ft,
			     const struct verdict *v)
{
	const struct iis_model *m = f->iis;

	if (v->cfg == 1) {
		const struct iis_entry *e = v->where.e;
		char *loc = e->location != NULL
				    ? xasprintf("line %ld, <location path=\"%s\">, %s: %s", e->line,
						e->location, v->where.section, ft->name)
				    : xasprintf("line %ld, %s: %s", e->line, v->where.section, ft->name);

		result_add_evidence(r, m->artifact, loc, e->key);
		free(loc);
	} else if (v->cfg == 0) {
		char *loc = xasprintf("%s: %s", ft->name, ft->looked_for);

		result_add_evidence(r, m->artifact, loc, "(not there)");
		free(loc);
	}
	if (v->reg != -1) {
		char *shown = regfact_show(&f->reg[ft->rf]);

		ev_fact(r, &f->reg[ft->rf], shown);
		free(shown);
	}
}

/* "Request Filtering (no RequestFilteringModule in ...; InetStp
 * RequestFiltering is (absent))" appended to sb. */
static void describe_missing(struct strbuf *sb, const struct facts *f, const struct feature *ft,
			     const struct verdict *v)
{
	sb_printf(sb, "%s%s (", sb->len > 0 ? ", " : "", ft->name);
	if (v->cfg == 0)
		sb_printf(sb, "applicationHost.config has no %s", ft->looked_for);
	if (v->reg == 0) {
		char *shown = regfact_show(&f->reg[ft->rf]);

		sb_printf(sb, "%s%s is %s", v->cfg == 0 ? "; " : "", f->reg[ft->rf].location, shown);
		free(shown);
	}
	sb_printf(sb, ")");
}

/* Where the check looked, when neither source is in the bundle. */
static void emit_no_source(const struct facts *f, struct emitter *em)
{
	const struct regfact *k = &f->reg[RF_INETSTP_KEY];
	struct result *r;

	r = emit(em, ST_NE, "IIS role services",
		 "the bundle has no readable applicationHost.config and %s, so the installed IIS "
		 "role services cannot be told", k->st == RF_ABSENT
							? "its SOFTWARE hive has no InetStp\\Components key"
							: "no InetStp\\Components key");
	if (f->src[SRC_IIS].state == SOURCE_ERROR && f->src[SRC_IIS].error != NULL)
		result_add_evidence(r, NULL, "applicationHost.config", f->src[SRC_IIS].error);
	if (k->st == RF_ABSENT)
		ev_fact(r, k, "(absent)");
}

static void emit_roles(const struct facts *f, struct emitter *em)
{
	struct verdict v[NFEATURES];
	struct strbuf miss, inst, unknown;
	struct result *r;
	size_t i;

	sb_init(&miss);
	sb_init(&inst);
	sb_init(&unknown);
	for (i = 0; i < NFEATURES; i++) {
		if (features[i].legacy_only)
			continue;
		judge(f, &features[i], &v[i]);
		if (missing(&v[i]))
			describe_missing(&miss, f, &features[i], &v[i]);
		else if (!known(&v[i]))
			sb_printf(&unknown, "%s%s", unknown.len > 0 ? ", " : "", features[i].name);
	}
	if (miss.len == 0 && unknown.len > 0) {
		/* applicationHost.config without the sections that show them,
		 * and no InetStp\Components key: not decidable. */
		r = emit(em, ST_NE, "IIS role services",
			 "whether %s %s installed cannot be told: %s has no section that shows %s, "
			 "and the bundle has no InetStp\\Components key", unknown.s,
			 strchr(unknown.s, ',') != NULL ? "are" : "is", f->iis->artifact,
			 strchr(unknown.s, ',') != NULL ? "them" : "it");
	} else if (miss.len > 0) {
		r = emit(em, ST_FAIL, "IIS role services",
			 "IIS role services NDES needs are missing: %s. Without them IIS cannot run "
			 "mscep.dll (an ISAPI extension on .NET 4) or apply request filtering",
			 miss.s);
	} else {
		r = emit(em, ST_PASS, "IIS role services",
			 "the IIS role services NDES needs are installed: Request Filtering, ISAPI "
			 "Extensions, ISAPI Filters, .NET Extensibility 4.x, ASP.NET 4.x, Static "
			 "Content (seen in %s%s%s)", f->iis != NULL ? "applicationHost.config" : "",
			 f->iis != NULL && v[0].reg != -1 ? " and " : "",
			 v[0].reg != -1 ? "InetStp\\Components" : "");
	}
	for (i = 0; i < NFEATURES; i++)
		if (!features[i].legacy_only)
			feature_evidence(r, f, &features[i], &v[i]);
	if (r->status == ST_FAIL) {
		sb_free(&inst);
		sb_init(&inst);
		for (i = 0; i < NFEATURES; i++)
			if (!features[i].legacy_only && missing(&v[i]))
				sb_printf(&inst, "%s%s", inst.len > 0 ? "," : "", features[i].install);
		result_set_remediation(r,
				       "Install the missing role services: Install-WindowsFeature %s "
				       "(or Server Manager, Add Roles and Features, Web Server (IIS)), "
				       "then run iisreset.", inst.s);
	}
	sb_free(&miss);
	sb_free(&inst);
	sb_free(&unknown);
}

/* WCF HTTP activation: the legacy connector's CertificateRegistrationSvc
 * is a WCF service hosted in IIS. */
static void emit_wcf(const struct facts *f, struct emitter *em)
{
	const struct feature *ft = &features[NFEATURES - 1];
	enum connector_gen gen = f->connector.gen;
	const char *tgt = "WCF HTTP Activation";
	struct verdict v;
	struct result *r;

	judge(f, ft, &v);
	if (gen == CONN_CURRENT || gen == CONN_NONE) {
		r = emit(em, ST_NA, tgt,
			 "WCF HTTP activation serves the legacy connector's CertificateRegistrationSvc; "
			 "%s", gen == CONN_CURRENT ? "this server has the current Certificate Connector "
						     "for Microsoft Intune, which does not use it"
						   : "no Intune connector is installed");
		if (gen == CONN_CURRENT && f->connector.current.keypath != NULL)
			result_add_evidence(r, f->connector.artifact, f->connector.current.keypath,
					    f->connector.current.display_name);
		return;
	}
	if (v.cfg == 1) {
		r = emit(em, ST_PASS, tgt, "WCF HTTP activation is installed (a .NET 4 *.svc mapping "
			 "in applicationHost.config), as the legacy connector's "
			 "CertificateRegistrationSvc needs");
	} else if (v.cfg == -1 || gen == CONN_UNKNOWN) {
		r = emit(em, ST_NE, tgt,
			 "%s", v.cfg == -1 ? "no applicationHost.config with handlers or modules in the "
					     "bundle shows whether WCF HTTP activation is installed"
					   : "WCF HTTP activation is not installed, and whether the legacy "
					     "connector (which needs it) is installed cannot be told");
	} else {
		r = emit(em, ST_FAIL, tgt,
			 "the legacy Microsoft Intune Connector is installed, but WCF HTTP activation "
			 "is not (applicationHost.config has no %s): its CertificateRegistrationSvc "
			 "cannot be activated and the policy module cannot verify requests",
			 ft->looked_for);
		result_set_remediation(r, "Install-WindowsFeature NET-WCF-HTTP-Activation45, then run "
				       "iisreset.");
	}
	if (known(&v))
		feature_evidence(r, f, ft, &v);
	if (f->connector.legacy.keypath != NULL)
		result_add_evidence(r, f->connector.artifact, f->connector.legacy.keypath,
				    f->connector.legacy.display_name);
}

void check_iis_features(const struct facts *f, struct emitter *em)
{
	if (f->iis == NULL && f->reg[RF_INETSTP_KEY].st != RF_FOUND) {
		emit_no_source(f, em);
		return;
	}
	emit_roles(f, em);
	emit_wcf(f, em);
}
