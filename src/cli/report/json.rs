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

fn document(value: &impl Serialize) -> String {
    // Plain structs of strings, numbers and options: serialising them cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
