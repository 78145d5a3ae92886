//! truststore: lint AWS mutual-TLS truststores and predict whether a service would accept a
//! client certificate, offline.
//!
//! The library is the engine the `truststore` command runs on, without its command-line
//! layer (`default-features = false` leaves out clap, indicatif, toml and anyhow), so that a
//! Lambda authorizer or an emulator can use it. It does no I/O and reads no clock: bytes and the
//! evaluation time are arguments.
//!
//! ```
//! use std::time::{Duration, SystemTime};
//!
//! let bundle = std::fs::read("fixtures/verify/chain-2/truststore.pem").unwrap();
//! let client = std::fs::read("fixtures/verify/chain-2/client.pem").unwrap();
//! let ts = truststore::Truststore::from_pem(&bundle)?;
//! let profile = truststore::Profile::named("apigw").unwrap();
//! let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000); // 2026-06-01
//! let verdict = ts.verify_pem(&client, at, profile);
//! assert!(verdict.is_accepted(), "{:?}", verdict.reason());
//!
//! let expired = std::fs::read("fixtures/verify/expired/client.pem").unwrap();
//! let ts = truststore::Truststore::from_pem(&std::fs::read("fixtures/verify/expired/truststore.pem").unwrap())?;
//! let verdict = ts.verify_pem(&expired, at, profile);
//! assert_eq!(verdict.code(), Some("expired"));
//! assert_eq!(verdict.reason(), Some("Access denied. Reason: certificate has expired"));
//! # Ok::<(), truststore::Error>(())
//! ```
#![deny(missing_docs)]
#![warn(unreachable_pub)]
// Whatever the input, no panic: no unwrap, expect or unchecked indexing anywhere in the library
// (test modules opt out). An invariant the types cannot show is an `unreachable!` saying which.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
// Without the command-line layer, the facts only `inspect`, `diff` and `match` show (serials,
// extensions, key lookups) have no caller; they stay compiled so both builds are one code base.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

mod api;
mod asn1;
mod authorizer;
mod checks;
mod codes;
mod crl;
mod crypto;
mod error;
mod explain;
mod formats;
mod lint;
mod pem;
mod pins;
mod profile;
mod revocation;
mod source;
mod text;
mod truststore;
mod verify;
mod when;
mod x509;

#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod fuzzing;

pub use api::VerifyOptions;
pub use authorizer::{
    authorize, authorize_client, codes as authorizer_codes, CertSource, ClientCert, Decision,
    EventError, ALB_CHAIN_HEADER, ALB_LEAF_HEADER, CLOUDFRONT_PEM_HEADER,
};
pub use codes::{DenialCode, LintCode};
pub use crypto::{Curve, Hash};
pub use error::Error;
pub use explain::{explanations, Explanation};
pub use lint::finding::{Finding, Severity};
pub use lint::LintOptions;
pub use pem::{split_pem, PemPart, PemPartKind};
pub use pins::{Pin, Pins};
pub use profile::{
    Anchors, ClientChain, Confidence, ExpiryWaiver, IssuerChoice, KeyPolicy, NameConstraintReasons,
    PemPolicy, Profile, Quota, Reason, Refusal, SignatureFamily, SignaturePolicy, Sourced,
};
pub use revocation::{IssuerId, RevocationSet, RevocationStatus};
pub use truststore::Truststore;
pub use verify::{
    Denial, FilterField, IdentityFilter, PathCertificate, PathEntry, Verdict, VerifiedPath,
};
