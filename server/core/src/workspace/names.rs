//! Permission names, GUIDs and privilege levels, as the catalog knows them. Every question the
//! workspace asks about a permission itself (not about an endpoint) goes through here, so that
//! where the facts come from is one place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::catalog::Catalog;
use crate::grants::ki;
use crate::types::TokenKind;

/// What the catalog says about permissions, gathered once per workspace model.
pub struct Names<'c> {
    catalog: &'c Catalog,
    /// Per kind, lower-cased name → the name as Microsoft writes it, for every permission some
    /// endpoint accepts.
    known: Arc<Known>,
}

type Known = [HashMap<String, String>; 2];

impl<'c> Names<'c> {
    /// The names of a catalog. Gathered once per catalog (the language server rebuilds its
    /// workspace model on edits): the last catalog's are kept.
    pub fn new(catalog: &'c Catalog) -> Names<'c> {
        static LAST: OnceLock<Mutex<Option<(u64, Arc<Known>)>>> = OnceLock::new();
        let cache = LAST.get_or_init(|| Mutex::new(None));
        let mut last = cache.lock().unwrap_or_else(|e| e.into_inner());
        let known = match &*last {
            Some((g, k)) if *g == catalog.generation() => k.clone(),
            _ => {
                let mut known: Known = Default::default();
                for e in catalog.endpoints() {
                    for kind in [TokenKind::Delegated, TokenKind::Application] {
                        for p in e.accepted(kind) {
                            known[ki(kind)].entry(p.to_ascii_lowercase()).or_insert_with(|| p.clone());
                        }
                    }
                }
                let k = Arc::new(known);
                *last = Some((catalog.generation(), k.clone()));
                k
            }
        };
        Names { catalog, known }
    }

    pub fn catalog(&self) -> &'c Catalog {
        self.catalog
    }

    /// The permission a GUID of Microsoft Graph's app registration stands for: `Scope` ids are
    /// delegated permissions, `Role` ids application permissions.
    pub fn by_id(&self, id: &str, kind: TokenKind) -> Option<String> {
        provisioning::by_id(self.catalog, id, kind)
    }

    /// The GUID of a permission in Microsoft Graph's app registration.
    pub fn id_of(&self, name: &str, kind: TokenKind) -> Option<String> {
        provisioning::id_of(self.catalog, name, kind)
    }

    /// The name as Microsoft writes it, when the catalog knows the permission for that kind.
    pub fn canonical(&self, name: &str, kind: TokenKind) -> Option<&str> {
        self.known[ki(kind)].get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The privilege level used to order permissions (lower is narrower): Microsoft's, with ties
    /// (Read.All and ReadWrite.All are often the same level) broken by the permission's words.
    pub fn level(&self, name: &str, kind: TokenKind) -> u32 {
        let words = word_level(name);
        provisioning::level(self.catalog, name, kind).map_or(16 * 16 + words, |l| l * 16 + words)
    }
}

/// Microsoft's provisioning data (each permission's GUID in Graph's app registration, per kind,
/// and its privilege level), as the catalog carries it.
mod provisioning {
    use crate::catalog::{Catalog, Scheme};
    use crate::types::TokenKind;

    fn scheme(kind: TokenKind) -> Scheme {
        match kind {
            TokenKind::Delegated => Scheme::Delegated,
            TokenKind::Application => Scheme::Application,
        }
    }

    pub(super) fn by_id(catalog: &Catalog, id: &str, kind: TokenKind) -> Option<String> {
        catalog.permission_by_id_in(scheme(kind), id).map(|p| p.name.to_owned())
    }

    pub(super) fn id_of(catalog: &Catalog, name: &str, kind: TokenKind) -> Option<String> {
        catalog.permission(name)?.scheme(scheme(kind))?.id.map(str::to_owned)
    }

    pub(super) fn level(catalog: &Catalog, name: &str, kind: TokenKind) -> Option<u32> {
        catalog.permission(name)?.scheme(scheme(kind))?.level
    }
}

/// A privilege order from the permission's own words, for permissions the catalog gives no
/// level: reading basics < reading < writing < managing everything.
fn word_level(name: &str) -> u32 {
    let parts: Vec<&str> = name.split('.').collect();
    let has = |w: &str| parts.iter().any(|p| p.eq_ignore_ascii_case(w));
    let base = if has("ReadBasic") {
        1
    } else if has("Read") {
        2
    } else if has("ReadWrite") || has("Write") || has("Send") || has("Create") {
        3
    } else {
        4
    };
    base * 2 + u32::from(has("All"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_without_case_and_ordered_by_privilege() {
        let n = Names::new(Catalog::builtin());
        assert_eq!(n.canonical("securityalert.read.all", TokenKind::Application), Some("SecurityAlert.Read.All"));
        assert_eq!(n.canonical("No.Such.Permission", TokenKind::Application), None);
        assert!(
            n.level("SecurityAlert.Read.All", TokenKind::Application)
                < n.level("SecurityAlert.ReadWrite.All", TokenKind::Application)
        );
    }
}
