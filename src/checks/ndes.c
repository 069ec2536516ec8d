/* NDES role checks (SOFTWARE): is the role configured, and are the MSCEP
 * settings mscep.dll reads at start-up all there. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

#define MSCEP "Microsoft\\Cryptography\\MSCEP"
#define NDES_KEY "Microsoft\\ADCS\\NDES"
#define ROLE_DEFAULT_TEMPLATE "IPSECIntermediateOffline"

static const struct regsrc *software(const struct facts *f)
{
	return &f->src[SRC_SOFTWARE].reg;
}

/* The MSCEP key decides the other mscep.* checks: when it is not there,
 * or not in the evidence, or unreadable, the result is emitted here and 0
 * comes back. */
static int mscep_key_present(const struct facts *f, struct emitter *em, const char *target)
{
	const struct regsrc *r = software(f);
	struct result *res;
	struct rv k;
	int ok = 0;

	rv_key(r, MSCEP, &k);
	if (k.st == RV_FOUND) {
		ok = 1;
	} else if (k.st == RV_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "the key %s does not exist: NDES is not configured on this server "
			   "(see ndes.role.configured), so mscep.dll has no settings to read", MSCEP);
		ev_reg(res, r, MSCEP, NULL, "(absent)");
	} else {
		emit_unanswered(em, r, target, MSCEP, NULL, &k);
	}
	rv_free(&k);
	return ok;
}

void check_ndes_role_configured(const struct facts *f, struct emitter *em)
{
	const struct regsrc *r = software(f);
	const char *target = "NDES role";
	struct rv k, st;
	struct result *res;
	uint32_t status = 0;
	char *shown_st;

	rv_key(r, MSCEP, &k);
	rv_read(r, NDES_KEY, "ConfigurationStatus", &st);
	shown_st = rv_show(&st);
	if (k.st == RV_ERROR) {
		emit_unanswered(em, r, target, MSCEP, NULL, &k);
	} else if (st.st == RV_ERROR) {
		emit_unanswered(em, r, target, NDES_KEY, "ConfigurationStatus", &st);
	} else if (k.st == RV_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "the key %s does not exist: the NDES role is not installed, or its "
			   "configuration was never completed", MSCEP);
		ev_reg(res, r, MSCEP, NULL, "(absent)");
		if (st.st != RV_UNCOVERED)
			ev_reg(res, r, NDES_KEY, "ConfigurationStatus", shown_st);
	} else if (st.st == RV_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is not set: the NDES role configuration was not "
			   "completed", NDES_KEY);
		ev_reg(res, r, NDES_KEY, "ConfigurationStatus", shown_st);
	} else if (st.st == RV_FOUND && rv_dword(&st, &status) != 0) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is stored as %s, not as the REG_DWORD 2 that a "
			   "completed configuration writes", NDES_KEY, regtype_name(st.v.type));
		ev_reg(res, r, NDES_KEY, "ConfigurationStatus", shown_st);
	} else if (st.st == RV_FOUND && status != 2) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is %u, not 2: the role is installed but its "
			   "configuration was not completed", NDES_KEY, status);
		ev_reg(res, r, NDES_KEY, "ConfigurationStatus", shown_st);
		if (k.st == RV_FOUND)
			ev_reg(res, r, MSCEP, NULL, "(present)");
	} else if (k.st == RV_UNCOVERED) {
		emit_unanswered(em, r, target, MSCEP, NULL, &k);
	} else if (st.st == RV_UNCOVERED) {
		emit_unanswered(em, r, target, NDES_KEY, "ConfigurationStatus", &st);
	} else {
		res = emit(em, ST_PASS, target,
			   "NDES is configured: %s exists and ConfigurationStatus is 2", MSCEP);
		ev_reg(res, r, MSCEP, NULL, "(present)");
		ev_reg(res, r, NDES_KEY, "ConfigurationStatus", shown_st);
	}
	free(shown_st);
	rv_free(&k);
	rv_free(&st);
}

void check_mscep_templates(const struct facts *f, struct emitter *em)
{
	static const char *const names[] = {"SignatureTemplate", "EncryptionTemplate",
					    "GeneralPurposeTemplate"};
	const struct regsrc *r = software(f);
	const char *target = "MSCEP templates";
	struct rv v[3];
	struct strbuf missing, wrong, deflt, spaced;
	struct result *res;
	size_t i, ndefault = 0, nerror = 0, nuncov = 0, first_bad = 3;
	enum status st;

	if (!mscep_key_present(f, em, target))
		return;
	sb_init(&missing);
	sb_init(&wrong);
	sb_init(&deflt);
	sb_init(&spaced);
	for (i = 0; i < 3; i++) {
		char *text;

		rv_read(r, MSCEP, names[i], &v[i]);
		if (v[i].st == RV_ERROR || v[i].st == RV_UNCOVERED) {
			if (first_bad == 3)
				first_bad = i;
			nerror += v[i].st == RV_ERROR;
			nuncov += v[i].st == RV_UNCOVERED;
			continue;
		}
		if (v[i].st == RV_ABSENT) {
			sb_printf(&missing, "%s%s", missing.len ? ", " : "", names[i]);
			continue;
		}
		text = rv_text(&v[i]);
		if (text == NULL) {
			sb_printf(&wrong, "%s%s (%s)", wrong.len ? ", " : "", names[i],
				  regtype_name(v[i].v.type));
		} else if (*text == '\0') {
			sb_printf(&missing, "%s%s (empty)", missing.len ? ", " : "", names[i]);
		} else {
			if (ascii_casecmp(text, ROLE_DEFAULT_TEMPLATE) == 0) {
				ndefault++;
				sb_printf(&deflt, "%s%s", deflt.len ? ", " : "", names[i]);
			}
			if (strchr(text, ' ') != NULL)
				sb_printf(&spaced, "%s%s", spaced.len ? ", " : "", names[i]);
		}
		free(text);
	}
	if (nerror > 0) {
		emit_unanswered(em, r, target, MSCEP, names[first_bad], &v[first_bad]);
		goto out;
	}
	if (missing.len || wrong.len || ndefault == 3) {
		struct strbuf msg;

		sb_init(&msg);
		if (missing.len)
			sb_printf(&msg, "not set: %s", missing.s);
		if (wrong.len)
			sb_printf(&msg, "%snot a REG_SZ: %s", msg.len ? "; " : "", wrong.s);
		if (ndefault == 3)
			sb_printf(&msg, "%sall three are still the role default %s, a template meant "
				  "for IPsec, not for the certificates Intune requests", msg.len ? "; " : "",
				  ROLE_DEFAULT_TEMPLATE);
		st = ST_FAIL;
		res = emit(em, st, target, "NDES certificate templates: %s", msg.s);
		sb_free(&msg);
	} else if (nuncov > 0) {
		emit_unanswered(em, r, target, MSCEP, names[first_bad], &v[first_bad]);
		goto out;
	} else if (ndefault > 0 || spaced.len) {
		struct strbuf msg;

		sb_init(&msg);
		if (ndefault > 0)
			sb_printf(&msg, "%s still the role default %s: requests of that kind get the "
				  "IPsec template", deflt.s, ROLE_DEFAULT_TEMPLATE);
		if (spaced.len)
			sb_printf(&msg, "%s%s contain%s a space: that looks like a template's display "
				  "name; NDES needs the template name, or the CA refuses the request "
				  "(0x80094800, NDES event 31)", msg.len ? "; " : "", spaced.s,
				  strchr(spaced.s, ',') ? "" : "s");
		st = ST_WARN;
		res = emit(em, st, target, "NDES certificate templates: %s", msg.s);
		sb_free(&msg);
	} else {
		char *a = rv_text(&v[0]), *b = rv_text(&v[1]), *c = rv_text(&v[2]);

		st = ST_PASS;
		res = emit(em, st, target,
			   "NDES requests signature certificates from template %s, encryption "
			   "certificates from %s and general-purpose ones from %s", a, b, c);
		free(a);
		free(b);
		free(c);
	}
	for (i = 0; i < 3; i++) {
		char *shown = rv_show(&v[i]);

		ev_reg(res, r, MSCEP, names[i], shown);
		free(shown);
	}
out:
	for (i = 0; i < 3; i++)
		rv_free(&v[i]);
	sb_free(&missing);
	sb_free(&wrong);
	sb_free(&deflt);
	sb_free(&spaced);
}

/* The per-setting subkeys mscep.dll reads, each holding the value named
 * after it (CAInfo holds Configuration). */
static const struct {
	const char *sub, *value;
	int dword;
} settings[] = {
	{"CAInfo", "Configuration", 0},
	{"CAType", "CAType", 1},
	{"EnforcePassword", "EnforcePassword", 1},
	{"PasswordVDir", "PasswordVDir", 0},
	{"UseSinglePassword", "UseSinglePassword", 1},
};

void check_mscep_registry(const struct facts *f, struct emitter *em)
{
	const struct regsrc *r = software(f);
	size_t i;

	if (!mscep_key_present(f, em, MSCEP))
		return;
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		char *key = xasprintf("%s\\%s", MSCEP, settings[i].sub);
		char *target = xasprintf("MSCEP\\%s", settings[i].sub);
		struct result *res = NULL;
		struct rv v, k;
		char *shown, *text = NULL;
		uint32_t d;

		rv_read(r, key, settings[i].value, &v);
		shown = rv_show(&v);
		if (v.st == RV_FOUND && settings[i].dword && rv_dword(&v, &d) != 0) {
			res = emit(em, ST_FAIL, target, "%s\\%s is stored as %s; NDES reads a REG_DWORD",
				   settings[i].sub, settings[i].value, regtype_name(v.v.type));
		} else if (v.st == RV_FOUND && settings[i].dword) {
			res = emit(em, ST_PASS, target, "%s\\%s is %u", settings[i].sub,
				   settings[i].value, d);
		} else if (v.st == RV_FOUND && (text = rv_text(&v)) == NULL) {
			res = emit(em, ST_FAIL, target, "%s\\%s is stored as %s; NDES reads a REG_SZ",
				   settings[i].sub, settings[i].value, regtype_name(v.v.type));
		} else if (v.st == RV_FOUND && *text == '\0') {
			res = emit(em, ST_FAIL, target, "%s\\%s is empty: NDES does not know %s",
				   settings[i].sub, settings[i].value,
				   strcmp(settings[i].sub, "CAInfo") == 0 ? "which CA to send requests to"
									  : "this setting");
		} else if (v.st == RV_FOUND) {
			res = emit(em, ST_PASS, target, "%s\\%s is \"%s\"", settings[i].sub,
				   settings[i].value, text);
		} else if (v.st == RV_ABSENT) {
			rv_key(r, key, &k);
			res = emit(em, ST_FAIL, target,
				   "%s: mscep.dll cannot read this setting and fails at start-up (NDES "
				   "events 2 and 10 with 0x80070002, file not found)",
				   k.st == RV_ABSENT ? "the subkey is missing" : "the value is missing");
			rv_free(&k);
		} else {
			emit_unanswered(em, r, target, key, settings[i].value, &v);
		}
		if (res != NULL)
			ev_reg(res, r, key, settings[i].value, shown);
		free(text);
		free(shown);
		rv_free(&v);
		free(key);
		free(target);
	}
}

void check_mscep_policy_module(const struct facts *f, struct emitter *em)
{
	const struct regsrc *r = software(f);
	const char *key = MSCEP "\\Modules", *target = "MSCEP\\Modules\\Policy";
	struct result *res = NULL;
	struct rv v;
	char *text, *shown;

	if (!mscep_key_present(f, em, target))
		return;
	rv_read(r, key, "Policy", &v);
	shown = rv_show(&v);
	text = rv_text(&v);
	if (v.st == RV_FOUND && text == NULL) {
		res = emit(em, ST_FAIL, target,
			   "Modules\\Policy is stored as %s; NDES reads the policy module's name "
			   "from a REG_SZ", regtype_name(v.v.type));
	} else if (v.st == RV_FOUND && *text == '\0') {
		res = emit(em, ST_FAIL, target,
			   "Modules\\Policy is empty: no policy module is registered, so mscep.dll "
			   "answers with the generic NDES page (HTTP 200) instead of handling Intune "
			   "requests");
	} else if (v.st == RV_FOUND) {
		res = emit(em, ST_PASS, target, "the policy module %s is registered", text);
	} else if (v.st == RV_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "no policy module is registered (Modules\\Policy is not set): mscep.dll "
			   "answers with the generic NDES page (HTTP 200) instead of handling Intune "
			   "requests");
	} else {
		emit_unanswered(em, r, target, key, "Policy", &v);
	}
	if (res != NULL)
		ev_reg(res, r, key, "Policy", shown);
	free(text);
	free(shown);
	rv_free(&v);
}
