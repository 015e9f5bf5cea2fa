//! Accuracy on public code nobody here wrote: every file of `tests/realworld/files` is scanned
//! alone by the binary, and its findings are scored against the expectations a reviewer wrote by
//! reading the code (`tests/realworld/expected.json`, described in `tests/realworld/README.md`).
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

#[test]
fn accuracy_on_public_code() {
    let root = corpus();
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(root.join("expected.json")).unwrap()).unwrap();
    let files = expected["files"].as_object().unwrap();
    assert!(files.len() >= 60, "the corpus holds {} files", files.len());

    let mut by_rule: BTreeMap<String, Score> = BTreeMap::new();
    let (mut method_right, mut method_checked) = (0usize, 0usize);
    let mut report = Vec::new();
    for (name, exp) in files {
        let path = root.join("files").join(name);
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
