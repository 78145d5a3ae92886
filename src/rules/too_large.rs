//! `too-large`: the file is over API Gateway's truststore size limit.

use super::{Confidence, Rule};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::policy::MAX_TRUSTSTORE_BYTES;

pub static RULE: Rule = Rule {
    code: "too-large",
    severity: Severity::Error,
    summary: "the truststore file exceeds 1,000,000 bytes",
    fix: "remove certificates no client chains to (unused roots, expired CAs, duplicates), or split clients across domains",
    aws: "API Gateway: the truststore is refused",
    citation: "S5: 929 certificates in 999 KB were accepted; the limit is about 1 MB",
    confidence: Confidence::Low,
    explanation: "API Gateway's truststore size limit is observed, not documented: field tests \
        show files just under 1,000,000 bytes accepted. The finding points at the line where \
        the limit is crossed.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    let size = ctx.size;
    if let (true, Some(line)) = (size > MAX_TRUSTSTORE_BYTES, ctx.limit_line) {
        let message = format!("file is {size} bytes; the limit is {MAX_TRUSTSTORE_BYTES}");
        let hint = format!("the limit is crossed at line {line}; {}", RULE.fix);
        out.push(RULE.finding(ctx.locate_line(line), message, hint));
    }
}
