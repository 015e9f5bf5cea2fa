//! Language-server features on SDK calls and declared scopes (`docs/behaviour.md`, "The language server" and "SDK calls and cmdlets").

use crate::common::*;
use serde_json::Value;

const PY: &str = "SCOPES = [\n    'https://graph.microsoft.com/SecurityAlert.Read.All',\n]\n\nasync def close(client, alert_id, body):\n    await client.security.alerts_v2 \\\n        .by_alert_id(alert_id).patch(body)\n";

#[tokio::test]
async fn sdk_call_diagnostic_hover_hint_and_related_declaration() {
    let mut lsp = ready().await;
    let u = uri("triage.py");
    let d = lsp.open(&u, "python", PY).await;
    assert_eq!(codes(&d), ["missing-permission"]);
    let diag = &d[0];
    // The range is the chain, from its receiver to the end of the call, across lines.
    assert_eq!(diag["range"]["start"], serde_json::json!({"line": 5, "character": 10}));
    assert_eq!(diag["range"]["end"], serde_json::json!({"line": 6, "character": 42}));
    assert!(diag["message"].as_str().unwrap().contains("the scopes requested on line 1"));
    let related = &diag["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], Value::String(u.clone()));
    assert_eq!(related["location"]["range"]["start"]["line"], 0);

    let hover = lsp.hover(&u, 6, 20).await;
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("PATCH /v1.0/security/alerts_v2/{id}"), "{text}");
    assert!(text.contains("SecurityAlert.ReadWrite.All"), "{text}");
    assert!(text.contains("the scopes requested on line 1"), "{text}");

    let hints = lsp.inlay_hints(&u, 0, 10).await;
    let labels: Vec<&str> = hints.as_array().unwrap().iter().filter_map(|h| h["label"].as_str()).collect();
    assert!(labels.iter().any(|l| l.contains("SecurityAlert.ReadWrite.All") && l.contains('✗')), "{labels:?}");
    lsp.finish().await;
}

#[tokio::test]
async fn cmdlets_and_connect_mggraph_through_the_protocol() {
    let mut lsp = ready().await;
    let u = uri("export.ps1");
    let text = "Connect-MgGraph -Scopes 'SecurityIncident.Read.All'\n$i = Get-MgSecurityIncident -Top 5\nGet-MgSecurityAlertV2 -AlertId $id\n";
    let d = lsp.open(&u, "powershell", text).await;
    assert_eq!(summary(&d).iter().map(|(c, _, r)| (c.as_str(), r[0])).collect::<Vec<_>>(), [("missing-permission", 2)]);
    let hover = lsp.hover(&u, 1, 10).await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("GET /v1.0/security/incidents"));
    lsp.finish().await;
}
