//! `deprecated-endpoint`: the catalog marks the endpoint deprecated (the legacy Graph Security
//! alerts API) and names its replacement.

use super::{or_list, Call, Raised, Rule, RuleMeta};
use crate::catalog::Lookup;
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::DeprecatedEndpoint,
    id: "deprecated-endpoint",
    default_severity: Severity::Warning,
    description: "The endpoint is deprecated; a replacement exists.",
};

pub(super) fn check(call: &Call<'_>, lookup: &Lookup<'_>) -> Option<Raised> {
    let Lookup::Endpoint(e) = lookup else { return None };
    let d = e.deprecation.as_ref()?;
    let perms = or_list(&d.replacement_permissions);
    let target = match &d.replacement_path {
        // A batch action replaced by a call per item.
        Some(p) if !d.path_fix => format!("{} {}{p} for each alert", d.replacement_method, call.version_prefix()),
        Some(p) => format!("{} {}{p}", d.replacement_method, call.version_prefix()),
        None => "the replacement API".to_owned(),
    };
    let with = if perms.is_empty() { String::new() } else { format!(" with {perms}") };
    let mut r = Raised::new(
        Rule::DeprecatedEndpoint,
        format!(
            "{} is part of the legacy Graph Security alerts API, which is deprecated and being retired: it will stop returning data. Use {target}{with}; the v2 alert resource has a different schema, so request bodies and the fields read from responses change too.",
            call.describe(&e.path),
        ),
    );
    if d.path_fix {
        r.replacement_path = d.replacement_path.clone();
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::types::{Cloud, Method, Version};

    fn run(method: Method, path: &str) -> Option<Raised> {
        let call = Call::new(method, Version::V1, Cloud::Global, path);
        check(&call, &Catalog::builtin().lookup(Version::V1, method, path))
    }

    #[test]
    fn legacy_alerts_name_their_replacement_and_get_a_path_fix() {
        let r = run(Method::Get, "/security/alerts").unwrap();
        assert!(r.message.contains("Use GET /v1.0/security/alerts_v2 with SecurityAlert.Read.All;"), "{}", r.message);
        assert!(r.message.contains("different schema"), "{}", r.message);
        assert_eq!(r.replacement_path.as_deref(), Some("/security/alerts_v2"));
        assert!(run(Method::Get, "/security/alerts_v2").is_none());
    }

    #[test]
    fn the_replacement_follows_the_method_used() {
        let r = run(Method::Patch, "/security/alerts/{id}").unwrap();
        assert!(r.message.starts_with("PATCH /v1.0/security/alerts/{id} is part"), "{}", r.message);
        assert!(r.message.contains("Use PATCH /v1.0/security/alerts_v2/{id} with SecurityAlert.ReadWrite.All;"));
        let call = Call::new(Method::Post, Version::Beta, Cloud::Global, "/security/alerts/updateAlerts");
        let r = check(&call, &Catalog::builtin().lookup(Version::Beta, Method::Post, call.path)).unwrap();
        assert!(r.message.contains("Use PATCH /beta/security/alerts_v2/{id} for each alert with"), "{}", r.message);
        assert_eq!(r.replacement_path, None, "a batch action is not rewritten to one alert's path");
    }
}
