//! Points in time and durations as users write them, and as we print them.
//! The CLI parses `--at` (`cli/args.rs`); nothing in the library reads the clock.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::OffsetDateTime;

/// RFC 3339 in UTC, e.g. `2026-06-01T00:00:00Z`.
pub(crate) fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// The form API Gateway passes to authorizers and OpenSSL prints: `May 28 12:30:02 2019 GMT`.
pub(crate) fn gmt(secs: i64) -> String {
    let format = format_description!(
        "[month repr:short] [day padding:space] [hour]:[minute]:[second] [year] GMT"
    );
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// Whole days from `from` to `to`, rounded down.
pub(crate) fn days_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(86_400)
}

/// The clock reading of seconds since the Unix epoch (negative before it): the inverse of
/// [`unix_seconds_of`].
pub(crate) fn system_time_of(secs: i64) -> std::time::SystemTime {
    let offset = std::time::Duration::from_secs(secs.unsigned_abs());
    if secs >= 0 {
        std::time::UNIX_EPOCH + offset
    } else {
        std::time::UNIX_EPOCH - offset
    }
}

/// Seconds since the Unix epoch of a clock reading, negative before it.
pub(crate) fn unix_seconds_of(at: std::time::SystemTime) -> i64 {
    match at.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_print_as_rfc3339_and_as_openssl_does() {
        assert_eq!(rfc3339(1_780_272_000), "2026-06-01T00:00:00Z");
        assert_eq!(gmt(1_559_046_602), "May 28 12:30:02 2019 GMT");
        assert_eq!(gmt(1_780_272_000), "Jun  1 00:00:00 2026 GMT");
    }
}
