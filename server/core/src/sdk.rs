//! Microsoft Graph SDK calls and PowerShell cmdlets (`docs/behaviour.md`, "SDK calls and
//! cmdlets"), read from source text without type checking.
//!
//! The SDKs generate member names from the path segments, so a call chain is mapped back by
//! comparing normalised names level by level against the catalog's path tree (all of Graph):
//! lower-cased, without `_`, `.` and `()`, and without the `MicrosoftGraphSecurity` /
//! `MicrosoftGraph` prefix the SDKs put on namespace-qualified actions and type casts.
//!
//! A chain is read from `.Security` (any receiver), from a JavaScript `.api("…")`, or from a
//! receiver that names a Graph client: an identifier with `graph` as a word (`graphClient`,
//! `graph_client`, `_graphServiceClient`, `msgraph`), or one ending in `client` (`client`,
//! `userClient`, `app_client`) in a file that mentions a Graph SDK (`GraphServiceClient`, an
//! `msgraph` / `Microsoft.Graph` / `com.microsoft.graph` import). Every member of the chain must
//! name a path segment of the catalog, so code that is not a Graph call resolves to nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::context::Lang;
use crate::lines::{LineSource, Pos, Span, Window};
use crate::types::{Method, Version};

/// Literals one of which every line `line_has_anchor` accepts holds (a cheap test first), and
/// which the whole-text search looks for: `.Security`, `.api(` and the `-Mg` of cmdlets.
pub const ANCHOR_LITERALS: &[&str] = &[".Security", ".security", ".api(", "-Mg", "-mg"];

/// Literals one of which every line `line_has_receiver` accepts holds: the parts of Graph client
/// receivers (`graphClient`, `graph_client`, `msgraph`, `client.`).
pub const RECEIVER_LITERALS: &[&str] = &["raph", "lient."];

/// Markers that make a file's SDK calls beta calls.
pub const BETA_MARKERS: &[&str] =
    &["Microsoft.Graph.Beta", "msgraph_beta", "msgraph-beta-sdk", "com.microsoft.graph.beta"];

/// Markers of a file that uses a Graph SDK: then a chain from any `…client` receiver is read.
/// Each holds `raph`, one of the anchor literals.
pub const SDK_MARKERS: &[&str] = &[
    "GraphServiceClient",
    "msgraph",
    "Microsoft.Graph",
    "microsoft-graph",
    "com.microsoft.graph",
    "@microsoft/msgraph",
];

/// Whether a line mentions a Graph SDK (an import, the client type).
pub fn line_has_sdk_marker(line: &str) -> bool {
    memchr::memmem::find(line.as_bytes(), b"raph").is_some() && SDK_MARKERS.iter().any(|m| line.contains(m))
}

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

/// The names a template segment (a trie key: lower-cased, no `()`) answers to.
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

/// One step of a call chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Member(String),
    /// A key: `Users["id"]`, `.by_user_id(x)`, `.ByUserId(x)`.
    Key,
    /// A path addressed by colons: `.ItemWithPath("a/b.txt")`.
    Colon,
    /// A function with arguments: `GetEmailActivityUserDetailWithPeriod("D7")`.
    Function(String),
}

/// The segment a path tree child is written as: the last segment of its template, else its key.
fn written(tree: &crate::catalog::Tree<'_>, node: u32, key: &str) -> String {
    let t = tree.template(node);
    match t.rsplit('/').next() {
        Some(last) if !t.is_empty() && last.to_ascii_lowercase().trim_end_matches("()") == key => {
            last.trim_end_matches("()").to_owned()
        }
        _ => key.to_owned(),
    }
}

/// Maps chain steps from the client to a lookup path, if every step names a segment of the
/// catalog's path tree and the path exists in `version`.
pub fn resolve(catalog: &Catalog, version: Version, steps: &[Step]) -> Option<String> {
    let tree = catalog.tree();
    let mut node = tree.root();
    let mut path = String::new();
    let mut suffix = "";
    let child = |node: u32, key: &str| tree.children(node).find(|(_, k, _)| segment_keys(k).iter().any(|x| x == key));
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        match step {
            Step::Key => {
                node = tree.id_child(node)?;
                path.push_str("/{}");
            }
            Step::Colon => {
                node = tree.colon_child(node)?;
                path.push_str(":/{}:");
            }
            Step::Member(name) => {
                let key = normalise(name);
                match child(node, &key) {
                    Some((c, k, _)) => {
                        path.push('/');
                        path.push_str(&written(&tree, c, k));
                        node = c;
                    }
                    // `.Count` is `$count`, `.Content` of a stream `$value`: the lookup reads
                    // them on the path before.
                    None if last && key == "count" => suffix = "/$count",
                    None if last && key == "content" => suffix = "/$value",
                    None => return None,
                }
            }
            Step::Function(name) => {
                // `…WithPeriod(x)`: the function, then its arguments as a key.
                let key = normalise(name);
                let base = key.rfind("with").map(|at| &key[..at]).filter(|b| !b.is_empty());
                let (c, k) = match child(node, &key) {
                    Some((c, k, _)) => (c, k),
                    None => {
                        let (c, k, _) = child(node, base?)?;
                        (c, k)
                    }
                };
                path.push('/');
                path.push_str(&written(&tree, c, k));
                node = c;
                if let Some(id) = tree.id_child(node) {
                    node = id;
                    path.push_str("/{}");
                }
            }
        }
    }
    if steps.is_empty() || !tree.is_known(node, version) {
        return None;
    }
    path.push_str(suffix);
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
        // `GetAsync`, and `GetAsDeltaGetResponseAsync` for functions that return a wrapper.
        Lang::CSharp => {
            let n = n.strip_suffix("async")?;
            ["get", "post", "patch", "put", "delete"]
                .into_iter()
                .find(|v| n == *v || (n.starts_with(v) && n[v.len()..].starts_with("as") && n.len() > v.len() + 2))
                .unwrap_or(n)
                .to_owned()
        }
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

/// Whether an identifier names a Graph client: `graph` as a word of it (`graphClient`,
/// `graph_client`, `_graphServiceClient`, `GraphClient`, `appGraph`) or `msgraph`.
fn names_graph(ident: &str) -> bool {
    let lower = ident.to_ascii_lowercase();
    if lower.contains("msgraph") {
        return true;
    }
    let b = ident.as_bytes();
    lower.match_indices("graph").any(|(at, _)| at == 0 || b[at] == b'G' || b[at - 1] == b'_' || b[at - 1] == b'.')
}

/// Whether an identifier ends in `client` (`client`, `userClient`, `app_client`).
fn names_client(ident: &str) -> bool {
    ident.to_ascii_lowercase().ends_with("client")
}

/// Whether `offset` (in a window) is inside a line comment or a string literal on its line.
fn in_comment_or_string(w: &Window, offset: usize, lang: Lang) -> bool {
    let p = w.pos(offset);
    // Code does not start a call 64 KiB into a line: that is data (minified or generated text),
    // and reading back that far for every candidate would make a huge line cost its square.
    if p.byte > 64 * 1024 {
        return true;
    }
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

struct Regexes {
    /// `.Security` / `.security` as a chain member (any receiver).
    security: Regex,
    /// JavaScript `.api("...")`.
    api: Regex,
    /// PowerShell Graph cmdlets (`Verb-Mg…`, `Verb-MgBeta…`).
    cmdlet: Regex,
    /// An identifier that may name a Graph client, followed by a member or the end of the line.
    receiver: Regex,
}

fn regexes() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| Regexes {
        security: Regex::new(r"\.(Security|security)\b").unwrap(),
        api: Regex::new(r#"\.api\(\s*(["'`])([^"'`]*)(["'`])\s*\)"#).unwrap(),
        cmdlet: Regex::new(concat!(
            r"\b(Get|New|Update|Remove|Set|Start|Invoke|Test|Stop|Add|Send|Move|Copy|Restore|Clear|Confirm|Publish|Revoke",
            r"|get|new|update|remove|set|start|invoke|test|stop|add|send|move|copy|restore|clear|confirm|publish|revoke)",
            r"-(Mg|mg)[A-Za-z0-9]+\b"
        ))
        .unwrap(),
        receiver: Regex::new(r"(?i)[a-z0-9_]*(?:graph|client)[a-z0-9_]*").unwrap(),
    })
}

/// Whether a line can start or continue an SDK call from `.Security`, `.api(` or a cmdlet.
pub fn line_has_anchor(line: &str) -> bool {
    let r = regexes();
    r.security.is_match(line) || r.api.is_match(line) || r.cmdlet.is_match(line)
}

/// Whether a line can start a call chain from a receiver that names a Graph client
/// (`graphClient.`, `msgraph.`), and whether from one that ends in `client` (read only in files
/// that mention a Graph SDK).
pub fn line_receivers(line: &str) -> (bool, bool) {
    let b = line.as_bytes();
    let (mut graph, mut client) = (false, false);
    // Each identifier holding `raph` or `lient` (the anchor literals, either case of the first
    // letter), read whole, followed by a member or the end of the line. Hand-written: this runs on
    // every line the literals find, and a case-insensitive regex costs several times more there.
    for needle in [&b"raph"[..], &b"lient"[..]] {
        for at in memchr::memmem::find_iter(b, needle) {
            let mut start = at;
            while start > 0 && is_ident(b[start - 1]) {
                start -= 1;
            }
            let mut end = at + needle.len();
            while end < b.len() && is_ident(b[end]) {
                end += 1;
            }
            let next = line[end..].trim_start();
            if !(next.is_empty() || next.starts_with('.')) {
                continue;
            }
            let id = &line[start..end];
            graph |= names_graph(id);
            client |= names_client(id);
            if graph && client {
                return (graph, client);
            }
        }
    }
    (graph, client)
}

/// The chain steps of the elements before the verb.
fn steps_of(els: &[Element]) -> Vec<Step> {
    let mut steps = Vec::new();
    for e in els {
        let lower = e.name.to_ascii_lowercase();
        if e.call && !e.args_empty && lower.starts_with("by") {
            steps.push(Step::Key);
        } else if e.call && !e.args_empty && normalise(&lower) == "itemwithpath" {
            steps.push(Step::Colon);
        } else if e.call && !e.args_empty {
            steps.push(Step::Function(e.name.clone()));
        } else {
            steps.push(Step::Member(e.name.clone()));
            if e.indexed {
                steps.push(Step::Key);
            }
        }
    }
    steps
}

/// The identifier that ends just before `at`.
fn ident_before(b: &[u8], at: usize) -> &str {
    let mut k = at;
    while k > 0 && is_ident(b[k - 1]) {
        k -= 1;
    }
    std::str::from_utf8(&b[k..at]).unwrap_or_default()
}

/// Real code never holds more SDK calls on one line than this; a line of megabytes of them is an
/// attack on the scanner, whose per-match work (is this inside a string?) grows with the line.
const MAX_MATCHES_PER_LINE: usize = 64;

/// Finds the SDK calls that involve `line`. `sdk_file`: the file mentions a Graph SDK, so a chain
/// from any `…client` receiver is read.
pub fn calls_at(
    src: &dyn LineSource,
    line: usize,
    lang: Lang,
    beta: bool,
    sdk_file: bool,
    catalog: &Catalog,
) -> Vec<SdkCall> {
    // A fluent chain may start lines above: walk up over lines that continue it.
    let mut first = line;
    while first > 0 && line - first < 20 && src.line(first).trim_start().starts_with('.') {
        first -= 1;
    }
    let last = (line + 20).min(src.line_count().saturating_sub(1));
    let w = Window::new(src, first, last);
    let b = w.text.as_bytes();
    let r = regexes();
    let line_range = w.line_start(line)..w.line_start(line + 1);
    let version = if beta { Version::Beta } else { Version::V1 };
    let mut out = Vec::new();
    let push = |out: &mut Vec<SdkCall>, start: usize, end: usize, version: Version, method: Method, path: String| {
        let span = Span { start: w.pos(start), end: w.pos(end) };
        if !out.iter().any(|c: &SdkCall| c.span == span) {
            out.push(SdkCall { span, version, method, path });
        }
    };
    if lang == Lang::PowerShell {
        for m in r.cmdlet.find_iter(&w.text).filter(|m| line_range.contains(&m.start())).take(MAX_MATCHES_PER_LINE) {
            if in_comment_or_string(&w, m.start(), lang) {
                continue;
            }
            if let Some(c) = cmdlet_call(src, &w, m.start(), m.as_str()) {
                out.push(c);
            }
        }
        return out;
    }
    if lang == Lang::Js {
        for c in r
            .api
            .captures_iter(&w.text)
            .filter(|c| line_range.contains(&c.get(0).unwrap().start()))
            .take(MAX_MATCHES_PER_LINE)
        {
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
                    let receiver = ident_before(b, m.start());
                    // A `/security` path names Graph by itself; any other needs a Graph client.
                    let graph = names_graph(receiver) || sdk_file;
                    if !(p.to_ascii_lowercase().starts_with("/security")
                        || (graph && arg.trim_start().starts_with('/')))
                    {
                        continue;
                    }
                    (if chain_beta || beta { Version::Beta } else { Version::V1 }, p)
                }
            };
            push(&mut out, receiver_start(b, m.start()), els[verb].end, version, method, path);
        }
    }
    for m in r.security.find_iter(&w.text).filter(|m| line_range.contains(&m.start())).take(MAX_MATCHES_PER_LINE) {
        if in_comment_or_string(&w, m.start(), lang) {
            continue;
        }
        let els = elements(b, m.start());
        // The first element is `Security` itself.
        let Some((sec, rest)) = els.split_first() else { continue };
        let Some(verb) = rest.iter().position(|e| e.call && http_verb(&e.name, lang).is_some()) else {
            continue;
        };
        if sec.indexed {
            continue;
        }
        let method = http_verb(&rest[verb].name, lang).unwrap_or(Method::Get);
        let mut steps = vec![Step::Member("security".to_owned())];
        steps.extend(steps_of(&rest[..verb]));
        let Some(path) = resolve(catalog, version, &steps) else { continue };
        push(&mut out, receiver_start(b, m.start()), rest[verb].end, version, method, path);
    }
    let receivers = r.receiver.find_iter(&w.text).filter(|m| line_range.contains(&m.start()));
    for m in receivers.take(MAX_MATCHES_PER_LINE) {
        let id = m.as_str();
        if !(names_graph(id) || (names_client(id) && sdk_file)) || in_comment_or_string(&w, m.start(), lang) {
            continue;
        }
        let els = elements(b, m.end());
        let Some(first) = els.first() else { continue };
        if ["security", "api"].contains(&first.name.to_ascii_lowercase().as_str()) {
            continue;
        }
        let Some(verb) = els.iter().position(|e| e.call && http_verb(&e.name, lang).is_some()) else {
            continue;
        };
        let steps = steps_of(&els[..verb]);
        if steps.is_empty() {
            continue;
        }
        let method = http_verb(&els[verb].name, lang).unwrap_or(Method::Get);
        let Some(path) = resolve(catalog, version, &steps) else { continue };
        push(&mut out, receiver_start(b, m.start()), els[verb].end, version, method, path);
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
    #[rustfmt::skip] // one case per line
    fn chains_resolve_to_paths() {
        let m = |s: &str| Step::Member(s.to_owned());
        let sec = || m("Security");
        let f = |s: &str| Step::Function(s.to_owned());
        let cases: &[(Version, Vec<Step>, Option<&str>)] = &[
            (Version::V1, vec![sec(), m("Alerts_v2")], Some("/security/alerts_v2")),
            (Version::V1, vec![sec(), m("alerts_v2"), Step::Key], Some("/security/alerts_v2/{}")),
            (Version::V1, vec![sec(), m("MicrosoftGraphSecurityRunHuntingQuery")], Some("/security/runHuntingQuery")),
            (Version::V1, vec![sec(), m("NotAThing")], None),
            (Version::V1, vec![sec(), m("tiIndicators")], None),
            (Version::Beta, vec![sec(), m("TiIndicators")], Some("/security/tiIndicators")),
            // All of Graph, in each SDK's casing.
            (Version::V1, vec![m("Users"), Step::Key, m("Messages")], Some("/users/{}/messages")),
            (Version::V1, vec![m("users"), Step::Key, m("messages")], Some("/users/{}/messages")),
            (Version::V1, vec![m("me"), m("events")], Some("/me/events")),
            (Version::V1, vec![m("Me"), m("SendMail")], Some("/me/sendmail")),
            (Version::V1, vec![m("me"), m("send_mail")], Some("/me/sendmail")),
            (Version::V1, vec![m("Groups"), Step::Key, m("Members"), m("Count")], Some("/groups/{}/members/$count")),
            (Version::V1, vec![m("Drives"), Step::Key, m("Items"), Step::Key, m("Content")], Some("/drives/{}/items/{}/content")),
            (Version::V1, vec![m("Me"), m("Drive"), m("Root"), Step::Colon, m("Content")], Some("/me/drive/root:/{}:/content")),
            (Version::V1, vec![m("Reports"), f("GetEmailActivityUserDetailWithPeriod")], Some("/reports/getemailactivityuserdetail/{}")),
            (Version::V1, vec![m("Users"), m("NotAThing")], None),
            (Version::V1, vec![m("Customers")], None),
        ];
        for (v, steps, want) in cases {
            assert_eq!(resolve(Catalog::builtin(), *v, steps).as_deref(), *want, "{steps:?}");
        }
    }

    #[test]
    fn every_cmdlet_reaches_a_catalog_call() {
        let raw: serde_json::Value = serde_json::from_str(include_str!("../data/cmdlets.json")).unwrap();
        let rows = raw["cmdlets"].as_array().unwrap();
        assert_eq!(cmdlets().len(), rows.len(), "every row parses, names are unique");
        assert!(rows.len() > 1000, "{}", rows.len());
        for (name, c) in cmdlets() {
            for p in std::iter::once(&c.path).chain(&c.member_path) {
                let got = Catalog::builtin().lookup(c.version, c.method, &to_lookup(p));
                assert!(
                    matches!(
                        got,
                        crate::catalog::Lookup::Endpoint(_) | crate::catalog::Lookup::NoPermissionData { .. }
                    ),
                    "{name}: {} /{}{p}: {got:?}",
                    c.method,
                    c.version
                );
            }
        }
    }

    #[test]
    fn receivers_that_name_a_graph_client() {
        for id in ["graphClient", "graph_client", "_graphServiceClient", "GraphClient", "appGraph", "msgraph", "graph"]
        {
            assert!(names_graph(id), "{id}");
        }
        for id in ["telegraph", "paragraph", "photographs", "client"] {
            assert!(!names_graph(id), "{id}");
        }
        for id in ["client", "userClient", "app_client", "_appClient"] {
            assert!(names_client(id), "{id}");
        }
        assert!(!names_client("clientId"));
    }
}
