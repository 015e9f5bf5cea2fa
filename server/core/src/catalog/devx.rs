//! Graph Explorer's permission map (`permissions/new/permissions.json` of
//! microsoftgraph/microsoft-graph-devx-content) as extra data: read the way the built-in catalog
//! reads the same map's facts (`least=` and `AlsoRequires=` markers, privilege levels, admin
//! consent, resource-specific consent, personal accounts).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use super::model::{method_index, MapMode, MapPath, Model, PermFacts, RawEntry, RawRow, SchemeFacts};
use super::own::parse_method;
use super::syntax::parse_template;

#[derive(Deserialize)]
struct DevxFile {
    permissions: BTreeMap<String, DevxPermission>,
}

#[derive(Deserialize)]
struct DevxPermission {
    #[serde(default, rename = "authorizationType")]
    authorization_type: Option<String>,
    #[serde(default)]
    schemes: HashMap<String, DevxScheme>,
    #[serde(default, rename = "pathSets")]
    path_sets: Vec<DevxPathSet>,
}

#[derive(Deserialize)]
struct DevxScheme {
    #[serde(default, rename = "privilegeLevel")]
    privilege_level: Option<u32>,
    #[serde(default, rename = "requiresAdminConsent")]
    requires_admin_consent: Option<bool>,
}

#[derive(Deserialize)]
struct DevxPathSet {
    #[serde(default, rename = "schemeKeys")]
    scheme_keys: Vec<String>,
    #[serde(default)]
    methods: Vec<String>,
    #[serde(default)]
    paths: BTreeMap<String, String>,
}

/// The map's scheme names, in table order.
const SCHEMES: [&str; 3] = ["DelegatedWork", "Application", "DelegatedPersonal"];

/// Reads the map's markers for one path: the schemes marked least privileged, and the partners
/// one of which the permission needs as well.
fn markers(text: &str) -> (Vec<&str>, BTreeSet<String>) {
    let (mut least, mut also) = (Vec::new(), BTreeSet::new());
    for part in text.split(';').map(str::trim) {
        if let Some(l) = part.strip_prefix("least=") {
            least.extend(l.split(',').map(str::trim).filter(|s| !s.is_empty()));
        } else if let Some(a) = part.strip_prefix("AlsoRequires=") {
            also.extend(a.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned));
        }
    }
    (least, also)
}

/// Merges a Graph Explorer `permissions.json` into `model`. Rows replace the rows they match,
/// except where they accept exactly what a row there accepts (it keeps its curated sets).
pub fn load(model: &mut Model, text: &str) -> Result<(), String> {
    let file: DevxFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut facts = BTreeMap::new();
    let mut paths = Vec::new();
    for (name, perm) in &file.permissions {
        let mut f = PermFacts { rsc: perm.authorization_type.as_deref() == Some("RSC"), ..PermFacts::default() };
        for (s, key) in SCHEMES.iter().enumerate() {
            if let Some(sc) = perm.schemes.get(*key) {
                f.schemes[s] =
                    SchemeFacts { exists: true, level: sc.privilege_level, admin: sc.requires_admin_consent, id: None };
            }
        }
        facts.insert(name.clone(), f);
        for set in &perm.path_sets {
            let kinds: Vec<usize> =
                set.scheme_keys.iter().filter_map(|k| SCHEMES.iter().position(|s| s == k)).collect();
            if kinds.is_empty() {
                continue;
            }
            let methods = set
                .methods
                .iter()
                .map(|m| parse_method(m).map_err(|e| format!("permission {name:?}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            for (path, flags) in &set.paths {
                let (display, segs) =
                    parse_template(path).map_err(|e| format!("permission {name:?}, path {path:?}: {e}"))?;
                let (least, also) = markers(flags);
                let mut raw = RawRow::default();
                for &k in &kinds {
                    let entry = RawEntry { least: least.contains(&SCHEMES[k]), also: also.clone() };
                    raw.schemes[k].insert(name.clone(), entry);
                }
                let calls = methods.iter().map(|&m| (method_index(m), raw.clone())).collect();
                paths.push(MapPath { display, segs, calls });
            }
        }
    }
    model.apply_map(&facts, paths, MapMode::Extra { keep_same: true });
    Ok(())
}
