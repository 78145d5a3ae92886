//! `not-pem`: the truststore file is DER, PKCS#7, PKCS#12 or UTF-16 text. truststore reads it
//! by converting it to PEM (so every other rule still runs); the service does not.

use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::NotPem,
    severity: Severity::Error,
    summary: "the truststore is not a PEM file (DER, PKCS#7, PKCS#12, UTF-16)",
    fix: "upload the certificates as one PEM file",
    citation: "S1 (API Gateway), ELB and CloudFront guides: the trust store is a PEM file",
    confidence: Confidence::High,
    explanation: "Every AWS front door takes the truststore as PEM text: concatenated \
        `-----BEGIN CERTIFICATE-----` blocks. A binary DER certificate, a PKCS#7 bundle \
        (`.p7b`), a PKCS#12 file (`.p12`, `.pfx`) or a UTF-16 text file is not read as \
        certificates. truststore converts such a file to lint and verify it, and says so; the \
        finding's hint gives the openssl command that writes the PEM. A private key inside a \
        PKCS#12 file is counted, never decoded or shown, and left out of the PEM.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (part, conversion) in ctx.conversions() {
        let what = conversion.format.name();
        let keys = match conversion.keys {
            0 => String::new(),
            1 => " and 1 private key (not read, not shown)".to_string(),
            n => format!(" and {n} private keys (not read, not shown)"),
        };
        let message = match conversion.format {
            crate::formats::Format::Utf16 => {
                format!("{} is {what}, not ASCII PEM; read here as UTF-8", part.file)
            }
            _ => format!(
                "{} is a {what} file, not PEM; read here as {} certificate{}{keys}",
                part.file,
                conversion.certificates,
                if conversion.certificates == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        };
        let hint = format!(
            "{}: `{}`",
            RULE.fix,
            conversion.format.conversion_command(&part.file)
        );
        out.push(RULE.finding(ctx, ctx.locate_line(part.first_line), message, hint));
    }
}
