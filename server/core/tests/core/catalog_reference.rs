//! The built-in catalog against the facts it is compiled from, read here independently of the
//! catalog's loaders: `data/graph-permissions.json` (Microsoft's Graph permission map) for every
//! row of both kinds, and `data/security-permissions.json` (the `/security` layer) for every
//! `/security` row and known path. Also the Graph Explorer loader against the same map written in
//! Microsoft's own format. Nothing here reads outside the repository.

use std::collections::{BTreeMap, BTreeSet};

use claimcheck_core::catalog::{Catalog, Endpoint, Lookup, Scheme};
use claimcheck_core::types::{Method, Version};
use serde_json::{json, Map, Value};

const MAP: &str = include_str!("../../data/graph-permissions.json");
const SECURITY: &str = include_str!("../../data/security-permissions.json");

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/// The map's schemes as the facts file names them, with the catalog's.
const SCHEMES: [(&str, Scheme); 3] =
    [("delegated", Scheme::Delegated), ("application", Scheme::Application), ("personal", Scheme::Personal)];

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("the facts file is JSON")
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|s| s.as_str().expect("a name").to_owned()).collect()).unwrap_or_default()
}

/// A template as a URL path would write it: key segments placeholders, and a colon path closed
/// before the segments after it (the map writes `root:/{id}/assignSensitivityLabel` where a URL
/// must write `root:/{id}:/assignSensitivityLabel`).
fn lookup_form(template: &str) -> String {
    let segs: Vec<&str> = template.split('/').collect();
    let mut out: Vec<String> = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        let seg = segs[i];
        out.push(if seg == "{id}" { "{}".to_owned() } else { seg.replace("{id}:", "{}:") });
        if seg.ends_with(':') && i + 1 < segs.len() {
            // The colon path runs to the segment that closes it; where none does, it is the one
            // segment after the colon, closed there.
            match (i + 1..segs.len()).find(|&j| segs[j].ends_with(':')) {
                Some(j) => {
                    out.extend(segs[i + 1..=j].iter().map(|s| s.replace("{id}", "{}")));
                    i = j;
                }
                None => {
                    let next = segs[i + 1].replace("{id}", "{}");
                    out.push(if i + 2 == segs.len() { next } else { format!("{next}:") });
                    i += 1;
                }
            }
        }
        i += 1;
    }
    out.join("/")
}

/// The endpoint a template resolves to, both versions alike.
fn endpoint<'c>(c: &'c Catalog, v: Version, m: Method, template: &str) -> Option<&'c Endpoint> {
    match c.lookup(v, m, &lookup_form(template)) {
        Lookup::Endpoint(e) => Some(e),
        _ => None,
    }
}

/// One scheme of one call as the map states it, summed over the spellings that are one endpoint:
/// permission → (marked least, AlsoRequires partners).
type Stated = BTreeMap<String, (bool, BTreeSet<String>)>;

/// The catalog's ordering rule, written again from the contract: the marked permissions ordered by
/// privilege level then name, else all of them in that order; resource-specific consent last and
/// least privileged only when nothing else is accepted. Returns (accepted in order, least set).
fn expected_order(stated: &Stated, scheme: &str, perms: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let rsc = |n: &str| perms.get(n).and_then(|p| p.get("rsc")).and_then(Value::as_bool).unwrap_or(false);
    let level = |n: &str| {
        perms
            .get(n)
            .and_then(|p| p.get(scheme))
            .and_then(|s| s.get("level"))
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX)
    };
    let all_rsc = stated.keys().all(|n| rsc(n));
    let candidates: Vec<&String> = stated.keys().filter(|n| all_rsc || !rsc(n)).collect();
    let marked: Vec<&String> = candidates.iter().copied().filter(|n| stated[*n].0).collect();
    let least: BTreeSet<&String> =
        if marked.is_empty() { candidates.into_iter().collect() } else { marked.into_iter().collect() };
    let mut order: Vec<&String> = stated.keys().collect();
    order.sort_by_key(|n| (!least.contains(n), rsc(n), level(n), (*n).clone()));
    let accepted: Vec<String> = order.iter().map(|n| (*n).clone()).collect();
    let least = accepted[..least.len()].to_vec();
    (accepted, least)
}

#[test]
fn builtin_matches_the_permission_map_for_every_row() {
    let doc = json(MAP);
    let perms = doc["permissions"].as_object().expect("permissions");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() > 7000, "only {} paths", paths.len());
    assert!(perms.len() > 900, "only {} permissions", perms.len());
    let c = Catalog::builtin();
    // The map's spellings of one endpoint meet in one catalog row: sum them per row first.
    let mut rows: BTreeMap<(String, &str), [Stated; 3]> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for (template, methods) in paths {
        for (method, entry) in methods.as_object().expect("methods") {
            let m = Method::parse(method).expect("a method");
            let Some(e) = endpoint(c, Version::V1, m, template).or_else(|| endpoint(c, Version::Beta, m, template))
            else {
                unresolved.push(format!("{method} {template}"));
                continue;
            };
            let sums =
                rows.entry((e.path.clone(), METHODS.iter().find(|x| **x == method).expect("known"))).or_default();
            for (s, (name, _)) in SCHEMES.iter().enumerate() {
                for p in strs(&entry[*name]) {
                    let least = strs(&entry[format!("least_{name}")]).contains(&p);
                    let also: BTreeSet<String> = strs(&entry["also_requires"][*name][&p]).into_iter().collect();
                    match sums[s].get_mut(&p) {
                        Some(have) => {
                            have.0 |= least;
                            have.1 = have.1.intersection(&also).cloned().collect();
                        }
                        None => {
                            sums[s].insert(p, (least, also));
                        }
                    }
                }
            }
        }
    }
    assert!(unresolved.is_empty(), "{} map rows reach no catalog row:\n{}", unresolved.len(), unresolved.join("\n"));
    let mut compared = 0;
    let mut failures = Vec::new();
    // `/security` rows come from the /security layer, which wins where it has a path (checked
    // against its own facts below). Where it disagrees with the map, it is listed here.
    // Per differing /security call: whether the accepted sets agree and the map's least set lies
    // within the layer's.
    let mut security_differences: BTreeMap<String, bool> = BTreeMap::new();
    for ((template, method), sums) in &rows {
        let m = Method::parse(method).expect("a method");
        for v in [Version::V1, Version::Beta] {
            let Some(e) = endpoint(c, v, m, template) else {
                if !template.starts_with("/security") {
                    failures.push(format!("{method} /{v}{template}: no row"));
                }
                continue;
            };
            for (s, (name, scheme)) in SCHEMES.iter().enumerate() {
                let (accepted, least) = expected_order(&sums[s], name, perms);
                let also: Vec<(String, Vec<String>)> = accepted
                    .iter()
                    .filter(|p| !sums[s][*p].1.is_empty())
                    .map(|p| (p.clone(), sums[s][p].1.iter().cloned().collect()))
                    .collect();
                let got_also: Vec<(String, Vec<String>)> = e.also_requires[s].clone();
                let same = e.accepted_in(*scheme) == accepted.as_slice()
                    && e.least_in(*scheme) == least.as_slice()
                    && got_also == also;
                compared += 1;
                if same {
                    continue;
                }
                if template.starts_with("/security") {
                    let got: BTreeSet<&String> = e.accepted_in(*scheme).iter().collect();
                    let within = got == accepted.iter().collect::<BTreeSet<_>>()
                        && least.iter().all(|p| e.least_in(*scheme).contains(p));
                    let all = security_differences.entry(format!("{method} {template}")).or_insert(true);
                    *all &= within;
                } else {
                    failures.push(format!(
                        "{method} /{v}{template} {name}: catalog {:?} least {:?} also {got_also:?}; map {accepted:?} least {least:?} also {also:?}",
                        e.accepted_in(*scheme),
                        e.least_in(*scheme)
                    ));
                }
            }
        }
    }
    assert!(compared > 60_000, "only {compared} rows compared");
    assert!(failures.is_empty(), "{} rows differ from the map:\n{}", failures.len(), failures.join("\n"));
    // Every difference must be one of the /security layer's corrections, and every correction
    // must still be needed.
    let mut used = [0usize; SECURITY_CORRECTIONS.len()];
    let mut unexplained = Vec::new();
    for (d, within) in &security_differences {
        let (method, template) = d.split_once(' ').expect("METHOD /path");
        let covers = |which: &Calls| match which {
            Calls::All => true,
            Calls::Writes => method != "GET",
            Calls::ReadsNarrowed => method == "GET" && *within,
        };
        match SECURITY_CORRECTIONS.iter().position(|(prefix, which, _)| template.starts_with(prefix) && covers(which)) {
            Some(i) => used[i] += 1,
            None => unexplained.push(d),
        }
    }
    assert!(unexplained.is_empty(), "/security rows that differ from the map, unexplained: {unexplained:#?}");
    for (i, (prefix, _, why)) in SECURITY_CORRECTIONS.iter().enumerate() {
        assert!(used[i] > 0, "the correction for {prefix} ({why}) no longer differs from the map");
    }
}

/// Which calls under a prefix a correction covers.
enum Calls {
    All,
    Writes,
    /// Reads whose accepted permissions agree, where the map's least-privileged set lies within
    /// the layer's.
    ReadsNarrowed,
}

/// Where the `/security` layer (from the `/security` reference, curated by `tools/gen-catalog.py`)
/// deliberately differs from reading the map's `least=` markers: path prefix, which calls, and
/// why. The first matching entry explains a difference.
const SECURITY_CORRECTIONS: &[(&str, Calls, &str)] = &[
    (
        "/security/auditLog/queries",
        Calls::All,
        "the map marks only AuditLogsQuery-Entra.Read.All least privileged; which AuditLogsQuery-* scope \
         suffices depends on the query's serviceFilters, so every one of them counts as least privileged",
    ),
    (
        "/security/cases/ediscoveryCases",
        Calls::Writes,
        "the map marks eDiscovery.Read.All least privileged for writes too; writes advise \
         eDiscovery.ReadWrite.All (Read.All stays accepted)",
    ),
    (
        "/security/threatSubmission",
        Calls::All,
        "the map marks no delegated permission least privileged; the layer advises the first listed \
         (ThreatSubmission.Read.All) where the map's rule would make every one least privileged",
    ),
    (
        "/security",
        Calls::ReadsNarrowed,
        "for a read, the map's facts count only the least= markers of path sets that list only GET \
         (a marker on a set that also lists writes is meant for the write); the /security layer keeps \
         the /security reference's least-privileged sets, which count them for reads too \
         (GET /security/alerts_v2/{id}: SecurityAlert.Read.All and SecurityAlert.ReadWrite.All)",
    ),
];

#[test]
fn builtin_matches_the_security_layer_for_every_row_and_path() {
    let doc = json(SECURITY);
    let paths = doc["paths"].as_object().expect("paths");
    let c = Catalog::builtin();
    let mut failures = Vec::new();
    let (mut rows, mut known) = (0, 0);
    for (template, entry) in paths {
        let listed: Vec<(Version, Vec<String>)> = [(Version::V1, "v1.0"), (Version::Beta, "beta")]
            .into_iter()
            .filter_map(|(v, key)| entry.get(key).map(|ms| (v, strs(ms))))
            .collect();
        for (v, methods) in &listed {
            for m in methods {
                known += 1;
                let m = Method::parse(m).expect("a method");
                if !c.methods_for(*v, &lookup_form(template)).contains(&m) {
                    failures.push(format!("{m} /{v}{template}: not a known method"));
                }
            }
        }
        for method in METHODS {
            let Some(row) = entry.get(method) else { continue };
            let m = Method::parse(method).expect("a method");
            let versions: Vec<Version> = match row.get("versions") {
                Some(vs) => strs(vs).iter().map(|v| Version::parse(v).expect("a version")).collect(),
                None => listed.iter().map(|(v, _)| *v).collect(),
            };
            for v in versions {
                rows += 1;
                let here = format!("{method} /{v}{template}");
                let (delegated, application) = (strs(&row["delegated"]), strs(&row["application"]));
                let got = c.lookup(v, m, &lookup_form(template));
                let Lookup::Endpoint(e) = got else {
                    if !(delegated.is_empty()
                        && application.is_empty()
                        && c.publishes_no_permission(v, m, &lookup_form(template)))
                    {
                        failures.push(format!("{here}: {got:?}"));
                    }
                    continue;
                };
                let least_first = |accepted: &[String], least: &[String]| -> Vec<String> {
                    let mut out: Vec<String> = accepted.iter().filter(|p| least.contains(p)).cloned().collect();
                    out.extend(accepted.iter().filter(|p| !least.contains(p)).cloned());
                    out
                };
                let ld = row
                    .get("least_delegated")
                    .map(strs)
                    .unwrap_or_else(|| delegated.first().cloned().into_iter().collect());
                let la = row
                    .get("least_application")
                    .map(strs)
                    .unwrap_or_else(|| application.first().cloned().into_iter().collect());
                if e.delegated != least_first(&delegated, &ld) || e.least_delegated != ld {
                    failures.push(format!("{here}: delegated {:?} least {:?}", e.delegated, e.least_delegated));
                }
                if e.application != least_first(&application, &la) || e.least_application != la {
                    failures.push(format!("{here}: application {:?} least {:?}", e.application, e.least_application));
                }
                if e.inferred != row.get("inferred").and_then(Value::as_bool).unwrap_or(false) {
                    failures.push(format!("{here}: inferred flag"));
                }
                let deprecated = row.get("deprecated");
                if e.deprecation.is_some() != deprecated.is_some_and(|d| d != &json!(false)) {
                    failures.push(format!("{here}: deprecation"));
                }
                if let (Some(d), Some(want)) = (&e.deprecation, deprecated.and_then(|d| d.get("replacement"))) {
                    if d.replacement_path.as_deref() != want.as_str() {
                        failures.push(format!("{here}: replacement {:?}", d.replacement_path));
                    }
                }
            }
        }
    }
    assert!(rows > 700 && known > 1000, "facts too small: {rows} rows, {known} known methods");
    assert!(failures.is_empty(), "{} /security rows differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn builtin_role_ids_match_the_security_layer() {
    let doc = json(SECURITY);
    let roles = doc["roles"].as_object().expect("roles map");
    assert!(roles.len() > 10);
    let c = Catalog::builtin();
    for (name, id) in roles {
        let id = id.as_str().expect("role id");
        assert_eq!(c.role_name(id), Some(name.as_str()), "{name}");
    }
}

#[test]
fn permission_facts_are_all_there() {
    let doc = json(MAP);
    let c = Catalog::builtin();
    let mut ids = 0;
    for (name, facts) in doc["permissions"].as_object().expect("permissions") {
        let info = c.permission(name).unwrap_or_else(|| panic!("{name} is not in the catalog"));
        assert_eq!(info.rsc, facts.get("rsc").and_then(Value::as_bool).unwrap_or(false), "{name}");
        for (key, scheme) in SCHEMES {
            let want = facts.get(key);
            let got = info.scheme(scheme);
            assert_eq!(want.is_some(), got.is_some(), "{name} {key}");
            let (Some(want), Some(got)) = (want, got) else { continue };
            assert_eq!(got.level.map(u64::from), want.get("level").and_then(Value::as_u64), "{name} {key} level");
            assert_eq!(got.admin_consent, want.get("admin").and_then(Value::as_bool), "{name} {key} admin");
            assert_eq!(got.id, want.get("id").and_then(Value::as_str), "{name} {key} id");
            if let Some(id) = got.id {
                ids += 1;
                let by_id = c.permission_by_id_in(scheme, &id.to_ascii_uppercase()).expect("found by GUID");
                assert_eq!(by_id.name, info.name, "{id}");
                assert!(c.permission_by_id(id).is_some());
            }
        }
    }
    assert!(ids > 1000, "only {ids} GUIDs");
    assert_eq!(c.permission("user.read").map(|p| p.name), Some("User.Read"), "names compare ignoring case");
}

/// The map's facts written back in Microsoft's own format (the Graph Explorer `permissions.json`):
/// one path set per permission, scheme, method and marker string.
fn as_graph_explorer(doc: &Value) -> String {
    let scheme_keys =
        [("delegated", "DelegatedWork"), ("application", "Application"), ("personal", "DelegatedPersonal")];
    let mut out = Map::new();
    for (name, facts) in doc["permissions"].as_object().expect("permissions") {
        let mut schemes = Map::new();
        for (key, ms) in scheme_keys {
            if let Some(f) = facts.get(key) {
                let mut s = Map::new();
                if let Some(l) = f.get("level") {
                    s.insert("privilegeLevel".into(), l.clone());
                }
                if let Some(a) = f.get("admin") {
                    s.insert("requiresAdminConsent".into(), a.clone());
                }
                schemes.insert(ms.into(), Value::Object(s));
            }
        }
        let kind = if facts.get("rsc").and_then(Value::as_bool).unwrap_or(false) { "RSC" } else { "oAuth2" };
        out.insert(name.clone(), json!({"authorizationType": kind, "schemes": schemes, "pathSets": []}));
    }
    for (template, methods) in doc["paths"].as_object().expect("paths") {
        for (method, entry) in methods.as_object().expect("methods") {
            for (key, ms) in scheme_keys {
                for p in strs(&entry[key]) {
                    let mut marker = Vec::new();
                    if strs(&entry[format!("least_{key}")]).contains(&p) {
                        marker.push(format!("least={ms}"));
                    }
                    let also = strs(&entry["also_requires"][key][&p]);
                    if !also.is_empty() {
                        marker.push(format!("AlsoRequires={}", also.join(",")));
                    }
                    let set =
                        json!({"schemeKeys": [ms], "methods": [method], "paths": {template.clone(): marker.join(";")}});
                    out[&p]["pathSets"].as_array_mut().expect("path sets").push(set);
                }
            }
        }
    }
    json!({"permissions": out}).to_string()
}

#[test]
fn graph_explorer_format_reads_the_map_as_the_builtin_does() {
    let doc = json(MAP);
    let builtin = Catalog::builtin();
    let c = builtin.with_extra(&as_graph_explorer(&doc)).expect("the map in Graph Explorer's format loads");
    let mut checked = 0;
    for (template, methods) in doc["paths"].as_object().expect("paths") {
        if template.starts_with("/security") {
            continue;
        }
        for method in methods.as_object().expect("methods").keys() {
            let m = Method::parse(method).expect("a method");
            for v in [Version::V1, Version::Beta] {
                let (a, b) = (endpoint(builtin, v, m, template), endpoint(&c, v, m, template));
                assert_eq!(a, b, "{method} /{v}{template}");
                checked += 1;
            }
        }
    }
    assert!(checked > 20_000, "{checked}");
    // Version-agnostic data does not make a beta-only /security path valid in v1.0.
    assert!(matches!(
        c.lookup(Version::V1, Method::Get, "/security/tiIndicators"),
        Lookup::Unknown { in_other_version: true, .. }
    ));
}
