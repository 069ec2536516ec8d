#!/bin/bash
# bench/certs.sh: how long ndes-audit takes to audit a Trusted Root store of
# many certificates (default 1,000), exported as a serialized store, as a
# PEM file, and as the ROOT store of a SOFTWARE hive (the hive variant needs
# the hivex tools of samples/generate), and a store of N CA certificates
# that all carry one name, none self-signed, each with its own key
# identifiers (variant samename: the worst case for finding issuers by name,
# which the issuer index of src/facts/certs.c answers by name and key
# identifier in O(1)). Prints CPU time (user + system, median of RUNS runs;
# the wall time is also shown, but it depends on what else the machine
# runs) and peak memory per variant.
#
# Usage: bench/certs.sh [N]      (make bench-certs runs it with N=1000;
#                                 issue 12 measured N=40000)
# Environment: NDES_AUDIT (default ./ndes-audit), MKPKI (default
# tests/tools/mkpki; make bench-certs builds it), PYTHON, RUNS (default 5),
# VARIANTS (default: sst pem hive samename, hive only with hivexregedit).
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd)
top=$(cd -- "$here/.." && pwd)
n=${1:-1000}
audit=${NDES_AUDIT:-./ndes-audit}
mkpki=${MKPKI:-./tests/tools/mkpki}
python=${PYTHON:-python3}
[ -x "$audit" ] || { echo "bench/certs.sh: no $audit (set NDES_AUDIT)" >&2; exit 2; }
[ -x "$mkpki" ] || { echo "bench/certs.sh: no $mkpki (set MKPKI, or make tests/tools/mkpki)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ndes-bench-certs.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

echo "making $n distinct self-signed certificates..."
"$mkpki" bulk "$n" "$work/roots.pem"
sys=$top/samples/healthy/registry/SYSTEM.hiv
runs=${RUNS:-5}

mkdir -p "$work/sst" "$work/pem" "$work/samename"
cp "$sys" "$work/sst/SYSTEM.hiv"
cp "$sys" "$work/pem/SYSTEM.hiv"
cp "$sys" "$work/samename/SYSTEM.hiv"
echo "making $n CA certificates of one name..."
"$mkpki" samename "$n" "$work/samename/Root.pem"
"$python" "$top/samples/mkcerts.py" sst-from-pem "$work/roots.pem" "$work/sst/Root.sst"
cp "$work/roots.pem" "$work/pem/Root.pem"
variants="sst pem"
if [ -n "${VARIANTS:-}" ] && [ "${VARIANTS#*hive}" = "$VARIANTS" ]; then
	: # the hive variant is not asked for: not built
elif command -v hivexregedit >/dev/null 2>&1; then
	mkdir -p "$work/hive"
	cp "$sys" "$work/hive/SYSTEM.hiv"
	"$python" "$top/samples/mkcerts.py" reg-from-pem "$work/roots.pem" ROOT "$work/root.reg"
	"$python" "$top/samples/mkhive.py" new "$work/hive/SOFTWARE.hiv" --root-name ROOT \
		--time 2026-05-30T14:02:11Z --file-name 'stemRoot\System32\Config\SOFTWARE'
	hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$work/hive/SOFTWARE.hiv" "$work/root.reg"
	variants="$variants hive"
else
	echo "(hivexregedit not found: the hive variant is skipped)"
fi
variants="${VARIANTS:-$variants samename}"

printf '%-6s %9s %9s %9s %11s %s\n' variant files_KB cpu_s wall_s max_rss_KB "trust.root.intermediate"
for v in $variants; do
	"$python" - "$audit" "$work/$v" "$v" "$runs" <<'PY'
import json, os, resource, statistics, subprocess, sys, time
audit, bundle, name, runs = sys.argv[1:5]
times, cpus = [], []
for _ in range(int(runs)):
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run([audit, "--format", "json", "--as-of", "2026-06-01", bundle],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    times.append(time.monotonic() - t)
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append(u1.ru_utime - u0.ru_utime + u1.ru_stime - u0.ru_stime)
r = json.loads(p.stdout)
res = [x for x in r["results"] if x["check"] == "trust.root.intermediate"]
size = sum(os.path.getsize(os.path.join(bundle, f)) for f in os.listdir(bundle)) // 1024
print("%-6s %9d %9.3f %9.3f %11d %s" % (name, size, statistics.median(cpus),
      statistics.median(times),
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
      res[0]["status"] + ": " + res[0]["message"][:60] if res else "-"))
PY
done
