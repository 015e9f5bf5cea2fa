//! The built binary over stdio, as editors start it: lifecycle and exit codes, the
//! `CLAIMCHECK_NOW` clock, the real 10 s `tokenCommand` timeout, and what goes to stderr.

use std::time::{Duration, Instant};

use crate::common::tokens::{self, with};
use crate::common::*;
use serde_json::{json, Value};

const FIXED_NOW: (&str, &str) = ("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z");

async fn initialize(lsp: &mut Lsp) -> Value {
    lsp.initialize(default_capabilities(), None).await
}

#[tokio::test]
async fn lsp_and_lsp_stdio_serve_and_exit_0_after_shutdown() {
    for args in [&["lsp"][..], &["lsp", "--stdio"][..]] {
        let mut lsp = spawn(args, &[FIXED_NOW]);
        let result = initialize(&mut lsp).await;
        assert_eq!(result["serverInfo"]["name"], "claimcheck", "{args:?}");
        assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
        let (text, _) = soc_py();
        let d = lsp.open(&uri("soc.py"), "python", &text).await;
        assert_eq!(d.len(), 5, "{args:?}");
        // finish(): shutdown answers null, exit ends the process with status 0, nothing unread.
        lsp.finish().await;
    }
}

#[tokio::test]
async fn exit_without_shutdown_exits_1() {
    let mut lsp = spawn(&["lsp"], &[FIXED_NOW]);
    initialize(&mut lsp).await;
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.exit_code().await, Some(1));
    lsp.done();
}

#[tokio::test]
async fn end_of_input_without_exit_exits_1_and_after_shutdown_still_exits() {
    let mut lsp = spawn(&["lsp"], &[FIXED_NOW]);
    initialize(&mut lsp).await;
    lsp.close_input();
    assert_eq!(lsp.exit_code().await, Some(1));
    lsp.done();
    // An editor that shuts down and then just closes the pipe: the process does not linger.
    let mut lsp = spawn(&["lsp"], &[FIXED_NOW]);
    initialize(&mut lsp).await;
    assert_eq!(lsp.call("shutdown", Value::Null).await, Value::Null);
    lsp.close_input();
    assert!(lsp.exit_code().await.is_some());
    lsp.done();
}

#[tokio::test]
async fn the_clock_comes_from_claimcheck_now() {
    // Expires 2026-05-01: expired at the fixed clock, valid a month before it.
    let token = mint(with(tokens::delegated_no_alerts(), json!({"exp": 1_777_593_600})));
    let text = format!("T = \"{token}\"\n");
    for (now, expired) in [("2026-06-01T00:00:00Z", true), ("1775001600", false)] {
        let mut lsp = spawn(&["lsp"], &[("CLAIMCHECK_NOW", now)]);
        initialize(&mut lsp).await;
        let d = lsp.open(&uri("t.py"), "python", &text).await;
        let e = d.iter().find(|d| d["code"] == "token-expired");
        assert_eq!(e.is_some(), expired, "CLAIMCHECK_NOW={now}");
        if let Some(e) = e {
            assert!(e["message"].as_str().unwrap().contains("expired 31 days ago"), "{}", redact(&e.to_string()));
        }
        lsp.finish().await;
    }
}

#[tokio::test]
async fn a_hanging_token_command_times_out_after_10_seconds_without_blocking_anything() {
    let mut lsp = spawn(&["lsp"], &[FIXED_NOW]);
    initialize(&mut lsp).await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let t0 = Instant::now();
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"claimcheck": {"tokenCommand": ["sleep", "30"]}}}),
    );
    assert_eq!(lsp.diagnostics(&u, 1).await.len(), 5);
    assert!(lsp.hover(&u, 2, 30).await["contents"].is_object());
    assert!(t0.elapsed() < Duration::from_secs(3), "answers came after {:?}", t0.elapsed());
    let m = lsp.show_message(Duration::from_secs(20)).await;
    let waited = t0.elapsed();
    assert!(m["message"].as_str().unwrap().contains("did not finish within 10 s"), "{m}");
    assert!(waited >= Duration::from_secs(10) && waited < Duration::from_secs(16), "{waited:?}");
    lsp.finish().await;
}

#[tokio::test]
async fn logs_go_to_stderr_and_never_hold_a_token_even_at_trace_level() {
    for rust_log in ["trace", "tower_lsp_server=trace,claimcheck=trace"] {
        let dir = tempfile::tempdir().unwrap();
        let log_path = dir.path().join("stderr.log");
        let log = std::fs::File::create(&log_path).unwrap();
        let mut lsp = spawn_logging(&["lsp"], &[FIXED_NOW, ("RUST_LOG", rust_log)], log);
        initialize(&mut lsp).await;
        let (text, token) = soc_py();
        let u = uri("soc.py");
        lsp.open(&u, "python", &text).await;
        lsp.hover(&u, 1, 30).await;
        lsp.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [token]})).await;
        // Unknown requests are logged by tower-lsp: the log is not empty.
        let _ = lsp
            .request(
                "textDocument/completion",
                json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}}),
            )
            .await;
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri("not-open.py"), "version": 2}, "contentChanges": [{"text": token}]}),
        );
        lsp.finish().await;
        let logged = std::fs::read_to_string(&log_path).unwrap();
        assert!(!logged.is_empty(), "RUST_LOG={rust_log} logged nothing");
        assert!(!leaks(&logged, &token), "RUST_LOG={rust_log}: the log holds the token");
    }
}

/// The workspace through the binary (`docs/behaviour.md`, "The language server"): the index with
/// progress, a call checked against a declaration in another file, and an edit to the open
/// declaration re-checking the call.
#[tokio::test]
async fn the_binary_indexes_the_workspace_and_rechecks_calls_when_an_open_declaration_changes() {
    let dir = tempfile::tempdir().unwrap();
    let tf = "resource \"azuread_application\" \"a\" {\n  required_resource_access {\n    resource_app_id = \"00000003-0000-0000-c000-000000000000\"\n    resource_access {\n      id   = azuread_service_principal.g.app_role_ids[\"SecurityAlert.Read.All\"]\n      type = \"Role\"\n    }\n  }\n}\n";
    let py = "cred = ClientSecretCredential(t, c, s)\nhunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    std::fs::create_dir_all(dir.path().join("app/infra")).unwrap();
    std::fs::write(dir.path().join("app/infra/main.tf"), tf).unwrap();
    std::fs::write(dir.path().join("app/poll.py"), py).unwrap();
    let folder = format!("file://{}", dir.path().display());
    let mut lsp = spawn(&["lsp"], &[FIXED_NOW]);
    let mut caps = default_capabilities();
    caps["window"] = json!({"workDoneProgress": true});
    lsp.call(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": caps, "workspaceFolders": [{"uri": folder, "name": "ws"}]}),
    )
    .await;
    lsp.notify("initialized", json!({}));
    let is = |kind: &'static str| move |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == kind;
    let begin = lsp.wait_for("progress begin", WAIT, is("begin")).await;
    assert_eq!(begin["params"]["value"]["message"], "Indexing 2 files");
    lsp.wait_for("progress end", WAIT, is("end")).await;
    lsp.take_received(is("report"));
    let poll = format!("{folder}/app/poll.py");
    let tf_uri = format!("{folder}/app/infra/main.tf");
    let d = lsp.open(&poll, "python", py).await;
    let m = d.iter().find(|d| d["code"] == "missing-permission").unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(m["relatedInformation"][0]["location"]["uri"], tf_uri);
    lsp.open(&tf_uri, "terraform", tf).await;
    let t0 = Instant::now();
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": tf_uri, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": 4, "character": 55}, "end": {"line": 4, "character": 77}},
            "text": "ThreatHunting.Read.All"}]}),
    );
    let d = lsp.diagnostics(&poll, 1).await;
    assert!(d.iter().all(|d| d["code"] != "missing-permission"), "{d:?}");
    assert!(t0.elapsed() < Duration::from_secs(5));
    lsp.diagnostics(&tf_uri, 2).await;
    lsp.finish().await;
}
