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

/* The registry facts of one service: its key, Start, DelayedAutostart,
 * Type and ImagePath. */
struct svc_facts {
	const struct regfact *key, *start, *delayed, *type, *image;
};

static struct svc_facts svc_of(const struct facts *f, enum regfact_id key_id)
{
	/* regfacts.h lists each service's facts together: KEY, START, DELAYED,
	 * TYPE, IMAGEPATH. */
	struct svc_facts s = {&f->reg[key_id], &f->reg[key_id + 1], &f->reg[key_id + 2],
			      &f->reg[key_id + 3], &f->reg[key_id + 4]};

	return s;
}

/* Start was absent and so is the service's key. */
static int key_missing(const struct svc_facts *s)
{
	return s->start->st == RF_ABSENT && s->key->st == RF_ABSENT;
}

/* The key is there but holds neither Type nor ImagePath: whatever its
 * Start says, the service control manager cannot start it. The SCM builds
 * its database from each key's Type (what the service is) and runs the
 * program its ImagePath names; CreateService writes both for every Win32
 * service. Such a key is a stub that setup, a removal or a hand-made
 * change left (real hives hold them for W3SVC), not an installed service
 * with a bad setting. */
static int key_stub(const struct svc_facts *s)
{
	return s->key->st == RF_FOUND && s->type->st == RF_ABSENT && s->image->st == RF_ABSENT;
}

/* Not installed: no key, or a stub key. */
static int not_installed(const struct svc_facts *s)
{
	return key_missing(s) || key_stub(s);
}

/* What "not installed" rests on, for the message. */
static const char *not_installed_why(const struct svc_facts *s)
{
	return key_stub(s) ? "its key holds no Type and no ImagePath, so the service control "
			     "manager has nothing to start: a stub left behind"
			   : "no service key";
}

/* Evidence for a stub: the missing ImagePath (the program it would run). */
static void ev_stub(struct result *res, const struct svc_facts *s)
{
	ev_fact(res, s->image, "(absent)");
}

/* Evidence for a service: its Start value, or its key when there is none. */
static void ev_service(struct result *res, const struct svc_facts *s, const char *shown)
{
	if (key_stub(s))
		ev_stub(res, s);
	else if (key_missing(s))
		ev_fact(res, s->key, "(absent)");
	else
		ev_fact(res, s->start, shown);
}

/* One result for one service that must start automatically. */
static void judge_service(const struct facts *f, struct emitter *em, const char *name,
			  enum regfact_id key_id, const char *what)
{
	struct svc_facts s = svc_of(f, key_id);
	const struct regfact *v = s.start;
	struct result *res = NULL;
	uint32_t start = 0, delayed = 0;
	char *shown = regfact_show(v);

	if (key_stub(&s)) {
		res = emit(em, ST_FAIL, name, "%s (%s) is not installed: %s in %s; install "
			   "it (sc config cannot set up a service that is not there)", what, name, not_installed_why(&s),
			   f->control_set_key);
	} else if (v->st == RF_FOUND && regfact_dword(v, &start, NULL) != 0) {
		res = emit(em, ST_FAIL, name, "%s (%s): Start is stored as %s, not as a REG_DWORD",
			   what, name, regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && start == START_AUTO) {
		res = emit(em, ST_PASS, name, "%s (%s) starts automatically%s in %s", what, name,
			   regfact_dword(s.delayed, &delayed, NULL) == 0 && delayed == 1
				   ? " (delayed start)" : "",
			   f->control_set_key);
	} else if (v->st == RF_FOUND) {
		res = emit(em, ST_FAIL, name, "%s (%s) is set to %s start (Start = %u) in %s: it does "
			   "not start after a reboot", what, name, start_name(start), start,
			   f->control_set_key);
	} else if (v->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, name, "%s (%s) is %s in %s", what, name,
			   key_missing(&s) ? "not installed: no service key"
					   : "registered without a Start value (sc config "
					     "start= auto sets it)",
			   f->control_set_key);
	} else {
		emit_unanswered(em, name, v, NULL);
	}
	if (res != NULL)
		ev_service(res, &s, shown);
	free(shown);
}

/* The connector services of each generation. The current connector runs
 * several services, one per feature; PFXCertificateConnectorSvc is the one
 * every installation has. */
static const struct {
	const char *name;
	enum regfact_id key;
} legacy_services[] = {{"NDESConnectorSvc", RF_SVC_NDESCONNECTOR_KEY}},
  current_services[] = {{"PFXCertificateConnectorSvc", RF_SVC_PFXCONNECTOR_KEY}};

void check_service_connector_start(const struct facts *f, struct emitter *em)
{
	const struct connector_facts *c = &f->connector;
	struct result *res;
	size_t i;

	switch (c->gen) {
	case CONN_UNKNOWN:
		res = emit(em, ST_NE, "connector services",
			   "not evaluated: which connector generation is installed is not known (%s)",
			   c->error != NULL ? c->error : c->unknown != NULL ? c->unknown : "no SOFTWARE data");
		result_add_evidence(res, c->error != NULL ? c->artifact : NULL,
				    CONNECTOR_UNINSTALL_KEY, NULL);
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
		for (i = 0; i < sizeof(legacy_services) / sizeof(legacy_services[0]); i++)
			judge_service(f, em, legacy_services[i].name, legacy_services[i].key,
				      "the legacy Intune connector service");
	if (c->gen == CONN_CURRENT || c->gen == CONN_BOTH)
		for (i = 0; i < sizeof(current_services) / sizeof(current_services[0]); i++)
			judge_service(f, em, current_services[i].name, current_services[i].key,
				      "the Certificate Connector for Microsoft Intune service");
}

/* What keeps W3SVC (or WAS, was = 1) from starting, appended to bad. */
static void start_problem(struct strbuf *bad, const struct svc_facts *s, int was)
{
	const struct regfact *v = s->start;
	const char *sep = bad->len ? "; " : "";
	uint32_t start = 0;
	int ok = regfact_dword(v, &start, NULL) == 0;

	if (not_installed(s))
		sb_printf(bad, "%s%s is not installed (%s): the %s is missing", sep,
			  was ? "WAS" : "W3SVC", not_installed_why(s),
			  was ? "Windows Process Activation Service feature"
			      : "Web Server (IIS) role");
	else if (v->st == RF_ABSENT)
		sb_printf(bad, "%s%s is registered without a Start value", sep,
			  was ? "WAS" : "W3SVC");
	else if (v->st == RF_FOUND && !ok)
		sb_printf(bad, "%s%s Start is stored as %s", sep, was ? "WAS" : "W3SVC",
			  regtype_name(v->v.type));
	else if (ok && !was && start != START_AUTO)
		sb_printf(bad, "W3SVC is set to %s start (Start = %u)", start_name(start), start);
	else if (ok && was && start == 4)
		sb_printf(bad, "%sWAS (Windows Process Activation Service, which W3SVC needs) is "
			  "disabled", sep);
}

void check_service_w3svc_start(const struct facts *f, struct emitter *em)
{
	const char *target = "W3SVC";
	struct svc_facts w = svc_of(f, RF_SVC_W3SVC_KEY), a = svc_of(f, RF_SVC_WAS_KEY);
	uint32_t as = 0;
	char *wshown = regfact_show(w.start), *ashown = regfact_show(a.start);
	struct result *res;
	struct strbuf bad;

	sb_init(&bad);
	if (w.start->st == RF_ERROR) {
		emit_unanswered(em, target, w.start, NULL);
		goto out;
	}
	if (a.start->st == RF_ERROR) {
		emit_unanswered(em, target, a.start, NULL);
		goto out;
	}
	start_problem(&bad, &w, 0);
	start_problem(&bad, &a, 1);
	if (bad.len) {
		/* A missing role is no start-type problem: "after a reboot" would
		 * suggest a reboot is what breaks it. */
		res = emit(em, ST_FAIL, target, "%s in %s: IIS %s", bad.s, f->control_set_key,
			   not_installed(&w) || not_installed(&a)
				   ? "cannot serve /certsrv/mscep"
				   : "does not serve /certsrv/mscep after a reboot");
	} else if (w.start->st == RF_UNCOVERED) {
		emit_unanswered(em, target, w.start, NULL);
		goto out;
	} else if (a.start->st == RF_UNCOVERED) {
		emit_unanswered(em, target, a.start, NULL);
		goto out;
	} else {
		regfact_dword(a.start, &as, NULL);
		res = emit(em, ST_PASS, target, "W3SVC starts automatically and WAS is %s (Start = "
			   "%u) in %s", start_name(as), as, f->control_set_key);
	}
	if (w.start->st != RF_UNCOVERED)
		ev_service(res, &w, wshown);
	if (a.start->st != RF_UNCOVERED)
		ev_service(res, &a, ashown);
out:
	sb_free(&bad);
	free(wshown);
	free(ashown);
}

void check_service_appproxy_start(const struct facts *f, struct emitter *em)
{
	const struct regfact *k = &f->reg[RF_SVC_WAPCSVC_KEY];

	struct svc_facts s = svc_of(f, RF_SVC_WAPCSVC_KEY);

	if (k->st == RF_ABSENT || key_stub(&s)) {
		struct result *res = emit(em, ST_NA, "WAPCSvc", "the Microsoft Entra application "
					  "proxy (private network) connector is not installed here "
					  "(%s WAPCSvc in %s)",
					  key_stub(&s) ? "a stub key without Type or ImagePath:"
						       : "no service", f->control_set_key);
		ev_service(res, &s, "(absent)");
	} else if (k->st == RF_FOUND) {
		judge_service(f, em, "WAPCSvc", RF_SVC_WAPCSVC_KEY,
			      "the Microsoft Entra application proxy connector");
	} else {
		emit_unanswered(em, "WAPCSvc", k, NULL);
	}
}

/* ------------------------------------------------ connector accounts */

/* Every service of the current connector, one per feature (Microsoft
 * Learn, Certificate Connector for Microsoft Intune: the features PKCS,
 * PKCS imported, SCEP and revocation each run a service); the legacy
 * connector has one. The first of each list is installed with any
 * feature. */
static const struct {
	const char *name;
	enum regfact_id key;
} current_all[] = {{"PFXCertificateConnectorSvc", RF_SVC_PFXCONNECTOR_KEY},
		   {"PkiCreateConnectorSvc", RF_SVC_PKICREATE_KEY},
		   {"PfxCreateLegacyConnectorSvc", RF_SVC_PFXCREATELEGACY_KEY},
		   {"PkiRevokeConnectorSvc", RF_SVC_PKIREVOKE_KEY}},
  legacy_all[] = {{"NDESConnectorSvc", RF_SVC_NDESCONNECTOR_KEY}};

#define CHOICES "the connector's setup offers the server's SYSTEM account or a domain account"

/* What kind of log-on account ObjectName names: 1 SYSTEM, 2 a domain
 * account, 0 anything else (a local or built-in account the installer
 * never uses). */
static int account_kind(const struct facts *f, const char *a)
{
	const char *bs = strchr(a, '\\');
	size_t n = bs != NULL ? (size_t)(bs - a) : 0;

	if (ascii_casecmp(a, "LocalSystem") == 0 || ascii_casecmp(a, "NT AUTHORITY\\SYSTEM") == 0)
		return 1;
	if (strchr(a, '@') != NULL)
		return 2; /* a user principal name */
	if (bs == NULL || n == 0 || (n == 1 && a[0] == '.') ||
	    ascii_ncasecmp(a, "NT AUTHORITY", n) == 0 || ascii_ncasecmp(a, "NT SERVICE", n) == 0)
		return 0;
	if (f->computername.value != NULL && strlen(f->computername.value) == n &&
	    ascii_ncasecmp(a, f->computername.value, n) == 0)
		return 0; /* this server's own accounts */
	return 2;
}

/* One connector service: it starts automatically, and whom it runs as. */
static void judge_account(const struct facts *f, struct emitter *em, const char *name,
			  enum regfact_id key)
{
	const struct regfact *start = &f->reg[key + 1], *obj = &f->reg[key + 5];
	char *acct = regfact_text(obj), *shown = regfact_show(obj), *sshown = regfact_show(start);
	struct result *res = NULL;
	uint32_t st = 0;
	int kind = acct != NULL ? account_kind(f, acct) : -1;

	if (start->st == RF_UNCOVERED || start->st == RF_ERROR) {
		emit_unanswered(em, name, start, NULL);
		goto out;
	}
	if (obj->st == RF_UNCOVERED || obj->st == RF_ERROR) {
		emit_unanswered(em, name, obj, NULL);
		goto out;
	}
	if (regfact_dword(start, &st, NULL) != 0 || st != START_AUTO)
		res = emit(em, ST_FAIL, name, "%s does not start automatically (Start %s)%s%s", name,
			   sshown, acct != NULL ? "; it runs as " : "", acct != NULL ? acct : "");
	else if (kind == -1)
		res = emit(em, ST_WARN, name, "%s starts automatically but records no log-on "
			   "account (ObjectName %s): %s", name, shown, CHOICES);
	else if (kind == 0)
		res = emit(em, ST_WARN, name, "%s runs as %s, an account the connector's setup "
			   "never uses: %s", name, acct, CHOICES);
	else
		res = emit(em, ST_PASS, name, "%s starts automatically and runs as %s (%s)", name,
			   acct, kind == 1 ? "the server's SYSTEM account" : "a domain account");
	ev_fact(res, obj, shown);
	ev_fact(res, start, sshown);
out:
	free(acct);
	free(shown);
	free(sshown);
}

/* The service's key is there (or not known to be absent) and is no stub. */
static int installed_key(const struct facts *f, enum regfact_id key)
{
	struct svc_facts s = svc_of(f, key);

	return s.key->st != RF_ABSENT && !key_stub(&s);
}

void check_service_connector_account(const struct facts *f, struct emitter *em)
{
	const struct connector_facts *c = &f->connector;
	size_t i, n = 0;

	if (c->gen == CONN_UNKNOWN) {
		emit(em, ST_NE, "connector services", "not evaluated: which connector generation "
		     "is installed is not known (%s)", c->error != NULL ? c->error
		     : c->unknown != NULL ? c->unknown : "no SOFTWARE data");
		return;
	}
	if (c->gen == CONN_NONE) {
		emit(em, ST_NA, "connector services", "no Intune certificate connector is "
		     "installed (deployment %s), so it has no services",
		     deployment_name(f->deployment.mode));
		return;
	}
	/* A feature's service is judged when its key is there; the first of
	 * each list is judged by service.connector.start when it is missing. */
	if (c->gen == CONN_LEGACY || c->gen == CONN_BOTH)
		for (i = 0; i < sizeof(legacy_all) / sizeof(legacy_all[0]); i++)
			if (installed_key(f, legacy_all[i].key)) {
				judge_account(f, em, legacy_all[i].name, legacy_all[i].key);
				n++;
			}
	if (c->gen == CONN_CURRENT || c->gen == CONN_BOTH)
		for (i = 0; i < sizeof(current_all) / sizeof(current_all[0]); i++)
			if (installed_key(f, current_all[i].key)) {
				judge_account(f, em, current_all[i].name, current_all[i].key);
				n++;
			}
	if (n == 0)
		emit(em, ST_NA, "connector services", "none of the connector's services is "
		     "installed in %s (service.connector.start reports the missing one)",
		     f->control_set_key);
}
