//! `over-privileged`: a read that the token satisfies only through a permission broader than the
//! endpoint's least-privileged set.

use super::missing_permission::held;
use super::{or_list, Call, Caller, Raised, Rule, RuleMeta};
use crate::catalog::Endpoint;
use crate::types::{Method, Severity};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::OverPrivileged,
    id: "over-privileged",
    default_severity: Severity::Hint,
    description:
        "The token satisfies a read only through a permission broader than the endpoint's least-privileged set.",
};

pub(super) fn check(what: &str, call: &Call<'_>, e: &Endpoint, caller: &Caller<'_>) -> Option<Raised> {
    if call.method != Method::Get {
        return None;
    }
    let rec = e.advised_in(caller.scheme());
    let through: Vec<String> = held(e, caller).cloned().collect();
    // Resource-specific consent is narrower than any tenant-wide permission, never broader.
    if through.is_empty() || through.iter().any(|p| rec.contains(p) || e.is_rsc(p)) {
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
        let r = check("GET x", &get, e, &caller).unwrap();
        assert_eq!(r.severity, Severity::Hint);
        assert!(r.message.contains("through SecurityAlert.ReadWrite.All"), "{}", r.message);
        let patch = Call { method: Method::Patch, ..get };
        assert!(check("PATCH x", &patch, e, &caller).is_none());
    }
}
