//! `not-a-ca`: a certificate issues another one in the bundle without being a CA, or a
//! pathLenConstraint is exceeded.

use super::{Confidence, Rule, AWS_WARNS_AND_DENIES};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::store::Link;
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    code: "not-a-ca",
    severity: Severity::Error,
    summary: "an issuing certificate lacks basicConstraints CA:TRUE or keyCertSign, or a pathLenConstraint is exceeded",
    fix: "re-issue the issuing certificate as a CA (basicConstraints=critical,CA:TRUE and keyUsage=keyCertSign,cRLSign) with a large enough pathlen",
    aws: AWS_WARNS_AND_DENIES,
    citation: "RFC 5280 sections 4.2.1.3, 4.2.1.9 and 6.1.4; S8 \"invalid CA certificate\", \"path length constraint exceeded\"",
    confidence: Confidence::Low,
    explanation: "A certificate may sign others only if it says it is a CA (basicConstraints \
        CA:TRUE, and keyCertSign where keyUsage is present), and no deeper than its \
        pathLenConstraint allows; self-issued CAs (same name, such as a key rollover) do not \
        count against it (RFC 5280 6.1.4 (l)). OpenSSL-based verifiers, which API Gateway's \
        log strings come from, enforce both; AWS does not document it.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    // Issuers that are not CAs, each reported once with how many certificates it issues.
    let mut issued: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (_, index, _) in ctx.certificates() {
        if let Link::IssuedBy(issuer) = ctx.store.link(index) {
            issued.entry(*issuer).or_default().push(index);
        }
    }
    for (&issuer_index, children) in &issued {
        let Some(&first_child) = children.first() else {
            continue;
        };
        let issuer = ctx.store.get(issuer_index);
        let missing = if !issuer.is_ca() {
            "is not a CA (no basicConstraints CA:TRUE)"
        } else if issuer.key_cert_sign == Some(false) {
            "has keyUsage without keyCertSign"
        } else {
            continue;
        };
        let message = format!(
            "{missing} but issues {} certificate(s) in the bundle, e.g. {}",
            children.len(),
            ctx.describe(first_child)
        );
        out.push(RULE.finding(
            ctx.locate(ctx.entry_of(issuer_index)),
            message,
            RULE.fix.to_string(),
        ));
    }

    // pathLenConstraint: a CA's limit on the intermediate CAs below it (RFC 5280 4.2.1.9).
    for (entry, index, cert) in ctx.certificates() {
        if !cert.is_ca() || cert.is_self_signed() {
            continue;
        }
        let (above, _) = ctx.store.issuers_above(index);
        // The CAs below each ancestor, self-issued ones not counted (RFC 5280 6.1.4 (l)).
        let mut below = usize::from(!cert.is_self_issued());
        for &ancestor in &above {
            let ancestor_cert = ctx.store.get(ancestor);
            if let Some(limit) = ancestor_cert.constraints.and_then(|c| c.path_len) {
                if below > usize::from(limit) {
                    let message = format!(
                        "pathLenConstraint {limit} of {} allows {limit} CA(s) below it; this CA makes {below}",
                        ctx.describe(ancestor)
                    );
                    let hint = format!(
                        "re-issue `{}` with pathlen:{below} or more, or issue clients higher up the chain",
                        ancestor_cert.subject
                    );
                    out.push(RULE.finding(ctx.locate(entry), message, hint));
                    break;
                }
            }
            below += usize::from(!ancestor_cert.is_self_issued());
        }
    }
}
