//! The invariants of `ARCHITECTURE.md` that a test can hold: the core stays pure, and every rule has
//! its own file and its own page.

use std::path::{Path, PathBuf};

use claimcheck_core::rules::Rule;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_core_does_no_io_and_reads_no_clock() {
    // Spelled in pieces so that this file does not match itself.
    let forbidden = [
        ["std::", "fs"].concat(),
        ["std::", "env"].concat(),
        ["std::", "net"].concat(),
        ["std::", "process"].concat(),
        ["std::io::", "stdin"].concat(),
        ["std::io::", "stdout"].concat(),
        ["System", "Time"].concat(),
        ["Instant::", "now"].concat(),
        ["now", "_utc"].concat(),
        ["to", "kio"].concat(),
        ["tower_", "lsp"].concat(),
        ["cl", "ap::"].concat(),
        ["print", "ln!"].concat(),
    ];
    let mut files = Vec::new();
    rust_files(&crate_dir().join("src"), &mut files);
    assert!(files.len() > 10, "found the core's sources");
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            for word in &forbidden {
                if line.contains(word.as_str()) {
                    found.push(format!("{}:{}: {word}", f.display(), i + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the core must stay free of I/O, clocks and shells:\n{}", found.join("\n"));
}

#[test]
fn every_rule_has_its_own_file_and_page() {
    let docs = crate_dir().join("../../docs/rules");
    for r in Rule::ALL {
        let file = crate_dir().join("src/rules").join(format!("{}.rs", r.id().replace('-', "_")));
        assert!(file.is_file(), "{} has no {}", r.id(), file.display());
        let page = docs.join(format!("{}.md", r.id()));
        let text =
            std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{} has no page {}", r.id(), page.display()));
        assert!(text.contains(&format!("`{}`", r.id())), "{} names its rule", page.display());
        assert!(r.doc_url().ends_with(&format!("docs/rules/{}.md", r.id())), "{}", r.doc_url());
    }
    let index = std::fs::read_to_string(docs.join("README.md")).unwrap();
    for r in Rule::ALL {
        assert!(index.contains(&format!("({}.md)", r.id())), "docs/rules/README.md links {}", r.id());
    }
}
