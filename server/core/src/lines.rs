//! Line access for analysis, and positions (`docs/behaviour.md`, "Output": lines break at `\n`, `\r\n` and a lone `\r`).

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::OnceLock;

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
        Span { start: Pos { line, byte: start }, end: Pos { line, byte: end } }
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

/// A document held as one string. The index of line starts is built on first use, so making one
/// costs nothing until a line is asked for.
pub struct TextLines<'a> {
    text: &'a str,
    index: OnceLock<LineIndex>,
}

/// `starts[i]` is where line `i` begins; `ends[i]` where its terminator begins.
struct LineIndex {
    starts: Vec<usize>,
    ends: Vec<usize>,
}

impl LineIndex {
    fn build(bytes: &[u8]) -> LineIndex {
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
        ends.push(bytes.len());
        LineIndex { starts, ends }
    }
}

impl<'a> TextLines<'a> {
    pub fn new(text: &'a str) -> TextLines<'a> {
        TextLines { text, index: OnceLock::new() }
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::build(self.text.as_bytes()))
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn line_str(&self, i: usize) -> &'a str {
        let ix = self.index();
        &self.text[ix.starts[i]..ix.ends[i]]
    }

    pub fn line_start(&self, i: usize) -> usize {
        self.index().starts[i]
    }

    /// The line holding byte offset `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.index().starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn pos_of(&self, offset: usize) -> Pos {
        let line = self.line_of(offset);
        Pos { line, byte: offset - self.index().starts[line] }
    }
}

impl LineSource for TextLines<'_> {
    fn line_count(&self) -> usize {
        self.index().starts.len()
    }
    fn line(&self, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(self.line_str(i))
    }
}

/// Splits text into lines the way `docs/behaviour.md`, "Output" counts them.
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

/// Where the line starting at `start` ends (its terminator's first byte, or the text's end), and
/// where the next line starts (`None` for the last line).
#[inline]
pub fn line_end(bytes: &[u8], start: usize) -> (usize, Option<usize>) {
    match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
        None => (bytes.len(), None),
        Some(k) => {
            let e = start + k;
            let next = if bytes[e] == b'\r' && bytes.get(e + 1) == Some(&b'\n') { e + 2 } else { e + 1 };
            (e, Some(next))
        }
    }
}

/// Where the line before the one starting at `start` (> 0) starts.
#[inline]
fn prev_line_start(bytes: &[u8], start: usize) -> usize {
    // The previous line's terminator ends at `start`: `\r\n`, `\n` or `\r`.
    let end = if start >= 2 && bytes[start - 1] == b'\n' && bytes[start - 2] == b'\r' { start - 2 } else { start - 1 };
    memchr::memrchr2(b'\n', b'\r', &bytes[..end]).map_or(0, |k| k + 1)
}

/// Counts the line breaks in `bytes[from..to]` (a `\r` directly followed by `\n`, even past `to`,
/// is one break with it, counted at the `\n`), and says whether the range holds a byte >= 0x80.
/// One pass, vectorised on x86-64 (AVX2 when the CPU has it, else SSE2).
pub fn count_breaks(bytes: &[u8], from: usize, to: usize) -> (usize, bool) {
    assert!(from <= to && to <= bytes.len());
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked just above).
            return unsafe { simd::count_breaks_avx2(bytes, from, to) };
        }
        // SAFETY: SSE2 is part of the x86-64 baseline.
        unsafe { simd::count_breaks_sse2(bytes, from, to) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        count_breaks_scalar(bytes, from, to)
    }
}

/// The reference implementation of `count_breaks`, also used for the ends of ranges.
pub fn count_breaks_scalar(bytes: &[u8], from: usize, to: usize) -> (usize, bool) {
    let mut n = 0;
    let mut high = 0u8;
    for i in from..to {
        let b = bytes[i];
        high |= b;
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    (n, high >= 0x80)
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::*;

    /// `count_breaks` with 32-byte vectors. Per vector: `\n` lanes, plus `\r` lanes whose next
    /// byte (an unaligned load one byte further) is not `\n`; both are subtracted (-1 = 0xFF) from
    /// byte counters that are summed every 255 vectors; the OR of all bytes gives the high bit.
    #[target_feature(enable = "avx2")]
    pub unsafe fn count_breaks_avx2(bytes: &[u8], from: usize, to: usize) -> (usize, bool) {
        const W: usize = 32;
        let len = bytes.len();
        let base = bytes.as_ptr();
        let nl = _mm256_set1_epi8(b'\n' as i8);
        let cr = _mm256_set1_epi8(b'\r' as i8);
        let zero = _mm256_setzero_si256();
        let mut total = 0usize;
        let mut high = _mm256_setzero_si256();
        let mut i = from;
        // The look-ahead load reads `i + 1 .. i + 1 + W`, which must stay inside `bytes`.
        while i + W <= to && i + W < len {
            let mut acc = _mm256_setzero_si256();
            let mut k = 0;
            while k < 255 && i + W <= to && i + W < len {
                // SAFETY: `i + W < len`, so both loads are inside `bytes`.
                let v = _mm256_loadu_si256(base.add(i) as *const __m256i);
                let next = _mm256_loadu_si256(base.add(i + 1) as *const __m256i);
                let is_nl = _mm256_cmpeq_epi8(v, nl);
                let lone_cr = _mm256_andnot_si256(_mm256_cmpeq_epi8(next, nl), _mm256_cmpeq_epi8(v, cr));
                acc = _mm256_sub_epi8(acc, _mm256_or_si256(is_nl, lone_cr));
                high = _mm256_or_si256(high, v);
                i += W;
                k += 1;
            }
            let sums = _mm256_sad_epu8(acc, zero);
            total += (_mm256_extract_epi64::<0>(sums)
                + _mm256_extract_epi64::<1>(sums)
                + _mm256_extract_epi64::<2>(sums)
                + _mm256_extract_epi64::<3>(sums)) as usize;
        }
        let (rest, rest_high) = super::count_breaks_scalar(bytes, i, to);
        (total + rest, rest_high || _mm256_movemask_epi8(high) != 0)
    }

    /// The same with 16-byte vectors, for CPUs without AVX2.
    #[target_feature(enable = "sse2")]
    pub unsafe fn count_breaks_sse2(bytes: &[u8], from: usize, to: usize) -> (usize, bool) {
        const W: usize = 16;
        let len = bytes.len();
        let base = bytes.as_ptr();
        let nl = _mm_set1_epi8(b'\n' as i8);
        let cr = _mm_set1_epi8(b'\r' as i8);
        let zero = _mm_setzero_si128();
        let mut total = 0usize;
        let mut high = _mm_setzero_si128();
        let mut i = from;
        while i + W <= to && i + W < len {
            let mut acc = _mm_setzero_si128();
            let mut k = 0;
            while k < 255 && i + W <= to && i + W < len {
                // SAFETY: `i + W < len`, so both loads are inside `bytes`.
                let v = _mm_loadu_si128(base.add(i) as *const __m128i);
                let next = _mm_loadu_si128(base.add(i + 1) as *const __m128i);
                let is_nl = _mm_cmpeq_epi8(v, nl);
                let lone_cr = _mm_andnot_si128(_mm_cmpeq_epi8(next, nl), _mm_cmpeq_epi8(v, cr));
                acc = _mm_sub_epi8(acc, _mm_or_si128(is_nl, lone_cr));
                high = _mm_or_si128(high, v);
                i += W;
                k += 1;
            }
            let sums = _mm_sad_epu8(acc, zero);
            total += (_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums))) as usize;
        }
        let (rest, rest_high) = super::count_breaks_scalar(bytes, i, to);
        (total + rest, rest_high || _mm_movemask_epi8(high) != 0)
    }
}

/// A document's lines when only some of them were located: the scan knows how many lines there
/// are and where each line that holds something starts; any other line is found by walking from
/// the nearest known one, so the file-level pass, which reads lines near hits, costs what it
/// reads. The bytes must be valid UTF-8 (a line that is not is read lossily).
pub struct SparseLines<'a> {
    bytes: &'a [u8],
    count: usize,
    /// `(line, start)`, sorted by line.
    known: Vec<(usize, usize)>,
    /// The last line located.
    cursor: Cell<(usize, usize)>,
}

impl<'a> SparseLines<'a> {
    /// `known` holds `(line, start)` pairs sorted by line; `count` is the number of lines.
    pub fn new(bytes: &'a [u8], count: usize, known: Vec<(usize, usize)>) -> SparseLines<'a> {
        debug_assert!(known.windows(2).all(|w| w[0].0 < w[1].0));
        SparseLines { bytes, count: count.max(1), known, cursor: Cell::new((0, 0)) }
    }

    /// The whole text.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Byte offset where line `i` starts.
    pub fn line_start(&self, i: usize) -> usize {
        assert!(i < self.count, "line {i} of {}", self.count);
        // The nearest of: the cursor, the known lines on either side, the first line.
        let mut best = self.cursor.get();
        let consider = |best: &mut (usize, usize), c: (usize, usize)| {
            if c.0.abs_diff(i) < best.0.abs_diff(i) {
                *best = c;
            }
        };
        consider(&mut best, (0, 0));
        let p = self.known.partition_point(|&(l, _)| l < i);
        if let Some(&c) = self.known.get(p) {
            consider(&mut best, c);
        }
        if p > 0 {
            consider(&mut best, self.known[p - 1]);
        }
        let (mut l, mut s) = best;
        while l < i {
            s = line_end(self.bytes, s).1.expect("a line past the last one");
            l += 1;
        }
        while l > i {
            s = prev_line_start(self.bytes, s);
            l -= 1;
        }
        self.cursor.set((l, s));
        s
    }

    /// Line `i` as bytes, without its terminator.
    pub fn line_bytes(&self, i: usize) -> &'a [u8] {
        let s = self.line_start(i);
        &self.bytes[s..line_end(self.bytes, s).0]
    }
}

impl LineSource for SparseLines<'_> {
    fn line_count(&self) -> usize {
        self.count
    }
    fn line(&self, i: usize) -> Cow<'_, str> {
        let b = self.line_bytes(i);
        match std::str::from_utf8(b) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(b),
        }
    }
}

/// A few consecutive lines joined by `\n`, for constructs that span lines (fluent call chains,
/// scope lists), with the way back from an offset in the joined text to a line and byte.
pub struct Window {
    pub text: String,
    first: usize,
    starts: Vec<usize>,
}

impl Window {
    /// Lines `first..=last` of `src`.
    pub fn new(src: &dyn LineSource, first: usize, last: usize) -> Window {
        let mut text = String::new();
        let mut starts = Vec::new();
        for i in first..=last {
            starts.push(text.len());
            text.push_str(&src.line(i));
            text.push('\n');
        }
        Window { text, first, starts }
    }

    /// Where line `line` of the document starts in the joined text.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line - self.first).copied().unwrap_or(self.text.len())
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        Pos { line: self.first + i, byte: offset - self.starts[i] }
    }
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
