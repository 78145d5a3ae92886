//! `duplicate-subject`: two different certificates share a subject name.

use super::{Confidence, Rule};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;

pub static RULE: Rule = Rule {
    code: "duplicate-subject",
    severity: Severity::Error,
    summary: "two different certificates share a subject name",
    fix: "keep only the certificate clients chain to (usually the newer one), or give the CAs distinct names",
    aws: "API Gateway: the truststore is refused at import",
    citation: "S5: two different CA certificates with the same subject are refused",
    confidence: Confidence::Medium,
    explanation: "Issuers are found by name. Two CAs with one name (a renewed root next to the \
        old one, a cross-signed copy) make the lookup ambiguous, and API Gateway refuses such a \
        truststore when the domain is updated.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    for (entry, index, cert) in ctx.certificates() {
        let Some(first) = ctx.store.with_subject(&cert.subject_key).next() else {
            continue;
        };
        if first == index {
            continue;
        }
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
        out.push(RULE.finding(ctx.locate(entry), message, hint));
    }
}
