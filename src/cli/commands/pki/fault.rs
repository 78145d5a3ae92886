//! The faults `pki issue --fault` makes: each one defect, and the denial code `verify` gives it.

use crate::codes::DenialCode;
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Fault {
    /// notAfter a day before --at.
    Expired,
    /// notBefore a day after --at.
    NotYetValid,
    /// Signed with SHA-1 (sha1WithRSAEncryption or ecdsa-with-SHA1).
    Sha1,
    /// An RSA-1024 key.
    Rsa1024,
    /// A P-521 key (refused under apigw and cloudfront; the load balancers accept it).
    P521,
    /// Issued by itself, not by a CA of the truststore.
    SelfSigned,
    /// extendedKeyUsage emailProtection only: no clientAuth.
    NoClientAuth,
    /// extendedKeyUsage serverAuth only (mkcert's mistake).
    ServerAuthOnly,
    /// Names its issuer (name and key identifier) but is signed by another key.
    WrongIssuerKey,
    /// Under a chain of CAs one longer than the profile allows.
    TooDeep,
    /// A serial number whose DER INTEGER is negative.
    NegativeSerial,
    /// Issued by a root that is not in the truststore.
    UntrustedRoot,
}

impl Fault {
    /// The code `truststore verify` denies the certificate with; `None` for the one fault
    /// the services accept (a negative serial: RFC 5280 forbids it, but OpenSSL 3 and AWS-LC
    /// parse it, so denying it would be a false prediction).
    pub(crate) fn denial(self) -> Option<DenialCode> {
        Some(match self {
            Fault::Expired => DenialCode::Expired,
            Fault::NotYetValid => DenialCode::NotYetValid,
            Fault::Sha1 => DenialCode::InsecureSignatureAlgorithm,
            Fault::Rsa1024 | Fault::P521 => DenialCode::UnsupportedKey,
            Fault::SelfSigned => DenialCode::SelfSigned,
            Fault::NoClientAuth | Fault::ServerAuthOnly => DenialCode::InvalidPurpose,
            Fault::WrongIssuerKey => DenialCode::BadSignature,
            Fault::TooDeep => DenialCode::ChainTooLong,
            Fault::NegativeSerial => return None,
            Fault::UntrustedRoot => DenialCode::IssuerNotFound,
        })
    }

    /// What the defect does where the verdict does not show it.
    pub(crate) fn note(self) -> Option<&'static str> {
        match self {
            Fault::NegativeSerial => Some(
                "a negative serial is accepted by OpenSSL 3 and AWS-LC, so the services accept the client; but a load balancer cannot revoke it (\"can't revoke certificates that have a negative serial number within a certificate revocation list\"), and `crl lint` refuses a CRL that lists it",
            ),
            Fault::TooDeep => Some(
                "the issuer's pathLen is exceeded too: it is as tight as the PKI, so no longer path can avoid it",
            ),
            _ => None,
        }
    }

    /// The name `--fault` takes (`wrong-issuer-key`).
    pub(crate) fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}
