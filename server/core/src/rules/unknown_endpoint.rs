//! `unknown-endpoint`: a `/security` path, or a method on a path, that does not exist in that
//! version of Microsoft Graph.

use super::{shown_path, Call, Raised, Rule, RuleMeta};
use crate::catalog::Lookup;
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::UnknownEndpoint,
    id: "unknown-endpoint",
    default_severity: Severity::Warning,
    description: "The path, or the method on it, does not exist in that version of Microsoft Graph.",
};

pub(super) fn check(call: &Call<'_>, lookup: &Lookup<'_>) -> Option<Raised> {
    match lookup {
        Lookup::Unknown { suggestion, in_other_version } => {
            let shown = shown_path(call.path);
            let what = format!("{} {}{shown}{}", call.method, call.version_prefix(), call.method_note());
            let versions = if call.version_unknown { "v1.0 or beta".to_owned() } else { call.version.to_string() };
            let mut msg =
                format!("{what} does not exist in Microsoft Graph {versions}, so the call will fail (400 or 404).");
            if let Some(s) = suggestion {
                msg.push_str(&format!(" Did you mean `{s}`?"));
            } else if *in_other_version && !call.version_unknown {
                let other = call.version.other();
                msg.push_str(&format!(" It exists in {other}: call /{other}{shown} instead."));
            }
            let mut r = Raised::new(Rule::UnknownEndpoint, msg);
            r.replacement_path = suggestion.clone();
            Some(r)
        }
        Lookup::MethodNotAllowed { template, methods } => {
            let list: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            Some(Raised::new(
                Rule::UnknownEndpoint,
                format!(
                    "{}{} is not supported on {}{template} (it supports {}), so the call will fail (405 or 400). Use one of those methods or another endpoint.",
                    call.method,
                    call.method_note(),
                    call.version_prefix(),
                    list.join(", ")
                ),
            ))
        }
        _ => None,
    }
}

/// What the verdict says of an endpoint that exists.
pub(crate) const PASSED: &str = "exists";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::types::{Cloud, Method, Version};

    fn run(version: Version, method: Method, path: &str) -> Option<Raised> {
        let call = Call::new(method, version, Cloud::Global, path);
        check(&call, &Catalog::builtin().lookup(version, method, path))
    }

    #[test]
    fn typos_get_a_suggestion_and_a_fix() {
        let r = run(Version::V1, Method::Get, "/security/secureScore").unwrap();
        assert!(r.message.contains("Did you mean `/security/secureScores`?"), "{}", r.message);
        assert_eq!(r.replacement_path.as_deref(), Some("/security/secureScores"));
    }

    #[test]
    fn a_method_the_path_lacks_names_the_ones_it_has() {
        let r = run(Version::V1, Method::Delete, "/security/alerts_v2").unwrap();
        assert!(
            r.message.starts_with("DELETE is not supported on /v1.0/security/alerts_v2 (it supports GET"),
            "{}",
            r.message
        );
    }

    #[test]
    fn known_paths_and_paths_outside_security_raise_nothing() {
        assert!(run(Version::V1, Method::Get, "/security/alerts_v2").is_none());
        assert!(run(Version::V1, Method::Get, "/users").is_none());
    }
}
