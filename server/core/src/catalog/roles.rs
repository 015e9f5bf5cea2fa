//! The roles a delegated caller needs (`docs/behaviour.md`, "Rules"), from the role requirements in the data
//! (`data/role-requirements.json`): the first rule whose path prefix the template starts with.

use super::model::{STRENGTH_LOOSE, STRENGTH_PURVIEW, STRENGTH_STRICT};
use super::tables::role_rule;
use super::{Catalog, Role, RoleRequirement, RoleStrength};
use crate::types::Method;

/// Whether `template` starts with the segments of `prefix` (lower-cased), ignoring case and a
/// function's parentheses.
fn starts_with_segments(template: &str, prefix: &str) -> bool {
    let mut t = template.split('/').filter(|s| !s.is_empty());
    prefix.split('/').filter(|s| !s.is_empty()).all(|p| {
        t.next().is_some_and(|s| {
            let s = s.split('(').next().unwrap_or(s);
            s.eq_ignore_ascii_case(p)
        })
    })
}

impl Catalog {
    /// The roles a delegated caller needs for a call, by template.
    pub fn role_requirement(&self, template: &str, method: Method) -> RoleRequirement {
        let t = &self.t;
        for r in 0..t.role_rule_count() {
            let prefix = t.str(t.role_rule(r, role_rule::PREFIX), t.role_rule(r, role_rule::PREFIX_LEN));
            if !starts_with_segments(template, prefix) {
                continue;
            }
            let strength = match t.role_rule(r, role_rule::STRENGTH) {
                STRENGTH_STRICT => RoleStrength::Strict,
                STRENGTH_LOOSE => RoleStrength::Loose,
                STRENGTH_PURVIEW => RoleStrength::Purview,
                _ => RoleStrength::None,
            };
            let (at, n) = if method.is_read() {
                (role_rule::READ, role_rule::N_READ)
            } else {
                (role_rule::WRITE, role_rule::N_WRITE)
            };
            let roles = t
                .list(t.role_rule(r, at), t.role_rule(r, n))
                .iter()
                .map(|&i| Role { name: t.role_name(i).to_owned(), id: t.role_id(i).to_owned() })
                .collect();
            let pairs = t.list(t.role_rule(r, role_rule::NAMES), 2 * t.role_rule(r, role_rule::N_NAMES));
            let unchecked = pairs.chunks(2).map(|p| t.str(p[0], p[1]).to_owned()).collect();
            return RoleRequirement { strength, roles, unchecked };
        }
        RoleRequirement::none()
    }
}

#[cfg(test)]
mod tests {
    use super::starts_with_segments;

    #[test]
    fn prefixes_match_whole_segments() {
        assert!(starts_with_segments("/security/alerts/{id}", "/security/alerts"));
        assert!(starts_with_segments("/Security/Alerts", "/security/alerts"));
        assert!(starts_with_segments("/security/alerts/updateAlerts", "/security/alerts"));
        assert!(!starts_with_segments("/security/alerts_v2", "/security/alerts"));
        assert!(!starts_with_segments("/security", "/security/alerts"));
        assert!(starts_with_segments("/security/cases/ediscoveryCases", "/security/cases"));
    }
}
