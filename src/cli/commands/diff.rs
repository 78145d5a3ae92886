//! `truststore diff OLD NEW`: what changes when the domain moves to a new truststore — the
//! certificates added, removed and kept (by SHA-256 fingerprint), the findings that appear or
//! disappear, and the clients whose verdict flips. Accepted -> denied is the one that matters.

use crate::cli::args::DiffArgs;
use crate::cli::commands::lint::{lint_options, lint_parsed};
use crate::cli::commands::verify::verify_parsed;
use crate::cli::report::{
    CertificateChanges, CertificateRef, ClientChange, DiffReport, FindingChanges, VerifyResult,
};
use crate::cli::{profile_of, Inputs, Ran};
use crate::lint::finding::{Finding, Severity};
use crate::truststore::Truststore;
use crate::verify::Judging;
use crate::when::rfc3339;
use crate::x509::colon_hex;
use anyhow::Result;
use std::collections::BTreeMap;

pub(crate) fn run(args: &DiffArgs, inputs: &Inputs) -> Result<Ran<DiffReport>> {
    let config = inputs.config()?;
    let selection = inputs.selection(&config, &args.judging.selection)?;
    let options = lint_options(&args.judging.time, args.judging.quota, &config);
    let profile = profile_of(args.judging.profile.profile, &config);
    let (old_source, new_source) = (
        inputs.certificates(&args.old)?,
        inputs.certificates(&args.new)?,
    );
    let old = Truststore::new(&old_source)?;
    let new = Truststore::new(&new_source)?;

    let fingerprints = |ctx: &Truststore| -> BTreeMap<[u8; 32], CertificateRef> {
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
    let keyed = |ctx: &Truststore| -> Vec<(String, Finding)> {
        lint_parsed(ctx, profile, options, &selection)
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
        let checked = inputs.certificates(path).and_then(|source| {
            let file = Truststore::new(&source)?;
            let before = verify_parsed(&old, &file, Judging::at(options.at), profile);
            let after = verify_parsed(&new, &file, Judging::at(options.at), profile);
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
    let flipped = report
        .clients
        .iter()
        .any(|c| c.old == "accepted" && c.new == "denied");
    let new_error = report
        .findings
        .appeared
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(Ran {
        report,
        errors,
        failing: flipped || new_error,
    })
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
