/* User rights: the model (SIDs, privilege LUIDs, logon bits, well-known
 * principals, templates and the SECURITY hive) and every outcome of
 * rights.impersonate.iis_iusrs and rights.scep_pool_account.logon, on the
 * sample bundles, generated hives, templates written as secedit writes them
 * and the real NSA Group Policy template. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define IMP "rights.impersonate.iis_iusrs"
#define POOL "rights.scep_pool_account.logon"
#define SCEP_SID "S-1-5-82-298598261-2050821656-3206418497-3728514927-3871840613"
#define NSA_GUID "{A2A38432-E322-437F-9975-B7CC7F16F4AA}"
#define GPO_DIR "Policies/{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}/Machine/Microsoft/Windows NT/SecEdit"

/* ------------------------------------------------------------ helpers */

/* dir/rel, as secedit writes text (see write_utf16_text). */
static void add_template(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel), *slash = strrchr(path, '/');

	*slash = '\0';
	make_dirs(path);
	*slash = '/';
	write_utf16_text(path, text);
	free(path);
}

static void add_fixture(const char *dir, const char *rel, const char *name)
{
	free(copy_fixture(rel, dir, name));
}

/* A scratch bundle: the healthy SYSTEM hive and what the test adds. */
static char *bundle(void)
{
	char *dir = scratch_dir();

	add_fixture(dir, "samples/healthy/registry/SYSTEM.hiv", "SYSTEM.hiv");
	return dir;
}

static void drop_bundle(char *dir)
{
	rm_rf(dir);
	free(dir);
}

static const struct result *only(const struct result_list *l, const char *id)
{
	const struct result *found = NULL;
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i]->check->id, id) == 0) {
			found = l->v[i];
			n++;
		}
	}
	if (n != 1)
		fail_msg("expected one result of %s, got %zu", id, n);
	return found;
}

static const struct result *with_status(const struct audit *a, const char *id, enum status st)
{
	size_t i;

	for (i = 0; i < a->results.n; i++)
		if (strcmp(a->results.v[i]->check->id, id) == 0 && a->results.v[i]->status == st)
			return a->results.v[i];
	fail_msg("no %s result of %s", status_name(st), id);
	return NULL;
}

/* The IIS area fills f->scep_pool; these tests fill it by hand (replacing
 * what the bundle's applicationHost.config gave), then run the checks again
 * on the same facts. */
static void rerun_with_pool(struct audit *a, struct result_list *l, const char *type,
			    const char *pool, const char *user)
{
	struct pool_identity *p = &a->facts.scep_pool;

	free(p->identity_type);
	free(p->pool);
	free(p->user_name);
	free(p->location);
	p->known = 1;
	p->identity_type = type != NULL ? xstrdup(type) : NULL;
	p->pool = pool != NULL ? xstrdup(pool) : NULL;
	p->user_name = user != NULL ? xstrdup(user) : NULL;
	p->artifact = "applicationHost.config";
	p->location = xstrdup("system.applicationHost/applicationPools/add[@name='SCEP'] line 212");
	memset(l, 0, sizeof(*l));
	checks_run(&a->facts, l);
}

static const char export_head[] = "[Unicode]\nUnicode=yes\n[System Access]\nMinimumPasswordAge = 1\n"
				  "[Privilege Rights]\n";
static const char export_tail[] = "[Version]\nsignature=\"$CHICAGO$\"\nRevision=1\n";

/* An export whose [Privilege Rights] holds these lines (\n-separated). */
static void add_export(const char *dir, const char *rel, const char *rights)
{
	char *t = xasprintf("%s%s%s", export_head, rights, export_tail);

	add_template(dir, rel, t);
	free(t);
}

/* ------------------------------------------------------------ the model */

static void test_sid_binary_and_text(void **state)
{
	static const uint8_t iis[] = {1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x38, 2, 0, 0};
	static const uint8_t big[] = {1, 0, 1, 0, 0, 0, 0, 0};
	char *s = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(sid_from_binary(iis, sizeof(iis), &s, &why), 0);
	assert_string_equal(s, "S-1-5-32-568");
	free(s);
	assert_int_equal(sid_from_binary(big, sizeof(big), &s, &why), 0);
	assert_string_equal(s, "S-1-0x010000000000"); /* authorities >= 2^32 print in hex */
	free(s);
	assert_int_equal(sid_from_binary(iis, 15, &s, &why), -1);
	assert_non_null(strstr(why, "length"));
	assert_int_equal(sid_from_binary(iis, 4, &s, &why), -1);
	{
		uint8_t bad[16];

		memcpy(bad, iis, 16);
		bad[0] = 2;
		assert_int_equal(sid_from_binary(bad, 16, &s, &why), -1);
		bad[0] = 1;
		bad[1] = 16;
		assert_int_equal(sid_from_binary(bad, 16, &s, &why), -1);
	}
	assert_int_equal(sid_canonical("s-1-5-32-568", &s), 0);
	assert_string_equal(s, "S-1-5-32-568");
	free(s);
	assert_int_equal(sid_canonical("S-1-0x000000000005-32", &s), 0);
	assert_string_equal(s, "S-1-5-32");
	free(s);
	assert_int_equal(sid_canonical("S-1-5-21-4294967295", &s), 0);
	free(s);
	assert_int_equal(sid_canonical("S-1-5-21-4294967296", &s), -1);
	assert_int_equal(sid_canonical("S-2-5-32", &s), -1);
	assert_int_equal(sid_canonical("S-1-", &s), -1);
	assert_int_equal(sid_canonical("S-1-5-x", &s), -1);
	assert_int_equal(sid_canonical("S-1-5-32-", &s), -1);
	assert_int_equal(sid_canonical("IIS_IUSRS", &s), -1);
	assert_int_equal(sid_canonical("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", &s), -1);
	assert_null(s);
}

static void test_apppool_sid_known_values(void **state)
{
	char *s;

	(void)state;
	/* Both values as Windows reports them (whoami, profile lists). */
	s = apppool_sid("DefaultAppPool");
	assert_string_equal(s, "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415");
	free(s);
	s = apppool_sid("Classic .NET AppPool");
	assert_string_equal(s, "S-1-5-82-1036420768-1044797643-1061213386-2937092688-4282445334");
	free(s);
	s = apppool_sid("SCEP");
	assert_string_equal(s, SCEP_SID);
	free(s);
	s = apppool_sid("scep"); /* the name is lower-cased first */
	assert_string_equal(s, SCEP_SID);
	free(s);
}

static void test_privilege_and_logon_tables(void **state)
{
	const struct logon_right *lr;
	size_t n, i, j;
	uint32_t all = 0;

	(void)state;
	assert_null(privilege_name(0));
	assert_null(privilege_name(1));
	assert_null(privilege_name(37));
	assert_string_equal(privilege_name(SE_IMPERSONATE_LUID), "SeImpersonatePrivilege");
	assert_string_equal(privilege_name(2), "SeCreateTokenPrivilege");
	assert_string_equal(privilege_name(23), "SeChangeNotifyPrivilege");
	assert_string_equal(privilege_name(36), "SeDelegateSessionUserImpersonatePrivilege");
	for (i = 2; i <= 36; i++) {
		assert_non_null(privilege_name((uint32_t)i));
		for (j = 2; j < i; j++)
			assert_string_not_equal(privilege_name((uint32_t)i), privilege_name((uint32_t)j));
	}
	lr = logon_rights(&n);
	assert_int_equal(n, 10);
	for (i = 0; i < n; i++) {
		assert_int_equal(all & lr[i].bit, 0);
		all |= lr[i].bit;
		assert_int_equal(lr[i].deny, strncmp(lr[i].name, "SeDeny", 6) == 0);
	}
	assert_int_equal(all, 0xFD7);
	assert_string_equal(lr[2].name, "SeBatchLogonRight");
	assert_int_equal(lr[2].bit, 0x4);
	assert_string_equal(lr[3].name, "SeServiceLogonRight");
	assert_int_equal(lr[3].bit, 0x10);
}

static void test_wellknown_principals(void **state)
{
	(void)state;
	assert_string_equal(wellknown_name("S-1-5-32-568"), "BUILTIN\\IIS_IUSRS");
	assert_string_equal(wellknown_name("S-1-5-17"), "NT AUTHORITY\\IUSR");
	assert_string_equal(wellknown_name("S-1-1-0"), "Everyone");
	assert_null(wellknown_name("S-1-5-21-1-2-3-500"));
	assert_string_equal(wellknown_sid("IIS_IUSRS"), "S-1-5-32-568");
	assert_string_equal(wellknown_sid("builtin\\iis_iusrs"), "S-1-5-32-568");
	assert_string_equal(wellknown_sid("NT AUTHORITY\\NETWORK SERVICE"), "S-1-5-20");
	assert_string_equal(wellknown_sid("LOCAL SERVICE"), "S-1-5-19");
	assert_string_equal(wellknown_sid("SERVICE"), "S-1-5-6");
	assert_string_equal(wellknown_sid("Administrators"), "S-1-5-32-544");
	assert_null(wellknown_sid("CORP\\svc-ndes"));
	assert_null(wellknown_sid("NT AUTHORITY\\IIS_IUSRS"));
}

static void test_hive_model(void **state)
{
	struct audit a;
	const struct rights_set *s;
	const struct rights_account *ac;
	const struct rights_assignment *r;
	size_t i;
	int found = 0;

	(void)state;
	audit_sample(&a, "rights-security-hive");
	assert_int_equal(a.facts.src[SRC_SECURITY].state, SOURCE_OK);
	assert_int_equal(a.facts.src[SRC_SECPOL].state, SOURCE_ABSENT);
	assert_int_equal(a.facts.rights.n, 1);
	s = &a.facts.rights.sets[0];
	assert_int_equal(s->origin, RIGHTS_HIVE);
	assert_string_equal(rights_origin_name(s->origin), "SECURITY hive");
	assert_true(s->has_rights);
	assert_int_equal(s->nacct, 12);
	ac = rights_account_find(s, "S-1-5-32-568");
	assert_non_null(ac);
	assert_null(ac->problem);
	assert_int_equal(ac->nluids, 1);
	assert_int_equal(ac->luids[0], 29);
	assert_int_equal(ac->sysaccess, 0x4);
	r = rights_find(s, "SeServiceLogonRight");
	assert_non_null(r);
	for (i = 0; i < r->nh; i++)
		if (strcmp(r->h[i].sid, SCEP_SID) == 0) {
			found = 1;
			assert_string_equal(r->h[i].location,
					    "Policy\\Accounts\\" SCEP_SID "\\ActSysAc");
		}
	assert_true(found);
	r = rights_find(s, "seimpersonateprivilege");
	assert_non_null(r);
	assert_int_equal(r->nh, 5); /* LOCAL SERVICE, NETWORK SERVICE, Administrators, IIS_IUSRS, SERVICE */
	audit_free(&a);
}

static void test_hive_model_hostile(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct rights_set *s;
	const struct rights_account *ac;
	size_t i;
	int notasid = 0;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-hostile.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	s = &a.facts.rights.sets[0];
	ac = rights_account_find(s, "S-1-5-32-568");
	assert_non_null(strstr(ac->problem, "declares 3 privileges (44 bytes) but holds 20 bytes"));
	assert_non_null(strstr(ac->problem, "Policy\\Accounts\\S-1-5-32-568\\Privilgs"));
	ac = rights_account_find(s, SCEP_SID);
	assert_non_null(strstr(ac->problem, "holds S-1-5-32-545, but the key is named"));
	ac = rights_account_find(s, "S-1-5-20");
	assert_non_null(strstr(ac->problem, "3 bytes; the logon-right bits are 4"));
	ac = rights_account_find(s, "S-1-5-32-544");
	assert_null(ac->problem);
	for (i = 0; i < s->nacct; i++)
		if (strcmp(s->acct[i].key, "NotASid") == 0) {
			notasid = 1;
			assert_non_null(strstr(s->acct[i].problem, "not a SID"));
		}
	assert_true(notasid);
	/* Damaged accounts give no holders; the intact one does. */
	assert_int_equal(rights_find(s, "SeImpersonatePrivilege")->nh, 1);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_template_model(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct rights_set *s;
	const struct rights_assignment *r;

	(void)state;
	add_export(dir, "secpol.inf",
		   "SeBatchLogonRight = *S-1-5-32-544\n"
		   "SeServiceLogonRight = IIS APPPOOL\\SCEP,SCEP,*S-1-5-bad,CORP\\svc-ndes\n"
		   "SeBatchLogonRight = BUILTIN\\IIS_IUSRS,Backup Operators\n");
	audit_one(&a, dir);
	assert_int_equal(a.facts.rights.n, 1);
	s = &a.facts.rights.sets[0];
	assert_int_equal(s->origin, RIGHTS_EXPORT);
	assert_int_equal(s->section_line, 5);
	r = rights_find(s, "SeBatchLogonRight");
	assert_int_equal(r->line, 8);
	assert_int_equal(r->overridden_line, 6);
	assert_int_equal(r->nh, 2);
	assert_string_equal(r->h[0].sid, "S-1-5-32-568");
	assert_string_equal(r->h[1].sid, "S-1-5-32-551");
	r = rights_find(s, "SeServiceLogonRight");
	assert_int_equal(r->nh, 4);
	assert_string_equal(r->h[0].sid, SCEP_SID); /* IIS APPPOOL\ names get their SID */
	assert_null(r->h[1].sid);                   /* a bare name stays a name */
	assert_null(r->h[2].sid);                   /* not a SID */
	assert_string_equal(r->h[2].as_written, "*S-1-5-bad");
	assert_null(r->h[3].sid);
	audit_free(&a);
	drop_bundle(dir);
}

/* ------------------------------------------------------------ impersonate */

static void test_impersonate_pass_export_by_sid(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "SeImpersonatePrivilege");
	assert_non_null(strstr(r->message, "written *S-1-5-32-568 (by SID, line 69)"));
	assert_true(has_evidence(r, "[Privilege Rights] line 69", "*S-1-5-32-568"));
	assert_true(has_evidence(r, "origin", "local security template"));
	assert_null(r->remediation);
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
}

static void test_impersonate_pass_by_name(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-by-name");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "written IIS_IUSRS (by name, line 69)"));
	assert_int_equal(a.exit_code, 0);
	audit_free(&a);
}

static void test_impersonate_pass_security_hive(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-security-hive");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "LUID 29"));
	assert_true(has_evidence(r, "Policy\\Accounts\\S-1-5-32-568\\Privilgs", "SeImpersonatePrivilege"));
	audit_free(&a);
}

static void test_impersonate_fail_hardening_gpo(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-hardened-gpo");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "Group Policy template of GPO "
				"{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}"));
	assert_non_null(strstr(r->message, "but not to IIS_IUSRS"));
	assert_non_null(strstr(r->message, "500"));
	assert_non_null(strstr(r->message, "1346"));
	assert_true(has_evidence(r, "[Privilege Rights] line 14",
			   "SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6"));
	assert_true(has_evidence(r, "origin", "change the GPO"));
	assert_non_null(strstr(r->remediation, "Change the GPO, not local policy"));
	assert_non_null(strstr(r->remediation, "{5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}"));
	assert_int_equal(a.bundle.n, 5); /* collect.log, 2 hives, GPT.INI, GptTmpl.inf */
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
}

/* The real NSA baseline, staged where its repository keeps it. */
static void test_impersonate_fail_real_nsa_gpo(void **state)
{
	char *nsa = realworld_path("gpo/nsa-wshb-windows-GptTmpl.inf");
	char *dir, *sub, *to;
	struct audit a;
	const struct result *r;

	(void)state;
	if (nsa == NULL) {
		skip();
		return;
	}
	dir = scratch_dir();
	sub = xasprintf("%s/%s/DomainSysvol/GPO/Machine/microsoft/windows nt/SecEdit", dir, NSA_GUID);
	to = xasprintf("%s/GptTmpl.inf", sub);
	make_dirs(sub);
	copy_file(nsa, to);
	audit_one(&a, dir);
	assert_int_equal(a.bundle.arts[0].kind, ART_SECPOL_GPO);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "GPO " NSA_GUID));
	assert_non_null(strstr(r->message, "(line 79)"));
	assert_true(has_evidence(r, "[Privilege Rights] line 79",
			   "SeImpersonatePrivilege = *S-1-5-32-544,*S-1-5-19,*S-1-5-20,*S-1-5-6"));
	assert_true(has_evidence(r, "origin", NSA_GUID));
	assert_non_null(strstr(r->remediation, NSA_GUID));
	assert_string_equal(r->ev[0].artifact, to);
	audit_free(&a);
	rm_rf(dir);
	free(dir);
	free(sub);
	free(to);
	free(nsa);
}

static void test_impersonate_fail_empty_right(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-empty");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "to nobody (line 69 is empty"));
	assert_true(has_evidence(r, "[Privilege Rights] line 69", "SeImpersonatePrivilege ="));
	assert_non_null(strstr(r->remediation, "secpol.msc"));
	audit_free(&a);
}

static void test_impersonate_fail_export_without_line(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *r;

	(void)state;
	add_export(dir, "secpol.inf", "SeDebugPrivilege = *S-1-5-32-544\n");
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "no SeImpersonatePrivilege line"));
	assert_true(has_evidence(r, "[Privilege Rights] (line 5)", "(no SeImpersonatePrivilege line)"));
	audit_free(&a);
	drop_bundle(dir);
}

static void test_impersonate_fail_hive_without_luid29(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-rights-fail.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "IIS_IUSRS holds SeChangeNotifyPrivilege, but not "
				"SeImpersonatePrivilege (LUID 29)"));
	assert_non_null(strstr(r->message, "BUILTIN\\Administrators (S-1-5-32-544)"));
	assert_true(has_evidence(r, "Policy\\Accounts\\S-1-5-32-568\\Privilgs", "SeChangeNotifyPrivilege"));
	audit_free(&a);
	drop_bundle(dir);
}

static void test_impersonate_ne_gpo_does_not_define(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *r;

	(void)state;
	add_export(dir, GPO_DIR "/GptTmpl.inf", "SeDebugPrivilege = *S-1-5-32-544\n");
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "does not define SeImpersonatePrivilege"));
	audit_free(&a);
	drop_bundle(dir);
}

static void test_impersonate_ne_hive_without_accounts(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "Policy\\Accounts key holds no accounts"));
	audit_free(&a);
	drop_bundle(dir);
}

static void test_impersonate_ne_no_source(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "broken");
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "neither a SECURITY hive nor a security template"));
	r = only_result(&a, POOL);
	assert_int_equal(r->status, ST_NE);
	audit_free(&a);
}

static void test_impersonate_error_unreadable_template(void **state)
{
	char *dir = bundle(), *p = xasprintf("%s/secpol.inf", dir);
	static const char text[] = "[Unicode]\r\nUnicode=yes\r\n[Privilege Rights]\r\nSe\0X = 1\r\n";
	struct audit a;
	const struct result *r;

	(void)state;
	write_file(p, text, sizeof(text) - 1);
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "NUL character at byte offset 46 (line 4)"));
	assert_non_null(strstr(r->message, p));
	assert_int_equal(only_result(&a, "httpsys.tls_binding")->status, ST_PASS);
	audit_free(&a);
	drop_bundle(dir);
	free(p);
}

static void test_impersonate_error_short_privilgs(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-hostile.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	r = only_result(&a, IMP);
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "account entry of IIS_IUSRS cannot be read"));
	assert_non_null(strstr(r->message, "cut short"));
	assert_true(has_evidence(r, "Policy\\Accounts\\S-1-5-32-568\\Privilgs", NULL));
	assert_int_equal(only_result(&a, "httpsys.max_field_length")->status, ST_PASS);
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	drop_bundle(dir);
}

/* A good template beside a SECURITY hive that cannot be read: the
 * template decides its own result, the hive gets an error of its own. */
static void test_impersonate_error_unreadable_hive_beside_template(void **state)
{
	char *dir = bundle(), *from = src_path("samples/rights-security-hive/registry/SECURITY.hiv");
	char *to = xasprintf("%s/SECURITY.hiv", dir);
	size_t n;
	unsigned char *b = read_all(from, &n);
	struct audit a;
	const struct result *pass, *err;

	(void)state;
	write_file(to, b, 6144); /* cut short: it cannot even be classified */
	add_fixture(dir, "samples/healthy/secpol.inf", "secpol.inf");
	audit_one(&a, dir);
	pass = with_status(&a, IMP, ST_PASS);
	err = with_status(&a, IMP, ST_ERROR);
	assert_string_equal(err->target, "SeImpersonatePrivilege in the SECURITY hive");
	assert_non_null(strstr(err->message, "The SECURITY hive could not be read"));
	assert_non_null(strstr(err->message, to));
	assert_non_null(strstr(err->message, "The other sources say: the security template"));
	assert_non_null(strstr(pass->message, "Not read, see its own result: the SECURITY hive"));
	assert_null(strstr(pass->message, "disagree"));
	assert_int_equal(a.exit_code, 3);
	audit_free(&a);
	drop_bundle(dir);
	free(from);
	free(to);
	free(b);
}

/* The export says IIS_IUSRS has it, the hive says the server did not. */
static void test_impersonate_disagree_template_and_hive(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *pass, *fail;

	(void)state;
	add_fixture(dir, "samples/healthy/secpol.inf", "secpol.inf");
	add_fixture(dir, "tests/fixtures/hives/security-rights-fail.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	assert_int_equal(count_results(&a, IMP, ST_PASS) + count_results(&a, IMP, ST_FAIL), 2);
	pass = with_status(&a, IMP, ST_PASS);
	fail = with_status(&a, IMP, ST_FAIL);
	assert_non_null(strstr(pass->target, "secpol.inf"));
	assert_non_null(strstr(fail->target, "SECURITY.hiv"));
	assert_non_null(strstr(fail->message, "The sources disagree: the security template "
				"secpol.inf gives SeImpersonatePrivilege to IIS_IUSRS"));
	assert_non_null(strstr(fail->message, "The SECURITY hive is what the server had"));
	assert_non_null(strstr(pass->message, "The sources disagree: the SECURITY hive"));
	assert_true(has_evidence(pass, "[Privilege Rights] line 69", NULL));
	assert_true(has_evidence(fail, "Policy\\Accounts\\S-1-5-32-568\\Privilgs", NULL));
	assert_int_equal(a.exit_code, 1);
	audit_free(&a);
	drop_bundle(dir);
}

/* A GPO leaves IIS_IUSRS out, the local export has it: two results, and
 * only the GPO's says to change the GPO. */
static void test_impersonate_disagree_gpo_and_export(void **state)
{
	char *dir = bundle();
	struct audit a;
	const struct result *pass, *fail;

	(void)state;
	add_fixture(dir, "samples/healthy/secpol.inf", "secpol.inf");
	add_export(dir, GPO_DIR "/GptTmpl.inf",
		   "SeImpersonatePrivilege = *S-1-5-19,*S-1-5-20,*S-1-5-32-544,*S-1-5-6\n");
	audit_one(&a, dir);
	pass = with_status(&a, IMP, ST_PASS);
	fail = with_status(&a, IMP, ST_FAIL);
	assert_non_null(strstr(fail->target, "GptTmpl.inf"));
	assert_non_null(strstr(fail->message, "a GPO's template wins"));
	assert_non_null(strstr(fail->remediation, "Change the GPO"));
	assert_null(pass->remediation);
	audit_free(&a);
	drop_bundle(dir);
}

/* ------------------------------------------------------------ pool logon */

static void test_pool_ne_without_iis(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-by-name"); /* a template, no applicationHost.config */
	r = only_result(&a, POOL);
	assert_int_equal(r->status, ST_NE);
	assert_string_equal(r->target, "SCEP application pool");
	assert_non_null(strstr(r->message, "IIS configuration (applicationHost.config) is not in "
				"the bundle"));
	audit_free(&a);
}

/* The IIS area names the pool and its identity; the template grants the
 * virtual account IIS APPPOOL\SCEP the service logon right by SID. */
static void test_pool_pass_identity_from_iis(void **state)
{
	struct audit a;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	assert_true(a.facts.scep_pool.known);
	assert_string_equal(a.facts.scep_pool.pool, "SCEP");
	r = only_result(&a, POOL);
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "IIS APPPOOL\\SCEP"));
	assert_non_null(strstr(r->message, "SeServiceLogonRight"));
	audit_free(&a);
}

static void test_pool_ne_unresolvable(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	rerun_with_pool(&a, &l, "SpecificUser", "SCEP", "");
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "userName is empty"));
	assert_true(has_evidence(r, "line 212", "SpecificUser"));
	result_list_free(&l);
	audit_free(&a);
	audit_sample(&a, "healthy");
	rerun_with_pool(&a, &l, "Frobnicator", "SCEP", NULL);
	assert_int_equal(only(&l, POOL)->status, ST_NE);
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_pass_hive_service_logon(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-security-hive");
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_PASS);
	assert_string_equal(r->target, "IIS APPPOOL\\SCEP");
	assert_non_null(strstr(r->message, "SeServiceLogonRight (by SID)"));
	assert_true(has_evidence(r, "Policy\\Accounts\\" SCEP_SID "\\ActSysAc",
			   "0x00000010: SeServiceLogonRight"));
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_pass_template_by_sid(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_PASS);
	assert_true(has_evidence(r, "[Privilege Rights] line 56", "*" SCEP_SID));
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_pass_template_bare_name(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	/* secedit writes IIS AppPool virtual accounts as bare names. */
	add_export(dir, "secpol.inf", "SeBatchLogonRight = *S-1-5-32-544,SCEP\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "SeBatchLogonRight (by its bare account name)"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_fail_hive_deny_service(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-rights-fail.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "in SeDenyServiceLogonRight"));
	assert_non_null(strstr(r->message, "HTTP 503"));
	assert_true(has_evidence(r, "ActSysAc", "0x00000210: SeServiceLogonRight, SeDenyServiceLogonRight"));
	assert_non_null(r->remediation);
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_fail_template_deny_by_user_name(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_export(dir, "secpol.inf",
		   "SeBatchLogonRight = *S-1-5-32-544,CORP\\svc-ndes\n"
		   "SeDenyBatchLogonRight = corp\\SVC-NDES\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "SpecificUser", "SCEP", "CORP\\svc-ndes");
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_string_equal(r->target, "CORP\\svc-ndes");
	assert_non_null(strstr(r->message, "SeDenyBatchLogonRight"));
	assert_true(has_evidence(r, "[Privilege Rights] line 7", "SeDenyBatchLogonRight"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_fail_named_without_logon_right(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_export(dir, "secpol.inf",
		   "SeAuditPrivilege = *S-1-5-19,*" SCEP_SID "\n"
		   "SeServiceLogonRight = *S-1-5-80-0\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "gives IIS APPPOOL\\SCEP neither SeBatchLogonRight nor "
				"SeServiceLogonRight"));
	assert_non_null(strstr(r->message, "SeBatchLogonRight names nobody; SeServiceLogonRight "
				"names NT SERVICE\\ALL SERVICES (S-1-5-80-0)"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

/* The real STIG template (Tsumihara/STIG GptTmpl.inf), staged as a GPO. As
 * published it does not define SeBatchLogonRight or SeServiceLogonRight,
 * so it says nothing about the logon (ne). With the SeBatchLogonRight line
 * of the STIG baseline (Administrators, Backup Operators, Performance Log
 * Users) added after its [Privilege Rights] header, it replaces the local
 * list without IIS_IUSRS: IIS APPPOOL\SCEP, whose groups Windows fixes,
 * loses the right (fail, naming the right and the groups). */
static char *stage_stig(const char *stig, const char *add)
{
	char *dir = bundle(), *sub = xasprintf("%s/%s", dir, GPO_DIR);
	char *to = xasprintf("%s/GptTmpl.inf", sub), *text, *at, *out;
	size_t n;

	make_dirs(sub);
	text = read_all(stig, &n);
	text = xrealloc(text, n + 1);
	text[n] = '\0';
	at = strstr(text, "[Privilege Rights]\r\n");
	assert_non_null(at);
	at += strlen("[Privilege Rights]\r\n");
	out = xasprintf("%.*s%s%s", (int)(at - text), text, add, at);
	write_file(to, out, strlen(out));
	free(out);
	free(text);
	free(to);
	free(sub);
	return dir;
}

static void test_pool_real_stig_template(void **state)
{
	char *stig = realworld_path("secpol/tsumihara_GptTmpl.inf");
	char *dir;
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	if (stig == NULL) {
		skip();
		return;
	}
	dir = stage_stig(stig, "");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_NE);
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);

	dir = stage_stig(stig, "SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559\r\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "neither SeBatchLogonRight nor SeServiceLogonRight"));
	assert_non_null(strstr(r->message, "BUILTIN\\IIS_IUSRS (S-1-5-32-568), BUILTIN\\Users "
				"(S-1-5-32-545), NT AUTHORITY\\Authenticated Users (S-1-5-11), "
				"Everyone (S-1-1-0)"));
	assert_non_null(strstr(r->message, "SeBatchLogonRight names BUILTIN\\Administrators "
				"(S-1-5-32-544)"));
	assert_true(has_evidence(r, "[Privilege Rights] line 21",
				 "SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559"));
	assert_non_null(strstr(r->remediation, "Change the GPO"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
	/* A domain account: its groups are not in the bundle, so still ne. */
	dir = stage_stig(stig, "SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-551,*S-1-5-32-559\r\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "SpecificUser", "SCEP", "CORP\\svc-ndes");
	assert_int_equal(only(&l, POOL)->status, ST_NE);
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
	free(stig);
}

/* Through a group its token always holds: IIS_IUSRS in SeBatchLogonRight
 * passes; Users in SeDenyBatchLogonRight fails. */
static void test_pool_through_groups(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_export(dir, "secpol.inf", "SeBatchLogonRight = *S-1-5-32-544,*S-1-5-32-568\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_PASS);
	assert_non_null(strstr(r->message, "SeBatchLogonRight (through BUILTIN\\IIS_IUSRS "
				"(S-1-5-32-568)), a group its token always holds"));
	assert_true(has_evidence(r, "[Privilege Rights]", "*S-1-5-32-568"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);

	dir = bundle();
	add_export(dir, "secpol.inf", "SeBatchLogonRight = *S-1-5-32-568\n"
				      "SeDenyBatchLogonRight = *S-1-5-32-545\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "SeDenyBatchLogonRight (through BUILTIN\\Users"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_warn_other_deny(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-rights-fail.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "DefaultAppPool", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_WARN);
	assert_non_null(strstr(r->message, "SeBatchLogonRight, and also names it in "
				"SeDenyInteractiveLogonRight"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_na_builtin(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	rerun_with_pool(&a, &l, "NetworkService", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_NA);
	assert_string_equal(r->target, "NT AUTHORITY\\NETWORK SERVICE");
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_fail_builtin_denied(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_export(dir, "secpol.inf", "SeDenyServiceLogonRight = *S-1-5-20\n");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "2", "SCEP", NULL); /* 2 = NetworkService in the schema */
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_FAIL);
	assert_non_null(strstr(r->message, "NETWORK SERVICE in SeDenyServiceLogonRight"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

static void test_pool_ne_not_named(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "healthy");
	rerun_with_pool(&a, &l, "SpecificUser", "SCEP", "svc-ndes@corp.contoso.com");
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "does not name svc-ndes@corp.contoso.com"));
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_ne_name_only_with_hive(void **state)
{
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	audit_sample(&a, "rights-security-hive");
	rerun_with_pool(&a, &l, "SpecificUser", "SCEP", "CORP\\svc-ndes");
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_NE);
	assert_non_null(strstr(r->message, "names accounts by SID only"));
	result_list_free(&l);
	audit_free(&a);
}

static void test_pool_error_damaged_account(void **state)
{
	char *dir = bundle();
	struct audit a;
	struct result_list l;
	const struct result *r;

	(void)state;
	add_fixture(dir, "tests/fixtures/hives/security-hostile.hiv", "SECURITY.hiv");
	audit_one(&a, dir);
	rerun_with_pool(&a, &l, "ApplicationPoolIdentity", "SCEP", NULL);
	r = only(&l, POOL);
	assert_int_equal(r->status, ST_ERROR);
	assert_non_null(strstr(r->message, "account entry of IIS APPPOOL\\SCEP cannot be read"));
	assert_non_null(strstr(r->message, "S-1-5-32-545"));
	result_list_free(&l);
	audit_free(&a);
	drop_bundle(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sid_binary_and_text),
		cmocka_unit_test(test_apppool_sid_known_values),
		cmocka_unit_test(test_privilege_and_logon_tables),
		cmocka_unit_test(test_wellknown_principals),
		cmocka_unit_test(test_hive_model),
		cmocka_unit_test(test_hive_model_hostile),
		cmocka_unit_test(test_template_model),
		cmocka_unit_test(test_impersonate_pass_export_by_sid),
		cmocka_unit_test(test_impersonate_pass_by_name),
		cmocka_unit_test(test_impersonate_pass_security_hive),
		cmocka_unit_test(test_impersonate_fail_hardening_gpo),
		cmocka_unit_test(test_impersonate_fail_real_nsa_gpo),
		cmocka_unit_test(test_impersonate_fail_empty_right),
		cmocka_unit_test(test_impersonate_fail_export_without_line),
		cmocka_unit_test(test_impersonate_fail_hive_without_luid29),
		cmocka_unit_test(test_impersonate_ne_gpo_does_not_define),
		cmocka_unit_test(test_impersonate_ne_hive_without_accounts),
		cmocka_unit_test(test_impersonate_ne_no_source),
		cmocka_unit_test(test_impersonate_error_unreadable_template),
		cmocka_unit_test(test_impersonate_error_short_privilgs),
		cmocka_unit_test(test_impersonate_error_unreadable_hive_beside_template),
		cmocka_unit_test(test_impersonate_disagree_template_and_hive),
		cmocka_unit_test(test_impersonate_disagree_gpo_and_export),
		cmocka_unit_test(test_pool_ne_without_iis),
		cmocka_unit_test(test_pool_pass_identity_from_iis),
		cmocka_unit_test(test_pool_ne_unresolvable),
		cmocka_unit_test(test_pool_pass_hive_service_logon),
		cmocka_unit_test(test_pool_pass_template_by_sid),
		cmocka_unit_test(test_pool_pass_template_bare_name),
		cmocka_unit_test(test_pool_fail_hive_deny_service),
		cmocka_unit_test(test_pool_fail_template_deny_by_user_name),
		cmocka_unit_test(test_pool_fail_named_without_logon_right),
		cmocka_unit_test(test_pool_real_stig_template),
		cmocka_unit_test(test_pool_through_groups),
		cmocka_unit_test(test_pool_warn_other_deny),
		cmocka_unit_test(test_pool_na_builtin),
		cmocka_unit_test(test_pool_fail_builtin_denied),
		cmocka_unit_test(test_pool_ne_not_named),
		cmocka_unit_test(test_pool_ne_name_only_with_hive),
		cmocka_unit_test(test_pool_error_damaged_account),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
