//! `leaf-in-truststore`: a certificate that is not a CA sits in the truststore.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::LeafInTruststore,
    severity: Severity::Warning,
    summary: "a certificate with CA:FALSE (or no basicConstraints) is in the truststore",
    fix: "put the CA certificates that issued it in the truststore instead, unless it is a self-signed client pinned on purpose",
    citation: "S1: the truststore holds CA certificates; S3: self-signed clients must be in the truststore",
    confidence: Confidence::Medium,
    explanation: "A truststore lists CAs. A non-CA certificate in it trusts nothing, except that \
        a self-signed client certificate present byte for byte is accepted (reported as info). \
        A non-self-signed leaf usually means the client's own certificate was pasted in instead \
        of its issuer.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        if checks::is_ca(cert, ctx.profile) {
            continue;
        }
        let what = match cert.constraints {
            Some(_) => "basicConstraints CA:FALSE",
            None => "no basicConstraints",
        };
        let finding = if cert.is_self_signed() {
            let mut f = RULE.finding(
                ctx,
                ctx.locate(entry),
                format!(
                    "self-signed certificate with {what}: only this exact certificate is trusted"
                ),
                "fine for a pinned self-signed client; otherwise remove it".to_string(),
            );
            f.severity = Severity::Info;
            f
        } else {
            RULE.finding(
                ctx,
                ctx.locate(entry),
                format!("certificate with {what} (a leaf) is in the truststore"),
                format!(
                    "add its issuer `{}` (and chain) instead of the leaf",
                    cert.issuer
                ),
            )
        };
        out.push(finding);
    }
}
