#!/bin/sh
# Runs one cmocka unit test for `make check`. cmocka 1.1.5 writes a skipped
# test (a real-world specimen absent from this checkout) as "not ok N # SKIP",
# which automake's TAP driver counts as a failure; TAP means "ok N # SKIP".
# Only that line is rewritten; everything else, and the exit status, pass through.
out=$("$@")
rc=$?
printf '%s\n' "$out" | sed 's/^not ok \([0-9][0-9]*\) # SKIP/ok \1 # SKIP/'
exit $rc
