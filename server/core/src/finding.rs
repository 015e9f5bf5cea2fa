//! Rule ids and the findings the analysis produces.

use crate::lines::Span;
use crate::types::{Method, Severity, TokenKind, Version};

/// Every rule of SPEC section 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    MissingPermission,
    UnsupportedTokenType,
    MissingRole,
    MissingWids,
    WrongAudience,
    TokenExpired,
    TokenNotYetValid,
    HardcodedToken,
    UnknownEndpoint,
    DeprecatedEndpoint,
    OverPrivileged,
}

impl Rule {
    pub const ALL: [Rule; 11] = [
        Rule::MissingPermission,
        Rule::UnsupportedTokenType,
        Rule::MissingRole,
        Rule::MissingWids,
        Rule::WrongAudience,
        Rule::TokenExpired,
        Rule::TokenNotYetValid,
        Rule::HardcodedToken,
        Rule::UnknownEndpoint,
        Rule::DeprecatedEndpoint,
        Rule::OverPrivileged,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::MissingPermission => "missing-permission",
            Rule::UnsupportedTokenType => "unsupported-token-type",
            Rule::MissingRole => "missing-role",
            Rule::MissingWids => "missing-wids",
            Rule::WrongAudience => "wrong-audience",
            Rule::TokenExpired => "token-expired",
            Rule::TokenNotYetValid => "token-not-yet-valid",
            Rule::HardcodedToken => "hardcoded-token",
            Rule::UnknownEndpoint => "unknown-endpoint",
            Rule::DeprecatedEndpoint => "deprecated-endpoint",
            Rule::OverPrivileged => "over-privileged",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Default severity. `missing-role` is an error for strict role requirements; the loose
    /// (Defender for Identity) case lowers it to information where it is raised.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::MissingPermission | Rule::UnsupportedTokenType | Rule::MissingRole | Rule::WrongAudience => {
                Severity::Error
            }
            Rule::MissingWids
            | Rule::TokenExpired
            | Rule::TokenNotYetValid
            | Rule::HardcodedToken
            | Rule::UnknownEndpoint
            | Rule::DeprecatedEndpoint => Severity::Warning,
            Rule::OverPrivileged => Severity::Hint,
        }
    }

    /// One sentence for rule listings (SARIF `rules`, docs).
    pub fn description(self) -> &'static str {
        match self {
            Rule::MissingPermission => "The token holds none of the permissions the endpoint accepts for its kind, method and version.",
            Rule::UnsupportedTokenType => "The endpoint accepts permissions of the other token kind only (delegated versus application).",
            Rule::MissingRole => "A delegated caller needs an Entra admin role for this endpoint, and the token's wids claim holds none of them.",
            Rule::MissingWids => "A delegated caller needs an Entra admin role for this endpoint, and the token has no wids claim to show it.",
            Rule::WrongAudience => "The token was issued for another API or another cloud than the Microsoft Graph the URL calls.",
            Rule::TokenExpired => "The token's exp time has passed.",
            Rule::TokenNotYetValid => "The token's nbf time is still in the future.",
            Rule::HardcodedToken => "An access token is written in a file: a secret in source.",
            Rule::UnknownEndpoint => "The path, or the method on it, does not exist in that version of Microsoft Graph.",
            Rule::DeprecatedEndpoint => "The endpoint is deprecated; a replacement exists.",
            Rule::OverPrivileged => "The token satisfies a read only through a permission broader than the endpoint's least-privileged set.",
        }
    }

    /// Where the rule's page is published.
    pub fn doc_url(self) -> String {
        format!("{}/{}.md", crate::DOCS_BASE, self.id())
    }
}

/// The endpoint a URL finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRef {
    pub method: Method,
    pub version: Version,
    /// The catalog template when known, else the path as written (placeholders `{}`).
    pub path: String,
}

/// The token (or stand-in) a finding involves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRef {
    /// A token literal in the same file.
    File { span: Span, kind: TokenKind },
    /// The configured token (`--token*`, LSP settings).
    Config { kind: TokenKind },
    /// Scopes declared in the same file (SPEC section 10).
    Declared { span: Span },
}

impl TokenRef {
    pub fn kind_str(&self) -> &'static str {
        match self {
            TokenRef::File { kind, .. } | TokenRef::Config { kind } => kind.as_str(),
            TokenRef::Declared { .. } => "declared-scopes",
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
