//! The built-in catalog: the tables `build.rs` compiles from `data/`, as static data.

use std::borrow::Cow;

use super::tables::Tables;

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));
