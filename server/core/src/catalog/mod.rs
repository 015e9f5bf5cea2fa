//! The permission catalog (`docs/behaviour.md`, "The permission catalog"): for each Graph call (version, method, path template)
//! the permissions that authorise it, per scheme (delegated work or school, application,
//! delegated personal account) and least privileged first, what a permission needs alongside
//! (`AlsoRequires`), the Entra roles a delegated caller needs (section 4), deprecations, and
//! which `/security` paths exist at all, so that a typo can be told from an endpoint without
//! published permissions.
//!
//! Where things are:
//! - `data/` holds the facts, extracted from Microsoft's files by `tools/gen-catalog.py`;
//!   `build.rs` compiles them into static tables (`tables`, `builtin`), so nothing is parsed at
//!   start-up;
//! - `syntax`: templates, URL paths, permission names; `model`: the catalog while it is built,
//!   and the ordering rule; `own` and `devx`: the two file formats `--catalog` accepts;
//! - `tree`: walking the path trie; `lookup`: what a call needs; `suggest`: the nearest known
//!   path for an unknown one; `roles`: the role requirements, which are data.

mod builtin;
pub(crate) mod devx;
mod lookup;
pub(crate) mod model;
pub(crate) mod own;
mod roles;
mod suggest;
pub(crate) mod syntax;
pub(crate) mod tables;
mod tree;

#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use model::{method_index, Model, ROW_METHOD_LIST, SCHEMES};
use tables::{entry, perm, row, Tables, NONE, ROW_METHODS};

use crate::types::{Method, TokenKind, Version};

pub use syntax::{is_guid, is_permission_name};
pub use tree::Tree;

/// Whether a path (a template or a URL path) is under `/security`, where the catalog knows every
/// path and `unknown-endpoint` applies.
pub fn is_security_path(path: &str) -> bool {
    syntax::under_security(path)
}

/// The tenant id of personal Microsoft accounts: a delegated token from it is judged against the
/// `DelegatedPersonal` scheme.
pub const CONSUMER_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";

/// The permission schemes of Microsoft's permission map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Delegated, work or school account (`DelegatedWork`).
    Delegated,
    Application,
    /// Delegated, personal Microsoft account (`DelegatedPersonal`).
    Personal,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::Delegated, Scheme::Application, Scheme::Personal];

    fn index(self) -> usize {
        match self {
            Scheme::Delegated => 0,
            Scheme::Application => 1,
            Scheme::Personal => 2,
        }
    }

    /// The scheme a caller of this kind is judged against: a delegated token whose `tid` is the
    /// consumer tenant signs in a personal account.
    pub fn for_caller(kind: TokenKind, tid: Option<&str>) -> Scheme {
        match kind {
            TokenKind::Application => Scheme::Application,
            TokenKind::Delegated if tid.is_some_and(|t| t.eq_ignore_ascii_case(CONSUMER_TENANT)) => Scheme::Personal,
            TokenKind::Delegated => Scheme::Delegated,
        }
    }

    /// The scheme of a kind of caller with a work or school account.
    pub fn of(kind: TokenKind) -> Scheme {
        Scheme::for_caller(kind, None)
    }

    pub fn kind(self) -> TokenKind {
        match self {
            Scheme::Application => TokenKind::Application,
            Scheme::Delegated | Scheme::Personal => TokenKind::Delegated,
        }
    }

    /// How messages name it.
    pub fn title(self) -> &'static str {
        match self {
            Scheme::Delegated => "Delegated",
            Scheme::Application => "Application",
            Scheme::Personal => "Delegated (personal Microsoft account)",
        }
    }
}

/// One Graph call with published permission data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub version: Version,
    pub method: Method,
    /// Canonical template, every key segment written `{id}`.
    pub path: String,
    /// Accepted delegated permissions (work or school accounts), least privileged first.
    pub delegated: Vec<String>,
    /// Accepted application permissions, least privileged first.
    pub application: Vec<String>,
    /// Accepted delegated permissions for personal Microsoft accounts, least privileged first.
    pub personal: Vec<String>,
    pub least_delegated: Vec<String>,
    pub least_application: Vec<String>,
    pub least_personal: Vec<String>,
    /// Per scheme (delegated, application, personal): permissions that authorise the call only
    /// together with any one of their partners (`AlsoRequires`).
    pub also_requires: [Vec<(String, Vec<String>)>; 3],
    /// Resource-specific-consent permissions among the accepted ones: granted per resource (a
    /// team, a chat) by its owner, advised only when nothing else is accepted.
    pub rsc: Vec<String>,
    /// Permissions filled in by analogy: the source lists none for this call.
    pub inferred: bool,
    pub deprecation: Option<Deprecation>,
    pub roles: RoleRequirement,
}

impl Endpoint {
    /// Accepted permissions for a kind of caller (delegated: work or school accounts).
    pub fn accepted(&self, kind: TokenKind) -> &[String] {
        self.accepted_in(Scheme::of(kind))
    }

    /// The least-privileged set for a kind of caller.
    pub fn least(&self, kind: TokenKind) -> &[String] {
        self.least_in(Scheme::of(kind))
    }

    /// The permissions to advise for a kind of caller: the least-privileged set, else the first
    /// accepted permission (empty when that kind cannot call at all).
    pub fn advised(&self, kind: TokenKind) -> &[String] {
        self.advised_in(Scheme::of(kind))
    }

    /// The permission to advise adding for a kind of caller, if that kind can call at all.
    pub fn recommended(&self, kind: TokenKind) -> Option<&str> {
        self.advised(kind).first().map(String::as_str)
    }

    /// The accepted permissions that `held` grants, compared case-insensitively as Graph does
    /// (whether or not their `AlsoRequires` partner is held too: see [`Endpoint::satisfied_by`]).
    pub fn granted_by<'a>(&'a self, kind: TokenKind, held: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
        self.accepted(kind).iter().filter(move |p| holds(held, p))
    }

    pub fn accepted_in(&self, s: Scheme) -> &[String] {
        match s {
            Scheme::Delegated => &self.delegated,
            Scheme::Application => &self.application,
            Scheme::Personal => &self.personal,
        }
    }

    pub fn least_in(&self, s: Scheme) -> &[String] {
        match s {
            Scheme::Delegated => &self.least_delegated,
            Scheme::Application => &self.least_application,
            Scheme::Personal => &self.least_personal,
        }
    }

    pub fn advised_in(&self, s: Scheme) -> &[String] {
        match self.least_in(s) {
            [] => {
                let a = self.accepted_in(s);
                &a[..a.len().min(1)]
            }
            l => l,
        }
    }

    /// What `permission` needs alongside in a scheme: any one of these (empty: nothing).
    pub fn partners(&self, s: Scheme, permission: &str) -> &[String] {
        self.also_requires[s.index()]
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(permission))
            .map_or(&[][..], |(_, partners)| partners.as_slice())
    }

    /// The accepted permissions `held` grants in a scheme with their `AlsoRequires` partner held
    /// too: the ones that authorise the call.
    pub fn satisfied_by<'a>(&'a self, s: Scheme, held: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
        self.accepted_in(s).iter().filter(move |p| {
            holds(held, p) && {
                let partners = self.partners(s, p);
                partners.is_empty() || partners.iter().any(|q| holds(held, q))
            }
        })
    }

    /// Whether Microsoft publishes any permission for this call.
    pub fn has_permissions(&self) -> bool {
        !(self.delegated.is_empty() && self.application.is_empty() && self.personal.is_empty())
    }

    pub fn is_rsc(&self, permission: &str) -> bool {
        self.rsc.iter().any(|p| p.eq_ignore_ascii_case(permission))
    }
}

fn holds(held: &[String], p: &str) -> bool {
    held.iter().any(|h| h.eq_ignore_ascii_case(p))
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
    /// Microsoft Purview roles: never in tokens, cannot be checked (named in hovers only).
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
    /// Roles that have no template id (Purview role groups), named but never checked.
    pub unchecked: Vec<String>,
}

impl RoleRequirement {
    pub fn none() -> RoleRequirement {
        RoleRequirement { strength: RoleStrength::None, roles: Vec::new(), unchecked: Vec::new() }
    }

    /// Role names to show in a hover: the Entra roles, or for Purview the role-group roles.
    pub fn display_names(&self) -> Vec<&str> {
        match self.strength {
            RoleStrength::Purview => self.unchecked.iter().map(String::as_str).collect(),
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

/// What Microsoft says of a permission in one scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemeInfo<'a> {
    /// Microsoft's privilege level (1 lowest), when published.
    pub level: Option<u32>,
    pub admin_consent: Option<bool>,
    /// The permission's GUID in Microsoft Graph's app registration (`Scope` id for delegated,
    /// `Role` id for application).
    pub id: Option<&'a str>,
}

/// What the catalog knows of a permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionInfo<'a> {
    pub name: &'a str,
    pub rsc: bool,
    /// Per scheme (delegated, application, personal); `None` where it does not exist.
    pub schemes: [Option<SchemeInfo<'a>>; 3],
}

impl<'a> PermissionInfo<'a> {
    pub fn scheme(&self, s: Scheme) -> Option<SchemeInfo<'a>> {
        self.schemes[s.index()]
    }
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
    /// Outside `/security`, a path (or method) the permission map does not list, so nothing is
    /// checked; or a placeholder could be several different endpoints, so nothing can be said.
    OutOfScope,
}

/// The catalog: the built-in tables, or tables with extra data merged in.
pub struct Catalog {
    /// Tells catalogs apart for caches derived from one: every catalog built gets a new one.
    generation: u64,
    t: Tables,
    /// Endpoints materialised on first use, by `(node * 2 + version) * ROW_METHODS + method`.
    endpoints: Box<[OnceLock<Box<Endpoint>>]>,
}

impl Clone for Catalog {
    fn clone(&self) -> Catalog {
        Catalog::from_tables(self.t.clone())
    }
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("generation", &self.generation)
            .field("nodes", &self.t.node_count())
            .field("rows", &self.t.row_count())
            .finish()
    }
}

impl Catalog {
    fn from_tables(t: Tables) -> Catalog {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let slots = t.node_count() as usize * 2 * ROW_METHODS;
        Catalog {
            generation: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            endpoints: (0..slots).map(|_| OnceLock::new()).collect(),
            t,
        }
    }

    /// The catalog compiled into the binary: static tables, nothing parsed.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| Catalog::from_tables(builtin::BUILTIN.clone()))
    }

    /// Which catalog this is, for caches of what is derived from it: equal only for the same
    /// catalog unchanged.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// A copy of this catalog with an extra file merged in. The format is detected: the
    /// project's own (a top-level `paths` object; formats 1 and 2) or Graph Explorer's
    /// `permissions.json` (a top-level `permissions` object of permissions with `pathSets`).
    /// Extra rows replace the rows they match.
    ///
    /// Map data (format 2, Graph Explorer) names no version. A row outside `/security` applies
    /// to both versions; a `/security` row applies to the versions that already know the path,
    /// or to both when neither does, so that loading it never makes a beta-only path valid in
    /// v1.0. Where a Graph Explorer row accepts exactly the permissions a row here accepts, the
    /// row here is kept, with its curated least-privileged sets.
    pub fn with_extra(&self, text: &str) -> Result<Catalog, String> {
        // serde would read a struct from an array too; both formats are objects.
        if !text.trim_start().starts_with('{') {
            return Err("extra catalog is not a JSON object".to_owned());
        }
        let probe: Probe =
            serde_json::from_str(text).map_err(|e| format!("extra catalog is not a JSON object: {e}"))?;
        let mut m = Model::from_tables(&self.t);
        match (probe.paths.is_some(), probe.permissions.is_some()) {
            (true, _) => own::load(&mut m, text, model::MapMode::Extra { keep_same: false })
                .map_err(|e| format!("extra catalog (claimcheck format): {e}"))?,
            (false, true) => {
                devx::load(&mut m, text).map_err(|e| format!("extra catalog (Graph Explorer permissions.json): {e}"))?
            }
            (false, false) => {
                return Err("extra catalog: expected a top-level \"paths\" object (claimcheck \
                            format) or \"permissions\" object (Graph Explorer permissions.json)"
                    .to_owned())
            }
        }
        for rule in &m.role_rules {
            if let Some(r) = rule.read.iter().chain(&rule.write).find(|r| !m.roles.contains_key(*r)) {
                return Err(format!("extra catalog: role requirement {}: unknown role {r:?}", rule.prefix));
            }
        }
        Ok(Catalog::from_tables(m.compile()))
    }

    /// The endpoint of a node's row, materialised on first use.
    fn endpoint(&self, node: u32, v: usize, m: usize, row_ix: u32) -> &Endpoint {
        let slot = &self.endpoints[(node as usize * 2 + v) * ROW_METHODS + m];
        slot.get_or_init(|| Box::new(self.materialise(node, v, m, row_ix)))
    }

    fn materialise(&self, node: u32, v: usize, m: usize, r: u32) -> Endpoint {
        let t = &self.t;
        let path = t.template(node).to_owned();
        let method = ROW_METHOD_LIST[m];
        let mut lists: [Vec<String>; SCHEMES] = Default::default();
        let mut least: [Vec<String>; SCHEMES] = Default::default();
        let mut also: [Vec<(String, Vec<String>)>; SCHEMES] = Default::default();
        let mut rsc = Vec::new();
        for s in 0..SCHEMES {
            let (start, n, l) = t.row_scheme(r, s);
            for (i, e) in (start..start + n).enumerate() {
                let p = t.entry(e, entry::PERM);
                let name = t.perm_name(p).to_owned();
                let partners = t.list(t.entry(e, entry::ALSO), t.entry(e, entry::N_ALSO));
                if !partners.is_empty() {
                    also[s].push((name.clone(), partners.iter().map(|&q| t.perm_name(q).to_owned()).collect()));
                }
                if t.perm(p, perm::FLAGS) & perm::RSC != 0 && !rsc.contains(&name) {
                    rsc.push(name.clone());
                }
                if (i as u32) < l {
                    least[s].push(name.clone());
                }
                lists[s].push(name);
            }
        }
        let d = t.row(r, row::DEPRECATION);
        let deprecation = (d != NONE).then(|| {
            let path_len = t.deprecation(d, tables::deprecation::PATH_LEN);
            Deprecation {
                replacement_path: (path_len > 0)
                    .then(|| t.str(t.deprecation(d, tables::deprecation::PATH), path_len).to_owned()),
                replacement_method: ROW_METHOD_LIST[t.deprecation(d, tables::deprecation::METHOD) as usize],
                replacement_permissions: t
                    .list(t.deprecation(d, tables::deprecation::PERMS), t.deprecation(d, tables::deprecation::N_PERMS))
                    .iter()
                    .map(|&p| t.perm_name(p).to_owned())
                    .collect(),
                path_fix: t.deprecation(d, tables::deprecation::PATH_FIX) != 0,
            }
        });
        let [delegated, application, personal] = lists;
        let [least_delegated, least_application, least_personal] = least;
        Endpoint {
            version: model::VERSIONS[v],
            method,
            roles: self.role_requirement(&path, method),
            path,
            delegated,
            application,
            personal,
            least_delegated,
            least_application,
            least_personal,
            also_requires: also,
            rsc,
            inferred: t.row(r, row::FLAGS) & row::INFERRED != 0,
            deprecation,
        }
    }

    /// The name of the Entra role with this template id (case-insensitive), as the catalog knows it.
    pub fn role_name(&self, template_id: &str) -> Option<&str> {
        (0..self.t.role_count())
            .find(|&r| self.t.role_id(r).eq_ignore_ascii_case(template_id))
            .map(|r| self.t.role_name(r))
    }

    /// The Entra role with this display name.
    pub fn role(&self, name: &str) -> Option<Role> {
        (0..self.t.role_count())
            .find(|&r| self.t.role_name(r) == name)
            .map(|r| Role { name: self.t.role_name(r).to_owned(), id: self.t.role_id(r).to_owned() })
    }

    /// What the catalog knows of a permission (name compared ignoring case).
    pub fn permission(&self, name: &str) -> Option<PermissionInfo<'_>> {
        self.t.perm_by_name(name).map(|p| self.permission_info(p))
    }

    /// The permission with this GUID in Microsoft Graph's app registration, and its scheme
    /// (delegated for a `Scope` id, application for a `Role` id; delegated first where Microsoft
    /// uses one id for both).
    pub fn permission_by_id(&self, id: &str) -> Option<(PermissionInfo<'_>, Scheme)> {
        [Scheme::Delegated, Scheme::Application]
            .into_iter()
            .find_map(|s| self.permission_by_id_in(s, id).map(|p| (p, s)))
    }

    /// The permission with this GUID in one scheme: `Scope` ids are delegated, `Role` ids
    /// application.
    pub fn permission_by_id_in(&self, s: Scheme, id: &str) -> Option<PermissionInfo<'_>> {
        let s = if s == Scheme::Personal { Scheme::Delegated } else { s };
        (0..self.t.perm_count())
            .find(|&p| {
                let len = self.t.perm_scheme(p, s.index(), perm::ID_LEN);
                len > 0 && self.t.str(self.t.perm_scheme(p, s.index(), perm::ID), len).eq_ignore_ascii_case(id)
            })
            .map(|p| self.permission_info(p))
    }

    fn permission_info(&self, p: u32) -> PermissionInfo<'_> {
        let t = &self.t;
        let scheme = |s: usize| {
            let admin = t.perm_scheme(p, s, perm::ADMIN);
            (admin != perm::ABSENT).then(|| {
                let id_len = t.perm_scheme(p, s, perm::ID_LEN);
                SchemeInfo {
                    level: Some(t.perm_scheme(p, s, perm::LEVEL)).filter(|&l| l != 0),
                    admin_consent: match admin {
                        1 => Some(false),
                        2 => Some(true),
                        _ => None,
                    },
                    id: (id_len > 0).then(|| t.str(t.perm_scheme(p, s, perm::ID), id_len)),
                }
            })
        };
        PermissionInfo {
            name: t.perm_name(p),
            rsc: t.perm(p, perm::FLAGS) & perm::RSC != 0,
            schemes: [scheme(0), scheme(1), scheme(2)],
        }
    }

    /// Every row with permission data, both versions.
    pub fn endpoints(&self) -> impl Iterator<Item = &Endpoint> {
        (0..self.t.node_count()).flat_map(move |n| {
            (0..2).flat_map(move |v| {
                (0..ROW_METHODS).filter_map(move |m| self.t.row_of(n, v, m).map(|r| self.endpoint(n, v, m, r)))
            })
        })
    }

    /// Every path known in a version, with its methods; extra data's paths included.
    pub fn known_paths(&self, version: Version) -> impl Iterator<Item = (&str, Vec<Method>)> {
        let v = model::vi(version);
        (0..self.t.node_count())
            .filter(move |&n| self.t.methods(n, v) != 0)
            .map(move |n| (self.t.template(n), methods_of(self.t.methods(n, v))))
    }
}

/// Methods of a bit set, in `Method::ALL` order.
fn methods_of(bits: u32) -> Vec<Method> {
    ROW_METHOD_LIST.iter().filter(|m| bits & (1 << method_index(**m)) != 0).copied().collect()
}

/// Just enough of a document to tell the two formats apart without building it.
#[derive(serde::Deserialize)]
struct Probe {
    #[serde(default)]
    paths: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    permissions: Option<serde::de::IgnoredAny>,
}
