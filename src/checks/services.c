/* Service start types (SYSTEM, current control set): the services that
 * serve SCEP must start on their own after a reboot. Registry lookups
 * ignore ASCII case, as Windows does for service names. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

#define START_AUTO 2u

static const char *start_name(uint32_t v)
{
	switch (v) {
	case 0: return "boot";
	case 1: return "system";
	case 2: return "automatic";
	case 3: return "manual";
	case 4: return "disabled";
	default: return "not a valid start type";
	}
}

/* Read Services\<name>\Start. Returns 1 with *start; otherwise *rv tells
 * why (absent key: rv->st RV_ABSENT and *key_missing = 1). */
static int read_start(const struct facts *f, const char *name, struct rv *v, uint32_t *start,
		      int *key_missing, char **key_out)
{
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	char *rel = xasprintf("Services\\%s", name);
	char *key = facts_cs_path(f, rel);
	struct rv k;

	free(rel);
	*key_out = key;
	*key_missing = 0;
	rv_read(r, key, "Start", v);
	if (v->st == RV_ABSENT) {
		rv_key(r, key, &k);
		*key_missing = k.st == RV_ABSENT;
		rv_free(&k);
	}
	return v->st == RV_FOUND && rv_dword(v, start) == 0;
}

/* One result for one service that must start automatically. */
static void judge_service(const struct facts *f, struct emitter *em, const char *name,
			  const char *what)
{
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	struct result *res = NULL;
	struct rv v;
	uint32_t start = 0;
	int missing;
	char *key, *shown;

	read_start(f, name, &v, &start, &missing, &key);
	shown = rv_show(&v);
	if (v.st == RV_FOUND && rv_dword(&v, &start) != 0) {
		res = emit(em, ST_FAIL, name, "%s (%s): Start is stored as %s, not as a REG_DWORD",
			   what, name, regtype_name(v.v.type));
	} else if (v.st == RV_FOUND && start == START_AUTO) {
		struct rv dl;
		uint32_t delayed = 0;

		rv_read(r, key, "DelayedAutostart", &dl);
		res = emit(em, ST_PASS, name, "%s (%s) starts automatically%s in %s", what, name,
			   rv_dword(&dl, &delayed) == 0 && delayed == 1 ? " (delayed start)" : "",
			   f->control_set_key);
		rv_free(&dl);
	} else if (v.st == RV_FOUND) {
		res = emit(em, ST_FAIL, name, "%s (%s) is set to %s start (Start = %u) in %s: it does "
			   "not start after a reboot", what, name, start_name(start), start,
			   f->control_set_key);
	} else if (v.st == RV_ABSENT) {
		res = emit(em, ST_FAIL, name, "%s (%s) is %s in %s", what, name,
			   missing ? "not registered: no service key" : "registered without a Start value",
			   f->control_set_key);
	} else {
		emit_unanswered(em, r, name, key, "Start", &v);
	}
	if (res != NULL)
		ev_reg(res, r, key, missing ? NULL : "Start", missing ? "(absent)" : shown);
	free(shown);
	free(key);
	rv_free(&v);
}

/* The connector services of each generation. The current connector runs
 * several services, one per feature; PFXCertificateConnectorSvc is the one
 * every installation has. */
static const char *const legacy_services[] = {"NDESConnectorSvc", NULL};
static const char *const current_services[] = {"PFXCertificateConnectorSvc", NULL};

void check_service_connector_start(const struct facts *f, struct emitter *em)
{
	const struct connector_facts *c = &f->connector;
	const char *const *p;
	struct result *res;

	switch (c->gen) {
	case CONN_UNKNOWN:
		res = emit(em, ST_NE, "connector services",
			   "not evaluated: which connector generation is installed is not known (%s)",
			   c->error != NULL ? c->error : c->unknown != NULL ? c->unknown : "no SOFTWARE data");
		result_add_evidence(res, c->error != NULL ? c->artifact : NULL,
				    "Microsoft\\Windows\\CurrentVersion\\Uninstall", NULL);
		return;
	case CONN_NONE:
		emit(em, ST_NA, "connector services",
		     "no Intune certificate connector is installed, so it has no services (see "
		     "connector.installed)");
		return;
	default:
		break;
	}
	if (c->gen == CONN_LEGACY || c->gen == CONN_BOTH)
		for (p = legacy_services; *p != NULL; p++)
			judge_service(f, em, *p, "the legacy Intune connector service");
	if (c->gen == CONN_CURRENT || c->gen == CONN_BOTH)
		for (p = current_services; *p != NULL; p++)
			judge_service(f, em, *p, "the Certificate Connector for Microsoft Intune service");
}

void check_service_w3svc_start(const struct facts *f, struct emitter *em)
{
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	const char *target = "W3SVC";
	struct rv w, was;
	uint32_t ws = 0, as = 0;
	int wmissing, amissing, wok, aok;
	char *wkey, *akey, *wshown, *ashown;
	struct result *res;
	struct strbuf bad;

	wok = read_start(f, "W3SVC", &w, &ws, &wmissing, &wkey);
	aok = read_start(f, "WAS", &was, &as, &amissing, &akey);
	wshown = rv_show(&w);
	ashown = rv_show(&was);
	sb_init(&bad);
	if (w.st == RV_ERROR) {
		emit_unanswered(em, r, target, wkey, "Start", &w);
		goto out;
	}
	if (was.st == RV_ERROR) {
		emit_unanswered(em, r, target, akey, "Start", &was);
		goto out;
	}
	if (w.st == RV_ABSENT)
		sb_printf(&bad, "W3SVC is %s", wmissing ? "not registered (IIS is not installed)"
							 : "registered without a Start value");
	else if (w.st == RV_FOUND && !wok)
		sb_printf(&bad, "W3SVC Start is stored as %s", regtype_name(w.v.type));
	else if (wok && ws != START_AUTO)
		sb_printf(&bad, "W3SVC is set to %s start (Start = %u)", start_name(ws), ws);
	if (was.st == RV_ABSENT)
		sb_printf(&bad, "%sWAS is %s", bad.len ? "; " : "",
			  amissing ? "not registered" : "registered without a Start value");
	else if (was.st == RV_FOUND && !aok)
		sb_printf(&bad, "%sWAS Start is stored as %s", bad.len ? "; " : "",
			  regtype_name(was.v.type));
	else if (aok && as == 4)
		sb_printf(&bad, "%sWAS (Windows Process Activation Service, which W3SVC needs) is "
			  "disabled", bad.len ? "; " : "");
	if (bad.len) {
		res = emit(em, ST_FAIL, target, "%s in %s: IIS does not serve /certsrv/mscep after a "
			   "reboot", bad.s, f->control_set_key);
	} else if (w.st == RV_UNCOVERED) {
		emit_unanswered(em, r, target, wkey, "Start", &w);
		goto out;
	} else if (was.st == RV_UNCOVERED) {
		emit_unanswered(em, r, target, akey, "Start", &was);
		goto out;
	} else {
		res = emit(em, ST_PASS, target, "W3SVC starts automatically and WAS is %s (Start = "
			   "%u) in %s", start_name(as), as, f->control_set_key);
	}
	if (w.st != RV_UNCOVERED)
		ev_reg(res, r, wkey, wmissing ? NULL : "Start", wmissing ? "(absent)" : wshown);
	if (was.st != RV_UNCOVERED)
		ev_reg(res, r, akey, amissing ? NULL : "Start", amissing ? "(absent)" : ashown);
out:
	sb_free(&bad);
	free(wshown);
	free(ashown);
	free(wkey);
	free(akey);
	rv_free(&w);
	rv_free(&was);
}

void check_service_appproxy_start(const struct facts *f, struct emitter *em)
{
	const struct regsrc *r = &f->src[SRC_SYSTEM].reg;
	char *key = facts_cs_path(f, "Services\\WAPCSvc");
	struct result *res;
	struct rv k;

	rv_key(r, key, &k);
	if (k.st == RV_ABSENT) {
		res = emit(em, ST_NA, "WAPCSvc", "the Microsoft Entra application proxy (private "
			   "network) connector is not installed here (no service WAPCSvc in %s)",
			   f->control_set_key);
		ev_reg(res, r, key, NULL, "(absent)");
	} else if (k.st == RV_FOUND) {
		judge_service(f, em, "WAPCSvc", "the Microsoft Entra application proxy connector");
	} else {
		emit_unanswered(em, r, "WAPCSvc", key, NULL, &k);
	}
	rv_free(&k);
	free(key);
}
