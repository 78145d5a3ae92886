//! X.509 facts with no policy: one certificate parsed once, its names compared the RFC 5280 way
//! and written the RFC 4514 way.

mod certificate;
mod salvage;

pub(crate) use certificate::*;
// Read by `inspect` (the CLI layer) only.
#[cfg_attr(not(feature = "cli"), allow(unused_imports))]
pub(crate) use salvage::salvage;
