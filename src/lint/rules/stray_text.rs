//! `stray-text`: text outside PEM blocks that is neither blank nor a `#` comment.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::StrayText,
    severity: Severity::Warning,
    summary: "text outside PEM blocks, other than blank lines and `#` comments",
    fix: "delete the text, or turn it into `#` comment lines",
    citation: "RFC 7468 section 5.2 allows explanatory text; AWS does not document it",
    confidence: Confidence::Low,
    explanation: "`openssl x509 -text` output pasted above a certificate, or a half-deleted \
        block, usually means the file was assembled by hand. OpenSSL ignores such text, but it \
        can hide a certificate that was meant to be there. `#` comment lines (as in the Mozilla \
        bundle) are not reported.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for item in &ctx.items {
        if let Item::StrayText { line, not_utf8, .. } = item {
            let message = if *not_utf8 {
                "text outside any PEM block, and not UTF-8 (Windows-1252 or Latin-1?)".to_string()
            } else {
                "text outside any PEM block".to_string()
            };
            let mut finding =
                RULE.finding(ctx, ctx.locate_line(*line), message, RULE.fix.to_string());
            if ctx.profile.pem.value.stray_text_refused {
                finding.severity = Severity::Error;
            }
            out.push(finding);
        }
    }
}
