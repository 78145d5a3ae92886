//! `truststore explain`: every code the tool can emit has an entry, from one registry.

mod common;

use common::truststore;
use truststore::{explanations, DenialCode, Explanation, LintCode, Profile};

fn all() -> Vec<Explanation> {
    explanations(Profile::default_profile())
}

#[test]
fn every_code_lint_or_verify_can_emit_has_an_entry() {
    let entries = all();
    let codes: Vec<&str> = entries.iter().map(|e| e.code).collect();
    for code in LintCode::ALL {
        assert!(
            codes.contains(&code.as_str()),
            "no entry for lint code {code}"
        );
    }
    for profile in Profile::all() {
        for denial in DenialCode::ALL {
            let entry = explanations(profile)
                .into_iter()
                .find(|e| e.code == denial.as_str());
            let entry = entry.unwrap_or_else(|| panic!("no entry for denial {denial}"));
            let reason = profile.reason(denial);
            assert_eq!(entry.verify_reason.as_deref(), Some(reason.line));
            // API Gateway's execution-log line, or a connection-log `Failed:<Code>` token.
            assert!(
                reason.line.starts_with("Access denied. Reason: ")
                    || reason.line.starts_with("Failed:"),
                "{}: {denial} has no log line of its own",
                profile.name
            );
        }
        for code in LintCode::ALL {
            assert!(
                !profile.consequence(code).is_empty(),
                "{}: no consequence for {code}",
                profile.name
            );
        }
    }
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "codes are unique");
    // A rename is a breaking change: this list makes it visible in review.
    insta::assert_snapshot!("codes", codes.join("\n"));
}

#[test]
fn explain_prints_each_code_and_exits_zero() {
    for entry in all() {
        let run = truststore(&["explain", entry.code]);
        assert_eq!(run.code, 0, "{}", entry.code);
        assert!(run.stdout.starts_with(entry.code), "{}", run.stdout);
        assert!(run.stdout.contains(entry.fix));
        assert!(run.stdout.contains(&format!("{:?}", entry.confidence)));
    }
}

#[test]
fn explain_json_lists_every_code_with_its_fields() {
    let run = truststore(&["explain", "--all", "--format", "json"]);
    assert_eq!(run.code, 0);
    let doc = run.json();
    let codes = doc["codes"].as_array().unwrap();
    assert_eq!(codes.len(), all().len());
    let expired = codes.iter().find(|c| c["code"] == "expired").unwrap();
    assert_eq!(expired["lint_severity"], "error");
    assert_eq!(
        expired["verify_reason"],
        "Access denied. Reason: certificate has expired"
    );
    assert_eq!(expired["verify_reason_inferred"], true);
    assert_eq!(expired["confidence"], "High");
    let self_signed = codes.iter().find(|c| c["code"] == "self-signed").unwrap();
    assert_eq!(self_signed["lint_severity"], serde_json::Value::Null);
    assert_eq!(self_signed["verify_reason_inferred"], false);
}

#[test]
fn an_unknown_code_lists_the_known_ones_and_exits_two() {
    let run = truststore(&["explain", "expird"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .starts_with("truststore: unknown code 'expird'; known codes: "));
    assert!(run.stderr.contains("expired, "));
}

#[test]
fn a_log_line_is_explained_by_the_codes_that_write_it() {
    let run = truststore(&[
        "explain",
        "Access denied. Reason: Could not find issuer for certificate",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let codes: Vec<String> = run.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes, ["issuer-not-found"]);
    // A connection-log token alone: every code the load balancers log it for.
    let run = truststore(&["explain", "Failed:ClientCertUntrusted", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = run.json();
    let codes: Vec<&str> = doc["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"issuer-not-found") && codes.contains(&"bad-signature"),
        "{codes:?}"
    );
    for entry in doc["codes"].as_array().unwrap() {
        assert!(
            entry["verify_reason"]
                .as_str()
                .unwrap()
                .starts_with("Failed:ClientCertUntrusted"),
            "{entry}"
        );
    }
    // Extra text around the line (a log prefix) is fine; a line of no profile is not.
    let run = truststore(&[
        "explain",
        "2026-06-01 (abc) Access denied. Reason: certificate has expired",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("expired"), "{}", run.stdout);
    truststore(&["explain", "Access denied. Reason: the moon"])
        .assert_error("not a log line of any profile");
}

#[test]
fn explain_alone_lists_the_codes_one_a_line() {
    let run = truststore(&["explain"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() >= 25, "{}", run.stdout);
    assert!(lines.iter().all(|l| l.contains(": ")), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with("issuer-not-found: ")));
}
