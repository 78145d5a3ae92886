//! Facts about one certificate, read once from its DER.
//!
//! Everything the rules, the store and path building need is derived here in a single decode;
//! nothing downstream goes back to the DER except to hash or verify the signed bytes.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::crypto::{self, oid, KeyKind, SignatureAlgorithm, SignatureError, VerifyingKey};
use const_oid::ObjectIdentifier;
use der::{Decode, Encode, Tag, Tagged};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::sync::OnceLock;
use x509_cert::certificate::Version;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, NameConstraints,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::name::Name;

/// basicConstraints (RFC 5280 section 4.2.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Constraints {
    pub ca: bool,
    pub path_len: Option<u8>,
}

/// Whether a certificate signed itself (RFC 5280's "self-signed": same name, own key verifies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SelfSigned {
    /// Subject and issuer differ (or the key identifiers say another key issued it).
    No,
    /// Names match and its own key verifies its signature.
    Verified,
    /// Names match but its algorithm or key cannot be verified here: the reason. Treated as
    /// self-signed, because the rules about the weak algorithm already report it.
    Unverified(String),
    /// Names match but its own key does not verify its signature: some other key of the same
    /// name must have issued it, or it is corrupt.
    SignatureMismatch,
}

/// A certificate parsed once, with the facts every check needs.
pub(crate) struct Certificate {
    pub der: Vec<u8>,
    /// Where the parts that are kept as bytes lie in `der` (nothing is copied).
    layout: Layout,
    pub version: u8,
    pub serial: Vec<u8>,
    /// RFC 4514 text, most specific RDN first (as OpenSSL's `-nameopt RFC2253`).
    pub subject: String,
    pub issuer: String,
    /// Names compared the RFC 5280 way: string values case-folded with whitespace collapsed.
    pub subject_key: Vec<u8>,
    pub issuer_key: Vec<u8>,
    /// Seconds since the Unix epoch.
    pub not_before: i64,
    pub not_after: i64,
    pub signature_algorithm: SignatureAlgorithm,
    pub key_kind: KeyKind,
    /// The key is an id-RSASSA-PSS key (RFC 4055): RSA restricted to PSS signatures.
    pub key_pss_restricted: bool,
    /// Built on first use as an issuer (see [`Certificate::verifying_key`]).
    verifying_key: OnceLock<VerifyingKey>,
    /// SHA-256 of the SubjectPublicKeyInfo DER (the modern `-modulus | sha1` comparison).
    pub spki_sha256: [u8; 32],
    pub constraints: Option<Constraints>,
    /// keyCertSign, or `None` when there is no keyUsage extension.
    pub key_cert_sign: Option<bool>,
    /// The keyUsage bits set, by RFC 5280 name, or `None` when there is no keyUsage extension.
    pub key_usage: Option<Vec<&'static str>>,
    pub ski: Option<Vec<u8>>,
    pub aki: Option<Vec<u8>>,
    /// The authority key identifier's authorityCertIssuer (first directoryName, as a name key)
    /// and authorityCertSerialNumber (unsigned big-endian, no leading zeros), when present.
    pub aki_issuer: Option<Vec<u8>>,
    pub aki_serial: Option<Vec<u8>>,
    /// extendedKeyUsage purposes, `None` when absent (names: [`Certificate::extended_key_usage`]).
    pub eku_oids: Option<Vec<ObjectIdentifier>>,
    /// Netscape certType's first byte (bit 0x80 sslClient ... 0x04 sslCA), `None` when absent.
    pub ns_cert_type: Option<u8>,
    /// Every extension's OID and criticality, in certificate order.
    pub extensions: Vec<(ObjectIdentifier, bool)>,
    /// subjectAltName entries as the name-constraint checks read them.
    pub alt_names: Vec<NameFact>,
    /// The subject's emailAddress and commonName values (RFC 5280 4.2.1.10 and OpenSSL check
    /// them against rfc822Name and, for a leaf without DNS names, dNSName constraints).
    pub subject_emails: Vec<String>,
    pub subject_common_names: Vec<String>,
    /// The subject's organizationalUnitName values.
    pub subject_organizational_units: Vec<String>,
    /// nameConstraints (RFC 5280 4.2.1.10), when present.
    pub name_constraints: Option<NameConstraintsFact>,
    /// subjectAltName entries as OpenSSL prints them (`DNS:example.com`, `IP:192.0.2.1`).
    pub subject_alt_names: Vec<String>,
    /// SHA-256 of the whole certificate DER.
    pub fingerprint: [u8; 32],
    /// Checked on first use (see [`Certificate::self_signed`]): a root's self-signature costs a
    /// signature verification, which `verify` pays only for the certificates on its path.
    self_signed: OnceLock<SelfSigned>,
}

impl Certificate {
    /// Parses DER bytes; the error is a one-line description for a `malformed` finding.
    pub(crate) fn from_der(der: Vec<u8>) -> Result<Certificate, String> {
        let fingerprint = fingerprint(&der);
        Certificate::from_der_with_fingerprint(der, fingerprint)
    }

    /// As [`Certificate::from_der`], with the SHA-256 of `der` already computed.
    pub(crate) fn from_der_with_fingerprint(
        der: Vec<u8>,
        fingerprint: [u8; 32],
    ) -> Result<Certificate, String> {
        let parsed = x509_cert::Certificate::from_der(&der).map_err(describe_der_error)?;
        let layout = Layout::of(&der).ok_or("cannot locate the parts of the certificate")?;
        let tbs_cert = parsed.tbs_certificate();
        if parsed.signature().as_bytes().is_none() {
            return Err("signature BIT STRING has unused bits".into());
        }
        let validity = tbs_cert.validity();
        let spki = tbs_cert.subject_public_key_info();
        let key_kind = crypto::key_kind(spki);
        let ext_err = |what: &str, e: der::Error| format!("{what} extension: {e}");
        let constraints = tbs_cert
            .get_extension::<BasicConstraints>()
            .map_err(|e| ext_err("basicConstraints", e))?
            .map(|(_, bc)| Constraints {
                ca: bc.ca,
                path_len: bc.path_len_constraint,
            });
        let key_usage = tbs_cert
            .get_extension::<KeyUsage>()
            .map_err(|e| ext_err("keyUsage", e))?
            .map(|(_, ku)| ku);
        let key_cert_sign = key_usage.as_ref().map(KeyUsage::key_cert_sign);
        let key_usage = key_usage.map(|ku| key_usage_names(&ku));
        let ski = tbs_cert
            .get_extension::<SubjectKeyIdentifier>()
            .map_err(|e| ext_err("subjectKeyIdentifier", e))?
            .map(|(_, ski)| ski.0.as_bytes().to_vec());
        let aki_ext = tbs_cert
            .get_extension::<AuthorityKeyIdentifier>()
            .map_err(|e| ext_err("authorityKeyIdentifier", e))?
            .map(|(_, aki)| aki);
        let aki = aki_ext
            .as_ref()
            .and_then(|aki| aki.key_identifier.as_ref().map(|k| k.as_bytes().to_vec()));
        // authorityCertIssuer (its directoryName) and authorityCertSerialNumber: an issuer
        // must match them too (RFC 5280 4.2.1.1; OpenSSL X509_check_akid).
        let aki_issuer = aki_ext.as_ref().and_then(|aki| {
            aki.authority_cert_issuer
                .as_ref()?
                .iter()
                .find_map(|n| match n {
                    GeneralName::DirectoryName(name) => Some(name_key(name)),
                    _ => None,
                })
        });
        let aki_serial = aki_ext.as_ref().and_then(|aki| {
            aki.authority_cert_serial_number
                .as_ref()
                .map(|serial| unsigned(serial.as_bytes()).to_vec())
        });
        let eku_oids: Option<Vec<ObjectIdentifier>> = tbs_cert
            .get_extension::<ExtendedKeyUsage>()
            .map_err(|e| ext_err("extendedKeyUsage", e))?
            .map(|(_, eku)| eku.0);
        let extensions: Vec<(ObjectIdentifier, bool)> = tbs_cert
            .extensions()
            .map(|list| list.iter().map(|e| (e.extn_id, e.critical)).collect())
            .unwrap_or_default();
        let ns_cert_type = match tbs_cert
            .extensions()
            .and_then(|list| list.iter().find(|e| e.extn_id == NETSCAPE_CERT_TYPE))
        {
            Some(ext) => Some(
                der::asn1::BitString::from_der(ext.extn_value.as_bytes())
                    .map_err(|e| ext_err("Netscape certType", e))?
                    .raw_bytes()
                    .first()
                    .copied()
                    .unwrap_or(0),
            ),
            None => None,
        };
        let san = tbs_cert
            .get_extension::<SubjectAltName>()
            .map_err(|e| ext_err("subjectAltName", e))?
            .map(|(_, san)| san.0)
            .unwrap_or_default();
        let subject_alt_names = san.iter().map(general_name).collect();
        let alt_names = san.iter().map(NameFact::of).collect();
        let name_constraints = tbs_cert
            .get_extension::<NameConstraints>()
            .map_err(|e| ext_err("nameConstraints", e))?
            .map(|(_, nc)| NameConstraintsFact::of(&nc));
        let attribute_values = |oid: &ObjectIdentifier| -> Vec<String> {
            tbs_cert
                .subject()
                .iter_rdn()
                .flat_map(|rdn| rdn.iter())
                .filter(|atv| atv.oid == *oid)
                .filter_map(|atv| attribute_text(&atv.value))
                .collect()
        };
        let subject_emails = attribute_values(&EMAIL_ADDRESS);
        let subject_common_names = attribute_values(&COMMON_NAME);
        let subject_organizational_units = attribute_values(&ORGANIZATIONAL_UNIT);
        let spki_sha256 = Sha256::digest(der.get(layout.spki.clone()).unwrap_or_default()).into();
        Ok(Certificate {
            layout,
            version: match tbs_cert.version() {
                Version::V1 => 1,
                Version::V2 => 2,
                Version::V3 => 3,
            },
            serial: tbs_cert.serial_number().as_bytes().to_vec(),
            subject: rfc4514(tbs_cert.subject()),
            issuer: rfc4514(tbs_cert.issuer()),
            subject_key: name_key(tbs_cert.subject()),
            issuer_key: name_key(tbs_cert.issuer()),
            not_before: unix_seconds(&validity.not_before),
            not_after: unix_seconds(&validity.not_after),
            signature_algorithm: SignatureAlgorithm::from_identifier(parsed.signature_algorithm()),
            key_kind,
            key_pss_restricted: spki.algorithm.oid == crypto::RSASSA_PSS,
            verifying_key: OnceLock::new(),
            spki_sha256,
            constraints,
            key_cert_sign,
            key_usage,
            ski,
            aki,
            aki_issuer,
            aki_serial,
            eku_oids,
            ns_cert_type,
            extensions,
            alt_names,
            subject_emails,
            subject_common_names,
            subject_organizational_units,
            name_constraints,
            subject_alt_names,
            fingerprint,
            self_signed: OnceLock::new(),
            der,
        })
    }

    fn bytes(&self, range: &Range<usize>) -> &[u8] {
        self.der.get(range.clone()).unwrap_or_default()
    }

    /// The key, ready to verify what this certificate signed; built once, on first use.
    pub(crate) fn verifying_key(&self) -> &VerifyingKey {
        self.verifying_key.get_or_init(|| {
            let key_bytes = self.bytes(&self.layout.public_key);
            crypto::verifying_key(key_bytes, &self.key_kind)
        })
    }

    /// Whether the certificate signed itself; checked once, on first use.
    pub(crate) fn self_signed(&self) -> &SelfSigned {
        self.self_signed.get_or_init(|| self.check_self_signed())
    }

    fn check_self_signed(&self) -> SelfSigned {
        if self.subject_key != self.issuer_key || !self.key_ids_allow(self) {
            return SelfSigned::No;
        }
        match self.verify_issued_by(self) {
            Ok(()) => SelfSigned::Verified,
            Err(SignatureError::Unsupported(why)) => SelfSigned::Unverified(why),
            Err(SignatureError::Invalid) => SelfSigned::SignatureMismatch,
        }
    }

    /// A root: names match and the signature is its own (or cannot be checked here).
    pub(crate) fn is_self_signed(&self) -> bool {
        matches!(
            self.self_signed(),
            SelfSigned::Verified | SelfSigned::Unverified(_)
        )
    }

    /// Self-issued (RFC 5280 6.1): subject and issuer names match, whoever signed it. Such a CA
    /// (a key rollover, say) does not count against a pathLenConstraint, as in OpenSSL.
    pub(crate) fn is_self_issued(&self) -> bool {
        self.subject_key == self.issuer_key
    }

    /// Whether `issuer` is compatible with this certificate's authority key identifier: the key
    /// identifiers equal where both are present, and, where the AKI names them, `issuer`'s own
    /// issuer name and serial number (OpenSSL's X509_check_akid; a root whose AKI names
    /// another issuer or serial is not self-signed).
    pub(crate) fn key_ids_allow(&self, issuer: &Certificate) -> bool {
        let key_id = key_ids_agree(self.aki.as_deref(), issuer.ski.as_deref());
        // An AKI that names the issuer's own issuer and serial number must name these.
        let serial = self
            .aki_serial
            .as_ref()
            .is_none_or(|serial| serial.as_slice() == unsigned(&issuer.serial));
        let issuer_name = self
            .aki_issuer
            .as_ref()
            .is_none_or(|name| *name == issuer.issuer_key);
        key_id && serial && issuer_name
    }

    /// extendedKeyUsage purposes by name where known (`clientAuth`), else dotted OIDs; `None`
    /// when absent.
    pub(crate) fn extended_key_usage(&self) -> Option<Vec<String>> {
        self.eku_oids
            .as_ref()
            .map(|oids| oids.iter().map(oid_name).collect())
    }

    /// Verifies this certificate's signature with `issuer`'s public key.
    pub(crate) fn verify_issued_by(&self, issuer: &Certificate) -> Result<(), SignatureError> {
        crypto::verify(
            issuer.verifying_key(),
            &self.signature_algorithm,
            self.bytes(&self.layout.tbs),
            self.bytes(&self.layout.signature),
        )
    }
}

/// Whether an authority key identifier and an issuer's subject key identifier agree: equal
/// where both are present (a missing one constrains nothing).
pub(crate) fn key_ids_agree(aki: Option<&[u8]>, ski: Option<&[u8]>) -> bool {
    match (aki, ski) {
        (Some(aki), Some(ski)) => aki == ski,
        _ => true,
    }
}

/// An INTEGER's content bytes without sign-padding zeros: serials compared as numbers.
pub(crate) fn unsigned(bytes: &[u8]) -> &[u8] {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes
        .get(zeros.min(bytes.len().saturating_sub(1))..)
        .unwrap_or(bytes)
}

/// PKCS#9 emailAddress and X.520 commonName, read for name constraints.
const EMAIL_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.1");
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const ORGANIZATIONAL_UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");

/// A general name as name constraints compare it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameFact {
    Dns(String),
    Email(String),
    /// The address octets (4 or 16); in a constraint, address then mask (8 or 32).
    Ip(Vec<u8>),
    Uri(String),
    /// The RFC 5280 comparison key of a directory name (see [`name_key`]).
    Directory(Vec<u8>),
    /// otherName, x400Address, ediPartyName, registeredID: not evaluated.
    Other(&'static str),
}

impl NameFact {
    fn of(name: &GeneralName) -> NameFact {
        match name {
            GeneralName::DnsName(s) => NameFact::Dns(s.as_str().to_string()),
            GeneralName::Rfc822Name(s) => NameFact::Email(s.as_str().to_string()),
            GeneralName::UniformResourceIdentifier(s) => NameFact::Uri(s.as_str().to_string()),
            GeneralName::DirectoryName(n) => NameFact::Directory(name_key(n)),
            GeneralName::IpAddress(ip) => NameFact::Ip(ip.as_bytes().to_vec()),
            GeneralName::OtherName(_) => NameFact::Other("otherName"),
            GeneralName::RegisteredId(_) => NameFact::Other("registeredID"),
            GeneralName::EdiPartyName(_) => NameFact::Other("ediPartyName"),
        }
    }
}

/// One GeneralSubtree: its base, and whether it sets minimum or maximum (RFC 5280 says they
/// MUST NOT be used; OpenSSL refuses them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubtreeFact {
    pub(crate) base: NameFact,
    pub(crate) min_max: bool,
}

/// nameConstraints as read: permitted subtrees (`None` when absent) and excluded ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameConstraintsFact {
    pub(crate) permitted: Option<Vec<SubtreeFact>>,
    pub(crate) excluded: Vec<SubtreeFact>,
}

impl NameConstraintsFact {
    fn of(nc: &NameConstraints) -> NameConstraintsFact {
        let subtrees = |list: &Vec<x509_cert::ext::pkix::constraints::name::GeneralSubtree>| {
            list.iter()
                .map(|s| SubtreeFact {
                    base: NameFact::of(&s.base),
                    min_max: s.minimum != 0 || s.maximum.is_some(),
                })
                .collect::<Vec<_>>()
        };
        NameConstraintsFact {
            permitted: nc.permitted_subtrees.as_ref().map(subtrees),
            excluded: nc
                .excluded_subtrees
                .as_ref()
                .map(subtrees)
                .unwrap_or_default(),
        }
    }
}

/// Netscape certType (nsCertType), which OpenSSL's purpose checks still read.
const NETSCAPE_CERT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.113730.1.1");

/// An OID by its short name where the OID database knows it (`id-kp-clientAuth` is shown as
/// `clientAuth`, as OpenSSL does), else dotted.
fn oid_name(oid: &const_oid::ObjectIdentifier) -> String {
    match const_oid::db::DB.by_oid(oid) {
        Some(name) => name.trim_start_matches("id-kp-").to_string(),
        None => oid.to_string(),
    }
}

fn general_name(name: &GeneralName) -> String {
    match name {
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::DirectoryName(n) => format!("DirName:{n}"),
        GeneralName::RegisteredId(oid) => format!("RID:{oid}"),
        GeneralName::IpAddress(ip) => match ip.as_bytes() {
            [a, b, c, d] => format!("IP:{a}.{b}.{c}.{d}"),
            bytes if bytes.len() == 16 => {
                let mut octets = [0u8; 16];
                octets.copy_from_slice(bytes);
                format!("IP:{}", std::net::Ipv6Addr::from(octets))
            }
            bytes => format!("IP:{}", colon_hex(bytes)),
        },
        // The value kept, in the syntax of openssl's -addext: `othername:OID;UTF8:text` for a
        // string (a Microsoft UPN, say), `othername:OID;DER:hex` for anything else.
        GeneralName::OtherName(other) => match attribute_text(&other.value) {
            Some(text) => format!(
                "othername:{};UTF8:{}",
                other.type_id,
                text.chars()
                    .map(|c| if c.is_control() { '?' } else { c })
                    .collect::<String>()
            ),
            None => format!(
                "othername:{};DER:{}",
                other.type_id,
                der::Encode::to_der(&other.value).map_or_else(|_| String::new(), |d| hex(&d))
            ),
        },
        GeneralName::EdiPartyName(_) => "EdiPartyName".to_string(),
    }
}

fn key_usage_names(ku: &KeyUsage) -> Vec<&'static str> {
    let bits = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    bits.into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, name)| name)
        .collect()
}

/// SHA-256 of a certificate's DER: its fingerprint and identity.
pub(crate) fn fingerprint(der: &[u8]) -> [u8; 32] {
    Sha256::digest(der).into()
}

/// The subject's comparison key (see [`name_key`]), read from the DER without decoding the rest:
/// enough to index a certificate that is parsed only if a path reaches it. `None` when the DER
/// is not shaped like a certificate.
pub(crate) fn subject_key_of(der: &[u8]) -> Option<Vec<u8>> {
    let layout = Layout::of(der)?;
    let name = Name::from_der(der.get(layout.subject)?).ok()?;
    Some(name_key(&name))
}

/// Byte ranges of a certificate's parts inside its DER (RFC 5280 section 4.1).
#[derive(Debug, Clone)]
struct Layout {
    tbs: Range<usize>,
    subject: Range<usize>,
    spki: Range<usize>,
    /// The subjectPublicKey BIT STRING's content, after its unused-bits byte.
    public_key: Range<usize>,
    /// The signature BIT STRING's content, after its unused-bits byte.
    signature: Range<usize>,
}

impl Layout {
    /// Walks the TLVs (bounds-checked, tags not checked: on DER that x509-cert accepts, the
    /// ranges are those of its parts).
    fn of(der: &[u8]) -> Option<Layout> {
        let (_, cert_body, _) = tlv(der, 0)?;
        let (tbs_start, tbs_body, tbs_end) = tlv(der, cert_body)?;
        let mut at = tbs_body;
        if *der.get(at)? == 0xa0 {
            at = tlv(der, at)?.2; // [0] version
        }
        let serial_end = tlv(der, at)?.2;
        let algorithm_end = tlv(der, serial_end)?.2;
        let issuer_end = tlv(der, algorithm_end)?.2;
        let validity_end = tlv(der, issuer_end)?.2;
        let (subject_start, _, subject_end) = tlv(der, validity_end)?;
        let (spki_start, spki_body, spki_end) = tlv(der, subject_end)?;
        let spki_algorithm_end = tlv(der, spki_body)?.2;
        let (_, key_body, key_end) = tlv(der, spki_algorithm_end)?;
        let signature_algorithm_end = tlv(der, tbs_end)?.2;
        let (_, signature_body, signature_end) = tlv(der, signature_algorithm_end)?;
        Some(Layout {
            tbs: tbs_start..tbs_end,
            subject: subject_start..subject_end,
            spki: spki_start..spki_end,
            public_key: key_body.checked_add(1)?..key_end,
            signature: signature_body.checked_add(1)?..signature_end,
        })
    }
}

/// (start, content start, end) of the DER TLV at `offset`.
fn tlv(der: &[u8], offset: usize) -> Option<(usize, usize, usize)> {
    let first = usize::from(*der.get(offset.checked_add(1)?)?);
    let (len, header) = if first < 0x80 {
        (first, 2)
    } else {
        let count = first & 0x7f;
        if count == 0 || count > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..count {
            len = (len << 8) | usize::from(*der.get(offset.checked_add(2 + i)?)?);
        }
        (len, 2 + count)
    };
    let body = offset.checked_add(header)?;
    let end = body.checked_add(len)?;
    (end <= der.len()).then_some((offset, body, end))
}

fn describe_der_error(err: der::Error) -> String {
    match err.kind() {
        der::ErrorKind::TrailingData { remaining, .. } => {
            format!("DER has {remaining} trailing bytes after the certificate")
        }
        _ => format!("not an X.509 certificate: {err}"),
    }
}

pub(crate) fn unix_seconds(t: &x509_cert::time::Time) -> i64 {
    i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
}

/// A comparable form of a Name (RFC 5280 section 7.1): attribute OIDs as they are, string
/// values lower-cased with runs of white space folded, other values as raw DER.
pub(crate) fn name_key(name: &Name) -> Vec<u8> {
    let mut key = Vec::new();
    for rdn in name.iter_rdn() {
        key.push(b'/');
        for atv in rdn.iter() {
            key.push(b'+');
            key.extend_from_slice(atv.oid.as_bytes());
            key.push(b'=');
            match attribute_text(&atv.value) {
                Some(text) => {
                    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    key.extend_from_slice(folded.to_lowercase().as_bytes());
                }
                None => key.extend_from_slice(atv.value.value()),
            }
            key.push(0);
        }
    }
    key
}

/// The text of a directory string value, whatever its string type; `None` for other values.
fn attribute_text(value: &der::Any) -> Option<String> {
    let bytes = value.value();
    match value.tag() {
        Tag::PrintableString
        | Tag::Utf8String
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => std::str::from_utf8(bytes).ok().map(str::to_owned),
        // T.61 in theory, Latin-1 in practice (as OpenSSL reads it).
        Tag::TeletexString => Some(bytes.iter().map(|&b| char::from(b)).collect()),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .filter_map(|c| <[u8; 2]>::try_from(c).ok().map(u16::from_be_bytes))
                .collect();
            String::from_utf16(&units).ok()
        }
        _ => None,
    }
}

/// Short names of the attribute types found in certificate names (RFC 4514 section 3, and the
/// names OpenSSL prints for the others).
static ATTRIBUTE_NAMES: &[(const_oid::ObjectIdentifier, &str)] = &[
    (oid("2.5.4.3"), "CN"),
    (oid("2.5.4.6"), "C"),
    (oid("2.5.4.7"), "L"),
    (oid("2.5.4.8"), "ST"),
    (oid("2.5.4.9"), "STREET"),
    (oid("2.5.4.10"), "O"),
    (oid("2.5.4.11"), "OU"),
    (oid("0.9.2342.19200300.100.1.25"), "DC"),
    (oid("0.9.2342.19200300.100.1.1"), "UID"),
    (oid("2.5.4.5"), "serialNumber"),
    (oid("2.5.4.4"), "SN"),
    (oid("2.5.4.42"), "GN"),
    (oid("2.5.4.12"), "title"),
    (oid("2.5.4.15"), "businessCategory"),
    (oid("2.5.4.17"), "postalCode"),
    (oid("2.5.4.97"), "organizationIdentifier"),
    (oid("1.2.840.113549.1.9.1"), "emailAddress"),
    (oid("1.3.6.1.4.1.311.60.2.1.1"), "jurisdictionL"),
    (oid("1.3.6.1.4.1.311.60.2.1.2"), "jurisdictionST"),
    (oid("1.3.6.1.4.1.311.60.2.1.3"), "jurisdictionC"),
];

/// RFC 4514 text, most specific RDN first (as `openssl -nameopt RFC2253`). Unknown attribute
/// types and non-string values are written `OID=#hex` (RFC 4514 section 2.4).
pub(crate) fn rfc4514(name: &Name) -> String {
    let mut rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let short = ATTRIBUTE_NAMES
                        .iter()
                        .find(|(o, _)| *o == atv.oid)
                        .map(|(_, n)| *n);
                    match (short, attribute_text(&atv.value)) {
                        (Some(short), Some(text)) => format!("{short}={}", escape_value(&text)),
                        (_, _) => {
                            let der = atv.value.to_der().unwrap_or_default();
                            let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
                            format!(
                                "{}=#{hex}",
                                short.map_or_else(|| atv.oid.to_string(), str::to_owned)
                            )
                        }
                    }
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .collect();
    rdns.reverse();
    rdns.join(",")
}

/// RFC 4514 section 2.4 escaping, plus control characters as `\xx` so a name stays one line.
fn escape_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let last = text.chars().count().saturating_sub(1);
    for (i, c) in text.chars().enumerate() {
        match c {
            '#' if i == 0 => out.push_str("\\#"),
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:02x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Upper-case hex with colons, as OpenSSL prints fingerprints and serials.
/// Lower-case hex without separators, as `sha256sum` prints.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The comparable form ([`name_key`]) of a distinguished name written as text: RFC 4514
/// (`CN=a,O=b`, most specific first, also with a space after each comma) or OpenSSL's
/// one-line form (`/O=b/CN=a`). `None` when it does not parse.
pub(crate) fn name_key_of_text(text: &str) -> Option<Vec<u8>> {
    use std::str::FromStr;
    let text = text.trim();
    let rfc4514 = match text.strip_prefix('/') {
        Some(slashed) => slashed.split('/').rev().collect::<Vec<_>>().join(","),
        None => text.replace(", ", ","),
    };
    Name::from_str(&rfc4514).ok().map(|name| name_key(&name))
}

/// A serial number written as hex, whatever the spelling (`a1:b2`, `A1B2`, `0xa1b2`,
/// `00:a1:b2`, spaces or dashes between bytes), as unsigned big-endian content octets without
/// leading zeros: the form serials are compared in.
pub(crate) fn parse_serial(text: &str) -> Result<Vec<u8>, String> {
    let trimmed = text.trim();
    let body = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
        .unwrap_or(trimmed);
    let digits: Vec<u8> = body
        .bytes()
        .filter(|b| !matches!(b, b':' | b' ' | b'-'))
        .collect();
    if digits.is_empty() || digits.len() > 128 {
        return Err(format!(
            "`{trimmed}` is not a serial number (1 to 64 bytes of hex)"
        ));
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    };
    let mut nibbles = Vec::with_capacity(digits.len() + 1);
    if digits.len() % 2 == 1 {
        nibbles.push(0);
    }
    for &b in &digits {
        nibbles.push(nibble(b).ok_or_else(|| {
            format!(
                "`{trimmed}` is not a serial number: `{}` is not a hex digit",
                char::from(b)
            )
        })?);
    }
    let bytes: Vec<u8> = nibbles
        .chunks_exact(2)
        .map(|pair| match pair {
            [high, low] => (high << 4) | low,
            _ => 0,
        })
        .collect();
    Ok(unsigned(&bytes).to_vec())
}
