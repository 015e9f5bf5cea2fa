//! claimcheck as a user runs it: the built binary, its command line and its language server over
//! stdio, on fixtures, hostile input, secrets, the network and long sessions. One test binary, one
//! module per subject.

mod adversarial;
mod cli_scan;
mod lsp_binary;
mod network;
mod realworld;
mod reliability;
mod secrecy;
mod soak;
mod workspace;

mod common {
    #![allow(dead_code, unused_imports)]
    pub use claimcheck_test_support::lsp::*;
    pub use claimcheck_test_support::tokens::{leaks, mint, redact, NOW};
    pub use claimcheck_test_support::{text, tokens};

    /// The built binary, `claimcheck <args>`, on stdio. Its stderr is discarded.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Lsp {
        spawn_logging(args, env, std::process::Stdio::null())
    }

    /// `spawn`, with the server's stderr (its log) going to `stderr`.
    pub fn spawn_logging(args: &[&str], env: &[(&str, &str)], stderr: impl Into<std::process::Stdio>) -> Lsp {
        Lsp::spawn(std::path::Path::new(env!("CARGO_BIN_EXE_claimcheck")), args, env, stderr)
    }
}
