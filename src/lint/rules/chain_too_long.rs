//! `chain-too-long`: the path from a CA up to its root holds more than four CA certificates.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::ChainTooLong,
    severity: Severity::Error,
    summary: "the path from this CA up to its root holds more than 4 CA certificates (root included)",
    fix: "issue clients from a CA at most three levels below the root (root + 3 intermediates)",
    citation: "S1: \"maximum chain length of four\"; S5, S6: four CA certificates, root included, client not counted",
    confidence: Confidence::Medium,
    explanation: "API Gateway allows at most four CA certificates on a client's path, the root \
        included and the client certificate not counted: a root and three intermediates work, a \
        client under a fourth intermediate is denied (inferred log reason: \"certificate chain \
        too long\").",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.paths_end_at_roots() {
        return; // a path ends at the first truststore certificate: CA chains never count.
    }
    for (entry, index, cert) in ctx.certificates() {
        if !checks::is_ca(cert, ctx.profile) || cert.is_self_signed() {
            continue;
        }
        let (above, _) = ctx.store.issuers_above(index);
        let cas = above.len() + 1;
        let Err(max) = checks::depth(cas, true, ctx.profile) else {
            continue;
        };
        let path: Vec<&str> = std::iter::once(index)
            .chain(above.iter().copied())
            .map(|i| ctx.store.get(i).subject.as_str())
            .collect();
        let message = format!(
            "path to the root holds {cas} CA certificates; {} allows {max}",
            ctx.profile.service
        );
        let hint = format!("path: {}; {}", path.join(" <- "), RULE.fix);
        out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
    }
}
