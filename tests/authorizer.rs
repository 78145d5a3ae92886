//! The authorizer library through the public API only: AWS's event shapes with real fixture
//! certificates, revocation by CRL and by serial list, pins, and both response documents.

use serde_json::{json, Value};
use std::time::{Duration, SystemTime};
use truststore::{authorize, IssuerId, Pins, Profile, RevocationSet, RevocationStatus, Truststore};

/// 2026-06-01, inside every fixture's validity and the CRLs' update window.
fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn crl_truststore() -> Truststore {
    Truststore::from_pem(read("fixtures/crl/truststore.pem").as_bytes()).unwrap()
}

fn apigw() -> &'static Profile {
    Profile::named("apigw").unwrap()
}

const REVOKED: &str = "fixtures/verify/alb-revoked-client/client.pem";
const GOOD: &str = "fixtures/verify/alb-not-revoked-client/client.pem";
const ISSUING_CA: &str = "CN=Fixture Issuing CA,O=truststore fixtures";

/// A REST API REQUEST authorizer event as AWS documents it, with `pem` as the certificate.
fn rest_event(pem: &str) -> Value {
    json!({
        "type": "REQUEST",
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request",
        "resource": "/request",
        "path": "/request",
        "httpMethod": "GET",
        "headers": {"Host": "api.example.com"},
        "requestContext": {
            "identity": {
                "sourceIp": "192.0.2.1",
                "clientCert": {
                    "clientCertPem": pem,
                    "subjectDN": "CN=device.example,O=truststore fixtures",
                    "issuerDN": ISSUING_CA,
                    "serialNumber": "a1:a2:a3",
                    "validity": {"notBefore": "May 28 12:30:02 2019 GMT", "notAfter": "Aug  5 09:36:04 2021 GMT"}
                }
            }
        }
    })
}

/// An HTTP API payload 2.0 authorizer event.
fn http_event(pem: &str) -> Value {
    json!({
        "version": "2.0",
        "type": "REQUEST",
        "routeArn": "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request",
        "requestContext": {
            "authentication": {
                "clientCert": {
                    "clientCertPem": pem,
                    "subjectDN": "CN=device.example",
                    "issuerDN": ISSUING_CA,
                    "serialNumber": "1",
                    "validity": {"notBefore": "May 28 12:30:02 2019 GMT", "notAfter": "Aug  5 09:36:04 2021 GMT"}
                }
            }
        }
    })
}

fn issuing_crl() -> RevocationSet {
    RevocationSet::from_crl_pem(read("fixtures/crl/issuing.crl.pem").as_bytes()).unwrap()
}

#[test]
fn a_trusted_client_is_allowed_with_an_allow_policy_and_context() {
    let ts = crl_truststore();
    let crls = issuing_crl();
    let d = authorize(
        &rest_event(&read(GOOD)),
        &ts,
        apigw(),
        Some(&crls),
        &Pins::default(),
        at(),
    );
    assert!(d.allowed, "{:?}", d.reason);
    let policy = d.rest_response();
    assert_eq!(
        policy["principalId"],
        "CN=device-71.example,O=truststore fixtures"
    );
    assert_eq!(policy["policyDocument"]["Statement"][0]["Effect"], "Allow");
    assert_eq!(
        policy["policyDocument"]["Statement"][0]["Action"],
        "execute-api:Invoke"
    );
    assert_eq!(
        policy["policyDocument"]["Statement"][0]["Resource"],
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request"
    );
    assert_eq!(policy["context"]["decision"], "allow");
    assert!(policy["context"]["serial"].as_str().unwrap().contains(':'));
}

#[test]
fn a_revoked_client_is_denied_with_the_code_in_context() {
    let ts = crl_truststore();
    let crls = issuing_crl();
    let d = authorize(
        &rest_event(&read(REVOKED)),
        &ts,
        apigw(),
        Some(&crls),
        &Pins::default(),
        at(),
    );
    assert!(!d.allowed);
    assert_eq!(d.code.as_deref(), Some("revoked"));
    let policy = d.rest_response();
    assert_eq!(policy["policyDocument"]["Statement"][0]["Effect"], "Deny");
    assert_eq!(policy["context"]["code"], "revoked");
    assert!(
        policy["context"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("Denied by authorizer: certificate revoked: `CN=device-70.example"),
        "{policy}"
    );
    // The same decision without the CRL is an allow: API Gateway itself checks no revocation.
    let d = authorize(
        &rest_event(&read(REVOKED)),
        &ts,
        apigw(),
        None,
        &Pins::default(),
        at(),
    );
    assert!(d.allowed);
}

#[test]
fn is_revoked_takes_the_verified_path() {
    let ts = crl_truststore();
    let crls = issuing_crl();
    for (client, revoked) in [(REVOKED, true), (GOOD, false)] {
        let v = ts.verify_pem(read(client).as_bytes(), at(), apigw());
        let is = v.path().is_some_and(|path| crls.is_revoked(path, at()));
        assert_eq!(is, revoked, "{client}");
    }
    let v = ts.verify_pem(read(GOOD).as_bytes(), at(), apigw());
    assert_eq!(
        crls.status(v.path().unwrap(), at()),
        RevocationStatus::NotRevoked { checked: 1 }
    );
    // A denied client has no path to ask about.
    let expired = ts.verify_pem(
        read("fixtures/verify/expired/client.pem").as_bytes(),
        at(),
        apigw(),
    );
    assert!(expired.path().is_none());
}

#[test]
fn a_stale_or_foreign_crl_makes_revocation_unknown_and_denies() {
    let ts = crl_truststore();
    let v = ts.verify_pem(read(GOOD).as_bytes(), at(), apigw());
    let path = v.path().unwrap();
    for (crl, why) in [
        ("fixtures/crl/expired.crl.pem", "nextUpdate"),
        (
            "fixtures/crl/impostor.crl.pem",
            "not signed by the key of the issuer",
        ),
    ] {
        let set = RevocationSet::from_crl_pem(read(crl).as_bytes()).unwrap();
        match set.status(path, at()) {
            RevocationStatus::Unknown {
                position, why: w, ..
            } => {
                assert_eq!(position, 0);
                assert!(w.contains(why), "{crl}: {w}");
            }
            other => panic!("{crl}: {other:?}"),
        }
        assert!(set.is_revoked(path, at()), "{crl}: unknown must deny");
    }
    // A current list beside the stale one decides.
    let mut both =
        RevocationSet::from_crl_pem(read("fixtures/crl/expired.crl.pem").as_bytes()).unwrap();
    both.add_crls("issuing", read("fixtures/crl/issuing.crl.pem").as_bytes())
        .unwrap();
    assert!(!both.is_revoked(path, at()));
}

#[test]
fn serial_lists_match_any_spelling_but_only_their_issuer() {
    let ts = crl_truststore();
    let v = ts.verify_pem(read(REVOKED).as_bytes(), at(), apigw());
    let path = v.path().unwrap();
    for spelling in [
        "d3fec82b5fe2373fb3e6837c174852",
        "00:D3:FE:C8:2B:5F:E2:37:3F:B3:E6:83:7C:17:48:52",
        "0xD3FEC82B5FE2373FB3E6837C174852",
    ] {
        let mut set = RevocationSet::new();
        set.add_serials(IssuerId::name(ISSUING_CA).unwrap(), [spelling])
            .unwrap();
        assert!(set.is_revoked(path, at()), "{spelling}");
        // Names compare structurally: case, spacing and the one-line form do not matter.
        let mut set = RevocationSet::new();
        set.add_serials(
            IssuerId::name("/O=Truststore  Fixtures/CN=fixture issuing ca").unwrap(),
            [spelling],
        )
        .unwrap();
        assert!(set.is_revoked(path, at()), "{spelling} by one-line name");
    }
    let mut other = RevocationSet::new();
    other
        .add_serials(
            IssuerId::name("CN=Another CA,O=truststore fixtures").unwrap(),
            ["d3fec82b5fe2373fb3e6837c174852"],
        )
        .unwrap();
    assert!(
        !other.is_revoked(path, at()),
        "a serial of another CA never matches"
    );
    let mut set = RevocationSet::new();
    assert!(set
        .add_serials(IssuerId::name(ISSUING_CA).unwrap(), ["zz"])
        .is_err());
    assert!(IssuerId::name("not a name").is_err());
}

#[test]
fn pins_accept_only_the_pinned_ca_and_identity() {
    let ts = crl_truststore();
    let v = ts.verify_pem(read(GOOD).as_bytes(), at(), apigw());
    let issuing = v.path().unwrap().certificates().nth(1).unwrap();
    let hex = |d: [u8; 32]| d.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let event = rest_event(&read(GOOD));
    let decide = |pins: &[String]| {
        authorize(
            &event,
            &ts,
            apigw(),
            None,
            &Pins::parse(pins).unwrap(),
            at(),
        )
    };
    assert!(decide(&[format!("sha256:{}", hex(issuing.sha256()))]).allowed);
    assert!(decide(&[format!("spki-sha256:{}", hex(issuing.spki_sha256()))]).allowed);
    assert!(decide(&["subject-cn=device-71.example".to_string()]).allowed);
    let wrong = decide(&[format!("sha256:{}", "00".repeat(32))]);
    assert_eq!(wrong.code.as_deref(), Some("pin-mismatch"));
    assert!(wrong.reason.unwrap().contains("none of the pinned CAs"));
    let wrong = decide(&[
        format!("sha256:{}", hex(issuing.sha256())),
        "subject-cn=device-1.example".to_string(),
    ]);
    assert_eq!(wrong.code.as_deref(), Some("pin-mismatch"));
}

#[test]
fn untrusted_expired_and_malformed_clients_get_the_service_reason() {
    let ts = crl_truststore();
    let other = read("fixtures/verify/ecdsa/client.pem");
    let d = authorize(
        &http_event(&other),
        &ts,
        apigw(),
        None,
        &Pins::default(),
        at(),
    );
    assert!(!d.allowed);
    assert_eq!(d.code.as_deref(), Some("issuer-not-found"));
    assert_eq!(
        d.reason.as_deref(),
        Some("Access denied. Reason: Could not find issuer for certificate")
    );
    let simple = d.http_response();
    assert_eq!(simple["isAuthorized"], false);
    assert_eq!(simple["context"]["code"], "issuer-not-found");

    let expired_ts =
        Truststore::from_pem(read("fixtures/verify/expired/truststore.pem").as_bytes()).unwrap();
    let d = authorize(
        &rest_event(&read("fixtures/verify/expired/client.pem")),
        &expired_ts,
        apigw(),
        None,
        &Pins::default(),
        at(),
    );
    assert_eq!(d.code.as_deref(), Some("expired"));

    let d = authorize(
        &rest_event("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        &ts,
        apigw(),
        None,
        &Pins::default(),
        at(),
    );
    assert_eq!(d.code.as_deref(), Some("malformed"));
    for event in [
        json!("text"),
        json!({"requestContext": {}}),
        json!({"requestContext": {"identity": {"clientCert": {"subjectDN": "CN=x"}}}}),
    ] {
        let d = authorize(&event, &ts, apigw(), None, &Pins::default(), at());
        assert_eq!(d.code.as_deref(), Some("malformed-event"), "{event}");
        assert!(d.error.is_some());
        assert_eq!(
            d.rest_response()["policyDocument"]["Statement"][0]["Effect"],
            "Deny"
        );
        assert_eq!(d.rest_response()["principalId"], "unknown");
    }
}

/// URL encoding as ALB and CloudFront write it: `+`, `=` and `/` left alone.
fn url_encode(pem: &str) -> String {
    pem.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'=' | b'/' | b'-' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn alb_and_cloudfront_headers_carry_the_certificate() {
    let alb = Profile::named("alb").unwrap();
    let ts = Truststore::from_pem(
        read("fixtures/verify/alb-revoked-intermediate/truststore.pem").as_bytes(),
    )
    .unwrap();
    let chain = read("fixtures/verify/alb-revoked-intermediate/client.pem");
    let event = json!({
        "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"}},
        "headers": {"x-amzn-mtls-clientcert": url_encode(&chain)}
    });
    let d = authorize(&event, &ts, alb, None, &Pins::default(), at());
    assert!(d.allowed, "{:?}", d.reason);
    let crls =
        RevocationSet::from_crl_pem(read("fixtures/crl/root-revokes-issuing.crl.pem").as_bytes())
            .unwrap();
    let d = authorize(&event, &ts, alb, Some(&crls), &Pins::default(), at());
    assert_eq!(d.code.as_deref(), Some("revoked"));
    assert!(
        d.reason.unwrap().contains("Fixture Issuing CA"),
        "the intermediate is the one revoked"
    );

    let cloudfront = Profile::named("cloudfront").unwrap();
    let ts = crl_truststore();
    let event = json!({"headers": {"cloudfront-viewer-cert-pem": url_encode(&read(GOOD))}});
    let d = authorize(&event, &ts, cloudfront, None, &Pins::default(), at());
    assert!(d.allowed, "{:?}", d.reason);
    assert_eq!(
        d.source,
        Some(truststore::CertSource::CloudFrontHeader(
            "CloudFront-Viewer-Cert-Pem".into()
        ))
    );
}

#[test]
fn the_loaded_state_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Truststore>();
    shared::<RevocationSet>();
    shared::<Pins>();
}

#[test]
fn a_warm_store_gives_a_repeated_client_the_same_verdict() {
    // The second decision reuses the first one's signature check: it must not change it.
    let ts = Truststore::from_pem(read("fixtures/verify/bad-signature/truststore.pem").as_bytes())
        .unwrap();
    let client = read("fixtures/verify/bad-signature/client.pem");
    for _ in 0..2 {
        let v = ts.verify_pem(client.as_bytes(), at(), apigw());
        assert_eq!(v.code(), Some("bad-signature"));
    }
    let ts = crl_truststore();
    for _ in 0..2 {
        assert!(ts
            .verify_pem(read(GOOD).as_bytes(), at(), apigw())
            .is_accepted());
    }
}

#[test]
fn a_warm_store_judges_each_client_by_its_own_bytes_and_time() {
    // A warm store keeps what it parsed of each client file: another file, even one byte
    // apart, and another time must still get their own verdicts.
    let ts = crl_truststore();
    let good = read(GOOD);
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    let last = lines
        .iter()
        .rposition(|l| l.starts_with("-----END"))
        .unwrap()
        - 2;
    // A character inside the signature value, far from the padding.
    let mut chars: Vec<char> = lines[last].chars().collect();
    chars[40] = if chars[40] == 'A' { 'B' } else { 'A' };
    lines[last] = chars.into_iter().collect();
    let tampered = lines.join("\n") + "\n";
    let later = at() + Duration::from_secs(20 * 365 * 86_400);
    for _ in 0..2 {
        assert!(ts.verify_pem(good.as_bytes(), at(), apigw()).is_accepted());
        let v = ts.verify_pem(tampered.as_bytes(), at(), apigw());
        assert_eq!(v.code(), Some("bad-signature"), "{:?}", v.reason());
        let v = ts.verify_pem(good.as_bytes(), later, apigw());
        assert_eq!(v.code(), Some("expired"), "{:?}", v.reason());
    }
}

#[test]
fn event_fields_are_compared_with_the_certificate_not_as_strings() {
    let ts = crl_truststore();
    // rest_event's subjectDN and serialNumber are not device-71's; its issuerDN is right.
    let d = authorize(
        &rest_event(&read(GOOD)),
        &ts,
        apigw(),
        None,
        &Pins::default(),
        at(),
    );
    assert!(d.allowed, "a mismatch is reported, not a denial");
    assert_eq!(d.field_mismatches.len(), 2, "{:?}", d.field_mismatches);
    assert!(d.field_mismatches[0]
        .starts_with("serialNumber `a1:a2:a3` is not the certificate's 6B:2B:"));
    assert!(
        d.field_mismatches[1].starts_with("subjectDN `CN=device.example,O=truststore fixtures`")
    );
    assert!(d.rest_response()["context"]["fieldMismatch"]
        .as_str()
        .unwrap()
        .contains("; subjectDN"));
    // The same values in other spellings agree.
    let mut event = rest_event(&read(GOOD));
    let cert = &mut event["requestContext"]["identity"]["clientCert"];
    cert["serialNumber"] = json!("0x006B2BE266FA1DD442456FBADD01405F");
    cert["subjectDN"] = json!("cn=DEVICE-71.example, o=truststore   fixtures");
    cert["issuerDN"] = json!("/O=truststore fixtures/CN=Fixture Issuing CA");
    let d = authorize(&event, &ts, apigw(), None, &Pins::default(), at());
    assert_eq!(d.field_mismatches, Vec::<String>::new());
    // AWS's documented placeholders (not DNs) are not compared.
    cert_placeholder(&mut event);
    let d = authorize(&event, &ts, apigw(), None, &Pins::default(), at());
    assert_eq!(d.field_mismatches, Vec::<String>::new());
}

fn cert_placeholder(event: &mut Value) {
    let cert = &mut event["requestContext"]["identity"]["clientCert"];
    cert["subjectDN"] = json!("www.example.com");
    cert["issuerDN"] = json!("Example issuer");
}
