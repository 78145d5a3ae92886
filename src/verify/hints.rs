//! What to change so a denied client is accepted: the hints for a broken issuer link and for a
//! self-signed client, naming the truststore certificates involved by line.

use super::path::{Fork, Hop};
use super::Denial;
use crate::codes::DenialCode;
use crate::profile::{ClientChain, Profile, MAX_PATHS};
use crate::text::join_capped;
use crate::truststore::store::Link;
use crate::truststore::Truststore;
use crate::x509::Certificate;
use std::sync::Arc;

/// How certificates of a path are named in hints: the client as such, a truststore
/// certificate with its line.
pub(super) struct Names<'a> {
    pub(super) truststore: &'a Truststore,
}

impl Names<'_> {
    pub(super) fn of(&self, hop: Hop<'_>) -> String {
        match hop {
            Hop::Client(c) => format!("`{}` (the client)", c.subject),
            Hop::Sent(c) => format!("`{}` (sent by the client)", c.subject),
            Hop::Store(i) => format!(
                "`{}` (truststore {})",
                self.truststore.store.get(i).subject,
                self.truststore.line_ref(self.truststore.entry_of(i).line)
            ),
        }
    }
}

/// The denial for a certificate (`cert`, named `name`) whose issuer link is broken.
pub(super) fn broken_link_denial(
    truststore: &Truststore,
    cert: &Certificate,
    link: &Link,
    sent: &[&Arc<Certificate>],
    name: String,
    profile: &Profile,
) -> Denial {
    let store = &truststore.store;
    let names = Names { truststore };
    let locate = |i: usize| names.of(Hop::Store(i));
    match link {
        Link::BadSignature {
            candidates,
            matched,
        } => {
            let names: Vec<String> = candidates.iter().map(|&i| locate(i)).collect();
            Denial::new(
                DenialCode::BadSignature,
                profile,
                format!(
                    "{} matches the issuer of {name} by name and key identifier, but its key does not verify the signature: the CA was re-keyed; add the CA certificate whose key signed it",
                    join_capped(&names, 3, *matched)
                ),
            )
        }
        Link::Unsupported { candidate, reason } => Denial::new(
            DenialCode::InsecureSignatureAlgorithm,
            profile,
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
            let ignored = profile.client_chain.value == ClientChain::Ignored;
            if let Some(sent_cert) = sent
                .iter()
                .find(|s| ignored && s.subject_key == cert.issuer_key)
            {
                hint = format!(
                    "the client sends `{}`, but {} ignores certificates the client sends: add it to the truststore, with its own chain up to a root",
                    sent_cert.subject,
                    profile.service
                );
            }
            if let Some(&other) = other_key_ids.first() {
                let ids = |k: &Option<Vec<u8>>| {
                    k.as_deref()
                        .map_or("none".to_string(), crate::x509::colon_hex)
                };
                let candidate = store.get(other);
                if candidate.ski.is_some() && candidate.ski == cert.aki {
                    // Same key identifier: the AKI's issuer name or serial number differ.
                    hint.push_str(&format!(
                        "; the truststore has {} with that name and key identifier, but the authority key identifier of {name} names another issuer or serial number (authorityCertIssuer / authorityCertSerialNumber): it was issued by another certificate of that CA",
                        locate(other)
                    ));
                } else {
                    hint.push_str(&format!(
                        "; the truststore has {} with that name but subject key identifier {}, while {name} names authority key identifier {}: that is another key of the CA",
                        locate(other),
                        ids(&candidate.ski),
                        ids(&cert.aki)
                    ));
                }
            }
            if let Some(unparsed) = store.unparsed_with_subject(&cert.issuer_key) {
                hint.push_str(&format!(
                    "; the truststore has a certificate of that name at {}, but it does not parse, so it is not used (run `truststore lint` on the truststore)",
                    truststore.line_ref(truststore.entry_of(unparsed).line)
                ));
            }
            if let Some(renamed) = store.same_key_other_name(cert) {
                hint.push_str(&format!(
                    "; {} has the key identifier {name} names, under another name: issuer names must match exactly",
                    locate(renamed)
                ));
            }
            Denial::new(DenialCode::IssuerNotFound, profile, hint)
        }
    }
}

/// The hint for a self-signed client that is not in the truststore: compare it with any
/// self-signed truststore certificate of the same subject (the AWS article's modulus check).
pub(super) fn self_signed_hint(truststore: &Truststore, client: &Certificate) -> String {
    let store = &truststore.store;
    let twin = store
        .with_subject(&client.subject_key)
        .find(|&i| store.get(i).is_self_signed());
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    match twin {
        Some(i) if store.get(i).spki_sha256 != client.spki_sha256 => format!(
            "the truststore holds a self-signed `{}` ({}) with another public key: truststore key SHA-256 {}, client key SHA-256 {}; add the client's certificate to the truststore",
            client.subject,
            truststore.line_ref(truststore.entry_of(i).line),
            hex(&store.get(i).spki_sha256),
            hex(&client.spki_sha256)
        ),
        Some(i) => format!(
            "the truststore holds `{}` ({}) with the same public key (SHA-256 {}) but different bytes: it was re-issued; replace the truststore copy with the client's certificate",
            client.subject,
            truststore.line_ref(truststore.entry_of(i).line),
            hex(&client.spki_sha256)
        ),
        None => format!(
            "add this exact certificate to the truststore, or give the client a certificate issued by a CA in the truststore (client key SHA-256 {})",
            hex(&client.spki_sha256)
        ),
    }
}

/// Appended to the hint of a denied path on which the verifier could have taken another
/// issuer: why this path counts, and what makes the verdict certain.
pub(super) fn fork_note(
    truststore: &Truststore,
    hops: &[Hop<'_>],
    forks: &[Fork],
    profile: &Profile,
) -> String {
    let names = Names { truststore };
    let Some(fork) = forks.first() else {
        return String::new();
    };
    let Some(&child) = hops.get(fork.position) else {
        return String::new();
    };
    let lines: Vec<usize> = fork
        .among
        .iter()
        .map(|&i| truststore.entry_of(i).line)
        .collect();
    let taken = truststore.entry_of(fork.taken).line;
    let taken = if truststore.place(taken).0
        == truststore.place(lines.first().copied().unwrap_or(taken)).0
    {
        format!("line {}", truststore.place(taken).1)
    } else {
        truststore.line_ref(taken)
    };
    format!(
        "; {} may take any of the {} truststore certificates at {} as the issuer of {} (same name, agreeing key identifiers), the file's order does not fix which, and it does not try another when the path above fails; this path takes {}: keep only the certificate that works",
        profile.service,
        fork.among.len(),
        truststore.line_refs(&lines, 6),
        names.of(child),
        taken
    )
}

/// The hint when more paths exist than are followed.
pub(super) fn too_many_paths_hint(client: &Certificate, profile: &Profile) -> String {
    format!(
        "the truststore offers more than {MAX_PATHS} paths for `{}` through certificates that share a name (starting at `{}`), and {} takes one of them without trying another, so the verdict depends on its pick; remove the duplicates (`truststore lint` reports them as duplicate-subject)",
        client.subject, client.issuer, profile.service
    )
}
