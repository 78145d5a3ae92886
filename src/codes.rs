//! The vocabulary: lint codes (problems in a truststore) and denial codes (why a client is
//! refused). Both are kebab-case, stable, and compared as enums, never as strings.

use serde::Serialize;

/// A lint code: the kebab-case name of a problem in a truststore, stable across releases (JSON,
/// SARIF, `--ignore`, `truststore.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LintCode {
    /// The file exceeds the profile's truststore size limit.
    TooLarge,
    /// More certificates than the profile's truststore quota.
    TooManyCertificates,
    /// A certificate larger than the profile's per-certificate limit.
    CertificateTooLarge,
    /// The truststore file is not PEM (DER, PKCS#7, PKCS#12, UTF-16): read here by
    /// conversion, which the service does not do.
    NotPem,
    /// An END line runs into the next BEGIN line (a file concatenated without its final line
    /// break).
    MissingNewline,
    /// A PEM block indented as a whole (pasted from YAML or code).
    IndentedPem,
    /// A CERTIFICATE block cannot be decoded or parsed.
    Malformed,
    /// A private key block sits in the bundle.
    PrivateKeyInBundle,
    /// A PEM block that is not a certificate (CRL, CSR, parameters).
    NonCertificateBlock,
    /// Text outside PEM blocks.
    StrayText,
    /// A blank line, which the profile's service refuses.
    BlankLine,
    /// A `#` comment holding a `-`, which the profile's service refuses.
    CommentDash,
    /// The same certificate twice.
    Duplicate,
    /// Two different certificates share a subject name.
    DuplicateSubject,
    /// A signature algorithm the profile does not accept.
    InsecureSignatureAlgorithm,
    /// A public key the profile does not accept.
    UnsupportedKey,
    /// An X.509 v1 or v2 certificate where the profile takes v3 only.
    NotX509v3,
    /// Expired at the evaluation time.
    Expired,
    /// Not valid yet at the evaluation time.
    NotYetValid,
    /// Expires within the expiry window.
    ExpiringSoon,
    /// The issuer of a CA is not in the truststore.
    IssuerNotFound,
    /// The issuer matches by name and key identifier but its key does not verify.
    BadSignature,
    /// A CA lacks CA:TRUE or keyCertSign, or a pathLenConstraint is exceeded.
    NotACa,
    /// A CA's path to its root holds more CA certificates than the profile allows.
    ChainTooLong,
    /// A certificate that is not a CA sits in the truststore.
    LeafInTruststore,
    /// A CA whose extendedKeyUsage excludes clientAuth: no client under it can authenticate.
    InvalidPurpose,
    /// A critical extension the service's verifier does not process.
    UnhandledCriticalExtension,
    /// A CA's own names are outside the name constraints of a CA above it, or a constraint
    /// cannot be evaluated.
    NameConstraintViolation,
}

impl LintCode {
    /// Every lint code, in registry order.
    pub const ALL: [LintCode; 28] = [
        LintCode::TooLarge,
        LintCode::TooManyCertificates,
        LintCode::CertificateTooLarge,
        LintCode::NotPem,
        LintCode::MissingNewline,
        LintCode::IndentedPem,
        LintCode::Malformed,
        LintCode::PrivateKeyInBundle,
        LintCode::NonCertificateBlock,
        LintCode::StrayText,
        LintCode::BlankLine,
        LintCode::CommentDash,
        LintCode::Duplicate,
        LintCode::DuplicateSubject,
        LintCode::InsecureSignatureAlgorithm,
        LintCode::UnsupportedKey,
        LintCode::NotX509v3,
        LintCode::Expired,
        LintCode::NotYetValid,
        LintCode::ExpiringSoon,
        LintCode::IssuerNotFound,
        LintCode::BadSignature,
        LintCode::NotACa,
        LintCode::ChainTooLong,
        LintCode::LeafInTruststore,
        LintCode::InvalidPurpose,
        LintCode::UnhandledCriticalExtension,
        LintCode::NameConstraintViolation,
    ];

    /// The kebab-case code, e.g. `not-a-ca`.
    pub fn as_str(self) -> &'static str {
        match self {
            LintCode::TooLarge => "too-large",
            LintCode::TooManyCertificates => "too-many-certificates",
            LintCode::CertificateTooLarge => "certificate-too-large",
            LintCode::NotPem => "not-pem",
            LintCode::MissingNewline => "missing-newline",
            LintCode::IndentedPem => "indented-pem",
            LintCode::Malformed => "malformed",
            LintCode::PrivateKeyInBundle => "private-key-in-bundle",
            LintCode::NonCertificateBlock => "non-certificate-block",
            LintCode::StrayText => "stray-text",
            LintCode::BlankLine => "blank-line",
            LintCode::CommentDash => "comment-dash",
            LintCode::Duplicate => "duplicate",
            LintCode::DuplicateSubject => "duplicate-subject",
            LintCode::InsecureSignatureAlgorithm => "insecure-signature-algorithm",
            LintCode::UnsupportedKey => "unsupported-key",
            LintCode::NotX509v3 => "not-x509v3",
            LintCode::Expired => "expired",
            LintCode::NotYetValid => "not-yet-valid",
            LintCode::ExpiringSoon => "expiring-soon",
            LintCode::IssuerNotFound => "issuer-not-found",
            LintCode::BadSignature => "bad-signature",
            LintCode::NotACa => "not-a-ca",
            LintCode::ChainTooLong => "chain-too-long",
            LintCode::LeafInTruststore => "leaf-in-truststore",
            LintCode::InvalidPurpose => "invalid-purpose",
            LintCode::UnhandledCriticalExtension => "unhandled-critical-extension",
            LintCode::NameConstraintViolation => "name-constraint-violation",
        }
    }

    /// The code spelled `text`, if there is one.
    pub fn from_code(text: &str) -> Option<LintCode> {
        LintCode::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for LintCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for LintCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Why a client is denied. Declared in rank order (the rules document's "How truststore
/// decides"): when several apply, the earliest is the one reported, as the service's verifier
/// stops at its first failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DenialCode {
    /// The client certificate cannot be parsed.
    Malformed,
    /// The client is self-signed and the identical certificate is not in the truststore.
    SelfSigned,
    /// The issuer of the client or of a CA on its path is not in the truststore.
    IssuerNotFound,
    /// The client or a CA on its path is signed with SHA-1 or weaker, or an unsupported algorithm.
    InsecureSignatureAlgorithm,
    /// The client or a CA on its path has a key API Gateway does not support.
    UnsupportedKey,
    /// More than four CA certificates on the path.
    ChainTooLong,
    /// A certificate on the path carries a critical extension the verifier does not process.
    UnhandledCriticalExtension,
    /// A CA on the path lacks CA:TRUE or keyCertSign, or a pathLenConstraint is exceeded.
    NotACa,
    /// The client, or a CA on its path, is not for client authentication (OpenSSL's
    /// `ssl_client` purpose: extendedKeyUsage, keyUsage, Netscape certType).
    InvalidPurpose,
    /// An issuer matches by name and key identifier but its key does not verify.
    BadSignature,
    /// A certificate on the path has expired.
    Expired,
    /// A certificate on the path is not valid yet.
    NotYetValid,
    /// A name of the client (or of a CA below) is outside a CA's name constraints, or a
    /// constraint cannot be evaluated.
    NameConstraintViolation,
    /// The truststore offers more paths for the client than are followed, through
    /// certificates that share a name: which one the service takes cannot be told.
    TooManyPaths,
    /// Trusted, but no identity filter of the listener matches the client.
    NoFilterMatch,
    /// A certificate of the path is listed in a CRL of its issuer.
    Revoked,
    /// A CRL of an issuer on the path cannot be used (not signed by it, out of date, a kind
    /// the service does not process).
    CrlUnusable,
}

impl DenialCode {
    /// Lower is reported first; algorithm and key share a rank, as do the two validity codes.
    pub(crate) fn rank(self) -> u8 {
        match self {
            DenialCode::Malformed => 0,
            DenialCode::SelfSigned => 1,
            DenialCode::IssuerNotFound | DenialCode::TooManyPaths => 2,
            DenialCode::InsecureSignatureAlgorithm | DenialCode::UnsupportedKey => 3,
            DenialCode::ChainTooLong => 4,
            // OpenSSL checks these three together, certificate by certificate (check_extensions).
            DenialCode::UnhandledCriticalExtension
            | DenialCode::NotACa
            | DenialCode::InvalidPurpose => 5,
            DenialCode::BadSignature => 6,
            DenialCode::Expired | DenialCode::NotYetValid => 7,
            // OpenSSL checks name constraints after signatures and validity.
            DenialCode::NameConstraintViolation => 8,
            // Filters run only once every trust check has passed.
            DenialCode::NoFilterMatch => 9,
            // Revocation is checked last, after the filters (ELB guide).
            DenialCode::Revoked | DenialCode::CrlUnusable => 10,
        }
    }

    /// The kebab-case code, e.g. `issuer-not-found`.
    pub fn as_str(self) -> &'static str {
        match self {
            DenialCode::Malformed => "malformed",
            DenialCode::SelfSigned => "self-signed",
            DenialCode::IssuerNotFound => "issuer-not-found",
            DenialCode::InsecureSignatureAlgorithm => "insecure-signature-algorithm",
            DenialCode::UnsupportedKey => "unsupported-key",
            DenialCode::ChainTooLong => "chain-too-long",
            DenialCode::UnhandledCriticalExtension => "unhandled-critical-extension",
            DenialCode::NotACa => "not-a-ca",
            DenialCode::InvalidPurpose => "invalid-purpose",
            DenialCode::BadSignature => "bad-signature",
            DenialCode::Expired => "expired",
            DenialCode::NotYetValid => "not-yet-valid",
            DenialCode::NameConstraintViolation => "name-constraint-violation",
            DenialCode::TooManyPaths => "too-many-paths",
            DenialCode::NoFilterMatch => "no-filter-match",
            DenialCode::Revoked => "revoked",
            DenialCode::CrlUnusable => "crl-unusable",
        }
    }
}

impl DenialCode {
    /// Every denial code, in rank order.
    pub const ALL: [DenialCode; 17] = [
        DenialCode::Malformed,
        DenialCode::SelfSigned,
        DenialCode::IssuerNotFound,
        DenialCode::TooManyPaths,
        DenialCode::InsecureSignatureAlgorithm,
        DenialCode::UnsupportedKey,
        DenialCode::ChainTooLong,
        DenialCode::UnhandledCriticalExtension,
        DenialCode::NotACa,
        DenialCode::InvalidPurpose,
        DenialCode::BadSignature,
        DenialCode::Expired,
        DenialCode::NotYetValid,
        DenialCode::NameConstraintViolation,
        DenialCode::NoFilterMatch,
        DenialCode::Revoked,
        DenialCode::CrlUnusable,
    ];

    /// The code spelled `code`, if there is one.
    pub fn from_code(code: &str) -> Option<DenialCode> {
        DenialCode::ALL.into_iter().find(|d| d.as_str() == code)
    }
}

impl std::fmt::Display for DenialCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
