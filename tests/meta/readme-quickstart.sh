#!/bin/bash
# The README's quick start: exactly two commands (install, build and audit a
# sample; then the test suite), whose apt-get list holds every package
# .ci/run installs plus man-db, each -dev package configure.ac checks for,
# and which works as root (no bare sudo) and as a user (sudo when present).
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT

python3 - README.md "$tmp" <<'PY' || not_ok "the README's quick start could be read"
import re, sys
text = open(sys.argv[1]).read()
sec = text.split("## Quick start (Debian 12)", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", sec, re.S)
with open(sys.argv[2] + "/n", "w") as f:
    f.write("%d\n" % len(blocks))
with open(sys.argv[2] + "/install", "w") as f:
    f.write(blocks[0] if blocks else "")
with open(sys.argv[2] + "/test", "w") as f:
    f.write(blocks[1] if len(blocks) > 1 else "")
PY
check "the quick start is two commands" grep -qx 2 "$tmp/n"
check "the first is one line" sh -c '[ "$(wc -l < "$1")" -eq 1 ]' sh "$tmp/install"
check "the second runs the test suite" grep -qx 'make check' "$tmp/test"
check "no bare sudo: root without sudo can run it" sh -c '! grep -qE "(^|[;&|] *)sudo " "$1"' sh "$tmp/install"
check "apt-get runs through \$(command -v sudo)" grep -q '$(command -v sudo) apt-get install -y ' "$tmp/install"
check "it builds and audits a shipped sample" grep -qE '&& autoreconf -fi && \./configure && make -j2 && \./ndes-audit samples/[a-z-]+$' "$tmp/install"
sample=$(grep -oE 'ndes-audit samples/[a-z-]+$' "$tmp/install" | cut -d/ -f2)
check "the audited sample ($sample) is shipped" [ -d "samples/$sample" ]

# Every package .ci/run installs, and man-db for `man`.
pkgs=$(sed -n '/^PKGS="/,/"$/p' .ci/run | tr -d '"' | sed 's/^PKGS=//')
have=" $(sed 's/.*apt-get install -y //; s/ &&.*//' "$tmp/install") "
for p in $pkgs man-db; do
	check "the quick start installs $p" sh -c 'case "$1" in *" $2 "*) exit 0;; esac; exit 1' sh "$have" "$p"
done
# Every library configure.ac requires through pkg-config, by its Debian -dev name.
for m in $(grep -oE 'PKG_CHECK_MODULES\(\[[A-Z]+\], \[[a-z0-9.-]+' configure.ac | sed 's/.*\[//'); do
	case $m in
	libcrypto) dev=libssl-dev ;;
	libxml-2.0) dev=libxml2-dev ;;
	jansson) dev=libjansson-dev ;;
	cmocka) dev=libcmocka-dev ;;
	*) dev=$m-dev ;;
	esac
	check "configure's $m: the quick start installs $dev" \
		sh -c 'case "$1" in *" $2 "*) exit 0;; esac; exit 1' sh "$have" "$dev"
done
done_testing
