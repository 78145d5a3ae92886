//! Every input of the fuzz corpora (`fuzz/corpus/<target>/`) and every crash the fuzzers ever
//! found (`fuzz/regressions/<target>/`) runs through the same entry point as its fuzz target,
//! and so do random edits of them (proptest), so that every CI run fuzzes a little.

mod common;
#[path = "../fuzz/signature_differential.rs"]
mod signature_differential;

use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// A fuzz target's entry point.
type Entry = fn(&[u8]);

/// Each fuzz target and its entry point.
const TARGETS: [(&str, Entry); 12] = [
    ("pem_split", truststore::fuzzing::pem_split),
    ("cert_facts", truststore::fuzzing::cert_facts),
    ("lint_bundle", truststore::fuzzing::lint_bundle),
    ("verify_client", truststore::fuzzing::verify_client),
    ("crl_parse", truststore::fuzzing::crl_parse),
    ("authorizer_event", truststore::fuzzing::authorizer_event),
    ("probe_answer", truststore::fuzzing::probe_answer),
    ("pki_files", truststore::fuzzing::pki_files),
    ("certificate_file", truststore::fuzzing::certificate_file),
    ("config_file", truststore::fuzzing::config_file),
    ("access_log", truststore::fuzzing::access_log),
    ("signature_differential", |data| {
        signature_differential::run(data);
    }),
];

/// The files of `fuzz/<dir>/<target>/`, in name order (so that a failing proptest case's index
/// means the same file anywhere); none if the folder does not exist.
fn inputs(dir: &str, target: &str) -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(dir)
        .join(target);
    let Ok(entries) = std::fs::read_dir(&path) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

fn run_all(target: &str, fuzz_entry: Entry) -> usize {
    let all = [inputs("corpus", target), inputs("regressions", target)].concat();
    for input in &all {
        fuzz_entry(input);
    }
    all.len()
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
fn crl_parse_corpus() {
    assert!(run_all("crl_parse", truststore::fuzzing::crl_parse) > 10);
}

#[test]
fn authorizer_event_corpus() {
    assert!(run_all("authorizer_event", truststore::fuzzing::authorizer_event) > 10);
}

#[test]
fn signature_differential_corpus() {
    // Both verdicts occur: genuine signatures accepted, spoiled ones refused, by both sides.
    let verdicts: Vec<Option<bool>> = [
        inputs("corpus", "signature_differential"),
        inputs("regressions", "signature_differential"),
    ]
    .concat()
    .iter()
    .map(|input| signature_differential::run(input))
    .collect();
    let accepted = verdicts.iter().filter(|v| **v == Some(true)).count();
    let refused = verdicts.iter().filter(|v| **v == Some(false)).count();
    assert!(
        accepted > 30 && refused > 100,
        "{accepted} accepted, {refused} refused"
    );
}

#[test]
fn lint_bundle_corpus() {
    assert!(run_all("lint_bundle", truststore::fuzzing::lint_bundle) > 10);
}

#[test]
fn verify_client_corpus() {
    assert!(run_all("verify_client", truststore::fuzzing::verify_client) > 10);
}

#[test]
fn certificate_file_corpus() {
    assert!(run_all("certificate_file", truststore::fuzzing::certificate_file) > 10);
}

#[test]
fn access_log_corpus() {
    assert!(run_all("access_log", truststore::fuzzing::access_log) >= 3);
}

#[test]
fn config_file_corpus() {
    assert!(run_all("config_file", truststore::fuzzing::config_file) >= 3);
}

/// Every corpus input of a target, read once for all the proptest cases.
fn corpus(target: &str) -> &'static [Vec<u8>] {
    static CORPORA: OnceLock<Vec<Vec<Vec<u8>>>> = OnceLock::new();
    let all = CORPORA.get_or_init(|| TARGETS.iter().map(|(t, _)| inputs("corpus", t)).collect());
    let position = TARGETS.iter().position(|&(t, _)| t == target).unwrap();
    &all[position]
}

/// One edit of a byte string: overwrite, insert or delete the byte at a position.
#[derive(Debug, Clone)]
enum Edit {
    Set(prop::sample::Index, u8),
    Insert(prop::sample::Index, u8),
    Delete(prop::sample::Index),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<prop::sample::Index>().prop_map(Edit::Delete),
    ];
    prop::collection::vec(edit, 1..8)
}

fn apply(input: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = input.to_vec();
    for edit in edits {
        match edit {
            Edit::Set(i, b) if !out.is_empty() => {
                let at = i.index(out.len());
                out[at] = *b;
            }
            Edit::Insert(i, b) => {
                let at = i.index(out.len() + 1);
                out.insert(at, *b);
            }
            Edit::Delete(i) if !out.is_empty() => {
                out.remove(i.index(out.len()));
            }
            _ => {}
        }
    }
    out
}

// Not a substitute for libFuzzer (fuzz/run.sh), but it runs on stable in every `cargo test`:
// random edits of the corpus inputs, and of certificates' DER re-wrapped as PEM so the edits
// reach the certificate parser and the rules rather than stopping at a base64 error.
proptest! {
    // 256 cases each unless PROPTEST_CASES says otherwise (e.g. 100000 for a longer local run).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edited_corpus_inputs_never_panic(pick in any::<prop::sample::Index>(), edits in edits()) {
        for (target, entry) in TARGETS {
            let inputs = corpus(target);
            entry(&apply(&inputs[pick.index(inputs.len())], &edits));
        }
    }

    #[test]
    fn edited_certificates_in_a_bundle_never_panic(pick in any::<prop::sample::Index>(), edits in edits()) {
        let ders = corpus("cert_facts");
        let der = apply(&ders[pick.index(ders.len())], &edits);
        let mut bundle = std::fs::read(common::fixture_path("good.pem")).unwrap();
        bundle.extend_from_slice(common::forge::pem(&der).as_bytes());
        truststore::fuzzing::lint_bundle(&bundle);
        let mut pair = vec![128];
        pair.extend_from_slice(&bundle);
        truststore::fuzzing::verify_client(&pair);
    }
}
