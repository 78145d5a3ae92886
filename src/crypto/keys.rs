//! Private keys, read only to derive their public key for `match`. Key material never leaves
//! this module: decoded bytes are zeroised on drop, and errors never quote the input.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::crypto::{Curve, KeyKind, RsaKey, VerifyingKey};
use crate::error::Error;
use crate::pem::{self, Item};
use crate::source::Source;
use crate::x509::Certificate;
use der::Decode;
use pkcs8::EncodePublicKey;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The public half of a private key: its kind and the SHA-256 of its SubjectPublicKeyInfo.
pub(crate) struct PublicHalf {
    pub kind: KeyKind,
    pub spki_sha256: [u8; 32],
}

/// Reads the first private key block of `source` (PKCS#1 RSA, SEC1 EC, PKCS#8, or encrypted
/// PKCS#8 with `passphrase`).
pub(crate) fn read_private_key(
    source: &Source,
    passphrase: Option<&[u8]>,
) -> Result<PublicHalf, Error> {
    let fail = |message: String| Error::PrivateKey(message);
    let name = &source.name;
    let block = pem::split(source)
        .into_iter()
        .find_map(|item| match item {
            Item::Block(b) if b.is_private_key() => Some(b),
            _ => None,
        })
        .ok_or_else(|| fail(format!("{name}: no PRIVATE KEY block found")))?;
    let text = source.bytes.get(block.span.clone()).unwrap_or_default();
    if memchr::memmem::find(text, b"Proc-Type:").is_some() {
        return Err(fail(format!(
            "{name}: line {}: legacy OpenSSL-encrypted key; convert it with `openssl pkcs8 -topk8 -in KEY -out key.p8.pem`",
            block.line
        )));
    }
    let der = Zeroizing::new(
        block
            .decode(source)
            .map_err(|e| fail(format!("{name}: line {}: {e}", block.line)))?,
    );
    let at = |what: &str| {
        fail(format!(
            "{name}: line {}: not a readable {what}",
            block.line
        ))
    };
    match block.label.as_str() {
        "RSA PRIVATE KEY" => rsa_half(&der).ok_or_else(|| at("PKCS#1 RSA private key")),
        "EC PRIVATE KEY" => ec_half(&der, None).ok_or_else(|| at("SEC1 EC private key")),
        "PRIVATE KEY" => {
            pkcs8_half(&der).ok_or_else(|| at("PKCS#8 private key (RSA, P-256 or P-384)"))
        }
        "ENCRYPTED PRIVATE KEY" => {
            let passphrase = passphrase.ok_or_else(|| {
                fail(format!(
                    "{name}: line {}: the key is encrypted; give its passphrase with --passphrase-file or --passphrase-env",
                    block.line
                ))
            })?;
            let info = pkcs8::EncryptedPrivateKeyInfoRef::from_der(&der)
                .map_err(|_| at("encrypted PKCS#8 private key"))?;
            let plain = info.decrypt(passphrase).map_err(|_| {
                fail(format!("{name}: line {}: cannot decrypt the key: wrong passphrase or unsupported encryption", block.line))
            })?;
            pkcs8_half(plain.as_bytes())
                .ok_or_else(|| at("PKCS#8 private key (RSA, P-256 or P-384)"))
        }
        other => Err(fail(format!(
            "{name}: line {}: {other} keys are not supported",
            block.line
        ))),
    }
}

fn rsa_half(der: &[u8]) -> Option<PublicHalf> {
    let key = pkcs1::RsaPrivateKey::<der::asn1::UintRef<'_>>::from_der(der).ok()?;
    let public = RsaKey::from_parts(key.modulus.as_bytes(), key.public_exponent.as_bytes()).ok()?;
    Some(PublicHalf {
        kind: KeyKind::Rsa {
            bits: public.bits(),
        },
        spki_sha256: Sha256::digest(rsa_spki_der(&public)?).into(),
    })
}

/// The SubjectPublicKeyInfo of an RSA key as OpenSSL writes it: rsaEncryption with NULL
/// parameters, the minimal modulus and exponent.
fn rsa_spki_der(key: &RsaKey) -> Option<Vec<u8>> {
    use der::Encode;
    let (n, e) = key.modulus_and_exponent();
    let public = pkcs1::RsaPublicKey {
        modulus: der::asn1::UintRef::new(&n).ok()?,
        public_exponent: der::asn1::UintRef::new(&e).ok()?,
    };
    let spki = spki::SubjectPublicKeyInfoOwned {
        algorithm: spki::AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::RSA_ENCRYPTION,
            parameters: Some(der::asn1::Null.into()),
        },
        subject_public_key: der::asn1::BitString::from_bytes(&public.to_der().ok()?).ok()?,
    };
    spki.to_der().ok()
}

/// A SEC1 ECPrivateKey; the curve comes from the key itself or, in PKCS#8, from `curve_oid`.
fn ec_half(der: &[u8], curve_oid: Option<String>) -> Option<PublicHalf> {
    let key = sec1::EcPrivateKey::from_der(der).ok()?;
    let curve = curve_oid.or_else(|| {
        key.parameters
            .and_then(|p| p.named_curve())
            .map(|o| o.to_string())
    })?;
    let (curve, spki) = match curve.as_str() {
        "1.2.840.10045.3.1.7" => {
            let secret = p256::SecretKey::from_slice(key.private_key).ok()?;
            (Curve::P256, secret.public_key().to_public_key_der().ok()?)
        }
        "1.3.132.0.34" => {
            let secret = p384::SecretKey::from_slice(key.private_key).ok()?;
            (Curve::P384, secret.public_key().to_public_key_der().ok()?)
        }
        "1.3.132.0.35" => {
            let secret = p521::SecretKey::from_slice(key.private_key).ok()?;
            (Curve::P521, secret.public_key().to_public_key_der().ok()?)
        }
        _ => return None,
    };
    Some(PublicHalf {
        kind: KeyKind::Ec { curve },
        spki_sha256: Sha256::digest(spki.as_bytes()).into(),
    })
}

fn pkcs8_half(der: &[u8]) -> Option<PublicHalf> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    match info.algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => rsa_half(info.private_key.as_bytes()),
        "1.2.840.10045.2.1" => {
            let curve = info
                .algorithm
                .parameters
                .and_then(|p| p.decode_as::<const_oid::ObjectIdentifier>().ok());
            ec_half(info.private_key.as_bytes(), curve.map(|o| o.to_string()))
        }
        _ => None,
    }
}

/// The SHA-256 of a certificate's public key, encoded the way [`read_private_key`] encodes a
/// key's (rsaEncryption, uncompressed EC points), so the two compare even when the certificate
/// spells its key another way (an RSASSA-PSS key OID, a compressed point).
pub(crate) fn certificate_key_sha256(cert: &Certificate) -> [u8; 32] {
    let canonical = match cert.verifying_key() {
        VerifyingKey::Rsa(k) => rsa_spki_der(k),
        VerifyingKey::P256(k) => k.key().to_public_key_der().ok().map(|d| d.into_vec()),
        VerifyingKey::P384(k) => k.key().to_public_key_der().ok().map(|d| d.into_vec()),
        VerifyingKey::P521(k) => k.key().to_public_key_der().ok().map(|d| d.into_vec()),
        VerifyingKey::Unsupported(_) => None,
    };
    canonical.map_or(cert.spki_sha256, |spki| Sha256::digest(spki).into())
}
