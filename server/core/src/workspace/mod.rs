//! The workspace (`docs/behaviour.md`, "The workspace"): what the app registrations of a
//! repository grant, which app each call belongs to, and what each app needs
//! (`docs/behaviour.md`, "`claimcheck permissions`").
//!
//! Pure functions over text and values, like the rest of the core: the shells walk the folders,
//! read the files and hand each file's text here. Per file, [`facts`] reads what later passes need
//! (declarations, calls that found no caller in their file, the sign-in the code uses); the
//! [`model`] assembles apps from every file's facts.

pub mod bicep;
pub mod facts;
pub mod json;
pub mod model;
pub mod names;
pub mod report;
pub mod signin;
pub mod sources;
pub mod terraform;

pub use facts::{file_facts, FileFacts};
pub use model::{Model, Workspace};

use crate::lines::{Span, TextLines};
use crate::types::TokenKind;

/// Microsoft Graph's application id: the `resourceAppId` of Graph permissions.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// One of these occurs on a line of every declaration read from infrastructure code or scripts
/// (declared scopes have their own, `scopes::LITERALS`): the whole-text search looks for them,
/// and a file holding none is not read for declarations. PowerShell is case-insensitive: the
/// cmdlets are searched in their documented and lower-case spellings.
pub const LITERALS: &[&str] = &[
    "requiredResourceAccess",
    "RequiredResourceAccess",
    "required_resource_access",
    "azuread_application_api_access",
    "--api-permissions",
    "ServicePrincipalAppRoleAssign",
    "serviceprincipalapproleassign",
    "Oauth2PermissionGrant",
    "oauth2permissiongrant",
    "OAuth2PermissionGrant",
];

/// Whether a line holds one of [`LITERALS`].
pub fn line_has_anchor(line: &str) -> bool {
    LITERALS.iter().any(|l| memchr::memmem::find(line.as_bytes(), l.as_bytes()).is_some())
}

/// Where a declaration was read from (`source` in `claimcheck permissions --format json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    Manifest,
    Bicep,
    Arm,
    Terraform,
    AzCli,
    PowershellGrant,
    DeclaredScopes,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Manifest => "manifest",
            Source::Bicep => "bicep",
            Source::Arm => "arm",
            Source::Terraform => "terraform",
            Source::AzCli => "az-cli",
            Source::PowershellGrant => "powershell-grant",
            Source::DeclaredScopes => "declared-scopes",
        }
    }

    pub fn decl_kind(self) -> crate::grants::DeclKind {
        match self {
            Source::DeclaredScopes => crate::grants::DeclKind::DeclaredScopes,
            _ => crate::grants::DeclKind::AppRegistration,
        }
    }
}

/// One app registration (or one scope declaration) in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub source: Source,
    /// Its first line: the `requiredResourceAccess` key, the resource block, the command.
    pub span: Span,
    /// What tells one registration from another across files (the az `--id`, a Terraform
    /// resource address); `None` when the file is the unit.
    pub identity: Option<String>,
    /// The application (client) id, when the declaration states it (for snippets).
    pub app_id: Option<String>,
    /// False when the file could not be read in full: an app holding it raises no finding that
    /// would rest on what is missing (`docs/behaviour.md`, "The workspace": bad input).
    pub complete: bool,
}

/// A permission entry as written: a GUID of Graph's app registration, or a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perm {
    Id(String),
    Name(String),
}

/// One permission entry of a declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub kind: TokenKind,
    /// The permission's name: as written, or from its GUID. `None` for a GUID that is not a
    /// known Graph permission (it is kept under its id).
    pub name: Option<String>,
    /// The GUID: as written, or from its name when known.
    pub id: Option<String>,
    /// The entry (the GUID or name as written).
    pub span: Span,
    /// Index of its registration in the same file.
    pub reg: usize,
}

/// Something the user should know about a declaration that was not read or not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 0-based line, when the note is about one place.
    pub line: Option<usize>,
    pub message: String,
}

/// What one file declares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declarations {
    pub registrations: Vec<Registration>,
    pub grants: Vec<Grant>,
    pub notes: Vec<Note>,
}

/// What the source readers produce before names and GUIDs are matched.
#[derive(Debug, Default)]
pub struct RawDeclarations {
    pub registrations: Vec<Registration>,
    pub grants: Vec<(TokenKind, Perm, Span, usize)>,
    pub notes: Vec<Note>,
}

impl RawDeclarations {
    fn note(&mut self, line: Option<usize>, message: String) {
        self.notes.push(Note { line, message });
    }

    fn add_registration(&mut self, r: Registration) -> usize {
        self.registrations.push(r);
        self.registrations.len() - 1
    }
}

/// Whether `s` is written as a GUID.
pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `Scope` → delegated, `Role` → application (case-insensitive, as Entra reads them).
pub fn kind_of_type(t: &str) -> Option<TokenKind> {
    if t.eq_ignore_ascii_case("Scope") {
        Some(TokenKind::Delegated)
    } else if t.eq_ignore_ascii_case("Role") {
        Some(TokenKind::Application)
    } else {
        None
    }
}

/// The span of bytes `start..end` of a text.
fn span_of(lines: &TextLines, start: usize, end: usize) -> Span {
    Span { start: lines.pos_of(start), end: lines.pos_of(end) }
}

/// Reads the declarations of infrastructure code and scripts from a whole file: app manifests and
/// ARM templates (`.json`), Bicep, Terraform, `az ad app permission add` and PowerShell grants.
/// GUIDs are named through the catalog's provisioning data. Declared scopes (section 10) are read
/// by the analysis, not here.
pub fn read_declarations(text: &str, path: &str, names: &names::Names) -> Declarations {
    let lines = TextLines::new(text);
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let mut raw = RawDeclarations::default();
    match ext {
        "json" | "jsonc" => sources::json_file(text, &lines, &mut raw),
        "bicep" => bicep::read(text, &lines, &mut raw),
        "tf" => terraform::read(text, &lines, &mut raw),
        _ => {}
    }
    sources::az_cli(&lines, &mut raw);
    if matches!(ext, "ps1" | "psm1" | "md" | "txt") || ext.is_empty() {
        sources::powershell_grants(text, &lines, &mut raw);
    }
    resolve(raw, names)
}

/// Names GUIDs and GUIDs names; notes GUIDs that are not Graph permissions.
pub fn resolve(raw: RawDeclarations, names: &names::Names) -> Declarations {
    let mut out = Declarations { registrations: raw.registrations, grants: Vec::new(), notes: raw.notes };
    for (kind, perm, span, reg) in raw.grants {
        let (name, id) = match perm {
            Perm::Id(id) => match names.by_id(&id, kind) {
                Some(n) => (Some(n), Some(id)),
                None => {
                    let other = names.by_id(&id, kind.other());
                    let why = match other {
                        Some(n) => format!(
                            "it is the id of the {} permission {n}, so its type should be {}",
                            kind.other().as_str(),
                            match kind.other() {
                                TokenKind::Delegated => "Scope",
                                TokenKind::Application => "Role",
                            }
                        ),
                        None => "it is not a Microsoft Graph permission claimcheck knows".to_owned(),
                    };
                    out.notes.push(Note {
                        line: Some(span.start.line),
                        message: format!(
                            "{} permission {id}: {why}; it is kept under its id and covers no call",
                            kind.title()
                        ),
                    });
                    (None, Some(id))
                }
            },
            Perm::Name(n) => match names.canonical(&n, kind) {
                Some(c) => {
                    let c = c.to_owned();
                    let id = names.id_of(&c, kind);
                    (Some(c), id)
                }
                None => {
                    let id = names.id_of(&n, kind);
                    (Some(n), id)
                }
            },
        };
        out.grants.push(Grant { kind, name, id, span, reg });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_and_types() {
        assert!(is_guid(GRAPH_APP_ID));
        assert!(is_guid("ED4FCA05-BE46-441F-9803-1873825F8FDB"));
        assert!(!is_guid("ed4fca05-be46-441f-9803-1873825f8fd"));
        assert!(!is_guid("ed4fca05_be46-441f-9803-1873825f8fdb"));
        assert_eq!(kind_of_type("role"), Some(TokenKind::Application));
        assert_eq!(kind_of_type("Scope"), Some(TokenKind::Delegated));
        assert_eq!(kind_of_type("Other"), None);
    }
}
