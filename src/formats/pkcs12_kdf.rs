//! The PKCS#12 key derivation (RFC 7292 appendix B.2) over SHA-1, and the legacy password-based
//! schemes that use it (`pkcs-12PbeIds`: RC2 and 3DES in CBC mode), to open the certificate safes
//! of files written by OpenSSL 1.1 and older Windows. Written here because the only crate that
//! has the derivation (`pkcs12`) is a pre-release pinned to a pre-release `cms`, off the
//! RustCrypto generation the rest of the tree is on; the ciphers are the RustCrypto ones.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use cbc::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use sha1::{Digest, Sha1};
use zeroize::Zeroizing;

/// SHA-1's output and block sizes: u and v of RFC 7292 B.2.
const U: usize = 20;
const V: usize = 64;

/// What a derived value is for (the ID byte of RFC 7292 B.3).
#[derive(Clone, Copy)]
enum Purpose {
    Key = 1,
    Iv = 2,
}

/// The legacy schemes, by the last arc of their OID under 1.2.840.113549.1.12.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scheme {
    TripleDes3Key,
    TripleDes2Key,
    Rc2_128,
    Rc2_40,
}

impl Scheme {
    /// The scheme of the OID's last arc; `None` for RC4 (.1, .2), which is not supported.
    pub(super) fn of_arc(arc: u32) -> Option<Scheme> {
        Some(match arc {
            3 => Scheme::TripleDes3Key,
            4 => Scheme::TripleDes2Key,
            5 => Scheme::Rc2_128,
            6 => Scheme::Rc2_40,
            _ => return None,
        })
    }

    fn key_len(self) -> usize {
        match self {
            Scheme::TripleDes3Key => 24,
            Scheme::TripleDes2Key | Scheme::Rc2_128 => 16,
            Scheme::Rc2_40 => 5,
        }
    }
}

/// `passphrase` as the PKCS#12 KDF takes it: UTF-16 big-endian with a terminating zero
/// (RFC 7292 B.1); a missing passphrase is the empty string, as OpenSSL's `pass:` gives.
fn bmp(passphrase: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let text = std::str::from_utf8(passphrase).ok()?;
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 2 + 2));
    for unit in text.encode_utf16().chain(std::iter::once(0)) {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    Some(out)
}

/// RFC 7292 B.2 with SHA-1: `len` bytes for `purpose` from the BMP password, salt and iteration
/// count.
fn derive(
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    purpose: Purpose,
    len: usize,
) -> Zeroizing<Vec<u8>> {
    let repeat_to_blocks = |bytes: &[u8]| -> Vec<u8> {
        let blocks = bytes.len().div_ceil(V);
        bytes.iter().copied().cycle().take(blocks * V).collect()
    };
    let mut input = Zeroizing::new(repeat_to_blocks(salt));
    input.extend_from_slice(&repeat_to_blocks(password));
    let diversifier = [purpose as u8; V];
    let mut out = Zeroizing::new(Vec::with_capacity(len + U));
    while out.len() < len {
        let mut a: [u8; U] = Sha1::new()
            .chain_update(diversifier)
            .chain_update(&*input)
            .finalize()
            .into();
        for _ in 1..iterations.max(1) {
            a = Sha1::digest(a).into();
        }
        out.extend_from_slice(&a);
        // I_j = (I_j + B + 1) mod 2^(8v), for each v-byte block I_j of I, where B is A repeated.
        let b: Vec<u8> = a.iter().copied().cycle().take(V).collect();
        for block in input.chunks_mut(V) {
            let mut carry = 1u16;
            for (byte, add) in block.iter_mut().zip(&b).rev() {
                let sum = u16::from(*byte) + u16::from(*add) + carry;
                *byte = (sum & 0xFF) as u8;
                carry = sum >> 8;
            }
        }
    }
    out.truncate(len);
    out
}

/// Decrypts `ciphertext` of `scheme` with `passphrase` (`salt`, `iterations` from its
/// parameters); `None` when it does not decrypt (a wrong passphrase, most likely).
pub(super) fn decrypt(
    scheme: Scheme,
    passphrase: &[u8],
    salt: &[u8],
    iterations: u32,
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let password = bmp(passphrase)?;
    let key = derive(&password, salt, iterations, Purpose::Key, scheme.key_len());
    let iv = derive(&password, salt, iterations, Purpose::Iv, 8);
    let plain = match scheme {
        Scheme::TripleDes3Key => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key, &iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(ciphertext),
        Scheme::TripleDes2Key => cbc::Decryptor::<des::TdesEde2>::new_from_slices(&key, &iv)
            .ok()?
            .decrypt_padded_vec::<Pkcs7>(ciphertext),
        Scheme::Rc2_128 | Scheme::Rc2_40 => {
            // The effective key length is the key's own (40 or 128 bits), as KeyInit sets it.
            cbc::Decryptor::<rc2::Rc2>::new_from_slices(&key, &iv)
                .ok()?
                .decrypt_padded_vec::<Pkcs7>(ciphertext)
        }
    };
    plain.ok().map(Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The vectors OpenSSL and Bouncy Castle test their PKCS#12 KDF with.
    #[test]
    fn the_derivation_gives_the_published_test_vectors() {
        let smeg = bmp(b"smeg").unwrap();
        let salt = unhex("0A58CF64530D823F");
        assert_eq!(
            *derive(&smeg, &salt, 1, Purpose::Key, 24),
            unhex("8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3")
        );
        assert_eq!(
            *derive(&smeg, &salt, 1, Purpose::Iv, 8),
            unhex("79993DFE048D3B76")
        );
        let queeg = bmp(b"queeg").unwrap();
        assert_eq!(
            *derive(&queeg, &unhex("05DEC959ACFF72F7"), 1000, Purpose::Key, 24),
            unhex("ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4")
        );
    }

    #[test]
    fn the_password_is_utf16_big_endian_with_a_terminating_zero() {
        assert_eq!(bmp(b"ab").unwrap().as_slice(), [0, b'a', 0, b'b', 0, 0]);
        assert_eq!(bmp(b"").unwrap().as_slice(), [0, 0]);
    }
}
