#!/bin/bash
# No report, in any format the binary offers, ever shows private-key
# material, a PKCS#12 password or a key container name: not with the right
# password, not with a wrong one, not under --verbose, not on stderr.
. "$(dirname "$0")/../lib.sh"
: "${top_builddir:=$top_srcdir}"
mkpki=$top_builddir/tests/tools/mkpki
tmp=$(scratch)
trap 'rm -rf "$tmp"' EXIT
fx=$top_srcdir/tests/fixtures

if [ ! -x "$mkpki" ]; then
	echo "1..0 # SKIP $mkpki not built"; exit 0
fi
b=$tmp/bundle
mkdir -p "$b/registry" "$b/certs/My"
cp "$top_srcdir/samples/healthy/registry/SYSTEM.hiv" "$top_srcdir/samples/healthy/registry/SOFTWARE.hiv" "$b/registry/"
cp "$fx/certs/ra-sign.pfx" "$b/certs/My/ra.pfx"
cp "$fx/certs/my.sst" "$b/certs/My.sst"
"$mkpki" keypem "$b/certs/My/server-with-key.pem"
printf 'Pfx-Test-Passw0rd!\n' > "$tmp/right.txt"
printf 'Wr0ng-Secret-Passw0rd\n' > "$tmp/wrong.txt"

# What must never appear: the passwords, the container names the samples
# carry (all start with KEYCONTAINER-), PEM key armour, and lines of the
# key's base64 body.
secrets=$tmp/secrets
{
	echo 'Pfx-Test-Passw0rd'
	echo 'Wr0ng-Secret'
	echo 'KEYCONTAINER'
	echo 'PRIVATE KEY'
	awk '/BEGIN PRIVATE KEY/{p=1; next} /END PRIVATE KEY/{p=0} p && length($0) == 64' \
		"$b/certs/My/server-with-key.pem" | head -8
} > "$secrets"
check "the key PEM really holds a key" grep -q 'BEGIN PRIVATE KEY' "$b/certs/My/server-with-key.pem"
check "there are key lines to look for" [ "$(wc -l < "$secrets")" -ge 10 ]

# Every format the binary offers, from its own help text:
#   -f, --format FORMAT      report format: text (default), json, sarif, junit, html
formats=$("$NDES_AUDIT" --help | sed -n 's/.*--format FORMAT  *report format: *//p' | head -1 |
	sed 's/([^)]*)//g; s/,/ /g; s/ or / /g' | tr -s ' ' | sed 's/^ //; s/ $//')
check "formats found in --help ($formats)" sh -c "
	case ' $formats ' in *' text '*) ;; *) exit 1;; esac
	case ' $formats ' in *' json '*) ;; *) exit 1;; esac
	for f in $formats; do case \$f in *[!a-z0-9]*) exit 1;; esac; done"
for fmt in $formats; do
	for pw in right wrong; do
		for v in "" -v; do
			out=$tmp/$fmt-$pw${v}.out
			"$NDES_AUDIT" --format "$fmt" $v --as-of 2026-06-01 --pfx-password-file "$tmp/$pw.txt" \
				"$b" > "$out" 2> "$out.err"
			check "$fmt, $pw password${v:+, $v}: a report was written" [ -s "$out" ]
			check "$fmt, $pw password${v:+, $v}: no secret in the report or on stderr" \
				sh -c "! grep -F -q -f '$secrets' '$out' '$out.err'"
		done
	done
done
# The right password did open the file (so the keys were there to leak).
"$NDES_AUDIT" --format json --as-of 2026-06-01 --pfx-password-file "$tmp/right.txt" "$b" > "$tmp/r.json"
check "the PFX was read with the right password" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
a = [x for x in r['artifacts'] if x['path'].endswith('ra.pfx')][0]
sys.exit(0 if a['status'] == 'ok' and 'private key' in ' '.join(a['warnings']) else 1)" "$tmp/r.json"
check "the key PEM was read, its key left alone" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
a = [x for x in r['artifacts'] if x['path'].endswith('server-with-key.pem')][0]
sys.exit(0 if a['status'] == 'ok' and '1 private key' in ' '.join(a['warnings']) else 1)" "$tmp/r.json"

# --pfx-password-file takes a pipe (issue 12.6): a FIFO nobody writes to is a
# usage error at once (it used to block for ever in open), and a pipe with
# a writer, as a shell's <(...) gives, opens the PFX. timeout only makes a
# regression fail instead of hanging the suite.
mkfifo "$tmp/pw.fifo"
timeout 60 "$NDES_AUDIT" --format json --pfx-password-file "$tmp/pw.fifo" "$b" > "$tmp/fifo.out" 2> "$tmp/fifo.err"
rc=$?
check "FIFO with no writer: usage error, no wait (exit $rc)" [ "$rc" -eq 2 ]
check "FIFO with no writer: the error says so" grep -q 'pw.fifo: a pipe with nothing to read' "$tmp/fifo.err"
"$NDES_AUDIT" --format json --as-of 2026-06-01 --pfx-password-file <(sleep 1; printf 'Pfx-Test-Passw0rd!\n') \
	"$b" > "$tmp/pipe.json" 2> "$tmp/pipe.err"
check "a pipe with a slow writer gives the password" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
a = [x for x in r['artifacts'] if x['path'].endswith('ra.pfx')][0]
sys.exit(0 if a['status'] == 'ok' else 1)" "$tmp/pipe.json"
status_is "a device is refused" 2 "$NDES_AUDIT" --pfx-password-file /dev/zero "$b"
done_testing
