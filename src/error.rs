//! The library's error type: what stops a bundle or a key from being read at all. Problems
//! *inside* a readable bundle are findings, not errors.

use std::fmt;

/// Why an input could not be used. Each variant displays as one line that names the input and
/// never quotes key material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input holds no CERTIFICATE block; `found` says what it holds instead (another PEM
    /// block and its line, DER, text, nothing).
    NoCertificate {
        /// The input's name as given (a file path, `<stdin>`, or a caller's label).
        file: String,
        /// What was found instead, e.g. "no CERTIFICATE block; found BEGIN RSA PRIVATE KEY at line 1".
        found: String,
    },
    /// The input is a certificate revocation list (PEM `X509 CRL` or DER), not certificates.
    /// Profiles whose trust stores take CRLs read it as a revocation list instead.
    IsRevocationList {
        /// The input's name as given.
        file: String,
    },
    /// The input is a container (PKCS#7, PKCS#12) or an encoding that cannot be opened: `why`
    /// says what is wrong (a wrong passphrase, trailing bytes) and what converts it.
    Unreadable {
        /// The input's name as given.
        file: String,
        /// What is wrong, in one line.
        why: String,
    },
    /// A private key could not be read or decrypted: the message names the input and the line.
    PrivateKey(String),
    /// A revocation list or serial list could not be used: the message names the input, the
    /// line and why. Revocations are never skipped silently.
    Revocation(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NoCertificate { file, found } => write!(f, "{file}: {found}"),
            Error::Unreadable { file, why } => write!(f, "{file}: {why}"),
            Error::IsRevocationList { file } => write!(
                f,
                "{file}: a certificate revocation list (CRL), not a certificate"
            ),
            Error::PrivateKey(message) | Error::Revocation(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
