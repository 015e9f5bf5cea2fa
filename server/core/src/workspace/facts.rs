//! What the workspace needs to know of one file, read once per file (and again when it changes):
//! its declarations, the calls that found no caller in it, the sign-in it uses.

use std::sync::Arc;

use super::names::Names;
use super::{read_declarations, Declarations, Grant, Registration, Source};
use crate::analysis::{Analysis, Assoc, RefKind};
use crate::catalog::Lookup;
use crate::context;
use crate::grants::Loc;
use crate::lines::{LineSource, Span};
use crate::types::{Cloud, Method, TokenKind, Version};

/// A resolved call: an endpoint reference that matched a catalog row with permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFact {
    pub span: Span,
    pub method: Method,
    /// The method was written (`docs/behaviour.md`, "Method"), not assumed.
    pub method_stated: bool,
    /// `None`: nothing in the file says which version (`docs/behaviour.md`, "URLs built from parts").
    pub version: Option<Version>,
    pub cloud: Cloud,
    /// The path as written, placeholders `{}`.
    pub path: String,
    /// The catalog template.
    pub template: String,
    /// `Some(r)`: checked against the file's own scope declaration, registration `r`; `None`:
    /// nothing in the file gives it a caller, so it belongs to the file's app.
    pub local: Option<usize>,
}

/// `claimcheck:ignore` directives that apply to a line: its own, and that of a comment-only line
/// above it (`docs/behaviour.md`, "Rules": suppression).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppression(Vec<Option<Vec<String>>>);

impl Suppression {
    pub fn at(src: &dyn LineSource, line: usize) -> Suppression {
        let mut out = Vec::new();
        if let Some(d) = context::ignore_directive(&src.line(line)) {
            out.push(d);
        }
        if line > 0 {
            let prev = src.line(line - 1);
            if context::is_comment_only(&prev) {
                if let Some(d) = context::ignore_directive(&prev) {
                    out.push(d);
                }
            }
        }
        Suppression(out)
    }

    pub fn covers(&self, rule: &str) -> bool {
        self.0.iter().any(|d| d.as_ref().is_none_or(|rules| rules.iter().any(|r| r == rule)))
    }
}

/// What one file contributes to the workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    pub decls: Declarations,
    /// Per registration, its first line as a place; per grant, its entry.
    pub reg_locs: Vec<Loc>,
    pub grant_locs: Vec<Loc>,
    /// Per grant, the suppression comments on its line, and the hash of its line's text (SARIF
    /// fingerprints of findings on it).
    pub grant_suppress: Vec<Suppression>,
    pub grant_line_hash: Vec<u64>,
    pub calls: Vec<CallFact>,
    /// Graph calls it makes that no catalog row answers: a URL outside the permission map, a
    /// Graph request or cmdlet whose endpoint cannot be read from the code. While an app has any,
    /// none of its grants is called unused or broader than needed.
    pub unresolved: usize,
    /// The kind its sign-in code gives, if it names one kind only.
    pub sign_in: Option<TokenKind>,
}

impl FileFacts {
    pub fn is_empty(&self) -> bool {
        self.decls.registrations.is_empty() && self.decls.notes.is_empty() && self.calls.is_empty()
    }
}

/// Reads the facts of one analysed file. `text` is the whole text (for declarations and the
/// sign-in); `anchored` says whether a line holds a declaration anchor (`workspace::LITERALS`),
/// without which the text is not read for declarations; `display` is how the shell names the
/// file.
pub fn file_facts(
    analysis: &Analysis,
    src: &dyn LineSource,
    text: Option<&str>,
    anchored: bool,
    path: &str,
    display: &Arc<str>,
    names: &Names,
) -> FileFacts {
    let mut facts = FileFacts::default();
    // Documentation is not the app: the samples of a Markdown page neither declare what the app
    // is granted nor are calls the app makes (they are checked within their own page).
    if context::FileInfo::for_path(path).kind == context::FileKind::Markdown {
        return facts;
    }
    if let (Some(t), true) = (text, anchored) {
        facts.decls = read_declarations(t, path, names);
    }
    // Declared scopes: each becomes a registration whose grants are its scope names, each at the
    // literal that names it.
    let mut scope_reg: Vec<usize> = Vec::with_capacity(analysis.declarations.len());
    for d in &analysis.declarations {
        let reg = facts.decls.registrations.len();
        let first = src.line(d.decl.span.start.line);
        facts.decls.registrations.push(Registration {
            source: Source::DeclaredScopes,
            span: Span::on_line(d.decl.span.start.line, d.decl.span.start.byte, first.len()),
            identity: None,
            app_id: None,
            complete: true,
        });
        scope_reg.push(reg);
        let mut from = d.decl.span.start;
        for s in &d.decl.scopes {
            let found = find_from(src, from, d.decl.span.end.line, s);
            let span = found.unwrap_or(d.decl.span);
            if let Some(f) = found {
                from = f.end;
            }
            let name = names.canonical(s, TokenKind::Delegated).map_or_else(|| s.clone(), str::to_owned);
            let id = names.id_of(&name, TokenKind::Delegated);
            facts.decls.grants.push(Grant { kind: TokenKind::Delegated, name: Some(name), id, span, reg });
        }
    }
    let catalog = names.catalog();
    for u in &analysis.urls {
        let local = match u.assoc {
            Assoc::None | Assoc::Config | Assoc::App => None,
            Assoc::Declared(i) => Some(scope_reg[i]),
            Assoc::File(_) => continue,
        };
        let methods = if u.methods.is_empty() { vec![u.method] } else { u.methods.clone() };
        for method in methods {
            let found = match u.version {
                Some(v) => catalog.lookup(v, method, &u.path),
                None => match catalog.lookup(Version::V1, method, &u.path) {
                    Lookup::Endpoint(e) => Lookup::Endpoint(e),
                    _ => catalog.lookup(Version::Beta, method, &u.path),
                },
            };
            let e = match found {
                Lookup::Endpoint(e) => e,
                // A path the map does not hold: a call whose permissions are not known.
                Lookup::OutOfScope => {
                    facts.unresolved += 1;
                    continue;
                }
                _ => continue,
            };
            if e.delegated.is_empty() && e.application.is_empty() {
                continue;
            }
            facts.calls.push(CallFact {
                span: u.span,
                method,
                method_stated: !u.method_assumed || u.kind == RefKind::Sdk,
                version: u.version,
                cloud: u.cloud,
                path: u.path.clone(),
                template: e.path.clone(),
                local,
            });
        }
    }
    let line_text = |l: usize| src.line(l);
    facts.reg_locs = facts
        .decls
        .registrations
        .iter()
        .map(|r| Loc::new(display.clone(), &line_text(r.span.start.line), r.span))
        .collect();
    facts.grant_locs =
        facts.decls.grants.iter().map(|g| Loc::new(display.clone(), &line_text(g.span.start.line), g.span)).collect();
    facts.grant_suppress = facts.decls.grants.iter().map(|g| Suppression::at(src, g.span.start.line)).collect();
    facts.grant_line_hash =
        facts.decls.grants.iter().map(|g| crate::report::normalised_hash(&src.line(g.span.start.line))).collect();
    if let Some(t) = text {
        if !facts.calls.is_empty() || !facts.decls.registrations.is_empty() {
            facts.sign_in = super::signin::sign_in_kind(t);
        }
        let resolved_lines: std::collections::HashSet<usize> =
            analysis.urls.iter().map(|u| u.span.start.line).collect();
        facts.unresolved += unresolved_cmdlets(t, &resolved_lines);
    }
    facts
}

/// The first occurrence of `needle` at or after `from`, up to line `last`.
fn find_from(src: &dyn LineSource, from: crate::lines::Pos, last: usize, needle: &str) -> Option<Span> {
    for l in from.line..=last.min(src.line_count().saturating_sub(1)) {
        let text = src.line(l);
        let start = if l == from.line { from.byte.min(text.len()) } else { 0 };
        if let Some(at) = text.get(start..).and_then(|t| t.find(needle)) {
            return Some(Span::on_line(l, start + at, start + at + needle.len()));
        }
    }
    None
}

/// Microsoft Graph PowerShell commands that sign in or describe rather than call an endpoint.
const NOT_CALLS: &[&str] = &[
    "connect-mggraph",
    "disconnect-mggraph",
    "get-mgcontext",
    "get-mgprofile",
    "select-mgprofile",
    "find-mggraphcommand",
    "find-mggraphpermission",
    "set-mgrequestcontext",
    "get-mgrequestcontext",
    "invoke-mggraphrequest",
];

/// Lines holding a Microsoft Graph cmdlet (`Verb-Mg…`) or an `Invoke-MgGraphRequest` from which
/// no call was read: calls the workspace cannot see the endpoint of. A request whose `-Uri` is a
/// variable counts as read when the variable is given a Graph URL or a page link (`@odata.nextLink`)
/// in the file.
fn unresolved_cmdlets(text: &str, resolved_lines: &std::collections::HashSet<usize>) -> usize {
    let lower = text.to_ascii_lowercase();
    let assigned_graph = |var: &str| -> bool {
        let needle = format!("{} =", var.to_ascii_lowercase());
        lower.match_indices(&needle).any(|(at, _)| {
            let rest = &lower[at..];
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            line.contains("graph.microsoft") || line.contains("security/") || line.contains("nextlink")
        })
    };
    let mut n = 0;
    for (i, line) in crate::lines::split_lines(text).enumerate() {
        if !line.contains("-Mg") || resolved_lines.contains(&i) {
            continue;
        }
        let b = line.as_bytes();
        let mut from = 0;
        while let Some(k) = line[from..].find("-Mg").map(|k| from + k) {
            from = k + 3;
            let start = line[..k].rfind(|c: char| !c.is_ascii_alphabetic()).map_or(0, |p| p + 1);
            let end = k + 3 + b[k + 3..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            let name = line[start..end].to_ascii_lowercase();
            if start >= k || !b[start].is_ascii_uppercase() || end == k + 3 {
                continue;
            }
            if name == "invoke-mggraphrequest" {
                let args = &line[end..];
                let uri = args
                    .split_whitespace()
                    .skip_while(|w| !w.eq_ignore_ascii_case("-uri"))
                    .nth(1)
                    .or_else(|| args.split_whitespace().find(|w| w.starts_with('$')));
                match uri {
                    Some(v) if v.starts_with('$') && assigned_graph(v.trim_matches(['(', ')'])) => {}
                    _ => n += 1,
                }
                break;
            }
            if !NOT_CALLS.contains(&name.as_str()) {
                n += 1;
                break;
            }
        }
    }
    n
}
