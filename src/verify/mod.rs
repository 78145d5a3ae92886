//! Would a service accept a client certificate, and if not, what would it log: the path built
//! through the truststore (`path.rs`), the checks along it (`along.rs`, calling `crate::checks`),
//! the hints that say what to change (`hints.rs`), and the ranked denial in a [`Verdict`].
//!
//! Paths use the store's cached issuer candidates, so a CA-to-CA signature is verified once per
//! run however many clients pass through it. Only the client's own signature is verified per
//! client. Where the service may build more than one path (certificates sharing a name), the
//! client is accepted only if every one of them is.

mod along;
mod filters;
mod hints;
mod path;
mod verified;

pub use filters::{FilterField, IdentityFilter};
pub use verified::{PathCertificate, VerifiedPath};

use crate::codes::DenialCode;
use crate::crl::{self, Revocation};
use crate::profile::{Profile, Reason};
use crate::truststore::Truststore;
use crate::x509::Certificate;
use std::sync::Arc;

/// A denial: the code, the log line the service would write, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// Why, as a code.
    pub code: DenialCode,
    /// The log line, e.g. `Access denied. Reason: certificate has expired`.
    pub reason: String,
    /// True when the reason is our inference (the verifier's string), not a line AWS documents.
    pub inferred: bool,
    /// What to change so the client is accepted.
    pub hint: String,
}

impl Denial {
    pub(crate) fn new(code: DenialCode, profile: &Profile, hint: String) -> Denial {
        Denial::with_reason(code, profile.reason(code), hint)
    }

    pub(crate) fn with_reason(code: DenialCode, reason: Reason, hint: String) -> Denial {
        Denial {
            code,
            reason: reason.line.to_string(),
            inferred: !reason.verbatim,
            hint,
        }
    }
}

/// One certificate of a client's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathEntry {
    /// RFC 4514 subject.
    pub subject: String,
    /// The BEGIN line in the truststore file, or `None` for the client certificate.
    pub line: Option<usize>,
    /// The file that line is in, when it is not the truststore's own name: a truststore read
    /// from a directory names its member files (the CLI's `--truststore DIR`).
    pub file: Option<String>,
    /// SHA-256 of the certificate's DER.
    pub sha256: [u8; 32],
}

/// The outcome for one client: the path built (client first; partial when denied) and the
/// denial, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The path, client first.
    pub chain: Vec<PathEntry>,
    /// Why the client is denied; `None` when it is accepted.
    pub denial: Option<Denial>,
    /// The accepted path's certificates (see [`Verdict::path`]).
    verified: Option<VerifiedPath>,
}

impl Verdict {
    /// Whether the service would accept the client.
    pub fn is_accepted(&self) -> bool {
        self.denial.is_none()
    }

    /// The path the service would accept the client on, for checks beyond trust (revocation
    /// with [`crate::RevocationSet::is_revoked`], pinning with [`crate::Pins`]); `None` when
    /// the client is denied.
    pub fn path(&self) -> Option<&VerifiedPath> {
        self.verified.as_ref().filter(|_| self.denial.is_none())
    }

    /// The kebab-case denial code the CLI prints (`issuer-not-found`), if denied.
    pub fn code(&self) -> Option<&str> {
        self.denial.as_ref().map(|d| d.code.as_str())
    }

    /// The denial code, if denied.
    pub fn denial_code(&self) -> Option<DenialCode> {
        self.denial.as_ref().map(|d| d.code)
    }

    /// The exact log line the CLI prints (`Access denied. Reason: ...`), if denied.
    pub fn reason(&self) -> Option<&str> {
        self.denial.as_ref().map(|d| d.reason.as_str())
    }

    /// What to change so the client is accepted, if denied.
    pub fn hint(&self) -> Option<&str> {
        self.denial.as_ref().map(|d| d.hint.as_str())
    }

    /// The verdict for a client file whose certificate does not parse.
    pub(crate) fn malformed(profile: &Profile, hint: String) -> Verdict {
        Verdict {
            chain: Vec::new(),
            denial: Some(Denial::new(DenialCode::Malformed, profile, hint)),
            verified: None,
        }
    }
}

/// When a verdict is decided, and with which service options.
#[derive(Clone, Copy)]
pub(crate) struct Judging<'f> {
    /// Evaluation time, seconds since the Unix epoch.
    pub(crate) at: i64,
    /// The profile's expiry waiver is on (no effect under a profile without one).
    pub(crate) ignore_expiry: bool,
    /// The listener's identity filters (used only under a profile that has them).
    pub(crate) filters: &'f [IdentityFilter],
    /// The trust store's revocation lists, judged (used only under a profile that has them).
    pub(crate) revocation: Option<&'f Revocation>,
}

impl Judging<'_> {
    pub(crate) fn at(at: i64) -> Judging<'static> {
        Judging {
            at,
            ignore_expiry: false,
            filters: &[],
            revocation: None,
        }
    }
}

/// Decides whether the service of `profile` would accept `client`, given the certificates the
/// client sends after it (`sent`, used for hints) and the evaluation time `at`.
pub(crate) fn verify_client<'a>(
    truststore: &'a Truststore,
    client: &'a Arc<Certificate>,
    sent: &'a [&'a Arc<Certificate>],
    judging: Judging,
    profile: &Profile,
) -> Verdict {
    let paths = path::build(truststore, client, sent, judging.at, profile);
    let mut accepted = None;
    for built in paths.paths {
        let mut problems = built.problems;
        problems.extend(along::check(
            truststore,
            &built.hops,
            built.anchored,
            judging,
            profile,
        ));
        // The first problem of the best rank, in path order (problems were pushed client first).
        let denial = problems
            .into_iter()
            .enumerate()
            .min_by_key(|(i, d)| (d.code.rank(), *i))
            .map(|(_, d)| d);
        match denial {
            // The verifier may build this path, so the client may be refused this way.
            Some(mut denial) => {
                if !built.forks.is_empty() {
                    denial.hint.push_str(&hints::fork_note(
                        truststore,
                        &built.hops,
                        &built.forks,
                        profile,
                    ));
                }
                return Verdict {
                    chain: chain_of(truststore, &built.hops),
                    denial: Some(denial),
                    verified: None,
                };
            }
            None => {
                accepted.get_or_insert(built.hops);
            }
        }
    }
    let hops = accepted.unwrap_or_default();
    let chain = chain_of(truststore, &hops);
    let mut denial = paths.cut.then(|| {
        Denial::new(
            DenialCode::TooManyPaths,
            profile,
            hints::too_many_paths_hint(client, profile),
        )
    });
    // Identity filters come after every trust check, and accept only.
    let filters = judging.filters;
    let filtered = profile.identity_filters.value && !filters.is_empty();
    if denial.is_none() && filtered && !filters.iter().any(|f| f.matches(client)) {
        let rules: Vec<String> = filters.iter().map(ToString::to_string).collect();
        denial = Some(Denial::new(
            DenialCode::NoFilterMatch,
            profile,
            format!(
                "`{}` (the client) is trusted but matches none of the identity filters ({}); issue it with a name a filter accepts, or add a filter for it",
                client.subject,
                rules.join(", ")
            ),
        ));
    }
    // Revocation comes last: each certificate of the path against its issuer's CRLs.
    if let (None, Some(revocation), true) =
        (&denial, judging.revocation, profile.revocation_lists.value)
    {
        denial = revoked(truststore, &hops, revocation, profile);
    }
    let verified = denial.is_none().then(|| {
        VerifiedPath::new(
            hops.iter()
                .map(|&hop| match hop {
                    path::Hop::Client(c) | path::Hop::Sent(c) => Arc::clone(c),
                    path::Hop::Store(i) => Arc::clone(truststore.store.get_shared(i)),
                })
                .collect(),
        )
    });
    Verdict {
        chain,
        denial,
        verified,
    }
}

/// How a path is shown in the verdict.
fn chain_of(truststore: &Truststore, hops: &[path::Hop<'_>]) -> Vec<PathEntry> {
    hops.iter()
        .map(|&hop| path::entry(truststore, hop))
        .collect()
}

/// The denial for the first certificate of an accepted path (client first) that a CRL of its
/// issuer lists, or whose issuer's CRL cannot be used.
fn revoked(
    truststore: &Truststore,
    hops: &[path::Hop<'_>],
    revocation: &Revocation,
    profile: &Profile,
) -> Option<Denial> {
    let names = hints::Names { truststore };
    hops.windows(2).find_map(|pair| {
        let [below, above] = pair else { return None };
        let cert = below.cert(truststore);
        match revocation.check(truststore, cert, above.cert(truststore))? {
            crl::Finding::Revoked(file, line) => Some(Denial::new(
                DenialCode::Revoked,
                profile,
                format!(
                    "{} (serial {}) is listed in the CRL at {file}:{line}; issue a new certificate, or remove the entry if it was revoked by mistake",
                    names.of(*below),
                    crate::x509::colon_hex(&cert.serial)
                ),
            )),
            crl::Finding::Unusable(file, line, why) => Some(Denial::new(
                DenialCode::CrlUnusable,
                profile,
                format!(
                    "the CRL at {file}:{line} for the issuer of {} cannot be used: {why}; publish a current CRL signed by that CA",
                    names.of(*below)
                ),
            )),
        }
    })
}

/// The verdict for a parsed client file: its first CERTIFICATE block is the client, the blocks
/// after it are what the client sends along (path building uses them where the profile says).
pub(crate) fn verify_file(
    truststore: &Truststore,
    client_file: &Truststore,
    judging: Judging,
    profile: &Profile,
) -> Verdict {
    let Some(first) = client_file.entries.first() else {
        // A parsed file has at least one CERTIFICATE block; were it not so, nothing is accepted.
        return Verdict::malformed(profile, "the client file holds no certificate".to_string());
    };
    let client_index = match &first.parsed {
        Ok(index) => *index,
        Err(why) => {
            return Verdict::malformed(
                profile,
                format!(
                    "the client certificate at line {} cannot be parsed ({why}); the TLS handshake fails before anything is logged; re-export it",
                    first.line
                ),
            )
        }
    };
    let client = client_file.store.get_shared(client_index);
    let sent: Vec<&Arc<Certificate>> = (0..client_file.store.len())
        .filter(|&i| i != client_index)
        .filter_map(|i| client_file.store.shared(i))
        .collect();
    verify_client(truststore, client, &sent, judging, profile)
}
