#!/bin/bash
# Checks are pure functions of the facts (DESIGN.md): no file under
# src/checks names a Windows registry key path or asks a registry source
# anything; the fact builders under src/facts do. `checks-pure.sh DIR`
# checks another folder (to see it catch an old tree).
. "$(dirname "$0")/../lib.sh"
cd "$top_srcdir" || exit 99
dir=${1:-src/checks}
files=$(ls "$dir"/*.c "$dir"/*.h | tr '\n' ' ')
check "the checks folder has sources" [ -n "$files" ]
# none PATTERN: no line of the check sources matches (matches are shown).
none() { ! grep -nE "$1" $files; }
# Registry lookups, the registry source's fields, and the control-set path helper.
api='\b(reg_(value|key_exists|subkeys|value_names|scan_subkeys|subkey_values|dword|string|covered|coverage|artifact|location|export_value)|facts_cs_path|rv_(read|key))[[:space:]]*\(|\bstruct regsrc\b|\.reg\.(hive|view|artifact)\b'
check "no registry lookup in a check" none "$api"
# A key path in a string: a registry root key's first component with a backslash.
path='"[^"]*\b(Microsoft|Policies|WOW6432Node|ControlSet[0-9]{3}|CurrentControlSet|Services|Select|Classes)\\\\[A-Za-z{]'
check "no registry key path in a check" none "$path"
done_testing
