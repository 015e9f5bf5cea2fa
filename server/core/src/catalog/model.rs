//! The catalog while it is built: a path trie with owned strings and rows, the permissions'
//! facts, the roles and the role rules. Loaders (`own`, `devx`) write into it; `compile` turns it
//! into [`Tables`] and `from_tables` back, so that extra data can be merged into any catalog.
//!
//! Shared with `build.rs`: this module uses nothing but `std` and the crate's `types`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::syntax::{TSeg, COLON_KEY};
use super::tables::{self, deprecation, entry, node, perm, role_rule, row, Tables, NONE, ROW_METHODS};
use crate::types::{Method, Version};

/// Schemes, in table order: delegated (work or school), application, delegated personal account.
pub const SCHEMES: usize = 3;
pub const SCHEME_NAMES: [&str; SCHEMES] = ["delegated", "application", "personal"];

pub const VERSIONS: [Version; 2] = [Version::V1, Version::Beta];

pub fn vi(v: Version) -> usize {
    match v {
        Version::V1 => 0,
        Version::Beta => 1,
    }
}

/// The methods rows exist for, in table order.
pub const ROW_METHOD_LIST: [Method; ROW_METHODS] =
    [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

/// A method's index in the tables; HEAD is GET without a body and Graph authorises it as GET.
pub fn method_index(m: Method) -> usize {
    match m {
        Method::Get | Method::Head => 0,
        Method::Post => 1,
        Method::Put => 2,
        Method::Patch => 3,
        Method::Delete => 4,
    }
}

/// What Microsoft says of a permission in one scheme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemeFacts {
    pub exists: bool,
    pub level: Option<u32>,
    pub admin: Option<bool>,
    pub id: Option<String>,
}

/// What Microsoft says of a permission.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermFacts {
    /// Resource-specific consent: granted per resource (a team, a chat) by its owner.
    pub rsc: bool,
    pub schemes: [SchemeFacts; SCHEMES],
}

impl PermFacts {
    /// Takes what `other` states, keeping what it leaves unsaid.
    pub fn merge(&mut self, other: &PermFacts) {
        self.rsc |= other.rsc;
        for (mine, theirs) in self.schemes.iter_mut().zip(&other.schemes) {
            if !theirs.exists {
                continue;
            }
            mine.exists = true;
            if theirs.level.is_some() {
                mine.level = theirs.level;
            }
            if theirs.admin.is_some() {
                mine.admin = theirs.admin;
            }
            if theirs.id.is_some() {
                mine.id.clone_from(&theirs.id);
            }
        }
    }
}

/// An accepted permission of a row, and what it needs alongside (`AlsoRequires`: any one of).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entry {
    pub name: String,
    pub also: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecationFacts {
    pub replacement: Option<String>,
    pub method: Method,
    pub permissions: Vec<String>,
    pub path_fix: bool,
}

/// What one call needs: per scheme the accepted permissions, least privileged first, of which the
/// first `least` form the least-privileged set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub schemes: [Vec<Entry>; SCHEMES],
    pub least: [usize; SCHEMES],
    pub inferred: bool,
    pub deprecation: Option<DeprecationFacts>,
}

impl Row {
    pub fn is_empty(&self) -> bool {
        self.schemes.iter().all(Vec::is_empty)
    }

    /// The accepted names per scheme, as sets.
    pub fn accepted_sets(&self) -> [BTreeSet<&str>; SCHEMES] {
        self.schemes.each_ref().map(|s| s.iter().map(|e| e.name.as_str()).collect())
    }
}

#[derive(Debug, Clone, Default)]
pub struct PathInfo {
    /// Methods the path supports (bit = table method index); 0 = not a path in this version.
    pub methods: u8,
    /// Methods for which Microsoft publishes no permission.
    pub no_permission: u8,
    pub rows: [Option<Row>; ROW_METHODS],
}

impl PathInfo {
    pub fn is_known(&self) -> bool {
        self.methods != 0
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub key: String,
    pub function: bool,
    pub parent: u32,
    /// Literal children, sorted by key.
    pub children: Vec<u32>,
    pub id_child: Option<u32>,
    pub template: String,
    pub per: [PathInfo; 2],
}

/// Role strengths as the tables write them.
pub const STRENGTH_NONE: u32 = 0;
pub const STRENGTH_STRICT: u32 = 1;
pub const STRENGTH_LOOSE: u32 = 2;
pub const STRENGTH_PURVIEW: u32 = 3;

/// The roles a delegated caller needs for the templates under a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRule {
    /// Lower-cased path prefix, e.g. `/security/alerts`; matches whole segments.
    pub prefix: String,
    pub strength: u32,
    /// Role names (with template ids in `roles`) for reads and for writes.
    pub read: Vec<String>,
    pub write: Vec<String>,
    /// Roles shown but never checked (they have no template id).
    pub names: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// Index 0 is the root (the `/` before the first segment).
    pub nodes: Vec<Node>,
    pub perms: BTreeMap<String, PermFacts>,
    /// Role name → template id.
    pub roles: BTreeMap<String, String>,
    pub role_rules: Vec<RoleRule>,
}

/// How a layer of permission-map rows (format 2, Graph Explorer) lands on what is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapMode {
    /// The built-in map under the built-in `/security` layer, which is the map's `/security` rows
    /// curated: the map's own `/security` rows are left out.
    #[allow(dead_code)] // build.rs compiles the built-in catalog with it
    Builtin,
    /// Extra data: it overrides the rows it matches. A `/security` row applies to the versions that
    /// already know the path, or to both. With `keep_same`, a row that accepts exactly what the
    /// existing row accepts keeps the existing one (with its curated least-privileged sets).
    Extra { keep_same: bool },
}

/// One scheme's permissions as a map states them, before ordering.
pub type RawScheme = BTreeMap<String, RawEntry>;

/// A permission as a map states it for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    pub least: bool,
    pub also: BTreeSet<String>,
}

/// One call as a map states it.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub schemes: [RawScheme; SCHEMES],
    /// Explicit versions, else the layer's rule.
    pub versions: Option<Vec<Version>>,
    pub inferred: bool,
    /// `None`: keep what the catalog says of deprecation.
    pub deprecation: Option<Option<DeprecationFacts>>,
}

impl RawRow {
    /// Adds what another template spelling of the same endpoint states: the permissions add up; a
    /// permission is least privileged if either marks it, and needs a partner only where both say so.
    pub fn absorb(&mut self, other: RawRow) {
        for (mine, theirs) in self.schemes.iter_mut().zip(other.schemes) {
            for (name, e) in theirs {
                match mine.get_mut(&name) {
                    Some(m) => {
                        m.least |= e.least;
                        m.also = m.also.intersection(&e.also).cloned().collect();
                    }
                    None => {
                        mine.insert(name, e);
                    }
                }
            }
        }
        self.inferred |= other.inferred;
        if other.deprecation.is_some() {
            self.deprecation = other.deprecation;
        }
        if let Some(vs) = other.versions {
            let mine = self.versions.get_or_insert_with(Vec::new);
            for v in vs {
                if !mine.contains(&v) {
                    mine.push(v);
                }
            }
        }
    }
}

/// A path of a map layer: its display template, segments and calls.
#[derive(Debug, Clone)]
pub struct MapPath {
    pub display: String,
    pub segs: Vec<TSeg>,
    /// By table method index.
    pub calls: Vec<(usize, RawRow)>,
}

impl Default for Model {
    fn default() -> Self {
        Model::new()
    }
}

impl Model {
    pub fn new() -> Model {
        Model {
            nodes: vec![Node {
                key: String::new(),
                function: false,
                parent: 0,
                children: Vec::new(),
                id_child: None,
                template: String::new(),
                per: Default::default(),
            }],
            perms: BTreeMap::new(),
            roles: BTreeMap::new(),
            role_rules: Vec::new(),
        }
    }

    /// The node of a template, created with its ancestors when missing.
    pub fn insert(&mut self, segs: &[TSeg], display: &str) -> u32 {
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
                TSeg::Colon => self.literal_child(cur, COLON_KEY, false),
                TSeg::Lit { key, function } => self.literal_child(cur, key, *function),
            };
        }
        // The first spelling names the node, except that a plain key (`/servicePrincipals/{id}`)
        // names it rather than an alternate key (`/servicePrincipals(appId={id})`).
        let node = &mut self.nodes[cur as usize];
        let parens = |t: &str| t.matches('(').count() - t.matches("()").count();
        if node.template.is_empty() || parens(display) < parens(&node.template) {
            node.template = display.to_owned();
        }
        cur
    }

    fn literal_child(&mut self, cur: u32, key: &str, function: bool) -> u32 {
        let found =
            self.nodes[cur as usize].children.binary_search_by(|&c| self.nodes[c as usize].key.as_str().cmp(key));
        match found {
            Ok(at) => {
                let c = self.nodes[cur as usize].children[at];
                self.nodes[c as usize].function |= function;
                c
            }
            Err(at) => {
                let c = self.new_node(cur, key, function);
                self.nodes[cur as usize].children.insert(at, c);
                c
            }
        }
    }

    fn new_node(&mut self, parent: u32, key: &str, function: bool) -> u32 {
        let ix = u32::try_from(self.nodes.len()).expect("fewer than 2^32 paths");
        self.nodes.push(Node {
            key: key.to_owned(),
            function,
            parent,
            children: Vec::new(),
            id_child: None,
            template: String::new(),
            per: Default::default(),
        });
        ix
    }

    /// Whether a node is a path under `/security`.
    pub fn under_security(&self, mut n: u32) -> bool {
        let mut first = None;
        while n != 0 {
            first = Some(n);
            n = self.nodes[n as usize].parent;
        }
        first.is_some_and(|f| self.nodes[f as usize].key == "security")
    }

    pub fn add_method(&mut self, node: u32, v: usize, m: usize) {
        self.nodes[node as usize].per[v].methods |= 1 << m;
    }

    /// Sets what a call needs; an empty row means Microsoft publishes no permission for it.
    pub fn set_row(&mut self, node: u32, v: usize, m: usize, row: Row) {
        let info = &mut self.nodes[node as usize].per[v];
        info.methods |= 1 << m;
        if row.is_empty() {
            info.rows[m] = None;
            info.no_permission |= 1 << m;
        } else {
            info.no_permission &= !(1 << m);
            info.rows[m] = Some(row);
        }
    }

    pub fn row(&self, node: u32, v: usize, m: usize) -> Option<&Row> {
        self.nodes[node as usize].per[v].rows[m].as_ref()
    }

    /// A scheme's permissions in the catalog's order, and how many form the least-privileged
    /// set: the marked ones, ordered by privilege level then name; when none is marked, all of
    /// them. Resource-specific-consent permissions count as accepted but come last and are in the
    /// least-privileged set only when nothing else is accepted.
    pub fn order(&self, scheme: usize, raw: &RawScheme) -> (Vec<Entry>, usize) {
        let rsc = |name: &str| self.perms.get(name).is_some_and(|p| p.rsc);
        let level = |name: &str| self.perms.get(name).and_then(|p| p.schemes[scheme].level).unwrap_or(u32::MAX);
        let all_rsc = raw.keys().all(|n| rsc(n));
        let candidates: Vec<&String> = raw.keys().filter(|n| all_rsc || !rsc(n)).collect();
        let marked: Vec<&String> = candidates.iter().copied().filter(|n| raw[*n].least).collect();
        let least: BTreeSet<&String> =
            if marked.is_empty() { candidates.into_iter().collect() } else { marked.into_iter().collect() };
        let key = |n: &&String| (!least.contains(n), rsc(n), level(n), (*n).clone());
        let mut names: Vec<&String> = raw.keys().collect();
        names.sort_by_key(key);
        let entries =
            names.iter().map(|n| Entry { name: (*n).clone(), also: raw[*n].also.iter().cloned().collect() }).collect();
        (entries, least.len())
    }

    /// Lays a layer of map rows (format 2 or Graph Explorer) onto the catalog. Spellings of one
    /// endpoint (case, key names, alternate keys) meet in one node and add up.
    pub fn apply_map(&mut self, perms: &BTreeMap<String, PermFacts>, paths: Vec<MapPath>, mode: MapMode) {
        for (name, facts) in perms {
            self.perms.entry(name.clone()).or_default().merge(facts);
        }
        let mut calls: BTreeMap<(u32, usize), RawRow> = BTreeMap::new();
        for p in paths {
            // The built-in `/security` layer is the map's `/security` rows, curated: it wins.
            if mode == MapMode::Builtin && matches!(p.segs.first(), Some(TSeg::Lit { key, .. }) if key == "security") {
                continue;
            }
            let node = self.insert(&p.segs, &p.display);
            for (m, raw) in p.calls {
                match calls.get_mut(&(node, m)) {
                    Some(have) => have.absorb(raw),
                    None => {
                        calls.insert((node, m), raw);
                    }
                }
            }
        }
        for ((node, m), raw) in calls {
            let security = self.under_security(node);
            let known: Vec<usize> = (0..2).filter(|&v| self.nodes[node as usize].per[v].is_known()).collect();
            let versions: Vec<usize> = match (&raw.versions, mode) {
                (Some(vs), _) => vs.iter().map(|v| vi(*v)).collect(),
                (None, _) if security && !known.is_empty() => known,
                (None, _) => vec![0, 1],
            };
            let mut row = Row { inferred: raw.inferred, ..Row::default() };
            for s in 0..SCHEMES {
                let (entries, least) = self.order(s, &raw.schemes[s]);
                row.schemes[s] = entries;
                row.least[s] = least;
            }
            for v in versions {
                let existing = self.row(node, v, m);
                if let (MapMode::Extra { keep_same: true }, Some(e)) = (mode, existing) {
                    if e.accepted_sets() == row.accepted_sets() {
                        self.add_method(node, v, m);
                        continue;
                    }
                }
                let mut r = row.clone();
                // Unless the layer says otherwise, a deprecated call stays deprecated.
                r.deprecation = match &raw.deprecation {
                    Some(d) => d.clone(),
                    None => existing.and_then(|e| e.deprecation.clone()),
                };
                self.set_row(node, v, m, r);
            }
        }
    }

    /// Every permission name the model mentions, with the facts known of it.
    fn all_perm_names(&self) -> BTreeSet<String> {
        let mut names: BTreeSet<String> = self.perms.keys().cloned().collect();
        for n in &self.nodes {
            for info in &n.per {
                for r in info.rows.iter().flatten() {
                    for e in r.schemes.iter().flatten() {
                        names.insert(e.name.clone());
                        names.extend(e.also.iter().cloned());
                    }
                    if let Some(d) = &r.deprecation {
                        names.extend(d.permissions.iter().cloned());
                    }
                }
            }
        }
        names
    }

    /// The compiled form.
    pub fn compile(&self) -> Tables {
        let mut c = Compiler::default();
        // Permissions, sorted as the tables look them up.
        let mut names: Vec<String> = self.all_perm_names().into_iter().collect();
        names.sort_by(|a, b| tables::cmp_ignore_case(a, b).then_with(|| a.cmp(b)));
        let perm_ix: HashMap<&str, u32> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i as u32)).collect();
        let mut perms = Vec::with_capacity(names.len() * perm::STRIDE);
        for name in &names {
            let facts = self.perms.get(name).cloned().unwrap_or_default();
            let (off, len) = c.string(name);
            perms.extend([off, len, u32::from(facts.rsc)]);
            for s in &facts.schemes {
                let admin = match (s.exists, s.admin) {
                    (false, _) => perm::ABSENT,
                    (true, None) => 0,
                    (true, Some(false)) => 1,
                    (true, Some(true)) => 2,
                };
                let (id, id_len) = s.id.as_deref().map_or((0, 0), |i| c.string(i));
                perms.extend([s.level.unwrap_or(0), admin, id, id_len]);
            }
        }
        // Roles, sorted by name.
        let role_ix: HashMap<&str, u32> = self.roles.keys().enumerate().map(|(i, n)| (n.as_str(), i as u32)).collect();
        let mut roles = Vec::new();
        for (name, id) in &self.roles {
            let (n, nl) = c.string(name);
            let (i, il) = c.string(id);
            roles.extend([n, nl, i, il]);
        }
        let mut role_rules = Vec::new();
        for r in &self.role_rules {
            let (p, pl) = c.string(&r.prefix);
            let ids = |list: &[String]| -> Vec<u32> {
                list.iter().filter_map(|n| role_ix.get(n.as_str()).copied()).collect()
            };
            let (read, n_read) = c.list(&ids(&r.read));
            let (write, n_write) = c.list(&ids(&r.write));
            let pairs: Vec<u32> = r
                .names
                .iter()
                .flat_map(|n| {
                    let (o, l) = c.string(n);
                    [o, l]
                })
                .collect();
            let (names_at, _) = c.list(&pairs);
            role_rules.extend([p, pl, r.strength, read, n_read, write, n_write, names_at, r.names.len() as u32]);
        }
        // Nodes with their rows.
        let mut nodes = Vec::with_capacity(self.nodes.len() * node::STRIDE);
        let mut children = Vec::new();
        for n in &self.nodes {
            let (k, kl) = c.string(&n.key);
            let (t, tl) = if n.template.is_empty() { (0, 0) } else { c.string(&n.template) };
            let first_child = children.len() as u32;
            children.extend(n.children.iter().copied());
            let mut bits = [0u32; 2];
            let mut sets = [NONE; 2];
            for v in 0..2 {
                let info = &n.per[v];
                bits[v] = u32::from(info.methods) | (u32::from(info.no_permission) << 8);
                if info.rows.iter().any(Option::is_some) {
                    let ids: Vec<u32> =
                        info.rows.iter().map(|r| r.as_ref().map_or(NONE, |r| c.row(r, &perm_ix))).collect();
                    sets[v] = c.rowset(ids);
                }
            }
            nodes.extend([
                k,
                kl,
                u32::from(n.function),
                n.parent,
                first_child,
                n.children.len() as u32,
                n.id_child.unwrap_or(NONE),
                t,
                tl,
                bits[0],
                bits[1],
                sets[0],
                sets[1],
            ]);
        }
        Tables {
            strings: c.strings.into(),
            nodes: nodes.into(),
            children: children.into(),
            rowsets: c.rowsets.into(),
            rows: c.rows.into(),
            entries: c.entries.into(),
            lists: c.lists.into(),
            perms: perms.into(),
            roles: roles.into(),
            role_rules: role_rules.into(),
            deprecations: c.deprecations.into(),
        }
    }

    /// The model of a compiled catalog, to merge more data into.
    pub fn from_tables(t: &Tables) -> Model {
        let mut m = Model::new();
        m.nodes.clear();
        for p in 0..t.perm_count() {
            let mut facts = PermFacts { rsc: t.perm(p, perm::FLAGS) & perm::RSC != 0, ..PermFacts::default() };
            for (s, f) in facts.schemes.iter_mut().enumerate() {
                let admin = t.perm_scheme(p, s, perm::ADMIN);
                if admin == perm::ABSENT {
                    continue;
                }
                f.exists = true;
                f.level = Some(t.perm_scheme(p, s, perm::LEVEL)).filter(|&l| l != 0);
                f.admin = match admin {
                    1 => Some(false),
                    2 => Some(true),
                    _ => None,
                };
                let id_len = t.perm_scheme(p, s, perm::ID_LEN);
                if id_len > 0 {
                    f.id = Some(t.str(t.perm_scheme(p, s, perm::ID), id_len).to_owned());
                }
            }
            if facts != PermFacts::default() {
                m.perms.insert(t.perm_name(p).to_owned(), facts);
            }
        }
        for r in 0..t.role_count() {
            m.roles.insert(t.role_name(r).to_owned(), t.role_id(r).to_owned());
        }
        for r in 0..t.role_rule_count() {
            let roles = |at: usize, n: usize| -> Vec<String> {
                t.list(t.role_rule(r, at), t.role_rule(r, n)).iter().map(|&i| t.role_name(i).to_owned()).collect()
            };
            let pairs = t.list(t.role_rule(r, role_rule::NAMES), 2 * t.role_rule(r, role_rule::N_NAMES));
            m.role_rules.push(RoleRule {
                prefix: t.str(t.role_rule(r, role_rule::PREFIX), t.role_rule(r, role_rule::PREFIX_LEN)).to_owned(),
                strength: t.role_rule(r, role_rule::STRENGTH),
                read: roles(role_rule::READ, role_rule::N_READ),
                write: roles(role_rule::WRITE, role_rule::N_WRITE),
                names: pairs.chunks(2).map(|p| t.str(p[0], p[1]).to_owned()).collect(),
            });
        }
        for n in 0..t.node_count() {
            let mut per: [PathInfo; 2] = Default::default();
            for (v, info) in per.iter_mut().enumerate() {
                info.methods = t.methods(n, v) as u8;
                info.no_permission = t.no_permission(n, v) as u8;
                for (mi, slot) in info.rows.iter_mut().enumerate() {
                    *slot = t.row_of(n, v, mi).map(|r| decode_row(t, r));
                }
            }
            m.nodes.push(Node {
                key: t.key(n).to_owned(),
                function: t.node(n, node::FLAGS) & node::FUNCTION != 0,
                parent: t.node(n, node::PARENT),
                children: t.children(n).to_vec(),
                id_child: t.id_child(n),
                template: t.template(n).to_owned(),
                per,
            });
        }
        m
    }
}

fn decode_row(t: &Tables, r: u32) -> Row {
    let mut out = Row { inferred: t.row(r, row::FLAGS) & row::INFERRED != 0, ..Row::default() };
    for s in 0..SCHEMES {
        let (start, n, least) = t.row_scheme(r, s);
        out.least[s] = least as usize;
        out.schemes[s] = (start..start + n)
            .map(|e| Entry {
                name: t.perm_name(t.entry(e, entry::PERM)).to_owned(),
                also: t
                    .list(t.entry(e, entry::ALSO), t.entry(e, entry::N_ALSO))
                    .iter()
                    .map(|&p| t.perm_name(p).to_owned())
                    .collect(),
            })
            .collect();
    }
    let d = t.row(r, row::DEPRECATION);
    if d != NONE {
        let path_len = t.deprecation(d, deprecation::PATH_LEN);
        out.deprecation = Some(DeprecationFacts {
            replacement: (path_len > 0).then(|| t.str(t.deprecation(d, deprecation::PATH), path_len).to_owned()),
            method: ROW_METHOD_LIST[t.deprecation(d, deprecation::METHOD) as usize],
            permissions: t
                .list(t.deprecation(d, deprecation::PERMS), t.deprecation(d, deprecation::N_PERMS))
                .iter()
                .map(|&p| t.perm_name(p).to_owned())
                .collect(),
            path_fix: t.deprecation(d, deprecation::PATH_FIX) != 0,
        });
    }
    out
}

/// Builds the tables: a string pool and runs, each shared where equal.
#[derive(Default)]
struct Compiler {
    strings: String,
    string_at: HashMap<String, (u32, u32)>,
    lists: Vec<u32>,
    list_at: HashMap<Vec<u32>, u32>,
    rows: Vec<u32>,
    row_at: HashMap<Vec<u32>, u32>,
    entries: Vec<u32>,
    rowsets: Vec<u32>,
    rowset_at: HashMap<Vec<u32>, u32>,
    deprecations: Vec<u32>,
}

impl Compiler {
    fn string(&mut self, s: &str) -> (u32, u32) {
        if let Some(&at) = self.string_at.get(s) {
            return at;
        }
        let at = (self.strings.len() as u32, s.len() as u32);
        self.strings.push_str(s);
        self.string_at.insert(s.to_owned(), at);
        at
    }

    /// A run of `lists`: `(start, length)`.
    fn list(&mut self, items: &[u32]) -> (u32, u32) {
        if items.is_empty() {
            return (0, 0);
        }
        if let Some(&at) = self.list_at.get(items) {
            return (at, items.len() as u32);
        }
        let at = self.lists.len() as u32;
        self.lists.extend_from_slice(items);
        self.list_at.insert(items.to_vec(), at);
        (at, items.len() as u32)
    }

    fn row(&mut self, r: &Row, perm_ix: &HashMap<&str, u32>) -> u32 {
        // The row's content as one key: equal rows (v1.0 and beta of one path, most often) are
        // stored once.
        let mut key = vec![u32::from(r.inferred)];
        let mut runs = Vec::new();
        for s in 0..SCHEMES {
            key.extend([r.schemes[s].len() as u32, r.least[s] as u32]);
            for e in &r.schemes[s] {
                let also: Vec<u32> = e.also.iter().map(|a| perm_ix[a.as_str()]).collect();
                let (at, n) = self.list(&also);
                key.extend([perm_ix[e.name.as_str()], at, n]);
                runs.push([perm_ix[e.name.as_str()], at, n]);
            }
        }
        let dep = match &r.deprecation {
            None => NONE,
            Some(d) => {
                let (p, pl) = d.replacement.as_deref().map_or((0, 0), |p| self.string(p));
                let ids: Vec<u32> = d.permissions.iter().map(|p| perm_ix[p.as_str()]).collect();
                let (at, n) = self.list(&ids);
                let rec = [p, pl, method_index(d.method) as u32, u32::from(d.path_fix), at, n];
                match self.deprecations.chunks(deprecation::STRIDE).position(|c| c == rec) {
                    Some(i) => i as u32,
                    None => {
                        self.deprecations.extend(rec);
                        (self.deprecations.len() / deprecation::STRIDE - 1) as u32
                    }
                }
            }
        };
        key.push(dep);
        if let Some(&at) = self.row_at.get(&key) {
            return at;
        }
        let first = (self.entries.len() / entry::STRIDE) as u32;
        for run in runs {
            self.entries.extend(run);
        }
        let at = (self.rows.len() / row::STRIDE) as u32;
        self.rows.push(first);
        self.rows.extend(r.schemes.iter().map(|s| s.len() as u32));
        self.rows.extend(r.least.iter().map(|&l| l as u32));
        self.rows.push(u32::from(r.inferred));
        self.rows.push(dep);
        self.row_at.insert(key, at);
        at
    }

    fn rowset(&mut self, ids: Vec<u32>) -> u32 {
        if let Some(&at) = self.rowset_at.get(&ids) {
            return at;
        }
        let at = (self.rowsets.len() / ROW_METHODS) as u32;
        self.rowsets.extend_from_slice(&ids);
        self.rowset_at.insert(ids, at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::syntax::parse_template;

    fn raw(entries: &[(&str, bool)]) -> RawScheme {
        entries.iter().map(|(n, l)| ((*n).to_owned(), RawEntry { least: *l, also: BTreeSet::new() })).collect()
    }

    fn names(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    fn model_with_levels() -> Model {
        let mut m = Model::new();
        for (name, level, rsc) in
            [("A.Read", 1, false), ("B.Read.All", 3, false), ("C.ReadWrite.All", 4, false), ("D.Read.Chat", 1, true)]
        {
            let s = SchemeFacts { exists: true, level: Some(level), admin: None, id: None };
            m.perms.insert(name.to_owned(), PermFacts { rsc, schemes: [s.clone(), s.clone(), s] });
        }
        m
    }

    #[test]
    fn ordering_follows_markers_then_level_then_name() {
        let m = model_with_levels();
        let (e, least) = m.order(0, &raw(&[("C.ReadWrite.All", true), ("B.Read.All", true), ("A.Read", false)]));
        assert_eq!((names(&e), least), (vec!["B.Read.All", "C.ReadWrite.All", "A.Read"], 2));
        // None marked: all are least privileged, by level.
        let (e, least) = m.order(0, &raw(&[("C.ReadWrite.All", false), ("B.Read.All", false), ("A.Read", false)]));
        assert_eq!((names(&e), least), (vec!["A.Read", "B.Read.All", "C.ReadWrite.All"], 3));
        // Resource-specific consent comes last and is least only when nothing else is accepted.
        let (e, least) = m.order(1, &raw(&[("D.Read.Chat", true), ("C.ReadWrite.All", false)]));
        assert_eq!((names(&e), least), (vec!["C.ReadWrite.All", "D.Read.Chat"], 1));
        let (e, least) = m.order(1, &raw(&[("D.Read.Chat", true)]));
        assert_eq!((names(&e), least), (vec!["D.Read.Chat"], 1));
        // Unknown levels sort after known ones.
        let (e, _) = m.order(0, &raw(&[("Z.Unknown", false), ("C.ReadWrite.All", false)]));
        assert_eq!(names(&e), ["C.ReadWrite.All", "Z.Unknown"]);
    }

    #[test]
    fn compile_and_decompile_round_trip() {
        let mut m = model_with_levels();
        m.roles.insert("Security Reader".to_owned(), "5d6b6bb7-de71-4623-b4af-96380a352509".to_owned());
        m.role_rules.push(RoleRule {
            prefix: "/security/alerts".to_owned(),
            strength: STRENGTH_STRICT,
            read: vec!["Security Reader".to_owned()],
            write: vec![],
            names: vec!["Someone".to_owned()],
        });
        let (display, segs) = parse_template("/users/{user-id}/messages").unwrap();
        let mut row = RawRow::default();
        row.schemes[0] = raw(&[("B.Read.All", true), ("A.Read", false)]);
        row.schemes[0].get_mut("A.Read").unwrap().also.insert("C.ReadWrite.All".to_owned());
        m.apply_map(&BTreeMap::new(), vec![MapPath { display, segs, calls: vec![(0, row)] }], MapMode::Builtin);
        let t = m.compile();
        let back = Model::from_tables(&t);
        let again = back.compile();
        assert_eq!(t.nodes, again.nodes);
        assert_eq!(t.rows, again.rows);
        assert_eq!(t.entries, again.entries);
        assert_eq!(t.perms, again.perms);
        assert_eq!(back.role_rules, m.role_rules);
        let node = back.nodes.iter().position(|n| n.template == "/users/{id}/messages").unwrap() as u32;
        let r = back.row(node, 1, 0).expect("beta row");
        assert_eq!(names(&r.schemes[0]), ["B.Read.All", "A.Read"]);
        assert_eq!(r.schemes[0][1].also, ["C.ReadWrite.All"]);
        assert_eq!(r.least[0], 1);
    }
}
