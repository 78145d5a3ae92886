//! The truststore: parsed certificates indexed by subject name and key identifier, and the
//! issuer link of each, found by lookup (never by scanning pairs) and checked once.

use crate::cert::Certificate;
use crate::policy::{MAX_ISSUER_CANDIDATES, MAX_NAME_MATCHES, MAX_PATH_WALK};
use crate::signature::SignatureError;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How a certificate relates to its issuer inside the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
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

pub struct Store {
    certs: Vec<Certificate>,
    by_subject: HashMap<Vec<u8>, Vec<usize>>,
    by_key_id: HashMap<Vec<u8>, Vec<usize>>,
    by_public_key: HashMap<[u8; 32], Vec<usize>>,
    by_fingerprint: HashMap<[u8; 32], usize>,
    links: Vec<OnceLock<Link>>,
}

impl Store {
    /// Indexes `certs`. Identical copies are expected to be removed by the caller.
    pub fn new(certs: Vec<Certificate>) -> Store {
        let mut by_subject: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        let mut by_key_id: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        let mut by_public_key: HashMap<[u8; 32], Vec<usize>> = HashMap::new();
        let mut by_fingerprint = HashMap::new();
        for (i, cert) in certs.iter().enumerate() {
            by_subject
                .entry(cert.subject_key.clone())
                .or_default()
                .push(i);
            if let Some(ski) = &cert.ski {
                by_key_id.entry(ski.clone()).or_default().push(i);
            }
            by_public_key.entry(cert.spki_sha256).or_default().push(i);
            by_fingerprint.entry(cert.fingerprint).or_insert(i);
        }
        let links = certs.iter().map(|_| OnceLock::new()).collect();
        Store {
            certs,
            by_subject,
            by_key_id,
            by_public_key,
            by_fingerprint,
            links,
        }
    }

    pub fn len(&self) -> usize {
        self.certs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    pub fn get(&self, index: usize) -> &Certificate {
        &self.certs[index]
    }

    /// Store certificates whose subject is `name_key`.
    pub fn with_subject(&self, name_key: &[u8]) -> &[usize] {
        self.by_subject.get(name_key).map_or(&[], Vec::as_slice)
    }

    /// Store certificates whose subject key identifier is `key_id`.
    pub fn with_key_id(&self, key_id: &[u8]) -> &[usize] {
        self.by_key_id.get(key_id).map_or(&[], Vec::as_slice)
    }

    /// Store certificates whose SubjectPublicKeyInfo has this SHA-256.
    pub fn with_public_key(&self, spki_sha256: &[u8; 32]) -> &[usize] {
        self.by_public_key
            .get(spki_sha256)
            .map_or(&[], Vec::as_slice)
    }

    /// A store certificate whose key identifier is the one `child` names for its issuer, under
    /// another subject name (a renamed CA): the name must match for API Gateway to use it.
    pub fn same_key_other_name(&self, child: &Certificate) -> Option<usize> {
        let aki = child.aki.as_deref()?;
        self.with_key_id(aki)
            .iter()
            .copied()
            .find(|&i| self.certs[i].subject_key != child.issuer_key)
    }

    /// The store index of this exact certificate, if present.
    pub fn position_of(&self, cert: &Certificate) -> Option<usize> {
        self.by_fingerprint.get(&cert.fingerprint).copied()
    }

    /// The issuer link of store certificate `index`, computed on first use and cached, so each
    /// link's signature is verified once per run whoever asks (lint rules or verify).
    pub fn link(&self, index: usize) -> &Link {
        self.links[index].get_or_init(|| {
            let cert = &self.certs[index];
            if cert.is_self_signed() {
                Link::Root
            } else {
                self.find_issuer(cert, Some(index))
            }
        })
    }

    /// Looks `child`'s issuer up by name, filters by key identifier, and takes the first
    /// candidate whose key verifies the signature. `itself` is skipped (a self-issued
    /// certificate whose own key does not verify must have another issuer).
    pub fn find_issuer(&self, child: &Certificate, itself: Option<usize>) -> Link {
        // Bounded work whatever the truststore: at most MAX_NAME_MATCHES certificates of the
        // issuer's name are looked at, at most MAX_ISSUER_CANDIDATES signatures checked, and the
        // lists kept for hints are short.
        let named = self.with_subject(&child.issuer_key).iter().copied();
        let mut candidates = Vec::new();
        let mut other_key_ids = Vec::new();
        let mut matched = 0;
        for i in named.filter(|&i| Some(i) != itself).take(MAX_NAME_MATCHES) {
            if !child.key_ids_allow(&self.certs[i]) {
                if other_key_ids.len() < 4 {
                    other_key_ids.push(i);
                }
                continue;
            }
            matched += 1;
            if candidates.len() < MAX_ISSUER_CANDIDATES {
                candidates.push(i);
            }
        }
        if candidates.is_empty() {
            return Link::IssuerNotFound { other_key_ids };
        }
        let mut unsupported = None;
        for &i in &candidates {
            match child.verify_issued_by(&self.certs[i]) {
                Ok(()) => return Link::IssuedBy(i),
                Err(SignatureError::Unsupported(reason)) => {
                    unsupported.get_or_insert(Link::Unsupported {
                        candidate: i,
                        reason,
                    });
                }
                Err(SignatureError::Invalid) => {}
            }
        }
        unsupported.unwrap_or(Link::BadSignature {
            candidates,
            matched,
        })
    }

    /// The issuers above store certificate `index`, nearest first, following cached links.
    /// Stops at a root, a broken link, a loop on (subject, public key) or [`MAX_PATH_WALK`].
    pub fn issuers_above(&self, index: usize) -> (Vec<usize>, PathEnd<'_>) {
        let identity = |i: usize| {
            (
                self.certs[i].subject_key.as_slice(),
                self.certs[i].spki_sha256,
            )
        };
        let mut seen = HashSet::from([identity(index)]);
        let mut path = Vec::new();
        let mut current = index;
        loop {
            let next = match self.link(current) {
                Link::Root => return (path, PathEnd::Root),
                Link::IssuedBy(next) => *next,
                broken => return (path, PathEnd::Broken(broken)),
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

/// Where a walk up the issuer links stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum PathEnd<'a> {
    /// At a self-signed certificate (the last of the path, or the start itself).
    Root,
    /// At a certificate whose issuer link is broken: the link says how.
    Broken(&'a Link),
    /// The next issuer is already on the path.
    Loop,
    /// The path is longer than [`MAX_PATH_WALK`].
    TooDeep,
}
