//! Plain-words descriptions of a token and, given a call, a verdict claim by claim. Shared by
//! `claimcheck explain`, the hover on a token and the `claimcheck.explainToken` command.

use crate::catalog::{Catalog, Endpoint, Lookup, RoleStrength, Scheme};
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

/// What `claimcheck explain --url URL` without a token prints: what the call needs.
pub struct Needs {
    pub lines: Vec<String>,
    /// False for a `/security` path or method that does not exist in that version (exit code 1).
    pub known: bool,
}

/// A call named on the command line: a Graph URL (any cloud, any form `scan` finds), or a path
/// with or without its version (`/v1.0/users/{id}`, `/users/{id}`; v1.0 when none is given).
fn parse_call_url(url: &str) -> Result<(crate::types::Version, crate::types::Cloud, String), String> {
    use crate::types::{Cloud, Version};
    if let Some(hit) = crate::url::find_urls(url).into_iter().next() {
        return Ok((hit.version, hit.cloud, hit.path));
    }
    let t = url.trim();
    if !t.starts_with('/') {
        return Err(format!(
            "'{url}' is not a Microsoft Graph URL (https://graph.microsoft.com/v1.0/..., /v1.0/users, or /users)"
        ));
    }
    for v in [Version::V1, Version::Beta] {
        if let Some(rest) = t.strip_prefix(&format!("/{}", v.as_str())) {
            if rest.is_empty() || rest.starts_with('/') {
                return Ok((v, Cloud::Global, crate::url::lookup_form(rest)));
            }
        }
    }
    Ok((Version::V1, Cloud::Global, crate::url::lookup_form(t)))
}

/// One permission as `explain` lists it: its facts and what it needs alongside.
fn permission_line(e: &Endpoint, s: Scheme, p: &str, catalog: &Catalog) -> String {
    let mut notes = Vec::new();
    if e.least_in(s).iter().any(|l| l == p) {
        notes.push("least privileged".to_owned());
    }
    if !e.partners(s, p).is_empty() {
        notes.push(format!("only together with {}", e.partners(s, p).join(" or ")));
    }
    if s == Scheme::Application && e.is_rsc(p) {
        notes.push("resource-specific consent: granted per resource by its owner".to_owned());
    }
    if let Some(info) = catalog.permission(p).and_then(|i| i.scheme(s)) {
        if let Some(level) = info.level {
            notes.push(format!("privilege level {level}"));
        }
        match info.admin_consent {
            Some(true) => notes.push("admin consent required".to_owned()),
            Some(false) => notes.push("users can consent".to_owned()),
            None => {}
        }
    }
    if notes.is_empty() {
        format!("  {p}")
    } else {
        format!("  {p} ({})", notes.join("; "))
    }
}

/// What a call needs, without a token: per kind the accepted permissions, least privileged first,
/// with `AlsoRequires`, admin consent and privilege level; the roles a delegated caller needs;
/// deprecation. `method` defaults to GET, or to the path's only method when it has no GET.
pub fn needs(method: Option<Method>, url: &str, catalog: &Catalog) -> Result<Needs, String> {
    let (version, cloud, path) = parse_call_url(url)?;
    let (method, assumed) = match method {
        Some(m) => (m, false),
        None => match catalog.methods_for(version, &path).as_slice() {
            [] => (Method::Get, true),
            ms if ms.contains(&Method::Get) => (Method::Get, true),
            [only] => (*only, true),
            _ => (Method::Get, true),
        },
    };
    let call = Call { assumed, ..Call::new(method, version, cloud, &path) };
    let (lookup, endpoint_rules) = rules::check_endpoint(catalog, &call);
    let template = match &lookup {
        Lookup::Endpoint(e) => e.path.clone(),
        Lookup::NoPermissionData { template, .. } | Lookup::MethodNotAllowed { template, .. } => template.clone(),
        _ => rules::shown_path(&path),
    };
    let mut lines = vec![format!(
        "{method} /{version}{template} ({}){}",
        cloud.name(),
        if assumed { " (method assumed)" } else { "" }
    )];
    let mut known = true;
    for r in &endpoint_rules {
        match r.rule {
            crate::rules::Rule::UnknownEndpoint => {
                known = false;
                lines.push(format!("✗ endpoint: {}", r.message));
            }
            _ => lines.push(format!("! deprecated: {}", r.message)),
        }
    }
    match &lookup {
        Lookup::Endpoint(e) if e.has_permissions() => {
            let first_segment = path.split('/').find(|s| !s.is_empty()).unwrap_or("");
            for (s, title) in [
                (Scheme::Delegated, "Delegated (work or school account)"),
                (Scheme::Application, "Application (app-only)"),
                (Scheme::Personal, "Delegated (personal Microsoft account)"),
            ] {
                let accepted = e.accepted_in(s);
                if s == Scheme::Application && first_segment.eq_ignore_ascii_case("me") {
                    lines.push(format!("{title}: none: /me needs a signed-in user; use /users/{{id}}"));
                } else if accepted.is_empty() {
                    // The /security reference has no personal-account column: say nothing there.
                    if s != Scheme::Personal || !crate::catalog::is_security_path(&e.path) {
                        lines.push(format!("{title}: none, so this kind of caller cannot make the call"));
                    }
                } else {
                    lines.push(format!("{title}, least privileged first:"));
                    lines.extend(accepted.iter().map(|p| permission_line(e, s, p, catalog)));
                }
            }
            match e.roles.strength {
                RoleStrength::Strict | RoleStrength::Loose if !e.roles.roles.is_empty() => {
                    let names: Vec<String> = e.roles.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect();
                    let loose = if e.roles.strength == RoleStrength::Loose {
                        ", or a Defender XDR custom role (never in wids)"
                    } else {
                        ""
                    };
                    lines.push(format!("Roles a delegated caller also needs (wids): {}{loose}", names.join(" or ")));
                }
                RoleStrength::Purview => lines.push(format!(
                    "Roles a delegated caller also needs: a Microsoft Purview role ({}), never in tokens, not checked",
                    e.roles.display_names().join(" or ")
                )),
                _ => {}
            }
            if e.inferred {
                lines.push("Permissions inferred from sibling endpoints: Microsoft publishes none for this exact path.".into());
            }
        }
        Lookup::Endpoint(_) | Lookup::NoPermissionData { .. } => {
            lines.push("Microsoft publishes no permission for this endpoint: none is needed or checked.".into())
        }
        Lookup::MethodNotAllowed { .. } | Lookup::Unknown { .. } => {}
        Lookup::OutOfScope if crate::catalog::is_security_path(&path) => {
            lines.push("The placeholders could stand for several endpoints: say which one.".into())
        }
        Lookup::OutOfScope => lines.push(
            "Not in Microsoft's Graph permission map (not a complete inventory of Graph), so claimcheck does not check this call. Add permission data with --catalog to check it.".into(),
        ),
    }
    Ok(Needs { lines, known })
}
