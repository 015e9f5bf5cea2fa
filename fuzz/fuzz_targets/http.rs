//! `.http` files: arbitrary text analysed as a REST Client / JetBrains request file (request
//! lines, `###` blocks, `Authorization` headers, `@var` definitions and `{{var}}` references),
//! on both analysis paths, with and without a configured token.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let name = if mode & 1 == 0 { "a.http" } else { "a.rest" };
    let configured = (mode & 2 != 0).then(|| claimcheck_core::jwt::decode(common::APP_TOKEN).expect("decodes"));
    common::with_ctx(configured.as_ref(), |ctx| common::check_paths_agree(&text, name, ctx));
});
