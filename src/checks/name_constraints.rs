//! Name constraints (RFC 5280 4.2.1.10, 6.1.3 (b)-(c), 6.1.4 (g)) as OpenSSL 3 applies them
//! (`NAME_CONSTRAINTS_check` in crypto/x509/v3_ncons.c): every name of a certificate below a CA
//! with nameConstraints must be inside a permitted subtree of its type, when the CA permits
//! any of that type, and outside every excluded one. A constraint this engine cannot evaluate
//! (otherName, x400Address, ediPartyName, registeredID, minimum/maximum) or a malformed one
//! denies, rather than being skipped.

use crate::x509::{Certificate, NameConstraintsFact, NameFact, SubtreeFact};

/// OpenSSL's bound on names x constraints for one certificate (NAME_CHECK_MAX): beyond it the
/// check fails, so a hostile chain cannot make it slow.
const NAME_CHECK_MAX: usize = 1 << 20;

/// Why a certificate's names fail a CA's name constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameConstraintProblem {
    /// The name is of a type the CA permits, but in none of its permitted subtrees.
    NotPermitted(String),
    /// The name is inside an excluded subtree (the subtree shown).
    Excluded(String, String),
    /// A constraint of a type this engine does not evaluate.
    UnsupportedType(&'static str),
    /// A constraint that is not well formed (what is wrong).
    InvalidConstraint(String),
    /// A name of the certificate that is not well formed (what is wrong).
    InvalidName(String),
    /// More names x constraints than the verifier checks.
    TooMany(usize, usize),
}

impl NameConstraintProblem {
    /// How a hint says it.
    pub(crate) fn describe(&self) -> String {
        match self {
            Self::NotPermitted(name) => format!("{name} is outside the permitted subtrees"),
            Self::Excluded(name, base) => format!("{name} is inside the excluded subtree {base}"),
            Self::UnsupportedType(kind) => {
                format!("a {kind} constraint, which truststore cannot evaluate and so refuses")
            }
            Self::InvalidConstraint(what) => format!("a malformed constraint ({what})"),
            Self::InvalidName(what) => format!("a malformed name ({what})"),
            Self::TooMany(names, constraints) => format!(
                "{names} names against {constraints} constraints, more than the verifier checks"
            ),
        }
    }
}

/// Whether the constraints themselves can be evaluated at all.
pub(crate) fn name_constraints_usable(
    nc: &NameConstraintsFact,
) -> Result<(), NameConstraintProblem> {
    if nc.permitted.is_none() && nc.excluded.is_empty() {
        return Err(NameConstraintProblem::InvalidConstraint(
            "neither permitted nor excluded subtrees (RFC 5280: MUST NOT be empty)".into(),
        ));
    }
    for subtree in nc.permitted.iter().flatten().chain(&nc.excluded) {
        if subtree.min_max {
            return Err(NameConstraintProblem::InvalidConstraint(
                "a subtree with minimum or maximum".into(),
            ));
        }
        match &subtree.base {
            NameFact::Other(kind) => return Err(NameConstraintProblem::UnsupportedType(kind)),
            NameFact::Ip(bytes) if bytes.len() != 8 && bytes.len() != 32 => {
                return Err(NameConstraintProblem::InvalidConstraint(format!(
                    "an iPAddress of {} bytes (address and mask are 8 or 32)",
                    bytes.len()
                )))
            }
            NameFact::Email(base) if base.matches('@').count() > 1 => {
                return Err(NameConstraintProblem::InvalidConstraint(format!(
                    "rfc822Name {base:?}"
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether `cert`'s names satisfy `nc`. `leaf`: the client, whose commonName also counts as
/// a DNS name when it has no DNS subjectAltName and looks like one (as OpenSSL does).
pub(crate) fn name_constraints(
    cert: &Certificate,
    leaf: bool,
    nc: &NameConstraintsFact,
) -> Result<(), NameConstraintProblem> {
    name_constraints_usable(nc)?;
    let mut names: Vec<NameFact> = cert.alt_names.clone();
    if !cert.subject_key.is_empty() {
        names.push(NameFact::Directory(cert.subject_key.clone()));
    }
    names.extend(cert.subject_emails.iter().cloned().map(NameFact::Email));
    if leaf && !cert.alt_names.iter().any(|n| matches!(n, NameFact::Dns(_))) {
        names.extend(
            cert.subject_common_names
                .iter()
                .filter(|cn| looks_like_host(cn))
                .map(|cn| NameFact::Dns(cn.to_lowercase())),
        );
    }
    let constraints = nc.permitted.as_ref().map_or(0, Vec::len) + nc.excluded.len();
    if names.len().saturating_mul(constraints) > NAME_CHECK_MAX {
        return Err(NameConstraintProblem::TooMany(names.len(), constraints));
    }
    for name in &names {
        check_name(name, nc)?;
    }
    Ok(())
}

fn check_name(name: &NameFact, nc: &NameConstraintsFact) -> Result<(), NameConstraintProblem> {
    let shown = show(name);
    if let Some(permitted) = &nc.permitted {
        let same_type: Vec<&SubtreeFact> = permitted
            .iter()
            .filter(|s| same_kind(&s.base, name))
            .collect();
        if !same_type.is_empty() {
            let mut inside = false;
            for subtree in same_type {
                inside |= matches(name, &subtree.base)?;
            }
            if !inside {
                return Err(NameConstraintProblem::NotPermitted(shown));
            }
        }
    }
    for subtree in nc.excluded.iter().filter(|s| same_kind(&s.base, name)) {
        if matches(name, &subtree.base)? {
            return Err(NameConstraintProblem::Excluded(shown, show(&subtree.base)));
        }
    }
    Ok(())
}

fn same_kind(a: &NameFact, b: &NameFact) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Whether `name` is inside the subtree `base` (of the same kind).
fn matches(name: &NameFact, base: &NameFact) -> Result<bool, NameConstraintProblem> {
    let invalid = |what: String| Err(NameConstraintProblem::InvalidName(what));
    match (name, base) {
        (NameFact::Dns(name), NameFact::Dns(base)) => {
            if !valid_dns(name) {
                return invalid(format!("DNS name {name:?}"));
            }
            Ok(dns_within(name, base))
        }
        (NameFact::Email(name), NameFact::Email(base)) => {
            let Some((local, domain)) = name.rsplit_once('@') else {
                return invalid(format!("email {name:?} has no @"));
            };
            if local.is_empty() || local.contains('@') || domain.is_empty() {
                return invalid(format!("email {name:?}"));
            }
            Ok(match base.rsplit_once('@') {
                // A mailbox: the local part as written, the domain in any case.
                Some((base_local, base_domain)) => {
                    local == base_local && domain.eq_ignore_ascii_case(base_domain)
                }
                // A domain with a leading dot: any mailbox in a subdomain of it.
                None if base.starts_with('.') => ends_with_ignore_case(domain, base),
                // A host: any mailbox at it.
                None => domain.eq_ignore_ascii_case(base),
            })
        }
        (NameFact::Ip(ip), NameFact::Ip(base)) => {
            if ip.len() != 4 && ip.len() != 16 {
                return invalid(format!("an iPAddress of {} bytes", ip.len()));
            }
            if base.len() != ip.len() * 2 {
                return Ok(false); // the other address family
            }
            let (addr, mask) = base.split_at(ip.len());
            Ok(ip
                .iter()
                .zip(addr)
                .zip(mask)
                .all(|((i, a), m)| i & m == a & m))
        }
        (NameFact::Uri(uri), NameFact::Uri(base)) => {
            let Some(host) = uri_host(uri) else {
                return invalid(format!("URI {uri:?} has no host"));
            };
            Ok(if base.starts_with('.') {
                ends_with_ignore_case(host, base)
            } else {
                host.eq_ignore_ascii_case(base)
            })
        }
        (NameFact::Directory(name), NameFact::Directory(base)) => Ok(name.starts_with(base)
            && (name.len() == base.len() || name.get(base.len()) == Some(&b'/'))),
        _ => Ok(false),
    }
}

/// A dNSName inside a dNSName subtree: the subtree itself and its subdomains; a subtree that
/// starts with a dot, its subdomains only; an empty one, every name.
fn dns_within(name: &str, base: &str) -> bool {
    if base.is_empty() {
        return true;
    }
    if base.starts_with('.') {
        return ends_with_ignore_case(name, base);
    }
    name.eq_ignore_ascii_case(base)
        || (name.len() > base.len()
            && ends_with_ignore_case(name, base)
            && name.as_bytes().get(name.len() - base.len() - 1) == Some(&b'.'))
}

fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
}

/// A DNS name as a certificate may carry it: labels of letters, digits and hyphens, an
/// optional leading `*.` wildcard, no empty label.
fn valid_dns(name: &str) -> bool {
    let name = name.strip_prefix("*.").unwrap_or(name);
    !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// A commonName that OpenSSL would check as a host name: letters, digits, hyphens and at
/// least one inner dot.
fn looks_like_host(cn: &str) -> bool {
    cn.contains('.') && valid_dns(cn) && !cn.starts_with("*.")
}

/// The host of `scheme://[userinfo@]host[:port][/...]`.
fn uri_host(uri: &str) -> Option<&str> {
    let (_, rest) = uri.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn show(name: &NameFact) -> String {
    match name {
        NameFact::Dns(s) => format!("DNS:{s}"),
        NameFact::Email(s) => format!("email:{s}"),
        NameFact::Uri(s) => format!("URI:{s}"),
        NameFact::Ip(bytes) => format!("IP:{}", ip_text(bytes)),
        NameFact::Directory(_) => "the subject name".to_string(),
        NameFact::Other(kind) => (*kind).to_string(),
    }
}

fn ip_text(bytes: &[u8]) -> String {
    let dotted = |b: &[u8]| b.iter().map(u8::to_string).collect::<Vec<_>>().join(".");
    match bytes.len() {
        4 => dotted(bytes),
        8 => {
            let (addr, mask) = bytes.split_at(4);
            format!("{}/{}", dotted(addr), dotted(mask))
        }
        _ => crate::x509::colon_hex(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees_take_the_name_and_its_subdomains() {
        assert!(dns_within("example.com", "example.com"));
        assert!(dns_within("a.b.example.com", "example.com"));
        assert!(dns_within("A.Example.COM", "example.com"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(!dns_within("example.com", ".example.com"));
        assert!(dns_within("a.example.com", ".example.com"));
        assert!(dns_within("anything.test", ""));
    }

    #[test]
    fn uri_hosts_are_read_through_userinfo_port_and_brackets() {
        assert_eq!(
            uri_host("https://user@host.example:8443/x"),
            Some("host.example")
        );
        assert_eq!(
            uri_host("spiffe://trust.example/ns/a"),
            Some("trust.example")
        );
        assert_eq!(uri_host("http://[2001:db8::1]:80/"), Some("2001:db8::1"));
        assert_eq!(uri_host("urn:uuid:1234"), None);
    }
}
