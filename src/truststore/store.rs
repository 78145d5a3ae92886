//! The truststore: parsed certificates indexed by subject name and key identifier, and the
//! issuer link of each, found by lookup (never by scanning pairs) and checked once.

use crate::crypto::SignatureError;
use crate::profile::{MAX_ISSUER_CANDIDATES, MAX_NAME_MATCHES, MAX_PATH_WALK};
use crate::x509::Certificate;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// How a certificate relates to its issuer inside the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Link {
    /// Self-signed: a path ends here.
    Root,
    /// Issued by the store certificate at this index (its signature verifies).
    IssuedBy(usize),
    /// No store certificate has the issuer's name with a compatible key identifier.
    /// `other_key_ids` holds those that have the name but another subject key identifier.
    IssuerNotFound { other_key_ids: Vec<usize> },
    /// Candidates match by name (and key identifier) but none of their keys verifies.
    /// `candidates` holds those tried (at most [`MAX_ISSUER_CANDIDATES`]); `matched` counts all.
    BadSignature {
        candidates: Vec<usize>,
        matched: usize,
    },
    /// A candidate matches but its key or the signature algorithm cannot be verified.
    Unsupported { candidate: usize, reason: String },
}

/// A store certificate that may have issued a certificate: its subject is the certificate's
/// issuer name and its key identifiers do not contradict the certificate's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub(crate) index: usize,
    /// Whether its key verifies the certificate's signature.
    pub(crate) signature: Result<(), SignatureError>,
}

/// The issuer candidates of one certificate, in file order (at most
/// [`MAX_ISSUER_CANDIDATES`]), with what hints need when there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidates {
    pub(crate) list: Vec<Candidate>,
    /// How many matched, kept or not.
    pub(crate) matched: usize,
    /// Certificates with the issuer's name but another subject key identifier (a few).
    pub(crate) other_key_ids: Vec<usize>,
}

impl Link {
    /// The link lint reports: to the first candidate whose key verifies, else the first one
    /// that cannot be verified, else a bad signature or no issuer at all.
    fn of(found: &Candidates) -> Link {
        if found.list.is_empty() {
            return Link::IssuerNotFound {
                other_key_ids: found.other_key_ids.clone(),
            };
        }
        let mut unsupported = None;
        for candidate in &found.list {
            match &candidate.signature {
                Ok(()) => return Link::IssuedBy(candidate.index),
                Err(SignatureError::Unsupported(reason)) => {
                    unsupported.get_or_insert(Link::Unsupported {
                        candidate: candidate.index,
                        reason: reason.clone(),
                    });
                }
                Err(SignatureError::Invalid) => {}
            }
        }
        unsupported.unwrap_or(Link::BadSignature {
            candidates: found.list.iter().map(|c| c.index).collect(),
            matched: found.matched,
        })
    }
}

/// A certificate of the store: parsed up front (lint reads them all), or kept as DER and parsed
/// the first time a lookup reaches it (verify's truststore: one client's path touches a handful
/// of CAs, so 10,000 others need not be decoded).
pub(crate) enum Slot {
    /// Shared: the store's arrays stay small while they are built and moved, and a verified
    /// path keeps its certificates without copying them.
    Parsed(Arc<Certificate>),
    Deferred(Deferred),
}

/// A certificate known by its bytes and its subject only, until a lookup needs the rest.
pub(crate) struct Deferred {
    der: Vec<u8>,
    fingerprint: [u8; 32],
    subject_key: Vec<u8>,
    /// `None` once parsing has failed: the certificate is then invisible to every lookup.
    /// Shared, as a parsed slot is.
    parsed: OnceLock<Option<Arc<Certificate>>>,
}

impl Deferred {
    pub(crate) fn new(der: Vec<u8>, fingerprint: [u8; 32], subject_key: Vec<u8>) -> Deferred {
        Deferred {
            der,
            fingerprint,
            subject_key,
            parsed: OnceLock::new(),
        }
    }
}

impl Slot {
    fn fingerprint(&self) -> [u8; 32] {
        match self {
            Slot::Parsed(cert) => cert.fingerprint,
            Slot::Deferred(d) => d.fingerprint,
        }
    }

    fn subject_key(&self) -> &[u8] {
        match self {
            Slot::Parsed(cert) => &cert.subject_key,
            Slot::Deferred(d) => &d.subject_key,
        }
    }

    fn cert(&self) -> Option<&Arc<Certificate>> {
        match self {
            Slot::Parsed(cert) => Some(cert),
            Slot::Deferred(d) => d
                .parsed
                .get_or_init(|| {
                    Certificate::from_der_with_fingerprint(d.der.clone(), d.fingerprint)
                        .ok()
                        .map(Arc::new)
                })
                .as_ref(),
        }
    }
}

type Index<K> = HashMap<K, Vec<usize>>;

pub(crate) struct Store {
    slots: Vec<Slot>,
    by_subject: Index<Vec<u8>>,
    by_fingerprint: HashMap<[u8; 32], usize>,
    /// Built on first use: they need every certificate parsed, and `verify` asks for them only
    /// to explain a denial.
    by_key_id: OnceLock<Index<Vec<u8>>>,
    by_public_key: OnceLock<Index<[u8; 32]>>,
    candidates: Vec<OnceLock<Candidates>>,
    /// The issuer candidates of certificates from outside the store (clients, what they send),
    /// by fingerprint: a warm authorizer sees the same clients again and again, and their
    /// signatures need checking once. Bounded: emptied when full.
    outside: Mutex<HashMap<[u8; 32], Candidates>>,
}

/// How many outside certificates' candidates are kept.
const OUTSIDE_CACHE: usize = 4096;

impl Store {
    /// Indexes certificates parsed or deferred, by subject and fingerprint (both known without
    /// parsing). Identical copies are expected to be removed by the caller.
    pub(crate) fn of_slots(slots: Vec<Slot>) -> Store {
        let mut by_subject: Index<Vec<u8>> = HashMap::new();
        let mut by_fingerprint = HashMap::new();
        for (i, slot) in slots.iter().enumerate() {
            by_subject
                .entry(slot.subject_key().to_vec())
                .or_default()
                .push(i);
            by_fingerprint.entry(slot.fingerprint()).or_insert(i);
        }
        let candidates = slots.iter().map(|_| OnceLock::new()).collect();
        Store {
            slots,
            by_subject,
            by_fingerprint,
            by_key_id: OnceLock::new(),
            by_public_key: OnceLock::new(),
            candidates,
            outside: Mutex::new(HashMap::new()),
        }
    }

    /// Number of slots, parsed or not.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The certificate at `index`, parsing it now if it was deferred; `None` if it does not parse.
    pub(crate) fn cert(&self, index: usize) -> Option<&Certificate> {
        self.shared(index).map(|cert| &**cert)
    }

    /// As [`Store::cert`], as the shared certificate a verified path keeps.
    pub(crate) fn shared(&self, index: usize) -> Option<&Arc<Certificate>> {
        self.slots.get(index).and_then(Slot::cert)
    }

    /// The certificate at an index this store handed out (lookups and links only hand out
    /// certificates that parse).
    pub(crate) fn get(&self, index: usize) -> &Certificate {
        self.get_shared(index)
    }

    /// As [`Store::get`], shared.
    pub(crate) fn get_shared(&self, index: usize) -> &Arc<Certificate> {
        match self.shared(index) {
            Some(cert) => cert,
            None => unreachable!("store index {index} does not hold a parsed certificate"),
        }
    }

    /// The parseable certificates among `indices`.
    fn parsed<'a>(&'a self, indices: Option<&'a Vec<usize>>) -> impl Iterator<Item = usize> + 'a {
        listed(indices)
            .iter()
            .copied()
            .filter(|&i| self.cert(i).is_some())
    }

    /// An index over every certificate, which parses the deferred ones (on all cores).
    fn index_all<K: std::hash::Hash + Eq + Send>(
        &self,
        key: impl Fn(&Certificate) -> Option<K> + Sync,
    ) -> Index<K> {
        use rayon::prelude::*;
        let keys: Vec<Option<K>> = (0..self.slots.len())
            .into_par_iter()
            .map(|i| self.cert(i).and_then(&key))
            .collect();
        let mut index: Index<K> = HashMap::new();
        for (i, key) in keys.into_iter().enumerate() {
            if let Some(key) = key {
                index.entry(key).or_default().push(i);
            }
        }
        index
    }

    /// Store certificates whose subject is `name_key`, in file order.
    pub(crate) fn with_subject<'a>(&'a self, name_key: &[u8]) -> impl Iterator<Item = usize> + 'a {
        self.parsed(self.by_subject.get(name_key))
    }

    /// The store indices of each subject that more than one certificate has, in file order
    /// within a group; read from the subject index, so nothing is parsed.
    pub(crate) fn shared_subjects(&self) -> impl Iterator<Item = &[usize]> + '_ {
        self.by_subject
            .values()
            .filter(|group| group.len() > 1)
            .map(Vec::as_slice)
    }

    /// A certificate of this subject that lookups skip because it does not parse (a deferred
    /// store finds that out only when a lookup reaches it).
    pub(crate) fn unparsed_with_subject(&self, name_key: &[u8]) -> Option<usize> {
        listed(self.by_subject.get(name_key))
            .iter()
            .copied()
            .find(|&i| self.cert(i).is_none())
    }

    /// Store certificates whose subject key identifier is `key_id`.
    pub(crate) fn with_key_id<'a>(&'a self, key_id: &[u8]) -> impl Iterator<Item = usize> + 'a {
        let index = self
            .by_key_id
            .get_or_init(|| self.index_all(|c| c.ski.clone()));
        self.parsed(index.get(key_id))
    }

    /// Store certificates whose SubjectPublicKeyInfo has this SHA-256.
    pub(crate) fn with_public_key<'a>(
        &'a self,
        spki_sha256: &[u8; 32],
    ) -> impl Iterator<Item = usize> + 'a {
        let index = self
            .by_public_key
            .get_or_init(|| self.index_all(|c| Some(c.spki_sha256)));
        self.parsed(index.get(spki_sha256))
    }

    /// A store certificate whose key identifier is the one `child` names for its issuer, under
    /// another subject name (a renamed CA): the name must match for API Gateway to use it.
    pub(crate) fn same_key_other_name(&self, child: &Certificate) -> Option<usize> {
        let aki = child.aki.as_deref()?;
        self.with_key_id(aki)
            .find(|&i| self.get(i).subject_key != child.issuer_key)
    }

    /// The store index of this exact certificate, if present.
    pub(crate) fn position_of(&self, cert: &Certificate) -> Option<usize> {
        let index = self.by_fingerprint.get(&cert.fingerprint).copied()?;
        self.cert(index).is_some().then_some(index)
    }

    /// The issuer link of store certificate `index`, read from its cached candidates (so each
    /// signature is verified once per run whoever asks, lint rules or verify).
    pub(crate) fn link(&self, index: usize) -> Link {
        if self.get(index).is_self_signed() {
            Link::Root
        } else {
            Link::of(self.candidates(index))
        }
    }

    /// Looks `child`'s issuer up by name and filters by key identifier: the certificates a
    /// verifier may take as its issuer, in file order, each with whether its key verifies
    /// `child`'s signature. `itself` is skipped (a self-issued certificate whose own key does not
    /// verify must have another issuer).
    pub(crate) fn issuer_candidates(
        &self,
        child: &Certificate,
        itself: Option<usize>,
    ) -> Candidates {
        // Bounded work whatever the truststore: at most MAX_NAME_MATCHES certificates of the
        // issuer's name are looked at, at most MAX_ISSUER_CANDIDATES signatures checked, and the
        // lists kept for hints are short.
        let named = self.with_subject(&child.issuer_key);
        let mut found = Candidates {
            list: Vec::new(),
            matched: 0,
            other_key_ids: Vec::new(),
        };
        for i in named.filter(|&i| Some(i) != itself).take(MAX_NAME_MATCHES) {
            if !child.key_ids_allow(self.get(i)) {
                if found.other_key_ids.len() < 4 {
                    found.other_key_ids.push(i);
                }
                continue;
            }
            found.matched += 1;
            if found.list.len() < MAX_ISSUER_CANDIDATES {
                found.list.push(Candidate {
                    index: i,
                    signature: child.verify_issued_by(self.get(i)),
                });
            }
        }
        found
    }

    /// The issuer candidates of store certificate `index`, computed on first use and cached, so
    /// each CA-to-CA signature is verified once per run whoever asks (lint rules or verify).
    /// The issuer candidates of a certificate that is not in the store, checked once per
    /// distinct certificate (same DER, same signature, same answer) while it stays cached.
    pub(crate) fn outside_candidates(&self, child: &Certificate) -> Candidates {
        let cache = || self.outside.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = cache().get(&child.fingerprint) {
            return found.clone();
        }
        let found = self.issuer_candidates(child, None);
        let mut cached = cache();
        if cached.len() >= OUTSIDE_CACHE {
            cached.clear();
        }
        cached.insert(child.fingerprint, found.clone());
        found
    }

    pub(crate) fn candidates(&self, index: usize) -> &Candidates {
        let Some(slot) = self.candidates.get(index) else {
            unreachable!("store index {index} out of range"); // one slot per certificate.
        };
        slot.get_or_init(|| self.issuer_candidates(self.get(index), Some(index)))
    }

    /// The issuers above store certificate `index`, nearest first, following their issuer links.
    /// Stops at a root, a broken link, a loop on (subject, public key) or [`MAX_PATH_WALK`].
    pub(crate) fn issuers_above(&self, index: usize) -> (Vec<usize>, PathEnd) {
        let identity = |i: usize| (self.get(i).subject_key.as_slice(), self.get(i).spki_sha256);
        let mut seen = HashSet::from([identity(index)]);
        let mut path = Vec::new();
        let mut current = index;
        loop {
            let next = match self.link(current) {
                Link::Root => return (path, PathEnd::Root),
                Link::IssuedBy(next) => next,
                _ => return (path, PathEnd::Broken),
            };
            if !seen.insert(identity(next)) {
                return (path, PathEnd::Loop);
            }
            if path.len() >= MAX_PATH_WALK {
                return (path, PathEnd::TooDeep);
            }
            path.push(next);
            current = next;
        }
    }
}

/// The indices an index lists under a key, none if the key is absent.
fn listed(indices: Option<&Vec<usize>>) -> &[usize] {
    indices.map_or(&[], Vec::as_slice)
}

/// Where a walk up the issuer links stopped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PathEnd {
    /// At a self-signed certificate (the last of the path, or the start itself).
    Root,
    /// At a certificate whose issuer link is broken ([`Store::link`] says how).
    Broken,
    /// The next issuer is already on the path.
    Loop,
    /// The path is longer than [`MAX_PATH_WALK`].
    TooDeep,
}
