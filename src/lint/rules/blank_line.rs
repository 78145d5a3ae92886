//! `blank-line`: a blank line in a bundle whose service refuses them.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::BlankLine,
    severity: Severity::Error,
    summary: "a blank line, which load balancer trust stores and CloudFront refuse",
    fix: "delete the blank lines (`sed -i '/^[[:space:]]*$/d' bundle.pem`)",
    citation: "ELB and CloudFront trust store docs: \"There cannot be any blank lines\"",
    confidence: Confidence::High,
    explanation: "The CA bundle of a load balancer trust store or a CloudFront trust store must \
        have no blank lines at all: one between two certificates is enough for the whole \
        bundle to be refused. Bundles made with `cat a.pem b.pem` often have them. API Gateway \
        accepts them, so the rule is silent there.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.profile.pem.value.blank_lines_refused {
        return;
    }
    let blanks: Vec<usize> = ctx
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Blank { line, .. } => Some(*line),
            _ => None,
        })
        .collect();
    for &line in &blanks {
        let message = "blank line".to_string();
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, RULE.fix.to_string()));
    }
}
