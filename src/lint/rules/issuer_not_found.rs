//! `issuer-not-found`: the chain from a certificate to a root is incomplete in the bundle.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::truststore::store::{Link, PathEnd};
use crate::x509::SelfSigned;

pub(super) static RULE: Rule = Rule {
    code: LintCode::IssuerNotFound,
    severity: Severity::Error,
    summary: "not self-signed, and no certificate in the bundle is its issuer",
    fix: "add the issuer's certificate, and its own chain up to a self-signed root, to the bundle",
    citation: "S1: the whole chain up to the root must be in the truststore; S3",
    confidence: Confidence::High,
    explanation: "API Gateway builds each client's chain from the truststore alone and ignores \
        intermediates the client sends. Every intermediate needs its issuer in the file, up to a \
        self-signed root.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.paths_end_at_roots() {
        return; // every truststore certificate is an anchor: none needs its issuer.
    }
    for (entry, index, cert) in ctx.certificates() {
        let link = ctx.store.link(index);
        if matches!(link, Link::IssuedBy(_)) {
            // Issuers that lead back to themselves never reach a root.
            let (above, end) = ctx.store.issuers_above(index);
            if end == PathEnd::Loop {
                let names: Vec<&str> = above
                    .iter()
                    .map(|&i| ctx.store.get(i).subject.as_str())
                    .collect();
                let message = format!(
                    "its issuers form a loop with no self-signed root ({} <- {})",
                    cert.subject,
                    names.join(" <- ")
                );
                let hint = "add the self-signed root these CAs chain to, and the certificates that link them to it".to_string();
                out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
            }
            continue;
        }
        let Link::IssuerNotFound { other_key_ids } = link else {
            continue;
        };
        if *cert.self_signed() == SelfSigned::SignatureMismatch && other_key_ids.is_empty() {
            continue; // its own key should have verified it: `bad-signature` reports that.
        }
        let message = format!("issuer {} is not in the bundle", cert.issuer);
        let mut hint = format!(
            "add the certificate of `{}` (and its chain up to a root)",
            cert.issuer
        );
        if let Some(&other) = other_key_ids.first() {
            hint.push_str(&format!(
                "; {} has that name but a different key identifier, so it is another key of that CA",
                ctx.describe(other)
            ));
        }
        if let Some(renamed) = ctx.store.same_key_other_name(cert) {
            hint.push_str(&format!(
                "; {} has the key identifier it names, under another name: issuer names must match exactly",
                ctx.describe(renamed)
            ));
        }
        out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
    }
}
