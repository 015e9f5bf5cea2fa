//! Walking a workspace and reading its files the way `claimcheck scan` does
//! (`docs/behaviour.md`, "Surfaces": walking): `.gitignore`, `.ignore` and the config's `exclude`
//! are honoured, hidden files are read, `.git/` is not; binary files (a NUL in the first 8 KiB) and
//! files over the size limit are skipped. The command line and the language server's workspace
//! index both walk with this, so they see the same files.

use std::io::Read;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Files from this size on are mapped; smaller ones are read into a reused buffer (mapping costs
/// a few system calls and page faults that a small read does not).
pub const MMAP_MIN: u64 = 64 * 1024;

/// A walker over `root` with scan's rules, on `threads` threads.
pub fn walker(root: &Path, threads: usize) -> ignore::WalkParallel {
    builder(root).threads(threads).build_parallel()
}

/// The same rules, on the calling thread.
pub fn walker_serial(root: &Path) -> ignore::Walk {
    builder(root).build()
}

fn builder(root: &Path) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(root);
    b.hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(true)
        .parents(true)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git");
    b
}

/// A path as output shows it: `/` separators, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_owned()
}

/// Whether the config's `exclude` globs exclude a file, reached as `shown`, `rel` below its root.
pub fn excluded(exclude: &globset::GlobSet, shown: &str, rel: &str) -> bool {
    exclude.is_match(shown) || (!rel.is_empty() && exclude.is_match(rel))
}

/// A file's bytes: mapped, or read into the caller's buffer.
pub enum Content {
    Mapped(memmap2::Mmap),
    Buffer,
}

/// What reading a file gave.
pub enum Opened {
    /// The file is over the size limit (its size).
    TooLarge(u64),
    /// A NUL byte in the first 8 KiB.
    Binary,
    Text(Content),
}

/// Reads a regular file (mapping it when large); `buf` holds the bytes when the result is
/// `Content::Buffer`. Directories and unreadable files are errors.
pub fn read(path: &Path, max_size: Option<u64>, buf: &mut Vec<u8>) -> std::io::Result<Opened> {
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    if let Some(max) = max_size {
        if meta.len() > max {
            return Ok(Opened::TooLarge(meta.len()));
        }
    }
    let mut content = Content::Buffer;
    if meta.is_file() && meta.len() >= MMAP_MIN {
        // SAFETY: the map is read-only; a file truncated while mapped is the same hazard every
        // mmap-based scanner accepts.
        if let Ok(m) = unsafe { memmap2::Mmap::map(&file) } {
            content = Content::Mapped(m);
        }
    }
    if let Content::Buffer = content {
        read_into(&mut file, meta.len(), buf)?;
    }
    let bytes: &[u8] = match &content {
        Content::Mapped(m) => m,
        Content::Buffer => buf,
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Ok(Opened::Binary);
    }
    Ok(Opened::Text(content))
}

/// Reads a whole file into `buf` (reused between files), `size` being what its metadata says.
pub fn read_into(file: &mut std::fs::File, size: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    // One byte more than expected, so that a file that did not grow is read in full and then
    // met at its end without a larger buffer.
    buf.resize(usize::try_from(size).unwrap_or(usize::MAX - 1).saturating_add(1).min(1 << 30), 0);
    let mut filled = 0;
    loop {
        if filled == size as usize && size > 0 {
            // What the metadata promised: a regular file's end, without a read to meet it. (Size
            // 0 is also what special files such as /proc ones say: those are read to the end.)
            break;
        }
        if filled == buf.len() {
            // The file grew while being read: take the rest as it comes.
            file.read_to_end(buf)?;
            return Ok(());
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.clear();
                return Err(e);
            }
        }
    }
    buf.truncate(filled);
    Ok(())
}

/// Answers "would the walk of `root` reach this path?" for one path at a time (a file-watch
/// event), with the ignore files between the root and the path, read once per folder.
pub struct Ignores {
    root: PathBuf,
    folders: std::collections::HashMap<PathBuf, Option<Gitignore>>,
}

impl Ignores {
    pub fn new(root: &Path) -> Ignores {
        Ignores { root: root.to_path_buf(), folders: Default::default() }
    }

    /// Forgets what was read (an ignore file changed).
    pub fn clear(&mut self) {
        self.folders.clear();
    }

    fn matcher(&mut self, dir: &Path) -> Option<&Gitignore> {
        let root = self.root.clone();
        self.folders
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let mut b = GitignoreBuilder::new(dir);
                let mut any = false;
                for name in [".gitignore", ".ignore"] {
                    let p = dir.join(name);
                    if p.is_file() {
                        any |= b.add(p).is_none();
                    }
                }
                if dir == root {
                    let p = dir.join(".git/info/exclude");
                    if p.is_file() {
                        any |= b.add(p).is_none();
                    }
                }
                if any {
                    b.build().ok()
                } else {
                    None
                }
            })
            .as_ref()
    }

    /// Whether `path` (inside the root) is ignored, or lies in `.git/`.
    pub fn is_ignored(&mut self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else { return true };
        if rel.components().any(|c| c.as_os_str() == ".git") {
            return true;
        }
        let is_dir = path.is_dir();
        // Every folder from the root down to the path's parent may ignore it (or a folder above it).
        let mut dirs = vec![self.root.clone()];
        let mut d = self.root.clone();
        let comps: Vec<_> = rel.components().collect();
        for c in &comps[..comps.len().saturating_sub(1)] {
            d.push(c);
            dirs.push(d.clone());
        }
        let mut ignored = false;
        for dir in dirs {
            if let Some(m) = self.matcher(&dir) {
                let Ok(below) = path.strip_prefix(&dir) else { continue };
                match m.matched_path_or_any_parents(below, is_dir) {
                    ignore::Match::Ignore(_) => ignored = true,
                    ignore::Match::Whitelist(_) => ignored = false,
                    ignore::Match::None => {}
                }
            }
        }
        ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_paths_are_ignored_as_the_walk_ignores_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(root.join("gen")).unwrap();
        std::fs::write(root.join(".gitignore"), "gen/\n*.log\n").unwrap();
        std::fs::write(root.join("a/.ignore"), "secret.txt\n!keep.log\n").unwrap();
        for f in ["a/b/x.py", "a/b/secret.txt", "gen/out.tf", "top.log", "a/keep.log", "a/b/y.log", ".env"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let walked: std::collections::BTreeSet<String> = walker_serial(root)
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| display_path(e.path().strip_prefix(root).unwrap()))
            .collect();
        let mut ig = Ignores::new(root);
        for f in [
            "a/b/x.py",
            "a/b/secret.txt",
            "gen/out.tf",
            "top.log",
            "a/keep.log",
            "a/b/y.log",
            ".env",
            ".gitignore",
            "a/.ignore",
        ] {
            assert_eq!(!ig.is_ignored(&root.join(f)), walked.contains(f), "{f}: walked {walked:?}");
        }
        assert!(ig.is_ignored(&root.join(".git/config")));
    }

    #[test]
    fn reading_tells_binary_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.bin");
        std::fs::write(&p, b"ab\0cd").unwrap();
        let mut buf = Vec::new();
        assert!(matches!(read(&p, None, &mut buf).unwrap(), Opened::Binary));
        std::fs::write(&p, "hello").unwrap();
        assert!(matches!(read(&p, Some(3), &mut buf).unwrap(), Opened::TooLarge(5)));
        assert!(matches!(read(&p, None, &mut buf).unwrap(), Opened::Text(Content::Buffer)));
        assert_eq!(buf, b"hello");
        assert!(read(dir.path(), None, &mut buf).is_err());
    }
}
