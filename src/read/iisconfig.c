/* The IIS configuration reader: the only file that includes libxml2.
 *
 * libxml2 pulls the file through a reader of ours that stops at
 * IISCONF_MAX_BYTES (a larger file is refused before parsing starts), with
 * XML_PARSE_NONET and without XML_PARSE_NOENT or XML_PARSE_DTDLOAD: no
 * network, no external DTD, no entity substitution. Whitespace-only text
 * is dropped (XML_PARSE_NOBLANKS) to keep the tree small.
 * On top of that, SAX hooks installed on this parser context only (never
 * libxml2's global handlers):
 *   - entityDecl stops the parse at the first entity declaration, before
 *     any reference to it could be expanded (billion laughs, XXE);
 *   - internalSubset stops it at a DOCTYPE that names an external DTD;
 *   - startElementNs/endElementNs count elements, attributes and depth and
 *     stop at the limits in iisconfig.h, then call libxml2's own builders;
 *   - serror collects the first and last parser errors with their lines,
 *     so libxml2 never writes to stderr.
 * A stopped parse still hands back a document, so the hooks' own verdict
 * decides, not libxml2's. The libxml2 tree is then copied into struct xnode
 * and freed; secrets are withheld during that copy. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "ndes-audit/iisconfig.h"
#include "ndes-audit/util.h"

struct parse_state {
	xmlParserCtxtPtr ctxt;
	char stop[512];        /* why a hook stopped the parse */
	char first[512];       /* first parser error */
	char last[512];        /* last parser error, when it differs */
	int first_line, last_line;
	int depth;
	size_t elements, attrs;
};

static long ctxt_line(xmlParserCtxtPtr c)
{
	return c != NULL && c->input != NULL ? (long)c->input->line : 0;
}

static void clean_message(char *dst, size_t size, const char *msg)
{
	size_t i, j = 0;

	for (i = 0; msg != NULL && msg[i] != '\0' && j + 1 < size; i++) {
		unsigned char ch = (unsigned char)msg[i];

		if (ch == '\n' || ch == '\r' || ch == '\t')
			ch = ' ';
		if (ch < 0x20 || ch == 0x7f)
			continue;
		dst[j++] = (char)ch;
	}
	while (j > 0 && dst[j - 1] == ' ')
		j--;
	dst[j] = '\0';
}

static void on_error(void *ud, xmlErrorPtr err)
{
	xmlParserCtxtPtr c = ud;
	struct parse_state *s = c != NULL ? c->_private : NULL;
	char msg[512];

	if (s == NULL || err == NULL || err->level < XML_ERR_ERROR)
		return;
	clean_message(msg, sizeof(msg), err->message);
	if (s->first[0] == '\0') {
		snprintf(s->first, sizeof(s->first), "%s", msg);
		s->first_line = err->line;
	} else {
		snprintf(s->last, sizeof(s->last), "%s", msg);
		s->last_line = err->line;
	}
}

static void stop(struct parse_state *s, const char *why)
{
	if (s->stop[0] == '\0')
		snprintf(s->stop, sizeof(s->stop), "%s", why);
	xmlStopParser(s->ctxt);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *pub,
			   const xmlChar *sys, xmlChar *content)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *s = c->_private;
	char buf[512], clean[128];

	(void)type;
	(void)pub;
	(void)content;
	clean_message(clean, sizeof(clean), (const char *)name);
	snprintf(buf, sizeof(buf),
		 "line %ld: the DOCTYPE declares entities (first: \"%s\"%s); IIS configuration never "
		 "does, and entities are refused rather than expanded",
		 ctxt_line(c), clean, sys != NULL ? ", an external entity" : "");
	stop(s, buf);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
			       const xmlChar *sys_id)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *s = c->_private;
	char buf[512];

	if (ext_id != NULL || sys_id != NULL) {
		snprintf(buf, sizeof(buf),
			 "line %ld: the DOCTYPE names an external DTD; IIS configuration never does, "
			 "and it is not loaded", ctxt_line(c));
		stop(s, buf);
		return;
	}
	xmlSAX2InternalSubset(ctx, name, ext_id, sys_id);
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		     int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *s = c->_private;
	char buf[256];

	s->depth++;
	s->elements++;
	s->attrs += nb_attributes > 0 ? (size_t)nb_attributes : 0;
	if (s->depth > IISCONF_MAX_DEPTH) {
		snprintf(buf, sizeof(buf), "line %ld: elements nested deeper than %d levels",
			 ctxt_line(c), IISCONF_MAX_DEPTH);
		stop(s, buf);
		return;
	}
	if (s->elements > IISCONF_MAX_ELEMENTS) {
		snprintf(buf, sizeof(buf), "line %ld: more than %d elements", ctxt_line(c),
			 IISCONF_MAX_ELEMENTS);
		stop(s, buf);
		return;
	}
	if (s->attrs > IISCONF_MAX_ATTRS) {
		snprintf(buf, sizeof(buf), "line %ld: more than %d attributes", ctxt_line(c),
			 IISCONF_MAX_ATTRS);
		stop(s, buf);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
			      nb_attributes, nb_defaulted, attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr c = ctx;
	struct parse_state *s = c->_private;

	s->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/* libxml2 pulls the file through this reader, which stops at
 * IISCONF_MAX_BYTES even if the file grows after it was measured: no copy
 * of the whole file is ever held here. */
struct bounded_input {
	int fd;                /* -1: the bytes come from mem (iisconf_parse) */
	const unsigned char *mem;
	size_t memlen;
	uint64_t total;
	int over, err;
	struct parse_state *s;
};

static int bounded_read(void *ctx, char *buf, int len)
{
	struct bounded_input *in = ctx;
	ssize_t n;

	if (len <= 0)
		return 0;
	if (in->fd < 0) {
		n = (ssize_t)(in->memlen - in->total < (size_t)len ? in->memlen - in->total
								  : (size_t)len);
		if (n > 0)
			memcpy(buf, in->mem + in->total, (size_t)n);
	} else {
		do
			n = read(in->fd, buf, (size_t)len);
		while (n < 0 && errno == EINTR);
	}
	if (n < 0) {
		in->err = errno;
		return -1;
	}
	in->total += (uint64_t)n;
	if (in->total > IISCONF_MAX_BYTES) {
		in->over = 1;
		return -1;
	}
	return (int)n;
}

static int bounded_close(void *ctx)
{
	(void)ctx;
	return 0; /* the fd is closed by iisconf_read */
}

int iis_enc_value(const char *s, char **provider)
{
	const char *p, *end;

	if (s == NULL || strncmp(s, "[enc:", 5) != 0)
		return 0;
	p = s + 5;
	end = strchr(p, ':');
	if (provider != NULL) {
		/* A provider name is a plain identifier; anything else is not shown. */
		size_t plen = end != NULL ? (size_t)(end - p) : 0, i;
		int ok = plen > 0 && plen <= 128;

		for (i = 0; ok && i < plen; i++)
			ok = (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') ||
			     (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '-' || p[i] == '.';
		*provider = ok ? xstrndup(p, plen) : xstrdup("");
	}
	return 1;
}

static enum xattr_secret secret_name(const char *name)
{
	if (ascii_casecmp(name, "password") == 0)
		return XSECRET_CLEARTEXT;
	if (ascii_casecmp(name, "sessionKey") == 0)
		return XSECRET_KEY;
	return XSECRET_NONE;
}

struct copy_state {
	xmlDocPtr doc;
	size_t nelements, nsecrets;
};

static struct xnode *copy_tree(struct copy_state *cs, xmlNodePtr src, struct xnode *parent,
			       int depth)
{
	struct xnode *n = xcalloc(1, sizeof(*n));
	xmlAttrPtr a;
	xmlNodePtr k;
	size_t na = 0, nk = 0;

	n->name = xstrdup((const char *)src->name);
	n->line = xmlGetLineNo(src);
	n->parent = parent;
	cs->nelements++;
	for (a = src->properties; a != NULL; a = a->next)
		na++;
	n->attrs = na ? xcalloc(na, sizeof(*n->attrs)) : NULL;
	for (a = src->properties; a != NULL; a = a->next) {
		struct xattr *x = &n->attrs[n->nattrs++];
		xmlChar *v = xmlNodeListGetString(cs->doc, a->children, 1);
		const char *val = v != NULL ? (const char *)v : "";

		x->name = xstrdup((const char *)a->name);
		if (iis_enc_value(val, &x->provider)) {
			x->secret = XSECRET_ENCRYPTED;
			cs->nsecrets++;
		} else if (secret_name(x->name) != XSECRET_NONE && val[0] != '\0') {
			x->secret = secret_name(x->name);
			cs->nsecrets++;
		} else {
			x->value = xstrdup(val);
		}
		if (v != NULL)
			xmlFree(v);
	}
	for (k = src->children; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			nk++;
	/* The parse hooks bound depth already; this is a second fence. */
	if (nk > 0 && depth < IISCONF_MAX_DEPTH) {
		n->kids = xcalloc(nk, sizeof(*n->kids));
		for (k = src->children; k != NULL; k = k->next)
			if (k->type == XML_ELEMENT_NODE)
				n->kids[n->nkids++] = copy_tree(cs, k, n, depth + 1);
	}
	return n;
}

static void free_tree(struct xnode *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		free_tree(n->kids[i]);
	for (i = 0; i < n->nattrs; i++) {
		free(n->attrs[i].name);
		free(n->attrs[i].value);
		free(n->attrs[i].provider);
	}
	free(n->attrs);
	free(n->kids);
	free(n->name);
	free(n);
}

static int has_section(const struct xnode *root, const char *name)
{
	size_t i;

	if (xnode_child(root, name) != NULL)
		return 1;
	/* A web.config may hold system.webServer only inside <location>. */
	for (i = 0; i < root->nkids; i++)
		if (strcmp(root->kids[i]->name, "location") == 0 &&
		    xnode_child(root->kids[i], name) != NULL)
			return 1;
	return 0;
}

static int parse_input(const char *path, const char *root_name, struct bounded_input *in,
		       struct iisconf **out, struct nerr *e);

int iisconf_read(const char *path, const char *root_name, struct iisconf **out, struct nerr *e)
{
	struct bounded_input in;
	struct stat st;
	int rc = -1;

	*out = NULL;
	memset(&in, 0, sizeof(in));
	in.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (in.fd < 0) {
		nerr_set(e, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(in.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, "%s: not a regular file", path);
		goto out;
	}
	if ((uint64_t)st.st_size > IISCONF_MAX_BYTES) {
		nerr_set(e, "%s: %llu bytes, larger than the %u MiB limit for an IIS configuration "
			 "file (a real applicationHost.config is well under 1 MiB); not parsed", path,
			 (unsigned long long)st.st_size, IISCONF_MAX_BYTES / (1024u * 1024u));
		goto out;
	}
	rc = parse_input(path, root_name, &in, out, e);
out:
	close(in.fd);
	return rc;
}

/* The one parser behind iisconf_read and iisconf_parse: libxml2 pulls the
 * bytes through in (a file or a buffer). */
static int parse_input(const char *path, const char *root_name, struct bounded_input *in,
		       struct iisconf **out, struct nerr *e)
{
	struct parse_state s;
	struct copy_state cs;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL || ctxt->sax == NULL) {
		nerr_set(e, "%s: libxml2 could not make a parser", path);
		goto out;
	}
	s.ctxt = ctxt;
	ctxt->_private = &s;
	/* ctxt->sax is this context's own copy: no global handler changes. */
	ctxt->sax->serror = on_error;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->resolveEntity = NULL;
	doc = xmlCtxtReadIO(ctxt, bounded_read, bounded_close, in, NULL, NULL,
			    XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA |
			    XML_PARSE_NOBLANKS);
	if (in->over) {
		nerr_set(e, "%s: grew past the %u MiB limit for an IIS configuration file while it "
			 "was read; not parsed", path, IISCONF_MAX_BYTES / (1024u * 1024u));
		goto out;
	}
	if (in->err != 0) {
		nerr_set(e, "%s: read error after %llu bytes: %s", path,
			 (unsigned long long)in->total, strerror(in->err));
		goto out;
	}
	if (s.stop[0] != '\0') {
		nerr_set(e, "%s: %s", path, s.stop);
		goto out;
	}
	if (doc == NULL || !ctxt->wellFormed || s.first[0] != '\0') {
		if (s.first[0] == '\0')
			nerr_set(e, "%s: not well-formed XML", path);
		else if (s.last[0] != '\0' && strcmp(s.last, s.first) != 0)
			nerr_set(e, "%s: line %d: %s (then, line %d: %s)", path, s.first_line,
				 s.first, s.last_line, s.last);
		else
			nerr_set(e, "%s: line %d: %s", path, s.first_line, s.first);
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL) {
		nerr_set(e, "%s: no document element", path);
		goto out;
	}
	if (root_name != NULL && strcmp((const char *)root->name, root_name) != 0) {
		char clean[128];

		clean_message(clean, sizeof(clean), (const char *)root->name);
		nerr_set(e, "XML whose document element is <%s>, not <%s>", clean, root_name);
		rc = 0;
		goto out;
	}
	memset(&cs, 0, sizeof(cs));
	cs.doc = doc;
	*out = xcalloc(1, sizeof(**out));
	(*out)->path = xstrdup(path);
	(*out)->root = copy_tree(&cs, root, NULL, 0);
	(*out)->nelements = cs.nelements;
	(*out)->nsecrets = cs.nsecrets;
	if (has_section((*out)->root, "system.applicationHost"))
		(*out)->kind = IISCONF_APPHOST;
	else if (has_section((*out)->root, "system.webServer"))
		(*out)->kind = IISCONF_WEBCONFIG;
	else
		(*out)->kind = IISCONF_UNKNOWN;
	rc = 1;
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (ctxt != NULL)
		xmlFreeParserCtxt(ctxt);
	return rc;
}

int iisconf_parse(const char *name, const unsigned char *buf, size_t len, const char *root_name,
		  struct iisconf **out, struct nerr *e)
{
	struct bounded_input in;

	*out = NULL;
	if (len > IISCONF_MAX_BYTES) {
		nerr_set(e, "%s: %zu bytes, larger than the %u MiB limit for an IIS configuration "
			 "file; not parsed", name, len, IISCONF_MAX_BYTES / (1024u * 1024u));
		return -1;
	}
	memset(&in, 0, sizeof(in));
	in.fd = -1;
	in.mem = buf;
	in.memlen = len;
	return parse_input(name, root_name, &in, out, e);
}

void iisconf_free(struct iisconf *c)
{
	if (c == NULL)
		return;
	free_tree(c->root);
	free(c->path);
	free(c);
}

void iisconf_free_void(void *c)
{
	iisconf_free(c);
}

const char *iisconf_kind_name(enum iisconf_kind k)
{
	switch (k) {
	case IISCONF_APPHOST: return "applicationHost.config";
	case IISCONF_WEBCONFIG: return "web.config";
	case IISCONF_UNKNOWN: return "configuration file";
	}
	return "?";
}

const struct xattr *xnode_attr(const struct xnode *n, const char *name)
{
	size_t i;

	for (i = 0; n != NULL && i < n->nattrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return &n->attrs[i];
	return NULL;
}

const char *xnode_value(const struct xnode *n, const char *name)
{
	const struct xattr *a = xnode_attr(n, name);

	return a != NULL ? a->value : NULL;
}

const struct xnode *xnode_child(const struct xnode *n, const char *name)
{
	size_t i;

	for (i = 0; n != NULL && i < n->nkids; i++)
		if (strcmp(n->kids[i]->name, name) == 0)
			return n->kids[i];
	return NULL;
}

const struct xnode *xnode_last_child(const struct xnode *n, const char *name)
{
	size_t i;

	for (i = n != NULL ? n->nkids : 0; i > 0; i--)
		if (strcmp(n->kids[i - 1]->name, name) == 0)
			return n->kids[i - 1];
	return NULL;
}

const struct xnode *xnode_path(const struct xnode *n, const char *path)
{
	char seg[256];

	while (n != NULL && path != NULL && *path != '\0') {
		size_t len = strcspn(path, "/");

		if (len == 0 || len >= sizeof(seg))
			return NULL;
		memcpy(seg, path, len);
		seg[len] = '\0';
		n = xnode_last_child(n, seg);
		path += len;
		if (*path == '/')
			path++;
	}
	return n;
}

const char *iisconf_library_version(void)
{
	return xmlParserVersion;
}
