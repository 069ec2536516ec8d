#!/usr/bin/env python3
"""mkhive.py - make and patch small Windows registry hive files (REGF) for tests.

Subcommands:

  new OUT --root-name NAME --time ISO8601Z [--file-name STR]
      Write a minimal, valid, empty hive: a 4096-byte base block and one
      4096-byte hbin holding the root key (nk), one security cell (sk) and a
      free cell.  hivex (hivexregedit --merge) can then fill it.

  settime HIVE KEYPATH ISO8601Z
      Set the LastWrite FILETIME of one key in place.  KEYPATH is relative
      to the root key, '\\'-separated; '' is the root itself.

  settime-all HIVE ISO8601Z
      Set the LastWrite FILETIME of every key in the hive.

  dirty HIVE
      Make the secondary sequence number one less than the primary and
      recompute the base block checksum (a hive whose log was not flushed).

  show HIVE
      Print the base block fields and every key with its LastWrite time
      (a read-only check used by samples/generate).

Only the standard library is needed for 'new' and 'dirty'; 'settime',
'settime-all' and 'show' use the python3-hivex binding (Debian package
python3-hivex) to walk the key tree.
"""

import argparse
import datetime
import os
import struct
import sys

BASE_BLOCK_SIZE = 4096
HBIN_SIZE = 4096
HBIN_HEADER_SIZE = 32

# nk flags
KEY_HIVE_ENTRY = 0x0004
KEY_NO_DELETE = 0x0008
KEY_COMP_NAME = 0x0020

# FILETIME: 100 ns intervals since 1601-01-01 UTC
_EPOCH_1601 = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)


def die(msg):
    sys.stderr.write("mkhive.py: %s\n" % msg)
    sys.exit(1)


def parse_time(text):
    """ISO 8601 UTC ('2026-05-30T14:02:11Z') -> FILETIME integer."""
    if not text.endswith("Z"):
        die("time must be UTC and end in 'Z': %r" % text)
    try:
        dt = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        die("bad time %r (want YYYY-MM-DDTHH:MM:SSZ)" % text)
    dt = dt.replace(tzinfo=datetime.timezone.utc)
    delta = dt - _EPOCH_1601
    return (delta.days * 86400 + delta.seconds) * 10_000_000


def format_time(filetime):
    if filetime == 0:
        return "0"
    secs, rem = divmod(filetime, 10_000_000)
    dt = _EPOCH_1601 + datetime.timedelta(seconds=secs)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if rem:
        text += ".%07d" % rem
    return text + "Z"


def xor32(block):
    """REGF base block checksum: XOR of the 127 little-endian dwords 0..507."""
    acc = 0
    for (dword,) in struct.iter_unpack("<I", block[:508]):
        acc ^= dword
    # Windows maps the two reserved results to other values.
    if acc == 0xFFFFFFFF:
        acc = 0xFFFFFFFE
    elif acc == 0:
        acc = 1
    return acc


def align8(n):
    return (n + 7) & ~7


# ---------------------------------------------------------------- 'new'

def sid_bytes(authority, *subauthorities):
    out = struct.pack("<BB", 1, len(subauthorities))
    out += authority.to_bytes(6, "big")
    for sub in subauthorities:
        out += struct.pack("<I", sub)
    return out


def security_descriptor():
    """A self-relative SECURITY_DESCRIPTOR like the one on a hive root key:
    owner Administrators, group SYSTEM, a DACL granting full control to
    Administrators and SYSTEM and read access to Users, inheritable to
    subkeys."""
    sid_admins = sid_bytes(5, 32, 544)   # S-1-5-32-544
    sid_system = sid_bytes(5, 18)        # S-1-5-18
    sid_users = sid_bytes(5, 32, 545)    # S-1-5-32-545
    key_all_access = 0x000F003F
    key_read = 0x00020019
    ace_flags = 0x02 | 0x01              # CONTAINER_INHERIT | OBJECT_INHERIT

    aces = b""
    for mask, sid in ((key_all_access, sid_admins),
                      (key_all_access, sid_system),
                      (key_read, sid_users)):
        ace_size = 8 + len(sid)
        # ACCESS_ALLOWED_ACE: type 0, flags, size, mask, SID
        aces += struct.pack("<BBHI", 0, ace_flags, ace_size, mask) + sid
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(aces), 3, 0) + aces

    se_dacl_present = 0x0004
    se_dacl_protected = 0x1000
    se_self_relative = 0x8000
    control = se_self_relative | se_dacl_present | se_dacl_protected

    header_size = 20
    off_owner = header_size
    off_group = off_owner + len(sid_admins)
    off_dacl = off_group + len(sid_system)
    header = struct.pack("<BBHIIII", 1, 0, control,
                         off_owner, off_group, 0, off_dacl)
    return header + sid_admins + sid_system + acl


def encode_file_name(name):
    # The field holds 64 bytes of UTF-16LE; Windows keeps the tail of the
    # path and a terminating NUL, so at most 31 characters.
    name = name[-31:]
    raw = name.encode("utf-16-le")
    return raw + b"\0" * (64 - len(raw))


def cmd_new(args):
    root_name = args.root_name
    try:
        name_raw = root_name.encode("ascii")
    except UnicodeEncodeError:
        die("root name must be ASCII: %r" % root_name)
    if not name_raw or len(name_raw) > 255:
        die("root name must be 1..255 characters")
    filetime = parse_time(args.time)
    file_name = args.file_name
    if file_name is None:
        file_name = os.path.basename(args.out)

    hbin = bytearray(HBIN_SIZE)
    # hbin header: signature, offset of this bin from the first bin, size,
    # 8 reserved bytes, timestamp (only meaningful in the first bin), spare.
    struct.pack_into("<4sII8sQI", hbin, 0,
                     b"hbin", 0, HBIN_SIZE, b"\0" * 8, filetime, 0)

    # Cell offsets below are relative to the start of the hive bins data
    # (file offset 4096), as every offset in a hive is.
    root_off = HBIN_HEADER_SIZE
    nk_body_len = 76 + len(name_raw)
    nk_cell_size = align8(4 + nk_body_len)
    sk_off = root_off + nk_cell_size

    nk = struct.pack(
        "<2sHQ15IHH",
        b"nk",
        KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME,   # 0x2C
        filetime,
        0,              # access bits
        0xFFFFFFFF,     # parent (none for the root; hivex reads 0 / -1 alike)
        0,              # subkeys
        0,              # volatile subkeys
        0xFFFFFFFF,     # subkeys list
        0xFFFFFFFF,     # volatile subkeys list
        0,              # values
        0xFFFFFFFF,     # values list
        sk_off,         # security cell
        0xFFFFFFFF,     # class name
        0,              # largest subkey name length
        0,              # largest subkey class name length
        0,              # largest value name length
        0,              # largest value data size
        0,              # WorkVar
        len(name_raw),  # key name length
        0,              # class name length
    ) + name_raw
    assert len(nk) == nk_body_len
    struct.pack_into("<i", hbin, root_off, -nk_cell_size)
    hbin[root_off + 4:root_off + 4 + len(nk)] = nk

    sd = security_descriptor()
    sk_cell_size = align8(4 + 20 + len(sd))
    sk = struct.pack("<2sHIIII", b"sk", 0,
                     sk_off, sk_off,   # flink / blink: a list of one
                     1,                # reference count: the root key
                     len(sd)) + sd
    struct.pack_into("<i", hbin, sk_off, -sk_cell_size)
    hbin[sk_off + 4:sk_off + 4 + len(sk)] = sk

    free_off = sk_off + sk_cell_size
    free_size = HBIN_SIZE - free_off
    if free_size < 8:
        die("root name too long for one hbin")
    struct.pack_into("<i", hbin, free_off, free_size)   # positive = free

    base = bytearray(BASE_BLOCK_SIZE)
    struct.pack_into("<4sIIQIIIIIII", base, 0,
                     b"regf",
                     1, 1,              # primary / secondary sequence
                     filetime,          # last written
                     1, 5,              # major / minor version
                     0,                 # file type: primary
                     1,                 # file format: direct memory load
                     root_off,          # root cell offset
                     HBIN_SIZE,         # hive bins data size
                     1)                 # clustering factor
    base[48:112] = encode_file_name(file_name)
    struct.pack_into("<I", base, 508, xor32(base))

    data = bytes(base) + bytes(hbin)
    tmp = args.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, args.out)


# ------------------------------------------------------------ base block

def read_base(path):
    with open(path, "rb") as f:
        base = bytearray(f.read(BASE_BLOCK_SIZE))
    if len(base) != BASE_BLOCK_SIZE or base[:4] != b"regf":
        die("%s: not a REGF hive" % path)
    return base


def write_base(path, base):
    struct.pack_into("<I", base, 508, xor32(base))
    with open(path, "r+b") as f:
        f.write(base)


def cmd_dirty(args):
    base = read_base(args.hive)
    (primary,) = struct.unpack_from("<I", base, 4)
    if primary == 0:
        primary = 1
        struct.pack_into("<I", base, 4, primary)
    struct.pack_into("<I", base, 8, primary - 1)
    write_base(args.hive, base)


# ------------------------------------------------------- key timestamps

def open_hivex(path):
    try:
        import hivex  # noqa: F401  (python3-hivex)
    except ImportError:
        die("python3-hivex is not importable by %s (install python3-hivex, "
            "or run with the system /usr/bin/python3)" % sys.executable)
    return hivex.Hivex(path)


def find_node(h, keypath):
    node = h.root()
    for part in [p for p in keypath.split("\\") if p != ""]:
        child = h.node_get_child(node, part)
        if not child:
            die("key not found: %r (at %r)" % (keypath, part))
        node = child
    return node


def walk(h, node, path):
    yield node, path
    for child in h.node_children(node):
        name = h.node_name(child)
        yield from walk(h, child, path + "\\" + name if path else name)


def nk_time_offset(node):
    # A hivex node handle is the nk cell's ABSOLUTE file offset (the root of
    # a fresh hive is 0x1020, i.e. base block + root cell offset 0x20), not
    # an offset relative to the first hbin.  The cell is: size (4), 'nk' (2),
    # flags (2), then the LastWrite FILETIME.
    return node + 8


def patch_times(path, nodes, filetime):
    with open(path, "r+b") as f:
        for node in nodes:
            f.seek(node + 4)
            if f.read(2) != b"nk":
                die("%s: node 0x%x is not an nk cell" % (path, node))
            f.seek(nk_time_offset(node))
            f.write(struct.pack("<Q", filetime))


def cmd_settime(args):
    filetime = parse_time(args.time)
    h = open_hivex(args.hive)
    node = find_node(h, args.keypath)
    del h
    patch_times(args.hive, [node], filetime)


def cmd_settime_all(args):
    filetime = parse_time(args.time)
    h = open_hivex(args.hive)
    nodes = [n for n, _ in walk(h, h.root(), "")]
    del h
    patch_times(args.hive, nodes, filetime)


def cmd_show(args):
    base = read_base(args.hive)
    seq1, seq2, ts, major, minor, ftype, fmt, root, size, clus = \
        struct.unpack_from("<IIQIIIIIII", base, 4)
    (stored,) = struct.unpack_from("<I", base, 508)
    print("sequence %u/%u%s" % (seq1, seq2, " (dirty)" if seq1 != seq2 else ""))
    print("last written %s" % format_time(ts))
    print("version %u.%u type %u format %u root 0x%x bins %u clustering %u"
          % (major, minor, ftype, fmt, root, size, clus))
    print("checksum 0x%08x %s" % (stored, "ok" if stored == xor32(base) else "BAD"))
    h = open_hivex(args.hive)
    with open(args.hive, "rb") as f:
        for node, path in walk(h, h.root(), ""):
            f.seek(nk_time_offset(node))
            (t,) = struct.unpack("<Q", f.read(8))
            print("%s  %s" % (format_time(t), path or "(root) " + h.node_name(node)))


def main():
    p = argparse.ArgumentParser(prog="mkhive.py",
                                description="make and patch small REGF hives")
    sub = p.add_subparsers(dest="cmd", required=True)

    s = sub.add_parser("new", help="write a minimal empty hive")
    s.add_argument("out")
    s.add_argument("--root-name", required=True)
    s.add_argument("--time", required=True)
    s.add_argument("--file-name", default=None,
                   help="debug file name at offset 48 (default: OUT's basename)")
    s.set_defaults(fn=cmd_new)

    s = sub.add_parser("settime", help="set one key's LastWrite time")
    s.add_argument("hive")
    s.add_argument("keypath")
    s.add_argument("time")
    s.set_defaults(fn=cmd_settime)

    s = sub.add_parser("settime-all", help="set every key's LastWrite time")
    s.add_argument("hive")
    s.add_argument("time")
    s.set_defaults(fn=cmd_settime_all)

    s = sub.add_parser("dirty", help="make the sequence numbers unequal")
    s.add_argument("hive")
    s.set_defaults(fn=cmd_dirty)

    s = sub.add_parser("show", help="print base block and key times")
    s.add_argument("hive")
    s.set_defaults(fn=cmd_show)

    args = p.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
