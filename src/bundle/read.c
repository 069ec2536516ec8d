/* The reader descriptors (one table: sniff, open, free) and the open
 * functions that hand each artifact to its reader, once, on one checked
 * descriptor. Hives are opened here and stay open for the whole run; which
 * hive a file is comes from its keys. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndes-audit/bundle.h"
#include "read/archive.h"
#include "read/certread.h"
#include "read/hive.h"
#include "read/inf.h"
#include "read/preg.h"
#include "read/gptini.h"
#include "util/lines.h"
#include "ndes-audit/logs.h"
#include "read/iisconfig.h"
#include "read/regexport.h"
#include "ndes-audit/util.h"
#include "bundle-priv.h"

/* A hive whose file name says one machine hive while its keys say
 * another hive: the keys decide; the note says so, since the name is what
 * the person who sent the bundle believed. */
static const char *named_as(const char *path)
{
	static const char *const names[] = {"SYSTEM", "SOFTWARE", "SECURITY"};
	const char *base = strrchr(path, '/');
	size_t i, n;

	base = base != NULL ? base + 1 : path;
	n = strcspn(base, ".");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && ascii_ncasecmp(base, names[i], n) == 0)
			return names[i];
	return NULL;
}

static void hive_note(struct artifact *a, enum hive_role role)
{
	static const char *const role_names[] = {
		[HIVE_ROLE_SYSTEM] = "SYSTEM",
		[HIVE_ROLE_SOFTWARE] = "SOFTWARE",
		[HIVE_ROLE_SECURITY] = "SECURITY",
	};
	const char *what = hive_role_description(role), *name = named_as(a->path);
	const char *is = (size_t)role < sizeof(role_names) / sizeof(role_names[0])
				 ? role_names[role] : NULL;

	if (what == NULL)
		return;
	free(a->note);
	if (name != NULL && (is == NULL || strcmp(is, name) != 0))
		a->note = xasprintf("named %s, but holds a %s; not the machine %s hive, so no check "
				    "reads it", name, what, name);
	else
		a->note = xasprintf("%s; context only: no check reads it", what);
}

static void read_hive(struct artifact *a, const struct read_ctx *ctx)
{
	static const enum artifact_kind role_kind[] = {
		[HIVE_ROLE_OTHER] = ART_HIVE_OTHER,
		[HIVE_ROLE_SYSTEM] = ART_HIVE_SYSTEM,
		[HIVE_ROLE_SOFTWARE] = ART_HIVE_SOFTWARE,
		[HIVE_ROLE_SECURITY] = ART_HIVE_SECURITY,
		[HIVE_ROLE_USER] = ART_HIVE_USER,
		[HIVE_ROLE_USER_CLASSES] = ART_HIVE_USER,
		[HIVE_ROLE_USER_SOFTWARE] = ART_HIVE_USER,
		[HIVE_ROLE_SAM] = ART_HIVE_OTHER,
		[HIVE_ROLE_BCD] = ART_HIVE_OTHER,
		[HIVE_ROLE_COMPONENTS] = ART_HIVE_OTHER,
		[HIVE_ROLE_AMCACHE] = ART_HIVE_OTHER,
	};
	struct hive *h = NULL;
	enum hive_role role;
	struct nerr e;

	nerr_clear(&e);
	if (hive_open_fd(ctx->fd, a->path, &h, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = h;
	if (hive_classify(h, &role, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	a->kind = role_kind[role];
	hive_note(a, role);
	if (hive_is_dirty(h)) {
		const struct hive_header *hd = hive_get_header(h);

		artifact_add_warning(a, "dirty hive (sequence numbers %u and %u differ): changes still in "
				     "its transaction logs were not applied, so values may be older than "
				     "the server's", hd->seq_primary, hd->seq_secondary);
	}
	if (hive_is_corrupted(h))
		artifact_add_warning(a, "the hive reader found corrupted structures: some keys or values may "
				     "be missing from what was read");
}

/* A security template: read it, then tell a Group Policy template from a
 * local export by where the file sits (the format is the same). */
static void read_secpol(struct artifact *a, const struct read_ctx *ctx)
{
	struct inf *inf = NULL;
	const char *why = NULL, *warning = NULL;
	char *gpo_id = NULL;
	struct nerr e;

	if (inf_gpo_location(a->path, &gpo_id, &why))
		a->kind = ART_SECPOL_GPO;
	free(gpo_id);
	nerr_clear(&e);
	if (inf_open_fd(ctx->fd, a->path, &inf, &e) != 1) {
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
	return 1;
}

static void read_iis_log(struct artifact *a, const struct read_ctx *ctx)
{
	struct w3c_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, ctx->pull != NULL ? w3c_read_pull(a->path, ctx->pull, ctx->pull_ctx, s, &e)
					    : w3c_read_fd(ctx->fd, a->path, s, NULL, NULL, &e), &e))
		return;
	log_warnings(a, s->before_fields, s->malformed, s->overlong, s->bad_time, s->nul_bytes,
		     s->first_problem_line);
	if (s->fields_without_status)
		artifact_add_warning(a, "%llu #Fields: line(s) lack sc-status, sc-substatus or "
				     "sc-win32-status: outcomes cannot be told apart there",
				     (unsigned long long)s->fields_without_status);
}

static void read_httperr_log(struct artifact *a, const struct read_ctx *ctx)
{
	struct httperr_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, ctx->pull != NULL ? httperr_read_pull(a->path, ctx->pull, ctx->pull_ctx, s, &e)
					    : httperr_read_fd(ctx->fd, a->path, s, NULL, NULL, &e), &e))
		return;
	log_warnings(a, s->before_fields, s->malformed, s->overlong, s->bad_time, s->nul_bytes,
		     s->first_problem_line);
}

static void read_msi_log(struct artifact *a, const struct read_ctx *ctx)
{
	struct msi_summary *s = xmalloc(sizeof(*s));
	struct nerr e;

	nerr_clear(&e);
	if (!adopt(a, s, ctx->pull != NULL ? msi_read_pull(a->path, ctx->pull, ctx->pull_ctx, s, &e)
					    : msi_read_fd(ctx->fd, a->path, s, &e), &e))
		return;
	s->name = artifact_name(a);
	if (s->overlong)
		artifact_add_warning(a, "%llu line(s) longer than %u bytes: only their first bytes "
				     "were searched", (unsigned long long)s->overlong, LR_MAX_LINE);
}

static void read_evtx(struct artifact *a, const struct read_ctx *ctx)
{
	struct evtx_summary *s = xmalloc(sizeof(*s));
	struct nerr e;
	char note[512];

	nerr_clear(&e);
	if (!adopt(a, s, evtx_read_fd(ctx->fd, a->path, s, &e), &e))
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
static void read_iis(struct artifact *a, const struct read_ctx *ctx)
{
	struct iisconf *c = NULL;
	struct nerr e;
	int rc;

	nerr_clear(&e);
	rc = iisconf_read_fd(ctx->fd, a->path, "configuration", &c, &e);
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
	a->kind = c->kind == IISCONF_APPHOST ? ART_IIS_APPHOST : ART_IIS_WEBCONFIG;
}

/* A .reg export: parsed once; which hive(s) it holds comes from its key
 * paths. Problems inside it that did not stop the parse become warnings. */
static void read_regexport(struct artifact *a, const struct read_ctx *ctx)
{
	struct regexport *x = NULL;
	unsigned hives;
	struct nerr e;
	size_t i;

	nerr_clear(&e);
	if (regexport_open_fd(ctx->fd, a->path, &x, &e) != 1) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = x;
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

/* A GPO's registry.pol: parsed once; the note says which GPO and how many
 * values it sets. */
static void read_preg(struct artifact *a, const struct read_ctx *ctx)
{
	struct preg *p = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (preg_read_fd(ctx->fd, a->path, &p, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = p;
	free(a->note);
	a->note = xasprintf("Group Policy registry settings%s%s: %zu entr%s", p->gpo != NULL ? " of GPO " : "",
			    p->gpo != NULL ? p->gpo : "", p->n, p->n == 1 ? "y" : "ies");
}

/* A GPO's GPT.INI: the note names the GPO. */
static void read_gptini(struct artifact *a, const struct read_ctx *ctx)
{
	struct gptini *g = NULL;
	struct nerr e;

	nerr_clear(&e);
	if (gptini_read_fd(ctx->fd, a->path, &g, &e) != 0) {
		artifact_set_error(a, &e);
		return;
	}
	a->handle = g;
	free(a->note);
	a->note = xasprintf("Group Policy object header%s%s: display name %s%s%s",
			    g->gpo != NULL ? " of GPO " : "", g->gpo != NULL ? g->gpo : "",
			    g->display_name != NULL ? "\"" : "", g->display_name != NULL ? g->display_name
									 : "(none)",
			    g->display_name != NULL ? "\"" : "");
}

static const char ctl_note[] =
	"certificate trust list (PKCS#7 with content type 1.3.6.1.4.1.311.10.1, as authroot.stl): "
	"recognised, not read as a certificate store";

/* Certificate files: the reader keeps the elements; the note says which
 * store the file stands for and why, and what it held. */
static void read_certs(struct artifact *a, const struct read_ctx *ctx)
{
	struct certfile *cf = NULL;
	struct strbuf sb;
	struct nerr e;

	if (a->kind == ART_CERT_CTL) { /* recognised by its sniffer: nothing to read */
		a->status = ART_IGNORED;
		a->note = xstrdup(ctl_note);
		return;
	}
	nerr_clear(&e);
	if (certfile_read_fd(ctx->fd, a->path, a->root_len, a->kind, ctx->certopts, &cf, &e) != 0) {
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

/* Where an IIS configuration file sits says what it is to the server
 * (Microsoft's "Configuration History" and "Application Pool Isolation"
 * pages): IIS keeps each earlier configuration in
 * inetpub\history\CFGHISTORY_NNNNNNNNNN, WAS writes each pool's own copy
 * under inetpub\temp\appPools\<pool>, and the server runs
 * inetsrv\config\applicationHost.config. */
enum iis_place { IIS_PLACE_OTHER, IIS_PLACE_LIVE, IIS_PLACE_HISTORY, IIS_PLACE_POOL };

/* 1 when two folders of the path are first then second (second_prefix:
 * second only starts with the given text), ASCII case-insensitive; '/',
 * '\' and the archive separator '!' all separate. */
static int has_folders(const char *path, const char *first, const char *second, int second_prefix)
{
	const char *p = path;
	size_t fl = strlen(first), sl = strlen(second);

	while (*p != '\0') {
		size_t n = strcspn(p, "/\\!"), m;
		const char *next = p + n + (p[n] != '\0');

		m = strcspn(next, "/\\!");
		if (n == fl && ascii_ncasecmp(p, first, fl) == 0 && next[m] != '\0' &&
		    (second_prefix ? m >= sl : m == sl) && ascii_ncasecmp(next, second, sl) == 0)
			return 1;
		p = next;
	}
	return 0;
}

static const char *base_name(const char *path)
{
	const char *b = path + strlen(path);

	while (b > path && b[-1] != '/' && b[-1] != '\\' && b[-1] != '!')
		b--;
	return b;
}

static enum iis_place iis_place(const char *path)
{
	if (has_folders(path, "history", "CFGHISTORY_", 1))
		return IIS_PLACE_HISTORY;
	if (has_folders(path, "temp", "appPools", 0))
		return IIS_PLACE_POOL;
	if (ascii_casecmp(base_name(path), "applicationHost.config") == 0 &&
	    has_folders(path, "inetsrv", "config", 0))
		return IIS_PLACE_LIVE;
	return IIS_PLACE_OTHER;
}

/* An applicationHost.config candidate: one the IIS reader classified as
 * such, or an unreadable IIS file whose place makes it one (an unreadable
 * file elsewhere may as well be a web.config: the facts decide). */
static int apphost_candidate(const struct artifact *a)
{
	if (a->status == ART_IGNORED || a->reader == NULL || a->reader->kind != ART_IIS_CONFIG)
		return 0;
	if (a->kind == ART_IIS_APPHOST)
		return 1;
	return a->kind == ART_IIS_CONFIG && a->status == ART_ERROR &&
	       iis_place(a->path) != IIS_PLACE_OTHER;
}

/* A file set aside as context: listed with its role, never read by a
 * check, never a second server. */
static void set_context(struct artifact *a, const char *role)
{
	const char *was = a->status == ART_ERROR && a->error != NULL ? a->error : NULL;
	char *note = xasprintf("context: %s; not the configuration the server runs, so no check "
			       "reads it%s%s", role, was != NULL ? " (it could not be read anyway: " : "",
			       was != NULL ? was : "");

	if (was != NULL) {
		char *closed = xasprintf("%s)", note);

		free(note);
		note = closed;
	}
	free(a->note);
	a->note = note;
	a->status = ART_IGNORED;
	free(a->error);
	a->error = NULL;
	free(a->detail);
	a->detail = NULL;
	artifact_drop_handle(a);
}

/* Decide which applicationHost.config the server runs (man page, "The
 * live IIS configuration"): history copies and per-pool configs never; of
 * the rest, the file at inetsrv\config\applicationHost.config, else the
 * only one; when several still compete, the first in path order, with a
 * warning naming the others. Every other candidate becomes context. */
static void settle_iis_configs(struct bundle *b)
{
	size_t i, live = b->n, nlive = 0, nctx = 0;
	int by_location = 0;
	struct strbuf rivals;

	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (!apphost_candidate(a))
			continue;
		switch (iis_place(a->path)) {
		case IIS_PLACE_HISTORY:
			set_context(a, "IIS configuration history (inetpub\\history\\CFGHISTORY_...: a copy "
				       "IIS keeps of an earlier applicationHost.config)");
			nctx++;
			break;
		case IIS_PLACE_POOL:
			set_context(a, "application pool configuration (inetpub\\temp\\appPools: the file "
				       "WAS generates for one pool from applicationHost.config)");
			nctx++;
			break;
		case IIS_PLACE_LIVE:
			by_location = 1;
			break;
		default:
			break;
		}
	}
	sb_init(&rivals);
	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (!apphost_candidate(a))
			continue;
		if (by_location && iis_place(a->path) != IIS_PLACE_LIVE) {
			set_context(a, "backup or copy of the IIS configuration (not at "
				       "inetsrv\\config\\applicationHost.config, beside the file that is)");
			nctx++;
			continue;
		}
		if (live == b->n)
			live = i;
		else
			sb_printf(&rivals, "%s%s", rivals.len ? ", " : "", a->path);
		nlive++;
	}
	if (live < b->n && nlive > 1) {
		struct artifact *a = &b->arts[live];

		artifact_add_warning(a, "%zu files compete for the live applicationHost.config; by the "
				     "rule for a tie (the first in path order) this one is read, the "
				     "others are context: %s. A bundle is one server: check that they "
				     "come from the same one", nlive, rivals.s);
		for (i = live + 1; i < b->n; i++)
			if (apphost_candidate(&b->arts[i]))
				set_context(&b->arts[i], "a competing applicationHost.config, not chosen "
							 "(see the warning on the one read)");
		nctx += nlive - 1;
	}
	if (live < b->n && nctx > 0 && b->arts[live].status == ART_OK) {
		free(b->arts[live].note);
		b->arts[live].note = xasprintf(
			"the live IIS configuration, %s; %zu other IIS configuration file%s listed as "
			"context", by_location ? "by its location (inetsrv\\config)"
			: nlive > 1 ? "by the rule for a tie" : "the only candidate",
			nctx, nctx == 1 ? "" : "s");
	}
	sb_free(&rivals);
}

/* The readers, most specific sniffer first: a regf file is a hive
 * whatever else it holds; the HTTPERR sniffer goes before the IIS log's,
 * which takes any W3C log; the certificate sniffer, which reads DER and
 * PEM loosely, goes last. */
static const struct reader_desc readers[] = {
	{ART_HIVE, "hive", hive_sniff, read_hive, hive_close_void, 0},
	/* no open: discovery lists its members (members.c), which the other
	 * readers read */
	{ART_ARCHIVE, "archive", archive_sniff, NULL, NULL, 0},
	{ART_REG, "reg", regexport_sniff, read_regexport, regexport_free_void, 0},
	{ART_GPO_REGPOL, "gpo.registry.pol", preg_sniff, read_preg, preg_free_void, 0},
	{ART_GPO_GPTINI, "gpo.gpt.ini", gptini_sniff, read_gptini, gptini_free_void, 0},
	{ART_EVTX, "evtx", evtx_sniff, read_evtx, free, 0},
	{ART_LOG_HTTPERR, "log.httperr", httperr_sniff, read_httperr_log, free, 1},
	{ART_LOG_IIS, "log.iis", w3c_sniff, read_iis_log, free, 1},
	{ART_LOG_MSI, "log.msi", msi_sniff, read_msi_log, free, 1},
	{ART_IIS_CONFIG, "iis.config", iisconf_sniff, read_iis, iisconf_free_void, 0},
	{ART_SECPOL_EXPORT, "secpol", inf_sniff, read_secpol, inf_free_void, 0},
	{ART_CERT_X509, "cert", certfile_sniff, read_certs, certfile_free_void, 0},
};

const struct reader_desc *reader_sniff(const unsigned char *head, size_t n, enum artifact_kind *kind,
				       const char **note)
{
	size_t i;

	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		*kind = readers[i].sniff(head, n, note);
		if (*kind != ART_UNKNOWN)
			return &readers[i];
	}
	*kind = ART_UNKNOWN;
	return NULL;
}

static void *handle_of(const struct artifact *a, enum artifact_kind reader_kind)
{
	return a->reader != NULL && a->reader->kind == reader_kind ? a->handle : NULL;
}

struct hive *artifact_hive(const struct artifact *a)
{
	return handle_of(a, ART_HIVE);
}

const struct regexport *artifact_regexport(const struct artifact *a)
{
	return handle_of(a, ART_REG);
}

const struct iisconf *artifact_iisconf(const struct artifact *a)
{
	return handle_of(a, ART_IIS_CONFIG);
}

const struct inf *artifact_inf(const struct artifact *a)
{
	return handle_of(a, ART_SECPOL_EXPORT);
}

const struct certfile *artifact_certfile(const struct artifact *a)
{
	return handle_of(a, ART_CERT_X509);
}

const struct w3c_summary *artifact_w3c(const struct artifact *a)
{
	return handle_of(a, ART_LOG_IIS);
}

const struct httperr_summary *artifact_httperr(const struct artifact *a)
{
	return handle_of(a, ART_LOG_HTTPERR);
}

const struct msi_summary *artifact_msi(const struct artifact *a)
{
	return handle_of(a, ART_LOG_MSI);
}

const struct evtx_summary *artifact_evtx(const struct artifact *a)
{
	return handle_of(a, ART_EVTX);
}

const struct preg *artifact_preg(const struct artifact *a)
{
	return handle_of(a, ART_GPO_REGPOL);
}

const struct gptini *artifact_gptini(const struct artifact *a)
{
	return handle_of(a, ART_GPO_GPTINI);
}

void artifact_drop_handle(struct artifact *a)
{
	if (a->handle != NULL && a->reader != NULL && a->reader->free != NULL)
		a->reader->free(a->handle);
	a->handle = NULL;
}

/* An archive member: its bytes wait in an anonymous temporary file, read
 * by its reader as any file is, then let go. */
static void read_spooled(struct artifact *a, struct read_ctx *ctx)
{
	ctx->fd = a->spool_fd;
	if (lseek(a->spool_fd, 0, SEEK_SET) == 0) {
		a->reader->open(a, ctx);
	} else {
		struct nerr e;

		nerr_clear(&e);
		nerr_set(&e, "%s: cannot read the member's temporary copy: %s", a->path, strerror(errno));
		artifact_set_error(a, &e);
	}
	close(a->spool_fd);
	a->spooled = 0;
}

void bundle_read(struct bundle *b)
{
	struct hash_job *hashing = bundle_hash_start(b);
	struct read_ctx ctx = {b->certopts, -1, NULL, NULL};
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];
		struct nerr e;

		if (a->status != ART_OK || a->reader == NULL || a->reader->open == NULL || a->streamed)
			continue;
		if (a->spooled) {
			read_spooled(a, &ctx);
			continue;
		}
		/* One descriptor per file, checked to be the file discovery
		 * sniffed: no reader opens the path again. */
		nerr_clear(&e);
		ctx.fd = bundle_open_input(a->path, a->follow, a->dev, a->ino, &e);
		if (ctx.fd < 0) {
			artifact_set_error(a, &e);
			continue;
		}
		a->reader->open(a, &ctx);
		close(ctx.fd);
	}
	bundle_hash_finish(hashing, b);
	flag_duplicates(b, ART_HIVE_SYSTEM);
	flag_duplicates(b, ART_HIVE_SOFTWARE);
	flag_duplicates(b, ART_HIVE_SECURITY);
	settle_iis_configs(b);
}
