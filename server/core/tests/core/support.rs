//! Test tokens and a one-call analysis for integration tests.
#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use claimcheck_core::analysis::{analyze_text, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::context::FileInfo;
use claimcheck_core::jwt::Token;
use claimcheck_core::lines::TextLines;
use claimcheck_core::report::ReportFinding;

/// 2026-06-01T00:00:00Z
pub const NOW: i64 = 1_780_272_000;

/// A token with the given JSON claims (lifetime defaults to 2026-01-01 .. 2036-01-01).
pub fn mint(claims: serde_json::Value) -> String {
    let mut c = claims.as_object().cloned().unwrap_or_default();
    c.entry("iat").or_insert(1_767_225_600.into());
    c.entry("nbf").or_insert(1_767_225_600.into());
    c.entry("exp").or_insert(2_082_758_400i64.into());
    let h = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256","kid":"test"}"#);
    let p = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&c).unwrap());
    let s = URL_SAFE_NO_PAD.encode(format!("signature-of-{}", p.len()).repeat(3));
    format!("{h}.{p}.{s}")
}

pub const GRAPH: &str = "https://graph.microsoft.com";

/// A delegated Graph token with these scopes (and optional wids).
pub fn delegated(scp: &str, wids: Option<&[&str]>) -> String {
    let mut c = serde_json::json!({"aud": GRAPH, "idtyp": "user", "scp": scp, "upn": "a@contoso.example"});
    if let Some(w) = wids {
        c["wids"] = serde_json::json!(w);
    }
    mint(c)
}

/// An application Graph token with these roles.
pub fn application(roles: &[&str]) -> String {
    mint(serde_json::json!({"aud": GRAPH, "idtyp": "app", "roles": roles}))
}

pub const SECURITY_READER: &str = "5d6b6bb7-de71-4623-b4af-96380a352509";
pub const SECURITY_ADMIN: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

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
