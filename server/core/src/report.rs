//! Findings with 1-based positions and paths, and the three output formats (`docs/behaviour.md`, "Output").

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::finding::{Finding, TokenRef};
use crate::lines::{column, LineSource, Pos};
use crate::rules::Rule;
use crate::types::{Severity, Version};

/// Where a finding's token is, for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportToken {
    File { path: String, line: usize, column: usize, kind: &'static str },
    Config { kind: &'static str },
}

/// The call a finding is about, for output.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportEndpoint {
    pub method: &'static str,
    /// `stated` or `assumed`.
    pub method_source: &'static str,
    pub version: &'static str,
    /// The catalog template.
    pub path: String,
}

/// A finding ready for output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFinding {
    pub rule: Rule,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    pub endpoint: Option<ReportEndpoint>,
    pub token: Option<ReportToken>,
    /// A hash of the finding's line, whitespace collapsed: with the rule, the path and the
    /// occurrence, it identifies the finding across commits that move it (SARIF
    /// `partialFingerprints`). The line itself is never kept: it may hold a token.
    pub line_hash: u64,
}

/// 64-bit FNV-1a: stable across releases and platforms, unlike the standard library's hasher.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The line's text with runs of whitespace made one space and the ends trimmed: indentation and
/// line endings may change without the finding changing.
pub fn normalised_hash(line: &str) -> u64 {
    let collapsed: Vec<&str> = line.split_whitespace().collect();
    fnv1a(&[collapsed.join(" ").as_bytes()])
}

fn one_based(src: &dyn LineSource, p: Pos) -> (usize, usize) {
    (p.line + 1, column(&src.line(p.line), p.byte))
}

impl ReportFinding {
    pub fn new(f: &Finding, path: &str, src: &dyn LineSource) -> ReportFinding {
        let (line, col) = one_based(src, f.span.start);
        let (end_line, end_column) = one_based(src, f.span.end);
        let token = f.token.as_ref().map(|t| match t {
            TokenRef::File { span, .. } | TokenRef::Declared { span } => {
                let (l, c) = one_based(src, span.start);
                ReportToken::File { path: path.to_owned(), line: l, column: c, kind: t.kind_str() }
            }
            TokenRef::Config { .. } => ReportToken::Config { kind: t.kind_str() },
            TokenRef::App { loc, .. } => ReportToken::File {
                path: loc.path.to_string(),
                line: loc.line() + 1,
                column: loc.column,
                kind: t.kind_str(),
            },
        });
        ReportFinding {
            rule: f.rule,
            severity: f.severity,
            path: path.to_owned(),
            line,
            column: col,
            end_line,
            end_column,
            message: f.message.clone(),
            line_hash: normalised_hash(&src.line(f.span.start.line)),
            endpoint: f.endpoint.as_ref().map(|e| ReportEndpoint {
                method: e.method.as_str(),
                method_source: e.method_source.as_str(),
                version: e.version.map_or("unknown", Version::as_str),
                path: e.path.clone(),
            }),
            token,
        }
    }

    fn sort_key(&self) -> (&str, usize, usize, &'static str) {
        (&self.path, self.line, self.column, self.rule.id())
    }
}

pub fn sort(findings: &mut [ReportFinding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Totals for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub skipped: usize,
    pub suppressed: usize,
    pub tokens: usize,
    pub urls: usize,
}

fn count(findings: &[ReportFinding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Human output: one line per finding, then the totals.
pub fn human(findings: &[ReportFinding], summary: &Summary, colour: bool) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = f.severity.as_str();
        let sev = if colour {
            let code = match f.severity {
                Severity::Error => "1;31",
                Severity::Warning => "1;33",
                Severity::Information => "1;34",
                Severity::Hint => "1;36",
            };
            format!("\x1b[{code}m{sev}\x1b[0m")
        } else {
            sev.to_owned()
        };
        let _ = writeln!(out, "{}:{}:{}: {sev}[{}] {}", f.path, f.line, f.column, f.rule.id(), f.message);
    }
    out.push_str(&summary_line(findings, summary));
    out
}

/// `N errors, N warnings, N information, N hints in F files (S skipped, X suppressed)`.
fn summary_line(findings: &[ReportFinding], summary: &Summary) -> String {
    format!(
        "{}, {}, {} information, {} in {} ({} skipped, {} suppressed)\n",
        plural(count(findings, Severity::Error), "error", "errors"),
        plural(count(findings, Severity::Warning), "warning", "warnings"),
        count(findings, Severity::Information),
        plural(count(findings, Severity::Hint), "hint", "hints"),
        plural(summary.files, "file", "files"),
        summary.skipped,
        summary.suppressed
    )
}

/// Escapes text for a GitHub Actions workflow command: a value (`%`, line breaks), and for a
/// property also `:` and `,`. Escaped, nothing in a message can end the command or start another.
fn workflow_escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding
/// (information and hints are notices), then the summary line of the human output.
pub fn github(findings: &[ReportFinding], summary: &Summary) -> String {
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            workflow_escape(&f.path, true),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            workflow_escape(&format!("claimcheck {}", f.rule.id()), true),
            workflow_escape(&f.message, false)
        );
    }
    out.push_str(&summary_line(findings, summary));
    out
}

#[derive(serde::Serialize)]
struct JsonDoc<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    rule: &'static str,
    severity: &'static str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint: Option<&'a ReportEndpoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<JsonToken<'a>>,
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum JsonToken<'a> {
    File { path: &'a str, line: usize, column: usize, kind: &'static str },
    Config { source: &'static str, kind: &'static str },
}

#[derive(serde::Serialize)]
struct JsonSummary {
    files: usize,
    skipped: usize,
    suppressed: usize,
    tokens: usize,
    urls: usize,
    errors: usize,
    warnings: usize,
    information: usize,
    hints: usize,
}

/// JSON output, schema version 1. Serialised straight from the findings (no intermediate JSON
/// values): this is most of the output cost of a scan with many findings.
pub fn json(findings: &[ReportFinding], summary: &Summary) -> String {
    let doc = JsonDoc {
        version: 1,
        findings: findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule.id(),
                severity: f.severity.as_str(),
                path: &f.path,
                line: f.line,
                column: f.column,
                end_line: f.end_line,
                end_column: f.end_column,
                message: &f.message,
                endpoint: f.endpoint.as_ref(),
                token: f.token.as_ref().map(|t| match t {
                    ReportToken::File { path, line, column, kind } => {
                        JsonToken::File { path, line: *line, column: *column, kind }
                    }
                    ReportToken::Config { kind } => JsonToken::Config { source: "config", kind },
                }),
            })
            .collect(),
        summary: JsonSummary {
            files: summary.files,
            skipped: summary.skipped,
            suppressed: summary.suppressed,
            tokens: summary.tokens,
            urls: summary.urls,
            errors: count(findings, Severity::Error),
            warnings: count(findings, Severity::Warning),
            information: count(findings, Severity::Information),
            hints: count(findings, Severity::Hint),
        },
    };
    let mut out = Vec::with_capacity(256 + findings.len() * 400);
    serde_json::to_writer_pretty(&mut out, &doc).expect("findings always serialise");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// A relative path as a URI reference: `/` kept, everything unsafe percent-encoded.
fn uri_path(path: &str) -> String {
    let mut s = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(b as char);
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s
}

/// SARIF 2.1.0 output.
pub fn sarif(findings: &[ReportFinding]) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": {"text": r.description()},
                "fullDescription": {"text": r.description()},
                "helpUri": r.doc_url(),
                "defaultConfiguration": {"level": sarif_level(r.default_severity())},
            })
        })
        .collect();
    // Identical lines holding the same finding are told apart by their order.
    let mut seen: std::collections::HashMap<(&'static str, &str, u64), u32> = std::collections::HashMap::new();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let n = seen.entry((f.rule.id(), f.path.as_str(), f.line_hash)).or_insert(0);
            let occurrence = *n;
            *n += 1;
            let fingerprint = fnv1a(&[
                f.rule.id().as_bytes(),
                f.path.as_bytes(),
                &f.line_hash.to_le_bytes(),
                &occurrence.to_le_bytes(),
            ]);
            let mut r = json!({
                "ruleId": f.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|x| *x == f.rule).unwrap_or(0),
                "level": sarif_level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri_path(&f.path)},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        }
                    }
                }],
                "partialFingerprints": {"claimcheck/v1": format!("{fingerprint:016x}")},
            });
            if let Some(ReportToken::File { path, line, column, .. }) = &f.token {
                if f.endpoint.is_some() {
                    r["relatedLocations"] = json!([{
                        "id": 1,
                        "message": {"text": "the token this call was checked against"},
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri_path(path)},
                            "region": {"startLine": line, "startColumn": column}
                        }
                    }]);
                }
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "claimcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}
