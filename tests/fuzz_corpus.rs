//! Every input of the fuzz corpora (`fuzz/corpus/<target>/`) and every crash the fuzzers ever
//! found (`fuzz/regressions/<target>/`) runs through the same entry point as its fuzz target.

use std::path::Path;

fn run_all(target: &str, fuzz_entry: fn(&[u8])) -> usize {
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz")
            .join(dir)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries {
            let file = entry.unwrap().path();
            fuzz_entry(&std::fs::read(&file).unwrap());
            count += 1;
        }
    }
    count
}

#[test]
fn pem_split_corpus() {
    assert!(run_all("pem_split", truststore::fuzzing::pem_split) > 10);
}

#[test]
fn cert_facts_corpus() {
    assert!(run_all("cert_facts", truststore::fuzzing::cert_facts) > 10);
}

#[test]
fn lint_bundle_corpus() {
    assert!(run_all("lint_bundle", truststore::fuzzing::lint_bundle) > 10);
}

#[test]
fn verify_client_corpus() {
    assert!(run_all("verify_client", truststore::fuzzing::verify_client) > 10);
}
