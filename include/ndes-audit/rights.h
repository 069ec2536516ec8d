/* User rights: who holds each privilege and logon right, as every offline
 * source tells it: security templates (secedit exports and Group Policy
 * GptTmpl.inf, [Privilege Rights]) and the SECURITY hive
 * (Policy\Accounts\<SID>\Privilgs and ActSysAc). Each source is kept
 * apart, with provenance, so that checks can report where they disagree.
 * Also: SIDs (binary and text), the privilege LUIDs, the logon-right bits,
 * and a table of well-known principals. */
#ifndef NDES_AUDIT_RIGHTS_H
#define NDES_AUDIT_RIGHTS_H

#include <stddef.h>
#include <stdint.h>

struct facts;
struct pool_identity;

enum rights_origin {
	RIGHTS_EXPORT, /* a security template outside a Group Policy layout (secedit /export) */
	RIGHTS_GPO,    /* a Group Policy object's GptTmpl.inf */
	RIGHTS_HIVE    /* the SECURITY hive: what the server had when it was copied */
};

/* One principal a right is given to. */
struct rights_holder {
	char *as_written;  /* INF: the entry as written (*S-1-5-32-568, IIS_IUSRS); hive: key name */
	char *sid;         /* canonical SID text; NULL for a name that is not well known */
	char *name;        /* readable name (well-known table, or the name as written); may be NULL */
	char *location;    /* hive: Policy\Accounts\<SID>\Privilgs or ...\ActSysAc; INF: NULL */
};

/* One right as one source states it. */
struct rights_assignment {
	char *right;             /* SeImpersonatePrivilege, SeBatchLogonRight, ... */
	struct rights_holder *h;
	size_t nh;               /* 0 = assigned to nobody */
	unsigned line;           /* INF line number; 0 for the hive */
	char *text;              /* INF: the line as written; NULL for the hive */
	unsigned overridden_line; /* INF: an earlier line for the same right that this one replaces */
};

/* SECURITY hive: one Policy\Accounts\<SID> key. */
struct rights_account {
	char *key;               /* the subkey name as stored */
	char *sid;               /* canonical SID; NULL when the name is not a SID */
	int has_privilgs;        /* a Privilgs subkey with a value */
	uint32_t *luids;         /* privilege LUIDs (low parts) from Privilgs */
	uint32_t *luid_high;     /* their high parts (0 for every known privilege) */
	size_t nluids;
	int has_sysaccess;       /* an ActSysAc subkey with a value */
	uint32_t sysaccess;      /* logon-right bits */
	char *problem;           /* why this account's data cannot be trusted; NULL when fine */
};

struct rights_set {
	enum rights_origin origin;
	const char *artifact;     /* path (owned by the bundle); NULL for an unreadable
				   * SECURITY hive that no file could be classified as */
	char *gpo_id;             /* GPO: the {GUID} folder, when the path has one */
	const char *gpo_why;      /* GPO: why the file is taken as a Group Policy template */
	char *error;              /* the source could not be read (nothing else is set) */
	int has_rights;           /* INF: a [Privilege Rights] section; hive: accounts under Policy\Accounts */
	unsigned section_line;    /* INF: line of the [Privilege Rights] header */
	const char *no_rights_why; /* when !has_rights and no error */
	struct rights_assignment *a;
	size_t na;
	struct rights_account *acct; /* hive only, sorted by key name */
	size_t nacct;
};

struct rights_facts {
	struct rights_set *sets;  /* templates in bundle (path) order, then the hive */
	size_t n;
};

/* Limits on what is read from a SECURITY hive. */
#define RIGHTS_MAX_ACCOUNTS 4096
#define RIGHTS_MAX_PRIVILEGES 1024
/* Entries read from one [Privilege Rights] line. */
#define RIGHTS_MAX_HOLDERS 4096

/* Fill f->rights from the bundle's security templates and SECURITY hive,
 * and set the state of the SRC_SECPOL source. Called by facts_build. */
void rights_build(struct facts *f);
void rights_facts_free(struct rights_facts *r);

const char *rights_origin_name(enum rights_origin o);
/* The last assignment of right (case-insensitive) in a source, or NULL. */
const struct rights_assignment *rights_find(const struct rights_set *s, const char *right);
/* The hive account with this SID, or NULL. */
const struct rights_account *rights_account_find(const struct rights_set *s, const char *sid);

/* ---- principals */

/* Someone a check looks for in the rights data. */
struct principal {
	char *display;    /* IIS_IUSRS, IIS APPPOOL\SCEP, CORP\svc-ndes */
	char *sid;        /* canonical SID, NULL when only a name is known */
	char *name;       /* DOMAIN\name or name as it may be written in a template; may be NULL */
	char *bare;       /* the account part alone, matched against bare template entries */
	int builtin;      /* LocalSystem, LocalService, NetworkService */
	/* SIDs of the groups Windows always puts in its token (static,
	 * NULL-terminated; NULL when none are known), and whether they are
	 * all the groups that can give it a right (1 for virtual and built-in
	 * accounts; 0 for a specific user, whose other groups are unknown). */
	const char *const *groups;
	int groups_complete;
};
void principal_free(struct principal *p);
/* IIS_IUSRS (S-1-5-32-568). */
void principal_iis_iusrs(struct principal *p);
/* The account an application pool runs as. 1 resolved; 0 not resolvable
 * (*why says why, a static string). */
int principal_for_pool(const struct pool_identity *pi, struct principal *p, const char **why);
/* Does this holder name principal p? 0 no; 1 by SID; 2 by name; 3 by the
 * bare account name only (a secedit export writes IIS AppPool virtual
 * accounts that way). */
int rights_holder_is(const struct rights_holder *h, const struct principal *p);
/* "IIS_IUSRS (S-1-5-32-568)", "ASPNET", "*S-1-5-21-1-2-3-1105": heap. */
char *rights_holder_display(const struct rights_holder *h);

/* ---- SIDs, privileges, logon rights, well-known principals */

/* Binary SID to text. 0 ok (*out heap); -1 with a static reason. */
int sid_from_binary(const uint8_t *d, size_t n, char **out, const char **why);
/* Text SID (S-1-5-32-568, case-insensitive S) to canonical text; -1 when
 * it is not a SID. */
int sid_canonical(const char *text, char **out);
/* The SID of the IIS application pool identity IIS APPPOOL\<pool>:
 * S-1-5-82- and the SHA-1 of the lower-case pool name in UTF-16LE as five
 * little-endian 32-bit numbers. Heap. Non-ASCII letters are not folded. */
char *apppool_sid(const char *pool);

/* SeXxxPrivilege for a well-known LUID (2..36), NULL otherwise. */
const char *privilege_name(uint32_t luid);
#define SE_IMPERSONATE_LUID 29u

struct logon_right {
	uint32_t bit;
	const char *name;
	int deny;
};
/* The ActSysAc bits with their right names; n receives the count. */
const struct logon_right *logon_rights(size_t *n);

/* Well-known principals: name for a SID ("BUILTIN\IIS_IUSRS") or NULL;
 * SID for a name (with or without its domain: IIS_IUSRS,
 * BUILTIN\IIS_IUSRS, NT AUTHORITY\NETWORK SERVICE) or NULL. */
const char *wellknown_name(const char *sid);
const char *wellknown_sid(const char *name);

#endif
