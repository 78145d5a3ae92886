//! The JSON format: one document on stdout, fields as documented in `docs/json.md`.

use super::LintReport;

pub fn lint(report: &LintReport) -> String {
    let mut text = serde_json::to_string_pretty(report)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot serialise report: {e}\"}}"));
    text.push('\n');
    text
}
