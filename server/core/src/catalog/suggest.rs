//! The nearest known path for an unknown `/security` one (`unknown-endpoint`'s "did you mean").

use super::model::method_index;
use super::syntax::Seg;
use super::tree::short_name;
use super::Catalog;
use crate::types::Method;

/// How far a suggestion is from what was written; smaller is better, compared field by field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    edits: usize,
    refuses_method: bool,
    /// Placeholders matched to a named segment instead of `{id}`.
    named_holes: usize,
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
pub(super) fn suggestion_distance(written: &str, key: &str) -> Option<usize> {
    let close = |w: &str| edit_distance(w, key, 3).filter(|&d| d == 0 || 2 * d < key.len());
    let full = close(written);
    let short = short_name(written).and_then(close);
    match (full, short) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Catalog {
    /// The closest known path in the version: same number of segments, each differing segment
    /// within a small edit distance. Ties go to a path that allows the method, then to one where
    /// placeholders stand for keys rather than named segments, then to the alphabetically first.
    pub(super) fn suggest(&self, segs: &[Seg], v: usize, m: Method) -> Option<String> {
        let mut best: Option<(Rank, u32)> = None;
        // Only `/security` paths are unknown: look there, not through all of Graph.
        match (segs.split_first(), self.child(0, "security")) {
            (Some((Seg::Lit(first), rest)), Some(security)) if first.eq_ignore_ascii_case("security") => {
                self.suggest_walk(security, rest, v, m, Rank::default(), &mut best)
            }
            _ => self.suggest_walk(0, segs, v, m, Rank::default(), &mut best),
        }
        best.map(|(_, n)| self.t.template(n).to_owned())
    }

    fn suggest_walk(&self, node: u32, segs: &[Seg], v: usize, m: Method, rank: Rank, best: &mut Option<(Rank, u32)>) {
        if best.as_ref().is_some_and(|b| rank.edits > b.0.edits) {
            return;
        }
        let t = &self.t;
        let Some((first, rest)) = segs.split_first() else {
            let methods = t.methods(node, v);
            if methods != 0 {
                let rank = Rank { refuses_method: methods & (1 << method_index(m)) == 0, ..rank };
                let better = match best {
                    None => true,
                    Some((b, bn)) => (rank, t.template(node)) < (*b, t.template(*bn)),
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
            Seg::Colon => Some(super::syntax::COLON_KEY),
        };
        if let Some(id) = t.id_child(node) {
            self.suggest_walk(id, rest, v, m, rank, best);
        }
        for &c in t.children(node) {
            let next = match written {
                None => Rank { named_holes: rank.named_holes + 1, ..rank },
                Some(w) => match suggestion_distance(w, t.key(c)) {
                    Some(d) => Rank { edits: rank.edits + d, ..rank },
                    None => continue,
                },
            };
            self.suggest_walk(c, rest, v, m, next, best);
        }
    }
}
