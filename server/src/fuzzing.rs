//! What the fuzz targets (`fuzz/`) and the property tests reach that is otherwise private to the
//! language server: the document (rope, per-line cache, edit application) and the LSP position
//! types its edits are given in. Not an API.

pub use crate::lsp::document::Document;
pub use tower_lsp_server::ls_types::{Position, Range};
