#!/bin/bash
# The CI section of docs/ci.md (linked from the README): the GitHub Actions step and the GitLab stanza run
# the section's example command, and the files they hand on (upload-sarif's
# sarif_file, artifacts:reports:junit, artifacts:paths) are files that
# command writes, in the format the consumer reads. The command is run on the
# frozen gate-broken bundle (through a link named bundle/), in a scratch folder.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT

python3 - docs/ci.md "$tmp" <<'PY' || not_ok "the CI section of docs/ci.md could be read"
import re, shlex, sys
text = open(sys.argv[1]).read()
sec = text.split("## CI gate and review outputs", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```(\w+)\n(.*?)```", sec, re.S)
sh = [b for lang, b in blocks if lang == "sh"][0]
yml = [b for lang, b in blocks if lang == "yaml"]
gh = [b for b in yml if "upload-sarif" in b][0]
gl = [b for b in yml if "reports:" in b][0]

def words(cmd):
    return shlex.split(cmd.replace("\\\n", " "))

example = words(sh)
# GitHub: the run: block; GitLab: the script item (a folded plain scalar).
gh_cmd = words(re.search(r"run: \|\n(.*?)\n\s*- name:", gh, re.S).group(1))
gl_cmd = words(re.search(r"script:\n\s*- (.*?)\n  artifacts:", gl, re.S).group(1))
outs = dict(a.split(":", 1) for a in example[example.index("-o") + 1::2]
            if ":" in a and not a.startswith("-"))
with open(sys.argv[2] + "/facts", "w") as f:
    f.write("same_gh %d\n" % (gh_cmd == example))
    f.write("same_gl %d\n" % (gl_cmd == example))
    f.write("sarif_named %d\n" % (re.search(r"sarif_file: (\S+)", gh).group(1) == outs.get("sarif")))
    f.write("uses_upload %d\n" % bool(re.search(r"uses: github/codeql-action/upload-sarif@v\d+", gh)))
    f.write("junit_named %d\n" % (re.search(r"junit: (\S+)", gl).group(1) == outs.get("junit")))
    paths = re.search(r"paths: \[(.*?)\]", gl).group(1).replace(" ", "").split(",")
    f.write("paths_written %d\n" % all(p in outs.values() for p in paths))
    f.write("always %d\n" % ("if: always()" in gh and "when: always" in gl))
with open(sys.argv[2] + "/cmd", "w") as f:
    f.write("\n".join(example[1:]) + "\n")
with open(sys.argv[2] + "/outs", "w") as f:
    for k, v in outs.items():
        f.write("%s %s\n" % (k, v))
PY
fact() { grep -q "^$1 1$" "$tmp/facts"; }
check "docs/ci.md: the GitHub Actions step runs the example command" fact same_gh
check "docs/ci.md: the GitLab job runs the example command" fact same_gl
check "docs/ci.md: the step uses github/codeql-action/upload-sarif" fact uses_upload
check "docs/ci.md: upload-sarif's sarif_file is the command's SARIF output" fact sarif_named
check "docs/ci.md: artifacts:reports:junit is the command's JUnit output" fact junit_named
check "docs/ci.md: artifacts:paths are files the command writes" fact paths_written
check "docs/ci.md: both upload the reports when the gate fails the job" fact always

# Run the example command as written, with its waivers file and bundle
# standing in: the frozen gate-broken bundle and the e2e waivers.
mkdir -p "$tmp/run/ci"
cp tests/e2e/broken.waivers "$tmp/run/ci/ndes.waivers"
ln -s "$top_srcdir/tests/fixtures/bundles/gate-broken" "$tmp/run/bundle"
mapfile -t args < "$tmp/cmd"
( cd "$tmp/run" && "$NDES_AUDIT" --as-of 2026-06-01T00:00:00Z "${args[@]}" ) \
	> "$tmp/stdout" 2> "$tmp/stderr"
rc=$?
check "docs/ci.md: the example command runs (exit $rc: the gate's 0 or 1)" [ "$rc" -le 1 ]
while read -r fmt path; do
	case $fmt in
	sarif) check "docs/ci.md: $path is SARIF 2.1.0" python3 -c \
		'import json,sys; sys.exit(json.load(open(sys.argv[1]))["version"] != "2.1.0")' \
		"$tmp/run/$path" ;;
	junit) check "docs/ci.md: $path is JUnit (<testsuites>)" python3 -c \
		'import sys, xml.etree.ElementTree as E; sys.exit(E.parse(sys.argv[1]).getroot().tag != "testsuites")' \
		"$tmp/run/$path" ;;
	json) check "docs/ci.md: $path is the JSON report" python3 -c \
		'import json,sys; sys.exit("summary" not in json.load(open(sys.argv[1])))' \
		"$tmp/run/$path" ;;
	*) not_ok "docs/ci.md: unknown output format $fmt" ;;
	esac
done < "$tmp/outs"
done_testing
