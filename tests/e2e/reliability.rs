//! What the reliability suites (`adversarial`, `secrecy`, `network`, `soak`) share: the binary
//! to drive, a run with a deadline that measures the child's peak memory, and a small blocking
//! LSP client for long sessions against a spawned server.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The binary under test: `CLAIMCHECK_BIN` (set by `tests/run-all.sh` to the fresh release
/// build), else `target/release/claimcheck` when it is newer than the test build, else the test
/// build itself.
pub fn bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CLAIMCHECK_BIN").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let debug = PathBuf::from(env!("CARGO_BIN_EXE_claimcheck"));
    let release = debug.parent().and_then(|d| d.parent()).map(|t| t.join("release/claimcheck"));
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match release {
        Some(r) if modified(&r).is_some() && modified(&r) >= modified(&debug) => r,
        _ => debug,
    }
}

/// How a run ended.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code; `None` when a signal ended it.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    /// The first 16 MiB of each stream, and how many bytes there were.
    pub stdout: Vec<u8>,
    /// The last 64 KiB or more of stdout.
    pub stdout_tail: Vec<u8>,
    pub stdout_len: usize,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident memory of the child (`VmHWM`), KiB.
    pub max_rss_kib: u64,
    /// Killed at the deadline.
    pub timed_out: bool,
}

impl Outcome {
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn mib(&self) -> f64 {
        self.max_rss_kib as f64 / 1024.0
    }
}

/// `struct rusage` of 64-bit Linux: two `timeval`s, then 14 longs (`ru_maxrss` first).
#[repr(C)]
struct Rusage([i64; 18]);

extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
}

const WNOHANG: i32 = 1;
const CAP: usize = 16 << 20;

/// Reads a stream to its end: its first `CAP` bytes, its last 64 KiB, and its length.
fn drain(mut r: impl Read + Send + 'static) -> thread::JoinHandle<(Vec<u8>, Vec<u8>, usize)> {
    thread::spawn(move || {
        let (mut kept, mut tail, mut total, mut buf) = (Vec::new(), Vec::new(), 0usize, vec![0u8; 1 << 16]);
        while let Ok(n) = r.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
            if kept.len() < CAP {
                kept.extend_from_slice(&buf[..n.min(CAP - kept.len())]);
            }
            tail.extend_from_slice(&buf[..n]);
            if tail.len() > 1 << 17 {
                tail.drain(..tail.len() - (1 << 16));
            }
        }
        (kept, tail, total)
    })
}

/// Reaps `child`, killing it at `deadline`; returns (status, peak VmHWM in KiB, timed out).
///
/// The peak comes from sampling `/proc/<pid>/status` every few milliseconds, not from
/// `ru_maxrss`: Linux carries the parent's high-water mark across `exec` into the child's, so a
/// test process holding a big input would be charged to the child.
fn reap(child: &mut Child, limit: Duration) -> (i32, u64, bool) {
    let pid = child.id() as i32;
    let t0 = Instant::now();
    let mut timed_out = false;
    let mut hwm = 0;
    loop {
        if let Some(k) = proc_kib(pid as u32, "VmHWM") {
            hwm = hwm.max(k);
        }
        let mut status = 0;
        let mut ru = Rusage([0; 18]);
        let flags = if timed_out { 0 } else { WNOHANG };
        // SAFETY: plain wait4(2) on our own child, with valid out-pointers.
        let r = unsafe { wait4(pid, &mut status, flags, &mut ru) };
        if r == pid {
            return (status, hwm, timed_out);
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if t0.elapsed() > limit {
            let _ = child.kill();
            timed_out = true;
            continue;
        }
        thread::sleep(Duration::from_millis(2));
    }
}

/// Runs `cmd` to the end or `limit`, feeding it `stdin`, measuring it.
pub fn run(mut cmd: Command, stdin: Option<Vec<u8>>, limit: Duration) -> Outcome {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let t0 = Instant::now();
    let mut child = cmd.spawn().expect("the binary starts");
    let feeder = stdin.map(|bytes| {
        let mut w = child.stdin.take().unwrap();
        thread::spawn(move || {
            let _ = w.write_all(&bytes);
        })
    });
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let (status, hwm, timed_out) = reap(&mut child, limit);
    let elapsed = t0.elapsed();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let (stdout, stdout_tail, stdout_len) = out.join().unwrap();
    let (stderr, _, _) = err.join().unwrap();
    let (code, signal) =
        if status & 0x7f == 0 { (Some((status >> 8) & 0xff), None) } else { (None, Some(status & 0x7f)) };
    Outcome {
        code,
        signal,
        stdout,
        stdout_tail,
        stdout_len,
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed,
        max_rss_kib: hwm,
        timed_out,
    }
}

/// `claimcheck <args>` with the contract's clock, run to the end or `limit`.
pub fn claimcheck(args: &[&str], stdin: Option<Vec<u8>>, limit: Duration) -> Outcome {
    let mut cmd = Command::new(bin());
    cmd.args(args).env("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z").env_remove("RUST_LOG");
    run(cmd, stdin, limit)
}

/// A field of `/proc/<pid>/status` in KiB (`VmRSS`, `VmHWM`).
pub fn proc_kib(pid: u32, field: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line[field.len() + 1..].trim().trim_end_matches("kB").trim().parse().ok()
}

/// Frames one message.
pub fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// A blocking LSP client over a spawned server's stdio. Server requests are answered with
/// `null`; everything else is queued for the test.
pub struct Client {
    pub child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: mpsc::Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: i64,
    /// Every message body the server sent, in order.
    pub transcript: Arc<Mutex<Vec<u8>>>,
}

impl Client {
    pub fn spawn(bin: &std::path::Path, args: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Client {
        let mut cmd = Command::new(bin);
        cmd.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(stderr).env_remove("RUST_LOG");
        cmd.env("CLAIMCHECK_NOW", "2026-06-01T00:00:00Z");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the binary starts");
        let stdin = Arc::new(Mutex::new(child.stdin.take().unwrap()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let answers = stdin.clone();
        let transcript = Arc::new(Mutex::new(Vec::new()));
        let record = transcript.clone();
        thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    match r.read_line(&mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length:") {
                        len = v.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length from the server")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                {
                    let mut t = record.lock().unwrap();
                    t.extend_from_slice(&body);
                    t.push(b'\n');
                }
                let msg: Value = serde_json::from_slice(&body).expect("the server sends JSON");
                if msg.get("method").is_some() && msg.get("id").is_some() {
                    let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
                    let _ = answers.lock().unwrap().write_all(&frame(&reply));
                } else if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, rx, pending: VecDeque::new(), next_id: 1, transcript }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Writes to the server. A server that has exited is found out by the wait that follows.
    pub fn send_raw(&self, bytes: &[u8]) {
        let mut w = self.stdin.lock().unwrap();
        let _ = w.write_all(bytes).and_then(|_| w.flush());
    }

    /// Everything the server has sent so far, as text.
    pub fn transcript(&self) -> String {
        String::from_utf8_lossy(&self.transcript.lock().unwrap()).into_owned()
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send_raw(&frame(&json!({"jsonrpc": "2.0", "method": method, "params": params})));
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(&frame(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})));
        id
    }

    /// The first message, pending or new, that `want` accepts, within `within`.
    pub fn wait_for(&mut self, what: &str, within: Duration, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&want) {
            return self.pending.remove(i).unwrap();
        }
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.pending.push_back(m),
                Err(e) => panic!("waiting for {what}: {e}"),
            }
        }
    }

    pub fn response(&mut self, id: i64, within: Duration) -> Result<Value, Value> {
        let m = self.wait_for(&format!("the response to {id}"), within, |m| m["id"] == id && m.get("method").is_none());
        match m.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(m["result"].clone()),
        }
    }

    /// The response to `id`, or `None` when the server closed its output or `within` passed.
    pub fn try_response(&mut self, id: i64, within: Duration) -> Option<Result<Value, Value>> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(i) = self.pending.iter().position(|m| m["id"] == id && m.get("method").is_none()) {
                let m = self.pending.remove(i).unwrap();
                return Some(m.get("error").map_or_else(|| Ok(m["result"].clone()), |e| Err(e.clone())));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) => self.pending.push_back(m),
                Err(_) => return None,
            }
        }
    }

    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id, Duration::from_secs(30)).unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    pub fn initialize(&mut self, init_options: Value) -> Value {
        let r = self.call(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": init_options}),
        );
        self.notify("initialized", json!({}));
        r
    }

    /// Diagnostics of `uri` at `version` (older versions' are dropped).
    pub fn diagnostics(&mut self, uri: &str, version: i64, within: Duration) -> Vec<Value> {
        loop {
            let m = self.wait_for(&format!("diagnostics of {uri} v{version}"), within, |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let v = m["params"]["version"].as_i64();
            if v == Some(version) {
                return m["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            assert!(v.is_some_and(|v| v < version), "diagnostics of {uri}: got version {v:?}, want {version}");
        }
    }

    /// Takes every queued message (notifications the test did not wait for).
    pub fn drain_pending(&mut self) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.pending.push_back(m);
        }
        self.pending.drain(..).collect()
    }

    /// `shutdown`, `exit`; returns the exit code.
    pub fn finish(mut self) -> Option<i32> {
        assert_eq!(self.call("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit(Duration::from_secs(20))
    }

    pub fn wait_exit(&mut self, within: Duration) -> Option<i32> {
        let t0 = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().expect("try_wait") {
                return s.code();
            }
            if t0.elapsed() > within {
                let _ = self.child.kill();
                panic!("the server did not exit within {within:?}");
            }
            thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
