//! Path building: from the client up through the truststore's issuer links to a self-signed
//! root, with the problems met on the way (a missing issuer, a loop, a signature that fails).
//! Paths are built from the truststore only: API Gateway ignores what the client sends, which
//! is used for hints alone.

use super::hints::{broken_link_denial, self_signed_hint, Names};
use super::{Denial, PathEntry};
use crate::codes::DenialCode;
use crate::profile::{Anchors, ClientChain, Profile};
use crate::truststore::store::{Link, PathEnd};
use crate::truststore::Truststore;
use crate::x509::Certificate;

/// One certificate on a path: the client, or a truststore certificate by store index.
#[derive(Clone, Copy)]
pub(super) enum Hop<'a> {
    Client(&'a Certificate),
    Store(usize),
}

impl<'a> Hop<'a> {
    pub(super) fn cert(self, truststore: &'a Truststore) -> &'a Certificate {
        match self {
            Hop::Client(c) => c,
            Hop::Store(i) => truststore.store.get(i),
        }
    }
}

/// How a certificate of a path is shown in the report.
pub(super) fn entry(truststore: &Truststore, hop: Hop<'_>) -> PathEntry {
    let cert = hop.cert(truststore);
    PathEntry {
        subject: cert.subject.clone(),
        line: match hop {
            Hop::Client(_) => None,
            Hop::Store(i) => Some(truststore.entry_of(i).line),
        },
        sha256: cert.fingerprint,
    }
}

/// A path (client first) and the problems found while building it.
pub(super) struct Built<'a> {
    pub(super) hops: Vec<Hop<'a>>,
    pub(super) problems: Vec<Denial>,
}

/// Builds the client's path through the truststore.
pub(super) fn build<'a>(
    truststore: &'a Truststore,
    client: &'a Certificate,
    sent: &[&Certificate],
    profile: &Profile,
) -> Built<'a> {
    // The only anchor and client-chain rules implemented: adding a variant to either enum makes
    // these patterns refutable, so this function must learn the new rule before it compiles.
    let (Anchors::SelfSignedRoots, ClientChain::Ignored) =
        (profile.anchors.value, profile.client_chain.value);
    let store = &truststore.store;
    let names = Names { truststore };
    let mut hops = vec![Hop::Client(client)];
    let mut problems = Vec::new();
    if client.is_self_signed() {
        // Only the identical certificate in the truststore makes a path of one.
        if store.position_of(client).is_none() {
            problems.push(Denial::new(
                DenialCode::SelfSigned,
                profile,
                self_signed_hint(truststore, client),
            ));
        }
        return Built { hops, problems };
    }
    let first = store.find_issuer(client, None);
    let (next, broken) = follow(&first);
    if let Some(broken) = broken {
        problems.push(broken_link_denial(
            truststore,
            client,
            broken,
            sent,
            names.of(Hop::Client(client)),
            profile,
        ));
    }
    let Some(next) = next else {
        return Built { hops, problems };
    };
    hops.push(Hop::Store(next));
    let (above, end) = store.issuers_above(next);
    hops.extend(above.iter().map(|&i| Hop::Store(i)));
    let last = above.last().copied().unwrap_or(next);
    match end {
        PathEnd::Root => {}
        PathEnd::Broken(link) => problems.push(broken_link_denial(
            truststore,
            store.get(last),
            link,
            sent,
            names.of(Hop::Store(last)),
            profile,
        )),
        PathEnd::Loop => problems.push(Denial::new(
            DenialCode::IssuerNotFound,
            profile,
            format!(
                "the issuers above {} form a loop with no self-signed root; add the root",
                names.of(Hop::Store(last))
            ),
        )),
        PathEnd::TooDeep => {} // reported as chain-too-long by the checks along the path.
    }
    Built { hops, problems }
}

/// The issuer index a link leads to (also for an unverifiable candidate, so the checks on its
/// key and algorithm still run), and whether the link itself is broken.
fn follow(link: &Link) -> (Option<usize>, Option<&Link>) {
    match link {
        Link::Root => (None, None),
        Link::IssuedBy(i) => (Some(*i), None),
        Link::Unsupported { candidate, .. } => (Some(*candidate), Some(link)),
        Link::IssuerNotFound { .. } | Link::BadSignature { .. } => (None, Some(link)),
    }
}
