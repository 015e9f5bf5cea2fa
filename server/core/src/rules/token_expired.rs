//! `token-expired`: the token's `exp` time has passed.

use super::{capitalise, Raised, Rule, RuleMeta};
use crate::jwt::Claims;
use crate::timefmt;
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::TokenExpired,
    id: "token-expired",
    default_severity: Severity::Warning,
    description: "The token's exp time has passed.",
};

/// `label` names the token in the message ("the delegated token on line 3").
pub(super) fn check(claims: &Claims, now: i64, label: &str) -> Option<Raised> {
    let exp = claims.exp.filter(|&exp| exp <= now)?;
    Some(Raised::new(
        Rule::TokenExpired,
        format!(
            "{} expired {} ({}), so Graph will answer 401 InvalidAuthenticationToken. Get a new token at run time instead of keeping one.",
            capitalise(label),
            timefmt::relative(exp, now),
            timefmt::utc(exp)
        ),
    ))
}

/// What the verdict says of a token within its lifetime.
pub(crate) fn passed(claims: &Claims, now: i64) -> String {
    match claims.exp {
        Some(exp) => format!("valid, expires {}", timefmt::relative(exp, now)),
        None => "no exp claim".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_at_exp_itself_with_relative_and_absolute_times() {
        let claims = Claims { exp: Some(1_000_000), ..Claims::default() };
        assert!(check(&claims, 999_999, "the token").is_none());
        let r = check(&claims, 1_000_000 + 3 * 86400, "the token").unwrap();
        assert!(r.message.starts_with("The token expired 3 days ago (1970-01-12 13:46:40 UTC)"), "{}", r.message);
        assert!(check(&Claims::default(), 0, "the token").is_none());
    }
}
