//! `claimcheck permissions` output (`docs/behaviour.md`, "`claimcheck permissions`"): JSON
//! schema version 1, the human report ending with paste-ready snippets, and the same report in
//! markdown for the language server's `claimcheck.showPermissions`.

use std::fmt::Write as _;

use serde::Serialize;

use super::model::{App, Model};
use super::names::Names;
use super::GRAPH_APP_ID;
use crate::grants::ki;
use crate::types::TokenKind;

const KINDS: [TokenKind; 2] = [TokenKind::Delegated, TokenKind::Application];

#[derive(Serialize)]
struct JsonDoc<'a> {
    version: u32,
    apps: Vec<JsonApp<'a>>,
}

#[derive(Serialize)]
struct JsonApp<'a> {
    name: &'a str,
    root: &'a str,
    declarations: Vec<JsonDecl<'a>>,
    calls: Vec<JsonCall<'a>>,
    needed: PerKind<'a>,
    missing: PerKind<'a>,
    excess: Vec<JsonExcess<'a>>,
}

#[derive(Serialize)]
struct JsonDecl<'a> {
    path: &'a str,
    line: usize,
    source: &'static str,
    kind: &'static str,
    permission: Option<&'a str>,
    id: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonCall<'a> {
    path: &'a str,
    line: usize,
    method: &'static str,
    method_source: &'static str,
    version: &'static str,
    endpoint: &'a str,
    kind: &'static str,
    covered_by: Option<&'a str>,
}

#[derive(Serialize)]
struct PerKind<'a> {
    delegated: &'a [String],
    application: &'a [String],
}

#[derive(Serialize)]
struct JsonExcess<'a> {
    permission: &'a str,
    kind: &'static str,
    rule: &'static str,
    instead: Option<&'a str>,
}

/// The apps a report shows: all, or the one named.
pub fn selected<'m>(m: &'m Model, app: Option<&str>) -> Vec<&'m App> {
    m.apps.iter().filter(|a| app.is_none_or(|n| a.name == n)).collect()
}

/// Whether any call of the shown apps will get 403 (exit code 1).
pub fn anything_missing(apps: &[&App]) -> bool {
    apps.iter().any(|a| a.complete && a.calls.iter().any(|c| c.covered_by.is_none()))
}

struct DeclRow<'m> {
    path: &'m str,
    line: usize,
    source: &'static str,
    kind: TokenKind,
    permission: Option<&'m str>,
    id: Option<&'m str>,
}

/// A file's path in a report: as the shell shows it, or (`rel`) below the workspace root.
fn shown(f: &super::model::WsFile, rel: bool) -> &str {
    if rel {
        &f.rel
    } else {
        &f.display
    }
}

fn decl_rows<'m>(m: &'m Model, a: &'m App, rel: bool) -> Vec<DeclRow<'m>> {
    let mut rows: Vec<DeclRow> = a
        .decls
        .iter()
        .map(|d| {
            let f = &m.files[d.file];
            let g = &f.facts.decls.grants[d.grant];
            DeclRow {
                path: shown(f, rel),
                line: g.span.start.line + 1,
                source: f.facts.decls.registrations[g.reg].source.as_str(),
                kind: g.kind,
                permission: g.name.as_deref(),
                id: g.id.as_deref(),
            }
        })
        .collect();
    rows.sort_by(|x, y| (x.path, x.line, x.permission).cmp(&(y.path, y.line, y.permission)));
    rows
}

struct CallRow<'m> {
    path: &'m str,
    line: usize,
    method: &'static str,
    stated: bool,
    version: &'static str,
    endpoint: &'m str,
    kind: &'static str,
    covered_by: Option<&'m str>,
    unsupported: bool,
}

fn call_rows<'m>(m: &'m Model, a: &'m App, rel: bool) -> Vec<CallRow<'m>> {
    a.calls
        .iter()
        .map(|c| {
            let f = &m.files[c.file];
            let fact = &f.facts.calls[c.call];
            CallRow {
                path: shown(f, rel),
                line: fact.span.start.line + 1,
                method: fact.method.as_str(),
                stated: fact.method_stated,
                version: fact.version.map_or("unknown", |v| v.as_str()),
                endpoint: &fact.template,
                kind: c.kind.as_str(),
                covered_by: c.covered_by.as_ref().map(|(p, _)| p.as_str()),
                unsupported: c.unsupported,
            }
        })
        .collect()
}

/// JSON, schema version 1: apps by name, calls by path and line, permission lists in
/// alphabetical order.
pub fn json(m: &Model, app: Option<&str>) -> String {
    let apps = selected(m, app);
    let doc = JsonDoc {
        version: 1,
        apps: apps
            .iter()
            .map(|a| JsonApp {
                name: &a.name,
                root: &a.root,
                declarations: decl_rows(m, a, false)
                    .into_iter()
                    .map(|d| JsonDecl {
                        path: d.path,
                        line: d.line,
                        source: d.source,
                        kind: d.kind.as_str(),
                        permission: d.permission,
                        id: d.id,
                    })
                    .collect(),
                calls: call_rows(m, a, false)
                    .into_iter()
                    .map(|c| JsonCall {
                        path: c.path,
                        line: c.line,
                        method: c.method,
                        method_source: if c.stated { "stated" } else { "assumed" },
                        version: c.version,
                        endpoint: c.endpoint,
                        kind: c.kind,
                        covered_by: c.covered_by,
                    })
                    .collect(),
                needed: PerKind { delegated: &a.needed[0], application: &a.needed[1] },
                missing: PerKind { delegated: &a.missing[0], application: &a.missing[1] },
                excess: a
                    .excess
                    .iter()
                    .map(|e| JsonExcess {
                        permission: &e.permission,
                        kind: e.kind.as_str(),
                        rule: e.rule.id(),
                        instead: e.instead.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("the report always serialises");
    out.push('\n');
    out
}

/// Paste-ready declarations of an app's needed set, with the GUIDs of Graph's app registration
/// where the catalog knows them.
pub struct Snippets {
    pub connect: Option<String>,
    pub terraform: String,
    pub manifest: String,
    pub az: String,
}

fn type_word(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Delegated => "Scope",
        TokenKind::Application => "Role",
    }
}

pub fn snippets(a: &App, names: &Names) -> Option<Snippets> {
    let perms: Vec<(TokenKind, &String)> =
        KINDS.iter().flat_map(|k| a.needed[ki(*k)].iter().map(move |p| (*k, p))).collect();
    if perms.is_empty() {
        return None;
    }
    let ids: Vec<Option<String>> = perms.iter().map(|(k, p)| names.id_of(p, *k)).collect();
    let connect = (!a.needed[0].is_empty()).then(|| {
        let list: Vec<String> = a.needed[0].iter().map(|p| format!("\"{p}\"")).collect();
        format!("Connect-MgGraph -Scopes {}", list.join(","))
    });
    let mut tf = String::new();
    let by_name = ids.iter().any(Option::is_none);
    if by_name {
        tf.push_str("data \"azuread_application_published_app_ids\" \"well_known\" {}\n\n");
        tf.push_str("resource \"azuread_service_principal\" \"msgraph\" {\n");
        tf.push_str(
            "  client_id    = data.azuread_application_published_app_ids.well_known.result[\"MicrosoftGraph\"]\n",
        );
        tf.push_str("  use_existing = true\n}\n\n");
    }
    let _ = writeln!(tf, "required_resource_access {{\n  resource_app_id = \"{GRAPH_APP_ID}\" # Microsoft Graph");
    for ((k, p), id) in perms.iter().zip(&ids) {
        let idv = match id {
            Some(id) => format!("\"{id}\" # {p}"),
            None => format!(
                "azuread_service_principal.msgraph.{}[\"{p}\"]",
                if *k == TokenKind::Application { "app_role_ids" } else { "oauth2_permission_scope_ids" }
            ),
        };
        let _ = writeln!(tf, "\n  resource_access {{\n    id   = {idv}\n    type = \"{}\"\n  }}", type_word(*k));
    }
    tf.push_str("}\n");
    let mut manifest = String::from("\"requiredResourceAccess\": [\n  {\n");
    let _ = writeln!(manifest, "    \"resourceAppId\": \"{GRAPH_APP_ID}\",\n    \"resourceAccess\": [");
    for (i, ((k, p), id)) in perms.iter().zip(&ids).enumerate() {
        let comma = if i + 1 < perms.len() { "," } else { "" };
        let idv = id.clone().unwrap_or_else(|| format!("<id of {p}>"));
        let _ = writeln!(manifest, "      {{ \"id\": \"{idv}\", \"type\": \"{}\" }}{comma}", type_word(*k));
    }
    manifest.push_str("    ]\n  }\n]\n");
    let app_id = a.app_id.clone().unwrap_or_else(|| "<application id>".to_owned());
    let args: Vec<String> = perms
        .iter()
        .zip(&ids)
        .map(|((k, p), id)| format!("{}={}", id.clone().unwrap_or_else(|| format!("<id of {p}>")), type_word(*k)))
        .collect();
    let az =
        format!("az ad app permission add --id {app_id} --api {GRAPH_APP_ID} --api-permissions {}\n", args.join(" "));
    Some(Snippets { connect, terraform: tf, manifest, az })
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_owned()
    } else {
        v.join(", ")
    }
}

/// Writes one app in words; `md` writes markdown (headings, lists, code fences), with paths below
/// the workspace folder (the language server's report).
fn app_text(out: &mut String, m: &Model, a: &App, names: &Names, md: bool) {
    // Section titles and items: indented text, or markdown.
    let section = |out: &mut String, title: String| {
        if md {
            let _ = write!(out, "\n**{title}**\n\n");
        } else {
            let _ = writeln!(out, "  {title}");
        }
    };
    let item = if md { "- " } else { "    " };
    if md {
        let _ = writeln!(out, "### app {} (root {})", a.name, a.root);
    } else {
        let _ = writeln!(out, "app {} (root {})", a.name, a.root);
    }
    if !a.complete {
        let _ = writeln!(
            out,
            "{}not checked: a declaration of this app could not be read in full (see the notes)",
            if md { "\n" } else { "  " }
        );
    }
    let decls = decl_rows(m, a, md);
    section(out, format!("declarations ({})", decls.len()));
    for d in &decls {
        let name = d.permission.unwrap_or("(not a Graph permission)");
        let id = d.id.map(|i| format!(" {i}")).unwrap_or_default();
        let _ = writeln!(out, "{item}{}:{} {} {name}{id} ({})", d.path, d.line, d.kind.as_str(), d.source);
    }
    let calls = call_rows(m, a, md);
    section(out, format!("calls ({})", calls.len()));
    for c in &calls {
        let cover = match (c.covered_by, c.unsupported) {
            (Some(p), _) => format!("covered by {p}"),
            (None, true) => format!("NOT COVERED: the endpoint accepts no {} permission", c.kind),
            (None, false) => "NOT COVERED: Graph will answer 403".to_owned(),
        };
        let assumed = if c.stated { "" } else { " (method assumed)" };
        let _ = writeln!(
            out,
            "{item}{}:{} {} /{}{}{assumed} {}: {cover}",
            c.path, c.line, c.method, c.version, c.endpoint, c.kind
        );
    }
    section(out, "needed".to_owned());
    for k in KINDS {
        let _ = writeln!(out, "{item}{}: {}", k.as_str(), list(&a.needed[ki(k)]));
    }
    section(out, "missing".to_owned());
    for k in KINDS {
        let _ = writeln!(out, "{item}{}: {}", k.as_str(), list(&a.missing[ki(k)]));
    }
    section(out, "excess".to_owned());
    if a.excess.is_empty() {
        let _ = writeln!(out, "{item}none");
    }
    for e in &a.excess {
        let why = match &e.instead {
            Some(i) => format!("{}, {i} is enough", e.rule.id()),
            None => format!("{}, no call needs it", e.rule.id()),
        };
        let f = &m.files[e.decl.file];
        let line = f.facts.decls.grants[e.decl.grant].span.start.line + 1;
        let _ = writeln!(out, "{item}{} ({}) at {}:{line}: {why}", e.permission, e.kind.as_str(), shown(f, md));
    }
    if let Some(s) = snippets(a, names) {
        section(out, "the needed set, ready to paste".to_owned());
        let block = |out: &mut String, title: &str, lang: &str, body: &str| {
            if md {
                let _ = write!(out, "{title}:\n\n```{lang}\n{body}```\n\n");
            } else {
                let _ = writeln!(out, "    {title}:");
                for l in body.lines() {
                    if l.is_empty() {
                        out.push('\n');
                    } else {
                        let _ = writeln!(out, "      {l}");
                    }
                }
            }
        };
        if let Some(c) = &s.connect {
            block(out, "PowerShell (delegated)", "powershell", &format!("{c}\n"));
        }
        block(out, "Terraform (azuread_application)", "hcl", &s.terraform);
        block(out, "App manifest", "json", &s.manifest);
        block(out, "az CLI", "sh", &s.az);
    }
    out.push('\n');
}

/// The human report.
pub fn human(m: &Model, app: Option<&str>, names: &Names) -> String {
    let apps = selected(m, app);
    let mut out = String::new();
    for a in &apps {
        app_text(&mut out, m, a, names, false);
    }
    out.push_str(&summary(&apps));
    out
}

/// The report in markdown (`claimcheck.showPermissions`).
pub fn markdown(m: &Model, names: &Names, title: &str) -> String {
    let apps = selected(m, None);
    let mut out = format!("## {title}\n\n");
    if apps.is_empty() {
        out.push_str("No app found: no declaration of Graph permissions (app registration, Terraform, Bicep, az CLI, PowerShell grant, declared scopes) in this workspace.\n\n");
    }
    for a in &apps {
        app_text(&mut out, m, a, names, true);
    }
    let notes = m.note_lines();
    if !notes.is_empty() {
        out.push_str("**notes**\n\n");
        for n in notes {
            let _ = writeln!(out, "- {n}");
        }
        out.push('\n');
    }
    out.push_str(&summary(&apps));
    out
}

fn summary(apps: &[&App]) -> String {
    let calls: usize = apps.iter().map(|a| a.calls.len()).sum();
    let uncovered: usize =
        apps.iter().filter(|a| a.complete).map(|a| a.calls.iter().filter(|c| c.covered_by.is_none()).count()).sum();
    let excess: usize = apps.iter().map(|a| a.excess.len()).sum();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}: {} not covered, {} in excess\n",
        plural(apps.len(), "app", "apps"),
        plural(calls, "call", "calls"),
        uncovered,
        plural(excess, "permission", "permissions")
    )
}
