//! Checks the built-in catalog against the reference data it was generated from, and the Graph
//! Explorer loader against the real `permissions.json`.
//!
//! The reference directory is `$CLAIMCHECK_REFERENCE_DIR`, else `shared/reference` beside the
//! repository.

use std::collections::BTreeSet;
use std::path::PathBuf;

use claimcheck_core::catalog::{Catalog, Lookup};
use claimcheck_core::types::{Method, Version};
use serde_json::Value;

fn reference_dir() -> PathBuf {
    match std::env::var_os("CLAIMCHECK_REFERENCE_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference"),
    }
}

fn read(name: &str) -> String {
    let path = reference_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read reference file {} ({e}); set CLAIMCHECK_REFERENCE_DIR to the folder \
             holding graph_security_endpoints.json, security-paths.json and devx-permissions.json",
            path.display()
        )
    })
}

fn json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"))
}

fn version(v: &Value) -> Version {
    Version::parse(v.as_str().expect("version is a string")).expect("known version")
}

fn method(m: &Value) -> Method {
    Method::parse(m.as_str().expect("method is a string")).expect("known method")
}

fn names(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .expect("a list of permissions")
        .iter()
        .map(|p| p.as_str().expect("permission name").to_owned())
        .collect()
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
}

#[test]
fn builtin_covers_every_endpoint_row() {
    let doc = json("graph_security_endpoints.json");
    let rows = doc["endpoints"].as_array().expect("endpoints list");
    assert!(rows.len() > 700, "only {} endpoint rows", rows.len());
    let c = Catalog::builtin();
    let mut failures = Vec::new();
    for row in rows {
        let (v, m) = (version(&row["version"]), method(&row["method"]));
        let path = row["path"].as_str().expect("path");
        let here = format!("{m} /{v}{path}");
        let delegated = names(&row["delegated_work"]);
        let application = names(&row["application"]);
        let mut got = c.lookup(v, m, path);
        if row.get("source_anomaly").is_some() {
            // A malformed source path is taken in its normalised form: either it already matches
            // (case, function parentheses) or it is a typo the catalog suggests the fix for.
            if let Lookup::Unknown { suggestion: Some(s), .. } = &got {
                got = c.lookup(v, m, s);
            }
        }
        match got {
            Lookup::Endpoint(e) => {
                if set(&e.delegated) != delegated || set(&e.application) != application {
                    failures.push(format!("{here}: permissions {:?} / {:?}", e.delegated, e.application));
                }
                if e.inferred != row["inferred"].as_bool().unwrap_or(false) {
                    failures.push(format!("{here}: inferred flag"));
                }
                if e.deprecation.is_some() != row["deprecated"].as_bool().unwrap_or(false) {
                    failures.push(format!("{here}: deprecation"));
                }
            }
            Lookup::NoPermissionData { .. } if delegated.is_empty() && application.is_empty() => {
                if !c.publishes_no_permission(v, m, path) {
                    failures.push(format!("{here}: not marked as publishing no permission"));
                }
            }
            other => failures.push(format!("{here}: {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{} rows not covered:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn builtin_knows_every_security_path() {
    let doc = json("security-paths.json");
    let rows = doc["paths"].as_array().expect("paths list");
    let c = Catalog::builtin();
    let mut failures = Vec::new();
    let mut per_version = [0usize; 2];
    for row in rows {
        let v = version(&row["version"]);
        per_version[usize::from(v == Version::Beta)] += 1;
        let path = row["path"].as_str().expect("path");
        let methods: Vec<Method> = row["methods"].as_array().expect("methods").iter().map(method).collect();
        let known = c.methods_for(v, path);
        for &m in &methods {
            if !known.contains(&m) {
                failures.push(format!("{m} /{v}{path}: known methods {known:?}"));
                continue;
            }
            match c.lookup(v, m, path) {
                Lookup::Endpoint(_) | Lookup::NoPermissionData { .. } => {}
                other => failures.push(format!("{m} /{v}{path}: {other:?}")),
            }
        }
    }
    assert!(per_version[0] > 400 && per_version[1] > 600, "reference too small: {per_version:?}");
    assert!(failures.is_empty(), "{} paths not covered:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn builtin_role_ids_match_the_reference() {
    let doc = json("graph_security_endpoints.json");
    let roles = doc["roles"].as_object().expect("roles map");
    let c = Catalog::builtin();
    for (name, id) in roles {
        let id = id.as_str().expect("role id");
        assert_eq!(c.role_name(id), Some(name.as_str()), "{name}");
    }
}

#[test]
fn graph_explorer_permissions_file_loads_as_extra_data() {
    let text = read("devx-permissions.json");
    let builtin = Catalog::builtin();
    let c = builtin.with_extra(&text).expect("Graph Explorer permissions.json loads");
    assert_eq!(builtin.lookup(Version::V1, Method::Get, "/me"), Lookup::OutOfScope);
    for (v, m, path, expect) in [
        (Version::V1, Method::Get, "/me", "User.Read"),
        (Version::Beta, Method::Get, "/me", "User.Read"),
        (Version::V1, Method::Get, "/users/{}", "User.Read.All"),
        (Version::V1, Method::Get, "/me/messages", "Mail.Read"),
    ] {
        match c.lookup(v, m, path) {
            Lookup::Endpoint(e) => assert!(
                e.delegated.iter().chain(&e.application).any(|p| p == expect),
                "{m} /{v}{path}: {:?} / {:?}",
                e.delegated,
                e.application
            ),
            other => panic!("{m} /{v}{path}: {other:?}"),
        }
    }
    // Version-agnostic data does not make a beta-only path valid in v1.0.
    assert!(matches!(
        c.lookup(Version::V1, Method::Get, "/security/tiIndicators"),
        Lookup::Unknown { in_other_version: true, .. }
    ));
    // The same accepted permissions as a built-in row keep the built-in's curated least set.
    let Lookup::Endpoint(e) = c.lookup(Version::V1, Method::Post, "/security/auditLog/queries") else {
        panic!("auditLog/queries lost its row");
    };
    assert!(e.least_delegated.iter().any(|p| p == "AuditLogsQuery-Exchange.Read.All"), "{:?}", e.least_delegated);
    assert!(c.endpoints().count() > 5 * builtin.endpoints().count());
}
