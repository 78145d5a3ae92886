//! `unsupported-key`: a public key API Gateway does not accept.

use crate::checks::{self, KeyProblem};
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::UnsupportedKey,
    severity: Severity::Error,
    summary: "RSA key under 2048 bits, EC key not on P-256/P-384, or an Ed25519, Ed448, DSA or unknown key",
    fix: "re-issue with an RSA key of 2048 bits or more, or an ECDSA key on P-256 or P-384",
    citation: "S1: RSA keys of 2048 bits or more, ECDSA keys of 256 or 384 bits",
    confidence: Confidence::High,
    explanation: "API Gateway supports RSA keys of 2048 bits and more and ECDSA keys on P-256 and \
        P-384 (the current guide says \"ECDSA-256 or ECDSA-384\"). P-521, secp256k1, EdDSA and \
        DSA keys are not supported.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        let Err(problem) = checks::key(cert, ctx.profile) else {
            continue;
        };
        let problem = match problem {
            KeyProblem::Unreadable => "RSA key cannot be read".to_string(),
            KeyProblem::RsaSize {
                bits,
                min,
                max: Some(max),
            } if bits > max => {
                format!("RSA key is {bits} bits; at most {max} supported (at least {min})")
            }
            KeyProblem::RsaSize { bits, min, .. } if bits < min => {
                format!("RSA key is {bits} bits; at least {min} required")
            }
            KeyProblem::RsaSize { bits, .. } => format!(
                "RSA key is {bits} bits; {} takes {}",
                ctx.profile.service,
                KeyProblem::accepted(ctx.profile)
            ),
            KeyProblem::Curve(curve) => {
                let curves: Vec<String> = ctx
                    .profile
                    .keys
                    .value
                    .curves
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                format!(
                    "EC key on {curve}; only {} are supported",
                    curves.join(" and ")
                )
            }
            KeyProblem::Kind(other) => format!("{other} keys are not supported"),
        };
        let hint = format!(
            "re-issue with {} (found: {})",
            KeyProblem::accepted(ctx.profile),
            cert.key_kind
        );
        out.push(RULE.finding(ctx, ctx.locate(entry), problem, hint));
    }
}
