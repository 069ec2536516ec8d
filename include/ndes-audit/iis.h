/* The IIS model: sites, applications, pools, section declarations and
 * <location> blocks of applicationHost.config (plus the web.config files
 * the bundle shows belong to an application), and the resolver that gives
 * the EFFECTIVE value of a setting at a URL as IIS computes it:
 *
 *   IIS schema default -> <system.webServer> at server level and
 *   <location path=""> -> <location path="SITE"> -> each deeper
 *   <location path="SITE/..."> -> web.config of each application on the way
 *   (only for sections delegated to it)
 *
 * Paths compare case-insensitively with a trailing '/' ignored; collections
 * merge <add>/<remove>/<clear> in that order; inheritInChildApplications and
 * overrideMode/allowOverride/overrideModeDefault are honoured. Every value
 * knows the file and line that set it, or that it is the schema default.
 * Secrets never enter the model (see src/read/iisconfig.h). */
#ifndef NDES_AUDIT_IIS_H
#define NDES_AUDIT_IIS_H

#include <stddef.h>
#include <stdio.h>

#include "bundle.h"
#include "secret.h"

/* The XML reader's document and nodes: the model points at them for the
 * facts layer, and checks never look inside (iis_item_attr, iis_item_line). */
struct iisconf;
struct xnode;

struct bundle;
struct facts;

/* A default taken from the IIS 10 schema (IIS_schema.xml) into the code. */
struct iis_default {
	const char *section;   /* "system.webServer/security/requestFiltering" */
	const char *element;   /* "requestLimits"; "" = the section element itself */
	const char *attr;
	const char *value;
	int schema_line;       /* line of the attribute in IIS 10 IIS_schema.xml */
};
extern const struct iis_default iis_schema_defaults[];
extern const size_t iis_schema_ndefaults;
const struct iis_default *iis_schema_default(const char *section, const char *element,
					     const char *attr);

/* Where a value came from. */
struct iis_origin {
	const char *artifact;  /* the file; NULL for a schema default */
	long line;             /* line of the element that carries the attribute */
	const char *location;  /* <location path="..."> it sits in, NULL outside any */
	const struct iis_default *def; /* non-NULL: nobody set it, this is the default */
};

struct iis_value {
	const char *value;     /* NULL: not set anywhere and no schema default */
	enum xattr_secret secret; /* value withheld; provider says who encrypted it */
	const char *provider;
	struct iis_origin from;
};

/* Render an origin for evidence and --dump-facts: "line 412,
 * <location path="Default Web Site/CertSrv/mscep">" or "schema default
 * (IIS 10 IIS_schema.xml line 1322)". Heap string. */
char *iis_origin_text(const struct iis_origin *o);
/* A printable value: the text, "(not set)", or for a secret "(encrypted
 * with PROVIDER; not shown)" / "(set in clear text; not shown)". Heap. */
char *iis_value_text(const struct iis_value *v);

struct iis_binding {
	const char *protocol;
	const char *info;      /* bindingInformation, e.g. "*:443:" */
	long line;
};

struct iis_vdir {
	const char *path;
	const char *physical_path;
	long line;
};

struct iis_webconfig;

struct iis_app {
	const char *path;      /* "/CertSrv/mscep" as written */
	long line;
	struct iis_value pool; /* applicationPool, or the applicationDefaults' */
	struct iis_vdir *vdirs;
	size_t nvdirs;
	const char *physical_path; /* of the root virtual directory, NULL if none */
	size_t site;           /* index of its site */
	const struct iis_webconfig **wcs; /* web.config files placed here */
	size_t nwcs;
};

struct iis_site {
	const char *name;
	const char *id_text;   /* as written, NULL when absent */
	long id;               /* -1 when absent or not a number */
	long line;
	const struct xnode *node;
	struct iis_binding *bindings;
	size_t nbindings;
	struct iis_app *apps;
	size_t napps;
};

struct iis_pool {
	const char *name;
	long line;
	const struct xnode *node;
	/* Effective: the pool's own attribute, then applicationPoolDefaults,
	 * then the schema default. */
	struct iis_value auto_start, start_mode, identity_type, user_name, password;
};

struct iis_decl {
	char *section;         /* full name, "system.webServer/security/access" */
	const char *override_mode_default; /* NULL = not written (Allow) */
	const char *allow_definition;      /* NULL = Everywhere */
	long line;
};

struct iis_location {
	const char *path;      /* as written */
	char *norm;            /* trimmed, no trailing '/', "." -> "" */
	const char *override_mode;   /* overrideMode, NULL when absent */
	const char *allow_override;  /* legacy allowOverride, NULL when absent */
	int inherit;           /* inheritInChildApplications: 0 only for "false" */
	long line;
	const struct xnode *node;
};

struct iis_provider {
	const char *name;
	long line;
};

/* A secret attribute somewhere in the configuration: only where it is,
 * whether it is encrypted and by which provider. */
struct iis_secret {
	const char *artifact;
	long line;
	char *element;         /* e.g. "applicationPools/add[SCEP]/processModel" */
	const char *attr;
	enum xattr_secret kind;
	const char *provider;
};

/* A web.config the bundle places in an application's folder. doc is NULL
 * when the file could not be read (error says why). */
struct iis_webconfig {
	const char *artifact;
	const struct iisconf *doc;
	const char *error;
	struct iis_location *locs;
	size_t nlocs;
};

/* One entry of a server-level collection: an <add> that stands after the
 * <remove> and <clear> items of the top level of applicationHost.config
 * and of <location path="">. Attributes as written, NULL when absent. */
struct iis_entry {
	const char *key;       /* the collection key: name, or path (isapiCgiRestriction) */
	const char *image;     /* globalModules: the DLL */
	const char *type;      /* modules, handlers: the managed type */
	const char *path;      /* handlers: the request path ("*.svc") */
	const char *script_processor; /* handlers */
	const char *precondition;
	const char *allowed;   /* isapiCgiRestriction */
	const char *location;  /* <location path> it sits in, NULL at the top level */
	long line;
};

struct iis_list {
	struct iis_entry *v;
	size_t n;
	long line;             /* line of the last section element that applied; 0: none */
};

struct iis_model {
	const struct iisconf *doc;
	const char *artifact;
	struct iis_decl *decls;
	size_t ndecls;
	struct iis_location *locs;   /* every apphost <location>, document order */
	size_t nlocs;
	struct iis_site *sites;
	size_t nsites;
	struct iis_pool *pools;
	size_t npools;
	struct iis_provider *providers;
	size_t nproviders;
	struct iis_secret *secrets;
	size_t nsecrets;
	struct iis_webconfig *wcs;
	size_t nwcs;
	const struct xnode *pool_defaults; /* applicationPoolDefaults */
	const struct xnode *site_defaults; /* sites/siteDefaults */
	const struct xnode *app_defaults;  /* sites/applicationDefaults */
	const struct xnode *log;           /* system.applicationHost/log */
	int has_sites_element;
	/* What the server level installs and enables (the role services
	 * show here): system.webServer/globalModules, modules, handlers and
	 * security/isapiCgiRestriction. */
	struct iis_list global_modules, modules, handlers, isapi_cgi;

	/* What the checks look at; NULL / -1 when absent. */
	const struct iis_site *ndes_site;
	const struct iis_app *ndes_app;       /* /CertSrv/mscep */
	const struct iis_app *admin_app;      /* /CertSrv/mscep_admin, in the NDES site */
	const struct iis_site *crp_site;
	const struct iis_app *crp_app;        /* .../CertificateRegistrationSvc */
	char *ndes_url;                       /* "Default Web Site/CertSrv/mscep" */
	char *admin_url;
	char *crp_url;
	size_t ndes_sites;                    /* how many sites host /CertSrv/mscep */
};

#define IIS_NDES_APP "/CertSrv/mscep"
#define IIS_ADMIN_APP "/CertSrv/mscep_admin"
#define IIS_CRP_APP "CertificateRegistrationSvc"

/* Build the model from a parsed applicationHost.config and the bundle's
 * web.config files. The model points into doc and the bundle: both must
 * outlive it. */
struct iis_model *iis_model_build(const struct iisconf *doc, const struct bundle *b);
void iis_model_free(struct iis_model *m);

/* 1 when the file at artifact_path sits in the folder physical_path, by
 * its last segments (at least two, or all when the folder has fewer). */
int iis_in_folder(const char *artifact_path, const char *physical_path);

/* "Default Web Site/CertSrv/mscep/" -> "Default Web Site/CertSrv/mscep". */
char *iis_path_norm(const char *path);
/* 1 when location path loc (normalised) covers url (normalised). */
int iis_path_covers(const char *loc, const char *url);

const struct iis_site *iis_site_by_name(const struct iis_model *m, const char *name);
const struct iis_site *iis_site_by_id(const struct iis_model *m, long id);
const struct iis_pool *iis_pool_by_name(const struct iis_model *m, const char *name);
/* The application of a site that owns a path ("/CertSrv/mscep/x"): the
 * longest application path that is a prefix. */
const struct iis_app *iis_app_of(const struct iis_site *s, const char *path);
const struct iis_decl *iis_decl_find(const struct iis_model *m, const char *section);

/* The effective value of one attribute at a URL ("SITE/path").
 * problem explains what makes the value uncertain or the URL broken: a
 * web.config on the way that could not be read (unreadable = 1: the value
 * is not known), or one that sets a section IIS does not let it set
 * (IIS then answers HTTP 500.19 there). Returns 1, or 0 when the URL's
 * site does not exist. */
struct iis_eff {
	struct iis_value v;
	int unreadable;
	char problem[768];
};
int iis_resolve(const struct iis_model *m, const char *url, const char *section,
		const char *element, const char *attr, struct iis_eff *out);

/* 1 when a web.config that applies at the URL sets any declared section IIS
 * does not let it set there (IIS then answers HTTP 500.19 for every request
 * under it), with problem saying which; else 0. */
int iis_refusal(const struct iis_model *m, const char *url, char *problem, size_t psize);

/* The effective items of a collection (<add>, with <remove> and <clear>
 * applied in order) of a section element at a URL. */
struct iis_item {
	const struct xnode *node;
	const char *artifact;
	const char *location;
};
struct iis_coll {
	struct iis_item *items;
	size_t n;
	int unreadable;
	char problem[768];
	long clear_line;       /* last <clear/> that applied, 0 if none */
	const char *clear_artifact;
};
int iis_resolve_coll(const struct iis_model *m, const char *url, const char *section,
		     const char *element, const char *key_attr, struct iis_coll *out);
void iis_coll_free(struct iis_coll *c);
/* An item's attribute as written (NULL when absent) and its line: what
 * checks read of an item, so they need not know the XML reader's nodes. */
const char *iis_item_attr(const struct iis_item *it, const char *name);
long iis_item_line(const struct iis_item *it);

/* Bool and number parsing as IIS reads configuration text. 1 ok, 0 not. */
int iis_parse_bool(const char *s, int *out);
int iis_parse_uint(const char *s, unsigned long *out);
/* 1 when a flags value ("Date, Time, HttpStatus") has this flag. */
int iis_has_flag(const char *flags, const char *flag);

/* Logging of a site as IIS applies it: central mode from <log>, else the
 * site's <logFile>, then siteDefaults, then the schema. */
struct iis_logging {
	struct iis_value mode;      /* centralLogFileMode: Site, CentralW3C, CentralBinary */
	struct iis_value format;    /* logFormat (site mode) */
	struct iis_value enabled;
	struct iis_value flags;     /* logExtFileFlags */
	struct iis_value target;    /* logTargetW3C (site mode) */
	struct iis_value directory;
};
void iis_site_logging(const struct iis_model *m, const struct iis_site *s,
		      struct iis_logging *out);

/* Fill f->scep_pool and f->iis from the SRC_IIS source (facts.c calls it),
 * and set aside, with a note on the artifact, each web.config that belongs
 * to no application of it (or shares its folder with another). */
void iis_facts_build(struct facts *f, struct bundle *b);

/* --dump-facts: the effective settings at the NDES URL and the
 * CertificateRegistrationSvc URL, each with where it came from, as
 * `sshd -T` prints sshd's. Returns 0 when an applicationHost.config was
 * dumped, 3 when the bundle has no readable one (said on out). */
int iis_dump_facts(FILE *out, const struct facts *f);

#endif
