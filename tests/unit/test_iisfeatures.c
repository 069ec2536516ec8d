/* iis.features: every outcome on hand-built facts (the IIS model's
 * server-level lists and the InetStp\Components registry facts, set in
 * memory), the model's lists read from real applicationHost.config files
 * (the sample generator's and, when present, a real shared configuration),
 * and the sample bundles. Assertions are on status, target and evidence. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "iis_testutil.h"

#define ART "hand-built/applicationHost.config"
#define HIVE "hand-built/SOFTWARE.hiv"
#define ROLES "IIS role services"
#define WCF "WCF HTTP Activation"
#define REAL_APPHOST "iis-config/c1982_shared_applicationHost.config"

/* A hand-built server: what the list and entries point at must outlive the
 * facts, so it all sits here. */
struct server {
	struct facts f;
	struct iis_model m;
	struct iis_entry gm[6], isapi[1], handlers[2];
};

static void put_dword(struct regfact *r, uint32_t d)
{
	regval_free(&r->v);
	free(r->why);
	r->why = NULL;
	r->st = RF_FOUND;
	r->artifact = HIVE;
	r->v.type = REGT_DWORD;
	r->v.size = 4;
	r->v.data = xcalloc(1, 4);
	memcpy(r->v.data, &d, 4); /* little-endian host, as the hive stores it */
}

static void put_state(struct regfact *r, enum regfact_state st)
{
	regval_free(&r->v);
	memset(&r->v, 0, sizeof(r->v));
	r->st = st;
	r->artifact = HIVE;
}

static void put_gen(struct facts *f, enum connector_gen g)
{
	f->connector.gen = g;
	f->connector.artifact = HIVE;
}

static const enum regfact_id inetstp[] = {
	RF_INETSTP_REQUEST_FILTERING, RF_INETSTP_ISAPI_EXT, RF_INETSTP_ISAPI_FILTER,
	RF_INETSTP_NETFX_EXT45, RF_INETSTP_ASPNET45, RF_INETSTP_STATIC_CONTENT,
};

/* Every role service in both sources, the current connector, WCF absent. */
static void healthy_server(struct server *s)
{
	static const char *const mods[] = {"RequestFilteringModule", "IsapiModule",
					   "IsapiFilterModule", "ManagedEngineV4.0_64bit",
					   "StaticFileModule", "HttpLoggingModule"};
	size_t i;

	memset(s, 0, sizeof(*s));
	strcpy(s->f.control_set_key, "ControlSet001");
	s->f.src[SRC_SOFTWARE].state = SOURCE_ABSENT;
	regfacts_build(&s->f);
	for (i = 0; i < 6; i++) {
		s->gm[i].key = mods[i];
		s->gm[i].line = 100 + (long)i;
	}
	s->m.artifact = ART;
	s->m.global_modules.v = s->gm;
	s->m.global_modules.n = 6;
	s->m.global_modules.line = 99;
	s->isapi[0].key = "%windir%\\Microsoft.NET\\Framework64\\v4.0.30319\\webengine4.dll";
	s->isapi[0].line = 200;
	s->m.isapi_cgi.v = s->isapi;
	s->m.isapi_cgi.n = 1;
	s->m.isapi_cgi.line = 199;
	s->m.handlers.v = s->handlers;
	s->m.handlers.line = 299;
	s->f.iis = &s->m;
	put_state(&s->f.reg[RF_INETSTP_KEY], RF_FOUND);
	for (i = 0; i < sizeof(inetstp) / sizeof(inetstp[0]); i++)
		put_dword(&s->f.reg[inetstp[i]], 1);
	put_gen(&s->f, CONN_CURRENT);
}

static void add_wcf(struct server *s)
{
	s->handlers[0].key = "svc-Integrated-4.0";
	s->handlers[0].path = "*.svc";
	s->handlers[0].precondition = "integratedMode,runtimeVersionv4.0";
	s->handlers[0].location = "";
	s->handlers[0].line = 300;
	s->m.handlers.n = 1;
}

static void free_server(struct server *s)
{
	s->f.iis = NULL;
	facts_free(&s->f);
}

/* Run the check; the result for target (owned by out). */
static const struct result *run(struct server *s, struct result_list *out, const char *target)
{
	const struct check_def *c = check_find("iis.features");
	struct emitter em = {out, c, 0};
	size_t i;

	assert_non_null(c);
	c->fn(&s->f, &em);
	for (i = 0; i < out->n; i++)
		if (strcmp(out->v[i]->target, target) == 0)
			return out->v[i];
	fail_msg("no iis.features result for %s (%zu results)", target, out->n);
	return NULL;
}

/* 1 when r has evidence from artifact whose location contains loc and
 * (value not NULL) whose value is value. */
static int has_ev(const struct result *r, const char *artifact, const char *loc, const char *value)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		if (e->artifact != NULL && strcmp(e->artifact, artifact) == 0 &&
		    e->location != NULL && strstr(e->location, loc) != NULL &&
		    (value == NULL || (e->value != NULL && strcmp(e->value, value) == 0)))
			return 1;
	}
	return 0;
}

static void test_pass_both_sources(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_ev(r, ART, "line 100, system.webServer/globalModules: Request Filtering",
			   "RequestFilteringModule"));
	assert_true(has_ev(r, ART, "line 103, system.webServer/globalModules: .NET Extensibility",
			   "ManagedEngineV4.0_64bit"));
	assert_true(has_ev(r, ART, "line 200, system.webServer/security/isapiCgiRestriction: ASP.NET",
			   s.isapi[0].key));
	assert_true(has_ev(r, HIVE, "InetStp\\Components\\ASPNET45", "1 (0x1)"));
	assert_true(has_ev(r, HIVE, "InetStp\\Components\\StaticContent", "1 (0x1)"));
	assert_int_equal(r->nev, 12);
	/* The current connector makes WCF irrelevant, installed or not. */
	assert_int_equal(run(&s, &l, WCF)->status, ST_NA);
	result_list_free(&l);
	free_server(&s);
}

static void test_fail_config_lacks_module(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	s.gm[2].key = "CustomErrorModule"; /* IsapiFilterModule removed */
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_ev(r, ART, "ISAPI Filters: IsapiFilterModule in system.webServer/globalModules",
			   "(not there)"));
	assert_true(has_ev(r, HIVE, "InetStp\\Components\\ISAPIFilter", "1 (0x1)"));
	assert_non_null(strstr(r->remediation, "Install-WindowsFeature Web-ISAPI-Filter "));
	assert_null(strstr(r->remediation, "Web-Filtering"));
	result_list_free(&l);
	free_server(&s);
}

static void test_fail_registry_says_not_installed(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	put_dword(&s.f.reg[RF_INETSTP_ASPNET45], 0);
	put_state(&s.f.reg[RF_INETSTP_STATIC_CONTENT], RF_ABSENT);
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_ev(r, HIVE, "InetStp\\Components\\ASPNET45", "0 (0x0)"));
	assert_true(has_ev(r, HIVE, "InetStp\\Components\\StaticContent", "(absent)"));
	assert_non_null(strstr(r->remediation, "Web-Asp-Net45,Web-Static-Content"));
	result_list_free(&l);
	free_server(&s);
}

/* No applicationHost.config: the registry alone decides. */
static void test_registry_only(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	s.f.iis = NULL;
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_PASS);
	assert_int_equal(r->nev, 6);
	assert_false(has_ev(r, ART, "", NULL));
	/* WCF is told from the configuration only: without it, ne for legacy. */
	result_list_free(&l);
	put_gen(&s.f, CONN_LEGACY);
	assert_int_equal(run(&s, &l, WCF)->status, ST_NE);
	result_list_free(&l);
	free_server(&s);
}

static void test_ne_without_sources(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	s.f.iis = NULL;
	put_state(&s.f.reg[RF_INETSTP_KEY], RF_ABSENT);
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_NE);
	assert_int_equal(l.n, 1);
	assert_true(has_ev(r, HIVE, "InetStp\\Components", "(absent)"));
	result_list_free(&l);
	free_server(&s);
}

/* The key absent but a configuration present: the configuration decides,
 * the registry adds no evidence. */
static void test_config_only(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	put_state(&s.f.reg[RF_INETSTP_KEY], RF_ABSENT);
	put_dword(&s.f.reg[RF_INETSTP_ASPNET45], 0); /* ignored without the key */
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_PASS);
	assert_int_equal(r->nev, 6);
	result_list_free(&l);
	free_server(&s);
}

/* A configuration without globalModules and no InetStp key: the modules'
 * role services cannot be told, never "installed". */
static void test_ne_config_without_sections(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	put_state(&s.f.reg[RF_INETSTP_KEY], RF_ABSENT);
	s.m.global_modules.n = 0;
	s.m.global_modules.line = 0;
	r = run(&s, &l, ROLES);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Request Filtering, ISAPI Extensions"));
	assert_null(strstr(r->message, "ASP.NET"));
	result_list_free(&l);
	free_server(&s);
}

static void test_wcf_by_generation(void **state)
{
	struct server s;
	struct result_list l = {0};
	const struct result *r;

	(void)state;
	healthy_server(&s);
	put_gen(&s.f, CONN_LEGACY);
	r = run(&s, &l, WCF);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_ev(r, ART, "WCF HTTP Activation: .NET 4 *.svc handler", "(not there)"));
	assert_non_null(strstr(r->remediation, "NET-WCF-HTTP-Activation45"));
	result_list_free(&l);
	add_wcf(&s);
	r = run(&s, &l, WCF);
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_ev(r, ART, "line 300, <location path=\"\">, system.webServer/handlers",
			   "svc-Integrated-4.0"));
	result_list_free(&l);
	put_gen(&s.f, CONN_NONE);
	assert_int_equal(run(&s, &l, WCF)->status, ST_NA);
	result_list_free(&l);
	s.m.handlers.n = 0;
	put_gen(&s.f, CONN_UNKNOWN);
	assert_int_equal(run(&s, &l, WCF)->status, ST_NE);
	result_list_free(&l);
	free_server(&s);
}

/* The model's lists from applicationHost.config as IIS writes it: a
 * <remove> at <location path=""> takes a module out, a <clear> empties. */
static void test_model_lists(void **state)
{
	const char *edits[] = {
		"            <add name=\"IsapiFilterModule\" image=\"%windir%\\System32\\inetsrv\\filter.dll\" />\n",
		"",
		"\n</configuration>\n",
		"\n    <location path=\"\">\n        <system.webServer>\n            <globalModules>\n"
		"                <remove name=\"StaticFileModule\" />\n            </globalModules>\n"
		"        </system.webServer>\n    </location>\n</configuration>\n",
		NULL};
	struct audit a;
	const struct result *r;
	const struct iis_model *m;
	size_t i;

	(void)state;
	iis_audit_edits(&a, edits);
	m = a.facts.iis;
	assert_non_null(m);
	assert_true(m->global_modules.n > 10);
	for (i = 0; i < m->global_modules.n; i++) {
		assert_string_not_equal(m->global_modules.v[i].key, "IsapiFilterModule");
		assert_string_not_equal(m->global_modules.v[i].key, "StaticFileModule");
	}
	assert_true(m->isapi_cgi.n == 3);
	r = find_result(&a, "iis.features", ROLES);
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->remediation, "Web-ISAPI-Filter,Web-Static-Content"));
	audit_free(&a);
}

/* A real shared configuration (IIS 8 era, ASP.NET 4 through
 * aspnet_isapi.dll): every role service is there. */
static void test_real_config(void **state)
{
	char *path = realworld_path(REAL_APPHOST), *dir;
	struct audit a;
	const struct result *r;

	(void)state;
	if (path == NULL)
		skip(); /* ../shared/realworld is not beside this checkout */
	dir = scratch_dir();
	iis_copy(dir, "../shared/realworld/" REAL_APPHOST, APPHOST_REL);
	iis_audit(&a, dir);
	r = find_result(&a, "iis.features", ROLES);
	assert_non_null(r);
	assert_int_equal(r->status, ST_PASS);
	assert_true(iis_has_ev(r, "line 331, system.webServer/globalModules", "RequestFilteringModule"));
	assert_true(iis_has_ev(r, "line 433, system.webServer/security/isapiCgiRestriction",
			       "%windir%\\Microsoft.NET\\Framework\\v4.0.30319\\aspnet_isapi.dll"));
	audit_free(&a);
	free(path);
}

/* The samples: healthy passes (its hive has no InetStp key), the legacy
 * one has WCF, iis-features-missing fails on both sources. */
static void test_samples(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(find_result(&a, "iis.features", ROLES)->status, ST_PASS);
	assert_int_equal(find_result(&a, "iis.features", WCF)->status, ST_NA);
	audit_free(&a);
	audit_sample(&a, "iis-crp-winauth");
	assert_int_equal(find_result(&a, "iis.features", WCF)->status, ST_PASS);
	audit_free(&a);
	audit_sample(&a, "iis-features-missing");
	r = find_result(&a, "iis.features", ROLES);
	assert_int_equal(r->status, ST_FAIL);
	assert_true(iis_has_ev(r, "InetStp\\Components\\ISAPIFilter", "0 (0x0)"));
	assert_true(iis_has_ev(r, "InetStp\\Components\\ASPNET45", "(absent)"));
	assert_true(iis_has_ev(r, "ISAPI Filters: IsapiFilterModule", "(not there)"));
	assert_non_null(strstr(r->remediation, "Web-ISAPI-Filter,Web-Asp-Net45"));
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pass_both_sources),
		cmocka_unit_test(test_fail_config_lacks_module),
		cmocka_unit_test(test_fail_registry_says_not_installed),
		cmocka_unit_test(test_registry_only),
		cmocka_unit_test(test_ne_without_sources),
		cmocka_unit_test(test_config_only),
		cmocka_unit_test(test_ne_config_without_sections),
		cmocka_unit_test(test_wcf_by_generation),
		cmocka_unit_test(test_model_lists),
		cmocka_unit_test(test_real_config),
		cmocka_unit_test(test_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
