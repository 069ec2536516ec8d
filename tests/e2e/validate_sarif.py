#!/usr/bin/env python3
"""Validate SARIF files: against each OASIS 2.1.0 JSON schema given with
--schema (python3-jsonschema needed then), then the rules GitHub
code scanning adds and ndes-audit promises. Usage:
    validate_sarif.py [--schema FILE]... REPORT.sarif...
Prints one line per problem; exit status 1 when there is any."""
import json
import re
import sys

# RFC 3986 URI-reference: only these characters, and % followed by 2 hex digits.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
problems = []


def problem(path, msg):
    problems.append("%s: %s" % (path, msg))


def walk_uris(path, node, where=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "uri" and isinstance(v, str) and not URI_CHARS.match(v):
                problem(path, "%s/uri is not a URI reference: %r" % (where, v))
            walk_uris(path, v, where + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk_uris(path, v, "%s/%d" % (where, i))


# SARIF 2.1.0, 3.33.7: the kinds a logicalLocation may have.
LOGICAL_KINDS = {"function", "member", "module", "namespace", "parameter", "resource",
                 "returnType", "type", "variable", "object", "array", "property", "value",
                 "element", "text", "attribute", "comment", "declaration", "dtd",
                 "processingInstruction"}


def check(path, doc):
    runs = doc.get("runs", [])
    if len(runs) != 1:
        problem(path, "%d runs, expected 1" % len(runs))
    if len(runs) > 20:
        problem(path, "more than 20 runs (GitHub rejects the file)")
    walk_uris(path, doc)
    for run in runs:
        rules = run["tool"]["driver"]["rules"]
        ids = [r["id"] for r in rules]
        if len(set(ids)) != len(ids):
            problem(path, "rule ids repeat")
        if len(rules) > 25000:
            problem(path, "more than 25000 rules")
        for r in rules:
            if not 0 < len(r.get("name", "")) <= 255:
                problem(path, "rule %s: name empty or over 255" % r["id"])
            for f in ("shortDescription", "fullDescription"):
                t = r.get(f, {}).get("text", "")
                if not 0 < len(t) <= 1024:
                    problem(path, "rule %s: %s empty or over 1024" % (r["id"], f))
            if not r.get("help", {}).get("text"):
                problem(path, "rule %s: no help text" % r["id"])
            sev = float(r["properties"]["security-severity"])
            if not 0.0 <= sev <= 10.0:
                problem(path, "rule %s: security-severity %s" % (r["id"], sev))
            if len(r["properties"].get("tags", [])) > 20:
                problem(path, "rule %s: more than 20 tags" % r["id"])
        # What the SARIF Multitool's Gh and Sarif rules ask of the driver
        # (GH2012 for notification descriptors, SARIF2005 informationUri);
        # tests/e2e/multitool.sh runs the tool itself when it is installed.
        driver = run["tool"]["driver"]
        if not re.match("^[a-z][a-z0-9+.-]*:", driver.get("informationUri", "")):
            problem(path, "tool.driver.informationUri missing or not absolute")
        for d in driver.get("notifications", []):
            for f in ("shortDescription", "fullDescription", "help"):
                if not d.get(f, {}).get("text"):
                    problem(path, "notification %s: no %s text" % (d.get("id"), f))
        results = run.get("results", [])
        if len(results) > 25000:
            problem(path, "more than 25000 results")
        nart = len(run.get("artifacts", []))
        for a in run.get("artifacts", []):
            h = a.get("hashes", {}).get("sha-256")
            if h is not None and not re.match("^[0-9a-f]{64}$", h):
                problem(path, "artifact hash %r" % h)
        for i, res in enumerate(results):
            where = "results[%d]" % i
            if res["ruleId"] not in ids:
                problem(path, where + ": unknown ruleId")
            elif "ruleIndex" in res and ids[res["ruleIndex"]] != res["ruleId"]:
                problem(path, where + ": ruleIndex does not match ruleId")
            if not res.get("message", {}).get("text"):
                problem(path, where + ": empty message")
            locs = res.get("locations", [])
            if not 1 <= len(locs) <= 10:
                problem(path, where + ": %d locations" % len(locs))
            for loc in locs + res.get("relatedLocations", []):
                al = loc.get("physicalLocation", {}).get("artifactLocation", {})
                if "index" in al and not 0 <= al["index"] < nart:
                    problem(path, where + ": artifact index out of range")
                line = loc.get("physicalLocation", {}).get("region", {}).get("startLine")
                if line is not None and line < 1:
                    problem(path, where + ": startLine %r" % line)
            for loc in locs + res.get("relatedLocations", []):
                for ll in loc.get("logicalLocations", []):
                    if ll.get("kind") not in LOGICAL_KINDS:
                        problem(path, where + ": logical location kind %r" % ll.get("kind"))
            # SARIF2017: a result in a file says where in it.
            for loc in locs:
                pl = loc.get("physicalLocation", {})
                uri = pl.get("artifactLocation", {}).get("uri", "")
                if not uri.endswith("/") and not pl.get("region"):
                    problem(path, where + ": located in %s without a region" % uri)
                reg = pl.get("region", {})
                ai = pl.get("artifactLocation", {}).get("index")
                if "byteLength" in reg and ai is not None and \
                        reg["byteLength"] != run["artifacts"][ai].get("length"):
                    problem(path, where + ": whole-file region is not the file's length")
            if not locs or "physicalLocation" not in locs[0]:
                problem(path, where + ": no physical location (GitHub shows none)")
            fp = res.get("partialFingerprints", {})
            if not re.match("^[0-9a-f]{32}$", fp.get("ndesAuditFingerprint/v1", "")):
                problem(path, where + ": no ndesAuditFingerprint/v1")
            if fp.get("primaryLocationLineHash") != fp.get("ndesAuditFingerprint/v1"):
                problem(path, where + ": primaryLocationLineHash differs")
            st = res["properties"]["status"]
            if st not in ("fail", "warn", "waived"):
                problem(path, where + ": status %s" % st)
            if (st == "waived") != bool(res.get("suppressions")):
                problem(path, where + ": waived <=> suppressions broken")
            for s in res.get("suppressions", []):
                if s.get("kind") != "external" or not s.get("justification"):
                    problem(path, where + ": suppression without kind/justification")
        inv = run["invocations"][0]
        if "asOf" not in inv.get("properties", {}):
            problem(path, "invocations[0] has no asOf")


def main(argv):
    validators = []
    while len(argv) > 2 and argv[1] == "--schema":
        with open(argv[2]) as f:
            schema = json.load(f)
        argv = argv[2:]
        import jsonschema
        # The draft the schema names in $schema: the OASIS Standard's copy
        # is draft-04; a copy naming another draft gets that draft's rules.
        cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft4Validator)
        validators.append(cls(schema, format_checker=jsonschema.FormatChecker()))
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for validator in validators:
            for e in validator.iter_errors(doc):
                problem(path, "schema: %s at %s" % (e.message, "/".join(map(str, e.path))))
        check(path, doc)
    for p in problems:
        print("# " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
