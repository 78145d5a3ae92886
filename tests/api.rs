//! The library facade, used as an authorizer or an emulator would: only the public API, no
//! binary, and it runs with `--no-default-features` (no command-line layer).

use std::time::{Duration, SystemTime};
use truststore::{
    split_pem, DenialCode, Error, LintCode, PemPartKind, Profile, Severity, Truststore,
};

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// 2026-06-01T00:00:00Z, the fixtures' reference time.
fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000)
}

fn apigw() -> &'static Profile {
    Profile::named("apigw").unwrap()
}

#[test]
fn an_accepted_client_has_its_path_and_no_denial() {
    let ts = Truststore::from_pem(&fixture("verify/chain-4/truststore.pem")).unwrap();
    let v = ts.verify_pem(&fixture("verify/chain-4/client.pem"), at(), apigw());
    assert!(v.is_accepted());
    assert_eq!((v.code(), v.reason(), v.hint()), (None, None, None));
    assert_eq!(v.chain.len(), 4);
    assert_eq!(v.chain[0].line, None, "the client is not in the truststore");
    let lines: Vec<Option<usize>> = v.chain.iter().skip(1).map(|c| c.line).collect();
    assert_eq!(lines, [Some(42), Some(21), Some(1)]);
    assert_eq!(
        v.chain[3].subject,
        "CN=Chain4 Root CA,O=truststore fixtures"
    );
}

#[test]
fn a_denied_client_has_the_code_and_the_exact_log_line() {
    let cases = [
        (
            "expired",
            DenialCode::Expired,
            "Access denied. Reason: certificate has expired",
        ),
        (
            "client-sent-intermediate",
            DenialCode::IssuerNotFound,
            "Access denied. Reason: Could not find issuer for certificate",
        ),
        (
            "self-signed",
            DenialCode::SelfSigned,
            "Access denied. Reason: self signed certificate",
        ),
        (
            "no-certsign",
            DenialCode::NotACa,
            "Access denied. Reason: invalid CA certificate",
        ),
    ];
    for (scenario, code, reason) in cases {
        let ts =
            Truststore::from_pem(&fixture(&format!("verify/{scenario}/truststore.pem"))).unwrap();
        let v = ts.verify_pem(
            &fixture(&format!("verify/{scenario}/client.pem")),
            at(),
            apigw(),
        );
        assert!(!v.is_accepted(), "{scenario}");
        assert_eq!(v.denial_code(), Some(code), "{scenario}");
        assert_eq!(v.code(), Some(code.as_str()), "{scenario}");
        assert_eq!(v.reason(), Some(reason), "{scenario}");
        assert!(!v.hint().unwrap().is_empty());
    }
}

#[test]
fn the_time_is_an_argument_not_the_clock() {
    let ts = Truststore::from_pem(&fixture("verify/expired/truststore.pem")).unwrap();
    let client = fixture("verify/expired/client.pem");
    let before = SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000 - 30 * 86_400);
    assert!(ts.verify_pem(&client, before, apigw()).is_accepted());
    assert_eq!(
        ts.verify_pem(&client, at(), apigw()).code(),
        Some("expired")
    );
}

#[test]
fn a_client_file_without_a_certificate_is_denied_never_accepted() {
    let ts = Truststore::from_pem(&fixture("good.pem")).unwrap();
    for junk in [&b""[..], b"hello", &fixture("match/rsa.pkcs8.pem")] {
        let v = ts.verify_pem(junk, at(), apigw());
        assert_eq!(v.code(), Some("malformed"));
        let hint = v.hint().unwrap();
        assert!(
            !hint.contains("PRIVATE KEY-----\n"),
            "no key material: {hint}"
        );
    }
}

#[test]
fn a_bundle_without_certificates_is_a_typed_error_naming_what_it_holds() {
    match Truststore::from_pem_named("keys.pem", &fixture("match/rsa.pkcs1.pem")) {
        Err(Error::NoCertificate { file, found }) => {
            assert_eq!(file, "keys.pem");
            assert_eq!(
                found,
                "a private key (not shown) at line 1, not a certificate; if it was ever shared, treat it as leaked"
            );
        }
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a key file is not a truststore"),
    }
    let err = Truststore::from_pem(b"").err().unwrap();
    assert_eq!(err.to_string(), "<memory>: file is empty");
}

#[test]
fn lint_findings_carry_codes_severities_and_lines() {
    let ts = Truststore::from_pem(&fixture("showcase.pem")).unwrap();
    let findings = ts.lint(at(), apigw());
    let expired = findings
        .iter()
        .find(|f| f.code == LintCode::Expired)
        .expect("the showcase has an expired CA");
    assert_eq!(expired.severity, Severity::Error);
    assert_eq!(expired.line, 65);
    assert_eq!(expired.code.as_str(), "expired");
    assert!(expired.aws.starts_with("API Gateway: "));
    assert!(Truststore::from_pem(&fixture("good.pem"))
        .unwrap()
        .lint(at(), apigw())
        .is_empty());
}

#[test]
fn refusing_findings_are_those_that_make_the_service_refuse_the_whole_truststore() {
    let refused = Truststore::from_pem(&fixture("lint/duplicate-subject.fail.pem")).unwrap();
    let findings = refused.refusing_findings(at(), apigw());
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].code, LintCode::DuplicateSubject);
    let fine = Truststore::from_pem(&fixture("showcase.pem")).unwrap();
    assert!(
        fine.refusing_findings(at(), apigw()).is_empty(),
        "expiry is per certificate"
    );
}

#[test]
fn profiles_are_data_with_sources() {
    let p = apigw();
    assert_eq!(p.name, "apigw");
    assert_eq!(p.max_ca_certificates.value, 4);
    assert_eq!(p.keys.value.rsa_min_bits, 2048);
    assert!(!p.max_ca_certificates.source.is_empty());
    assert!(Profile::named("nope").is_none());
    assert!(Profile::all().iter().any(|q| q.name == "apigw"));
    for code in DenialCode::ALL {
        assert!(
            p.reason(code).line.starts_with("Access denied. Reason: "),
            "{code}"
        );
    }
    for code in LintCode::ALL {
        assert!(p.consequence(code).starts_with("API Gateway: "), "{code}");
    }
    assert_eq!(LintCode::from_code("not-a-ca"), Some(LintCode::NotACa));
    assert_eq!(DenialCode::from_code("bogus"), None);
}

#[test]
fn the_pem_split_accounts_for_every_line() {
    let bytes =
        b"# comment\n\nhello\n-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";
    let parts = split_pem(bytes);
    let kinds: Vec<(&PemPartKind, usize, usize)> = parts
        .iter()
        .map(|p| (&p.kind, p.first_line, p.last_line))
        .collect();
    assert_eq!(
        kinds,
        [
            (&PemPartKind::Comment, 1, 1),
            (&PemPartKind::Blank, 2, 2),
            (&PemPartKind::StrayText, 3, 3),
            (
                &PemPartKind::Block {
                    label: "CERTIFICATE".into(),
                    end_label: None
                },
                4,
                6
            ),
        ]
    );
    let rebuilt: Vec<u8> = parts
        .iter()
        .flat_map(|p| bytes[p.bytes.clone()].to_vec())
        .collect();
    assert_eq!(rebuilt, bytes);
}
