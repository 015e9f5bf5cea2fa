//! `missing-wids`: a delegated caller on an endpoint with a strict role requirement, and a token
//! without the `wids` claim that would show the user's roles (the implicit grant omits it).

use super::missing_role::{checkable, roles_list};
use super::{Caller, Raised, Rule, RuleMeta};
use crate::catalog::{Endpoint, RoleStrength};
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::MissingWids,
    id: "missing-wids",
    default_severity: Severity::Warning,
    description:
        "A delegated caller needs an Entra admin role for this endpoint, and the token has no wids claim to show it.",
};

pub(super) fn check(what: &str, e: &Endpoint, caller: &Caller<'_>) -> Option<Raised> {
    let req = &e.roles;
    if !checkable(req) || req.strength != RoleStrength::Strict || caller.claims.wids.is_some() {
        return None;
    }
    let fragment = if caller.from_fragment {
        " This token was taken from an #access_token= URL fragment, which is what the implicit grant returns."
    } else {
        ""
    };
    Some(Raised::new(
        Rule::MissingWids,
        format!(
            "{what} needs the signed-in user to hold the Entra role {}; {} has no wids claim, so whether the user holds one cannot be checked and Graph may answer 403. Tokens from the implicit grant omit wids; the authorization-code flow includes them.{fragment} Get the token with the authorization-code flow (MSAL), and make sure the user holds one of these roles.",
            roles_list(req),
            caller.label
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, Lookup};
    use crate::jwt::Claims;
    use crate::types::{Method, TokenKind, Version};

    fn run(path: &str, claims: &Claims, from_fragment: bool) -> Option<Raised> {
        let Lookup::Endpoint(e) = Catalog::builtin().lookup(Version::V1, Method::Get, path) else { panic!("{path}") };
        let caller = Caller {
            claims,
            kind: TokenKind::Delegated,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment,
        };
        check("GET x", e, &caller)
    }

    #[test]
    fn strict_endpoints_without_wids_warn_and_name_the_implicit_grant() {
        let none = Claims::default();
        let r = run("/security/secureScores", &none, true).unwrap();
        assert_eq!(r.severity, Severity::Warning);
        assert!(r.message.contains("Tokens from the implicit grant omit wids"), "{}", r.message);
        assert!(r.message.contains("#access_token= URL fragment"), "{}", r.message);
        assert!(!run("/security/secureScores", &none, false).unwrap().message.contains("#access_token="));
        let with = Claims { wids: Some(vec![]), ..Claims::default() };
        assert!(run("/security/secureScores", &with, false).is_none());
    }

    #[test]
    fn loose_and_unchecked_endpoints_raise_nothing() {
        let none = Claims::default();
        assert!(run("/security/alerts_v2", &none, false).is_none());
    }
}
