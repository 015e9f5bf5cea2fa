//! Line access for analysis, and positions (SPEC section 5: lines break at `\n`, `\r\n` and a lone `\r`).

use std::borrow::Cow;

/// A place in a document: 0-based line and byte offset inside that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: usize,
    pub byte: usize,
}

/// A half-open range between two positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn on_line(line: usize, start: usize, end: usize) -> Span {
        Span {
            start: Pos { line, byte: start },
            end: Pos { line, byte: end },
        }
    }
    pub fn contains(&self, p: Pos) -> bool {
        self.start <= p && p < self.end
    }
}

/// What the analysis needs from a document: its lines, without their terminators.
pub trait LineSource {
    fn line_count(&self) -> usize;
    fn line(&self, i: usize) -> Cow<'_, str>;
}

/// A document held as one string, with the byte offset of every line start.
pub struct TextLines<'a> {
    text: &'a str,
    /// `starts[i]` is where line `i` begins; `ends[i]` where its terminator begins.
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl<'a> TextLines<'a> {
    pub fn new(text: &'a str) -> TextLines<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ends = Vec::new();
        let mut it = memchr::memchr2_iter(b'\n', b'\r', bytes).peekable();
        while let Some(i) = it.next() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                it.next();
                ends.push(i);
                starts.push(i + 2);
            } else {
                ends.push(i);
                starts.push(i + 1);
            }
        }
        ends.push(text.len());
        TextLines { text, starts, ends }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn line_str(&self, i: usize) -> &'a str {
        &self.text[self.starts[i]..self.ends[i]]
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.starts[i]
    }

    /// The line holding byte offset `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn pos_of(&self, offset: usize) -> Pos {
        let line = self.line_of(offset);
        Pos {
            line,
            byte: offset - self.starts[line],
        }
    }
}

impl LineSource for TextLines<'_> {
    fn line_count(&self) -> usize {
        self.starts.len()
    }
    fn line(&self, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(self.line_str(i))
    }
}

/// Splits text into lines the way SPEC section 5 counts them.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let lines = TextLines::new(text);
    (0..lines.line_count()).map(move |i| lines.line_str(i))
}

/// 1-based column counting Unicode scalar values, for a byte offset inside `line`.
pub fn column(line: &str, byte: usize) -> usize {
    let byte = byte.min(line.len());
    let mut b = byte;
    while b > 0 && !line.is_char_boundary(b) {
        b -= 1;
    }
    line[..b].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks() {
        let cases: [(&str, &[&str]); 6] = [
            ("a\nb", &["a", "b"]),
            ("a\r\nb", &["a", "b"]),
            ("a\rb", &["a", "b"]),
            ("a\r\n\r\nb\n", &["a", "", "b", ""]),
            ("", &[""]),
            ("\r", &["", ""]),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = split_lines(text).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn columns_count_scalar_values() {
        let line = "é👩‍💻x";
        let x = line.find('x').unwrap();
        // é (1) + woman (1) + ZWJ (1) + laptop (1) = 4 scalars before x.
        assert_eq!(column(line, x), 5);
        assert_eq!(column(line, 0), 1);
    }

    #[test]
    fn positions_of_offsets() {
        let t = TextLines::new("ab\r\ncd\ref");
        assert_eq!(t.pos_of(5), Pos { line: 1, byte: 1 });
        assert_eq!(t.pos_of(7), Pos { line: 2, byte: 0 });
        assert_eq!(t.line_str(1), "cd");
    }
}
