//! `truststore explain`: what each code means, from the one rule registry (and, for the codes
//! only `verify` emits, from their entries here), with the log line `verify` reports for it.

use crate::codes::DenialCode;
use crate::lint::{Confidence, RULES};
use crate::profile::Profile;
use serde::Serialize;

/// Everything the tool can say about one code.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The kebab-case code.
    pub code: &'static str,
    /// Default severity as a lint finding, or `None` for a code only `verify` emits.
    pub lint_severity: Option<&'static str>,
    /// One line: what the code means.
    pub summary: &'static str,
    /// What the service of the profile does.
    pub aws: &'static str,
    /// Why it matters.
    pub explanation: &'static str,
    /// How to fix it, in general.
    pub fix: &'static str,
    /// The RFC section or AWS document behind it.
    pub citation: &'static str,
    /// How sure we are that the service behaves so.
    pub confidence: Confidence,
    /// The `Access denied. Reason: ...` line `verify` reports, if this is a denial code.
    pub verify_reason: Option<String>,
    /// Whether that line is our inference rather than AWS's documented wording.
    pub verify_reason_inferred: Option<bool>,
}

/// `self-signed` is a verify-only code: no truststore finding corresponds to it.
const SELF_SIGNED: Explanation = Explanation {
    code: "self-signed",
    lint_severity: None,
    summary: "the client certificate is self-signed and the identical certificate is not in the truststore",
    aws: "API Gateway: the client is denied with \"self signed certificate\"",
    explanation: "A self-signed client certificate is trusted only if the very same certificate \
        (byte for byte) is in the truststore. A re-issued copy with the same key, or a twin with \
        the same subject and another key, does not count. The AWS troubleshooting article \
        compares the public key of the key file, the truststore copy and the client copy, then \
        diffs the files; `verify` does that comparison and names the difference.",
    fix: "add the client's exact certificate to the truststore, or give the client a certificate issued by a CA in the truststore",
    citation: "S3: \"Access denied. Reason: self signed certificate\"; S4",
    confidence: Confidence::High,
    verify_reason: None,
    verify_reason_inferred: None,
};

/// `too-many-paths` is a verify-only code: it is about our bound on the paths followed.
const TOO_MANY_PATHS: Explanation = Explanation {
    code: "too-many-paths",
    lint_severity: None,
    summary: "certificates sharing a name offer more issuer paths for the client than truststore follows",
    aws: "the verifier takes one issuer per certificate, without trying another, and logs the reason of the path it took; which one cannot be told from the file",
    explanation: "When the truststore holds several certificates with the issuer's name and \
        agreeing key identifiers, the verifier (OpenSSL, AWS-LC) takes one of them, preferring \
        one valid now, and never backtracks: if the path above it fails, the client is refused \
        even though another certificate would have worked. `verify` follows every path the \
        verifier may take and accepts only if each one is accepted. It follows at most 16; when \
        a truststore offers more, the verdict depends on a pick that cannot be predicted, so \
        the client is reported denied.",
    fix: "remove the duplicate CA certificates (`truststore lint` reports them as duplicate-subject), keeping the one each client needs",
    citation: "OpenSSL 3 X509_STORE_CTX_get1_issuer; AWS-LC x509_lu.c (no backtracking among trusted issuers)",
    confidence: Confidence::Medium,
    verify_reason: None,
    verify_reason_inferred: None,
};

/// `no-filter-match` is a verify-only code: filters are listener settings, not truststore content.
const NO_FILTER_MATCH: Explanation = Explanation {
    code: "no-filter-match",
    lint_severity: None,
    summary: "the client is trusted, but no client certificate identity filter matches it",
    aws: "Network Load Balancer: the connection is rejected after trust-store validation, before revocation checks",
    explanation: "A Network Load Balancer's TLS listener in verify mode can carry identity filters: \
        accept rules on the client's subject CN or OU, or a DNS or URI subjectAltName, matched \
        exactly or by prefix. A trusted client that matches none of them is rejected; with no \
        filters, every trusted client passes. A filter on a field the certificate lacks does not \
        match. `verify --filter` takes the same rules.",
    fix: "issue the client with a name a filter accepts, or add a filter for it to the listener",
    citation: "ELB guide: Client certificate identity filters; ELB API ClientCertificateIdentityFilter",
    confidence: Confidence::High,
    verify_reason: None,
    verify_reason_inferred: None,
};

/// `revoked` is a verify-only code: revocation lists are not part of the bundle.
const REVOKED: Explanation = Explanation {
    code: "revoked",
    lint_severity: None,
    summary: "a certificate of the client's path is listed in a revocation list of its issuer",
    aws: "Elastic Load Balancing: the connection is refused (ClientCertCrlHit)",
    explanation: "Load balancer trust stores take certificate revocation lists (PEM, up to 30 per \
        trust store). After the trust checks and the identity filters, each certificate of the \
        path is looked up in the CRLs of its issuer; a listed client or CA is refused. `verify \
        --crl` does the same with the lists given, after checking each is signed by a CA of the \
        truststore and current at `--at`.",
    fix: "issue a new certificate to the client; if it was revoked by mistake, publish a CRL without the entry",
    citation: "ELB guide: Mutual TLS, certificate revocation lists; connection log code ClientCertCrlHit",
    confidence: Confidence::High,
    verify_reason: None,
    verify_reason_inferred: None,
};

/// `crl-unusable` is a verify-only code: `truststore crl lint` reports the list itself.
const CRL_UNUSABLE: Explanation = Explanation {
    code: "crl-unusable",
    lint_severity: None,
    summary: "a revocation list of an issuer on the path cannot be used",
    aws: "Elastic Load Balancing: the connection is refused (ClientCertCrlProcessingError, inferred)",
    explanation: "A CRL for an issuer on the path is not signed by that CA's key, is not current \
        at the evaluation time (thisUpdate after it, or nextUpdate before it), is a delta, \
        indirect or partitioned list, or carries a critical extension the verifier does not \
        process. truststore denies rather than ignore it: a revocation check that cannot be \
        done must not let a client in. `truststore crl lint -t TRUSTSTORE` says which.",
    fix: "publish a current, complete CRL signed by the issuing CA, and replace the one in the trust store",
    citation: "ELB connection log code ClientCertCrlProcessingError; RFC 5280 section 6.3",
    confidence: Confidence::Low,
    verify_reason: None,
    verify_reason_inferred: None,
};

/// Every code `lint` or `verify` can emit, each once: lint rules in registry order, then the
/// verify-only codes.
pub(crate) fn all() -> Vec<Explanation> {
    explanations(Profile::default_profile())
}

/// Every code, with what the service of `profile` does about it and the line it logs.
pub fn explanations(profile: &Profile) -> Vec<Explanation> {
    let reason = |code: DenialCode| {
        let r = profile.reason(code);
        (r.line.to_string(), !r.verbatim)
    };
    let mut out: Vec<Explanation> = RULES
        .iter()
        .map(|rule| {
            let denial = DenialCode::from_code(rule.code.as_str()).map(reason);
            Explanation {
                code: rule.code.as_str(),
                lint_severity: Some(rule.severity.as_str()),
                summary: rule.summary,
                aws: profile.consequence(rule.code),
                explanation: rule.explanation,
                fix: rule.fix,
                citation: rule.citation,
                confidence: rule.confidence,
                verify_reason_inferred: denial.as_ref().map(|d| d.1),
                verify_reason: denial.map(|d| d.0),
            }
        })
        .collect();
    for code in DenialCode::ALL {
        if !out.iter().any(|e| e.code == code.as_str()) {
            let (reason, inferred) = reason(code);
            let entry = match code {
                DenialCode::SelfSigned => Explanation {
                    aws: profile.self_signed_consequence,
                    ..SELF_SIGNED
                },
                DenialCode::TooManyPaths => TOO_MANY_PATHS,
                DenialCode::NoFilterMatch => NO_FILTER_MATCH,
                DenialCode::Revoked => REVOKED,
                DenialCode::CrlUnusable => CRL_UNUSABLE,
                // Every other denial code is also a lint rule; a test keeps it that way.
                _ => continue,
            };
            out.push(Explanation {
                verify_reason: Some(reason),
                verify_reason_inferred: Some(inferred),
                ..entry
            });
        }
    }
    out
}

pub(crate) fn by_code(code: &str) -> Option<Explanation> {
    all().into_iter().find(|e| e.code == code)
}

/// The codes reference, `docs/rules.md`, rendered from the same entries (one source of truth).
pub(crate) fn markdown() -> String {
    use std::fmt::Write;
    let entries = all();
    let mut out = String::from(
        "# Codes: lint rules and verify denials\n\n\
         Generated from the rule registry (`src/lint/rules/`) and `src/explain.rs`; do not edit by hand.\n\
         Regenerate with `TRUSTSTORE_UPDATE_DOCS=1 cargo test`. `truststore explain CODE` prints the\n\
         same text. Confidence: **High** the AWS documentation says so; **Medium** AWS sample code or\n\
         field tests agree; **Low** our reading where AWS says nothing (the wording is truststore's,\n\
         not AWS's). Sources S1-S8 are listed in [aws-mtls-rules.md](aws-mtls-rules.md).\n\n\
         Exit codes of `truststore lint`: **0** no error-level finding; **1** an error-level\n\
         finding, or a warning with `--deny-warnings`; **2** usage error or unreadable input (a\n\
         missing file, a directory, an empty file, DER instead of PEM, no certificate at all).\n\
         Exit codes of `truststore verify` are in [verify.md](verify.md).\n\n\
         | code | lint severity | verify denial | summary |\n|---|---|---|---|\n",
    );
    for e in &entries {
        let _ = writeln!(
            out,
            "| [`{0}`](#{0}) | {1} | {2} | {3} |",
            e.code,
            e.lint_severity.unwrap_or("-"),
            if e.verify_reason.is_some() {
                "yes"
            } else {
                "-"
            },
            e.summary
        );
    }
    for e in &entries {
        let _ = write!(out, "\n## `{}`\n\n{}\n\n", e.code, e.explanation);
        match e.lint_severity {
            Some(severity) => {
                let _ = writeln!(out, "- Lint severity: {severity}");
            }
            None => out.push_str("- Emitted by `verify` only\n"),
        }
        let _ = writeln!(
            out,
            "- API Gateway: {}",
            e.aws.trim_start_matches("API Gateway: ")
        );
        if let Some(reason) = &e.verify_reason {
            let kind = if e.verify_reason_inferred == Some(true) {
                "inferred"
            } else {
                "verbatim AWS"
            };
            let _ = writeln!(out, "- `verify` reports: `{reason}` ({kind})");
        }
        let _ = writeln!(out, "- Fix: {}", e.fix);
        let _ = writeln!(out, "- Source: {}", e.citation);
        let _ = writeln!(out, "- Confidence: {:?}", e.confidence);
        let defined = match e.lint_severity {
            Some(_) => format!("src/lint/rules/{}.rs", e.code.replace('-', "_")),
            None => "src/explain.rs".to_string(),
        };
        let _ = writeln!(out, "\nDefined in `{defined}`.");
    }
    out
}
