//! `unsupported-token-type`: the endpoint accepts permissions of the other kind only (a delegated
//! token on an application-only endpoint, or the reverse); a personal Microsoft account on an
//! endpoint that publishes no permission for personal accounts; `/me` called without a user.

use super::{or_list, shown_path, Call, Caller, Raised, Rule, RuleMeta};
use crate::catalog::{Catalog, Endpoint, Lookup, Scheme, CONSUMER_TENANT};
use crate::types::{Severity, TokenKind};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::UnsupportedTokenType,
    id: "unsupported-token-type",
    default_severity: Severity::Error,
    description: "The endpoint accepts permissions of the other token kind only (delegated versus application).",
};

/// `what` is the call as messages name it (`GET /v1.0/security/...`).
pub(super) fn check(what: &str, e: &Endpoint, caller: &Caller<'_>) -> Option<Raised> {
    let kind = caller.kind;
    if caller.scheme() == Scheme::Personal {
        return personal(what, e, caller);
    }
    if !e.accepted(kind).is_empty() {
        return None;
    }
    let other = kind.other();
    if e.accepted(other).is_empty() {
        // Only personal accounts can call it: this scheme runs no permission rule.
        return None;
    }
    let need = or_list(e.advised(other));
    let fix = match other {
        TokenKind::Application => {
            format!("Call it with an app-only token (client credentials flow) holding {need} (Application).")
        }
        TokenKind::Delegated => {
            format!("Call it with a delegated token (a signed-in user) holding {need} (Delegated).")
        }
    };
    Some(Raised::new(
        Rule::UnsupportedTokenType,
        format!(
            "{what} accepts {} permissions only, so Graph will answer 403 to {} whatever permissions it holds. {fix}{}",
            other.as_str(),
            caller.label,
            guess_note(caller),
        ),
    ))
}

/// A personal Microsoft account (the token's `tid` is the consumer tenant) on an endpoint that
/// publishes no permission for personal accounts but does for work accounts or applications.
fn personal(what: &str, e: &Endpoint, caller: &Caller<'_>) -> Option<Raised> {
    if !e.accepted_in(Scheme::Personal).is_empty() {
        return None;
    }
    let fix = if !e.delegated.is_empty() {
        format!(
            "Sign in with a work or school account holding {} (Delegated)",
            or_list(e.advised_in(Scheme::Delegated))
        )
    } else if !e.application.is_empty() {
        format!(
            "Call it with an app-only token (client credentials flow) holding {} (Application)",
            or_list(e.advised_in(Scheme::Application))
        )
    } else {
        return None;
    };
    Some(Raised::new(
        Rule::UnsupportedTokenType,
        format!(
            "{what} publishes no permission for personal Microsoft accounts, and {} signs in a personal account (tid {CONSUMER_TENANT}), so Graph will answer 403 whatever permissions it holds. {fix}.",
            caller.label
        ),
    ))
}

/// `/me/...` with an application token: there is no signed-in user for `/me` to be.
pub(super) fn check_me(call: &Call<'_>, lookup: &Lookup<'_>, caller: &Caller<'_>, catalog: &Catalog) -> Option<Raised> {
    let first = call.path.split('/').find(|s| !s.is_empty())?;
    if caller.kind != TokenKind::Application
        || !first.eq_ignore_ascii_case("me")
        || matches!(lookup, Lookup::Unknown { .. })
    {
        return None;
    }
    let rest = &call.path[call.path.find(first).map_or(0, |i| i + first.len())..];
    let users = format!("/users/{{}}{rest}");
    let template = match lookup {
        Lookup::Endpoint(e) => e.path.clone(),
        Lookup::NoPermissionData { template, .. } | Lookup::MethodNotAllowed { template, .. } => template.clone(),
        _ => shown_path(call.path),
    };
    let what = call.describe(&template);
    let advice = match catalog.lookup(call.version, call.method, &users) {
        Lookup::Endpoint(u) if !u.advised_in(Scheme::Application).is_empty() => format!(
            " ({} /{}{} with {} (Application))",
            call.method,
            call.version,
            u.path,
            or_list(u.advised_in(Scheme::Application))
        ),
        _ => String::new(),
    };
    Some(Raised::new(
        Rule::UnsupportedTokenType,
        format!(
            "{what} is about the signed-in user, and {} is app-only (no user), so Graph will answer 400 (/me request is only valid with delegated authentication flow). /me needs a signed-in user; use /users/{{id}}{advice}, or call it with a delegated token.{}",
            caller.label,
            guess_note(caller)
        ),
    ))
}

/// Said after a message about a token whose kind is a guess.
pub(super) fn guess_note(caller: &Caller<'_>) -> &'static str {
    if caller.kind_guessed {
        " (The token kind is a guess: it has no idtyp, scp, roles, upn or name claim.)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::jwt::Claims;
    use crate::types::{Method, Version};

    #[test]
    fn a_delegated_caller_on_an_application_only_endpoint() {
        let crate::catalog::Lookup::Endpoint(e) =
            Catalog::builtin().lookup(Version::V1, Method::Get, "/security/collaboration/analyzedEmails")
        else {
            panic!("analyzedEmails is in the catalog")
        };
        let claims = Claims { scp: Some(vec!["User.Read".into()]), ..Claims::default() };
        let caller = Caller {
            claims: &claims,
            kind: TokenKind::Delegated,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment: false,
        };
        let r = check("GET x", e, &caller).unwrap();
        assert!(r.message.starts_with("GET x accepts application permissions only"), "{}", r.message);
        assert!(r.message.contains("SecurityAnalyzedMessage.Read.All (Application)"), "{}", r.message);
        let app = Caller { kind: TokenKind::Application, ..caller };
        assert!(check("GET x", e, &app).is_none());
    }
}
