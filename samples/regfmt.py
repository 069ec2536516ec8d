#!/usr/bin/env python3
"""regfmt.py -- rewrite a `hivexregedit --export` file the way Windows writes .reg files.

hivexregedit writes UTF-8 with LF line ends, every REG_SZ as hex(1): UTF-16LE bytes,
REG_BINARY as hex(3): and each hex value on one line. regedit.exe and `reg export`
write something else, and ndes-audit must read both. This turns the first into the
second, deterministically:

  regfmt.py regedit5 IN OUT   "Windows Registry Editor Version 5.00", UTF-16LE with a
                              byte order mark, CRLF, REG_SZ as "quoted text", REG_BINARY
                              as hex:, hex data wrapped at 80 columns with a trailing
                              backslash and two-space continuation lines, a blank line
                              after every key and at the end of the file
  regfmt.py regedit4 IN OUT   "REGEDIT4": the same layout in Windows-1252 (ANSI) bytes;
                              REG_EXPAND_SZ / REG_MULTI_SZ hex data as ANSI bytes, as
                              regedit 4 wrote them

Options (after the subcommand):
  --live            SYSTEM exports: write HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSetNNN as
                    CurrentControlSet, as an export made on the running server does
  --upper           hex digits in upper case (dword: and hex bytes), as a hand edit might
  --no-final-blank  no blank line (and no line end) after the last value, as a hand edit
                    might leave it
  --comment TEXT    a ";" comment line after the header (repeatable)

Only the standard library is used.
"""

import re
import sys

HEADER5 = "Windows Registry Editor Version 5.00"
HEADER4 = "REGEDIT4"
WIDTH = 80


def die(msg):
    sys.stderr.write("regfmt.py: %s\n" % msg)
    sys.exit(1)


def parse_hivex(text):
    """[(keyline, [(name_token, kind, payload)])] from hivexregedit output.

    kind is 'dword' (payload: int), 'hex' (payload: (type, bytes)), 'str' (payload: text)
    or 'raw' (payload: the data text as written)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != HEADER5:
        die("input is not a hivexregedit export (no version 5 header)")
    keys = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        if ln.startswith("["):
            keys.append((ln.rstrip(), []))
            continue
        if not keys:
            die("a value before any key: %r" % ln)
        m = re.match(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', ln)
        if not m:
            die("cannot parse value line %r" % ln)
        name, data = m.group(1), m.group(2)
        if data.startswith("dword:"):
            keys[-1][1].append((name, "dword", int(data[6:], 16)))
        elif data.startswith("hex(") or data.startswith("hex:"):
            if data.startswith("hex:"):
                t, rest = 3, data[4:]
            else:
                close = data.index(")")
                t, rest = int(data[4:close], 16), data[close + 2:]
            b = bytes(int(x, 16) for x in rest.split(",") if x.strip())
            keys[-1][1].append((name, "hex", (t, b)))
        elif data.startswith('"'):
            keys[-1][1].append((name, "str", data))
        else:
            keys[-1][1].append((name, "raw", data))
    return keys


def clean_utf16_string(b):
    """The text of a REG_SZ written as UTF-16LE with one final NUL, else None."""
    if len(b) < 2 or len(b) % 2 or b[-2:] != b"\0\0":
        return None
    try:
        s = b[:-2].decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    if "\0" in s or "\r" in s or "\n" in s:
        return None
    return s


def ansi_ok(s):
    try:
        s.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hexbytes(b, upper):
    f = "%02X" if upper else "%02x"
    return [f % x for x in b]


def wrap(prefix, toks):
    """prefix + comma-separated toks, wrapped at WIDTH columns like regedit."""
    out, line = [], prefix
    for i, t in enumerate(toks):
        tok = t + ("," if i < len(toks) - 1 else "")
        # keep room for the trailing backslash
        if len(line) + len(tok) + 1 > WIDTH and line.strip():
            out.append(line + "\\")
            line = "  "
        line += tok
    out.append(line)
    return out


def live_key(keyline):
    return re.sub(r"^(\[-?HKEY_LOCAL_MACHINE\\SYSTEM\\)ControlSet\d\d\d(?=\\|\])",
                  r"\1CurrentControlSet", keyline, flags=re.I)


def convert(keys, v4, live, upper):
    out = []
    for keyline, values in keys:
        if live:
            keyline = live_key(keyline)
        out.append(keyline)
        for name, kind, payload in values:
            if kind == "dword":
                out.append("%s=dword:%s" % (name, ("%08X" if upper else "%08x") % payload))
            elif kind == "str" or kind == "raw":
                out.append("%s=%s" % (name, payload))
            else:
                t, b = payload
                if t == 1:
                    s = clean_utf16_string(b)
                    if s is not None and (not v4 or ansi_ok(s)):
                        out.append("%s=%s" % (name, quote(s)))
                        continue
                if v4 and t in (1, 2, 7):
                    try:
                        b = b.decode("utf-16-le").encode("cp1252")
                    except (UnicodeDecodeError, UnicodeEncodeError):
                        die("%s: cannot be written in ANSI" % name)
                prefix = "%s=hex:" % name if t == 3 else "%s=hex(%x):" % (name, t)
                out.extend(wrap(prefix, hexbytes(b, upper)))
        out.append("")
    return out


def main(argv):
    if len(argv) < 3 or argv[0] not in ("regedit5", "regedit4"):
        die("usage: regfmt.py regedit5|regedit4 IN OUT [--live] [--upper] "
            "[--no-final-blank] [--comment TEXT]...")
    style, src, dst = argv[0], argv[1], argv[2]
    live = upper = no_final = False
    comments = []
    rest = argv[3:]
    while rest:
        opt = rest.pop(0)
        if opt == "--live":
            live = True
        elif opt == "--upper":
            upper = True
        elif opt == "--no-final-blank":
            no_final = True
        elif opt == "--comment" and rest:
            comments.append(rest.pop(0))
        else:
            die("unknown option %s" % opt)
    with open(src, encoding="utf-8") as f:
        keys = parse_hivex(f.read())
    v4 = style == "regedit4"
    lines = [HEADER4 if v4 else HEADER5, ""]
    lines.extend("; " + c for c in comments)
    if comments:
        lines.append("")
    lines.extend(convert(keys, v4, live, upper))
    text = "\r\n".join(lines) + "\r\n"
    if no_final:
        text = text.rstrip("\r\n")
    if v4:
        data = text.encode("cp1252")
    else:
        data = b"\xff\xfe" + text.encode("utf-16-le")
    with open(dst, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
