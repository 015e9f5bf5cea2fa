//! How code signs in (`docs/behaviour.md`, "The workspace": kind of a call): client credentials,
//! certificates and managed identities give application tokens; interactive, device-code,
//! on-behalf-of and authorization-code flows give delegated ones. Read by name from the text (no
//! type checking), like the SDK calls.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::types::TokenKind;

/// Names that mean an application sign-in, then names that mean a delegated one. Compared
/// without case.
const APPLICATION: &[&str] = &[
    "ClientSecretCredential",
    "ClientCertificateCredential",
    "CertificateCredential",
    "ManagedIdentityCredential",
    "WorkloadIdentityCredential",
    "ClientAssertionCredential",
    "acquire_token_for_client",
    "AcquireTokenForClient",
    "acquireTokenByClientCredential",
    "-CertificateThumbprint",
    "-ClientSecretCredential",
    "Connect-MgGraph -Identity",
    "client_credentials",
    "NewClientSecretCredential",
    "NewManagedIdentityCredential",
];

const DELEGATED: &[&str] = &[
    "InteractiveBrowserCredential",
    "DeviceCodeCredential",
    "OnBehalfOfCredential",
    "AuthorizationCodeCredential",
    "UsernamePasswordCredential",
    "acquire_token_interactive",
    "acquire_token_by_device_flow",
    "initiate_device_flow",
    "acquire_token_on_behalf_of",
    "acquire_token_by_authorization_code",
    "acquire_token_by_auth_code_flow",
    "initiate_auth_code_flow",
    "AcquireTokenInteractive",
    "AcquireTokenWithDeviceCode",
    "AcquireTokenOnBehalfOf",
    "AcquireTokenByAuthorizationCode",
    "acquireTokenPopup",
    "acquireTokenRedirect",
    "acquireTokenSilent",
    "acquireTokenByCode",
    "acquireTokenOnBehalfOf",
    "acquireTokenByDeviceCode",
    "loginPopup",
    "loginRedirect",
    "PublicClientApplication",
    "-UseDeviceAuthentication",
    "-UseDeviceCode",
];

fn automaton() -> &'static AhoCorasick {
    static A: OnceLock<AhoCorasick> = OnceLock::new();
    A.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(APPLICATION.iter().chain(DELEGATED))
            .expect("the sign-in names build an automaton")
    })
}

/// The kind the sign-in code of a text gives, when it names one kind only.
pub fn sign_in_kind(text: &str) -> Option<TokenKind> {
    let (mut app, mut del) = (false, false);
    for m in automaton().find_iter(text) {
        if m.pattern().as_usize() < APPLICATION.len() {
            app = true;
        } else {
            del = true;
        }
        if app && del {
            return None;
        }
    }
    // `Connect-MgGraph -Scopes` is a delegated sign-in: it is a scope declaration too.
    if !app && connect_with_scopes(text) {
        del = true;
    }
    match (app, del) {
        (true, false) => Some(TokenKind::Application),
        (false, true) => Some(TokenKind::Delegated),
        _ => None,
    }
}

fn connect_with_scopes(text: &str) -> bool {
    let has = |a: &[u8], b: &[u8]| {
        memchr::memmem::find(text.as_bytes(), a).or(memchr::memmem::find(text.as_bytes(), b)).is_some()
    };
    has(b"-Scopes", b"-scopes") && has(b"Connect-MgGraph", b"connect-mggraph")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_flow_gives_its_kind() {
        let cases = [
            ("cred = ClientSecretCredential(tenant, cid, secret)", Some(TokenKind::Application)),
            (
                "app.acquire_token_for_client(scopes=[\"https://graph.microsoft.com/.default\"])",
                Some(TokenKind::Application),
            ),
            ("Connect-MgGraph -ClientId $id -TenantId $t -CertificateThumbprint $th", Some(TokenKind::Application)),
            ("Connect-MgGraph -Identity", Some(TokenKind::Application)),
            ("new DeviceCodeCredential({ tenantId })", Some(TokenKind::Delegated)),
            ("await msalInstance.loginPopup(loginRequest)", Some(TokenKind::Delegated)),
            ("Connect-MgGraph -Scopes \"User.Read\"", Some(TokenKind::Delegated)),
            ("var app = PublicClientApplicationBuilder.Create(id)", Some(TokenKind::Delegated)),
            ("ClientSecretCredential(...)\nInteractiveBrowserCredential()", None),
            ("print('hello')", None),
        ];
        for (text, want) in cases {
            assert_eq!(sign_in_kind(text), want, "{text}");
        }
    }
}
