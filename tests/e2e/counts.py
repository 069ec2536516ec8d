#!/usr/bin/env python3
"""Do the text, JSON, SARIF and JUnit reports of ONE run agree on the
counts of each status? Usage:
    counts.py REPORT.txt REPORT.json REPORT.sarif REPORT.xml
Prints the counts, or each disagreement; exit status 1 on any."""
import json
import re
import sys
import xml.etree.ElementTree as ET

STATUSES = ("pass", "fail", "warn", "na", "ne", "error", "waived")


def from_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = [l for l in f if l.startswith("Summary: ")]
    if len(lines) != 1:
        raise SystemExit("%s: %d summary lines" % (path, len(lines)))
    c = dict.fromkeys(STATUSES, 0)
    for n, s in re.findall(r"(\d+) (pass|fail|warn|na|ne|error|waived)\b",
                           lines[0].split(";")[0]):
        c[s] = int(n)
    return c


def from_json(path):
    with open(path) as f:
        doc = json.load(f)
    c = dict.fromkeys(STATUSES, 0)
    for r in doc["results"]:
        c[r["status"]] += 1
    if c != {s: doc["summary"][s] for s in STATUSES}:
        raise SystemExit("%s: summary %r but results count %r" % (path, doc["summary"], c))
    return c, doc["gate"]["fail_on_warn"]


def from_sarif(path):
    with open(path) as f:
        run = json.load(f)["runs"][0]
    c = dict.fromkeys(STATUSES, 0)
    for r in run["results"]:
        c[r["properties"]["status"]] += 1
    notes = run["invocations"][0].get("toolExecutionNotifications", [])
    c["error"] = sum(1 for n in notes if n["descriptor"]["id"] == "check-error")
    c["ne"] = sum(1 for n in notes if n["descriptor"]["id"] == "not-evaluated")
    summary = run["properties"]["summary"]
    for s in ("fail", "warn", "waived", "error", "ne"):
        if c[s] != summary[s]:
            raise SystemExit("%s: %d %s results/notifications but summary says %d"
                             % (path, c[s], s, summary[s]))
    c["pass"], c["na"] = summary["pass"], summary["na"]
    return c


def from_junit(path, fail_on_warn):
    root = ET.parse(path).getroot()
    c = dict.fromkeys(STATUSES, 0)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.iter("testsuite"):
        for k in totals:
            totals[k] += int(suite.get(k))
        if suite.get("name") == "artifacts":  # unreadable files, not results
            continue
        for case in suite.iter("testcase"):
            fail, err, skip = case.find("failure"), case.find("error"), case.find("skipped")
            out = case.find("system-out")
            if fail is not None:
                c["warn" if fail.get("type") == "warn" else "fail"] += 1
            elif err is not None:
                c["error"] += 1
            elif skip is not None:
                msg = skip.get("message")
                c["na" if msg.startswith("not applicable") else
                  "ne" if msg.startswith("not evaluated") else "waived"] += 1
            elif out is not None and (out.text or "").startswith("WARN"):
                c["warn"] += 1
            elif out is not None and (out.text or "").startswith("FAIL"):
                c["fail"] += 1  # a fail that does not gate
            else:
                c["pass"] += 1
    for k in totals:
        if int(root.get(k)) != totals[k]:
            raise SystemExit("%s: testsuites %s=%s, suites add up to %d"
                             % (path, k, root.get(k), totals[k]))
    if fail_on_warn is False and any(
            f.get("type") == "warn" for f in root.iter("failure")):
        raise SystemExit("%s: a warn is a failure without --fail-on-warn" % path)
    return c


def main(txt, js, sarif, junit):
    j, fail_on_warn = from_json(js)
    got = {"text": from_text(txt), "json": j, "sarif": from_sarif(sarif),
           "junit": from_junit(junit, fail_on_warn)}
    bad = [name for name, c in got.items() if c != j]
    for name in bad:
        print("# %s disagrees with json: %r vs %r" % (name, got[name], j))
    if not bad:
        print("# all four agree: " + ", ".join("%d %s" % (j[s], s) for s in STATUSES))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    sys.exit(main(*sys.argv[1:]))
