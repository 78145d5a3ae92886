//! `bad-signature`: an issuer matches by name and key identifier, but its key does not verify.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::text::join_capped;
use crate::truststore::store::Link;
use crate::x509::SelfSigned;

pub(super) static RULE: Rule = Rule {
    code: LintCode::BadSignature,
    severity: Severity::Error,
    summary: "an issuer matches by name (and key identifier) but its key does not verify the signature",
    fix: "replace the issuer with the CA certificate whose key really signed this one (it was re-keyed), or re-download a corrupted certificate",
    citation: "S1: integrity and key chaining are validated",
    confidence: Confidence::High,
    explanation: "Name chaining is not enough: the issuer's public key must verify the \
        signature. A mismatch means the CA was re-keyed under the same name and the bundle \
        holds the wrong generation, or the certificate was altered (inferred log reason: \
        \"certificate signature failure\").",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.paths_end_at_roots() {
        return; // every truststore certificate is an anchor: its own signature is not checked.
    }
    for (entry, index, cert) in ctx.certificates() {
        let (message, hint) = match ctx.store.link(index) {
            Link::BadSignature {
                candidates,
                matched,
            } => {
                let names: Vec<String> = candidates.iter().map(|&c| ctx.describe(c)).collect();
                (
                    format!(
                        "signature does not verify with the key of {}",
                        join_capped(&names, 3, matched)
                    ),
                    format!(
                        "{}; check the issuer is the current generation of `{}`",
                        RULE.fix, cert.issuer
                    ),
                )
            }
            Link::IssuerNotFound { other_key_ids }
                if *cert.self_signed() == SelfSigned::SignatureMismatch
                    && other_key_ids.is_empty() =>
            {
                (
                    "names itself as issuer but its own key does not verify its signature"
                        .to_string(),
                    "the certificate is corrupted or was altered; re-download it from the CA"
                        .to_string(),
                )
            }
            _ => continue,
        };
        out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
    }
}
