/* What every HTML page of ndes-audit shares (the audit report, and any
 * other page such as a summary of several servers): escaping of text from
 * a bundle, links that may only be http or https, and the page chrome (one
 * self-contained file: inline CSS for screen and print, no script, no
 * font or anything else fetched). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ndes-audit/util.h"
#include "report-priv.h"

/* Screen and print. Long strings (paths, thumbprints, key paths) wrap
 * anywhere so that nothing is clipped; printing opens the folded parts
 * where the browser lets CSS do it (::details-content). */
static const char html_css[] =
	":root{--fail:#b3261e;--error:#8e24aa;--warn:#a65f00;--pass:#2e7d32;--muted:#5f6368;"
	"--line:#dadce0;--bg:#fff;--fg:#202124;--soft:#f6f7f9}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif}\n"
	"main{max-width:76rem;margin:0 auto;padding:1.2rem 1.5rem 2rem}\n"
	"h1{font-size:1.5rem;margin:.2rem 0 .6rem}h2{font-size:1.2rem;margin:1.6rem 0 .6rem;"
	"border-bottom:1px solid var(--line);padding-bottom:.2rem}h3{font-size:1rem;margin:0}\n"
	"code,pre,.mono{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,"
	"'DejaVu Sans Mono',monospace;font-size:.88em}\n"
	"td,dd,li,p,summary,h3{overflow-wrap:break-word}\n"
	".mono,code,pre{overflow-wrap:anywhere}th{white-space:nowrap}\n"
	"pre{white-space:pre-wrap;margin:0}\n"
	"a{color:#1a56c4}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid "
	"var(--line)}\n"
	"th{font-weight:600;color:var(--muted)}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}\n"
	"dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}\n"
	".verdict{display:inline-block;font-weight:700;padding:.3rem .8rem;border-radius:.3rem;"
	"color:#fff;background:var(--muted)}\n"
	".verdict.v-pass{background:var(--pass)}.verdict.v-fail{background:var(--fail)}"
	".verdict.v-incomplete{background:var(--warn)}.verdict.v-error{background:var(--error)}\n"
	"table.counts{width:auto}.counts td,.counts th{text-align:right;padding:.2rem .9rem}.counts td:first-child,.counts th:first-child"
	"{text-align:left}\n"
	".badge{display:inline-block;font-size:.78rem;font-weight:700;padding:0 .4rem;"
	"border-radius:.25rem;border:1px solid currentColor;text-transform:uppercase;"
	"margin-right:.3rem}\n"
	".st-fail{color:var(--fail)}.st-error{color:var(--error)}.st-warn{color:var(--warn)}"
	".st-pass{color:var(--pass)}.st-na,.st-ne,.st-waived{color:var(--muted)}\n"
	".finding{border:1px solid var(--line);border-left:.3rem solid var(--muted);"
	"border-radius:.3rem;padding:.5rem .8rem;margin:.6rem 0;break-inside:avoid}\n"
	".finding.st-fail{border-left-color:var(--fail)}.finding.st-error{border-left-color:"
	"var(--error)}.finding.st-warn{border-left-color:var(--warn)}\n"
	".finding>*{color:var(--fg)}.finding p{margin:.3rem 0}\n"
	".muted{color:var(--muted)}\n"
	"details{margin:.4rem 0}summary{cursor:pointer;font-weight:600}\n"
	"figure{margin:.6rem 0}figure svg{max-width:100%;height:auto;display:block}\n"
	"figcaption{color:var(--muted);font-size:.85rem}\n"
	"footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);"
	"margin-top:2rem;padding-top:.5rem}\n"
	"@media print{body{font-size:11pt}main{max-width:none;padding:0}"
	"details::details-content{content-visibility:visible;display:contents}"
	"details>summary{list-style:none}a{color:inherit}"
	".finding,figure,tr{break-inside:avoid}h2{break-after:avoid}}\n";

char *html_escape(const char *s, enum text_ws ws)
{
	char *t = text_escape(s, ws), *p;
	struct strbuf sb;

	sb_init(&sb);
	sb_add(&sb, "");
	for (p = t; *p != '\0'; p++) {
		switch (*p) {
		case '&': sb_add(&sb, "&amp;"); break;
		case '<': sb_add(&sb, "&lt;"); break;
		case '>': sb_add(&sb, "&gt;"); break;
		case '"': sb_add(&sb, "&quot;"); break;
		case '\'': sb_add(&sb, "&#39;"); break;
		default: sb_addn(&sb, p, 1); break;
		}
	}
	free(t);
	return sb_take(&sb);
}

void html_put(FILE *out, const char *s)
{
	char *h = html_escape(s, TEXT_WS_ESCAPE);

	fputs(h, out);
	free(h);
}

void html_put_ws(FILE *out, const char *s, enum text_ws ws)
{
	char *h = html_escape(s, ws);

	fputs(h, out);
	free(h);
}

int html_url_safe(const char *url)
{
	const unsigned char *p;
	size_t skip;

	if (url == NULL)
		return 0;
	if (ascii_ncasecmp(url, "https://", 8) == 0)
		skip = 8;
	else if (ascii_ncasecmp(url, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	if (url[skip] == '\0' || url[skip] == '/')
		return 0;
	/* Printable ASCII only, none of the characters that end an attribute
	 * or a URL's text: a bundle's own bytes never get into an href raw. */
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("\"'<>`\\", *p) != NULL)
			return 0;
	return 1;
}

void html_link(FILE *out, const char *url, const char *text)
{
	if (!html_url_safe(url)) {
		html_put(out, text != NULL ? text : url);
		return;
	}
	fputs("<a href=\"", out);
	html_put(out, url);
	fputs("\">", out);
	html_put(out, text != NULL ? text : url);
	fputs("</a>", out);
}

void html_page_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"ndes-audit\">\n<title>", out);
	html_put(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(html_css, out);
	fputs("</style>\n</head>\n<body>\n<main>\n", out);
}

void html_page_end(FILE *out, const char *tool_version)
{
	fputs("<footer>Written by ndes-audit ", out);
	html_put(out, tool_version);
	fputs(" from the files of the bundle alone: this page fetches nothing.</footer>\n"
	      "</main>\n</body>\n</html>\n", out);
}

const char *html_status_class(enum status s)
{
	switch (s) {
	case ST_FAIL: return "st-fail";
	case ST_WARN: return "st-warn";
	case ST_ERROR: return "st-error";
	case ST_PASS: return "st-pass";
	case ST_NA: return "st-na";
	case ST_NE: return "st-ne";
	case ST_WAIVED: return "st-waived";
	default: return "st-na";
	}
}

void html_verdict(FILE *out, int exit_code, int report_only)
{
	const char *cls = exit_code == 0 ? "v-pass" : exit_code == 1 ? "v-fail"
			  : exit_code == 3 ? "v-incomplete" : "v-error";

	fprintf(out, "<span class=\"verdict %s\">%s (exit %d)</span>", cls,
		report_verdict_text(exit_code, report_only), exit_code);
}
