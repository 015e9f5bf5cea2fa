//! Diagnostics through the protocol: every rule, the fields editors rely on, exact positions in
//! both encodings, and the document lifecycle.

use crate::common::text::{range_of, Enc};
use crate::common::tokens::{self, with, NOW, SECURITY_READER};
use crate::common::*;
use serde_json::{json, Value};

const DOCS: &str = "https://github.com/claimcheck/claimcheck/blob/main/docs/rules/";

/// Checks the fields every claimcheck diagnostic carries, and that none leaks `token`.
fn assert_well_formed(d: &Value, token: Option<&str>) {
    let code = d["code"].as_str().expect("a string code");
    assert_eq!(d["source"], "claimcheck");
    let href = d["codeDescription"]["href"].as_str().expect("codeDescription.href");
    assert_eq!(href, format!("{DOCS}{code}.md"), "absolute link to the rule's page");
    assert!(!d["message"].as_str().unwrap().is_empty());
    assert_eq!(d["data"]["rule"], code, "data names the rule for code actions");
    if let Some(t) = token {
        assert!(!leaks(&d.to_string(), t), "a diagnostic leaks the token: {code}");
    }
}

struct Case {
    rule: &'static str,
    claims: Option<Value>,
    url: &'static str,
    /// Every code published for the file (their order is not part of the contract).
    want: &'static [&'static str],
    severity: u64,
    says: &'static [&'static str],
}

fn delegated(scp: &str) -> Value {
    with(tokens::delegated_no_alerts(), json!({"scp": scp, "wids": null}))
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: "missing-permission",
            claims: Some(tokens::delegated_no_alerts()),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["hardcoded-token", "missing-permission"],
            severity: ERROR,
            says: &["SecurityAlert.Read.All", "User.Read Mail.Read", "(Delegated)"],
        },
        Case {
            rule: "missing-permission",
            claims: Some(with(tokens::app_alerts(), json!({"roles": null}))),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["hardcoded-token", "missing-permission"],
            severity: ERROR,
            says: &["no application permission was admin-consented, or it was added as Delegated"],
        },
        Case {
            rule: "unsupported-token-type",
            claims: Some(delegated("SecurityAnalyzedMessage.Read.All")),
            url: "https://graph.microsoft.com/v1.0/security/collaboration/analyzedEmails",
            want: &["hardcoded-token", "unsupported-token-type"],
            severity: ERROR,
            says: &["application permissions only"],
        },
        Case {
            rule: "missing-role",
            claims: Some(with(
                delegated("SecurityEvents.Read.All"),
                json!({"wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"]}),
            )),
            url: "https://graph.microsoft.com/v1.0/security/secureScores",
            want: &["hardcoded-token", "missing-role"],
            severity: ERROR,
            says: &["Security Reader", SECURITY_READER],
        },
        Case {
            rule: "missing-role",
            claims: Some(with(
                delegated("SecurityIdentitiesHealth.Read.All"),
                json!({"wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"]}),
            )),
            url: "https://graph.microsoft.com/v1.0/security/identities/healthIssues",
            want: &["hardcoded-token", "missing-role"],
            severity: INFORMATION,
            says: &["Defender XDR custom role"],
        },
        Case {
            rule: "missing-wids",
            claims: Some(delegated("SecurityEvents.Read.All")),
            url: "https://graph.microsoft.com/v1.0/security/secureScores",
            want: &["hardcoded-token", "missing-wids"],
            severity: WARNING,
            says: &["implicit grant", "authorization-code flow"],
        },
        Case {
            rule: "wrong-audience",
            claims: Some(with(delegated("SecurityAlert.Read.All"), json!({"aud": "https://management.azure.com"}))),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["hardcoded-token", "wrong-audience"],
            severity: ERROR,
            says: &["Azure Resource Manager"],
        },
        Case {
            rule: "token-expired",
            claims: Some(with(delegated("SecurityAlert.Read.All"), json!({"exp": NOW - 3 * 86400 - 5}))),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["token-expired", "hardcoded-token"],
            severity: WARNING,
            says: &["expired 3 days ago"],
        },
        Case {
            rule: "token-not-yet-valid",
            claims: Some(with(delegated("SecurityAlert.Read.All"), json!({"nbf": NOW + 2 * 3600 + 30}))),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["token-not-yet-valid", "hardcoded-token"],
            severity: WARNING,
            says: &["in 2 hours"],
        },
        Case {
            rule: "hardcoded-token",
            claims: Some(tokens::app_alerts()),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["hardcoded-token"],
            severity: WARNING,
            says: &["eyJ0eXAiOi…", "SOC Collector"],
        },
        Case {
            rule: "unknown-endpoint",
            claims: None,
            url: "https://graph.microsoft.com/v1.0/security/secureScore",
            want: &["unknown-endpoint"],
            severity: WARNING,
            says: &["/security/secureScores"],
        },
        Case {
            rule: "deprecated-endpoint",
            claims: None,
            url: "https://graph.microsoft.com/v1.0/security/alerts",
            want: &["deprecated-endpoint"],
            severity: WARNING,
            says: &["/security/alerts_v2", "SecurityAlert.Read.All"],
        },
        Case {
            rule: "over-privileged",
            claims: Some(delegated("SecurityAlert.ReadWrite.All")),
            url: "https://graph.microsoft.com/v1.0/security/alerts_v2",
            want: &["hardcoded-token", "over-privileged"],
            severity: HINT,
            says: &["SecurityAlert.Read.All"],
        },
    ]
}

#[tokio::test]
async fn every_rule_is_published_with_its_fields_range_and_related_token() {
    let mut lsp = ready().await;
    for (i, case) in cases().into_iter().enumerate() {
        let token = case.claims.clone().map(mint);
        let text = match &token {
            Some(t) => format!("import requests\nTOKEN = \"{t}\"\nrequests.get(\"{}\")\n", case.url),
            None => format!("import requests\nrequests.get(\"{}\")\n", case.url),
        };
        let u = uri(&format!("case{i}.py"));
        let diags = lsp.open(&u, "python", &text).await;
        let what = format!("case {i} ({})", case.rule);
        let mut got = codes(&diags);
        got.sort();
        let mut want = case.want.to_vec();
        want.sort();
        assert_eq!(got, want, "{what}");
        for d in &diags {
            assert_well_formed(d, token.as_deref());
            let on_token =
                matches!(d["code"].as_str(), Some("hardcoded-token" | "token-expired" | "token-not-yet-valid"));
            let want_range = if on_token {
                range_of(&text, token.as_deref().unwrap(), 0, Enc::Utf16)
            } else {
                range_of(&text, case.url, 0, Enc::Utf16)
            };
            assert_eq!(d["range"], want_range, "{what}: range of {}", d["code"]);
            match (&token, on_token) {
                (Some(t), false) => {
                    let rel = d["relatedInformation"].as_array().expect("a URL finding names its token");
                    assert_eq!(rel.len(), 1, "{what}");
                    assert_eq!(rel[0]["location"]["uri"], u);
                    assert_eq!(rel[0]["location"]["range"], range_of(&text, t, 0, Enc::Utf16), "{what}");
                }
                _ => assert!(d.get("relatedInformation").is_none(), "{what}: no token to relate"),
            }
        }
        let d = diags.iter().find(|d| d["code"] == case.rule).unwrap();
        assert_eq!(d["severity"], case.severity, "{what}");
        let msg = d["message"].as_str().unwrap();
        for s in case.says {
            assert!(msg.contains(s), "{what}: message lacks {s:?}: {}", redact(msg));
        }
    }
    lsp.finish().await;
}

#[tokio::test]
async fn the_contract_fixture_gets_exactly_the_contract_diagnostics() {
    let mut lsp = ready().await;
    let (text, token) = soc_py();
    let diags = lsp.open(&uri("soc.py"), "python", &text).await;
    let url3 = range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts_v2", 0, Enc::Utf16);
    let url4 = range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts\"", 0, Enc::Utf16);
    let r = |v: &Value| {
        [
            v["start"]["line"].as_u64().unwrap(),
            v["start"]["character"].as_u64().unwrap(),
            v["end"]["line"].as_u64().unwrap(),
            v["end"]["character"].as_u64().unwrap(),
        ]
    };
    let mut url4 = r(&url4);
    url4[3] -= 1; // without the closing quote
    let tok = r(&range_of(&text, &token, 0, Enc::Utf16));
    assert_eq!(tok, [1, 9, 1, 9 + token.len() as u64]);
    let mut got = summary(&diags);
    got.sort();
    let mut want = vec![
        ("hardcoded-token".to_owned(), WARNING, tok),
        ("missing-permission".to_owned(), ERROR, r(&url3)),
        ("missing-permission".to_owned(), ERROR, url4),
        ("missing-role".to_owned(), ERROR, url4),
        ("deprecated-endpoint".to_owned(), WARNING, url4),
    ];
    want.sort();
    assert_eq!(got, want);
    let first = diags.iter().find(|d| d["code"] == "missing-permission" && d["range"]["start"]["line"] == 2).unwrap();
    assert!(first["message"].as_str().unwrap().contains("SecurityAlert.Read.All"));
    assert!(diags.iter().any(
        |d| d["code"] == "missing-permission" && d["message"].as_str().unwrap().contains("SecurityEvents.Read.All")
    ));
    for d in &diags {
        assert_well_formed(d, Some(&token));
    }
    lsp.finish().await;
}

#[tokio::test]
async fn a_file_with_nothing_to_report_gets_an_empty_list_and_close_clears() {
    let mut lsp = ready().await;
    let u = uri("plain.py");
    assert_eq!(lsp.open(&u, "python", "print('hello')\n").await, Vec::<Value>::new());
    let (text, _) = soc_py();
    let u2 = uri("soc.py");
    assert_eq!(lsp.open(&u2, "python", &text).await.len(), 5);
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": u2}}));
    let (version, diags) = lsp.next_diagnostics(&u2).await;
    assert_eq!((version, diags.len()), (None, 0), "close publishes an empty list");
    // Closed means forgotten: hovers answer nothing, and a new open starts afresh.
    assert_eq!(lsp.hover(&u2, 2, 30).await, Value::Null);
    assert_eq!(lsp.open(&u2, "python", &text).await.len(), 5);
    lsp.finish().await;
}

#[tokio::test]
async fn a_jwt_looking_string_that_does_not_decode_is_not_a_token() {
    let mut lsp = ready().await;
    let text = "a = \"eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2ln\"\nb = \"eyJ!!!.eyJ.x\"\nc = \"eyJhbGciOiJIUzI1NiJ9.WzEsMl0.c2ln\"\n";
    assert_eq!(lsp.open(&uri("fake.py"), "python", text).await, Vec::<Value>::new());
    lsp.finish().await;
}

#[tokio::test]
async fn suppression_comments_are_honoured_over_the_protocol() {
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts());
    let text = format!(
        "TOKEN = \"{token}\"  # claimcheck:ignore[hardcoded-token]\n# claimcheck:ignore\nrequests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")\nrequests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")  # claimcheck:ignore[missing-role,deprecated-endpoint]\n"
    );
    let diags = lsp.open(&uri("s.py"), "python", &text).await;
    assert_eq!(
        summary(&diags).iter().map(|(c, _, r)| (c.as_str(), r[0])).collect::<Vec<_>>(),
        vec![("missing-permission", 3)]
    );
    lsp.finish().await;
}

/// Text before the token and the URL that is wide in UTF-16 and wider in UTF-8: an accent, an
/// astral emoji, a ZWJ family, a flag and a skin-tone modifier.
fn unicode_line(token: &str) -> String {
    format!(
        "s = \"é😀👩‍👩‍👧‍👦🇫🇷 naïve\"; t = \"{token}\"; u = \"👍🏽 https://graph.microsoft.com/v1.0/security/alerts_v2\"\n\r\nZ = \"💻\" + \"https://graph.microsoft.com/v1.0/security/alerts\"\r\n"
    )
}

#[tokio::test]
async fn columns_are_exact_in_utf16_and_utf8_after_astral_characters_and_in_crlf_files() {
    for (enc, offered) in [(Enc::Utf16, json!(["utf-16"])), (Enc::Utf8, json!(["utf-8", "utf-16"]))] {
        let mut caps = default_capabilities();
        caps["general"] = json!({"positionEncodings": offered});
        let mut lsp = ready_with(caps, None).await;
        let token = mint(tokens::delegated_no_alerts());
        let text = unicode_line(&token);
        let diags = lsp.open(&uri("u.py"), "python", &text).await;
        let tok = range_of(&text, &token, 0, enc);
        let url = range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts_v2", 0, enc);
        let old = range_of(&text, "https://graph.microsoft.com/v1.0/security/alerts\"", 0, enc);
        let ranges: Vec<(String, Value)> =
            diags.iter().map(|d| (d["code"].as_str().unwrap().to_owned(), d["range"].clone())).collect();
        assert!(ranges.contains(&("hardcoded-token".to_owned(), tok.clone())), "{enc:?}: {ranges:?}");
        assert!(ranges.contains(&("missing-permission".to_owned(), url.clone())), "{enc:?}");
        // Line 2 (after a blank CRLF line) in a file whose first line ends with `\n`.
        let mut old_end = old.clone();
        old_end["end"]["character"] = json!(old["end"]["character"].as_u64().unwrap() - 1);
        assert_eq!(old["start"]["line"], 2);
        assert!(ranges.contains(&("deprecated-endpoint".to_owned(), old_end)), "{enc:?}: {ranges:?}");
        // The hover answers with the same range from any character inside the token.
        for col in [tok["start"]["character"].as_u64().unwrap(), tok["end"]["character"].as_u64().unwrap() - 1] {
            let h = lsp.hover(&uri("u.py"), 0, col as u32).await;
            assert_eq!(h["range"], tok, "{enc:?} hover at {col}");
        }
        let before = tok["start"]["character"].as_u64().unwrap() - 1;
        assert_eq!(lsp.hover(&uri("u.py"), 0, before as u32).await, Value::Null, "{enc:?}: just before the token");
        let after = tok["end"]["character"].as_u64().unwrap();
        assert_eq!(lsp.hover(&uri("u.py"), 0, after as u32).await, Value::Null, "{enc:?}: just after the token");
        lsp.finish().await;
    }
}

#[tokio::test]
async fn lone_cr_line_breaks_count_as_lines() {
    let mut lsp = ready().await;
    let text = "a = 1\rb = \"https://graph.microsoft.com/v1.0/security/alerts\"\r\rc = 2";
    let diags = lsp.open(&uri("cr.py"), "python", text).await;
    assert_eq!(summary(&diags), vec![("deprecated-endpoint".to_owned(), WARNING, [1, 5, 1, 53])]);
    lsp.finish().await;
}

#[tokio::test]
async fn an_oversized_document_gets_one_information_diagnostic_saying_it_was_skipped() {
    let mut lsp = ready_with(default_capabilities(), Some(json!({"claimcheck": {"maxFileSize": 200}}))).await;
    let (text, _) = soc_py();
    assert!(text.len() > 200);
    let diags = lsp.open(&uri("big.py"), "python", &text).await;
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d["severity"], INFORMATION);
    assert_eq!(d["source"], "claimcheck");
    assert_eq!(d["range"], json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}));
    let msg = d["message"].as_str().unwrap();
    assert!(msg.contains("skipped") && msg.contains("maxFileSize") && msg.contains(&text.len().to_string()), "{msg}");
    // A small file is still checked by the same server.
    let small = "requests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")";
    assert_eq!(codes(&lsp.open(&uri("small.py"), "python", small).await), ["deprecated-endpoint"]);
    // Shrinking the big one under the limit checks it; growing it again skips it again.
    let d = lsp.change(&uri("big.py"), 2, json!([{"text": small}])).await;
    assert_eq!(codes(&d), ["deprecated-endpoint"]);
    let d = lsp.change(&uri("big.py"), 3, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "#".repeat(300)}])).await;
    assert_eq!(d.len(), 1);
    assert!(d[0]["message"].as_str().unwrap().contains("skipped"));
    // What was analysed before it grew is gone: no hover, no hints for a skipped document.
    assert_eq!(lsp.hover(&uri("big.py"), 0, 20).await, Value::Null);
    assert_eq!(lsp.hover(&uri("big.py"), 0, 320).await, Value::Null);
    assert_eq!(lsp.inlay_hints(&uri("big.py"), 0, 5).await, json!([]));
    lsp.finish().await;
}

#[tokio::test]
async fn http_files_take_the_token_of_their_request_block() {
    let mut lsp = ready().await;
    let good = mint(with(delegated("SecurityAlert.Read.All"), json!({"wids": [SECURITY_READER]})));
    let bad = mint(tokens::delegated_no_alerts());
    let text = format!(
        "@good = {good}\n\n### first\nGET https://graph.microsoft.com/v1.0/security/alerts_v2\nAuthorization: Bearer {{{{good}}}}\n\n### second\nGET https://graph.microsoft.com/v1.0/security/alerts_v2\nAuthorization: Bearer {bad}\n"
    );
    let diags = lsp.open(&uri("api.http"), "http", &text).await;
    let s = summary(&diags);
    let lines: Vec<(&str, u64)> = s.iter().map(|(c, _, r)| (c.as_str(), r[0])).collect();
    assert_eq!(lines, vec![("hardcoded-token", 0), ("missing-permission", 7), ("hardcoded-token", 8)]);
    let rel = &diags[1]["relatedInformation"][0]["location"]["range"];
    assert_eq!(rel["start"]["line"], 8, "checked against the token of its own block");
    lsp.finish().await;
}

#[tokio::test]
async fn documents_are_independent_and_any_language_id_is_checked() {
    let mut lsp = ready().await;
    let url = "https://graph.microsoft.com/v1.0/security/alerts";
    for (name, lang) in
        [("a.js", "javascript"), ("b.unknownext", "plaintext"), ("c", "some-language"), ("d.json", "json")]
    {
        let text = format!("{{\"u\": \"{url}\"}}");
        assert_eq!(codes(&lsp.open(&uri(name), lang, &text).await), ["deprecated-endpoint"], "{name}");
    }
    // A token in one document is not used for another's URLs.
    let token = mint(tokens::delegated_no_alerts());
    lsp.open(&uri("tok.py"), "python", &format!("T = \"{token}\"")).await;
    let d = lsp.open(&uri("url.py"), "python", &format!("requests.get(\"{url}_v2\")")).await;
    assert_eq!(d, Vec::<Value>::new());
    lsp.finish().await;
}

#[tokio::test]
async fn no_message_the_server_sends_holds_the_token() {
    let mut lsp = ready().await;
    let (text, token) = soc_py();
    let u = uri("soc.py");
    let mut seen = serde_json::to_string(&lsp.open(&u, "python", &text).await).unwrap();
    for (line, col) in [(1, 20), (2, 30), (3, 30)] {
        seen.push_str(&lsp.hover(&u, line, col).await.to_string());
    }
    seen.push_str(&lsp.inlay_hints(&u, 0, 10).await.to_string());
    seen.push_str(
        &lsp.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [token]}))
            .await
            .to_string(),
    );
    assert!(seen.contains("eyJ0eXAiOi…"), "tokens are named by their preview");
    assert!(!leaks(&seen, &token), "a message holds the token or its payload or signature");
    lsp.finish().await;
}
