//! Declarations in app manifests and ARM templates (JSON), `az ad app permission add` commands and
//! PowerShell grant scripts (`docs/behaviour.md`, "The workspace": declarations).

use std::sync::OnceLock;

use regex::Regex;

use super::json::{self, JVal};
use super::{is_guid, kind_of_type, span_of, Perm, RawDeclarations, Registration, Source, GRAPH_APP_ID};
use crate::lines::{LineSource, Span, TextLines};
use crate::types::TokenKind;

/// What a `resourceAppId` that is not Microsoft Graph is, when it is a well-known API.
pub fn other_api(id: &str) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 6] = [
        ("00000002-0000-0000-c000-000000000000", "Azure AD Graph (retired)"),
        ("fc780465-2017-40d4-a0c5-307022471b92", "the Microsoft Defender for Endpoint API"),
        ("8ee8fdad-f234-4243-8f3b-15c294843740", "the Microsoft Threat Protection API"),
        ("c5393580-f805-4401-95e8-94b7a6ef2fc2", "the Office 365 Management APIs"),
        ("00000003-0000-0ff1-ce00-000000000000", "SharePoint Online"),
        ("797f4846-ba00-4fd7-ba43-dac1f8f63013", "Azure Service Management"),
    ];
    KNOWN.iter().find(|(k, _)| k.eq_ignore_ascii_case(id)).map(|(_, v)| *v)
}

/// A note for a registration entry of another API.
pub fn other_api_note(id: &str) -> String {
    let what = other_api(id).map(|w| format!(" ({w})")).unwrap_or_default();
    format!("permissions for resource {id}{what}: not Microsoft Graph, so claimcheck does not check them")
}

/// App manifests (`requiredResourceAccess` at the top) and ARM templates (resources whose
/// properties hold it, e.g. `Microsoft.Graph/applications` compiled from Bicep).
pub fn json_file(text: &str, lines: &TextLines, raw: &mut RawDeclarations) {
    let anchor = ["requiredResourceAccess", "RequiredResourceAccess"].iter().find_map(|k| text.find(k));
    let Some(anchor) = anchor else { return };
    let doc = match json::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let at = lines.pos_of(e.offset.min(text.len()));
            raw.note(
                Some(at.line),
                format!(
                    "not valid JSON (line {}: {}); its requiredResourceAccess is not read, and its app is not checked",
                    at.line + 1,
                    e.message
                ),
            );
            let a = lines.pos_of(anchor);
            raw.add_registration(Registration {
                source: Source::Manifest,
                span: Span { start: a, end: a },
                identity: None,
                app_id: None,
                complete: false,
            });
            return;
        }
    };
    let arm = doc.get("$schema").and_then(|(_, v)| v.as_str()).is_some_and(|s| s.value.contains("deploymentTemplate"))
        || doc.get("resources").is_some_and(|(_, v)| matches!(v, JVal::Array { .. }));
    let variables = doc.get("variables").map(|(_, v)| v);
    let source = if arm { Source::Arm } else { Source::Manifest };
    required_resource_access(&doc, source, &|v| arm_value(v, variables), lines, raw);
}

/// Every `requiredResourceAccess` list in a document (an app manifest, an ARM template, a Bicep
/// file read into the same shape): one registration per list holding Microsoft Graph entries.
/// `value` turns a written string into its value (ARM expressions, Bicep variables).
pub fn required_resource_access(
    doc: &JVal,
    source: Source,
    value: &dyn Fn(&str) -> Option<String>,
    lines: &TextLines,
    raw: &mut RawDeclarations,
) {
    let mut objects = Vec::new();
    doc.objects(&mut objects);
    for obj in objects {
        let Some((key, list)) = obj.get("requiredResourceAccess") else { continue };
        let JVal::Array { .. } = list else { continue };
        let app_id = obj.get("appId").and_then(|(_, v)| v.as_str()).map(|s| s.value.to_string()).filter(|s| is_guid(s));
        let mut reg: Option<usize> = None;
        for entry in list.items() {
            let Some((_, rid)) = entry.get("resourceAppId") else { continue };
            let Some(rid) = rid.as_str() else { continue };
            let rline = lines.pos_of(rid.start).line;
            let Some(v) = value(&rid.value) else {
                raw.note(
                    Some(rline),
                    format!("resourceAppId {} is an expression claimcheck cannot evaluate; not checked", rid.value),
                );
                continue;
            };
            if !v.eq_ignore_ascii_case(GRAPH_APP_ID) {
                raw.note(Some(rline), other_api_note(&v));
                continue;
            }
            let r = *reg.get_or_insert_with(|| {
                raw.add_registration(Registration {
                    source,
                    span: span_of(lines, key.start, key.end),
                    identity: Some(format!("{}:{}", source.as_str(), key.start)),
                    app_id: app_id.clone(),
                    complete: true,
                })
            });
            let Some((_, access)) = entry.get("resourceAccess") else { continue };
            for item in access.items() {
                let id = item.get("id").and_then(|(_, v)| v.as_str());
                let typ = item.get("type").and_then(|(_, v)| v.as_str());
                let (Some(id), Some(typ)) = (id, typ) else { continue };
                let line = lines.pos_of(id.start).line;
                let Some(kind) = value(&typ.value).as_deref().and_then(kind_of_type) else {
                    raw.note(
                        Some(line),
                        format!("resourceAccess type {:?}: expected Scope or Role; not read", typ.value),
                    );
                    continue;
                };
                let idv = value(&id.value).unwrap_or_default();
                if !is_guid(&idv) {
                    raw.note(Some(line), format!("resourceAccess id {:?} is not a GUID; not read", id.value));
                    continue;
                }
                raw.grants.push((
                    kind,
                    Perm::Id(idv.to_ascii_lowercase()),
                    span_of(lines, id.start + 1, id.end - 1),
                    r,
                ));
            }
        }
    }
}

/// A literal, or an ARM `[variables('name')]` expression naming a literal variable.
fn arm_value(v: &str, variables: Option<&JVal>) -> Option<String> {
    let t = v.trim();
    if !t.starts_with('[') || t.starts_with("[[") {
        return Some(t.to_owned());
    }
    let inner = t.strip_prefix("[variables('")?.strip_suffix("')]")?;
    let (_, val) = variables?.get(inner)?;
    val.as_str().map(|s| s.value.trim().to_owned())
}

/// A same-file variable's literal value: `NAME=value`, `export NAME="value"` (shells) or
/// `$name = "value"` (PowerShell), the last assignment above `before`, else the first.
pub fn variable_value(lines: &dyn LineSource, name: &str, before: usize) -> Option<String> {
    let name = name.trim_start_matches('$').trim_start_matches('{').trim_end_matches('}');
    if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        return None;
    }
    let mut found: Option<(usize, String)> = None;
    for i in 0..lines.line_count().min(5000) {
        let l = lines.line(i);
        let t = l.trim_start();
        let t = t.strip_prefix("export ").unwrap_or(t).trim_start();
        let t = t.strip_prefix("set ").unwrap_or(t);
        let rest = if let Some(r) = t.strip_prefix('$') { r } else { t };
        let Some(after) = rest.strip_prefix(name) else { continue };
        // `$name = v` or `NAME=v`; not `$names = …`.
        let after_name = after.trim_start();
        let Some(v) = after_name.strip_prefix('=') else { continue };
        if v.starts_with('=') || after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let v = v.trim().trim_end_matches(';').trim();
        let v = v.trim_matches(|c| c == '"' || c == '\'').to_owned();
        if i < before || found.is_none() {
            found = Some((i, v));
        }
        if i >= before {
            break;
        }
    }
    found.map(|(_, v)| v)
}

fn az_regexes() -> &'static (Regex, Regex) {
    static R: OnceLock<(Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        (
            Regex::new(r"\baz\s+ad\s+app\s+permission\s+add\b").unwrap(),
            // Words: quoted or not.
            Regex::new(r#""([^"]*)"|'([^']*)'|(\S+)"#).unwrap(),
        )
    })
}

/// `az ad app permission add --id APP --api 00000003-… --api-permissions GUID=Role GUID=Scope`.
pub fn az_cli(lines: &TextLines, raw: &mut RawDeclarations) {
    let (cmd_re, word_re) = az_regexes();
    let mut i = 0;
    let n = lines.line_count();
    while i < n {
        let line = lines.line_str(i);
        if !line.contains("--api-permissions") && !line.contains("permission add") {
            i += 1;
            continue;
        }
        let (first, last) = crate::context::command_lines(lines, i);
        let joined = crate::context::join_command(lines, first, last);
        let Some(m) = cmd_re.find(&joined) else {
            i = last + 1;
            continue;
        };
        // The words after `permission add`, with the line each was written on.
        let mut words: Vec<(String, usize)> = Vec::new();
        for l in first..=last {
            let text = lines.line_str(l);
            let text = if l == first {
                let start = lines.line_str(first).find("permission").map_or(0, |p| p);
                &text[start..]
            } else {
                text
            };
            for c in word_re.captures_iter(text) {
                let w = c.get(1).or(c.get(2)).or(c.get(3)).map_or("", |x| x.as_str());
                if w != "\\" && w != "`" && w != "^" {
                    words.push((w.to_owned(), l));
                }
            }
        }
        let _ = m;
        let mut id = None;
        let mut api = None;
        let mut perms: Vec<(String, usize)> = Vec::new();
        let mut k = 0;
        while k < words.len() {
            match words[k].0.as_str() {
                "--id" => {
                    id = words.get(k + 1).map(|w| w.0.clone());
                    k += 2;
                }
                "--api" => {
                    api = words.get(k + 1).map(|w| w.0.clone());
                    k += 2;
                }
                "--api-permissions" => {
                    k += 1;
                    while k < words.len() && !words[k].0.starts_with("--") {
                        perms.push(words[k].clone());
                        k += 1;
                    }
                }
                _ => k += 1,
            }
        }
        let resolve = |v: &str| -> Option<String> {
            if v.starts_with('$') {
                variable_value(lines, v, first)
            } else {
                Some(v.to_owned())
            }
        };
        let api_value = api.as_deref().and_then(resolve);
        match api_value.as_deref() {
            Some(a) if a.eq_ignore_ascii_case(GRAPH_APP_ID) => {
                let r = raw.add_registration(Registration {
                    source: Source::AzCli,
                    span: Span::on_line(first, line_indent(lines.line_str(first)), lines.line_str(first).len()),
                    identity: Some(format!("az:{}", id.as_deref().and_then(resolve).unwrap_or_default())),
                    app_id: id.as_deref().and_then(resolve).filter(|s| is_guid(s)),
                    complete: true,
                });
                for (w, l) in perms {
                    let Some((guid, typ)) = w.split_once('=') else {
                        raw.note(
                            Some(l),
                            format!("--api-permissions value {w:?} is not GUID=Role or GUID=Scope; not read"),
                        );
                        continue;
                    };
                    let guid_v = resolve(guid).unwrap_or_default();
                    let Some(kind) = kind_of_type(typ) else {
                        raw.note(Some(l), format!("--api-permissions value {w:?}: expected Role or Scope after '='"));
                        continue;
                    };
                    if !is_guid(&guid_v) {
                        raw.note(Some(l), format!("--api-permissions value {w:?}: {guid} is not a GUID; not read"));
                        continue;
                    }
                    let text = lines.line_str(l);
                    let at = text.find(w.as_str()).unwrap_or(0);
                    raw.grants.push((
                        kind,
                        Perm::Id(guid_v.to_ascii_lowercase()),
                        Span::on_line(l, at, at + w.len()),
                        r,
                    ));
                }
            }
            Some(a) if is_guid(a) => raw.note(Some(first), other_api_note(a)),
            _ => raw.note(
                Some(first),
                format!(
                    "az ad app permission add: cannot tell which API --api {} names; not checked",
                    api.unwrap_or_else(|| "(missing)".to_owned())
                ),
            ),
        }
        i = last + 1;
    }
}

fn line_indent(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

fn ps_regexes() -> &'static PsRegexes {
    static R: OnceLock<PsRegexes> = OnceLock::new();
    R.get_or_init(|| PsRegexes {
        role_cmd: Regex::new(r"(?i)\bNew-Mg(?:Beta)?ServicePrincipalAppRoleAssign(?:ment|edTo)\b").unwrap(),
        grant_cmd: Regex::new(r"(?i)\bNew-Mg(?:Beta)?Oauth2PermissionGrant\b").unwrap(),
        value_cmp: Regex::new(
            r#"(?i)\bValue\b\s*-(?:c?eq|in|contains)\s*(\$[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*"|'[^'\n]*'|@\([^)\n]*\))"#,
        )
        .unwrap(),
        cmp_value: Regex::new(
            r#"(?i)(\$[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*"|'[^'\n]*')\s*-(?:c?eq|contains)\s*\$_\.Value\b"#,
        )
        .unwrap(),
        scope_param: Regex::new(r#"(?i)(?:-Scope\s+|\bscope\s*=\s*)(\$[A-Za-z_][A-Za-z0-9_]*|"[^"\n]*"|'[^'\n]*')"#)
            .unwrap(),
        literal: Regex::new(r#""([^"\n]*)"|'([^'\n]*)'"#).unwrap(),
        foreach: Regex::new(r"(?i)\bforeach\s*\(\s*\$([A-Za-z_][A-Za-z0-9_]*)\s+in\s+\$([A-Za-z_][A-Za-z0-9_]*)")
            .unwrap(),
        sp_filter: Regex::new(r#"(?i)\$([A-Za-z_][A-Za-z0-9_]*)\s*=\s*Get-Mg(?:Beta)?ServicePrincipal\b[^\n]*"#)
            .unwrap(),
    })
}

struct PsRegexes {
    role_cmd: Regex,
    grant_cmd: Regex,
    value_cmp: Regex,
    cmp_value: Regex,
    scope_param: Regex,
    literal: Regex,
    foreach: Regex,
    sp_filter: Regex,
}

/// String literals of a PowerShell value, with their byte ranges (quotes excluded) in `text`.
fn literals_in(text: &str, from: usize, to: usize) -> Vec<(String, usize, usize)> {
    ps_regexes()
        .literal
        .captures_iter(&text[from..to])
        .filter_map(|c| c.get(1).or(c.get(2)))
        .map(|m| (m.as_str().to_owned(), from + m.start(), from + m.end()))
        .collect()
}

/// Where a PowerShell variable gets its permission names: `$x = "A"`, `$x = @("A", "B")` (over
/// several lines), `$x = "A", "B"`, the last assignment above `before`, else the first; a loop
/// variable takes the names of the list it iterates.
fn ps_names(text: &str, var: &str, before: usize, depth: usize) -> Vec<(String, usize, usize)> {
    if depth > 4 {
        return Vec::new();
    }
    let r = ps_regexes();
    for c in r.foreach.captures_iter(text) {
        if c[1].eq_ignore_ascii_case(var) {
            return ps_names(text, &c[2], c.get(0).map_or(before, |m| m.start()), depth + 1);
        }
    }
    let Ok(assign) = Regex::new(&format!(r"(?im)^\s*\${}\s*=\s*", regex::escape(var))) else { return Vec::new() };
    let mut best: Option<usize> = None;
    for m in assign.find_iter(text) {
        if m.start() < before || best.is_none() {
            best = Some(m.end());
        }
    }
    let Some(at) = best else { return Vec::new() };
    let rest = &text[at..];
    let end = if rest.starts_with("@(") {
        crate::sdk::close_of(text.as_bytes(), at + 1).unwrap_or(at + rest.find('\n').unwrap_or(rest.len()))
    } else {
        at + rest.find('\n').unwrap_or(rest.len())
    };
    literals_in(text, at, end)
}

/// Names in a compared value: a literal, a list, or a variable.
fn compared_names(text: &str, value: &str, at: usize) -> Vec<(String, usize, usize)> {
    if let Some(var) = value.strip_prefix('$') {
        if var.eq_ignore_ascii_case("_") {
            return Vec::new();
        }
        ps_names(text, var, at, 0)
    } else {
        literals_in(text, at, at + value.len())
    }
}

/// `New-MgServicePrincipalAppRoleAssignment` with the app role found by name in the same script
/// (application), and `New-MgOauth2PermissionGrant -Scope "A B"` (delegated).
pub fn powershell_grants(text: &str, lines: &TextLines, raw: &mut RawDeclarations) {
    let r = ps_regexes();
    let role_cmd = r.role_cmd.find(text);
    let grant_cmd = r.grant_cmd.find(text);
    if role_cmd.is_none() && grant_cmd.is_none() {
        return;
    }
    // Which API the roles and scopes belong to: the service principal the script looks up.
    let mut graph = text.to_ascii_lowercase().contains(GRAPH_APP_ID) || text.contains("'Microsoft Graph'");
    let mut other: Option<String> = None;
    for c in r.sp_filter.captures_iter(text) {
        let line = c.get(0).map_or("", |m| m.as_str());
        if let Some(id) = guid_in(line) {
            if id.eq_ignore_ascii_case(GRAPH_APP_ID) {
                graph = true;
            } else if !graph {
                other = Some(id);
            }
        }
    }
    let first_line = |m: regex::Match| lines.pos_of(m.start()).line;
    if !graph {
        let at = role_cmd.or(grant_cmd).map(first_line);
        match other {
            Some(id) => raw.note(at, other_api_note(&id)),
            None => raw.note(
                at,
                "a PowerShell grant whose API claimcheck cannot tell (no Get-MgServicePrincipal for Microsoft Graph in the script); not checked".to_owned(),
            ),
        }
        return;
    }
    let push_names =
        |raw: &mut RawDeclarations, kind: TokenKind, cmd: regex::Match, found: Vec<(String, usize, usize)>| {
            let names: Vec<(String, usize, usize)> = found
                .into_iter()
                .flat_map(|(s, a, _)| {
                    // One literal may hold several names: `-Scope "A B"`.
                    let mut out = Vec::new();
                    let mut off = 0;
                    for w in s.split(' ') {
                        if crate::catalog::is_permission_name(w) && w.contains('.') {
                            out.push((w.to_owned(), a + off, a + off + w.len()));
                        }
                        off += w.len() + 1;
                    }
                    out
                })
                .collect();
            if names.is_empty() {
                raw.note(
                    Some(first_line(cmd)),
                    format!(
                        "{}: the {} it grants is not named in this script; not checked",
                        cmd.as_str(),
                        if kind == TokenKind::Application { "app role" } else { "scope" }
                    ),
                );
                return;
            }
            let start = lines.pos_of(cmd.start());
            let reg = raw.add_registration(Registration {
                source: Source::PowershellGrant,
                span: Span { start, end: lines.pos_of(cmd.end()) },
                identity: None,
                app_id: None,
                complete: true,
            });
            let mut seen: Vec<(String, usize)> = Vec::new();
            for (n, a, b) in names {
                if seen.iter().any(|(s, at)| s == &n && *at == a) {
                    continue;
                }
                seen.push((n.clone(), a));
                raw.grants.push((kind, Perm::Name(n), span_of(lines, a, b), reg));
            }
        };
    if let Some(cmd) = role_cmd {
        let mut found = Vec::new();
        for c in r.value_cmp.captures_iter(text) {
            let m = c.get(1).expect("group 1");
            found.extend(compared_names(text, m.as_str(), m.start()));
        }
        for c in r.cmp_value.captures_iter(text) {
            let m = c.get(1).expect("group 1");
            found.extend(compared_names(text, m.as_str(), m.start()));
        }
        found.sort_by_key(|f| f.1);
        push_names(raw, TokenKind::Application, cmd, found);
    }
    if let Some(cmd) = grant_cmd {
        let mut found = Vec::new();
        for c in r.scope_param.captures_iter(text) {
            let m = c.get(1).expect("group 1");
            found.extend(compared_names(text, m.as_str(), m.start()));
        }
        found.sort_by_key(|f| f.1);
        push_names(raw, TokenKind::Delegated, cmd, found);
    }
}

fn guid_in(s: &str) -> Option<String> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(35)).find_map(|i| {
        let w = s.get(i..i + 36)?;
        is_guid(w).then(|| w.to_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(f: impl Fn(&str, &TextLines, &mut RawDeclarations), text: &str) -> RawDeclarations {
        let lines = TextLines::new(text);
        let mut raw = RawDeclarations::default();
        f(text, &lines, &mut raw);
        raw
    }

    fn grants(raw: &RawDeclarations) -> Vec<(TokenKind, Perm, usize)> {
        raw.grants.iter().map(|(k, p, s, _)| (*k, p.clone(), s.start.line + 1)).collect()
    }

    const MANIFEST: &str = r#"{
  "appId": "11111111-2222-3333-4444-555555555555",
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [
        { "id": "ED4FCA05-BE46-441F-9803-1873825F8FDB", "type": "Role" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope" }
      ]
    },
    {
      "resourceAppId": "fc780465-2017-40d4-a0c5-307022471b92",
      "resourceAccess": [{ "id": "ea8291d3-4b9a-44b5-bc3a-6cea3026dc79", "type": "Role" }]
    }
  ]
}"#;

    #[test]
    fn a_manifest_gives_graph_entries_with_their_lines_and_notes_other_apis() {
        let raw = read(json_file, MANIFEST);
        assert_eq!(
            grants(&raw),
            [
                (TokenKind::Application, Perm::Id("ed4fca05-be46-441f-9803-1873825f8fdb".into()), 7),
                (TokenKind::Delegated, Perm::Id("e1fe6dd8-ba31-4d61-89e7-88639da4683d".into()), 8),
            ]
        );
        let r = &raw.registrations[0];
        assert_eq!(
            (r.source, r.span.start.line, r.app_id.as_deref()),
            (Source::Manifest, 2, Some("11111111-2222-3333-4444-555555555555"))
        );
        assert_eq!(raw.notes.len(), 1);
        assert!(raw.notes[0].message.contains("Defender for Endpoint"), "{:?}", raw.notes);
        assert_eq!(raw.notes[0].line, Some(11));
    }

    #[test]
    fn arm_templates_resolve_variables_and_broken_json_is_a_note_and_an_incomplete_registration() {
        let arm = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "variables": { "graph": "00000003-0000-0000-c000-000000000000" },
  "resources": [{
    "type": "Microsoft.Graph/applications@v1.0",
    "properties": { "requiredResourceAccess": [{
      "resourceAppId": "[variables('graph')]",
      "resourceAccess": [{ "id": "bf394140-e372-4bf9-a898-299cfc7564e5", "type": "Role" }] }] }
  }]
}"#;
        let raw = read(json_file, arm);
        assert_eq!(raw.registrations[0].source, Source::Arm);
        assert_eq!(grants(&raw).len(), 1);
        let broken = read(json_file, "{\"requiredResourceAccess\": [ {\"resourceAppId\": }");
        assert!(broken.grants.is_empty());
        assert!(!broken.registrations[0].complete);
        assert!(broken.notes[0].message.contains("not valid JSON"), "{:?}", broken.notes);
        assert!(read(json_file, "{\"name\": 1}").registrations.is_empty());
    }

    #[test]
    fn az_cli_commands_across_lines_with_variables() {
        let text = "GRAPH=00000003-0000-0000-c000-000000000000\n\
            az ad app permission add --id $APP_ID \\\n  --api $GRAPH \\\n  --api-permissions ed4fca05-be46-441f-9803-1873825f8fdb=Role \\\n    e1fe6dd8-ba31-4d61-89e7-88639da4683d=Scope\n\
            az ad app permission add --id x --api fc780465-2017-40d4-a0c5-307022471b92 --api-permissions ea8291d3-4b9a-44b5-bc3a-6cea3026dc79=Role\n";
        let raw = read(|_, l, r| az_cli(l, r), text);
        assert_eq!(
            grants(&raw),
            [
                (TokenKind::Application, Perm::Id("ed4fca05-be46-441f-9803-1873825f8fdb".into()), 4),
                (TokenKind::Delegated, Perm::Id("e1fe6dd8-ba31-4d61-89e7-88639da4683d".into()), 5),
            ]
        );
        assert_eq!(raw.registrations[0].span.start.line, 1);
        assert_eq!(raw.notes.len(), 1, "{:?}", raw.notes);
        let g = &raw.grants[0].2;
        assert_eq!(
            &text.lines().nth(3).unwrap()[g.start.byte..g.end.byte],
            "ed4fca05-be46-441f-9803-1873825f8fdb=Role"
        );
    }

    #[test]
    fn powershell_grants_by_name_variable_and_list() {
        let text = r#"$graphSp = Get-MgServicePrincipal -Filter "appId eq '00000003-0000-0000-c000-000000000000'"
$PermissionName = "SecurityEvents.Read.All"
$appRole = $graphSp.AppRoles | Where-Object { $_.Value -eq $PermissionName }
New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graphSp.Id -AppRoleId $appRole.Id
$roles = @(
  "SecurityAlert.Read.All",
  "SecurityIncident.ReadWrite.All"
)
foreach ($r in $roles) {
  $role = $graphSp.AppRoles | Where-Object Value -eq $r
}
New-MgOauth2PermissionGrant -ClientId $sp.Id -ConsentType AllPrincipals -ResourceId $graphSp.Id -Scope "User.Read AuditLog.Read.All"
"#;
        let raw = read(powershell_grants, text);
        let got: Vec<(TokenKind, String, usize)> = raw
            .grants
            .iter()
            .map(|(k, p, s, _)| {
                (
                    *k,
                    match p {
                        Perm::Name(n) => n.clone(),
                        Perm::Id(i) => i.clone(),
                    },
                    s.start.line + 1,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (TokenKind::Application, "SecurityEvents.Read.All".to_owned(), 2),
                (TokenKind::Application, "SecurityAlert.Read.All".to_owned(), 6),
                (TokenKind::Application, "SecurityIncident.ReadWrite.All".to_owned(), 7),
                (TokenKind::Delegated, "User.Read".to_owned(), 12),
                (TokenKind::Delegated, "AuditLog.Read.All".to_owned(), 12),
            ]
        );
        assert_eq!(raw.registrations.len(), 2);
        let other = "$sp = Get-MgServicePrincipal -Filter \"appId eq 'fc780465-2017-40d4-a0c5-307022471b92'\"\n\
            $r = $sp.AppRoles | ? { $_.Value -eq 'Alert.Read.All' }\nNew-MgServicePrincipalAppRoleAssignment -AppRoleId $r.Id\n";
        let raw = read(powershell_grants, other);
        assert!(raw.grants.is_empty());
        assert!(raw.notes[0].message.contains("Defender for Endpoint"), "{:?}", raw.notes);
    }
}
