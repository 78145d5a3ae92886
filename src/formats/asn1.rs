//! A small DER walk for the containers certificates arrive in. Written over `der`'s reader
//! rather than with the `cms` and `pkcs12` crates' types: those decode every certificate with
//! x509-cert and re-encode it, so one malformed certificate refuses the whole file and the
//! bytes that reach the engine are not the file's. Here each certificate is kept byte for byte
//! and judged alone, like a PEM block.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use const_oid::ObjectIdentifier;
use der::{Class, Decode, Header, Reader, SliceReader, Tag};

/// One DER element: its tag, its value bytes and its whole encoding.
#[derive(Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub(super) tag: Tag,
    pub(super) value: &'a [u8],
    pub(super) bytes: &'a [u8],
}

/// The elements `bytes` is made of, one after the other, and nothing else.
pub(super) fn elements(bytes: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
    let mut reader = SliceReader::new(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        let at = u32::from(reader.position());
        let whole = reader
            .tlv_bytes()
            .map_err(|e| format!("not DER at byte {at}: {e}"))?;
        out.push(parse(whole)?);
    }
    Ok(out)
}

/// `bytes` as exactly one element.
pub(super) fn element(bytes: &[u8]) -> Result<Tlv<'_>, String> {
    match elements(bytes)?.as_slice() {
        [one] => Ok(*one),
        [] => Err("empty".into()),
        [first, ..] => Err(format!(
            "{} bytes after the first DER element",
            bytes.len() - first.bytes.len()
        )),
    }
}

fn parse(whole: &[u8]) -> Result<Tlv<'_>, String> {
    let mut reader = SliceReader::new(whole).map_err(|e| e.to_string())?;
    let header = Header::decode(&mut reader).map_err(|e| e.to_string())?;
    let start = u32::from(reader.position()) as usize;
    let value = whole.get(start..).ok_or("truncated DER element")?;
    Ok(Tlv {
        tag: header.tag(),
        value,
        bytes: whole,
    })
}

impl<'a> Tlv<'a> {
    /// The elements inside a constructed element (a SEQUENCE, a SET, an explicit tag).
    pub(super) fn children(&self) -> Result<Vec<Tlv<'a>>, String> {
        if !self.tag.is_constructed() {
            return Err(format!(
                "expected a constructed element, found {}",
                self.tag
            ));
        }
        elements(self.value)
    }

    pub(super) fn is(&self, tag: Tag) -> bool {
        self.tag == tag
    }

    /// A context-specific tag `[number]`.
    pub(super) fn is_context(&self, number: u32) -> bool {
        self.tag.class() == Class::ContextSpecific && self.tag.number().value() == number
    }

    pub(super) fn oid(&self) -> Option<ObjectIdentifier> {
        self.is(Tag::ObjectIdentifier)
            .then(|| ObjectIdentifier::from_bytes(self.value).ok())
            .flatten()
    }

    /// A non-negative INTEGER of at most 8 bytes.
    pub(super) fn small_integer(&self) -> Option<u64> {
        if !self.is(Tag::Integer) || self.value.len() > 8 || self.value.first()? & 0x80 != 0 {
            return None;
        }
        Some(self.value.iter().fold(0, |n, &b| (n << 8) | u64::from(b)))
    }
}

/// `[0] EXPLICIT` (or a SEQUENCE's) single inner element.
pub(super) fn only_child<'a>(tlv: &Tlv<'a>) -> Result<Tlv<'a>, String> {
    match tlv.children()?.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!("expected one element inside {}", tlv.tag)),
    }
}
