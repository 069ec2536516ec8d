/* The registry facts the checks judge: every key path they need, read
 * once from the SYSTEM and SOFTWARE sources into typed values with their
 * state, provenance and any disagreement of .reg exports with the hive.
 * The checks then run on these structs alone (DESIGN.md: checks are pure
 * functions over facts). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/facts.h"
#include "ndes-audit/util.h"
#include "read/preg.h"

#define HTTP_PARAMS "Services\\HTTP\\Parameters"
#define NDP4 "Microsoft\\NET Framework Setup\\NDP\\v4\\Full"
/* Internet Explorer Enhanced Security Configuration, administrators' half. */
#define IE_ESC_ADMIN \
	"Microsoft\\Active Setup\\Installed Components\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}"
#define AUTHROOT_POLICY "Policies\\Microsoft\\SystemCertificates\\AuthRoot"
#define MSCEP "Microsoft\\Cryptography\\MSCEP"
/* IIS setup records each installed role service here (REG_DWORD 1). */
#define INETSTP "Microsoft\\InetStp\\Components"
#define NDES_KEY "Microsoft\\ADCS\\NDES"
/* The certificate templates the domain publishes, cached by Windows: one
 * subkey per template name. */
#define TCACHE "Microsoft\\Cryptography\\CertificateTemplateCache"

struct regfact_def {
	enum fact_source src;
	int cs;              /* the key is under the current control set */
	const char *key;
	const char *name;    /* NULL: the key's existence */
	/* Not 0: the key is key\<the text of fact from_name - 1> (a subkey
	 * named after another fact's value). */
	int from_name;
};

#define SVC(id, svc)                                                                  \
	[RF_SVC_##id##_KEY] = {SRC_SYSTEM, 1, "Services\\" svc, NULL},                \
	[RF_SVC_##id##_START] = {SRC_SYSTEM, 1, "Services\\" svc, "Start"},           \
	[RF_SVC_##id##_DELAYED] = {SRC_SYSTEM, 1, "Services\\" svc, "DelayedAutostart"}, \
	[RF_SVC_##id##_TYPE] = {SRC_SYSTEM, 1, "Services\\" svc, "Type"},               \
	[RF_SVC_##id##_IMAGEPATH] = {SRC_SYSTEM, 1, "Services\\" svc, "ImagePath"},     \
	[RF_SVC_##id##_OBJECTNAME] = {SRC_SYSTEM, 1, "Services\\" svc, "ObjectName"}
/* mscep.dll reads each setting from a subkey holding a value named after it
 * (CAInfo holds Configuration). */
#define MSCEP_SETTING(id, sub, value)                                                 \
	[RF_MSCEP_##id##_KEY] = {SRC_SOFTWARE, 0, MSCEP "\\" sub, NULL},              \
	[RF_MSCEP_##id] = {SRC_SOFTWARE, 0, MSCEP "\\" sub, value}

static const struct regfact_def defs[RF__COUNT] = {
	[RF_CERTSVC_KEY] = {SRC_SYSTEM, 1, "Services\\CertSvc", NULL},
	[RF_PRODUCT_TYPE] = {SRC_SYSTEM, 1, "Control\\ProductOptions", "ProductType"},
	[RF_DOTNET_RELEASE] = {SRC_SOFTWARE, 0, NDP4, "Release"},
	[RF_DOTNET_KEY] = {SRC_SOFTWARE, 0, NDP4, NULL},
	[RF_IE_ESC] = {SRC_SOFTWARE, 0, IE_ESC_ADMIN, "IsInstalled"},
	[RF_IE_ESC_KEY] = {SRC_SOFTWARE, 0, IE_ESC_ADMIN, NULL},
	[RF_ROOT_AUTOUPDATE] = {SRC_SOFTWARE, 0, AUTHROOT_POLICY, "DisableRootAutoUpdate"},
	[RF_HTTP_MAX_FIELD_LENGTH] = {SRC_SYSTEM, 1, HTTP_PARAMS, "MaxFieldLength"},
	[RF_HTTP_MAX_REQUEST_BYTES] = {SRC_SYSTEM, 1, HTTP_PARAMS, "MaxRequestBytes"},
	SVC(NDESCONNECTOR, "NDESConnectorSvc"),
	SVC(PFXCONNECTOR, "PFXCertificateConnectorSvc"),
	SVC(PKICREATE, "PkiCreateConnectorSvc"),
	SVC(PFXCREATELEGACY, "PfxCreateLegacyConnectorSvc"),
	SVC(PKIREVOKE, "PkiRevokeConnectorSvc"),
	SVC(W3SVC, "W3SVC"),
	SVC(WAS, "WAS"),
	SVC(WAPCSVC, "WAPCSvc"),
	[RF_INETSTP_KEY] = {SRC_SOFTWARE, 0, INETSTP, NULL},
	[RF_INETSTP_REQUEST_FILTERING] = {SRC_SOFTWARE, 0, INETSTP, "RequestFiltering"},
	[RF_INETSTP_ISAPI_EXT] = {SRC_SOFTWARE, 0, INETSTP, "ISAPIExtensions"},
	[RF_INETSTP_ISAPI_FILTER] = {SRC_SOFTWARE, 0, INETSTP, "ISAPIFilter"},
	[RF_INETSTP_NETFX_EXT45] = {SRC_SOFTWARE, 0, INETSTP, "NetFxExtensibility45"},
	[RF_INETSTP_ASPNET45] = {SRC_SOFTWARE, 0, INETSTP, "ASPNET45"},
	[RF_INETSTP_STATIC_CONTENT] = {SRC_SOFTWARE, 0, INETSTP, "StaticContent"},
	[RF_MSCEP_KEY] = {SRC_SOFTWARE, 0, MSCEP, NULL},
	[RF_NDES_CONFIG_STATUS] = {SRC_SOFTWARE, 0, NDES_KEY, "ConfigurationStatus"},
	[RF_MSCEP_SIGNATURE_TEMPLATE] = {SRC_SOFTWARE, 0, MSCEP, "SignatureTemplate"},
	[RF_MSCEP_ENCRYPTION_TEMPLATE] = {SRC_SOFTWARE, 0, MSCEP, "EncryptionTemplate"},
	[RF_MSCEP_GENERAL_TEMPLATE] = {SRC_SOFTWARE, 0, MSCEP, "GeneralPurposeTemplate"},
	MSCEP_SETTING(CAINFO, "CAInfo", "Configuration"),
	MSCEP_SETTING(CATYPE, "CAType", "CAType"),
	MSCEP_SETTING(ENFORCEPASSWORD, "EnforcePassword", "EnforcePassword"),
	MSCEP_SETTING(PASSWORDVDIR, "PasswordVDir", "PasswordVDir"),
	MSCEP_SETTING(USESINGLEPASSWORD, "UseSinglePassword", "UseSinglePassword"),
	[RF_MSCEP_POLICY] = {SRC_SOFTWARE, 0, MSCEP "\\Modules", "Policy"},
	[RF_TCACHE_KEY] = {SRC_SOFTWARE, 0, TCACHE, NULL},
	[RF_TCACHE_SIGNATURE_KEY] = {SRC_SOFTWARE, 0, TCACHE, NULL, RF_MSCEP_SIGNATURE_TEMPLATE + 1},
	[RF_TCACHE_ENCRYPTION_KEY] = {SRC_SOFTWARE, 0, TCACHE, NULL, RF_MSCEP_ENCRYPTION_TEMPLATE + 1},
	[RF_TCACHE_GENERAL_KEY] = {SRC_SOFTWARE, 0, TCACHE, NULL, RF_MSCEP_GENERAL_TEMPLATE + 1},
	[RF_CONN_SIGNING_CERT] = {SRC_SOFTWARE, 0, CONNECTOR_LEGACY_KEY, "SigningCertificate"},
	[RF_CONN_PFX_SIGNING_CERT] = {SRC_SOFTWARE, 0, CONNECTOR_LEGACY_KEY,
				      "PfxSigningCertificate"},
	[RF_CONN_KRA_CERT] = {SRC_SOFTWARE, 0, CONNECTOR_LEGACY_KEY,
			      "KeyRecoveryAgentCertificate"},
	[RF_CONN_ISSUE_DETAILS] = {SRC_SOFTWARE, 0, CONNECTOR_LEGACY_KEY "\\ConnectionStatus",
				   "IssueDetails"},
	[RF_CONN_ENABLE_SCEP] = {SRC_SOFTWARE, 0, CONNECTOR_CURRENT_KEY, "EnableSCEP"},
};

/* The policy values (Policies\...) of the SOFTWARE hive that a GPO's
 * registry.pol in the bundle sets: the GPO's value overrides the hive's, as
 * Windows writes it there when it applies the policy. The first GPO in
 * bundle order that sets (or deletes, **del.NAME) the value decides. */

static int policy_def(const struct regfact_def *d)
{
	return d->src == SRC_SOFTWARE && d->name != NULL && !d->from_name &&
	       ascii_ncasecmp(d->key, "Policies\\", 9) == 0;
}

/* The entry of p that sets (1) or deletes (2) KEY\NAME, else 0. */
static int preg_sets(const struct preg *p, const char *key, const char *name,
		     const struct preg_entry **out)
{
	size_t j;

	for (j = 0; j < p->n; j++) {
		const struct preg_entry *en = &p->v[j];

		if (ascii_ncasecmp(en->key, "Software\\", 9) != 0 || ascii_casecmp(en->key + 9, key) != 0)
			continue;
		*out = en;
		if (ascii_casecmp(en->value, name) == 0)
			return 1;
		if (ascii_ncasecmp(en->value, "**del.", 6) == 0 && ascii_casecmp(en->value + 6, name) == 0)
			return 2;
	}
	return 0;
}

static void apply_gpo(struct facts *f, struct regfact *out, const struct artifact *a,
		      const struct preg *p, const struct preg_entry *en, int how)
{
	char *shown = regfact_show(out);

	out->gpo = gpo_label(f->bundle, p->gpo);
	out->local_artifact = out->artifact;
	out->local_location = out->location;
	out->local_value = xasprintf("%s (the local value in the hive; %s overrides it)", shown,
				     out->gpo);
	free(shown);
	regval_free(&out->v);
	memset(&out->v, 0, sizeof(out->v));
	free(out->why);
	out->why = NULL;
	if (how == 1) {
		out->st = RF_FOUND;
		out->v.type = en->type;
		out->v.size = en->size;
		out->v.data = en->size > 0 ? xmalloc(en->size) : NULL;
		if (en->size > 0)
			memcpy(out->v.data, en->data, en->size);
	} else {
		out->st = RF_ABSENT;
	}
	out->artifact = a->path;
	out->location = xasprintf("%s, entry at byte offset %llu: %s\\%s%s", out->gpo,
				  (unsigned long long)en->offset, en->key, out->name,
				  how == 2 ? " (deleted by **del.)" : "");
}

static void regfacts_apply_gpos(struct facts *f)
{
	size_t i, k;

	if (f->bundle == NULL)
		return;
	for (i = 0; i < RF__COUNT; i++) {
		if (!policy_def(&defs[i]))
			continue;
		for (k = 0; k < f->bundle->n; k++) {
			const struct artifact *a = &f->bundle->arts[k];
			const struct preg *p = a->status == ART_OK ? artifact_preg(a) : NULL;
			const struct preg_entry *en = NULL;
			int how;

			if (p == NULL || (how = preg_sets(p, defs[i].key, defs[i].name, &en)) == 0)
				continue;
			apply_gpo(f, &f->reg[i], a, p, en, how);
			break;
		}
	}
}

static const char *const id_names[RF__COUNT] = {
#define X(id) #id,
	REG_FACT_IDS(X)
#undef X
};

const char *regfact_id_name(enum regfact_id id)
{
	return (unsigned)id < RF__COUNT ? id_names[id] : "?";
}

const char *regfact_state_name(enum regfact_state st)
{
	switch (st) {
	case RF_FOUND: return "found";
	case RF_ABSENT: return "absent";
	case RF_UNCOVERED: return "not-covered";
	case RF_ERROR: break;
	}
	return "unreadable";
}

/* "KEY\NAME" as the .reg export states it, for the disagreement entry. */
static char *key_name(const char *key, const char *name)
{
	return xasprintf("%s%s%s", key, *key ? "\\" : "", *name ? name : "(default)");
}

/* When the source has both a hive and .reg exports of it: what the exports
 * say about the value, kept when it is not what the hive says. */
static void compare_exports(const struct regsrc *src, struct regfact *out)
{
	struct regval hv, xv;
	const char *xart = NULL;
	unsigned xline = 0;
	struct nerr e;
	int hrc, xrc;

	if (src->hive == NULL || src->view == NULL || out->name == NULL)
		return;
	nerr_clear(&e);
	xrc = reg_export_value(src, out->key, out->name, &xv, &xart, &xline, &e);
	if (xrc == -2 || xrc == -1) {
		regval_free(&xv);
		return;
	}
	hrc = reg_value(src, out->key, out->name, &hv, &e);
	if (hrc == -1) {
		regval_free(&xv);
		return;
	}
	if (xrc == 1 && (hrc == 0 || !regval_equal(&hv, &xv))) {
		char *x = regval_display(&xv);
		char *l = key_name(out->key, out->name);

		out->x_artifact = xart;
		out->x_location = xasprintf("%s (line %u)", l, xline);
		out->x_value = xasprintf("%s (the hive %s)", x,
					 hrc == 0 ? "has no such value" : "disagrees");
		free(x);
		free(l);
	} else if (xrc == 0 && hrc == 1) {
		/* An export holds the key with its values and lacks this one. */
		struct regsrc xs = {src->artifact, NULL, src->view};

		out->x_artifact = reg_artifact(&xs, out->key, NULL, NULL);
		out->x_location = key_name(out->key, out->name);
		out->x_value = xstrdup("(absent from this .reg export; the hive has it)");
	}
	if (hrc == 1)
		regval_free(&hv);
	regval_free(&xv);
}

static void read_fact(const struct regsrc *src, struct regfact *out)
{
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = out->name != NULL ? reg_value(src, out->key, out->name, &out->v, &e)
			       : reg_key_exists(src, out->key, &e);
	if (rc != 1) {
		regval_free(&out->v);
		memset(&out->v, 0, sizeof(out->v));
	}
	if (rc == 1) {
		out->st = RF_FOUND;
	} else if (rc == 0) {
		out->st = RF_ABSENT;
	} else {
		/* A .reg export that does not hold the key: unknown, never absent. */
		out->st = reg_covered(src, out->key) ? RF_ERROR : RF_UNCOVERED;
		out->why = xstrdup(e.msg);
	}
	out->artifact = reg_artifact(src, out->key, out->name, NULL);
	out->location = reg_location(src, out->key, out->name);
	compare_exports(src, out);
}

/* A key named after another fact's value (read earlier in the table):
 * 1 with out->key set to it; 0 with out not covered when that value is
 * not a usable name. */
static int named_key(struct facts *f, const struct regfact_def *d, struct regfact *out)
{
	char *name = regfact_text(&f->reg[d->from_name - 1]);
	int ok = name != NULL && *name != '\0' && strchr(name, '\\') == NULL;

	if (ok) {
		free(out->key);
		out->key = xasprintf("%s\\%s", d->key, name);
	} else {
		out->st = RF_UNCOVERED;
		out->why = xasprintf("%s holds no template name to look up",
				     f->reg[d->from_name - 1].location != NULL
					     ? f->reg[d->from_name - 1].location : "the value");
		out->location = xstrdup(out->key);
	}
	free(name);
	return ok;
}

void regfacts_build(struct facts *f)
{
	size_t i;

	for (i = 0; i < RF__COUNT; i++) {
		const struct regfact_def *d = &defs[i];
		const struct source *src = &f->src[d->src];
		struct regfact *out = &f->reg[i];

		memset(out, 0, sizeof(*out));
		out->name = d->name;
		out->key = d->cs ? facts_cs_path(f, d->key) : xstrdup(d->key);
		if (src->state != SOURCE_OK) {
			/* Checks that need the source do not run; the dump says why. */
			out->st = src->state == SOURCE_ERROR ? RF_ERROR : RF_UNCOVERED;
			out->why = src->state == SOURCE_ERROR && src->error != NULL
					   ? xstrdup(src->error)
					   : xasprintf("no readable %s", fact_source_name(d->src));
			out->location = d->name != NULL ? key_name(out->key, d->name)
							: xstrdup(out->key);
			continue;
		}
		if (d->from_name && !named_key(f, d, out))
			continue;
		read_fact(&src->reg, out);
	}
	regfacts_apply_gpos(f);
}

void regfacts_free(struct regfact *rf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		regval_free(&rf[i].v);
		free(rf[i].why);
		free(rf[i].key);
		free(rf[i].location);
		free(rf[i].x_location);
		free(rf[i].x_value);
		free(rf[i].gpo);
		free(rf[i].local_location);
		free(rf[i].local_value);
		memset(&rf[i], 0, sizeof(rf[i]));
	}
}

int regfact_dword(const struct regfact *r, uint32_t *out, struct nerr *e)
{
	if (r->st != RF_FOUND || r->name == NULL)
		return -1;
	return regval_dword(&r->v, out, e) == 0 ? 0 : -1;
}

char *regfact_text(const struct regfact *r)
{
	char *s = NULL;

	if (r->st != RF_FOUND || r->name == NULL ||
	    (r->v.type != REGT_SZ && r->v.type != REGT_EXPAND_SZ))
		return NULL;
	if (regval_string(&r->v, &s, NULL) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

char *regfact_show(const struct regfact *r)
{
	switch (r->st) {
	case RF_FOUND: return r->name != NULL ? regval_display(&r->v) : xstrdup("(present)");
	case RF_ABSENT: return xstrdup("(absent)");
	case RF_UNCOVERED: return xstrdup("(not in the evidence)");
	case RF_ERROR: break;
	}
	return xstrdup("(unreadable)");
}

static void put(FILE *out, const char *s)
{
	char *p = printable(s != NULL ? s : "");

	fputs(p, out);
	free(p);
}

/* "value SOFTWARE KEY\NAME found "text"  # file" */
static void dump_one(FILE *out, const struct facts *f, size_t i)
{
	const struct regfact *r = &f->reg[i];
	char *shown = regfact_show(r);

	fprintf(out, "%s %s ", r->name != NULL ? "value" : "key",
		defs[i].src == SRC_SYSTEM ? "SYSTEM" : "SOFTWARE");
	put(out, r->location);
	fprintf(out, " %s", regfact_state_name(r->st));
	if (r->st == RF_FOUND && r->name != NULL) {
		fputc(' ', out);
		put(out, shown);
	}
	fputs("  # ", out);
	put(out, r->st == RF_FOUND || r->st == RF_ABSENT ? r->artifact : r->why);
	fputc('\n', out);
	if (r->x_value != NULL) {
		fputs("#   a .reg export says otherwise: ", out);
		put(out, r->x_artifact);
		fputc(' ', out);
		put(out, r->x_location);
		fputs(": ", out);
		put(out, r->x_value);
		fputc('\n', out);
	}
	free(shown);
}

void regfacts_dump(FILE *out, const struct facts *f)
{
	size_t i;

	fputs("\n[registry]\n# each value the checks judge: key\\value, state, data, and the file "
	      "that holds it\n", out);
	if (f->control_set_key[0] != '\0')
		fprintf(out, "# current control set: %s\n", f->control_set_key);
	for (i = 0; i < RF__COUNT; i++)
		dump_one(out, f, i);
}
