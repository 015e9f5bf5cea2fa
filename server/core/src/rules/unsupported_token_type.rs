//! `unsupported-token-type`: the endpoint accepts permissions of the other kind only (a delegated
//! token on an application-only endpoint, or the reverse).

use super::{or_list, Caller, Raised, Rule, RuleMeta};
use crate::catalog::Endpoint;
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
    if !e.accepted(kind).is_empty() {
        return None;
    }
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
