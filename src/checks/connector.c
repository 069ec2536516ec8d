/* Intune certificate connector checks (SOFTWARE): which generation is
 * installed (f->connector, the fact other areas read to decide `na`), and
 * the registry settings of each generation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "regcheck.h"
#include "ndes-audit/util.h"

/* E_POINTER: the legacy connector's sign-in found no Intune licence. */
#define ISSUE_NO_LICENCE 0x80004003u

static void ev_install(struct result *res, const struct connector_facts *c,
		       const struct connector_install *i)
{
	if (c->basis != NULL && strcmp(c->basis, "connector keys") == 0) {
		result_add_evidence(res, i->artifact, i->keypath, "(present)");
		return;
	}
	{
		char *loc = xasprintf("%s\\DisplayName", i->keypath);

		result_add_evidence(res, i->artifact, loc, i->display_name);
		free(loc);
		loc = xasprintf("%s\\DisplayVersion", i->keypath);
		result_add_evidence(res, i->artifact, loc, i->version != NULL ? i->version : "(absent)");
		free(loc);
	}
}

void check_connector_installed(const struct facts *f, struct emitter *em)
{
	const struct connector_facts *c = &f->connector;
	const char *target = "Intune certificate connector";
	struct result *res;

	if (c->error != NULL) {
		res = emit(em, ST_ERROR, target, "the Uninstall entries could not be read: %s",
			   c->error);
		result_add_evidence(res, c->artifact, CONNECTOR_UNINSTALL_KEY, NULL);
		return;
	}
	switch (c->gen) {
	case CONN_UNKNOWN:
		res = emit(em, ST_NE, target, "not evaluated: %s",
			   c->unknown != NULL ? c->unknown : "the connector generation cannot be told");
		result_add_evidence(res, NULL, CONNECTOR_UNINSTALL_KEY, "(not in the .reg exports)");
		return;
	case CONN_NONE:
		/* Only an Intune NDES needs a connector: a standalone one has
		 * none, and when the bundle cannot tell which this is, the
		 * missing connector is not a finding yet. */
		if (f->deployment.mode == DEPLOY_STANDALONE)
			res = emit(em, ST_NA, target, "standalone NDES (%s): it needs no Intune "
				   "connector", f->deployment.evidence);
		else if (f->deployment.mode == DEPLOY_UNKNOWN)
			res = emit(em, ST_NE, target, "not evaluated: no Intune certificate connector "
				   "is installed, and the bundle does not show whether this NDES serves "
				   "Intune (%s); --deployment intune decides", f->deployment.evidence);
		else
			res = emit(em, ST_FAIL, target,
				   "no Intune certificate connector is installed: no %s names \"%s\" "
				   "or \"%s\"%s", c->basis != NULL && strcmp(c->basis, "connector keys") == 0
						? "connector key" : "Uninstall entry (native or WOW6432Node)",
				   CONNECTOR_LEGACY_NAME, CONNECTOR_CURRENT_NAME,
				   "; without it Intune cannot send SCEP challenges to this server");
		if (c->basis != NULL && strcmp(c->basis, "connector keys") == 0) {
			result_add_evidence(res, c->artifact, CONNECTOR_LEGACY_KEY, "(absent)");
			result_add_evidence(res, c->artifact, CONNECTOR_CURRENT_KEY, "(absent)");
		} else {
			result_add_evidence(res, c->artifact, CONNECTOR_UNINSTALL_KEY,
					    "(no connector entry)");
			result_add_evidence(res, c->artifact, CONNECTOR_UNINSTALL_WOW_KEY,
					    "(no connector entry)");
		}
		return;
	case CONN_BOTH:
		res = emit(em, ST_FAIL, target,
			   "both connector generations are installed: %s %s and %s %s; they "
			   "register competing NDES policy modules and services",
			   c->legacy.display_name, c->legacy.version ? c->legacy.version : "(no version)",
			   c->current.display_name,
			   c->current.version ? c->current.version : "(no version)");
		ev_install(res, c, &c->legacy);
		ev_install(res, c, &c->current);
		return;
	case CONN_LEGACY:
	case CONN_CURRENT: {
		const struct connector_install *i = c->gen == CONN_LEGACY ? &c->legacy : &c->current;

		res = emit(em, ST_PASS, i->display_name, "%s generation: %s%s%s%s%s%s",
			   c->gen == CONN_LEGACY ? "legacy" : "current", i->display_name,
			   i->version != NULL ? " version " : "", i->version != NULL ? i->version : "",
			   c->basis != NULL && strcmp(c->basis, "connector keys") == 0
				   ? " (told from its registry key: the .reg exports hold no Uninstall "
				     "entries, so the version is not known)"
				   : "",
			   c->unknown != NULL ? "; " : "", c->unknown != NULL ? c->unknown : "");
		ev_install(res, c, i);
		return;
	}
	}
	emit(em, ST_ERROR, target, "internal error: unknown connector generation");
}

/* The generation-specific checks: 1 when the check applies; otherwise the
 * `na` or `ne` result is emitted here. */
static int applies(const struct facts *f, struct emitter *em, const char *target, int legacy)
{
	const struct connector_facts *c = &f->connector;
	enum connector_gen want = legacy ? CONN_LEGACY : CONN_CURRENT;

	if (c->gen == want || c->gen == CONN_BOTH)
		return 1;
	if (c->gen == CONN_UNKNOWN) {
		struct result *res = emit(em, ST_NE, target, "not evaluated: which connector "
					  "generation is installed is not known (%s)",
					  c->error != NULL ? c->error
					  : c->unknown != NULL ? c->unknown : "no SOFTWARE data");
		result_add_evidence(res, c->error != NULL ? c->artifact : NULL, CONNECTOR_UNINSTALL_KEY,
				    NULL);
		return 0;
	}
	emit(em, ST_NA, target, "the %s connector (%s) is not installed%s",
	     legacy ? "legacy" : "current", legacy ? CONNECTOR_LEGACY_NAME : CONNECTOR_CURRENT_NAME,
	     c->gen == CONN_NONE ? "; no connector is (see connector.installed)"
	     : legacy ? "; this server runs the current generation"
		      : "; this server runs the legacy generation");
	return 0;
}

/* What is wrong with the legacy connector's registration, appended to
 * problems: a certificate value not set or empty, or IssueDetails naming a
 * missing licence. */
static void legacy_problems(const struct regfact *const *certs, const struct regfact *issue,
			    struct strbuf *problems)
{
	uint32_t d = 0;
	char *text;
	size_t i;
	int licence = 0;

	for (i = 0; i < 3; i++) {
		const struct regfact *v = certs[i];

		text = regfact_text(v);
		if (v->st == RF_ABSENT || (v->st == RF_FOUND && (v->v.size == 0 ||
								  (text != NULL && *text == '\0'))))
			sb_printf(problems, "%s%s is %s", problems->len ? "; " : "", v->name,
				  v->st == RF_ABSENT ? "not set" : "empty");
		free(text);
	}
	if (issue->st != RF_FOUND)
		return;
	text = regfact_text(issue);
	if (regfact_dword(issue, &d, NULL) == 0)
		licence = d == ISSUE_NO_LICENCE;
	else if (text != NULL)
		licence = strstr(text, "80004003") != NULL || strstr(text, "-2147467261") != NULL;
	free(text);
	if (licence)
		sb_printf(problems, "%sConnectionStatus\\IssueDetails is 0x80004003: the "
			  "administrator who signed in to the connector has no Intune licence",
			  problems->len ? "; " : "");
}

void check_connector_legacy_registry(const struct facts *f, struct emitter *em)
{
	const struct regfact *certs[3] = {&f->reg[RF_CONN_SIGNING_CERT],
					  &f->reg[RF_CONN_PFX_SIGNING_CERT],
					  &f->reg[RF_CONN_KRA_CERT]};
	const struct regfact *issue = &f->reg[RF_CONN_ISSUE_DETAILS];
	const char *target = "NDESConnector";
	struct strbuf problems;
	struct result *res;
	size_t i, bad = 3;

	if (!applies(f, em, target, 1))
		return;
	sb_init(&problems);
	/* The first unanswered certificate value, an unreadable one first. */
	for (i = 0; i < 3; i++)
		if ((certs[i]->st == RF_ERROR || certs[i]->st == RF_UNCOVERED) &&
		    (bad == 3 || certs[i]->st == RF_ERROR))
			bad = i;
	legacy_problems(certs, issue, &problems);
	if (bad < 3 && certs[bad]->st == RF_ERROR) {
		emit_unanswered(em, target, certs[bad], NULL);
		goto out;
	}
	if (issue->st == RF_ERROR) {
		emit_unanswered(em, target, issue, NULL);
		goto out;
	}
	if (problems.len) {
		res = emit(em, ST_FAIL, target, "the legacy connector's registration is incomplete: %s",
			   problems.s);
	} else if (bad < 3) {
		emit_unanswered(em, target, certs[bad], NULL);
		goto out;
	} else if (issue->st == RF_UNCOVERED) {
		emit_unanswered(em, target, issue, NULL);
		goto out;
	} else {
		res = emit(em, ST_PASS, target, "the legacy connector's signing, PFX signing and key "
			   "recovery certificates are set, and no licence problem is recorded");
	}
	for (i = 0; i < 4; i++) {
		const struct regfact *v = i < 3 ? certs[i] : issue;
		char *shown = regfact_show(v);

		ev_fact(res, v, shown);
		free(shown);
	}
out:
	sb_free(&problems);
}

void check_connector_scep_enabled(const struct facts *f, struct emitter *em)
{
	const struct regfact *v = &f->reg[RF_CONN_ENABLE_SCEP];
	const char *target = "PFXCertificateConnector\\EnableSCEP";
	struct result *res = NULL;
	uint32_t d = 0;
	char *shown;

	if (!applies(f, em, target, 0))
		return;
	shown = regfact_show(v);
	if (v->st == RF_FOUND && regfact_dword(v, &d, NULL) != 0)
		res = emit(em, ST_FAIL, target, "EnableSCEP is stored as %s; the connector reads a "
			   "REG_DWORD", regtype_name(v->v.type));
	else if (v->st == RF_FOUND && d == 1)
		res = emit(em, ST_PASS, target, "the connector has the SCEP feature enabled");
	else if (v->st == RF_FOUND)
		res = emit(em, ST_FAIL, target, "EnableSCEP is %u: the connector was configured "
			   "without the SCEP feature, so it does not validate SCEP requests", d);
	else if (v->st == RF_ABSENT)
		res = emit(em, ST_FAIL, target, "EnableSCEP is not set: the connector was configured "
			   "without the SCEP feature, so it does not validate SCEP requests");
	else
		emit_unanswered(em, target, v, NULL);
	if (res != NULL)
		ev_fact(res, v, shown);
	free(shown);
}
