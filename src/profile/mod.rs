//! What differs between AWS front doors, as data. A [`Profile`] holds every value a check needs
//! (key sizes, curves, signature hashes, limits, which certificates are anchors, PEM strictness,
//! the log lines of each denial), each with its source and how sure we are. Checks read these
//! fields; no check asks which service it is running for.
//!
//! One file per service; `docs/adding-a-profile.md` says how to add one.

mod apigw;
mod cloudfront;
mod elb;

use crate::codes::{DenialCode, LintCode};
use crate::crypto::{Curve, Hash};

/// How sure we are that AWS behaves as a value says (see `docs/aws-mtls-rules.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Confidence {
    /// The AWS documentation says so.
    High,
    /// AWS sample code or two independent field tests agree.
    Medium,
    /// Our best reading where AWS says nothing.
    Low,
}

/// A profile value with where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Sourced<T> {
    /// The value checks use.
    pub value: T,
    /// The S-number of `docs/aws-mtls-rules.md` or the AWS document it comes from.
    pub source: &'static str,
    /// How sure we are.
    pub confidence: Confidence,
}

/// The keys a service accepts in certificates (client and CAs alike).
#[derive(Debug, Clone, Copy)]
pub struct KeyPolicy {
    /// Smallest RSA modulus accepted, in bits.
    pub rsa_min_bits: usize,
    /// Largest RSA modulus accepted, in bits, if there is a limit.
    pub rsa_max_bits: Option<usize>,
    /// The only RSA modulus sizes accepted, if the service lists them (CloudFront).
    pub rsa_sizes: Option<&'static [usize]>,
    /// The EC curves accepted.
    pub curves: &'static [Curve],
}

/// The signature algorithm families a service verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFamily {
    /// RSASSA-PKCS1-v1_5.
    RsaPkcs1,
    /// RSASSA-PSS with MGF1.
    RsaPss,
    /// ECDSA.
    Ecdsa,
}

/// The signatures a service accepts.
#[derive(Debug, Clone, Copy)]
pub struct SignaturePolicy {
    /// The families accepted.
    pub families: &'static [SignatureFamily],
    /// The weakest digest accepted (for PSS, the weaker of the message and MGF1 digests).
    pub min_hash: Hash,
}

/// Which truststore certificates a path may end at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Anchors {
    /// Only self-signed roots: a path must reach one.
    SelfSignedRoots,
    /// Every truststore certificate (OpenSSL's `X509_V_FLAG_PARTIAL_CHAIN`): the path ends at
    /// the first one reached, the client itself included.
    EveryCertificate,
}

/// What the service does with the intermediates a client sends after its certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientChain {
    /// Ignored: the path is built from the truststore alone (they are used for hints only).
    Ignored,
    /// Used as untrusted intermediates: where the truststore has no issuer for a certificate,
    /// the first one the client sends that matches is taken (the truststore is looked at first).
    UsedToBuild,
}

/// Which of several issuer candidates (the issuer's name, key identifiers that agree) the
/// service's verifier takes. Verifiers take one and do not try another when the path above it
/// fails, so where the pick is not fixed, `verify` follows each candidate the verifier may take
/// and accepts only if every such path is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuerChoice {
    /// OpenSSL 3 (`X509_STORE_CTX_get1_issuer`): a candidate valid at the verification time,
    /// else the one whose notAfter is latest; among several, the store's order, which the
    /// file's order does not fix.
    ValidFirst,
    /// AWS-LC, as BoringSSL: any candidate, valid or not, by the store's order.
    AnyMatching,
}

/// A limit on the number of certificates in a truststore.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    /// The default limit.
    pub limit: usize,
    /// Whether AWS raises it on request (a Service Quotas increase): `--quota` then sets it.
    pub adjustable: bool,
}

/// How the service answers a truststore with an error in it.
#[derive(Debug, Clone, Copy)]
pub struct Refusal {
    /// The error findings that make the service refuse or ignore the whole truststore.
    pub codes: &'static [LintCode],
    /// Whether every error finding does (one bad certificate refuses the whole bundle), not
    /// only those of `codes`.
    pub every_error: bool,
    /// What the service says when it refuses it, word for word where AWS documents it.
    pub message: &'static str,
}

/// A service option that waives validity dates in `verify`.
#[derive(Debug, Clone, Copy)]
pub struct ExpiryWaiver {
    /// The service's own name of the option (`IgnoreClientCertificateExpiry`).
    pub option: &'static str,
    /// The `verify` flag that turns it on (`--ignore-client-certificate-expiry`).
    pub flag: &'static str,
    /// True when it waives every certificate's dates; false for the client's only.
    pub every_certificate: bool,
}

/// How strictly the bundle file must be PEM.
#[derive(Debug, Clone, Copy)]
pub struct PemPolicy {
    /// Whether text outside blocks (other than blanks and `#` comments) makes the service
    /// refuse the file: `stray-text` is then an error, not a warning.
    pub stray_text_refused: bool,
    /// Whether a blank line makes the service refuse the file (`blank-line`).
    pub blank_lines_refused: bool,
    /// Whether a `-` in a `#` comment makes the service refuse the file (`comment-dash`).
    pub comment_dashes_refused: bool,
}

/// A log line a service writes for a denial, and whether AWS documents it word for word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// The line as the service writes it, e.g. `Access denied. Reason: self signed certificate`.
    pub line: &'static str,
    /// True when AWS documents the line verbatim; false when it is our inference.
    pub verbatim: bool,
}

/// The log lines of the name-constraint denials (OpenSSL has one error per kind).
#[derive(Debug, Clone, Copy)]
pub struct NameConstraintReasons {
    /// A name outside the permitted subtrees.
    pub permitted: Reason,
    /// A name inside an excluded subtree.
    pub excluded: Reason,
    /// A constraint of a type the verifier does not evaluate.
    pub unsupported_type: Reason,
    /// A constraint that is not well formed (or uses minimum/maximum).
    pub invalid_constraint: Reason,
    /// A name of the certificate that is not well formed.
    pub invalid_name: Reason,
    /// More names x constraints than the verifier checks.
    pub too_many: Reason,
}

/// Everything that differs between AWS front doors.
#[derive(Debug)]
pub struct Profile {
    /// The short name used on the command line and in JSON (`apigw`).
    pub name: &'static str,
    /// The service as people name it (`API Gateway`).
    pub service: &'static str,
    /// Keys accepted in every certificate of a path.
    pub keys: Sourced<KeyPolicy>,
    /// Signatures accepted on every certificate of a path but a root's own.
    pub signatures: Sourced<SignaturePolicy>,
    /// The most CA certificates on a client's path, root included, client not counted.
    pub max_ca_certificates: Sourced<usize>,
    /// The largest truststore file accepted, in bytes, if there is a limit.
    pub max_bundle_bytes: Sourced<Option<usize>>,
    /// The most certificates a truststore may hold, if there is a limit.
    pub max_certificates: Sourced<Option<Quota>>,
    /// The largest certificate accepted (its PEM block, BEGIN to END line), if there is a limit.
    pub max_certificate_bytes: Sourced<Option<usize>>,
    /// Whether every certificate must be X.509 v3 (`not-x509v3`).
    pub v3_only: Sourced<bool>,
    /// Whether an X.509 v1 (or v2) self-signed root without basicConstraints counts as a CA.
    pub v1_roots_are_cas: Sourced<bool>,
    /// Which certificates of the truststore a path may end at.
    pub anchors: Sourced<Anchors>,
    /// What the service does with intermediates the client sends.
    pub client_chain: Sourced<ClientChain>,
    /// Which issuer the verifier takes when several match.
    pub issuer_choice: Sourced<IssuerChoice>,
    /// PEM strictness of the bundle file.
    pub pem: Sourced<PemPolicy>,
    /// What the service does about each lint finding, as `explain` and every report say it.
    pub consequences: &'static [(LintCode, &'static str)],
    /// What the service does with a self-signed client that is not in the truststore.
    pub self_signed_consequence: &'static str,
    /// What the service does about a self-signed root signed with a weak digest (a warning).
    pub weak_root_signature_consequence: &'static str,
    /// Which error findings make the service refuse the whole truststore, and what it says;
    /// `verify` reports them before its verdicts.
    pub refusal: Sourced<Refusal>,
    /// The service option that waives validity dates, if it has one.
    pub expiry_waiver: Option<ExpiryWaiver>,
    /// Whether the service takes client certificate identity filters (accept rules on the
    /// client's names, applied after the trust checks).
    pub identity_filters: Sourced<bool>,
    /// Whether the trust store takes certificate revocation lists (`verify --crl`).
    pub revocation_lists: Sourced<bool>,
    /// The log line for each denial code.
    pub reasons: &'static [(DenialCode, Reason)],
    /// The log line when a pathLenConstraint is exceeded (ranked as `not-a-ca`).
    pub path_length_reason: Reason,
    /// The log line when a CA on the path (not the client) has a weak signature.
    pub ca_signature_reason: Reason,
    /// The log lines of name-constraint denials, by what went wrong.
    pub name_constraint_reasons: NameConstraintReasons,
}

/// Every profile, in the order `--profile` lists them.
static PROFILES: &[&Profile] = &[&apigw::PROFILE, &elb::ALB, &elb::NLB, &cloudfront::PROFILE];

impl Profile {
    /// The profile of this short name (`apigw`), if there is one.
    pub fn named(name: &str) -> Option<&'static Profile> {
        PROFILES.iter().copied().find(|p| p.name == name)
    }

    /// The profile used when none is named: API Gateway, the first service truststore served.
    pub fn default_profile() -> &'static Profile {
        &apigw::PROFILE
    }

    /// Every profile.
    pub fn all() -> &'static [&'static Profile] {
        PROFILES
    }

    /// The size limits of every profile, so a parsed bundle can say where each is crossed
    /// without keeping its text.
    pub(crate) fn size_limits() -> impl Iterator<Item = usize> {
        PROFILES.iter().filter_map(|p| p.max_bundle_bytes.value)
    }

    /// The lint codes whose error findings make the service refuse the whole truststore.
    pub fn refusing_codes(&self) -> &'static [LintCode] {
        let refusal = self.refusal.value;
        if refusal.every_error {
            &LintCode::ALL
        } else {
            refusal.codes
        }
    }

    /// What the service does about a finding of `code`.
    pub fn consequence(&self, code: LintCode) -> &'static str {
        self.consequences
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, text)| text)
    }

    /// The log line for `code`.
    pub fn reason(&self, code: DenialCode) -> Reason {
        self.reasons
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(UNKNOWN_REASON, |(_, r)| *r)
    }
}

/// The documented format, certificate, key and size rules of an S3-imported bundle of a load
/// balancer or CloudFront trust store. (Those profiles refuse on every error finding, as one bad
/// certificate refuses the bundle; this list names the rules the documentation spells out.)
const BUNDLE_RULES: &[LintCode] = &[
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
    LintCode::InsecureSignatureAlgorithm,
    LintCode::UnsupportedKey,
    LintCode::NotX509v3,
];

/// A connection-log reason (`Failed:<Code>  <AWS's description>`): the token and description are
/// AWS's; `documented` when the check it stands for is the one the description names, rather
/// than our mapping of a verifier error onto AWS's codes.
const fn connection_log(line: &'static str, documented: bool) -> Reason {
    Reason {
        line,
        verbatim: documented,
    }
}

/// A code a profile has no line for (a profile table is incomplete): never shown by the
/// shipped profiles, which a test checks.
const UNKNOWN_REASON: Reason = Reason {
    line: "Access denied.",
    verbatim: false,
};

/// Issuer candidates tried for one certificate (webpki caps its work the same way), so a
/// truststore with thousands of certificates of one subject cannot make a lookup slow. Not a
/// service's value: a bound on our own work.
pub(crate) const MAX_ISSUER_CANDIDATES: usize = 16;

/// Certificates of the issuer's name looked at for one lookup (key identifiers filter them
/// before any signature is checked); beyond this the truststore is hostile, not large.
pub(crate) const MAX_NAME_MATCHES: usize = 256;

/// Paths followed for one client when several issuers may be taken; beyond this the verdict
/// is `too-many-paths`. Not a service's value: a bound on our own work.
pub(crate) const MAX_PATHS: usize = 16;

/// How far a path is followed before it is cut; far beyond any service's limit, so every path
/// that matters is seen whole, while a hostile 100,000-deep chain costs nothing.
pub(crate) const MAX_PATH_WALK: usize = 32;
