//! `truststore lint`: every problem the chosen service would raise for each bundle, plus
//! hygiene, after the rule selection of the flags and the config file.

use crate::cli::args::{self, LintArgs, TimeArgs};
use crate::cli::config::Config;
use crate::cli::report::{FileSummary, InputError, LintReport, Summary};
use crate::cli::selection::Selection;
use crate::cli::{profile_of, truststore_path, under_profile, Inputs, Ran};
use crate::lint::finding::{Finding, Severity};
use crate::lint::{self, LintOptions};
use crate::profile::Profile;
use crate::truststore::Truststore;
use anyhow::Result;

pub(crate) fn run(args: &LintArgs, inputs: &Inputs) -> Result<Ran<LintReport>> {
    let config = inputs.config()?;
    let selection = inputs.selection(&config, &args.judging.selection)?;
    let options = lint_options(&args.judging.time, args.judging.quota, &config);
    let profile = profile_of(args.judging.profile.profile, &config);
    let bundles = if args.bundles.is_empty() {
        vec![truststore_path(None, &config, "a BUNDLE argument")?]
    } else {
        args.bundles.clone()
    };
    let mut report = LintReport {
        profile: profile.name,
        at: crate::when::rfc3339(options.at),
        ..LintReport::default()
    };
    let mut errors = Vec::new();
    for path in &bundles {
        // The file's text is freed once parsed, before the rules run.
        let linted = inputs
            .certificates(path)
            .and_then(|source| Ok(Truststore::from_owned(source)?))
            .map_err(|e| under_profile(e, profile))
            .map(|ts| lint_parsed(&ts, profile, options, &selection));
        match linted {
            Ok(file) => {
                report.files.push(FileSummary {
                    file: file.file,
                    certificates: file.certificates,
                    refused: file.refused,
                    ignored: file.ignored,
                    findings: file.findings.len(),
                });
                report.findings.extend(file.findings);
            }
            Err(e) => {
                let message = format!("{e:#}");
                report.errors.push(InputError {
                    file: path.display().to_string(),
                    message: message.clone(),
                });
                errors.push(message);
            }
        }
    }
    let certificates = report.files.iter().map(|f| f.certificates).sum();
    report.summary = Summary::of(certificates, &report.findings);
    report.summary.ignored = report.files.iter().map(|f| f.ignored).sum();
    let failing = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(Ran {
        report,
        errors,
        failing,
    })
}

/// One linted file: its findings after selection, and its certificate count.
pub(crate) struct LintedFile {
    pub(crate) file: String,
    pub(crate) certificates: usize,
    pub(crate) findings: Vec<Finding>,
    /// What the service says as it refuses the whole bundle, if a finding makes it do so.
    pub(crate) refused: Option<&'static str>,
    /// Findings the selection left out.
    pub(crate) ignored: usize,
}

/// Lints one parsed bundle and applies the selection (ignores by fingerprint included).
pub(crate) fn lint_parsed(
    ts: &Truststore,
    profile: &'static Profile,
    options: LintOptions,
    selection: &Selection,
) -> LintedFile {
    let all = lint::run(ts, profile, options);
    let before = all.len();
    let findings = selection.apply(all, |f| ts.fingerprint_at(f.index));
    let ignored = before.saturating_sub(findings.len());
    let refusing = profile.refusing_codes();
    let refused = findings
        .iter()
        .any(|f| f.severity == Severity::Error && refusing.contains(&f.code))
        .then_some(profile.refusal.value.message);
    LintedFile {
        file: ts.file.clone(),
        certificates: ts.entries.len(),
        refused,
        ignored,
        findings,
    }
}

/// `--at`; `--expiry-window` or the config's, or 30 days; `--quota` or the config's.
pub(crate) fn lint_options(time: &TimeArgs, quota: Option<usize>, config: &Config) -> LintOptions {
    LintOptions {
        at: args::at_or_now(time.at),
        expiry_window: time
            .expiry_window
            .or(config.expiry_window)
            .unwrap_or(LintOptions::DEFAULT_EXPIRY_WINDOW),
        certificate_quota: quota.or(config.quota),
    }
}
