//! Which findings are reported and at what severity: `--ignore`, `--warn`, `--deny` and the
//! config file, merged once and applied in one place after the rules ran (as cargo-deny does),
//! never as `if`s inside the rules.

use crate::cli::config::{CertificateIgnore, Config};
use crate::codes::LintCode;
use crate::lint::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Action {
    Ignore,
    Warn,
    Deny,
}

/// The effective selection: per-code actions, whether warnings are denied, certificate ignores.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// By lint code (codes only `verify` emits, such as `self-signed`, select nothing here).
    pub actions: BTreeMap<LintCode, Action>,
    pub deny_warnings: bool,
    pub ignore_certificates: Vec<CertificateIgnore>,
}

impl Selection {
    /// Config first, then the command line: the last word on a code wins.
    pub(crate) fn new(
        config: &Config,
        ignore: &[String],
        warn: &[String],
        deny: &[String],
        deny_warnings: bool,
    ) -> Self {
        let mut s = Selection {
            deny_warnings,
            ignore_certificates: config.ignore_certificates.clone(),
            ..Default::default()
        };
        let layers = [
            (&config.ignore[..], &config.warn[..], &config.deny[..]),
            (ignore, warn, deny),
        ];
        for (ignore, warn, deny) in layers {
            for (codes, action) in [
                (ignore, Action::Ignore),
                (warn, Action::Warn),
                (deny, Action::Deny),
            ] {
                for code in codes {
                    if code == "warnings" {
                        s.deny_warnings = true;
                    } else if let Some(code) = LintCode::from_code(code) {
                        s.actions.insert(code, action);
                    }
                }
            }
        }
        s
    }

    /// Applies the selection. `fingerprint` gives the SHA-256 of the certificate a finding is
    /// about, if any.
    pub(crate) fn apply(
        &self,
        findings: Vec<Finding>,
        fingerprint: impl Fn(&Finding) -> Option<[u8; 32]>,
    ) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                let Some(fp) = fingerprint(f) else {
                    return true;
                };
                !self.ignore_certificates.iter().any(|ig| {
                    ig.sha256 == fp
                        && ig
                            .codes
                            .as_ref()
                            .is_none_or(|codes| codes.iter().any(|c| c == f.code.as_str()))
                })
            })
            .filter_map(|mut f| {
                match self.actions.get(&f.code) {
                    Some(Action::Ignore) => return None,
                    Some(Action::Warn) => f.severity = Severity::Warning,
                    Some(Action::Deny) => f.severity = Severity::Error,
                    None => {}
                }
                if self.deny_warnings && f.severity == Severity::Warning {
                    f.severity = Severity::Error;
                }
                Some(f)
            })
            .collect()
    }
}

/// Validates codes given on the command line.
pub(super) fn check_codes(codes: &[String], flag: &str) -> anyhow::Result<()> {
    for code in codes {
        let known =
            crate::explain::by_code(code).is_some() || (flag == "--deny" && code == "warnings");
        if !known {
            anyhow::bail!("{flag}: unknown code '{code}' (`truststore explain --all` lists them)");
        }
    }
    Ok(())
}
