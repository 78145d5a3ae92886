//! The checks on every certificate of a built path: signature algorithm, key, CA-ness and
//! pathLenConstraint of each issuer, validity, and the path's depth. Each property is decided
//! by `crate::checks`, the same functions the lint rules call; this module phrases the denial.

use super::hints::Names;
use super::path::Hop;
use super::{Denial, Judging};
use crate::checks::{self, KeyProblem, NameConstraintProblem, PathLenProblem, Validity};
use crate::codes::DenialCode;
use crate::profile::Profile;
use crate::truststore::Truststore;
use crate::when::rfc3339;

/// Every problem of the path `hops` (client first), in path order. `anchored`: the last
/// certificate is the path's anchor, whose own signature is not what makes it trusted.
pub(super) fn check<'a>(
    truststore: &'a Truststore,
    hops: &[Hop<'a>],
    anchored: bool,
    judging: Judging,
    profile: &Profile,
) -> Vec<Denial> {
    let at = judging.at;
    // The dates a service option waives: the client's, or every certificate's.
    let dates_waived = |position: usize| {
        judging.ignore_expiry
            && profile
                .expiry_waiver
                .is_some_and(|w| w.every_certificate || position == 0)
    };
    let names = Names { truststore };
    let cert_of = |hop: Hop<'a>| hop.cert(truststore);
    let mut problems = Vec::new();
    let cas = hops.len() - 1;
    for (position, &hop) in hops.iter().enumerate() {
        let cert = cert_of(hop);
        // An anchor's own signature is not what makes it trusted (rules doc), so it is not
        // judged; a client (position 0), even one in the truststore, is.
        let judged_signature = !(position > 0 && position == cas && anchored);
        if judged_signature
            && checks::signature_algorithm(&cert.signature_algorithm, profile).is_err()
        {
            let hint = format!(
                "{} is signed with {}; re-issue it signed with {} or stronger",
                names.of(hop),
                cert.signature_algorithm,
                profile.signatures.value.min_hash
            );
            problems.push(if position == 0 {
                Denial::new(DenialCode::InsecureSignatureAlgorithm, profile, hint)
            } else {
                Denial::with_reason(
                    DenialCode::InsecureSignatureAlgorithm,
                    profile.ca_signature_reason,
                    hint,
                )
            });
        }
        if let Some(extension) = checks::unhandled_critical_extension(cert) {
            problems.push(Denial::new(
                DenialCode::UnhandledCriticalExtension,
                profile,
                format!(
                    "{} has a critical extension the verifier does not process: {extension}; re-issue it with the extension non-critical or without it",
                    names.of(hop)
                ),
            ));
        }
        if let Err(problem) = checks::client_auth_purpose(cert, position > 0) {
            let fix = if position == 0 {
                "re-issue it with extendedKeyUsage clientAuth (and keyUsage digitalSignature)"
            } else {
                "use a CA whose extendedKeyUsage includes clientAuth, or none: a CA limited to serverAuth (as public TLS CAs now are) cannot issue client certificates"
            };
            problems.push(Denial::new(
                DenialCode::InvalidPurpose,
                profile,
                format!("{} {}; {fix}", names.of(hop), problem.describe()),
            ));
        }
        if let Err(problem) = checks::key(cert, profile) {
            let why = match problem {
                KeyProblem::RsaSize { bits, min, .. } if bits < min => {
                    format!("an RSA {bits}-bit key (at least {min} required)")
                }
                _ => format!("an {} key", cert.key_kind),
            };
            problems.push(Denial::new(
                DenialCode::UnsupportedKey,
                profile,
                format!(
                    "{} has {why}; re-issue it with {}",
                    names.of(hop),
                    KeyProblem::accepted(profile)
                ),
            ));
        }
        // Every certificate but the client issued the one before it on the path.
        if let Some(&issued) = position.checked_sub(1).and_then(|i| hops.get(i)) {
            if let Err(problem) = checks::can_issue(cert, profile) {
                problems.push(Denial::new(
                    DenialCode::NotACa,
                    profile,
                    format!(
                        "{} {} but issued {}; re-issue it as a CA",
                        names.of(hop),
                        problem.describe(),
                        names.of(issued)
                    ),
                ));
            }
            // The intermediate CAs between the client and this CA that count.
            let below = hops.get(1..position).map_or(0, |between| {
                between
                    .iter()
                    .filter(|&&h| checks::counts_for_path_len(cert_of(h)))
                    .count()
            });
            if let Err(PathLenProblem { limit, below }) = checks::path_len(cert, below) {
                problems.push(Denial::with_reason(
                    DenialCode::NotACa,
                    profile.path_length_reason,
                    format!(
                        "{} has pathLenConstraint {limit} but {below} CA(s) sit below it; re-issue it with pathlen:{below} or issue clients higher up",
                        names.of(hop)
                    ),
                ));
            }
        }
        match checks::validity(cert, at) {
            _ if dates_waived(position) => {}
            Validity::Valid => {}
            Validity::Expired => problems.push(Denial::new(
                DenialCode::Expired,
                profile,
                format!(
                    "{} expired on {}; renew it",
                    names.of(hop),
                    rfc3339(cert.not_after)
                ),
            )),
            Validity::NotYetValid => problems.push(Denial::new(
                DenialCode::NotYetValid,
                profile,
                format!(
                    "{} is not valid before {}",
                    names.of(hop),
                    rfc3339(cert.not_before)
                ),
            )),
        }
    }
    // Name constraints of each CA bind every certificate below it, self-issued intermediates
    // excepted (RFC 5280 6.1.4 (b)); OpenSSL applies the trust anchor's too.
    'constraints: for (j, &ca_hop) in hops.iter().enumerate().skip(1) {
        let Some(nc) = &cert_of(ca_hop).name_constraints else {
            continue;
        };
        for (i, &hop) in hops.iter().enumerate().take(j) {
            let below = cert_of(hop);
            if i > 0 && below.is_self_issued() {
                continue;
            }
            if let Err(problem) = checks::name_constraints(below, i == 0, nc) {
                let reasons = &profile.name_constraint_reasons;
                let reason = match problem {
                    NameConstraintProblem::NotPermitted(_) => reasons.permitted,
                    NameConstraintProblem::Excluded(..) => reasons.excluded,
                    NameConstraintProblem::UnsupportedType(_) => reasons.unsupported_type,
                    NameConstraintProblem::InvalidConstraint(_) => reasons.invalid_constraint,
                    NameConstraintProblem::InvalidName(_) => reasons.invalid_name,
                    NameConstraintProblem::TooMany(..) => reasons.too_many,
                };
                let hint = match problem {
                    NameConstraintProblem::UnsupportedType(_)
                    | NameConstraintProblem::InvalidConstraint(_) => format!(
                        "{} has nameConstraints with {}; re-issue the CA with constraints of dNSName, rfc822Name, iPAddress, directoryName or URI only",
                        names.of(ca_hop),
                        problem.describe()
                    ),
                    _ => format!(
                        "{} has a name the nameConstraints of {} do not allow: {}; re-issue it with a name inside the CA's permitted subtrees",
                        names.of(hop),
                        names.of(ca_hop),
                        problem.describe()
                    ),
                };
                problems.push(Denial::with_reason(
                    DenialCode::NameConstraintViolation,
                    reason,
                    hint,
                ));
                break 'constraints;
            }
        }
    }
    let ends_at_root = anchored && hops.last().is_some_and(|&h| cert_of(h).is_self_signed());
    if let Err(max) = checks::depth(cas, ends_at_root, profile) {
        let subjects: Vec<&str> = hops.iter().map(|&h| cert_of(h).subject.as_str()).collect();
        let hint = if ends_at_root {
            format!(
                "the path holds {cas} CA certificates, {} allows {max} (root included, client not counted): {}; issue the client from a CA at most {} levels below the root",
                profile.service,
                subjects.join(" <- "),
                in_words(max.saturating_sub(1))
            )
        } else {
            format!(
                "the path holds the client and {cas} certificates up to where it ends; {} allows the client and {max} certificates up to an intermediate anchor: {}; put a CA nearer the client in the trust store, or send fewer intermediates",
                profile.service,
                subjects.join(" <- ")
            )
        };
        problems.push(Denial::new(DenialCode::ChainTooLong, profile, hint));
    }
    problems
}

/// Small counts as words, as the hints read ("at most three levels").
fn in_words(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}
