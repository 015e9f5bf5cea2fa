//! `hardcoded-token`: an access token written in a file is a secret in source.

use super::{Raised, Rule, RuleMeta};
use crate::jwt::Claims;
use crate::timefmt;
use crate::types::{Severity, TokenKind};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::HardcodedToken,
    id: "hardcoded-token",
    default_severity: Severity::Warning,
    description: "An access token is written in a file: a secret in source.",
};

/// `preview` is the token's first ten characters and `…`: the only way output names a token.
pub fn check(preview: &str, claims: &Claims, kind: TokenKind, now: i64) -> Raised {
    let who = claims.app().map(|a| format!(" as {a}")).unwrap_or_default();
    let until = match claims.exp {
        Some(exp) if exp > now => format!(" until it expires {}", timefmt::relative(exp, now)),
        _ => String::new(),
    };
    Raised::new(
        Rule::HardcodedToken,
        format!(
            "Access token {preview} ({}) is written in this file: anyone who can read it can call Graph{who}{until}. Remove it and load tokens at run time (environment variable, secret store, MSAL).",
            kind.as_str()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_token_by_its_preview_and_says_how_long_it_works() {
        let claims = Claims { exp: Some(100 + 2 * 3600), ..Claims::default() };
        let r = check("eyJ0eXAiOi…", &claims, TokenKind::Delegated, 100);
        assert!(r.message.starts_with("Access token eyJ0eXAiOi… (delegated) is written in this file"), "{}", r.message);
        assert!(r.message.contains("until it expires in 2 hours"), "{}", r.message);
        let expired = check("eyJ0eXAiOi…", &claims, TokenKind::Delegated, 100 + 3 * 3600);
        assert!(!expired.message.contains("until"), "{}", expired.message);
    }
}
