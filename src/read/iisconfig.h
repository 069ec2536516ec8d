/* The IIS configuration reader. src/read/iisconfig.c is the only file that
 * includes libxml2: it parses a file into the small element tree below and
 * no libxml2 type leaves it. Returns follow the project's convention:
 * 1 found / 0 absent / -1 error. */
#ifndef NDES_AUDIT_IISCONFIG_H
#define NDES_AUDIT_IISCONFIG_H

#include <stddef.h>

#include "ndes-audit/bundle.h"
#include "ndes-audit/err.h"
#include "ndes-audit/secret.h"

/* Limits on what the reader accepts from a file. A real applicationHost.config
 * is well under 1 MiB with a few thousand elements nested about ten deep. */
#define IISCONF_MAX_BYTES (32u * 1024u * 1024u)
#define IISCONF_MAX_DEPTH 64
#define IISCONF_MAX_ELEMENTS 200000
#define IISCONF_MAX_ATTRS 400000
/* Attributes on one element. IIS 10's IIS_schema.xml gives no element more
 * than 17 (system.webServer/asp); the configuration system adds a handful
 * of its own (lockAttributes, lockElements, configSource, xmlns...). libxml2
 * 2.9 spends time quadratic in the attribute count of one start tag (its
 * duplicate check, then the tree builder), so a larger count is refused by a
 * scan of the bytes before libxml2 reads them. */
#define IISCONF_MAX_ELEMENT_ATTRS 256

/* An attribute. A secret (an encrypted "[enc:PROVIDER:...:enc]" value, a
 * non-empty password attribute, or a provider's protected sessionKey) is
 * never stored: value is NULL, and only the fact that it is set and its
 * provider are kept. */

struct xattr {
	char *name;
	char *value;            /* NULL when secret != XSECRET_NONE */
	enum xattr_secret secret;
	char *provider;         /* XSECRET_ENCRYPTED: the provider name, "" if malformed */
};

/* An element: comments, text and processing instructions are dropped. */
struct xnode {
	char *name;             /* local name, as written */
	long line;              /* line of the start tag (xmlGetLineNo) */
	struct xattr *attrs;
	size_t nattrs;
	struct xnode **kids;
	size_t nkids;
	struct xnode *parent;
};

enum iisconf_kind {
	IISCONF_UNKNOWN,        /* <configuration> with no IIS section */
	IISCONF_APPHOST,        /* has <system.applicationHost> */
	IISCONF_WEBCONFIG       /* has <system.webServer>, no <system.applicationHost> */
};

struct iisconf {
	char *path;             /* the artifact path, for evidence */
	struct xnode *root;     /* the document element */
	enum iisconf_kind kind;
	size_t nelements;
	size_t nsecrets;        /* attributes whose value was withheld */
};

/* Parse a file: no network, no DTD loading, no entity expansion; a DOCTYPE
 * that declares entities or names an external DTD is refused, as are files
 * above IISCONF_MAX_BYTES and trees past the limits above. Errors name the
 * file and, where the parser gives one, the line. Returns 1, or -1 with e
 * set. root_name, when not NULL, is the document element the caller wants
 * ("configuration"): with another one the file is not of this kind, and 0
 * comes back with e saying what it is. */
int iisconf_read(const char *path, const char *root_name, struct iisconf **out, struct nerr *e);
/* The same for the file open on fd (path names it; fd < 0: open path,
 * never following a link). fd stays the caller's. */
int iisconf_read_fd(int fd, const char *path, const char *root_name, struct iisconf **out,
		    struct nerr *e);

/* Discovery's sniffer: ART_IIS_CONFIG when the document element of the
 * head (at most IISCONF_SNIFF_HEAD characters are looked at) is
 * <configuration>, else ART_UNKNOWN. */
#define IISCONF_SNIFF_HEAD 4096
enum artifact_kind iisconf_sniff(const unsigned char *head, size_t n, const char **note);
/* The same parse on bytes in memory (tests, fuzzers); name stands for the
 * file in errors and in path. The buffer need not end in NUL. */
int iisconf_parse(const char *name, const unsigned char *buf, size_t len, const char *root_name,
		  struct iisconf **out, struct nerr *e);
void iisconf_free(struct iisconf *c);
/* libxml2's version at run time ("20914" for 2.9.14). */
const char *iisconf_library_version(void);
void iisconf_free_void(void *c);
const char *iisconf_kind_name(enum iisconf_kind k);

/* Tree helpers; names compare case-sensitively, as IIS does for element
 * and attribute names. */
const struct xattr *xnode_attr(const struct xnode *n, const char *name);
/* The attribute's value, or NULL when absent or secret. */
const char *xnode_value(const struct xnode *n, const char *name);
/* The first / last child element with this name, or NULL. */
const struct xnode *xnode_child(const struct xnode *n, const char *name);
const struct xnode *xnode_last_child(const struct xnode *n, const char *name);
/* Follow a '/'-separated path of child names ("system.webServer/security"),
 * taking the last match at each step. */
const struct xnode *xnode_path(const struct xnode *n, const char *path);

/* "[enc:Provider:...:enc]": 1 and the provider name (heap) when s has that
 * shape, else 0. */
int iis_enc_value(const char *s, char **provider);

#endif
