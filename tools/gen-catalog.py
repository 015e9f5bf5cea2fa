#!/usr/bin/env python3
"""Extract the facts claimcheck's built-in permission catalog is compiled from.

Usage: tools/gen-catalog.py REFERENCE_DIR [-o DATA_DIR]

REFERENCE_DIR holds Microsoft's Graph permission map and the /security reference:
devx-permissions.json, devx-provisioning.json, devx-permissions.LICENSE,
graph_security_endpoints.json and security-paths.json. DATA_DIR defaults to server/core/data of
this repository. Writes there, sorted and byte-for-byte reproducible (a rerun on the same
reference leaves git clean):

  graph-permissions.json   every path of the Graph permission map, per method, the permissions
                           of each scheme with the map's least= and AlsoRequires markers, and
                           per permission its privilege level, admin-consent flag and GUID
                           (claimcheck format 2);
  security-permissions.json the /security layer: permissions, roles, deprecations and every
                           known /security path per version (claimcheck format 1);
  LICENSE-graph-permission-map.txt  the MIT notice of Microsoft's map, copied.

Only facts are carried over (names, path templates, methods, markers, levels, flags, GUIDs, role
ids); none of the references' description sentences are. The build (server/core/build.rs)
compiles these files into tables; nothing in the build or the tests reads REFERENCE_DIR.
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
    "claimcheck's /security layer (format 1), extracted by tools/gen-catalog.py from the /security "
    "reference; rerun it rather than editing by hand when the reference changes. "
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




# ---------------------------------------------------------------------------------------------
# The Graph permission map (format 2)
# ---------------------------------------------------------------------------------------------

MAP_ABOUT = (
    "Every path of Microsoft's Graph permission map (microsoft-graph-devx-content "
    "permissions/new/permissions.json and provisioningInfo.json; MIT, see "
    "LICENSE-graph-permission-map.txt), extracted by tools/gen-catalog.py; rerun it rather than "
    "editing by hand. claimcheck format 2. permissions: per name, per scheme (delegated = "
    "DelegatedWork, personal = DelegatedPersonal, application = Application) the privilege level, "
    "whether admin consent is required and the permission's GUID in Microsoft Graph's app "
    "registration (delegated: Scope id, application: Role id); rsc marks resource-specific consent. "
    "paths: one object per path template (keys written {id}, query, spaces and trailing slash "
    "trimmed, spellings that differ only in case merged), per method the accepted permissions of "
    "each scheme (sorted by name), least_<scheme> the map's least= markers, and also_requires the "
    "map's AlsoRequires markers (permission -> any one of these is needed as well). The catalog "
    "orders each list least privileged first: the marked ones by privilege level then name, else "
    "all of them in that order."
)

SCHEME_KEYS = {"DelegatedWork": "delegated", "DelegatedPersonal": "personal", "Application": "application"}
KINDS = ("delegated", "application", "personal")
GRAPH_APP_IDS = ("", "00000003-0000-0000-c000-000000000000")
GUID_RE = re.compile(r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


def map_key(path):
    """The map's path as one template: query, spaces and trailing slash trimmed, every key {id}."""
    p = path.split("?", 1)[0].replace(" ", "").strip()
    while len(p) > 1 and p.endswith("/"):
        p = p[:-1]
    if not p.startswith("/"):
        die(f"map path {path!r} does not start with '/'")
    p = KEY_RE.sub("{id}", p)
    # A segment written as a bare parenthesised key, /teams/(team-id)/channels.
    p = re.sub(r"/\([^()/]*\)(?=/|$)", "/{id}", p)
    return p


def spelling_rank(text):
    """The preferred spelling among case variants: Graph's camelCase over the map's lower-case
    copies (more capitals first), then the alphabetically first."""
    return (-sum(1 for c in text if c.isupper()), text)


WORD_RE = re.compile(r"\{[^{}]*\}|[A-Za-z0-9_]+")


def segment_spellings(paths):
    """Per lower-cased word, its preferred spelling anywhere in the map: the map writes many
    paths in lower case only (/serviceprincipals(appid={id})) while others spell the same words
    (/servicePrincipals/{id}/owners, appId)."""
    seen = {}
    for slot in paths.values():
        for spelling in slot["spellings"]:
            for word in WORD_RE.findall(spelling):
                if not word.startswith("{"):
                    seen.setdefault(word.lower(), set()).add(word)
    return {low: min(variants, key=spelling_rank) for low, variants in seen.items()}


def canonical(path, spellings):
    return WORD_RE.sub(lambda m: m.group(0) if m.group(0).startswith("{") else spellings.get(m.group(0).lower(), m.group(0)), path)


def flags_of(text, where):
    least, also = set(), []
    for part in filter(None, (x.strip() for x in text.split(";"))):
        key, _, value = part.partition("=")
        if key == "least":
            least |= {v.strip() for v in value.split(",") if v.strip()}
        elif key == "AlsoRequires":
            also = sorted({v.strip() for v in value.split(",") if v.strip()})
        else:
            die(f"{where}: unknown marker {part!r}")
    bad = least - set(SCHEME_KEYS)
    if bad:
        die(f"{where}: least= names unknown schemes {sorted(bad)}")
    return least, also


def graph_ids(provisioning):
    """{name: {kind: GUID}} for permissions of the Microsoft Graph resource in the public cloud."""
    out = {}
    for name, rows in provisioning["permissionDeployments"].items():
        for r in rows:
            if r.get("resourceAppId", "") not in GRAPH_APP_IDS or not r.get("id"):
                continue
            envs = {e.strip().lower() for e in r.get("environment", "").split(";")}
            if envs != {""} and "public" not in envs:
                continue
            kind = SCHEME_KEYS.get(r.get("scheme"))
            if kind is None:
                die(f"provisioning {name}: unknown scheme {r.get('scheme')!r}")
            rid = r["id"].lower()
            if not GUID_RE.match(rid):
                die(f"provisioning {name}: {r['id']!r} is not a GUID")
            seen = out.setdefault(name, {}).get(kind)
            if seen and seen != rid:
                die(f"provisioning {name} {kind}: two ids {seen} and {rid}")
            out[name][kind] = rid
    return out


def canonical_names(names, ids):
    """The map spells a few permissions twice, differing only in case
    (Calls.JoinGroupCallasGuest.All beside Calls.JoinGroupCallAsGuest.All); Graph compares names
    ignoring case. Each spelling maps to one: the one Microsoft provisions, else the one with the
    most capitals, else the alphabetically first."""
    groups = {}
    for n in names:
        groups.setdefault(n.lower(), []).append(n)
    out = {}
    for variants in groups.values():
        best = min(variants, key=lambda n: (n not in ids, spelling_rank(n)))
        for n in variants:
            out[n] = best
    return out


def build_map(ref_dir, excluded):
    doc = load(ref_dir, "devx-permissions.json")
    ids = graph_ids(load(ref_dir, "devx-provisioning.json"))
    canon = canonical_names(doc["permissions"], ids)
    perms = {}
    # lower-cased key -> {"spellings": set, "methods": {method: {kind: {name: [least, also]}}}}
    paths = {}
    dropped = set()
    for spelled, perm in sorted(doc["permissions"].items(), key=lambda kv: canon[kv[0]] != kv[0]):
        name = canon[spelled]
        entry = perms.setdefault(name, {})
        if perm.get("authorizationType") == "RSC":
            entry["rsc"] = True
        elif perm.get("authorizationType") not in (None, "oAuth2"):
            die(f"{name}: unknown authorizationType {perm.get('authorizationType')!r}")
        for scheme, info in perm.get("schemes", {}).items():
            kind = SCHEME_KEYS.get(scheme)
            if kind is None:
                die(f"{name}: unknown scheme {scheme!r}")
            facts = entry.setdefault(kind, {})
            if isinstance(info.get("privilegeLevel"), int):
                facts.setdefault("level", info["privilegeLevel"])
            if isinstance(info.get("requiresAdminConsent"), bool):
                facts.setdefault("admin", info["requiresAdminConsent"])
            if kind != "personal" and kind in ids.get(name, {}):
                facts["id"] = ids[name][kind]
        for ps in perm.get("pathSets", []):
            kinds = []
            for scheme in ps.get("schemeKeys", []):
                if scheme not in perm.get("schemes", {}):
                    die(f"{name}: path set scheme {scheme} is not among the permission's schemes")
                kinds.append((scheme, SCHEME_KEYS[scheme]))
            methods = ps.get("methods", [])
            for m in methods:
                if m not in METHODS:
                    die(f"{name}: unknown method {m!r}")
            for raw, marker in ps.get("paths", {}).items():
                key = map_key(raw)
                if match_key(key) in excluded:
                    dropped.add(key)
                    continue
                least, also = flags_of(marker, f"{name} {raw}")
                slot = paths.setdefault(key.lower(), {"spellings": set(), "methods": {}})
                slot["spellings"].add(key)
                read_only = set(methods) <= {"GET"}
                for m in methods:
                    by_kind = slot["methods"].setdefault(m, {})
                    for scheme, kind in kinds:
                        e = by_kind.setdefault(kind, {}).get(name)
                        marked = scheme in least
                        mine = [marked, set(also), marked and read_only]
                        if e is None:
                            by_kind[kind][name] = mine
                        else:
                            # The same permission twice for one call (case variants, two path
                            # sets): marked least if either says so; AlsoRequires only where both do.
                            e[0] = e[0] or mine[0]
                            e[1] = e[1] & mine[1]
                            e[2] = e[2] or mine[2]
    # Provisioned Graph permissions without any path still need their GUIDs (app registrations),
    # except where the GUID belongs to a permission of the map under another name (the
    # provisioning lists CloudApp-Disc.Read.All beside CloudApp-Discovery.Read.All with one id):
    # a GUID names one permission.
    mapped = {kind: {f.get("id") for e in perms.values() for k, f in e.items() if k == kind} for kind in KINDS}
    for name, by_kind in ids.items():
        if name in perms:
            continue
        for kind, rid in by_kind.items():
            if rid in mapped[kind]:
                continue
            perms.setdefault(name, {}).setdefault(kind, {})["id"] = rid
    return perms, paths, dropped


def map_method_entry(method, by_kind):
    """One call's facts. The map marks least= per path of a path set, and a path set may list
    several methods: Mail.ReadWrite's set for /me/messages lists GET and POST and marks the path
    least for the POST. For a GET, where a set that lists only GET marks some permission, the
    markers of sets that also list writes do not count (GET /me/messages: Mail.ReadBasic, not
    Mail.ReadWrite)."""
    out = {}
    also_out = {}
    for kind in KINDS:
        names = by_kind.get(kind, {})
        if not names:
            continue
        out[kind] = sorted(names)
        read_marked = sorted(n for n, (_, _, r) in names.items() if r)
        if method == "GET" and read_marked:
            least = read_marked
        else:
            least = sorted(n for n, (l, _, _) in names.items() if l)
        if least:
            out[f"least_{kind}"] = least
        also = {n: sorted(a) for n, (_, a, _) in sorted(names.items()) if a}
        if also:
            also_out[kind] = also
    if also_out:
        out["also_requires"] = also_out
    return out


def render_map(perms, paths):
    lines = ["{", f'  "about": {dump(MAP_ABOUT)},', '  "format": 2,', '  "permissions": {']
    items = sorted(perms.items(), key=lambda kv: (kv[0].lower(), kv[0]))
    for i, (name, entry) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        ordered = {k: entry[k] for k in ("rsc", *KINDS) if k in entry}
        lines.append(f"    {dump(name)}: {dump(ordered)}{comma}")
    lines.append("  },")
    lines.append('  "paths": {')
    spellings = segment_spellings(paths)
    rows = sorted(((canonical(min(s["spellings"], key=spelling_rank), spellings), s) for s in paths.values()), key=lambda r: (r[0].lower(), r[0]))
    for i, (path, slot) in enumerate(rows):
        comma = "," if i + 1 < len(rows) else ""
        methods = {m: map_method_entry(m, slot["methods"][m]) for m in METHODS if m in slot["methods"]}
        lines.append(f"    {dump(path)}: {dump(methods)}{comma}")
    lines.append("  }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", help="folder holding the reference files")
    ap.add_argument("-o", "--output", default=str(REPO / "server" / "core" / "data"), help="data folder to write")
    args = ap.parse_args()
    ref = Path(args.reference)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)

    catalog, roles = build(ref)
    text = render(catalog, roles)
    json.loads(text)  # the hand-rolled layout must still be JSON
    (out / "security-permissions.json").write_text(text, encoding="utf-8")
    with_rows = sum(1 for e in catalog.values() if e["rows"])
    per_version = {v: sum(1 for e in catalog.values() if v in e["versions"]) for v in VERSIONS}
    print(
        f"security-permissions.json: {len(catalog)} path templates "
        f"(v1.0 {per_version['v1.0']}, beta {per_version['beta']}), {with_rows} with permissions",
        file=sys.stderr,
    )

    # The map's /security paths that the security reference shows do not exist, and which the
    # /security layer does not carry either (where it does, it wins anyway).
    excluded = {match_key(map_key(e["path"])) for e in load(ref, "security-paths.json")["excluded_permission_paths"]}
    excluded -= set(catalog)
    perms, paths, dropped = build_map(ref, excluded)
    text = render_map(perms, paths)
    json.loads(text)
    (out / "graph-permissions.json").write_text(text, encoding="utf-8")
    calls = sum(len(s["methods"]) for s in paths.values())
    print(
        f"graph-permissions.json: {len(paths)} path templates, {calls} calls, {len(perms)} permissions; "
        f"left out {len(dropped)} /security paths that do not exist: "
        + ", ".join(sorted(dropped)),
        file=sys.stderr,
    )

    try:
        licence = (ref / "devx-permissions.LICENSE").read_text(encoding="utf-8")
    except OSError as e:
        die(f"cannot read {ref / 'devx-permissions.LICENSE'}: {e.strerror}")
    (out / "LICENSE-graph-permission-map.txt").write_text(licence, encoding="utf-8")


if __name__ == "__main__":
    main()
