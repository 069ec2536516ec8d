#!/bin/bash
# Fleet mode (issue 17): --each audits each bundle in a worker of its own
# and writes the same per-bundle reports as single runs (byte for byte);
# a hostile bundle among them changes nothing in the others; the fleet
# summary in JSON, JSON Lines, text and HTML is checked for structure and
# escaping; --merge of single-run reports gives the fleet run's summary;
# the folded exit status; the fleet baseline; name collisions; a worker
# that dies is an error row.
. "$(dirname "$0")/../lib.sh"
tmp=$(scratch)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
asof=2026-06-01
S="$top_srcdir/samples"
three="healthy broken zip-bundle"
py() { python3 "$top_srcdir/tests/e2e/fleet_check.py" "$@"; }

# Single runs: the reference reports.
mkdir -p "$tmp/single"
for b in $three; do
	"$NDES_AUDIT" --as-of $asof -q -o "json:$tmp/single/$b.json" -o "text:$tmp/single/$b.txt" \
		"$S/$b" 2> "$tmp/single/$b.err"
done

# 1. Three bundles, two at a time.
"$NDES_AUDIT" --each -j 2 --as-of $asof -o "$tmp/r" -f json "$S/healthy" "$S/broken" \
	"$S/zip-bundle" > "$tmp/fleet.json" 2> "$tmp/fleet.err"
rc=$?
check "--each -j 2: exit 1, the worst of 0, 1 and 0" [ "$rc" -eq 1 ]
check "--each: nothing on stderr (not a terminal)" [ ! -s "$tmp/fleet.err" ]
for b in $three; do
	check "$b: JSON report byte-identical to its single run" cmp -s "$tmp/single/$b.json" "$tmp/r/$b.json"
	check "$b: text report identical to its single run" cmp -s "$tmp/single/$b.txt" "$tmp/r/$b.txt"
done
check "-o folder holds the reports and nothing else" \
	[ "$(cd "$tmp/r" && ls | tr '\n' ' ')" = "broken.json broken.txt healthy.json healthy.txt zip-bundle.json zip-bundle.txt " ]
check "fleet JSON: structure, order, counts agree with the reports" py summary "$tmp/fleet.json" "$tmp/r"

# 2. --merge of the single runs gives the same summary, in every format.
"$NDES_AUDIT" --merge -f json "$tmp/single/healthy.json" "$tmp/single/broken.json" \
	"$tmp/single/zip-bundle.json" > "$tmp/merged.json"
rc=$?
check "--merge: exit 1 as the fleet run" [ "$rc" -eq 1 ]
check "--merge of single-run reports = the fleet run's JSON summary" cmp -s "$tmp/fleet.json" "$tmp/merged.json"
"$NDES_AUDIT" --each --as-of $asof -q -o "$tmp/rt" "$S/broken" "$S/healthy" "$S/zip-bundle"
check "-q: exit status only" [ $? -eq 1 ]
for f in text html; do
	"$NDES_AUDIT" --each --as-of $asof -f $f "$S/zip-bundle" "$S/healthy" "$S/broken" > "$tmp/fleet.$f"
	"$NDES_AUDIT" --merge -f $f "$tmp/single/broken.json" "$tmp/single/zip-bundle.json" \
		"$tmp/single/healthy.json" > "$tmp/merged.$f"
	check "--merge -f $f = --each -f $f" cmp -s "$tmp/fleet.$f" "$tmp/merged.$f"
done
check "text: the table names broken first with its failing checks" \
	py text "$tmp/fleet.text" "$tmp/fleet.json"
check "HTML: well-formed, a cell per server and failing check linking to its section" \
	py html "$tmp/fleet.html" "$tmp/fleet.json"

# 2b. The fan-out recipes of docs/fleet.md: xargs -P and GNU parallel over
# single runs, then --merge, give the fleet run's summary.
mkdir -p "$tmp/bx/reports"
ln -s "$S/healthy" "$tmp/bx/healthy"; ln -s "$S/broken" "$tmp/bx/broken"; ln -s "$S/zip-bundle" "$tmp/bx/zip-bundle"
( cd "$tmp/bx" && printf '%s\n' healthy broken zip-bundle | xargs -P 2 -n 1 sh -c \
	'"$NDES_AUDIT" --as-of "$0" -q -o "json:reports/${1##*/}.json" "$1"; rc=$?; [ $rc -ne 2 ] && [ $rc -ne 4 ]' "$asof" )
check "xargs -P 2 recipe: every single run exited 0, 1 or 3" [ $? -eq 0 ]
( cd "$tmp/bx" && "$NDES_AUDIT" --each -j 2 --as-of $asof -f json healthy broken zip-bundle > "$tmp/bx/each.json"
  "$NDES_AUDIT" --merge -f json reports/*.json > "$tmp/bx/merged.json" )
check "xargs -P 2 recipe: --merge reports/*.json = the --each summary" cmp -s "$tmp/bx/each.json" "$tmp/bx/merged.json"
if command -v parallel > /dev/null 2>&1; then
	mkdir -p "$tmp/bx/preports"
	( cd "$tmp/bx" && parallel --will-cite -j 2 "$NDES_AUDIT" --as-of "$asof" -q -o json:preports/{/}.json {} ::: healthy broken zip-bundle )
	check "GNU parallel recipe: one job failed its gate (broken)" [ $? -eq 1 ]
	( cd "$tmp/bx" && "$NDES_AUDIT" --merge -f json preports/*.json > "$tmp/bx/pmerged.json" )
	check "GNU parallel recipe: --merge = the --each summary" cmp -s "$tmp/bx/each.json" "$tmp/bx/pmerged.json"
else
	skip_test "GNU parallel recipe" "parallel is not installed (apt-get install parallel)"
fi

# 3. JSON Lines: one finished report per line, the per-bundle report whole.
"$NDES_AUDIT" --each -j 2 --as-of $asof -f jsonl -o "$tmp/rl" "$S/healthy" "$S/broken" \
	"$S/zip-bundle" > "$tmp/fleet.jsonl"
check "jsonl: exit 1" [ $? -eq 1 ]
check "jsonl: three lines, each a bundle's whole report" py jsonl "$tmp/fleet.jsonl" "$tmp/rl"

# 4. A hostile bundle among them: damaged hive, a zip whose members climb
# out or are links, a FIFO, a link out of the bundle, a file name with
# markup and controls. The others' reports do not change; nothing is
# written into any bundle.
h="$tmp/bundles/hostile"
mkdir -p "$h/registry" "$tmp/bundles/ok"
cp -R "$S/healthy/." "$tmp/bundles/ok/"
printf 'regf\001\000\000\000garbage' > "$h/registry/SYSTEM.hiv"
head -c 8192 "$S/healthy/registry/SOFTWARE.hiv" > "$h/registry/SOFTWARE.hiv" 2>/dev/null || :
mkfifo "$h/pipe"
ln -s /etc/passwd "$h/passwd"
printf '<script>alert(1)</script>' > "$h/$(printf '<b>\033[31m&name')"
python3 - "$h/evil.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("../../outside.txt", "climb")
    z.writestr("/abs.txt", "abs")
    i = zipfile.ZipInfo("link"); i.external_attr = (0o120777 << 16); z.writestr(i, "/etc/shadow")
PY
(cd "$tmp/bundles" && find . -exec stat -c '%n %s %Y' {} + | LC_ALL=C sort) > "$tmp/before"
"$NDES_AUDIT" --each -j 2 --as-of $asof -o "$tmp/rh" -f json "$S/healthy" "$h" "$S/broken" \
	"$S/zip-bundle" > "$tmp/hostile.json" 2> "$tmp/hostile.err"
rc=$?
check "hostile among three: exit 1 (3 from the hostile one is not worse than 1)" [ "$rc" -eq 1 ]
for b in $three; do
	check "hostile among them: $b report unchanged" cmp -s "$tmp/single/$b.json" "$tmp/rh/$b.json"
done
check "hostile bundle has its own report and row" py row "$tmp/hostile.json" hostile incomplete
(cd "$tmp/bundles" && find . -exec stat -c '%n %s %Y' {} + | LC_ALL=C sort) > "$tmp/after"
check "nothing written into the bundles" cmp -s "$tmp/before" "$tmp/after"
check "no file outside the -o folder" [ ! -e "$tmp/outside.txt" ] && [ ! -e "$tmp/rh/../outside.txt" ]
check "stderr clean of sanitizer reports" clean_stderr "$tmp/hostile.err"

# 5. Escaping: markup in a value reaches the HTML and text escaped.
"$NDES_AUDIT" --each --as-of $asof -f html --fqdn '<img src=x onerror=alert(1)>&"q' \
	"$S/healthy" "$h" > "$tmp/esc.html" 2>/dev/null
check "HTML escaping: no raw markup from the bundle or the options" py escaped "$tmp/esc.html"

# 6. --each=FOLDER: sub-folders and archives are bundles; names are made
# safe and unique (two bundles called healthy in different parents).
mkdir -p "$tmp/fleet/a" "$tmp/fleet2"
cp -R "$S/healthy" "$tmp/fleet/healthy"
cp "$S/zip-bundle/healthy.zip" "$tmp/fleet/srv.zip"
cp -R "$S/healthy" "$tmp/fleet2/healthy"
cp -R "$S/healthy" "$tmp/fleet/a b<c>"
echo "not a bundle" > "$tmp/fleet/notes.txt"
"$NDES_AUDIT" --each="$tmp/fleet" --each="$tmp/fleet2" --as-of $asof -f json -o "$tmp/rf" \
	> "$tmp/each.json" 2> "$tmp/each.err"
check "--each=FOLDER: exit 0 (a is an empty bundle: 3)" [ $? -eq 3 ]
check "--each=FOLDER: bundles a, a_b_c_, healthy, srv.zip, healthy-2" py names "$tmp/each.json" \
	"a,a_b_c_,healthy,healthy-2,srv.zip"
check "--each=FOLDER: a stray file is named on stderr, not audited" grep -q 'notes.txt' "$tmp/each.err"
check "reports of the same-named bundles differ by folder" \
	py differ "$tmp/rf/healthy.json" "$tmp/rf/healthy-2.json"

# 7. A bundle whose report cannot be written (already there, no --force)
# is an error row (exit 2 folded), the others are audited.
"$NDES_AUDIT" --each --as-of $asof -o "$tmp/r" -f json "$S/healthy" "$S/missing-enforcepassword" \
	> "$tmp/err.json" 2> "$tmp/err.err"
rc=$?
check "an existing report: that bundle is an error row, exit 2" [ "$rc" -eq 2 ]
check "the error row and the audited bundle" py row "$tmp/err.json" healthy error
check "the other bundle audited" py row "$tmp/err.json" missing-enforcepassword fail
"$NDES_AUDIT" --each --force --as-of $asof -o "$tmp/r" -q "$S/healthy"
check "--force replaces the reports" [ $? -eq 0 ]

# 8. A worker that dies (here of SIGXFSZ: its report outgrows the file
# size limit) is an error row; the run goes on and says so.
( ulimit -f 8; "$NDES_AUDIT" --each --as-of $asof -f json -o "$tmp/rx" "$S/broken" "$S/healthy" \
	| cat > /dev/null; exit "${PIPESTATUS[0]}" ) 2> "$tmp/x.err"
check "workers killed by a signal: exit 4" [ $? -eq 4 ]
( ulimit -f 8; "$NDES_AUDIT" --each --as-of $asof -f json -o "$tmp/ry" "$S/broken" | \
	python3 -c "import json,sys; r=json.load(sys.stdin)['servers'][0]; sys.exit(0 if r['status']=='error' and 'signal' in r['error'] else 1)" ) 2>/dev/null
check "a killed worker: an error row naming the signal" [ $? -eq 0 ]

# 9. The fleet baseline: new and fixed findings against an earlier summary.
"$NDES_AUDIT" --each --as-of $asof -f json --baseline "$tmp/fleet.json" "$S/healthy" \
	"$S/missing-enforcepassword" "$S/broken" > "$tmp/base.json"
check "baseline: missing-enforcepassword's findings are new, the rest known" py baseline "$tmp/base.json"

# 10. --merge refuses reports of different schema versions, naming them.
sed 's/"schema_version": 1,/"schema_version": 2,/' "$tmp/single/healthy.json" > "$tmp/v2.json"
"$NDES_AUDIT" --merge "$tmp/single/broken.json" "$tmp/v2.json" > /dev/null 2> "$tmp/merge.err"
check "--merge: schema versions differ: exit 2" [ $? -eq 2 ]
check "--merge: names the report that differs" grep -q "v2.json has schema_version 2" "$tmp/merge.err"
"$NDES_AUDIT" --merge -f jsonl "$tmp/single/broken.json" "$tmp/v2.json" > "$tmp/merge.jsonl" 2>/dev/null
check "--merge -f jsonl: no line when the schema versions differ" [ ! -s "$tmp/merge.jsonl" ]
"$NDES_AUDIT" --merge -f jsonl "$tmp/single/broken.json" "$tmp/single/healthy.json" > "$tmp/merge.jsonl"
check "--merge -f jsonl: a line per report, in the order given" \
	[ "$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["bundle"] for l in open(sys.argv[1])))' "$tmp/merge.jsonl")" = "broken healthy" ]
echo '{"not": "a report"}' > "$tmp/junk.json"
status_is "--merge: a file that is not a report: exit 2" 2 "$NDES_AUDIT" --merge "$tmp/junk.json"

# 11. Progress: a line on a terminal's stderr, none with -q (none when
# stderr is not a terminal: tested in 1).
if command -v script > /dev/null 2>&1; then
	script -qec "'$NDES_AUDIT' --each -j 1 --as-of $asof -f json -o '$tmp/rp' '$S/healthy' '$S/broken' 2>&1 >/dev/null" /dev/null > "$tmp/tty.out"
	check "progress on a terminal: done/total, current bundle, elapsed" \
		grep -q '3/3 bundles\|2/2 bundles done, 0:[0-9][0-9] elapsed' "$tmp/tty.out"
	check "progress names the bundle being audited" grep -q 'auditing broken' "$tmp/tty.out"
	script -qec "'$NDES_AUDIT' --each -q --as-of $asof '$S/healthy' 2>&1" /dev/null > "$tmp/ttyq.out"
	check "-q: no progress on a terminal" [ ! -s "$tmp/ttyq.out" ]
else
	skip_test "progress on a terminal" "script(1) is not installed"
fi

# 12. SIGTERM stops the workers and the run (128 + 15), leaving no worker
# behind. Waits for the first report, then signals: no timing assumed.
mkdir -p "$tmp/big"
for i in $(seq -w 1 40); do cp -al "$S/healthy" "$tmp/big/s$i" 2>/dev/null || cp -R "$S/healthy" "$tmp/big/s$i"; done
"$NDES_AUDIT" --each="$tmp/big" -j 1 --as-of $asof -q -o "$tmp/rbig" 2> "$tmp/big.err" &
pid=$!
while [ ! -e "$tmp/rbig/s01.json" ] && kill -0 $pid 2>/dev/null; do sleep 0.05; done
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
if [ -e "$tmp/rbig/s40.json" ]; then
	skip_test "SIGTERM stops the run" "all 40 bundles were audited before the signal"
else
	check "SIGTERM: exit 143" [ "$rc" -eq 143 ]
	check "SIGTERM: says how far it got" grep -q "stopped by signal 15" "$tmp/big.err"
	check "SIGTERM: no worker left running" [ -z "$(pgrep -f -- "--each=$tmp/big" || :)" ]
fi

# 13. Usage errors.
status_is "--each and --merge together" 2 "$NDES_AUDIT" --each --merge "$S/healthy"
status_is "-j without --each" 2 "$NDES_AUDIT" -j 2 "$S/healthy"
status_is "-j 0" 2 "$NDES_AUDIT" --each -j 0 "$S/healthy"
status_is "--each with --fail-on-new" 2 "$NDES_AUDIT" --each --fail-on-new --baseline "$tmp/fleet.json" "$S/healthy"
status_is "--each -o -" 2 "$NDES_AUDIT" --each -o - "$S/healthy"
status_is "--each -f sarif" 2 "$NDES_AUDIT" --each -f sarif "$S/healthy"
status_is "--each: a PATH that does not exist" 2 "$NDES_AUDIT" --each "$tmp/nope"
status_is "--each --baseline of a single-run report" 2 "$NDES_AUDIT" --each --baseline "$tmp/single/healthy.json" "$S/healthy"
status_is "--each -o inside a bundle: a usage error" 2 \
	"$NDES_AUDIT" --each -o "$tmp/bundles/ok/reports" "$tmp/bundles/ok"
check "--each -o inside a bundle: the folder is not made" [ ! -e "$tmp/bundles/ok/reports" ]
done_testing
