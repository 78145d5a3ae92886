//! `invalid-purpose`: a CA whose extendedKeyUsage excludes clientAuth, so that no client
//! certificate under it passes OpenSSL's `ssl_client` purpose check.

use crate::checks;
use crate::lint::finding::{Finding, Severity};
use crate::lint::{Confidence, LintCode, LintContext, Rule};

pub(super) static RULE: Rule = Rule {
    code: LintCode::InvalidPurpose,
    severity: Severity::Error,
    summary: "a CA (or a client) is not for client authentication: extendedKeyUsage without clientAuth, or keyUsage/certType that exclude it",
    fix: "use a CA whose extendedKeyUsage includes clientAuth (or has none), issued for client authentication; public TLS CAs are serverAuth-only",
    citation: "OpenSSL crypto/x509/v3_purp.c check_purpose_ssl_client (the ssl_client purpose a TLS server verifies clients with); RFC 5280 4.2.1.12; s2n-tls S2N_ERR_CERT_INTENT_INVALID",
    confidence: Confidence::Medium,
    explanation: "A TLS server built on OpenSSL (API Gateway) or s2n-tls (ALB, NLB, CloudFront) \
        verifies a client certificate for the client-authentication purpose: the client's \
        extendedKeyUsage, if present, must include clientAuth (anyExtendedKeyUsage alone does \
        not do), its keyUsage, if present, digitalSignature or keyAgreement, and every CA above \
        it that has an extendedKeyUsage must include clientAuth too. Since 2025-2026 public TLS \
        CAs issue serverAuth-only certificates and intermediates under the browser root \
        programs' rules: a bundle built from them, or a client certificate bought as a \
        \"TLS certificate\", cannot be used for mutual TLS. Use a private CA (or a CA product \
        meant for client certificates) whose intermediates allow clientAuth.",
    check,
};

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (entry, _, cert) in ctx.certificates() {
        if !checks::is_ca(cert, ctx.profile) {
            continue;
        }
        if let Err(problem) = checks::client_auth_purpose(cert, true) {
            let message = format!(
                "{}: every client under this CA is refused for client authentication",
                problem.describe()
            );
            out.push(RULE.finding(ctx, ctx.locate(entry), message, RULE.fix.to_string()));
        }
    }
}
