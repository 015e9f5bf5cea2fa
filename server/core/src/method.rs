//! The HTTP method a call is sent with (`docs/behaviour.md`, "Method"), read from the whole
//! statement and from where the URL goes: the request line of an `.http` file, a curl command, a
//! PowerShell parameter, the call or object the URL sits in, or, for a URL assigned to a variable,
//! the calls below that pass the variable. What the code never states is assumed by the caller.

use std::sync::OnceLock;

use regex::Regex;

use crate::code::{self, Kind, Syntax, Token};
use crate::context::{self, CommandKind, FileInfo, FileKind};
use crate::lines::{LineSource, Pos, Span};
use crate::types::Method;

/// A method the code states, and the line of the call or key that states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stated {
    pub method: Method,
    pub line: usize,
}

/// What method inference reads besides the text.
pub struct Cx<'a> {
    pub src: &'a dyn LineSource,
    pub file: &'a FileInfo,
    pub syntax: Syntax,
    /// The literal value of a variable at a line, for `-Method $method` (folding's table).
    pub resolve: &'a dyn Fn(&str, usize) -> Option<String>,
    /// Bytes of lines the search for a variable's uses may still read in this file: a safety
    /// valve for files made of thousands of assignments.
    pub budget: &'a std::cell::Cell<usize>,
    /// Whether `line` is in an `.http` file or an `http` fence, where a line starting with a verb,
    /// or holding the URL alone, is a request line.
    pub request_line: &'a dyn Fn(usize) -> bool,
}

/// How far around a call its statement, object or call is looked for, in lines.
const REACH: usize = 40;
/// How far below an assignment the calls that pass its variable are looked for, in lines.
const FLOW_REACH: usize = 300;
/// Lines longer than this are data (minified code, blobs): no command or variable use is read
/// from them.
const LONG_LINE: usize = 64 * 1024;

/// The methods the code states for the URL (or URL expression) at `at`; empty when it states
/// none, and the method is to be assumed. Several calls passing one variable with different methods
/// give several, in line order, without repeats.
pub fn infer(cx: &Cx<'_>, at: Span) -> Vec<Stated> {
    if let Some(s) = stated_at(cx, at) {
        return vec![s];
    }
    let mut out = Vec::new();
    if let Some((name, line)) = assigned_to(cx, at) {
        flow(cx, &name, line, 0, &mut out);
    }
    out.sort_by_key(|s| (s.line, s.method));
    let mut seen = Vec::new();
    out.retain(|s| {
        let new = !seen.contains(&s.method);
        seen.push(s.method);
        new
    });
    out
}

/// Steps 1 to 4: the request line, curl, PowerShell parameters, the enclosing call or object.
fn stated_at(cx: &Cx<'_>, at: Span) -> Option<Stated> {
    let line = at.start.line;
    let text = cx.src.line(line);
    if (cx.request_line)(line) {
        if let Some(m) = http_request_method(&text) {
            return Some(Stated { method: m, line });
        }
        // A request line that is the URL alone: REST clients send GET.
        if text.trim_start().len() == text.len() - at.start.byte {
            return Some(Stated { method: Method::Get, line });
        }
    }
    // A line this long is data, not a command: commands are not read from it (the work per call
    // stays bounded).
    let joined = if text.len() <= LONG_LINE {
        let (first, last) = context::command_lines(cx.src, line);
        context::join_command(cx.src, first, last)
    } else {
        String::new()
    };
    match context::command_kind(&joined) {
        Some(CommandKind::Curl) => {
            if let Some(m) = curl_method(&joined) {
                return Some(Stated { method: m, line });
            }
        }
        Some(CommandKind::PowerShell) => {
            // A web cmdlet without -Method sends GET.
            let m = powershell_method(&joined, cx, line).unwrap_or(Method::Get);
            return Some(Stated { method: m, line });
        }
        None => {}
    }
    if cx.syntax == Syntax::PowerShell {
        if let Some(m) = powershell_method(&joined, cx, line) {
            return Some(Stated { method: m, line });
        }
    }
    enclosing_method(cx, at).or_else(|| yaml_sibling(cx, at))
}

fn regexes() -> &'static Regexes {
    static R: OnceLock<Regexes> = OnceLock::new();
    R.get_or_init(|| Regexes {
        pwsh_param: Regex::new(
            r#"(?i)(?:^|\s)-(?:Method|HttpMethod|Type)\s*:?\s*(?:["']?([A-Za-z]+)["']?|(\$[A-Za-z_][\w:]*))"#,
        )
        .expect("a valid regex"),
        http_request: Regex::new(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S").expect("a valid regex"),
    })
}

struct Regexes {
    pwsh_param: Regex,
    http_request: Regex,
}

/// Step 3: a PowerShell parameter named `Method`, `HttpMethod` or `Type` whose value is an HTTP
/// verb, written or held by a variable.
fn powershell_method(cmd: &str, cx: &Cx<'_>, line: usize) -> Option<Method> {
    regexes().pwsh_param.captures_iter(cmd).find_map(|c| {
        if let Some(word) = c.get(1) {
            return Method::parse(word.as_str());
        }
        let var = c.get(2)?.as_str();
        (cx.resolve)(var, line).and_then(|v| Method::parse(v.trim()))
    })
}

/// The method of an `.http` request line (step 1).
pub fn http_request_method(line: &str) -> Option<Method> {
    regexes().http_request.captures(line).and_then(|c| Method::parse(&c[1]))
}

/// Splits a command into words, honouring simple quotes.
fn shell_words(cmd: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in cmd.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                any = true;
            }
            None if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            None => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Step 2: the method a curl command uses, if it says.
pub fn curl_method(cmd: &str) -> Option<Method> {
    let words = shell_words(cmd);
    let mut explicit = None;
    let mut implied = None;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map(String::as_str);
        if let Some(long) = w.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            match name {
                "request" => explicit = explicit.or_else(|| value.or(next).and_then(Method::parse)),
                "json" | "form" | "form-string" => implied = implied.or(Some(Method::Post)),
                n if n.starts_with("data") => implied = implied.or(Some(Method::Post)),
                "upload-file" => implied = implied.or(Some(Method::Put)),
                "head" => implied = implied.or(Some(Method::Head)),
                _ => {}
            }
        } else if let Some(short) = w.strip_prefix('-') {
            // A cluster of short flags such as `-sSX POST` or `-XPATCH`.
            for (k, c) in short.char_indices() {
                match c {
                    'X' => {
                        let rest = &short[k + 1..];
                        let m = if rest.is_empty() { next } else { Some(rest) };
                        explicit = explicit.or_else(|| m.and_then(Method::parse));
                        break;
                    }
                    'd' | 'F' => {
                        implied = implied.or(Some(Method::Post));
                        break;
                    }
                    'T' => {
                        implied = implied.or(Some(Method::Put));
                        break;
                    }
                    'I' => implied = implied.or(Some(Method::Head)),
                    'H' | 'o' | 'u' | 'A' | 'e' | 'b' | 'c' | 'K' | 'm' | 'w' | 'x' | 'E' | 'r' | 'U' => break,
                    _ => {}
                }
            }
        }
    }
    explicit.or(implied)
}

/// The lexed lines around a place. Long lines are clipped (the anchor line around the anchor,
/// lines above to their end, lines below to their start), so that the work per call is bounded
/// whatever the file: a 100 MB line costs what a short one does.
struct Lexed {
    text: String,
    /// Per included line: (line, offset of its text in `text`, byte in the line where it starts).
    starts: Vec<(usize, usize, usize)>,
    tokens: Vec<Token>,
}

/// How much of a line around the anchor, and of the lines around it, is lexed.
const CLIP: usize = 4096;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Lexed {
    fn around(cx: &Cx<'_>, at: Pos, above: usize, below: usize) -> Lexed {
        let first = at.line.saturating_sub(above);
        let last = (at.line + below).min(cx.src.line_count().saturating_sub(1));
        let mut text = String::new();
        let mut starts = Vec::with_capacity(last + 1 - first);
        for i in first..=last {
            let line = cx.src.line(i);
            let (from, to) = if i < at.line {
                (line.len().saturating_sub(CLIP), line.len())
            } else if i == at.line {
                (at.byte.saturating_sub(CLIP), at.byte + CLIP)
            } else {
                (0, CLIP)
            };
            let (from, to) = (floor_boundary(&line, from), floor_boundary(&line, to));
            starts.push((i, text.len(), from));
            text.push_str(&line[from..to]);
            text.push('\n');
        }
        let tokens = code::lex(&text, cx.syntax);
        Lexed { text, starts, tokens }
    }
    fn offset(&self, p: Pos) -> Option<usize> {
        let &(_, off, from) = self.starts.iter().find(|(l, _, _)| *l == p.line)?;
        p.byte.checked_sub(from).map(|b| off + b)
    }
    fn text(&self, t: &Token) -> &str {
        t.text(&self.text)
    }
    fn line_of(&self, t: &Token) -> usize {
        let i = self.starts.partition_point(|(_, off, _)| *off <= t.start).saturating_sub(1);
        self.starts[i].0
    }
}

/// A verb written as a word or a string: `POST`, `'patch'`, `"Delete"`.
fn verb_of(l: &Lexed, t: &Token) -> Option<Method> {
    match t.kind {
        Kind::Str { .. } => Method::parse(t.inner_text(&l.text).trim()),
        Kind::Word => Method::parse(l.text(t)),
        _ => None,
    }
}

/// `HttpMethod.Post`, `Method.POST`, `HttpMethod::Patch`, `http.MethodPost`: a verb named as a
/// member of a method type, starting at token `i`.
fn member_verb(l: &Lexed, i: usize) -> Option<Method> {
    let t = l.tokens.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let name = l.text(t);
    if let Some(rest) = name.strip_prefix("Method") {
        // Go: http.MethodPost.
        if let Some(m) = Method::parse(rest) {
            return Some(m);
        }
    }
    if !matches!(name.to_ascii_lowercase().as_str(), "httpmethod" | "method" | "httpmethods" | "requestmethod") {
        return None;
    }
    let mut j = i + 1;
    while l.tokens.get(j).is_some_and(|t| t.is_punct(b'.') || t.is_punct(b':')) {
        j += 1;
    }
    (j > i + 1).then(|| l.tokens.get(j).and_then(|t| verb_of(l, t))).flatten()
}

/// Whether token `i` is a key named `method` (`method`, `"method"`, `Method`, `httpMethod`)
/// followed by `:` or `=`, and the verb it is given.
fn method_key(l: &Lexed, i: usize) -> Option<Method> {
    let t = &l.tokens[i];
    let name = match t.kind {
        Kind::Str { .. } => t.inner_text(&l.text),
        Kind::Word => l.text(t),
        _ => return None,
    };
    if !matches!(name.to_ascii_lowercase().as_str(), "method" | "httpmethod" | "http_method" | "verb") {
        return None;
    }
    let sep = l.tokens.get(i + 1)?;
    if !(sep.is_punct(b':') || sep.is_punct(b'=')) || l.tokens.get(i + 2).is_some_and(|t| t.is_punct(b'=')) {
        return None;
    }
    let v = l.tokens.get(i + 2)?;
    verb_of(l, v).or_else(|| member_verb(l, i + 2))
}

/// The verb a call's name says: `post`, `PostAsync`, `patch_json`, `DeleteAsync`, `PostAsJsonAsync`.
fn callee_verb(name: &str) -> Option<Method> {
    let lower = name.to_ascii_lowercase();
    let stem = ["asjsonasync", "async", "asjson", "_json", "json"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    match stem {
        "get" | "getstring" | "getfromjson" | "getbytearray" | "getstream" => Some(Method::Get),
        "post" => Some(Method::Post),
        "put" => Some(Method::Put),
        "patch" => Some(Method::Patch),
        "delete" | "del" => Some(Method::Delete),
        "head" => Some(Method::Head),
        _ => None,
    }
}

/// Calls that send GET unless told otherwise.
fn get_by_default(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "fetch" | "urlopen" | "downloadstring" | "downloadstringtaskasync" | "invoke-restmethod" | "invoke-webrequest"
    )
}

/// The name of the call whose `(` is token `open`: the word before it, skipping TypeScript type
/// arguments (`get<Alert[]>(`).
fn callee_name(l: &Lexed, open: usize) -> Option<&str> {
    let mut j = open.checked_sub(1)?;
    if l.tokens[j].is_punct(b'>') {
        let mut depth = 0;
        loop {
            let t = &l.tokens[j];
            if t.is_punct(b'>') {
                depth += 1;
            } else if t.is_punct(b'<') {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            j = j.checked_sub(1)?;
        }
        j = j.checked_sub(1)?;
    }
    let t = &l.tokens[j];
    (t.kind == Kind::Word).then(|| l.text(t))
}

/// Step 4: the call the URL is an argument of, or the object it is a member of.
fn enclosing_method(cx: &Cx<'_>, at: Span) -> Option<Stated> {
    let l = Lexed::around(cx, at.start, REACH, REACH);
    let offset = l.offset(at.start)?;
    let i = code::token_at(&l.tokens, offset)?;
    let mut inner = i;
    let mut in_object = false;
    for _ in 0..8 {
        let open = code::enclosing(&l.tokens, inner)?;
        let close = code::closing(&l.tokens, open).unwrap_or(l.tokens.len());
        let t = &l.tokens[open];
        if t.is_punct(b'{') {
            // Only the URL's own object: an outer object's `method` belongs to something else.
            if std::mem::replace(&mut in_object, true) {
                inner = open;
                continue;
            }
            // An object: a sibling `method` key at its top level.
            let mut depth = 0i32;
            for j in open + 1..close {
                let tok = &l.tokens[j];
                match tok.kind {
                    Kind::Punct(b'{' | b'(' | b'[') => depth += 1,
                    Kind::Punct(b'}' | b')' | b']') => depth -= 1,
                    _ if depth == 0 => {
                        if let Some(m) = method_key(&l, j) {
                            return Some(Stated { method: m, line: l.line_of(tok) });
                        }
                    }
                    _ => {}
                }
            }
        } else if t.is_punct(b'(') {
            // A call: a verb among its arguments, else the verb its name says.
            let name = callee_name(&l, open);
            let mut depth = 0i32;
            for j in open + 1..close {
                let tok = &l.tokens[j];
                match tok.kind {
                    Kind::Punct(b'{' | b'(' | b'[') => depth += 1,
                    Kind::Punct(b'}' | b')' | b']') => depth -= 1,
                    _ => {
                        if let Some(m) = member_verb(&l, j).or_else(|| method_key(&l, j)) {
                            return Some(Stated { method: m, line: l.line_of(tok) });
                        }
                        if depth == 0 && j != inner && tok.is_str() {
                            // A verb as a plain argument: `requests.request("POST", url)`.
                            if let Some(m) = verb_of(&l, tok) {
                                return Some(Stated { method: m, line: l.line_of(tok) });
                            }
                        }
                    }
                }
            }
            if let Some(m) = name.and_then(callee_verb) {
                return Some(Stated { method: m, line: l.line_of(t) });
            }
            // The JavaScript SDK: `client.api(url)…​.patch(body)`: the verb is a call later in the
            // chain.
            if name == Some("api") {
                if let Some(s) = chained_verb(&l, close) {
                    return Some(s);
                }
            }
            if name.is_some_and(get_by_default) {
                return Some(Stated { method: Method::Get, line: l.line_of(t) });
            }
        }
        inner = open;
    }
    None
}

/// The version of the JavaScript SDK chain whose `.api(…)` holds the literal at `at`: beta with
/// `.version("beta")` in the chain, else v1.0. `None` when the literal is not an `.api(` argument.
pub fn api_chain_version(cx: &Cx<'_>, at: Span) -> Option<crate::types::Version> {
    let l = Lexed::around(cx, at.start, 2, 12);
    let i = code::token_at(&l.tokens, l.offset(at.start)?)?;
    let open = code::enclosing(&l.tokens, i)?;
    if !l.tokens[open].is_punct(b'(') || callee_name(&l, open) != Some("api") {
        return None;
    }
    let mut j = code::closing(&l.tokens, open)? + 1;
    for _ in 0..12 {
        let (Some(dot), Some(name), Some(paren)) = (l.tokens.get(j), l.tokens.get(j + 1), l.tokens.get(j + 2)) else {
            break;
        };
        if !dot.is_punct(b'.') || name.kind != Kind::Word || !paren.is_punct(b'(') {
            break;
        }
        if l.text(name) == "version" {
            let beta =
                l.tokens.get(j + 3).is_some_and(|t| t.is_str() && t.inner_text(&l.text).eq_ignore_ascii_case("beta"));
            return Some(if beta { crate::types::Version::Beta } else { crate::types::Version::V1 });
        }
        let Some(close) = code::closing(&l.tokens, j + 2) else { break };
        j = close + 1;
    }
    Some(crate::types::Version::V1)
}

/// The verb of a chain after the `)` at `close`: `.version('beta').top(1).patch(body)`.
fn chained_verb(l: &Lexed, close: usize) -> Option<Stated> {
    let mut j = close + 1;
    for _ in 0..12 {
        if !l.tokens.get(j)?.is_punct(b'.') {
            return None;
        }
        let name = l.tokens.get(j + 1)?;
        if name.kind != Kind::Word || !l.tokens.get(j + 2)?.is_punct(b'(') {
            return None;
        }
        let verb = match l.text(name) {
            "get" => Some(Method::Get),
            "post" => Some(Method::Post),
            "put" => Some(Method::Put),
            "patch" | "update" => Some(Method::Patch),
            "delete" | "del" => Some(Method::Delete),
            _ => None,
        };
        if let Some(m) = verb {
            return Some(Stated { method: m, line: l.line_of(name) });
        }
        j = code::closing(&l.tokens, j + 2)? + 1;
    }
    None
}

/// Step 4 for YAML: a sibling `method:` key of the mapping the URL's key is in.
fn yaml_sibling(cx: &Cx<'_>, at: Span) -> Option<Stated> {
    if cx.syntax != Syntax::Data {
        return None;
    }
    let key_indent = |s: &str| -> Option<(usize, String)> {
        let t = s.trim_start();
        let t2 = t.strip_prefix("- ").unwrap_or(t);
        let indent = s.len() - t2.len();
        let (key, _) = t2.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .then(|| (indent, key.to_ascii_lowercase()))
    };
    let line = at.start.line;
    let (indent, _) = key_indent(&cx.src.line(line))?;
    let n = cx.src.line_count();
    let check = |i: usize| -> Option<Option<Stated>> {
        let s = cx.src.line(i);
        if s.trim().is_empty() || s.trim_start().starts_with('#') {
            return Some(None);
        }
        let (ind, key) = key_indent(&s)?;
        if ind < indent {
            return None;
        }
        if ind == indent && key == "method" {
            let value = s.split_once(':')?.1.trim().trim_matches(['"', '\'']);
            return Some(Method::parse(value).map(|m| Stated { method: m, line: i }));
        }
        Some(None)
    };
    let mut i = line;
    while i > 0 && line - i < REACH {
        i -= 1;
        // A line at a smaller indentation ends the mapping (a list item's `- ` line included).
        let s = cx.src.line(i);
        let starts_item = s.trim_start().starts_with("- ");
        match check(i) {
            Some(Some(found)) => return Some(found),
            Some(None) if starts_item => break,
            Some(None) => {}
            None => break,
        }
    }
    for i in line + 1..n.min(line + REACH) {
        if cx.src.line(i).trim_start().starts_with("- ") {
            break;
        }
        match check(i) {
            Some(Some(found)) => return Some(found),
            Some(None) => {}
            None => break,
        }
    }
    None
}

/// The variable the URL expression at `at` is assigned to, and the assignment's line.
fn assigned_to(cx: &Cx<'_>, at: Span) -> Option<(String, usize)> {
    let l = Lexed::around(cx, at.start, REACH, 2);
    let offset = l.offset(at.start)?;
    let mut i = code::token_at(&l.tokens, offset)?;
    // Out of calls that only wrap the URL (`string.Format("…")`, `new Uri("…")`).
    while let Some(open) = code::enclosing(&l.tokens, i) {
        if !l.tokens[open].is_punct(b'(') {
            // A block or an object: the statement starts inside it.
            break;
        }
        i = open.checked_sub(1).filter(|&j| l.tokens[j].kind == Kind::Word).unwrap_or(open);
        while i >= 2 && (l.tokens[i - 1].is_punct(b'.')) && l.tokens[i - 2].kind == Kind::Word {
            i -= 2;
        }
        if l.tokens.get(i.wrapping_sub(1)).is_some_and(|t| l.text(t) == "new") {
            i -= 1;
        }
    }
    // Back over the left side of a concatenation: operands and `+`.
    while i >= 2 && l.tokens[i - 1].is_punct(b'+') && matches!(l.tokens[i - 2].kind, Kind::Str { .. } | Kind::Word) {
        i -= 2;
    }
    let eq = i.checked_sub(1)?;
    if !l.tokens[eq].is_punct(b'=') {
        return None;
    }
    let mut name_at = eq.checked_sub(1)?;
    match l.tokens[name_at].kind {
        // Go's `:=`.
        Kind::Punct(b':') => name_at = name_at.checked_sub(1)?,
        // Not `==`, `!=`, `<=`, `>=`, `+=` and the like.
        Kind::Punct(_) => return None,
        _ => {}
    }
    let nt = &l.tokens[name_at];
    if nt.kind != Kind::Word {
        return None;
    }
    let mut name = l.text(nt).to_owned();
    // `self.url`, `this.url`, `$script:url` stay whole.
    if name_at >= 2 && l.tokens[name_at - 1].is_punct(b'.') && l.tokens[name_at - 2].kind == Kind::Word {
        name = format!("{}.{}", l.text(&l.tokens[name_at - 2]), name);
    }
    Some((name, l.line_of(nt)))
}

/// Whether `hay[at..at+len]` is the whole name: not part of a longer identifier, nor a member
/// of something else (`obj.url`).
fn whole_word(hay: &[u8], at: usize, len: usize) -> bool {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let before = at == 0 || !(ident(hay[at - 1]) || hay[at - 1] == b'.' || hay[at - 1] == b'$');
    before && hay.get(at + len).is_none_or(|&b| !ident(b))
}

/// Step 5: the methods of the calls below `line` that pass `name`, up to its next assignment.
fn flow(cx: &Cx<'_>, name: &str, line: usize, depth: usize, out: &mut Vec<Stated>) {
    let ci = cx.syntax == Syntax::PowerShell;
    let needle: Vec<u8> = if ci { name.to_ascii_lowercase().into_bytes() } else { name.as_bytes().to_vec() };
    let finder = memchr::memmem::Finder::new(&needle);
    let n = cx.src.line_count();
    for i in line + 1..n.min(line + 1 + FLOW_REACH) {
        let text = cx.src.line(i);
        let cost = text.len() + 1;
        if cost > LONG_LINE || cx.budget.get() < cost {
            continue;
        }
        cx.budget.set(cx.budget.get() - cost);
        let hay: std::borrow::Cow<'_, [u8]> =
            if ci { text.to_ascii_lowercase().into_bytes().into() } else { text.as_bytes().into() };
        let mut reassigned = false;
        for at in finder.find_iter(&hay) {
            if !whole_word(&hay, at, needle.len()) {
                continue;
            }
            let span = Span::on_line(i, at, at + needle.len());
            let after = text[at + needle.len()..].trim_start();
            if after.starts_with('=') && !after.starts_with("==") {
                reassigned = true;
                break;
            }
            match stated_at(cx, span) {
                Some(s) => out.push(Stated { method: s.method, line: i }),
                None if depth < 2 => {
                    if let Some((next, l)) = assigned_to(cx, span).filter(|(v, _)| v != name) {
                        flow(cx, &next, l, depth + 1, out);
                    }
                }
                None => {}
            }
        }
        if reassigned {
            break;
        }
    }
}

/// Whether `file` reads the line as a request line: `.http` files, and `http` fences.
pub fn is_http(file: &FileInfo) -> bool {
    file.kind == FileKind::Http
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::TextLines;

    fn infer_in(name: &str, text: &str, needle: &str) -> Vec<(Method, usize)> {
        let src = TextLines::new(text);
        let file = FileInfo::for_path(name);
        let (line, byte) = text
            .lines()
            .enumerate()
            .find_map(|(i, l)| l.find(needle).map(|b| (i, b)))
            .unwrap_or_else(|| panic!("{needle} in {text}"));
        let resolve =
            |v: &str, _: usize| -> Option<String> { (v.eq_ignore_ascii_case("$verb")).then(|| "Patch".into()) };
        let http = |_: usize| file.kind == FileKind::Http;
        let budget = std::cell::Cell::new(1 << 20);
        let cx = Cx {
            src: &src,
            file: &file,
            syntax: Syntax::for_file(&file),
            resolve: &resolve,
            budget: &budget,
            request_line: &http,
        };
        infer(&cx, Span::on_line(line, byte, byte + needle.len())).into_iter().map(|s| (s.method, s.line + 1)).collect()
    }

    const U: &str = "https://graph.microsoft.com/v1.0/security/tiIndicators/submitTiIndicators";

    #[test]
    fn the_call_a_url_is_an_argument_of() {
        let cases: [(&str, String, Method); 9] = [
            ("a.py", format!("r = requests.post(\"{U}\", json=b)"), Method::Post),
            ("a.py", format!("r = requests.request(\"PATCH\", \"{U}\")"), Method::Patch),
            ("a.py", format!("r = session.get(\"{U}\")"), Method::Get),
            ("a.js", format!("await axios.delete('{U}')"), Method::Delete),
            ("a.js", format!("fetch('{U}', {{ method: \"POST\", body }})"), Method::Post),
            ("a.js", format!("fetch('{U}')"), Method::Get),
            ("a.ts", format!("this.http.patch<Alert>(`{U}`, body)"), Method::Patch),
            ("a.cs", format!("await client.PostAsJsonAsync(\"{U}\", b);"), Method::Post),
            ("a.cs", format!("var r = new HttpRequestMessage(HttpMethod.Post, new Uri(\"{U}\"));"), Method::Post),
        ];
        for (name, text, want) in cases {
            assert_eq!(infer_in(name, &text, U), [(want, 1)], "{text}");
        }
    }

    #[test]
    fn a_sibling_method_key_in_the_same_object() {
        let js = format!("const options = {{\n  uri: '{U}',\n  method: 'POST',\n  json: true\n}};\nrp(options)");
        assert_eq!(infer_in("a.js", &js, U), [(Method::Post, 3)]);
        let logic = format!("{{\n  \"inputs\": {{\n    \"method\": \"patch\",\n    \"path\": \"{U}\"\n  }}\n}}");
        assert_eq!(infer_in("a.json", &logic, U), [(Method::Patch, 3)]);
        let nested = format!("{{\"method\": \"POST\", \"x\": {{\"url\": \"{U}\"}}}}");
        assert_eq!(infer_in("a.json", &nested, U), [], "a method of an outer object is not a sibling");
        let yaml = format!("- name: x\n  uri:\n    url: {U}\n    method: POST\n    body: {{}}\n");
        assert_eq!(infer_in("a.yml", &yaml, U), [(Method::Post, 4)]);
        let ps = format!("$p = @{{\n  Uri = \"{U}\"\n  Method = 'Post'\n}}\nInvoke-RestMethod @p");
        assert_eq!(infer_in("a.ps1", &ps, U), [(Method::Post, 3)]);
    }

    #[test]
    fn a_variable_takes_the_methods_of_the_calls_that_pass_it() {
        let py = format!("ti_url = \"{U}\"\nheaders = {{}}\nprint(ti_url)\n\nr = requests.post(ti_url, json=b)\n");
        assert_eq!(infer_in("a.py", &py, U), [(Method::Post, 5)]);
        let cs = format!("string url = string.Format(\"{U}\");\nvar old = Get(id);\nvar req = new HttpRequestMessage(HttpMethod.Patch, url);");
        assert_eq!(infer_in("a.cs", &cs, U), [(Method::Patch, 3)]);
        let ps = format!("$Uri = \"{U}\"\nWrite-Verbose $Uri\nInvoke-WebRequest -Method Patch -Uri $uri -Headers $h");
        assert_eq!(infer_in("a.ps1", &ps, U), [(Method::Patch, 3)]);
        let two =
            format!("$u = \"{U}\"\nInvoke-RestMethod -Uri $u -Method Get\nInvoke-RestMethod -Uri $u -Method $verb");
        assert_eq!(infer_in("a.ps1", &two, U), [(Method::Get, 2), (Method::Patch, 3)]);
        let reassigned = format!("u = \"{U}\"\nu = \"x\"\nrequests.post(u)");
        assert_eq!(infer_in("a.py", &reassigned, U), []);
        let derived = format!("base = \"{U}\"\nfull = base + \"?a=1\"\nrequests.patch(full)");
        assert_eq!(infer_in("a.py", &derived, U), [(Method::Patch, 3)]);
    }

    #[test]
    fn powershell_parameters_on_any_command() {
        let ps = format!("New-GraphPOSTRequest -uri \"{U}\" -type PATCH");
        assert_eq!(infer_in("a.ps1", &ps, U), [(Method::Patch, 1)]);
        let irm = format!("Invoke-RestMethod -Uri \"{U}\" -Headers $h");
        assert_eq!(infer_in("a.ps1", &irm, U), [(Method::Get, 1)]);
        let member = format!("$o | Add-Member -Type NoteProperty -Name x -Value \"{U}\"");
        assert_eq!(infer_in("a.ps1", &member, U), []);
    }

    #[test]
    fn curl_and_request_lines() {
        assert_eq!(infer_in("a.sh", &format!("curl -X POST \\\n  \"{U}\""), U), [(Method::Post, 2)]);
        assert_eq!(infer_in("a.http", &format!("PATCH {U}"), U), [(Method::Patch, 1)]);
        assert_eq!(infer_in("a.http", U, U), [(Method::Get, 1)]);
    }

    #[test]
    fn nothing_stated_is_nothing() {
        assert_eq!(infer_in("a.py", &format!("URL = \"{U}\"\nlog(URL)"), U), []);
        assert_eq!(infer_in("a.md", &format!("See {U} for details."), U), []);
    }

    #[test]
    fn curl_methods() {
        let cases = [
            ("curl -X POST https://x", Some(Method::Post)),
            ("curl -XPATCH https://x", Some(Method::Patch)),
            ("curl --request delete https://x", Some(Method::Delete)),
            ("curl --request=PUT https://x", Some(Method::Put)),
            ("curl -sSX POST https://x", Some(Method::Post)),
            ("curl -d '{}' https://x", Some(Method::Post)),
            ("curl --data-raw '{}' https://x", Some(Method::Post)),
            ("curl --json '{}' https://x", Some(Method::Post)),
            ("curl -F a=b https://x", Some(Method::Post)),
            ("curl -T file https://x", Some(Method::Put)),
            ("curl -I https://x", Some(Method::Head)),
            ("curl -d x -X PATCH https://x", Some(Method::Patch)),
            ("curl -H 'Authorization: Bearer x' https://x", None),
            ("curl https://x", None),
        ];
        for (cmd, want) in cases {
            assert_eq!(curl_method(cmd), want, "{cmd}");
        }
    }
}
