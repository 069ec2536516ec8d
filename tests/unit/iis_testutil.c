#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ndes-audit/util.h"
#include "iis_testutil.h"

char *iis_text(const char *const *edits)
{
	char *path = src_path(HEALTHY_APPHOST);
	size_t n, i, j;
	char *raw = read_all(path, &n), *text;

	/* Back to LF: the edits are written with LF. */
	text = xmalloc(n + 1);
	for (i = 0, j = 0; i < n; i++)
		if (raw[i] != '\r')
			text[j++] = raw[i];
	text[j] = '\0';
	free(raw);
	free(path);
	for (i = 0; edits != NULL && edits[i] != NULL; i += 2) {
		const char *old = edits[i], *new = edits[i + 1];
		char *at = strstr(text, old), *out;

		if (at == NULL || strstr(at + 1, old) != NULL)
			fail_msg("edit must match exactly once: %s", old);
		out = xasprintf("%.*s%s%s", (int)(at - text), text, new, at + strlen(old));
		free(text);
		text = out;
	}
	return text;
}

static void mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	free(p);
}

void iis_put(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct strbuf sb;
	const char *t;

	mkdirs(path);
	sb_init(&sb);
	sb_add(&sb, "");
	for (t = text; *t != '\0'; t++) {
		if (*t == '\n')
			sb_add(&sb, "\r");
		sb_addn(&sb, t, 1);
	}
	write_file(path, sb.s, sb.len);
	sb_free(&sb);
	free(path);
}

void iis_copy(const char *dir, const char *from, const char *rel)
{
	char *src = src_path(from), *dst = xasprintf("%s/%s", dir, rel);

	mkdirs(dst);
	copy_file(src, dst);
	free(src);
	free(dst);
}

char *iis_stage(const char *const *edits)
{
	char *dir = scratch_dir(), *text = iis_text(edits);

	iis_put(dir, APPHOST_REL, text);
	free(text);
	return dir;
}

void iis_audit(struct audit *a, char *dir)
{
	audit_one(a, dir);
	a->dir = dir;
}

void iis_audit_edits(struct audit *a, const char *const *edits)
{
	iis_audit(a, iis_stage(edits));
}

int iis_has_ev(const struct result *r, const char *loc_part, const char *value)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		const struct evidence *e = &r->ev[i];

		if (e->location != NULL && strstr(e->location, loc_part) != NULL &&
		    (value == NULL || (e->value != NULL && strcmp(e->value, value) == 0)))
			return 1;
	}
	return 0;
}
