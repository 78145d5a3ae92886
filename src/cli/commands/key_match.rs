//! `truststore match`: does a private key belong to each certificate? The public keys are
//! compared by SHA-256, the modern form of the AWS article's `openssl ... -modulus | openssl sha1`
//! comparison, for RSA and EC alike. Only public values are printed.

use crate::cli::args::MatchArgs;
use crate::cli::report::{CertificateMatch, KeySummary, MatchReport};
use crate::cli::{Inputs, Ran};
use crate::crypto::keys::{self, certificate_key_sha256};
use crate::source::Source;
use crate::truststore::Truststore;
use crate::x509::hex;
use anyhow::{anyhow, Result};
use zeroize::Zeroize;

pub(crate) fn run(args: &MatchArgs, inputs: &Inputs) -> Result<Ran<MatchReport>> {
    let key = read_key(args, inputs)?;
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
        match first_certificate(inputs.certificates(path)) {
            Ok((file, subject, cert_key)) => report.certificates.push(CertificateMatch {
                file,
                subject: Some(subject),
                spki_sha256: Some(hex(&cert_key)),
                matches: cert_key == key.spki_sha256,
            }),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let failing = report.certificates.iter().any(|c| !c.matches);
    Ok(Ran {
        report,
        errors,
        failing,
    })
}

struct KeyRead {
    file: String,
    kind: crate::crypto::KeyKind,
    spki_sha256: [u8; 32],
}

fn read_key(args: &MatchArgs, inputs: &Inputs) -> Result<KeyRead> {
    let passphrase = inputs.passphrase()?;
    let mut source = inputs.load(&args.key)?;
    let half = keys::read_private_key(&source, passphrase.as_ref().map(|p| p.as_slice()));
    source.bytes.zeroize(); // the key file's text is not left behind in freed memory
    let half = half?;
    Ok(KeyRead {
        file: source.name.clone(),
        kind: half.kind,
        spki_sha256: half.spki_sha256,
    })
}

/// The first certificate of a file (the leaf of a chain file): (file, subject, key SHA-256).
fn first_certificate(source: Result<Source>) -> Result<(String, String, [u8; 32])> {
    let source = source?;
    let ctx = Truststore::new(&source)?;
    // Truststore::new refuses a file without a CERTIFICATE block.
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
