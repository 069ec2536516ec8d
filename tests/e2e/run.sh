#!/bin/bash
# End to end: the built binary on the sample bundles, compared with golden
# JSON reports made with a fixed --as-of. `run.sh --update` rewrites them.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
golden=tests/e2e/golden
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z

# Each bundle with the exit status its golden report gates to.
bundles="healthy:0 broken:1 legacy-connector:0 ndes-not-configured:1 missing-enforcepassword:1
appproxy-stopped:1 reg-only:0"

if [ "${1:-}" = "--update" ]; then
	for bw in $bundles; do
		b=${bw%%:*}
		"$NDES_AUDIT" --format json --as-of $asof samples/$b > $golden/$b.json
	done
	echo "golden reports rewritten; review with git diff"
	exit 0
fi

before=$(find samples -type f -exec sha256sum {} + | sort)

for bw in $bundles; do
	b=${bw%%:*} want=${bw##*:}
	"$NDES_AUDIT" --format json --as-of $asof samples/$b > "$tmp/$b.json" 2> "$tmp/$b.err"
	rc=$?
	check "$b: exit status $want" [ "$rc" -eq "$want" ]
	check "$b: report equals the golden report" diff -u "$golden/$b.json" "$tmp/$b.json"
	check "$b: nothing on stderr" [ ! -s "$tmp/$b.err" ]
	check "$b: report is valid JSON" python3 -m json.tool "$tmp/$b.json" /dev/null
done

# The issue's own acceptance command: current control set named in evidence.
"$NDES_AUDIT" --format json --as-of $asof samples/broken > "$tmp/b.json"
check "broken: evidence names ControlSet002" grep -q '"location": "ControlSet002\\\\Services\\\\HTTP\\\\Parameters\\\\MaxFieldLength"' "$tmp/b.json"
check "broken: no evidence from the stale ControlSet001" sh -c "! grep -q ControlSet001 '$tmp/b.json'"

"$NDES_AUDIT" --as-of $asof samples/broken > "$tmp/b.txt"
check "text: failures listed" grep -q '^FAIL   \[high\] httpsys.max_field_length' "$tmp/b.txt"
check "text: summary line" grep -q '^Summary: [0-9]* fail, [0-9]* warn, 0 error, [0-9]* pass, [0-9]* na, 0 ne; gate --fail-on medium: FAILED (exit 1)$' "$tmp/b.txt"
check "text: no colour when not a terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/b.txt'"

status_is "--fail-on critical lets high failures through" 0 "$NDES_AUDIT" --fail-on critical --as-of $asof samples/missing-enforcepassword
status_is "--fail-on critical gates critical failures" 1 "$NDES_AUDIT" --fail-on critical --as-of $asof samples/broken
status_is "--fail-on high gates high failures" 1 "$NDES_AUDIT" --fail-on high --as-of $asof samples/broken
status_is "--fail-on low gates too" 1 "$NDES_AUDIT" --fail-on low --as-of $asof samples/broken
status_is "a single hive file is a bundle" 1 "$NDES_AUDIT" --as-of $asof samples/broken/registry/SYSTEM.hiv
status_is "the healthy bundle passes at --as-of now" 0 "$NDES_AUDIT" samples/healthy

out="$tmp/report.json"
"$NDES_AUDIT" -f json -o "$out" --as-of $asof samples/broken > "$tmp/stdout"
check "-o writes the report to the file" python3 -m json.tool "$out" /dev/null
check "-o leaves stdout empty" [ ! -s "$tmp/stdout" ]
check "--as-of is recorded" grep -q '"as_of": "2026-06-01T00:00:00Z"' "$out"
"$NDES_AUDIT" -f json --as-of 2030-01-01 samples/broken > "$tmp/later.json"
check "--as-of moves only the as_of field for these checks" sh -c "diff '$out' '$tmp/later.json' | grep '^[<>]' | grep -v '\"as_of\"' | wc -l | grep -qx 0"
"$NDES_AUDIT" -f json --fqdn ndes.example.org --as-of $asof samples/broken > "$tmp/fqdn.json"
check "--fqdn overrides the host name" grep -q '"fqdn": "ndes.example.org"' "$tmp/fqdn.json"

status_is "usage: no PATH" 2 "$NDES_AUDIT"
status_is "usage: unknown format" 2 "$NDES_AUDIT" --format xml samples/healthy
status_is "usage: bad --as-of" 2 "$NDES_AUDIT" --as-of 2026-02-30 samples/healthy
status_is "usage: --fail-on info is not a gate" 2 "$NDES_AUDIT" --fail-on info samples/healthy
status_is "usage: bad --warn-days" 2 "$NDES_AUDIT" --warn-days -1 samples/healthy
status_is "usage: unknown option" 2 "$NDES_AUDIT" --frobnicate samples/healthy
status_is "usage: missing path" 2 "$NDES_AUDIT" samples/no-such-bundle
status_is "usage: unknown check for --explain" 2 "$NDES_AUDIT" --explain httpsys.nope
status_is "usage: -o into a missing folder" 2 "$NDES_AUDIT" -o /nonexistent/dir/r.json samples/healthy

"$NDES_AUDIT" --list-checks > "$tmp/list"
check "--list-checks lists every row of checks.def" [ "$(grep -c . "$tmp/list")" -eq "$(grep -c '^CHECK(' src/checks/checks.def)" ]
check "--list-checks shows severity and title" grep -q '^httpsys.tls_binding  *high  *HTTP.sys has a TLS' "$tmp/list"
"$NDES_AUDIT" --explain httpsys.max_request_bytes > "$tmp/explain"
check "--explain describes the check" grep -q 'compares it as a number' "$tmp/explain"
check "--version" sh -c "'$NDES_AUDIT' --version | grep -q '^ndes-audit [0-9]'"
check "--help" sh -c "'$NDES_AUDIT' --help | grep -q -- '--fail-on SEVERITY'"

# The issue's acceptance cases: the current connector turns legacy-only checks
# into na; templates left at the role default fail; a bundle of .reg exports
# is judged on what they hold and says ne for the rest, never fail.
r=$tmp/healthy.json
check "current connector: legacy-only checks are na" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if [x['status'] for x in r['results'] if x['check']=='connector.legacy.registry']==['na'] else 1)" "$r"
r=$tmp/legacy-connector.json
check "legacy connector: current-only checks are na" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if [x['status'] for x in r['results'] if x['check']=='connector.scep_enabled']==['na'] else 1)" "$r"
check "broken: templates at IPSECIntermediateOffline fail" grep -q 'still the role default IPSECIntermediateOffline' "$tmp/broken.json"
r=$tmp/reg-only.json
check "reg-only: every artifact is a .reg export or ignored" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if all(a['kind'].startswith('reg.') or a['status']=='ignored' for a in r['artifacts']) else 1)" "$r"
check "reg-only: no fail and no error" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if not [x for x in r['results'] if x['status'] in ('fail','error')] else 1)" "$r"
check "reg-only: what the exports do not hold is ne, naming what they do hold" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); ne=[x for x in r['results'] if x['status']=='ne']; sys.exit(0 if ne and all('which cover only' in x['message'] for x in ne) else 1)" "$r"
check "reg-only: the MSCEP export is audited" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if [x['status'] for x in r['results'] if x['check']=='mscep.templates']==['pass'] else 1)" "$r"
d=$tmp/mscep-only; mkdir -p "$d"; cp samples/reg-only/registry/mscep.reg "$d/"
"$NDES_AUDIT" --format json --as-of $asof "$d" > "$tmp/mscep-only.json"; rc=$?
check "only an MSCEP export: exit 0" [ "$rc" -eq 0 ]
check "only an MSCEP export: the mscep checks are judged, the rest is ne" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); st={}; [st.setdefault(x['check'],set()).add(x['status']) for x in r['results']]; ok=st['mscep.templates']=={'pass'} and st['mscep.registry']=={'pass'} and st['mscep.policy_module']=={'pass'} and all(v=={'ne'} for k,v in st.items() if not k.startswith('mscep.') and k!='connector.legacy.registry' and k!='connector.scep_enabled' and k!='service.connector.start'); sys.exit(0 if ok else 1)" "$tmp/mscep-only.json"

after=$(find samples -type f -exec sha256sum {} + | sort)
check "the bundles were not modified" [ "$before" = "$after" ]
done_testing
