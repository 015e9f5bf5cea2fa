//! `missing-role`: a delegated caller needs an Entra admin role for this endpoint, and the token's
//! `wids` claim holds none of them. Strict requirements (the legacy Graph Security API) are errors;
//! loose ones (Defender for Identity, where custom roles never show in `wids`) are information.

use super::{or_list, Caller, Raised, Rule, RuleMeta};
use crate::catalog::{Catalog, Endpoint, RoleRequirement, RoleStrength};
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::MissingRole,
    id: "missing-role",
    default_severity: Severity::Error,
    description:
        "A delegated caller needs an Entra admin role for this endpoint, and the token's wids claim holds none of them.",
};

/// `Security Reader (5d6b…) or Global Administrator (6290…)`.
pub(super) fn roles_list(req: &RoleRequirement) -> String {
    let names: Vec<String> = req.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect();
    or_list(&names)
}

/// Whether the endpoint's role requirement can be checked against `wids` at all.
pub(super) fn checkable(req: &RoleRequirement) -> bool {
    matches!(req.strength, RoleStrength::Strict | RoleStrength::Loose) && !req.roles.is_empty()
}

pub(super) fn check(what: &str, e: &Endpoint, caller: &Caller<'_>, catalog: &Catalog) -> Option<Raised> {
    let req = &e.roles;
    if !checkable(req) {
        return None;
    }
    let wids = caller.claims.wids.as_ref()?;
    if req.roles.iter().any(|r| wids.iter().any(|w| w.eq_ignore_ascii_case(&r.id))) {
        return None;
    }
    let needed = roles_list(req);
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
    Some(if req.strength == RoleStrength::Strict {
        Raised::new(
            Rule::MissingRole,
            format!(
                "{what} needs the signed-in user to hold the Entra role {needed}; the wids claim of {} {has}, so Graph will answer 403 even though the permission is granted. Assign the user one of these roles in Entra ID, then get a new token.",
                caller.label
            ),
        )
    } else {
        Raised {
            severity: Severity::Information,
            ..Raised::new(
                Rule::MissingRole,
                format!(
                    "{what} needs the signed-in user to hold the Entra role {needed} or a Defender XDR custom role (custom roles never show in wids); the wids claim of {} {has}, so unless the user has such a custom role Graph will answer 403. Assign one of these roles, then get a new token.",
                    caller.label
                ),
            )
        }
    })
}

/// What the verdict says when `wids` holds an accepted role.
pub(crate) const PASSED: &str = "the token's wids holds a role the endpoint accepts";

/// What the verdict says of an endpoint whose roles are Microsoft Purview's (never in tokens).
pub(crate) fn purview_note(req: &RoleRequirement) -> String {
    let names: Vec<String> = req.display_names().into_iter().map(str::to_owned).collect();
    format!("the user also needs a Microsoft Purview role ({}), which never shows in a token", super::or_list(&names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Lookup;
    use crate::jwt::Claims;
    use crate::types::{Method, TokenKind, Version};

    const READER: &str = "5d6b6bb7-de71-4623-b4af-96380a352509";
    const DIRECTORY_READERS: &str = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    const UNNAMED: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

    fn run(path: &str, wids: Option<Vec<String>>) -> Option<Raised> {
        let Lookup::Endpoint(e) = Catalog::builtin().lookup(Version::V1, Method::Get, path) else { panic!("{path}") };
        let claims = Claims { wids, ..Claims::default() };
        let caller = Caller {
            claims: &claims,
            kind: TokenKind::Delegated,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment: false,
        };
        check("GET x", e, &caller, Catalog::builtin())
    }

    #[test]
    fn strict_roles_are_errors_naming_what_wids_holds() {
        let r = run("/security/secureScores", Some(vec![DIRECTORY_READERS.into(), UNNAMED.into()])).unwrap();
        assert_eq!(r.severity, Severity::Error);
        let lists = format!("lists Directory Readers ({DIRECTORY_READERS}), {UNNAMED}, so");
        assert!(r.message.contains(&lists), "{}", r.message);
        assert!(r.message.contains(&format!("Security Reader ({READER})")), "{}", r.message);
        assert!(run("/security/secureScores", Some(vec![READER.to_uppercase()])).is_none());
        assert!(run("/security/secureScores", Some(vec![])).unwrap().message.contains("is empty"));
    }

    #[test]
    fn no_wids_is_missing_wids_business_and_alerts_v2_needs_no_role() {
        assert!(run("/security/secureScores", None).is_none());
        assert!(run("/security/alerts_v2", Some(vec![UNNAMED.into()])).is_none());
    }
}
