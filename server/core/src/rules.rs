//! The rules of SPEC section 4: given one URL and the token it goes with, what will Graph say?

use crate::catalog::{Catalog, Endpoint, Lookup, RoleRequirement, RoleStrength};
use crate::finding::Rule;
use crate::jwt::{audience_name, classify_audience, Audience, Claims};
use crate::timefmt;
use crate::types::{Cloud, Method, Severity, TokenKind, Version};

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

/// One raised rule, before positions and suppression are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    /// A replacement path template for `unknown-endpoint` / `deprecated-endpoint` fixes.
    pub replacement_path: Option<String>,
}

/// A URL as the rules see it.
pub struct Call<'a> {
    pub method: Method,
    pub version: Version,
    pub cloud: Cloud,
    /// Path as written, placeholders `{}`.
    pub path: &'a str,
}

impl Call<'_> {
    fn describe(&self, template: &str) -> String {
        format!("{} /{}{}", self.method, self.version, template)
    }
}

fn raise(rule: Rule, message: String) -> Raised {
    Raised { rule, severity: rule.default_severity(), message, replacement_path: None }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn roles_list(req: &RoleRequirement) -> String {
    let names: Vec<String> = req.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect();
    or_list(&names)
}

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

/// Rules that run for a URL without any token: `unknown-endpoint`, `deprecated-endpoint`.
/// Returns the lookup too, so the caller decides whether permission rules run.
pub fn check_endpoint<'c>(catalog: &'c Catalog, call: &Call) -> (Lookup<'c>, Vec<Raised>) {
    let lookup = catalog.lookup(call.version, call.method, call.path);
    let mut out = Vec::new();
    match &lookup {
        Lookup::Unknown { suggestion, in_other_version } => {
            let shown = shown_path(call.path);
            let what = format!("{} /{}{shown}", call.method, call.version);
            let mut msg = format!(
                "{what} does not exist in Microsoft Graph {}, so the call will fail (400 or 404).",
                call.version
            );
            if let Some(s) = suggestion {
                msg.push_str(&format!(" Did you mean `{s}`?"));
            } else if *in_other_version {
                let other = call.version.other();
                msg.push_str(&format!(" It exists in {other}: call /{other}{shown} instead."));
            }
            let mut r = raise(Rule::UnknownEndpoint, msg);
            r.replacement_path = suggestion.clone();
            out.push(r);
        }
        Lookup::MethodNotAllowed { template, methods } => {
            let list: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            out.push(raise(
                Rule::UnknownEndpoint,
                format!(
                    "{} is not supported on /{}{template} (it supports {}), so the call will fail (405 or 400). Use one of those methods or another endpoint.",
                    call.method,
                    call.version,
                    list.join(", ")
                ),
            ));
        }
        Lookup::Endpoint(e) => {
            if let Some(d) = &e.deprecation {
                let perms = or_list(&d.replacement_permissions);
                let target = match &d.replacement_path {
                    Some(p) => format!("{} /{}{p}", d.replacement_method, call.version),
                    None => "the replacement API".to_owned(),
                };
                let mut r = raise(
                    Rule::DeprecatedEndpoint,
                    format!(
                        "{} is part of the legacy Graph Security alerts API, which is deprecated and being retired (the date is in Microsoft's current docs); after retirement it returns no data. Use {target}{}.",
                        call.describe(&e.path),
                        if perms.is_empty() { String::new() } else { format!(" with {perms}") }
                    ),
                );
                if d.path_fix {
                    r.replacement_path = d.replacement_path.clone();
                }
                out.push(r);
            }
        }
        Lookup::NoPermissionData { .. } | Lookup::OutOfScope => {}
    }
    (lookup, out)
}

fn graph_audience_ok(claims: &Claims, cloud: Cloud) -> Result<(), String> {
    if claims.aud.is_empty() {
        return Err("has no aud claim".to_owned());
    }
    let mut other = None;
    for a in &claims.aud {
        match classify_audience(a) {
            Audience::Graph(None) => return Ok(()),
            Audience::Graph(Some(c)) if c == cloud => return Ok(()),
            Audience::Graph(Some(c)) => {
                other = Some(format!(
                    "is for Microsoft Graph in {} ({}), not {} that this URL calls; tokens do not carry across clouds",
                    c.name(),
                    c.audience(),
                    cloud.name()
                ))
            }
            Audience::Other(a) => {
                if other.is_none() {
                    other = Some(match audience_name(&a) {
                        Some(name) => format!("was issued for {a} ({name}), not Microsoft Graph"),
                        None => format!("was issued for another application (aud {a}), not Microsoft Graph"),
                    })
                }
            }
        }
    }
    Err(other.unwrap_or_default())
}

/// Rules that need a caller: audience, token type, permissions, roles.
pub fn check_caller(call: &Call<'_>, lookup: &Lookup<'_>, caller: &Caller<'_>, catalog: &Catalog) -> Vec<Raised> {
    let mut out = Vec::new();
    if !caller.declared {
        if let Err(why) = graph_audience_ok(caller.claims, call.cloud) {
            out.push(raise(
                Rule::WrongAudience,
                format!(
                    "{} {why}. Graph rejects a token whose audience is not itself (401 or 403). Request the token for {}/.default, or with Graph scopes.",
                    capitalise(&caller.label),
                    call.cloud.audience()
                ),
            ));
            return out;
        }
    } else if let Some(c) = caller.declared_cloud {
        if c != call.cloud {
            out.push(raise(
                Rule::WrongAudience,
                format!(
                    "{} are for Microsoft Graph in {} ({}), but this URL calls {}; tokens do not carry across clouds. Request scopes on {}.",
                    capitalise(&caller.label),
                    c.name(),
                    c.audience(),
                    call.cloud.name(),
                    call.cloud.audience()
                ),
            ));
            return out;
        }
    }
    let Lookup::Endpoint(e) = lookup else {
        return out;
    };
    if e.delegated.is_empty() && e.application.is_empty() {
        return out;
    }
    let what = call.describe(&e.path);
    let kind = caller.kind;
    let guess_note = if caller.kind_guessed {
        " (The token kind is a guess: it has no idtyp, scp, roles, upn or name claim.)"
    } else {
        ""
    };
    if e.accepted(kind).is_empty() {
        let other = kind.other();
        let need = or_list(e.advised(other));
        let fix = match other {
            TokenKind::Application => {
                format!("Call it with an app-only token (client credentials flow) holding {need} (Application).")
            }
            TokenKind::Delegated => {
                format!("Call it with a delegated token (a signed-in user) holding {need} (Delegated).")
            }
        };
        out.push(raise(
            Rule::UnsupportedTokenType,
            format!(
                "{what} accepts {} permissions only, so Graph will answer 403 to {} whatever permissions it holds. {fix}{guess_note}",
                other.as_str(),
                caller.label,
            ),
        ));
        return out;
    }
    let acc = e.accepted(kind);
    let rec = e.advised(kind);
    let held: &[String] = caller.claims.permissions(kind).unwrap_or(&[]);
    let satisfying: Vec<&String> = e.granted_by(kind, held).collect();
    if satisfying.is_empty() {
        let needs = if acc.len() <= 3 {
            or_list(acc)
        } else {
            format!("{} (or one of {} broader permissions)", or_list(rec), acc.len() - rec.len())
        };
        let has = match (kind, caller.claims.scp.as_ref(), caller.claims.roles.as_ref()) {
            (_, None, None) if !caller.declared && caller.kind_guessed => format!(
                "{} has neither scp nor roles: it carries no Graph permission at all",
                caller.label
            ),
            (TokenKind::Application, _, None) => format!(
                "{} has no roles claim: no application permission was admin-consented, or it was added as Delegated",
                caller.label
            ),
            (TokenKind::Application, _, Some(r)) if r.is_empty() => format!(
                "{} has an empty roles claim: no application permission was admin-consented, or it was added as Delegated",
                caller.label
            ),
            (TokenKind::Application, _, Some(r)) => {
                format!("{} has roles {}", caller.label, r.join(", "))
            }
            (TokenKind::Delegated, Some(s), _) if !s.is_empty() => {
                if caller.declared {
                    format!("{} are {}", caller.label, s.join(" "))
                } else {
                    format!("{} has scp {}", caller.label, s.join(" "))
                }
            }
            (TokenKind::Delegated, _, _) => format!("{} has no scp claim", caller.label),
        };
        let fix = match kind {
            TokenKind::Delegated => format!(
                "Add {} (Delegated) to the app registration and request it when the user signs in.",
                rec.first().map_or("", String::as_str)
            ),
            TokenKind::Application => format!(
                "Add {} as an Application permission to the app registration and grant admin consent.",
                rec.first().map_or("", String::as_str)
            ),
        };
        out.push(raise(
            Rule::MissingPermission,
            format!("{what} needs {needs}; {has}, so Graph will answer 403. {fix}{guess_note}"),
        ));
    } else if call.method == Method::Get && !satisfying.iter().any(|p| rec.contains(p)) {
        let through: Vec<String> = satisfying.iter().map(|s| s.to_string()).collect();
        out.push(raise(
            Rule::OverPrivileged,
            format!(
                "{what} needs only {}; {} satisfies it through {}, which grants more than this read needs. Request {} instead.",
                or_list(rec),
                caller.label,
                or_list(&through),
                rec.first().map_or("", String::as_str)
            ),
        ));
    }
    if kind == TokenKind::Delegated && !caller.declared {
        out.extend(check_roles(&what, e, caller, catalog));
    }
    out
}

fn check_roles(what: &str, e: &Endpoint, caller: &Caller<'_>, catalog: &Catalog) -> Option<Raised> {
    let req = &e.roles;
    match req.strength {
        RoleStrength::Strict | RoleStrength::Loose if !req.roles.is_empty() => {}
        _ => return None,
    }
    let needed = roles_list(req);
    match &caller.claims.wids {
        Some(wids) => {
            if req.roles.iter().any(|r| wids.iter().any(|w| w.eq_ignore_ascii_case(&r.id))) {
                return None;
            }
            let has = if wids.is_empty() {
                "is empty".to_owned()
            } else {
                let names: Vec<String> = wids
                    .iter()
                    .map(|w| match catalog.role_name(w) {
                        Some(n) => format!("{n} ({w})"),
                        None => w.clone(),
                    })
                    .collect();
                format!("lists {}", names.join(", "))
            };
            let mut r = if req.strength == RoleStrength::Strict {
                raise(
                    Rule::MissingRole,
                    format!(
                        "{what} needs the signed-in user to hold the Entra role {needed}; the wids claim of {} {has}, so Graph will answer 403 even though the permission is granted. Assign the user one of these roles in Entra ID, then get a new token.",
                        caller.label
                    ),
                )
            } else {
                raise(
                    Rule::MissingRole,
                    format!(
                        "{what} needs the signed-in user to hold the Entra role {needed} or a Defender XDR custom role (custom roles never show in wids); the wids claim of {} {has}, so unless the user has such a custom role Graph will answer 403. Assign one of these roles, then get a new token.",
                        caller.label
                    ),
                )
            };
            if req.strength == RoleStrength::Loose {
                r.severity = Severity::Information;
            }
            Some(r)
        }
        None if req.strength == RoleStrength::Strict => {
            let fragment = if caller.from_fragment {
                " This token was taken from an #access_token= URL fragment, which is what the implicit grant returns."
            } else {
                ""
            };
            Some(raise(
                Rule::MissingWids,
                format!(
                    "{what} needs the signed-in user to hold the Entra role {needed}; {} has no wids claim, so whether the user holds one cannot be checked and Graph may answer 403. Tokens from the implicit grant omit wids; the authorization-code flow includes them.{fragment} Get the token with the authorization-code flow (MSAL), and make sure the user holds one of these roles.",
                    caller.label
                ),
            ))
        }
        None => None,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Rules on a token in a file: lifetime and the secret itself.
pub fn check_token_times(claims: &Claims, now: i64, label: &str) -> Vec<Raised> {
    let mut out = Vec::new();
    if let Some(exp) = claims.exp {
        if exp <= now {
            out.push(raise(
                Rule::TokenExpired,
                format!(
                    "{} expired {} ({}), so Graph will answer 401 InvalidAuthenticationToken. Get a new token at run time instead of keeping one.",
                    capitalise(label),
                    timefmt::relative(exp, now),
                    timefmt::utc(exp)
                ),
            ));
        }
    }
    if let Some(nbf) = claims.nbf {
        if nbf > now {
            out.push(raise(
                Rule::TokenNotYetValid,
                format!(
                    "{} is not valid until {} ({}), so Graph will reject it until then. Check the clock of the machine that issued or uses it.",
                    capitalise(label),
                    timefmt::utc(nbf),
                    timefmt::relative(nbf, now)
                ),
            ));
        }
    }
    out
}

pub fn check_hardcoded(preview: &str, claims: &Claims, kind: TokenKind, now: i64) -> Raised {
    let who = claims.app().map(|a| format!(" as {a}")).unwrap_or_default();
    let until = match claims.exp {
        Some(exp) if exp > now => format!(" until it expires {}", timefmt::relative(exp, now)),
        _ => String::new(),
    };
    raise(
        Rule::HardcodedToken,
        format!(
            "Access token {preview} ({}) is written in this file: anyone who can read it can call Graph{who}{until}. Remove it and load tokens at run time (environment variable, secret store, MSAL).",
            kind.as_str()
        ),
    )
}
