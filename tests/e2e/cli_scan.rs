//! End-to-end tests of the `claimcheck` binary: scan, explain, exit codes, formats, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const NOW: &str = "2026-06-01T00:00:00Z";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_claimcheck"));
    c.env_remove("CLAIMCHECK_NOW").env("NO_COLOR", "1");
    c
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let out: Output = cmd.stdin(Stdio::null()).output().expect("the binary runs");
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mint(claims: Value) -> String {
    claimcheck_test_support::tokens::mint_exact(&claims)
}

fn delegated_user_read() -> String {
    mint(json!({"aud": "https://graph.microsoft.com", "idtyp": "user", "scp": "User.Read", "exp": 2082758400}))
}

/// Copies a fixture folder into a fresh temporary directory.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/workspace"), dir.path());
    // A token under .git/ must never be scanned; a .git folder cannot be committed, so add it here.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join(".git/config"), format!("token = {}\n", delegated_user_read())).unwrap();
    dir
}

#[test]
fn fixture_workspace_json_matches_the_expected_report() {
    let ws = workspace();
    let (code, out, err) = run(bin().current_dir(ws.path()).args(["scan", "--format", "json", "--now", NOW]));
    assert_eq!(code, 1, "{err}");
    let got: Value = serde_json::from_str(&out).unwrap();
    let expected_path = repo().join("tests/fixtures/workspace.expected.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, serde_json::to_string_pretty(&got).unwrap() + "\n").unwrap();
    }
    let want: Value = serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert_eq!(got, want, "JSON report differs; run with UPDATE_EXPECT=1 to see the new one");
    // What the expected report shows, spelled out.
    let paths: Vec<&str> = got["findings"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&".env"), "hidden files are scanned");
    assert!(!paths.iter().any(|p| p.starts_with("ignored/")), ".gitignore is honoured");
    assert!(!paths.iter().any(|p| p.starts_with("vendor/")), "config exclude is honoured");
    assert!(!paths.iter().any(|p| p.starts_with(".git/")), ".git is skipped");
    assert_eq!(got["summary"]["skipped"], 1, "the binary file is skipped and counted");
    assert_eq!(got["summary"]["suppressed"], 1);
    assert!(err.contains("latin1.txt: not valid UTF-8"), "{err}");
}

#[test]
fn paths_are_reported_as_reached_from_the_argument() {
    let ws = workspace();
    let (_, out, _) = run(bin().current_dir(ws.path()).args(["scan", "./src", "--format", "json", "--now", NOW]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["path"], "src/app.py");
    let abs = ws.path().join("src");
    let (_, out, _) = run(bin().args(["scan", abs.to_str().unwrap(), "--format", "json", "--now", NOW]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["path"].as_str().unwrap(), format!("{}/app.py", abs.display()));
}

#[test]
fn a_file_named_explicitly_is_scanned_even_if_ignored() {
    let ws = workspace();
    let (code, out, _) = run(bin().current_dir(ws.path()).args(["scan", "ignored/secret.txt", "--now", NOW]));
    assert_eq!(code, 0, "a hardcoded token is a warning: below the default --fail-on error");
    assert!(out.starts_with("ignored/secret.txt:1:7: warning[hardcoded-token] "), "{out}");
}

#[test]
fn human_output_lines_and_summary() {
    let ws = workspace();
    let (_, out, _) = run(bin().current_dir(ws.path()).args(["scan", "--now", NOW]));
    let lines: Vec<&str> = out.lines().collect();
    let re = regex::Regex::new(r"^[^:]+:\d+:\d+: (error|warning|information|hint)\[[a-z-]+\] .+$").unwrap();
    for l in &lines[..lines.len() - 1] {
        assert!(re.is_match(l), "{l}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &"5 errors, 8 warnings, 1 information, 0 hints in 7 files (1 skipped, 1 suppressed)"
    );
    assert!(!out.contains('\x1b'), "no colour when stdout is not a terminal");
}

#[test]
fn exit_codes() {
    let ws = workspace();
    let dir = ws.path();
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["scan", "--now", NOW], 1),
        (vec!["scan", "--now", NOW, "--fail-on", "never"], 0),
        (vec!["scan", "ignored/secret.txt", "--now", NOW, "--fail-on", "warning"], 1),
        (vec!["scan", "ignored/secret.txt", "--now", NOW, "--fail-on", "error"], 0),
        (vec!["scan", "--format", "xml"], 2),
        (vec!["scan", "--no-such-option"], 2),
        (vec!["scan", "--fail-on", "sometimes"], 2),
        (vec!["scan", "no-such-file.py", "--now", NOW], 2),
        (vec!["scan", "src", "no-such-file.py", "--now", NOW], 2),
        (vec!["scan", "--now", "yesterday"], 2),
    ];
    for (args, want) in cases {
        let (code, _, err) = run(bin().current_dir(dir).args(&args));
        assert_eq!(code, want, "{args:?}: {err}");
        if want == 2 {
            assert!(!err.trim().is_empty(), "{args:?}: a usage error says why");
        }
    }
}

#[test]
fn unknown_format_fails_before_scanning() {
    let ws = workspace();
    let (code, out, err) = run(bin().current_dir(ws.path()).args(["scan", "--format", "xml"]));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("xml"), "{err}");
}

#[test]
fn unreadable_paths_named_on_the_command_line_exit_2_but_the_rest_is_scanned() {
    let ws = workspace();
    // /proc/self/mem opens but cannot be read from offset 0, even for root.
    let (code, out, err) = run(bin().current_dir(ws.path()).args(["scan", "src", "/proc/self/mem", "--now", NOW]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/proc/self/mem"), "{err}");
    assert!(out.contains("src/app.py:"), "the readable argument was scanned: {out}");
}

#[test]
fn bad_input_is_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let tok = delegated_user_read();
    let (h, rest) = tok.split_once('.').unwrap();
    let url = "https://graph.microsoft.com/v1.0/security/alerts_v2";
    std::fs::write(
        d.join("broken.py"),
        format!("a = '{h}.%%%.x'\nb = '{h}.bm90IGpzb24.x'\nc = 'eyJub3Qgb2JqZWN0.{rest}'\nd = '{h}.{rest}.e.f'\n"),
    )
    .unwrap();
    let mut huge = "x".repeat(10 * 1024 * 1024);
    huge.push_str(&format!(" {tok} {url}\n"));
    std::fs::write(d.join("huge.txt"), huge).unwrap();
    std::fs::write(d.join("binary.bin"), [b"\x00\x01".as_slice(), tok.as_bytes()].concat()).unwrap();
    std::fs::write(d.join("invalid.txt"), [b"\xff\xfe ".as_slice(), tok.as_bytes(), b"\n"].concat()).unwrap();
    std::os::unix::fs::symlink(d.join("missing-target"), d.join("dangling.txt")).unwrap();
    let (code, out, err) = run(bin().current_dir(d).args(["scan", "--format", "json", "--now", NOW]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["rule"].as_str().unwrap().to_owned()))
        .collect();
    assert!(!found.iter().any(|(p, _)| p == "broken.py"), "look-alikes are not tokens: {found:?}");
    assert!(found.contains(&("huge.txt".into(), "missing-permission".into())), "{found:?}");
    assert!(found.contains(&("invalid.txt".into(), "hardcoded-token".into())), "{found:?}");
    assert!(!found.iter().any(|(p, _)| p == "binary.bin"));
    assert_eq!(v["summary"]["skipped"], 1);
    assert!(err.contains("invalid.txt: not valid UTF-8"), "{err}");
    let huge_col =
        v["findings"].as_array().unwrap().iter().find(|f| f["path"] == "huge.txt").unwrap()["column"].clone();
    assert_eq!(huge_col, 10 * 1024 * 1024 + 2);
}

#[test]
fn max_file_size_skips_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("claimcheck.toml"), "max_file_size = 100\n").unwrap();
    std::fs::write(dir.path().join("big.py"), format!("t = '{}'\n", delegated_user_read())).unwrap();
    let (code, out, err) = run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", NOW]));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["skipped"], 1);
    assert!(err.contains("max_file_size"), "{err}");
}

#[test]
fn bad_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("claimcheck.toml"), "[severity]\nno-such-rule = \"error\"\n").unwrap();
    let (code, _, err) = run(bin().current_dir(dir.path()).args(["scan"]));
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule 'no-such-rule'"), "{err}");
}

#[test]
fn sarif_output_has_rules_levels_and_locations() {
    let ws = workspace();
    let (_, out, _) = run(bin().current_dir(ws.path()).args(["scan", "--format", "sarif", "--now", NOW]));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules: Vec<&str> =
        run0["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in [
        "missing-permission",
        "unsupported-token-type",
        "missing-role",
        "missing-wids",
        "wrong-audience",
        "token-expired",
        "token-not-yet-valid",
        "hardcoded-token",
        "unknown-endpoint",
        "deprecated-endpoint",
        "over-privileged",
    ] {
        assert!(rules.contains(&id), "{id}");
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 14);
    let levels: std::collections::BTreeSet<&str> = results.iter().map(|r| r["level"].as_str().unwrap()).collect();
    assert_eq!(levels, ["error", "note", "warning"].into_iter().collect());
    let r = results.iter().find(|r| r["ruleId"] == "missing-permission").unwrap();
    assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], ".env");
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

fn segments_of_tokens_in(dir: &Path) -> Vec<String> {
    let mut segs = Vec::new();
    let re = regex::Regex::new(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*").unwrap();
    for e in walk(dir) {
        let text = String::from_utf8_lossy(&std::fs::read(e).unwrap()).into_owned();
        for m in re.find_iter(&text) {
            let parts: Vec<&str> = m.as_str().split('.').collect();
            segs.push(parts[1].to_owned());
            if parts[2].len() > 8 {
                segs.push(parts[2].to_owned());
            }
        }
    }
    segs
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn no_output_format_reveals_a_token() {
    let ws = workspace();
    let secrets = segments_of_tokens_in(ws.path());
    assert!(secrets.len() >= 8);
    let tok = delegated_user_read();
    let mut outputs = Vec::new();
    for format in ["human", "json", "sarif"] {
        let (_, out, err) =
            run(bin().current_dir(ws.path()).args(["scan", "--format", format, "--now", NOW, "--token", &tok]));
        outputs.push(out + &err);
    }
    let (_, out, err) = run(bin().args([
        "explain",
        &tok,
        "--url",
        "https://graph.microsoft.com/v1.0/security/alerts_v2",
        "--now",
        NOW,
    ]));
    outputs.push(out + &err);
    let (_, out, err) = run(bin().args(["explain", &format!("{tok}x.y"), "--now", NOW]));
    outputs.push(out + &err);
    let mut all = secrets;
    let parts: Vec<&str> = tok.split('.').collect();
    all.push(parts[1].to_owned());
    all.push(parts[2].to_owned());
    for out in &outputs {
        for s in &all {
            assert!(!out.contains(s.as_str()), "output holds a token segment");
        }
    }
}

#[test]
fn configured_token_from_option_env_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.py"), "get('https://graph.microsoft.com/v1.0/security/alerts_v2')\n").unwrap();
    let tok = delegated_user_read();
    std::fs::write(dir.path().join("token.txt"), format!("{tok}\n")).unwrap();
    let variants: Vec<Vec<String>> = vec![
        vec!["--token".into(), tok.clone()],
        vec!["--token-file".into(), "token.txt".into()],
        vec!["--token-env".into(), "GRAPH_TOKEN".into()],
    ];
    for v in variants {
        let (code, out, err) = run(bin()
            .current_dir(dir.path())
            .env("GRAPH_TOKEN", &tok)
            .args(["scan", "a.py", "--format", "json", "--now", NOW])
            .args(&v));
        assert_eq!(code, 1, "{v:?}: {err}");
        let j: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(j["findings"][0]["rule"], "missing-permission");
        assert_eq!(j["findings"][0]["token"], json!({"source": "config", "kind": "delegated"}));
    }
    let expired = mint(json!({"aud": "https://graph.microsoft.com", "scp": "User.Read", "exp": 1700000000}));
    let (_, _, err) = run(bin().current_dir(dir.path()).args(["scan", "a.py", "--now", NOW, "--token", &expired]));
    assert_eq!(err.lines().filter(|l| l.contains("token-expired")).count(), 1, "{err}");
    let (code, _, err) = run(bin().current_dir(dir.path()).args(["scan", "a.py", "--token", "not-a-token"]));
    assert_eq!(code, 2);
    assert!(err.contains("--token"), "{err}");
}

#[test]
fn the_clock_comes_from_now_or_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let tok = mint(json!({"aud": "https://graph.microsoft.com", "roles": ["x"], "idtyp": "app", "exp": 1780272000}));
    std::fs::write(dir.path().join("t.py"), format!("t = '{tok}'\n")).unwrap();
    let rules = |out: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(out).unwrap();
        v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect()
    };
    let (_, out, _) = run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", "1780271999"]));
    assert_eq!(rules(&out), ["hardcoded-token"]);
    let (_, out, _) = run(bin()
        .current_dir(dir.path())
        .env("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z")
        .args(["scan", "--format", "json"]));
    assert_eq!(rules(&out), ["hardcoded-token", "token-expired"]);
}

#[test]
fn explain_decodes_and_gives_a_verdict() {
    let tok = mint(
        json!({"aud": "https://graph.microsoft.com", "idtyp": "user", "scp": "User.Read SecurityAlert.Read.All",
        "upn": "ada@contoso.example", "wids": ["5d6b6bb7-de71-4623-b4af-96380a352509"], "exp": 1780272000 + 42 * 60 + 30}),
    );
    let (code, out, _) = run(bin().args(["explain", &tok, "--now", NOW]));
    assert_eq!(code, 0);
    for want in [
        "delegated",
        "ada@contoso.example",
        "User.Read, SecurityAlert.Read.All",
        "Security Reader",
        "expires in 42 min",
        "not verified",
    ] {
        assert!(out.contains(want), "{want} not in {out}");
    }
    let (code, out, _) = run(bin().args([
        "explain",
        &tok,
        "--now",
        NOW,
        "--url",
        "https://graph.microsoft.com/v1.0/security/alerts_v2",
    ]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("✓ permission: SecurityAlert.Read.All (Delegated)"), "{out}");
    let (code, out, _) = run(bin().args([
        "explain",
        &tok,
        "--now",
        NOW,
        "--url",
        "https://graph.microsoft.com/v1.0/security/incidents",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("✗ permission:") && out.contains("SecurityIncident.Read.All"), "{out}");
    let (code, out, _) = run(bin().args([
        "explain",
        &tok,
        "--now",
        NOW,
        "--method",
        "patch",
        "--url",
        "https://graph.microsoft.com/v1.0/security/alerts_v2/1",
    ]));
    assert_eq!(code, 1, "{out}");
    let mut child =
        bin().args(["explain", "-", "--now", NOW]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("Bearer {tok}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ada@contoso.example"));
}

#[test]
fn explain_says_why_input_is_not_a_token() {
    let tok = delegated_user_read();
    let (h, rest) = tok.split_once('.').unwrap();
    let cases = [
        ("abc.def".to_owned(), "three segments"),
        (format!("{h}.{rest}.x.y"), "encrypted JWE"),
        (format!("{h}.%%%.x"), "payload segment is not valid base64url"),
        (format!("{h}.WzEsMl0.x"), "payload does not decode to a JSON object"),
        (format!("eyJub3Qgb2JqZWN0.{rest}"), "header does not decode to a JSON object"),
    ];
    for (input, want) in cases {
        let (code, out, err) = run(bin().args(["explain", &input]));
        assert_eq!(code, 2, "{input}");
        assert!(out.is_empty());
        assert!(err.contains(want), "{want} not in {err}");
    }
}

/// A permission map in Graph Explorer's `permissions.json` format, for a path that is not Graph's.
const DEVX_WIDGETS: &str = r#"{"permissions": {
  "Widget.Read.All": {"schemes": {"DelegatedWork": {"requiresAdminConsent": true, "privilegeLevel": 2},
                                  "Application": {"requiresAdminConsent": true, "privilegeLevel": 2}},
    "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
                  "paths": {"/contoso/widgets": "least=DelegatedWork,Application"}}]}}}"#;

#[test]
fn extra_catalog_in_graph_explorer_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("widgets.json"), DEVX_WIDGETS).unwrap();
    std::fs::write(
        dir.path().join("me.py"),
        format!("t = '{}'\nget('https://graph.microsoft.com/v1.0/contoso/widgets')\n", delegated_user_read()),
    )
    .unwrap();
    let (code, out, _) = run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", NOW, "me.py"]));
    assert_eq!(code, 0, "without extra data the path is not in the catalog: {out}");
    let (code, out, err) = run(bin().current_dir(dir.path()).args([
        "scan",
        "--format",
        "json",
        "--now",
        NOW,
        "--catalog",
        "widgets.json",
        "me.py",
    ]));
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("Widget.Read.All"), "{out}");
    let (code, _, err) = run(bin().current_dir(dir.path()).args(["scan", "--catalog", "nope.json"]));
    assert_eq!(code, 2);
    assert!(err.contains("nope.json"), "{err}");
}

/// Extra data reaches SDK chains too: a `/security` path only the extra file knows resolves from a
/// C# chain, and is checked against the declared scopes.
#[test]
fn extra_catalog_reaches_sdk_chains() {
    let dir = tempfile::tempdir().unwrap();
    let extra = r#"{"format": 1, "paths": {"/security/contosoFindings": {"v1.0": ["GET"], "beta": ["GET"],
        "GET": {"delegated": ["ContosoFinding.Read.All"], "application": ["ContosoFinding.Read.All"]}}}}"#;
    std::fs::write(dir.path().join("extra.json"), extra).unwrap();
    std::fs::write(
        dir.path().join("Findings.cs"),
        "var scopes = new[] { \"User.Read\" };\nvar found = await graphClient.Security.ContosoFindings.GetAsync();\n",
    )
    .unwrap();
    let (code, out, _) = run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", NOW]));
    assert_eq!(code, 0, "the built-in catalog has no such path: {out}");
    let (code, out, err) =
        run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", NOW, "--catalog", "extra.json"]));
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let f = &report["findings"][0];
    assert_eq!(f["rule"], "missing-permission", "{out}");
    assert_eq!(f["line"], 2);
    assert_eq!(f["endpoint"]["path"], "/security/contosoFindings");
    assert!(f["message"].as_str().unwrap().contains("ContosoFinding.Read.All"), "{out}");
}

/// Role names in messages come from the catalog in use, extra data included.
#[test]
fn extra_catalog_role_names_reach_messages() {
    let dir = tempfile::tempdir().unwrap();
    let role = "11111111-2222-4333-8444-555555555555";
    let extra = format!(r#"{{"format": 1, "roles": {{"Contoso Reviewer": "{role}"}}, "paths": {{}}}}"#);
    std::fs::write(dir.path().join("extra.json"), extra).unwrap();
    let token = mint(json!({"aud": "https://graph.microsoft.com", "idtyp": "user", "scp": "SecurityEvents.Read.All",
        "wids": [role], "exp": 2082758400}));
    std::fs::write(
        dir.path().join("score.py"),
        format!("t = '{token}'\nget('https://graph.microsoft.com/v1.0/security/secureScores')\n"),
    )
    .unwrap();
    let (_, out, err) =
        run(bin().current_dir(dir.path()).args(["scan", "--now", NOW, "--catalog", "extra.json", "score.py"]));
    assert!(out.contains("error[missing-role]"), "{out}{err}");
    assert!(out.contains(&format!("Contoso Reviewer ({role})")), "{out}");
}

#[test]
fn version_and_help() {
    let (code, out, _) = run(bin().arg("--version"));
    assert_eq!(code, 0);
    assert!(out.starts_with("claimcheck "), "{out}");
    let (code, out, _) = run(bin().arg("--help"));
    assert_eq!(code, 0);
    assert!(
        out.contains("Examples:") && out.contains("scan") && out.contains("explain") && out.contains("lsp"),
        "{out}"
    );
}

/// `claimcheck explain --url URL [--method M]` without a token: what the call needs.
#[test]
fn explain_says_what_a_call_needs_without_a_token() {
    let (code, out, err) =
        run(bin().args(["explain", "--url", "https://graph.microsoft.com/v1.0/users/{id}/messages"]));
    assert_eq!(code, 0, "{err}");
    let want = "\
GET /v1.0/users/{id}/messages (the global cloud) (method assumed)
Delegated (work or school account), least privileged first:
  Mail.ReadBasic (least privileged; privilege level 2; users can consent)";
    assert!(out.starts_with(want), "{out}");
    assert!(out.contains("Application (app-only), least privileged first:\n  Mail.ReadBasic.All (least privileged; privilege level 3; admin consent required)"), "{out}");
    assert!(out.contains("Delegated (personal Microsoft account), least privileged first:"), "{out}");
    // AlsoRequires, with a path written without its version (v1.0).
    let (code, out, _) =
        run(bin().args(["explain", "--url", "/servicePrincipals/{id}/owners/$ref", "--method", "POST"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("Application.ReadWrite.OwnedBy (least privileged; only together with Directory.Read.All;"),
        "{out}"
    );
    // /me has no application permission, whatever the map lists.
    let (_, out, _) = run(bin().args(["explain", "--url", "/v1.0/me/messages"]));
    assert!(out.contains("Application (app-only): none: /me needs a signed-in user; use /users/{id}"), "{out}");
    // /security: roles, and the deprecation.
    let (code, out, _) = run(bin().args(["explain", "--url", "/v1.0/security/alerts", "--method", "GET"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("! deprecated:") && out.contains("Security Reader (5d6b6bb7-de71-4623-b4af-96380a352509)"),
        "{out}"
    );
    // An unknown /security endpoint exits 1; a path the map lacks exits 0 and says it is not checked.
    let (code, out, _) = run(bin().args(["explain", "--url", "https://graph.microsoft.com/beta/security/alertz"]));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Did you mean `/security/alerts`?"), "{out}");
    let (code, out, _) = run(bin().args(["explain", "--url", "/v1.0/contoso/widgets"]));
    assert_eq!(code, 0);
    assert!(out.contains("Not in Microsoft's Graph permission map"), "{out}");
    // Not a Graph URL, or neither a token nor --url: usage errors.
    let (code, _, err) = run(bin().args(["explain", "--url", "https://example.com/x"]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(bin().args(["explain"]));
    assert_eq!(code, 2);
    assert!(err.contains("--url"), "{err}");
}

/// Calls outside `/security` in `.http`, curl and PowerShell files, through `scan`.
#[test]
fn scan_checks_calls_outside_security_in_http_curl_and_powershell() {
    let dir = tempfile::tempdir().unwrap();
    let user = delegated_user_read();
    let app = mint(
        json!({"aud": "https://graph.microsoft.com", "idtyp": "app", "roles": ["User.Read.All"], "exp": 2082758400}),
    );
    std::fs::write(
        dir.path().join("mail.http"),
        format!("@token = {user}\n\nGET https://graph.microsoft.com/v1.0/me/messages\nAuthorization: Bearer {{{{token}}}}\n\n###\n\nPOST https://graph.microsoft.com/v1.0/me/sendMail\nAuthorization: Bearer {{{{token}}}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("groups.sh"),
        format!("curl -X POST https://graph.microsoft.com/v1.0/groups \\\n  -H \"Authorization: Bearer {app}\" \\\n  -d @group.json\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("users.ps1"),
        "Connect-MgGraph -Scopes 'User.Read'\n$all = Get-MgUser -All\nRemove-MgGroup -GroupId $g\n",
    )
    .unwrap();
    let (code, out, err) = run(bin().current_dir(dir.path()).args(["scan", "--format", "json", "--now", NOW, "."]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, u64, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] != "hardcoded-token")
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_owned(),
                format!("{} {}", f["endpoint"]["method"].as_str().unwrap(), f["endpoint"]["path"].as_str().unwrap()),
            )
        })
        .collect();
    let want = [
        ("groups.sh", 1, "missing-permission", "POST /groups"),
        ("mail.http", 3, "missing-permission", "GET /me/messages"),
        ("mail.http", 8, "missing-permission", "POST /me/sendmail"),
        ("users.ps1", 2, "missing-permission", "GET /users"),
        ("users.ps1", 3, "missing-permission", "DELETE /groups/{id}"),
    ];
    let want: Vec<(String, u64, String, String)> =
        want.iter().map(|(p, l, r, e)| ((*p).to_owned(), *l, (*r).to_owned(), (*e).to_owned())).collect();
    assert_eq!(found, want, "{out}");
    let groups = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "groups.sh" && f["rule"] == "missing-permission")
        .unwrap();
    assert!(groups["message"].as_str().unwrap().contains("Add Group.Create as an Application permission"), "{groups}");
}

/// The example beyond `/security` (examples/offboard_user.py) reports what it shows.
#[test]
fn the_offboarding_example_reports_each_cause() {
    let (code, out, err) =
        run(bin().current_dir(repo()).args(["scan", "--format", "json", "--now", NOW, "examples/offboard_user.py"]));
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let got: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}@{}", f["rule"].as_str().unwrap(), f["line"]))
        .collect();
    assert_eq!(
        got,
        [
            "hardcoded-token@7",
            "over-privileged@12",
            "missing-permission@13",
            "missing-permission@14",
            "unsupported-token-type@16"
        ]
    );
}

/// SARIF results carry fingerprints that survive lines added above them, so code scanning keeps
/// an alert open across commits instead of closing and reopening it.
#[test]
fn sarif_fingerprints_are_stable_when_lines_move() {
    let dir = tempfile::tempdir().unwrap();
    let body = "a = get('https://graph.microsoft.com/v1.0/security/alerts')\n\
                b = get('https://graph.microsoft.com/v1.0/security/alerts')\n\
                c = get('https://graph.microsoft.com/beta/security/secureScore')\n";
    let scan = |text: &str| -> Vec<(String, u64, String)> {
        std::fs::write(dir.path().join("soc.py"), text).unwrap();
        let (_, out, err) = run(bin().current_dir(dir.path()).args(["scan", "--format", "sarif", "--now", NOW]));
        let doc: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                    r["partialFingerprints"]["claimcheck/v1"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let before = scan(body);
    assert_eq!(before.len(), 3, "{before:?}");
    let prints: std::collections::HashSet<&String> = before.iter().map(|(_, _, f)| f).collect();
    assert_eq!(prints.len(), 3, "identical lines get different fingerprints: {before:?}");
    let after = scan(&format!("import requests\n\n# three more lines above\n{}", body.replace("a = ", "a  =  ")));
    assert_eq!(after.len(), 3);
    for ((rule, line, print), (rule2, line2, print2)) in before.iter().zip(&after) {
        assert_eq!((rule, print), (rule2, print2), "the same finding keeps its fingerprint");
        assert_eq!(line + 3, *line2);
    }
}

/// Shell completions and the manual page come from the same definitions as the parser.
#[test]
fn completions_and_man_page() {
    let (code, out, _) = run(bin().args(["completions", "bash"]));
    assert_eq!(code, 0);
    assert!(out.contains("_claimcheck()") && out.contains("scan") && out.contains("--fail-on"), "{out}");
    // The script loads in bash and registers the completion.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("claimcheck.bash");
    std::fs::write(&script, &out).unwrap();
    let check = Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p claimcheck", script.display()))
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stdout).contains("_claimcheck"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, out, _) = run(bin().args(["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        assert!(out.contains("claimcheck") && out.contains("explain"), "{shell}: {out}");
    }
    let (code, _, err) = run(bin().args(["completions", "tcsh"]));
    assert_eq!(code, 2, "an unknown shell is a usage error: {err}");

    let (code, page, _) = run(bin().arg("man"));
    assert_eq!(code, 0);
    assert!(page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH claimcheck 1"), "{page}");
    for want in [".TH claimcheck 1", ".SH SYNOPSIS", ".TH claimcheck-scan 1", ".TH claimcheck-explain 1", "fail\\-on"] {
        assert!(page.contains(want), "the man page lacks {want:?}");
    }
}

/// `--format github` writes one workflow-command annotation per finding, its properties and
/// message escaped so that nothing from a scanned file can end the command or start another.
#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%d.ps1";
    std::fs::write(
        dir.path().join(name),
        "Connect-MgGraph -Scopes \"User.Read\"\nGet-MgSecurityIncident\n$u = 'https://graph.microsoft.com/v1.0/security/alerts'\n",
    )
    .unwrap();
    let (code, out, err) = run(bin().current_dir(dir.path()).args(["scan", "--format", "github", "--now", NOW]));
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("::error file=a%2Cb%3Ac%25d.ps1,line=2,col=1,endLine=2,endColumn=23,title=claimcheck missing-permission::GET /v1.0/security/incidents needs"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::warning file=a%2Cb%3Ac%25d.ps1,line=3,"), "{}", lines[1]);
    assert!(lines[1].contains("title=claimcheck deprecated-endpoint::"), "{}", lines[1]);
    assert!(lines[2].starts_with("::error file=a%2Cb%3Ac%25d.ps1,line=3,"), "{}", lines[2]);
    assert_eq!(lines[3], "2 errors, 1 warning, 0 information, 0 hints in 1 file (0 skipped, 0 suppressed)");
}
