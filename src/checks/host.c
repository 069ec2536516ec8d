/* Host facts: name, OS build, collection time. */
#include "config.h"

#include <stdlib.h>

#include "checks.h"
#include "ndes-audit/util.h"

static void add_fact(struct result *r, const struct fact_text *t)
{
	if (t->value != NULL)
		result_add_evidence(r, t->artifact, t->location, t->value);
}

void check_host_fqdn(const struct facts *f, struct emitter *em)
{
	struct strbuf msg;
	struct result *r;
	char when[32];

	sb_init(&msg);
	if (f->fqdn != NULL) {
		sb_printf(&msg, "server %s", f->fqdn);
		if (f->fqdn_origin != NULL && f->fqdn_origin[0] == '-')
			sb_add(&msg, " (given with --fqdn)");
		else if (f->domain.value == NULL)
			sb_add(&msg, " (no DNS domain recorded: certificate name checks compare the bare host name)");
	} else {
		sb_add(&msg, "no host name recorded in Tcpip\\Parameters");
	}
	if (f->computername.value != NULL)
		sb_printf(&msg, "; NetBIOS name %s", f->computername.value);
	if (f->os_product.value != NULL || f->os_build.value != NULL) {
		sb_printf(&msg, "; %s", f->os_product.value ? f->os_product.value : "Windows");
		if (f->os_display_version.value != NULL)
			sb_printf(&msg, " %s", f->os_display_version.value);
		if (f->os_build.value != NULL)
			sb_printf(&msg, " build %s%s%s", f->os_build.value,
				  f->os_ubr.value ? "." : "", f->os_ubr.value ? f->os_ubr.value : "");
	} else if (f->src[SRC_SOFTWARE].state != SOURCE_OK) {
		sb_add(&msg, "; OS build unknown (no readable SOFTWARE hive)");
	}
	if (f->has_collected_at) {
		time_format_iso(f->collected_at, when, sizeof(when));
		sb_printf(&msg, "; collected about %s (newest registry key time)", when);
	}
	r = emit(em, f->fqdn != NULL ? ST_PASS : ST_NA, f->fqdn != NULL ? f->fqdn : "host", "%s",
		 msg.s);
	add_fact(r, &f->hostname);
	add_fact(r, &f->domain);
	add_fact(r, &f->computername);
	add_fact(r, &f->os_product);
	add_fact(r, &f->os_display_version);
	add_fact(r, &f->os_build);
	add_fact(r, &f->os_ubr);
	if (f->fqdn == NULL) {
		char *loc = facts_cs_path(f, "Services\\Tcpip\\Parameters\\Hostname");

		result_add_evidence(r, f->src[SRC_SYSTEM].reg.artifact, loc,
				    f->hostname.error != NULL ? f->hostname.error : "(absent)");
		free(loc);
		result_set_remediation(r, "%s", em->check->remediation);
	}
	sb_free(&msg);
}
