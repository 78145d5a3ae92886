//! The API Gateway limits as data. Sources are the S-numbers of `docs/aws-mtls-rules.md`.

/// "Maximum chain length of four": four CA certificates, root included; the client certificate
/// is not counted (S1 states the limit, S5/S6 field tests show what is counted; confidence M).
pub const MAX_CA_CERTIFICATES: usize = 4;

/// "RSA keys of 2048 bits or more" (S1, S3; H).
pub const MIN_RSA_BITS: usize = 2048;

/// About 1,000,000 bytes: 929 certificates in 999 KB were accepted (S5; L-M).
pub const MAX_TRUSTSTORE_BYTES: usize = 1_000_000;

/// Issuer candidates tried for one certificate (webpki caps its work the same way), so a
/// truststore with thousands of certificates of one subject cannot make a lookup slow.
pub const MAX_ISSUER_CANDIDATES: usize = 16;

/// Certificates of the issuer's name looked at for one lookup (key identifiers filter them
/// before any signature is checked); beyond this the truststore is hostile, not large.
pub const MAX_NAME_MATCHES: usize = 256;

/// How far a path is followed before it is cut; far beyond the limit above, so every path that
/// matters is seen whole, while a hostile 100,000-deep chain costs nothing.
pub const MAX_PATH_WALK: usize = 32;
