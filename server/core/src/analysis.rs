//! The analysis of one document: find tokens and URLs line by line, then tie each URL to a
//! token (`docs/behaviour.md`, "Which token or grant goes with which call") and run the rules (`docs/behaviour.md`, "Rules").
//!
//! Line scanning is the expensive part and is line-local, so the language server can cache it per
//! line; the file-level pass (`analyze_lines`) only visits lines that hold something and their
//! immediate context.

use std::collections::HashMap;
use std::sync::Arc;

use crate::catalog::{Catalog, Lookup};
use crate::context::{self, FileInfo, FileKind};
use crate::finding::{EndpointRef, Finding, Fix, MethodSource, TokenRef};
use crate::grants::{ki, CallKind, DeclKind, FileApp, Loc};
use crate::jwt::{Claims, Token};
use crate::lines::{LineSource, Pos, Span};
use crate::prefilter::TextScan;
use crate::references::{self, Reference};
use crate::rules::{self, Call, Caller, Raised, Rule};
use crate::scan::LineItems;
use crate::scopes::{self, Declaration};
use crate::types::{Cloud, Method, Severity, TokenKind, Version};

/// Per-rule severity overrides: `None` turns a rule off.
pub type SeverityMap = HashMap<Rule, Option<Severity>>;

/// Everything the analysis needs besides the document.
pub struct Context<'a> {
    pub catalog: &'a Catalog,
    /// Unix seconds.
    pub now: i64,
    pub severity: &'a SeverityMap,
    /// The token from `--token*` or the editor settings.
    pub configured: Option<&'a Token>,
    /// The app the file's callerless calls belong to (`docs/behaviour.md`, "The workspace").
    pub app: Option<&'a FileApp>,
}

/// A token occurrence in the document.
#[derive(Debug, Clone)]
pub struct TokenOcc {
    pub span: Span,
    pub token: Arc<Token>,
    pub kind: TokenKind,
    pub kind_guessed: bool,
    pub from_fragment: bool,
}

impl TokenOcc {
    /// How messages name the token: "the delegated token on line 3".
    pub fn label(&self) -> String {
        format!("the {} token on line {}", self.kind.as_str(), self.span.start.line + 1)
    }
}

/// A scope declaration in the document, with the claims it stands for.
#[derive(Debug, Clone)]
pub struct DeclOcc {
    pub decl: Declaration,
    pub claims: Claims,
}

/// Which caller a URL was checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assoc {
    /// Index into `Analysis::tokens`.
    File(usize),
    /// Index into `Analysis::declarations`.
    Declared(usize),
    /// The app registration of the file's app, elsewhere in the workspace.
    App,
    Config,
    None,
}

pub use crate::references::RefKind;

/// An endpoint reference in the document (a Graph URL or an SDK call), with what the analysis
/// concluded about it.
#[derive(Debug, Clone)]
pub struct UrlOcc {
    pub span: Span,
    /// Where the path (after the version) is written; `None` for SDK calls.
    pub path_span: Option<Span>,
    pub kind: RefKind,
    /// `None`: nothing in the file says which version (a version-less `/security/` path).
    pub version: Option<Version>,
    pub cloud: Cloud,
    /// The path as written, placeholders `{}`.
    pub path: String,
    /// The first of `methods`, or the assumed one.
    pub method: Method,
    /// Every method the code sends it with.
    pub methods: Vec<Method>,
    /// The code states no method: `method` is what the path suggests.
    pub method_assumed: bool,
    /// The catalog template this reference matched, if any.
    pub template: Option<String>,
    pub assoc: Assoc,
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<TokenOcc>,
    pub declarations: Vec<DeclOcc>,
    pub urls: Vec<UrlOcc>,
    /// Sorted by position then rule; suppressed findings are kept and marked.
    pub findings: Vec<Finding>,
    /// The app the callerless calls were checked against.
    pub app: Option<FileApp>,
}

impl Analysis {
    pub fn token_at(&self, p: Pos) -> Option<&TokenOcc> {
        self.tokens.iter().find(|t| t.span.contains(p))
    }
    pub fn url_at(&self, p: Pos) -> Option<&UrlOcc> {
        self.urls.iter().find(|u| u.span.contains(p))
    }

    /// The caller an endpoint reference was checked against.
    pub fn caller<'a>(&'a self, assoc: Assoc, configured: Option<&'a Token>) -> Option<(Caller<'a>, TokenRef)> {
        match assoc {
            Assoc::File(i) => {
                let t = self.tokens.get(i)?;
                Some((
                    Caller {
                        claims: &t.token.claims,
                        kind: t.kind,
                        kind_guessed: t.kind_guessed,
                        label: t.label(),
                        declared: false,
                        declared_cloud: None,
                        from_fragment: t.from_fragment,
                    },
                    TokenRef::File { span: t.span, kind: t.kind },
                ))
            }
            Assoc::Declared(i) => {
                let d = self.declarations.get(i)?;
                Some((
                    Caller {
                        claims: &d.claims,
                        kind: TokenKind::Delegated,
                        kind_guessed: false,
                        label: format!("the scopes requested on line {}", d.decl.span.start.line + 1),
                        declared: true,
                        declared_cloud: d.decl.cloud,
                        from_fragment: false,
                    },
                    TokenRef::Declared { span: d.decl.span },
                ))
            }
            Assoc::Config => {
                let tok = configured?;
                let (kind, kind_guessed) = tok.claims.kind();
                Some((
                    Caller {
                        claims: &tok.claims,
                        kind,
                        kind_guessed,
                        label: format!("the configured {} token", kind.as_str()),
                        declared: false,
                        declared_cloud: None,
                        from_fragment: false,
                    },
                    TokenRef::Config { kind },
                ))
            }
            Assoc::App => {
                let fa = self.app.as_ref()?;
                let kind = match fa.kind {
                    CallKind::Known(k) => k,
                    CallKind::Either => TokenKind::Delegated,
                };
                Some((app_caller(fa, kind), app_ref(fa, kind, None)))
            }
            Assoc::None => None,
        }
    }

    /// The callers an app call is checked as: one per kind it may sign in as.
    pub fn app_callers(&self) -> Vec<Caller<'_>> {
        let Some(fa) = self.app.as_ref() else { return Vec::new() };
        fa.kind.kinds().iter().map(|k| app_caller(fa, *k)).collect()
    }
}

/// An app's grants of one kind as the rules see a caller.
fn app_caller(fa: &FileApp, kind: TokenKind) -> Caller<'_> {
    Caller {
        claims: &fa.app.claims[ki(kind)],
        kind,
        kind_guessed: false,
        label: fa.app.label(kind),
        declared: true,
        declared_cloud: None,
        from_fragment: false,
    }
}

/// Where a finding on an app call points (`docs/behaviour.md`, "The workspace"): the entry of the
/// held permission that covers the call, else the first line of the registration.
fn app_ref(fa: &FileApp, kind: TokenKind, covering: Option<&str>) -> TokenRef {
    if let Some(h) = covering.and_then(|p| fa.app.entry(kind, p)) {
        return TokenRef::App { loc: h.loc.clone(), kind: h.decl };
    }
    match &fa.app.first[ki(kind)] {
        Some((loc, decl)) => TokenRef::App { loc: loc.clone(), kind: *decl },
        None => TokenRef::App {
            loc: Loc::new(fa.app.name.as_str().into(), "", Span::default()),
            kind: DeclKind::AppRegistration,
        },
    }
}

/// Analyses a whole text.
pub fn analyze_text(text: &str, file: &FileInfo, ctx: &Context<'_>) -> Analysis {
    if file.kind == FileKind::Notebook {
        return crate::notebook::analyze(text, file, ctx);
    }
    analyze_text_plain(text, file, ctx)
}

/// Analyses a whole text as it is (a notebook's JSON as text).
pub(crate) fn analyze_text_plain(text: &str, file: &FileInfo, ctx: &Context<'_>) -> Analysis {
    analyze_scan(&crate::prefilter::scan_str(text), file, ctx)
}

/// The file-level pass over a whole-text scan (`prefilter`). It only visits lines that hold
/// something and their context, so a text where the scan found nothing has nothing to report.
pub fn analyze_scan(scan: &TextScan<'_>, file: &FileInfo, ctx: &Context<'_>) -> Analysis {
    if file.kind == FileKind::Notebook {
        return crate::notebook::analyze(&String::from_utf8_lossy(scan.lines.bytes()), file, ctx);
    }
    if scan.items.is_empty() {
        return Analysis::default();
    }
    let refs: Vec<(usize, &LineItems)> = scan.items.iter().map(|(l, i)| (*l, i)).collect();
    analyze_lines(&scan.lines, &refs, file, ctx)
}

/// The methods a reference is checked with: what the code states, else what the path suggests
/// (`docs/behaviour.md`, "Method", step 6). `None` in the list: the method is assumed and the
/// path has several non-GET methods, so no method-dependent rule runs.
fn methods_of(r: &Reference, catalog: &Catalog) -> (Vec<(Option<Method>, Option<usize>)>, bool) {
    if !r.stated.is_empty() {
        return (r.stated.iter().map(|s| (Some(s.method), Some(s.line))).collect(), false);
    }
    let mut known = Vec::new();
    for v in r.version.map_or(vec![Version::V1, Version::Beta], |v| vec![v]) {
        for m in catalog.methods_for(v, &r.path) {
            if !known.contains(&m) {
                known.push(m);
            }
        }
    }
    let m = if known.is_empty() || known.contains(&Method::Get) {
        Some(Method::Get)
    } else if known.len() == 1 {
        Some(known[0])
    } else {
        None
    };
    (vec![(m, None)], true)
}

/// The file-level pass over lines already scanned. `items` is sorted by line.
pub fn analyze_lines(src: &dyn LineSource, items: &[(usize, &LineItems)], file: &FileInfo, ctx: &Context) -> Analysis {
    let mut a = Analysis { app: ctx.app.cloned(), ..Analysis::default() };
    // Global token index of the first token on each scanned line.
    let mut first_token: HashMap<usize, usize> = HashMap::new();
    for (line, li) in items {
        if !li.tokens.is_empty() {
            first_token.insert(*line, a.tokens.len());
        }
        for t in &li.tokens {
            let (kind, kind_guessed) = t.hit.token.claims.kind();
            a.tokens.push(TokenOcc {
                span: Span::on_line(*line, t.hit.start, t.hit.end),
                token: Arc::clone(&t.hit.token),
                kind,
                kind_guessed,
                from_fragment: t.from_fragment,
            });
        }
    }
    for (line, _) in items.iter().filter(|(_, li)| li.scope_anchor) {
        for decl in scopes::declarations_at(src, *line) {
            let claims = Claims { scp: Some(decl.scopes.clone()), ..Claims::default() };
            a.declarations.push(DeclOcc { decl, claims });
        }
    }
    let http = if file.kind == FileKind::Http { http_file(src) } else { HttpFile::default() };
    let regions = references::Regions::of(src, items, file);
    // In a document, each fenced block is a sample of its own: a call finds its token or
    // declaration in its block (or, outside the blocks, outside them).
    let mut tokens_by_block: HashMap<Option<usize>, (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, t) in a.tokens.iter().enumerate() {
        let (lines, index) = tokens_by_block.entry(regions.block_of(t.span.start.line)).or_default();
        lines.push(t.span.start.line);
        index.push(i);
    }
    let mut decls_by_block: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, d) in a.declarations.iter().enumerate() {
        decls_by_block.entry(regions.block_of(d.decl.span.start.line)).or_default().push(i);
    }
    let idx = items_index(items);

    let refs = references::collect(src, items, file, &regions, ctx.catalog);

    let mut raised: Vec<(Span, Raised, Option<EndpointRef>, Option<TokenRef>, Option<Fix>)> = Vec::new();
    for t in &a.tokens {
        let tref = TokenRef::File { span: t.span, kind: t.kind };
        let label = t.label();
        let mut rs = vec![rules::check_hardcoded(&t.token.preview, &t.token.claims, t.kind, ctx.now)];
        rs.extend(rules::check_token_times(&t.token.claims, ctx.now, &label));
        for r in rs {
            raised.push((t.span, r, None, Some(tref.clone()), None));
        }
    }

    for r in refs {
        let same_request =
            if r.kind == RefKind::Url { same_request(src, file, r.line, &idx, &first_token, &http) } else { None };
        let block = regions.block_of(r.line);
        let nearest_token =
            tokens_by_block.get(&block).and_then(|(lines, index)| nearest(lines, r.line).map(|k| index[k]));
        let decls = decls_by_block.get(&block).map_or(&[][..], Vec::as_slice);
        let assoc = match same_request.or(nearest_token) {
            Some(t) => Assoc::File(t),
            None => match nearest_declaration(&a.declarations, decls, r.line) {
                Some(d) => Assoc::Declared(d),
                None if a.app.is_some() => Assoc::App,
                None if ctx.configured.is_some() => Assoc::Config,
                None => Assoc::None,
            },
        };
        let (methods, assumed) = methods_of(&r, ctx.catalog);
        let several = methods.len() > 1;
        let mut template = None;
        for (method, sent_on) in &methods {
            let call = Call {
                assumed,
                sent_on: if several { *sent_on } else { None },
                version_unknown: r.version.is_none(),
                ..Call::new(method.unwrap_or(Method::Get), r.version.unwrap_or(Version::V1), r.cloud, &r.path)
            };
            let caller = if assoc == Assoc::App { None } else { a.caller(assoc, ctx.configured) };
            let checked = check_call(&call, method.is_some(), caller.as_ref().map(|(c, _)| c), ctx.catalog);
            if template.is_none() {
                template = checked.template.clone();
            }
            let eref = EndpointRef {
                method: call.method,
                method_source: if assumed { MethodSource::Assumed } else { MethodSource::Stated },
                version: r.version,
                path: checked.template.unwrap_or_else(|| r.path.clone()),
            };
            for er in checked.endpoint {
                let fix = match (&er.replacement_path, r.path_span) {
                    (Some(p), Some(path_span)) => {
                        let written =
                            src.line(path_span.start.line)[path_span.start.byte..path_span.end.byte].to_owned();
                        // The replacement keeps written keys: a token written as one would travel in
                        // the diagnostic's data and the code action (`docs/behaviour.md`, "Secrets").
                        // No path fix then.
                        (!written.contains("eyJ")).then(|| Fix {
                            title: match er.rule {
                                Rule::DeprecatedEndpoint => format!("Replace with {p}"),
                                _ => format!("Change to {p}"),
                            },
                            span: path_span,
                            replacement: rewrite_path(&written, p),
                        })
                    }
                    _ => None,
                };
                raised.push((r.span, er, Some(eref.clone()), None, fix));
            }
            if assoc == Assoc::App {
                for (cr, tref) in check_app_call(&a, &call, method.is_some(), ctx.catalog) {
                    raised.push((r.span, cr, Some(eref.clone()), Some(tref), None));
                }
            } else if let Some((_, tref)) = &caller {
                for cr in checked.caller {
                    raised.push((r.span, cr, Some(eref.clone()), Some(tref.clone()), None));
                }
            }
        }
        a.urls.push(UrlOcc {
            span: r.span,
            path_span: r.path_span,
            kind: r.kind,
            version: r.version,
            cloud: r.cloud,
            path: r.path,
            method: methods[0].0.unwrap_or(Method::Get),
            methods: methods.iter().filter_map(|(m, _)| *m).collect(),
            method_assumed: assumed,
            template,
            assoc,
        });
    }

    for (span, r, endpoint, token, fix) in raised {
        let severity = match ctx.severity.get(&r.rule) {
            Some(None) => continue,
            Some(Some(s)) => *s,
            None => r.severity,
        };
        let suppressed = context::is_suppressed(src, span.start.line, r.rule.id());
        a.findings.push(Finding { rule: r.rule, severity, span, message: r.message, endpoint, token, fix, suppressed });
    }
    a.findings.sort_by(|x, y| (x.span.start, x.rule.id()).cmp(&(y.span.start, y.rule.id())));
    a.findings.dedup_by(|x, y| x.span == y.span && x.rule == y.rule);
    a
}

/// The rules for a call checked against its app's declarations (`docs/behaviour.md`, "The
/// workspace"): as for declared scopes, for the kind the call signs in as; for a call that may
/// sign in as either kind, it passes when either half covers it.
fn check_app_call(a: &Analysis, call: &Call<'_>, stated_or_single: bool, catalog: &Catalog) -> Vec<(Raised, TokenRef)> {
    let Some(fa) = a.app.as_ref() else { return Vec::new() };
    let callers = a.app_callers();
    let lookup = &catalog.lookup(call.version, call.method, call.path);
    let mut per_kind: Vec<(TokenKind, Vec<Raised>, Option<String>)> = Vec::new();
    for caller in &callers {
        let mut rs = check_call(call, stated_or_single, Some(caller), catalog).caller;
        let covering = match lookup {
            Lookup::Endpoint(e) => {
                let held = caller.claims.permissions(caller.kind).unwrap_or(&[]);
                let through: Vec<&String> = e.granted_by(caller.kind, held).collect();
                // A broader permission another call of the app needs is not over-privilege.
                let needed = &fa.app.needed[ki(caller.kind)];
                if through.iter().any(|p| needed.iter().any(|n| n.eq_ignore_ascii_case(p))) {
                    rs.retain(|r| r.rule != Rule::OverPrivileged);
                }
                through.first().map(|p| p.to_string())
            }
            _ => None,
        };
        per_kind.push((caller.kind, rs, covering));
    }
    let fails =
        |rs: &[Raised]| rs.iter().any(|r| matches!(r.rule, Rule::MissingPermission | Rule::UnsupportedTokenType));
    let chosen = match per_kind.len() {
        0 => return Vec::new(),
        1 => 0,
        _ => {
            let passing: Vec<usize> = (0..per_kind.len()).filter(|&i| !fails(&per_kind[i].1)).collect();
            match passing.as_slice() {
                [] => {
                    // Neither half covers the call: one finding naming both.
                    if let (Lookup::Endpoint(e), true) = (lookup, per_kind.iter().all(|k| !k.1.is_empty())) {
                        let both: Vec<&Raised> = per_kind
                            .iter()
                            .filter_map(|k| k.1.iter().find(|r| r.rule == Rule::MissingPermission))
                            .collect();
                        if both.len() == 2 {
                            let r = rules::missing_for_either(call, e, &callers);
                            return vec![(r, app_ref(fa, TokenKind::Delegated, None))];
                        }
                    }
                    // One kind cannot call the endpoint at all: the other kind's findings.
                    per_kind.iter().position(|k| k.1.iter().any(|r| r.rule == Rule::MissingPermission)).unwrap_or(0)
                }
                [only] => *only,
                many => *many.iter().min_by_key(|&&i| per_kind[i].1.len()).unwrap_or(&many[0]),
            }
        }
    };
    let (kind, rs, covering) = &per_kind[chosen];
    rs.iter().map(|r| (r.clone(), app_ref(fa, *kind, covering.as_deref()))).collect()
}

/// What the rules say of one call.
struct Checked {
    /// The catalog template the call matched, if any.
    template: Option<String>,
    /// The rules that need no caller.
    endpoint: Vec<Raised>,
    /// The rules on the caller, when there is one.
    caller: Vec<Raised>,
}

/// Runs the rules on one call. `stated_or_single`: false when the method is assumed and could be
/// any of several, so that only what does not depend on the method is said (a path that does not
/// exist, a token for another API). A call whose version is unknown is checked in both, and a
/// rule is raised only when it holds in both.
fn check_call(call: &Call<'_>, stated_or_single: bool, caller: Option<&Caller<'_>>, catalog: &Catalog) -> Checked {
    let run = |version: Version| -> Checked {
        let call = Call { version, ..*call };
        let (lookup, mut endpoint) = rules::check_endpoint(catalog, &call);
        let lookup = if stated_or_single {
            lookup
        } else {
            endpoint.retain(|x| matches!(lookup, Lookup::Unknown { .. }) && x.rule == Rule::UnknownEndpoint);
            Lookup::OutOfScope
        };
        let template = match &lookup {
            Lookup::Endpoint(e) => Some(e.path.clone()),
            Lookup::NoPermissionData { template, .. } | Lookup::MethodNotAllowed { template, .. } => {
                Some(template.clone())
            }
            _ => None,
        };
        let caller = caller.map(|c| rules::check_caller(&call, &lookup, c, catalog)).unwrap_or_default();
        Checked { template, endpoint, caller }
    };
    if !call.version_unknown {
        return run(call.version);
    }
    let (v1, beta) = (run(Version::V1), run(Version::Beta));
    let both = |a: Vec<Raised>, b: &[Raised]| -> Vec<Raised> {
        a.into_iter().filter(|x| b.iter().any(|y| y.rule == x.rule)).collect()
    };
    Checked {
        template: v1.template.or(beta.template),
        endpoint: both(v1.endpoint, &beta.endpoint),
        caller: both(v1.caller, &beta.caller),
    }
}

/// The nearest declaration above the call, else the nearest below (`docs/behaviour.md`, "Declared
/// scopes").
fn nearest_declaration(all: &[DeclOcc], candidates: &[usize], line: usize) -> Option<usize> {
    let at = |i: usize| all[i].decl.span.start.line;
    let above = candidates.iter().copied().filter(|&i| at(i) <= line).max_by_key(|&i| (at(i), usize::MAX - i));
    above.or_else(|| {
        candidates.iter().copied().filter(|&i| at(i) > line && !all[i].decl.below_only).min_by_key(|&i| at(i))
    })
}

fn items_index<'a>(items: &'a [(usize, &'a LineItems)]) -> ItemsIndex<'a> {
    ItemsIndex { items }
}

/// Lookup of scanned items by line.
struct ItemsIndex<'a> {
    items: &'a [(usize, &'a LineItems)],
}

impl ItemsIndex<'_> {
    fn has_tokens(&self, line: usize) -> bool {
        self.items.binary_search_by_key(&line, |(l, _)| *l).is_ok_and(|i| !self.items[i].1.tokens.is_empty())
    }
}

/// What association needs of an `.http` file, read in one pass over its lines: `@name = value`
/// definitions (name → lines, in order), `###` separator lines and `Authorization` header lines.
/// Requests look their block and header up here: walking the block for each request made a
/// block of n requests cost n² line reads.
#[derive(Default)]
struct HttpFile {
    vars: HashMap<String, Vec<usize>>,
    separators: Vec<usize>,
    authorizations: Vec<usize>,
}

fn http_file(src: &dyn LineSource) -> HttpFile {
    let mut f = HttpFile::default();
    for i in 0..src.line_count() {
        let line = src.line(i);
        if let Some((name, _)) = context::http_variable(&line) {
            f.vars.entry(name.to_owned()).or_default().push(i);
        }
        if line.trim_start().starts_with("###") {
            f.separators.push(i);
        }
        if context::http_authorization(&line).is_some() {
            f.authorizations.push(i);
        }
    }
    f
}

impl HttpFile {
    /// The first `Authorization` line of the request block holding `line` (the lines between
    /// the `###` lines around it, as `context::http_block` reads them).
    fn authorization(&self, line: usize) -> Option<usize> {
        let before = self.separators.partition_point(|&s| s < line);
        let first = before.checked_sub(1).map_or(0, |i| self.separators[i] + 1);
        let next_sep = self.separators.get(self.separators.partition_point(|&s| s <= line)).copied();
        let a = *self.authorizations.get(self.authorizations.partition_point(|&a| a < first))?;
        next_sep.is_none_or(|s| a < s).then_some(a)
    }
}

fn same_request(
    src: &dyn LineSource,
    file: &FileInfo,
    line: usize,
    idx: &ItemsIndex,
    first_token: &HashMap<usize, usize>,
    http: &HttpFile,
) -> Option<usize> {
    if file.kind == FileKind::Http {
        let l = http.authorization(line)?;
        if idx.has_tokens(l) {
            return first_token.get(&l).copied();
        }
        let text = src.line(l);
        let value = context::http_authorization(&text)?;
        return resolve_variable(src, value, line, idx, first_token, &http.vars, 0);
    }
    let (first, last) = context::command_lines(src, line);
    let joined = context::join_command(src, first, last);
    context::command_kind(&joined)?;
    (first..=last).find_map(|l| if idx.has_tokens(l) { first_token.get(&l).copied() } else { None })
}

fn resolve_variable(
    src: &dyn LineSource,
    value: &str,
    request_line: usize,
    idx: &ItemsIndex,
    first_token: &HashMap<usize, usize>,
    http_vars: &HashMap<String, Vec<usize>>,
    depth: usize,
) -> Option<usize> {
    if depth >= 8 {
        return None;
    }
    let name = context::variable_reference(value)?;
    let defs = http_vars.get(name)?;
    // The last definition above the request, else the first one in the file.
    let def = defs.iter().rev().find(|&&d| d < request_line).or(defs.first()).copied()?;
    if idx.has_tokens(def) {
        return first_token.get(&def).copied();
    }
    let text = src.line(def);
    let (_, v) = context::http_variable(&text)?;
    let v = v.to_owned();
    resolve_variable(src, &v, request_line, idx, first_token, http_vars, depth + 1)
}

/// The token nearest to `line` by line distance; on a tie, the earlier one.
fn nearest(token_lines: &[usize], line: usize) -> Option<usize> {
    if token_lines.is_empty() {
        return None;
    }
    let i = token_lines.partition_point(|&l| l < line);
    let below = token_lines.get(i).map(|&l| (l - line, i));
    // The first token of the nearest line above.
    let above = i.checked_sub(1).map(|j| {
        let l = token_lines[j];
        let first = token_lines.partition_point(|&x| x < l);
        (line - l, first)
    });
    match (above, below) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (Some(a), None) => Some(a.1),
        (None, Some(b)) => Some(b.1),
        (None, None) => None,
    }
}

/// Rewrites a written path to a template's literal segments, keeping what was written where the
/// template has a key, so `/security/alerts/{alertId}` becomes `/security/alerts_v2/{alertId}`.
pub fn rewrite_path(written: &str, template: &str) -> String {
    let old: Vec<&str> = written.trim_start_matches('/').split('/').collect();
    let mut out = String::new();
    for (i, seg) in template.trim_start_matches('/').split('/').enumerate() {
        out.push('/');
        if seg.starts_with('{') {
            out.push_str(old.get(i).copied().unwrap_or(seg));
        } else {
            out.push_str(seg);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_prefers_closer_then_earlier() {
        let lines = [2, 10, 10, 20];
        assert_eq!(nearest(&lines, 0), Some(0));
        assert_eq!(nearest(&lines, 6), Some(0)); // tie 4/4: earlier
        assert_eq!(nearest(&lines, 7), Some(1));
        assert_eq!(nearest(&lines, 12), Some(1)); // the first token on line 10
        assert_eq!(nearest(&lines, 30), Some(3));
        assert_eq!(nearest(&[], 3), None);
    }

    #[test]
    fn rewriting_keeps_written_keys() {
        assert_eq!(
            rewrite_path("/security/alerts/{alertId}", "/security/alerts_v2/{id}"),
            "/security/alerts_v2/{alertId}"
        );
        assert_eq!(rewrite_path("/security/secureScore", "/security/secureScores"), "/security/secureScores");
    }
}
