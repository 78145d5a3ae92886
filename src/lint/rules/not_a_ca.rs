//! `not-a-ca`: a certificate issues another one in the bundle without being a CA, a CA's
//! keyUsage lacks keyCertSign, or a pathLenConstraint is exceeded.

use crate::checks::{self, CaProblem, PathLenProblem};
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::truststore::store::Link;
use std::collections::BTreeMap;

pub(super) static RULE: Rule = Rule {
    code: LintCode::NotACa,
    severity: Severity::Error,
    summary: "an issuing certificate lacks basicConstraints CA:TRUE or keyCertSign, or a pathLenConstraint is exceeded",
    fix: "re-issue the issuing certificate as a CA (basicConstraints=critical,CA:TRUE and keyUsage=keyCertSign,cRLSign) with a large enough pathlen",
    citation: "RFC 5280 sections 4.2.1.3, 4.2.1.9 and 6.1.4; S8 \"invalid CA certificate\", \"path length constraint exceeded\"",
    confidence: Confidence::Low,
    explanation: "A certificate may sign others only if it says it is a CA (basicConstraints \
        CA:TRUE, and keyCertSign where keyUsage is present), and no deeper than its \
        pathLenConstraint allows; self-issued CAs (same name, such as a key rollover) do not \
        count against it (RFC 5280 6.1.4 (l)). OpenSSL-based verifiers, which API Gateway's \
        log strings come from, enforce both; AWS does not document it.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    // The certificates each issuer issues in the bundle, for the message.
    let mut issued: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (_, index, _) in ctx.certificates() {
        if let Link::IssuedBy(issuer) = ctx.store.link(index) {
            issued.entry(issuer).or_default().push(index);
        }
    }
    // A certificate that issues others but may not, and a CA (CA:TRUE) that may not issue
    // anything: reported on the certificate itself, once, whether or not the bundle holds
    // anything it issued (clients under it are denied all the same).
    for (entry, index, cert) in ctx.certificates() {
        let children = issued.get(&index).map_or(&[][..], Vec::as_slice);
        let problem = match checks::can_issue(cert, ctx.profile) {
            Ok(()) => continue,
            Err(CaProblem::NotACa) if children.is_empty() => continue,
            Err(problem) => problem,
        };
        let message = match children.first() {
            Some(&first_child) => format!(
                "{} but issues {} certificate(s) in the bundle, e.g. {}",
                problem.describe(),
                children.len(),
                ctx.describe(first_child)
            ),
            None => format!(
                "{}: it cannot issue certificates, so every client under it is denied",
                problem.describe()
            ),
        };
        out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
    }

    // pathLenConstraint: a CA's limit on the intermediate CAs below it (RFC 5280 4.2.1.9).
    for (entry, index, cert) in ctx.certificates() {
        if !checks::is_ca(cert, ctx.profile) || cert.is_self_signed() {
            continue;
        }
        let (above, _) = ctx.store.issuers_above(index);
        let mut below = usize::from(checks::counts_for_path_len(cert));
        for &ancestor in &above {
            let ancestor_cert = ctx.store.get(ancestor);
            if let Err(PathLenProblem { limit, below }) = checks::path_len(ancestor_cert, below) {
                let message = format!(
                    "pathLenConstraint {limit} of {} allows {limit} CA(s) below it; this CA makes {below}",
                    ctx.describe(ancestor)
                );
                let hint = format!(
                    "re-issue `{}` with pathlen:{below} or more, or issue clients higher up the chain",
                    ancestor_cert.subject
                );
                out.push(RULE.finding(ctx, ctx.locate(entry), message, hint));
                break;
            }
            below += usize::from(checks::counts_for_path_len(ancestor_cert));
        }
    }
}
