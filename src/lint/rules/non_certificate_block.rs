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
        let what = crate::pem::describe_label(label);
        let message = match what {
            Some((what, _)) => format!("{what} ({label} block) is not a certificate{damage}"),
            None => format!("a {label} block is not a certificate{damage}"),
        };
        let (file, _) = ctx.place(line);
        let hint = match (label.as_str(), what) {
            ("X509 CRL", _) if ctx.profile.revocation_lists.value => format!(
                "remove it from the bundle: {} takes revocation lists separately, beside the CA bundle (`truststore verify --crl`)",
                ctx.profile.service
            ),
            ("X509 CRL", _) => format!(
                "remove it: {} does not check revocation lists (a Lambda authorizer can)",
                ctx.profile.service
            ),
            // A command that gets the certificate, or a note on what to use instead.
            (_, Some((_, Some(fix)))) if fix.contains('`') => format!(
                "{}, and put the certificate in place of the block",
                crate::formats::command(fix, file)
            ),
            (_, Some((_, Some(note)))) => format!("remove the block; {note}"),
            _ => RULE.fix.to_string(),
        };
        out.push(RULE.finding(ctx, ctx.locate_line(line), message, hint));
    }
}
