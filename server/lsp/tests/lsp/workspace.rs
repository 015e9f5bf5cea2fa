//! The workspace in the language server (`docs/behaviour.md`, "The language server", "The
//! workspace"): the background index with `$/progress`, calls checked against declarations in other
//! files with `relatedInformation`, re-checks when a declaration changes (open or on disk through
//! registered file watching), findings on declarations, `claimcheck.showPermissions`, notes.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::*;

const TF: &str = r#"data "azuread_application_published_app_ids" "well_known" {}

resource "azuread_service_principal" "msgraph" {
  client_id    = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]
  use_existing = true
}

resource "azuread_application" "collector" {
  display_name = "soc-collector"
  required_resource_access {
    resource_app_id = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]
    resource_access {
      id   = azuread_service_principal.msgraph.app_role_ids["SecurityAlert.Read.All"]
      type = "Role"
    }
  }
}
"#;

const POLL: &str = "from azure.identity import ClientSecretCredential\n\
cred = ClientSecretCredential(t, c, s)\n\
alerts = await client.security.alerts_v2.get()\n\
hunt = await client.security.microsoft_graph_security_run_hunting_query.post(body)\n";

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// An editor that takes progress and registers file watching dynamically.
fn capabilities() -> Value {
    let mut c = default_capabilities();
    c["window"] = json!({"workDoneProgress": true});
    c["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": true});
    c
}

async fn ready_in(folder: &Path, caps: Value) -> Lsp {
    let mut lsp = start(options());
    let params = json!({"processId": null, "rootUri": null, "capabilities": caps,
        "workspaceFolders": [{"uri": file_uri(folder), "name": "ws"}]});
    lsp.call("initialize", params).await;
    lsp.notify("initialized", json!({}));
    lsp
}

fn progress(kind: &'static str) -> impl Fn(&Value) -> bool {
    move |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == kind
}

/// Waits for the index to end (its `$/progress` end), and takes the progress messages.
async fn indexed(lsp: &mut Lsp) -> Value {
    let begin = lsp.wait_for("progress begin", WAIT, progress("begin")).await;
    lsp.wait_for("progress end", WAIT, progress("end")).await;
    lsp.take_received(progress("report"));
    begin
}

fn by_code<'d>(d: &'d [Value], code: &str) -> Option<&'d Value> {
    d.iter().find(|x| x["code"] == code)
}

#[tokio::test]
async fn the_index_reports_progress_and_an_open_call_is_checked_against_a_declaration_on_disk() {
    let dir = tree(&[("app/infra/main.tf", TF), ("app/src/poll.py", POLL), ("README.md", "nothing\n")]);
    let mut lsp = ready_in(dir.path(), capabilities()).await;
    let begin = indexed(&mut lsp).await;
    assert_eq!(begin["params"]["token"], "claimcheck/index");
    assert_eq!(begin["params"]["value"]["message"], "Indexing 3 files");
    assert_eq!(lsp.client.requests_named("window/workDoneProgress/create"), 1);
    assert_eq!(lsp.client.requests_named("client/registerCapability"), 1);
    let reg = lsp
        .client
        .requests
        .lock()
        .unwrap()
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .cloned()
        .unwrap();
    assert_eq!(reg["params"]["registrations"][0]["method"], "workspace/didChangeWatchedFiles");

    let poll = file_uri(&dir.path().join("app/src/poll.py"));
    let d = lsp.open(&poll, "python", POLL).await;
    let m = by_code(&d, "missing-permission").unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(m["range"]["start"]["line"], 3);
    assert!(m["message"].as_str().unwrap().contains("ThreatHunting.Read.All as an Application permission"), "{m}");
    let rel = &m["relatedInformation"][0];
    assert_eq!(rel["location"]["uri"], file_uri(&dir.path().join("app/infra/main.tf")));
    // No held permission covers the call: the registration's first line.
    assert_eq!(rel["location"]["range"]["start"]["line"], 7);
    assert!(by_code(&d, "over-privileged").is_none());
    lsp.finish().await;
}

#[tokio::test]
async fn an_edit_to_an_open_declaration_rechecks_the_open_calls_that_depend_on_it() {
    let dir = tree(&[("app/infra/main.tf", TF), ("app/src/poll.py", POLL)]);
    let mut lsp = ready_in(dir.path(), capabilities()).await;
    indexed(&mut lsp).await;
    let poll = file_uri(&dir.path().join("app/src/poll.py"));
    let tf = file_uri(&dir.path().join("app/infra/main.tf"));
    assert!(by_code(&lsp.open(&poll, "python", POLL).await, "missing-permission").is_some());
    assert_eq!(lsp.open(&tf, "terraform", TF).await, Vec::<Value>::new());
    // Grant what the hunting query needs: the call's diagnostics go, unasked.
    let line = TF.lines().position(|l| l.contains("SecurityAlert.Read.All")).unwrap() as u32;
    let start = Instant::now();
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": tf, "version": 2}, "contentChanges": [{
            "range": {"start": {"line": line + 2, "character": 5}, "end": {"line": line + 2, "character": 5}},
            "text": "\n    resource_access {\n      id   = azuread_service_principal.msgraph.app_role_ids[\"ThreatHunting.Read.All\"]\n      type = \"Role\"\n    }"}]}),
    );
    let d = lsp.diagnostics(&poll, 1).await;
    let took = start.elapsed();
    assert!(by_code(&d, "missing-permission").is_none(), "{d:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(lsp.diagnostics(&tf, 2).await, Vec::<Value>::new());
    // Drop the grant the read needs: the read fails now, and the unused grant is a hint on its entry.
    let at = line - 1;
    lsp.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": tf, "version": 3}, "contentChanges": [{
            "range": {"start": {"line": at, "character": 0}, "end": {"line": at + 4, "character": 0}}, "text": ""}]}),
    );
    let d = lsp.diagnostics(&poll, 1).await;
    assert_eq!(by_code(&d, "missing-permission").unwrap()["range"]["start"]["line"], 2, "{d:?}");
    let t = lsp.diagnostics(&tf, 3).await;
    assert!(t.is_empty(), "the hunting grant covers a call: {t:?}");
    lsp.finish().await;
}

#[tokio::test]
async fn a_declaration_changed_on_disk_reaches_open_documents_through_watched_files() {
    let dir = tree(&[("app/infra/main.tf", TF), ("app/src/poll.py", POLL)]);
    let mut lsp = ready_in(dir.path(), capabilities()).await;
    indexed(&mut lsp).await;
    let poll = file_uri(&dir.path().join("app/src/poll.py"));
    assert!(by_code(&lsp.open(&poll, "python", POLL).await, "missing-permission").is_some());
    let tf_path = dir.path().join("app/infra/main.tf");
    std::fs::write(&tf_path, TF.replace("SecurityAlert.Read.All", "ThreatHunting.Read.All")).unwrap();
    lsp.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&tf_path), "type": 2}]}));
    let d = lsp.diagnostics(&poll, 1).await;
    let m = by_code(&d, "missing-permission").unwrap_or_else(|| panic!("{d:?}"));
    assert_eq!(m["range"]["start"]["line"], 2, "now the read is not covered: {d:?}");
    // Deleted: the call belongs to no app any more.
    std::fs::remove_file(&tf_path).unwrap();
    lsp.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&tf_path), "type": 3}]}));
    assert_eq!(lsp.diagnostics(&poll, 1).await, Vec::<Value>::new());
    lsp.finish().await;
}

#[tokio::test]
async fn show_permissions_is_the_report_in_markdown() {
    let dir = tree(&[("app/infra/main.tf", TF), ("app/src/poll.py", POLL)]);
    let mut lsp = ready_in(dir.path(), capabilities()).await;
    indexed(&mut lsp).await;
    let md =
        lsp.call("workspace/executeCommand", json!({"command": "claimcheck.showPermissions", "arguments": []})).await;
    let md = md.as_str().unwrap();
    assert!(md.contains("### app app (root app)"), "{md}");
    assert!(md.contains("application: ThreatHunting.Read.All"), "{md}");
    assert!(md.contains("```hcl"), "{md}");
    lsp.finish().await;
}

#[tokio::test]
async fn without_progress_support_the_index_still_runs_and_bad_declarations_get_one_message() {
    let broken = &TF[..TF.find("type = \"Role\"").unwrap()];
    let dir = tree(&[("app/infra/main.tf", broken), ("app/src/poll.py", POLL)]);
    let mut lsp = ready_in(dir.path(), default_capabilities()).await;
    let m = lsp.show_message(WAIT).await;
    let text = m["message"].as_str().unwrap();
    assert!(text.contains("Terraform syntax error"), "{text}");
    assert_eq!(lsp.client.requests_named("window/workDoneProgress/create"), 0);
    assert_eq!(lsp.client.requests_named("client/registerCapability"), 0);
    // The app is not judged: no finding built on what could not be read.
    let poll = file_uri(&dir.path().join("app/src/poll.py"));
    assert_eq!(lsp.open(&poll, "python", POLL).await, Vec::<Value>::new());
    lsp.finish().await;
}

/// Each kind of declaration and each way of finding a call's app, as the editor sees it: the call's
/// diagnostics depend on a declaration in another file.
#[tokio::test]
async fn every_source_and_app_rule_reaches_the_open_call() {
    let hunt = "hunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    let grant = "$g = Get-MgServicePrincipal -Filter \"appId eq '00000003-0000-0000-c000-000000000000'\"\n$PermissionName = \"ThreatHunting.Read.All\"\n$r = $g.AppRoles | Where-Object { $_.Value -eq $PermissionName }\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $id -PrincipalId $id -ResourceId $g.Id -AppRoleId $r.Id\n";
    // (files, the call's file, whether the call is covered)
    let cases: Vec<(Vec<(&str, String)>, &str, bool)> = vec![
        // Declared scopes in a config module of another folder (delegated sign-in in the call's file).
        (
            vec![
                ("spa/auth/authConfig.ts", "export const r = { scopes: [\"ThreatHunting.Read.All\"] };\n".to_owned()),
                ("spa/pages/hunt.ts", "await msal.loginPopup(r);\nconst h = await client.api(\"/security/runHuntingQuery\").post(q);\n".to_owned()),
            ],
            "spa/pages/hunt.ts",
            true,
        ),
        // A PowerShell grant by name; the runbook signs in with a managed identity.
        (
            vec![
                ("ops/Grant.ps1", grant.to_owned()),
                ("ops/Run.ps1", "Connect-MgGraph -Identity\nStart-MgSecurityHuntingQuery -Query \"x\"\n".to_owned()),
            ],
            "ops/Run.ps1",
            true,
        ),
        // A config entry decides: the call's folder holds no declaration.
        (
            vec![
                ("claimcheck.toml", "[[app]]\nname = \"c\"\npaths = [\"calls/**\"]\ndeclarations = [\"infra/main.tf\"]\nkind = \"application\"\n".to_owned()),
                ("infra/main.tf", TF.to_owned()),
                ("calls/poll.py", hunt.to_owned()),
            ],
            "calls/poll.py",
            false,
        ),
        // Two registrations: a call that reaches the root belongs to no app (no finding).
        (
            vec![
                ("a/main.tf", TF.to_owned()),
                ("b/scopes.py", "SCOPES = [\"User.Read\"]\n".to_owned()),
                ("poll.py", format!("cred = ClientSecretCredential(t, c, s)\n{hunt}")),
            ],
            "poll.py",
            true,
        ),
    ];
    for (files, call, covered) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let dir = tree(&files);
        let mut lsp = ready_in(dir.path(), capabilities()).await;
        indexed(&mut lsp).await;
        let text = files.iter().find(|(p, _)| *p == call).unwrap().1;
        let lang = if call.ends_with(".py") {
            "python"
        } else if call.ends_with(".ps1") {
            "powershell"
        } else {
            "typescript"
        };
        let d = lsp.open(&file_uri(&dir.path().join(call)), lang, text).await;
        assert_eq!(by_code(&d, "missing-permission").is_none(), covered, "{call}: {d:?}");
        lsp.finish().await;
    }
}
