/* Check functions, one per row of checks.def. Private to src/checks. */
#ifndef NDES_AUDIT_CHECKS_PRIV_H
#define NDES_AUDIT_CHECKS_PRIV_H

#include "ndes-audit/check.h"
#include "ndes-audit/facts.h"

#define CHECK(id, sev, needs, fn, title, desc, fix) \
	void fn(const struct facts *f, struct emitter *em);
#define CHECK_ANY(id, sev, needs_any, fn, title, desc, fix) \
	void fn(const struct facts *f, struct emitter *em);
#include "checks.def"
#undef CHECK
#undef CHECK_ANY

#endif
