#!/usr/bin/env python3
"""Check server/core/data/cmdlets.json against the catalog's facts.

Usage: tools/check-cmdlets.py [CMDLETS_JSON] [--data DATA_DIR]

CMDLETS_JSON defaults to server/core/data/cmdlets.json; DATA_DIR to server/core/data, whose
security-permissions.json (every /security path per version, with its methods) and
graph-permissions.json (Microsoft's permission map, every version) are the catalog.

Checks, for every row:
  * the row has exactly the fields name, version, method, path and optionally key and member_path;
  * version is "v1.0" or "beta", and the name is Verb-Mg... (v1.0) or Verb-MgBeta... (beta) with a
    verb that claimcheck's cmdlet scanner recognises;
  * method is an HTTP method and path (and member_path, if any) is a template of the catalog for
    that version (the /security layer for /security paths, the permission map elsewhere), with the
    method among that path's methods;
  * key segments are written {id}; member_path is path + "/{id}" and comes with a key; a key
    without member_path means path itself already addresses the member (contains {id});
  * names are unique (case-insensitively, as claimcheck looks them up).
Exits 1 and lists every problem if any check fails.
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The verbs claimcheck's cmdlet regex matches (server/core/src/sdk.rs).
VERBS = ("Get", "New", "Update", "Remove", "Set", "Start", "Invoke", "Test", "Stop", "Add", "Send", "Move", "Copy",
         "Restore", "Clear", "Confirm", "Publish", "Revoke")
METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}
FIELDS = {"name", "version", "method", "path", "key", "member_path"}
REQUIRED = {"name", "version", "method", "path"}
NAME_RE = re.compile(r"^(%s)-Mg(Beta)?[A-Z][A-Za-z0-9]+$" % "|".join(VERBS))
KEY_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")


def load_catalog(data_dir):
    """{(version, lower-cased template): methods} of the /security layer and the permission map."""
    cat = {}
    security = json.loads((Path(data_dir) / "security-permissions.json").read_text(encoding="utf-8"))
    for path, entry in security["paths"].items():
        for v in ("v1.0", "beta"):
            cat.setdefault((v, path.lower()), set()).update(entry.get(v, []))
        for m in METHODS:
            if m in entry:
                for v in entry[m].get("versions", [v for v in ("v1.0", "beta") if v in entry] or ["v1.0", "beta"]):
                    cat.setdefault((v, path.lower()), set()).add(m)
    graph = json.loads((Path(data_dir) / "graph-permissions.json").read_text(encoding="utf-8"))
    for path, methods in graph["paths"].items():
        if path.startswith("/security"):
            continue
        for v in ("v1.0", "beta"):
            cat.setdefault((v, path.lower()), set()).update(methods)
    return {k: v for k, v in cat.items() if v}


def check(rows, cat):
    problems = []
    seen = {}
    for i, r in enumerate(rows):
        where = f"#{i} {r.get('name', '?')}"
        if not isinstance(r, dict):
            problems.append(f"{where}: not an object")
            continue
        extra = set(r) - FIELDS
        missing = REQUIRED - set(r)
        if extra:
            problems.append(f"{where}: unknown field(s) {sorted(extra)}")
        if missing:
            problems.append(f"{where}: missing field(s) {sorted(missing)}")
            continue
        name, ver, method, path = r["name"], r["version"], r["method"], r["path"]
        key, member = r.get("key"), r.get("member_path")
        if ver not in ("v1.0", "beta"):
            problems.append(f"{where}: version {ver!r} is not v1.0 or beta")
        m = NAME_RE.match(name)
        if not m:
            problems.append(f"{where}: name does not follow Verb-Mg[Beta]... with a verb in {VERBS}")
        elif bool(m.group(2)) != (ver == "beta"):
            problems.append(f"{where}: name prefix {'MgBeta' if m.group(2) else 'Mg'} does not fit version {ver}")
        low = name.lower()
        if low in seen:
            problems.append(f"{where}: duplicate name (also row #{seen[low]})")
        seen[low] = i
        if method not in METHODS:
            problems.append(f"{where}: method {method!r} is not an HTTP method")
        for label, p in (("path", path), ("member_path", member)):
            if p is None:
                continue
            bad = [s for s in re.findall(r"\{[^}]*\}", p) if s != "{id}"]
            if bad:
                problems.append(f"{where}: {label} {p} writes a key other than {{id}}: {bad}")
            methods = cat.get((ver, p.lower()))
            if methods is None:
                problems.append(f"{where}: {label} {p} is not in the catalog for {ver}")
            elif method not in methods:
                problems.append(f"{where}: {method} is not among the methods {sorted(methods)} of {ver} {p}")
        if key is not None and not KEY_RE.match(key):
            problems.append(f"{where}: key {key!r} is not a parameter name (no dash, PascalCase)")
        if member is not None:
            if key is None:
                problems.append(f"{where}: member_path without key")
            if member != path + "/{id}":
                problems.append(f"{where}: member_path {member} is not path + '/{{id}}'")
        elif key is not None and "{id}" not in path:
            problems.append(f"{where}: key {key} given but neither member_path nor an {{id}} in path")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cmdlets", nargs="?", default=str(ROOT / "server" / "core" / "data" / "cmdlets.json"))
    ap.add_argument("--data", default=str(ROOT / "server" / "core" / "data"))
    args = ap.parse_args()
    doc = json.loads(Path(args.cmdlets).read_text(encoding="utf-8"))
    problems = []
    if not isinstance(doc, dict) or set(doc) != {"about", "cmdlets"}:
        problems.append("top level must be an object with exactly 'about' and 'cmdlets'")
    elif not isinstance(doc["about"], str) or not doc["about"].strip():
        problems.append("'about' must be a non-empty string")
    rows = doc.get("cmdlets", []) if isinstance(doc, dict) else []
    if not isinstance(rows, list) or not rows:
        problems.append("'cmdlets' must be a non-empty list")
        rows = []
    problems += check(rows, load_catalog(args.data))
    counts = {v: sum(1 for r in rows if isinstance(r, dict) and r.get("version") == v) for v in ("v1.0", "beta")}
    if problems:
        for p in problems:
            print("FAIL", p)
        print(f"{len(problems)} problem(s) in {len(rows)} rows")
        return 1
    print(f"OK: {len(rows)} cmdlets (v1.0 {counts['v1.0']}, beta {counts['beta']}); every path/member_path and method found in the catalog's facts in {args.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
