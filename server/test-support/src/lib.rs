//! What claimcheck's test suites share: one token minter (`tokens`), the client's copy of a
//! document (`text`), and one LSP client (`lsp`) that drives a server in-process or as a process.

pub mod lsp;
pub mod text;
pub mod tokens;
