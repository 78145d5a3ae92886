//! `not-x509v3`: an X.509 v1 or v2 certificate where the service takes v3 only.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::NotX509v3,
    severity: Severity::Error,
    summary: "an X.509 v1 or v2 certificate, where the service takes X.509 v3 only",
    fix: "replace it with a v3 certificate of the same CA (re-issue the root with basicConstraints CA:TRUE)",
    citation: "ELB and CloudFront trust store docs: certificates must be X.509 v3",
    confidence: Confidence::High,
    explanation: "Load balancer and CloudFront trust stores take X.509 v3 certificates only; an \
        old v1 root (no extensions, so no basicConstraints) gets the bundle refused. API \
        Gateway accepts a v1 root as an anchor.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.profile.v3_only.value {
        return;
    }
    for (entry, _, cert) in ctx.certificates() {
        if cert.version < 3 {
            let message = format!("X.509 v{} certificate", cert.version);
            out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
        }
    }
}
