//! Graph URL detection: `url::find_urls`, the catalog lookup of what it finds, and `explain
//! --url` (which reads a URL given alone).
#![no_main]

mod common;

use claimcheck_core::catalog::Catalog;
use claimcheck_core::explain;
use claimcheck_core::jwt;
use claimcheck_core::types::Method;
use claimcheck_core::url;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalog = Catalog::builtin();
    let hits = url::find_urls(&text);
    let mut last_start = None;
    for h in &hits {
        assert!(h.start <= h.path_start && h.path_start <= h.end && h.end <= text.len(), "{h:?}");
        for b in [h.start, h.path_start, h.end] {
            assert!(text.is_char_boundary(b), "{h:?} cuts a character");
        }
        assert!(last_start.is_none_or(|s| s < h.start), "hits out of order or repeated");
        last_start = Some(h.start);
        let _ = url::lookup_form(&h.path);
        for m in [Method::Get, Method::Post, Method::Patch, Method::Delete, Method::Head] {
            let _ = catalog.lookup(h.version, m, &h.path);
        }
    }
    // The whole input as `explain --url` would take it, with a fixed application token.
    if text.len() < 4096 {
        let tok = jwt::decode(common::APP_TOKEN).expect("the fixed token decodes");
        let _ = explain::verdict(&explain::token_caller(&tok), Method::Get, &text, common::NOW, catalog);
    }
});
