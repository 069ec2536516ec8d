/* The facts layer: control set, host identity, collection time, bindings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

static void test_control_set_from_select_current(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken");
	char *path;

	(void)state;
	audit_one(&a, p);
	assert_int_equal(a.facts.src[SRC_SYSTEM].state, SOURCE_OK);
	assert_int_equal(a.facts.control_set, 2);
	assert_string_equal(a.facts.control_set_key, "ControlSet002");
	path = facts_cs_path(&a.facts, "Services\\HTTP");
	assert_string_equal(path, "ControlSet002\\Services\\HTTP");
	free(path);
	audit_free(&a);
	free(p);
}

static void test_control_set_missing_is_source_error(void **state)
{
	struct audit a;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-badselect.hiv");
	assert_int_equal(a.facts.src[SRC_SYSTEM].state, SOURCE_ERROR);
	assert_non_null(strstr(a.facts.src[SRC_SYSTEM].error, "Select\\Current = 3"));
	assert_non_null(strstr(a.facts.src[SRC_SYSTEM].error, "no key ControlSet003"));
	assert_null(a.facts.fqdn);
	audit_free(&a);
}

static void test_host_identity(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");

	(void)state;
	audit_one(&a, p);
	assert_string_equal(a.facts.fqdn, "NDES01.corp.contoso.com");
	assert_string_equal(a.facts.fqdn_origin, "SYSTEM hive");
	assert_string_equal(a.facts.hostname.location,
			    "ControlSet001\\Services\\Tcpip\\Parameters\\Hostname");
	assert_string_equal(a.facts.computername.value, "NDES01");
	assert_string_equal(a.facts.os_build.value, "20348");
	assert_string_equal(a.facts.os_ubr.value, "2340");
	audit_free(&a);
	free(p);
}

static void test_fqdn_override(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const char *paths[] = {p};

	(void)state;
	audit_run(&a, paths, 1, "ndes.contoso.com");
	assert_string_equal(a.facts.fqdn, "ndes.contoso.com");
	assert_string_equal(a.facts.fqdn_origin, "--fqdn");
	audit_free(&a);
	free(p);
}

static void test_dhcp_suffix_is_not_the_fqdn(void **state)
{
	struct audit a;

	(void)state;
	/* Domain is empty; only DhcpDomain is set: the FQDN is the bare name. */
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	assert_string_equal(a.facts.fqdn, "ndes02");
	assert_null(a.facts.domain.value);
	audit_free(&a);
}

static void test_collected_at_newest_key(void **state)
{
	struct audit a;
	char *p = src_path("samples/broken");
	char buf[32];

	(void)state;
	audit_one(&a, p);
	assert_true(a.facts.has_collected_at);
	time_format_iso(a.facts.collected_at, buf, sizeof(buf));
	assert_string_equal(buf, "2026-05-30T14:07:03Z");
	audit_free(&a);
	free(p);
}

static void test_bindings_read(void **state)
{
	struct audit a;
	size_t i;
	int sni = 0;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	assert_null(a.facts.bindings_error);
	assert_int_equal(a.facts.nbindings, 2);
	for (i = 0; i < a.facts.nbindings; i++) {
		const struct ssl_binding *b = &a.facts.bindings[i];

		assert_int_equal(b->port, 443);
		if (strcmp(b->table, "SslSniBindingInfo") == 0) {
			sni = 1;
			assert_string_equal(b->endpoint, "ndes.contoso.com:443");
			assert_null(b->store);
			assert_int_equal(b->hash_size, 20);
		} else {
			assert_int_equal(b->hash_size, 19);
		}
	}
	assert_true(sni);
	audit_free(&a);
}

static void test_connector_generation(void **state)
{
	struct audit a;
	const struct connector_facts *c;
	char *p = src_path("samples/healthy");

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/software-connectors.hiv");
	c = &a.facts.connector;
	assert_null(c->error);
	assert_int_equal(c->gen, CONN_BOTH);
	assert_string_equal(c->legacy.version, "6.1905.0.402");
	assert_non_null(strstr(c->legacy.keypath, "WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{3E1D5C7A"));
	assert_string_equal(c->current.version, "6.2301.1.0");
	assert_string_equal(connector_gen_name(c->gen), "both");
	audit_free(&a);

	/* The healthy server runs the current generation; the legacy sample
	 * the legacy one (in the 32-bit Uninstall view); a server without a
	 * connector: none. Without SOFTWARE: unknown. */
	audit_one(&a, p);
	assert_int_equal(a.facts.connector.gen, CONN_CURRENT);
	assert_string_equal(a.facts.connector.current.version, "6.2406.0.1001");
	assert_string_equal(a.facts.connector.basis, "Uninstall entries");
	assert_null(a.facts.connector.unknown);
	audit_free(&a);
	free(p);
	p = src_path("samples/legacy-connector");
	audit_one(&a, p);
	assert_int_equal(a.facts.connector.gen, CONN_LEGACY);
	assert_string_equal(a.facts.connector.legacy.version, "6.1905.0.402");
	audit_free(&a);
	free(p);
	p = src_path("samples/ndes-not-configured");
	audit_one(&a, p);
	assert_int_equal(a.facts.connector.gen, CONN_NONE);
	audit_free(&a);
	audit_fixture(&a, "tests/fixtures/hives/system-types.hiv");
	assert_int_equal(a.facts.connector.gen, CONN_UNKNOWN);
	audit_free(&a);
	free(p);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The registry facts the checks judge, read once from real hives: state,
 * data, file and location of a value and of a key. */
static void test_registry_facts_from_hives(void **state)
{
	struct audit a;
	char *p = src_path("samples/healthy");
	const struct regfact *w, *ca;
	uint32_t d = 0;
	char *t;

	(void)state;
	audit_one(&a, p);
	w = &a.facts.reg[RF_SVC_W3SVC_START];
	assert_int_equal(w->st, RF_FOUND);
	assert_int_equal(regfact_dword(w, &d, NULL), 0);
	assert_int_equal(d, 2);
	assert_true(ends_with(w->artifact, "registry/SYSTEM.hiv"));
	assert_string_equal(w->location, "ControlSet001\\Services\\W3SVC\\Start");
	assert_null(w->x_value);
	ca = &a.facts.reg[RF_CERTSVC_KEY];
	assert_int_equal(ca->st, RF_ABSENT);
	assert_null(ca->name);
	assert_string_equal(ca->location, "ControlSet001\\Services\\CertSvc");
	t = regfact_text(&a.facts.reg[RF_MSCEP_SIGNATURE_TEMPLATE]);
	assert_string_equal(t, "NDESSigning");
	free(t);
	assert_int_equal(regfact_dword(&a.facts.reg[RF_MSCEP_SIGNATURE_TEMPLATE], &d, NULL), -1);
	audit_free(&a);
	free(p);
}

/* From .reg exports only: what they hold has its line; what they do not
 * hold is not covered (never absent), with the reason. */
static void test_registry_facts_from_reg_exports(void **state)
{
	struct audit a;
	char *p = src_path("samples/reg-only");
	const struct regfact *m, *ca;

	(void)state;
	audit_one(&a, p);
	m = &a.facts.reg[RF_HTTP_MAX_FIELD_LENGTH];
	assert_int_equal(m->st, RF_FOUND);
	assert_true(ends_with(m->artifact, "registry/http.reg"));
	assert_non_null(strstr(m->location, "CurrentControlSet\\Services\\HTTP\\Parameters\\"
					    "MaxFieldLength (line "));
	ca = &a.facts.reg[RF_CERTSVC_KEY];
	assert_int_equal(ca->st, RF_UNCOVERED);
	assert_non_null(strstr(ca->why, "not in the .reg exports"));
	audit_free(&a);
	free(p);
}

/* A hive with a .reg export of it that says otherwise: the fact keeps the
 * hive's value and the export's statement. */
static void test_registry_facts_disagreement(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *hive = copy_fixture("samples/broken/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	char *reg = copy_fixture("samples/reg-only/registry/mscep.reg", dir, "mscep.reg");
	const struct regfact *v;
	char *t;

	(void)state;
	audit_one(&a, dir);
	v = &a.facts.reg[RF_MSCEP_SIGNATURE_TEMPLATE];
	assert_int_equal(v->st, RF_FOUND);
	t = regfact_text(v);
	assert_string_equal(t, "IPSECIntermediateOffline");
	free(t);
	assert_true(ends_with(v->artifact, "SOFTWARE.hiv"));
	assert_true(ends_with(v->x_artifact, "mscep.reg"));
	assert_non_null(strstr(v->x_location, "MSCEP\\SignatureTemplate (line "));
	assert_string_equal(v->x_value, "\"NDESSigning\" (the hive disagrees)");
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
	free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_set_from_select_current),
		cmocka_unit_test(test_control_set_missing_is_source_error),
		cmocka_unit_test(test_host_identity),
		cmocka_unit_test(test_fqdn_override),
		cmocka_unit_test(test_dhcp_suffix_is_not_the_fqdn),
		cmocka_unit_test(test_collected_at_newest_key),
		cmocka_unit_test(test_bindings_read),
		cmocka_unit_test(test_connector_generation),
		cmocka_unit_test(test_registry_facts_from_hives),
		cmocka_unit_test(test_registry_facts_from_reg_exports),
		cmocka_unit_test(test_registry_facts_disagreement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
