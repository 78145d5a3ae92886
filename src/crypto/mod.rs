//! Signature algorithms, public keys, and real signature verification.
//!
//! Supported (what API Gateway accepts, plus SHA-1 so legacy roots are still recognised as
//! self-signed): RSA PKCS#1 v1.5 and RSASSA-PSS, ECDSA on P-256, P-384 and P-521. Everything
//! else is `Unsupported`, never a silent pass.
//!
//! The checks themselves run in variable time (`rsa_verify`, `ec_point`, `ecdsa_verify`):
//! everything they see is public. Private keys (`keys`, for `match`) never reach them.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

mod ec_point;
mod ecdsa_verify;
#[cfg(feature = "cli")]
pub(crate) mod keys;
mod rsa_verify;

use const_oid::ObjectIdentifier as Oid;
use der::{Decode, Encode};
use ecdsa::elliptic_curve::ops::Reduce;
use ecdsa::elliptic_curve::FieldBytes;
use ecdsa::elliptic_curve::{array::ArraySize, FieldBytesSize};
use ecdsa_verify::{Comb, KeyTables, OddMultiples, VerifyCurve};
use primeorder::Scalar;
pub(crate) use rsa_verify::RsaKey;
use sha1::Sha1;
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The value `table` gives `oid` (tables are short; comparing OIDs is comparing bytes).
fn look_up<T: Clone>(table: &[(Oid, T)], oid: &Oid) -> Option<T> {
    table
        .iter()
        .find(|(known, _)| known == oid)
        .map(|(_, value)| value.clone())
}

/// An OID from its dotted text, at compile time (for the const tables here and in `cert`).
pub(crate) const fn oid(dotted: &str) -> Oid {
    Oid::new_unwrap(dotted)
}

const RSA_ENCRYPTION: Oid = oid("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: Oid = oid("1.2.840.113549.1.1.10");
const MGF1: Oid = oid("1.2.840.113549.1.1.8");
const EC_PUBLIC_KEY: Oid = oid("1.2.840.10045.2.1");

static HASHES: [(Oid, Hash); 5] = [
    (oid("1.3.14.3.2.26"), Hash::Sha1),
    (oid("2.16.840.1.101.3.4.2.4"), Hash::Sha224),
    (oid("2.16.840.1.101.3.4.2.1"), Hash::Sha256),
    (oid("2.16.840.1.101.3.4.2.2"), Hash::Sha384),
    (oid("2.16.840.1.101.3.4.2.3"), Hash::Sha512),
];

/// Signature algorithms without parameters to read (RSASSA-PSS is read apart).
static SIGNATURE_ALGORITHMS: &[(Oid, SignatureAlgorithm)] = {
    use SignatureAlgorithm::*;
    &[
        (oid("1.2.840.113549.1.1.2"), RsaPkcs1(Hash::Md2)),
        (oid("1.2.840.113549.1.1.4"), RsaPkcs1(Hash::Md5)),
        (oid("1.2.840.113549.1.1.5"), RsaPkcs1(Hash::Sha1)),
        (oid("1.2.840.113549.1.1.14"), RsaPkcs1(Hash::Sha224)),
        (oid("1.2.840.113549.1.1.11"), RsaPkcs1(Hash::Sha256)),
        (oid("1.2.840.113549.1.1.12"), RsaPkcs1(Hash::Sha384)),
        (oid("1.2.840.113549.1.1.13"), RsaPkcs1(Hash::Sha512)),
        (oid("1.2.840.10045.4.1"), Ecdsa(Hash::Sha1)),
        (oid("1.2.840.10045.4.3.1"), Ecdsa(Hash::Sha224)),
        (oid("1.2.840.10045.4.3.2"), Ecdsa(Hash::Sha256)),
        (oid("1.2.840.10045.4.3.3"), Ecdsa(Hash::Sha384)),
        (oid("1.2.840.10045.4.3.4"), Ecdsa(Hash::Sha512)),
        (oid("1.3.101.112"), Ed25519),
        (oid("1.3.101.113"), Ed448),
        (oid("1.2.840.10040.4.3"), Dsa(Hash::Sha1)),
        (oid("2.16.840.1.101.3.4.3.1"), Dsa(Hash::Sha224)),
        (oid("2.16.840.1.101.3.4.3.2"), Dsa(Hash::Sha256)),
    ]
};

static CURVES: [(Oid, Curve); 4] = [
    (oid("1.2.840.10045.3.1.7"), Curve::P256),
    (oid("1.3.132.0.34"), Curve::P384),
    (oid("1.3.132.0.35"), Curve::P521),
    (oid("1.3.132.0.10"), Curve::Secp256k1),
];

/// Key algorithms other than RSA and EC (which have more to read).
static KEY_KINDS: [(Oid, KeyKind); 3] = [
    (oid("1.3.101.112"), KeyKind::Ed25519),
    (oid("1.3.101.113"), KeyKind::Ed448),
    (oid("1.2.840.10040.4.1"), KeyKind::Dsa),
];

/// A message digest named by a signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Hash {
    /// MD2 (never verified).
    Md2,
    /// MD5 (never verified).
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// SHA-256 and stronger (AWS: "signatures with SHA-256 or stronger").
    pub fn is_strong(self) -> bool {
        self >= Hash::Sha256
    }

    fn from_oid(oid: &Oid) -> Option<Hash> {
        look_up(&HASHES, oid)
    }

    /// The digest's length in bytes (0 for the digests never computed).
    fn output_len(self) -> usize {
        match self {
            Hash::Md2 | Hash::Md5 => 0,
            Hash::Sha1 => <Sha1 as Digest>::output_size(),
            Hash::Sha224 => <Sha224 as Digest>::output_size(),
            Hash::Sha256 => <Sha256 as Digest>::output_size(),
            Hash::Sha384 => <Sha384 as Digest>::output_size(),
            Hash::Sha512 => <Sha512 as Digest>::output_size(),
        }
    }

    fn digest(self, data: &[u8]) -> Option<Vec<u8>> {
        Some(match self {
            Hash::Md2 | Hash::Md5 => return None,
            Hash::Sha1 => Sha1::digest(data).to_vec(),
            Hash::Sha224 => Sha224::digest(data).to_vec(),
            Hash::Sha256 => Sha256::digest(data).to_vec(),
            Hash::Sha384 => Sha384::digest(data).to_vec(),
            Hash::Sha512 => Sha512::digest(data).to_vec(),
        })
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Hash::Md2 => "MD2",
            Hash::Md5 => "MD5",
            Hash::Sha1 => "SHA-1",
            Hash::Sha224 => "SHA-224",
            Hash::Sha256 => "SHA-256",
            Hash::Sha384 => "SHA-384",
            Hash::Sha512 => "SHA-512",
        })
    }
}

/// The algorithm a certificate was signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SignatureAlgorithm {
    RsaPkcs1(Hash),
    RsaPss {
        hash: Hash,
        mgf1_hash: Hash,
        salt_len: usize,
    },
    Ecdsa(Hash),
    Ed25519,
    Ed448,
    Dsa(Hash),
    /// An algorithm we do not know (or PSS parameters we cannot read): the dotted OID.
    Unknown(String),
}

impl SignatureAlgorithm {
    pub(crate) fn from_identifier(alg: &AlgorithmIdentifierOwned) -> Self {
        let unknown = || SignatureAlgorithm::Unknown(alg.oid.to_string());
        if alg.oid == RSASSA_PSS {
            return pss_from_params(alg).unwrap_or_else(unknown);
        }
        look_up(SIGNATURE_ALGORITHMS, &alg.oid).unwrap_or_else(unknown)
    }

    /// The digest, where the algorithm names one we know.
    pub(crate) fn hash(&self) -> Option<Hash> {
        match self {
            Self::RsaPkcs1(h) | Self::Ecdsa(h) | Self::Dsa(h) => Some(*h),
            Self::RsaPss {
                hash, mgf1_hash, ..
            } => Some((*hash).min(*mgf1_hash)),
            _ => None,
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RsaPkcs1(h) => write!(f, "{h} with RSA"),
            Self::RsaPss {
                hash,
                mgf1_hash,
                salt_len,
            } if hash == mgf1_hash => {
                write!(f, "RSASSA-PSS with {hash} (salt {salt_len})")
            }
            Self::RsaPss {
                hash,
                mgf1_hash,
                salt_len,
            } => {
                write!(
                    f,
                    "RSASSA-PSS with {hash}, MGF1 {mgf1_hash} (salt {salt_len})"
                )
            }
            Self::Ecdsa(h) => write!(f, "ECDSA with {h}"),
            Self::Ed25519 => f.write_str("Ed25519"),
            Self::Ed448 => f.write_str("Ed448"),
            Self::Dsa(h) => write!(f, "DSA with {h}"),
            Self::Unknown(oid) => write!(f, "unknown algorithm {oid}"),
        }
    }
}

/// RSASSA-PSS parameters (RFC 4055 section 3.1); absent fields take the SHA-1 defaults.
fn pss_from_params(alg: &AlgorithmIdentifierOwned) -> Option<SignatureAlgorithm> {
    let encoded = alg.parameters.as_ref()?.to_der().ok()?;
    let params = decode_pss_params(&encoded)?;
    let hash = Hash::from_oid(&params.hash.oid)?;
    // MGF1's parameter is the AlgorithmIdentifier of its hash.
    let mgf1_hash = match &params.mask_gen.parameters {
        Some(inner) if params.mask_gen.oid == MGF1 => Hash::from_oid(&inner.oid)?,
        _ => return None,
    };
    Some(SignatureAlgorithm::RsaPss {
        hash,
        mgf1_hash,
        salt_len: params.salt_len.into(),
    })
}

fn decode_pss_params(encoded: &[u8]) -> Option<pkcs1::RsaPssParams<der::Any>> {
    pkcs1::RsaPssParams::from_der(encoded).ok()
}

/// The kind and size of a subject public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa { bits: usize },
    Ec { curve: Curve },
    Ed25519,
    Ed448,
    Dsa,
    Unknown(String),
}

/// The curve of an EC public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
    /// secp256k1.
    Secp256k1,
    /// Named by an OID we do not know, or explicit parameters.
    Other(String),
}

impl fmt::Display for Curve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Curve::P256 => f.write_str("P-256"),
            Curve::P384 => f.write_str("P-384"),
            Curve::P521 => f.write_str("P-521"),
            Curve::Secp256k1 => f.write_str("secp256k1"),
            Curve::Other(s) => f.write_str(s),
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyKind::Rsa { bits } => write!(f, "RSA {bits}-bit"),
            KeyKind::Ec { curve } => write!(f, "EC {curve}"),
            KeyKind::Ed25519 => f.write_str("Ed25519"),
            KeyKind::Ed448 => f.write_str("Ed448"),
            KeyKind::Dsa => f.write_str("DSA"),
            KeyKind::Unknown(oid) => write!(f, "unknown key type {oid}"),
        }
    }
}

/// A public key ready to verify signatures, parsed once per certificate.
///
/// The EC keys are boxed: every certificate holds a slot for its key (built on first use), and
/// an inline P-521 key would make that slot 232 bytes for all of them (22 MB of a
/// 100,000-certificate lint); RSA keys are small (their numbers live on the heap).
pub(crate) enum VerifyingKey {
    Rsa(RsaKey),
    P256(Box<EcdsaKey<p256::NistP256>>),
    P384(Box<EcdsaKey<p384::NistP384>>),
    P521(Box<EcdsaKey<p521::NistP521>>),
    /// A key we cannot verify with, and why.
    Unsupported(String),
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SignatureError {
    /// The key and algorithm are supported and the signature does not verify.
    Invalid,
    /// The key or the algorithm is one we cannot verify: the reason.
    Unsupported(String),
}

/// The key kind and size: cheap, read for every certificate.
pub(crate) fn key_kind(spki: &SubjectPublicKeyInfoOwned) -> KeyKind {
    let oid = &spki.algorithm.oid;
    // rsaEncryption, and id-RSASSA-PSS keys (same key format).
    if *oid == RSA_ENCRYPTION || *oid == RSASSA_PSS {
        let key_bytes = spki.subject_public_key.raw_bytes();
        let bits = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(key_bytes)
            .map(|k| rsa_verify::bit_length(k.modulus.as_bytes()))
            .unwrap_or(0);
        return KeyKind::Rsa { bits };
    }
    if *oid == EC_PUBLIC_KEY {
        let curve_oid = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<Oid>().ok());
        let curve = match curve_oid {
            Some(curve) => look_up(&CURVES, &curve).unwrap_or(Curve::Other(curve.to_string())),
            None => Curve::Other("explicit curve parameters".into()),
        };
        return KeyKind::Ec { curve };
    }
    look_up(&KEY_KINDS, oid).unwrap_or_else(|| KeyKind::Unknown(oid.to_string()))
}

/// The key ready to verify signatures: the costly part (RSA Montgomery parameters, EC point
/// decoding), so certificates build it only when first used as an issuer.
pub(crate) fn verifying_key(key_bytes: &[u8], kind: &KeyKind) -> VerifyingKey {
    match kind {
        KeyKind::Rsa { .. } => match rsa_key(key_bytes) {
            Ok(key) => VerifyingKey::Rsa(key),
            Err(why) => VerifyingKey::Unsupported(why),
        },
        KeyKind::Ec { curve: Curve::P256 } => p256::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
            .map_or_else(
                |_| bad_point(),
                |key| VerifyingKey::P256(Box::new(EcdsaKey::new(key))),
            ),
        KeyKind::Ec { curve: Curve::P384 } => p384::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
            .map_or_else(
                |_| bad_point(),
                |key| VerifyingKey::P384(Box::new(EcdsaKey::new(key))),
            ),
        KeyKind::Ec { curve: Curve::P521 } => p521::ecdsa::VerifyingKey::from_sec1_bytes(key_bytes)
            .map_or_else(
                |_| bad_point(),
                |key| VerifyingKey::P521(Box::new(EcdsaKey::new(key))),
            ),
        KeyKind::Ec { curve } => VerifyingKey::Unsupported(format!("EC curve {curve}")),
        other => VerifyingKey::Unsupported(format!("{other} key")),
    }
}

fn bad_point() -> VerifyingKey {
    VerifyingKey::Unsupported("EC public key is not a valid curve point".into())
}

/// Decodes an RSAPublicKey. Any size from 512 to 16384 bits is read, so that weak keys can
/// still be verified (and reported by size) rather than rejected as unreadable.
fn rsa_key(bytes: &[u8]) -> Result<RsaKey, String> {
    let key = pkcs1::RsaPublicKey::<der::asn1::UintRef<'_>>::from_der(bytes)
        .map_err(|_| "malformed RSA public key")?;
    RsaKey::from_parts(key.modulus.as_bytes(), key.public_exponent.as_bytes())
}

/// Verifies `signature` over `message` (the DER of a TBSCertificate) with `key`.
pub(crate) fn verify(
    key: &VerifyingKey,
    alg: &SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    use SignatureAlgorithm as A;
    let unsupported = || {
        Err(SignatureError::Unsupported(format!(
            "{alg} is not supported"
        )))
    };
    let ok = |verified: bool| {
        if verified {
            Ok(())
        } else {
            Err(SignatureError::Invalid)
        }
    };
    match (key, alg) {
        (VerifyingKey::Unsupported(why), _) => Err(SignatureError::Unsupported(why.clone())),
        (VerifyingKey::Rsa(key), A::RsaPkcs1(hash)) => {
            let Some(digest) = hash.digest(message) else {
                return unsupported();
            };
            ok(key.verify_pkcs1v15(*hash, &digest, signature))
        }
        (
            VerifyingKey::Rsa(key),
            A::RsaPss {
                hash,
                mgf1_hash,
                salt_len,
            },
        ) if hash == mgf1_hash && hash.is_strong() => {
            let Some(digest) = hash.digest(message) else {
                return unsupported();
            };
            ok(key.verify_pss(*hash, &digest, signature, *salt_len))
        }
        (VerifyingKey::P256(key), A::Ecdsa(hash)) => ecdsa_check(key, *hash, message, signature),
        (VerifyingKey::P384(key), A::Ecdsa(hash)) => ecdsa_check(key, *hash, message, signature),
        (VerifyingKey::P521(key), A::Ecdsa(hash)) => ecdsa_check(key, *hash, message, signature),
        // A key/algorithm mismatch (an RSA signature claimed by an EC issuer) cannot verify.
        (VerifyingKey::Rsa(_), A::Ecdsa(_))
        | (
            VerifyingKey::P256(_) | VerifyingKey::P384(_) | VerifyingKey::P521(_),
            A::RsaPkcs1(_) | A::RsaPss { .. },
        ) => Err(SignatureError::Invalid),
        _ => unsupported(),
    }
}

/// An ECDSA key with the tables it verifies with (see [`ecdsa_verify`]): a small one from its
/// first check, a comb from its [`COMB_AFTER`]-th on, so that a CA that signs many
/// certificates checks each about twice as fast.
pub(crate) struct EcdsaKey<C: VerifyCurve> {
    key: ecdsa::VerifyingKey<C>,
    checks: AtomicUsize,
    multiples: OnceLock<Option<OddMultiples<C>>>,
    comb: OnceLock<Option<Comb<C>>>,
}

/// Checks made with the small table before a key gets its comb: the comb costs about four
/// checks to build and saves half of each later one, and holds 45 KB (P-256), 101 KB (P-384) or
/// about 200 KB (P-521), worth it for a key that signs many.
pub(crate) const COMB_AFTER: usize = 8;

/// An ECDSA check of `message` hashed with `hash`, on any of the curves.
fn ecdsa_check<C: VerifyCurve>(
    key: &EcdsaKey<C>,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError>
where
    Scalar<C>: Reduce<FieldBytes<C>>,
    ecdsa::der::MaxSize<C>: ArraySize,
    <FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + ArraySize,
{
    let Some(digest) = hash.digest(message) else {
        return Err(SignatureError::Unsupported(format!(
            "ECDSA with {hash} is not supported"
        )));
    };
    if key.verify(&digest, signature) {
        Ok(())
    } else {
        Err(SignatureError::Invalid)
    }
}

impl<C: VerifyCurve> EcdsaKey<C>
where
    Scalar<C>: Reduce<FieldBytes<C>>,
    ecdsa::der::MaxSize<C>: ArraySize,
    <FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + ArraySize,
{
    fn new(key: ecdsa::VerifyingKey<C>) -> Self {
        EcdsaKey {
            key,
            checks: AtomicUsize::new(0),
            multiples: OnceLock::new(),
            comb: OnceLock::new(),
        }
    }

    /// The key as the `ecdsa` crate holds it.
    #[cfg(feature = "cli")]
    pub(crate) fn key(&self) -> &ecdsa::VerifyingKey<C> {
        &self.key
    }

    fn verify(&self, prehash: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = ecdsa::der::Signature::<C>::from_bytes(signature) else {
            return false;
        };
        let Ok(sig) = ecdsa::Signature::<C>::try_from(sig) else {
            return false;
        };
        let point = || ecdsa_verify::key_point(&self.key);
        let tables = if self.checks.fetch_add(1, Ordering::Relaxed) < COMB_AFTER {
            self.multiples
                .get_or_init(|| {
                    point().and_then(|q| OddMultiples::new(q, ecdsa_verify::KEY_WINDOW))
                })
                .as_ref()
                .map(KeyTables::Multiples)
        } else {
            self.comb
                .get_or_init(|| point().and_then(Comb::new))
                .as_ref()
                .map(KeyTables::Comb)
        };
        tables.is_some_and(|tables| ecdsa_verify::verify_prehash(tables, prehash, &sig))
    }
}
