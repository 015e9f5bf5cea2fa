//! The project's own catalog format, read into a [`Model`].
//!
//! Format 1 (`security-permissions.json`, hand-written extra files): per path template the methods
//! it supports per version (`"v1.0"`, `"beta"`) and per method the accepted permissions, least
//! privileged first as written (`delegated`, `application`, `least_delegated`,
//! `least_application`; the least set defaults to the first entry), `versions`, `inferred`,
//! `deprecated`.
//!
//! Format 2 (`graph-permissions.json`, the Graph permission map's facts): a `permissions` object
//! (per name and scheme: `level`, `admin`, `id`; `rsc`) and per path and method the accepted
//! permissions of each scheme (`delegated`, `application`, `personal`) as sets, the map's
//! `least_<scheme>` markers and `also_requires` (scheme → permission → partners). The catalog
//! orders them (see [`Model::order`]); spellings of one endpoint add up.
//!
//! Both may carry `roles` (name → template id) and `role_requirements` (the roles a delegated
//! caller needs under a path prefix). Shared with `build.rs`.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::model::{
    method_index, vi, DeprecationFacts, Entry, MapMode, MapPath, Model, PermFacts, RawEntry, RawRow, RawScheme,
    RoleRule, Row, SchemeFacts, SCHEME_NAMES, STRENGTH_LOOSE, STRENGTH_NONE, STRENGTH_PURVIEW, STRENGTH_STRICT,
    VERSIONS,
};
use super::syntax::{is_guid, is_permission_name, parse_template};
use crate::types::{Method, Version};

/// The format versions this code reads.
pub const FORMATS: [u32; 2] = [1, 2];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnFile {
    #[serde(default)]
    #[allow(dead_code)]
    about: Option<IgnoredAny>,
    #[serde(default)]
    format: Option<u32>,
    #[serde(default)]
    roles: BTreeMap<String, String>,
    #[serde(default)]
    role_requirements: Vec<RoleRequirementEntry>,
    #[serde(default)]
    permissions: Option<BTreeMap<String, PermEntry>>,
    paths: PathList,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleRequirementEntry {
    prefix: String,
    strength: String,
    #[serde(default)]
    read: Vec<String>,
    #[serde(default)]
    write: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PermEntry {
    #[serde(default)]
    rsc: bool,
    #[serde(default)]
    delegated: Option<SchemeEntry>,
    #[serde(default)]
    application: Option<SchemeEntry>,
    #[serde(default)]
    personal: Option<SchemeEntry>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SchemeEntry {
    #[serde(default)]
    level: Option<u32>,
    #[serde(default)]
    admin: Option<bool>,
    #[serde(default)]
    id: Option<String>,
}

/// The `paths` object in file order, refusing a path written twice (a JSON object would keep
/// only the last one, silently dropping a hand-edited row).
struct PathList(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for PathList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PathList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of path templates")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PathList, A::Error> {
                let mut seen = HashSet::new();
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((path, entry)) = map.next_entry::<String, Value>()? {
                    if !seen.insert(path.clone()) {
                        return Err(serde::de::Error::custom(format!("path {path:?} is written twice")));
                    }
                    out.push((path, entry));
                }
                Ok(PathList(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// A path of format 1.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathV1 {
    #[serde(rename = "v1.0", default)]
    v1: Option<Vec<String>>,
    #[serde(default)]
    beta: Option<Vec<String>>,
    #[serde(rename = "GET", default)]
    get: Option<MethodV1>,
    #[serde(rename = "POST", default)]
    post: Option<MethodV1>,
    #[serde(rename = "PUT", default)]
    put: Option<MethodV1>,
    #[serde(rename = "PATCH", default)]
    patch: Option<MethodV1>,
    #[serde(rename = "DELETE", default)]
    delete: Option<MethodV1>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodV1 {
    #[serde(default)]
    versions: Option<Vec<String>>,
    #[serde(default)]
    delegated: Vec<String>,
    #[serde(default)]
    least_delegated: Option<Vec<String>>,
    #[serde(default)]
    application: Vec<String>,
    #[serde(default)]
    least_application: Option<Vec<String>>,
    #[serde(default)]
    inferred: bool,
    #[serde(default)]
    deprecated: Option<DeprecatedField>,
}

/// A path of format 2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathV2 {
    #[serde(rename = "v1.0", default)]
    v1: Option<Vec<String>>,
    #[serde(default)]
    beta: Option<Vec<String>>,
    #[serde(rename = "GET", default)]
    get: Option<MethodV2>,
    #[serde(rename = "POST", default)]
    post: Option<MethodV2>,
    #[serde(rename = "PUT", default)]
    put: Option<MethodV2>,
    #[serde(rename = "PATCH", default)]
    patch: Option<MethodV2>,
    #[serde(rename = "DELETE", default)]
    delete: Option<MethodV2>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodV2 {
    #[serde(default)]
    versions: Option<Vec<String>>,
    #[serde(default)]
    delegated: Vec<String>,
    #[serde(default)]
    least_delegated: Vec<String>,
    #[serde(default)]
    application: Vec<String>,
    #[serde(default)]
    least_application: Vec<String>,
    #[serde(default)]
    personal: Vec<String>,
    #[serde(default)]
    least_personal: Vec<String>,
    #[serde(default)]
    also_requires: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    inferred: bool,
    #[serde(default)]
    deprecated: Option<DeprecatedField>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DeprecatedField {
    Flag(bool),
    Info(DeprecationEntry),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeprecationEntry {
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    replacement: Option<String>,
    #[serde(default)]
    permissions: Vec<String>,
    #[serde(default = "yes")]
    path_fix: bool,
}

fn yes() -> bool {
    true
}

/// Reads a method word of a catalog file (HEAD is not one: it is read as GET).
pub fn parse_method(s: &str) -> Result<Method, String> {
    match Method::parse(s) {
        Some(Method::Head) | None => Err(format!("unknown method {s:?}")),
        Some(m) => Ok(m),
    }
}

fn parse_versions(vs: &[String]) -> Result<Vec<Version>, String> {
    vs.iter().map(|v| Version::parse(v).ok_or_else(|| format!("unknown version {v:?}"))).collect()
}

/// Reads a file of the project's format into `model`. `mode` says how format-2 rows land on what
/// the model holds (format-1 rows replace the rows they name).
pub fn load(model: &mut Model, text: &str, mode: MapMode) -> Result<(), String> {
    let file: OwnFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let format = file.format.unwrap_or(1);
    if !FORMATS.contains(&format) {
        return Err(format!("format {format} is not supported (this claimcheck reads formats 1 and 2)"));
    }
    for (name, id) in file.roles {
        if !is_guid(&id) {
            return Err(format!("role {name:?}: {id:?} is not a role template id"));
        }
        model.roles.insert(name, id);
    }
    for r in file.role_requirements {
        model.role_rules.push(role_rule(r)?);
    }
    match format {
        1 => {
            if file.permissions.is_some() {
                return Err("\"permissions\" needs format 2".to_owned());
            }
            load_v1(model, file.paths)
        }
        _ => load_v2(model, file.permissions.unwrap_or_default(), file.paths, mode),
    }
}

fn role_rule(r: RoleRequirementEntry) -> Result<RoleRule, String> {
    let strength = match r.strength.as_str() {
        "strict" => STRENGTH_STRICT,
        "loose" => STRENGTH_LOOSE,
        "purview" => STRENGTH_PURVIEW,
        "none" => STRENGTH_NONE,
        s => return Err(format!("role requirement {:?}: unknown strength {s:?}", r.prefix)),
    };
    if !r.prefix.starts_with('/') {
        return Err(format!("role requirement {:?}: the prefix starts with '/'", r.prefix));
    }
    Ok(RoleRule {
        prefix: r.prefix.trim_end_matches('/').to_ascii_lowercase(),
        strength,
        read: r.read,
        write: r.write,
        names: r.names,
    })
}

fn load_v1(model: &mut Model, paths: PathList) -> Result<(), String> {
    for (path, value) in paths.0 {
        let entry: PathV1 = serde_json::from_value(value).map_err(|e| format!("path {path:?}: {e}"))?;
        let (display, segs) = parse_template(&path).map_err(|e| format!("path {path:?}: {e}"))?;
        let node = model.insert(&segs, &display);
        let listed = [&entry.v1, &entry.beta];
        for (v, methods) in listed.iter().enumerate() {
            for m in methods.iter().flat_map(|ms| ms.iter()) {
                let m = parse_method(m).map_err(|e| format!("path {path:?}: {e}"))?;
                model.add_method(node, v, method_index(m));
            }
        }
        let methods = [
            (Method::Get, entry.get),
            (Method::Post, entry.post),
            (Method::Put, entry.put),
            (Method::Patch, entry.patch),
            (Method::Delete, entry.delete),
        ];
        for (method, me) in methods {
            let Some(me) = me else { continue };
            let at = |e: String| format!("path {path:?} {method}: {e}");
            let versions: Vec<Version> = match &me.versions {
                Some(vs) => parse_versions(vs).map_err(at)?,
                None if listed.iter().any(|l| l.is_some()) => {
                    VERSIONS.into_iter().filter(|v| listed[vi(*v)].is_some()).collect()
                }
                None => VERSIONS.to_vec(),
            };
            let m = method_index(method);
            let (row, deprecation) = row_v1(method, me).map_err(at)?;
            for v in versions {
                let mut r = row.clone();
                r.deprecation = match &deprecation {
                    Some(d) => d.clone(),
                    None => model.row(node, vi(v), m).and_then(|e| e.deprecation.clone()),
                };
                model.set_row(node, vi(v), m, r);
            }
        }
    }
    Ok(())
}

fn check_names(names: &[String]) -> Result<(), String> {
    match names.iter().find(|n| !is_permission_name(n)) {
        Some(n) => Err(format!("{n:?} is not a permission name")),
        None => Ok(()),
    }
}

/// A format-1 row, and the deprecation it states (`None`: keep the catalog's).
fn row_v1(method: Method, me: MethodV1) -> Result<(Row, Option<Option<DeprecationFacts>>), String> {
    check_names(&me.delegated)?;
    check_names(&me.application)?;
    let least = |given: Option<Vec<String>>, accepted: &[String], kind: &str| -> Result<Vec<String>, String> {
        match given {
            Some(l) => match l.iter().find(|p| !accepted.contains(p)) {
                Some(p) => Err(format!("least_{kind} names {p:?}, which {kind} does not accept")),
                None => Ok(l),
            },
            None => Ok(accepted.first().cloned().into_iter().collect()),
        }
    };
    let least_delegated = least(me.least_delegated, &me.delegated, "delegated")?;
    let least_application = least(me.least_application, &me.application, "application")?;
    let deprecation = deprecation(method, me.deprecated)?;
    // Every consumer reads the accepted lists as "least privileged first".
    let least_first = |accepted: Vec<String>, least: &[String]| -> Vec<Entry> {
        let (mut first, rest): (Vec<String>, Vec<String>) = accepted.into_iter().partition(|p| least.contains(p));
        first.extend(rest);
        first.into_iter().map(|name| Entry { name, also: Vec::new() }).collect()
    };
    let row = Row {
        schemes: [
            least_first(me.delegated, &least_delegated),
            least_first(me.application, &least_application),
            Vec::new(),
        ],
        least: [least_delegated.len(), least_application.len(), 0],
        inferred: me.inferred,
        deprecation: None,
    };
    Ok((row, deprecation))
}

fn deprecation(method: Method, field: Option<DeprecatedField>) -> Result<Option<Option<DeprecationFacts>>, String> {
    Ok(match field {
        None => None,
        Some(DeprecatedField::Flag(false)) => Some(None),
        Some(DeprecatedField::Flag(true)) => {
            Some(Some(DeprecationFacts { replacement: None, method, permissions: Vec::new(), path_fix: false }))
        }
        Some(DeprecatedField::Info(d)) => {
            let replacement_method = match &d.method {
                Some(m) => parse_method(m)?,
                None => method,
            };
            if let Some(p) = d.permissions.iter().find(|p| !is_permission_name(p)) {
                return Err(format!("deprecated: {p:?} is not a permission name"));
            }
            let replacement = match d.replacement {
                Some(p) => Some(parse_template(&p).map_err(|e| format!("deprecated: {e}"))?.0),
                None => None,
            };
            Some(Some(DeprecationFacts {
                path_fix: d.path_fix && replacement.is_some(),
                replacement,
                method: replacement_method,
                permissions: d.permissions,
            }))
        }
    })
}

fn load_v2(
    model: &mut Model,
    permissions: BTreeMap<String, PermEntry>,
    paths: PathList,
    mode: MapMode,
) -> Result<(), String> {
    let mut facts = BTreeMap::new();
    for (name, p) in permissions {
        if !is_permission_name(&name) {
            return Err(format!("permissions: {name:?} is not a permission name"));
        }
        let mut f = PermFacts { rsc: p.rsc, ..PermFacts::default() };
        for (s, given) in [p.delegated, p.application, p.personal].into_iter().enumerate() {
            let Some(g) = given else { continue };
            if let Some(id) = g.id.as_deref().filter(|id| !is_guid(id)) {
                return Err(format!("permissions: {name} {}: {id:?} is not a GUID", SCHEME_NAMES[s]));
            }
            f.schemes[s] =
                SchemeFacts { exists: true, level: g.level, admin: g.admin, id: g.id.map(|i| i.to_ascii_lowercase()) };
        }
        facts.insert(name, f);
    }
    let mut out = Vec::with_capacity(paths.0.len());
    for (path, value) in paths.0 {
        let entry: PathV2 = serde_json::from_value(value).map_err(|e| format!("path {path:?}: {e}"))?;
        let (display, segs) = parse_template(&path).map_err(|e| format!("path {path:?}: {e}"))?;
        let listed = [&entry.v1, &entry.beta];
        let mut listed_versions = Vec::new();
        let mut calls = Vec::new();
        for (v, methods) in listed.iter().enumerate() {
            if methods.is_some() {
                listed_versions.push(VERSIONS[v]);
            }
        }
        let methods = [
            (Method::Get, entry.get),
            (Method::Post, entry.post),
            (Method::Put, entry.put),
            (Method::Patch, entry.patch),
            (Method::Delete, entry.delete),
        ];
        for (method, me) in methods {
            let Some(me) = me else { continue };
            let at = |e: String| format!("path {path:?} {method}: {e}");
            let mut raw = raw_v2(method, me).map_err(at)?;
            if raw.versions.is_none() && !listed_versions.is_empty() {
                raw.versions = Some(listed_versions.clone());
            }
            calls.push((method_index(method), raw));
        }
        // Methods listed per version without permission data make the path known there.
        let node = model.insert(&segs, &display);
        for (v, methods) in listed.iter().enumerate() {
            for m in methods.iter().flat_map(|ms| ms.iter()) {
                let m = parse_method(m).map_err(|e| format!("path {path:?}: {e}"))?;
                model.add_method(node, v, method_index(m));
            }
        }
        out.push(MapPath { display, segs, calls });
    }
    model.apply_map(&facts, out, mode);
    Ok(())
}

fn raw_v2(method: Method, me: MethodV2) -> Result<RawRow, String> {
    let lists =
        [(me.delegated, me.least_delegated), (me.application, me.least_application), (me.personal, me.least_personal)];
    let mut raw = RawRow {
        versions: me.versions.as_deref().map(parse_versions).transpose()?,
        inferred: me.inferred,
        deprecation: deprecation(method, me.deprecated)?,
        ..RawRow::default()
    };
    for (s, (accepted, least)) in lists.into_iter().enumerate() {
        check_names(&accepted)?;
        if let Some(p) = least.iter().find(|p| !accepted.contains(p)) {
            return Err(format!("least_{} names {p:?}, which {} does not accept", SCHEME_NAMES[s], SCHEME_NAMES[s]));
        }
        let mut scheme = RawScheme::new();
        for name in accepted {
            let least = least.contains(&name);
            scheme.insert(name, RawEntry { least, also: BTreeSet::new() });
        }
        raw.schemes[s] = scheme;
    }
    for (kind, by_perm) in me.also_requires {
        let Some(s) = SCHEME_NAMES.iter().position(|n| *n == kind) else {
            return Err(format!("also_requires: unknown scheme {kind:?} (delegated, application or personal)"));
        };
        for (name, partners) in by_perm {
            check_names(&partners)?;
            let Some(e) = raw.schemes[s].get_mut(&name) else {
                return Err(format!("also_requires: {name:?} is not accepted as {kind}"));
            };
            e.also = partners.into_iter().collect();
        }
    }
    Ok(raw)
}
