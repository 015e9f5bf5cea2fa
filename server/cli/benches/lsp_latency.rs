//! Edit → diagnostics latency of the language server on large documents.
//!
//! Spawns the built binary (the release one under `cargo bench`) over stdio, opens a 2 MB and a
//! 20 MB document of source-like lines holding a few tokens and Graph URLs (generated
//! deterministically), makes single-character edits at random lines (seeded) and times each
//! `didChange` until the `publishDiagnostics` of that version arrives. Prints the median and p95
//! per size and the 20 MB / 2 MB ratio: incremental sync should keep that ratio far below 10.
//!
//! Run: `cargo bench -p claimcheck --bench lsp_latency`.

use std::time::{Duration, Instant};

use claimcheck_test_support::lsp::*;
use claimcheck_test_support::tokens::{self, mint, with};
use serde_json::json;

const EDITS: usize = 200;
const WARMUP: usize = 10;
const TOKENS: usize = 6;
const URLS: usize = 60;

/// xorshift64: the same document and the same edits on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A Python-like document of about `size` bytes with `TOKENS` tokens and `URLS` Graph URLs spread
/// evenly through it. Returns the text and its line count.
fn document(size: usize, seed: u64) -> (String, usize) {
    let mut rng = Rng(seed);
    let words =
        ["alerts", "incident", "client", "session", "response", "payload", "retry", "logger", "config", "result"];
    let token = mint(with(tokens::delegated_no_alerts(), json!({"scp": "SecurityAlert.Read.All User.Read"})));
    let urls = [
        "https://graph.microsoft.com/v1.0/security/alerts_v2",
        "https://graph.microsoft.com/v1.0/security/incidents/{id}",
        "https://graph.microsoft.com/beta/security/alerts",
        "https://graph.microsoft.com/v1.0/security/secureScores",
    ];
    // Items go at evenly spaced lines, so both sizes hold the same few tokens and URLs.
    let approx_lines = size / 40;
    let (token_every, url_every) = (approx_lines / TOKENS, approx_lines / URLS);
    let (mut next_token, mut next_url) = (7, 11);
    let mut out = String::with_capacity(size + 4096);
    let mut lines = 0;
    while out.len() < size {
        let chunk = if lines >= next_token {
            next_token += token_every;
            format!("TOKEN_{lines} = \"{token}\"\n")
        } else if lines >= next_url {
            next_url += url_every;
            format!("    r = session.get(\"{}\", timeout=30)\n", urls[rng.below(urls.len())])
        } else {
            let indent = "    ".repeat(rng.below(3));
            let (a, b, c) = (words[rng.below(10)], words[rng.below(10)], words[rng.below(10)]);
            match rng.below(4) {
                0 => format!("{indent}def {a}_{b}(self, {c}):\n"),
                1 => format!("{indent}{a} = {b}.{c}({}, name=\"{a}-{}\")\n", rng.below(1000), rng.below(100)),
                2 => format!("{indent}# {a} {b} {c}: keep the {a} in step with the {c}\n"),
                _ => format!("{indent}if {a}.{b} is None:\n{indent}    return {c}\n"),
            }
        };
        lines += chunk.matches('\n').count();
        out.push_str(&chunk);
    }
    (out, lines + 1)
}

struct Stats {
    bytes: usize,
    lines: usize,
    findings: usize,
    open: Duration,
    median: Duration,
    p95: Duration,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn measure(lsp: &mut Lsp, name: &str, size: usize, seed: u64) -> Stats {
    let (text, lines) = document(size, seed);
    let u = uri(name);
    let t0 = Instant::now();
    let first = lsp.open(&u, "python", &text).await;
    let open = t0.elapsed();
    let mut rng = Rng(seed ^ 0x5eed);
    let mut times = Vec::with_capacity(EDITS);
    for i in 0..WARMUP + EDITS {
        let line = rng.below(lines) as u32;
        let character = rng.below(8) as u32;
        let version = i as i64 + 2;
        let change = json!([{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}}, "text": "x"}]);
        let t = Instant::now();
        lsp.change(&u, version, change).await;
        if i >= WARMUP {
            times.push(t.elapsed());
        }
    }
    times.sort();
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    lsp.next_diagnostics(&u).await;
    Stats {
        bytes: text.len(),
        lines,
        findings: first.len(),
        open,
        median: percentile(&times, 0.5),
        p95: percentile(&times, 0.95),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut lsp = Lsp::spawn(
            std::path::Path::new(env!("CARGO_BIN_EXE_claimcheck")),
            &["lsp"],
            &[("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z")],
            std::process::Stdio::null(),
        );
        lsp.initialize(default_capabilities(), Some(json!({"claimcheck": {"maxFileSize": 64 * 1024 * 1024}}))).await;
        let small = measure(&mut lsp, "bench-2mb.py", 2 * 1024 * 1024, 2).await;
        let large = measure(&mut lsp, "bench-20mb.py", 20 * 1024 * 1024, 20).await;
        println!("lsp_latency: binary {}", env!("CARGO_BIN_EXE_claimcheck"));
        for (label, s) in [("2 MB", &small), ("20 MB", &large)] {
            println!(
                "lsp_latency: {label}: {} bytes, {} lines, {} findings; didOpen→diagnostics {}; {EDITS} single-character edits: median {}, p95 {}",
                s.bytes,
                s.lines,
                s.findings,
                ms(s.open),
                ms(s.median),
                ms(s.p95)
            );
        }
        println!(
            "lsp_latency: ratio 20MB/2MB: median {:.2}, p95 {:.2}",
            large.median.as_secs_f64() / small.median.as_secs_f64(),
            large.p95.as_secs_f64() / small.p95.as_secs_f64()
        );
        lsp.finish().await;
    });
}
