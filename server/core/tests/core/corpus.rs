//! The fast whole-text path against the truth and against the plain path, on a generated corpus.
//!
//! The corpus is `bench/make_corpus.py OUT 2 40 40 7` when python3 runs it, else (or with
//! `CLAIMCHECK_CORPUS_RUST=1`) the same recipe from `corpus_gen` (Rust). Checked:
//! - the fast path (`prefilter`: literal search, line counting between hits) finds exactly the
//!   truth's tokens and Graph URLs, on the right lines, each column at `eyJ` / `https://graph`;
//! - it equals the plain path (`scan_line` on every line of a full line index), also with CRLF
//!   and lone-CR line breaks, non-ASCII text, a line for every candidate literal, split across
//!   threads, and through the CLI's byte path;
//! - the lines the file-level pass reads (`SparseLines`) are the text's lines.

use std::path::PathBuf;
use std::process::Command;

use claimcheck_core::lines::{LineSource, TextLines};
use claimcheck_core::prefilter::{self, TextScan};
use claimcheck_core::scan::{scan_line, LineItems, CANDIDATE_LITERALS};

struct Truth {
    text: String,
    jwt_lines: Vec<usize>,
    graph_lines: Vec<usize>,
    source: &'static str,
}

fn python_generator() -> Option<PathBuf> {
    if std::env::var_os("CLAIMCHECK_CORPUS_RUST").is_some() {
        return None;
    }
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench/make_corpus.py");
    p.is_file().then_some(p)
}

fn corpus() -> Truth {
    if let Some(script) = python_generator() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("corpus.txt");
        let ran = Command::new("python3").arg(&script).arg(&out).args(["2", "40", "40", "7"]).output();
        if let Ok(o) = ran {
            if o.status.success() {
                let text = std::fs::read_to_string(&out).expect("corpus");
                let truth: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(dir.path().join("corpus.txt.truth.json")).expect("truth"),
                )
                .expect("truth JSON");
                let lines = |k: &str| -> Vec<usize> {
                    truth[k].as_array().expect("list").iter().map(|v| v.as_u64().expect("line") as usize).collect()
                };
                return Truth { text, jwt_lines: lines("jwt"), graph_lines: lines("graph"), source: "make_corpus.py" };
            }
        }
    }
    let c = crate::corpus_gen::make(2 << 20, 40, 40, 7);
    Truth { text: c.text, jwt_lines: c.jwt_lines, graph_lines: c.graph_lines, source: "corpus_gen" }
}

/// Everything `scan_line` says about a line, comparable.
fn describe(items: &[(usize, LineItems)]) -> Vec<(usize, String)> {
    items.iter().map(|(l, it)| (*l, format!("{it:?}"))).collect()
}

/// The plain path: a full line index and `scan_line` on every line.
fn plain(text: &str) -> Vec<(usize, String)> {
    let lines = TextLines::new(text);
    let items: Vec<(usize, LineItems)> =
        (0..lines.line_count()).filter_map(|i| scan_line(lines.line_str(i)).map(|it| (i, it))).collect();
    describe(&items)
}

fn check_lines(text: &str, scan: &TextScan, what: &str) {
    let full = TextLines::new(text);
    assert_eq!(scan.lines.line_count(), full.line_count(), "{what}: line count");
    for i in 0..full.line_count() {
        assert_eq!(scan.lines.line(i), full.line_str(i), "{what}: line {i}");
    }
    // Backwards, from the end, and around every hit, as the file-level pass reads them.
    for &(l, _) in &scan.items {
        for i in l.saturating_sub(3)..(l + 3).min(full.line_count()) {
            assert_eq!(scan.lines.line(i), full.line_str(i), "{what}: line {i} near {l}");
        }
    }
    for i in (0..full.line_count()).rev().step_by(997) {
        assert_eq!(scan.lines.line(i), full.line_str(i), "{what}: line {i} backwards");
    }
}

fn fast_equals_plain(text: &str, what: &str) {
    let want = plain(text);
    let fast = prefilter::scan_str(text);
    assert_eq!(describe(&fast.items), want, "{what}: fast path differs from scan_line on every line");
    check_lines(text, &fast, what);
    let via_bytes = prefilter::scan_bytes(text.as_bytes()).expect("UTF-8");
    assert_eq!(describe(&via_bytes.items), want, "{what}: byte path");
    for threads in [2, 3, 7] {
        let split = prefilter::scan_bytes_split(text.as_bytes(), threads, 0).expect("UTF-8");
        assert_eq!(describe(&split.items), want, "{what}: split in {threads}");
        assert_eq!(split.lines.line_count(), fast.lines.line_count(), "{what}: split in {threads}");
        for &(l, _) in split.items.iter().step_by(5) {
            assert_eq!(split.lines.line(l), fast.lines.line(l), "{what}: split in {threads}, line {l}");
        }
    }
}

#[test]
fn fast_path_finds_exactly_the_planted_tokens_and_urls() {
    let t = corpus();
    let scan = prefilter::scan_str(&t.text);
    let lines = TextLines::new(&t.text);
    let mut jwt_lines = Vec::new();
    let mut graph_lines = Vec::new();
    for (l, it) in &scan.items {
        let line = lines.line_str(*l);
        for tok in &it.tokens {
            assert!(line[tok.hit.start..].starts_with("eyJ"), "{}: token column on line {}", t.source, l + 1);
            jwt_lines.push(l + 1);
        }
        for u in &it.urls {
            assert!(line[u.start..].starts_with("https://graph"), "{}: URL column on line {}", t.source, l + 1);
            graph_lines.push(l + 1);
        }
    }
    assert_eq!(jwt_lines, t.jwt_lines, "{}: token lines", t.source);
    let mut want_graph = t.graph_lines.clone();
    want_graph.sort_unstable();
    assert_eq!(graph_lines, want_graph, "{}: URL lines", t.source);
    assert!(!jwt_lines.is_empty() && !graph_lines.is_empty());
}

#[test]
fn fast_path_equals_plain_path() {
    let t = corpus();
    fast_equals_plain(&t.text, t.source);
}

#[test]
fn fast_path_equals_plain_path_with_other_line_breaks_and_text() {
    let t = corpus();
    let head: String = t.text.chars().take(600_000).collect();
    // Every literal on a line of its own and inside other text, so each is searched for.
    let mut extra = String::new();
    for (i, lit) in CANDIDATE_LITERALS.iter().enumerate() {
        extra.push_str(&format!("{lit}\n  x = y.{lit}(\"/v1.0/security/alerts_v2\")  # {i}\n"));
    }
    let with_literals = format!("{extra}{head}{extra}");
    fast_equals_plain(&with_literals, "every literal");
    fast_equals_plain(&with_literals.replace('\n', "\r\n"), "CRLF");
    fast_equals_plain(&with_literals.replace('\n', "\r"), "lone CR");
    let mixed: String = with_literals
        .split('\n')
        .enumerate()
        .map(|(i, l)| match i % 4 {
            0 => format!("{l}\r\n"),
            1 => format!("{l}\r"),
            2 => format!("é {l} 👩‍💻\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    fast_equals_plain(&mixed, "mixed breaks and non-ASCII");
    fast_equals_plain(&format!("{}\r", head.trim_end()), "ends in CR");
    fast_equals_plain("", "empty");
    fast_equals_plain("eyJ", "one candidate, no break");
}

#[test]
fn invalid_utf8_anywhere_is_reported() {
    let t = corpus();
    let bytes = t.text.as_bytes();
    for at in [0, 1000, bytes.len() / 2, bytes.len() - 1] {
        // A line break before the bad byte keeps every line before it whole.
        let mut b = bytes[..at].to_vec();
        b.extend_from_slice(b"\n\xff\xfe eyJ\n");
        b.extend_from_slice(&bytes[at..]);
        assert!(prefilter::scan_bytes(&b).is_err(), "bad byte at {at}");
        assert!(prefilter::scan_bytes_split(&b, 2, 0).is_err(), "bad byte at {at}, split");
    }
}
