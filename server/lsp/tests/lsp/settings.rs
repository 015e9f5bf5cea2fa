//! Settings from initializationOptions, didChangeConfiguration and workspace/configuration, and
//! the configured token from `token`, `tokenFile` and `tokenCommand`.

use std::time::{Duration, Instant};

use crate::common::tokens::{self, with, NOW};
use crate::common::*;
use claimcheck_lsp::ServeOptions;
use serde_json::{json, Value};

const ALERTS_V2: &str = "requests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")\n";

fn configure(lsp: &Lsp, settings: Value) {
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
}

fn has(diags: &[Value], code: &str) -> bool {
    diags.iter().any(|d| d["code"] == code)
}

#[tokio::test]
async fn initialization_options_apply_wrapped_or_bare() {
    for opts in [
        json!({"claimcheck": {"severity": {"hardcoded-token": "off", "missing-role": "hint"}}}),
        json!({"severity": {"hardcoded-token": "off", "missing-role": "hint"}}),
    ] {
        let mut lsp = ready_with(default_capabilities(), Some(opts)).await;
        let (text, _) = soc_py();
        let d = lsp.open(&uri("soc.py"), "python", &text).await;
        assert!(!has(&d, "hardcoded-token"));
        assert_eq!(d.iter().find(|d| d["code"] == "missing-role").unwrap()["severity"], HINT);
        lsp.finish().await;
    }
}

#[tokio::test]
async fn a_configuration_change_republishes_every_open_document() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let docs = [uri("a.py"), uri("b.py"), uri("c.py")];
    for u in &docs {
        assert!(has(&lsp.open(u, "python", &text).await, "hardcoded-token"));
    }
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": docs[2]}}));
    assert!(lsp.next_diagnostics(&docs[2]).await.1.is_empty());
    configure(
        &lsp,
        json!({"claimcheck": {"severity": {"hardcoded-token": "off", "missing-permission": "information"}}}),
    );
    for u in &docs[..2] {
        let d = lsp.diagnostics(u, 1).await;
        assert!(!has(&d, "hardcoded-token"), "{u}");
        assert!(d.iter().filter(|d| d["code"] == "missing-permission").all(|d| d["severity"] == INFORMATION));
    }
    // Back to defaults: an empty settings object.
    configure(&lsp, json!({"claimcheck": {}}));
    for u in &docs[..2] {
        assert!(has(&lsp.diagnostics(u, 1).await, "hardcoded-token"));
    }
    lsp.finish().await;
}

#[tokio::test]
async fn the_token_setting_applies_to_files_without_a_token() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    assert_eq!(lsp.open(&u, "python", ALERTS_V2).await, Vec::<Value>::new());
    let token = mint(tokens::delegated_no_alerts());
    configure(&lsp, json!({"claimcheck": {"token": token}}));
    let d = lsp.diagnostics(&u, 1).await;
    assert_eq!(codes(&d), ["missing-permission"]);
    let msg = d[0]["message"].as_str().unwrap();
    assert!(msg.contains("the configured delegated token") && msg.contains("SecurityAlert.Read.All"), "{msg}");
    assert!(d[0].get("relatedInformation").is_none(), "a configured token has no location");
    let h = lsp.hover(&u, 0, 30).await;
    assert!(h["contents"]["value"].as_str().unwrap().contains("With the configured"), "{}", describe(&h));
    let hint = lsp.inlay_hints(&u, 0, 0).await;
    assert!(hint[0]["label"].as_str().unwrap().contains('✗'));
    // A token in the file itself wins over the configured one.
    let good = mint(with(tokens::delegated_no_alerts(), json!({"scp": "SecurityAlert.Read.All"})));
    let own = uri("own.py");
    let d = lsp.open(&own, "python", &format!("T = \"{good}\"\n{ALERTS_V2}")).await;
    assert_eq!(codes(&d), ["hardcoded-token"]);
    // Removing the setting removes the token.
    configure(&lsp, json!({"claimcheck": {"token": null}}));
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    assert_eq!(codes(&lsp.diagnostics(&own, 1).await), ["hardcoded-token"]);
    lsp.finish().await;
}

#[tokio::test]
async fn a_configured_token_that_expired_is_used_and_reported_once() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    let token = mint(with(tokens::delegated_no_alerts(), json!({"exp": NOW - 2 * 86400})));
    configure(&lsp, json!({"claimcheck": {"token": token}}));
    let m = lsp.show_message(WAIT).await;
    let text = m["message"].as_str().unwrap();
    assert!(text.contains("expired 2 days ago"), "{text}");
    assert!(!leaks(text, &token));
    assert_eq!(codes(&lsp.diagnostics(&u, 1).await), ["missing-permission"]);
    lsp.finish().await;
}

#[tokio::test]
async fn a_token_setting_that_is_not_a_token_is_reported_and_ignored() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    configure(&lsp, json!({"claimcheck": {"token": "eyJhbGciOi.not-base64!.x"}}));
    let m = lsp.show_message(WAIT).await;
    assert!(m["message"].as_str().unwrap().contains("token setting"), "{m}");
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    lsp.finish().await;
}

#[tokio::test]
async fn token_file_is_read_and_a_missing_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("token.txt");
    std::fs::write(&path, format!("{}\n", mint(tokens::delegated_no_alerts()))).unwrap();
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    configure(&lsp, json!({"claimcheck": {"tokenFile": path.to_str().unwrap()}}));
    assert_eq!(codes(&lsp.diagnostics(&u, 1).await), ["missing-permission"]);
    configure(&lsp, json!({"claimcheck": {"tokenFile": dir.path().join("nope.txt").to_str().unwrap()}}));
    let m = lsp.show_message(WAIT).await;
    assert!(m["message"].as_str().unwrap().contains("nope.txt"), "{m}");
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    lsp.finish().await;
}

fn pulling_capabilities() -> Value {
    let mut caps = default_capabilities();
    caps["workspace"]["configuration"] = json!(true);
    caps
}

#[tokio::test]
async fn settings_are_pulled_with_workspace_configuration_when_the_client_offers_it() {
    let mut lsp = start(options());
    *lsp.client.config.lock().unwrap() = json!({"severity": {"hardcoded-token": "off"}});
    lsp.initialize(pulling_capabilities(), None).await;
    lsp.wait_request("workspace/configuration", 1).await;
    // The refresh request is sent once the pulled settings are applied.
    lsp.wait_request("workspace/inlayHint/refresh", 1).await;
    let items = lsp.client.requests.lock().unwrap()[0]["params"]["items"].clone();
    assert_eq!(items, json!([{"section": "claimcheck"}]));
    let (text, _) = soc_py();
    let u = uri("soc.py");
    assert!(!has(&lsp.open(&u, "python", &text).await, "hardcoded-token"));
    // On a change notification the server pulls again; the pulled value wins over the pushed one.
    *lsp.client.config.lock().unwrap() = json!({"severity": {"missing-role": "off"}});
    configure(&lsp, json!({"claimcheck": {"severity": {"missing-permission": "off"}}}));
    let d = lsp.diagnostics(&u, 1).await;
    assert_eq!(lsp.client.requests_named("workspace/configuration"), 2);
    assert!(has(&d, "hardcoded-token") && has(&d, "missing-permission") && !has(&d, "missing-role"));
    // VS Code pushes `null`: the server pulls.
    *lsp.client.config.lock().unwrap() = json!({"severity": {"deprecated-endpoint": "off"}});
    configure(&lsp, Value::Null);
    let d = lsp.diagnostics(&u, 1).await;
    assert!(has(&d, "missing-role") && !has(&d, "deprecated-endpoint"));
    lsp.finish().await;
}

/// Neovim answers `workspace/configuration` with null for a section it has no settings for,
/// while the user's settings sit in initializationOptions: they must survive the pull.
#[tokio::test]
async fn a_null_pulled_configuration_keeps_the_initialization_options() {
    let mut lsp = start(options());
    *lsp.client.config.lock().unwrap() = Value::Null;
    lsp.initialize(pulling_capabilities(), Some(json!({"claimcheck": {"severity": {"hardcoded-token": "off"}}}))).await;
    lsp.wait_request("workspace/configuration", 1).await;
    // Whatever the server does with the answer, it is done once a later request is answered.
    lsp.hover(&uri("none.py"), 0, 0).await;
    let (text, _) = soc_py();
    let d = lsp.open(&uri("soc.py"), "python", &text).await;
    assert!(!has(&d, "hardcoded-token"), "{:?}", codes(&d));
    lsp.finish().await;
}

#[tokio::test]
async fn inlay_hints_can_be_turned_off_and_on() {
    let mut lsp = ready_with(default_capabilities(), Some(json!({"claimcheck": {"inlayHints": false}}))).await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    assert_eq!(lsp.inlay_hints(&u, 0, 10).await, json!([]));
    configure(&lsp, json!({"claimcheck": {"inlayHints": true}}));
    lsp.diagnostics(&u, 1).await;
    assert_eq!(lsp.inlay_hints(&u, 0, 10).await.as_array().unwrap().len(), 3);
    lsp.finish().await;
}

#[tokio::test]
async fn max_file_size_changes_recheck_open_documents() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    assert_eq!(lsp.open(&u, "python", &text).await.len(), 5);
    configure(&lsp, json!({"claimcheck": {"maxFileSize": 100}}));
    let d = lsp.diagnostics(&u, 1).await;
    assert_eq!(d.len(), 1);
    assert!(d[0]["message"].as_str().unwrap().contains("skipped"));
    assert_eq!(lsp.hover(&u, 2, 30).await, Value::Null, "nothing is analysed in a skipped document");
    configure(&lsp, json!({"claimcheck": {"maxFileSize": 1_000_000}}));
    assert_eq!(lsp.diagnostics(&u, 1).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn malformed_settings_get_one_message_then_defaults_and_the_server_goes_on() {
    let cases = [
        json!({"claimcheck": {"inlayHints": "yes", "severity": 5, "maxFileSize": -3, "token": 7, "tokenCommand": "az"}}),
        json!({"claimcheck": {"severity": {"no-such-rule": "error", "hardcoded-token": "loud"}}}),
        json!({"claimcheck": 42}),
        json!({"claimcheck": "on"}),
        json!("settings"),
        json!([1, 2]),
    ];
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    for bad in cases {
        configure(&lsp, bad.clone());
        let m = lsp.show_message(WAIT).await;
        assert_eq!(m["type"], 2, "a warning for {bad}");
        assert!(m["message"].as_str().unwrap().contains("claimcheck"), "{m}");
        // Defaults: every rule at its default level, hints on.
        let d = lsp.diagnostics(&u, 1).await;
        assert_eq!(d.len(), 5, "{bad}");
        assert_eq!(lsp.inlay_hints(&u, 0, 10).await.as_array().unwrap().len(), 3, "{bad}");
    }
    lsp.finish().await;
}

#[tokio::test]
async fn unknown_settings_keys_and_other_sections_are_ignored_silently() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    configure(&lsp, json!({"claimcheck": {"futureOption": 1}, "python": {"x": 1}}));
    assert_eq!(lsp.diagnostics(&u, 1).await.len(), 5);
    lsp.finish().await;
}

fn short_timeout() -> ServeOptions {
    ServeOptions { now: Some(NOW), token_command_timeout: Duration::from_millis(800) }
}

#[tokio::test]
async fn a_token_command_that_hangs_blocks_nothing_and_times_out_with_one_message() {
    let mut lsp = start(short_timeout());
    lsp.initialize(default_capabilities(), None).await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let t0 = Instant::now();
    configure(&lsp, json!({"claimcheck": {"tokenCommand": ["sleep", "30"]}}));
    assert_eq!(lsp.diagnostics(&u, 1).await.len(), 5);
    let h = lsp.hover(&u, 2, 30).await;
    assert!(h["contents"]["value"].as_str().unwrap().contains("SecurityAlert.Read.All"));
    let d = lsp
        .change(
            &u,
            2,
            json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "#"}]),
        )
        .await;
    assert_eq!(d.len(), 5);
    assert!(t0.elapsed() < Duration::from_millis(700), "the server waited for the command: {:?}", t0.elapsed());
    let m = lsp.show_message(WAIT).await;
    let text = m["message"].as_str().unwrap();
    assert!(text.contains("tokenCommand") && text.contains("did not finish"), "{text}");
    assert!(t0.elapsed() >= Duration::from_millis(800));
    lsp.finish().await;
}

#[tokio::test]
async fn a_token_command_that_fails_or_prints_no_token_is_reported() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    for (argv, says) in [
        (json!(["false"]), "failed"),
        (json!(["/nonexistent/claimcheck-token-helper"]), "could not start"),
        (json!(["echo", "not a token"]), "no usable token"),
        (json!(["sh", "-c", "head -c 100000 /dev/zero | tr '\\0' 'a'"]), "64 KiB"),
    ] {
        configure(&lsp, json!({"claimcheck": {"tokenCommand": argv}}));
        assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
        let m = lsp.show_message(WAIT).await;
        assert!(m["message"].as_str().unwrap().contains(says), "{argv}: {m}");
    }
    lsp.finish().await;
}

#[tokio::test]
async fn a_token_command_that_prints_a_token_configures_it() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    let token = mint(tokens::delegated_no_alerts());
    configure(&lsp, json!({"claimcheck": {"tokenCommand": ["sh", "-c", format!("echo '  {token}  '")]}}));
    // First the recheck with the settings, then the one with the command's token.
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    let (v, d) = lsp.next_diagnostics(&u).await;
    assert_eq!(v, Some(1));
    assert_eq!(codes(&d), ["missing-permission"]);
    assert!(d[0]["message"].as_str().unwrap().contains("configured"));
    lsp.finish().await;
}

#[tokio::test]
async fn a_slow_token_command_from_replaced_settings_is_dropped() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    lsp.open(&u, "python", ALERTS_V2).await;
    let token = mint(tokens::delegated_no_alerts());
    configure(&lsp, json!({"claimcheck": {"tokenCommand": ["sh", "-c", format!("sleep 0.5; echo {token}")]}}));
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    configure(&lsp, json!({"claimcheck": {}}));
    assert_eq!(lsp.diagnostics(&u, 1).await, Vec::<Value>::new());
    lsp.expect_silence(Duration::from_millis(1500)).await;
    lsp.finish().await;
}

#[tokio::test]
async fn bad_initialization_options_get_one_message_and_the_server_initializes() {
    let mut lsp = start(options());
    let result = lsp
        .initialize(default_capabilities(), Some(json!({"claimcheck": {"inlayHints": 3, "maxFileSize": "big"}})))
        .await;
    assert_eq!(result["serverInfo"]["name"], "claimcheck");
    let m = lsp.show_message(WAIT).await;
    let text = m["message"].as_str().unwrap();
    assert!(text.contains("inlayHints") && text.contains("maxFileSize"), "{text}");
    let (doc, _) = soc_py();
    assert_eq!(lsp.open(&uri("soc.py"), "python", &doc).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn a_token_command_in_initialization_options_runs_after_initialize() {
    let token = mint(tokens::delegated_no_alerts());
    let opts = json!({"claimcheck": {"tokenCommand": ["sh", "-c", format!("echo {token}")]}});
    let mut lsp = ready_with(default_capabilities(), Some(opts)).await;
    let u = uri("calls.py");
    // Depending on when the command finishes, the first publish may come before its token.
    let mut d = lsp.open(&u, "python", ALERTS_V2).await;
    if d.is_empty() {
        let (v, next) = lsp.next_diagnostics(&u).await;
        assert_eq!(v, Some(1));
        d = next;
    }
    assert_eq!(codes(&d), ["missing-permission"]);
    lsp.finish().await;
}

fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

async fn ready_in_folder(folder: &std::path::Path) -> Lsp {
    let mut lsp = start(options());
    let params = json!({"processId": null, "rootUri": null, "capabilities": default_capabilities(),
        "workspaceFolders": [{"uri": file_uri(folder), "name": "ws"}]});
    lsp.call("initialize", params).await;
    lsp.notify("initialized", json!({}));
    lsp
}

#[tokio::test]
async fn the_workspace_config_file_sets_severities_exclusions_and_catalogs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("claimcheck.toml"),
        "exclude = [\"vendor/**\"]\ncatalog = [\"extra.json\"]\n[severity]\nhardcoded-token = \"off\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("extra.json"),
        r#"{"paths": {"/users": {"v1.0": ["GET"], "GET": {"delegated": ["User.Read.All"], "application": ["User.Read.All"]}}}}"#,
    )
    .unwrap();
    let mut lsp = ready_in_folder(dir.path()).await;
    let (text, _) = soc_py();
    let app = file_uri(&dir.path().join("app.py"));
    let d = lsp.open(&app, "python", &text).await;
    assert!(!has(&d, "hardcoded-token") && has(&d, "missing-permission"));
    let vendored = file_uri(&dir.path().join("vendor/lib/soc.py"));
    assert_eq!(lsp.open(&vendored, "python", &text).await, Vec::<Value>::new(), "excluded");
    // The extra catalog from the config: a path outside /security gets checked.
    let token = mint(tokens::delegated_no_alerts());
    let users = file_uri(&dir.path().join("users.py"));
    let d = lsp
        .open(&users, "python", &format!("T = \"{token}\"\nrequests.get(\"https://graph.microsoft.com/v1.0/users\")\n"))
        .await;
    let m = d.iter().find(|d| d["code"] == "missing-permission").expect("a permission finding for /users");
    assert!(m["message"].as_str().unwrap().contains("User.Read.All"));
    lsp.finish().await;
}

#[tokio::test]
async fn a_broken_workspace_config_file_gets_one_message_and_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".claimcheck.toml"), "severity = [[[\n").unwrap();
    let mut lsp = ready_in_folder(dir.path()).await;
    let m = lsp.show_message(WAIT).await;
    assert!(m["message"].as_str().unwrap().contains(".claimcheck.toml"), "{m}");
    let (text, _) = soc_py();
    assert_eq!(lsp.open(&file_uri(&dir.path().join("a.py")), "python", &text).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn catalog_paths_add_endpoints_and_a_bad_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("users.json");
    // A path Microsoft's permission map lacks, so the built-in catalog does not check it.
    std::fs::write(&good, r#"{"paths": {"/contoso/widgets/{id}": {"v1.0": ["GET"], "GET": {"delegated": ["Widget.Read.All"], "application": ["Widget.Read.All"]}}}}"#).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[1, 2]").unwrap();
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts());
    let u = uri("users.py");
    let text = format!("T = \"{token}\"\nrequests.get(\"https://graph.microsoft.com/v1.0/contoso/widgets/42\")\n");
    assert_eq!(codes(&lsp.open(&u, "python", &text).await), ["hardcoded-token"]);
    configure(&lsp, json!({"claimcheck": {"catalogPaths": [bad.to_str().unwrap(), good.to_str().unwrap()]}}));
    let m = lsp.show_message(WAIT).await;
    assert!(m["message"].as_str().unwrap().contains("bad.json"), "{m}");
    let mut got = codes(&lsp.diagnostics(&u, 1).await);
    got.sort();
    assert_eq!(got, ["hardcoded-token", "missing-permission"]);
    lsp.finish().await;
}
