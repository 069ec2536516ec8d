/* --dump-facts for IIS: the effective settings at the NDES URL and at the
 * CertificateRegistrationSvc URL, one per line, each followed by where it
 * was set, as `sshd -T` prints sshd's effective configuration. Secrets are
 * shown only as "(encrypted with PROVIDER; not shown)". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/facts.h"
#include "ndes-audit/iis.h"
#include "read/iisconfig.h"
#include "ndes-audit/util.h"

#define SEC_AUTH "system.webServer/security/authentication/"

struct setting {
	const char *section, *element, *attr;
};

static const struct setting url_settings[] = {
	{"system.webServer/security/requestFiltering", "requestLimits", "maxUrl"},
	{"system.webServer/security/requestFiltering", "requestLimits", "maxQueryString"},
	{"system.webServer/security/requestFiltering", "requestLimits", "maxAllowedContentLength"},
	{"system.webServer/security/requestFiltering", "", "allowDoubleEscaping"},
	{SEC_AUTH "anonymousAuthentication", "", "enabled"},
	{SEC_AUTH "anonymousAuthentication", "", "userName"},
	{SEC_AUTH "anonymousAuthentication", "", "password"},
	{SEC_AUTH "windowsAuthentication", "", "enabled"},
	{SEC_AUTH "windowsAuthentication", "", "useKernelMode"},
	{SEC_AUTH "windowsAuthentication", "extendedProtection", "tokenChecking"},
	{SEC_AUTH "basicAuthentication", "", "enabled"},
	{SEC_AUTH "digestAuthentication", "", "enabled"},
	{SEC_AUTH "clientCertificateMappingAuthentication", "", "enabled"},
	{SEC_AUTH "iisClientCertificateMappingAuthentication", "", "enabled"},
	{"system.webServer/security/access", "", "sslFlags"},
	{"system.webServer/security/isapiCgiRestriction", "", "notListedIsapisAllowed"},
};

static void put(FILE *out, const char *s)
{
	char *p = printable(s != NULL ? s : "");

	fputs(p, out);
	free(p);
}

/* "name value  # origin" */
static void line(FILE *out, const char *name, const struct iis_value *v)
{
	char *val = iis_value_text(v);

	put(out, name);
	fputc(' ', out);
	put(out, val);
	fputs("  # ", out);
	if (v->from.def == NULL && v->from.artifact == NULL) {
		fputs("not set anywhere; the schema has no default", out);
	} else if (v->from.def != NULL) {
		fprintf(out, "schema default (IIS 10 IIS_schema.xml line %d)", v->from.def->schema_line);
	} else {
		put(out, v->from.artifact);
		fprintf(out, ":%ld", v->from.line);
		if (v->from.location != NULL) {
			fputs(" <location path=\"", out);
			put(out, v->from.location);
			fputs("\">", out);
		}
	}
	fputc('\n', out);
	free(val);
}

static void line_at(FILE *out, const char *name, const char *value, const char *artifact, long ln)
{
	put(out, name);
	fputc(' ', out);
	put(out, value != NULL ? value : "(not set)");
	fputs("  # ", out);
	put(out, artifact);
	fprintf(out, ":%ld\n", ln);
}

static void dump_pool(FILE *out, const struct iis_model *m, const struct iis_app *app)
{
	const struct iis_pool *p = iis_pool_by_name(m, app->pool.value);

	line(out, "applicationPool", &app->pool);
	if (p == NULL) {
		fputs("# the application pool ", out);
		put(out, app->pool.value != NULL ? app->pool.value : "(none)");
		fputs(" is not defined in applicationPools\n", out);
		return;
	}
	line_at(out, "applicationPools/add/@name", p->name, m->artifact, p->line);
	line(out, "applicationPools/add/@autoStart", &p->auto_start);
	line(out, "applicationPools/add/@startMode", &p->start_mode);
	line(out, "applicationPools/add/processModel/@identityType", &p->identity_type);
	line(out, "applicationPools/add/processModel/@userName", &p->user_name);
	line(out, "applicationPools/add/processModel/@password", &p->password);
}

static void dump_site(FILE *out, const struct iis_model *m, const struct iis_site *s)
{
	struct iis_logging lg;
	size_t i;

	line_at(out, "site/@name", s->name, m->artifact, s->line);
	line_at(out, "site/@id", s->id_text, m->artifact, s->line);
	for (i = 0; i < s->nbindings; i++) {
		char *v = xasprintf("%s %s", s->bindings[i].protocol ? s->bindings[i].protocol : "",
				    s->bindings[i].info ? s->bindings[i].info : "");

		line_at(out, "site/bindings/binding", v, m->artifact, s->bindings[i].line);
		free(v);
	}
	if (s->nbindings == 0)
		fputs("# the site has no bindings\n", out);
	iis_site_logging(m, s, &lg);
	line(out, "system.applicationHost/log/@centralLogFileMode", &lg.mode);
	line(out, "logFile/@logFormat", &lg.format);
	if (lg.enabled.value != NULL || lg.enabled.from.def != NULL)
		line(out, "logFile/@enabled", &lg.enabled);
	if (lg.flags.value != NULL)
		line(out, "logFile/@logExtFileFlags", &lg.flags);
	if (lg.target.value != NULL)
		line(out, "logFile/@logTargetW3C", &lg.target);
	if (lg.directory.value != NULL)
		line(out, "logFile/@directory", &lg.directory);
}

static void dump_url(FILE *out, const struct iis_model *m, const char *title, const char *url,
		     const struct iis_app *app, int ndes)
{
	struct iis_coll coll;
	size_t i;

	fputs("\n[", out);
	put(out, title);
	fputs("]\n", out);
	if (app == NULL || url == NULL) {
		fputs("# no such application in ", out);
		put(out, m->artifact);
		fputc('\n', out);
		return;
	}
	fputs("url ", out);
	put(out, url);
	fputc('\n', out);
	line_at(out, "application/@path", app->path, m->artifact, app->line);
	for (i = 0; i < app->nvdirs; i++)
		if (app->vdirs[i].path != NULL && strcmp(app->vdirs[i].path, "/") == 0)
			line_at(out, "virtualDirectory/@physicalPath", app->vdirs[i].physical_path,
				m->artifact, app->vdirs[i].line);
	for (i = 0; i < app->nwcs; i++) {
		fputs("web.config ", out);
		put(out, app->wcs[i]->artifact);
		fputs(app->wcs[i]->doc != NULL ? "  # applied\n" : "  # could not be read\n", out);
	}
	dump_pool(out, m, app);
	for (i = 0; i < sizeof(url_settings) / sizeof(url_settings[0]); i++) {
		const struct setting *st = &url_settings[i];
		struct iis_eff eff;
		char *name;

		if (!iis_resolve(m, url, st->section, st->element, st->attr, &eff))
			continue;
		name = xasprintf("%s%s%s/@%s", st->section, st->element[0] ? "/" : "", st->element,
				 st->attr);
		if (eff.unreadable) {
			put(out, name);
			fputs(" (unknown)  # ", out);
			put(out, eff.problem);
			fputc('\n', out);
		} else {
			line(out, name, &eff.v);
			if (eff.problem[0] != '\0') {
				fputs("#   but ", out);
				put(out, eff.problem);
				fputc('\n', out);
			}
		}
		free(name);
	}
	if (iis_resolve_coll(m, url, SEC_AUTH "windowsAuthentication", "providers", "value", &coll)) {
		for (i = 0; i < coll.n; i++)
			line_at(out, SEC_AUTH "windowsAuthentication/providers/add",
				xnode_value(coll.items[i].node, "value"), coll.items[i].artifact,
				coll.items[i].node->line);
		if (coll.n == 0)
			fputs("# windowsAuthentication/providers: none\n", out);
		iis_coll_free(&coll);
	}
	if (ndes && iis_resolve_coll(m, url, "system.webServer/security/isapiCgiRestriction", "",
				     "path", &coll)) {
		int found = 0;

		for (i = 0; i < coll.n; i++) {
			const char *p = xnode_value(coll.items[i].node, "path");
			const char *a = xnode_value(coll.items[i].node, "allowed");
			char *v;

			if (p == NULL || !ascii_casesuffix(p, "mscep.dll"))
				continue;
			found = 1;
			v = xasprintf("%s allowed=%s", p, a != NULL ? a : "(absent: false)");
			line_at(out, "system.webServer/security/isapiCgiRestriction/add", v,
				coll.items[i].artifact, coll.items[i].node->line);
			free(v);
		}
		if (!found)
			fputs("# isapiCgiRestriction: no entry for mscep.dll\n", out);
		iis_coll_free(&coll);
	}
}

int iis_dump_facts(FILE *out, const struct facts *f)
{
	const struct source *src = &f->src[SRC_IIS];
	const struct iis_model *m = f->iis;
	size_t i;

	fputs("# ndes-audit --dump-facts: effective IIS settings; after each, where it was set\n"
	      "# (file:line and <location path>, or the IIS 10 schema default)\n", out);
	if (src->state == SOURCE_ERROR || m == NULL) {
		fputs("# no readable applicationHost.config: ", out);
		put(out, src->state == SOURCE_ERROR ? src->error : "the bundle has none");
		fputc('\n', out);
		return 3;
	}
	fputs("applicationhost ", out);
	put(out, m->artifact);
	fputc('\n', out);
	for (i = 0; i < m->nproviders; i++)
		line_at(out, "configProtectedData/providers/add", m->providers[i].name, m->artifact,
			m->providers[i].line);
	for (i = 0; i < m->nsecrets; i++) {
		const struct iis_secret *s = &m->secrets[i];
		char *what = s->kind == XSECRET_ENCRYPTED
				     ? xasprintf("%s/@%s (encrypted with %s; not shown)", s->element, s->attr,
						 s->provider != NULL && *s->provider ? s->provider
										    : "an unnamed provider")
				     : xasprintf("%s/@%s (%s; not shown)", s->element, s->attr,
						 s->kind == XSECRET_KEY ? "protected key material"
									: "set in clear text");

		line_at(out, "secret", what, s->artifact, s->line);
		free(what);
	}
	if (m->ndes_site != NULL) {
		fputs("\n[site hosting " IIS_NDES_APP "]\n", out);
		dump_site(out, m, m->ndes_site);
		if (m->ndes_sites > 1)
			fprintf(out, "# %zu sites host " IIS_NDES_APP "; this one is judged\n",
				m->ndes_sites);
	}
	dump_url(out, m, "NDES " IIS_NDES_APP, m->ndes_url, m->ndes_app, 1);
	dump_url(out, m, IIS_CRP_APP, m->crp_url, m->crp_app, 0);
	return 0;
}
