//! Each certificate property decided once, given a profile: key, signature algorithm, CA-ness
//! (basicConstraints, keyUsage), pathLenConstraint, validity and depth. The lint rules and
//! verify's path checks both call these functions and only phrase the result, so they cannot
//! disagree about a certificate.

mod name_constraints;

pub(crate) use name_constraints::{
    name_constraints, name_constraints_usable, NameConstraintProblem,
};

use crate::crypto::{Curve, Hash, KeyKind, SignatureAlgorithm};
use crate::profile::{Profile, SignatureFamily};
use crate::x509::Certificate;

/// Why a public key is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyProblem {
    /// An RSA key whose modulus cannot be read.
    Unreadable,
    /// An RSA key outside the profile's size range.
    RsaSize {
        bits: usize,
        min: usize,
        max: Option<usize>,
    },
    /// An EC key on a curve the profile does not accept.
    Curve(Curve),
    /// A key type the profile does not accept at all (EdDSA, DSA, unknown).
    Kind(KeyKind),
}

/// Whether `profile` accepts the certificate's public key.
pub(crate) fn key(cert: &Certificate, profile: &Profile) -> Result<(), KeyProblem> {
    let policy = &profile.keys.value;
    match &cert.key_kind {
        KeyKind::Rsa { bits: 0 } => Err(KeyProblem::Unreadable),
        KeyKind::Rsa { bits } => {
            let too_large = policy.rsa_max_bits.is_some_and(|max| *bits > max);
            let unlisted = policy.rsa_sizes.is_some_and(|sizes| !sizes.contains(bits));
            if *bits < policy.rsa_min_bits || too_large || unlisted {
                Err(KeyProblem::RsaSize {
                    bits: *bits,
                    min: policy.rsa_min_bits,
                    max: policy.rsa_max_bits,
                })
            } else {
                Ok(())
            }
        }
        KeyKind::Ec { curve } if policy.curves.contains(curve) => Ok(()),
        KeyKind::Ec { curve } => Err(KeyProblem::Curve(curve.clone())),
        other => Err(KeyProblem::Kind(other.clone())),
    }
}

impl KeyProblem {
    /// What keys the profile accepts, for hints: "RSA 2048+ or ECDSA P-256/P-384".
    pub(crate) fn accepted(profile: &Profile) -> String {
        let policy = &profile.keys.value;
        let rsa = match (policy.rsa_sizes, policy.rsa_max_bits) {
            (Some(sizes), _) => {
                let sizes: Vec<String> = sizes.iter().map(ToString::to_string).collect();
                format!("RSA {}", sizes.join("/"))
            }
            (None, Some(max)) => format!("RSA {}-{max}", policy.rsa_min_bits),
            (None, None) => format!("RSA {}+", policy.rsa_min_bits),
        };
        let curves: Vec<String> = policy.curves.iter().map(Curve::to_string).collect();
        format!("{rsa} or ECDSA {}", curves.join("/"))
    }
}

/// Why a signature algorithm is not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AlgorithmProblem {
    /// A family the profile accepts, with a digest weaker than its minimum.
    WeakHash(Hash),
    /// A family the profile does not accept, or parameters we cannot read.
    Unsupported,
}

/// Whether `profile` accepts the algorithm a certificate is signed with.
pub(crate) fn signature_algorithm(
    alg: &SignatureAlgorithm,
    profile: &Profile,
) -> Result<(), AlgorithmProblem> {
    let policy = &profile.signatures.value;
    let family = match alg {
        SignatureAlgorithm::RsaPkcs1(_) => SignatureFamily::RsaPkcs1,
        SignatureAlgorithm::RsaPss { .. } => SignatureFamily::RsaPss,
        SignatureAlgorithm::Ecdsa(_) => SignatureFamily::Ecdsa,
        _ => return Err(AlgorithmProblem::Unsupported),
    };
    if !policy.families.contains(&family) {
        return Err(AlgorithmProblem::Unsupported);
    }
    match alg.hash() {
        Some(hash) if hash >= policy.min_hash => Ok(()),
        Some(hash) => Err(AlgorithmProblem::WeakHash(hash)),
        None => Err(AlgorithmProblem::Unsupported),
    }
}

/// Whether the certificate is a CA: basicConstraints CA:TRUE, or (where the profile accepts
/// them) an X.509 v1/v2 self-signed root, which has no extensions to say so.
pub(crate) fn is_ca(cert: &Certificate, profile: &Profile) -> bool {
    match cert.constraints {
        Some(c) => c.ca,
        None => profile.v1_roots_are_cas.value && cert.version < 3 && cert.is_self_signed(),
    }
}

/// Why a certificate may not issue others (RFC 5280 4.2.1.3 and 4.2.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaProblem {
    /// No basicConstraints CA:TRUE.
    NotACa,
    /// CA:TRUE, but a keyUsage extension without keyCertSign.
    NoKeyCertSign,
}

/// Whether the certificate may sign certificates.
pub(crate) fn can_issue(cert: &Certificate, profile: &Profile) -> Result<(), CaProblem> {
    if !is_ca(cert, profile) {
        return Err(CaProblem::NotACa);
    }
    if cert.key_cert_sign == Some(false) {
        return Err(CaProblem::NoKeyCertSign);
    }
    Ok(())
}

impl CaProblem {
    /// "is not a CA (...)" / "has keyUsage without keyCertSign (...)".
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            CaProblem::NotACa => "is not a CA (no basicConstraints CA:TRUE)",
            CaProblem::NoKeyCertSign => "has keyUsage without keyCertSign",
        }
    }
}

/// Whether a CA counts against the pathLenConstraint of the CAs above it: self-issued CAs (a
/// key rollover) do not (RFC 5280 6.1.4 (l), as OpenSSL).
pub(crate) fn counts_for_path_len(cert: &Certificate) -> bool {
    !cert.is_self_issued()
}

/// An exceeded pathLenConstraint: the limit, and the CAs below it that count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathLenProblem {
    pub(crate) limit: u8,
    pub(crate) below: usize,
}

/// Whether `issuer`'s pathLenConstraint allows `below` counted intermediate CAs under it.
pub(crate) fn path_len(issuer: &Certificate, below: usize) -> Result<(), PathLenProblem> {
    match issuer.constraints.and_then(|c| c.path_len) {
        Some(limit) if below > usize::from(limit) => Err(PathLenProblem { limit, below }),
        _ => Ok(()),
    }
}

/// Where the evaluation time falls in a certificate's validity (inclusive of both ends, as
/// RFC 5280 4.1.2.5 says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Validity {
    Valid,
    Expired,
    NotYetValid,
}

/// The certificate's validity at `at` (seconds since the Unix epoch). A certificate whose
/// notBefore is after its notAfter is both expired and not yet valid: `Expired` is returned.
pub(crate) fn validity(cert: &Certificate, at: i64) -> Validity {
    if at > cert.not_after {
        Validity::Expired
    } else if at < cert.not_before {
        Validity::NotYetValid
    } else {
        Validity::Valid
    }
}

/// Whether `at` is before the certificate's notBefore (whatever its notAfter).
pub(crate) fn not_yet_valid(cert: &Certificate, at: i64) -> bool {
    at < cert.not_before
}

/// Whether a path with `cas` CA certificates (root included, client not counted) is within the
/// profile's depth limit. The limit counts a self-signed root at the top; where the path ends
/// elsewhere (an intermediate anchor, a dead end) the top counts as an intermediate, so one CA
/// fewer is allowed: client and at most three intermediates, whatever the anchor.
pub(crate) fn depth(cas: usize, ends_at_root: bool, profile: &Profile) -> Result<(), usize> {
    let limit = profile.max_ca_certificates.value;
    let max = if ends_at_root {
        limit
    } else {
        limit.saturating_sub(1)
    };
    if cas > max {
        Err(max)
    } else {
        Ok(())
    }
}

/// Why a certificate is not fit for client authentication, as OpenSSL's `ssl_client` purpose
/// (`check_purpose_ssl_client` in crypto/x509/v3_purp.c) decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PurposeProblem {
    /// extendedKeyUsage is present without clientAuth; the purposes it has, by name.
    NoClientAuth(Vec<String>),
    /// The client's keyUsage allows neither digitalSignature nor keyAgreement.
    NoSignatureKeyUsage,
    /// Netscape certType is present without sslClient (client) or sslCA (a CA without
    /// basicConstraints).
    NetscapeCertType,
}

/// id-kp-clientAuth (RFC 5280 4.2.1.12).
const CLIENT_AUTH: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// Netscape certType bits, as OpenSSL numbers them from the first byte.
const NS_SSL_CLIENT: u8 = 0x80;
const NS_SSL_CA: u8 = 0x04;

/// Whether `cert` may be used for TLS client authentication: as the client (`ca` false) or as
/// a CA on a client's path (`ca` true). anyExtendedKeyUsage alone does not do: OpenSSL 3 and
/// AWS-LC refuse it for this purpose.
pub(crate) fn client_auth_purpose(cert: &Certificate, ca: bool) -> Result<(), PurposeProblem> {
    if let Some(oids) = &cert.eku_oids {
        if !oids.contains(&CLIENT_AUTH) {
            let names = cert.extended_key_usage().unwrap_or_default();
            return Err(PurposeProblem::NoClientAuth(names));
        }
    }
    if ca {
        // certType counts for a CA only when basicConstraints is absent (OpenSSL's check_ca
        // returns 5); such a v3 CA is not a CA for `can_issue` anyway.
        let counts = cert.constraints.is_none();
        return match cert.ns_cert_type {
            Some(bits) if counts && bits & NS_SSL_CA == 0 => Err(PurposeProblem::NetscapeCertType),
            _ => Ok(()),
        };
    }
    if let Some(usages) = &cert.key_usage {
        if !usages
            .iter()
            .any(|u| *u == "digitalSignature" || *u == "keyAgreement")
        {
            return Err(PurposeProblem::NoSignatureKeyUsage);
        }
    }
    match cert.ns_cert_type {
        Some(bits) if bits & NS_SSL_CLIENT == 0 => Err(PurposeProblem::NetscapeCertType),
        _ => Ok(()),
    }
}

impl PurposeProblem {
    /// "has extendedKeyUsage serverAuth, without clientAuth", and the like.
    pub(crate) fn describe(&self) -> String {
        match self {
            PurposeProblem::NoClientAuth(names) if names.is_empty() => {
                "has an empty extendedKeyUsage (no clientAuth)".to_string()
            }
            PurposeProblem::NoClientAuth(names)
                if names.iter().all(|n| n == "anyExtendedKeyUsage") =>
            {
                "has extendedKeyUsage anyExtendedKeyUsage only, which OpenSSL does not accept for client authentication (clientAuth is needed)".to_string()
            }
            PurposeProblem::NoClientAuth(names) => format!(
                "has extendedKeyUsage {}, without clientAuth",
                names.join(", ")
            ),
            PurposeProblem::NoSignatureKeyUsage => {
                "has keyUsage without digitalSignature or keyAgreement".to_string()
            }
            PurposeProblem::NetscapeCertType => {
                "has a Netscape certType that does not allow SSL client use".to_string()
            }
        }
    }
}

/// The extensions OpenSSL 3 processes (`X509_supported_extension`, crypto/x509/v3_purp.c):
/// a critical extension outside this list fails verification. A critical AKI, SKI, AIA or
/// issuerAltName is not in it.
const SUPPORTED_EXTENSIONS: [const_oid::ObjectIdentifier; 15] = [
    const_oid::ObjectIdentifier::new_unwrap("2.16.840.1.113730.1.1"), // nsCertType
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.15"),             // keyUsage
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.17"),             // subjectAltName
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.19"),             // basicConstraints
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.32"),             // certificatePolicies
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.31"),             // cRLDistributionPoints
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.37"),             // extKeyUsage
    const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.7"),     // sbgp-ipAddrBlock
    const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.8"),     // sbgp-autonomousSysNum
    const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.5"),  // OCSP noCheck
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.36"),             // policyConstraints
    const_oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.1.14"),    // proxyCertInfo
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.30"),             // nameConstraints
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.33"),             // policyMappings
    const_oid::ObjectIdentifier::new_unwrap("2.5.29.54"),             // inhibitAnyPolicy
];

/// The first critical extension of `cert` the verifier would not process: its OID, dotted,
/// with its name where the OID database knows one.
pub(crate) fn unhandled_critical_extension(cert: &Certificate) -> Option<String> {
    let (oid, _) = cert
        .extensions
        .iter()
        .find(|(oid, critical)| *critical && !SUPPORTED_EXTENSIONS.contains(oid))?;
    Some(match const_oid::db::DB.by_oid(oid) {
        Some(name) => format!("{oid} ({name})"),
        None => oid.to_string(),
    })
}
