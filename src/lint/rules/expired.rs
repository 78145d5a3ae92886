//! `expired`: the certificate's notAfter is before the evaluation time.

use crate::checks::{self, Validity};
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::when::{days_between, rfc3339};

pub(super) static RULE: Rule = Rule {
    code: LintCode::Expired,
    severity: Severity::Error,
    summary: "the certificate has expired at the evaluation time (`--at`)",
    fix:
        "replace it with a renewed certificate from the CA, or remove it if no client chains to it",
    citation:
        "S1: the validity period is checked; S5: an expired intermediate is accepted with a warning",
    confidence: Confidence::High,
    explanation: "API Gateway warns about an expired certificate only when the domain is created \
        or updated, never later when it expires; clients whose chain passes through it are \
        denied (inferred log reason: \"certificate has expired\").",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let at = ctx.options.at;
    for (entry, _, cert) in ctx.certificates() {
        if checks::validity(cert, at) == Validity::Expired {
            let message = format!(
                "expired on {} ({} days before {})",
                rfc3339(cert.not_after),
                days_between(cert.not_after, at),
                rfc3339(at)
            );
            let hint = format!("{}; it expired {}", RULE.fix, rfc3339(cert.not_after));
            out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
        }
    }
}
