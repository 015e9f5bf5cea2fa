//! Small value types shared by every part of the analysis core.

use std::fmt;

/// A Microsoft Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Version {
    V1,
    Beta,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1 => "v1.0",
            Version::Beta => "beta",
        }
    }
    pub fn other(self) -> Version {
        match self {
            Version::V1 => Version::Beta,
            Version::Beta => Version::V1,
        }
    }
    pub fn parse(s: &str) -> Option<Version> {
        if s.eq_ignore_ascii_case("v1.0") {
            Some(Version::V1)
        } else if s.eq_ignore_ascii_case("beta") {
            Some(Version::Beta)
        } else {
            None
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl Method {
    pub const ALL: [Method; 6] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete, Method::Head];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }
    /// Case-insensitive parse of a method word.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str().eq_ignore_ascii_case(s))
    }
    pub fn is_read(self) -> bool {
        matches!(self, Method::Get | Method::Head)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of caller a token (or a scope declaration) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    Delegated,
    Application,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Delegated => "delegated",
            TokenKind::Application => "application",
        }
    }
    /// The word used in permission advice: "Delegated" or "Application".
    pub fn title(self) -> &'static str {
        match self {
            TokenKind::Delegated => "Delegated",
            TokenKind::Application => "Application",
        }
    }
    pub fn other(self) -> TokenKind {
        match self {
            TokenKind::Delegated => TokenKind::Application,
            TokenKind::Application => TokenKind::Delegated,
        }
    }
}

/// A Microsoft Graph deployment (national cloud).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cloud {
    Global,
    UsGov,
    UsGovDod,
    China,
}

impl Cloud {
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::UsGovDod, Cloud::China];
    pub fn host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGov => "graph.microsoft.us",
            Cloud::UsGovDod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }
    pub fn audience(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Global => "the global cloud",
            Cloud::UsGov => "US Government L4 (GCC High)",
            Cloud::UsGovDod => "US Government L5 (DoD)",
            Cloud::China => "China (21Vianet)",
        }
    }
    pub fn from_host(host: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.host().eq_ignore_ascii_case(host))
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
