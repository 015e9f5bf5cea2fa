//! Language-server features on Graph calls outside `/security` (`docs/behaviour.md`, "The
//! permission catalog"): diagnostics, hovers, inlay hints and quick fixes on URLs, SDK chains and
//! cmdlets of all of Microsoft Graph, against tokens and declared scopes.

use crate::common::*;
use serde_json::{json, Value};

async fn actions(lsp: &mut Lsp, uri: &str, d: &Value) -> Vec<Value> {
    let a = lsp
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
        )
        .await;
    a.as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_mail_url_gets_its_diagnostic_hover_hint_and_quick_fix() {
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts()); // scp User.Read Mail.Read
    let u = uri("mail.py");
    let text = format!(
        "TOKEN = \"{token}\"\nrequests.post(\"https://graph.microsoft.com/v1.0/me/sendMail\", json=body)\nrequests.get(\"https://graph.microsoft.com/v1.0/users\")\n"
    );
    let d = lsp.open(&u, "python", &text).await;
    let found: Vec<(String, u64)> = summary(&d).into_iter().map(|(c, _, r)| (c, r[0])).collect();
    assert_eq!(
        found,
        [("hardcoded-token".to_owned(), 0), ("missing-permission".to_owned(), 1), ("missing-permission".to_owned(), 2)]
    );
    let send = d.iter().find(|x| x["code"] == "missing-permission" && x["range"]["start"]["line"] == 1).unwrap();
    let m = send["message"].as_str().unwrap();
    assert!(m.starts_with("POST /v1.0/me/sendmail needs Mail.Send"), "{m}");
    assert!(m.contains("Add Mail.Send (Delegated)"), "{m}");
    assert_eq!(send["relatedInformation"][0]["location"]["range"]["start"]["line"], 0);
    // The only quick fix of a permission finding is to suppress it, in the file's comment syntax.
    let a = actions(&mut lsp, &u, send).await;
    assert_eq!(a.len(), 1, "{a:?}");
    assert!(a[0]["title"].as_str().unwrap().contains("missing-permission"), "{}", a[0]);

    let hover = lsp.hover(&u, 1, 40).await;
    let h = hover["contents"]["value"].as_str().unwrap();
    assert!(h.contains("POST /v1.0/me/sendmail"), "{h}");
    assert!(h.contains("`Mail.Send` (least privileged)"), "{h}");
    assert!(h.contains("**Personal Microsoft accounts:** `Mail.Send` (least privileged)"), "{h}");
    assert!(h.contains("✗ permission"), "{h}");

    let hints = lsp.inlay_hints(&u, 0, 3).await;
    let labels: Vec<&str> = hints.as_array().unwrap().iter().filter_map(|h| h["label"].as_str()).collect();
    assert!(labels.contains(&"POST · needs Mail.Send ✗"), "{labels:?}");
    lsp.finish().await;
}

#[tokio::test]
async fn a_path_the_map_lacks_is_not_checked_and_the_hover_says_so() {
    let mut lsp = ready().await;
    let token = mint(tokens::delegated_no_alerts());
    let u = uri("odd.py");
    let text = format!("TOKEN = \"{token}\"\nrequests.get(\"https://graph.microsoft.com/v1.0/contoso/widgets\")\n");
    let d = lsp.open(&u, "python", &text).await;
    assert_eq!(codes(&d), ["hardcoded-token"]);
    let hover = lsp.hover(&u, 1, 40).await;
    let h = hover["contents"]["value"].as_str().unwrap();
    assert!(h.contains("Not in Microsoft's Graph permission map, so this call is not checked"), "{h}");
    lsp.finish().await;
}

#[tokio::test]
async fn sdk_chains_and_cmdlets_outside_security_through_the_protocol() {
    let mut lsp = ready().await;
    // C#: a chain from graphClient, checked against the token in the file.
    let app = mint(json!({"aud": "https://graph.microsoft.com", "idtyp": "app", "roles": ["User.Read.All"]}));
    let cs = uri("Mail.cs");
    let text = format!(
        "var token = \"{app}\";\nvar messages = await graphClient.Users[\"id\"].Messages.GetAsync();\nvar me = await graphClient.Me.GetAsync();\n"
    );
    let d = lsp.open(&cs, "csharp", &text).await;
    let found: Vec<(String, u64)> = summary(&d).into_iter().map(|(c, _, r)| (c, r[0])).collect();
    assert_eq!(
        found,
        [
            ("hardcoded-token".to_owned(), 0),
            ("missing-permission".to_owned(), 1),
            ("unsupported-token-type".to_owned(), 2)
        ]
    );
    let me = d.iter().find(|x| x["code"] == "unsupported-token-type").unwrap();
    assert!(me["message"].as_str().unwrap().contains("/me needs a signed-in user; use /users/{id}"), "{me}");
    let hover = lsp.hover(&cs, 1, 40).await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("GET /v1.0/users/{id}/messages"));

    // PowerShell: Connect-MgGraph declares the scopes, Get-MgUserMessage calls the Mail module.
    let ps = uri("mail.ps1");
    let text = "Connect-MgGraph -Scopes 'User.Read'\n$m = Get-MgUserMessage -UserId $u -MessageId $id\n";
    let d = lsp.open(&ps, "powershell", text).await;
    assert_eq!(codes(&d), ["missing-permission"]);
    assert!(d[0]["message"].as_str().unwrap().contains("GET /v1.0/users/{id}/messages/{id}"), "{}", d[0]);
    assert!(d[0]["message"].as_str().unwrap().contains("the scopes requested on line 1"), "{}", d[0]);
    let hints = lsp.inlay_hints(&ps, 0, 2).await;
    let labels: Vec<&str> = hints.as_array().unwrap().iter().filter_map(|h| h["label"].as_str()).collect();
    assert!(labels.iter().any(|l| l.starts_with("GET · needs Mail.") && l.ends_with('✗')), "{labels:?}");
    lsp.finish().await;
}
