#!/bin/bash
# End to end: the built binary on the sample bundles, compared with golden
# JSON reports made with a fixed --as-of. `run.sh --update` rewrites them.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
golden=tests/e2e/golden
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
# Every sample bundle with a golden report, and the exit status it must
# give, one per line in tests/e2e/bundles (sorted, so areas add lines).
bundles=$(grep -v '^#' tests/e2e/bundles)



if [ "${1:-}" = "--update" ]; then
	while read -r b want; do
		"$NDES_AUDIT" --format json --as-of $asof samples/$b > $golden/$b.json
	done <<< "$bundles"
	# The HTML page of one sample (checked by tests/e2e/html.sh).
	"$NDES_AUDIT" --format html --as-of $asof samples/broken > $golden/broken.html
	echo "golden reports rewritten; review with git diff"
	exit 0
fi

before=$(find samples -type f -exec sha256sum {} + | sort)

while read -r b want; do
	"$NDES_AUDIT" --format json --as-of $asof samples/$b > "$tmp/$b.json" 2> "$tmp/$b.err"
	rc=$?
	check "$b: exit status $want" [ "$rc" -eq "$want" ]
	check "$b: report equals the golden report" diff -u "$golden/$b.json" "$tmp/$b.json"
	check "$b: nothing on stderr" [ ! -s "$tmp/$b.err" ]
	check "$b: report is valid JSON" python3 -m json.tool "$tmp/$b.json" /dev/null
done <<< "$bundles"
rights() { # rights BUNDLE PYTHON-CONDITION on r (the rights.impersonate.iis_iusrs result)
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d['results'] if x['check']=='rights.impersonate.iis_iusrs'][0]; k={a['path']:a['kind'] for a in d['artifacts']}; sys.exit(0 if ($2) else 1)" "$tmp/$1.json"
}
check "hardened GPO: fails with the INF line as evidence" rights rights-hardened-gpo "r['status']=='fail' and any(e['location']=='[Privilege Rights] line 14' for e in r['evidence'])"
check "hardened GPO: the GPO is named as the source" rights rights-hardened-gpo "'GPO {5F2A9C3E-8B41-4D7A-9E06-2C71B3D8A415}' in r['message'] and 'Change the GPO' in r['remediation'] and 'secpol.gpo' in k.values()"
check "IIS_IUSRS by name passes" rights rights-by-name "r['status']=='pass' and 'by name' in r['message']"
check "an empty right fails" rights rights-empty "r['status']=='fail' and 'nobody' in r['message']"
check "SECURITY hive only: read from Policy\\Accounts" rights rights-security-hive "r['status']=='pass' and 'hive.security' in k.values()"
check "healthy: the secedit export passes" rights healthy "r['status']=='pass' and k[[p for p in k if p.endswith('secpol.inf')][0]]=='secpol.export'"

# The issue's own acceptance command: current control set named in evidence.
"$NDES_AUDIT" --format json --as-of $asof samples/broken > "$tmp/b.json"
check "broken: evidence names ControlSet002" grep -q '"location": "ControlSet002\\\\Services\\\\HTTP\\\\Parameters\\\\MaxFieldLength"' "$tmp/b.json"
check "broken: no evidence from the stale ControlSet001" sh -c "! grep -q ControlSet001 '$tmp/b.json'"

"$NDES_AUDIT" --as-of $asof samples/broken > "$tmp/b.txt"
check "text: failures listed" grep -q '^FAIL   \[high\] httpsys.max_field_length' "$tmp/b.txt"
check "text: summary line" grep -Eq '^Summary: [1-9][0-9]* fail \([0-9]+ critical, [0-9]+ high, [0-9]+ medium, [0-9]+ low\), [0-9]+ warn( \([^)]*\))?, [0-9]+ error, [0-9]+ pass, [0-9]+ na, [0-9]+ ne; gate --fail-on medium: FAILED \(exit 1\)$' "$tmp/b.txt"
check "text: passes folded into one line" grep -Eq '^[0-9]+ pass, [0-9]+ na, [0-9]+ ne: -v lists them$' "$tmp/b.txt"
check "text: no PASS line without -v" sh -c "! grep -q '^PASS ' '$tmp/b.txt'"
"$NDES_AUDIT" -v --as-of $asof samples/broken > "$tmp/bv.txt"
check "text -v: passes listed" grep -q '^PASS   \[info\] host.fqdn' "$tmp/bv.txt"
check "text: no colour when not a terminal" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/b.txt'"

status_is "--fail-on critical lets high failures through" 0 "$NDES_AUDIT" --fail-on critical --as-of $asof samples/missing-enforcepassword
status_is "--fail-on critical gates critical failures" 1 "$NDES_AUDIT" --fail-on critical --as-of $asof samples/broken
status_is "--fail-on high gates high failures" 1 "$NDES_AUDIT" --fail-on high --as-of $asof samples/broken
status_is "--fail-on low gates too" 1 "$NDES_AUDIT" --fail-on low --as-of $asof samples/broken
status_is "a single hive file is a bundle" 1 "$NDES_AUDIT" --as-of $asof samples/broken/registry/SYSTEM.hiv
status_is "the healthy bundle passes at --as-of now" 0 "$NDES_AUDIT" samples/healthy
# Its certificates last until December 2099 (samples/README.md): it does not age.
status_is "the healthy bundle still passes at --as-of 2099-06-01" 0 "$NDES_AUDIT" --as-of 2099-06-01 samples/healthy

out="$tmp/report.json"
"$NDES_AUDIT" -f json -o "$out" --as-of $asof samples/broken > "$tmp/stdout"
check "-o writes the report to the file" python3 -m json.tool "$out" /dev/null
check "-o leaves stdout empty" [ ! -s "$tmp/stdout" ]
check "--as-of is recorded" grep -q '"as_of": "2026-06-01T00:00:00Z"' "$out"
"$NDES_AUDIT" -f json --as-of 2030-01-01 samples/broken > "$tmp/later.json"
check "--as-of moves only the as_of field for these checks" sh -c "diff '$out' '$tmp/later.json' | grep '^[<>]' | grep -v '\"as_of\"' | wc -l | grep -qx 0"
"$NDES_AUDIT" -f json --fqdn ndes.example.org --as-of $asof samples/broken > "$tmp/fqdn.json"
check "--fqdn overrides the host name" grep -q '"fqdn": "ndes.example.org"' "$tmp/fqdn.json"
# The deployment mode (issue 14.2): decided from the bundle, stated in both
# reports, overridden by --deployment.
"$NDES_AUDIT" --as-of $asof samples/standalone-ndes > "$tmp/standalone.txt"
check "text: the deployment line states standalone" grep -q '^deployment standalone: no Intune connector or policy module, EnforcePassword 1' "$tmp/standalone.txt"
"$NDES_AUDIT" -f json --as-of $asof samples/ndes-not-configured > "$tmp/unknown.json"
check "json: an unknown deployment says why" grep -q '"mode": "unknown"' "$tmp/unknown.json"
"$NDES_AUDIT" -f json --deployment intune --as-of $asof samples/standalone-ndes > "$tmp/forced.json"
check "--deployment intune overrides the bundle" grep -q '"evidence": "given with --deployment intune"' "$tmp/forced.json"
check "--deployment intune: the missing connector fails" python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
sys.exit(0 if any(r['check']=='connector.installed' and r['status']=='fail' for r in d['results']) else 1)" "$tmp/forced.json"
status_is "--deployment intune gates the missing connector" 1 "$NDES_AUDIT" --deployment intune --as-of $asof samples/standalone-ndes
status_is "usage: bad --deployment" 2 "$NDES_AUDIT" --deployment mdm samples/healthy

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
check "--list-checks lists every row of checks.def" [ "$(grep -c . "$tmp/list")" -eq "$(grep -cE '^CHECK(_ANY)?\(' src/checks/checks.def)" ]
check "--list-checks shows severity and title" grep -q '^httpsys.tls_binding  *high  *HTTP.sys has a TLS' "$tmp/list"
"$NDES_AUDIT" --explain httpsys.max_request_bytes > "$tmp/explain"
check "--explain describes the check" grep -q 'compares it as a number' "$tmp/explain"
check "--version" sh -c "'$NDES_AUDIT' --version | grep -q '^ndes-audit [0-9]'"
check "--version names the libraries" sh -c "'$NDES_AUDIT' --version | grep -Eq '^OpenSSL [0-9].*, libxml2 [0-9]+, libregf [0-9]+, jansson [0-9]'"
check "--help" sh -c "'$NDES_AUDIT' --help | grep -q -- '--fail-on SEVERITY'"

# Logs: the acceptance cases of the log issue.
"$NDES_AUDIT" --format json --as-of $asof samples/log-500-1346 > "$tmp/l.json"
check "500 0 1346 is reported and linked to the impersonation right" python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))['results']
sys.exit(0 if any(x['check']=='log.iis.mscep_status' and x['status']=='fail' and '500 0 1346' in x['target'] and 'rights.impersonate.iis_iusrs' in x['message'] for x in r) else 1)" "$tmp/l.json"
"$NDES_AUDIT" --as-of $asof samples/log-no-requests > "$tmp/n.txt"
check "no mscep.dll request: devices never reached the server" grep -q 'devices never reached this server' "$tmp/n.txt"
"$NDES_AUDIT" --format json --as-of $asof samples/log-414 > "$tmp/x.json"
check "httpsys.max_field_length names the HTTPERR evidence" python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))['results']
sys.exit(0 if any(x['check']=='httpsys.max_field_length' and any((e['location'] or '').startswith('log.httperr: HTTPERR 400 FieldLength') for e in x['evidence']) for x in r) else 1)" "$tmp/x.json"
check "the evtx helper leaves stderr clean" sh -c "'$NDES_AUDIT' --as-of $asof samples/log-503 2>&1 >/dev/null | wc -c | grep -qx 0"

# IIS: the acceptance cases of the IIS issue, on the sample bundles.
st() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(' '.join(x['status'] for x in r['results'] if x['check']==sys.argv[2]))" "$golden/$1.json" "$2"; }
# evt.capi2 may be ne: the CAPI2 Operational log is off by default, so a
# healthy server's bundle normally lacks it.
check "healthy: only pass and na results (ne for the off-by-default CAPI2 log), and at most a low-severity hardening warn" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if all(x['status'] in ('pass','na') or (x['status']=='warn' and x['severity']=='low') or (x['status']=='ne' and x['check']=='evt.capi2') for x in r['results']) else 1)" "$golden/healthy.json"
check "broken: the role's default maxUrl warns (it excludes the query string)" [ "$(st broken iis.request_limits.max_url)" = warn ]
check "broken: the role's maxQueryString=65536 passes" [ "$(st broken iis.request_limits.max_query_string)" = pass ]
check "iis-defaults: maxUrl warns, maxQueryString fails" [ "$(st iis-defaults iis.request_limits.max_url) $(st iis-defaults iis.request_limits.max_query_string)" = "warn fail" ]
check "iis-crp-winauth: inherited Windows auth fails iis.crp.anonymous_only" [ "$(st iis-crp-winauth iis.crp.anonymous_only)" = fail ]
check "iis-crp-winauth: evidence names the site-level location" grep -q 'line [0-9]*, <location path=\\"Default Web Site\\">, system.webServer/security/authentication/windowsAuthentication/@enabled' "$golden/iis-crp-winauth.json"
check "iis-pool-stopped: stopped pool fails iis.scep_pool.autostart" [ "$(st iis-pool-stopped iis.scep_pool.autostart)" = fail ]
check "iis-pool-stopped: current connector makes iis.crp.anonymous_only na" [ "$(st iis-pool-stopped iis.crp.anonymous_only)" = na ]
check "iis-site-renamed: default_site, https_binding, mscep.app fail" [ "$(st iis-site-renamed iis.default_site) $(st iis-site-renamed iis.https_binding) $(st iis-site-renamed iis.mscep.app)" = "fail fail fail" ]
check "iis-webconfig: web.config maxUrl applies" [ "$(st iis-webconfig iis.request_limits.max_url)" = pass ]
check "iis-webconfig: locked section in web.config fails" [ "$(st iis-webconfig iis.mscep.anonymous)" = fail ]

# The encrypted pool password: never in any output, in any format.
cipher=ZMuu/XD2n5+spK1jb6O9pu+sbFURLWup80655l2Oynmp0UqC6qTeOYfJe
check "the sample really holds the ciphertext" grep -qF "$cipher" samples/iis-pool-stopped/inetsrv/config/applicationHost.config
"$NDES_AUDIT" --as-of $asof samples/iis-pool-stopped > "$tmp/enc.txt"
"$NDES_AUDIT" -v --as-of $asof samples/iis-pool-stopped > "$tmp/enc-v.txt"
"$NDES_AUDIT" -f json -v --as-of $asof samples/iis-pool-stopped > "$tmp/enc.json"
"$NDES_AUDIT" --dump-facts samples/iis-pool-stopped > "$tmp/enc.dump"
for f in enc.txt enc-v.txt enc.json enc.dump; do
	check "no ciphertext in $f" sh -c "! grep -qF -e '$cipher' -e 'enc:IISWASOnlyCngProvider:' '$tmp/$f'"
	check "no sessionKey bytes in $f" sh -c "! grep -qF 'AQIAAA5mAAAApAAA' '$tmp/$f'"
done
check "the identity result names the provider" grep -q 'encrypted with IISWASOnlyCngProvider (not shown)' "$tmp/enc-v.txt"
check "--dump-facts shows the password only as encrypted" grep -q '^applicationPools/add/processModel/@password (encrypted with IISWASOnlyCngProvider; not shown)  # samples/iis-pool-stopped/inetsrv/config/applicationHost.config:138$' "$tmp/enc.dump"

# --dump-facts: like sshd -T, every effective value with where it came from.
"$NDES_AUDIT" --dump-facts samples/broken > "$tmp/dump"; rc=$?
check "--dump-facts exits 0" [ "$rc" -eq 0 ]
check "--dump-facts: maxQueryString from the mscep location" grep -q '^system.webServer/security/requestFiltering/requestLimits/@maxQueryString 65536  # samples/broken/inetsrv/config/applicationHost.config:[0-9]* <location path="Default Web Site/CertSrv/mscep">$' "$tmp/dump"
check "--dump-facts: maxUrl is the schema default" grep -q '^system.webServer/security/requestFiltering/requestLimits/@maxUrl 4096  # schema default (IIS 10 IIS_schema.xml line 1322)$' "$tmp/dump"
check "--dump-facts: both URLs are printed" sh -c "grep -q '^\[NDES /CertSrv/mscep\]' '$tmp/dump' && grep -q '^\[CertificateRegistrationSvc\]' '$tmp/dump'"
"$NDES_AUDIT" --dump-facts samples/iis-crp-winauth > "$tmp/dump-crp"
check "--dump-facts: CRP Windows auth from the site location" grep -q '^system.webServer/security/authentication/windowsAuthentication/@enabled true  # samples/iis-crp-winauth/inetsrv/config/applicationHost.config:[0-9]* <location path="Default Web Site">$' "$tmp/dump-crp"
status_is "--dump-facts without an applicationHost.config exits 3" 3 "$NDES_AUDIT" --dump-facts samples/broken/registry
check "--dump-facts: the registry section names key, value, state and file" sh -c "grep -qxF 'value SYSTEM ControlSet002\\Services\\HTTP\\Parameters\\MaxRequestBytes found 16384 (0x4000)  # samples/broken/registry/SYSTEM.hiv' '$tmp/dump' && grep -qxF 'value SYSTEM ControlSet002\\Services\\HTTP\\Parameters\\MaxFieldLength absent  # samples/broken/registry/SYSTEM.hiv' '$tmp/dump'"
"$NDES_AUDIT" --dump-facts samples/reg-only > "$tmp/dump-reg" 2>&1
check "--dump-facts: what the .reg exports do not hold is not-covered, with why" grep -q '^key SYSTEM CurrentControlSet\\Services\\CertSvc not-covered  # .* is not in the .reg exports' "$tmp/dump-reg"
check "--dump-facts: a .reg value has its line" grep -q '^value SOFTWARE Microsoft\\Cryptography\\MSCEP\\SignatureTemplate (line [0-9]*) found "' "$tmp/dump-reg"
check "--help lists --dump-facts" sh -c "'$NDES_AUDIT' --help | grep -q -- '--dump-facts'"

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
check "reg-only: what the exports do not hold is ne, naming what they do hold" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); ne=[x for x in r['results'] if x['status']=='ne' and 'the bundle has' not in x['message']]; sys.exit(0 if ne and all('which cover only' in x['message'] for x in ne) else 1)" "$r"
check "reg-only: the MSCEP export is audited" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if [x['status'] for x in r['results'] if x['check']=='mscep.templates']==['pass'] else 1)" "$r"
d=$tmp/mscep-only; mkdir -p "$d"; cp samples/reg-only/registry/mscep.reg "$d/"
"$NDES_AUDIT" --format json --as-of $asof "$d" > "$tmp/mscep-only.json"; rc=$?
check "only an MSCEP export: exit 0" [ "$rc" -eq 0 ]
check "only an MSCEP export: the mscep checks are judged, the rest is ne" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); st={}; [st.setdefault(x['check'],set()).add(x['status']) for x in r['results']]; ok=st['mscep.templates']=={'pass'} and st['mscep.registry']=={'pass'} and st['mscep.policy_module']=={'pass'} and all(v=={'ne'} for k,v in st.items() if not k.startswith('mscep.') and k!='connector.legacy.registry' and k!='connector.scep_enabled' and k!='service.connector.start'); sys.exit(0 if ok else 1)" "$tmp/mscep-only.json"

# Certificates: the acceptance cases of the certificate issue.
jq_py() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
res() { echo "[x for x in r['results'] if x['check']=='$1']"; }
"$NDES_AUDIT" -f json --as-of $asof samples/gpo-intermediate > "$tmp/gpo.json"
check "GPO intermediate: reported with its store and the GPO" jq_py "$tmp/gpo.json" \
	"any(x['status']=='fail' and 'Group Policy Root' in x['message'] and 'A Group Policy pushes it' in x['message'] for x in $(res trust.root.intermediate))"
"$NDES_AUDIT" -f json --as-of $asof samples/exported-stores > "$tmp/exp.json"
check "exported stores: the cross certificate in Root.sst is a root (issuer equals subject), with a note" jq_py "$tmp/exp.json" \
	"[x['status'] for x in $(res trust.root.intermediate)]==['pass'] and 'Root.sst' in json.dumps($(res trust.root.intermediate)) and 'another key signed it' in json.dumps($(res trust.root.intermediate))"
check "exported stores: the loose .cer intermediate completes the chains" jq_py "$tmp/exp.json" \
	"all(x['status']=='pass' for x in $(res trust.chain)) and 'ContosoIssuingCA.cer' in json.dumps($(res trust.chain))"
# exported-stores runs the current connector: My.sst feeds its encryption
# certificate (the legacy policy module checks say na there).
check "exported stores: My.sst feeds the RA and connector certificate checks" jq_py "$tmp/exp.json" \
	"[x['status'] for x in $(res ra.present)]==['pass'] and 'My.sst' in json.dumps($(res ra.present)) and [x['status'] for x in $(res connector.cert.validity)]==['pass'] and 'My.sst' in json.dumps($(res connector.cert.validity)) and [x['status'] for x in $(res policymodule.cert.present)]==['na']"
"$NDES_AUDIT" -f json --as-of $asof samples/policymodule-expired > "$tmp/pme.json"
check "spaced upper-case NDESCertThumbprint still finds the expired certificate" jq_py "$tmp/pme.json" \
	"[x['status'] for x in $(res policymodule.cert.present)]==['pass'] and [x['status'] for x in $(res policymodule.cert.validity)]==['fail']"

# --store: a file outside the bundle joins it, under the store given.
"$NDES_AUDIT" -f json --as-of $asof --store Root=tests/fixtures/certs/root-lookalike.sst samples/healthy > "$tmp/store.json"
check "--store NAME=PATH: the file is audited as that store" jq_py "$tmp/store.json" \
	"any(a['path'].endswith('root-lookalike.sst') and 'store ROOT (--store ROOT=' in a['note'] for a in r['artifacts']) and [x['status'] for x in $(res trust.root.intermediate)]==['pass'] and 'root-lookalike.sst' in json.dumps($(res trust.root.intermediate))"
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

# Issue 13.6: nothing found is one line and exit 3; links not followed are
# counted in the header and listed one a line.
mkdir -p "$tmp/empty" "$tmp/unrelated/sub" "$tmp/linked"
printf 'hello\n' > "$tmp/unrelated/notes.txt"
printf '<?php echo "shop";\n' > "$tmp/unrelated/sub/index.php"
"$NDES_AUDIT" "$tmp/unrelated" > "$tmp/nothing.txt" 2> "$tmp/nothing.err"; rc=$?
check "nothing found: exit 3" [ "$rc" -eq 3 ]
check "nothing found: one line" [ "$(wc -l < "$tmp/nothing.txt")" -eq 1 ]
check "nothing found: the line says what was looked at" grep -qx "no NDES server files found under $tmp/unrelated: 2 files looked at, none recognised; -v lists them" "$tmp/nothing.txt"
"$NDES_AUDIT" -v "$tmp/unrelated" > "$tmp/nothing-v.txt"
check "nothing found, -v: lists each file" grep -q 'sub/index.php (unknown)' "$tmp/nothing-v.txt"
status_is "an empty folder: exit 3" 3 "$NDES_AUDIT" "$tmp/empty"
cp -R samples/healthy/. "$tmp/linked/"
ln -s /etc/hostname "$tmp/linked/hostname"
ln -s registry "$tmp/linked/registry-again"
"$NDES_AUDIT" --as-of $asof "$tmp/linked" > "$tmp/linked.txt"
check "links: counted in the header" grep -q '^ndes-audit .*, 2 symbolic links not followed$' "$tmp/linked.txt"
check "links: one line each" [ "$(grep -c '^link not followed: ' "$tmp/linked.txt")" -eq 2 ]

after=$(find samples -type f -exec sha256sum {} + | sort)
check "the bundles were not modified" [ "$before" = "$after" ]
done_testing
