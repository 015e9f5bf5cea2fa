//! Accuracy on public code nobody here wrote: every file of the corpus is scanned alone by the
//! binary, and its findings are scored against the expectations a reviewer wrote by reading the
//! code (`tests/realworld/expected.json`, described in `tests/realworld/README.md`), for the corpus
//! and for its held-out set (`tests/realworld/holdout/`). The files are other people's code, kept
//! out of the repository: `tests/realworld/fetch.py` downloads them. Without them the expectations
//! are still checked against the recorded sources.
//!
//! - A finding is a hit when an expected finding of the same rule is on its line (or on one of the
//!   `line_alternatives` of the reference there). Expected entries marked `certain: false` count
//!   neither way: a finding on their line is absorbed, and missing them is no miss.
//! - Precision = hits / (hits + false findings); recall = hits / certain expected findings.
//! - Method: for every hit on a call, the method in the JSON `endpoint` against the method the code
//!   uses (the reference's `method`, `methods` or `method_alternatives`).
//!
//! The table printed is the README's "Accuracy on public code".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::process::Command;

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/realworld")
}

#[derive(Default)]
struct Score {
    hits: usize,
    false_findings: usize,
    expected: usize,
    missed: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// The lines an expected entry may be reported on.
fn lines_of(entry: &Value) -> Vec<u64> {
    let mut v = vec![entry["line"].as_u64().unwrap()];
    if let Some(alts) = entry["line_alternatives"].as_array() {
        v.extend(alts.iter().filter_map(Value::as_u64));
    }
    v
}

fn methods_of(reference: &Value) -> Vec<String> {
    let mut v = vec![reference["method"].as_str().unwrap_or("").to_owned()];
    for key in ["methods", "method_alternatives"] {
        if let Some(list) = reference[key].as_array() {
            v.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
    v
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every expectation names a file recorded in `sources.json` with a commit, a licence and a hash.
fn check_sources(root: &Path) -> usize {
    let expected = read_json(&root.join("expected.json"));
    let sources = read_json(&root.join("sources.json"));
    let mut recorded = std::collections::HashSet::new();
    for src in sources.as_array().unwrap() {
        let repo = src["repo"].as_str().unwrap().replace('/', "__");
        assert_eq!(src["commit"].as_str().unwrap().len(), 40, "{repo}: a full commit");
        let licence = src["license"].as_str().unwrap();
        let permissive = ["MIT", "Apache-2.0", "BSD-3-Clause", "BSD-2-Clause", "CC-BY-4.0"];
        assert!(permissive.contains(&licence), "{repo}: {licence}");
        for f in src["files"].as_array().unwrap() {
            let f = f.as_str().unwrap();
            assert_eq!(src["sha256"][f].as_str().map(str::len), Some(64), "{repo}/{f}: a SHA-256");
            recorded.insert(format!("{repo}/{f}"));
        }
    }
    let files = expected["files"].as_object().unwrap();
    for (name, exp) in files {
        assert!(recorded.contains(name), "{name} is expected but not recorded in sources.json");
        for e in exp["references"].as_array().unwrap().iter().chain(exp["findings"].as_array().unwrap()) {
            assert!(e["line"].as_u64().is_some_and(|l| l > 0) && e["certain"].is_boolean(), "{name}: {e}");
        }
    }
    files.len()
}

#[test]
fn accuracy_on_public_code() {
    let root = corpus();
    assert!(check_sources(&root) >= 60, "the corpus holds 60 files or more");
    assert!(check_sources(&root.join("holdout")) >= 40, "the held-out set holds 40 files or more");
    for set in [root.clone(), root.join("holdout")] {
        if set.join("files").is_dir() {
            score(&set);
        } else {
            println!(
                "{}: files not downloaded (python3 tests/realworld/fetch.py); expectations checked only",
                set.display()
            );
        }
    }
}

/// Scores the scanner on one set whose files are present.
fn score(root: &Path) {
    let expected = read_json(&root.join("expected.json"));
    let files = expected["files"].as_object().unwrap();
    println!("{}:", root.display());

    let mut by_rule: BTreeMap<String, Score> = BTreeMap::new();
    let (mut method_right, mut method_checked) = (0usize, 0usize);
    let mut report = Vec::new();
    for (name, exp) in files {
        let path = root.join("files").join(name);
        assert!(path.is_file(), "{} is missing: download the corpus again", path.display());
        let out = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args(["scan", "--format", "json", "--fail-on", "never", "--now", "2026-06-01T00:00:00Z"])
            .arg(&path)
            .env_remove("CLAIMCHECK_NOW")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let got: Value = serde_json::from_slice(&out.stdout).unwrap();
        let references = exp["references"].as_array().unwrap();
        let findings = exp["findings"].as_array().unwrap();
        // Uncertain entries absorb whatever is reported on their lines.
        let uncertain_lines: Vec<u64> =
            references.iter().chain(findings).filter(|e| e["certain"] == false).flat_map(lines_of).collect();
        let mut matched = vec![false; findings.len()];
        for f in got["findings"].as_array().unwrap() {
            let rule = f["rule"].as_str().unwrap().to_owned();
            let line = f["line"].as_u64().unwrap();
            let reference = references.iter().find(|r| r["certain"] == true && lines_of(r).contains(&line));
            let at = |e: &Value| {
                let mut lines = lines_of(e);
                // A finding on a reference's alternative line is the finding on that reference.
                if let Some(r) = references.iter().find(|r| r["line"] == e["line"]) {
                    lines.extend(lines_of(r));
                }
                lines.contains(&line)
            };
            let hit = findings
                .iter()
                .enumerate()
                .find(|(i, e)| !matched[*i] && e["certain"] == true && e["rule"] == rule.as_str() && at(e));
            let score = by_rule.entry(rule.clone()).or_default();
            match hit {
                Some((i, _)) => {
                    matched[i] = true;
                    score.hits += 1;
                    if let (Some(method), Some(r)) = (f["endpoint"]["method"].as_str(), reference) {
                        method_checked += 1;
                        if methods_of(r).iter().any(|m| m.eq_ignore_ascii_case(method)) {
                            method_right += 1;
                        } else {
                            report
                                .push(format!("method  {name}:{line} {rule}: {method}, the code uses {}", r["method"]));
                        }
                    }
                }
                None if uncertain_lines.contains(&line) => {}
                None => {
                    score.false_findings += 1;
                    report.push(format!("false   {name}:{line} {rule}: {}", f["message"].as_str().unwrap_or("")));
                }
            }
        }
        for (i, e) in findings.iter().enumerate() {
            if e["certain"] == true {
                let score = by_rule.entry(e["rule"].as_str().unwrap().to_owned()).or_default();
                score.expected += 1;
                if !matched[i] {
                    score.missed += 1;
                    report.push(format!("missed  {name}:{} {}", e["line"], e["rule"].as_str().unwrap()));
                }
            }
        }
    }

    let total = by_rule.values().fold(Score::default(), |mut t, s| {
        t.hits += s.hits;
        t.false_findings += s.false_findings;
        t.expected += s.expected;
        t.missed += s.missed;
        t
    });
    println!("| rule | expected | found | false | missed | precision | recall |");
    println!("|---|---|---|---|---|---|---|");
    for (rule, s) in by_rule.iter().chain([(&"all".to_owned(), &total)]) {
        println!(
            "| {rule} | {} | {} | {} | {} | {:.1}% | {:.1}% |",
            s.expected,
            s.hits,
            s.false_findings,
            s.missed,
            100.0 * ratio(s.hits, s.hits + s.false_findings),
            100.0 * ratio(s.hits, s.expected)
        );
    }
    println!(
        "method right on {method_right} of {method_checked} matched call findings ({:.1}%)",
        100.0 * ratio(method_right, method_checked)
    );
    for line in &report {
        println!("{line}");
    }
    let precision = ratio(total.hits, total.hits + total.false_findings);
    let recall = ratio(total.hits, total.expected);
    let method = ratio(method_right, method_checked);
    assert!(precision >= 0.95, "precision {:.1}% < 95%", 100.0 * precision);
    assert!(recall >= 0.90, "recall {:.1}% < 90%", 100.0 * recall);
    assert!(method >= 0.95, "method right on {:.1}% < 95%", 100.0 * method);
}
