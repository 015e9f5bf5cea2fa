//! The whole-text pass: finds the lines that can hold something (a line holding one of
//! `scan::CANDIDATE_LITERALS`), runs `scan_line` on those only, and counts lines only up to
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

use crate::lines::{count_breaks, line_end, SparseLines};
use crate::scan::{scan_line, LineItems, CANDIDATE_LITERALS};

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
    (0..=lit.len() - width).min_by_key(|&k| lit[k..k + width].iter().map(|&b| commonness(b)).sum::<u32>()).unwrap_or(0)
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
        P.get_or_init(|| Prefilter::new(&CANDIDATE_LITERALS))
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

    /// Whether `line` holds one of the literals (`scan::may_hold_items`).
    pub fn may_hold_items(&self, line: &str) -> bool {
        let b = line.as_bytes();
        self.every_line
            || self.next_candidate(b, 0, b.len()).is_some()
            || self.with_breaks.iter().any(|l| memchr::memmem::find(b, l).is_some())
    }
}

/// The text is not valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8;

/// What the whole-text pass found: the scanned lines that hold something, and the text's lines.
pub struct TextScan<'a> {
    /// Sorted by line.
    pub items: Vec<(usize, LineItems)>,
    pub lines: SparseLines<'a>,
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

/// `scan_bytes` on up to `threads` threads: a text of at least `SPLIT_MIN` bytes is cut after
/// line breaks into parts scanned side by side (their page faults too), and the line numbers of
/// each part are shifted by the line breaks of the parts before it. On one thread,
/// `prepare(offset, len)` is called before each 16 MiB is scanned (the CLI maps the range's pages
/// in one call there).
pub fn scan_bytes_parallel<'a>(
    bytes: &'a [u8],
    threads: usize,
    prepare: &(dyn Fn(usize, usize) + Sync),
) -> Result<TextScan<'a>, NotUtf8> {
    scan_split(bytes, threads, SPLIT_MIN, prepare)
}

/// `scan_bytes_parallel` with a given size from which to split (for tests).
#[doc(hidden)]
pub fn scan_bytes_split(bytes: &[u8], threads: usize, split_min: usize) -> Result<TextScan<'_>, NotUtf8> {
    scan_split(bytes, threads, split_min, &|_, _| {})
}

fn scan_split<'a>(
    bytes: &'a [u8],
    threads: usize,
    split_min: usize,
    prepare: &(dyn Fn(usize, usize) + Sync),
) -> Result<TextScan<'a>, NotUtf8> {
    let pf = Prefilter::global();
    let len = bytes.len();
    if pf.every_line {
        prepare(0, len);
        return scan_every_line(bytes);
    }
    if threads < 2 || len < split_min.max(threads) {
        let part = scan_part(pf, bytes, &|a, n| prepare(a, n))?;
        return Ok(TextScan { items: part.items, lines: SparseLines::new(bytes, part.breaks + 1, part.known) });
    }
    let mut cuts = vec![0];
    for k in 1..threads {
        let at = k * (len / threads);
        let cut = memchr::memchr(b'\n', &bytes[at..]).map_or(len, |i| at + i + 1);
        if cut > *cuts.last().unwrap_or(&0) && cut < len {
            cuts.push(cut);
        }
    }
    cuts.push(len);
    // Parts fault their pages in side by side: measured, that beats mapping them in one call
    // each (which helps a single thread), so `prepare` is not called here.
    let scan = |a: usize, b: usize| scan_part(pf, &bytes[a..b], &|_, _| {});
    let parts: Vec<Result<Part, NotUtf8>> = std::thread::scope(|s| {
        let rest: Vec<_> = cuts[1..]
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                s.spawn(move || scan(a, b))
            })
            .collect();
        let first = scan(0, cuts[1]);
        std::iter::once(first)
            .chain(rest.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))))
            .collect()
    });
    let mut items = Vec::new();
    let mut known = Vec::new();
    let mut lines_before = 0;
    for (part, &offset) in parts.into_iter().zip(&cuts) {
        let part = part?;
        items.extend(part.items.into_iter().map(|(l, it)| (l + lines_before, it)));
        known.extend(part.known.into_iter().map(|(l, s)| (l + lines_before, s + offset)));
        lines_before += part.breaks;
    }
    Ok(TextScan { items, lines: SparseLines::new(bytes, lines_before + 1, known) })
}

/// Below this size a text is scanned on one thread.
const SPLIT_MIN: usize = 8 << 20;

/// `scan_bytes` with a given literal search (which must hold the literals `scan_line` tests).
pub fn scan_with<'a>(pf: &Prefilter, bytes: &'a [u8]) -> Result<TextScan<'a>, NotUtf8> {
    if pf.every_line {
        return scan_every_line(bytes);
    }
    let part = scan_part(pf, bytes, &|_, _| {})?;
    Ok(TextScan { items: part.items, lines: SparseLines::new(bytes, part.breaks + 1, part.known) })
}

/// What scanning a text, or a part of one that ends after a line break, found.
struct Part {
    items: Vec<(usize, LineItems)>,
    /// `(line, start)` of the lines in `items`.
    known: Vec<(usize, usize)>,
    /// Line breaks in the part.
    breaks: usize,
}

/// Bytes handed to `prepare` at a time.
const PREPARE: usize = 16 << 20;

fn scan_part(pf: &Prefilter, bytes: &[u8], prepare: &dyn Fn(usize, usize)) -> Result<Part, NotUtf8> {
    let len = bytes.len();
    let mut prepared = 0;
    // `(line, start, end)` of the lines holding a literal: `scan_line` runs on them once the
    // part is counted, so that a thread never waits for the patterns `scan_line` compiles on
    // first use (the warm-up thread compiles them meanwhile) while it could be scanning.
    let mut candidates = Vec::new();
    // Invariant: `counted` is a line start, the number of that line is `line`, and every byte
    // before `counted` has been counted and validated.
    let mut line = 0usize;
    let mut counted = 0usize;
    while counted < len {
        while counted >= prepared {
            let n = PREPARE.min(len - prepared);
            prepare(prepared, n);
            prepared += n;
        }
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
            std::str::from_utf8(&bytes[start..end]).map_err(|_| NotUtf8)?;
            candidates.push((line, start, end));
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
    let mut items = Vec::new();
    let mut known = Vec::new();
    for (line, start, end) in candidates {
        // Validated above.
        let text = std::str::from_utf8(&bytes[start..end]).map_err(|_| NotUtf8)?;
        if let Some(found) = scan_line(text) {
            items.push((line, found));
            known.push((line, start));
        }
    }
    Ok(Part { items, known, breaks: line })
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
        let text =
            "const a = 1;\r\nConnect-MgGraph -Scopes\rnothing here\nconnect-mggraph\n\n  eyJ\r\n/v1.0/x\nv1.0 no\n";
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
    fn may_hold_items_is_literal_containment_for_any_list() {
        let lists: [&[&'static str]; 4] = [
            &CANDIDATE_LITERALS,
            &["eyJ", "v1.0/", "beta/"],
            &["a", "Connect-MgGraph", "scope", "xyzzy-long-literal-here"],
            &["ab", "b\nc", "bc", "abc"],
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for lits in lists {
            let pf = Prefilter::new(lits);
            // Lines built from pieces of the literals, their neighbours and filler.
            let pieces: Vec<String> = lits
                .iter()
                .flat_map(|l| {
                    let cut = l.len() / 2;
                    [l.to_string(), l[..cut].to_string(), l[cut..].to_string(), l.to_uppercase()]
                })
                .chain(["const ", "config", " ", "é", "\t", "/", "."].map(String::from))
                .collect();
            for _ in 0..4000 {
                let n = (next() % 6) as usize;
                let line: String = (0..n).map(|_| pieces[(next() % pieces.len() as u64) as usize].as_str()).collect();
                let want = lits.iter().any(|l| line.contains(l));
                assert_eq!(pf.may_hold_items(&line), want, "{lits:?} {line:?}");
            }
        }
    }

    #[test]
    fn plain_path_for_an_empty_literal() {
        let pf = Prefilter::new(&["", "eyJ"]);
        assert!(pf.may_hold_items("anything"));
        let s = scan_with(&pf, b"a\nb\n").unwrap();
        assert_eq!(s.lines.line_count(), 3);
    }
}
