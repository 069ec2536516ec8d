#!/bin/bash
# Every check in the table has a man entry and tests; no ID repeats; the
# man pages lint clean.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
ids=$("$NDES_AUDIT" --list-checks | awk '{print $1}')
check "the table is not empty" [ -n "$ids" ]
check "no ID appears twice" [ -z "$(printf '%s\n' $ids | sort | uniq -d)" ]
for id in $ids; do
	check "$id: entry in ndes-audit-checks.7" grep -qx "\.Ss $id" man/ndes-audit-checks.7
	check "$id: tested in tests/unit" grep -q "\"$id\"" tests/unit/*.c
done
if command -v mandoc >/dev/null 2>&1; then
	check "mandoc -T lint is clean" sh -c '[ -z "$(mandoc -T lint -W warning man/ndes-audit.1 man/ndes-audit-checks.7 man/ndes-audit-waivers.5 2>&1)" ]'
else
	skip_test "mandoc -T lint" "mandoc not installed"
fi
done_testing
