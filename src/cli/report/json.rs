//! The JSON format: one document on stdout, fields as documented in `docs/json.md`.

use super::{LintReport, VerifyReport};
use serde::Serialize;

pub(crate) fn lint(report: &LintReport) -> String {
    document(report)
}

pub(crate) fn verify(report: &VerifyReport) -> String {
    document(report)
}

pub(crate) fn explain(entries: &[crate::explain::Explanation]) -> String {
    #[derive(Serialize)]
    struct Codes<'a> {
        codes: &'a [crate::explain::Explanation],
    }
    document(&Codes { codes: entries })
}

pub(crate) fn inspect(report: &super::InspectReport) -> String {
    document(report)
}

pub(crate) fn key_match(report: &super::MatchReport) -> String {
    document(report)
}

pub(crate) fn config(c: &super::EffectiveConfig) -> String {
    document(c)
}

#[cfg(feature = "probe")]
pub(crate) fn probe(report: &super::ProbeReport) -> String {
    document(report)
}

pub(crate) fn crl(report: &super::CrlReport) -> String {
    document(report)
}

pub(crate) fn access_log(report: &super::AccessLogReport) -> String {
    document(report)
}

pub(crate) fn events(report: &super::EventReport) -> String {
    document(report)
}

pub(crate) fn diff(report: &super::DiffReport) -> String {
    document(report)
}

/// The version of every command's JSON document, its first field `"schema"`: raised on a change
/// that breaks a reader (a field removed, renamed or retyped), not on a field added.
pub(crate) const SCHEMA: u64 = 1;

fn document(value: &impl Serialize) -> String {
    // Plain structs of strings, numbers and options: serialising them cannot fail.
    let value = match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(fields)) => {
            let mut with_schema = serde_json::Map::new();
            with_schema.insert("schema".into(), SCHEMA.into());
            with_schema.extend(fields);
            serde_json::Value::Object(with_schema)
        }
        Ok(other) => other,
        Err(_) => serde_json::Value::Null,
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
