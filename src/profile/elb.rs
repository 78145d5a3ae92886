//! Elastic Load Balancing trust stores: Application Load Balancers (mutual TLS, verify mode)
//! and Network Load Balancers (TLS listeners, verify mode) share one trust store resource and
//! one verifier (s2n-tls on AWS-LC), so they share every value here but their names. Sources:
//! the ELB guide's "Mutual authentication with TLS" and "Connection logs" pages, and the ELB
//! quotas page, quoted in `docs/aws-mtls-rules.md` (section "Load balancers").

use super::{
    connection_log as token, Anchors, ClientChain, Confidence, ExpiryWaiver, IssuerChoice,
    KeyPolicy, NameConstraintReasons, PemPolicy, Profile, Quota, Reason, Refusal, SignatureFamily,
    SignaturePolicy, Sourced, BUNDLE_RULES,
};
use crate::codes::{DenialCode, LintCode};
use crate::crypto::{Curve, Hash};

const UNTRUSTED: Reason = token(
    "Failed:ClientCertUntrusted  Client certificate is untrusted",
    false,
);
const INVALID: Reason = token(
    "Failed:ClientCertInvalid  Client certificate is invalid",
    false,
);
const TYPE_UNSUPPORTED: Reason = token(
    "Failed:ClientCertTypeUnsupported  Client certificate type is unsupported",
    false,
);

const REFUSED: &str =
    "Elastic Load Balancing: the whole CA bundle is refused (InvalidCaCertificatesBundle)";

pub(super) static ALB: Profile = Profile {
    name: "alb",
    service: "Application Load Balancer",
    ..ELB
};

pub(super) static NLB: Profile = Profile {
    name: "nlb",
    service: "Network Load Balancer",
    identity_filters: Sourced {
        value: true,
        source: "NLB client certificate identity filters: accept-only rules on subject-cn, subject-ou, san-dns, san-uri, after trust-store validation, before revocation",
        confidence: Confidence::High,
    },
    ..ELB
};

const ELB: Profile = Profile {
    name: "elb",
    service: "Elastic Load Balancing",
    keys: Sourced {
        value: KeyPolicy {
            rsa_min_bits: 2048,
            rsa_max_bits: Some(8192),
            rsa_sizes: None,
            curves: &[Curve::P256, Curve::P384, Curve::P521],
        },
        source: "ELB mutual TLS: RSA 2K-8K keys; ECDSA secp256r1, secp384r1, secp521r1",
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
        source: "ELB mutual TLS: SHA256, 384, 512 with RSA; SHA256, 384, 512 with EC; SHA256, 384, 512 with RSASSA-PSS with MGF1",
        confidence: Confidence::High,
    },
    max_ca_certificates: Sourced {
        value: 4,
        source: "ELB mutual TLS: maximum chain depth 4 (client and up to three intermediates before the anchor)",
        confidence: Confidence::Medium,
    },
    max_bundle_bytes: Sourced {
        value: None,
        source: "ELB quotas name no bundle size; the count and per-certificate limits apply",
        confidence: Confidence::Medium,
    },
    max_certificates: Sourced {
        value: Some(Quota {
            limit: 25,
            adjustable: true,
        }),
        source: "ELB quotas: CA certificates per trust store 25 (adjustable)",
        confidence: Confidence::High,
    },
    max_certificate_bytes: Sourced {
        value: Some(16 * 1024),
        source: "ELB quotas: CA certificate size 16 KB",
        confidence: Confidence::Medium,
    },
    v3_only: Sourced {
        value: true,
        source: "ELB mutual TLS: X.509 v3 certificates only",
        confidence: Confidence::High,
    },
    v1_roots_are_cas: Sourced {
        value: false,
        source: "v3 only: a v1 certificate refuses the bundle",
        confidence: Confidence::High,
    },
    anchors: Sourced {
        value: Anchors::EveryCertificate,
        source: "s2n-tls sets X509_V_FLAG_PARTIAL_CHAIN: every trust store certificate is an anchor (inferred)",
        confidence: Confidence::Low,
    },
    client_chain: Sourced {
        value: ClientChain::UsedToBuild,
        source: "ELB mutual TLS: the client sends its certificate chain, verified against the trust store (inferred: trust store first)",
        confidence: Confidence::Low,
    },
    issuer_choice: Sourced {
        value: IssuerChoice::AnyMatching,
        source: "AWS-LC X509_STORE_CTX_get1_issuer: the first matching certificate by store order, no validity preference (inferred)",
        confidence: Confidence::Low,
    },
    pem: Sourced {
        value: PemPolicy {
            stray_text_refused: true,
            blank_lines_refused: true,
            comment_dashes_refused: true,
        },
        source: "ELB mutual TLS: \"Comments must be preceded by a # character and must not contain any - characters\"; \"There cannot be any blank lines\"",
        confidence: Confidence::High,
    },
    consequences: &[
        (LintCode::TooLarge, REFUSED),
        (LintCode::TooManyCertificates, "Elastic Load Balancing: the trust store is refused (over the CA certificates quota, adjustable on request)"),
        (LintCode::CertificateTooLarge, REFUSED),
        (LintCode::NotPem, REFUSED),
        (LintCode::MissingNewline, REFUSED),
        (LintCode::IndentedPem, REFUSED),
        (LintCode::Malformed, REFUSED),
        (LintCode::PrivateKeyInBundle, REFUSED),
        (LintCode::NonCertificateBlock, REFUSED),
        (LintCode::StrayText, REFUSED),
        (LintCode::BlankLine, REFUSED),
        (LintCode::CommentDash, REFUSED),
        (LintCode::Duplicate, "Elastic Load Balancing: harmless (inferred), but it counts toward the 25-certificate quota"),
        (
            LintCode::DuplicateSubject,
            "Elastic Load Balancing: the whole CA bundle is refused (InvalidCaCertificatesBundle; one bad certificate refuses it); were it taken, the load balancer could take either certificate of the name",
        ),
        (LintCode::InsecureSignatureAlgorithm, REFUSED),
        (LintCode::UnsupportedKey, REFUSED),
        (LintCode::NotX509v3, REFUSED),
        (LintCode::Expired, REFUSED),
        (LintCode::NotYetValid, REFUSED),
        (
            LintCode::ExpiringSoon,
            "Elastic Load Balancing: no warning when it expires; clients whose path uses it are refused from then on",
        ),
        (
            LintCode::IssuerNotFound,
            "Elastic Load Balancing: not a problem: every trust store certificate is an anchor",
        ),
        (
            LintCode::BadSignature,
            "Elastic Load Balancing: not a problem: every trust store certificate is an anchor, its own signature is not checked",
        ),
        (LintCode::NotACa, REFUSED),
        (
            LintCode::ChainTooLong,
            "Elastic Load Balancing: not a problem: a path ends at the first trust store certificate",
        ),
        (
            LintCode::InvalidPurpose,
            "Elastic Load Balancing: the whole CA bundle is refused (one bad certificate refuses it); were it taken, every client under it would be refused with ClientCertPurposeInvalid",
        ),
        (LintCode::UnhandledCriticalExtension, REFUSED),
        (
            LintCode::NameConstraintViolation,
            "Elastic Load Balancing: the CA's own names do not matter, it is an anchor; clients are checked against its constraints",
        ),
        (
            LintCode::LeafInTruststore,
            "Elastic Load Balancing: accepted; as an anchor it admits exactly that client certificate",
        ),
    ],
    self_signed_consequence: "Elastic Load Balancing: refused with ClientCertUntrusted unless the same certificate is in the trust store",
    weak_root_signature_consequence: REFUSED,
    refusal: Sourced {
        value: Refusal {
            codes: BUNDLE_RULES,
            every_error: true,
            message: "InvalidCaCertificatesBundle: The specified ca certificate bundle is in an invalid format, or corrupt.",
        },
        source: "ELB API error InvalidCaCertificatesBundle: one bad certificate refuses the whole bundle; every error finding is taken to count (inferred beyond the documented rules)",
        confidence: Confidence::Medium,
    },
    revocation_lists: Sourced {
        value: true,
        source: "ELB trust stores: certificate revocation lists in PEM, 30 per trust store, 50 MB per file, 500,000 entries",
        confidence: Confidence::High,
    },
    identity_filters: Sourced {
        value: false,
        source: "ALB listeners have no identity filters",
        confidence: Confidence::High,
    },
    expiry_waiver: Some(ExpiryWaiver {
        option: "IgnoreClientCertificateExpiry",
        flag: "--ignore-client-certificate-expiry",
        every_certificate: false,
    }),
    reasons: &[
        (DenialCode::Malformed, INVALID),
        (DenialCode::SelfSigned, UNTRUSTED),
        (DenialCode::IssuerNotFound, UNTRUSTED),
        (DenialCode::TooManyPaths, token("Failed:(the code of the path the load balancer takes)", false)),
        (DenialCode::InsecureSignatureAlgorithm, TYPE_UNSUPPORTED),
        (DenialCode::UnsupportedKey, TYPE_UNSUPPORTED),
        (
            DenialCode::ChainTooLong,
            token(
                "Failed:ClientCertMaxChainDepthExceeded  The maximum client certificate chain depth has been exceeded",
                true,
            ),
        ),
        (DenialCode::UnhandledCriticalExtension, INVALID),
        (DenialCode::NotACa, UNTRUSTED),
        (
            DenialCode::InvalidPurpose,
            token(
                "Failed:ClientCertPurposeInvalid  Client certificate purpose is invalid",
                true,
            ),
        ),
        (DenialCode::BadSignature, UNTRUSTED),
        (
            DenialCode::Expired,
            token("Failed:ClientCertExpired  Client certificate is expired", true),
        ),
        (
            DenialCode::NotYetValid,
            token("Failed:ClientCertNotYetValid  Client certificate is not yet valid", true),
        ),
        (DenialCode::NameConstraintViolation, UNTRUSTED),
        (DenialCode::Revoked, token("Failed:ClientCertCrlHit  Client certificate has been revoked by the CA", true)),
        (DenialCode::CrlUnusable, token("Failed:ClientCertCrlProcessingError  CRL processing error", false)),
        (
            DenialCode::NoFilterMatch,
            token(
                "Failed:ClientCertRejected  Client certificate is rejected by custom server validation",
                false,
            ),
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
