/* Judging registry facts (regfacts.h) in checks: the evidence entry for a
 * value, and the one result for a value the evidence does not answer.
 * Private to src/checks. */
#ifndef NDES_AUDIT_REGCHECK_H
#define NDES_AUDIT_REGCHECK_H

#include "checks.h"

/* Evidence for the fact v: the file and location that hold it, with
 * `shown` as the value. When .reg exports of the hive say something else
 * about the value, the export's statement is added as a second entry and
 * the message says so once, so both are reported. */
void ev_fact(struct result *res, const struct regfact *v, const char *shown);

/* The result for a fact that did not give an answer (RF_UNCOVERED: `ne`
 * with the coverage message; RF_ERROR: `error`). what, when not NULL,
 * names the value in the error message ("MaxFieldLength could not be
 * read: ..."). Returns the result. */
struct result *emit_unanswered(struct emitter *em, const char *target, const struct regfact *v,
			       const char *what);

#endif
