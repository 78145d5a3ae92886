//! The keys `truststore pki` makes: generated from its RNG, written as PKCS#8, read back, and
//! signing with a chosen digest (the faults need SHA-1 and keys a profile refuses).

use anyhow::{anyhow, bail, Context, Result};
use const_oid::ObjectIdentifier;
use der::asn1::Null;
use der::Encode;
use pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_chacha::ChaCha20Rng;
use rsa::pkcs1v15::SigningKey as RsaSigner;
use rsa::signature::hazmat::PrehashSigner;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{Generate, PrivateKey as RsaPrivateKey, PublicKey as RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::{AlgorithmIdentifierOwned, EncodePublicKey};
use zeroize::Zeroizing;

/// A key kind, as `--key` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    Rsa(usize),
    P256,
    P384,
    P521,
}

/// The kinds `--key` offers; the faults add RSA-1024 and P-521.
pub(crate) const KEY_CHOICES: &[&str] = &["rsa2048", "rsa3072", "rsa4096", "p256", "p384"];

impl KeyKind {
    /// `rsa2048`, `p256`, ... (what `--key` and pki.toml say).
    pub(crate) fn parse(name: &str) -> Result<KeyKind> {
        match name {
            "p256" => Ok(KeyKind::P256),
            "p384" => Ok(KeyKind::P384),
            "p521" => Ok(KeyKind::P521),
            _ => name
                .strip_prefix("rsa")
                .and_then(|bits| bits.parse().ok())
                .filter(|bits| [1024, 2048, 3072, 4096].contains(bits))
                .map(KeyKind::Rsa)
                .ok_or_else(|| {
                    anyhow!(
                        "unknown key kind `{name}`: one of {}",
                        KEY_CHOICES.join(", ")
                    )
                }),
        }
    }

    pub(crate) fn name(self) -> String {
        match self {
            KeyKind::Rsa(bits) => format!("rsa{bits}"),
            KeyKind::P256 => "p256".to_string(),
            KeyKind::P384 => "p384".to_string(),
            KeyKind::P521 => "p521".to_string(),
        }
    }
}

/// The digests a signature can be made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SigningHash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl SigningHash {
    fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            SigningHash::Sha1 => Sha1::digest(message).to_vec(),
            SigningHash::Sha256 => Sha256::digest(message).to_vec(),
            SigningHash::Sha384 => Sha384::digest(message).to_vec(),
            SigningHash::Sha512 => Sha512::digest(message).to_vec(),
        }
    }
}

/// A private key of one of the [`KeyKind`]s.
pub(crate) enum PrivateKey {
    Rsa(Box<RsaPrivateKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

impl PrivateKey {
    pub(crate) fn generate(kind: KeyKind, rng: &mut ChaCha20Rng) -> Result<PrivateKey> {
        Ok(match kind {
            KeyKind::Rsa(bits) => PrivateKey::Rsa(Box::new(
                RsaPrivateKey::new(rng, bits).context("RSA key generation failed")?,
            )),
            KeyKind::P256 => PrivateKey::P256(p256::ecdsa::SigningKey::generate_from_rng(rng)),
            KeyKind::P384 => PrivateKey::P384(p384::ecdsa::SigningKey::generate_from_rng(rng)),
            KeyKind::P521 => PrivateKey::P521(p521::ecdsa::SigningKey::generate_from_rng(rng)),
        })
    }

    /// Reads a PKCS#8 PEM key of `kind` (as [`PrivateKey::pkcs8_pem`] wrote it). The error
    /// never holds key material.
    pub(crate) fn from_pkcs8_pem(pem: &str, kind: KeyKind) -> Result<PrivateKey> {
        let der = crate::pem::block_der(pem, "PRIVATE KEY")
            .ok_or_else(|| anyhow!("not a PEM `PRIVATE KEY` (PKCS#8)"))?;
        let wrong = || anyhow!("not a PKCS#8 {} key", kind.name());
        Ok(match kind {
            KeyKind::Rsa(_) => PrivateKey::Rsa(Box::new(
                RsaPrivateKey::from_pkcs8_der(&der).map_err(|_| wrong())?,
            )),
            KeyKind::P256 => PrivateKey::P256(
                p256::ecdsa::SigningKey::from_pkcs8_der(&der).map_err(|_| wrong())?,
            ),
            KeyKind::P384 => PrivateKey::P384(
                p384::ecdsa::SigningKey::from_pkcs8_der(&der).map_err(|_| wrong())?,
            ),
            KeyKind::P521 => PrivateKey::P521(
                p521::ecdsa::SigningKey::from_pkcs8_der(&der).map_err(|_| wrong())?,
            ),
        })
    }

    /// The key as a PKCS#8 `PRIVATE KEY` PEM block, in memory that is wiped when dropped.
    pub(crate) fn pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        let document = match self {
            PrivateKey::Rsa(key) => key.to_pkcs8_der(),
            PrivateKey::P256(key) => key.to_pkcs8_der(),
            PrivateKey::P384(key) => key.to_pkcs8_der(),
            PrivateKey::P521(key) => key.to_pkcs8_der(),
        }
        .map_err(|_| anyhow!("the key cannot be encoded as PKCS#8"))?;
        Ok(Zeroizing::new(crate::pem::armor(
            "PRIVATE KEY",
            document.as_bytes(),
        )))
    }

    /// The public key as a DER SubjectPublicKeyInfo.
    pub(crate) fn spki_der(&self) -> Result<Vec<u8>> {
        let document = match self {
            PrivateKey::Rsa(key) => RsaPublicKey::from(key.as_ref()).to_public_key_der(),
            PrivateKey::P256(key) => key.verifying_key().to_public_key_der(),
            PrivateKey::P384(key) => key.verifying_key().to_public_key_der(),
            PrivateKey::P521(key) => key.verifying_key().to_public_key_der(),
        }
        .map_err(|e| anyhow!("the public key cannot be encoded: {e}"))?;
        Ok(document.as_bytes().to_vec())
    }

    /// The digest this key signs with: SHA-256 for RSA, the curve's own for ECDSA.
    pub(crate) fn hash(&self) -> SigningHash {
        match self {
            PrivateKey::Rsa(_) | PrivateKey::P256(_) => SigningHash::Sha256,
            PrivateKey::P384(_) => SigningHash::Sha384,
            PrivateKey::P521(_) => SigningHash::Sha512,
        }
    }

    /// The signature algorithm (DER AlgorithmIdentifier) this key signs with under `hash`.
    pub(crate) fn algorithm(&self, hash: SigningHash) -> Result<Vec<u8>> {
        let rsa = matches!(self, PrivateKey::Rsa(_));
        let oid = match (rsa, hash) {
            (true, SigningHash::Sha1) => "1.2.840.113549.1.1.5",
            (true, SigningHash::Sha256) => "1.2.840.113549.1.1.11",
            (true, SigningHash::Sha384) => "1.2.840.113549.1.1.12",
            (true, SigningHash::Sha512) => "1.2.840.113549.1.1.13",
            (false, SigningHash::Sha1) => "1.2.840.10045.4.1",
            (false, SigningHash::Sha256) => "1.2.840.10045.4.3.2",
            (false, SigningHash::Sha384) => "1.2.840.10045.4.3.3",
            (false, SigningHash::Sha512) => "1.2.840.10045.4.3.4",
        };
        let algorithm = AlgorithmIdentifierOwned {
            oid: ObjectIdentifier::new_unwrap(oid),
            // RFC 4055: NULL parameters for RSA; RFC 5758: none for ECDSA.
            parameters: rsa.then(|| Null.into()),
        };
        Ok(algorithm.to_der()?)
    }

    /// Signs `message` (a TBSCertificate or TBSCertList) with `hash`: the raw signature,
    /// PKCS#1 v1.5 for RSA and DER (r, s) for ECDSA (RFC 6979, deterministic).
    pub(crate) fn sign(&self, hash: SigningHash, message: &[u8]) -> Result<Vec<u8>> {
        let failed = |e: rsa::signature::Error| anyhow!("signing failed: {e}");
        match self {
            PrivateKey::Rsa(key) => {
                let key = key.as_ref().clone();
                let signature = match hash {
                    SigningHash::Sha1 => RsaSigner::<Sha1>::new(key).try_sign(message),
                    SigningHash::Sha256 => RsaSigner::<Sha256>::new(key).try_sign(message),
                    SigningHash::Sha384 => RsaSigner::<Sha384>::new(key).try_sign(message),
                    SigningHash::Sha512 => RsaSigner::<Sha512>::new(key).try_sign(message),
                };
                Ok(signature.map_err(failed)?.to_vec())
            }
            PrivateKey::P256(key) => ecdsa_sign::<p256::ecdsa::DerSignature>(key, hash, message),
            PrivateKey::P384(key) => ecdsa_sign::<p384::ecdsa::DerSignature>(key, hash, message),
            PrivateKey::P521(key) => ecdsa_sign::<p521::ecdsa::DerSignature>(key, hash, message),
        }
    }
}

/// ECDSA over the digest of `message` under `hash`, which need not be the curve's own (a
/// SHA-1 fault); refused when the digest is shorter than the ecdsa crate accepts for the curve.
fn ecdsa_sign<S: SignatureEncoding>(
    key: &impl PrehashSigner<S>,
    hash: SigningHash,
    message: &[u8],
) -> Result<Vec<u8>> {
    let digest = hash.digest(message);
    let signature = key
        .sign_prehash(&digest)
        .map_err(|_| anyhow!("this curve cannot sign a {}-byte digest", digest.len()))?;
    Ok(signature.to_vec())
}

/// Fails unless `kind` is one `--key` offers (the faults make the others).
pub(crate) fn offered(kind: KeyKind) -> Result<KeyKind> {
    if KEY_CHOICES.contains(&kind.name().as_str()) {
        Ok(kind)
    } else {
        bail!(
            "--key {}: one of {} (the faults make the others)",
            kind.name(),
            KEY_CHOICES.join(", ")
        )
    }
}
