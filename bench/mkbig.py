#!/usr/bin/env python3
"""mkbig.py - generate a large, realistic-shaped SYSTEM or SOFTWARE hive.

Usage:

  mkbig.py [--base=FILE] SIZE_MB KIND OUTDIR      KIND = system | software
      Write OUTDIR/SYSTEM.hiv or OUTDIR/SOFTWARE.hiv of about SIZE_MB MB
      (MiB, 1 MB = 1048576 bytes) and print one line of statistics.
      The keys the audit reads are laid over the bulk from a small healthy
      hive or .reg file: by default samples/healthy/registry/KIND.hiv (the
      built healthy sample, certificate stores and all), else
      samples/src/healthy-KIND.reg, else a built-in set of keys.  So the
      big hives stay as healthy as samples/healthy while checks are added.
      --base=FILE (.hiv or .reg) picks another; --base= alone uses the
      built-in set.

  mkbig.py --stats HIVE...
      Print how much of each hive's bin space is live (allocated) cells,
      for any hive (e.g. one filled by hivexregedit).

The hive cells are written directly (standard library only), the way a
compacted hive from `reg save` looks: every cell is live except the tail of
some bins.  Filling an empty hive with hivex instead is slow at these sizes
and leaves most of the file as free space: hivex allocates every new cell at
the end of the file and never reuses the old subkey lists it replaces (see
bench/README.md for the measurement).

Layout written:
  base block (4 KiB, sequence 1/1, version 1.5, XOR checksum)
  4 KiB hbins (bigger only for a cell that needs it); cells placed first-fit
  in the last few open bins; one shared sk cell; subkey lists are 'lh' leaves
  of at most 500 entries, sorted by upper-case name, under an 'ri' index
  root when a key has more; values are vk cells with inline data up to
  4 bytes, otherwise a data cell ('db' big data over 16344 bytes, which only
  a value from the base sample can be: the bulk stays under 4 KiB).

Every key's LastWrite time is BASE_TIME, except the last key written (the
one furthest into the file), which gets NEWEST_TIME[kind]: an audit that
estimates the collection time from the newest key must scan to the end.

The output is deterministic for a given SIZE_MB, KIND and base sample.
"""

import datetime
import os
import random
import struct
import sys

BASE_BLOCK_SIZE = 4096
BIN = 4096
BIN_HEADER = 32
LEAF_MAX = 500          # entries per lh leaf before an ri index is used
MAX_CHILDREN = 20000    # subkeys of any one bulk key
BIG_SEGMENT = 16344     # larger values are stored as 'db' big data
OPEN_BINS = 8           # bins kept open for first-fit placement
MB = 1024 * 1024

BASE_TIME = "2026-05-30T14:02:11Z"
NEWEST_TIME = {"system": "2026-05-30T14:05:42Z", "software": "2026-05-30T14:03:30Z"}

REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 3, 4, 7, 11

_EPOCH_1601 = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)


def die(msg):
    sys.stderr.write("mkbig.py: %s\n" % msg)
    sys.exit(1)


def filetime(text):
    dt = datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
    delta = dt.replace(tzinfo=datetime.timezone.utc) - _EPOCH_1601
    return (delta.days * 86400 + delta.seconds) * 10_000_000


def xor32(block):
    acc = 0
    for (dword,) in struct.iter_unpack("<I", block[:508]):
        acc ^= dword
    if acc == 0xFFFFFFFF:
        acc = 0xFFFFFFFE
    elif acc == 0:
        acc = 1
    return acc


def encode_name(name):
    """(raw bytes, is_compressed): ASCII names are stored one byte per
    character (the 'compressed name' flag), others as UTF-16LE."""
    try:
        return name.encode("ascii"), True
    except UnicodeEncodeError:
        return name.encode("utf-16-le"), False


def lh_hash(name):
    h = 0
    for c in name.upper():
        h = (h * 37 + ord(c)) & 0xFFFFFFFF
    return h


# ------------------------------------------------------------ value data

def sz(text):
    return (REG_SZ, (text + "\0").encode("utf-16-le"))


def expand_sz(text):
    return (REG_EXPAND_SZ, (text + "\0").encode("utf-16-le"))


def multi_sz(items):
    return (REG_MULTI_SZ, ("".join(s + "\0" for s in items) + "\0").encode("utf-16-le"))


def dword(n):
    return (REG_DWORD, struct.pack("<I", n & 0xFFFFFFFF))


def qword(n):
    return (REG_QWORD, struct.pack("<Q", n & 0xFFFFFFFFFFFFFFFF))


def binary(data):
    return (REG_BINARY, bytes(data))


# ---------------------------------------------------------------- writer

class HiveWriter:
    """Cells are appended into 'buf' (the hive bins data: offset 0 is the
    first hbin, as every cell offset in a hive is)."""

    def __init__(self, t_base):
        self.buf = bytearray()
        self.open = []          # [free_pos, bin_end] of bins still open
        self.t_base = t_base
        self.live = 0           # bytes in allocated cells
        self.keys = 0
        self.values = 0
        self.sk_off = None
        self.last_nk = 0        # the non-root nk cell furthest into the file

    def size(self):
        return len(self.buf)

    def _new_bin(self, need):
        size = max(BIN, (need + BIN_HEADER + BIN - 1) // BIN * BIN)
        off = len(self.buf)
        self.buf.extend(bytes(size))
        ts = self.t_base if off == 0 else 0
        struct.pack_into("<4sII8sQI", self.buf, off, b"hbin", off, size, b"\0" * 8, ts, 0)
        return [off + BIN_HEADER, off + size]

    def _close(self, b):
        if b[1] > b[0]:
            struct.pack_into("<i", self.buf, b[0], b[1] - b[0])   # free cell
            b[0] = b[1]

    def alloc(self, payload_len):
        size = (payload_len + 4 + 7) & ~7
        for i, b in enumerate(self.open):
            if b[1] - b[0] >= size:
                off = b[0]
                b[0] += size
                if b[0] == b[1]:
                    del self.open[i]
                break
        else:
            b = self._new_bin(size)
            off = b[0]
            b[0] += size
            if b[0] < b[1]:
                self.open.append(b)
                if len(self.open) > OPEN_BINS:
                    fullest = min(range(len(self.open)),
                                  key=lambda j: self.open[j][1] - self.open[j][0])
                    self._close(self.open.pop(fullest))
        struct.pack_into("<i", self.buf, off, -size)
        self.live += size
        return off

    def cell(self, payload):
        off = self.alloc(len(payload))
        self.buf[off + 4:off + 4 + len(payload)] = payload
        return off

    def finish_bins(self):
        for b in self.open:
            self._close(b)
        self.open = []

    # --- structures

    def security(self):
        sd = security_descriptor()
        off = self.alloc(20 + len(sd))
        sk = struct.pack("<2sHIIII", b"sk", 0, off, off, 0, len(sd)) + sd
        self.buf[off + 4:off + 4 + len(sk)] = sk
        self.sk_off = off

    def value(self, name, vtype, data):
        nraw, comp = encode_name(name)
        if len(data) <= 4:
            dsize = len(data) | 0x80000000
            doff = struct.unpack("<I", data.ljust(4, b"\0"))[0]
        elif len(data) <= BIG_SEGMENT:
            dsize = len(data)
            doff = self.cell(data)
        else:   # 'db' big data: a list of segments of at most 16344 bytes
            dsize = len(data)
            segs = [self.cell(data[i:i + BIG_SEGMENT]) for i in range(0, len(data), BIG_SEGMENT)]
            seglist = self.cell(struct.pack("<%dI" % len(segs), *segs))
            doff = self.cell(struct.pack("<2sHI", b"db", len(segs), seglist))
        self.values += 1
        return self.cell(struct.pack("<2sHIIIHH", b"vk", len(nraw), dsize, doff, vtype,
                                     1 if (nraw and comp) else 0, 0) + nraw)

    def subkey_list(self, entries):
        """entries: [(name, nk_off)].  Returns the list cell offset."""
        entries.sort(key=lambda e: e[0].upper())
        leaves = []
        for i in range(0, len(entries), LEAF_MAX):
            chunk = entries[i:i + LEAF_MAX]
            body = bytearray(struct.pack("<2sH", b"lh", len(chunk)))
            for name, off in chunk:
                body += struct.pack("<II", off, lh_hash(name))
            leaves.append(self.cell(bytes(body)))
        if len(leaves) == 1:
            return leaves[0]
        return self.cell(struct.pack("<2sH", b"ri", len(leaves)) +
                         struct.pack("<%dI" % len(leaves), *leaves))

    def key(self, parent, name, values=(), children=(), t=None, root=False):
        """Write one key and, recursively, its subtree.  'children' is an
        iterable of (name, values, children[, time]) tuples, consumed lazily
        so a generator can decide how much to emit from self.size()."""
        nraw, comp = encode_name(name)
        nk_off = self.alloc(76 + len(nraw))
        self.keys += 1
        if not root:
            self.last_nk = max(self.last_nk, nk_off)
        vals = []
        max_vname = max_vdata = 0
        for vname, (vtype, data) in values:
            vals.append(self.value(vname, vtype, data))
            max_vname = max(max_vname, 2 * len(vname))
            max_vdata = max(max_vdata, len(data))
        vlist = self.cell(struct.pack("<%dI" % len(vals), *vals)) if vals else 0xFFFFFFFF
        subs = []
        max_sub = 0
        for child in children:
            cname, cvals, ckids = child[0], child[1], child[2]
            ct = child[3] if len(child) > 3 else None
            subs.append((cname, self.key(nk_off, cname, cvals, ckids, ct)))
            max_sub = max(max_sub, 2 * len(cname))
        slist = self.subkey_list(subs) if subs else 0xFFFFFFFF
        flags = (0x0C if root else 0) | (0x20 if comp else 0)
        nk = struct.pack("<2sHQ15IHH", b"nk", flags, t if t is not None else self.t_base,
                         0, 0xFFFFFFFF if root else parent, len(subs), 0, slist,
                         0xFFFFFFFF, len(vals), vlist, self.sk_off, 0xFFFFFFFF,
                         max_sub, 0, max_vname, max_vdata, 0, len(nraw), 0) + nraw
        self.buf[nk_off + 4:nk_off + 4 + len(nk)] = nk
        return nk_off

    def set_time(self, nk_off, t):
        struct.pack_into("<Q", self.buf, nk_off + 8, t)

    def write(self, path, file_name, t_base):
        self.finish_bins()
        # every key shares the one sk cell
        struct.pack_into("<I", self.buf, self.sk_off + 4 + 12, self.keys)
        base = bytearray(BASE_BLOCK_SIZE)
        struct.pack_into("<4sIIQIIIIIII", base, 0, b"regf", 1, 1, t_base, 1, 5, 0, 1,
                         self.root_off, len(self.buf), 1)
        fn = file_name[-31:].encode("utf-16-le")
        base[48:48 + len(fn)] = fn
        struct.pack_into("<I", base, 508, xor32(base))
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(base)
            f.write(self.buf)
        os.replace(tmp, path)


def sid_bytes(authority, *subs):
    return struct.pack("<BB", 1, len(subs)) + authority.to_bytes(6, "big") + \
        b"".join(struct.pack("<I", s) for s in subs)


def security_descriptor():
    admins, system, users = sid_bytes(5, 32, 544), sid_bytes(5, 18), sid_bytes(5, 32, 545)
    aces = b""
    for mask, sid in ((0x000F003F, admins), (0x000F003F, system), (0x00020019, users)):
        aces += struct.pack("<BBHI", 0, 0x03, 8 + len(sid), mask) + sid
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(aces), 3, 0) + aces
    hdr = struct.pack("<BBHIIII", 1, 0, 0x8000 | 0x0004 | 0x1000, 20, 20 + len(admins), 0,
                      20 + len(admins) + len(system))
    return hdr + admins + system + acl


# ------------------------------------------------------------ vocabulary

WORDS = ("Windows Microsoft Service Host Network Driver Manager Provider Client Server "
         "Update Security Device Storage Audio Video Print Remote Desktop Cryptographic "
         "Certificate Enrollment Policy Diagnostic Telemetry Performance Counter Event Log "
         "Shell Explorer Component Runtime Framework Module Plug Play Interface Virtual "
         "Bus Adapter Controller Filter Miniport Protocol Session Broker Agent Monitor "
         "Scheduler Task Background Intelligent Transfer Time Sync Registry Backup Volume "
         "Shadow Copy Index Search Font Cache Power Thermal Battery Sensor Location").split()


class Gen:
    def __init__(self, seed):
        self.r = random.Random(repr(seed))

    def word(self):
        return self.r.choice(WORDS)

    def ident(self, n=2):
        return "".join(self.word() for _ in range(n))

    def phrase(self, lo=3, hi=9):
        return " ".join(self.word() for _ in range(self.r.randint(lo, hi)))

    def guid(self):
        b = self.r.getrandbits(128)
        h = "%032X" % b
        return "{%s-%s-%s-%s-%s}" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])

    def blob(self, lo=100, hi=4096):
        # skewed towards the small end, as real binary values are
        n = int(lo + (hi - lo) * self.r.random() ** 3)
        return self.r.randbytes(n)

    def bulk_values(self, n):
        """n values of mixed realistic types and sizes."""
        out = []
        for i in range(n):
            k = self.r.random()
            name = self.ident(self.r.randint(1, 3)) + ("%d" % i if self.r.random() < 0.2 else "")
            if k < 0.35:
                v = dword(self.r.getrandbits(self.r.choice((1, 8, 16, 32))))
            elif k < 0.65:
                v = sz(self.phrase())
            elif k < 0.75:
                v = expand_sz("%%SystemRoot%%\\System32\\%s.dll" % self.ident())
            elif k < 0.82:
                v = multi_sz([self.ident() for _ in range(self.r.randint(1, 6))])
            elif k < 0.85:
                v = qword(self.r.getrandbits(63))
            else:
                v = binary(self.blob())
            out.append((name, v))
        return out


# ------------------------------------------------------------------ SYSTEM

def system_tree(w, size_mb):
    target = size_mb * MB
    nservices = max(600, min(4000, size_mb * 40))
    # Two control sets share the bulk; the rest is small.  Service i of a
    # control set ends at (i + 1) * per_service bytes into its Services
    # key, so overshoot in one service is taken back in the next.
    per_service = int(target * 0.485 / nservices)
    names = []
    g = Gen(("svcnames", size_mb))
    seen = set(n.upper() for n in ("HTTP", "Tcpip", "W3SVC", "WAS"))
    while len(names) < nservices:
        n = g.ident(g.r.randint(1, 3))
        if g.r.random() < 0.3:
            n = n[:12]
        if n.upper() not in seen:
            seen.add(n.upper())
            names.append(n)

    def service(i, name, svc_start):
        # the same seed in both control sets: ControlSet002 is a copy
        gs = Gen(("svc", size_mb, i))
        end = svc_start + (i + 1) * per_service
        vals = [
            ("Type", dword(gs.r.choice((1, 2, 16, 32, 272)))),
            ("Start", dword(gs.r.randint(0, 4))),
            ("ErrorControl", dword(gs.r.randint(0, 1))),
            ("ImagePath", expand_sz("\\SystemRoot\\System32\\drivers\\%s.sys" % name.lower())),
            ("DisplayName", sz("@%%SystemRoot%%\\system32\\%s.dll,-%d" % (name.lower(), gs.r.randint(100, 9999)))),
            ("Description", sz(gs.phrase(8, 30))),
            ("Group", sz(gs.ident())),
            ("ObjectName", sz(gs.r.choice(("LocalSystem", "NT AUTHORITY\\LocalService",
                                           "NT AUTHORITY\\NetworkService")))),
            ("ServiceSidType", dword(gs.r.randint(0, 3))),
        ]
        if gs.r.random() < 0.5:
            vals.append(("DependOnService", multi_sz([gs.ident() for _ in range(gs.r.randint(1, 4))])))
        if gs.r.random() < 0.6:
            vals.append(("FailureActions", binary(gs.r.randbytes(20 + 8 * gs.r.randint(1, 3)))))
        if gs.r.random() < 0.4:
            vals.append(("RequiredPrivileges", multi_sz(["Se%sPrivilege" % gs.word() for _ in range(gs.r.randint(2, 8))])))

        def params():
            yield ("Parameters", [("ServiceDll", expand_sz("%%SystemRoot%%\\System32\\%s.dll" % name.lower())),
                                  ("ServiceDllUnloadOnStop", dword(1))] + gs.bulk_values(gs.r.randint(2, 8)),
                   instances())
            yield ("Security", [("Security", binary(gs.r.randbytes(gs.r.randint(100, 220))))], ())
            if gs.r.random() < 0.5:
                yield ("Enum", [("0", sz("Root\\LEGACY_%s\\0000" % name.upper())),
                                ("Count", dword(1)), ("NextInstance", dword(1))], ())
            if gs.r.random() < 0.2:
                yield ("Performance", [("Library", sz("%s.dll" % name.lower())),
                                       ("Open", sz("Open%sPerformanceData" % name)),
                                       ("Collect", sz("Collect%sPerformanceData" % name)),
                                       ("Close", sz("Close%sPerformanceData" % name))], ())

        def instances():
            j = 0
            while w.size() < end:
                yield ("Instance%03d" % j, gs.bulk_values(gs.r.randint(3, 12)), ())
                j += 1

        return (name, vals, params())

    def services(cs):
        svc_start = w.size()
        yield ("HTTP", [("Start", dword(3)), ("Type", dword(1)),
                        ("ImagePath", expand_sz("system32\\drivers\\HTTP.sys"))],
               [("Parameters", [("MaxFieldLength", dword(65534)), ("MaxRequestBytes", dword(65534))],
                 [("SslBindingInfo", [],
                   [("0.0.0.0:443",
                     [("SslCertHash", binary(bytes.fromhex("3F2A7C1D9E4B5A6F8C0D2E1F3A4B5C6D7E8F9012"))),
                      ("AppId", binary(bytes.fromhex("81e1c34d4be1214ab02259fc669b0914"))),
                      ("SslCertStoreName", sz("MY")),
                      ("DefaultSslCertCheckMode", dword(0))], ())])])])
        yield ("Tcpip", [("Start", dword(0)), ("Type", dword(1))],
               [("Parameters", [("Hostname", sz("NDES01")), ("Domain", sz("corp.contoso.com")),
                                ("NV Hostname", sz("NDES01")), ("NV Domain", sz("corp.contoso.com")),
                                ("SearchList", sz("")), ("UseDomainNameDevolution", dword(1))],
                 [("Interfaces", [], [(Gen(("if", k)).guid(),
                                       [("EnableDHCP", dword(0)),
                                        ("IPAddress", multi_sz(["10.0.0.%d" % (10 + k)])),
                                        ("SubnetMask", multi_sz(["255.255.255.0"])),
                                        ("DefaultGateway", multi_sz(["10.0.0.1"]))], ())
                                      for k in range(4)])])])
        yield ("W3SVC", [("Start", dword(2))], ())
        yield ("WAS", [("Start", dword(3))], ())
        for i, name in enumerate(names):
            yield service(i, name, svc_start)

    def control(cs):
        yield ("ComputerName", [], [("ComputerName", [("ComputerName", sz("NDES01"))], ()),
                                    ("ActiveComputerName", [("ComputerName", sz("NDES01"))], ())])
        yield ("ProductOptions", [("ProductType", sz("ServerNT")),
                                  ("ProductSuite", multi_sz(["Enterprise", "Terminal Server"]))], ())
        gc = Gen(("class", size_mb))
        yield ("Class", [], [(gc.guid(), [("Class", sz(gc.ident())), ("ClassDesc", sz(gc.phrase()))],
                              [("%04d" % k, gc.bulk_values(gc.r.randint(3, 10)), ()) for k in range(gc.r.randint(1, 4))])
                             for _ in range(60)])
        yield ("Session Manager", [("BootExecute", multi_sz(["autocheck autochk *"]))],
               [("Environment", [("Path", expand_sz("%SystemRoot%\\system32;%SystemRoot%")),
                                 ("TEMP", expand_sz("%SystemRoot%\\TEMP"))], ())])

    def control_set(cs):
        yield ("Control", [], control(cs))
        yield ("Enum", [], [("Root", [], [("LEGACY_" + n.upper()[:20] + "_%d" % k, [], ())
                                           for k, n in enumerate(names[:50])])])
        yield ("Hardware Profiles", [], [("Current", [], ())])
        yield ("Services", [], services(cs))

    def root():
        yield ("Select", [("Current", dword(1)), ("Default", dword(1)), ("Failed", dword(0)),
                          ("LastKnownGood", dword(2))], ())
        yield ("ControlSet001", [], control_set(1))
        yield ("ControlSet002", [], control_set(2))
        yield ("MountedDevices", [("\\DosDevices\\C:", binary(b"\x12\x34\x56\x78" + bytes(8)))], ())
        yield ("Setup", [("SystemSetupInProgress", dword(0)), ("OOBEInProgress", dword(0))], ())
        gd = Gen(("drvdb", size_mb))
        yield ("DriverDatabase", [], [("DriverInfFiles", [],
                                       [("oem%d.inf" % k, [("", multi_sz(["oem%d.inf_amd64_%016x" % (k, gd.r.getrandbits(64))]))], ())
                                        for k in range(40)])])

    return root()


# ---------------------------------------------------------------- SOFTWARE

def software_tree(w, size_mb):
    target = size_mb * MB
    classes_end = 0.40 * target     # Classes takes up to 40% of the file
    bulk_end = 0.96 * target        # Microsoft\... bulk up to 96%

    # Classes: CLSID, Interface and TypeLib each grow until their share of
    # the file or MAX_CHILDREN entries, whichever comes first (a real
    # SOFTWARE hive has some 5,000-20,000 CLSIDs; hivex refuses to list a key
    # with more than about 25,000 subkeys).  What the caps leave over goes
    # to the Microsoft bulk below.
    def clsids(end):
        g = Gen(("clsid", size_mb))
        n = 0
        while w.size() < end and n < MAX_CHILDREN:
            n += 1
            dll = "%%SystemRoot%%\\System32\\%s.dll" % g.ident().lower()
            kids = [("InprocServer32", [("", expand_sz(dll)),
                                        ("ThreadingModel", sz(g.r.choice(("Apartment", "Both", "Free"))))], ())]
            if g.r.random() < 0.3:
                kids.append(("ProgID", [("", sz("%s.%s.1" % (g.word(), g.word())))], ()))
            if g.r.random() < 0.1:
                kids.append(("TypeLib", [("", sz(g.guid()))], ()))
            vals = [("", sz(g.phrase(2, 6)))]
            if g.r.random() < 0.15:
                vals.append(("AppID", sz(g.guid())))
            yield (g.guid(), vals, kids)

    def interfaces(end):
        g = Gen(("iface", size_mb))
        n = 0
        while w.size() < end and n < MAX_CHILDREN:
            n += 1
            kids = [("ProxyStubClsid32", [("", sz(g.guid()))], ())]
            if g.r.random() < 0.5:
                kids.append(("NumMethods", [("", sz("%d" % g.r.randint(3, 40)))], ()))
            yield (g.guid(), [("", sz("I" + g.ident()))], kids)

    def typelibs(end):
        g = Gen(("tlib", size_mb))
        n = 0
        while w.size() < end and n < MAX_CHILDREN:
            n += 1
            yield (g.guid(), [], [("%d.%d" % (g.r.randint(1, 3), g.r.randint(0, 9)),
                                   [("", sz(g.phrase(2, 5) + " Type Library"))],
                                   [("0", [], [("win64", [("", sz("C:\\Windows\\System32\\%s.dll" % g.ident().lower()))], ())]),
                                    ("FLAGS", [("", sz("0"))], ()),
                                    ("HELPDIR", [("", sz("C:\\Windows\\System32"))], ())])])

    def classes():
        g = Gen(("ext", size_mb))
        start = w.size()
        seen = set()
        for _ in range(max(200, min(3000, size_mb * 15))):
            ext = "." + g.word().lower()[:g.r.randint(2, 5)] + "%d" % g.r.randint(0, 99)
            if ext in seen:
                continue
            seen.add(ext)
            yield (ext, [("", sz(g.word() + "File")), ("Content Type", sz("application/x-" + g.word().lower()))], ())
        share = classes_end - start
        yield ("CLSID", [], clsids(start + 0.6 * share))
        yield ("Interface", [], interfaces(start + 0.8 * share))
        yield ("TypeLib", [], typelibs(classes_end))

    def product(g, depth):
        vals = g.bulk_values(g.r.randint(2, 14))
        if depth >= 3:
            return vals, ()
        return vals, [(g.ident(g.r.randint(1, 2)) + "%d" % k,) + product(g, depth + 1)
                      for k in range(g.r.randint(1, 5))]

    def microsoft_bulk():
        g = Gen(("ms", size_mb))
        k = 0
        while w.size() < bulk_end:
            name = g.ident(g.r.randint(1, 3)) + "%d" % k
            k += 1
            vals, kids = product(g, 0)
            yield (name, vals, kids)

    def microsoft():
        yield ("Windows NT", [], [("CurrentVersion",
                                   [("ProductName", sz("Windows Server 2022 Standard")),
                                    ("EditionID", sz("ServerStandard")),
                                    ("CurrentBuild", sz("20348")),
                                    ("CurrentBuildNumber", sz("20348")),
                                    ("UBR", dword(2340)),
                                    ("DisplayVersion", sz("21H2")),
                                    ("InstallationType", sz("Server")),
                                    ("DigitalProductId", binary(Gen("dpid").r.randbytes(164)))],
                                   [("Winlogon", [("Shell", sz("explorer.exe"))], ())])])
        yield ("ADCS", [], [("NDES", [("ConfigurationStatus", dword(2))], ())])
        yield ("Cryptography", [], [("MSCEP", [("SignatureTemplate", sz("NDESSigning")),
                                               ("EncryptionTemplate", sz("NDESEncryption")),
                                               ("GeneralPurposeTemplate", sz("NDESGeneral"))],
                                     [("CAType", [("CAType", dword(1))], ())])])
        yield ("Windows", [], [("CurrentVersion", [("ProgramFilesDir", sz("C:\\Program Files"))],
                                [("Uninstall", [], uninstall()),
                                 ("Run", g0.bulk_values(4), ())])])
        yield ("Bulk", [], microsoft_bulk())

    g0 = Gen(("misc", size_mb))

    def uninstall():
        # installed programs: a server has tens to a few hundred
        g = Gen(("uninst", size_mb))
        for _ in range(max(50, min(1000, size_mb * 5))):
            prod = "%s %s %d.%d" % (g.word(), g.phrase(1, 3), g.r.randint(1, 16), g.r.randint(0, 9))
            vals = [("DisplayName", sz(prod)),
                    ("DisplayVersion", sz("%d.%d.%d" % (g.r.randint(1, 20), g.r.randint(0, 99), g.r.randint(0, 9999)))),
                    ("Publisher", sz(g.r.choice(("Microsoft Corporation", "Contoso Ltd.", "Fabrikam, Inc.")))),
                    ("InstallDate", sz("20%02d%02d%02d" % (g.r.randint(18, 26), g.r.randint(1, 12), g.r.randint(1, 28)))),
                    ("InstallLocation", sz("C:\\Program Files\\%s" % g.ident())),
                    ("UninstallString", expand_sz("MsiExec.exe /X%s" % g.guid())),
                    ("EstimatedSize", dword(g.r.randint(100, 900000))),
                    ("VersionMajor", dword(g.r.randint(1, 20))), ("VersionMinor", dword(g.r.randint(0, 99))),
                    ("NoModify", dword(1)), ("WindowsInstaller", dword(1))]
            yield (g.guid(), vals, ())

    def policies():
        g = Gen(("pol", size_mb))
        yield ("Microsoft", [], [("Windows", [], [(g.ident(), g.bulk_values(g.r.randint(1, 6)), ())
                                                  for _ in range(40)]),
                                 ("SystemCertificates", [], [("Root", [], [("Certificates", [], ())])])])

    def root():
        yield ("Classes", [], classes())
        yield ("Microsoft", [], microsoft())
        yield ("Policies", [], policies())
        yield ("Clients", [], [("StartMenuInternet", [], ())])
        yield ("RegisteredApplications", [("Internet Explorer", sz("SOFTWARE\\Microsoft\\Internet Explorer\\Capabilities"))], ())
        # top up to the target size: small vendor trees
        g = Gen(("vendor", size_mb))

        def vendors():
            k = 0
            while w.size() < target - 64 * 1024 and k < MAX_CHILDREN:
                yield (g.ident() + "%d" % k, g.bulk_values(g.r.randint(2, 10)), ())
                k += 1
        yield ("Vendors", [], vendors())

    return root()



# ----------------------------------------------------------------- overlay
#
# The NDES-relevant keys come from the healthy sample (its built hive, or
# its source .reg), so the big hives stay as healthy as samples/healthy
# while the checks grow.  The built-in keys above are the fallback.  Values
# in the overlay replace generated values of the same name; its keys are
# added to (or merged into) the generated ones, names compared
# case-insensitively.

def _reg_string(text, pos):
    """A "..." string at text[pos] (pos at the opening quote) ->
    (string, index after the closing quote)."""
    out = []
    i = pos + 1
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(out), i + 1
        out.append(c)
        i += 1
    raise ValueError("unterminated string")


def parse_reg(path, prefix):
    """-> {"values": [(name, (type, bytes))], "keys": {UPPER: (name, node)}}"""
    root = {"values": [], "keys": {}}
    with open(path, encoding="utf-8-sig") as f:
        raw = f.read().splitlines()
    lines = []
    for line in raw:                       # join hex continuation lines
        if lines and lines[-1].endswith("\\") and not lines[-1].lstrip().startswith(";"):
            lines[-1] = lines[-1][:-1] + line.strip()
        else:
            lines.append(line)
    node = None
    for n, line in enumerate(lines, 1):
        t = line.strip()
        if not t or t.startswith(";") or t.startswith("Windows Registry Editor"):
            continue
        if t.startswith("["):
            kp = t[1:t.rindex("]")]
            if kp.upper() == prefix.upper():
                rel = ""
            elif kp.upper().startswith(prefix.upper() + "\\"):
                rel = kp[len(prefix) + 1:]
            else:
                die("%s:%d: key outside %s: %s" % (path, n, prefix, kp))
            node = root
            for part in [x for x in rel.split("\\") if x]:
                node = node["keys"].setdefault(part.upper(), (part, {"values": [], "keys": {}}))[1]
            continue
        if node is None:
            die("%s:%d: value before any key" % (path, n))
        if t.startswith("@="):
            name, rest = "", t[2:]
        elif t.startswith('"'):
            name, end = _reg_string(t, 0)
            if t[end:end + 1] != "=":
                die("%s:%d: expected = after the value name" % (path, n))
            rest = t[end + 1:]
        else:
            die("%s:%d: cannot parse: %s" % (path, n, t))
        if rest.startswith('"'):
            val = sz(_reg_string(rest, 0)[0])
        elif rest.startswith("dword:"):
            val = dword(int(rest[6:], 16))
        elif rest.startswith("hex"):
            colon = rest.index(":")
            vtype = int(rest[4:colon - 1], 16) if rest.startswith("hex(") else REG_BINARY
            hexes = rest[colon + 1:].replace(" ", "")
            val = (vtype, bytes(int(h, 16) for h in hexes.split(",") if h))
        else:
            die("%s:%d: unsupported value data: %s" % (path, n, rest))
        node["values"] = [v for v in node["values"] if v[0].upper() != name.upper()] + [(name, val)]
    return root


def parse_hive(path):
    """The whole key tree of a (small) hive, in parse_reg's form."""
    with open(path, "rb") as f:
        d = f.read()
    if d[:4] != b"regf":
        die("%s: not a registry hive" % path)
    (root_off,) = struct.unpack_from("<I", d, 36)

    def cell(off):
        return memoryview(d)[BASE_BLOCK_SIZE + off + 4:]

    def name_of(raw, comp):
        return bytes(raw).decode("latin-1" if comp else "utf-16-le")

    def subkeys(off):
        c = cell(off)
        sig, n = bytes(c[:2]), struct.unpack_from("<H", c, 2)[0]
        if sig in (b"lf", b"lh"):
            return [struct.unpack_from("<I", c, 4 + 8 * i)[0] for i in range(n)]
        if sig == b"li":
            return [struct.unpack_from("<I", c, 4 + 4 * i)[0] for i in range(n)]
        if sig == b"ri":
            return [k for i in range(n) for k in subkeys(struct.unpack_from("<I", c, 4 + 4 * i)[0])]
        die("%s: unknown subkey list %r at 0x%x" % (path, sig, off))

    def value(off):
        c = cell(off)
        nlen, dsize, doff, vtype, flags = struct.unpack_from("<HIIIH", c, 2)
        name = name_of(c[20:20 + nlen], flags & 1)
        if dsize & 0x80000000:
            data = struct.pack("<I", doff)[:dsize & 0x7FFFFFFF]
        elif dsize > BIG_SEGMENT and bytes(cell(doff)[:2]) == b"db":
            nseg, seglist = struct.unpack_from("<HI", cell(doff), 2)
            data = b"".join(bytes(cell(struct.unpack_from("<I", cell(seglist), 4 * i)[0])[:BIG_SEGMENT])
                            for i in range(nseg))[:dsize]
        else:
            data = bytes(cell(doff)[:dsize])
        return name, (vtype, data)

    def node(off):
        c = cell(off)
        flags = struct.unpack_from("<H", c, 2)[0]
        nsub, = struct.unpack_from("<I", c, 20)
        slist, = struct.unpack_from("<I", c, 28)
        nval, vlist = struct.unpack_from("<II", c, 36)
        out = {"values": [], "keys": {}}
        if nval:
            out["values"] = [value(struct.unpack_from("<I", cell(vlist), 4 * i)[0]) for i in range(nval)]
        if nsub:
            for k in subkeys(slist):
                kc = cell(k)
                kflags, = struct.unpack_from("<H", kc, 2)
                klen, = struct.unpack_from("<H", kc, 72)
                kname = name_of(kc[76:76 + klen], kflags & 0x20)
                out["keys"][kname.upper()] = (kname, node(k))
        return out

    return node(root_off)


def overlay(values, children, node):
    """Merge one .reg node into a generated key: values replaced by name,
    children merged recursively, .reg-only children appended."""
    if node is None:
        return values, children
    names = {v[0].upper() for v in node["values"]}
    values = [v for v in values if v[0].upper() not in names] + list(node["values"])

    def kids():
        seen = set()
        for child in children:
            up = child[0].upper()
            seen.add(up)
            sub = node["keys"].get(up)
            if sub is None:
                yield child
            else:
                v, c = overlay(child[1], child[2], sub[1])
                yield (child[0], v, c) + tuple(child[3:])
        for up, (name, sub) in node["keys"].items():
            if up not in seen:
                yield (name,) + overlay([], (), sub)

    return values, kids()


# -------------------------------------------------------------------- main

def make(size_mb, kind, outdir, base):
    t0 = filetime(BASE_TIME)
    w = HiveWriter(t0)
    w.security()
    name = "SYSTEM" if kind == "system" else "SOFTWARE"
    tree = system_tree(w, size_mb) if kind == "system" else software_tree(w, size_mb)
    rvals = ()
    if base is not None:
        with open(base, "rb") as f:
            is_hive = f.read(4) == b"regf"
        src = parse_hive(base) if is_hive else parse_reg(base, "HKEY_LOCAL_MACHINE\\" + name)
        rvals, tree = overlay([], tree, src)
    w.root_off = w.key(0, "ROOT", rvals, tree, root=True)
    # the key furthest into the file (not the root) gets the newest time
    newest = w.last_nk
    w.set_time(newest, filetime(NEWEST_TIME[kind]))
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, name + ".hiv")
    w.write(path, "\\SystemRoot\\System32\\Config\\" + name, t0)
    total = BASE_BLOCK_SIZE + len(w.buf)
    print("%s: %.1f MB, %d keys, %d values, %.1f%% of the bins live, newest key %s at 0x%x; NDES keys from %s"
          % (path, total / MB, w.keys, w.values, 100.0 * w.live / len(w.buf),
             NEWEST_TIME[kind], BASE_BLOCK_SIZE + newest,
             os.path.relpath(base) if base else "the built-in set"))


def stats(path):
    """Live/free split of the cells of any hive."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"regf":
        die("%s: not a hive" % path)
    hbins = struct.unpack_from("<I", data, 40)[0]
    end = min(len(data), BASE_BLOCK_SIZE + hbins)
    off = BASE_BLOCK_SIZE
    live = free = bins = nk = 0
    while off + BIN_HEADER <= end and data[off:off + 4] == b"hbin":
        size = struct.unpack_from("<I", data, off + 8)[0]
        if size < BIN or off + size > end:
            break
        bins += 1
        pos = off + BIN_HEADER
        while pos + 4 <= off + size:
            (raw,) = struct.unpack_from("<i", data, pos)
            csize = -raw if raw < 0 else raw
            if csize < 8:
                break
            if raw < 0:
                live += csize
                # a data cell can start with "nk" too: count it as a key
                # only if the name it claims fits in the cell
                if data[pos + 4:pos + 6] == b"nk" and csize >= 80 and \
                        80 + struct.unpack_from("<H", data, pos + 76)[0] <= csize:
                    nk += 1
            else:
                free += csize
            pos += csize
        off += size
    print("%s: %.1f MB file, %d hbins, %d keys, live cells %.1f MB (%.1f%%), free cells %.1f MB"
          % (path, len(data) / MB, bins, nk, live / MB, 100.0 * live / max(1, hbins),
             free / MB))


def main(argv):
    if len(argv) >= 2 and argv[0] == "--stats":
        for p in argv[1:]:
            stats(p)
        return
    base = "default"
    if len(argv) >= 2 and argv[0].startswith("--base="):
        base = argv[0][len("--base="):] or None
        argv = argv[1:]
    if len(argv) != 3:
        die("usage: mkbig.py [--base=FILE.reg] SIZE_MB system|software OUTDIR"
            "   |   mkbig.py --stats HIVE...")
    try:
        size_mb = int(argv[0])
    except ValueError:
        die("SIZE_MB must be a whole number: %r" % argv[0])
    if size_mb < 1 or size_mb > 2000:
        die("SIZE_MB must be 1..2000")
    kind = argv[1].lower()
    if kind not in ("system", "software"):
        die("KIND must be system or software")
    if base == "default":
        samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")
        base = None
        for cand in (os.path.join(samples, "healthy", "registry", "%s.hiv" % kind.upper()),
                     os.path.join(samples, "src", "healthy-%s.reg" % kind.upper())):
            if os.path.exists(cand):
                base = cand
                break
    elif base is not None and not os.path.exists(base):
        die("%s: no such file" % base)
    make(size_mb, kind, argv[2], base)


if __name__ == "__main__":
    main(sys.argv[1:])
