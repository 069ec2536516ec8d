#!/bin/bash
# Memcheck on the sample bundles and a hostile one: no invalid access, no
# leak. Helgrind on a few: the hashing thread shares nothing unguarded
# with the readers. Skipped for sanitizer builds (the two do not mix) and when
# valgrind is not installed.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind not installed"; exit 0
fi
if nm "$NDES_AUDIT" 2>/dev/null | grep -q __asan_init; then
	echo "1..0 # SKIP sanitizer build"; exit 0
fi
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
head -c 6144 samples/broken/registry/SYSTEM.hiv > "$tmp/torn.hiv"
cp tests/fixtures/hives/system-types.hiv "$tmp/SYSTEM.hiv"
# An IIS configuration refused mid-parse (entities), and a web.config set aside.
printf '<?xml version="1.0"?>\n<!DOCTYPE configuration [<!ENTITY a "b">]>\n<configuration/>\n' > "$tmp/applicationHost.config"
cp samples/iis-webconfig/backup/web.config "$tmp/web.config"
printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\K]\n"v"=hex:01,\\\n' > "$tmp/cont.reg"
printf 'REGEDIT4\n\n"orphan"=dword:1\n' > "$tmp/orphan.reg"
vg() {
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$NDES_AUDIT" --as-of 2026-06-01 "$@" > /dev/null 2> "$tmp/vg.err"
}
for target in samples/healthy samples/broken samples/iis-webconfig samples/iis-pool-stopped samples/reg-only samples/zip-bundle "$tmp"; do
	vg -f json "$target"; rc=$?
	check "memcheck clean (json): $target" [ "$rc" -ne 99 ]
	vg -v "$target"; rc=$?
	check "memcheck clean (text -v): $target" [ "$rc" -ne 99 ]
done
# User rights: a GPO template, the SECURITY hive, a damaged hive and a
# template cut to an odd length.
mkdir "$tmp/rights"
cp tests/fixtures/hives/security-hostile.hiv "$tmp/rights/SECURITY.hiv"
head -c 1001 samples/healthy/secpol.inf > "$tmp/rights/secpol.inf"
for target in samples/rights-hardened-gpo samples/rights-security-hive "$tmp/rights"; do
	vg -f json "$target"; rc=$?
	check "memcheck clean (json): $target" [ "$rc" -ne 99 ]
done

vg --dump-facts samples/iis-crp-winauth; rc=$?
check "memcheck clean (--dump-facts)" [ "$rc" -ne 99 ]

# Every output format, waivers and a baseline in one run.
"$NDES_AUDIT" --as-of 2026-06-01 -f json samples/broken > "$tmp/old.json"
vg -q --waivers tests/e2e/broken.waivers --baseline "$tmp/old.json" --fail-on-new \
	-o json:"$tmp/r.json" -o sarif:"$tmp/r.sarif" -o junit:"$tmp/r.xml" -o text:"$tmp/r.txt" \
	-o html:"$tmp/r.html" samples/broken
rc=$?
check "memcheck clean (all formats, waivers, baseline)" [ "$rc" -ne 99 ]
vg --waivers "$tmp/old.json" samples/broken; rc=$?
check "memcheck clean (a malformed waivers file)" [ "$rc" -eq 2 ]

# Helgrind: no data race between the hashing thread and the readers (hives,
# logs, event logs, a torn hive, a refused IIS configuration).
for target in samples/healthy samples/log-503 "$tmp"; do
	valgrind -q --tool=helgrind --error-exitcode=98 "$NDES_AUDIT" --as-of 2026-06-01 -f json \
		"$target" > /dev/null 2> "$tmp/hg.err"; rc=$?
	check "helgrind clean: $target" [ "$rc" -ne 98 ]
done
done_testing
