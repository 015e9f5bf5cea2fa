//! claimcheck: finds Microsoft Graph 403s in text before they happen.
//!
//! The analysis core (`jwt`, `url`, `catalog`, `context`, `rules`, `analysis`, `report`, `explain`)
//! takes text and settings and returns findings; it does no I/O and knows nothing of LSP. The
//! `cli` and `lsp` modules are the two shells around it.

pub mod analysis;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod context;
pub mod explain;
pub mod finding;
#[doc(hidden)]
pub mod fuzzing;
pub mod jwt;
pub mod lines;
pub mod lsp;
pub mod prefilter;
pub mod report;
pub mod rules;
pub mod scopes;
pub mod sdk;
pub mod timefmt;
pub mod types;
pub mod url;

/// Where each rule's page is published (`<DOCS_BASE>/<rule-id>.md`).
pub const DOCS_BASE: &str = "https://github.com/claimcheck/claimcheck/blob/main/docs/rules";
