/* Helpers the reporters share: JSON strings from any bytes, artifact
 * lookup, evidence lines and URI encoding. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/check.h"
#include "ndes-audit/policy.h"
#include "ndes-audit/util.h"
#include "report-priv.h"

json_t *json_text(const char *s)
{
	json_t *j;
	char *p;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	if (j != NULL)
		return j;
	p = printable(s);
	j = json_string(p);
	free(p);
	return j != NULL ? j : json_string("");
}

const char *report_fail_on_name(const struct report *r)
{
	return r->report_only ? "none" : severity_name(r->fail_on);
}

int report_status_rank(enum status s)
{
	switch (s) {
	case ST_FAIL: return 0;
	case ST_ERROR: return 1;
	case ST_WARN: return 2;
	case ST_WAIVED: return 3;
	case ST_NE: return 4;
	case ST_NA: return 5;
	case ST_PASS: return 6;
	default: return 7;
	}
}

int report_cmp_results(const void *pa, const void *pb)
{
	const struct result *a = *(const struct result *const *)pa;
	const struct result *b = *(const struct result *const *)pb;
	int c = report_status_rank(a->status) - report_status_rank(b->status);

	if (c == 0)
		c = (int)b->check->severity - (int)a->check->severity;
	if (c == 0)
		c = strcmp(a->check->id, b->check->id);
	if (c == 0)
		c = strcmp(a->target, b->target);
	return c;
}

int report_is_finding(enum status s)
{
	return s == ST_FAIL || s == ST_WARN || s == ST_ERROR || s == ST_WAIVED;
}

void report_put_waiver(FILE *out, const struct waiver *w, const char *file,
		       void (*put)(FILE *, const char *))
{
	put(out, w->justification);
	fputs(" (expires ", out);
	put(out, w->expires);
	if (w->approved_by != NULL) {
		fputs(", approved by ", out);
		put(out, w->approved_by);
	}
	if (w->ticket != NULL) {
		fputs(", ticket ", out);
		put(out, w->ticket);
	}
	fputs("; ", out);
	put(out, file != NULL ? file : "waivers");
	fprintf(out, " line %u)", w->line);
}

const char *report_verdict_text(int exit_code, int report_only)
{
	switch (exit_code) {
	case 0: return report_only ? "report only" : "passed";
	case 1: return "FAILED";
	case 3: return "incomplete: some input could not be read";
	default: return "error";
	}
}

json_t *json_time(int64_t t, int valid)
{
	char buf[32];

	if (!valid)
		return json_null();
	time_format_iso(t, buf, sizeof(buf));
	return json_string(buf);
}

json_t *json_waiver(const struct waiver *w, const char *file)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", json_text(file));
	json_object_set_new(o, "line", json_integer(w->line));
	json_object_set_new(o, "check", json_text(w->check));
	json_object_set_new(o, "target", json_text(w->target));
	json_object_set_new(o, "justification", json_text(w->justification));
	json_object_set_new(o, "expires", json_string(w->expires));
	json_object_set_new(o, "approved_by", json_text(w->approved_by));
	json_object_set_new(o, "ticket", json_text(w->ticket));
	json_object_set_new(o, "expired", json_boolean(w->expired));
	return o;
}

static int cmp_path(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct artifact *)elem)->path);
}

const struct artifact *bundle_find(const struct bundle *b, const char *path)
{
	if (path == NULL || b == NULL || b->n == 0)
		return NULL;
	return bsearch(path, b->arts, b->n, sizeof(*b->arts), cmp_path);
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "line N" as a word in a location such as "line 12: <add ...>" or
 * "[Privilege Rights], line 7". Conservative: the word must stand alone and
 * the number must end at a non-alphanumeric character. */
static long line_in(const char *loc)
{
	const char *p = loc;

	while ((p = strstr(p, "line ")) != NULL) {
		const char *d = p + 5;
		long v = 0;
		int nd = 0;

		if (p != loc && is_alnum(p[-1])) {
			p += 5;
			continue;
		}
		while (*d >= '0' && *d <= '9' && nd < 9) {
			v = v * 10 + (*d - '0');
			d++;
			nd++;
		}
		if (nd > 0 && nd < 9 && !is_alnum(*d) && v > 0)
			return v;
		p += 5;
	}
	return 0;
}

long evidence_line(const struct evidence *ev, const struct bundle *b)
{
	const struct artifact *a;

	if (ev->line > 0)
		return ev->line;
	if (ev->artifact == NULL || ev->location == NULL)
		return 0;
	/* Registry locations are key paths: never read a line out of them. */
	a = bundle_find(b, ev->artifact);
	if (a == NULL || strncmp(artifact_kind_name(a->kind), "hive", 4) == 0)
		return 0;
	return line_in(ev->location);
}

char *uri_encode_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb;
	const unsigned char *p;

	sb_init(&sb);
	sb_add(&sb, "");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (is_alnum((char)*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
		    *p == '/') {
			sb_addn(&sb, (const char *)p, 1);
		} else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};

			sb_addn(&sb, esc, 3);
		}
	}
	return sb_take(&sb);
}
