//! The command line: `scan` and `explain` (`docs/behaviour.md`, "Surfaces"). This layer does the I/O.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimcheck_core::analysis::{Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::config::{self, Config};
use claimcheck_core::context::FileInfo;
use claimcheck_core::explain;
use claimcheck_core::grants::FileApp;
use claimcheck_core::jwt::{self, Token};
use claimcheck_core::prefilter::{self, NotUtf8};
use claimcheck_core::report::{self, ReportFinding, Summary};
use claimcheck_core::timefmt;
use claimcheck_core::types::{Method, Severity};
use claimcheck_core::workspace::{self, model::WsFile, names::Names, FileFacts, Model, Workspace};
use claimcheck_files::{Content, Opened};

const EXAMPLES: &str = "\
Examples:
  claimcheck scan                          scan the current folder
  claimcheck scan src api.http --format json
  claimcheck scan --format sarif > claimcheck.sarif
  claimcheck scan --token-env GRAPH_TOKEN --fail-on warning
  claimcheck permissions                   the least permissions each app of this folder needs
  claimcheck permissions --format json --app soc-collector
  claimcheck explain eyJ0eXAiOi...          decode a token, in plain words
  pbpaste | claimcheck explain - --url https://graph.microsoft.com/v1.0/security/alerts_v2
  claimcheck explain --url /v1.0/users/{id}/messages --method GET
                                           what a call needs, least privileged first
  claimcheck lsp                           run the language server on stdio";

#[derive(Parser)]
#[command(
    name = "claimcheck",
    version,
    about = "Finds Microsoft Graph 403s before they happen: decodes access tokens offline and checks \
             their scp, roles and wids against the Graph endpoints your code calls.",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Scan files and folders for tokens and Graph URLs, and report what will fail.
    #[command(after_help = EXAMPLES)]
    Scan(ScanArgs),
    /// Decode one token and say what it allows; with --url, whether that call would be authorised.
    /// With --url and no token: what the call needs, least privileged first.
    #[command(after_help = EXAMPLES)]
    Explain(ExplainArgs),
    /// The least permission set each app of the workspace needs, and what its declarations miss
    /// or grant in excess.
    #[command(after_help = EXAMPLES)]
    Permissions(PermissionsArgs),
    /// Run the language server on stdin/stdout.
    Lsp {
        /// Accepted for editors that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print a completion script for a shell (source it, or put it where the shell loads them).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; view it with `claimcheck man | man -l -`).
    Man,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request's files.
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Information,
    Hint,
    Never,
}

#[derive(Args, Clone, Default)]
pub struct TokenArgs {
    /// A token to check every URL against when its file holds none.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Read that token from a file.
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,
    /// Read that token from an environment variable.
    #[arg(long, value_name = "VAR")]
    pub token_env: Option<String>,
}

#[derive(Args)]
pub struct ScanArgs {
    /// Files and folders to scan (default: the current folder).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    #[command(flatten)]
    pub token: TokenArgs,
    /// The clock: RFC 3339 or Unix seconds (also CLAIMCHECK_NOW).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Config file (default: claimcheck.toml or .claimcheck.toml in the current folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra permission data: the project's format or Graph Explorer's permissions.json. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long, value_enum, default_value = "error")]
    pub fail_on: FailOn,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PermissionsFormat {
    Human,
    Json,
}

#[derive(Args)]
pub struct PermissionsArgs {
    /// Folders (workspaces) and files to read (default: the current folder).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: PermissionsFormat,
    /// Only this app.
    #[arg(long, value_name = "NAME")]
    pub app: Option<String>,
    /// Config file (default: claimcheck.toml or .claimcheck.toml in the current folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Extra permission data: the project's format or Graph Explorer's permissions.json. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,
}

#[derive(Args)]
pub struct ExplainArgs {
    /// The token, or `-` to read it from stdin. Without one, --url says what the call needs.
    pub token: Option<String>,
    /// With a token: whether a call to this URL would be authorised. Without: what it needs.
    #[arg(long)]
    pub url: Option<String>,
    /// The call's method (default GET).
    #[arg(long, value_name = "M")]
    pub method: Option<String>,
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub catalog: Vec<PathBuf>,
}

/// `claimcheck completions SHELL`.
pub fn completions(shell: clap_complete::Shell) -> Result<i32, Usage> {
    use clap::CommandFactory;
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "claimcheck", &mut out);
    Ok(0)
}

/// `claimcheck man`: the page of the command and one section per subcommand.
pub fn man() -> Result<i32, Usage> {
    use clap::CommandFactory;
    let cmd = Cli::command();
    let mut page = Vec::new();
    let write = |page: &mut Vec<u8>, c: clap::Command| clap_mangen::Man::new(c).render(page);
    write(&mut page, cmd.clone()).map_err(|e| Usage(format!("man: {e}")))?;
    for sub in cmd.get_subcommands().filter(|s| !matches!(s.get_name(), "man" | "completions" | "help")) {
        let name = format!("claimcheck-{}", sub.get_name());
        write(&mut page, sub.clone().name(name)).map_err(|e| Usage(format!("man: {e}")))?;
    }
    std::io::stdout().lock().write_all(&page).map_err(|e| Usage(format!("man: {e}")))?;
    Ok(0)
}

/// A usage error: exit code 2 with a message.
pub struct Usage(pub String);

fn now(arg: &Option<String>) -> Result<i64, Usage> {
    match arg {
        Some(t) => timefmt::parse_now(t).map_err(|e| Usage(format!("--now: {e}"))),
        None => timefmt::now_from(std::env::var("CLAIMCHECK_NOW").ok().as_deref(), system_now()).map_err(Usage),
    }
}

/// The system clock in Unix seconds.
fn system_now() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.map_or(0, |d| d.as_secs() as i64)
}

/// The built-in catalog with extra files merged in; `None` when there are none.
fn load_catalog(files: &[PathBuf]) -> Result<Option<Catalog>, Usage> {
    let mut cat: Option<Catalog> = None;
    for f in files {
        let text =
            std::fs::read_to_string(f).map_err(|e| Usage(format!("cannot read catalog {}: {e}", f.display())))?;
        let base = cat.as_ref().unwrap_or_else(|| Catalog::builtin());
        cat = Some(base.with_extra(&text).map_err(|e| Usage(format!("catalog {}: {e}", f.display())))?);
    }
    Ok(cat)
}

/// Reads the configured token from `--token`, `--token-file` or `--token-env`.
pub fn configured_token(args: &TokenArgs) -> Result<Option<Token>, Usage> {
    let (text, source) = if let Some(t) = &args.token {
        (t.clone(), "--token".to_owned())
    } else if let Some(p) = &args.token_file {
        let t = std::fs::read_to_string(p).map_err(|e| Usage(format!("--token-file {}: {e}", p.display())))?;
        (t, format!("--token-file {}", p.display()))
    } else if let Some(v) = &args.token_env {
        let t = std::env::var(v).map_err(|_| Usage(format!("--token-env {v}: the variable is not set")))?;
        (t, format!("--token-env {v}"))
    } else {
        return Ok(None);
    };
    jwt::decode(&text).map(Some).map_err(|e| Usage(format!("{source}: {e}")))
}

fn find_config(explicit: &Option<PathBuf>) -> Result<(Config, PathBuf), Usage> {
    let path = match explicit {
        Some(p) => p.clone(),
        None => match config::FILE_NAMES.iter().map(PathBuf::from).find(|p| p.is_file()) {
            Some(p) => p,
            None => return Ok((Config::default(), PathBuf::from("."))),
        },
    };
    let text =
        std::fs::read_to_string(&path).map_err(|e| Usage(format!("cannot read config {}: {e}", path.display())))?;
    let cfg = Config::parse(&text).map_err(|e| Usage(format!("{}: {e}", path.display())))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok((cfg, dir))
}

/// Output path: as reached from the argument, `/` separators, no leading `./`.
fn display_path(p: &Path) -> String {
    claimcheck_files::display_path(p)
}

enum FileOutcome {
    Scanned {
        findings: Vec<ReportFinding>,
        suppressed: usize,
        tokens: usize,
        urls: usize,
        /// What the file contributes to the workspace, when it holds anything.
        facts: Option<Arc<FileFacts>>,
    },
    Skipped,
}

struct ScanJob<'a> {
    /// The built-in catalog with extra data merged in; `None`: the built-in one, parsed on first
    /// use (a warm-up thread parses it while the first files are read and searched).
    catalog: Option<&'a Catalog>,
    now: i64,
    severity: &'a SeverityMap,
    configured: Option<&'a Token>,
    max_size: Option<u64>,
    /// Built on first use: most files of a tree hold nothing the workspace needs.
    names: OnceLock<Names<'a>>,
}

impl<'a> ScanJob<'a> {
    fn catalog(&self) -> &'a Catalog {
        self.catalog.unwrap_or_else(|| Catalog::builtin())
    }
    fn ctx<'s>(&'s self, app: Option<&'s FileApp>) -> Context<'s> {
        Context { catalog: self.catalog(), now: self.now, severity: self.severity, configured: self.configured, app }
    }
    fn names(&self) -> &Names<'a> {
        self.names.get_or_init(|| Names::new(self.catalog()))
    }
}

/// Scans one file; with `app`, its callerless calls are checked against that app (the second
/// pass of a workspace scan).
fn scan_file(
    job: &ScanJob,
    path: &Path,
    shown: &str,
    warn: &mut Vec<String>,
    buf: &mut Vec<u8>,
    threads: usize,
    app: Option<&FileApp>,
) -> Result<FileOutcome, String> {
    let content = match claimcheck_files::read(path, job.max_size, buf) {
        Ok(Opened::Text(c)) => c,
        Ok(Opened::Binary) => return Ok(FileOutcome::Skipped),
        Ok(Opened::TooLarge(len)) => {
            let max = job.max_size.unwrap_or_default();
            warn.push(format!(
                "{shown}: skipped, {len} bytes is over max_file_size ({max}); raise max_file_size in claimcheck.toml to scan it"
            ));
            return Ok(FileOutcome::Skipped);
        }
        Err(e) if e.to_string() == "is a directory" => return Err(format!("{shown}: is a directory")),
        Err(e) => return Err(format!("{shown}: cannot read: {e}")),
    };
    let map = match &content {
        Content::Mapped(m) => Some(m),
        Content::Buffer => None,
    };
    let bytes: &[u8] = match map {
        Some(m) => m,
        None => buf,
    };
    let info = FileInfo::for_path(shown);
    let lossy;
    // Mapping a range's pages in one call costs the kernel less than a fault every 16 pages.
    let prepare = |offset: usize, len: usize| {
        if let Some(m) = map {
            let _ = m.advise_range(memmap2::Advice::PopulateRead, offset, len);
        }
    };
    let (scan, text) = match prefilter::scan_bytes_parallel(bytes, threads, &prepare) {
        Ok(scan) => (scan, None),
        Err(NotUtf8) => {
            if app.is_none() {
                warn.push(format!("{shown}: not valid UTF-8; invalid bytes were read as U+FFFD"));
            }
            lossy = String::from_utf8_lossy(bytes).into_owned();
            (prefilter::scan_str(&lossy), Some(lossy.as_str()))
        }
    };
    let analysis = claimcheck_core::analysis::analyze_scan(&scan, &info, &job.ctx(app));
    let mut findings = Vec::new();
    let mut suppressed = 0;
    for f in &analysis.findings {
        if f.suppressed {
            suppressed += 1;
        } else {
            findings.push(ReportFinding::new(f, shown, &scan.lines));
        }
    }
    let anchored = scan.items.iter().any(|(_, li)| li.grant_anchor);
    let facts = if app.is_none() && (anchored || !analysis.urls.is_empty() || !analysis.declarations.is_empty()) {
        // Valid UTF-8: the scan checked it.
        let text = text.or_else(|| std::str::from_utf8(bytes).ok());
        let facts =
            workspace::file_facts(&analysis, &scan.lines, text, anchored, shown, &Arc::from(shown), job.names());
        (!facts.is_empty()).then(|| Arc::new(facts))
    } else {
        None
    };
    Ok(FileOutcome::Scanned {
        findings,
        suppressed,
        tokens: analysis.tokens.len(),
        urls: analysis.urls.iter().filter(|u| u.kind == claimcheck_core::analysis::RefKind::Url).count(),
        facts,
    })
}

/// What scanning one file gave, with where it came from.
struct Scanned {
    /// Which command-line argument the file was reached from.
    arg: usize,
    path: PathBuf,
    shown: String,
    /// The path below the argument's folder (the workspace root), `/` separators.
    rel: String,
    explicit: bool,
    outcome: Result<FileOutcome, String>,
    warn: Vec<String>,
}

/// A scanning thread's state: its read buffer and what it found, handed over when it ends.
struct Worker<'s> {
    /// Threads for one file (only when nothing else runs beside it).
    threads: usize,
    buf: Vec<u8>,
    found: Vec<Scanned>,
    sink: &'s Mutex<Vec<Scanned>>,
}

impl Worker<'_> {
    fn scan(&mut self, job: &ScanJob, arg: usize, path: &Path, shown: String, rel: String, explicit: bool) {
        let mut warn = Vec::new();
        let outcome = scan_file(job, path, &shown, &mut warn, &mut self.buf, self.threads, None);
        self.found.push(Scanned { arg, path: path.to_path_buf(), shown, rel, explicit, outcome, warn });
    }
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        let found = std::mem::take(&mut self.found);
        self.sink.lock().unwrap_or_else(|e| e.into_inner()).extend(found);
    }
}

/// Parses the built-in catalog and compiles the analysis' patterns on another core, so that the
/// first file's analysis does not wait for them.
fn warm_up() {
    const TEXT: &str = "curl -X POST \"https://graph.microsoft.com/v1.0/security/alerts_v2\"\n\
        client.security.alerts_v2.get()\n\
        scopes = [\"https://graph.microsoft.com/SecurityAlert.Read.All\"]\n\
        Connect-MgGraph -Scopes \"SecurityAlert.Read.All\"; Get-MgSecurityAlert -All\n";
    let severity = SeverityMap::new();
    // First what `scan_line` needs on the first line that holds something, then the rest.
    for line in TEXT.lines() {
        let _ = claimcheck_core::scan::scan_line(line);
    }
    let ctx = Context { catalog: Catalog::builtin(), now: 0, severity: &severity, configured: None, app: None };
    for name in ["warm.py", "warm.ps1", "warm.ts"] {
        let _ = claimcheck_core::analysis::analyze_text(TEXT, &FileInfo::for_path(name), &ctx);
    }
}

/// Walks the folders and scans the files, on every core: files named explicitly are shared out
/// between the threads; each folder is walked by `ignore`'s parallel walker, whose threads scan
/// the files they meet. Results come back unordered.
fn scan_paths(
    job: &ScanJob,
    args: &[PathBuf],
    exclude: &globset::GlobSet,
    errors: &mut Vec<String>,
    skipped: &AtomicUsize,
) -> Vec<Scanned> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let sink = Mutex::new(Vec::new());
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for (i, arg) in args.iter().enumerate() {
        match std::fs::metadata(arg) {
            Ok(m) if m.is_dir() => dirs.push((i, arg)),
            Ok(_) => files.push((i, arg)),
            Err(e) => errors.push(format!("{}: {e}", arg.display())),
        }
    }
    let file_rel = |arg: &Path| arg.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if files.len() == 1 {
        let (i, arg) = files[0];
        Worker { threads, buf: Vec::new(), found: Vec::new(), sink: &sink }.scan(
            job,
            i,
            arg,
            display_path(arg),
            file_rel(arg),
            true,
        );
    } else if !files.is_empty() {
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads.min(files.len()) {
                s.spawn(|| {
                    let mut w = Worker { threads: 1, buf: Vec::new(), found: Vec::new(), sink: &sink };
                    while let Some(&(i, arg)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        w.scan(job, i, arg, display_path(arg), file_rel(arg), true);
                    }
                });
            }
        });
    }
    for (i, arg) in dirs {
        claimcheck_files::walker(arg, threads).run(|| {
            let mut w = Worker { threads: 1, buf: Vec::new(), found: Vec::new(), sink: &sink };
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) {
                            let shown = display_path(e.path());
                            let rel = e.path().strip_prefix(arg).map(display_path).unwrap_or_default();
                            if !claimcheck_files::excluded(exclude, &shown, &rel) {
                                w.scan(job, i, e.path(), shown, rel, false);
                            }
                        }
                    }
                    Err(err) => {
                        skipped.fetch_add(1, Ordering::Relaxed);
                        eprintln!("claimcheck: skipped: {err}");
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }
    sink.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The workspace of each argument (`docs/behaviour.md`, "The workspace"): a folder argument is
/// one workspace; each file named on its own is one too.
fn workspaces(job: &ScanJob, results: &[Scanned], cfg: &Config) -> Vec<(usize, Model)> {
    let mut by_arg: std::collections::BTreeMap<usize, Vec<WsFile>> = std::collections::BTreeMap::new();
    for r in results {
        if let Ok(FileOutcome::Scanned { facts: Some(f), .. }) = &r.outcome {
            by_arg.entry(r.arg).or_default().push(WsFile {
                rel: r.rel.clone(),
                display: Arc::from(r.shown.as_str()),
                facts: f.clone(),
            });
        }
    }
    if !cfg.apps.is_empty() {
        // Config entries that match nothing are reported even in a workspace without facts.
        for r in results {
            by_arg.entry(r.arg).or_default();
        }
    }
    by_arg
        .into_iter()
        .map(|(arg, files)| {
            let ws = Workspace { files, entries: cfg.apps.clone() };
            (arg, ws.model(job.names(), job.severity))
        })
        .collect()
}

/// Reads the config, catalogs and clock shared by `scan` and `permissions`.
struct Setup {
    now: i64,
    cfg: Config,
    extra: Option<Catalog>,
    severity: SeverityMap,
}

fn setup(now_arg: &Option<String>, config: &Option<PathBuf>, catalogs: &[PathBuf]) -> Result<Setup, Usage> {
    let now = now(now_arg)?;
    let (cfg, cfg_dir) = find_config(config)?;
    let mut catalog_files: Vec<PathBuf> = cfg.catalog.iter().map(|c| cfg_dir.join(c)).collect();
    catalog_files.extend(catalogs.iter().cloned());
    let extra = load_catalog(&catalog_files)?;
    if extra.is_none() {
        // Detached: it only fills the lazily built tables that the analysis would build anyway.
        std::thread::spawn(warm_up);
    }
    let severity: SeverityMap = cfg.severity.clone();
    Ok(Setup { now, cfg, extra, severity })
}

/// `claimcheck scan`. Returns the exit code.
pub fn scan(args: ScanArgs) -> Result<i32, Usage> {
    let Setup { now, cfg, extra, severity } = setup(&args.now, &args.config, &args.catalog)?;
    let configured = configured_token(&args.token)?;
    if let Some(tok) = &configured {
        for r in claimcheck_core::rules::check_token_times(&tok.claims, now, "the configured token") {
            eprintln!("claimcheck: warning[{}] {}", r.rule.id(), r.message);
        }
    }
    let job = ScanJob {
        catalog: extra.as_ref(),
        now,
        severity: &severity,
        configured: configured.as_ref(),
        max_size: cfg.max_file_size,
        names: OnceLock::new(),
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut errors = Vec::new();
    let skipped = AtomicUsize::new(0);
    let mut results = scan_paths(&job, &paths, &cfg.exclude, &mut errors, &skipped);
    results.sort_unstable_by(|a, b| (a.arg, &a.shown).cmp(&(b.arg, &b.shown)));
    let skipped = skipped.into_inner();

    // The workspace: calls checked against their apps (a second pass over the files that have
    // such calls), findings on the declarations themselves.
    let mut extra_findings = Vec::new();
    let mut extra_suppressed = 0;
    let models = workspaces(&job, &results, &cfg);
    let by_rel: std::collections::HashMap<(usize, &str), usize> = if models.iter().any(|(_, m)| !m.file_app.is_empty())
    {
        results.iter().enumerate().map(|(i, r)| ((r.arg, r.rel.as_str()), i)).collect()
    } else {
        Default::default()
    };
    let mut redo: Vec<(usize, FileApp)> = Vec::new();
    for (arg, model) in &models {
        for note in model.note_lines() {
            eprintln!("claimcheck: note: {note}");
        }
        for (fi, fa) in &model.file_app {
            if let Some(&i) = by_rel.get(&(*arg, model.files[*fi].rel.as_str())) {
                redo.push((i, fa.clone()));
            }
        }
        for (fi, fs) in &model.findings {
            let file = &model.files[*fi];
            for f in fs {
                if f.suppressed {
                    extra_suppressed += 1;
                    continue;
                }
                let Some(g) = file.facts.decls.grants.iter().position(|g| g.span == f.span) else { continue };
                let loc = &file.facts.grant_locs[g];
                extra_findings.push(ReportFinding {
                    rule: f.rule,
                    severity: f.severity,
                    path: file.display.to_string(),
                    line: loc.line() + 1,
                    column: loc.column,
                    end_line: loc.line() + 1,
                    end_column: loc.end_column,
                    message: f.message.clone(),
                    endpoint: None,
                    token: None,
                    line_hash: file.facts.grant_line_hash[g],
                });
            }
        }
    }

    drop(by_rel);
    // The files whose callerless calls belong to an app, scanned again with it, on every core.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(redo.len().max(1));
    let next = AtomicUsize::new(0);
    let again: Mutex<Vec<(usize, FileOutcome)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut buf = Vec::new();
                let mut mine = Vec::new();
                while let Some((i, fa)) = redo.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let r = &results[*i];
                    let mut warn = Vec::new();
                    if let Ok(o) = scan_file(&job, &r.path, &r.shown, &mut warn, &mut buf, 1, Some(fa)) {
                        mine.push((*i, o));
                    }
                }
                again.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            });
        }
    });
    for (i, o) in again.into_inner().unwrap_or_else(|e| e.into_inner()) {
        if let (
            Ok(FileOutcome::Scanned { findings, suppressed, .. }),
            FileOutcome::Scanned { findings: f2, suppressed: s2, .. },
        ) = (&mut results[i].outcome, o)
        {
            *findings = f2;
            *suppressed = s2;
        }
    }

    let mut findings = extra_findings;
    let mut summary = Summary { skipped, suppressed: extra_suppressed, ..Summary::default() };
    let mut fatal = !errors.is_empty();
    for e in &errors {
        eprintln!("claimcheck: error: {e}");
    }
    for Scanned { explicit, outcome, warn, .. } in results {
        for w in warn {
            eprintln!("claimcheck: {w}");
        }
        match outcome {
            Ok(FileOutcome::Scanned { findings: f, suppressed, tokens, urls, .. }) => {
                summary.files += 1;
                summary.suppressed += suppressed;
                summary.tokens += tokens;
                summary.urls += urls;
                findings.extend(f);
            }
            Ok(FileOutcome::Skipped) => summary.skipped += 1,
            Err(e) => {
                summary.skipped += 1;
                if explicit {
                    eprintln!("claimcheck: error: {e}");
                    fatal = true;
                } else {
                    eprintln!("claimcheck: skipped {e}");
                }
            }
        }
    }
    report::sort(&mut findings);
    let out = match args.format {
        Format::Human => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            report::human(&findings, &summary, colour)
        }
        Format::Json => report::json(&findings, &summary),
        Format::Sarif => report::sarif(&findings),
        Format::Github => report::github(&findings, &summary),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    if fatal {
        return Ok(2);
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Information => Some(Severity::Information),
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Never => None,
    };
    let failed = threshold.is_some_and(|t| findings.iter().any(|f| f.severity <= t));
    Ok(i32::from(failed))
}

/// `claimcheck permissions`. Returns the exit code.
pub fn permissions(args: PermissionsArgs) -> Result<i32, Usage> {
    let Setup { now, cfg, extra, severity } = setup(&None, &args.config, &args.catalog)?;
    let job = ScanJob {
        catalog: extra.as_ref(),
        now,
        severity: &severity,
        configured: None,
        max_size: cfg.max_file_size,
        names: OnceLock::new(),
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut errors = Vec::new();
    let skipped = AtomicUsize::new(0);
    let results = scan_paths(&job, &paths, &cfg.exclude, &mut errors, &skipped);
    let mut fatal = !errors.is_empty();
    for e in &errors {
        eprintln!("claimcheck: error: {e}");
    }
    for r in &results {
        for w in &r.warn {
            eprintln!("claimcheck: {w}");
        }
        if let (Err(e), true) = (&r.outcome, r.explicit) {
            eprintln!("claimcheck: error: {e}");
            fatal = true;
        }
    }
    if fatal {
        return Ok(2);
    }
    let mut models: Vec<Model> = workspaces(&job, &results, &cfg).into_iter().map(|(_, m)| m).collect();
    // One report over every argument: apps of several arguments are listed together.
    let mut model = models.pop().unwrap_or_default();
    for other in models.into_iter().rev() {
        model = merge(other, model);
    }
    for note in model.note_lines() {
        eprintln!("claimcheck: note: {note}");
    }
    if let Some(name) = &args.app {
        if !model.apps.iter().any(|a| &a.name == name) {
            let names: Vec<&str> = model.apps.iter().map(|a| a.name.as_str()).collect();
            return Err(Usage(format!(
                "--app {name}: no such app (apps: {})",
                if names.is_empty() { "none".to_owned() } else { names.join(", ") }
            )));
        }
    }
    let out = match args.format {
        PermissionsFormat::Human => workspace::report::human(&model, args.app.as_deref(), job.names()),
        PermissionsFormat::Json => workspace::report::json(&model, args.app.as_deref()),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    let apps = workspace::report::selected(&model, args.app.as_deref());
    Ok(i32::from(workspace::report::anything_missing(&apps)))
}

/// Two workspaces' models as one report: files renumbered, apps sorted by name.
fn merge(mut a: Model, b: Model) -> Model {
    let offset = a.files.len();
    a.files.extend(b.files);
    for mut app in b.apps {
        for d in &mut app.decls {
            d.file += offset;
        }
        for c in &mut app.calls {
            c.file += offset;
        }
        for e in &mut app.excess {
            e.decl.file += offset;
        }
        a.apps.push(app);
    }
    a.notes.extend(b.notes.into_iter().map(|(f, l, m)| (f.map(|f| f + offset), l, m)));
    a.apps.sort_by(|x, y| x.name.cmp(&y.name));
    a
}

/// `claimcheck explain`. Returns the exit code.
pub fn explain(args: ExplainArgs) -> Result<i32, Usage> {
    let now = now(&args.now)?;
    let extra = load_catalog(&args.catalog)?;
    let catalog = extra.as_ref().unwrap_or_else(|| Catalog::builtin());
    let method = match &args.method {
        Some(m) => Some(
            Method::parse(m)
                .ok_or_else(|| Usage(format!("--method {m}: use GET, POST, PUT, PATCH, DELETE or HEAD")))?,
        ),
        None => None,
    };
    let Some(token_arg) = &args.token else {
        let Some(url) = &args.url else {
            return Err(Usage(
                "explain needs a token (or - for stdin), or --url URL to say what a call needs".to_owned(),
            ));
        };
        let needs = explain::needs(method, url, catalog).map_err(Usage)?;
        let mut out = String::new();
        for l in &needs.lines {
            out.push_str(l);
            out.push('\n');
        }
        print!("{out}");
        return Ok(if needs.known { 0 } else { 1 });
    };
    let text = if token_arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(64 * 1024 * 1024)
            .read_to_string(&mut s)
            .map_err(|e| Usage(format!("cannot read the token from stdin: {e}")))?;
        s
    } else {
        token_arg.clone()
    };
    let token = match jwt::decode(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("claimcheck: {e}");
            return Ok(2);
        }
    };
    let mut out =
        explain::facts_markdown(&format!("Token {}", token.preview), &explain::token_facts(&token, now, catalog));
    let mut code = 0;
    if let Some(url) = &args.url {
        let v = explain::verdict(&explain::token_caller(&token), method.unwrap_or(Method::Get), url, now, catalog)
            .map_err(Usage)?;
        out.push('\n');
        for l in &v.lines {
            out.push_str(l);
            out.push('\n');
        }
        if !v.authorised {
            code = 1;
        }
    }
    print!("{out}");
    Ok(code)
}
