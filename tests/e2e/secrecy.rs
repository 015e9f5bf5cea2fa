//! `docs/behaviour.md`, "Secrets": no output of any surface holds a token, its payload or its signature. Every
//! surface runs here over files with tokens: `scan` in each format, `explain` with and without
//! `--url`, and a language-server session (diagnostics, hovers, inlay hints, code actions,
//! `claimcheck.explainToken`, configured tokens from every setting) logging at `trace`; and a
//! panic inside a handler, whose message would quote the document.

use std::process::Stdio;
use std::time::Duration;

use crate::common::text::{self, Enc};
use crate::common::tokens::{self, mint, with};
use crate::common::{leaks, uri};
use crate::reliability::{claimcheck, Client};
use serde_json::{json, Value};

const GRAPH_URL: &str = "https://graph.microsoft.com/v1.0/security/alerts_v2";

/// Distinct tokens, one per place a token can come from.
struct Tokens {
    file: String,
    http: String,
    fragment: String,
    expired: String,
    in_path: String,
    config: String,
    token_file: String,
    command: String,
}

impl Tokens {
    fn new() -> Tokens {
        // Payloads of different lengths: minted signatures depend on the lengths only, and a
        // leak must name the token it comes from.
        let pad = std::cell::Cell::new(0);
        let m = |mut extra: Value| {
            pad.set(pad.get() + 1);
            extra["pad"] = json!("x".repeat(pad.get() * 4));
            mint(with(tokens::delegated_no_alerts(), extra))
        };
        Tokens {
            file: m(json!({"oid": "file"})),
            http: mint(with(tokens::app_alerts(), json!({"oid": "http", "pad": "y".repeat(50)}))),
            fragment: m(json!({"oid": "fragment", "wids": null})),
            expired: m(json!({"oid": "expired", "exp": 1_700_000_000})),
            in_path: m(json!({"oid": "in-path"})),
            config: m(json!({"oid": "config", "exp": 1_700_000_000})),
            token_file: m(json!({"oid": "token-file"})),
            command: m(json!({"oid": "command"})),
        }
    }

    fn all(&self) -> [(&str, &str); 8] {
        [
            ("file", &self.file),
            ("http", &self.http),
            ("fragment", &self.fragment),
            ("expired", &self.expired),
            ("in-path", &self.in_path),
            ("config", &self.config),
            ("token-file", &self.token_file),
            ("command", &self.command),
        ]
    }

    /// `(file name, language id, text)` of the files that hold them.
    fn files(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("soc.py", "python", format!("TOKEN = \"{}\"\nr = requests.get(\"{GRAPH_URL}\")\nold = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")\n", self.file)),
            ("alerts.http", "http", format!("@token = {}\n\n### alerts\nGET {GRAPH_URL}\nAuthorization: Bearer {{{{token}}}}\n###\nPATCH https://graph.microsoft.com/v1.0/security/incidents/1\nAuthorization: Bearer {{{{token}}}}\n", self.http)),
            ("bug.md", "markdown", format!("Redirected to https://app.example/cb#access_token={}&token_type=Bearer\n\nthen `GET /v1.0/security/secureScores` fails.\n", self.fragment)),
            ("playbook.yaml", "yaml", format!("token: {}\nurl: https://graph.microsoft.com/v1.0/security/alerts/{{id}}\n", self.expired)),
            ("path.sh", "shellscript", format!("curl -X PATCH https://graph.microsoft.com/v1.0/security/alerts/{}\n", self.in_path)),
        ]
    }

    /// Asserts `text` (named `what`) holds no token, payload or signature of any of them.
    fn assert_absent(&self, what: &str, text: &str) {
        for (name, t) in self.all() {
            assert!(!leaks(text, t), "{what} holds the {name} token, its payload or its signature");
        }
    }
}

fn write_files(dir: &std::path::Path, t: &Tokens) {
    for (name, _, text) in t.files() {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn scan_in_every_format_and_explain_never_print_a_token() {
    let t = Tokens::new();
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &t);
    let d = dir.path().to_str().unwrap();
    let limit = Duration::from_secs(60);
    for format in ["human", "json", "sarif"] {
        let o = claimcheck(&["scan", "--format", format, d], None, limit);
        assert_eq!(o.code, Some(1), "{format}: {}", o.stderr);
        assert!(o.stdout_len > 500, "{format}: the files were reported");
        t.assert_absent(&format!("scan --format {format} (stdout)"), &o.stdout_str());
        t.assert_absent(&format!("scan --format {format} (stderr)"), &o.stderr);
    }
    // A configured token, expired: a warning on stderr names it without quoting it.
    for args in [vec!["--token", t.config.as_str()], vec!["--token-env", "CONFIG_TOKEN"]] {
        let mut cmd = std::process::Command::new(crate::reliability::bin());
        cmd.args(["scan", "--format", "json", d])
            .args(&args)
            .env("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z")
            .env("CONFIG_TOKEN", &t.config);
        let o = crate::reliability::run(cmd, None, limit);
        assert!(o.stderr.contains("token-expired"), "{args:?}: {}", tokens::redact(&o.stderr));
        t.assert_absent("scan with a configured token", &(o.stdout_str() + &o.stderr));
    }
    // explain: the token as an argument and on stdin, with and without --url, and a token that
    // does not decode (its message says why without quoting it).
    let broken = format!("{}.{}x.sig", t.file.split('.').next().unwrap(), t.file.split('.').nth(1).unwrap());
    let runs: Vec<(Vec<&str>, Option<&str>)> = vec![
        (vec!["explain", &t.file], None),
        (vec!["explain", &t.expired, "--url", GRAPH_URL], None),
        (
            vec!["explain", "-", "--url", "https://graph.microsoft.com/beta/security/incidents", "--method", "PATCH"],
            Some(&t.http),
        ),
        (vec!["explain", "-"], Some(&t.fragment)),
        (vec!["explain", &broken], None),
    ];
    for (args, stdin) in runs {
        let o = claimcheck(&args, stdin.map(|s| format!("Bearer {s}\n").into_bytes()), limit);
        assert!(o.code.is_some(), "explain ended");
        assert!(o.stdout_len + o.stderr.len() > 20, "explain said something");
        t.assert_absent("explain", &(o.stdout_str() + &o.stderr));
        assert!(!o.stderr.contains(broken.split('.').nth(1).unwrap()), "explain quotes a broken payload");
    }
}

/// The UTF-16 position of the `n`th occurrence of `needle`, a few characters in.
fn at(text: &str, needle: &str) -> Value {
    let b = text.find(needle).unwrap_or_else(|| panic!("{} not in the text", tokens::redact(needle))) + 3;
    let (line, character) = text::position(text, b, Enc::Utf16);
    json!({"line": line, "character": character})
}

#[test]
fn a_language_server_session_logging_at_trace_never_shows_a_token() {
    let t = Tokens::new();
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token.txt");
    std::fs::write(&token_file, &t.token_file).unwrap();
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut c = Client::spawn(
        std::path::Path::new(env!("CARGO_BIN_EXE_claimcheck")),
        &["lsp"],
        &[("RUST_LOG", "trace")],
        Stdio::from(log),
    );
    c.initialize(json!({"claimcheck": {"token": t.config}}));
    let shown = c.wait_for("the expired configured token's warning", Duration::from_secs(10), |m| {
        m["method"] == "window/showMessage"
    });
    assert!(shown["params"]["message"].as_str().unwrap().contains("expired"), "{shown}");
    let mut seen_diagnostics = 0;
    for (name, lang, text) in t.files() {
        let u = uri(name);
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": u, "languageId": lang, "version": 1, "text": text}}),
        );
        let diags = c.diagnostics(&u, 1, Duration::from_secs(10));
        seen_diagnostics += diags.len();
        // Hovers on every token and URL, hints over the whole file, every code action.
        for needle in t.all().iter().map(|(_, tok)| *tok).chain(["https://graph", "/v1.0/security/secureScores"]) {
            if text.contains(needle) {
                c.call("textDocument/hover", json!({"textDocument": {"uri": u}, "position": at(&text, needle)}));
            }
        }
        let hints = c.call("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}));
        assert!(hints.as_array().is_some_and(|h| !h.is_empty()), "{name}: hints");
        for d in &diags {
            c.call(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
            );
        }
    }
    assert!(seen_diagnostics >= 15, "{seen_diagnostics} diagnostics");
    for (_, tok) in t.all() {
        let md = c.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [tok]}));
        assert!(md.as_str().unwrap().contains("signature not verified"), "explainToken");
    }
    let broken = format!("{}.{}x.sig", t.file.split('.').next().unwrap(), t.file.split('.').nth(1).unwrap());
    let md = c.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [broken]}));
    assert!(md.as_str().unwrap().contains("Not a token"), "{md}");
    // An unknown request and a change to a document that is not open, each carrying a token.
    let id = c.send_request("claimcheck/unknown", json!({"token": t.file}));
    assert!(c.response(id, Duration::from_secs(10)).is_err());
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri("closed.py"), "version": 2}, "contentChanges": [{"text": t.file}]}),
    );
    // The configured token from a file, then from a command; each re-checks the open files.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"claimcheck": {"tokenFile": token_file.to_str().unwrap()}}}),
    );
    c.diagnostics(&uri("soc.py"), 1, Duration::from_secs(10));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"claimcheck": {"tokenCommand": ["echo", t.command]}}}),
    );
    c.diagnostics(&uri("soc.py"), 1, Duration::from_secs(10));
    c.diagnostics(&uri("soc.py"), 1, Duration::from_secs(10));
    let transcript = c.transcript.clone();
    assert_eq!(c.finish(), Some(0));
    let sent = String::from_utf8_lossy(&transcript.lock().unwrap()).into_owned();
    assert!(sent.contains("hardcoded-token") && sent.contains("signature not verified"), "the session ran");
    t.assert_absent("the messages the server sent", &sent);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(!log.is_empty(), "RUST_LOG=trace logged nothing");
    t.assert_absent("the trace log", &log);
}

#[test]
fn a_panic_inside_a_handler_shows_no_text_of_the_document() {
    let t = Tokens::new();
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("stderr.log");
    let log = std::fs::File::create(&log_path).unwrap();
    // Debug builds panic in `hover` when this is set, with a message quoting the line.
    let mut c = Client::spawn(
        std::path::Path::new(env!("CARGO_BIN_EXE_claimcheck")),
        &["lsp"],
        &[("RUST_LOG", "trace"), ("CLAIMCHECK_TEST_PANIC_IN_HOVER", "1")],
        Stdio::from(log),
    );
    c.initialize(json!({}));
    let (name, lang, text) = t.files().remove(0);
    let u = uri(name);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": lang, "version": 1, "text": text}}),
    );
    c.diagnostics(&u, 1, Duration::from_secs(10));
    c.send_request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": at(&text, &t.file)}));
    // The hook reports where the bug is, never what it was looking at.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !std::fs::read_to_string(&log_path).unwrap().contains("internal error") {
        assert!(std::time::Instant::now() < deadline, "the panic was reported");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The panicking request gets an internal error and the session goes on.
    let id = c.send_request("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}}));
    assert!(
        c.try_response(id, Duration::from_secs(10)).is_some_and(|r| r.is_ok()),
        "the server still answers after a handler panic"
    );
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("claimcheck: internal error at server/lsp/src/lib.rs:"), "{}", tokens::redact(&log));
    assert!(log.contains("details withheld"));
    assert!(!log.contains("quoting the line"), "the panic message is withheld");
    t.assert_absent("the log of a panicking server", &log);
    t.assert_absent("the messages of a panicking server", &c.transcript());
}
