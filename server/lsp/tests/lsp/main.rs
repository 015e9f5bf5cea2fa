//! The language server in-process, over real `Content-Length` frames on in-memory pipes: protocol,
//! diagnostics, edits, hovers and hints, SDK calls, settings, bad input. One test binary, one
//! module per subject.

mod bad_input;
mod diagnostics;
mod edits;
mod features;
mod graph;
mod protocol;
mod sdk;
mod settings;
mod workspace;

mod common {
    #![allow(dead_code, unused_imports)]
    pub use claimcheck_test_support::lsp::*;
    pub use claimcheck_test_support::tokens::{leaks, mint, redact, NOW};
    pub use claimcheck_test_support::{text, tokens};

    use claimcheck_lsp::ServeOptions;
    use serde_json::Value;

    /// The options of an in-process server: the contract's fixed clock and the real timeout.
    pub fn options() -> ServeOptions {
        ServeOptions { now: Some(NOW), ..ServeOptions::default() }
    }

    /// The in-process server with `options`.
    pub fn start(options: ServeOptions) -> Lsp {
        Lsp::start(move |r, w| claimcheck_lsp::serve(r, w, options))
    }

    /// A started and initialized in-process server with the default capabilities.
    pub async fn ready() -> Lsp {
        ready_with(default_capabilities(), None).await
    }

    pub async fn ready_with(capabilities: Value, init_options: Option<Value>) -> Lsp {
        let mut lsp = start(options());
        lsp.initialize(capabilities, init_options).await;
        lsp
    }
}
