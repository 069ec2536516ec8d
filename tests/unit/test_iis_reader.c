/* The IIS configuration reader: recognition by content, line numbers,
 * secrets withheld, the real-world specimen and the IIS 10 schema, and
 * hostile input. Every hostile file sits beside a good SYSTEM hive: it must
 * give a clean error naming the file (and the line where libxml2 gives one)
 * while the HTTP.sys checks still pass. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read/iisconfig.h"
#include "ndes-audit/report.h"
#include "ndes-audit/util.h"
#include "iis_testutil.h"

#define CIPHER "ZMuu/XD2n5+spK1jb6O9pu+sbFURLWup80655l2Oynmp0UqC6qTeOYfJe"

static const struct artifact *art_ending(const struct bundle *b, const char *suffix)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (ascii_casesuffix(b->arts[i].path, suffix))
			return &b->arts[i];
	fail_msg("no artifact ending in %s", suffix);
	return NULL;
}

/* Both report formats of an audit, concatenated. */
static char *render_all(const struct audit *a)
{
	struct report rep = {.head = audit_header(a, "test"),
			     .bundle = &a->bundle, .results = &a->results, .fail_on = SEV_MEDIUM,
			     .exit_code = a->exit_code};
	struct report_style st = {.color = 0, .verbose = 1};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(report_text(f, &rep, &st), 0);
	assert_int_equal(report_json(f, &rep), 0);
	assert_int_equal(iis_dump_facts(f, &a->facts) == 0 || a->facts.iis == NULL, 1);
	fclose(f);
	return buf;
}

/* ------------------------------------------------------------ sniffing */

static void test_sniff_configuration(void **state)
{
	static const char *const yes[] = {
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!--\r\n  x <location path=\"a\"> -->\r\n\r\n<configuration>",
		"\xEF\xBB\xBF<configuration>\r\n",
		"<!DOCTYPE configuration [ <!ENTITY a \"b\"> ]>\n<configuration/>",
		"  \n<?xml version=\"1.0\"?><?foo bar?><configuration\n>",
	};
	static const char *const no[] = {
		"<configurationX>", "<root><configuration>", "configuration", "<?xml version=\"1.0\"?>\n<!-- open",
		"<!-- c --> text <configuration>", "",
	};
	const unsigned char utf16[] = {0xFF, 0xFE, '<', 0, 'c', 0, 'o', 0, 'n', 0, 'f', 0, 'i', 0, 'g', 0,
				       'u', 0, 'r', 0, 'a', 0, 't', 0, 'i', 0, 'o', 0, 'n', 0, '>', 0};
	const char *note;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_int_equal(discover_sniff((const unsigned char *)yes[i], strlen(yes[i]), &note),
				 ART_IIS_CONFIG);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(discover_sniff((const unsigned char *)no[i], strlen(no[i]), &note),
				 ART_UNKNOWN);
	assert_int_equal(discover_sniff(utf16, sizeof(utf16), &note), ART_IIS_CONFIG);
}

static void test_kinds_by_content_not_name(void **state)
{
	struct audit a;
	char *dir = scratch_dir();

	(void)state;
	/* applicationHost.config under another name; a web.config named
	 * applicationHost.config; a .NET file with neither section; XML
	 * whose root is not <configuration>, with a long header comment. */
	iis_copy(dir, HEALTHY_APPHOST, "host-copy.xml");
	iis_put(dir, "Windows/System32/CertSrv/mscep/applicationHost.config",
		"<?xml version=\"1.0\"?>\n<configuration>\n    <system.webServer>\n        <directoryBrowse enabled=\"false\" />\n    </system.webServer>\n</configuration>\n");
	iis_put(dir, "machine.config",
		"<?xml version=\"1.0\"?>\n<configuration>\n    <appSettings />\n</configuration>\n");
	{
		struct strbuf sb;
		size_t i;

		sb_init(&sb);
		sb_add(&sb, "<?xml version=\"1.0\"?>\n<!--\n");
		for (i = 0; i < 200; i++)
			sb_add(&sb, "    a long header comment line that runs past the sniffer's head\n");
		sb_add(&sb, "-->\n<configSchema>\n    <sectionSchema name=\"x\" />\n</configSchema>\n");
		iis_put(dir, "schema.config", sb.s);
		sb_free(&sb);
	}
	iis_audit(&a, dir);
	assert_int_equal(art_ending(&a.bundle, "/host-copy.xml")->kind, ART_IIS_APPHOST);
	assert_int_equal(art_ending(&a.bundle, "/mscep/applicationHost.config")->kind, ART_IIS_WEBCONFIG);
	assert_int_equal(art_ending(&a.bundle, "/mscep/applicationHost.config")->status, ART_OK);
	assert_int_equal(art_ending(&a.bundle, "/machine.config")->status, ART_IGNORED);
	assert_non_null(strstr(art_ending(&a.bundle, "/machine.config")->note,
			       "neither <system.applicationHost> nor <system.webServer>"));
	assert_int_equal(art_ending(&a.bundle, "/schema.config")->status, ART_IGNORED);
	assert_non_null(strstr(art_ending(&a.bundle, "/schema.config")->note, "<configSchema>"));
	assert_int_equal(only_result(&a, "iis.mscep.app")->status, ST_PASS);
	audit_free(&a);
}

static void test_utf16_and_bom_configs_read(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *path = src_path(HEALTHY_APPHOST), *out;
	size_t n, i;
	unsigned char *in = read_all(path, &n), *u16 = xmalloc(2 * n + 2);

	(void)state;
	/* Saved as "Unicode" by an editor: UTF-16LE with a BOM (the XML
	 * declaration's encoding is then wrong, but libxml2 trusts the BOM). */
	u16[0] = 0xFF;
	u16[1] = 0xFE;
	for (i = 0; i < n; i++) {
		u16[2 + 2 * i] = in[i];
		u16[3 + 2 * i] = 0;
	}
	out = xasprintf("%s/applicationHost.config", dir);
	write_file(out, u16, 2 * n + 2);
	iis_audit(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_IIS_APPHOST);
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	assert_true(iis_has_ev(only_result(&a, "iis.request_limits.max_url"), "line 461,", "65534"));
	audit_free(&a);
	free(out);

	dir = scratch_dir();
	out = xasprintf("%s/applicationHost.config", dir);
	memcpy(u16, "\xEF\xBB\xBF", 3);
	memcpy(u16 + 3, in, n);
	write_file(out, u16, n + 3);
	iis_audit(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_IIS_APPHOST);
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
	free(out);
	free(u16);
	free(in);
	free(path);
}

/* ---------------------------------------------------- reading the tree */

static void test_read_healthy_lines_and_comment(void **state)
{
	char *path = src_path(HEALTHY_APPHOST);
	struct iisconf *c = NULL;
	struct nerr e;
	const struct xnode *sites, *site;
	struct iis_model *m;
	size_t i;

	(void)state;
	nerr_clear(&e);
	assert_int_equal(iisconf_read(path, "configuration", &c, &e), 1);
	assert_int_equal(c->kind, IISCONF_APPHOST);
	assert_string_equal(c->root->name, "configuration");
	assert_int_equal(c->root->line, 13);
	sites = xnode_path(c->root, "system.applicationHost/sites");
	assert_non_null(sites);
	site = xnode_child(sites, "site");
	assert_int_equal(site->line, 181);
	assert_string_equal(xnode_value(site, "name"), "Default Web Site");
	assert_ptr_equal(site->parent, sites);
	/* Two sessionKeys: withheld, never stored. */
	assert_int_equal(c->nsecrets, 2);
	m = iis_model_build(c, NULL);
	/* The example <location path="Default Web Site"> in the header comment
	 * is not a location: only the three real ones are. */
	assert_int_equal(m->nlocs, 3);
	for (i = 0; i < m->nlocs; i++)
		assert_string_not_equal(m->locs[i].norm, "Default Web Site");
	assert_int_equal(m->locs[0].line, 419);
	assert_int_equal(m->nsecrets, 2);
	assert_int_equal(m->secrets[0].kind, XSECRET_KEY);
	assert_string_equal(m->secrets[0].element, "configProtectedData/providers/add[AesProvider]");
	assert_int_equal(m->nproviders, 5);
	assert_non_null(iis_decl_find(m, "system.webServer/security/authentication/windowsAuthentication"));
	assert_string_equal(iis_decl_find(m, "system.webServer/security/requestFiltering")->override_mode_default,
			    "Allow");
	iis_model_free(m);
	iisconf_free(c);
	free(path);
}

static void test_secrets_withheld_with_provider(void **state)
{
	char *dir = scratch_dir(), *path = xasprintf("%s/x.config", dir);
	struct iisconf *c = NULL;
	struct nerr e;
	const struct xnode *n;
	const struct xattr *x;

	(void)state;
	iis_put(dir, "x.config",
		"<configuration>\n<system.webServer>\n"
		"<a password=\"[enc:IISWASOnlyCngProvider:" CIPHER ":enc]\" userName=\"u\" />\n"
		"<b password=\"[enc:bad provider!:abc:enc]\" other=\"[enc:AesProvider:zzz:enc]\" />\n"
		"<c password=\"Winter2026!\" sessionKey=\"AQIAAA5mAAAApAAA\" empty=\"\" password2=\"x\" />\n"
		"<d password=\"\" />\n"
		"</system.webServer>\n</configuration>\n");
	nerr_clear(&e);
	assert_int_equal(iisconf_read(path, "configuration", &c, &e), 1);
	assert_int_equal(c->kind, IISCONF_WEBCONFIG);
	n = xnode_path(c->root, "system.webServer/a");
	x = xnode_attr(n, "password");
	assert_int_equal(x->secret, XSECRET_ENCRYPTED);
	assert_null(x->value);
	assert_string_equal(x->provider, "IISWASOnlyCngProvider");
	assert_string_equal(xnode_value(n, "userName"), "u");
	n = xnode_path(c->root, "system.webServer/b");
	assert_string_equal(xnode_attr(n, "password")->provider, "");
	/* Encrypted in any attribute, not only passwords. */
	assert_int_equal(xnode_attr(n, "other")->secret, XSECRET_ENCRYPTED);
	assert_string_equal(xnode_attr(n, "other")->provider, "AesProvider");
	n = xnode_path(c->root, "system.webServer/c");
	assert_int_equal(xnode_attr(n, "password")->secret, XSECRET_CLEARTEXT);
	assert_null(xnode_value(n, "password"));
	assert_int_equal(xnode_attr(n, "sessionKey")->secret, XSECRET_KEY);
	assert_string_equal(xnode_value(n, "password2"), "x");
	assert_string_equal(xnode_value(n, "empty"), "");
	/* An empty password is not a secret: nothing to hide. */
	assert_string_equal(xnode_value(xnode_path(c->root, "system.webServer/d"), "password"), "");
	assert_int_equal(c->nsecrets, 5);
	iisconf_free(c);
	rm_rf(dir);
	free(dir);
	free(path);
}

/* ------------------------------------------------- real-world specimen */

static void test_realworld_shared_config_loads_and_resolves(void **state)
{
	char *path = realworld_path("iis-config/c1982_shared_applicationHost.config");
	struct iisconf *c = NULL;
	struct iis_model *m;
	struct iis_eff eff;
	struct iis_coll coll;
	struct iis_logging lg;
	struct nerr e;
	size_t i;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	nerr_clear(&e);
	assert_int_equal(iisconf_read(path, "configuration", &c, &e), 1);
	assert_int_equal(c->kind, IISCONF_APPHOST);
	m = iis_model_build(c, NULL);
	assert_int_equal(m->nsites, 4);
	assert_int_equal(m->sites[0].id, 1);
	assert_int_equal(m->sites[3].id, 6);
	assert_string_equal(m->sites[1].name, "redisoncloud.com");
	assert_string_equal(m->sites[1].apps[0].pool.value, "redisoncloud.com");
	assert_string_equal(m->sites[0].apps[0].pool.value, "DefaultAppPool"); /* applicationDefaults */
	assert_int_equal(m->sites[0].apps[0].pool.from.line, 234);
	/* Four real locations; the commented example is not one. */
	assert_int_equal(m->nlocs, 4);
	assert_string_equal(m->locs[0].norm, "");
	assert_int_equal(m->locs[0].line, 919);
	for (i = 0; i < m->nlocs; i++)
		assert_string_not_equal(m->locs[i].norm, "Default Web Site");
	assert_null(m->ndes_app);
	assert_int_equal(m->npools, 6);
	/* DefaultAppPool: autoStart from applicationPoolDefaults. */
	assert_string_equal(iis_pool_by_name(m, "defaultapppool")->auto_start.value, "true");
	assert_int_equal(iis_pool_by_name(m, "DefaultAppPool")->auto_start.from.line, 155);
	assert_int_equal(iis_pool_by_name(m, "ikinci.com")->identity_type.from.line, 150);
	assert_int_equal(m->nsecrets, 2); /* two sessionKeys */

	/* Server-level request filtering, schema default for maxUrl. */
	assert_int_equal(iis_resolve(m, "deneme.com/blog/", "system.webServer/security/requestFiltering",
				     "requestLimits", "maxAllowedContentLength", &eff), 1);
	assert_string_equal(eff.v.value, "50000000");
	assert_int_equal(eff.v.from.line, 499);
	assert_null(eff.v.from.location);
	assert_int_equal(iis_resolve(m, "deneme.com", "system.webServer/security/requestFiltering",
				     "requestLimits", "maxUrl", &eff), 1);
	assert_string_equal(eff.v.value, "4096");
	assert_non_null(eff.v.from.def);
	assert_int_equal(iis_resolve(m, "REDISONCLOUD.COM",
				     "system.webServer/security/authentication/anonymousAuthentication", "",
				     "userName", &eff), 1);
	assert_string_equal(eff.v.value, "");
	assert_int_equal(eff.v.from.line, 413);
	assert_int_equal(iis_resolve(m, "no-such-site/x", "system.webServer/security/requestFiltering",
				     "requestLimits", "maxUrl", &eff), 0);

	/* Handlers: added at <location path="">, cleared per site. */
	assert_int_equal(iis_resolve_coll(m, "Default Web Site", "system.webServer/handlers", "", "name",
					  &coll), 1);
	assert_true(coll.n > 40);
	assert_string_equal(coll.items[0].location, "");
	iis_coll_free(&coll);
	/* Each site's location clears them and adds its own 18. */
	assert_int_equal(iis_resolve_coll(m, "ikinci.com/", "system.webServer/handlers", "", "name", &coll), 1);
	assert_int_equal(coll.n, 18);
	assert_int_equal(coll.clear_line, 1042);
	assert_string_equal(xnode_value(coll.items[0].node, "name"), "PHP56");
	assert_string_equal(coll.items[0].location, "ikinci.com");
	iis_coll_free(&coll);

	/* Logging: the sites' own logFile lacks Win32Status. */
	iis_site_logging(m, &m->sites[1], &lg);
	assert_false(iis_has_flag(lg.flags.value, "Win32Status"));
	assert_true(iis_has_flag(lg.flags.value, "HttpSubStatus"));
	assert_int_equal(lg.flags.from.line, 206);
	iis_site_logging(m, &m->sites[0], &lg);
	assert_true(iis_has_flag(lg.flags.value, "Win32Status"));
	assert_int_equal(lg.flags.from.line, 231); /* siteDefaults */
	iis_model_free(m);
	iisconf_free(c);
	free(path);
}

static void test_realworld_shared_config_audits(void **state)
{
	char *path = realworld_path("iis-config/c1982_shared_applicationHost.config");
	struct audit a;
	char *out;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	audit_one(&a, path);
	assert_int_equal(a.bundle.arts[0].kind, ART_IIS_APPHOST);
	assert_int_equal(only_result(&a, "iis.mscep.app")->status, ST_FAIL);
	assert_non_null(strstr(only_result(&a, "iis.mscep.app")->message, "4 sites defined"));
	assert_int_equal(only_result(&a, "iis.default_site")->status, ST_PASS);
	out = render_all(&a);
	/* The providers' session keys are never printed. */
	assert_null(strstr(out, "AQIAAA5mAAAApAAA"));
	assert_non_null(strstr(out, "sessionKey (protected key material; not shown)"));
	free(out);
	audit_free(&a);
	free(path);
}

/* The IIS 10 schema file agrees with the defaults table, value and line. */
static const struct xnode *schema_step(const struct xnode *n, const char *seg)
{
	size_t i;

	for (i = 0; i < n->nkids; i++) {
		const struct xnode *k = n->kids[i];

		if (strcmp(k->name, "element") == 0 && xnode_value(k, "name") != NULL &&
		    strcmp(xnode_value(k, "name"), seg) == 0)
			return k;
		if (strcmp(k->name, "collection") == 0 && xnode_value(k, "addElement") != NULL &&
		    strcmp(xnode_value(k, "addElement"), seg) == 0)
			return k;
	}
	return NULL;
}

static void test_schema_defaults_match_iis10_schema(void **state)
{
	char *path = realworld_path("iis-schema/iis10_IIS_schema.xml");
	struct iisconf *c = NULL;
	struct nerr e;
	size_t i, j;

	(void)state;
	if (path == NULL) {
		skip();
		return;
	}
	nerr_clear(&e);
	assert_int_equal(iisconf_read(path, "configSchema", &c, &e), 1);
	for (i = 0; i < iis_schema_ndefaults; i++) {
		const struct iis_default *d = &iis_schema_defaults[i];
		const struct xnode *n = NULL, *attr = NULL;
		const struct xattr *dv;
		char seg[128];
		const char *p;

		for (j = 0; j < c->root->nkids && n == NULL; j++)
			if (strcmp(c->root->kids[j]->name, "sectionSchema") == 0 &&
			    strcmp(xnode_value(c->root->kids[j], "name"), d->section) == 0)
				n = c->root->kids[j];
		if (n == NULL)
			fail_msg("no sectionSchema %s", d->section);
		for (p = d->element; n != NULL && *p != '\0';) {
			size_t len = strcspn(p, "/");

			snprintf(seg, sizeof(seg), "%.*s", (int)len, p);
			n = schema_step(n, seg);
			p += len + (p[len] == '/');
		}
		if (n == NULL)
			fail_msg("%s: no element %s", d->section, d->element);
		for (j = 0; j < n->nkids && attr == NULL; j++)
			if (strcmp(n->kids[j]->name, "attribute") == 0 &&
			    strcmp(xnode_value(n->kids[j], "name"), d->attr) == 0)
				attr = n->kids[j];
		if (attr == NULL)
			fail_msg("%s/%s: no attribute %s", d->section, d->element, d->attr);
		dv = xnode_attr(attr, "defaultValue");
		assert_non_null(dv);
		if (dv->secret == XSECRET_ENCRYPTED) {
			char *prov = NULL;

			assert_true(iis_enc_value(d->value, &prov));
			assert_string_equal(prov, dv->provider);
			free(prov);
		} else {
			assert_string_equal(dv->value, d->value);
		}
		if (attr->line != d->schema_line)
			fail_msg("%s %s@%s: schema line %ld, table says %d", d->section, d->element,
				 d->attr, attr->line, d->schema_line);
	}
	iisconf_free(c);
	free(path);
}

/* ------------------------------------------------------------- hostile */

/* A bundle: the hostile applicationHost.config beside a good SYSTEM hive. */
static char *hostile_dir(const void *data, size_t n, char **file)
{
	char *dir = scratch_dir();

	iis_copy(dir, "samples/healthy/registry/SYSTEM.hiv", "registry/SYSTEM.hiv");
	*file = xasprintf("%s/inetsrv/config/applicationHost.config", dir);
	iis_put(dir, "inetsrv/config/.keep", "");
	write_file(*file, data, n);
	return dir;
}

/* The clean-error contract for one hostile file. */
static void expect_clean_error(const char *dir, const char *file, const char *want1,
			       const char *want2)
{
	struct audit a;
	size_t i, iis = 0;
	const struct artifact *art;
	char *out;

	audit_one(&a, dir);
	art = art_ending(&a.bundle, "/applicationHost.config");
	assert_int_equal(art->status, ART_ERROR);
	assert_non_null(strstr(art->error, file));
	if (strstr(art->error, want1) == NULL || (want2 != NULL && strstr(art->error, want2) == NULL))
		fail_msg("error \"%s\" lacks \"%s\" / \"%s\"", art->error, want1, want2 ? want2 : "");
	for (i = 0; i < a.results.n; i++) {
		const struct result *r = a.results.v[i];

		if (strncmp(r->check->id, "iis.", 4) != 0)
			continue;
		assert_int_equal(r->status, ST_ERROR);
		assert_non_null(strstr(r->message, file));
		iis++;
	}
	assert_int_equal(iis, 13); /* iis.features included: no other source */
	/* The other areas still run. */
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(only_result(&a, "httpsys.max_request_bytes")->status, ST_PASS);
	assert_int_equal(a.exit_code, 3);
	out = render_all(&a);
	assert_non_null(strstr(out, file));
	free(out);
	audit_free(&a);
}

static void hostile_text(const char *text, const char *want1, const char *want2)
{
	char *file, *dir = hostile_dir(text, strlen(text), &file);

	expect_clean_error(dir, file, want1, want2);
	rm_rf(dir);
	free(dir);
	free(file);
}

static void test_hostile_xxe_etc_passwd_never_read(void **state)
{
	const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
			  "<!DOCTYPE configuration [\r\n"
			  "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\r\n"
			  "]>\r\n<configuration>\r\n<system.applicationHost><sites>"
			  "<site name=\"&xxe;\" id=\"1\"/></sites></system.applicationHost>\r\n"
			  "<system.webServer><x>&xxe;</x></system.webServer>\r\n</configuration>\r\n";
	char *file, *dir = hostile_dir(xml, strlen(xml), &file), *out;
	struct audit a;
	size_t n = 0;
	char *passwd = NULL;
	FILE *pf;

	(void)state;
	expect_clean_error(dir, file, "line 3", "declares entities");
	/* No byte of /etc/passwd's first line anywhere in any output. */
	pf = fopen("/etc/passwd", "r");
	if (pf != NULL) {
		char line[256];

		if (fgets(line, sizeof(line), pf) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			passwd = xstrdup(line);
		}
		fclose(pf);
	}
	audit_one(&a, dir);
	out = render_all(&a);
	assert_null(strstr(out, "root:"));
	if (passwd != NULL && *passwd != '\0')
		assert_null(strstr(out, passwd));
	n = strlen(out);
	assert_true(n > 0);
	free(out);
	audit_free(&a);
	free(passwd);
	rm_rf(dir);
	free(dir);
	free(file);
}

static void on_alarm(int sig)
{
	(void)sig;
	/* The reader opened the FIFO and blocked: it tried to read it. */
	_exit(99);
}

static void test_hostile_external_entity_never_opened(void **state)
{
	char *dir = scratch_dir(), *fifo = xasprintf("%s/fifo", dir), *xml, *file;
	char *bundle;

	(void)state;
	/* Opening a FIFO for reading blocks until a writer comes: a reader
	 * that tried to fetch these entities would hang here. */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	xml = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n"
			"<!ENTITY %% p SYSTEM \"file://%s\">\n%%p;\n<!ENTITY x SYSTEM \"%s\">\n]>\n"
			"<configuration><system.webServer><a b=\"&x;\">&x;</a></system.webServer></configuration>\n",
			fifo, fifo);
	bundle = hostile_dir(xml, strlen(xml), &file);
	signal(SIGALRM, on_alarm);
	alarm(30);
	expect_clean_error(bundle, file, "line 3", "declares entities");
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	free(xml);
	/* An external DTD is refused the same way, and never fetched. */
	xml = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration SYSTEM \"file://%s\">\n"
			"<configuration/>\n", fifo);
	free(file);
	rm_rf(bundle);
	free(bundle);
	bundle = hostile_dir(xml, strlen(xml), &file);
	signal(SIGALRM, on_alarm);
	alarm(30);
	expect_clean_error(bundle, file, "line 2", "external DTD");
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	rm_rf(bundle);
	rm_rf(dir);
	free(bundle);
	free(dir);
	free(fifo);
	free(xml);
	free(file);
}

static void test_hostile_billion_laughs(void **state)
{
	struct strbuf sb;
	int i, j;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n <!ENTITY lol0 \"lol\">\n");
	for (i = 1; i <= 9; i++) {
		sb_printf(&sb, " <!ENTITY lol%d \"", i);
		for (j = 0; j < 10; j++)
			sb_printf(&sb, "&lol%d;", i - 1);
		sb_add(&sb, "\">\n");
	}
	sb_add(&sb, "]>\n<configuration><system.webServer><a b=\"&lol9;\">&lol9;</a></system.webServer>"
		    "</configuration>\n");
	signal(SIGALRM, on_alarm);
	alarm(30);
	hostile_text(sb.s, "line 3", "declares entities");
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	sb_free(&sb);
}

static void test_hostile_50_mib_file(void **state)
{
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n"
			   "    <system.webServer>\r\n        <staticContent>\r\n";
	const char *line = "            <mimeMap fileExtension=\".x\" mimeType=\"application/octet-stream\" />\r\n";
	const char *tail = "        </staticContent>\r\n    </system.webServer>\r\n</configuration>\r\n";
	char *file, *dir = hostile_dir(head, strlen(head), &file);
	size_t total = strlen(head), want = 50u * 1024u * 1024u;
	FILE *f;

	(void)state;
	/* A well-formed 50 MiB configuration, written in pieces. */
	f = fopen(file, "ab");
	assert_non_null(f);
	while (total + strlen(line) + strlen(tail) <= want) {
		assert_int_equal(fputs(line, f) >= 0, 1);
		total += strlen(line);
	}
	for (; total + strlen(tail) < want; total++)
		fputc(' ', f);
	fputs(tail, f);
	assert_int_equal(fclose(f), 0);
	expect_clean_error(dir, file, "52428800 bytes", "32 MiB limit");
	rm_rf(dir);
	free(dir);
	free(file);
}

static void test_hostile_deep_nesting(void **state)
{
	struct strbuf sb;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "<?xml version=\"1.0\"?>\r\n<configuration>\r\n<system.webServer>\r\n");
	for (i = 0; i < 10000; i++)
		sb_add(&sb, "<a>");
	for (i = 0; i < 10000; i++)
		sb_add(&sb, "</a>");
	sb_add(&sb, "\r\n</system.webServer>\r\n</configuration>\r\n");
	hostile_text(sb.s, "line 4", "nested deeper than 64 levels");
	sb_free(&sb);
}

static void test_hostile_too_many_elements(void **state)
{
	struct strbuf sb;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "<configuration>\n<system.webServer>\n");
	for (i = 0; i < IISCONF_MAX_ELEMENTS + 1; i++)
		sb_add(&sb, "<a/>\n");
	sb_add(&sb, "</system.webServer>\n</configuration>\n");
	hostile_text(sb.s, "more than 200000 elements", NULL);
	sb_free(&sb);
}

/* One element with n attributes in the healthy config's <sites>. */
static char *with_wide_element(int n, const char *before, const char *inside)
{
	struct strbuf sb;
	const char *edits[3];
	char *text;
	int i;

	sb_init(&sb);
	sb_printf(&sb, "%s<sites>\n<wide %s", before, inside);
	for (i = 0; i < n; i++)
		sb_printf(&sb, " a%d=\"%d\"", i, i);
	sb_add(&sb, " />");
	edits[0] = "<sites>\n";
	edits[1] = sb.s;
	edits[2] = NULL;
	text = iis_text(edits);
	sb_free(&sb);
	return text;
}

/* libxml2 2.9 is quadratic in the attributes of one start tag (200,000 ran
 * past 60 s); the byte scan refuses the tag before libxml2 sees it. */
static void test_hostile_200000_attributes_one_element(void **state)
{
	struct strbuf sb;
	int i;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n"
		    "<system.webServer>\r\n<handlers\r\n");
	for (i = 0; i < 200000; i++)
		sb_printf(&sb, " a%d=\"\"", i);
	sb_add(&sb, " />\r\n</system.webServer>\r\n</configuration>\r\n");
	hostile_text(sb.s, "line 4: an element with more than 256 attributes", NULL);
	sb_free(&sb);
}

/* The same limit in UTF-16 (the scan reads what libxml2 decodes), and an
 * encoding the scan cannot follow is refused rather than passed. */
static void test_hostile_wide_element_utf16_and_foreign_encoding(void **state)
{
	char *text = with_wide_element(IISCONF_MAX_ELEMENT_ATTRS + 1, "", "");
	size_t n = strlen(text), i;
	unsigned char *u16 = xmalloc(4 * n + 2);
	char *file, *dir;

	(void)state;
	u16[0] = 0xFE;
	u16[1] = 0xFF;
	for (i = 0; i < n; i++) {
		u16[2 + 2 * i] = 0;
		u16[3 + 2 * i] = (unsigned char)text[i];
	}
	dir = hostile_dir(u16, 2 * n + 2, &file);
	expect_clean_error(dir, file, "more than 256 attributes", NULL);
	rm_rf(dir);
	free(dir);
	free(file);
	free(u16);
	free(text);
	hostile_text("<?xml version=\"1.0\" encoding=\"UTF-7\"?>\r\n<configuration/>\r\n",
		     "line 1", "names the encoding \"UTF-7\"");
	hostile_text("<?xml version=\"1.0\"?>\r\n<!DOCTYPE configuration [\r\n"
		     "<!ATTLIST site a0 CDATA \"x\" a1 CDATA \"y\">\r\n]>\r\n<configuration/>\r\n",
		     "line 3", "declares attributes (<!ATTLIST site");
}

/* At the limit the file reads; quotes and '>' inside comments, CDATA,
 * processing instructions, the DOCTYPE and attribute values are not
 * counted as attributes nor end the tag. */
static void test_wide_element_at_limit_and_markup_not_counted(void **state)
{
	struct strbuf noise;
	char *text, *dir;
	struct audit a;
	int i;

	(void)state;
	sb_init(&noise);
	sb_add(&noise, "<!-- ");
	for (i = 0; i < 300; i++)
		sb_add(&noise, " x=\"1\" '>' ");
	sb_add(&noise, " -->\n<?pi ");
	for (i = 0; i < 300; i++)
		sb_add(&noise, "\"'>");
	sb_add(&noise, " ?>\n");
	text = with_wide_element(IISCONF_MAX_ELEMENT_ATTRS - 1, noise.s, "v=\"a > b 'c' \"");
	sb_free(&noise);
	dir = scratch_dir();
	iis_put(dir, APPHOST_REL, text);
	iis_audit(&a, dir);
	assert_int_equal(a.bundle.arts[0].status, ART_OK);
	assert_int_equal(a.bundle.arts[0].kind, ART_IIS_APPHOST);
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
	free(text);

	/* One more attribute on that element is one too many. */
	text = with_wide_element(IISCONF_MAX_ELEMENT_ATTRS, "", "v=\"a > b\"");
	dir = hostile_dir(text, strlen(text), &noise.s);
	expect_clean_error(dir, noise.s, "more than 256 attributes", NULL);
	rm_rf(dir);
	free(dir);
	free(noise.s);
	free(text);

	/* A DOCTYPE whose internal subset holds a comment and a processing
	 * instruction with quotes and '>', and a CDATA section with quoted
	 * text, do not throw the count off either. */
	for (i = IISCONF_MAX_ELEMENT_ATTRS; i <= IISCONF_MAX_ELEMENT_ATTRS + 1; i++) {
		struct strbuf sb;
		int j;

		sb_init(&sb);
		sb_add(&sb, "<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n"
			    "<!-- it's > here --><?pi \" > ?><!ELEMENT configuration ANY>\n]>\n"
			    "<configuration><x><![CDATA[ <y a=\"1\" b='2'> ]] ]]></x>\n"
			    "<system.applicationHost><w");
		for (j = 0; j < i; j++)
			sb_printf(&sb, " a%d='%d'", j, j);
		sb_add(&sb, "/></system.applicationHost></configuration>\n");
		dir = hostile_dir(sb.s, sb.len, &noise.s);
		if (i > IISCONF_MAX_ELEMENT_ATTRS) {
			expect_clean_error(dir, noise.s, "line 6: an element with more than 256", NULL);
		} else {
			audit_one(&a, dir);
			assert_int_equal(art_ending(&a.bundle, "/applicationHost.config")->status,
					 ART_OK);
			audit_free(&a);
		}
		rm_rf(dir);
		free(dir);
		free(noise.s);
		sb_free(&sb);
	}
}

static void test_hostile_invalid_utf8(void **state)
{
	(void)state;
	hostile_text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n"
		     "<system.applicationHost><sites><site name=\"Default Web \xC3\x28Site\" id=\"1\"/></sites>"
		     "</system.applicationHost>\r\n</configuration>\r\n",
		     "line 3", "UTF-8");
}

static void test_hostile_truncated(void **state)
{
	char *path = src_path(HEALTHY_APPHOST), *file, *dir;
	size_t n;
	char *data = read_all(path, &n);

	(void)state;
	/* Cut in the middle of the <sites> element (line 184). */
	dir = hostile_dir(data, 11000, &file);
	assert_non_null(strstr(data, "<sites>"));
	expect_clean_error(dir, file, "line ", "Premature end of data");
	rm_rf(dir);
	free(dir);
	free(file);
	free(data);
	free(path);
}

static void test_hostile_no_sites(void **state)
{
	const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<configuration>\r\n"
			  "    <system.applicationHost>\r\n        <applicationPools>\r\n"
			  "            <add name=\"SCEP\" />\r\n        </applicationPools>\r\n"
			  "    </system.applicationHost>\r\n</configuration>\r\n";
	char *file, *dir = hostile_dir(xml, strlen(xml), &file);
	struct audit a;
	const struct result *r;
	size_t i;

	(void)state;
	/* Well-formed, so not a read error: a clean fail that names the file. */
	audit_one(&a, dir);
	r = only_result(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, file));
	assert_non_null(strstr(r->message, "0 sites defined"));
	assert_true(iis_has_ev(r, "system.applicationHost/sites", "(no sites)"));
	assert_int_equal(only_result(&a, "iis.default_site")->status, ST_FAIL);
	for (i = 0; i < a.results.n; i++)
		assert_true(a.results.v[i]->status != ST_ERROR);
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_configuration),
		cmocka_unit_test(test_kinds_by_content_not_name),
		cmocka_unit_test(test_utf16_and_bom_configs_read),
		cmocka_unit_test(test_read_healthy_lines_and_comment),
		cmocka_unit_test(test_secrets_withheld_with_provider),
		cmocka_unit_test(test_realworld_shared_config_loads_and_resolves),
		cmocka_unit_test(test_realworld_shared_config_audits),
		cmocka_unit_test(test_schema_defaults_match_iis10_schema),
		cmocka_unit_test(test_hostile_xxe_etc_passwd_never_read),
		cmocka_unit_test(test_hostile_external_entity_never_opened),
		cmocka_unit_test(test_hostile_billion_laughs),
		cmocka_unit_test(test_hostile_50_mib_file),
		cmocka_unit_test(test_hostile_deep_nesting),
		cmocka_unit_test(test_hostile_too_many_elements),
		cmocka_unit_test(test_hostile_200000_attributes_one_element),
		cmocka_unit_test(test_hostile_wide_element_utf16_and_foreign_encoding),
		cmocka_unit_test(test_wide_element_at_limit_and_markup_not_counted),
		cmocka_unit_test(test_hostile_invalid_utf8),
		cmocka_unit_test(test_hostile_truncated),
		cmocka_unit_test(test_hostile_no_sites),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
