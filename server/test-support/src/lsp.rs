//! The test client. It drives the real language server with real `Content-Length` frames: an
//! in-process service over in-memory pipes (`Lsp::start`), or a built binary over stdio
//! (`Lsp::spawn`). Every wait has a timeout. Server→client requests are answered as an editor
//! would; everything else the server sends must be taken by the test: `finish()` shuts the server
//! down and fails on unread messages, and dropping an unfinished client fails the test too.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use std::future::Future;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub use crate::text::Enc;
use crate::tokens::{self, mint, redact};

/// How long any single wait may take. Generous for debug builds on a shared two-core machine.
pub const WAIT: Duration = Duration::from_secs(10);

/// A document URI under a folder that does not exist, so no workspace config file is read.
pub fn uri(name: &str) -> String {
    format!("file:///claimcheck-test/{name}")
}

/// What a typical editor advertises: markdown hovers, versioned diagnostics, configuration pull
/// off (tests that want it turn it on), inlay hint refresh on.
pub fn default_capabilities() -> Value {
    json!({
        "textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"versionSupport": true, "relatedInformation": true},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}}
        },
        "workspace": {"inlayHint": {"refreshSupport": true}}
    })
}

/// The editor's side of the conversation that is not the test's business: how it answers the
/// server's requests, and a log of them.
#[derive(Default)]
pub struct ClientSide {
    /// What `workspace/configuration` answers for the `claimcheck` section.
    pub config: Mutex<Value>,
    /// Every request the server sent, in order.
    pub requests: Mutex<Vec<Value>>,
}

impl ClientSide {
    pub fn requests_named(&self, method: &str) -> usize {
        self.requests.lock().unwrap().iter().filter(|r| r["method"] == method).count()
    }
}

/// The server's input, for `Lsp::start`.
pub type ServerRead = tokio::io::ReadHalf<tokio::io::DuplexStream>;
/// The server's output, for `Lsp::start`.
pub type ServerWrite = tokio::io::WriteHalf<tokio::io::DuplexStream>;

enum Server {
    InProcess(tokio::task::JoinHandle<bool>),
    Process(tokio::process::Child),
}

pub struct Lsp {
    /// Frames to write; `None` closes the server's input.
    tx: mpsc::UnboundedSender<Option<Vec<u8>>>,
    rx: mpsc::UnboundedReceiver<Value>,
    /// Messages read while waiting for something else, not yet taken by the test.
    pending: VecDeque<Value>,
    next_id: i64,
    pub client: Arc<ClientSide>,
    server: Option<Server>,
    finished: bool,
}

/// Frames one message.
pub fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Reads one framed message; `None` at the end of the stream. Checks the framing strictly.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Value>> {
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).await? == 0 {
            return Ok(None);
        }
        assert!(line.ends_with("\r\n"), "header line not ended by CRLF: {line:?}");
        let line = &line[..line.len() - 2];
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("bad header line {line:?}"));
        if name.eq_ignore_ascii_case("Content-Length") {
            len = Some(value.trim().parse().expect("Content-Length is a number"));
        }
    }
    let len = len.expect("a message without Content-Length");
    let mut body = vec![0; len];
    r.read_exact(&mut body).await?;
    Ok(Some(serde_json::from_slice(&body).expect("a message body that is not JSON")))
}

/// The answer an editor gives to a server→client request.
fn answer(req: &Value, client: &ClientSide) -> Value {
    let result = match req["method"].as_str().unwrap_or("") {
        "workspace/configuration" => {
            let config = client.config.lock().unwrap().clone();
            let items = req["params"]["items"].as_array().cloned().unwrap_or_default();
            Value::Array(
                items.iter().map(|i| if i["section"] == "claimcheck" { config.clone() } else { Value::Null }).collect(),
            )
        }
        "workspace/inlayHint/refresh"
        | "client/registerCapability"
        | "client/unregisterCapability"
        | "workspace/diagnostic/refresh"
        | "window/workDoneProgress/create" => Value::Null,
        _ => {
            return json!({"jsonrpc": "2.0", "id": req["id"],
                "error": {"code": -32601, "message": "not handled by the test client"}})
        }
    };
    json!({"jsonrpc": "2.0", "id": req["id"], "result": result})
}

/// A short description of a message for failure output: method or id, and the parameters with
/// any token shortened.
pub fn describe(msg: &Value) -> String {
    let mut s = msg.to_string();
    if s.len() > 2000 {
        let mut cut = 2000;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('…');
    }
    redact(&s)
}

impl Lsp {
    /// An in-process server on in-memory pipes: `serve` is given the server's ends and returns
    /// whether `shutdown` came before the end.
    pub fn start<F>(serve: impl FnOnce(ServerRead, ServerWrite) -> F) -> Lsp
    where
        F: Future<Output = bool> + Send + 'static,
    {
        // A small pipe buffer, so a large message really is streamed through the framing.
        let (client_io, server_io) = tokio::io::duplex(64 * 1024);
        let (server_read, server_write) = tokio::io::split(server_io);
        let server = tokio::spawn(serve(server_read, server_write));
        let (r, w) = tokio::io::split(client_io);
        Lsp::connect(r, w, Server::InProcess(server))
    }

    /// The program `bin` with `args` on stdio, its stderr (its log) going to `stderr`.
    pub fn spawn(
        bin: &std::path::Path,
        args: &[&str],
        env: &[(&str, &str)],
        stderr: impl Into<std::process::Stdio>,
    ) -> Lsp {
        let mut cmd = tokio::process::Command::new(bin);
        cmd.args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(stderr)
            .kill_on_drop(true);
        // The test process's own CLAIMCHECK_NOW must not leak into the child.
        cmd.env_remove("CLAIMCHECK_NOW");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the claimcheck binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        Lsp::connect(stdout, stdin, Server::Process(child))
    }

    fn connect<R, W>(read: R, write: W, server: Server) -> Lsp
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (tx, mut wrx) = mpsc::unbounded_channel::<Option<Vec<u8>>>();
        tokio::spawn(async move {
            let mut w = write;
            while let Some(Some(bytes)) = wrx.recv().await {
                if w.write_all(&bytes).await.is_err() || w.flush().await.is_err() {
                    break;
                }
            }
            let _ = w.shutdown().await;
        });
        let client = Arc::new(ClientSide::default());
        let (itx, rx) = mpsc::unbounded_channel::<Value>();
        let answers = tx.clone();
        let side = client.clone();
        tokio::spawn(async move {
            let mut r = BufReader::with_capacity(1 << 20, read);
            while let Ok(Some(msg)) = read_frame(&mut r).await {
                let is_request = msg.get("method").is_some() && msg.get("id").is_some();
                if is_request {
                    side.requests.lock().unwrap().push(msg.clone());
                    let _ = answers.send(Some(frame(&answer(&msg, &side))));
                } else if itx.send(msg).is_err() {
                    break;
                }
            }
        });
        Lsp { tx, rx, pending: VecDeque::new(), next_id: 1, client, server: Some(server), finished: false }
    }

    /// Sends raw bytes (for malformed-input tests).
    pub fn send_raw(&self, bytes: Vec<u8>) {
        self.tx.send(Some(bytes)).expect("the writer is alive");
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send_raw(frame(&json!({"jsonrpc": "2.0", "method": method, "params": params})));
    }

    /// Sends a request and returns its id, without waiting.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send_raw(frame(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})));
        id
    }

    /// The next message from the server, read or already pending, within `within`.
    async fn next_raw(&mut self, within: Duration) -> Result<Value, String> {
        match tokio::time::timeout(within, self.rx.recv()).await {
            Ok(Some(m)) => Ok(m),
            Ok(None) => Err("the server closed its output".to_owned()),
            Err(_) => Err(format!("nothing from the server within {within:?}")),
        }
    }

    /// Takes the first message, pending or new, that `want` accepts; others stay pending.
    pub async fn wait_for(&mut self, what: &str, within: Duration, want: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&want) {
            return self.pending.remove(i).unwrap();
        }
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_raw(left).await {
                Ok(m) if want(&m) => return m,
                Ok(m) => self.pending.push_back(m),
                Err(e) => panic!("waiting for {what}: {e}; unread: {}", self.unread_summary()),
            }
        }
    }

    /// Takes every message already received that `want` accepts (others stay pending), without
    /// waiting: for notifications whose number depends on timing, such as progress reports.
    pub fn take_received(&mut self, want: impl Fn(&Value) -> bool) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.pending.push_back(m);
        }
        let (taken, kept): (Vec<Value>, Vec<Value>) = self.pending.drain(..).partition(|m| want(m));
        self.pending = kept.into();
        taken
    }

    /// The response to request `id`: `Ok(result)` or `Err(error object)`.
    pub async fn response(&mut self, id: i64, within: Duration) -> Result<Value, Value> {
        let m = self
            .wait_for(&format!("the response to request {id}"), within, |m| m["id"] == id && m.get("method").is_none())
            .await;
        match m.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(m["result"].clone()),
        }
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.send_request(method, params);
        self.response(id, WAIT).await
    }

    /// A request that must succeed.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        match self.request(method, params).await {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e}"),
        }
    }

    /// `initialize` (its result is returned) then `initialized`.
    pub async fn initialize(&mut self, capabilities: Value, init_options: Option<Value>) -> Value {
        let mut params = json!({"processId": null, "rootUri": null, "capabilities": capabilities,
            "clientInfo": {"name": "claimcheck-tests"}});
        if let Some(o) = init_options {
            params["initializationOptions"] = o;
        }
        let result = self.call("initialize", params).await;
        self.notify("initialized", json!({}));
        result
    }

    /// Waits for the diagnostics of `uri` at `version`. Earlier versions' diagnostics of the same
    /// document may still be in flight when an edit follows quickly; they are superseded and
    /// dropped here. Anything else stays pending.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        self.diagnostics_within(uri, version, WAIT).await
    }

    /// `diagnostics` with a longer wait, for documents of many megabytes in a debug build.
    pub async fn diagnostics_within(&mut self, uri: &str, version: i64, within: Duration) -> Vec<Value> {
        loop {
            let m = self
                .wait_for(&format!("diagnostics of {uri} version {version}"), within, |m| {
                    m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
                })
                .await;
            let v = m["params"]["version"].as_i64();
            match v {
                Some(v) if v == version => return m["params"]["diagnostics"].as_array().unwrap().clone(),
                Some(v) if v < version => continue,
                _ => panic!("expected diagnostics of version {version}, got {}", describe(&m)),
            }
        }
    }

    /// The next `publishDiagnostics` of `uri`, whatever its version: `(version, diagnostics)`.
    pub async fn next_diagnostics(&mut self, uri: &str) -> (Option<i64>, Vec<Value>) {
        let m = self
            .wait_for(&format!("diagnostics of {uri}"), WAIT, |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .await;
        (m["params"]["version"].as_i64(), m["params"]["diagnostics"].as_array().unwrap().clone())
    }

    /// The next `window/showMessage`: its params.
    pub async fn show_message(&mut self, within: Duration) -> Value {
        self.wait_for("window/showMessage", within, |m| m["method"] == "window/showMessage").await["params"].clone()
    }

    /// Opens a document at version 1 and returns its diagnostics.
    pub async fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.open_within(uri, language, text, WAIT).await
    }

    pub async fn open_within(&mut self, uri: &str, language: &str, text: &str, within: Duration) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics_within(uri, 1, within).await
    }

    /// Sends `didChange` with `changes` and returns the diagnostics of `version`.
    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
        self.diagnostics(uri, version).await
    }

    pub async fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
        .await
    }

    pub async fn inlay_hints(&mut self, uri: &str, from: u32, to: u32) -> Value {
        self.call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri},
                "range": {"start": {"line": from, "character": 0}, "end": {"line": to, "character": 0}}}),
        )
        .await
    }

    /// Asserts the server sends nothing within `quiet`.
    pub async fn expect_silence(&mut self, quiet: Duration) {
        if let Ok(m) = self.next_raw(quiet).await {
            panic!("expected no message, got {}", describe(&m));
        }
        assert!(self.pending.is_empty(), "unread: {}", self.unread_summary());
    }

    fn unread_summary(&mut self) -> String {
        while let Ok(m) = self.rx.try_recv() {
            self.pending.push_back(m);
        }
        if self.pending.is_empty() {
            return "none".to_owned();
        }
        self.pending.iter().map(describe).collect::<Vec<_>>().join("\n  ")
    }

    /// `shutdown`, then `exit`; the server must stop reporting a clean shutdown, and no message
    /// may be left unread.
    pub async fn finish(mut self) {
        let result = self.call("shutdown", Value::Null).await;
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let clean = self.wait_server().await;
        assert!(clean, "the server did not report the shutdown");
        self.finished = true;
        // Anything the server sent before it stopped has arrived by now.
        let unread = self.unread_summary();
        assert!(self.pending.is_empty(), "unread messages at the end of the test:\n  {unread}");
    }

    /// Waits for the server to stop. In-process: whether it saw `shutdown`. A process: whether
    /// it exited with status 0.
    pub async fn wait_server(&mut self) -> bool {
        match self.server.take().expect("the server is running") {
            Server::InProcess(h) => tokio::time::timeout(WAIT, h)
                .await
                .expect("the server stops after exit")
                .expect("the server task does not panic"),
            Server::Process(mut c) => {
                let status = tokio::time::timeout(WAIT, c.wait())
                    .await
                    .expect("the process exits after exit")
                    .expect("waiting for the process");
                status.success()
            }
        }
    }

    /// Exit code of a spawned server, after `exit` or closing its input.
    pub async fn exit_code(&mut self) -> Option<i32> {
        match self.server.take().expect("the server is running") {
            Server::Process(mut c) => {
                tokio::time::timeout(WAIT, c.wait()).await.expect("the process exits").expect("wait").code()
            }
            Server::InProcess(_) => panic!("exit_code is for spawned servers"),
        }
    }

    /// Closes the client's output (the server's input) without a word.
    pub fn close_input(&mut self) {
        let _ = self.tx.send(None);
    }

    /// Waits until the server has sent `count` requests named `method` (they are answered as
    /// they come; this is how a test knows a settings change has been applied).
    pub async fn wait_request(&self, method: &str, count: usize) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.client.requests_named(method) < count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the server sent {} of {count} {method} requests within {WAIT:?}",
                self.client.requests_named(method)
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Marks the conversation as done without `shutdown` (tests of exit without shutdown).
    pub fn done(&mut self) {
        self.finished = true;
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        if let Some(Server::InProcess(h)) = &self.server {
            h.abort();
        }
        if std::thread::panicking() {
            return;
        }
        assert!(self.finished, "a test ended without Lsp::finish()");
    }
}

/// Diagnostics reduced to what most assertions need: `(rule, severity, range)` in order.
pub fn summary(diags: &[Value]) -> Vec<(String, u64, [u64; 4])> {
    diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                d["severity"].as_u64().unwrap_or(0),
                [
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                ],
            )
        })
        .collect()
}

/// The rule ids of diagnostics, in order.
pub fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap_or("").to_owned()).collect()
}

pub const ERROR: u64 = 1;
pub const WARNING: u64 = 2;
pub const INFORMATION: u64 = 3;
pub const HINT: u64 = 4;

/// The fixture `soc.py` of SERVER-CONTRACT.md, with its token.
pub fn soc_py() -> (String, String) {
    let token = mint(tokens::delegated_no_alerts());
    let text = format!(
        "import requests\nTOKEN = \"{token}\"\nr = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts_v2\", headers={{\"Authorization\": f\"Bearer {{TOKEN}}\"}})\nold = requests.get(\"https://graph.microsoft.com/v1.0/security/alerts\")\n"
    );
    (text, token)
}
