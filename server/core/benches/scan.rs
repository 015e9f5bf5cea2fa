//! Throughput of the analysis core, in-process (criterion):
//! - `text/*`: the whole-text pass on a generated 16 MiB corpus of source-like lines (the recipe
//!   of `bench/make_corpus.py`, 100 tokens and 100 Graph URLs): the literal search alone,
//!   line counting alone, `prefilter::scan_str` (search + counting + `scan_line` on hit lines) and
//!   `analyze_text` (plus the file-level pass: methods, association, rules), in bytes/s;
//! - `line/*`: one line: the candidate test, token finding and decoding, URL matching;
//! - `catalog/*`: endpoint lookups in the built-in catalog.
//!
//! Run: `cargo bench -p claimcheck --bench scan` (add `-- text` for one group). The whole-process
//! comparison with ripgrep, wc and detect-secrets is `bench/compare.sh`.

#[path = "../tests/core/corpus_gen/mod.rs"]
mod corpus_gen;

use std::hint::black_box;
use std::time::Duration;

use claimcheck_core::analysis::{analyze_text, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::context::FileInfo;
use claimcheck_core::jwt;
use claimcheck_core::lines::count_breaks;
use claimcheck_core::prefilter::Prefilter;
use claimcheck_core::scan::{may_hold_items, scan_line, CANDIDATE_LITERALS};
use claimcheck_core::types::{Method, Version};
use claimcheck_core::url;
use claimcheck_core::{scopes, sdk};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn text(c: &mut Criterion) {
    let corpus = corpus_gen::make(16 << 20, 100, 100, 11);
    let text = corpus.text.as_str();
    let bytes = text.as_bytes();
    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.sample_size(30).measurement_time(Duration::from_secs(4));
    let prefilters = [
        ("literal_search", Prefilter::new(&CANDIDATE_LITERALS)),
        ("literal_search_prefixes", Prefilter::build(&CANDIDATE_LITERALS, false)),
        ("literal_search_3_literals", Prefilter::new(&["eyJ", "v1.0/", "beta/"])),
    ];
    for (name, pf) in &prefilters {
        g.bench_function(*name, |b| {
            b.iter(|| {
                let (mut n, mut from) = (0usize, 0usize);
                while let Some(p) = pf.next_candidate(bytes, from, bytes.len()) {
                    n += 1;
                    from = p + 1;
                }
                black_box(n)
            })
        });
    }
    g.bench_function("count_lines", |b| b.iter(|| black_box(count_breaks(bytes, 0, bytes.len()))));
    g.bench_function("scan_text", |b| b.iter(|| black_box(claimcheck_core::prefilter::scan_str(text).items.len())));
    g.bench_function("scan_every_line", |b| b.iter(|| black_box(text.split('\n').filter_map(scan_line).count())));
    let severity = SeverityMap::new();
    let ctx =
        Context { catalog: Catalog::builtin(), now: 1_780_272_000, severity: &severity, configured: None, app: None };
    let info = FileInfo::for_path("corpus.rs");
    g.bench_function("analyze_text", |b| b.iter(|| black_box(analyze_text(text, &info, &ctx).findings.len())));
    g.finish();
}

fn line(c: &mut Criterion) {
    let mut rng = corpus_gen::Rng::new(3);
    let token = corpus_gen::make_jwt(&mut rng);
    let token_line = format!("    let token = \"{token}\";");
    let url_line = "    let url = \"https://graph.microsoft.com/v1.0/security/alerts_v2/{id}?$top=10\";";
    let plain = "  const result_config = await client_token.update_value(417);";
    let mut g = c.benchmark_group("line");
    g.bench_function("may_hold_items_miss", |b| b.iter(|| may_hold_items(black_box(plain))));
    g.bench_function("scan_line_miss", |b| b.iter(|| scan_line(black_box(plain)).is_some()));
    g.bench_function("find_tokens", |b| b.iter(|| jwt::find_tokens(black_box(&token_line)).len()));
    g.bench_function("decode_token", |b| b.iter(|| jwt::decode(black_box(&token)).is_ok()));
    g.bench_function("find_urls", |b| b.iter(|| url::find_urls(black_box(url_line)).len()));
    g.bench_function("scan_line_token", |b| b.iter(|| scan_line(black_box(&token_line)).is_some()));
    g.bench_function("scan_line_url", |b| b.iter(|| scan_line(black_box(url_line)).is_some()));
    // The SDK and scope-declaration tests `scan_line` runs on every candidate line.
    g.bench_function("sdk_anchor_token_line", |b| b.iter(|| sdk::line_has_anchor(black_box(&token_line))));
    g.bench_function("scope_anchor_token_line", |b| b.iter(|| scopes::line_has_anchor(black_box(&token_line))));
    g.finish();
}

fn catalog(c: &mut Criterion) {
    let cat = Catalog::builtin();
    let mut g = c.benchmark_group("catalog");
    g.bench_function("lookup_template", |b| {
        b.iter(|| {
            black_box(cat.lookup(Version::V1, Method::Get, black_box("/security/alerts_v2/{}")));
        })
    });
    g.bench_function("lookup_unknown", |b| {
        b.iter(|| {
            black_box(cat.lookup(Version::Beta, Method::Get, black_box("/security/alertz/{}/x")));
        })
    });
    g.finish();
}

criterion_group!(benches, text, line, catalog);
criterion_main!(benches);
