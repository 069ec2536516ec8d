#!/bin/bash
# bench/logs.sh [SIZE_MB]: throughput and peak memory of ndes-audit on one
# large IIS W3C log, next to `grep -c mscep.dll` on the same file in the same
# run: RUNS (default 5) interleaved runs of each, min and median. Also a
# quarter-size log, to show that peak RSS does not grow with the log, and
# the cost of the SHA-256 that discovery computes for the manifest.
# Needs GNU time (apt-get install time) and python3. Not part of make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
NDES_AUDIT=${NDES_AUDIT:-$here/../ndes-audit}
size=${1:-1024}
[ -x /usr/bin/time ] || { echo "bench/logs.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ndes-bench-logs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

runs=${RUNS:-5}

once() { # once CMD...: one run, "seconds peak_kib cpu_seconds"; it must exit 0 or 1
	local rc=0
	/usr/bin/time -o "$tmp/time" -f "%e %M %U %S" "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "bench/logs.sh: $* exited $rc:" >&2; cat "$tmp/stderr" >&2; exit 1
	fi
	tail -1 "$tmp/time" | awk '{ print $1, $2, $3 + $4 }'
}

# stats FILE: "min median max_peak_kib cpu_min cpu_median" of the once lines
# (wall seconds, and user+system CPU seconds: on a loaded machine the wall
# time follows the CPU time each command needs).
stats() {
	awk '{ print $1, $2 }' "$1" | sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
		END { printf "%s %s %s ", t[1], NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2, m }'
	awk '{ print $3 }' "$1" | sort -n | awk '{ t[NR] = $1 }
		END { print t[1], NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}

for mb in $((size / 4)) "$size"; do
	d="$tmp/b$mb/iislogs/W3SVC1"
	python3 "$here/mkw3c.py" "$d/u_ex260501.log" "$mb"
	f="$d/u_ex260501.log"
	bytes=$(stat -c %s "$f")
	cat "$f" > /dev/null # the page cache holds it for every run
	# grep's output must go to a file: GNU grep stops at the first match
	# when its output is /dev/null.
	# Interleaved: grep, the audit and the hash take turns, RUNS times, so
	# that the load other processes put on the machine falls on all three.
	: > "$tmp/g" ; : > "$tmp/h" ; : > "$tmp/n"
	for _ in $(seq "$runs"); do
		once sh -c 'grep -c mscep.dll "$1" > "$2"' sh "$f" "$tmp/grep.out" >> "$tmp/g"
		once "$NDES_AUDIT" --format json --force -o "$tmp/report.json" "$tmp/b$mb" >> "$tmp/n"
		once openssl dgst -sha256 "$f" >> "$tmp/h"
	done
	g=$(stats "$tmp/g"); h=$(stats "$tmp/h"); n=$(stats "$tmp/n")
	# The runs must have read the whole log: its artifact is ok and the
	# mscep.dll requests were counted.
	python3 - "$tmp/report.json" <<'PY' || { echo "bench/logs.sh: the audit did not read the log" >&2; exit 1; }
import json, sys
r = json.load(open(sys.argv[1]))
logs = [a for a in r["artifacts"] if a["kind"] == "log.iis"]
st = [x for x in r["results"] if x["check"] == "log.iis.mscep_status"]
sys.exit(0 if logs and all(a["status"] == "ok" for a in logs) and st and
         all(x["status"] != "ne" for x in st) else 1)
PY
	awk -v bytes="$bytes" -v g="$g" -v h="$h" -v n="$n" -v runs="$runs" 'BEGIN {
		split(g, G, " "); split(h, H, " "); split(n, N, " "); mb = bytes / 1048576
		printf "log %.0f MiB (%d bytes), %d interleaved runs each: min / median seconds, wall and CPU\n", mb, bytes, runs
		printf "  grep -c mscep.dll    wall %6.2f / %6.2f s  CPU %6.2f / %6.2f s  peak RSS %6.1f MiB\n", G[1], G[2], G[4], G[5], G[3] / 1024
		printf "  sha256 (openssl)     wall %6.2f / %6.2f s  CPU %6.2f / %6.2f s  peak RSS %6.1f MiB\n", H[1], H[2], H[4], H[5], H[3] / 1024
		printf "  ndes-audit           wall %6.2f / %6.2f s  CPU %6.2f / %6.2f s  peak RSS %6.1f MiB\n", N[1], N[2], N[4], N[5], N[3] / 1024
		printf "  ndes-audit / grep    wall %5.2fx (min) %5.2fx (median)  CPU %5.2fx (min) %5.2fx (median)\n", N[1] / G[1], N[2] / G[2], N[4] / G[4], N[5] / G[5]
	}'
	rm -rf "$tmp/b$mb"
done
