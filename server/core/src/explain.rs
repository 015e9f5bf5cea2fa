//! Plain-words descriptions of a token and, given a call, a verdict claim by claim. Shared by
//! `claimcheck explain`, the hover on a token and the `claimcheck.explainToken` command.

use crate::catalog::Catalog;
use crate::jwt::{audience_name, classify_audience, Audience, Token};
use crate::rules::verdict::Verdict;
use crate::rules::{self, Call, Caller};
use crate::timefmt;
use crate::types::{Method, TokenKind};

/// One line of a description: a label and its value.
pub type Fact = (&'static str, String);

fn kind_words(token: &Token) -> String {
    let (kind, guessed) = token.claims.kind();
    let why = match (&token.claims.idtyp, guessed) {
        (_, true) => "a guess: no idtyp, scp, roles, upn or name claim".to_owned(),
        (Some(t), _) => format!("idtyp \"{t}\""),
        (None, _) if kind == TokenKind::Delegated && token.claims.scp.is_some() => "it has scp".to_owned(),
        (None, _) if kind == TokenKind::Application => "it has roles and no scp".to_owned(),
        (None, _) => "it names a user".to_owned(),
    };
    let what = match kind {
        TokenKind::Delegated => "delegated (an app acting for a signed-in user)",
        TokenKind::Application => "application (app-only, no user)",
    };
    format!("{what}; {why}")
}

/// Describes an audience: which API and which cloud.
pub fn audience_words(aud: &str) -> String {
    match classify_audience(aud) {
        Audience::Graph(Some(c)) => format!("{aud}: Microsoft Graph, {}", c.name()),
        Audience::Graph(None) => format!("{aud}: Microsoft Graph (app id, any cloud)"),
        Audience::Other(a) => match audience_name(&a) {
            Some(n) => format!("{a}: {n}, not Microsoft Graph"),
            None => format!("{a}: another application, not Microsoft Graph"),
        },
    }
}

fn time_words(ts: Option<i64>, now: i64) -> Option<String> {
    ts.map(|t| format!("{} ({})", timefmt::utc(t), timefmt::relative(t, now)))
}

/// Every claim claimcheck reads, in plain words.
pub fn token_facts(token: &Token, now: i64, catalog: &Catalog) -> Vec<Fact> {
    let c = &token.claims;
    let mut f: Vec<Fact> = Vec::new();
    f.push(("Kind", kind_words(token)));
    if let Some(app) = c.app() {
        f.push(("App", app));
    }
    if let Some(u) = c.user() {
        f.push(("User", u.to_owned()));
    }
    if let Some(t) = &c.tid {
        let note = if t == "9188040d-6c67-4c5b-b112-36a304b66dad" { " (personal Microsoft accounts)" } else { "" };
        f.push(("Tenant", format!("{t}{note}")));
    }
    if c.aud.is_empty() {
        f.push(("Audience", "none (no aud claim)".to_owned()));
    } else {
        let words: Vec<String> = c.aud.iter().map(|a| audience_words(a)).collect();
        f.push(("Audience", words.join("; ")));
    }
    let (kind, _) = c.kind();
    match (&c.scp, kind) {
        (Some(s), _) => {
            f.push(("Delegated permissions (scp)", if s.is_empty() { "none".into() } else { s.join(", ") }))
        }
        (None, TokenKind::Delegated) => f.push(("Delegated permissions (scp)", "none (no scp claim)".into())),
        _ => {}
    }
    match (&c.roles, kind) {
        (Some(r), TokenKind::Application) => {
            f.push(("Application permissions (roles)", if r.is_empty() { "none".into() } else { r.join(", ") }))
        }
        (Some(r), TokenKind::Delegated) => f.push(("App roles (roles, not Graph permissions)", r.join(", "))),
        (None, TokenKind::Application) => f.push((
            "Application permissions (roles)",
            "none (no roles claim: nothing was admin-consented as Application)".into(),
        )),
        _ => {}
    }
    match &c.wids {
        Some(w) if !w.is_empty() => {
            let names: Vec<String> = w
                .iter()
                .map(|id| match catalog.role_name(id) {
                    Some(n) => format!("{n} ({id})"),
                    None => id.clone(),
                })
                .collect();
            f.push(("Entra roles (wids)", names.join(", ")));
        }
        Some(_) => f.push(("Entra roles (wids)", "none".into())),
        None if kind == TokenKind::Delegated => {
            f.push(("Entra roles (wids)", "no wids claim (tokens from the implicit grant omit it)".into()))
        }
        None => {}
    }
    if let Some(v) = time_words(c.iat, now) {
        f.push(("Issued", v));
    }
    if let Some(v) = time_words(c.nbf, now) {
        f.push(("Not before", v));
    }
    match c.exp {
        Some(exp) if exp <= now => {
            f.push(("Expires", format!("{}: expired {}", timefmt::utc(exp), timefmt::relative(exp, now))))
        }
        Some(exp) => f.push(("Expires", format!("{} (expires {})", timefmt::utc(exp), timefmt::relative(exp, now)))),
        None => f.push(("Expires", "never says (no exp claim)".into())),
    }
    if let Some(v) = &c.ver {
        f.push(("Token version", v.clone()));
    }
    if !c.xms_cc.is_empty() {
        f.push(("Client capabilities (xms_cc)", c.xms_cc.join(", ")));
    }
    f.push(("Signature", "signature not verified: claimcheck decodes offline and checks no signature".into()));
    f
}

/// Markdown list of facts.
pub fn facts_markdown(title: &str, facts: &[Fact]) -> String {
    let mut s = format!("**{title}**\n\n");
    for (k, v) in facts {
        s.push_str(&format!("- **{k}:** {v}\n"));
    }
    s
}

/// The caller a decoded token stands for.
pub fn token_caller(token: &Token) -> Caller<'_> {
    let (kind, kind_guessed) = token.claims.kind();
    Caller {
        claims: &token.claims,
        kind,
        kind_guessed,
        label: format!("this {} token", kind.as_str()),
        declared: false,
        declared_cloud: None,
        from_fragment: false,
    }
}

/// Whether `method url` would be authorised for `caller`, claim by claim.
pub fn verdict(caller: &Caller<'_>, method: Method, url: &str, now: i64, catalog: &Catalog) -> Result<Verdict, String> {
    let hit = crate::url::find_urls(url).into_iter().next().ok_or_else(|| {
        format!("'{url}' is not a Microsoft Graph URL (https://graph.microsoft.com/v1.0/... or /v1.0/security/...)")
    })?;
    let call = Call::new(method, hit.version, hit.cloud, &hit.path);
    Ok(rules::verdict::verdict(&call, caller, now, catalog))
}
