//! PKCS#7 / CMS `SignedData` as certificate bundles are shipped (`.p7b`, `.p7c`, `openssl
//! crl2pkcs7 -nocrl`): only its `certificates` field is read; signatures over the content (a
//! degenerate bundle has none) play no part in trust.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::asn1::{self, Tlv};
use const_oid::ObjectIdentifier;
use der::Tag;

/// `id-signedData`.
pub(super) const SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");

/// The certificates of a DER `ContentInfo` holding `SignedData`, each as its own bytes, and
/// how many CRLs it carries beside them.
pub(super) fn certificates(der: &[u8]) -> Result<(Vec<Vec<u8>>, usize), String> {
    let content_info = asn1::element(der)?;
    let fields = content_info.children()?;
    let (Some(kind), Some(content)) = (fields.first(), fields.get(1)) else {
        return Err("a ContentInfo has a type and a content".into());
    };
    match kind.oid() {
        Some(oid) if oid == SIGNED_DATA => {}
        Some(oid) => return Err(format!("a PKCS#7 message of type {oid}, not SignedData")),
        None => return Err("not a PKCS#7 ContentInfo".into()),
    }
    if !content.is_context(0) {
        return Err("the SignedData is not in [0]".into());
    }
    let signed_data = asn1::only_child(content)?;
    if !signed_data.is(Tag::Sequence) {
        return Err("SignedData is not a SEQUENCE".into());
    }
    let mut certificates = Vec::new();
    let mut crls = 0;
    for field in signed_data.children()? {
        // certificates [0] IMPLICIT SET OF CertificateChoices; crls [1] IMPLICIT.
        if field.is_context(0) {
            for choice in field.children()? {
                if choice.is(Tag::Sequence) {
                    certificates.push(choice.bytes.to_vec());
                }
                // Attribute and "other" certificate formats ([1]..[3]) are not X.509.
            }
        } else if field.is_context(1) {
            crls += field.children().map_or(0, |c: Vec<Tlv<'_>>| c.len());
        }
    }
    Ok((certificates, crls))
}
