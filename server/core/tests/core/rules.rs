//! Every rule, association path, method inference and position rule of `docs/behaviour.md`, through
//! the analysis of whole files.

use crate::support::*;
use serde_json::json;

use claimcheck_core::analysis::SeverityMap;
use claimcheck_core::jwt;
use claimcheck_core::rules::Rule;
use claimcheck_core::types::Severity;

fn url(path: &str) -> String {
    format!("https://graph.microsoft.com{path}")
}

/// (name, file text, the rules expected as `rule@line`, sorted by line then rule)
fn check_table(cases: Vec<(&str, String, Vec<&str>)>) {
    for (name, text, want) in cases {
        let got = rules_at(&findings("case.py", &text));
        assert_eq!(got, want, "case '{name}':\n{text}");
    }
}

#[test]
fn each_rule_fires_and_stays_quiet() {
    let no_alerts = delegated("User.Read", None);
    let alerts = delegated("SecurityAlert.Read.All", None);
    let alerts_rw = delegated("SecurityAlert.ReadWrite.All", None);
    let events_helpdesk = delegated("SecurityEvents.Read.All", Some(&[HELPDESK_ADMIN]));
    let events_reader = delegated("SecurityEvents.Read.All SecurityEvents.ReadWrite.All", Some(&[SECURITY_READER]));
    let events_admin = delegated("SecurityEvents.ReadWrite.All", Some(&[SECURITY_ADMIN]));
    let events_no_wids = delegated("SecurityEvents.Read.All", None);
    let mdi_helpdesk = delegated("SecurityIdentitiesHealth.Read.All", Some(&[HELPDESK_ADMIN]));
    let mdi_no_wids = delegated("SecurityIdentitiesHealth.Read.All", None);
    let app_alerts = application(&["SecurityAlert.Read.All"]);
    let app_empty = application(&[]);
    let xdr =
        mint(json!({"aud": "https://api.security.microsoft.com", "idtyp": "app", "roles": ["AdvancedQuery.Read.All"]}));
    let usgov = mint(json!({"aud": "https://graph.microsoft.us", "idtyp": "app", "roles": ["SecurityAlert.Read.All"]}));
    let guid_aud = mint(
        json!({"aud": "00000003-0000-0000-c000-000000000000", "idtyp": "app", "roles": ["SecurityAlert.Read.All"]}),
    );
    let expired =
        mint(json!({"aud": GRAPH, "idtyp": "app", "roles": ["SecurityAlert.Read.All"], "exp": NOW - 3 * 86400}));
    let future = mint(json!({"aud": GRAPH, "idtyp": "app", "roles": ["SecurityAlert.Read.All"], "nbf": NOW + 600}));
    let alerts_v2 = url("/v1.0/security/alerts_v2");
    let legacy = url("/v1.0/security/alerts");
    let t = |tok: &str, rest: String| format!("TOKEN = \"{tok}\"\n{rest}\n");
    check_table(vec![
        (
            "missing-permission fires",
            t(&no_alerts, format!("get(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "missing-permission@2"],
        ),
        ("missing-permission quiet", t(&alerts, format!("get(\"{alerts_v2}\")")), vec!["hardcoded-token@1"]),
        ("app token with the role", t(&app_alerts, format!("get(\"{alerts_v2}\")")), vec!["hardcoded-token@1"]),
        (
            "app token with no roles",
            t(&app_empty, format!("get(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "missing-permission@2"],
        ),
        (
            "unsupported-token-type: delegated on app-only",
            t(&alerts, format!("get(\"{}\")", url("/v1.0/security/collaboration/analyzedEmails"))),
            vec!["hardcoded-token@1", "unsupported-token-type@2"],
        ),
        (
            "unsupported-token-type: app on delegated-only",
            t(&app_alerts, format!("get(\"{}\")", url("/v1.0/security/subjectRightsRequests"))),
            vec!["hardcoded-token@1", "unsupported-token-type@2"],
        ),
        (
            "missing-role strict",
            t(&events_helpdesk, format!("get(\"{legacy}\")")),
            vec!["hardcoded-token@1", "deprecated-endpoint@2", "missing-role@2"],
        ),
        (
            "missing-role quiet with Security Reader",
            t(&events_reader, format!("get(\"{}\")", url("/v1.0/security/secureScores"))),
            vec!["hardcoded-token@1"],
        ),
        (
            "writes need an admin role",
            t(&events_reader, format!("s.patch(\"{legacy}/abc\")")),
            vec!["hardcoded-token@1", "deprecated-endpoint@2", "missing-role@2"],
        ),
        (
            "writes with Security Administrator",
            t(&events_admin, format!("s.patch(\"{legacy}/abc\")")),
            vec!["hardcoded-token@1", "deprecated-endpoint@2"],
        ),
        (
            "missing-wids",
            t(&events_no_wids, format!("get(\"{}\")", url("/v1.0/security/secureScores"))),
            vec!["hardcoded-token@1", "missing-wids@2"],
        ),
        (
            "missing-role loose",
            t(&mdi_helpdesk, format!("get(\"{}\")", url("/v1.0/security/identities/healthIssues"))),
            vec!["hardcoded-token@1", "missing-role@2"],
        ),
        (
            "loose roles: no wids raises nothing",
            t(&mdi_no_wids, format!("get(\"{}\")", url("/v1.0/security/identities/healthIssues"))),
            vec!["hardcoded-token@1"],
        ),
        ("no roles checked for alerts_v2", t(&alerts, format!("get(\"{alerts_v2}\")")), vec!["hardcoded-token@1"]),
        (
            "wrong-audience replaces permission rules",
            t(&xdr, format!("x.post(\"{}\")", url("/v1.0/security/runHuntingQuery"))),
            vec!["hardcoded-token@1", "wrong-audience@2"],
        ),
        (
            "wrong-audience across clouds",
            t(&usgov, format!("get(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "wrong-audience@2"],
        ),
        (
            "national cloud token on its own cloud",
            t(&usgov, "get(\"https://graph.microsoft.us/v1.0/security/alerts_v2\")".into()),
            vec!["hardcoded-token@1"],
        ),
        (
            "Graph app id audience on any cloud",
            t(&guid_aud, "get(\"https://dod-graph.microsoft.us/v1.0/security/alerts_v2\")".into()),
            vec!["hardcoded-token@1"],
        ),
        (
            "China cloud URL with a global token",
            t(&app_alerts, "get(\"https://microsoftgraph.chinacloudapi.cn/v1.0/security/alerts_v2\")".into()),
            vec!["hardcoded-token@1", "wrong-audience@2"],
        ),
        (
            "token-expired, still checked",
            t(&expired, format!("get(\"{}\")", url("/v1.0/security/incidents"))),
            vec!["hardcoded-token@1", "token-expired@1", "missing-permission@2"],
        ),
        (
            "token-not-yet-valid",
            t(&future, format!("get(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "token-not-yet-valid@1"],
        ),
        (
            "unknown-endpoint runs no permission rule",
            t(&no_alerts, format!("get(\"{}\")", url("/v1.0/security/secureScore"))),
            vec!["hardcoded-token@1", "unknown-endpoint@2"],
        ),
        (
            "unknown method on a known path",
            t(&alerts, format!("x.delete(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "unknown-endpoint@2"],
        ),
        (
            "deprecated-endpoint beside missing-permission",
            t(&alerts, format!("get(\"{legacy}\")")),
            vec!["hardcoded-token@1", "deprecated-endpoint@2", "missing-permission@2", "missing-wids@2"],
        ),
        (
            "over-privileged on GET",
            t(&alerts_rw, format!("get(\"{alerts_v2}\")")),
            vec!["hardcoded-token@1", "over-privileged@2"],
        ),
        (
            "not over-privileged on a write",
            t(&alerts_rw, format!("s.patch(\"{alerts_v2}/1\")")),
            vec!["hardcoded-token@1"],
        ),
        (
            "no token: only endpoint rules",
            format!("get(\"{}\")\nget(\"{legacy}\")\nget(\"{alerts_v2}\")\n", url("/v1.0/security/secureScore")),
            vec!["unknown-endpoint@1", "deprecated-endpoint@2"],
        ),
        (
            "delegated roles are not Graph permissions",
            t(
                &mint(json!({"aud": GRAPH, "scp": "User.Read", "roles": ["SecurityAlert.Read.All"]})),
                format!("get(\"{alerts_v2}\")"),
            ),
            vec!["hardcoded-token@1", "missing-permission@2"],
        ),
    ]);
}

fn message_of(text: &str, rule: Rule) -> String {
    findings("m.py", text)
        .into_iter()
        .find(|f| f.rule == rule)
        .map(|f| f.message)
        .unwrap_or_else(|| panic!("no {}", rule.id()))
}

#[test]
fn messages_say_what_why_and_fix() {
    let alerts_v2 = url("/v1.0/security/alerts_v2");
    let cases: Vec<(String, Rule, Vec<&str>)> = vec![
        (
            format!("t='{}'\nget('{alerts_v2}')", delegated("User.Read Mail.Read", None)),
            Rule::MissingPermission,
            vec![
                "GET /v1.0/security/alerts_v2 needs SecurityAlert.Read.All",
                "has scp User.Read Mail.Read",
                "403",
                "Add SecurityAlert.Read.All (Delegated)",
            ],
        ),
        (
            format!("t='{}'\nget('{alerts_v2}')", application(&["User.Read.All"])),
            Rule::MissingPermission,
            vec!["has roles User.Read.All", "SecurityAlert.Read.All as an Application permission", "admin consent"],
        ),
        (
            format!("t='{}'\nget('{alerts_v2}')", mint(json!({"aud": GRAPH, "idtyp": "app"}))),
            Rule::MissingPermission,
            vec!["no application permission was admin-consented, or it was added as Delegated"],
        ),
        (
            format!("t='{}'\nget('{alerts_v2}')", mint(json!({"aud": GRAPH}))),
            Rule::MissingPermission,
            vec!["neither scp nor roles", "kind is a guess"],
        ),
        (
            format!(
                "t='{}'\nget('{}')",
                delegated("SecurityEvents.Read.All", Some(&[HELPDESK_ADMIN])),
                url("/v1.0/security/secureScores")
            ),
            Rule::MissingRole,
            vec![
                "Security Reader (5d6b6bb7-de71-4623-b4af-96380a352509)",
                "Security Administrator (194ae4cb-b126-40b2-bd5b-6091b380977d)",
                "Global Administrator (62e90394-69f5-4237-9190-012177145e10)",
            ],
        ),
        (
            format!(
                "t='{}'\nget('{}')",
                delegated("SecurityEvents.Read.All", None),
                url("/v1.0/security/secureScores")
            ),
            Rule::MissingWids,
            vec!["no wids claim", "implicit grant omit wids", "authorization-code flow includes them"],
        ),
        (
            format!(
                "cb#access_token={}&x=1\nget('{}')",
                delegated("SecurityEvents.Read.All", None),
                url("/v1.0/security/secureScores")
            ),
            Rule::MissingWids,
            vec!["#access_token= URL fragment"],
        ),
        (
            format!(
                "t='{}'\nget('{alerts_v2}')",
                mint(json!({"aud": "https://api.securitycenter.microsoft.com", "roles": ["x"]}))
            ),
            Rule::WrongAudience,
            vec!["https://api.securitycenter.microsoft.com", "Defender for Endpoint API"],
        ),
        (
            format!("t='{}'\nget('{alerts_v2}')", mint(json!({"aud": "https://graph.windows.net", "roles": ["x"]}))),
            Rule::WrongAudience,
            vec!["Azure AD Graph (retired)"],
        ),
        (
            format!(
                "t='{}'\nget('{alerts_v2}')",
                mint(json!({"aud": "https://management.azure.com/", "roles": ["x"]}))
            ),
            Rule::WrongAudience,
            vec!["Azure Resource Manager"],
        ),
        (
            format!("t='{}'\nget('{alerts_v2}')", mint(json!({"aud": "api://0000-1111", "roles": ["x"]}))),
            Rule::WrongAudience,
            vec!["another application (aud api://0000-1111)"],
        ),
        (
            format!("t='{}'", mint(json!({"aud": GRAPH, "roles": ["x"], "exp": NOW - 3 * 86400 - 5}))),
            Rule::TokenExpired,
            vec!["expired 3 days ago"],
        ),
        (
            format!("t='{}'", mint(json!({"aud": GRAPH, "roles": ["x"], "exp": NOW - 42 * 60}))),
            Rule::TokenExpired,
            vec!["expired 42 min ago"],
        ),
        (
            format!("get('{}')", url("/v1.0/security/secureScore")),
            Rule::UnknownEndpoint,
            vec!["did you mean `/security/secureScores`?"],
        ),
        (format!("get('{}')", url("/v1.0/security/tiIndicators")), Rule::UnknownEndpoint, vec!["exists in beta"]),
        (
            format!("get('{}')", url("/v1.0/security/alerts")),
            Rule::DeprecatedEndpoint,
            vec!["/security/alerts_v2", "SecurityAlert.Read.All"],
        ),
    ];
    for (text, rule, wants) in cases {
        let m = message_of(&text, rule).to_lowercase();
        for w in wants {
            assert!(m.contains(&w.to_lowercase()), "{}: '{w}' not in: {m}", rule.id());
        }
    }
}

#[test]
fn messages_never_hold_token_segments() {
    let tok = delegated("User.Read", None);
    let text = format!("t='{tok}'\nget('{}')\n", url("/v1.0/security/secureScores"));
    let parts: Vec<&str> = tok.split('.').collect();
    for f in findings("s.py", &text) {
        assert!(!f.message.contains(parts[1]) && !f.message.contains(parts[2]), "{}", f.message);
    }
}

#[test]
fn association_paths() {
    let good = delegated("SecurityAlert.Read.All", None);
    let bad = delegated("User.Read", None);
    let alerts_v2 = url("/v1.0/security/alerts_v2");
    // (file name, text, rules expected on the URL line)
    let cases: Vec<(&str, String, usize, Vec<&str>)> = vec![
        // .http: the block's header, through two levels of variables, beats a nearer token.
        ("a.http", format!("@inner = {good}\n@token = {{{{inner}}}}\n###\n# {bad}\nGET {alerts_v2}\nAuthorization: Bearer {{{{token}}}}\n"), 5, vec![]),
        // .http: a literal token in the header.
        ("b.http", format!("# {good}\n###\nGET {alerts_v2}\nAuthorization: Bearer {bad}\n"), 3, vec!["missing-permission"]),
        // .http: an unresolvable header falls through to the nearest token.
        ("c.http", format!("GET {alerts_v2}\nAuthorization: Bearer {{{{fromEnvFile}}}}\n\n# {bad}\n"), 1, vec!["missing-permission"]),
        // .http: a cycle of variables stops and falls through.
        ("d.http", format!("@a = {{{{b}}}}\n@b = {{{{a}}}}\nGET {alerts_v2}\nAuthorization: Bearer {{{{a}}}}\n# {good}\n"), 3, vec![]),
        // curl: the token inside the command beats a nearer one outside it.
        ("e.sh", format!("curl -H \"Authorization: Bearer {bad}\" \\\n  \"{alerts_v2}\"\nT={good}\n"), 2, vec!["missing-permission"]),
        // PowerShell with backtick continuations.
        ("f.ps1", format!("$x = '{good}'\nInvoke-RestMethod `\n  -Headers @{{Authorization = \"Bearer {bad}\"}} `\n  -Uri \"{alerts_v2}\"\n"), 4, vec!["missing-permission"]),
        // A header given as a shell variable yields nothing: nearest token.
        ("g.sh", format!("T={good}\ncurl -H \"Authorization: Bearer $TOKEN\" \"{alerts_v2}\"\n"), 2, vec![]),
        // Nearest by line distance; a tie goes to the earlier token.
        ("h.py", format!("a='{bad}'\n\nget('{alerts_v2}')\n\nb='{good}'\n"), 3, vec!["missing-permission"]),
        ("i.py", format!("a='{good}'\n\nget('{alerts_v2}')\nb='{bad}'\n"), 3, vec!["missing-permission"]),
    ];
    for (name, text, line, want) in cases {
        let got: Vec<String> =
            findings(name, &text).into_iter().filter(|f| f.line == line).map(|f| f.rule.id().to_owned()).collect();
        assert_eq!(got, want, "{name}:\n{text}");
    }
}

#[test]
fn finding_names_the_token_it_was_checked_against() {
    let bad = delegated("User.Read", None);
    let text = format!("\n\nx = 1; t = '{bad}'\nget('{}')\n", url("/v1.0/security/alerts_v2"));
    let f = findings("t.py", &text).into_iter().find(|f| f.rule == Rule::MissingPermission).unwrap();
    assert_eq!(
        f.token,
        Some(claimcheck_core::report::ReportToken::File {
            path: "t.py".into(),
            line: 3,
            column: 13,
            kind: "delegated"
        })
    );
    assert_eq!(
        f.endpoint,
        Some(claimcheck_core::report::ReportEndpoint {
            method: "GET",
            method_source: "stated",
            version: "v1.0",
            path: "/security/alerts_v2".into()
        })
    );
}

#[test]
fn configured_token_applies_when_the_file_has_none() {
    let tok = jwt::decode(&delegated("User.Read", None)).unwrap();
    let opts = Opts { configured: Some(&tok), ..Opts::default() };
    let text = format!("get('{}')\n", url("/v1.0/security/alerts_v2"));
    let f = findings_with("c.py", &text, &opts);
    assert_eq!(rules_at(&f), vec!["missing-permission@1"]);
    assert_eq!(f[0].token, Some(claimcheck_core::report::ReportToken::Config { kind: "delegated" }));
    assert!(f[0].message.contains("the configured delegated token"));
}

#[test]
fn method_inference_reaches_the_catalog() {
    // A token that satisfies nothing, so every URL yields a finding that names its endpoint.
    let rw = delegated("User.Read", None);
    let cases: Vec<(&str, String, &str)> = vec![
        ("a.http", format!("PATCH {}\nAuthorization: Bearer {rw}\n", url("/v1.0/security/incidents/1")), "PATCH"),
        ("b.sh", format!("curl -XPATCH \\\n  {}\n", url("/v1.0/security/incidents/1")), "PATCH"),
        ("c.sh", format!("curl --data '{{}}' {}\n", url("/v1.0/security/runHuntingQuery")), "POST"),
        (
            "d.ps1",
            format!("Invoke-MgGraphRequest -Method PATCH -Uri '{}'\n", url("/v1.0/security/incidents/1")),
            "PATCH",
        ),
        ("e.cs", format!("await http.PatchAsync(\"{}\", body);\n", url("/v1.0/security/incidents/1")), "PATCH"),
        ("f.yaml", format!("{{url: {}, method: POST}}\n", url("/v1.0/security/runHuntingQuery")), "POST"),
        ("g.py", format!("requests.get('{}')\n", url("/v1.0/security/incidents")), "GET"),
    ];
    for (name, text, method) in cases {
        let f = findings(name, &format!("t='{rw}'\n{text}"));
        let e = f.iter().find_map(|x| x.endpoint.clone()).unwrap_or_else(|| panic!("{name}: no URL finding in {f:?}"));
        assert_eq!(e.method, method, "{name}");
    }
}

#[test]
fn placeholders_and_concatenation_match_templates() {
    let bad = application(&["User.Read.All"]);
    for path in [
        "/v1.0/security/alerts_v2/{alertId}",
        "/v1.0/security/alerts_v2/${id}",
        "/v1.0/security/alerts_v2/$id",
        "/v1.0/security/alerts_v2/%s",
    ] {
        let text = format!("t='{bad}'\nget(\"{}\")\n", url(path));
        let f = findings("p.py", &text);
        let e = f.iter().find_map(|x| x.endpoint.clone()).unwrap();
        assert_eq!(e.path, "/security/alerts_v2/{id}", "{path}");
    }
    let text = format!("t='{bad}'\nget(\"{}/\" + alert_id)\n", url("/v1.0/security/alerts_v2"));
    let e = findings("p.js", &text).iter().find_map(|x| x.endpoint.clone()).unwrap();
    assert_eq!(e.path, "/security/alerts_v2/{id}");
}

#[test]
fn positions_count_scalar_values_across_line_breaks() {
    let tok = delegated("User.Read", None);
    let u = url("/v1.0/security/alerts_v2");
    // CRLF, a lone CR, and emoji / ZWJ / accents before the token.
    let text = format!("# é👩‍💻 \r\nx = 'é😀{tok}'\rget('{u}')\r\n");
    let f = findings("u.py", &text);
    let token = f.iter().find(|x| x.rule == Rule::HardcodedToken).unwrap();
    assert_eq!((token.line, token.column, token.end_line), (2, 8, 2));
    assert_eq!(token.end_column, 8 + tok.chars().count());
    let url_f = f.iter().find(|x| x.rule == Rule::MissingPermission).unwrap();
    assert_eq!((url_f.line, url_f.column, url_f.end_column), (3, 6, 6 + u.chars().count()));
}

#[test]
fn suppression_comments() {
    let bad = delegated("User.Read", None);
    let u = url("/v1.0/security/alerts_v2");
    let cases: Vec<(String, Vec<&str>)> = vec![
        (format!("t='{bad}'  # claimcheck:ignore\nget('{u}')  # claimcheck:ignore[missing-permission]\n"), vec![]),
        (format!("# claimcheck:ignore[hardcoded-token]\nt='{bad}'\nget('{u}')\n"), vec!["missing-permission@3"]),
        (
            format!("t='{bad}'\nget('{u}')  # claimcheck:ignore[hardcoded-token]\n"),
            vec!["hardcoded-token@1", "missing-permission@2"],
        ),
        (format!("x = 1  # claimcheck:ignore\nt='{bad}'\n"), vec!["hardcoded-token@2"]),
    ];
    for (text, want) in cases {
        assert_eq!(rules_at(&findings("s.py", &text)), want, "{text}");
    }
}

#[test]
fn severity_overrides() {
    let bad = delegated("SecurityEvents.Read.All", Some(&[HELPDESK_ADMIN]));
    let text = format!(
        "t='{bad}'\nget('{}')\nget('{}')\n",
        url("/v1.0/security/secureScores"),
        url("/v1.0/security/identities/healthIssues")
    );
    let base = findings("o.py", &text);
    let sev = |f: &[claimcheck_core::report::ReportFinding], r: Rule, line: usize| {
        f.iter().find(|x| x.rule == r && x.line == line).map(|x| x.severity)
    };
    assert_eq!(sev(&base, Rule::MissingRole, 2), Some(Severity::Error));
    assert_eq!(sev(&base, Rule::MissingRole, 3), Some(Severity::Information));
    let mut m = SeverityMap::new();
    m.insert(Rule::MissingRole, Some(Severity::Warning));
    m.insert(Rule::HardcodedToken, None);
    let f = findings_with("o.py", &text, &Opts { severity: m, ..Opts::default() });
    assert_eq!(sev(&f, Rule::MissingRole, 2), Some(Severity::Warning));
    assert_eq!(sev(&f, Rule::MissingRole, 3), Some(Severity::Warning));
    assert_eq!(sev(&f, Rule::HardcodedToken, 1), None);
}

#[test]
fn one_finding_per_location_and_rule() {
    let bad = delegated("User.Read", None);
    let u = url("/v1.0/security/alerts_v2");
    let text = format!("t='{bad}'\nInvoke-MgGraphRequest -Method GET -Uri \"{u}\"\n");
    assert_eq!(rules_at(&findings("x.ps1", &text)), vec!["hardcoded-token@1", "missing-permission@2"]);
}

#[test]
fn jwt_lookalikes_are_not_tokens() {
    let good = delegated("User.Read", None);
    let (h, rest) = good.split_once('.').unwrap();
    let cases = [
        format!("{h}.bm90IGpzb24.sig"),   // payload is not JSON
        format!("{h}.WzEsMl0.sig"),       // payload is an array
        format!("eyJub3QganNvbg.{rest}"), // header is not JSON
        format!("{h}.{rest}.enc.tag"),    // five segments: a JWE
        format!("{h}.%%%.sig"),           // broken base64
    ];
    for c in cases {
        assert!(findings("j.txt", &format!("x = \"{c}\"")).is_empty(), "{c}");
    }
}

/// All of Graph (`docs/behaviour.md`, "The permission catalog"): the rules on calls outside
/// `/security`, with the messages users read.
mod all_of_graph {
    use super::*;

    fn one(text: &str, rule: &str) -> String {
        let f = findings("case.py", text);
        let hits: Vec<&ReportFinding> = f.iter().filter(|x| x.rule.id() == rule).collect();
        assert_eq!(hits.len(), 1, "{rule} in {text}: {:?}", rules_at(&f));
        hits[0].message.clone()
    }

    use claimcheck_core::report::ReportFinding;

    #[test]
    fn missing_permission_names_the_least_privileged_fix_on_any_graph_url() {
        let tok = delegated("User.Read", None);
        let text = format!("TOKEN = \"{tok}\"\nget(\"{}\")\n", url("/v1.0/users/{id}/messages"));
        let m = one(&text, "missing-permission");
        assert_eq!(
            m,
            "GET /v1.0/users/{id}/messages needs Mail.ReadBasic, Mail.Read or Mail.ReadWrite; the delegated token on line 1 has scp User.Read, so Graph will answer 403. Add Mail.ReadBasic (Delegated) to the app registration and request it when the user signs in."
        );
        let ok = delegated("Mail.ReadBasic", None);
        let text = format!("TOKEN = \"{ok}\"\nget(\"{}\")\n", url("/v1.0/me/messages"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"]);
    }

    #[test]
    fn also_requires_names_the_partner() {
        // POST /servicePrincipals/{id}/owners/$ref: Application.ReadWrite.OwnedBy is least
        // privileged, and authorises the call only together with Directory.Read.All.
        let app = application(&["User.Read.All"]);
        let call = url("/v1.0/servicePrincipals/{id}/owners/$ref");
        let text = format!("TOKEN = \"{app}\"\nrequests.post(\"{call}\")\n");
        let m = one(&text, "missing-permission");
        assert!(
            m.ends_with("Add Application.ReadWrite.OwnedBy together with Directory.Read.All as an Application permission to the app registration and grant admin consent."),
            "{m}"
        );
        // Holding the permission without its partner: add the partner.
        let half = application(&["Application.ReadWrite.OwnedBy"]);
        let text = format!("TOKEN = \"{half}\"\nrequests.post(\"{call}\")\n");
        let m = one(&text, "missing-permission");
        assert!(m.contains("holds Application.ReadWrite.OwnedBy, which authorises this call only together with Directory.Read.All. Add Directory.Read.All as an Application permission"), "{m}");
        let both = application(&["Application.ReadWrite.OwnedBy", "Directory.Read.All"]);
        let text = format!("TOKEN = \"{both}\"\nrequests.post(\"{call}\")\n");
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"]);
    }

    #[test]
    fn me_with_an_application_token_needs_a_signed_in_user() {
        let app = application(&["Mail.Read"]);
        let text = format!("TOKEN = \"{app}\"\nget(\"{}\")\n", url("/v1.0/me/messages"));
        let m = one(&text, "unsupported-token-type");
        assert!(m.starts_with("GET /v1.0/me/messages is about the signed-in user"), "{m}");
        assert!(m.contains("/me needs a signed-in user; use /users/{id} (GET /v1.0/users/{id}/messages with Mail.ReadBasic.All (Application))"), "{m}");
        // /users/{id} with the same token works (Mail.ReadBasic.All would do).
        let text = format!("TOKEN = \"{app}\"\nget(\"{}\")\n", url("/v1.0/users/{id}/messages"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1", "over-privileged@2"]);
        // A /me path the map lacks still needs a user.
        let text = format!("TOKEN = \"{app}\"\nget(\"{}\")\n", url("/v1.0/me/notInTheMap"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1", "unsupported-token-type@2"]);
    }

    #[test]
    fn personal_accounts_are_judged_against_the_personal_scheme() {
        let consumer = "9188040d-6c67-4c5b-b112-36a304b66dad";
        let personal = |scp: &str| mint(json!({"aud": GRAPH, "idtyp": "user", "scp": scp, "tid": consumer}));
        // Personal accounts read their own mail with Mail.ReadBasic.
        let text = format!("TOKEN = \"{}\"\nget(\"{}\")\n", personal("Mail.ReadBasic"), url("/v1.0/me/messages"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"]);
        // /users lists no permission for personal accounts: a personal token cannot list users.
        let text = format!("TOKEN = \"{}\"\nget(\"{}\")\n", personal("User.Read.All"), url("/v1.0/users"));
        let m = one(&text, "unsupported-token-type");
        assert!(m.contains("publishes no permission for personal Microsoft accounts"), "{m}");
        assert!(m.contains("Sign in with a work or school account holding"), "{m}");
        // The same call with a work account's token passes.
        let text = format!("TOKEN = \"{}\"\nget(\"{}\")\n", delegated("User.ReadBasic.All", None), url("/v1.0/users"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"]);
    }

    #[test]
    fn resource_specific_consent_is_advised_only_when_nothing_else_is_accepted() {
        // GET /chats/{id}/messages: Chat.Read.All and ChatMessage.Read.Chat (RSC) are accepted.
        let app = application(&["User.Read.All"]);
        let text = format!("TOKEN = \"{app}\"\nget(\"{}\")\n", url("/v1.0/chats/{id}/messages"));
        let m = one(&text, "missing-permission");
        assert!(!m.contains("resource-specific consent"), "{m}");
        assert!(!m.contains("Add ChatMessage.Read.Chat"), "{m}");
        let rsc = application(&["ChatMessage.Read.Chat"]);
        let text = format!("TOKEN = \"{rsc}\"\nget(\"{}\")\n", url("/v1.0/chats/{id}/messages"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"], "RSC counts as accepted");
    }

    #[test]
    fn over_privileged_and_unknown_paths_outside_security() {
        let broad = delegated("Mail.ReadWrite Directory.ReadWrite.All", None);
        // GET /me: User.Read is least privileged; Directory.ReadWrite.All grants far more.
        let text = format!("TOKEN = \"{broad}\"\nget(\"{}\")\n", url("/v1.0/me"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1", "over-privileged@2"]);
        // A path the map lacks is not checked, and never unknown-endpoint outside /security.
        let text = format!("TOKEN = \"{broad}\"\nget(\"{}\")\n", url("/v1.0/notAThing/atAll"));
        assert_eq!(rules_at(&findings("case.py", &text)), ["hardcoded-token@1"]);
    }
}
