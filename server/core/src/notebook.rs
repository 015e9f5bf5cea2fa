//! Jupyter notebooks (`docs/behaviour.md`, "Code inside documents"): the code cells are read as
//! one program in the notebook's language, and every position is mapped back to the characters of
//! the `.ipynb` file itself (escapes included). The rest of the file (outputs, Markdown cells) is
//! read as text, so a token printed in an output is still found.

use crate::analysis::{analyze_text_plain, Analysis, Context};
use crate::context::{FileInfo, FileKind, Lang};
use crate::finding::TokenRef;
use crate::lines::{Pos, Span, TextLines};

/// The code of a notebook and the way back to the file.
pub struct Code {
    pub lang: Option<Lang>,
    /// The code cells' sources, unescaped, one after the other, each ending with a line break.
    pub text: String,
    /// For each byte of `text`: the byte range in the file of what produced it (a character, or
    /// an escape); `None` for the line breaks added between cells.
    map: Vec<Option<(u32, u32)>>,
    /// The byte ranges in the file of the cells' source strings.
    pub sources: Vec<(usize, usize)>,
}

/// A tiny reader of JSON that keeps where each string is.
struct Json<'a> {
    b: &'a [u8],
    i: usize,
}

#[derive(Debug)]
enum Value {
    Str(usize, usize),
    Arr(Vec<Value>),
    Obj(Vec<((usize, usize), Value)>),
    Other,
}

const MAX_DEPTH: usize = 64;

impl Json<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    /// A string token: the range of its contents (without quotes).
    fn string(&mut self) -> Option<(usize, usize)> {
        if self.b.get(self.i) != Some(&b'"') {
            return None;
        }
        let start = self.i + 1;
        let mut k = start;
        while k < self.b.len() {
            match self.b[k] {
                b'\\' => k += 2,
                b'"' => {
                    self.i = k + 1;
                    return Some((start, k));
                }
                _ => k += 1,
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.b.get(self.i)? {
            b'"' => self.string().map(|(s, e)| Value::Str(s, e)),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Some(Value::Arr(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b']' => {}
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.i += 1;
                let mut members = Vec::new();
                loop {
                    self.ws();
                    if self.b.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Some(Value::Obj(members));
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return None;
                    }
                    self.i += 1;
                    members.push((key, self.value(depth + 1)?));
                    self.ws();
                    match self.b.get(self.i)? {
                        b',' => self.i += 1,
                        b'}' => {}
                        _ => return None,
                    }
                }
            }
            _ => {
                while self.i < self.b.len() && !matches!(self.b[self.i], b',' | b']' | b'}') {
                    self.i += 1;
                }
                Some(Value::Other)
            }
        }
    }
}

fn key_is(text: &str, k: (usize, usize), want: &str) -> bool {
    &text[k.0..k.1] == want
}

fn member<'v>(text: &str, members: &'v [((usize, usize), Value)], want: &str) -> Option<&'v Value> {
    members.iter().find(|(k, _)| key_is(text, *k, want)).map(|(_, v)| v)
}

/// Appends the unescaped contents of the JSON string at `s..e` of `text`.
fn unescape(text: &str, s: usize, e: usize, out: &mut String, map: &mut Vec<Option<(u32, u32)>>) {
    let b = text.as_bytes();
    let mut i = s;
    while i < e {
        if b[i] == b'\\' && i + 1 < e {
            let (ch, len) = match b[i + 1] {
                b'n' => ('\n', 2),
                b't' => ('\t', 2),
                b'r' => ('\r', 2),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'u' if i + 6 <= e => {
                    let hex = u32::from_str_radix(&text[i + 2..i + 6], 16).unwrap_or(0xfffd);
                    // Surrogate pairs: read the second half when it follows.
                    if (0xd800..0xdc00).contains(&hex) && i + 12 <= e && &text[i + 6..i + 8] == "\\u" {
                        let lo = u32::from_str_radix(&text[i + 8..i + 12], 16).unwrap_or(0);
                        let c = char::from_u32(0x10000 + ((hex - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff));
                        (c.unwrap_or('\u{fffd}'), 12)
                    } else {
                        (char::from_u32(hex).unwrap_or('\u{fffd}'), 6)
                    }
                }
                other => (other as char, 2),
            };
            let n = ch.len_utf8();
            out.push(ch);
            map.extend(std::iter::repeat_n(Some((i as u32, (i + len) as u32)), n));
            i += len;
        } else {
            let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
            let n = ch.len_utf8();
            out.push(ch);
            for k in 0..n {
                map.push(Some(((i + k) as u32, (i + k + 1) as u32)));
            }
            i += n.max(1);
        }
    }
}

fn lang_named(name: &str) -> Option<Lang> {
    match name.to_ascii_lowercase().as_str() {
        "python" | "python3" | "ipython" => Some(Lang::Python),
        "powershell" | "pwsh" => Some(Lang::PowerShell),
        "c#" | "csharp" | ".net-csharp" => Some(Lang::CSharp),
        "javascript" | "typescript" | "js" | "ts" => Some(Lang::Js),
        "go" => Some(Lang::Go),
        "java" => Some(Lang::Java),
        _ => None,
    }
}

/// The code cells of a notebook, or `None` when the text is not a notebook's JSON.
pub fn code_cells(text: &str) -> Option<Code> {
    let mut j = Json { b: text.as_bytes(), i: 0 };
    let Value::Obj(top) = j.value(0)? else { return None };
    let Value::Arr(cells) = member(text, &top, "cells")? else { return None };
    // The notebook's language: language_info.name, else kernelspec.language; Python by default.
    let mut lang = Some(Lang::Python);
    if let Some(Value::Obj(meta)) = member(text, &top, "metadata") {
        let named = |outer: &str, key: &str| -> Option<Option<Lang>> {
            let Some(Value::Obj(o)) = member(text, meta, outer) else { return None };
            match member(text, o, key) {
                Some(Value::Str(s, e)) => Some(lang_named(&text[*s..*e])),
                _ => None,
            }
        };
        if let Some(l) = named("language_info", "name").or_else(|| named("kernelspec", "language")) {
            lang = l;
        }
    }
    let mut code = Code { lang, text: String::new(), map: Vec::new(), sources: Vec::new() };
    for cell in cells {
        let Value::Obj(c) = cell else { continue };
        if !matches!(member(text, c, "cell_type"), Some(Value::Str(s, e)) if &text[*s..*e] == "code") {
            continue;
        }
        let strings: Vec<(usize, usize)> = match member(text, c, "source") {
            Some(Value::Str(s, e)) => vec![(*s, *e)],
            Some(Value::Arr(items)) => {
                items.iter().filter_map(|v| if let Value::Str(s, e) = v { Some((*s, *e)) } else { None }).collect()
            }
            _ => continue,
        };
        for (s, e) in strings {
            unescape(text, s, e, &mut code.text, &mut code.map);
            code.sources.push((s, e));
        }
        if !code.text.ends_with('\n') {
            code.text.push('\n');
            code.map.push(None);
        }
    }
    Some(code)
}

impl Code {
    /// The file range of the code range `start..end` (byte offsets in `text`).
    fn file_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = (start..end.max(start + 1)).find_map(|k| self.map.get(k).copied().flatten())?;
        let last = (start..end).rev().find_map(|k| self.map.get(k).copied().flatten()).unwrap_or(first);
        Some((first.0 as usize, last.1 as usize))
    }
}

/// Maps spans of the code to spans of the file.
struct Mapper<'a> {
    code: &'a Code,
    code_lines: TextLines<'a>,
    file_lines: TextLines<'a>,
}

impl Mapper<'_> {
    fn span(&self, s: Span) -> Option<Span> {
        let a = self.code_lines.line_start(s.start.line) + s.start.byte;
        let b = self.code_lines.line_start(s.end.line) + s.end.byte;
        let (fa, fb) = self.code.file_range(a, b)?;
        Some(Span { start: self.file_lines.pos_of(fa), end: self.file_lines.pos_of(fb) })
    }
}

/// Analyses a notebook: its code cells as code, the rest as text.
pub fn analyze(text: &str, file: &FileInfo, ctx: &Context<'_>) -> Analysis {
    let plain = FileInfo { kind: FileKind::Other, lang: None, ..*file };
    let Some(code) = code_cells(text) else {
        return analyze_text_plain(text, &plain, ctx);
    };
    let code_info = FileInfo { kind: FileKind::Other, lang: code.lang, ..*file };
    let mut a = analyze_text_plain(&code.text, &code_info, ctx);
    let m = Mapper { code: &code, code_lines: TextLines::new(&code.text), file_lines: TextLines::new(text) };
    // Everything found in the code, at its place in the file; what cannot be placed is dropped.
    a.findings.retain_mut(|f| {
        let Some(span) = m.span(f.span) else { return false };
        f.span = span;
        f.token = f.token.take().and_then(|t| map_token(&m, t));
        // A fix rewrites the file only where the file spells what the code says.
        f.fix = f.fix.take().and_then(|mut fix| {
            let s = m.span(fix.span)?;
            let written = slice(text, &m.file_lines, s)?;
            let code_written = slice(&code.text, &m.code_lines, fix.span)?;
            fix.span = s;
            (written == code_written).then_some(fix)
        });
        true
    });
    a.tokens.retain_mut(|t| m.span(t.span).map(|s| t.span = s).is_some());
    a.urls.retain_mut(|u| {
        u.path_span = u.path_span.and_then(|p| m.span(p));
        m.span(u.span).map(|s| u.span = s).is_some()
    });
    a.declarations.retain_mut(|d| m.span(d.decl.span).map(|s| d.decl.span = s).is_some());
    // The rest of the file: what lies outside the code cells' sources.
    let rest = analyze_text_plain(text, &plain, ctx);
    let offset = |p: Pos| m.file_lines.line_start(p.line) + p.byte;
    let in_code = |s: Span| {
        let o = offset(s.start);
        code.sources.iter().any(|(a, b)| *a <= o && o <= *b)
    };
    let base_tokens = a.tokens.len();
    let base_decls = a.declarations.len();
    for t in rest.tokens.iter().filter(|t| !in_code(t.span)) {
        a.tokens.push(t.clone());
    }
    for d in rest.declarations.iter().filter(|d| !in_code(d.decl.span)) {
        a.declarations.push(d.clone());
    }
    for mut u in rest.urls.into_iter().filter(|u| !in_code(u.span)) {
        u.assoc = shift_assoc(u.assoc, base_tokens, base_decls);
        a.urls.push(u);
    }
    a.findings.extend(rest.findings.into_iter().filter(|f| !in_code(f.span)));
    a.findings.sort_by(|x, y| (x.span.start, x.rule.id()).cmp(&(y.span.start, y.rule.id())));
    a.findings.dedup_by(|x, y| x.span == y.span && x.rule == y.rule);
    a.urls.sort_by_key(|u| u.span.start);
    a
}

fn shift_assoc(a: crate::analysis::Assoc, tokens: usize, decls: usize) -> crate::analysis::Assoc {
    use crate::analysis::Assoc;
    match a {
        Assoc::File(i) => Assoc::File(i + tokens),
        Assoc::Declared(i) => Assoc::Declared(i + decls),
        other => other,
    }
}

fn map_token(m: &Mapper<'_>, t: TokenRef) -> Option<TokenRef> {
    Some(match t {
        TokenRef::File { span, kind } => TokenRef::File { span: m.span(span)?, kind },
        TokenRef::Declared { span } => TokenRef::Declared { span: m.span(span)? },
        other => other,
    })
}

fn slice<'t>(text: &'t str, lines: &TextLines<'_>, s: Span) -> Option<&'t str> {
    let a = lines.line_start(s.start.line) + s.start.byte;
    let b = lines.line_start(s.end.line) + s.end.byte;
    text.get(a..b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NB: &str = r#"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["See https://graph.microsoft.com/v1.0/security/alerts"]},
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import requests\n",
    "url = \"https://graph.microsoft.com/v1.0/security/alerts\"\n",
    "r = requests.patch(url, json={\"status\": \"resolved\"})"
   ]
  },
  {"cell_type": "code", "source": "client.security.alerts_v2.get()\nGRAPH = \"x\u00e9\""}
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4
}"#;

    #[test]
    fn code_cells_are_unescaped_with_the_way_back() {
        let code = code_cells(NB).unwrap();
        assert_eq!(code.lang, Some(Lang::Python));
        assert!(code.text.starts_with("import requests\nurl = \"https://graph"), "{}", code.text);
        assert!(code.text.contains("requests.patch(url, json={\"status\": \"resolved\"})\nclient.security"));
        assert!(code.text.ends_with("GRAPH = \"xé\"\n"));
        let at = code.text.find("https://").unwrap();
        let (s, _) = code.file_range(at, at + 8).unwrap();
        assert_eq!(&NB[s..s + 8], "https://");
        let q = code.text.find("\"status").unwrap();
        assert_eq!(code.file_range(q, q + 1).map(|(a, b)| &NB[a..b]), Some("\\\""));
    }

    #[test]
    fn not_a_notebook_is_none() {
        assert!(code_cells("{\"cells\": 3}").is_none());
        assert!(code_cells("[1, 2]").is_none());
        assert!(code_cells("{\"cells\": [").is_none());
    }
}
