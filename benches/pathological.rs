//! `cargo bench --bench pathological`: wall time of lint and verify on the pathological
//! truststores of `tests/common/forge.rs`, in a release build. Figures, no assertions.
#![allow(clippy::print_stdout, dead_code)]

#[path = "../tests/common/forge.rs"]
mod forge;

use std::hint::black_box;
use std::time::Instant;
use truststore::chain::verify_client;
use truststore::lint::{LintContext, LintOptions};
use truststore::source::Source;

const OPTIONS: LintOptions = LintOptions {
    at: 1_780_272_000,
    expiry_window: 30 * 86_400,
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
    for (name, bundle, client) in forge::pathological() {
        let bundle = Source::new("bundle", bundle.into_bytes());
        let client = Source::new("client", client.into_bytes());
        let parse = median_ms(|| {
            black_box(LintContext::new(&bundle, OPTIONS).expect("bundle"));
        });
        let lint = median_ms(|| {
            let ctx = LintContext::new(&bundle, OPTIONS).expect("bundle");
            black_box(ctx.run());
        });
        let verify = median_ms(|| {
            let ts = LintContext::new(&bundle, OPTIONS).expect("bundle");
            let file = LintContext::new(&client, OPTIONS).expect("client");
            black_box(verify_client(&ts, file.store.get(0), &[], OPTIONS.at));
        });
        println!(
            "{name:<40} {:>9} bytes   parse {parse:>8.1} ms   lint {lint:>8.1} ms   verify (incl. parsing) {verify:>8.1} ms",
            bundle.bytes.len()
        );
    }
}
