//! `too-large`: the file is over API Gateway's truststore size limit.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::TooLarge,
    severity: Severity::Error,
    summary: "the truststore file exceeds 1,000,000 bytes",
    fix: "remove certificates no client chains to (unused roots, expired CAs, duplicates), or split clients across domains",
    citation: "S5: 929 certificates in 999 KB were accepted; the limit is about 1 MB",
    confidence: Confidence::Low,
    explanation: "API Gateway's truststore size limit is observed, not documented: field tests \
        show files just under 1,000,000 bytes accepted. The finding points at the line where \
        the limit is crossed.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let size = ctx.size;
    let Some(limit) = ctx.profile.max_bundle_bytes.value else {
        return;
    };
    let line = ctx
        .limit_lines
        .iter()
        .find(|(at, _)| *at == limit)
        .map(|(_, line)| *line);
    if let (true, Some(line)) = (size > limit, line) {
        let message = format!("file is {size} bytes; the limit is {limit}");
        let hint = format!("the limit is crossed at line {line}; {}", RULE.fix);
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, hint));
    }
}
