//! `truststore diff OLD NEW`: what changes when the domain moves to a new truststore — the
//! certificates added, removed and kept (by SHA-256 fingerprint), the findings that appear or
//! disappear, and the clients whose verdict flips. Accepted -> denied is the one that matters.

use crate::app::{lint_options, lint_parsed, Outcome, Settings};
use crate::cert::colon_hex;
use crate::cli::{DiffArgs, Format};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::report::VerifyResult;
use crate::when::rfc3339;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct DiffReport {
    pub old: String,
    pub new: String,
    pub at: String,
    pub certificates: CertificateChanges,
    pub findings: FindingChanges,
    pub clients: Vec<ClientChange>,
}

#[derive(Debug, Serialize)]
pub struct CertificateChanges {
    pub added: Vec<CertificateRef>,
    pub removed: Vec<CertificateRef>,
    pub kept: usize,
}

#[derive(Debug, Serialize)]
pub struct CertificateRef {
    pub subject: String,
    pub not_after: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct FindingChanges {
    pub appeared: Vec<Finding>,
    pub disappeared: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct ClientChange {
    pub file: String,
    pub subject: Option<String>,
    /// `accepted` or `denied`, with the old and the new truststore.
    pub old: &'static str,
    pub new: &'static str,
    pub changed: bool,
    /// The denial with the new truststore, if denied.
    pub code: Option<&'static str>,
    pub reason: Option<String>,
    pub hint: Option<String>,
}

pub fn command(args: &DiffArgs, settings: &Settings) -> Outcome {
    match run(args, settings) {
        Ok((report, errors)) => {
            let flipped = report
                .clients
                .iter()
                .any(|c| c.old == "accepted" && c.new == "denied");
            let new_error = report
                .findings
                .appeared
                .iter()
                .any(|f| f.severity == Severity::Error);
            let stdout = match args.format {
                Format::Human => {
                    crate::report::human::diff(&report, settings.style, settings.quiet)
                }
                Format::Json => crate::report::json::diff(&report),
            };
            let exit_code = if !errors.is_empty() {
                2
            } else {
                u8::from(flipped || new_error)
            };
            Outcome {
                stdout,
                errors,
                exit_code,
            }
        }
        Err(e) => Outcome::failed(format!("{e:#}")),
    }
}

fn run(args: &DiffArgs, settings: &Settings) -> Result<(DiffReport, Vec<String>)> {
    let config = settings.config()?;
    let selection = settings.selection(&config, &args.selection)?;
    let options = lint_options(&args.time, &config);
    let (old_source, new_source) = (settings.load(&args.old)?, settings.load(&args.new)?);
    let old = LintContext::new(&old_source, options)?;
    let new = LintContext::new(&new_source, options)?;

    let fingerprints = |ctx: &LintContext| -> BTreeMap<[u8; 32], CertificateRef> {
        ctx.certificates()
            .map(|(_, _, c)| {
                let r = CertificateRef {
                    subject: c.subject.clone(),
                    not_after: rfc3339(c.not_after),
                    sha256: colon_hex(&c.fingerprint),
                };
                (c.fingerprint, r)
            })
            .collect()
    };
    let (mut before, mut after) = (fingerprints(&old), fingerprints(&new));
    let kept: Vec<[u8; 32]> = before
        .keys()
        .filter(|k| after.contains_key(*k))
        .copied()
        .collect();
    for k in &kept {
        before.remove(k);
        after.remove(k);
    }
    let certificates = CertificateChanges {
        added: after.into_values().collect(),
        removed: before.into_values().collect(),
        kept: kept.len(),
    };

    // Findings are the same finding when code, certificate and message agree (lines move).
    let keyed = |ctx: &LintContext| -> Vec<(String, Finding)> {
        lint_parsed(ctx, &selection)
            .findings
            .into_iter()
            .map(|f| {
                let cert = ctx
                    .fingerprint_at(f.index)
                    .map(|fp| colon_hex(&fp))
                    .unwrap_or_default();
                (format!("{}|{cert}|{}", f.code, f.message), f)
            })
            .collect()
    };
    let (old_findings, new_findings) = (keyed(&old), keyed(&new));
    let appeared = minus(&new_findings, &old_findings);
    let disappeared = minus(&old_findings, &new_findings);

    let mut clients = Vec::new();
    let mut errors = Vec::new();
    for path in &args.clients {
        let checked = settings.load(path).and_then(|source| {
            let file = LintContext::new(&source, options)?;
            let before = crate::verify::verify_parsed(&old, &file, options.at);
            let after = crate::verify::verify_parsed(&new, &file, options.at);
            Ok(change(before, after))
        });
        match checked {
            Ok(c) => clients.push(c),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let report = DiffReport {
        old: old_source.name.clone(),
        new: new_source.name.clone(),
        at: rfc3339(options.at),
        certificates,
        findings: FindingChanges {
            appeared,
            disappeared,
        },
        clients,
    };
    Ok((report, errors))
}

/// The findings of `a` not matched one for one by a finding of `b` (a multiset difference).
fn minus(a: &[(String, Finding)], b: &[(String, Finding)]) -> Vec<Finding> {
    let mut available: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, _) in b {
        *available.entry(key.as_str()).or_default() += 1;
    }
    a.iter()
        .filter(|(key, _)| match available.get_mut(key.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|(_, f)| f.clone())
        .collect()
}

fn change(before: VerifyResult, after: VerifyResult) -> ClientChange {
    ClientChange {
        file: after.file,
        subject: after.subject,
        old: before.verdict,
        new: after.verdict,
        changed: before.verdict != after.verdict,
        code: after.code,
        reason: after.reason,
        hint: after.hint,
    }
}
