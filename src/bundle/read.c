/* Hand each artifact to its reader, once. Hives are opened here and stay
 * open for the whole run; which hive a file is comes from its keys. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/certread.h"
#include "ndes-audit/hive.h"
#include "ndes-audit/inf.h"
#include "ndes-audit/lines.h"
#include "ndes-audit/logs.h"
#include "ndes-audit/iis.h"
#include "ndes-audit/iisconfig.h"
#include "ndes-audit/regexport.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"
#include "bundle-priv.h"

static int has(const struct strlist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_casecmp(l->v[i], name) == 0)
			return 1;
	return 0;
}

static int has_prefix(const struct strlist *l, const char *prefix)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_ncasecmp(l->v[i], prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* Which hive this is, by the keys under its root: the root key's own name
 * is never SYSTEM or SOFTWARE in a real hive. */
static int classify(struct hive *h, const char *path, enum artifact_kind *kind, struct nerr *e)
{
	struct regsrc r = {path, h, NULL};
	struct strlist root = {0};
	int rc = reg_subkeys(&r, "", &root, e);

	if (rc != 1) {
		if (rc == 0)
			nerr_set(e, "%s: the hive has no root key", path);
		return -1;
	}
	if (has(&root, "Select") && has_prefix(&root, "ControlSet"))
		*kind = ART_HIVE_SYSTEM;
	else if (has(&root, "Policy") && (has(&root, "RXACT") || has(&root, "Cache")))
		*kind = ART_HIVE_SECURITY;
	else if (has(&root, "Microsoft") &&
		 (has(&root, "Classes") || has(&root, "Policies") || has(&root, "Clients") ||
		  has(&root, "WOW6432Node") ||
		  reg_key_exists(&r, "Microsoft\\Windows NT\\CurrentVersion", e) == 1))
		*kind = ART_HIVE_SOFTWARE;
	else
		*kind = ART_HIVE_OTHER;
	strlist_free(&root);
	return 0;
}

static void read_hive(struct artifact *a)
{
	struct hive *h = NULL;
	enum artifact_kind kind;
	struct nerr e;

	nerr_clear(&e);
	if (hive_open(a->path, &h, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = h;
	a->handle_free = hive_close_void;
	if (classify(h, a->path, &kind, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	a->kind = kind;
	if (hive_is_dirty(h)) {
		const struct hive_header *hd = hive_get_header(h);

		artifact_add_warning(a, "dirty hive (sequence numbers %u and %u differ): changes still in "
				     "its transaction logs were not applied, so values may be older than "
				     "the server's", hd->seq_primary, hd->seq_secondary);
	}
	if (hive_is_corrupted(h))
		artifact_add_warning(a, "libregf found corrupted structures: some keys or values may "
				     "be missing from what was read");
}

/* A security template: read it, then tell a Group Policy template from a
 * local export by where the file sits (the format is the same). */
static void read_secpol(struct artifact *a)
{
	struct inf *inf = NULL;
	const char *why = NULL, *warning = NULL;
	char *gpo_id = NULL;
	struct nerr e;

	if (inf_gpo_location(a->path, &gpo_id, &why))
		a->kind = ART_SECPOL_GPO;
	free(gpo_id);
	nerr_clear(&e);
	if (inf_open(a->path, &inf, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	if (!inf_is_security_template(inf, &why, &warning)) {
		a->kind = ART_UNKNOWN;
		a->status = ART_IGNORED;
		free(a->note);
		a->note = xasprintf("INF file, but not a security template: %s", why);
		inf_free(inf);
		return;
	}
	a->handle = inf;
	a->handle_free = inf_free_void;
	if (warning != NULL)
		artifact_add_warning(a, "%s", warning);
	if (inf->encoding == INF_UTF16LE_NOBOM)
		artifact_add_warning(a, "UTF-16LE text without a byte-order mark: read as UTF-16LE");
}

/* A text log: read once into its summary; what could not be used is a
 * warning on the artifact, with the first line concerned. */
static void log_warnings(struct artifact *a, uint64_t before, uint64_t malformed, uint64_t overlong,
			 uint64_t bad_time, uint64_t nuls, uint64_t first)
{
	if (before)
		artifact_add_warning(a, "%llu record line(s) before any #Fields: line, not used "
				     "(first at line %llu)", (unsigned long long)before,
				     (unsigned long long)first);
	if (malformed)
		artifact_add_warning(a, "%llu line(s) with fewer values than #Fields: names, not "
				     "used (first problem at line %llu)",
				     (unsigned long long)malformed, (unsigned long long)first);
	if (overlong)
		artifact_add_warning(a, "%llu line(s) longer than %u bytes, skipped (first problem "
				     "at line %llu)", (unsigned long long)overlong, LR_MAX_LINE,
				     (unsigned long long)first);
	if (bad_time)
		artifact_add_warning(a, "%llu record(s) with an unreadable date or time (first "
				     "problem at line %llu)", (unsigned long long)bad_time,
				     (unsigned long long)first);
	if (nuls)
		artifact_add_warning(a, "%llu NUL byte(s) inside lines (binary data in a text log)",
				     (unsigned long long)nuls);
}

/* Give the artifact the summary a reader filled (rc 0), or its error. */
static int adopt(struct artifact *a, void *summary, int rc, const struct nerr *e)
{
	if (rc != 0) {
		free(summary);
		artifact_set_error(a, e);
		return 0;
	}
	a->handle = summary;
	a->handle_free = free;
	return 1;
}

static void read_iis_log(struct artifact *a)
{
	struct w3c_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, w3c_read(a->path, s, NULL, NULL, &e), &e))
		return;
	log_warnings(a, s->before_fields, s->malformed, s->overlong, s->bad_time, s->nul_bytes,
		     s->first_problem_line);
	if (s->fields_without_status)
		artifact_add_warning(a, "%llu #Fields: line(s) lack sc-status, sc-substatus or "
				     "sc-win32-status: outcomes cannot be told apart there",
				     (unsigned long long)s->fields_without_status);
}

static void read_httperr_log(struct artifact *a)
{
	struct httperr_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, httperr_read(a->path, s, NULL, NULL, &e), &e))
		return;
	log_warnings(a, s->before_fields, s->malformed, s->overlong, s->bad_time, s->nul_bytes,
		     s->first_problem_line);
}

static void read_msi_log(struct artifact *a)
{
	struct msi_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, msi_read(a->path, s, &e), &e))
		return;
	s->name = artifact_name(a);
	if (s->overlong)
		artifact_add_warning(a, "%llu line(s) longer than %u bytes: only their first bytes "
				     "were searched", (unsigned long long)s->overlong, LR_MAX_LINE);
}

static void read_evtx(struct artifact *a)
{
	struct evtx_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	char note[512];

	nerr_clear(&e);
	if (!adopt(a, s, evtx_read(a->path, s, &e), &e))
		return;
	/* A damaged log is read around its damage: say what was missed. */
	evtx_damage_note(s, note, sizeof(note));
	if (note[0] != '\0')
		artifact_add_warning(a, "%s", note);
	if (s->damage[0] != '\0')
		artifact_add_warning(a, "%s", s->damage);
}

/* XML whose root is <configuration>: which IIS file it is comes from its
 * sections, never from its name. */
static void read_iis(struct artifact *a)
{
	struct iisconf *c = NULL;
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = iisconf_read(a->path, "configuration", &c, &e);
	if (rc == -1) {
		artifact_set_error(a, &e);
		return;
	}
	if (rc == 0 || c->kind == IISCONF_UNKNOWN) {
		a->status = ART_IGNORED;
		a->kind = ART_UNKNOWN;
		free(a->note);
		a->note = rc == 0 ? xasprintf("%s; not an IIS configuration file", e.msg)
				  : xstrdup("a <configuration> file with neither <system.applicationHost> "
					    "nor <system.webServer>: not an IIS configuration file");
		iisconf_free(c);
		return;
	}
	a->handle = c;
	a->handle_free = iisconf_free_void;
	a->kind = c->kind == IISCONF_APPHOST ? ART_IIS_APPHOST : ART_IIS_WEBCONFIG;
}

/* A .reg export: parsed once; which hive(s) it holds comes from its key
 * paths. Problems inside it that did not stop the parse become warnings. */
static void read_regexport(struct artifact *a)
{
	struct regexport *x = NULL;
	unsigned hives;
	struct nerr e;
	size_t i;

	nerr_clear(&e);
	if (regexport_open(a->path, &x, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = x;
	a->handle_free = regexport_free_void;
	hives = regexport_hives(x) &
		((1u << REGX_SYSTEM) | (1u << REGX_SOFTWARE) | (1u << REGX_SECURITY));
	if (hives == (1u << REGX_SYSTEM))
		a->kind = ART_REG_SYSTEM;
	else if (hives == (1u << REGX_SOFTWARE))
		a->kind = ART_REG_SOFTWARE;
	else if (hives == (1u << REGX_SECURITY))
		a->kind = ART_REG_SECURITY;
	else if (hives != 0)
		a->kind = ART_REG_MULTI;
	else
		a->kind = ART_REG_OTHER;
	for (i = 0; i < regexport_nwarnings(x); i++)
		artifact_add_warning(a, "%s", regexport_warning(x, i));
	if (regexport_warnings_dropped(x) > 0)
		artifact_add_warning(a, "%zu more problems like these in this file are not listed",
				     regexport_warnings_dropped(x));
}

/* Disagreements between a hive and a .reg export of the same keys, or
 * between two exports, are reported on the export: both are evidence, and
 * the reviewer must know they differ. The hive is what the checks judge;
 * among exports, the file that sorts last supplies a value. */
#define CROSS_MAX_KEYS 20000
#define CROSS_MAX_SHOWN 10

struct cross {
	struct artifact *a;
	const char *other;
	size_t shown, total;
};

static void cross_note(void *ctx, const char *msg)
{
	struct cross *c = ctx;

	c->total++;
	if (c->shown >= CROSS_MAX_SHOWN)
		return;
	c->shown++;
	artifact_add_warning(c->a, "disagrees with %s: %s", c->other, msg);
}

static void cross_done(struct cross *c)
{
	if (c->total > c->shown)
		artifact_add_warning(c->a, "%zu more disagreements with %s are not listed",
				     c->total - c->shown, c->other);
}

static const struct {
	enum artifact_kind hive;
	int which;
} hive_kinds[] = {
	{ART_HIVE_SYSTEM, REGX_SYSTEM},
	{ART_HIVE_SOFTWARE, REGX_SOFTWARE},
	{ART_HIVE_SECURITY, REGX_SECURITY},
};

static int is_export_of(const struct artifact *a, int which)
{
	return a->status == ART_OK && a->handle != NULL && a->kind >= ART_REG_SYSTEM &&
	       a->kind <= ART_REG_OTHER && (regexport_hives(a->handle) & (1u << which));
}

static void cross_check(struct bundle *b)
{
	size_t t, i, j;

	for (t = 0; t < sizeof(hive_kinds) / sizeof(hive_kinds[0]); t++) {
		int which = hive_kinds[t].which;
		struct artifact *hive = NULL;
		char cs[16] = "";

		for (i = 0; i < b->n; i++)
			if (b->arts[i].kind == hive_kinds[t].hive && b->arts[i].status == ART_OK)
				hive = &b->arts[i];
		if (hive != NULL && which == REGX_SYSTEM) {
			struct regsrc r = {hive->path, hive->handle, NULL};
			struct nerr e;
			uint32_t cur;

			nerr_clear(&e);
			if (reg_dword(&r, "Select", "Current", &cur, &e) == 1 && cur > 0 && cur < 1000)
				snprintf(cs, sizeof(cs), "ControlSet%03u", cur);
		}
		for (i = 0; i < b->n; i++) {
			struct artifact *a = &b->arts[i];

			if (!is_export_of(a, which))
				continue;
			if (hive != NULL) {
				struct regsrc r = {hive->path, hive->handle, NULL};
				struct cross c = {a, hive->path, 0, 0};
				size_t keys = 0;

				reg_compare_export(&r, a->handle, which, cs, CROSS_MAX_KEYS, cross_note, &c,
						   &keys);
				cross_done(&c);
				if (keys >= CROSS_MAX_KEYS)
					artifact_add_warning(a, "only the first %d keys were compared with %s",
							     CROSS_MAX_KEYS, hive->path);
			}
			for (j = 0; j < i; j++) {
				struct cross c = {a, b->arts[j].path, 0, 0};

				if (!is_export_of(&b->arts[j], which))
					continue;
				reg_compare_exports(b->arts[j].handle, a->handle, which, CROSS_MAX_KEYS,
						    cross_note, &c);
				cross_done(&c);
			}
		}
	}
}

static const char ctl_note[] =
	"certificate trust list (PKCS#7 with content type 1.3.6.1.4.1.311.10.1, as authroot.stl): "
	"recognised, not read as a certificate store";

/* Certificate files: the reader keeps the elements; the note says which
 * store the file stands for and why, and what it held. */
static void read_certs(struct artifact *a, const struct certread_options *o)
{
	struct certfile *cf = NULL;
	struct strbuf sb;
	struct nerr e;

	nerr_clear(&e);
	if (certfile_read(a->path, a->root_len, a->kind, o, &cf, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	if (cf->kind == ART_CERT_CTL) {
		a->kind = ART_CERT_CTL;
		a->status = ART_IGNORED;
		a->note = xstrdup(ctl_note);
		certfile_free(cf);
		return;
	}
	sb_init(&sb);
	if (cf->store != NULL)
		sb_printf(&sb, "store %s (%s)", cf->store, cf->store_origin);
	else
		sb_add(&sb, "no store: neither the file name nor a folder inside the bundle names one "
			    "(Root, AuthRoot, CA or Intermediate, My or Personal...), and no --store "
			    "option covers it, so its certificates are not counted in any store");
	sb_printf(&sb, ": %zu certificate%s", cf->ncerts, cf->ncerts == 1 ? "" : "s");
	if (cf->ncrls)
		sb_printf(&sb, ", %zu CRL%s", cf->ncrls, cf->ncrls == 1 ? "" : "s");
	if (cf->nctls)
		sb_printf(&sb, ", %zu trust list%s (not read)", cf->nctls, cf->nctls == 1 ? "" : "s");
	a->note = sb_take(&sb);
	sb_free(&sb);
	if (cf->elems.dups)
		artifact_add_warning(a, "%zu duplicate cop%s of certificates or CRLs already in the file "
				     "counted once", cf->elems.dups, cf->elems.dups == 1 ? "y" : "ies");
	if (cf->keys_skipped)
		artifact_add_warning(a, "%zu private key%s in the file left unread (keys are never read)",
				     cf->keys_skipped, cf->keys_skipped == 1 ? "" : "s");
	if (cf->warning != NULL)
		artifact_add_warning(a, "%s", cf->warning);
	a->handle = cf;
	a->handle_free = certfile_free_void;
}

/* A bundle is one server: two hives of a kind that exists once per server
 * make every check that needs that kind ambiguous. */
static void flag_duplicates(struct bundle *b, enum artifact_kind kind)
{
	struct strbuf names;
	size_t i, count = 0;

	sb_init(&names);
	for (i = 0; i < b->n; i++) {
		if (b->arts[i].kind == kind && b->arts[i].status != ART_IGNORED) {
			sb_printf(&names, "%s%s", count ? " and " : "", b->arts[i].path);
			count++;
		}
	}
	if (count > 1) {
		for (i = 0; i < b->n; i++) {
			struct artifact *a = &b->arts[i];
			struct nerr e;

			if (a->kind != kind || a->status == ART_IGNORED)
				continue;
			nerr_clear(&e);
			nerr_set(&e, "%zu %s artifacts in one bundle (%s): a bundle is one server; "
				 "remove all but one", count, artifact_kind_name(kind), names.s);
			artifact_set_error(a, &e);
		}
	}
	sb_free(&names);
}

void bundle_read(struct bundle *b)
{
	struct hash_job *hashing = bundle_hash_start(b);
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (a->status != ART_OK)
			continue;
		switch (a->kind) {
		case ART_HIVE:
			read_hive(a);
			break;
		case ART_SECPOL_EXPORT:
			read_secpol(a);
			break;
		case ART_LOG_IIS:
			read_iis_log(a);
			break;
		case ART_LOG_HTTPERR:
			read_httperr_log(a);
			break;
		case ART_LOG_MSI:
			read_msi_log(a);
			break;
		case ART_EVTX:
			read_evtx(a);
			break;
		case ART_IIS_CONFIG:
			read_iis(a);
			break;
		case ART_REG:
			read_regexport(a);
			break;
		case ART_CERT_SST:
		case ART_CERT_X509:
		case ART_CERT_CRL:
		case ART_CERT_PKCS7:
		case ART_CERT_PKCS12:
			read_certs(a, b->certopts);
			break;
		case ART_CERT_CTL:
			a->status = ART_IGNORED;
			a->note = xstrdup(ctl_note);
			break;
		default:
			break;
		}
	}
	bundle_hash_finish(hashing, b);
	flag_duplicates(b, ART_HIVE_SYSTEM);
	flag_duplicates(b, ART_HIVE_SOFTWARE);
	flag_duplicates(b, ART_HIVE_SECURITY);
	flag_duplicates(b, ART_IIS_APPHOST);
	iis_place_webconfigs(b);
	cross_check(b);
}
