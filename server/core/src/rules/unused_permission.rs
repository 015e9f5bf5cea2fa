//! `unused-permission`: a declared permission that covers none of its app's calls
//! (`docs/behaviour.md`, "The workspace").

use super::{Raised, Rule, RuleMeta};
use crate::types::{Severity, TokenKind};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::UnusedPermission,
    id: "unused-permission",
    default_severity: Severity::Hint,
    description: "An app registration grants a permission that none of the app's calls needs.",
};

/// `permission` (of `kind`) is declared for `app`, whose `calls` resolved calls it covers none
/// of. The workspace decides that; this says it.
pub fn check(permission: &str, kind: TokenKind, app: &str, calls: usize) -> Option<Raised> {
    if calls == 0 {
        return None;
    }
    let of = if calls == 1 { "its one call".to_owned() } else { format!("any of its {calls} calls") };
    Some(Raised::new(
        Rule::UnusedPermission,
        format!(
            "{permission} ({}) is granted to app {app}, but no call of the app needs it: it authorises nothing the code does and widens what a leaked credential can do. Remove it from the registration unless code outside this workspace uses it (checked against {of}).",
            kind.title()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_which_permission_of_which_app_and_only_for_apps_with_calls() {
        let r = check("SecurityIncident.ReadWrite.All", TokenKind::Application, "daemon", 3).unwrap();
        assert_eq!(r.severity, Severity::Hint);
        assert!(
            r.message.starts_with("SecurityIncident.ReadWrite.All (Application) is granted to app daemon"),
            "{}",
            r.message
        );
        assert!(r.message.contains("any of its 3 calls"));
        assert!(check("X.Read", TokenKind::Delegated, "a", 1).unwrap().message.contains("its one call"));
        assert!(check("X.Read", TokenKind::Delegated, "a", 0).is_none());
    }
}
