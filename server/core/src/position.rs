//! Every conversion between editor positions and byte offsets lives here.
//!
//! Editors count columns in UTF-16 code units unless client and server agreed on UTF-8 bytes
//! (LSP's `positionEncoding`). Lines break at `\n`, `\r\n` and a lone `\r`, as in the rope
//! (ropey with only `cr_lines`). The language server copies its protocol positions into
//! [`LineCol`] and back; the arithmetic is all here.

use ropey::Rope;

use crate::lines::{Pos, Span};

/// A position as an editor gives it: a 0-based line and a column in [`Encoding`] units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct LineCol {
    pub line: u32,
    pub character: u32,
}

impl LineCol {
    pub const fn new(line: u32, character: u32) -> LineCol {
        LineCol { line, character }
    }
}

/// A range of two editor positions, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct LineColRange {
    pub start: LineCol,
    pub end: LineCol,
}

impl LineColRange {
    pub const fn new(start: LineCol, end: LineCol) -> LineColRange {
        LineColRange { start, end }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// Byte offset within `line` for a column in `enc` units; past the end clamps to the end.
pub fn byte_in_line(line: &str, character: u32, enc: Encoding) -> usize {
    let target = character as usize;
    match enc {
        Encoding::Utf8 => {
            let mut b = target.min(line.len());
            while !line.is_char_boundary(b) {
                b -= 1;
            }
            b
        }
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                if units >= target {
                    return i;
                }
                units += c.len_utf16();
                if units > target {
                    // Inside a surrogate pair: the position is the character's start.
                    return i;
                }
            }
            line.len()
        }
    }
}

/// Column in `enc` units for a byte offset within `line`.
pub fn character_in_line(line: &str, byte: usize, enc: Encoding) -> u32 {
    let mut b = byte.min(line.len());
    while !line.is_char_boundary(b) {
        b -= 1;
    }
    match enc {
        Encoding::Utf8 => b as u32,
        Encoding::Utf16 => line[..b].chars().map(|c| c.len_utf16() as u32).sum(),
    }
}

/// The text of rope line `i` without its terminator.
pub fn rope_line(rope: &Rope, i: usize) -> std::borrow::Cow<'_, str> {
    if i >= rope.len_lines() {
        return std::borrow::Cow::Borrowed("");
    }
    let slice = rope.line(i);
    let s: std::borrow::Cow<'_, str> = match slice.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(slice.to_string()),
    };
    match s {
        std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(trim_eol(b)),
        std::borrow::Cow::Owned(mut o) => {
            let keep = trim_eol(&o).len();
            o.truncate(keep);
            std::borrow::Cow::Owned(o)
        }
    }
}

fn trim_eol(s: &str) -> &str {
    s.strip_suffix("\r\n").or_else(|| s.strip_suffix('\n')).or_else(|| s.strip_suffix('\r')).unwrap_or(s)
}

/// Char index in the rope for an editor position, clamped to the document.
pub fn rope_char(rope: &Rope, p: LineCol, enc: Encoding) -> usize {
    let line = p.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let text = rope_line(rope, line);
    let byte = byte_in_line(&text, p.character, enc);
    rope.line_to_char(line) + text[..byte].chars().count()
}

/// Editor position for a place given as line and byte in line.
pub fn line_col(line_text: &str, p: Pos, enc: Encoding) -> LineCol {
    LineCol::new(p.line as u32, character_in_line(line_text, p.byte, enc))
}

/// Editor range for a span, reading line texts through `line`.
pub fn line_col_range<'a>(
    line: impl Fn(usize) -> std::borrow::Cow<'a, str>,
    span: Span,
    enc: Encoding,
) -> LineColRange {
    let start_text = line(span.start.line);
    let start = line_col(&start_text, span.start, enc);
    let end = if span.end.line == span.start.line {
        line_col(&start_text, span.end, enc)
    } else {
        line_col(&line(span.end.line), span.end, enc)
    };
    LineColRange::new(start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_round_trip() {
        // accent, emoji (astral), ZWJ sequence, then the target.
        let line = "é😀👩‍💻 x";
        let x = line.find('x').unwrap();
        let u16 = character_in_line(line, x, Encoding::Utf16);
        assert_eq!(u16, 1 + 2 + (2 + 1 + 2) + 1);
        assert_eq!(byte_in_line(line, u16, Encoding::Utf16), x);
        let u8c = character_in_line(line, x, Encoding::Utf8);
        assert_eq!(u8c as usize, x);
        assert_eq!(byte_in_line(line, u8c, Encoding::Utf8), x);
    }

    #[test]
    fn positions_inside_a_character_snap_to_its_start() {
        let line = "😀x";
        assert_eq!(byte_in_line(line, 1, Encoding::Utf16), 0);
        assert_eq!(byte_in_line(line, 2, Encoding::Utf8), 0);
        assert_eq!(byte_in_line(line, 99, Encoding::Utf16), line.len());
    }

    #[test]
    fn rope_lines_follow_the_spec_breaks() {
        let rope = Rope::from_str("a\r\nb\rc\u{2028}d\ne");
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(rope_line(&rope, 0), "a");
        assert_eq!(rope_line(&rope, 1), "b");
        assert_eq!(rope_line(&rope, 2), "c\u{2028}d");
        assert_eq!(rope_line(&rope, 9), "");
        assert_eq!(rope_char(&rope, LineCol::new(1, 1), Encoding::Utf16), 4);
        assert_eq!(rope_char(&rope, LineCol::new(7, 0), Encoding::Utf16), rope.len_chars());
    }
}
