#!/bin/bash
# Hostile certificate inputs through the binary: a 1 MB subject, a PEM file
# of 100,000 certificates (time and memory must grow linearly), a PFX with
# the wrong password, DER garbage, a serialized store whose records never
# end, and damaged registry Blobs. Each ends cleanly: no crash, no
# sanitizer report, the other checks still run.
. "$(dirname "$0")/../lib.sh"
: "${top_builddir:=$top_srcdir}"
mkpki=$top_builddir/tests/tools/mkpki
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
hsys=$top_srcdir/samples/healthy/registry/SYSTEM.hiv
hsw=$top_srcdir/samples/healthy/registry/SOFTWARE.hiv
fx=$top_srcdir/tests/fixtures

run() { # run NAME ARGS...: JSON report in $tmp/NAME.json, status in $rc
	local name=$1; shift
	"$NDES_AUDIT" --format json --as-of 2026-06-01 "$@" > "$tmp/$name.json" 2> "$tmp/$name.err"
	rc=$?
}
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$tmp/$1.json"; }
bundle() { mkdir -p "$tmp/$1/registry"; cp "$hsys" "$hsw" "$tmp/$1/registry/"; echo "$tmp/$1"; }

if [ ! -x "$mkpki" ]; then
	echo "1..0 # SKIP $mkpki not built"; exit 0
fi

# A certificate whose subject is 1 MB long, in the Root store; and one just
# past OpenSSL's 1 MB limit on names, which must be a clean error.
d=$(bundle big); mkdir -p "$d/certs/Root"
"$mkpki" bigsubject "$d/certs/Root/big.cer"
check "1 MB subject: the certificate is about 1 MB" [ "$(wc -c < "$d/certs/Root/big.cer")" -gt 1047000 ]
run big "$d"
check "1 MB subject: read, exit 0" [ "$rc" -eq 0 ]
check "1 MB subject: judged self-signed in Root" json big "[x['status'] for x in r['results'] if x['check']=='trust.root.intermediate']==['pass'] and 'all 3 certificates' in [x['message'] for x in r['results'] if x['check']=='trust.root.intermediate'][0]"
check "1 MB subject: the report stays small" [ "$(wc -c < "$tmp/big.json")" -lt 200000 ]
"$mkpki" bigsubject "$d/certs/Root/bigger.cer" 1049600
run bigger "$d"
check "over 1 MB subject: an element error naming the file" json bigger "any(x['status']=='error' and 'not a valid X.509 certificate' in x['message'] and any((e['artifact'] or '').endswith('bigger.cer') for e in x['evidence']) for x in r['results'] if x['check']=='trust.store.readable')"
check "over 1 MB subject: the rest of Root still judged" json bigger "'pass' in [x['status'] for x in r['results'] if x['check']=='trust.root.intermediate']"

# PEM files of 10,000 and 100,000 copies of a certificate: time and peak
# memory must grow no faster than the input.
first=$(awk '/BEGIN CERT/{p=1} p{print} /END CERT/{exit}' "$fx/certs/chain.pem")
mkdir -p "$tmp/pem10k" "$tmp/pem100k"
python3 - "$tmp" <<PY
import sys
c = """$first
"""
open(sys.argv[1] + "/pem10k/Root.pem", "w").write(c * 10000)
open(sys.argv[1] + "/pem100k/Root.pem", "w").write(c * 100000)
PY
measure() { # measure DIR: "seconds maxrss_kb exit" of one run
	python3 - "$NDES_AUDIT" "$1" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run([sys.argv[1], "--format", "json", "--as-of", "2026-06-01", sys.argv[2]],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("%.3f %d %d" % (time.monotonic() - t,
                      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode))
PY
}
read -r t10 m10 rc10 <<<"$(measure "$tmp/pem10k")"
read -r t100 m100 rc100 <<<"$(measure "$tmp/pem100k")"
echo "# 10,000 certificates: ${t10}s ${m10} KB; 100,000: ${t100}s ${m100} KB"
check "100,000-certificate PEM: completes (exit $rc100)" [ "$rc100" -le 3 ]
check "100,000-certificate PEM: time grows at most linearly (x10 input, <= x20 time)" \
	python3 -c "import sys; sys.exit(0 if $t100 <= 20 * max($t10, 0.05) else 1)"
check "100,000-certificate PEM: memory grows at most linearly (<= x10)" \
	python3 -c "import sys; sys.exit(0 if $m100 <= 10 * $m10 else 1)"
run pem100k "$tmp/pem100k"
check "100,000-certificate PEM: copies counted once, in the manifest" \
	json pem100k "'99999 duplicate copies' in ' '.join(r['artifacts'][0]['warnings'])"

# A PFX with the wrong password: an error for that file alone.
d=$(bundle pfx); mkdir -p "$d/certs/My"; cp "$fx/certs/ra-sign.pfx" "$d/certs/My/ra.pfx"
printf 'Wr0ng-Secret-Passw0rd\n' > "$tmp/wrong.txt"
run pfx --pfx-password-file "$tmp/wrong.txt" "$d"
check "wrong PFX password: exit 3" [ "$rc" -eq 3 ]
check "wrong PFX password: that file is the error" json pfx "[a['status'] for a in r['artifacts'] if a['path'].endswith('ra.pfx')]==['error']"
check "wrong PFX password: the rest is audited" json pfx "[x['status'] for x in r['results'] if x['check']=='ra.present']==['pass']"
check "wrong PFX password: never printed" sh -c "! grep -q 'Wr0ng-Secret' '$tmp/pfx.json' '$tmp/pfx.err'"

# DER garbage behind a certificate-like header, in a My folder.
d=$(bundle garbage); mkdir -p "$d/certs/My"
{ printf '\x30\x82\x04\x00\x30\x82\x03\xe8\xa0\x03\x02\x01\x02'; head -c 1011 /dev/urandom; } > "$d/certs/My/garbage.cer"
head -c 3000 /dev/urandom > "$d/certs/My/random.cer"
run garbage "$d"
check "DER garbage: clean exit (3)" [ "$rc" -eq 3 ]
check "DER garbage: the file is an error or ignored, never a crash" json garbage "[a['status'] for a in r['artifacts'] if a['path'].endswith('garbage.cer')][0] in ('error','ignored')"

# A serialized store whose records never end: 1.2 million empty properties.
d=$(bundle endless)
python3 -c "
import struct, sys
open(sys.argv[1], 'wb').write(b'\0\0\0\0CERT' + struct.pack('<III', 19, 1, 0) * 1200000)" "$d/Root.sst"
start=$(date +%s)
run endless "$d"
check "endless SST: stops, names the offset" json endless "[a for a in r['artifacts'] if a['path'].endswith('Root.sst')][0]['error'].find('more than 512 properties')>0"
check "endless SST: in seconds" [ $(( $(date +%s) - start )) -lt 30 ]
check "endless SST: trust.root.intermediate still judges the hive's Root" json endless "'pass' in [x['status'] for x in r['results'] if x['check']=='trust.root.intermediate']"

# Damaged Blobs in the SOFTWARE hive (truncated, a property past the end,
# REG_SZ, garbage DER): errors per element, the rest audited.
d=$tmp/blobs; mkdir -p "$d"; cp "$hsys" "$d/SYSTEM.hiv"; cp "$fx/hives/software-certs-misc.hiv" "$d/SOFTWARE.hiv"
run blobs "$d"
check "damaged Blobs: reported as element errors" json blobs "sum(1 for x in r['results'] if x['check']=='trust.store.readable' and x['status']=='error')==4"
check "damaged Blobs: the other checks ran" json blobs "any(x['check']=='ra.present' and x['status']=='fail' for x in r['results'])"

for f in "$tmp"/*.err; do
	check "clean stderr: $(basename "$f")" clean_stderr "$f"
done
done_testing
