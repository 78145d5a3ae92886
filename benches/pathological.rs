//! `cargo bench --bench pathological`: wall time of lint and verify on the pathological
//! truststores of `tests/common/forge.rs`, in a release build. Figures, no assertions.
#![allow(clippy::print_stdout, dead_code)]

#[path = "../tests/common/forge.rs"]
mod forge;

use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};
use truststore::{LintOptions, Profile, Truststore};

const OPTIONS: LintOptions = LintOptions {
    at: 1_780_272_000,
    expiry_window: 30 * 86_400,
    certificate_quota: None,
};

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut samples: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[2]
}

fn main() {
    let profile = Profile::default_profile();
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(OPTIONS.at as u64);
    for (name, bundle, client) in forge::pathological() {
        let (bundle, client) = (bundle.into_bytes(), client.into_bytes());
        let parse = median_ms(|| {
            black_box(Truststore::from_pem(&bundle).expect("bundle"));
        });
        let lint = median_ms(|| {
            let ts = Truststore::from_pem(&bundle).expect("bundle");
            black_box(ts.lint_with(OPTIONS, profile));
        });
        let verify = median_ms(|| {
            let ts = Truststore::from_pem(&bundle).expect("bundle");
            black_box(ts.verify_pem(&client, at, profile));
        });
        println!(
            "{name:<40} {:>9} bytes   parse {parse:>8.1} ms   lint {lint:>8.1} ms   verify (incl. parsing) {verify:>8.1} ms",
            bundle.len()
        );
    }
}
