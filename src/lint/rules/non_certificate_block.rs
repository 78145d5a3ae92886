//! `non-certificate-block`: a PEM block that is neither a certificate nor a private key.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};
use crate::pem::Item;

pub(super) static RULE: Rule = Rule {
    code: LintCode::NonCertificateBlock,
    severity: Severity::Warning,
    summary: "a PEM block other than CERTIFICATE (CRL, PUBLIC KEY, CERTIFICATE REQUEST, ...)",
    fix: "remove the block; a truststore holds only CERTIFICATE blocks",
    citation: "S1: a truststore is a file of concatenated certificates",
    confidence: Confidence::Low,
    explanation: "API Gateway documents the truststore as concatenated PEM certificates and does \
        not check revocation, so a CRL or a public key in the file does nothing, and how it is \
        treated is undocumented. `TRUSTED CERTIFICATE` (OpenSSL's own format) is not a plain \
        certificate either.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for item in &ctx.items {
        let (label, line, damage) = match item {
            Item::Block(b) if !b.is_certificate() && !b.is_private_key() => (&b.label, b.line, ""),
            Item::Unterminated { label, line, .. } | Item::Flattened { label, line, .. }
                if label != "CERTIFICATE" && !label.ends_with("PRIVATE KEY") =>
            {
                let damage = if matches!(item, Item::Flattened { .. }) {
                    " (and is flattened onto one line)"
                } else {
                    " (and has no END line)"
                };
                (label, *line, damage)
            }
            _ => continue,
        };
        let message = format!("a {label} block is not a certificate{damage}");
        let hint = match label.as_str() {
            "TRUSTED CERTIFICATE" => "convert it with `openssl x509 -in FILE -out cert.pem` (drops OpenSSL's trust settings)".to_string(),
            _ => RULE.fix.to_string(),
        };
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, hint));
    }
}
