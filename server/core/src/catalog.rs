//! The permission catalog (`docs/behaviour.md`, "The permission catalog"): for each Graph call (version, method, path template)
//! the permissions that authorise it, the Entra roles a delegated caller needs (section 4), whether
//! it is deprecated; and which `/security` paths exist at all, so that a typo can be told from an
//! endpoint without published permissions.
//!
//! The built-in data is `server/data/catalog.json`, written by `tools/gen-catalog.py`. Paths live
//! in a trie keyed by lower-cased segment so that a lookup walks the URL's segments once, without
//! allocating, whatever the number of templates.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::types::{Method, TokenKind, Version};

const BUILTIN_TEXT: &str = include_str!("../data/catalog.json");

/// The only version of the catalog file format this code reads.
const FORMAT: u32 = 1;

/// Microsoft Purview role-group roles that eDiscovery needs. They have no Entra template id, so
/// they never appear in `wids`; they are named in hovers only.
pub const PURVIEW_ROLE_NAMES: [&str; 2] = ["eDiscovery Manager", "eDiscovery Administrator"];

const SECURITY_READER: &str = "Security Reader";
const SECURITY_ADMINISTRATOR: &str = "Security Administrator";
const GLOBAL_ADMINISTRATOR: &str = "Global Administrator";

/// URLs with more segments than this are not Graph calls worth matching; the bound lets a lookup
/// keep its segments on the stack.
const MAX_SEGMENTS: usize = 40;

/// One Graph call with published permission data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub version: Version,
    pub method: Method,
    /// Canonical template, every key segment written `{id}`.
    pub path: String,
    /// Accepted delegated permissions, least privileged first.
    pub delegated: Vec<String>,
    /// Accepted application permissions, least privileged first.
    pub application: Vec<String>,
    pub least_delegated: Vec<String>,
    pub least_application: Vec<String>,
    /// Permissions filled in by analogy: the source lists none for this call.
    pub inferred: bool,
    pub deprecation: Option<Deprecation>,
    pub roles: RoleRequirement,
}

impl Endpoint {
    /// Accepted permissions for a kind of caller.
    pub fn accepted(&self, kind: TokenKind) -> &[String] {
        match kind {
            TokenKind::Delegated => &self.delegated,
            TokenKind::Application => &self.application,
        }
    }

    /// The least-privileged set for a kind of caller.
    pub fn least(&self, kind: TokenKind) -> &[String] {
        match kind {
            TokenKind::Delegated => &self.least_delegated,
            TokenKind::Application => &self.least_application,
        }
    }

    /// The permissions to advise for a kind of caller: the least-privileged set, else the first
    /// accepted permission (empty when that kind cannot call at all).
    pub fn advised(&self, kind: TokenKind) -> &[String] {
        match self.least(kind) {
            [] => {
                let a = self.accepted(kind);
                &a[..a.len().min(1)]
            }
            l => l,
        }
    }

    /// The permission to advise adding for a kind of caller, if that kind can call at all.
    pub fn recommended(&self, kind: TokenKind) -> Option<&str> {
        self.advised(kind).first().map(String::as_str)
    }

    /// The accepted permissions that `held` grants, compared case-insensitively as Graph does.
    pub fn granted_by<'a>(&'a self, kind: TokenKind, held: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
        self.accepted(kind).iter().filter(move |p| held.iter().any(|h| h.eq_ignore_ascii_case(p)))
    }
}

/// What replaces a deprecated call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deprecation {
    pub replacement_path: Option<String>,
    pub replacement_method: Method,
    pub replacement_permissions: Vec<String>,
    /// Whether a code action may rewrite the URL to `replacement_path`. False where the
    /// replacement is a different kind of call (a batch action replaced by one PATCH per item).
    pub path_fix: bool,
}

/// How firmly the roles in a [`RoleRequirement`] can be checked against `wids`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RoleStrength {
    /// The documented roles; nothing else grants access.
    Strict,
    /// Documented roles, but custom roles that never show in `wids` also grant access.
    Loose,
    /// Microsoft Purview roles: never in tokens, cannot be checked. See [`PURVIEW_ROLE_NAMES`].
    Purview,
    /// No role is checked.
    None,
}

/// The Entra roles a delegated caller needs for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRequirement {
    pub strength: RoleStrength,
    /// Any one of these satisfies the call. Empty for `Purview` and `None`.
    pub roles: Vec<Role>,
}

impl RoleRequirement {
    fn none() -> RoleRequirement {
        RoleRequirement { strength: RoleStrength::None, roles: Vec::new() }
    }

    /// Role names to show in a hover: the Entra roles, or for Purview the role-group roles.
    pub fn display_names(&self) -> Vec<&str> {
        match self.strength {
            RoleStrength::Purview => PURVIEW_ROLE_NAMES.to_vec(),
            _ => self.roles.iter().map(|r| r.name.as_str()).collect(),
        }
    }
}

/// An Entra built-in role: its display name and its template id (the value `wids` carries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub id: String,
}

/// The answer to "what does this call need?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Permission data exists for this method. A HEAD request gets the GET row.
    Endpoint(&'a Endpoint),
    /// The path and method are known, and Microsoft publishes no permission for them.
    NoPermissionData { template: String, methods: Vec<Method> },
    /// The path is known in this version, the method is not.
    MethodNotAllowed { template: String, methods: Vec<Method> },
    /// A `/security` path that does not exist in this version (also a call that falls back to a
    /// `{id}` segment here but is a named operation of the other version, like
    /// `POST /v1.0/security/alerts/updateAlerts`).
    Unknown { suggestion: Option<String>, in_other_version: bool },
    /// Not under `/security` and no extra data covers it; or a placeholder could be several
    /// different endpoints, so nothing can be said.
    OutOfScope,
}

/// The catalog: built-in data, optionally merged with extra files.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Tells catalogs apart for caches derived from one (the SDK member trees): every catalog
    /// built or changed gets a new one.
    generation: u64,
    /// Trie of path segments; index 0 is the root (the `/` before the first segment).
    nodes: Vec<Node>,
    endpoints: Vec<Endpoint>,
    /// Sorted by name.
    roles: Vec<Role>,
}

#[derive(Debug, Clone)]
struct Node {
    /// ASCII-lower-cased segment without a function's `()`; `{id}` for a key segment.
    key: Box<str>,
    /// The template wrote this segment as a function, `name()`.
    function: bool,
    parent: u32,
    /// Literal children, sorted by `key`.
    children: Vec<u32>,
    id_child: Option<u32>,
    /// Canonical template; empty while the node is only a prefix of other templates.
    template: Box<str>,
    per: [PathInfo; 2],
}

#[derive(Debug, Clone, Default)]
struct PathInfo {
    /// Methods this path supports in the version, in `Method::ALL` order; empty = not a path.
    methods: Vec<Method>,
    /// Index into `Catalog::endpoints`, by method.
    rows: [Option<u32>; 6],
    /// Methods for which Microsoft publishes no permission (bit = method index).
    no_permission: u8,
}

impl PathInfo {
    fn is_known(&self) -> bool {
        !self.methods.is_empty()
    }
    fn allows(&self, m: Method) -> bool {
        self.methods.contains(&m)
    }
    fn add_method(&mut self, m: Method) {
        if let Err(at) = self.methods.binary_search(&m) {
            self.methods.insert(at, m);
        }
    }
}

fn vi(v: Version) -> usize {
    match v {
        Version::V1 => 0,
        Version::Beta => 1,
    }
}

const VERSIONS: [Version; 2] = [Version::V1, Version::Beta];

/// HEAD is GET without a body: Graph authorises it the same way.
fn data_method(m: Method) -> Method {
    if m == Method::Head {
        Method::Get
    } else {
        m
    }
}

fn bit(m: Method) -> u8 {
    1 << (m as u8)
}

/// A segment of a URL being looked up.
#[derive(Debug, Clone, Copy)]
enum Seg<'a> {
    Lit(&'a str),
    /// `name(...)`: a function call, or a key in parentheses. `bare` when the parentheses are empty.
    Call {
        name: &'a str,
        bare: bool,
    },
    /// A placeholder: any one segment.
    Hole,
}

fn parse_input_segment(s: &str) -> Seg<'_> {
    if s.starts_with('{') && s.ends_with('}') {
        return Seg::Hole;
    }
    if let (Some(open), true) = (s.find('('), s.ends_with(')')) {
        if open > 0 {
            return Seg::Call { name: &s[..open], bare: open + 2 == s.len() };
        }
    }
    Seg::Lit(s)
}

/// The outcome of matching segments below one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Nothing,
    /// The node, and whether its path allows the method.
    One(u32, bool),
    /// A placeholder fits several different paths equally well.
    Ambiguous,
}

impl Match {
    /// A second equally good candidate makes the match ambiguous.
    fn or_one(self, r: Match) -> Match {
        match self {
            Match::Nothing => r,
            _ => Match::Ambiguous,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    At(u32, Suffix),
    Ambiguous,
    Nothing,
}

/// What was dropped from the end of a URL before a second lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    None,
    Count,
    Ref,
    Value,
}

/// The operation name of a namespace-qualified segment (`microsoft.graph.security.runHuntingQuery`).
fn short_name(s: &str) -> Option<&str> {
    match s.rfind('.') {
        Some(p) if p > 0 && p + 1 < s.len() => Some(&s[p + 1..]),
        _ => None,
    }
}

/// Compares a stored (lower-case) key with a segment as written, ignoring ASCII case.
fn cmp_key(key: &str, seg: &str) -> Ordering {
    let k = key.as_bytes().iter().copied();
    let s = seg.as_bytes().iter().map(u8::to_ascii_lowercase);
    k.cmp(s)
}

/// A segment of a template being inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TSeg {
    Lit { key: String, function: bool },
    Id,
}

/// Parses a path template into its display form (keys written `{id}`, query and trailing `/`
/// dropped) and its segments. `name(args)` becomes `name` then a key segment: that is how an
/// alternate key (`servicePrincipals(appId={x})`) and a function with arguments are both
/// addressed, and it matches what `lookup` does with a URL's `name('x')`.
fn parse_template(path: &str) -> Result<(String, Vec<TSeg>), String> {
    let path = path.split('?').next().unwrap_or_default().trim();
    if !path.starts_with('/') {
        return Err("a path template starts with '/'".to_owned());
    }
    let mut display = String::with_capacity(path.len());
    let mut segs = Vec::new();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let seg = normalise_keys(raw);
        display.push('/');
        if (seg.starts_with('{') && seg.ends_with('}')) || seg.starts_with('(') {
            display.push_str("{id}");
            segs.push(TSeg::Id);
            continue;
        }
        display.push_str(&seg);
        match (seg.find('('), seg.ends_with(')')) {
            (Some(open), true) if open > 0 => {
                let key = seg[..open].to_ascii_lowercase();
                if open + 2 == seg.len() {
                    segs.push(TSeg::Lit { key, function: true });
                } else {
                    segs.push(TSeg::Lit { key, function: false });
                    segs.push(TSeg::Id);
                }
            }
            _ => segs.push(TSeg::Lit { key: seg.to_ascii_lowercase(), function: false }),
        }
    }
    if segs.is_empty() {
        return Err("empty path".to_owned());
    }
    Ok((display, segs))
}

/// Rewrites every `{anything}` to `{id}`: sources name keys after their parameter, and the name
/// carries no meaning for matching.
fn normalise_keys(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    let mut rest = seg;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str("{id}");
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Permission names as Microsoft writes them: `SecurityAlert.Read.All`,
/// `AuditLogsQuery-Entra.Read.All`, `CloudApp-Discovery.Read.All`, `User.Read`.
pub fn is_permission_name(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_none_or(|c| !c.is_ascii_alphabetic()) {
        return false;
    }
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    while i < b.len() && b[i] == b'-' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    while i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// Case-insensitive Levenshtein distance, `None` when it exceeds `max`.
fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<u8> = a.bytes().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<u8> = b.bytes().map(|c| c.to_ascii_lowercase()).collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// Distance from a written segment to a template key, when close enough to suggest: at most 3
/// edits and fewer than half the key's length, so short keys are never "corrected" into others.
fn suggestion_distance(written: &str, key: &str) -> Option<usize> {
    let close = |w: &str| edit_distance(w, key, 3).filter(|&d| d == 0 || 2 * d < key.len());
    let full = close(written);
    let short = short_name(written).and_then(close);
    match (full, short) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

// ---------------------------------------------------------------------------------------------
// File formats
// ---------------------------------------------------------------------------------------------

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
    paths: PathList,
}

/// The `paths` object in file order, refusing a path written twice (a JSON object would keep
/// only the last one, silently dropping a hand-edited row).
struct PathList(Vec<(String, PathEntry)>);

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
                while let Some((path, entry)) = map.next_entry::<String, PathEntry>()? {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathEntry {
    #[serde(rename = "v1.0", default)]
    v1: Option<Vec<String>>,
    #[serde(default)]
    beta: Option<Vec<String>>,
    #[serde(rename = "GET", default)]
    get: Option<MethodEntry>,
    #[serde(rename = "POST", default)]
    post: Option<MethodEntry>,
    #[serde(rename = "PUT", default)]
    put: Option<MethodEntry>,
    #[serde(rename = "PATCH", default)]
    patch: Option<MethodEntry>,
    #[serde(rename = "DELETE", default)]
    delete: Option<MethodEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodEntry {
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

/// Graph Explorer's `permissions.json` (microsoft-graph-devx-content), only the parts used.
#[derive(Deserialize)]
struct DevxFile {
    permissions: BTreeMap<String, DevxPermission>,
}

#[derive(Deserialize)]
struct DevxPermission {
    #[serde(default)]
    schemes: HashMap<String, DevxScheme>,
    #[serde(default, rename = "pathSets")]
    path_sets: Vec<DevxPathSet>,
}

#[derive(Deserialize)]
struct DevxScheme {
    #[serde(default, rename = "privilegeLevel")]
    privilege_level: Option<u32>,
}

#[derive(Deserialize)]
struct DevxPathSet {
    #[serde(default, rename = "schemeKeys")]
    scheme_keys: Vec<String>,
    #[serde(default)]
    methods: Vec<String>,
    #[serde(default)]
    paths: BTreeMap<String, String>,
}

/// Just enough of a document to tell the two formats apart without building it.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    paths: Option<IgnoredAny>,
    #[serde(default)]
    permissions: Option<IgnoredAny>,
}

/// What an incoming row says about deprecation.
enum DeprecationChange {
    Keep,
    Set(Option<Deprecation>),
}

struct Row {
    delegated: Vec<String>,
    application: Vec<String>,
    least_delegated: Vec<String>,
    least_application: Vec<String>,
    inferred: bool,
    deprecation: DeprecationChange,
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

impl Catalog {
    fn empty() -> Catalog {
        Catalog {
            generation: 0,
            nodes: vec![Node {
                key: "".into(),
                function: false,
                parent: 0,
                children: Vec::new(),
                id_child: None,
                template: "".into(),
                per: Default::default(),
            }],
            endpoints: Vec::new(),
            roles: Vec::new(),
        }
    }

    /// The catalog compiled into the binary, parsed on first use.
    /// Which catalog this is, for caches of what is derived from it: equal only for the same
    /// catalog unchanged.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Catalog::parse_builtin(BUILTIN_TEXT)
                .unwrap_or_else(|e| panic!("the built-in catalog data/catalog.json is broken: {e}"))
        })
    }

    fn parse_builtin(text: &str) -> Result<Catalog, String> {
        let mut c = Catalog::empty();
        let file: OwnFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        c.merge_own(file)?;
        for name in [SECURITY_READER, SECURITY_ADMINISTRATOR, GLOBAL_ADMINISTRATOR] {
            if c.role_by_name(name).is_none() {
                return Err(format!("role {name:?} has no template id"));
            }
        }
        c.finish();
        Ok(c)
    }

    /// A copy of this catalog with an extra file merged in. The format is detected: the
    /// project's own (a top-level `paths` object) or Graph Explorer's `permissions.json` (a
    /// top-level `permissions` object). Extra rows replace the rows they match.
    ///
    /// Graph Explorer data names no version. A row outside `/security` applies to both
    /// versions; a `/security` row applies to the versions that already know the path, or to
    /// both when neither does, so that loading it never makes a beta-only path valid in v1.0.
    /// Where an extra row accepts exactly the permissions a built-in row accepts, the built-in
    /// row is kept, with its curated least-privileged sets. `AlsoRequires` conditions are not
    /// represented.
    pub fn with_extra(&self, text: &str) -> Result<Catalog, String> {
        // serde would read a struct from an array too; both formats are objects.
        if !text.trim_start().starts_with('{') {
            return Err("extra catalog is not a JSON object".to_owned());
        }
        let probe: Probe =
            serde_json::from_str(text).map_err(|e| format!("extra catalog is not a JSON object: {e}"))?;
        let mut c = self.clone();
        match (probe.paths.is_some(), probe.permissions.is_some()) {
            (true, _) => {
                let file: OwnFile =
                    serde_json::from_str(text).map_err(|e| format!("extra catalog (claimcheck format): {e}"))?;
                c.merge_own(file).map_err(|e| format!("extra catalog (claimcheck format): {e}"))?;
            }
            (false, true) => {
                let file: DevxFile = serde_json::from_str(text)
                    .map_err(|e| format!("extra catalog (Graph Explorer permissions.json): {e}"))?;
                c.merge_devx(file).map_err(|e| format!("extra catalog (Graph Explorer permissions.json): {e}"))?;
            }
            (false, false) => {
                return Err("extra catalog: expected a top-level \"paths\" object (claimcheck \
                            format) or \"permissions\" object (Graph Explorer permissions.json)"
                    .to_owned())
            }
        }
        c.finish();
        Ok(c)
    }

    fn merge_own(&mut self, file: OwnFile) -> Result<(), String> {
        if let Some(f) = file.format {
            if f != FORMAT {
                return Err(format!("format {f} is not supported (this claimcheck reads format {FORMAT})"));
            }
        }
        for (name, id) in file.roles {
            if !is_template_id(&id) {
                return Err(format!("role {name:?}: {id:?} is not a role template id"));
            }
            match self.roles.binary_search_by(|r| r.name.as_str().cmp(&name)) {
                Ok(at) => self.roles[at].id = id,
                Err(at) => self.roles.insert(at, Role { name, id }),
            }
        }
        for (path, entry) in file.paths.0 {
            let (display, segs) = parse_template(&path).map_err(|e| format!("path {path:?}: {e}"))?;
            let node = self.insert(&segs, &display);
            let listed = [&entry.v1, &entry.beta];
            for (v, methods) in listed.iter().enumerate() {
                for m in methods.iter().flat_map(|ms| ms.iter()) {
                    let m = parse_method(m).map_err(|e| format!("path {path:?}: {e}"))?;
                    self.nodes[node as usize].per[v].add_method(m);
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
                    Some(vs) => vs
                        .iter()
                        .map(|v| Version::parse(v).ok_or_else(|| at(format!("unknown version {v:?}"))))
                        .collect::<Result<_, _>>()?,
                    None if listed.iter().any(|l| l.is_some()) => {
                        VERSIONS.into_iter().filter(|v| listed[vi(*v)].is_some()).collect()
                    }
                    None => VERSIONS.to_vec(),
                };
                let row = own_row(method, me).map_err(at)?;
                for v in versions {
                    self.set_row(node, v, method, &row);
                }
            }
        }
        Ok(())
    }

    fn merge_devx(&mut self, file: DevxFile) -> Result<(), String> {
        // (lower-cased display path, method) -> display path and (name, least, level) per kind.
        type Acc = (String, [Vec<(String, bool, u32)>; 2]);
        let mut acc: BTreeMap<(String, Method), Acc> = BTreeMap::new();
        for (name, perm) in &file.permissions {
            for set in &perm.path_sets {
                let kinds: Vec<(usize, &str)> = set
                    .scheme_keys
                    .iter()
                    .filter_map(|k| match k.as_str() {
                        "DelegatedWork" => Some((0, "DelegatedWork")),
                        "Application" => Some((1, "Application")),
                        // Personal Microsoft accounts cannot call the endpoints claimcheck checks
                        // against work tokens; their scheme says nothing about a work token.
                        _ => None,
                    })
                    .collect();
                if kinds.is_empty() {
                    continue;
                }
                let methods = set
                    .methods
                    .iter()
                    .map(|m| parse_method(m).map_err(|e| format!("permission {name:?}: {e}")))
                    .collect::<Result<Vec<_>, _>>()?;
                for (path, flags) in &set.paths {
                    let (display, _) =
                        parse_template(path).map_err(|e| format!("permission {name:?}, path {path:?}: {e}"))?;
                    let least: Vec<&str> = flags
                        .split(';')
                        .filter_map(|part| part.trim().strip_prefix("least="))
                        .flat_map(|l| l.split(','))
                        .map(str::trim)
                        .collect();
                    for &m in &methods {
                        let key = (display.to_ascii_lowercase(), m);
                        let slot = acc.entry(key).or_insert_with(|| (display.clone(), Default::default()));
                        for &(k, scheme) in &kinds {
                            let level = perm.schemes.get(scheme).and_then(|s| s.privilege_level).unwrap_or(u32::MAX);
                            slot.1[k].push((name.clone(), least.contains(&scheme), level));
                        }
                    }
                }
            }
        }
        for ((_, method), (display, mut lists)) in acc {
            let (_, segs) = parse_template(&display)?;
            let [delegated, application] = lists.each_mut().map(order_devx);
            let row = Row {
                least_delegated: least_of(&delegated),
                least_application: least_of(&application),
                delegated: delegated.into_iter().map(|(n, _, _)| n).collect(),
                application: application.into_iter().map(|(n, _, _)| n).collect(),
                inferred: false,
                deprecation: DeprecationChange::Keep,
            };
            let under_security = matches!(segs.first(), Some(TSeg::Lit { key, .. }) if key == "security");
            let node = self.insert(&segs, &display);
            let info = &self.nodes[node as usize].per;
            let versions: Vec<Version> = if under_security && info.iter().any(PathInfo::is_known) {
                VERSIONS.into_iter().filter(|v| info[vi(*v)].is_known()).collect()
            } else {
                VERSIONS.to_vec()
            };
            for v in versions {
                if self.same_permissions(node, v, method, &row) {
                    continue;
                }
                self.set_row(node, v, method, &row);
            }
        }
        Ok(())
    }

    /// Whether the existing row for the call accepts exactly the same permissions.
    fn same_permissions(&self, node: u32, v: Version, m: Method, row: &Row) -> bool {
        let Some(ix) = self.nodes[node as usize].per[vi(v)].rows[m as usize] else {
            return false;
        };
        let e = &self.endpoints[ix as usize];
        fn set(l: &[String]) -> HashSet<&str> {
            l.iter().map(String::as_str).collect()
        }
        set(&e.delegated) == set(&row.delegated) && set(&e.application) == set(&row.application)
    }

    fn insert(&mut self, segs: &[TSeg], display: &str) -> u32 {
        let mut cur = 0u32;
        for seg in segs {
            cur = match seg {
                TSeg::Id => match self.nodes[cur as usize].id_child {
                    Some(c) => c,
                    None => {
                        let c = self.new_node(cur, "{id}", false);
                        self.nodes[cur as usize].id_child = Some(c);
                        c
                    }
                },
                TSeg::Lit { key, function } => {
                    let found = self.nodes[cur as usize]
                        .children
                        .binary_search_by(|&c| (*self.nodes[c as usize].key).cmp(key.as_str()));
                    match found {
                        Ok(at) => {
                            let c = self.nodes[cur as usize].children[at];
                            self.nodes[c as usize].function |= *function;
                            c
                        }
                        Err(at) => {
                            let c = self.new_node(cur, key, *function);
                            self.nodes[cur as usize].children.insert(at, c);
                            c
                        }
                    }
                }
            };
        }
        let node = &mut self.nodes[cur as usize];
        if node.template.is_empty() {
            node.template = display.into();
        }
        cur
    }

    fn new_node(&mut self, parent: u32, key: &str, function: bool) -> u32 {
        let ix = u32::try_from(self.nodes.len()).expect("catalog has fewer than 2^32 paths");
        self.nodes.push(Node {
            key: key.into(),
            function,
            parent,
            children: Vec::new(),
            id_child: None,
            template: "".into(),
            per: Default::default(),
        });
        ix
    }

    fn set_row(&mut self, node: u32, v: Version, m: Method, row: &Row) {
        let template = self.nodes[node as usize].template.to_string();
        let info = &mut self.nodes[node as usize].per[vi(v)];
        info.add_method(m);
        if row.delegated.is_empty() && row.application.is_empty() {
            info.rows[m as usize] = None;
            info.no_permission |= bit(m);
            return;
        }
        info.no_permission &= !bit(m);
        let existing = info.rows[m as usize];
        let deprecation = match &row.deprecation {
            DeprecationChange::Keep => existing.and_then(|ix| self.endpoints[ix as usize].deprecation.clone()),
            DeprecationChange::Set(d) => d.clone(),
        };
        let endpoint = Endpoint {
            version: v,
            method: m,
            path: template,
            delegated: row.delegated.clone(),
            application: row.application.clone(),
            least_delegated: row.least_delegated.clone(),
            least_application: row.least_application.clone(),
            inferred: row.inferred,
            deprecation,
            roles: RoleRequirement::none(),
        };
        match existing {
            Some(ix) => self.endpoints[ix as usize] = endpoint,
            None => {
                let ix = u32::try_from(self.endpoints.len()).expect("fewer than 2^32 endpoints");
                self.endpoints.push(endpoint);
                self.nodes[node as usize].per[vi(v)].rows[m as usize] = Some(ix);
            }
        }
    }

    /// Renumbers endpoints in trie order (so `endpoints()` is stable and holds no replaced rows)
    /// and computes each one's role requirement.
    fn finish(&mut self) {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        self.generation = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let old = std::mem::take(&mut self.endpoints);
        let mut slots: Vec<Option<Endpoint>> = old.into_iter().map(Some).collect();
        for n in 0..self.nodes.len() {
            for v in 0..2 {
                for m in 0..6 {
                    if let Some(ix) = self.nodes[n].per[v].rows[m] {
                        let mut e = slots[ix as usize].take().expect("each row is referenced once");
                        e.roles = self.role_requirement(&e.path, e.method);
                        self.nodes[n].per[v].rows[m] = Some(self.endpoints.len() as u32);
                        self.endpoints.push(e);
                    }
                }
            }
        }
    }

    fn role_by_name(&self, name: &str) -> Option<&Role> {
        self.roles.binary_search_by(|r| r.name.as_str().cmp(name)).ok().map(|at| &self.roles[at])
    }

    /// The roles a delegated caller needs for a call (the table of `docs/behaviour.md`, "Rules"), by template.
    pub fn role_requirement(&self, template: &str, method: Method) -> RoleRequirement {
        let mut segs = template.split('/').filter(|s| !s.is_empty());
        if !segs.next().is_some_and(|s| s.eq_ignore_ascii_case("security")) {
            return RoleRequirement::none();
        }
        let Some(family) = segs.next() else {
            return RoleRequirement::none();
        };
        let family = family.split('(').next().unwrap_or(family).to_ascii_lowercase();
        let (strength, names): (RoleStrength, &[&str]) = match family.as_str() {
            // The legacy Graph Security API; alerts_v2 is a different family.
            "alerts" | "securescores" | "securescorecontrolprofiles" | "tiindicators" => {
                if method.is_read() {
                    (RoleStrength::Strict, &[SECURITY_READER, SECURITY_ADMINISTRATOR, GLOBAL_ADMINISTRATOR])
                } else {
                    (RoleStrength::Strict, &[SECURITY_ADMINISTRATOR, GLOBAL_ADMINISTRATOR])
                }
            }
            "identities" => (RoleStrength::Loose, &[SECURITY_ADMINISTRATOR, GLOBAL_ADMINISTRATOR]),
            "cases" => (RoleStrength::Purview, &[]),
            _ => (RoleStrength::None, &[]),
        };
        RoleRequirement { strength, roles: names.iter().filter_map(|n| self.role_by_name(n)).cloned().collect() }
    }
}

fn is_template_id(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn parse_method(s: &str) -> Result<Method, String> {
    match Method::parse(s) {
        Some(Method::Head) | None => Err(format!("unknown method {s:?}")),
        Some(m) => Ok(m),
    }
}

fn own_row(method: Method, me: MethodEntry) -> Result<Row, String> {
    for name in me.delegated.iter().chain(&me.application) {
        if !is_permission_name(name) {
            return Err(format!("{name:?} is not a permission name"));
        }
    }
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
    let deprecation = match me.deprecated {
        None => DeprecationChange::Keep,
        Some(DeprecatedField::Flag(false)) => DeprecationChange::Set(None),
        Some(DeprecatedField::Flag(true)) => DeprecationChange::Set(Some(Deprecation {
            replacement_path: None,
            replacement_method: method,
            replacement_permissions: Vec::new(),
            path_fix: false,
        })),
        Some(DeprecatedField::Info(d)) => {
            let replacement_method = match &d.method {
                Some(m) => parse_method(m)?,
                None => method,
            };
            if let Some(p) = d.permissions.iter().find(|p| !is_permission_name(p)) {
                return Err(format!("deprecated: {p:?} is not a permission name"));
            }
            let replacement_path = match d.replacement {
                Some(p) => Some(parse_template(&p).map_err(|e| format!("deprecated: {e}"))?.0),
                None => None,
            };
            DeprecationChange::Set(Some(Deprecation {
                path_fix: d.path_fix && replacement_path.is_some(),
                replacement_path,
                replacement_method,
                replacement_permissions: d.permissions,
            }))
        }
    };
    // Every consumer reads the accepted lists as "least privileged first".
    let least_first = |accepted: Vec<String>, least: &[String]| -> Vec<String> {
        let (mut first, rest): (Vec<String>, Vec<String>) = accepted.into_iter().partition(|p| least.contains(p));
        first.extend(rest);
        first
    };
    Ok(Row {
        delegated: least_first(me.delegated, &least_delegated),
        application: least_first(me.application, &least_application),
        least_delegated,
        least_application,
        inferred: me.inferred,
        deprecation,
    })
}

/// Least-flagged first, then by Graph Explorer's privilege level, then by name; one entry per
/// name (a permission listed in two path sets keeps its least flag).
fn order_devx(list: &mut Vec<(String, bool, u32)>) -> Vec<(String, bool, u32)> {
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
    let mut seen = HashSet::new();
    std::mem::take(list).into_iter().filter(|(n, _, _)| seen.insert(n.clone())).collect()
}

/// The flagged permissions, or the first one when none is flagged (the list is ordered least
/// privileged first, so the first is the one to recommend).
fn least_of(list: &[(String, bool, u32)]) -> Vec<String> {
    let flagged: Vec<String> = list.iter().filter(|p| p.1).map(|p| p.0.clone()).collect();
    if flagged.is_empty() {
        list.first().map(|p| p.0.clone()).into_iter().collect()
    } else {
        flagged
    }
}

// ---------------------------------------------------------------------------------------------
// Lookup
// ---------------------------------------------------------------------------------------------

impl Catalog {
    /// What a call needs. `path` is what follows the version in a URL, starting with `/`, query
    /// removed, placeholders written `{}`. Matching ignores case; a literal template segment beats
    /// a `{id}` one; a placeholder matches any one segment, preferring `{id}`, then the one
    /// segment whose path allows the method. Namespace-qualified operation names, function
    /// parentheses, keys in parentheses and a trailing `$count`, `$ref` or `$value` are understood.
    ///
    /// A placeholder that leaves the endpoint undetermined (`/security/{}`: any of forty
    /// families) gives `OutOfScope`: nothing true can be said about such a call.
    pub fn lookup(&self, version: Version, method: Method, path: &str) -> Lookup<'_> {
        let mut buf = [Seg::Hole; MAX_SEGMENTS];
        let Some(n) = split_input(path, &mut buf) else {
            return if under_security_raw(path) {
                Lookup::Unknown { suggestion: None, in_other_version: false }
            } else {
                Lookup::OutOfScope
            };
        };
        let segs = &buf[..n];
        if segs.is_empty() {
            return Lookup::OutOfScope;
        }
        let under_security = matches!(segs[0], Seg::Lit(s) if s.eq_ignore_ascii_case("security"));
        let v = vi(version);
        let m = data_method(method);
        match self.find(segs, v, m) {
            Found::At(node, suffix) => {
                let found = self.resolve(node, v, m, suffix, under_security);
                if !matches!(found, Lookup::MethodNotAllowed { .. }) {
                    return found;
                }
                // `POST /v1.0/security/alerts/updateAlerts` falls back to `alerts/{id}` in v1.0,
                // but the call is the beta action, not a wrong method on an alert.
                match self.find(segs, 1 - v, m) {
                    Found::At(other, _)
                        if !self.nodes[other as usize].per[v].is_known()
                            && self.nodes[other as usize].per[1 - v].allows(m) =>
                    {
                        return Lookup::Unknown { suggestion: None, in_other_version: true };
                    }
                    _ => return found,
                }
            }
            Found::Ambiguous => return Lookup::OutOfScope,
            Found::Nothing if !under_security => return Lookup::OutOfScope,
            Found::Nothing => {}
        }
        let stripped = strip_suffix(segs).map(|(_, s)| s);
        let suggestion = self.suggest(segs, v, m).or_else(|| stripped.and_then(|s| self.suggest(s, v, m)));
        let in_other_version = self.find(segs, 1 - v, m) != Found::Nothing;
        Lookup::Unknown { suggestion, in_other_version }
    }

    /// The node a URL's segments resolve to in a version, trying the written form first and then
    /// without a trailing OData segment.
    fn find(&self, segs: &[Seg], v: usize, m: Method) -> Found {
        match self.walk(0, segs, v, m) {
            Match::One(node, _) => return Found::At(node, Suffix::None),
            Match::Ambiguous => return Found::Ambiguous,
            Match::Nothing => {}
        }
        let Some((suffix, shorter)) = strip_suffix(segs) else {
            return Found::Nothing;
        };
        match self.walk(0, shorter, v, m) {
            Match::One(node, _) => Found::At(node, suffix),
            Match::Ambiguous => Found::Ambiguous,
            Match::Nothing => Found::Nothing,
        }
    }

    /// Depth-first match with backtracking.
    fn walk(&self, node: u32, segs: &[Seg], v: usize, m: Method) -> Match {
        let n = &self.nodes[node as usize];
        let Some((first, rest)) = segs.split_first() else {
            let info = &n.per[v];
            return if info.is_known() { Match::One(node, info.allows(m)) } else { Match::Nothing };
        };
        match *first {
            Seg::Lit(s) => {
                for name in std::iter::once(s).chain(short_name(s)) {
                    if let Some(c) = self.child(node, name) {
                        let r = self.walk(c, rest, v, m);
                        if r != Match::Nothing {
                            return r;
                        }
                    }
                }
                n.id_child.map_or(Match::Nothing, |id| self.walk(id, rest, v, m))
            }
            Seg::Call { name, bare } => {
                for name in std::iter::once(name).chain(short_name(name)) {
                    let Some(c) = self.child(node, name) else {
                        continue;
                    };
                    let child = &self.nodes[c as usize];
                    if !child.function && !bare {
                        // `alerts_v2('x')`: a key in parentheses addresses the member.
                        if let Some(id) = child.id_child {
                            let r = self.walk(id, rest, v, m);
                            if r != Match::Nothing {
                                return r;
                            }
                        }
                    }
                    // A function, or one whose template was written without parentheses.
                    let r = self.walk(c, rest, v, m);
                    if r != Match::Nothing {
                        return r;
                    }
                }
                Match::Nothing
            }
            Seg::Hole => {
                let mut by_id = Match::Nothing;
                if let Some(id) = n.id_child {
                    by_id = self.walk(id, rest, v, m);
                    if matches!(by_id, Match::One(_, true) | Match::Ambiguous) {
                        return by_id;
                    }
                }
                let (mut allowing, mut other, mut ambiguous) = (Match::Nothing, Match::Nothing, false);
                for &c in &n.children {
                    match self.walk(c, rest, v, m) {
                        Match::Nothing => {}
                        Match::Ambiguous => ambiguous = true,
                        r @ Match::One(_, true) => allowing = allowing.or_one(r),
                        r @ Match::One(_, false) => other = other.or_one(r),
                    }
                }
                match (allowing, ambiguous) {
                    (Match::One(..), false) => return allowing,
                    (Match::Nothing, _) => {}
                    _ => return Match::Ambiguous,
                }
                if by_id != Match::Nothing {
                    return by_id;
                }
                if ambiguous {
                    return Match::Ambiguous;
                }
                other
            }
        }
    }

    fn child(&self, node: u32, seg: &str) -> Option<u32> {
        let children = &self.nodes[node as usize].children;
        children.binary_search_by(|&c| cmp_key(&self.nodes[c as usize].key, seg)).ok().map(|at| children[at])
    }

    fn resolve(&self, node: u32, v: usize, m: Method, suffix: Suffix, under_security: bool) -> Lookup<'_> {
        let n = &self.nodes[node as usize];
        let info = &n.per[v];
        if suffix == Suffix::Count {
            // `$count` is a GET on the collection and needs what listing it needs.
            if m != Method::Get {
                return if under_security {
                    Lookup::MethodNotAllowed { template: format!("{}/$count", n.template), methods: vec![Method::Get] }
                } else {
                    Lookup::OutOfScope
                };
            }
        }
        if let Some(ix) = info.rows[m as usize] {
            return Lookup::Endpoint(&self.endpoints[ix as usize]);
        }
        if &*n.key == "$count" && m == Method::Get {
            if let Some(ix) = self.nodes[n.parent as usize].per[v].rows[Method::Get as usize] {
                return Lookup::Endpoint(&self.endpoints[ix as usize]);
            }
        }
        let template = match suffix {
            Suffix::Count => format!("{}/$count", n.template),
            _ => n.template.to_string(),
        };
        if info.allows(m) || suffix == Suffix::Count {
            let methods = if suffix == Suffix::Count { vec![Method::Get] } else { info.methods.clone() };
            return Lookup::NoPermissionData { template, methods };
        }
        if !under_security {
            return Lookup::OutOfScope;
        }
        if matches!(suffix, Suffix::Ref | Suffix::Value) {
            // Writing a reference or a stream is allowed where the schema-derived method list
            // says nothing about it; no permission is published for these forms.
            return Lookup::NoPermissionData { template, methods: info.methods.clone() };
        }
        Lookup::MethodNotAllowed { template, methods: info.methods.clone() }
    }

    /// The closest known path in the version: same number of segments, each differing segment
    /// within a small edit distance. Ties go to a path that allows the method, then to one where
    /// placeholders stand for keys rather than named segments, then to the alphabetically first.
    fn suggest(&self, segs: &[Seg], v: usize, m: Method) -> Option<String> {
        let mut best: Option<(Rank, u32)> = None;
        self.suggest_walk(0, segs, v, m, Rank::default(), &mut best);
        best.map(|(_, n)| self.nodes[n as usize].template.to_string())
    }

    fn suggest_walk(&self, node: u32, segs: &[Seg], v: usize, m: Method, rank: Rank, best: &mut Option<(Rank, u32)>) {
        if best.as_ref().is_some_and(|b| rank.edits > b.0.edits) {
            return;
        }
        let n = &self.nodes[node as usize];
        let Some((first, rest)) = segs.split_first() else {
            if n.per[v].is_known() {
                let rank = Rank { refuses_method: !n.per[v].allows(m), ..rank };
                let better = match best {
                    None => true,
                    Some((b, bn)) => (rank, &*n.template) < (*b, &*self.nodes[*bn as usize].template),
                };
                if better {
                    *best = Some((rank, node));
                }
            }
            return;
        };
        let written = match *first {
            Seg::Lit(s) => Some(s),
            Seg::Call { name, .. } => Some(name),
            Seg::Hole => None,
        };
        if let Some(id) = n.id_child {
            self.suggest_walk(id, rest, v, m, rank, best);
        }
        for &c in &n.children {
            let next = match written {
                None => Rank { named_holes: rank.named_holes + 1, ..rank },
                Some(w) => match suggestion_distance(w, &self.nodes[c as usize].key) {
                    Some(d) => Rank { edits: rank.edits + d, ..rank },
                    None => continue,
                },
            };
            self.suggest_walk(c, rest, v, m, next, best);
        }
    }
}

/// How far a suggestion is from what was written; smaller is better, compared field by field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    edits: usize,
    refuses_method: bool,
    /// Placeholders matched to a named segment instead of `{id}`.
    named_holes: usize,
}

/// Splits a URL path into segments on the stack; `None` when there are too many.
fn split_input<'a>(path: &'a str, buf: &mut [Seg<'a>; MAX_SEGMENTS]) -> Option<usize> {
    let mut n = 0;
    for s in path.split('/').filter(|s| !s.is_empty()) {
        if n == MAX_SEGMENTS {
            return None;
        }
        buf[n] = parse_input_segment(s);
        n += 1;
    }
    Some(n)
}

fn under_security_raw(path: &str) -> bool {
    path.split('/').find(|s| !s.is_empty()).is_some_and(|s| s.eq_ignore_ascii_case("security"))
}

fn strip_suffix<'s, 'a>(segs: &'s [Seg<'a>]) -> Option<(Suffix, &'s [Seg<'a>])> {
    let (last, rest) = segs.split_last()?;
    let Seg::Lit(s) = *last else { return None };
    let suffix = if s.eq_ignore_ascii_case("$count") {
        Suffix::Count
    } else if s.eq_ignore_ascii_case("$ref") {
        Suffix::Ref
    } else if s.eq_ignore_ascii_case("$value") {
        Suffix::Value
    } else {
        return None;
    };
    (!rest.is_empty()).then_some((suffix, rest))
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

impl Catalog {
    /// The name of the Entra role with this template id (case-insensitive), as the catalog knows it.
    pub fn role_name(&self, template_id: &str) -> Option<&str> {
        self.roles.iter().find(|r| r.id.eq_ignore_ascii_case(template_id)).map(|r| r.name.as_str())
    }

    /// The Entra role with this display name.
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.role_by_name(name)
    }

    /// Every row with permission data, both versions.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.iter()
    }

    /// Every path known in a version, with its methods; extra data's paths outside `/security`
    /// included.
    pub fn known_paths(&self, version: Version) -> impl Iterator<Item = (&str, &[Method])> {
        let v = vi(version);
        self.nodes.iter().filter(move |n| n.per[v].is_known()).map(move |n| (&*n.template, n.per[v].methods.as_slice()))
    }

    /// The methods known for a path (a template or a URL path) in a version; empty if unknown.
    pub fn methods_for(&self, version: Version, path: &str) -> Vec<Method> {
        let mut buf = [Seg::Hole; MAX_SEGMENTS];
        let Some(n) = split_input(path, &mut buf) else {
            return Vec::new();
        };
        let v = vi(version);
        match self.find(&buf[..n], v, Method::Get) {
            Found::At(_, Suffix::Count) => vec![Method::Get],
            Found::At(node, _) => self.nodes[node as usize].per[v].methods.clone(),
            Found::Ambiguous | Found::Nothing => Vec::new(),
        }
    }

    /// Whether Microsoft publishes no permission at all for this call (as opposed to the catalog
    /// simply having no row for it).
    pub fn publishes_no_permission(&self, version: Version, method: Method, path: &str) -> bool {
        let mut buf = [Seg::Hole; MAX_SEGMENTS];
        let Some(n) = split_input(path, &mut buf) else {
            return false;
        };
        let v = vi(version);
        let m = data_method(method);
        match self.find(&buf[..n], v, m) {
            Found::At(node, Suffix::None) => self.nodes[node as usize].per[v].no_permission & bit(m) != 0,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Method::{Delete, Get, Head, Patch, Post, Put};
    use Version::{Beta, V1};

    fn cat() -> &'static Catalog {
        Catalog::builtin()
    }

    /// What a lookup is expected to give, in a form one table line can spell.
    #[derive(Debug)]
    enum Want {
        /// An endpoint with this template.
        Ep(&'static str),
        NoData(&'static str),
        NotAllowed(&'static str, &'static [Method]),
        Unknown(Option<&'static str>, bool),
        Out,
    }

    fn check(c: &Catalog, version: Version, method: Method, path: &str, want: &Want) {
        let got = c.lookup(version, method, path);
        let ok = match (want, &got) {
            (Want::Ep(t), Lookup::Endpoint(e)) => e.path == *t && e.version == version,
            (Want::NoData(t), Lookup::NoPermissionData { template, .. }) => template == t,
            (Want::NotAllowed(t, ms), Lookup::MethodNotAllowed { template, methods }) => template == t && methods == ms,
            (Want::Unknown(s, o), Lookup::Unknown { suggestion, in_other_version }) => {
                suggestion.as_deref() == *s && in_other_version == o
            }
            (Want::Out, Lookup::OutOfScope) => true,
            _ => false,
        };
        assert!(ok, "{method} /{version}{path}: wanted {want:?}, got {got:?}");
    }

    #[test]
    fn builtin_parses_every_row() {
        let c = cat();
        let v1 = c.known_paths(V1).count();
        let beta = c.known_paths(Beta).count();
        assert!((440..=470).contains(&v1), "v1.0 known paths: {v1}");
        assert!((640..=680).contains(&beta), "beta known paths: {beta}");
        assert!(c.endpoints().count() > 700, "rows with permissions: {}", c.endpoints().count());
        for e in c.endpoints() {
            let here = format!("{} /{}{}", e.method, e.version, e.path);
            assert!(!e.delegated.is_empty() || !e.application.is_empty(), "{here}: no permission");
            for kind in [TokenKind::Delegated, TokenKind::Application] {
                let (acc, least) = (e.accepted(kind), e.least(kind));
                assert_eq!(acc.is_empty(), least.is_empty(), "{here}: {kind:?} least set");
                assert!(least.iter().all(|p| acc.contains(p)), "{here}: least outside accepted");
                assert_eq!(&acc[..least.len()], least, "{here}: least privileged not first");
            }
            assert!(e.path.starts_with("/security"), "{here}");
            assert!(!e.path.contains('{') || e.path.contains("{id}"), "{here}: key not {{id}}");
            // Every row must be reachable from its own template.
            assert_eq!(c.lookup(e.version, e.method, &e.path), Lookup::Endpoint(e), "{here}");
        }
        for (path, methods) in c.known_paths(V1).chain(c.known_paths(Beta)) {
            assert!(!methods.is_empty() && !methods.contains(&Head), "{path}");
        }
    }

    #[test]
    fn builtin_parses_again_to_the_same_catalog() {
        // Parse time is measured by the `scan` benchmark, not asserted here.
        let parsed = Catalog::parse_builtin(BUILTIN_TEXT).expect("parses");
        assert_eq!(parsed.endpoints().count(), cat().endpoints().count());
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn permission_names_are_well_formed() {
        for (name, ok) in [
            ("SecurityAlert.Read.All", true),
            ("AuditLogsQuery-Entra.Read.All", true),
            ("CloudApp-Discovery.Read.All", true),
            ("User.Read", true),
            ("ThreatIndicators.ReadWrite.OwnedBy", true),
            ("eDiscovery.ReadWrite.All", true),
            ("", false),
            ("Security Alert.Read.All", false),
            ("SecurityAlert..Read", false),
            ("SecurityAlert.Read.", false),
            ("-Security.Read", false),
            ("1Security.Read", false),
            ("Security-.Read", false),
        ] {
            assert_eq!(is_permission_name(name), ok, "{name:?}");
        }
        let c = cat();
        for e in c.endpoints() {
            let names = e.delegated.iter().chain(&e.application);
            let replacement = e.deprecation.iter().flat_map(|d| &d.replacement_permissions);
            for p in names.chain(replacement) {
                assert!(is_permission_name(p), "{} {}: {p:?}", e.method, e.path);
            }
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn spec_role_ids_resolve_by_name() {
        for (name, id) in [
            ("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
            ("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d"),
            ("Global Administrator", "62e90394-69f5-4237-9190-012177145e10"),
        ] {
            assert_eq!(cat().role(name).map(|r| r.id.as_str()), Some(id), "{name}");
            assert_eq!(cat().role_name(id), Some(name));
            assert_eq!(cat().role_name(&id.to_ascii_uppercase()), Some(name));
        }
        assert_eq!(cat().role_name("00000000-0000-0000-0000-000000000000"), None);
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn lookups() {
        use Want::*;
        let table: &[(Version, Method, &str, Want)] = &[
            (V1, Get, "/security/alerts_v2", Ep("/security/alerts_v2")),
            (V1, Get, "/SECURITY/Alerts_V2", Ep("/security/alerts_v2")),
            (V1, Get, "/security/alerts_v2/", Ep("/security/alerts_v2")),
            (V1, Get, "/security/alerts_v2/{}", Ep("/security/alerts_v2/{id}")),
            (V1, Get, "/security/alerts_v2/da637578995287051192_756343937", Ep("/security/alerts_v2/{id}")),
            (V1, Head, "/security/alerts_v2/abc", Ep("/security/alerts_v2/{id}")),
            (V1, Patch, "/security/incidents/{}", Ep("/security/incidents/{id}")),
            // A literal template segment beats {id}, and a wrong method on it is not an id.
            (V1, Post, "/security/incidents/mergeIncidents", NoData("/security/incidents/mergeIncidents")),
            (V1, Get, "/security/incidents/mergeIncidents", NotAllowed("/security/incidents/mergeIncidents", &[Post])),
            (Beta, Post, "/security/alerts/updateAlerts", Ep("/security/alerts/updateAlerts")),
            (Beta, Get, "/security/alerts/updateAlerts", NotAllowed("/security/alerts/updateAlerts", &[Post])),
            // When the literal path dead-ends, the segment is a key after all.
            (V1, Get, "/security/incidents/mergeIncidents/alerts", NoData("/security/incidents/{id}/alerts")),
            // A placeholder prefers {id}, then the one path that allows the method; several
            // equally good paths leave the call undetermined.
            (V1, Post, "/security/alerts_v2/{}", NoData("/security/alerts_v2/moveAlerts")),
            (Beta, Post, "/security/alerts_v2/{}", Out),
            (V1, Get, "/security/{}", Out),
            (V1, Get, "/security/{}/{}", Out),
            (V1, Get, "/security/incidents/{}/{}", NoData("/security/incidents/{id}/alerts")),
            (V1, Patch, "/security/alerts_v2/{}", Ep("/security/alerts_v2/{id}")),
            // Namespace-qualified operation names; type casts that are templates stay.
            (V1, Post, "/security/microsoft.graph.security.runHuntingQuery", Ep("/security/runHuntingQuery")),
            (V1, Post, "/security/runhuntingquery", Ep("/security/runHuntingQuery")),
            (Beta, Get, "/security/caseManagement/cases/microsoft.graph.security.caseManagement.genericCase", Ep("/security/caseManagement/cases/microsoft.graph.security.caseManagement.genericCase")),
            (V1, Get, "/security/threatIntelligence/hosts/{}/microsoft.graph.security.hostname", NoData("/security/threatIntelligence/hosts/{id}/microsoft.graph.security.hostname")),
            // Functions with and without parentheses and arguments; keys in parentheses.
            (Beta, Get, "/security/getRunHuntingQuery()", Ep("/security/getRunHuntingQuery()")),
            (Beta, Get, "/security/getrunhuntingquery", Ep("/security/getRunHuntingQuery()")),
            (V1, Get, "/security/identities/sensors/getDeploymentAccessKey()", Ep("/security/identities/sensors/getDeploymentAccessKey()")),
            (V1, Get, "/security/identities/sensors/microsoft.graph.security.getDeploymentAccessKey()", Ep("/security/identities/sensors/getDeploymentAccessKey()")),
            (Beta, Get, "/security/cases/ediscoveryCases/{}/operations/{}/microsoft.graph.security.ediscoveryExportOperation/getDownloadUrl(x='1')", Ep("/security/cases/ediscoveryCases/{id}/operations/{id}/microsoft.graph.security.ediscoveryExportOperation/getDownloadUrl()")),
            (V1, Get, "/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance(labelIds=['a'],locale='en-US',contentFormats=['file'])", Ep("/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance()")),
            (V1, Get, "/security/alerts_v2('abc')", Ep("/security/alerts_v2/{id}")),
            (V1, Get, "/security/subjectRightsRequests/{}/approvers(userPrincipalName='a@b.c')", NoData("/security/subjectRightsRequests/{id}/approvers/{id}")),
            // OData suffixes.
            (V1, Get, "/security/alerts_v2/$count", Ep("/security/alerts_v2")),
            (V1, Get, "/security/alerts_v2/$COUNT", Ep("/security/alerts_v2")),
            (V1, Post, "/security/alerts_v2/$count", NotAllowed("/security/alerts_v2/$count", &[Get])),
            (V1, Get, "/security/incidents/{}/alerts/$count", NoData("/security/incidents/{id}/alerts/$count")),
            (V1, Get, "/security/alerts_v2/{}/$value", Ep("/security/alerts_v2/{id}")),
            (V1, Delete, "/security/labels/retentionLabels/{}/descriptors/$ref", NoData("/security/labels/retentionLabels/{id}/descriptors")),
            (Beta, Get, "/security/cases/ediscoveryCases/{}/reviewSets/{}/files/{}/content/$value", NoData("/security/cases/ediscoveryCases/{id}/reviewSets/{id}/files/{id}/content")),
            // Known path, no published permission.
            (V1, Post, "/security/alerts_v2/moveAlerts", NoData("/security/alerts_v2/moveAlerts")),
            (V1, Get, "/security", NoData("/security")),
            // Method not allowed on a known path.
            (V1, Put, "/security/alerts_v2", NotAllowed("/security/alerts_v2", &[Get, Post])),
            (V1, Put, "/security/incidents/{}", NotAllowed("/security/incidents/{id}", &[Get, Patch, Delete])),
            // Unknown, with and without a suggestion; known in the other version.
            (V1, Get, "/security/secureScore", Unknown(Some("/security/secureScores"), false)),
            (V1, Get, "/security/alert_v2", Unknown(Some("/security/alerts_v2"), false)),
            (V1, Get, "/security/alert_v2/{}", Unknown(Some("/security/alerts_v2/{id}"), false)),
            (V1, Get, "/security/incidents/{}/alert", Unknown(Some("/security/incidents/{id}/alerts"), false)),
            (V1, Get, "/security/secureScore/$count", Unknown(Some("/security/secureScores/$count"), false)),
            (V1, Get, "/security/nonsense", Unknown(None, false)),
            (V1, Get, "/security/ab", Unknown(None, false)),
            (V1, Get, "/security/tiIndicators", Unknown(None, true)),
            (V1, Post, "/security/alerts/updateAlerts", Unknown(None, true)),
            // Suggestions come from the same version only.
            (V1, Get, "/security/tiIndicator", Unknown(None, false)),
            (Beta, Get, "/security/tiIndicator", Unknown(Some("/security/tiIndicators"), false)),
            (Beta, Delete, "/security/threatSubmission/emailthreatsubmissionpolices/{}", Unknown(Some("/security/threatSubmission/emailThreatSubmissionPolicies/{id}"), false)),
            // Outside /security, nothing covers it.
            (V1, Get, "/me", Out),
            (V1, Get, "/users/{}/messages", Out),
            (V1, Get, "/", Out),
            (V1, Get, "", Out),
        ];
        for (version, method, path, want) in table {
            check(cat(), *version, *method, path, want);
        }
    }

    #[test]
    fn lookup_of_an_absurdly_long_path_gives_up_cleanly() {
        let long = "/security".to_owned() + &"/x".repeat(MAX_SEGMENTS + 5);
        check(cat(), V1, Get, &long, &Want::Unknown(None, false));
        check(cat(), V1, Get, &"/x".repeat(MAX_SEGMENTS + 5), &Want::Out);
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn methods_for_lists_known_methods() {
        for (version, path, want) in [
            (V1, "/security/alerts_v2/{id}", &[Get, Patch, Delete][..]),
            (V1, "/security/alerts_v2/abc", &[Get, Patch, Delete]),
            (Beta, "/security/alerts", &[Get, Post]),
            (V1, "/security/alerts_v2/$count", &[Get]),
            (V1, "/security/tiIndicators", &[]),
            (V1, "/me", &[]),
        ] {
            assert_eq!(cat().methods_for(version, path), want, "{version} {path}");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn no_published_permission_is_told_from_no_row() {
        for (version, method, path, want) in [
            (V1, Post, "/security/alerts_v2/moveAlerts", true),
            (V1, Get, "/security/incidents/{}/alerts", true),
            (Beta, Post, "/security/identities/identityAccounts/{}/invokeAction", true),
            (V1, Get, "/security/alerts_v2/$count", false),
            (V1, Get, "/security", false),
            (V1, Get, "/security/alerts_v2", false),
        ] {
            assert_eq!(cat().publishes_no_permission(version, method, path), want, "{method} {path}");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn permissions_and_least_privileged_sets() {
        type Case = (Version, Method, &'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str], &'static [&'static str]);
        let table: &[Case] = &[
            (V1, Get, "/security/alerts_v2", &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All"]),
            (V1, Get, "/security/alerts_v2/{id}", &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"]),
            // Every AuditLogsQuery scope satisfies an audit query: the body decides which.
            (V1, Post, "/security/auditLog/queries", &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"]),
            // eDiscovery writes recommend ReadWrite; Read.All stays accepted as the source says.
            (V1, Post, "/security/cases/ediscoveryCases", &["eDiscovery.ReadWrite.All", "eDiscovery.Read.All"], &["eDiscovery.ReadWrite.All"], &["eDiscovery.ReadWrite.All", "eDiscovery.Read.All"], &["eDiscovery.ReadWrite.All"]),
            (V1, Get, "/security/cases/ediscoveryCases", &["eDiscovery.Read.All", "eDiscovery.ReadWrite.All"], &["eDiscovery.Read.All"], &["eDiscovery.Read.All", "eDiscovery.ReadWrite.All"], &["eDiscovery.Read.All"]),
            // threatSubmission's delegated lists carry no least flag: the first is least.
            (Beta, Get, "/security/threatSubmission/emailThreats", &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"], &["ThreatSubmission.Read.All"], &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"], &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"]),
            // Application only, delegated only, and names that differ by kind.
            (V1, Get, "/security/collaboration/analyzedEmails", &[], &[], &["SecurityAnalyzedMessage.Read.All", "SecurityAnalyzedMessage.ReadWrite.All"], &["SecurityAnalyzedMessage.Read.All"]),
            (V1, Post, "/security/subjectRightsRequests", &["SubjectRightsRequest.ReadWrite.All"], &["SubjectRightsRequest.ReadWrite.All"], &[], &[]),
            (Beta, Get, "/security/informationProtection/sensitivityLabels", &["InformationProtectionPolicy.Read"], &["InformationProtectionPolicy.Read"], &["InformationProtectionPolicy.Read.All"], &["InformationProtectionPolicy.Read.All"]),
            (Beta, Get, "/security/tiIndicators", &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"]),
            // A source_anomaly typo row lands on the real navigation.
            (Beta, Delete, "/security/threatSubmission/emailThreatSubmissionPolicies/{id}", &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"]),
        ];
        for (version, method, path, d, ld, a, la) in table {
            let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else {
                panic!("{method} {path}: no endpoint");
            };
            let here = format!("{method} /{version}{path}");
            assert_eq!(e.delegated, *d, "{here} delegated");
            assert_eq!(e.least_delegated, *ld, "{here} least delegated");
            assert_eq!(e.application, *a, "{here} application");
            assert_eq!(e.least_application, *la, "{here} least application");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn inferred_rows_are_marked() {
        for (version, method, path, inferred) in [
            (V1, Get, "/security/threatIntelligence/whoisRecords", true),
            (V1, Get, "/security/threatIntelligence/articles", false),
        ] {
            let Lookup::Endpoint(e) = cat().lookup(version, method, path) else { panic!("{path}") };
            assert_eq!(e.inferred, inferred, "{path}");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn roles_per_family() {
        const READ: &[&str] = &["Security Reader", "Security Administrator", "Global Administrator"];
        const WRITE: &[&str] = &["Security Administrator", "Global Administrator"];
        use RoleStrength::{Loose, None as NoRole, Purview, Strict};
        let table: &[(Version, Method, &str, RoleStrength, &[&str])] = &[
            (V1, Get, "/security/alerts", Strict, READ),
            (V1, Get, "/security/alerts/{}", Strict, READ),
            (V1, Patch, "/security/alerts/{}", Strict, WRITE),
            (Beta, Post, "/security/alerts/updateAlerts", Strict, WRITE),
            (V1, Get, "/security/alerts/$count", Strict, READ),
            (V1, Head, "/security/secureScores", Strict, READ),
            (V1, Get, "/security/secureScores/{}", Strict, READ),
            (V1, Patch, "/security/secureScoreControlProfiles/{}", Strict, WRITE),
            (Beta, Get, "/security/tiIndicators", Strict, READ),
            (Beta, Post, "/security/tiIndicators/submitTiIndicators", Strict, WRITE),
            (V1, Get, "/security/alerts_v2", NoRole, &[]),
            (V1, Get, "/security/incidents", NoRole, &[]),
            (V1, Get, "/security/identities/healthIssues", Loose, WRITE),
            (V1, Patch, "/security/identities/sensors/{}", Loose, WRITE),
            (V1, Get, "/security/cases/ediscoveryCases", Purview, &[]),
            (V1, Post, "/security/cases/ediscoveryCases/{}/searches/{}/purgeData", Purview, &[]),
            (Beta, Get, "/security/caseManagement/cases", NoRole, &[]),
        ];
        for (version, method, path, strength, names) in table {
            let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else { panic!("{path}") };
            assert_eq!(e.roles.strength, *strength, "{method} {path}");
            let got: Vec<&str> = e.roles.roles.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(got, *names, "{method} {path}");
            for r in &e.roles.roles {
                assert_eq!(cat().role_name(&r.id), Some(r.name.as_str()));
            }
        }
        let purview = cat().role_requirement("/security/cases/ediscoveryCases", Get);
        assert_eq!(purview.display_names(), PURVIEW_ROLE_NAMES);
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn deprecation_per_family() {
        type Replacement = Option<(Method, &'static str, &'static str, bool)>;
        let table: &[(Version, Method, &str, Replacement)] = &[
            (V1, Get, "/security/alerts", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
            (Beta, Get, "/security/alerts", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
            (V1, Get, "/security/alerts/{}", Some((Get, "/security/alerts_v2/{id}", "SecurityAlert.Read.All", true))),
            (V1, Patch, "/security/alerts/{}", Some((Patch, "/security/alerts_v2/{id}", "SecurityAlert.ReadWrite.All", true))),
            (Beta, Post, "/security/alerts/updateAlerts", Some((Patch, "/security/alerts_v2/{id}", "SecurityAlert.ReadWrite.All", false))),
            (V1, Get, "/security/alerts/$count", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
            (V1, Get, "/security/alerts_v2", None),
            (V1, Get, "/security/secureScores", None),
            (Beta, Get, "/security/tiIndicators", None),
        ];
        for (version, method, path, want) in table {
            let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else { panic!("{path}") };
            let got = e.deprecation.as_ref().map(|d| {
                (
                    d.replacement_method,
                    d.replacement_path.as_deref().unwrap_or(""),
                    d.replacement_permissions.join(" "),
                    d.path_fix,
                )
            });
            let want = want.map(|(m, p, perm, fix)| (m, p, perm.to_owned(), fix));
            assert_eq!(got, want, "{method} /{version}{path}");
        }
    }

    const DEVX_SAMPLE: &str = r#"{
      "$schema": "https://example.invalid/schema.json",
      "permissions": {
        "User.Read": {
          "authorizationType": "oAuth2",
          "schemes": {
            "DelegatedWork": {"adminDisplayName": "x", "privilegeLevel": 1},
            "DelegatedPersonal": {"privilegeLevel": 1}
          },
          "pathSets": [
            {"schemeKeys": ["DelegatedWork", "DelegatedPersonal"], "methods": ["GET"],
             "paths": {"/me": "least=DelegatedWork,DelegatedPersonal", "/users/{user-id}": ""}}
          ]
        },
        "User.Read.All": {
          "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
          "pathSets": [
            {"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
             "paths": {"/me": "", "/users/{user-id}": "least=Application"}}
          ]
        },
        "User.ReadBasic.All": {
          "schemes": {"DelegatedWork": {"privilegeLevel": 2}},
          "pathSets": [
            {"schemeKeys": ["DelegatedWork"], "methods": ["GET"], "paths": {"/users/{user-id}": ""}}
          ]
        },
        "Mail.Send": {
          "schemes": {"DelegatedPersonal": {"privilegeLevel": 2}},
          "pathSets": [
            {"schemeKeys": ["DelegatedPersonal"], "methods": ["POST"], "paths": {"/me/sendMail": "least=DelegatedPersonal"}}
          ]
        },
        "Reports.Read.All": {
          "schemes": {"Application": {"privilegeLevel": 3}},
          "pathSets": [
            {"schemeKeys": ["Application"], "methods": ["GET"],
             "paths": {"/reports/getmailboxusagestorage(period={value})": "least=Application",
                       "/serviceprincipals(appid={value})/sponsors": "least=Application;AlsoRequires=Directory.Read.All"}}
          ]
        },
        "SecurityAlert.Read.All": {
          "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
          "pathSets": [
            {"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
             "paths": {"/security/alerts_v2": "least=DelegatedWork,Application",
                       "/security/tiindicators": "least=DelegatedWork",
                       "/security/newThing": "least=DelegatedWork,Application"}}
          ]
        },
        "AuditLogsQuery-Entra.Read.All": {
          "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
          "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
                        "paths": {"/security/auditlog/queries": "least=DelegatedWork,Application"}}]
        }
      }
    }"#;

    #[test]
    fn graph_explorer_loader() {
        let c = cat().with_extra(DEVX_SAMPLE).expect("sample loads");
        let ep = |v, m, p: &str| match c.lookup(v, m, p) {
            Lookup::Endpoint(e) => e.clone(),
            other => panic!("{m} {p}: {other:?}"),
        };
        // Least first, then privilege level; personal accounts ignored; any {name} is a key.
        let me = ep(V1, Get, "/me");
        assert_eq!(
            (me.delegated.as_slice(), me.least_delegated.as_slice()),
            (&["User.Read".to_owned(), "User.Read.All".to_owned()][..], &["User.Read".to_owned()][..])
        );
        assert_eq!(
            (me.application.as_slice(), me.least_application.as_slice()),
            (&["User.Read.All".to_owned()][..], &["User.Read.All".to_owned()][..])
        );
        assert_eq!(me.path, "/me");
        assert_eq!(ep(Beta, Get, "/ME").path, "/me");
        let user = ep(V1, Get, "/users/{}");
        assert_eq!(user.path, "/users/{id}");
        // No least flag for delegated: ordered by privilege level, the first recommended.
        assert_eq!(user.delegated, ["User.Read", "User.ReadBasic.All", "User.Read.All"]);
        assert_eq!(user.least_delegated, ["User.Read"]);
        assert_eq!(user.least_application, ["User.Read.All"]);
        // A scheme list with only DelegatedPersonal gives nothing.
        check(&c, V1, Post, "/me/sendMail", &Want::Out);
        // Function arguments and alternate keys in templates.
        assert_eq!(ep(V1, Get, "/reports/getMailboxUsageStorage(period='D7')").application, ["Reports.Read.All"]);
        assert_eq!(ep(V1, Get, "/servicePrincipals(appId='x')/sponsors").application, ["Reports.Read.All"]);
        // Outside /security a missing method is out of scope, not an unknown endpoint.
        check(&c, V1, Delete, "/me", &Want::Out);
        // Overrides the built-in row it matches, keeping its deprecation-free state and version.
        let alerts = ep(V1, Get, "/security/alerts_v2");
        assert_eq!(alerts.delegated, ["SecurityAlert.Read.All"]);
        // A beta-only /security path stays beta-only.
        check(&c, V1, Get, "/security/tiIndicators", &Want::Unknown(None, true));
        assert_eq!(ep(Beta, Get, "/security/tiIndicators").delegated, ["SecurityAlert.Read.All"]);
        // A /security path known in neither version becomes known in both.
        check(&c, V1, Get, "/security/newThing", &Want::Ep("/security/newThing"));
        check(&c, Beta, Get, "/security/newThing", &Want::Ep("/security/newThing"));
        // Accepted set differs from the built-in row: the extra row wins.
        assert_eq!(ep(V1, Get, "/security/auditLog/queries").delegated, ["AuditLogsQuery-Entra.Read.All"]);
        // The built-in catalog itself is untouched.
        assert_eq!(cat().lookup(V1, Get, "/me"), Lookup::OutOfScope);
        assert!(c.endpoints().all(|e| !e.path.is_empty()));
    }

    #[test]
    fn graph_explorer_rows_with_the_same_permissions_keep_curated_least_sets() {
        let all = [
            "AuditLogsQuery-Entra.Read.All",
            "AuditLogsQuery-CRM.Read.All",
            "AuditLogsQuery-Endpoint.Read.All",
            "AuditLogsQuery-Exchange.Read.All",
            "AuditLogsQuery-OneDrive.Read.All",
            "AuditLogsQuery-SharePoint.Read.All",
            "AuditLogsQuery.Read.All",
        ];
        let perms: Vec<String> = all
            .iter()
            .map(|p| {
                let least = if p.contains("Entra") { "least=DelegatedWork,Application" } else { "" };
                format!(r#""{p}": {{"schemes": {{}}, "pathSets": [{{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"], "paths": {{"/security/auditlog/queries": "{least}"}}}}]}}"#)
            })
            .collect();
        let text = format!(r#"{{"permissions": {{{}}}}}"#, perms.join(","));
        let c = cat().with_extra(&text).expect("loads");
        let Lookup::Endpoint(e) = c.lookup(V1, Get, "/security/auditLog/queries") else { panic!() };
        assert_eq!(e.least_delegated.len(), all.len());
    }

    #[test]
    fn own_format_extra_overrides_and_adds() {
        let extra = r#"{
          "roles": {"Security Operator": "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"},
          "paths": {
            "/security/alerts_v2": {"v1.0": ["GET", "POST"],
              "GET": {"delegated": ["SecurityAlert.ReadWrite.All"], "application": ["SecurityAlert.ReadWrite.All"]}},
            "/security/alerts/{alert-id}": {"PATCH": {"versions": ["v1.0"], "delegated": ["SecurityEvents.ReadWrite.All"], "application": [], "deprecated": false}},
            "/security/alerts": {"GET": {"versions": ["beta"], "delegated": ["SecurityEvents.Read.All"], "application": ["SecurityEvents.Read.All"]}},
            "/security/brandNew/{id}": {"beta": ["GET"], "GET": {"delegated": ["X.ReadWrite.All", "X.Read.All"], "least_delegated": ["X.Read.All"], "inferred": true}},
            "/print/printers": {"GET": {"delegated": ["Printer.Read.All"], "application": []}},
            "/security/incidents/{id}/alerts": {"GET": {"delegated": ["SecurityIncident.Read.All"], "application": ["SecurityIncident.Read.All"]}}
          }
        }"#;
        let c = cat().with_extra(extra).expect("loads");
        let ep = |v, m, p: &str| match c.lookup(v, m, p) {
            Lookup::Endpoint(e) => e.clone(),
            other => panic!("{m} {p}: {other:?}"),
        };
        assert_eq!(ep(V1, Get, "/security/alerts_v2").least_delegated, ["SecurityAlert.ReadWrite.All"]);
        assert_eq!(ep(Beta, Get, "/security/alerts_v2").least_delegated, ["SecurityAlert.Read.All"]);
        assert_eq!(ep(V1, Patch, "/security/alerts/{}").deprecation, None);
        assert!(ep(Beta, Patch, "/security/alerts/{}").deprecation.is_some());
        assert!(ep(Beta, Get, "/security/alerts").deprecation.is_some(), "absent `deprecated` keeps it");
        assert!(ep(Beta, Get, "/security/brandNew/x").inferred);
        assert_eq!(ep(Beta, Get, "/security/brandNew/x").delegated, ["X.Read.All", "X.ReadWrite.All"]);
        check(&c, V1, Get, "/security/brandNew/x", &Want::Unknown(None, true));
        assert_eq!(ep(V1, Get, "/print/printers").delegated, ["Printer.Read.All"]);
        assert!(!c.publishes_no_permission(V1, Get, "/security/incidents/{}/alerts"));
        assert_eq!(c.role_name("5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"), Some("Security Operator"));
        assert_eq!(c.endpoints().count(), cat().endpoints().count() + 2 + 1 + 2);
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn extra_errors_are_clear() {
        for (text, needle) in [
            ("not json", "not a JSON object"),
            ("[1, 2]", "not a JSON object"),
            (r#"{"rows": {}}"#, "expected a top-level \"paths\""),
            (r#"{"paths": {"/a": {"GET": {"delegated": ["Bad Name"]}}}}"#, "\"Bad Name\" is not a permission name"),
            (r#"{"paths": {"/a": {"GET": {"delgated": []}}}}"#, "unknown field `delgated`"),
            (r#"{"paths": {"/a": {"v2.0": ["GET"]}}}"#, "unknown field `v2.0`"),
            (r#"{"paths": {"/a": {"v1.0": ["FETCH"]}}}"#, "unknown method \"FETCH\""),
            (r#"{"paths": {"/a": {"GET": {"delegated": ["A.Read"], "least_delegated": ["B.Read"]}}}}"#, "least_delegated names \"B.Read\""),
            (r#"{"paths": {"a": {}}}"#, "starts with '/'"),
            (r#"{"paths": {"/a": {}, "/a": {}}}"#, "written twice"),
            (r#"{"format": 2, "paths": {}}"#, "format 2 is not supported"),
            (r#"{"roles": {"X": "nope"}, "paths": {}}"#, "not a role template id"),
            (r#"{"permissions": {"A.Read": {"pathSets": [{"schemeKeys": ["Application"], "methods": ["FETCH"], "paths": {}}]}}}"#, "unknown method \"FETCH\""),
            (r#"{"permissions": []}"#, "Graph Explorer"),
        ] {
            let err = cat().with_extra(text).expect_err(text);
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn template_parsing() {
        let lit = |k: &str, f| TSeg::Lit { key: k.to_owned(), function: f };
        for (path, display, segs) in [
            ("/security/alerts_v2/{alert-id}", "/security/alerts_v2/{id}", vec![lit("security", false), lit("alerts_v2", false), TSeg::Id]),
            ("/Security/getRunHuntingQuery()", "/Security/getRunHuntingQuery()", vec![lit("security", false), lit("getrunhuntingquery", true)]),
            ("/reports/x(period={value})?$top=1", "/reports/x(period={id})", vec![lit("reports", false), lit("x", false), TSeg::Id]),
            ("/teams/(team-id)/channels/", "/teams/{id}/channels", vec![lit("teams", false), TSeg::Id, lit("channels", false)]),
        ] {
            assert_eq!(parse_template(path), Ok((display.to_owned(), segs)), "{path}");
        }
        assert!(parse_template("/").is_err());
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn suggestions_stay_close() {
        for (written, key, want) in [
            ("secureScore", "securescores", Some(1)),
            ("alert_v2", "alerts_v2", Some(1)),
            ("ab", "cd", None),
            ("alerts", "labels", None),
            ("microsoft.graph.security.runHuntingQuer", "runhuntingquery", Some(1)),
        ] {
            assert_eq!(suggestion_distance(written, key), want, "{written} -> {key}");
        }
    }
}
