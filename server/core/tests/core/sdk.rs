//! SDK calls, cmdlets and declared scopes (`docs/behaviour.md`, "SDK calls and cmdlets"), through the analysis of whole files.

use crate::support::*;

use claimcheck_core::analysis::{analyze_text, Analysis, Context, RefKind, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::context::FileInfo;
use claimcheck_core::types::{Method, Version};

fn analyze(name: &str, text: &str) -> Analysis {
    let sev = SeverityMap::new();
    let ctx = Context { catalog: Catalog::builtin(), now: NOW, severity: &sev, configured: None, app: None };
    analyze_text(text, &FileInfo::for_path(name), &ctx)
}

/// (method, version, template) of every SDK reference in a file.
fn sdk_refs(name: &str, text: &str) -> Vec<(Method, Version, String)> {
    analyze(name, text)
        .urls
        .into_iter()
        .filter(|u| u.kind == RefKind::Sdk)
        .map(|u| (u.method, u.version.expect("SDK calls have a version"), u.template.unwrap_or(u.path)))
        .collect()
}

fn pascal(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

/// The name an SDK gives a template segment, in its casing: casts become `Graph<Type>`.
fn member(seg: &str, case: fn(&str) -> String) -> String {
    let bare = seg.trim_end_matches("()");
    match bare.rsplit_once('.') {
        Some((_, ty)) => case(&format!("graph{}", pascal(ty))),
        None => case(bare),
    }
}

fn csharp(path: &str, method: Method) -> String {
    let mut s = String::from("await graphClient.Security");
    for seg in path.split('/').skip(2) {
        if seg.starts_with('{') {
            s.push_str("[\"id-1\"]");
        } else {
            s.push('.');
            s.push_str(&member(seg, pascal));
        }
    }
    let verb = pascal(&method.as_str().to_ascii_lowercase());
    s + &format!(".{verb}Async();")
}

fn python(path: &str, method: Method) -> String {
    let mut s = String::from("await client.security");
    for seg in path.split('/').skip(2) {
        if seg.starts_with('{') {
            s.push_str(".by_item_id(\"id-1\")");
        } else {
            s.push('.');
            s.push_str(&member(seg, snake));
        }
    }
    s + &format!(".{}()", method.as_str().to_ascii_lowercase())
}

fn go(path: &str, method: Method) -> String {
    let mut s = String::from("result, err := graphClient.Security()");
    for seg in path.split('/').skip(2) {
        if seg.starts_with('{') {
            s.push_str(".ByItemId(\"id-1\")");
        } else {
            s.push_str(&format!(".{}()", member(seg, pascal)));
        }
    }
    s + &format!(".{}(ctx, nil)", pascal(&method.as_str().to_ascii_lowercase()))
}

fn java(path: &str, method: Method) -> String {
    let lower_first = |s: &str| {
        let mut c = s.chars();
        c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
    };
    let mut s = String::from("var r = graphClient.security()");
    for seg in path.split('/').skip(2) {
        if seg.starts_with('{') {
            s.push_str(".byItemId(\"id-1\")");
        } else {
            s.push_str(&format!(".{}()", member(seg, lower_first)));
        }
    }
    s + &format!(".{}();", method.as_str().to_ascii_lowercase())
}

fn javascript(path: &str, method: Method, beta: bool) -> String {
    let p: Vec<String> =
        path.split('/').map(|s| if s.starts_with('{') { "${id}".to_owned() } else { s.to_owned() }).collect();
    let version = if beta { ".version(\"beta\")" } else { "" };
    let verb = match method {
        Method::Patch => "update".to_owned(),
        m => m.as_str().to_ascii_lowercase(),
    };
    format!("const r = await client.api(`{}`){version}.{verb}();", p.join("/"))
}

#[test]
fn every_catalog_endpoint_is_reachable_from_every_sdk() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for e in Catalog::builtin().endpoints() {
        if !e.path.starts_with("/security/") || e.method == Method::Head {
            continue;
        }
        let beta = e.version == Version::Beta;
        let want = (e.method, e.version, e.path.clone());
        let files = [
            (
                "a.cs",
                format!("{}{}\n", if beta { "using Microsoft.Graph.Beta;\n" } else { "" }, csharp(&e.path, e.method)),
            ),
            (
                "a.py",
                format!(
                    "{}{}\n",
                    if beta { "from msgraph_beta import GraphServiceClient\n" } else { "" },
                    python(&e.path, e.method)
                ),
            ),
            (
                "a.go",
                format!(
                    "{}{}\n",
                    if beta { "import msgraphsdk \"github.com/microsoftgraph/msgraph-beta-sdk-go\"\n" } else { "" },
                    go(&e.path, e.method)
                ),
            ),
            (
                "A.java",
                format!(
                    "{}{}\n",
                    if beta { "import com.microsoft.graph.beta.models.*;\n" } else { "" },
                    java(&e.path, e.method)
                ),
            ),
            ("a.ts", format!("{}\n", javascript(&e.path, e.method, beta))),
        ];
        for (name, text) in files {
            let got = sdk_refs(name, &text);
            if got != vec![want.clone()] {
                failures.push(format!("{name}: {text:?} → {got:?}, want {want:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked > 3000, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} calls did not map back:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn calls_that_map() {
    let cases: Vec<(&str, &str, Vec<(Method, Version, &str)>)> = vec![
        ("a.cs", "var alerts = await graphClient.Security.Alerts_v2.GetAsync();", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("a.cs", "await graphClient.Security.Alerts_v2[\"da6\"].PatchAsync(body);", vec![(Method::Patch, Version::V1, "/security/alerts_v2/{id}")]),
        ("a.cs", "var r = await graphClient.Security.MicrosoftGraphSecurityRunHuntingQuery.PostAsync(body);", vec![(Method::Post, Version::V1, "/security/runHuntingQuery")]),
        ("a.cs", "using Microsoft.Graph.Beta;\nvar i = await graphClient\n    .Security\n    .Incidents\n    .GetAsync();", vec![(Method::Get, Version::Beta, "/security/incidents")]),
        ("a.py", "alerts = await client.security.alerts_v2.get()", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("a.py", "await self.client.security.alerts_v2.by_alert_id(alert_id).patch(body)", vec![(Method::Patch, Version::V1, "/security/alerts_v2/{id}")]),
        ("a.py", "r = await client.security.microsoft_graph_security_run_hunting_query.post(body)", vec![(Method::Post, Version::V1, "/security/runHuntingQuery")]),
        ("a.py", "from msgraph_beta import GraphServiceClient\nr = await client.security.incidents.get()", vec![(Method::Get, Version::Beta, "/security/incidents")]),
        ("a.js", "const a = await client.api('/security/alerts_v2').get();", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("a.ts", "await client.api(`/security/alerts_v2/${id}`).version('beta').update(body);", vec![(Method::Patch, Version::Beta, "/security/alerts_v2/{id}")]),
        ("a.js", "await client.api('https://graph.microsoft.com/beta/security/incidents').get();", vec![(Method::Get, Version::Beta, "/security/incidents")]),
        ("a.go", "alerts, err := graphClient.Security().Alerts_v2().Get(context.Background(), nil)", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("a.go", "_, err := graphClient.Security().Alerts_v2().ByAlertId(id).Patch(ctx, body, nil)", vec![(Method::Patch, Version::V1, "/security/alerts_v2/{id}")]),
        ("A.java", "AlertCollectionResponse r = graphClient.security().alertsV2().get();", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("A.java", "import com.microsoft.graph.beta.models.Alert;\ngraphClient.security().incidents().byIncidentId(id).patch(body);", vec![(Method::Patch, Version::Beta, "/security/incidents/{id}")]),
        ("a.ps1", "$alerts = Get-MgSecurityAlertV2 -Top 10", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        ("a.ps1", "$a = Get-MgSecurityAlertV2 -AlertId $id", vec![(Method::Get, Version::V1, "/security/alerts_v2/{id}")]),
        ("a.ps1", "Update-MgSecurityAlertV2 -AlertId $id `\n  -Status resolved", vec![(Method::Patch, Version::V1, "/security/alerts_v2/{id}")]),
        ("a.ps1", "Start-MgSecurityHuntingQuery -Query $q", vec![(Method::Post, Version::V1, "/security/runHuntingQuery")]),
        ("a.ps1", "Get-MgBetaSecurityAlertV2", vec![(Method::Get, Version::Beta, "/security/alerts_v2")]),
    ];
    for (name, text, want) in cases {
        let want: Vec<(Method, Version, String)> = want.into_iter().map(|(m, v, p)| (m, v, p.to_owned())).collect();
        assert_eq!(sdk_refs(name, text), want, "{name}: {text}");
    }
}

/// All of Graph: calls outside `/security` in every SDK language, with the receivers real code
/// uses (`graphClient`, `graph_client`, or `client` in a file that imports a Graph SDK).
#[test]
#[rustfmt::skip] // one case per line
fn calls_beyond_security_map() {
    let cases: Vec<(&str, &str, Vec<(Method, Version, &str)>)> = vec![
        ("a.cs", "var messages = await graphClient.Users[\"id\"].Messages.GetAsync();", vec![(Method::Get, Version::V1, "/users/{id}/messages")]),
        ("a.cs", "await graphClient.Me.SendMail.PostAsync(body);", vec![(Method::Post, Version::V1, "/me/sendmail")]),
        ("a.cs", "using Microsoft.Graph;\nvar me = await _userClient.Me.GetAsync((config) =>\n{\n    config.QueryParameters.Select = [\"displayName\"];\n});", vec![(Method::Get, Version::V1, "/me")]),
        ("a.cs", "var n = await graphClient.Groups[\"g\"].Members.Count.GetAsync();", vec![(Method::Get, Version::V1, "/groups/{id}/members")]),
        ("a.cs", "var s = await graphClient.Drives[\"d\"].Items[\"i\"].ItemWithPath(\"a/b.txt\").Content.PutAsync(stream);", vec![(Method::Put, Version::V1, "/drives/{id}/items/{id}:/{id}:/content")]),
        ("a.cs", "using Microsoft.Graph.Beta;\nvar u = await graphClient.Users.GetAsync();", vec![(Method::Get, Version::Beta, "/users")]),
        ("a.py", "from msgraph import GraphServiceClient\nmessages = await client.users.by_user_id(user_id).messages.get()", vec![(Method::Get, Version::V1, "/users/{id}/messages")]),
        ("a.py", "result = await graph_client.me.events.get()", vec![(Method::Get, Version::V1, "/me/events")]),
        ("a.py", "from msgraph import GraphServiceClient\nawait self.app_client.users.by_user_id(uid).send_mail.post(body)", vec![(Method::Post, Version::V1, "/users/{id}/sendmail")]),
        ("a.go", "events, err := graphClient.Me().Events().Get(context.Background(), nil)", vec![(Method::Get, Version::V1, "/me/events")]),
        ("a.go", "import msgraphsdk \"github.com/microsoftgraph/msgraph-sdk-go\"\nu, err := g.userClient.Users().ByUserId(id).Get(ctx, nil)", vec![(Method::Get, Version::V1, "/users/{id}")]),
        ("A.java", "EventCollectionResponse r = graphClient.me().events().get();", vec![(Method::Get, Version::V1, "/me/events")]),
        ("A.java", "graphClient.groups().byGroupId(id).members().get();", vec![(Method::Get, Version::V1, "/groups/{id}/members")]),
        ("a.js", "import { Client } from \"@microsoft/microsoft-graph-client\";\nconst users = await client.api('/users').get();", vec![(Method::Get, Version::V1, "/users")]),
        ("a.js", "const r = await graphClient.api('/me/messages').top(5).get();", vec![(Method::Get, Version::V1, "/me/messages")]),
        ("a.ts", "const m = await graphServiceClient.users.byUserId(id).messages.get();", vec![(Method::Get, Version::V1, "/users/{id}/messages")]),
        ("a.ts", "await graphServiceClient.security.alerts_v2.get();", vec![(Method::Get, Version::V1, "/security/alerts_v2")]),
        // PowerShell: cmdlets of the Users, Groups, Mail, Calendar, Files, Sites, Teams,
        // Applications and Identity.SignIns modules, with and without their key parameter.
        ("a.ps1", "$users = Get-MgUser -All", vec![(Method::Get, Version::V1, "/users")]),
        ("a.ps1", "$u = Get-MgUser -UserId $id", vec![(Method::Get, Version::V1, "/users/{id}")]),
        ("a.ps1", "Update-MgUser -UserId $id -JobTitle 'x'", vec![(Method::Patch, Version::V1, "/users/{id}")]),
        ("a.ps1", "New-MgGroup -DisplayName 'g' -MailEnabled:$false", vec![(Method::Post, Version::V1, "/groups")]),
        ("a.ps1", "Remove-MgGroup -GroupId $g", vec![(Method::Delete, Version::V1, "/groups/{id}")]),
        ("a.ps1", "Get-MgUserMessage -UserId $u -MessageId $m", vec![(Method::Get, Version::V1, "/users/{id}/messages/{id}")]),
        ("a.ps1", "Get-MgUserEvent -UserId $u -Top 5", vec![(Method::Get, Version::V1, "/users/{id}/events")]),
        ("a.ps1", "Get-MgDriveItem -DriveId $d -DriveItemId $i", vec![(Method::Get, Version::V1, "/drives/{id}/items/{id}")]),
        ("a.ps1", "Get-MgSite -SiteId $s", vec![(Method::Get, Version::V1, "/sites/{id}")]),
        ("a.ps1", "Get-MgTeamChannel -TeamId $t", vec![(Method::Get, Version::V1, "/teams/{id}/channels")]),
        ("a.ps1", "New-MgApplication -DisplayName 'app'", vec![(Method::Post, Version::V1, "/applications")]),
        ("a.ps1", "Get-MgIdentityConditionalAccessPolicy", vec![(Method::Get, Version::V1, "/identity/conditionalAccess/policies")]),
        ("a.ps1", "Get-MgBetaUser -UserId $id", vec![(Method::Get, Version::Beta, "/users/{id}")]),
    ];
    for (name, text, want) in cases {
        let want: Vec<(Method, Version, String)> = want.into_iter().map(|(m, v, p)| (m, v, p.to_owned())).collect();
        assert_eq!(sdk_refs(name, text), want, "{name}: {text}");
    }
}

/// A sample of several hundred endpoints of the permission map, written as each SDK names them,
/// maps back to its template.
#[test]
fn a_sample_of_the_permission_map_is_reachable_from_every_sdk() {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // Templates each SDK spells by plain member names: no function arguments, casts, colon paths,
    // OData segments or alternate keys (those have their own cases above).
    let plain = |p: &str| !p.starts_with("/security") && !p.contains(['(', ':', '$', '.']) && p.len() > 1;
    let endpoints: Vec<_> = Catalog::builtin()
        .endpoints()
        .filter(|e| e.version == Version::V1 && plain(&e.path) && seen.insert((e.path.clone(), e.method)))
        .collect();
    for e in endpoints.iter().step_by(endpoints.len() / 400 + 1) {
        let want = vec![(e.method, Version::V1, e.path.clone())];
        let rooted = |s: &str| {
            s.replacen("graphClient.Security()", "graphClient", 1).replacen("graphClient.security()", "graphClient", 1)
        };
        let path = format!("/security{}", e.path);
        let files = [
            ("a.cs", csharp(&path, e.method).replacen("graphClient.Security", "graphClient", 1)),
            (
                "a.py",
                format!(
                    "from msgraph import GraphServiceClient\n{}",
                    python(&path, e.method).replacen("client.security", "client", 1)
                ),
            ),
            ("a.go", rooted(&go(&path, e.method))),
            ("A.java", rooted(&java(&path, e.method))),
            (
                "a.ts",
                format!(
                    "import {{ Client }} from \"@microsoft/microsoft-graph-client\";\n{}",
                    javascript(&e.path, e.method, false)
                ),
            ),
        ];
        for (name, text) in files {
            let got = sdk_refs(name, &text);
            if got != want {
                failures.push(format!("{name}: {text:?} → {got:?}, want {want:?}"));
            }
            checked += 1;
        }
    }
    assert!(checked >= 1500, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} calls did not map back:\n{}",
        failures.len(),
        failures[..failures.len().min(20)].join("\n")
    );
}

#[test]
fn calls_that_must_not_map() {
    let cases = [
        ("a.cs", "// await graphClient.Security.Alerts_v2.GetAsync();"),
        ("a.cs", "var s = \"graphClient.Security.Alerts_v2.GetAsync()\";"),
        ("a.cs", "var x = settings.Security.Policies.GetAsync();"),
        ("a.cs", "var b = graphClient.Security.Alerts_v2;"),
        ("a.py", "# client.security.alerts_v2.get()"),
        ("a.py", "r = django.security.middleware.get()"),
        ("a.py", "print('call client.security.alerts_v2.get() later')"),
        ("a.go", "x := aws.Security().Groups().Get(ctx)"),
        ("A.java", "spring.security().filters().get();"),
        ("a.js", "await client.api('/me/messages').get();"),
        // Receivers that do not name a Graph client, or a client in a file without a Graph SDK.
        ("a.py", "user = self.client.users.get(user_id)"),
        ("a.py", "r = telegraph.users.get()"),
        ("a.cs", "var r = await httpClient.GetAsync(url);"),
        ("a.py", "from msgraph import GraphServiceClient\nclient.messages.create(body='hi')"),
        ("a.ts", "const x = await apiClient.users.get();"),
        ("a.cs", "var u = await graphClient.Users[\"id\"].NotAThing.GetAsync();"),
        ("a.ps1", "# Get-MgSecurityAlertV2"),
        ("a.ps1", "Write-Host 'Get-MgSecurityAlertV2 is next'"),
        ("a.txt", "await graphClient.Security.Alerts_v2.GetAsync();"),
    ];
    for (name, text) in cases {
        assert!(sdk_refs(name, text).is_empty(), "{name}: {text}");
    }
}

#[test]
fn a_url_inside_an_sdk_call_is_one_reference() {
    let a = analyze("a.js", "await client.api('https://graph.microsoft.com/v1.0/security/alerts_v2').get();\n");
    assert_eq!(a.urls.len(), 1);
    assert_eq!(a.urls[0].kind, RefKind::Sdk);
}

#[test]
fn sdk_call_range_runs_from_receiver_to_end_of_call() {
    let text = "x = 1\nvar alerts = await graphClient\n    .Security.Alerts_v2\n    .GetAsync();\n";
    let a = analyze("a.cs", text);
    let u = &a.urls[0];
    assert_eq!((u.span.start.line, u.span.start.byte), (1, 19));
    assert_eq!((u.span.end.line, u.span.end.byte), (3, 15));
}

#[test]
fn rules_fire_through_declared_scopes() {
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        ("a.ps1", "Connect-MgGraph -Scopes \"User.Read\"\nGet-MgSecurityAlertV2\n".into(), vec!["missing-permission@2"]),
        ("a.ps1", "Connect-MgGraph -Scopes \"SecurityAlert.Read.All\"\nGet-MgSecurityAlertV2\n".into(), vec![]),
        // Connect-MgGraph applies to the statements after it only.
        ("a.ps1", "Get-MgSecurityAlertV2\nConnect-MgGraph -Scopes \"User.Read\"\n".into(), vec![]),
        ("a.py", "SCOPES = ['https://graph.microsoft.com/User.Read']\nr = await client.security.alerts_v2.get()\n".into(), vec!["missing-permission@2"]),
        // The nearest declaration above wins; else the nearest below.
        ("a.py", "S1_SCOPES = ['User.Read']\nS2_SCOPES = ['SecurityAlert.Read.All']\nr = await client.security.alerts_v2.get()\n".into(), vec![]),
        ("a.py", "r = await client.security.alerts_v2.get()\nSCOPES = ['User.Read']\n".into(), vec!["missing-permission@1"]),
        // A national-cloud scope sets the cloud.
        ("a.py", "SCOPES = ['https://graph.microsoft.us/SecurityAlert.Read.All']\nget('https://graph.microsoft.com/v1.0/security/alerts_v2')\n".into(), vec!["wrong-audience@2"]),
        // Application-only endpoint through a delegated sign-in.
        ("a.cs", "var scopes = new[] { \"SecurityAnalyzedMessage.Read.All\" };\nvar m = await graphClient.Security.Collaboration.AnalyzedEmails.GetAsync();\n".into(), vec!["unsupported-token-type@2"]),
        // No roles or wids from a declaration.
        ("a.py", "SCOPES = ['SecurityEvents.Read.All']\nget('https://graph.microsoft.com/v1.0/security/secureScores')\n".into(), vec![]),
        // `.default` declares nothing checkable.
        ("a.py", "SCOPES = ['https://graph.microsoft.com/.default']\nr = await client.security.alerts_v2.get()\n".into(), vec![]),
        // A token in the file wins over declared scopes.
        ("a.py", format!("SCOPES = ['SecurityAlert.Read.All']\nt = '{}'\nr = await client.security.alerts_v2.get()\n", delegated("User.Read", None)), vec!["hardcoded-token@2", "missing-permission@3"]),
    ];
    for (name, text, want) in cases {
        assert_eq!(rules_at(&findings(name, &text)), want, "{name}:\n{text}");
    }
}

#[test]
fn declared_scope_findings_point_at_the_declaration() {
    let text = "import msal\n\nSCOPES = [\n    'https://graph.microsoft.com/User.Read',\n]\nresult = await client.security.incidents.get()\n";
    let f = findings("a.py", text);
    assert_eq!(rules_at(&f), vec!["missing-permission@6"]);
    assert!(f[0].message.contains("the scopes requested on line 3"), "{}", f[0].message);
    assert_eq!(
        f[0].token,
        Some(claimcheck_core::report::ReportToken::File {
            path: "a.py".into(),
            line: 3,
            column: 1,
            kind: "declared-scopes"
        })
    );
}
