/* The effective-value resolver: inheritance at every level, locks and
 * delegation, collections, case and trailing slashes, commented and empty
 * locations, inheritInChildApplications, web.config placement, and the
 * --dump-facts printer. Configurations are the healthy sample with exact
 * edits, written as IIS writes them. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "iis_testutil.h"

#define RF "system.webServer/security/requestFiltering"
#define ANON "system.webServer/security/authentication/anonymousAuthentication"
#define WIN "system.webServer/security/authentication/windowsAuthentication"
#define NDES "Default Web Site/CertSrv/mscep"
#define END "\n</configuration>\n"
#define MSCEP_WEBCONFIG "Windows/System32/CertSrv/mscep/web.config"
#define MSCEP_LIMITS "<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" />"
#define MSCEP_APP "                <application path=\"/CertSrv/mscep\" applicationPool=\"SCEP\">\n"
#define CRP_APP                                                                         \
	"                <application path=\"/CertificateRegistrationSvc\" applicationPool=\"SCEP\">\n" \
	"                    <virtualDirectory path=\"/\" physicalPath=\"C:\\Program Files\\Microsoft Intune\\NDESConnectorSvc\\CertificateRegistrationSvc\" />\n" \
	"                </application>\n"
#define LOC(path, attrs, body)                                                        \
	"    <location path=\"" path "\"" attrs ">\n        <system.webServer>\n            <security>\n" body \
	"            </security>\n        </system.webServer>\n    </location>\n"
#define LIMIT(n) "                <requestFiltering>\n                    <requestLimits maxAllowedContentLength=\"" n "\" />\n                </requestFiltering>\n"
#define WEBCONFIG(body)                                                         \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n    <system.webServer>\n        <security>\n" body \
	"        </security>\n    </system.webServer>\n</configuration>\n"

static const char *const no_edits[] = {NULL};

/* The effective value at url, or fail. */
static const char *val(const struct audit *a, const char *url, const char *section,
		       const char *element, const char *attr, struct iis_eff *eff)
{
	assert_non_null(a->facts.iis);
	assert_int_equal(iis_resolve(a->facts.iis, url, section, element, attr, eff), 1);
	return eff->v.value;
}

static void test_inheritance_at_every_level(void **state)
{
	struct audit a;
	struct iis_eff eff;
	char *dir;
	/* Locations written shallow-last: order in the file does not matter,
	 * depth does. */
	const char *edits[] = {
		"            <requestFiltering>\n",
		"            <requestFiltering>\n                <requestLimits maxAllowedContentLength=\"1000\" />\n",
		MSCEP_LIMITS, "<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" maxAllowedContentLength=\"5000\" />",
		END,
		"\n" LOC("Default Web Site/CertSrv/mscep/sub", "", LIMIT("6000"))
		LOC("Default Web Site/CertSrv", "", LIMIT("4000"))
		LOC("Default Web Site", "", LIMIT("3000"))
		LOC("", "", LIMIT("2000")) "</configuration>\n",
		NULL};

	(void)state;
	dir = iis_stage(edits);
	iis_audit(&a, dir);
	assert_int_equal(iis_resolve(a.facts.iis, "Other Site/x", RF, "requestLimits", "maxUrl", &eff), 0);
	/* Site root: the site's location (3000) over <location path=""> (2000)
	 * over the server level (1000). */
	assert_string_equal(val(&a, "Default Web Site", RF, "requestLimits", "maxAllowedContentLength", &eff), "3000");
	assert_string_equal(eff.v.from.location, "Default Web Site");
	assert_string_equal(val(&a, "Default Web Site/CertSrv", RF, "requestLimits", "maxAllowedContentLength", &eff), "4000");
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxAllowedContentLength", &eff), "5000");
	assert_string_equal(eff.v.from.location, NDES);
	assert_int_equal(eff.v.from.line, 462);
	/* A deeper location does not reach up. */
	assert_string_equal(val(&a, NDES "/sub/mscep.dll", RF, "requestLimits", "maxAllowedContentLength", &eff), "6000");
	/* maxUrl comes from the application's location, maxQueryString too;
	 * allowDoubleEscaping from the same location; others from the schema. */
	assert_string_equal(val(&a, NDES "/sub", RF, "requestLimits", "maxUrl", &eff), "65534");
	/* An attribute nobody sets and the schema table lacks: not set. */
	assert_null(val(&a, NDES, RF, "", "allowUnlisted", &eff));
	assert_null(eff.v.from.def);
	assert_null(eff.v.from.artifact);
	audit_free(&a);

	/* Without any location: the server level, then the schema. */
	{
		const char *e2[] = {"            <requestFiltering>\n",
				    "            <requestFiltering>\n                <requestLimits maxAllowedContentLength=\"1000\" />\n",
				    NULL};

		iis_audit_edits(&a, e2);
		assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxAllowedContentLength", &eff), "1000");
		assert_null(eff.v.from.location);
		assert_string_equal(val(&a, "Default Web Site", RF, "requestLimits", "maxQueryString", &eff), "2048");
		assert_int_equal(eff.v.from.def->schema_line, 1323);
		audit_free(&a);
	}
}

static void test_webconfig_applies_after_applicationhost(void **state)
{
	struct audit a;
	struct iis_eff eff;
	char *dir = iis_stage(no_edits);

	(void)state;
	iis_put(dir, MSCEP_WEBCONFIG,
		WEBCONFIG("            <requestFiltering allowDoubleEscaping=\"false\">\n"
			  "                <requestLimits maxQueryString=\"4000\" />\n"
			  "            </requestFiltering>\n"));
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxQueryString", &eff), "4000");
	assert_non_null(strstr(eff.v.from.artifact, MSCEP_WEBCONFIG));
	assert_int_equal(eff.v.from.line, 6);
	assert_null(eff.v.from.location);
	assert_string_equal(eff.problem, "");
	/* The same folder serves /CertSrv/mscep_admin: its web.config too. */
	assert_string_equal(val(&a, "Default Web Site/CertSrv/mscep_admin", RF, "", "allowDoubleEscaping", &eff), "false");
	/* Not the site root: the web.config sits in the application's folder. */
	assert_string_equal(val(&a, "Default Web Site", RF, "", "allowDoubleEscaping", &eff), "false");
	assert_non_null(eff.v.from.def);
	assert_int_equal(only_result(&a, "iis.request_limits.max_query_string")->status, ST_FAIL);
	audit_free(&a);
}

static void test_site_root_webconfig_sits_at_site_depth(void **state)
{
	struct audit a;
	struct iis_eff eff;
	const char *edits[] = {END,
			       "\n" LOC("Default Web Site/CertSrv", "",
					"                <requestFiltering>\n                    <requestLimits maxUrl=\"5000\" />\n                </requestFiltering>\n")
			       "</configuration>\n",
			       NULL};
	char *dir = iis_stage(edits);

	(void)state;
	/* The site root's web.config is at the site's level: a deeper
	 * location in applicationHost.config still overrides it, and its own
	 * <location path="CertSrv/x"> is relative to the site. */
	iis_put(dir, "inetpub/wwwroot/web.config",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n    <system.webServer>\n"
		"        <security>\n            <requestFiltering>\n"
		"                <requestLimits maxUrl=\"3000\" maxAllowedContentLength=\"7\" />\n"
		"            </requestFiltering>\n        </security>\n    </system.webServer>\n"
		"    <location path=\"CertSrv/x\">\n        <system.webServer>\n            <security>\n"
		"                <requestFiltering>\n                    <requestLimits maxUrl=\"9000\" />\n"
		"                </requestFiltering>\n            </security>\n        </system.webServer>\n"
		"    </location>\n</configuration>\n");
	iis_audit(&a, dir);
	assert_string_equal(val(&a, "Default Web Site", RF, "requestLimits", "maxUrl", &eff), "3000");
	assert_non_null(strstr(eff.v.from.artifact, "inetpub/wwwroot/web.config"));
	assert_string_equal(val(&a, "Default Web Site/CertSrv", RF, "requestLimits", "maxUrl", &eff), "5000");
	assert_string_equal(val(&a, "Default Web Site/CertSrv/x/y", RF, "requestLimits", "maxUrl", &eff), "9000");
	assert_string_equal(eff.v.from.location, "CertSrv/x");
	/* It reaches the NDES application, below the application's location. */
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxAllowedContentLength", &eff), "7");
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "65534");
	audit_free(&a);
}

static void test_case_and_trailing_slash(void **state)
{
	struct audit a;
	struct iis_eff eff;
	const char *edits[] = {"<location path=\"Default Web Site/CertSrv/mscep\">",
			       "<location path=\"default web site/CERTSRV/Mscep/\">", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_string_equal(val(&a, "DEFAULT WEB SITE/certsrv/MSCEP/", RF, "requestLimits", "maxUrl", &eff), "65534");
	assert_string_equal(eff.v.from.location, "default web site/CERTSRV/Mscep/");
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	assert_true(iis_path_covers("Default Web Site", "default web site/certsrv"));
	assert_true(iis_path_covers("", "anything"));
	assert_false(iis_path_covers("Default Web Site/CertSrv/msc", "Default Web Site/CertSrv/mscep"));
	assert_false(iis_path_covers("Default Web Site/CertSrv/mscep", "Default Web Site/CertSrv/mscep_admin"));
	{
		char *n = iis_path_norm("  Default Web Site/CertSrv/mscep// ");

		assert_string_equal(n, "Default Web Site/CertSrv/mscep");
		free(n);
		n = iis_path_norm(".");
		assert_string_equal(n, "");
		free(n);
	}
	audit_free(&a);
}

static void test_prefix_is_by_segment(void **state)
{
	struct audit a;
	struct iis_eff eff;
	/* The admin application's 65536 must not leak into mscep, nor a
	 * location named by a string prefix. */
	const char *edits[] = {MSCEP_LIMITS, "", END,
			       "\n" LOC("Default Web Site/CertSrv/msc", "",
					"                <requestFiltering>\n                    <requestLimits maxUrl=\"65534\" />\n                </requestFiltering>\n")
			       "</configuration>\n",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxQueryString", &eff), "2048");
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "4096");
	assert_string_equal(val(&a, "Default Web Site/CertSrv/mscep_admin", RF, "requestLimits", "maxQueryString", &eff),
			    "65536");
	audit_free(&a);
}

static void test_commented_and_empty_locations(void **state)
{
	struct audit a;
	struct iis_eff eff;
	size_t i;
	/* Empty blocks, as IIS Manager leaves behind, later in the file at
	 * the same depth: they set nothing. */
	const char *edits[] = {END,
			       "\n    <location path=\"Default Web Site\">\n    </location>\n"
			       "    <location path=\"Default Web Site/CertSrv/mscep\">\n        <system.webServer>\n"
			       "        </system.webServer>\n    </location>\n    <location path=\"Default Web Site/CertSrv/mscep\" />\n"
			       "</configuration>\n",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(a.facts.iis->nlocs, 6);
	/* The example <location path="Default Web Site" overrideMode="Allow">
	 * in the header comment (line 35) is not one of them. */
	for (i = 0; i < a.facts.iis->nlocs; i++)
		assert_true(a.facts.iis->locs[i].line > 400);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "65534");
	assert_int_equal(eff.v.from.line, 461);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "true");
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
}

static void test_location_dot_is_server_level(void **state)
{
	struct audit a;
	struct iis_eff eff;
	const char *edits[] = {END,
			       "\n" LOC(".", "", "                <authentication>\n                    <basicAuthentication enabled=\"true\" />\n                </authentication>\n")
			       "</configuration>\n",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_string_equal(val(&a, "Default Web Site", "system.webServer/security/authentication/basicAuthentication", "",
				"enabled", &eff), "true");
	assert_string_equal(eff.v.from.location, ".");
	/* The application's own location still wins. */
	assert_string_equal(val(&a, NDES, "system.webServer/security/authentication/basicAuthentication", "", "enabled",
				&eff), "false");
	audit_free(&a);
}

static void test_inherit_in_child_applications_false(void **state)
{
	struct audit a;
	struct iis_eff eff;
	const char *edits[] = {MSCEP_APP, CRP_APP MSCEP_APP, END,
			       "\n" LOC("Default Web Site", " inheritInChildApplications=\"false\"",
					"                <authentication>\n                    <windowsAuthentication enabled=\"true\" />\n                </authentication>\n")
			       "</configuration>\n",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	/* The site's root application and its plain folders get it ... */
	assert_string_equal(val(&a, "Default Web Site", WIN, "", "enabled", &eff), "true");
	assert_string_equal(val(&a, "Default Web Site/CertSrv", WIN, "", "enabled", &eff), "true");
	/* ... a child application does not: the server level applies. */
	assert_string_equal(val(&a, "Default Web Site/CertificateRegistrationSvc", WIN, "", "enabled", &eff), "false");
	assert_null(eff.v.from.location);
	assert_int_equal(only_result(&a, "iis.crp.anonymous_only")->status, ST_PASS);
	audit_free(&a);
}

static void test_lock_and_unlock(void **state)
{
	struct audit a;
	struct iis_eff eff;
	char *dir;
	const char *wc = WEBCONFIG("            <authentication>\n                <anonymousAuthentication enabled=\"false\" />\n"
				   "            </authentication>\n");
	const char *unlock[] = {"<location path=\"Default Web Site/CertSrv/mscep\">",
				"<location path=\"Default Web Site/CertSrv/mscep\" overrideMode=\"Allow\">", NULL};
	const char *legacy[] = {"<location path=\"Default Web Site/CertSrv/mscep\">",
				"<location path=\"Default Web Site/CertSrv/mscep\" allowOverride=\"true\">", NULL};
	const char *inherit[] = {"<location path=\"Default Web Site/CertSrv/mscep\">",
				 "<location path=\"Default Web Site/CertSrv/mscep\" overrideMode=\"Inherit\">", NULL};
	const char *declared[] = {"<section name=\"anonymousAuthentication\" overrideModeDefault=\"Deny\" />",
				  "<section name=\"anonymousAuthentication\" overrideModeDefault=\"Allow\" />", NULL};

	(void)state;
	/* Locked by its declaration: the web.config is refused. */
	dir = iis_stage(no_edits);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "true");
	assert_non_null(strstr(eff.problem, "overrideModeDefault=\"Deny\" in its declaration"));
	assert_non_null(strstr(eff.problem, "line 77"));
	assert_int_equal(eff.unreadable, 0);
	audit_free(&a);

	/* Unlocked for the application by a location: the web.config wins. */
	dir = iis_stage(unlock);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "false");
	assert_string_equal(eff.problem, "");
	assert_int_equal(only_result(&a, "iis.mscep.anonymous")->status, ST_FAIL);
	assert_int_equal(only_result(&a, "iis.mscep.app")->status, ST_PASS);
	audit_free(&a);

	dir = iis_stage(legacy);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "false");
	audit_free(&a);

	/* Inherit keeps the parent's mode: still locked. */
	dir = iis_stage(inherit);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "true");
	assert_non_null(strstr(eff.problem, "500.19"));
	audit_free(&a);

	/* Declared Allow: delegated everywhere. */
	dir = iis_stage(declared);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, ANON, "", "enabled", &eff), "false");
	audit_free(&a);
}

static void test_lock_delegated_section_and_relock(void **state)
{
	struct audit a;
	struct iis_eff eff;
	char *dir;
	const char *wc = WEBCONFIG("            <requestFiltering>\n                <requestLimits maxUrl=\"100\" />\n"
				   "            </requestFiltering>\n");
	const char *deny_site[] = {END,
				   "\n" LOC("Default Web Site", " allowOverride=\"false\"",
					    "                <requestFiltering />\n")
				   "</configuration>\n",
				   NULL};
	const char *deny_then_allow[] = {"<location path=\"Default Web Site/CertSrv/mscep\">",
					 "<location path=\"Default Web Site/CertSrv/mscep\" overrideMode=\"Allow\">", END,
					 "\n" LOC("Default Web Site", " overrideMode=\"Deny\"", "                <requestFiltering />\n")
					 "</configuration>\n",
					 NULL};

	(void)state;
	dir = iis_stage(deny_site);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "65534");
	assert_non_null(strstr(eff.problem, "allowOverride=\"false\" on <location path=\"Default Web Site\">"));
	audit_free(&a);

	/* Locked at the site, unlocked again deeper, at the application. */
	dir = iis_stage(deny_then_allow);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "100");
	assert_string_equal(eff.problem, "");
	audit_free(&a);
}

/* Attribute and element locks: an attribute locked at a shallower level
 * (lockAttributes, lockAllAttributesExcept, lockElements on the way) may
 * not be set deeper; IIS answers 500.19 and the locked value stays. An
 * attribute the lock leaves free is still set. */
static void test_attribute_and_element_locks(void **state)
{
	static const char *const locks[] = {
		"<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" lockAttributes=\"maxUrl\" />",
		"<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" lockAllAttributesExcept=\" maxQueryString \" />",
		"<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" lockAttributes=\"MAXURL, maxQueryString\" />",
	};
	const char *wc = WEBCONFIG("            <requestFiltering>\n                <requestLimits maxUrl=\"100\" maxQueryString=\"200\" />\n"
				   "            </requestFiltering>\n");
	const char *elements_edit[] = {"<requestFiltering allowDoubleEscaping=\"true\">\n                    " MSCEP_LIMITS,
				       "<requestFiltering allowDoubleEscaping=\"true\" lockElements=\"requestLimits\">\n"
				       "                    " MSCEP_LIMITS,
				       NULL};
	struct audit a;
	struct iis_eff eff;
	const struct result *r;
	char *dir;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(locks) / sizeof(locks[0]); k++) {
		const char *edits[] = {MSCEP_LIMITS, locks[k], NULL};

		dir = iis_stage(edits);
		iis_put(dir, MSCEP_WEBCONFIG, wc);
		iis_audit(&a, dir);
		assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxUrl", &eff), "65534");
		assert_non_null(strstr(eff.problem, "lock violation"));
		assert_non_null(strstr(eff.problem, "web.config line 6 sets maxUrl"));
		assert_non_null(strstr(eff.problem, k == 1 ? "lockAllAttributesExcept=\" maxQueryString \"" : "lockAttributes="));
		r = only_result(&a, "iis.request_limits.max_url");
		assert_int_equal(r->status, ST_FAIL);
		assert_non_null(strstr(r->message, "lock violation"));
		assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxQueryString", &eff),
				    k == 2 ? "65534" : "200");
		assert_true(k == 2 ? strstr(eff.problem, "lock violation") != NULL : eff.problem[0] == '\0');
		audit_free(&a);
	}
	/* lockElements on requestFiltering locks the whole requestLimits element. */
	dir = iis_stage(elements_edit);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, RF, "requestLimits", "maxQueryString", &eff), "65534");
	assert_non_null(strstr(eff.problem, "lockElements=\"requestLimits\" on <requestFiltering>"));
	audit_free(&a);
}

static void test_allow_definition_apphost_only(void **state)
{
	struct audit a;
	struct iis_eff eff;
	char *dir = iis_stage(no_edits);
	const struct result *r;

	(void)state;
	iis_put(dir, MSCEP_WEBCONFIG,
		WEBCONFIG("            <isapiCgiRestriction notListedIsapisAllowed=\"true\" />\n"));
	iis_audit(&a, dir);
	assert_string_equal(val(&a, NDES, "system.webServer/security/isapiCgiRestriction", "", "notListedIsapisAllowed",
				&eff), "false");
	assert_non_null(strstr(eff.problem, "allowDefinition=\"AppHostOnly\""));
	r = only_result(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "only in applicationHost.config"));
	audit_free(&a);
}

static void test_collections_add_remove_clear(void **state)
{
	struct audit a;
	struct iis_coll c;
	char *dir;
	const char *edits[] = {"                <requestFiltering allowDoubleEscaping=\"true\">\n                    " MSCEP_LIMITS,
			       "                <requestFiltering allowDoubleEscaping=\"true\">\n                    " MSCEP_LIMITS
			       "\n                    <hiddenSegments>\n                        <remove segment=\"BIN\" />\n"
			       "                        <add segment=\"App_Data\" applyToWebDAV=\"false\" />\n"
			       "                        <add segment=\"certs\" />\n                    </hiddenSegments>",
			       NULL};

	(void)state;
	dir = iis_stage(edits);
	iis_audit(&a, dir);
	/* Server level: five segments. */
	assert_int_equal(iis_resolve_coll(a.facts.iis, "Default Web Site", RF, "hiddenSegments", "segment", &c), 1);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.clear_line, 0);
	iis_coll_free(&c);
	/* The application removes one (another case), replaces one, adds one. */
	assert_int_equal(iis_resolve_coll(a.facts.iis, NDES, RF, "hiddenSegments", "segment", &c), 1);
	assert_int_equal(c.n, 5);
	assert_string_equal(iis_item_attr(&c.items[0], "segment"), "web.config");
	assert_string_equal(iis_item_attr(&c.items[3], "segment"), "App_Data");
	assert_string_equal(c.items[3].location, NDES);
	assert_string_equal(iis_item_attr(&c.items[4], "segment"), "certs");
	iis_coll_free(&c);
	/* windowsAuthentication providers: <clear/> at the location, re-added. */
	assert_int_equal(iis_resolve_coll(a.facts.iis, NDES, WIN, "providers", "value", &c), 1);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.clear_line, 451);
	assert_int_equal(iis_item_line(&c.items[0]), 452);
	iis_coll_free(&c);
	audit_free(&a);

	/* A web.config clears the whole list and adds its own. */
	dir = iis_stage(no_edits);
	iis_put(dir, MSCEP_WEBCONFIG,
		WEBCONFIG("            <requestFiltering>\n                <hiddenSegments>\n                    <clear />\n"
			  "                    <add segment=\"only\" />\n                </hiddenSegments>\n"
			  "            </requestFiltering>\n"));
	iis_audit(&a, dir);
	assert_int_equal(iis_resolve_coll(a.facts.iis, NDES, RF, "hiddenSegments", "segment", &c), 1);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.clear_line, 7);
	assert_non_null(strstr(c.clear_artifact, MSCEP_WEBCONFIG));
	iis_coll_free(&c);
	audit_free(&a);
}

static void test_encrypted_section_is_unknown(void **state)
{
	struct audit a;
	struct iis_eff eff;
	const struct result *r;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;
	/* IIS can encrypt a whole section: its values live in <EncryptedData>,
	 * which the reader drops; the value is unknown, never guessed. */
	const char *edits[] = {"<anonymousAuthentication enabled=\"true\" />",
			       "<anonymousAuthentication configProtectionProvider=\"AesProvider\">\n"
			       "                        <EncryptedData Type=\"http://www.w3.org/2001/04/xmlenc#Element\">\n"
			       "                            <CipherData>\n"
			       "                                <CipherValue>c2VjcmV0LWNpcGhlcnRleHQtZm9yLXRlc3Rz</CipherValue>\n"
			       "                            </CipherData>\n                        </EncryptedData>\n"
			       "                    </anonymousAuthentication>",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	val(&a, NDES, ANON, "", "enabled", &eff);
	assert_int_equal(eff.unreadable, 1);
	assert_non_null(strstr(eff.problem, "encrypted with the provider AesProvider"));
	r = only_result(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "line 456"));
	/* The site root is not under that location: known. */
	assert_string_equal(val(&a, "Default Web Site", ANON, "", "enabled", &eff), "true");
	f = open_memstream(&out, &len);
	iis_dump_facts(f, &a.facts);
	fclose(f);
	assert_null(strstr(out, "c2VjcmV0"));
	for (i = 0; i < a.results.n; i++)
		assert_null(strstr(a.results.v[i]->message, "c2VjcmV0"));
	free(out);
	audit_free(&a);
}

static void test_in_folder(void **state)
{
	(void)state;
	assert_true(iis_in_folder("b/Windows/System32/CertSrv/mscep/web.config", "C:\\Windows\\system32\\CertSrv\\mscep"));
	assert_true(iis_in_folder("b/windows/system32/certsrv/mscep/web.config", "%windir%\\system32\\certsrv\\mscep"));
	assert_true(iis_in_folder("b/inetpub/wwwroot/web.config", "%SystemDrive%\\inetpub\\wwwroot"));
	assert_true(iis_in_folder("b/x/mscep/web.config", "D:\\mscep"));
	assert_true(iis_in_folder("b/Windows/web.config", "%windir%"));
	assert_false(iis_in_folder("b/mscep/web.config", "C:\\Windows\\system32\\CertSrv\\mscep"));
	assert_false(iis_in_folder("b/CertSrv/mscep_admin/web.config", "C:\\Windows\\system32\\CertSrv\\mscep"));
	assert_false(iis_in_folder("x/web.config", "C:\\"));
	assert_false(iis_in_folder("web.config", "C:\\a"));
	assert_false(iis_in_folder("b/a/web.config", NULL));
}

static void test_webconfig_placement_notes_and_duplicates(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;
	size_t i, n = 0;
	const char *wc = WEBCONFIG("            <requestFiltering>\n                <requestLimits maxUrl=\"100\" />\n"
				   "            </requestFiltering>\n");

	(void)state;
	/* A web.config with no applicationHost.config: set aside. */
	dir = scratch_dir();
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_audit(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_IIS_WEBCONFIG);
	assert_int_equal(a.bundle.arts[0].status, ART_IGNORED);
	assert_non_null(strstr(a.bundle.arts[0].note, "no readable applicationHost.config"));
	assert_int_equal(only_result(&a, "iis.request_limits.max_url")->status, ST_NE);
	audit_free(&a);

	/* Two copies for the same folder: both errors, naming each other; the
	 * effective value at the application cannot be known. */
	dir = iis_stage(no_edits);
	iis_put(dir, MSCEP_WEBCONFIG, wc);
	iis_put(dir, "old/C/Windows/System32/CertSrv/mscep/web.config", wc);
	iis_audit(&a, dir);
	for (i = 0; i < a.bundle.n; i++) {
		const struct artifact *art = &a.bundle.arts[i];

		if (!ascii_casesuffix(art->path, "/web.config"))
			continue;
		assert_int_equal(art->status, ART_ERROR);
		assert_non_null(strstr(art->error, "2 web.config files"));
		assert_non_null(strstr(art->error, "old/C/Windows"));
		n++;
	}
	assert_int_equal(n, 2);
	r = only_result(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "could not be read"));
	/* The site root is not under the application's folder: known. */
	assert_int_equal(only_result(&a, "iis.https_binding")->status, ST_PASS);
	audit_free(&a);
}

static void test_dump_facts(void **state)
{
	struct audit a;
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *f;

	(void)state;
	p = src_path("samples/iis-crp-winauth");
	audit_one(&a, p);
	f = open_memstream(&buf, &len);
	assert_int_equal(iis_dump_facts(f, &a.facts), 0);
	fclose(f);
	assert_non_null(strstr(buf, "[NDES /CertSrv/mscep]\nurl Default Web Site/CertSrv/mscep\n"));
	assert_non_null(strstr(buf, "[CertificateRegistrationSvc]\nurl Default Web Site/CertificateRegistrationSvc\n"));
	assert_non_null(strstr(buf, "/@maxUrl 65534  # "));
	assert_non_null(strstr(buf, "applicationHost.config:461 <location path=\"Default Web Site/CertSrv/mscep\">\n"));
	assert_non_null(strstr(buf, "windowsAuthentication/@enabled true  # "));
	assert_non_null(strstr(buf, "<location path=\"Default Web Site\">\n"));
	assert_non_null(strstr(buf, "/@maxAllowedContentLength 30000000  # schema default (IIS 10 IIS_schema.xml line 1321)\n"));
	assert_non_null(strstr(buf, "sessionKey (protected key material; not shown)"));
	assert_null(strstr(buf, "AQIAAA5mAAAApAAA"));
	free(buf);
	audit_free(&a);
	free(p);

	/* No applicationHost.config: said so, and 3. */
	p = src_path("samples/healthy/registry");
	audit_one(&a, p);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(iis_dump_facts(f, &a.facts), 3);
	fclose(f);
	assert_non_null(strstr(buf, "no readable applicationHost.config"));
	free(buf);
	audit_free(&a);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inheritance_at_every_level),
		cmocka_unit_test(test_webconfig_applies_after_applicationhost),
		cmocka_unit_test(test_site_root_webconfig_sits_at_site_depth),
		cmocka_unit_test(test_case_and_trailing_slash),
		cmocka_unit_test(test_prefix_is_by_segment),
		cmocka_unit_test(test_commented_and_empty_locations),
		cmocka_unit_test(test_location_dot_is_server_level),
		cmocka_unit_test(test_inherit_in_child_applications_false),
		cmocka_unit_test(test_lock_and_unlock),
		cmocka_unit_test(test_lock_delegated_section_and_relock),
		cmocka_unit_test(test_attribute_and_element_locks),
		cmocka_unit_test(test_allow_definition_apphost_only),
		cmocka_unit_test(test_collections_add_remove_clear),
		cmocka_unit_test(test_encrypted_section_is_unknown),
		cmocka_unit_test(test_in_folder),
		cmocka_unit_test(test_webconfig_placement_notes_and_duplicates),
		cmocka_unit_test(test_dump_facts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
