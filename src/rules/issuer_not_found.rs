//! `issuer-not-found`: the chain from a certificate to a root is incomplete in the bundle.

use super::{Confidence, Rule};
use crate::cert::SelfSigned;
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::store::Link;

pub static RULE: Rule = Rule {
    code: "issuer-not-found",
    severity: Severity::Error,
    summary: "not self-signed, and no certificate in the bundle is its issuer",
    fix: "add the issuer's certificate, and its own chain up to a self-signed root, to the bundle",
    aws: "API Gateway: warning at domain update; clients under it are denied with \"Could not find issuer for certificate\"",
    citation: "S1: the whole chain up to the root must be in the truststore; S3",
    confidence: Confidence::High,
    explanation: "API Gateway builds each client's chain from the truststore alone and ignores \
        intermediates the client sends. Every intermediate needs its issuer in the file, up to a \
        self-signed root.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, index, cert) in ctx.certificates() {
        let Link::IssuerNotFound { other_key_ids } = ctx.store.link(index) else {
            continue;
        };
        if cert.self_signed == SelfSigned::SignatureMismatch && other_key_ids.is_empty() {
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
        out.push(RULE.finding(ctx.locate(entry), message, hint));
    }
}
