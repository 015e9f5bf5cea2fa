//! `missing-permission`: the token's `scp` (delegated) or `roles` (application) holds none of the
//! permissions the endpoint accepts for that kind, method and version (with its `AlsoRequires`
//! partner, where it has one).

use super::unsupported_token_type::guess_note;
use super::{or_list, Caller, Raised, Rule, RuleMeta};
use crate::catalog::{Endpoint, Scheme};
use crate::types::{Severity, TokenKind};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::MissingPermission,
    id: "missing-permission",
    default_severity: Severity::Error,
    description: "The token holds none of the permissions the endpoint accepts for its kind, method and version.",
};

/// The accepted permissions `caller` holds that authorise the call (with their `AlsoRequires`
/// partner held too).
pub(super) fn held<'a>(e: &'a Endpoint, caller: &'a Caller<'_>) -> impl Iterator<Item = &'a String> + 'a {
    e.satisfied_by(caller.scheme(), caller.held())
}

/// A permission with its partner: `X together with Y` (`together with Y or Z` for a choice).
fn with_partners(e: &Endpoint, s: Scheme, p: &str) -> String {
    match e.partners(s, p) {
        [] => p.to_owned(),
        partners => format!("{p} together with {}", or_list(partners)),
    }
}

pub(super) fn check(what: &str, e: &Endpoint, caller: &Caller<'_>) -> Option<Raised> {
    if held(e, caller).next().is_some() {
        return None;
    }
    let kind = caller.kind;
    let scheme = caller.scheme();
    let acc = e.accepted_in(scheme);
    let rec = e.advised_in(scheme);
    let broader = acc.len().saturating_sub(rec.len());
    let needs = match broader {
        _ if acc.len() <= 3 => or_list(acc),
        0 => or_list(acc),
        1 => format!("{} (or 1 broader permission)", or_list(rec)),
        n => format!("{} (or one of {n} broader permissions)", or_list(rec)),
    };
    let declared_list = caller.claims.permissions(kind).filter(|_| caller.declared && kind == TokenKind::Application);
    let has = match (kind, caller.claims.scp.as_ref(), caller.claims.roles.as_ref()) {
        _ if declared_list.is_some() => match declared_list.unwrap_or_default() {
            [] => format!("{} are none", caller.label),
            list => format!("{} are {}", caller.label, list.join(" ")),
        },
        (_, None, None) if !caller.declared && caller.kind_guessed => {
            format!("{} has neither scp nor roles: it carries no Graph permission at all", caller.label)
        }
        (TokenKind::Application, _, None) => format!(
            "{} has no roles claim: no application permission was admin-consented, or it was added as Delegated",
            caller.label
        ),
        (TokenKind::Application, _, Some(r)) if r.is_empty() => format!(
            "{} has an empty roles claim: no application permission was admin-consented, or it was added as Delegated",
            caller.label
        ),
        (TokenKind::Application, _, Some(r)) => format!("{} has roles {}", caller.label, r.join(", ")),
        (TokenKind::Delegated, Some(s), _) if !s.is_empty() => {
            if caller.declared {
                format!("{} are {}", caller.label, s.join(" "))
            } else {
                format!("{} has scp {}", caller.label, s.join(" "))
            }
        }
        (TokenKind::Delegated, _, _) if caller.declared => format!("{} are none", caller.label),
        (TokenKind::Delegated, _, _) => format!("{} has no scp claim", caller.label),
    };
    let first = rec.first().map_or("", String::as_str);
    // A held permission that authorises the call only with a partner the caller lacks: add the partner.
    let lacking = acc.iter().find(|p| caller.held().iter().any(|h| h.eq_ignore_ascii_case(p)));
    let (why, add) = match lacking {
        Some(p) => {
            let partners = e.partners(scheme, p);
            (
                format!(
                    " {} holds {p}, which authorises this call only together with {}.",
                    caller.label,
                    or_list(partners)
                ),
                partners.first().map_or(first, String::as_str).to_owned(),
            )
        }
        None => (String::new(), with_partners(e, scheme, first)),
    };
    let fix = match scheme {
        Scheme::Application if e.is_rsc(first) && lacking.is_none() => format!(
            "Add {add} (Application): it is a resource-specific consent permission, granted per resource by its owner (the team or chat owner consents when the app is installed there), not by an admin in the app registration."
        ),
        Scheme::Application => {
            format!("Add {add} as an Application permission to the app registration and grant admin consent.")
        }
        Scheme::Delegated | Scheme::Personal => {
            format!("Add {add} (Delegated) to the app registration and request it when the user signs in.")
        }
    };
    Some(Raised::new(
        Rule::MissingPermission,
        format!("{what} needs {needs}; {has}, so Graph will answer 403.{why} {fix}{}", guess_note(caller)),
    ))
}

/// What the verdict says when the caller holds a permission that authorises the call.
pub(crate) fn passed(e: &Endpoint, caller: &Caller<'_>) -> String {
    let s = caller.scheme();
    let via: Vec<String> = held(e, caller).map(|p| with_partners(e, s, p)).collect();
    format!("{} ({})", via.join(", "), s.title())
}

/// What the verdict says when Microsoft publishes no permission for the call.
pub(crate) const NO_PERMISSION_PUBLISHED: &str = "Microsoft publishes no permission for this endpoint";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, Lookup};
    use crate::jwt::Claims;
    use crate::types::{Method, Version};

    fn endpoint(method: Method, path: &str) -> &'static Endpoint {
        match Catalog::builtin().lookup(Version::V1, method, path) {
            Lookup::Endpoint(e) => e,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn caller(claims: &Claims, kind: TokenKind) -> Caller<'_> {
        Caller {
            claims,
            kind,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment: false,
        }
    }

    #[test]
    fn fires_when_no_held_permission_is_accepted_and_names_the_least_privileged_fix() {
        let e = endpoint(Method::Get, "/security/alerts_v2");
        let claims = Claims { roles: Some(vec!["User.Read.All".into()]), ..Claims::default() };
        let r = check("GET x", e, &caller(&claims, TokenKind::Application)).unwrap();
        assert_eq!(
            r.message,
            "GET x needs SecurityAlert.Read.All or SecurityAlert.ReadWrite.All; the token has roles User.Read.All, so Graph will answer 403. Add SecurityAlert.Read.All as an Application permission to the app registration and grant admin consent."
        );
        let ok = Claims { roles: Some(vec!["securityalert.readwrite.all".into()]), ..Claims::default() };
        assert!(check("GET x", e, &caller(&ok, TokenKind::Application)).is_none(), "compared case-insensitively");
    }

    #[test]
    fn says_why_an_application_token_holds_nothing() {
        let e = endpoint(Method::Get, "/security/alerts_v2");
        let cases = [
            (Claims::default(), "has no roles claim: no application permission was admin-consented"),
            (Claims { roles: Some(vec![]), ..Claims::default() }, "has an empty roles claim"),
        ];
        for (claims, want) in cases {
            let r = check("GET x", e, &caller(&claims, TokenKind::Application)).unwrap();
            assert!(r.message.contains(want), "{}", r.message);
        }
        let empty = Claims::default();
        let mut guessed = caller(&empty, TokenKind::Application);
        guessed.kind_guessed = true;
        let r = check("GET x", e, &guessed).unwrap();
        assert!(r.message.contains("has neither scp nor roles"), "{}", r.message);
        assert!(r.message.ends_with("(The token kind is a guess: it has no idtyp, scp, roles, upn or name claim.)"));
    }
}
