#!/usr/bin/env bash
# bench/fleet.sh - many servers in one run (issue 17); not part of make check.
#
# Makes N copies of samples/healthy (hard links: cp -al) in one folder and
# audits them four ways, each writing the same per-bundle JSON and text
# reports:
#   fleet     ndes-audit --each=FOLDER -j JOBS -q -o OUT
#   loop      a shell loop of single runs, one after the other
#   xargs     xargs -P JOBS -n 1 over single runs
#   parallel  GNU parallel -j JOBS over single runs (skipped if not installed)
# Wall time and peak RSS come from GNU time -v (peak RSS is the largest of the
# process and its children, i.e. of the parent or any one worker); each way
# runs RUNS times and the table shows the median wall time and the largest
# peak RSS. Then the fleet run alone at each size of SCALE to show that its
# peak RSS does not grow with the number of bundles.
#
# Environment: NDES_AUDIT (default ./ndes-audit), NDES_AUDIT_EVTX_HELPER (the
# .evtx helper, default next to NDES_AUDIT), N (200), JOBS (2), RUNS (3),
# SCALE ("20 200 1000"), BENCH_DIR (default a mktemp folder, removed at the
# end). Exit 1 when the fleet run is more than 10% slower than xargs -P.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
NDES_AUDIT=${NDES_AUDIT:-$root/ndes-audit}
export NDES_AUDIT_EVTX_HELPER=${NDES_AUDIT_EVTX_HELPER:-$(dirname "$NDES_AUDIT")/ndes-audit-evtx}
N=${N:-200}
JOBS=${JOBS:-2}
RUNS=${RUNS:-3}
SCALE=${SCALE:-20 200 1000}
asof=2026-06-01
[ -x /usr/bin/time ] || { echo "bench/fleet.sh: needs GNU time (apt-get install time)" >&2; exit 2; }
work=${BENCH_DIR:-$(mktemp -d /tmp/ndes-fleet.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT

# make_fleet COUNT: $work/fleetCOUNT holds COUNT hard-linked copies.
make_fleet() {
	local d=$work/fleet$1 i
	[ -d "$d" ] && return
	mkdir -p "$d"
	for i in $(seq -w 1 "$1"); do cp -al "$root/samples/healthy" "$d/srv$i"; done
}

# measure NAME COMMAND: one run under GNU time -v; appends "wall rss" to $work/NAME.m.
measure() {
	local name=$1 out
	shift
	rm -rf "$work/out" && mkdir -p "$work/out"
	/usr/bin/time -v -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
		local rc=$?
		# the audit of a healthy bundle exits 0; anything else is a bench failure
		echo "bench/fleet.sh: $name exited $rc" >&2; cat "$work/stderr.txt" >&2; exit 1
	}
	out=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
		/Maximum resident set size/ { r = $2 } END { printf "%.2f %d\n", w, r }' "$work/time.txt")
	echo "$out" >> "$work/$name.m"
	[ "$(find "$work/out" -name '*.json' | wc -l)" -eq "$count" ] || {
		echo "bench/fleet.sh: $name wrote $(find "$work/out" -name '*.json' | wc -l) reports, not $count" >&2
		exit 1
	}
}

single='exec "$0" --as-of '$asof' -q -o "json:'$work'/out/${1##*/}.json" -o "text:'$work'/out/${1##*/}.txt" "$1"'
run_way() { # run_way WAY FOLDER
	case $1 in
	fleet) measure fleet "$NDES_AUDIT" --each="$2" -j "$JOBS" --as-of $asof -q -o "$work/out" ;;
	loop) measure loop bash -c 'for d in "$1"/*; do sh -c "$2" "$0" "$d" || exit 1; done' \
		"$NDES_AUDIT" "$2" "$single" ;;
	xargs) measure xargs bash -c 'printf "%s\n" "$1"/* | xargs -P "$2" -n 1 sh -c "$3" "$0"' \
		"$NDES_AUDIT" "$2" "$JOBS" "$single" ;;
	parallel) measure parallel bash -c 'printf "%s\n" "$1"/* | parallel --will-cite -q -j "$2" sh -c "$3" "$0"' \
		"$NDES_AUDIT" "$2" "$JOBS" "$single" ;;
	esac
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

count=$N
make_fleet "$N"
ways="fleet loop xargs"
command -v parallel > /dev/null 2>&1 && ways="$ways parallel"
rm -f "$work"/*.m
for r in $(seq "$RUNS"); do
	for w in $ways; do run_way "$w" "$work/fleet$N"; done
done
echo "## $N copies of samples/healthy, -j $JOBS, $RUNS runs each ($(nproc) CPUs, $(uptime | sed 's/.*load/load/'))"
echo
echo "| way | wall (median, s) | vs xargs -P $JOBS | peak RSS (max, MB) |"
echo "|---|---|---|---|"
xw=$(cut -d' ' -f1 "$work/xargs.m" | median)
for w in $ways; do
	wall=$(cut -d' ' -f1 "$work/$w.m" | median)
	rss=$(cut -d' ' -f2 "$work/$w.m" | sort -n | tail -1)
	printf '| %s | %s | %.2fx | %.1f |\n' "$w" "$wall" "$(echo "$wall / $xw" | bc -l)" \
		"$(echo "$rss / 1024" | bc -l)"
done
fw=$(cut -d' ' -f1 "$work/fleet.m" | median)

echo
echo "## The fleet run's peak RSS against the number of bundles (one run each)"
echo
echo "| bundles | wall (s) | s per bundle | peak RSS (MB) |"
echo "|---|---|---|---|"
for n in $SCALE; do
	count=$n
	make_fleet "$n"
	rm -f "$work/fleet.m"
	run_way fleet "$work/fleet$n"
	read -r wall rss < "$work/fleet.m"
	printf '| %d | %s | %.3f | %.1f |\n' "$n" "$wall" "$(echo "$wall / $n" | bc -l)" \
		"$(echo "$rss / 1024" | bc -l)"
done
if [ "$(echo "$fw > $xw * 1.10" | bc -l)" -eq 1 ]; then
	echo "bench/fleet.sh: the fleet run ($fw s) is slower than xargs -P $JOBS ($xw s)" >&2
	exit 1
fi
