//! The analysis core through its public API: rules, SDK calls, the catalog, the fast path against
//! the plain one, and properties over generated input. One test binary, one module per subject.

mod architecture;
mod catalog_reference;
mod corpus;
mod corpus_gen;
mod properties;
mod real_code;
mod rules;
mod sdk;
mod support;

/// What the modules written against the shared test client's helpers need of it.
mod common {
    pub use claimcheck_test_support::{text, tokens};
}
