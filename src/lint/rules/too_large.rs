//! `too-large`: the file is over the service's truststore size limit (the bundle size; one
//! code for every profile, so the stable name API Gateway users have did not change).

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::TooLarge,
    severity: Severity::Error,
    summary: "the truststore file exceeds the service's size limit (API Gateway 1 MB, CloudFront 64 KB)",
    fix: "remove certificates no client chains to (unused roots, expired CAs, duplicates), or split clients across domains",
    citation: "API Gateway quotas: \"up to 1 MB total object size\" (S5: 929 certificates in 999 KB accepted); CloudFront quotas: CA bundle 64 KB",
    confidence: Confidence::Medium,
    explanation: "API Gateway takes a truststore of up to 1 MB (truststore counts 1,000,000 \
        bytes: field tests show files just under it accepted), CloudFront a CA bundle of up to \
        64 KB; load balancer trust stores are limited by certificate count and size instead. \
        The finding points at the line where the limit is crossed.",
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
        let hint = format!(
            "the limit is crossed at {}; {}",
            ctx.line_ref(line),
            RULE.fix
        );
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, hint));
    }
}
