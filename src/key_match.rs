//! `truststore match`: does a private key belong to each certificate? The public keys are
//! compared by SHA-256, the modern form of the AWS article's `openssl ... -modulus | openssl sha1`
//! comparison, for RSA and EC alike. Only public values are printed.

use crate::app::{Outcome, Settings};
use crate::cli::{Format, MatchArgs};
use crate::inspect::hex;
use crate::keys::{self, certificate_key_sha256};
use crate::lint::{LintContext, LintOptions};
use crate::report;
use crate::source::Source;
use anyhow::{anyhow, Context, Result};
use serde::Serialize;
use zeroize::{Zeroize, Zeroizing};

#[derive(Debug, Serialize)]
pub struct MatchReport {
    pub key: KeySummary,
    pub certificates: Vec<CertificateMatch>,
}

#[derive(Debug, Serialize)]
pub struct KeySummary {
    pub file: String,
    /// e.g. `RSA 2048-bit`, `EC P-256`.
    pub key: String,
    pub spki_sha256: String,
}

#[derive(Debug, Serialize)]
pub struct CertificateMatch {
    pub file: String,
    pub subject: Option<String>,
    pub spki_sha256: Option<String>,
    /// `true` when the key's public half is the certificate's public key.
    #[serde(rename = "match")]
    pub matches: bool,
}

pub fn command(args: &MatchArgs, settings: &Settings) -> Outcome {
    let key = match read_key(args, settings) {
        Ok(key) => key,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let mut report = MatchReport {
        key: KeySummary {
            file: key.file.clone(),
            key: key.kind.to_string(),
            spki_sha256: hex(&key.spki_sha256),
        },
        certificates: Vec::new(),
    };
    let mut errors = Vec::new();
    for path in &args.cert {
        match first_certificate(settings.load(path)) {
            Ok((file, subject, cert_key)) => report.certificates.push(CertificateMatch {
                file,
                subject: Some(subject),
                spki_sha256: Some(hex(&cert_key)),
                matches: cert_key == key.spki_sha256,
            }),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let mismatch = report.certificates.iter().any(|c| !c.matches);
    let stdout = match args.format {
        Format::Human => report::human::key_match(&report, settings.style, settings.quiet),
        Format::Json => report::json::key_match(&report),
    };
    let exit_code = if !errors.is_empty() {
        2
    } else {
        u8::from(mismatch)
    };
    Outcome {
        stdout,
        errors,
        exit_code,
    }
}

struct KeyRead {
    file: String,
    kind: crate::signature::KeyKind,
    spki_sha256: [u8; 32],
}

fn read_key(args: &MatchArgs, settings: &Settings) -> Result<KeyRead> {
    let passphrase = passphrase(args)?;
    let mut source = settings.load(&args.key)?;
    let half = keys::read_private_key(&source, passphrase.as_ref().map(|p| p.as_slice()));
    source.bytes.zeroize(); // the key file's text is not left behind in freed memory
    let half = half?;
    Ok(KeyRead {
        file: source.name.clone(),
        kind: half.kind,
        spki_sha256: half.spki_sha256,
    })
}

/// The passphrase from a file (its first line) or from a named environment variable; never
/// from a flag's value, so it stays out of shell history and process lists.
fn passphrase(args: &MatchArgs) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(path) = &args.passphrase_file {
        let bytes = Zeroizing::new(
            std::fs::read(path)
                .with_context(|| format!("{}: cannot read the passphrase file", path.display()))?,
        );
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        return Ok(Some(Zeroizing::new(line.to_vec())));
    }
    if let Some(var) = &args.passphrase_env {
        let value = std::env::var_os(var)
            .ok_or_else(|| anyhow!("environment variable {var} (--passphrase-env) is not set"))?;
        return Ok(Some(Zeroizing::new(value.into_encoded_bytes())));
    }
    Ok(None)
}

/// The first certificate of a file (the leaf of a chain file): (file, subject, key SHA-256).
fn first_certificate(source: Result<Source>) -> Result<(String, String, [u8; 32])> {
    let source = source?;
    let options = LintOptions {
        at: 0,
        expiry_window: 0,
    };
    let ctx = LintContext::new(&source, options)?;
    // LintContext::new refuses a file without a CERTIFICATE block.
    let first = ctx
        .entries
        .first()
        .ok_or_else(|| anyhow!("{}: no certificate", source.name))?;
    let index = first.parsed.as_ref().map_err(|why| {
        anyhow!(
            "{}: line {}: the certificate cannot be read: {why}",
            source.name,
            first.line
        )
    })?;
    let cert = ctx.store.get(*index);
    Ok((
        source.name.clone(),
        cert.subject.clone(),
        certificate_key_sha256(cert),
    ))
}
