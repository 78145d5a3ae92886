//! `private-key-in-bundle`: a PRIVATE KEY block of any kind. It is never decoded or echoed.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::PrivateKeyInBundle,
    severity: Severity::Error,
    summary: "a private key is pasted into the truststore",
    fix: "remove the key block from the file and treat the key as leaked: replace it and re-issue its certificate",
    citation: "S1: the truststore holds certificates only",
    confidence: Confidence::Low,
    explanation: "A truststore is public material, copied to S3 and often to repositories. A \
        private key inside it is exposed to everyone who can read the file. truststore points at \
        its line and never prints any of its bytes.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for item in &ctx.items {
        let (label, line) = match item {
            Item::Block(b) if b.is_private_key() => (&b.label, b.line),
            Item::Unterminated { label, line, .. } | Item::Flattened { label, line, .. }
                if label.ends_with("PRIVATE KEY") =>
            {
                (label, *line)
            }
            _ => continue,
        };
        let message = format!("a {label} block is in the truststore");
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, RULE.fix.to_string()));
    }
}
