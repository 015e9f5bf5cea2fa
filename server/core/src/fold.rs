//! URLs built from parts (`docs/behaviour.md`, "URLs built from parts"): string variables and
//! constants assigned a literal in the same file are substituted where an interpolation or a `+`
//! concatenation uses them, so that `f"{GRAPH}/security/alerts"` with `GRAPH =
//! "https://graph.microsoft.com/v1.0"` is the Graph call it is.

use crate::code::{self, Kind, Syntax, Token};
use crate::lines::{LineSource, Span};

/// How far from a use an assignment is looked for, in lines: the nearest above within this
/// reach, else the first within this reach of the top of the file.
const REACH: usize = 2000;

/// The string literals assigned to names in one file, looked up on demand.
pub struct Vars<'a> {
    pub src: &'a dyn LineSource,
    pub syntax: Syntax,
}

/// A literal assigned to a name: its text (as written, without quotes) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    pub value: String,
    /// The literal's contents.
    pub span: Span,
    /// Whether its `{…}` / `$…` parts are code (an f-string, a template, PowerShell `"…"`).
    pub interpolates: bool,
}

/// The bare name a reference to a variable uses: `$uri`, `${uri}`, `$($uri)` and `$script:uri`
/// are `uri` in PowerShell; `self.url`, `this.url` keep their owner.
pub fn bare_name(written: &str) -> &str {
    let n = written.trim();
    let n = n.strip_prefix("$(").and_then(|r| r.strip_suffix(')')).unwrap_or(n);
    let n = n.strip_prefix("${").and_then(|r| r.strip_suffix('}')).unwrap_or(n);
    let n = n.strip_prefix('$').unwrap_or(n);
    match n.split_once(':') {
        Some((scope, rest)) if matches!(scope.to_ascii_lowercase().as_str(), "script" | "global" | "local") => rest,
        _ => n,
    }
}

impl Vars<'_> {
    fn same_name(&self, a: &str, b: &str) -> bool {
        if self.syntax == Syntax::PowerShell {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    }

    /// The literal `name` is assigned on `line`, if that line assigns it one.
    fn assignment_on(&self, name: &str, line: usize) -> Option<Assigned> {
        let text = self.src.line(line);
        let lower_hit = if self.syntax == Syntax::PowerShell {
            text.to_ascii_lowercase().contains(&name.to_ascii_lowercase())
        } else {
            text.contains(name)
        };
        if !lower_hit {
            return None;
        }
        let toks = code::lex(&text, self.syntax);
        let eq = toks.iter().position(|t| t.is_punct(b'='))?;
        if toks.get(eq + 1).is_some_and(|t| t.is_punct(b'=')) {
            return None;
        }
        // The name is the word before `=` (or before `:` of Go's `:=`), with `self.` / `this.`.
        let mut k = eq.checked_sub(1)?;
        if toks[k].is_punct(b':') {
            k = k.checked_sub(1)?;
        }
        let word = &toks[k];
        if word.kind != Kind::Word {
            return None;
        }
        let mut written = word.text(&text).to_owned();
        if k >= 2 && toks[k - 1].is_punct(b'.') && toks[k - 2].kind == Kind::Word {
            written = format!("{}.{written}", toks[k - 2].text(&text));
        }
        if !self.same_name(bare_name(&written), name) {
            return None;
        }
        // The value: one string literal, ending the statement.
        let lit = literal_after(&toks, eq + 1)?;
        let Kind::Str { interpolates, .. } = lit.kind else { return None };
        Some(Assigned {
            value: lit.inner_text(&text).to_owned(),
            span: Span::on_line(line, lit.inner.0, lit.inner.1),
            interpolates,
        })
    }

    /// The literal assigned to `name` that a use on `line` sees: the nearest assignment above,
    /// else the first in the file.
    pub fn lookup(&self, name: &str, line: usize) -> Option<Assigned> {
        let name = bare_name(name);
        if name.is_empty() {
            return None;
        }
        let low = line.saturating_sub(REACH);
        if let Some(a) =
            (low..=line.min(self.src.line_count().saturating_sub(1))).rev().find_map(|i| self.assignment_on(name, i))
        {
            return Some(a);
        }
        (line + 1..self.src.line_count().min(REACH)).find_map(|i| self.assignment_on(name, i))
    }

    /// The literal value of `name` at `line`, for a method held by a variable.
    pub fn value(&self, name: &str, line: usize) -> Option<String> {
        self.lookup(name, line).map(|a| a.value)
    }
}

/// The string literal at token `i`, when it is the whole value (possibly wrapped in a no-op call
/// such as `string.Format("…")` and followed by `;`).
fn literal_after(toks: &[Token], i: usize) -> Option<&Token> {
    let mut j = i;
    // Type casts and wrappers: `[string]`, `string.Format(`, `str(`, `new Uri(`.
    while j < toks.len() && !toks[j].is_str() && j - i < 6 {
        if !matches!(toks[j].kind, Kind::Word | Kind::Punct(b'.' | b'[' | b']' | b'(')) {
            return None;
        }
        j += 1;
    }
    let lit = toks.get(j)?;
    if !lit.is_str() {
        return None;
    }
    let rest = &toks[j + 1..];
    let ends = rest.iter().all(|t| matches!(t.kind, Kind::Punct(b';' | b')' | b',')));
    ends.then_some(lit)
}

/// How many substitutions one URL may go through (`docs/behaviour.md`, "URLs built from parts").
const DEPTH: usize = 8;

/// A string built from parts: its text, and for each stretch of it the literal it was written in
/// (`None` for a part that could not be resolved, written as a `{}` placeholder).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// `(start, end)` in `text`, and where that stretch is written (contents of a literal, byte
    /// for byte).
    pub parts: Vec<(usize, usize, Option<Span>)>,
    /// Whether any variable was substituted.
    pub substituted: bool,
}

impl Folded {
    fn push(&mut self, text: &str, at: Option<Span>) {
        if text.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.parts.push((start, self.text.len(), at));
    }
    fn hole(&mut self) {
        self.push("{}", None);
    }

    /// Where the text at `offset` is written, if in a literal.
    pub fn source_of(&self, offset: usize) -> Option<Span> {
        let &(start, _, at) = self.parts.iter().find(|(s, e, _)| *s <= offset && offset < *e)?;
        let at = at?;
        Some(Span::on_line(at.start.line, at.start.byte + (offset - start), at.start.byte + (offset - start)))
    }

    /// The literal holding the text at `offset`, whole.
    pub fn literal_of(&self, offset: usize) -> Option<Span> {
        self.parts.iter().find(|(s, e, _)| *s <= offset && offset < *e).and_then(|p| p.2)
    }
}

/// One interpolated part of a literal's contents: a name (`GRAPH`, `self.root`) or any code.
enum Hole<'t> {
    Name(&'t str),
    Code,
}

/// Splits a literal's contents into text and interpolations, per the syntax of its kind.
fn interpolations(contents: &str, syntax: Syntax) -> Vec<(usize, usize, Option<Hole<'_>>)> {
    let b = contents.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let simple = |s: &str| -> bool {
        !s.is_empty()
            && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b':')
            && !s.as_bytes()[0].is_ascii_digit()
    };
    while i < b.len() {
        let (len, name): (usize, Option<&str>) = match (syntax, b[i]) {
            (Syntax::PowerShell | Syntax::Shell, b'$') => {
                let rest = &contents[i + 1..];
                if let Some(inner) = rest.strip_prefix('(') {
                    // `$( … )`, balanced.
                    let mut depth = 1;
                    let close = inner.bytes().position(|c| {
                        match c {
                            b'(' => depth += 1,
                            b')' => depth -= 1,
                            _ => {}
                        }
                        depth == 0
                    });
                    match close {
                        Some(c) => {
                            let expr = inner[..c].trim();
                            let expr = expr.strip_prefix('$').filter(|e| simple(e));
                            (2 + c + 1, expr)
                        }
                        None => (1, None),
                    }
                } else if let Some(inner) = rest.strip_prefix('{') {
                    match inner.find('}') {
                        Some(c) => (2 + c + 1, Some(&inner[..c]).filter(|e| simple(e))),
                        None => (1, None),
                    }
                } else {
                    let n = rest.bytes().take_while(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b':').count();
                    if n == 0 {
                        i += 1;
                        continue;
                    }
                    (1 + n, Some(&rest[..n]))
                }
            }
            (Syntax::PowerShell, b'`') => {
                // An escaped character (`$ stays a dollar).
                i += 2;
                continue;
            }
            (Syntax::CLike { .. }, b'$') if b.get(i + 1) == Some(&b'{') => match contents[i + 2..].find('}') {
                Some(c) => (2 + c + 1, Some(contents[i + 2..i + 2 + c].trim()).filter(|e| simple(e))),
                None => (1, None),
            },
            (Syntax::Python | Syntax::CLike { .. }, b'{') => {
                if b.get(i + 1) == Some(&b'{') {
                    i += 2;
                    continue;
                }
                match contents[i + 1..].find('}') {
                    Some(c) => {
                        let expr = contents[i + 1..i + 1 + c].split([':', '!']).next().unwrap_or("").trim();
                        (1 + c + 1, Some(expr).filter(|e| simple(e)))
                    }
                    None => (1, None),
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        if i > text_start {
            out.push((text_start, i, None));
        }
        out.push((i, i + len, Some(name.map_or(Hole::Code, Hole::Name))));
        i += len;
        text_start = i;
    }
    if text_start < b.len() {
        out.push((text_start, b.len(), None));
    }
    out
}

impl Vars<'_> {
    /// Appends the value of a literal to `out`: its text, with interpolated names substituted.
    fn fold_literal(&self, contents: &str, at: Span, interpolates: bool, depth: usize, out: &mut Folded) {
        if !interpolates {
            out.push(contents, Some(at));
            return;
        }
        for (s, e, hole) in interpolations(contents, self.syntax) {
            match hole {
                None => {
                    out.push(&contents[s..e], Some(Span::on_line(at.start.line, at.start.byte + s, at.start.byte + e)))
                }
                Some(Hole::Name(name)) => self.fold_name(name, at.start.line, depth, out),
                Some(Hole::Code) => out.hole(),
            }
        }
    }

    /// Appends the value of the variable `name` seen from `line`, or a placeholder.
    fn fold_name(&self, name: &str, line: usize, depth: usize, out: &mut Folded) {
        match (depth < DEPTH).then(|| self.lookup(name, line)).flatten() {
            Some(a) => {
                out.substituted = true;
                self.fold_literal(&a.value, a.span, a.interpolates, depth + 1, out);
            }
            None => out.hole(),
        }
    }

    /// The string the expression around literal token `lit` of line `line` (lexed as `toks` from
    /// `text`) builds: the literal's own interpolations, and the operands of `+` concatenations
    /// on either side.
    pub fn fold_expression(&self, text: &str, toks: &[Token], lit: usize, line: usize) -> Folded {
        let operand = |t: &Token| matches!(t.kind, Kind::Str { .. } | Kind::Word);
        let is_concat = |t: &Token| t.is_punct(b'+');
        let mut first = lit;
        while first >= 2 && is_concat(&toks[first - 1]) && operand(&toks[first - 2]) {
            first -= 2;
            // `self.root`, `config.GRAPH`: a dotted name is one operand.
            while first >= 2 && toks[first - 1].is_punct(b'.') && toks[first - 2].kind == Kind::Word {
                first -= 2;
            }
        }
        let mut last = lit;
        while last + 2 < toks.len() && is_concat(&toks[last + 1]) && operand(&toks[last + 2]) {
            last += 2;
            while last + 2 < toks.len() && toks[last + 1].is_punct(b'.') && toks[last + 2].kind == Kind::Word {
                last += 2;
            }
            // A call or an index after a name is a value of its own: a placeholder.
            if toks.get(last + 1).is_some_and(|t| t.is_punct(b'(') || t.is_punct(b'[')) {
                break;
            }
        }
        let mut out = Folded::default();
        let mut i = first;
        while i <= last {
            let t = &toks[i];
            match t.kind {
                Kind::Str { interpolates, .. } => {
                    let at = Span::on_line(line, t.inner.0, t.inner.1);
                    self.fold_literal(t.inner_text(text), at, interpolates, 0, &mut out);
                    i += 1;
                }
                Kind::Word => {
                    let mut name = t.text(text).to_owned();
                    while i + 2 <= last && toks[i + 1].is_punct(b'.') && toks[i + 2].kind == Kind::Word {
                        name.push('.');
                        name.push_str(toks[i + 2].text(text));
                        i += 2;
                    }
                    if toks.get(i + 1).is_some_and(|t| t.is_punct(b'(') || t.is_punct(b'[')) {
                        out.hole();
                    } else {
                        self.fold_name(&name, line, 0, &mut out);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
            // Skip the `+`.
            if i <= last && toks[i].is_punct(b'+') {
                i += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::TextLines;

    fn fold(syntax: Syntax, text: &str, line: usize, needle: &str) -> Folded {
        let src = TextLines::new(text);
        let v = Vars { src: &src, syntax };
        let l = src.line(line).into_owned();
        let toks = code::lex(&l, syntax);
        let at = l.find(needle).unwrap();
        let lit = code::token_at(&toks, at).unwrap();
        v.fold_expression(&l, &toks, lit, line)
    }

    #[test]
    fn interpolations_and_concatenations_fold_same_file_strings() {
        let ps = "$graphApiVersion = \"v1.0\"\n$Resource = \"security/alerts?`$top=1\"\n$uri = \"https://graph.microsoft.com/$graphApiVersion/$($resource)\"";
        let f = fold(Syntax::PowerShell, ps, 2, "https");
        assert_eq!(f.text, "https://graph.microsoft.com/v1.0/security/alerts?`$top=1");
        assert!(f.substituted);
        let sec = f.text.find("security").unwrap();
        assert_eq!(f.literal_of(sec).unwrap().start.line, 1, "the /security part is written on line 2");
        let py =
            "GRAPH = \"https://graph.microsoft.com/beta\"\nr = requests.get(f\"{GRAPH}/security/alerts/{alert_id}\")";
        assert_eq!(fold(Syntax::Python, py, 1, "security").text, "https://graph.microsoft.com/beta/security/alerts/{}");
        let js = "const root = 'https://graph.microsoft.com/v1.0';\nget(root + '/security/incidents/' + id)";
        let f = fold(Syntax::CLike { templates: true, verbatim: false }, js, 1, "security");
        assert_eq!(f.text, "https://graph.microsoft.com/v1.0/security/incidents/{}");
        let self_attr =
            "self.api_root = \"https://graph.microsoft.com/beta\"\nurl = self.api_root + \"/security/alerts\"";
        assert_eq!(
            fold(Syntax::Python, self_attr, 1, "security").text,
            "https://graph.microsoft.com/beta/security/alerts"
        );
        let unknown = "u = base_url + '/security/alerts'";
        assert_eq!(fold(Syntax::Python, unknown, 0, "security").text, "{}/security/alerts");
        let cycle = "$a = \"$b/x\"\n$b = \"$a/y\"\n$u = \"$a/security/alerts\"";
        assert!(fold(Syntax::PowerShell, cycle, 2, "security").text.ends_with("/security/alerts"), "a cycle ends");
    }

    #[test]
    fn names_as_written_and_bare() {
        assert_eq!(bare_name("$uri"), "uri");
        assert_eq!(bare_name("$($Resource)"), "Resource");
        assert_eq!(bare_name("${base}"), "base");
        assert_eq!(bare_name("$script:Graph"), "Graph");
        assert_eq!(bare_name("self.api_root"), "self.api_root");
    }

    #[test]
    fn the_nearest_assignment_above_else_the_first() {
        let ps = "$graphApiVersion = \"v1.0\"\n$Resource = 'security/alerts'\n$x = 1\n$GraphApiVersion = \"beta\"\nuse";
        let src = TextLines::new(ps);
        let v = Vars { src: &src, syntax: Syntax::PowerShell };
        assert_eq!(v.value("$($resource)", 4).as_deref(), Some("security/alerts"));
        assert_eq!(v.value("$graphApiVersion", 4).as_deref(), Some("beta"));
        assert_eq!(v.value("$graphApiVersion", 2).as_deref(), Some("v1.0"));
        assert_eq!(v.value("$x", 4), None, "not a string");
        let py = "def f():\n    return requests.get(GRAPH + '/security/alerts')\n\nGRAPH = \"https://graph.microsoft.com/v1.0\"\n";
        let src = TextLines::new(py);
        let v = Vars { src: &src, syntax: Syntax::Python };
        assert_eq!(v.value("GRAPH", 1).as_deref(), Some("https://graph.microsoft.com/v1.0"));
        let cs = "string url = string.Format(\"https://graph.microsoft.com/beta/x\");";
        let src = TextLines::new(cs);
        let v = Vars { src: &src, syntax: Syntax::for_lang(Some(crate::context::Lang::CSharp)) };
        assert_eq!(v.value("url", 0).as_deref(), Some("https://graph.microsoft.com/beta/x"));
    }
}
