//! A small lexer for the code around a Graph call: string literals (with the parts that
//! interpolate), words, punctuation, and comments skipped, in the syntax of the file's language.
//! It is no parser: it knows enough to find the statement, object or call a URL sits in, the
//! variable a URL is assigned to, and the pieces a URL is built from (`docs/behaviour.md`,
//! "Method" and "URLs built from parts").
//!
//! It lexes a window of lines; a window that starts inside a multi-line string or comment is read
//! as well as it can be, which is why callers keep windows around the line that matters.

use crate::context::{FileInfo, FileKind, Lang};

/// The syntax family a text is lexed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// C#, JavaScript/TypeScript, Go, Java: `//` and `/* */` comments, `\` escapes, `'`, `"`;
    /// template literals in JavaScript.
    CLike { templates: bool, verbatim: bool },
    /// Python: `#` comments, prefixes (`f`, `r`, `b`), triple quotes.
    Python,
    /// PowerShell: `#` and `<# #>` comments, backtick escapes, `$var` and `$(...)` in `"..."`.
    PowerShell,
    /// Shell: `#` comments, `'` and `"` strings.
    Shell,
    /// JSON, YAML, HTTP files and plain text: `"` and `'` strings with `\` escapes, `#` comments
    /// only at the start of a line or after a space (YAML).
    Data,
}

impl Syntax {
    pub fn for_lang(lang: Option<Lang>) -> Syntax {
        match lang {
            Some(Lang::CSharp) => Syntax::CLike { templates: false, verbatim: true },
            Some(Lang::Js) => Syntax::CLike { templates: true, verbatim: false },
            Some(Lang::Go) | Some(Lang::Java) => Syntax::CLike { templates: false, verbatim: false },
            Some(Lang::Python) => Syntax::Python,
            Some(Lang::PowerShell) => Syntax::PowerShell,
            None => Syntax::Data,
        }
    }

    /// The syntax of a file: its SDK language's, else shell for shell scripts, else data.
    pub fn for_file(file: &FileInfo) -> Syntax {
        match (file.lang, file.kind) {
            (Some(l), _) => Syntax::for_lang(Some(l)),
            (None, FileKind::Shell) => Syntax::Shell,
            (None, _) => Syntax::Data,
        }
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string literal. `interpolates`: its `{…}` / `$…` parts are code (f-strings, `$"…"`,
    /// template literals, PowerShell `"…"`, shell `"…"`).
    Str { quote: u8, interpolates: bool },
    /// An identifier or keyword, with a leading `$` or `@` when the language writes one.
    Word,
    /// Any other character outside strings and comments.
    Punct(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte range in the lexed text; for strings, quotes and prefix included.
    pub start: usize,
    pub end: usize,
    /// For strings: the range of the contents, without prefix and quotes.
    pub inner: (usize, usize),
}

impl Token {
    pub fn is_punct(&self, c: u8) -> bool {
        self.kind == Kind::Punct(c)
    }
    pub fn is_str(&self) -> bool {
        matches!(self.kind, Kind::Str { .. })
    }
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }
    pub fn inner_text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.inner.0..self.inner.1]
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Lexes `text` in `syntax`.
pub fn lex(text: &str, syntax: Syntax) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let line_start = |i: usize| i == 0 || b[i - 1] == b'\n';
    while i < b.len() {
        let c = b[i];
        // Comments.
        match syntax {
            Syntax::CLike { .. } => {
                if c == b'/' && b.get(i + 1) == Some(&b'/') {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                    continue;
                }
                if c == b'/' && b.get(i + 1) == Some(&b'*') {
                    i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |k| i + 2 + k + 2);
                    continue;
                }
            }
            Syntax::Python | Syntax::Shell => {
                if c == b'#' {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                    continue;
                }
            }
            Syntax::PowerShell => {
                if c == b'<' && b.get(i + 1) == Some(&b'#') {
                    i = memchr::memmem::find(&b[i + 2..], b"#>").map_or(b.len(), |k| i + 2 + k + 2);
                    continue;
                }
                if c == b'#' {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                    continue;
                }
            }
            Syntax::Data => {
                if c == b'#' && (line_start(i) || b[i - 1] == b' ' || b[i - 1] == b'\t') {
                    i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                    continue;
                }
            }
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // Strings, with their prefixes.
        if let Some(t) = string_at(b, i, syntax) {
            i = t.end;
            out.push(t);
            continue;
        }
        if is_word_byte(c)
            || (c == b'$' && matches!(syntax, Syntax::PowerShell | Syntax::Shell | Syntax::CLike { .. }))
                && b.get(i + 1).is_some_and(|&n| is_word_byte(n) || n == b'{')
        {
            let start = i;
            i += 1;
            if c == b'$' && b.get(i) == Some(&b'{') {
                // `${name}` in PowerShell and shell: one word.
                let close = memchr::memchr(b'}', &b[i..]).map_or(b.len(), |k| i + k + 1);
                i = close;
            } else {
                // PowerShell `$script:name`, `$env:name`: the scope is part of the word.
                while i < b.len()
                    && (is_word_byte(b[i])
                        || (b[i] == b':'
                            && syntax == Syntax::PowerShell
                            && b.get(i + 1).is_some_and(|&n| is_word_byte(n))
                            && b[start] == b'$'))
                {
                    i += 1;
                }
            }
            out.push(Token { kind: Kind::Word, start, end: i, inner: (start, i) });
            continue;
        }
        out.push(Token { kind: Kind::Punct(c), start: i, end: i + 1, inner: (i, i + 1) });
        i += 1;
    }
    out
}

/// The string literal starting at `i` (at its prefix or quote), if one does.
fn string_at(b: &[u8], i: usize, syntax: Syntax) -> Option<Token> {
    let c = b[i];
    let mut q = i;
    let mut interpolates = false;
    let mut raw = false;
    let mut verbatim = false;
    match syntax {
        Syntax::Python => {
            // Prefixes: f, r, b, u, rf, fr, rb, br (any case), directly before the quote.
            let mut k = i;
            while k < b.len() && k - i < 2 && matches!(b[k].to_ascii_lowercase(), b'f' | b'r' | b'b' | b'u') {
                k += 1;
            }
            if k > i && k < b.len() && (b[k] == b'"' || b[k] == b'\'') && (i == 0 || !is_word_byte(b[i - 1])) {
                let prefix = &b[i..k];
                interpolates = prefix.iter().any(|p| p.eq_ignore_ascii_case(&b'f'));
                raw = prefix.iter().any(|p| p.eq_ignore_ascii_case(&b'r'));
                q = k;
            } else if c != b'"' && c != b'\'' {
                return None;
            }
        }
        Syntax::CLike { templates, verbatim: allow_verbatim } => {
            if allow_verbatim && (c == b'$' || c == b'@') {
                // C#: $"…", @"…", $@"…", @$"…".
                let mut k = i;
                while k < b.len() && k - i < 2 && (b[k] == b'$' || b[k] == b'@') {
                    interpolates |= b[k] == b'$';
                    verbatim |= b[k] == b'@';
                    k += 1;
                }
                if b.get(k) != Some(&b'"') {
                    return None;
                }
                q = k;
            } else if c == b'`' && templates {
                interpolates = true;
            } else if c != b'"' && c != b'\'' {
                return None;
            }
        }
        Syntax::PowerShell => {
            if c == b'@' && matches!(b.get(i + 1), Some(b'"') | Some(b'\'')) && b.get(i + 2) == Some(&b'\n') {
                // Here-strings: @" … "@ on its own line.
                let quote = b[i + 1];
                let close = [b'\n', quote, b'@'];
                let end = memchr::memmem::find(&b[i + 2..], &close).map_or(b.len(), |k| i + 2 + k + 3);
                return Some(Token {
                    kind: Kind::Str { quote, interpolates: quote == b'"' },
                    start: i,
                    end,
                    inner: (i + 3, end.saturating_sub(3).max(i + 3)),
                });
            }
            if c == b'"' {
                interpolates = true;
            } else if c != b'\'' {
                return None;
            }
        }
        Syntax::Shell => {
            if c == b'"' {
                interpolates = true;
            } else if c != b'\'' {
                return None;
            }
        }
        Syntax::Data => {
            if c != b'"' && c != b'\'' {
                return None;
            }
            // An apostrophe inside a word (`don't`) is no quote.
            if c == b'\'' && i > 0 && is_word_byte(b[i - 1]) {
                return None;
            }
        }
    }
    let quote = b[q];
    // Python triple quotes.
    if syntax == Syntax::Python && b.get(q + 1) == Some(&quote) && b.get(q + 2) == Some(&quote) {
        let close = [quote; 3];
        let end = memchr::memmem::find(&b[q + 3..], &close).map_or(b.len(), |k| q + 3 + k + 3);
        return Some(Token {
            kind: Kind::Str { quote, interpolates },
            start: i,
            end,
            inner: (q + 3, end.saturating_sub(3).max(q + 3)),
        });
    }
    let multiline = quote == b'`' || verbatim;
    let escape = match syntax {
        Syntax::PowerShell => Some(b'`'),
        _ if raw || verbatim => None,
        _ if syntax == Syntax::Shell && quote == b'\'' => None,
        _ => Some(b'\\'),
    };
    // PowerShell's single-quoted strings have no escapes.
    let escape = escape.filter(|_| !(syntax == Syntax::PowerShell && quote == b'\''));
    let mut k = q + 1;
    while k < b.len() {
        let d = b[k];
        if Some(d) == escape {
            k += 2;
            continue;
        }
        if d == quote {
            // Doubled quotes stay inside: PowerShell '' and "", C# verbatim "".
            if (syntax == Syntax::PowerShell || verbatim) && b.get(k + 1) == Some(&quote) {
                k += 2;
                continue;
            }
            return Some(Token { kind: Kind::Str { quote, interpolates }, start: i, end: k + 1, inner: (q + 1, k) });
        }
        if d == b'\n' && !multiline && syntax != Syntax::PowerShell {
            break;
        }
        k += 1;
    }
    // Unterminated: up to the end of the line (or text), so that one stray quote does not eat
    // the rest of the window.
    let end = if multiline { b.len() } else { memchr::memchr(b'\n', &b[q..]).map_or(b.len(), |n| q + n) };
    Some(Token { kind: Kind::Str { quote, interpolates }, start: i, end, inner: (q + 1, end) })
}

/// The index of the token that closes the bracket token `open` (`(`, `[`, `{`), if any.
pub fn closing(tokens: &[Token], open: usize) -> Option<usize> {
    let mut stack: Vec<u8> = Vec::new();
    for (j, t) in tokens.iter().enumerate().skip(open) {
        if let Kind::Punct(c) = t.kind {
            match c {
                b'(' | b'[' | b'{' => stack.push(c),
                b')' | b']' | b'}' => {
                    let want = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if stack.pop() != Some(want) {
                        return None;
                    }
                    if stack.is_empty() {
                        return Some(j);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

/// The index of the innermost bracket token that is open at token `at` (before it), if any.
pub fn enclosing(tokens: &[Token], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    for j in (0..at).rev() {
        if let Kind::Punct(c) = tokens[j].kind {
            match c {
                b')' | b']' | b'}' => depth += 1,
                b'(' | b'[' | b'{' => {
                    if depth == 0 {
                        return Some(j);
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
    }
    None
}

/// The index of the token holding byte `offset`, if any.
pub fn token_at(tokens: &[Token], offset: usize) -> Option<usize> {
    let i = tokens.partition_point(|t| t.end <= offset);
    (i < tokens.len() && tokens[i].start <= offset).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, syntax: Syntax) -> Vec<String> {
        lex(text, syntax)
            .iter()
            .map(|t| match t.kind {
                Kind::Str { .. } => format!("S{}", t.inner_text(text)),
                Kind::Word => format!("W{}", t.text(text)),
                Kind::Punct(c) => format!("P{}", c as char),
            })
            .collect()
    }

    #[test]
    fn strings_comments_and_words_per_language() {
        let py = Syntax::Python;
        assert_eq!(kinds(r#"u = f"{G}/x" # "no""#, py), ["Wu", "P=", "S{G}/x"]);
        assert_eq!(kinds(r#"a = 'it\'s' + "b""#, py), ["Wa", "P=", r"Sit\'s", "P+", "Sb"]);
        assert_eq!(kinds("x = \"\"\"a\nb\"\"\"", py), ["Wx", "P=", "Sa\nb"]);
        let ps = Syntax::PowerShell;
        assert_eq!(kinds("$uri = \"a`\"b\" # c", ps), ["W$uri", "P=", "Sa`\"b"]);
        assert_eq!(kinds("$x = 'it''s'", ps), ["W$x", "P=", "Sit''s"]);
        assert_eq!(kinds("<# $no = 1 #>$y", ps), ["W$y"]);
        let cs = Syntax::CLike { templates: false, verbatim: true };
        assert_eq!(kinds(r#"var u = $"{b}/x"; // "c""#, cs), ["Wvar", "Wu", "P=", "S{b}/x", "P;"]);
        assert_eq!(kinds(r#"@"a""b""#, cs), [r#"Sa""b"#]);
        let js = Syntax::CLike { templates: true, verbatim: false };
        assert_eq!(kinds("const u = `${b}/x` /* `n` */", js), ["Wconst", "Wu", "P=", "S${b}/x"]);
        assert_eq!(kinds(r#"{"a": "b # c"} # d"#, Syntax::Data), ["P{", "Sa", "P:", "Sb # c", "P}"]);
        assert_eq!(kinds("don't 'x'", Syntax::Data), ["Wdon", "P'", "Wt", "Sx"]);
    }

    #[test]
    fn unterminated_strings_stop_at_the_line_end() {
        let t = "a = \"open\nb = 'x'";
        assert_eq!(kinds(t, Syntax::Python), ["Wa", "P=", "Sopen", "Wb", "P=", "Sx"]);
    }

    #[test]
    fn brackets_match_across_strings() {
        let text = r#"post(url, {method: ")", x: [1]}) + y"#;
        let toks = lex(text, Syntax::CLike { templates: true, verbatim: false });
        let open = toks.iter().position(|t| t.is_punct(b'(')).unwrap();
        let close = closing(&toks, open).unwrap();
        assert_eq!(toks[close].start, text.find(") +").unwrap());
        let url = toks.iter().position(|t| t.text(text) == "url").unwrap();
        assert_eq!(enclosing(&toks, url), Some(open));
        let method = toks.iter().position(|t| t.text(text) == "method").unwrap();
        assert!(toks[enclosing(&toks, method).unwrap()].is_punct(b'{'));
        assert_eq!(token_at(&toks, text.find("method").unwrap() + 2), Some(method));
    }
}
