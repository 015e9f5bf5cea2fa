//! The protocol itself: initialize's whole reply, encoding negotiation, lifecycle, and what the
//! server does with requests it does not know or cannot take yet.

use crate::common::*;
use serde_json::{json, Value};

fn capabilities_with_encodings(encodings: Value) -> Value {
    let mut caps = default_capabilities();
    caps["general"] = json!({"positionEncodings": encodings});
    caps
}

#[tokio::test]
async fn initialize_reply_is_exactly_the_advertised_capabilities() {
    let mut lsp = start(options());
    let result = lsp.initialize(default_capabilities(), None).await;
    let want = json!({
        "capabilities": {
            "positionEncoding": "utf-16",
            "textDocumentSync": {"openClose": true, "change": 2},
            "hoverProvider": true,
            "codeActionProvider": {"codeActionKinds": ["quickfix"]},
            "executeCommandProvider": {"commands": ["claimcheck.explainToken", "claimcheck.showPermissions"]},
            "inlayHintProvider": true
        },
        "serverInfo": {"name": "claimcheck", "version": env!("CARGO_PKG_VERSION")}
    });
    assert_eq!(result, want);
    lsp.finish().await;
}

#[tokio::test]
async fn position_encoding_is_utf8_whenever_offered_else_utf16() {
    let cases = [
        (json!(["utf-8"]), "utf-8"),
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-32", "utf-8", "utf-16"]), "utf-8"),
        (json!(["utf-16"]), "utf-16"),
        (json!(["utf-32"]), "utf-16"),
        (json!([]), "utf-16"),
    ];
    for (offered, want) in cases {
        let mut lsp = start(options());
        let result = lsp.initialize(capabilities_with_encodings(offered.clone()), None).await;
        assert_eq!(result["capabilities"]["positionEncoding"], want, "offered {offered}");
        lsp.finish().await;
    }
}

#[tokio::test]
async fn a_minimal_client_with_no_capabilities_is_served() {
    let mut lsp = start(options());
    let result = lsp.initialize(json!({}), None).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    let (text, _) = soc_py();
    let d = lsp.open(&uri("soc.py"), "python", &text).await;
    assert_eq!(codes(&d).len(), 5);
    // Without hover.contentFormat, markdown is assumed (the LSP default list starts with it).
    let h = lsp.hover(&uri("soc.py"), 2, 30).await;
    assert_eq!(h["contents"]["kind"], "markdown");
    lsp.finish().await;
}

#[tokio::test]
async fn requests_before_initialize_are_refused_and_the_server_goes_on() {
    let mut lsp = start(options());
    let err = lsp
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri("a.py")}, "position": {"line": 0, "character": 0}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32002, "ServerNotInitialized: {err}");
    lsp.initialize(default_capabilities(), None).await;
    lsp.finish().await;
}

#[tokio::test]
async fn a_second_initialize_is_an_error_and_changes_nothing() {
    let mut lsp = ready().await;
    let err =
        lsp.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}})).await.unwrap_err();
    assert_eq!(err["code"], -32600, "InvalidRequest: {err}");
    let (text, _) = soc_py();
    assert_eq!(lsp.open(&uri("soc.py"), "python", &text).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn unknown_requests_get_method_not_found_and_unknown_notifications_are_ignored() {
    let mut lsp = ready().await;
    let at = json!({"textDocument": {"uri": uri("a.py")}, "position": {"line": 0, "character": 0}});
    for method in ["claimcheck/unknown", "textDocument/completion", "textDocument/definition", "$/unknownRequest"] {
        let err = lsp.request(method, at.clone()).await.unwrap_err();
        assert_eq!(err["code"], -32601, "{method}: {err}");
    }
    for method in [
        "claimcheck/unknown",
        "$/setTrace",
        "$/cancelRequest",
        "textDocument/didSave",
        "workspace/didChangeWatchedFiles",
    ] {
        lsp.notify(method, json!({"id": 999, "value": "off", "textDocument": {"uri": uri("a.py")}, "changes": []}));
    }
    lsp.notify("$/logTrace", json!({"message": "x"}));
    // Still serving, and nothing was sent for the notifications.
    let (text, _) = soc_py();
    assert_eq!(lsp.open(&uri("soc.py"), "python", &text).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn requests_after_shutdown_are_invalid_and_exit_then_stops_cleanly() {
    let mut lsp = ready().await;
    assert_eq!(lsp.call("shutdown", Value::Null).await, Value::Null);
    let err = lsp
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri("a.py")}, "position": {"line": 0, "character": 0}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err["code"], -32600, "{err}");
    lsp.notify("exit", Value::Null);
    assert!(lsp.wait_server().await, "exit after shutdown is a clean stop");
    lsp.done();
}

#[tokio::test]
async fn exit_without_shutdown_is_reported_as_unclean() {
    let mut lsp = ready().await;
    lsp.notify("exit", Value::Null);
    assert!(!lsp.wait_server().await);
    lsp.done();
}

#[tokio::test]
async fn end_of_input_stops_the_server_as_unclean() {
    let mut lsp = ready().await;
    lsp.close_input();
    assert!(!lsp.wait_server().await);
    lsp.done();
}

/// Frames that tower-lsp cannot decode would end its input stream and so the server (found by
/// this test); they are dropped and logged, and the messages after them are served.
#[tokio::test]
async fn malformed_frames_are_dropped_and_the_server_goes_on() {
    let mut lsp = ready().await;
    let framed = |body: &[u8]| {
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body);
        bytes
    };
    let garbage: Vec<Vec<u8>> = vec![
        framed(b"{not json"),
        framed(b"[1,2,3]"),
        framed(b"{\"jsonrpc\": \"2.0\", \"id\": {\"x\": 1}, \"method\": \"initialize\"}"),
        framed(&[0xff, 0xfe, b'{', b'}']),
        b"Content-Length: abc\r\n\r\n".to_vec(),
        b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_vec(),
        b"\r\n\r\n".to_vec(),
    ];
    for g in garbage {
        lsp.send_raw(g);
    }
    // A Content-Type header is allowed, whatever its charset spelling.
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
        {"uri": uri("soc.py"), "languageId": "python", "version": 1, "text": soc_py().0}}});
    let body = serde_json::to_vec(&open).unwrap();
    let mut bytes =
        format!("Content-Type: application/vscode-jsonrpc; charset=utf8\r\nContent-Length: {}\r\n\r\n", body.len())
            .into_bytes();
    bytes.extend_from_slice(&body);
    lsp.send_raw(bytes);
    assert_eq!(lsp.diagnostics(&uri("soc.py"), 1).await.len(), 5);
    let h = lsp.hover(&uri("soc.py"), 2, 30).await;
    assert!(h["contents"]["value"].as_str().unwrap().contains("SecurityAlert.Read.All"));
    lsp.finish().await;
}

#[tokio::test]
async fn requests_with_invalid_params_are_answered_with_invalid_params() {
    let mut lsp = ready().await;
    for (method, params) in [
        ("textDocument/hover", json!({})),
        ("textDocument/hover", json!({"textDocument": {"uri": uri("a.py")}, "position": {"line": -1, "character": 0}})),
        ("textDocument/inlayHint", json!({"textDocument": 5})),
        ("textDocument/codeAction", json!(null)),
        ("workspace/executeCommand", json!({"arguments": []})),
    ] {
        let err = lsp.request(method, params.clone()).await.unwrap_err();
        assert_eq!(err["code"], -32602, "{method} {params}: {err}");
    }
    // A notification with bad params cannot be answered: it is dropped, nothing is published.
    lsp.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri("a.py")}}));
    lsp.notify("textDocument/didChange", json!({"contentChanges": "x"}));
    let h = lsp.hover(&uri("a.py"), 0, 0).await;
    assert_eq!(h, Value::Null);
    lsp.finish().await;
}

#[tokio::test]
async fn inlay_hint_refresh_is_only_requested_from_clients_that_support_it() {
    let settings = json!({"claimcheck": {"severity": {"hardcoded-token": "off"}}});
    // With refreshSupport: a settings change asks the client to refresh its hints.
    let lsp = ready().await;
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
    lsp.wait_request("workspace/inlayHint/refresh", 1).await;
    lsp.finish().await;
    // Without it, the server must not send the request (LSP 3.17, workspace/inlayHint/refresh).
    let mut caps = default_capabilities();
    caps["workspace"] = json!({});
    let mut lsp = ready_with(caps, None).await;
    let (text, _) = soc_py();
    lsp.open(&uri("soc.py"), "python", &text).await;
    lsp.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
    let d = lsp.diagnostics(&uri("soc.py"), 1).await;
    assert!(!codes(&d).contains(&"hardcoded-token".to_owned()));
    assert_eq!(lsp.client.requests_named("workspace/inlayHint/refresh"), 0);
    lsp.finish().await;
}
