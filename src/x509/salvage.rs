//! What can still be read of a certificate the strict parser refuses (a BER length, a bad
//! extension, a time without seconds): its names, serial and validity, field by field, each
//! only if it decodes alone. For `inspect`, which shows a refused certificate rather than
//! nothing; nothing here is trusted or verified.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use super::{rfc4514, unix_seconds};
use crate::asn1::{self, Tlv};
use der::{Decode, Tag};
use x509_cert::name::Name;
use x509_cert::time::Time;

/// The fields of a refused certificate that could be read; `None` for those that could not.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Salvaged {
    pub(crate) serial: Option<Vec<u8>>,
    pub(crate) issuer: Option<String>,
    pub(crate) subject: Option<String>,
    /// Seconds since the Unix epoch.
    pub(crate) not_before: Option<i64>,
    pub(crate) not_after: Option<i64>,
}

/// Reads what it can of `der` as `Certificate ::= SEQUENCE { tbsCertificate, ... }`.
pub(crate) fn salvage(der: &[u8]) -> Salvaged {
    let tbs = asn1::first(der)
        .and_then(|cert| cert.children())
        .ok()
        .and_then(|fields| fields.first().and_then(|tbs| tbs.children().ok()));
    let Some(tbs) = tbs else {
        return Salvaged::default();
    };
    // An explicit [0] version comes first when present.
    let fields: Vec<Tlv<'_>> = match tbs.first() {
        Some(first) if first.is_context(0) => tbs.get(1..).unwrap_or_default().to_vec(),
        _ => tbs,
    };
    let name = |i: usize| {
        fields
            .get(i)
            .and_then(|f| Name::from_der(f.bytes).ok())
            .map(|n| rfc4514(&n))
    };
    let (not_before, not_after) = fields
        .get(3)
        .and_then(|validity| validity.children().ok())
        .map_or((None, None), |times| {
            let time = |i: usize| {
                times
                    .get(i)
                    .and_then(|t| Time::from_der(t.bytes).ok())
                    .map(|t| unix_seconds(&t))
            };
            (time(0), time(1))
        });
    Salvaged {
        serial: fields
            .first()
            .filter(|f| f.is(Tag::Integer))
            .map(|f| f.value.to_vec()),
        issuer: name(2),
        subject: name(4),
        not_before,
        not_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_made_up_from_bytes_that_are_not_a_certificate() {
        assert_eq!(salvage(b""), Salvaged::default());
        assert_eq!(
            salvage(&[0x30, 0x03, 0x02, 0x01, 0x05]),
            Salvaged::default()
        );
    }
}
