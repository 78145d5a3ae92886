//! One module per command. Each takes its parsed arguments and the [`Inputs`](super::Inputs)
//! and returns a report model; rendering and exit codes are the caller's.

pub(crate) mod access_log;
pub(crate) mod config;
pub(crate) mod crl;
pub(crate) mod diff;
pub(crate) mod event;
pub(crate) mod explain;
pub(crate) mod fix;
pub(crate) mod inspect;
pub(crate) mod key_match;
pub(crate) mod lint;
pub(crate) mod pki;
#[cfg(feature = "probe")]
pub(crate) mod probe;
pub(crate) mod verify;
