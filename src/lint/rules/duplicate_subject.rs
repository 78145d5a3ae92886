//! `duplicate-subject`: two different certificates share a subject name.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::DuplicateSubject,
    severity: Severity::Error,
    summary: "two different certificates share a subject name",
    fix: "keep only the certificate clients chain to (usually the newer one), or give the CAs distinct names",
    citation: "S5: two different CA certificates with the same subject are refused",
    confidence: Confidence::Medium,
    explanation: "Issuers are found by name. Two CAs with one name (a renewed root next to the \
        old one, a cross-signed copy) make the lookup ambiguous, and API Gateway refuses such a \
        truststore when the domain is updated.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    // From the subject index: only certificates that share a name are parsed (verify runs this
    // rule on a deferred truststore).
    for group in ctx.store.shared_subjects() {
        let mut parsed = group
            .iter()
            .copied()
            .filter(|&i| ctx.store.cert(i).is_some());
        let Some(first) = parsed.next() else {
            continue;
        };
        for index in parsed {
            let cert = ctx.store.get(index);
            let key_note = if ctx.store.get(first).spki_sha256 == cert.spki_sha256 {
                "same public key (a re-issued copy)"
            } else {
                "a different public key"
            };
            let message = format!(
                "subject is also the subject of {}, with {key_note}",
                ctx.describe(first)
            );
            let hint = format!(
                "{}; certificate #{} is the first one",
                RULE.fix,
                ctx.entry_of(first).index
            );
            out.push(RULE.finding(ctx, ctx.locate(ctx.entry_of(index)), message, hint));
        }
    }
}
