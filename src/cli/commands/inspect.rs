//! `truststore inspect`: every certificate of every file, with the facts `openssl x509 -text`
//! shows for the first one only, the findings lint raises for it, and (with `--truststore`)
//! whether it, its subject or its key is in a truststore.

use crate::cli::args::InspectArgs;
use crate::cli::commands::lint::lint_options;
use crate::cli::config::Config;
use crate::cli::report::{
    BasicConstraintsFacts, Facts, InspectReport, InspectedCertificate, InspectedFile, KeyFacts,
    Presence,
};
use crate::cli::{profile_of, Inputs, Ran};
use crate::crypto::KeyKind;
use crate::lint::finding::Finding;
use crate::lint::{self, LintOptions};
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::Truststore;
use crate::when::{gmt, rfc3339};
use crate::x509::hex;
use crate::x509::{colon_hex, Certificate};
use anyhow::Result;
use sha1::{Digest, Sha1};

pub(crate) fn run(args: &InspectArgs, inputs: &Inputs) -> Result<Ran<InspectReport>> {
    // The findings shown are lint's own, before any selection or config.
    let defaults = Config::default();
    let options = lint_options(&args.time, None, &defaults);
    let profile = profile_of(args.profile.profile, &defaults);
    let truststore = match args.truststore.as_deref() {
        Some(path) => Some(Truststore::from_owned(inputs.certificates(path)?)?),
        None => None,
    };
    let mut report = InspectReport { files: Vec::new() };
    let mut errors = Vec::new();
    for path in &args.files {
        match inspect_file(
            inputs.certificates(path),
            options,
            profile,
            truststore.as_ref(),
        ) {
            Ok(file) => report.files.push(file),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    Ok(Ran {
        report,
        errors,
        failing: false,
    })
}

fn inspect_file(
    source: Result<Source>,
    options: LintOptions,
    profile: &'static Profile,
    truststore: Option<&Truststore>,
) -> Result<InspectedFile> {
    let source = source?;
    let ctx = Truststore::new(&source)?;
    let findings = lint::run(&ctx, profile, options);
    let certificates = ctx
        .entries
        .iter()
        .map(|entry| {
            let own: Vec<Finding> = findings
                .iter()
                .filter(|f| f.index == Some(entry.index))
                .cloned()
                .collect();
            match &entry.parsed {
                Ok(i) => {
                    let cert = ctx.store.get(*i);
                    InspectedCertificate {
                        index: entry.index,
                        line: entry.line,
                        error: None,
                        facts: Some(facts(cert)),
                        findings: own,
                        truststore: truststore.map(|ts| presence(ts, cert)),
                    }
                }
                Err(why) => InspectedCertificate {
                    index: entry.index,
                    line: entry.line,
                    error: Some(why.clone()),
                    facts: None,
                    findings: own,
                    truststore: None,
                },
            }
        })
        .collect();
    Ok(InspectedFile {
        file: source.name.clone(),
        certificates,
    })
}

fn facts(cert: &Certificate) -> Facts {
    let (kind, bits, curve) = match &cert.key_kind {
        KeyKind::Rsa { bits } => ("RSA".to_string(), Some(*bits), None),
        KeyKind::Ec { curve } => ("EC".to_string(), None, Some(curve.to_string())),
        KeyKind::Ed25519 => ("Ed25519".to_string(), None, None),
        KeyKind::Ed448 => ("Ed448".to_string(), None, None),
        KeyKind::Dsa => ("DSA".to_string(), None, None),
        KeyKind::Unknown(oid) => (oid.clone(), None, None),
    };
    Facts {
        version: cert.version,
        subject: cert.subject.clone(),
        issuer: cert.issuer.clone(),
        self_signed: cert.is_self_signed(),
        serial: colon_hex(&cert.serial),
        not_before: rfc3339(cert.not_before),
        not_after: rfc3339(cert.not_after),
        not_before_gmt: gmt(cert.not_before),
        not_after_gmt: gmt(cert.not_after),
        signature_algorithm: cert.signature_algorithm.to_string(),
        key: KeyFacts {
            kind,
            bits,
            curve,
            spki_sha256: hex(&cert.spki_sha256),
        },
        basic_constraints: cert.constraints.map(|c| BasicConstraintsFacts {
            ca: c.ca,
            path_len: c.path_len,
        }),
        key_usage: cert.key_usage.clone(),
        extended_key_usage: cert.extended_key_usage(),
        subject_alt_names: cert.subject_alt_names.clone(),
        subject_key_identifier: cert.ski.as_deref().map(colon_hex),
        authority_key_identifier: cert.aki.as_deref().map(colon_hex),
        sha256_fingerprint: colon_hex(&cert.fingerprint),
        sha1_fingerprint: colon_hex(&Sha1::digest(&cert.der)),
    }
}

fn presence(truststore: &Truststore, cert: &Certificate) -> Presence {
    let store = &truststore.store;
    let identical = store.position_of(cert);
    let lines = |indices: &mut dyn Iterator<Item = usize>| -> Vec<usize> {
        indices
            .filter(|&i| Some(i) != identical)
            .map(|i| truststore.entry_of(i).line)
            .collect()
    };
    Presence {
        identical: identical.map(|i| truststore.entry_of(i).line),
        same_subject: lines(&mut store.with_subject(&cert.subject_key)),
        same_key: lines(&mut store.with_public_key(&cert.spki_sha256)),
    }
}
