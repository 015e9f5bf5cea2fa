//! Whether one call would be authorised for one caller, claim by claim: what `claimcheck explain
//! --url` prints and what the hover on a call shows. Built from the rules' own results, so that an
//! explanation can never disagree with a diagnostic.

use super::{check_caller, check_endpoint, check_token_times, Call, Caller, Raised, Rule};
use super::{missing_permission, missing_role, token_expired, unknown_endpoint, wrong_audience};
use crate::catalog::{Catalog, Lookup, RoleStrength};
use crate::types::TokenKind;

/// The outcome of checking one call against one caller.
pub struct Verdict {
    /// The call (`GET /v1.0/security/alerts_v2 (the global cloud)`), then lines of the form
    /// "✓ audience: …" / "✗ permission: …", then the conclusion.
    pub lines: Vec<String>,
    pub authorised: bool,
}

fn mark(lines: &mut Vec<String>, ok: bool, what: &str, text: String) {
    lines.push(format!("{} {what}: {text}", if ok { "✓" } else { "✗" }));
}

pub fn verdict(call: &Call<'_>, caller: &Caller<'_>, now: i64, catalog: &Catalog) -> Verdict {
    let kind = caller.kind;
    let (lookup, endpoint_rules) = check_endpoint(catalog, call);
    let caller_rules = check_caller(call, &lookup, caller, catalog);
    let time_rules = if caller.declared { Vec::new() } else { check_token_times(caller.claims, now, "this token") };
    let fired = |r: Rule| -> Option<&Raised> {
        caller_rules.iter().chain(&endpoint_rules).chain(&time_rules).find(|x| x.rule == r)
    };
    let mut lines = Vec::new();
    let mut authorised = true;

    let template = match &lookup {
        Lookup::Endpoint(e) => e.path.clone(),
        Lookup::NoPermissionData { template, .. } | Lookup::MethodNotAllowed { template, .. } => template.clone(),
        _ => call.path.to_owned(),
    };
    lines.push(format!("{} /{}{template} ({})", call.method, call.version, call.cloud.name()));
    match fired(Rule::UnknownEndpoint) {
        Some(r) => {
            authorised = false;
            mark(&mut lines, false, "endpoint", r.message.clone());
        }
        None => mark(&mut lines, true, "endpoint", unknown_endpoint::PASSED.into()),
    }
    if let Some(r) = fired(Rule::DeprecatedEndpoint) {
        lines.push(format!("! deprecated: {}", r.message));
    }
    match fired(Rule::WrongAudience) {
        Some(r) => {
            authorised = false;
            mark(&mut lines, false, "audience", r.message.clone());
        }
        None => mark(&mut lines, true, "audience", wrong_audience::passed(call.cloud)),
    }
    for r in [Rule::UnsupportedTokenType, Rule::MissingPermission] {
        if let Some(x) = fired(r) {
            authorised = false;
            mark(&mut lines, false, "permission", x.message.clone());
        }
    }
    if fired(Rule::UnsupportedTokenType).is_none() && fired(Rule::MissingPermission).is_none() {
        match &lookup {
            Lookup::Endpoint(e) if e.has_permissions() && fired(Rule::WrongAudience).is_none() => {
                mark(&mut lines, true, "permission", missing_permission::passed(e, caller));
            }
            Lookup::Endpoint(_) | Lookup::NoPermissionData { .. } => {
                lines.push(format!("– permission: {}", missing_permission::NO_PERMISSION_PUBLISHED))
            }
            _ => {}
        }
    }
    if let Some(r) = fired(Rule::OverPrivileged) {
        lines.push(format!("! over-privileged: {}", r.message));
    }
    match (fired(Rule::MissingRole), fired(Rule::MissingWids)) {
        (Some(r), _) => {
            if matches!(&lookup, Lookup::Endpoint(e) if e.roles.strength == RoleStrength::Strict) {
                authorised = false;
            }
            mark(&mut lines, false, "roles", r.message.clone());
        }
        (None, Some(r)) => lines.push(format!("? roles: {}", r.message)),
        (None, None) => match &lookup {
            Lookup::Endpoint(e)
                if kind == TokenKind::Delegated
                    && !e.roles.roles.is_empty()
                    && fired(Rule::WrongAudience).is_none() =>
            {
                mark(&mut lines, true, "roles", missing_role::PASSED.into())
            }
            Lookup::Endpoint(e) if e.roles.strength == RoleStrength::Purview && kind == TokenKind::Delegated => {
                lines.push(format!("? roles: {}", missing_role::purview_note(&e.roles)))
            }
            _ => {}
        },
    }
    for r in [Rule::TokenExpired, Rule::TokenNotYetValid] {
        if let Some(x) = fired(r) {
            authorised = false;
            mark(&mut lines, false, "lifetime", x.message.clone());
        }
    }
    if fired(Rule::TokenExpired).is_none() && fired(Rule::TokenNotYetValid).is_none() && !caller.declared {
        mark(&mut lines, true, "lifetime", token_expired::passed(caller.claims, now));
    }
    lines.push(if authorised {
        "Verdict: the call would be authorised.".into()
    } else {
        "Verdict: the call would fail.".into()
    });
    Verdict { lines, authorised }
}
