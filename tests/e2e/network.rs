//! `docs/behaviour.md`, "Secrets": claimcheck opens no network connection, ever. A scan and a language-server
//! session run under `strace -f -e trace=network`; the only sockets allowed are Unix-domain ones
//! (AF_UNIX), which a runtime may use between its own threads.
//!
//! Needs Debian's `strace` (`tests/run-all.sh` installs it); without it the test fails and says so.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::uri;
use crate::reliability::Client;
use serde_json::json;

fn strace() -> &'static str {
    let found = Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(found, "strace is not installed: `apt-get install strace` (tests/run-all.sh does it)");
    "strace"
}

/// Every network system call in an strace log that is not about a Unix-domain socket.
fn foreign_network_calls(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| !l.contains("+++ exited") && !l.contains("--- SIG") && !l.contains("resumed>"))
        .filter(|l| {
            let call = l.split_whitespace().nth(1).unwrap_or("");
            let name = call.split('(').next().unwrap_or("");
            matches!(
                name,
                "socket" | "socketpair" | "connect" | "bind" | "sendto" | "sendmsg" | "listen" | "accept" | "accept4"
            )
        })
        .filter(|l| !(l.contains("AF_UNIX") || l.contains("AF_LOCAL")))
        .map(str::to_owned)
        .collect()
}

fn traced_log(dir: &Path) -> String {
    dir.join("strace.log").to_str().unwrap().to_owned()
}

/// The check itself can fail: a process that opens a TCP socket is caught.
#[test]
fn the_trace_check_catches_an_inet_socket() {
    let strace = strace();
    let dir = tempfile::tempdir().unwrap();
    let log = traced_log(dir.path());
    let mut cmd = Command::new(strace);
    cmd.args(["-f", "-e", "trace=network", "-o", &log, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"]);
    crate::reliability::run(cmd, None, Duration::from_secs(30));
    let foreign = foreign_network_calls(&std::fs::read_to_string(&log).unwrap());
    assert!(foreign.iter().any(|l| l.contains("AF_INET")), "{foreign:?}");
}

#[test]
fn a_scan_opens_no_network_socket() {
    let strace = strace();
    let dir = tempfile::tempdir().unwrap();
    let (soc, _) = crate::common::soc_py();
    std::fs::write(dir.path().join("soc.py"), soc).unwrap();
    std::fs::write(dir.path().join("api.http"), "GET https://graph.microsoft.com/v1.0/security/incidents\n").unwrap();
    let log = traced_log(dir.path());
    let mut cmd = Command::new(strace);
    cmd.args(["-f", "-e", "trace=network", "-o", &log])
        .arg(crate::reliability::bin())
        .args(["scan", "--format", "sarif", dir.path().to_str().unwrap()])
        .env("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z");
    let o = crate::reliability::run(cmd, None, Duration::from_secs(60));
    assert_eq!(o.code, Some(1), "the scan ran and found errors: {}", o.stderr);
    let trace = std::fs::read_to_string(&log).unwrap();
    assert!(trace.contains("+++ exited with 1 +++"), "strace followed the scan: {trace}");
    let foreign = foreign_network_calls(&trace);
    assert!(foreign.is_empty(), "network calls other than AF_UNIX:\n{}", foreign.join("\n"));
}

#[test]
fn a_language_server_session_opens_no_network_socket() {
    let strace = strace();
    let dir = tempfile::tempdir().unwrap();
    let log = traced_log(dir.path());
    let bin = crate::reliability::bin();
    let args = ["-f", "-e", "trace=network", "-o", &log, bin.to_str().unwrap(), "lsp"];
    let mut c = Client::spawn(Path::new(strace), &args, &[], Stdio::null());
    c.initialize(json!({"claimcheck": {"inlayHints": true}}));
    let (text, token) = crate::common::soc_py();
    let u = uri("soc.py");
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}),
    );
    assert_eq!(c.diagnostics(&u, 1, Duration::from_secs(20)).len(), 5);
    let hover =
        c.call("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 30}}));
    assert!(hover["contents"].is_object());
    let hints = c.call("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}}));
    assert!(hints.as_array().is_some_and(|h| !h.is_empty()));
    let md = c.call("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": [token]}));
    assert!(md.as_str().is_some());
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# x\n"}]}));
    c.diagnostics(&u, 2, Duration::from_secs(20));
    assert_eq!(c.finish(), Some(0));
    let trace = std::fs::read_to_string(&log).unwrap();
    assert!(trace.contains("+++ exited with 0 +++"), "strace followed the server");
    let foreign = foreign_network_calls(&trace);
    assert!(foreign.is_empty(), "network calls other than AF_UNIX:\n{}", foreign.join("\n"));
}
