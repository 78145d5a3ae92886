//! Path building: from the client up through the truststore's issuer candidates to a
//! self-signed root, with the problems met on the way (a missing issuer, a loop, a signature
//! that fails). Paths are built from the truststore only: API Gateway ignores what the client
//! sends, which is used for hints alone.
//!
//! A verifier takes one issuer per certificate and does not backtrack (OpenSSL and AWS-LC
//! alike), so a path is not searched for: where the profile's issuer choice leaves several
//! candidates the verifier may take, each is followed, and `verify` accepts only if every one
//! of those paths is accepted.

use super::hints::{broken_link_denial, self_signed_hint, Names};
use super::{Denial, PathEntry};
use crate::checks::{self, Validity};
use crate::codes::DenialCode;
use crate::crypto::SignatureError;
use crate::profile::{Anchors, ClientChain, IssuerChoice, Profile, MAX_PATHS, MAX_PATH_WALK};
use crate::truststore::store::{Candidate, Candidates, Link};
use crate::truststore::Truststore;
use crate::x509::Certificate;
use std::sync::Arc;

/// One certificate on a path: the client, a truststore certificate by store index, or an
/// intermediate the client sent.
#[derive(Clone, Copy)]
pub(super) enum Hop<'a> {
    Client(&'a Arc<Certificate>),
    Store(usize),
    Sent(&'a Arc<Certificate>),
}

impl<'a> Hop<'a> {
    pub(super) fn cert(self, truststore: &'a Truststore) -> &'a Certificate {
        match self {
            Hop::Client(c) | Hop::Sent(c) => c,
            Hop::Store(i) => truststore.store.get(i),
        }
    }
}

/// How a certificate of a path is shown in the report.
pub(super) fn entry(truststore: &Truststore, hop: Hop<'_>) -> PathEntry {
    let cert = hop.cert(truststore);
    let place = match hop {
        Hop::Client(_) | Hop::Sent(_) => None,
        Hop::Store(i) => Some(truststore.place(truststore.entry_of(i).line)),
    };
    PathEntry {
        subject: cert.subject.clone(),
        line: place.map(|(_, line)| line),
        file: place
            .filter(|(file, _)| *file != truststore.file)
            .map(|(file, _)| file.to_string()),
        sha256: cert.fingerprint,
    }
}

/// A path (client first), the problems found while building it, and where the verifier could
/// have taken another issuer.
#[derive(Clone)]
pub(super) struct Built<'a> {
    pub(super) hops: Vec<Hop<'a>>,
    pub(super) problems: Vec<Denial>,
    pub(super) forks: Vec<Fork>,
    /// Whether the path ends at an anchor (whose own signature is then not checked).
    pub(super) anchored: bool,
}

/// A certificate of the path for which the verifier may take any of several issuers.
#[derive(Clone)]
pub(super) struct Fork {
    /// The position (in the path) of the certificate whose issuer is chosen.
    pub(super) position: usize,
    /// The store index this path takes.
    pub(super) taken: usize,
    /// Every store index the verifier may take, in file order.
    pub(super) among: Vec<usize>,
}

/// Every path the service's verifier may build for a client, in file order of the choices, and
/// whether more were left unexplored ([`MAX_PATHS`]).
pub(super) struct Paths<'a> {
    pub(super) paths: Vec<Built<'a>>,
    pub(super) cut: bool,
}

/// Builds the paths the service may build for the client through the truststore: one, unless
/// certificates share a name and the verifier's pick among them is not fixed.
pub(super) fn build<'a>(
    truststore: &'a Truststore,
    client: &'a Arc<Certificate>,
    sent: &'a [&'a Arc<Certificate>],
    at: i64,
    profile: &Profile,
) -> Paths<'a> {
    let start = Built {
        hops: vec![Hop::Client(client)],
        problems: Vec::new(),
        forks: Vec::new(),
        anchored: false,
    };
    let mut paths = Paths {
        paths: Vec::new(),
        cut: false,
    };
    let in_store = truststore.store.position_of(client).is_some();
    let every_anchor = profile.anchors.value == Anchors::EveryCertificate;
    if client.is_self_signed() || (in_store && every_anchor) {
        // A self-signed client is trusted only as itself; under partial chains so is any
        // client the truststore holds.
        let mut path = start;
        path.anchored = in_store;
        if !in_store {
            path.problems.push(Denial::new(
                DenialCode::SelfSigned,
                profile,
                self_signed_hint(truststore, client),
            ));
        }
        paths.paths.push(path);
        return paths;
    }
    let walker = Walker {
        truststore,
        sent,
        at,
        profile,
    };
    walker.extend(start, &mut paths);
    paths
}

/// What extending a path needs besides the path.
struct Walker<'a, 's> {
    truststore: &'a Truststore,
    sent: &'a [&'a Arc<Certificate>],
    at: i64,
    profile: &'s Profile,
}

impl<'a> Walker<'a, '_> {
    /// Extends `path` from its last certificate up to an anchor, a dead end or the walk limit,
    /// once for each issuer the verifier may take, pushing every finished path to `out`.
    fn extend(&self, mut path: Built<'a>, out: &mut Paths<'a>) {
        let store = &self.truststore.store;
        let names = Names {
            truststore: self.truststore,
        };
        let Some(&last) = path.hops.last() else {
            unreachable!("a path starts with the client");
        };
        let cert = last.cert(self.truststore);
        let anchor = match (self.profile.anchors.value, last) {
            (Anchors::EveryCertificate, Hop::Store(_)) => true,
            (Anchors::SelfSignedRoots, Hop::Store(_)) => cert.is_self_signed(),
            (_, Hop::Client(_) | Hop::Sent(_)) => false,
        };
        if anchor {
            path.anchored = true;
            out.paths.push(path);
            return;
        }
        if path.hops.len() > MAX_PATH_WALK {
            // Reported as chain-too-long by the checks along the path.
            out.paths.push(path);
            return;
        }
        let owned;
        let found = match last {
            Hop::Client(c) | Hop::Sent(c) => {
                owned = store.outside_candidates(c);
                &owned
            }
            Hop::Store(i) => store.candidates(i),
        };
        if found.matched > found.list.len() {
            // Candidates beyond those looked at could be the verifier's pick.
            out.cut = true;
        }
        let choices = self.choices(found);
        let broken = |path: &mut Built<'a>, link: &Link| {
            path.problems.push(broken_link_denial(
                self.truststore,
                cert,
                link,
                self.sent,
                names.of(last),
                self.profile,
            ));
        };
        if choices.is_empty() && !cert.is_self_signed() {
            if let Some(sent) = self.sent_issuer(&path, cert) {
                // The truststore has no issuer: the verifier takes the first matching
                // certificate the client sent, and goes on from there.
                match cert.verify_issued_by(sent) {
                    Ok(()) => {}
                    Err(SignatureError::Invalid) => {
                        path.problems.push(Denial::new(
                            DenialCode::BadSignature,
                            self.profile,
                            format!(
                                "{} matches the issuer of {} by name and key identifier, but its key does not verify the signature; send the intermediate that issued it",
                                names.of(Hop::Sent(sent)),
                                names.of(last)
                            ),
                        ));
                        out.paths.push(path);
                        return;
                    }
                    Err(SignatureError::Unsupported(reason)) => {
                        path.problems.push(Denial::new(
                            DenialCode::InsecureSignatureAlgorithm,
                            self.profile,
                            format!(
                                "the signature of {} by {} cannot be verified: {reason}",
                                names.of(last),
                                names.of(Hop::Sent(sent))
                            ),
                        ));
                    }
                }
                path.hops.push(Hop::Sent(sent));
                self.extend(path, out);
                return;
            }
        }
        let among: Vec<usize> = choices.iter().map(|c| c.index).collect();
        if choices
            .iter()
            .all(|c| c.signature == Err(SignatureError::Invalid))
        {
            // No issuer at all, or every one the verifier may take fails alike: one dead end.
            let link = if among.is_empty() {
                Link::IssuerNotFound {
                    other_key_ids: found.other_key_ids.clone(),
                }
            } else {
                Link::BadSignature {
                    candidates: among,
                    matched: found.matched,
                }
            };
            broken(&mut path, &link);
            out.paths.push(path);
            return;
        }
        let same = |a: &Certificate, b: &Certificate| {
            a.spki_sha256 == b.spki_sha256 && a.subject_key == b.subject_key
        };
        let last_choice = choices.len() - 1;
        let mut path = Some(path);
        for (n, candidate) in choices.into_iter().enumerate() {
            if out.paths.len() >= MAX_PATHS {
                out.cut = true;
                return;
            }
            // The last choice (usually the only one) takes the path itself, the others a copy.
            let next = if n == last_choice {
                path.take()
            } else {
                path.clone()
            };
            let Some(mut next) = next else { return };
            if among.len() > 1 {
                next.forks.push(Fork {
                    position: next.hops.len() - 1,
                    taken: candidate.index,
                    among: among.clone(),
                });
            }
            let issuer = store.get(candidate.index);
            let looped = next
                .hops
                .iter()
                .skip(1)
                .any(|&h| same(h.cert(self.truststore), issuer));
            if looped {
                next.problems.push(Denial::new(
                    DenialCode::IssuerNotFound,
                    self.profile,
                    format!(
                        "the issuers above {} form a loop with no self-signed root; add the root",
                        names.of(last)
                    ),
                ));
                out.paths.push(next);
                continue;
            }
            match &candidate.signature {
                Ok(()) => {}
                Err(SignatureError::Invalid) => {
                    broken(
                        &mut next,
                        &Link::BadSignature {
                            candidates: vec![candidate.index],
                            matched: 1,
                        },
                    );
                    out.paths.push(next);
                    continue;
                }
                // Followed all the same, so the checks on its key and algorithm still run.
                Err(SignatureError::Unsupported(reason)) => broken(
                    &mut next,
                    &Link::Unsupported {
                        candidate: candidate.index,
                        reason: reason.clone(),
                    },
                ),
            }
            next.hops.push(Hop::Store(candidate.index));
            self.extend(next, out);
        }
    }

    /// The first certificate the client sent that may have issued `cert` (its name and key
    /// identifiers), if the profile uses what the client sends and it is not on the path yet.
    fn sent_issuer(&self, path: &Built<'a>, cert: &Certificate) -> Option<&'a Arc<Certificate>> {
        match self.profile.client_chain.value {
            ClientChain::Ignored => None,
            ClientChain::UsedToBuild => self.sent.iter().copied().find(|s| {
                s.subject_key == cert.issuer_key
                    && cert.key_ids_allow(s)
                    && !path
                        .hops
                        .iter()
                        .any(|h| h.cert(self.truststore).fingerprint == s.fingerprint)
            }),
        }
    }

    /// The candidates the verifier may take, as the profile's issuer choice says.
    fn choices<'c>(&self, found: &'c Candidates) -> Vec<&'c Candidate> {
        let store = &self.truststore.store;
        if self.profile.issuer_choice.value == IssuerChoice::AnyMatching {
            return found.list.iter().collect();
        }
        let valid: Vec<&Candidate> = found
            .list
            .iter()
            .filter(|c| checks::validity(store.get(c.index), self.at) == Validity::Valid)
            .collect();
        if !valid.is_empty() {
            return valid;
        }
        let latest = found
            .list
            .iter()
            .map(|c| store.get(c.index).not_after)
            .max();
        found
            .list
            .iter()
            .filter(|c| Some(store.get(c.index).not_after) == latest)
            .collect()
    }
}
