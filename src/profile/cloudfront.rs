//! CloudFront viewer mutual TLS. Sources: the CloudFront guide's "Mutual TLS authentication"
//! (trust stores), "Observability using connection logs" and quotas pages, quoted in
//! `docs/aws-mtls-rules.md` (section "CloudFront").

use super::{
    connection_log as token, Anchors, ClientChain, Confidence, ExpiryWaiver, IssuerChoice,
    KeyPolicy, NameConstraintReasons, PemPolicy, Profile, Quota, Reason, Refusal, SignatureFamily,
    SignaturePolicy, Sourced, BUNDLE_RULES,
};
use crate::codes::{DenialCode, LintCode};
use crate::crypto::{Curve, Hash};

const UNTRUSTED: Reason = token(
    "Failed:ClientCertUntrusted  Certificate is untrusted",
    false,
);
const INVALID: Reason = token("Failed:ClientCertInvalid  Certificate is invalid", false);
const TYPE_UNSUPPORTED: Reason = token(
    "Failed:ClientCertTypeUnsupported  Certificate type is unsupported",
    false,
);

const FAILED: &str =
    "CloudFront: the trust store's status becomes failed and the whole bundle is unused";

pub(super) static PROFILE: Profile = Profile {
    name: "cloudfront",
    service: "CloudFront",
    keys: Sourced {
        value: KeyPolicy {
            rsa_min_bits: 2048,
            rsa_max_bits: Some(4096),
            rsa_sizes: Some(&[2048, 3072, 4096]),
            curves: &[Curve::P256, Curve::P384],
        },
        source: "CloudFront mutual TLS: RSA 2048, 3072 and 4096 bits; ECDSA P-256 and P-384",
        confidence: Confidence::High,
    },
    signatures: Sourced {
        value: SignaturePolicy {
            families: &[
                SignatureFamily::RsaPkcs1,
                SignatureFamily::RsaPss,
                SignatureFamily::Ecdsa,
            ],
            min_hash: Hash::Sha256,
        },
        source: "CloudFront mutual TLS: SHA256, 384, 512 with RSA, ECDSA and RSASSA-PSS with MGF1",
        confidence: Confidence::High,
    },
    max_ca_certificates: Sourced {
        value: 4,
        source: "CloudFront mutual TLS: \"leaf and up to three intermediate certificates\"",
        confidence: Confidence::High,
    },
    max_bundle_bytes: Sourced {
        value: Some(64 * 1024),
        source: "CloudFront quotas: CA bundle 64 KB",
        confidence: Confidence::High,
    },
    max_certificates: Sourced {
        value: Some(Quota {
            limit: 25,
            adjustable: false,
        }),
        source: "CloudFront quotas: 25 certificates per trust store",
        confidence: Confidence::High,
    },
    max_certificate_bytes: Sourced {
        value: Some(16_384),
        source: "CloudFront quotas: 16,384 bytes per certificate",
        confidence: Confidence::High,
    },
    v3_only: Sourced {
        value: true,
        source: "CloudFront mutual TLS: X.509v3 certificates only",
        confidence: Confidence::High,
    },
    v1_roots_are_cas: Sourced {
        value: false,
        source: "v3 only: a v1 certificate fails the trust store",
        confidence: Confidence::High,
    },
    anchors: Sourced {
        value: Anchors::EveryCertificate,
        source: "CloudFront mutual TLS: \"When you place an intermediate CA in your trust store, it becomes a trust anchor\"",
        confidence: Confidence::High,
    },
    client_chain: Sourced {
        value: ClientChain::UsedToBuild,
        source: "CloudFront mutual TLS: clients send their certificate and intermediates (inferred: trust store first)",
        confidence: Confidence::Low,
    },
    issuer_choice: Sourced {
        value: IssuerChoice::AnyMatching,
        source: "s2n-tls on AWS-LC: the first matching certificate by store order, no validity preference (inferred)",
        confidence: Confidence::Low,
    },
    pem: Sourced {
        value: PemPolicy {
            stray_text_refused: true,
            blank_lines_refused: true,
            comment_dashes_refused: true,
        },
        source: "CloudFront mutual TLS: PEM only; comments start with # and hold no -; no blank lines",
        confidence: Confidence::High,
    },
    consequences: &[
        (LintCode::TooLarge, FAILED),
        (LintCode::TooManyCertificates, FAILED),
        (LintCode::CertificateTooLarge, FAILED),
        (LintCode::NotPem, FAILED),
        (LintCode::MissingNewline, FAILED),
        (LintCode::IndentedPem, FAILED),
        (LintCode::Malformed, FAILED),
        (LintCode::PrivateKeyInBundle, FAILED),
        (LintCode::NonCertificateBlock, FAILED),
        (LintCode::StrayText, FAILED),
        (LintCode::BlankLine, FAILED),
        (LintCode::CommentDash, FAILED),
        (LintCode::Duplicate, "CloudFront: harmless (inferred), but it counts toward the 25-certificate quota"),
        (
            LintCode::DuplicateSubject,
            "CloudFront: the trust store's status becomes failed (one bad certificate fails it); were it taken, CloudFront could take either certificate of the name",
        ),
        (LintCode::InsecureSignatureAlgorithm, FAILED),
        (LintCode::UnsupportedKey, FAILED),
        (LintCode::NotX509v3, FAILED),
        (LintCode::Expired, FAILED),
        (LintCode::NotYetValid, FAILED),
        (
            LintCode::ExpiringSoon,
            "CloudFront: no warning when it expires; clients whose path uses it are refused from then on",
        ),
        (
            LintCode::IssuerNotFound,
            "CloudFront: not a problem: every trust store certificate is an anchor",
        ),
        (
            LintCode::BadSignature,
            "CloudFront: not a problem: every trust store certificate is an anchor, its own signature is not checked",
        ),
        (LintCode::NotACa, FAILED),
        (
            LintCode::ChainTooLong,
            "CloudFront: not a problem: a path ends at the first trust store certificate",
        ),
        (
            LintCode::InvalidPurpose,
            "CloudFront: the trust store's status becomes failed (one bad certificate fails it); were it taken, every client under it would be refused with ClientCertIntentInvalid",
        ),
        (LintCode::UnhandledCriticalExtension, FAILED),
        (
            LintCode::NameConstraintViolation,
            "CloudFront: the CA's own names do not matter, it is an anchor; clients are checked against its constraints",
        ),
        (
            LintCode::LeafInTruststore,
            "CloudFront: accepted; as an anchor it admits exactly that client certificate",
        ),
    ],
    self_signed_consequence: "CloudFront: refused with ClientCertUntrusted unless the same certificate is in the trust store",
    weak_root_signature_consequence: FAILED,
    refusal: Sourced {
        value: Refusal {
            codes: BUNDLE_RULES,
            every_error: true,
            message: "trust store status: failed",
        },
        source: "CloudFront: a bundle with an invalid certificate sets the trust store status to failed; every error finding is taken to count (inferred beyond the documented rules)",
        confidence: Confidence::Medium,
    },
    revocation_lists: Sourced {
        value: false,
        source: "CloudFront checks revocation in a Connection Function with a KeyValueStore (`truststore crl export --format cloudfront-kvs`)",
        confidence: Confidence::High,
    },
    identity_filters: Sourced {
        value: false,
        source: "CloudFront has no identity filters (a Connection Function does that)",
        confidence: Confidence::High,
    },
    expiry_waiver: Some(ExpiryWaiver {
        option: "IgnoreCertificateExpiry",
        flag: "--ignore-certificate-expiry",
        every_certificate: true,
    }),
    reasons: &[
        (DenialCode::Malformed, INVALID),
        (DenialCode::SelfSigned, UNTRUSTED),
        (DenialCode::IssuerNotFound, UNTRUSTED),
        (DenialCode::TooManyPaths, token("Failed:(the code of the path CloudFront takes)", false)),
        (DenialCode::InsecureSignatureAlgorithm, TYPE_UNSUPPORTED),
        (DenialCode::UnsupportedKey, TYPE_UNSUPPORTED),
        (
            DenialCode::ChainTooLong,
            token(
                "Failed:ClientCertMaxChainDepthExceeded  Maximum certificate chain depth exceeded",
                true,
            ),
        ),
        (DenialCode::UnhandledCriticalExtension, INVALID),
        (DenialCode::NotACa, UNTRUSTED),
        (
            DenialCode::InvalidPurpose,
            token("Failed:ClientCertIntentInvalid  Certificate intent is invalid", true),
        ),
        (DenialCode::BadSignature, UNTRUSTED),
        (
            DenialCode::Expired,
            token("Failed:ClientCertExpired  Certificate is expired", true),
        ),
        (
            DenialCode::NotYetValid,
            token("Failed:ClientCertNotYetValid  Certificate is not yet valid", true),
        ),
        (DenialCode::NameConstraintViolation, UNTRUSTED),
        (DenialCode::Revoked, token("Failed:ClientCertRejected  Certificate rejected by custom validation", false)),
        (DenialCode::CrlUnusable, token("Failed:ClientCertRejected  Certificate rejected by custom validation", false)),
        (
            DenialCode::NoFilterMatch,
            token("Failed:ClientCertRejected  Certificate rejected by custom validation", false),
        ),
    ],
    path_length_reason: UNTRUSTED,
    ca_signature_reason: TYPE_UNSUPPORTED,
    name_constraint_reasons: NameConstraintReasons {
        permitted: UNTRUSTED,
        excluded: UNTRUSTED,
        unsupported_type: UNTRUSTED,
        invalid_constraint: UNTRUSTED,
        invalid_name: UNTRUSTED,
        too_many: UNTRUSTED,
    },
};
