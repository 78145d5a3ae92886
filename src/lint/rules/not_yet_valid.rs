//! `not-yet-valid`: the certificate's notBefore is after the evaluation time.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::when::rfc3339;

pub(super) static RULE: Rule = Rule {
    code: LintCode::NotYetValid,
    severity: Severity::Error,
    summary: "the certificate is not valid yet at the evaluation time (`--at`)",
    fix: "wait until it becomes valid before uploading, or check the issuing system's clock",
    citation: "S1: the validity period is checked",
    confidence: Confidence::High,
    explanation: "A certificate whose notBefore lies in the future fails validation until then; \
        a clock error on the issuing CA is the usual cause (inferred log reason: \"certificate \
        is not yet valid\").",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let at = ctx.options.at;
    for (entry, _, cert) in ctx.certificates() {
        if checks::not_yet_valid(cert, at) {
            let message = format!(
                "not valid before {} (evaluated at {})",
                rfc3339(cert.not_before),
                rfc3339(at)
            );
            let hint = format!(
                "it becomes valid at {}; {}",
                rfc3339(cert.not_before),
                RULE.fix
            );
            out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
        }
    }
}
