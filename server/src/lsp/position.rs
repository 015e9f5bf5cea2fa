//! Every conversion between LSP positions and byte offsets lives here.
//!
//! LSP columns count UTF-16 code units unless the client and server agreed on UTF-8 bytes. Lines
//! break at `\n`, `\r\n` and a lone `\r`, as in the rope (ropey with only `cr_lines`).

use ropey::Rope;
use tower_lsp_server::ls_types::Position;

use crate::lines::{Pos, Span};

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

/// Char index in the rope for an LSP position, clamped to the document.
pub fn rope_char(rope: &Rope, p: Position, enc: Encoding) -> usize {
    let line = p.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let text = rope_line(rope, line);
    let byte = byte_in_line(&text, p.character, enc);
    rope.line_to_char(line) + text[..byte].chars().count()
}

/// LSP position for a place given as line and byte in line.
pub fn lsp_position(line_text: &str, p: Pos, enc: Encoding) -> Position {
    Position::new(p.line as u32, character_in_line(line_text, p.byte, enc))
}

/// LSP range for a span, reading line texts through `line`.
pub fn lsp_range<'a>(
    line: impl Fn(usize) -> std::borrow::Cow<'a, str>,
    span: Span,
    enc: Encoding,
) -> tower_lsp_server::ls_types::Range {
    let start_text = line(span.start.line);
    let start = lsp_position(&start_text, span.start, enc);
    let end = if span.end.line == span.start.line {
        lsp_position(&start_text, span.end, enc)
    } else {
        lsp_position(&line(span.end.line), span.end, enc)
    };
    tower_lsp_server::ls_types::Range::new(start, end)
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
        assert_eq!(rope_char(&rope, Position::new(1, 1), Encoding::Utf16), 4);
        assert_eq!(rope_char(&rope, Position::new(7, 0), Encoding::Utf16), rope.len_chars());
    }
}
