/* The user-rights model: [Privilege Rights] of every security template in
 * the bundle and Policy\Accounts of the SECURITY hive, each source kept
 * apart with provenance. Also SID decoding, the privilege LUID table, the
 * logon-right bits and the well-known principals. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SHA-1 for IIS AppPool virtual-account SIDs: a digest, not parsing. */
#include <openssl/evp.h>

#include "ndes-audit/facts.h"
#include "read/inf.h"
#include "ndes-audit/rights.h"
#include "ndes-audit/util.h"

/* ------------------------------------------------------------ tables */

/* Privilege LUIDs (winnt.h SE_*_PRIVILEGE, 2..36). */
static const char *const privilege_names[] = {
	NULL, NULL,
	"SeCreateTokenPrivilege",                    /* 2 */
	"SeAssignPrimaryTokenPrivilege",             /* 3 */
	"SeLockMemoryPrivilege",                     /* 4 */
	"SeIncreaseQuotaPrivilege",                  /* 5 */
	"SeMachineAccountPrivilege",                 /* 6 */
	"SeTcbPrivilege",                            /* 7 */
	"SeSecurityPrivilege",                       /* 8 */
	"SeTakeOwnershipPrivilege",                  /* 9 */
	"SeLoadDriverPrivilege",                     /* 10 */
	"SeSystemProfilePrivilege",                  /* 11 */
	"SeSystemtimePrivilege",                     /* 12 */
	"SeProfileSingleProcessPrivilege",           /* 13 */
	"SeIncreaseBasePriorityPrivilege",           /* 14 */
	"SeCreatePagefilePrivilege",                 /* 15 */
	"SeCreatePermanentPrivilege",                /* 16 */
	"SeBackupPrivilege",                         /* 17 */
	"SeRestorePrivilege",                        /* 18 */
	"SeShutdownPrivilege",                       /* 19 */
	"SeDebugPrivilege",                          /* 20 */
	"SeAuditPrivilege",                          /* 21 */
	"SeSystemEnvironmentPrivilege",              /* 22 */
	"SeChangeNotifyPrivilege",                   /* 23 */
	"SeRemoteShutdownPrivilege",                 /* 24 */
	"SeUndockPrivilege",                         /* 25 */
	"SeSyncAgentPrivilege",                      /* 26 */
	"SeEnableDelegationPrivilege",               /* 27 */
	"SeManageVolumePrivilege",                   /* 28 */
	"SeImpersonatePrivilege",                    /* 29 */
	"SeCreateGlobalPrivilege",                   /* 30 */
	"SeTrustedCredManAccessPrivilege",           /* 31 */
	"SeRelabelPrivilege",                        /* 32 */
	"SeIncreaseWorkingSetPrivilege",             /* 33 */
	"SeTimeZonePrivilege",                       /* 34 */
	"SeCreateSymbolicLinkPrivilege",             /* 35 */
	"SeDelegateSessionUserImpersonatePrivilege", /* 36 */
};

const char *privilege_name(uint32_t luid)
{
	return luid < sizeof(privilege_names) / sizeof(privilege_names[0]) ? privilege_names[luid]
									     : NULL;
}

/* ActSysAc bits (ntlsa.h SECURITY_ACCESS_*_LOGON). 0x20 (proxy logon) is
 * obsolete and has no right name. */
static const struct logon_right logon_table[] = {
	{0x001, "SeInteractiveLogonRight", 0},
	{0x002, "SeNetworkLogonRight", 0},
	{0x004, "SeBatchLogonRight", 0},
	{0x010, "SeServiceLogonRight", 0},
	{0x040, "SeDenyInteractiveLogonRight", 1},
	{0x080, "SeDenyNetworkLogonRight", 1},
	{0x100, "SeDenyBatchLogonRight", 1},
	{0x200, "SeDenyServiceLogonRight", 1},
	{0x400, "SeRemoteInteractiveLogonRight", 0},
	{0x800, "SeDenyRemoteInteractiveLogonRight", 1},
};

const struct logon_right *logon_rights(size_t *n)
{
	*n = sizeof(logon_table) / sizeof(logon_table[0]);
	return logon_table;
}

/* Well-known principals: SID, full name, account part. */
static const struct {
	const char *sid, *full, *account;
} wellknown[] = {
	{"S-1-1-0", "Everyone", "Everyone"},
	{"S-1-5-2", "NT AUTHORITY\\NETWORK", "NETWORK"},
	{"S-1-5-3", "NT AUTHORITY\\BATCH", "BATCH"},
	{"S-1-5-4", "NT AUTHORITY\\INTERACTIVE", "INTERACTIVE"},
	{"S-1-5-6", "NT AUTHORITY\\SERVICE", "SERVICE"},
	{"S-1-5-7", "NT AUTHORITY\\ANONYMOUS LOGON", "ANONYMOUS LOGON"},
	{"S-1-5-9", "NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS",
	 "ENTERPRISE DOMAIN CONTROLLERS"},
	{"S-1-5-11", "NT AUTHORITY\\Authenticated Users", "Authenticated Users"},
	{"S-1-5-17", "NT AUTHORITY\\IUSR", "IUSR"},
	{"S-1-5-18", "NT AUTHORITY\\SYSTEM", "SYSTEM"},
	{"S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE", "LOCAL SERVICE"},
	{"S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE", "NETWORK SERVICE"},
	{"S-1-5-32-544", "BUILTIN\\Administrators", "Administrators"},
	{"S-1-5-32-545", "BUILTIN\\Users", "Users"},
	{"S-1-5-32-546", "BUILTIN\\Guests", "Guests"},
	{"S-1-5-32-547", "BUILTIN\\Power Users", "Power Users"},
	{"S-1-5-32-548", "BUILTIN\\Account Operators", "Account Operators"},
	{"S-1-5-32-549", "BUILTIN\\Server Operators", "Server Operators"},
	{"S-1-5-32-550", "BUILTIN\\Print Operators", "Print Operators"},
	{"S-1-5-32-551", "BUILTIN\\Backup Operators", "Backup Operators"},
	{"S-1-5-32-554", "BUILTIN\\Pre-Windows 2000 Compatible Access",
	 "Pre-Windows 2000 Compatible Access"},
	{"S-1-5-32-555", "BUILTIN\\Remote Desktop Users", "Remote Desktop Users"},
	{"S-1-5-32-559", "BUILTIN\\Performance Log Users", "Performance Log Users"},
	{"S-1-5-32-568", "BUILTIN\\IIS_IUSRS", "IIS_IUSRS"},
	{"S-1-5-80-0", "NT SERVICE\\ALL SERVICES", "ALL SERVICES"},
	{"S-1-5-113", "NT AUTHORITY\\Local account", "Local account"},
	{"S-1-5-114", "NT AUTHORITY\\Local account and member of Administrators group",
	 "Local account and member of Administrators group"},
};
#define NWELLKNOWN (sizeof(wellknown) / sizeof(wellknown[0]))

const char *wellknown_name(const char *sid)
{
	size_t i;

	for (i = 0; i < NWELLKNOWN; i++)
		if (ascii_casecmp(wellknown[i].sid, sid) == 0)
			return wellknown[i].full;
	return NULL;
}

/* By full name (BUILTIN\IIS_IUSRS) or by the account part alone. */
const char *wellknown_sid(const char *name)
{
	size_t i;

	for (i = 0; i < NWELLKNOWN; i++)
		if (ascii_casecmp(name, wellknown[i].full) == 0 ||
		    ascii_casecmp(name, wellknown[i].account) == 0)
			return wellknown[i].sid;
	return NULL;
}

/* ------------------------------------------------------------ SIDs */

static void sid_text(struct strbuf *sb, uint8_t rev, uint64_t auth, const uint32_t *sub, size_t n)
{
	size_t i;

	if (auth >= ((uint64_t)1 << 32))
		sb_printf(sb, "S-%u-0x%012" PRIX64, rev, auth);
	else
		sb_printf(sb, "S-%u-%" PRIu64, rev, auth);
	for (i = 0; i < n; i++)
		sb_printf(sb, "-%" PRIu32, sub[i]);
}

int sid_from_binary(const uint8_t *d, size_t n, char **out, const char **why)
{
	uint32_t sub[15];
	uint64_t auth = 0;
	struct strbuf sb;
	size_t i, count;

	*out = NULL;
	if (n < 8) {
		*why = "shorter than the 8-byte SID header";
		return -1;
	}
	if (d[0] != 1) {
		*why = "SID revision is not 1";
		return -1;
	}
	count = d[1];
	if (count > 15) {
		*why = "more than 15 sub-authorities";
		return -1;
	}
	if (n != 8 + 4 * count) {
		*why = "its length does not match its sub-authority count";
		return -1;
	}
	for (i = 0; i < 6; i++)
		auth = (auth << 8) | d[2 + i];
	for (i = 0; i < count; i++)
		sub[i] = (uint32_t)d[8 + 4 * i] | ((uint32_t)d[9 + 4 * i] << 8) |
			 ((uint32_t)d[10 + 4 * i] << 16) | ((uint32_t)d[11 + 4 * i] << 24);
	sb_init(&sb);
	sid_text(&sb, 1, auth, sub, count);
	*out = sb_take(&sb);
	return 0;
}

/* A decimal number of at most max, digits only. */
static int parse_num(const char **p, uint64_t max, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

int sid_canonical(const char *text, char **out)
{
	const char *p = text;
	uint32_t sub[15];
	uint64_t rev, auth = 0, v;
	size_t n = 0;
	struct strbuf sb;

	*out = NULL;
	if ((p[0] != 'S' && p[0] != 's') || p[1] != '-')
		return -1;
	p += 2;
	if (parse_num(&p, 255, &rev) != 0 || rev != 1 || *p != '-')
		return -1;
	p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		int digits = 0;

		for (p += 2; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
			     (*p >= 'A' && *p <= 'F'); p++, digits++) {
			if (digits == 12)
				return -1;
			auth = auth * 16 + (uint64_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
		}
		if (digits == 0)
			return -1;
	} else if (parse_num(&p, ((uint64_t)1 << 48) - 1, &auth) != 0) {
		return -1;
	}
	while (*p == '-') {
		p++;
		if (n == 15 || parse_num(&p, 0xFFFFFFFFu, &v) != 0)
			return -1;
		sub[n++] = (uint32_t)v;
	}
	if (*p != '\0')
		return -1;
	sb_init(&sb);
	sid_text(&sb, 1, auth, sub, n);
	*out = sb_take(&sb);
	return 0;
}

char *apppool_sid(const char *pool)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t n = strlen(pool), i, j = 0;
	unsigned char *u16 = xmalloc(n * 2 + 2);
	uint32_t sub[5];
	struct strbuf sb;

	/* UTF-8 to UTF-16LE, ASCII letters lower-cased. */
	for (i = 0; i < n;) {
		unsigned char c = (unsigned char)pool[i];
		uint32_t cp;
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4, k;

		if (i + len > n)
			len = n - i;
		cp = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
		for (k = 1; k < len; k++)
			cp = (cp << 6) | ((unsigned char)pool[i + k] & 0x3F);
		i += len;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp >= 0x10000) {
			uint32_t hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);

			u16 = xrealloc(u16, j + 4 + (n - i) * 2 + 2);
			u16[j++] = (unsigned char)hi;
			u16[j++] = (unsigned char)(hi >> 8);
			u16[j++] = (unsigned char)lo;
			u16[j++] = (unsigned char)(lo >> 8);
		} else {
			u16[j++] = (unsigned char)cp;
			u16[j++] = (unsigned char)(cp >> 8);
		}
	}
	if (EVP_Digest(u16, j, md, &mdlen, EVP_sha1(), NULL) != 1 || mdlen != 20)
		memset(md, 0, sizeof(md)); /* cannot happen with a working libcrypto */
	free(u16);
	for (i = 0; i < 5; i++)
		sub[i] = (uint32_t)md[4 * i] | ((uint32_t)md[4 * i + 1] << 8) |
			 ((uint32_t)md[4 * i + 2] << 16) | ((uint32_t)md[4 * i + 3] << 24);
	sb_init(&sb);
	sb_add(&sb, "S-1-5-82");
	for (i = 0; i < 5; i++)
		sb_printf(&sb, "-%" PRIu32, sub[i]);
	return sb_take(&sb);
}

/* ------------------------------------------------------------ principals */

void principal_free(struct principal *p)
{
	free(p->display);
	free(p->sid);
	free(p->name);
	free(p->bare);
	memset(p, 0, sizeof(*p));
}

void principal_iis_iusrs(struct principal *p)
{
	memset(p, 0, sizeof(*p));
	p->display = xstrdup("IIS_IUSRS");
	p->sid = xstrdup("S-1-5-32-568");
	p->name = xstrdup("BUILTIN\\IIS_IUSRS");
	p->bare = xstrdup("IIS_IUSRS");
}

static int type_is(const char *t, const char *name, const char *num)
{
	return ascii_casecmp(t, name) == 0 || strcmp(t, num) == 0;
}

/* Groups in an account's token by Windows rules. An application pool's
 * virtual account is a member of IIS_IUSRS (IIS adds it at run time), Users
 * and Authenticated Users; every token holds Everyone. The built-in
 * service accounts hold Everyone, Users and Authenticated Users, and
 * LocalSystem also Administrators. A specific user holds at least Everyone,
 * Users and Authenticated Users, and groups the bundle cannot show. */
static const char *const apppool_groups[] = {"S-1-5-32-568", "S-1-5-32-545", "S-1-5-11",
					     "S-1-1-0", NULL};
static const char *const service_groups[] = {"S-1-5-32-545", "S-1-5-11", "S-1-1-0", NULL};
static const char *const system_groups[] = {"S-1-5-32-544", "S-1-5-32-545", "S-1-5-11",
					    "S-1-1-0", NULL};

int principal_for_pool(const struct pool_identity *pi, struct principal *p, const char **why)
{
	const char *t = pi->identity_type != NULL ? pi->identity_type : "ApplicationPoolIdentity";
	static const struct {
		const char *type, *num, *sid;
	} builtins[] = {
		{"LocalSystem", "0", "S-1-5-18"},
		{"LocalService", "1", "S-1-5-19"},
		{"NetworkService", "2", "S-1-5-20"},
	};
	size_t i;

	memset(p, 0, sizeof(*p));
	*why = NULL;
	if (!pi->known) {
		*why = "the IIS configuration (applicationHost.config) is not in the bundle, so the "
		       "SCEP application pool's identity is unknown";
		return 0;
	}
	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (type_is(t, builtins[i].type, builtins[i].num)) {
			p->sid = xstrdup(builtins[i].sid);
			p->name = xstrdup(wellknown_name(builtins[i].sid));
			p->display = xstrdup(p->name);
			p->builtin = 1;
			p->groups = i == 0 ? system_groups : service_groups;
			p->groups_complete = 1;
			return 1;
		}
	}
	if (type_is(t, "ApplicationPoolIdentity", "4")) {
		if (pi->pool == NULL || pi->pool[0] == '\0') {
			*why = "the pool runs as its ApplicationPoolIdentity, but the pool has no name";
			return 0;
		}
		p->sid = apppool_sid(pi->pool);
		p->name = xasprintf("IIS APPPOOL\\%s", pi->pool);
		p->display = xstrdup(p->name);
		p->bare = xstrdup(pi->pool);
		p->groups = apppool_groups;
		p->groups_complete = 1;
		return 1;
	}
	if (type_is(t, "SpecificUser", "3")) {
		const char *u = pi->user_name, *bs, *at;
		const char *known;

		if (u == NULL || u[0] == '\0') {
			*why = "the pool runs as a specific user, but its userName is empty";
			return 0;
		}
		p->display = xstrdup(u);
		p->groups = service_groups; /* the groups every user's token holds */
		known = wellknown_sid(u);
		if (known != NULL)
			p->sid = xstrdup(known);
		bs = strrchr(u, '\\');
		at = strchr(u, '@');
		if (bs != NULL) {
			p->name = xstrdup(u);
			p->bare = xstrdup(bs + 1);
		} else if (at != NULL) {
			p->name = xstrdup(u);
			p->bare = xstrndup(u, (size_t)(at - u));
		} else {
			p->bare = xstrdup(u);
		}
		return 1;
	}
	*why = "the pool's identityType is not one IIS defines";
	return 0;
}

int rights_holder_is(const struct rights_holder *h, const struct principal *p)
{
	const char *w = h->as_written;
	/* A hive account and a *SID entry are SIDs; anything else is a name,
	 * even when the well-known table gave it a SID. */
	int by_sid = h->location != NULL || (w != NULL && w[0] == '*');

	if (p->sid != NULL && h->sid != NULL && ascii_casecmp(p->sid, h->sid) == 0)
		return by_sid ? 1 : 2;
	if (w == NULL || by_sid)
		return 0;
	if (p->name != NULL && ascii_casecmp(w, p->name) == 0)
		return 2;
	if (p->bare != NULL && strchr(w, '\\') == NULL && strchr(w, '@') == NULL &&
	    ascii_casecmp(w, p->bare) == 0)
		return 3;
	return 0;
}

char *rights_holder_display(const struct rights_holder *h)
{
	if (h->sid != NULL && h->name != NULL)
		return xasprintf("%s (%s)", h->name, h->sid);
	if (h->sid != NULL)
		return xstrdup(h->sid);
	return xstrdup(h->as_written != NULL ? h->as_written : "?");
}

/* ------------------------------------------------------------ the model */

const char *rights_origin_name(enum rights_origin o)
{
	switch (o) {
	case RIGHTS_EXPORT: return "security template";
	case RIGHTS_GPO: return "Group Policy template";
	case RIGHTS_HIVE: return "SECURITY hive";
	}
	return "?";
}

const struct rights_assignment *rights_find(const struct rights_set *s, const char *right)
{
	size_t i;

	for (i = 0; i < s->na; i++)
		if (ascii_casecmp(s->a[i].right, right) == 0)
			return &s->a[i];
	return NULL;
}

const struct rights_account *rights_account_find(const struct rights_set *s, const char *sid)
{
	size_t i;

	for (i = 0; i < s->nacct; i++)
		if (s->acct[i].sid != NULL && ascii_casecmp(s->acct[i].sid, sid) == 0)
			return &s->acct[i];
	return NULL;
}

static void holder_free(struct rights_holder *h)
{
	free(h->as_written);
	free(h->sid);
	free(h->name);
	free(h->location);
}

static void assignment_clear(struct rights_assignment *a)
{
	size_t i;

	for (i = 0; i < a->nh; i++)
		holder_free(&a->h[i]);
	free(a->h);
	a->h = NULL;
	a->nh = 0;
}

static struct rights_assignment *assignment_get(struct rights_set *s, const char *right)
{
	struct rights_assignment *a;
	size_t i;

	for (i = 0; i < s->na; i++)
		if (ascii_casecmp(s->a[i].right, right) == 0)
			return &s->a[i];
	s->a = xreallocarray(s->a, s->na + 1, sizeof(*s->a));
	a = &s->a[s->na++];
	memset(a, 0, sizeof(*a));
	a->right = xstrdup(right);
	return a;
}

static struct rights_holder *holder_add(struct rights_assignment *a)
{
	struct rights_holder *h;

	a->h = xreallocarray(a->h, a->nh + 1, sizeof(*a->h));
	h = &a->h[a->nh++];
	memset(h, 0, sizeof(*h));
	return h;
}

/* One [Privilege Rights] entry as written: *SID or an account name. */
static void holder_from_token(struct rights_holder *h, const char *tok)
{
	const char *known;

	h->as_written = xstrdup(tok);
	if (tok[0] == '*') {
		if (sid_canonical(tok + 1, &h->sid) == 0 && (known = wellknown_name(h->sid)) != NULL)
			h->name = xstrdup(known);
		return;
	}
	known = wellknown_sid(tok);
	if (known != NULL) {
		h->sid = xstrdup(known);
		h->name = xstrdup(wellknown_name(known));
	} else if (ascii_ncasecmp(tok, "IIS APPPOOL\\", 12) == 0 && tok[12] != '\0') {
		h->sid = apppool_sid(tok + 12);
		h->name = xstrdup(tok);
	} else {
		h->name = xstrdup(tok);
	}
}

static void read_template(struct rights_set *set, const struct inf *inf)
{
	const struct inf_section *sec = inf_section(inf, "Privilege Rights");
	size_t i, j;

	if (sec == NULL) {
		set->no_rights_why = "it has no [Privilege Rights] section";
		return;
	}
	set->has_rights = 1;
	set->section_line = sec->lineno;
	for (i = 0; i < sec->n; i++) {
		const struct inf_line *l = &sec->lines[i];
		struct rights_assignment *a;
		char **items = NULL;
		size_t n;

		if (!l->has_eq || l->key[0] == '\0')
			continue;
		a = assignment_get(set, l->key);
		if (a->line != 0) {
			a->overridden_line = a->line;
			assignment_clear(a);
			free(a->text);
		}
		a->line = l->lineno;
		a->text = xstrdup(l->text);
		n = inf_split_list(l->value, &items, RIGHTS_MAX_HOLDERS);
		for (j = 0; j < n; j++)
			holder_from_token(holder_add(a), items[j]);
		inf_items_free(items, n);
	}
}

static uint32_t le32(const uint8_t *d)
{
	return (uint32_t)d[0] | ((uint32_t)d[1] << 8) | ((uint32_t)d[2] << 16) |
	       ((uint32_t)d[3] << 24);
}

/* The default value of Policy\Accounts\<key>\<attr>: 1 found, 0 absent,
 * -1 error (e set). The LSA keeps each attribute of an account as a
 * subkey whose default value holds the data; the value type is not used. */
static int account_attr(const struct regsrc *r, const char *key, const char *attr,
			struct regval *v, char **loc, struct nerr *e)
{
	int rc;

	*loc = xasprintf("Policy\\Accounts\\%s\\%s", key, attr);
	rc = reg_value(r, *loc, NULL, v, e);
	return rc;
}

static void account_problem(struct rights_account *ac, const char *fmt, ...) NA_PRINTF(2, 3);

static void account_problem(struct rights_account *ac, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	if (ac->problem != NULL)
		return; /* the first problem is the one reported */
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	ac->problem = xstrdup(buf);
}

static void read_account(const struct regsrc *r, struct rights_account *ac)
{
	struct regval v;
	struct nerr e;
	char *loc = NULL;
	int rc;

	if (sid_canonical(ac->key, &ac->sid) != 0) {
		account_problem(ac, "%s: key Policy\\Accounts\\%s: the key name is not a SID",
				r->artifact, ac->key);
		return;
	}
	/* Privilgs: PRIVILEGE_SET = count, control, count x (LUID low, LUID high, attributes). */
	nerr_clear(&e);
	rc = account_attr(r, ac->key, "Privilgs", &v, &loc, &e);
	if (rc == -1) {
		account_problem(ac, "%s", e.msg);
	} else if (rc == 1) {
		uint32_t count;
		size_t i;

		ac->has_privilgs = 1;
		if (v.size < 8) {
			account_problem(ac, "%s: %s: %zu bytes, shorter than the 8-byte header (count, "
					"control)", r->artifact, loc, v.size);
		} else if ((count = le32(v.data)) > RIGHTS_MAX_PRIVILEGES) {
			account_problem(ac, "%s: %s: declares %" PRIu32 " privileges; more than %d is "
					"not a privilege set", r->artifact, loc, count, RIGHTS_MAX_PRIVILEGES);
		} else if ((v.size - 8) / 12 < count) {
			account_problem(ac, "%s: %s: declares %" PRIu32 " privileges (%zu bytes) but "
					"holds %zu bytes: the value is cut short", r->artifact, loc,
					count, (size_t)8 + (size_t)count * 12, v.size);
		} else {
			ac->luids = xcalloc(count ? count : 1, sizeof(*ac->luids));
			ac->luid_high = xcalloc(count ? count : 1, sizeof(*ac->luid_high));
			for (i = 0; i < count; i++) {
				ac->luids[i] = le32(v.data + 8 + 12 * i);
				ac->luid_high[i] = le32(v.data + 12 + 12 * i);
			}
			ac->nluids = count;
		}
		regval_free(&v);
	}
	free(loc);
	loc = NULL;
	/* ActSysAc: the logon-right bits, one 32-bit number. */
	nerr_clear(&e);
	rc = account_attr(r, ac->key, "ActSysAc", &v, &loc, &e);
	if (rc == -1) {
		account_problem(ac, "%s", e.msg);
	} else if (rc == 1) {
		if (v.size != 4)
			account_problem(ac, "%s: %s: %zu bytes; the logon-right bits are 4", r->artifact,
					loc, v.size);
		else {
			ac->has_sysaccess = 1;
			ac->sysaccess = le32(v.data);
		}
		regval_free(&v);
	}
	free(loc);
	loc = NULL;
	/* Sid: the account's SID in binary; it must agree with the key name. */
	nerr_clear(&e);
	rc = account_attr(r, ac->key, "Sid", &v, &loc, &e);
	if (rc == -1) {
		account_problem(ac, "%s", e.msg);
	} else if (rc == 1) {
		char *bin = NULL;
		const char *why = NULL;

		if (sid_from_binary(v.data, v.size, &bin, &why) != 0)
			account_problem(ac, "%s: %s: not a SID (%s)", r->artifact, loc, why);
		else if (ascii_casecmp(bin, ac->sid) != 0)
			account_problem(ac, "%s: %s holds %s, but the key is named %s: the account "
					"cannot be told", r->artifact, loc, bin, ac->key);
		free(bin);
		regval_free(&v);
	}
	free(loc);
}

/* The hive's accounts, turned into the same per-right view as a template. */
static void hive_assignments(struct rights_set *set)
{
	size_t nlr, i, j;
	const struct logon_right *lr = logon_rights(&nlr);

	for (i = 0; i < set->nacct; i++) {
		const struct rights_account *ac = &set->acct[i];
		const char *known;

		if (ac->problem != NULL)
			continue;
		known = wellknown_name(ac->sid);
		for (j = 0; j < ac->nluids; j++) {
			const char *pn = ac->luid_high[j] == 0 ? privilege_name(ac->luids[j]) : NULL;
			char unknown[48];
			struct rights_holder *h;

			if (pn == NULL) {
				snprintf(unknown, sizeof(unknown), "LUID %" PRIu32 ":%" PRIu32,
					 ac->luid_high[j], ac->luids[j]);
				pn = unknown;
			}
			h = holder_add(assignment_get(set, pn));
			h->as_written = xstrdup(ac->key);
			h->sid = xstrdup(ac->sid);
			h->name = known != NULL ? xstrdup(known) : NULL;
			h->location = xasprintf("Policy\\Accounts\\%s\\Privilgs", ac->key);
		}
		for (j = 0; ac->has_sysaccess && j < nlr; j++) {
			struct rights_holder *h;

			if (!(ac->sysaccess & lr[j].bit))
				continue;
			h = holder_add(assignment_get(set, lr[j].name));
			h->as_written = xstrdup(ac->key);
			h->sid = xstrdup(ac->sid);
			h->name = known != NULL ? xstrdup(known) : NULL;
			h->location = xasprintf("Policy\\Accounts\\%s\\ActSysAc", ac->key);
		}
	}
}

static void read_hive(struct rights_set *set, const struct regsrc *r)
{
	struct strlist keys = {0};
	struct nerr e;
	size_t i;
	int rc;

	nerr_clear(&e);
	rc = reg_subkeys(r, "Policy\\Accounts", &keys, &e);
	if (rc == -1) {
		set->error = xstrdup(e.msg);
		return;
	}
	if (rc == 0) {
		set->no_rights_why = "it has no Policy\\Accounts key";
		return;
	}
	if (keys.n == 0) {
		set->no_rights_why = "its Policy\\Accounts key holds no accounts";
		strlist_free(&keys);
		return;
	}
	if (keys.n > RIGHTS_MAX_ACCOUNTS) {
		set->error = xasprintf("%s: Policy\\Accounts holds %zu accounts; more than %d are not "
				       "read", r->artifact, keys.n, RIGHTS_MAX_ACCOUNTS);
		strlist_free(&keys);
		return;
	}
	set->has_rights = 1;
	set->acct = xcalloc(keys.n, sizeof(*set->acct));
	for (i = 0; i < keys.n; i++) {
		set->acct[i].key = xstrdup(keys.v[i]);
		read_account(r, &set->acct[i]);
	}
	set->nacct = keys.n;
	strlist_free(&keys);
	hive_assignments(set);
}

static struct rights_set *set_add(struct rights_facts *rf, enum rights_origin o, const char *art)
{
	struct rights_set *s;

	rf->sets = xreallocarray(rf->sets, rf->n + 1, sizeof(*rf->sets));
	s = &rf->sets[rf->n++];
	memset(s, 0, sizeof(*s));
	s->origin = o;
	s->artifact = art;
	return s;
}

void rights_build(struct facts *f)
{
	const struct bundle *b = f->bundle;
	struct source *src = &f->src[SRC_SECPOL];
	struct strbuf errors;
	size_t i, ok = 0, bad = 0;

	sb_init(&errors);
	for (i = 0; b != NULL && i < b->n; i++) {
		const struct artifact *a = &b->arts[i];
		struct rights_set *s;

		if (a->kind != ART_SECPOL_EXPORT && a->kind != ART_SECPOL_GPO)
			continue;
		if (a->status == ART_IGNORED)
			continue;
		s = set_add(&f->rights, a->kind == ART_SECPOL_GPO ? RIGHTS_GPO : RIGHTS_EXPORT,
			    a->path);
		if (s->origin == RIGHTS_GPO) {
			inf_gpo_location(a->path, &s->gpo_id, &s->gpo_why);
			if (s->gpo_id != NULL && gpo_display_name(b, s->gpo_id) != NULL) {
				char *named = xasprintf("%s (%s)", s->gpo_id,
							gpo_display_name(b, s->gpo_id));

				free(s->gpo_id);
				s->gpo_id = named;
			}
			if (s->gpo_why == NULL)
				s->gpo_why = "the reader took it for a Group Policy template";
		}
		if (a->status == ART_ERROR || artifact_inf(a) == NULL) {
			s->error = xstrdup(a->error != NULL ? a->error : a->path);
			sb_printf(&errors, "%s%s", errors.len ? "; " : "", s->error);
			bad++;
			continue;
		}
		read_template(s, artifact_inf(a));
		ok++;
	}
	if (ok > 0) {
		src->state = SOURCE_OK;
	} else if (bad > 0) {
		src->state = SOURCE_ERROR;
		free(src->error);
		src->error = xstrdup(errors.s);
	}
	sb_free(&errors);
	if (f->src[SRC_SECURITY].state == SOURCE_OK) {
		read_hive(set_add(&f->rights, RIGHTS_HIVE, f->src[SRC_SECURITY].reg.artifact),
			  &f->src[SRC_SECURITY].reg);
	} else if (f->src[SRC_SECURITY].state == SOURCE_ERROR) {
		/* Unreadable: a source that cannot say what it holds. */
		const char *path = NULL;
		struct rights_set *s;

		for (i = 0; b != NULL && i < b->n && path == NULL; i++)
			if (b->arts[i].kind == ART_HIVE_SECURITY && b->arts[i].status == ART_ERROR)
				path = b->arts[i].path;
		s = set_add(&f->rights, RIGHTS_HIVE, path); /* NULL: no file was classified as it */
		s->error = xstrdup(f->src[SRC_SECURITY].error);
	}
}

void rights_facts_free(struct rights_facts *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct rights_set *s = &r->sets[i];

		for (j = 0; j < s->na; j++) {
			assignment_clear(&s->a[j]);
			free(s->a[j].right);
			free(s->a[j].text);
		}
		free(s->a);
		for (j = 0; j < s->nacct; j++) {
			free(s->acct[j].key);
			free(s->acct[j].sid);
			free(s->acct[j].luids);
			free(s->acct[j].luid_high);
			free(s->acct[j].problem);
		}
		free(s->acct);
		free(s->gpo_id);
		free(s->error);
	}
	free(r->sets);
	r->sets = NULL;
	r->n = 0;
}
