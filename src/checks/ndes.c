/* NDES role checks (SOFTWARE): is the role configured, and are the MSCEP
 * settings mscep.dll reads at start-up all there. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

#define ROLE_DEFAULT_TEMPLATE "IPSECIntermediateOffline"

/* The MSCEP key decides the other mscep.* checks: when it is not there,
 * or not in the evidence, or unreadable, the result is emitted here and 0
 * comes back. */
static int mscep_key_present(const struct facts *f, struct emitter *em, const char *target)
{
	const struct regfact *k = &f->reg[RF_MSCEP_KEY];

	if (k->st == RF_FOUND)
		return 1;
	if (k->st == RF_ABSENT) {
		struct result *res = emit(em, ST_FAIL, target,
					  "the key %s does not exist: NDES is not configured on this "
					  "server (see ndes.role.configured), so mscep.dll has no "
					  "settings to read", k->key);
		ev_fact(res, k, "(absent)");
	} else {
		emit_unanswered(em, target, k, NULL);
	}
	return 0;
}

void check_ndes_role_configured(const struct facts *f, struct emitter *em)
{
	const struct regfact *k = &f->reg[RF_MSCEP_KEY], *st = &f->reg[RF_NDES_CONFIG_STATUS];
	const char *target = "NDES role";
	struct result *res;
	uint32_t status = 0;
	char *shown_st = regfact_show(st);

	if (k->st == RF_ERROR) {
		emit_unanswered(em, target, k, NULL);
	} else if (st->st == RF_ERROR) {
		emit_unanswered(em, target, st, NULL);
	} else if (k->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "the key %s does not exist: the NDES role is not installed, or its "
			   "configuration was never completed", k->key);
		ev_fact(res, k, "(absent)");
		if (st->st != RF_UNCOVERED)
			ev_fact(res, st, shown_st);
	} else if (st->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is not set: the NDES role configuration was not "
			   "completed", st->key);
		ev_fact(res, st, shown_st);
	} else if (st->st == RF_FOUND && regfact_dword(st, &status, NULL) != 0) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is stored as %s, not as the REG_DWORD 2 that a "
			   "completed configuration writes", st->key, regtype_name(st->v.type));
		ev_fact(res, st, shown_st);
	} else if (st->st == RF_FOUND && status != 2) {
		res = emit(em, ST_FAIL, target,
			   "%s\\ConfigurationStatus is %u, not 2: the role is installed but its "
			   "configuration was not completed", st->key, status);
		ev_fact(res, st, shown_st);
		if (k->st == RF_FOUND)
			ev_fact(res, k, "(present)");
	} else if (k->st == RF_UNCOVERED) {
		emit_unanswered(em, target, k, NULL);
	} else if (st->st == RF_UNCOVERED) {
		emit_unanswered(em, target, st, NULL);
	} else {
		res = emit(em, ST_PASS, target,
			   "NDES is configured: %s exists and ConfigurationStatus is 2", k->key);
		ev_fact(res, k, "(present)");
		ev_fact(res, st, shown_st);
	}
	free(shown_st);
}

/* What the three template values say, sorted into the lists the
 * mscep.templates message names. */
struct template_survey {
	const struct regfact *v[3];
	struct strbuf missing, wrong, deflt, spaced;
	size_t ndefault, nerror, nuncov, first_bad;
};

static void survey_one(struct template_survey *t, size_t i)
{
	const struct regfact *v = t->v[i];
	char *text;

	if (v->st == RF_ERROR || v->st == RF_UNCOVERED) {
		if (t->first_bad == 3)
			t->first_bad = i;
		t->nerror += v->st == RF_ERROR;
		t->nuncov += v->st == RF_UNCOVERED;
		return;
	}
	if (v->st == RF_ABSENT) {
		sb_printf(&t->missing, "%s%s", t->missing.len ? ", " : "", v->name);
		return;
	}
	text = regfact_text(v);
	if (text == NULL) {
		sb_printf(&t->wrong, "%s%s (%s)", t->wrong.len ? ", " : "", v->name,
			  regtype_name(v->v.type));
	} else if (*text == '\0') {
		sb_printf(&t->missing, "%s%s (empty)", t->missing.len ? ", " : "", v->name);
	} else {
		if (ascii_casecmp(text, ROLE_DEFAULT_TEMPLATE) == 0) {
			t->ndefault++;
			sb_printf(&t->deflt, "%s%s", t->deflt.len ? ", " : "", v->name);
		}
		if (strchr(text, ' ') != NULL)
			sb_printf(&t->spaced, "%s%s", t->spaced.len ? ", " : "", v->name);
	}
	free(text);
}

/* Templates missing, of the wrong type, or all three at the role default. */
static struct result *templates_fail(struct emitter *em, const char *target,
				     const struct template_survey *t)
{
	struct strbuf msg;
	struct result *res;

	sb_init(&msg);
	if (t->missing.len)
		sb_printf(&msg, "not set: %s", t->missing.s);
	if (t->wrong.len)
		sb_printf(&msg, "%snot a REG_SZ: %s", msg.len ? "; " : "", t->wrong.s);
	if (t->ndefault == 3)
		sb_printf(&msg, "%sall three are still the role default %s, a template meant "
			  "for IPsec, not for the certificates Intune requests", msg.len ? "; " : "",
			  ROLE_DEFAULT_TEMPLATE);
	res = emit(em, ST_FAIL, target, "NDES certificate templates: %s", msg.s);
	sb_free(&msg);
	return res;
}

/* Some templates at the role default, or display names with spaces. */
static struct result *templates_warn(struct emitter *em, const char *target,
				     const struct template_survey *t)
{
	struct strbuf msg;
	struct result *res;

	sb_init(&msg);
	if (t->ndefault > 0)
		sb_printf(&msg, "%s still the role default %s: requests of that kind get the "
			  "IPsec template", t->deflt.s, ROLE_DEFAULT_TEMPLATE);
	if (t->spaced.len)
		sb_printf(&msg, "%s%s contain%s a space: that looks like a template's display "
			  "name; NDES needs the template name, or the CA refuses the request "
			  "(0x80094800, NDES event 31)", msg.len ? "; " : "", t->spaced.s,
			  strchr(t->spaced.s, ',') ? "" : "s");
	res = emit(em, ST_WARN, target, "NDES certificate templates: %s", msg.s);
	sb_free(&msg);
	return res;
}

static struct result *templates_pass(struct emitter *em, const char *target,
				     const struct template_survey *t)
{
	char *a = regfact_text(t->v[0]), *b = regfact_text(t->v[1]), *c = regfact_text(t->v[2]);
	struct result *res;

	res = emit(em, ST_PASS, target,
		   "NDES requests signature certificates from template %s, encryption "
		   "certificates from %s and general-purpose ones from %s", a, b, c);
	free(a);
	free(b);
	free(c);
	return res;
}

/* The template name a cache fact looks up: the last part of its key. */
static const char *cached_name(const struct regfact *k)
{
	const char *bs = strrchr(k->key, '\\');

	return bs != NULL ? bs + 1 : k->key;
}

/* With the template cache in the bundle (SOFTWARE\...\CertificateTemplateCache,
 * the templates Windows knows the domain publishes), each template name
 * NDES requests must be in it: a name it lacks cannot be requested. No
 * result when the bundle does not hold the cache. */
static void judge_template_cache(const struct facts *f, struct emitter *em)
{
	static const enum regfact_id ids[3] = {RF_TCACHE_SIGNATURE_KEY, RF_TCACHE_ENCRYPTION_KEY,
					       RF_TCACHE_GENERAL_KEY};
	const char *target = "CertificateTemplateCache";
	struct result *res = NULL;
	struct strbuf missing;
	size_t i, found = 0, bad = 3;

	if (f->reg[RF_TCACHE_KEY].st != RF_FOUND)
		return;
	sb_init(&missing);
	for (i = 0; i < 3; i++) {
		const struct regfact *k = &f->reg[ids[i]];

		if (k->st == RF_ABSENT && strstr(missing.s ? missing.s : "", cached_name(k)) == NULL)
			sb_printf(&missing, "%s%s", missing.len ? ", " : "", cached_name(k));
		else if (k->st == RF_FOUND)
			found++;
		else if (k->st == RF_ERROR && bad == 3)
			bad = i;
	}
	if (missing.len)
		res = emit(em, ST_FAIL, target, "the CA's template cache lacks %s: NDES cannot "
			   "request a template the domain does not publish (check the name, or "
			   "publish the template)", missing.s);
	else if (bad < 3)
		emit_unanswered(em, target, &f->reg[ids[bad]], NULL);
	else if (found == 0)
		res = emit(em, ST_NA, target, "no MSCEP template name to look up in the template "
			   "cache (see the MSCEP templates result)");
	else
		res = emit(em, ST_PASS, target, "every MSCEP template name is in the template cache");
	for (i = 0; res != NULL && i < 3; i++)
		if (f->reg[ids[i]].st == RF_FOUND || f->reg[ids[i]].st == RF_ABSENT)
			ev_fact(res, &f->reg[ids[i]],
				f->reg[ids[i]].st == RF_FOUND ? "(present)" : "(absent)");
	sb_free(&missing);
}

void check_mscep_templates(const struct facts *f, struct emitter *em)
{
	const char *target = "MSCEP templates";
	struct template_survey t;
	struct result *res;
	size_t i;

	if (!mscep_key_present(f, em, target))
		return;
	memset(&t, 0, sizeof(t));
	t.v[0] = &f->reg[RF_MSCEP_SIGNATURE_TEMPLATE];
	t.v[1] = &f->reg[RF_MSCEP_ENCRYPTION_TEMPLATE];
	t.v[2] = &f->reg[RF_MSCEP_GENERAL_TEMPLATE];
	t.first_bad = 3;
	sb_init(&t.missing);
	sb_init(&t.wrong);
	sb_init(&t.deflt);
	sb_init(&t.spaced);
	for (i = 0; i < 3; i++)
		survey_one(&t, i);
	if (t.nerror > 0 || (t.nuncov > 0 && !(t.missing.len || t.wrong.len || t.ndefault == 3))) {
		emit_unanswered(em, target, t.v[t.first_bad], NULL);
		goto out;
	}
	if (t.missing.len || t.wrong.len || t.ndefault == 3)
		res = templates_fail(em, target, &t);
	else if (t.ndefault > 0 || t.spaced.len)
		res = templates_warn(em, target, &t);
	else
		res = templates_pass(em, target, &t);
	for (i = 0; i < 3; i++) {
		char *shown = regfact_show(t.v[i]);

		ev_fact(res, t.v[i], shown);
		free(shown);
	}
out:
	sb_free(&t.missing);
	sb_free(&t.wrong);
	sb_free(&t.deflt);
	sb_free(&t.spaced);
	judge_template_cache(f, em);
}

/* The per-setting subkeys mscep.dll reads, each holding the value named
 * after it (CAInfo holds Configuration): the key fact, then the value. */
static const struct {
	const char *sub;
	enum regfact_id key;
	int dword;
} settings[] = {
	{"CAInfo", RF_MSCEP_CAINFO_KEY, 0},
	{"CAType", RF_MSCEP_CATYPE_KEY, 1},
	{"EnforcePassword", RF_MSCEP_ENFORCEPASSWORD_KEY, 1},
	{"PasswordVDir", RF_MSCEP_PASSWORDVDIR_KEY, 0},
	{"UseSinglePassword", RF_MSCEP_USESINGLEPASSWORD_KEY, 1},
};

/* One mscep.registry result for setting i, or NULL when unanswered. */
static struct result *judge_setting(struct emitter *em, const struct facts *f, size_t i,
				    const char *target)
{
	const char *sub = settings[i].sub;
	const struct regfact *k = &f->reg[settings[i].key], *v = &f->reg[settings[i].key + 1];
	struct result *res = NULL;
	char *text = NULL;
	uint32_t d = 0;

	if (v->st == RF_FOUND && settings[i].dword && regfact_dword(v, &d, NULL) != 0) {
		res = emit(em, ST_FAIL, target, "%s\\%s is stored as %s; NDES reads a REG_DWORD",
			   sub, v->name, regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && settings[i].dword) {
		res = emit(em, ST_PASS, target, "%s\\%s is %u", sub, v->name, d);
	} else if (v->st == RF_FOUND && (text = regfact_text(v)) == NULL) {
		res = emit(em, ST_FAIL, target, "%s\\%s is stored as %s; NDES reads a REG_SZ",
			   sub, v->name, regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && *text == '\0') {
		res = emit(em, ST_FAIL, target, "%s\\%s is empty: NDES does not know %s", sub, v->name,
			   strcmp(sub, "CAInfo") == 0 ? "which CA to send requests to" : "this setting");
	} else if (v->st == RF_FOUND) {
		res = emit(em, ST_PASS, target, "%s\\%s is \"%s\"", sub, v->name, text);
	} else if (v->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "%s: mscep.dll cannot read this setting and fails at start-up (NDES "
			   "events 2 and 10 with 0x80070002, file not found)",
			   k->st == RF_ABSENT ? "the subkey is missing" : "the value is missing");
	} else {
		emit_unanswered(em, target, v, NULL);
	}
	free(text);
	return res;
}

void check_mscep_registry(const struct facts *f, struct emitter *em)
{
	size_t i;

	if (!mscep_key_present(f, em, f->reg[RF_MSCEP_KEY].key))
		return;
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct regfact *v = &f->reg[settings[i].key + 1];
		char *target = xasprintf("MSCEP\\%s", settings[i].sub);
		char *shown = regfact_show(v);
		struct result *res = judge_setting(em, f, i, target);

		if (res != NULL)
			ev_fact(res, v, shown);
		free(shown);
		free(target);
	}
}

void check_mscep_policy_module(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_MSCEP_POLICY];
	const char *target = "MSCEP\\Modules\\Policy";
	struct result *res = NULL;
	char *text, *shown;

	if (!mscep_key_present(f, em, target))
		return;
	shown = regfact_show(v);
	text = regfact_text(v);
	if (f->deployment.mode == DEPLOY_STANDALONE) {
		/* A standalone NDES hands out challenge passwords itself: no
		 * policy module is its normal state. */
		res = emit(em, ST_NA, target, "standalone NDES (%s): no policy module is needed",
			   f->deployment.evidence);
	} else if (f->deployment.mode == DEPLOY_UNKNOWN &&
		   (v->st == RF_ABSENT || (text != NULL && *text == '\0'))) {
		res = emit(em, ST_NE, target, "not evaluated: no policy module is registered, the "
			   "normal state of a standalone NDES, and the bundle does not show whether "
			   "this one serves Intune (%s); --deployment intune decides",
			   f->deployment.evidence);
	} else if (v->st == RF_FOUND && text == NULL) {
		res = emit(em, ST_FAIL, target,
			   "Modules\\Policy is stored as %s; NDES reads the policy module's name "
			   "from a REG_SZ", regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && *text == '\0') {
		res = emit(em, ST_FAIL, target,
			   "Modules\\Policy is empty: no policy module is registered, so mscep.dll "
			   "answers with the generic NDES page (HTTP 200) instead of handling Intune "
			   "requests");
	} else if (v->st == RF_FOUND) {
		res = emit(em, ST_PASS, target, "the policy module %s is registered", text);
	} else if (v->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, target,
			   "no policy module is registered (Modules\\Policy is not set): mscep.dll "
			   "answers with the generic NDES page (HTTP 200) instead of handling Intune "
			   "requests");
	} else {
		emit_unanswered(em, target, v, NULL);
	}
	if (res != NULL)
		ev_fact(res, v, shown);
	free(text);
	free(shown);
}
