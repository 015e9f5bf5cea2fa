//! The whole analysis of a document (tokens, URLs, SDK calls, cmdlets, scope declarations,
//! association, rules, suppression, every output format and hover) for a file kind chosen by
//! the first byte; both analysis paths must agree.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let name = common::NAMES[(mode & 0x0f) as usize];
    let configured = (mode & 0x10 != 0).then(|| claimcheck_core::jwt::decode(common::APP_TOKEN).expect("decodes"));
    common::with_ctx(configured.as_ref(), |ctx| common::check_paths_agree(&text, name, ctx));
});
