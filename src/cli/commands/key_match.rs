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
use anyhow::{anyhow, Context, Result};
use zeroize::{Zeroize, Zeroizing};

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
        match first_certificate(inputs.load(path)) {
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
    let passphrase = passphrase(args)?;
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

/// The passphrase from a file (its first line) or from a named environment variable; never
/// from a flag's value, so it stays out of shell history and process lists.
fn passphrase(args: &MatchArgs) -> Result<Option<Zeroizing<Vec<u8>>>> {
    passphrase_from(
        args.passphrase_file.as_deref(),
        args.passphrase_env.as_deref(),
    )
}

/// The passphrase of `--passphrase-file` (its first line) or `--passphrase-env`.
pub(crate) fn passphrase_from(
    file: Option<&std::path::Path>,
    env: Option<&str>,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(path) = file {
        let bytes = Zeroizing::new(
            std::fs::read(path)
                .with_context(|| format!("{}: cannot read the passphrase file", path.display()))?,
        );
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        return Ok(Some(Zeroizing::new(line.to_vec())));
    }
    if let Some(var) = env {
        let value = std::env::var_os(var)
            .ok_or_else(|| anyhow!("environment variable {var} (--passphrase-env) is not set"))?;
        return Ok(Some(Zeroizing::new(value.into_encoded_bytes())));
    }
    Ok(None)
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
