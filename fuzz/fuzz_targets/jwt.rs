//! Token decoding: `jwt::decode` on the whole input and `jwt::find_tokens` in it. Half the inputs
//! are assembled into a token from their pieces (base64url-encoded header and payload), so that
//! the JSON and claim code is reached, not only the base64 rejection.
#![no_main]

mod common;

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use claimcheck_core::catalog::Catalog;
use claimcheck_core::explain;
use claimcheck_core::jwt;
use claimcheck_core::types::{Method, TokenKind};
use libfuzzer_sys::fuzz_target;

/// `prefix ␟ header ␟ payload ␟ signature ␟ suffix` (split on 0xFF) → a text with a token in it.
fn assemble(data: &[u8], padded: bool) -> String {
    let mut parts = data.split(|&b| b == 0xff);
    let mut next = || parts.next().unwrap_or(&[]);
    let (prefix, header, payload, sig, suffix) = (next(), next(), next(), next(), next());
    let enc = |b: &[u8]| if padded { URL_SAFE.encode(b) } else { URL_SAFE_NO_PAD.encode(b) };
    format!(
        "{}{}.{}.{}{}",
        String::from_utf8_lossy(prefix),
        enc(header),
        enc(payload),
        URL_SAFE_NO_PAD.encode(sig),
        String::from_utf8_lossy(suffix)
    )
}

fn check_token(tok: &jwt::Token, url: &str) {
    assert!(tok.preview.ends_with('…') && tok.preview.chars().count() <= 11, "a preview longer than ten characters");
    let (kind, _) = tok.claims.kind();
    let _ = tok.claims.permissions(kind);
    let _ = tok.claims.permissions(TokenKind::Application);
    let _ = tok.claims.app();
    let _ = tok.claims.user();
    for a in &tok.claims.aud {
        let _ = jwt::classify_audience(a);
        let _ = jwt::audience_name(a);
    }
    let catalog = Catalog::builtin();
    let facts = explain::token_facts(tok, common::NOW, catalog);
    let _ = explain::facts_markdown(&format!("Token {}", tok.preview), &facts);
    for m in [Method::Get, Method::Patch] {
        let _ = explain::verdict(&explain::token_caller(tok), m, url, common::NOW, catalog);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = if mode & 1 == 0 { String::from_utf8_lossy(rest).into_owned() } else { assemble(rest, mode & 2 != 0) };
    let url = "https://graph.microsoft.com/v1.0/security/alerts_v2";
    if let Ok(tok) = jwt::decode(&text) {
        check_token(&tok, url);
    }
    let hits = jwt::find_tokens(&text);
    let mut last_end = 0;
    for h in &hits {
        assert!(last_end <= h.start && h.start < h.end && h.end <= text.len(), "hits overlap or leave the text");
        assert!(text.is_char_boundary(h.start) && text.is_char_boundary(h.end));
        let s = &text[h.start..h.end];
        assert!(s.starts_with("eyJ"));
        assert_eq!(s.matches('.').count(), 2, "a token of other than three segments");
        let again = jwt::decode(s).expect("a token found in text decodes on its own");
        assert_eq!(again.preview, h.token.preview);
        let (end, _) = jwt::token_at(&text, h.start).expect("token_at agrees with find_tokens");
        assert_eq!(end, h.end);
        check_token(&h.token, url);
        last_end = h.end;
    }
});
