#!/usr/bin/env python3
"""The check table (src/checks/checks.def, as --list-checks, --explain and
SARIF rules[] show it) and man/ndes-audit-checks.7 say the same about every
check. The man page is richer prose, so the comparison is field by field on
what must not drift:

  title     the entry's first line is the table's title
  severity  the entry's Severity is the table's severity
  reads     every source --explain names appears in the entry's Reads
  logic     every number, hex code and CamelCase name (a registry value, an
            IIS attribute) of the table's description appears in the entry
  fix       the same for the table's remediation and the entry
  outcomes  the entry lists only real statuses, and every status the check
            gives in the golden reports of tests/e2e/golden; ne and error
            of hive, IIS configuration and certificate checks are the
            common outcomes the OUTCOMES and CERTIFICATES sections state
  SARIF     rules[] are the table, in order, with the same texts

"appears in the entry" also accepts an entry the entry refers to with .Sx
(tls.cert.validity names httpsys.tls_binding's bindings instead of
repeating them). Prints TAP.

Usage: check_docs.py NDES_AUDIT MANPAGE GOLDEN_DIR SAMPLE_BUNDLE"""
import glob
import json
import os
import re
import subprocess
import sys

STATUSES = {"pass", "fail", "warn", "na", "ne", "error"}
# --explain's source names -> what the man entry's Reads must mention.
SOURCES = {
    "SYSTEM hive": r"SYSTEM",
    "SOFTWARE hive": r"SOFTWARE",
    "SECURITY hive or security template (secedit export or GptTmpl.inf)": r"SECURITY",
    "IIS applicationHost.config": r"applicationHost\.config",
    "SOFTWARE hive or IIS applicationHost.config": r"applicationHost\.config.*SOFTWARE",
    "IIS log": r"IIS .*logs?",
    "HTTPERR log": r"HTTPERR",
    "certificate store": r"store",
    "connector SetupMsi.log": r"SetupMsi\.log",
    "event log (.evtx)": r"\.evtx|event log",
}
# Sources whose ne and error outcomes the page states once for all checks.
COMMON_NE_ERROR = ("hive", "applicationHost.config", "certificate store")
SEVERITY_LEVEL = {"critical": "error", "high": "error", "medium": "warning",
                  "low": "note", "info": "note"}


def plain(lines):
    """mdoc source -> running text: macro names dropped, escapes undone."""
    out = []
    for line in lines:
        if line.startswith('.\\"'):
            continue
        if line.startswith("."):
            words = line.split()
            if words[0] in (".Bl", ".El", ".Pp", ".Bd", ".Ed"):
                continue
            line = " ".join(w for w in words[1:] if not re.fullmatch(r"[A-Z][a-z]", w))
        out.append(line)
    text = " ".join(out)
    for a, b in (("\\e", "\\"), ("\\-", "-"), ("\\&", ""), ("\\(aq", "'")):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip()


def man_entries(path):
    entries, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith(".Ss "):
                cur = line[4:].strip()
                entries[cur] = []
            elif line.startswith(".Sh "):
                cur = None
            elif cur is not None:
                entries[cur].append(line)
    return entries


def fields(lines):
    """The entry's first text line and its top-level .It fields."""
    head, f, key, depth = [], {}, None, 0
    for line in lines:
        if line.startswith(".Bl"):
            depth += 1
        elif line.startswith(".El"):
            depth -= 1
        elif depth == 1 and line.startswith(".It "):
            key = line[4:].strip()
            f[key] = []
            continue
        if depth == 0 and key is None:
            head.append(line)
        elif key is not None:
            f[key].append(line)
    return plain(head), f


def facts_of(text):
    """What must not drift: numbers of two digits or more, hex codes and
    CamelCase names (not plurals such as GETs or URLs)."""
    toks = set(re.findall(r"(?<![\w.])\d{2,}(?![\w])", text))
    toks |= set(re.findall(r"\b0x[0-9A-Fa-f]+\b", text))
    for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text):
        if re.fullmatch(r"[A-Z]+s", w):
            continue
        if re.search(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]", w):
            toks.add(w)
    return toks


def found(tok, text):
    if tok[0].isdigit():
        return re.search(r"(?<![0-9])" + re.escape(tok) + r"(?![0-9])", text) is not None
    return tok in text


class Tap:
    def __init__(self):
        self.n = self.failed = 0

    def check(self, name, problems):
        self.n += 1
        if problems:
            self.failed += 1
            print("not ok %d - %s" % (self.n, name))
            for p in problems:
                print("# " + p)
        else:
            print("ok %d - %s" % (self.n, name))


def explain(binary, cid):
    lines = subprocess.run([binary, "--explain", cid], check=True, capture_output=True,
                           text=True).stdout.split("\n")
    return {"reads": lines[3][len("Reads: "):], "logic": lines[5],
            "fix": lines[7][len("Fix: "):]}


def golden_statuses(golden):
    seen = {}
    for path in sorted(glob.glob(os.path.join(golden, "*.json"))):
        with open(path, encoding="utf-8") as f:
            for r in json.load(f)["results"]:
                seen.setdefault(r["check"], {})
                seen[r["check"]].setdefault(r["status"], os.path.basename(path))
    return seen


def check_one(tap, cid, sev, title, ex, entries, seen):
    head, f = fields(entries[cid])
    whole = plain(entries[cid])
    refs = [whole] + [plain(entries[r]) for r in re.findall(r"^\.Sx (\S+)", "\n".join(entries[cid]), re.M)
                      if r in entries]
    ref_reads = [plain(fields(entries[r])[1].get("Reads", []))
                 for r in re.findall(r"^\.Sx (\S+)", "\n".join(f.get("Reads", [])), re.M)
                 if r in entries]
    missing = [k for k in ("Severity", "Reads", "Logic", "Outcomes", "Fix") if k not in f]
    tap.check("%s: the entry has Severity, Reads, Logic, Outcomes and Fix" % cid,
              ["no %s" % k for k in missing])
    if missing:
        return
    tap.check("%s: title" % cid, [] if head.rstrip(".") == title else
              ["table: %r" % title, "man:   %r" % head])
    msev = plain(f["Severity"]).rstrip(".").strip()
    tap.check("%s: severity" % cid, [] if msev == sev else ["table %s, man %s" % (sev, msev)])
    reads = " ".join([plain(f["Reads"])] + ref_reads)
    tap.check("%s: reads" % cid,
              ["--explain reads %r; the man entry's Reads does not say so" % s
               for s in re.split(r", (?![^()]*\))", ex["reads"])
               if s not in SOURCES or not re.search(SOURCES[s], reads, re.I)])
    for field, key in (("logic", "logic"), ("fix", "fix")):
        tap.check("%s: %s" % (cid, field),
                  ["%r is in the table's %s but not in the man entry" % (t, field)
                   for t in sorted(facts_of(ex[key])) if not any(found(t, r) for r in refs)])
    documented = set(re.findall(r"^\.It Cm (\S+)", "\n".join(f["Outcomes"]), re.M))
    common = {"ne", "error"} if any(s in ex["reads"] for s in COMMON_NE_ERROR) else set()
    probs = ["%r is no status" % s for s in sorted(documented - STATUSES)]
    probs += ["gives %s in %s; the entry's Outcomes do not list it" % (s, where)
              for s, where in sorted(seen.get(cid, {}).items())
              if s in STATUSES and s not in documented | common]
    tap.check("%s: outcomes" % cid, probs)


def check_sarif(tap, binary, sample, table, explained):
    out = subprocess.run([binary, "-f", "sarif", "--as-of", "2026-06-01T00:00:00Z", sample],
                         capture_output=True, text=True).stdout
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    probs = []
    if [r["id"] for r in rules] != [t[0] for t in table]:
        probs.append("rules[] ids are not the table's, in its order")
    for r, (cid, sev, title) in zip(rules, table):
        full = r["fullDescription"]["text"]
        logic = explained[cid]["logic"]
        if r["shortDescription"]["text"] != title:
            probs.append("%s: shortDescription %r" % (cid, r["shortDescription"]["text"]))
        if full != logic and not (full.endswith("...") and logic.startswith(full[:-3])):
            probs.append("%s: fullDescription is not the table's description" % cid)
        if r["help"]["text"] != explained[cid]["fix"]:
            probs.append("%s: help is not the table's remediation" % cid)
        if r["defaultConfiguration"]["level"] != SEVERITY_LEVEL[sev]:
            probs.append("%s: level %s for %s" % (cid, r["defaultConfiguration"]["level"], sev))
    tap.check("SARIF rules[] are the table: ids, titles, descriptions, fixes, levels", probs)


def main(binary, manpage, golden, sample):
    tap = Tap()
    listing = subprocess.run([binary, "--list-checks"], check=True, capture_output=True,
                             text=True).stdout
    table = [re.match(r"^(\S+)\s+(\S+)\s+(.*)$", l).groups() for l in listing.splitlines()]
    entries = man_entries(manpage)
    seen = golden_statuses(golden)
    explained = {}
    tap.check("the table has checks and golden reports exist", [] if table and seen else ["empty"])
    tap.check("every man entry is a check of the table",
              ["%s has an entry but is not in the table" % e
               for e in sorted(set(entries) - {t[0] for t in table})])
    for cid, sev, title in table:
        explained[cid] = explain(binary, cid)
        if cid not in entries:
            tap.check("%s: has a man entry" % cid, ["no .Ss %s" % cid])
            continue
        check_one(tap, cid, sev, title, explained[cid], entries, seen)
    check_sarif(tap, binary, sample, table, explained)
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    sys.exit(main(*sys.argv[1:]))
