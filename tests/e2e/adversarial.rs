//! Hostile input against the built binary (the release build when there is a fresh one): huge
//! files and lines, a million tokens, deep nesting, a 10 MB token, bad bytes, a walk through
//! symlink loops and unreadable folders, recursive `.http` variables, runaway `tokenCommand`s,
//! and protocol abuse. Each must end in bounded time and memory, with a clear message and no
//! panic. Every test prints what it measured (`--nocapture` shows it).
//!
//! The bounds are generous for a debug build on a shared two-core machine; the figures measured
//! on a release build are in SECURITY.md.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::tokens::{self, mint};
use crate::common::{default_capabilities, spawn, uri, Lsp, WAIT};
use crate::reliability::{claimcheck, Outcome};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

const MIB: u64 = 1024;

fn report(what: &str, o: &Outcome) {
    eprintln!(
        "{what}: {:.2} s, peak RSS {:.1} MiB, exit {:?}, stdout {} bytes",
        o.elapsed.as_secs_f64(),
        o.mib(),
        o.code,
        o.stdout_len
    );
}

/// The run ended by itself, within `secs`, under `mib` MiB, with no panic and no token on
/// stderr.
fn assert_bounded(what: &str, o: &Outcome, secs: u64, mib: u64) {
    report(what, o);
    assert!(!o.timed_out, "{what}: still running after {secs} s");
    assert!(o.signal.is_none(), "{what}: ended by signal {:?}", o.signal);
    assert!(o.elapsed < Duration::from_secs(secs), "{what}: took {:?}", o.elapsed);
    assert!(o.max_rss_kib < mib * MIB, "{what}: peak RSS {:.1} MiB", o.mib());
    assert!(
        !o.stderr.contains("internal error") && !o.stderr.contains("panicked"),
        "{what}: {}",
        tokens::redact(&o.stderr)
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_owned()
}

fn json_out(o: &Outcome) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("stdout is not JSON: {e}"))
}

fn rules(v: &Value) -> Vec<String> {
    let mut r: Vec<String> =
        v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_owned()).collect();
    r.sort();
    r.dedup();
    r
}

#[test]
fn a_100_mb_single_line_file_is_scanned_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let token = mint(tokens::delegated_no_alerts());
    // Candidates all along the line (token starts, version words, SDK and scope words), so the
    // prefilter cannot skip it and every scanner runs over all of it.
    let filler = "abc eyJhbGci v1.0/ beta/x .security scope ".repeat(24);
    let mut line = format!("T = \"{token}\" ");
    while line.len() < 100 << 20 {
        line.push_str(&filler);
    }
    line.push_str(" fetch(\"https://graph.microsoft.com/v1.0/security/alerts_v2\")\n");
    let path = write(dir.path(), "huge.js", line.as_bytes());
    drop(line);
    let o = claimcheck(&["scan", "--format", "json", &path], None, Duration::from_secs(120));
    assert_bounded("100 MB line", &o, 120, 700);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let v = json_out(&o);
    assert_eq!(rules(&v), ["hardcoded-token", "missing-permission"]);
    assert_eq!(v["summary"]["tokens"], 1);
}

#[test]
fn a_file_of_one_million_tokens_is_reported_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    // The smallest token: {"alg":"none"} . {} . (empty signature), ten to a line.
    let small = format!("{}.e30.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#));
    let line = format!("{}\n", [small.as_str(); 10].join(" "));
    let text = line.repeat(100_000);
    let path = write(dir.path(), "million.txt", text.as_bytes());
    let o = claimcheck(&["scan", &path], None, Duration::from_secs(180));
    // About 3.3 KB per token held at once (each token decoded in the line scan and again in
    // the analysis, its finding, its report line): measured 3.2 GiB. See SECURITY.md.
    assert_bounded("1,000,000 tokens (human)", &o, 180, 4096);
    assert_eq!(o.code, Some(0), "warnings only: {}", o.stderr);
    let tail = String::from_utf8_lossy(&o.stdout_tail[o.stdout_tail.len().saturating_sub(200)..]).into_owned();
    assert!(tail.contains("1000000 warnings"), "{tail}");
    assert!(o.stdout_len > 1_000_000 * 50, "one line per finding");
}

#[test]
fn a_payload_nested_100000_levels_deep_is_not_a_token_and_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let payload = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let token = format!("{}.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#), URL_SAFE_NO_PAD.encode(&payload));
    let path = write(dir.path(), "deep.py", format!("T = \"{token}\"\nu = \"/v1.0/security/alerts_v2\"\n").as_bytes());
    let o = claimcheck(&["scan", "--format", "json", &path], None, Duration::from_secs(30));
    assert_bounded("payload nested 100,000 deep (scan)", &o, 30, 200);
    assert_eq!(json_out(&o)["summary"]["tokens"], 0, "JSON deeper than the parser's limit is not a token");
    let o = claimcheck(&["explain", "-"], Some(token.into_bytes()), Duration::from_secs(30));
    assert_bounded("payload nested 100,000 deep (explain)", &o, 30, 200);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("payload does not decode to a JSON object"), "{}", o.stderr);
}

#[test]
fn a_10_mb_token_is_decoded_and_named_by_its_first_ten_characters() {
    let dir = tempfile::tempdir().unwrap();
    let token =
        mint(json!({"aud": tokens::GRAPH, "idtyp": "app", "roles": ["User.Read.All"], "pad": "x".repeat(7_600_000)}));
    assert!(token.len() > 10_000_000);
    let path = write(
        dir.path(),
        "big.sh",
        format!("TOKEN={token}\ncurl https://graph.microsoft.com/v1.0/security/alerts_v2\n").as_bytes(),
    );
    let o = claimcheck(&["scan", "--format", "json", &path], None, Duration::from_secs(60));
    assert_bounded("10 MB token (scan)", &o, 60, 400);
    assert_eq!(rules(&json_out(&o)), ["hardcoded-token", "missing-permission"]);
    assert!(o.stdout_len < 10_000, "the output does not grow with the token");
    let o = claimcheck(
        &["explain", "-", "--url", "https://graph.microsoft.com/v1.0/security/alerts_v2"],
        Some(token.clone().into_bytes()),
        Duration::from_secs(60),
    );
    assert_bounded("10 MB token (explain --url)", &o, 60, 400);
    assert_eq!(o.code, Some(1), "decoded, and the call would fail");
    assert!(!crate::common::leaks(&o.stdout_str(), &token) && o.stdout_len < 10_000);
}

#[test]
fn invalid_utf8_is_read_lossily_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let token = mint(tokens::delegated_no_alerts());
    let mut bytes = b"\xff\xfe\xc3(\xe2\x82 T = \"".to_vec();
    bytes.extend_from_slice(token.as_bytes());
    bytes.extend_from_slice(
        b"\" \xed\xa0\x80\nurl = \"https://graph.microsoft.com/v1.0/security/alerts_v2\" \xc0\xaf\n",
    );
    let path = write(dir.path(), "latin.py", &bytes);
    let o = claimcheck(&["scan", "--format", "json", &path], None, Duration::from_secs(30));
    assert_bounded("invalid UTF-8", &o, 30, 200);
    assert!(o.stderr.contains("not valid UTF-8; invalid bytes were read as U+FFFD"), "{}", o.stderr);
    assert_eq!(rules(&json_out(&o)), ["hardcoded-token", "missing-permission"]);
}

#[test]
fn nul_bytes_skip_a_file_as_binary_only_in_its_first_8_kib() {
    let dir = tempfile::tempdir().unwrap();
    let token = mint(tokens::delegated_no_alerts());
    write(dir.path(), "early.txt", format!("\0T = \"{token}\"\n").as_bytes());
    let late = format!("{}\nT = \"{token}\" \0\0\n", "x".repeat(9000));
    write(dir.path(), "late.txt", late.as_bytes());
    let o = claimcheck(&["scan", "--format", "json", dir.path().to_str().unwrap()], None, Duration::from_secs(30));
    assert_bounded("NUL bytes", &o, 30, 200);
    let v = json_out(&o);
    assert_eq!((v["summary"]["files"].as_u64(), v["summary"]["skipped"].as_u64()), (Some(1), Some(1)));
    assert_eq!(rules(&v), ["hardcoded-token"]);
}

#[test]
fn a_walk_through_symlink_loops_ends_and_a_loop_named_explicitly_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    write(&d.join("sub"), "a.py", b"u = \"/v1.0/security/alerts\"\n");
    std::os::unix::fs::symlink("self", d.join("self")).unwrap();
    std::os::unix::fs::symlink("pong", d.join("ping")).unwrap();
    std::os::unix::fs::symlink("ping", d.join("pong")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/root")).unwrap();
    let o = claimcheck(&["scan", "--format", "json", d.to_str().unwrap()], None, Duration::from_secs(30));
    assert_bounded("symlink loops in a walk", &o, 30, 200);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let v = json_out(&o);
    assert_eq!(v["summary"]["files"], 1, "links are not followed: {}", o.stderr);
    assert_eq!(rules(&v), ["deprecated-endpoint"]);
    let looped = d.join("self");
    let o = claimcheck(&["scan", looped.to_str().unwrap()], None, Duration::from_secs(30));
    assert_bounded("a symlink loop named on the command line", &o, 30, 200);
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("self") && o.stderr.contains("symbolic links"), "{}", o.stderr);
}

/// Permission bits do not stop root, so as root the scan runs as `nobody` (uid and gid 65534)
/// through `CommandExt::uid`; otherwise as the current user. Either way the folder cannot be
/// read and the error path of the walk is taken.
#[test]
fn an_unreadable_folder_during_a_walk_is_skipped_and_counted() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    write(d, "ok.py", b"u = \"/v1.0/security/alerts\"\n");
    std::fs::create_dir(d.join("locked")).unwrap();
    write(&d.join("locked"), "hidden.py", b"u = \"/v1.0/security/alerts\"\n");
    write(d, "unreadable.py", b"u = \"/v1.0/security/alerts\"\n");
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(d.join("unreadable.py"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let bin = crate::reliability::bin();
    let mut cmd = std::process::Command::new(&bin);
    cmd.args(["scan", "--format", "json", d.to_str().unwrap()]).current_dir(d);
    let root = std::fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0).unwrap_or(false);
    if root {
        cmd.uid(65534).gid(65534);
    }
    let o = crate::reliability::run(cmd, None, Duration::from_secs(30));
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_bounded("unreadable folder and file in a walk", &o, 30, 200);
    assert!(o.stderr.contains("locked") && o.stderr.contains("Permission denied"), "{}", o.stderr);
    assert!(o.stderr.contains("unreadable.py") && o.stderr.contains("cannot read"), "{}", o.stderr);
    assert_eq!(o.code, Some(0), "unreadable entries met during a walk are not fatal: {}", o.stderr);
    let v = json_out(&o);
    assert_eq!((v["summary"]["files"].as_u64(), v["summary"]["skipped"].as_u64()), (Some(1), Some(2)));
}

#[test]
fn recursive_http_variables_and_a_huge_request_block_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let token = mint(tokens::delegated_no_alerts());
    let mut text = String::from("@self = {{self}}\n@ping = {{pong}}\n@pong = {{ping}}\n");
    for i in 0..10_000 {
        text.push_str(&format!("@v{i} = {{{{v{}}}}}\n", i + 1));
    }
    text.push_str(&format!("@v10000 = {token}\n"));
    for var in ["self", "ping", "v0", "v9993"] {
        text.push_str(&format!(
            "###\nGET https://graph.microsoft.com/v1.0/security/alerts_v2\nAuthorization: Bearer {{{{{var}}}}}\n"
        ));
    }
    // One block of 20,000 requests and no `###`: each request's block is the whole block.
    text.push_str("###\n");
    for _ in 0..20_000 {
        text.push_str("GET https://graph.microsoft.com/v1.0/security/incidents\n");
    }
    text.push_str("Authorization: Bearer {{v9999}}\n");
    let path = write(dir.path(), "loops.http", text.as_bytes());
    let o = claimcheck(&["scan", "--format", "json", &path], None, Duration::from_secs(60));
    assert_bounded("recursive @vars and a 20,000-request block", &o, 60, 300);
    let v = json_out(&o);
    let findings = v["findings"].as_array().unwrap();
    // Cycles and chains deeper than 8 resolve to nothing: the nearest token (line 10,004)
    // applies; `v9993` reaches the token in 7 steps.
    let token_line = 10_004;
    for f in findings.iter().filter(|f| f["endpoint"].is_object()) {
        assert_eq!(f["token"]["line"], token_line, "{}", crate::common::describe(f));
    }
    assert_eq!(findings.iter().filter(|f| f["rule"] == "missing-permission").count(), 20_004);
}

// ---- tokenCommand through the language server ----

/// The pids of `pid`'s live children, across its threads (a killed child the runtime has not
/// reaped yet is a zombie: it holds no memory and runs nothing).
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    let zombie = |c: &u32| {
        std::fs::read_to_string(format!("/proc/{c}/stat"))
            .map(|s| s.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z'))
            .unwrap_or(true)
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|s| s.split_whitespace().filter_map(|p| p.parse().ok()).collect::<Vec<u32>>())
        .filter(|c| !zombie(c))
        .collect()
}

fn token_command_session(argv: Value, within: Duration) -> (String, Duration, u64, Vec<u32>, Vec<u32>) {
    let mut c =
        crate::reliability::Client::spawn(&crate::reliability::bin(), &["lsp"], &[], std::process::Stdio::null());
    c.initialize(json!({}));
    let t0 = Instant::now();
    c.notify("workspace/didChangeConfiguration", json!({"settings": {"claimcheck": {"tokenCommand": argv}}}));
    // While the command runs, the server answers.
    let u = uri("t.py");
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": "u = \"/v1.0/security/alerts\"\n"}}));
    assert_eq!(c.diagnostics(&u, 1, WAIT).len(), 1);
    std::thread::sleep(Duration::from_millis(300));
    let running = children(c.pid());
    let m = c.wait_for("window/showMessage", within, |m| m["method"] == "window/showMessage");
    let took = t0.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    let after = children(c.pid());
    let hwm = crate::reliability::proc_kib(c.pid(), "VmHWM").unwrap();
    assert_eq!(c.finish(), Some(0));
    (m["params"]["message"].as_str().unwrap().to_owned(), took, hwm, running, after)
}

#[test]
fn a_token_command_printing_a_gigabyte_is_cut_at_64_kib_and_stopped() {
    let (msg, took, hwm, running, after) = token_command_session(json!(["yes", "eyJhbGciOiJub25lIn0"]), WAIT);
    eprintln!(
        "tokenCommand yes: message after {:.2} s, server VmHWM {:.1} MiB",
        took.as_secs_f64(),
        hwm as f64 / 1024.0
    );
    assert!(msg.contains("printed more than 64 KiB"), "{msg}");
    assert!(!msg.contains("eyJhbGciOiJub25lIn0"), "the message does not quote the output");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(hwm < 200 * MIB, "{hwm} KiB");
    let _ = running;
    assert!(after.is_empty(), "the command was stopped: children left {after:?}");
}

#[test]
fn a_token_command_that_never_exits_is_stopped_after_10_seconds() {
    let (msg, took, hwm, running, after) = token_command_session(json!(["sleep", "3600"]), Duration::from_secs(20));
    eprintln!(
        "tokenCommand sleep 3600: message after {:.2} s, server VmHWM {:.1} MiB",
        took.as_secs_f64(),
        hwm as f64 / 1024.0
    );
    assert!(msg.contains("did not finish within 10 s and was stopped"), "{msg}");
    assert!(took >= Duration::from_secs(10) && took < Duration::from_secs(16), "{took:?}");
    assert_eq!(running.len(), 1, "sleep was running");
    assert!(after.is_empty(), "sleep was killed and reaped: children left {after:?}");
}

// ---- protocol abuse against the binary ----

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

async fn alive(lsp: &mut Lsp) {
    let (text, _) = crate::common::soc_py();
    let u = uri("alive.py");
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "python", "version": 1, "text": text}}),
    );
    assert_eq!(lsp.diagnostics(&u, 1).await.len(), 5);
    assert!(lsp.hover(&u, 2, 30).await["contents"].is_object());
    lsp.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert_eq!(lsp.next_diagnostics(&u).await, (None, vec![]));
}

#[tokio::test]
async fn garbage_and_wrong_content_lengths_are_survived() {
    let mut lsp = spawn(&["lsp"], &[]);
    lsp.initialize(default_capabilities(), None).await;
    // Random bytes, blank-line terminated so that the stream can be read again after them.
    let mut x: u32 = 12345;
    let junk: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    lsp.send_raw(junk);
    lsp.send_raw(b"\r\n\r\n".to_vec());
    alive(&mut lsp).await;
    let body = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 9001, "method": "shutdown"})).unwrap();
    // Too short: the cut body is not JSON and is dropped; its tail reads as a header block.
    let mut short = format!("Content-Length: {}\r\n\r\n", body.len() - 5).into_bytes();
    short.extend_from_slice(&body);
    short.extend_from_slice(b"\r\n\r\n");
    lsp.send_raw(short);
    // Not a number, negative, and beyond any size.
    for len in ["abc", "-5", "99999999999999999999999", ""] {
        lsp.send_raw(format!("Content-Length: {len}\r\n\r\n").into_bytes());
    }
    alive(&mut lsp).await;
    // Too long: the body swallows the start of what follows; a blank line resynchronises.
    let mut long = format!("Content-Length: {}\r\n\r\n", body.len() + 40).into_bytes();
    long.extend_from_slice(&body);
    lsp.send_raw(long);
    lsp.send_raw(b"\r\n\r\n".to_vec());
    lsp.send_raw(b"Content-Length: 2\r\n\r\n{}".to_vec());
    lsp.send_raw(vec![b' '; 64]);
    lsp.send_raw(b"\r\n\r\n".to_vec());
    alive(&mut lsp).await;
    lsp.finish().await;
}

#[tokio::test]
async fn a_content_length_longer_than_the_input_ends_in_a_clean_exit_1() {
    let mut lsp = spawn(&["lsp"], &[]);
    lsp.initialize(default_capabilities(), None).await;
    lsp.send_raw(b"Content-Length: 1000000\r\n\r\n{\"jsonrpc\": \"2.0\"".to_vec());
    lsp.close_input();
    assert_eq!(lsp.exit_code().await, Some(1), "end of input without exit");
    lsp.done();
}

#[test]
fn a_100_mb_message_is_read_and_the_document_skipped() {
    let mut c =
        crate::reliability::Client::spawn(&crate::reliability::bin(), &["lsp"], &[], std::process::Stdio::null());
    c.initialize(json!({}));
    let base = crate::reliability::proc_kib(c.pid(), "VmRSS").unwrap();
    let u = uri("huge.txt");
    let text = "https://graph.microsoft.com/v1.0/security/alerts ".repeat((100 << 20) / 49 + 1);
    let t0 = Instant::now();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": u, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let d = c.diagnostics(&u, 1, Duration::from_secs(120));
    let took = t0.elapsed();
    assert_eq!(d.len(), 1);
    assert!(d[0]["message"].as_str().unwrap().contains("skipped"), "{}", d[0]);
    let h = c.call("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(0, 10)}));
    assert_eq!(h, Value::Null);
    let hwm = crate::reliability::proc_kib(c.pid(), "VmHWM").unwrap();
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    c.wait_for("the empty list on close", WAIT, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == u && m["params"]["version"].is_null()
    });
    let after = crate::reliability::proc_kib(c.pid(), "VmRSS").unwrap();
    eprintln!(
        "100 MB didOpen: {:.2} s, VmRSS {:.1} MiB before, VmHWM {:.1} MiB, VmRSS {:.1} MiB after close",
        took.as_secs_f64(),
        base as f64 / 1024.0,
        hwm as f64 / 1024.0,
        after as f64 / 1024.0
    );
    assert!(took < Duration::from_secs(60), "{took:?}");
    assert!(hwm < 1200 * MIB, "{hwm} KiB");
    assert_eq!(c.finish(), Some(0));
}

#[tokio::test]
async fn requests_before_initialize_get_server_not_initialized_from_the_binary() {
    let mut lsp = spawn(&["lsp"], &[]);
    for (method, params) in [
        ("textDocument/hover", json!({"textDocument": {"uri": uri("a.py")}, "position": pos(0, 0)})),
        ("workspace/executeCommand", json!({"command": "claimcheck.explainToken", "arguments": ["x"]})),
        ("shutdown", Value::Null),
    ] {
        let err = lsp.request(method, params).await.unwrap_err();
        assert_eq!(err["code"], -32002, "{method}: {err}");
    }
    // Notifications before initialize are dropped; nothing is published.
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri("a.py"), "languageId": "python", "version": 1, "text": "x"}}),
    );
    lsp.initialize(default_capabilities(), None).await;
    alive(&mut lsp).await;
    lsp.finish().await;
}

#[tokio::test]
async fn ten_thousand_requests_in_flight_are_all_answered_and_cancelling_them_is_harmless() {
    let mut lsp = spawn(&["lsp"], &[]);
    lsp.initialize(default_capabilities(), None).await;
    let (text, _) = crate::common::soc_py();
    let u = uri("soc.py");
    lsp.open(&u, "python", &text).await;
    let t0 = Instant::now();
    let ids: Vec<i64> = (0..10_000)
        .map(|i| {
            if i % 2 == 0 {
                lsp.send_request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": pos(2, 30)}))
            } else {
                lsp.send_request(
                    "textDocument/inlayHint",
                    json!({"textDocument": {"uri": u}, "range": {"start": pos(0, 0), "end": pos(9, 0)}}),
                )
            }
        })
        .collect();
    // Cancel every third one, some twice, and some that do not exist.
    for id in ids.iter().step_by(3) {
        lsp.notify("$/cancelRequest", json!({"id": id}));
    }
    for id in [ids[3], ids[3], 999_999] {
        lsp.notify("$/cancelRequest", json!({"id": id}));
    }
    let (mut answered, mut cancelled) = (0, 0);
    for id in &ids {
        match lsp.response(*id, Duration::from_secs(60)).await {
            Ok(v) => {
                assert!(!v.is_null(), "request {id}");
                answered += 1;
            }
            Err(e) => {
                assert_eq!(e["code"], -32800, "request {id}: {e}");
                cancelled += 1;
            }
        }
    }
    eprintln!(
        "10,000 requests in flight: {answered} answered, {cancelled} cancelled, in {:.2} s",
        t0.elapsed().as_secs_f64()
    );
    assert_eq!(answered + cancelled, 10_000);
    assert!(cancelled <= 3334);
    alive(&mut lsp).await;
    lsp.finish().await;
}

#[tokio::test]
async fn a_json_rpc_message_nested_100000_levels_deep_is_dropped() {
    let mut lsp = spawn(&["lsp"], &[]);
    lsp.initialize(default_capabilities(), None).await;
    let deep = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"textDocument/hover\",\"params\":{}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    lsp.send_raw(format!("Content-Length: {}\r\n\r\n{deep}", deep.len()).into_bytes());
    alive(&mut lsp).await;
    lsp.finish().await;
}
