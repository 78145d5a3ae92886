//! Certificates and CRLs, assembled and signed. The extensions, names, times and algorithm
//! identifiers are x509-cert/der types encoded by those crates; the TBSCertificate around them
//! is put together here, field by field, because the faults need what x509-cert's builder
//! refuses or hides (its TBSCertificate fields are crate-private): a negative serial, a
//! certificate that names one issuer and is signed by another key, a SHA-1 signature.

use super::keys::{PrivateKey, SigningHash};
use anyhow::{anyhow, Context, Result};
use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_CRL_NUMBER, ID_CE_EXT_KEY_USAGE,
    ID_CE_KEY_USAGE, ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER,
};
use const_oid::ObjectIdentifier;
use der::asn1::{BitString, GeneralizedTime, Ia5String, OctetString, UtcTime};
use der::{Decode, Encode};
use sha1::{Digest, Sha1};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use std::str::FromStr;
use std::time::Duration;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::pkix::crl::CrlNumber;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages,
    SubjectAltName, SubjectKeyIdentifier,
};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Time;

/// What goes into one certificate.
pub(crate) struct CertSpec {
    /// The serial's INTEGER content octets, as they are written (a fault may make it negative).
    pub(crate) serial: Vec<u8>,
    /// DER Names.
    pub(crate) issuer: Vec<u8>,
    pub(crate) subject: Vec<u8>,
    /// Seconds since the Unix epoch.
    pub(crate) not_before: i64,
    pub(crate) not_after: i64,
    /// DER SubjectPublicKeyInfo.
    pub(crate) spki: Vec<u8>,
    pub(crate) extensions: Vec<Extension>,
}

/// The signed certificate (DER): `spec` signed by `signer` with `hash`.
pub(crate) fn certificate(
    spec: &CertSpec,
    signer: &PrivateKey,
    hash: SigningHash,
) -> Result<Vec<u8>> {
    let algorithm = signer.algorithm(hash)?;
    let mut tbs = Vec::new();
    tbs.extend(tlv(0xa0, &2u8.to_der()?)); // [0] EXPLICIT version: v3
    tbs.extend(tlv(0x02, &spec.serial));
    tbs.extend_from_slice(&algorithm);
    tbs.extend_from_slice(&spec.issuer);
    let validity = [time(spec.not_before)?, time(spec.not_after)?].concat();
    tbs.extend(tlv(0x30, &validity));
    tbs.extend_from_slice(&spec.subject);
    tbs.extend_from_slice(&spec.spki);
    if !spec.extensions.is_empty() {
        tbs.extend(tlv(0xa3, &spec.extensions.to_der()?)); // [3] EXPLICIT extensions
    }
    let tbs = tlv(0x30, &tbs);
    let signature = signer.sign(hash, &tbs)?;
    let bits = BitString::from_bytes(&signature)?.to_der()?;
    Ok(tlv(0x30, &[tbs, algorithm, bits].concat()))
}

/// A CRL (DER, v2) of `issuer` listing `serials` (INTEGER content octets) revoked at
/// `this_update`, with the issuer's key identifier and `number` as the CRL number.
pub(crate) struct CrlSpec<'a> {
    pub(crate) issuer: &'a [u8],
    pub(crate) issuer_key_id: &'a [u8],
    pub(crate) serials: &'a [Vec<u8>],
    pub(crate) this_update: i64,
    pub(crate) next_update: i64,
    pub(crate) number: u64,
}

pub(crate) fn crl(spec: &CrlSpec<'_>, signer: &PrivateKey, hash: SigningHash) -> Result<Vec<u8>> {
    let algorithm = AlgorithmIdentifierOwned::from_der(&signer.algorithm(hash)?)?;
    let revoked = spec
        .serials
        .iter()
        .map(|serial| {
            Ok(RevokedCert {
                serial_number: SerialNumber::<x509_cert::certificate::Rfc5280>::new(serial)?,
                revocation_date: time_value(spec.this_update)?,
                crl_entry_extensions: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let number = CrlNumber(der::asn1::Uint::new(&spec.number.to_be_bytes())?);
    let tbs: TbsCertList = TbsCertList {
        version: x509_cert::Version::V2,
        signature: algorithm.clone(),
        issuer: Name::from_der(spec.issuer)?,
        this_update: time_value(spec.this_update)?,
        next_update: Some(time_value(spec.next_update)?),
        revoked_certificates: (!revoked.is_empty()).then_some(revoked),
        crl_extensions: Some(vec![
            extension(
                ID_CE_AUTHORITY_KEY_IDENTIFIER,
                false,
                &authority_key_id(spec.issuer_key_id)?,
            )?,
            extension(ID_CE_CRL_NUMBER, false, &number)?,
        ]),
    };
    let tbs_der = tbs.to_der()?;
    let signature = signer.sign(hash, &tbs_der)?;
    let list = CertificateList {
        tbs_cert_list: tbs,
        signature_algorithm: algorithm,
        signature: BitString::from_bytes(&signature)?,
    };
    Ok(list.to_der()?)
}

/// The key identifier of a public key: SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2,
/// method 1), what OpenSSL and AWS Private CA write.
pub(crate) fn key_id(spki: &[u8]) -> Result<Vec<u8>> {
    let info = SubjectPublicKeyInfoOwned::from_der(spki)?;
    Ok(Sha1::digest(info.subject_public_key.raw_bytes()).to_vec())
}

/// A CA's extensions: basicConstraints (critical, CA:TRUE, `path_len`), keyUsage (critical,
/// keyCertSign and cRLSign), the key identifiers (`issuer_key_id` is the subject's own for
/// a root).
pub(crate) fn ca_extensions(
    path_len: u8,
    key_id: &[u8],
    issuer_key_id: &[u8],
) -> Result<Vec<Extension>> {
    let constraints = BasicConstraints {
        ca: true,
        path_len_constraint: Some(path_len),
    };
    let usage = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
    Ok(vec![
        extension(ID_CE_BASIC_CONSTRAINTS, true, &constraints)?,
        extension(ID_CE_KEY_USAGE, true, &usage)?,
        extension(
            ID_CE_SUBJECT_KEY_IDENTIFIER,
            false,
            &subject_key_id(key_id)?,
        )?,
        extension(
            ID_CE_AUTHORITY_KEY_IDENTIFIER,
            false,
            &authority_key_id(issuer_key_id)?,
        )?,
    ])
}

/// A client's extensions: basicConstraints (critical, CA:FALSE), keyUsage (critical,
/// digitalSignature), extendedKeyUsage `purposes`, the SANs if any, the key identifiers.
pub(crate) fn leaf_extensions(
    purposes: &[ObjectIdentifier],
    sans: &[San],
    key_id: &[u8],
    issuer_key_id: &[u8],
) -> Result<Vec<Extension>> {
    let constraints = BasicConstraints {
        ca: false,
        path_len_constraint: None,
    };
    let usage = KeyUsage(KeyUsages::DigitalSignature.into());
    let mut extensions = vec![
        extension(ID_CE_BASIC_CONSTRAINTS, true, &constraints)?,
        extension(ID_CE_KEY_USAGE, true, &usage)?,
        extension(
            ID_CE_EXT_KEY_USAGE,
            false,
            &ExtendedKeyUsage(purposes.to_vec()),
        )?,
    ];
    if !sans.is_empty() {
        let names = sans
            .iter()
            .map(San::general_name)
            .collect::<Result<Vec<_>>>()?;
        extensions.push(extension(
            ID_CE_SUBJECT_ALT_NAME,
            false,
            &SubjectAltName(names),
        )?);
    }
    extensions.push(extension(
        ID_CE_SUBJECT_KEY_IDENTIFIER,
        false,
        &subject_key_id(key_id)?,
    )?);
    extensions.push(extension(
        ID_CE_AUTHORITY_KEY_IDENTIFIER,
        false,
        &authority_key_id(issuer_key_id)?,
    )?);
    Ok(extensions)
}

/// A subjectAltName, as `--san` takes it: `dns:NAME`, `uri:URI` or `email:ADDRESS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum San {
    Dns(String),
    Uri(String),
    Email(String),
}

impl San {
    pub(crate) fn parse(text: &str) -> Result<San> {
        let (kind, value) = text
            .split_once(':')
            .ok_or_else(|| anyhow!("--san {text}: write dns:NAME, uri:URI or email:ADDRESS"))?;
        if value.is_empty() || !value.is_ascii() {
            return Err(anyhow!(
                "--san {text}: the value must be non-empty ASCII (IA5String)"
            ));
        }
        match kind.to_ascii_lowercase().as_str() {
            "dns" => Ok(San::Dns(value.to_string())),
            "uri" => Ok(San::Uri(value.to_string())),
            "email" => Ok(San::Email(value.to_string())),
            _ => Err(anyhow!("--san {text}: the kind is dns, uri or email")),
        }
    }

    fn general_name(&self) -> Result<GeneralName> {
        Ok(match self {
            San::Dns(v) => GeneralName::DnsName(Ia5String::new(v)?),
            San::Uri(v) => GeneralName::UniformResourceIdentifier(Ia5String::new(v)?),
            San::Email(v) => GeneralName::Rfc822Name(Ia5String::new(v)?),
        })
    }
}

/// The DER Name of `CN=<common_name>,O=<organization>` (each value escaped per RFC 4514).
pub(crate) fn name(common_name: &str, organization: &str) -> Result<Vec<u8>> {
    let text = format!("CN={},O={}", escape(common_name), escape(organization));
    let name = Name::from_str(&text).with_context(|| format!("the name `{text}`"))?;
    Ok(name.to_der()?)
}

/// RFC 4514 section 2.4 escaping of one attribute value.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let last = value.chars().count().saturating_sub(1);
    for (i, c) in value.chars().enumerate() {
        let edge_space = c == ' ' && (i == 0 || i == last);
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || edge_space
            || (i == 0 && c == '#')
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn extension(oid: ObjectIdentifier, critical: bool, value: &impl Encode) -> Result<Extension> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

fn subject_key_id(key_id: &[u8]) -> Result<SubjectKeyIdentifier> {
    Ok(SubjectKeyIdentifier(OctetString::new(key_id)?))
}

fn authority_key_id(key_id: &[u8]) -> Result<AuthorityKeyIdentifier> {
    Ok(AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(key_id)?),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    })
}

/// UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5).
fn time_value(unix: i64) -> Result<Time> {
    let seconds =
        u64::try_from(unix).map_err(|_| anyhow!("a time before 1970 cannot be written"))?;
    let since = Duration::from_secs(seconds);
    Ok(if seconds < 2_524_608_000 {
        Time::UtcTime(UtcTime::from_unix_duration(since)?)
    } else {
        Time::GeneralTime(GeneralizedTime::from_unix_duration(since)?)
    })
}

fn time(unix: i64) -> Result<Vec<u8>> {
    Ok(time_value(unix)?.to_der()?)
}

/// A DER TLV with a one-byte tag and a definite length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}
