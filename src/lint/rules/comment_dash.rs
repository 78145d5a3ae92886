//! `comment-dash`: a `#` comment with a `-` in it, in a bundle whose service refuses that.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::CommentDash,
    severity: Severity::Error,
    summary: "a `#` comment that contains a `-`, which load balancer trust stores and CloudFront refuse",
    fix: "remove the `-` characters from the comment (dates like 2026-01-01 and names like my-ca included), or delete the comment",
    citation: "ELB and CloudFront trust store docs: \"Comments must be preceded by a # character and must not contain any - characters\"",
    confidence: Confidence::High,
    explanation: "Load balancer and CloudFront trust stores accept `#` comment lines outside the \
        certificates, but not if a comment contains a dash: a hyphenated CA name or an ISO \
        date in a comment gets the whole bundle refused. API Gateway does not mind.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.profile.pem.value.comment_dashes_refused {
        return;
    }
    for item in &ctx.items {
        if let Item::Comment {
            line, dash: true, ..
        } = item
        {
            let message = "comment contains a `-`".to_string();
            out.push(RULE.finding(ctx, ctx.locate_line(*line), message, RULE.fix.to_string()));
        }
    }
}
