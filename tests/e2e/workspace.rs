//! The workspace through the binary (`docs/behaviour.md`, "The workspace", "`claimcheck
//! permissions`"): declarations from every source, which app a call belongs to, rules across files,
//! the permissions report and its exit codes, bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

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

/// A workspace made of `(path, text)` files, scanned from inside (relative paths in output).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (p, text) in files {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn scan_json(dir: &Path) -> (i32, Value, String) {
    let (code, out, err) = run(bin().current_dir(dir).args(["scan", ".", "--format", "json"]));
    (code, serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")), err)
}

fn permissions_json(dir: &Path, extra: &[&str]) -> (i32, Value, String) {
    let (code, out, err) = run(bin().current_dir(dir).args(["permissions", "--format", "json"]).args(extra));
    let v =
        if out.is_empty() { Value::Null } else { serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")) };
    (code, v, err)
}

/// `(rule, path, line)` of every finding.
fn findings(v: &Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn finding<'v>(v: &'v Value, rule: &str, path: &str) -> &'v Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["path"] == path)
        .unwrap_or_else(|| panic!("no {rule} in {path}: {v:#}"))
}

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
      id   = azuread_service_principal.msgraph.app_role_ids["SecurityAlert.ReadWrite.All"]
      type = "Role"
    }
    resource_access {
      id   = azuread_service_principal.msgraph.app_role_ids["SecurityIncident.ReadWrite.All"]
      type = "Role"
    }
  }
}
"#;

const POLL: &str = "from azure.identity import ClientSecretCredential\n\
cred = ClientSecretCredential(t, c, s)\n\
client = GraphServiceClient(cred, scopes=[\"https://graph.microsoft.com/.default\"])\n\
alerts = await client.security.alerts_v2.get()\n\
hunt = await client.security.microsoft_graph_security_run_hunting_query.post(body)\n";

#[test]
fn terraform_grants_check_calls_in_another_folder_and_the_report_lists_them() {
    let dir = tree(&[("collector/infra/main.tf", TF), ("collector/src/poll.py", POLL)]);
    let (code, v, _) = scan_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        findings(&v),
        [
            ("broader-than-needed".to_owned(), "collector/infra/main.tf".to_owned(), 13),
            ("unused-permission".to_owned(), "collector/infra/main.tf".to_owned(), 17),
            ("over-privileged".to_owned(), "collector/src/poll.py".to_owned(), 4),
            ("missing-permission".to_owned(), "collector/src/poll.py".to_owned(), 5),
        ]
    );
    let m = finding(&v, "missing-permission", "collector/src/poll.py");
    assert!(m["message"].as_str().unwrap().contains("ThreatHunting.Read.All as an Application permission"), "{m}");
    // No held permission covers it: the token is the registration's first line.
    assert_eq!(
        m["token"],
        serde_json::json!({"path": "collector/infra/main.tf", "line": 8, "column": 1, "kind": "app-registration"})
    );
    // The over-privileged read points at the entry that covers it.
    let o = finding(&v, "over-privileged", "collector/src/poll.py");
    assert_eq!((o["token"]["line"].as_u64(), o["token"]["kind"].as_str()), (Some(13), Some("app-registration")));
    let b = finding(&v, "broader-than-needed", "collector/infra/main.tf");
    assert_eq!((b["column"].as_u64(), b["end_column"].as_u64()), (Some(62), Some(89)));
    assert!(b["message"].as_str().unwrap().contains("Declare SecurityAlert.Read.All instead"));

    let (code, r, _) = permissions_json(dir.path(), &[]);
    assert_eq!(code, 1, "a call will get 403");
    let app = &r["apps"][0];
    assert_eq!((app["name"].as_str(), app["root"].as_str()), (Some("collector"), Some("collector")));
    assert_eq!(
        app["needed"],
        serde_json::json!({"delegated": [], "application": ["SecurityAlert.Read.All", "ThreatHunting.Read.All"]})
    );
    assert_eq!(app["missing"], serde_json::json!({"delegated": [], "application": ["ThreatHunting.Read.All"]}));
    assert_eq!(
        app["calls"][0],
        serde_json::json!({"path": "collector/src/poll.py", "line": 4, "method": "GET", "method_source": "stated",
            "version": "v1.0", "endpoint": "/security/alerts_v2", "kind": "application", "covered_by": "SecurityAlert.ReadWrite.All"})
    );
    assert_eq!(app["calls"][1]["covered_by"], Value::Null);
    assert_eq!(
        app["excess"],
        serde_json::json!([
            {"permission": "SecurityAlert.ReadWrite.All", "kind": "application", "rule": "broader-than-needed", "instead": "SecurityAlert.Read.All"},
            {"permission": "SecurityIncident.ReadWrite.All", "kind": "application", "rule": "unused-permission", "instead": null}
        ])
    );
    assert_eq!(
        app["declarations"][0],
        serde_json::json!({"path": "collector/infra/main.tf", "line": 13, "source": "terraform", "kind": "application",
            "permission": "SecurityAlert.ReadWrite.All", "id": "ed4fca05-be46-441f-9803-1873825f8fdb"})
    );
}

#[test]
fn a_read_and_a_patch_need_the_write_permission_alone_and_nothing_is_in_excess() {
    let tf = TF.replace("SecurityIncident.ReadWrite.All", "SecurityAlert.Read.All");
    let poll = "cred = ClientSecretCredential(t, c, s)\n\
        a = await client.security.alerts_v2.get()\n\
        await client.security.alerts_v2.by_alert_id(i).patch(b)\n";
    let dir = tree(&[("app/main.tf", &tf), ("app/poll.py", poll)]);
    let (code, r, _) = permissions_json(dir.path(), &[]);
    assert_eq!(code, 0);
    let app = &r["apps"][0];
    assert_eq!(app["needed"]["application"], serde_json::json!(["SecurityAlert.ReadWrite.All"]));
    // The read is covered by the narrower held permission; the redundant one raises nothing.
    assert_eq!(app["calls"][0]["covered_by"], "SecurityAlert.Read.All");
    assert_eq!(app["excess"], serde_json::json!([]));
    let (code, v, _) = scan_json(dir.path());
    assert_eq!((code, findings(&v)), (0, vec![]));
}

#[test]
fn declared_scopes_in_a_config_module_and_a_shared_connect_script_cover_other_files() {
    let dir = tree(&[
        ("spa/src/auth/authConfig.ts", "export const loginRequest = {\n  scopes: [\"User.Read\", \"SecurityIncident.Read.All\"],\n};\n"),
        ("spa/src/pages/alerts.ts", "await msal.loginPopup(loginRequest);\nconst a = await client.api(\"/security/alerts_v2\").get();\nconst i = await client.api(\"/security/incidents\").get();\n"),
        ("scripts/Connect.ps1", "Connect-MgGraph -Scopes \"SecurityAlert.Read.All\"\n"),
        ("scripts/Export.ps1", ". ./Connect.ps1\nGet-MgSecurityAlertV2 -All\n"),
    ]);
    let (_, v, _) = scan_json(dir.path());
    assert_eq!(findings(&v), [("missing-permission".to_owned(), "spa/src/pages/alerts.ts".to_owned(), 2)]);
    let m = finding(&v, "missing-permission", "spa/src/pages/alerts.ts");
    assert_eq!(
        m["token"],
        serde_json::json!({"path": "spa/src/auth/authConfig.ts", "line": 2, "column": 3, "kind": "declared-scopes"})
    );
    let (code, r, _) = permissions_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let names: Vec<&str> = r["apps"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["scripts", "spa/src"]);
    assert_eq!(r["apps"][0]["calls"][0]["covered_by"], "SecurityAlert.Read.All");
    assert_eq!(r["apps"][0]["calls"][0]["kind"], "delegated");
    assert_eq!(r["apps"][1]["missing"]["delegated"], serde_json::json!(["SecurityAlert.Read.All"]));
    // --app picks one; an unknown name is a usage error.
    let (code, one, _) = permissions_json(dir.path(), &["--app", "scripts"]);
    assert_eq!((code, one["apps"].as_array().unwrap().len()), (0, 1));
    let (code, _, err) = permissions_json(dir.path(), &["--app", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such app (apps: scripts, spa/src)"), "{err}");
}

#[test]
fn the_root_is_an_app_only_for_a_single_registration() {
    let poll = "cred = ClientSecretCredential(t, c, s)\nhunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    let one = tree(&[("infra/main.tf", TF), ("src/poll.py", poll)]);
    let (_, v, _) = scan_json(one.path());
    assert!(findings(&v).contains(&("missing-permission".to_owned(), "src/poll.py".to_owned(), 2)), "{v:#}");
    // Two registrations in different folders: a call that reaches the root belongs to no app.
    let two = tree(&[("infra/main.tf", TF), ("other/scopes.py", "SCOPES = [\"User.Read\"]\n"), ("src/poll.py", poll)]);
    let (_, v, _) = scan_json(two.path());
    assert_eq!(findings(&v), []);
    let (code, r, _) = permissions_json(two.path(), &[]);
    assert_eq!(code, 0);
    assert!(r["apps"].as_array().unwrap().iter().all(|a| a["calls"].as_array().unwrap().is_empty()), "{r:#}");
}

#[test]
fn app_entries_of_the_config_decide_and_a_call_outside_them_belongs_to_no_app() {
    let config = "[[app]]\nname = \"soc-collector\"\npaths = [\"collector/**\"]\ndeclarations = [\"infra/collector.tf\"]\nkind = \"application\"\n\n[[app]]\nname = \"ghost\"\npaths = [\"nothing/**\"]\ndeclarations = [\"nothing.tf\"]\n";
    // No sign-in code: the entry's kind says application.
    let poll = "hunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    let dir = tree(&[
        ("claimcheck.toml", config),
        ("infra/collector.tf", TF),
        ("collector/poll.py", poll),
        ("elsewhere/poll.py", poll),
    ]);
    let (code, r, err) = permissions_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let names: Vec<&str> = r["apps"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ghost", "soc-collector"]);
    let app = &r["apps"][1];
    assert_eq!((app["root"].as_str(), app["calls"].as_array().unwrap().len()), (Some("collector"), 1));
    assert_eq!(app["calls"][0]["kind"], "application");
    assert!(err.contains("[[app]] ghost: paths nothing/** match no file"), "{err}");
    assert!(err.contains("[[app]] ghost: declarations nothing.tf match no file"), "{err}");
    let (_, v, _) = scan_json(dir.path());
    let f = findings(&v);
    assert!(f.contains(&("missing-permission".to_owned(), "collector/poll.py".to_owned(), 1)), "{f:?}");
    assert!(!f.iter().any(|x| x.1 == "elsewhere/poll.py"), "{f:?}");
}

#[test]
fn a_call_whose_kind_nothing_says_passes_when_either_half_covers_it_and_names_both_when_neither_does() {
    let tf = TF.replace(
        "app_role_ids[\"SecurityIncident.ReadWrite.All\"]\n      type = \"Role\"",
        "oauth2_permission_scope_ids[\"SecurityIncident.Read.All\"]\n      type = \"Scope\"",
    );
    let calls = "i = await client.security.incidents.get()\nh = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    let dir = tree(&[("app/main.tf", &tf), ("app/calls.py", calls)]);
    let (_, v, _) = scan_json(dir.path());
    assert_eq!(
        findings(&v),
        [
            ("missing-permission".to_owned(), "app/calls.py".to_owned(), 2),
            ("unused-permission".to_owned(), "app/main.tf".to_owned(), 13),
        ]
    );
    let msg = finding(&v, "missing-permission", "app/calls.py")["message"].as_str().unwrap().to_owned();
    assert!(msg.contains("ThreatHunting.Read.All (Delegated) or ThreatHunting.Read.All (Application)"), "{msg}");
    let (_, r, _) = permissions_json(dir.path(), &[]);
    let c = &r["apps"][0]["calls"];
    assert_eq!(
        (c[0]["kind"].as_str(), c[0]["covered_by"].as_str()),
        (Some("either"), Some("SecurityIncident.Read.All"))
    );
}

#[test]
fn suppression_and_severity_apply_to_findings_on_declarations() {
    let tf = TF.replace(
        "      id   = azuread_service_principal.msgraph.app_role_ids[\"SecurityIncident.ReadWrite.All\"]",
        "      # claimcheck:ignore[unused-permission]\n      id   = azuread_service_principal.msgraph.app_role_ids[\"SecurityIncident.ReadWrite.All\"]",
    );
    let dir = tree(&[
        ("app/main.tf", &tf),
        ("app/poll.py", POLL),
        ("claimcheck.toml", "[severity]\nbroader-than-needed = \"warning\"\n"),
    ]);
    let (_, v, _) = scan_json(dir.path());
    assert!(!findings(&v).iter().any(|f| f.0 == "unused-permission"), "{v:#}");
    assert_eq!(v["summary"]["suppressed"], 1);
    assert_eq!(finding(&v, "broader-than-needed", "app/main.tf")["severity"], "warning");
}

#[test]
fn bad_declarations_get_notes_and_no_finding_built_on_a_guess() {
    let broken_tf = &TF[..TF.find("type = \"Role\"").unwrap()];
    let poll = "cred = ClientSecretCredential(t, c, s)\nhunt = await client.security.microsoft_graph_security_run_hunting_query.post(b)\n";
    let dir = tree(&[
        ("a/main.tf", broken_tf),
        ("a/poll.py", poll),
        ("b/manifest.json", "{\"requiredResourceAccess\": [{\"resourceAppId\": \"00000003-0000-0000-c000-000000000000\", \"resourceAccess\": [{\"id\": \"x\" \"type\": \"Role\"}]}]}"),
        ("b/poll.py", poll),
        ("c/other-api.json", "{\"requiredResourceAccess\": [{\"resourceAppId\": \"fc780465-2017-40d4-a0c5-307022471b92\", \"resourceAccess\": [{\"id\": \"ea8291d3-4b9a-44b5-bc3a-6cea3026dc79\", \"type\": \"Role\"}]}]}"),
        ("d/app.bicep", "resource app 'Microsoft.Graph/applications@v1.0' = {\n  requiredResourceAccess: [\n    {\n      resourceAppId: '00000003-0000-0000-c000-000000000000'\n"),
        ("d/poll.py", poll),
        ("e/setup.sh", "az ad app permission add --id $APP --api 00000003-0000-0000-c000-000000000000 --api-permissions 12345678-1234-1234-1234-123456789abc=Role\n"),
    ]);
    let (code, v, err) = scan_json(dir.path());
    assert_eq!((code, findings(&v)), (0, vec![]), "{err}");
    for want in [
        "a/main.tf:14: Terraform syntax error at line 14 (a block that is never closed)",
        "b/manifest.json:1: not valid JSON",
        "c/other-api.json:1: permissions for resource fc780465-2017-40d4-a0c5-307022471b92 (the Microsoft Defender for Endpoint API): not Microsoft Graph",
        "d/app.bicep:",
        "e/setup.sh:1: Application permission 12345678-1234-1234-1234-123456789abc: it is not a Microsoft Graph permission claimcheck knows",
        "app a: a declaration could not be read in full",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let (code, r, _) = permissions_json(dir.path(), &[]);
    assert_eq!(code, 0, "an unchecked app misses nothing: {r:#}");
    let e = r["apps"].as_array().unwrap().iter().find(|a| a["name"] == "e").unwrap();
    assert_eq!(e["declarations"][0]["permission"], Value::Null);
    assert_eq!(e["declarations"][0]["source"], "az-cli");
}

#[test]
fn every_declaration_source_is_read_with_its_lines() {
    let manifest = "{\n  \"appId\": \"11111111-2222-3333-4444-555555555555\",\n  \"requiredResourceAccess\": [\n    {\n      \"resourceAppId\": \"00000003-0000-0000-c000-000000000000\",\n      \"resourceAccess\": [\n        {\"id\": \"472e4a4d-bb4a-4026-98d1-0b0d74cb74a5\", \"type\": \"Role\"}\n      ]\n    }\n  ]\n}\n";
    let bicep = "resource app 'Microsoft.Graph/applications@v1.0' = {\n  uniqueName: 'x'\n  requiredResourceAccess: [\n    {\n      resourceAppId: '00000003-0000-0000-c000-000000000000'\n      resourceAccess: [\n        { id: '472e4a4d-bb4a-4026-98d1-0b0d74cb74a5', type: 'Role' }\n      ]\n    }\n  ]\n}\n";
    let grant = "$graph = Get-MgServicePrincipal -Filter \"appId eq '00000003-0000-0000-c000-000000000000'\"\n$PermissionName = \"SecurityAlert.Read.All\"\n$role = $graph.AppRoles | Where-Object { $_.Value -eq $PermissionName }\nNew-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graph.Id -AppRoleId $role.Id\n";
    let az = "az ad app permission add --id 11111111-2222-3333-4444-555555555555 \\\n  --api 00000003-0000-0000-c000-000000000000 \\\n  --api-permissions 472e4a4d-bb4a-4026-98d1-0b0d74cb74a5=Role\n";
    let dir = tree(&[
        ("m/app.json", manifest),
        ("b/main.bicep", bicep),
        ("p/Grant.ps1", grant),
        ("z/setup.sh", az),
        ("t/main.tf", TF),
        ("s/Connect.ps1", "Connect-MgGraph -Scopes \"SecurityAlert.Read.All\"\n"),
        ("j/appsettings.json", "{\n  \"AzureAd\": {\n    \"Scopes\": [\"SecurityIncident.Read.All\"]\n  }\n}\n"),
    ]);
    let (_, r, _) = permissions_json(dir.path(), &[]);
    let mut got: Vec<(String, u64, String, String)> = Vec::new();
    for a in r["apps"].as_array().unwrap() {
        for d in a["declarations"].as_array().unwrap() {
            got.push((
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["source"].as_str().unwrap().to_owned(),
                d["kind"].as_str().unwrap().to_owned(),
            ));
        }
    }
    let want = [
        ("b/main.bicep", 7, "bicep", "application"),
        ("j/appsettings.json", 3, "declared-scopes", "delegated"),
        ("m/app.json", 7, "manifest", "application"),
        ("p/Grant.ps1", 2, "powershell-grant", "application"),
        ("s/Connect.ps1", 1, "declared-scopes", "delegated"),
        ("t/main.tf", 13, "terraform", "application"),
        ("t/main.tf", 17, "terraform", "application"),
        ("z/setup.sh", 3, "az-cli", "application"),
    ];
    let want: Vec<(String, u64, String, String)> =
        want.iter().map(|(p, l, s, k)| (p.to_string(), *l, s.to_string(), k.to_string())).collect();
    assert_eq!(got, want, "{r:#}");
}

#[test]
fn the_example_workspace_report_is_what_a_reader_of_its_code_writes_down() {
    let (code, r, _) = permissions_json(&repo().join("examples/workspace"), &[]);
    assert_eq!(code, 1);
    let app = |name: &str| r["apps"].as_array().unwrap().iter().find(|a| a["name"] == name).unwrap().clone();
    let daemon = app("daemon");
    assert_eq!(
        daemon["needed"]["application"],
        serde_json::json!(["SecurityAlert.ReadWrite.All", "SecurityIncident.Read.All", "ThreatHunting.Read.All"])
    );
    assert_eq!(daemon["missing"]["application"], serde_json::json!(["ThreatHunting.Read.All"]));
    let spa = app("spa/src");
    assert_eq!(spa["needed"]["delegated"], serde_json::json!(["SecurityEvents.Read.All", "SecurityIncident.Read.All"]));
    assert_eq!(spa["excess"][0]["rule"], "broader-than-needed");
    // The grant script's own Connect-MgGraph is the administrator's sign-in, not the runbook's.
    let automation = app("automation");
    let perms: Vec<&str> =
        automation["declarations"].as_array().unwrap().iter().map(|d| d["permission"].as_str().unwrap()).collect();
    assert_eq!(perms, ["SecurityIncident.ReadWrite.All", "SecurityAlert.Read.All"]);
    assert_eq!(automation["needed"]["application"], serde_json::json!(["SecurityIncident.ReadWrite.All"]));
    assert_eq!(
        automation["excess"],
        serde_json::json!([{"permission": "SecurityAlert.Read.All", "kind": "application", "rule": "unused-permission", "instead": null}])
    );
    let scripts = app("scripts");
    assert_eq!(scripts["missing"]["delegated"], serde_json::json!(["SecurityAlert.ReadWrite.All"]));
    assert_eq!(scripts["excess"][0]["permission"], "ThreatHunting.Read.All");
    // Human output ends each app with the snippets for its needed set.
    let (_, out, _) =
        run(bin().current_dir(repo().join("examples/workspace")).args(["permissions", "--app", "scripts"]));
    assert!(out.contains("Connect-MgGraph -Scopes \"SecurityAlert.ReadWrite.All\""), "{out}");
    assert!(
        out.contains("az ad app permission add --id <application id> --api 00000003-0000-0000-c000-000000000000"),
        "{out}"
    );
}

/// A grant is called unused or broader only when every call of the app is known: a cmdlet or a
/// request whose endpoint cannot be read leaves it unjudged, with a note; documentation pages
/// neither declare the app's grants nor count as its calls.
#[test]
fn grants_are_judged_only_on_apps_whose_every_call_is_known() {
    let known = tree(&[(
        "sync.ps1",
        "Connect-MgGraph -Scopes \"SecurityIncident.Read.All\",\"Mail.Read\"\nGet-MgSecurityIncident\n",
    )]);
    let (_, v, _) = scan_json(known.path());
    assert_eq!(findings(&v), [("unused-permission".to_owned(), "sync.ps1".to_owned(), 1)]);

    let unknown = tree(&[(
        "sync.ps1",
        "Connect-MgGraph -Scopes \"SecurityIncident.Read.All\",\"Mail.Read\"\nGet-MgSecurityIncident\n\
         Get-MgUserMailFolderChildFolderMessageExtensionThing -UserId $u\n$r = Invoke-MgGraphRequest -Uri $built\n",
    )]);
    let (_, v, err) = scan_json(unknown.path());
    assert_eq!(findings(&v), Vec::<(String, String, u64)>::new(), "nothing is called unused");
    assert!(err.contains("whose endpoint cannot be read from the code"), "{err}");

    let docs = tree(&[
        ("README.md", "```powershell\nConnect-MgGraph -Scopes \"Mail.ReadWrite\"\nGet-MgUserMessage -UserId $u\n```\n"),
        ("run.ps1", "Connect-MgGraph -Scopes \"SecurityIncident.Read.All\"\nGet-MgSecurityIncident\n"),
    ]);
    let (_, v, _) = permissions_json(docs.path(), &[]);
    let apps = v["apps"].as_array().unwrap();
    assert_eq!(apps.len(), 1, "{v}");
    let paths: Vec<&str> =
        apps[0]["declarations"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["run.ps1"], "the README's sample is no declaration of the app");
}
