/* IIS checks: every outcome of every check, on applicationHost.config
 * files written as IIS writes them (the healthy sample with exact edits)
 * and the sample bundles. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "iis_testutil.h"

#define MSCEP_LIMITS "<requestLimits maxUrl=\"65534\" maxQueryString=\"65534\" />"
#define END "\n</configuration>\n"
#define MSCEP_APP "                <application path=\"/CertSrv/mscep\" applicationPool=\"SCEP\">\n"
#define CRP_APP                                                                         \
	"                <application path=\"/CertificateRegistrationSvc\" applicationPool=\"SCEP\">\n" \
	"                    <virtualDirectory path=\"/\" physicalPath=\"C:\\Program Files\\Microsoft Intune\\NDESConnectorSvc\\CertificateRegistrationSvc\" />\n" \
	"                </application>\n"
#define SCEP_POOL "            <add name=\"SCEP\" managedPipelineMode=\"Classic\">\n"
#define SCEP_PM "<processModel identityType=\"ApplicationPoolIdentity\" idleTimeout=\"00:00:00\" />"
#define MSCEP_ISAPI \
	"<add path=\"C:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll\" allowed=\"true\" groupId=\"MSCEP\" description=\"MSCEP\" />"
#define HTTPS_BINDING "                    <binding protocol=\"https\" bindingInformation=\"*:443:\" sslFlags=\"0\" />\n"
#define SITE_LOGFILE \
	"<logFile logFormat=\"W3C\" directory=\"%SystemDrive%\\inetpub\\logs\\LogFiles\" logExtFileFlags=\"Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, HttpStatus, Win32Status, TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus\" />"
#define MSCEP_ANON "<anonymousAuthentication enabled=\"true\" />"
#define ADMIN_ANON "<anonymousAuthentication enabled=\"false\" />"
#define ADMIN_APP                                                                      \
	"                <application path=\"/CertSrv/mscep_admin\" applicationPool=\"SCEP\">\n" \
	"                    <virtualDirectory path=\"/\" physicalPath=\"C:\\Windows\\system32\\CertSrv\\mscep\" />\n" \
	"                </application>\n"
#define WEBCONFIG(body)                                                         \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n    <system.webServer>\n" body \
	"    </system.webServer>\n</configuration>\n"
#define MSCEP_WEBCONFIG "Windows/System32/CertSrv/mscep/web.config"
#define SITE_WINAUTH                                                              \
	"    <location path=\"Default Web Site\">\n        <system.webServer>\n            <security>\n" \
	"                <authentication>\n                    <windowsAuthentication enabled=\"true\" />\n" \
	"                </authentication>\n            </security>\n        </system.webServer>\n    </location>\n"
#define CIPHER "ZMuu/XD2n5+spK1jb6O9pu+sbFURLWup80655l2Oynmp0UqC6qTeOYfJe"

static const char *const no_edits[] = {NULL};

static const struct result *res(const struct audit *a, const char *id)
{
	return only_result(a, id);
}

/* ------------------------------------------- iis.request_limits.max_url */

static void test_max_url_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "Default Web Site/CertSrv/mscep");
	assert_true(iis_has_ev(r, "<location path=\"Default Web Site/CertSrv/mscep\">", "65534"));
	assert_true(iis_has_ev(r, "line 461,", NULL));
	audit_free(&a);
}

/* maxUrl excludes the query string (404.14 vs 404.15): below the advised
 * 65534 it is a warning that says SCEP is not rejected by it, never the
 * claim that a fresh role install fails or that SCEP GETs get 404.14. */
static void test_max_url_warn_schema_default(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* The role's own default: maxQueryString 65536, maxUrl not set. */
	audit_sample(&a, "broken");
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_WARN);
	assert_int_equal(r->check->severity, SEV_LOW);
	assert_non_null(strstr(r->message, "is 4096 (the IIS schema default)"));
	assert_non_null(strstr(r->message, "the NDES guidance sets 65534"));
	assert_non_null(strstr(r->message, "not the query string"));
	assert_non_null(strstr(r->message, "SCEP requests are not rejected by it"));
	assert_null(strstr(r->message, "fresh"));
	assert_null(strstr(r->check->description, "fresh role install fails"));
	assert_null(strstr(r->check->description, "PKIOperation GETs rejected with HTTP 404.14"));
	assert_true(iis_has_ev(r, "schema default (IIS 10 IIS_schema.xml line 1322)", "4096"));
	assert_non_null(strstr(r->remediation, "\"Default Web Site/CertSrv/mscep\""));
	audit_free(&a);
}

static void test_max_url_warn_too_small(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_LIMITS, "<requestLimits maxUrl=\"16384\" maxQueryString=\"65534\" />",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "is 16384"));
	assert_non_null(strstr(r->message, "only a request whose path is longer gets HTTP 404.14"));
	assert_non_null(strstr(r->remediation, "/requestLimits.maxUrl:65534"));
	audit_free(&a);
}

static void test_max_url_fail_not_a_number(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_LIMITS, "<requestLimits maxUrl=\"64k\" maxQueryString=\"65534\" />",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "\"64k\""));
	assert_non_null(strstr(r->message, "500.19"));
	audit_free(&a);
}

static void test_max_url_fail_locked_webconfig(void **state)
{
	struct audit a;
	const struct result *r;
	/* requestFiltering is delegated by default; a location locks it for
	 * the application, so the application's web.config is refused. */
	const char *edits[] = {"    <location path=\"Default Web Site/CertSrv/mscep\">",
			       "    <location path=\"Default Web Site/CertSrv/mscep\" overrideMode=\"Deny\">",
			       NULL};
	char *dir = iis_stage(edits);

	(void)state;
	iis_put(dir, MSCEP_WEBCONFIG,
		WEBCONFIG("        <security>\n            <requestFiltering>\n"
			  "                <requestLimits maxUrl=\"100\" />\n"
			  "            </requestFiltering>\n        </security>\n"));
	iis_audit(&a, dir);
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is 65534"));
	assert_non_null(strstr(r->message, "overrideMode=\"Deny\" on <location path=\"Default Web Site/CertSrv/mscep\">"));
	assert_non_null(strstr(r->message, "500.19"));
	audit_free(&a);
}

static void test_max_url_error_unreadable_webconfig(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = iis_stage(no_edits);

	(void)state;
	iis_put(dir, MSCEP_WEBCONFIG, "<?xml version=\"1.0\"?>\n<configuration>\n    <system.webServer>\n");
	iis_audit(&a, dir);
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "web.config"));
	assert_non_null(strstr(r->message, "could not be read"));
	assert_non_null(strstr(r->message, "line "));
	assert_int_equal(res(&a, "iis.mscep.app")->status, ST_ERROR);
	audit_free(&a);
}

static void test_max_url_na_without_ndes_app(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/CertSrv/other\" applicationPool",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.request_limits.max_url");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "no site in"));
	audit_free(&a);
}

static void test_iis_checks_ne_without_applicationhost(void **state)
{
	struct audit a;
	size_t i, n = 0;

	(void)state;
	audit_sample(&a, "healthy/registry");
	for (i = 0; i < a.results.n; i++) {
		const struct result *r = a.results.v[i];

		/* iis.features reads the SOFTWARE hive too (test_iisfeatures). */
		if (strncmp(r->check->id, "iis.", 4) != 0 || strcmp(r->check->id, "iis.features") == 0)
			continue;
		assert_int_equal(r->status, ST_NE);
		assert_non_null(strstr(r->message, "no IIS applicationHost.config"));
		n++;
	}
	assert_int_equal(n, 12);
	assert_int_equal(res(&a, "iis.features")->status, ST_NE);
	assert_int_equal(res(&a, "iis.request_limits.max_query_string")->status, ST_NE);
	audit_free(&a);
}

/* Issue 13.3: a copy beside the live file is a backup, listed as context;
 * the checks read the live file (this used to make every IIS check
 * error, "a bundle is one server"). */
static void test_iis_checks_live_beside_copy(void **state)
{
	struct audit a;
	char *dir = iis_stage(no_edits);
	size_t i;
	int seen = 0;

	(void)state;
	iis_copy(dir, HEALTHY_APPHOST, "copy/applicationHost.config");
	iis_audit(&a, dir);
	for (i = 0; i < a.results.n; i++)
		if (strncmp(a.results.v[i]->check->id, "iis.", 4) == 0)
			assert_int_not_equal(a.results.v[i]->status, ST_ERROR);
	for (i = 0; i < a.bundle.n; i++) {
		const struct artifact *art = &a.bundle.arts[i];

		if (strstr(art->path, "copy/applicationHost.config") != NULL) {
			assert_int_equal(art->status, ART_IGNORED);
			assert_non_null(strstr(art->note, "context: backup"));
			seen |= 1;
		} else if (strstr(art->path, "inetsrv/config/applicationHost.config") != NULL) {
			assert_int_equal(art->status, ART_OK);
			assert_non_null(strstr(art->note, "by its location"));
			seen |= 2;
		}
	}
	assert_int_equal(seen, 3);
	assert_int_equal(res(&a, "iis.request_limits.max_url")->status, ST_PASS);
	audit_free(&a);
}

/* ---------------------------------- iis.request_limits.max_query_string */

static void test_max_query_string_pass_role_default(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = res(&a, "iis.request_limits.max_query_string");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "is 65536"));
	audit_free(&a);
}

static void test_max_query_string_fail_default(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-defaults");
	r = res(&a, "iis.request_limits.max_query_string");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "is 2048 (the IIS schema default)"));
	assert_non_null(strstr(r->message, "404.15"));
	audit_free(&a);
}

static void test_max_query_string_pass_server_level(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_LIMITS, "",
			       "            <requestFiltering>\n",
			       "            <requestFiltering>\n                <requestLimits maxQueryString=\"65534\" />\n",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.request_limits.max_query_string");
	assert_int_equal(r->status, ST_PASS);
	assert_null(strstr(r->message, "<location"));
	assert_int_equal(res(&a, "iis.request_limits.max_url")->status, ST_WARN);
	audit_free(&a);
}

static void test_max_query_string_na_and_error(void **state)
{
	struct audit a;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/x\" applicationPool", NULL};
	const struct result *r;
	char *dir;

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.request_limits.max_query_string")->status, ST_NA);
	audit_free(&a);

	/* A truncated applicationHost.config: every IIS check says error. */
	dir = scratch_dir();
	iis_put(dir, APPHOST_REL, "<?xml version=\"1.0\"?>\n<configuration>\n<system.applicationHost>\n");
	iis_audit(&a, dir);
	r = res(&a, "iis.request_limits.max_query_string");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "inetsrv/config/applicationHost.config: line "));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
}

/* -------------------------------------------------------- iis.mscep.app */

static void test_mscep_app_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_PASS);
	assert_true(iis_has_ev(r, "isapiCgiRestriction/add",
			       "C:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll allowed=true"));
	assert_true(iis_has_ev(r, "applicationPools/add", "SCEP"));
	audit_free(&a);
}

static void test_mscep_app_fail_missing(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/CertSrv/mscep2\" applicationPool",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "NDES is not published in IIS"));
	assert_non_null(strstr(r->message, a.bundle.arts[0].path));
	audit_free(&a);
}

static void test_mscep_app_fail_pool_missing(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {"<application path=\"/CertSrv/mscep\" applicationPool=\"SCEP\">",
			       "<application path=\"/CertSrv/mscep\" applicationPool=\"SCEP2\">", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "\"SCEP2\" is not defined"));
	audit_free(&a);
}

static void test_mscep_app_fail_isapi_not_allowed(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-site-renamed");
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_string_equal(r->target, "NDES/CertSrv/mscep");
	assert_non_null(strstr(r->message, "allowed=\"false\""));
	assert_non_null(strstr(r->message, "404.2"));
	audit_free(&a);
}

static void test_mscep_app_fail_isapi_absent_allowed_default(void **state)
{
	struct audit a;
	const struct result *r;
	/* allowed is required by the schema, but its default is false. */
	const char *edits[] = {MSCEP_ISAPI,
			       "<add path=\"C:\\Windows\\system32\\CertSrv\\mscep\\mscep.dll\" groupId=\"MSCEP\" />",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "false, the default"));
	audit_free(&a);
}

static void test_mscep_app_fail_isapi_removed_at_location(void **state)
{
	struct audit a;
	const struct result *r;
	/* A <remove> at the application's location takes the entry away. */
	const char *edits[] = {"            <defaultDocument>\n                <files>\n                    <clear />\n                    <add value=\"mscep.dll\" />\n                </files>\n            </defaultDocument>\n            <handlers accessPolicy=\"Read, Execute\" />\n        </system.webServer>\n    </location>\n    <location path=\"Default Web Site/CertSrv/mscep_admin\">",
			       "            <defaultDocument>\n                <files>\n                    <clear />\n                    <add value=\"mscep.dll\" />\n                </files>\n            </defaultDocument>\n            <handlers accessPolicy=\"Read, Execute\" />\n            <security>\n                <isapiCgiRestriction>\n                    <remove path=\"c:\\windows\\SYSTEM32\\certsrv\\mscep\\mscep.dll\" />\n                </isapiCgiRestriction>\n            </security>\n        </system.webServer>\n    </location>\n    <location path=\"Default Web Site/CertSrv/mscep_admin\">",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "no entry for mscep.dll"));
	audit_free(&a);
}

static void test_mscep_app_pass_unlisted_allowed(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_ISAPI, "", "            <isapiCgiRestriction>",
			       "            <isapiCgiRestriction notListedIsapisAllowed=\"true\">", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "unlisted ISAPI extensions are allowed"));
	assert_true(iis_has_ev(r, "@notListedIsapisAllowed", "true"));
	audit_free(&a);
}

static void test_mscep_app_fail_webconfig_refused(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-webconfig");
	r = res(&a, "iis.mscep.app");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "500.19"));
	assert_non_null(strstr(r->message, "CertSrv/mscep/web.config line 9"));
	assert_true(iis_has_ev(r, "web.config in the application's folder", "applied"));
	audit_free(&a);
}

/* -------------------------------------------------- iis.mscep.anonymous */

static void test_mscep_anonymous_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_PASS);
	assert_true(iis_has_ev(r, "anonymousAuthentication/@enabled", "true"));
	audit_free(&a);
}

static void test_mscep_anonymous_fail_off(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_ANON, "<anonymousAuthentication enabled=\"False\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "off"));
	assert_non_null(strstr(r->message, "401"));
	audit_free(&a);
}

static void test_mscep_anonymous_fail_inherited_off(void **state)
{
	struct audit a;
	const struct result *r;
	/* Off at server level, nothing at the application: inherited. */
	const char *edits[] = {MSCEP_ANON, "",
			       "<anonymousAuthentication enabled=\"true\" userName=\"IUSR\" />",
			       "<anonymousAuthentication enabled=\"false\" userName=\"IUSR\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_FAIL);
	assert_null(strstr(r->message, "<location"));
	audit_free(&a);
}

static void test_mscep_anonymous_fail_invalid(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {MSCEP_ANON, "<anonymousAuthentication enabled=\"yes\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "\"yes\""));
	audit_free(&a);
}

static void test_mscep_anonymous_fail_refused_webconfig(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-webconfig");
	r = res(&a, "iis.mscep.anonymous");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "overrideModeDefault=\"Deny\""));
	audit_free(&a);
}

static void test_mscep_anonymous_na_and_ne(void **state)
{
	struct audit a;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/CertSrv/x\" applicationPool", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.mscep.anonymous")->status, ST_NA);
	audit_free(&a);
	audit_sample(&a, "healthy/registry");
	assert_int_equal(res(&a, "iis.mscep.anonymous")->status, ST_NE);
	audit_free(&a);
}

/* ---------------------------------------------- iis.scep_pool.present */

static void test_scep_pool_present_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.scep_pool.present");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "SCEP");
	audit_free(&a);
}

static void test_scep_pool_present_fail_undefined(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {"<add name=\"SCEP\" managedPipelineMode=\"Classic\">",
			       "<add name=\"SCEP-old\" managedPipelineMode=\"Classic\">", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.scep_pool.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "503"));
	/* The pool-dependent checks have nothing to judge. */
	assert_int_equal(res(&a, "iis.scep_pool.autostart")->status, ST_NA);
	assert_int_equal(res(&a, "iis.scep_pool.identity")->status, ST_NA);
	assert_int_equal(a.facts.scep_pool.known, 0);
	audit_free(&a);
}

static void test_scep_pool_present_pool_from_defaults(void **state)
{
	struct audit a;
	const struct result *r;
	/* No applicationPool on the application: applicationDefaults names
	 * DefaultAppPool; without those defaults there is no pool at all. */
	const char *edits[] = {"<application path=\"/CertSrv/mscep\" applicationPool=\"SCEP\">",
			       "<application path=\"/CertSrv/mscep\">", NULL};
	const char *edits2[] = {"<application path=\"/CertSrv/mscep\" applicationPool=\"SCEP\">",
				"<application path=\"/CertSrv/mscep\">",
				"            <applicationDefaults applicationPool=\"DefaultAppPool\" />\n", "", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.scep_pool.present");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "DefaultAppPool");
	audit_free(&a);
	iis_audit_edits(&a, edits2);
	r = res(&a, "iis.scep_pool.present");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "names no application pool"));
	audit_free(&a);
}

static void test_scep_pool_present_na(void **state)
{
	struct audit a;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/x\" applicationPool", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.scep_pool.present")->status, ST_NA);
	audit_free(&a);
}

/* -------------------------------------------- iis.scep_pool.autostart */

static void test_scep_pool_autostart_pass_default(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.scep_pool.autostart");
	assert_int_equal(r->status, ST_PASS);
	assert_true(iis_has_ev(r, "schema default (IIS 10 IIS_schema.xml line 111)", "true"));
	audit_free(&a);
}

static void test_scep_pool_autostart_fail_stopped(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-pool-stopped");
	r = res(&a, "iis.scep_pool.autostart");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "503"));
	assert_true(iis_has_ev(r, "line 137,", "false"));
	audit_free(&a);
}

static void test_scep_pool_autostart_fail_from_pool_defaults(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {"<applicationPoolDefaults managedRuntimeVersion=\"v4.0\">",
			       "<applicationPoolDefaults managedRuntimeVersion=\"v4.0\" autoStart=\"false\">", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.scep_pool.autostart");
	assert_int_equal(r->status, ST_FAIL);
	assert_true(iis_has_ev(r, "line 143,", "false"));
	audit_free(&a);
}

static void test_scep_pool_autostart_fail_invalid(void **state)
{
	struct audit a;
	const char *edits[] = {SCEP_POOL, "            <add name=\"SCEP\" managedPipelineMode=\"Classic\" autoStart=\"0\">\n", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.scep_pool.autostart")->status, ST_FAIL);
	assert_non_null(strstr(res(&a, "iis.scep_pool.autostart")->message, "not true or false"));
	audit_free(&a);
}

/* --------------------------------------------- iis.scep_pool.identity */

static void test_scep_pool_identity_pool_identity(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.scep_pool.identity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "IIS APPPOOL\\SCEP"));
	assert_int_equal(a.facts.scep_pool.known, 1);
	assert_string_equal(a.facts.scep_pool.pool, "SCEP");
	assert_string_equal(a.facts.scep_pool.identity_type, "ApplicationPoolIdentity");
	assert_null(a.facts.scep_pool.user_name);
	assert_string_equal(a.facts.scep_pool.location, "line 138");
	assert_non_null(strstr(a.facts.scep_pool.artifact, "applicationHost.config"));
	audit_free(&a);
}

static void test_scep_pool_identity_domain_account_encrypted(void **state)
{
	struct audit a;
	const struct result *r;
	size_t i, j;

	(void)state;
	audit_sample(&a, "iis-pool-stopped");
	r = res(&a, "iis.scep_pool.identity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "CORP\\svc-ndes"));
	assert_non_null(strstr(r->message, "encrypted with IISWASOnlyCngProvider (not shown)"));
	assert_non_null(strstr(r->message, "Active Directory"));
	assert_true(iis_has_ev(r, "@password", "(encrypted with IISWASOnlyCngProvider; not shown)"));
	assert_string_equal(a.facts.scep_pool.identity_type, "SpecificUser");
	assert_string_equal(a.facts.scep_pool.user_name, "CORP\\svc-ndes");
	/* Nowhere in any result. */
	for (i = 0; i < a.results.n; i++) {
		const struct result *x = a.results.v[i];

		assert_null(strstr(x->message, CIPHER));
		for (j = 0; j < x->nev; j++)
			assert_true(x->ev[j].value == NULL || strstr(x->ev[j].value, CIPHER) == NULL);
	}
	audit_free(&a);
}

static void test_scep_pool_identity_cleartext_and_builtin(void **state)
{
	struct audit a;
	const struct result *r;
	const char *clear[] = {SCEP_PM,
			       "<processModel identityType=\"SpecificUser\" userName=\"CORP\\svc-ndes\" password=\"Winter2026!\" />",
			       NULL};
	const char *builtin[] = {SCEP_PM, "<processModel identityType=\"NetworkService\" />", NULL};

	(void)state;
	iis_audit_edits(&a, clear);
	r = res(&a, "iis.scep_pool.identity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "clear text (not shown)"));
	assert_null(strstr(r->message, "Winter2026"));
	assert_true(iis_has_ev(r, "@password", "(set in clear text; not shown)"));
	audit_free(&a);
	iis_audit_edits(&a, builtin);
	r = res(&a, "iis.scep_pool.identity");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "NT AUTHORITY\\NETWORK SERVICE"));
	audit_free(&a);
}

/* An identityType the schema does not define is not a pass. */
static void test_scep_pool_identity_fail_unknown_type(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {SCEP_PM, "<processModel identityType=\"Frobnicator\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.scep_pool.identity");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "\"Frobnicator\""));
	assert_non_null(strstr(r->message, "IIS refuses the configuration"));
	audit_free(&a);
}

static void test_scep_pool_identity_na(void **state)
{
	struct audit a;
	const char *edits[] = {"<add name=\"SCEP\" managedPipelineMode", "<add name=\"NDES\" managedPipelineMode", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.scep_pool.identity")->status, ST_NA);
	audit_free(&a);
}

/* -------------------------------------------- iis.crp.anonymous_only */

static void test_crp_anonymous_only_fail_inherited_winauth(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-crp-winauth");
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_FAIL);
	assert_string_equal(r->target, "Default Web Site/CertificateRegistrationSvc");
	assert_non_null(strstr(r->message, "Windows authentication is on"));
	assert_non_null(strstr(r->message, "<location path=\"Default Web Site\">"));
	assert_true(iis_has_ev(r, "<location path=\"Default Web Site\">, system.webServer/security/authentication/windowsAuthentication/@enabled", "true"));
	assert_true(iis_has_ev(r, "Uninstall", "Microsoft Intune Connector"));
	audit_free(&a);
}

static void test_crp_anonymous_only_pass(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;
	const char *edits[] = {MSCEP_APP, CRP_APP MSCEP_APP, END,
			       "\n" SITE_WINAUTH
			       "    <location path=\"default web site/certificateregistrationsvc/\">\n"
			       "        <system.webServer>\n            <security>\n                <authentication>\n"
			       "                    <windowsAuthentication enabled=\"false\" />\n"
			       "                </authentication>\n            </security>\n        </system.webServer>\n"
			       "    </location>\n</configuration>\n",
			       NULL};

	(void)state;
	/* The site turns Windows auth on; the application's own location
	 * (written in another case, with a trailing slash) turns it off. */
	dir = iis_stage(edits);
	iis_copy(dir, "samples/iis-crp-winauth/registry/SOFTWARE.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_PASS);
	assert_true(iis_has_ev(r, "windowsAuthentication/@enabled", "false"));
	assert_true(iis_has_ev(r, "anonymousAuthentication/@enabled", "true"));
	audit_free(&a);
}

static void test_crp_anonymous_only_fail_both_generations_anon_off(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;
	const char *edits[] = {MSCEP_APP, CRP_APP MSCEP_APP, END,
			       "\n    <location path=\"Default Web Site/CertificateRegistrationSvc\">\n"
			       "        <system.webServer>\n            <security>\n                <authentication>\n"
			       "                    <anonymousAuthentication enabled=\"false\" />\n"
			       "                </authentication>\n            </security>\n        </system.webServer>\n"
			       "    </location>\n</configuration>\n",
			       NULL};

	(void)state;
	dir = iis_stage(edits);
	iis_copy(dir, "tests/fixtures/hives/software-connectors.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	assert_int_equal(a.facts.connector.gen, CONN_BOTH);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "anonymous authentication is off"));
	audit_free(&a);
}

static void test_crp_anonymous_only_fail_legacy_without_app(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = iis_stage(no_edits);

	(void)state;
	iis_copy(dir, "samples/iis-crp-winauth/registry/SOFTWARE.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "no site in"));
	audit_free(&a);
}

static void test_crp_anonymous_only_na(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;
	const char *edits[] = {MSCEP_APP, CRP_APP MSCEP_APP, END, "\n" SITE_WINAUTH "</configuration>\n", NULL};

	(void)state;
	/* Current connector: na even with the application and Windows auth. */
	dir = iis_stage(edits);
	iis_copy(dir, "samples/iis-pool-stopped/registry/SOFTWARE.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "current generation"));
	audit_free(&a);
	/* No connector (the ndes-not-configured SOFTWARE hive), no application. */
	dir = iis_stage(NULL);
	iis_copy(dir, "samples/ndes-not-configured/registry/SOFTWARE.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "no legacy Intune connector is installed"));
	audit_free(&a);
	/* Unknown generation, no application. */
	iis_audit_edits(&a, no_edits);
	r = res(&a, "iis.crp.anonymous_only");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "no readable SOFTWARE hive"));
	audit_free(&a);
}

static void test_crp_anonymous_only_unknown_generation_evaluates_app(void **state)
{
	struct audit a;
	const char *edits[] = {MSCEP_APP, CRP_APP MSCEP_APP, END, "\n" SITE_WINAUTH "</configuration>\n", NULL};

	(void)state;
	/* No SOFTWARE hive, but the application exists: judged. */
	iis_audit_edits(&a, edits);
	assert_int_equal(a.facts.connector.gen, CONN_UNKNOWN);
	assert_int_equal(res(&a, "iis.crp.anonymous_only")->status, ST_FAIL);
	audit_free(&a);
}

/* -------------------------------------------------- iis.default_site */

static void test_default_site_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(res(&a, "iis.default_site")->status, ST_PASS);
	assert_true(iis_has_ev(res(&a, "iis.default_site"), "line 181,", "Default Web Site"));
	audit_free(&a);
}

static void test_default_site_fail_renamed(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-site-renamed");
	r = res(&a, "iis.default_site");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "\"NDES\""));
	assert_non_null(strstr(r->message, "Site not found"));
	audit_free(&a);
}

static void test_default_site_fail_no_id_1(void **state)
{
	struct audit a;
	const char *edits[] = {"<site name=\"Default Web Site\" id=\"1\">", "<site name=\"Default Web Site\" id=\"2\">",
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.default_site")->status, ST_FAIL);
	assert_non_null(strstr(res(&a, "iis.default_site")->message, "no site"));
	/* The NDES site is still found by its application. */
	assert_int_equal(res(&a, "iis.mscep.app")->status, ST_PASS);
	audit_free(&a);
}

/* ------------------------------------------------- iis.https_binding */

static void test_https_binding_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = res(&a, "iis.https_binding");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "*:443:"));
	audit_free(&a);
}

static void test_https_binding_fail(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {HTTPS_BINDING, "", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.https_binding");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "http *:80:"));
	assert_true(iis_has_ev(r, "bindings/binding", "http *:80:"));
	audit_free(&a);
}

static void test_https_binding_na(void **state)
{
	struct audit a;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/x\" applicationPool", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.https_binding")->status, ST_NA);
	audit_free(&a);
}

/* ------------------------------------------ iis.logging.status_fields */

static void test_logging_status_fields_pass(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(res(&a, "iis.logging.status_fields")->status, ST_PASS);
	audit_free(&a);
}

static void test_logging_status_fields_fail_missing(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-defaults");
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "sc-substatus (HttpSubStatus), sc-win32-status (Win32Status)"));
	assert_null(strstr(r->message, "sc-status (HttpStatus)"));
	audit_free(&a);
}

static void test_logging_status_fields_site_overrides_defaults(void **state)
{
	struct audit a;
	const struct result *r;
	/* The site's own <logFile> wins over siteDefaults; it is off. */
	const char *edits[] = {"                </bindings>\n            </site>",
			       "                </bindings>\n                <logFile enabled=\"false\" />\n            </site>",
			       NULL};
	const char *iisfmt[] = {SITE_LOGFILE, "<logFile logFormat=\"IIS\" />", NULL};
	const char *etw[] = {SITE_LOGFILE, "<logFile logTargetW3C=\"ETW\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "logging is off"));
	audit_free(&a);
	iis_audit_edits(&a, iisfmt);
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "IIS format"));
	audit_free(&a);
	iis_audit_edits(&a, etw);
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "ETW only"));
	audit_free(&a);
}

static void test_logging_status_fields_central_modes(void **state)
{
	struct audit a;
	const struct result *r;
	const char *w3c[] = {"        <log>\n", "        <log centralLogFileMode=\"CentralW3C\">\n", SITE_LOGFILE,
			     "<logFile logExtFileFlags=\"Date, Time\" />", NULL};
	const char *bin[] = {"        <log>\n", "        <log centralLogFileMode=\"CentralBinary\">\n", NULL};

	(void)state;
	/* A central W3C log replaces the site's (whose flags lack the
	 * fields): judged on the central log's schema-default fields. */
	iis_audit_edits(&a, w3c);
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "central W3C log"));
	audit_free(&a);
	iis_audit_edits(&a, bin);
	r = res(&a, "iis.logging.status_fields");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "Binary"));
	audit_free(&a);
}

static void test_logging_status_fields_na(void **state)
{
	struct audit a;
	const char *edits[] = {"path=\"/CertSrv/mscep\" applicationPool", "path=\"/x\" applicationPool", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.logging.status_fields")->status, ST_NA);
	audit_free(&a);
}

/* -------------------------------------------- iis.mscep_admin.exposed */

static void test_mscep_admin_exposed_pass_not_published(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {ADMIN_APP, "", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep_admin.exposed");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "not published"));
	audit_free(&a);
}

static void test_mscep_admin_exposed_pass_without_connector(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir;

	(void)state;
	dir = iis_stage(NULL);
	iis_copy(dir, "samples/ndes-not-configured/registry/SOFTWARE.hiv", "registry/SOFTWARE.hiv");
	iis_audit(&a, dir);
	r = res(&a, "iis.mscep_admin.exposed");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "no Intune connector"));
	audit_free(&a);
}

static void test_mscep_admin_exposed_warn_intune(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-pool-stopped");
	r = res(&a, "iis.mscep_admin.exposed");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "NTLM"));
	assert_non_null(r->remediation);
	audit_free(&a);
}

static void test_mscep_admin_exposed_fail_anonymous(void **state)
{
	struct audit a;
	const struct result *r;
	const char *edits[] = {ADMIN_ANON, "<anonymousAuthentication enabled=\"true\" />", NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	r = res(&a, "iis.mscep_admin.exposed");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "anonymous"));
	audit_free(&a);
}

static void test_mscep_admin_exposed_pass_no_auth(void **state)
{
	struct audit a;
	const char *edits[] = {"                    <windowsAuthentication enabled=\"true\">\n                        <providers>\n                            <clear />\n                            <add value=\"Negotiate\" />\n                            <add value=\"NTLM\" />\n                        </providers>\n                    </windowsAuthentication>\n                    " ADMIN_ANON,
			       "                    <windowsAuthentication enabled=\"false\" />\n                    " ADMIN_ANON,
			       NULL};

	(void)state;
	iis_audit_edits(&a, edits);
	assert_int_equal(res(&a, "iis.mscep_admin.exposed")->status, ST_PASS);
	assert_non_null(strstr(res(&a, "iis.mscep_admin.exposed")->message, "nobody can sign in"));
	audit_free(&a);
}

static void test_mscep_admin_exposed_ne_without_software(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "iis-defaults");
	r = res(&a, "iis.mscep_admin.exposed");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "SOFTWARE hive"));
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_max_url_pass),
		cmocka_unit_test(test_max_url_warn_schema_default),
		cmocka_unit_test(test_max_url_warn_too_small),
		cmocka_unit_test(test_max_url_fail_not_a_number),
		cmocka_unit_test(test_max_url_fail_locked_webconfig),
		cmocka_unit_test(test_max_url_error_unreadable_webconfig),
		cmocka_unit_test(test_max_url_na_without_ndes_app),
		cmocka_unit_test(test_iis_checks_ne_without_applicationhost),
		cmocka_unit_test(test_iis_checks_live_beside_copy),
		cmocka_unit_test(test_max_query_string_pass_role_default),
		cmocka_unit_test(test_max_query_string_fail_default),
		cmocka_unit_test(test_max_query_string_pass_server_level),
		cmocka_unit_test(test_max_query_string_na_and_error),
		cmocka_unit_test(test_mscep_app_pass),
		cmocka_unit_test(test_mscep_app_fail_missing),
		cmocka_unit_test(test_mscep_app_fail_pool_missing),
		cmocka_unit_test(test_mscep_app_fail_isapi_not_allowed),
		cmocka_unit_test(test_mscep_app_fail_isapi_absent_allowed_default),
		cmocka_unit_test(test_mscep_app_fail_isapi_removed_at_location),
		cmocka_unit_test(test_mscep_app_pass_unlisted_allowed),
		cmocka_unit_test(test_mscep_app_fail_webconfig_refused),
		cmocka_unit_test(test_mscep_anonymous_pass),
		cmocka_unit_test(test_mscep_anonymous_fail_off),
		cmocka_unit_test(test_mscep_anonymous_fail_inherited_off),
		cmocka_unit_test(test_mscep_anonymous_fail_invalid),
		cmocka_unit_test(test_mscep_anonymous_fail_refused_webconfig),
		cmocka_unit_test(test_mscep_anonymous_na_and_ne),
		cmocka_unit_test(test_scep_pool_present_pass),
		cmocka_unit_test(test_scep_pool_present_fail_undefined),
		cmocka_unit_test(test_scep_pool_present_pool_from_defaults),
		cmocka_unit_test(test_scep_pool_present_na),
		cmocka_unit_test(test_scep_pool_autostart_pass_default),
		cmocka_unit_test(test_scep_pool_autostart_fail_stopped),
		cmocka_unit_test(test_scep_pool_autostart_fail_from_pool_defaults),
		cmocka_unit_test(test_scep_pool_autostart_fail_invalid),
		cmocka_unit_test(test_scep_pool_identity_pool_identity),
		cmocka_unit_test(test_scep_pool_identity_domain_account_encrypted),
		cmocka_unit_test(test_scep_pool_identity_cleartext_and_builtin),
		cmocka_unit_test(test_scep_pool_identity_fail_unknown_type),
		cmocka_unit_test(test_scep_pool_identity_na),
		cmocka_unit_test(test_crp_anonymous_only_fail_inherited_winauth),
		cmocka_unit_test(test_crp_anonymous_only_pass),
		cmocka_unit_test(test_crp_anonymous_only_fail_both_generations_anon_off),
		cmocka_unit_test(test_crp_anonymous_only_fail_legacy_without_app),
		cmocka_unit_test(test_crp_anonymous_only_na),
		cmocka_unit_test(test_crp_anonymous_only_unknown_generation_evaluates_app),
		cmocka_unit_test(test_default_site_pass),
		cmocka_unit_test(test_default_site_fail_renamed),
		cmocka_unit_test(test_default_site_fail_no_id_1),
		cmocka_unit_test(test_https_binding_pass),
		cmocka_unit_test(test_https_binding_fail),
		cmocka_unit_test(test_https_binding_na),
		cmocka_unit_test(test_logging_status_fields_pass),
		cmocka_unit_test(test_logging_status_fields_fail_missing),
		cmocka_unit_test(test_logging_status_fields_site_overrides_defaults),
		cmocka_unit_test(test_logging_status_fields_central_modes),
		cmocka_unit_test(test_logging_status_fields_na),
		cmocka_unit_test(test_mscep_admin_exposed_pass_not_published),
		cmocka_unit_test(test_mscep_admin_exposed_pass_without_connector),
		cmocka_unit_test(test_mscep_admin_exposed_warn_intune),
		cmocka_unit_test(test_mscep_admin_exposed_fail_anonymous),
		cmocka_unit_test(test_mscep_admin_exposed_pass_no_auth),
		cmocka_unit_test(test_mscep_admin_exposed_ne_without_software),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
