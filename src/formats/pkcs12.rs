//! PKCS#12 (`.p12`, `.pfx`): the certificates of its safe bags, decrypted with the passphrase
//! when they are encrypted (PBES2, as OpenSSL 3 and current Windows write them, or the legacy
//! RC2 and 3DES schemes of OpenSSL 1.1 and older Windows, see `pkcs12_kdf`). Private keys
//! are counted, never decrypted or decoded. The MAC is not checked: it protects the file, not
//! the certificates, which are judged by their own signatures like any others.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use super::pkcs12_kdf::{self, Scheme};
use crate::asn1::{self, Tlv};
use const_oid::ObjectIdentifier;
use der::Tag;
use zeroize::Zeroizing;

const DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const KEY_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.1");
const SHROUDED_KEY_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
const CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
const SAFE_CONTENTS_BAG: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.6");
const X509_CERTIFICATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
/// The PKCS#12 password-based schemes (RC2, RC4, 3DES under `pkcs-12PbeIds`).
const PKCS12_PBE_ARC: &str = "1.2.840.113549.1.12.1.";

/// The most key-derivation iterations a file may ask for (OpenSSL writes 2,048, Windows 2,000,
/// the most careful tools a few hundred thousand): beyond it a file costs seconds to open.
const MAX_ITERATIONS: u32 = 1_000_000;

/// How deep safe-contents bags may nest (one level is what tools write).
const MAX_NESTING: usize = 4;

/// What a PKCS#12 file holds: certificates (as their bytes) and how many private keys.
#[derive(Default)]
pub(super) struct Contents {
    pub(super) certificates: Vec<Vec<u8>>,
    pub(super) keys: usize,
}

/// Why the certificates could not be read.
pub(super) enum Failure {
    /// Encrypted and no passphrase was given (or the empty one did not open it).
    NeedsPassphrase,
    /// The passphrase does not decrypt them.
    WrongPassphrase,
    /// Encrypted with a scheme read only with `openssl pkcs12 -legacy`.
    Legacy(String),
    /// Not a PKCS#12 file that can be read.
    Malformed(String),
}

/// Whether `der` starts like a PKCS#12 PFX: `SEQUENCE { INTEGER 3, ContentInfo, ... }`.
pub(super) fn looks_like(top: &[Tlv<'_>]) -> bool {
    matches!(top, [version, auth_safe, ..]
        if version.small_integer() == Some(3) && auth_safe.is(Tag::Sequence))
}

/// The certificates and key count of PKCS#12 `der`, opened with `passphrase` (or with the
/// empty passphrase when none is given: `-passout pass:` files).
pub(super) fn contents(der: &[u8], passphrase: Option<&[u8]>) -> Result<Contents, Failure> {
    let malformed = Failure::Malformed;
    let pfx = asn1::element(der).map_err(malformed)?;
    let fields = pfx.children().map_err(malformed)?;
    let auth_safe = fields
        .get(1)
        .ok_or_else(|| malformed("no authSafe".into()))?;
    let safe = data_content(auth_safe).map_err(malformed)?;
    let mut contents = Contents::default();
    for info in asn1::element(safe)
        .and_then(|t| t.children())
        .map_err(malformed)?
    {
        let (kind, content) = content_info(&info).map_err(malformed)?;
        if kind == DATA {
            let inner = octets(&content).map_err(malformed)?;
            read_bags(inner, 0, &mut contents).map_err(malformed)?;
        } else if kind == ENCRYPTED_DATA {
            let plain = decrypt(&content, passphrase)?;
            read_bags(&plain, 0, &mut contents).map_err(|_| match passphrase {
                Some(_) => Failure::WrongPassphrase,
                None => Failure::NeedsPassphrase,
            })?;
        } else {
            return Err(malformed(format!(
                "a {kind} safe (public-key privacy mode), which this tool does not open"
            )));
        }
    }
    Ok(contents)
}

/// The type and `[0]` content of a ContentInfo.
fn content_info<'a>(info: &Tlv<'a>) -> Result<(ObjectIdentifier, Tlv<'a>), String> {
    let fields = info.children()?;
    match fields.as_slice() {
        [kind, content, ..] if content.is_context(0) => Ok((
            kind.oid().ok_or("a ContentInfo without a type")?,
            asn1::only_child(content)?,
        )),
        _ => Err("a ContentInfo without content".into()),
    }
}

/// The OCTET STRING of a `data` ContentInfo.
fn data_content<'a>(info: &Tlv<'a>) -> Result<&'a [u8], String> {
    match content_info(info)? {
        (kind, content) if kind == DATA => octets(&content),
        (kind, _) => Err(format!(
            "the authSafe is {kind}, not data (public-key integrity mode is not read)"
        )),
    }
}

fn octets<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8], String> {
    if tlv.is(Tag::OctetString) {
        Ok(tlv.value)
    } else {
        Err("expected an OCTET STRING (a BER-encoded file? re-export it with openssl)".into())
    }
}

/// A decryption of one safe's content with a passphrase; `None` when it does not decrypt.
type Decrypt<'a> = Box<dyn Fn(&[u8]) -> Option<Zeroizing<Vec<u8>>> + 'a>;

/// An `EncryptedData`'s content, decrypted. Zeroised when dropped: it may hold key bags.
fn decrypt(content: &Tlv<'_>, passphrase: Option<&[u8]>) -> Result<Zeroizing<Vec<u8>>, Failure> {
    let malformed = |m: &str| Failure::Malformed(m.to_string());
    let fields = content.children().map_err(Failure::Malformed)?;
    let info = fields
        .get(1)
        .ok_or_else(|| malformed("EncryptedData without content"))?;
    let info = info.children().map_err(Failure::Malformed)?;
    let [_, algorithm, ciphertext, ..] = info.as_slice() else {
        return Err(malformed("EncryptedContentInfo without encrypted content"));
    };
    if !ciphertext.is_context(0) || ciphertext.tag.is_constructed() {
        return Err(malformed(
            "encrypted content is not [0] IMPLICIT OCTET STRING",
        ));
    }
    let ciphertext = ciphertext.value;
    let decrypt: Decrypt<'_> = match pkcs5::EncryptionScheme::try_from(algorithm.bytes) {
        Ok(scheme) => {
            bounded(&scheme)?;
            Box::new(move |password| {
                scheme
                    .decrypt(password, ciphertext)
                    .ok()
                    .map(Zeroizing::new)
            })
        }
        Err(_) => legacy(algorithm, ciphertext)?,
    };
    match passphrase {
        Some(p) => decrypt(p).ok_or(Failure::WrongPassphrase),
        None => decrypt(b"").ok_or(Failure::NeedsPassphrase),
    }
}

/// Refuses a PBES2 scheme whose key derivation would cost more than a file should: scrypt
/// (memory-hard by design, not what PKCS#12 tools write) and PBKDF2 over [`MAX_ITERATIONS`].
fn bounded(scheme: &pkcs5::EncryptionScheme) -> Result<(), Failure> {
    match scheme.pbes2().map(|p| &p.kdf) {
        Some(pkcs5::pbes2::Kdf::Pbkdf2(params)) if params.iteration_count > MAX_ITERATIONS => {
            Err(Failure::Malformed(format!(
                "its key derivation asks for {} iterations, over the {MAX_ITERATIONS} read here",
                params.iteration_count
            )))
        }
        Some(pkcs5::pbes2::Kdf::Scrypt(_)) => Err(Failure::Malformed(
            "its certificates are encrypted with an scrypt-derived key, which is not read here"
                .into(),
        )),
        _ => Ok(()),
    }
}

/// A decryption with a legacy PKCS#12 scheme (`pkcs-12PbeIds`: RC2 and 3DES; RC4 is refused).
fn legacy<'a>(algorithm: &Tlv<'_>, ciphertext: &'a [u8]) -> Result<Decrypt<'a>, Failure> {
    let fields = algorithm.children().map_err(Failure::Malformed)?;
    let oid = fields.first().and_then(Tlv::oid);
    let arc = oid.as_ref().and_then(|oid| {
        let text = oid.to_string();
        text.strip_prefix(PKCS12_PBE_ARC)?.parse::<u32>().ok()
    });
    let Some(scheme) = arc.and_then(Scheme::of_arc) else {
        return Err(match oid {
            Some(oid) if arc.is_some() => Failure::Legacy(format!(
                "its certificates are encrypted with RC4 ({oid}), which is not read here"
            )),
            Some(oid) => {
                Failure::Malformed(format!("encrypted with {oid}, which is not supported"))
            }
            None => Failure::Malformed("an unreadable encryption algorithm".into()),
        });
    };
    // pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }
    let params = fields
        .get(1)
        .and_then(|p| p.children().ok())
        .unwrap_or_default();
    let (Some(salt), Some(iterations)) = (
        params.first().filter(|t| t.is(Tag::OctetString)),
        params.get(1).and_then(Tlv::small_integer),
    ) else {
        return Err(Failure::Malformed(
            "unreadable PKCS#12 PBE parameters".into(),
        ));
    };
    let iterations = u32::try_from(iterations)
        .ok()
        .filter(|&n| n <= MAX_ITERATIONS)
        .ok_or_else(|| {
            Failure::Malformed(format!(
                "its key derivation asks for {iterations} iterations, over the {MAX_ITERATIONS} read here"
            ))
        })?;
    let salt = salt.value.to_vec();
    Ok(Box::new(move |password| {
        pkcs12_kdf::decrypt(scheme, password, &salt, iterations, ciphertext)
    }))
}

/// Reads a SafeContents: certificates kept, keys counted, nested safe contents followed.
fn read_bags(der: &[u8], depth: usize, contents: &mut Contents) -> Result<(), String> {
    if depth > MAX_NESTING {
        return Err("safe contents nested too deep".into());
    }
    for bag in asn1::element(der)?.children()? {
        let fields = bag.children()?;
        let [kind, value, ..] = fields.as_slice() else {
            return Err("a safe bag without a value".into());
        };
        let kind = kind.oid().ok_or("a safe bag without a type")?;
        if !value.is_context(0) {
            return Err("a safe bag value is not in [0]".into());
        }
        let value = asn1::only_child(value)?;
        if kind == CERT_BAG {
            let cert_bag = value.children()?;
            let [cert_type, cert_value, ..] = cert_bag.as_slice() else {
                return Err("a certificate bag without a certificate".into());
            };
            if cert_type.oid() == Some(X509_CERTIFICATE) && cert_value.is_context(0) {
                contents
                    .certificates
                    .push(octets(&asn1::only_child(cert_value)?)?.to_vec());
            }
        } else if kind == KEY_BAG || kind == SHROUDED_KEY_BAG {
            contents.keys += 1;
        } else if kind == SAFE_CONTENTS_BAG {
            read_bags(value.bytes, depth + 1, contents)?;
        }
        // CRL and secret bags: nothing for a truststore.
    }
    Ok(())
}
