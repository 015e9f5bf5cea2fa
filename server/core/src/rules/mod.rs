//! The rules: given one call and the caller it runs as, what will Graph say?
//!
//! One file per rule id (`missing_role.rs` is `missing-role`), each holding the rule's metadata, its
//! check, its wording in explanations, and its unit tests. This module holds the registry, the
//! values the rules share ([`Call`], [`Caller`], [`Raised`]) and the order in which they combine
//! (`docs/behaviour.md`, "Rules"): `wrong-audience` replaces every permission and role rule,
//! `unknown-endpoint` runs none, `unsupported-token-type` replaces `missing-permission`,
//! `over-privileged` and the role rules.

pub mod broader_than_needed;
mod deprecated_endpoint;
mod hardcoded_token;
mod missing_permission;
mod missing_role;
mod missing_wids;
mod over_privileged;
mod token_expired;
mod token_not_yet_valid;
mod unknown_endpoint;
mod unsupported_token_type;
pub mod unused_permission;
pub mod verdict;
mod wrong_audience;

use crate::catalog::{Catalog, Lookup, Scheme};
use crate::jwt::Claims;
use crate::types::{Cloud, Method, Severity, TokenKind, Version};

/// Every rule claimcheck raises. The order is the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    MissingPermission,
    UnsupportedTokenType,
    MissingRole,
    MissingWids,
    WrongAudience,
    TokenExpired,
    TokenNotYetValid,
    HardcodedToken,
    UnknownEndpoint,
    DeprecatedEndpoint,
    OverPrivileged,
    UnusedPermission,
    BroaderThanNeeded,
}

/// What a rule is, apart from its check: its id, default severity and one-line description.
#[derive(Debug)]
pub struct RuleMeta {
    pub rule: Rule,
    /// The id users write in `claimcheck:ignore[...]`, in the config and see in output.
    pub id: &'static str,
    /// `missing-role` is an error for strict role requirements; its check lowers the loose case.
    pub default_severity: Severity,
    /// One sentence for rule listings (SARIF `rules`, docs).
    pub description: &'static str,
}

/// Each rule's metadata, in `Rule` order (a test checks the order).
const REGISTRY: [RuleMeta; 13] = [
    missing_permission::META,
    unsupported_token_type::META,
    missing_role::META,
    missing_wids::META,
    wrong_audience::META,
    token_expired::META,
    token_not_yet_valid::META,
    hardcoded_token::META,
    unknown_endpoint::META,
    deprecated_endpoint::META,
    over_privileged::META,
    unused_permission::META,
    broader_than_needed::META,
];

impl Rule {
    pub const ALL: [Rule; 13] = {
        let mut all = [Rule::MissingPermission; 13];
        let mut i = 0;
        while i < REGISTRY.len() {
            all[i] = REGISTRY[i].rule;
            i += 1;
        }
        all
    };

    pub fn meta(self) -> &'static RuleMeta {
        &REGISTRY[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.meta().id
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        REGISTRY.iter().find(|m| m.id == id).map(|m| m.rule)
    }

    pub fn default_severity(self) -> Severity {
        self.meta().default_severity
    }

    pub fn description(self) -> &'static str {
        self.meta().description
    }

    /// Where the rule's page is published.
    pub fn doc_url(self) -> String {
        format!("{}/{}.md", crate::DOCS_BASE, self.id())
    }
}

/// The claims that stand for a caller: a decoded token or declared scopes.
pub struct Caller<'a> {
    pub claims: &'a Claims,
    pub kind: TokenKind,
    pub kind_guessed: bool,
    /// How messages name it: "the delegated token on line 3", "the configured token", …
    pub label: String,
    /// Scopes declared in code: no `aud` check beyond the cloud, no roles, no lifetime.
    pub declared: bool,
    /// The cloud a declaration names (declared scopes only).
    pub declared_cloud: Option<Cloud>,
    /// Taken from an `#access_token=` fragment: the implicit grant.
    pub from_fragment: bool,
}

impl Caller<'_> {
    /// The permission scheme the caller is judged against: a delegated token from the consumer
    /// tenant signs in a personal Microsoft account.
    pub fn scheme(&self) -> Scheme {
        Scheme::for_caller(self.kind, self.claims.tid.as_deref())
    }

    /// The permissions the caller holds for its kind (`scp` or `roles`).
    pub fn held(&self) -> &[String] {
        self.claims.permissions(self.kind).unwrap_or(&[])
    }
}

/// One raised rule, before positions and suppression are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// A replacement path template for `unknown-endpoint` / `deprecated-endpoint` fixes.
    pub replacement_path: Option<String>,
}

impl Raised {
    fn new(rule: Rule, message: String) -> Raised {
        Raised { rule, severity: rule.default_severity(), message, replacement_path: None }
    }
}

/// A call as the rules see it.
pub struct Call<'a> {
    pub method: Method,
    pub version: Version,
    pub cloud: Cloud,
    /// Path as written, placeholders `{}`.
    pub path: &'a str,
    /// The code states no method: this one is assumed from the path.
    pub assumed: bool,
    /// The line of the call that sends this method, when one URL is sent with several.
    pub sent_on: Option<usize>,
    /// Nothing in the file says which version: `version` is one of two the call is checked in,
    /// and messages name none.
    pub version_unknown: bool,
}

impl Call<'_> {
    /// A call with a stated method.
    pub fn new(method: Method, version: Version, cloud: Cloud, path: &str) -> Call<'_> {
        Call { method, version, cloud, path, assumed: false, sent_on: None, version_unknown: false }
    }

    /// `GET /v1.0/security/alerts_v2`, with the catalog's template, and how the method is known.
    fn describe(&self, template: &str) -> String {
        format!("{} {}{}{}", self.method, self.version_prefix(), template, self.method_note())
    }

    /// `/v1.0`, `/beta`, or nothing when the version is unknown.
    fn version_prefix(&self) -> String {
        if self.version_unknown {
            String::new()
        } else {
            format!("/{}", self.version)
        }
    }

    /// ` (method assumed)`, ` (sent on line 12)`, or nothing.
    fn method_note(&self) -> String {
        match (self.assumed, self.sent_on) {
            (true, _) => " (method assumed)".to_owned(),
            (false, Some(line)) => format!(" (sent on line {})", line + 1),
            (false, None) => String::new(),
        }
    }
}

/// The rules that need no caller: `unknown-endpoint`, `deprecated-endpoint`. Returns the lookup
/// too, so that the caller's rules run on the same answer.
pub fn check_endpoint<'c>(catalog: &'c Catalog, call: &Call<'_>) -> (Lookup<'c>, Vec<Raised>) {
    let lookup = catalog.lookup(call.version, call.method, call.path);
    let mut out = Vec::new();
    out.extend(unknown_endpoint::check(call, &lookup));
    out.extend(deprecated_endpoint::check(call, &lookup));
    (lookup, out)
}

/// The rules that need a caller, combined as the rules' module documentation says.
pub fn check_caller(call: &Call<'_>, lookup: &Lookup<'_>, caller: &Caller<'_>, catalog: &Catalog) -> Vec<Raised> {
    if let Some(r) = wrong_audience::check(call, caller) {
        return vec![r];
    }
    // `/me` needs a signed-in user, whatever the permission map lists for it.
    if let Some(r) = unsupported_token_type::check_me(call, lookup, caller, catalog) {
        return vec![r];
    }
    let Lookup::Endpoint(e) = lookup else {
        return Vec::new();
    };
    if !e.has_permissions() {
        return Vec::new();
    }
    let what = call.describe(&e.path);
    if let Some(r) = unsupported_token_type::check(&what, e, caller) {
        return vec![r];
    }
    // A scheme with no permission for the call runs no permission rule.
    if e.accepted_in(caller.scheme()).is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    out.extend(missing_permission::check(&what, e, caller));
    out.extend(over_privileged::check(&what, call, e, caller, catalog));
    if caller.kind == TokenKind::Delegated && !caller.declared {
        out.extend(missing_role::check(&what, e, caller, catalog));
        out.extend(missing_wids::check(&what, e, caller));
    }
    out
}

/// `missing-permission` for a call that may sign in as either kind and that neither half of its
/// app's declarations covers (`docs/behaviour.md`, "The workspace"): one finding naming both.
pub fn missing_for_either(call: &Call<'_>, e: &crate::catalog::Endpoint, callers: &[Caller<'_>]) -> Raised {
    let what = call.describe(&e.path);
    let mut needs = Vec::new();
    let mut has = Vec::new();
    let mut add = Vec::new();
    for c in callers {
        if let Some(first) = e.recommended(c.kind) {
            needs.push(format!("{first} ({})", c.kind.title()));
            add.push(format!(
                "{first} as {} {} permission",
                if c.kind == TokenKind::Application { "an" } else { "a" },
                c.kind.title()
            ));
        }
        let held = c.claims.permissions(c.kind).unwrap_or(&[]);
        has.push(if held.is_empty() {
            format!("{} are none", c.label)
        } else {
            format!("{} are {}", c.label, held.join(" "))
        });
    }
    Raised::new(
        Rule::MissingPermission,
        format!(
            "{what} needs {}; nothing says whether the app signs in as a user or as itself, and {}, so Graph will answer 403 either way. Add {} (and say how the app signs in: kind in its [[app]] entry of claimcheck.toml).",
            or_list(&needs),
            has.join(" and "),
            or_list(&add)
        ),
    )
}

/// The rules on a token's lifetime: `token-expired`, `token-not-yet-valid`.
pub fn check_token_times(claims: &Claims, now: i64, label: &str) -> Vec<Raised> {
    token_expired::check(claims, now, label).into_iter().chain(token_not_yet_valid::check(claims, now, label)).collect()
}

pub use hardcoded_token::check as check_hardcoded;

/// A written path as messages may quote it: long segments are cut, so that a token pasted into a
/// path is never repeated in output.
pub fn shown_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.chars().count() > 40 {
                let head: String = seg.chars().take(10).collect();
                format!("{head}…")
            } else {
                seg.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Cloud;

    #[test]
    fn the_registry_is_in_rule_order_with_unique_ids() {
        for (i, m) in REGISTRY.iter().enumerate() {
            assert_eq!(m.rule as usize, i, "{} is out of order", m.id);
            assert_eq!(Rule::from_id(m.id), Some(m.rule));
        }
        let mut ids: Vec<&str> = REGISTRY.iter().map(|m| m.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), REGISTRY.len());
    }

    /// The slips a message built from parts can make: an empty list, a count of nothing, a word
    /// twice.
    fn slips(message: &str) -> Vec<String> {
        let mut found = Vec::new();
        for bad in
            ["  ", " ,", " ;", " .", "()", "0 broader", "needs ;", "needs .", "holding  ", "with .", "has roles ,"]
        {
            if message.contains(bad) {
                found.push(format!("{bad:?}"));
            }
        }
        let words: Vec<&str> = message.split_whitespace().collect();
        for w in words.windows(2) {
            if w[0].eq_ignore_ascii_case(w[1]) && w[0].chars().any(char::is_alphabetic) {
                found.push(format!("doubled {:?}", w[0]));
            }
        }
        found
    }

    #[test]
    fn no_message_of_any_endpoint_has_a_template_slip() {
        use crate::jwt::Claims;
        let catalog = Catalog::builtin();
        let mut checked = 0;
        for e in catalog.endpoints() {
            for kind in [TokenKind::Delegated, TokenKind::Application] {
                let mut helds: Vec<Vec<String>> = vec![vec![], vec!["User.Read".into()]];
                helds.extend(e.accepted(kind).iter().map(|p| vec![p.clone()]));
                for held in helds {
                    let claims = match kind {
                        TokenKind::Delegated => Claims { scp: Some(held), wids: Some(vec![]), ..Claims::default() },
                        TokenKind::Application => Claims { roles: Some(held), ..Claims::default() },
                    };
                    let caller = Caller {
                        claims: &claims,
                        kind,
                        kind_guessed: false,
                        label: "the token".into(),
                        declared: false,
                        declared_cloud: None,
                        from_fragment: false,
                    };
                    for (assumed, sent_on) in [(false, None), (true, None), (false, Some(3))] {
                        let call = Call { assumed, sent_on, ..Call::new(e.method, e.version, Cloud::Global, &e.path) };
                        let (lookup, mut raised) = check_endpoint(catalog, &call);
                        raised.extend(check_caller(&call, &lookup, &caller, catalog));
                        for r in raised {
                            checked += 1;
                            let s = slips(&r.message);
                            assert!(s.is_empty(), "{} {}: {s:?} in {:?}", r.rule.id(), e.path, r.message);
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked} messages checked");
    }

    #[test]
    fn lists_read_as_english() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(or_list(&s(&[])), "");
        assert_eq!(or_list(&s(&["A"])), "A");
        assert_eq!(or_list(&s(&["A", "B"])), "A or B");
        assert_eq!(or_list(&s(&["A", "B", "C"])), "A, B or C");
    }
}
