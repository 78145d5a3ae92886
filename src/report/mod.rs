//! Renderers of lint findings and verify verdicts. Nothing outside `report/` and `main.rs`
//! prints; renderers write into a `String` the caller sends to stdout.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::finding::{Finding, Severity};
use serde::Serialize;

/// What `lint` found in all the files it read.
#[derive(Debug, Default, Serialize)]
pub struct LintReport {
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct FileSummary {
    pub file: String,
    /// CERTIFICATE blocks in the file, malformed ones and duplicates included.
    pub certificates: usize,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub certificates: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of<'a>(certificates: usize, findings: impl IntoIterator<Item = &'a Finding>) -> Summary {
        let mut s = Summary {
            certificates,
            ..Summary::default()
        };
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// What `verify` decided for every client file.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub truststore: String,
    /// The evaluation time, RFC 3339.
    pub at: String,
    pub results: Vec<VerifyResult>,
}

/// One client's verdict. Field order is the JSON order documented in `docs/json.md`.
#[derive(Debug, Serialize)]
pub struct VerifyResult {
    pub file: String,
    pub subject: Option<String>,
    /// `accepted` or `denied`.
    pub verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The path built from the truststore, client first (partial when denied).
    pub chain: Vec<String>,
}

impl VerifyResult {
    pub fn new(file: String, subject: Option<String>, verdict: crate::chain::Verdict) -> Self {
        let denial = verdict.denial;
        VerifyResult {
            file,
            subject,
            verdict: if denial.is_some() {
                "denied"
            } else {
                "accepted"
            },
            code: denial.as_ref().map(|d| d.code.as_str()),
            inferred: denial.as_ref().map(|d| d.inferred),
            reason: denial.as_ref().map(|d| d.reason.clone()),
            hint: denial.map(|d| d.hint),
            chain: verdict.chain,
        }
    }
}

/// The settings in force, for `truststore config`.
#[derive(Debug, Serialize)]
pub struct EffectiveConfig {
    pub config_file: Option<String>,
    pub ignore: Vec<String>,
    pub warn: Vec<String>,
    pub deny: Vec<String>,
    pub deny_warnings: bool,
    pub expiry_window: String,
    pub ignore_certificates: Vec<IgnoredCertificate>,
}

#[derive(Debug, Serialize)]
pub struct IgnoredCertificate {
    pub sha256: String,
    pub codes: Option<Vec<String>>,
    pub reason: String,
}

impl EffectiveConfig {
    pub fn new(config: &crate::config::Config, selection: &crate::selection::Selection) -> Self {
        use crate::selection::Action;
        let with = |action: Action| -> Vec<String> {
            selection
                .actions
                .iter()
                .filter(|(_, a)| **a == action)
                .map(|(c, _)| c.clone())
                .collect()
        };
        let window = config.expiry_window.unwrap_or(30 * 86_400);
        EffectiveConfig {
            config_file: config.path.as_ref().map(|p| p.display().to_string()),
            ignore: with(Action::Ignore),
            warn: with(Action::Warn),
            deny: with(Action::Deny),
            deny_warnings: selection.deny_warnings,
            expiry_window: humantime::format_duration(std::time::Duration::from_secs(
                window.unsigned_abs(),
            ))
            .to_string(),
            ignore_certificates: selection
                .ignore_certificates
                .iter()
                .map(|ig| IgnoredCertificate {
                    sha256: crate::cert::colon_hex(&ig.sha256),
                    codes: ig.codes.clone(),
                    reason: ig.reason.clone(),
                })
                .collect(),
        }
    }
}

/// ANSI styling, used only when stdout is a terminal and `NO_COLOR` is unset.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn severity(self, severity: Severity, text: &str) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, text)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn green(self, text: &str) -> String {
        self.paint("1;32", text)
    }

    pub fn red(self, text: &str) -> String {
        self.paint("1;31", text)
    }
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
