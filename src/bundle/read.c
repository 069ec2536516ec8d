/* Hand each artifact to its reader, once. Hives are opened here and stay
 * open for the whole run; which hive a file is comes from its keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/certread.h"
#include "ndes-audit/hive.h"
#include "ndes-audit/registry.h"
#include "ndes-audit/util.h"

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
	struct regsrc r = {path, h};
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
	size_t i;

	for (i = 0; i < b->n; i++) {
		struct artifact *a = &b->arts[i];

		if (a->status != ART_OK)
			continue;
		switch (a->kind) {
		case ART_HIVE:
			read_hive(a);
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
	flag_duplicates(b, ART_HIVE_SYSTEM);
	flag_duplicates(b, ART_HIVE_SOFTWARE);
	flag_duplicates(b, ART_HIVE_SECURITY);
}
