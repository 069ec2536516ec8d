#!/bin/bash
# Every output format from one run (-o several): the SARIF validates against
# the OASIS 2.1.0 schema, the JUnit is well-formed XML, all four formats
# agree on the counts, the text on stdout equals the text file, the JSON
# report keeps every field of its documented shape, and the output is
# deterministic. Run on every sample bundle, on the frozen bundles of
# tests/fixtures/bundles, on hostile bundles and with waivers and a baseline.
# Waivers, baseline and hostile bundles use the frozen bundles (gate-broken
# fails the three HTTP.sys checks whatever else is merged); no count is
# written here, each is computed from the reports of the same run.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
e2e=tests/e2e
B=tests/fixtures/bundles/gate-broken
GH=tests/fixtures/bundles/gate-healthy
GT=tests/fixtures/bundles/gate-torn

# python3 with jsonschema (Debian: python3-jsonschema). A pyenv python may
# lack it while /usr/bin/python3 has it.
py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' >/dev/null 2>&1; then py=$p; break; fi
done
# The schema ships in the tree (tests/schema/README.md says where from);
# the OASIS Standard's Errata 01 copy, stricter in places, is used as well
# when it is beside the checkout.
schema=${NDES_SARIF_SCHEMA:-$(pwd)/tests/schema/sarif-2.1.0-rtm.5.json}
errata=$(pwd)/../shared/reference/schemas/sarif-schema-2.1.0.json
# python3 with junitparser (Debian: python3-junitparser), what CI tools in
# Python read JUnit with.
jpy=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import junitparser' >/dev/null 2>&1; then jpy=$p; break; fi
done

# all NAME [OPTIONS] PATH...: every format of one run into $tmp/NAME.*
all() {
	local name=$1; shift
	"$NDES_AUDIT" --as-of $asof -o json:"$tmp/$name.json" -o sarif:"$tmp/$name.sarif" \
		-o junit:"$tmp/$name.xml" -o text:"$tmp/$name.txt" "$@" \
		> "$tmp/$name.stdout" 2> "$tmp/$name.err"
	rc=$?
}

validate() { # validate NAME
	local name=$1 sch=(--schema "$schema") what="the SARIF 2.1.0 schema"
	if [ -n "$py" ] && [ -f "$errata" ]; then
		sch+=(--schema "$errata"); what="$what, its OASIS Errata 01 copy"
	elif [ -n "$py" ]; then
		skip_test "$name: SARIF against the OASIS Errata 01 copy of the schema" \
			"../shared/reference/schemas/sarif-schema-2.1.0.json is not beside the checkout"
	fi
	if [ -z "$py" ]; then
		skip_test "$name: SARIF against the schema" "python3-jsonschema not installed"
		check "$name: SARIF follows GitHub's rules" python3 $e2e/validate_sarif.py "$tmp/$name.sarif"
	elif [ -f "$schema" ]; then
		check "$name: SARIF valid against $what and GitHub's rules" \
			"$py" $e2e/validate_sarif.py "${sch[@]}" "$tmp/$name.sarif"
	else
		not_ok "$name: SARIF against the schema: $schema missing"
	fi
	if command -v xmllint >/dev/null 2>&1; then
		check "$name: JUnit is well-formed XML" xmllint --noout --nonet "$tmp/$name.xml"
	else
		check "$name: JUnit is well-formed XML" python3 -c \
			'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/$name.xml"
	fi
	if [ -n "$jpy" ]; then
		check "$name: junitparser reads the JUnit with the JSON's counts, GitLab/Jenkins shape" \
			"$jpy" $e2e/junit_counts.py "$tmp/$name.json" "$tmp/$name.xml"
	else
		skip_test "$name: JUnit read by junitparser" "python3-junitparser not installed"
	fi
	check "$name: text, JSON, SARIF and JUnit agree on the counts" \
		python3 $e2e/counts.py "$tmp/$name.txt" "$tmp/$name.json" "$tmp/$name.sarif" "$tmp/$name.xml"
	check "$name: the text on stdout is the text report" cmp -s "$tmp/$name.stdout" "$tmp/$name.txt"
	check "$name: the gate's exit status is in every report" python3 -c '
import json, sys, xml.etree.ElementTree as ET
rc = int(sys.argv[1]); n = sys.argv[2]
j = json.load(open(n + ".json")); s = json.load(open(n + ".sarif"))["runs"][0]
x = ET.parse(n + ".xml").getroot().find("testsuite/properties")
ok = j["gate"]["exit_code"] == rc and s["invocations"][0]["exitCode"] == rc
ok = ok and any(p.get("name") == "exit_code" and p.get("value") == str(rc) for p in x)
ok = ok and ("(exit %d)" % rc) in open(n + ".txt").read()
sys.exit(0 if ok else 1)' "$rc" "$tmp/$name"
	check "$name: nothing on stderr" [ ! -s "$tmp/$name.err" ]
}

# Every sample bundle and every frozen bundle.
for b in samples/*/ tests/fixtures/bundles/*/; do
	b=${b%/}
	[ "$b" = samples/src ] && continue
	name=$(basename "$b")
	all "$name" "$b"
	want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["gate"]["exit_code"])' "$tmp/$name.json" 2>/dev/null)
	check "$name: exit status $rc is the one the reports record" [ "$rc" = "$want" ]
	validate "$name"
done

# With waivers (one applied, one expired, one unused) and a baseline.
all waived --waivers $e2e/broken.waivers $B
validate waived
check "waived: one waived result, with a suppression in SARIF" python3 -c '
import json, sys
j = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))["runs"][0]
ref = json.load(open(sys.argv[3]))
w = [r for r in s["results"] if r.get("suppressions")]
ok = j["summary"]["waived"] == 1 and len(w) == 1 and w[0]["ruleId"] == "httpsys.tls_binding"
ok = ok and len(s["results"]) == sum(1 for r in ref["results"] if r["status"] in ("fail", "warn"))
ok = ok and j["summary"]["fail"] == ref["summary"]["fail"] - 1
notes = s["invocations"][0]["toolConfigurationNotifications"]
ok = ok and sorted(n["descriptor"]["id"] for n in notes) == ["waiver-expired", "waiver-unused"]
sys.exit(0 if ok else 1)' "$tmp/waived.json" "$tmp/waived.sarif" "$tmp/gate-broken.json"

"$NDES_AUDIT" --as-of $asof -f json $B > "$tmp/old.json"
all baseline --baseline "$tmp/old.json" --fail-on-new $B
validate baseline
check "baseline: nothing new, so the gate passes" [ "$rc" -eq 0 ]
check "baseline: SARIF marks every result unchanged" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]["results"]
sys.exit(0 if s and all(r["baselineState"] == "unchanged" for r in s) else 1)' "$tmp/baseline.sarif"

# Hostile bundles: unreadable files, odd names.
mkdir -p "$tmp/torn" "$tmp/mixed" "$tmp/odd names"
cp $GT/registry/SYSTEM.hiv "$tmp/torn/SYSTEM.hiv"
cp $GH/registry/SYSTEM.hiv "$tmp/mixed/SYSTEM.hiv"; cp $GT/registry/SYSTEM.hiv "$tmp/mixed/torn.bin"
cp $B/registry/SYSTEM.hiv "$tmp/odd names/$(printf 'sys\001 100%%#?\377.hiv')"
printf '<x>]]>&amp;</x>' > "$tmp/odd names/$(printf 'a<b>&\"c\033.xml')"
for name in torn mixed "odd names"; do
	short=${name// /_}
	all "$short" "$tmp/$name"
	validate "$short"
done
check "torn: exit 3, JUnit has the unreadable file as an error" sh -c \
	"[ $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["gate"]["exit_code"])' "$tmp/torn.json") -eq 3 ] && grep -q '<error message=' '$tmp/torn.xml'"
check "odd names: artifact URIs percent-encoded" grep -q '"uri": "sys%01%20100%25%23%3F%FF.hiv"' "$tmp/odd_names.sarif"

# The JSON report keeps its documented shape (fields are only ever added).
check "JSON: every documented field, with its type" python3 -c '
import json, sys
S, I, N, L, D, B = str, int, type(None), list, dict, bool
top = {"schema_version": I, "tool": D, "as_of": S, "collected_at": (S, N), "host": D,
       "artifacts": L, "results": L, "summary": D, "gate": D}
art = {"path": S, "kind": S, "sha256": (S, N), "size": I, "status": S, "error": (S, N),
       "note": (S, N), "warnings": L}
res = {"check": S, "status": S, "severity": S, "title": S, "target": S, "message": S,
       "evidence": L, "remediation": (S, N)}
ev = {"artifact": (S, N), "location": (S, N), "value": (S, N)}
added = {"fingerprint": S, "original_status": (S, N), "waiver": (D, N), "baseline": (S, N)}
def has(o, spec, what):
    for k, t in spec.items():
        if k not in o or not isinstance(o[k], t):
            sys.exit("%s: %s missing or of the wrong type" % (what, k))
for path in sys.argv[1:]:
    d = json.load(open(path))
    has(d, top, "report"); has(d["tool"], {"name": S, "version": S}, "tool")
    has(d["host"], {"fqdn": (S, N)}, "host")
    has(d["gate"], {"fail_on": S, "exit_code": I, "fail_on_warn": B, "fail_on_new": B}, "gate")
    has(d["summary"], dict.fromkeys(["pass", "fail", "warn", "na", "ne", "error", "waived"], I), "summary")
    assert d["schema_version"] == 1
    for a in d["artifacts"]: has(a, art, "artifact")
    for r in d["results"]:
        has(r, res, "result"); has(r, added, "result")
        for e in r["evidence"]: has(e, ev, "evidence")
' "$tmp"/*.json

# Deterministic: the same run twice gives the same bytes.
"$NDES_AUDIT" --as-of $asof -q -o json:"$tmp/d1.json" -o sarif:"$tmp/d1.sarif" -o junit:"$tmp/d1.xml" --waivers $e2e/broken.waivers $B
"$NDES_AUDIT" --as-of $asof -q -o json:"$tmp/d2.json" -o sarif:"$tmp/d2.sarif" -o junit:"$tmp/d2.xml" --waivers $e2e/broken.waivers $B
for x in json sarif xml; do
	check "deterministic: $x twice gives the same bytes" cmp -s "$tmp/d1.$x" "$tmp/d2.$x"
done

for f in "$tmp"/*.err; do
	check "clean stderr: $(basename "$f")" clean_stderr "$f"
done
done_testing
