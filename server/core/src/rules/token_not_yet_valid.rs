//! `token-not-yet-valid`: the token's `nbf` time is still in the future.

use super::{capitalise, Raised, Rule, RuleMeta};
use crate::jwt::Claims;
use crate::timefmt;
use crate::types::Severity;

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::TokenNotYetValid,
    id: "token-not-yet-valid",
    default_severity: Severity::Warning,
    description: "The token's nbf time is still in the future.",
};

pub(super) fn check(claims: &Claims, now: i64, label: &str) -> Option<Raised> {
    let nbf = claims.nbf.filter(|&nbf| nbf > now)?;
    Some(Raised::new(
        Rule::TokenNotYetValid,
        format!(
            "{} is not valid until {} ({}), so Graph will reject it until then. Check the clock of the machine that issued or uses it.",
            capitalise(label),
            timefmt::utc(nbf),
            timefmt::relative(nbf, now)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_only_before_nbf() {
        let claims = Claims { nbf: Some(1_000_000), ..Claims::default() };
        assert!(check(&claims, 1_000_000, "the token").is_none());
        let r = check(&claims, 1_000_000 - 42 * 60, "the token").unwrap();
        assert!(r.message.contains("(in 42 min)"), "{}", r.message);
    }
}
