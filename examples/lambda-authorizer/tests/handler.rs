//! The authorizer's handlers fed AWS's documented event JSON (tests/events/, from the API
//! Gateway developer guide) with real fixture certificates in place of `CERT_CONTENT`.

use aws_lambda_events::apigw::{
    ApiGatewayCustomAuthorizerRequestTypeRequest, ApiGatewayV2CustomAuthorizerV2Request,
};
use serde_json::Value;
use std::time::{Duration, SystemTime};
use truststore_lambda_authorizer::Authorizer;

const FIXTURES: &str = "../../fixtures";

/// 2026-06-01: inside the fixtures' validity and the CRL's update window.
fn at() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_780_272_000)
}

fn authorizer(pins: &[&str]) -> Authorizer {
    let pins: Vec<String> = pins.iter().map(|p| p.to_string()).collect();
    Authorizer::load(
        format!("{FIXTURES}/crl/truststore.pem").as_ref(),
        &[format!("{FIXTURES}/crl/issuing.crl.pem")],
        &pins,
        "apigw",
    )
    .unwrap()
}

/// AWS's example event with the client certificate of a fixture scenario.
fn event(template: &str, scenario: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/events/{template}.json")).unwrap();
    let mut event: Value = serde_json::from_str(&text).unwrap();
    let pem = std::fs::read_to_string(format!("{FIXTURES}/verify/{scenario}/client.pem")).unwrap();
    let holder = if template == "rest-request" {
        "identity"
    } else {
        "authentication"
    };
    event["requestContext"][holder]["clientCert"]["clientCertPem"] = Value::String(pem);
    event
}

/// The REST handler's response as JSON, as Lambda returns it to API Gateway.
fn rest(authorizer: &Authorizer, event: Value) -> Value {
    let request: ApiGatewayCustomAuthorizerRequestTypeRequest =
        serde_json::from_value(event).unwrap();
    serde_json::to_value(authorizer.rest(&request, at()).unwrap()).unwrap()
}

fn http(authorizer: &Authorizer, event: Value) -> Value {
    let request: ApiGatewayV2CustomAuthorizerV2Request = serde_json::from_value(event).unwrap();
    serde_json::to_value(authorizer.http(&request, at()).unwrap()).unwrap()
}

fn effect(response: &Value) -> &str {
    response["policyDocument"]["Statement"][0]["Effect"]
        .as_str()
        .unwrap()
}

#[test]
fn a_trusted_client_is_allowed_on_the_method() {
    let response = rest(
        &authorizer(&[]),
        event("rest-request", "alb-not-revoked-client"),
    );
    assert_eq!(effect(&response), "Allow", "{response}");
    assert_eq!(
        response["principalId"],
        "CN=device-71.example,O=truststore fixtures"
    );
    // aws_lambda_events writes the resource as a list, which IAM takes too.
    assert_eq!(
        response["policyDocument"]["Statement"][0]["Resource"][0],
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request"
    );
    let response = http(
        &authorizer(&[]),
        event("http-request", "alb-not-revoked-client"),
    );
    assert_eq!(response["isAuthorized"], true, "{response}");
    assert_eq!(response["context"]["decision"], "allow");
}

#[test]
fn a_revoked_client_is_denied_with_the_reason_in_context() {
    let response = rest(
        &authorizer(&[]),
        event("rest-request", "alb-revoked-client"),
    );
    assert_eq!(effect(&response), "Deny");
    assert_eq!(response["context"]["code"], "revoked");
    let response = http(
        &authorizer(&[]),
        event("http-request", "alb-revoked-client"),
    );
    assert_eq!(response["isAuthorized"], false);
    assert_eq!(response["context"]["code"], "revoked");
}

#[test]
fn a_client_outside_the_pins_is_denied() {
    let pinned = authorizer(&["subject-cn=device-1.example"]);
    let response = rest(&pinned, event("rest-request", "alb-not-revoked-client"));
    assert_eq!(effect(&response), "Deny");
    assert_eq!(response["context"]["code"], "pin-mismatch");
}

#[test]
fn untrusted_and_expired_clients_get_api_gateways_reason() {
    let response = rest(&authorizer(&[]), event("rest-request", "ecdsa"));
    assert_eq!(effect(&response), "Deny");
    assert_eq!(response["context"]["code"], "issuer-not-found");
    assert_eq!(
        response["context"]["reason"],
        "Access denied. Reason: Could not find issuer for certificate"
    );
    let expired = Authorizer::load(
        format!("{FIXTURES}/verify/expired/truststore.pem").as_ref(),
        &[] as &[String],
        &[],
        "apigw",
    )
    .unwrap();
    let response = rest(&expired, event("rest-request", "expired"));
    assert_eq!(response["context"]["code"], "expired");
}

#[test]
fn an_event_without_a_certificate_is_denied_not_a_crash() {
    let mut no_cert = event("rest-request", "alb-not-revoked-client");
    no_cert["requestContext"]["identity"]
        .as_object_mut()
        .unwrap()
        .remove("clientCert");
    let response = rest(&authorizer(&[]), no_cert);
    assert_eq!(effect(&response), "Deny");
    assert_eq!(response["context"]["code"], "malformed-event");
    let mut garbage = event("http-request", "alb-not-revoked-client");
    garbage["requestContext"]["authentication"]["clientCert"]["clientCertPem"] = Value::String(
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".into(),
    );
    let response = http(&authorizer(&[]), garbage);
    assert_eq!(response["isAuthorized"], false);
    assert_eq!(response["context"]["code"], "malformed");
}

#[test]
fn loading_errors_name_the_file() {
    let error = Authorizer::load("missing.pem".as_ref(), &[] as &[String], &[], "apigw")
        .err()
        .unwrap();
    assert!(error.starts_with("missing.pem: "), "{error}");
    let error = Authorizer::load(
        format!("{FIXTURES}/crl/truststore.pem").as_ref(),
        &[format!("{FIXTURES}/crl/truststore.pem")],
        &[],
        "apigw",
    )
    .err()
    .unwrap();
    assert!(error.contains("truststore.pem"), "{error}");
}
