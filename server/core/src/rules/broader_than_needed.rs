//! `broader-than-needed`: a declared permission outside the app's needed set whose calls a
//! narrower needed permission covers (`docs/behaviour.md`, "The workspace").

use super::{or_list, Raised, Rule, RuleMeta};
use crate::types::{Severity, TokenKind};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::BroaderThanNeeded,
    id: "broader-than-needed",
    default_severity: Severity::Hint,
    description: "An app registration grants a permission broader than the app's calls need.",
};

/// `permission` (of `kind`) is declared for `app`; every call it covers (`calls`, described) is
/// covered by one of `narrower` (needed permissions of lower privilege, narrowest first).
pub fn check(permission: &str, kind: TokenKind, app: &str, narrower: &[String], calls: &[String]) -> Option<Raised> {
    let instead = narrower.first()?;
    if calls.is_empty() {
        return None;
    }
    let what =
        if calls.len() == 1 { format!("its call {}", calls[0]) } else { format!("its calls {}", calls.join(", ")) };
    Some(Raised::new(
        Rule::BroaderThanNeeded,
        format!(
            "{permission} ({}) is broader than app {app} needs: {what} {} with {}, which grants less. Declare {instead} instead.",
            kind.title(),
            if calls.len() == 1 { "works" } else { "work" },
            or_list(narrower)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_narrower_permission_and_the_calls() {
        let r = check(
            "SecurityAlert.ReadWrite.All",
            TokenKind::Application,
            "daemon",
            &["SecurityAlert.Read.All".to_owned()],
            &["GET /v1.0/security/alerts_v2 (daemon/poll.py:22)".to_owned()],
        )
        .unwrap();
        assert_eq!(r.severity, Severity::Hint);
        assert_eq!(
            r.message,
            "SecurityAlert.ReadWrite.All (Application) is broader than app daemon needs: its call GET /v1.0/security/alerts_v2 (daemon/poll.py:22) works with SecurityAlert.Read.All, which grants less. Declare SecurityAlert.Read.All instead."
        );
        assert!(check("A", TokenKind::Delegated, "x", &[], &["c".to_owned()]).is_none());
    }
}
