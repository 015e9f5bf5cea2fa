//! Walking the path trie: a URL's segments against the templates, literal segments before
//! `{id}`, with backtracking where a literal path dead-ends.

use std::cmp::Ordering;

use super::model::{method_index, vi};
use super::syntax::{Seg, COLON_KEY};
use super::tables::node;
use super::Catalog;
use crate::types::{Method, Version};

/// The outcome of matching segments below one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Match {
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
pub(super) enum Found {
    At(u32, Suffix),
    Ambiguous,
    Nothing,
}

/// What was dropped from the end of a URL before a second lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    None,
    Count,
    Ref,
    Value,
}

/// The operation name of a namespace-qualified segment (`microsoft.graph.security.runHuntingQuery`).
pub(super) fn short_name(s: &str) -> Option<&str> {
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

pub(super) fn strip_suffix<'s, 'a>(segs: &'s [Seg<'a>]) -> Option<(Suffix, &'s [Seg<'a>])> {
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

/// A read-only view of the path trie, for resolving SDK call chains member by member.
#[derive(Clone, Copy)]
pub struct Tree<'a> {
    c: &'a Catalog,
}

impl<'a> Tree<'a> {
    pub fn root(&self) -> u32 {
        0
    }

    /// Literal children: `(node, lower-cased key, written as a function)`.
    pub fn children(&self, n: u32) -> impl Iterator<Item = (u32, &'a str, bool)> + 'a {
        let t = &self.c.t;
        t.children(n).iter().map(move |&c| (c, t.key(c), t.node(c, node::FLAGS) & node::FUNCTION != 0))
    }

    pub fn id_child(&self, n: u32) -> Option<u32> {
        self.c.t.id_child(n)
    }

    /// The child for a colon path (`root:/a/b.txt:`), if the templates have one here.
    pub fn colon_child(&self, n: u32) -> Option<u32> {
        self.c.child(n, COLON_KEY)
    }

    pub fn template(&self, n: u32) -> &'a str {
        self.c.t.template(n)
    }

    /// Whether the node is a path in this version.
    pub fn is_known(&self, n: u32, v: Version) -> bool {
        self.c.t.methods(n, vi(v)) != 0
    }
}

impl Catalog {
    /// The path trie.
    pub fn tree(&self) -> Tree<'_> {
        Tree { c: self }
    }

    pub(super) fn child(&self, node: u32, seg: &str) -> Option<u32> {
        let children = self.t.children(node);
        children.binary_search_by(|&c| cmp_key(self.t.key(c), seg)).ok().map(|at| children[at])
    }

    fn allows(&self, n: u32, v: usize, m: Method) -> bool {
        self.t.methods(n, v) & (1 << method_index(m)) != 0
    }

    /// The node a URL's segments resolve to in a version, trying the written form first and then
    /// without a trailing OData segment.
    pub(super) fn find(&self, segs: &[Seg], v: usize, m: Method) -> Found {
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
        let Some((first, rest)) = segs.split_first() else {
            return if self.t.methods(node, v) != 0 {
                Match::One(node, self.allows(node, v, m))
            } else {
                Match::Nothing
            };
        };
        let id_child = self.t.id_child(node);
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
                // `$count`, `$ref`, `$value` are OData segments, never keys.
                if s.starts_with('$') {
                    return Match::Nothing;
                }
                id_child.map_or(Match::Nothing, |id| self.walk(id, rest, v, m))
            }
            Seg::Colon => self.child(node, COLON_KEY).map_or(Match::Nothing, |c| self.walk(c, rest, v, m)),
            Seg::Call { name, bare } => {
                for name in std::iter::once(name).chain(short_name(name)) {
                    let Some(c) = self.child(node, name) else {
                        continue;
                    };
                    let function = self.t.node(c, node::FLAGS) & node::FUNCTION != 0;
                    if !function && !bare {
                        // `alerts_v2('x')`: a key in parentheses addresses the member.
                        if let Some(id) = self.t.id_child(c) {
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
                if let Some(id) = id_child {
                    by_id = self.walk(id, rest, v, m);
                    if matches!(by_id, Match::One(_, true) | Match::Ambiguous) {
                        return by_id;
                    }
                }
                let (mut allowing, mut other, mut ambiguous) = (Match::Nothing, Match::Nothing, false);
                for &c in self.t.children(node) {
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
}
