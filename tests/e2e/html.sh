#!/bin/bash
# The HTML report (issue 16.1), read back with a real HTML parser
# (tests/e2e/html_check.py, python's html.parser): every sample renders
# well formed with its sections, its counts equal the JSON report's of the
# same run, samples/broken equals its golden page, and a hostile bundle
# (markup in file names, in an XML value, in log lines and in --fqdn)
# injects no element or attribute.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
golden=tests/e2e/golden
bundles=$(grep -v '^#' tests/e2e/bundles)

# Every sample: the page, and the JSON of the same run to compare with.
while read -r b want; do
	"$NDES_AUDIT" --format html --as-of $asof samples/$b > "$tmp/$b.html" 2> "$tmp/$b.err"
	rc=$?
	"$NDES_AUDIT" --format json --as-of $asof samples/$b > "$tmp/$b.json" 2> /dev/null
	check "$b: exit status $want" [ "$rc" -eq "$want" ]
	check "$b: nothing on stderr" [ ! -s "$tmp/$b.err" ]
	check "$b: well formed, only the report's own markup, counts equal the JSON summary" \
		python3 tests/e2e/html_check.py "$tmp/$b.html" "$tmp/$b.json"
done <<< "$bundles"
check "broken: page equals the golden page" diff -u "$golden/broken.html" "$tmp/broken.html"

# The run at the top, the gate as decided, the pictures.
h=$tmp/broken.html
check "broken: host and as-of at the top" sh -c "grep -q '<dd class=\"mono\" id=\"host\">NDES01.corp.contoso.com</dd>' '$h' && grep -q 'id=\"as-of\"><time datetime=\"$asof\">' '$h'"
check "broken: the gate's decision" grep -q '<p id="gate">Gate <span class="verdict v-fail">FAILED (exit 1)</span>' "$h"
check "broken: results that gate are marked" grep -q 'fails the gate' "$h"
check "broken: certificate timeline with the as-of line" sh -c "grep -q 'id=\"cert-timeline\"' '$h' && grep -q 'class=\"as-of\"' '$h'"
check "broken: pass, na, ne folded" sh -c "grep -q '<details class=\"folded\" id=\"folded-pass\">' '$h' && grep -q 'id=\"folded-ne\"' '$h'"
check "broken: documentation links are https" grep -q '<a href="https://learn.microsoft.com/' "$h"
check "broken: no IIS log, no request chart" sh -c "! grep -q 'id=\"requests\"' '$h'"
for s in policymodule-expired policymodule-expiring; do
	state=${s#policymodule-}
	check "$s: the policy module certificate drawn as $state" \
		grep -q "<g class=\"cert\" data-state=\"$state\">" "$tmp/$s.html"
done
l=$tmp/log-500-1346.html
check "IIS logs: requests per day by status class" sh -c "grep -q 'id=\"requests-chart\"' '$l' && grep -q '<g class=\"day\" data-day=\"' '$l'"
# The per-day table under the chart against the log lines themselves.
python3 - "$l" samples/log-500-1346 > "$tmp/days.out" 2>&1 <<'EOF'
import html.parser, os, re, sys, collections
want = collections.Counter()
for root, _, files in os.walk(sys.argv[2]):
    for f in files:
        if not f.startswith("u_ex"):
            continue
        fields = []
        for line in open(os.path.join(root, f), encoding="utf-8", errors="replace"):
            if line.startswith("#Fields:"):
                fields = line.split()[1:]
                continue
            if line.startswith("#") or not line.strip():
                continue
            v = dict(zip(fields, line.split()))
            if v.get("cs-uri-stem", "").lower().startswith("/certsrv/mscep"):
                want[(v["date"], v["sc-status"][0] + "xx")] += 1
got = collections.Counter()
page = open(sys.argv[1]).read()
table = page[page.index('id="requests"'):]
for row in re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>((?:<td>\d+</td>){5})</tr>", table):
    for cls, n in zip(("2xx", "3xx", "4xx", "5xx"), re.findall(r"\d+", row[1])):
        if int(n):
            got[(row[0], cls)] += int(n)
print(sorted(want.items()), sorted(got.items()))
sys.exit(0 if want == got and want else 1)
EOF
rc=$?
check "IIS logs: the per-day counts equal the log lines'" [ "$rc" -eq 0 ]

# Waivers and a baseline: marked on each finding, as the policy stage set
# them; the gate line says what the gate decided with them.
G=tests/fixtures/bundles/gate-broken
W=tests/e2e/broken.waivers
"$NDES_AUDIT" -f json --as-of $asof $G > "$tmp/old.json" 2> /dev/null
"$NDES_AUDIT" -f html --as-of $asof --waivers $W --baseline "$tmp/old.json" --fail-on-new $G \
	> "$tmp/policy.html" 2> /dev/null; rc=$?
"$NDES_AUDIT" -f json --as-of $asof --waivers $W --baseline "$tmp/old.json" --fail-on-new $G \
	> "$tmp/policy.json" 2> /dev/null
check "waivers and baseline: well formed, counts equal the JSON summary" \
	python3 tests/e2e/html_check.py "$tmp/policy.html" "$tmp/policy.json"
check "waivers and baseline: the gate as decided (exit $rc)" \
	grep -q "<p id=\"gate\">Gate <span class=\"verdict v-[a-z]*\">[^<]* (exit $rc)</span> <span class=\"muted\">--fail-on medium --fail-on-new</span>" "$tmp/policy.html"
check "waivers: the waived finding is marked and its waiver shown" sh -c "
	grep -q '<span class=\"badge mark-waived\">waived (was fail)</span>' '$tmp/policy.html' &&
	grep -q 'The image binds its TLS certificate at first boot (runbook step 7). (expires 2026-06-01, approved by PKI team, ticket CHG-20931; tests/e2e/broken.waivers line 4)' '$tmp/policy.html'"
check "waivers: an expired waiver is said not to apply" grep -q 'Waiver expired, no longer applies:</b> Raised by the hardening GPO' "$tmp/policy.html"
check "baseline: every finding of the old run is marked known" sh -c "
	[ \$(grep -c 'mark-known\">known (baseline)' '$tmp/policy.html') -eq \$(grep -c '<article ' '$tmp/policy.html') ] &&
	! grep -q 'mark-new' '$tmp/policy.html'"
check "waivers and baseline: both listed" sh -c "grep -q 'id=\"waivers\"' '$tmp/policy.html' && grep -q 'id=\"baseline\"' '$tmp/policy.html'"
check "waivers and baseline: nothing gates, no result marked as gating" sh -c "[ $rc -ne 0 ] || ! grep -q 'mark-gates' '$tmp/policy.html'"

# -o by extension and by prefix write the same page.
"$NDES_AUDIT" --as-of $asof -o "$tmp/x.html" -o "html:$tmp/y.out" samples/broken 2> "$tmp/o.err"
check "-o x.html: the HTML report, said on stderr" grep -qx "ndes-audit: -o $tmp/x.html: writing the html report (from the file name)" "$tmp/o.err"
check "-o x.html and -o html:y.out: the same page as --format html" sh -c "cmp -s '$tmp/x.html' '$h' && cmp -s '$tmp/y.out' '$h'"

# A hostile bundle: samples/broken plus markup in file names, in an IIS
# binding (an XML attribute value), in IIS log lines; and in --fqdn.
d=$tmp/hostile
mkdir -p "$d"
cp -R samples/broken/. "$d/"
chmod -R u+w "$d"
script='<script>alert(1)</script>'
img='"><img src=x onerror=alert(2)>'
sed -i 's|bindingInformation="\*:80:"|bindingInformation="*:80:\&lt;script\&gt;alert(1)\&lt;/script\&gt;\&quot;\&gt;\&lt;img src=x onerror=alert(2)\&gt;"|' \
	"$d/inetsrv/config/applicationHost.config"
check "hostile: the binding carries the markup" grep -q 'onerror=alert(2)' "$d/inetsrv/config/applicationHost.config"
mkdir -p "$d/<script>alert(1)<"
printf 'x\n' > "$d/<script>alert(1)</script>"
printf 'x\n' > "$d/$img"
printf 'x\n' > "$d/bidi-$(printf '\342\200\256')gpj.exe-$(printf '\302\233')31m"
mkdir -p "$d/logs/W3SVC1"
{
	printf '#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n'
	printf '#Date: 2026-05-20 00:00:00\r\n'
	printf '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n'
	for i in 1 2 3; do
		printf '2026-05-20 10:00:0%d 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=<script>alert(1)</script> 443 - 10.0.0.9 "><img+src=x+onerror=alert(2)> - 500 0 1346 15\r\n' $i
	done
	printf '2026-05-21 10:00:00 10.0.0.1 GET /certsrv/mscep/mscep.dll operation=GetCACaps 443 - 10.0.0.9 x - 200 0 0 15\r\n'
} > "$d/logs/W3SVC1/u_ex260520.log"
"$NDES_AUDIT" -f html --as-of $asof --fqdn "$script" "$d" > "$tmp/hostile.html" 2> "$tmp/hostile.err"
"$NDES_AUDIT" -f json --as-of $asof --fqdn "$script" "$d" > "$tmp/hostile.json" 2> /dev/null
check "hostile: the parser finds only the report's own elements and attributes" \
	python3 tests/e2e/html_check.py "$tmp/hostile.html" "$tmp/hostile.json"
check "hostile: no <script or <img in the page" sh -c "! grep -qiE '<script|<img' '$tmp/hostile.html'"
check "hostile: the markup is shown, escaped (file name, binding, log, --fqdn)" sh -c "
	[ \$(grep -c '&lt;script&gt;alert(1)&lt;/script&gt;' '$tmp/hostile.html') -ge 3 ] &&
	grep -q '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;' '$tmp/hostile.html'"
check "hostile: the bidi override and the C1 CSI are shown as bytes" sh -c "
	grep -q 'bidi-\\\\xe2\\\\x80\\\\xaegpj.exe-\\\\xc2\\\\x9b31m' '$tmp/hostile.html' &&
	! grep -q \"\$(printf '\\342\\200\\256')\" '$tmp/hostile.html'"
check "hostile: the log's requests are drawn" grep -q 'data-day="2026-05-20"' "$tmp/hostile.html"
check "hostile: clean stderr" clean_stderr "$tmp/hostile.err"
done_testing
