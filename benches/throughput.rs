//! `cargo bench`: median wall time of lint and verify on the shipped fixtures.
//! Figures only, no assertions: compare runs on the same machine.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};
use truststore::chain::verify_client;
use truststore::lint::{LintContext, LintOptions};
use truststore::source::Source;

const AT: i64 = 1_780_272_000; // 2026-06-01T00:00:00Z, the fixtures' reference time
const OPTIONS: LintOptions = LintOptions {
    at: AT,
    expiry_window: 30 * 86_400,
};

fn fixture(rel: &str) -> Source {
    let path = format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    Source::load(
        std::path::Path::new(&path),
        truststore::source::MAX_INPUT_BYTES,
    )
    .expect("fixture")
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
    for rel in ["good.pem", "showcase.pem", "mozilla/cacert.pem"] {
        let source = fixture(rel);
        let certs = LintContext::new(&source, OPTIONS)
            .expect("lint")
            .entries
            .len();
        measure(&format!("lint {rel} ({certs} certificates)"), || {
            let ctx = LintContext::new(&source, OPTIONS).expect("lint");
            black_box(ctx.run());
        });
    }

    // verify: parse the truststore once, then one client (its signature checked each time).
    let ts = fixture("verify/chain-5/truststore.pem");
    let client_source = fixture("verify/chain-5/client.pem");
    let truststore = LintContext::new(&ts, OPTIONS).expect("truststore");
    let client_file = LintContext::new(&client_source, OPTIONS).expect("client");
    let client = client_file.store.get(0);
    measure(
        "verify 1 client, 4-CA path (truststore parsed once)",
        || {
            black_box(verify_client(&truststore, client, &[], AT));
        },
    );
    measure(
        "verify 1 client end to end (parse truststore + client)",
        || {
            let truststore = LintContext::new(&ts, OPTIONS).expect("truststore");
            let client_file = LintContext::new(&client_source, OPTIONS).expect("client");
            black_box(verify_client(
                &truststore,
                client_file.store.get(0),
                &[],
                AT,
            ));
        },
    );
}
