/* Host checks: the server's name, OS build and collection time, and the
 * host configuration NDES and the connector depend on (not the CA, not a
 * domain controller, .NET Framework, IE ESC, automatic root update). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

static void add_fact(struct result *r, const struct fact_text *t)
{
	if (t->value != NULL)
		result_add_evidence(r, t->artifact, t->location, t->value);
}

void check_host_fqdn(const struct facts *f, struct emitter *em)
{
	struct strbuf msg;
	struct result *r;

	sb_init(&msg);
	if (f->fqdn != NULL) {
		sb_printf(&msg, "server %s", f->fqdn);
		if (f->fqdn_origin != NULL && f->fqdn_origin[0] == '-')
			sb_add(&msg, " (given with --fqdn)");
		else if (f->domain.value == NULL)
			sb_add(&msg, " (no DNS domain recorded: certificate name checks compare the bare host name)");
	} else {
		sb_add(&msg, "no host name recorded in Tcpip\\Parameters");
	}
	if (f->computername.value != NULL)
		sb_printf(&msg, "; NetBIOS name %s", f->computername.value);
	if (f->os_product.value != NULL || f->os_build.value != NULL) {
		sb_printf(&msg, "; %s", f->os_product.value ? f->os_product.value : "Windows");
		if (f->os_display_version.value != NULL)
			sb_printf(&msg, " %s", f->os_display_version.value);
		if (f->os_build.value != NULL)
			sb_printf(&msg, " build %s%s%s", f->os_build.value,
				  f->os_ubr.value ? "." : "", f->os_ubr.value ? f->os_ubr.value : "");
	} else if (f->src[SRC_SOFTWARE].state != SOURCE_OK) {
		sb_add(&msg, "; OS build unknown (no readable SOFTWARE hive)");
	}
	if (f->has_collected_at) {
		char when[32];

		time_format_iso(f->collected_at, when, sizeof(when));
		sb_printf(&msg, "; collected about %s (newest registry key time)", when);
	}
	r = emit(em, f->fqdn != NULL ? ST_PASS : ST_NA, f->fqdn != NULL ? f->fqdn : "host", "%s",
		 msg.s);
	add_fact(r, &f->hostname);
	add_fact(r, &f->domain);
	add_fact(r, &f->computername);
	add_fact(r, &f->os_product);
	add_fact(r, &f->os_display_version);
	add_fact(r, &f->os_build);
	add_fact(r, &f->os_ubr);
	if (f->fqdn == NULL) {
		result_add_evidence(r, f->hostname.artifact, f->hostname.location,
				    f->hostname.error != NULL ? f->hostname.error : "(absent)");
		result_set_remediation(r, "%s", em->check->remediation);
	}
	sb_free(&msg);
}

/* ------------------------------------------------ host configuration */

/* The host part of a CA configuration string "host\CA name" (heap), NULL
 * when there is none. */
static char *config_host(const char *config)
{
	const char *bs = strchr(config, '\\');

	if (bs == NULL || bs == config)
		return NULL;
	return xasprintf("%.*s", (int)(bs - config), config);
}

/* name (a DNS name or a bare host name) is this server: equal to its FQDN,
 * or its first label equal to this server's host or NetBIOS name. */
static int names_this_host(const struct facts *f, const char *name)
{
	const char *dot = strchr(name, '.');
	size_t n = dot != NULL ? (size_t)(dot - name) : strlen(name);
	const char *mine[3] = {f->fqdn, f->hostname.value, f->computername.value};
	size_t i;

	if (f->fqdn != NULL && ascii_casecmp(f->fqdn, name) == 0)
		return 1;
	if (dot != NULL && f->fqdn != NULL && strchr(f->fqdn, '.') != NULL)
		return 0; /* both fully qualified and different */
	/* A bare name on either side: the first labels decide. */
	for (i = 0; i < 3; i++)
		if (mine[i] != NULL && strcspn(mine[i], ".") == n &&
		    ascii_ncasecmp(mine[i], name, n) == 0)
			return 1;
	return 0;
}

/* MSCEP\CAInfo names the CA NDES sends requests to as "host\CA name": when
 * that host is this server, NDES runs on its own CA. */
static void judge_cainfo(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_MSCEP_CAINFO];
	char *text = regfact_text(v), *shown = regfact_show(v), *host = NULL;
	struct result *res;

	if (v->st == RF_UNCOVERED || v->st == RF_ERROR) {
		emit_unanswered(em, "CAInfo", v, NULL);
		goto out;
	}
	host = text != NULL ? config_host(text) : NULL;
	if (host == NULL) {
		res = emit(em, ST_NA, "CAInfo", "no CA configuration (\"host\\CA name\") in "
			   "MSCEP\\CAInfo to compare with this server's name (mscep.registry "
			   "judges the value)");
	} else if (f->fqdn == NULL && f->computername.value == NULL && f->hostname.value == NULL) {
		res = emit(em, ST_NE, "CAInfo", "not evaluated: the CA NDES uses is on %s, and this "
			   "server's name is not recorded", host);
	} else if (names_this_host(f, host)) {
		res = emit(em, ST_FAIL, "CAInfo", "MSCEP\\CAInfo names this server (%s) as the CA "
			   "NDES sends requests to: NDES runs on its own CA", host);
	} else {
		res = emit(em, ST_PASS, "CAInfo", "the CA NDES uses is on %s, not on this server "
			   "(%s)", host, f->fqdn != NULL ? f->fqdn : f->computername.value != NULL
					     ? f->computername.value : f->hostname.value);
	}
	ev_fact(res, v, shown);
out:
	free(host);
	free(text);
	free(shown);
}

void check_host_not_ca(const struct facts *f, struct emitter *em)
{
	const struct regfact *k = &f->reg[RF_CERTSVC_KEY], *pt = &f->reg[RF_PRODUCT_TYPE];
	struct result *res;
	char *type, *shown;

	if (k->st == RF_FOUND) {
		res = emit(em, ST_FAIL, "CertSvc", "the certification authority service (CertSvc) is "
			   "installed on this server: Intune does not support NDES on the CA itself");
		ev_fact(res, k, "(present)");
	} else if (k->st == RF_ABSENT) {
		res = emit(em, ST_PASS, "CertSvc", "no certification authority on this server (no "
			   "CertSvc service in %s)", f->control_set_key);
		ev_fact(res, k, "(absent)");
	} else {
		emit_unanswered(em, "CertSvc", k, NULL);
	}
	type = regfact_text(pt);
	shown = regfact_show(pt);
	if (type != NULL && ascii_casecmp(type, "LanmanNT") == 0) {
		res = emit(em, ST_FAIL, "ProductType", "this server is a domain controller "
			   "(ProductType LanmanNT): NDES must run on a member server");
		ev_fact(res, pt, shown);
	} else if (type != NULL && ascii_casecmp(type, "WinNT") == 0) {
		res = emit(em, ST_NA, "ProductType", "ProductType WinNT: a workstation, not a server "
			   "(host.server_os judges it), so whether it is a domain controller does not "
			   "arise");
		ev_fact(res, pt, shown);
	} else if (type != NULL) {
		res = emit(em, ST_PASS, "ProductType", "this server is not a domain controller "
			   "(ProductType %s)", type);
		ev_fact(res, pt, shown);
	} else if (pt->st == RF_FOUND || pt->st == RF_ABSENT) {
		res = emit(em, ST_NE, "ProductType", "not evaluated: ProductType is %s, so whether "
			   "this is a domain controller cannot be told",
			   pt->st == RF_ABSENT ? "not recorded" : "not a string");
		ev_fact(res, pt, shown);
	} else {
		emit_unanswered(em, "ProductType", pt, NULL);
	}
	free(type);
	free(shown);
	/* Without a SOFTWARE source there is nothing to compare: no result. */
	if (f->reg[RF_MSCEP_CAINFO].st != RF_UNCOVERED || f->src[SRC_SOFTWARE].state == SOURCE_OK)
		judge_cainfo(f, em);
}

/* Windows Server 2012 R2 is the oldest build NDES with the Intune connector
 * supports; the Certificate Connector for Microsoft Intune needs Windows
 * Server 2016. */
#define BUILD_2012R2 9600ul
#define BUILD_2016 14393ul

/* This host's name for messages. */
static const char *host_name(const struct facts *f)
{
	return f->fqdn != NULL ? f->fqdn : f->computername.value != NULL ? f->computername.value
									 : "this host";
}

/* The build from SOFTWARE (CurrentBuildNumber), 0 when not recorded. */
static unsigned long os_build(const struct facts *f)
{
	char *end = NULL;
	unsigned long b;

	if (f->os_build.value == NULL)
		return 0;
	b = strtoul(f->os_build.value, &end, 10);
	return end != f->os_build.value && *end == '\0' ? b : 0;
}

/* A server ProductType: judge the build when the bundle records it. */
static struct result *judge_server_build(const struct facts *f, struct emitter *em,
					 const char *type)
{
	unsigned long b = os_build(f);
	int current = f->connector.gen == CONN_CURRENT || f->connector.gen == CONN_BOTH;
	unsigned long need = current ? BUILD_2016 : BUILD_2012R2;

	if (b == 0)
		return emit(em, ST_PASS, "ProductType", "%s runs Windows Server (ProductType %s); "
			    "its build is not recorded (%s), so only the edition is judged",
			    host_name(f), type, f->src[SRC_SOFTWARE].state == SOURCE_OK
				    ? "no CurrentBuildNumber" : "no readable SOFTWARE hive");
	if (b < need)
		return emit(em, ST_FAIL, "ProductType", "%s runs Windows Server build %lu "
			    "(ProductType %s): %s needs build %lu (%s) or later", host_name(f), b,
			    type, current ? "the Certificate Connector for Microsoft Intune"
					  : "NDES with the Intune connector",
			    need, current ? "Windows Server 2016" : "Windows Server 2012 R2");
	return emit(em, ST_PASS, "ProductType", "%s runs Windows Server build %lu (ProductType "
		    "%s)", host_name(f), b, type);
}

void check_host_server_os(const struct facts *f, struct emitter *em)
{
	const struct regfact *pt = &f->reg[RF_PRODUCT_TYPE];
	char *type = regfact_text(pt), *shown = regfact_show(pt);
	struct result *res = NULL;

	if (type != NULL && (ascii_casecmp(type, "ServerNT") == 0 ||
			     ascii_casecmp(type, "LanmanNT") == 0)) {
		res = judge_server_build(f, em, type);
	} else if (type != NULL && ascii_casecmp(type, "WinNT") == 0) {
		unsigned long b = os_build(f);

		res = emit(em, ST_FAIL, "ProductType", "%s is a workstation (ProductType WinNT%s%s), "
			   "not Windows Server: NDES cannot be installed there, or the bundle holds "
			   "another machine's hive", host_name(f), b ? ", build " : "",
			   b ? f->os_build.value : "");
	} else if (type != NULL) {
		res = emit(em, ST_FAIL, "ProductType", "%s: ProductType %s is not one Windows "
			   "defines (WinNT, ServerNT, LanmanNT)", host_name(f), type);
	} else if (pt->st == RF_FOUND || pt->st == RF_ABSENT) {
		res = emit(em, ST_NE, "ProductType", "not evaluated: ProductType is %s, so the "
			   "Windows edition cannot be told",
			   pt->st == RF_ABSENT ? "not recorded" : "not a string");
	} else {
		emit_unanswered(em, "ProductType", pt, NULL);
	}
	if (res != NULL) {
		ev_fact(res, pt, shown);
		add_fact(res, &f->os_build);
	}
	free(type);
	free(shown);
}

#define DOTNET_472 461808u

/* Release numbers from which each .NET Framework 4.x version starts. */
static const char *dotnet_version(uint32_t release)
{
	static const struct {
		uint32_t from;
		const char *name;
	} t[] = {
		{533320, "4.8.1"}, {528040, "4.8"}, {461808, "4.7.2"}, {461308, "4.7.1"},
		{460798, "4.7"}, {394802, "4.6.2"}, {394254, "4.6.1"}, {393295, "4.6"},
		{379893, "4.5.2"}, {378675, "4.5.1"}, {378389, "4.5"},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (release >= t[i].from)
			return t[i].name;
	return "older than 4.5";
}

void check_host_dotnet(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_DOTNET_RELEASE], *k = &f->reg[RF_DOTNET_KEY];
	const char *target = ".NET Framework 4";
	struct result *res = NULL;
	uint32_t rel = 0;
	char *shown = regfact_show(v);

	if (v->st == RF_FOUND && regfact_dword(v, &rel, NULL) != 0) {
		res = emit(em, ST_FAIL, target, "Release is stored as %s, not as a REG_DWORD: the "
			   ".NET Framework 4 installation looks damaged", regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && rel >= DOTNET_472) {
		res = emit(em, ST_PASS, target, ".NET Framework %s is installed (Release %u)",
			   dotnet_version(rel), rel);
	} else if (v->st == RF_FOUND) {
		res = emit(em, ST_FAIL, target, ".NET Framework %s is installed (Release %u); the "
			   "connector needs 4.7.2 or later (Release %u)", dotnet_version(rel), rel,
			   DOTNET_472);
	} else if (v->st == RF_ABSENT) {
		res = emit(em, ST_FAIL, target, ".NET Framework 4 is not installed (%s): the connector "
			   "needs 4.7.2 or later", k->st == RF_ABSENT ? "no NDP\\v4\\Full key"
								   : "no Release value");
	} else {
		emit_unanswered(em, target, v, NULL);
	}
	if (res != NULL)
		ev_fact(res, v, shown);
	free(shown);
}

void check_host_ie_esc(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_IE_ESC], *k = &f->reg[RF_IE_ESC_KEY];
	const char *target = "IE ESC (administrators)";
	struct result *res = NULL;
	uint32_t on = 0;
	char *shown = regfact_show(v);

	if (v->st == RF_FOUND && regfact_dword(v, &on, NULL) != 0) {
		res = emit(em, ST_FAIL, target, "IsInstalled is stored as %s: whether IE ESC is on "
			   "cannot be told, and Windows does not read it as off", regtype_name(v->v.type));
	} else if (v->st == RF_FOUND && on != 0) {
		res = emit(em, ST_FAIL, target, "Internet Explorer Enhanced Security Configuration is "
			   "on for administrators: the connector's sign-in page does not load");
	} else if (v->st == RF_FOUND) {
		res = emit(em, ST_PASS, target, "Internet Explorer Enhanced Security Configuration is "
			   "off for administrators");
	} else if (v->st == RF_ABSENT && k->st == RF_ABSENT) {
		res = emit(em, ST_NA, target, "no IE ESC component is registered (Internet "
			   "Explorer removed, or Server Core)");
	} else if (v->st == RF_ABSENT) {
		res = emit(em, ST_PASS, target, "the IE ESC component records no IsInstalled "
			   "value: it is off");
	} else {
		emit_unanswered(em, target, v, NULL);
	}
	if (res != NULL)
		ev_fact(res, v, shown);
	free(shown);
}

void check_trust_root_autoupdate(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_ROOT_AUTOUPDATE];
	const char *target = "AuthRoot\\DisableRootAutoUpdate";
	struct result *res = NULL;
	uint32_t d = 0;
	char *shown = regfact_show(v);

	if (v->st == RF_FOUND && regfact_dword(v, &d, NULL) != 0)
		res = emit(em, ST_PASS, target, "DisableRootAutoUpdate is stored as %s, which Windows "
			   "does not read as a setting: automatic root certificate update stays on",
			   regtype_name(v->v.type));
	else if (v->st == RF_FOUND && d == 1 && v->gpo != NULL)
		res = emit(em, ST_FAIL, target, "the %s pushes DisableRootAutoUpdate = 1 (its "
			   "registry.pol is in the bundle), which turns automatic root certificate "
			   "update off: the root certificates Intune's endpoints chain to must be "
			   "installed and kept current by hand, or the connector cannot reach Intune; "
			   "changing the local value does not last, change the GPO", v->gpo);
	else if (v->st == RF_FOUND && d == 1)
		res = emit(em, ST_FAIL, target, "a policy turns automatic root certificate update off: "
			   "the root certificates Intune's endpoints chain to must be installed and "
			   "kept current by hand, or the connector cannot reach Intune");
	else if (v->st == RF_FOUND)
		res = emit(em, ST_PASS, target, "DisableRootAutoUpdate is %u: automatic root "
			   "certificate update is on", d);
	else if (v->st == RF_ABSENT)
		res = emit(em, ST_PASS, target, "no policy disables automatic root certificate update");
	else
		emit_unanswered(em, target, v, NULL);
	if (res != NULL)
		ev_fact(res, v, shown);
	if (res != NULL && v->gpo != NULL)
		result_add_evidence(res, v->local_artifact, v->local_location, v->local_value);
	free(shown);
}
