//! Bicep: `Microsoft.Graph/applications` resources of the Microsoft Graph Bicep extension (or any
//! resource body holding `requiredResourceAccess`), read into the shape of a JSON document so that
//! manifests, ARM templates and Bicep share one reading of `requiredResourceAccess`. Variables and
//! parameter defaults named in a value are followed to the literal they hold (a declaration's line
//! is then the line of that literal).

use std::borrow::Cow;
use std::collections::HashMap;

use super::json::{JStr, JVal};
use super::{RawDeclarations, Registration, Source};
use crate::lines::{Span, TextLines};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// Content range (quotes excluded), value, and whether it interpolates.
    Str {
        value: String,
        start: usize,
        end: usize,
        interp: bool,
    },
    Punct(u8),
    Other,
    Newline,
}

fn lex(text: &str) -> (Vec<(Tok, usize)>, Option<(usize, &'static str)>) {
    let b = text.as_bytes();
    let mut toks = Vec::new();
    let mut error = None;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        match b[i] {
            b'\n' => {
                toks.push((Tok::Newline, i));
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(e) => {
                    let end = i + 2 + e + 2;
                    for (k, _) in text[i..end].match_indices('\n') {
                        toks.push((Tok::Newline, i + k));
                    }
                    i = end;
                }
                None => {
                    error.get_or_insert((i, "a comment that never ends"));
                    i = b.len();
                }
            },
            b'\'' if text[i..].starts_with("'''") => match text[i + 3..].find("'''") {
                Some(e) => {
                    let (s, en) = (i + 3, i + 3 + e);
                    toks.push((Tok::Str { value: text[s..en].to_owned(), start: s, end: en, interp: false }, i));
                    i = en + 3;
                }
                None => {
                    error.get_or_insert((i, "a multi-line string that never ends"));
                    i = b.len();
                }
            },
            b'\'' => {
                i += 1;
                let body = i;
                let mut value = String::new();
                let mut interp = false;
                let mut depth = 0usize;
                let mut closed = false;
                while i < b.len() {
                    match b[i] {
                        b'\\' if depth == 0 => {
                            let next = text[i + 1..].chars().next();
                            match next {
                                Some('n') => value.push('\n'),
                                Some('t') => value.push('\t'),
                                Some(c) => value.push(c),
                                None => {}
                            }
                            i += 1 + next.map_or(0, char::len_utf8);
                        }
                        b'$' if b.get(i + 1) == Some(&b'{') => {
                            interp = true;
                            depth += 1;
                            value.push_str("${");
                            i += 2;
                        }
                        b'}' if depth > 0 => {
                            depth -= 1;
                            value.push('}');
                            i += 1;
                        }
                        b'\'' if depth == 0 => {
                            toks.push((
                                Tok::Str { value: std::mem::take(&mut value), start: body, end: i, interp },
                                start,
                            ));
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\n' if depth == 0 => break,
                        _ => {
                            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                            value.push(c);
                            i += c.len_utf8();
                        }
                    }
                }
                if !closed {
                    error.get_or_insert((start, "a string that is never closed"));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'@' => {
                i += 1;
                while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
                    i += 1;
                }
                toks.push((Tok::Ident(text[start..i].to_owned()), start));
            }
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b',' | b':' | b'.' | b'=' => {
                let c = b[i];
                i += 1;
                if c == b'=' && matches!(b.get(i), Some(b'=' | b'~')) {
                    i += 1;
                    toks.push((Tok::Other, start));
                } else {
                    toks.push((Tok::Punct(c), start));
                }
            }
            _ => {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                toks.push((Tok::Other, start));
            }
        }
    }
    (toks, error)
}

#[derive(Debug, Clone)]
enum BVal {
    Object(usize, Vec<(String, usize, usize, BVal)>),
    Array(usize, Vec<BVal>),
    Str { value: String, start: usize, end: usize, interp: bool },
    Ref(String, usize),
    Other(usize),
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    error: Option<(usize, &'static str)>,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|(t, _)| t)
    }
    fn at(&self) -> usize {
        self.toks.get(self.i).map_or(usize::MAX, |(_, a)| *a)
    }
    fn fail(&mut self, msg: &'static str) {
        let at = self.at();
        self.error.get_or_insert((at, msg));
    }
    fn newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
    }
    /// Past the rest of a value that is not a literal, up to a line break, `,` or a closing
    /// bracket at this depth.
    fn skip_rest(&mut self) {
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

    fn value(&mut self) -> BVal {
        let at = self.at();
        if self.depth > 64 {
            self.fail("nesting too deep");
            self.skip_rest();
            return BVal::Other(at);
        }
        let v = match self.peek().cloned() {
            Some(Tok::Str { value, start, end, interp }) => {
                self.i += 1;
                BVal::Str { value, start, end, interp }
            }
            Some(Tok::Ident(name)) => {
                self.i += 1;
                if matches!(self.peek(), Some(Tok::Punct(b'(' | b'.' | b'['))) {
                    self.skip_rest();
                    return BVal::Other(at);
                }
                BVal::Ref(name, at)
            }
            Some(Tok::Punct(b'{')) => {
                self.i += 1;
                self.depth += 1;
                let mut entries = Vec::new();
                loop {
                    self.newlines();
                    let (key, ks, ke) = match self.peek().cloned() {
                        Some(Tok::Punct(b'}')) => {
                            self.i += 1;
                            break;
                        }
                        None => {
                            self.fail("an object that is never closed");
                            break;
                        }
                        Some(Tok::Ident(k)) => {
                            let s = self.at();
                            (k.clone(), s, s + k.len())
                        }
                        Some(Tok::Str { value, start, end, .. }) => (value, start - 1, end + 1),
                        _ => {
                            self.fail("expected a property name");
                            self.i += 1;
                            self.skip_rest();
                            continue;
                        }
                    };
                    self.i += 1;
                    if self.peek() != Some(&Tok::Punct(b':')) {
                        self.fail("expected ':' after a property name");
                        self.skip_rest();
                        continue;
                    }
                    self.i += 1;
                    let v = self.value();
                    entries.push((key, ks, ke, v));
                    if self.peek() == Some(&Tok::Punct(b',')) {
                        self.i += 1;
                    }
                }
                self.depth -= 1;
                BVal::Object(at, entries)
            }
            Some(Tok::Punct(b'[')) => {
                self.i += 1;
                self.depth += 1;
                let mut items = Vec::new();
                self.newlines();
                if self.peek() == Some(&Tok::Ident("for".to_owned())) {
                    // `[for x in xs: …]`: computed, not literal.
                    self.i -= 1;
                    self.skip_rest();
                    self.depth -= 1;
                    return BVal::Other(at);
                }
                loop {
                    self.newlines();
                    match self.peek() {
                        Some(Tok::Punct(b']')) => {
                            self.i += 1;
                            break;
                        }
                        None => {
                            self.fail("an array that is never closed");
                            break;
                        }
                        _ => {}
                    }
                    let before = self.i;
                    items.push(self.value());
                    if self.peek() == Some(&Tok::Punct(b',')) {
                        self.i += 1;
                    }
                    if self.i == before {
                        self.i += 1;
                    }
                }
                self.depth -= 1;
                BVal::Array(at, items)
            }
            _ => {
                self.skip_rest();
                return BVal::Other(at);
            }
        };
        // `a ? b : c`, `x == y`, … : not a literal.
        match self.peek() {
            None | Some(Tok::Newline | Tok::Punct(b',' | b'}' | b']' | b')')) => v,
            _ => {
                self.skip_rest();
                BVal::Other(at)
            }
        }
    }
}

/// A Bicep file's top level: variables and parameter defaults by name, resources in order.
struct File {
    names: HashMap<String, BVal>,
    resources: Vec<(String, usize, BVal)>,
}

fn parse(text: &str) -> (File, Option<(usize, &'static str)>) {
    let (toks, lex_error) = lex(text);
    let mut p = Parser { toks, i: 0, error: None, depth: 0 };
    let mut f = File { names: HashMap::new(), resources: Vec::new() };
    loop {
        p.newlines();
        let Some(t) = p.peek().cloned() else { break };
        let start = p.at();
        match t {
            Tok::Ident(k) if k == "var" || k == "param" => {
                p.i += 1;
                let Some(Tok::Ident(name)) = p.peek().cloned() else {
                    p.skip_rest();
                    continue;
                };
                p.i += 1;
                // `param name type = value`: skip the type.
                while !matches!(p.peek(), None | Some(Tok::Newline | Tok::Punct(b'='))) {
                    p.i += 1;
                }
                if p.peek() == Some(&Tok::Punct(b'=')) {
                    p.i += 1;
                    p.newlines();
                    let v = p.value();
                    f.names.insert(name, v);
                }
            }
            Tok::Ident(k) if k == "resource" => {
                p.i += 1;
                let mut typ = String::new();
                while !matches!(p.peek(), None | Some(Tok::Newline | Tok::Punct(b'='))) {
                    if let Some(Tok::Str { value, .. }) = p.peek() {
                        typ = value.clone();
                    }
                    p.i += 1;
                }
                if p.peek() == Some(&Tok::Punct(b'=')) {
                    p.i += 1;
                    p.newlines();
                    let v = p.value();
                    f.resources.push((typ, start, v));
                }
            }
            Tok::Punct(b'}' | b']') => {
                p.fail("a closing bracket without its opener");
                p.i += 1;
            }
            _ => {
                // `extension`, `targetScope`, `output`, `module`, … : values may hold braces.
                p.i += 1;
                while !matches!(p.peek(), None | Some(Tok::Newline)) {
                    if matches!(p.peek(), Some(Tok::Punct(b'{' | b'['))) {
                        let _ = p.value();
                    } else {
                        p.i += 1;
                    }
                }
            }
        }
    }
    (f, lex_error.or(p.error))
}

/// The value as a JSON-shaped document; names follow variables (at most 8 deep). Names that do
/// not lead to a literal become a string holding the name, which no check accepts as a GUID.
fn to_json<'t>(v: &BVal, names: &HashMap<String, BVal>, depth: usize) -> JVal<'t> {
    match v {
        BVal::Object(at, entries) => JVal::Object {
            start: *at,
            entries: entries
                .iter()
                .map(|(k, ks, ke, v)| {
                    (JStr { value: Cow::Owned(k.clone()), start: *ks, end: *ke }, to_json(v, names, depth))
                })
                .collect(),
        },
        BVal::Array(at, items) => {
            JVal::Array { start: *at, items: items.iter().map(|i| to_json(i, names, depth)).collect() }
        }
        // Offsets include the quotes, as for JSON.
        BVal::Str { value, start, end, interp: false } => {
            JVal::Str(JStr { value: Cow::Owned(value.clone()), start: start - 1, end: end + 1 })
        }
        BVal::Str { start, .. } => JVal::Scalar(*start),
        BVal::Ref(name, at) => match names.get(name) {
            Some(target) if depth < 8 => to_json(target, names, depth + 1),
            _ => JVal::Str(JStr {
                value: Cow::Owned(format!("{name} (an expression)")),
                start: *at,
                end: *at + name.len(),
            }),
        },
        BVal::Other(at) => JVal::Scalar(*at),
    }
}

pub fn read(text: &str, lines: &TextLines, raw: &mut RawDeclarations) {
    if !text.contains("equiredResourceAccess") {
        return;
    }
    let (file, error) = parse(text);
    let first = raw.registrations.len();
    for (_, _, body) in &file.resources {
        let doc = to_json(body, &file.names, 0);
        super::sources::required_resource_access(&doc, Source::Bicep, &|v| Some(v.trim().to_owned()), lines, raw);
    }
    if let Some((at, msg)) = error {
        let at = lines.pos_of(at.min(text.len()));
        if raw.registrations.len() == first {
            let start = lines.pos_of(text.find("equiredResourceAccess").map_or(0, |i| i - 1));
            raw.add_registration(Registration {
                source: Source::Bicep,
                span: Span { start, end: start },
                identity: None,
                app_id: None,
                complete: false,
            });
        }
        for r in &mut raw.registrations[first..] {
            r.complete = false;
        }
        raw.note(
            Some(at.line),
            format!(
                "Bicep syntax error at line {} ({msg}); the app declared here is not checked until it is fixed",
                at.line + 1
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::TokenKind;
    use crate::workspace::Perm;

    fn run(text: &str) -> RawDeclarations {
        let lines = TextLines::new(text);
        let mut raw = RawDeclarations::default();
        read(text, &lines, &mut raw);
        raw
    }

    const BICEP: &str = r#"extension microsoftGraphV1

@description('Microsoft Graph')
var graphAppId = '00000003-0000-0000-c000-000000000000'
param readAlerts string = '472e4a4d-bb4a-4026-98d1-0b0d74cb74a5'

resource collector 'Microsoft.Graph/applications@v1.0' = {
  displayName: 'soc-collector'
  uniqueName: 'soc-collector'
  tags: [ 'a', 'b' ]
  requiredResourceAccess: [
    {
      resourceAppId: graphAppId
      resourceAccess: [
        { id: readAlerts, type: 'Role' }
        {
          id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d' // User.Read
          type: 'Scope'
        }
      ]
    }
  ]
}

output appId string = collector.appId
"#;

    #[test]
    fn graph_applications_with_variables_and_parameters() {
        let raw = run(BICEP);
        let got: Vec<(TokenKind, Perm, usize)> =
            raw.grants.iter().map(|(k, p, s, _)| (*k, p.clone(), s.start.line + 1)).collect();
        assert_eq!(
            got,
            [
                (TokenKind::Application, Perm::Id("472e4a4d-bb4a-4026-98d1-0b0d74cb74a5".into()), 5),
                (TokenKind::Delegated, Perm::Id("e1fe6dd8-ba31-4d61-89e7-88639da4683d".into()), 17),
            ]
        );
        let r = &raw.registrations[0];
        assert_eq!((r.source, r.span.start.line + 1, r.complete), (Source::Bicep, 11, true));
        assert!(raw.notes.is_empty(), "{:?}", raw.notes);
    }

    #[test]
    fn a_broken_bicep_file_is_an_incomplete_registration_with_a_note() {
        let cut = &BICEP[..BICEP.find("type: 'Scope'").unwrap()];
        let raw = run(cut);
        assert!(!raw.registrations.is_empty() && raw.registrations.iter().all(|r| !r.complete));
        assert!(raw.notes.iter().any(|n| n.message.contains("Bicep syntax error")), "{:?}", raw.notes);
    }
}
