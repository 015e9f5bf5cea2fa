//! `wrong-audience`: the token was issued for another API, or for Graph in another cloud.

use super::{capitalise, Call, Caller, Raised, Rule, RuleMeta};
use crate::jwt::{audience_name, classify_audience, Audience, Claims};
use crate::types::{Cloud, Severity};

pub(super) const META: RuleMeta = RuleMeta {
    rule: Rule::WrongAudience,
    id: "wrong-audience",
    default_severity: Severity::Error,
    description: "The token was issued for another API or another cloud than the Microsoft Graph the URL calls.",
};

pub(super) fn check(call: &Call<'_>, caller: &Caller<'_>) -> Option<Raised> {
    if !caller.declared {
        let why = graph_audience_ok(caller.claims, call.cloud).err()?;
        return Some(Raised::new(
            Rule::WrongAudience,
            format!(
                "{} {why}. Graph rejects a token whose audience is not itself (401 or 403). Request the token for {}/.default, or with Graph scopes.",
                capitalise(&caller.label),
                call.cloud.audience()
            ),
        ));
    }
    let c = caller.declared_cloud?;
    (c != call.cloud).then(|| {
        Raised::new(
            Rule::WrongAudience,
            format!(
                "{} are for Microsoft Graph in {} ({}), but this URL calls {}; tokens do not carry across clouds. Request scopes on {}.",
                capitalise(&caller.label),
                c.name(),
                c.audience(),
                call.cloud.name(),
                call.cloud.audience()
            ),
        )
    })
}

/// What the verdict says when the audience is right.
pub(crate) fn passed(cloud: Cloud) -> String {
    format!("Microsoft Graph ({})", cloud.name())
}

fn graph_audience_ok(claims: &Claims, cloud: Cloud) -> Result<(), String> {
    if claims.aud.is_empty() {
        return Err("has no aud claim".to_owned());
    }
    let mut other = None;
    for a in &claims.aud {
        match classify_audience(a) {
            Audience::Graph(None) => return Ok(()),
            Audience::Graph(Some(c)) if c == cloud => return Ok(()),
            Audience::Graph(Some(c)) => {
                other = Some(format!(
                    "is for Microsoft Graph in {} ({}), not {} that this URL calls; tokens do not carry across clouds",
                    c.name(),
                    c.audience(),
                    cloud.name()
                ))
            }
            Audience::Other(a) => {
                if other.is_none() {
                    other = Some(match audience_name(&a) {
                        Some(name) => format!("was issued for {a} ({name}), not Microsoft Graph"),
                        None => format!("was issued for another application (aud {a}), not Microsoft Graph"),
                    })
                }
            }
        }
    }
    Err(other.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Method, TokenKind, Version};

    fn caller(claims: &Claims) -> Caller<'_> {
        Caller {
            claims,
            kind: TokenKind::Delegated,
            kind_guessed: false,
            label: "the token".into(),
            declared: false,
            declared_cloud: None,
            from_fragment: false,
        }
    }

    fn call(cloud: Cloud) -> Call<'static> {
        Call::new(Method::Get, Version::V1, cloud, "/security/alerts_v2")
    }

    #[test]
    fn graph_audiences_pass_for_their_cloud() {
        let cases = [
            ("https://graph.microsoft.com", Cloud::Global, true),
            ("https://graph.microsoft.com/", Cloud::Global, true),
            ("00000003-0000-0000-c000-000000000000", Cloud::China, true),
            ("https://graph.microsoft.us", Cloud::UsGov, true),
            ("https://graph.microsoft.us", Cloud::Global, false),
            ("https://api.security.microsoft.com", Cloud::Global, false),
        ];
        for (aud, cloud, ok) in cases {
            let claims = Claims { aud: vec![aud.to_owned()], ..Claims::default() };
            assert_eq!(check(&call(cloud), &caller(&claims)).is_none(), ok, "{aud} on {cloud:?}");
        }
    }

    #[test]
    fn the_message_names_the_api_the_token_is_for() {
        let claims = Claims { aud: vec!["https://api.security.microsoft.com".to_owned()], ..Claims::default() };
        let r = check(&call(Cloud::Global), &caller(&claims)).unwrap();
        assert!(r.message.contains("Microsoft Defender XDR API"), "{}", r.message);
        let none = Claims::default();
        assert!(check(&call(Cloud::Global), &caller(&none)).unwrap().message.contains("has no aud claim"));
    }

    #[test]
    fn declared_scopes_are_checked_for_their_cloud_only() {
        let claims = Claims::default();
        let mut c = caller(&claims);
        c.declared = true;
        assert!(check(&call(Cloud::Global), &c).is_none());
        c.declared_cloud = Some(Cloud::China);
        assert!(check(&call(Cloud::Global), &c).unwrap().message.contains("China"));
    }
}
