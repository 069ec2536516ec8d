/* The registry checks (host, services, httpsys, ndes, connector) as pure
 * functions: facts built by hand in memory, one table row per outcome,
 * asserting status, target and evidence (artifact, location, value), never
 * message prose. No bundle is written and no hive is read: the rows start
 * from a healthy server and change the facts a row is about. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "testutil.h"

#define ART "hand-built.hiv"

enum how { H_END, H_DWORD, H_SZ, H_BINARY, H_PRESENT, H_ABSENT, H_UNCOVERED, H_ERROR };

struct change {
	enum how how;
	enum regfact_id id;
	uint32_t d;
	const char *s;
};

/* Special setups beyond single facts. */
enum extra {
	X_NONE, X_GEN_LEGACY, X_GEN_NONE, X_GEN_UNKNOWN, X_GEN_BOTH, X_GEN_ERROR,
	X_BIND_NOHASH, X_BIND_SHORTHASH, X_BIND_BADHASH, X_BIND_NONE443, X_BIND_UNCOVERED,
	X_BIND_ERROR, X_BIND_CCS, X_DISAGREE, X_BUILD_2019, X_BUILD_2012R2, X_BUILD_2012R2_LEGACY,
	X_BUILD_2012, X_NO_NAME, X_DEPLOY_STANDALONE, X_DEPLOY_UNKNOWN
};

/* Where the first evidence entry of the result must point. */
enum ev_kind {
	EV_FACT,       /* at fact ev (its artifact, or none when not covered) */
	EV_UNANSWERED, /* the ne / error evidence of fact ev */
	EV_LOC,        /* at location ev_loc, artifact ev_art */
	EV_NONE        /* the result has no evidence */
};

struct row {
	const char *name;
	const char *check;
	struct change ch[4];
	enum extra extra;
	enum status want;
	const char *target;
	enum ev_kind evk;
	enum regfact_id ev;
	const char *ev_value;  /* NULL: no value expected */
	const char *ev_art, *ev_loc;
};

static void set_found(struct regfact *r, uint32_t type, const void *data, size_t n)
{
	regval_free(&r->v);
	free(r->why);
	r->why = NULL;
	r->st = RF_FOUND;
	r->artifact = ART;
	r->v.type = type;
	r->v.size = n;
	r->v.data = n > 0 ? xcalloc(1, n) : NULL;
	if (n > 0)
		memcpy(r->v.data, data, n);
}

/* REG_SZ as Windows stores it: UTF-16LE with a terminator (ASCII here). */
static void set_sz(struct regfact *r, const char *s)
{
	size_t i, n = strlen(s);
	uint8_t *u = xcalloc(2, n + 1);

	for (i = 0; i < n; i++)
		u[2 * i] = (uint8_t)s[i];
	set_found(r, REGT_SZ, u, 2 * (n + 1));
	free(u);
}

static void set_dword(struct regfact *r, uint32_t d)
{
	uint8_t b[4] = {(uint8_t)d, (uint8_t)(d >> 8), (uint8_t)(d >> 16), (uint8_t)(d >> 24)};

	set_found(r, REGT_DWORD, b, 4);
}

static void set_state(struct regfact *r, enum regfact_state st)
{
	regval_free(&r->v);
	memset(&r->v, 0, sizeof(r->v));
	free(r->why);
	r->why = st == RF_UNCOVERED ? xstrdup("not in the .reg exports (hand-built)")
		 : st == RF_ERROR ? xstrdup("hand-built.hiv: cell 0x1234 is corrupt")
				  : NULL;
	r->st = st;
	r->artifact = ART;
}

static void apply(struct facts *f, const struct change *c)
{
	struct regfact *r = &f->reg[c->id];
	static const uint8_t bin[3] = {1, 2, 3};

	switch (c->how) {
	case H_DWORD: set_dword(r, c->d); break;
	case H_SZ: set_sz(r, c->s); break;
	case H_BINARY: set_found(r, REGT_BINARY, bin, sizeof(bin)); break;
	case H_PRESENT: set_state(r, RF_FOUND); break;
	case H_ABSENT: set_state(r, RF_ABSENT); break;
	case H_UNCOVERED: set_state(r, RF_UNCOVERED); break;
	case H_ERROR: set_state(r, RF_ERROR); break;
	case H_END: break;
	}
}

static const struct change healthy[] = {
	{H_ABSENT, RF_CERTSVC_KEY, 0, NULL},
	{H_SZ, RF_PRODUCT_TYPE, 0, "ServerNT"},
	{H_DWORD, RF_DOTNET_RELEASE, 528449, NULL},
	{H_PRESENT, RF_DOTNET_KEY, 0, NULL},
	{H_DWORD, RF_IE_ESC, 0, NULL},
	{H_PRESENT, RF_IE_ESC_KEY, 0, NULL},
	{H_ABSENT, RF_ROOT_AUTOUPDATE, 0, NULL},
	{H_DWORD, RF_HTTP_MAX_FIELD_LENGTH, 65534, NULL},
	{H_DWORD, RF_HTTP_MAX_REQUEST_BYTES, 65534, NULL},
	{H_ABSENT, RF_SVC_NDESCONNECTOR_KEY, 0, NULL},
	{H_ABSENT, RF_SVC_NDESCONNECTOR_START, 0, NULL},
	{H_ABSENT, RF_SVC_NDESCONNECTOR_DELAYED, 0, NULL},
	{H_DWORD, RF_SVC_NDESCONNECTOR_TYPE, 0x10, NULL},
	{H_ABSENT, RF_SVC_NDESCONNECTOR_IMAGEPATH, 0, NULL},
	{H_PRESENT, RF_SVC_PFXCONNECTOR_KEY, 0, NULL},
	{H_DWORD, RF_SVC_PFXCONNECTOR_START, 2, NULL},
	{H_ABSENT, RF_SVC_PFXCONNECTOR_DELAYED, 0, NULL},
	{H_DWORD, RF_SVC_PFXCONNECTOR_TYPE, 0x20, NULL},
	{H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, "LocalSystem"},
	{H_SZ, RF_SVC_PFXCONNECTOR_IMAGEPATH, 0, "C:\\Program Files\\Microsoft Intune\\PFXCertificateConnector\\PFXCertificateConnectorSvc.exe"},
	{H_ABSENT, RF_SVC_PKICREATE_KEY, 0, NULL},
	{H_ABSENT, RF_SVC_PKICREATE_START, 0, NULL},
	{H_ABSENT, RF_SVC_PFXCREATELEGACY_KEY, 0, NULL},
	{H_ABSENT, RF_SVC_PFXCREATELEGACY_START, 0, NULL},
	{H_ABSENT, RF_SVC_PKIREVOKE_KEY, 0, NULL},
	{H_ABSENT, RF_SVC_PKIREVOKE_START, 0, NULL},
	{H_PRESENT, RF_SVC_W3SVC_KEY, 0, NULL},
	{H_DWORD, RF_SVC_W3SVC_START, 2, NULL},
	{H_ABSENT, RF_SVC_W3SVC_DELAYED, 0, NULL},
	{H_DWORD, RF_SVC_W3SVC_TYPE, 0x20, NULL},
	{H_SZ, RF_SVC_W3SVC_IMAGEPATH, 0, "%SystemRoot%\\system32\\svchost.exe -k iissvcs"},
	{H_PRESENT, RF_SVC_WAS_KEY, 0, NULL},
	{H_DWORD, RF_SVC_WAS_START, 3, NULL},
	{H_ABSENT, RF_SVC_WAS_DELAYED, 0, NULL},
	{H_DWORD, RF_SVC_WAS_TYPE, 0x20, NULL},
	{H_SZ, RF_SVC_WAS_IMAGEPATH, 0, "%SystemRoot%\\system32\\svchost.exe -k iissvcs"},
	{H_ABSENT, RF_SVC_WAPCSVC_KEY, 0, NULL},
	{H_ABSENT, RF_SVC_WAPCSVC_START, 0, NULL},
	{H_ABSENT, RF_SVC_WAPCSVC_DELAYED, 0, NULL},
	{H_DWORD, RF_SVC_WAPCSVC_TYPE, 0x10, NULL},
	{H_ABSENT, RF_SVC_WAPCSVC_IMAGEPATH, 0, NULL},
	{H_PRESENT, RF_MSCEP_KEY, 0, NULL},
	{H_DWORD, RF_NDES_CONFIG_STATUS, 2, NULL},
	{H_SZ, RF_MSCEP_SIGNATURE_TEMPLATE, 0, "NDESSigning"},
	{H_SZ, RF_MSCEP_ENCRYPTION_TEMPLATE, 0, "NDESEncryption"},
	{H_SZ, RF_MSCEP_GENERAL_TEMPLATE, 0, "NDESGeneral"},
	{H_PRESENT, RF_MSCEP_CAINFO_KEY, 0, NULL},
	{H_SZ, RF_MSCEP_CAINFO, 0, "ca01.corp.contoso.com\\Contoso Issuing CA"},
	{H_PRESENT, RF_MSCEP_CATYPE_KEY, 0, NULL},
	{H_DWORD, RF_MSCEP_CATYPE, 1, NULL},
	{H_PRESENT, RF_MSCEP_ENFORCEPASSWORD_KEY, 0, NULL},
	{H_DWORD, RF_MSCEP_ENFORCEPASSWORD, 0, NULL},
	{H_PRESENT, RF_MSCEP_PASSWORDVDIR_KEY, 0, NULL},
	{H_SZ, RF_MSCEP_PASSWORDVDIR, 0, "CertSrv/mscep_admin"},
	{H_PRESENT, RF_MSCEP_USESINGLEPASSWORD_KEY, 0, NULL},
	{H_DWORD, RF_MSCEP_USESINGLEPASSWORD, 0, NULL},
	{H_SZ, RF_MSCEP_POLICY, 0, "NDESPolicy.NDESPolicyModule"},
	{H_ABSENT, RF_CONN_SIGNING_CERT, 0, NULL},
	{H_ABSENT, RF_CONN_PFX_SIGNING_CERT, 0, NULL},
	{H_ABSENT, RF_CONN_KRA_CERT, 0, NULL},
	{H_ABSENT, RF_CONN_ISSUE_DETAILS, 0, NULL},
	{H_DWORD, RF_CONN_ENABLE_SCEP, 1, NULL},
};

static void install(struct connector_install *i, const char *name)
{
	i->display_name = xstrdup(name);
	i->version = xstrdup("6.2301.1.0");
	i->keypath = xstrdup("Uninstall\\{hand-built}");
	i->artifact = ART;
}

static void set_gen(struct facts *f, enum connector_gen g)
{
	struct connector_facts *c = &f->connector;

	connector_facts_free(c);
	c->gen = g;
	c->artifact = ART;
	c->basis = "Uninstall entries";
	if (g == CONN_LEGACY || g == CONN_BOTH)
		install(&c->legacy, CONNECTOR_LEGACY_NAME);
	if (g == CONN_CURRENT || g == CONN_BOTH)
		install(&c->current, CONNECTOR_CURRENT_NAME);
	if (g == CONN_UNKNOWN)
		c->unknown = xstrdup("the .reg exports hold neither (hand-built)");
}

/* One HTTP.sys binding on 0.0.0.0:443 with a 20-byte thumbprint. */
static void add_binding(struct facts *f, const char *table, const char *name, long port)
{
	struct ssl_binding *b;

	f->bindings = xreallocarray(f->bindings, f->nbindings + 1, sizeof(*f->bindings));
	b = &f->bindings[f->nbindings++];
	memset(b, 0, sizeof(*b));
	b->table = table;
	b->name = xstrdup(name);
	b->endpoint = xstrdup(name);
	b->port = port;
	b->keypath = xasprintf("ControlSet001\\Services\\HTTP\\Parameters\\%s\\%s", table, name);
	b->artifact = ART;
	b->hash_location = xasprintf("%s\\SslCertHash", b->keypath);
	b->store_location = xasprintf("%s\\SslCertStoreName", b->keypath);
	b->hash_state = 1;
	b->hash_size = 20;
	b->thumbprint = xstrdup("00112233445566778899AABBCCDDEEFF00112233");
	b->store = xstrdup("MY");
}

static void apply_extra(struct facts *f, enum extra x)
{
	struct ssl_binding *b = &f->bindings[0];

	switch (x) {
	case X_GEN_LEGACY: set_gen(f, CONN_LEGACY); break;
	case X_GEN_NONE: set_gen(f, CONN_NONE); break;
	case X_GEN_UNKNOWN: set_gen(f, CONN_UNKNOWN); break;
	case X_GEN_BOTH: set_gen(f, CONN_BOTH); break;
	case X_GEN_ERROR:
		set_gen(f, CONN_UNKNOWN);
		f->connector.error = xstrdup("hand-built.hiv: the Uninstall key is corrupt");
		break;
	case X_BIND_NOHASH:
		b->hash_state = 0;
		free(b->thumbprint);
		b->thumbprint = NULL;
		break;
	case X_BIND_SHORTHASH: b->hash_size = 19; break;
	case X_BIND_BADHASH:
		b->hash_state = -1;
		b->problem = xstrdup("SslCertHash is REG_SZ, expected REG_BINARY");
		break;
	case X_BIND_NONE443: b->port = 8443; break;
	case X_BIND_UNCOVERED:
		b->port = 8443;
		f->bindings_uncovered = xstrdup("SslSniBindingInfo");
		f->bindings_coverage = xstrdup("ControlSet001\\Services\\HTTP (http.reg)");
		break;
	case X_BIND_ERROR: f->bindings_error = xstrdup("hand-built.hiv: corrupt"); break;
	case X_BIND_CCS: b->table = "SslCcsBindingInfo"; break;
	case X_DISAGREE: {
		struct regfact *r = &f->reg[RF_HTTP_MAX_FIELD_LENGTH];

		r->x_artifact = "http.reg";
		r->x_location = xstrdup("HTTP\\Parameters\\MaxFieldLength (line 7)");
		r->x_value = xstrdup("16384 (0x4000) (the hive disagrees)");
		break;
	}
	case X_BUILD_2019: f->os_build.value = xstrdup("17763"); break;
	case X_BUILD_2012R2: f->os_build.value = xstrdup("9600"); break;
	case X_BUILD_2012R2_LEGACY:
		f->os_build.value = xstrdup("9600");
		set_gen(f, CONN_LEGACY);
		break;
	case X_BUILD_2012: f->os_build.value = xstrdup("9200"); break;
	case X_NO_NAME:
		free(f->fqdn);
		f->fqdn = NULL;
		free(f->computername.value);
		f->computername.value = NULL;
		break;
	case X_DEPLOY_STANDALONE:
		set_gen(f, CONN_NONE);
		deployment_decide(f, "standalone");
		break;
	case X_DEPLOY_UNKNOWN:
		set_gen(f, CONN_NONE);
		f->deployment.mode = DEPLOY_UNKNOWN;
		break;
	case X_NONE: break;
	}
}

/* A healthy server in memory: the current connector, services set to
 * start, MSCEP complete, one good 443 binding. Each fact's key, value name
 * and location are the real ones (regfacts_build with no source fills
 * them, every fact not covered); the rows change states and data. */
static void healthy_facts(struct facts *f)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	strcpy(f->control_set_key, "ControlSet001");
	f->control_set = 1;
	regfacts_build(f);
	for (i = 0; i < sizeof(healthy) / sizeof(healthy[0]); i++)
		apply(f, &healthy[i]);
	set_gen(f, CONN_CURRENT);
	f->fqdn = xstrdup("ndes01.corp.contoso.com");
	deployment_decide(f, NULL);
	f->computername.value = xstrdup("NDES01");
	f->bindings_source = ART;
	f->bindings_params_key = xstrdup("ControlSet001\\Services\\HTTP\\Parameters");
	f->bindings_table_key = xstrdup("ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo");
	f->bindings_table_artifact = ART;
	add_binding(f, "SslBindingInfo", "0.0.0.0:443", 443);
}

static const struct result *find(const struct result_list *l, const char *target)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->target, target) == 0)
			return l->v[i];
	return NULL;
}

static void assert_str(const char *got, const char *want, const char *row)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(got, want) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", row, got ? got : "(null)",
			 want ? want : "(null)");
}

static void assert_evidence(const struct row *r, const struct facts *f, const struct result *res)
{
	const struct regfact *v = &f->reg[r->ev];
	const struct evidence *e = res->nev > 0 ? &res->ev[0] : NULL;

	if (r->evk == EV_NONE) {
		if (res->nev != 0)
			fail_msg("%s: %zu evidence entries, want none", r->name, res->nev);
		return;
	}
	if (e == NULL)
		fail_msg("%s: no evidence", r->name);
	switch (r->evk) {
	case EV_FACT:
		assert_str(e->artifact, v->artifact, r->name);
		assert_str(e->location, v->location, r->name);
		assert_str(e->value, r->ev_value, r->name);
		break;
	case EV_UNANSWERED:
		/* Not covered: no file holds it; unreadable: the file that does. */
		assert_str(e->artifact, v->st == RF_UNCOVERED ? NULL : v->artifact, r->name);
		assert_str(e->location, v->location, r->name);
		assert_str(e->value, v->st == RF_UNCOVERED ? "(not in the .reg exports)" : NULL,
			   r->name);
		break;
	case EV_LOC:
		assert_str(e->artifact, r->ev_art, r->name);
		assert_str(e->location, r->ev_loc, r->name);
		assert_str(e->value, r->ev_value, r->name);
		break;
	case EV_NONE: break;
	}
}

static void run_row(const struct row *r)
{
	const struct check_def *c = check_find(r->check);
	struct result_list l = {0};
	struct emitter em;
	const struct result *res;
	struct facts f;
	size_t i;

	if (c == NULL)
		fail_msg("%s: no check %s", r->name, r->check);
	healthy_facts(&f);
	for (i = 0; i < 4 && r->ch[i].how != H_END; i++)
		apply(&f, &r->ch[i]);
	apply_extra(&f, r->extra);
	em.out = &l;
	em.check = c;
	em.emitted = 0;
	c->fn(&f, &em);
	res = find(&l, r->target);
	if (res == NULL)
		fail_msg("%s: no result with target \"%s\" (%zu results)", r->name, r->target, l.n);
	if (res->status != r->want)
		fail_msg("%s: status %s, want %s (%s)", r->name, status_name(res->status),
			 status_name(r->want), res->message);
	assert_evidence(r, &f, res);
	result_list_free(&l);
	facts_free(&f);
}

#define CH1(h, id, d, s) {{h, id, d, s}, {H_END, 0, 0, NULL}}
#define NOCH {{H_END, 0, 0, NULL}}

static const struct row rows[] = {
	/* host.not_ca: CertSvc */
	{"not_ca pass", "host.not_ca", NOCH, X_NONE, ST_PASS, "CertSvc", EV_FACT, RF_CERTSVC_KEY,
	 "(absent)", NULL, NULL},
	{"not_ca fail", "host.not_ca", CH1(H_PRESENT, RF_CERTSVC_KEY, 0, NULL), X_NONE, ST_FAIL,
	 "CertSvc", EV_FACT, RF_CERTSVC_KEY, "(present)", NULL, NULL},
	{"not_ca ne", "host.not_ca", CH1(H_UNCOVERED, RF_CERTSVC_KEY, 0, NULL), X_NONE, ST_NE,
	 "CertSvc", EV_UNANSWERED, RF_CERTSVC_KEY, NULL, NULL, NULL},
	{"not_ca error", "host.not_ca", CH1(H_ERROR, RF_CERTSVC_KEY, 0, NULL), X_NONE, ST_ERROR,
	 "CertSvc", EV_UNANSWERED, RF_CERTSVC_KEY, NULL, NULL, NULL},
	/* host.not_ca: ProductType */
	{"dc pass", "host.not_ca", NOCH, X_NONE, ST_PASS, "ProductType", EV_FACT, RF_PRODUCT_TYPE,
	 "\"ServerNT\"", NULL, NULL},
	{"dc fail", "host.not_ca", CH1(H_SZ, RF_PRODUCT_TYPE, 0, "LanmanNT"), X_NONE, ST_FAIL,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"LanmanNT\"", NULL, NULL},
	{"dc ne absent", "host.not_ca", CH1(H_ABSENT, RF_PRODUCT_TYPE, 0, NULL), X_NONE, ST_NE,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "(absent)", NULL, NULL},
	{"dc ne wrong type", "host.not_ca", CH1(H_DWORD, RF_PRODUCT_TYPE, 1, NULL), X_NONE, ST_NE,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "1 (0x1)", NULL, NULL},
	{"dc error", "host.not_ca", CH1(H_ERROR, RF_PRODUCT_TYPE, 0, NULL), X_NONE, ST_ERROR,
	 "ProductType", EV_UNANSWERED, RF_PRODUCT_TYPE, NULL, NULL, NULL},
	/* host.not_ca: CAInfo names the CA's host */
	{"cainfo pass", "host.not_ca", NOCH, X_NONE, ST_PASS, "CAInfo", EV_FACT, RF_MSCEP_CAINFO,
	 "\"ca01.corp.contoso.com\\Contoso Issuing CA\"", NULL, NULL},
	{"cainfo fail fqdn", "host.not_ca",
	 CH1(H_SZ, RF_MSCEP_CAINFO, 0, "NDES01.corp.contoso.com\\Contoso Issuing CA"), X_NONE,
	 ST_FAIL, "CAInfo", EV_FACT, RF_MSCEP_CAINFO,
	 "\"NDES01.corp.contoso.com\\Contoso Issuing CA\"", NULL, NULL},
	{"cainfo fail netbios", "host.not_ca", CH1(H_SZ, RF_MSCEP_CAINFO, 0, "ndes01\\Issuing"),
	 X_NONE, ST_FAIL, "CAInfo", EV_FACT, RF_MSCEP_CAINFO, "\"ndes01\\Issuing\"", NULL, NULL},
	{"cainfo na", "host.not_ca", CH1(H_ABSENT, RF_MSCEP_CAINFO, 0, NULL), X_NONE, ST_NA,
	 "CAInfo", EV_FACT, RF_MSCEP_CAINFO, "(absent)", NULL, NULL},
	{"cainfo ne no name", "host.not_ca", NOCH, X_NO_NAME, ST_NE, "CAInfo", EV_FACT,
	 RF_MSCEP_CAINFO, "\"ca01.corp.contoso.com\\Contoso Issuing CA\"", NULL, NULL},
	{"cainfo ne", "host.not_ca", CH1(H_ERROR, RF_MSCEP_CAINFO, 0, NULL), X_NONE, ST_ERROR,
	 "CAInfo", EV_UNANSWERED, RF_MSCEP_CAINFO, NULL, NULL, NULL},
	{"dc na workstation", "host.not_ca", CH1(H_SZ, RF_PRODUCT_TYPE, 0, "WinNT"), X_NONE, ST_NA,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"WinNT\"", NULL, NULL},
	/* host.server_os */
	{"server_os pass", "host.server_os", NOCH, X_BUILD_2019, ST_PASS, "ProductType", EV_FACT,
	 RF_PRODUCT_TYPE, "\"ServerNT\"", NULL, NULL},
	{"server_os pass dc", "host.server_os", CH1(H_SZ, RF_PRODUCT_TYPE, 0, "LanmanNT"),
	 X_BUILD_2019, ST_PASS, "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"LanmanNT\"", NULL,
	 NULL},
	{"server_os pass no build", "host.server_os", NOCH, X_NONE, ST_PASS, "ProductType", EV_FACT,
	 RF_PRODUCT_TYPE, "\"ServerNT\"", NULL, NULL},
	{"server_os pass legacy 2012 R2", "host.server_os", NOCH, X_BUILD_2012R2_LEGACY, ST_PASS,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"ServerNT\"", NULL, NULL},
	{"server_os fail current 2012 R2", "host.server_os", NOCH, X_BUILD_2012R2, ST_FAIL,
	 "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"ServerNT\"", NULL, NULL},
	{"server_os fail 2012", "host.server_os", NOCH, X_BUILD_2012, ST_FAIL, "ProductType",
	 EV_FACT, RF_PRODUCT_TYPE, "\"ServerNT\"", NULL, NULL},
	{"server_os fail workstation", "host.server_os", CH1(H_SZ, RF_PRODUCT_TYPE, 0, "WinNT"),
	 X_BUILD_2019, ST_FAIL, "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"WinNT\"", NULL, NULL},
	{"server_os fail unknown type", "host.server_os", CH1(H_SZ, RF_PRODUCT_TYPE, 0, "Embedded"),
	 X_NONE, ST_FAIL, "ProductType", EV_FACT, RF_PRODUCT_TYPE, "\"Embedded\"", NULL, NULL},
	{"server_os ne absent", "host.server_os", CH1(H_ABSENT, RF_PRODUCT_TYPE, 0, NULL), X_NONE,
	 ST_NE, "ProductType", EV_FACT, RF_PRODUCT_TYPE, "(absent)", NULL, NULL},
	{"server_os ne", "host.server_os", CH1(H_UNCOVERED, RF_PRODUCT_TYPE, 0, NULL), X_NONE,
	 ST_NE, "ProductType", EV_UNANSWERED, RF_PRODUCT_TYPE, NULL, NULL, NULL},
	{"server_os error", "host.server_os", CH1(H_ERROR, RF_PRODUCT_TYPE, 0, NULL), X_NONE,
	 ST_ERROR, "ProductType", EV_UNANSWERED, RF_PRODUCT_TYPE, NULL, NULL, NULL},
	/* host.dotnet */
	{"dotnet pass", "host.dotnet", NOCH, X_NONE, ST_PASS, ".NET Framework 4", EV_FACT,
	 RF_DOTNET_RELEASE, "528449 (0x81041)", NULL, NULL},
	{"dotnet fail old", "host.dotnet", CH1(H_DWORD, RF_DOTNET_RELEASE, 394802, NULL), X_NONE,
	 ST_FAIL, ".NET Framework 4", EV_FACT, RF_DOTNET_RELEASE, "394802 (0x60632)", NULL, NULL},
	{"dotnet fail type", "host.dotnet", CH1(H_SZ, RF_DOTNET_RELEASE, 0, "528449"), X_NONE,
	 ST_FAIL, ".NET Framework 4", EV_FACT, RF_DOTNET_RELEASE, "\"528449\"", NULL, NULL},
	{"dotnet fail absent", "host.dotnet",
	 {{H_ABSENT, RF_DOTNET_RELEASE, 0, NULL}, {H_ABSENT, RF_DOTNET_KEY, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, ".NET Framework 4", EV_FACT, RF_DOTNET_RELEASE, "(absent)", NULL, NULL},
	{"dotnet ne", "host.dotnet", CH1(H_UNCOVERED, RF_DOTNET_RELEASE, 0, NULL), X_NONE, ST_NE,
	 ".NET Framework 4", EV_UNANSWERED, RF_DOTNET_RELEASE, NULL, NULL, NULL},
	{"dotnet error", "host.dotnet", CH1(H_ERROR, RF_DOTNET_RELEASE, 0, NULL), X_NONE, ST_ERROR,
	 ".NET Framework 4", EV_UNANSWERED, RF_DOTNET_RELEASE, NULL, NULL, NULL},
	/* host.ie_esc */
	{"ie_esc pass", "host.ie_esc", NOCH, X_NONE, ST_PASS, "IE ESC (administrators)", EV_FACT,
	 RF_IE_ESC, "0 (0x0)", NULL, NULL},
	{"ie_esc fail", "host.ie_esc", CH1(H_DWORD, RF_IE_ESC, 1, NULL), X_NONE, ST_FAIL,
	 "IE ESC (administrators)", EV_FACT, RF_IE_ESC, "1 (0x1)", NULL, NULL},
	{"ie_esc fail type", "host.ie_esc", CH1(H_BINARY, RF_IE_ESC, 0, NULL), X_NONE, ST_FAIL,
	 "IE ESC (administrators)", EV_FACT, RF_IE_ESC, "REG_BINARY, 3 bytes: 01 02 03", NULL,
	 NULL},
	{"ie_esc pass no value", "host.ie_esc", CH1(H_ABSENT, RF_IE_ESC, 0, NULL), X_NONE, ST_PASS,
	 "IE ESC (administrators)", EV_FACT, RF_IE_ESC, "(absent)", NULL, NULL},
	{"ie_esc na", "host.ie_esc",
	 {{H_ABSENT, RF_IE_ESC, 0, NULL}, {H_ABSENT, RF_IE_ESC_KEY, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_NA, "IE ESC (administrators)", EV_FACT, RF_IE_ESC, "(absent)", NULL, NULL},
	{"ie_esc ne", "host.ie_esc", CH1(H_UNCOVERED, RF_IE_ESC, 0, NULL), X_NONE, ST_NE,
	 "IE ESC (administrators)", EV_UNANSWERED, RF_IE_ESC, NULL, NULL, NULL},
	{"ie_esc error", "host.ie_esc", CH1(H_ERROR, RF_IE_ESC, 0, NULL), X_NONE, ST_ERROR,
	 "IE ESC (administrators)", EV_UNANSWERED, RF_IE_ESC, NULL, NULL, NULL},
	/* trust.root_autoupdate */
	{"autoupdate pass", "trust.root_autoupdate", NOCH, X_NONE, ST_PASS,
	 "AuthRoot\\DisableRootAutoUpdate", EV_FACT, RF_ROOT_AUTOUPDATE, "(absent)", NULL, NULL},
	{"autoupdate fail", "trust.root_autoupdate", CH1(H_DWORD, RF_ROOT_AUTOUPDATE, 1, NULL),
	 X_NONE, ST_FAIL, "AuthRoot\\DisableRootAutoUpdate", EV_FACT, RF_ROOT_AUTOUPDATE, "1 (0x1)",
	 NULL, NULL},
	{"autoupdate pass 0", "trust.root_autoupdate", CH1(H_DWORD, RF_ROOT_AUTOUPDATE, 0, NULL),
	 X_NONE, ST_PASS, "AuthRoot\\DisableRootAutoUpdate", EV_FACT, RF_ROOT_AUTOUPDATE, "0 (0x0)",
	 NULL, NULL},
	{"autoupdate pass type", "trust.root_autoupdate", CH1(H_SZ, RF_ROOT_AUTOUPDATE, 0, "1"),
	 X_NONE, ST_PASS, "AuthRoot\\DisableRootAutoUpdate", EV_FACT, RF_ROOT_AUTOUPDATE, "\"1\"",
	 NULL, NULL},
	{"autoupdate ne", "trust.root_autoupdate", CH1(H_UNCOVERED, RF_ROOT_AUTOUPDATE, 0, NULL),
	 X_NONE, ST_NE, "AuthRoot\\DisableRootAutoUpdate", EV_UNANSWERED, RF_ROOT_AUTOUPDATE, NULL,
	 NULL, NULL},
	{"autoupdate error", "trust.root_autoupdate", CH1(H_ERROR, RF_ROOT_AUTOUPDATE, 0, NULL),
	 X_NONE, ST_ERROR, "AuthRoot\\DisableRootAutoUpdate", EV_UNANSWERED, RF_ROOT_AUTOUPDATE,
	 NULL, NULL, NULL},
	/* httpsys.max_field_length */
	{"field pass", "httpsys.max_field_length", NOCH, X_NONE, ST_PASS,
	 "HTTP\\Parameters\\MaxFieldLength", EV_FACT, RF_HTTP_MAX_FIELD_LENGTH, "65534 (0xfffe)",
	 NULL, NULL},
	{"field fail small", "httpsys.max_field_length",
	 CH1(H_DWORD, RF_HTTP_MAX_FIELD_LENGTH, 16384, NULL), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxFieldLength", EV_FACT, RF_HTTP_MAX_FIELD_LENGTH, "16384 (0x4000)",
	 NULL, NULL},
	{"field fail range", "httpsys.max_field_length",
	 CH1(H_DWORD, RF_HTTP_MAX_FIELD_LENGTH, 10, NULL), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxFieldLength", EV_FACT, RF_HTTP_MAX_FIELD_LENGTH, "10 (0xa)", NULL,
	 NULL},
	{"field fail absent", "httpsys.max_field_length",
	 CH1(H_ABSENT, RF_HTTP_MAX_FIELD_LENGTH, 0, NULL), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxFieldLength", EV_FACT, RF_HTTP_MAX_FIELD_LENGTH, "(absent)", NULL,
	 NULL},
	{"field fail type", "httpsys.max_field_length",
	 CH1(H_SZ, RF_HTTP_MAX_FIELD_LENGTH, 0, "65534"), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxFieldLength", EV_FACT, RF_HTTP_MAX_FIELD_LENGTH, "\"65534\"", NULL,
	 NULL},
	{"field ne", "httpsys.max_field_length", CH1(H_UNCOVERED, RF_HTTP_MAX_FIELD_LENGTH, 0, NULL),
	 X_NONE, ST_NE, "HTTP\\Parameters\\MaxFieldLength", EV_UNANSWERED, RF_HTTP_MAX_FIELD_LENGTH,
	 NULL, NULL, NULL},
	{"field error", "httpsys.max_field_length", CH1(H_ERROR, RF_HTTP_MAX_FIELD_LENGTH, 0, NULL),
	 X_NONE, ST_ERROR, "HTTP\\Parameters\\MaxFieldLength", EV_UNANSWERED,
	 RF_HTTP_MAX_FIELD_LENGTH, NULL, NULL, NULL},
	/* httpsys.max_request_bytes */
	{"request pass", "httpsys.max_request_bytes", NOCH, X_NONE, ST_PASS,
	 "HTTP\\Parameters\\MaxRequestBytes", EV_FACT, RF_HTTP_MAX_REQUEST_BYTES, "65534 (0xfffe)",
	 NULL, NULL},
	{"request fail small", "httpsys.max_request_bytes",
	 CH1(H_DWORD, RF_HTTP_MAX_REQUEST_BYTES, 16384, NULL), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxRequestBytes", EV_FACT, RF_HTTP_MAX_REQUEST_BYTES, "16384 (0x4000)",
	 NULL, NULL},
	{"request fail above max", "httpsys.max_request_bytes",
	 CH1(H_DWORD, RF_HTTP_MAX_REQUEST_BYTES, 16777217, NULL), X_NONE, ST_FAIL,
	 "HTTP\\Parameters\\MaxRequestBytes", EV_FACT, RF_HTTP_MAX_REQUEST_BYTES,
	 "16777217 (0x1000001)", NULL, NULL},
	{"request ne", "httpsys.max_request_bytes",
	 CH1(H_UNCOVERED, RF_HTTP_MAX_REQUEST_BYTES, 0, NULL), X_NONE, ST_NE,
	 "HTTP\\Parameters\\MaxRequestBytes", EV_UNANSWERED, RF_HTTP_MAX_REQUEST_BYTES, NULL, NULL,
	 NULL},
	/* httpsys.tls_binding */
	{"binding pass", "httpsys.tls_binding", NOCH, X_NONE, ST_PASS,
	 "SslBindingInfo\\0.0.0.0:443", EV_LOC, 0, "00112233445566778899AABBCCDDEEFF00112233", ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443\\SslCertHash"},
	{"binding pass ccs", "httpsys.tls_binding", NOCH, X_BIND_CCS, ST_PASS,
	 "SslCcsBindingInfo\\0.0.0.0:443", EV_LOC, 0, NULL, ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443"},
	{"binding fail no hash", "httpsys.tls_binding", NOCH, X_BIND_NOHASH, ST_FAIL,
	 "SslBindingInfo\\0.0.0.0:443", EV_LOC, 0, "(absent)", ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443\\SslCertHash"},
	{"binding fail short hash", "httpsys.tls_binding", NOCH, X_BIND_SHORTHASH, ST_FAIL,
	 "SslBindingInfo\\0.0.0.0:443", EV_LOC, 0, "00112233445566778899AABBCCDDEEFF00112233", ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443\\SslCertHash"},
	{"binding fail bad hash", "httpsys.tls_binding", NOCH, X_BIND_BADHASH, ST_FAIL,
	 "SslBindingInfo\\0.0.0.0:443", EV_LOC, 0, NULL, ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo\\0.0.0.0:443\\SslCertHash"},
	{"binding fail none on 443", "httpsys.tls_binding", NOCH, X_BIND_NONE443, ST_FAIL,
	 "port 443", EV_LOC, 0, NULL, ART,
	 "ControlSet001\\Services\\HTTP\\Parameters\\SslBindingInfo"},
	{"binding ne", "httpsys.tls_binding", NOCH, X_BIND_UNCOVERED, ST_NE, "port 443", EV_LOC, 0,
	 "(not in the .reg exports)", NULL, "ControlSet001\\Services\\HTTP\\Parameters"},
	{"binding error", "httpsys.tls_binding", NOCH, X_BIND_ERROR, ST_ERROR, "port 443", EV_LOC, 0,
	 NULL, ART, NULL},
	/* service.connector.start */
	{"connector svc pass", "service.connector.start", NOCH, X_NONE, ST_PASS,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_START, "2 (0x2)", NULL, NULL},
	{"connector svc pass legacy", "service.connector.start",
	 {{H_PRESENT, RF_SVC_NDESCONNECTOR_KEY, 0, NULL},
	  {H_DWORD, RF_SVC_NDESCONNECTOR_START, 2, NULL}, {H_END, 0, 0, NULL}},
	 X_GEN_LEGACY, ST_PASS, "NDESConnectorSvc", EV_FACT, RF_SVC_NDESCONNECTOR_START, "2 (0x2)",
	 NULL, NULL},
	{"connector svc fail manual", "service.connector.start",
	 CH1(H_DWORD, RF_SVC_PFXCONNECTOR_START, 3, NULL), X_NONE, ST_FAIL,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_START, "3 (0x3)", NULL, NULL},
	{"connector svc fail type", "service.connector.start",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_START, 0, "2"), X_NONE, ST_FAIL,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_START, "\"2\"", NULL, NULL},
	{"connector svc fail not registered", "service.connector.start",
	 {{H_ABSENT, RF_SVC_PFXCONNECTOR_KEY, 0, NULL},
	  {H_ABSENT, RF_SVC_PFXCONNECTOR_START, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_KEY,
	 "(absent)", NULL, NULL},
	{"connector svc fail no Start value", "service.connector.start",
	 CH1(H_ABSENT, RF_SVC_PFXCONNECTOR_START, 0, NULL), X_NONE, ST_FAIL,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_START, "(absent)", NULL, NULL},
	{"connector svc fail both, legacy missing", "service.connector.start", NOCH, X_GEN_BOTH,
	 ST_FAIL, "NDESConnectorSvc", EV_FACT, RF_SVC_NDESCONNECTOR_KEY, "(absent)", NULL, NULL},
	{"connector svc fail stub", "service.connector.start",
	 {{H_ABSENT, RF_SVC_PFXCONNECTOR_START, 0, NULL},
	  {H_ABSENT, RF_SVC_PFXCONNECTOR_TYPE, 0, NULL},
	  {H_ABSENT, RF_SVC_PFXCONNECTOR_IMAGEPATH, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_IMAGEPATH,
	 "(absent)", NULL, NULL},
	{"connector svc ne", "service.connector.start",
	 CH1(H_UNCOVERED, RF_SVC_PFXCONNECTOR_START, 0, NULL), X_NONE, ST_NE,
	 "PFXCertificateConnectorSvc", EV_UNANSWERED, RF_SVC_PFXCONNECTOR_START, NULL, NULL, NULL},
	{"connector svc error", "service.connector.start",
	 CH1(H_ERROR, RF_SVC_PFXCONNECTOR_START, 0, NULL), X_NONE, ST_ERROR,
	 "PFXCertificateConnectorSvc", EV_UNANSWERED, RF_SVC_PFXCONNECTOR_START, NULL, NULL, NULL},
	{"connector svc na", "service.connector.start", NOCH, X_GEN_NONE, ST_NA,
	 "connector services", EV_NONE, 0, NULL, NULL, NULL},
	{"connector svc ne generation", "service.connector.start", NOCH, X_GEN_UNKNOWN, ST_NE,
	 "connector services", EV_LOC, 0, NULL, NULL, CONNECTOR_UNINSTALL_KEY},
	/* service.connector.account */
	{"account pass", "service.connector.account", NOCH, X_NONE, ST_PASS,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"LocalSystem\"", NULL, NULL},
	{"account pass domain", "service.connector.account",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, "CORP\\svc-ndes"), X_NONE, ST_PASS,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"CORP\\svc-ndes\"", NULL, NULL},
	{"account pass upn", "service.connector.account",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, "svc-ndes@corp.contoso.com"), X_NONE, ST_PASS,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"svc-ndes@corp.contoso.com\"", NULL, NULL},
	{"account warn local", "service.connector.account",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, ".\\ndesadmin"), X_NONE, ST_WARN,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\".\\ndesadmin\"", NULL, NULL},
	{"account warn this host", "service.connector.account",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, "ndes01\\admin"), X_NONE, ST_WARN,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"ndes01\\admin\"", NULL, NULL},
	{"account warn network service", "service.connector.account",
	 CH1(H_SZ, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, "NT AUTHORITY\\NetworkService"), X_NONE,
	 ST_WARN, "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"NT AUTHORITY\\NetworkService\"", NULL, NULL},
	{"account warn none", "service.connector.account",
	 CH1(H_ABSENT, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, NULL), X_NONE, ST_WARN,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "(absent)", NULL, NULL},
	{"account fail manual", "service.connector.account",
	 CH1(H_DWORD, RF_SVC_PFXCONNECTOR_START, 3, NULL), X_NONE, ST_FAIL,
	 "PFXCertificateConnectorSvc", EV_FACT, RF_SVC_PFXCONNECTOR_OBJECTNAME, "\"LocalSystem\"", NULL, NULL},
	{"account pass feature service", "service.connector.account",
	 {{H_PRESENT, RF_SVC_PKICREATE_KEY, 0, NULL}, {H_DWORD, RF_SVC_PKICREATE_START, 2, NULL},
	  {H_SZ, RF_SVC_PKICREATE_OBJECTNAME, 0, "LocalSystem"}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_PASS, "PkiCreateConnectorSvc", EV_FACT, RF_SVC_PKICREATE_OBJECTNAME,
	 "\"LocalSystem\"", NULL, NULL},
	{"account pass legacy", "service.connector.account",
	 {{H_PRESENT, RF_SVC_NDESCONNECTOR_KEY, 0, NULL},
	  {H_DWORD, RF_SVC_NDESCONNECTOR_START, 2, NULL},
	  {H_SZ, RF_SVC_NDESCONNECTOR_OBJECTNAME, 0, "LocalSystem"}, {H_END, 0, 0, NULL}},
	 X_GEN_LEGACY, ST_PASS, "NDESConnectorSvc", EV_FACT, RF_SVC_NDESCONNECTOR_OBJECTNAME,
	 "\"LocalSystem\"", NULL, NULL},
	{"account ne", "service.connector.account",
	 CH1(H_UNCOVERED, RF_SVC_PFXCONNECTOR_OBJECTNAME, 0, NULL), X_NONE, ST_NE,
	 "PFXCertificateConnectorSvc", EV_UNANSWERED, RF_SVC_PFXCONNECTOR_OBJECTNAME, NULL, NULL,
	 NULL},
	{"account error", "service.connector.account",
	 CH1(H_ERROR, RF_SVC_PFXCONNECTOR_START, 0, NULL), X_NONE, ST_ERROR,
	 "PFXCertificateConnectorSvc", EV_UNANSWERED, RF_SVC_PFXCONNECTOR_START, NULL, NULL, NULL},
	{"account na", "service.connector.account", NOCH, X_GEN_NONE, ST_NA, "connector services",
	 EV_NONE, 0, NULL, NULL, NULL},
	{"account ne generation", "service.connector.account", NOCH, X_GEN_UNKNOWN, ST_NE,
	 "connector services", EV_NONE, 0, NULL, NULL, NULL},
	/* service.w3svc.start */
	{"w3svc pass", "service.w3svc.start", NOCH, X_NONE, ST_PASS, "W3SVC", EV_FACT,
	 RF_SVC_W3SVC_START, "2 (0x2)", NULL, NULL},
	{"w3svc fail manual", "service.w3svc.start", CH1(H_DWORD, RF_SVC_W3SVC_START, 3, NULL),
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_START, "3 (0x3)", NULL, NULL},
	{"w3svc fail not installed", "service.w3svc.start",
	 {{H_ABSENT, RF_SVC_W3SVC_KEY, 0, NULL}, {H_ABSENT, RF_SVC_W3SVC_START, 0, NULL},
	  {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_KEY, "(absent)", NULL, NULL},
	{"w3svc fail no Start value", "service.w3svc.start", CH1(H_ABSENT, RF_SVC_W3SVC_START, 0, NULL),
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_START, "(absent)", NULL, NULL},
	{"w3svc fail stub", "service.w3svc.start",
	 {{H_ABSENT, RF_SVC_W3SVC_START, 0, NULL}, {H_ABSENT, RF_SVC_W3SVC_TYPE, 0, NULL},
	  {H_ABSENT, RF_SVC_W3SVC_IMAGEPATH, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_IMAGEPATH, "(absent)", NULL, NULL},
	{"w3svc fail was stub", "service.w3svc.start",
	 {{H_ABSENT, RF_SVC_WAS_START, 0, NULL}, {H_ABSENT, RF_SVC_WAS_TYPE, 0, NULL},
	  {H_ABSENT, RF_SVC_WAS_IMAGEPATH, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_START, "2 (0x2)", NULL, NULL},
	{"w3svc fail was disabled", "service.w3svc.start", CH1(H_DWORD, RF_SVC_WAS_START, 4, NULL),
	 X_NONE, ST_FAIL, "W3SVC", EV_FACT, RF_SVC_W3SVC_START, "2 (0x2)", NULL, NULL},
	{"w3svc ne", "service.w3svc.start", CH1(H_UNCOVERED, RF_SVC_W3SVC_START, 0, NULL), X_NONE,
	 ST_NE, "W3SVC", EV_UNANSWERED, RF_SVC_W3SVC_START, NULL, NULL, NULL},
	{"w3svc error", "service.w3svc.start", CH1(H_ERROR, RF_SVC_WAS_START, 0, NULL), X_NONE,
	 ST_ERROR, "W3SVC", EV_UNANSWERED, RF_SVC_WAS_START, NULL, NULL, NULL},
	/* service.appproxy.start */
	{"appproxy na", "service.appproxy.start", NOCH, X_NONE, ST_NA, "WAPCSvc", EV_FACT,
	 RF_SVC_WAPCSVC_KEY, "(absent)", NULL, NULL},
	/* A key with Start alone (no Type, no ImagePath) is a stub too. */
	{"appproxy na stub", "service.appproxy.start",
	 {{H_PRESENT, RF_SVC_WAPCSVC_KEY, 0, NULL}, {H_DWORD, RF_SVC_WAPCSVC_START, 2, NULL},
	  {H_ABSENT, RF_SVC_WAPCSVC_TYPE, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_NA, "WAPCSvc", EV_FACT, RF_SVC_WAPCSVC_IMAGEPATH, "(absent)", NULL, NULL},
	{"appproxy pass", "service.appproxy.start",
	 {{H_PRESENT, RF_SVC_WAPCSVC_KEY, 0, NULL}, {H_DWORD, RF_SVC_WAPCSVC_START, 2, NULL},
	  {H_END, 0, 0, NULL}},
	 X_NONE, ST_PASS, "WAPCSvc", EV_FACT, RF_SVC_WAPCSVC_START, "2 (0x2)", NULL, NULL},
	{"appproxy fail", "service.appproxy.start",
	 {{H_PRESENT, RF_SVC_WAPCSVC_KEY, 0, NULL}, {H_DWORD, RF_SVC_WAPCSVC_START, 4, NULL},
	  {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "WAPCSvc", EV_FACT, RF_SVC_WAPCSVC_START, "4 (0x4)", NULL, NULL},
	{"appproxy ne", "service.appproxy.start", CH1(H_UNCOVERED, RF_SVC_WAPCSVC_KEY, 0, NULL),
	 X_NONE, ST_NE, "WAPCSvc", EV_UNANSWERED, RF_SVC_WAPCSVC_KEY, NULL, NULL, NULL},
	{"appproxy error", "service.appproxy.start", CH1(H_ERROR, RF_SVC_WAPCSVC_KEY, 0, NULL),
	 X_NONE, ST_ERROR, "WAPCSvc", EV_UNANSWERED, RF_SVC_WAPCSVC_KEY, NULL, NULL, NULL},
	/* ndes.role.configured */
	{"role pass", "ndes.role.configured", NOCH, X_NONE, ST_PASS, "NDES role", EV_FACT,
	 RF_MSCEP_KEY, "(present)", NULL, NULL},
	{"role fail no mscep", "ndes.role.configured", CH1(H_ABSENT, RF_MSCEP_KEY, 0, NULL), X_NONE,
	 ST_FAIL, "NDES role", EV_FACT, RF_MSCEP_KEY, "(absent)", NULL, NULL},
	{"role fail no status", "ndes.role.configured", CH1(H_ABSENT, RF_NDES_CONFIG_STATUS, 0, NULL),
	 X_NONE, ST_FAIL, "NDES role", EV_FACT, RF_NDES_CONFIG_STATUS, "(absent)", NULL, NULL},
	{"role fail status 1", "ndes.role.configured", CH1(H_DWORD, RF_NDES_CONFIG_STATUS, 1, NULL),
	 X_NONE, ST_FAIL, "NDES role", EV_FACT, RF_NDES_CONFIG_STATUS, "1 (0x1)", NULL, NULL},
	{"role fail status type", "ndes.role.configured", CH1(H_SZ, RF_NDES_CONFIG_STATUS, 0, "2"),
	 X_NONE, ST_FAIL, "NDES role", EV_FACT, RF_NDES_CONFIG_STATUS, "\"2\"", NULL, NULL},
	{"role ne", "ndes.role.configured", CH1(H_UNCOVERED, RF_MSCEP_KEY, 0, NULL), X_NONE, ST_NE,
	 "NDES role", EV_UNANSWERED, RF_MSCEP_KEY, NULL, NULL, NULL},
	{"role error", "ndes.role.configured", CH1(H_ERROR, RF_NDES_CONFIG_STATUS, 0, NULL), X_NONE,
	 ST_ERROR, "NDES role", EV_UNANSWERED, RF_NDES_CONFIG_STATUS, NULL, NULL, NULL},
	/* mscep.templates */
	{"templates pass", "mscep.templates", NOCH, X_NONE, ST_PASS, "MSCEP templates", EV_FACT,
	 RF_MSCEP_SIGNATURE_TEMPLATE, "\"NDESSigning\"", NULL, NULL},
	{"templates fail all default", "mscep.templates",
	 {{H_SZ, RF_MSCEP_SIGNATURE_TEMPLATE, 0, "IPSECIntermediateOffline"},
	  {H_SZ, RF_MSCEP_ENCRYPTION_TEMPLATE, 0, "IPSECIntermediateOffline"},
	  {H_SZ, RF_MSCEP_GENERAL_TEMPLATE, 0, "IPSECIntermediateOffline"}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "MSCEP templates", EV_FACT, RF_MSCEP_SIGNATURE_TEMPLATE,
	 "\"IPSECIntermediateOffline\"", NULL, NULL},
	{"templates fail missing", "mscep.templates",
	 CH1(H_ABSENT, RF_MSCEP_ENCRYPTION_TEMPLATE, 0, NULL), X_NONE, ST_FAIL, "MSCEP templates",
	 EV_FACT, RF_MSCEP_SIGNATURE_TEMPLATE, "\"NDESSigning\"", NULL, NULL},
	{"templates fail type", "mscep.templates", CH1(H_DWORD, RF_MSCEP_SIGNATURE_TEMPLATE, 1, NULL),
	 X_NONE, ST_FAIL, "MSCEP templates", EV_FACT, RF_MSCEP_SIGNATURE_TEMPLATE, "1 (0x1)", NULL,
	 NULL},
	{"templates warn one default", "mscep.templates",
	 CH1(H_SZ, RF_MSCEP_GENERAL_TEMPLATE, 0, "IPSECIntermediateOffline"), X_NONE, ST_WARN,
	 "MSCEP templates", EV_FACT, RF_MSCEP_SIGNATURE_TEMPLATE, "\"NDESSigning\"", NULL, NULL},
	{"templates warn display name", "mscep.templates",
	 CH1(H_SZ, RF_MSCEP_SIGNATURE_TEMPLATE, 0, "NDES Signing"), X_NONE, ST_WARN,
	 "MSCEP templates", EV_FACT, RF_MSCEP_SIGNATURE_TEMPLATE, "\"NDES Signing\"", NULL, NULL},
	{"templates fail no mscep", "mscep.templates", CH1(H_ABSENT, RF_MSCEP_KEY, 0, NULL), X_NONE,
	 ST_FAIL, "MSCEP templates", EV_FACT, RF_MSCEP_KEY, "(absent)", NULL, NULL},
	{"templates ne", "mscep.templates", CH1(H_UNCOVERED, RF_MSCEP_ENCRYPTION_TEMPLATE, 0, NULL),
	 X_NONE, ST_NE, "MSCEP templates", EV_UNANSWERED, RF_MSCEP_ENCRYPTION_TEMPLATE, NULL, NULL,
	 NULL},
	{"templates error", "mscep.templates", CH1(H_ERROR, RF_MSCEP_GENERAL_TEMPLATE, 0, NULL),
	 X_NONE, ST_ERROR, "MSCEP templates", EV_UNANSWERED, RF_MSCEP_GENERAL_TEMPLATE, NULL, NULL,
	 NULL},
	/* mscep.templates: the template cache */
	{"tcache pass", "mscep.templates",
	 {{H_PRESENT, RF_TCACHE_KEY, 0, NULL}, {H_PRESENT, RF_TCACHE_SIGNATURE_KEY, 0, NULL},
	  {H_PRESENT, RF_TCACHE_ENCRYPTION_KEY, 0, NULL}, {H_PRESENT, RF_TCACHE_GENERAL_KEY, 0, NULL}},
	 X_NONE, ST_PASS, "CertificateTemplateCache", EV_FACT, RF_TCACHE_SIGNATURE_KEY, "(present)",
	 NULL, NULL},
	{"tcache fail", "mscep.templates",
	 {{H_PRESENT, RF_TCACHE_KEY, 0, NULL}, {H_PRESENT, RF_TCACHE_SIGNATURE_KEY, 0, NULL},
	  {H_ABSENT, RF_TCACHE_ENCRYPTION_KEY, 0, NULL}, {H_PRESENT, RF_TCACHE_GENERAL_KEY, 0, NULL}},
	 X_NONE, ST_FAIL, "CertificateTemplateCache", EV_FACT, RF_TCACHE_SIGNATURE_KEY, "(present)",
	 NULL, NULL},
	{"tcache na", "mscep.templates", CH1(H_PRESENT, RF_TCACHE_KEY, 0, NULL), X_NONE, ST_NA,
	 "CertificateTemplateCache", EV_NONE, 0, NULL, NULL, NULL},
	{"tcache error", "mscep.templates",
	 {{H_PRESENT, RF_TCACHE_KEY, 0, NULL}, {H_ERROR, RF_TCACHE_SIGNATURE_KEY, 0, NULL},
	  {H_END, 0, 0, NULL}},
	 X_NONE, ST_ERROR, "CertificateTemplateCache", EV_UNANSWERED, RF_TCACHE_SIGNATURE_KEY, NULL,
	 NULL, NULL},
	/* mscep.registry: one result per setting */
	{"registry pass sz", "mscep.registry", NOCH, X_NONE, ST_PASS, "MSCEP\\CAInfo", EV_FACT,
	 RF_MSCEP_CAINFO, "\"ca01.corp.contoso.com\\Contoso Issuing CA\"", NULL, NULL},
	{"registry pass dword", "mscep.registry", NOCH, X_NONE, ST_PASS, "MSCEP\\CAType", EV_FACT,
	 RF_MSCEP_CATYPE, "1 (0x1)", NULL, NULL},
	{"registry fail empty", "mscep.registry", CH1(H_SZ, RF_MSCEP_CAINFO, 0, ""), X_NONE, ST_FAIL,
	 "MSCEP\\CAInfo", EV_FACT, RF_MSCEP_CAINFO, "\"\"", NULL, NULL},
	{"registry fail dword type", "mscep.registry", CH1(H_SZ, RF_MSCEP_CATYPE, 0, "1"), X_NONE,
	 ST_FAIL, "MSCEP\\CAType", EV_FACT, RF_MSCEP_CATYPE, "\"1\"", NULL, NULL},
	{"registry fail sz type", "mscep.registry", CH1(H_DWORD, RF_MSCEP_PASSWORDVDIR, 1, NULL),
	 X_NONE, ST_FAIL, "MSCEP\\PasswordVDir", EV_FACT, RF_MSCEP_PASSWORDVDIR, "1 (0x1)", NULL,
	 NULL},
	{"registry fail subkey missing", "mscep.registry",
	 {{H_ABSENT, RF_MSCEP_ENFORCEPASSWORD_KEY, 0, NULL},
	  {H_ABSENT, RF_MSCEP_ENFORCEPASSWORD, 0, NULL}, {H_END, 0, 0, NULL}},
	 X_NONE, ST_FAIL, "MSCEP\\EnforcePassword", EV_FACT, RF_MSCEP_ENFORCEPASSWORD, "(absent)",
	 NULL, NULL},
	{"registry ne", "mscep.registry", CH1(H_UNCOVERED, RF_MSCEP_USESINGLEPASSWORD, 0, NULL),
	 X_NONE, ST_NE, "MSCEP\\UseSinglePassword", EV_UNANSWERED, RF_MSCEP_USESINGLEPASSWORD, NULL,
	 NULL, NULL},
	{"registry error", "mscep.registry", CH1(H_ERROR, RF_MSCEP_CATYPE, 0, NULL), X_NONE,
	 ST_ERROR, "MSCEP\\CAType", EV_UNANSWERED, RF_MSCEP_CATYPE, NULL, NULL, NULL},
	{"registry fail no mscep", "mscep.registry", CH1(H_ABSENT, RF_MSCEP_KEY, 0, NULL), X_NONE,
	 ST_FAIL, "Microsoft\\Cryptography\\MSCEP", EV_FACT, RF_MSCEP_KEY, "(absent)", NULL, NULL},
	/* mscep.policy_module */
	{"policy pass", "mscep.policy_module", NOCH, X_NONE, ST_PASS, "MSCEP\\Modules\\Policy",
	 EV_FACT, RF_MSCEP_POLICY, "\"NDESPolicy.NDESPolicyModule\"", NULL, NULL},
	{"policy fail empty", "mscep.policy_module", CH1(H_SZ, RF_MSCEP_POLICY, 0, ""), X_NONE,
	 ST_FAIL, "MSCEP\\Modules\\Policy", EV_FACT, RF_MSCEP_POLICY, "\"\"", NULL, NULL},
	{"policy fail absent", "mscep.policy_module", CH1(H_ABSENT, RF_MSCEP_POLICY, 0, NULL), X_NONE,
	 ST_FAIL, "MSCEP\\Modules\\Policy", EV_FACT, RF_MSCEP_POLICY, "(absent)", NULL, NULL},
	{"policy fail type", "mscep.policy_module", CH1(H_DWORD, RF_MSCEP_POLICY, 0, NULL), X_NONE,
	 ST_FAIL, "MSCEP\\Modules\\Policy", EV_FACT, RF_MSCEP_POLICY, "0 (0x0)", NULL, NULL},
	{"policy ne", "mscep.policy_module", CH1(H_UNCOVERED, RF_MSCEP_POLICY, 0, NULL), X_NONE,
	 ST_NE, "MSCEP\\Modules\\Policy", EV_UNANSWERED, RF_MSCEP_POLICY, NULL, NULL, NULL},
	{"policy error", "mscep.policy_module", CH1(H_ERROR, RF_MSCEP_POLICY, 0, NULL), X_NONE,
	 ST_ERROR, "MSCEP\\Modules\\Policy", EV_UNANSWERED, RF_MSCEP_POLICY, NULL, NULL, NULL},
	{"policy na standalone", "mscep.policy_module", CH1(H_ABSENT, RF_MSCEP_POLICY, 0, NULL),
	 X_DEPLOY_STANDALONE, ST_NA, "MSCEP\\Modules\\Policy", EV_FACT, RF_MSCEP_POLICY, "(absent)",
	 NULL, NULL},
	{"policy ne deployment unknown", "mscep.policy_module",
	 CH1(H_ABSENT, RF_MSCEP_POLICY, 0, NULL), X_DEPLOY_UNKNOWN, ST_NE, "MSCEP\\Modules\\Policy",
	 EV_FACT, RF_MSCEP_POLICY, "(absent)", NULL, NULL},
	/* connector.legacy.registry */
	{"legacy pass", "connector.legacy.registry",
	 {{H_SZ, RF_CONN_SIGNING_CERT, 0, "A1"}, {H_SZ, RF_CONN_PFX_SIGNING_CERT, 0, "B2"},
	  {H_SZ, RF_CONN_KRA_CERT, 0, "C3"}, {H_END, 0, 0, NULL}},
	 X_GEN_LEGACY, ST_PASS, "NDESConnector", EV_FACT, RF_CONN_SIGNING_CERT, "\"A1\"", NULL,
	 NULL},
	{"legacy fail not set", "connector.legacy.registry",
	 {{H_SZ, RF_CONN_SIGNING_CERT, 0, "A1"}, {H_SZ, RF_CONN_PFX_SIGNING_CERT, 0, "B2"},
	  {H_END, 0, 0, NULL}},
	 X_GEN_LEGACY, ST_FAIL, "NDESConnector", EV_FACT, RF_CONN_SIGNING_CERT, "\"A1\"", NULL,
	 NULL},
	{"legacy fail licence", "connector.legacy.registry",
	 {{H_SZ, RF_CONN_SIGNING_CERT, 0, "A1"}, {H_SZ, RF_CONN_PFX_SIGNING_CERT, 0, "B2"},
	  {H_SZ, RF_CONN_KRA_CERT, 0, "C3"}, {H_DWORD, RF_CONN_ISSUE_DETAILS, 0x80004003u, NULL}},
	 X_GEN_LEGACY, ST_FAIL, "NDESConnector", EV_FACT, RF_CONN_SIGNING_CERT, "\"A1\"", NULL,
	 NULL},
	{"legacy ne", "connector.legacy.registry",
	 {{H_SZ, RF_CONN_SIGNING_CERT, 0, "A1"}, {H_UNCOVERED, RF_CONN_PFX_SIGNING_CERT, 0, NULL},
	  {H_SZ, RF_CONN_KRA_CERT, 0, "C3"}, {H_END, 0, 0, NULL}},
	 X_GEN_LEGACY, ST_NE, "NDESConnector", EV_UNANSWERED, RF_CONN_PFX_SIGNING_CERT, NULL, NULL,
	 NULL},
	{"legacy error", "connector.legacy.registry", CH1(H_ERROR, RF_CONN_ISSUE_DETAILS, 0, NULL),
	 X_GEN_LEGACY, ST_ERROR, "NDESConnector", EV_UNANSWERED, RF_CONN_ISSUE_DETAILS, NULL, NULL,
	 NULL},
	{"legacy na", "connector.legacy.registry", NOCH, X_NONE, ST_NA, "NDESConnector", EV_NONE, 0,
	 NULL, NULL, NULL},
	{"legacy ne generation", "connector.legacy.registry", NOCH, X_GEN_UNKNOWN, ST_NE,
	 "NDESConnector", EV_LOC, 0, NULL, NULL, CONNECTOR_UNINSTALL_KEY},
	/* connector.scep_enabled */
	{"scep pass", "connector.scep_enabled", NOCH, X_NONE, ST_PASS,
	 "PFXCertificateConnector\\EnableSCEP", EV_FACT, RF_CONN_ENABLE_SCEP, "1 (0x1)", NULL, NULL},
	{"scep fail 0", "connector.scep_enabled", CH1(H_DWORD, RF_CONN_ENABLE_SCEP, 0, NULL), X_NONE,
	 ST_FAIL, "PFXCertificateConnector\\EnableSCEP", EV_FACT, RF_CONN_ENABLE_SCEP, "0 (0x0)",
	 NULL, NULL},
	{"scep fail absent", "connector.scep_enabled", CH1(H_ABSENT, RF_CONN_ENABLE_SCEP, 0, NULL),
	 X_NONE, ST_FAIL, "PFXCertificateConnector\\EnableSCEP", EV_FACT, RF_CONN_ENABLE_SCEP,
	 "(absent)", NULL, NULL},
	{"scep fail type", "connector.scep_enabled", CH1(H_SZ, RF_CONN_ENABLE_SCEP, 0, "1"), X_NONE,
	 ST_FAIL, "PFXCertificateConnector\\EnableSCEP", EV_FACT, RF_CONN_ENABLE_SCEP, "\"1\"",
	 NULL, NULL},
	{"scep ne", "connector.scep_enabled", CH1(H_UNCOVERED, RF_CONN_ENABLE_SCEP, 0, NULL), X_NONE,
	 ST_NE, "PFXCertificateConnector\\EnableSCEP", EV_UNANSWERED, RF_CONN_ENABLE_SCEP, NULL,
	 NULL, NULL},
	{"scep error", "connector.scep_enabled", CH1(H_ERROR, RF_CONN_ENABLE_SCEP, 0, NULL), X_NONE,
	 ST_ERROR, "PFXCertificateConnector\\EnableSCEP", EV_UNANSWERED, RF_CONN_ENABLE_SCEP, NULL,
	 NULL, NULL},
	{"scep na", "connector.scep_enabled", NOCH, X_GEN_LEGACY, ST_NA,
	 "PFXCertificateConnector\\EnableSCEP", EV_NONE, 0, NULL, NULL, NULL},
	/* connector.installed: the generation fact */
	{"installed pass", "connector.installed", NOCH, X_NONE, ST_PASS, CONNECTOR_CURRENT_NAME,
	 EV_LOC, 0, CONNECTOR_CURRENT_NAME, ART, "Uninstall\\{hand-built}\\DisplayName"},
	{"installed fail none", "connector.installed", NOCH, X_GEN_NONE, ST_FAIL,
	 "Intune certificate connector", EV_LOC, 0, "(no connector entry)", ART,
	 CONNECTOR_UNINSTALL_KEY},
	{"installed fail both", "connector.installed", NOCH, X_GEN_BOTH, ST_FAIL,
	 "Intune certificate connector", EV_LOC, 0, CONNECTOR_LEGACY_NAME, ART,
	 "Uninstall\\{hand-built}\\DisplayName"},
	{"installed na standalone", "connector.installed", NOCH, X_DEPLOY_STANDALONE, ST_NA,
	 "Intune certificate connector", EV_LOC, 0, "(no connector entry)", ART,
	 CONNECTOR_UNINSTALL_KEY},
	{"installed ne deployment unknown", "connector.installed", NOCH, X_DEPLOY_UNKNOWN, ST_NE,
	 "Intune certificate connector", EV_LOC, 0, "(no connector entry)", ART,
	 CONNECTOR_UNINSTALL_KEY},
	{"installed ne", "connector.installed", NOCH, X_GEN_UNKNOWN, ST_NE,
	 "Intune certificate connector", EV_LOC, 0, "(not in the .reg exports)", NULL,
	 CONNECTOR_UNINSTALL_KEY},
	{"installed error", "connector.installed", NOCH, X_GEN_ERROR, ST_ERROR,
	 "Intune certificate connector", EV_LOC, 0, NULL, ART, CONNECTOR_UNINSTALL_KEY},
};

/* One cmocka test per row, named after it, so the output lists outcomes. */
static void test_row(void **state)
{
	run_row(*state);
}

/* A .reg export that disagrees with the hive: both statements are evidence. */
static void test_disagreement_is_evidence(void **state)
{
	const struct check_def *c = check_find("httpsys.max_field_length");
	struct result_list l = {0};
	struct emitter em = {&l, c, 0};
	struct facts f;

	(void)state;
	healthy_facts(&f);
	apply_extra(&f, X_DISAGREE);
	c->fn(&f, &em);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0]->status, ST_PASS);
	assert_int_equal(l.v[0]->nev, 2);
	assert_string_equal(l.v[0]->ev[0].location, f.reg[RF_HTTP_MAX_FIELD_LENGTH].location);
	assert_string_equal(l.v[0]->ev[1].artifact, "http.reg");
	assert_string_equal(l.v[0]->ev[1].location, "HTTP\\Parameters\\MaxFieldLength (line 7)");
	assert_string_equal(l.v[0]->ev[1].value, "16384 (0x4000) (the hive disagrees)");
	result_list_free(&l);
	facts_free(&f);
}

/* Every fact names a key, and only _KEY facts lack a value name; with no
 * source, each is not covered and says why. */
static void test_fact_table(void **state)
{
	struct facts f;
	size_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	strcpy(f.control_set_key, "ControlSet002");
	regfacts_build(&f);
	for (i = 0; i < RF__COUNT; i++) {
		const struct regfact *r = &f.reg[i];
		const char *id = regfact_id_name((enum regfact_id)i);
		size_t n = strlen(id);

		assert_non_null(r->key);
		assert_true(r->key[0] != '\0');
		assert_int_equal(r->st, RF_UNCOVERED);
		assert_non_null(r->why);
		assert_int_equal(r->name == NULL, n > 4 && strcmp(id + n - 4, "_KEY") == 0);
	}
	assert_string_equal(f.reg[RF_SVC_W3SVC_START].key, "ControlSet002\\Services\\W3SVC");
	assert_string_equal(f.reg[RF_SVC_W3SVC_START].name, "Start");
	assert_string_equal(f.reg[RF_MSCEP_CAINFO].name, "Configuration");
	/* The checks rely on the order: a service's key, Start, DelayedAutostart,
	 * Type, ImagePath, ObjectName;
	 * an MSCEP setting's subkey, then its value in that subkey. */
	{
		static const enum regfact_id svc[] = {RF_SVC_NDESCONNECTOR_KEY, RF_SVC_PFXCONNECTOR_KEY,
						      RF_SVC_W3SVC_KEY, RF_SVC_WAS_KEY,
						      RF_SVC_WAPCSVC_KEY};
		static const enum regfact_id mscep[] = {RF_MSCEP_CAINFO_KEY, RF_MSCEP_CATYPE_KEY,
							RF_MSCEP_ENFORCEPASSWORD_KEY,
							RF_MSCEP_PASSWORDVDIR_KEY,
							RF_MSCEP_USESINGLEPASSWORD_KEY};

		for (i = 0; i < 5; i++) {
			assert_string_equal(f.reg[svc[i] + 1].key, f.reg[svc[i]].key);
			assert_string_equal(f.reg[svc[i] + 1].name, "Start");
			assert_string_equal(f.reg[svc[i] + 2].key, f.reg[svc[i]].key);
			assert_string_equal(f.reg[svc[i] + 2].name, "DelayedAutostart");
			assert_string_equal(f.reg[svc[i] + 3].key, f.reg[svc[i]].key);
			assert_string_equal(f.reg[svc[i] + 3].name, "Type");
			assert_string_equal(f.reg[svc[i] + 4].key, f.reg[svc[i]].key);
			assert_string_equal(f.reg[svc[i] + 4].name, "ImagePath");
			assert_string_equal(f.reg[svc[i] + 5].key, f.reg[svc[i]].key);
			assert_string_equal(f.reg[svc[i] + 5].name, "ObjectName");
			assert_string_equal(f.reg[mscep[i] + 1].key, f.reg[mscep[i]].key);
			assert_non_null(f.reg[mscep[i] + 1].name);
		}
	}
	facts_free(&f);
}

/* A source that could not be read leaves its facts unreadable, saying why
 * (the runner gives the checks `error`; --dump-facts shows the reason). */
static void test_fact_source_error(void **state)
{
	struct facts f;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.src[SRC_SOFTWARE].state = SOURCE_ERROR;
	f.src[SRC_SOFTWARE].error = xstrdup("SOFTWARE.hiv: not a registry hive");
	regfacts_build(&f);
	assert_int_equal(f.reg[RF_MSCEP_KEY].st, RF_ERROR);
	assert_string_equal(f.reg[RF_MSCEP_KEY].why, "SOFTWARE.hiv: not a registry hive");
	assert_int_equal(f.reg[RF_SVC_W3SVC_START].st, RF_UNCOVERED);
	assert_string_equal(f.reg[RF_SVC_W3SVC_START].why, "no readable SYSTEM hive");
	facts_free(&f);
}

/* A stub service key (none of Start, Type, ImagePath) is reported as "not
 * installed", for every service check, and the message does not send the
 * reader to sc config (which cannot repair a service that is not there). */
static void test_stub_says_not_installed(void **state)
{
	static const struct {
		const char *check, *target;
		enum regfact_id key;
	} cases[] = {
		{"service.connector.start", "PFXCertificateConnectorSvc", RF_SVC_PFXCONNECTOR_KEY},
		{"service.w3svc.start", "W3SVC", RF_SVC_W3SVC_KEY},
		{"service.w3svc.start", "W3SVC", RF_SVC_WAS_KEY},
		{"service.appproxy.start", "WAPCSvc", RF_SVC_WAPCSVC_KEY},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct check_def *c = check_find(cases[i].check);
		struct result_list l = {0};
		struct emitter em = {&l, c, 0};
		const struct result *res;
		struct facts f;
		struct change stub[] = {{H_PRESENT, cases[i].key, 0, NULL},
					{H_ABSENT, cases[i].key + 1, 0, NULL},
					{H_ABSENT, cases[i].key + 3, 0, NULL},
					{H_ABSENT, cases[i].key + 4, 0, NULL}};
		size_t j;

		healthy_facts(&f);
		for (j = 0; j < 4; j++)
			apply(&f, &stub[j]);
		c->fn(&f, &em);
		res = find(&l, cases[i].target);
		assert_non_null(res);
		if (strstr(res->message, "not installed") == NULL ||
		    strstr(res->message, "without a Start value") != NULL)
			fail_msg("%s/%s: \"%s\"", cases[i].check, regfact_id_name(cases[i].key),
				 res->message);
		result_list_free(&l);
		facts_free(&f);
	}
}

/* The deployment mode from hand-built facts: one case per way to decide. */
static void test_deployment_decide(void **state)
{
	static const struct {
		const char *name;
		enum connector_gen gen;
		struct change ch[2];
		const char *forced;
		enum deployment want;
	} cases[] = {
		{"current connector", CONN_CURRENT, {{H_END, 0, 0, NULL}}, NULL, DEPLOY_INTUNE_CURRENT},
		{"both connectors", CONN_BOTH, {{H_END, 0, 0, NULL}}, NULL, DEPLOY_INTUNE_CURRENT},
		{"legacy connector", CONN_LEGACY, {{H_END, 0, 0, NULL}}, NULL, DEPLOY_INTUNE_LEGACY},
		{"standalone", CONN_NONE,
		 {{H_ABSENT, RF_MSCEP_POLICY, 0, NULL}, {H_DWORD, RF_MSCEP_ENFORCEPASSWORD, 1, NULL}},
		 NULL, DEPLOY_STANDALONE},
		{"standalone, empty Policy", CONN_NONE,
		 {{H_SZ, RF_MSCEP_POLICY, 0, ""}, {H_DWORD, RF_MSCEP_ENFORCEPASSWORD, 1, NULL}},
		 NULL, DEPLOY_STANDALONE},
		{"no connector, a policy module", CONN_NONE,
		 {{H_DWORD, RF_MSCEP_ENFORCEPASSWORD, 1, NULL}, {H_END, 0, 0, NULL}}, NULL,
		 DEPLOY_UNKNOWN},
		{"no connector, no password", CONN_NONE,
		 {{H_ABSENT, RF_MSCEP_POLICY, 0, NULL}, {H_END, 0, 0, NULL}}, NULL, DEPLOY_UNKNOWN},
		{"no connector, Policy not covered", CONN_NONE,
		 {{H_UNCOVERED, RF_MSCEP_POLICY, 0, NULL}, {H_DWORD, RF_MSCEP_ENFORCEPASSWORD, 1, NULL}},
		 NULL, DEPLOY_UNKNOWN},
		{"no SOFTWARE", CONN_UNKNOWN, {{H_END, 0, 0, NULL}}, NULL, DEPLOY_UNKNOWN},
		{"forced standalone", CONN_CURRENT, {{H_END, 0, 0, NULL}}, "standalone",
		 DEPLOY_STANDALONE},
		{"forced intune", CONN_NONE, {{H_END, 0, 0, NULL}}, "intune", DEPLOY_INTUNE_CURRENT},
		{"forced intune, legacy", CONN_LEGACY, {{H_END, 0, 0, NULL}}, "intune",
		 DEPLOY_INTUNE_LEGACY},
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct facts f;

		healthy_facts(&f);
		set_gen(&f, cases[i].gen);
		for (j = 0; j < 2 && cases[i].ch[j].how != H_END; j++)
			apply(&f, &cases[i].ch[j]);
		deployment_decide(&f, cases[i].forced);
		if (f.deployment.mode != cases[i].want)
			fail_msg("%s: %s, want %s (%s)", cases[i].name,
				 deployment_name(f.deployment.mode), deployment_name(cases[i].want),
				 f.deployment.evidence);
		assert_non_null(f.deployment.evidence);
		assert_int_equal(f.deployment.forced, cases[i].forced != NULL);
		facts_free(&f);
	}
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_disagreement_is_evidence),
		cmocka_unit_test(test_fact_table),
		cmocka_unit_test(test_fact_source_error),
		cmocka_unit_test(test_stub_says_not_installed),
		cmocka_unit_test(test_deployment_decide),
	};
	size_t i, nrows = sizeof(rows) / sizeof(rows[0]), nfixed = sizeof(fixed) / sizeof(fixed[0]);
	struct CMUnitTest *tests = xcalloc(nrows + nfixed, sizeof(*tests));
	int rc;

	for (i = 0; i < nrows; i++) {
		tests[i].name = rows[i].name;
		tests[i].test_func = test_row;
		tests[i].initial_state = (void *)&rows[i];
	}
	memcpy(tests + nrows, fixed, sizeof(fixed));
	rc = _cmocka_run_group_tests("regchecks", tests, nrows + nfixed, NULL, NULL);
	free(tests);
	return rc;
}
