//! `indented-pem`: a block whose BEGIN line starts with white space, as PEM pasted from YAML,
//! JSON or code is. Read here, so that the certificate is still judged; OpenSSL does not see
//! it.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::IndentedPem,
    severity: Severity::Error,
    summary: "a PEM block is indented (pasted from YAML or code)",
    fix: "remove the white space before each line of the block",
    citation:
        "RFC 7468 section 2 (boundaries start the line); OpenSSL PEM_read_bio (\"no start line\")",
    confidence: Confidence::Medium,
    explanation: "A certificate copied out of a YAML file, a Kubernetes secret or source code \
        keeps its indentation. OpenSSL's PEM reader looks for `-----BEGIN` at the start of a \
        line, so it does not see an indented block: the certificate is missing from the \
        truststore as the service reads it, or the file holds no certificate at all.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for item in &ctx.items {
        let Item::Block(block) = item else {
            continue;
        };
        if block.indented {
            let message = format!("the {} block is indented", block.label);
            // A certificate's finding names it (rare: a scan is cheap here).
            let at = match ctx.entries.iter().find(|e| e.line == block.line) {
                Some(entry) => ctx.locate(entry),
                None => ctx.locate_line(block.line),
            };
            out.push(RULE.finding(ctx, at, message, RULE.fix.to_string()));
        }
    }
}
