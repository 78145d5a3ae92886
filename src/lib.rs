//! truststore: lint Amazon API Gateway mutual-TLS truststores and predict client verdicts.

// Whatever the input, no panic: no unwrap, expect or unchecked indexing anywhere in the library
// (test modules opt out). An invariant the types cannot show is an `unreachable!` saying which.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod app;
pub mod bundle;
pub mod cert;
pub mod chain;
pub mod cli;
pub mod config;
pub mod diff;
pub mod explain;
pub mod finding;
pub mod fixed_base;
#[doc(hidden)]
pub mod fuzzing;
pub mod inspect;
pub mod key_match;
pub mod keys;
pub mod lint;
pub mod policy;
pub mod report;
pub mod rules;
pub mod selection;
pub mod signature;
pub mod source;
pub mod store;
pub mod verify;
pub mod when;
