//! A one-call analysis for the core's tests, and the shared test tokens.
#![allow(dead_code)]

use claimcheck_core::analysis::{analyze_text, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::context::FileInfo;
use claimcheck_core::jwt::Token;
use claimcheck_core::lines::TextLines;
use claimcheck_core::report::ReportFinding;

pub use claimcheck_test_support::tokens::{
    application, delegated, mint, GRAPH, HELPDESK_ADMIN, NOW, SECURITY_ADMIN, SECURITY_READER,
};

pub struct Opts<'a> {
    pub now: i64,
    pub severity: SeverityMap,
    pub configured: Option<&'a Token>,
}

impl Default for Opts<'_> {
    fn default() -> Self {
        Opts { now: NOW, severity: SeverityMap::new(), configured: None }
    }
}

/// Analyses `text` as the file `name`; returns unsuppressed findings with 1-based positions.
pub fn findings_with(name: &str, text: &str, opts: &Opts) -> Vec<ReportFinding> {
    let ctx = Context {
        catalog: Catalog::builtin(),
        now: opts.now,
        severity: &opts.severity,
        configured: opts.configured,
        app: None,
    };
    let a = analyze_text(text, &FileInfo::for_path(name), &ctx);
    let lines = TextLines::new(text);
    a.findings.iter().filter(|f| !f.suppressed).map(|f| ReportFinding::new(f, name, &lines)).collect()
}

pub fn findings(name: &str, text: &str) -> Vec<ReportFinding> {
    findings_with(name, text, &Opts::default())
}

/// `rule@line` for each finding, the compact form table tests compare.
pub fn rules_at(f: &[ReportFinding]) -> Vec<String> {
    f.iter().map(|x| format!("{}@{}", x.rule.id(), x.line)).collect()
}
