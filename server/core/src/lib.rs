//! The analysis core of claimcheck: finds Microsoft Graph calls and access tokens in text, ties
//! each call to the token or declaration it will run with, and says what Graph will answer.
//!
//! Text and settings in, findings out: this crate does no I/O, reads neither the environment nor
//! the clock (the time comes in as a value), and knows nothing of LSP or async. The command line
//! (`claimcheck`) and the language server (`claimcheck-lsp`) are two shells around it.
//! `ARCHITECTURE.md` at the repository root describes the flow of one file through it.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod catalog;
pub mod code;
pub mod config;
pub mod context;
pub mod document;
pub mod explain;
pub mod finding;
pub mod fold;
pub mod grants;
pub mod hover;
pub mod jwt;
pub mod lines;
pub mod method;
pub mod notebook;
pub mod position;
pub mod prefilter;
pub mod references;
pub mod report;
pub mod rules;
pub mod scan;
pub mod scopes;
pub mod sdk;
pub mod timefmt;
pub mod types;
pub mod url;
pub mod workspace;

/// Where each rule's page is published (`<DOCS_BASE>/<rule-id>.md`).
pub const DOCS_BASE: &str = "https://github.com/claimcheck/claimcheck/blob/main/docs/rules";
