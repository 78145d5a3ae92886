//! Certificate files that are not PEM bundles, read as the PEM the engine splits: DER
//! certificates, PKCS#7 (`.p7b`, DER or PEM) and PKCS#12 (`.p12`, `.pfx`), and UTF-16 text.
//! AWS takes PEM only, so a converted file stays visible: its [`Conversion`] is kept in the
//! source's parts, lint reports it as `not-pem`, and findings point at the original file.
//! Files of other kinds (a CRL, a CSR, a key) are refused with what they are and the command
//! that converts them.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

mod pkcs12;
mod pkcs12_kdf;
mod pkcs7;

use crate::asn1;
use crate::error::Error;
use crate::pem;
use crate::source::{Conversion, Source, STDIN_NAME};
use der::Tag;

/// The format a certificate file was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// DER: binary X.509, one certificate or several one after the other.
    Der,
    /// PKCS#7 / CMS SignedData: DER (`binary`) or in PEM `PKCS7` blocks.
    Pkcs7 {
        /// DER, not PEM.
        binary: bool,
    },
    /// PKCS#12 / PFX.
    Pkcs12,
    /// PEM text in UTF-16.
    Utf16,
}

impl Format {
    /// How messages name it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Der => "DER",
            Format::Pkcs7 { .. } => "PKCS#7",
            Format::Pkcs12 => "PKCS#12",
            Format::Utf16 => "UTF-16 text",
        }
    }

    /// The command that writes the same certificates as PEM, for `file`.
    pub(crate) fn conversion_command(self, file: &str) -> String {
        let template = match self {
            // `openssl x509` reads one certificate; `crl2pkcs7` then `pkcs7` reads them all.
            Format::Der => "openssl x509 -inform der -in FILE -out FILE.pem",
            Format::Pkcs7 { binary: true } => {
                "openssl pkcs7 -inform der -print_certs -in FILE -out FILE.pem"
            }
            Format::Pkcs7 { binary: false } => "openssl pkcs7 -print_certs -in FILE -out FILE.pem",
            Format::Pkcs12 => "openssl pkcs12 -in FILE -nokeys -out FILE.pem",
            Format::Utf16 => "iconv -f UTF-16 -t UTF-8 FILE > FILE.pem",
        };
        command(template, file)
    }
}

/// `template` with `FILE` replaced by `file` and `FILE.pem` by the name of its PEM
/// version, both quoted for a POSIX shell when they need it.
pub(crate) fn command(template: &str, file: &str) -> String {
    // Standard input: the command reads its own (no `-in`, no input file for iconv).
    let stdin = file == STDIN_NAME;
    let template = if stdin {
        template.replace("-in FILE ", "").replace(" FILE > ", " > ")
    } else {
        template.to_string()
    };
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let pem = match stem {
        Some(stem) if !file.ends_with(".pem") && !stdin => format!("{stem}.pem"),
        _ => "certificates.pem".to_string(),
    };
    template
        .replace("FILE.pem", &shell_word(&pem))
        .replace("FILE", &shell_word(file))
}

/// `word` as one word for a POSIX shell.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// Reads a certificate file named `name`: PEM as it is, any other format converted to PEM
/// (see the module doc). `passphrase` opens an encrypted PKCS#12.
pub(crate) fn read(name: &str, bytes: Vec<u8>, passphrase: Option<&[u8]>) -> Result<Source, Error> {
    if let Some(text) = utf16(&bytes) {
        let conversion = Conversion {
            format: Format::Utf16,
            line: None,
            certificates: 0,
            keys: 0,
        };
        return Ok(Source::converted(name, text, conversion));
    }
    let has = |needle: &[u8]| memchr::memmem::find(&bytes, needle).is_some();
    if has(b"-----BEGIN ") {
        let pkcs7 = has(b"-----BEGIN PKCS7-----") && !has(b"-----BEGIN CERTIFICATE-----");
        let source = Source::new(name, bytes);
        return if pkcs7 { pkcs7_pem(source) } else { Ok(source) };
    }
    if bytes.first() == Some(&0x30) {
        if let Some(source) = der(name, &bytes, passphrase)? {
            return Ok(source);
        }
    }
    Ok(Source::new(name, bytes))
}

/// A UTF-16 file (with a byte-order mark, or ASCII text with every other byte zero), as UTF-8.
fn utf16(bytes: &[u8]) -> Option<String> {
    let (little, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => (true, bytes),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => (false, bytes),
        _ => return None,
    };
    let units = body.chunks_exact(2).map(|pair| match pair {
        [x, y] if little => u16::from_le_bytes([*x, *y]),
        [x, y] => u16::from_be_bytes([*x, *y]),
        _ => 0,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
        .filter(|text| text.contains("-----BEGIN "))
}

/// A PEM file whose blocks are all `PKCS7`: each block's certificates, mapped to its BEGIN
/// line (the text around them is not kept: the PEM is written anew). A file that holds other
/// blocks as well is read as the PEM it is, so nothing in it goes unreported (its PKCS7 blocks
/// are then `non-certificate-block` findings with the command that converts them).
fn pkcs7_pem(source: Source) -> Result<Source, Error> {
    let name = source.name.as_str();
    let items = pem::split(&source);
    let only_pkcs7 = items.iter().all(|item| match item {
        pem::Item::Block(block) => block.label == "PKCS7",
        pem::Item::Unterminated { .. } | pem::Item::Flattened { .. } => false,
        pem::Item::StrayText { .. } | pem::Item::Comment { .. } | pem::Item::Blank { .. } => true,
    });
    if !only_pkcs7 {
        return Ok(source);
    }
    let mut parts = Vec::new();
    for item in &items {
        let pem::Item::Block(block) = item else {
            continue;
        };
        let unreadable = |why: String| Error::Unreadable {
            file: name.to_string(),
            why: format!("line {}: the PKCS7 block {why}", block.line),
        };
        let der = block.decode(&source).map_err(unreadable)?;
        let (certificates, _) = pkcs7::certificates(&der).map_err(unreadable)?;
        let format = Format::Pkcs7 { binary: false };
        parts.push(converted(name, format, Some(block.line), &certificates, 0));
    }
    Ok(Source::concat(name, parts))
}

/// The certificates `der` holds as PEM, or `None` when it is not DER at all (the caller then
/// describes the bytes). A DER file of another kind is an error saying what it is.
fn der(name: &str, bytes: &[u8], passphrase: Option<&[u8]>) -> Result<Option<Source>, Error> {
    let first = first_len(bytes);
    if first == 0 {
        return Ok(None);
    }
    let trailing = |at: usize| {
        Error::Unreadable {
        file: name.to_string(),
        why: format!(
            "DER: {} bytes after byte {at} are not a certificate; cut them off or re-export the file",
            bytes.len() - at
        ),
    }
    };
    let Ok(elements) = asn1::elements(bytes) else {
        return Err(trailing(first));
    };
    let mut certificates = Vec::new();
    let mut offset = 0;
    for element in &elements {
        match (identify(element), offset) {
            (Kind::Certificate, _) => certificates.push(element.bytes.to_vec()),
            (Kind::Pkcs7, 0) if elements.len() == 1 => {
                let (found, _) =
                    pkcs7::certificates(element.bytes).map_err(|why| Error::Unreadable {
                        file: name.to_string(),
                        why: format!("PKCS#7 file that cannot be read: {why}"),
                    })?;
                let format = Format::Pkcs7 { binary: true };
                return Ok(Some(converted(name, format, Some(1), &found, 0)));
            }
            (Kind::Pkcs12, 0) if elements.len() == 1 => {
                return pkcs12(name, element.bytes, passphrase).map(Some)
            }
            (Kind::RevocationList, 0) => {
                return Err(Error::IsRevocationList {
                    file: name.to_string(),
                })
            }
            (kind, 0) => {
                return Err(Error::NoCertificate {
                    file: name.to_string(),
                    found: command(kind.describe(), name),
                })
            }
            (_, at) => return Err(trailing(at)),
        }
        offset += element.bytes.len();
    }
    Ok(Some(converted(
        name,
        Format::Der,
        Some(1),
        &certificates,
        0,
    )))
}

/// The length of the first DER element of `bytes`, or 0 when it does not start with one.
fn first_len(bytes: &[u8]) -> usize {
    asn1::first(bytes).map_or(0, |tlv| tlv.bytes.len())
}

fn pkcs12(name: &str, der: &[u8], passphrase: Option<&[u8]>) -> Result<Source, Error> {
    let unreadable = |why: String| Error::Unreadable {
        file: name.to_string(),
        why,
    };
    let check = Format::Pkcs12.conversion_command(name);
    match pkcs12::contents(der, passphrase) {
        Ok(contents) => Ok(converted(
            name,
            Format::Pkcs12,
            Some(1),
            &contents.certificates,
            contents.keys,
        )),
        Err(pkcs12::Failure::NeedsPassphrase) => Err(unreadable(
            "PKCS#12 file whose certificates are encrypted: give its passphrase with --passphrase-file or --passphrase-env".into(),
        )),
        Err(pkcs12::Failure::WrongPassphrase) => Err(unreadable(format!(
            "PKCS#12 file: the passphrase does not decrypt its certificates (wrong passphrase?); check it with `{check}`"
        ))),
        Err(pkcs12::Failure::Legacy(why)) => Err(unreadable(format!(
            "PKCS#12 file: {why}; convert it with `{}`",
            command("openssl pkcs12 -legacy -in FILE -nokeys -out FILE.pem", name)
        ))),
        Err(pkcs12::Failure::Malformed(why)) => Err(unreadable(format!(
            "PKCS#12 file that cannot be read: {why}"
        ))),
    }
}

/// The source of a converted file: its certificates as PEM blocks.
fn converted(
    name: &str,
    format: Format,
    line: Option<usize>,
    certificates: &[Vec<u8>],
    keys: usize,
) -> Source {
    let pem: String = certificates
        .iter()
        .map(|der| pem::armor("CERTIFICATE", der))
        .collect();
    let conversion = Conversion {
        format,
        line,
        certificates: certificates.len(),
        keys,
    };
    Source::converted(name, pem, conversion)
}

/// What a top-level DER element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Certificate,
    Pkcs7,
    Pkcs12,
    RevocationList,
    CertificateRequest,
    PrivateKey,
    EncryptedPrivateKey,
    PublicKey,
    Other,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::CertificateRequest => "a certificate signing request (CSR, DER), not a certificate; have the CA sign it (`openssl x509 -req -inform der -in FILE -CA ca.pem -CAkey ca.key -out FILE.pem`) and use the certificate",
            Kind::PrivateKey => "a private key (DER, not shown), not a certificate; if it was ever shared, treat it as leaked",
            Kind::EncryptedPrivateKey => "an encrypted private key (DER PKCS#8, not shown), not a certificate",
            Kind::PublicKey => "a public key (DER), not a certificate; a truststore needs the CA's certificate, which holds the key and its name",
            Kind::Certificate | Kind::Pkcs7 | Kind::Pkcs12 | Kind::RevocationList | Kind::Other => {
                "DER, but not a certificate, PKCS#7 or PKCS#12 file"
            }
        }
    }
}

/// Tells the DER structures apart by their shape, before any of them is parsed in full (a
/// certificate is then parsed, and judged, by the engine).
fn identify(element: &asn1::Tlv<'_>) -> Kind {
    if !element.is(Tag::Sequence) {
        return Kind::Other;
    }
    let Ok(top) = element.children() else {
        return Kind::Other;
    };
    let at = |i: usize| top.get(i);
    let tag_at = |i: usize, tag: Tag| at(i).is_some_and(|t| t.is(tag));
    if at(0).and_then(asn1::Tlv::oid) == Some(pkcs7::SIGNED_DATA) {
        return Kind::Pkcs7;
    }
    if pkcs12::looks_like(&top) {
        return Kind::Pkcs12;
    }
    // Signed objects: SEQUENCE { tbs SEQUENCE, algorithm SEQUENCE, signature BIT STRING }.
    if top.len() == 3
        && tag_at(0, Tag::Sequence)
        && tag_at(1, Tag::Sequence)
        && tag_at(2, Tag::BitString)
    {
        let Some(Ok(tbs)) = at(0).map(asn1::Tlv::children) else {
            return Kind::Other;
        };
        let is_time = |t: &asn1::Tlv<'_>| t.is(Tag::UtcTime) || t.is(Tag::GeneralizedTime);
        // A CRL's TBSCertList has thisUpdate, a time, among its first fields; a
        // certificate's times are inside Validity.
        if tbs.iter().take(4).any(is_time) {
            return Kind::RevocationList;
        }
        // CertificationRequestInfo: version 0, subject, key, [0] attributes.
        if tbs.len() == 4
            && tbs.first().and_then(asn1::Tlv::small_integer) == Some(0)
            && tbs.get(3).is_some_and(|t| t.is_context(0))
        {
            return Kind::CertificateRequest;
        }
        return Kind::Certificate;
    }
    let integer = |i: usize| at(i).and_then(asn1::Tlv::small_integer);
    // PKCS#8 { 0, algorithm, OCTET STRING }; PKCS#1 { 0, n, e, d, ... }; SEC1 { 1, OCTET STRING }.
    if (integer(0) == Some(0) && tag_at(1, Tag::Sequence) && tag_at(2, Tag::OctetString))
        || (integer(0) == Some(0) && top.len() >= 9 && tag_at(1, Tag::Integer))
        || (integer(0) == Some(1) && tag_at(1, Tag::OctetString))
    {
        return Kind::PrivateKey;
    }
    if top.len() == 2 && tag_at(0, Tag::Sequence) && tag_at(1, Tag::OctetString) {
        return Kind::EncryptedPrivateKey;
    }
    if top.len() == 2 && tag_at(0, Tag::Sequence) && tag_at(1, Tag::BitString) {
        return Kind::PublicKey;
    }
    Kind::Other
}
