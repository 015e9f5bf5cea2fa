//! An open document (the language server's, or a fuzz target's): its rope, and the per-line scan results that let an edit cost what it changes.

use std::borrow::Cow;
use std::sync::Arc;

use crate::analysis::{analyze_lines, Analysis, Context};
use crate::context::{FileInfo, FileKind};
use crate::lines::LineSource;
use crate::position::{rope_char, rope_line, Encoding, LineColRange};
use crate::scan::{scan_line, LineItems};
use ropey::Rope;

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub info: FileInfo,
    /// Scan results per line; `None` for lines that hold nothing.
    items: Vec<Option<Arc<LineItems>>>,
    /// Set when the document is over `maxFileSize`: nothing is scanned.
    pub too_large: bool,
    /// The last analysis, for hovers, hints and code actions.
    pub analysis: Arc<Analysis>,
}

/// The rope as the analysis sees it.
pub struct RopeLines<'a>(pub &'a Rope);

impl LineSource for RopeLines<'_> {
    fn line_count(&self) -> usize {
        self.0.len_lines()
    }
    fn line(&self, i: usize) -> Cow<'_, str> {
        rope_line(self.0, i)
    }
}

fn scan(rope: &Rope, i: usize) -> Option<Arc<LineItems>> {
    scan_line(&rope_line(rope, i)).map(Arc::new)
}

impl Document {
    pub fn new(text: &str, version: i32, info: FileInfo, max_size: u64) -> Document {
        let mut d = Document {
            rope: Rope::from_str(text),
            version,
            info,
            items: Vec::new(),
            too_large: false,
            analysis: Arc::default(),
        };
        d.rescan_all(max_size);
        d
    }

    /// Scans every line again (open, full-text change, a size limit change).
    pub fn rescan_all(&mut self, max_size: u64) {
        self.too_large = self.rope.len_bytes() as u64 > max_size;
        if self.too_large {
            self.items = Vec::new();
            // Hovers and hints must not describe what is no longer analysed.
            self.analysis = Arc::default();
            return;
        }
        let rope = &self.rope;
        self.items = (0..rope.len_lines()).map(|i| scan(rope, i)).collect();
    }

    /// Applies one content change. `range` `None` replaces the whole text.
    pub fn apply(&mut self, range: Option<LineColRange>, text: &str, enc: Encoding, max_size: u64) {
        let Some(range) = range else {
            self.rope = Rope::from_str(text);
            self.rescan_all(max_size);
            return;
        };
        let mut start = rope_char(&self.rope, range.start, enc);
        let mut end = rope_char(&self.rope, range.end, enc);
        if start > end {
            std::mem::swap(&mut start, &mut end);
        }
        let old_lines = self.rope.len_lines();
        // One line of margin on each side: an edit next to `\r\n` can move a line break.
        let first = self.rope.char_to_line(start).saturating_sub(1);
        let last_old = (self.rope.char_to_line(end) + 1).min(old_lines - 1);
        self.rope.remove(start..end);
        self.rope.insert(start, text);
        let was_too_large = self.too_large;
        if self.rope.len_bytes() as u64 > max_size || was_too_large || self.items.len() != old_lines {
            self.rescan_all(max_size);
            return;
        }
        let new_lines = self.rope.len_lines();
        let last_new = (last_old + new_lines).saturating_sub(old_lines).min(new_lines - 1);
        let rope = &self.rope;
        let fresh: Vec<Option<Arc<LineItems>>> = (first..=last_new).map(|i| scan(rope, i)).collect();
        self.items.splice(first..=last_old, fresh);
        debug_assert_eq!(self.items.len(), new_lines);
    }

    #[cfg(test)]
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Runs the file-level pass over the cached line results.
    pub fn analyze(&mut self, ctx: &Context) -> Arc<Analysis> {
        if self.too_large {
            self.analysis = Arc::default();
            return self.analysis.clone();
        }
        let a = if self.info.kind == FileKind::Notebook {
            // A notebook is read whole: its code cells are one program, wherever the edit is.
            crate::notebook::analyze(&self.rope.to_string(), &self.info, ctx)
        } else {
            let items: Vec<(usize, &LineItems)> =
                self.items.iter().enumerate().filter_map(|(i, it)| it.as_deref().map(|x| (i, x))).collect();
            analyze_lines(&RopeLines(&self.rope), &items, &self.info, ctx)
        };
        self.analysis = Arc::new(a);
        self.analysis.clone()
    }

    /// Whether a line may hold an app registration's declaration (`workspace::LITERALS`).
    pub fn grant_anchored(&self) -> bool {
        self.items.iter().flatten().any(|i| i.grant_anchor)
    }

    pub fn line(&self, i: usize) -> Cow<'_, str> {
        rope_line(&self.rope, i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::LineCol as Position;

    fn doc(text: &str) -> Document {
        Document::new(text, 1, FileInfo::for_path("a.py"), u64::MAX)
    }

    fn fresh_items(d: &Document) -> Vec<bool> {
        (0..d.rope.len_lines()).map(|i| scan(&d.rope, i).is_some()).collect()
    }

    #[test]
    fn incremental_edits_keep_line_cache_equal_to_a_full_scan() {
        let url = "https://graph.microsoft.com/v1.0/security/alerts_v2";
        let mut d = doc(&format!("a\r\n{url}\r\nb\nc"));
        let edits: Vec<(LineColRange, &str)> = vec![
            (LineColRange::new(Position::new(0, 1), Position::new(0, 1)), "\n\n"),
            (LineColRange::new(Position::new(3, 0), Position::new(3, 5)), ""),
            (LineColRange::new(Position::new(1, 0), Position::new(3, 0)), "x\r"),
            (LineColRange::new(Position::new(0, 0), Position::new(0, 1)), url),
            (LineColRange::new(Position::new(0, 0), Position::new(9, 0)), "\r\n"),
        ];
        for (r, t) in edits {
            d.apply(Some(r), t, Encoding::Utf16, u64::MAX);
            let cached: Vec<bool> = d.items.iter().map(Option::is_some).collect();
            assert_eq!(cached, fresh_items(&d), "after {t:?} at {r:?}: {:?}", d.text());
        }
    }
}
