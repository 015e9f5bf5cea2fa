//! Hovers, inlay hints, quick fixes (applied to the text) and the explain command.

use crate::common::text::{self, range_of, Enc};
use crate::common::tokens::{self, assert_text_eq, with, SECURITY_READER};
use crate::common::*;
use serde_json::{json, Value};

fn hover_text(h: &Value) -> String {
    h["contents"]["value"].as_str().unwrap_or_else(|| panic!("hover contents: {}", describe(h))).to_owned()
}

#[tokio::test]
async fn hover_on_a_token_describes_it_in_markdown() {
    let mut lsp = ready().await;
    let (text, token) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let h = lsp.hover(&u, 1, 40).await;
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["range"], range_of(&text, &token, 0, Enc::Utf16));
    let md = hover_text(&h);
    for want in [
        "delegated",
        "SOC Dashboard",
        "11111111-2222-3333-4444-555555555555",
        "ada@contoso.example",
        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "Microsoft Graph",
        "User.Read",
        "Mail.Read",
        "b79fbf4d-3ef9-4689-8143-76b194e85509",
        "2026-01-01 00:00:00 UTC",
        "2036-01-01 00:00:00 UTC",
        "in 3501 days",
        "1.0",
        "eyJ0eXAiOi…",
    ] {
        assert!(md.contains(want), "token hover lacks {want:?}:\n{}", redact(&md));
    }
    assert!(md.to_lowercase().contains("signature not verified"), "{}", redact(&md));
    assert!(!leaks(&md, &token));
    lsp.finish().await;
}

#[tokio::test]
async fn hover_on_a_url_gives_the_endpoint_permissions_and_the_verdict() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let h = lsp.hover(&u, 2, 40).await;
    assert_eq!(h["contents"]["kind"], "markdown");
    assert_eq!(h["range"], range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts_v2", 0, Enc::Utf16));
    let md = hover_text(&h);
    for want in [
        "GET /v1.0/security/alerts_v2",
        "SecurityAlert.Read.All",
        "SecurityAlert.ReadWrite.All",
        "least privileged",
        "line 2",
    ] {
        assert!(md.contains(want), "URL hover lacks {want:?}:\n{}", redact(&md));
    }
    let old = hover_text(&lsp.hover(&u, 3, 30).await);
    assert!(old.contains("Deprecated") && old.contains("/v1.0/security/alerts_v2"), "{}", redact(&old));
    assert!(old.contains("Security Reader") && old.contains(SECURITY_READER), "role requirement: {}", redact(&old));
    lsp.finish().await;
}

#[tokio::test]
async fn url_hovers_without_a_token_say_what_the_endpoint_needs() {
    let mut lsp = ready().await;
    let text = "a = \"https://graph.microsoft.com/v1.0/security/incidents\"\nb = \"https://graph.microsoft.com/v1.0/security/cases/ediscoveryCases\"\nc = \"https://graph.microsoft.com/v1.0/security/secureScore\"\n";
    let u = uri("n.py");
    lsp.open(&u, "python", text).await;
    let a = hover_text(&lsp.hover(&u, 0, 10).await);
    assert!(a.contains("SecurityIncident.Read.All") && a.contains("No token"), "{a}");
    let b = hover_text(&lsp.hover(&u, 1, 10).await);
    assert!(b.contains("Purview") && b.contains("eDiscovery"), "{b}");
    let c = hover_text(&lsp.hover(&u, 2, 10).await);
    assert!(c.contains("/security/secureScores"), "{c}");
    // Nothing to say between items.
    assert_eq!(lsp.hover(&u, 0, 1).await, Value::Null);
    assert_eq!(lsp.hover(&u, 3, 0).await, Value::Null);
    lsp.finish().await;
}

#[tokio::test]
async fn hovers_are_plain_text_for_clients_that_only_take_plain_text() {
    let mut caps = default_capabilities();
    caps["textDocument"]["hover"] = json!({"contentFormat": ["plaintext"]});
    let mut lsp = ready_with(caps, None).await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    for (line, col) in [(1, 40), (2, 40), (3, 30)] {
        let h = lsp.hover(&u, line, col).await;
        assert_eq!(h["contents"]["kind"], "plaintext");
        let t = hover_text(&h);
        assert!(!t.contains("**") && !t.contains('`'), "markdown left in plain text: {}", redact(&t));
        assert!(t.contains("GET") || t.contains("delegated"));
    }
    lsp.finish().await;
}

#[tokio::test]
async fn inlay_hints_follow_urls_and_tokens() {
    let mut lsp = ready().await;
    let (text, token) = soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let hints = lsp.inlay_hints(&u, 0, 100).await;
    let hints = hints.as_array().unwrap();
    assert_eq!(hints.len(), 3, "{}", describe(&json!(hints)));
    let tok_end = &range_of(&text, &token, 0, Enc::Utf16)["end"];
    let url_end = &range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts_v2", 0, Enc::Utf16)["end"];
    assert_eq!(&hints[0]["position"], tok_end);
    let l0 = hints[0]["label"].as_str().unwrap();
    assert!(l0.contains("delegated") && l0.contains("2 scopes") && l0.contains("expires in 3501 days"), "{l0}");
    assert_eq!(&hints[1]["position"], url_end);
    let l1 = hints[1]["label"].as_str().unwrap();
    assert!(l1.contains("SecurityAlert.Read.All") && l1.contains('✗') && l1.starts_with("GET"), "{l1}");
    let l2 = hints[2]["label"].as_str().unwrap();
    assert!(l2.contains("SecurityEvents.Read.All") && l2.contains('✗'), "{l2}");
    for h in hints {
        assert_eq!(h["paddingLeft"], true);
    }
    // Only the lines asked for.
    let only = lsp.inlay_hints(&u, 2, 2).await;
    assert_eq!(only.as_array().unwrap().len(), 1);
    assert_eq!(only[0]["position"], *url_end);
    // A token that holds the permission gets a check mark.
    let good = mint(with(tokens::delegated_no_alerts(), json!({"scp": "SecurityAlert.Read.All"})));
    let g = uri("good.py");
    lsp.open(
        &g,
        "python",
        &format!("T = \"{good}\"\nrequests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")"),
    )
    .await;
    let hints = lsp.inlay_hints(&g, 1, 1).await;
    let l = hints[0]["label"].as_str().unwrap();
    assert!(l.contains('✓') && !l.contains('✗'), "{l}");
    // Without a token: what the endpoint needs, no verdict.
    let n = uri("none.py");
    lsp.open(&n, "python", "requests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")").await;
    let l = lsp.inlay_hints(&n, 0, 0).await[0]["label"].as_str().unwrap().to_owned();
    assert!(l.contains("SecurityAlert.Read.All") && !l.contains('✓') && !l.contains('✗'), "{l}");
    lsp.finish().await;
}

/// The code actions offered for one diagnostic.
async fn actions_for(lsp: &mut Lsp, uri: &str, d: &Value) -> Vec<Value> {
    let a = lsp
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
        )
        .await;
    a.as_array().cloned().unwrap_or_default()
}

/// Applies a code action's workspace edit to `text`.
fn apply_action(text: &str, uri: &str, action: &Value, enc: Enc) -> String {
    assert_eq!(action["kind"], "quickfix");
    let changes = action["edit"]["changes"].as_object().expect("a WorkspaceEdit with changes");
    assert_eq!(changes.len(), 1);
    let mut out = text.to_owned();
    text::apply(&mut out, &changes[uri], enc);
    out
}

fn find_action<'a>(actions: &'a [Value], title_part: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(title_part))
        .unwrap_or_else(|| panic!("no action titled {title_part:?} in {}", describe(&json!(actions))))
}

#[tokio::test]
async fn the_ignore_quick_fix_writes_the_directive_in_the_files_comment_syntax() {
    struct Case {
        name: &'static str,
        lang: &'static str,
        line: &'static str,
        comment: &'static str,
    }
    let url = "https://graph.microsoft.com/v1.0/security/alerts";
    let cases = [
        Case {
            name: "a.py",
            lang: "python",
            line: "old = requests.get(\"URL\")",
            comment: " # claimcheck:ignore[deprecated-endpoint]",
        },
        Case {
            name: "a.js",
            lang: "javascript",
            line: "await fetch(\"URL\");",
            comment: " // claimcheck:ignore[deprecated-endpoint]",
        },
        Case {
            name: "a.ts",
            lang: "typescript",
            line: "const u = `URL`;",
            comment: " // claimcheck:ignore[deprecated-endpoint]",
        },
        Case {
            name: "README.md",
            lang: "markdown",
            line: "Call `URL` for alerts.",
            comment: " <!-- claimcheck:ignore[deprecated-endpoint] -->",
        },
        Case {
            name: "q.sql",
            lang: "sql",
            line: "select 'URL';",
            comment: " -- claimcheck:ignore[deprecated-endpoint]",
        },
    ];
    let mut lsp = ready().await;
    for c in cases {
        let line = c.line.replace("URL", url);
        let text = format!("first line\n{line}\nlast line\n");
        let u = uri(c.name);
        let diags = lsp.open(&u, c.lang, &text).await;
        assert_eq!(codes(&diags), ["deprecated-endpoint"], "{}", c.name);
        let actions = actions_for(&mut lsp, &u, &diags[0]).await;
        let ignore = find_action(&actions, "claimcheck:ignore");
        assert_eq!(ignore["diagnostics"][0]["code"], "deprecated-endpoint");
        let fixed = apply_action(&text, &u, ignore, Enc::Utf16);
        assert_text_eq(&fixed, &format!("first line\n{line}{}\nlast line\n", c.comment));
        // The fix works: the fixed text has nothing left to report.
        lsp.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": fixed}]}),
        );
        assert_eq!(lsp.diagnostics(&u, 2).await, Vec::<Value>::new(), "{}", c.name);
    }
    // In a CRLF file the comment goes before the line break.
    let u = uri("crlf.py");
    let text = format!("a = 1\r\nold = requests.get(\"{url}\")\r\nb = 2\r\n");
    let diags = lsp.open(&u, "python", &text).await;
    let actions = actions_for(&mut lsp, &u, &diags[0]).await;
    let fixed = apply_action(&text, &u, find_action(&actions, "claimcheck:ignore"), Enc::Utf16);
    assert_text_eq(
        &fixed,
        &format!("a = 1\r\nold = requests.get(\"{url}\") # claimcheck:ignore[deprecated-endpoint]\r\nb = 2\r\n"),
    );
    // JSON has no comments: no ignore fix, but the replacement is still offered.
    let u = uri("c.json");
    let text = format!("{{\"url\": \"{url}\"}}");
    let diags = lsp.open(&u, "json", &text).await;
    let actions = actions_for(&mut lsp, &u, &diags[0]).await;
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["title"], "Replace with /security/alerts_v2");
    lsp.finish().await;
}

#[tokio::test]
async fn ignore_fixes_on_a_line_that_already_has_a_directive_extend_its_list() {
    let mut lsp = ready().await;
    let (mut text, _) = soc_py();
    let u = uri("soc.py");
    let mut diags = lsp.open(&u, "python", &text).await;
    let mut version = 1;
    // Suppress the three findings of line 4 one by one.
    for rule in ["deprecated-endpoint", "missing-role", "missing-permission"] {
        let d = diags.iter().find(|d| d["code"] == rule && d["range"]["start"]["line"] == 3).unwrap().clone();
        let actions = actions_for(&mut lsp, &u, &d).await;
        text = apply_action(&text, &u, find_action(&actions, "claimcheck:ignore"), Enc::Utf16);
        version += 1;
        diags = lsp.change(&u, version, json!([{"text": text}])).await;
        assert!(!diags.iter().any(|d| d["code"] == rule && d["range"]["start"]["line"] == 3), "{rule} still reported");
    }
    let line4 = text.lines().nth(3).unwrap();
    assert!(
        line4.ends_with(")  # claimcheck:ignore[deprecated-endpoint,missing-role,missing-permission]")
            || line4.ends_with(") # claimcheck:ignore[deprecated-endpoint,missing-role,missing-permission]"),
        "{line4}"
    );
    assert_eq!(codes(&diags).len(), 2, "lines 2 and 3 untouched");
    lsp.finish().await;
}

#[tokio::test]
async fn replacement_quick_fixes_rewrite_the_path() {
    let cases = [
        (
            "https://graph.microsoft.com/v1.0/security/alerts",
            "Replace with /security/alerts_v2",
            "https://graph.microsoft.com/v1.0/security/alerts_v2",
        ),
        (
            "https://graph.microsoft.com/beta/security/alerts/{alertId}",
            "Replace with /security/alerts_v2/{id}",
            "https://graph.microsoft.com/beta/security/alerts_v2/{alertId}",
        ),
        (
            "https://graph.microsoft.com/v1.0/security/alerts/abc123?$select=id",
            "Replace with /security/alerts_v2/{id}",
            "https://graph.microsoft.com/v1.0/security/alerts_v2/abc123?$select=id",
        ),
        (
            "https://graph.microsoft.com/v1.0/security/secureScore",
            "/security/secureScores",
            "https://graph.microsoft.com/v1.0/security/secureScores",
        ),
    ];
    for (enc, offered) in [(Enc::Utf16, json!(["utf-16"])), (Enc::Utf8, json!(["utf-8"]))] {
        let mut caps = default_capabilities();
        caps["general"] = json!({"positionEncodings": offered});
        let mut lsp = ready_with(caps, None).await;
        for (i, (before, title, after)) in cases.iter().enumerate() {
            // Wide characters before the URL put UTF-16 and UTF-8 columns apart.
            let text = format!("# 👩‍💻 café\nx = \"😀\" + \"{before}\"\n");
            let u = uri(&format!("r{i}.py"));
            let diags = lsp.open(&u, "python", &text).await;
            let d = diags
                .iter()
                .find(|d| matches!(d["code"].as_str(), Some("deprecated-endpoint" | "unknown-endpoint")))
                .unwrap_or_else(|| panic!("{before}: {}", describe(&json!(diags))));
            let actions = actions_for(&mut lsp, &u, d).await;
            let fix = find_action(&actions, title);
            assert_eq!(fix["isPreferred"], true);
            let fixed = apply_action(&text, &u, fix, enc);
            assert_text_eq(&fixed, &format!("# 👩‍💻 café\nx = \"😀\" + \"{after}\"\n"));
            let code = d["code"].as_str().unwrap();
            let ignored = apply_action(&text, &u, find_action(&actions, "claimcheck:ignore"), enc);
            assert_text_eq(&ignored, &format!("# 👩‍💻 café\nx = \"😀\" + \"{before}\" # claimcheck:ignore[{code}]\n"));
            let d2 = lsp.change(&u, 2, json!([{"text": fixed}])).await;
            assert!(
                !d2.iter().any(|d| matches!(d["code"].as_str(), Some("deprecated-endpoint" | "unknown-endpoint"))),
                "{enc:?} {before}: {}",
                describe(&json!(d2))
            );
        }
        lsp.finish().await;
    }
}

#[tokio::test]
async fn code_actions_ignore_other_sources_and_diagnostics_without_data() {
    let mut lsp = ready().await;
    let (text, _) = soc_py();
    let u = uri("soc.py");
    let diags = lsp.open(&u, "python", &text).await;
    let mut foreign = diags[0].clone();
    foreign["source"] = json!("pyright");
    let mut bare = diags[0].clone();
    bare.as_object_mut().unwrap().remove("data");
    let mut odd = diags[0].clone();
    odd["data"] = json!({"rule": 5, "fix": {"range": "x"}, "ignore": {"position": null}});
    for d in [foreign, bare, odd] {
        assert_eq!(actions_for(&mut lsp, &u, &d).await, Vec::<Value>::new(), "{}", describe(&d));
    }
    // No diagnostics in the context: nothing to fix.
    let a = lsp
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": diags[0]["range"], "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(a, json!([]));
    lsp.finish().await;
}

#[tokio::test]
async fn explain_token_returns_markdown_with_the_kind_and_scopes() {
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts());
    let app = mint(tokens::app_alerts());
    for (arg, wants) in [
        (token.clone(), &["delegated", "User.Read", "Mail.Read", "SOC Dashboard", "eyJ0eXAiOi…"][..]),
        (format!("Bearer {token}"), &["delegated", "User.Read"][..]),
        (app.clone(), &["application", "SecurityAlert.Read.All", "SOC Collector"][..]),
    ] {
        let md = lsp
            .call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [arg]}))
            .await;
        let md = md.as_str().expect("a markdown string");
        for w in wants {
            assert!(md.contains(w), "explain lacks {w:?}: {}", redact(md));
        }
        assert!(md.contains("**") || md.contains("- "), "markdown");
        assert!(!leaks(md, &token) && !leaks(md, &app));
    }
    let md =
        lsp.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": ["a.b"]})).await;
    assert!(md.as_str().unwrap().contains("Not a token"), "{md}");
    for (cmd, args) in [
        ("claimcheck.explainToken", json!([])),
        ("claimcheck.explainToken", json!([42])),
        ("claimcheck.somethingElse", json!([token.clone()])),
    ] {
        let err =
            lsp.request("workspace/executeCommand", json!({"command": cmd, "arguments": args})).await.unwrap_err();
        assert_eq!(err["code"], -32602, "{cmd}: {err}");
    }
    lsp.finish().await;
}

/// Untitled buffers have no file extension: their language id decides the comment syntax.
#[tokio::test]
async fn ignore_fixes_in_untitled_documents_follow_the_language_id() {
    let url = "https://graph.microsoft.com/v1.0/security/alerts";
    let mut lsp = ready().await;
    for (i, (lang, comment)) in [
        ("javascript", Some(" // claimcheck:ignore[deprecated-endpoint]")),
        ("typescript", Some(" // claimcheck:ignore[deprecated-endpoint]")),
        ("csharp", Some(" // claimcheck:ignore[deprecated-endpoint]")),
        ("python", Some(" # claimcheck:ignore[deprecated-endpoint]")),
        ("powershell", Some(" # claimcheck:ignore[deprecated-endpoint]")),
        ("markdown", Some(" <!-- claimcheck:ignore[deprecated-endpoint] -->")),
        ("sql", Some(" -- claimcheck:ignore[deprecated-endpoint]")),
        ("json", None),
    ]
    .into_iter()
    .enumerate()
    {
        let u = format!("untitled:Untitled-{i}");
        let text = format!("x = \"{url}\"\n");
        let diags = lsp.open(&u, lang, &text).await;
        assert_eq!(codes(&diags), ["deprecated-endpoint"], "{lang}");
        let actions = actions_for(&mut lsp, &u, &diags[0]).await;
        let ignore = actions.iter().find(|a| a["title"].as_str().unwrap().contains("claimcheck:ignore"));
        match (ignore, comment) {
            (Some(a), Some(c)) => {
                assert_text_eq(&apply_action(&text, &u, a, Enc::Utf16), &format!("x = \"{url}\"{c}\n"))
            }
            (None, None) => {}
            (a, c) => panic!("{lang}: action {a:?}, expected comment {c:?}"),
        }
    }
    lsp.finish().await;
}

#[tokio::test]
async fn hovers_and_diagnostics_say_when_a_method_is_assumed_and_which_call_sends_it() {
    let mut lsp = ready().await;
    let u = uri("calls.py");
    let text = "ALERTS = \"https://graph.microsoft.com/v1.0/security/alerts\"\n\
                ti = \"https://graph.microsoft.com/beta/security/tiIndicators/submitTiIndicators\"\n\
                requests.post(ti, json=body)\n";
    let diags = lsp.open(&u, "python", text).await;
    assert_eq!(codes(&diags), ["deprecated-endpoint"], "a POST-only action sent by requests.post is fine");
    assert!(diags[0]["message"].as_str().unwrap().starts_with("GET /v1.0/security/alerts (method assumed)"));
    let md = hover_text(&lsp.hover(&u, 0, 20).await);
    assert!(md.contains("**GET /v1.0/security/alerts** (method assumed)"), "{md}");
    let md = hover_text(&lsp.hover(&u, 1, 20).await);
    assert!(md.contains("**POST /beta/security/tiIndicators/submitTiIndicators**"), "{md}");
    assert!(!md.contains("method assumed"), "{md}");
    lsp.finish().await;
}
