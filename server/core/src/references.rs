//! The Graph calls of a file, before association: SDK chains and cmdlets, URL literals, URLs built
//! from parts, and version-less `/security/` paths, each with the methods the code sends it with.
//! Markdown fences are read in their info string's language (`docs/behaviour.md`, "Code inside
//! documents").

use std::cell::Cell;

use crate::catalog::Catalog;
use crate::code::{self, Syntax};
use crate::context::{FileInfo, FileKind, Lang};
use crate::fold::{Folded, Vars};
use crate::lines::{LineSource, Span};
use crate::method::{self, Stated};
use crate::scan::LineItems;
use crate::sdk;
use crate::types::{Cloud, Version};
use crate::url;

/// How a call is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Url,
    Sdk,
}

/// A Graph call found in the text.
pub(crate) struct Reference {
    /// The range findings on it get.
    pub span: Span,
    /// Where the path (after the version) is written, when one literal holds it: what a quick fix
    /// may rewrite.
    pub path_span: Option<Span>,
    pub kind: RefKind,
    /// `None`: nothing in the file says (a version-less `/security/` path).
    pub version: Option<Version>,
    pub cloud: Cloud,
    /// The path as written, placeholders `{}`.
    pub path: String,
    /// The methods the code states, with the line stating each; empty: assumed.
    pub stated: Vec<Stated>,
    pub line: usize,
}

/// Bytes of lines the searches for variables' uses may read per file (`method::Cx::budget`).
const FLOW_BUDGET: usize = 16 << 20;
/// Lines longer than this are data: no URL is folded from them.
const LONG_LINE: usize = 64 * 1024;

/// The code regions of a file: Markdown fences in their info string's language.
pub(crate) struct Regions {
    /// `(first, last, info)`: the lines between a fence's opening and closing lines, for fences
    /// of a language claimcheck reads.
    fences: Vec<(usize, usize, FileInfo)>,
    /// `(first, last)` of every fence, whatever its language: each is a sample of its own.
    blocks: Vec<(usize, usize)>,
}

/// A fence's info string as the file it stands for.
fn fence_info(base: &FileInfo, info: &str) -> Option<FileInfo> {
    let word = info.split(|c: char| c.is_whitespace() || c == '{' || c == ',').next()?.to_ascii_lowercase();
    let (lang, kind) = match word.as_str() {
        "powershell" | "pwsh" | "ps1" | "ps" | "posh" => (Some(Lang::PowerShell), FileKind::Other),
        "python" | "py" | "python3" | "ipython" => (Some(Lang::Python), FileKind::Other),
        "csharp" | "cs" | "c#" => (Some(Lang::CSharp), FileKind::Other),
        "javascript" | "js" | "typescript" | "ts" | "jsx" | "tsx" | "node" | "nodejs" => {
            (Some(Lang::Js), FileKind::Other)
        }
        "go" | "golang" => (Some(Lang::Go), FileKind::Other),
        "java" => (Some(Lang::Java), FileKind::Other),
        "http" | "rest" => (None, FileKind::Http),
        "bash" | "sh" | "shell" | "console" | "zsh" | "shell-session" => (None, FileKind::Shell),
        _ => return None,
    };
    Some(FileInfo { kind, lang, ..*base })
}

impl Regions {
    pub fn of(src: &dyn LineSource, items: &[(usize, &LineItems)], file: &FileInfo) -> Regions {
        let mut fences = Vec::new();
        let mut blocks = Vec::new();
        if file.kind != FileKind::Markdown {
            return Regions { fences, blocks };
        }
        let mut open: Option<(usize, String, usize, Option<FileInfo>)> = None;
        for (line, _) in items.iter().filter(|(_, li)| li.fence) {
            let text = src.line(*line);
            let t = text.trim_start();
            let ch = t.as_bytes()[0];
            let run = t.bytes().take_while(|&b| b == ch).count();
            match &open {
                None => {
                    let info = fence_info(file, t[run..].trim());
                    open = Some((*line, (ch as char).to_string(), run, info));
                }
                Some((start, c, n, info)) => {
                    if t.starts_with(c.as_str()) && run >= *n && t[run..].trim().is_empty() {
                        blocks.push((*start, *line));
                        if let Some(info) = info {
                            if *line > start + 1 {
                                fences.push((start + 1, line - 1, *info));
                            }
                        }
                        open = None;
                    }
                }
            }
        }
        // An unclosed fence runs to the end of the document.
        if let Some((start, _, _, info)) = open {
            let last = src.line_count().saturating_sub(1);
            blocks.push((start, last));
            if let Some(info) = info {
                fences.push((start + 1, last, info));
            }
        }
        Regions { fences, blocks }
    }

    /// The fenced block holding a line (its index), or `None` outside every block: a caller is
    /// looked for in the same block, since each block of a document is a sample of its own.
    pub fn block_of(&self, line: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|(first, _)| *first <= line);
        i.checked_sub(1).filter(|&j| line <= self.blocks[j].1)
    }

    /// The file a line is read as: its fence's language, else the file's.
    pub fn info_at(&self, base: &FileInfo, line: usize) -> FileInfo {
        let i = self.fences.partition_point(|(first, _, _)| *first <= line);
        match i.checked_sub(1).map(|j| &self.fences[j]) {
            Some((_, last, info)) if line <= *last => *info,
            _ => *base,
        }
    }
}

/// Reads the references of a file from its scanned lines.
pub(crate) fn collect(
    src: &dyn LineSource,
    items: &[(usize, &LineItems)],
    file: &FileInfo,
    regions: &Regions,
    catalog: &Catalog,
) -> Vec<Reference> {
    let budget = Cell::new(FLOW_BUDGET);
    let beta = items.iter().any(|(_, li)| li.beta_marker);
    let sdk_file = items.iter().any(|(_, li)| li.sdk_marker);
    let mentions_graph = items.iter().any(|(_, li)| li.graph_host || li.sdk_anchor || li.sdk_marker);

    // SDK calls first: a URL written inside one (`.api("https://…")`) is the same reference.
    let mut refs: Vec<Reference> = Vec::new();
    let chain_anchor = |li: &LineItems| li.sdk_anchor || li.graph_receiver || (li.client_receiver && sdk_file);
    for (line, _) in items.iter().filter(|(_, li)| chain_anchor(li)) {
        let Some(lang) = regions.info_at(file, *line).lang else { continue };
        for c in sdk::calls_at(src, *line, lang, beta, sdk_file, catalog) {
            if refs.last().is_some_and(|r| r.span == c.span) || refs.iter().any(|r| r.span == c.span) {
                continue;
            }
            refs.push(Reference {
                span: c.span,
                path_span: None,
                kind: RefKind::Sdk,
                version: Some(c.version),
                cloud: Cloud::Global,
                path: c.path,
                stated: vec![Stated { method: c.method, line: c.span.start.line }],
                line: c.span.start.line,
            });
        }
    }
    let mut sdk_spans: Vec<Span> = refs.iter().map(|r| r.span).collect();
    sdk_spans.sort_by_key(|s| s.start);
    let inside_sdk = |span: Span| {
        let i = sdk_spans.partition_point(|s| s.start <= span.start);
        i.checked_sub(1).is_some_and(|j| span.end <= sdk_spans[j].end)
    };

    // URLs built from parts, per literal; the literals they replace.
    let mut folded: Vec<Reference> = Vec::new();
    let mut replaced: Vec<Span> = Vec::new();
    let batch_version =
        items.iter().find_map(|(_, li)| li.urls.iter().find(|u| u.path == "/$batch").map(|u| u.version));
    for (line, _) in items.iter().filter(|(_, li)| li.fold_anchor) {
        let info = regions.info_at(file, *line);
        let text = src.line(*line);
        if text.len() > LONG_LINE {
            continue;
        }
        if info.kind == FileKind::Http && mentions_graph {
            if let Some(r) = version_less_request_line(&text, *line) {
                folded.push(Reference { version: r.version.or(batch_version), ..r });
                continue;
            }
        }
        let syntax = Syntax::for_file(&info);
        let vars = Vars { src, syntax };
        let toks = code::lex(&text, syntax);
        for (k, t) in toks.iter().enumerate() {
            if !t.is_str() {
                continue;
            }
            let contents = t.inner_text(&text);
            if !might_build_a_url(contents) {
                continue;
            }
            let f = vars.fold_expression(&text, &toks, k, *line);
            let site = Span::on_line(*line, t.inner.0, t.inner.1);
            for mut r in references_in(&f, mentions_graph) {
                if !f.substituted && r.version.is_some() && r.span.start.line == *line && t.inner.0 <= r.span.start.byte
                {
                    // One literal holds the whole URL: the URL scan has it.
                    continue;
                }
                if r.version.is_none() {
                    r.version = batch_version;
                }
                r.stated = Vec::new();
                r.line = site.start.line;
                replaced.push(site);
                folded.push(Reference { path_span: r.path_span, ..r });
                // Method inference starts at the expression, not where the path was written.
                let last = folded.last_mut().expect("just pushed");
                last.stated = with_cx(src, &info, &vars, &budget, |cx| method::infer(cx, site));
                if last.version.is_none() && info.lang == Some(Lang::Js) {
                    last.version = with_cx(src, &info, &vars, &budget, |cx| method::api_chain_version(cx, site));
                }
            }
        }
    }
    // The same literal reached from several expressions: one reference, the most specific.
    folded.sort_by_key(|r| (r.span.start, r.version.is_none()));
    folded.dedup_by(|later, first| later.span == first.span && later.path == first.path);

    for (line, li) in items {
        let info = regions.info_at(file, *line);
        let syntax = Syntax::for_file(&info);
        let vars = Vars { src, syntax };
        for u in &li.urls {
            let span = Span::on_line(*line, u.start, u.end);
            if inside_sdk(span) || replaced.iter().any(|r| r.start <= span.start && span.end <= r.end) {
                continue;
            }
            refs.push(Reference {
                span,
                path_span: Some(Span::on_line(*line, u.path_start, u.end)),
                kind: RefKind::Url,
                version: Some(u.version),
                cloud: u.cloud,
                path: u.path.clone(),
                stated: with_cx(src, &info, &vars, &budget, |cx| method::infer(cx, span)),
                line: *line,
            });
        }
    }
    refs.extend(folded.into_iter().filter(|r| !inside_sdk(r.span)));
    refs.sort_by_key(|r| r.span.start);
    refs.dedup_by(|later, first| later.span == first.span && later.path == first.path);
    refs
}

/// Runs `f` with the method inference context of a line read as `info`.
fn with_cx<R>(
    src: &dyn LineSource,
    info: &FileInfo,
    vars: &Vars<'_>,
    budget: &Cell<usize>,
    f: impl FnOnce(&method::Cx<'_>) -> R,
) -> R {
    let resolve = |name: &str, line: usize| vars.value(name, line);
    let request_line = |_: usize| info.kind == FileKind::Http;
    let cx =
        method::Cx { src, file: info, syntax: vars.syntax, resolve: &resolve, budget, request_line: &request_line };
    f(&cx)
}

/// A request line whose target is a version-less `/security/` path (`GET /security/alerts` in an
/// API page's `http` block).
fn version_less_request_line(text: &str, line: usize) -> Option<Reference> {
    let method = method::http_request_method(text)?;
    let verb_end =
        text.find(method.as_str()).or_else(|| text.to_ascii_uppercase().find(method.as_str()))? + method.as_str().len();
    let rest = &text[verb_end..];
    let start = verb_end + (rest.len() - rest.trim_start().len());
    let target = &text[start..];
    if !(target.len() > 10 && target.as_bytes()[..10].eq_ignore_ascii_case(b"/security/")) {
        return None;
    }
    let (path, len) = url::read_path(target, 0);
    (path.len() > "/security/".len()).then(|| Reference {
        span: Span::on_line(line, start, start + len),
        path_span: Some(Span::on_line(line, start, start + len)),
        kind: RefKind::Url,
        version: None,
        cloud: Cloud::Global,
        path,
        stated: vec![Stated { method, line }],
        line,
    })
}

/// Whether a literal's contents can be part of a Graph URL worth folding.
fn might_build_a_url(contents: &str) -> bool {
    let lower = contents.as_bytes();
    memchr::memmem::find(lower, b"graph.microsoft.").is_some()
        || memchr::memmem::find(lower, b"microsoftgraph.chinacloudapi").is_some()
        || contents.to_ascii_lowercase().contains("security/")
}

/// The Graph URLs a folded string holds: with a version, or a version-less `/security/` path.
fn references_in(f: &Folded, mentions_graph: bool) -> Vec<Reference> {
    let mut out = Vec::new();
    for hit in url::find_urls(&f.text) {
        if let Some(r) = reference_for(f, hit.start, hit.path_start, hit.end, Some(hit.version), hit.cloud, hit.path) {
            out.push(r);
        }
    }
    if !out.is_empty() {
        return out;
    }
    // A version-less `/security/` path: at the start, or after a placeholder base.
    let text = f.text.as_str();
    let rest = text.trim_start_matches("{}");
    let lead = text.len() - rest.len();
    let (slash, body) = match rest.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, rest),
    };
    let security = body.as_bytes().get(..9).is_some_and(|b| b.eq_ignore_ascii_case(b"security/"));
    if security && body.len() > 9 && (mentions_graph || lead > 0 && slash) {
        let path_start = lead + usize::from(slash);
        let written = format!("/{}", &text[path_start..]);
        let (path, end) = url::read_path(&written, 0);
        if path.len() > "/security/".len() {
            let end = path_start + end.saturating_sub(1);
            if let Some(r) = reference_for(f, lead, path_start, end, None, Cloud::Global, path) {
                out.push(r);
            }
        }
    }
    out
}

/// The reference for the URL at `start..end` of a folded string whose path starts at `path_start`:
/// its range is the literal that holds the `/security` part (or the first segment of the path),
/// narrowed to the URL when that literal holds its start or end.
fn reference_for(
    f: &Folded,
    start: usize,
    path_start: usize,
    end: usize,
    version: Option<Version>,
    cloud: Cloud,
    path: String,
) -> Option<Reference> {
    // The first character of the first segment (after the `/`).
    let seg = f.text[path_start..].find(|c: char| c != '/').map(|k| path_start + k)?;
    let lit = f.literal_of(seg)?;
    let s = f.source_of(start).filter(|p| p.start.line == lit.start.line && p.start.byte >= lit.start.byte);
    let e =
        f.source_of(end.saturating_sub(1)).filter(|p| p.start.line == lit.start.line && p.start.byte < lit.end.byte);
    let span = Span::on_line(
        lit.start.line,
        s.map_or(lit.start.byte, |p| p.start.byte),
        e.map_or(lit.end.byte, |p| p.start.byte + 1),
    );
    // The written path is rewritable when one literal holds all of it.
    let ps = f.source_of(path_start).filter(|p| p.start.line == lit.start.line && p.start.byte >= lit.start.byte);
    let path_span = match (ps, e) {
        (Some(a), Some(b)) if f.literal_of(path_start) == Some(lit) => {
            Some(Span::on_line(lit.start.line, a.start.byte, b.start.byte + 1))
        }
        _ => None,
    };
    Some(Reference {
        span,
        path_span,
        kind: RefKind::Url,
        version,
        cloud,
        path,
        stated: Vec::new(),
        line: lit.start.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::TextLines;
    use crate::scan::scan_line;

    fn refs(name: &str, text: &str) -> Vec<(usize, Option<Version>, String, Vec<crate::types::Method>)> {
        let src = TextLines::new(text);
        let items: Vec<(usize, LineItems)> =
            (0..src.line_count()).filter_map(|i| scan_line(src.line_str(i)).map(|x| (i, x))).collect();
        let refs: Vec<(usize, &LineItems)> = items.iter().map(|(i, x)| (*i, x)).collect();
        let file = FileInfo::for_path(name);
        collect(&src, &refs, &file, &Regions::of(&src, &refs, &file), Catalog::builtin())
            .into_iter()
            .map(|r| (r.span.start.line + 1, r.version, r.path, r.stated.iter().map(|s| s.method).collect()))
            .collect()
    }

    use crate::types::Method::{Get, Patch, Post};

    #[test]
    fn powershell_wrappers_fold_version_and_resource() {
        let ps = "$graphApiVersion = \"v1.0\"\n$Resource = \"security/alerts?`$top=1\"\n$uri = \"https://graph.microsoft.com/$graphApiVersion/$($resource)\"\n(Invoke-RestMethod -Uri $uri -Headers $authToken -Method Get).value\n";
        assert_eq!(refs("a.ps1", ps), [(2, Some(Version::V1), "/security/alerts".into(), vec![Get])]);
    }

    #[test]
    fn constants_and_concatenations_fold() {
        let py = "GRAPH = \"https://graph.microsoft.com/beta\"\nti_url = f\"{GRAPH}/security/tiIndicators/submitTiIndicators\"\nrequests.post(ti_url, json=b)\n";
        assert_eq!(
            refs("a.py", py),
            [(2, Some(Version::Beta), "/security/tiIndicators/submitTiIndicators".into(), vec![Post])]
        );
        let js = "const root = 'https://graph.microsoft.com/v1.0';\nfetch(root + '/security/incidents/' + id, { method: 'PATCH' })\n";
        assert_eq!(refs("a.js", js), [(2, Some(Version::V1), "/security/incidents/{}".into(), vec![Patch])]);
        let sdk = "const client = graph.Client.init(o); // graph.microsoft.com\nclient.api('security/alerts/' + id)\n  .version('beta')\n  .patch(body)\n";
        assert_eq!(refs("a.js", sdk), [(2, Some(Version::Beta), "/security/alerts/{}".into(), vec![Patch])]);
    }

    #[test]
    fn version_less_paths_need_a_graph_mention() {
        let with = "# https://graph.microsoft.com\nresource = 'security/alerts'\n";
        assert_eq!(refs("a.py", with), [(2, None, "/security/alerts".into(), vec![])]);
        let without = "resource = 'security/alerts'\n";
        assert_eq!(refs("a.py", without), []);
    }

    #[test]
    fn markdown_fences_are_read_in_their_language() {
        let md = "# Update\n\n```http\nPATCH https://graph.microsoft.com/v1.0/security/alerts/{id}\n```\n\nSee https://graph.microsoft.com/v1.0/security/alerts for more.\n\n```http\nGET /security/incidents\n```\n";
        assert_eq!(
            refs("a.md", md),
            [
                (4, Some(Version::V1), "/security/alerts/{}".into(), vec![Patch]),
                (7, Some(Version::V1), "/security/alerts".into(), vec![]),
                (10, None, "/security/incidents".into(), vec![Get]),
            ]
        );
    }
}
