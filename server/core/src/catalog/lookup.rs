//! What a call needs: the row of the template a URL's path matches, or why there is none.

use super::model::{method_index, vi};
use super::syntax::{split_input, under_security, Seg, MAX_SEGMENTS};
use super::tree::{strip_suffix, Found, Suffix};
use super::{methods_of, Catalog, Lookup};
use crate::types::{Method, Version};

impl Catalog {
    /// What a call needs. `path` is what follows the version in a URL, starting with `/`, query
    /// removed, placeholders written `{}`. Matching ignores case; a literal template segment beats
    /// a `{id}` one and decides alone; a placeholder matches any one segment, preferring `{id}`,
    /// then the one segment whose path allows the method. Namespace-qualified operation names,
    /// function parentheses and arguments, keys in parentheses, colon paths
    /// (`root:/a/b.txt:/content`) and a trailing `$count`, `$ref` or `$value` are understood.
    ///
    /// A placeholder that leaves the endpoint undetermined (`/security/{}`: any of forty
    /// families) gives `OutOfScope`: nothing true can be said about such a call.
    pub fn lookup(&self, version: Version, method: Method, path: &str) -> Lookup<'_> {
        let mut buf = [Seg::Hole; MAX_SEGMENTS];
        let Some(n) = split_input(path, &mut buf) else {
            return if under_security(path) {
                Lookup::Unknown { suggestion: None, in_other_version: false }
            } else {
                Lookup::OutOfScope
            };
        };
        let segs = &buf[..n];
        if segs.is_empty() {
            return Lookup::OutOfScope;
        }
        let security = matches!(segs[0], Seg::Lit(s) if s.eq_ignore_ascii_case("security"));
        let v = vi(version);
        let m = if method == Method::Head { Method::Get } else { method };
        match self.find(segs, v, m) {
            Found::At(node, suffix) => {
                let found = self.resolve(node, v, m, suffix, security);
                if !matches!(found, Lookup::MethodNotAllowed { .. }) {
                    return found;
                }
                // `POST /v1.0/security/alerts/updateAlerts` falls back to `alerts/{id}` in v1.0,
                // but the call is the beta action, not a wrong method on an alert.
                match self.find(segs, 1 - v, m) {
                    Found::At(other, _)
                        if self.t.methods(other, v) == 0
                            && self.t.methods(other, 1 - v) & (1 << method_index(m)) != 0 =>
                    {
                        return Lookup::Unknown { suggestion: None, in_other_version: true };
                    }
                    _ => return found,
                }
            }
            Found::Ambiguous => return Lookup::OutOfScope,
            Found::Nothing if !security => return Lookup::OutOfScope,
            Found::Nothing => {}
        }
        let stripped = strip_suffix(segs).map(|(_, s)| s);
        let suggestion = self.suggest(segs, v, m).or_else(|| stripped.and_then(|s| self.suggest(s, v, m)));
        let in_other_version = self.find(segs, 1 - v, m) != Found::Nothing;
        Lookup::Unknown { suggestion, in_other_version }
    }

    fn resolve(&self, node: u32, v: usize, m: Method, suffix: Suffix, security: bool) -> Lookup<'_> {
        let t = &self.t;
        let mi = method_index(m);
        if suffix == Suffix::Count && m != Method::Get {
            // `$count` is a GET on the collection and needs what listing it needs.
            return if security {
                Lookup::MethodNotAllowed {
                    template: format!("{}/$count", t.template(node)),
                    methods: vec![Method::Get],
                }
            } else {
                Lookup::OutOfScope
            };
        }
        if let Some(r) = t.row_of(node, v, mi) {
            return Lookup::Endpoint(self.endpoint(node, v, mi, r));
        }
        if t.key(node) == "$count" && m == Method::Get {
            let parent = t.node(node, super::tables::node::PARENT);
            if let Some(r) = t.row_of(parent, v, 0) {
                return Lookup::Endpoint(self.endpoint(parent, v, 0, r));
            }
        }
        let template = match suffix {
            Suffix::Count => format!("{}/$count", t.template(node)),
            _ => t.template(node).to_owned(),
        };
        let methods = methods_of(t.methods(node, v));
        let allows = t.methods(node, v) & (1 << mi) != 0;
        if allows || suffix == Suffix::Count {
            let methods = if suffix == Suffix::Count { vec![Method::Get] } else { methods };
            return Lookup::NoPermissionData { template, methods };
        }
        if !security {
            return Lookup::OutOfScope;
        }
        if matches!(suffix, Suffix::Ref | Suffix::Value) {
            // Writing a reference or a stream is allowed where the schema-derived method list
            // says nothing about it; no permission is published for these forms.
            return Lookup::NoPermissionData { template, methods };
        }
        Lookup::MethodNotAllowed { template, methods }
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
            Found::At(node, _) => methods_of(self.t.methods(node, v)),
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
        let m = if method == Method::Head { Method::Get } else { method };
        match self.find(&buf[..n], v, m) {
            Found::At(node, Suffix::None) => self.t.no_permission(node, v) & (1 << method_index(m)) != 0,
            _ => false,
        }
    }
}
