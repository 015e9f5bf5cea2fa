//! Apps from every file's facts (`docs/behaviour.md`, "The workspace"): which declarations form
//! an app, which calls belong to it and how they sign in, what covers each call, what the app
//! needs, misses and holds in excess.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::facts::{CallFact, FileFacts};
use super::names::Names;
use super::Source;
use crate::analysis::SeverityMap;
use crate::catalog::{Endpoint, Lookup};
use crate::config::AppEntry;
use crate::finding::Finding;
use crate::grants::{ki, AppGrants, CallKind, DeclKind, FileApp, Held, Loc};
use crate::rules::{self, Rule};
use crate::types::TokenKind;

/// Permissions that every sign-in asks for: never reported unused.
const ALWAYS_FINE: [&str; 5] = ["User.Read", "openid", "profile", "email", "offline_access"];

/// One file of a workspace: its path relative to the workspace root (`/` separators), and what it
/// holds.
#[derive(Debug, Clone)]
pub struct WsFile {
    pub rel: String,
    /// How the shell shows the file's path.
    pub display: Arc<str>,
    pub facts: Arc<FileFacts>,
}

/// The files of one workspace root with anything in them, and the config's `[[app]]` entries.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub files: Vec<WsFile>,
    pub entries: Vec<AppEntry>,
}

/// A declared permission of an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDecl {
    pub file: usize,
    pub grant: usize,
}

/// Which grants a call is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The app's declarations.
    App,
    /// A scope declaration in the call's own file (registration index there).
    Local(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCall {
    pub file: usize,
    pub call: usize,
    pub kind: CallKind,
    pub against: Against,
    /// The held permission of lowest privilege level (then alphabetical) that covers the call.
    pub covered_by: Option<(String, TokenKind)>,
    /// The call's endpoint accepts no permission of the call's kind.
    pub unsupported: bool,
}

/// A declared permission the app does not need as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excess {
    pub permission: String,
    pub kind: TokenKind,
    pub rule: Rule,
    pub instead: Option<String>,
    pub decl: AppDecl,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct App {
    pub name: String,
    /// The folder it was found from (`.` for the workspace root), or for a config entry the
    /// folder its paths start with.
    pub root: String,
    pub kind: Option<TokenKind>,
    /// False when one of its declarations could not be read in full: nothing is judged.
    pub complete: bool,
    pub decls: Vec<AppDecl>,
    pub calls: Vec<AppCall>,
    pub needed: [Vec<String>; 2],
    pub missing: [Vec<String>; 2],
    pub excess: Vec<Excess>,
    pub grants: Arc<AppGrants>,
    /// The application (client) id when a declaration states it.
    pub app_id: Option<String>,
}

/// The workspace's apps and what each file gets from them.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub files: Vec<WsFile>,
    pub apps: Vec<App>,
    /// Per file (index), the app its callerless calls are checked against.
    pub file_app: HashMap<usize, FileApp>,
    /// Findings on declarations (`unused-permission`, `broader-than-needed`), per file index.
    pub findings: BTreeMap<usize, Vec<Finding>>,
    /// What the user should know: unreadable declarations, other APIs, unknown GUIDs, config
    /// entries that match nothing. Each with a file path when it is about one.
    pub notes: Vec<(Option<usize>, Option<usize>, String)>,
}

impl Model {
    pub fn file_index(&self, rel: &str) -> Option<usize> {
        self.files.binary_search_by(|f| f.rel.as_str().cmp(rel)).ok()
    }

    /// The app (and sign-in kind) for the callerless calls of a file.
    pub fn app_for(&self, rel: &str) -> Option<&FileApp> {
        self.file_app.get(&self.file_index(rel)?)
    }

    /// Notes in words, `path:line: note` or `note`.
    pub fn note_lines(&self) -> Vec<String> {
        self.notes
            .iter()
            .map(|(f, l, m)| match (f, l) {
                (Some(f), Some(l)) => format!("{}:{}: {m}", self.files[*f].rel, l + 1),
                (Some(f), None) => format!("{}: {m}", self.files[*f].rel),
                _ => m.clone(),
            })
            .collect()
    }
}

/// A config glob matches a file by its path below the workspace root or as the shell shows it
/// (as `exclude` globs do).
fn matches(set: &globset::GlobSet, f: &WsFile) -> bool {
    set.is_match(&f.rel) || set.is_match(&*f.display)
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

fn under(rel: &str, dir: &str) -> bool {
    dir.is_empty() || rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

/// The folder a config entry's paths start with: the literal part of its first glob.
fn entry_root(e: &AppEntry) -> String {
    let Some(first) = e.paths.first() else { return ".".to_owned() };
    let first = first.trim_start_matches("./");
    let literal: Vec<&str> = first.split('/').take_while(|s| !s.contains(['*', '?', '[', '{'])).collect();
    let dir = if literal.len() == first.split('/').count() {
        &literal[..literal.len().saturating_sub(1)]
    } else {
        &literal[..]
    };
    if dir.is_empty() {
        ".".to_owned()
    } else {
        dir.join("/")
    }
}

impl Workspace {
    /// Builds the apps. `severity` applies to the findings on declarations.
    pub fn model(&self, names: &Names, severity: &SeverityMap) -> Model {
        let mut files = self.files.clone();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        files.dedup_by(|a, b| a.rel == b.rel);
        let mut m = Model { files, ..Model::default() };
        for (i, f) in m.files.iter().enumerate() {
            for n in &f.facts.decls.notes {
                m.notes.push((Some(i), n.line, n.message.clone()));
            }
        }
        let declaring: Vec<usize> =
            (0..m.files.len()).filter(|&i| !m.files[i].facts.decls.registrations.is_empty()).collect();
        let calling: Vec<usize> = (0..m.files.len()).filter(|&i| !m.files[i].facts.calls.is_empty()).collect();

        // (name, root, declaring files, calling files, kind)
        let mut groups: Vec<(String, String, Vec<usize>, Vec<usize>, Option<TokenKind>)> = Vec::new();
        if !self.entries.is_empty() {
            let mut taken = vec![false; m.files.len()];
            for e in &self.entries {
                let decls: Vec<usize> =
                    declaring.iter().copied().filter(|&i| matches(&e.declaration_set, &m.files[i])).collect();
                let mut calls = Vec::new();
                for &i in &calling {
                    if !taken[i] && matches(&e.path_set, &m.files[i]) {
                        taken[i] = true;
                        calls.push(i);
                    }
                }
                if calls.is_empty() && !m.files.iter().any(|f| matches(&e.path_set, f)) {
                    m.notes.push((
                        None,
                        None,
                        format!(
                            "claimcheck.toml: [[app]] {}: paths {} match no file with a Graph call",
                            e.name,
                            e.paths.join(", ")
                        ),
                    ));
                }
                if decls.is_empty() {
                    let what = if e.declarations.is_empty() {
                        "it lists no declarations".to_owned()
                    } else {
                        format!(
                            "declarations {} match no file that declares Graph permissions",
                            e.declarations.join(", ")
                        )
                    };
                    m.notes.push((
                        None,
                        None,
                        format!("claimcheck.toml: [[app]] {}: {what}; its calls are not checked", e.name),
                    ));
                }
                groups.push((e.name.clone(), entry_root(e), decls, calls, e.kind));
            }
        } else {
            // Folders whose subtree holds a declaration.
            let mut with_decl: BTreeSet<&str> = BTreeSet::new();
            for &i in &declaring {
                let mut d = parent(&m.files[i].rel);
                loop {
                    with_decl.insert(d);
                    if d.is_empty() {
                        break;
                    }
                    d = parent(d);
                }
            }
            let root_ok = {
                let regs: Vec<(usize, &super::Registration)> = declaring
                    .iter()
                    .flat_map(|&i| m.files[i].facts.decls.registrations.iter().map(move |r| (i, r)))
                    .collect();
                declaring.len() == 1
                    || (!regs.is_empty()
                        && regs.iter().all(|(_, r)| r.identity.is_some())
                        && regs.iter().all(|(_, r)| r.identity == regs[0].1.identity))
            };
            let mut by_root: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in &calling {
                let mut d = parent(&m.files[i].rel);
                let found = loop {
                    if with_decl.contains(d) {
                        break Some(d);
                    }
                    if d.is_empty() {
                        break None;
                    }
                    d = parent(d);
                };
                match found {
                    Some("") if !root_ok => {}
                    Some(d) => by_root.entry(d.to_owned()).or_default().push(i),
                    None => {}
                }
            }
            let mut used = vec![false; m.files.len()];
            for (root, calls) in by_root {
                let decls: Vec<usize> = declaring.iter().copied().filter(|&i| under(&m.files[i].rel, &root)).collect();
                for &d in &decls {
                    used[d] = true;
                }
                let name = if root.is_empty() { ".".to_owned() } else { root.clone() };
                groups.push((name.clone(), name, decls, calls, None));
            }
            // Declarations no call reaches: an app of their folder, without calls.
            let mut rest: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for &i in &declaring {
                if !used[i] {
                    let d = parent(&m.files[i].rel);
                    rest.entry(if d.is_empty() { ".".to_owned() } else { d.to_owned() }).or_default().push(i);
                }
            }
            for (root, decls) in rest {
                if groups.iter().any(|g| g.0 == root) {
                    continue;
                }
                groups.push((root.clone(), root, decls, Vec::new(), None));
            }
        }
        groups.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, root, decl_files, call_files, kind) in groups {
            let app = build_app(&mut m, names, severity, name, root, &decl_files, &call_files, kind);
            m.apps.push(app);
        }
        m
    }
}

/// A script that grants the app its permissions signs in as an administrator to do so: its own
/// `Connect-MgGraph -Scopes` (and the calls made with it) are the administrator's, not the app's.
fn admin_sign_in(facts: &FileFacts) -> bool {
    facts.decls.registrations.iter().any(|r| r.source == Source::PowershellGrant)
}

/// Whether permission `p` of `kind` authorises the endpoint (case-insensitive, as Graph compares).
fn accepts(e: &Endpoint, kind: TokenKind, p: &str) -> bool {
    e.accepted(kind).iter().any(|a| a.eq_ignore_ascii_case(p))
}

/// Whether `p` is needed beside an accepted permission (its `AlsoRequires` partner).
fn partner_of(e: &Endpoint, kind: TokenKind, p: &str) -> bool {
    let scheme = match kind {
        TokenKind::Delegated => crate::catalog::Scheme::Delegated,
        TokenKind::Application => crate::catalog::Scheme::Application,
    };
    e.accepted(kind).iter().any(|a| e.partners(scheme, a).iter().any(|q| q.eq_ignore_ascii_case(p)))
}

fn endpoint<'c>(names: &Names<'c>, c: &CallFact) -> Option<&'c Endpoint> {
    let v = c.version.unwrap_or(crate::types::Version::V1);
    match names.catalog().lookup(v, c.method, &c.path) {
        Lookup::Endpoint(e) => Some(e),
        _ => match names.catalog().lookup(v.other(), c.method, &c.path) {
            Lookup::Endpoint(e) if c.version.is_none() => Some(e),
            _ => None,
        },
    }
}

/// Orders permissions by privilege level, then name.
fn by_level<'a>(names: &Names, kind: TokenKind, list: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    list.min_by(|a, b| (names.level(a, kind), a.as_str()).cmp(&(names.level(b, kind), b.as_str())))
}

/// The smallest set covering every call (`docs/behaviour.md`, "`claimcheck permissions`"): each
/// call's least-privileged permission, then, broadest first, every permission whose calls the
/// others cover too is dropped.
pub fn needed_set(names: &Names, kind: TokenKind, calls: &[&Endpoint]) -> Vec<String> {
    let mut set: Vec<String> = Vec::new();
    for e in calls {
        if let Some(p) = e.recommended(kind) {
            if !set.iter().any(|s| s.eq_ignore_ascii_case(p)) {
                set.push(p.to_owned());
            }
        }
    }
    let mut order = set.clone();
    order.sort_by(|a, b| (names.level(b, kind), b.as_str()).cmp(&(names.level(a, kind), a.as_str())));
    for p in order {
        let without: Vec<&String> = set.iter().filter(|s| **s != p).collect();
        let still_covered =
            calls.iter().filter(|e| e.recommended(kind).is_some()).all(|e| without.iter().any(|s| accepts(e, kind, s)));
        if still_covered {
            set.retain(|s| *s != p);
        }
    }
    set.sort();
    set
}

#[allow(clippy::too_many_arguments)]
fn build_app(
    m: &mut Model,
    names: &Names,
    severity: &SeverityMap,
    name: String,
    root: String,
    decl_files: &[usize],
    call_files: &[usize],
    kind: Option<TokenKind>,
) -> App {
    let mut decls = Vec::new();
    let mut held: Vec<Held> = Vec::new();
    let mut complete = true;
    let mut first: [Option<(Loc, DeclKind)>; 2] = [None, None];
    let mut any_first: Option<(Loc, DeclKind)> = None;
    let mut app_id = None;
    let mut declared_kinds = BTreeSet::new();
    for &f in decl_files {
        let facts = &m.files[f].facts;
        let admin = admin_sign_in(facts);
        for (ri, r) in facts.decls.registrations.iter().enumerate() {
            if admin && r.source == Source::DeclaredScopes {
                continue;
            }
            complete &= r.complete;
            app_id = app_id.or_else(|| r.app_id.clone());
            let loc = (facts.reg_locs[ri].clone(), r.source.decl_kind());
            any_first.get_or_insert_with(|| loc.clone());
            for g in facts.decls.grants.iter().filter(|g| g.reg == ri) {
                first[ki(g.kind)].get_or_insert_with(|| loc.clone());
            }
        }
        for (gi, g) in facts.decls.grants.iter().enumerate() {
            if admin && facts.decls.registrations[g.reg].source == Source::DeclaredScopes {
                continue;
            }
            decls.push(AppDecl { file: f, grant: gi });
            declared_kinds.insert(ki(g.kind));
            if let Some(n) = &g.name {
                if names.canonical(n, g.kind).is_some() || g.id.is_some() {
                    held.push(Held {
                        name: n.clone(),
                        kind: g.kind,
                        loc: facts.grant_locs[gi].clone(),
                        decl: facts.decls.registrations[g.reg].source.decl_kind(),
                    });
                }
            }
        }
    }
    for k in &mut first {
        if k.is_none() {
            k.clone_from(&any_first);
        }
    }
    if !complete {
        m.notes.push((
            None,
            None,
            format!("app {name}: a declaration could not be read in full, so its calls are not checked"),
        ));
    }
    // The sign-in kind the app's declaration files use, when they agree.
    let decl_sign_in = {
        let kinds: BTreeSet<usize> = decl_files.iter().filter_map(|&f| m.files[f].facts.sign_in.map(ki)).collect();
        match kinds.len() {
            1 => m
                .files
                .iter()
                .enumerate()
                .find_map(|(i, f)| decl_files.contains(&i).then_some(f.facts.sign_in).flatten()),
            _ => None,
        }
    };
    let only_kind = match declared_kinds.len() {
        1 => Some(if declared_kinds.contains(&0) { TokenKind::Delegated } else { TokenKind::Application }),
        _ => None,
    };
    let mut calls = Vec::new();
    for &f in call_files {
        let facts = &m.files[f].facts;
        let file_kind = facts.sign_in.or(decl_sign_in).or(kind).or(only_kind).map_or(CallKind::Either, CallKind::Known);
        let admin = admin_sign_in(facts);
        for (ci, c) in facts.calls.iter().enumerate() {
            if admin && c.local.is_some() {
                continue;
            }
            let (against, ck) = match c.local {
                Some(r) => (Against::Local(r), CallKind::Known(TokenKind::Delegated)),
                None => (Against::App, file_kind),
            };
            calls.push(AppCall { file: f, call: ci, kind: ck, against, covered_by: None, unsupported: false });
        }
    }
    calls.sort_by(|a, b| {
        (&m.files[a.file].rel, m.files[a.file].facts.calls[a.call].span.start)
            .cmp(&(&m.files[b.file].rel, m.files[b.file].facts.calls[b.call].span.start))
    });

    // What each call's grants are: the app's held permissions, or its own file's declaration.
    let local_held = |f: usize, r: usize| -> Vec<(String, TokenKind)> {
        let facts = &m.files[f].facts;
        facts.decls.grants.iter().filter(|g| g.reg == r).filter_map(|g| g.name.clone().map(|n| (n, g.kind))).collect()
    };
    let app_held: Vec<(String, TokenKind)> = held.iter().map(|h| (h.name.clone(), h.kind)).collect();
    let mut endpoints: Vec<Option<&Endpoint>> = Vec::new();
    for c in &mut calls {
        let fact = &m.files[c.file].facts.calls[c.call];
        let e = endpoint(names, fact);
        endpoints.push(e);
        let Some(e) = e else { continue };
        let pool = match c.against {
            Against::App => app_held.clone(),
            Against::Local(r) => local_held(c.file, r),
        };
        let mut best: Option<(u32, String, TokenKind)> = None;
        for &k in c.kind.kinds() {
            for (p, pk) in pool.iter().filter(|(_, pk)| *pk == k) {
                if accepts(e, *pk, p) {
                    let key = (names.level(p, k), p.clone(), k);
                    if best.as_ref().is_none_or(|b| (key.0, &key.1) < (b.0, &b.1)) {
                        best = Some(key);
                    }
                }
            }
        }
        c.covered_by = best.map(|(_, p, k)| (p, k));
        c.unsupported = c.kind.kinds().iter().all(|k| e.accepted(*k).is_empty());
    }

    // Needed, per kind: the calls of that kind, and calls of either kind covered by it (an
    // uncovered call of either kind counts for each kind that could serve it).
    let mut needed: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let mut of_kind: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (i, c) in calls.iter().enumerate() {
        let Some(e) = endpoints[i] else { continue };
        match (c.kind, &c.covered_by) {
            (CallKind::Known(k), _) => of_kind[ki(k)].push(i),
            (CallKind::Either, Some((_, k))) => of_kind[ki(*k)].push(i),
            (CallKind::Either, None) => {
                for k in [TokenKind::Delegated, TokenKind::Application] {
                    if !e.accepted(k).is_empty() {
                        of_kind[ki(k)].push(i);
                    }
                }
            }
        }
    }
    for k in [TokenKind::Delegated, TokenKind::Application] {
        let es: Vec<&Endpoint> = of_kind[ki(k)].iter().filter_map(|&i| endpoints[i]).collect();
        needed[ki(k)] = needed_set(names, k, &es);
    }
    let mut missing: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for k in [TokenKind::Delegated, TokenKind::Application] {
        for &i in &of_kind[ki(k)] {
            let (Some(e), None) = (endpoints[i], &calls[i].covered_by) else { continue };
            let n = by_level(names, k, needed[ki(k)].iter().filter(|p| accepts(e, k, p)));
            if let Some(n) = n {
                if !missing[ki(k)].contains(n) {
                    missing[ki(k)].push(n.clone());
                }
            }
        }
        missing[ki(k)].sort();
    }

    // Excess: judged on the app's own declarations, for apps with calls.
    let mut excess = Vec::new();
    let resolved: Vec<usize> = (0..calls.len()).filter(|&i| endpoints[i].is_some()).collect();
    // Unused or broader is said only of an app whose every call is known.
    let unresolved: usize = call_files.iter().chain(decl_files).map(|&f| m.files[f].facts.unresolved).sum::<usize>();
    if unresolved > 0 && complete && !resolved.is_empty() {
        m.notes.push((
            None,
            None,
            format!(
                "app {name}: {unresolved} Graph call(s) whose endpoint cannot be read from the code (a URL built at run time, a cmdlet or path the catalog does not know), so no grant is reported unused or broader than needed"
            ),
        ));
    }
    // And only when the code states how it calls at least once: an app known only from URLs
    // written as data (a webhook's resource, a config string) may call Graph elsewhere.
    let stated = resolved.iter().any(|&i| m.files[calls[i].file].facts.calls[calls[i].call].method_stated);
    if complete && unresolved == 0 && stated && !resolved.is_empty() {
        for d in &decls {
            let facts = &m.files[d.file].facts;
            let g = &facts.decls.grants[d.grant];
            let Some(gname) = &g.name else { continue };
            let Some(canon) = names.canonical(gname, g.kind) else { continue };
            if ALWAYS_FINE.iter().any(|a| a.eq_ignore_ascii_case(canon)) {
                continue;
            }
            let covered: Vec<usize> = resolved
                .iter()
                .copied()
                .filter(|&i| {
                    let c = &calls[i];
                    let in_set = match c.against {
                        Against::App => true,
                        // A call tied to a declaration of its own file counts for every
                        // declaration of that file: a script that names its scopes twice
                        // uses both lists.
                        Against::Local(_) => c.file == d.file,
                    };
                    in_set
                        && c.kind.kinds().contains(&g.kind)
                        && endpoints[i].is_some_and(|e| accepts(e, g.kind, canon) || partner_of(e, g.kind, canon))
                })
                .collect();
            let described = |i: usize| {
                let c = &calls[i];
                let f = &m.files[c.file];
                let fact = &f.facts.calls[c.call];
                let version = fact.version.map_or_else(String::new, |v| format!("/{v}"));
                format!("{} {version}{} ({}:{})", fact.method, fact.template, f.display, fact.span.start.line + 1)
            };
            let raised = if covered.is_empty() {
                rules::unused_permission::check(canon, g.kind, &name, resolved.len()).map(|r| (r, None))
            } else if !needed[ki(g.kind)].iter().any(|n| n.eq_ignore_ascii_case(canon)) {
                let level = names.level(canon, g.kind);
                let mut narrower: Vec<String> = Vec::new();
                let mut all = true;
                for &i in &covered {
                    let e = endpoints[i].expect("resolved");
                    let q = by_level(
                        names,
                        g.kind,
                        needed[ki(g.kind)].iter().filter(|q| accepts(e, g.kind, q) && names.level(q, g.kind) < level),
                    );
                    match q {
                        Some(q) if !narrower.contains(q) => narrower.push(q.clone()),
                        Some(_) => {}
                        None => all = false,
                    }
                }
                if all && !narrower.is_empty() {
                    narrower.sort_by(|a, b| {
                        (names.level(a, g.kind), a.as_str()).cmp(&(names.level(b, g.kind), b.as_str()))
                    });
                    let calls_shown: Vec<String> = covered.iter().map(|&i| described(i)).collect();
                    rules::broader_than_needed::check(canon, g.kind, &name, &narrower, &calls_shown)
                        .map(|r| (r, narrower.first().cloned()))
                } else {
                    None
                }
            } else {
                None
            };
            if let Some((r, instead)) = raised {
                excess.push(Excess {
                    permission: canon.to_owned(),
                    kind: g.kind,
                    rule: r.rule,
                    instead: instead.clone(),
                    decl: d.clone(),
                    message: r.message.clone(),
                });
                let sev = match severity.get(&r.rule) {
                    Some(None) => continue,
                    Some(Some(s)) => *s,
                    None => r.severity,
                };
                let suppressed = facts.grant_suppress[d.grant].covers(r.rule.id());
                m.findings.entry(d.file).or_default().push(Finding {
                    rule: r.rule,
                    severity: sev,
                    span: g.span,
                    message: r.message,
                    endpoint: None,
                    token: None,
                    fix: None,
                    suppressed,
                });
            }
        }
    }
    excess.sort_by(|a, b| (a.permission.as_str(), a.kind.as_str()).cmp(&(b.permission.as_str(), b.kind.as_str())));

    let grants = Arc::new(AppGrants::new(name.clone(), held, first, needed.clone()));
    if complete {
        for &f in call_files {
            let facts = &m.files[f].facts;
            if facts.calls.iter().any(|c| c.local.is_none()) {
                let kind = calls
                    .iter()
                    .find(|c| c.file == f && c.against == Against::App)
                    .map_or(CallKind::Either, |c| c.kind);
                m.file_app.insert(f, FileApp { app: grants.clone(), kind });
            }
        }
    }
    App { name, root, kind, complete, decls, calls, needed, missing, excess, grants, app_id }
}
