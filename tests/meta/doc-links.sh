#!/bin/bash
# The README and docs/*.md: every relative link names a file that exists and,
# with #anchor, a heading in it (GitHub's anchor rule: lower case, spaces to
# hyphens, punctuation dropped); every docs/*.md is linked from the README.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99

for f in README.md docs/*.md; do
	check "$f: relative links resolve" python3 - "$f" <<'PY'
import os, re, sys
f = sys.argv[1]
def anchors(path):
    heads = re.findall(r"^#+ (.*)$", open(path).read(), re.M)
    return {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-") for h in heads}
bad = []
for link in re.findall(r"\]\(([^)\s]+)\)", open(f).read()):
    if re.match(r"[a-z]+:", link):
        continue
    path, _, anchor = link.partition("#")
    target = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
    if not os.path.exists(target) or (anchor and anchor not in anchors(target)):
        bad.append(link)
for b in bad:
    print("# broken: " + b)
sys.exit(1 if bad else 0)
PY
done
for f in docs/*.md; do
	check "README links to $f" grep -qF "]($f)" README.md
done
done_testing
