//! What an app is granted, as the analysis of one file sees it (`docs/behaviour.md`, "The
//! workspace"): the permissions its declarations hold, where each is declared, and the permissions
//! the app's calls need. The workspace model (`workspace`) builds these; the analysis checks a
//! file's calls against them when nothing in the file gives the call a caller.

use std::sync::Arc;

use crate::jwt::Claims;
use crate::lines::Span;
use crate::types::TokenKind;

/// A place in another file, with its columns already worked out (that file's text is not at hand
/// where the place is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// The file as the shell shows it: a display path (CLI) or a file system path (LSP).
    pub path: Arc<str>,
    /// Byte span inside one line.
    pub span: Span,
    /// 1-based columns of the start and the end (one past the last character), in Unicode scalar
    /// values (`docs/behaviour.md`, "Output").
    pub column: usize,
    pub end_column: usize,
    /// Start and end character offsets in UTF-16 code units, then in UTF-8 bytes.
    pub utf16: (u32, u32),
    pub utf8: (u32, u32),
}

impl Loc {
    /// The place of `span` (on one line) of the line `text`.
    pub fn new(path: Arc<str>, text: &str, span: Span) -> Loc {
        let end = if span.end.line == span.start.line { span.end.byte } else { text.len() };
        let start = span.start.byte.min(text.len());
        let end = end.clamp(start, text.len());
        let (start, end) = (floor_char(text, start), floor_char(text, end));
        let u16 = |b: usize| text[..b].encode_utf16().count() as u32;
        Loc {
            path,
            span: Span { start: span.start, end: crate::lines::Pos { line: span.start.line, byte: end } },
            column: text[..start].chars().count() + 1,
            end_column: text[..end].chars().count() + 1,
            utf16: (u16(start), u16(end)),
            utf8: (start as u32, end as u32),
        }
    }

    /// The 0-based line.
    pub fn line(&self) -> usize {
        self.span.start.line
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// How a kind of declaration appears in JSON `token.kind` (`docs/behaviour.md`, "Output").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclKind {
    /// Scopes the code asks for: `Connect-MgGraph -Scopes`, MSAL scope lists, config modules.
    DeclaredScopes,
    /// Every other source: manifests, ARM, Bicep, Terraform, az CLI, PowerShell grants.
    AppRegistration,
}

impl DeclKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeclKind::DeclaredScopes => "declared-scopes",
            DeclKind::AppRegistration => "app-registration",
        }
    }
}

/// One permission an app holds, where it is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub name: String,
    pub kind: TokenKind,
    pub loc: Loc,
    pub decl: DeclKind,
}

/// The kind a call signs in as (`docs/behaviour.md`, "The workspace": kind of a call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallKind {
    Known(TokenKind),
    /// Nothing says which: the call passes when either half of the registration covers it.
    Either,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Known(k) => k.as_str(),
            CallKind::Either => "either",
        }
    }

    /// The kinds whose grants may cover the call.
    pub fn kinds(self) -> &'static [TokenKind] {
        match self {
            CallKind::Known(TokenKind::Delegated) => &[TokenKind::Delegated],
            CallKind::Known(TokenKind::Application) => &[TokenKind::Application],
            CallKind::Either => &[TokenKind::Delegated, TokenKind::Application],
        }
    }
}

/// Index of a kind in per-kind arrays: delegated 0, application 1.
pub fn ki(kind: TokenKind) -> usize {
    match kind {
        TokenKind::Delegated => 0,
        TokenKind::Application => 1,
    }
}

/// What one app holds and needs, for checking calls.
#[derive(Debug, Clone)]
pub struct AppGrants {
    pub name: String,
    /// Permissions its declarations hold, Graph permissions known by name only.
    pub held: Vec<Held>,
    /// Per kind, the first line of the first registration that declares that kind (where a
    /// finding points when no held permission covers the call); else of any registration.
    pub first: [Option<(Loc, DeclKind)>; 2],
    /// Per kind, what the app's calls need (`docs/behaviour.md`, "`claimcheck permissions`").
    pub needed: [Vec<String>; 2],
    /// Per kind, the held names as claims, for the rules.
    pub claims: [Claims; 2],
}

impl AppGrants {
    pub fn new(name: String, held: Vec<Held>, first: [Option<(Loc, DeclKind)>; 2], needed: [Vec<String>; 2]) -> Self {
        let names = |k: TokenKind| -> Vec<String> {
            let mut v: Vec<String> = held.iter().filter(|h| h.kind == k).map(|h| h.name.clone()).collect();
            v.sort();
            v.dedup();
            v
        };
        let claims = [
            Claims { scp: Some(names(TokenKind::Delegated)), ..Claims::default() },
            Claims { roles: Some(names(TokenKind::Application)), ..Claims::default() },
        ];
        AppGrants { name, held, first, needed, claims }
    }

    /// The held entry of `name` for `kind`, the first declared.
    pub fn entry(&self, kind: TokenKind, name: &str) -> Option<&Held> {
        self.held.iter().find(|h| h.kind == kind && h.name.eq_ignore_ascii_case(name))
    }

    /// How messages name what the app holds of a kind.
    pub fn label(&self, kind: TokenKind) -> String {
        let at = self.first[ki(kind)].as_ref().map(|(l, _)| format!(" ({} line {})", l.path, l.line() + 1));
        format!("the {} permissions declared for app {}{}", kind.as_str(), self.name, at.unwrap_or_default())
    }
}

/// The app the unassociated calls of one file belong to, and how they sign in.
#[derive(Debug, Clone)]
pub struct FileApp {
    pub app: Arc<AppGrants>,
    pub kind: CallKind,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Pos;

    #[test]
    fn locations_count_columns_in_each_encoding() {
        let text = "  é𝄞 \"X.Read\"";
        let start = text.find('"').unwrap();
        let span = Span { start: Pos { line: 4, byte: start }, end: Pos { line: 4, byte: text.len() } };
        let l = Loc::new("a.tf".into(), text, span);
        assert_eq!((l.column, l.end_column), (6, 14));
        assert_eq!(l.utf16, (6, 14));
        assert_eq!(l.utf8, (start as u32, text.len() as u32));
        assert_eq!(l.line(), 4);
    }
}
