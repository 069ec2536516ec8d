#!/bin/sh
# Driver for the fuzz harnesses (tests/fuzz/README.md).
#   run.sh            replay: each harness runs once over every file of its
#                     seed corpus and regression folder; TAP (make check).
#   run.sh smoke N    libFuzzer: N runs of each harness from its corpus
#                     (make fuzz-smoke); a replay build just replays.
#   run.sh time S     libFuzzer: S seconds of each harness (make fuzz).
# Environment: top_srcdir, top_builddir; FUZZ_ONLY="hive inf" limits the
# harnesses; FUZZ_ENGINE (replay or libfuzzer) is guessed when unset.
# libFuzzer runs write new inputs to tests/fuzz/work/NAME and crashes to
# tests/fuzz/artifacts/ in the build tree, never into the source tree.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
mode=${1:-replay}
arg=${2:-}
src=$top_srcdir/tests/fuzz
bin=$top_builddir/tests/fuzz
names=${FUZZ_ONLY:-}
[ -n "$names" ] || names="archive certblob certfile discover evtxout hive httperr iisconfig inf preg regexport setupmsi sst w3clog"

engine() {
	if [ -n "${FUZZ_ENGINE:-}" ]; then
		echo "$FUZZ_ENGINE"
	elif grep -aq use_value_profile "$1"; then
		echo libfuzzer
	else
		echo replay
	fi
}

# The inputs a harness always replays: its seeds and its regression inputs.
inputs() {
	for d in "$src/corpus/$1" "$src/regress/$1"; do
		[ -d "$d" ] && find "$d" -type f ! -name '.*' | LC_ALL=C sort
	done
}

replay() {
	n=0 failed=0
	for name in $names; do
		n=$((n + 1))
		exe=$bin/fuzz_$name
		log=$bin/fuzz_$name.replay.log
		count=$(inputs "$name" | wc -l)
		if [ ! -x "$exe" ]; then
			echo "not ok $n - fuzz_$name: not built"; failed=$((failed + 1)); continue
		fi
		if [ "$count" -eq 0 ]; then
			echo "not ok $n - fuzz_$name: no seed inputs"; failed=$((failed + 1)); continue
		fi
		# shellcheck disable=SC2046 # the names are ours, without spaces
		if "$exe" $(inputs "$name") >"$log" 2>&1 &&
		   ! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$log"; then
			echo "ok $n - fuzz_$name replays its $count inputs"
		else
			echo "not ok $n - fuzz_$name: $(grep -E '^Running:' "$log" | tail -1)"
			sed 's/^/# /' "$log" | tail -40
			failed=$((failed + 1))
		fi
	done
	echo "1..$n"
	[ "$failed" -eq 0 ]
}

# libFuzzer from the corpus; $@ are the run-length options.
fuzz() {
	failed=0
	mkdir -p "$bin/artifacts"
	for name in $names; do
		exe=$bin/fuzz_$name
		work=$bin/work/$name
		log=$bin/work/$name.log
		mkdir -p "$work"
		dirs=$src/corpus/$name
		[ -d "$src/regress/$name" ] && dirs="$dirs $src/regress/$name"
		# shellcheck disable=SC2086 # dirs: our paths, without spaces
		"$exe" "$@" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$bin/artifacts/$name-" "$work" $dirs >"$log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*/\1 \2/p')
		if [ "$rc" -eq 0 ]; then
			echo "fuzz_$name: ok, ${execs:-?} runs, ${rate:-?}/s, ${cov:-cov: ?}"
		else
			echo "fuzz_$name: FAILED (exit $rc), ${execs:-?} runs; see $log and $bin/artifacts/"
			failed=$((failed + 1))
		fi
	done
	[ "$failed" -eq 0 ]
}

first=$(echo "$names" | awk '{print $1}')
case $mode in
replay)
	replay ;;
smoke)
	if [ "$(engine "$bin/fuzz_$first")" = libfuzzer ]; then
		fuzz -runs="${arg:-2000}"
	else
		echo "# not built with --enable-fuzzing: replaying the corpora only"
		replay
	fi ;;
time)
	if [ "$(engine "$bin/fuzz_$first")" != libfuzzer ]; then
		echo "make fuzz needs a build configured with --enable-fuzzing (clang, libFuzzer)" >&2
		exit 1
	fi
	fuzz -max_total_time="${arg:-60}" ;;
*)
	echo "usage: run.sh [replay | smoke RUNS | time SECONDS]" >&2
	exit 2 ;;
esac
