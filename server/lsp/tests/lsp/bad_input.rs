//! Odd and hostile input over the protocol: the server answers or logs, never crashes, never
//! hangs.

use std::time::{Duration, Instant};

use crate::common::text::{range_of, Enc};
use crate::common::tokens;
use crate::common::*;
use serde_json::{json, Value};

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

#[tokio::test]
async fn requests_about_documents_that_are_not_open_answer_nothing() {
    let mut lsp = ready().await;
    let u = uri("never-opened.py");
    assert_eq!(lsp.hover(&u, 0, 0).await, Value::Null);
    assert_eq!(lsp.inlay_hints(&u, 0, 10).await, Value::Null);
    let a = lsp
        .call("textDocument/codeAction", json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(0, 0)}, "context": {"diagnostics": []}}))
        .await;
    assert_eq!(a, json!([]));
    // A change for it is dropped (and logged); nothing is published.
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": "x = 1"}]}),
    );
    assert_eq!(lsp.hover(&u, 0, 0).await, Value::Null, "the change did not open it");
    // Closing it publishes an empty list, which is harmless.
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert_eq!(lsp.next_diagnostics(&u).await, (None, vec![]));
    lsp.finish().await;
}

#[tokio::test]
async fn out_of_range_positions_in_hover_and_inlay_hints_are_answered() {
    let mut lsp = ready().await;
    let (text, token) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    for (l, c) in [(1000, 0), (3, 100_000), (4, 0), (u32::MAX, u32::MAX), (0, u32::MAX)] {
        assert_eq!(lsp.hover(&u, l, c).await, Value::Null, "hover at {l}:{c}");
    }
    // Line 1 is the token line: any column past its start on the token still finds it.
    let tok = range_of(&text, &token, 0, Enc::Utf16);
    assert_eq!(lsp.hover(&u, 1, 9).await["range"], tok);
    let all = lsp.inlay_hints(&u, 0, 10_000).await;
    assert_eq!(all.as_array().unwrap().len(), 3);
    let none = lsp.inlay_hints(&u, 500, 900).await;
    assert_eq!(none, json!([]));
    let reversed = lsp
        .call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(3, 0), "end": pos(1, 0)}}),
        )
        .await;
    assert_eq!(reversed, json!([]));
    let huge = lsp
        .call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(u32::MAX, u32::MAX)}}),
        )
        .await;
    assert_eq!(huge, all);
    lsp.finish().await;
}

#[tokio::test]
async fn versions_out_of_order_are_published_as_given_for_the_current_text() {
    let mut lsp = ready().await;
    let u = uri("v.py");
    lsp.open(&u, "python", "a = 1\n").await;
    let url = "https://graph.microsoft.com/v1.0/security/alerts";
    let d = lsp.change(&u, 7, json!([{"text": format!("u = \"{url}\"\n")}])).await;
    assert_eq!(codes(&d), ["deprecated-endpoint"]);
    // An older version number after a newer one: the server still applies the change.
    let d = lsp.change(&u, 3, json!([{"text": format!("u = \"{url}_v2\"\n")}])).await;
    assert_eq!(d, Vec::<Value>::new());
    // The same version twice.
    let d = lsp.change(&u, 3, json!([{"text": format!("u = \"{url}\"\n")}])).await;
    assert_eq!(codes(&d), ["deprecated-endpoint"]);
    // An empty change list still publishes for its version.
    let d = lsp.change(&u, 4, json!([])).await;
    assert_eq!(codes(&d), ["deprecated-endpoint"]);
    lsp.finish().await;
}

#[tokio::test]
async fn opening_an_open_document_again_replaces_it() {
    let mut lsp = ready().await;
    let u = uri("twice.py");
    let (text, _) = soc_py();
    assert_eq!(lsp.open(&u, "python", &text).await.len(), 5);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "python", "version": 9, "text": "x = 1"}}),
    );
    assert_eq!(lsp.diagnostics(&u, 9).await, Vec::<Value>::new());
    assert_eq!(lsp.hover(&u, 2, 30).await, Value::Null);
    lsp.finish().await;
}

#[tokio::test]
async fn binary_and_control_characters_in_a_document_are_harmless() {
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts());
    let text = format!("\u{0}\u{1}\u{7f}\u{feff}\u{fffd}\u{2028}x\u{0}\"{token}\"\u{0}\n\u{85}https://graph.microsoft.com/v1.0/security/alerts\u{0}\n");
    let d = lsp.open(&uri("bin.dat"), "plaintext", &text).await;
    let mut got = codes(&d);
    got.sort();
    assert_eq!(got, ["deprecated-endpoint", "hardcoded-token", "missing-permission", "missing-role"]);
    lsp.finish().await;
}

#[tokio::test]
async fn a_50_mb_document_is_skipped_quickly_under_the_default_limit() {
    let mut lsp = ready().await;
    let u = uri("huge.py");
    let line = "x = \"https://graph.microsoft.com/v1.0/security/alerts\"  # padding padding padding\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    assert!(text.len() > 50 * 1024 * 1024);
    // Framing and parsing 50 MB of JSON takes seconds in a debug build on a busy machine; what
    // matters is that the server does not analyse it and answers the next requests at once.
    let d = lsp.open_within(&u, "python", &text, Duration::from_secs(60)).await;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["severity"], INFORMATION);
    let msg = d[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("skipped")
            && msg.contains(&text.len().to_string())
            && msg.contains(&(5 * 1024 * 1024).to_string()),
        "{msg}"
    );
    // It still answers, and fast: an edit, a hover, hints.
    let t1 = Instant::now();
    let d =
        lsp.change(&u, 2, json!([{"range": {"start": pos(100_000, 0), "end": pos(100_000, 1)}, "text": "y"}])).await;
    assert_eq!(d.len(), 1);
    assert_eq!(lsp.hover(&u, 100_000, 10).await, Value::Null);
    assert_eq!(lsp.inlay_hints(&u, 0, 100).await, json!([]));
    let answer_time = t1.elapsed();
    assert!(answer_time < Duration::from_secs(2), "answers took {answer_time:?}");
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert_eq!(lsp.next_diagnostics(&u).await, (None, vec![]));
    lsp.finish().await;
}

#[tokio::test]
async fn a_10_mb_line_is_checked_when_the_limit_allows_it() {
    let mut lsp =
        ready_with(default_capabilities(), Some(json!({"claimcheck": {"maxFileSize": 64 * 1024 * 1024}}))).await;
    let u = uri("long.js");
    let token = mint(tokens::delegated_no_alerts());
    let filler = "a".repeat(5 * 1024 * 1024);
    let text =
        format!("{filler} \"{token}\" fetch(\"https://graph.microsoft.com/v1.0/security/alerts_v2\") {filler}\n");
    let d = lsp.open_within(&u, "javascript", &text, Duration::from_secs(60)).await;
    let mut got = codes(&d);
    got.sort();
    assert_eq!(got, ["hardcoded-token", "missing-permission"]);
    let d = lsp.change(&u, 2, json!([{"range": {"start": pos(0, 0), "end": pos(0, 1)}, "text": "b"}])).await;
    assert_eq!(d.len(), 2);
    lsp.finish().await;
}

#[tokio::test]
async fn cancelling_requests_is_harmless() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let id = lsp.send_request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(2, 30)}));
    lsp.notify("$/cancelRequest", json!({"id": id}));
    lsp.notify("$/cancelRequest", json!({"id": 12345}));
    // Either the answer or a RequestCancelled error: both are answers.
    match lsp.response(id, WAIT).await {
        Ok(v) => assert!(v["contents"].is_object()),
        Err(e) => assert_eq!(e["code"], -32800),
    }
    assert!(lsp.hover(&u, 2, 30).await["contents"].is_object());
    lsp.finish().await;
}

#[tokio::test]
async fn many_documents_and_rapid_changes_keep_the_latest_version() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("rapid.py");
    lsp.open(&u, "python", &text).await;
    // Fire 50 edits without waiting; only the diagnostics of the last must be waited for, and
    // no publish may carry a version newer than the one sent last.
    for v in 2..=51 {
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": v}, "contentChanges": [{"range": {"start": pos(0, 0), "end": pos(0, 0)}, "text": "#"}]}),
        );
    }
    let d = lsp.diagnostics(&u, 51).await;
    assert_eq!(d.len(), 5);
    assert_eq!(d[0]["range"]["start"]["line"], 1);
    assert!(lsp.hover(&u, 0, 10).await.is_null());
    lsp.finish().await;
}

/// Lines whose fourth byte falls inside a character, just above a finding: the suppression
/// check reads the line above (a panic there once took the whole server down).
#[tokio::test]
async fn non_ascii_lines_above_findings_are_harmless() {
    let mut lsp = ready().await;
    let url = "requests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")";
    for above in ["café = 1", "abcé", "Straße", "\u{feff}\u{feff}x", "ab😀", "réM x", "  caf\u{301}e", "\t三四五"]
    {
        let d = lsp.open(&uri("na.py"), "python", &format!("{above}\n{url}\n")).await;
        assert_eq!(codes(&d), ["deprecated-endpoint"], "{above:?}");
    }
    lsp.finish().await;
}
