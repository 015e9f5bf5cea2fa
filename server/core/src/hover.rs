//! Hover text for tokens and URLs (`docs/behaviour.md`, "The language server").

use crate::analysis::{Analysis, TokenOcc, UrlOcc};
use crate::catalog::{Catalog, Endpoint, Lookup, RoleStrength, Scheme};
use crate::explain;
use crate::jwt::Token;
use crate::rules::verdict::verdict;
use crate::rules::Call;
use crate::types::{TokenKind, Version};

pub fn token_hover(t: &TokenOcc, now: i64, catalog: &Catalog) -> String {
    let mut facts = explain::token_facts(&t.token, now, catalog);
    if t.from_fragment {
        facts.push((
            "Came from",
            "an #access_token= URL fragment: the implicit grant, whose tokens omit wids".to_owned(),
        ));
    }
    explain::facts_markdown(&format!("Access token {}", t.token.preview), &facts)
}

/// One scheme's permissions for a hover: least privileged first, each with what it needs alongside,
/// whether it is resource-specific consent and, for delegated ones, whether an admin must consent.
fn perms(e: &Endpoint, s: Scheme, catalog: &Catalog) -> String {
    let list = e.accepted_in(s);
    if list.is_empty() {
        return "not supported".to_owned();
    }
    list.iter()
        .map(|p| {
            let mut notes = Vec::new();
            if e.least_in(s).iter().any(|l| l == p) {
                notes.push("least privileged".to_owned());
            }
            if let [_, ..] = e.partners(s, p) {
                let partners: Vec<String> = e.partners(s, p).iter().map(|q| format!("`{q}`")).collect();
                notes.push(format!("with {}", partners.join(" or ")));
            }
            if s == Scheme::Application && e.is_rsc(p) {
                notes.push("resource-specific consent".to_owned());
            }
            let admin = catalog.permission(p).and_then(|i| i.scheme(s)).and_then(|i| i.admin_consent);
            if s != Scheme::Application && admin == Some(true) {
                notes.push("admin consent".to_owned());
            }
            if notes.is_empty() {
                format!("`{p}`")
            } else {
                format!("`{p}` ({})", notes.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn url_hover(a: &Analysis, u: &UrlOcc, catalog: &Catalog, configured: Option<&Token>, now: i64) -> String {
    let mut s = String::new();
    let shown = u.template.as_deref().unwrap_or(&u.path);
    let version = u.version.unwrap_or(Version::V1);
    let prefix = u.version.map_or(String::new(), |v| format!("/{v}"));
    let methods: Vec<&str> = u.methods.iter().map(|m| m.as_str()).collect();
    let methods = if methods.is_empty() { u.method.as_str().to_owned() } else { methods.join(", ") };
    let notes = match (u.method_assumed, u.version) {
        (true, None) => " (method assumed; version unknown)",
        (true, Some(_)) => " (method assumed)",
        (false, None) => " (version unknown)",
        (false, Some(_)) => "",
    };
    s.push_str(&format!("**{methods} {prefix}{shown}**{notes} ({})\n\n", u.cloud.name()));
    match catalog.lookup(version, u.method, &u.path) {
        Lookup::Endpoint(e) => {
            if !e.has_permissions() {
                s.push_str("Microsoft publishes no permission for this endpoint, so no permission is checked.\n\n");
            } else {
                s.push_str(&format!("- **Delegated:** {}\n", perms(e, Scheme::Delegated, catalog)));
                s.push_str(&format!("- **Application:** {}\n", perms(e, Scheme::Application, catalog)));
                if !crate::catalog::is_security_path(&e.path) {
                    s.push_str(&format!("- **Personal Microsoft accounts:** {}\n", perms(e, Scheme::Personal, catalog)));
                }
            }
            match e.roles.strength {
                RoleStrength::Strict | RoleStrength::Loose if !e.roles.roles.is_empty() => {
                    let names: Vec<String> = e.roles.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect();
                    let loose = if e.roles.strength == RoleStrength::Loose {
                        ", or a Defender XDR custom role (never in wids)"
                    } else {
                        ""
                    };
                    s.push_str(&format!("- **Delegated callers also need an Entra role:** {}{loose}\n", names.join(", ")));
                }
                RoleStrength::Purview => s.push_str(&format!(
                    "- **Delegated callers also need a Microsoft Purview role:** {} (never in tokens, not checked)\n",
                    e.roles.display_names().join(" or ")
                )),
                _ => {}
            }
            if let Some(d) = &e.deprecation {
                let target = d
                    .replacement_path
                    .as_deref()
                    .map(|p| format!("{} {prefix}{p}", d.replacement_method))
                    .unwrap_or_default();
                s.push_str(&format!("- **Deprecated:** use {target} ({})\n", d.replacement_permissions.join(", ")));
            }
            if e.inferred {
                s.push_str(
                    "- *Permissions inferred from sibling endpoints: Microsoft publishes none for this exact path.*\n",
                );
            }
        }
        Lookup::NoPermissionData { methods, .. } => {
            let m: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            s.push_str(&format!(
                "Known endpoint ({}); Microsoft publishes no permission for it, so no permission is checked.\n",
                m.join(", ")
            ));
        }
        Lookup::MethodNotAllowed { methods, .. } => {
            let m: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
            s.push_str(&format!("{} is not supported here; supported: {}.\n", u.method, m.join(", ")));
        }
        Lookup::Unknown { suggestion, .. } => {
            s.push_str("Not a known Microsoft Graph endpoint in this version.");
            if let Some(sug) = suggestion {
                s.push_str(&format!(" Did you mean `{sug}`?"));
            }
            s.push('\n');
        }
        Lookup::OutOfScope if crate::catalog::is_security_path(&u.path) => s.push_str(
            "The placeholders here could stand for several endpoints, so this call is not checked.\n",
        ),
        Lookup::OutOfScope => s.push_str(
            "Not in Microsoft's Graph permission map, so this call is not checked (the map is not a complete inventory of Graph). Add permission data with `catalogPaths` to check it.\n",
        ),
    }
    if let Some((caller, _)) = a.caller(u.assoc, configured) {
        let call = Call {
            assumed: u.method_assumed,
            version_unknown: u.version.is_none(),
            ..Call::new(u.method, version, u.cloud, &u.path)
        };
        let v = verdict(&call, &caller, now, catalog);
        s.push_str(&format!("\n**With {}:**\n\n", caller.label));
        for l in v.lines.iter().skip(1) {
            s.push_str(&format!("- {l}\n"));
        }
    } else {
        s.push_str("\nNo token in this file or settings: only the endpoint is checked.\n");
    }
    s
}

/// Plain text for clients that do not take markdown.
pub fn plain(markdown: &str) -> String {
    markdown.replace("**", "").replace(['`', '*'], "")
}

/// The label of the inlay hint after a URL.
pub fn url_hint(a: &Analysis, u: &UrlOcc, catalog: &Catalog, configured: Option<&Token>) -> Option<String> {
    let lookup = catalog.lookup(u.version.unwrap_or(Version::V1), u.method, &u.path);
    let caller = a.caller(u.assoc, configured).map(|(c, _)| c);
    if let Some(c) = &caller {
        let me = u.path.split('/').find(|s| !s.is_empty()).is_some_and(|s| s.eq_ignore_ascii_case("me"));
        if me && c.kind == TokenKind::Application && !matches!(lookup, Lookup::Unknown { .. }) {
            return Some(format!("{} · needs a signed-in user ✗", u.method));
        }
    }
    let Lookup::Endpoint(e) = lookup else {
        return None;
    };
    if !e.has_permissions() {
        return Some(format!("{} · no published permission", u.method));
    }
    let with = |s: Scheme, p: &String| match e.partners(s, p) {
        [] => p.clone(),
        partners => format!("{p}+{}", partners[0]),
    };
    match caller {
        Some(caller) => {
            let s = caller.scheme();
            if e.accepted_in(s).is_empty() {
                let only = match s {
                    Scheme::Personal if !e.delegated.is_empty() => "work accounts",
                    Scheme::Personal => "application",
                    _ => caller.kind.other().as_str(),
                };
                return Some(format!("{} · {only} only ✗", u.method));
            }
            let need: Vec<String> = e.advised_in(s).iter().map(|p| with(s, p)).collect();
            let ok = e.satisfied_by(s, caller.held()).next().is_some();
            Some(format!("{} · needs {} {}", u.method, need.join(" | "), if ok { "✓" } else { "✗" }))
        }
        None => {
            let d = e.advised(TokenKind::Delegated);
            let ap = e.advised(TokenKind::Application);
            let need = if d == ap || ap.is_empty() {
                d.join(" | ")
            } else if d.is_empty() {
                ap.join(" | ")
            } else {
                format!("{} (delegated) · {} (application)", d.join(" | "), ap.join(" | "))
            };
            Some(format!("{} · needs {need}", u.method))
        }
    }
}

/// The label of the inlay hint after a token.
pub fn token_hint(t: &TokenOcc, now: i64) -> String {
    let c = &t.token.claims;
    let n = c.permissions(t.kind).map_or(0, <[String]>::len);
    let what = match t.kind {
        TokenKind::Delegated => "scopes",
        TokenKind::Application => "roles",
    };
    let exp = match c.exp {
        Some(e) if e <= now => format!("expired {}", crate::timefmt::relative(e, now)),
        Some(e) => format!("expires {}", crate::timefmt::relative(e, now)),
        None => "no expiry".to_owned(),
    };
    format!("{} · {n} {what} · {exp}", t.kind.as_str())
}
