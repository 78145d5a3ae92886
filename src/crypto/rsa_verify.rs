//! RSA public-key operations for signature verification: RSASSA-PKCS1-v1_5 and RSASSA-PSS
//! (RFC 8017 sections 8.1.2 and 8.2.2), in variable time.
//!
//! Why by hand: the `rsa` crate runs the public operation with a windowed, table-driven
//! exponentiation and builds its Montgomery parameters in constant time, as it must for private
//! keys. Here every input is public (a certificate's key, its signature, the signed bytes), so
//! nothing leaks: square-and-multiply needs 17 squarings and one multiplication for e = 65537
//! and no table, and the parameters come from crypto-bigint's variable-time constructor. Together
//! that halves the time of a check and of a key.
//!
//! NEVER use this module with a private key or any secret input: its timing depends on the
//! values it computes with.
//!
//! The checks mirror the `rsa` crate's (same key limits, same padding rules, exact salt length);
//! the unit tests below and the `signature_differential` fuzz target hold the two to the same
//! verdict.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use super::Hash;
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Odd};

/// Key sizes read, in bits: weak keys are still verified so they can be reported by size.
const MODULUS_BITS: std::ops::RangeInclusive<usize> = 512..=16384;
/// The public exponents the `rsa` crate (and so OpenSSL's usual limits) accept: odd, 3 to 2^33-1.
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key with its Montgomery parameters, built once per certificate.
pub(crate) struct RsaKey {
    e: u64,
    /// The modulus lives here only (with `R mod n` and `R² mod n`): a store of 100,000 CAs
    /// holds a key for every issuer.
    params: BoxedMontyParams,
    /// The modulus size in bits.
    bits: usize,
}

impl RsaKey {
    /// The key of modulus `n` and exponent `e` (big-endian, leading zeros allowed), or why it is
    /// refused.
    pub(crate) fn from_parts(n: &[u8], e: &[u8]) -> Result<RsaKey, String> {
        let n = strip_zeros(n);
        let bits = bit_length(n);
        let rejected = |why: &str| format!("RSA public key rejected: {why}");
        if bits < *MODULUS_BITS.start() {
            return Err(rejected("modulus too small"));
        }
        if bits > *MODULUS_BITS.end() {
            return Err(rejected("modulus too large"));
        }
        let precision = u32::try_from(n.len() * 8).map_err(|_| "RSA modulus too large")?;
        let n = BoxedUint::from_be_slice(n, precision).map_err(|_| "malformed RSA modulus")?;
        let odd = Option::<Odd<BoxedUint>>::from(Odd::new(n))
            .ok_or_else(|| rejected("invalid modulus"))?;
        let e = strip_zeros(e);
        if e.len() > 8 {
            return Err("RSA public exponent too large".into());
        }
        // e < 2^34 and n has at least 512 bits: e < n always.
        let e = e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        if e % 2 == 0 {
            return Err(rejected("invalid exponent"));
        }
        if e < 2 {
            return Err(rejected("public exponent too small"));
        }
        if e > MAX_EXPONENT {
            return Err(rejected("public exponent too large"));
        }
        let params = BoxedMontyParams::new_vartime(odd);
        Ok(RsaKey { e, params, bits })
    }

    fn modulus(&self) -> &BoxedUint {
        self.params.modulus().as_ref()
    }

    /// The modulus size in bits.
    pub(crate) fn bits(&self) -> usize {
        self.bits
    }

    /// The modulus size in bytes (`k` of RFC 8017).
    fn size(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// The modulus and the exponent, big-endian without leading zeros (for re-encoding).
    pub(crate) fn modulus_and_exponent(&self) -> (Vec<u8>, Vec<u8>) {
        let n = self.modulus().to_be_bytes();
        let e = self.e.to_be_bytes();
        (strip_zeros(&n).to_vec(), strip_zeros(&e).to_vec())
    }

    /// RSAVP1: `signature^e mod n` as `len` big-endian bytes, or `None` when the signature is
    /// not `k` bytes, not below `n`, or the result does not fit in `len` bytes.
    fn public_operation(&self, signature: &[u8], len: usize) -> Option<Vec<u8>> {
        if signature.len() != self.size() {
            return None;
        }
        let n = self.modulus();
        let s = BoxedUint::from_be_slice(signature, n.bits_precision()).ok()?;
        if s >= *n {
            return None;
        }
        let base = BoxedMontyForm::new(s, &self.params);
        // Left-to-right square-and-multiply over the exponent's bits below the top one.
        let mut power = base.clone();
        for bit in (0..63 - self.e.leading_zeros()).rev() {
            power = power.square();
            if self.e >> bit & 1 == 1 {
                power = power.mul(&base);
            }
        }
        let bytes = power.retrieve().to_be_bytes();
        let skip = bytes.len().checked_sub(len)?;
        let (high, low) = bytes.split_at(skip);
        high.iter().all(|&b| b == 0).then(|| low.to_vec())
    }

    /// RSASSA-PKCS1-v1_5: the encoded message must be exactly
    /// `00 01 FF..FF 00 DigestInfo(hash, NULL parameters) digest`.
    pub(crate) fn verify_pkcs1v15(&self, hash: Hash, digest: &[u8], signature: &[u8]) -> bool {
        let Some(prefix) = digest_info_prefix(hash) else {
            return false;
        };
        if digest.len() != hash.output_len() {
            return false;
        }
        let t_len = prefix.len() + digest.len();
        if self.size() < t_len + 11 {
            return false;
        }
        let Some(em) = self.public_operation(signature, self.size()) else {
            return false;
        };
        let padding = self.size() - t_len - 3;
        let (head, rest) = em.split_at(2);
        let (ps, rest) = rest.split_at(padding);
        let (zero, rest) = rest.split_at(1);
        let (info, hashed) = rest.split_at(prefix.len());
        head == [0, 1]
            && ps.iter().all(|&b| b == 0xff)
            && zero == [0]
            && info == prefix
            && hashed == digest
    }

    /// RSASSA-PSS with MGF1 on the same hash and a salt of exactly `salt_len` bytes
    /// (EMSA-PSS-VERIFY, RFC 8017 section 9.1.2).
    pub(crate) fn verify_pss(
        &self,
        hash: Hash,
        digest: &[u8],
        signature: &[u8],
        salt_len: usize,
    ) -> bool {
        let h_len = hash.output_len();
        if h_len == 0 || digest.len() != h_len {
            return false;
        }
        let em_bits = self.bits - 1;
        let em_len = em_bits.div_ceil(8);
        let Some(mut em) = self.public_operation(signature, em_len) else {
            return false;
        };
        if em_len < h_len + salt_len + 2 || em.last() != Some(&0xbc) {
            return false;
        }
        let (db, rest) = em.split_at_mut(em_len - h_len - 1);
        let h = rest.get(..h_len).unwrap_or_default().to_vec();
        let unused_bits = 8 * em_len - em_bits;
        let top_mask = 0xffu8.checked_shr(unused_bits as u32).unwrap_or(0);
        if db.first().is_some_and(|b| b & !top_mask != 0) {
            return false;
        }
        mgf1_xor(hash, &h, db);
        if let Some(first) = db.first_mut() {
            *first &= top_mask;
        }
        let zeros = em_len - h_len - salt_len - 2;
        let (ps, rest) = db.split_at(zeros);
        let Some((&separator, salt)) = rest.split_first() else {
            return false;
        };
        if ps.iter().any(|&b| b != 0) || separator != 1 {
            return false;
        }
        let mut m_prime = Vec::with_capacity(8 + h_len + salt_len);
        m_prime.extend_from_slice(&[0; 8]);
        m_prime.extend_from_slice(digest);
        m_prime.extend_from_slice(salt);
        hash.digest(&m_prime).is_some_and(|expected| expected == h)
    }
}

/// `mask` XOR= MGF1(seed) (RFC 8017 appendix B.2.1).
fn mgf1_xor(hash: Hash, seed: &[u8], mask: &mut [u8]) {
    let mut counter = 0u32;
    let mut input = seed.to_vec();
    for chunk in mask.chunks_mut(hash.output_len().max(1)) {
        input.truncate(seed.len());
        input.extend_from_slice(&counter.to_be_bytes());
        let block = hash.digest(&input).unwrap_or_default();
        for (byte, m) in chunk.iter_mut().zip(block) {
            *byte ^= m;
        }
        counter = counter.wrapping_add(1);
    }
}

/// The DER of `DigestInfo` up to the digest: `SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING }`
/// (RFC 8017 section 9.2, note 1).
fn digest_info_prefix(hash: Hash) -> Option<&'static [u8]> {
    Some(match hash {
        Hash::Md2 | Hash::Md5 => return None,
        Hash::Sha1 => &[
            0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04,
            0x14,
        ],
        Hash::Sha224 => &[
            0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x04, 0x05, 0x00, 0x04, 0x1c,
        ],
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    })
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// The bit length of a big-endian integer without leading zero bytes.
pub(crate) fn bit_length(n: &[u8]) -> usize {
    let n = strip_zeros(n);
    n.first()
        .map_or(0, |b| n.len() * 8 - b.leading_zeros() as usize)
}

#[cfg(test)]
mod tests {
    //! The variable-time verifier must give the `rsa` crate's verdict on every input: genuine
    //! signatures, other messages, altered, short, long and out-of-range signatures, the wrong
    //! hash or salt length, for every digest, several key sizes (odd ones, and those whose PSS
    //! encoding is a byte shorter than the modulus) and e = 3.
    use super::*;
    use rsa::pkcs8::DecodePrivateKey;
    use rsa::traits::PublicKeyParts;
    use rsa::{Pkcs1v15Sign, PrivateKey, Pss};
    use sha1::Sha1;
    use sha2::{Sha224, Sha256, Sha384, Sha512};

    /// A deterministic RNG for PSS salts (test signing only).
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

    const KEYS: [(&str, &str); 8] = [
        ("rsa1024", include_str!("../../fixtures/crypto/rsa1024.pem")),
        ("rsa1025", include_str!("../../fixtures/crypto/rsa1025.pem")),
        ("rsa2047", include_str!("../../fixtures/crypto/rsa2047.pem")),
        ("rsa2048", include_str!("../../fixtures/crypto/rsa2048.pem")),
        ("rsa2049", include_str!("../../fixtures/crypto/rsa2049.pem")),
        ("rsa3072", include_str!("../../fixtures/crypto/rsa3072.pem")),
        ("rsa4096", include_str!("../../fixtures/crypto/rsa4096.pem")),
        (
            "rsa2048-e3",
            include_str!("../../fixtures/crypto/rsa2048-e3.pem"),
        ),
    ];
    const HASHES: [Hash; 5] = [
        Hash::Sha1,
        Hash::Sha224,
        Hash::Sha256,
        Hash::Sha384,
        Hash::Sha512,
    ];

    fn pkcs1(hash: Hash) -> Pkcs1v15Sign {
        match hash {
            Hash::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
            Hash::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
            Hash::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            Hash::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
            _ => Pkcs1v15Sign::new::<Sha512>(),
        }
    }

    fn pss_sign(key: &PrivateKey, hash: Hash, salt: usize, digest: &[u8]) -> Option<Vec<u8>> {
        let rng = &mut Counter(salt as u64);
        match hash {
            Hash::Sha256 => key.sign_with_rng(rng, Pss::<Sha256>::new_with_salt(salt), digest),
            Hash::Sha384 => key.sign_with_rng(rng, Pss::<Sha384>::new_with_salt(salt), digest),
            _ => key.sign_with_rng(rng, Pss::<Sha512>::new_with_salt(salt), digest),
        }
        .ok()
    }

    fn pss_verify(
        key: &rsa::PublicKey,
        hash: Hash,
        salt: usize,
        digest: &[u8],
        sig: &[u8],
    ) -> bool {
        match hash {
            Hash::Sha256 => key.verify(Pss::<Sha256>::new_with_salt(salt), digest, sig),
            Hash::Sha384 => key.verify(Pss::<Sha384>::new_with_salt(salt), digest, sig),
            _ => key.verify(Pss::<Sha512>::new_with_salt(salt), digest, sig),
        }
        .is_ok()
    }

    /// Signatures that must be refused, derived from a genuine one.
    fn spoiled(signature: &[u8], n: &[u8]) -> Vec<Vec<u8>> {
        let mut flipped = signature.to_vec();
        if let Some(last) = flipped.last_mut() {
            *last ^= 1;
        }
        let mut longer = vec![0];
        longer.extend_from_slice(signature);
        let mut n_itself = vec![0; signature.len().saturating_sub(n.len())];
        n_itself.extend_from_slice(n);
        vec![
            flipped,
            longer,
            signature[1..].to_vec(),
            n_itself,
            vec![0; signature.len()],
        ]
    }

    #[test]
    fn rsa_verification_agrees_with_the_rsa_crate() {
        let (mut accepted, mut rejected) = (0, 0);
        let mut check = |case: &str, ours: bool, reference: bool| {
            assert_eq!(ours, reference, "{case}");
            if ours {
                accepted += 1;
            } else {
                rejected += 1;
            }
        };
        for (name, pem) in KEYS {
            let private = PrivateKey::from_pkcs8_pem(pem).unwrap();
            let public = private.to_public_key();
            let n = public.n().to_be_bytes_trimmed_vartime();
            let e = public.e().to_be_bytes_trimmed_vartime();
            let ours = RsaKey::from_parts(&n, &e).unwrap();
            assert_eq!(ours.bits(), name[3..7].parse::<usize>().unwrap());
            for hash in HASHES {
                let digest = hash.digest(name.as_bytes()).unwrap();
                let other = hash.digest(b"another message").unwrap();
                let signature = private.sign(pkcs1(hash), &digest).unwrap();
                for (what, digest, sig) in [
                    ("genuine", &digest, &signature),
                    ("other message", &other, &signature),
                ] {
                    let reference = public.verify(pkcs1(hash), digest, sig).is_ok();
                    check(
                        &format!("{name} PKCS#1 {hash} {what}"),
                        ours.verify_pkcs1v15(hash, digest, sig),
                        reference,
                    );
                }
                for (i, sig) in spoiled(&signature, &n).iter().enumerate() {
                    let reference = public.verify(pkcs1(hash), &digest, sig).is_ok();
                    check(
                        &format!("{name} PKCS#1 {hash} spoiled {i}"),
                        ours.verify_pkcs1v15(hash, &digest, sig),
                        reference,
                    );
                }
                for wrong in HASHES.iter().filter(|&&h| h != hash) {
                    let digest = wrong.digest(name.as_bytes()).unwrap();
                    let reference = public.verify(pkcs1(*wrong), &digest, &signature).is_ok();
                    check(
                        &format!("{name} PKCS#1 {hash} as {wrong}"),
                        ours.verify_pkcs1v15(*wrong, &digest, &signature),
                        reference,
                    );
                }
                if !hash.is_strong() {
                    continue;
                }
                let h_len = digest.len();
                for salt in [0, 20, h_len] {
                    let Some(signature) = pss_sign(&private, hash, salt, &digest) else {
                        continue;
                    };
                    for (what, digest, sig, salt) in [
                        ("genuine", &digest, &signature, salt),
                        ("other message", &other, &signature, salt),
                        ("longer salt", &digest, &signature, salt + 1),
                        ("shorter salt", &digest, &signature, salt.saturating_sub(1)),
                    ] {
                        let reference = pss_verify(&public, hash, salt, digest, sig);
                        check(
                            &format!("{name} PSS {hash} salt {salt} {what}"),
                            ours.verify_pss(hash, digest, sig, salt),
                            reference,
                        );
                    }
                    for (i, sig) in spoiled(&signature, &n).iter().enumerate() {
                        let reference = pss_verify(&public, hash, salt, &digest, sig);
                        check(
                            &format!("{name} PSS {hash} salt {salt} spoiled {i}"),
                            ours.verify_pss(hash, &digest, sig, salt),
                            reference,
                        );
                    }
                }
            }
        }
        // Every key and hash: one genuine PKCS#1 signature; PSS for the three strong hashes and
        // three salts (a 1024-bit key cannot hold SHA-512 with a 64-byte salt).
        assert!(accepted >= 8 * 5 + 8 * 3 * 3 - 2, "accepted {accepted}");
        assert!(rejected > 8 * 5 * 10, "rejected {rejected}");
    }

    #[test]
    fn keys_the_rsa_crate_refuses_are_refused() {
        let n = {
            let private = PrivateKey::from_pkcs8_pem(KEYS[3].1).unwrap();
            private.n().to_be_bytes_trimmed_vartime().to_vec()
        };
        let mut even = n.clone();
        if let Some(last) = even.last_mut() {
            *last &= 0xfe;
        }
        for (what, n, e) in [
            ("even exponent", n.as_slice(), &[1u8, 0, 0][..]),
            ("exponent 1", &n, &[1]),
            ("exponent 2^33 + 1", &n, &[2, 0, 0, 0, 1]),
            ("even modulus", &even, &[1, 0, 1]),
            ("tiny modulus", &n[..32], &[1, 0, 1]),
        ] {
            let reference = rsa::PublicKey::new_with_size_limits(
                rsa::BoxedUint::from_be_slice_vartime(n),
                rsa::BoxedUint::from_be_slice_vartime(e),
                512..=16384,
            );
            assert!(reference.is_err(), "{what}: the reference accepts it");
            assert!(RsaKey::from_parts(n, e).is_err(), "{what}");
        }
    }
}
