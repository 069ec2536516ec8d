#!/bin/bash
# End to end: the built binary on the sample bundles, compared with golden
# JSON reports made with a fixed --as-of. `run.sh --update` rewrites them.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
golden=tests/e2e/golden
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z

# Every sample bundle with a golden report, and the exit status it must give.
bundles="healthy:0 broken:1 gpo-intermediate:1 exported-stores:1 policymodule-expired:1
policymodule-expiring:0 policymodule-noclientauth:1 ra-expired:1 ra-cng:1 tls-wrongname:1"

if [ "${1:-}" = "--update" ]; then
	for b in $(for x in $bundles; do echo "${x%%:*}"; done); do
		"$NDES_AUDIT" --format json --as-of $asof samples/$b > $golden/$b.json
	done
	echo "golden reports rewritten; review with git diff"
	exit 0
fi

before=$(find samples -type f -exec sha256sum {} + | sort)

for x in $bundles; do
	b=${x%%:*}; want=${x##*:}
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
check "text: summary line" grep -q '^Summary: 3 fail, 0 warn, 0 error, 20 pass, 0 na, 2 ne; gate --fail-on medium: FAILED (exit 1)$' "$tmp/b.txt"
check "text: no colour when not a terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/b.txt'"

status_is "--fail-on critical lets high failures through" 0 "$NDES_AUDIT" --fail-on critical --as-of $asof samples/broken
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
status_is "usage: --store without NAME=" 2 "$NDES_AUDIT" --store samples/healthy samples/healthy
status_is "usage: --store with a missing path" 2 "$NDES_AUDIT" --store Root=no/such.sst samples/healthy
status_is "usage: unreadable --pfx-password-file" 2 "$NDES_AUDIT" --pfx-password-file /nonexistent/pw samples/healthy

"$NDES_AUDIT" --list-checks > "$tmp/list"
check "--list-checks lists every row of checks.def" [ "$(grep -c . "$tmp/list")" -eq "$(grep -c '^CHECK(' src/checks/checks.def)" ]
check "--list-checks shows severity and title" grep -q '^httpsys.tls_binding  *high  *HTTP.sys has a TLS' "$tmp/list"
"$NDES_AUDIT" --explain httpsys.max_request_bytes > "$tmp/explain"
check "--explain describes the check" grep -q 'compares it as a number' "$tmp/explain"
check "--version" sh -c "'$NDES_AUDIT' --version | grep -q '^ndes-audit [0-9]'"
check "--help" sh -c "'$NDES_AUDIT' --help | grep -q -- '--fail-on SEVERITY'"

# Certificates: the acceptance cases of the certificate issue.
jq_py() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
res() { echo "[x for x in r['results'] if x['check']=='$1']"; }
"$NDES_AUDIT" -f json --as-of $asof samples/gpo-intermediate > "$tmp/gpo.json"
check "GPO intermediate: reported with its store and the GPO" jq_py "$tmp/gpo.json" \
	"any(x['status']=='fail' and 'Group Policy Root' in x['message'] and 'A Group Policy pushes it' in x['message'] for x in $(res trust.root.intermediate))"
"$NDES_AUDIT" -f json --as-of $asof samples/exported-stores > "$tmp/exp.json"
check "exported stores: the look-alike root in Root.sst is an intermediate" jq_py "$tmp/exp.json" \
	"[x['status'] for x in $(res trust.root.intermediate)]==['fail'] and 'Root.sst' in json.dumps($(res trust.root.intermediate))"
check "exported stores: the loose .cer intermediate completes the chains" jq_py "$tmp/exp.json" \
	"all(x['status']=='pass' for x in $(res trust.chain)) and 'ContosoIssuingCA.cer' in json.dumps($(res trust.chain))"
check "exported stores: My.sst feeds the RA and policy module checks" jq_py "$tmp/exp.json" \
	"[x['status'] for x in $(res ra.present)]==['pass'] and [x['status'] for x in $(res policymodule.cert.present)]==['pass']"
"$NDES_AUDIT" -f json --as-of $asof samples/policymodule-expired > "$tmp/pme.json"
check "spaced upper-case NDESCertThumbprint still finds the expired certificate" jq_py "$tmp/pme.json" \
	"[x['status'] for x in $(res policymodule.cert.present)]==['pass'] and [x['status'] for x in $(res policymodule.cert.validity)]==['fail']"

# --store: a file outside the bundle joins it, under the store given.
"$NDES_AUDIT" -f json --as-of $asof --store Root=tests/fixtures/certs/root-lookalike.sst samples/healthy > "$tmp/store.json"
check "--store NAME=PATH: the file is audited as that store" jq_py "$tmp/store.json" \
	"any(a['path'].endswith('root-lookalike.sst') and 'store ROOT (--store ROOT=' in a['note'] for a in r['artifacts']) and [x['status'] for x in $(res trust.root.intermediate)]==['fail']"
"$NDES_AUDIT" -f json --as-of $asof --store CA=tests/fixtures/certs samples/healthy > "$tmp/store2.json"
check "--store NAME=FOLDER: every file under it" jq_py "$tmp/store2.json" \
	"all('store CA (--store CA=' in a['note'] for a in r['artifacts'] if a['path'].startswith('tests/fixtures/certs/') and a['status']=='ok')"

# Moving --as-of moves validity outcomes and nothing else.
time_checks="('policymodule.cert.validity','ra.validity','tls.cert.validity','connector.cert.validity','trust.chain','trust.crl.cached')"
for b in healthy policymodule-expiring ra-expired exported-stores; do
	"$NDES_AUDIT" -f json --as-of 2026-04-01 samples/$b > "$tmp/early.json"
	"$NDES_AUDIT" -f json --as-of 2033-01-01 samples/$b > "$tmp/late.json"
	check "$b: --as-of changes only validity results" python3 -c "
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
keep = lambda r: [x for x in r['results'] if x['check'] not in $time_checks]
sys.exit(0 if keep(a) == keep(b) and a['artifacts'] == b['artifacts'] else 1)" "$tmp/early.json" "$tmp/late.json"
done
"$NDES_AUDIT" -f json --as-of 2026-04-01 samples/policymodule-expiring > "$tmp/early.json"
check "--as-of before the window: the expiring certificate passes" jq_py "$tmp/early.json" \
	"[x['status'] for x in $(res policymodule.cert.validity)]==['pass']"

after=$(find samples -type f -exec sha256sum {} + | sort)
check "the bundles were not modified" [ "$before" = "$after" ]
done_testing
