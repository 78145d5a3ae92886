//! Certificate revocation lists, as Elastic Load Balancing trust stores take them: read from
//! PEM by the same lossless reader as bundles, judged against the truststore (issuer, signature,
//! dates, extensions), and looked up by issuer and serial number when a client is verified.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::crypto::{self, SignatureAlgorithm, SignatureError};
use crate::pem::{self, Item};
use crate::source::Source;
use crate::truststore::Truststore;
use crate::when::rfc3339;
use crate::x509::{hex, key_ids_agree, name_key, rfc4514, unix_seconds, unsigned, Certificate};
use der::{Decode, Encode};
use std::collections::HashSet;
use x509_cert::certificate::Profile;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::AuthorityKeyIdentifier;

/// The PEM label of a CRL (RFC 7468).
const LABEL: &str = "X509 CRL";

/// CRL extensions OpenSSL processes; any other critical one makes the list unusable.
const CRL_NUMBER: &str = "2.5.29.20";
const AUTHORITY_KEY_ID: &str = "2.5.29.35";
const DELTA_CRL_INDICATOR: &str = "2.5.29.27";
const ISSUING_DISTRIBUTION_POINT: &str = "2.5.29.28";
/// CRL entry extensions: reasonCode and invalidityDate are informational; certificateIssuer
/// makes the list indirect.
const CERTIFICATE_ISSUER: &str = "2.5.29.29";

/// RFC 5280 parsing that keeps negative serial numbers (x509-cert's own `Raw` profile is behind
/// its `hazmat` feature): lint must name such an entry, not fail on the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct KeepNegativeSerials;

impl Profile for KeepNegativeSerials {
    fn check_serial_number(
        _serial: &x509_cert::serial_number::SerialNumber<Self>,
    ) -> der::Result<()> {
        Ok(())
    }
}

/// One revoked entry as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The serial's content octets, as encoded (two's complement).
    pub(crate) serial: Vec<u8>,
}

impl Entry {
    /// A serial whose top bit is set: negative, which ALB cannot revoke.
    pub(crate) fn is_negative(&self) -> bool {
        self.serial.first().is_some_and(|b| b & 0x80 != 0)
    }

    /// The serial as lower-case hex without sign padding (the form CloudFront's KeyValueStore
    /// and ALB's headers use).
    pub(crate) fn hex(&self) -> String {
        hex(unsigned(&self.serial))
    }
}

/// A parsed CRL and where it is.
#[derive(Debug)]
pub(crate) struct Crl {
    /// The BEGIN line.
    pub(crate) line: usize,
    /// RFC 4514 issuer.
    pub(crate) issuer: String,
    pub(crate) issuer_key: Vec<u8>,
    /// The authority key identifier, if present.
    pub(crate) aki: Option<Vec<u8>>,
    pub(crate) this_update: i64,
    pub(crate) next_update: Option<i64>,
    pub(crate) entries: Vec<Entry>,
    /// Serials as unsigned content octets, for lookups.
    revoked: HashSet<Vec<u8>>,
    /// Why OpenSSL would not use it as a complete CRL (delta, indirect, unknown critical
    /// extension), if so.
    pub(crate) unsupported: Option<String>,
    signature_algorithm: SignatureAlgorithm,
    tbs: Vec<u8>,
    signature: Vec<u8>,
    der: Vec<u8>,
}

/// The CRLs of one file, and the blocks of it that are not usable CRLs.
pub(crate) struct CrlFile {
    pub(crate) name: String,
    pub(crate) size: usize,
    pub(crate) crls: Vec<Crl>,
    /// (line, problem) for blocks that do not parse or are not CRLs.
    pub(crate) problems: Vec<(usize, String)>,
}

/// Reads a CRL file: PEM `X509 CRL` blocks. A DER file is an error that says how to convert
/// it (ALB takes PEM only); a file with no CRL block is an error too.
pub(crate) fn read(source: &Source) -> Result<CrlFile, String> {
    let mut file = CrlFile {
        name: source.name.clone(),
        size: source.bytes.len(),
        crls: Vec::new(),
        problems: Vec::new(),
    };
    for item in pem::split(source) {
        let Item::Block(block) = item else { continue };
        if block.label != LABEL {
            file.problems.push((
                block.line,
                format!("a {} block, not an X509 CRL", block.label),
            ));
            continue;
        }
        let parsed = block.decode(source).and_then(|der| parse(&der, block.line));
        match parsed {
            Ok(crl) => file.crls.push(crl),
            Err(why) => file.problems.push((block.line, why)),
        }
    }
    if file.crls.is_empty() && file.problems.is_empty() {
        let der = source.bytes.first() == Some(&0x30);
        return Err(if der && parse(&source.bytes, 1).is_ok() {
            format!(
                "{}: a DER CRL; load balancers take PEM only: `truststore crl convert {}` writes it as PEM",
                source.name, source.name
            )
        } else {
            format!("{}: no X509 CRL block found", source.name)
        });
    }
    Ok(file)
}

/// Reads the CRLs of a file, DER (one list) or PEM (every block must be a CRL that parses):
/// what converting, exporting and an authorizer's revocation set take. The error is one line,
/// `file:line: why`.
pub(crate) fn read_any(source: &Source) -> Result<Vec<Crl>, String> {
    if source.bytes.first() == Some(&0x30) {
        return parse(&source.bytes, 1)
            .map(|c| vec![c])
            .map_err(|e| format!("{}: {e}", source.name));
    }
    let file = read(source)?;
    if let Some((line, why)) = file.problems.first() {
        return Err(format!("{}:{line}: {why}", file.name));
    }
    Ok(file.crls)
}

/// Parses one CRL's DER.
pub(crate) fn parse(der: &[u8], line: usize) -> Result<Crl, String> {
    let list = CertificateList::<KeepNegativeSerials>::from_der(der)
        .map_err(|e| format!("not a CRL: {e}"))?;
    let tbs_list = &list.tbs_cert_list;
    // Strict DER decodes one way only, so the re-encoded TBS is the signed bytes.
    let tbs = tbs_list
        .to_der()
        .map_err(|e| format!("cannot re-encode: {e}"))?;
    let mut unsupported = None;
    let mut aki = None;
    for ext in tbs_list.crl_extensions.iter().flatten() {
        let oid = ext.extn_id.to_string();
        match oid.as_str() {
            AUTHORITY_KEY_ID => {
                aki = AuthorityKeyIdentifier::from_der(ext.extn_value.as_bytes())
                    .ok()
                    .and_then(|a| a.key_identifier)
                    .map(|k| k.as_bytes().to_vec());
            }
            CRL_NUMBER => {}
            DELTA_CRL_INDICATOR => {
                unsupported = Some(
                    "a delta CRL (deltaCRLIndicator): load balancers take complete CRLs"
                        .to_string(),
                );
            }
            ISSUING_DISTRIBUTION_POINT => {
                unsupported = Some("an issuingDistributionPoint: a partitioned or scoped CRL, which truststore does not evaluate".to_string());
            }
            _ if ext.critical => {
                unsupported = Some(format!("an unknown critical CRL extension {oid}"));
            }
            _ => {}
        }
    }
    let mut entries = Vec::new();
    for revoked in tbs_list.revoked_certificates.iter().flatten() {
        let indirect = revoked
            .crl_entry_extensions
            .iter()
            .flatten()
            .any(|e| e.extn_id.to_string() == CERTIFICATE_ISSUER);
        if indirect {
            unsupported = Some("an indirect CRL (certificateIssuer entries)".to_string());
        }
        entries.push(Entry {
            serial: revoked.serial_number.as_bytes().to_vec(),
        });
    }
    let revoked = entries
        .iter()
        .map(|e| unsigned(&e.serial).to_vec())
        .collect();
    Ok(Crl {
        line,
        issuer: rfc4514(&tbs_list.issuer),
        issuer_key: name_key(&tbs_list.issuer),
        aki,
        this_update: unix_seconds(&tbs_list.this_update),
        next_update: tbs_list.next_update.as_ref().map(unix_seconds),
        entries,
        revoked,
        unsupported,
        signature_algorithm: SignatureAlgorithm::from_identifier(&list.signature_algorithm),
        tbs,
        signature: list.signature.raw_bytes().to_vec(),
        der: der.to_vec(),
    })
}

/// A CA may sign CRLs unless its keyUsage leaves out cRLSign (RFC 5280 4.2.1.3).
pub(crate) fn may_sign_crls(ca: &Certificate) -> bool {
    ca.key_usage
        .as_ref()
        .is_none_or(|ku| ku.contains(&"cRLSign"))
}

/// Whether a CRL can be used at time `at` with a truststore: the store index of the CA that
/// signed it, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    Usable {
        issuer: usize,
    },
    /// No truststore CA signed it: a load balancer refuses to add it to the trust store.
    Unsigned(String),
    /// Signed, but not usable at the time or of a kind not processed.
    Unusable(String),
}

impl Status {
    /// Why the list cannot be used, if it cannot.
    pub(crate) fn problem(&self) -> Option<&str> {
        match self {
            Status::Usable { .. } => None,
            Status::Unsigned(why) | Status::Unusable(why) => Some(why),
        }
    }
}

impl Crl {
    /// Judges this CRL against the truststore at `at`.
    pub(crate) fn status(&self, truststore: &Truststore, at: i64) -> Status {
        let store = &truststore.store;
        let candidates: Vec<usize> = store
            .with_subject(&self.issuer_key)
            .filter(|&i| self.may_be_of(store.get(i)))
            .collect();
        if candidates.is_empty() {
            return Status::Unsigned(format!(
                "its issuer `{}` is not in the truststore",
                self.issuer
            ));
        }
        let mut invalid = true;
        let mut signer = None;
        for &i in &candidates {
            match self.signed_by(store.get(i)) {
                Ok(()) => {
                    signer = Some(i);
                    break;
                }
                Err(SignatureError::Unsupported(_)) => invalid = false,
                Err(SignatureError::Invalid) => {}
            }
        }
        let Some(issuer) = signer else {
            return Status::Unsigned(if invalid {
                format!(
                    "its signature does not verify with the key of `{}` (truststore {})",
                    self.issuer,
                    candidates.first().map_or(String::new(), |&i| truststore
                        .line_ref(truststore.entry_of(i).line))
                )
            } else {
                format!(
                    "its signature algorithm {} is not supported",
                    self.signature_algorithm
                )
            });
        };
        if !may_sign_crls(store.get(issuer)) {
            return Status::Unusable(format!(
                "`{}` (truststore {}) has keyUsage without cRLSign",
                self.issuer,
                truststore.line_ref(truststore.entry_of(issuer).line)
            ));
        }
        match self.unusable_at(at) {
            Some(why) => Status::Unusable(why),
            None => Status::Usable { issuer },
        }
    }

    /// Whether `issuer`'s key verifies the list's signature.
    pub(crate) fn signed_by(&self, issuer: &Certificate) -> Result<(), SignatureError> {
        crypto::verify(
            issuer.verifying_key(),
            &self.signature_algorithm,
            &self.tbs,
            &self.signature,
        )
    }

    /// Whether the list may be `issuer`'s by name and key identifier (its signature decides).
    pub(crate) fn may_be_of(&self, issuer: &Certificate) -> bool {
        self.issuer_key == issuer.subject_key
            && key_ids_agree(self.aki.as_deref(), issuer.ski.as_deref())
    }

    /// Why the list cannot be used at `at` whoever signed it: a kind not processed, or its
    /// thisUpdate / nextUpdate.
    pub(crate) fn unusable_at(&self, at: i64) -> Option<String> {
        if let Some(why) = &self.unsupported {
            return Some(format!("it is {why}"));
        }
        if at < self.this_update {
            return Some(format!(
                "it is not valid before its thisUpdate {}",
                rfc3339(self.this_update)
            ));
        }
        self.next_update
            .filter(|&next| next < at)
            .map(|next| format!("it expired at its nextUpdate {}", rfc3339(next)))
    }

    /// The list's DER.
    pub(crate) fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether the serial (content octets) is listed.
    pub(crate) fn lists(&self, serial: &[u8]) -> bool {
        self.revoked.contains(unsigned(serial))
    }
}

/// The CRLs of a `verify` run, each judged once against the truststore at the run's time.
pub(crate) struct Revocation {
    lists: Vec<(String, Crl, Status)>,
}

/// What the CRLs say about one certificate.
pub(crate) enum Finding<'r> {
    /// Listed by a usable CRL of its issuer: (file, BEGIN line).
    Revoked(&'r str, usize),
    /// A CRL of its issuer cannot be used: (file, BEGIN line, why).
    Unusable(&'r str, usize, &'r str),
}

impl Revocation {
    /// Judges every CRL of `files` against `truststore` at `at`. A list no truststore CA
    /// signed is an error (`file:line: why`): the trust store would not take it at all.
    pub(crate) fn new(
        files: Vec<CrlFile>,
        truststore: &Truststore,
        at: i64,
    ) -> Result<Revocation, String> {
        let mut lists = Vec::new();
        for file in files {
            for crl in file.crls {
                let status = crl.status(truststore, at);
                if let Status::Unsigned(why) = &status {
                    return Err(format!(
                        "{}:{}: a load balancer refuses this CRL: {why}",
                        file.name, crl.line
                    ));
                }
                lists.push((file.name.clone(), crl, status));
            }
        }
        Ok(Revocation { lists })
    }

    /// What the CRLs of `issuer` (the certificate above `cert` on the path) say about `cert`:
    /// a listing first; else, if no usable CRL of that issuer is at hand, an unusable one of
    /// its name (as OpenSSL prefers a current CRL to a stale one); else nothing.
    pub(crate) fn check(
        &self,
        truststore: &Truststore,
        cert: &Certificate,
        issuer: &Certificate,
    ) -> Option<Finding<'_>> {
        let mut unusable = None;
        let mut usable = false;
        for (file, crl, status) in &self.lists {
            if crl.issuer_key != cert.issuer_key {
                continue;
            }
            match status {
                Status::Usable { issuer: signer } => {
                    let same_key = truststore.store.get(*signer).spki_sha256 == issuer.spki_sha256;
                    if same_key && crl.lists(&cert.serial) {
                        return Some(Finding::Revoked(file, crl.line));
                    }
                    usable |= same_key;
                }
                Status::Unusable(why) | Status::Unsigned(why) => {
                    unusable.get_or_insert(Finding::Unusable(file, crl.line, why));
                }
            }
        }
        if usable {
            None
        } else {
            unusable
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_print_as_unsigned_hex_and_negatives_are_seen() {
        let positive = Entry {
            serial: vec![0x00, 0x8f, 0x01],
        };
        assert_eq!(positive.hex(), "8f01");
        assert!(!positive.is_negative());
        assert!(Entry { serial: vec![0xff] }.is_negative());
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse(b"\x30\x03\x02\x01", 1).is_err());
        assert!(parse(b"", 1).is_err());
    }
}
