//! One diagnostic value, rendered by every report format.

use crate::codes::LintCode;
use serde::Serialize;

/// How bad a finding is: errors fail `lint` (exit 1), warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing to fix.
    Info,
    /// Likely a mistake, or trouble later (an expiry).
    Warning,
    /// The service warns, refuses, or denies clients because of it.
    Error,
}

impl Severity {
    /// `info`, `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A problem found in the input. Field order is the JSON order documented in `docs/json.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What the problem is.
    pub code: LintCode,
    /// How bad it is (the rule's default, or as a selection set it).
    pub severity: Severity,
    /// The bundle's name.
    pub file: String,
    /// 1-based line: the certificate's BEGIN line, or the first line of the text concerned.
    pub line: usize,
    /// 0-based index among the file's CERTIFICATE blocks, for a finding about a certificate.
    pub index: Option<usize>,
    /// RFC 4514 subject of that certificate, when it parsed.
    pub subject: Option<String>,
    /// What is wrong, naming the values ("RSA key is 1024 bits; at least 2048 required").
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// What the service of the profile does about it.
    pub aws: &'static str,
}
