//! `malformed`: a CERTIFICATE block that is not valid base64 or not X.509 DER.

use crate::lint::finding::Finding;
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::Malformed,
    severity: crate::lint::finding::Severity::Error,
    summary: "a CERTIFICATE block that is not valid base64 or not X.509 DER",
    fix: "re-export the certificate from its source, e.g. `openssl x509 -in cert.pem -out fixed.pem`, or remove the block",
    citation: "S1: X.509 syntax is validated for each certificate",
    confidence: Confidence::High,
    explanation: "API Gateway parses every certificate in the truststore and warns about those it \
        cannot read; a client whose chain needs that certificate is denied. Typical causes are a \
        block damaged by copy and paste, a missing END line, or DER with bytes after the \
        certificate.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for entry in &ctx.entries {
        if let Err(why) = &entry.parsed {
            out.push(RULE.finding(ctx, ctx.locate(entry), why.clone(), RULE.fix.to_string()));
        }
    }
}
