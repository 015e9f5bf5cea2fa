//! A long seeded session against the built binary (the release build when there is a fresh one):
//! random incremental edits across 50 documents, hovers and inlay hints interleaved. Memory must
//! stay flat, and at the end each document's diagnostics must equal those of a fresh server that
//! opens the final texts.
//!
//! `CLAIMCHECK_SOAK_EDITS` sets the number of edits (default 20,000 against the release build,
//! 5,000 against the debug build; the full run is `CLAIMCHECK_SOAK_EDITS=100000`),
//! `CLAIMCHECK_SOAK_SEED` the seed.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::text::{self, Enc};
use crate::common::tokens::{self, mint, with};
use crate::common::uri;
use crate::reliability::{proc_kib, Client};
use serde_json::{json, Value};

const DOCS: usize = 50;
const WAIT: Duration = Duration::from_secs(60);

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

const NAMES: [(&str, &str); 8] = [
    ("py", "python"),
    ("cs", "csharp"),
    ("ps1", "powershell"),
    ("http", "http"),
    ("sh", "shellscript"),
    ("js", "javascript"),
    ("yaml", "yaml"),
    ("md", "markdown"),
];

/// What edits insert: code that holds findings, and characters that move columns and lines.
fn pieces() -> Vec<String> {
    let delegated = mint(tokens::delegated_no_alerts());
    let app = mint(tokens::app_alerts());
    let expired = mint(with(tokens::delegated_no_alerts(), json!({"exp": 1_700_000_000})));
    let mut v: Vec<String> = [
        "r = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")\n",
        "GET https://graph.microsoft.com/v1.0/security/incidents/{id}\nAuthorization: Bearer {{token}}\n###\n",
        "curl -X PATCH https://graph.microsoft.com/beta/security/alerts/1 \\\n  -d '{}'\n",
        "Get-MgSecurityAlertV2 -AlertId $id\nConnect-MgGraph -Scopes \"SecurityIncident.Read.All\"\n",
        "await graphClient.Security.Incidents.GetAsync();\n",
        "u = \"/v1.0/security/secureScores\" # claimcheck:ignore\n",
        "fetch(\"/beta/security/unknownThing\")\r\n",
        "é",
        "😀",
        "👩‍💻",
        "\r\n",
        "\n",
        "\r",
        " ",
        "x",
        "\"",
        "{",
        "}",
        "/",
        ".",
        "eyJ",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("TOKEN = \"{delegated}\"\n"));
    v.push(format!("@token = {app}\n"));
    v.push(format!("token: {expired}\n"));
    v.push(format!("https://app.example/cb#access_token={delegated}&x=1\n"));
    v
}

/// A char boundary at or before `b`, never between the `\r` and `\n` of a CRLF (no LSP
/// position addresses that place).
fn floor(s: &str, mut b: usize) -> usize {
    b = b.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    if b > 0 && s.as_bytes()[b - 1] == b'\r' && s.as_bytes().get(b) == Some(&b'\n') {
        b -= 1;
    }
    b
}

fn diagnostics_key(d: &[Value]) -> Vec<Value> {
    let mut v: Vec<Value> = d
        .iter()
        .map(|d| {
            json!({"range": d["range"], "code": d["code"], "severity": d["severity"], "message": d["message"],
            "relatedInformation": d["relatedInformation"], "data": d["data"]})
        })
        .collect();
    v.sort_by_key(|x| x.to_string());
    v
}

#[test]
fn a_long_session_of_random_edits_keeps_memory_flat_and_diagnostics_exact() {
    let bin = crate::reliability::bin();
    // A debug build is about seven times slower than the release build CI drives.
    let default = if bin.ends_with("debug/claimcheck") { 5_000 } else { 20_000 };
    let edits = env_number("CLAIMCHECK_SOAK_EDITS", default) as usize;
    let seed = env_number("CLAIMCHECK_SOAK_SEED", 0x5eed_c1a1);
    let mut rng = Rng(seed | 1);
    let pieces = pieces();
    let mut c = Client::spawn(&bin, &["lsp"], &[], Stdio::null());
    c.initialize(json!({}));
    let mut docs: Vec<(String, &str, String, i64)> = (0..DOCS)
        .map(|i| {
            let (ext, lang) = NAMES[i % NAMES.len()];
            let text: String = (0..8).map(|_| pieces[rng.below(7)].clone()).collect::<Vec<_>>().concat();
            (uri(&format!("soak/{i}.{ext}")), lang, text, 1)
        })
        .collect();
    for (u, lang, t, v) in &docs {
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": lang, "version": v, "text": t}}),
        );
        c.diagnostics(u, 1, WAIT);
    }
    let t0 = Instant::now();
    let mut rss_start = 0;
    let mut hovers = 0;
    for n in 0..edits {
        // Memory is measured once the server has seen every document change a while.
        if n == edits.min(2_000) {
            let _ = c.call(
                "textDocument/hover",
                json!({"textDocument": {"uri": docs[0].0}, "position": {"line": 0, "character": 0}}),
            );
            rss_start = proc_kib(c.pid(), "VmRSS").unwrap();
        }
        let d = rng.below(DOCS);
        let (u, _, t, v) = &mut docs[d];
        let a = floor(t, rng.below(t.len() + 1));
        // Documents stay between a few hundred bytes and ~6 KB: long ones mostly shrink.
        let span = if t.len() > 6000 { rng.below(800) } else { rng.below(12) };
        let b = floor(t, a + span).max(a);
        let insert =
            if t.len() > 6000 || rng.below(4) == 0 { String::new() } else { pieces[rng.below(pieces.len())].clone() };
        let (l0, c0) = text::position(t, a, Enc::Utf16);
        let (l1, c1) = text::position(t, b, Enc::Utf16);
        t.replace_range(a..b, &insert);
        *v += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": *v}, "contentChanges": [{"range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}, "text": insert}]}),
        );
        if n % 40 == 0 {
            let u = docs[d].0.clone();
            let (line, character) =
                text::position(&docs[d].2, floor(&docs[d].2, rng.below(docs[d].2.len() + 1)), Enc::Utf16);
            let h = c.call(
                "textDocument/hover",
                json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
            );
            assert!(h.is_null() || h["contents"].is_object());
            let hints = c.call("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 500, "character": 0}}}));
            assert!(hints.is_array());
            hovers += 1;
            // Published diagnostics are not the test's business until the end.
            c.drain_pending();
        }
    }
    // The diagnostics of each final text: one more (empty) change, and its publish.
    let mut incremental = Vec::new();
    for (u, _, _, v) in &mut docs {
        *v += 1;
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": *v}, "contentChanges": []}));
        incremental.push(c.diagnostics(u, *v, WAIT));
    }
    let took = t0.elapsed();
    let rss_end = proc_kib(c.pid(), "VmRSS").unwrap();
    let hwm = proc_kib(c.pid(), "VmHWM").unwrap();
    eprintln!(
        "soak: {edits} edits, {hovers} hover+hint rounds over {DOCS} documents in {:.1} s ({}); VmRSS {:.1} MiB after warm-up, {:.1} MiB at the end, VmHWM {:.1} MiB",
        took.as_secs_f64(),
        bin.display(),
        rss_start as f64 / 1024.0,
        rss_end as f64 / 1024.0,
        hwm as f64 / 1024.0
    );
    assert_eq!(c.finish(), Some(0));
    assert!(rss_end <= rss_start + rss_start / 2 + 16 * 1024, "memory grew: {rss_start} KiB -> {rss_end} KiB");
    // A fresh server opening the final texts publishes the same diagnostics.
    let mut fresh = Client::spawn(&bin, &["lsp"], &[], Stdio::null());
    fresh.initialize(json!({}));
    let mut total = 0;
    for ((u, lang, t, _), inc) in docs.iter().zip(&incremental) {
        fresh.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": lang, "version": 1, "text": t}}),
        );
        let f = fresh.diagnostics(u, 1, WAIT);
        total += f.len();
        let (a, b) = (diagnostics_key(inc), diagnostics_key(&f));
        if a != b {
            let only = |x: &[Value], y: &[Value]| {
                x.iter()
                    .filter(|d| !y.contains(d))
                    .map(|d| tokens::redact(&d.to_string()))
                    .collect::<Vec<_>>()
                    .join("\n  ")
            };
            panic!("{u}: incremental diagnostics differ from a fresh analysis of the final text\nonly incremental:\n  {}\nonly fresh:\n  {}",
                only(&a, &b), only(&b, &a));
        }
    }
    assert!(total > DOCS, "the final texts hold findings: {total}");
    assert_eq!(fresh.finish(), Some(0));
}
