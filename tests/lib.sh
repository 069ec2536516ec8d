# Shared TAP helpers for the shell tests. Source it; call done_testing last.
# Environment from `make check`: top_srcdir, NDES_AUDIT.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${NDES_AUDIT:=$top_srcdir/ndes-audit}"
tap_n=0
tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip_test() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1 # SKIP $2"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# status_is DESCRIPTION EXPECTED COMMAND...: passes on that exit status.
status_is() {
	local d=$1 want=$2 got; shift 2
	"$@" >/dev/null 2>&1; got=$?
	if [ "$got" -eq "$want" ]; then ok "$d"; else not_ok "$d (exit $got, wanted $want)"; fi
}
# A sanitizer report in stderr is a failure whatever the exit status.
clean_stderr() { ! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$1"; }
done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
scratch() { mktemp -d "${TMPDIR:-/tmp}/ndes-audit-sh.XXXXXX"; }
