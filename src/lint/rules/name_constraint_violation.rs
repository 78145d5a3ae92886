//! `name-constraint-violation`: a CA's nameConstraints cannot be evaluated, or a CA's own names
//! are outside the name constraints of a CA above it, so that no client under it is accepted.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::NameConstraintViolation,
    severity: Severity::Error,
    summary: "a CA's nameConstraints cannot be evaluated (an otherName/x400/EDI/registeredID subtree, minimum/maximum, malformed), or a CA's names break the constraints of a CA above it",
    fix: "re-issue the constraining CA with dNSName, rfc822Name, iPAddress, directoryName or URI subtrees only, or the constrained CA with names inside them",
    citation: "RFC 5280 4.2.1.10 and 6.1.4 (g); OpenSSL crypto/x509/v3_ncons.c NAME_CONSTRAINTS_check",
    confidence: Confidence::Medium,
    explanation: "A CA's nameConstraints bind every certificate below it (self-issued \
        intermediates excepted): each name (subjectAltName entries, the subject name, its \
        emailAddress, and a client's host-like commonName when it has no DNS name) must lie in \
        a permitted subtree of its type, if the CA permits any, and in no excluded one. \
        Verifiers refuse constraints they cannot evaluate rather than skip them, and so does \
        truststore. `verify` checks clients against them (`name-constraint-violation`).",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    if !ctx.paths_end_at_roots() {
        return; // every truststore certificate is an anchor: a CA's own names are not checked against CAs above it.
    }
    for (entry, index, cert) in ctx.certificates() {
        if let Some(nc) = &cert.name_constraints {
            if let Err(problem) = checks::name_constraints_usable(nc) {
                let message = format!(
                    "nameConstraints with {}: every client under this CA is denied",
                    problem.describe()
                );
                out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
                continue;
            }
        }
        if cert.is_self_signed() || cert.is_self_issued() {
            continue;
        }
        let (above, _) = ctx.store.issuers_above(index);
        for ancestor in above {
            let Some(nc) = &ctx.store.get(ancestor).name_constraints else {
                continue;
            };
            if checks::name_constraints_usable(nc).is_err() {
                continue; // reported on that CA
            }
            if let Err(problem) = checks::name_constraints(cert, false, nc) {
                let message = format!(
                    "{} of {}: every client under this CA is denied",
                    problem.describe(),
                    ctx.describe(ancestor)
                );
                out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
                break;
            }
        }
    }
}
