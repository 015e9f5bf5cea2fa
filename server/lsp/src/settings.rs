//! The `claimcheck` settings (`docs/behaviour.md`, "Configuration"): one lenient, typed struct.
//!
//! Settings arrive from `initializationOptions`, `workspace/didChangeConfiguration` and
//! `workspace/configuration`, each possibly wrapped in `{"claimcheck": {...}}`. A bad value is
//! reported once and replaced by its default; the rest of the object still applies.

use serde_json::Value;

use claimcheck_core::analysis::SeverityMap;
use claimcheck_core::config::parse_severities;

pub const DEFAULT_MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub token: Option<String>,
    pub token_file: Option<String>,
    pub token_command: Option<Vec<String>>,
    pub severity: SeverityMap,
    pub inlay_hints: bool,
    pub catalog_paths: Vec<String>,
    pub max_file_size: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            token: None,
            token_file: None,
            token_command: None,
            severity: SeverityMap::new(),
            inlay_hints: true,
            catalog_paths: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

fn opt_string(v: &Value, key: &str, problems: &mut Vec<String>) -> Option<String> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            problems.push(format!("{key} must be a string"));
            None
        }
    }
}

fn string_array(v: &Value, key: &str, problems: &mut Vec<String>) -> Option<Vec<String>> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) => {
            let strings: Option<Vec<String>> = items.iter().map(|i| i.as_str().map(str::to_owned)).collect();
            if strings.is_none() {
                problems.push(format!("{key} must be an array of strings"));
            }
            strings
        }
        Some(_) => {
            problems.push(format!("{key} must be an array of strings"));
            None
        }
    }
}

impl Settings {
    /// Reads settings from a JSON value; returns them and what was wrong with it.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut s = Settings::default();
        let v = match value.get("claimcheck") {
            Some(inner) if inner.is_object() => inner,
            Some(Value::Null) | None => value,
            Some(_) => {
                problems.push("the claimcheck section must be an object".to_owned());
                return (s, problems);
            }
        };
        match v {
            Value::Object(_) => {}
            Value::Null => return (s, problems),
            _ => {
                problems.push("settings must be an object".to_owned());
                return (s, problems);
            }
        }
        s.token = opt_string(v, "token", &mut problems);
        s.token_file = opt_string(v, "tokenFile", &mut problems);
        s.token_command = string_array(v, "tokenCommand", &mut problems).filter(|c| !c.is_empty());
        s.catalog_paths = string_array(v, "catalogPaths", &mut problems).unwrap_or_default();
        match v.get("inlayHints") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => s.inlay_hints = *b,
            Some(_) => problems.push("inlayHints must be true or false".to_owned()),
        }
        match v.get("maxFileSize") {
            None | Some(Value::Null) => {}
            Some(n) => match n.as_u64() {
                Some(n) if n > 0 => s.max_file_size = n,
                _ => problems.push("maxFileSize must be a positive number of bytes".to_owned()),
            },
        }
        match v.get("severity") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                let mut pairs = Vec::new();
                for (k, val) in map {
                    match val.as_str() {
                        Some(level) => pairs.push((k.as_str(), level)),
                        None => problems.push(format!("severity of '{k}' must be a string")),
                    }
                }
                for (k, level) in pairs {
                    match parse_severities([(k, level)]) {
                        Ok(m) => s.severity.extend(m),
                        Err(e) => problems.push(e),
                    }
                }
            }
            Some(_) => problems.push("severity must be an object of rule id → level".to_owned()),
        }
        (s, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use claimcheck_core::rules::Rule;
    use claimcheck_core::types::Severity;
    use serde_json::json;

    #[test]
    fn reads_wrapped_and_bare_settings() {
        let (s, p) = Settings::from_json(&json!({"claimcheck": {"token": "t", "inlayHints": false,
            "tokenCommand": ["az", "account", "get-access-token"], "maxFileSize": 10,
            "severity": {"hardcoded-token": "off", "missing-role": "hint"}, "catalogPaths": ["a.json"]}}));
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(s.token.as_deref(), Some("t"));
        assert!(!s.inlay_hints);
        assert_eq!(s.token_command.as_ref().unwrap().len(), 3);
        assert_eq!(s.max_file_size, 10);
        assert_eq!(s.severity.get(&Rule::HardcodedToken), Some(&None));
        assert_eq!(s.severity.get(&Rule::MissingRole), Some(&Some(Severity::Hint)));
        let (bare, _) = Settings::from_json(&json!({"tokenFile": "f"}));
        assert_eq!(bare.token_file.as_deref(), Some("f"));
    }

    #[test]
    fn bad_values_fall_back_to_defaults_and_are_reported() {
        let (s, p) = Settings::from_json(&json!({"token": 5, "inlayHints": "yes", "maxFileSize": -1,
            "severity": {"nope": "error", "hardcoded-token": "off"}, "tokenCommand": "az"}));
        assert_eq!(s.token, None);
        assert!(s.inlay_hints);
        assert_eq!(s.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(s.severity.get(&Rule::HardcodedToken), Some(&None));
        assert_eq!(p.len(), 5, "{p:?}");
        let (_, p) = Settings::from_json(&json!([1, 2]));
        assert_eq!(p.len(), 1);
    }
}
