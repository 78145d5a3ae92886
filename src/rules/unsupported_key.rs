//! `unsupported-key`: a public key API Gateway does not accept.

use super::{Confidence, Rule, AWS_WARNS_AND_DENIES};
use crate::finding::{Finding, Severity};
use crate::lint::LintContext;
use crate::policy::MIN_RSA_BITS;
use crate::signature::{Curve, KeyKind};

pub static RULE: Rule = Rule {
    code: "unsupported-key",
    severity: Severity::Error,
    summary: "RSA key under 2048 bits, EC key not on P-256/P-384, or an Ed25519, Ed448, DSA or unknown key",
    fix: "re-issue with an RSA key of 2048 bits or more, or an ECDSA key on P-256 or P-384",
    aws: AWS_WARNS_AND_DENIES,
    citation: "S1: RSA keys of 2048 bits or more, ECDSA keys of 256 or 384 bits",
    confidence: Confidence::High,
    explanation: "API Gateway supports RSA keys of 2048 bits and more and ECDSA keys on P-256 and \
        P-384 (the current guide says \"ECDSA-256 or ECDSA-384\"). P-521, secp256k1, EdDSA and \
        DSA keys are not supported.",
    check,
};

fn check(ctx: &LintContext, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        let problem = match &cert.key_kind {
            KeyKind::Rsa { bits } if *bits >= MIN_RSA_BITS => continue,
            KeyKind::Ec {
                curve: Curve::P256 | Curve::P384,
            } => continue,
            KeyKind::Rsa { bits: 0 } => "RSA key cannot be read".to_string(),
            KeyKind::Rsa { bits } => {
                format!("RSA key is {bits} bits; at least {MIN_RSA_BITS} required")
            }
            KeyKind::Ec { curve } => {
                format!("EC key on {curve}; only P-256 and P-384 are supported")
            }
            other => format!("{other} keys are not supported"),
        };
        let hint = format!("{} (found: {})", RULE.fix, cert.key_kind);
        out.push(RULE.finding(ctx.locate(entry), problem, hint));
    }
}
