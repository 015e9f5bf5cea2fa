//! The workspace index (`docs/behaviour.md`, "The language server"): per workspace folder, what
//! each file contributes to the workspace (its declarations, its callerless calls, its sign-in),
//! read from disk in the background and from open documents as they change, and the apps built
//! from it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use claimcheck_core::analysis::{self, Analysis, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::config::AppEntry;
use claimcheck_core::context::FileInfo;
use claimcheck_core::document::{Document, RopeLines};
use claimcheck_core::finding::Finding;
use claimcheck_core::grants::FileApp;
use claimcheck_core::prefilter;
use claimcheck_core::workspace::model::WsFile;
use claimcheck_core::workspace::names::Names;
use claimcheck_core::workspace::{self, FileFacts, Model, Workspace};
use claimcheck_files::{Content, Ignores, Opened};

/// One workspace folder.
pub struct Root {
    pub path: PathBuf,
    /// Facts read from disk, by path below the root (`/` separators).
    disk: HashMap<String, Arc<FileFacts>>,
    /// Facts of open documents: they win over the disk's.
    open: HashMap<String, Arc<FileFacts>>,
    pub model: Arc<Model>,
    pub ignores: Ignores,
}

#[derive(Default)]
pub struct Index {
    pub roots: Vec<Root>,
}

impl Index {
    pub fn new(folders: &[PathBuf]) -> Index {
        Index {
            roots: folders
                .iter()
                .map(|p| Root {
                    path: p.clone(),
                    disk: HashMap::new(),
                    open: HashMap::new(),
                    model: Arc::default(),
                    ignores: Ignores::new(p),
                })
                .collect(),
        }
    }

    /// The folder holding `path` (the innermost one) and the path below it.
    pub fn locate(&self, path: &Path) -> Option<(usize, String)> {
        self.roots
            .iter()
            .enumerate()
            .filter_map(|(i, r)| path.strip_prefix(&r.path).ok().map(|rel| (i, r.path.as_os_str().len(), rel)))
            .max_by_key(|(_, len, _)| *len)
            .map(|(i, _, rel)| (i, claimcheck_files::display_path(rel)))
    }

    /// Sets an open document's facts (`None`: it holds nothing, or it closed). Whether anything
    /// the apps are built from changed.
    pub fn set_open(&mut self, root: usize, rel: &str, facts: Option<Arc<FileFacts>>) -> bool {
        let r = &mut self.roots[root];
        match facts {
            Some(f) => r.open.insert(rel.to_owned(), f.clone()).is_none_or(|old| old != f),
            None => r.open.remove(rel).is_some(),
        }
    }

    /// A closed document: its facts are the disk's again (read by the caller).
    pub fn set_disk(&mut self, root: usize, rel: &str, facts: Option<Arc<FileFacts>>) -> bool {
        let r = &mut self.roots[root];
        match facts {
            Some(f) => r.disk.insert(rel.to_owned(), f.clone()).is_none_or(|old| old != f),
            None => r.disk.remove(rel).is_some(),
        }
    }

    pub fn replace_disk(&mut self, root: usize, facts: HashMap<String, Arc<FileFacts>>) {
        self.roots[root].disk = facts;
    }

    /// Rebuilds one folder's apps from its facts.
    pub fn rebuild(&mut self, root: usize, names: &Names, entries: &[AppEntry], severity: &SeverityMap) {
        let r = &mut self.roots[root];
        let mut files: Vec<WsFile> = Vec::with_capacity(r.disk.len() + r.open.len());
        for (rel, f) in r.open.iter().chain(r.disk.iter().filter(|(rel, _)| !r.open.contains_key(*rel))) {
            files.push(WsFile {
                rel: rel.clone(),
                display: Arc::from(r.path.join(rel).to_string_lossy().as_ref()),
                facts: f.clone(),
            });
        }
        let ws = Workspace { files, entries: entries.to_vec() };
        r.model = Arc::new(ws.model(names, severity));
    }

    /// The app an open document's callerless calls belong to.
    pub fn app_for(&self, root: usize, rel: &str) -> Option<FileApp> {
        self.roots[root].model.app_for(rel).cloned()
    }

    /// Findings on the declarations of a file (`unused-permission`, `broader-than-needed`).
    pub fn declaration_findings(&self, root: usize, rel: &str) -> Vec<Finding> {
        let m = &self.roots[root].model;
        m.file_index(rel).and_then(|i| m.findings.get(&i)).cloned().unwrap_or_default()
    }

    /// Every note of every folder, for one message.
    pub fn notes(&self) -> Vec<String> {
        self.roots.iter().flat_map(|r| r.model.note_lines()).collect()
    }
}

/// The facts of an open document, from its analysis.
pub fn document_facts(doc: &Document, a: &Analysis, path: &Path, names: &Names) -> Option<Arc<FileFacts>> {
    let anchored = doc.grant_anchored();
    if !anchored && a.urls.is_empty() && a.declarations.is_empty() {
        return None;
    }
    let text = doc.rope.to_string();
    let display: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    let f = workspace::file_facts(a, &RopeLines(&doc.rope), Some(&text), anchored, &display, &display, names);
    (!f.is_empty()).then(|| Arc::new(f))
}

/// The facts of a file on disk, read as `scan` reads it.
pub fn disk_facts(
    path: &Path,
    max: u64,
    catalog: &Catalog,
    names: &Names,
    buf: &mut Vec<u8>,
) -> Option<Arc<FileFacts>> {
    let content = match claimcheck_files::read(path, Some(max), buf) {
        Ok(Opened::Text(c)) => c,
        _ => return None,
    };
    let bytes: &[u8] = match &content {
        Content::Mapped(m) => m,
        Content::Buffer => buf,
    };
    let display = path.to_string_lossy();
    let info = FileInfo::for_path(&display);
    let severity = SeverityMap::new();
    let ctx = Context { catalog, now: 0, severity: &severity, configured: None, app: None };
    let lossy;
    let (scan, text) = match prefilter::scan_bytes(bytes) {
        Ok(scan) => (scan, std::str::from_utf8(bytes).ok()),
        Err(_) => {
            lossy = String::from_utf8_lossy(bytes).into_owned();
            (prefilter::scan_str(&lossy), Some(lossy.as_str()))
        }
    };
    if scan.items.is_empty() {
        return None;
    }
    let a = analysis::analyze_scan(&scan, &info, &ctx);
    let anchored = scan.items.iter().any(|(_, li)| li.grant_anchor);
    if !anchored && a.urls.is_empty() && a.declarations.is_empty() {
        return None;
    }
    let display: Arc<str> = Arc::from(display.as_ref());
    let f = workspace::file_facts(&a, &scan.lines, text, anchored, &display, &display, names);
    (!f.is_empty()).then(|| Arc::new(f))
}

/// The files of a folder, as `scan` walks it.
pub fn list_files(root: &Path, exclude: &globset::GlobSet) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for e in claimcheck_files::walker_serial(root).flatten() {
        if !e.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = e.path().strip_prefix(root).map(claimcheck_files::display_path).unwrap_or_default();
        let shown = claimcheck_files::display_path(e.path());
        if !claimcheck_files::excluded(exclude, &shown, &rel) {
            out.push((e.into_path(), rel));
        }
    }
    out
}

/// Reads the facts of `files` on `threads` threads, counting each file read in `done`.
pub fn read_all(
    files: &[(PathBuf, String)],
    max: u64,
    catalog: &Catalog,
    threads: usize,
    done: &AtomicUsize,
) -> HashMap<String, Arc<FileFacts>> {
    let names = Names::new(catalog);
    let next = AtomicUsize::new(0);
    let out = std::sync::Mutex::new(HashMap::new());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                let mut buf = Vec::new();
                let mut mine = Vec::new();
                while let Some((path, rel)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Some(f) = disk_facts(path, max, catalog, &names, &mut buf) {
                        mine.push((rel.clone(), f));
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
                out.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner())
}
