//! `over-privileged`: a read that the token satisfies only through a permission broader than the
//! endpoint's least-privileged set.

use super::missing_permission::held;
use super::{or_list, Call, Caller, Raised, Rule, RuleMeta};
use crate::catalog::{Catalog, Endpoint, Scheme};
use crate::types::{Method, Severity};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::OverPrivileged,
    id: "over-privileged",
    default_severity: Severity::Hint,
    description:
        "The token satisfies a read only through a permission broader than the endpoint's least-privileged set.",
};

/// How much a permission lets its holder do to what it reaches, by its words: basic reading,
/// reading, writing, managing.
fn access(name: &str) -> u32 {
    let has = |w: &str| name.split('.').any(|p| p.eq_ignore_ascii_case(w));
    if has("ReadBasic") {
        1
    } else if has("Read") {
        2
    } else if has("ReadWrite") || has("Write") || has("Send") || has("Create") {
        3
    } else {
        4
    }
}

/// Microsoft's privilege level of a permission in a scheme, when published.
fn level(catalog: &Catalog, name: &str, scheme: Scheme) -> Option<u32> {
    catalog.permission(name)?.scheme(scheme)?.level
}

pub(super) fn check(
    what: &str,
    call: &Call<'_>,
    e: &Endpoint,
    caller: &Caller<'_>,
    catalog: &Catalog,
) -> Option<Raised> {
    if call.method != Method::Get {
        return None;
    }
    let scheme = caller.scheme();
    let rec = e.advised_in(scheme);
    let through: Vec<String> = held(e, caller).cloned().collect();
    // Resource-specific consent is narrower than any tenant-wide permission, never broader.
    if through.is_empty() || through.iter().any(|p| rec.contains(p) || e.is_rsc(p)) {
        return None;
    }
    // Broader means more than the read needs: a higher privilege level than the least-privileged
    // set's, or at the same level more access by its words (ReadWrite over Read, Read over
    // ReadBasic) on as many objects. User.Read (the user's own profile) is not broader than
    // User.ReadBasic.All (everyone's basic profile): it reaches fewer objects.
    let least = rec.iter().filter_map(|p| level(catalog, p, scheme).map(|l| (l, p.as_str()))).min();
    let broader = through.iter().all(|p| match (level(catalog, p, scheme), least) {
        (Some(h), Some((l, least_name))) => {
            // A delegated permission without `.All` reaches the user's own objects only; an
            // application permission reaches the whole tenant whatever its name.
            let as_wide = scheme == Scheme::Application || p.ends_with(".All") || !least_name.ends_with(".All");
            h > l || (h == l && access(p) > access(least_name) && as_wide)
        }
        _ => true,
    });
    if !broader {
        return None;
    }
    Some(Raised::new(
        Rule::OverPrivileged,
        format!(
            "{what} needs only {}; {} {} it through {}, which grants more than this read needs. Request {} instead.",
            or_list(rec),
            caller.label,
            if caller.declared { "satisfy" } else { "satisfies" },
            or_list(&through),
            rec.first().map_or("", String::as_str)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, Lookup};
    use crate::jwt::Claims;
    use crate::types::{Cloud, TokenKind, Version};

    #[test]
    fn a_read_through_a_write_permission_is_a_hint_and_a_write_is_not() {
        let Lookup::Endpoint(e) = Catalog::builtin().lookup(Version::V1, Method::Get, "/security/alerts_v2") else {
            panic!()
        };
        let claims = Claims { roles: Some(vec!["SecurityAlert.ReadWrite.All".into()]), ..Claims::default() };
        let caller = Caller {
            claims: &claims,
            kind: TokenKind::Application,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment: false,
        };
        let get = Call::new(Method::Get, Version::V1, Cloud::Global, "/security/alerts_v2");
        let r = check("GET x", &get, e, &caller, Catalog::builtin()).unwrap();
        assert_eq!(r.severity, Severity::Hint);
        assert!(r.message.contains("through SecurityAlert.ReadWrite.All"), "{}", r.message);
        let patch = Call { method: Method::Patch, ..get };
        assert!(check("PATCH x", &patch, e, &caller, Catalog::builtin()).is_none());
    }

    #[test]
    fn the_same_level_is_broader_only_by_more_access_on_as_many_objects() {
        let run = |kind: TokenKind, held: &str, path: &str| {
            let Lookup::Endpoint(e) = Catalog::builtin().lookup(Version::V1, Method::Get, path) else {
                panic!("{path}")
            };
            let claims = match kind {
                TokenKind::Delegated => Claims { scp: Some(vec![held.into()]), ..Claims::default() },
                TokenKind::Application => Claims { roles: Some(vec![held.into()]), ..Claims::default() },
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
            let call = Call::new(Method::Get, Version::V1, Cloud::Global, path);
            check("GET x", &call, e, &caller, Catalog::builtin()).is_some()
        };
        // The user's own profile is not more than everyone's basic profile.
        assert!(!run(TokenKind::Delegated, "User.Read", "/users/{id}"));
        assert!(run(TokenKind::Delegated, "User.ReadWrite.All", "/users/{id}"));
        // Application permissions reach the whole tenant, `.All` or not.
        assert!(run(TokenKind::Application, "User.Read.All", "/users/{id}"));
        assert!(run(TokenKind::Application, "Mail.Read", "/users/{id}/messages"));
    }
}
