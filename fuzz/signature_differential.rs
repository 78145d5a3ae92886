//! The differential check of truststore's variable-time signature verification against the
//! reference crates (`rsa`, `ecdsa` through p256/p384/p521): on any input, the same verdict.
//! Shared by the `signature_differential` fuzz target and by `tests/fuzz_corpus.rs`, which
//! replays the corpus through it.
//!
//! The input chooses a key (eight RSA keys from fixtures/crypto, one key per curve), a scheme
//! (PKCS#1 v1.5, PSS with a salt length, ECDSA; every hash), and then either a genuine signature
//! of the message, made by the reference signer and altered at a few chosen bytes, or raw bytes
//! as the signature; flags verify it against another message, hash or salt length.
//!
//! Layout: `[key] [scheme] [salt] [flags] ...`; flags bit 0 raw signature (then `[len hi]
//! [len lo]` and that many bytes), else `[count]` and `count % 4` edits of `[pos hi] [pos lo]
//! [xor]`; bit 1 verify with the salt length plus one; bit 2 verify another message; bit 3
//! verify under the next hash. The rest is the message.

use ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::{Pkcs1v15Sign, Pss};
use sha2::Digest;
use std::sync::OnceLock;
use truststore::fuzzing::{check_signature, Scheme};
use truststore::Hash;

const HASHES: [Hash; 5] = [
    Hash::Sha1,
    Hash::Sha224,
    Hash::Sha256,
    Hash::Sha384,
    Hash::Sha512,
];

const RSA_KEYS: [&str; 8] = [
    include_str!("../fixtures/crypto/rsa1024.pem"),
    include_str!("../fixtures/crypto/rsa1025.pem"),
    include_str!("../fixtures/crypto/rsa2047.pem"),
    include_str!("../fixtures/crypto/rsa2048.pem"),
    include_str!("../fixtures/crypto/rsa2049.pem"),
    include_str!("../fixtures/crypto/rsa3072.pem"),
    include_str!("../fixtures/crypto/rsa4096.pem"),
    include_str!("../fixtures/crypto/rsa2048-e3.pem"),
];

struct Keys {
    rsa: Vec<(rsa::PrivateKey, Vec<u8>)>,
    p256: (p256::ecdsa::SigningKey, Vec<u8>),
    p384: (p384::ecdsa::SigningKey, Vec<u8>),
    p521: (p521::ecdsa::SigningKey, Vec<u8>),
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = RSA_KEYS
            .iter()
            .map(|pem| {
                let key = rsa::PrivateKey::from_pkcs8_pem(pem).expect("fixture key");
                let spki = key.to_public_key().to_public_key_der().expect("spki");
                (key, spki.into_vec())
            })
            .collect();
        let scalar = |len: usize| {
            let mut s: Vec<u8> = sha2::Sha512::digest(b"differential").repeat(2)[..len].to_vec();
            s[0] = 1;
            s
        };
        let p256 = p256::ecdsa::SigningKey::from_slice(&scalar(32)).expect("scalar");
        let p384 = p384::ecdsa::SigningKey::from_slice(&scalar(48)).expect("scalar");
        let p521 = p521::ecdsa::SigningKey::from_slice(&scalar(66)).expect("scalar");
        Keys {
            p256: (p256.clone(), spki_of(p256.verifying_key())),
            p384: (p384.clone(), spki_of(p384.verifying_key())),
            p521: (p521.clone(), spki_of(p521.verifying_key())),
            rsa,
        }
    })
}

fn spki_of(key: &impl EncodePublicKey) -> Vec<u8> {
    key.to_public_key_der().expect("spki").into_vec()
}

fn digest(hash: Hash, message: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha1 => sha1::Sha1::digest(message).to_vec(),
        Hash::Sha224 => sha2::Sha224::digest(message).to_vec(),
        Hash::Sha256 => sha2::Sha256::digest(message).to_vec(),
        Hash::Sha384 => sha2::Sha384::digest(message).to_vec(),
        _ => sha2::Sha512::digest(message).to_vec(),
    }
}

fn pkcs1(hash: Hash) -> Pkcs1v15Sign {
    match hash {
        Hash::Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
        Hash::Sha224 => Pkcs1v15Sign::new::<sha2::Sha224>(),
        Hash::Sha256 => Pkcs1v15Sign::new::<sha2::Sha256>(),
        Hash::Sha384 => Pkcs1v15Sign::new::<sha2::Sha384>(),
        _ => Pkcs1v15Sign::new::<sha2::Sha512>(),
    }
}

/// A deterministic RNG for PSS salts (signing test messages only).
struct Counter(u64);
impl rand_core::TryRng for Counter {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.try_next_u64()? as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        Ok(self.0 >> 11)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for byte in dst {
            *byte = self.try_next_u64()? as u8;
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for Counter {}

fn pss_sign(key: &rsa::PrivateKey, hash: Hash, salt: usize, digest: &[u8]) -> Option<Vec<u8>> {
    let rng = &mut Counter(salt as u64);
    match hash {
        Hash::Sha256 => key.sign_with_rng(rng, Pss::<sha2::Sha256>::new_with_salt(salt), digest),
        Hash::Sha384 => key.sign_with_rng(rng, Pss::<sha2::Sha384>::new_with_salt(salt), digest),
        _ => key.sign_with_rng(rng, Pss::<sha2::Sha512>::new_with_salt(salt), digest),
    }
    .ok()
}

fn pss_verify(key: &rsa::PublicKey, hash: Hash, salt: usize, digest: &[u8], sig: &[u8]) -> bool {
    match hash {
        Hash::Sha256 => key.verify(Pss::<sha2::Sha256>::new_with_salt(salt), digest, sig),
        Hash::Sha384 => key.verify(Pss::<sha2::Sha384>::new_with_salt(salt), digest, sig),
        _ => key.verify(Pss::<sha2::Sha512>::new_with_salt(salt), digest, sig),
    }
    .is_ok()
}

/// An ECDSA signature (DER) by `key` and the reference verdict on `(message, signature)`.
fn ecdsa_pair<C>(key: &ecdsa::SigningKey<C>, digest: &[u8]) -> Option<Vec<u8>>
where
    C: ecdsa::EcdsaCurve + ecdsa::elliptic_curve::CurveArithmetic,
    ecdsa::SigningKey<C>: PrehashSigner<ecdsa::Signature<C>>,
    ecdsa::der::MaxSize<C>: ecdsa::elliptic_curve::array::ArraySize,
    <ecdsa::elliptic_curve::FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + ecdsa::elliptic_curve::array::ArraySize,
{
    let signature: ecdsa::Signature<C> = key.sign_prehash(digest).ok()?;
    Some(signature.to_der().as_bytes().to_vec())
}

fn ecdsa_verdict<C>(key: &ecdsa::SigningKey<C>, digest: &[u8], der: &[u8]) -> bool
where
    C: ecdsa::EcdsaCurve + ecdsa::elliptic_curve::CurveArithmetic,
    ecdsa::VerifyingKey<C>: PrehashVerifier<ecdsa::Signature<C>>,
    ecdsa::der::MaxSize<C>: ecdsa::elliptic_curve::array::ArraySize,
    <ecdsa::elliptic_curve::FieldBytesSize<C> as core::ops::Add>::Output:
        core::ops::Add<ecdsa::der::MaxOverhead> + ecdsa::elliptic_curve::array::ArraySize,
{
    let Ok(sig) = ecdsa::der::Signature::<C>::from_bytes(der) else {
        return false;
    };
    let Ok(sig) = ecdsa::Signature::<C>::try_from(sig) else {
        return false;
    };
    key.verifying_key().verify_prehash(digest, &sig).is_ok()
}

/// Runs one input; panics if truststore and the reference disagree. The common verdict, or
/// `None` when the input is too short or asks for a signature the signer cannot make.
pub fn run(data: &[u8]) -> Option<bool> {
    let [key_pick, scheme_pick, salt_pick, flags, rest @ ..] = data else {
        return None;
    };
    let keys = keys();
    let key_count = keys.rsa.len() + 3;
    let key_index = usize::from(*key_pick) % key_count;
    let mut rest = rest;
    // The genuine signature is made later, once the message is known.
    let mut raw = None;
    let mut edits = Vec::new();
    if flags & 1 == 1 {
        let [hi, lo, tail @ ..] = rest else {
            return None;
        };
        let len = (usize::from(*hi) << 8 | usize::from(*lo)).min(tail.len());
        let (sig, tail) = tail.split_at(len);
        raw = Some(sig.to_vec());
        rest = tail;
    } else {
        let [count, tail @ ..] = rest else {
            return None;
        };
        let mut tail: &[u8] = tail;
        for _ in 0..count % 4 {
            let [hi, lo, xor, more @ ..] = tail else {
                return None;
            };
            edits.push((usize::from(*hi) << 8 | usize::from(*lo), *xor));
            tail = more;
        }
        rest = tail;
    }
    let message = rest;
    let other: Vec<u8> = message.iter().map(|b| b ^ 0x55).chain([0]).collect();
    let checked_message: &[u8] = if flags & 4 != 0 { &other } else { message };
    let signed_hash = HASHES[usize::from(*scheme_pick) % 5];
    let checked_hash = if flags & 8 != 0 {
        HASHES[(usize::from(*scheme_pick) + 1) % 5]
    } else {
        signed_hash
    };
    let spoil = |mut sig: Vec<u8>| {
        for &(pos, xor) in &edits {
            if !sig.is_empty() {
                let at = pos % sig.len();
                sig[at] ^= xor;
            }
        }
        sig
    };
    let signed_digest = digest(signed_hash, message);
    let checked_digest = digest(checked_hash, checked_message);

    let (spki, scheme, signature, reference) = if key_index < keys.rsa.len() {
        let (private, spki) = &keys.rsa[key_index];
        let public = private.to_public_key();
        let pss = scheme_pick & 0x80 != 0;
        if pss {
            // PSS with SHA-256/384/512 only, as certificates use it.
            let strong = [Hash::Sha256, Hash::Sha384, Hash::Sha512];
            let signed_hash = strong[usize::from(*scheme_pick) % 3];
            let checked_hash = if flags & 8 != 0 {
                strong[(usize::from(*scheme_pick) + 1) % 3]
            } else {
                signed_hash
            };
            let salt = usize::from(*salt_pick % 80);
            let checked_salt = salt + usize::from(flags & 2 != 0);
            let signed_digest = digest(signed_hash, message);
            let checked_digest = digest(checked_hash, checked_message);
            let signature = match raw.clone() {
                Some(raw) => raw,
                None => match pss_sign(private, signed_hash, salt, &signed_digest) {
                    Some(sig) => spoil(sig),
                    None => return None,
                },
            };
            let reference = pss_verify(
                &public,
                checked_hash,
                checked_salt,
                &checked_digest,
                &signature,
            );
            (
                spki.clone(),
                Scheme::Pss(checked_hash, checked_salt),
                signature,
                reference,
            )
        } else {
            let signature = match raw.clone() {
                Some(raw) => raw,
                None => match private.sign(pkcs1(signed_hash), &signed_digest) {
                    Ok(sig) => spoil(sig),
                    Err(_) => return None,
                },
            };
            let reference = public
                .verify(pkcs1(checked_hash), &checked_digest, &signature)
                .is_ok();
            (
                spki.clone(),
                Scheme::Pkcs1(checked_hash),
                signature,
                reference,
            )
        }
    } else {
        macro_rules! on_curve {
            ($pair:expr) => {{
                let (key, spki) = $pair;
                let signature = match raw.clone() {
                    Some(raw) => raw,
                    None => match ecdsa_pair(key, &signed_digest) {
                        Some(sig) => spoil(sig),
                        None => return None,
                    },
                };
                let reference = ecdsa_verdict(key, &checked_digest, &signature);
                (
                    spki.clone(),
                    Scheme::Ecdsa(checked_hash),
                    signature,
                    reference,
                )
            }};
        }
        match key_index - keys.rsa.len() {
            0 => on_curve!(&keys.p256),
            1 => on_curve!(&keys.p384),
            _ => on_curve!(&keys.p521),
        }
    };
    let ours = check_signature(&spki, scheme, checked_message, &signature);
    assert_eq!(
        ours,
        Some(reference),
        "key {key_index}, {scheme:?}: truststore says {ours:?}, the reference crate {reference}"
    );
    Some(reference)
}
