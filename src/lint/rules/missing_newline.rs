//! `missing-newline`: `-----END CERTIFICATE----------BEGIN CERTIFICATE-----` on one line, what
//! `cat a.pem b.pem` gives when a.pem does not end in a line break. Both certificates are read
//! here (and judged by the other rules); OpenSSL's PEM reader is not so lenient.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::MissingNewline,
    severity: Severity::Error,
    summary: "an END line runs into the next BEGIN line (a file without its final line break)",
    fix: "put a line break between `-----END CERTIFICATE-----` and `-----BEGIN CERTIFICATE-----`",
    citation: "RFC 7468 section 2 (each boundary is a line); OpenSSL PEM_read_bio (\"bad end line\")",
    confidence: Confidence::Medium,
    explanation: "Concatenating PEM files with `cat` runs the last line of one into the first \
        line of the next when the first file does not end in a line break. OpenSSL, which the \
        AWS front doors' PEM parsing descends from, requires each END line to end the line and \
        stops reading there, so the certificate that line closes and those after it are lost, \
        or the file is refused. truststore reads both blocks so that the rest of the file is still checked.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for item in &ctx.items {
        let Item::Block(block) = item else {
            continue;
        };
        if block.joined {
            let message = format!(
                "the END line before `-----BEGIN {}-----` has no line break after it",
                block.label
            );
            let hint = format!("{} at {}", RULE.fix, ctx.line_ref(block.line));
            out.push(RULE.finding(ctx, ctx.locate_line(block.line), message, hint));
        }
    }
}
