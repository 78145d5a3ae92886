//! The path of an accepted client, kept after the verdict so that what comes after trust
//! (revocation, pinning, an authorizer's own rules) judges the same certificates the verifier
//! accepted, without parsing or verifying them again.

use crate::x509::{colon_hex, unsigned, Certificate};
use std::fmt;
use std::sync::Arc;

/// The certificates of an accepted path, client first, ending at the truststore certificate
/// that anchors it. Shared with the truststore: cloning a path copies no certificate.
#[derive(Clone)]
pub struct VerifiedPath {
    certificates: Vec<Arc<Certificate>>,
}

/// One certificate of a [`VerifiedPath`], as the facts revocation and pinning read.
#[derive(Clone, Copy)]
pub struct PathCertificate<'p> {
    cert: &'p Certificate,
}

impl VerifiedPath {
    pub(crate) fn new(certificates: Vec<Arc<Certificate>>) -> VerifiedPath {
        VerifiedPath { certificates }
    }

    /// The certificates, client first.
    pub fn certificates(&self) -> impl ExactSizeIterator<Item = PathCertificate<'_>> + '_ {
        self.certificates
            .iter()
            .map(|cert| PathCertificate { cert })
    }

    /// The client certificate.
    pub fn client(&self) -> Option<PathCertificate<'_>> {
        self.certificates().next()
    }

    /// Each certificate with the one above it (its issuer on this path), client first.
    pub(crate) fn issued_pairs(&self) -> impl Iterator<Item = (&Certificate, &Certificate)> + '_ {
        self.certificates.windows(2).filter_map(|pair| match pair {
            [below, above] => Some((&**below, &**above)),
            _ => None,
        })
    }

    pub(crate) fn client_cert(&self) -> Option<&Certificate> {
        self.certificates.first().map(|c| &**c)
    }

    /// The certificates above the client: the CAs the path goes through.
    pub(crate) fn cas(&self) -> impl Iterator<Item = &Certificate> + '_ {
        self.certificates.iter().skip(1).map(|c| &**c)
    }
}

impl PathCertificate<'_> {
    /// RFC 4514 subject.
    pub fn subject(&self) -> &str {
        &self.cert.subject
    }

    /// RFC 4514 issuer.
    pub fn issuer(&self) -> &str {
        &self.cert.issuer
    }

    /// The serial number as an unsigned big-endian integer, without leading zero bytes.
    pub fn serial(&self) -> &[u8] {
        unsigned(&self.cert.serial)
    }

    /// The serial number as `0a:1b:...`, as `openssl x509 -serial` groups it.
    pub fn serial_hex(&self) -> String {
        colon_hex(self.serial())
    }

    /// SHA-256 of the certificate's DER.
    pub fn sha256(&self) -> [u8; 32] {
        self.cert.fingerprint
    }

    /// SHA-256 of the SubjectPublicKeyInfo DER.
    pub fn spki_sha256(&self) -> [u8; 32] {
        self.cert.spki_sha256
    }

    /// The subject and issuer names in their RFC 5280 comparable form.
    pub(crate) fn name_keys(&self) -> (&[u8], &[u8]) {
        (&self.cert.subject_key, &self.cert.issuer_key)
    }

    /// Seconds since the Unix epoch of notBefore and notAfter.
    pub fn validity(&self) -> (i64, i64) {
        (self.cert.not_before, self.cert.not_after)
    }
}

impl PartialEq for VerifiedPath {
    fn eq(&self, other: &VerifiedPath) -> bool {
        self.certificates.len() == other.certificates.len()
            && self
                .certificates
                .iter()
                .zip(&other.certificates)
                .all(|(a, b)| a.fingerprint == b.fingerprint)
    }
}

impl Eq for VerifiedPath {}

impl fmt::Debug for VerifiedPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.certificates.iter().map(|c| &c.subject))
            .finish()
    }
}

impl fmt::Debug for PathCertificate<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PathCertificate")
            .field("subject", &self.cert.subject)
            .field("serial", &self.serial_hex())
            .finish()
    }
}
