//! Finding Microsoft Graph URLs in text (`docs/behaviour.md`, "Graph URLs").

use crate::types::{Cloud, Version};

/// A Graph URL found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlHit {
    /// Byte range from the first character (scheme, host, or leading `/`/`v`) to the end of the path.
    pub start: usize,
    pub end: usize,
    pub version: Version,
    pub cloud: Cloud,
    /// Whether a host was written (host-less forms assume the global cloud).
    pub has_host: bool,
    /// Byte offset where the path (after the version) starts; the written path is `path_start..end`.
    pub path_start: usize,
    /// The path after the version, as written, with every placeholder segment written `{}`.
    pub path: String,
}

/// Every Graph URL holds its version followed by `/`: the literals the whole-text search looks for.
pub const LITERALS: &[&str] = &["v1.0/", "beta/"];

/// Hosts, longest first so that `dod-graph.microsoft.us` is not read as `graph.microsoft.us`.
const HOSTS: [(&str, Cloud); 4] = [
    ("microsoftgraph.chinacloudapi.cn", Cloud::China),
    ("dod-graph.microsoft.us", Cloud::UsGovDod),
    ("graph.microsoft.com", Cloud::Global),
    ("graph.microsoft.us", Cloud::UsGov),
];

fn is_terminator(b: u8) -> bool {
    // Control characters end a path too: they never occur in one, and binary junk is full of them.
    b.is_ascii_whitespace()
        || b.is_ascii_control()
        || matches!(b, b'"' | b'\'' | b'`' | b'?' | b'#' | b')' | b']' | b'>' | b',' | b';' | b'+' | b'|' | b'\\')
}

fn ends_with_ci(hay: &[u8], needle: &str) -> bool {
    hay.len() >= needle.len() && hay[hay.len() - needle.len()..].eq_ignore_ascii_case(needle.as_bytes())
}

fn is_host_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// Characters after which a host-less `/v1.0/security/...` may start.
fn hostless_boundary(prev: Option<u8>) -> bool {
    match prev {
        None => true,
        Some(b) => b.is_ascii_whitespace() || matches!(b, b'(' | b'=' | b':' | b'"' | b'\'' | b'`'),
    }
}

/// Whether `before` ends with a placeholder that stands for a base URL: `{{graph}}`, `{GRAPH}`,
/// `${base}`, `$(base)` or `$BASE`, as in `f"{GRAPH}/v1.0/security/alerts_v2"`.
fn after_placeholder(before: &[u8]) -> bool {
    match before.last() {
        Some(b'}') | Some(b')') => true,
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
            let ident = before.iter().rev().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
            let start = before.len() - ident;
            start > 0 && before[start - 1] == b'$' && before[start].is_ascii_alphabetic()
        }
        _ => false,
    }
}

/// Finds every Graph URL in `text`, in order.
pub fn find_urls(text: &str) -> Vec<UrlHit> {
    let bytes = text.as_bytes();
    let mut hits: Vec<UrlHit> = Vec::new();
    for (needle, version) in [("v1.0/", Version::V1), ("beta/", Version::Beta)] {
        for at in memchr::memmem::find_iter(bytes, needle.as_bytes()) {
            if let Some(hit) = url_at(text, at, version) {
                hits.push(hit);
            }
        }
    }
    hits.sort_by_key(|h| h.start);
    hits.dedup_by_key(|h| h.start);
    hits
}

/// Reads a URL whose version word starts at `at`.
fn url_at(text: &str, at: usize, version: Version) -> Option<UrlHit> {
    let bytes = text.as_bytes();
    let before = &bytes[..at];
    let (start, cloud, has_host) = if before.last() == Some(&b'/') {
        let pre_slash = &before[..before.len() - 1];
        match HOSTS.iter().find(|(h, _)| ends_with_ci(pre_slash, h)) {
            Some(&(host, cloud)) => {
                let host_start = pre_slash.len() - host.len();
                if host_start > 0 && is_host_char(bytes[host_start - 1]) {
                    return None;
                }
                let head = &bytes[..host_start];
                let start = if ends_with_ci(head, "https://") {
                    host_start - 8
                } else if ends_with_ci(head, "http://") {
                    host_start - 7
                } else if head.ends_with(b"//") {
                    host_start - 2
                } else {
                    host_start
                };
                (start, cloud, true)
            }
            None => {
                let slash = at - 1;
                // A Logic Apps trigger path: `"/trigger/beta/security/alerts"`.
                let trigger = slash.checked_sub(TRIGGER.len()).filter(|&t| {
                    ends_with_ci(&bytes[..slash], TRIGGER) && hostless_boundary(t.checked_sub(1).map(|i| bytes[i]))
                });
                if let Some(t) = trigger {
                    (t, Cloud::Global, false)
                } else if !hostless_boundary(slash.checked_sub(1).map(|i| bytes[i]))
                    && !after_placeholder(&bytes[..slash])
                {
                    return None;
                } else {
                    (slash, Cloud::Global, false)
                }
            }
        }
    } else {
        if !hostless_boundary(before.last().copied()) {
            return None;
        }
        (at, Cloud::Global, false)
    };
    let path_start = at + version.as_str().len();
    let (path, end) = read_path(text, path_start);
    if !has_host && !starts_with_security(&path) {
        return None;
    }
    Some(UrlHit { start, end, version, cloud, has_host, path_start, path })
}

/// The Logic Apps Graph Security connector's trigger prefix, before a host-less version.
const TRIGGER: &str = "/trigger";

fn starts_with_security(path: &str) -> bool {
    let p = path.as_bytes();
    p.len() > 10 && p[..10].eq_ignore_ascii_case(b"/security/")
}

/// Length of a placeholder starting at `i`, if one starts there.
fn placeholder_len(b: &[u8], i: usize) -> Option<usize> {
    let rest = &b[i..];
    let find_close = |open: usize, close: &[u8]| -> Option<usize> {
        let limit = rest.len().min(open + 200);
        memchr::memmem::find(&rest[open..limit], close).map(|p| open + p + close.len())
    };
    match rest {
        [b'{', b'{', ..] => find_close(2, b"}}"),
        [b'$', b'{', ..] => find_close(2, b"}"),
        [b'{', ..] => find_close(1, b"}"),
        [b'$', b'(', ..] => {
            let mut depth = 0usize;
            for (k, &c) in rest.iter().enumerate().skip(1).take(400) {
                match c {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(k + 1);
                        }
                    }
                    b'\n' | b'\r' => return None,
                    _ => {}
                }
            }
            None
        }
        [b'$', c, ..] if c.is_ascii_alphabetic() || *c == b'_' => {
            let mut k = 1;
            while k < rest.len() {
                let c = rest[k];
                let dotted = c == b'.' && rest.get(k + 1).is_some_and(|n| n.is_ascii_alphabetic());
                if c.is_ascii_alphanumeric() || c == b'_' || c == b':' || dotted {
                    k += 1;
                } else {
                    break;
                }
            }
            Some(k)
        }
        [b'<', ..] => {
            let limit = rest.len().min(100);
            let close = rest[1..limit].iter().position(|&c| c == b'>' || c.is_ascii_whitespace())?;
            (rest[1 + close] == b'>' && close > 0).then_some(close + 2)
        }
        [b'%', b's' | b'd', ..] => {
            let next = rest.get(2);
            (!next.is_some_and(|n| n.is_ascii_alphanumeric())).then_some(2)
        }
        _ => None,
    }
}

/// OData path segments that look like `$x` placeholders but are literal.
fn is_odata_segment(seg: &str) -> bool {
    ["$count", "$value", "$ref", "$metadata", "$batch", "$entity"].iter().any(|o| seg.eq_ignore_ascii_case(o))
}

/// Reads the path starting at `start` (which should be a `/`). Returns the lookup form and the end.
pub(crate) fn read_path(text: &str, start: usize) -> (String, usize) {
    let b = text.as_bytes();
    let mut segments: Vec<String> = Vec::new();
    let mut p = start;
    let mut end = start;
    while p < b.len() && b[p] == b'/' {
        let seg_start = p + 1;
        let mut q = seg_start;
        let mut has_placeholder = false;
        let mut has_paren = false;
        while q < b.len() {
            let c = b[q];
            if c == b'/' {
                break;
            }
            if let Some(len) = placeholder_len(b, q) {
                let piece = &text[q..q + len];
                if !is_odata_segment(piece) || q != seg_start {
                    has_placeholder = true;
                }
                q += len;
                continue;
            }
            if c == b'(' {
                if let Some(close) = balanced_paren(b, q) {
                    has_paren = true;
                    q = close + 1;
                    continue;
                }
                break;
            }
            if is_terminator(c) {
                break;
            }
            if c >= 0x80 {
                // A non-ASCII character: Unicode spaces and line separators end the path too.
                let ch = text[q..].chars().next().unwrap_or(' ');
                if ch.is_whitespace() {
                    break;
                }
                q += ch.len_utf8();
                continue;
            }
            q += 1;
        }
        let mut seg = &text[seg_start..q];
        let last = q >= b.len() || b[q] != b'/';
        if last {
            let trimmed = seg.trim_end_matches('.');
            q -= seg.len() - trimmed.len();
            seg = trimmed;
        }
        if seg.is_empty() {
            // A trailing `/`: dropped. `".../alerts_v2/" + id` concatenates a key.
            if concatenation_follows(b, q) {
                segments.push("{}".to_owned());
            }
            break;
        }
        // A token or a piece of one written into a path (as a key, or a path run into one) is a
        // value, and must never reach a message that quotes the path (`docs/behaviour.md`, "Secrets"). No Graph
        // path segment holds `eyJ`, the start of every token segment.
        let holds_token = memchr::memmem::find(seg.as_bytes(), b"eyJ").is_some();
        if holds_token || (has_placeholder && !has_paren) {
            // A placeholder that closes a colon path (`root:/{path}:/content`) keeps its colon.
            segments.push(if seg.ends_with(':') && !holds_token { "{}:" } else { "{}" }.to_owned());
        } else {
            segments.push(seg.to_owned());
        }
        end = q;
        p = q;
        if last {
            break;
        }
    }
    let mut path = String::with_capacity(end - start + 4);
    for s in &segments {
        path.push('/');
        path.push_str(s);
    }
    (path, end)
}

fn balanced_paren(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open).take(300) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            c if c.is_ascii_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// After a trailing `/` at `q`: a closing quote, optional spaces, then `+`.
fn concatenation_follows(b: &[u8], q: usize) -> bool {
    let mut i = q;
    if i < b.len() && matches!(b[i], b'"' | b'\'' | b'`') {
        i += 1;
    } else {
        return false;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i < b.len() && b[i] == b'+'
}

/// The lookup form of a path written on its own, as in an SDK's `.api("/security/alerts_v2/${id}")`.
pub fn lookup_form(path: &str) -> String {
    let p = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
    read_path(&p, 0).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> UrlHit {
        let hits = find_urls(text);
        assert_eq!(hits.len(), 1, "{text}: {hits:?}");
        hits.into_iter().next().unwrap()
    }

    #[test]
    fn hosts_of_every_cloud() {
        let cases = [
            ("https://graph.microsoft.com/v1.0/security/alerts_v2", Cloud::Global, Version::V1),
            ("https://graph.microsoft.us/beta/security/incidents", Cloud::UsGov, Version::Beta),
            ("https://dod-graph.microsoft.us/v1.0/security/incidents", Cloud::UsGovDod, Version::V1),
            ("https://microsoftgraph.chinacloudapi.cn/v1.0/security/incidents", Cloud::China, Version::V1),
            ("graph.microsoft.com/v1.0/security/incidents", Cloud::Global, Version::V1),
            ("HTTPS://Graph.Microsoft.Com/v1.0/security/incidents", Cloud::Global, Version::V1),
        ];
        for (text, cloud, version) in cases {
            let hit = one(text);
            assert_eq!((hit.cloud, hit.version, hit.start, hit.end), (cloud, version, 0, text.len()), "{text}");
        }
    }

    #[test]
    fn path_ends_at_terminators() {
        let cases = [
            ("\"https://graph.microsoft.com/v1.0/security/alerts_v2\"", "/security/alerts_v2"),
            ("https://graph.microsoft.com/v1.0/security/alerts_v2?$top=10", "/security/alerts_v2"),
            ("https://graph.microsoft.com/v1.0/security/alerts_v2#x", "/security/alerts_v2"),
            ("(https://graph.microsoft.com/v1.0/security/incidents)", "/security/incidents"),
            ("[x](https://graph.microsoft.com/v1.0/security/incidents)", "/security/incidents"),
            ("<https://graph.microsoft.com/v1.0/security/incidents>", "/security/incidents"),
            ("https://graph.microsoft.com/v1.0/security/incidents, next", "/security/incidents"),
            ("https://graph.microsoft.com/v1.0/security/incidents; x", "/security/incidents"),
            ("https://graph.microsoft.com/v1.0/security/incidents|x", "/security/incidents"),
            ("https://graph.microsoft.com/v1.0/security/incidents\\", "/security/incidents"),
            ("see https://graph.microsoft.com/v1.0/security/incidents.", "/security/incidents"),
            ("https://graph.microsoft.com/v1.0/security/incidents/ ", "/security/incidents"),
            ("`https://graph.microsoft.com/v1.0/security/incidents`", "/security/incidents"),
            ("'https://graph.microsoft.com/beta/security/secureScores'", "/security/secureScores"),
        ];
        for (text, path) in cases {
            let hit = one(text);
            assert_eq!(hit.path, path, "{text}");
            assert!(text[hit.start..hit.end].ends_with(&path[path.len() - 5..]), "{text}");
        }
    }

    #[test]
    fn placeholders_match_one_segment() {
        let cases = [
            "{id}",
            "${id}",
            "{{alertId}}",
            "$id",
            "$($alert.id)",
            "<alert-id>",
            "%s",
            "%d",
            "{0}",
            "$alert.Id",
            "$(Get-Id -Name (x))",
        ];
        for ph in cases {
            let text = format!("\"https://graph.microsoft.com/v1.0/security/alerts_v2/{ph}\"");
            let hit = one(&text);
            assert_eq!(hit.path, "/security/alerts_v2/{}", "{ph}");
            assert_eq!(&text[hit.end..hit.end + 1], "\"", "{ph}");
        }
    }

    #[test]
    fn odata_segments_are_literal() {
        for seg in ["$count", "$value", "$ref"] {
            let hit = one(&format!("https://graph.microsoft.com/v1.0/security/alerts_v2/{seg}"));
            assert_eq!(hit.path, format!("/security/alerts_v2/{seg}"));
        }
    }

    #[test]
    fn concatenation_adds_a_key_segment() {
        let cases = [
            ("url = \"https://graph.microsoft.com/v1.0/security/alerts_v2/\" + id", "/security/alerts_v2/{}"),
            ("url = 'https://graph.microsoft.com/v1.0/security/alerts_v2/'+id", "/security/alerts_v2/{}"),
            ("url = \"https://graph.microsoft.com/v1.0/security/alerts_v2/\"", "/security/alerts_v2"),
        ];
        for (text, path) in cases {
            let hit = one(text);
            assert_eq!(hit.path, path, "{text}");
            assert_eq!(&text[hit.end - 9..hit.end], "alerts_v2");
        }
    }

    #[test]
    fn hostless_forms() {
        let cases = [
            ("client.get('/v1.0/security/incidents')", Some(("/security/incidents", Version::V1, 12))),
            ("GET v1.0/security/incidents", Some(("/security/incidents", Version::V1, 4))),
            ("path=/beta/security/alerts_v2", Some(("/security/alerts_v2", Version::Beta, 5))),
            ("path: beta/security/alerts_v2", Some(("/security/alerts_v2", Version::Beta, 6))),
            ("(/v1.0/security/incidents)", Some(("/security/incidents", Version::V1, 1))),
            ("`/v1.0/security/incidents`", Some(("/security/incidents", Version::V1, 1))),
            ("https://example.com/v1.0/security/incidents", None),
            ("/api/v1.0/security/incidents", None),
            ("GET {{graph}}/v1.0/security/incidents", Some(("/security/incidents", Version::V1, 13))),
            ("f\"{GRAPH}/v1.0/security/incidents\"", Some(("/security/incidents", Version::V1, 9))),
            ("\"$GRAPH/beta/security/incidents\"", Some(("/security/incidents", Version::Beta, 7))),
            ("\"$(base)/beta/security/incidents\"", Some(("/security/incidents", Version::Beta, 8))),
            ("\"x$y1/beta/security/incidents\"", Some(("/security/incidents", Version::Beta, 5))),
            ("\"a1/beta/security/incidents\"", None),
            ("alphabeta/security/incidents", None),
            ("/v1.0/users/me", None),
            ("/v1.0/security", None),
            ("\"path\": \"/trigger/beta/security/alerts\"", Some(("/security/alerts", Version::Beta, 9))),
            ("\"/trigger/v1.0/security/alerts\"", Some(("/security/alerts", Version::V1, 1))),
            ("\"/api/trigger/v1.0/security/alerts\"", None),
        ];
        for (text, want) in cases {
            let hits = find_urls(text);
            match want {
                None => assert!(hits.is_empty(), "{text}: {hits:?}"),
                Some((path, version, start)) => {
                    assert_eq!(hits.len(), 1, "{text}");
                    assert_eq!(
                        (hits[0].path.as_str(), hits[0].version, hits[0].start),
                        (path, version, start),
                        "{text}"
                    );
                    assert!(!hits[0].has_host);
                }
            }
        }
    }

    #[test]
    fn non_security_paths_with_host_are_found() {
        let hit = one("https://graph.microsoft.com/v1.0/me/messages");
        assert_eq!(hit.path, "/me/messages");
    }

    #[test]
    fn function_and_key_parentheses_stay_in_the_segment() {
        let hit = one("GET https://graph.microsoft.com/v1.0/security/cases/ediscoveryCases('abc')/custodians");
        assert_eq!(hit.path, "/security/cases/ediscoveryCases('abc')/custodians");
        let hit = one("\"https://graph.microsoft.com/beta/security/runHuntingQuery()\"");
        assert_eq!(hit.path, "/security/runHuntingQuery()");
    }

    #[test]
    fn all_of_graph_paths_keep_arguments_keys_and_colon_paths() {
        let cases = [
            ("\"https://graph.microsoft.com/v1.0/reports/getEmailActivityUserDetail(period='D7')\"", "/reports/getEmailActivityUserDetail(period='D7')"),
            ("`https://graph.microsoft.com/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')/owners`", "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')/owners"),
            ("\"https://graph.microsoft.com/v1.0/me/drive/root:/Reports/q1.xlsx:/content\"", "/me/drive/root:/Reports/q1.xlsx:/content"),
            ("f\"https://graph.microsoft.com/v1.0/me/drive/root:/{path}:/content\"", "/me/drive/root:/{}:/content"),
            ("`https://graph.microsoft.com/v1.0/drives/${d}/items/${i}:/a.txt:/content`", "/drives/{}/items/{}:/a.txt:/content"),
        ];
        for (text, path) in cases {
            assert_eq!(one(text).path, path, "{text}");
        }
    }

    #[test]
    fn lookalike_hosts_are_not_graph() {
        assert!(find_urls("https://evilgraph.microsoft.com/v1.0/security/alerts").is_empty());
        assert!(find_urls("https://mygraph.microsoft.us/v1.0/me").is_empty());
    }

    #[test]
    fn unicode_spaces_end_a_path() {
        for sep in ["\u{2028}", "\u{a0}", "\u{3000}", "\u{85}"] {
            let hit = one(&format!("https://graph.microsoft.com/v1.0/security/alerts{sep}more"));
            assert_eq!(hit.path, "/security/alerts", "{sep:?}");
        }
    }

    #[test]
    fn unicode_in_path_does_not_panic() {
        let hits = find_urls("https://graph.microsoft.com/v1.0/security/ålerts_ü/x");
        assert_eq!(hits[0].path, "/security/ålerts_ü/x");
    }
}
