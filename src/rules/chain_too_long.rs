//! `chain-too-long`: the path from a CA up to its root holds more than four CA certificates.

use super::{Confidence, Rule, AWS_WARNS_AND_DENIES};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::policy::MAX_CA_CERTIFICATES;

pub static RULE: Rule = Rule {
    code: "chain-too-long",
    severity: Severity::Error,
    summary: "the path from this CA up to its root holds more than 4 CA certificates (root included)",
    fix: "issue clients from a CA at most three levels below the root (root + 3 intermediates)",
    aws: AWS_WARNS_AND_DENIES,
    citation: "S1: \"maximum chain length of four\"; S5, S6: four CA certificates, root included, client not counted",
    confidence: Confidence::Medium,
    explanation: "API Gateway allows at most four CA certificates on a client's path, the root \
        included and the client certificate not counted: a root and three intermediates work, a \
        client under a fourth intermediate is denied (inferred log reason: \"certificate chain \
        too long\").",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    for (entry, index, cert) in ctx.certificates() {
        if !cert.is_ca() || cert.is_self_signed() {
            continue;
        }
        let (above, _) = ctx.store.issuers_above(index);
        let cas = above.len() + 1;
        if cas <= MAX_CA_CERTIFICATES {
            continue;
        }
        let path: Vec<&str> = std::iter::once(index)
            .chain(above.iter().copied())
            .map(|i| ctx.store.get(i).subject.as_str())
            .collect();
        let message = format!(
            "path to the root holds {cas} CA certificates; API Gateway allows {MAX_CA_CERTIFICATES}"
        );
        let hint = format!("path: {}; {}", path.join(" <- "), RULE.fix);
        out.push(RULE.finding(ctx.locate(entry), message, hint));
    }
}
