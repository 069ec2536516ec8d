#!/bin/bash
# Run a cmocka test with TAP output for automake's tap-driver. cmocka writes
# a skipped test as "not ok N # SKIP name", which the TAP spec and
# tap-driver read as a failure; a skip is not a failure, so it is rewritten
# as "ok N # SKIP name". A "# skip reason: WHY" comment the test printed
# (tests/unit/testutil.c, for an absent ../shared/realworld specimen) is
# added to the next SKIP line: "ok N # SKIP name: WHY". The test's own exit
# status is kept.
set -o pipefail
"$@" | awk '
/^# skip reason: / { why = substr($0, 16) }
/^(not )?ok [0-9]+ # SKIP/ {
	sub(/^not ok/, "ok")
	if (why != "") $0 = $0 ": " why
}
/^(not )?ok [0-9]+/ { why = "" }
{ print; fflush() }'
