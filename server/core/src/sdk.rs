//! Microsoft Graph SDK calls and PowerShell cmdlets that reach `/security` endpoints
//! (`docs/behaviour.md`, "SDK calls and cmdlets"), read from source text without type checking.
//!
//! The SDKs generate member names from the path segments, so a call chain is mapped back by
//! comparing normalised names level by level against the catalog's known paths: lower-cased,
//! without `_`, `.` and `()`, and without the `MicrosoftGraphSecurity` / `MicrosoftGraph` prefix the
//! SDKs put on namespace-qualified actions and type casts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use regex::Regex;
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::context::Lang;
use crate::lines::{LineSource, Pos, Span, Window};
use crate::types::{Method, Version};

/// Literals one of which every line `line_has_anchor` accepts holds (a cheap test first), and
/// which the whole-text search looks for.
pub const ANCHOR_LITERALS: &[&str] =
    &[".Security", ".security", ".api(", "-MgSecurity", "-MgBetaSecurity", "-mgsecurity", "-mgbetasecurity"];

/// Markers that make a file's SDK calls beta calls.
pub const BETA_MARKERS: &[&str] =
    &["Microsoft.Graph.Beta", "msgraph_beta", "msgraph-beta-sdk-go", "com.microsoft.graph.beta"];

/// A call that reaches a Graph endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkCall {
    pub span: Span,
    pub version: Version,
    pub method: Method,
    /// Path in the catalog's lookup form: keys written `{}`.
    pub path: String,
}

fn normalise(name: &str) -> String {
    let mut s: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
    for prefix in ["microsoftgraphsecurity", "microsoftgraph"] {
        if s.len() > prefix.len() && s.starts_with(prefix) {
            s = s[prefix.len()..].to_owned();
            break;
        }
    }
    s
}

/// The names a template segment answers to.
fn segment_keys(seg: &str) -> Vec<String> {
    let bare = seg.trim_end_matches("()");
    let mut keys = vec![normalise(bare)];
    if let Some((_, last)) = bare.rsplit_once('.') {
        // A type cast: the SDKs name it after the type alone, prefixed `Graph`.
        keys.push(normalise(last));
        keys.push(format!("graph{}", normalise(last)));
    }
    keys
}

#[derive(Default)]
struct Node {
    children: Vec<(Vec<String>, String, Node)>,
    key_child: Option<Box<Node>>,
}

impl Node {
    fn insert(&mut self, segs: &[&str]) {
        let Some((first, rest)) = segs.split_first() else { return };
        if first.starts_with('{') {
            self.key_child.get_or_insert_with(Default::default).insert(rest);
            return;
        }
        let pos = match self.children.iter().position(|(_, s, _)| s == first) {
            Some(p) => p,
            None => {
                self.children.push((segment_keys(first), (*first).to_owned(), Node::default()));
                self.children.len() - 1
            }
        };
        self.children[pos].2.insert(rest);
    }
}

/// The member trees of `catalog`'s `/security` paths, v1.0 and beta, built once per catalog. A
/// few catalogs are kept: the built-in one and the ones with extra data the user's settings give.
fn trees(catalog: &Catalog) -> Arc<[Node; 2]> {
    static CACHE: Mutex<Vec<(u64, Arc<[Node; 2]>)>> = Mutex::new(Vec::new());
    let key = catalog.generation();
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, t)) = cache.iter().find(|(k, _)| *k == key) {
        return t.clone();
    }
    let build = |v: Version| {
        let mut root = Node::default();
        for (path, _) in catalog.known_paths(v) {
            let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            if segs.first() == Some(&"security") {
                root.insert(&segs[1..]);
            }
        }
        root
    };
    let t = Arc::new([build(Version::V1), build(Version::Beta)]);
    if cache.len() >= 4 {
        cache.remove(0);
    }
    cache.push((key, t.clone()));
    t
}

/// One step of a call chain after `Security`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Member(String),
    Key,
}

/// Maps chain steps to a `/security/...` lookup path, if every step names a known segment.
pub fn resolve(catalog: &Catalog, version: Version, steps: &[Step]) -> Option<String> {
    let trees = trees(catalog);
    let mut node = match version {
        Version::V1 => &trees[0],
        Version::Beta => &trees[1],
    };
    let mut path = String::from("/security");
    for step in steps {
        match step {
            Step::Key => {
                node = node.key_child.as_deref()?;
                path.push_str("/{}");
            }
            Step::Member(name) => {
                let key = normalise(name);
                if key == "count" && !node.children.iter().any(|(k, _, _)| k.contains(&key)) {
                    path.push_str("/$count");
                    continue;
                }
                let (_, seg, child) = node.children.iter().find(|(keys, _, _)| keys.contains(&key))?;
                path.push('/');
                path.push_str(seg);
                node = child;
            }
        }
    }
    Some(path)
}

/// A chain element: `.Name`, `.Name(args)`, `[index]`.
#[derive(Debug)]
struct Element {
    name: String,
    call: bool,
    args_empty: bool,
    indexed: bool,
    end: usize,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Skips whitespace, including line continuations (`\` or PowerShell's backtick before a newline).
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
        } else if (b[i] == b'\\' || b[i] == b'`') && b.get(i + 1) == Some(&b'\n') {
            i += 2;
        } else {
            break;
        }
    }
    i
}

/// The index just past the bracket that closes the one at `open`, skipping quoted text.
pub(crate) fn close_of(b: &[u8], open: usize) -> Option<usize> {
    let (o, c) = match b[open] {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        b'{' => (b'{', b'}'),
        _ => return None,
    };
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < b.len() && i < open + 4000 {
        let ch = b[i];
        match quote {
            Some(_) if ch == b'\\' => i += 1,
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == b'"' || ch == b'\'' || ch == b'`' => quote = Some(ch),
            None if ch == o => depth += 1,
            None if ch == c => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// Reads `.Name(args)[i]…` elements starting at `i` (which points at a `.`).
fn elements(b: &[u8], mut i: usize) -> Vec<Element> {
    let mut out = Vec::new();
    loop {
        let j = skip_ws(b, i);
        if j >= b.len() || b[j] != b'.' {
            break;
        }
        let start = skip_ws(b, j + 1);
        let mut k = start;
        while k < b.len() && is_ident(b[k]) {
            k += 1;
        }
        if k == start {
            break;
        }
        let name = String::from_utf8_lossy(&b[start..k]).into_owned();
        let mut el = Element { name, call: false, args_empty: true, indexed: false, end: k };
        let mut p = k;
        if p < b.len() && b[p] == b'(' {
            let Some(close) = close_of(b, p) else { break };
            el.call = true;
            el.args_empty = b[p + 1..close - 1].iter().all(u8::is_ascii_whitespace);
            p = close;
        }
        while p < b.len() && b[p] == b'[' {
            let Some(close) = close_of(b, p) else { break };
            el.indexed = true;
            p = close;
        }
        el.end = p;
        out.push(el);
        i = p;
    }
    out
}

fn http_verb(name: &str, lang: Lang) -> Option<Method> {
    let n = name.to_ascii_lowercase();
    let n = match lang {
        Lang::CSharp => n.strip_suffix("async")?.to_owned(),
        _ => n,
    };
    match n.as_str() {
        "get" => Some(Method::Get),
        "post" => Some(Method::Post),
        "patch" => Some(Method::Patch),
        "put" => Some(Method::Put),
        "delete" => Some(Method::Delete),
        "update" if lang == Lang::Js => Some(Method::Patch),
        "del" if lang == Lang::Js => Some(Method::Delete),
        _ => None,
    }
}

/// Whether `offset` (in a window) is inside a line comment or a string literal on its line.
fn in_comment_or_string(w: &Window, offset: usize, lang: Lang) -> bool {
    let p = w.pos(offset);
    let line_start = offset - p.byte;
    let before = &w.text[line_start..offset];
    if before.contains(lang.line_comment())
        || before.trim_start().starts_with("/*")
        || before.trim_start().starts_with('*')
    {
        return true;
    }
    let quotes = before.bytes().filter(|&c| c == b'"').count();
    let singles = before.bytes().filter(|&c| c == b'\'').count();
    quotes % 2 == 1 || (lang != Lang::CSharp && singles % 2 == 1)
}

/// The start of the receiver chain that ends just before `at` (`graphClient`, `self.client`).
fn receiver_start(b: &[u8], at: usize) -> usize {
    let mut start = at;
    let mut i = at;
    loop {
        let mut j = i;
        while j > 0 && b[j - 1].is_ascii_whitespace() {
            j -= 1;
        }
        let mut k = j;
        while k > 0 && is_ident(b[k - 1]) {
            k -= 1;
        }
        if k == j {
            return start;
        }
        start = k;
        let mut d = k;
        while d > 0 && b[d - 1].is_ascii_whitespace() {
            d -= 1;
        }
        if d > 0 && b[d - 1] == b'.' {
            i = d - 1;
        } else {
            return start;
        }
    }
}

fn regexes() -> &'static (Regex, Regex, Regex) {
    static R: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    R.get_or_init(|| {
        (
            // `.Security` / `.security` as a chain member (C#, Python, Go, Java).
            Regex::new(r"\.(Security|security)\b").unwrap(),
            // JavaScript `.api("...")`.
            Regex::new(r#"\.api\(\s*(["'`])([^"'`]*)(["'`])\s*\)"#).unwrap(),
            // PowerShell Graph security cmdlets.
            Regex::new(r"\b(Get|New|Update|Remove|Set|Start|Invoke|Test|Stop|get|new|update|remove|set|start|invoke|test|stop)-(Mg|mg)(Beta|beta)?(Security|security)[A-Za-z0-9]+\b").unwrap(),
        )
    })
}

/// Whether a line can start or continue an SDK call.
pub fn line_has_anchor(line: &str) -> bool {
    let (chain, api, cmdlet) = regexes();
    chain.is_match(line) || api.is_match(line) || cmdlet.is_match(line)
}

/// Finds the SDK calls that involve `line`.
pub fn calls_at(src: &dyn LineSource, line: usize, lang: Lang, beta: bool, catalog: &Catalog) -> Vec<SdkCall> {
    // A fluent chain may start lines above: walk up over lines that continue it.
    let mut first = line;
    while first > 0 && line - first < 20 && src.line(first).trim_start().starts_with('.') {
        first -= 1;
    }
    let last = (line + 20).min(src.line_count().saturating_sub(1));
    let w = Window::new(src, first, last);
    let b = w.text.as_bytes();
    let (chain, api, cmdlet) = regexes();
    let line_range = w.line_start(line)..w.line_start(line + 1);
    let mut out = Vec::new();
    match lang {
        Lang::PowerShell => {
            for m in cmdlet.find_iter(&w.text).filter(|m| line_range.contains(&m.start())) {
                if in_comment_or_string(&w, m.start(), lang) {
                    continue;
                }
                if let Some(c) = cmdlet_call(src, &w, m.start(), m.as_str()) {
                    out.push(c);
                }
            }
        }
        Lang::Js => {
            for c in api.captures_iter(&w.text).filter(|c| line_range.contains(&c.get(0).unwrap().start())) {
                let m = c.get(0).unwrap();
                if in_comment_or_string(&w, m.start(), lang) {
                    continue;
                }
                let arg = c.get(2).unwrap().as_str();
                let els = elements(b, m.end());
                let Some(verb) = els.iter().position(|e| e.call && http_verb(&e.name, lang).is_some()) else {
                    continue;
                };
                let method = http_verb(&els[verb].name, lang).unwrap_or(Method::Get);
                let chain_beta =
                    els[..verb].iter().any(|e| e.name == "version") && w.text[m.end()..els[verb].end].contains("beta");
                let (version, path) = match crate::url::find_urls(arg).into_iter().next() {
                    Some(u) => (u.version, u.path),
                    None => {
                        let p = crate::url::lookup_form(arg);
                        if !p.to_ascii_lowercase().starts_with("/security") {
                            continue;
                        }
                        (if chain_beta || beta { Version::Beta } else { Version::V1 }, p)
                    }
                };
                let start = receiver_start(b, m.start());
                out.push(SdkCall {
                    span: Span { start: w.pos(start), end: w.pos(els[verb].end) },
                    version,
                    method,
                    path,
                });
            }
        }
        _ => {
            for m in chain.find_iter(&w.text).filter(|m| line_range.contains(&m.start())) {
                if in_comment_or_string(&w, m.start(), lang) {
                    continue;
                }
                let mut els = elements(b, m.start());
                if els.is_empty() {
                    continue;
                }
                // The first element is `Security` itself.
                let sec = els.remove(0);
                let Some(verb) = els.iter().position(|e| e.call && http_verb(&e.name, lang).is_some()) else {
                    continue;
                };
                let method = http_verb(&els[verb].name, lang).unwrap_or(Method::Get);
                let mut steps = Vec::new();
                for e in &els[..verb] {
                    let lower = e.name.to_ascii_lowercase();
                    let by_key = e.call && !e.args_empty && lower.starts_with("by");
                    if by_key {
                        steps.push(Step::Key);
                    } else {
                        steps.push(Step::Member(e.name.clone()));
                        if e.indexed {
                            steps.push(Step::Key);
                        }
                    }
                }
                if sec.indexed {
                    continue;
                }
                let version = if beta { Version::Beta } else { Version::V1 };
                let Some(path) = resolve(catalog, version, &steps) else { continue };
                let start = receiver_start(b, m.start());
                out.push(SdkCall {
                    span: Span { start: w.pos(start), end: w.pos(els[verb].end) },
                    version,
                    method,
                    path,
                });
            }
        }
    }
    out
}

#[derive(Deserialize)]
struct CmdletFile {
    cmdlets: Vec<CmdletRow>,
}

#[derive(Deserialize)]
struct CmdletRow {
    name: String,
    version: String,
    method: String,
    path: String,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    member_path: Option<String>,
}

/// A cmdlet of the curated table.
pub struct Cmdlet {
    pub version: Version,
    pub method: Method,
    pub path: String,
    pub key: Option<String>,
    pub member_path: Option<String>,
}

/// The curated cmdlet table (`server/data/cmdlets.json`), by lower-cased name.
pub fn cmdlets() -> &'static HashMap<String, Cmdlet> {
    static T: OnceLock<HashMap<String, Cmdlet>> = OnceLock::new();
    T.get_or_init(|| {
        let file: CmdletFile =
            serde_json::from_str(include_str!("../data/cmdlets.json")).expect("cmdlets.json is valid (tested)");
        file.cmdlets
            .into_iter()
            .filter_map(|r| {
                Some((
                    r.name.to_ascii_lowercase(),
                    Cmdlet {
                        version: Version::parse(&r.version)?,
                        method: Method::parse(&r.method)?,
                        path: r.path,
                        key: r.key,
                        member_path: r.member_path,
                    },
                ))
            })
            .collect()
    })
}

fn to_lookup(template: &str) -> String {
    template.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

fn cmdlet_call(src: &dyn LineSource, w: &Window, at: usize, name: &str) -> Option<SdkCall> {
    let c = cmdlets().get(&name.to_ascii_lowercase())?;
    let start = w.pos(at);
    let (_, last) = crate::context::command_lines(src, start.line);
    let joined = crate::context::join_command(src, start.line, last);
    let has_key = c.key.as_ref().is_some_and(|k| {
        let flag = format!("-{}", k.to_ascii_lowercase());
        joined.to_ascii_lowercase().split_whitespace().any(|word| word == flag || word.starts_with(&format!("{flag}:")))
    });
    let template = match (&c.member_path, has_key) {
        (Some(m), true) => m,
        _ => &c.path,
    };
    let end_text = src.line(last);
    let trimmed = end_text.trim_end();
    let trimmed = trimmed.strip_suffix('`').unwrap_or(trimmed).trim_end();
    let end = if last == start.line {
        Pos { line: last, byte: start.byte.max(trimmed.len()) }
    } else {
        Pos { line: last, byte: trimmed.len() }
    };
    Some(SdkCall { span: Span { start, end }, version: c.version, method: c.method, path: to_lookup(template) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_across_sdks() {
        let cases = [
            ("Alerts_v2", "alertsv2"),
            ("alerts_v2", "alertsv2"),
            ("alertsV2", "alertsv2"),
            ("MicrosoftGraphSecurityRunHuntingQuery", "runhuntingquery"),
            ("microsoft_graph_security_run_hunting_query", "runhuntingquery"),
            ("SecureScores", "securescores"),
        ];
        for (name, want) in cases {
            assert_eq!(normalise(name), want, "{name}");
        }
        assert!(segment_keys("microsoft.graph.security.caseManagement.exposureCase")
            .contains(&"graphexposurecase".to_owned()));
        assert_eq!(segment_keys("getRunHuntingQuery()")[0], "getrunhuntingquery");
    }

    #[test]
    fn chains_resolve_to_paths() {
        let m = |s: &str| Step::Member(s.to_owned());
        assert_eq!(resolve(Catalog::builtin(), Version::V1, &[m("Alerts_v2")]).as_deref(), Some("/security/alerts_v2"));
        assert_eq!(
            resolve(Catalog::builtin(), Version::V1, &[m("alerts_v2"), Step::Key]).as_deref(),
            Some("/security/alerts_v2/{}")
        );
        assert_eq!(
            resolve(Catalog::builtin(), Version::V1, &[m("MicrosoftGraphSecurityRunHuntingQuery")]).as_deref(),
            Some("/security/runHuntingQuery")
        );
        assert_eq!(resolve(Catalog::builtin(), Version::V1, &[m("NotAThing")]), None);
        assert_eq!(resolve(Catalog::builtin(), Version::V1, &[m("tiIndicators")]), None);
        assert_eq!(
            resolve(Catalog::builtin(), Version::Beta, &[m("TiIndicators")]).as_deref(),
            Some("/security/tiIndicators")
        );
    }
}
