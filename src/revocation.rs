//! Revocation for callers that verify first and ask afterwards (Lambda authorizers): CRLs and
//! exported serial lists, looked up by issuer and serial for the certificates of a verified
//! path. API Gateway checks no revocation at all; this is what an authorizer adds.
//!
//! A CRL counts for a certificate only if the certificate's issuer *on the verified path*
//! signed it (name, key identifier and signature), the issuer may sign CRLs, and the list is
//! current at the time asked about. A serial never matches across CAs. A signature is checked
//! once per list and issuer key, however many requests ask.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::crl::{self, Crl};
use crate::error::Error;
use crate::source::Source;
use crate::verify::VerifiedPath;
use crate::x509::{name_key_of_text, parse_serial, unsigned, Certificate};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::SystemTime;

/// Which CA a serial list belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IssuerId {
    /// The CA's subject key identifier (the issued certificates' authority key identifier).
    KeyId(Vec<u8>),
    /// The CA's subject name, compared the RFC 5280 way (case and white space folded).
    Name(Vec<u8>),
}

impl IssuerId {
    /// A key identifier written as hex (`a1:b2:...` or `a1b2...`).
    pub fn key_id(hex: &str) -> Result<IssuerId, Error> {
        parse_serial(hex)
            .map(IssuerId::KeyId)
            .map_err(|why| Error::Revocation(format!("key identifier: {why}")))
    }

    /// A subject name written as RFC 4514 (`CN=Issuing CA,O=Example`) or OpenSSL's one-line
    /// form (`/O=Example/CN=Issuing CA`).
    pub fn name(text: &str) -> Result<IssuerId, Error> {
        name_key_of_text(text)
            .map(IssuerId::Name)
            .ok_or_else(|| Error::Revocation(format!("`{text}` is not a distinguished name")))
    }

    /// Whether `cert`, issued by `issuer` on a verified path, is one of this CA's.
    fn covers(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        match self {
            IssuerId::KeyId(id) => {
                let aki = cert.aki.as_deref().map(unsigned);
                let ski = issuer.ski.as_deref().map(unsigned);
                aki == Some(id.as_slice()) || ski == Some(id.as_slice())
            }
            IssuerId::Name(key) => *key == cert.issuer_key,
        }
    }
}

/// What a [`RevocationSet`] says about a verified path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevocationStatus {
    /// No certificate of the path is listed; `checked` counts the certificates a current
    /// CRL or a serial list of their issuer covers (0: the set knows none of these CAs).
    NotRevoked {
        /// Certificates covered.
        checked: usize,
    },
    /// A certificate is listed by its issuer.
    Revoked {
        /// Position on the path (0 is the client).
        position: usize,
        /// Its RFC 4514 subject.
        subject: String,
        /// Its serial, as `0A:1B:...`.
        serial: String,
    },
    /// The set holds CRLs of a certificate's issuer, but none is signed by that issuer and
    /// current: whether it is revoked cannot be known.
    Unknown {
        /// Position on the path (0 is the client).
        position: usize,
        /// Its RFC 4514 subject.
        subject: String,
        /// Why no list could be used.
        why: String,
    },
}

/// CRLs and serial lists, loaded once (per container) and asked for every request.
pub struct RevocationSet {
    crls: Vec<Crl>,
    /// CRL indices by issuer name key.
    crls_by_issuer: HashMap<Vec<u8>, Vec<usize>>,
    serials: Vec<(IssuerId, HashSet<Vec<u8>>)>,
    /// (CRL index, issuer SPKI SHA-256) -> whether that key signed the list and may sign CRLs.
    signatures: Mutex<HashMap<(usize, [u8; 32]), bool>>,
}

impl Default for RevocationSet {
    fn default() -> Self {
        RevocationSet::new()
    }
}

impl RevocationSet {
    /// An empty set: nothing is revoked.
    pub fn new() -> RevocationSet {
        RevocationSet {
            crls: Vec::new(),
            crls_by_issuer: HashMap::new(),
            serials: Vec::new(),
            signatures: Mutex::new(HashMap::new()),
        }
    }

    /// A set of the CRLs in `bytes`: one or more PEM `X509 CRL` blocks, or one DER CRL.
    pub fn from_crl_pem(bytes: &[u8]) -> Result<RevocationSet, Error> {
        let mut set = RevocationSet::new();
        set.add_crls("<memory>", bytes)?;
        Ok(set)
    }

    /// Adds the CRLs of one input (PEM or DER), named `name` in errors. Every block must be a
    /// CRL that parses: a list silently skipped would leave its revocations unenforced.
    pub fn add_crls(&mut self, name: &str, bytes: &[u8]) -> Result<usize, Error> {
        let lists = crl::read_any(&Source::new(name, bytes.to_vec())).map_err(Error::Revocation)?;
        let added = lists.len();
        for list in lists {
            let index = self.crls.len();
            self.crls_by_issuer
                .entry(list.issuer_key.clone())
                .or_default()
                .push(index);
            self.crls.push(list);
        }
        Ok(added)
    }

    /// Adds revoked serial numbers of one CA, each written as hex in any spelling (`a1:b2`,
    /// `A1B2`, `0xa1b2`, leading zeros); they are compared as unsigned integers.
    pub fn add_serials<S: AsRef<str>>(
        &mut self,
        issuer: IssuerId,
        serials: impl IntoIterator<Item = S>,
    ) -> Result<usize, Error> {
        let parsed = serials
            .into_iter()
            .map(|s| parse_serial(s.as_ref()).map_err(Error::Revocation))
            .collect::<Result<HashSet<_>, _>>()?;
        let added = parsed.len();
        self.serials.push((issuer, parsed));
        Ok(added)
    }

    /// Adds the serial lists of a `truststore crl export --format serials` document: each
    /// entry of its `issuers` under that CA (its key identifier when the CRL had one, else its
    /// name). The flat `serials` list is ignored: without its issuer a serial would match a
    /// certificate of any CA.
    pub fn add_serial_export(&mut self, json: &[u8]) -> Result<usize, Error> {
        let bad = |why: &str| Error::Revocation(format!("serial export: {why}"));
        let document: serde_json::Value =
            serde_json::from_slice(json).map_err(|e| bad(&e.to_string()))?;
        let issuers = document
            .get("issuers")
            .and_then(serde_json::Value::as_array)
            .ok_or_else(|| bad("no `issuers` list (made by an older truststore? export again)"))?;
        let mut added = 0;
        for entry in issuers {
            let id = match entry.get("key_id").and_then(serde_json::Value::as_str) {
                Some(hex) => IssuerId::key_id(hex)?,
                None => {
                    let name = entry
                        .get("issuer")
                        .and_then(serde_json::Value::as_str)
                        .ok_or_else(|| bad("an entry has neither `key_id` nor `issuer`"))?;
                    IssuerId::name(name)?
                }
            };
            let serials: Vec<&str> = entry
                .get("serials")
                .and_then(serde_json::Value::as_array)
                .map(|list| list.iter().filter_map(serde_json::Value::as_str).collect())
                .unwrap_or_default();
            added += self.add_serials(id, serials)?;
        }
        Ok(added)
    }

    /// How many CRLs and serial lists the set holds.
    pub fn len(&self) -> usize {
        self.crls.len() + self.serials.len()
    }

    /// Whether the set holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a certificate of `path` is revoked at `at`, or its revocation cannot be known
    /// (the set holds CRLs of its issuer, none of them current and signed by it): an
    /// authorizer must deny both. See [`RevocationSet::status`] for which and why.
    pub fn is_revoked(&self, path: &VerifiedPath, at: SystemTime) -> bool {
        !matches!(self.status(path, at), RevocationStatus::NotRevoked { .. })
    }

    /// What the set says about each certificate of `path` (client first; the anchor has no
    /// issuer on the path and is not checked) at `at`: the first one listed or unknown.
    pub fn status(&self, path: &VerifiedPath, at: SystemTime) -> RevocationStatus {
        let at = crate::when::unix_seconds_of(at);
        let mut checked = 0;
        for (position, (cert, issuer)) in path.issued_pairs().enumerate() {
            let serial = unsigned(&cert.serial);
            let revoked = || RevocationStatus::Revoked {
                position,
                subject: cert.subject.clone(),
                serial: crate::x509::colon_hex(serial),
            };
            let mut covered = false;
            for (id, listed) in &self.serials {
                if id.covers(cert, issuer) {
                    if listed.contains(serial) {
                        return revoked();
                    }
                    covered = true;
                }
            }
            match self.crl_status(cert, issuer, at) {
                CrlOpinion::Listed => return revoked(),
                CrlOpinion::Current => covered = true,
                CrlOpinion::Unusable(why) if !covered => {
                    return RevocationStatus::Unknown {
                        position,
                        subject: cert.subject.clone(),
                        why,
                    }
                }
                CrlOpinion::Unusable(_) | CrlOpinion::None => {}
            }
            checked += usize::from(covered);
        }
        RevocationStatus::NotRevoked { checked }
    }

    /// What the CRLs of `issuer` say about `cert`: a current list of it that lists the serial
    /// wins; else a current one that does not; else why the lists of its name cannot be used.
    fn crl_status(&self, cert: &Certificate, issuer: &Certificate, at: i64) -> CrlOpinion {
        let Some(indices) = self.crls_by_issuer.get(&cert.issuer_key) else {
            return CrlOpinion::None;
        };
        let mut opinion = CrlOpinion::None;
        for &index in indices {
            let Some(list) = self.crls.get(index) else {
                continue;
            };
            if !self.signed(index, list, issuer) {
                opinion = opinion.or(CrlOpinion::Unusable(format!(
                    "the CRL naming `{}` (line {}) is not signed by the key of the issuer on the path, or that CA may not sign CRLs",
                    list.issuer, list.line
                )));
                continue;
            }
            if let Some(why) = list.unusable_at(at) {
                opinion = opinion.or(CrlOpinion::Unusable(format!(
                    "the CRL of `{}` (line {}): {why}",
                    list.issuer, list.line
                )));
                continue;
            }
            if list.lists(&cert.serial) {
                return CrlOpinion::Listed;
            }
            opinion = CrlOpinion::Current;
        }
        opinion
    }

    /// Whether `issuer` signed the list at `index` and may sign CRLs, checked once per key.
    fn signed(&self, index: usize, list: &Crl, issuer: &Certificate) -> bool {
        let key = (index, issuer.spki_sha256);
        let mut cache = self
            .signatures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache.entry(key).or_insert_with(|| {
            list.may_be_of(issuer) && crl::may_sign_crls(issuer) && list.signed_by(issuer).is_ok()
        })
    }
}

/// The CRLs' answer for one certificate.
enum CrlOpinion {
    /// No list names the issuer.
    None,
    /// A current list of the issuer does not list it.
    Current,
    /// A current list of the issuer lists it.
    Listed,
    /// Lists name the issuer; none can be used (the first reason).
    Unusable(String),
}

impl CrlOpinion {
    /// A current list beats an unusable one; the first unusable reason is kept.
    fn or(self, other: CrlOpinion) -> CrlOpinion {
        match self {
            CrlOpinion::None => other,
            kept => kept,
        }
    }
}

impl std::fmt::Debug for RevocationSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevocationSet")
            .field("crls", &self.crls.len())
            .field("serial_lists", &self.serials.len())
            .finish()
    }
}
