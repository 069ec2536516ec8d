/* User-rights checks: rights.impersonate.iis_iusrs and
 * rights.scep_pool_account.logon, from security templates (secedit
 * exports, GPO GptTmpl.inf) and the SECURITY hive.
 *
 * Each source makes its own statement (pass, fail, warn, na, error, or
 * nothing: a GPO that does not define a right says nothing about it). When
 * all statements agree the check reports one result with the evidence of
 * every source; when they disagree it reports one result per source,
 * each saying what the others say: the hive is what the server had when it
 * was copied, a template is what was exported or is meant to be applied. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "ndes-audit/util.h"

#define ST_NONE ST__COUNT /* this source makes no statement */
#define MAX_EV 3

struct stmt {
	const struct rights_set *set;
	enum status st;
	char *claim;                 /* what this source says, one clause */
	struct evidence ev[MAX_EV];  /* artifact, location, value (not owned: set by ev_add) */
	size_t nev;
};

static void ev_add(struct stmt *s, const char *location, const char *value)
{
	if (s->nev == MAX_EV)
		return;
	s->ev[s->nev].artifact = (char *)s->set->artifact;
	s->ev[s->nev].location = location != NULL ? xstrdup(location) : NULL;
	s->ev[s->nev].value = value != NULL ? xstrdup(value) : NULL;
	s->nev++;
}

static void stmt_set(struct stmt *s, enum status st, const char *fmt, ...) NA_PRINTF(3, 4);

static void stmt_set(struct stmt *s, enum status st, const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->st = st;
	free(s->claim);
	s->claim = xstrdup(buf);
}

static void stmt_free(struct stmt *s)
{
	size_t i;

	for (i = 0; i < s->nev; i++) {
		free(s->ev[i].location);
		free(s->ev[i].value);
	}
	free(s->claim);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* "the security template secpol.inf", "the Group Policy template of GPO
 * {GUID}", "the SECURITY hive". Heap. */
static char *set_label(const struct rights_set *s)
{
	switch (s->origin) {
	case RIGHTS_EXPORT:
		return xasprintf("the security template %s", base_name(s->artifact));
	case RIGHTS_GPO:
		return s->gpo_id != NULL ? xasprintf("the Group Policy template of GPO %s", s->gpo_id)
					 : xasprintf("the Group Policy template %s", s->artifact);
	case RIGHTS_HIVE:
		return xstrdup("the SECURITY hive");
	}
	return xstrdup("?");
}

/* Say in the evidence which kind of template this is. */
static void ev_origin(struct stmt *s)
{
	char *v;

	if (s->set->origin == RIGHTS_GPO) {
		v = s->set->gpo_id != NULL
			    ? xasprintf("Group Policy template of GPO %s (%s): change the GPO, not local "
					"policy", s->set->gpo_id, s->set->gpo_why)
			    : xasprintf("Group Policy template (%s): change the GPO, not local policy",
					s->set->gpo_why);
		ev_add(s, "origin", v);
		free(v);
	} else if (s->set->origin == RIGHTS_EXPORT) {
		ev_add(s, "origin", "local security template (secedit export), not in a Group Policy "
		       "layout");
	}
}

static char *line_loc(const struct rights_assignment *a)
{
	return a->overridden_line != 0
		       ? xasprintf("[Privilege Rights] line %u (overrides line %u)", a->line,
				   a->overridden_line)
		       : xasprintf("[Privilege Rights] line %u", a->line);
}

/* "A (S-1), B (S-2)" for every holder, or "nobody". Heap. */
static char *holders_text(const struct rights_assignment *a)
{
	struct strbuf sb;
	size_t i;

	if (a == NULL || a->nh == 0)
		return xstrdup("nobody");
	sb_init(&sb);
	for (i = 0; i < a->nh; i++) {
		char *d = rights_holder_display(&a->h[i]);

		sb_printf(&sb, "%s%s", i ? ", " : "", d);
		free(d);
	}
	return sb_take(&sb);
}

/* The holder of a that names p, and how (rights_holder_is), or NULL. */
static const struct rights_holder *holder_of(const struct rights_assignment *a,
					     const struct principal *p, int *how)
{
	size_t i;

	*how = 0;
	for (i = 0; a != NULL && i < a->nh; i++)
		if ((*how = rights_holder_is(&a->h[i], p)) != 0)
			return &a->h[i];
	return NULL;
}

static const char *how_text(int how)
{
	return how == 1 ? "by SID" : how == 2 ? "by name" : "by its bare account name";
}

/* ------------------------------------------------------------ combining */

/* Capitalise the first letter of a message built from a claim. */
static void capital(char *s)
{
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
}

static void add_evidence(struct result *r, const struct stmt *s)
{
	size_t i;

	for (i = 0; i < s->nev; i++)
		result_add_evidence(r, s->ev[i].artifact, s->ev[i].location, s->ev[i].value);
}

/* Remediation for the failing statements: a GPO must be changed in the
 * GPO; local policy locally. Returns NULL to keep the table's text. */
static char *fix_text(const struct stmt *st, size_t n, enum status which, const char *gpo_fix,
		      const char *local_fix)
{
	struct strbuf gpos;
	size_t i;
	int local = 0;
	char *out = NULL;

	sb_init(&gpos);
	for (i = 0; i < n; i++) {
		if (st[i].st != which)
			continue;
		if (st[i].set->origin == RIGHTS_GPO)
			sb_printf(&gpos, "%s%s", gpos.len ? ", " : "",
				  st[i].set->gpo_id != NULL ? st[i].set->gpo_id : st[i].set->artifact);
		else
			local = 1;
	}
	if (gpos.len)
		out = xasprintf("Change the GPO, not local policy (Group Policy reapplies it at every "
				"refresh): GPO %s. %s%s%s", gpos.s, gpo_fix, local ? " " : "",
				local ? local_fix : "");
	sb_free(&gpos);
	return out;
}

/* How to word and fix a right's results (see report). */
struct wording {
	const char *target, *lead, *symptom, *gpo_fix, *local_fix;
};

/* Set the remediation of r from the statements that gave its status. */
static void set_fix(struct result *r, const struct stmt *st, size_t n, const struct wording *w)
{
	char *fix = r->remediation != NULL ? fix_text(st, n, r->status, w->gpo_fix, w->local_fix)
					   : NULL;

	if (fix != NULL)
		result_set_remediation(r, "%s", fix);
	free(fix);
}

/* No source says anything: one ne result naming every source's claim. */
static void report_unsaid(struct emitter *em, const struct stmt *st, size_t n,
			  const struct wording *w)
{
	struct strbuf msg;
	struct result *r;
	size_t i;

	sb_init(&msg);
	sb_printf(&msg, "not evaluated: no source in the bundle says %s", w->lead);
	for (i = 0; i < n; i++)
		sb_printf(&msg, "%s%s", i ? "; " : ": ", st[i].claim);
	r = emit(em, ST_NE, w->target, "%s", msg.s);
	for (i = 0; i < n; i++)
		add_evidence(r, &st[i]);
	sb_free(&msg);
}

/* Every source that says something says the same: one result. */
static void report_agreed(struct emitter *em, const struct stmt *st, size_t n, size_t first,
			  const struct wording *w)
{
	struct strbuf msg;
	struct result *r;
	size_t i;

	sb_init(&msg);
	for (i = 0; i < n; i++)
		if (st[i].st != ST_NONE)
			sb_printf(&msg, "%s%s", msg.len ? "; " : "", st[i].claim);
	if (st[first].st == ST_FAIL && w->symptom != NULL)
		sb_printf(&msg, ". %s", w->symptom);
	capital(msg.s);
	r = emit(em, st[first].st, w->target, "%s", msg.s);
	for (i = 0; i < n; i++)
		if (st[i].st != ST_NONE)
			add_evidence(r, &st[i]);
	set_fix(r, st, n, w);
	sb_free(&msg);
}

/* The sources disagree: one result for source i, naming what the others
 * say and which could not be read. */
static void report_source(struct emitter *em, const struct stmt *st, size_t n, size_t i,
			  const struct wording *w)
{
	struct strbuf msg, others, unread;
	struct result *r;
	char *t;
	size_t j;

	sb_init(&others);
	sb_init(&unread);
	for (j = 0; j < n; j++) {
		if (j == i || st[j].st == ST_NONE || st[j].st == st[i].st)
			continue;
		if (st[j].st == ST_ERROR) {
			char *label = set_label(st[j].set);

			sb_printf(&unread, "%s%s", unread.len ? ", " : "", label);
			free(label);
		} else {
			sb_printf(&others, "%s%s", others.len ? "; " : "", st[j].claim);
		}
	}
	sb_init(&msg);
	sb_add(&msg, st[i].claim);
	if (st[i].st == ST_FAIL && w->symptom != NULL)
		sb_printf(&msg, ". %s", w->symptom);
	if (others.len && st[i].st == ST_ERROR)
		sb_printf(&msg, ". The other sources say: %s", others.s);
	else if (others.len)
		sb_printf(&msg, ". The sources disagree: %s. The SECURITY hive is what the "
			  "server had when it was copied; a template is what was exported or "
			  "is meant to be applied, and a GPO's template wins at the next "
			  "policy refresh", others.s);
	if (unread.len)
		sb_printf(&msg, ". Not read, see its own result: %s", unread.s);
	capital(msg.s);
	t = xasprintf("%s in %s", w->target,
		      st[i].set->artifact != NULL ? st[i].set->artifact : "the SECURITY hive");
	r = emit(em, st[i].st, t, "%s", msg.s);
	add_evidence(r, &st[i]);
	set_fix(r, &st[i], 1, w);
	free(t);
	sb_free(&msg);
	sb_free(&others);
	sb_free(&unread);
}

/* Report the statements: one result when every source that says something
 * says the same, else one result per source. lead completes "no source
 * says ..." for the ne result when no source says anything. */
static void report(struct emitter *em, struct stmt *st, size_t n, const char *target,
		   const char *lead, const char *symptom, const char *gpo_fix,
		   const char *local_fix)
{
	const struct wording w = {target, lead, symptom, gpo_fix, local_fix};
	size_t i, said = 0, first = n;
	int agree = 1;

	for (i = 0; i < n; i++) {
		if (st[i].st == ST_NONE)
			continue;
		said++;
		if (first == n)
			first = i;
		else if (st[i].st != st[first].st)
			agree = 0;
	}
	if (said == 0)
		report_unsaid(em, st, n, &w);
	else if (agree)
		report_agreed(em, st, n, first, &w);
	else
		for (i = 0; i < n; i++)
			if (st[i].st != ST_NONE)
				report_source(em, st, n, i, &w);
}

/* A source that could not be read. */
static int stmt_error(struct stmt *s, const char *label)
{
	if (s->set->error == NULL)
		return 0;
	stmt_set(s, ST_ERROR, "%s could not be read: %s", label, s->set->error);
	ev_add(s, NULL, NULL);
	return 1;
}

/* ------------------------------------------------------------ impersonate */

#define IMPERSONATE "SeImpersonatePrivilege"

static void impersonate_template(struct stmt *s, const char *label, const struct principal *iis)
{
	const struct rights_set *set = s->set;
	const struct rights_assignment *a = rights_find(set, IMPERSONATE);
	const struct rights_holder *h;
	char *loc, *holders;
	int how;

	if (!set->has_rights) {
		stmt_set(s, ST_NONE, "%s says nothing about it: %s", label, set->no_rights_why);
		ev_add(s, NULL, "(no [Privilege Rights] section)");
		return;
	}
	if (a == NULL) {
		char *sec = xasprintf("[Privilege Rights] (line %u)", set->section_line);

		if (set->origin == RIGHTS_GPO) {
			stmt_set(s, ST_NONE, "%s does not define %s", label, IMPERSONATE);
		} else {
			stmt_set(s, ST_FAIL, "%s has no %s line in [Privilege Rights], so no account "
				 "holds the right (secedit leaves out rights that nobody holds), "
				 "IIS_IUSRS included", label, IMPERSONATE);
		}
		ev_add(s, sec, "(no " IMPERSONATE " line)");
		ev_origin(s);
		free(sec);
		return;
	}
	loc = line_loc(a);
	holders = holders_text(a);
	h = holder_of(a, iis, &how);
	if (h != NULL)
		stmt_set(s, ST_PASS, "%s gives %s to IIS_IUSRS, written %s (%s, line %u)", label,
			 IMPERSONATE, h->as_written, how_text(how), a->line);
	else if (a->nh == 0)
		stmt_set(s, ST_FAIL, "%s assigns %s to nobody (line %u is empty after '='), so "
			 "IIS_IUSRS lacks it", label, IMPERSONATE, a->line);
	else
		stmt_set(s, ST_FAIL, "%s gives %s to %s, but not to IIS_IUSRS (S-1-5-32-568) "
			 "(line %u)", label, IMPERSONATE, holders, a->line);
	ev_add(s, loc, a->text);
	ev_origin(s);
	free(loc);
	free(holders);
}

static void impersonate_hive(struct stmt *s, const char *label, const struct principal *iis)
{
	const struct rights_set *set = s->set;
	const struct rights_account *ac;
	const struct rights_assignment *a = rights_find(set, IMPERSONATE);
	char *holders, *loc;
	size_t i;

	if (!set->has_rights) {
		stmt_set(s, ST_NONE, "%s holds no user-rights assignments: %s", label,
			 set->no_rights_why);
		ev_add(s, "Policy\\Accounts", "(no accounts)");
		return;
	}
	ac = rights_account_find(set, iis->sid);
	loc = xasprintf("Policy\\Accounts\\%s\\Privilgs", iis->sid);
	holders = holders_text(a);
	if (ac != NULL && ac->problem != NULL) {
		stmt_set(s, ST_ERROR, "%s: the account entry of IIS_IUSRS cannot be read: %s", label,
			 ac->problem);
		ev_add(s, loc, NULL);
	} else if (ac == NULL) {
		char *acc = xasprintf("Policy\\Accounts\\%s", iis->sid);

		stmt_set(s, ST_FAIL, "%s has no account entry for IIS_IUSRS (%s), so it holds no "
			 "privilege; %s is held by %s", label, acc, IMPERSONATE, holders);
		ev_add(s, acc, "(absent)");
		free(acc);
	} else {
		struct strbuf names;
		int has = 0;

		sb_init(&names);
		for (i = 0; i < ac->nluids; i++) {
			const char *pn = ac->luid_high[i] == 0 ? privilege_name(ac->luids[i]) : NULL;

			if (ac->luid_high[i] == 0 && ac->luids[i] == SE_IMPERSONATE_LUID)
				has = 1;
			if (pn != NULL)
				sb_printf(&names, "%s%s", names.len ? ", " : "", pn);
			else
				sb_printf(&names, "%sLUID %u:%u", names.len ? ", " : "",
					  ac->luid_high[i], ac->luids[i]);
		}
		if (has)
			stmt_set(s, ST_PASS, "%s gives IIS_IUSRS %s (LUID %u in %s)", label, IMPERSONATE,
				 SE_IMPERSONATE_LUID, loc);
		else if (!ac->has_privilgs)
			stmt_set(s, ST_FAIL, "%s: IIS_IUSRS holds no privilege at all (no %s); %s is "
				 "held by %s", label, loc, IMPERSONATE, holders);
		else
			stmt_set(s, ST_FAIL, "%s: IIS_IUSRS holds %s, but not %s (LUID %u); it is "
				 "held by %s", label, names.len ? names.s : "no privilege",
				 IMPERSONATE, SE_IMPERSONATE_LUID, holders);
		ev_add(s, loc, ac->has_privilgs ? (names.len ? names.s : "(no privileges)")
						: "(absent)");
		sb_free(&names);
	}
	free(loc);
	free(holders);
}

void check_rights_impersonate_iis_iusrs(const struct facts *f, struct emitter *em)
{
	const struct rights_facts *rf = &f->rights;
	struct stmt *st = xcalloc(rf->n ? rf->n : 1, sizeof(*st));
	struct principal iis;
	size_t i;

	principal_iis_iusrs(&iis);
	for (i = 0; i < rf->n; i++) {
		char *label = set_label(&rf->sets[i]);

		st[i].set = &rf->sets[i];
		if (!stmt_error(&st[i], label)) {
			if (rf->sets[i].origin == RIGHTS_HIVE)
				impersonate_hive(&st[i], label, &iis);
			else
				impersonate_template(&st[i], label, &iis);
		}
		free(label);
	}
	report(em, st, rf->n, IMPERSONATE, "who holds " IMPERSONATE,
	       "mscep.dll then answers HTTP 500 with sc-win32-status 1346 (the impersonation level "
	       "is not granted)",
	       "In Group Policy Management, edit it: Computer Configuration, Policies, Windows "
	       "Settings, Security Settings, Local Policies, User Rights Assignment, \"Impersonate a "
	       "client after authentication\": add IIS_IUSRS (*S-1-5-32-568) to the accounts it "
	       "lists, or keep the NDES server out of that GPO's scope. Then run gpupdate /force on "
	       "the server and restart it.",
	       "For local policy: secpol.msc, Local Policies, User Rights Assignment, \"Impersonate "
	       "a client after authentication\", add IIS_IUSRS, then restart the server.");
	for (i = 0; i < rf->n; i++)
		stmt_free(&st[i]);
	free(st);
	principal_free(&iis);
}

/* ------------------------------------------------------------ pool logon */

static int is_allow_logon(const char *right)
{
	return ascii_casecmp(right, "SeBatchLogonRight") == 0 ||
	       ascii_casecmp(right, "SeServiceLogonRight") == 0;
}

static int is_hard_deny(const char *right)
{
	return ascii_casecmp(right, "SeDenyBatchLogonRight") == 0 ||
	       ascii_casecmp(right, "SeDenyServiceLogonRight") == 0;
}

static int is_deny(const char *right)
{
	return ascii_ncasecmp(right, "SeDeny", 6) == 0;
}

/* "0x00000014: SeBatchLogonRight, SeServiceLogonRight". Heap. */
static char *sysaccess_text(uint32_t bits)
{
	size_t n, i;
	const struct logon_right *lr = logon_rights(&n);
	struct strbuf sb;

	int first = 1;

	sb_init(&sb);
	sb_printf(&sb, "0x%08x", bits);
	for (i = 0; i < n; i++) {
		if (bits & lr[i].bit) {
			sb_printf(&sb, "%s%s", first ? ": " : ", ", lr[i].name);
			first = 0;
		}
	}
	return sb_take(&sb);
}

/* What a source says about p's logon rights. */
/* The logon-related rights a source gives or denies one principal. */
struct logon_scan {
	struct strbuf allow, hard, soft, other;  /* rights by kind */
	const struct rights_assignment *w_hard, *w_allow, *w_soft, *w_other;
	int how;                                 /* how the best allow right names it */
	int defines_allow;                       /* allow-logon rights the source defines */
	const struct rights_assignment *batch;   /* the source's SeBatchLogonRight, or NULL */
	/* Through a group of its token: the right and the group's holder. */
	struct strbuf g_allow, g_hard;
	const struct rights_assignment *w_g_allow, *w_g_hard;
};

/* The holder of a that is one of the groups in p's token, or NULL. */
static const struct rights_holder *group_holder(const struct rights_assignment *a,
						const struct principal *p)
{
	size_t i, g;

	for (i = 0; p->groups != NULL && i < a->nh; i++)
		for (g = 0; a->h[i].sid != NULL && p->groups[g] != NULL; g++)
			if (ascii_casecmp(a->h[i].sid, p->groups[g]) == 0)
				return &a->h[i];
	return NULL;
}

/* "IIS_IUSRS (S-1-5-32-568), Users (S-1-5-32-545), ...": heap. */
static char *groups_text(const struct principal *p)
{
	struct strbuf sb;
	size_t g;

	sb_init(&sb);
	for (g = 0; p->groups != NULL && p->groups[g] != NULL; g++) {
		const char *n = wellknown_name(p->groups[g]);

		sb_printf(&sb, "%s%s (%s)", g ? ", " : "", n != NULL ? n : "?", p->groups[g]);
	}
	if (sb.s == NULL)
		sb_add(&sb, "none");
	return sb_take(&sb);
}

/* "SeBatchLogonRight (Everyone)": one right reached through a group. */
static void list_group_right(struct strbuf *sb, const struct rights_assignment *a,
			     const struct rights_holder *h, const struct rights_assignment **first)
{
	char *d = rights_holder_display(h);

	sb_printf(sb, "%s%s (through %s)", sb->len ? ", " : "", a->right, d);
	free(d);
	if (*first == NULL)
		*first = a;
}

/* A hive source that cannot say anything about p: 1 with s set. */
static int logon_unsaid(struct stmt *s, const char *label, const struct principal *p)
{
	const struct rights_set *set = s->set;
	const struct rights_account *ac;

	if (!set->has_rights) {
		stmt_set(s, ST_NONE, "%s holds no user-rights assignments: %s", label,
			 set->no_rights_why);
		ev_add(s, NULL, NULL);
		return 1;
	}
	if (set->origin != RIGHTS_HIVE)
		return 0;
	if (p->sid == NULL) {
		stmt_set(s, ST_NONE, "%s names accounts by SID only, and %s is known here only "
			 "by name", label, p->display);
		ev_add(s, "Policy\\Accounts", NULL);
		return 1;
	}
	ac = rights_account_find(set, p->sid);
	if (ac != NULL && ac->problem != NULL) {
		char *acc = xasprintf("Policy\\Accounts\\%s", ac->key);

		stmt_set(s, ST_ERROR, "%s: the account entry of %s cannot be read: %s", label,
			 p->display, ac->problem);
		ev_add(s, acc, NULL);
		free(acc);
		return 1;
	}
	return 0;
}

static void list_right(struct strbuf *sb, const struct rights_assignment *a,
		       const struct rights_assignment **first)
{
	sb_printf(sb, "%s%s", sb->len ? ", " : "", a->right);
	if (*first == NULL)
		*first = a;
}

static void logon_scan_rights(const struct rights_set *set, const struct principal *p,
			      struct logon_scan *sc)
{
	size_t i;

	memset(sc, 0, sizeof(*sc));
	sb_init(&sc->allow);
	sb_init(&sc->hard);
	sb_init(&sc->soft);
	sb_init(&sc->other);
	sb_init(&sc->g_allow);
	sb_init(&sc->g_hard);
	for (i = 0; i < set->na; i++) {
		const struct rights_assignment *a = &set->a[i];
		const struct rights_holder *gh;
		int h;

		if (is_allow_logon(a->right))
			sc->defines_allow++;
		if (ascii_casecmp(a->right, "SeBatchLogonRight") == 0)
			sc->batch = a;
		if (holder_of(a, p, &h) == NULL) {
			gh = group_holder(a, p);
			if (gh != NULL && is_allow_logon(a->right))
				list_group_right(&sc->g_allow, a, gh, &sc->w_g_allow);
			else if (gh != NULL && is_hard_deny(a->right))
				list_group_right(&sc->g_hard, a, gh, &sc->w_g_hard);
			continue;
		}
		if (is_allow_logon(a->right)) {
			list_right(&sc->allow, a, &sc->w_allow);
			if (sc->how == 0 || h < sc->how)
				sc->how = h;
		} else if (is_hard_deny(a->right)) {
			list_right(&sc->hard, a, &sc->w_hard);
		} else if (is_deny(a->right)) {
			list_right(&sc->soft, a, &sc->w_soft);
		} else {
			list_right(&sc->other, a, &sc->w_other);
		}
	}
}

static void logon_scan_free(struct logon_scan *sc)
{
	sb_free(&sc->allow);
	sb_free(&sc->hard);
	sb_free(&sc->soft);
	sb_free(&sc->other);
	sb_free(&sc->g_allow);
	sb_free(&sc->g_hard);
}

/* An account whose groups Windows rules fix completely, named neither
 * itself nor through a group by any allow-logon right: the right is
 * missing. A local template or the hive is the whole local policy (a right
 * it does not list is held by nobody); a GPO decides only when it defines
 * SeBatchLogonRight, the right IIS logs application pools on with (it
 * replaces the local list). 1 with s set; 0 when the source does not say. */
static int logon_missing(struct stmt *s, const char *label, const struct principal *p,
			 const struct logon_scan *sc)
{
	const struct rights_assignment *service;
	char *groups, *holders, *sholders;

	if (s->set->origin == RIGHTS_GPO && sc->batch == NULL)
		return 0;
	groups = groups_text(p);
	holders = holders_text(sc->batch);
	service = rights_find(s->set, "SeServiceLogonRight");
	sholders = service != NULL ? holders_text(service) : NULL;
	stmt_set(s, ST_FAIL, "%s gives %s neither SeBatchLogonRight nor SeServiceLogonRight, "
		 "itself or through a group its token holds (%s): SeBatchLogonRight names %s%s%s",
		 label, p->display, groups, holders, sholders != NULL ? "; SeServiceLogonRight names "
		 : "", sholders != NULL ? sholders : "");
	free(groups);
	free(holders);
	free(sholders);
	return 1;
}

/* The verdict of one source; where is the line that decides (or NULL). */
static void logon_verdict(struct stmt *s, const char *label, const struct principal *p,
			  const struct logon_scan *sc, const struct rights_assignment *where)
{
	const struct rights_set *set = s->set;

	if (sc->hard.len) {
		stmt_set(s, ST_FAIL, "%s names %s in %s, so Windows refuses the logon the worker "
			 "process needs", label, p->display, sc->hard.s);
	} else if (sc->g_hard.len) {
		stmt_set(s, ST_FAIL, "%s denies %s a logon right through a group its token always "
			 "holds: %s, so Windows refuses the logon the worker process needs", label,
			 p->display, sc->g_hard.s);
	} else if (p->builtin) {
		stmt_set(s, ST_NA, "%s names no SeDenyBatchLogonRight or SeDenyServiceLogonRight for "
			 "the built-in %s; logon rights are a question for specific accounts and "
			 "application pool identities", label, p->display);
	} else if (sc->allow.len && sc->soft.len) {
		stmt_set(s, ST_WARN, "%s gives %s %s, and also names it in %s: a deny right the "
			 "worker process does not use, but check that it is meant", label, p->display,
			 sc->allow.s, sc->soft.s);
	} else if (sc->allow.len) {
		stmt_set(s, ST_PASS, "%s gives %s %s (%s)", label, p->display, sc->allow.s,
			 how_text(sc->how));
	} else if (sc->g_allow.len) {
		stmt_set(s, ST_PASS, "%s gives %s %s, a group its token always holds", label,
			 p->display, sc->g_allow.s);
	} else if (p->groups_complete && logon_missing(s, label, p, sc)) {
		/* decided: logon_missing set the statement */
	} else if (where == NULL) {
		stmt_set(s, ST_NONE, "%s does not name %s (it may hold its logon right through a "
			 "group, which the bundle cannot show)", label, p->display);
	} else if (set->origin == RIGHTS_GPO && sc->defines_allow < 2) {
		stmt_set(s, ST_NONE, "%s names %s (in %s) but does not define both "
			 "SeBatchLogonRight and SeServiceLogonRight", label, p->display,
			 sc->soft.len ? sc->soft.s : sc->other.s);
	} else {
		stmt_set(s, ST_FAIL, "%s names %s (in %s) but gives it neither SeBatchLogonRight nor "
			 "SeServiceLogonRight", label, p->display, sc->soft.len ? sc->soft.s : sc->other.s);
	}
}

/* The evidence: the deciding line (or account value), else "not named". */
static void logon_evidence(struct stmt *s, const struct principal *p,
			   const struct rights_assignment *where)
{
	const struct rights_set *set = s->set;
	int how_where = 0;

	if (where == NULL) {
		ev_add(s, set->origin == RIGHTS_HIVE ? "Policy\\Accounts" : "[Privilege Rights]",
		       "(not named)");
	} else if (set->origin == RIGHTS_HIVE) {
		const struct rights_account *ac = rights_account_find(set, p->sid);
		const struct rights_holder *h = holder_of(where, p, &how_where);
		const char *loc;

		if (h == NULL) {
			/* Through a group, or a right that names others only. */
			char *v = holders_text(where), *w = xasprintf("%s: %s", where->right, v);

			h = group_holder(where, p);
			ev_add(s, h != NULL ? h->location : "Policy\\Accounts", w);
			free(w);
			free(v);
			return;
		}
		loc = h->location;
		if (ac != NULL && ascii_casesuffix(loc, "\\ActSysAc")) {
			char *v = sysaccess_text(ac->sysaccess);

			ev_add(s, loc, v);
			free(v);
		} else {
			ev_add(s, loc, where->right);
		}
	} else {
		char *loc = line_loc(where);

		ev_add(s, loc, where->text);
		ev_origin(s);
		free(loc);
	}
}

static void logon_stmt(struct stmt *s, const char *label, const struct principal *p)
{
	const struct rights_assignment *where;
	struct logon_scan sc;

	if (logon_unsaid(s, label, p))
		return;
	logon_scan_rights(s->set, p, &sc);
	/* The line that decides, for the evidence. */
	where = sc.w_hard != NULL ? sc.w_hard : sc.w_allow != NULL ? sc.w_allow
		: sc.w_soft != NULL ? sc.w_soft : sc.w_other;
	logon_verdict(s, label, p, &sc, where);
	/* A right reached through a group, or the batch right that lacks the
	 * account, is the evidence when the account itself is not named. */
	if (sc.w_hard == NULL && sc.w_g_hard != NULL)
		where = sc.w_g_hard;
	else if (where == NULL && sc.w_g_allow != NULL)
		where = sc.w_g_allow;
	else if (where == NULL && s->st == ST_FAIL)
		where = sc.batch;
	logon_evidence(s, p, where);
	logon_scan_free(&sc);
}

void check_rights_scep_pool_account_logon(const struct facts *f, struct emitter *em)
{
	const struct rights_facts *rf = &f->rights;
	struct principal p;
	struct stmt *st;
	const char *why = NULL;
	size_t i;

	if (!principal_for_pool(&f->scep_pool, &p, &why)) {
		struct result *r = emit(em, ST_NE, "SCEP application pool", "not evaluated: %s", why);

		if (f->scep_pool.known)
			result_add_evidence(r, f->scep_pool.artifact, f->scep_pool.location,
					    f->scep_pool.identity_type);
		principal_free(&p);
		return;
	}
	st = xcalloc(rf->n ? rf->n : 1, sizeof(*st));
	for (i = 0; i < rf->n; i++) {
		char *label = set_label(&rf->sets[i]);

		st[i].set = &rf->sets[i];
		if (!stmt_error(&st[i], label))
			logon_stmt(&st[i], label, &p);
		free(label);
	}
	{
		char *lead = xasprintf("which logon rights %s (%s%s%s) holds", p.display,
				       p.sid != NULL ? p.sid : "SID unknown",
				       f->scep_pool.pool != NULL ? ", identity of pool " : "",
				       f->scep_pool.pool != NULL ? f->scep_pool.pool : "");

		report(em, st, rf->n, p.display, lead,
		       "The SCEP application pool cannot start its worker process (HTTP 503; WAS "
		       "logs the logon failure)",
		       "In Group Policy Management, edit it: User Rights Assignment, \"Log on as a "
		       "batch job\" must include the pool's account, and \"Deny log on "
		       "as a batch job\" / \"Deny log on as a service\" must not name it. Then run "
		       "gpupdate /force and restart the application pool.",
		       "For local policy: secpol.msc, User Rights Assignment: add the account to "
		       "\"Log on as a batch job\" and remove it from the Deny rights, then restart "
		       "the application pool.");
		free(lead);
	}
	for (i = 0; i < rf->n; i++)
		stmt_free(&st[i]);
	free(st);
	principal_free(&p);
}
