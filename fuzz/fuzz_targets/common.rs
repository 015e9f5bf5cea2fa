//! What every target shares: a fixed analysis context, and the invariants every analysis must
//! keep whatever the text (spans inside the text and on character boundaries, findings sorted,
//! every output surface renders).
#![allow(dead_code)]

use std::collections::HashMap;

use claimcheck_core::analysis::{Analysis, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::lines::{LineSource, Span, TextLines};
use claimcheck_core::hover;
use claimcheck_core::report::{self, ReportFinding, Summary};

/// 2026-06-01T00:00:00Z, the clock of the test suites.
pub const NOW: i64 = 1_780_272_000;

/// The file names a target picks from with one byte: every comment syntax, every SDK language,
/// `.http`, and a kind with no comments.
pub const NAMES: [&str; 16] = [
    "a.py", "a.cs", "a.ps1", "a.http", "a.js", "a.ts", "a.go", "a.java", "a.sh", "a.yaml", "a.md", "a.json", "a.rest",
    ".env", "a.bat", "a.sql",
];

pub fn with_ctx<R>(configured: Option<&claimcheck_core::jwt::Token>, f: impl FnOnce(&Context) -> R) -> R {
    let severity: SeverityMap = HashMap::new();
    let ctx = Context { catalog: Catalog::builtin(), now: NOW, severity: &severity, configured, app: None };
    f(&ctx)
}

fn check_span(src: &dyn LineSource, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: span ends before it starts: {span:?}");
    for p in [span.start, span.end] {
        assert!(p.line < src.line_count(), "{what}: line {} past the end", p.line);
        let line = src.line(p.line);
        assert!(
            p.byte <= line.len() && line.is_char_boundary(p.byte),
            "{what}: byte {} not in line {}",
            p.byte,
            p.line
        );
    }
}

/// Checks an analysis of `text` and renders everything a user could see of it.
pub fn check_analysis(text: &str, a: &Analysis, ctx: &Context) {
    let lines = TextLines::new(text);
    for t in &a.tokens {
        check_span(&lines, t.span, "token");
        assert_eq!(t.span.start.line, t.span.end.line, "a token spans lines");
        let s = &lines.line_str(t.span.start.line)[t.span.start.byte..t.span.end.byte];
        assert!(s.starts_with("eyJ"), "a token that does not start with eyJ");
        let _ = hover::token_hover(t, ctx.now, ctx.catalog);
        let _ = hover::token_hint(t, ctx.now);
    }
    for u in &a.urls {
        check_span(&lines, u.span, "url");
        if let Some(p) = u.path_span {
            check_span(&lines, p, "url path");
        }
        let _ = hover::url_hover(a, u, ctx.catalog, ctx.configured, ctx.now);
        let _ = hover::url_hint(a, u, ctx.catalog, ctx.configured);
    }
    for d in &a.declarations {
        check_span(&lines, d.decl.span, "declaration");
    }
    let mut prev = None;
    let mut out = Vec::new();
    for f in &a.findings {
        check_span(&lines, f.span, f.rule.id());
        if let Some(fix) = &f.fix {
            check_span(&lines, fix.span, "fix");
        }
        let key = (f.span.start, f.rule.id());
        assert!(prev.is_none_or(|p| p <= key), "findings out of order");
        prev = Some(key);
        out.push(ReportFinding::new(f, "a", &lines));
    }
    let summary = Summary::default();
    let _ = report::human(&out, &summary, true);
    let _ = report::json(&out, &summary);
    let _ = report::sarif(&out);
}

/// The whole-text analysis (the CLI's path: whole-text prefilter) must equal the file-level pass
/// over `scan_line` run on every line (the language server's path).
pub fn check_paths_agree(text: &str, name: &str, ctx: &Context) -> Analysis {
    use claimcheck_core::analysis::{analyze_lines, analyze_text};
    use claimcheck_core::scan::{scan_line, LineItems};
    let info = claimcheck_core::context::FileInfo::for_path(name);
    let full = analyze_text(text, &info, ctx);
    let lines = TextLines::new(text);
    let items: Vec<(usize, LineItems)> =
        (0..lines.line_count()).filter_map(|i| scan_line(lines.line_str(i)).map(|x| (i, x))).collect();
    let refs: Vec<(usize, &LineItems)> = items.iter().map(|(i, x)| (*i, x)).collect();
    let per_line = analyze_lines(&lines, &refs, &info, ctx);
    assert_eq!(full.findings, per_line.findings, "{name}: whole-text and per-line analyses differ");
    assert_eq!(full.tokens.len(), per_line.tokens.len());
    assert_eq!(full.urls.len(), per_line.urls.len());
    check_analysis(text, &full, ctx);
    full
}

/// An application token for Graph with `SecurityAlert.Read.All` (made-up claims, filler
/// signature), used as the configured token.
pub const APP_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJpZHR5cCI6ImFwcCIsInJvbGVzIjpbIlNlY3VyaXR5QWxlcnQuUmVhZC5BbGwiXSwiZXhwIjoyMDgyNzU4NDAwfQ.ZmlsbGVy";
