#!/bin/bash
# Microsoft's SARIF Multitool (npm: @microsoft/sarif-multitool) applies the
# rules GitHub code scanning documents (Gh) and the SARIF authoring rules
# (Sarif). Every sample's and every frozen bundle's SARIF, and a run with
# waivers and a baseline, must draw no error and no warning from them; the
# notes it may draw are the ones ndes-audit(1) names with their reasons
# (ALLOWED_NOTES below, kept in step with the man page's SARIF section).
# Skipped, with the reason, when the Multitool is not installed: .ci/run
# installs it. NDES_SARIF_MULTITOOL names the native Sarif.Multitool binary;
# otherwise it is looked for in npm's global folder. The npm wrapper
# (bin.js) is not used: it passes the arguments through a shell, which
# splits "Gh;Sarif" at the semicolon.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
asof=2026-06-01T00:00:00Z

# SARIF2009: rule IDs are check IDs (documented, stable), not "AB1234".
# SARIF2012: no helpUri on rules (documentation links are added separately).
# SARIF2002: messages are plain text, not messageStrings templates.
# SARIF2003: a bundle is not under version control (no versionControlProvenance).
# SARIF2006: informationUri is the installed man page, a file: URI.
# SARIF2010, SARIF2011: no code snippets or context regions (secrets, binary files).
# SARIF2013: no embedded file contents (bundles hold secrets).
ALLOWED_NOTES="SARIF2002 SARIF2003 SARIF2006 SARIF2009 SARIF2010 SARIF2011 SARIF2012 SARIF2013"

mt=${NDES_SARIF_MULTITOOL:-}
if [ -z "$mt" ] && command -v npm >/dev/null 2>&1; then
	root=$(npm root -g 2>/dev/null)
	mt=$root/@microsoft/sarif-multitool-linux/Sarif.Multitool
fi
if [ -z "$mt" ] || [ ! -x "$mt" ]; then
	skip_test "SARIF passes the Multitool's Gh and Sarif rules" \
		"SARIF Multitool not installed (npm install -g @microsoft/sarif-multitool; or set NDES_SARIF_MULTITOOL)"
	done_testing; exit
fi
# Without libicu the .NET runtime it bundles stops at start; invariant
# globalization is enough for validating JSON.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
if ! "$mt" --version >/dev/null 2>&1; then
	skip_test "SARIF passes the Multitool's Gh and Sarif rules" "$mt does not run here"
	done_testing; exit
fi

tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
for b in samples/*/ tests/fixtures/bundles/*/; do
	b=${b%/}
	[ "$b" = samples/src ] && continue
	"$NDES_AUDIT" --as-of $asof -o sarif:"$tmp/in/$(basename "$b").sarif" "$b" \
		>/dev/null 2>"$tmp/err"
	check "$(basename "$b"): SARIF written" [ -s "$tmp/in/$(basename "$b").sarif" ]
done
"$NDES_AUDIT" --as-of $asof -o json:"$tmp/base.json" tests/fixtures/bundles/gate-healthy \
	>/dev/null 2>&1
"$NDES_AUDIT" --as-of $asof --waivers tests/e2e/broken.waivers --baseline "$tmp/base.json" \
	-o sarif:"$tmp/in/waived-baseline.sarif" tests/fixtures/bundles/gate-broken >/dev/null 2>&1
check "waivers and baseline: SARIF written" [ -s "$tmp/in/waived-baseline.sarif" ]

# The Multitool writes its findings as SARIF; its exit status says only
# whether it ran.
( cd "$tmp/in" && "$mt" validate --rule-kind "Gh;Sarif" --level "Error;Warning;Note" \
	--output "$tmp/mt.sarif" ./*.sarif ) > "$tmp/mt.log" 2>&1
check "the Multitool ran over every file" grep -q "files\? scanned" "$tmp/mt.log"

# One line per check: "ok|not ok<TAB>description<TAB>details".
python3 - "$tmp/mt.sarif" "$tmp/in" $ALLOWED_NOTES > "$tmp/verdicts" <<'PY'
import collections, json, os, sys
log = json.load(open(sys.argv[1]))
allowed = set(sys.argv[3:])
files = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".sarif"))
found = collections.defaultdict(list)
for run in log["runs"]:
    for r in run.get("results", []):
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        msg = r.get("message", {})
        text = msg.get("text") or " ".join(msg.get("arguments", []))
        found[os.path.basename(uri)].append((r.get("level", "warning"), r["ruleId"], text))
for f in files:
    bad = [x for x in found[f] if x[0] in ("error", "warning")]
    detail = " | ".join("%s %s: %s" % (l, i, t[:200]) for l, i, t in bad[:5])
    print("%s\t%s: no Multitool error or warning (Gh;Sarif)\t%s"
          % ("not ok" if bad else "ok", f, detail))
    odd = sorted({x[1] for x in found[f] if x[0] == "note"} - allowed)
    print("%s\t%s: every Multitool note is one ndes-audit(1) names\t%s"
          % ("not ok" if odd else "ok", f, " ".join(odd)))
PY
check "the Multitool's findings were read" [ -s "$tmp/verdicts" ]
while IFS=$'\t' read -r verdict what detail; do
	if [ "$verdict" = ok ]; then ok "$what"; else not_ok "$what"; echo "#   $detail"; fi
done < "$tmp/verdicts"
done_testing
