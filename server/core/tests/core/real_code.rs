//! Code written the way people write it (`docs/behaviour.md`, "Method", "URLs built from parts",
//! "Code inside documents"): the method read from the statement and where the URL goes, URLs
//! folded from same-file strings, version-less paths, `$batch` bodies, Markdown fences and
//! notebook cells. One case per behaviour, through the analysis of whole files.

use claimcheck_core::report::ReportFinding;

use crate::support::{application, delegated, findings};

const G: &str = "https://graph.microsoft.com";

/// `rule@line method/source` for every finding.
fn summary(f: &[ReportFinding]) -> Vec<String> {
    f.iter()
        .map(|x| match &x.endpoint {
            Some(e) => format!("{}@{} {} {}/{}", x.rule.id(), x.line, e.method, e.version, e.method_source),
            None => format!("{}@{}", x.rule.id(), x.line),
        })
        .collect()
}

#[test]
fn a_post_only_action_sent_by_a_later_call_is_not_unknown() {
    let py = format!(
        "import requests\nti_url = \"{G}/beta/security/tiIndicators/submitTiIndicators\"\nbody = {{}}\n\n\
         response = requests.post(ti_url, json=body)\n"
    );
    assert_eq!(summary(&findings("ti.py", &py)), Vec::<String>::new());
    let wrong = py.replace("requests.post", "requests.get");
    assert_eq!(summary(&findings("ti.py", &wrong)), ["unknown-endpoint@2 GET beta/stated"]);
}

#[test]
fn an_assumed_method_never_grounds_unknown_endpoint() {
    // Nothing sends it: the path's only method is assumed.
    let py = format!("TI = \"{G}/beta/security/tiIndicators/submitTiIndicators\"\n");
    assert_eq!(summary(&findings("ti.py", &py)), Vec::<String>::new());
    let legacy = format!("ALERTS = \"{G}/v1.0/security/alerts\"\n");
    let f = findings("a.py", &legacy);
    assert_eq!(summary(&f), ["deprecated-endpoint@1 GET v1.0/assumed"]);
    assert!(f[0].message.starts_with("GET /v1.0/security/alerts (method assumed) is part"), "{}", f[0].message);
}

#[test]
fn request_promise_options_and_logic_apps_take_their_sibling_method() {
    let js = format!(
        "const options = {{\n  uri: '{G}/v1.0/security/alerts/' + alertId,\n  method: 'PATCH',\n  json: true\n}};\nrp(options);\n"
    );
    let f = findings("graph.js", &js);
    assert_eq!(summary(&f), ["deprecated-endpoint@2 PATCH v1.0/stated"]);
    assert!(f[0].message.contains("Use PATCH /v1.0/security/alerts_v2/{id} with SecurityAlert.ReadWrite.All"));
    let logic = "{\n  \"inputs\": {\n    \"host\": {},\n    \"method\": \"patch\",\n    \"path\": \"/v1.0/security/alerts/@{items('x')?['id']}\"\n  }\n}\n";
    assert_eq!(summary(&findings("playbook.json", logic)), ["deprecated-endpoint@5 PATCH v1.0/stated"]);
    let trigger = "{\"inputs\": {\"path\": \"/trigger/beta/security/alerts\"}}\n";
    assert_eq!(summary(&findings("trigger.json", trigger)), ["deprecated-endpoint@1 GET beta/assumed"]);
}

#[test]
fn csharp_requests_and_powershell_wrappers_state_the_method_elsewhere() {
    let cs = format!(
        "string url = string.Format(\"{G}/beta/security/alerts/\" + id);\nvar old = await GetAlert(id);\n\
         HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Patch, url);\n"
    );
    assert_eq!(summary(&findings("Alerts.cs", &cs)), ["deprecated-endpoint@1 PATCH beta/stated"]);
    let ps = format!("$uri = \"{G}/beta/security/alerts/$id\"\nNew-GraphPOSTRequest -uri $uri -type PATCH\n");
    assert_eq!(summary(&findings("patch.ps1", &ps)), ["deprecated-endpoint@1 PATCH beta/stated"]);
}

#[test]
fn one_url_sent_with_two_methods_is_checked_for_both() {
    let reader = application(&["SecurityIncident.Read.All"]);
    let ps = format!(
        "$t = '{reader}'\n$u = \"{G}/v1.0/security/incidents/$id\"\nInvoke-RestMethod -Uri $u -Method Get\n\
         Invoke-RestMethod -Uri $u -Method Patch -Body $b\n"
    );
    let f: Vec<ReportFinding> =
        findings("i.ps1", &ps).into_iter().filter(|x| x.rule.id() != "hardcoded-token").collect();
    assert_eq!(summary(&f), ["missing-permission@2 PATCH v1.0/stated"]);
    assert!(f[0].message.starts_with("PATCH /v1.0/security/incidents/{id} (sent on line 4) needs"), "{}", f[0].message);
}

#[test]
fn urls_built_from_same_file_strings_are_folded() {
    let ps = "$graphApiVersion = \"v1.0\"\n$Resource = \"security/alerts?`$top=1\"\n\
              $uri = \"https://graph.microsoft.com/$graphApiVersion/$($resource)\"\n\
              (Invoke-RestMethod -Uri $uri -Headers $authToken -Method Get).value\n";
    let f = findings("Get-Alerts.ps1", ps);
    assert_eq!(summary(&f), ["deprecated-endpoint@2 GET v1.0/stated"]);
    assert_eq!((f[0].column, f[0].end_column), (14, 29), "the literal that holds the /security part");
    let py = format!("GRAPH = \"{G}/beta\"\n\ndef get(s, alert_id):\n    return s.patch(f\"{{GRAPH}}/security/alerts/{{alert_id}}\")\n");
    assert_eq!(summary(&findings("soc.py", &py)), ["deprecated-endpoint@4 PATCH beta/stated"]);
    let js = format!("const root = '{G}/v1.0';\nconst u = root + '/security/alerts';\naxios.get(u);\n");
    assert_eq!(summary(&findings("soc.js", &js)), ["deprecated-endpoint@2 GET v1.0/stated"]);
}

#[test]
fn version_less_paths_hold_in_both_versions() {
    let py = format!("# calls {G}\nWEBHOOK = {{'changeType': 'updated', 'resource': 'security/alerts'}}\n");
    let f = findings("config.py", &py);
    assert_eq!(summary(&f), ["deprecated-endpoint@2 GET unknown/assumed"]);
    assert!(f[0].message.starts_with("GET /security/alerts (method assumed) is part"), "{}", f[0].message);
    assert!(f[0].message.contains("Use GET /security/alerts_v2 with"), "{}", f[0].message);
    let no_graph = "WEBHOOK = {'resource': 'security/alerts'}\n";
    assert_eq!(summary(&findings("config.py", no_graph)), Vec::<String>::new(), "a file that never names Graph");
    // tiIndicators exists in beta only: not unknown when the version is not known.
    let ti = format!("# {G}\nr = s.get('/security/tiIndicators')\n");
    assert_eq!(summary(&findings("ti.py", &ti)), Vec::<String>::new());
}

#[test]
fn batch_requests_are_references_with_the_batch_version() {
    let py = format!(
        "r = s.post('{G}/v1.0/$batch', json={{\n  'requests': [\n    {{'id': '1', 'method': 'PATCH', 'url': '/security/alerts/abc'}},\n    {{'id': '2', 'method': 'GET', 'url': '/security/alerts_v2'}}\n  ]\n}})\n"
    );
    assert_eq!(summary(&findings("batch.py", &py)), ["deprecated-endpoint@3 PATCH v1.0/stated"]);
}

#[test]
fn markdown_fences_are_code_of_their_language() {
    let md = "# Alerts\n\n```http\nPATCH /security/alerts/{alert_id}\n```\n\n```powershell\nConnect-MgGraph -Scopes \"User.Read\"\nGet-MgSecurityIncident\n```\n\nProse: Get-MgSecurityIncident is a cmdlet.\n";
    let f = findings("alert-update.md", md);
    assert_eq!(
        summary(&f),
        ["deprecated-endpoint@4 PATCH unknown/stated", "missing-permission@9 GET v1.0/stated"],
        "the cmdlet in prose is text"
    );
}

#[test]
fn notebook_cells_are_read_as_code_with_positions_in_the_file() {
    let token = delegated("User.Read", None);
    let nb = format!(
        r#"{{
 "cells": [
  {{"cell_type": "code", "metadata": {{}}, "outputs": [{{"text": ["{token}"]}}],
   "source": ["url = \"{G}/v1.0/security/alerts/\" + alert_id\n", "r = requests.patch(url, json={{\"status\": \"resolved\"}})"]}}
 ],
 "metadata": {{"language_info": {{"name": "python"}}}}
}}"#
    );
    let f = findings("triage.ipynb", &nb);
    assert_eq!(summary(&f), ["hardcoded-token@3", "deprecated-endpoint@4 PATCH v1.0/stated"]);
    let line4 = nb.lines().nth(3).unwrap();
    let col = line4.find("https://").unwrap() + 1;
    assert_eq!(f[1].column, col, "the column of the URL in the .ipynb file");
}
