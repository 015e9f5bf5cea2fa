//! `claimcheck lsp`: the language server. A thin shell over the analysis core: it keeps open
//! documents, turns protocol positions into the core's and back, and publishes what the core finds.

#![deny(clippy::print_stdout)]

mod guard;
mod index;
pub mod settings;
mod transport;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use claimcheck_core::analysis::{Analysis, Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::config::{self, Config};
use claimcheck_core::context::FileInfo;
use claimcheck_core::document::Document;
use claimcheck_core::finding::{Finding, TokenRef};
use claimcheck_core::hover;
use claimcheck_core::jwt::{self, Token};
use claimcheck_core::lines::Span;
use claimcheck_core::position::{self, byte_in_line, Encoding, LineCol, LineColRange};
use claimcheck_core::rules::Rule;
use claimcheck_core::types::Severity;
use settings::Settings;

pub const EXPLAIN_COMMAND: &str = "claimcheck.explainToken";
/// The `claimcheck permissions` report of the workspace, as markdown.
pub const PERMISSIONS_COMMAND: &str = "claimcheck.showPermissions";
/// The `$/progress` token of the workspace index.
const INDEX_PROGRESS: &str = "claimcheck/index";

/// What `run` takes from the environment and a test sets in-process.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// A fixed clock (Unix seconds) instead of the system's: `CLAIMCHECK_NOW`, or a test's time.
    pub now: Option<i64>,
    /// How long a `tokenCommand` may run before it is stopped (`docs/behaviour.md`, "Configuration": 10 s). Tests
    /// shorten it so the timeout path does not cost them ten seconds.
    pub token_command_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> ServeOptions {
        ServeOptions { now: None, token_command_timeout: TOKEN_COMMAND_TIMEOUT }
    }
}

impl ServeOptions {
    /// The options of a real server: the clock from `CLAIMCHECK_NOW` when it is set and valid.
    pub fn from_env() -> ServeOptions {
        let env = std::env::var("CLAIMCHECK_NOW").ok().filter(|v| !v.trim().is_empty());
        let now = env.and_then(|v| claimcheck_core::timefmt::parse_now(&v).ok());
        ServeOptions { now, ..ServeOptions::default() }
    }
}

pub const TOKEN_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the protocol over `input`/`output` until `exit` or the end of input. Returns whether
/// `shutdown` came first, which decides the process exit code. `run` uses it on stdio, tests on
/// in-memory pipes.
pub async fn serve<I, O>(input: I, output: O, options: ServeOptions) -> bool
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    let (service, socket) = LspService::new(move |client| Backend::new(client, flag, options));
    // Frames pass through a filter first: tower-lsp would stop at the first malformed one.
    let (filtered_read, filtered_write) = tokio::io::duplex(1 << 20);
    let server = Server::new(filtered_read, output, socket).serve(guard::PanicGuard(service));
    tokio::pin!(server);
    tokio::select! {
        _ = &mut server => {}
        // The input ended: the filter dropped its end of the pipe, so the server sees the end too.
        _ = transport::filter_frames(input, filtered_write) => server.await,
    }
    shutdown.load(Ordering::SeqCst)
}

/// Runs the server on stdin/stdout; returns the process exit code.
pub fn run() -> i32 {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"))
        // tower-lsp traces every message whole, documents and the tokens in them included
        // (`docs/behaviour.md`, "Secrets": no log holds a token), whatever RUST_LOG asks.
        .add_directive("tower_lsp_server=debug".parse().expect("a valid directive"));
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_env_filter(filter).try_init();
    let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("claimcheck: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let options = ServeOptions::from_env();
    let shut_down = rt.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), options));
    // LSP: exit after shutdown is success; exit (or end of input) without it is an error.
    let code = if shut_down { 0 } else { 1 };
    rt.shutdown_timeout(std::time::Duration::from_millis(100));
    code
}

struct State {
    docs: HashMap<Uri, Document>,
    settings: Settings,
    config: Config,
    /// Built-in plus extra catalog files; `None` means the built-in one alone.
    catalog: Option<Arc<Catalog>>,
    configured: Option<Token>,
    encoding: Encoding,
    markdown: bool,
    pull_config: bool,
    /// `initializationOptions`: the settings that hold while the client says nothing else.
    init_options: Value,
    /// The client takes `workspace/inlayHint/refresh`; others must not be sent it.
    refresh_hints: bool,
    folders: Vec<PathBuf>,
    now_override: Option<i64>,
    /// The workspace (`docs/behaviour.md`, "The workspace"), per folder.
    index: index::Index,
    /// What was last published per document, so that a re-check after a change elsewhere in
    /// the workspace publishes only what changed.
    published: HashMap<Uri, Vec<Diagnostic>>,
    /// The client takes `window/workDoneProgress/create`.
    progress: bool,
    /// The client registers `workspace/didChangeWatchedFiles` dynamically.
    watch: bool,
    /// The workspace folder the config file was read from.
    config_root: Option<usize>,
    /// Notes about the workspace already shown (each once per session).
    notes_shown: std::collections::HashSet<String>,
}

impl State {
    /// Rebuilds a folder's apps from its facts.
    fn rebuild(&mut self, root: usize) {
        let catalog = self.catalog.clone();
        let cat = catalog.as_deref().unwrap_or_else(|| Catalog::builtin());
        let names = claimcheck_core::workspace::names::Names::new(cat);
        let severity = self.severity();
        // `[[app]]` entries belong to the folder whose config file holds them.
        let entries = if Some(root) == self.config_root { self.config.apps.clone() } else { Vec::new() };
        self.index.rebuild(root, &names, &entries, &severity);
    }

    fn catalog(&self) -> &Catalog {
        self.catalog.as_deref().unwrap_or_else(|| Catalog::builtin())
    }
    fn now(&self) -> i64 {
        self.now_override.unwrap_or_else(system_now)
    }
    fn severity(&self) -> SeverityMap {
        let mut m = self.config.severity.clone();
        m.extend(self.settings.severity.iter().map(|(k, v)| (*k, *v)));
        m
    }
}

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
    shutdown: Arc<AtomicBool>,
    /// Bumped on every settings change, so a slow `tokenCommand` from older settings is dropped.
    token_generation: Arc<AtomicU64>,
    token_command_timeout: Duration,
}

/// What is published for one document.
struct Publish {
    uri: Uri,
    version: Option<i32>,
    diagnostics: Vec<Diagnostic>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panic while holding the lock must not take the server down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The protocol's range for a span of the document.
fn lsp_range<'a>(line: impl Fn(usize) -> std::borrow::Cow<'a, str>, span: Span, enc: Encoding) -> Range {
    let r = position::line_col_range(line, span, enc);
    Range::new(to_lsp(r.start), to_lsp(r.end))
}

fn to_lsp(p: LineCol) -> Position {
    Position::new(p.line, p.character)
}

fn from_lsp_range(r: Range) -> LineColRange {
    LineColRange::new(LineCol::new(r.start.line, r.start.character), LineCol::new(r.end.line, r.end.character))
}

fn uri_path(uri: &Uri) -> String {
    uri.path().as_str().to_owned()
}

fn diagnostic(f: &Finding, uri: &Uri, doc: &Document, enc: Encoding) -> Diagnostic {
    let line = |i: usize| doc.line(i);
    let range = lsp_range(line, f.span, enc);
    let mut data = serde_json::Map::new();
    data.insert("rule".into(), json!(f.rule.id()));
    if let Some(fix) = &f.fix {
        data.insert(
            "fix".into(),
            json!({"title": fix.title, "range": lsp_range(line, fix.span, enc), "newText": fix.replacement}),
        );
    }
    if let Some((pos, text)) = ignore_edit(doc, f.span.start.line, f.rule, enc) {
        data.insert("ignore".into(), json!({"position": pos, "text": text}));
    }
    let related = match &f.token {
        Some(TokenRef::File { span, .. }) | Some(TokenRef::Declared { span }) if f.endpoint.is_some() => {
            Some(vec![DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), lsp_range(line, *span, enc)),
                message: "the token this call was checked against".to_owned(),
            }])
        }
        Some(TokenRef::App { loc, .. }) if f.endpoint.is_some() => {
            Uri::from_file_path(std::path::Path::new(&*loc.path)).map(|target| {
                let (a, b) = match enc {
                    Encoding::Utf8 => loc.utf8,
                    Encoding::Utf16 => loc.utf16,
                };
                let l = loc.line() as u32;
                vec![DiagnosticRelatedInformation {
                    location: Location::new(target, Range::new(Position::new(l, a), Position::new(l, b))),
                    message: "the declaration this call was checked against".to_owned(),
                }]
            })
        }
        _ => None,
    };
    Diagnostic {
        range,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.id().to_owned())),
        code_description: f.rule.doc_url().parse().ok().map(|href| CodeDescription { href }),
        source: Some("claimcheck".to_owned()),
        message: f.message.clone(),
        related_information: related,
        tags: None,
        data: Some(Value::Object(data)),
    }
}

/// Where and what to insert to suppress `rule` on `line`: extend an existing directive, or append
/// a comment in the file's syntax.
fn ignore_edit(doc: &Document, line: usize, rule: Rule, enc: Encoding) -> Option<(Position, String)> {
    let text = doc.line(line);
    if let Some(at) = text.find("claimcheck:ignore[") {
        let close = at + text[at..].find(']')?;
        let p = Position::new(line as u32, position::character_in_line(&text, close, enc));
        return Some((p, format!(",{}", rule.id())));
    }
    let comment = doc.info.comment.ignore_comment(rule.id())?;
    let end = Position::new(line as u32, position::character_in_line(&text, text.len(), enc));
    Some((end, comment))
}

fn too_large_diagnostic(size: usize, max: u64) -> Diagnostic {
    Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::INFORMATION),
        code: None,
        code_description: None,
        source: Some("claimcheck".to_owned()),
        message: format!(
            "claimcheck skipped this document: {size} bytes is over maxFileSize ({max} bytes). Raise the claimcheck.maxFileSize setting to check it."
        ),
        related_information: None,
        tags: None,
        data: None,
    }
}

impl Backend {
    fn new(client: Client, shutdown: Arc<AtomicBool>, options: ServeOptions) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State {
                docs: HashMap::new(),
                settings: Settings::default(),
                config: Config::default(),
                catalog: None,
                configured: None,
                encoding: Encoding::Utf16,
                markdown: true,
                pull_config: false,
                init_options: Value::Null,
                refresh_hints: false,
                folders: Vec::new(),
                now_override: options.now,
                index: index::Index::default(),
                published: HashMap::new(),
                progress: false,
                watch: false,
                notes_shown: Default::default(),
                config_root: None,
            })),
            shutdown,
            token_command_timeout: options.token_command_timeout,
            token_generation: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Analyses one document and builds what to publish. Call with the lock held. With
    /// `update`, the document's facts go into the workspace index; the folder whose facts changed
    /// is returned with the result (its apps need rebuilding).
    fn check_doc(st: &mut State, uri: &Uri, update: bool) -> (Option<Publish>, Option<usize>) {
        let now = st.now();
        let severity = st.severity();
        let catalog = st.catalog.clone();
        let configured = st.configured.clone();
        let enc = st.encoding;
        let max = st.settings.max_file_size;
        let excluded = is_excluded(&st.config, &st.folders, uri);
        let path = uri.to_file_path().map(|p| p.into_owned());
        let located = path.as_deref().and_then(|p| st.index.locate(p));
        let app = located.as_ref().and_then(|(r, rel)| st.index.app_for(*r, rel));
        let Some(doc) = st.docs.get_mut(uri) else { return (None, None) };
        if excluded {
            return (Some(Publish { uri: uri.clone(), version: Some(doc.version), diagnostics: Vec::new() }), None);
        }
        if doc.too_large {
            let d = too_large_diagnostic(doc.rope.len_bytes(), max);
            return (Some(Publish { uri: uri.clone(), version: Some(doc.version), diagnostics: vec![d] }), None);
        }
        let cat = catalog.as_deref().unwrap_or_else(|| Catalog::builtin());
        let ctx =
            Context { catalog: cat, now, severity: &severity, configured: configured.as_ref(), app: app.as_ref() };
        let analysis = doc.analyze(&ctx);
        let mut diagnostics: Vec<Diagnostic> =
            analysis.findings.iter().filter(|f| !f.suppressed).map(|f| diagnostic(f, uri, doc, enc)).collect();
        let mut changed = None;
        if let (Some((root, rel)), Some(path)) = (&located, &path) {
            if update {
                let names = claimcheck_core::workspace::names::Names::new(cat);
                let facts = index::document_facts(doc, &analysis, path, &names);
                if st.index.set_open(*root, rel, facts) {
                    changed = Some(*root);
                }
            }
            let doc = st.docs.get(uri).expect("checked above");
            for f in st.index.declaration_findings(*root, rel).iter().filter(|f| !f.suppressed) {
                diagnostics.push(diagnostic(f, uri, doc, enc));
            }
        }
        let version = st.docs.get(uri).map(|d| d.version);
        (Some(Publish { uri: uri.clone(), version, diagnostics }), changed)
    }

    /// Analyses one document (its facts updated) and, when the workspace changed with it, every
    /// other open document of its folder. What to publish: the document, and the others whose
    /// diagnostics changed.
    fn check(st: &mut State, uri: &Uri) -> Vec<Publish> {
        let (p, changed) = Self::check_doc(st, uri, true);
        let mut out = Vec::new();
        match changed {
            Some(root) => {
                st.rebuild(root);
                out.extend(Self::recheck_root(st, root, Some(uri)));
                // The document itself: its own app may have changed with it.
                let (p, _) = Self::check_doc(st, uri, false);
                out.extend(p);
            }
            None => out.extend(p),
        }
        for p in &out {
            st.published.insert(p.uri.clone(), p.diagnostics.clone());
        }
        out
    }

    /// Checks every open document after the settings, the token or the whole index changed: their
    /// facts first, then the apps of every folder, then each document once.
    fn check_all(st: &mut State) -> Vec<Publish> {
        let uris: Vec<Uri> = st.docs.keys().cloned().collect();
        for u in &uris {
            let _ = Self::check_doc(st, u, true);
        }
        for r in 0..st.index.roots.len() {
            st.rebuild(r);
        }
        let pubs: Vec<Publish> = uris.iter().filter_map(|u| Self::check_doc(st, u, false).0).collect();
        for p in &pubs {
            st.published.insert(p.uri.clone(), p.diagnostics.clone());
        }
        pubs
    }

    /// Re-checks the open documents of a folder after its apps changed;
    /// returns those whose diagnostics changed.
    fn recheck_root(st: &mut State, root: usize, except: Option<&Uri>) -> Vec<Publish> {
        let uris: Vec<Uri> = st
            .docs
            .keys()
            .filter(|u| Some(*u) != except)
            .filter(|u| u.to_file_path().and_then(|p| st.index.locate(&p)).is_some_and(|(r, _)| r == root))
            .cloned()
            .collect();
        let mut out = Vec::new();
        for u in uris {
            if let (Some(p), _) = Self::check_doc(st, &u, false) {
                if st.published.get(&u) != Some(&p.diagnostics) {
                    st.published.insert(u.clone(), p.diagnostics.clone());
                    out.push(p);
                }
            }
        }
        out
    }

    async fn publish(&self, p: Option<Publish>) {
        if let Some(p) = p {
            // Never publish for a version that is no longer current.
            let current = lock(&self.state).docs.get(&p.uri).map(|d| d.version);
            if p.version.is_some() && current != p.version {
                return;
            }
            self.client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
        }
    }

    async fn recheck_all(&self) {
        let pubs: Vec<Publish> = {
            let mut st = lock(&self.state);
            let max = st.settings.max_file_size;
            let uris: Vec<Uri> = st.docs.keys().cloned().collect();
            for d in st.docs.values_mut() {
                if d.too_large != (d.rope.len_bytes() as u64 > max) {
                    d.rescan_all(max);
                }
            }
            let _ = uris;
            Self::check_all(&mut st)
        };
        for p in pubs {
            self.publish(Some(p)).await;
        }
        if lock(&self.state).refresh_hints {
            let _ = self.client.inlay_hint_refresh().await;
        }
    }

    async fn show(&self, typ: MessageType, msg: String) {
        self.client.show_message(typ, msg).await;
    }

    /// Workspace notes not shown yet: one `window/showMessage`.
    async fn show_notes(&self) {
        let notes = {
            let mut st = lock(&self.state);
            let notes: Vec<String> = st.index.notes().into_iter().filter(|n| !st.notes_shown.contains(n)).collect();
            st.notes_shown.extend(notes.iter().cloned());
            notes
        };
        if !notes.is_empty() {
            self.show(MessageType::WARNING, notes_message(&notes)).await;
        }
    }

    /// Applies new settings: catalog, token, then re-checks every open document.
    async fn apply_settings(&self, value: &Value) {
        let (settings, problems) = Settings::from_json(value);
        if !problems.is_empty() {
            self.show(
                MessageType::WARNING,
                format!("claimcheck settings: {}; using defaults for those.", problems.join("; ")),
            )
            .await;
        }
        let generation = self.token_generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (catalog_files, folder) = {
            let st = lock(&self.state);
            let folder = st.folders.first().cloned().unwrap_or_default();
            let mut files: Vec<PathBuf> = st.config.catalog.iter().map(|c| folder.join(c)).collect();
            files.extend(settings.catalog_paths.iter().map(|c| folder.join(expand_home(c))));
            (files, folder)
        };
        let mut catalog: Option<Catalog> = None;
        for f in &catalog_files {
            let base = catalog.as_ref().unwrap_or_else(|| Catalog::builtin());
            match std::fs::read_to_string(f).map_err(|e| e.to_string()).and_then(|t| base.with_extra(&t)) {
                Ok(c) => catalog = Some(c),
                Err(e) => {
                    self.show(MessageType::WARNING, format!("claimcheck: catalog {}: {e}; it is ignored.", f.display()))
                        .await
                }
            }
        }
        let mut token_text: Option<(String, String)> = None;
        if let Some(t) = &settings.token {
            token_text = Some((t.clone(), "the token setting".to_owned()));
        } else if let Some(f) = &settings.token_file {
            let path = folder.join(expand_home(f));
            match std::fs::read_to_string(&path) {
                Ok(t) => token_text = Some((t, format!("tokenFile {}", path.display()))),
                Err(e) => {
                    self.show(MessageType::WARNING, format!("claimcheck: tokenFile {}: {e}", path.display())).await
                }
            }
        }
        let command = settings.token_command.clone();
        {
            let mut st = lock(&self.state);
            st.settings = settings;
            st.catalog = catalog.map(Arc::new);
            st.configured = None;
        }
        if let Some((text, source)) = token_text {
            self.set_token(&text, &source).await;
        }
        self.recheck_all().await;
        if let Some(argv) = command {
            self.spawn_token_command(argv, generation);
        }
    }

    async fn set_token(&self, text: &str, source: &str) {
        match jwt::decode(text) {
            Ok(tok) => {
                let now = lock(&self.state).now();
                let warnings = claimcheck_core::rules::check_token_times(&tok.claims, now, "the configured token");
                if let Some(w) = warnings.first() {
                    self.show(MessageType::WARNING, format!("claimcheck: {}", w.message)).await;
                }
                lock(&self.state).configured = Some(tok);
            }
            Err(e) => self.show(MessageType::WARNING, format!("claimcheck: {source}: {e}")).await,
        }
    }

    /// Runs `tokenCommand` off the message loop, with a 10 s timeout and a 64 KiB output cap.
    fn spawn_token_command(&self, argv: Vec<String>, generation: u64) {
        let client = self.client.clone();
        let gen = self.token_generation.clone();
        let state = self.state.clone();
        let timeout = self.token_command_timeout;
        tokio::spawn(async move {
            let out = run_token_command(&argv, timeout).await;
            if gen.load(Ordering::SeqCst) != generation {
                return;
            }
            let text = match out {
                Ok(t) => t,
                Err(e) => {
                    client.show_message(MessageType::WARNING, format!("claimcheck: tokenCommand {e}")).await;
                    return;
                }
            };
            let tok = match jwt::decode(&text) {
                Ok(t) => t,
                Err(e) => {
                    client
                        .show_message(
                            MessageType::WARNING,
                            format!("claimcheck: tokenCommand printed no usable token: {e}"),
                        )
                        .await;
                    return;
                }
            };
            let (pubs, refresh): (Vec<Publish>, bool) = {
                let mut st = lock(&state);
                st.configured = Some(tok);
                (Backend::check_all(&mut st), st.refresh_hints)
            };
            for p in pubs {
                client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
            }
            if refresh {
                let _ = client.inlay_hint_refresh().await;
            }
        });
    }

    /// Pulls the `claimcheck` section when the client supports `workspace/configuration`.
    async fn pull_settings(&self) -> Option<Value> {
        if !lock(&self.state).pull_config {
            return None;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("claimcheck".to_owned()) }];
        match self.client.configuration(items).await {
            // A null answer means the client has no such section (Neovim without `settings`),
            // not that the initializationOptions are void.
            Ok(mut v) if !v.is_empty() && !v[0].is_null() => Some(v.remove(0)),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!("workspace/configuration failed: {e}");
                None
            }
        }
    }
}

/// The facts of a file on disk as the index reads it.
fn disk_facts_of(st: &State, path: &std::path::Path) -> Option<Arc<claimcheck_core::workspace::FileFacts>> {
    let names = claimcheck_core::workspace::names::Names::new(st.catalog());
    index::disk_facts(path, st.settings.max_file_size, st.catalog(), &names, &mut Vec::new())
}

/// Builds the workspace index in the background (`docs/behaviour.md`, "The language server"), with
/// `$/progress` when the client takes it, then re-checks the open documents and publishes those
/// whose diagnostics changed.
async fn index_workspace(client: Client, state: Arc<Mutex<State>>) {
    let (roots, exclude, max, catalog, progress) = {
        let st = lock(&state);
        let roots: Vec<PathBuf> = st.index.roots.iter().map(|r| r.path.clone()).collect();
        (roots, st.config.exclude.clone(), st.settings.max_file_size, st.catalog.clone(), st.progress)
    };
    let listed = {
        let roots = roots.clone();
        tokio::task::spawn_blocking(move || roots.iter().map(|r| index::list_files(r, &exclude)).collect::<Vec<_>>())
            .await
            .unwrap_or_default()
    };
    let total: usize = listed.iter().map(Vec::len).sum();
    let token = ProgressToken::String(INDEX_PROGRESS.to_owned());
    let progress = progress && client.create_work_done_progress(token.clone()).await.is_ok();
    let send = |value: WorkDoneProgress| {
        let client = client.clone();
        let token = token.clone();
        async move {
            client
                .send_notification::<notification::Progress>(ProgressParams {
                    token,
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    };
    if progress {
        send(WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "claimcheck".to_owned(),
            cancellable: Some(false),
            message: Some(format!("Indexing {total} files")),
            percentage: Some(0),
        }))
        .await;
    }
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let work = {
        let done = done.clone();
        tokio::task::spawn_blocking(move || {
            let cat = catalog.as_deref().unwrap_or_else(|| Catalog::builtin());
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            listed.iter().map(|files| index::read_all(files, max, cat, threads, &done)).collect::<Vec<_>>()
        })
    };
    tokio::pin!(work);
    let facts = loop {
        tokio::select! {
            r = &mut work => break r.unwrap_or_default(),
            _ = tokio::time::sleep(Duration::from_millis(250)) => {
                if progress {
                    let n = done.load(Ordering::Relaxed);
                    let pct = (n * 100).checked_div(total).map_or(100, |p| p as u32);
                    send(WorkDoneProgress::Report(WorkDoneProgressReport {
                        cancellable: Some(false),
                        message: Some(format!("Indexing {total} files ({n} read)")),
                        percentage: Some(pct),
                    }))
                    .await;
                }
            }
        }
    };
    let pubs = {
        let mut st = lock(&state);
        for (i, f) in facts.into_iter().enumerate() {
            if i < st.index.roots.len() {
                st.index.replace_disk(i, f);
            }
        }
        let mut pubs = Vec::new();
        for r in 0..st.index.roots.len() {
            st.rebuild(r);
            pubs.extend(Backend::recheck_root(&mut st, r, None));
        }
        pubs
    };
    if progress {
        send(WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(format!("Indexed {total} files")) })).await;
    }
    for p in pubs {
        let current = lock(&state).docs.get(&p.uri).map(|d| d.version);
        if p.version.is_none() || current == p.version {
            client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
        }
    }
    let notes = {
        let mut st = lock(&state);
        let notes: Vec<String> = st.index.notes().into_iter().filter(|n| !st.notes_shown.contains(n)).collect();
        st.notes_shown.extend(notes.iter().cloned());
        notes
    };
    if !notes.is_empty() {
        client.show_message(MessageType::WARNING, notes_message(&notes)).await;
    }
}

/// One message for the workspace notes (declarations not read, other APIs, unknown GUIDs).
fn notes_message(notes: &[String]) -> String {
    let shown: Vec<&str> = notes.iter().take(5).map(String::as_str).collect();
    let more = if notes.len() > 5 { format!(" (and {} more)", notes.len() - 5) } else { String::new() };
    format!("claimcheck: {}{more}", shown.join("; "))
}

/// Runs the user's token command; stdout, trimmed, is the token.
async fn run_token_command(argv: &[String], timeout: Duration) -> std::result::Result<String, String> {
    use tokio::io::AsyncReadExt;
    let (prog, args) = argv.split_first().ok_or("is empty")?;
    let mut child = tokio::process::Command::new(expand_home(prog))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("'{prog}' could not start: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("has no stdout")?;
    let limit = 64 * 1024;
    let work = async {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let n = stdout.read(&mut chunk).await.map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
            if buf.len() > limit {
                return Err(format!("'{prog}' printed more than 64 KiB; a token is far smaller"));
            }
        }
        let status = child.wait().await.map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("'{prog}' failed ({status})"));
        }
        Ok(String::from_utf8_lossy(&buf).trim().to_owned())
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => r,
        Err(_) => Err(format!("'{prog}' did not finish within {} s and was stopped", timeout.as_secs_f64())),
    }
}

fn expand_home(p: &str) -> String {
    match (p.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => p.to_owned(),
    }
}

fn is_excluded(config: &Config, folders: &[PathBuf], uri: &Uri) -> bool {
    if config.exclude.is_empty() {
        return false;
    }
    let Some(path) = uri.to_file_path() else { return false };
    folders.iter().any(|f| path.strip_prefix(f).is_ok_and(|rel| config.exclude.is_match(rel)))
}

fn file_info(uri: &Uri, language_id: &str) -> FileInfo {
    let path = uri_path(uri);
    let mut info = FileInfo::for_path(&path);
    if language_id == "http" {
        info.kind = claimcheck_core::context::FileKind::Http;
    }
    // Untitled documents have no extension: the language id says how a comment is written, so
    // that the ignore quick fix does not put a `#` comment into JavaScript.
    let name = path.rsplit('/').next().unwrap_or("");
    if !name.contains('.') {
        if let Some(ext) = comment_extension(language_id) {
            info.comment = FileInfo::for_path(&format!("untitled.{ext}")).comment;
        }
    }
    // Untitled documents have no extension: the language id says which SDK calls to read.
    if info.lang.is_none() {
        use claimcheck_core::context::Lang;
        info.lang = match language_id {
            "csharp" => Some(Lang::CSharp),
            "python" => Some(Lang::Python),
            "javascript" | "typescript" | "javascriptreact" | "typescriptreact" => Some(Lang::Js),
            "go" => Some(Lang::Go),
            "java" => Some(Lang::Java),
            "powershell" => Some(Lang::PowerShell),
            _ => None,
        };
    }
    info
}

/// A file extension with the comment syntax of an LSP language id, for ids whose comments are
/// not `#` (the default).
fn comment_extension(language_id: &str) -> Option<&'static str> {
    Some(match language_id {
        "javascript" | "javascriptreact" | "typescript" | "typescriptreact" | "csharp" | "go" | "java" | "kotlin"
        | "rust" | "c" | "cpp" | "swift" | "php" | "scala" | "dart" | "groovy" | "fsharp" | "bicep" => "js",
        "jsonc" => "jsonc",
        "json" => "json",
        "sql" | "lua" | "haskell" => "sql",
        "markdown" | "html" | "xml" | "vue" | "svelte" => "md",
        "ini" => "ini",
        "bat" => "bat",
        _ => return None,
    })
}

fn read_workspace_config(folders: &[PathBuf]) -> (Config, Vec<String>) {
    for f in folders {
        for name in config::FILE_NAMES {
            let p = f.join(name);
            if let Ok(text) = std::fs::read_to_string(&p) {
                return match Config::parse(&text) {
                    Ok(c) => (c, Vec::new()),
                    Err(e) => (Config::default(), vec![format!("{}: {e}", p.display())]),
                };
            }
        }
    }
    (Config::default(), Vec::new())
}

fn markdown_or_plain(markdown: bool, text: String) -> HoverContents {
    if markdown {
        HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text })
    } else {
        HoverContents::Markup(MarkupContent { kind: MarkupKind::PlainText, value: hover::plain(&text) })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let markdown = caps
            .text_document
            .as_ref()
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_none_or(|f| f.contains(&MarkupKind::Markdown));
        let pull = caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        let refresh_hints = caps
            .workspace
            .as_ref()
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false);
        let mut folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if folders.is_empty() {
            if let Some(p) = params.root_uri.as_ref().and_then(|u| u.to_file_path()) {
                folders.push(p.into_owned());
            }
        }
        let (config, problems) = read_workspace_config(&folders);
        // The same lookup order as read_workspace_config: the first folder holding a config file.
        let config_root = folders.iter().position(|f| config::FILE_NAMES.iter().any(|n| f.join(n).is_file()));
        {
            let mut st = lock(&self.state);
            st.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            st.markdown = markdown;
            st.pull_config = pull;
            st.refresh_hints = refresh_hints;
            st.init_options = params.initialization_options.clone().unwrap_or(Value::Null);
            st.index = index::Index::new(&folders);
            st.config_root = config_root;
            st.folders = folders;
            st.config = config;
            st.progress = caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
            st.watch = caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        for p in problems {
            self.show(MessageType::WARNING, format!("claimcheck: {p}; using defaults.")).await;
        }
        // Even without initializationOptions: this is what loads the workspace config's catalogs.
        let opts = params.initialization_options.clone().unwrap_or(Value::Null);
        self.apply_settings(&opts).await;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![EXPLAIN_COMMAND.to_owned(), PERMISSIONS_COMMAND.to_owned()],
                    ..Default::default()
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "claimcheck".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if let Some(v) = self.pull_settings().await {
            self.apply_settings(&v).await;
        }
        let (watch, any) = {
            let st = lock(&self.state);
            (st.watch, !st.index.roots.is_empty())
        };
        if !any {
            return;
        }
        if watch {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher { glob_pattern: GlobPattern::String("**/*".to_owned()), kind: None }],
            };
            let reg = Registration {
                id: "claimcheck-workspace-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![reg]).await {
                tracing::warn!("registering file watching failed: {e}");
            }
        }
        // The index is built off the message loop; diagnostics use what is known until it ends.
        tokio::spawn(index_workspace(self.client.clone(), self.state.clone()));
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let p = {
            let mut st = lock(&self.state);
            let info = file_info(&d.uri, &d.language_id);
            let doc = Document::new(&d.text, d.version, info, st.settings.max_file_size);
            st.docs.insert(d.uri.clone(), doc);
            Self::check(&mut st, &d.uri)
        };
        for p in p {
            self.publish(Some(p)).await;
        }
        self.show_notes().await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let p = {
            let mut st = lock(&self.state);
            let enc = st.encoding;
            let max = st.settings.max_file_size;
            let Some(doc) = st.docs.get_mut(&uri) else {
                tracing::warn!("didChange for a document that is not open: {}", uri.as_str());
                return;
            };
            for c in params.content_changes {
                doc.apply(c.range.map(from_lsp_range), &c.text, enc, max);
            }
            doc.version = params.text_document.version;
            Self::check(&mut st, &uri)
        };
        for p in p {
            self.publish(Some(p)).await;
        }
        self.show_notes().await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let others = {
            let mut st = lock(&self.state);
            st.docs.remove(&uri);
            st.published.remove(&uri);
            // Its facts are the file's on disk again.
            let located = uri.to_file_path().and_then(|p| st.index.locate(&p).map(|l| (p.into_owned(), l)));
            match located {
                Some((path, (root, rel))) => {
                    let changed = st.index.set_open(root, &rel, None);
                    let facts = disk_facts_of(&st, &path);
                    if st.index.set_disk(root, &rel, facts) || changed {
                        st.rebuild(root);
                        Self::recheck_root(&mut st, root, None)
                    } else {
                        Vec::new()
                    }
                }
                None => Vec::new(),
            }
        };
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
        for p in others {
            self.publish(Some(p)).await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let pubs = {
            let mut st = lock(&self.state);
            let exclude = st.config.exclude.clone();
            let mut roots = std::collections::BTreeSet::new();
            for ev in params.changes {
                let Some(path) = ev.uri.to_file_path().map(|p| p.into_owned()) else { continue };
                let Some((root, rel)) = st.index.locate(&path) else { continue };
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if name == ".gitignore" || name == ".ignore" {
                    // What is ignored changed: read the folder again, as at start.
                    st.index.roots[root].ignores.clear();
                    roots.insert(root);
                    continue;
                }
                if st.docs.contains_key(&ev.uri) {
                    continue;
                }
                let ignored = st.index.roots[root].ignores.is_ignored(&path)
                    || claimcheck_files::excluded(&exclude, &path.to_string_lossy(), &rel);
                let facts = if ev.typ == FileChangeType::DELETED || ignored { None } else { disk_facts_of(&st, &path) };
                if st.index.set_disk(root, &rel, facts) {
                    roots.insert(root);
                }
            }
            let mut pubs = Vec::new();
            for r in roots {
                st.rebuild(r);
                pubs.extend(Self::recheck_root(&mut st, r, None));
            }
            pubs
        };
        for p in pubs {
            self.publish(Some(p)).await;
        }
        self.show_notes().await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let pushed = params.settings;
        let value = match self.pull_settings().await {
            Some(v) => v,
            None if pushed.is_null() => lock(&self.state).init_options.clone(),
            None => pushed,
        };
        self.apply_settings(&value).await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let tp = params.text_document_position_params;
        let st = lock(&self.state);
        let Some(doc) = st.docs.get(&tp.text_document.uri) else { return Ok(None) };
        let line = doc.line(tp.position.line as usize);
        // Debug builds only: lets tests/secrecy.rs prove that a panic in a handler, whose message
        // quotes the document, shows none of it.
        #[cfg(debug_assertions)]
        if std::env::var_os("CLAIMCHECK_TEST_PANIC_IN_HOVER").is_some() {
            panic!("test panic in hover, quoting the line: {line}");
        }
        let pos = claimcheck_core::lines::Pos {
            line: tp.position.line as usize,
            byte: byte_in_line(&line, tp.position.character, st.encoding),
        };
        let a: &Analysis = &doc.analysis;
        let now = st.now();
        let (text, span) = if let Some(t) = a.token_at(pos) {
            (hover::token_hover(t, now, st.catalog()), t.span)
        } else if let Some(u) = a.url_at(pos) {
            (hover::url_hover(a, u, st.catalog(), st.configured.as_ref(), now), u.span)
        } else {
            return Ok(None);
        };
        let range = lsp_range(|i| doc.line(i), span, st.encoding);
        Ok(Some(Hover { contents: markdown_or_plain(st.markdown, text), range: Some(range) }))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let st = lock(&self.state);
        if !st.settings.inlay_hints {
            return Ok(Some(Vec::new()));
        }
        let Some(doc) = st.docs.get(&params.text_document.uri) else { return Ok(None) };
        let (first, last) = (params.range.start.line as usize, params.range.end.line as usize);
        let a = &doc.analysis;
        let now = st.now();
        let mut hints = Vec::new();
        let mut push = |span: claimcheck_core::lines::Span, label: String| {
            let range = lsp_range(|i| doc.line(i), span, st.encoding);
            hints.push(InlayHint {
                position: range.end,
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        };
        for u in a.urls.iter().filter(|u| (first..=last).contains(&u.span.end.line)) {
            if let Some(label) = hover::url_hint(a, u, st.catalog(), st.configured.as_ref()) {
                push(u.span, label);
            }
        }
        for t in a.tokens.iter().filter(|t| (first..=last).contains(&t.span.end.line)) {
            push(t.span, hover::token_hint(t, now));
        }
        hints.sort_by_key(|h| (h.position.line, h.position.character));
        Ok(Some(hints))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let mut actions = Vec::new();
        for d in params.context.diagnostics.iter().filter(|d| d.source.as_deref() == Some("claimcheck")) {
            let Some(data) = d.data.as_ref() else { continue };
            let rule = data.get("rule").and_then(Value::as_str).unwrap_or("");
            let edit = |range: Range, text: String| {
                let mut changes = HashMap::new();
                changes.insert(uri.clone(), vec![TextEdit { range, new_text: text }]);
                Some(WorkspaceEdit { changes: Some(changes), ..Default::default() })
            };
            if let Some(fix) = data.get("fix") {
                let title = fix.get("title").and_then(Value::as_str).unwrap_or("Apply fix").to_owned();
                let range: Option<Range> = fix.get("range").and_then(|r| serde_json::from_value(r.clone()).ok());
                let text = fix.get("newText").and_then(Value::as_str);
                if let (Some(range), Some(text)) = (range, text) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: edit(range, text.to_owned()),
                        is_preferred: Some(true),
                        ..Default::default()
                    }));
                }
            }
            if let Some(ig) = data.get("ignore") {
                let pos: Option<Position> = ig.get("position").and_then(|p| serde_json::from_value(p.clone()).ok());
                let text = ig.get("text").and_then(Value::as_str);
                if let (Some(pos), Some(text)) = (pos, text) {
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: format!("Suppress {rule} on this line (claimcheck:ignore)"),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![d.clone()]),
                        edit: edit(Range::new(pos, pos), text.to_owned()),
                        ..Default::default()
                    }));
                }
            }
        }
        Ok(Some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command == PERMISSIONS_COMMAND {
            let st = lock(&self.state);
            let names = claimcheck_core::workspace::names::Names::new(st.catalog());
            let mut md = String::new();
            if st.index.roots.is_empty() {
                md.push_str(
                    "## claimcheck permissions\n\nNo workspace folder is open: the report covers a workspace.\n",
                );
            }
            for r in &st.index.roots {
                let title = format!("claimcheck permissions: {}", r.path.display());
                md.push_str(&claimcheck_core::workspace::report::markdown(&r.model, &names, &title));
            }
            return Ok(Some(Value::String(md)));
        }
        if params.command != EXPLAIN_COMMAND {
            return Err(Error::invalid_params(format!("unknown command {}", params.command)));
        }
        let Some(text) = params.arguments.first().and_then(Value::as_str) else {
            return Err(Error::invalid_params("claimcheck.explainToken takes one string argument: the token"));
        };
        let st = lock(&self.state);
        let md = match jwt::decode(text) {
            Ok(tok) => claimcheck_core::explain::facts_markdown(
                &format!("Token {}", tok.preview),
                &claimcheck_core::explain::token_facts(&tok, st.now(), st.catalog()),
            ),
            Err(e) => format!("**Not a token:** {e}"),
        };
        Ok(Some(Value::String(md)))
    }
}

/// The system clock in Unix seconds.
fn system_now() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_secs() as i64)
}
