#!/bin/bash
# The CI gate through the binary: exit codes for each gate option, -q,
# several outputs and what -o refuses, waivers (match, expiry on the day
# after, unused, malformed) and baselines (known, one new, refused).
#
# "Broken" is the frozen bundle tests/fixtures/bundles/gate-broken: it fails
# httpsys.max_field_length, .max_request_bytes and .tls_binding, whatever
# else is merged. "Healthy" is samples/healthy, which passes the default gate
# by the samples' rule. Checks added later may add results to either, so no
# count is written here: each is computed from the JSON report of the same
# bundle (gate.py below), and exact outcomes are asserted only for the
# HTTP.sys findings the frozen bundle fixes.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
B=tests/fixtures/bundles/gate-broken
H=samples/healthy
GH=tests/fixtures/bundles/gate-healthy
A() { "$NDES_AUDIT" --as-of $asof "$@"; }
jq_() { # jq_ FILE EXPR: a python expression on the JSON report r
	python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"
}
cat > "$tmp/gate.py" <<'EOF'
"""What a JSON report's results imply, computed here, not read from its gate.
  gate.py exit REPORT.json FAIL_ON WARN NEW   the exit status the gate must give
  gate.py count REPORT.json STATUS...         how many results have these statuses
  gate.py waive-all REPORT.json               a waiver for each check with a fail or warn
  gate.py agree J.json S.sarif U.xml FAIL_ON WARN NEW RC
      the findings that gate by the rule, the JUnit failures and the SARIF
      results at level error of one run are the same (check, target) pairs,
      and RC is 1 exactly when there is one"""
import collections, json, re, sys
import xml.etree.ElementTree as ET
SEV = ["info", "low", "medium", "high", "critical"]
cmd, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
res = r["results"]
if cmd == "exit":
    fail_on, warn, new = SEV.index(sys.argv[3]), sys.argv[4] == "1", sys.argv[5] == "1"
    gates = [x for x in res
             if (x["status"] == "fail" or (warn and x["status"] == "warn"))
             and SEV.index(x["severity"]) >= fail_on
             and not (new and x["baseline"] == "known")]
    bad = any(x["status"] == "error" for x in res) or \
        any(a["status"] == "error" for a in r["artifacts"]) or \
        not any(a["status"] == "ok" for a in r["artifacts"])
    print(1 if gates else 3 if bad else 0)
elif cmd == "agree":
    fail_on, warn, new = SEV.index(sys.argv[5]), sys.argv[6] == "1", sys.argv[7] == "1"
    want = collections.Counter(
        (x["check"], x["target"]) for x in res
        if (x["status"] == "fail" or (warn and x["status"] == "warn"))
        and SEV.index(x["severity"]) >= fail_on
        and not (new and x["baseline"] == "known"))
    sarif = collections.Counter(
        (x["ruleId"], x["properties"]["target"])
        for x in json.load(open(sys.argv[3]))["runs"][0]["results"] if x["level"] == "error")
    junit = collections.Counter()
    for c in ET.parse(sys.argv[4]).iter("testcase"):
        if c.find("failure") is not None:
            name = re.sub(r" #[0-9]+$", "", c.get("name"))
            check, _, target = name.partition(": ")
            junit[(check, target)] += 1
    rc = int(sys.argv[8])
    ok = want == sarif == junit and (rc == 1) == (len(want) > 0)
    if not ok:
        print("gate:", sorted(want), "\nSARIF errors:", sorted(sarif),
              "\nJUnit failures:", sorted(junit), "\nexit", rc)
    sys.exit(0 if ok else 1)
elif cmd == "count":
    print(sum(1 for x in res if x["status"] in sys.argv[3:]))
elif cmd == "waive-all":
    for c in sorted({x["check"] for x in res if x["status"] in ("fail", "warn")}):
        print("[waiver]\ncheck = %s\njustification = accepted for the pilot\n"
              "expires = 2026-06-30\n" % c)
EOF
G() { python3 "$tmp/gate.py" "$@"; }

# The reports every expectation below is computed from.
A -f json $B > "$tmp/ref-broken.json"
A -f json $H > "$tmp/ref-healthy.json"
http3="{'httpsys.max_field_length', 'httpsys.max_request_bytes', 'httpsys.tls_binding'}"
check "broken: the three HTTP.sys failures the frozen bundle fixes" jq_ "$tmp/ref-broken.json" \
	"sorted((x['check'], x['severity']) for x in r['results'] if x['check'] in $http3 and x['status'] == 'fail') == [('httpsys.max_field_length', 'high'), ('httpsys.max_request_bytes', 'high'), ('httpsys.tls_binding', 'high')]"

# ---- Gate options.
status_is "default gate: broken fails (high failures)" 1 A $B
status_is "default gate: healthy passes" 0 A $H
status_is "--fail-on critical: the high failures do not gate" "$(G exit "$tmp/ref-broken.json" critical 0 0)" A --fail-on critical $B
status_is "--fail-on-warn: healthy fails only on its warnings" "$(G exit "$tmp/ref-healthy.json" medium 1 0)" A --fail-on-warn $H
status_is "--fail-on-warn: broken still fails" 1 A --fail-on-warn $B
status_is "--fail-on-warn with --fail-on critical: only critical fail/warn gate" "$(G exit "$tmp/ref-broken.json" critical 1 0)" A --fail-on-warn --fail-on critical $B
status_is "--fail-on-new without --baseline is a usage error" 2 A --fail-on-new $B
A -q $B > "$tmp/q.out" 2> "$tmp/q.err"; rc=$?
check "-q: exit 1 on broken" [ "$rc" -eq 1 ]
check "-q: prints nothing at all" sh -c "[ ! -s '$tmp/q.out' ] && [ ! -s '$tmp/q.err' ]"
A -q $H > "$tmp/q.out" 2>&1; rc=$?
check "-q: exit 0 on healthy, nothing printed" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/q.out' ]"
A -q -o json:"$tmp/q.json" $B > "$tmp/q.out" 2>&1
check "-q still writes the -o files (the same report)" cmp -s "$tmp/q.json" "$tmp/ref-broken.json"
check "-q with -o: stdout empty" [ ! -s "$tmp/q.out" ]
status_is "-q with a report to stdout is a usage error" 2 A -q -o json:- $H

# ---- Outputs.
A -o sarif:"$tmp/one.sarif" $B > "$tmp/one.stdout"
check "-o FORMAT:PATH adds a file; text still on stdout" grep -q "^Summary: $(G count "$tmp/ref-broken.json" fail) fail" "$tmp/one.stdout"
check "-o sarif: the file is SARIF" jq_ "$tmp/one.sarif" "r['version'] == '2.1.0'"
check "-o sarif: one result per fail, warn and waived" jq_ "$tmp/one.sarif" \
	"len(r['runs'][0]['results']) == $(G count "$tmp/ref-broken.json" fail warn waived)"
A -f junit -o "$tmp/plain.xml" $B > "$tmp/plain.stdout"
check "plain -o PATH takes the --format report off stdout" [ ! -s "$tmp/plain.stdout" ]
check "plain -o PATH with --format junit" grep -q '<testsuites name="ndes-audit"' "$tmp/plain.xml"
A -o json:- $H > "$tmp/stdout.json"
check "-o json:- sends JSON to stdout (and no text)" cmp -s "$tmp/stdout.json" "$tmp/ref-healthy.json"
(cd "$tmp" && "$NDES_AUDIT" --as-of $asof -f json -o './odd:name.json' "$top_srcdir/$H")
A -f json "$top_srcdir/$H" > "$tmp/ref-healthy-abs.json"
check "-o ./a:b is a plain path with a ':'" cmp -s "$tmp/odd:name.json" "$tmp/ref-healthy-abs.json"

echo keep > "$tmp/exists.json"
A -o json:"$tmp/exists.json" $H > /dev/null 2> "$tmp/exists.err"; rc=$?
check "an existing file is refused: exit 2" [ "$rc" -eq 2 ]
check "an existing file is refused: the message names it" grep -q "$tmp/exists.json: exists" "$tmp/exists.err"
check "an existing file is refused: left as it was" [ "$(cat "$tmp/exists.json")" = keep ]
A -o sarif:"$tmp/new.sarif" -o json:"$tmp/exists.json" $H > /dev/null 2>&1
check "a refused run removes the files it had created" [ ! -e "$tmp/new.sarif" ]
status_is "--force replaces it" 0 A --force -o json:"$tmp/exists.json" $H
check "--force: the new report is there" cmp -s "$tmp/exists.json" "$tmp/ref-healthy.json"
status_is "-o /dev/null needs no --force (a device is not clobbered)" 0 A -o json:/dev/null $H
check "-o /dev/null is still a character device" [ -c /dev/null ]
mkfifo "$tmp/fifo"
timeout 60 cat "$tmp/fifo" > "$tmp/from-fifo.json" & reader=$!
status_is "-o into an existing FIFO needs no --force" 0 A -o json:"$tmp/fifo" $H
wait $reader
check "-o FIFO: the reader got the whole report" cmp -s "$tmp/from-fifo.json" "$tmp/ref-healthy.json"
status_is "one path named twice is a usage error" 2 A -o json:"$tmp/twice" -o sarif:"$tmp/twice" $H
status_is "two reports to stdout is a usage error" 2 A -o json:- -o sarif:- $H
status_is "-o a folder is a usage error" 2 A --force -o json:"$tmp" $H
status_is "unknown --format is a usage error" 2 A -f xml $H
A -o json:"$tmp/missing.json" samples/no-such-bundle > /dev/null 2>&1
check "a usage error leaves no report file behind" [ ! -e "$tmp/missing.json" ]

mkdir -p "$tmp/bundle"; cp $B/registry/SYSTEM.hiv "$tmp/bundle/SYSTEM.hiv"
before=$(sha256sum < "$tmp/bundle/SYSTEM.hiv")
A --force -o json:"$tmp/bundle/SYSTEM.hiv" "$tmp/bundle" > /dev/null 2> "$tmp/into.err"; rc=$?
check "writing over a file of the bundle is refused even with --force" [ "$rc" -eq 2 ]
check "the bundle file is untouched" [ "$(sha256sum < "$tmp/bundle/SYSTEM.hiv")" = "$before" ]
check "the message says why" grep -q 'never writes into the bundle' "$tmp/into.err"

# ---- -o never creates a file inside a folder of the bundle (issue 12.4),
# whichever way the path gets there, and a file is replaced atomically
# (issue 12.5): written to a temporary beside it, renamed over it.
mkdir -p "$tmp/bundle/sub"; ln -s "$tmp/bundle" "$tmp/bundle-link"
ln -s "$tmp/bundle/planted.json" "$tmp/dangling.json"
inside() { # inside DESCRIPTION ARGS...: refused (exit 2), nothing new in the bundle
	local d=$1 rc; shift
	A "$@" "$tmp/bundle" > /dev/null 2> "$tmp/inside.err"; rc=$?
	check "$d: refused (exit 2)" [ "$rc" -eq 2 ]
	check "$d: nothing created in the bundle" [ -z "$(find "$tmp/bundle" -newer "$tmp/bundle/SYSTEM.hiv" ! -type d)" ]
	check "$d: the message says why" grep -q 'never writes into the bundle' "$tmp/inside.err"
}
inside "-o a new file in the bundle's folder" -o json:"$tmp/bundle/report.json"
inside "-o a new file in a subfolder of the bundle" --force -o json:"$tmp/bundle/sub/report.json"
inside "-o through a symbolic link to the bundle's folder" -o json:"$tmp/bundle-link/report.json"
inside "-o through .. back into the bundle" -o json:"$tmp/bundle/sub/../r2.json"
(cd "$tmp/bundle" && "$NDES_AUDIT" --as-of $asof -o json:report.json . > /dev/null 2>&1)
check "-o a relative name while auditing the working folder: refused" [ ! -e "$tmp/bundle/report.json" ]
A --force -o json:"$tmp/dangling.json" "$tmp/bundle" > /dev/null 2>&1
check "--force on a dangling symbolic link does not create its target in the bundle" \
	[ ! -e "$tmp/bundle/planted.json" ] && [ ! -L "$tmp/bundle/planted.json" ]
check "--force replaces the link itself with the report" \
	[ -f "$tmp/dangling.json" ] && [ ! -L "$tmp/dangling.json" ] && jq_ "$tmp/dangling.json" "r['schema_version'] == 1"
A -o json:"$tmp/bundle/beside.json" "$tmp/bundle/SYSTEM.hiv" > /dev/null 2>&1
check "-o beside a file named on the command line (not a folder) is fine" \
	jq_ "$tmp/bundle/beside.json" "r['schema_version'] == 1"
rm -f "$tmp/bundle/beside.json"
A -o json:"$tmp/old-report.json" "$tmp/bundle" > /dev/null
cp "$tmp/old-report.json" "$tmp/bundle/old-report.json"
A -f json "$tmp/bundle" > "$tmp/with-old.json"
check "a report an older run left in the bundle is listed as ignored" jq_ "$tmp/with-old.json" \
	"[(a['status'], a['kind']) for a in r['artifacts'] if a['path'].endswith('/old-report.json')] == [('ignored', 'unknown')]"

echo old > "$tmp/atomic.json"; ln "$tmp/atomic.json" "$tmp/atomic-link.json"
status_is "--force over a file with a second hard link" 0 A --force -o json:"$tmp/atomic.json" $H
check "--force renames a new file over it: the other link keeps the old content" \
	[ "$(cat "$tmp/atomic-link.json")" = old ]
check "--force: the new report is complete" cmp -s "$tmp/atomic.json" "$tmp/ref-healthy.json"
check "no temporary left behind" [ -z "$(find "$tmp" -maxdepth 1 -name '.*.tmp')" ]
# A write that fails half way (a file size limit; SIGXFSZ ignored so that
# write(2) returns EFBIG) leaves the old report whole and no temporary.
(trap '' XFSZ; ulimit -f 8; A --force -o json:"$tmp/atomic.json" $B > /dev/null 2> "$tmp/efbig.err"); rc=$?
check "a failed write is an internal error (exit 4)" [ "$rc" -eq 4 ]
check "a failed write says so" grep -q 'writing the json report to .*atomic.json failed' "$tmp/efbig.err"
check "a failed write leaves the previous report whole" cmp -s "$tmp/atomic.json" "$tmp/ref-healthy.json"
check "a failed write leaves no temporary" [ -z "$(find "$tmp" -maxdepth 1 -name '.*.tmp')" ]
A -o json:"$tmp/refused-late.json" -o json:"$tmp/atomic.json" $H > /dev/null 2>&1
check "a refused run leaves no temporary" [ -z "$(find "$tmp" -maxdepth 1 -name '.*.tmp')" ]
for k in 1 2 3; do A --force -o json:"$tmp/race.json" $B > /dev/null 2>&1 & done; wait
check "three --force runs at once leave one whole report" cmp -s "$tmp/race.json" "$tmp/ref-broken.json"

# ---- Waivers.
W=tests/e2e/broken.waivers
"$NDES_AUDIT" --as-of 2026-06-01T23:59:59Z -f json $B > "$tmp/w0.json"
"$NDES_AUDIT" --as-of 2026-06-01T23:59:59Z --waivers $W -f json $B > "$tmp/w1.json"
check "waiver: applies on the last second of its expiry day" jq_ "$tmp/w1.json" \
	"[x['status'] for x in r['results'] if x['check'] == 'httpsys.tls_binding'] == ['waived']"
check "waiver: the waived result keeps original_status and the justification" jq_ "$tmp/w1.json" \
	"[(x['original_status'], x['waiver']['ticket']) for x in r['results'] if x['status'] == 'waived'] == [('fail', 'CHG-20931')]"
check "waiver: the expired one does not apply and says so" jq_ "$tmp/w1.json" \
	"[x['waiver']['expired'] for x in r['results'] if x['check'] == 'httpsys.max_request_bytes'] == [True]"
check "waiver: states applied, expired, unused" jq_ "$tmp/w1.json" \
	"[e['state'] for e in r['waivers']['entries']] == ['applied', 'expired', 'unused']"
check "waiver: it waives exactly that result, nothing else changes" python3 -c '
import json, sys
w = json.load(open(sys.argv[1])); ref = json.load(open(sys.argv[2]))
key = lambda x: (x["check"], x["target"])
old = {key(x): x["status"] for x in ref["results"]}
changed = [key(x) for x in w["results"] if x["status"] != old[key(x)]]
ok = changed == [("httpsys.tls_binding", "port 443")] and len(w["results"]) == len(ref["results"])
ok = ok and w["summary"]["waived"] == 1 and w["summary"]["fail"] == ref["summary"]["fail"] - 1
sys.exit(0 if ok else 1)' "$tmp/w1.json" "$tmp/w0.json"
"$NDES_AUDIT" --as-of 2026-06-02 --waivers $W -f json $B > "$tmp/w2.json"
check "waiver: stops applying on the day after" jq_ "$tmp/w2.json" \
	"[x['status'] for x in r['results'] if x['check'] == 'httpsys.tls_binding'] == ['fail'] and r['summary']['waived'] == 0"
"$NDES_AUDIT" --as-of 2026-06-02 --waivers $W $B > "$tmp/w2.txt"
check "waiver: the text report lists the expired waiver" grep -q 'line 4: httpsys.tls_binding \[port 443\]  EXPIRED on 2026-06-01' "$tmp/w2.txt"
check "waiver: the text report lists the unused waiver" grep -qF 'line 20: httpsys.tls_binding [SslBindingInfo\192.0.2.10:443]  UNUSED' "$tmp/w2.txt"
status_is "waivers for two of the three failures: still exit 1" 1 A --waivers $W $B
cat > "$tmp/all.waivers" <<'EOF'
[waiver]
check = httpsys.*
justification = not a check ID
expires = 2026-06-30
EOF
A --waivers "$tmp/all.waivers" $B > /dev/null 2> "$tmp/bad.err"; rc=$?
check "malformed waivers: exit 2" [ "$rc" -eq 2 ]
check "malformed waivers: the message names file and line" grep -q "all.waivers:2: no check 'httpsys.\*'" "$tmp/bad.err"
printf '[waiver]\ncheck = httpsys.tls_binding\n' > "$tmp/short.waivers"
A --waivers "$tmp/short.waivers" $B > /dev/null 2> "$tmp/short.err"; rc=$?
check "waiver without justification: exit 2 naming its [waiver] line" sh -c "[ $rc -eq 2 ] && grep -q 'short.waivers:1: this waiver has no .justification.' '$tmp/short.err'"
status_is "a missing waivers file is a usage error" 2 A --waivers "$tmp/none" $B
G waive-all "$tmp/ref-broken.json" > "$tmp/every.waivers"
check "every failure waived: one waiver per failing check, the HTTP.sys three among them" \
	[ "$(grep -cxE 'check = httpsys\.(max_field_length|max_request_bytes|tls_binding)' "$tmp/every.waivers")" -eq 3 ]
status_is "every failure waived: the gate passes" 0 A --waivers "$tmp/every.waivers" $B
A -f json --waivers "$tmp/every.waivers" $B > "$tmp/every.json"
check "every failure waived: no fail or warn left, every waiver applied" jq_ "$tmp/every.json" \
	"r['summary']['fail'] + r['summary']['warn'] == 0 and r['summary']['waived'] == $(G count "$tmp/ref-broken.json" fail warn) and {e['state'] for e in r['waivers']['entries']} == {'applied'}"

# ---- Baselines.
A -f json $B > "$tmp/old.json"
status_is "baseline: nothing new with --fail-on-new: exit 0" 0 A --baseline "$tmp/old.json" --fail-on-new $B
status_is "baseline without --fail-on-new: the gate is unchanged" 1 A --baseline "$tmp/old.json" $B
A -f json --baseline "$tmp/old.json" $B > "$tmp/known.json"
check "baseline: every finding marked known" jq_ "$tmp/known.json" \
	"[x['baseline'] for x in r['results'] if x['status'] in ('fail', 'warn', 'waived')] == ['known'] * $(G count "$tmp/old.json" fail warn waived) and r['baseline']['known'] == $(G count "$tmp/old.json" fail warn waived) and r['baseline']['new'] == 0 and r['baseline']['fixed'] == []"
python3 - "$tmp/old.json" "$tmp/old-minus-one.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r["results"] = [x for x in r["results"] if x["check"] != "httpsys.tls_binding"]
json.dump(r, open(sys.argv[2], "w"))
EOF
status_is "baseline: one new finding fails the gate" 1 A --baseline "$tmp/old-minus-one.json" --fail-on-new $B
A -f json --baseline "$tmp/old-minus-one.json" --fail-on-new $B > "$tmp/one-new.json"
check "baseline: only that finding is new" jq_ "$tmp/one-new.json" \
	"[(x['check'], x['target']) for x in r['results'] if x['baseline'] == 'new'] == [('httpsys.tls_binding', 'port 443')] and all(x['baseline'] == 'known' for x in r['results'] if x['status'] in ('fail', 'warn', 'waived') and x['check'] != 'httpsys.tls_binding') and r['baseline']['new'] == 1 and r['baseline']['known'] == $(G count "$tmp/old.json" fail warn waived) - 1"
status_is "baseline: --fail-on-new with --fail-on critical: exit 0" 0 A --baseline "$tmp/old-minus-one.json" --fail-on-new --fail-on critical $B
A -f json --baseline "$tmp/old.json" $GH > "$tmp/fixed.json"
A -f json $GH > "$tmp/ref-gate-healthy.json"
check "baseline: fixed findings listed" python3 -c '
import json, sys
old = json.load(open(sys.argv[1])); now = json.load(open(sys.argv[2])); ref = json.load(open(sys.argv[3]))
F = ("fail", "warn", "waived")
fp = lambda d: {x["fingerprint"] for x in d["results"] if x["status"] in F}
fixed = {x["fingerprint"] for x in now["baseline"]["fixed"]}
http = {x["fingerprint"] for x in old["results"] if x["status"] == "fail" and x["check"] in
        ("httpsys.max_field_length", "httpsys.max_request_bytes", "httpsys.tls_binding")}
ok = fixed == fp(old) - fp(ref) and len(http) == 3 and http <= fixed
ok = ok and len(now["baseline"]["fixed"]) == len(fixed)
sys.exit(0 if ok else 1)' "$tmp/old.json" "$tmp/fixed.json" "$tmp/ref-gate-healthy.json"
echo '{"schema_version": 2, "tool": {"name": "ndes-audit"}, "results": []}' > "$tmp/v2.json"
A --baseline "$tmp/v2.json" $B > /dev/null 2> "$tmp/v2.err"; rc=$?
check "baseline of another schema_version: exit 2 naming the file" sh -c "[ $rc -eq 2 ] && grep -q '$tmp/v2.json: a report of schema_version 2' '$tmp/v2.err'"
A --baseline "$tmp/one.sarif" $B > /dev/null 2> "$tmp/sarif.err"; rc=$?
check "a SARIF file is not a baseline: exit 2 naming the file" sh -c "[ $rc -eq 2 ] && grep -q '$tmp/one.sarif: not an ndes-audit JSON report' '$tmp/sarif.err'"
status_is "a missing baseline is a usage error" 2 A --baseline "$tmp/none.json" $B

# ---- One decision in every output: for each gate option, one run writes
# JSON, SARIF and JUnit; its JUnit failures, its SARIF errors and the
# findings that gate by the rule (from its JSON) are the same, and the exit
# status is 1 exactly when there is one.
agree() { # agree NAME FAIL_ON WARN NEW BUNDLE ARGS...
	local name=$1 fo=$2 warn=$3 new=$4 bundle=$5 rc
	shift 5
	rm -f "$tmp/ag.json" "$tmp/ag.sarif" "$tmp/ag.xml"
	A -q -o json:"$tmp/ag.json" -o sarif:"$tmp/ag.sarif" -o junit:"$tmp/ag.xml" "$@" "$bundle"
	rc=$?
	check "one decision everywhere: $name" G agree "$tmp/ag.json" "$tmp/ag.sarif" "$tmp/ag.xml" \
		"$fo" "$warn" "$new" $rc
}
for b in $B $H; do
	for fo in low medium high critical; do
		agree "$b --fail-on $fo" $fo 0 0 $b --fail-on $fo
		agree "$b --fail-on $fo --fail-on-warn" $fo 1 0 $b --fail-on $fo --fail-on-warn
	done
done
agree "--fail-on-new, one new finding" medium 0 1 $B --baseline "$tmp/old-minus-one.json" --fail-on-new
agree "--fail-on-new, nothing new" medium 0 1 $B --baseline "$tmp/old.json" --fail-on-new
agree "--fail-on-new --fail-on-warn --fail-on low" low 1 1 $B --baseline "$tmp/old-minus-one.json" --fail-on-new --fail-on-warn --fail-on low
agree "--baseline without --fail-on-new" medium 0 0 $B --baseline "$tmp/old.json"
agree "--waivers" medium 0 0 $B --waivers $W
agree "--waivers --fail-on-warn --fail-on-new" medium 1 1 $B --waivers $W --fail-on-warn --baseline "$tmp/old-minus-one.json" --fail-on-new
agree "every failure waived" medium 0 0 $B --waivers "$tmp/every.waivers"

for f in "$tmp"/*.err; do
	check "clean stderr: $(basename "$f")" clean_stderr "$f"
done
done_testing
