//! Pinning, for an authorizer that accepts fewer clients than the truststore trusts: only those
//! whose verified path goes through given CA certificates (AWS's advice for "only clients of my
//! last intermediate CA"), and/or whose identity matches given names (the Network Load
//! Balancer's filter fields, with its accept-only semantics). Judged on a verified path only.

use crate::verify::{IdentityFilter, VerifiedPath};
use crate::x509::{hex, parse_serial};
use std::fmt;
use std::str::FromStr;

/// One pin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pin {
    /// A CA certificate of the path, by the SHA-256 of its DER (`sha256:HEX`).
    CaCertificate([u8; 32]),
    /// A CA of the path, by the SHA-256 of its SubjectPublicKeyInfo (`spki-sha256:HEX`):
    /// survives the CA's renewal with the same key.
    CaPublicKey([u8; 32]),
    /// The client's subject CN or OU, or a SAN DNS name or URI (`subject-cn=...`,
    /// `san-dns^=...`; the filter syntax of [`IdentityFilter`]).
    Identity(IdentityFilter),
}

impl FromStr for Pin {
    type Err = String;

    fn from_str(text: &str) -> Result<Pin, String> {
        // 64 hex digits (separators allowed, as fingerprints are printed); parse_serial drops
        // leading zero bytes, which the fixed width puts back.
        let digest = |digits: &str| -> Result<[u8; 32], String> {
            let count = digits.bytes().filter(u8::is_ascii_hexdigit).count();
            if count != 64 {
                return Err(format!(
                    "`{digits}` has {count} hex digits; a SHA-256 digest has 64"
                ));
            }
            let bytes = parse_serial(digits).map_err(|_| format!("`{digits}` is not hex"))?;
            let mut padded = [0u8; 32];
            let start = padded.len().saturating_sub(bytes.len());
            if let Some(tail) = padded.get_mut(start..) {
                tail.copy_from_slice(&bytes);
            }
            Ok(padded)
        };
        if let Some(hex) = text.strip_prefix("sha256:") {
            return digest(hex).map(Pin::CaCertificate);
        }
        if let Some(hex) = text.strip_prefix("spki-sha256:") {
            return digest(hex).map(Pin::CaPublicKey);
        }
        text.parse::<IdentityFilter>()
            .map(Pin::Identity)
            .map_err(|why| format!("{why}; or a CA pin, sha256:HEX or spki-sha256:HEX"))
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pin::CaCertificate(d) => write!(f, "sha256:{}", hex(d)),
            Pin::CaPublicKey(d) => write!(f, "spki-sha256:{}", hex(d)),
            Pin::Identity(filter) => filter.fmt(f),
        }
    }
}

/// A pinning policy: the path must go through one of the CA pins (if any is given) and the
/// client must match one of the identity pins (if any is given). No pins accept every
/// verified path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pins {
    /// The pins, in any order.
    pub pins: Vec<Pin>,
}

impl Pins {
    /// Pins from their text forms (see [`Pin`]'s `FromStr`).
    pub fn parse<S: AsRef<str>>(texts: impl IntoIterator<Item = S>) -> Result<Pins, String> {
        let pins = texts
            .into_iter()
            .map(|t| t.as_ref().parse())
            .collect::<Result<_, _>>()?;
        Ok(Pins { pins })
    }

    /// Whether there are no pins.
    pub fn is_empty(&self) -> bool {
        self.pins.is_empty()
    }

    /// `None` if `path` satisfies the policy, else why not (one line).
    pub fn mismatch(&self, path: &VerifiedPath) -> Option<String> {
        let (mut cas, mut identities) = (Vec::new(), Vec::new());
        for pin in &self.pins {
            match pin {
                Pin::Identity(filter) => identities.push(filter),
                other => cas.push(other),
            }
        }
        let through = |pin: &&Pin| {
            path.cas().any(|ca| match pin {
                Pin::CaCertificate(d) => ca.fingerprint == *d,
                Pin::CaPublicKey(d) => ca.spki_sha256 == *d,
                Pin::Identity(_) => false,
            })
        };
        let client = path.client_cert()?;
        if !cas.is_empty() && !cas.iter().any(through) {
            let subjects: Vec<&str> = path.cas().map(|ca| ca.subject.as_str()).collect();
            return Some(format!(
                "the path goes through {} but none of the pinned CAs ({})",
                subjects.join(" <- "),
                join(&cas)
            ));
        }
        if !identities.is_empty() && !identities.iter().any(|f| f.matches(client)) {
            return Some(format!(
                "`{}` matches none of the pinned identities ({})",
                client.subject,
                join(&identities)
            ));
        }
        None
    }
}

fn join<T: fmt::Display>(items: &[&T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_parse_and_print_back() {
        let hex = "ab".repeat(32);
        let pin: Pin = format!("sha256:{hex}").parse().unwrap();
        assert_eq!(pin.to_string(), format!("sha256:{hex}"));
        let spki: Pin = format!("spki-sha256:{}", "AB:".repeat(31) + "AB")
            .parse()
            .unwrap();
        assert_eq!(spki, Pin::CaPublicKey([0xab; 32]));
        assert!("sha256:abcd".parse::<Pin>().is_err());
        assert!("subject-cn=device-1.example".parse::<Pin>().is_ok());
        assert!("colour=blue".parse::<Pin>().is_err());
    }

    #[test]
    fn a_digest_with_leading_zero_bytes_keeps_them() {
        let hex = format!("00{}", "11".repeat(31));
        let Pin::CaCertificate(d) = hex_pin(&hex) else {
            panic!()
        };
        assert_eq!(d[0], 0);
        assert_eq!(d[31], 0x11);
    }

    fn hex_pin(hex: &str) -> Pin {
        format!("sha256:{hex}").parse().unwrap()
    }
}
