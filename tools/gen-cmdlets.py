#!/usr/bin/env python3
"""Derive the Microsoft Graph PowerShell cmdlets of the main modules, with the call each makes,
from the module's own sources, and merge them into server/core/data/cmdlets.json.

Usage: tools/gen-cmdlets.py SDK_DIR [--commit SHA] [-o CMDLETS_JSON]

SDK_DIR is a checkout of microsoftgraph/msgraph-sdk-powershell (MIT). Read from it, per module
and version (v1.0, beta):
  openApiDocs/<version>/<Module>.yml     the OpenAPI document the module's cmdlets are generated
                                         from: per path and method, the operationId;
  src/<Module>/<version>/examples/*.md   one file per cmdlet the module exports: its names.

The module's generator (AutoRest PowerShell) names a cmdlet after its operationId
(`user.mailFolder_ListChildFolder` → Get-MgUserMailFolderChildFolder: the groups before `_`, then
the operation's noun; List and Get → Get, Create → New, Update → Update, Delete → Remove; beta
modules insert `Beta`). A derived name is kept only when the module exports a cmdlet of exactly
that name, and only for calls of Microsoft's permission map (server/core/data/graph-permissions.json),
so every row is both a real cmdlet and a call claimcheck can check. A List and a Get of one
collection are one cmdlet: without its key parameter (`-MessageId`, the last path parameter in
PascalCase) it lists, with it it gets one member.

Only facts are written (name, version, method, path, key); rows under /security are left to the
curated rows already in the file. The output is sorted and reproducible.
"""

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODULES = ("Users", "Groups", "Mail", "Calendar", "Files", "Sites", "Teams", "Applications", "Identity.SignIns")
VERSIONS = ("v1.0", "beta")
VERBS = {"List": "Get", "Get": "Get", "Create": "New", "Update": "Update", "Delete": "Remove"}
METHODS = {"get", "post", "put", "patch", "delete"}
KEY_RE = re.compile(r"\{[^{}]*\}")


def die(msg):
    sys.exit(f"gen-cmdlets: {msg}")


def operations(yml):
    """(method, path, operationId, operation type) of an OpenAPI document, read line by line (the
    documents are machine-written with a fixed layout)."""
    path = method = None
    op = None
    out = []
    for line in yml.splitlines():
        m = re.match(r"^  '?(/[^']*?)'?:\s*$", line)
        if m:
            path, method = m.group(1), None
            continue
        m = re.match(r"^    (get|post|put|patch|delete):\s*$", line)
        if m and path:
            method = m.group(1)
            op = None
            continue
        m = re.match(r"^      operationId: (\S+)\s*$", line)
        if m and method:
            op = m.group(1)
            continue
        m = re.match(r"^      x-ms-docs-operation-type: (\S+)\s*$", line)
        if m and method and op:
            out.append((method.upper(), path, op, m.group(1)))
            op = None
    return out


def pascal(s):
    return s[:1].upper() + s[1:]


def cmdlet_name(op_id, beta):
    """AutoRest's name for a CRUD operation id, or None for another kind of operation."""
    if "_" not in op_id:
        return None
    groups, operation = op_id.split("_", 1)
    m = re.match(r"^(List|Get|Create|Update|Delete)([A-Z]\w*)?$", operation)
    if not m:
        return None
    verb, noun = VERBS[m.group(1)], m.group(2) or ""
    parts = [pascal(g) for g in groups.split(".")]
    subject = "".join(parts)
    # user_GetUser → Get-MgUser, security.attackSimulation_ListSimulation →
    # Get-MgSecurityAttackSimulation: a noun the subject already ends with is said once.
    if noun and not subject.endswith(noun):
        subject += noun
    return f"{verb}-Mg{'Beta' if beta else ''}{subject}"


def template(path):
    return KEY_RE.sub("{id}", path)


def key_parameter(path):
    """The cmdlet parameter for the path's last key: {message-id} → MessageId."""
    keys = KEY_RE.findall(path)
    if not keys or not path.endswith(keys[-1]):
        return None
    name = keys[-1][1:-1]
    name = re.sub(r"\d+$", "", name)
    return "".join(pascal(p) for p in re.split(r"[-_]", name) if p)


def map_calls():
    doc = json.loads((REPO / "server" / "core" / "data" / "graph-permissions.json").read_text(encoding="utf-8"))
    calls = set()
    for path, methods in doc["paths"].items():
        for m in methods:
            calls.add((m, path.lower()))
    return calls


def derive(sdk_dir, calls):
    # (name, method, version) -> every (template, key) the rule names so.
    candidates = {}
    stats = {"operations": 0, "named": 0, "exported": 0, "in_map": 0, "ambiguous": 0}
    for module in MODULES:
        for version in VERSIONS:
            beta = version == "beta"
            yml = sdk_dir / "openApiDocs" / version / f"{module}.yml"
            examples = sdk_dir / "src" / module / version / "examples"
            try:
                text = yml.read_text(encoding="utf-8")
            except OSError as e:
                die(f"cannot read {yml}: {e.strerror}")
            if not examples.is_dir():
                die(f"no {examples}")
            exported = {p.stem for p in examples.glob("*.md")}
            for method, path, op_id, kind in operations(text):
                if kind != "operation":
                    continue
                stats["operations"] += 1
                name = cmdlet_name(op_id, beta)
                if name is None:
                    continue
                stats["named"] += 1
                if name not in exported:
                    continue
                stats["exported"] += 1
                t = template(path)
                if t.startswith("/security") or (method, t.lower()) not in calls:
                    continue
                stats["in_map"] += 1
                candidates.setdefault((name, method, version), []).append((t, key_parameter(path)))
    out = []
    for (name, method, version), found in sorted(candidates.items()):
        shapes = {t[: -len("/{id}")] if t.endswith("/{id}") else t for t, _ in found}
        if len(shapes) > 1:
            # Two operations the rule names alike (a singleton and a collection, a collection and a
            # nested one of the same type): the module renames all but one. The one kept is the
            # shortest collection (a path with a member form), when there is exactly one.
            collections = [
                c for c in shapes if any(t == c + "/{id}" for t, _ in found) or method != "GET"
            ]
            shortest = min((c.count("/") for c in collections), default=None)
            best = [c for c in collections if c.count("/") == shortest]
            if len(best) != 1:
                stats["ambiguous"] += 1
                continue
            found = [(t, k) for t, k in found if t in (best[0], best[0] + "/{id}")]
        row = {"name": name, "version": version, "method": method}
        collection = [t for t, _ in found if not t.endswith("{id}")]
        members = [(t, k) for t, k in found if t.endswith("{id}")]
        if method == "GET" and collection and members and members[0][0] == collection[0] + "/{id}" and members[0][1]:
            row.update(path=collection[0], key=members[0][1], member_path=members[0][0])
        elif collection:
            row["path"] = collection[0]
        else:
            row["path"] = members[0][0]
            if members[0][1]:
                row["key"] = members[0][1]
        out.append(row)
    return out, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sdk_dir", help="a checkout of microsoftgraph/msgraph-sdk-powershell")
    ap.add_argument("--commit", required=True, help="the commit of that checkout, recorded in the output")
    ap.add_argument("-o", "--output", default=str(REPO / "server" / "core" / "data" / "cmdlets.json"))
    args = ap.parse_args()
    out = Path(args.output)
    doc = json.loads(out.read_text(encoding="utf-8"))
    curated = [r for r in doc["cmdlets"] if r["path"].startswith("/security")]
    derived, stats = derive(Path(args.sdk_dir), map_calls())
    names = {r["name"].lower() for r in curated}
    derived = [r for r in derived if r["name"].lower() not in names]
    order = ("name", "version", "method", "path", "key", "member_path")
    rows = curated + sorted(derived, key=lambda r: (r["name"].lower(), r["method"]))
    about = doc["about"].split(" Cmdlets outside /security:")[0] + (
        " Cmdlets outside /security: derived by tools/gen-cmdlets.py from the module sources of "
        f"microsoftgraph/msgraph-sdk-powershell@{args.commit} (MIT; openApiDocs/<version>/<Module>.yml "
        "for each cmdlet's operation, src/<Module>/<version>/examples for the names the module exports) "
        f"for the modules {', '.join(MODULES)}, each row a cmdlet the module exports and a call of "
        "Microsoft's permission map."
    )
    lines = ["{" + f'"about": {json.dumps(about)},', ' "cmdlets": [']
    for i, r in enumerate(rows):
        comma = "," if i + 1 < len(rows) else ""
        lines.append("  " + json.dumps({k: r[k] for k in order if k in r}) + comma)
    lines.append(" ]")
    lines.append("}")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{out}: {len(curated)} curated /security rows, {len(derived)} derived rows "
        f"({stats['operations']} CRUD operations, {stats['named']} named, {stats['exported']} exported, "
        f"{stats['in_map']} in the permission map, {stats['ambiguous']} left out as ambiguous)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
