/* NDES role checks: every outcome of ndes.role.configured, mscep.templates,
 * mscep.registry and mscep.policy_module, on the sample hives and on .reg
 * exports written as regedit writes them (UTF-16LE, CRLF). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define HDR "Windows Registry Editor Version 5.00\n\n"
#define SW "HKEY_LOCAL_MACHINE\\SOFTWARE\\"
#define MSCEP "[" SW "Microsoft\\Cryptography\\MSCEP]\n"
#define GOOD_TEMPLATES                                   \
	"\"SignatureTemplate\"=\"NDESIntune\"\n"          \
	"\"EncryptionTemplate\"=\"NDESIntune\"\n"         \
	"\"GeneralPurposeTemplate\"=\"NDESIntune\"\n\n"
#define NDES_STATUS(v) "[" SW "Microsoft\\ADCS\\NDES]\n\"ConfigurationStatus\"=" v "\n\n"

/* ------------------------------------------------------ ndes.role.configured */

static void test_role_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence(r, "Microsoft\\ADCS\\NDES\\ConfigurationStatus", "2 (0x2)"));
	assert_true(has_evidence(r, "Microsoft\\Cryptography\\MSCEP", "(present)"));
	audit_free(&a);
}

static void test_role_fail_not_configured(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "ndes-not-configured");
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "Microsoft\\Cryptography\\MSCEP does not exist"));
	assert_true(has_evidence(r, "ConfigurationStatus", "1 (0x1)"));
	assert_non_null(r->remediation);
	audit_free(&a);
}

static void test_role_fail_status_not_2(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES NDES_STATUS("dword:00000001"));
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "ConfigurationStatus is 1, not 2"));
	assert_true(has_evidence(r, "ConfigurationStatus (line ", "1 (0x1)"));
	audit_free(&a);
}

static void test_role_fail_status_absent_or_wrong_type(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES "[" SW "Microsoft\\ADCS\\NDES]\n\n");
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "ConfigurationStatus is not set"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES NDES_STATUS("\"2\""));
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "stored as REG_SZ"));
	audit_free(&a);
}

static void test_role_ne_export_without_status(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = scratch_dir(), *from = src_path("samples/reg-only/registry/mscep.reg");
	char *to = xasprintf("%s/mscep.reg", dir);

	(void)state;
	/* Only the MSCEP key was exported: ADCS\NDES is not in the evidence. */
	copy_file(from, to);
	audit_one(&a, dir);
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Microsoft\\ADCS\\NDES"));
	assert_non_null(strstr(r->message, "which covers only: Microsoft\\Cryptography\\MSCEP"));
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(to);
}

static void test_role_ne_without_software(void **state)
{
	struct audit a;

	(void)state;
	audit_fixture(&a, "samples/healthy/registry/SYSTEM.hiv");
	assert_int_equal(only_result(&a, "ndes.role.configured")->status, ST_NE);
	assert_non_null(strstr(only_result(&a, "ndes.role.configured")->message, "no SOFTWARE hive"));
	audit_free(&a);
}

static void test_role_error_unreadable_value(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES NDES_STATUS("dword:0000000g"));
	r = only_result(&a, "ndes.role.configured");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "software.reg: line "));
	assert_non_null(strstr(r->message, "ConfigurationStatus"));
	audit_free(&a);
}

static void test_role_error_truncated_hive(void **state)
{
	struct audit a;
	char *dir = scratch_dir(), *from = src_path("samples/healthy/registry/SOFTWARE.hiv");
	char *to = xasprintf("%s/SOFTWARE.hiv", dir);
	size_t n;
	void *data = read_all(from, &n);

	(void)state;
	write_file(to, data, 4096 + 4096);
	audit_one(&a, dir);
	/* Truncated: unclassifiable, so it may be the SOFTWARE hive. */
	assert_int_equal(only_result(&a, "ndes.role.configured")->status, ST_ERROR);
	assert_int_equal(only_result(&a, "mscep.templates")->status, ST_ERROR);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(from);
	free(to);
	free(data);
}

/* ---------------------------------------------------------- mscep.templates */

static void test_templates_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "NDESSigning"));
	assert_true(has_evidence(r, "MSCEP\\GeneralPurposeTemplate", "\"NDESGeneral\""));
	audit_free(&a);
}

static void test_templates_fail_role_default(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "still the role default IPSECIntermediateOffline"));
	assert_true(has_evidence(r, "SignatureTemplate", "IPSECIntermediateOffline"));
	assert_non_null(r->remediation);
	audit_free(&a);
	/* Case does not hide the default. */
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"ipsecintermediateoffline\"\n"
			"\"EncryptionTemplate\"=\"IPSECIntermediateOffline\"\n"
			"\"GeneralPurposeTemplate\"=\"IPSECINTERMEDIATEOFFLINE\"\n\n");
	assert_int_equal(only_result(&a, "mscep.templates")->status, ST_FAIL);
	audit_free(&a);
}

static void test_templates_fail_missing_empty_wrong_type(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"NDESIntune\"\n"
			"\"EncryptionTemplate\"=dword:00000001\n"
			"\"GeneralPurposeTemplate\"=\"\"\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not set: GeneralPurposeTemplate (empty)"));
	assert_non_null(strstr(r->message, "not a REG_SZ: EncryptionTemplate (REG_DWORD)"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"NDESIntune\"\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "not set: EncryptionTemplate, GeneralPurposeTemplate"));
	assert_true(has_evidence(r, "EncryptionTemplate", "(absent)"));
	audit_free(&a);
}

static void test_templates_fail_mscep_absent(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "ndes-not-configured");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "NDES is not configured"));
	audit_free(&a);
}

static void test_templates_warn_some_default_or_display_name(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"IPSECIntermediateOffline\"\n"
			"\"EncryptionTemplate\"=\"NDESIntune\"\n"
			"\"GeneralPurposeTemplate\"=\"NDESIntune\"\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "SignatureTemplate still the role default"));
	assert_non_null(r->remediation);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"NDES Intune\"\n"
			"\"EncryptionTemplate\"=\"NDES Intune\"\n"
			"\"GeneralPurposeTemplate\"=\"NDESIntune\"\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "SignatureTemplate, EncryptionTemplate contain a space"));
	assert_non_null(strstr(r->message, "0x80094800"));
	audit_free(&a);
}

static void test_templates_ne(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* The export holds only MSCEP\CAInfo: MSCEP exists, its values are unknown. */
	audit_reg_texts(&a, NULL, HDR "[" SW "Microsoft\\Cryptography\\MSCEP\\CAInfo]\n"
			"\"Configuration\"=\"ca\\\\CA\"\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Microsoft\\Cryptography\\MSCEP\\CAInfo (")); /* coverage */
	audit_free(&a);
	/* No MSCEP key in the exports at all. */
	audit_reg_texts(&a, NULL, HDR NDES_STATUS("dword:00000002"));
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_NE);
	assert_null(r->ev[0].artifact); /* no file holds it */
	audit_free(&a);
}

static void test_templates_error(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP "\"SignatureTemplate\"=\"NDESIntune\"\n"
			"\"EncryptionTemplate\"=\"NDESIntune\"\n"
			"\"GeneralPurposeTemplate\"=hex(1):4e,00,zz\n\n");
	r = only_result(&a, "mscep.templates");
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "line 6"));
	assert_non_null(strstr(r->message, "GeneralPurposeTemplate"));
	/* The value's problem is also on the artifact. */
	assert_true(a.bundle.arts[0].nwarnings >= 1);
	audit_free(&a);
}

static void test_templates_hive_and_export_disagree(void **state)
{
	struct audit a;
	const struct result *r;
	char *dir = scratch_dir();
	char *hive = copy_fixture("samples/broken/registry/SOFTWARE.hiv", dir, "SOFTWARE.hiv");
	char *reg = copy_fixture("samples/reg-only/registry/mscep.reg", dir, "mscep.reg");
	const struct artifact *art = NULL;
	size_t i;

	(void)state;
	audit_one(&a, dir);
	r = only_result(&a, "mscep.templates");
	/* The hive decides; the export's other values are reported beside it. */
	assert_int_equal(r->status, ST_FAIL);
	assert_true(has_evidence(r, "MSCEP\\SignatureTemplate", "IPSECIntermediateOffline"));
	assert_true(has_evidence(r, "MSCEP\\SignatureTemplate (line 6)", "\"NDESSigning\" (the hive disagrees)"));
	assert_non_null(strstr(r->message, "disagrees with the hive"));
	for (i = 0; i < a.bundle.n; i++)
		if (ascii_casesuffix(a.bundle.arts[i].path, "mscep.reg"))
			art = &a.bundle.arts[i];
	assert_non_null(art);
	assert_int_equal(art->kind, ART_REG_SOFTWARE);
	assert_int_equal(art->nwarnings, 3);
	assert_non_null(strstr(art->warnings[0], "disagrees with"));
	assert_non_null(strstr(art->warnings[0], "REG_SZ of 50 bytes"));
	/* Agreeing values are not reported twice. */
	r = find_result(&a, "mscep.registry", "MSCEP\\CAType");
	assert_int_equal(r->nev, 1);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(hive);
	free(reg);
}

/* ----------------------------------------------------------- mscep.registry */

static void test_registry_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	assert_int_equal(count_results(&a, "mscep.registry", ST_PASS), 5);
	r = find_result(&a, "mscep.registry", "MSCEP\\CAInfo");
	assert_non_null(r);
	assert_non_null(strstr(r->message, "ca01.corp.contoso.com\\Contoso Issuing CA"));
	audit_free(&a);
}

static void test_registry_fail_missing_subkey(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "missing-enforcepassword");
	r = find_result(&a, "mscep.registry", "MSCEP\\EnforcePassword");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "the subkey is missing"));
	assert_non_null(strstr(r->message, "0x80070002"));
	assert_true(has_evidence(r, "MSCEP\\EnforcePassword\\EnforcePassword", "(absent)"));
	assert_int_equal(count_results(&a, "mscep.registry", ST_PASS), 4);
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
}

static void test_registry_fail_value_type_empty(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES
			"[" SW "Microsoft\\Cryptography\\MSCEP\\CAInfo]\n\"Configuration\"=\"\"\n\n"
			"[" SW "Microsoft\\Cryptography\\MSCEP\\CAType]\n\n"
			"[" SW "Microsoft\\Cryptography\\MSCEP\\EnforcePassword]\n\"EnforcePassword\"=\"0\"\n\n"
			"[" SW "Microsoft\\Cryptography\\MSCEP\\PasswordVDir]\n\"PasswordVDir\"=dword:00000000\n\n"
			"[" SW "Microsoft\\Cryptography\\MSCEP\\UseSinglePassword]\n\"UseSinglePassword\"=dword:00000001\n\n");
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\CAInfo")->status, ST_FAIL);
	assert_non_null(strstr(find_result(&a, "mscep.registry", "MSCEP\\CAInfo")->message,
			       "which CA to send requests to"));
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\CAType")->status, ST_FAIL);
	assert_non_null(strstr(find_result(&a, "mscep.registry", "MSCEP\\CAType")->message,
			       "the value is missing"));
	assert_non_null(strstr(find_result(&a, "mscep.registry", "MSCEP\\EnforcePassword")->message,
			       "NDES reads a REG_DWORD"));
	assert_non_null(strstr(find_result(&a, "mscep.registry", "MSCEP\\PasswordVDir")->message,
			       "NDES reads a REG_SZ"));
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\UseSinglePassword")->status, ST_PASS);
	audit_free(&a);
}

static void test_registry_fail_mscep_absent(void **state)
{
	struct audit a;

	(void)state;
	audit_sample(&a, "ndes-not-configured");
	assert_int_equal(only_result(&a, "mscep.registry")->status, ST_FAIL);
	assert_string_equal(only_result(&a, "mscep.registry")->target, "Microsoft\\Cryptography\\MSCEP");
	audit_free(&a);
}

static void test_registry_ne_partial_export(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* Two subkeys exported on their own: those are judged, the rest is ne. */
	audit_reg_texts(&a, NULL, HDR
			"[" SW "Microsoft\\Cryptography\\MSCEP\\CAInfo]\n\"Configuration\"=\"ca01\\\\CA\"\n\n"
			"[" SW "Microsoft\\Cryptography\\MSCEP\\CAType]\n\"CAType\"=dword:00000001\n\n");
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\CAInfo")->status, ST_PASS);
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\CAType")->status, ST_PASS);
	r = find_result(&a, "mscep.registry", "MSCEP\\EnforcePassword");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Microsoft\\Cryptography\\MSCEP\\EnforcePassword"));
	assert_int_equal(count_results(&a, "mscep.registry", ST_NE), 3);
	assert_int_equal(count_results(&a, "mscep.registry", ST_FAIL), 0);
	audit_free(&a);
	/* Nothing of MSCEP in the exports: one ne. */
	audit_reg_texts(&a, NULL, HDR NDES_STATUS("dword:00000002"));
	assert_int_equal(only_result(&a, "mscep.registry")->status, ST_NE);
	audit_free(&a);
}

static void test_registry_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES
			"[" SW "Microsoft\\Cryptography\\MSCEP\\CAType]\n\"CAType\"=dword:1234567890\n\n");
	assert_int_equal(find_result(&a, "mscep.registry", "MSCEP\\CAType")->status, ST_ERROR);
	assert_non_null(strstr(find_result(&a, "mscep.registry", "MSCEP\\CAType")->message,
			       "a dword needs 1 to 8 hex digits"));
	audit_free(&a);
}

/* ------------------------------------------------------ mscep.policy_module */

static void test_policy_module_pass(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, "mscep.policy_module");
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "NDESPolicy.NDESPolicyModule"));
	audit_free(&a);
}

static void test_policy_module_fail(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	/* Exports without the connector keys: the deployment mode is unknown,
	 * so a missing policy module is not a finding yet (issue 14.2)... */
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES);
	r = only_result(&a, "mscep.policy_module");
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "--deployment intune"));
	/* ...until --deployment says: intune fails, standalone is na. */
	assert_int_equal(status_as_deployed(&a, "mscep.policy_module", "intune"), ST_FAIL);
	assert_int_equal(status_as_deployed(&a, "mscep.policy_module", "standalone"), ST_NA);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES "[" SW
			"Microsoft\\Cryptography\\MSCEP\\Modules]\n\"Policy\"=\"\"\n\n");
	r = only_result(&a, "mscep.policy_module");
	assert_int_equal(r->status, ST_NE);
	assert_int_equal(status_as_deployed(&a, "mscep.policy_module", "intune"), ST_FAIL);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES "[" SW
			"Microsoft\\Cryptography\\MSCEP\\Modules]\n\"Policy\"=dword:00000001\n\n");
	assert_non_null(strstr(only_result(&a, "mscep.policy_module")->message, "stored as REG_DWORD"));
	audit_free(&a);
	audit_sample(&a, "ndes-not-configured");
	assert_int_equal(only_result(&a, "mscep.policy_module")->status, ST_FAIL);
	audit_free(&a);
}

/* The template cache from real .reg exports (issue 14.8): a name the cache
 * lacks fails; every name present passes; no cache in the bundle, no
 * result. */
#define TCACHE "[" SW "Microsoft\\Cryptography\\CertificateTemplateCache]\n\n"
#define TCACHED(n) "[" SW "Microsoft\\Cryptography\\CertificateTemplateCache\\" n "]\n" \
		   "\"DisplayName\"=\"" n "\"\n\n"

static void test_templates_cache(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES TCACHE TCACHED("User")
			TCACHED("WebServer"));
	r = find_result(&a, "mscep.templates", "CertificateTemplateCache");
	assert_non_null(r);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "NDESIntune"));
	assert_true(has_evidence(r, "CertificateTemplateCache\\NDESIntune", "(absent)"));
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES TCACHE TCACHED("ndesintune"));
	r = find_result(&a, "mscep.templates", "CertificateTemplateCache");
	assert_non_null(r);
	assert_int_equal(r->status, ST_PASS);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES);
	assert_null(find_result(&a, "mscep.templates", "CertificateTemplateCache"));
	assert_int_equal(count_results(&a, "mscep.templates", ST_PASS), 1);
	audit_free(&a);
}

static void test_policy_module_ne_and_error(void **state)
{
	struct audit a;

	(void)state;
	audit_reg_texts(&a, NULL, HDR "[" SW "Microsoft\\Cryptography\\MSCEP\\CAInfo]\n"
			"\"Configuration\"=\"ca\"\n\n");
	assert_int_equal(only_result(&a, "mscep.policy_module")->status, ST_NE);
	audit_free(&a);
	audit_reg_texts(&a, NULL, HDR MSCEP GOOD_TEMPLATES "[" SW
			"Microsoft\\Cryptography\\MSCEP\\Modules]\n\"Policy\"=\"unterminated\n\n");
	assert_int_equal(only_result(&a, "mscep.policy_module")->status, ST_ERROR);
	assert_non_null(strstr(only_result(&a, "mscep.policy_module")->message, "no closing quote"));
	audit_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_pass),
		cmocka_unit_test(test_role_fail_not_configured),
		cmocka_unit_test(test_role_fail_status_not_2),
		cmocka_unit_test(test_role_fail_status_absent_or_wrong_type),
		cmocka_unit_test(test_role_ne_export_without_status),
		cmocka_unit_test(test_role_ne_without_software),
		cmocka_unit_test(test_role_error_unreadable_value),
		cmocka_unit_test(test_role_error_truncated_hive),
		cmocka_unit_test(test_templates_pass),
		cmocka_unit_test(test_templates_fail_role_default),
		cmocka_unit_test(test_templates_fail_missing_empty_wrong_type),
		cmocka_unit_test(test_templates_fail_mscep_absent),
		cmocka_unit_test(test_templates_warn_some_default_or_display_name),
		cmocka_unit_test(test_templates_ne),
		cmocka_unit_test(test_templates_error),
		cmocka_unit_test(test_templates_hive_and_export_disagree),
		cmocka_unit_test(test_registry_pass),
		cmocka_unit_test(test_registry_fail_missing_subkey),
		cmocka_unit_test(test_registry_fail_value_type_empty),
		cmocka_unit_test(test_registry_fail_mscep_absent),
		cmocka_unit_test(test_registry_ne_partial_export),
		cmocka_unit_test(test_registry_error),
		cmocka_unit_test(test_policy_module_pass),
		cmocka_unit_test(test_policy_module_fail),
		cmocka_unit_test(test_policy_module_ne_and_error),
		cmocka_unit_test(test_templates_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
