#!/bin/bash
# Archives read in place (issue 13.1): the healthy bundle packed by real
# tools (python3's zipfile with and without ZIP64, zip, tar, 7z, gcab) must
# give the same results as the unpacked folder, with members named
# ARCHIVE!member; hostile archives (names that climb out, links and
# devices, encryption, a decompression bomb, damage) give clear errors and
# the rest still runs. A tool that is not installed skips its tests.
. "$(dirname "$0")/../lib.sh"
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
healthy="$top_srcdir/samples/healthy"
asof=2026-06-01T00:00:00Z

run() { # run NAME PATH...: JSON report in $tmp/NAME.json, status in $rc
	local name=$1; shift
	"$NDES_AUDIT" --format json --as-of $asof "$@" > "$tmp/$name.json" 2> "$tmp/$name.err"
	rc=$?
}
json() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); a={x['path']:x for x in r['artifacts']}; sys.exit(0 if ($2) else 1)" "$tmp/$1.json"; }
# The results as (check, status, message with the member prefix taken out).
same_results() {
	python3 - "$tmp/$1.json" "$tmp/unpacked.json" "$2" "$healthy/" <<'PY'
import json, re, sys
def res(p, prefix, short):
    r = json.load(open(p))
    return [(x['check'], x['status'], re.sub(short, '', x['message'].replace(prefix, '')))
            for x in r['results']]
# messages name a file by its full path or by its name below the path given
got = res(sys.argv[1], sys.argv[3], r'[^ (]*!')
want = res(sys.argv[2], sys.argv[4], r'^\b$')
if got != want:
    for g, w in zip(got, want):
        if g != w:
            print('# got ', g, '\n# want', w)
            break
    sys.exit(1)
PY
}

run unpacked "$healthy"
(cd "$healthy" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$tmp/files"
nfiles=$(wc -l < "$tmp/files")

# packed NAME ARCHIVE: the healthy bundle as ARCHIVE gives the unpacked results.
packed() {
	local name=$1 arc=$2 base
	base=$(basename "$arc")
	run "$name" "$arc"
	check "$name: exit 0 as the unpacked bundle" [ "$rc" -eq 0 ]
	check "$name: clean stderr" [ ! -s "$tmp/$name.err" ]
	check "$name: every file is a member, named $base!path" json "$name" \
		"sum(1 for p in a if p.startswith('$arc!'))==$nfiles and a['$arc!registry/SYSTEM.hiv']['kind']=='hive.system'"
	check "$name: members hashed as the files are" json "$name" \
		"a['$arc!registry/SYSTEM.hiv']['sha256']=='$(sha256sum "$healthy/registry/SYSTEM.hiv" | cut -c1-64)'"
	check "$name: the archive itself listed and hashed" json "$name" \
		"a['$arc']['kind']=='archive' and a['$arc']['sha256']=='$(sha256sum "$arc" | cut -c1-64)'"
	check "$name: same results as unpacked" same_results "$name" "$arc!"
}

mkdir -p "$tmp/a"
python3 - "$healthy" "$tmp/a" "$tmp/files" <<'PY'
import sys, zipfile
src, out = sys.argv[1], sys.argv[2]
names = open(sys.argv[3]).read().split()
with zipfile.ZipFile(out + '/py.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in names:
        z.write(src + '/' + n, n)
# ZIP64 records on every member, as large hives get them
with zipfile.ZipFile(out + '/zip64.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    for n in names:
        with open(src + '/' + n, 'rb') as f, z.open(n, 'w', force_zip64=True) as m:
            m.write(f.read())
PY
packed pyzip "$tmp/a/py.zip"
packed zip64 "$tmp/a/zip64.zip"
# The ZIP64 extended information field (ID 0x0001) in the first local header.
# Not the "version needed" byte: Python before 3.11.4 (Debian 12's 3.11.2)
# writes 20 there even with force_zip64.
check "zip64: its local headers carry the ZIP64 extra field" python3 -c "
import struct, sys
d = open('$tmp/a/zip64.zip', 'rb').read()
nl, xl = struct.unpack('<HH', d[26:30])
x, ids = d[30 + nl:30 + nl + xl], []
while len(x) >= 4:
    ids.append(struct.unpack('<H', x[:2])[0]); x = x[4 + struct.unpack('<H', x[2:4])[0]:]
sys.exit(0 if d[:4] == b'PK\x03\x04' and 1 in ids else 1)"

if command -v zip >/dev/null; then
	(cd "$healthy" && zip -qr -X "$tmp/a/cli.zip" $(cat "$tmp/files"))
	packed zipcli "$tmp/a/cli.zip"
else
	skip_test "zip: the healthy bundle" "zip is not installed (Debian: zip)"
fi
tar -C "$healthy" -cf "$tmp/a/b.tar" -T "$tmp/files"
packed tar "$tmp/a/b.tar"
tar -C "$healthy" -czf "$tmp/a/b.tgz" -T "$tmp/files"
packed tgz "$tmp/a/b.tgz"
tar -C "$healthy" -cJf "$tmp/a/b.tar.xz" -T "$tmp/files"
packed txz "$tmp/a/b.tar.xz"
if command -v 7z >/dev/null; then
	(cd "$healthy" && 7z a -bd "$tmp/a/b.7z" $(cat "$tmp/files") >/dev/null)
	packed 7z "$tmp/a/b.7z"
else
	skip_test "7z: the healthy bundle" "7z is not installed (Debian: p7zip-full)"
fi
if command -v gcab >/dev/null; then
	(cd "$healthy" && gcab -c -z "$tmp/a/b.cab" $(cat "$tmp/files"))
	packed cab "$tmp/a/b.cab"
else
	skip_test "cab: the healthy bundle" "gcab is not installed (Debian: gcab)"
fi

# A folder holding an archive, and an archive inside an archive (one level).
mkdir -p "$tmp/f"
cp "$tmp/a/py.zip" "$tmp/f/case.zip"
run folder "$tmp/f"
check "folder holding a zip: exit 0" [ "$rc" -eq 0 ]
check "folder holding a zip: same results" same_results folder "$tmp/f/case.zip!"
python3 - "$tmp" <<'PY'
import sys, zipfile
t = sys.argv[1]
with zipfile.ZipFile(t + '/outer.zip', 'w', zipfile.ZIP_STORED) as z:
    z.write(t + '/a/py.zip', 'inner/case.zip')
with zipfile.ZipFile(t + '/third.zip', 'w') as z:
    z.write(t + '/outer.zip', 'outer.zip')
PY
run nested "$tmp/outer.zip"
check "zip in a zip: members read" json nested "a['$tmp/outer.zip!inner/case.zip!registry/SYSTEM.hiv']['kind']=='hive.system'"
check "zip in a zip: same results" same_results nested "$tmp/outer.zip!inner/case.zip!"
run third "$tmp/third.zip"
check "zip in a zip in a zip: the innermost not opened" json third \
	"'one level' in a['$tmp/third.zip!outer.zip!inner/case.zip']['note'] and not any(p.count('!')>2 for p in a)"

# One archive named twice (two spellings) is one set of members.
(cd "$tmp/f" && "$NDES_AUDIT" --format json --as-of $asof case.zip ./case.zip "$tmp/f/case.zip" > "$tmp/twice.json" 2> "$tmp/twice.err")
rc=$?
check "an archive named three ways: exit 0, its members once" json twice "$rc==0 and sum(1 for p in a if '!' in p)==$nfiles"

# More members for the readers than the usual 1024 open files: each waits
# in its own temporary file until the readers run.
python3 - "$healthy" "$tmp" <<'PY'
import sys, zipfile
src, t = sys.argv[1], sys.argv[2]
log = open(src + '/iislogs/W3SVC1/u_ex260528.log', 'rb').read()
with zipfile.ZipFile(t + '/many.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(src + '/registry/SYSTEM.hiv', 'registry/SYSTEM.hiv')
    for i in range(1100):
        z.writestr('iislogs/W3SVC1/u_ex%06d.log' % i, log)
PY
run many "$tmp/many.zip"
check "1100 logs in one zip: all read" json many "sum(1 for x in r['artifacts'] if x['kind']=='log.iis' and x['status']=='ok')==1100"
check "1100 logs in one zip: clean stderr" [ ! -s "$tmp/many.err" ]

# Hostile members beside a good hive: each named, none used as a path, the hive read.
python3 - "$healthy" "$tmp" <<'PY'
import sys, zipfile, tarfile, io
src, t = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(t + '/names.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(src + '/registry/SYSTEM.hiv', 'registry/SYSTEM.hiv')
    z.writestr('../../escaped.txt', 'x')
    z.writestr('/etc/absolute.txt', 'x')
    z.writestr('C:\\Windows\\drive.txt', 'x')
with tarfile.open(t + '/links.tar', 'w') as z:
    z.add(src + '/registry/SYSTEM.hiv', 'registry/SYSTEM.hiv')
    for name, typ in (('passwd', tarfile.SYMTYPE), ('hard', tarfile.LNKTYPE), ('null', tarfile.CHRTYPE), ('fifo', tarfile.FIFOTYPE)):
        i = tarfile.TarInfo(name); i.type = typ; i.linkname = '/etc/passwd' if typ != tarfile.LNKTYPE else 'registry/SYSTEM.hiv'
        z.addfile(i)
# a bomb: 64 MiB of zeros deflate to about 64 KiB; the hive before it is read
with zipfile.ZipFile(t + '/bomb.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(src + '/registry/SYSTEM.hiv', 'registry/SYSTEM.hiv')
    z.writestr('bomb.bin', b'\0' * (64 << 20))
    z.writestr('after.txt', 'x')
PY
run names "$tmp/names.zip"
check "unsafe names: exit 3" [ "$rc" -eq 3 ]
check "unsafe names: each an error saying why" json names \
	"'climbs out' in a['$tmp/names.zip!../../escaped.txt']['error'] and 'absolute' in a['$tmp/names.zip!/etc/absolute.txt']['error'] and 'drive letter' in a['$tmp/names.zip!C:/Windows/drive.txt']['error']"
check "unsafe names: the hive beside them read" json names "a['$tmp/names.zip!registry/SYSTEM.hiv']['status']=='ok' and all(x['status']!='error' for x in r['results'] if x['check'].startswith('httpsys.'))"
check "unsafe names: nothing written outside" [ ! -e "$tmp/escaped.txt" ] && [ ! -e /etc/absolute.txt ]
check "unsafe names: clean stderr" clean_stderr "$tmp/names.err"
run links "$tmp/links.tar"
check "link and device members: skipped and listed" json links \
	"all(a['$tmp/links.tar!'+n]['status']=='ignored' and 'skipped' in a['$tmp/links.tar!'+n]['note'] for n in ('passwd','hard','null','fifo'))"
check "link and device members: the hive read, exit 0" sh -c "[ $rc -eq 0 ]"
run bomb "$tmp/bomb.zip"
check "bomb: exit 3" [ "$rc" -eq 3 ]
check "bomb: the member names the ratio limit" json bomb "'ratio over 100:1' in a['$tmp/bomb.zip!bomb.bin']['error']"
check "bomb: the archive says it stopped" json bomb "'stopped after' in a['$tmp/bomb.zip']['error'] and '$tmp/bomb.zip!after.txt' not in a"
check "bomb: the hive before it read, its checks run" json bomb "a['$tmp/bomb.zip!registry/SYSTEM.hiv']['status']=='ok' and all(x['status']!='error' for x in r['results'] if x['check'].startswith('httpsys.'))"
check "bomb: clean stderr" clean_stderr "$tmp/bomb.err"

if command -v zip >/dev/null; then
	(cd "$healthy/registry" && zip -q -P secret "$tmp/enc.zip" SYSTEM.hiv)
	(cd "$healthy" && zip -q "$tmp/enc.zip" secpol.inf)
	run enc "$tmp/enc.zip"
	check "encrypted zip member: named, error" json enc "'encrypted' in a['$tmp/enc.zip!SYSTEM.hiv']['error'] and a['$tmp/enc.zip!SYSTEM.hiv']['status']=='error'"
	check "encrypted zip member: the plain one read" json enc "a['$tmp/enc.zip!secpol.inf']['status']=='ok'"
	check "encrypted zip member: exit 3, clean stderr" sh -c "[ $rc -eq 3 ] && ! grep -qE 'Sanitizer|runtime error' '$tmp/enc.err'"
else
	skip_test "encrypted zip member" "zip is not installed (Debian: zip)"
fi
if command -v 7z >/dev/null; then
	(cd "$healthy/registry" && 7z a -bd -psecret -mhe=on "$tmp/enc.7z" SYSTEM.hiv >/dev/null)
	run enc7 "$tmp/enc.7z"
	check "7z with encrypted headers: a clear error, exit 3" sh -c "[ $rc -eq 3 ] && grep -q 'enc.7z' '$tmp/enc7.json' && ! grep -qE 'Sanitizer|runtime error' '$tmp/enc7.err'"
else
	skip_test "encrypted 7z" "7z is not installed (Debian: p7zip-full)"
fi

# Damage: members before it are read; the archive says where it broke.
size=$(stat -c %s "$tmp/a/b.tgz")
head -c $((size * 2 / 3)) "$tmp/a/b.tgz" > "$tmp/cut.tgz"
run cuttgz "$tmp/cut.tgz"
check "truncated tar.gz: the archive an error saying where" json cuttgz "a['$tmp/cut.tgz']['status']=='error' and 'truncated' in a['$tmp/cut.tgz']['error'].lower() and 'after 'in a['$tmp/cut.tgz']['error']"
check "truncated tar.gz: members before the damage read" json cuttgz "sum(1 for p,x in a.items() if p.startswith('$tmp/cut.tgz!') and x['sha256'])>=1"
check "truncated tar.gz: clean stderr" clean_stderr "$tmp/cuttgz.err"
size=$(stat -c %s "$tmp/a/py.zip")
head -c $((size * 2 / 3)) "$tmp/a/py.zip" > "$tmp/cut.zip"
run cutzip "$tmp/cut.zip"
check "truncated zip: members before the damage read" json cutzip "sum(1 for p,x in a.items() if p.startswith('$tmp/cut.zip!') and x['status']=='ok')>=1"
check "truncated zip: an error, clean stderr" sh -c "[ $rc -ne 0 ] && grep -q '\"error\"' '$tmp/cutzip.json' && ! grep -qE 'Sanitizer|runtime error' '$tmp/cutzip.err'"
# A zip written as a stream (sizes only after each member, as a pipe gets
# them) and cut: read without its central directory, sizes unknown in
# advance, so the members wait in temporary files rather than memory.
python3 - "$healthy" "$tmp" "$tmp/files" <<'PY'
import io, sys, zipfile
src, t = sys.argv[1], sys.argv[2]
class Pipe(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def write(self, b): return self.f.write(b)
with open(t + '/stream.zip', 'wb') as f, zipfile.ZipFile(Pipe(f), 'w', zipfile.ZIP_DEFLATED) as z:
    for n in open(sys.argv[3]).read().split():
        z.write(src + '/' + n, n)
d = open(t + '/stream.zip', 'rb').read()
open(t + '/cutstream.zip', 'wb').write(d[:len(d) * 2 // 3])
PY
run stream "$tmp/stream.zip"
check "streamed zip: same results as unpacked" same_results stream "$tmp/stream.zip!"
run cutstream "$tmp/cutstream.zip"
check "streamed zip, cut: the members before the cut read" json cutstream "a['$tmp/cutstream.zip!eventlogs/System.evtx']['status']=='ok' and a['$tmp/cutstream.zip!inetsrv/config/applicationHost.config']['status']=='ok' and a['$tmp/cutstream.zip']['status']=='error'"
check "streamed zip, cut: clean stderr" clean_stderr "$tmp/cutstream.err"
# A compressed log is not an archive: listed with a note, not an error.
mkdir -p "$tmp/gz"
cp "$healthy/registry/SYSTEM.hiv" "$tmp/gz/"
gzip -c "$healthy/iislogs/W3SVC1/u_ex260528.log" > "$tmp/gz/u_ex260528.log.gz"
xz -c "$healthy/collect.log" > "$tmp/gz/collect.log.xz"
run gz "$tmp/gz"
check "a .gz and a .xz that hold no tar: ignored, saying so; exit 0" json gz \
	"$rc==0 and 'gzip-compressed file that holds no tar' in a['$tmp/gz/u_ex260528.log.gz']['note'] and a['$tmp/gz/collect.log.xz']['status']=='ignored'"
head -c 100 /dev/urandom > "$tmp/junk.zip"; printf 'PK\003\004' | dd of="$tmp/junk.zip" conv=notrunc status=none
run junk "$tmp/junk.zip"
check "zip magic then garbage: a clear error naming it" sh -c "[ $rc -eq 3 ] && grep -q 'junk.zip' '$tmp/junk.json' && ! grep -qE 'Sanitizer|runtime error' '$tmp/junk.err'"

# A cab (made by gcab, one byte changed by the fuzzer) whose first data
# block is invalid: libarchive 3.6 says ARCHIVE_FATAL and, if asked for the
# next member anyway, dereferences NULL. Asked nothing more, it cannot.
mkdir -p "$tmp/cab" && cp "$top_srcdir/tests/fuzz/regress/archive/libarchive-3.6-cab-next-after-fatal.cab" "$tmp/cab/case.cab"
run badcab "$tmp/cab"
check "cab with a bad data block: exit 3, no crash" [ "$rc" -eq 3 ]
check "cab with a bad data block: the archive says where it stopped" json badcab \
	"'cannot be reached' in a['$tmp/cab/case.cab']['error'] and 'Invalid CFDATA' in a['$tmp/cab/case.cab!collect.log']['error']"
check "cab with a bad data block: clean stderr" clean_stderr "$tmp/badcab.err"

# Nothing is extracted: the temporary copies have no name.
check "no spool files left in TMPDIR" sh -c "! ls '${TMPDIR:-/tmp}' | grep -q ndes-audit-spool"

done_testing
