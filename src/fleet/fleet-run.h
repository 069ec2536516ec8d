/* The bundles of a fleet run (src/fleet/plan.c). Private to src/fleet. */
#ifndef NDES_AUDIT_FLEET_RUN_H
#define NDES_AUDIT_FLEET_RUN_H

#include <stddef.h>

#include "ndes-audit/err.h"
#include "ndes-audit/fleet.h"

struct fleet_bundle {
	char *path;               /* as the worker is given it */
	char *name;               /* its reports' file name stem: safe, unique */
};

struct fleet_plan {
	struct fleet_bundle *v;
	size_t n;
};

/* The bundles of the --each=FOLDERs (their entries, sorted by name), then
 * the PATHs. -1 with e set: a PATH that does not exist, a FOLDER that
 * cannot be read, no bundle at all (usage errors). */
int fleet_plan_make(struct fleet_plan *p, const struct fleet_options *fo, struct nerr *e);
/* Add one: its name made from stem's base name (see plan.c). -1 past
 * FLEET_MAX_BUNDLES. */
int fleet_plan_add(struct fleet_plan *p, const char *path, const char *stem, struct nerr *e);
void fleet_plan_free(struct fleet_plan *p);

#endif
