#!/bin/bash
# bench/archive.sh: what reading a bundle from an archive costs against the
# same bundle unpacked (issue 13.1: at most 1.3x). Variants: samples/healthy
# as it is (200 KB: process start-up dominates), and samples/healthy plus an
# IIS log of SIZE_MB megabytes (bench/mkw3c.py), where reading dominates.
# Each is audited as the folder, as a .zip (python3 zipfile, Deflate) and
# as a .tar.gz. Prints CPU time (user + system of ndes-audit and its event
# log helper, median of RUNS runs), wall time, and the ratio to the folder.
#
# Usage: bench/archive.sh [SIZE_MB]     (default 100)
# Environment: NDES_AUDIT (default ./ndes-audit), PYTHON, RUNS (default 5).
set -eu
here=$(cd -- "$(dirname -- "$0")" && pwd)
top=$(cd -- "$here/.." && pwd)
mb=${1:-100}
audit=${NDES_AUDIT:-./ndes-audit}
python=${PYTHON:-python3}
runs=${RUNS:-5}
[ -x "$audit" ] || { echo "bench/archive.sh: no $audit (set NDES_AUDIT)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ndes-bench-archive.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

mkdir -p "$work/small" "$work/big"
cp -R "$top/samples/healthy/." "$work/small/healthy"
cp -R "$top/samples/healthy/." "$work/big/healthy"
echo "making an IIS log of about $mb MB..."
"$python" "$here/mkw3c.py" "$work/big/healthy/iislogs/W3SVC1/u_ex260529.log" "$mb"
for v in small big; do
	"$python" "$top/samples/mkzip.py" "$work/$v/healthy" "$work/$v/healthy.zip"
	tar -C "$work/$v/healthy" -czf "$work/$v/healthy.tgz" .
done

"$python" - "$audit" "$runs" "$work" <<'PY'
import os, resource, statistics, subprocess, sys, time
audit, runs, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def one(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([audit, "-q", "--as-of", "2026-06-01", path], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall

for v in ("small", "big"):
    base = None
    for form, name in (("folder", "healthy"), ("zip", "healthy.zip"), ("tar.gz", "healthy.tgz")):
        p = os.path.join(work, v, name)
        one(p)  # warm the page cache
        cpu, wall = zip(*[one(p) for _ in range(runs)])
        c, w = statistics.median(cpu), statistics.median(wall)
        if base is None:
            base = c
        size = os.path.getsize(p) if os.path.isfile(p) else 0
        print("%-5s %-7s cpu %7.3f s  wall %7.3f s  %5.2fx cpu of the folder%s"
              % (v, form, c, w, c / base if base else 0,
                 "  (%d bytes)" % size if size else ""))
PY
