//! Verifies client certificates against a truststore with the library alone, as a Lambda
//! authorizer would, and prints one JSON line per client with the fields `truststore verify
//! --format json` gives each result (`verdict`, `code`, `reason`).
//!
//! ```sh
//! cargo run --example verify -- fixtures/verify/expired/truststore.pem \
//!     fixtures/verify/expired/client.pem 1780272000
//! ```
//! The last argument, if it is a number, is the evaluation time in seconds since the Unix
//! epoch (1780272000 is 2026-06-01T00:00:00Z); default now.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;
use std::time::{Duration, SystemTime};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let at = match args.last().and_then(|a| evaluation_time(a)) {
        Some(at) => {
            args.pop();
            at
        }
        None => SystemTime::now(),
    };
    let Some((truststore_path, clients)) = args.split_first() else {
        eprintln!("usage: verify TRUSTSTORE CLIENT... [TIME]");
        return ExitCode::from(2);
    };
    let bundle = match std::fs::read(truststore_path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{truststore_path}: {e}");
            return ExitCode::from(2);
        }
    };
    let ts = match truststore::Truststore::from_pem(&bundle) {
        Ok(ts) => ts,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let Some(profile) = truststore::Profile::named("apigw") else {
        return ExitCode::from(2);
    };
    let mut denied = false;
    for client in clients {
        let pem = std::fs::read(client).unwrap_or_default();
        let v = ts.verify_pem(&pem, at, profile);
        denied |= !v.is_accepted();
        let verdict = if v.is_accepted() {
            "accepted"
        } else {
            "denied"
        };
        println!(
            "{{\"file\":{},\"verdict\":\"{verdict}\",\"code\":{},\"reason\":{}}}",
            quoted(client),
            v.code().map_or("null".to_string(), quoted),
            v.reason().map_or("null".to_string(), quoted)
        );
    }
    ExitCode::from(u8::from(denied))
}

/// Seconds since the Unix epoch (`1780272000` is 2026-06-01T00:00:00Z).
fn evaluation_time(text: &str) -> Option<SystemTime> {
    let secs = text.parse::<u64>().ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// A JSON string literal.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
