mod common;
use claimcheck::analysis::{analyze_text, Context, SeverityMap};
use claimcheck::catalog::Catalog;
use claimcheck::context::FileInfo;

#[test]
fn scratch_fuzz() {
    let token = common::mint(common::tokens::delegated_no_alerts());
    let pieces: Vec<String> = vec![
        "é".into(), "😀".into(), "👩‍💻".into(), "café".into(), "abcé".into(), "\n".into(), "\r\n".into(), "\r".into(), " ".into(),
        "rem ".into(), "REM é".into(), "# ".into(), "// ".into(), "<!-- ".into(), "claimcheck:ignore[".into(), "]".into(), "claimcheck:ignore".into(),
        "https://graph.microsoft.com/v1.0/security/alerts".into(), "/v1.0/security/".into(), "beta/security/".into(), "v1.0/".into(),
        "{id}".into(), "${x}".into(), "$(a(b))".into(), "<x>".into(), "%s".into(), "{0}".into(), "{{x}}".into(), "$count".into(), "/$ref".into(),
        "/".into(), "\"".into(), "'".into(), "`".into(), "+".into(), "?".into(), "#".into(), ".".into(), "(".into(), ")".into(), "=".into(), ":".into(),
        "curl -X".into(), " -XPATCH ".into(), "--request=".into(), "-d".into(), " \\\n".into(), " `\n".into(), "Invoke-RestMethod ".into(), "-Method ".into(),
        "Invoke-MgGraphRequest -Uri ".into(), "Get-MgSecurityAlertV2".into(), " -AlertId x".into(), "Connect-MgGraph -Scopes ".into(), "\"SecurityAlert.Read.All\"".into(),
        "scopes = [".into(), "https://graph.microsoft.com/SecurityEvents.Read.All".into(), ".WithScopes(".into(),
        "graphClient.Security.Alerts_v2.GetAsync()".into(), "client.security.alerts_v2.get()".into(), ".by_alert_id(".into(), "client.api(\"".into(), ".version(\"beta\")".into(),
        ".Security().Alerts_v2().Get(ctx, nil)".into(), "graphClient.security().alertsV2().get()".into(), "msgraph_beta".into(), "using Microsoft.Graph.Beta".into(),
        "GET ".into(), "POST ".into(), "Authorization: Bearer ".into(), "@tok = ".into(), "{{tok}}".into(), "###\n".into(),
        token.clone(), token[..25].to_owned(), "#access_token=".into(), "Bearer ".into(), "method: \"POST\"".into(), ".post(".into(), "\u{0}".into(), "\u{feff}".into(), "\u{2028}".into(),
    ];
    let names = ["a.py", "a.http", "a.ps1", "a.cs", "a.go", "a.java", "a.ts", "a.md", "a.json", "a.bat"];
    let catalog = Catalog::builtin();
    let sev = SeverityMap::new();
    let ctx = Context { catalog, now: common::NOW, severity: &sev, configured: None };
    let mut x: u64 = std::env::var("SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(12345);
    let mut rnd = |n: usize| { x ^= x << 13; x ^= x >> 7; x ^= x << 17; (x % n as u64) as usize };
    let iters: usize = std::env::var("ITERS").ok().and_then(|s| s.parse().ok()).unwrap_or(20000);
    for i in 0..iters {
        let n = 1 + rnd(30);
        let mut s = String::new();
        for _ in 0..n { s.push_str(&pieces[rnd(pieces.len())]); }
        let name = names[rnd(names.len())];
        let r = std::panic::catch_unwind(|| { analyze_text(&s, &FileInfo::for_path(name), &ctx); });
        if r.is_err() {
            std::fs::write(format!("/tmp/fuzz/case{i}.txt"), format!("{name}\n{}", common::redact(&s))).unwrap();
            std::fs::write(format!("/tmp/fuzz/raw{i}.txt"), &s).unwrap();
        }
    }
}
