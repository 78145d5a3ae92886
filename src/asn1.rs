//! A small DER walk, for what the typed decoders of x509-cert, cms and pkcs12 refuse as a whole
//! or re-encode: the containers certificates arrive in (each certificate kept byte for byte and
//! judged alone, like a PEM block; see `crate::formats`), and the readable fields of a
//! certificate the strict parser refuses (`inspect`).
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use const_oid::ObjectIdentifier;
use der::{Class, Decode, Header, Reader, SliceReader, Tag};

/// One DER element: its tag, its value bytes and its whole encoding.
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: Tag,
    pub(crate) value: &'a [u8],
    pub(crate) bytes: &'a [u8],
}

/// The elements `bytes` is made of, one after the other, and nothing else.
pub(crate) fn elements(bytes: &[u8]) -> Result<Vec<Tlv<'_>>, String> {
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
pub(crate) fn element(bytes: &[u8]) -> Result<Tlv<'_>, String> {
    match elements(bytes)?.as_slice() {
        [one] => Ok(*one),
        [] => Err("empty".into()),
        [first, ..] => Err(format!(
            "{} bytes after the first DER element",
            bytes.len() - first.bytes.len()
        )),
    }
}

/// The first element of `bytes`, whatever follows it.
pub(crate) fn first(bytes: &[u8]) -> Result<Tlv<'_>, String> {
    let mut reader = SliceReader::new(bytes).map_err(|e| e.to_string())?;
    parse(reader.tlv_bytes().map_err(|e| e.to_string())?)
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
    pub(crate) fn children(&self) -> Result<Vec<Tlv<'a>>, String> {
        if !self.tag.is_constructed() {
            return Err(format!(
                "expected a constructed element, found {}",
                self.tag
            ));
        }
        elements(self.value)
    }

    pub(crate) fn is(&self, tag: Tag) -> bool {
        self.tag == tag
    }

    /// A context-specific tag `[number]`.
    pub(crate) fn is_context(&self, number: u32) -> bool {
        self.tag.class() == Class::ContextSpecific && self.tag.number().value() == number
    }

    pub(crate) fn oid(&self) -> Option<ObjectIdentifier> {
        self.is(Tag::ObjectIdentifier)
            .then(|| ObjectIdentifier::from_bytes(self.value).ok())
            .flatten()
    }

    /// A non-negative INTEGER of at most 8 bytes.
    pub(crate) fn small_integer(&self) -> Option<u64> {
        if !self.is(Tag::Integer) || self.value.len() > 8 || self.value.first()? & 0x80 != 0 {
            return None;
        }
        Some(self.value.iter().fold(0, |n, &b| (n << 8) | u64::from(b)))
    }
}

/// `[0] EXPLICIT` (or a SEQUENCE's) single inner element.
pub(crate) fn only_child<'a>(tlv: &Tlv<'a>) -> Result<Tlv<'a>, String> {
    match tlv.children()?.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!("expected one element inside {}", tlv.tag)),
    }
}
