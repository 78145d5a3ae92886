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
            Error::PrivateKey(message) | Error::Revocation(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
