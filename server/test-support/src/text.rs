//! The client's copy of a document: applies LSP edits the way an editor does, with its own
//! position arithmetic (independent of the server's `position.rs`, so the two check each other).

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

/// Byte ranges of each line's content (terminator excluded); lines break at `\n`, `\r\n`, `\r`.
pub fn lines(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                start = i + 1;
            }
            b'\r' => {
                out.push((start, i));
                if b.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

fn units(c: char, enc: Enc) -> usize {
    match enc {
        Enc::Utf8 => c.len_utf8(),
        Enc::Utf16 => c.len_utf16(),
    }
}

/// Byte offset of an LSP position; a column past the line end means the line end, a line past
/// the end means the end of the text (as the LSP specification asks).
pub fn offset(s: &str, line: u32, character: u32, enc: Enc) -> usize {
    let ls = lines(s);
    let Some(&(start, end)) = ls.get(line as usize) else { return s.len() };
    let mut n = 0;
    for (i, c) in s[start..end].char_indices() {
        if n >= character as usize {
            return start + i;
        }
        n += units(c, enc);
    }
    end
}

/// The LSP position of a byte offset.
pub fn position(s: &str, byte: usize, enc: Enc) -> (u32, u32) {
    let ls = lines(s);
    let line = ls.iter().rposition(|&(start, _)| start <= byte).unwrap();
    let (start, end) = ls[line];
    let col: usize = s[start..byte.min(end)].chars().map(|c| units(c, enc)).sum();
    (line as u32, col as u32)
}

/// An LSP range (as JSON) covering the bytes `start..end`.
pub fn range(s: &str, start: usize, end: usize, enc: Enc) -> Value {
    let (l0, c0) = position(s, start, enc);
    let (l1, c1) = position(s, end, enc);
    serde_json::json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

/// The range of the `n`th (0-based) occurrence of `needle` in `s`.
pub fn range_of(s: &str, needle: &str, n: usize, enc: Enc) -> Value {
    let at = s.match_indices(needle).nth(n).unwrap_or_else(|| panic!("occurrence {n} of {needle:?} not found")).0;
    range(s, at, at + needle.len(), enc)
}

/// Byte offsets of a JSON range.
pub fn byte_range(s: &str, r: &Value, enc: Enc) -> (usize, usize) {
    let p = |k: &str| {
        let v = &r[k];
        offset(s, v["line"].as_u64().unwrap() as u32, v["character"].as_u64().unwrap() as u32, enc)
    };
    (p("start"), p("end"))
}

/// Applies one LSP text edit (`{"range", "newText"}`), or several in a list from the end
/// backwards, as a `WorkspaceEdit` is applied.
pub fn apply(s: &mut String, edit: &Value, enc: Enc) {
    if let Some(list) = edit.as_array() {
        let mut spans: Vec<(usize, usize, String)> = list
            .iter()
            .map(|e| {
                let (a, b) = byte_range(s, &e["range"], enc);
                (a, b, e["newText"].as_str().unwrap().to_owned())
            })
            .collect();
        spans.sort_by_key(|(a, _, _)| std::cmp::Reverse(*a));
        for (a, b, t) in spans {
            s.replace_range(a..b, &t);
        }
        return;
    }
    let text = edit.get("newText").or_else(|| edit.get("text")).and_then(Value::as_str).unwrap();
    match edit.get("range") {
        Some(r) => {
            let (a, b) = byte_range(s, r, enc);
            let (a, b) = (a.min(b), a.max(b));
            s.replace_range(a..b, text);
        }
        None => *s = text.to_owned(),
    }
}
