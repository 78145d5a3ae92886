//! The lint rules, one file each, and the registry that lists them.
//!
//! A rule is data (code, severity, texts, citation) plus one `check` function over the linted
//! bundle. To add one, see `docs/adding-a-rule.md`.

use crate::finding::{Finding, Location, Severity};
use crate::lint::LintContext;

mod bad_signature;
mod chain_too_long;
mod duplicate;
mod duplicate_subject;
mod expired;
mod expiring_soon;
mod insecure_signature_algorithm;
mod issuer_not_found;
mod leaf_in_truststore;
mod malformed;
mod non_certificate_block;
mod not_a_ca;
mod not_yet_valid;
mod private_key_in_bundle;
mod stray_text;
mod too_large;
mod unsupported_key;

/// How sure we are that API Gateway behaves as the rule says (see `docs/aws-mtls-rules.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Confidence {
    /// The AWS documentation says so.
    High,
    /// AWS sample code or two independent field tests agree.
    Medium,
    /// Our best reading where AWS says nothing.
    Low,
}

pub struct Rule {
    /// Kebab-case name of the problem; stable, used in JSON and `--ignore`-style options.
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule detects.
    pub summary: &'static str,
    /// How to fix it, in general (each finding's own hint names the specifics).
    pub fix: &'static str,
    /// What API Gateway does about it.
    pub aws: &'static str,
    pub citation: &'static str,
    pub confidence: Confidence,
    /// Why it matters, for `docs/rules.md` and `explain`.
    pub explanation: &'static str,
    pub check: fn(&LintContext, &mut Vec<Finding>),
}

impl Rule {
    /// A finding of this rule at its default severity.
    pub fn finding(&self, at: Location, message: String, hint: String) -> Finding {
        Finding {
            code: self.code,
            severity: self.severity,
            file: at.file,
            line: at.line,
            index: at.index,
            subject: at.subject,
            message,
            hint,
            aws: self.aws,
        }
    }
}

/// Every rule, in the order findings on one line are reported.
pub static RULES: &[&Rule] = &[
    &too_large::RULE,
    &malformed::RULE,
    &private_key_in_bundle::RULE,
    &non_certificate_block::RULE,
    &stray_text::RULE,
    &duplicate::RULE,
    &duplicate_subject::RULE,
    &insecure_signature_algorithm::RULE,
    &unsupported_key::RULE,
    &expired::RULE,
    &not_yet_valid::RULE,
    &expiring_soon::RULE,
    &issuer_not_found::RULE,
    &bad_signature::RULE,
    &not_a_ca::RULE,
    &chain_too_long::RULE,
    &leaf_in_truststore::RULE,
];

pub fn by_code(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// The standard AWS consequence for a certificate API Gateway considers invalid (S1, S7).
pub const AWS_WARNS_AND_DENIES: &str =
    "API Gateway: warning at domain update; clients that chain through it are denied";
