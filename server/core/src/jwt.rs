//! Finding JWS compact tokens in text and decoding their claims, offline.
//!
//! Signatures are never verified: claimcheck reads what a token says about
//! itself to predict what Graph will do with it.

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::{Map, Value};

use crate::types::{Cloud, TokenKind};

/// A token found in text: byte range of its three segments and what they decode to.
#[derive(Debug, Clone)]
pub struct TokenHit {
    pub start: usize,
    pub end: usize,
    /// Shared: the analysis and the language server's line cache hold the same decoded token.
    pub token: std::sync::Arc<Token>,
}

/// A decoded JWS.
#[derive(Debug, Clone)]
pub struct Token {
    /// First ten characters followed by `…`: the only way a token is ever named in output.
    pub preview: String,
    pub header: Map<String, Value>,
    pub claims: Claims,
}

/// The claims claimcheck reads, typed; everything else stays in `raw`.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    pub aud: Vec<String>,
    pub iss: Option<String>,
    pub tid: Option<String>,
    pub appid: Option<String>,
    pub azp: Option<String>,
    pub app_displayname: Option<String>,
    pub idtyp: Option<String>,
    /// `scp` split on spaces; `None` when the claim is absent.
    pub scp: Option<Vec<String>>,
    pub roles: Option<Vec<String>>,
    pub wids: Option<Vec<String>>,
    pub upn: Option<String>,
    pub unique_name: Option<String>,
    pub name: Option<String>,
    pub oid: Option<String>,
    pub ver: Option<String>,
    pub iat: Option<i64>,
    pub nbf: Option<i64>,
    pub exp: Option<i64>,
    pub amr: Vec<String>,
    pub xms_cc: Vec<String>,
    pub raw: Map<String, Value>,
}

/// Why a string is not a decodable token (the reasons `explain` reports).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    Encrypted,
    SegmentCount(usize),
    BadBase64(&'static str),
    NotJsonObject(&'static str),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Empty => write!(f, "no token given"),
            DecodeError::Encrypted => write!(
                f,
                "this is an encrypted JWE (five segments): its claims cannot be read without the recipient's key"
            ),
            DecodeError::SegmentCount(n) => {
                write!(f, "not a JWT: a signed token has three segments separated by '.', this has {n}")
            }
            DecodeError::BadBase64(part) => {
                write!(f, "not a JWT: the {part} segment is not valid base64url")
            }
            DecodeError::NotJsonObject(part) => {
                write!(f, "not a JWT: the {part} does not decode to a JSON object")
            }
        }
    }
}

#[inline]
pub fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Names a token without revealing it.
pub fn preview(token: &str) -> String {
    let head: String = token.chars().take(10).collect();
    format!("{head}…")
}

fn decode_segment(seg: &str) -> Option<Vec<u8>> {
    // Tokens are base64url without padding, but pasted tokens sometimes carry it.
    if seg.ends_with('=') {
        URL_SAFE.decode(seg).ok()
    } else {
        URL_SAFE_NO_PAD.decode(seg).ok()
    }
}

fn decode_object(seg: &str, part: &'static str) -> Result<Map<String, Value>, DecodeError> {
    let bytes = decode_segment(seg).ok_or(DecodeError::BadBase64(part))?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(DecodeError::NotJsonObject(part)),
    }
}

/// Decodes a whole string as one token (used by `explain`).
pub fn decode(text: &str) -> Result<Token, DecodeError> {
    let text = text.trim();
    let text = text.strip_prefix("Bearer ").or_else(|| text.strip_prefix("bearer ")).unwrap_or(text).trim();
    if text.is_empty() {
        return Err(DecodeError::Empty);
    }
    let parts: Vec<&str> = text.split('.').collect();
    match parts.len() {
        3 => {}
        5 => return Err(DecodeError::Encrypted),
        n => return Err(DecodeError::SegmentCount(n)),
    }
    decode_parts(text, parts[0], parts[1])
}

fn decode_parts(whole: &str, header: &str, payload: &str) -> Result<Token, DecodeError> {
    let header = decode_object(header, "header")?;
    if header.contains_key("enc") {
        return Err(DecodeError::Encrypted);
    }
    let raw = decode_object(payload, "payload")?;
    Ok(Token { preview: preview(whole), header, claims: Claims::from_map(raw) })
}

fn segment_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_b64url(bytes[i]) {
        i += 1;
    }
    // Tolerate base64 padding at the end of a segment.
    let mut pad = 0;
    while i < bytes.len() && bytes[i] == b'=' && pad < 2 {
        i += 1;
        pad += 1;
    }
    i
}

/// Finds every decodable token in `text`, in order. Offsets are bytes into `text`.
pub fn find_tokens(text: &str) -> Vec<TokenHit> {
    let mut hits = Vec::new();
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"eyJ");
    let mut from = 0;
    while let Some(rel) = finder.find(&bytes[from..]) {
        let start = from + rel;
        from = start + 3;
        if start > 0 && (is_b64url(bytes[start - 1]) || bytes[start - 1] == b'.') {
            continue;
        }
        if let Some((end, hit)) = token_at(text, start) {
            hits.push(hit);
            from = end;
        }
    }
    hits
}

/// Tries to read a token starting at `start` (which points at `eyJ`).
pub fn token_at(text: &str, start: usize) -> Option<(usize, TokenHit)> {
    let bytes = text.as_bytes();
    let h_end = segment_end(bytes, start);
    if bytes.get(h_end) != Some(&b'.') {
        return None;
    }
    let p_start = h_end + 1;
    let p_end = segment_end(bytes, p_start);
    if p_end == p_start || bytes.get(p_end) != Some(&b'.') {
        return None;
    }
    let s_start = p_end + 1;
    let s_end = segment_end(bytes, s_start);
    // A fourth segment means a JWE or something else dotted: not a JWS.
    if bytes.get(s_end) == Some(&b'.') && bytes.get(s_end + 1).is_some_and(|&b| is_b64url(b)) {
        return None;
    }
    let token = decode_parts(&text[start..s_end], &text[start..h_end], &text[p_start..p_end]).ok()?;
    Some((s_end, TokenHit { start, end: s_end, token: std::sync::Arc::new(token) }))
}

fn string_list(v: Option<&Value>) -> Option<Vec<String>> {
    match v? {
        Value::Array(items) => Some(items.iter().filter_map(|i| i.as_str().map(str::to_owned)).collect()),
        Value::String(s) => Some(s.split_whitespace().map(str::to_owned).collect()),
        _ => None,
    }
}

fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn seconds(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl Claims {
    pub fn from_map(raw: Map<String, Value>) -> Claims {
        Claims {
            aud: string_list(raw.get("aud")).unwrap_or_default(),
            iss: string(raw.get("iss")),
            tid: string(raw.get("tid")),
            appid: string(raw.get("appid")),
            azp: string(raw.get("azp")),
            app_displayname: string(raw.get("app_displayname")),
            idtyp: string(raw.get("idtyp")),
            scp: string_list(raw.get("scp")),
            roles: string_list(raw.get("roles")),
            wids: string_list(raw.get("wids")),
            upn: string(raw.get("upn")),
            unique_name: string(raw.get("unique_name")),
            name: string(raw.get("name")),
            oid: string(raw.get("oid")),
            ver: string(raw.get("ver")),
            iat: seconds(raw.get("iat")),
            nbf: seconds(raw.get("nbf")),
            exp: seconds(raw.get("exp")),
            amr: string_list(raw.get("amr")).unwrap_or_default(),
            xms_cc: string_list(raw.get("xms_cc")).unwrap_or_default(),
            raw,
        }
    }

    /// The token kind, and whether it is a guess (`docs/behaviour.md`, "Which token or grant goes with which call").
    pub fn kind(&self) -> (TokenKind, bool) {
        match self.idtyp.as_deref() {
            Some(t) if t.eq_ignore_ascii_case("app") => return (TokenKind::Application, false),
            Some(t) if t.eq_ignore_ascii_case("user") => return (TokenKind::Delegated, false),
            _ => {}
        }
        if self.scp.is_some() {
            (TokenKind::Delegated, false)
        } else if self.roles.is_some() {
            (TokenKind::Application, false)
        } else if self.upn.is_some() || self.unique_name.is_some() || self.name.is_some() {
            (TokenKind::Delegated, false)
        } else {
            (TokenKind::Application, true)
        }
    }

    /// Permissions that count for Graph: `scp` for a delegated token, `roles` for an app token.
    /// In a delegated token `roles` are app roles on the target app, never Graph permissions.
    pub fn permissions(&self, kind: TokenKind) -> Option<&[String]> {
        match kind {
            TokenKind::Delegated => self.scp.as_deref(),
            TokenKind::Application => self.roles.as_deref(),
        }
    }

    /// The client application: its display name and id where known.
    pub fn app(&self) -> Option<String> {
        let id = self.appid.as_deref().or(self.azp.as_deref());
        match (self.app_displayname.as_deref(), id) {
            (Some(n), Some(i)) => Some(format!("{n} ({i})")),
            (Some(n), None) => Some(n.to_owned()),
            (None, Some(i)) => Some(i.to_owned()),
            (None, None) => None,
        }
    }

    pub fn user(&self) -> Option<&str> {
        self.upn.as_deref().or(self.unique_name.as_deref()).or(self.name.as_deref())
    }
}

/// What an `aud` value stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// Microsoft Graph; `None` for the Graph app id, which any cloud accepts.
    Graph(Option<Cloud>),
    Other(String),
}

/// Every token starts with this (the base64url of `{"`): the literal the whole-text search looks for.
pub const LITERALS: &[&str] = &["eyJ"];

pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

pub fn classify_audience(aud: &str) -> Audience {
    let a = aud.trim();
    if a.eq_ignore_ascii_case(GRAPH_APP_ID) {
        return Audience::Graph(None);
    }
    let bare = a.trim_end_matches('/');
    for cloud in Cloud::ALL {
        if bare.eq_ignore_ascii_case(cloud.audience()) {
            return Audience::Graph(Some(cloud));
        }
    }
    Audience::Other(a.to_owned())
}

/// A plain-words name for a well-known non-Graph audience.
pub fn audience_name(aud: &str) -> Option<&'static str> {
    let bare = aud.trim().trim_end_matches('/').to_ascii_lowercase();
    Some(match bare.as_str() {
        "https://api.security.microsoft.com" => "the Microsoft Defender XDR API",
        "https://api.securitycenter.microsoft.com" | "https://api.securitycenter.windows.com" => {
            "the Defender for Endpoint API"
        }
        "https://graph.windows.net" | "00000002-0000-0000-c000-000000000000" => "Azure AD Graph (retired)",
        "https://management.azure.com" | "https://management.core.windows.net" => "Azure Resource Manager",
        "https://vault.azure.net" => "Azure Key Vault",
        "https://outlook.office365.com" | "https://outlook.office.com" => "Exchange Online",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mint(payload: &str) -> String {
        let h = URL_SAFE_NO_PAD.encode(r#"{"typ":"JWT","alg":"RS256"}"#);
        let p = URL_SAFE_NO_PAD.encode(payload);
        format!("{h}.{p}.c2lnbmF0dXJl")
    }

    #[test]
    fn finds_token_in_various_contexts() {
        let t = mint(r#"{"scp":"User.Read","aud":"https://graph.microsoft.com"}"#);
        let cases = [
            format!("Authorization: Bearer {t}"),
            format!("TOKEN=\"{t}\""),
            format!("token: {t}"),
            format!("{{\"access_token\": \"{t}\"}}"),
            format!("https://app.example/cb#access_token={t}&token_type=Bearer"),
            format!("x={t}"),
        ];
        for case in &cases {
            let hits = find_tokens(case);
            assert_eq!(hits.len(), 1, "{case}");
            assert_eq!(&case[hits[0].start..hits[0].end], t);
        }
    }

    #[test]
    fn empty_signature_is_a_token() {
        let t = mint(r#"{"roles":["A.Read.All"]}"#);
        let unsigned = t.rsplit_once('.').unwrap().0.to_owned() + ".";
        let hits = find_tokens(&format!("'{unsigned}'"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].end - hits[0].start, unsigned.len());
    }

    #[test]
    fn padded_segments_decode() {
        let h = URL_SAFE.encode(r#"{"alg":"none"}"#);
        let p = URL_SAFE.encode(r#"{"scp":"a"}"#);
        assert!(h.ends_with('=') || p.ends_with('='));
        let t = format!("{h}.{p}.sig");
        assert_eq!(find_tokens(&t).len(), 1);
        assert!(decode(&t).is_ok());
    }

    #[test]
    fn rejects_what_is_not_a_jws() {
        let good = mint(r#"{"scp":"a"}"#);
        let (h, rest) = good.split_once('.').unwrap();
        let cases: Vec<(String, DecodeError)> = vec![
            (format!("{h}.%%%.sig"), DecodeError::SegmentCount(3)), // bad chars: decode fails below
            (format!("{h}.{}.sig", URL_SAFE_NO_PAD.encode("[1,2]")), DecodeError::NotJsonObject("payload")),
            (format!("{}.{rest}", URL_SAFE_NO_PAD.encode("\"str\"")), DecodeError::NotJsonObject("header")),
            (format!("{h}.{rest}.x.y"), DecodeError::Encrypted),
            (format!("{h}.{rest}.x"), DecodeError::SegmentCount(4)),
            ("abc".to_owned(), DecodeError::SegmentCount(1)),
            ("".to_owned(), DecodeError::Empty),
        ];
        for (text, _) in &cases {
            assert!(find_tokens(text).is_empty(), "{text}");
        }
        assert_eq!(decode(&cases[1].0).unwrap_err(), DecodeError::NotJsonObject("payload"));
        assert_eq!(decode(&cases[2].0).unwrap_err(), DecodeError::NotJsonObject("header"));
        assert_eq!(decode(&cases[3].0).unwrap_err(), DecodeError::Encrypted);
        assert_eq!(decode(&cases[4].0).unwrap_err(), DecodeError::SegmentCount(4));
        assert_eq!(decode("eyJhbGciOi.***.x").unwrap_err(), DecodeError::BadBase64("header"));
        assert_eq!(decode("").unwrap_err(), DecodeError::Empty);
    }

    #[test]
    fn broken_base64_is_no_token() {
        let t = mint(r#"{"scp":"a"}"#);
        let broken = t.replacen(".", ".eyJ!", 1);
        assert!(find_tokens(&broken).is_empty());
        assert!(find_tokens("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.sig").is_empty());
    }

    #[test]
    fn token_kind_follows_the_spec_order() {
        let cases = [
            (r#"{"idtyp":"app","scp":"x"}"#, TokenKind::Application, false),
            (r#"{"idtyp":"user","roles":["x"]}"#, TokenKind::Delegated, false),
            (r#"{"scp":"x","roles":["y"]}"#, TokenKind::Delegated, false),
            (r#"{"roles":["y"]}"#, TokenKind::Application, false),
            (r#"{"upn":"a@b"}"#, TokenKind::Delegated, false),
            (r#"{"unique_name":"a@b"}"#, TokenKind::Delegated, false),
            (r#"{"name":"Ada"}"#, TokenKind::Delegated, false),
            (r#"{"aud":"x"}"#, TokenKind::Application, true),
        ];
        for (payload, kind, guessed) in cases {
            let tok = decode(&mint(payload)).unwrap();
            assert_eq!(tok.claims.kind(), (kind, guessed), "{payload}");
        }
    }

    #[test]
    fn claims_are_typed() {
        let tok = decode(&mint(
            r#"{"aud":["https://graph.microsoft.com"],"scp":"A B  C","wids":["w"],"exp":1.5e9,"nbf":"100","amr":["pwd"],"x":1}"#,
        ))
        .unwrap();
        let c = &tok.claims;
        assert_eq!(c.aud, vec!["https://graph.microsoft.com"]);
        assert_eq!(c.scp.as_deref().unwrap(), ["A", "B", "C"]);
        assert_eq!(c.exp, Some(1_500_000_000));
        assert_eq!(c.nbf, Some(100));
        assert_eq!(c.amr, vec!["pwd"]);
        assert!(c.raw.contains_key("x"));
        assert_eq!(tok.preview.chars().count(), 11);
    }

    #[test]
    fn audiences() {
        let cases = [
            ("https://graph.microsoft.com", Audience::Graph(Some(Cloud::Global))),
            ("https://graph.microsoft.com/", Audience::Graph(Some(Cloud::Global))),
            (GRAPH_APP_ID, Audience::Graph(None)),
            ("https://graph.microsoft.us", Audience::Graph(Some(Cloud::UsGov))),
            ("https://dod-graph.microsoft.us", Audience::Graph(Some(Cloud::UsGovDod))),
            ("https://microsoftgraph.chinacloudapi.cn", Audience::Graph(Some(Cloud::China))),
            ("https://api.security.microsoft.com", Audience::Other("https://api.security.microsoft.com".into())),
        ];
        for (aud, want) in cases {
            assert_eq!(classify_audience(aud), want, "{aud}");
        }
    }

    #[test]
    fn deeply_nested_payload_is_not_a_token_and_does_not_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let t = mint(&format!(r#"{{"a":{deep}}}"#));
        assert!(find_tokens(&t).is_empty());
    }
}
