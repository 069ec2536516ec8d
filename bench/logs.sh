#!/bin/bash
# bench/logs.sh [SIZE_MB]: throughput and peak memory of ndes-audit on one
# large IIS W3C log, next to `grep -c mscep.dll` on the same file in the same
# run. Also a quarter-size log, to show that peak RSS does not grow with the
# log, and the cost of the SHA-256 that discovery computes for the manifest.
# Needs GNU time (apt-get install time) and python3. Not part of make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
NDES_AUDIT=${NDES_AUDIT:-$here/../ndes-audit}
size=${1:-1024}
[ -x /usr/bin/time ] || { echo "bench/logs.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ndes-bench-logs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

best() { # best CMD...: the fastest of 3 runs, "seconds peak_kib"; every run must exit 0 or 1
	local b="" r rc
	for _ in 1 2 3; do
		rc=0
		/usr/bin/time -o "$tmp/time" -f "%e %M" "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "bench/logs.sh: $* exited $rc:" >&2; cat "$tmp/stderr" >&2; exit 1
		fi
		r=$(tail -1 "$tmp/time")
		if [ -z "$b" ] || awk -v a="${r% *}" -v b="${b% *}" 'BEGIN{exit !(a<b)}'; then b=$r; fi
	done
	echo "$b"
}

for mb in $((size / 4)) "$size"; do
	d="$tmp/b$mb/iislogs/W3SVC1"
	python3 "$here/mkw3c.py" "$d/u_ex260501.log" "$mb"
	f="$d/u_ex260501.log"
	bytes=$(stat -c %s "$f")
	cat "$f" > /dev/null # the page cache holds it for every run
	# grep's output must go to a file: GNU grep stops at the first match
	# when its output is /dev/null.
	g=$(best sh -c 'grep -c mscep.dll "$1" > "$2"' sh "$f" "$tmp/grep.out")
	h=$(best openssl dgst -sha256 "$f")
	n=$(best "$NDES_AUDIT" --format json --force -o "$tmp/report.json" "$tmp/b$mb")
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
	awk -v bytes="$bytes" -v g="$g" -v h="$h" -v n="$n" 'BEGIN {
		split(g, G, " "); split(h, H, " "); split(n, N, " "); mb = bytes / 1048576
		printf "log %.0f MiB (%d bytes)\n", mb, bytes
		printf "  grep -c mscep.dll    %6.2f s  %7.0f MiB/s  peak RSS %6.1f MiB\n", G[1], mb / G[1], G[2] / 1024
		printf "  sha256 (openssl)     %6.2f s  %7.0f MiB/s  peak RSS %6.1f MiB\n", H[1], mb / H[1], H[2] / 1024
		printf "  ndes-audit           %6.2f s  %7.0f MiB/s  peak RSS %6.1f MiB  (%.2fx grep)\n", N[1], mb / N[1], N[2] / 1024, N[1] / G[1]
	}'
	rm -rf "$tmp/b$mb"
done
