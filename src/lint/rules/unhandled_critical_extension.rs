//! `unhandled-critical-extension`: a certificate carries a critical extension the service's
//! verifier does not process, so every path through it fails.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::UnhandledCriticalExtension,
    severity: Severity::Error,
    summary: "a critical extension the verifier does not process (an unknown OID, or a critical AKI, SKI, AIA or issuerAltName)",
    fix: "re-issue the certificate with the extension non-critical, or without it",
    citation: "RFC 5280 4.2: a certificate-using system MUST reject a certificate with an unrecognized critical extension; OpenSSL X509_supported_extension; s2n-tls S2N_ERR_CERT_UNHANDLED_CRITICAL_EXTENSION",
    confidence: Confidence::Medium,
    explanation: "A verifier must reject a certificate with a critical extension it does not \
        understand. The set OpenSSL 3 processes is fixed (basicConstraints, keyUsage, \
        extendedKeyUsage, subjectAltName, nameConstraints, the policy extensions, CRL \
        distribution points, OCSP no-check, Netscape certType, RFC 3779 and proxy \
        extensions); anything else marked critical, including an authority or subject key \
        identifier or an authority information access, fails every chain through the \
        certificate (\"unhandled critical extension\").",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        if let Some(extension) = checks::unhandled_critical_extension(cert) {
            let message = format!("critical extension {extension} is not processed by the verifier: every path through this certificate fails");
            out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
        }
    }
}
