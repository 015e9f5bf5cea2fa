//! Properties over generated input: the analysis never panics, whatever the text; position
//! conversions round-trip; incremental edits keep the server's document equal to the client's
//! text and its diagnostics equal to a fresh analysis of that text.
//!
//! Generated texts can hold whole tokens, so every value proptest may print (a failing case and
//! its shrinks) is shown redacted.

use std::collections::HashMap;

use crate::common::text::{self, Enc};
use crate::common::tokens;
use claimcheck_core::analysis::{analyze_lines, analyze_scan, analyze_text, Analysis, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::context::FileInfo;
use claimcheck_core::document::Document;
use claimcheck_core::lines::{column, LineSource, TextLines};
use claimcheck_core::position::{
    byte_in_line, character_in_line, rope_char, rope_line, Encoding, LineCol as Position, LineColRange as Range,
};
use claimcheck_core::prefilter;
use claimcheck_core::scan::{scan_line, LineItems};
use proptest::prelude::*;

/// `s` with every token, and every piece of one (a header or payload segment alone starts with
/// `eyJ` too), cut to its first ten characters.
fn hide(s: &str) -> String {
    let re = regex::Regex::new(r"eyJ[A-Za-z0-9_-]*(\.[A-Za-z0-9_=-]*){0,2}").unwrap();
    re.replace_all(s, |c: &regex::Captures| format!("{}…", &c[0][..10.min(c[0].len())])).into_owned()
}

/// A generated text, shown redacted.
#[derive(Clone)]
struct Text(String);

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", hide(&format!("{:?}", self.0)))
    }
}

/// One `didChange` content change: a range (line, character, line, character) and its text.
#[derive(Clone)]
struct Edit {
    range: Option<(u32, u32, u32, u32)>,
    text: String,
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} <- {}", self.range, hide(&format!("{:?}", self.text)))
    }
}

const NAMES: [&str; 12] =
    ["a.py", "a.cs", "a.ps1", "a.http", "a.js", "a.go", "a.java", "a.sh", "a.yaml", "a.md", "a.json", "a.rest"];

/// Pieces that reach every part of the analysis: token starts and whole tokens, URL shapes,
/// quotes and braces, every line break, astral and combining characters, `.http` syntax, SDK
/// chains, cmdlets and scope declarations.
fn alphabet() -> Vec<String> {
    let token = tokens::mint(tokens::delegated_no_alerts());
    let app = tokens::mint(tokens::app_alerts());
    let (h, p) = {
        let mut it = token.split('.');
        (it.next().unwrap().to_owned(), it.next().unwrap().to_owned())
    };
    let mut v: Vec<String> = [
        "eyJ",
        "eyJ",
        ".",
        ".",
        "..",
        "/v1.0/security/",
        "/beta/security/",
        "v1.0/",
        "https://graph.microsoft.com",
        "graph.microsoft.us",
        "alerts_v2",
        "alerts",
        "incidents/",
        "{id}",
        "{{token}}",
        "$(x)",
        "%s",
        "\"",
        "'",
        "`",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "\r\n",
        "\n",
        "\r",
        "\u{2028}",
        "😀",
        "👩‍💻",
        "é",
        "e\u{301}",
        "\u{feff}",
        "\0",
        " ",
        "  ",
        "\t",
        "a",
        "Z",
        "9",
        "-",
        "_",
        "=",
        "+",
        "\\",
        "#",
        "?",
        "Bearer ",
        "#access_token=",
        "Authorization: Bearer ",
        "@token = ",
        "###",
        "GET ",
        "PATCH ",
        "curl -X POST ",
        "-Method Delete ",
        "Invoke-RestMethod -Uri ",
        "graphClient.Security.Alerts_v2",
        ".GetAsync()",
        "client.security.alerts_v2",
        ".by_alert_id(x).patch(b)",
        "Get-MgSecurityAlertV2",
        " -AlertId 1",
        "Connect-MgGraph -Scopes ",
        "\"SecurityAlert.Read.All\"",
        "scopes = [",
        "claimcheck:ignore",
        "# ",
        "// ",
        "msgraph_beta",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend([token.clone(), app, h, p, format!("{token}.x"), token[..token.len() / 2].to_owned()]);
    v
}

fn rich_text(max_pieces: usize) -> impl Strategy<Value = Text> {
    prop::collection::vec(prop::sample::select(alphabet()), 0..max_pieces).prop_map(|v| Text(v.concat()))
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn with_ctx<R>(f: impl FnOnce(&Context) -> R) -> R {
    let severity: SeverityMap = HashMap::new();
    let ctx =
        Context { catalog: Catalog::builtin(), now: tokens::NOW, severity: &severity, configured: None, app: None };
    f(&ctx)
}

/// Analyses `text` on the CLI's whole-text path and on the server's per-line path; they must
/// agree. Every span must lie on character boundaries inside the text.
fn analyze_both_ways(text: &str, name: &str, ctx: &Context) -> Analysis {
    let info = FileInfo::for_path(name);
    let full = analyze_text(text, &info, ctx);
    let lines = TextLines::new(text);
    let items: Vec<(usize, LineItems)> =
        (0..lines.line_count()).filter_map(|i| scan_line(lines.line_str(i)).map(|x| (i, x))).collect();
    let refs: Vec<(usize, &LineItems)> = items.iter().map(|(i, x)| (*i, x)).collect();
    let per_line = analyze_lines(&lines, &refs, &info, ctx);
    if full.findings != per_line.findings {
        panic!(
            "{name}: the two analysis paths differ:\n{}",
            hide(&format!("{:#?}\n{:#?}", full.findings, per_line.findings))
        );
    }
    for f in &full.findings {
        for p in [f.span.start, f.span.end] {
            let line = lines.line_str(p.line);
            assert!(
                p.byte <= line.len() && line.is_char_boundary(p.byte),
                "{name}: {} at {p:?} is off the text",
                f.rule.id()
            );
        }
    }
    full
}

proptest! {
    // Case counts keep this file near 30 s in a debug build on two cores; `PROPTEST_CASES`
    // raises them for a longer run.
    #![proptest_config(ProptestConfig { cases: cases(128), ..ProptestConfig::default() })]

    #[test]
    fn analysis_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..3000), k in 0..NAMES.len()) {
        // The CLI's path: scan the bytes, or their lossy decoding when they are not UTF-8.
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        with_ctx(|ctx| {
            let info = FileInfo::for_path(NAMES[k]);
            let via_bytes = match prefilter::scan_bytes(&bytes) {
                Ok(scan) => analyze_scan(&scan, &info, ctx),
                Err(_) => analyze_scan(&prefilter::scan_str(&lossy), &info, ctx),
            };
            let direct = analyze_both_ways(&lossy, NAMES[k], ctx);
            prop_assert_eq!(via_bytes.findings, direct.findings);
            Ok(())
        })?;
    }

    #[test]
    fn analysis_never_panics_on_text_rich_in_tokens_urls_and_breaks(t in rich_text(120), k in 0..NAMES.len()) {
        with_ctx(|ctx| {
            let a = analyze_both_ways(&t.0, NAMES[k], ctx);
            // A token found is named by its first ten characters only, even where a message
            // quotes a path the token was written into.
            let lines = TextLines::new(&t.0);
            for tok in &a.tokens {
                let written = &lines.line_str(tok.span.start.line)[tok.span.start.byte..tok.span.end.byte];
                for f in &a.findings {
                    prop_assert!(!crate::common::tokens::leaks(&f.message, written), "{} quotes a token", f.rule.id());
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn columns_round_trip_in_utf8_and_utf16(t in rich_text(60)) {
        let text = &t.0;
        let lines = TextLines::new(text);
        let rope = ropey::Rope::from_str(text);
        prop_assert_eq!(rope.len_lines(), lines.line_count(), "rope and text disagree on line breaks");
        for i in 0..lines.line_count() {
            let line = lines.line_str(i);
            prop_assert_eq!(&rope_line(&rope, i), line);
            for (b, _) in line.char_indices().chain([(line.len(), ' ')]) {
                for (enc, cenc) in [(Encoding::Utf8, Enc::Utf8), (Encoding::Utf16, Enc::Utf16)] {
                    let c = character_in_line(line, b, enc);
                    prop_assert_eq!(byte_in_line(line, c, enc), b);
                    // The client's independent arithmetic agrees, both ways.
                    let at = lines.line_start(i) + b;
                    prop_assert_eq!(text::position(text, at, cenc), (i as u32, c));
                    prop_assert_eq!(text::offset(text, i as u32, c, cenc), at);
                    let ch = rope_char(&rope, Position::new(i as u32, c), enc);
                    prop_assert_eq!(rope.char_to_byte(ch), at);
                }
                // Report columns count scalar values, 1-based.
                prop_assert_eq!(column(line, b), line[..b].chars().count() + 1);
            }
            // Columns inside a character or past the end snap to a boundary at or before them.
            let units16: u32 = line.chars().map(|c| c.len_utf16() as u32).sum();
            for c in 0..=units16 + 2 {
                let b = byte_in_line(line, c, Encoding::Utf16);
                prop_assert!(line.is_char_boundary(b));
                prop_assert!(character_in_line(line, b, Encoding::Utf16) <= c);
            }
        }
    }
}

/// The client's side of an edit. Columns inside a character (the middle of a surrogate pair in
/// UTF-16, of a multi-byte sequence in UTF-8) are not defined by LSP; the server takes the
/// character's start (`position.rs`), and so does this model. Otherwise it is `text::offset`.
fn client_apply(s: &mut String, e: &Edit, enc: Enc) {
    let Some((l0, c0, l1, c1)) = e.range else {
        *s = e.text.clone();
        return;
    };
    let at = |line: u32, character: u32| {
        let off = text::offset(s, line, character, enc);
        let Some(&(start, _)) = text::lines(s).get(line as usize) else { return off };
        // `text::offset` moves past a character it lands inside: step back to its start when
        // the column falls strictly inside it.
        let (_, col) = text::position(s, off, enc);
        if col > character && off > start {
            s[..off].char_indices().next_back().map_or(off, |(i, _)| i)
        } else {
            off
        }
    };
    let (a, b) = (at(l0, c0), at(l1, c1));
    s.replace_range(a.min(b)..a.max(b), &e.text);
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    // Positions mostly inside a short document, sometimes far past it; now and then a full
    // replacement.
    let coord = prop_oneof![8 => 0u32..12, 1 => Just(u32::MAX), 1 => 12u32..10_000];
    let col = prop_oneof![8 => 0u32..30, 1 => Just(u32::MAX), 1 => 30u32..10_000];
    let range = (coord.clone(), col.clone(), coord, col);
    let edit = (prop_oneof![19 => range.prop_map(Some), 1 => Just(None)], rich_text(6))
        .prop_map(|(range, t)| Edit { range, text: t.0 });
    prop::collection::vec(edit, 1..40)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn incremental_edits_keep_the_text_and_the_diagnostics_of_a_fresh_analysis(
        start in rich_text(40), edits in edits(), utf8 in any::<bool>(), k in 0..NAMES.len(),
    ) {
        let (enc, cenc) = if utf8 { (Encoding::Utf8, Enc::Utf8) } else { (Encoding::Utf16, Enc::Utf16) };
        let info = FileInfo::for_path(NAMES[k]);
        let mut client = start.0.clone();
        let mut doc = Document::new(&client, 1, info, u64::MAX);
        with_ctx(|ctx| {
            for (n, e) in edits.iter().enumerate() {
                client_apply(&mut client, e, cenc);
                let range = e.range.map(|(l0, c0, l1, c1)| Range::new(Position::new(l0, c0), Position::new(l1, c1)));
                doc.apply(range, &e.text, enc, u64::MAX);
                prop_assert!(doc.rope == client, "edit {}: the server's text differs from the client's", n);
                let incremental = doc.analyze(ctx);
                let fresh = analyze_text(&client, &info, ctx);
                if incremental.findings != fresh.findings {
                    panic!("edit {n}: incremental diagnostics differ from a fresh analysis:\n{}",
                        hide(&format!("{:#?}\n{:#?}", incremental.findings, fresh.findings)));
                }
            }
            Ok(())
        })?;
    }
}

/// Cases the properties found, kept as plain tests.
#[test]
fn a_token_written_into_a_url_path_is_never_quoted() {
    let token = tokens::mint(tokens::delegated_no_alerts());
    let payload = token.split('.').nth(1).unwrap().to_owned();
    let cases = [
        format!("/v1.0/security/\u{2028}{token}"),
        format!("T = \"{token}\"\nu = \"https://graph.microsoft.com/v1.0/security/\u{2028}client.security.alerts_v2{token}\""),
        format!("T = \"{token}\" -Scopes /v1.0/security/{payload}"),
        format!("curl -X PATCH https://graph.microsoft.com/v1.0/security/alerts/{token}"),
    ];
    with_ctx(|ctx| {
        for (i, text) in cases.iter().enumerate() {
            let a = analyze_both_ways(text, "a.py", ctx);
            assert!(!a.findings.is_empty(), "case {i}: the URL was found");
            for f in &a.findings {
                assert!(
                    !crate::common::tokens::leaks(&f.message, &token),
                    "case {i}: {} quotes the token",
                    f.rule.id()
                );
                let fix = f.fix.as_ref().map(|x| x.replacement.as_str()).unwrap_or("");
                assert!(
                    !crate::common::tokens::leaks(fix, &token),
                    "case {i}: the {} fix carries the token",
                    f.rule.id()
                );
            }
        }
    });
}
