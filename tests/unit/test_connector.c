/* Intune connector checks: every outcome of connector.installed,
 * connector.legacy.registry and connector.scep_enabled, and the generation
 * fact other areas read, from hives and from .reg exports. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define HDR "Windows Registry Editor Version 5.00\n\n"
#define SW "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
#define UNINST "Microsoft\\Windows\\CurrentVersion\\Uninstall"
/* Both Uninstall views, so that what they do not list is known absent. */
#define UNINSTALL_KEYS "[" SW UNINST "]\n\n[" SW "WOW6432Node\\" UNINST "]\n\n"
#define CURRENT_ENTRY                                                         \
	"[" SW UNINST "\\{5C4B2E1A-7D3F-4A8B-9C6E-2F1D0B3A4E5C}]\n"           \
	"\"DisplayName\"=\"Certificate Connector for Microsoft Intune\"\n"  \
	"\"DisplayVersion\"=\"6.2406.0.1001\"\n\n"
#define LEGACY_ENTRY                                                          \
	"[" SW "WOW6432Node\\" UNINST "\\{3E1D5C7A-2B4F-4A6E-9C8D-1F2E3D4C5B6A}]\n" \
	"\"DisplayName\"=\"Microsoft Intune Connector\"\n"                  \
	"\"DisplayVersion\"=\"6.1905.0.402\"\n\n"
#define NDESCONNECTOR "[" SW "Microsoft\\MicrosoftIntune\\NDESConnector]\n"
#define PFXCONNECTOR "[" SW "Microsoft\\MicrosoftIntune\\PFXCertificateConnector]\n"

/* A bundle of some of the reg-only sample's files. */
static void audit_reg_only(struct audit *a, const char *const *files, size_t n)
{
	char *dir = scratch_dir();
	size_t i;

	for (i = 0; i < n; i++) {
		char *rel = xasprintf("samples/reg-only/registry/%s", files[i]);

		free(copy_fixture(rel, dir, files[i]));
		free(rel);
	}
	audit_one(a, dir);
	a->dir = dir;
}

/* ------------------------------------------------------- connector.installed */

static void test_installed_pass_current(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "Certificate Connector for Microsoft Intune");
	assert_non_null(strstr(r->message, "current generation"));
	assert_non_null(strstr(r->message, "version 6.2406.0.1001"));
	assert_true(has_evidence(r, "\\DisplayVersion", "6.2406.0.1001"));
	audit_free(&a);
}

static void test_installed_pass_legacy_wow6432node(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "legacy-connector");
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "Microsoft Intune Connector");
	assert_non_null(strstr(r->message, "legacy generation"));
	assert_true(has_evidence(r, "WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall", NULL));
	audit_free(&a);
}

static void test_installed_pass_from_connector_keys(void **state)
{
	struct audit a;
	const char *files[] = {"intune.reg"};
	const struct result *r;

	(void)state;
	/* No Uninstall key in the evidence: the connector's own key decides. */
	audit_reg_only(&a, files, 1);
	assert_int_equal(a.facts.connector.gen, CONN_CURRENT);
	assert_string_equal(a.facts.connector.basis, "connector keys");
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "told from its registry key"));
	assert_true(has_evidence(r, "Microsoft\\MicrosoftIntune\\PFXCertificateConnector", "(present)"));
	audit_free(&a);
}

static void test_installed_pass_partial_uninstall(void **state)
{
	struct audit a;
	const char *files[] = {"uninstall.reg"};
	const struct result *r;

	(void)state;
	/* A REGEDIT4 export of the 64-bit Uninstall key only. */
	audit_reg_only(&a, files, 1);
	assert_int_equal(a.facts.connector.gen, CONN_CURRENT);
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "whether the legacy connector is installed too is not in "
					    "the .reg exports"));
	audit_free(&a);
}

static void test_installed_fail_none(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* No connector and no password challenge: the deployment mode is
	 * unknown, so the missing connector is ne (issue 14.2)... */
	audit_sample(&a, "ndes-not-configured");
	assert_int_equal(a.facts.deployment.mode, DEPLOY_UNKNOWN);
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "no Intune certificate connector is installed"));
	assert_true(has_evidence(r, "WOW6432Node", "(no connector entry)"));
	/* ...and with --deployment intune a fail, standalone na. */
	assert_int_equal(status_as_deployed(&a, "connector.installed", "intune"), ST_FAIL);
	assert_int_equal(status_as_deployed(&a, "connector.installed", "standalone"), ST_NA);
	audit_free(&a);
	/* From exports that cover both Uninstall views and list neither. */
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS);
	assert_int_equal(a.facts.connector.gen, CONN_NONE);
	assert_int_equal(only_result(&a, "connector.installed")->status, ST_NE);
	assert_int_equal(status_as_deployed(&a, "connector.installed", "intune"), ST_FAIL);
	audit_free(&a);
}

static void test_installed_fail_both(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_fixture(&a, "tests/fixtures/hives/software-connectors.hiv");
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "both connector generations are installed"));
	assert_non_null(strstr(r->message, "6.1905.0.402"));
	assert_non_null(strstr(r->message, "6.2301.1.0"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS CURRENT_ENTRY LEGACY_ENTRY);
	assert_int_equal(a.facts.connector.gen, CONN_BOTH);
	assert_int_equal(only_result(&a, "connector.installed")->status, ST_FAIL);
	audit_free(&a);
}

static void test_installed_ne(void **state)
{
	struct audit a;
	const char *files[] = {"mscep.reg"};
	const struct result *r;

	(void)state;
	audit_reg_only(&a, files, 1);
	assert_int_equal(a.facts.connector.gen, CONN_UNKNOWN);
	assert_non_null(a.facts.connector.unknown);
	r = only_result(&a, "connector.installed");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "neither the Uninstall keys nor the connector keys"));
	audit_free(&a);
}

static void test_installed_error(void **state)
{
	struct audit a;
	char *dir = scratch_dir();
	char *reg = write_reg(dir, "software.reg", HDR "[" SW UNINST "]\n", 1);
	size_t n;
	unsigned char *data = read_all(reg, &n);

	(void)state;
	/* A SOFTWARE export with invalid UTF-16 (an unpaired surrogate): it
	 * cannot be read, so the checks that need SOFTWARE say error. */
	data = xrealloc(data, n + 4);
	data[n] = 0x00, data[n + 1] = 0xD8, data[n + 2] = 'x', data[n + 3] = 0;
	write_file(reg, data, n + 4);
	audit_one(&a, dir);
	assert_int_equal(a.bundle.arts[0].status, ART_ERROR);
	assert_non_null(strstr(a.bundle.arts[0].error, "unpaired surrogate"));
	assert_int_equal(only_result(&a, "connector.installed")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "connector.installed")->message, "software.reg"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(reg);
	free(data);
}

/* ------------------------------------------------ connector.legacy.registry */

static void test_legacy_registry_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "legacy-connector");
	r = only_result(&a, "connector.legacy.registry");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence(r, "NDESConnector\\SigningCertificate", "6D2B9A41"));
	assert_true(has_evidence(r, "ConnectionStatus\\IssueDetails", "0 (0x0)"));
	audit_free(&a);
}

static void test_legacy_registry_na(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "connector.legacy.registry");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "runs the current generation"));
	audit_free(&a);
	audit_sample(&a, "ndes-not-configured");
	r = only_result(&a, "connector.legacy.registry");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "no connector is"));
	audit_free(&a);
}

static void test_legacy_registry_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS LEGACY_ENTRY NDESCONNECTOR
			"\"SigningCertificate\"=\"\"\n\"PfxSigningCertificate\"=\"6D2B\"\n\n"
			"[" SW "Microsoft\\MicrosoftIntune\\NDESConnector\\ConnectionStatus]\n"
			"\"IssueDetails\"=dword:80004003\n\n");
	r = only_result(&a, "connector.legacy.registry");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "SigningCertificate is empty"));
	assert_non_null(strstr(r->message, "KeyRecoveryAgentCertificate is not set"));
	assert_non_null(strstr(r->message, "no Intune licence"));
	assert_true(has_evidence(r, "IssueDetails", "2147500035 (0x80004003)"));
	audit_free(&a);
	/* The licence problem recorded as text. */
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS LEGACY_ENTRY NDESCONNECTOR
			"\"SigningCertificate\"=\"A\"\n\"PfxSigningCertificate\"=\"B\"\n"
			"\"KeyRecoveryAgentCertificate\"=\"C\"\n\n"
			"[" SW "Microsoft\\MicrosoftIntune\\NDESConnector\\ConnectionStatus]\n"
			"\"IssueDetails\"=\"0x80004003\"\n\n");
	r = only_result(&a, "connector.legacy.registry");
	assert_int_equal(r->status, ST_FAIL);
	assert_null(strstr(r->message, "is empty"));
	assert_non_null(strstr(r->message, "no Intune licence"));
	audit_free(&a);
	/* Both generations: the legacy registration is still judged. */
	audit_fixture(&a, "tests/fixtures/hives/software-connectors.hiv");
	assert_int_equal(only_result(&a, "connector.legacy.registry")->status, ST_FAIL);
	audit_free(&a);
}

static void test_legacy_registry_ne(void **state)
{
	struct audit a;
	const char *files[] = {"mscep.reg"};

	(void)state;
	/* Generation unknown. */
	audit_reg_only(&a, files, 1);
	assert_int_equal(only_result(&a, "connector.legacy.registry")->status, ST_NE);
	audit_free(&a);
	/* Legacy, but its key is not in the exports. */
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS LEGACY_ENTRY);
	assert_int_equal(only_result(&a, "connector.legacy.registry")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "connector.legacy.registry")->message,
			       "Microsoft\\MicrosoftIntune\\NDESConnector"));
	audit_free(&a);
}

static void test_legacy_registry_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS LEGACY_ENTRY NDESCONNECTOR
			"\"SigningCertificate\"=hex:4g\n\n");
	assert_int_equal(only_result(&a, "connector.legacy.registry")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "connector.legacy.registry")->message,
			       "SigningCertificate"));
	audit_free(&a);
}

/* --------------------------------------------------- connector.scep_enabled */

static void test_scep_enabled_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "connector.scep_enabled");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence(r, "PFXCertificateConnector\\EnableSCEP", "1 (0x1)"));
	audit_free(&a);
}

static void test_scep_enabled_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, "connector.scep_enabled");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "EnableSCEP is 0"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS CURRENT_ENTRY PFXCONNECTOR "\n");
	r = only_result(&a, "connector.scep_enabled");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "EnableSCEP is not set"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS CURRENT_ENTRY PFXCONNECTOR "\"EnableSCEP\"=\"1\"\n\n");
	assert_non_null(strstr(only_result(&a, "connector.scep_enabled")->message,
			       "stored as REG_SZ"));
	audit_free(&a);
}

static void test_scep_enabled_na_legacy(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "legacy-connector");
	r = only_result(&a, "connector.scep_enabled");
	assert_int_equal(r->status, ST_NA);
	assert_non_null(strstr(r->message, "runs the legacy generation"));
	audit_free(&a);
}

static void test_scep_enabled_ne(void **state)
{
	struct audit a;
	const char *files[] = {"mscep.reg"};

	(void)state;
	audit_reg_only(&a, files, 1);
	assert_int_equal(only_result(&a, "connector.scep_enabled")->status, ST_NE);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS CURRENT_ENTRY);
	assert_int_equal(only_result(&a, "connector.scep_enabled")->status, ST_NE);
	audit_free(&a);
}

static void test_scep_enabled_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR UNINSTALL_KEYS CURRENT_ENTRY PFXCONNECTOR
			"\"EnableSCEP\"=dword:\n\n");
	assert_int_equal(only_result(&a, "connector.scep_enabled")->status, ST_ERROR);
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_installed_pass_current),
		cmocka_unit_test(test_installed_pass_legacy_wow6432node),
		cmocka_unit_test(test_installed_pass_from_connector_keys),
		cmocka_unit_test(test_installed_pass_partial_uninstall),
		cmocka_unit_test(test_installed_fail_none),
		cmocka_unit_test(test_installed_fail_both),
		cmocka_unit_test(test_installed_ne),
		cmocka_unit_test(test_installed_error),
		cmocka_unit_test(test_legacy_registry_pass),
		cmocka_unit_test(test_legacy_registry_na),
		cmocka_unit_test(test_legacy_registry_fail),
		cmocka_unit_test(test_legacy_registry_ne),
		cmocka_unit_test(test_legacy_registry_error),
		cmocka_unit_test(test_scep_enabled_pass),
		cmocka_unit_test(test_scep_enabled_fail),
		cmocka_unit_test(test_scep_enabled_na_legacy),
		cmocka_unit_test(test_scep_enabled_ne),
		cmocka_unit_test(test_scep_enabled_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
