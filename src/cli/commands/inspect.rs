//! `truststore inspect`: every certificate of every file, with the facts `openssl x509 -text`
//! shows for the first one only, the findings lint raises for it, and (with `--truststore`)
//! whether it, its subject or its key is in a truststore.

use crate::cli::args::InspectArgs;
use crate::cli::commands::lint::lint_options;
use crate::cli::config::Config;
use crate::cli::report::{
    BasicConstraintsFacts, Facts, InspectReport, InspectedCertificate, InspectedFile,
    InspectedVerdict, KeyFacts, Presence, ReadableFacts,
};
use crate::cli::{profile_of, Inputs, Ran};
use crate::crypto::KeyKind;
use crate::lint::finding::Finding;
use crate::lint::{self, LintOptions};
use crate::pem;
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::Truststore;
use crate::verify::Judging;
use crate::when::{gmt, rfc3339};
use crate::x509::hex;
use crate::x509::{colon_hex, Certificate};
use anyhow::Result;
use sha1::{Digest, Sha1};
use std::collections::HashMap;

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
        let inspected = inputs.certificates(path).and_then(|source| {
            Ok(inspect_file(
                &source,
                options,
                profile,
                truststore.as_ref(),
            )?)
        });
        match inspected {
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

/// One file: without a truststore, linted as a truststore (each certificate with its
/// findings); with one, judged as a client of it (the file's verdict) and each certificate
/// looked up in it.
fn inspect_file(
    source: &Source,
    options: LintOptions,
    profile: &'static Profile,
    truststore: Option<&Truststore>,
) -> Result<InspectedFile, crate::Error> {
    let ctx = Truststore::new(source)?;
    let verdict = truststore.map(|ts| {
        let verdict = crate::verify::verify_file(ts, &ctx, Judging::at(options.at), profile);
        InspectedVerdict {
            verdict: if verdict.is_accepted() {
                "accepted"
            } else {
                "denied"
            },
            code: verdict.code().map(str::to_string),
            reason: verdict.reason().map(str::to_string),
        }
    });
    // Each certificate's findings, grouped once: linear in the size of the file.
    let mut findings: HashMap<usize, Vec<Finding>> = HashMap::new();
    if truststore.is_none() {
        for finding in lint::run(&ctx, profile, options) {
            if let Some(index) = finding.index {
                findings.entry(index).or_default().push(finding);
            }
        }
    }
    let blocks: HashMap<usize, &pem::PemBlock> = ctx
        .items
        .iter()
        .filter_map(|item| match item {
            pem::Item::Block(block) if block.is_certificate() => Some((block.line, block)),
            _ => None,
        })
        .collect();
    // Facts once per distinct certificate: a copy shows its first's.
    let mut facts_of: Vec<Option<Facts>> = vec![None; ctx.store.len()];
    let certificates = ctx
        .entries
        .iter()
        .map(|entry| {
            let own = findings.remove(&entry.index).unwrap_or_default();
            let (file, line) = ctx.place(entry.line);
            let mut shown = InspectedCertificate {
                index: entry.index,
                line,
                file: (file != ctx.file).then(|| file.to_string()),
                error: None,
                readable: None,
                facts: None,
                findings: own,
                truststore: None,
            };
            match &entry.parsed {
                Ok(i) => {
                    let cert = ctx.store.get(*i);
                    shown.facts = Some(match facts_of.get_mut(*i) {
                        Some(slot) => slot.get_or_insert_with(|| facts(cert)).clone(),
                        None => facts(cert),
                    });
                    shown.truststore = truststore.map(|ts| presence(ts, cert));
                }
                Err(why) => {
                    shown.error = Some(why.clone());
                    // Decoded again only for a refused block, to show what can be read.
                    shown.readable = blocks
                        .get(&entry.line)
                        .and_then(|block| block.decode(source).ok())
                        .map(|der| readable(&der));
                }
            }
            shown
        })
        .collect();
    Ok(InspectedFile {
        file: source.name.clone(),
        certificates,
        verdict,
    })
}

/// The fields of a refused certificate that can be read, and its fingerprints.
fn readable(der: &[u8]) -> ReadableFacts {
    let salvaged = crate::x509::salvage(der);
    ReadableFacts {
        subject: salvaged.subject,
        issuer: salvaged.issuer,
        serial_negative: salvaged.serial.as_deref().is_some_and(is_negative),
        serial: salvaged.serial.as_deref().map(colon_hex),
        not_before: salvaged.not_before.map(rfc3339),
        not_after: salvaged.not_after.map(rfc3339),
        sha256_fingerprint: colon_hex(&crate::x509::fingerprint(der)),
        sha1_fingerprint: colon_hex(&Sha1::digest(der)),
    }
}

/// Whether a DER INTEGER's content is negative.
fn is_negative(integer: &[u8]) -> bool {
    integer.first().is_some_and(|b| b & 0x80 != 0)
}

fn facts(cert: &Certificate) -> Facts {
    let (kind, bits, curve) = match &cert.key_kind {
        KeyKind::Rsa { bits } if cert.key_pss_restricted => {
            ("RSA-PSS".to_string(), Some(*bits), None)
        }
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
        serial_negative: is_negative(&cert.serial),
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
