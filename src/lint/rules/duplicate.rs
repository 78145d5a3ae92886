//! `duplicate`: the same certificate, byte for byte, appears more than once.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::Duplicate,
    severity: Severity::Warning,
    summary: "the same certificate appears more than once",
    fix: "delete the extra copy",
    citation: "S5 (size limit)",
    confidence: Confidence::Low,
    explanation: "An identical certificate twice does no harm to verification but wastes part of \
        the ~1 MB budget and usually means the file was assembled by hand. Other rules report \
        on the first copy only.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for entry in &ctx.entries {
        if let Some(first) = entry.duplicate_of.and_then(|i| ctx.entries.get(i)) {
            let message = format!(
                "identical to certificate #{} at {}",
                first.index,
                ctx.line_ref(first.line)
            );
            let hint = format!(
                "delete this copy (the block at {})",
                ctx.line_ref(entry.line)
            );
            out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
        }
    }
}
