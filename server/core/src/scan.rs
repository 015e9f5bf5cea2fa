//! The line scan: what one line holds (tokens, Graph URLs, the anchors of SDK calls and scope
//! declarations). Line-local, so the language server can cache it per line and the whole-text pass
//! (`prefilter`) can run it only on lines that hold one of the detectors' literals.

use crate::jwt::{self, TokenHit};
use crate::url::{self, UrlHit};
use crate::{scopes, sdk, workspace};

/// Literals of which at least one occurs on every line `scan_line` finds something on, collected
/// from the detectors that own them. Whole-text prefilters search for these; `scan_line` only runs
/// on lines that hold one.
pub const CANDIDATE_LITERALS: [&str; LITERAL_COUNT] = concat_literals([
    jwt::LITERALS,
    url::LITERALS,
    sdk::ANCHOR_LITERALS,
    sdk::RECEIVER_LITERALS,
    scopes::LITERALS,
    sdk::BETA_MARKERS,
    FOLD_LITERALS,
    FENCE_LITERALS,
    workspace::LITERALS,
]);

const LITERAL_COUNT: usize = jwt::LITERALS.len()
    + url::LITERALS.len()
    + sdk::ANCHOR_LITERALS.len()
    + sdk::RECEIVER_LITERALS.len()
    + scopes::LITERALS.len()
    + sdk::BETA_MARKERS.len()
    + FOLD_LITERALS.len()
    + FENCE_LITERALS.len()
    + workspace::LITERALS.len();

/// What a line a URL may be built from holds: a version-less `/security/` path, or a Graph host
/// (`docs/behaviour.md`, "URLs built from parts").
pub const FOLD_LITERALS: &[&str] = &["security/", "graph.microsoft.", "microsoftgraph.chinacloudapi", "Security/"];

/// Markdown code fences.
pub const FENCE_LITERALS: &[&str] = &["```", "~~~"];

const fn concat_literals<const N: usize>(lists: [&[&'static str]; 9]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut n = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            out[n] = lists[l][i];
            n += 1;
            i += 1;
        }
        l += 1;
    }
    assert!(n == N, "LITERAL_COUNT counts every list");
    out
}

/// A token found on a line.
#[derive(Debug, Clone)]
pub struct FoundToken {
    pub hit: TokenHit,
    /// Preceded by `#access_token=`: the implicit grant's redirect.
    pub from_fragment: bool,
}

/// What one line holds. Offsets are bytes inside the line.
#[derive(Debug, Clone, Default)]
pub struct LineItems {
    pub tokens: Vec<FoundToken>,
    pub urls: Vec<UrlHit>,
    /// The line may start or continue an SDK call or cmdlet (read in the file-level pass).
    pub sdk_anchor: bool,
    /// The line may start a scope declaration.
    pub scope_anchor: bool,
    /// The line imports a beta Graph SDK.
    pub beta_marker: bool,
    /// The line mentions a Graph SDK (`GraphServiceClient`, an import).
    pub sdk_marker: bool,
    /// The line may start a call chain from a receiver that names a Graph client (`graphClient.`).
    pub graph_receiver: bool,
    /// The line may start a call chain from a `…client.` receiver (read in Graph SDK files only).
    pub client_receiver: bool,
    /// The line may hold part of a URL built from parts.
    pub fold_anchor: bool,
    /// The line names a Graph host.
    pub graph_host: bool,
    /// The line opens or closes a Markdown code fence.
    pub fence: bool,
    /// The line may hold an app registration's declaration (`workspace::LITERALS`): the file is
    /// read whole for declarations.
    pub grant_anchor: bool,
}

impl LineItems {
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
            && self.urls.is_empty()
            && !self.sdk_anchor
            && !self.scope_anchor
            && !self.beta_marker
            && !self.sdk_marker
            && !self.graph_receiver
            && !self.client_receiver
            && !self.fold_anchor
            && !self.fence
            && !self.grant_anchor
    }
}

/// Cheap test for whether a line can hold anything `scan_line` finds.
pub fn may_hold_items(line: &str) -> bool {
    crate::prefilter::Prefilter::global().may_hold_items(line)
}

/// Finds the tokens, Graph URLs and SDK / scope anchors on one line.
pub fn scan_line(line: &str) -> Option<LineItems> {
    if !may_hold_items(line) {
        return None;
    }
    let tokens: Vec<FoundToken> = jwt::find_tokens(line)
        .into_iter()
        .map(|hit| {
            let from_fragment = line[..hit.start].ends_with("#access_token=");
            FoundToken { hit, from_fragment }
        })
        .collect();
    let (graph_receiver, client_receiver) =
        if sdk::RECEIVER_LITERALS.iter().any(|l| memchr::memmem::find(line.as_bytes(), l.as_bytes()).is_some()) {
            sdk::line_receivers(line)
        } else {
            (false, false)
        };
    let items = LineItems {
        tokens,
        urls: url::find_urls(line),
        // The regexes only run where their literals occur.
        sdk_anchor: sdk::ANCHOR_LITERALS.iter().any(|l| memchr::memmem::find(line.as_bytes(), l.as_bytes()).is_some())
            && sdk::line_has_anchor(line),
        scope_anchor: scopes::may_declare(line) && scopes::line_has_anchor(line),
        beta_marker: sdk::BETA_MARKERS.iter().any(|m| line.contains(m)),
        sdk_marker: sdk::line_has_sdk_marker(line),
        graph_receiver,
        client_receiver,
        fold_anchor: FOLD_LITERALS.iter().any(|m| line.contains(m)),
        graph_host: line.contains("graph.microsoft.") || line.contains("microsoftgraph.chinacloudapi"),
        fence: {
            let t = line.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        },
        grant_anchor: workspace::line_has_anchor(line),
    };
    (!items.is_empty()).then_some(items)
}
