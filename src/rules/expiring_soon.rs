//! `expiring-soon`: the certificate expires within `--expiry-window` of the evaluation time.

use super::{Confidence, Rule};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::when::{days_between, rfc3339};

pub static RULE: Rule = Rule {
    code: "expiring-soon",
    severity: Severity::Warning,
    summary: "the certificate expires within the expiry window (`--expiry-window`, default 30d)",
    fix: "get the renewed certificate from the CA and add it to the truststore before this one expires",
    aws: "API Gateway: no warning when it expires later; clients that chain through it are denied from then on",
    citation: "S1: warnings appear only when the domain is created or updated",
    confidence: Confidence::High,
    explanation: "API Gateway checks validity only at domain update, so nothing tells you when a \
        CA in the truststore expires: its clients just start getting 403. This rule gives notice.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    let at = ctx.options.at;
    for (entry, _, cert) in ctx.certificates() {
        let left = cert.not_after - at;
        if at >= cert.not_before && (0..=ctx.options.expiry_window).contains(&left) {
            let message = format!(
                "expires on {} ({} days after {})",
                rfc3339(cert.not_after),
                days_between(at, cert.not_after),
                rfc3339(at)
            );
            let hint = format!("{} on {}", RULE.fix, rfc3339(cert.not_after));
            out.push(RULE.finding(ctx.locate(entry), message, hint));
        }
    }
}
