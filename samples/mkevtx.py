#!/usr/bin/env python3
"""mkevtx.py -- write a small, valid Windows XML event log (.evtx).

Debian has readers for .evtx (libevtx's evtxexport, python3-evtx) but no
writer, so the sample and fixture event logs are made here, from the format
as libyal's EVTX notes and python-evtx describe it, and then proven by
reading them back with BOTH readers (samples/generate does that):

  file header   4096 bytes: "ElfFile\\0", first/last chunk, next record id,
                header size 128, version 3.1, block size 4096, chunk count,
                flags, CRC32 of its first 120 bytes
  chunk         65536 bytes: "ElfChnk\\0", record numbers, header size 128,
                last record offset, free space offset, CRC32 of the records,
                flags, CRC32 of header bytes 0..120 and 128..512; then the
                string and template tables (left empty: every name and
                template is written inline), records from offset 512
  record        "**\\0\\0", size, record id, written FILETIME, binary XML,
                size again
  binary XML    fragment header, a template instance with its definition
                inline (Event/System/{Provider@Name, EventID, Level,
                TimeCreated@SystemTime, EventRecordID, Channel, Computer},
                Event/EventData/Data*), then the substitution values, then
                the end-of-fragment token. A Data element's Name attribute is
                a substitution too: libevtx 20181227 rejects literal text
                inside an attribute as written here.

Usage: mkevtx.py OUT.evtx SPEC.json
SPEC: {"computer": "...", "channel": "Application",
       "events": [{"id": 1000, "level": 2, "provider": "Application Error",
                   "time": "2026-05-28T09:14:07Z",
                   "data": ["w3wp.exe", ...] or [["Name", "value"], ...]}]}
An event may hold "userdata" instead of data, as CAPI2 events do:
  {"element": "CertVerifyCertificateChainPolicy",
   "children": [["Certificate", [["fileRef", "<sha1>.cer"], ["subjectName", "..."]], null],
                ["Result", [["value", "800B0101"]], "text"]]}
Deterministic: the same SPEC gives the same bytes.
"""
import binascii
import calendar
import hashlib
import json
import struct
import sys
import time

CHUNK = 65536
HEADER = 4096


def name_hash(s):
    h = 0
    for i in range(0, len(s)):
        h = (h * 65599 + ord(s[i])) & 0xFFFFFFFF
    return h & 0xFFFF


class Fragment:
    """Binary XML written at a known offset inside the chunk (names and
    templates are placed inline, so their offsets must be known)."""

    def __init__(self, base):
        self.base = base  # chunk offset of self.b[0]
        self.b = bytearray()

    def pos(self):
        return self.base + len(self.b)

    def name(self, s):
        # offset field pointing right behind itself, then the name inline
        self.b += struct.pack("<I", self.pos() + 4)
        self.b += struct.pack("<IHH", 0, name_hash(s), len(s))
        self.b += s.encode("utf-16-le") + b"\0\0"

    def element(self, tag, attrs, content):
        """attrs: list of (name, ("sub", idx, type) | ("text", str));
        content: None (empty), ("sub", idx, type) or list of children
        (callables writing into self)."""
        self.b += bytes([0x41 if attrs else 0x01]) + struct.pack("<H", 0xFFFF)
        size_at = len(self.b)
        self.b += b"\0\0\0\0"
        self.name(tag)
        if attrs:
            alist_at = len(self.b)
            self.b += b"\0\0\0\0"
            a0 = len(self.b)
            for i, (an, av) in enumerate(attrs):
                self.b += bytes([0x46 if i + 1 < len(attrs) else 0x06])
                self.name(an)
                self.value(av)
            struct.pack_into("<I", self.b, alist_at, len(self.b) - a0)
        if content is None:
            self.b += b"\x03"
        else:
            self.b += b"\x02"
            if isinstance(content, tuple):
                self.value(content)
            else:
                for child in content:
                    child(self)
            self.b += b"\x04"
        struct.pack_into("<I", self.b, size_at, len(self.b) - size_at - 4)

    def value(self, v):
        if v[0] == "sub":
            self.b += struct.pack("<BHB", 0x0D, v[1], v[2])
        else:
            s = v[1]
            self.b += struct.pack("<BBH", 0x05, 0x01, len(s)) + s.encode("utf-16-le")


T_STR, T_U8, T_U16, T_U64, T_FILETIME = 0x01, 0x04, 0x06, 0x0A, 0x11


def filetime(iso):
    t = calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))
    return (t + 11644473600) * 10000000


def vals_named(named):
    """The substitution values of the Data elements: values, then names."""
    return [v for _, v in named] + [n for n, _ in named if n]


def record_xml(base, ev, recid, channel, computer):
    data = ev.get("data", [])
    named = [d if isinstance(d, list) else [None, d] for d in data]
    f = Fragment(base)
    f.b += b"\x0f\x01\x01\x00"
    layout = json.dumps([n for n, _ in named]).encode()
    if ev.get("userdata"):
        ud = ev["userdata"]
        layout += json.dumps([ud["element"]] + [[t, [a for a, _ in at], x is not None]
                                                for t, at, x in ud["children"]]).encode()
    guid = hashlib.md5(b"ndes-audit template " + layout).digest()
    f.b += struct.pack("<BBI", 0x0C, 0x01, struct.unpack("<I", guid[:4])[0])
    f.b += struct.pack("<I", f.pos() + 4)
    tdef_at = len(f.b)
    f.b += struct.pack("<I", 0) + guid + b"\0\0\0\0"
    t0 = len(f.b)
    f.b += b"\x0f\x01\x01\x00"

    def el(tag, attrs, content):
        return lambda fr: fr.element(tag, attrs, content)

    system = [
        el("Provider", [("Name", ("sub", 0, T_STR))], None),
        el("EventID", [], ("sub", 1, T_U16)),
        el("Level", [], ("sub", 2, T_U8)),
        el("TimeCreated", [("SystemTime", ("sub", 3, T_FILETIME))], None),
        el("EventRecordID", [], ("sub", 4, T_U64)),
        el("Channel", [], ("sub", 5, T_STR)),
        el("Computer", [], ("sub", 6, T_STR)),
    ]
    # A Data element's Name is a substitution too (libevtx 20181227 reads
    # no literal text inside an attribute); the values follow the names.
    items = []
    k = 0
    for i, (n, _) in enumerate(named):
        attrs = []
        if n:
            attrs = [("Name", ("sub", 7 + len(named) + k, T_STR))]
            k += 1
        items.append(el("Data", attrs, ("sub", 7 + i, T_STR)))
    body = [el("System", [], system)]
    if items:
        body.append(el("EventData", [], items))
    # UserData (CAPI2 keeps its data so): one element holding children
    # whose attribute values and text are substitutions after the others.
    usubs = []
    ud = ev.get("userdata")
    if ud:
        def sub(v):
            usubs.append(v)
            return ("sub", 7 + len(vals_named(named)) + len(usubs) - 1, T_STR)
        kids = [el(tag, [(an, sub(av)) for an, av in attrs],
                   None if text is None else sub(text)) for tag, attrs, text in ud["children"]]
        body.append(el("UserData", [], [el(ud["element"], [], kids)]))
    f.element("Event", [], body)
    f.b += b"\x00"
    struct.pack_into("<I", f.b, tdef_at + 20, len(f.b) - t0)
    ft = filetime(ev["time"])
    vals = [
        (ev["provider"].encode("utf-16-le"), T_STR),
        (struct.pack("<H", ev["id"]), T_U16),
        (struct.pack("<B", ev.get("level", 4)), T_U8),
        (struct.pack("<Q", ft), T_FILETIME),
        (struct.pack("<Q", recid), T_U64),
        (channel.encode("utf-16-le"), T_STR),
        (computer.encode("utf-16-le"), T_STR),
    ] + [(str(v).encode("utf-16-le"), T_STR) for _, v in named]
    vals += [(n.encode("utf-16-le"), T_STR) for n, _ in named if n]
    vals += [(str(v).encode("utf-16-le"), T_STR) for v in usubs]
    f.b += struct.pack("<I", len(vals))
    for v, t in vals:
        f.b += struct.pack("<HBB", len(v), t, 0)
    for v, _ in vals:
        f.b += v
    # The record's own fragment ends here (libevtx reads this token).
    f.b += b"\x00"
    return bytes(f.b), ft


def build(spec):
    events = spec["events"]
    channel, computer = spec["channel"], spec["computer"]
    chunk = bytearray(CHUNK)
    off = 512
    last = 512
    for n, ev in enumerate(events, start=1):
        xml, ft = record_xml(off + 24, ev, n, channel, computer)
        size = 24 + len(xml) + 4
        size += (-size) % 8
        rec = struct.pack("<IIQQ", 0x00002A2A, size, n, ft) + xml
        rec += b"\0" * (size - 4 - len(rec)) + struct.pack("<I", size)
        if off + size > CHUNK:
            sys.exit("mkevtx.py: too many events for one chunk")
        chunk[off:off + size] = rec
        last = off
        off += size
    nrec = len(events)
    chunk[0:8] = b"ElfChnk\0"
    struct.pack_into("<QQQQ", chunk, 8, 1, nrec, 1, nrec)
    struct.pack_into("<III", chunk, 0x28, 0x80, last, off)
    struct.pack_into("<I", chunk, 0x34, binascii.crc32(bytes(chunk[512:off])) & 0xFFFFFFFF)
    struct.pack_into("<I", chunk, 0x78, 0)
    hcrc = binascii.crc32(bytes(chunk[0:0x78]) + bytes(chunk[0x80:0x200])) & 0xFFFFFFFF
    struct.pack_into("<I", chunk, 0x7C, hcrc)

    head = bytearray(HEADER)
    head[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", head, 8, 0, 0, nrec + 1, 0x80, 1, 3, HEADER, 1)
    struct.pack_into("<I", head, 0x78, 0)
    struct.pack_into("<I", head, 0x7C, binascii.crc32(bytes(head[0:0x78])) & 0xFFFFFFFF)
    return bytes(head) + bytes(chunk)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8") as fh:
        spec = json.load(fh)
    with open(sys.argv[1], "wb") as out:
        out.write(build(spec))


if __name__ == "__main__":
    main()
