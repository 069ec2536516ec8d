#!/bin/bash
# The layering of DESIGN.md, by what each folder's sources include
# (directly or through headers): see layers.py.
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
exec python3 tests/meta/layers.py .
