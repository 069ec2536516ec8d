#!/usr/bin/env python3
"""mkcerts.py - lay the test PKI (made by tests/tools/mkpki) out as a Windows
server stores it: registry Blobs in .reg sources for hivexregedit, serialized
stores (.sst), and loose .cer/.pem files.

Usage:
  mkcerts.py samples PKI_DIR OUT_DIR HEALTHY_SYSTEM_REG
      Writes OUT_DIR/reg/*.reg (SOFTWARE fragments and whole fixture sources,
      and SYSTEM sources whose TLS binding names another certificate) and
      OUT_DIR/files/<bundle>/... (exported store files).
  mkcerts.py sst-from-pem IN.pem OUT.sst
  mkcerts.py reg-from-pem IN.pem STORE OUT.reg
      For benchmarks: every certificate of a PEM file as a serialized store,
      or as a .reg source of the local machine store STORE.

Formats (../shared/reference/formats.md 1.2-1.4, 2): a Blob is property records
(u32 id, u32 encoding 1, u32 length, payload; no padding) followed by the
certificate record 0x20 (0x21 for a CRL); a serialized store is the header
00000000 'CERT', such groups, and a 12-byte zero end marker. KEY_PROV_INFO
(property 2) is a 28-byte header with offsets to UTF-16LE strings.

Only the Python standard library is used. Output is deterministic.
"""

import base64
import hashlib
import os
import struct
import sys

SOFTWARE = "HKEY_LOCAL_MACHINE\\SOFTWARE"
SYSTEM = "HKEY_LOCAL_MACHINE\\SYSTEM"

CSP = ("Microsoft Enhanced RSA and AES Cryptographic Provider", 24)
CSP_STRONG = ("Microsoft Strong Cryptographic Provider", 1)
KSP = ("Microsoft Software Key Storage Provider", 0)
AT_KEYEXCHANGE, AT_SIGNATURE = 1, 2
CRYPT_MACHINE_KEYSET = 0x20

OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1"


# ------------------------------------------------------------------ records

def record(prop_id, payload):
    return struct.pack("<III", prop_id, 1, len(payload)) + payload


def utf16z(text):
    return text.encode("utf-16-le") + b"\0\0"


def key_prov_info(container, provider, prov_type, key_spec, flags=CRYPT_MACHINE_KEYSET):
    """Persisted KEY_PROV_INFO: offsets from the start of the value."""
    c = utf16z(container)
    p = utf16z(provider)
    off_c = 28
    off_p = off_c + len(c)
    return struct.pack("<IIIIIII", off_c, off_p, prov_type, flags, 0, 0, key_spec) + c + p


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_oid(dotted):
    parts = [int(x) for x in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for v in parts[2:]:
        chunk = [v & 0x7F]
        v >>= 7
        while v:
            chunk.append(0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(reversed(chunk))
    return b"\x06" + der_len(len(body)) + bytes(body)


def eku_value(oids):
    body = b"".join(der_oid(o) for o in oids)
    return b"\x30" + der_len(len(body)) + body


class Cert:
    def __init__(self, name, der):
        self.name = name
        self.der = der
        self.sha1 = hashlib.sha1(der).hexdigest().upper()


def container_for(name):
    # Every sample container name carries this marker, so that a test can
    # prove no report ever shows one.
    return "KEYCONTAINER-" + hashlib.sha256(name.encode()).hexdigest()[:24]


def blob(cert, key=None, key_spec=AT_KEYEXCHANGE, friendly=None, eku=None, sha1=None,
         kind=0x20):
    """One serialized element. key = (provider, type) or None."""
    out = b""
    if key is not None:
        out += record(2, key_prov_info(container_for(cert.name), key[0], key[1], key_spec))
    if eku is not None:
        out += record(9, eku_value(eku))
    if friendly is not None:
        out += record(11, utf16z(friendly))
    out += record(3, bytes.fromhex(sha1 if sha1 is not None else cert.sha1))
    out += record(kind, cert.der)
    return out


def sst(blobs):
    return b"\0\0\0\0CERT" + b"".join(blobs) + b"\0" * 12


def pem(cert):
    b64 = base64.b64encode(cert.der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"


# ---------------------------------------------------------------- .reg text

class Reg:
    """A .reg source in the dialect hivexregedit --merge accepts: every
    parent key gets its own section, binary data as one hex: line."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.keys = {}
        self.order = []

    def key(self, path):
        parts = path.split("\\")
        for i in range(1, len(parts) + 1):
            p = "\\".join(parts[:i])
            if p not in self.keys:
                self.keys[p] = []
                self.order.append(p)
        return self.keys[path]

    def value(self, path, name, text):
        self.key(path).append('"%s"=%s' % (name, text))

    def string(self, path, name, s):
        if all(32 <= ord(ch) < 127 for ch in s):
            esc = s.replace("\\", "\\\\").replace('"', '\\"')
            self.value(path, name, '"%s"' % esc)
        else:  # hivexregedit garbles non-ASCII REG_SZ: write UTF-16LE bytes
            self.value(path, name, "hex(1):" + hexbytes(utf16z(s)))

    def binary(self, path, name, data):
        self.value(path, name, "hex:" + hexbytes(data))

    def dword(self, path, name, v):
        self.value(path, name, "dword:%08x" % v)

    def text(self, header=True):
        out = ["Windows Registry Editor Version 5.00", ""] if header else []
        for p in self.order:
            out.append("[%s\\%s]" % (self.prefix, p))
            out.extend(self.keys[p])
            out.append("")
        return "\n".join(out) + "\n"


def hexbytes(data):
    return ",".join("%02x" % b for b in data)


def put(reg, root, store, cert, kind="Certificates", key_name=None, **kw):
    path = "%s\\%s\\%s\\%s" % (root, store, kind, key_name or cert.sha1)
    reg.binary(path, "Blob", blob(cert, kind=0x21 if kind == "CRLs" else 0x20, **kw))


LOCAL = "Microsoft\\SystemCertificates"
GPO = "Policies\\Microsoft\\SystemCertificates"

CA_CONFIG = "ca01.corp.contoso.com\\Contoso Issuing CA"


def base_keys(reg):
    """Keys that make a SOFTWARE hive recognisable, for whole fixtures."""
    reg.key("Classes")
    reg.key("Microsoft\\Windows NT\\CurrentVersion")
    reg.key("Policies")


def uninstall(reg, guid, name, version):
    path = "Microsoft\\Windows\\CurrentVersion\\Uninstall\\" + guid
    reg.string(path, "DisplayName", name)
    reg.string(path, "DisplayVersion", version)
    reg.string(path, "Publisher", "Microsoft Corporation")


def policy_thumb(reg, text):
    reg.string("Microsoft\\Cryptography\\MSCEP\\Modules\\NDESPolicy", "NDESCertThumbprint", text)


def connector_thumb(reg, text):
    reg.string("Microsoft\\MicrosoftIntune\\PFXCertificateConnector", "EncryptionCertThumbprint",
               text)


def ca_config(reg):
    reg.string("Microsoft\\Cryptography\\MSCEP\\CAInfo", "Configuration", CA_CONFIG)


def spaced(thumb):
    return " ".join(thumb[i:i + 2] for i in range(0, 40, 2))


# ----------------------------------------------------------------- bundles

def healthy_my(pki, tls="tls", pm="pm", ra_sign="ra-sign", ra_enc="ra-enc", ra_sign_key=CSP):
    return [
        (pki[tls], dict(key=CSP, key_spec=AT_KEYEXCHANGE, friendly="NDES01 TLS")),
        (pki[pm], dict(key=CSP, key_spec=AT_KEYEXCHANGE, friendly="NDES policy module")),
        (pki[ra_sign], dict(key=ra_sign_key, key_spec=0 if ra_sign_key == KSP else AT_SIGNATURE)),
        (pki[ra_enc], dict(key=CSP, key_spec=AT_KEYEXCHANGE)),
        (pki["conn"], dict(key=CSP, key_spec=AT_KEYEXCHANGE)),
    ]


def stores_fragment(pki, my, pm="pm", thumb=None, gpo_root=()):
    """A SOFTWARE fragment for the healthy-SOFTWARE.reg base: stores and the
    registry values that name certificates."""
    reg = Reg(SOFTWARE)
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "AuthRoot", pki["fabrikam-root"])
    put(reg, LOCAL, "CA", pki["issuing"])
    for cert, kw in my:
        put(reg, LOCAL, "MY", cert, **kw)
    reg.key(LOCAL + "\\Disallowed\\Certificates")
    for name in gpo_root:
        put(reg, GPO, "Root", pki[name])
    policy_thumb(reg, thumb if thumb is not None else pki[pm].sha1.lower())
    connector_thumb(reg, pki["conn"].sha1)
    return reg


def values_fragment(pki):
    reg = Reg(SOFTWARE)
    policy_thumb(reg, pki["pm"].sha1.lower())
    connector_thumb(reg, pki["conn"].sha1)
    return reg


def fixture_misc(pki):
    """Store hygiene and several failures at once (legacy connector by its
    NDESPolicy thumbprint, no Uninstall entry)."""
    reg = Reg(SOFTWARE)
    base_keys(reg)
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "ROOT", pki["issuing"])                 # an intermediate in local ROOT
    good = blob(pki["root"])
    bad = "Microsoft\\SystemCertificates\\ROOT\\Certificates\\"
    reg.binary(bad + "0000000000000000000000000000000000000001", "Blob", good[:40])  # truncated
    reg.binary(bad + "0000000000000000000000000000000000000002", "Blob",
               struct.pack("<III", 3, 1, 0xFFFF) + b"\0" * 20)                     # past the end
    reg.string(bad + "0000000000000000000000000000000000000003", "Blob", "not binary")
    reg.dword(bad + "0000000000000000000000000000000000000004", "Other", 1)         # no Blob
    reg.binary(bad + "0000000000000000000000000000000000000005", "Blob",
               record(0x20, bytes(range(64))))                                     # DER garbage
    put(reg, LOCAL, "ROOT", pki["fabrikam-root"],
        key_name="1111111111111111111111111111111111111111")                    # wrong key name
    put(reg, LOCAL, "AuthRoot", pki["root"], sha1="00" * 20)                    # wrong SHA1 property
    put(reg, LOCAL, "CA", pki["issuing"])
    put(reg, LOCAL, "CA", pki["issuing-short"])
    put(reg, LOCAL, "CA", pki["root-crl"], kind="CRLs")
    put(reg, LOCAL, "CA", pki["issuing-lapsed-crl"], kind="CRLs")
    put(reg, LOCAL, "MY", pki["pm-wrongsubject"], key=CSP)
    put(reg, LOCAL, "MY", pki["ra-sign"])                    # no KEY_PROV_INFO
    put(reg, LOCAL, "MY", pki["tls-clientonly"], key=CSP)
    t = pki["pm-wrongsubject"].sha1.lower()
    policy_thumb(reg, ":".join(t[i:i + 2] for i in range(0, 40, 2)))
    ca_config(reg)
    return reg


def fixture_current(pki):
    reg = Reg(SOFTWARE)
    base_keys(reg)
    uninstall(reg, "{0C6A4E5B-8D1E-4C2B-9E0F-5A7B3C1D2E4F}",
              "Certificate Connector for Microsoft Intune", "6.2301.1.0")
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "CA", pki["issuing"])
    put(reg, LOCAL, "MY", pki["conn-expired"], key=CSP)
    put(reg, LOCAL, "MY", pki["ra-sign-otherca"], key=CSP, key_spec=AT_SIGNATURE)
    put(reg, LOCAL, "MY", pki["ra-sign-expired"], key=CSP, key_spec=AT_SIGNATURE)
    put(reg, LOCAL, "MY", pki["ra-enc-expiring"], key=CSP)
    connector_thumb(reg, pki["conn-expired"].sha1.lower())
    ca_config(reg)
    return reg


def fixture_nothumb(pki):
    reg = Reg(SOFTWARE)
    base_keys(reg)
    uninstall(reg, "{3E1D5C7A-2B4F-4A6E-9C8D-1F2E3D4C5B6A}", "Microsoft Intune Connector",
              "6.1905.0.402")
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "CA", pki["issuing"])
    put(reg, LOCAL, "MY", pki["pm"], key=CSP)
    return reg


def fixture_badthumb(pki):
    reg = Reg(SOFTWARE)
    base_keys(reg)
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "CA", pki["issuing"])
    put(reg, LOCAL, "MY", pki["ra-sign"], key=CSP_STRONG, key_spec=AT_SIGNATURE)
    put(reg, LOCAL, "MY", pki["ra-enc"], key=CSP_STRONG)
    policy_thumb(reg, "3f2a7c1d9e4b5a6f8c0d2e1f3a4b5c6d7e8f9012")  # in no store
    connector_thumb(reg, "see the connector's UI")
    return reg


def fixture_ekuprop(pki):
    reg = Reg(SOFTWARE)
    base_keys(reg)
    put(reg, LOCAL, "ROOT", pki["root"])
    put(reg, LOCAL, "CA", pki["issuing"])
    put(reg, LOCAL, "MY", pki["pm"], key=CSP, eku=[OID_SERVER_AUTH])
    policy_thumb(reg, pki["pm"].sha1)
    return reg


def system_with_binding(healthy_system_reg, cert):
    """The healthy SYSTEM source with its 443 binding on another certificate."""
    with open(healthy_system_reg, encoding="utf-8") as f:
        text = f.read()
    out, done = [], False
    for line in text.split("\n"):
        if line.startswith('"SslCertHash"=hex:'):
            line = '"SslCertHash"=hex:' + hexbytes(bytes.fromhex(cert.sha1))
            done = True
        elif line.startswith("; Thumbprint ") and "(display order)" in line:
            line = "; Thumbprint %s (display order);" % cert.sha1
        out.append(line)
    if not done:
        sys.exit("mkcerts.py: no SslCertHash line in " + healthy_system_reg)
    return "\n".join(out)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def load_pki(d):
    pki = {}
    with open(os.path.join(d, "manifest.txt")) as f:
        for line in f:
            name = line.split()[0]
            with open(os.path.join(d, name + ".cer"), "rb") as c:
                pki[name] = Cert(name, c.read())
    for name in ("root", "issuing-lapsed"):
        with open(os.path.join(d, name + ".crl"), "rb") as c:
            pki[name + "-crl"] = Cert(name + "-crl", c.read())
    return pki


def cmd_samples(pki_dir, out, healthy_system_reg):
    pki = load_pki(pki_dir)
    regs = {
        "healthy": stores_fragment(pki, healthy_my(pki)),
        "gpo-intermediate": stores_fragment(pki, healthy_my(pki), gpo_root=("root", "issuing")),
        "exported-stores": values_fragment(pki),
        "policymodule-expired": stores_fragment(pki, healthy_my(pki, pm="pm-expired"),
                                                thumb=spaced(pki["pm-expired"].sha1)),
        "policymodule-expiring": stores_fragment(pki, healthy_my(pki, pm="pm-expiring"),
                                                 thumb="\u200e" + pki["pm-expiring"].sha1),
        "policymodule-noclientauth": stores_fragment(pki, healthy_my(pki, pm="pm-noclient"),
                                                     pm="pm-noclient"),
        "ra-expired": stores_fragment(pki, healthy_my(pki, ra_sign="ra-sign-expired",
                                                      ra_enc="ra-enc-expired")),
        "ra-cng": stores_fragment(pki, healthy_my(pki, ra_sign_key=KSP)),
        "tls-wrongname": stores_fragment(pki, healthy_my(pki, tls="tls-wrongname")),
    }
    for name, reg in regs.items():
        write(os.path.join(out, "reg", name + "-SOFTWARE.frag"), reg.text(header=False))
    fixtures = {
        "certs-misc": fixture_misc(pki),
        "certs-current": fixture_current(pki),
        "certs-nothumb": fixture_nothumb(pki),
        "certs-badthumb": fixture_badthumb(pki),
        "certs-ekuprop": fixture_ekuprop(pki),
    }
    for name, reg in fixtures.items():
        write(os.path.join(out, "reg", name + ".reg"), reg.text())
    write(os.path.join(out, "reg", "tls-wrongname-SYSTEM.reg"),
          system_with_binding(healthy_system_reg, pki["tls-wrongname"]))
    write(os.path.join(out, "reg", "system-tls-clientonly.reg"),
          system_with_binding(healthy_system_reg, pki["tls-clientonly"]))
    nohost = system_with_binding(healthy_system_reg, pki["tls"]).split("\n")
    write(os.path.join(out, "reg", "system-tls-nohost.reg"),
          "\n".join(line for line in nohost
                    if not line.startswith(('"Hostname"=', '"NV Hostname"='))))

    # Exported stores, as Export-Certificate and the certificates MMC write them.
    f = os.path.join(out, "files", "exported-stores", "certs")
    write(os.path.join(f, "Root.sst"), sst([
        blob(pki["root"], friendly="Contoso Root CA"),
        blob(pki["root-crosscert"]),
        blob(pki["fabrikam-root"], friendly="Fabrikam Global Root"),
    ]))
    write(os.path.join(f, "CA", "ContosoIssuingCA.cer"), pki["issuing"].der)
    write(os.path.join(f, "Intermediate", "issuing-chain.pem"), pem(pki["issuing"]))
    write(os.path.join(f, "My.sst"), sst([blob(c, **kw) for c, kw in healthy_my(pki)]))

    # Unit-test fixtures: exported store files.
    t = os.path.join(out, "files", "tests")
    write(os.path.join(t, "my.sst"), sst([blob(c, **kw) for c, kw in healthy_my(pki)]))
    write(os.path.join(t, "root-lookalike.sst"), sst([blob(pki["root"]),
                                                     blob(pki["root-crosscert"]),
                                                     blob(pki["root-crl"], kind=0x21)]))
    write(os.path.join(t, "chain.pem"), pem(pki["issuing"]) + pem(pki["root"]))


def read_pem_certs(path):
    out, cur = [], None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line == "-----BEGIN CERTIFICATE-----":
                cur = []
            elif line == "-----END CERTIFICATE-----":
                der = base64.b64decode("".join(cur))
                out.append(Cert("bulk-%d" % len(out), der))
                cur = None
            elif cur is not None:
                cur.append(line)
    return out


def main(argv):
    if len(argv) == 5 and argv[1] == "samples":
        cmd_samples(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "sst-from-pem":
        write(argv[3], sst([blob(c) for c in read_pem_certs(argv[2])]))
    elif len(argv) == 5 and argv[1] == "reg-from-pem":
        reg = Reg(SOFTWARE)
        base_keys(reg)
        for c in read_pem_certs(argv[2]):
            put(reg, LOCAL, argv[3], c)
        write(argv[4], reg.text())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
