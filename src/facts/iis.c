/* The IIS model and the effective-value resolver (see iis.h), and the
 * schema defaults it falls back to, taken from the IIS 10 schema
 * (%windir%\system32\inetsrv\config\schema\IIS_schema.xml) into the table
 * below. The schema is never read at run time; a unit test compares this
 * table with the real schema file when it is available. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/facts.h"
#include "ndes-audit/iis.h"
#include "read/iisconfig.h"
#include "ndes-audit/util.h"

#define SEC_RF "system.webServer/security/requestFiltering"
#define SEC_AUTH "system.webServer/security/authentication/"
#define SEC_POOLS "system.applicationHost/applicationPools"
#define SEC_SITES "system.applicationHost/sites"
#define SEC_LOG "system.applicationHost/log"
#define W3C_FLAGS_SITE "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, " \
		       "TimeTaken, HttpStatus, Win32Status, ServerPort, UserAgent, HttpSubStatus, Referer"
#define W3C_FLAGS_CENTRAL "Date, Time, ClientIP, UserName, SiteName, ServerIP, Method, UriStem, " \
			  "UriQuery, TimeTaken, HttpStatus, Win32Status, ServerPort, UserAgent, " \
			  "HttpSubStatus, Referer"

/* Element paths mirror the schema: a collection's add element name
 * ("add", "site") stands for the collection item. */
const struct iis_default iis_schema_defaults[] = {
	{SEC_POOLS, "add", "autoStart", "true", 111},
	{SEC_POOLS, "add", "managedPipelineMode", "Integrated", 116},
	{SEC_POOLS, "add", "startMode", "OnDemand", 122},
	{SEC_POOLS, "add/processModel", "identityType", "ApplicationPoolIdentity", 127},
	{SEC_POOLS, "add/processModel", "password", "[enc:IISWASOnlyAesProvider::enc]", 135},
	{SEC_POOLS, "add/processModel", "loadUserProfile", "false", 136},
	{SEC_POOLS, "add/processModel", "idleTimeout", "00:20:00", 143},
	{SEC_LOG, "", "centralLogFileMode", "Site", 394},
	{SEC_LOG, "centralBinaryLogFile", "enabled", "false", 400},
	{SEC_LOG, "centralW3CLogFile", "enabled", "true", 413},
	{SEC_LOG, "centralW3CLogFile", "directory", "%SystemDrive%\\inetpub\\logs\\LogFiles", 414},
	{SEC_LOG, "centralW3CLogFile", "logExtFileFlags", W3C_FLAGS_CENTRAL, 424},
	{SEC_SITES, "site", "serverAutoStart", "true", 462},
	{SEC_SITES, "site/bindings/binding", "sslFlags", "0", 467},
	{SEC_SITES, "site/logFile", "logExtFileFlags", W3C_FLAGS_SITE, 477},
	{SEC_SITES, "site/logFile", "logFormat", "W3C", 502},
	{SEC_SITES, "site/logFile", "logTargetW3C", "File", 508},
	{SEC_SITES, "site/logFile", "directory", "%SystemDrive%\\inetpub\\logs\\LogFiles", 512},
	{SEC_SITES, "site/logFile", "enabled", "true", 522},
	{SEC_SITES, "site/application", "enabledProtocols", "http", 549},
	{"system.webServer/security/access", "", "sslFlags", "None", 1118},
	{SEC_AUTH "anonymousAuthentication", "", "enabled", "true", 1138},
	{SEC_AUTH "anonymousAuthentication", "", "userName", "IUSR", 1139},
	{SEC_AUTH "basicAuthentication", "", "enabled", "false", 1150},
	{SEC_AUTH "clientCertificateMappingAuthentication", "", "enabled", "false", 1162},
	{SEC_AUTH "digestAuthentication", "", "enabled", "false", 1166},
	{SEC_AUTH "iisClientCertificateMappingAuthentication", "", "enabled", "false", 1171},
	{SEC_AUTH "windowsAuthentication", "", "enabled", "false", 1216},
	{SEC_AUTH "windowsAuthentication", "", "useKernelMode", "true", 1224},
	{SEC_AUTH "windowsAuthentication", "extendedProtection", "tokenChecking", "None", 1227},
	{"system.webServer/security/isapiCgiRestriction", "add", "allowed", "false", 1299},
	{"system.webServer/security/isapiCgiRestriction", "", "notListedIsapisAllowed", "false", 1303},
	{"system.webServer/security/isapiCgiRestriction", "", "notListedCgisAllowed", "false", 1304},
	{SEC_RF, "", "allowDoubleEscaping", "false", 1308},
	{SEC_RF, "requestLimits", "maxAllowedContentLength", "30000000", 1321},
	{SEC_RF, "requestLimits", "maxUrl", "4096", 1322},
	{SEC_RF, "requestLimits", "maxQueryString", "2048", 1323},
};
const size_t iis_schema_ndefaults = sizeof(iis_schema_defaults) / sizeof(iis_schema_defaults[0]);

const struct iis_default *iis_schema_default(const char *section, const char *element,
					     const char *attr)
{
	size_t i;

	for (i = 0; i < iis_schema_ndefaults; i++) {
		const struct iis_default *d = &iis_schema_defaults[i];

		if (strcmp(d->section, section) == 0 && strcmp(d->element, element) == 0 &&
		    strcmp(d->attr, attr) == 0)
			return d;
	}
	return NULL;
}

/* ------------------------------------------------------------ values */

char *iis_origin_text(const struct iis_origin *o)
{
	if (o->def == NULL && o->artifact == NULL)
		return xstrdup("not set anywhere, and the schema has no default");
	if (o->def != NULL)
		return xasprintf("schema default (IIS 10 IIS_schema.xml line %d)", o->def->schema_line);
	if (o->location != NULL)
		return xasprintf("line %ld, <location path=\"%s\">", o->line, o->location);
	return xasprintf("line %ld", o->line);
}

char *iis_value_text(const struct iis_value *v)
{
	if (v->secret == XSECRET_ENCRYPTED)
		return xasprintf("(encrypted with %s; not shown)",
				 v->provider != NULL && *v->provider ? v->provider : "an unnamed provider");
	if (v->secret == XSECRET_CLEARTEXT)
		return xstrdup("(set in clear text; not shown)");
	if (v->secret == XSECRET_KEY)
		return xstrdup("(protected key material; not shown)");
	if (v->value == NULL)
		return xstrdup("(not set)");
	if (v->value[0] == '\0')
		return xstrdup("\"\"");
	return xstrdup(v->value);
}

static void value_from_attr(struct iis_value *v, const struct xattr *a, const char *artifact,
			    long line, const char *location)
{
	memset(v, 0, sizeof(*v));
	v->value = a->value;
	v->secret = a->secret;
	v->provider = a->provider;
	v->from.artifact = artifact;
	v->from.line = line;
	v->from.location = location;
}

static void value_from_default(struct iis_value *v, const char *section, const char *element,
			       const char *attr)
{
	const struct iis_default *d = iis_schema_default(section, element, attr);

	memset(v, 0, sizeof(*v));
	if (d == NULL)
		return;
	v->from.def = d;
	if (iis_enc_value(d->value, NULL)) {
		/* The schema's "[enc:Provider::enc]" is an empty secret. */
		v->value = "";
		return;
	}
	v->value = d->value;
}

/* The first node in the chain that has the attribute, else the default. */
static void value_chain(struct iis_value *v, const char *artifact, const struct xnode *const *chain,
			size_t n, const char *section, const char *element, const char *attr)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct xattr *a = chain[i] != NULL ? xnode_attr(chain[i], attr) : NULL;

		if (a != NULL) {
			value_from_attr(v, a, artifact, chain[i]->line, NULL);
			return;
		}
	}
	value_from_default(v, section, element, attr);
}

int iis_parse_bool(const char *s, int *out)
{
	if (s == NULL)
		return 0;
	while (*s == ' ')
		s++;
	if (ascii_ncasecmp(s, "true", 4) == 0 && s[4 + strspn(s + 4, " ")] == '\0') {
		*out = 1;
		return 1;
	}
	if (ascii_ncasecmp(s, "false", 5) == 0 && s[5 + strspn(s + 5, " ")] == '\0') {
		*out = 0;
		return 1;
	}
	return 0;
}

int iis_parse_uint(const char *s, unsigned long *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL)
		return 0;
	while (*s == ' ')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno != 0 || *end != '\0' || v > 0xFFFFFFFFull)
		return 0;
	*out = (unsigned long)v;
	return 1;
}

int iis_has_flag(const char *flags, const char *flag)
{
	size_t fl = strlen(flag);

	while (flags != NULL && *flags != '\0') {
		size_t n;

		flags += strspn(flags, " ,");
		n = strcspn(flags, ",");
		while (n > 0 && flags[n - 1] == ' ')
			n--;
		if (n == fl && ascii_ncasecmp(flags, flag, n) == 0)
			return 1;
		flags += strcspn(flags, ",");
	}
	return 0;
}

/* ------------------------------------------------------------- paths */

char *iis_path_norm(const char *path)
{
	size_t n;

	if (path == NULL)
		return xstrdup("");
	while (*path == ' ')
		path++;
	n = strlen(path);
	while (n > 0 && (path[n - 1] == ' ' || path[n - 1] == '/'))
		n--;
	if (n == 1 && path[0] == '.')
		n = 0;
	return xstrndup(path, n);
}

int iis_path_covers(const char *loc, const char *url)
{
	size_t n = strlen(loc);

	if (n == 0)
		return 1;
	return ascii_ncasecmp(loc, url, n) == 0 && (url[n] == '\0' || url[n] == '/');
}

static int segments(const char *p)
{
	int n = 0;

	if (*p == '\0')
		return 0;
	for (n = 1; *p != '\0'; p++)
		if (*p == '/')
			n++;
	return n;
}

/* "/CertSrv/mscep" covers "/CertSrv/mscep/x"; "/" covers everything. */
static int app_path_covers(const char *app, const char *path)
{
	char *a = iis_path_norm(app);
	int r;

	r = a[0] == '\0' || iis_path_covers(a, path);
	free(a);
	return r;
}

const struct iis_app *iis_app_of(const struct iis_site *s, const char *path)
{
	const struct iis_app *best = NULL;
	size_t i, bestlen = 0;

	for (i = 0; s != NULL && i < s->napps; i++) {
		char *a = iis_path_norm(s->apps[i].path);
		size_t len = strlen(a);

		if ((len == 0 || iis_path_covers(a, path)) && (best == NULL || len > bestlen)) {
			best = &s->apps[i];
			bestlen = len;
		}
		free(a);
	}
	return best;
}

const struct iis_site *iis_site_by_name(const struct iis_model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nsites; i++)
		if (m->sites[i].name != NULL && ascii_casecmp(m->sites[i].name, name) == 0)
			return &m->sites[i];
	return NULL;
}

const struct iis_site *iis_site_by_id(const struct iis_model *m, long id)
{
	size_t i;

	for (i = 0; i < m->nsites; i++)
		if (m->sites[i].id == id)
			return &m->sites[i];
	return NULL;
}

const struct iis_pool *iis_pool_by_name(const struct iis_model *m, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < m->npools; i++)
		if (m->pools[i].name != NULL && ascii_casecmp(m->pools[i].name, name) == 0)
			return &m->pools[i];
	return NULL;
}

const struct iis_decl *iis_decl_find(const struct iis_model *m, const char *section)
{
	size_t i;

	for (i = 0; i < m->ndecls; i++)
		if (strcmp(m->decls[i].section, section) == 0)
			return &m->decls[i];
	return NULL;
}

/* Folder segments of a Windows physical path with the drive and the
 * variables that stand for it dropped: %windir% and %SystemRoot% become
 * "Windows". */
static size_t folder_segments(const char *p, char segs[][256], size_t max, int windows)
{
	size_t n = 0;

	while (*p != '\0' && n < max) {
		size_t len = strcspn(p, windows ? "\\/" : "/");

		if (len > 0 && len < 256) {
			memcpy(segs[n], p, len);
			segs[n][len] = '\0';
			if (windows && n == 0 && len == 2 && p[1] == ':')
				; /* drive */
			else if (windows && (ascii_casecmp(segs[n], "%SystemDrive%") == 0 ||
					     strcmp(segs[n], "?") == 0 || strcmp(segs[n], ".") == 0))
				;
			else if (windows && (ascii_casecmp(segs[n], "%windir%") == 0 ||
					     ascii_casecmp(segs[n], "%SystemRoot%") == 0)) {
				snprintf(segs[n], 256, "Windows");
				n++;
			} else {
				n++;
			}
		}
		p += len;
		if (*p != '\0')
			p++;
	}
	return n;
}

int iis_in_folder(const char *artifact_path, const char *physical_path)
{
	static const size_t max = 64;
	char (*fs)[256] = xcalloc(max, 256), (*as)[256] = xcalloc(max, 256);
	size_t nf, na, k, i;
	int r = 0;

	if (physical_path == NULL)
		goto out;
	nf = folder_segments(physical_path, fs, max, 1);
	na = folder_segments(artifact_path, as, max, 0);
	if (nf == 0 || na < 2)
		goto out;
	na--; /* the file name */
	k = nf < 2 ? nf : 2;
	if (na < k)
		goto out;
	r = 1;
	for (i = 0; i < k; i++)
		if (ascii_casecmp(fs[nf - 1 - i], as[na - 1 - i]) != 0)
			r = 0;
out:
	free(fs);
	free(as);
	return r;
}

/* ----------------------------------------------------- model building */

static void add_decls(struct iis_model *m, const struct xnode *group, const char *prefix)
{
	size_t i;

	for (i = 0; group != NULL && i < group->nkids; i++) {
		const struct xnode *k = group->kids[i];
		const char *name = xnode_value(k, "name");
		char *full;

		if (name == NULL)
			continue;
		full = *prefix ? xasprintf("%s/%s", prefix, name) : xstrdup(name);
		if (strcmp(k->name, "sectionGroup") == 0) {
			add_decls(m, k, full);
		} else if (strcmp(k->name, "section") == 0) {
			struct iis_decl *d;

			m->decls = xreallocarray(m->decls, m->ndecls + 1, sizeof(*m->decls));
			d = &m->decls[m->ndecls++];
			d->section = full;
			full = NULL;
			d->override_mode_default = xnode_value(k, "overrideModeDefault");
			d->allow_definition = xnode_value(k, "allowDefinition");
			d->line = k->line;
		}
		free(full);
	}
}

static void read_location(struct iis_location *l, const struct xnode *k)
{
	const char *inh = xnode_value(k, "inheritInChildApplications");
	int b = 1;

	memset(l, 0, sizeof(*l));
	l->path = xnode_value(k, "path");
	l->norm = iis_path_norm(l->path);
	l->override_mode = xnode_value(k, "overrideMode");
	l->allow_override = xnode_value(k, "allowOverride");
	l->inherit = !(inh != NULL && iis_parse_bool(inh, &b) && b == 0);
	l->line = k->line;
	l->node = k;
}

static size_t read_locations(const struct xnode *root, struct iis_location **out)
{
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < root->nkids; i++) {
		if (strcmp(root->kids[i]->name, "location") != 0)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		read_location(&(*out)[n++], root->kids[i]);
	}
	return n;
}

static void read_pools(struct iis_model *m, const struct xnode *pools)
{
	const struct xnode *defs = xnode_last_child(pools, "applicationPoolDefaults");
	const struct xnode *defpm = xnode_child(defs, "processModel");
	size_t i;

	m->pool_defaults = defs;
	for (i = 0; pools != NULL && i < pools->nkids; i++) {
		const struct xnode *k = pools->kids[i], *pm;
		const struct xnode *chain[2], *pmchain[2];
		struct iis_pool *p;

		if (strcmp(k->name, "add") != 0)
			continue;
		m->pools = xreallocarray(m->pools, m->npools + 1, sizeof(*m->pools));
		p = &m->pools[m->npools++];
		memset(p, 0, sizeof(*p));
		p->name = xnode_value(k, "name");
		p->line = k->line;
		p->node = k;
		pm = xnode_child(k, "processModel");
		chain[0] = k;
		chain[1] = defs;
		pmchain[0] = pm;
		pmchain[1] = defpm;
		value_chain(&p->auto_start, m->artifact, chain, 2, SEC_POOLS, "add", "autoStart");
		value_chain(&p->start_mode, m->artifact, chain, 2, SEC_POOLS, "add", "startMode");
		value_chain(&p->identity_type, m->artifact, pmchain, 2, SEC_POOLS, "add/processModel",
			    "identityType");
		value_chain(&p->user_name, m->artifact, pmchain, 2, SEC_POOLS, "add/processModel",
			    "userName");
		value_chain(&p->password, m->artifact, pmchain, 2, SEC_POOLS, "add/processModel",
			    "password");
	}
}

static void read_app(struct iis_model *m, const struct xnode *site_appdefs, const struct xnode *k,
		     struct iis_app *a, size_t site_index)
{
	const struct xnode *chain[3];
	size_t j;

	memset(a, 0, sizeof(*a));
	a->path = xnode_value(k, "path");
	a->line = k->line;
	a->site = site_index;
	chain[0] = k;
	chain[1] = site_appdefs;
	chain[2] = m->app_defaults;
	value_chain(&a->pool, m->artifact, chain, 3, SEC_SITES, "site/application",
		    "applicationPool");
	for (j = 0; j < k->nkids; j++) {
		const struct xnode *v = k->kids[j];
		struct iis_vdir *d;

		if (strcmp(v->name, "virtualDirectory") != 0)
			continue;
		a->vdirs = xreallocarray(a->vdirs, a->nvdirs + 1, sizeof(*a->vdirs));
		d = &a->vdirs[a->nvdirs++];
		d->path = xnode_value(v, "path");
		d->physical_path = xnode_value(v, "physicalPath");
		d->line = v->line;
		if (d->path != NULL && strcmp(d->path, "/") == 0 && a->physical_path == NULL)
			a->physical_path = d->physical_path;
	}
}

static void read_sites(struct iis_model *m, const struct xnode *sites)
{
	size_t i, j, napp;

	m->has_sites_element = sites != NULL;
	m->site_defaults = xnode_last_child(sites, "siteDefaults");
	m->app_defaults = xnode_last_child(sites, "applicationDefaults");
	for (i = 0; sites != NULL && i < sites->nkids; i++) {
		const struct xnode *k = sites->kids[i], *b;
		const struct xnode *site_appdefs;
		struct iis_site *s;
		unsigned long id;

		if (strcmp(k->name, "site") != 0)
			continue;
		m->sites = xreallocarray(m->sites, m->nsites + 1, sizeof(*m->sites));
		s = &m->sites[m->nsites++];
		memset(s, 0, sizeof(*s));
		s->name = xnode_value(k, "name");
		s->id_text = xnode_value(k, "id");
		s->id = iis_parse_uint(s->id_text, &id) ? (long)id : -1;
		s->line = k->line;
		s->node = k;
		b = xnode_last_child(k, "bindings");
		for (j = 0; b != NULL && j < b->nkids; j++) {
			struct iis_binding *bd;

			if (strcmp(b->kids[j]->name, "binding") != 0)
				continue;
			s->bindings = xreallocarray(s->bindings, s->nbindings + 1, sizeof(*s->bindings));
			bd = &s->bindings[s->nbindings++];
			bd->protocol = xnode_value(b->kids[j], "protocol");
			bd->info = xnode_value(b->kids[j], "bindingInformation");
			bd->line = b->kids[j]->line;
		}
		site_appdefs = xnode_last_child(k, "applicationDefaults");
		for (j = 0, napp = 0; j < k->nkids; j++)
			napp += strcmp(k->kids[j]->name, "application") == 0;
		s->apps = napp ? xcalloc(napp, sizeof(*s->apps)) : NULL;
		for (j = 0; j < k->nkids; j++)
			if (strcmp(k->kids[j]->name, "application") == 0)
				read_app(m, site_appdefs, k->kids[j], &s->apps[s->napps++],
					 m->nsites - 1);
	}
}

static void read_providers(struct iis_model *m, const struct xnode *root)
{
	const struct xnode *p = xnode_path(root, "configProtectedData/providers");
	size_t i;

	for (i = 0; p != NULL && i < p->nkids; i++) {
		if (strcmp(p->kids[i]->name, "add") != 0)
			continue;
		m->providers = xreallocarray(m->providers, m->nproviders + 1, sizeof(*m->providers));
		m->providers[m->nproviders].name = xnode_value(p->kids[i], "name");
		m->providers[m->nproviders].line = p->kids[i]->line;
		m->nproviders++;
	}
}

/* Every withheld attribute, with a readable element path. */
static void scan_secrets(struct iis_model *m, const char *artifact, const struct xnode *n,
			 const char *prefix, int depth)
{
	const char *name = xnode_value(n, "name");
	char *here;
	size_t i;

	if (depth > IISCONF_MAX_DEPTH)
		return;
	if (depth == 0)
		here = xstrdup("");
	else if (name != NULL && strcmp(n->name, "add") == 0)
		here = xasprintf("%s%s%s[%s]", prefix, *prefix ? "/" : "", n->name, name);
	else if (strcmp(n->name, "location") == 0)
		here = xasprintf("%s%slocation[%s]", prefix, *prefix ? "/" : "",
				 xnode_value(n, "path") != NULL ? xnode_value(n, "path") : "");
	else
		here = xasprintf("%s%s%s", prefix, *prefix ? "/" : "", n->name);
	for (i = 0; i < n->nattrs; i++) {
		struct iis_secret *s;

		if (n->attrs[i].secret == XSECRET_NONE)
			continue;
		m->secrets = xreallocarray(m->secrets, m->nsecrets + 1, sizeof(*m->secrets));
		s = &m->secrets[m->nsecrets++];
		s->artifact = artifact;
		s->line = n->line;
		s->element = xstrdup(here);
		s->attr = n->attrs[i].name;
		s->kind = n->attrs[i].secret;
		s->provider = n->attrs[i].provider;
	}
	for (i = 0; i < n->nkids; i++)
		scan_secrets(m, artifact, n->kids[i], here, depth + 1);
	free(here);
}

static int app_path_eq(const char *a, const char *b)
{
	char *x = iis_path_norm(a), *y = iis_path_norm(b);
	int r = ascii_casecmp(x, y) == 0;

	free(x);
	free(y);
	return r;
}

static const char *last_segment(const char *p)
{
	const char *s = strrchr(p, '/');

	return s != NULL ? s + 1 : p;
}

/* "SITE/app/path"; just "SITE" for the root application "/". */
static char *site_url(const struct iis_site *s, const struct iis_app *a)
{
	char *p = iis_path_norm(a->path);
	const char *name = s->name != NULL ? s->name : "";
	char *u = p[0] != '\0' ? xasprintf("%s%s%s", name, p[0] == '/' ? "" : "/", p) : xstrdup(name);

	free(p);
	return u;
}

static void find_ndes(struct iis_model *m)
{
	size_t i, j;

	for (i = 0; i < m->nsites; i++) {
		const struct iis_site *s = &m->sites[i];

		for (j = 0; j < s->napps; j++) {
			if (s->apps[j].path == NULL || !app_path_eq(s->apps[j].path, IIS_NDES_APP))
				continue;
			m->ndes_sites++;
			if (m->ndes_site == NULL || (s->id == 1 && m->ndes_site->id != 1)) {
				m->ndes_site = s;
				m->ndes_app = &s->apps[j];
			}
		}
	}
	/* The admin page and CRP: in the NDES site first, else any site. */
	for (i = 0; i <= m->nsites; i++) {
		const struct iis_site *s = i == 0 ? m->ndes_site : &m->sites[i - 1];

		for (j = 0; s != NULL && j < s->napps; j++) {
			const struct iis_app *a = &s->apps[j];
			char *p;

			if (a->path == NULL)
				continue;
			if (m->admin_app == NULL && app_path_eq(a->path, IIS_ADMIN_APP)) {
				m->admin_app = a;
				m->admin_url = site_url(s, a);
			}
			p = iis_path_norm(a->path);
			if (m->crp_app == NULL && ascii_casecmp(last_segment(p), IIS_CRP_APP) == 0) {
				m->crp_app = a;
				m->crp_site = s;
				m->crp_url = site_url(s, a);
			}
			free(p);
		}
	}
	if (m->ndes_app != NULL)
		m->ndes_url = site_url(m->ndes_site, m->ndes_app);
}

static int is_webconfig_artifact(const struct artifact *a)
{
	if (a->kind == ART_IIS_WEBCONFIG && a->status == ART_OK && artifact_iisconf(a) != NULL)
		return 1;
	/* Unreadable: content could not say, so the name breaks the tie. */
	return (a->kind == ART_IIS_WEBCONFIG || a->kind == ART_IIS_CONFIG) &&
	       a->status == ART_ERROR && ascii_casesuffix(a->path, "web.config") &&
	       (strlen(a->path) == 10 || a->path[strlen(a->path) - 11] == '/');
}

static void place_webconfigs(struct iis_model *m, const struct bundle *b)
{
	struct pair {
		size_t wc, site, app;
	} *pairs = NULL;
	size_t npairs = 0, i, s, k;

	for (i = 0; b != NULL && i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		int placed = 0;

		if (!is_webconfig_artifact(a))
			continue;
		for (s = 0; s < m->nsites; s++) {
			for (k = 0; k < m->sites[s].napps; k++) {
				if (!iis_in_folder(a->path, m->sites[s].apps[k].physical_path))
					continue;
				if (!placed) {
					struct iis_webconfig *w;

					m->wcs = xreallocarray(m->wcs, m->nwcs + 1, sizeof(*m->wcs));
					w = &m->wcs[m->nwcs++];
					memset(w, 0, sizeof(*w));
					w->artifact = a->path;
					if (a->status == ART_OK) {
						w->doc = artifact_iisconf(a);
						w->nlocs = read_locations(w->doc->root, &w->locs);
					} else {
						w->error = a->error != NULL ? a->error : a->path;
					}
					placed = 1;
				}
				pairs = xreallocarray(pairs, npairs + 1, sizeof(*pairs));
				pairs[npairs].wc = m->nwcs - 1;
				pairs[npairs].site = s;
				pairs[npairs].app = k;
				npairs++;
			}
		}
	}
	/* m->wcs no longer moves: hand out pointers. */
	for (i = 0; i < npairs; i++) {
		struct iis_app *app = &m->sites[pairs[i].site].apps[pairs[i].app];

		app->wcs = xreallocarray(app->wcs, app->nwcs + 1, sizeof(*app->wcs));
		app->wcs[app->nwcs++] = &m->wcs[pairs[i].wc];
	}
	free(pairs);
}

static void read_server_lists(struct iis_model *m);

/* The model of applicationHost.config alone: no web.config yet. */
static struct iis_model *model_core(const struct iisconf *doc)
{
	struct iis_model *m = xcalloc(1, sizeof(*m));
	const struct xnode *root = doc->root, *ah;

	m->doc = doc;
	m->artifact = doc->path;
	add_decls(m, xnode_last_child(root, "configSections"), "");
	read_providers(m, root);
	m->nlocs = read_locations(root, &m->locs);
	ah = xnode_last_child(root, "system.applicationHost");
	read_pools(m, xnode_last_child(ah, "applicationPools"));
	read_sites(m, xnode_last_child(ah, "sites"));
	m->log = xnode_last_child(ah, "log");
	find_ndes(m);
	read_server_lists(m);
	return m;
}

/* Add the bundle's web.config files to the model, then look for secrets
 * in every file of it. */
static void model_finish(struct iis_model *m, const struct bundle *b)
{
	size_t i;

	place_webconfigs(m, b);
	scan_secrets(m, m->artifact, m->doc->root, "", 0);
	for (i = 0; i < m->nwcs; i++)
		if (m->wcs[i].doc != NULL)
			scan_secrets(m, m->wcs[i].artifact, m->wcs[i].doc->root, "", 0);
}

struct iis_model *iis_model_build(const struct iisconf *doc, const struct bundle *b)
{
	struct iis_model *m = model_core(doc);

	model_finish(m, b);
	return m;
}

void iis_model_free(struct iis_model *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	free(m->global_modules.v);
	free(m->modules.v);
	free(m->handlers.v);
	free(m->isapi_cgi.v);
	for (i = 0; i < m->ndecls; i++)
		free(m->decls[i].section);
	free(m->decls);
	for (i = 0; i < m->nlocs; i++)
		free(m->locs[i].norm);
	free(m->locs);
	for (i = 0; i < m->nsites; i++) {
		for (j = 0; j < m->sites[i].napps; j++) {
			free(m->sites[i].apps[j].vdirs);
			free(m->sites[i].apps[j].wcs);
		}
		free(m->sites[i].apps);
		free(m->sites[i].bindings);
	}
	free(m->sites);
	free(m->pools);
	free(m->providers);
	for (i = 0; i < m->nsecrets; i++)
		free(m->secrets[i].element);
	free(m->secrets);
	for (i = 0; i < m->nwcs; i++) {
		for (j = 0; j < m->wcs[i].nlocs; j++)
			free(m->wcs[i].locs[j].norm);
		free(m->wcs[i].locs);
	}
	free(m->wcs);
	free(m->ndes_url);
	free(m->admin_url);
	free(m->crp_url);
	free(m);
}

/* -------------------------------------------- web.config placement */

/* Every readable web.config either belongs to an application folder named
 * in applicationHost.config (m, NULL when the bundle has none readable: its
 * path ends with the folder's last segments, e.g. .../CertSrv/mscep/
 * web.config), or is set aside with a note saying why. Two web.config
 * files for one folder are errors naming each other. Runs before the
 * web.config files are added to the model, so that those set aside here
 * stay out of it. */
static void place_webconfig_artifacts(struct bundle *b, const struct iis_model *m)
{
	const char **folder;
	size_t i, j;

	folder = xcalloc(b->n ? b->n : 1, sizeof(*folder));
	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];
		size_t s, k;

		if (a->kind != ART_IIS_WEBCONFIG || a->status != ART_OK)
			continue;
		for (s = 0; m != NULL && s < m->nsites && folder[i] == NULL; s++)
			for (k = 0; k < m->sites[s].napps && folder[i] == NULL; k++)
				if (iis_in_folder(a->path, m->sites[s].apps[k].physical_path))
					folder[i] = m->sites[s].apps[k].physical_path;
		if (folder[i] != NULL)
			continue;
		a->status = ART_IGNORED;
		free(a->note);
		a->note = xstrdup(m == NULL
					  ? "a web.config, but the bundle has no readable applicationHost.config "
					    "that says which application it belongs to; not applied"
					  : "a web.config whose folder matches no application's physical path in "
					    "applicationHost.config; not applied");
		artifact_drop_handle(a);
	}
	/* Two files for one folder: which one the server has is unknown. The
	 * messages are made first, then set, so each names all of them. */
	for (i = 0; i < b->n; i++) {
		struct strbuf names;
		size_t count = 0;
		struct nerr e;

		if (folder[i] == NULL)
			continue;
		sb_init(&names);
		for (j = 0; j < b->n; j++)
			if (folder[j] != NULL && ascii_casecmp(folder[i], folder[j]) == 0) {
				sb_printf(&names, "%s%s", count ? " and " : "", b->arts[j].path);
				count++;
			}
		if (count > 1) {
			nerr_clear(&e);
			nerr_set(&e, "%zu web.config files in the bundle belong to the folder %s (%s): "
				 "which one the server uses is unknown; keep one", count, folder[i], names.s);
			b->arts[i].kind = ART_IIS_WEBCONFIG;
			artifact_set_error(&b->arts[i], &e);
		}
		sb_free(&names);
	}
	free(folder);
}

/* ------------------------------------------------------------ resolver */

struct contrib {
	const struct xnode *container; /* <configuration> or <location> */
	const char *artifact;
	const struct iis_location *loc; /* NULL at a file's top level */
	const struct iis_webconfig *wc; /* NULL in applicationHost.config */
	int depth;
	int rank;                       /* 0 applicationHost.config, 1 web.config */
	size_t order;
};

struct walk {
	struct contrib *v;
	size_t n;
	const struct iis_webconfig *unreadable;
};

static int cmp_contrib(const void *pa, const void *pb)
{
	const struct contrib *a = pa, *b = pb;

	if (a->depth != b->depth)
		return a->depth - b->depth;
	if (a->rank != b->rank)
		return a->rank - b->rank;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void push(struct walk *w, const struct xnode *container, const char *artifact,
		 const struct iis_location *loc, const struct iis_webconfig *wc, int depth, int rank)
{
	struct contrib *c;

	w->v = xreallocarray(w->v, w->n + 1, sizeof(*w->v));
	c = &w->v[w->n];
	c->container = container;
	c->artifact = artifact;
	c->loc = loc;
	c->wc = wc;
	c->depth = depth;
	c->rank = rank;
	c->order = w->n++;
}

/* Does a location (full normalised path) apply to the URL, honouring
 * inheritInChildApplications="false"? */
static int loc_applies(const struct iis_site *s, const char *full, int inherit, const char *url,
		       size_t sitelen)
{
	const char *lrel, *urel;

	if (!iis_path_covers(full, url))
		return 0;
	if (inherit || full[0] == '\0')
		return 1;
	lrel = strlen(full) > sitelen ? full + sitelen : "/";
	urel = strlen(url) > sitelen ? url + sitelen : "/";
	return iis_app_of(s, lrel) == iis_app_of(s, urel);
}

static int collect(const struct iis_model *m, const char *url_in, struct walk *w)
{
	char *url = iis_path_norm(url_in), *sitename;
	const struct iis_site *s;
	const char *rel;
	size_t i, j, k, sitelen;

	memset(w, 0, sizeof(*w));
	sitelen = strcspn(url, "/");
	sitename = xstrndup(url, sitelen);
	s = iis_site_by_name(m, sitename);
	free(sitename);
	if (s == NULL) {
		free(url);
		return 0;
	}
	rel = url[sitelen] == '/' ? url + sitelen : "/";
	push(w, m->doc->root, m->artifact, NULL, NULL, 0, 0);
	for (i = 0; i < m->nlocs; i++)
		if (loc_applies(s, m->locs[i].norm, m->locs[i].inherit, url, sitelen))
			push(w, m->locs[i].node, m->artifact, &m->locs[i], NULL, segments(m->locs[i].norm),
			     0);
	for (j = 0; j < s->napps; j++) {
		const struct iis_app *a = &s->apps[j];
		char *base;

		if (a->path == NULL || !app_path_covers(a->path, rel))
			continue;
		base = site_url(s, a);
		for (k = 0; k < a->nwcs; k++) {
			const struct iis_webconfig *wc = a->wcs[k];
			size_t l;

			if (wc->doc == NULL) {
				if (w->unreadable == NULL)
					w->unreadable = wc;
				continue;
			}
			push(w, wc->doc->root, wc->artifact, NULL, wc, segments(base), 1);
			for (l = 0; l < wc->nlocs; l++) {
				char *full = wc->locs[l].norm[0] != '\0'
						     ? xasprintf("%s/%s", base, wc->locs[l].norm)
						     : xstrdup(base);

				if (loc_applies(s, full, wc->locs[l].inherit, url, sitelen))
					push(w, wc->locs[l].node, wc->artifact, &wc->locs[l], wc,
					     segments(full), 1);
				free(full);
			}
		}
		free(base);
	}
	if (w->n > 1)
		qsort(w->v, w->n, sizeof(*w->v), cmp_contrib);
	free(url);
	return 1;
}

/* May this web.config contribution set the section? When not, say why in
 * problem (first refusal only). */
static int delegated(const struct iis_model *m, const struct walk *w, size_t idx,
		     const char *section, char *problem, size_t psize)
{
	const struct contrib *c = &w->v[idx];
	const struct iis_decl *d = iis_decl_find(m, section);
	const char *mode = "Allow", *why = "no overrideModeDefault in its declaration";
	char whybuf[384];
	long line = 0;
	size_t i;

	if (d != NULL && d->allow_definition != NULL &&
	    (ascii_casecmp(d->allow_definition, "AppHostOnly") == 0 ||
	     ascii_casecmp(d->allow_definition, "MachineOnly") == 0 ||
	     ascii_casecmp(d->allow_definition, "MachineToWebRoot") == 0)) {
		if (problem[0] == '\0')
			snprintf(problem, psize,
				 "%s line %ld sets %s, which its declaration (%s line %ld) allows only "
				 "in applicationHost.config (allowDefinition=\"%s\"): IIS refuses that "
				 "web.config and answers HTTP 500.19 under it",
				 c->artifact, xnode_path(c->container, section)->line, section,
				 m->artifact, d->line, d->allow_definition);
		return 0;
	}
	if (d != NULL && d->override_mode_default != NULL) {
		mode = d->override_mode_default;
		snprintf(whybuf, sizeof(whybuf), "overrideModeDefault=\"%s\" in its declaration at %s line %ld",
			 mode, m->artifact, d->line);
		why = whybuf;
	}
	for (i = 0; i < idx; i++) {
		const struct contrib *p = &w->v[i];
		const char *om;

		if (p->loc == NULL || (p->wc != NULL && p->wc == c->wc) ||
		    xnode_path(p->container, section) == NULL)
			continue;
		om = p->loc->override_mode;
		if (om != NULL && (ascii_casecmp(om, "Allow") == 0 || ascii_casecmp(om, "Deny") == 0)) {
			mode = om;
		} else if (p->loc->allow_override != NULL) {
			int bv;

			if (!iis_parse_bool(p->loc->allow_override, &bv))
				continue;
			mode = bv ? "Allow" : "Deny";
		} else {
			continue;
		}
		line = p->loc->line;
		snprintf(whybuf, sizeof(whybuf), "%s=\"%s\" on <location path=\"%s\"> at %s line %ld",
			 p->loc->override_mode != NULL ? "overrideMode" : "allowOverride",
			 p->loc->override_mode != NULL ? p->loc->override_mode : p->loc->allow_override,
			 p->loc->path != NULL ? p->loc->path : "", p->artifact, line);
		why = whybuf;
	}
	if (ascii_casecmp(mode, "Deny") != 0)
		return 1;
	if (problem[0] == '\0')
		snprintf(problem, psize,
			 "%s line %ld sets %s, which is locked at this path (%s): IIS refuses that "
			 "web.config and answers HTTP 500.19 under it",
			 c->artifact, xnode_path(c->container, section)->line, section, why);
	return 0;
}

static void note_unreadable(const struct walk *w, int *unreadable, char *problem, size_t psize)
{
	if (w->unreadable == NULL)
		return;
	*unreadable = 1;
	snprintf(problem, psize,
		 "the web.config %s applies here but could not be read (%s), so the effective "
		 "value is not known", w->unreadable->artifact, w->unreadable->error);
}

/* A section written encrypted (configProtectionProvider, with the values in
 * <EncryptedData>, which the reader never keeps): its values cannot be read
 * offline. 1 and the problem set when sec is one. */
static int encrypted_section(const struct contrib *c, const struct xnode *sec, const char *section,
			     int *unreadable, char *problem, size_t psize)
{
	const struct xattr *p = xnode_attr(sec, "configProtectionProvider");

	if (p == NULL)
		return 0;
	*unreadable = 1;
	if (problem[0] == '\0')
		snprintf(problem, psize,
			 "%s line %ld holds %s encrypted with the provider %s, so its values cannot be "
			 "read offline and the effective value is not known",
			 c->artifact, sec->line, section, p->value != NULL ? p->value : "(withheld)");
	return 1;
}

/* Is name in the comma-separated list (spaces around items ignored, case
 * ignored)? IIS writes lockAttributes="maxUrl, maxQueryString". */
static int list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);

		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == n && ascii_ncasecmp(p, name, n) == 0)
			return 1;
		p = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

/* An attribute lock that a contribution sets for every deeper one. */
struct attr_lock {
	const char *artifact;
	long line;
	char how[160];
};

/* Does node n lock name by its list attribute (name listed) or by its
 * all-except attribute (name not listed)? */
static int lock_pair(const struct xnode *n, const char *list_attr, const char *except_attr,
		     const char *name, const char *artifact, struct attr_lock *lk)
{
	const char *v = xnode_value(n, list_attr), *how = list_attr;

	if (v == NULL || !list_has(v, name)) {
		v = xnode_value(n, except_attr);
		how = except_attr;
		if (v == NULL || list_has(v, name))
			return 0;
	}
	lk->artifact = artifact;
	lk->line = n->line;
	snprintf(lk->how, sizeof(lk->how), "%s=\"%.100s\" on <%s>", how, v, n->name);
	return 1;
}

/* Does the element path inside sec (element: "" for sec itself, else
 * "a/b") lock attr for deeper levels, by lockAttributes or
 * lockAllAttributesExcept on its element, or lockElements or
 * lockAllElementsExcept on the way there? */
static int locks_attr(const struct xnode *sec, const char *element, const char *attr,
		      const char *artifact, struct attr_lock *lk)
{
	const struct xnode *n = sec;
	const char *p = element;
	char seg[128];

	while (n != NULL && *p != '\0') {
		const char *slash = strchr(p, '/');
		size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);

		snprintf(seg, sizeof(seg), "%.*s", (int)(len < sizeof(seg) ? len : sizeof(seg) - 1), p);
		if (lock_pair(n, "lockElements", "lockAllElementsExcept", seg, artifact, lk))
			return 1;
		n = xnode_path(n, seg);
		p = slash != NULL ? slash + 1 : "";
	}
	return n != NULL && lock_pair(n, "lockAttributes", "lockAllAttributesExcept", attr, artifact, lk);
}

int iis_resolve(const struct iis_model *m, const char *url, const char *section,
		const char *element, const char *attr, struct iis_eff *out)
{
	struct walk w;
	struct attr_lock lk;
	size_t i;
	int set = 0, locked = 0;

	memset(out, 0, sizeof(*out));
	memset(&lk, 0, sizeof(lk));
	if (!collect(m, url, &w))
		return 0;
	for (i = 0; i < w.n; i++) {
		const struct contrib *c = &w.v[i];
		const struct xnode *sec = xnode_path(c->container, section), *el;
		const struct xattr *a;

		if (sec == NULL)
			continue;
		if (c->wc != NULL && !delegated(m, &w, i, section, out->problem, sizeof(out->problem)))
			continue;
		if (encrypted_section(c, sec, section, &out->unreadable, out->problem,
				      sizeof(out->problem)))
			continue;
		el = element[0] != '\0' ? xnode_path(sec, element) : sec;
		a = el != NULL ? xnode_attr(el, attr) : NULL;
		if (a != NULL && locked) {
			/* A lock set at a shallower level: IIS refuses this one. */
			if (out->problem[0] == '\0')
				snprintf(out->problem, sizeof(out->problem),
					 "%s line %ld sets %s, which %s line %ld locks (%s): IIS refuses "
					 "that configuration and answers HTTP 500.19 (lock violation) "
					 "under it", c->artifact, el->line, attr, lk.artifact, lk.line,
					 lk.how);
			continue;
		}
		if (a != NULL) {
			value_from_attr(&out->v, a, c->artifact, el->line,
					c->loc != NULL ? (c->loc->path != NULL ? c->loc->path : "") : NULL);
			set = 1;
		}
		if (!locked)
			locked = locks_attr(sec, element, attr, c->artifact, &lk);
	}
	if (!set)
		value_from_default(&out->v, section, element, attr);
	if (out->problem[0] == '\0')
		note_unreadable(&w, &out->unreadable, out->problem, sizeof(out->problem));
	free(w.v);
	return 1;
}

int iis_refusal(const struct iis_model *m, const char *url, char *problem, size_t psize)
{
	struct walk w;
	size_t i, d;
	int found = 0;

	problem[0] = '\0';
	if (!collect(m, url, &w))
		return 0;
	for (i = 0; i < w.n && !found; i++) {
		if (w.v[i].wc == NULL)
			continue;
		for (d = 0; d < m->ndecls && !found; d++)
			if (xnode_path(w.v[i].container, m->decls[d].section) != NULL &&
			    !delegated(m, &w, i, m->decls[d].section, problem, psize))
				found = 1;
	}
	free(w.v);
	return found;
}

static int key_eq(const struct xnode *a, const struct xnode *b, const char *key)
{
	const char *x = xnode_value(a, key), *y = xnode_value(b, key);

	return x != NULL && y != NULL && ascii_casecmp(x, y) == 0;
}

/* Apply one container's <add>/<remove>/<clear> items of a collection
 * element to out, in document order. */
static void merge_items(struct iis_coll *out, const struct xnode *el, const char *artifact,
			const char *location, const char *key_attr)
{
	size_t j, k;

	for (j = 0; el != NULL && j < el->nkids; j++) {
		const struct xnode *it = el->kids[j];

		if (strcmp(it->name, "clear") == 0) {
			out->n = 0;
			out->clear_line = it->line;
			out->clear_artifact = artifact;
		} else if (strcmp(it->name, "remove") == 0 || strcmp(it->name, "add") == 0) {
			for (k = 0; k < out->n; k++) {
				if (key_eq(out->items[k].node, it, key_attr)) {
					memmove(&out->items[k], &out->items[k + 1],
						(out->n - k - 1) * sizeof(*out->items));
					out->n--;
					break;
				}
			}
			if (strcmp(it->name, "add") == 0) {
				out->items = xreallocarray(out->items, out->n + 1, sizeof(*out->items));
				out->items[out->n].node = it;
				out->items[out->n].artifact = artifact;
				out->items[out->n].location = location;
				out->n++;
			}
		}
	}
}

int iis_resolve_coll(const struct iis_model *m, const char *url, const char *section,
		     const char *element, const char *key_attr, struct iis_coll *out)
{
	struct walk w;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!collect(m, url, &w))
		return 0;
	for (i = 0; i < w.n; i++) {
		const struct contrib *c = &w.v[i];
		const struct xnode *sec = xnode_path(c->container, section);

		if (sec == NULL)
			continue;
		if (c->wc != NULL && !delegated(m, &w, i, section, out->problem, sizeof(out->problem)))
			continue;
		if (encrypted_section(c, sec, section, &out->unreadable, out->problem,
				      sizeof(out->problem)))
			continue;
		merge_items(out, element[0] != '\0' ? xnode_path(sec, element) : sec, c->artifact,
			    c->loc != NULL ? (c->loc->path != NULL ? c->loc->path : "") : NULL, key_attr);
	}
	if (out->problem[0] == '\0')
		note_unreadable(&w, &out->unreadable, out->problem, sizeof(out->problem));
	free(w.v);
	return 1;
}

/* ------------------------------------------------- server-level lists */

/* A collection as the server level sets it: the top level of
 * applicationHost.config, then each <location path=""> (or "."), in
 * document order. */
static void server_list(struct iis_model *m, const char *section, const char *key_attr,
			struct iis_list *out)
{
	struct iis_coll c;
	const struct xnode *sec;
	size_t i;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	sec = xnode_path(m->doc->root, section);
	if (sec != NULL) {
		out->line = sec->line;
		merge_items(&c, sec, m->artifact, NULL, key_attr);
	}
	for (i = 0; i < m->nlocs; i++) {
		if (m->locs[i].norm[0] != '\0' ||
		    (sec = xnode_path(m->locs[i].node, section)) == NULL)
			continue;
		out->line = sec->line;
		merge_items(&c, sec, m->artifact, m->locs[i].path != NULL ? m->locs[i].path : "",
			    key_attr);
	}
	out->v = xcalloc(c.n > 0 ? c.n : 1, sizeof(*out->v));
	for (i = 0; i < c.n; i++) {
		const struct xnode *n = c.items[i].node;
		struct iis_entry *e = &out->v[i];

		e->key = xnode_value(n, key_attr);
		e->image = xnode_value(n, "image");
		e->type = xnode_value(n, "type");
		e->path = xnode_value(n, "path");
		e->script_processor = xnode_value(n, "scriptProcessor");
		e->precondition = xnode_value(n, "preCondition");
		e->allowed = xnode_value(n, "allowed");
		e->location = c.items[i].location;
		e->line = n->line;
	}
	out->n = c.n;
	iis_coll_free(&c);
}

static void read_server_lists(struct iis_model *m)
{
	server_list(m, "system.webServer/globalModules", "name", &m->global_modules);
	server_list(m, "system.webServer/modules", "name", &m->modules);
	server_list(m, "system.webServer/handlers", "name", &m->handlers);
	server_list(m, "system.webServer/security/isapiCgiRestriction", "path", &m->isapi_cgi);
}

void iis_coll_free(struct iis_coll *c)
{
	free(c->items);
	memset(c, 0, sizeof(*c));
}

const char *iis_item_attr(const struct iis_item *it, const char *name)
{
	return xnode_value(it->node, name);
}

long iis_item_line(const struct iis_item *it)
{
	return it->node->line;
}

/* ------------------------------------------------------------ logging */

void iis_site_logging(const struct iis_model *m, const struct iis_site *s, struct iis_logging *out)
{
	const struct xnode *chain[2];
	const struct xnode *w3c = xnode_last_child(m->log, "centralW3CLogFile");

	memset(out, 0, sizeof(*out));
	chain[0] = m->log;
	value_chain(&out->mode, m->artifact, chain, 1, SEC_LOG, "", "centralLogFileMode");
	if (out->mode.value != NULL && ascii_casecmp(out->mode.value, "CentralW3C") == 0) {
		out->format = out->mode;
		out->format.value = "W3C";
		out->target = out->mode;
		out->target.value = "File";
		chain[0] = w3c;
		value_chain(&out->enabled, m->artifact, chain, 1, SEC_LOG, "centralW3CLogFile", "enabled");
		value_chain(&out->flags, m->artifact, chain, 1, SEC_LOG, "centralW3CLogFile",
			    "logExtFileFlags");
		value_chain(&out->directory, m->artifact, chain, 1, SEC_LOG, "centralW3CLogFile",
			    "directory");
		return;
	}
	if (out->mode.value != NULL && ascii_casecmp(out->mode.value, "CentralBinary") == 0) {
		out->format = out->mode;
		out->format.value = "Binary (central)";
		return;
	}
	chain[0] = xnode_last_child(s->node, "logFile");
	chain[1] = xnode_last_child(m->site_defaults, "logFile");
	value_chain(&out->format, m->artifact, chain, 2, SEC_SITES, "site/logFile", "logFormat");
	value_chain(&out->enabled, m->artifact, chain, 2, SEC_SITES, "site/logFile", "enabled");
	value_chain(&out->flags, m->artifact, chain, 2, SEC_SITES, "site/logFile", "logExtFileFlags");
	value_chain(&out->target, m->artifact, chain, 2, SEC_SITES, "site/logFile", "logTargetW3C");
	value_chain(&out->directory, m->artifact, chain, 2, SEC_SITES, "site/logFile", "directory");
}

/* -------------------------------------------------------------- facts */

void iis_facts_build(struct facts *f, struct bundle *b)
{
	const struct source *src = &f->src[SRC_IIS];
	const struct iis_pool *p;
	struct iis_model *m = NULL;

	/* The model is built once: web.config placement uses its sites. */
	if (src->state == SOURCE_OK && src->artifact != NULL && artifact_iisconf(src->artifact) != NULL)
		m = model_core(artifact_iisconf(src->artifact));
	place_webconfig_artifacts(b, m);
	if (m == NULL)
		return;
	model_finish(m, b);
	f->iis = m;
	if (m->ndes_app == NULL || m->ndes_app->pool.value == NULL)
		return;
	p = iis_pool_by_name(m, m->ndes_app->pool.value);
	if (p == NULL)
		return;
	f->scep_pool.known = 1;
	f->scep_pool.pool = xstrdup(p->name);
	f->scep_pool.identity_type = xstrdup(p->identity_type.value != NULL ? p->identity_type.value
									     : "ApplicationPoolIdentity");
	if (p->identity_type.value != NULL && ascii_casecmp(p->identity_type.value, "SpecificUser") == 0 &&
	    p->user_name.value != NULL && p->user_name.value[0] != '\0')
		f->scep_pool.user_name = xstrdup(p->user_name.value);
	f->scep_pool.artifact = m->artifact;
	f->scep_pool.location = iis_origin_text(&p->identity_type.from);
}
