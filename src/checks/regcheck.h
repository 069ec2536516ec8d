/* Reading registry values for checks, from a hive or from .reg exports,
 * with the four answers a check must tell apart: found, absent, not in the
 * evidence (a .reg export that does not cover the key: `ne`, never
 * `fail`), and unreadable (`error`). Private to src/checks. */
#ifndef NDES_AUDIT_REGCHECK_H
#define NDES_AUDIT_REGCHECK_H

#include "checks.h"

enum rv_state { RV_FOUND, RV_ABSENT, RV_UNCOVERED, RV_ERROR };

struct rv {
	enum rv_state st;
	struct regval v;  /* RV_FOUND */
	char *why;        /* RV_UNCOVERED / RV_ERROR: the message, naming file and key */
};

/* The value key\name (name "" = default). */
void rv_read(const struct regsrc *src, const char *key, const char *name, struct rv *out);
/* Whether key exists (RV_FOUND / RV_ABSENT / ...). */
void rv_key(const struct regsrc *src, const char *key, struct rv *out);
void rv_free(struct rv *r);
/* The value as a REG_DWORD (0) or -1 when it is another type. */
int rv_dword(const struct rv *r, uint32_t *out);
/* The value as text when it is REG_SZ or REG_EXPAND_SZ (heap), else NULL. */
char *rv_text(const struct rv *r);
/* "65534 (0x fffe)", "\"text\"", "(absent)", "(not in the evidence)"... heap. */
char *rv_show(const struct rv *r);

/* Evidence for key\name (name NULL: the key itself) from src: the file
 * and location that hold it, with `shown` as the value. When the source
 * is a hive and .reg exports of it say something else about the value,
 * the export's statement is added as a second entry, so both are
 * reported. */
void ev_reg(struct result *res, const struct regsrc *src, const char *key, const char *name,
	    const char *shown);

/* A result for a read that did not give an answer: `ne` with the
 * coverage message, or `error`. Returns the result. */
struct result *emit_unanswered(struct emitter *em, const struct regsrc *src, const char *target,
			       const char *key, const char *name, const struct rv *r);

#endif
