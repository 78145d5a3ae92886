//! `certificate-too-large`: a certificate over the service's per-certificate size limit.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::CertificateTooLarge,
    severity: Severity::Error,
    summary: "a certificate is larger than the service's per-certificate limit",
    fix: "re-issue the CA without bulky extensions (long policy texts, embedded logos, huge name lists)",
    citation: "ELB quotas: 16 KB per CA certificate; CloudFront: 16,384 bytes per certificate",
    confidence: Confidence::Medium,
    explanation: "Load balancer trust stores and CloudFront refuse a bundle with a certificate \
        over 16 KB. AWS does not say whether the PEM text or the DER is measured; truststore \
        measures the PEM block (BEGIN to END line), the larger of the two, so a finding is \
        never missed.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(limit) = ctx.profile.max_certificate_bytes.value else {
        return;
    };
    for item in &ctx.items {
        let Item::Block(block) = item else { continue };
        let size = block.span.len();
        if block.label != "CERTIFICATE" || size <= limit {
            continue;
        }
        let at = match ctx.entries.iter().find(|e| e.line == block.line) {
            Some(entry) => ctx.locate(entry),
            None => ctx.locate_line(block.line),
        };
        let message = format!("certificate is {size} bytes of PEM; the limit is {limit}");
        out.push(RULE.finding(ctx, at, message, RULE.fix.to_string()));
    }
}
