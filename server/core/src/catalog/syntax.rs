//! How the catalog reads what is written: path templates (its own and Microsoft's spellings),
//! the paths of URLs being looked up, permission names and role template ids.
//!
//! Shared with `build.rs`, which compiles the built-in catalog with the same rules: this module
//! uses nothing but `std`.

/// URLs with more segments than this are not Graph calls worth matching; the bound lets a lookup
/// keep its segments on the stack.
pub const MAX_SEGMENTS: usize = 40;

/// The trie key of the segment that stands for a colon path (`root:/folder/file.txt:`).
pub const COLON_KEY: &str = ":";

/// A segment of a template being inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TSeg {
    /// ASCII-lower-cased, without a function's `()`.
    Lit { key: String, function: bool },
    /// A key: `{id}`, `{user-id}`, `(team-id)`, or the argument list of `name(args)`.
    Id,
    /// A path addressed by colons (`root:/{item-path}:`), whatever its depth.
    Colon,
}

/// Parses a path template into its display form (keys written `{id}`, query, spaces and trailing
/// `/` dropped) and its segments.
///
/// - `name(args)` becomes `name` then a key segment: that is how an alternate key
///   (`servicePrincipals(appId='{appId}')`) and a function with arguments are both addressed, and
///   it matches what a lookup does with a URL's `name('x')`; `name()` is a function.
/// - A segment ending in `:` opens a colon path: `root:/{id}:/content` and `items/{id}:/{id}:` are
///   the segment before the colon, then one [`TSeg::Colon`] standing for the path between the
///   colons (through the next segment ending in `:`, else the one segment after it).
pub fn parse_template(path: &str) -> Result<(String, Vec<TSeg>), String> {
    let path = path.split('?').next().unwrap_or_default().trim();
    if !path.starts_with('/') {
        return Err("a path template starts with '/'".to_owned());
    }
    let mut display = String::with_capacity(path.len());
    let mut segs = Vec::new();
    let mut raw_segs = path.split('/').filter(|s| !s.trim().is_empty());
    while let Some(raw) = raw_segs.next() {
        let seg: String = normalise_keys(raw).chars().filter(|c| !c.is_whitespace()).collect();
        display.push('/');
        let (stem, colon) = match seg.strip_suffix(':') {
            Some(stem) => (stem, true),
            None => (seg.as_str(), false),
        };
        display_segment(stem, &mut display);
        if !stem.is_empty() {
            template_segment(stem, &mut segs);
        }
        if colon {
            display.push(':');
            segs.push(TSeg::Colon);
            // The colon path: through the next segment that closes it, else one segment.
            let mut region = Vec::new();
            for next in raw_segs.by_ref() {
                let next: String = normalise_keys(next).chars().filter(|c| !c.is_whitespace()).collect();
                let closes = next.ends_with(':');
                region.push(next);
                if closes {
                    break;
                }
            }
            let closed = region.last().is_some_and(|s| s.ends_with(':'));
            let take = if closed { region.len() } else { region.len().min(1) };
            // The path between the colons is a value, whatever the map wrote there
            // (`root:/foldera/fileb.txt:`); the display closes it, as a URL must
            // (`root:/{id}/action` is `root:/{id}:/action`), so that the template looks itself up.
            if take > 0 {
                display.push_str("/{id}");
                if closed || region.len() > take {
                    display.push(':');
                }
            }
            // What the colon path did not take is ordinary segments again.
            for rest in &region[take..] {
                display.push('/');
                display_segment(rest, &mut display);
                template_segment(rest, &mut segs);
            }
        }
    }
    if segs.is_empty() {
        return Err("empty path".to_owned());
    }
    Ok((display, segs))
}

fn display_segment(seg: &str, display: &mut String) {
    if seg.starts_with('(') && seg.ends_with(')') {
        display.push_str("{id}");
    } else {
        display.push_str(seg);
    }
}

fn template_segment(seg: &str, segs: &mut Vec<TSeg>) {
    if (seg.starts_with('{') && seg.ends_with('}')) || seg.starts_with('(') {
        segs.push(TSeg::Id);
        return;
    }
    match (seg.find('('), seg.ends_with(')')) {
        (Some(open), true) if open > 0 => {
            let key = seg[..open].to_ascii_lowercase();
            if open + 2 == seg.len() {
                segs.push(TSeg::Lit { key, function: true });
            } else {
                segs.push(TSeg::Lit { key, function: false });
                segs.push(TSeg::Id);
            }
        }
        _ => segs.push(TSeg::Lit { key: seg.to_ascii_lowercase(), function: false }),
    }
}

/// Rewrites every `{anything}` to `{id}`: sources name keys after their parameter, and the name
/// carries no meaning for matching.
pub fn normalise_keys(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    let mut rest = seg;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push_str("{id}");
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// A segment of a URL being looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Lit(&'a str),
    /// `name(...)`: a function call, or a key in parentheses. `bare` when the parentheses are empty.
    Call {
        name: &'a str,
        bare: bool,
    },
    /// A placeholder: any one segment.
    Hole,
    /// A colon path (`root:/a/b.txt:`), matched by [`TSeg::Colon`].
    Colon,
}

fn input_segment(s: &str) -> Seg<'_> {
    if s.starts_with('{') && s.ends_with('}') {
        return Seg::Hole;
    }
    if let (Some(open), true) = (s.find('('), s.ends_with(')')) {
        if open > 0 {
            return Seg::Call { name: &s[..open], bare: open + 2 == s.len() };
        }
    }
    Seg::Lit(s)
}

/// Splits a URL path (lookup form: placeholders `{}`) into segments on the stack; `None` when
/// there are too many. A segment ending in `:` opens a colon path that runs through the next
/// segment ending in `:`, else to the end of the path.
pub fn split_input<'a>(path: &'a str, buf: &mut [Seg<'a>; MAX_SEGMENTS]) -> Option<usize> {
    let mut n = 0;
    let mut push = |s: Seg<'a>, n: &mut usize| -> Option<()> {
        if *n == MAX_SEGMENTS {
            return None;
        }
        buf[*n] = s;
        *n += 1;
        Some(())
    };
    let mut parts = path.split('/').filter(|s| !s.is_empty());
    while let Some(s) = parts.next() {
        match s.strip_suffix(':') {
            Some(stem) => {
                if !stem.is_empty() {
                    push(input_segment(stem), &mut n)?;
                }
                push(Seg::Colon, &mut n)?;
                for next in parts.by_ref() {
                    if next.ends_with(':') {
                        break;
                    }
                }
            }
            None => push(input_segment(s), &mut n)?,
        }
    }
    Some(n)
}

/// Whether a path's first segment is `security` (any case).
pub fn under_security(path: &str) -> bool {
    path.split('/').find(|s| !s.is_empty()).is_some_and(|s| s.eq_ignore_ascii_case("security"))
}

/// Permission names as Microsoft writes them: `SecurityAlert.Read.All`,
/// `AuditLogsQuery-Entra.Read.All`, `CloudApp-Discovery.Read.All`, `User.Read`.
pub fn is_permission_name(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_none_or(|c| !c.is_ascii_alphabetic()) {
        return false;
    }
    let mut i = 1;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    while i < b.len() && b[i] == b'-' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    while i < b.len() && b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

/// A GUID as Entra writes role template ids and permission ids.
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(k: &str, f: bool) -> TSeg {
        TSeg::Lit { key: k.to_owned(), function: f }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn template_parsing() {
        use TSeg::{Colon, Id};
        for (path, display, segs) in [
            ("/security/alerts_v2/{alert-id}", "/security/alerts_v2/{id}", vec![lit("security", false), lit("alerts_v2", false), Id]),
            ("/Security/getRunHuntingQuery()", "/Security/getRunHuntingQuery()", vec![lit("security", false), lit("getrunhuntingquery", true)]),
            ("/reports/x(period={value})?$top=1", "/reports/x(period={id})", vec![lit("reports", false), lit("x", false), Id]),
            ("/teams/(team-id)/channels/", "/teams/{id}/channels", vec![lit("teams", false), Id, lit("channels", false)]),
            ("/me/drive/root:/{item-path}:/content", "/me/drive/root:/{id}:/content", vec![lit("me", false), lit("drive", false), lit("root", false), Colon, lit("content", false)]),
            ("/me/drive/root:/foldera/fileb.txt:/content", "/me/drive/root:/{id}:/content", vec![lit("me", false), lit("drive", false), lit("root", false), Colon, lit("content", false)]),
            ("/drives/{id}/items/{id}:/{id}:/content", "/drives/{id}/items/{id}:/{id}:/content", vec![lit("drives", false), Id, lit("items", false), Id, Colon, lit("content", false)]),
            ("/drives/{id}/root:/{id}", "/drives/{id}/root:/{id}", vec![lit("drives", false), Id, lit("root", false), Colon]),
            ("/drives/{id}/root:/{id}/assignsensitivitylabel", "/drives/{id}/root:/{id}:/assignsensitivitylabel", vec![lit("drives", false), Id, lit("root", false), Colon, lit("assignsensitivitylabel", false)]),
            ("/x/range(a={v}, b={w})", "/x/range(a={id},b={id})", vec![lit("x", false), lit("range", false), Id]),
        ] {
            assert_eq!(parse_template(path), Ok((display.to_owned(), segs)), "{path}");
        }
        assert!(parse_template("/").is_err());
        assert!(parse_template("a/b").is_err());
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn input_splitting() {
        use Seg::{Call, Colon, Hole, Lit};
        for (path, want) in [
            ("/me/drive/root:/a/b.txt:/content", vec![Lit("me"), Lit("drive"), Lit("root"), Colon, Lit("content")]),
            ("/me/drive/root:/a/b.txt", vec![Lit("me"), Lit("drive"), Lit("root"), Colon]),
            ("/drives/{}/items/{}:/a.txt:/content", vec![Lit("drives"), Hole, Lit("items"), Hole, Colon, Lit("content")]),
            ("/reports/getX(period='D7')", vec![Lit("reports"), Call { name: "getX", bare: false }]),
            ("/security/runHuntingQuery()", vec![Lit("security"), Call { name: "runHuntingQuery", bare: true }]),
        ] {
            let mut buf = [Seg::Hole; MAX_SEGMENTS];
            let n = split_input(path, &mut buf).expect("fits");
            assert_eq!(&buf[..n], &want[..], "{path}");
        }
    }

    #[test]
    #[rustfmt::skip] // one case per line
    fn permission_names_are_well_formed() {
        for (name, ok) in [
            ("SecurityAlert.Read.All", true),
            ("AuditLogsQuery-Entra.Read.All", true),
            ("CloudApp-Discovery.Read.All", true),
            ("User.Read", true),
            ("ThreatIndicators.ReadWrite.OwnedBy", true),
            ("eDiscovery.ReadWrite.All", true),
            ("", false),
            ("Security Alert.Read.All", false),
            ("SecurityAlert..Read", false),
            ("SecurityAlert.Read.", false),
            ("-Security.Read", false),
            ("1Security.Read", false),
            ("Security-.Read", false),
        ] {
            assert_eq!(is_permission_name(name), ok, "{name:?}");
        }
    }
}
