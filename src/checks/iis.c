/* IIS checks: pure functions of the effective-configuration model
 * (iis.h). Every value comes with the file and line that set it, or says
 * it is the IIS schema default. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/util.h"

#define SEC_RF "system.webServer/security/requestFiltering"
#define SEC_ANON "system.webServer/security/authentication/anonymousAuthentication"
#define SEC_WIN "system.webServer/security/authentication/windowsAuthentication"
#define SEC_ISAPI "system.webServer/security/isapiCgiRestriction"
#define SCEP_URL_NEEDS 65534ul
#define APPCMD "%windir%\\system32\\inetsrv\\appcmd.exe"

/* The model is there whenever the IIS source is (the runner gave ne or
 * error otherwise). */
static const struct iis_model *model(const struct facts *f, struct emitter *em)
{
	if (f->iis == NULL)
		emit(em, ST_ERROR, "", "internal error: no IIS model although the configuration was read");
	return f->iis;
}

/* Evidence for one value: where it was set (or that it is the default). */
static void ev_value(struct result *r, const struct iis_model *m, const struct iis_value *v,
		     const char *what)
{
	char *origin = iis_origin_text(&v->from), *val = iis_value_text(v);
	char *loc = xasprintf("%s, %s", origin, what);

	result_add_evidence(r, v->from.artifact != NULL ? v->from.artifact : m->artifact, loc, val);
	free(origin);
	free(val);
	free(loc);
}

static void ev_line(struct result *r, const char *artifact, long line, const char *what,
		    const char *value)
{
	char *loc = xasprintf("line %ld, %s", line, what);

	result_add_evidence(r, artifact, loc, value);
	free(loc);
}

/* Where a value came from, for a message: "line 412" or "the schema
 * default". */
static char *from_text(const struct iis_value *v)
{
	if (v->from.def != NULL)
		return xstrdup("the IIS schema default");
	if (v->from.location != NULL)
		return xasprintf("%s line %ld, <location path=\"%s\">", v->from.artifact, v->from.line,
				 v->from.location);
	return xasprintf("%s line %ld", v->from.artifact, v->from.line);
}

/* The NDES application, or na with the reason. */
static int need_ndes(const struct iis_model *m, struct emitter *em)
{
	struct result *r;

	if (m->ndes_app != NULL)
		return 1;
	r = emit(em, ST_NA, IIS_NDES_APP,
		 "no site in %s has the application %s, so there is no NDES URL to judge "
		 "(iis.mscep.app reports it)", m->artifact, IIS_NDES_APP);
	result_add_evidence(r, m->artifact, "system.applicationHost/sites", "(no /CertSrv/mscep)");
	return 0;
}

/* Resolve and report unreadable web.config as error. Returns 1 when the
 * caller should go on. */
static int resolve(const struct iis_model *m, struct emitter *em, const char *url,
		   const char *section, const char *element, const char *attr, struct iis_eff *eff)
{
	struct result *r;

	if (!iis_resolve(m, url, section, element, attr, eff)) {
		emit(em, ST_ERROR, url, "internal error: the site of %s is not in the model", url);
		return 0;
	}
	if (eff->unreadable) {
		r = emit(em, ST_ERROR, url, "%s", eff->problem);
		ev_value(r, m, &eff->v, attr);
		return 0;
	}
	return 1;
}

/* A bool value, or -1 when it is not one. */
static int bool_of(const struct iis_value *v)
{
	int b;

	return iis_parse_bool(v->value, &b) ? b : -1;
}

/* below: the status when the value is smaller than SCEP_URL_NEEDS. */
static void request_limit(const struct facts *f, struct emitter *em, const char *attr,
			  enum status below, const char *symptom)
{
	const struct iis_model *m = model(f, em);
	struct iis_eff eff;
	struct result *r;
	unsigned long v;
	char *from, *what;

	if (m == NULL || !need_ndes(m, em) ||
	    !resolve(m, em, m->ndes_url, SEC_RF, "requestLimits", attr, &eff))
		return;
	from = from_text(&eff.v);
	if (!iis_parse_uint(eff.v.value, &v)) {
		r = emit(em, ST_FAIL, m->ndes_url,
			 "requestLimits/@%s at %s is \"%s\" (%s), not a number: IIS refuses the "
			 "configuration there (HTTP 500.19)", attr, m->ndes_url,
			 eff.v.value != NULL ? eff.v.value : "", from);
	} else if (eff.problem[0] != '\0') {
		r = emit(em, ST_FAIL, m->ndes_url, "requestLimits/@%s at %s is %lu (%s), but %s", attr,
			 m->ndes_url, v, from, eff.problem);
	} else if (v >= SCEP_URL_NEEDS) {
		r = emit(em, ST_PASS, m->ndes_url, "requestLimits/@%s at %s is %lu (%s)", attr,
			 m->ndes_url, v, from);
	} else {
		r = emit(em, below, m->ndes_url,
			 "requestLimits/@%s at %s is %lu (%s); %s %lu: %s", attr, m->ndes_url, v, from,
			 below == ST_FAIL ? "SCEP needs at least" : "the NDES guidance sets",
			 SCEP_URL_NEEDS, symptom);
	}
	what = xasprintf("%s/requestLimits/@%s", SEC_RF, attr);
	ev_value(r, m, &eff.v, what);
	if (r->status == ST_FAIL || r->status == ST_WARN)
		result_set_remediation(r,
				       "Set it on the NDES application: %s set config \"%s\" "
				       "-section:%s /requestLimits.maxUrl:65534 "
				       "/requestLimits.maxQueryString:65534 /commit:apphost (or IIS "
				       "Manager, the site, Request Filtering, Edit Feature Settings), then "
				       "iisreset. HTTP.sys needs MaxFieldLength and MaxRequestBytes of "
				       "65534 as well (httpsys.*).", APPCMD, m->ndes_url, SEC_RF);
	free(what);
	free(from);
}

void check_iis_request_limits_max_url(const struct facts *f, struct emitter *em)
{
	/* maxUrl counts the path only, not the query string (IIS answers 404.14
	 * for a long URL, 404.15 for a long query string). A SCEP GET carries
	 * its message in the query string; its path is short. So a small maxUrl
	 * does not reject SCEP: the advice stands, as a warning. */
	request_limit(f, em, "maxUrl", ST_WARN,
		      "maxUrl limits the URL path only, not the query string where a SCEP "
		      "PKIOperation GET carries its message (that is maxQueryString), and the SCEP "
		      "path /certsrv/mscep/mscep.dll/pkiclient.exe is far shorter, so SCEP "
		      "requests are not rejected by it; only a request whose path is longer gets "
		      "HTTP 404.14");
}

void check_iis_request_limits_max_query_string(const struct facts *f, struct emitter *em)
{
	request_limit(f, em, "maxQueryString", ST_FAIL,
		      "PKIOperation GET requests with a longer query string are rejected with HTTP "
		      "404.15 or 414");
}

static const char *basename_of(const char *p)
{
	const char *s = p;

	for (; *p != '\0'; p++)
		if (*p == '\\' || *p == '/')
			s = p + 1;
	return s;
}

/* The isapiCgiRestriction entry for mscep.dll at the NDES URL (the last one
 * wins, as in IIS), or NULL. */
static const struct iis_item *mscep_isapi_entry(const struct iis_coll *coll)
{
	const struct iis_item *entry = NULL;
	size_t i;

	for (i = 0; i < coll->n; i++) {
		const char *p = iis_item_attr(&coll->items[i], "path");

		if (p != NULL && ascii_casecmp(basename_of(p), "mscep.dll") == 0)
			entry = &coll->items[i];
	}
	return entry;
}

/* Why IIS would refuse to run mscep.dll, appended to bad; *have_notlisted
 * says whether notListedIsapisAllowed was consulted and resolved. */
static void isapi_refusals(const struct iis_model *m, const struct iis_item *entry,
			   struct iis_eff *notlisted, int *have_notlisted, struct strbuf *bad)
{
	if (entry != NULL) {
		const char *av = iis_item_attr(entry, "allowed");
		int b = 0;

		if (!(av != NULL && iis_parse_bool(av, &b) && b))
			sb_printf(bad, "%sisapiCgiRestriction lists %s with allowed=\"%s\" (%s): IIS "
				  "refuses to run it (HTTP 404.2)", bad->len ? "; " : "",
				  iis_item_attr(entry, "path"), av != NULL ? av : "false, the default",
				  av != NULL ? "not true" : "absent");
		return;
	}
	*have_notlisted = iis_resolve(m, m->ndes_url, SEC_ISAPI, "", "notListedIsapisAllowed",
				      notlisted);
	if (!*have_notlisted || bool_of(&notlisted->v) != 1)
		sb_printf(bad, "%sisapiCgiRestriction has no entry for mscep.dll and unlisted "
			  "ISAPI extensions are not allowed: IIS refuses to run it (HTTP 404.2)",
			  bad->len ? "; " : "");
}

/* The application, its pool, its web.config files and the ISAPI entry (or
 * the notListedIsapisAllowed value that stood in for it). */
static void mscep_app_evidence(struct result *r, const struct iis_model *m,
			       const struct iis_app *app, const struct iis_pool *pool,
			       const struct iis_item *entry,
			       const struct iis_eff *notlisted, int have_notlisted)
{
	size_t i;

	ev_line(r, m->artifact, app->line, "system.applicationHost/sites/site/application",
		app->path);
	ev_value(r, m, &app->pool, "applicationPool");
	if (pool != NULL)
		ev_line(r, m->artifact, pool->line, "system.applicationHost/applicationPools/add",
			pool->name);
	for (i = 0; i < app->nwcs; i++)
		result_add_evidence(r, app->wcs[i]->artifact, "web.config in the application's folder",
				    app->wcs[i]->doc != NULL ? "applied" : "could not be read");
	if (entry != NULL) {
		char *loc = xasprintf("line %ld, %s/add", iis_item_line(entry), SEC_ISAPI);
		const char *av = iis_item_attr(entry, "allowed");
		char *val = xasprintf("%s allowed=%s", iis_item_attr(entry, "path"),
				      av != NULL ? av : "(absent: false)");

		result_add_evidence(r, entry->artifact, loc, val);
		free(loc);
		free(val);
	} else if (have_notlisted) {
		ev_value(r, m, &notlisted->v, SEC_ISAPI "/@notListedIsapisAllowed");
	}
}

void check_iis_mscep_app(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_app *app;
	const struct iis_pool *pool = NULL;
	const struct iis_item *entry;
	struct iis_coll coll;
	struct iis_eff notlisted;
	struct strbuf bad;
	char refused[768];
	struct result *r;
	int have_notlisted = 0;

	if (m == NULL)
		return;
	app = m->ndes_app;
	if (app == NULL) {
		r = emit(em, ST_FAIL, IIS_NDES_APP,
			 "no site in %s has the application %s: NDES is not published in IIS "
			 "(%zu site%s defined)", m->artifact, IIS_NDES_APP, m->nsites,
			 m->nsites == 1 ? "" : "s");
		result_add_evidence(r, m->artifact, "system.applicationHost/sites",
				    m->nsites ? "(no /CertSrv/mscep)" : "(no sites)");
		return;
	}
	if (!iis_resolve_coll(m, m->ndes_url, SEC_ISAPI, "", "path", &coll)) {
		emit(em, ST_ERROR, m->ndes_url, "internal error: the NDES site is not in the model");
		return;
	}
	if (coll.unreadable) {
		emit(em, ST_ERROR, m->ndes_url, "%s", coll.problem);
		iis_coll_free(&coll);
		return;
	}
	sb_init(&bad);
	if (app->pool.value == NULL || app->pool.value[0] == '\0')
		sb_printf(&bad, "%sthe application names no application pool", bad.len ? "; " : "");
	else if ((pool = iis_pool_by_name(m, app->pool.value)) == NULL)
		sb_printf(&bad, "%sits application pool \"%s\" is not defined in applicationPools "
			  "(HTTP 503)", bad.len ? "; " : "", app->pool.value);
	entry = mscep_isapi_entry(&coll);
	isapi_refusals(m, entry, &notlisted, &have_notlisted, &bad);
	if (coll.problem[0] != '\0')
		sb_printf(&bad, "%s%s", bad.len ? "; " : "", coll.problem);
	else if (iis_refusal(m, m->ndes_url, refused, sizeof(refused)))
		sb_printf(&bad, "%s%s", bad.len ? "; " : "", refused);
	if (bad.len)
		r = emit(em, ST_FAIL, m->ndes_url, "%s: %s", m->ndes_url, bad.s);
	else
		r = emit(em, ST_PASS, m->ndes_url,
			 "%s exists in site %s, runs in application pool %s, and isapiCgiRestriction "
			 "allows mscep.dll%s", m->ndes_url, m->ndes_site->name, app->pool.value,
			 entry == NULL ? " (unlisted ISAPI extensions are allowed)" : "");
	mscep_app_evidence(r, m, app, pool, entry, &notlisted, have_notlisted);
	if (r->status == ST_FAIL || r->status == ST_WARN)
		result_set_remediation(r,
				       "Make sure %s exists with its pool (IIS Manager, or reinstall the "
				       "NDES role service), and allow the extension: %s set config "
				       "-section:%s /+\"[path='%%windir%%\\system32\\certsrv\\mscep\\mscep.dll',"
				       "allowed='True',description='mscep']\" /commit:apphost (or IIS Manager, "
				       "server, ISAPI and CGI Restrictions, Allow).",
				       IIS_NDES_APP, APPCMD, SEC_ISAPI);
	sb_free(&bad);
	iis_coll_free(&coll);
}

void check_iis_mscep_anonymous(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	struct iis_eff eff;
	struct result *r;
	char *from;
	int b;

	if (m == NULL || !need_ndes(m, em) || !resolve(m, em, m->ndes_url, SEC_ANON, "", "enabled", &eff))
		return;
	from = from_text(&eff.v);
	b = bool_of(&eff.v);
	if (b == -1)
		r = emit(em, ST_FAIL, m->ndes_url,
			 "anonymousAuthentication/@enabled at %s is \"%s\" (%s), not true or false: IIS "
			 "refuses the configuration there (HTTP 500.19)", m->ndes_url,
			 eff.v.value != NULL ? eff.v.value : "", from);
	else if (eff.problem[0] != '\0')
		r = emit(em, ST_FAIL, m->ndes_url, "anonymous authentication at %s is %s (%s), but %s",
			 m->ndes_url, b ? "on" : "off", from, eff.problem);
	else if (b)
		r = emit(em, ST_PASS, m->ndes_url, "anonymous authentication is on at %s (%s)",
			 m->ndes_url, from);
	else
		r = emit(em, ST_FAIL, m->ndes_url,
			 "anonymous authentication is off at %s (%s): devices enroll without "
			 "credentials and get HTTP 401", m->ndes_url, from);
	ev_value(r, m, &eff.v, SEC_ANON "/@enabled");
	if (r->status == ST_FAIL || r->status == ST_WARN)
		result_set_remediation(r, "%s set config \"%s\" -section:%s /enabled:true /commit:apphost "
				       "(or IIS Manager, %s, Authentication, Anonymous Authentication, "
				       "Enable), then iisreset.", APPCMD, m->ndes_url, SEC_ANON, m->ndes_url);
	free(from);
}

/* The SCEP pool, or na with the reason. */
static const struct iis_pool *need_pool(const struct iis_model *m, struct emitter *em)
{
	const struct iis_pool *p;
	struct result *r;

	if (!need_ndes(m, em))
		return NULL;
	p = iis_pool_by_name(m, m->ndes_app->pool.value);
	if (p != NULL)
		return p;
	r = emit(em, ST_NA, m->ndes_app->pool.value != NULL ? m->ndes_app->pool.value : "",
		 "the application pool of %s is not defined, so there is nothing to judge "
		 "(iis.scep_pool.present reports it)", m->ndes_url);
	ev_value(r, m, &m->ndes_app->pool, "applicationPool");
	return NULL;
}

void check_iis_scep_pool_present(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_app *app;
	const struct iis_pool *p;
	struct result *r;
	char *from;

	if (m == NULL || !need_ndes(m, em))
		return;
	app = m->ndes_app;
	from = from_text(&app->pool);
	if (app->pool.value == NULL || app->pool.value[0] == '\0') {
		r = emit(em, ST_FAIL, "", "%s names no application pool (%s) and no applicationDefaults "
			 "gives one", m->ndes_url, from);
	} else if ((p = iis_pool_by_name(m, app->pool.value)) == NULL) {
		r = emit(em, ST_FAIL, app->pool.value,
			 "%s runs in the application pool \"%s\" (%s), which is not defined in "
			 "applicationPools: IIS answers HTTP 503", m->ndes_url, app->pool.value, from);
	} else {
		r = emit(em, ST_PASS, p->name, "%s runs in the application pool %s (%s), defined at %s "
			 "line %ld", m->ndes_url, p->name, from, m->artifact, p->line);
		ev_line(r, m->artifact, p->line, "system.applicationHost/applicationPools/add", p->name);
	}
	ev_value(r, m, &app->pool, "system.applicationHost/sites/site/application/@applicationPool");
	free(from);
}

void check_iis_scep_pool_autostart(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_pool *p;
	struct result *r;
	char *from;
	int b;

	if (m == NULL || (p = need_pool(m, em)) == NULL)
		return;
	from = from_text(&p->auto_start);
	b = bool_of(&p->auto_start);
	if (b == 1)
		r = emit(em, ST_PASS, p->name, "application pool %s starts with IIS (autoStart %s, %s)",
			 p->name, p->auto_start.value, from);
	else if (b == 0)
		r = emit(em, ST_FAIL, p->name,
			 "application pool %s has autoStart=\"%s\" (%s): it was stopped in IIS Manager "
			 "and stays stopped, so mscep.dll answers HTTP 503", p->name, p->auto_start.value,
			 from);
	else
		r = emit(em, ST_FAIL, p->name,
			 "application pool %s has autoStart=\"%s\" (%s), not true or false: IIS refuses "
			 "the configuration", p->name, p->auto_start.value, from);
	ev_value(r, m, &p->auto_start, "applicationPools/add/@autoStart");
	if (r->status == ST_FAIL || r->status == ST_WARN)
		result_set_remediation(r, "Start the pool and keep it started: %s start apppool /apppool.name:"
				       "\"%s\" and %s set apppool \"%s\" /autoStart:true (or IIS Manager, "
				       "Application Pools, %s, Start). If it stops again by itself, look "
				       "for WAS event 5002/5009 and application event 1000 (crash).",
				       APPCMD, p->name, APPCMD, p->name, p->name);
	free(from);
}

static const char *builtin_account(const char *type)
{
	if (type == NULL)
		return NULL;
	if (ascii_casecmp(type, "LocalSystem") == 0)
		return "NT AUTHORITY\\SYSTEM";
	if (ascii_casecmp(type, "LocalService") == 0)
		return "NT AUTHORITY\\LOCAL SERVICE";
	if (ascii_casecmp(type, "NetworkService") == 0)
		return "NT AUTHORITY\\NETWORK SERVICE";
	return NULL;
}

void check_iis_scep_pool_identity(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_pool *p;
	const char *type;
	struct result *r;
	char *from;

	if (m == NULL || (p = need_pool(m, em)) == NULL)
		return;
	type = p->identity_type.value != NULL ? p->identity_type.value : "ApplicationPoolIdentity";
	from = from_text(&p->identity_type);
	if (ascii_casecmp(type, "SpecificUser") == 0) {
		const char *user = p->user_name.value != NULL && *p->user_name.value
					   ? p->user_name.value : "(no userName)";
		char *pw;

		if (p->password.secret == XSECRET_ENCRYPTED)
			pw = xasprintf("a password is stored, encrypted with %s (not shown)",
				       p->password.provider != NULL && *p->password.provider
					       ? p->password.provider : "an unnamed provider");
		else if (p->password.secret == XSECRET_CLEARTEXT)
			pw = xstrdup("a password is stored in clear text (not shown): encrypt it by setting "
				     "the identity again in IIS Manager");
		else
			pw = xstrdup("no password is stored");
		r = emit(em, ST_PASS, p->name,
			 "application pool %s runs as %s (identityType SpecificUser, %s); %s. Whether "
			 "this account is locked out, disabled or has an expired password cannot be told "
			 "from these files: check it in Active Directory (a locked or expired account "
			 "makes mscep.dll answer HTTP 500)", p->name, user, from, pw);
		free(pw);
	} else if (ascii_casecmp(type, "ApplicationPoolIdentity") == 0) {
		r = emit(em, ST_PASS, p->name,
			 "application pool %s runs as its virtual account IIS APPPOOL\\%s "
			 "(identityType ApplicationPoolIdentity, %s); no password to expire", p->name,
			 p->name, from);
	} else if (builtin_account(type) != NULL) {
		r = emit(em, ST_PASS, p->name, "application pool %s runs as %s (identityType %s, %s)",
			 p->name, builtin_account(type), type, from);
	} else {
		/* Not a pass about an identity nobody has: the schema's enum has
		 * no such value, and IIS refuses the configuration. */
		r = emit(em, ST_FAIL, p->name, "application pool %s has identityType \"%s\" (%s), which "
			 "IIS does not know (LocalSystem, LocalService, NetworkService, SpecificUser or "
			 "ApplicationPoolIdentity): IIS refuses the configuration and the pool has no "
			 "identity to run as", p->name, type, from);
	}
	ev_value(r, m, &p->identity_type, "applicationPools/add/processModel/@identityType");
	if (ascii_casecmp(type, "SpecificUser") == 0) {
		ev_value(r, m, &p->user_name, "applicationPools/add/processModel/@userName");
		ev_value(r, m, &p->password, "applicationPools/add/processModel/@password");
	}
	free(from);
}

void check_iis_crp_anonymous_only(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	enum connector_gen gen = f->connector.gen;
	struct iis_eff anon, win;
	struct result *r;
	char *fa, *fw;
	int a, w;

	if (m == NULL)
		return;
	if (gen == CONN_CURRENT) {
		r = emit(em, ST_NA, IIS_CRP_APP,
			 "the Certificate Connector for Microsoft Intune (the current generation) does not "
			 "use CertificateRegistrationSvc; this check is for the legacy connector");
		if (f->connector.current.keypath != NULL)
			result_add_evidence(r, f->connector.artifact, f->connector.current.keypath,
					    f->connector.current.display_name);
		return;
	}
	if (m->crp_app == NULL) {
		if (gen == CONN_LEGACY || gen == CONN_BOTH) {
			r = emit(em, ST_FAIL, IIS_CRP_APP,
				 "the legacy Microsoft Intune Connector is installed, but no site in %s has "
				 "a CertificateRegistrationSvc application: the policy module cannot verify "
				 "requests", m->artifact);
			result_add_evidence(r, f->connector.artifact, f->connector.legacy.keypath,
					    f->connector.legacy.display_name);
			result_add_evidence(r, m->artifact, "system.applicationHost/sites",
					    "(no CertificateRegistrationSvc)");
			result_set_remediation(r, "Repair or reinstall the legacy connector, which creates the "
					       "CertificateRegistrationSvc application, or move to the current "
					       "Certificate Connector for Microsoft Intune.");
		} else {
			r = emit(em, ST_NA, IIS_CRP_APP,
				 "no site in %s has a CertificateRegistrationSvc application, and %s",
				 m->artifact, gen == CONN_NONE
						      ? "no legacy Intune connector is installed"
						      : "the connector generation is unknown (the bundle has "
							"no readable SOFTWARE hive)");
			result_add_evidence(r, m->artifact, "system.applicationHost/sites",
					    "(no CertificateRegistrationSvc)");
		}
		return;
	}
	if (!resolve(m, em, m->crp_url, SEC_ANON, "", "enabled", &anon) ||
	    !resolve(m, em, m->crp_url, SEC_WIN, "", "enabled", &win))
		return;
	a = bool_of(&anon.v);
	w = bool_of(&win.v);
	fa = from_text(&anon.v);
	fw = from_text(&win.v);
	if (a == 1 && w == 0 && anon.problem[0] == '\0' && win.problem[0] == '\0') {
		r = emit(em, ST_PASS, m->crp_url,
			 "%s allows anonymous authentication only: anonymous on (%s), Windows off (%s)",
			 m->crp_url, fa, fw);
	} else {
		struct strbuf why;

		sb_init(&why);
		if (w != 0)
			sb_printf(&why, "Windows authentication is %s (%s)",
				  w == 1 ? "on" : "not a valid true/false", fw);
		if (a != 1)
			sb_printf(&why, "%sanonymous authentication is %s (%s)", why.len ? "; " : "",
				  a == 0 ? "off" : "not a valid true/false", fa);
		if (anon.problem[0] != '\0')
			sb_printf(&why, "%s%s", why.len ? "; " : "", anon.problem);
		else if (win.problem[0] != '\0')
			sb_printf(&why, "%s%s", why.len ? "; " : "", win.problem);
		r = emit(em, ST_FAIL, m->crp_url,
			 "%s must allow anonymous authentication only, but %s: with Windows "
			 "authentication there the SCEP application pool crashes and mscep.dll answers "
			 "HTTP 503", m->crp_url, why.s);
		sb_free(&why);
		result_set_remediation(r, "%s set config \"%s\" -section:%s /enabled:false /commit:apphost "
				       "and %s set config \"%s\" -section:%s /enabled:true /commit:apphost "
				       "(IIS Manager, %s, Authentication), then restart the server. If "
				       "Windows authentication comes from a parent level (the site), set "
				       "it off at the application path as shown, which overrides it.",
				       APPCMD, m->crp_url, SEC_WIN, APPCMD, m->crp_url, SEC_ANON, m->crp_url);
	}
	ev_value(r, m, &anon.v, SEC_ANON "/@enabled");
	ev_value(r, m, &win.v, SEC_WIN "/@enabled");
	if (f->connector.legacy.keypath != NULL)
		result_add_evidence(r, f->connector.artifact, f->connector.legacy.keypath,
				    f->connector.legacy.display_name);
	free(fa);
	free(fw);
}

void check_iis_default_site(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_site *s;
	struct result *r;

	if (m == NULL)
		return;
	s = iis_site_by_id(m, 1);
	if (s == NULL) {
		r = emit(em, ST_FAIL, "site 1",
			 "no site in %s has id 1: the Intune connector installer looks for \"Default Web "
			 "Site\" and stops with \"Site not found\"", m->artifact);
		result_add_evidence(r, m->artifact, "system.applicationHost/sites", "(no id=\"1\")");
		return;
	}
	if (s->name != NULL && ascii_casecmp(s->name, "Default Web Site") == 0) {
		r = emit(em, ST_PASS, "site 1", "site 1 is named \"%s\"", s->name);
	} else {
		r = emit(em, ST_FAIL, "site 1",
			 "site 1 is named \"%s\", not \"Default Web Site\": the Intune connector "
			 "installer looks for that name and stops with \"Site not found\"",
			 s->name != NULL ? s->name : "");
		result_set_remediation(r, "Rename the site back: %s set site \"%s\" /name:\"Default Web "
				       "Site\" (or IIS Manager, Sites, Rename), and update any "
				       "<location path> that names it.", APPCMD, s->name != NULL ? s->name : "");
	}
	ev_line(r, m->artifact, s->line, "system.applicationHost/sites/site/@name", s->name);
}

void check_iis_https_binding(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	const struct iis_site *s;
	struct strbuf https, all;
	struct result *r;
	size_t i;

	if (m == NULL || !need_ndes(m, em))
		return;
	s = m->ndes_site;
	sb_init(&https);
	sb_init(&all);
	for (i = 0; i < s->nbindings; i++) {
		const struct iis_binding *b = &s->bindings[i];
		const char *proto = b->protocol != NULL ? b->protocol : "";

		sb_printf(&all, "%s%s %s", all.len ? ", " : "", proto, b->info ? b->info : "");
		if (ascii_casecmp(proto, "https") == 0)
			sb_printf(&https, "%s%s", https.len ? ", " : "", b->info ? b->info : "");
	}
	if (https.len) {
		r = emit(em, ST_PASS, s->name, "site %s, which hosts %s, has an https binding (%s)",
			 s->name, IIS_NDES_APP, https.s);
	} else {
		r = emit(em, ST_FAIL, s->name,
			 "site %s, which hosts %s, has no https binding (bindings: %s): devices and "
			 "proxies that use an https SCEP URL cannot connect", s->name, IIS_NDES_APP,
			 all.len ? all.s : "none");
		result_set_remediation(r, "Add one: %s set site \"%s\" /+bindings.[protocol='https',"
				       "bindingInformation='*:443:'] and bind the certificate (IIS Manager, "
				       "Site Bindings, Add, https; httpsys.tls_binding checks the HTTP.sys "
				       "side).", APPCMD, s->name);
	}
	for (i = 0; i < s->nbindings; i++) {
		char *val = xasprintf("%s %s", s->bindings[i].protocol ? s->bindings[i].protocol : "",
				      s->bindings[i].info ? s->bindings[i].info : "");

		ev_line(r, m->artifact, s->bindings[i].line, "sites/site/bindings/binding", val);
		free(val);
	}
	if (s->nbindings == 0)
		ev_line(r, m->artifact, s->line, "sites/site", "(no bindings)");
	sb_free(&https);
	sb_free(&all);
}

void check_iis_logging_status_fields(const struct facts *f, struct emitter *em)
{
	static const struct {
		const char *flag, *field;
	} need[] = {{"HttpStatus", "sc-status"}, {"HttpSubStatus", "sc-substatus"},
		    {"Win32Status", "sc-win32-status"}};
	const struct iis_model *m = model(f, em);
	const struct iis_site *s;
	struct iis_logging lg;
	struct strbuf missing;
	struct result *r;
	int en;
	size_t i;

	if (m == NULL || !need_ndes(m, em))
		return;
	s = m->ndes_site;
	iis_site_logging(m, s, &lg);
	en = bool_of(&lg.enabled);
	sb_init(&missing);
	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++)
		if (!iis_has_flag(lg.flags.value, need[i].flag))
			sb_printf(&missing, "%s%s (%s)", missing.len ? ", " : "", need[i].field,
				  need[i].flag);
	if (lg.format.value == NULL || ascii_casecmp(lg.format.value, "W3C") != 0)
		r = emit(em, ST_FAIL, s->name, "site %s logs in %s format, not W3C: the status fields "
			 "cannot be read from its logs", s->name,
			 lg.format.value != NULL ? lg.format.value : "(unknown)");
	else if (en != 1)
		r = emit(em, ST_FAIL, s->name, "logging is off for site %s (enabled=\"%s\")", s->name,
			 lg.enabled.value != NULL ? lg.enabled.value : "");
	else if (lg.target.value != NULL && !iis_has_flag(lg.target.value, "File"))
		r = emit(em, ST_FAIL, s->name, "site %s sends its W3C log to %s only, not to a file: "
			 "nothing on disk to collect", s->name, lg.target.value);
	else if (missing.len)
		r = emit(em, ST_FAIL, s->name, "the W3C log of site %s lacks %s: 500 with 1346, 403.16 "
			 "and 404.14/404.15 cannot be told apart", s->name, missing.s);
	else
		r = emit(em, ST_PASS, s->name, "site %s writes a W3C log with sc-status, sc-substatus "
			 "and sc-win32-status%s", s->name,
			 lg.mode.value != NULL && ascii_casecmp(lg.mode.value, "CentralW3C") == 0
				 ? " (central W3C log)" : "");
	ev_value(r, m, &lg.mode, "system.applicationHost/log/@centralLogFileMode");
	if (lg.format.from.artifact != lg.mode.from.artifact || lg.format.from.line != lg.mode.from.line ||
	    lg.format.from.def != lg.mode.from.def)
		ev_value(r, m, &lg.format, "logFile/@logFormat");
	ev_value(r, m, &lg.enabled, "logFile/@enabled");
	ev_value(r, m, &lg.flags, "logFile/@logExtFileFlags");
	if (r->status == ST_FAIL || r->status == ST_WARN)
		result_set_remediation(r, "%s set config -section:system.applicationHost/sites "
				       "/siteDefaults.logFile.logFormat:W3C /siteDefaults.logFile.enabled:true "
				       "and add HttpStatus, HttpSubStatus and Win32Status to the site's "
				       "logExtFileFlags (IIS Manager, %s, Logging, Select Fields).",
				       APPCMD, s->name);
	sb_free(&missing);
}

void check_iis_mscep_admin_exposed(const struct facts *f, struct emitter *em)
{
	const struct iis_model *m = model(f, em);
	enum connector_gen gen = f->connector.gen;
	struct iis_eff anon, win;
	struct result *r;
	char *fa, *fw;
	int a, w;

	if (m == NULL)
		return;
	if (m->admin_app == NULL) {
		r = emit(em, ST_PASS, IIS_ADMIN_APP, "%s is not published: no site in %s has it",
			 IIS_ADMIN_APP, m->artifact);
		result_add_evidence(r, m->artifact, "system.applicationHost/sites",
				    "(no /CertSrv/mscep_admin)");
		return;
	}
	if (!resolve(m, em, m->admin_url, SEC_ANON, "", "enabled", &anon) ||
	    !resolve(m, em, m->admin_url, SEC_WIN, "", "enabled", &win))
		return;
	a = bool_of(&anon.v);
	w = bool_of(&win.v);
	fa = from_text(&anon.v);
	fw = from_text(&win.v);
	if (a == 1) {
		r = emit(em, ST_FAIL, m->admin_url,
			 "%s is open to anonymous users (%s): anyone who reaches it can obtain "
			 "enrollment challenge passwords", m->admin_url, fa);
		result_set_remediation(r, "%s set config \"%s\" -section:%s /enabled:false /commit:apphost; "
				       "if the server serves only Intune, remove the application: %s delete "
				       "app \"%s\".", APPCMD, m->admin_url, SEC_ANON, APPCMD, m->admin_url);
	} else if (w != 1) {
		r = emit(em, ST_PASS, m->admin_url,
			 "%s is published, but neither anonymous (%s) nor Windows authentication (%s) is "
			 "on: nobody can sign in to it", m->admin_url, fa, fw);
	} else if (gen == CONN_LEGACY || gen == CONN_CURRENT || gen == CONN_BOTH) {
		r = emit(em, ST_WARN, m->admin_url,
			 "%s is published with Windows authentication (%s) on a server with the Intune "
			 "connector: Intune does not use its challenge passwords, and an unauthenticated "
			 "NTLM handshake with it reveals the host and domain names", m->admin_url, fw);
		result_set_remediation(r, "Remove the application on an Intune-only server: %s delete app "
				       "\"%s\", or at least keep it off any published URL (application "
				       "proxy, reverse proxy).", APPCMD, m->admin_url);
		if (f->connector.artifact != NULL)
			result_add_evidence(r, f->connector.artifact,
					    gen == CONN_CURRENT ? f->connector.current.keypath
								: f->connector.legacy.keypath,
					    gen == CONN_CURRENT ? f->connector.current.display_name
								: f->connector.legacy.display_name);
	} else if (f->deployment.mode == DEPLOY_STANDALONE) {
		r = emit(em, ST_PASS, m->admin_url,
			 "%s is published with Windows authentication (%s), as a standalone NDES "
			 "needs: administrators get challenge passwords there", m->admin_url, fw);
	} else if (gen == CONN_NONE) {
		r = emit(em, ST_PASS, m->admin_url,
			 "%s is published with Windows authentication (%s); this server has no Intune "
			 "connector, so administrators may need it to get challenge passwords", m->admin_url,
			 fw);
	} else {
		r = emit(em, ST_NE, m->admin_url,
			 "%s is published with Windows authentication (%s); whether the server serves only "
			 "Intune cannot be told without a readable SOFTWARE hive", m->admin_url, fw);
	}
	ev_value(r, m, &anon.v, SEC_ANON "/@enabled");
	ev_value(r, m, &win.v, SEC_WIN "/@enabled");
	free(fa);
	free(fw);
}
