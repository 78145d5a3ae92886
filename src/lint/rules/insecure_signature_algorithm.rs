//! `insecure-signature-algorithm`: signed with a hash weaker than SHA-256 or an algorithm
//! API Gateway does not support.

use crate::checks::{self, AlgorithmProblem};
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::InsecureSignatureAlgorithm,
    severity: Severity::Error,
    summary: "signature hash weaker than SHA-256 (MD5, SHA-1, SHA-224) or an unsupported signature algorithm",
    fix: "re-issue the certificate signed with SHA-256 or stronger (`openssl x509 -req -sha256 ...`)",
    citation: "S1: signatures with SHA-256 or stronger are supported; S3: \"Client cert using an insecure Signature Algorithm\"",
    confidence: Confidence::High,
    explanation: "API Gateway supports RSA and ECDSA signatures with SHA-256 or stronger. A CA \
        signed with SHA-1 is flagged at import and clients under it are denied. A self-signed \
        root is reported as a warning only: its self-signature is not what makes it trusted, \
        so it does not deny clients, but API Gateway still warns about it.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        let alg = &cert.signature_algorithm;
        let service = ctx.profile.service;
        let message = match checks::signature_algorithm(alg, ctx.profile) {
            Ok(()) => continue,
            Err(AlgorithmProblem::WeakHash(_)) => format!(
                "signed with {alg}; {service} requires {} or stronger",
                ctx.profile.signatures.value.min_hash
            ),
            Err(AlgorithmProblem::Unsupported) => {
                format!("signed with {alg}, which {service} does not support")
            }
        };
        let mut finding = RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string());
        if cert.is_self_signed() {
            finding.severity = Severity::Warning;
            finding.aws = ctx.profile.weak_root_signature_consequence;
            finding.hint = "a root's self-signature does not deny clients, but API Gateway warns \
                about it; switch to the CA's SHA-256 root if it has one"
                .to_string();
        }
        out.push(finding);
    }
}
