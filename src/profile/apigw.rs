//! Amazon API Gateway custom domains with mutual TLS (REST and HTTP APIs). Sources are the
//! S-numbers of `docs/aws-mtls-rules.md`.

use super::{
    Anchors, ClientChain, Confidence, IssuerChoice, KeyPolicy, NameConstraintReasons, PemPolicy,
    Profile, Quota, Reason, Refusal, SignatureFamily, SignaturePolicy, Sourced,
};
use crate::codes::{DenialCode, LintCode};
use crate::crypto::{Curve, Hash};

/// OpenSSL / AWS-LC `x509_txt.c` strings behind the inferred reasons (S8).
const fn inferred(line: &'static str) -> Reason {
    Reason {
        line,
        verbatim: false,
    }
}

const fn verbatim(line: &'static str) -> Reason {
    Reason {
        line,
        verbatim: true,
    }
}

/// The standard consequence for a certificate API Gateway considers invalid (S1, S7).
const WARNS_AND_DENIES: &str =
    "API Gateway: warning at domain update; clients that chain through it are denied";

/// For the rules of other services' file formats and limits, silent under this profile.
const NOT_A_RULE_HERE: &str =
    "API Gateway: accepted; the rule applies to load balancer and CloudFront trust stores";

const INSECURE_ALGORITHM: &str =
    "Access denied. Reason: Client cert using an insecure Signature Algorithm";

pub(super) static PROFILE: Profile = Profile {
    name: "apigw",
    service: "API Gateway",
    keys: Sourced {
        value: KeyPolicy {
            rsa_min_bits: 2048,
            rsa_max_bits: None,
            rsa_sizes: None,
            curves: &[Curve::P256, Curve::P384],
        },
        source: "S1, S3: RSA keys of 2048 bits or more, ECDSA keys of 256 or 384 bits",
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
        source: "S1: signatures with SHA-256 or stronger; S3: \"insecure Signature Algorithm\"",
        confidence: Confidence::High,
    },
    max_ca_certificates: Sourced {
        value: 4,
        source: "S1: \"maximum chain length of four\"; S5, S6: root included, client not counted",
        confidence: Confidence::Medium,
    },
    max_bundle_bytes: Sourced {
        value: Some(1_000_000),
        source: "API Gateway quotas: \"up to 1 MB total object size\"; S5: 929 certificates in 999 KB were accepted",
        confidence: Confidence::Medium,
    },
    max_certificates: Sourced {
        value: Some(Quota {
            limit: 1000,
            adjustable: false,
        }),
        source: "API Gateway quotas: \"1,000 certificates up to 1 MB total object size\" (not adjustable)",
        confidence: Confidence::High,
    },
    max_certificate_bytes: Sourced {
        value: None,
        source: "API Gateway documents no per-certificate limit",
        confidence: Confidence::Medium,
    },
    v3_only: Sourced {
        value: false,
        source: "S5: a v1 root was accepted as a trust anchor",
        confidence: Confidence::Medium,
    },
    v1_roots_are_cas: Sourced {
        value: true,
        source: "S5: a v1 root was accepted as a trust anchor",
        confidence: Confidence::Medium,
    },
    anchors: Sourced {
        value: Anchors::SelfSignedRoots,
        source: "S1: the truststore must hold the whole chain up to the root",
        confidence: Confidence::High,
    },
    client_chain: Sourced {
        value: ClientChain::Ignored,
        source: "S1, S3: API Gateway builds the path from the truststore only",
        confidence: Confidence::Medium,
    },
    issuer_choice: Sourced {
        value: IssuerChoice::ValidFirst,
        source: "OpenSSL 3 X509_STORE_CTX_get1_issuer (API Gateway's reasons are OpenSSL's strings)",
        confidence: Confidence::Low,
    },
    pem: Sourced {
        value: PemPolicy {
            stray_text_refused: false,
            blank_lines_refused: false,
            comment_dashes_refused: false,
        },
        source: "RFC 7468 section 5.2 allows explanatory text; AWS does not document it",
        confidence: Confidence::Low,
    },
    consequences: &[
        (LintCode::TooLarge, "API Gateway: the truststore is refused"),
        (LintCode::TooManyCertificates, "API Gateway: the truststore is refused"),
        (LintCode::CertificateTooLarge, NOT_A_RULE_HERE),
        (LintCode::BlankLine, NOT_A_RULE_HERE),
        (LintCode::CommentDash, NOT_A_RULE_HERE),
        (LintCode::NotX509v3, NOT_A_RULE_HERE),
        (
            LintCode::NotPem,
            "API Gateway: the truststore must be a PEM text file; the custom domain name cannot use another format (inferred)",
        ),
        (
            LintCode::MissingNewline,
            "API Gateway: OpenSSL's PEM reader rejects this END line (bad end line): the certificate it closes and those after it are not read (inferred)",
        ),
        (
            LintCode::IndentedPem,
            "API Gateway: OpenSSL's PEM reader finds no BEGIN line at the start of a line, so this certificate is not read (inferred)",
        ),
        (LintCode::Malformed, WARNS_AND_DENIES),
        (
            LintCode::PrivateKeyInBundle,
            "API Gateway: not a certificate, so not used; the key is exposed to everyone who can read the S3 object",
        ),
        (
            LintCode::NonCertificateBlock,
            "API Gateway: undocumented; at best ignored",
        ),
        (
            LintCode::StrayText,
            "API Gateway: undocumented; OpenSSL-based parsers skip it, stricter ones reject the file",
        ),
        (LintCode::Duplicate, "API Gateway: harmless, but it counts toward the size limit"),
        (LintCode::DuplicateSubject, "API Gateway: the truststore is refused at import"),
        (LintCode::InsecureSignatureAlgorithm, WARNS_AND_DENIES),
        (LintCode::UnsupportedKey, WARNS_AND_DENIES),
        (LintCode::Expired, WARNS_AND_DENIES),
        (LintCode::NotYetValid, WARNS_AND_DENIES),
        (
            LintCode::ExpiringSoon,
            "API Gateway: no warning when it expires later; clients that chain through it are denied from then on",
        ),
        (
            LintCode::IssuerNotFound,
            "API Gateway: warning at domain update; clients under it are denied with \"Could not find issuer for certificate\"",
        ),
        (LintCode::BadSignature, WARNS_AND_DENIES),
        (LintCode::NotACa, WARNS_AND_DENIES),
        (LintCode::ChainTooLong, WARNS_AND_DENIES),
        (
            LintCode::InvalidPurpose,
            "API Gateway: accepted at import (inferred); every client under it is denied: OpenSSL verifies client certificates for the ssl_client purpose",
        ),
        (LintCode::UnhandledCriticalExtension, WARNS_AND_DENIES),
        (LintCode::NameConstraintViolation, WARNS_AND_DENIES),
        (
            LintCode::LeafInTruststore,
            "API Gateway: accepted, to no use: a certificate that is not a CA issues no client certificates (a self-signed one admits only the identical client certificate)",
        ),
    ],
    self_signed_consequence: "API Gateway: the client is denied with \"self signed certificate\"",
    weak_root_signature_consequence: "API Gateway: warning at domain update; a root's own signature is not checked when clients are verified",
    refusal: Sourced {
        value: Refusal {
            codes: &[
                LintCode::TooLarge,
                LintCode::TooManyCertificates,
                LintCode::NotPem,
                LintCode::DuplicateSubject,
            ],
            message: "the custom domain name cannot be created or updated with this truststore",
            every_error: false,
        },
        source: "API Gateway quotas; S5 (two CAs of one subject refused at import)",
        confidence: Confidence::Medium,
    },
    expiry_waiver: None,
    revocation_lists: Sourced {
        value: false,
        source: "S1: API Gateway does not check revocation (a Lambda authorizer can)",
        confidence: Confidence::High,
    },
    identity_filters: Sourced {
        value: false,
        source: "API Gateway has no identity filters (a Lambda authorizer does that)",
        confidence: Confidence::High,
    },
    reasons: &[
        (DenialCode::Malformed, inferred("Access denied. Reason: unable to decode certificate")),
        (DenialCode::SelfSigned, verbatim("Access denied. Reason: self signed certificate")),
        (
            DenialCode::IssuerNotFound,
            verbatim("Access denied. Reason: Could not find issuer for certificate"),
        ),
        (DenialCode::InsecureSignatureAlgorithm, verbatim(INSECURE_ALGORITHM)),
        // AWS documents "signature or key weaker than supported" under this one line (S3).
        (DenialCode::UnsupportedKey, inferred(INSECURE_ALGORITHM)),
        (DenialCode::ChainTooLong, inferred("Access denied. Reason: certificate chain too long")),
        (
            DenialCode::UnhandledCriticalExtension,
            inferred("Access denied. Reason: unhandled critical extension"),
        ),
        (DenialCode::NotACa, inferred("Access denied. Reason: invalid CA certificate")),
        (
            DenialCode::InvalidPurpose,
            inferred("Access denied. Reason: unsupported certificate purpose"),
        ),
        (
            DenialCode::BadSignature,
            inferred("Access denied. Reason: certificate signature failure"),
        ),
        (DenialCode::Expired, inferred("Access denied. Reason: certificate has expired")),
        (
            DenialCode::NotYetValid,
            inferred("Access denied. Reason: certificate is not yet valid"),
        ),
        (
            DenialCode::NameConstraintViolation,
            inferred("Access denied. Reason: permitted subtree violation"),
        ),
        // The reason, if any, is that of the path API Gateway happens to take.
        (DenialCode::Revoked, inferred("Access denied. Reason: certificate revoked")),
        (DenialCode::CrlUnusable, inferred("Access denied. Reason: unable to get certificate CRL")),
        (
            DenialCode::NoFilterMatch,
            inferred("Access denied. Reason: (API Gateway has no identity filters)"),
        ),
        (
            DenialCode::TooManyPaths,
            inferred("Access denied. Reason: (that of the path API Gateway takes)"),
        ),
    ],
    path_length_reason: inferred("Access denied. Reason: path length constraint exceeded"),
    // AWS's line speaks of the client cert; for a CA on the path it is our inference.
    ca_signature_reason: inferred(INSECURE_ALGORITHM),
    name_constraint_reasons: NameConstraintReasons {
        permitted: inferred("Access denied. Reason: permitted subtree violation"),
        excluded: inferred("Access denied. Reason: excluded subtree violation"),
        unsupported_type: inferred("Access denied. Reason: unsupported name constraint type"),
        invalid_constraint: inferred(
            "Access denied. Reason: unsupported or invalid name constraint syntax",
        ),
        invalid_name: inferred("Access denied. Reason: unsupported or invalid name syntax"),
        too_many: inferred("Access denied. Reason: unspecified certificate verification error"),
    },
};
