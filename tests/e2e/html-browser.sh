#!/bin/bash
# The HTML report in a real browser (issue 16.1): headless Chromium (Debian's
# chromium package) opens samples/broken's page from a file, with every host
# name mapped to nowhere, and must log nothing to its console, keep every
# section and finding in its DOM, and render a screenshot. Skipped when
# chromium is not installed: a TAP plan of 0 with the reason, and exit 0,
# because the TAP driver of `make check` takes exit 77 for an error.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "1..0 # SKIP chromium is not installed (apt-get install chromium)"
	exit 0
fi
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
asof=2026-06-01T00:00:00Z
page=$tmp/broken.html
"$NDES_AUDIT" --format html --as-of $asof samples/broken > "$page"
check "the page was written" [ -s "$page" ]

# Root (CI, containers) needs --no-sandbox. A private profile folder, no
# network: any fetch the page tried would fail and show on the console.
[ "$(id -u)" -eq 0 ] && nosandbox=--no-sandbox || nosandbox=
run_browser() { # run_browser OUT ERR ARGS...: a guard against a browser that hangs
	local out=$1 err=$2; shift 2
	timeout 300 "$browser" --headless --disable-gpu --no-first-run \
		--user-data-dir="$tmp/profile" "--host-resolver-rules=MAP * ~NOTFOUND" \
		--enable-logging=stderr --v=0 $nosandbox "$@" > "$out" 2> "$err"
}

run_browser "$tmp/dom.html" "$tmp/dom.err" --dump-dom "file://$page"
check "chromium loaded the page (--dump-dom)" [ -s "$tmp/dom.html" ]
check "no console message (error, warning or log) while loading" sh -c "! grep -E 'CONSOLE' '$tmp/dom.err'"
grep -E 'CONSOLE' "$tmp/dom.err" | head -5 | sed 's/^/# /'
# The DOM the browser built has the sections and findings of the file.
python3 - "$page" "$tmp/dom.html" <<'EOF'
import sys
from html.parser import HTMLParser


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags = set(), {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)


def read(p):
    x = Ids()
    x.feed(open(p, encoding="utf-8").read())
    return x


src, dom = read(sys.argv[1]), read(sys.argv[2])
want = {"summary", "gate", "counts", "findings", "certificates", "cert-timeline", "folded",
        "artifacts"}
ok = want <= dom.ids and src.ids == dom.ids
for t in ("article", "details", "svg", "table"):
    ok = ok and src.tags.get(t) == dom.tags.get(t)
ok = ok and "script" not in dom.tags and "img" not in dom.tags
if not ok:
    print("# ids only in the file:", sorted(src.ids - dom.ids), "only in the DOM:",
          sorted(dom.ids - src.ids), "missing:", sorted(want - dom.ids))
sys.exit(0 if ok else 1)
EOF
rc=$?
check "the DOM has every section, finding, table and picture of the file" [ "$rc" -eq 0 ]

run_browser "$tmp/shot.out" "$tmp/shot.err" --hide-scrollbars --window-size=1280,2000 \
	--screenshot="$tmp/shot.png" "file://$page"
check "a screenshot was rendered" sh -c "[ -s '$tmp/shot.png' ] && head -c 8 '$tmp/shot.png' | od -An -c | grep -q 'P   N   G'"
check "no console message while rendering" sh -c "! grep -E 'CONSOLE' '$tmp/shot.err'"
# 1280 x 2000 as asked (the PNG header's width and height).
check "the screenshot is 1280 x 2000" sh -c "[ \"\$(od -An -tu1 -j16 -N8 '$tmp/shot.png' | tr -s ' ' | sed 's/^ //')\" = '0 0 5 0 0 0 7 208' ]"
done_testing
