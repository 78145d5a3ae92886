//! `truststore crl lint|convert|export` and `verify --crl`: revocation lists as load balancer
//! trust stores take them, cross-checked with `openssl crl`.

mod common;

use common::{truststore, AT};
use std::process::Command;

const TRUSTSTORE: &str = "fixtures/crl/truststore.pem";

fn crl_lint(file: &str) -> common::Run {
    truststore(&["crl", "lint", "--at", AT, "-t", TRUSTSTORE, file])
}

#[test]
fn a_current_crl_signed_by_a_truststore_ca_is_clean() {
    let run = crl_lint("fixtures/crl/issuing.crl.pem");
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "fixtures/crl/issuing.crl.pem:1: CRL of `CN=Fixture Issuing CA,O=truststore fixtures`, 2 entries, thisUpdate 2026-05-31T00:00:00Z, nextUpdate 2026-06-08T00:00:00Z, signed by truststore line 22\n1 revocation list, 0 errors\n"
    );
}

#[test]
fn what_a_load_balancer_refuses_is_an_error_naming_the_file_and_line() {
    let cases = [
        (
            "fixtures/crl/issuing.crl.der",
            "a DER CRL; load balancers take PEM only: `truststore crl convert fixtures/crl/issuing.crl.der` writes it as PEM",
        ),
        (
            "fixtures/crl/negative-serial.crl.pem",
            "fixtures/crl/negative-serial.crl.pem:1: error: entry 1 has a negative serial number (C2): a load balancer cannot revoke it",
        ),
        (
            "fixtures/crl/delta.crl.pem",
            "error: not usable: it is a delta CRL (deltaCRLIndicator)",
        ),
        (
            "fixtures/crl/expired.crl.pem",
            "error: not usable: it expired at its nextUpdate 2026-05-31T00:00:00Z",
        ),
        (
            "fixtures/crl/impostor.crl.pem",
            "error: not usable: its signature does not verify with the key of `CN=Fixture Issuing CA,O=truststore fixtures` (truststore fixtures/crl/truststore.pem:22)",
        ),
    ];
    for (file, message) in cases {
        let run = crl_lint(file);
        assert_eq!(run.code, 1, "{file}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains(message), "{file}: {}", run.stdout);
    }
}

#[test]
fn convert_writes_the_der_as_the_same_pem_openssl_writes() {
    let run = truststore(&["crl", "convert", "fixtures/crl/issuing.crl.der"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let committed = std::fs::read_to_string(common::fixture_path("crl/issuing.crl.pem")).unwrap();
    assert_eq!(run.stdout, committed);
    if let Ok(out) = Command::new("openssl")
        .args([
            "crl",
            "-inform",
            "DER",
            "-in",
            "fixtures/crl/issuing.crl.der",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        assert_eq!(run.stdout, String::from_utf8_lossy(&out.stdout));
    }
}

#[test]
fn export_lists_the_serials_openssl_reads() {
    let run = truststore(&[
        "crl",
        "export",
        "--format",
        "serials",
        "fixtures/crl/issuing.crl.pem",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let serials: Vec<String> = run.json()["serials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(serials.len(), 2);
    if let Ok(out) = Command::new("openssl")
        .args([
            "crl",
            "-noout",
            "-text",
            "-in",
            "fixtures/crl/issuing.crl.pem",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        let mut theirs: Vec<String> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("Serial Number: "))
            .map(|s| s.trim_start_matches('0').to_ascii_lowercase())
            .collect();
        theirs.sort();
        assert_eq!(serials, theirs);
    }
    let kvs = truststore(&[
        "crl",
        "export",
        "--format",
        "cloudfront-kvs",
        "fixtures/crl/issuing.crl.der",
    ]);
    let data = kvs.json()["data"].as_array().unwrap().clone();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["key"], serials[0].as_str());
    assert_eq!(data[0]["value"], "");
}

#[test]
fn verify_takes_crls_only_where_the_service_does_and_only_as_pem() {
    let ts = "fixtures/verify/alb-revoked-client/truststore.pem";
    let client = "fixtures/verify/alb-revoked-client/client.pem";
    let apigw = truststore(&[
        "verify",
        "--crl",
        "fixtures/crl/issuing.crl.pem",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(apigw.code, 2);
    assert!(
        apigw
            .stderr
            .contains("API Gateway (profile apigw) takes no revocation lists"),
        "{}",
        apigw.stderr
    );
    let der = truststore(&[
        "verify",
        "--profile",
        "alb",
        "--crl",
        "fixtures/crl/issuing.crl.der",
        "-t",
        ts,
        client,
    ]);
    assert_eq!(der.code, 2);
    assert!(
        der.stderr
            .contains("a DER CRL; load balancers take PEM only"),
        "{}",
        der.stderr
    );
    // A list no truststore CA signed is not a trust store's at all: the run stops.
    let impostor = truststore(&[
        "verify",
        "--profile",
        "alb",
        "--crl",
        "fixtures/crl/impostor.crl.pem",
        "-t",
        ts,
        client,
    ]);
    impostor.assert_error(
        "fixtures/crl/impostor.crl.pem:1: a load balancer refuses this CRL: its signature does not verify with the key of `CN=Fixture Issuing CA,O=truststore fixtures` (truststore fixtures/verify/alb-revoked-client/truststore.pem:22)",
    );
}

/// `crl export --format serials` lists serials per issuer, and the library's RevocationSet reads
/// that export back: the revoked fixture client is revoked, under its issuer only.
#[test]
fn the_serial_export_feeds_a_revocation_set() {
    let run = common::truststore(&[
        "crl",
        "export",
        "--format",
        "serials",
        &common::fixture_path("crl/issuing.crl.pem"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(
        doc["issuers"][0]["issuer"],
        "CN=Fixture Issuing CA,O=truststore fixtures"
    );
    assert_eq!(
        doc["issuers"][0]["serials"][1],
        "d3fec82b5fe2373fb3e6837c174852"
    );
    let mut set = truststore::RevocationSet::new();
    assert_eq!(set.add_serial_export(run.stdout.as_bytes()).unwrap(), 2);
    let ts = truststore::Truststore::from_pem(
        &std::fs::read(common::fixture_path("crl/truststore.pem")).unwrap(),
    )
    .unwrap();
    let at = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_780_272_000);
    let profile = truststore::Profile::named("apigw").unwrap();
    for (scenario, revoked) in [
        ("alb-revoked-client", true),
        ("alb-not-revoked-client", false),
    ] {
        let client = std::fs::read(common::fixture_path(&format!(
            "verify/{scenario}/client.pem"
        )))
        .unwrap();
        let v = ts.verify_pem(&client, at, profile);
        assert_eq!(
            v.path().is_some_and(|p| set.is_revoked(p, at)),
            revoked,
            "{scenario}"
        );
    }
    // An export without per-issuer lists is refused rather than matched across CAs.
    let error = set
        .add_serial_export(br#"{"serials": ["42"]}"#)
        .unwrap_err();
    assert!(error.to_string().contains("no `issuers` list"), "{error}");
}
