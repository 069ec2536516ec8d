#!/bin/bash
# Hostile bundles through the binary: each must end in a clean error (exit 3
# when nothing gates), name the file, keep the other checks running, and
# never crash or trip a sanitizer.
. "$(dirname "$0")/../lib.sh"
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
good="$top_srcdir/samples/healthy/registry/SYSTEM.hiv"

run() { # run NAME PATH...: JSON report in $tmp/NAME.json, status in $rc
	local name=$1; shift
	"$NDES_AUDIT" --format json --as-of 2026-06-01 "$@" > "$tmp/$name.json" 2> "$tmp/$name.err"
	rc=$?
}
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$tmp/$1.json"; }

mk() { mkdir -p "$tmp/$1"; echo "$tmp/$1"; }

d=$(mk empty); : > "$d/SYSTEM"
run empty "$d"
check "empty file: exit 3 (nothing auditable)" [ "$rc" -eq 3 ]
check "empty file: ignored, not a crash" json empty "r['artifacts'][0]['status']=='ignored'"

d=$(mk truncated); head -c 6144 "$good" > "$d/SYSTEM.hiv"
run truncated "$d"
check "truncated hive: exit 3" [ "$rc" -eq 3 ]
check "truncated hive: error names the file" json truncated "'truncated' in r['artifacts'][0]['error'] and '$d/SYSTEM.hiv' in r['artifacts'][0]['error']"
check "truncated hive: checks say error" json truncated "all(x['status']=='error' for x in r['results'])"
check "truncated hive: clean stderr" clean_stderr "$tmp/truncated.err"

d=$(mk checksum); cp "$good" "$d/SYSTEM.hiv"; printf '\x55' | dd of="$d/SYSTEM.hiv" bs=1 seek=200 conv=notrunc status=none
run checksum "$d"
check "bad checksum: exit 3 and names offset 508" sh -c "[ $rc -eq 3 ] && grep -q 'offset 508: base block checksum mismatch' '$tmp/checksum.json'"

d=$(mk garbage); head -c 4096 "$good" > "$d/SYSTEM.hiv"; head -c 8192 /dev/urandom >> "$d/SYSTEM.hiv"
run garbage "$d"
check "regf header + garbage: exit 3" [ "$rc" -eq 3 ]
check "regf header + garbage: clean stderr" clean_stderr "$tmp/garbage.err"

d=$(mk badselect); cp "$top_srcdir/tests/fixtures/hives/system-badselect.hiv" "$d/SYSTEM.hiv"
run badselect "$d"
check "Select\\Current names a missing control set: exit 3" [ "$rc" -eq 3 ]
check "Select\\Current names a missing control set: said so" json badselect "all('ControlSet003' in x['message'] for x in r['results'] if x['status']=='error') and any(x['status']=='error' for x in r['results'])"

# One good SYSTEM hive among broken files: its checks still run and fail/pass
# on their own merits; the unreadable files still make the run incomplete.
d=$(mk mixed); cp "$good" "$d/SYSTEM.hiv"; head -c 6144 "$good" > "$d/torn.bin"; printf 'regf' > "$d/stub"
run mixed "$d"
check "mixed: the readable hive is audited" json mixed "[x['status'] for x in r['results'] if x['check']=='httpsys.max_field_length']==['pass']"
check "mixed: unreadable files listed as errors" json mixed "sorted(a['status'] for a in r['artifacts'])==['error','error','ok']"
check "mixed: exit 3" [ "$rc" -eq 3 ]

d=$(mk many); (cd "$d" && seq -w 1 10000 | xargs touch)
run many "$d"
check "10,000 unrelated files: all listed as ignored" json many "len(r['artifacts'])==10000 and all(a['status']=='ignored' for a in r['artifacts'])"
check "10,000 unrelated files: exit 3" [ "$rc" -eq 3 ]

d=$(mk deep); p=$d; for i in $(seq 1 80); do p=$p/d; done; mkdir -p "$p"; cp "$good" "$p/SYSTEM.hiv"
run deep "$d"
check "80 nested folders: no crash, depth limit noted" sh -c "[ $rc -eq 3 ] && grep -q 'nested too deep' '$tmp/deep.json'"

d=$(mk links); ln -s /etc/passwd "$d/passwd"; ln -s "$good" "$d/SYSTEM.hiv"; mkfifo "$d/fifo"
run links "$d"
check "links and FIFOs: not followed, not read" json links "all(a['status']=='ignored' and a['sha256'] is None for a in r['artifacts'])"
check "links: no byte of /etc/passwd in the report" sh -c "! grep -q 'root:' '$tmp/links.json'"

for f in "$tmp"/*.err; do
	check "clean stderr: $(basename "$f")" clean_stderr "$f"
done
done_testing
