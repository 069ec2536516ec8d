#!/bin/bash
# The README's "What the output looks like" is real: its command, run on the
# sample it names, prints every line the README shows, in the same order
# (lines the README marks as shortened, "[... ...]", stand for any run of
# lines), and exits with the status the README states.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT

python3 - README.md "$tmp/cmd" "$tmp/want" <<'PY' || not_ok "the README's output section could be read"
import re, sys
text = open(sys.argv[1]).read()
sec = text.split("## What the output looks like", 1)[1].split("\n## ", 1)[0]
cmd = re.search(r"real output of `\./ndes-audit ([^`]*)`", sec).group(1)
block = re.search(r"```\n(.*?)```", sec, re.S).group(1)
status = re.search(r"exits with status (\d+)", sec).group(1)
open(sys.argv[2], "w").write(cmd + "\n" + status + "\n")
open(sys.argv[3], "w").write(block)
PY
read -r args < "$tmp/cmd"
want_rc=$(sed -n 2p "$tmp/cmd")
# shellcheck disable=SC2086 # the README's own arguments, without spaces
"$NDES_AUDIT" $args > "$tmp/got" 2>&1
rc=$?
check "README output: the command exits $want_rc" [ "$rc" -eq "$want_rc" ]
check "README output: every line shown is printed, in order" python3 - "$tmp/want" "$tmp/got" <<'PY'
import sys
want = open(sys.argv[1]).read().splitlines()
got = open(sys.argv[2]).read().splitlines()
i = 0
for w in want:
    if w.startswith("[...") and w.endswith("]"):
        continue
    while i < len(got) and got[i] != w:
        i += 1
    if i == len(got):
        print("# not printed (or out of order):", w)
        sys.exit(1)
    i += 1
PY
done_testing
