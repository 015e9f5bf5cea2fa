//! The catalog in compiled form: flat tables of `u32` and one string pool, read in place.
//!
//! The built-in catalog is these tables as `static` data written by `build.rs`, so nothing is
//! parsed or allocated when it is first used; a catalog with extra data owns its tables. Every
//! table is a run of fixed-size records (`STRIDE` words, fields at the offsets below); strings
//! are `(offset, length)` pairs into `strings`; variable-length lists are runs in `lists`.
//!
//! Shared with `build.rs`: this module uses nothing but `std`.

use std::borrow::Cow;

/// "No such record".
pub const NONE: u32 = u32::MAX;

/// The methods rows exist for, in this order (HEAD is read as GET).
pub const ROW_METHODS: usize = 5;

/// A path-trie node.
pub mod node {
    pub const STRIDE: usize = 13;
    /// Lower-cased segment (`{id}` for a key segment, `:` for a colon path).
    pub const KEY: usize = 0;
    pub const KEY_LEN: usize = 1;
    /// [`FUNCTION`].
    pub const FLAGS: usize = 2;
    pub const PARENT: usize = 3;
    /// Literal children: a run of `children`, sorted by key.
    pub const FIRST_CHILD: usize = 4;
    pub const N_CHILDREN: usize = 5;
    pub const ID_CHILD: usize = 6;
    /// Display template; length 0 while the node is only a prefix of other templates.
    pub const TEMPLATE: usize = 7;
    pub const TEMPLATE_LEN: usize = 8;
    /// Per version (v1.0, beta): methods the path supports (bit = method index) in the low byte,
    /// methods Microsoft publishes no permission for in the next byte.
    pub const BITS: usize = 9;
    /// Per version: index into `rowsets`, or `NONE`.
    pub const ROWSET: usize = 11;
    /// The template wrote this segment as a function, `name()`.
    pub const FUNCTION: u32 = 1;
}

/// Five row indices (or `NONE`), one per method of [`ROW_METHODS`].
pub mod rowset {
    pub const STRIDE: usize = super::ROW_METHODS;
}

/// What one call needs. Three schemes, in this order: delegated (work or school), application,
/// delegated personal account. Each scheme's accepted permissions are a run of `entries`, least
/// privileged first; the least-privileged set is the first `LEAST` of them.
pub mod row {
    pub const STRIDE: usize = 9;
    pub const ENTRIES: usize = 0;
    /// Per scheme: how many entries.
    pub const N: usize = 1;
    /// Per scheme: how many of them form the least-privileged set.
    pub const LEAST: usize = 4;
    /// [`INFERRED`].
    pub const FLAGS: usize = 7;
    /// Index into `deprecations`, or `NONE`.
    pub const DEPRECATION: usize = 8;
    pub const INFERRED: u32 = 1;
}

/// One accepted permission of a row.
pub mod entry {
    pub const STRIDE: usize = 3;
    /// Index into `perms`.
    pub const PERM: usize = 0;
    /// `AlsoRequires`: a run of `lists` holding permission indices; any one of them is needed too.
    pub const ALSO: usize = 1;
    pub const N_ALSO: usize = 2;
}

/// A permission: its name and, per scheme, what Microsoft says of it. Sorted by lower-cased name.
pub mod perm {
    pub const STRIDE: usize = 15;
    pub const NAME: usize = 0;
    pub const NAME_LEN: usize = 1;
    /// [`RSC`].
    pub const FLAGS: usize = 2;
    /// Per scheme, four fields from here: `SCHEME + 4 * scheme + LEVEL` …
    pub const SCHEME: usize = 3;
    /// Privilege level, 0 when unknown.
    pub const LEVEL: usize = 0;
    /// 0 unknown, 1 no, 2 yes; 3 = the permission does not exist in this scheme.
    pub const ADMIN: usize = 1;
    /// The permission's GUID in Microsoft Graph's app registration (`Scope` / `Role` id).
    pub const ID: usize = 2;
    pub const ID_LEN: usize = 3;
    /// Resource-specific consent: granted per resource by its owner.
    pub const RSC: u32 = 1;
    pub const ABSENT: u32 = 3;
}

/// An Entra role: name and template id. Sorted by name.
pub mod role {
    pub const STRIDE: usize = 4;
    pub const NAME: usize = 0;
    pub const NAME_LEN: usize = 1;
    pub const ID: usize = 2;
    pub const ID_LEN: usize = 3;
}

/// Which roles a delegated caller needs, for the templates under a path prefix.
pub mod role_rule {
    pub const STRIDE: usize = 9;
    /// The prefix, lower-cased, e.g. `/security/alerts`.
    pub const PREFIX: usize = 0;
    pub const PREFIX_LEN: usize = 1;
    /// 1 strict, 2 loose, 3 Purview (not checked), 0 none.
    pub const STRENGTH: usize = 2;
    /// Runs of `lists` holding role indices.
    pub const READ: usize = 3;
    pub const N_READ: usize = 4;
    pub const WRITE: usize = 5;
    pub const N_WRITE: usize = 6;
    /// Names shown for roles that have no template id (Purview): a run of `lists` holding
    /// `(offset, length)` pairs.
    pub const NAMES: usize = 7;
    pub const N_NAMES: usize = 8;
}

/// What replaces a deprecated call.
pub mod deprecation {
    pub const STRIDE: usize = 6;
    /// Replacement template; length 0 when there is none.
    pub const PATH: usize = 0;
    pub const PATH_LEN: usize = 1;
    pub const METHOD: usize = 2;
    /// 1 when a code action may rewrite the URL.
    pub const PATH_FIX: usize = 3;
    /// A run of `lists` holding permission indices.
    pub const PERMS: usize = 4;
    pub const N_PERMS: usize = 5;
}

/// The compiled catalog.
#[derive(Debug, Clone)]
pub struct Tables {
    pub strings: Cow<'static, str>,
    pub nodes: Cow<'static, [u32]>,
    pub children: Cow<'static, [u32]>,
    pub rowsets: Cow<'static, [u32]>,
    pub rows: Cow<'static, [u32]>,
    pub entries: Cow<'static, [u32]>,
    pub lists: Cow<'static, [u32]>,
    pub perms: Cow<'static, [u32]>,
    pub roles: Cow<'static, [u32]>,
    pub role_rules: Cow<'static, [u32]>,
    pub deprecations: Cow<'static, [u32]>,
}

impl Tables {
    /// A string of the pool.
    #[inline]
    pub fn str(&self, off: u32, len: u32) -> &str {
        &self.strings[off as usize..(off + len) as usize]
    }

    /// Field `f` of node `n`.
    #[inline]
    pub fn node(&self, n: u32, f: usize) -> u32 {
        self.nodes[n as usize * node::STRIDE + f]
    }

    pub fn node_count(&self) -> u32 {
        (self.nodes.len() / node::STRIDE) as u32
    }

    pub fn key(&self, n: u32) -> &str {
        self.str(self.node(n, node::KEY), self.node(n, node::KEY_LEN))
    }

    pub fn template(&self, n: u32) -> &str {
        self.str(self.node(n, node::TEMPLATE), self.node(n, node::TEMPLATE_LEN))
    }

    pub fn children(&self, n: u32) -> &[u32] {
        let first = self.node(n, node::FIRST_CHILD) as usize;
        &self.children[first..first + self.node(n, node::N_CHILDREN) as usize]
    }

    pub fn id_child(&self, n: u32) -> Option<u32> {
        Some(self.node(n, node::ID_CHILD)).filter(|&c| c != NONE)
    }

    /// Methods the path supports in a version (bit = method index; 0 = not a path there).
    pub fn methods(&self, n: u32, v: usize) -> u32 {
        self.node(n, node::BITS + v) & 0xff
    }

    /// Methods of the path in a version for which Microsoft publishes no permission.
    pub fn no_permission(&self, n: u32, v: usize) -> u32 {
        (self.node(n, node::BITS + v) >> 8) & 0xff
    }

    /// The row for a method (index into [`ROW_METHODS`]) in a version.
    pub fn row_of(&self, n: u32, v: usize, m: usize) -> Option<u32> {
        let set = self.node(n, node::ROWSET + v);
        if set == NONE || m >= ROW_METHODS {
            return None;
        }
        Some(self.rowsets[set as usize * rowset::STRIDE + m]).filter(|&r| r != NONE)
    }

    #[inline]
    pub fn row(&self, r: u32, f: usize) -> u32 {
        self.rows[r as usize * row::STRIDE + f]
    }

    pub fn row_count(&self) -> u32 {
        (self.rows.len() / row::STRIDE) as u32
    }

    /// The entries of a row for one scheme: `(start, count, least)`.
    pub fn row_scheme(&self, r: u32, scheme: usize) -> (u32, u32, u32) {
        let mut start = self.row(r, row::ENTRIES);
        for s in 0..scheme {
            start += self.row(r, row::N + s);
        }
        (start, self.row(r, row::N + scheme), self.row(r, row::LEAST + scheme))
    }

    #[inline]
    pub fn entry(&self, e: u32, f: usize) -> u32 {
        self.entries[e as usize * entry::STRIDE + f]
    }

    pub fn list(&self, start: u32, n: u32) -> &[u32] {
        &self.lists[start as usize..(start + n) as usize]
    }

    #[inline]
    pub fn perm(&self, p: u32, f: usize) -> u32 {
        self.perms[p as usize * perm::STRIDE + f]
    }

    pub fn perm_count(&self) -> u32 {
        (self.perms.len() / perm::STRIDE) as u32
    }

    pub fn perm_name(&self, p: u32) -> &str {
        self.str(self.perm(p, perm::NAME), self.perm(p, perm::NAME_LEN))
    }

    /// Field `f` of a permission's scheme (`perm::LEVEL` …).
    pub fn perm_scheme(&self, p: u32, scheme: usize, f: usize) -> u32 {
        self.perm(p, perm::SCHEME + 4 * scheme + f)
    }

    /// The permission with this name, compared ignoring ASCII case.
    pub fn perm_by_name(&self, name: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0u32, self.perm_count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp_ignore_case(self.perm_name(mid), name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    #[inline]
    pub fn role(&self, r: u32, f: usize) -> u32 {
        self.roles[r as usize * role::STRIDE + f]
    }

    pub fn role_count(&self) -> u32 {
        (self.roles.len() / role::STRIDE) as u32
    }

    pub fn role_name(&self, r: u32) -> &str {
        self.str(self.role(r, role::NAME), self.role(r, role::NAME_LEN))
    }

    pub fn role_id(&self, r: u32) -> &str {
        self.str(self.role(r, role::ID), self.role(r, role::ID_LEN))
    }

    #[inline]
    pub fn role_rule(&self, r: u32, f: usize) -> u32 {
        self.role_rules[r as usize * role_rule::STRIDE + f]
    }

    pub fn role_rule_count(&self) -> u32 {
        (self.role_rules.len() / role_rule::STRIDE) as u32
    }

    #[inline]
    pub fn deprecation(&self, d: u32, f: usize) -> u32 {
        self.deprecations[d as usize * deprecation::STRIDE + f]
    }
}

/// Orders strings as their ASCII-lower-cased forms would.
pub fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.bytes().map(|c| c.to_ascii_lowercase());
    let b = b.bytes().map(|c| c.to_ascii_lowercase());
    a.cmp(b)
}
