//! `claimcheck.toml` (`docs/behaviour.md`, "Configuration"). Parsing only: finding and reading the file is the caller's job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::SeverityMap;
use crate::rules::Rule;
use crate::types::Severity;

/// Names the config file may have, in the order they are looked up.
pub const FILE_NAMES: [&str; 2] = ["claimcheck.toml", ".claimcheck.toml"];

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The `exclude` globs, compiled once.
    pub exclude: globset::GlobSet,
    pub catalog: Vec<String>,
    pub max_file_size: Option<u64>,
    pub severity: SeverityMap,
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
        Ok(Config {
            exclude: exclude.build().map_err(|e| format!("exclude: {e}"))?,
            catalog: raw.catalog,
            max_file_size: raw.max_file_size,
            severity,
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
    }

    #[test]
    fn bad_configs_say_why() {
        let cases = [
            ("[severity]\nno-such-rule = \"error\"", "unknown rule 'no-such-rule'"),
            ("[severity]\nhardcoded-token = \"loud\"", "use error, warning"),
            ("exclude = \"x\"", "invalid type"),
            ("colour = true", "unknown field"),
            ("exclude = [\"a[\"]", "exclude pattern"),
        ];
        for (text, want) in cases {
            let err = Config::parse(text).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
