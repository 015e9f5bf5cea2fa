//! The language server's document: a sequence of incremental edits (LSP ranges in UTF-8 or
//! UTF-16, reversed and out-of-range ones included) applied to the rope and its per-line cache.
//! After every edit the rope must equal a plain string edited by an independent model of the LSP
//! position rules; at the end the incremental analysis must equal a fresh one of the final text.
//! Position conversions are checked along the way.
#![no_main]

mod common;

use claimcheck_core::analysis::analyze_text;
use claimcheck_core::context::FileInfo;
use claimcheck_core::document::Document;
use claimcheck_core::position::{LineCol as Position, LineColRange as Range};
use claimcheck_core::position::{byte_in_line, character_in_line, rope_char, Encoding};
use libfuzzer_sys::fuzz_target;

/// Byte ranges of line contents; breaks at `\n`, `\r\n`, `\r`.
fn model_lines(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push((start, b.len()));
    out
}

/// Byte offset of an LSP position: past the last line is the end of the text, past a line's end
/// is that end, inside a character is its start.
fn model_offset(s: &str, p: Position, utf8: bool) -> usize {
    let lines = model_lines(s);
    let Some(&(start, end)) = lines.get(p.line as usize) else { return s.len() };
    let mut units = 0u64;
    for (i, c) in s[start..end].char_indices() {
        let w = if utf8 { c.len_utf8() } else { c.len_utf16() } as u64;
        if units + w > u64::from(p.character) {
            return start + i;
        }
        units += w;
    }
    end
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let name = common::NAMES[(mode & 0x0f) as usize];
    let utf8 = mode & 0x10 != 0;
    let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
    // A small size limit sometimes, so that edits cross it both ways.
    let max: u64 = if mode & 0x20 != 0 { 200 } else { u64::MAX };
    let mut pieces = rest.split(|&b| b == 0xff);
    let mut model = String::from_utf8_lossy(pieces.next().unwrap_or(&[])).into_owned();
    let info = FileInfo::for_path(name);
    let mut doc = Document::new(&model, 1, info, max);
    for (n, piece) in pieces.take(64).enumerate() {
        let n_lines = model_lines(&model).len() as u32;
        let b = |i: usize| u32::from(piece.get(i).copied().unwrap_or(0));
        // Lines mostly inside the text, sometimes past it; columns anywhere in a short line.
        let line = |x: u32| if x >= 250 { u32::MAX - (x - 250) } else { x % (n_lines + 1) };
        let col = |x: u32| if x >= 250 { u32::MAX } else { x };
        let full = b(0) == 0xfe;
        let range = Range::new(Position::new(line(b(0)), col(b(1))), Position::new(line(b(2)), col(b(3))));
        let text = String::from_utf8_lossy(piece.get(4..).unwrap_or(&[])).into_owned();
        if full {
            model = text.clone();
            doc.apply(None, &text, enc, max);
        } else {
            let (mut s, mut e) = (model_offset(&model, range.start, utf8), model_offset(&model, range.end, utf8));
            if s > e {
                std::mem::swap(&mut s, &mut e);
            }
            model.replace_range(s..e, &text);
            doc.apply(Some(range), &text, enc, max);
        }
        doc.version = n as i32 + 2;
        assert!(doc.rope.to_string() == model, "the rope and the client's text differ after edit {n}");
    }
    // Position conversions against the model, on every line.
    for (i, &(start, end)) in model_lines(&model).iter().enumerate() {
        let line = &model[start..end];
        for (b, _) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
            let c = character_in_line(line, b, enc);
            assert_eq!(byte_in_line(line, c, enc), b, "column {c} of line {i} does not round-trip");
            let p = Position::new(i as u32, c);
            let ch = rope_char(&doc.rope, p, enc);
            assert_eq!(doc.rope.char_to_byte(ch), model_offset(&model, p, utf8), "rope_char at {i}:{c}");
        }
    }
    common::with_ctx(None, |ctx| {
        let incremental = doc.analyze(ctx);
        if model.len() as u64 > max {
            assert!(incremental.findings.is_empty() && doc.too_large);
        } else {
            let fresh = analyze_text(&model, &info, ctx);
            assert!(incremental.findings == fresh.findings, "incremental diagnostics differ from a fresh analysis");
            assert_eq!(incremental.tokens.len(), fresh.tokens.len());
            assert_eq!(incremental.urls.len(), fresh.urls.len());
        }
    });
});
