#!/usr/bin/env python3
"""samples/mkzip.py SRC-FOLDER OUT.zip: the bundle in SRC-FOLDER as one .zip,
as an administrator sends it (Deflate, paths with '/'), made by python3's
zipfile. Deterministic: members in sorted order, every time stamp
2026-05-30 14:02:10 (the samples' base time, rounded to DOS's 2 seconds),
the same permissions, so two runs give the same bytes (with the same zlib)."""
import os
import sys
import zipfile

STAMP = (2026, 5, 30, 14, 2, 10)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: mkzip.py SRC-FOLDER OUT.zip")
    src, out = sys.argv[1], sys.argv[2]
    names = []
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in files:
            names.append(os.path.relpath(os.path.join(root, f), src).replace(os.sep, "/"))
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n in sorted(names):
            info = zipfile.ZipInfo(n, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(os.path.join(src, n), "rb") as f:
                z.writestr(info, f.read(), compresslevel=9)
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
