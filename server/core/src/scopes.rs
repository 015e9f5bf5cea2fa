//! Scopes declared in code (`docs/behaviour.md`, "Declared scopes"): `Connect-MgGraph -Scopes …` and scope lists handed to
//! MSAL or an SDK. They stand in for the delegated token the code will get.

use std::sync::OnceLock;

use regex::Regex;

use crate::catalog::is_permission_name;
use crate::lines::{LineSource, Pos, Span, Window};
use crate::types::Cloud;

/// A declaration of the scopes a delegated sign-in asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub span: Span,
    /// Permission names; OpenID scopes are left out.
    pub scopes: Vec<String>,
    /// The cloud a `https://<graph host>/<Permission>` scope names.
    pub cloud: Option<Cloud>,
    /// `Connect-MgGraph` applies to the statements after it only.
    pub below_only: bool,
}

/// Every declaration holds one of these (a scope list names a scope; a PowerShell sign-in calls
/// `Connect-MgGraph`): the literals the whole-text search looks for. `may_declare` tests the same
/// without case.
pub const LITERALS: &[&str] = &["Connect-MgGraph", "connect-mggraph", "scope", "Scope", "SCOPE"];

const OIDC: [&str; 4] = ["openid", "profile", "offline_access", "email"];

fn regexes() -> &'static (Regex, Regex, Regex) {
    static R: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        (
            Regex::new(r"(?i)\bConnect-MgGraph\b").unwrap(),
            // A name containing "scope" bound to something (`SCOPES = [`, `scopes: string[] = [`,
            // `{ scopes: [`, `scopes=[`), or `.WithScopes(`.
            // A quoted key (`"Scopes": […]`, JSON config such as appsettings.json) counts too.
            Regex::new(r#"(?i)(\b[A-Za-z0-9_]*scope[A-Za-z0-9_]*\b["']?\s*(?::[^=\n;"']{0,40}?)?\s*[:=]\s*|\.WithScopes\s*\()"#)
                .unwrap(),
            Regex::new(r#""([^"\\\n]*)"|'([^'\\\n]*)'"#).unwrap(),
        )
    })
}

/// Cheap test: a declaration names a scope or `Connect-MgGraph`.
pub fn may_declare(line: &str) -> bool {
    line.as_bytes().windows(5).any(|w| w.eq_ignore_ascii_case(b"scope"))
        || line.contains("Connect-MgGraph")
        || line.contains("connect-mggraph")
}

/// Whether a line can start a declaration.
pub fn line_has_anchor(line: &str) -> bool {
    let (connect, list, _) = regexes();
    connect.is_match(line) || list.is_match(line)
}

/// Reads one string literal's scopes: (permissions, cloud, declares-nothing-checkable).
fn read_scope(text: &str, perms: &mut Vec<String>, cloud: &mut Option<Cloud>, recognised: &mut bool) -> bool {
    for word in text.split([' ', ',']).filter(|w| !w.is_empty()) {
        let (host, name) = match word.strip_prefix("https://").or_else(|| word.strip_prefix("http://")) {
            Some(rest) => match rest.split_once('/') {
                Some((h, n)) => (Cloud::from_host(h), n),
                None => continue,
            },
            None => (None, word),
        };
        if word.contains("://") && host.is_none() {
            continue;
        }
        if name == ".default" {
            return true;
        }
        if let Some(c) = host {
            *cloud = Some(c);
        }
        if OIDC.iter().any(|o| o.eq_ignore_ascii_case(name)) {
            *recognised = true;
        } else if is_permission_name(name)
            && name.contains('.')
            // Graph's permission names start with a capital (`User.Read`); a lower-case dotted
            // word is a settings key (`app.graphUserScopes`), not a scope.
            && (host.is_some() || name.starts_with(|c: char| c.is_ascii_uppercase()))
        {
            *recognised = true;
            perms.push(name.to_owned());
        }
    }
    false
}

/// The string literals between `from` and the bracket closing the first opener after it.
fn list_literals(text: &str, from: usize) -> Option<(Vec<String>, usize)> {
    let b = text.as_bytes();
    let mut i = from;
    // The opener: `[`, `(`, `{`, `@(`, `new[] {`, `List.of(`, `[]string{` … within a short distance.
    let limit = (from + 60).min(b.len());
    let open = loop {
        if i >= limit {
            return None;
        }
        match b[i] {
            b'[' if b.get(i + 1) == Some(&b']') => i += 2,
            b'[' | b'(' | b'{' => break i,
            b'"' | b'\'' | b';' | b'\n' => return None,
            _ => i += 1,
        }
    };
    let close = crate::sdk::close_of(b, open)?;
    let inner = &text[open..close - 1];
    let lits = regexes()
        .2
        .captures_iter(inner)
        .map(|cap| cap.get(1).or(cap.get(2)).map_or("", |m| m.as_str()).to_owned())
        .collect();
    Some((lits, close))
}

/// `"Scopes": "A B"`: a JSON config key (quoted) whose value is one string of space-separated
/// scopes, as in `appsettings.json` (`docs/behaviour.md`, "The workspace": declarations).
fn json_scope_string(text: &str, key: &str, from: usize) -> Option<(Vec<String>, usize)> {
    if !key.trim_end().trim_end_matches(':').trim_end().ends_with('"') {
        return None;
    }
    let rest = text.get(from..)?.strip_prefix('"')?;
    let end = rest.find(['"', '\n'])?;
    if rest.as_bytes()[end] != b'"' {
        return None;
    }
    Some((vec![rest[..end].to_owned()], from + 1 + end + 1))
}

fn in_comment(line: &str, byte: usize) -> bool {
    let before = &line[..byte.min(line.len())];
    let t = before.trim_start();
    before.contains("//") || before.contains('#') || t.starts_with('*') || t.starts_with("/*")
}

/// Declarations that start on `line`.
pub fn declarations_at(src: &dyn LineSource, line: usize) -> Vec<Declaration> {
    let text = src.line(line);
    let (connect, list, lit) = regexes();
    let mut out = Vec::new();
    if let Some(m) = connect.find(&text) {
        if !in_comment(&text, m.start()) {
            let (first, last) = crate::context::command_lines(src, line);
            let cmd = crate::context::join_command(src, first, last);
            let lower = cmd.to_ascii_lowercase();
            let app_only = [
                "-clientsecretcredential",
                "-certificatethumbprint",
                "-certificatename",
                "-certificate ",
                "-identity",
                "-accesstoken",
                "-environmentvariable",
            ]
            .iter()
            .any(|f| lower.contains(f));
            if let (false, Some(at)) = (app_only, lower.find("-scopes")) {
                let rest = &cmd[at + "-scopes".len()..];
                // The value runs to the next `-Parameter`.
                let end = rest.find(" -").unwrap_or(rest.len());
                let value = &rest[..end];
                let (mut perms, mut cloud, mut recognised) = (Vec::new(), None, false);
                let mut nothing = false;
                let literals: Vec<&str> =
                    lit.captures_iter(value).map(|c| c.get(1).or(c.get(2)).map_or("", |m| m.as_str())).collect();
                let words: Vec<&str> =
                    if literals.is_empty() { value.split([',', ' ']).map(str::trim).collect() } else { literals };
                for w in words {
                    nothing |= read_scope(w, &mut perms, &mut cloud, &mut recognised);
                }
                if recognised && !nothing {
                    let last_text = src.line(last);
                    out.push(Declaration {
                        span: Span {
                            start: Pos { line, byte: m.start() },
                            end: Pos { line: last, byte: last_text.trim_end().trim_end_matches('`').trim_end().len() },
                        },
                        scopes: perms,
                        cloud,
                        below_only: true,
                    });
                }
            }
        }
    }
    for m in list.find_iter(&text) {
        if in_comment(&text, m.start()) {
            continue;
        }
        let last = (line + 50).min(src.line_count().saturating_sub(1));
        let j = Window::new(src, line, last);
        let listed = list_literals(&j.text, m.end()).or_else(|| json_scope_string(&j.text, m.as_str(), m.end()));
        let Some((lits, end)) = listed else { continue };
        let (mut perms, mut cloud, mut recognised) = (Vec::new(), None, false);
        let mut nothing = false;
        for l in &lits {
            nothing |= read_scope(l, &mut perms, &mut cloud, &mut recognised);
        }
        if recognised && !nothing {
            out.push(Declaration {
                span: Span { start: Pos { line, byte: m.start() }, end: j.pos(end) },
                scopes: perms,
                cloud,
                below_only: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::TextLines;

    fn decl(text: &str) -> Vec<(Vec<String>, Option<Cloud>, bool)> {
        let src = TextLines::new(text);
        (0..src.line_count())
            .flat_map(|l| declarations_at(&src, l))
            .map(|d| (d.scopes, d.cloud, d.below_only))
            .collect()
    }

    #[test]
    fn every_declaration_form() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let cases: Vec<(&str, Vec<(Vec<String>, Option<Cloud>, bool)>)> = vec![
            (
                "Connect-MgGraph -Scopes \"SecurityAlert.Read.All\",\"User.Read\"",
                vec![(s(&["SecurityAlert.Read.All", "User.Read"]), None, true)],
            ),
            (
                "Connect-MgGraph -Scopes @(\"A.Read.All\", 'B.Read') -NoWelcome",
                vec![(s(&["A.Read.All", "B.Read"]), None, true)],
            ),
            ("Connect-MgGraph -Scopes 'A.Read.All B.Read'", vec![(s(&["A.Read.All", "B.Read"]), None, true)]),
            ("Connect-MgGraph -Scopes A.Read.All,B.Read", vec![(s(&["A.Read.All", "B.Read"]), None, true)]),
            ("Connect-MgGraph -ClientId $id -CertificateThumbprint $t -TenantId $x", vec![]),
            ("Connect-MgGraph -Identity", vec![]),
            (
                "SCOPES = [\"https://graph.microsoft.com/SecurityAlert.Read.All\", \"openid\"]",
                vec![(s(&["SecurityAlert.Read.All"]), Some(Cloud::Global), false)],
            ),
            (
                "scopes = [\n  'https://graph.microsoft.us/SecurityIncident.Read.All',\n  'offline_access',\n]",
                vec![(s(&["SecurityIncident.Read.All"]), Some(Cloud::UsGov), false)],
            ),
            (
                "const loginRequest = { scopes: [\"User.Read\", \"SecurityAlert.Read.All\"] };",
                vec![(s(&["User.Read", "SecurityAlert.Read.All"]), None, false)],
            ),
            (
                "const scopes: string[] = ['SecurityAlert.Read.All'];",
                vec![(s(&["SecurityAlert.Read.All"]), None, false)],
            ),
            ("var scopes = new[] { \"SecurityAlert.Read.All\" };", vec![(s(&["SecurityAlert.Read.All"]), None, false)]),
            (
                "app.AcquireTokenInteractive(x).WithScopes(new string[] { \"User.Read\" })",
                vec![(s(&["User.Read"]), None, false)],
            ),
            ("result = app.acquire_token_interactive(scopes=[\"User.Read\"])", vec![(s(&["User.Read"]), None, false)]),
            (
                "List<String> scopes = List.of(\"SecurityAlert.Read.All\");",
                vec![(s(&["SecurityAlert.Read.All"]), None, false)],
            ),
            ("scopes := []string{\"SecurityAlert.Read.All\"}", vec![(s(&["SecurityAlert.Read.All"]), None, false)]),
            ("SCOPES = [\"https://graph.microsoft.com/.default\"]", vec![]),
            ("scope = \"User.Read\"", vec![]),
            (
                "    \"Scopes\": [\"User.Read\", \"SecurityIncident.Read.All\"],",
                vec![(s(&["User.Read", "SecurityIncident.Read.All"]), None, false)],
            ),
            ("  \"Scopes\": \"User.Read Mail.Read\"", vec![(s(&["User.Read", "Mail.Read"]), None, false)]),
            ("  \"Scopes\": \"https://graph.microsoft.com/.default\"", vec![]),
            ("# SCOPES = [\"User.Read\"]", vec![]),
            ("telescope_count = [1, 2]", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(decl(text), want, "{text}");
        }
    }
}
