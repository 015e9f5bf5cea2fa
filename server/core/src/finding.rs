//! The findings the analysis produces.

use crate::grants::{DeclKind, Loc};
use crate::lines::Span;
use crate::rules::Rule;
use crate::types::{Method, Severity, TokenKind, Version};

/// The endpoint a URL finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRef {
    pub method: Method,
    pub method_source: MethodSource,
    /// `None`: nothing in the file says which version.
    pub version: Option<Version>,
    /// The catalog template when known, else the path as written (placeholders `{}`).
    pub path: String,
}

/// Whether the code states a call's method or it is assumed from the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodSource {
    Stated,
    Assumed,
}

impl MethodSource {
    pub fn as_str(self) -> &'static str {
        match self {
            MethodSource::Stated => "stated",
            MethodSource::Assumed => "assumed",
        }
    }
}

/// The token (or stand-in) a finding involves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRef {
    /// A token literal in the same file.
    File { span: Span, kind: TokenKind },
    /// The configured token (`--token*`, LSP settings).
    Config { kind: TokenKind },
    /// Scopes declared in the same file (`docs/behaviour.md`, "Declared scopes").
    Declared { span: Span },
    /// A declaration of the call's app elsewhere in the workspace (`docs/behaviour.md`, "The
    /// workspace"): the entry that covers the call, or the registration's first line.
    App { loc: Loc, kind: DeclKind },
}

impl TokenRef {
    pub fn kind_str(&self) -> &'static str {
        match self {
            TokenRef::File { kind, .. } | TokenRef::Config { kind } => kind.as_str(),
            TokenRef::Declared { .. } => "declared-scopes",
            TokenRef::App { kind, .. } => kind.as_str(),
        }
    }
}

/// A text replacement a quick fix can apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub endpoint: Option<EndpointRef>,
    pub token: Option<TokenRef>,
    pub fix: Option<Fix>,
    pub suppressed: bool,
}
