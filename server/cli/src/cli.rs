//! The command line: `scan` and `explain` (`docs/behaviour.md`, "Surfaces"). This layer does the I/O.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use clap::{Args, Parser, Subcommand, ValueEnum};

use claimcheck_core::analysis::{Context, SeverityMap};
use claimcheck_core::catalog::Catalog;
use claimcheck_core::config::{self, Config};
use claimcheck_core::context::FileInfo;
use claimcheck_core::explain;
use claimcheck_core::jwt::{self, Token};
use claimcheck_core::prefilter::{self, NotUtf8};
use claimcheck_core::report::{self, ReportFinding, Summary};
use claimcheck_core::timefmt;
use claimcheck_core::types::{Method, Severity};

const EXAMPLES: &str = "\
Examples:
  claimcheck scan                          scan the current folder
  claimcheck scan src api.http --format json
  claimcheck scan --format sarif > claimcheck.sarif
  claimcheck scan --token-env GRAPH_TOKEN --fail-on warning
  claimcheck explain eyJ0eXAiOi...          decode a token, in plain words
  pbpaste | claimcheck explain - --url https://graph.microsoft.com/v1.0/security/alerts_v2
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
    #[command(after_help = EXAMPLES)]
    Explain(ExplainArgs),
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

#[derive(Args)]
pub struct ExplainArgs {
    /// The token, or `-` to read it from stdin.
    pub token: String,
    /// Check whether a call to this URL would be authorised.
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
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_owned()
}

enum FileOutcome {
    Scanned { findings: Vec<ReportFinding>, suppressed: usize, tokens: usize, urls: usize },
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
}

impl ScanJob<'_> {
    fn ctx(&self) -> Context<'_> {
        Context {
            catalog: self.catalog.unwrap_or_else(|| Catalog::builtin()),
            now: self.now,
            severity: self.severity,
            configured: self.configured,
        }
    }
}

/// Files from this size on are mapped; smaller ones are read into the worker's reused buffer
/// (mapping costs a few system calls and page faults that a small read does not).
const MMAP_MIN: u64 = 64 * 1024;

fn scan_file(
    job: &ScanJob,
    path: &Path,
    shown: &str,
    warn: &mut Vec<String>,
    buf: &mut Vec<u8>,
    threads: usize,
) -> Result<FileOutcome, String> {
    let mut file = std::fs::File::open(path).map_err(|e| format!("{shown}: cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("{shown}: cannot read: {e}"))?;
    if meta.is_dir() {
        return Err(format!("{shown}: is a directory"));
    }
    if let Some(max) = job.max_size {
        if meta.len() > max {
            warn.push(format!(
                "{shown}: skipped, {} bytes is over max_file_size ({max}); raise max_file_size in claimcheck.toml to scan it",
                meta.len()
            ));
            return Ok(FileOutcome::Skipped);
        }
    }
    let mut map = None;
    if meta.is_file() && meta.len() >= MMAP_MIN {
        // SAFETY: the map is read-only and dropped before this function returns; a file truncated
        // while mapped is the same hazard every mmap-based scanner accepts.
        map = unsafe { memmap2::Mmap::map(&file) }.ok();
    }
    let bytes: &[u8] = match &map {
        Some(m) => m,
        None => {
            read_into(&mut file, meta.len(), buf).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            buf
        }
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Ok(FileOutcome::Skipped);
    }
    let info = FileInfo::for_path(shown);
    let lossy;
    // Mapping a range's pages in one call costs the kernel less than a fault every 16 pages.
    let prepare = |offset: usize, len: usize| {
        if let Some(m) = &map {
            let _ = m.advise_range(memmap2::Advice::PopulateRead, offset, len);
        }
    };
    let scan = match prefilter::scan_bytes_parallel(bytes, threads, &prepare) {
        Ok(scan) => scan,
        Err(NotUtf8) => {
            warn.push(format!("{shown}: not valid UTF-8; invalid bytes were read as U+FFFD"));
            lossy = String::from_utf8_lossy(bytes).into_owned();
            prefilter::scan_str(&lossy)
        }
    };
    let analysis = claimcheck_core::analysis::analyze_scan(&scan, &info, &job.ctx());
    let mut findings = Vec::new();
    let mut suppressed = 0;
    for f in &analysis.findings {
        if f.suppressed {
            suppressed += 1;
        } else {
            findings.push(ReportFinding::new(f, shown, &scan.lines));
        }
    }
    Ok(FileOutcome::Scanned {
        findings,
        suppressed,
        tokens: analysis.tokens.len(),
        urls: analysis.urls.iter().filter(|u| u.kind == claimcheck_core::analysis::RefKind::Url).count(),
    })
}

/// Reads a whole file into `buf` (reused between files), `size` being what its metadata says.
fn read_into(file: &mut std::fs::File, size: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    // One byte more than expected, so that a file that did not grow is read in full and then
    // met at its end without a larger buffer.
    buf.resize(usize::try_from(size).unwrap_or(usize::MAX - 1).saturating_add(1).min(1 << 30), 0);
    let mut filled = 0;
    loop {
        if filled == size as usize && size > 0 {
            // What the metadata promised: a regular file's end, without a read to meet it. (Size
            // 0 is also what special files such as /proc ones say: those are read to the end.)
            break;
        }
        if filled == buf.len() {
            // The file grew while being read: take the rest as it comes.
            file.read_to_end(buf)?;
            return Ok(());
        }
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.clear();
                return Err(e);
            }
        }
    }
    buf.truncate(filled);
    Ok(())
}

/// What scanning one file gave, with where it came from.
struct Scanned {
    /// Which command-line argument the file was reached from.
    arg: usize,
    shown: String,
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
    fn scan(&mut self, job: &ScanJob, arg: usize, path: &Path, shown: String, explicit: bool) {
        let mut warn = Vec::new();
        let outcome = scan_file(job, path, &shown, &mut warn, &mut self.buf, self.threads);
        self.found.push(Scanned { arg, shown, explicit, outcome, warn });
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
    let ctx = Context { catalog: Catalog::builtin(), now: 0, severity: &severity, configured: None };
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
    if files.len() == 1 {
        let (i, arg) = files[0];
        Worker { threads, buf: Vec::new(), found: Vec::new(), sink: &sink }.scan(job, i, arg, display_path(arg), true);
    } else if !files.is_empty() {
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads.min(files.len()) {
                s.spawn(|| {
                    let mut w = Worker { threads: 1, buf: Vec::new(), found: Vec::new(), sink: &sink };
                    while let Some(&(i, arg)) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        w.scan(job, i, arg, display_path(arg), true);
                    }
                });
            }
        });
    }
    for (i, arg) in dirs {
        let walker = ignore::WalkBuilder::new(arg)
            .hidden(false)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .ignore(true)
            .parents(true)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .threads(threads)
            .build_parallel();
        walker.run(|| {
            let mut w = Worker { threads: 1, buf: Vec::new(), found: Vec::new(), sink: &sink };
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) {
                            let shown = display_path(e.path());
                            let rel = e.path().strip_prefix(arg).map(display_path).unwrap_or_default();
                            if !(exclude.is_match(&shown) || (!rel.is_empty() && exclude.is_match(&rel))) {
                                w.scan(job, i, e.path(), shown, false);
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

/// `claimcheck scan`. Returns the exit code.
pub fn scan(args: ScanArgs) -> Result<i32, Usage> {
    let now = now(&args.now)?;
    let (cfg, cfg_dir) = find_config(&args.config)?;
    let mut catalog_files: Vec<PathBuf> = cfg.catalog.iter().map(|c| cfg_dir.join(c)).collect();
    catalog_files.extend(args.catalog.iter().cloned());
    let extra = load_catalog(&catalog_files)?;
    if extra.is_none() {
        // Detached: it only fills the lazily built tables that the analysis would build anyway.
        std::thread::spawn(warm_up);
    }
    let configured = configured_token(&args.token)?;
    if let Some(tok) = &configured {
        for r in claimcheck_core::rules::check_token_times(&tok.claims, now, "the configured token") {
            eprintln!("claimcheck: warning[{}] {}", r.rule.id(), r.message);
        }
    }
    let severity: SeverityMap = cfg.severity.clone();
    let job = ScanJob {
        catalog: extra.as_ref(),
        now,
        severity: &severity,
        configured: configured.as_ref(),
        max_size: cfg.max_file_size,
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut errors = Vec::new();
    let skipped = AtomicUsize::new(0);
    let mut results = scan_paths(&job, &paths, &cfg.exclude, &mut errors, &skipped);
    results.sort_unstable_by(|a, b| (a.arg, &a.shown).cmp(&(b.arg, &b.shown)));
    let skipped = skipped.into_inner();

    let mut findings = Vec::new();
    let mut summary = Summary { skipped, ..Summary::default() };
    let mut fatal = !errors.is_empty();
    for e in &errors {
        eprintln!("claimcheck: error: {e}");
    }
    for Scanned { explicit, outcome, warn, .. } in results {
        for w in warn {
            eprintln!("claimcheck: {w}");
        }
        match outcome {
            Ok(FileOutcome::Scanned { findings: f, suppressed, tokens, urls }) => {
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
    let text = if args.token == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(64 * 1024 * 1024)
            .read_to_string(&mut s)
            .map_err(|e| Usage(format!("cannot read the token from stdin: {e}")))?;
        s
    } else {
        args.token.clone()
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
