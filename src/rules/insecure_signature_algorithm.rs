//! `insecure-signature-algorithm`: signed with a hash weaker than SHA-256 or an algorithm
//! API Gateway does not support.

use super::{Confidence, Rule, AWS_WARNS_AND_DENIES};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;

pub static RULE: Rule = Rule {
    code: "insecure-signature-algorithm",
    severity: Severity::Error,
    summary: "signature hash weaker than SHA-256 (MD5, SHA-1, SHA-224) or an unsupported signature algorithm",
    fix: "re-issue the certificate signed with SHA-256 or stronger (`openssl x509 -req -sha256 ...`)",
    aws: AWS_WARNS_AND_DENIES,
    citation: "S1: signatures with SHA-256 or stronger are supported; S3: \"Client cert using an insecure Signature Algorithm\"",
    confidence: Confidence::High,
    explanation: "API Gateway supports RSA and ECDSA signatures with SHA-256 or stronger. A CA \
        signed with SHA-1 is flagged at import and clients under it are denied. A self-signed \
        root is reported as a warning only: its self-signature is not what makes it trusted, \
        so it does not deny clients, but API Gateway still warns about it.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        let alg = &cert.signature_algorithm;
        if alg.is_supported_by_aws() {
            continue;
        }
        let message = match alg.hash() {
            Some(hash) if !hash.is_strong() => {
                format!("signed with {alg}; API Gateway requires SHA-256 or stronger")
            }
            _ => format!("signed with {alg}, which API Gateway does not support"),
        };
        let mut finding = RULE.finding(ctx.locate(entry), message, RULE.fix.to_string());
        if cert.is_self_signed() {
            finding.severity = Severity::Warning;
            finding.aws = "API Gateway: warning at domain update; a root's own signature is not checked when clients are verified";
            finding.hint = "a root's self-signature does not deny clients, but API Gateway warns \
                about it; switch to the CA's SHA-256 root if it has one"
                .to_string();
        }
        out.push(finding);
    }
}
