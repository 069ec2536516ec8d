#!/bin/bash
# The check table and man/ndes-audit-checks.7 say the same about every
# check, field by field (title, severity, sources, the facts of the logic
# and the fix, outcomes), and SARIF rules[] are the table: see check_docs.py.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
exec python3 tests/meta/check_docs.py "$NDES_AUDIT" man/ndes-audit-checks.7 tests/e2e/golden \
	samples/healthy
