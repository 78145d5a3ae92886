//! `expiring-soon`: the certificate expires within `--expiry-window` of the evaluation time.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::when::{days_between, rfc3339};

pub(super) static RULE: Rule = Rule {
    code: LintCode::ExpiringSoon,
    severity: Severity::Warning,
    summary: "the certificate expires within the expiry window (`--expiry-window`, default 30d)",
    fix: "replace it with the renewed certificate from the CA before it expires; do not add the renewal next to it (two CAs of one name are `duplicate-subject`, which is refused)",
    citation: "S1: warnings appear only when the domain is created or updated",
    confidence: Confidence::High,
    explanation: "API Gateway checks validity only at domain update, so nothing tells you when a \
        CA in the truststore expires: its clients just start getting 403. This rule gives notice. \
        Replace the certificate with its renewal rather than adding the renewal beside it: two \
        CAs of one subject are `duplicate-subject`, which API Gateway refuses. When the renewal \
        keeps the key, the swap is invisible to clients; when the key changed, clients issued \
        under the old key must be re-issued first (or the new CA given a distinct name).",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
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
            let hint = format!(
                "replace it with the renewed certificate from the CA before {}, rather than adding the renewal next to it (two CAs of one name are `duplicate-subject`, which {} refuses); a renewal with the same key is a safe swap, because clients verify against the key and keep working; if the key changed, clients issued under the old key are denied once it is gone: re-issue them from the new CA first, or give the new CA a distinct name and keep both until the old clients expire",
                rfc3339(cert.not_after),
                ctx.profile.service
            );
            out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
        }
    }
}
