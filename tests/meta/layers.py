#!/usr/bin/env python3
"""The layers of DESIGN.md hold: readers -> facts -> checks -> policy ->
reporters, each seeing only the headers of the layers it may use, through
every #include it makes directly or through the headers it includes.

Prints TAP. Header names resolve as the compiler resolves them here:
"ndes-audit/X.h" in include/, "read/X.h" and "util/X.h" in src/, and a plain
"X.h" beside the including file (or, for a public header, in include/)."""
import os
import re
import sys

top = sys.argv[1] if len(sys.argv) > 1 else "."
os.chdir(top)
INC = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]', re.M)
PUBLIC = "include/ndes-audit/"
# Reader internals: private to src/read (and what builds facts from readers).
READER = {"src/read/" + h for h in ("hive.h", "regexport.h", "iisconfig.h", "inf.h",
                                    "certread.h", "logutil.h", "archive.h")} | {"src/util/lines.h"}
FACTS = {PUBLIC + h for h in ("facts.h", "certs.h", "connector.h", "iis.h", "registry.h",
                              "regfacts.h", "rights.h")}
CHECK = {PUBLIC + "check.h", "src/checks/checks.h"}


def resolve(frm, kind, name):
    if kind == "<":
        return "<" + name + ">"
    for cand in ("include/" + name, "src/" + name, os.path.join(os.path.dirname(frm), name)):
        if os.path.isfile(cand):
            return os.path.normpath(cand)
    return None  # config.h and other generated files


cache = {}


def closure(path):
    """Every header path reaches, directly or not (system ones as <x>)."""
    if path in cache:
        return cache[path]
    cache[path] = set()
    seen = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for kind, name in INC.findall(text):
        r = resolve(path, kind, name)
        if r is None or r.endswith(".def"):
            continue
        seen.add(r)
        if not r.startswith("<"):
            seen |= closure(r)
    cache[path] = seen
    return seen


def sources(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith((".c", ".h")))


n = failed = 0


def rule(desc, files, bad):
    global n, failed
    hits = []
    for f in files:
        reach = closure(f)
        for h in sorted(reach):
            if bad(h):
                hits.append("%s reaches %s" % (f, h))
    n += 1
    if hits:
        failed += 1
        print("not ok %d - %s" % (n, desc))
        for h in hits:
            print("#   " + h)
    else:
        print("ok %d - %s" % (n, desc))


checks = sources("src/checks")
readers = [f for f in sources("src/read")]
reporters = sources("src/report")
bundle = sources("src/bundle")
policy = sources("src/policy")
public = sources("include/ndes-audit")

rule("checks reach no reader header and no parsing library", checks,
     lambda h: h in READER or h in ("<libregf.h>",) or h.startswith("<libxml/"))
rule("readers reach no facts, check, policy or report header", readers,
     lambda h: h in FACTS or h in CHECK or h in (PUBLIC + "policy.h", PUBLIC + "report.h",
                                                 PUBLIC + "result.h"))
rule("reporters reach no facts header (they get a report header)", reporters,
     lambda h: h in FACTS)
rule("discovery (src/bundle) reaches no facts header", bundle, lambda h: h in FACTS)
rule("policy reaches no facts header", policy, lambda h: h in FACTS)
rule("public headers reach no reader header", public, lambda h: h in READER)
users = [f for f in sources("src/read") + sources("src/facts") + sources("src/bundle")
         + sources("src/checks") + sources("src/report") + sources("src/policy")
         + sources("src/util") + ["src/main.c"]
         if "<libregf.h>" in {"<%s>" % m[1] for m in INC.findall(open(f).read()) if m[0] == "<"}]
n += 1
if users == ["src/read/hive.c"]:
    print("ok %d - only src/read/hive.c includes libregf.h" % n)
else:
    failed += 1
    print("not ok %d - libregf.h is included by %s, not only src/read/hive.c" % (n, users))
archivers = [f for f in sources("src/read") + sources("src/facts") + sources("src/bundle")
             + sources("src/checks") + sources("src/report") + sources("src/policy")
             + sources("src/util") + ["src/main.c"]
             if "<archive.h>" in {"<%s>" % m[1] for m in INC.findall(open(f).read()) if m[0] == "<"}]
n += 1
if archivers == ["src/read/archive.c"]:
    print("ok %d - only src/read/archive.c includes libarchive's archive.h" % n)
else:
    failed += 1
    print("not ok %d - archive.h is included by %s, not only src/read/archive.c" % (n, archivers))
print("1..%d" % n)
sys.exit(1 if failed else 0)
