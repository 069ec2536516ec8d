#!/usr/bin/env python3
"""junit_counts.py REPORT.json REPORT.xml

Reads the JUnit report with junitparser (Debian: python3-junitparser), the
library CI tools in Python use, and checks that what it reads agrees with
the JSON report of the same run:
  tests    = every result (the JSON summary's total) + unreadable files
  failures = the results that gate (fail, or warn under fail_on_warn, at or
             above fail_on, not known to the baseline under fail_on_new)
  errors   = the summary's error + unreadable files
  skipped  = the summary's na + ne + waived
both as the suites' attributes say and as counted from the test cases; and
that it follows what GitLab and Jenkins read: classname = the check area,
name = check ID + target, a failure has message and type and the evidence
as text, every suite has timestamp and hostname. Exit 0 when all holds,
77 when junitparser is missing."""
import json
import sys

try:
    from junitparser import JUnitXml, TestSuite, Failure, Error, Skipped
except ImportError:
    print("# junitparser not installed (python3-junitparser)")
    sys.exit(77)

SEV = ["info", "low", "medium", "high", "critical"]


def expected(j):
    s = j["summary"]
    g = j["gate"]
    fail_on = SEV.index(g["fail_on"])
    gates = [r for r in j["results"]
             if (r["status"] == "fail" or (g["fail_on_warn"] and r["status"] == "warn"))
             and SEV.index(r["severity"]) >= fail_on
             and not (g["fail_on_new"] and r.get("baseline") == "known")]
    bad = sum(1 for a in j["artifacts"] if a["status"] == "error")
    return {"tests": sum(s.values()) + bad, "failures": len(gates),
            "errors": s["error"] + bad, "skipped": s["na"] + s["ne"] + s["waived"]}


def main(argv):
    j = json.load(open(argv[1]))
    xml = JUnitXml.fromfile(argv[2])
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    want = expected(j)
    attrs = dict.fromkeys(want, 0)
    cases = dict.fromkeys(want, 0)
    ids = {r["check"] for r in j["results"]}
    problems = []
    for s in suites:
        for k in want:
            attrs[k] += getattr(s, k) or 0
        if not s.timestamp or not s.hostname:
            problems.append("suite %s: no timestamp or hostname" % s.name)
        for c in s:
            cases["tests"] += 1
            kinds = [type(r) for r in c.result]
            cases["failures"] += kinds.count(Failure)
            cases["errors"] += kinds.count(Error)
            cases["skipped"] += kinds.count(Skipped)
            if s.name == "artifacts":
                continue
            check = c.name.split(": ", 1)[0].split(" #", 1)[0]
            if check not in ids or c.classname != check.split(".", 1)[0] \
                    or c.classname != s.name:
                problems.append("case %r: classname %r, suite %r" % (c.name, c.classname, s.name))
            for r in c.result:
                if isinstance(r, Failure) and not (r.message and r.type and r.text
                                                   and "evidence: " in r.text):
                    problems.append("case %r: failure without message, type or evidence" % c.name)
    for k in want:
        if not want[k] == attrs[k] == cases[k]:
            problems.append("%s: JSON %d, suite attributes %d, test cases %d"
                            % (k, want[k], attrs[k], cases[k]))
    for p in problems:
        print("# %s: %s" % (argv[2], p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
