#!/usr/bin/env bash
# bench/run.sh - how ndes-audit scales with hive size (not part of make check).
#
# For each size in SIZES (MB), makes a bundle with a SYSTEM and a SOFTWARE hive
# of about that size (bench/mkbig.py; the keys the audit reads come from
# samples/healthy, whose other files are copied in too), then measures, on a
# warm page cache:
#   - ndes-audit --format json --as-of 2026-06-01 BUNDLE -o /dev/null
#   - hivexget SYSTEM.hiv 'ControlSet001\Services\HTTP\Parameters' MaxFieldLength
#   - regfinfo SYSTEM.hiv           (libregf-utils; note: it prints the whole
#                                    key tree, so it is a full libregf walk)
#   - libregf open + close of both hives (a 20-line C program built here with
#     -lregf, if a compiler and libregf.h are available): the real "one open"
#   - openssl dgst -sha256 over every file of the bundle: the floor, since the
#     audit hashes every input for its manifest; the table prints the audit's
#     wall time as a ratio to it (target: at most 1.2x)
# and prints a markdown table.  Wall time is the median of RUNS runs (hyperfine
# if installed, else a loop); CPU time (user + system, median) and peak RSS
# (the largest GNU time %M) come from RUNS more runs under GNU time.
#
# Environment:
#   NDES_AUDIT  the binary (default: ./ndes-audit in the repo root)
#   BENCH_DIR   where hives go (default: a mktemp dir under /tmp, removed at the
#               end unless KEEP=1; a BENCH_DIR you name is never removed, and
#               its hives are reused by later runs)
#   SIZES       sizes in MB (default "5 50 200")
#   RUNS        runs per measurement (default 5; regfinfo uses at most 3)
#   PYTHON      python3 for mkbig.py (standard library only; default python3)
#   NO_HYPERFINE=1  time with the plain loop even if hyperfine is installed
#   RT=1        time the wall-clock runs (all but regfinfo's) under
#               "chrt -f 50" (needs root or CAP_SYS_NICE): on a machine that
#               other work keeps busy, a real-time priority gives the audit
#               its two cores, as on a quiet machine; CPU time and RSS runs
#               stay at normal priority
#
# Fails (exit 1) if the audit does not exit 0 on these healthy bundles, if its
# JSON does not show every httpsys check passing, or if hivexget / regfinfo
# cannot read a generated hive.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
NDES_AUDIT=${NDES_AUDIT:-$root/ndes-audit}
SIZES=${SIZES:-5 50 200}
RUNS=${RUNS:-5}
PYTHON=${PYTHON:-python3}
AS_OF=2026-06-01
HTTP_KEY='ControlSet001\Services\HTTP\Parameters'
# mkbig.py gives the last key of the SYSTEM hive (the furthest into the file)
# this LastWrite time; every other key is older.
NEWEST=2026-05-30T14:05:42Z

die() { echo "bench/run.sh: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

case $NDES_AUDIT in /*) ;; *) NDES_AUDIT=$PWD/$NDES_AUDIT ;; esac
[ -x "$NDES_AUDIT" ] || die "no executable ndes-audit at $NDES_AUDIT (build it: make ndes-audit, or set NDES_AUDIT)"
[ -x /usr/bin/time ] || die "GNU time is needed for peak RSS: apt-get install -y time"
for t in hivexget regfinfo "$PYTHON"; do
	command -v "$t" >/dev/null || die "$t not found (hivexget: libhivex-bin; regfinfo: libregf-utils)"
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number"
SLOW_RUNS=$((RUNS < 3 ? RUNS : 3))
# Builds with no-clobber output refuse even "-o /dev/null" without --force.
force=()
"$NDES_AUDIT" --help 2>&1 | grep -q -- '--force' && force=(--force)
have_hyperfine=0
[ "${NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null && have_hyperfine=1
prio=()
if [ "${RT:-0}" = 1 ]; then
	chrt -f 50 true 2>/dev/null || die "RT=1: chrt -f 50 is not allowed here (root or CAP_SYS_NICE)"
	prio=(chrt -f 50)
fi

if [ -n "${BENCH_DIR:-}" ]; then
	mkdir -p "$BENCH_DIR"
	BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
else
	BENCH_DIR=$(mktemp -d /tmp/ndes-bench.XXXXXX)
	if [ "${KEEP:-0}" != 1 ]; then
		trap 'rm -rf -- "$BENCH_DIR"' EXIT
	fi
fi
work=$BENCH_DIR/work
mkdir -p "$work"
say "hives in $BENCH_DIR; audit $NDES_AUDIT; $RUNS runs each$([ $have_hyperfine = 1 ] && echo ' (hyperfine)')"

# The libregf "open only" baseline.
regfopen=""
if command -v cc >/dev/null; then
	cat >"$work/regfopen.c" <<'EOF'
#include <stdio.h>
#include <libregf.h>
/* Open and close each hive with libregf: what one hive open costs. */
int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		libregf_file_t *f = NULL;
		libregf_error_t *e = NULL;

		if (libregf_file_initialize(&f, &e) != 1 ||
		    libregf_file_open(f, argv[i], LIBREGF_OPEN_READ, &e) != 1) {
			fprintf(stderr, "%s: libregf cannot open it\n", argv[i]);
			rc = 1;
		} else {
			libregf_file_close(f, &e);
		}
		libregf_file_free(&f, &e);
		libregf_error_free(&e);
	}
	return rc;
}
EOF
	if cc -O2 -o "$work/regfopen" "$work/regfopen.c" -lregf 2>"$work/regfopen.log"; then
		regfopen=$work/regfopen
	else
		say "cannot build the libregf open baseline (see $work/regfopen.log); column skipped"
	fi
fi

# The healthy sample: mkbig.py lays its hives' keys over the bulk, and its
# other files (IIS configuration, logs, event logs, ...) are copied into each
# bundle, so the big bundles are as healthy as samples/healthy and every
# check has its input.
healthy=$root/samples/healthy
# The audit reads .evtx files through a helper executable; without it they
# are unreadable (exit 3), so leave them out rather than fail.
tar_skip=(--exclude=./registry)
if [ -z "${NDES_AUDIT_EVTX_HELPER:-}" ] && [ ! -x "$(dirname "$NDES_AUDIT")/ndes-audit-evtx" ] &&
   ! command -v ndes-audit-evtx >/dev/null; then
	say "no ndes-audit-evtx next to $NDES_AUDIT (build it, or set NDES_AUDIT_EVTX_HELPER): the sample's .evtx files are left out of the bundles"
	tar_skip+=(--exclude='*.evtx')
fi
# A cache key for generated hives: a changed generator or sample makes new ones.
gen_id=$({ cat "$here/mkbig.py"; cat "$healthy"/registry/*.hiv 2>/dev/null || true; } | cksum | cut -d' ' -f1)

make_bundle() { # SIZE -> prints the bundle dir: the big registry/*.hiv plus a
	# fresh copy of the rest of samples/healthy.  The cache stamps live next
	# to it (bundle-N.generator, bundle-N.stats), not in it.
	local size=$1 dir=$BENCH_DIR/bundle-${1}mb
	if [ "$(cat "$dir.generator" 2>/dev/null)" != "$gen_id" ] ||
	   [ ! -s "$dir/registry/SYSTEM.hiv" ] || [ ! -s "$dir/registry/SOFTWARE.hiv" ]; then
		rm -rf -- "$dir" "$dir.generator" "$dir.stats"
		mkdir -p "$dir/registry"
		say "generating ${size} MB SYSTEM and SOFTWARE hives in $dir"
		local t0=$EPOCHREALTIME
		"$PYTHON" "$here/mkbig.py" "$size" system "$dir/registry" >"$dir.stats"
		"$PYTHON" "$here/mkbig.py" "$size" software "$dir/registry" >>"$dir.stats"
		say "  generated in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}') s"
		echo "$gen_id" >"$dir.generator"
	fi
	find "$dir" -mindepth 1 -maxdepth 1 ! -name registry -exec rm -rf -- {} +
	if [ -d "$healthy" ]; then
		(cd "$healthy" && tar cf - "${tar_skip[@]}" .) | (cd "$dir" && tar xf -)
	fi
	sed 's/^/bench:   /' "$dir.stats" >&2
	echo "$dir"
}

median() { sort -g | awk '{v[NR]=$1} END{if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# wall NAME RUNS CMD... -> median wall seconds
wall() {
	local name=$1 runs=$2 i t0
	shift 2
	# regfinfo runs for seconds: never at real-time priority
	[ ${#prio[@]} -gt 0 ] && [ "$name" != regfinfo ] && set -- "${prio[@]}" "$@"
	if [ $have_hyperfine = 1 ]; then
		local cmd="" a
		for a in "$@"; do cmd+="$(printf '%q' "$a") "; done
		hyperfine --style none --warmup 1 --runs "$runs" \
			--export-json "$work/$name.json" "$cmd >/dev/null" >/dev/null 2>"$work/$name.err" ||
			die "hyperfine failed for $name: $(tail -3 "$work/$name.err")"
		"$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' \
			"$work/$name.json"
	else
		"$@" >/dev/null 2>&1 || true # warm-up
		for ((i = 0; i < runs; i++)); do
			t0=$EPOCHREALTIME
			"$@" >/dev/null 2>&1 || die "$name failed"
			awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{print b-a}'
		done | median
	fi
}

# res NAME RUNS CMD... -> "RSS CPU": the largest peak RSS in MB (GNU time %M,
# in KiB) and the median CPU seconds (user + system) of RUNS runs.  CPU time
# is what to compare when the machine was busy: it moves far less with load.
res() {
	local name=$1 runs=$2 i
	shift 2
	for ((i = 0; i < runs; i++)); do
		/usr/bin/time -f '%M %U %S' -o "$work/$name.res" "$@" >/dev/null 2>&1 || die "$name failed"
		tail -1 "$work/$name.res"
	done >"$work/$name.all"
	printf '%s %s\n' \
		"$(sort -n "$work/$name.all" | tail -1 | awk '{printf "%.1f", $1/1024}')" \
		"$(awk '{print $2 + $3}' "$work/$name.all" | median)"
}

fmt() { awk -v v="$1" 'BEGIN{printf (v < 0.1 ? "%.3f" : "%.2f"), v}'; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN{printf "%.1f", b/1048576}'; }

loadavg() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?'; }
load_before=$(loadavg)
rows=()
for size in $SIZES; do
	[[ $size =~ ^[1-9][0-9]*$ ]] || die "bad size in SIZES: $size"
	bundle=$(make_bundle "$size")
	sys=$bundle/registry/SYSTEM.hiv
	sw=$bundle/registry/SOFTWARE.hiv

	# Correctness first: these are healthy hives.
	got=$(hivexget "$sys" "$HTTP_KEY" MaxFieldLength) || die "hivexget cannot read $sys"
	[ "$got" = 65534 ] || die "hivexget: MaxFieldLength is '$got' in $sys, expected 65534"
	regfinfo "$sys" >/dev/null 2>"$work/regfinfo.err" || die "regfinfo cannot read $sys: $(tail -1 "$work/regfinfo.err")"
	set +e
	rm -f "$work/audit-$size.json"
	"$NDES_AUDIT" --format json --as-of "$AS_OF" "$bundle" -o "$work/audit-$size.json" 2>"$work/audit-$size.err"
	rc=$?
	set -e
	[ $rc = 0 ] || die "ndes-audit exited $rc on the healthy ${size} MB bundle (report: $work/audit-$size.json, stderr: $(tail -3 "$work/audit-$size.err"))"
	verdict=$("$PYTHON" - "$work/audit-$size.json" "$NEWEST" <<'EOF'
import json, sys
rep = json.load(open(sys.argv[1]))
http = [r for r in rep.get("results", []) if r.get("check", "").startswith("httpsys.")]
bad = ["%s=%s" % (r["check"], r.get("status")) for r in http if r.get("status") != "pass"]
if not http:
    print("FAIL no httpsys checks in the report")
elif bad:
    print("FAIL httpsys checks not passing: " + ", ".join(bad))
elif rep.get("collected_at") != sys.argv[2]:
    print("WARN collected_at is %s, expected %s (the newest key, at the end of SYSTEM.hiv)"
          % (rep.get("collected_at"), sys.argv[2]))
else:
    print("OK")
EOF
	)
	case $verdict in
	FAIL*) die "${size} MB: ${verdict#FAIL }" ;;
	WARN*) say "WARNING ${size} MB: ${verdict#WARN }" ;;
	esac

	say "${size} MB: measuring"
	audit=("$NDES_AUDIT" --format json --as-of "$AS_OF" "$bundle" -o /dev/null "${force[@]}")
	hget=(hivexget "$sys" "$HTTP_KEY" MaxFieldLength)
	a_wall=$(wall audit "$RUNS" "${audit[@]}")
	r=$(res audit "$RUNS" "${audit[@]}")
	read -r a_rss a_cpu <<<"$r"
	h_wall=$(wall hivexget "$RUNS" "${hget[@]}")
	r=$(res hivexget "$RUNS" "${hget[@]}")
	read -r h_rss h_cpu <<<"$r"
	r_wall=$(wall regfinfo "$SLOW_RUNS" regfinfo "$sys")
	mapfile -d '' files < <(find "$bundle" -type f -print0 | sort -z)
	s_wall=$(wall sha256 "$RUNS" openssl dgst -sha256 "${files[@]}")
	ratio=$(awk -v a="$a_wall" -v s="$s_wall" 'BEGIN{printf "%.2fx", a/s}')
	o_col="n/a"
	if [ -n "$regfopen" ]; then
		o_wall=$(wall regfopen "$RUNS" "$regfopen" "$sys" "$sw")
		r=$(res regfopen "$RUNS" "$regfopen" "$sys" "$sw")
		read -r o_rss o_cpu <<<"$r"
		o_col="$(fmt "$o_wall") / $(fmt "$o_cpu") / $o_rss"
	fi
	rows+=("| $size | $(mb "$sys") + $(mb "$sw") | $(fmt "$a_wall") | $(fmt "$a_cpu") | $a_rss | $(fmt "$s_wall") | $ratio | $(fmt "$h_wall") | $(fmt "$h_cpu") | $h_rss | $(fmt "$r_wall") | $o_col |")
done

echo
echo "| size | file MB (SYSTEM + SOFTWARE) | audit wall s | audit CPU s | audit peak RSS MB | sha256 of the bundle wall s | audit / sha256 | hivexget wall s | hivexget CPU s | hivexget RSS MB | regfinfo wall s | libregf open both: wall s / CPU s / RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "audit = ndes-audit on the bundle (both hives); sha256 = openssl dgst -sha256 of every file of the bundle (the audit's floor: it hashes each input); hivexget and regfinfo = SYSTEM.hiv only;"
echo "wall = median of $RUNS runs ($SLOW_RUNS for regfinfo), warm page cache; CPU = median user+system; RSS = max of $RUNS runs (GNU time %M)."
echo "$(nproc 2>/dev/null || echo '?') CPUs; 1-minute load average $load_before before, $(loadavg) after (anything else running skews the times)$([ ${#prio[@]} -gt 0 ] && echo '; wall times at real-time priority (RT=1)')."
