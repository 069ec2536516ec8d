#!/bin/bash
# The CI gate through the binary: exit codes for each gate option, -q,
# several outputs and what -o refuses, waivers (match, expiry on the day
# after, unused, malformed) and baselines (known, one new, refused).
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
A() { "$NDES_AUDIT" --as-of $asof "$@"; }
jq_() { # jq_ FILE EXPR: a python expression on the JSON report r
	python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"
}

# ---- Gate options.
status_is "default gate: broken fails (high failures)" 1 A samples/broken
status_is "--fail-on critical: broken passes" 0 A --fail-on critical samples/broken
status_is "--fail-on-warn: healthy still passes" 0 A --fail-on-warn samples/healthy
status_is "--fail-on-warn: broken still fails" 1 A --fail-on-warn samples/broken
status_is "--fail-on-warn with --fail-on critical: broken passes" 0 A --fail-on-warn --fail-on critical samples/broken
status_is "--fail-on-new without --baseline is a usage error" 2 A --fail-on-new samples/broken
A -q samples/broken > "$tmp/q.out" 2> "$tmp/q.err"; rc=$?
check "-q: exit 1 on broken" [ "$rc" -eq 1 ]
check "-q: prints nothing at all" sh -c "[ ! -s '$tmp/q.out' ] && [ ! -s '$tmp/q.err' ]"
A -q samples/healthy > "$tmp/q.out" 2>&1; rc=$?
check "-q: exit 0 on healthy, nothing printed" sh -c "[ $rc -eq 0 ] && [ ! -s '$tmp/q.out' ]"
A -q -o json:"$tmp/q.json" samples/broken > "$tmp/q.out" 2>&1
check "-q still writes the -o files" jq_ "$tmp/q.json" "r['summary']['fail'] == 3"
check "-q with -o: stdout empty" [ ! -s "$tmp/q.out" ]
status_is "-q with a report to stdout is a usage error" 2 A -q -o json:- samples/healthy

# ---- Outputs.
A -o sarif:"$tmp/one.sarif" samples/broken > "$tmp/one.stdout"
check "-o FORMAT:PATH adds a file; text still on stdout" grep -q '^Summary: 3 fail' "$tmp/one.stdout"
check "-o sarif: the file is SARIF" jq_ "$tmp/one.sarif" "r['version'] == '2.1.0'"
A -f junit -o "$tmp/plain.xml" samples/broken > "$tmp/plain.stdout"
check "plain -o PATH takes the --format report off stdout" [ ! -s "$tmp/plain.stdout" ]
check "plain -o PATH with --format junit" grep -q '<testsuites name="ndes-audit"' "$tmp/plain.xml"
A -o json:- samples/healthy > "$tmp/stdout.json"
check "-o json:- sends JSON to stdout (and no text)" jq_ "$tmp/stdout.json" "r['summary']['pass'] == 4"
(cd "$tmp" && "$NDES_AUDIT" --as-of $asof -f json -o 'odd:name.json' "$top_srcdir/samples/healthy")
check "-o with an unknown FORMAT: prefix is a plain path" jq_ "$tmp/odd:name.json" "r['summary']['pass'] == 4"

echo keep > "$tmp/exists.json"
A -o json:"$tmp/exists.json" samples/healthy > /dev/null 2> "$tmp/exists.err"; rc=$?
check "an existing file is refused: exit 2" [ "$rc" -eq 2 ]
check "an existing file is refused: the message names it" grep -q "$tmp/exists.json: exists" "$tmp/exists.err"
check "an existing file is refused: left as it was" [ "$(cat "$tmp/exists.json")" = keep ]
A -o sarif:"$tmp/new.sarif" -o json:"$tmp/exists.json" samples/healthy > /dev/null 2>&1
check "a refused run removes the files it had created" [ ! -e "$tmp/new.sarif" ]
status_is "--force replaces it" 0 A --force -o json:"$tmp/exists.json" samples/healthy
check "--force: the new report is there" jq_ "$tmp/exists.json" "r['summary']['pass'] == 4"
status_is "one path named twice is a usage error" 2 A -o json:"$tmp/twice" -o sarif:"$tmp/twice" samples/healthy
status_is "two reports to stdout is a usage error" 2 A -o json:- -o sarif:- samples/healthy
status_is "-o a folder is a usage error" 2 A --force -o json:"$tmp" samples/healthy
status_is "unknown --format is a usage error" 2 A -f xml samples/healthy
A -o json:"$tmp/missing.json" samples/no-such-bundle > /dev/null 2>&1
check "a usage error leaves no report file behind" [ ! -e "$tmp/missing.json" ]

mkdir -p "$tmp/bundle"; cp samples/broken/registry/SYSTEM.hiv "$tmp/bundle/SYSTEM.hiv"
before=$(sha256sum < "$tmp/bundle/SYSTEM.hiv")
A --force -o json:"$tmp/bundle/SYSTEM.hiv" "$tmp/bundle" > /dev/null 2> "$tmp/into.err"; rc=$?
check "writing over a file of the bundle is refused even with --force" [ "$rc" -eq 2 ]
check "the bundle file is untouched" [ "$(sha256sum < "$tmp/bundle/SYSTEM.hiv")" = "$before" ]
check "the message says why" grep -q 'never writes into the bundle' "$tmp/into.err"

# ---- Waivers.
W=tests/e2e/broken.waivers
"$NDES_AUDIT" --as-of 2026-06-01T23:59:59Z --waivers $W -f json samples/broken > "$tmp/w1.json"
check "waiver: applies on the last second of its expiry day" jq_ "$tmp/w1.json" \
	"[x['status'] for x in r['results'] if x['check'] == 'httpsys.tls_binding'] == ['waived']"
check "waiver: the waived result keeps original_status and the justification" jq_ "$tmp/w1.json" \
	"[(x['original_status'], x['waiver']['ticket']) for x in r['results'] if x['status'] == 'waived'] == [('fail', 'CHG-20931')]"
check "waiver: the expired one does not apply and says so" jq_ "$tmp/w1.json" \
	"[x['waiver']['expired'] for x in r['results'] if x['check'] == 'httpsys.max_request_bytes'] == [True]"
check "waiver: states applied, expired, unused" jq_ "$tmp/w1.json" \
	"[e['state'] for e in r['waivers']['entries']] == ['applied', 'expired', 'unused']"
"$NDES_AUDIT" --as-of 2026-06-02 --waivers $W -f json samples/broken > "$tmp/w2.json"
check "waiver: stops applying on the day after" jq_ "$tmp/w2.json" \
	"[x['status'] for x in r['results'] if x['check'] == 'httpsys.tls_binding'] == ['fail'] and r['summary']['waived'] == 0"
"$NDES_AUDIT" --as-of 2026-06-02 --waivers $W samples/broken > "$tmp/w2.txt"
check "waiver: the text report lists the expired waiver" grep -q 'line 4: httpsys.tls_binding \[port 443\]  EXPIRED on 2026-06-01' "$tmp/w2.txt"
check "waiver: the text report lists the unused waiver" grep -q 'line 20: host.fqdn  UNUSED' "$tmp/w2.txt"
status_is "waivers for two of the three failures: still exit 1" 1 A --waivers $W samples/broken
cat > "$tmp/all.waivers" <<'EOF'
[waiver]
check = httpsys.*
justification = not a check ID
expires = 2026-06-30
EOF
A --waivers "$tmp/all.waivers" samples/broken > /dev/null 2> "$tmp/bad.err"; rc=$?
check "malformed waivers: exit 2" [ "$rc" -eq 2 ]
check "malformed waivers: the message names file and line" grep -q "all.waivers:2: no check 'httpsys.\*'" "$tmp/bad.err"
printf '[waiver]\ncheck = httpsys.tls_binding\n' > "$tmp/short.waivers"
A --waivers "$tmp/short.waivers" samples/broken > /dev/null 2> "$tmp/short.err"; rc=$?
check "waiver without justification: exit 2 naming its [waiver] line" sh -c "[ $rc -eq 2 ] && grep -q 'short.waivers:1: this waiver has no .justification.' '$tmp/short.err'"
status_is "a missing waivers file is a usage error" 2 A --waivers "$tmp/none" samples/broken
{
	for c in httpsys.tls_binding httpsys.max_field_length httpsys.max_request_bytes; do
		printf '[waiver]\ncheck = %s\njustification = accepted for the pilot\nexpires = 2026-06-30\n' $c
	done
} > "$tmp/every.waivers"
status_is "every failure waived: the gate passes" 0 A --waivers "$tmp/every.waivers" samples/broken

# ---- Baselines.
A -f json samples/broken > "$tmp/old.json"
status_is "baseline: nothing new with --fail-on-new: exit 0" 0 A --baseline "$tmp/old.json" --fail-on-new samples/broken
status_is "baseline without --fail-on-new: the gate is unchanged" 1 A --baseline "$tmp/old.json" samples/broken
A -f json --baseline "$tmp/old.json" samples/broken > "$tmp/known.json"
check "baseline: every finding marked known" jq_ "$tmp/known.json" \
	"[x['baseline'] for x in r['results'] if x['status'] == 'fail'] == ['known'] * 3 and r['baseline']['known'] == 3"
python3 - "$tmp/old.json" "$tmp/old-minus-one.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r["results"] = [x for x in r["results"] if x["check"] != "httpsys.tls_binding"]
json.dump(r, open(sys.argv[2], "w"))
EOF
status_is "baseline: one new finding fails the gate" 1 A --baseline "$tmp/old-minus-one.json" --fail-on-new samples/broken
A -f json --baseline "$tmp/old-minus-one.json" --fail-on-new samples/broken > "$tmp/one-new.json"
check "baseline: only that finding is new" jq_ "$tmp/one-new.json" \
	"sorted((x['check'], x['baseline']) for x in r['results'] if x['baseline']) == [('httpsys.max_field_length', 'known'), ('httpsys.max_request_bytes', 'known'), ('httpsys.tls_binding', 'new')]"
status_is "baseline: --fail-on-new with --fail-on critical: exit 0" 0 A --baseline "$tmp/old-minus-one.json" --fail-on-new --fail-on critical samples/broken
A -f json samples/healthy > "$tmp/healthy.json"
A -f json --baseline "$tmp/old.json" samples/healthy > "$tmp/fixed.json"
check "baseline: fixed findings listed" jq_ "$tmp/fixed.json" "len(r['baseline']['fixed']) == 3"
echo '{"schema_version": 2, "tool": {"name": "ndes-audit"}, "results": []}' > "$tmp/v2.json"
A --baseline "$tmp/v2.json" samples/broken > /dev/null 2> "$tmp/v2.err"; rc=$?
check "baseline of another schema_version: exit 2 naming the file" sh -c "[ $rc -eq 2 ] && grep -q '$tmp/v2.json: a report of schema_version 2' '$tmp/v2.err'"
A --baseline "$tmp/one.sarif" samples/broken > /dev/null 2> "$tmp/sarif.err"; rc=$?
check "a SARIF file is not a baseline: exit 2 naming the file" sh -c "[ $rc -eq 2 ] && grep -q '$tmp/one.sarif: not an ndes-audit JSON report' '$tmp/sarif.err'"
status_is "a missing baseline is a usage error" 2 A --baseline "$tmp/none.json" samples/broken

for f in "$tmp"/*.err; do
	check "clean stderr: $(basename "$f")" clean_stderr "$f"
done
done_testing
