//! `claimcheck.toml` (`docs/behaviour.md`, "Configuration"). Parsing only: finding and reading the file is the caller's job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::SeverityMap;
use crate::rules::Rule;
use crate::types::{Severity, TokenKind};

/// Names the config file may have, in the order they are looked up.
pub const FILE_NAMES: [&str; 2] = ["claimcheck.toml", ".claimcheck.toml"];

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The `exclude` globs, compiled once.
    pub exclude: globset::GlobSet,
    pub catalog: Vec<String>,
    pub max_file_size: Option<u64>,
    pub severity: SeverityMap,
    /// `[[app]]` entries (`docs/behaviour.md`, "The workspace"): when there are any, they alone
    /// say which app a call belongs to.
    pub apps: Vec<AppEntry>,
}

/// One `[[app]]` entry of `claimcheck.toml`.
#[derive(Debug, Clone)]
pub struct AppEntry {
    pub name: String,
    /// The globs as written, for messages.
    pub paths: Vec<String>,
    /// The calls of this app: files whose workspace-relative path matches.
    pub path_set: globset::GlobSet,
    /// Where its grants are declared: workspace-relative paths or globs.
    pub declarations: Vec<String>,
    pub declaration_set: globset::GlobSet,
    /// How its calls sign in, when the config says.
    pub kind: Option<TokenKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    catalog: Vec<String>,
    #[serde(default)]
    max_file_size: Option<u64>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    app: Vec<RawApp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    name: String,
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    declarations: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
}

fn glob_set(what: &str, patterns: &[String]) -> Result<globset::GlobSet, String> {
    let mut b = globset::GlobSetBuilder::new();
    for pattern in patterns {
        let g = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|e| format!("{what} pattern '{pattern}': {e}"))?;
        b.add(g);
    }
    b.build().map_err(|e| format!("{what}: {e}"))
}

fn app_entry(raw: RawApp, seen: &mut Vec<String>) -> Result<AppEntry, String> {
    let name = raw.name.trim().to_owned();
    if name.is_empty() {
        return Err("[[app]] needs a name".to_owned());
    }
    if seen.contains(&name) {
        return Err(format!("[[app]] name '{name}' is used twice"));
    }
    seen.push(name.clone());
    if raw.paths.is_empty() {
        return Err(format!("[[app]] '{name}' needs paths: the globs of the files holding its calls"));
    }
    let kind = match raw.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("application") => Some(TokenKind::Application),
        Some("delegated") => Some(TokenKind::Delegated),
        Some(other) => return Err(format!("[[app]] '{name}': kind is '{other}': use application or delegated")),
    };
    Ok(AppEntry {
        path_set: glob_set(&format!("[[app]] '{name}' paths"), &raw.paths)?,
        declaration_set: glob_set(&format!("[[app]] '{name}' declarations"), &raw.declarations)?,
        name,
        paths: raw.paths,
        declarations: raw.declarations,
        kind,
    })
}

/// Reads a severity override table: rule id → level or `off`.
pub fn parse_severities<'a>(entries: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<SeverityMap, String> {
    let mut map = SeverityMap::new();
    for (id, level) in entries {
        let rule = Rule::from_id(id).ok_or_else(|| {
            let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
            format!("unknown rule '{id}' in severity (rules: {})", ids.join(", "))
        })?;
        let sev = if level.eq_ignore_ascii_case("off") {
            None
        } else {
            Some(Severity::parse(level).ok_or_else(|| {
                format!("severity of '{id}' is '{level}': use error, warning, information, hint or off")
            })?)
        };
        map.insert(rule, sev);
    }
    Ok(map)
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let severity = parse_severities(raw.severity.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
        let mut exclude = globset::GlobSetBuilder::new();
        for pattern in &raw.exclude {
            exclude.add(globset::Glob::new(pattern).map_err(|e| format!("exclude pattern '{pattern}': {e}"))?);
        }
        let mut seen = Vec::new();
        let apps = raw.app.into_iter().map(|a| app_entry(a, &mut seen)).collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            exclude: exclude.build().map_err(|e| format!("exclude: {e}"))?,
            catalog: raw.catalog,
            max_file_size: raw.max_file_size,
            severity,
            apps,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config() {
        let c = Config::parse(
            r#"
exclude = ["vendor/**", "**/*.min.js"]
catalog = ["graph-permissions.json"]
max_file_size = 10485760
[severity]
hardcoded-token = "information"
over-privileged = "off"
"#,
        )
        .unwrap();
        assert_eq!(c.exclude.len(), 2);
        assert_eq!(c.max_file_size, Some(10485760));
        assert_eq!(c.severity.get(&Rule::HardcodedToken), Some(&Some(Severity::Information)));
        assert_eq!(c.severity.get(&Rule::OverPrivileged), Some(&None));
        assert!(c.apps.is_empty());
    }

    #[test]
    fn app_entries() {
        let c = Config::parse(
            r#"
[[app]]
name = "soc-collector"
paths = ["collector/**"]
declarations = ["infra/collector.tf", "collector/auth.py"]
kind = "application"

[[app]]
name = "portal"
paths = ["web/**", "./shared/*.ts"]
"#,
        )
        .unwrap();
        assert_eq!(c.apps.len(), 2);
        let a = &c.apps[0];
        assert_eq!((a.name.as_str(), a.kind), ("soc-collector", Some(TokenKind::Application)));
        assert!(a.path_set.is_match("collector/poll.py") && !a.path_set.is_match("web/collector/x.py"));
        assert!(a.declaration_set.is_match("infra/collector.tf"));
        let p = &c.apps[1];
        assert!(p.kind.is_none() && p.path_set.is_match("shared/a.ts") && !p.path_set.is_match("shared/x/a.ts"));
    }

    #[test]
    fn bad_configs_say_why() {
        let cases = [
            ("[severity]\nno-such-rule = \"error\"", "unknown rule 'no-such-rule'"),
            ("[severity]\nhardcoded-token = \"loud\"", "use error, warning"),
            ("exclude = \"x\"", "invalid type"),
            ("colour = true", "unknown field"),
            ("exclude = [\"a[\"]", "exclude pattern"),
            ("[[app]]\nname = \"a\"", "needs paths"),
            ("[[app]]\nname = \"a\"\npaths = [\"a/**\"]\nkind = \"robot\"", "use application or delegated"),
            ("[[app]]\nname = \"a\"\npaths = [\"x\"]\n[[app]]\nname = \"a\"\npaths = [\"y\"]", "used twice"),
            ("[[app]]\nname = \"a\"\npaths = [\"x\"]\ncolour = 1", "unknown field"),
        ];
        for (text, want) in cases {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
