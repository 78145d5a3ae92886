//! One diagnostic value, rendered by every report format.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where in a file a finding points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line of the block's BEGIN line, or of the first line of stray text.
    pub line: usize,
    /// 0-based index among the file's CERTIFICATE blocks.
    pub index: Option<usize>,
    /// RFC 4514 subject of the certificate.
    pub subject: Option<String>,
}

/// A problem found in the input. Field order is the JSON order documented in `docs/json.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub index: Option<usize>,
    pub subject: Option<String>,
    pub message: String,
    pub hint: String,
    /// What API Gateway does about it.
    pub aws: &'static str,
}

/// Joins at most `max` of `items` with ", " and says how many of `total` were left out, so
/// that a hostile input (thousands of candidates) cannot make one message huge.
pub fn join_capped(items: &[String], max: usize, total: usize) -> String {
    let shown = items.len().min(max);
    let mut text = items
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if total > shown {
        text.push_str(&format!(" and {} more", total - shown));
    }
    text
}
