//! The whole-text pass: finds the lines that can hold something (a line holding one of
//! `analysis::CANDIDATE_LITERALS`), runs `scan_line` on those only, and counts lines only up to
//! each of them.
//!
//! How, and why (measured on 50 MiB of source-like text; see `bench/README.md`):
//! - One packed multi-literal search (`aho_corasick::packed`, Teddy), built once from the literal
//!   list. Each literal is searched by the suffix that starts with its rarest bytes, so that a
//!   literal such as `Connect-MgGraph` does not stop the search at every `const` and `config`;
//!   every candidate is verified against the whole literal. (The default `AhoCorasick` builder
//!   picks a start-byte prefilter for these sets, about 5x slower.)
//! - The text is taken in windows of whole lines (128 KiB) so that counting the line breaks of a
//!   window happens while its bytes are still in cache. Counting is one vectorised pass that
//!   also notes any byte >= 0x80, so UTF-8 validation runs only on ranges that are not ASCII.
//! - No line index and no per-line allocation: the lines the file-level pass reads are located
//!   from the known hit lines (`lines::SparseLines`).
//!
//! The result is exactly that of `scan_line` on every line (tested on generated corpora).

use std::sync::OnceLock;

use aho_corasick::packed;

use crate::analysis::{analyze_lines, scan_line, Analysis, Context, LineItems, CANDIDATE_LITERALS};
use crate::context::FileInfo;
use crate::lines::{count_breaks, line_end, SparseLines};

/// The literal search, built once from `CANDIDATE_LITERALS`.
pub struct Prefilter {
    engine: Engine,
    /// `(literal, offset)` per searched pattern: pattern `j` is `literal[offset..]`.
    patterns: Vec<(&'static [u8], usize)>,
    /// A literal is empty: every line is a candidate.
    every_line: bool,
    /// Literals holding a line break: never inside a line of a text, but `may_hold_items` is a
    /// plain "contains" test and checks them too.
    with_breaks: Vec<&'static [u8]>,
}

enum Engine {
    Teddy(packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
    /// No literal that can occur inside a line.
    Nothing,
}

/// How common a byte is in source code and logs, roughly (higher is more common). Only the order
/// matters: it picks which part of a literal to search for.
fn commonness(b: u8) -> u32 {
    const LOWER_BY_FREQUENCY: &[u8] = b"etaoinsrlcdhupmfgybwvkxjqz";
    match b {
        b' ' => 300,
        b'a'..=b'z' => 260 - 4 * LOWER_BY_FREQUENCY.iter().position(|&c| c == b).unwrap_or(25) as u32,
        b'.' | b'(' | b')' | b'"' | b',' | b'=' | b'_' | b'\t' => 180,
        b'/' | b';' | b':' | b'0' | b'1' | b'2' | b'\'' | b'-' | b'{' | b'}' => 150,
        b'3'..=b'9' => 130,
        b'A'..=b'Z' => 120,
        b'[' | b']' | b'<' | b'>' | b'*' | b'#' | b'+' | b'\n' | b'\r' => 100,
        b'&' | b'|' | b'!' | b'$' | b'\\' | b'?' | b'@' | b'%' => 70,
        0x80.. => 50,
        _ => 30,
    }
}

/// Where to start searching for `lit`: the offset of its rarest `width`-byte window.
fn rare_offset(lit: &[u8], width: usize) -> usize {
    if lit.len() <= width {
        return 0;
    }
    (0..=lit.len() - width)
        .min_by_key(|&k| lit[k..k + width].iter().map(|&b| commonness(b)).sum::<u32>())
        .unwrap_or(0)
}

impl Prefilter {
    /// Builds the search for any list of literals.
    pub fn new(literals: &[&'static str]) -> Prefilter {
        Prefilter::build(literals, true)
    }

    /// `new`, optionally searching each literal from its start instead of its rarest part (for
    /// the benchmarks that justify the choice).
    #[doc(hidden)]
    pub fn build(literals: &[&'static str], rare_parts: bool) -> Prefilter {
        let mut every_line = false;
        let mut with_breaks = Vec::new();
        let mut in_line: Vec<&'static [u8]> = Vec::new();
        for l in literals {
            let b = l.as_bytes();
            if b.is_empty() {
                every_line = true;
            } else if b.iter().any(|&c| c == b'\n' || c == b'\r') {
                with_breaks.push(b);
            } else if !in_line.contains(&b) {
                in_line.push(b);
            }
        }
        // Teddy fingerprints the first min(4, shortest pattern) bytes of each pattern: keep every
        // suffix at least that long.
        let width = in_line.iter().map(|l| l.len()).min().unwrap_or(1).min(4);
        let patterns: Vec<(&'static [u8], usize)> =
            in_line.iter().map(|&l| (l, if rare_parts { rare_offset(l, width) } else { 0 })).collect();
        let engine = if patterns.is_empty() {
            Engine::Nothing
        } else {
            let suffixes = patterns.iter().map(|&(l, k)| &l[k..]);
            let teddy = packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(suffixes.clone())
                .build();
            match teddy {
                Some(s) => Engine::Teddy(s),
                None => Engine::Automaton(
                    aho_corasick::AhoCorasick::builder()
                        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                        .build(suffixes)
                        .expect("literal lists are small"),
                ),
            }
        };
        Prefilter { engine, patterns, every_line, with_breaks }
    }

    /// The search for `CANDIDATE_LITERALS`.
    pub fn global() -> &'static Prefilter {
        static P: OnceLock<Prefilter> = OnceLock::new();
        P.get_or_init(|| Prefilter::new(CANDIDATE_LITERALS))
    }

    /// Whether a whole-literal occurrence has its searched part at `p`.
    #[inline]
    fn verify(&self, hay: &[u8], p: usize, first: usize) -> bool {
        let at = |&(lit, k): &(&[u8], usize)| p >= k && hay[p - k..].starts_with(lit);
        at(&self.patterns[first]) || self.patterns.iter().any(at)
    }

    /// The first position in `hay[from..to]` that lies inside an occurrence of a literal (at or
    /// after the start of the line holding `from`, if `from` is inside one).
    #[inline]
    pub fn next_candidate(&self, hay: &[u8], mut from: usize, to: usize) -> Option<usize> {
        loop {
            let (p, pattern) = match &self.engine {
                Engine::Teddy(s) => {
                    let m = s.find_in(hay, aho_corasick::Span { start: from, end: to })?;
                    (m.start(), m.pattern().as_usize())
                }
                Engine::Automaton(a) => {
                    let m = a.find(aho_corasick::Input::new(hay).span(from..to))?;
                    (m.start(), m.pattern().as_usize())
                }
                Engine::Nothing => return None,
            };
            if self.verify(hay, p, pattern) {
                return Some(p);
            }
            from = p + 1;
        }
    }

    /// Whether `line` holds one of the literals (SPEC: `analysis::may_hold_items`).
    pub fn may_hold_items(&self, line: &str) -> bool {
        let b = line.as_bytes();
        self.every_line
            || self.next_candidate(b, 0, b.len()).is_some()
            || self.with_breaks.iter().any(|l| memchr::memmem::find(b, l).is_some())
    }
}

pub static SL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
/// The text is not valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8;

/// What the whole-text pass found: the scanned lines that hold something, and the text's lines.
pub struct TextScan<'a> {
    /// Sorted by line.
    pub items: Vec<(usize, LineItems)>,
    pub lines: SparseLines<'a>,
}

impl TextScan<'_> {
    /// The file-level pass over what was found.
    pub fn analyze(&self, file: &FileInfo, ctx: &Context) -> Analysis {
        let refs: Vec<(usize, &LineItems)> = self.items.iter().map(|(l, i)| (*l, i)).collect();
        analyze_lines(&self.lines, &refs, file, ctx)
    }
}

/// Bytes of a window: its line breaks are counted while it is still in cache.
const WINDOW: usize = 128 * 1024;

fn check_utf8(bytes: &[u8], high: bool) -> Result<(), NotUtf8> {
    if high && std::str::from_utf8(bytes).is_err() {
        return Err(NotUtf8);
    }
    Ok(())
}

/// Scans a text given as bytes, validating it as UTF-8 on the way (`Err` when it is not: read it
/// lossily and scan that).
pub fn scan_bytes(bytes: &[u8]) -> Result<TextScan<'_>, NotUtf8> {
    scan_with(Prefilter::global(), bytes)
}

/// Scans a text.
pub fn scan_str(text: &str) -> TextScan<'_> {
    scan_with(Prefilter::global(), text.as_bytes()).expect("a str is UTF-8")
}

/// `scan_bytes` with a given literal search (which must hold the literals `scan_line` tests).
pub fn scan_with<'a>(pf: &Prefilter, bytes: &'a [u8]) -> Result<TextScan<'a>, NotUtf8> {
    if pf.every_line {
        return scan_every_line(bytes);
    }
    let len = bytes.len();
    let mut items = Vec::new();
    let mut known = Vec::new();
    // Invariant: `counted` is a line start, the number of that line is `line`, and every byte
    // before `counted` has been counted and validated.
    let mut line = 0usize;
    let mut counted = 0usize;
    while counted < len {
        let wend = if len - counted <= WINDOW {
            len
        } else {
            memchr::memchr(b'\n', &bytes[counted + WINDOW..]).map_or(len, |k| counted + WINDOW + k + 1)
        };
        let mut from = counted;
        while from < wend {
            let Some(p) = pf.next_candidate(bytes, from, wend) else { break };
            let start = memchr::memrchr2(b'\n', b'\r', &bytes[counted..p]).map_or(counted, |k| counted + k + 1);
            let (n, high) = count_breaks(bytes, counted, start);
            check_utf8(&bytes[counted..start], high)?;
            line += n;
            let (end, next) = line_end(bytes, start);
            let text = std::str::from_utf8(&bytes[start..end]).map_err(|_| NotUtf8)?;
            let ts = std::time::Instant::now();
            let r = scan_line(text);
            SL.fetch_add(ts.elapsed().as_nanos() as u64, std::sync::atomic::Ordering::Relaxed);
            if let Some(found) = r {
                items.push((line, found));
                known.push((line, start));
            }
            match next {
                Some(next) => {
                    counted = next;
                    line += 1;
                }
                None => counted = len,
            }
            from = counted;
        }
        if counted < wend {
            let (n, high) = count_breaks(bytes, counted, wend);
            check_utf8(&bytes[counted..wend], high)?;
            line += n;
            counted = wend;
        }
    }
    Ok(TextScan { items, lines: SparseLines::new(bytes, line + 1, known) })
}

/// The plain path: `scan_line` on every line.
fn scan_every_line(bytes: &[u8]) -> Result<TextScan<'_>, NotUtf8> {
    let text = std::str::from_utf8(bytes).map_err(|_| NotUtf8)?;
    let mut items = Vec::new();
    let mut known = Vec::new();
    let mut start = 0;
    let mut line = 0;
    loop {
        let (end, next) = line_end(bytes, start);
        if let Some(found) = scan_line(&text[start..end]) {
            items.push((line, found));
            known.push((line, start));
        }
        match next {
            Some(n) => {
                start = n;
                line += 1;
            }
            None => break,
        }
    }
    Ok(TextScan { items, lines: SparseLines::new(bytes, line + 1, known) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::{count_breaks_scalar, LineSource, TextLines};

    #[test]
    fn rare_offsets_skip_common_prefixes() {
        // Not the "Con" of `const` and `config`.
        assert!(rare_offset(b"Connect-MgGraph", 3) >= 6);
        assert_eq!(rare_offset(b"eyJ", 3), 0);
        assert_eq!(rare_offset(b"ab", 3), 0);
    }

    fn lines_of(bytes: &[u8]) -> Vec<String> {
        let t = TextLines::new(std::str::from_utf8(bytes).unwrap());
        (0..t.line_count()).map(|i| t.line_str(i).to_owned()).collect()
    }

    #[test]
    fn candidates_are_exactly_the_lines_holding_a_literal() {
        let lits: &[&'static str] = &["eyJ", "Connect-MgGraph", "v1.0/", "x"];
        let pf = Prefilter::new(lits);
        let text = "const a = 1;\r\nConnect-MgGraph -Scopes\rnothing here\nconnect-mggraph\n\n  eyJ\r\n/v1.0/x\nv1.0 no\n";
        let hay = text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(p) = pf.next_candidate(hay, from, hay.len()) {
            let (_, next) = line_end(hay, memchr::memrchr2(b'\n', b'\r', &hay[..p]).map_or(0, |k| k + 1));
            found.push(p);
            from = next.unwrap_or(hay.len());
        }
        let lines = lines_of(hay);
        let want: Vec<usize> = (0..lines.len()).filter(|&i| lits.iter().any(|l| lines[i].contains(l))).collect();
        let t = TextLines::new(text);
        let got: Vec<usize> = found.iter().map(|&p| t.line_of(p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn counting_matches_the_reference() {
        let mut seed = 0x9e3779b97f4a7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in [0usize, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 9000] {
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 8 {
                    0 => b'\n',
                    1 => b'\r',
                    2 => 0xC3,
                    _ => b'a',
                })
                .collect();
            for _ in 0..20 {
                let a = if len == 0 { 0 } else { (next() as usize) % len };
                let b = a + if len == a { 0 } else { (next() as usize) % (len - a + 1) };
                assert_eq!(count_breaks(&bytes, a, b), count_breaks_scalar(&bytes, a, b), "{len} {a}..{b}");
            }
            assert_eq!(count_breaks(&bytes, 0, len), count_breaks_scalar(&bytes, 0, len));
        }
    }

    #[test]
    fn sparse_lines_match_the_full_index() {
        let text = "a\r\nb\rc\n\nd\r\n\r\ne\n";
        let t = TextLines::new(text);
        for known in [vec![], vec![(3, 7)], vec![(1, 3), (5, 11)]] {
            let s = SparseLines::new(text.as_bytes(), t.line_count(), known);
            for i in (0..t.line_count()).chain((0..t.line_count()).rev()) {
                assert_eq!(s.line(i), t.line_str(i), "line {i}");
            }
        }
    }

    #[test]
    fn invalid_utf8_is_reported() {
        let mut long = "x eyJ\n".repeat(30_000).into_bytes();
        long.extend_from_slice(b"\xff\n");
        assert!(scan_bytes(&long).is_err());
        assert!(scan_bytes(b"ok \xC3\xA9 eyJ\n\xff").is_err());
        assert!(scan_bytes("ok é\n".as_bytes()).is_ok());
    }

    #[test]
    fn plain_path_for_an_empty_literal() {
        let pf = Prefilter::new(&["", "eyJ"]);
        assert!(pf.may_hold_items("anything"));
        let s = scan_with(&pf, b"a\nb\n").unwrap();
        assert_eq!(s.lines.line_count(), 3);
    }
}
