//! `truststore inspect`: every certificate of every file, with the facts `openssl x509 -text`
//! shows for the first one only, the findings lint raises for it, and (with `--truststore`)
//! whether it, its subject or its key is in a truststore.

use crate::app::{Outcome, Settings};
use crate::cert::{colon_hex, Certificate};
use crate::cli::{Format, InspectArgs};
use crate::finding::Finding;
use crate::lint::{LintContext, LintOptions};
use crate::report;
use crate::signature::KeyKind;
use crate::source::Source;
use crate::when::{gmt, rfc3339};
use anyhow::Result;
use serde::Serialize;
use sha1::{Digest, Sha1};

#[derive(Debug, Serialize)]
pub struct InspectReport {
    pub files: Vec<InspectedFile>,
}

#[derive(Debug, Serialize)]
pub struct InspectedFile {
    pub file: String,
    pub certificates: Vec<InspectedCertificate>,
}

/// One CERTIFICATE block: its facts, or why it could not be read. Documented in `docs/json.md`.
#[derive(Debug, Serialize)]
pub struct InspectedCertificate {
    pub index: usize,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub truststore: Option<Presence>,
}

#[derive(Debug, Serialize)]
pub struct Facts {
    pub version: u8,
    pub subject: String,
    pub issuer: String,
    pub self_signed: bool,
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    pub not_before_gmt: String,
    pub not_after_gmt: String,
    pub signature_algorithm: String,
    pub key: KeyFacts,
    pub basic_constraints: Option<BasicConstraintsFacts>,
    pub key_usage: Option<Vec<&'static str>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Vec<String>,
    pub subject_key_identifier: Option<String>,
    pub authority_key_identifier: Option<String>,
    pub sha256_fingerprint: String,
    pub sha1_fingerprint: String,
}

#[derive(Debug, Serialize)]
pub struct KeyFacts {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, or the algorithm OID.
    #[serde(rename = "type")]
    pub kind: String,
    pub bits: Option<usize>,
    pub curve: Option<String>,
    /// SHA-256 of the SubjectPublicKeyInfo, hex: compare keys with it.
    pub spki_sha256: String,
}

#[derive(Debug, Serialize)]
pub struct BasicConstraintsFacts {
    pub ca: bool,
    pub path_len: Option<u8>,
}

/// Where this certificate, its subject or its key appear in the `--truststore` (BEGIN lines).
#[derive(Debug, Serialize)]
pub struct Presence {
    pub identical: Option<usize>,
    pub same_subject: Vec<usize>,
    pub same_key: Vec<usize>,
}

pub fn command(args: &InspectArgs, settings: &Settings) -> Outcome {
    // The findings shown are lint's own, before any selection or config.
    let options = crate::app::lint_options(&args.time, &crate::config::Config::default());
    let truststore_source = match args
        .truststore
        .as_deref()
        .map(|p| settings.load(p))
        .transpose()
    {
        Ok(source) => source,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let truststore = match truststore_source
        .as_ref()
        .map(|s| LintContext::new(s, options))
        .transpose()
    {
        Ok(ctx) => ctx,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let mut report = InspectReport { files: Vec::new() };
    let mut errors = Vec::new();
    for path in &args.files {
        match inspect_file(settings.load(path), options, truststore.as_ref()) {
            Ok(file) => report.files.push(file),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let stdout = match args.format {
        Format::Human => report::human::inspect(&report, settings.style, settings.quiet),
        Format::Json => report::json::inspect(&report),
    };
    Outcome {
        stdout,
        exit_code: if errors.is_empty() { 0 } else { 2 },
        errors,
    }
}

fn inspect_file(
    source: Result<Source>,
    options: LintOptions,
    truststore: Option<&LintContext>,
) -> Result<InspectedFile> {
    let source = source?;
    let ctx = LintContext::new(&source, options)?;
    let findings = ctx.run();
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
        extended_key_usage: cert.extended_key_usage.clone(),
        subject_alt_names: cert.subject_alt_names.clone(),
        subject_key_identifier: cert.ski.as_deref().map(colon_hex),
        authority_key_identifier: cert.aki.as_deref().map(colon_hex),
        sha256_fingerprint: colon_hex(&cert.fingerprint),
        sha1_fingerprint: colon_hex(&Sha1::digest(&cert.der)),
    }
}

fn presence(truststore: &LintContext, cert: &Certificate) -> Presence {
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

/// Lower-case hex without separators, as `sha256sum` prints.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
