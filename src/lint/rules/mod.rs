//! The lint rules, one file each, and the registry that lists them.

use super::Rule;

mod bad_signature;
mod blank_line;
mod certificate_too_large;
mod chain_too_long;
mod comment_dash;
mod duplicate;
mod duplicate_subject;
mod expired;
mod expiring_soon;
mod indented_pem;
mod insecure_signature_algorithm;
mod invalid_purpose;
mod issuer_not_found;
mod leaf_in_truststore;
mod malformed;
mod missing_newline;
mod name_constraint_violation;
mod non_certificate_block;
mod not_a_ca;
mod not_pem;
mod not_x509v3;
mod not_yet_valid;
mod private_key_in_bundle;
mod stray_text;
mod too_large;
mod too_many_certificates;
mod unhandled_critical_extension;
mod unsupported_key;

/// Every rule, in the order findings on one line are reported.
pub(crate) static RULES: &[&Rule] = &[
    &too_large::RULE,
    &too_many_certificates::RULE,
    &certificate_too_large::RULE,
    &not_pem::RULE,
    &missing_newline::RULE,
    &indented_pem::RULE,
    &malformed::RULE,
    &private_key_in_bundle::RULE,
    &non_certificate_block::RULE,
    &stray_text::RULE,
    &blank_line::RULE,
    &comment_dash::RULE,
    &duplicate::RULE,
    &duplicate_subject::RULE,
    &insecure_signature_algorithm::RULE,
    &unsupported_key::RULE,
    &not_x509v3::RULE,
    &expired::RULE,
    &not_yet_valid::RULE,
    &expiring_soon::RULE,
    &issuer_not_found::RULE,
    &bad_signature::RULE,
    &unhandled_critical_extension::RULE,
    &not_a_ca::RULE,
    &invalid_purpose::RULE,
    &name_constraint_violation::RULE,
    &chain_too_long::RULE,
    &leaf_in_truststore::RULE,
];
