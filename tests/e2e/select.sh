#!/bin/bash
# The user's seat (issue 16): check selection (--check, --skip), the report
# filter (--severity), report-only (--fail-on none), the catalogue as JSON,
# --explain's suggestions, and -o specs that are checked, not guessed at.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
B=samples/broken
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
total=$("$NDES_AUDIT" --list-checks | wc -l)

# --check / --skip: chosen before the checks run; the rest is absent.
"$NDES_AUDIT" -f json --as-of $asof --check 'httpsys.*' $B > "$tmp/c.json"; rc=$?
check "--check httpsys.*: exit 1 (its failures still gate)" [ "$rc" -eq 1 ]
check "--check httpsys.*: only httpsys results" py "$tmp/c.json" "d['results'] and all(r['check'].startswith('httpsys.') for r in d['results'])"
check "--check httpsys.*: the others counted as skipped" py "$tmp/c.json" "d['selection']['skipped_checks']==$total-3"
"$NDES_AUDIT" -f json --as-of $asof --skip 'httpsys.*' --skip host.ie_esc $B > "$tmp/s.json"
check "--skip (twice): those checks absent" py "$tmp/s.json" "not any(r['check'].startswith('httpsys.') or r['check']=='host.ie_esc' for r in d['results'])"
check "--skip: 4 skipped" py "$tmp/s.json" "d['selection']['skipped_checks']==4"
"$NDES_AUDIT" --as-of $asof --check httpsys.tls_binding $B > "$tmp/c.txt"
check "text: says how many checks were skipped" grep -qx "$((total-1)) checks skipped (--check/--skip)" "$tmp/c.txt"
status_is "--check with a pattern that matches nothing is a usage error" 2 "$NDES_AUDIT" --check 'nope.*' $B
"$NDES_AUDIT" --check htpsys.tls_binding $B 2> "$tmp/typo.err"
check "--check typo: the nearest ID is suggested" grep -q "did you mean httpsys.tls_binding?" "$tmp/typo.err"
"$NDES_AUDIT" -f json --as-of $asof $B > "$tmp/all.json"
check "no selection: nothing skipped, nothing hidden" py "$tmp/all.json" "d['selection']=={'skipped_checks':0,'min_severity':None,'hidden_results':0}"

# --severity: a report filter after the gate.
"$NDES_AUDIT" -f json --as-of $asof --severity critical --check 'host.*' $B > "$tmp/sev.json"; rc=$?
check "--severity critical: the gate still fails on host.not_ca (medium)" [ "$rc" -eq 1 ]
check "--severity critical: the report holds no result below critical" py "$tmp/sev.json" "all(r['severity']=='critical' for r in d['results']) and d['gate']['exit_code']==1"
check "--severity critical: the hidden results are counted" py "$tmp/sev.json" "d['selection']['min_severity']=='critical' and d['selection']['hidden_results']>=3"
"$NDES_AUDIT" --as-of $asof --severity high $B > "$tmp/sev.txt"
check "text: says what --severity hid" grep -Eq '^[0-9]+ results below high hidden \(--severity\); the gate still counts them$' "$tmp/sev.txt"
check "text: no low result shown" sh -c "! grep -q '^[A-Z]* *\[low\]' '$tmp/sev.txt'"
status_is "--severity bogus is a usage error" 2 "$NDES_AUDIT" --severity bogus $B

# --fail-on none: report only.
status_is "--fail-on none: broken exits 0" 0 "$NDES_AUDIT" --fail-on none --as-of $asof $B
status_is "--fail-on none: an unreadable input still exits 3" 3 "$NDES_AUDIT" --fail-on none --as-of $asof tests/fixtures/bundles/gate-torn
"$NDES_AUDIT" --fail-on none -f json --as-of $asof $B > "$tmp/none.json"
check "--fail-on none: JSON gate says none" py "$tmp/none.json" "d['gate']['fail_on']=='none' and d['gate']['exit_code']==0 and d['summary']['fail']>0"
"$NDES_AUDIT" --fail-on none --as-of $asof $B > "$tmp/none.txt"
A() { "$NDES_AUDIT" "$@"; }
A --fail-on none --as-of $asof -o sarif:"$tmp/none.sarif" -o junit:"$tmp/none.xml" -q $B
check "--fail-on none: SARIF gate says none" python3 -c "import json,sys; g=json.load(open(sys.argv[1]))['runs'][0]['properties']['gate']; sys.exit(0 if g['fail_on']=='none' else 1)" "$tmp/none.sarif"
check "--fail-on none: JUnit property says none" grep -q '<property name="fail_on" value="none"' "$tmp/none.xml"
check "--fail-on none: text says report only" grep -q '; gate --fail-on none: report only (exit 0)$' "$tmp/none.txt"

# --list-checks --format json, whichever order.
"$NDES_AUDIT" --format json --list-checks > "$tmp/cat1.json"
"$NDES_AUDIT" --list-checks --format json > "$tmp/cat2.json"
check "--list-checks --format json: one object per check" py "$tmp/cat1.json" "len(d)==$total and all(set(c)>={'id','severity','title','description','remediation'} for c in d)"
check "--list-checks: option order does not matter" cmp -s "$tmp/cat1.json" "$tmp/cat2.json"
check "--list-checks --check: only the selected" sh -c "'$NDES_AUDIT' --list-checks --check 'trust.*' | awk '{print \$1}' | grep -v '^trust\\.' | wc -l | grep -qx 0"
status_is "--list-checks --format sarif is a usage error" 2 "$NDES_AUDIT" --list-checks --format sarif

# --explain: the nearest IDs for an unknown one.
"$NDES_AUDIT" --explain HTTPSYS.MAX 2> "$tmp/e1.err"; rc=$?
check "--explain prefix, any case: exit 2" [ "$rc" -eq 2 ]
check "--explain prefix: both max_ checks suggested" grep -q "did you mean httpsys.max_field_length, httpsys.max_request_bytes?" "$tmp/e1.err"
"$NDES_AUDIT" --explain ra.isuer 2> "$tmp/e2.err"
check "--explain edit distance: ra.issuer" grep -q "did you mean ra.issuer" "$tmp/e2.err"
"$NDES_AUDIT" --explain zzzzzzzzzz 2> "$tmp/e3.err"
check "--explain: nothing near, the list is named" grep -q "no check matches 'zzzzzzzzzz' (see --list-checks)" "$tmp/e3.err"

# -o: an unknown FORMAT: is refused, a known extension picks the format.
(cd "$tmp" && "$NDES_AUDIT" --as-of $asof -o xml:x.xml "$top_srcdir/$B" > /dev/null 2> "$tmp/xml.err"); rc=$?
check "-o xml:x.xml: exit 2" [ "$rc" -eq 2 ]
check "-o xml:x.xml: the formats are listed" grep -q "unknown format 'xml' (text, json, sarif, junit or html" "$tmp/xml.err"
check "-o xml:x.xml: no file written" [ ! -e "$tmp/xml:x.xml" ]
(cd "$tmp" && "$NDES_AUDIT" --as-of $asof -o html:h.html "$top_srcdir/$B" > /dev/null 2> "$tmp/html.err"); rc=$?
check "-o html:h.html: the HTML report, exit as the gate says" sh -c "[ $rc -eq 1 ] && head -n 1 '$tmp/h.html' | grep -qx '<!DOCTYPE html>'"
for ext in json:json sarif:sarif xml:junit txt:text html:html htm:html; do
	e=${ext%%:*} f=${ext#*:}
	"$NDES_AUDIT" --as-of $asof -o "$tmp/r.$e" $B > "$tmp/ext.stdout" 2> "$tmp/ext.err"
	"$NDES_AUDIT" --as-of $asof -o "$f:$tmp/ref.$e" $B > /dev/null 2>&1
	check "-o r.$e: the $f report" cmp -s "$tmp/r.$e" "$tmp/ref.$e"
	check "-o r.$e: said on stderr" grep -qx "ndes-audit: -o $tmp/r.$e: writing the $f report (from the file name)" "$tmp/ext.err"
	check "-o r.$e: nothing on stdout" [ ! -s "$tmp/ext.stdout" ]
done
status_is "-f json -o r.sarif: the name and --format disagree" 2 "$NDES_AUDIT" --as-of $asof -f json -o "$tmp/x.sarif" $B
"$NDES_AUDIT" --as-of $asof -f json -o "$tmp/noext" $B 2> "$tmp/noext.err"
check "-o without a known extension: the --format report, silently" sh -c "python3 -m json.tool '$tmp/noext' >/dev/null && [ ! -s '$tmp/noext.err' ]"

# Documentation links (issue 16.2): text under fix:, JSON help_uri, SARIF helpUri.
"$NDES_AUDIT" --as-of $asof $B > "$tmp/docs.txt"
check "text: a docs: line follows each fix: line" sh -c "[ \$(grep -c '^       fix: ' '$tmp/docs.txt') -eq \$(grep -c '^       docs: https://' '$tmp/docs.txt') ] && grep -A1 '^       fix: ' '$tmp/docs.txt' | grep -q '^       docs: https://learn.microsoft.com/'"
check "JSON: every result has its help_uri" py "$tmp/all.json" "all(r['help_uri'].startswith('https://') for r in d['results'])"
check "JSON: httpsys.max_field_length links the Http.sys registry page" py "$tmp/all.json" "[r['help_uri'] for r in d['results'] if r['check']=='httpsys.max_field_length'][0].endswith('/httpsys-registry-windows')"
"$NDES_AUDIT" --as-of $asof -o sarif:"$tmp/docs.sarif" $B > /dev/null
check "SARIF: every rule has a helpUri" python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['runs'][0]['tool']['driver']['rules']; sys.exit(0 if r and all(x['helpUri'].startswith('https://') for x in r) else 1)" "$tmp/docs.sarif"
check "--list-checks --format json: help_uri too" py "$tmp/cat1.json" "all(c['help_uri'].startswith('https://') for c in d)"

# Samples name a collection procedure the project has (issue 16.6).
check "README has the collection section the samples name" grep -q '^## Collecting a bundle$' README.md
check "every sample's collect.log names README.md \"Collecting a bundle\"" sh -c 'for f in samples/*/collect.log; do head -1 "$f" | grep -qF "README.md \"Collecting a bundle\"" || exit 1; done'
check "no sample's collect.log names a script the project does not ship" sh -c "! grep -l 'collect-ndes' samples/*/collect.log"

done_testing
