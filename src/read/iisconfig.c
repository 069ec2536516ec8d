/* The IIS configuration reader: the only file that includes libxml2.
 *
 * libxml2 pulls the file through a reader of ours that stops at
 * IISCONF_MAX_BYTES (a larger file is refused before parsing starts), with
 * XML_PARSE_NONET and without XML_PARSE_NOENT or XML_PARSE_DTDLOAD: no
 * network, no external DTD, no entity substitution. Whitespace-only text
 * is dropped (XML_PARSE_NOBLANKS) to keep the tree small.
 * Every byte first passes a scan that refuses an element with more than
 * IISCONF_MAX_ELEMENT_ATTRS attributes before libxml2 reads its tag.
 * On top of that, SAX hooks installed on this parser context only (never
 * libxml2's global handlers):
 *   - entityDecl stops the parse at the first entity declaration, before
 *     any reference to it could be expanded (billion laughs, XXE);
 *   - internalSubset stops it at a DOCTYPE that names an external DTD;
 *   - attributeDecl stops it at the first <!ATTLIST> (defaulted attributes);
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

#include "read/iisconfig.h"
#include "ndes-audit/util.h"

struct parse_state {
	xmlParserCtxtPtr ctxt;
	char stop[512];        /* why a hook stopped the parse */
	char first[512];       /* first parser error */
	char last[512];        /* last parser error, when it differs */
	int first_line, last_line;
	int depth;
	int fatal;             /* libxml2 reported a fatal error */
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
	if (err->level == XML_ERR_FATAL)
		s->fatal = 1;
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

/* Attribute defaults in the DOCTYPE cost libxml2 time quadratic in their
 * number at every element they apply to, and IIS configuration never
 * declares any: refused at the first, like entities. */
static void on_attribute_decl(void *ctx, const xmlChar *elem, const xmlChar *fullname, int type,
			      int def, const xmlChar *defvalue, xmlEnumerationPtr tree)
{
	xmlParserCtxtPtr c = ctx;
	char buf[512], clean[128];

	(void)fullname;
	(void)type;
	(void)def;
	(void)defvalue;
	xmlFreeEnumeration(tree); /* the handler owns it */
	clean_message(clean, sizeof(clean), (const char *)elem);
	snprintf(buf, sizeof(buf),
		 "line %ld: the DOCTYPE declares attributes (<!ATTLIST %s ...>); IIS configuration "
		 "never does, and declared attributes are refused", ctxt_line(c), clean);
	stop(c->_private, buf);
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

/* A scan of the bytes as libxml2 pulls them, one step ahead of it: it
 * counts the attributes of each start tag and stops the input at the first
 * element with more than IISCONF_MAX_ELEMENT_ATTRS, before libxml2 (whose
 * cost is quadratic in that count) has seen the tag. It follows XML's
 * lexical structure (comments, CDATA sections, processing instructions,
 * the DOCTYPE and its internal subset, quoted values in which '>' is
 * plain text) exactly on well-formed input; on malformed input libxml2
 * stops at its first fatal error and bounded_read feeds it no more bytes, so
 * the scan never has to guess how libxml2 recovers. An attribute is counted
 * at its opening quote: in a well-formed start tag a quote only opens or
 * closes an attribute value.
 *
 * The scan reads UTF-8 (and encodings where a byte below 0x80 is always
 * that ASCII character) or UTF-16 with its byte order taken from the first
 * bytes, as libxml2 does; a declared encoding outside that family, UCS-4 or
 * EBCDIC would let libxml2 decode characters the scan cannot see, so such a
 * file is refused (IIS writes UTF-8). */
enum scan_unit { SCAN_START, SCAN_BYTES, SCAN_UTF16LE, SCAN_UTF16BE };

enum scan_state {
	SC_TEXT, SC_LT, SC_BANG, SC_BANG_DASH, SC_BANG_CDATA, SC_COMMENT, SC_CDATA, SC_PI,
	SC_ETAG, SC_STAG, SC_ATTVAL, SC_DOCTYPE, SC_SUBSET, SC_MDECL, SC_LITERAL, SC_DTEND
};

struct prescan {
	enum scan_unit unit;
	enum scan_state st, lit_ret; /* lit_ret: the state a literal returns to */
	int in_subset;               /* inside the DOCTYPE's [ ... ] */
	unsigned quote;              /* the character that closes the value */
	unsigned run;                /* '-' or ']' run, '?' seen, "[CDATA[" matched */
	int have_lo;                 /* UTF-16: the first byte of a unit is held */
	unsigned char lo;
	int prev_cr, seen_markup, in_xmldecl;
	long line, tag_line;
	size_t nattrs;
	char xmldecl[160];
	size_t nxmldecl;
	char why[256];               /* set: the file is refused */
};

static int scan_enc_is(const char *enc, const char *const *names, int prefix)
{
	for (; *names != NULL; names++)
		if (prefix ? ascii_ncasecmp(enc, *names, strlen(*names)) == 0 :
			     ascii_casecmp(enc, *names) == 0)
			return 1;
	return 0;
}

/* Whether libxml2 would keep decoding as the scan does after the XML
 * declaration names this encoding. */
static int scan_enc_ok(enum scan_unit unit, const char *enc)
{
	static const char *const same8[] = {"UTF-8", "UTF8", "US-ASCII", "ASCII", "ISO-LATIN-1",
					    "LATIN1", NULL};
	static const char *const family8[] = {"ISO-8859-", "ISO8859-", "WINDOWS-125", "CP125",
					      NULL};
	/* With a UTF-16 input libxml2 ignores "UTF-8" and "UTF-16" (it trusts
	 * the byte order it found) and switches to any other name. */
	static const char *const same16[] = {"UTF-8", "UTF8", "UTF-16", "UTF16", NULL};
	static const char *const le[] = {"UTF-16LE", "UTF16LE", NULL};
	static const char *const be[] = {"UTF-16BE", "UTF16BE", NULL};

	if (unit == SCAN_BYTES)
		return scan_enc_is(enc, same8, 0) || scan_enc_is(enc, family8, 1);
	return scan_enc_is(enc, same16, 0) ||
	       scan_enc_is(enc, unit == SCAN_UTF16LE ? le : be, 0);
}

static void scan_check_xmldecl(struct prescan *p)
{
	char enc[64];
	const char *v = strstr(p->xmldecl, "encoding");
	size_t n = 0;
	char q;

	/* Only the XML declaration itself, not a first <?xml-stylesheet?>. */
	if (strncmp(p->xmldecl, "xml", 3) != 0 || strchr(" \t\r\n", p->xmldecl[3]) == NULL ||
	    p->xmldecl[3] == '\0' || v == NULL)
		return;
	v += strlen("encoding");
	v += strspn(v, " \t\r\n");
	if (*v++ != '=')
		return; /* malformed: libxml2 stops there */
	v += strspn(v, " \t\r\n");
	q = *v++;
	if (q != '"' && q != '\'')
		return;
	while (v[n] != '\0' && v[n] != q && n + 1 < sizeof(enc)) {
		enc[n] = v[n];
		n++;
	}
	enc[n] = '\0';
	if (!scan_enc_ok(p->unit, enc))
		snprintf(p->why, sizeof(p->why),
			 "line 1: the XML declaration names the encoding \"%.40s\"; this reader takes "
			 "UTF-8 (as IIS writes it), ASCII-compatible 8-bit encodings and UTF-16 with a "
			 "byte-order mark, so the file is not parsed", enc);
}

static void scan_lt(struct prescan *p, unsigned ch)
{
	if (ch == '?') {
		p->st = SC_PI;
		p->run = 0;
		/* Only the very first markup can be the XML declaration. */
		p->in_xmldecl = !p->seen_markup;
	} else if (ch == '!') {
		p->st = SC_BANG;
	} else if (p->in_subset) {
		p->st = SC_MDECL; /* not well-formed: libxml2 stops here */
	} else if (ch == '/') {
		p->st = SC_ETAG;
	} else {
		p->st = SC_STAG;
		p->nattrs = 0;
	}
	p->seen_markup = 1;
}

static void scan_bang(struct prescan *p, unsigned ch)
{
	static const char cdata[] = "[CDATA[";

	switch (p->st) {
	case SC_BANG:
		if (ch == '-') {
			p->st = SC_BANG_DASH;
		} else if (ch == '[' && !p->in_subset) {
			p->st = SC_BANG_CDATA;
			p->run = 1;
		} else {
			p->st = p->in_subset ? SC_MDECL : SC_DOCTYPE;
		}
		break;
	case SC_BANG_DASH:
		p->st = SC_COMMENT; /* "<!-" then anything but '-' is not well-formed */
		p->run = 0;
		break;
	default: /* SC_BANG_CDATA */
		if (ch != (unsigned char)cdata[p->run]) {
			p->st = SC_DOCTYPE; /* not well-formed */
		} else if (++p->run == sizeof(cdata) - 1) {
			p->st = SC_CDATA;
			p->run = 0;
		}
		break;
	}
}

/* The state after a comment or a processing instruction. */
static enum scan_state scan_back(const struct prescan *p)
{
	return p->in_subset ? SC_SUBSET : SC_TEXT;
}

static void scan_literal(struct prescan *p, unsigned ch, enum scan_state back)
{
	p->quote = ch;
	p->lit_ret = back;
	p->st = SC_LITERAL;
}

static void scan_tag(struct prescan *p, unsigned ch)
{
	if (ch == '>') {
		p->st = SC_TEXT;
	} else if (ch == '"' || ch == '\'') {
		p->quote = ch;
		p->st = SC_ATTVAL;
		if (++p->nattrs > IISCONF_MAX_ELEMENT_ATTRS)
			snprintf(p->why, sizeof(p->why),
				 "line %ld: an element with more than %d attributes (IIS's schema "
				 "gives one element at most a few dozen); not parsed", p->tag_line,
				 IISCONF_MAX_ELEMENT_ATTRS);
	}
}

static void scan_char(struct prescan *p, unsigned ch)
{
	switch (p->st) {
	case SC_TEXT:
		if (ch == '<') {
			p->st = SC_LT;
			p->tag_line = p->line;
		}
		break;
	case SC_LT: scan_lt(p, ch); break;
	case SC_BANG: case SC_BANG_DASH: case SC_BANG_CDATA: scan_bang(p, ch); break;
	case SC_COMMENT:
		if (ch == '>' && p->run >= 2)
			p->st = scan_back(p);
		p->run = ch == '-' ? p->run + 1 : 0;
		break;
	case SC_CDATA:
		if (ch == '>' && p->run >= 2)
			p->st = SC_TEXT;
		p->run = ch == ']' ? p->run + 1 : 0;
		break;
	case SC_PI:
		if (ch == '>' && p->run) {
			p->st = scan_back(p);
			if (p->in_xmldecl)
				scan_check_xmldecl(p);
			p->in_xmldecl = 0;
		} else if (p->in_xmldecl && ch < 0x80 && ch != 0 &&
			   p->nxmldecl + 1 < sizeof(p->xmldecl)) {
			p->xmldecl[p->nxmldecl++] = (char)ch;
		}
		p->run = ch == '?';
		break;
	case SC_ETAG:
		if (ch == '>')
			p->st = SC_TEXT;
		break;
	case SC_STAG: scan_tag(p, ch); break;
	case SC_ATTVAL:
		if (ch == p->quote)
			p->st = SC_STAG;
		break;
	case SC_DOCTYPE: /* <!DOCTYPE name ExternalID? before '[' or '>' */
		if (ch == '"' || ch == '\'')
			scan_literal(p, ch, SC_DOCTYPE);
		else if (ch == '[')
			p->st = SC_SUBSET, p->in_subset = 1;
		else if (ch == '>')
			p->st = SC_TEXT;
		break;
	case SC_SUBSET:
		if (ch == '<')
			p->st = SC_LT;
		else if (ch == ']')
			p->st = SC_DTEND, p->in_subset = 0;
		break;
	case SC_MDECL: /* <!ELEMENT, <!ATTLIST, <!ENTITY, <!NOTATION */
		if (ch == '"' || ch == '\'')
			scan_literal(p, ch, SC_MDECL);
		else if (ch == '>')
			p->st = SC_SUBSET;
		break;
	case SC_LITERAL:
		if (ch == p->quote)
			p->st = p->lit_ret;
		break;
	case SC_DTEND:
		if (ch == '>')
			p->st = SC_TEXT;
		break;
	}
}

/* How libxml2 will decode the file, from its first bytes. */
static void scan_start(struct prescan *p, const unsigned char *b, size_t n)
{
	unsigned char h[4] = {0xAA, 0xAA, 0xAA, 0xAA}; /* a byte no test below matches */

	memcpy(h, b, n < 4 ? n : 4);
	p->unit = SCAN_BYTES;
	if ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == '<' && h[1] == 0 && (h[2] != 0 || h[3] != 0)))
		p->unit = SCAN_UTF16LE;
	else if ((h[0] == 0xFE && h[1] == 0xFF) || (h[0] == 0 && h[1] == '<' && h[2] == 0 && h[3] != 0))
		p->unit = SCAN_UTF16BE;
	else if (h[0] == 0 || (h[0] == '<' && h[1] == 0) ||
		 (h[0] == 0x4C && h[1] == 0x6F && h[2] == 0xA7 && h[3] == 0x94))
		snprintf(p->why, sizeof(p->why),
			 "line 1: UCS-4 or EBCDIC; this reader takes UTF-8 (as IIS writes it), "
			 "ASCII-compatible 8-bit encodings and UTF-16, so the file is not parsed");
}

/* Feed bytes to the scan: 0, or -1 once the file is refused (p->why). */
static int scan_feed(struct prescan *p, const unsigned char *b, size_t n)
{
	size_t i;

	if (p->unit == SCAN_START && n > 0) {
		p->line = 1;
		scan_start(p, b, n);
	}
	for (i = 0; i < n && p->why[0] == '\0'; i++) {
		unsigned ch = b[i];

		if (p->unit != SCAN_BYTES) {
			if (!p->have_lo) {
				p->lo = b[i];
				p->have_lo = 1;
				continue;
			}
			p->have_lo = 0;
			ch = p->unit == SCAN_UTF16LE ? (unsigned)p->lo | (ch << 8) :
						       (ch | ((unsigned)p->lo << 8));
		}
		/* Lines as libxml2 counts them: CR LF, CR and LF each end one. */
		if (ch == '\r' || (ch == '\n' && !p->prev_cr))
			p->line++;
		p->prev_cr = ch == '\r';
		scan_char(p, ch);
	}
	return p->why[0] != '\0' ? -1 : 0;
}

/* libxml2 pulls the file through this reader, which stops at
 * IISCONF_MAX_BYTES even if the file grows after it was measured: no copy
 * of the whole file is ever held here. Every byte passes the scan above;
 * after libxml2's first fatal error no more bytes are fed (see the scan). */
struct bounded_input {
	int fd;                /* -1: the bytes come from mem (iisconf_parse) */
	const unsigned char *mem;
	size_t memlen;
	uint64_t total;
	int over, err;
	struct parse_state *s;
	struct prescan scan;
};

static int bounded_read(void *ctx, char *buf, int len)
{
	struct bounded_input *in = ctx;
	ssize_t n;

	if (len <= 0 || in->s->fatal)
		return 0;
	if (in->scan.why[0] != '\0')
		return -1;
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
	if (scan_feed(&in->scan, (const unsigned char *)buf, (size_t)n) != 0)
		return -1;
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
	return iisconf_read_fd(-1, path, root_name, out, e);
}

int iisconf_read_fd(int fd, const char *path, const char *root_name, struct iisconf **out,
		    struct nerr *e)
{
	struct bounded_input in;
	struct stat st;
	int rc = -1;

	*out = NULL;
	memset(&in, 0, sizeof(in));
	in.fd = input_fd(fd, path, e);
	if (in.fd < 0)
		return -1;
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
	in->s = &s; /* the byte scan stops the feed once libxml2 has failed */
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
	ctxt->sax->attributeDecl = on_attribute_decl;
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
	if (in->scan.why[0] != '\0') {
		nerr_set(e, "%s: %s", path, in->scan.why);
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
		else if (s.last[0] != '\0' && strcmp(s.last, s.first) != 0 && !s.fatal)
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

/* ------------------------------------------------------------ sniffing */

/* The head as ASCII text: after a byte order mark (UTF-8, or UTF-16 read
 * as its ASCII bytes), up to the first NUL. *full stays 1 when the text
 * may go on past the head. -1 when UTF-16 text holds a non-ASCII
 * character: not the start of an IIS file. */
static int head_text(const unsigned char *h, size_t n, char *buf, size_t size, int *full)
{
	size_t len = 0, i = 0, step = 1, lo = 0;

	if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		i = 3;
	} else if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
		i = 2;
		step = 2;
		lo = h[0] == 0xFF ? 0 : 1;
	}
	for (; i + step <= n && len < size - 1; i += step) {
		if (step == 2 && h[i + (1 - lo)] != 0)
			return -1;
		if (h[i + lo] == 0) {
			*full = 0; /* binary from here on: the prolog must end before */
			break;
		}
		buf[len++] = (char)h[i + lo];
	}
	buf[len] = '\0';
	return (int)len;
}

/* Past one prolog item at p (declaration, processing instruction,
 * comment, DOCTYPE with its internal subset): where it ends, or NULL when
 * it does not end before end. */
static const char *skip_prolog_item(const char *p, const char *end)
{
	const char *q;
	int bracket = 0;

	if (strncmp(p, "<?", 2) == 0)
		return (q = strstr(p, "?>")) != NULL ? q + 2 : NULL;
	if (strncmp(p, "<!--", 4) == 0)
		return (q = strstr(p + 4, "-->")) != NULL ? q + 3 : NULL;
	/* a DOCTYPE: to the '>' that closes it, past any [internal subset] */
	for (p += 9; p < end && (bracket || *p != '>'); p++)
		bracket += *p == '[' ? 1 : *p == ']' ? -1 : 0;
	return p < end ? p + 1 : NULL;
}

static int is_configuration_tag(const char *p, const char *end)
{
	/* buf holds no NUL before end: p[14] is '\0' only at the end */
	return strncmp(p, "<configuration", 14) == 0 &&
	       (p + 14 == end || (p[14] != '\0' && strchr(">/ \t\r\n", p[14]) != NULL));
}

/* IIS configuration (applicationHost.config, web.config): XML whose
 * document element is <configuration>, after a prolog of white space,
 * declarations, comments and a DOCTYPE. The reader confirms by parsing and
 * decides which file it is. A prolog still open at the end of the head is
 * passed on too: only the reader can tell. */
enum artifact_kind iisconf_sniff(const unsigned char *h, size_t n, const char **note)
{
	char buf[IISCONF_SNIFF_HEAD + 1];
	const char *p = buf, *end;
	int full = n >= IISCONF_SNIFF_HEAD, len;

	(void)note;
	len = head_text(h, n, buf, sizeof(buf), &full);
	if (len < 0)
		return ART_UNKNOWN;
	end = buf + len;
	for (;;) {
		p += strspn(p, " \t\r\n");
		if (p >= end)
			return ART_UNKNOWN;
		if (is_configuration_tag(p, end))
			return ART_IIS_CONFIG;
		if (strncmp(p, "<?", 2) != 0 && strncmp(p, "<!--", 4) != 0 &&
		    strncmp(p, "<!DOCTYPE", 9) != 0)
			return ART_UNKNOWN;
		p = skip_prolog_item(p, end);
		if (p == NULL)
			return full ? ART_IIS_CONFIG : ART_UNKNOWN;
	}
}
