//! `cargo bench`: median wall time of lint and verify on the shipped fixtures.
//! Figures only, no assertions: compare runs on the same machine.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::SystemTime;
use std::time::{Duration, Instant};
use truststore::{LintOptions, Profile, Truststore};

const AT: i64 = 1_780_272_000; // 2026-06-01T00:00:00Z, the fixtures' reference time
const OPTIONS: LintOptions = LintOptions {
    at: AT,
    expiry_window: 30 * 86_400,
    certificate_quota: None,
};

fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(AT as u64)
}

fn fixture(rel: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).expect("fixture")
}

/// Runs `f` until ~1 s has passed (at least 5 times) and prints the median.
fn measure(label: &str, mut f: impl FnMut()) {
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 5 || (start.elapsed() < Duration::from_secs(1) && samples.len() < 10_000)
    {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    let median = samples[samples.len() / 2];
    println!(
        "{label:<60} median {:>10.3} ms  ({} runs)",
        median.as_secs_f64() * 1e3,
        samples.len()
    );
}

fn main() {
    let profile = Profile::default_profile();
    for rel in ["good.pem", "showcase.pem", "mozilla/cacert.pem"] {
        let bundle = fixture(rel);
        let certs = Truststore::from_pem(&bundle)
            .expect("lint")
            .certificate_blocks();
        measure(&format!("lint {rel} ({certs} certificates)"), || {
            let ts = Truststore::from_pem(&bundle).expect("lint");
            black_box(ts.lint_with(OPTIONS, profile));
        });
    }

    // verify: parse the truststore once, then one client (parsed, its signature checked).
    let ts = fixture("verify/chain-5/truststore.pem");
    let client = fixture("verify/chain-5/client.pem");
    let truststore = Truststore::from_pem(&ts).expect("truststore");
    measure(
        "verify 1 client, 4-CA path (truststore parsed once)",
        || {
            black_box(truststore.verify_pem(&client, at(), profile));
        },
    );
    measure(
        "verify 1 client end to end (parse truststore + client)",
        || {
            let truststore = Truststore::from_pem(&ts).expect("truststore");
            black_box(truststore.verify_pem(&client, at(), profile));
        },
    );
}
