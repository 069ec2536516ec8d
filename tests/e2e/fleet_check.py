#!/usr/bin/env python3
"""Checks of the fleet summary outputs for tests/e2e/fleet.sh: fleet_check.py
WHAT FILE [ARGS]; exit 0 when the check holds, else 1 with the reason."""
import html.parser
import json
import os
import re
import sys

RANK = {"error": 3, "fail": 2, "incomplete": 1, "ok": 0}
SEV = ["info", "low", "medium", "high", "critical"]
STATUSES = ["pass", "fail", "warn", "na", "ne", "error", "waived"]


def fail(msg):
    print("# " + msg)
    sys.exit(1)


def load(p):
    with open(p, encoding="utf-8") as f:
        return json.load(f)


def summary(path, repdir):
    s = load(path)
    for k, t in (("fleet_schema_version", int), ("tool", dict), ("as_of", str),
                 ("report_schema_version", int), ("exit_code", int), ("totals", dict),
                 ("servers", list), ("checks", list), ("certificates", list)):
        if not isinstance(s.get(k), t):
            fail("%s: %s is not a %s" % (path, k, t.__name__))
    sv = s["servers"]
    if s["totals"]["servers"] != len(sv) or sum(s["totals"][k] for k in RANK) != len(sv):
        fail("totals do not add up")
    ranks = [RANK[r["status"]] for r in sv]
    if ranks != sorted(ranks, reverse=True):
        fail("servers are not worst first: %s" % [r["status"] for r in sv])
    for r in sv:
        rep = load(os.path.join(repdir, r["report"]))
        if r["summary"] != rep["summary"]:
            fail("%s: summary differs from its report" % r["bundle"])
        if r["exit_code"] != rep["gate"]["exit_code"]:
            fail("%s: exit code differs from its report" % r["bundle"])
        if r["host"] != rep["host"]["fqdn"]:
            fail("%s: host differs" % r["bundle"])
        want = [x for x in rep["results"] if x["status"] in ("fail", "warn", "waived")]
        if sorted(f["fingerprint"] for f in r["findings"]) != sorted(x["fingerprint"] for x in want):
            fail("%s: findings differ from the report's" % r["bundle"])
        failing = {x["check"] for x in rep["results"] if x["status"] == "fail"}
        if set(r["failing_checks"]) != failing or len(r["failing_checks"]) != len(failing):
            fail("%s: failing_checks %s, report fails %s" % (r["bundle"], r["failing_checks"], failing))
        sevs = [SEV.index(f["severity"]) for f in r["findings"]]
        if sevs != sorted(sevs, reverse=True):
            fail("%s: findings not highest severity first" % r["bundle"])
    for c in s["checks"]:
        want = sorted(r["bundle"] for r in sv if c["check"] in r["failing_checks"])
        if sorted(c["fail"]) != want:
            fail("checks: %s fails on %s, servers say %s" % (c["check"], c["fail"], want))
    na = [c["not_after"] for c in s["certificates"]]
    if na != sorted(na) or not 0 < len(na) <= 20:
        fail("certificates not soonest first or not 1..20: %s" % na)
    exits = {r["exit_code"] for r in sv}
    for code in (4, 2, 1, 3, 0):
        if code in exits:
            if s["exit_code"] != code:
                fail("folded exit %d, wanted %d" % (s["exit_code"], code))
            break


def text(path, jpath):
    t = open(path, encoding="utf-8").read().splitlines()
    s = load(jpath)
    rows = [l.split()[0] for l in t[3:3 + len(s["servers"])]]
    if rows != [r["bundle"] for r in s["servers"]]:
        fail("text rows %s, JSON servers %s" % (rows, [r["bundle"] for r in s["servers"]]))
    broken = t[3]
    for c in s["servers"][0]["failing_checks"]:
        if c not in broken:
            fail("text row of %s does not name %s" % (rows[0], c))


class Page(html.parser.HTMLParser):
    VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.hrefs, self.errors, self.tags = [], set(), [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id " + a["id"])
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else ""))
        else:
            self.stack.pop()


def parse_page(path):
    src = open(path, encoding="utf-8").read()
    if not src.startswith("<!DOCTYPE html>"):
        fail("no doctype")
    p = Page()
    p.feed(src)
    p.close()
    if p.errors or p.stack:
        fail("not well-formed: %s; open %s" % (p.errors[:3], p.stack))
    if "script" in p.tags:
        fail("a <script> element")
    return src, p


def html_page(path, jpath):
    src, p = parse_page(path)
    s = load(jpath)
    for h in p.hrefs:
        if h.startswith("#") and h[1:] not in p.ids:
            fail("link %s has no target" % h)
    for r in s["servers"]:
        for c in r["failing_checks"]:
            if not any(h.startswith("#") and r["bundle"] in h and c in h for h in p.hrefs):
                fail("no cell links %s / %s to its section" % (r["bundle"], c))


def escaped(path):
    src, p = parse_page(path)
    if "<img" in src or "onerror=alert(1)>" in src or "<b>" in src or "\033" in src:
        fail("raw markup or control characters in the page")
    if "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;q" not in src:
        fail("the --fqdn value is not shown escaped")


def jsonl(path, repdir):
    lines = open(path, encoding="utf-8").read().splitlines()
    if len(lines) != 3:
        fail("%d lines" % len(lines))
    for l in lines:
        o = json.loads(l)
        if set(o) != {"bundle", "exit_code", "error", "report"}:
            fail("keys %s" % sorted(o))
        if o["report"] != load(os.path.join(repdir, o["bundle"] + ".json")):
            fail("%s: the line's report is not the report file" % o["bundle"])
        if o["exit_code"] != o["report"]["gate"]["exit_code"] or o["error"] is not None:
            fail("%s: exit code or error" % o["bundle"])


def row(path, name, status):
    s = load(path)
    r = [x for x in s["servers"] if x["bundle"] == name]
    if len(r) != 1 or r[0]["status"] != status:
        fail("%s: %s" % (name, r))
    if status == "error" and (r[0]["report"] is not None or not r[0]["error"]):
        fail("error row without an error: %s" % r)


def names(path, want):
    got = sorted(x["bundle"] for x in load(path)["servers"])
    if got != sorted(want.split(",")):
        fail("bundles %s" % got)


def differ(a, b):
    pa = load(a)["artifacts"][0]["path"]
    pb = load(b)["artifacts"][0]["path"]
    if pa == pb or "fleet2/healthy/" not in pa + pb:
        fail("artifact paths %s %s" % (pa, pb))


def baseline(path):
    s = load(path)
    b = s["baseline"]
    for r in s["servers"]:
        for f in r["findings"]:
            if f["new"] != (r["bundle"] == "missing-enforcepassword"):
                fail("%s %s new=%s" % (r["bundle"], f["check"], f["new"]))
    fixed = {(f["server"], f["check"]) for f in b["fixed"]}
    if any(srv not in ("healthy", "broken") for srv, _ in fixed):
        fixed_bad = [f for f in fixed if f[0] not in ("healthy", "broken")]
        fail("fixed names a server not in this run: %s" % fixed_bad)
    if b["new"] != sum(len(r["findings"]) for r in s["servers"] if r["bundle"] == "missing-enforcepassword"):
        fail("baseline.new %d" % b["new"])


what = sys.argv[1]
{"summary": summary, "text": text, "html": html_page, "escaped": escaped, "jsonl": jsonl,
 "row": row, "names": names, "differ": differ, "baseline": baseline}[what](*sys.argv[2:])
