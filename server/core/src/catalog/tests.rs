//! Unit tests of the catalog: lookups, ordering, the file formats, the role and deprecation data.

use super::suggest::suggestion_distance;
use super::syntax::MAX_SEGMENTS;
use super::*;

use Method::{Delete, Get, Head, Patch, Post, Put};
use Version::{Beta, V1};

fn cat() -> &'static Catalog {
    Catalog::builtin()
}

/// What a lookup is expected to give, in a form one table line can spell.
#[derive(Debug)]
enum Want {
    /// An endpoint with this template.
    Ep(&'static str),
    NoData(&'static str),
    NotAllowed(&'static str, &'static [Method]),
    Unknown(Option<&'static str>, bool),
    Out,
}

fn s(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn check(c: &Catalog, version: Version, method: Method, path: &str, want: &Want) {
    let got = c.lookup(version, method, path);
    let ok = match (want, &got) {
        (Want::Ep(t), Lookup::Endpoint(e)) => e.path == *t && e.version == version,
        (Want::NoData(t), Lookup::NoPermissionData { template, .. }) => template == t,
        (Want::NotAllowed(t, ms), Lookup::MethodNotAllowed { template, methods }) => template == t && methods == ms,
        (Want::Unknown(s, o), Lookup::Unknown { suggestion, in_other_version }) => {
            suggestion.as_deref() == *s && in_other_version == o
        }
        (Want::Out, Lookup::OutOfScope) => true,
        _ => false,
    };
    assert!(ok, "{method} /{version}{path}: wanted {want:?}, got {got:?}");
}

#[test]
fn builtin_holds_every_row() {
    let c = cat();
    let security = |v| c.known_paths(v).filter(|(p, _)| syntax::under_security(p)).count();
    let (v1, beta) = (security(V1), security(Beta));
    assert!((440..=470).contains(&v1), "v1.0 known /security paths: {v1}");
    assert!((640..=680).contains(&beta), "beta known /security paths: {beta}");
    let all = c.known_paths(V1).count();
    assert!((7000..=8000).contains(&all), "v1.0 known paths: {all}");
    let rows = c.endpoints().count();
    assert!(rows > 20_000, "rows with permissions: {rows}");
    for e in c.endpoints() {
        let here = format!("{} /{}{}", e.method, e.version, e.path);
        assert!(e.has_permissions(), "{here}: no permission");
        for s in Scheme::ALL {
            let (acc, least) = (e.accepted_in(s), e.least_in(s));
            assert!(least.iter().all(|p| acc.contains(p)), "{here}: least outside accepted");
            assert_eq!(&acc[..least.len()], least, "{here}: least privileged not first");
            if !syntax::under_security(&e.path) {
                assert_eq!(acc.is_empty(), least.is_empty(), "{here}: {s:?} least set");
            }
            for (p, partners) in &e.also_requires[s as usize] {
                assert!(acc.contains(p) && !partners.is_empty(), "{here}: AlsoRequires of {p}");
            }
        }
        for kind in [TokenKind::Delegated, TokenKind::Application] {
            let (acc, least) = (e.accepted(kind), e.least(kind));
            assert_eq!(acc.is_empty(), least.is_empty(), "{here}: {kind:?} least set");
        }
        assert!(!e.path.contains('{') || e.path.contains("{id}"), "{here}: key not {{id}}");
        // Every row must be reachable from its own template.
        assert_eq!(c.lookup(e.version, e.method, &e.path), Lookup::Endpoint(e), "{here}");
    }
    for (path, methods) in c.known_paths(V1).chain(c.known_paths(Beta)) {
        assert!(!methods.is_empty() && !methods.contains(&Head), "{path}");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn permission_names_are_well_formed() {
    let c = cat();
    for e in c.endpoints() {
        let names = e.delegated.iter().chain(&e.application).chain(&e.personal);
        let replacement = e.deprecation.iter().flat_map(|d| &d.replacement_permissions);
        for p in names.chain(replacement) {
            assert!(is_permission_name(p), "{} {}: {p:?}", e.method, e.path);
        }
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn spec_role_ids_resolve_by_name() {
    for (name, id) in [
        ("Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509"),
        ("Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d"),
        ("Global Administrator", "62e90394-69f5-4237-9190-012177145e10"),
    ] {
        assert_eq!(cat().role(name).map(|r| r.id), Some(id.to_owned()), "{name}");
        assert_eq!(cat().role_name(id), Some(name));
        assert_eq!(cat().role_name(&id.to_ascii_uppercase()), Some(name));
    }
    assert_eq!(cat().role_name("00000000-0000-0000-0000-000000000000"), None);
}

#[test]
#[rustfmt::skip] // one case per line
fn lookups() {
    use Want::*;
    let table: &[(Version, Method, &str, Want)] = &[
        (V1, Get, "/security/alerts_v2", Ep("/security/alerts_v2")),
        (V1, Get, "/SECURITY/Alerts_V2", Ep("/security/alerts_v2")),
        (V1, Get, "/security/alerts_v2/", Ep("/security/alerts_v2")),
        (V1, Get, "/security/alerts_v2/{}", Ep("/security/alerts_v2/{id}")),
        (V1, Get, "/security/alerts_v2/da637578995287051192_756343937", Ep("/security/alerts_v2/{id}")),
        (V1, Head, "/security/alerts_v2/abc", Ep("/security/alerts_v2/{id}")),
        (V1, Patch, "/security/incidents/{}", Ep("/security/incidents/{id}")),
        // A literal template segment beats {id}, and a wrong method on it is not an id.
        (V1, Post, "/security/incidents/mergeIncidents", NoData("/security/incidents/mergeIncidents")),
        (V1, Get, "/security/incidents/mergeIncidents", NotAllowed("/security/incidents/mergeIncidents", &[Post])),
        (Beta, Post, "/security/alerts/updateAlerts", Ep("/security/alerts/updateAlerts")),
        (Beta, Get, "/security/alerts/updateAlerts", NotAllowed("/security/alerts/updateAlerts", &[Post])),
        // When the literal path dead-ends, the segment is a key after all.
        (V1, Get, "/security/incidents/mergeIncidents/alerts", NoData("/security/incidents/{id}/alerts")),
        // A placeholder prefers {id}, then the one path that allows the method; several
        // equally good paths leave the call undetermined.
        (V1, Post, "/security/alerts_v2/{}", NoData("/security/alerts_v2/moveAlerts")),
        (Beta, Post, "/security/alerts_v2/{}", Out),
        (V1, Get, "/security/{}", Out),
        (V1, Get, "/security/{}/{}", Out),
        (V1, Get, "/security/incidents/{}/{}", NoData("/security/incidents/{id}/alerts")),
        (V1, Patch, "/security/alerts_v2/{}", Ep("/security/alerts_v2/{id}")),
        // Namespace-qualified operation names; type casts that are templates stay.
        (V1, Post, "/security/microsoft.graph.security.runHuntingQuery", Ep("/security/runHuntingQuery")),
        (V1, Post, "/security/runhuntingquery", Ep("/security/runHuntingQuery")),
        (Beta, Get, "/security/caseManagement/cases/microsoft.graph.security.caseManagement.genericCase", Ep("/security/caseManagement/cases/microsoft.graph.security.caseManagement.genericCase")),
        (V1, Get, "/security/threatIntelligence/hosts/{}/microsoft.graph.security.hostname", NoData("/security/threatIntelligence/hosts/{id}/microsoft.graph.security.hostname")),
        // Functions with and without parentheses and arguments; keys in parentheses.
        (Beta, Get, "/security/getRunHuntingQuery()", Ep("/security/getRunHuntingQuery()")),
        (Beta, Get, "/security/getrunhuntingquery", Ep("/security/getRunHuntingQuery()")),
        (V1, Get, "/security/identities/sensors/getDeploymentAccessKey()", Ep("/security/identities/sensors/getDeploymentAccessKey()")),
        (V1, Get, "/security/identities/sensors/microsoft.graph.security.getDeploymentAccessKey()", Ep("/security/identities/sensors/getDeploymentAccessKey()")),
        (Beta, Get, "/security/cases/ediscoveryCases/{}/operations/{}/microsoft.graph.security.ediscoveryExportOperation/getDownloadUrl(x='1')", Ep("/security/cases/ediscoveryCases/{id}/operations/{id}/microsoft.graph.security.ediscoveryExportOperation/getDownloadUrl()")),
        (V1, Get, "/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance(labelIds=['a'],locale='en-US',contentFormats=['file'])", Ep("/security/dataSecurityAndGovernance/sensitivityLabels/computeInheritance()")),
        (V1, Get, "/security/alerts_v2('abc')", Ep("/security/alerts_v2/{id}")),
        (V1, Get, "/security/subjectRightsRequests/{}/approvers(userPrincipalName='a@b.c')", NoData("/security/subjectRightsRequests/{id}/approvers/{id}")),
        // OData suffixes.
        (V1, Get, "/security/alerts_v2/$count", Ep("/security/alerts_v2")),
        (V1, Get, "/security/alerts_v2/$COUNT", Ep("/security/alerts_v2")),
        (V1, Post, "/security/alerts_v2/$count", NotAllowed("/security/alerts_v2/$count", &[Get])),
        (V1, Get, "/security/incidents/{}/alerts/$count", NoData("/security/incidents/{id}/alerts/$count")),
        (V1, Get, "/security/alerts_v2/{}/$value", Ep("/security/alerts_v2/{id}")),
        (V1, Delete, "/security/labels/retentionLabels/{}/descriptors/$ref", NoData("/security/labels/retentionLabels/{id}/descriptors")),
        (Beta, Get, "/security/cases/ediscoveryCases/{}/reviewSets/{}/files/{}/content/$value", NoData("/security/cases/ediscoveryCases/{id}/reviewSets/{id}/files/{id}/content")),
        // Known path, no published permission.
        (V1, Post, "/security/alerts_v2/moveAlerts", NoData("/security/alerts_v2/moveAlerts")),
        (V1, Get, "/security", NoData("/security")),
        // Method not allowed on a known path.
        (V1, Put, "/security/alerts_v2", NotAllowed("/security/alerts_v2", &[Get, Post])),
        (V1, Put, "/security/incidents/{}", NotAllowed("/security/incidents/{id}", &[Get, Patch, Delete])),
        // Unknown, with and without a suggestion; known in the other version.
        (V1, Get, "/security/secureScore", Unknown(Some("/security/secureScores"), false)),
        (V1, Get, "/security/alert_v2", Unknown(Some("/security/alerts_v2"), false)),
        (V1, Get, "/security/alert_v2/{}", Unknown(Some("/security/alerts_v2/{id}"), false)),
        (V1, Get, "/security/incidents/{}/alert", Unknown(Some("/security/incidents/{id}/alerts"), false)),
        (V1, Get, "/security/secureScore/$count", Unknown(Some("/security/secureScores/$count"), false)),
        (V1, Get, "/security/nonsense", Unknown(None, false)),
        (V1, Get, "/security/ab", Unknown(None, false)),
        (V1, Get, "/security/tiIndicators", Unknown(None, true)),
        (V1, Post, "/security/alerts/updateAlerts", Unknown(None, true)),
        // Suggestions come from the same version only.
        (V1, Get, "/security/tiIndicator", Unknown(None, false)),
        (Beta, Get, "/security/tiIndicator", Unknown(Some("/security/tiIndicators"), false)),
        (Beta, Delete, "/security/threatSubmission/emailthreatsubmissionpolices/{}", Unknown(Some("/security/threatSubmission/emailThreatSubmissionPolicies/{id}"), false)),
        // All of Graph: the permission map's paths, in both versions.
        (V1, Get, "/me", Ep("/me")),
        (Beta, Get, "/ME", Ep("/me")),
        (V1, Get, "/users/{}/messages", Ep("/users/{id}/messages")),
        (V1, Get, "/users/someone@contoso.com/messages", Ep("/users/{id}/messages")),
        // Alternate keys are the member; function arguments and colon paths match.
        (V1, Get, "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')", Ep("/servicePrincipals/{id}")),
        (V1, Get, "/reports/getEmailActivityUserDetail(period='D7')", Ep("/reports/getemailactivityuserdetail(date={id})")),
        (V1, Get, "/me/drive/root:/Documents/report.xlsx:/content", Ep("/me/drive/root:/{id}:/content")),
        (V1, Put, "/drives/{}/items/{}:/a/b.txt:/content", Ep("/drives/{id}/items/{id}:/{id}:/content")),
        // Trailing OData segments on a map path.
        (V1, Get, "/users/{}/messages/$count", Ep("/users/{id}/messages")),
        (V1, Get, "/groups/{}/members/$count", Ep("/groups/{id}/members")),
        // The map has no row for adding a member by reference: not checked.
        (V1, Post, "/groups/{}/members/$ref", Out),
        // Outside /security a path or method the map lacks is not checked.
        (V1, Get, "/me/notAThing", Out),
        (V1, Delete, "/me", Out),
        (V1, Get, "/", Out),
        (V1, Get, "", Out),
    ];
    for (version, method, path, want) in table {
        check(cat(), *version, *method, path, want);
    }
}

#[test]
fn lookup_of_an_absurdly_long_path_gives_up_cleanly() {
    let long = "/security".to_owned() + &"/x".repeat(MAX_SEGMENTS + 5);
    check(cat(), V1, Get, &long, &Want::Unknown(None, false));
    check(cat(), V1, Get, &"/x".repeat(MAX_SEGMENTS + 5), &Want::Out);
}

#[test]
#[rustfmt::skip] // one case per line
fn methods_for_lists_known_methods() {
    for (version, path, want) in [
        (V1, "/security/alerts_v2/{id}", &[Get, Patch, Delete][..]),
        (V1, "/security/alerts_v2/abc", &[Get, Patch, Delete]),
        (Beta, "/security/alerts", &[Get, Post]),
        (V1, "/security/alerts_v2/$count", &[Get]),
        (V1, "/security/tiIndicators", &[]),
        (V1, "/me", &[Get]),
        (V1, "/me/notAThing", &[]),
    ] {
        assert_eq!(cat().methods_for(version, path), want, "{version} {path}");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn no_published_permission_is_told_from_no_row() {
    for (version, method, path, want) in [
        (V1, Post, "/security/alerts_v2/moveAlerts", true),
        (V1, Get, "/security/incidents/{}/alerts", true),
        (Beta, Post, "/security/identities/identityAccounts/{}/invokeAction", true),
        (V1, Get, "/security/alerts_v2/$count", false),
        (V1, Get, "/security", false),
        (V1, Get, "/security/alerts_v2", false),
    ] {
        assert_eq!(cat().publishes_no_permission(version, method, path), want, "{method} {path}");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn permissions_and_least_privileged_sets() {
    type Case = (Version, Method, &'static str, &'static [&'static str], &'static [&'static str], &'static [&'static str], &'static [&'static str]);
    let table: &[Case] = &[
        (V1, Get, "/security/alerts_v2", &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All"]),
        (V1, Get, "/security/alerts_v2/{id}", &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"], &["SecurityAlert.Read.All", "SecurityAlert.ReadWrite.All"]),
        // Every AuditLogsQuery scope satisfies an audit query: the body decides which.
        (V1, Post, "/security/auditLog/queries", &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"], &["AuditLogsQuery-Entra.Read.All", "AuditLogsQuery-CRM.Read.All", "AuditLogsQuery-Endpoint.Read.All", "AuditLogsQuery-Exchange.Read.All", "AuditLogsQuery-OneDrive.Read.All", "AuditLogsQuery-SharePoint.Read.All", "AuditLogsQuery.Read.All"]),
        // eDiscovery writes recommend ReadWrite; Read.All stays accepted as the source says.
        (V1, Post, "/security/cases/ediscoveryCases", &["eDiscovery.ReadWrite.All", "eDiscovery.Read.All"], &["eDiscovery.ReadWrite.All"], &["eDiscovery.ReadWrite.All", "eDiscovery.Read.All"], &["eDiscovery.ReadWrite.All"]),
        (V1, Get, "/security/cases/ediscoveryCases", &["eDiscovery.Read.All", "eDiscovery.ReadWrite.All"], &["eDiscovery.Read.All"], &["eDiscovery.Read.All", "eDiscovery.ReadWrite.All"], &["eDiscovery.Read.All"]),
        // threatSubmission's delegated lists carry no least flag: the first is least.
        (Beta, Get, "/security/threatSubmission/emailThreats", &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"], &["ThreatSubmission.Read.All"], &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"], &["ThreatSubmission.Read.All", "ThreatSubmission.ReadWrite.All"]),
        // Application only, delegated only, and names that differ by kind.
        (V1, Get, "/security/collaboration/analyzedEmails", &[], &[], &["SecurityAnalyzedMessage.Read.All", "SecurityAnalyzedMessage.ReadWrite.All"], &["SecurityAnalyzedMessage.Read.All"]),
        (V1, Post, "/security/subjectRightsRequests", &["SubjectRightsRequest.ReadWrite.All"], &["SubjectRightsRequest.ReadWrite.All"], &[], &[]),
        (Beta, Get, "/security/informationProtection/sensitivityLabels", &["InformationProtectionPolicy.Read"], &["InformationProtectionPolicy.Read"], &["InformationProtectionPolicy.Read.All"], &["InformationProtectionPolicy.Read.All"]),
        (Beta, Get, "/security/tiIndicators", &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"], &["ThreatIndicators.ReadWrite.OwnedBy"]),
        // A source_anomaly typo row lands on the real navigation.
        (Beta, Delete, "/security/threatSubmission/emailThreatSubmissionPolicies/{id}", &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"], &["ThreatSubmissionPolicy.ReadWrite.All"]),
    ];
    for (version, method, path, d, ld, a, la) in table {
        let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else {
            panic!("{method} {path}: no endpoint");
        };
        let here = format!("{method} /{version}{path}");
        assert_eq!(e.delegated, *d, "{here} delegated");
        assert_eq!(e.least_delegated, *ld, "{here} least delegated");
        assert_eq!(e.application, *a, "{here} application");
        assert_eq!(e.least_application, *la, "{here} least application");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn inferred_rows_are_marked() {
    for (version, method, path, inferred) in [
        (V1, Get, "/security/threatIntelligence/whoisRecords", true),
        (V1, Get, "/security/threatIntelligence/articles", false),
    ] {
        let Lookup::Endpoint(e) = cat().lookup(version, method, path) else { panic!("{path}") };
        assert_eq!(e.inferred, inferred, "{path}");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn roles_per_family() {
    const READ: &[&str] = &["Security Reader", "Security Administrator", "Global Administrator"];
    const WRITE: &[&str] = &["Security Administrator", "Global Administrator"];
    use RoleStrength::{Loose, None as NoRole, Purview, Strict};
    let table: &[(Version, Method, &str, RoleStrength, &[&str])] = &[
        (V1, Get, "/security/alerts", Strict, READ),
        (V1, Get, "/security/alerts/{}", Strict, READ),
        (V1, Patch, "/security/alerts/{}", Strict, WRITE),
        (Beta, Post, "/security/alerts/updateAlerts", Strict, WRITE),
        (V1, Get, "/security/alerts/$count", Strict, READ),
        (V1, Head, "/security/secureScores", Strict, READ),
        (V1, Get, "/security/secureScores/{}", Strict, READ),
        (V1, Patch, "/security/secureScoreControlProfiles/{}", Strict, WRITE),
        (Beta, Get, "/security/tiIndicators", Strict, READ),
        (Beta, Post, "/security/tiIndicators/submitTiIndicators", Strict, WRITE),
        (V1, Get, "/security/alerts_v2", NoRole, &[]),
        (V1, Get, "/security/incidents", NoRole, &[]),
        (V1, Get, "/security/identities/healthIssues", Loose, WRITE),
        (V1, Patch, "/security/identities/sensors/{}", Loose, WRITE),
        (V1, Get, "/security/cases/ediscoveryCases", Purview, &[]),
        (V1, Post, "/security/cases/ediscoveryCases/{}/searches/{}/purgeData", Purview, &[]),
        (Beta, Get, "/security/caseManagement/cases", NoRole, &[]),
    ];
    for (version, method, path, strength, names) in table {
        let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else { panic!("{path}") };
        assert_eq!(e.roles.strength, *strength, "{method} {path}");
        let got: Vec<&str> = e.roles.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(got, *names, "{method} {path}");
        for r in &e.roles.roles {
            assert_eq!(cat().role_name(&r.id), Some(r.name.as_str()));
        }
    }
    let purview = cat().role_requirement("/security/cases/ediscoveryCases", Get);
    assert_eq!(purview.display_names(), ["eDiscovery Manager", "eDiscovery Administrator"]);
}

#[test]
#[rustfmt::skip] // one case per line
fn deprecation_per_family() {
    type Replacement = Option<(Method, &'static str, &'static str, bool)>;
    let table: &[(Version, Method, &str, Replacement)] = &[
        (V1, Get, "/security/alerts", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
        (Beta, Get, "/security/alerts", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
        (V1, Get, "/security/alerts/{}", Some((Get, "/security/alerts_v2/{id}", "SecurityAlert.Read.All", true))),
        (V1, Patch, "/security/alerts/{}", Some((Patch, "/security/alerts_v2/{id}", "SecurityAlert.ReadWrite.All", true))),
        (Beta, Post, "/security/alerts/updateAlerts", Some((Patch, "/security/alerts_v2/{id}", "SecurityAlert.ReadWrite.All", false))),
        (V1, Get, "/security/alerts/$count", Some((Get, "/security/alerts_v2", "SecurityAlert.Read.All", true))),
        (V1, Get, "/security/alerts_v2", None),
        (V1, Get, "/security/secureScores", None),
        (Beta, Get, "/security/tiIndicators", None),
    ];
    for (version, method, path, want) in table {
        let Lookup::Endpoint(e) = cat().lookup(*version, *method, path) else { panic!("{path}") };
        let got = e.deprecation.as_ref().map(|d| {
            (
                d.replacement_method,
                d.replacement_path.as_deref().unwrap_or(""),
                d.replacement_permissions.join(" "),
                d.path_fix,
            )
        });
        let want = want.map(|(m, p, perm, fix)| (m, p, perm.to_owned(), fix));
        assert_eq!(got, want, "{method} /{version}{path}");
    }
}

const DEVX_SAMPLE: &str = r#"{
  "$schema": "https://example.invalid/schema.json",
  "permissions": {
    "User.Read": {
      "authorizationType": "oAuth2",
      "schemes": {
        "DelegatedWork": {"adminDisplayName": "x", "privilegeLevel": 1},
        "DelegatedPersonal": {"privilegeLevel": 1}
      },
      "pathSets": [
        {"schemeKeys": ["DelegatedWork", "DelegatedPersonal"], "methods": ["GET"],
         "paths": {"/me": "least=DelegatedWork,DelegatedPersonal", "/users/{user-id}": ""}}
      ]
    },
    "User.Read.All": {
      "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
      "pathSets": [
        {"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
         "paths": {"/me": "", "/users/{user-id}": "least=Application"}}
      ]
    },
    "User.ReadBasic.All": {
      "schemes": {"DelegatedWork": {"privilegeLevel": 2}},
      "pathSets": [
        {"schemeKeys": ["DelegatedWork"], "methods": ["GET"], "paths": {"/users/{user-id}": ""}}
      ]
    },
    "Mail.Send": {
      "schemes": {"DelegatedPersonal": {"privilegeLevel": 2}},
      "pathSets": [
        {"schemeKeys": ["DelegatedPersonal"], "methods": ["POST"], "paths": {"/me/sendMail": "least=DelegatedPersonal"}}
      ]
    },
    "Reports.Read.All": {
      "schemes": {"Application": {"privilegeLevel": 3}},
      "pathSets": [
        {"schemeKeys": ["Application"], "methods": ["GET"],
         "paths": {"/reports/getmailboxusagestorage(period={value})": "least=Application",
                   "/serviceprincipals(appid={value})/sponsors": "least=Application;AlsoRequires=Directory.Read.All"}}
      ]
    },
    "SecurityAlert.Read.All": {
      "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
      "pathSets": [
        {"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
         "paths": {"/security/alerts_v2": "least=DelegatedWork,Application",
                   "/security/tiindicators": "least=DelegatedWork",
                   "/security/newThing": "least=DelegatedWork,Application"}}
      ]
    },
    "AuditLogsQuery-Entra.Read.All": {
      "schemes": {"DelegatedWork": {"privilegeLevel": 3}, "Application": {"privilegeLevel": 3}},
      "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"],
                    "paths": {"/security/auditlog/queries": "least=DelegatedWork,Application"}}]
    }
  }
}"#;

#[test]
fn graph_explorer_loader() {
    let c = cat().with_extra(DEVX_SAMPLE).expect("sample loads");
    let ep = |v, m, p: &str| match c.lookup(v, m, p) {
        Lookup::Endpoint(e) => e.clone(),
        other => panic!("{m} {p}: {other:?}"),
    };
    // Marked least first, then privilege level; any {name} is a key.
    let me = ep(V1, Get, "/me");
    assert_eq!(
        (me.delegated.as_slice(), me.least_delegated.as_slice()),
        (&s(&["User.Read", "User.Read.All"])[..], &s(&["User.Read"])[..])
    );
    assert_eq!(
        (me.application.as_slice(), me.least_application.as_slice()),
        (&s(&["User.Read.All"])[..], &s(&["User.Read.All"])[..])
    );
    // DelegatedPersonal is read too.
    assert_eq!(
        (me.personal.as_slice(), me.least_personal.as_slice()),
        (&s(&["User.Read"])[..], &s(&["User.Read"])[..])
    );
    assert_eq!(me.path, "/me");
    assert_eq!(ep(Beta, Get, "/ME").path, "/me");
    let user = ep(V1, Get, "/users/{}");
    assert_eq!(user.path, "/users/{id}");
    // None marked for delegated: all are least privileged, ordered by privilege level.
    assert_eq!(user.delegated, ["User.Read", "User.ReadBasic.All", "User.Read.All"]);
    assert_eq!(user.least_delegated, ["User.Read", "User.ReadBasic.All", "User.Read.All"]);
    assert_eq!(user.least_application, ["User.Read.All"]);
    // A scheme list with only DelegatedPersonal gives a row for personal accounts only.
    let send = ep(V1, Post, "/me/sendMail");
    assert_eq!(
        (send.personal.as_slice(), send.delegated.len(), send.application.len()),
        (&s(&["Mail.Send"])[..], 0, 0)
    );
    // Function arguments and alternate keys in templates; AlsoRequires.
    assert_eq!(ep(V1, Get, "/reports/getMailboxUsageStorage(period='D7')").application, ["Reports.Read.All"]);
    let sponsors = ep(V1, Get, "/servicePrincipals(appId='x')/sponsors");
    assert_eq!(sponsors.application, ["Reports.Read.All"]);
    assert_eq!(sponsors.partners(Scheme::Application, "Reports.Read.All"), ["Directory.Read.All"]);
    assert_eq!(ep(V1, Get, "/servicePrincipals/{}/sponsors").application, ["Reports.Read.All"]);
    // Outside /security a missing method is out of scope, not an unknown endpoint.
    check(&c, V1, Delete, "/me", &Want::Out);
    // Overrides the built-in row it matches, keeping its deprecation-free state and version.
    let alerts = ep(V1, Get, "/security/alerts_v2");
    assert_eq!(alerts.delegated, ["SecurityAlert.Read.All"]);
    // A beta-only /security path stays beta-only.
    check(&c, V1, Get, "/security/tiIndicators", &Want::Unknown(None, true));
    assert_eq!(ep(Beta, Get, "/security/tiIndicators").delegated, ["SecurityAlert.Read.All"]);
    // A /security path known in neither version becomes known in both.
    check(&c, V1, Get, "/security/newThing", &Want::Ep("/security/newThing"));
    check(&c, Beta, Get, "/security/newThing", &Want::Ep("/security/newThing"));
    // Accepted set differs from the built-in row: the extra row wins.
    assert_eq!(ep(V1, Get, "/security/auditLog/queries").delegated, ["AuditLogsQuery-Entra.Read.All"]);
    // The built-in catalog itself is untouched.
    let Lookup::Endpoint(builtin_me) = cat().lookup(V1, Get, "/me") else { panic!("/me") };
    assert!(builtin_me.delegated.iter().any(|p| p == "Directory.Read.All"), "{:?}", builtin_me.delegated);
    assert!(c.endpoints().all(|e| !e.path.is_empty()));
}

#[test]
fn graph_explorer_rows_with_the_same_permissions_keep_curated_least_sets() {
    let all = [
        "AuditLogsQuery-Entra.Read.All",
        "AuditLogsQuery-CRM.Read.All",
        "AuditLogsQuery-Endpoint.Read.All",
        "AuditLogsQuery-Exchange.Read.All",
        "AuditLogsQuery-OneDrive.Read.All",
        "AuditLogsQuery-SharePoint.Read.All",
        "AuditLogsQuery.Read.All",
    ];
    let perms: Vec<String> = all
        .iter()
        .map(|p| {
            let least = if p.contains("Entra") { "least=DelegatedWork,Application" } else { "" };
            format!(r#""{p}": {{"schemes": {{}}, "pathSets": [{{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"], "paths": {{"/security/auditlog/queries": "{least}"}}}}]}}"#)
        })
        .collect();
    let text = format!(r#"{{"permissions": {{{}}}}}"#, perms.join(","));
    let c = cat().with_extra(&text).expect("loads");
    let Lookup::Endpoint(e) = c.lookup(V1, Get, "/security/auditLog/queries") else { panic!() };
    assert_eq!(e.least_delegated.len(), all.len());
}

#[test]
fn own_format_extra_overrides_and_adds() {
    let extra = r#"{
      "roles": {"Security Operator": "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"},
      "paths": {
        "/security/alerts_v2": {"v1.0": ["GET", "POST"],
          "GET": {"delegated": ["SecurityAlert.ReadWrite.All"], "application": ["SecurityAlert.ReadWrite.All"]}},
        "/security/alerts/{alert-id}": {"PATCH": {"versions": ["v1.0"], "delegated": ["SecurityEvents.ReadWrite.All"], "application": [], "deprecated": false}},
        "/security/alerts": {"GET": {"versions": ["beta"], "delegated": ["SecurityEvents.Read.All"], "application": ["SecurityEvents.Read.All"]}},
        "/security/brandNew/{id}": {"beta": ["GET"], "GET": {"delegated": ["X.ReadWrite.All", "X.Read.All"], "least_delegated": ["X.Read.All"], "inferred": true}},
        "/print/printers": {"GET": {"delegated": ["Printer.Read.All"], "application": []}},
        "/security/incidents/{id}/alerts": {"GET": {"delegated": ["SecurityIncident.Read.All"], "application": ["SecurityIncident.Read.All"]}}
      }
    }"#;
    let c = cat().with_extra(extra).expect("loads");
    let ep = |v, m, p: &str| match c.lookup(v, m, p) {
        Lookup::Endpoint(e) => e.clone(),
        other => panic!("{m} {p}: {other:?}"),
    };
    assert_eq!(ep(V1, Get, "/security/alerts_v2").least_delegated, ["SecurityAlert.ReadWrite.All"]);
    assert_eq!(ep(Beta, Get, "/security/alerts_v2").least_delegated, ["SecurityAlert.Read.All"]);
    assert_eq!(ep(V1, Patch, "/security/alerts/{}").deprecation, None);
    assert!(ep(Beta, Patch, "/security/alerts/{}").deprecation.is_some());
    assert!(ep(Beta, Get, "/security/alerts").deprecation.is_some(), "absent `deprecated` keeps it");
    assert!(ep(Beta, Get, "/security/brandNew/x").inferred);
    assert_eq!(ep(Beta, Get, "/security/brandNew/x").delegated, ["X.Read.All", "X.ReadWrite.All"]);
    check(&c, V1, Get, "/security/brandNew/x", &Want::Unknown(None, true));
    assert_eq!(ep(V1, Get, "/print/printers").delegated, ["Printer.Read.All"]);
    assert!(!c.publishes_no_permission(V1, Get, "/security/incidents/{}/alerts"));
    assert_eq!(c.role_name("5f2222b1-57c3-48ba-8ad5-d4759f1fde6f"), Some("Security Operator"));
    // New: brandNew in beta and incidents/{id}/alerts in both versions (no permission before);
    // /print/printers is in the built-in map already and is replaced.
    assert_eq!(c.endpoints().count(), cat().endpoints().count() + 1 + 2);
}

#[test]
#[rustfmt::skip] // one case per line
fn extra_errors_are_clear() {
    for (text, needle) in [
        ("not json", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        (r#"{"rows": {}}"#, "expected a top-level \"paths\""),
        (r#"{"paths": {"/a": {"GET": {"delegated": ["Bad Name"]}}}}"#, "\"Bad Name\" is not a permission name"),
        (r#"{"paths": {"/a": {"GET": {"delgated": []}}}}"#, "unknown field `delgated`"),
        (r#"{"paths": {"/a": {"v2.0": ["GET"]}}}"#, "unknown field `v2.0`"),
        (r#"{"paths": {"/a": {"v1.0": ["FETCH"]}}}"#, "unknown method \"FETCH\""),
        (r#"{"paths": {"/a": {"GET": {"delegated": ["A.Read"], "least_delegated": ["B.Read"]}}}}"#, "least_delegated names \"B.Read\""),
        (r#"{"paths": {"a": {}}}"#, "starts with '/'"),
        (r#"{"paths": {"/a": {}, "/a": {}}}"#, "written twice"),
        (r#"{"format": 3, "paths": {}}"#, "format 3 is not supported"),
        (r#"{"roles": {"X": "nope"}, "paths": {}}"#, "not a role template id"),
        (r#"{"permissions": {"A.Read": {"pathSets": [{"schemeKeys": ["Application"], "methods": ["FETCH"], "paths": {}}]}}}"#, "unknown method \"FETCH\""),
        (r#"{"permissions": []}"#, "Graph Explorer"),
    ] {
        let err = cat().with_extra(text).expect_err(text);
        assert!(err.contains(needle), "{text}: {err}");
    }
}

#[test]
#[rustfmt::skip] // one case per line
fn suggestions_stay_close() {
    for (written, key, want) in [
        ("secureScore", "securescores", Some(1)),
        ("alert_v2", "alerts_v2", Some(1)),
        ("ab", "cd", None),
        ("alerts", "labels", None),
        ("microsoft.graph.security.runHuntingQuer", "runhuntingquery", Some(1)),
    ] {
        assert_eq!(suggestion_distance(written, key), want, "{written} -> {key}");
    }
}
