//! `too-many-certificates`: more certificates than the service's truststore quota.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::TooManyCertificates,
    severity: Severity::Error,
    summary: "the truststore holds more certificates than the service's quota",
    fix: "remove certificates no client chains to (unused roots, expired CAs, duplicates); where the quota is adjustable, request an increase and pass it with `--quota N`",
    citation: "API Gateway quotas: \"1,000 certificates up to 1 MB total object size\"; ELB quotas: 25 CA certificates per trust store (adjustable); CloudFront: 25 certificates",
    confidence: Confidence::High,
    explanation: "Each service caps the certificates of one truststore: API Gateway at 1,000 \
        (not adjustable), load balancer trust stores at 25 CA certificates (a quota AWS raises \
        on request), CloudFront at 25. Every CERTIFICATE block counts, copies included. The \
        finding points at the first certificate over the limit.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let Some(quota) = ctx.profile.max_certificates.value else {
        return;
    };
    let limit = match ctx.options.certificate_quota {
        Some(raised) if quota.adjustable => raised,
        _ => quota.limit,
    };
    let count = ctx.entries.len();
    let Some(first_over) = ctx.entries.get(limit) else {
        return;
    };
    let message = format!(
        "{count} certificates; {} takes at most {limit}",
        ctx.profile.service
    );
    let hint = format!(
        "certificate {} ({}) is the first over the limit; {}",
        first_over.index + 1,
        ctx.line_ref(first_over.line),
        RULE.fix
    );
    out.push(RULE.finding(ctx, ctx.locate(first_over), message, hint));
}
