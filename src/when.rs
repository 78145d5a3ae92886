//! Points in time and durations as users write them, and as we print them.
//! The CLI turns `--at` into seconds; nothing below it reads the clock.

use anyhow::{anyhow, Result};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// Parses `--at`: RFC 3339 (`2026-06-01T12:00:00Z`) or a date (`2026-06-01`, midnight UTC).
pub fn parse_instant(text: &str) -> Result<i64> {
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| {
            anyhow!("invalid time '{text}': use RFC 3339 (2026-06-01T12:00:00Z) or YYYY-MM-DD")
        })
}

/// Parses a duration such as `30d`, `12h`, `2w` or `1day 6h` (humantime syntax), in seconds.
pub fn parse_duration(text: &str) -> Result<i64> {
    let d = humantime::parse_duration(text)
        .map_err(|e| anyhow!("invalid duration '{text}': {e} (e.g. 30d, 12h, 2w)"))?;
    i64::try_from(d.as_secs()).map_err(|_| anyhow!("duration '{text}' is too long"))
}

/// RFC 3339 in UTC, e.g. `2026-06-01T00:00:00Z`.
pub fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// The form API Gateway passes to authorizers and OpenSSL prints: `May 28 12:30:02 2019 GMT`.
pub fn gmt(secs: i64) -> String {
    let format = format_description!(
        "[month repr:short] [day padding:space] [hour]:[minute]:[second] [year] GMT"
    );
    OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_else(|| format!("@{secs}"))
}

/// Whole days from `from` to `to`, rounded down.
pub fn days_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_accept_rfc3339_and_plain_dates() {
        assert_eq!(parse_instant("2026-06-01").unwrap(), 1_780_272_000);
        assert_eq!(
            parse_instant("2026-06-01T00:00:00Z").unwrap(),
            1_780_272_000
        );
        assert_eq!(
            parse_instant("2026-06-01T02:00:00+02:00").unwrap(),
            1_780_272_000
        );
        assert!(parse_instant("yesterday").is_err());
        assert_eq!(rfc3339(1_780_272_000), "2026-06-01T00:00:00Z");
        assert_eq!(gmt(1_559_046_602), "May 28 12:30:02 2019 GMT");
        assert_eq!(gmt(1_780_272_000), "Jun  1 00:00:00 2026 GMT");
    }

    #[test]
    fn durations_take_days_and_weeks() {
        assert_eq!(parse_duration("30d").unwrap(), 30 * 86_400);
        assert_eq!(parse_duration("2w").unwrap(), 14 * 86_400);
        assert!(parse_duration("soon").is_err());
    }
}
