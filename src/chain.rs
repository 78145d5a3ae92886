//! Path building for a client certificate, the checks along the path, and the ranked denial
//! reason API Gateway would log.
//!
//! Paths are built from the truststore only (API Gateway ignores what the client sends), using
//! the store's cached issuer links, so a CA-to-CA signature is verified once per run however
//! many clients pass through it. Only the client's own link is verified per client.

use crate::cert::Certificate;
use crate::finding::join_capped;
use crate::lint::LintContext;
use crate::policy::{MAX_CA_CERTIFICATES, MIN_RSA_BITS};
use crate::signature::{Curve, KeyKind};
use crate::store::{Link, PathEnd};
use crate::when::rfc3339;
use serde::Serialize;

/// Why a client is denied. Declared in the order of the rules document ("How truststore
/// decides"): when several apply, the one with the lowest [`DenialCode::rank`] is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DenialCode {
    /// The client certificate cannot be parsed.
    Malformed,
    /// The client is self-signed and the identical certificate is not in the truststore.
    SelfSigned,
    /// The issuer of the client or of a CA on its path is not in the truststore.
    IssuerNotFound,
    /// The client or a CA on its path is signed with SHA-1 or weaker, or an unsupported algorithm.
    InsecureSignatureAlgorithm,
    /// The client or a CA on its path has a key API Gateway does not support.
    UnsupportedKey,
    /// More than four CA certificates on the path.
    ChainTooLong,
    /// A CA on the path lacks CA:TRUE or keyCertSign, or a pathLenConstraint is exceeded.
    NotACa,
    /// An issuer matches by name and key identifier but its key does not verify.
    BadSignature,
    /// A certificate on the path has expired.
    Expired,
    /// A certificate on the path is not valid yet.
    NotYetValid,
}

impl DenialCode {
    /// Lower is reported first; algorithm and key share a rank, as do the two validity codes.
    pub fn rank(self) -> u8 {
        match self {
            DenialCode::Malformed => 0,
            DenialCode::SelfSigned => 1,
            DenialCode::IssuerNotFound => 2,
            DenialCode::InsecureSignatureAlgorithm | DenialCode::UnsupportedKey => 3,
            DenialCode::ChainTooLong => 4,
            DenialCode::NotACa => 5,
            DenialCode::BadSignature => 6,
            DenialCode::Expired | DenialCode::NotYetValid => 7,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DenialCode::Malformed => "malformed",
            DenialCode::SelfSigned => "self-signed",
            DenialCode::IssuerNotFound => "issuer-not-found",
            DenialCode::InsecureSignatureAlgorithm => "insecure-signature-algorithm",
            DenialCode::UnsupportedKey => "unsupported-key",
            DenialCode::ChainTooLong => "chain-too-long",
            DenialCode::NotACa => "not-a-ca",
            DenialCode::BadSignature => "bad-signature",
            DenialCode::Expired => "expired",
            DenialCode::NotYetValid => "not-yet-valid",
        }
    }
}

/// The three reasons AWS documents verbatim (S3).
pub const REASON_ISSUER_NOT_FOUND: &str =
    "Access denied. Reason: Could not find issuer for certificate";
pub const REASON_INSECURE_ALGORITHM: &str =
    "Access denied. Reason: Client cert using an insecure Signature Algorithm";
pub const REASON_SELF_SIGNED: &str = "Access denied. Reason: self signed certificate";

/// A denial: the code, the log line API Gateway would write, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub code: DenialCode,
    pub reason: String,
    /// True when the reason is our inference (the verifier's string), not a line AWS documents.
    pub inferred: bool,
    pub hint: String,
}

impl Denial {
    fn new(code: DenialCode, hint: String) -> Denial {
        let (reason, inferred) = code.reason();
        Denial {
            code,
            reason,
            inferred,
            hint,
        }
    }
}

impl DenialCode {
    /// Every denial code, in rank order.
    pub const ALL: [DenialCode; 10] = [
        DenialCode::Malformed,
        DenialCode::SelfSigned,
        DenialCode::IssuerNotFound,
        DenialCode::InsecureSignatureAlgorithm,
        DenialCode::UnsupportedKey,
        DenialCode::ChainTooLong,
        DenialCode::NotACa,
        DenialCode::BadSignature,
        DenialCode::Expired,
        DenialCode::NotYetValid,
    ];

    /// The log line API Gateway would write, and whether it is our inference rather than a line
    /// AWS documents. (For a CA with a weak signature, and for an exceeded path length, the
    /// caller adjusts the default given here.)
    pub fn reason(self) -> (String, bool) {
        match self {
            DenialCode::IssuerNotFound => (REASON_ISSUER_NOT_FOUND.to_string(), false),
            DenialCode::SelfSigned => (REASON_SELF_SIGNED.to_string(), false),
            DenialCode::InsecureSignatureAlgorithm => {
                (REASON_INSECURE_ALGORITHM.to_string(), false)
            }
            // AWS documents "signature or key weaker than supported" under this one line (S3).
            DenialCode::UnsupportedKey => (REASON_INSECURE_ALGORITHM.to_string(), true),
            other => (
                format!("Access denied. Reason: {}", verifier_string(other)),
                true,
            ),
        }
    }

    pub fn from_code(code: &str) -> Option<DenialCode> {
        DenialCode::ALL.into_iter().find(|d| d.as_str() == code)
    }
}

/// OpenSSL / AWS-LC `x509_txt.c` strings for the inferred reasons (S8).
fn verifier_string(code: DenialCode) -> &'static str {
    match code {
        DenialCode::Expired => "certificate has expired",
        DenialCode::NotYetValid => "certificate is not yet valid",
        DenialCode::ChainTooLong => "certificate chain too long",
        DenialCode::BadSignature => "certificate signature failure",
        DenialCode::NotACa => "invalid CA certificate",
        DenialCode::Malformed => "unable to decode certificate",
        DenialCode::IssuerNotFound
        | DenialCode::SelfSigned
        | DenialCode::InsecureSignatureAlgorithm
        | DenialCode::UnsupportedKey => "",
    }
}

/// The outcome for one client: the path built (client first) and the denial, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub chain: Vec<String>,
    pub denial: Option<Denial>,
}

/// One certificate on a path: the client, or a truststore certificate by store index.
#[derive(Clone, Copy)]
enum Hop<'a> {
    Client(&'a Certificate),
    Store(usize),
}

/// Decides whether API Gateway would accept `client`, given the certificates the client sends
/// after it (`sent`, used only for hints) and the evaluation time `at`.
pub fn verify_client(
    truststore: &LintContext,
    client: &Certificate,
    sent: &[&Certificate],
    at: i64,
) -> Verdict {
    let store = &truststore.store;
    let cert_of = |hop| hop_cert(store, hop);
    let name_of = |hop: Hop<'_>| match hop {
        Hop::Client(c) => format!("`{}` (the client)", c.subject),
        Hop::Store(i) => format!(
            "`{}` (truststore line {})",
            store.get(i).subject,
            truststore.entry_of(i).line
        ),
    };

    // Build the path: client, then truststore issuers up to a root.
    let mut path = vec![Hop::Client(client)];
    let mut problems: Vec<Denial> = Vec::new();
    if client.is_self_signed() {
        match store.position_of(client) {
            Some(_) => {} // the identical certificate is trusted: a path of one.
            None => problems.push(Denial::new(
                DenialCode::SelfSigned,
                self_signed_hint(truststore, client),
            )),
        }
    } else {
        let first = store.find_issuer(client, None);
        let (next, broken) = follow(&first);
        if let Some(broken) = broken {
            problems.push(broken_link_denial(
                truststore,
                client,
                broken,
                sent,
                name_of(Hop::Client(client)),
            ));
        }
        if let Some(next) = next {
            path.push(Hop::Store(next));
            let (above, end) = store.issuers_above(next);
            path.extend(above.iter().map(|&i| Hop::Store(i)));
            let last = path.last().map_or(next, |h| match h {
                Hop::Store(i) => *i,
                Hop::Client(_) => next,
            });
            match end {
                PathEnd::Root => {}
                PathEnd::Broken(link) => {
                    let cert = store.get(last);
                    problems.push(broken_link_denial(
                        truststore,
                        cert,
                        link,
                        sent,
                        name_of(Hop::Store(last)),
                    ));
                }
                PathEnd::Loop => problems.push(Denial::new(
                    DenialCode::IssuerNotFound,
                    format!(
                        "the issuers above {} form a loop with no self-signed root; add the root",
                        name_of(Hop::Store(last))
                    ),
                )),
                PathEnd::TooDeep => {} // reported as chain-too-long below.
            }
        }
    }

    // Checks on every certificate of the path.
    let cas = path.len() - 1;
    for (position, &hop) in path.iter().enumerate() {
        let cert = cert_of(hop);
        // The root's self-signature is exempt; a self-signed client (position 0) is not.
        let judged_signature = !(position > 0 && position == cas && cert.is_self_signed());
        // A root's self-signature is not what makes it trusted (rules doc), so it is not judged;
        // a self-signed client in the truststore is still a client certificate and is.
        if judged_signature && !cert.signature_algorithm.is_supported_by_aws() {
            let mut d = Denial::new(
                DenialCode::InsecureSignatureAlgorithm,
                format!(
                    "{} is signed with {}; re-issue it signed with SHA-256 or stronger",
                    name_of(hop),
                    cert.signature_algorithm
                ),
            );
            // AWS's line speaks of the client cert; for a CA on the path it is our inference.
            d.inferred = position > 0;
            problems.push(d);
        }
        if let Some(why) = unsupported_key(&cert.key_kind) {
            problems.push(Denial::new(
                DenialCode::UnsupportedKey,
                format!(
                    "{} has {why}; re-issue it with RSA 2048+ or ECDSA P-256/P-384",
                    name_of(hop)
                ),
            ));
        }
        // Every certificate but the client issued the one before it on the path.
        if let Some(&issued) = position.checked_sub(1).and_then(|i| path.get(i)) {
            if !cert.is_ca() || cert.key_cert_sign == Some(false) {
                let what = if cert.is_ca() {
                    "has keyUsage without keyCertSign"
                } else {
                    "is not a CA (no basicConstraints CA:TRUE)"
                };
                problems.push(Denial::new(
                    DenialCode::NotACa,
                    format!(
                        "{} {what} but issued {}; re-issue it as a CA",
                        name_of(hop),
                        name_of(issued)
                    ),
                ));
            }
            // Intermediate CAs between the client and this CA; self-issued ones do not count
            // (RFC 5280 6.1.4 (l), as OpenSSL).
            let below = path.get(1..position).map_or(0, |hops| {
                hops.iter()
                    .filter(|&&h| !cert_of(h).is_self_issued())
                    .count()
            });
            if let Some(limit) = cert.constraints.and_then(|c| c.path_len) {
                if below > usize::from(limit) {
                    let mut d = Denial::new(
                        DenialCode::NotACa,
                        format!("{} has pathLenConstraint {limit} but {below} CA(s) sit below it; re-issue it with pathlen:{below} or issue clients higher up", name_of(hop)),
                    );
                    d.reason = "Access denied. Reason: path length constraint exceeded".into();
                    problems.push(d);
                }
            }
        }
        if at > cert.not_after {
            problems.push(Denial::new(
                DenialCode::Expired,
                format!(
                    "{} expired on {}; renew it",
                    name_of(hop),
                    rfc3339(cert.not_after)
                ),
            ));
        } else if at < cert.not_before {
            problems.push(Denial::new(
                DenialCode::NotYetValid,
                format!(
                    "{} is not valid before {}",
                    name_of(hop),
                    rfc3339(cert.not_before)
                ),
            ));
        }
    }
    if cas > MAX_CA_CERTIFICATES {
        let names: Vec<&str> = path.iter().map(|&h| cert_of(h).subject.as_str()).collect();
        problems.push(Denial::new(
            DenialCode::ChainTooLong,
            format!(
                "the path holds {cas} CA certificates, API Gateway allows {MAX_CA_CERTIFICATES} (root included, client not counted): {}; issue the client from a CA at most three levels below the root",
                names.join(" <- ")
            ),
        ));
    }

    // The first problem of the best rank, in path order (problems were pushed client first).
    let denial = problems
        .into_iter()
        .enumerate()
        .min_by_key(|(i, d)| (d.code.rank(), *i))
        .map(|(_, d)| d);
    Verdict {
        chain: path.iter().map(|&h| cert_of(h).subject.clone()).collect(),
        denial,
    }
}

fn hop_cert<'a>(store: &'a crate::store::Store, hop: Hop<'a>) -> &'a Certificate {
    match hop {
        Hop::Client(c) => c,
        Hop::Store(i) => store.get(i),
    }
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

fn unsupported_key(kind: &KeyKind) -> Option<String> {
    match kind {
        KeyKind::Rsa { bits } if *bits >= MIN_RSA_BITS => None,
        KeyKind::Ec {
            curve: Curve::P256 | Curve::P384,
        } => None,
        KeyKind::Rsa { bits } => Some(format!(
            "an RSA {bits}-bit key (at least {MIN_RSA_BITS} required)"
        )),
        other => Some(format!("an {other} key")),
    }
}

/// The denial for a certificate (`cert`, named `name`) whose issuer link is broken.
fn broken_link_denial(
    truststore: &LintContext,
    cert: &Certificate,
    link: &Link,
    sent: &[&Certificate],
    name: String,
) -> Denial {
    let store = &truststore.store;
    let locate = |i: usize| {
        format!(
            "`{}` (truststore line {})",
            store.get(i).subject,
            truststore.entry_of(i).line
        )
    };
    match link {
        Link::BadSignature {
            candidates,
            matched,
        } => {
            let names: Vec<String> = candidates.iter().map(|&i| locate(i)).collect();
            Denial::new(
                DenialCode::BadSignature,
                format!(
                    "{} matches the issuer of {name} by name and key identifier, but its key does not verify the signature: the CA was re-keyed; add the CA certificate whose key signed it",
                    join_capped(&names, 3, *matched)
                ),
            )
        }
        Link::Unsupported { candidate, reason } => Denial::new(
            DenialCode::InsecureSignatureAlgorithm,
            format!(
                "the signature of {name} by {} cannot be verified: {reason}",
                locate(*candidate)
            ),
        ),
        _ => {
            let other_key_ids = match link {
                Link::IssuerNotFound { other_key_ids } => other_key_ids.as_slice(),
                _ => &[],
            };
            let mut hint = format!(
                "add `{}` to the truststore (the issuer of {name}), with its chain up to a root",
                cert.issuer
            );
            if let Some(sent_cert) = sent.iter().find(|s| s.subject_key == cert.issuer_key) {
                hint = format!(
                    "the client sends `{}`, but API Gateway ignores certificates the client sends: add it to the truststore, with its own chain up to a root",
                    sent_cert.subject
                );
            }
            if let Some(&other) = other_key_ids.first() {
                let ids = |k: &Option<Vec<u8>>| {
                    k.as_deref()
                        .map_or("none".to_string(), crate::cert::colon_hex)
                };
                hint.push_str(&format!(
                    "; the truststore has {} with that name but subject key identifier {}, while {name} names authority key identifier {}: that is another key of the CA",
                    locate(other),
                    ids(&store.get(other).ski),
                    ids(&cert.aki)
                ));
            }
            if let Some(unparsed) = store.unparsed_with_subject(&cert.issuer_key) {
                hint.push_str(&format!(
                    "; the truststore has a certificate of that name at line {}, but it does not parse, so it is not used (run `truststore lint` on the truststore)",
                    truststore.entry_of(unparsed).line
                ));
            }
            if let Some(renamed) = store.same_key_other_name(cert) {
                hint.push_str(&format!(
                    "; {} has the key identifier {name} names, under another name: issuer names must match exactly",
                    locate(renamed)
                ));
            }
            Denial::new(DenialCode::IssuerNotFound, hint)
        }
    }
}

/// The hint for a self-signed client that is not in the truststore: compare it with any
/// self-signed truststore certificate of the same subject (the AWS article's modulus check).
fn self_signed_hint(truststore: &LintContext, client: &Certificate) -> String {
    let store = &truststore.store;
    let twin = store
        .with_subject(&client.subject_key)
        .find(|&i| store.get(i).is_self_signed());
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match twin {
        Some(i) if store.get(i).spki_sha256 != client.spki_sha256 => format!(
            "the truststore holds a self-signed `{}` (line {}) with another public key: truststore key SHA-256 {}, client key SHA-256 {}; add the client's certificate to the truststore",
            client.subject,
            truststore.entry_of(i).line,
            hex(&store.get(i).spki_sha256),
            hex(&client.spki_sha256)
        ),
        Some(i) => format!(
            "the truststore holds `{}` (line {}) with the same public key (SHA-256 {}) but different bytes: it was re-issued; replace the truststore copy with the client's certificate",
            client.subject,
            truststore.entry_of(i).line,
            hex(&client.spki_sha256)
        ),
        None => format!(
            "add this exact certificate to the truststore, or give the client a certificate issued by a CA in the truststore (client key SHA-256 {})",
            hex(&client.spki_sha256)
        ),
    }
}
