#!/usr/bin/env python3
"""Build server/data/catalog.json, claimcheck's built-in permission catalog.

Usage: tools/gen-catalog.py [REFERENCE_DIR] [-o OUTPUT]

REFERENCE_DIR defaults to ../shared/reference relative to the repository root and must hold
graph_security_endpoints.json and security-paths.json. OUTPUT defaults to
server/data/catalog.json. The output is sorted and byte-for-byte reproducible, so a rerun on the
same reference data leaves git clean.

Only facts (permission names, path templates, methods, role ids) are carried over; none of the
reference's prose is.
"""

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VERSIONS = ("v1.0", "beta")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

ABOUT = (
    "claimcheck permission catalog, built by tools/gen-catalog.py from the reference data; "
    "rerun it rather than editing by hand when the reference changes. "
    "paths: one object per path template, every key segment written {id}. "
    "\"v1.0\" and \"beta\" list the methods the path supports in that version. "
    "A method key (GET, POST, PUT, PATCH, DELETE) holds what that call needs: delegated and "
    "application list the accepted permissions, least privileged first; least_delegated and "
    "least_application are the set to recommend (default: the first entry); two empty lists "
    "mean Microsoft publishes no permission for the call; versions limits the row to some "
    "versions; inferred marks permissions filled in by analogy; deprecated names the replacement "
    "call and its permissions (path_fix false: say it, do not rewrite the URL). "
    "A --catalog file in this format overrides the rows it matches."
)

# Deprecated legacy-alert calls and what replaces them, keyed by (method, path). Kept here rather
# than derived because the replacement of updateAlerts is a different method on a member path,
# which no rule can guess; the script fails if the reference marks anything else deprecated.
REPLACEMENTS = {
    ("GET", "/security/alerts"): ("GET", "/security/alerts_v2", ["SecurityAlert.Read.All"], True),
    ("GET", "/security/alerts/{id}"): ("GET", "/security/alerts_v2/{id}", ["SecurityAlert.Read.All"], True),
    ("PATCH", "/security/alerts/{id}"): ("PATCH", "/security/alerts_v2/{id}", ["SecurityAlert.ReadWrite.All"], True),
    # A batch action has no one-to-one URL in alerts_v2: the fix is a PATCH per alert, so the
    # message names it but a code action must not rewrite the URL.
    ("POST", "/security/alerts/updateAlerts"): ("PATCH", "/security/alerts_v2/{id}", ["SecurityAlert.ReadWrite.All"], False),
}

# Segment spellings in rows flagged source_anomaly that are typos of a real navigation. Only
# applied to flagged rows, so a real path is never rewritten by accident.
ANOMALY_SEGMENT_FIXES = {
    "emailthreatsubmissionpolices": "emailThreatSubmissionPolicies",
}

KEY_RE = re.compile(r"\{[^{}/]*\}")
# name(args) with non-empty args: a function call with arguments or an alternate key.
CALL_RE = re.compile(r"^([^()]+)\((.+)\)$")


def die(msg):
    sys.exit(f"gen-catalog: {msg}")


def match_key(path):
    """Case- and parenthesis-insensitive key: Graph matches segments without regard to case, and
    permissions.json writes functions without the () the schema-derived paths carry."""
    return path.lower().replace("()", "")


def load(ref_dir, name):
    p = ref_dir / name
    try:
        with open(p, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        die(f"cannot read {p}: {e.strerror}")
    except json.JSONDecodeError as e:
        die(f"{p} is not valid JSON: {e}")


def known_paths(paths_doc):
    """{version: {match_key: {"path": canonical, "methods": set}}} from security-paths.json."""
    known = {v: {} for v in VERSIONS}
    for row in paths_doc["paths"]:
        version, path = row["version"], row["path"]
        if version not in known:
            die(f"security-paths.json: unknown version {version!r}")
        segs = path.split("/")
        # The SDK's alternate-key rows (approvers(userPrincipalName='{x}')) address the same
        # member as approvers/{id}; folding them keeps one row per addressable thing, and the
        # catalog's lookup turns name('key') into name/{id} anyway.
        m = CALL_RE.match(segs[-1])
        if m and "=" in m.group(2):
            segs[-1:] = [m.group(1), "{id}"]
            path = "/".join(segs)
        path = KEY_RE.sub("{id}", path)
        methods = set(row["methods"])
        bad = methods - set(METHODS)
        if bad:
            die(f"security-paths.json: {path}: unknown methods {sorted(bad)}")
        entry = known[version].setdefault(match_key(path), {"path": path, "methods": set()})
        entry["methods"] |= methods
    return known


def normalise_row_path(row):
    path = KEY_RE.sub("{id}", row["path"])
    segs = path.split("/")
    # permissions.json sometimes spells a function with its argument list
    # (computeInheritance(labelIds={labelIds},...)); the template is the bare function.
    segs = [CALL_RE.sub(r"\1()", s) if CALL_RE.match(s) else s for s in segs]
    if row.get("source_anomaly"):
        segs = [ANOMALY_SEGMENT_FIXES.get(s.lower(), s) for s in segs]
    return "/".join(segs)


def least_and_order(method, path, accepted, least):
    """Apply the corrections to the source's least-privileged flags; return (ordered, least)."""
    accepted = list(accepted)
    least = [p for p in least if p in accepted]
    lower = path.lower()
    if lower.startswith("/security/auditlog/queries") and accepted and all(
        p.startswith("AuditLogsQuery") for p in accepted
    ):
        # The per-service AuditLogsQuery-* scopes are alternatives: which one suffices depends on
        # the serviceFilters of the query body, which a static check cannot see. The source flags
        # only the Entra one; every one of them must count as least privileged, or a token holding
        # AuditLogsQuery-Exchange.Read.All would be called over-privileged.
        least = list(accepted)
    if (
        lower.startswith("/security/cases/")
        and method != "GET"
        and "eDiscovery.ReadWrite.All" in accepted
    ):
        # The source flags eDiscovery.Read.All as least even for writes, which looks like an
        # artefact of its generator; the write calls are documented with ReadWrite. Recommend
        # ReadWrite, but keep Read.All accepted because the source does accept it.
        least = ["eDiscovery.ReadWrite.All"]
    if accepted and not least:
        # threatSubmission's delegated lists carry no least flag at all; the source orders
        # least privileged first, so the first entry is the one to recommend.
        least = [accepted[0]]
    ordered = [p for p in accepted if p in least] + [p for p in accepted if p not in least]
    return ordered, [p for p in ordered if p in least]


def build(ref_dir):
    endpoints_doc = load(ref_dir, "graph_security_endpoints.json")
    paths_doc = load(ref_dir, "security-paths.json")
    known = known_paths(paths_doc)

    # catalog: match_key -> {"path", "versions": {v: set(methods)}, "rows": {method: {v: entry}}}
    catalog = {}

    def slot(key, path):
        return catalog.setdefault(key, {"path": path, "versions": {}, "rows": {}})

    for version in VERSIONS:
        for key, k in known[version].items():
            slot(key, k["path"])["versions"].setdefault(version, set()).update(k["methods"])

    for row in endpoints_doc["endpoints"]:
        version, method = row["version"], row["method"]
        if version not in VERSIONS or method not in METHODS:
            die(f"endpoint row {version} {method} {row['path']}: unknown version or method")
        path = normalise_row_path(row)
        key = match_key(path)
        # Canonical casing comes from the schema-derived paths file: permissions.json stores many
        # paths in lower case. Prefer the same version, then the other.
        canon = known[version].get(key) or known["beta" if version == "v1.0" else "v1.0"].get(key)
        if canon:
            path = canon["path"]
        elif row.get("source_anomaly"):
            die(f"source_anomaly row {row['path']} does not normalise to a known path")
        entry = slot(key, path)
        entry["versions"].setdefault(version, set()).add(method)

        delegated, d_least = least_and_order(
            method, path, row["delegated_work"], row["least_privileged"]["delegated_work"]
        )
        application, a_least = least_and_order(
            method, path, row["application"], row["least_privileged"]["application"]
        )
        out = {
            "delegated": delegated,
            "least_delegated": d_least,
            "application": application,
            "least_application": a_least,
        }
        if row.get("inferred"):
            out["inferred"] = True
        if row.get("deprecated"):
            rep = REPLACEMENTS.get((method, path))
            if rep is None:
                die(f"{method} {path} is deprecated but has no replacement in REPLACEMENTS")
            out["deprecated"] = {
                "method": rep[0],
                "replacement": rep[1],
                "permissions": rep[2],
                "path_fix": rep[3],
            }
        rows = entry["rows"].setdefault(method, {})
        if version in rows and rows[version] != out:
            die(f"{version} {method} {path}: two different rows normalise to the same call")
        rows[version] = out

    roles = endpoints_doc["roles"]
    for name, rid in roles.items():
        if not re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", rid):
            die(f"role {name}: {rid!r} is not a template id")
    return catalog, roles


def method_entries(entry):
    """One entry per method; `versions` only where the row does not cover every version that
    lists the method, so the common both-versions row is written once."""
    out = []
    for method in METHODS:
        rows = entry["rows"].get(method)
        if not rows:
            continue
        distinct = {json.dumps(r, sort_keys=True) for r in rows.values()}
        if len(distinct) != 1:
            # The format has one entry per method; the reference has never differed by version.
            die(f"{method} {entry['path']}: permissions differ between versions")
        row = dict(next(iter(rows.values())))
        listing = {v for v, ms in entry["versions"].items() if method in ms}
        if set(rows) != listing:
            row = {"versions": [v for v in VERSIONS if v in rows], **row}
        out.append((method, row))
    return out


def dump(value):
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def render(catalog, roles):
    lines = ["{", f'  "about": {dump(ABOUT)},', '  "format": 1,', '  "roles": {']
    role_items = sorted(roles.items())
    for i, (name, rid) in enumerate(role_items):
        comma = "," if i + 1 < len(role_items) else ""
        lines.append(f"    {dump(name)}: {dump(rid)}{comma}")
    lines.append("  },")
    lines.append('  "paths": {')
    entries = sorted(catalog.values(), key=lambda e: (e["path"].lower(), e["path"]))
    for i, entry in enumerate(entries):
        comma = "," if i + 1 < len(entries) else ""
        versions = ", ".join(
            f"{dump(v)}: {dump([m for m in METHODS if m in entry['versions'][v]])}"
            for v in VERSIONS
            if v in entry["versions"]
        )
        methods = method_entries(entry)
        if not methods:
            lines.append(f"    {dump(entry['path'])}: {{{versions}}}{comma}")
            continue
        lines.append(f"    {dump(entry['path'])}: {{")
        lines.append(f"      {versions},")
        for j, (method, row) in enumerate(methods):
            inner = "," if j + 1 < len(methods) else ""
            lines.append(f"      {dump(method)}: {dump(row)}{inner}")
        lines.append(f"    }}{comma}")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", nargs="?", default=str(REPO.parent / "shared" / "reference"))
    ap.add_argument("-o", "--output", default=str(REPO / "server" / "data" / "catalog.json"))
    args = ap.parse_args()
    catalog, roles = build(Path(args.reference))
    text = render(catalog, roles)
    json.loads(text)  # the hand-rolled layout must still be JSON
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    with_rows = sum(1 for e in catalog.values() if e["rows"])
    per_version = {v: sum(1 for e in catalog.values() if v in e["versions"]) for v in VERSIONS}
    print(
        f"wrote {out}: {len(catalog)} path templates "
        f"(v1.0 {per_version['v1.0']}, beta {per_version['beta']}), {with_rows} with permissions",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
