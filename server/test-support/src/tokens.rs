//! Test tokens, minted the way `tests/tools/mint_jwt.py` does: a real base64url header and
//! payload, and a filler signature (claimcheck never verifies one). The one minter of every Rust
//! test suite.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

/// 2026-06-01T00:00:00Z, the clock every test server runs on (SERVER-CONTRACT.md).
pub const NOW: i64 = 1_780_272_000;
/// The default lifetime of minted tokens: 2026-01-01 .. 2036-01-01, valid at `NOW`.
pub const IAT: i64 = 1_767_225_600;
pub const EXP: i64 = 2_082_758_400;

pub const GRAPH: &str = "https://graph.microsoft.com";
pub const SECURITY_READER: &str = "5d6b6bb7-de71-4623-b4af-96380a352509";
pub const SECURITY_ADMIN: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

/// A compact JWS whose payload is `claims`, with `iat`/`nbf`/`exp` defaulted.
pub fn mint(claims: Value) -> String {
    let mut claims = claims.as_object().cloned().expect("claims must be a JSON object");
    claims.entry("iat").or_insert(json!(IAT));
    claims.entry("nbf").or_insert(json!(IAT));
    claims.entry("exp").or_insert(json!(EXP));
    let header = json!({"typ": "JWT", "alg": "RS256", "kid": "claimcheck-test"});
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let p = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
    // A deterministic filler the length of an RS256 signature.
    let mut x: u32 = (h.len() * 31 + p.len()) as u32 | 1;
    let sig: Vec<u8> = (0..256)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    format!("{h}.{p}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// A compact JWS whose payload is exactly `claims` (no lifetime added), with a short filler
/// signature.
pub fn mint_exact(claims: &Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256"}"#);
    let p = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{h}.{p}.c2lnbmF0dXJlLWZpbGxlci1ieXRlcw")
}

/// A delegated Graph token with these scopes (and optional `wids`).
pub fn delegated(scp: &str, wids: Option<&[&str]>) -> String {
    let mut c = json!({"aud": GRAPH, "idtyp": "user", "scp": scp, "upn": "a@contoso.example"});
    if let Some(w) = wids {
        c["wids"] = json!(w);
    }
    mint(c)
}

/// An application Graph token with these roles.
pub fn application(roles: &[&str]) -> String {
    mint(json!({"aud": GRAPH, "idtyp": "app", "roles": roles}))
}

/// `mint_jwt.py --preset delegated-no-alerts`: a user token without any security scope, whose
/// `wids` holds a role (Directory Writers) that no security endpoint accepts.
pub fn delegated_no_alerts() -> Value {
    json!({"aud": GRAPH, "idtyp": "user", "scp": "User.Read Mail.Read", "upn": "ada@contoso.example",
        "name": "Ada", "wids": ["b79fbf4d-3ef9-4689-8143-76b194e85509"], "app_displayname": "SOC Dashboard",
        "appid": "11111111-2222-3333-4444-555555555555", "tid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "ver": "1.0"})
}

/// `mint_jwt.py --preset app-alerts`: an app-only token holding `SecurityAlert.Read.All`.
pub fn app_alerts() -> Value {
    json!({"aud": GRAPH, "idtyp": "app", "roles": ["SecurityAlert.Read.All"], "app_displayname": "SOC Collector",
        "appid": "11111111-2222-3333-4444-555555555555", "tid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", "ver": "1.0"})
}

/// `claims` with some keys replaced or (with `null`) removed.
pub fn with(mut claims: Value, changes: Value) -> Value {
    let obj = claims.as_object_mut().unwrap();
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            obj.remove(k);
        } else {
            obj.insert(k.clone(), v.clone());
        }
    }
    claims
}

/// `text` with every token shortened to its first ten characters, so that a failing assertion
/// never prints a whole token (`docs/behaviour.md`, "Secrets" holds for test output too).
pub fn redact(text: &str) -> String {
    let re = regex::Regex::new(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*").unwrap();
    re.replace_all(text, |c: &regex::Captures| format!("{}…", &c[0][..10.min(c[0].len())])).into_owned()
}

/// Asserts two texts are equal, printing them redacted when they are not.
#[track_caller]
pub fn assert_text_eq(got: &str, want: &str) {
    if got != want {
        panic!("texts differ\n got: {}\nwant: {}", redact(got), redact(want));
    }
}

/// Whether `messages` hold a whole token, or its payload or signature segment.
pub fn leaks(messages: &str, token: &str) -> bool {
    let mut parts = token.split('.');
    let (_h, p, s) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
    messages.contains(token) || messages.contains(p) || (!s.is_empty() && messages.contains(s))
}
