#!/usr/bin/env python3
"""html_check.py REPORT.html [JSON-REPORT] -- check an HTML report of
ndes-audit with a real HTML parser (python's html.parser):

- well formed: every element the report opens is closed, in order (void
  elements and SVG's self-closed ones aside), one <html>, <head>, <body>;
- only the elements and attributes the reporter writes: no <script>, <img>,
  <iframe>, <object>, <link>..., no on* attribute, no style attribute, one
  <style> in <head>; every href is http:// or https://;
- the sections the reporter always writes are there;
- with a JSON report of the same run: the counts table's totals equal its
  summary, and each finding (fail, warn, error, waived) is one <article>.

Prints one line per problem and exits 1 when there is any."""
import json
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "wbr"}
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "article", "h1", "h2", "h3", "p", "span", "b", "code", "a", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "details", "summary", "ul", "li", "br", "time",
    "figure", "figcaption",
    # inline SVG
    "svg", "g", "title", "line", "rect", "text",
}
ATTRS = {"class", "id", "lang", "charset", "name", "content", "href", "datetime", "xmlns",
         "viewbox", "width", "height", "role", "aria-labelledby", "font-family", "x", "y",
         "x1", "y1", "x2", "y2", "rx", "fill", "stroke", "stroke-width", "stroke-dasharray",
         "font-size", "text-anchor", "paint-order", "data-check", "data-status", "data-state", "data-day"}
ALWAYS = ["summary", "gate", "counts", "findings", "folded", "artifacts", "certificates"]


class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.ids = set()
        self.count = {}
        self.styles = 0
        self.articles = 0
        self.data_status = None
        self.totals = {}
        self.text = []

    def fail(self, msg):
        self.problems.append("line %d: %s" % (self.getpos()[0], msg))

    def attrs_ok(self, tag, attrs):
        for k, v in attrs:
            k = k.lower()
            if k.startswith("on"):
                self.fail("event handler attribute %s on <%s>" % (k, tag))
            elif k not in ATTRS:
                self.fail("unexpected attribute %s on <%s>" % (k, tag))
            if k == "href" and not (v or "").lower().startswith(("http://", "https://")):
                self.fail("href not http(s): %r" % v)
            if k == "id":
                self.ids.add(v)
            if k == "data-status" and tag == "td":
                self.data_status = v

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in ALLOWED:
            self.fail("unexpected element <%s>" % tag)
        self.attrs_ok(tag, attrs)
        if tag == "style":
            self.styles += 1
            if self.stack != ["html", "head"]:
                self.fail("<style> outside <head>")
        if tag == "article":
            self.articles += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in ALLOWED:
            self.fail("unexpected element <%s/>" % tag)
        self.attrs_ok(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.fail("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if tag == "td" and self.data_status is not None:
            self.totals[self.data_status] = int("".join(self.text).strip())
            self.data_status = None
        if tag == "td":
            self.text = []

    def handle_data(self, data):
        if self.data_status is not None:
            self.text.append(data)

    def handle_comment(self, data):
        self.fail("comment in the report")

    def handle_pi(self, data):
        self.fail("processing instruction in the report")


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print("not UTF-8: %s" % e)
        return 1
    c = Check()
    c.feed(text)
    c.close()
    if not text.startswith("<!DOCTYPE html>\n"):
        c.problems.append("no <!DOCTYPE html> first")
    if c.stack:
        c.problems.append("left open at the end: %s" % c.stack)
    for t in ("html", "head", "body", "main"):
        if c.count.get(t) != 1:
            c.problems.append("<%s> %d times" % (t, c.count.get(t, 0)))
    if c.styles != 1:
        c.problems.append("%d <style> elements" % c.styles)
    for s in ALWAYS:
        if s not in c.ids:
            c.problems.append("section #%s missing" % s)
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            j = json.load(f)
        for status, n in j["summary"].items():
            if c.totals.get(status) != n:
                c.problems.append("count of %s: %s in HTML, %d in JSON" % (status, c.totals.get(status), n))
        nfind = sum(1 for r in j["results"] if r["status"] in ("fail", "warn", "error", "waived"))
        if c.articles != nfind:
            c.problems.append("%d findings in HTML, %d in JSON" % (c.articles, nfind))
    for p in c.problems:
        print(p)
    if c.problems:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
