//! A JSON reader that keeps where each value is: app manifests, ARM templates and `appsettings.json`
//! are read for the line of each permission entry, which `serde_json` does not give. Lenient where
//! those files are (comments, trailing commas: ARM templates and `appsettings.json` allow both),
//! strict everywhere else: a file that does not parse is reported, never half-read.

use std::borrow::Cow;

/// A string value or key, with the byte range of its literal (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JStr<'a> {
    pub value: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JVal<'a> {
    Object {
        start: usize,
        entries: Vec<(JStr<'a>, JVal<'a>)>,
    },
    Array {
        start: usize,
        items: Vec<JVal<'a>>,
    },
    Str(JStr<'a>),
    /// A number, `true`, `false` or `null`, at this offset.
    Scalar(usize),
}

impl<'a> JVal<'a> {
    pub fn start(&self) -> usize {
        match self {
            JVal::Object { start, .. } | JVal::Array { start, .. } | JVal::Scalar(start) => *start,
            JVal::Str(s) => s.start,
        }
    }

    /// The value of `key` (case-insensitive, as Entra and ARM read property names), with the key.
    pub fn get(&self, key: &str) -> Option<(&JStr<'a>, &JVal<'a>)> {
        match self {
            JVal::Object { entries, .. } => {
                entries.iter().find(|(k, _)| k.value.eq_ignore_ascii_case(key)).map(|(k, v)| (k, v))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&JStr<'a>> {
        match self {
            JVal::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn items(&self) -> &[JVal<'a>] {
        match self {
            JVal::Array { items, .. } => items,
            _ => &[],
        }
    }

    /// Every object in this value, depth first, itself included.
    pub fn objects<'s>(&'s self, out: &mut Vec<&'s JVal<'a>>) {
        match self {
            JVal::Object { entries, .. } => {
                out.push(self);
                for (_, v) in entries {
                    v.objects(out);
                }
            }
            JVal::Array { items, .. } => {
                for v in items {
                    v.objects(out);
                }
            }
            _ => {}
        }
    }
}

/// Why a text is not JSON: the byte offset and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

/// Nesting deeper than this is not a manifest: refuse rather than recurse without bound.
const MAX_DEPTH: usize = 128;

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

/// Parses one JSON document (comments and trailing commas allowed).
pub fn parse(text: &str) -> Result<JVal<'_>, JsonError> {
    let mut p = Parser { text, b: text.as_bytes(), i: 0 };
    // A byte-order mark is not content.
    if text.starts_with('\u{feff}') {
        p.i = 3;
    }
    let v = p.value(0)?;
    p.skip_ws()?;
    if p.i < p.b.len() {
        return Err(p.err("text after the end of the document"));
    }
    Ok(v)
}

impl<'a> Parser<'a> {
    fn err(&self, message: &str) -> JsonError {
        JsonError { offset: self.i.min(self.b.len()), message: message.to_owned() }
    }

    fn skip_ws(&mut self) -> Result<(), JsonError> {
        loop {
            match self.b.get(self.i) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.i += 1,
                Some(b'/') if self.b.get(self.i + 1) == Some(&b'/') => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                Some(b'/') if self.b.get(self.i + 1) == Some(&b'*') => {
                    let rest = &self.text[self.i + 2..];
                    match rest.find("*/") {
                        Some(end) => self.i += 2 + end + 2,
                        None => return Err(self.err("a comment that never ends")),
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<JVal<'a>, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        self.skip_ws()?;
        let start = self.i;
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws()?;
                    match self.b.get(self.i) {
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(JVal::Object { start, entries });
                        }
                        Some(b'"') => {}
                        _ => return Err(self.err("expected a property name in double quotes or '}'")),
                    }
                    let key = self.string()?;
                    self.skip_ws()?;
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("expected ':' after a property name"));
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    entries.push((key, v));
                    self.skip_ws()?;
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {}
                        _ => return Err(self.err("expected ',' or '}' in an object")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws()?;
                    if self.b.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(JVal::Array { start, items });
                    }
                    items.push(self.value(depth + 1)?);
                    self.skip_ws()?;
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => return Err(self.err("expected ',' or ']' in an array")),
                    }
                }
            }
            Some(b'"') => Ok(JVal::Str(self.string()?)),
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                while self.b.get(self.i).is_some_and(|c| c.is_ascii_digit() || b"+-.eE".contains(c)) {
                    self.i += 1;
                }
                Ok(JVal::Scalar(start))
            }
            Some(_) => {
                for word in ["true", "false", "null"] {
                    if self.text[self.i..].starts_with(word) {
                        self.i += word.len();
                        return Ok(JVal::Scalar(start));
                    }
                }
                Err(self.err("expected a value"))
            }
            None => Err(self.err("the document ends where a value was expected")),
        }
    }

    fn string(&mut self) -> Result<JStr<'a>, JsonError> {
        let start = self.i;
        self.i += 1;
        let body = self.i;
        let mut escaped = false;
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'"' => {
                    let raw = &self.text[body..self.i];
                    self.i += 1;
                    let value = if escaped { Cow::Owned(unescape(raw)) } else { Cow::Borrowed(raw) };
                    return Ok(JStr { value, start, end: self.i });
                }
                b'\\' => {
                    escaped = true;
                    self.i += 2;
                }
                b'\n' => return Err(self.err("a string that runs past the end of its line")),
                _ => self.i += 1,
            }
        }
        Err(self.err("a string that never ends"))
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut it = raw.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = it.by_ref().take(4).collect();
                out.push(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_offsets() {
        let text = "{\n  // a comment\n  \"a\": [\"x\", 1, true,],\n  \"B\": {\"c\": \"d\\\"e\"}\n}";
        let v = parse(text).unwrap();
        let (k, a) = v.get("a").unwrap();
        assert_eq!(&text[k.start..k.end], "\"a\"");
        let x = a.items()[0].as_str().unwrap();
        assert_eq!((x.value.as_ref(), &text[x.start..x.end]), ("x", "\"x\""));
        let (_, b) = v.get("b").unwrap();
        assert_eq!(b.get("c").unwrap().1.as_str().unwrap().value, "d\"e");
        let mut objs = Vec::new();
        v.objects(&mut objs);
        assert_eq!(objs.len(), 2);
    }

    #[test]
    fn broken_documents_say_where() {
        for (text, want) in [
            ("{\"a\": [1, 2}", "expected ',' or ']'"),
            ("{\"a\" 1}", "expected ':'"),
            ("{\"a\": \"x", "never ends"),
            ("[1] 2", "text after"),
            ("", "ends where a value"),
            ("{a: 1}", "property name"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text}: {e:?}");
        }
        let deep = "[".repeat(500);
        assert!(parse(&deep).unwrap_err().message.contains("too deep"));
    }
}
