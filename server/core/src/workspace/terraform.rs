//! Terraform (`azuread` provider): `azuread_application` `required_resource_access` blocks and
//! `azuread_application_api_access` resources, with permissions given by GUID or by name through
//! `azuread_service_principal.<x>.app_role_ids["Name"]` / `oauth2_permission_scope_ids["Name"]`.
//!
//! A small reader of HCL's native syntax written for this, rather than a general HCL crate: it
//! keeps the byte position of every literal (a declaration's line is where its permission is
//! written), and it reads what it can of a file being edited, saying where it stopped, where a
//! general parser gives up on the whole file at the first error.

use std::collections::HashMap;

use super::{is_guid, kind_of_type, span_of, Perm, RawDeclarations, Registration, Source, GRAPH_APP_ID};
use crate::lines::{Span, TextLines};
use crate::types::TokenKind;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// A quoted string or heredoc: its value (escapes read, interpolations kept as written),
    /// the byte range of its content, and whether it interpolates.
    Str {
        value: String,
        start: usize,
        end: usize,
        interp: bool,
    },
    Num,
    Punct(u8),
    /// `=>`, `==`, `&&`, … : anything that only matters as "an operator".
    Op,
    Newline,
}

struct Lexer<'a> {
    b: &'a [u8],
    text: &'a str,
    i: usize,
    toks: Vec<(Tok, usize)>,
    error: Option<(usize, String)>,
}

fn lex(text: &str) -> (Vec<(Tok, usize)>, Option<(usize, String)>) {
    let mut l = Lexer { b: text.as_bytes(), text, i: 0, toks: Vec::new(), error: None };
    l.run();
    (l.toks, l.error)
}

impl Lexer<'_> {
    fn fail(&mut self, at: usize, msg: &str) {
        if self.error.is_none() {
            self.error = Some((at, msg.to_owned()));
        }
    }

    fn run(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let start = self.i;
            match c {
                b'\n' => {
                    self.toks.push((Tok::Newline, start));
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'#' => self.skip_line(),
                b'/' if self.b.get(self.i + 1) == Some(&b'/') => self.skip_line(),
                b'/' if self.b.get(self.i + 1) == Some(&b'*') => match self.text[self.i + 2..].find("*/") {
                    Some(e) => {
                        // Keep the line breaks a comment spans: attributes end at them.
                        let end = self.i + 2 + e + 2;
                        for (k, _) in self.text[self.i..end].match_indices('\n') {
                            self.toks.push((Tok::Newline, self.i + k));
                        }
                        self.i = end;
                    }
                    None => {
                        self.fail(start, "a comment that never ends");
                        self.i = self.b.len();
                    }
                },
                b'"' => self.string(),
                b'<' if self.b.get(self.i + 1) == Some(&b'<') => self.heredoc(),
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    while self.b.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-') {
                        self.i += 1;
                    }
                    self.toks.push((Tok::Ident(self.text[start..self.i].to_owned()), start));
                }
                c if c.is_ascii_digit() => {
                    while self.b.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.') {
                        self.i += 1;
                    }
                    self.toks.push((Tok::Num, start));
                }
                b'{' | b'}' | b'[' | b']' | b'(' | b')' | b',' | b'.' | b':' | b'?' => {
                    self.i += 1;
                    self.toks.push((Tok::Punct(c), start));
                }
                b'=' if !matches!(self.b.get(self.i + 1), Some(b'=' | b'>')) => {
                    self.i += 1;
                    self.toks.push((Tok::Punct(b'='), start));
                }
                _ => {
                    // Operators: one or two bytes; a lone non-ASCII byte is skipped whole.
                    let w = self.text[self.i..].chars().next().map_or(1, char::len_utf8);
                    self.i +=
                        if matches!(self.b.get(self.i + 1), Some(b'=' | b'>' | b'&' | b'|')) && w == 1 { 2 } else { w };
                    self.toks.push((Tok::Op, start));
                }
            }
        }
    }

    fn skip_line(&mut self) {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn string(&mut self) {
        let start = self.i;
        self.i += 1;
        let body = self.i;
        let mut value = String::new();
        let mut interp = false;
        let mut depth = 0usize;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            match c {
                b'\\' if depth == 0 => {
                    let next = self.text[self.i + 1..].chars().next();
                    match next {
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some(ch) => value.push(ch),
                        None => {}
                    }
                    self.i += 1 + next.map_or(0, char::len_utf8);
                }
                b'$' | b'%' if self.b.get(self.i + 1) == Some(&b'{') => {
                    interp = true;
                    depth += 1;
                    value.push_str(&self.text[self.i..self.i + 2]);
                    self.i += 2;
                }
                b'}' if depth > 0 => {
                    depth -= 1;
                    value.push('}');
                    self.i += 1;
                }
                b'"' if depth == 0 => {
                    self.toks.push((Tok::Str { value, start: body, end: self.i, interp }, start));
                    self.i += 1;
                    return;
                }
                b'\n' if depth == 0 => {
                    self.fail(start, "a string that runs past the end of its line");
                    self.toks.push((Tok::Str { value, start: body, end: self.i, interp }, start));
                    return;
                }
                _ => {
                    let ch = self.text[self.i..].chars().next().unwrap_or('\u{fffd}');
                    value.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
        self.fail(start, "a string that never ends");
    }

    fn heredoc(&mut self) {
        let start = self.i;
        let mut j = self.i + 2;
        if self.b.get(j) == Some(&b'-') {
            j += 1;
        }
        let name_start = j;
        while self.b.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
            j += 1;
        }
        if j == name_start {
            self.i += 2;
            self.toks.push((Tok::Op, start));
            return;
        }
        let marker = &self.text[name_start..j];
        let Some(nl) = self.text[j..].find('\n') else {
            self.fail(start, "a heredoc that never ends");
            self.i = self.b.len();
            return;
        };
        let body = j + nl + 1;
        let mut k = body;
        loop {
            let line_end = self.text[k..].find('\n').map_or(self.b.len(), |e| k + e);
            if self.text[k..line_end].trim() == marker {
                self.toks.push((
                    Tok::Str { value: self.text[body..k].to_owned(), start: body, end: k, interp: true },
                    start,
                ));
                self.i = line_end;
                return;
            }
            if line_end >= self.b.len() {
                self.fail(start, "a heredoc that never ends");
                self.i = self.b.len();
                return;
            }
            k = line_end + 1;
        }
    }
}

/// An expression, as far as declarations need one.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Str {
        value: String,
        start: usize,
        end: usize,
        interp: bool,
    },
    /// `a.b["c"].d`: the root name and the steps after it.
    Traversal {
        root: String,
        steps: Vec<Step>,
    },
    Tuple(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Attr(String),
    Index(Expr),
}

#[derive(Debug, Clone)]
struct Block {
    kind: String,
    labels: Vec<String>,
    start: usize,
    body: Body,
}

#[derive(Debug, Clone, Default)]
struct Body {
    attrs: Vec<(String, Expr, usize)>,
    blocks: Vec<Block>,
}

impl Body {
    fn attr(&self, name: &str) -> Option<&Expr> {
        self.attrs.iter().find(|(n, _, _)| n == name).map(|(_, e, _)| e)
    }
    fn blocks<'b>(&'b self, kind: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    error: Option<(usize, String)>,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(t, _)| t)
    }
    fn at(&self) -> usize {
        self.toks.get(self.i).map_or(usize::MAX, |(_, a)| *a)
    }
    fn fail(&mut self, msg: &str) {
        if self.error.is_none() {
            self.error = Some((self.at(), msg.to_owned()));
        }
    }
    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
    }
    /// Skips to the end of the line, over balanced brackets.
    fn skip_rest(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            match t {
                Tok::Newline if depth <= 0 => return,
                Tok::Punct(b'{' | b'[' | b'(') => depth += 1,
                Tok::Punct(b'}' | b']' | b')') => {
                    if depth <= 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    fn body(&mut self, closing: bool) -> Body {
        let mut body = Body::default();
        self.depth += 1;
        loop {
            self.skip_newlines();
            match self.peek().cloned() {
                None => {
                    if closing {
                        self.fail("a block that is never closed");
                    }
                    break;
                }
                Some(Tok::Punct(b'}')) if closing => {
                    self.i += 1;
                    break;
                }
                Some(Tok::Ident(name)) => {
                    let start = self.at();
                    self.i += 1;
                    if self.peek() == Some(&Tok::Punct(b'=')) {
                        self.i += 1;
                        let e = self.expr();
                        body.attrs.push((name, e, start));
                        self.end_of_item();
                        continue;
                    }
                    let mut labels = Vec::new();
                    loop {
                        match self.peek().cloned() {
                            Some(Tok::Str { value, .. }) => labels.push(value),
                            Some(Tok::Ident(v)) => labels.push(v),
                            _ => break,
                        }
                        self.i += 1;
                    }
                    if self.peek() == Some(&Tok::Punct(b'{')) && self.depth < MAX_DEPTH {
                        self.i += 1;
                        let inner = self.body(true);
                        body.blocks.push(Block { kind: name, labels, start, body: inner });
                    } else {
                        self.fail("expected '=' or a block");
                        self.skip_rest();
                        if self.peek() == Some(&Tok::Punct(b'}')) && !closing {
                            self.i += 1;
                        }
                    }
                }
                Some(_) => {
                    self.fail("expected an attribute or a block");
                    self.i += 1;
                    self.skip_rest();
                }
            }
        }
        self.depth -= 1;
        body
    }

    fn end_of_item(&mut self) {
        match self.peek() {
            None | Some(Tok::Newline) | Some(Tok::Punct(b'}')) => {}
            Some(Tok::Punct(b',')) => self.i += 1,
            _ => {
                self.fail("unexpected text after an attribute");
                self.skip_rest();
            }
        }
    }

    fn expr(&mut self) -> Expr {
        let e = self.primary();
        // Anything after a whole value (operators, conditionals) makes it an expression that is
        // not a literal: read past it.
        match self.peek() {
            None | Some(Tok::Newline) | Some(Tok::Punct(b'}' | b']' | b')' | b',')) => e,
            _ => {
                self.skip_expr_rest();
                Expr::Other
            }
        }
    }

    fn skip_expr_rest(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            match t {
                Tok::Newline | Tok::Punct(b',') if depth <= 0 => return,
                Tok::Punct(b'{' | b'[' | b'(') => depth += 1,
                Tok::Punct(b'}' | b']' | b')') => {
                    if depth <= 0 {
                        return;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.i += 1;
        }
    }

    fn primary(&mut self) -> Expr {
        if self.depth > MAX_DEPTH {
            self.fail("nesting too deep");
            self.skip_expr_rest();
            return Expr::Other;
        }
        match self.peek().cloned() {
            Some(Tok::Str { value, start, end, interp }) => {
                self.i += 1;
                Expr::Str { value, start, end, interp }
            }
            Some(Tok::Num) => {
                self.i += 1;
                Expr::Other
            }
            Some(Tok::Ident(name)) => {
                self.i += 1;
                if self.peek() == Some(&Tok::Punct(b'(')) {
                    self.i += 1;
                    self.depth += 1;
                    self.skip_until(b')');
                    self.depth -= 1;
                    return Expr::Other;
                }
                let mut steps = Vec::new();
                loop {
                    match self.peek() {
                        Some(Tok::Punct(b'.')) => {
                            self.i += 1;
                            match self.peek().cloned() {
                                Some(Tok::Ident(a)) => {
                                    self.i += 1;
                                    steps.push(Step::Attr(a));
                                }
                                Some(Tok::Num) => {
                                    self.i += 1;
                                    steps.push(Step::Index(Expr::Other));
                                }
                                _ => {
                                    self.i += 1;
                                    steps.push(Step::Index(Expr::Other));
                                }
                            }
                        }
                        Some(Tok::Punct(b'[')) => {
                            self.i += 1;
                            self.depth += 1;
                            self.skip_newlines();
                            let inner = self.expr();
                            self.depth -= 1;
                            self.skip_newlines();
                            if self.peek() == Some(&Tok::Punct(b']')) {
                                self.i += 1;
                            } else {
                                self.fail("expected ']'");
                                self.skip_until(b']');
                            }
                            steps.push(Step::Index(inner));
                        }
                        _ => break,
                    }
                }
                Expr::Traversal { root: name, steps }
            }
            Some(Tok::Punct(b'[')) => {
                self.i += 1;
                self.depth += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_newlines();
                    match self.peek() {
                        Some(Tok::Punct(b']')) => {
                            self.i += 1;
                            break;
                        }
                        None => {
                            self.fail("a list that is never closed");
                            break;
                        }
                        _ => {}
                    }
                    let before = self.i;
                    items.push(self.expr());
                    self.skip_newlines();
                    match self.peek() {
                        Some(Tok::Punct(b',')) => self.i += 1,
                        Some(Tok::Punct(b']')) => {}
                        _ if self.i == before => self.i += 1,
                        _ => {}
                    }
                }
                self.depth -= 1;
                Expr::Tuple(items)
            }
            Some(Tok::Punct(b'{')) => {
                self.i += 1;
                self.depth += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_newlines();
                    let key = match self.peek().cloned() {
                        Some(Tok::Punct(b'}')) => {
                            self.i += 1;
                            break;
                        }
                        None => {
                            self.fail("an object that is never closed");
                            break;
                        }
                        Some(Tok::Ident(k)) => k,
                        Some(Tok::Str { value, .. }) => value,
                        _ => {
                            self.i += 1;
                            self.skip_expr_rest();
                            continue;
                        }
                    };
                    self.i += 1;
                    if matches!(self.peek(), Some(Tok::Punct(b'=' | b':'))) {
                        self.i += 1;
                        let v = self.expr();
                        entries.push((key, v));
                    } else {
                        self.skip_expr_rest();
                    }
                    if self.peek() == Some(&Tok::Punct(b',')) {
                        self.i += 1;
                    }
                }
                self.depth -= 1;
                Expr::Object(entries)
            }
            Some(Tok::Punct(b'(')) => {
                self.i += 1;
                self.skip_until(b')');
                Expr::Other
            }
            _ => {
                self.skip_expr_rest();
                Expr::Other
            }
        }
    }

    /// Skips past the bracket `close` that balances an opener already consumed.
    fn skip_until(&mut self, close: u8) {
        let mut depth = 0i32;
        while let Some(t) = self.peek() {
            match t {
                Tok::Punct(b'{' | b'[' | b'(') => depth += 1,
                Tok::Punct(c) if *c == close && depth == 0 => {
                    self.i += 1;
                    return;
                }
                Tok::Punct(b'}' | b']' | b')') => depth -= 1,
                _ => {}
            }
            self.i += 1;
        }
        self.fail("a bracket that is never closed");
    }
}

/// Everything a file declares at the top level, by address.
struct Module<'b> {
    locals: HashMap<&'b str, &'b Expr>,
    variables: HashMap<&'b str, &'b Expr>,
    /// `resource "t" "n"` → `t.n`; `data "t" "n"` → `data.t.n`.
    objects: HashMap<String, &'b Block>,
}

impl<'b> Module<'b> {
    fn new(top: &'b Body) -> Module<'b> {
        let mut m = Module { locals: HashMap::new(), variables: HashMap::new(), objects: HashMap::new() };
        for b in &top.blocks {
            match (b.kind.as_str(), b.labels.as_slice()) {
                ("locals", _) => {
                    for (n, e, _) in &b.body.attrs {
                        m.locals.insert(n, e);
                    }
                }
                ("variable", [name]) => {
                    if let Some(d) = b.body.attr("default") {
                        m.variables.insert(name, d);
                    }
                }
                ("resource", [t, n]) => {
                    m.objects.insert(format!("{t}.{n}"), b);
                }
                ("data", [t, n]) => {
                    m.objects.insert(format!("data.{t}.{n}"), b);
                }
                _ => {}
            }
        }
        m
    }

    /// Follows `local.x`, `var.x` to the expression they name.
    fn deref<'e>(&'e self, e: &'e Expr, depth: usize) -> &'e Expr {
        if depth > 8 {
            return e;
        }
        if let Expr::Traversal { root, steps } = e {
            if let [Step::Attr(a)] = steps.as_slice() {
                let target = match root.as_str() {
                    "local" => self.locals.get(a.as_str()),
                    "var" => self.variables.get(a.as_str()),
                    _ => None,
                };
                if let Some(t) = target {
                    return self.deref(t, depth + 1);
                }
            }
        }
        e
    }

    /// The address a traversal starts with (`azuread_service_principal.msgraph`,
    /// `data.azuread_service_principal.graph`) and the steps after it.
    fn address<'e>(&self, root: &str, steps: &'e [Step]) -> Option<(String, &'e [Step])> {
        let name = |s: &Step| match s {
            Step::Attr(a) => Some(a.clone()),
            _ => None,
        };
        if root == "data" {
            let t = name(steps.first()?)?;
            let n = name(steps.get(1)?)?;
            Some((format!("data.{t}.{n}"), &steps[2..]))
        } else {
            let n = name(steps.first()?)?;
            Some((format!("{root}.{n}"), &steps[1..]))
        }
    }

    /// The literal value of an expression: a string without interpolation, through locals,
    /// variables, `azuread_application_published_app_ids` and service principals' client ids.
    fn value(&self, e: &Expr, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match self.deref(e, 0) {
            Expr::Str { value, interp: false, .. } => Some(value.trim().to_owned()),
            Expr::Traversal { root, steps } => {
                let (addr, rest) = self.address(root, steps)?;
                if addr.starts_with("data.azuread_application_published_app_ids.") {
                    return match rest {
                        [Step::Attr(r), Step::Attr(k)] | [Step::Attr(r), Step::Index(Expr::Str { value: k, .. })]
                            if r == "result" && k == "MicrosoftGraph" =>
                        {
                            Some(GRAPH_APP_ID.to_owned())
                        }
                        _ => None,
                    };
                }
                let [Step::Attr(field)] = rest else { return None };
                if !matches!(field.as_str(), "client_id" | "application_id" | "app_id") {
                    return None;
                }
                let block = self.objects.get(&addr)?;
                for key in ["client_id", "application_id"] {
                    if let Some(v) = block.body.attr(key) {
                        return self.value(v, depth + 1);
                    }
                }
                match block.body.attr("display_name").map(|d| self.deref(d, 0)) {
                    Some(Expr::Str { value, .. }) if value == "Microsoft Graph" => Some(GRAPH_APP_ID.to_owned()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A permission given by name: `<service principal>.app_role_ids["Name"]` (an application
    /// permission) or `.oauth2_permission_scope_ids["Name"]` (delegated), with the name literal.
    fn by_name<'e>(&'e self, e: &'e Expr) -> Option<(TokenKind, &'e str, usize, usize)> {
        let Expr::Traversal { root, steps } = self.deref(e, 0) else { return None };
        let (_, rest) = self.address(root, steps)?;
        match rest {
            [Step::Attr(map), Step::Index(Expr::Str { value, start, end, interp: false })] => {
                let kind = match map.as_str() {
                    "app_role_ids" => TokenKind::Application,
                    "oauth2_permission_scope_ids" => TokenKind::Delegated,
                    _ => return None,
                };
                Some((kind, value, *start, *end))
            }
            _ => None,
        }
    }
}

/// A description of an expression for notes.
fn shown(text: &str, at: usize) -> String {
    let line_end = text[at..].find('\n').map_or(text.len(), |e| at + e);
    let s = text[at..line_end].trim();
    let s: String = s.chars().take(80).collect();
    s
}

pub fn read(text: &str, lines: &TextLines, raw: &mut RawDeclarations) {
    if !text.contains("azuread_application") {
        return;
    }
    let (toks, lex_error) = lex(text);
    let mut p = Parser { toks, i: 0, error: None, depth: 0 };
    let top = p.body(false);
    let error = lex_error.or(p.error);
    let m = Module::new(&top);
    let first_reg = raw.registrations.len();
    let mut by_identity: HashMap<String, usize> = HashMap::new();
    let mut app_reg = |raw: &mut RawDeclarations, addr: &str, at: usize| -> usize {
        *by_identity.entry(addr.to_owned()).or_insert_with(|| {
            let start = lines.pos_of(at);
            raw.add_registration(Registration {
                source: Source::Terraform,
                span: Span { start, end: start },
                identity: Some(format!("tf:{addr}")),
                app_id: None,
                complete: true,
            })
        })
    };
    let grant = |raw: &mut RawDeclarations, reg: usize, kind: Option<TokenKind>, e: &Expr, at: usize| {
        let line = lines.pos_of(at).line;
        if let Some((k, name, s, en)) = m.by_name(e) {
            if kind.is_some_and(|t| t != k) {
                raw.note(
                    Some(line),
                    format!(
                        "{name} comes from {} but its type says otherwise; read as {}",
                        if k == TokenKind::Application { "app_role_ids" } else { "oauth2_permission_scope_ids" },
                        k.as_str()
                    ),
                );
            }
            raw.grants.push((k, Perm::Name(name.to_owned()), span_of(lines, s, en), reg));
            return;
        }
        let Some(kind) = kind else {
            raw.note(Some(line), format!("{}: no type (Role or Scope); not read", shown(text, at)));
            return;
        };
        match (m.value(e, 0), m.deref(e, 0)) {
            (Some(v), Expr::Str { start, end, .. }) if is_guid(&v) => {
                raw.grants.push((kind, Perm::Id(v.to_ascii_lowercase()), span_of(lines, *start, *end), reg));
            }
            (Some(v), _) if is_guid(&v) => {
                let s = lines.line_str(line);
                let indent = s.len() - s.trim_start().len();
                raw.grants.push((kind, Perm::Id(v.to_ascii_lowercase()), Span::on_line(line, indent, s.len()), reg));
            }
            _ => raw.note(
                Some(line),
                format!("{}: a permission claimcheck cannot evaluate; the app's checks leave it out", shown(text, at)),
            ),
        }
    };
    for b in &top.blocks {
        match (b.kind.as_str(), b.labels.as_slice()) {
            ("resource", [t, n]) if t == "azuread_application" || t == "azuread_application_registration" => {
                let addr = format!("{t}.{n}");
                let rra: Vec<&Block> = b.body.blocks("required_resource_access").collect();
                let dynamic =
                    b.body.blocks("dynamic").any(|d| d.labels.first().is_some_and(|l| l == "required_resource_access"));
                if dynamic {
                    let reg = app_reg(raw, &addr, b.start);
                    raw.registrations[reg].complete = false;
                    raw.note(
                        Some(lines.pos_of(b.start).line),
                        format!("{addr}: a dynamic required_resource_access block is not read; the app is not checked"),
                    );
                }
                for r in rra {
                    let api = r.body.attr("resource_app_id");
                    let line = lines.pos_of(r.start).line;
                    match api.and_then(|e| m.value(e, 0)) {
                        Some(v) if v.eq_ignore_ascii_case(GRAPH_APP_ID) => {}
                        Some(v) => {
                            raw.note(Some(line), super::sources::other_api_note(&v));
                            continue;
                        }
                        None => {
                            raw.note(
                                Some(line),
                                format!("{addr}: cannot tell which API this required_resource_access is for; not read"),
                            );
                            continue;
                        }
                    }
                    let reg = app_reg(raw, &addr, b.start);
                    if r.body.blocks("dynamic").next().is_some() {
                        raw.registrations[reg].complete = false;
                        raw.note(
                            Some(line),
                            format!("{addr}: a dynamic resource_access block is not read; the app is not checked"),
                        );
                    }
                    for ra in r.body.blocks("resource_access") {
                        let Some(id) = ra.body.attr("id") else { continue };
                        let kind = match ra.body.attr("type").and_then(|t| m.value(t, 0)) {
                            Some(t) => kind_of_type(&t),
                            None => None,
                        };
                        let at = ra.body.attrs.iter().find(|(n, _, _)| n == "id").map_or(ra.start, |(_, _, a)| *a);
                        grant(raw, reg, kind, id, at);
                    }
                }
            }
            ("resource", [t, n]) if t == "azuread_application_api_access" => {
                let api = b.body.attr("api_client_id").and_then(|e| m.value(e, 0));
                let line = lines.pos_of(b.start).line;
                match api {
                    Some(v) if v.eq_ignore_ascii_case(GRAPH_APP_ID) => {}
                    Some(v) => {
                        raw.note(Some(line), super::sources::other_api_note(&v));
                        continue;
                    }
                    None => {
                        raw.note(Some(line), format!("{t}.{n}: cannot tell which API api_client_id names; not read"));
                        continue;
                    }
                }
                // Grants of the application it names belong to that registration.
                let app = match b.body.attr("application_id") {
                    Some(Expr::Traversal { root, steps }) => m.address(root, steps).map(|(a, _)| a),
                    _ => None,
                };
                let reg = app_reg(raw, &app.unwrap_or_else(|| format!("{t}.{n}")), b.start);
                for (field, kind) in [("role_ids", TokenKind::Application), ("scope_ids", TokenKind::Delegated)] {
                    let Some((_, e, at)) = b.body.attrs.iter().find(|(f, _, _)| f == field) else { continue };
                    match m.deref(e, 0) {
                        Expr::Tuple(items) => {
                            for item in items {
                                let item_at = match item {
                                    Expr::Str { start, .. } => *start,
                                    _ => *at,
                                };
                                grant(raw, reg, Some(kind), item, item_at);
                            }
                        }
                        _ => raw.note(
                            Some(lines.pos_of(*at).line),
                            format!("{t}.{n}: {field} is not a list claimcheck can read"),
                        ),
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((at, msg)) = error {
        let at = lines.pos_of(at.min(text.len()));
        if raw.registrations.len() > first_reg {
            for r in &mut raw.registrations[first_reg..] {
                r.complete = false;
            }
            raw.note(
                Some(at.line),
                format!(
                    "Terraform syntax error at line {} ({msg}); the app declared here is not checked until it is fixed",
                    at.line + 1
                ),
            );
        } else if text.contains("required_resource_access") {
            let start = lines.pos_of(text.find("required_resource_access").unwrap_or(0));
            raw.add_registration(Registration {
                source: Source::Terraform,
                span: Span { start, end: start },
                identity: None,
                app_id: None,
                complete: false,
            });
            raw.note(
                Some(at.line),
                format!(
                    "Terraform syntax error at line {} ({msg}); its required_resource_access is not read",
                    at.line + 1
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> RawDeclarations {
        let lines = TextLines::new(text);
        let mut raw = RawDeclarations::default();
        read(text, &lines, &mut raw);
        raw
    }

    fn grants(raw: &RawDeclarations) -> Vec<(TokenKind, String, usize)> {
        raw.grants
            .iter()
            .map(|(k, p, s, _)| {
                (
                    *k,
                    match p {
                        Perm::Id(i) | Perm::Name(i) => i.clone(),
                    },
                    s.start.line + 1,
                )
            })
            .collect()
    }

    const TF: &str = r#"# The collector's registration
data "azuread_application_published_app_ids" "well_known" {}

resource "azuread_service_principal" "msgraph" {
  client_id    = data.azuread_application_published_app_ids.well_known.result["MicrosoftGraph"]
  use_existing = true
}

locals {
  graph = "00000003-0000-0000-c000-000000000000"
}

resource "azuread_application" "collector" {
  display_name = "soc-collector"

  required_resource_access {
    resource_app_id = azuread_service_principal.msgraph.client_id # Microsoft Graph

    resource_access {
      id   = azuread_service_principal.msgraph.app_role_ids["SecurityAlert.ReadWrite.All"]
      type = "Role"
    }
    resource_access {
      id   = "e1fe6dd8-ba31-4d61-89e7-88639da4683d" // User.Read
      type = "Scope"
    }
  }

  required_resource_access {
    resource_app_id = local.graph
    resource_access {
      id   = data.azuread_service_principal.graph.oauth2_permission_scope_ids["SecurityIncident.Read.All"]
      type = "Scope"
    }
  }

  required_resource_access {
    resource_app_id = "fc780465-2017-40d4-a0c5-307022471b92"
    resource_access {
      id   = "ea8291d3-4b9a-44b5-bc3a-6cea3026dc79"
      type = "Role"
    }
  }
}
"#;

    #[test]
    fn guids_and_names_through_service_principals_locals_and_data_sources() {
        let raw = run(TF);
        assert_eq!(
            grants(&raw),
            [
                (TokenKind::Application, "SecurityAlert.ReadWrite.All".to_owned(), 20),
                (TokenKind::Delegated, "e1fe6dd8-ba31-4d61-89e7-88639da4683d".to_owned(), 24),
                (TokenKind::Delegated, "SecurityIncident.Read.All".to_owned(), 32),
            ]
        );
        assert_eq!(raw.registrations.len(), 1);
        let r = &raw.registrations[0];
        assert_eq!(
            (r.span.start.line + 1, r.identity.as_deref(), r.complete),
            (13, Some("tf:azuread_application.collector"), true)
        );
        assert_eq!(raw.notes.len(), 1, "{:?}", raw.notes);
        assert!(raw.notes[0].message.contains("not Microsoft Graph"));
        let (_, _, span, _) = &raw.grants[0];
        assert_eq!(&TF.lines().nth(19).unwrap()[span.start.byte..span.end.byte], "SecurityAlert.ReadWrite.All");
    }

    #[test]
    fn api_access_resources_belong_to_their_application() {
        let text = r#"resource "azuread_application_registration" "app" { display_name = "x" }
resource "azuread_application_api_access" "graph" {
  application_id = azuread_application_registration.app.id
  api_client_id  = "00000003-0000-0000-c000-000000000000"
  role_ids = [
    "df021288-bdef-4463-88db-98f22de89214",
    azuread_service_principal.msgraph.app_role_ids["Group.Read.All"],
  ]
  scope_ids = ["e1fe6dd8-ba31-4d61-89e7-88639da4683d"]
}
"#;
        let raw = run(text);
        assert_eq!(
            grants(&raw),
            [
                (TokenKind::Application, "df021288-bdef-4463-88db-98f22de89214".to_owned(), 6),
                (TokenKind::Application, "Group.Read.All".to_owned(), 7),
                (TokenKind::Delegated, "e1fe6dd8-ba31-4d61-89e7-88639da4683d".to_owned(), 9),
            ]
        );
        assert_eq!(raw.registrations[0].identity.as_deref(), Some("tf:azuread_application_registration.app"));
    }

    #[test]
    fn a_broken_file_is_read_as_far_as_it_goes_and_marks_its_app_incomplete() {
        let cut = &TF[..TF.find("type = \"Scope\"").unwrap()];
        let raw = run(cut);
        assert!(raw.registrations.iter().all(|r| !r.complete), "{:?}", raw.registrations);
        assert!(raw.notes.iter().any(|n| n.message.contains("syntax error")), "{:?}", raw.notes);
        let garbage = run("resource \"azuread_application\" \"a\" {\n  required_resource_access {\n    resource_app_id = \"unterminated\n");
        assert!(garbage.registrations.iter().all(|r| !r.complete));
        // Strings, heredocs and comments that hold braces do not confuse the reader.
        let tricky = "resource \"azuread_application\" \"a\" {\n  description = <<EOT\n} { required_resource_access\nEOT\n  /* } */\n  tags = [\"}\"]\n  required_resource_access {\n    resource_app_id = \"00000003-0000-0000-c000-000000000000\"\n    resource_access {\n      id = \"df021288-bdef-4463-88db-98f22de89214\"\n      type = \"Role\"\n    }\n  }\n}\n";
        let raw = run(tricky);
        assert_eq!(grants(&raw).len(), 1);
        assert!(raw.registrations[0].complete, "{:?}", raw.notes);
    }

    #[test]
    fn dynamic_blocks_are_not_guessed() {
        let text = "resource \"azuread_application\" \"a\" {\n  dynamic \"required_resource_access\" {\n    for_each = var.apis\n    content {}\n  }\n}\n";
        let raw = run(text);
        assert!(!raw.registrations[0].complete);
        assert!(raw.notes[0].message.contains("dynamic"));
    }
}
