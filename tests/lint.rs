//! `truststore lint` end to end: the real binary on the generated fixtures.

mod common;

use common::{codes, fixture_path, lint_json, truststore, truststore_with_stdin, AT};
use std::collections::HashSet;
use std::fs;
use truststore::{explanations, LintCode, Profile};

#[test]
fn rule_codes_are_unique_kebab_case_and_documented() {
    let mut seen = HashSet::new();
    for code in LintCode::ALL {
        let code = code.as_str();
        assert!(seen.insert(code), "duplicate code {code}");
        assert!(
            code.starts_with(|c: char| c.is_ascii_lowercase())
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{code} is not kebab-case"
        );
        assert_eq!(LintCode::from_code(code).map(LintCode::as_str), Some(code));
        for profile in Profile::all() {
            let rule = explanations(profile)
                .into_iter()
                .find(|e| e.code == code)
                .unwrap_or_else(|| panic!("{code} has no explanation"));
            for text in [
                rule.summary,
                rule.fix,
                rule.aws,
                rule.citation,
                rule.explanation,
            ] {
                assert!(!text.trim().is_empty(), "{code} has an empty text");
            }
        }
    }
}

/// `docs/rules.md` is generated from the registry; `TRUSTSTORE_UPDATE_DOCS=1 cargo test` rewrites it.
#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = fixture_path("../docs/rules.md");
    let generated = truststore::cli::rules_markdown();
    if std::env::var_os("TRUSTSTORE_UPDATE_DOCS").is_some() {
        fs::write(&path, &generated).unwrap();
    }
    let on_disk = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/rules.md is stale: run TRUSTSTORE_UPDATE_DOCS=1 cargo test"
    );
    for code in LintCode::ALL {
        assert!(
            on_disk.contains(&format!("## `{code}`")),
            "docs/rules.md lacks {code}"
        );
    }
}

#[test]
fn every_rule_fires_on_its_failing_fixtures_and_not_on_its_passing_ones() {
    let dir = fs::read_dir(fixture_path("lint")).expect("fixtures/lint");
    let names: Vec<String> = dir
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    for rule in LintCode::ALL {
        let rule = rule.as_str();
        // `<code>.fail*.pem` and `<code>.pass*.pem`, each linted, under the profile a name
        // ending in `@<profile>.pem` gives, else apigw: (file name, exit code, JSON).
        let linted = |side: &str| -> Vec<(&String, i32, serde_json::Value)> {
            let prefix = format!("{rule}.{side}");
            let found: Vec<_> = names
                .iter()
                .filter(|n| n.starts_with(&prefix))
                .map(|name| {
                    let profile = name
                        .strip_suffix(".pem")
                        .and_then(|n| n.split_once('@'))
                        .map_or("apigw", |(_, p)| p);
                    let (code, doc) =
                        common::lint_json_under(&format!("fixtures/lint/{name}"), profile);
                    assert_eq!(doc["profile"], profile, "{name}");
                    (name, code, doc)
                })
                .collect();
            assert!(!found.is_empty(), "no {side}ing fixture for {rule}");
            found
        };
        for (name, code, doc) in linted("fail") {
            assert!(
                codes(&doc).contains(&rule.to_string()),
                "{rule} silent on {name}"
            );
            let errors = doc["summary"]["errors"].as_u64().unwrap();
            assert_eq!(code, i32::from(errors > 0), "exit code for {name}");
        }
        for (name, _, doc) in linted("pass") {
            assert!(
                !codes(&doc).contains(&rule.to_string()),
                "{rule} fires on {name}"
            );
        }
    }
}

#[test]
fn the_good_bundle_is_clean_and_exits_zero() {
    let run = truststore(&["lint", "--at", AT, "fixtures/good.pem"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "fixtures/good.pem: 8 certificates, 0 errors, 0 warnings, 0 infos (profile apigw)\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn json_has_the_documented_shape() {
    let (code, doc) = lint_json("fixtures/showcase.pem");
    assert_eq!(code, 1);
    assert_eq!(doc["files"][0]["file"], "fixtures/showcase.pem");
    assert_eq!(doc["files"][0]["certificates"], 6);
    let expired = common::finding(&doc, "expired");
    assert_eq!(expired["severity"], "error");
    assert_eq!(expired["file"], "fixtures/showcase.pem");
    assert_eq!(expired["index"], 3);
    assert_eq!(
        expired["subject"],
        "CN=Expired Partner CA,O=truststore fixtures"
    );
    assert_eq!(
        expired["message"],
        "expired on 2026-05-02T00:00:00Z (30 days before 2026-06-01T00:00:00Z)"
    );
    assert!(expired["hint"].as_str().unwrap().contains("2026-05-02"));
    assert!(expired["aws"].as_str().unwrap().starts_with("API Gateway:"));
    let line = expired["line"].as_u64().unwrap() as usize;
    let text = fs::read_to_string(fixture_path("showcase.pem")).unwrap();
    assert_eq!(
        text.lines().nth(line - 1),
        Some("-----BEGIN CERTIFICATE-----")
    );
    let keys: Vec<&str> = expired
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 9);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"certificates": 6, "errors": 3, "warnings": 2, "infos": 0, "ignored": 0})
    );
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["at"], "2026-06-01T00:00:00Z");
    assert_eq!(doc["profile"], "apigw");
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn an_unreadable_input_is_reported_in_every_format_and_suppressed_findings_are_counted() {
    let showcase = "fixtures/showcase.pem";
    let missing = "no/such/bundle.pem";
    let github = truststore(&["lint", "--at", AT, "--format", "github", showcase, missing]);
    assert_eq!(github.code, 2);
    assert!(
        github
            .stdout
            .contains("::error file=no/such/bundle.pem,title=unreadable::"),
        "{}",
        github.stdout
    );
    assert!(
        github
            .stdout
            .contains("truststore: 6 certificates, 3 errors, 2 warnings, 0 infos"),
        "{}",
        github.stdout
    );
    let json = truststore(&["lint", "--at", AT, "--format", "json", showcase, missing]);
    assert_eq!(json.code, 2);
    let doc = json.json();
    assert_eq!(doc["errors"][0]["file"], missing);
    assert!(doc["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("cannot read"));
    let sarif = truststore(&["lint", "--at", AT, "--format", "sarif", showcase, missing]);
    let doc = sarif.json();
    let invocation = &doc["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        missing
    );
    // One certificate, one error: singular.
    let one = truststore(&[
        "lint",
        "--at",
        AT,
        "--format",
        "github",
        &fixture_path("lint/issuer-not-found.fail.pem"),
    ]);
    assert_eq!(
        one.stdout.lines().last(),
        Some("truststore: 1 certificate, 1 error, 0 warnings, 0 infos")
    );
    let human = truststore(&["lint", "--at", AT, "--ignore", "expired", showcase]);
    assert!(
        human.stdout.contains("ignored by the rule selection"),
        "{}",
        human.stdout
    );
    let ignored = truststore(&[
        "lint", "--at", AT, "--format", "json", "--ignore", "expired", showcase,
    ])
    .json();
    assert!(
        ignored["summary"]["ignored"].as_u64().unwrap() >= 1,
        "{ignored}"
    );
}

#[test]
fn human_output_of_the_showcase() {
    let run = truststore(&["lint", "--at", AT, "fixtures/showcase.pem"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("showcase_human", run.stdout);
}

#[test]
fn json_output_of_the_showcase() {
    let run = truststore(&[
        "lint",
        "--at",
        AT,
        "--format",
        "json",
        "fixtures/showcase.pem",
    ]);
    insta::assert_snapshot!("showcase_json", run.stdout);
}

#[test]
fn broken_blocks_are_findings_with_their_lines_and_the_rest_is_checked() {
    let (code, doc) = lint_json("fixtures/lint/malformed.fail.pem");
    assert_eq!(code, 1);
    let text = fs::read_to_string(fixture_path("lint/malformed.fail.pem")).unwrap();
    let begins: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("-----BEGIN CERTIFICATE"))
        .map(|(i, _)| i + 1)
        .collect();
    let findings = doc["findings"].as_array().unwrap();
    let malformed: Vec<(u64, u64, &str)> = findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["index"].as_u64().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(malformed.len(), 3, "{malformed:?}");
    assert_eq!(malformed[0].0 as usize, begins[1]);
    assert_eq!(malformed[0].1, 1);
    assert_eq!(
        malformed[0].2,
        format!("invalid base64 character '!' on line {}", begins[1] + 1)
    );
    assert_eq!(malformed[1].1, 2);
    assert_eq!(
        malformed[1].2,
        "DER has 2 trailing bytes after the certificate"
    );
    assert_eq!(malformed[2].0 as usize, begins[4]);
    assert_eq!(malformed[2].1, 4);
    assert_eq!(malformed[2].2, "BEGIN CERTIFICATE has no matching END line");
    assert_eq!(doc["files"][0]["certificates"], 5);
}

#[test]
fn findings_name_the_values_found() {
    let (_, doc) = lint_json("fixtures/lint/unsupported-key.fail.pem");
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "RSA key is 1024 bits; at least 2048 required",
            "EC key on P-521; only P-256 and P-384 are supported",
            "Ed25519 keys are not supported",
        ]
    );
    let (_, doc) = lint_json("fixtures/lint/issuer-not-found.fail.pem");
    assert_eq!(
        doc["findings"][0]["hint"],
        "add the certificate of `CN=Fixture Root CA,O=truststore fixtures` (and its chain up to a root)"
    );
    let (_, doc) = lint_json("fixtures/lint/chain-too-long.fail.pem");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(
        doc["findings"][0]["subject"],
        "CN=Five Level 4 CA,O=truststore fixtures"
    );
    assert_eq!(
        doc["findings"][0]["message"],
        "path to the root holds 5 CA certificates; API Gateway allows 4"
    );
}

#[test]
fn a_sha1_root_is_a_warning_and_a_sha1_intermediate_an_error() {
    let (_, doc) = lint_json("fixtures/lint/insecure-signature-algorithm.fail.pem");
    let by_subject: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["subject"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        by_subject,
        [
            (
                "CN=SHA1 Issuing CA,O=truststore fixtures".to_string(),
                "error".to_string()
            ),
            (
                "CN=SHA224 Issuing CA,O=truststore fixtures".to_string(),
                "error".to_string()
            ),
            (
                "CN=SHA1 Root CA,O=truststore fixtures".to_string(),
                "warning".to_string()
            ),
        ]
    );
}

#[test]
fn deny_warnings_turns_warnings_into_exit_one() {
    let file = "fixtures/lint/duplicate.fail.pem";
    assert_eq!(truststore(&["lint", "--at", AT, file]).code, 0);
    assert_eq!(
        truststore(&["lint", "--at", AT, "--deny-warnings", file]).code,
        1
    );
}

#[test]
fn the_expiry_window_is_configurable() {
    let file = "fixtures/lint/expiring-soon.fail.pem";
    let has = |window: &str| {
        let run = truststore(&[
            "lint",
            "--at",
            AT,
            "--expiry-window",
            window,
            "--format",
            "json",
            file,
        ]);
        codes(&run.json()).contains(&"expiring-soon".to_string())
    };
    assert!(has("30d"));
    assert!(has("10d"));
    assert!(!has("9d"));
    let bad = truststore(&["lint", "--expiry-window", "soon", file]);
    bad.assert_error("invalid duration 'soon'");
}

#[test]
fn the_evaluation_time_decides_expiry() {
    let file = "fixtures/lint/expired.fail.pem";
    let expired_at = |at: &str| {
        let run = truststore(&["lint", "--at", at, "--format", "json", file]);
        codes(&run.json()).contains(&"expired".to_string())
    };
    assert!(expired_at("2026-06-01"));
    assert!(!expired_at("2026-05-31T00:00:00Z"));
    assert!(expired_at("2026-05-31T00:00:01Z"));
    let bad = truststore(&["lint", "--at", "tomorrow", file]);
    bad.assert_error("invalid time 'tomorrow'");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let pem = fs::read(fixture_path("lint/expired.fail.pem")).unwrap();
    let run = truststore_with_stdin(&["lint", "--at", AT, "--format", "json", "-"], Some(&pem));
    assert_eq!(run.code, 1);
    let doc = run.json();
    assert_eq!(doc["files"][0]["file"], "<stdin>");
    assert_eq!(doc["findings"][0]["file"], "<stdin>");
}

#[test]
fn crlf_and_a_bom_give_the_same_findings_on_the_same_lines() {
    let text = fs::read_to_string(fixture_path("showcase.pem")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("crlf.pem");
    fs::write(&crlf, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    let (_, plain) = lint_json("fixtures/showcase.pem");
    let (_, converted) = lint_json(crlf.to_str().unwrap());
    let strip = |doc: &serde_json::Value| -> Vec<(String, u64)> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&plain), strip(&converted));
}

#[test]
fn a_private_key_is_pointed_at_and_never_printed() {
    let file = "fixtures/lint/private-key-in-bundle.fail.pem";
    let text = fs::read_to_string(fixture_path("lint/private-key-in-bundle.fail.pem")).unwrap();
    let key_start = text.find("-----BEGIN PRIVATE KEY-----").unwrap();
    let key_line = text[..key_start].lines().count() + 1;
    let body: Vec<&str> = text[key_start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    assert!(!body.is_empty());
    for format in ["human", "json"] {
        let run = truststore(&["lint", "--at", AT, "--format", format, file]);
        assert_eq!(run.code, 1);
        for line in &body {
            assert!(
                !run.stdout.contains(line) && !run.stderr.contains(line),
                "key bytes printed"
            );
            // Even a fragment of a key line must not leak.
            assert!(!run.stdout.contains(&line[..16]));
        }
        if format == "json" {
            let doc = run.json();
            assert_eq!(doc["findings"][0]["code"], "private-key-in-bundle");
            assert_eq!(doc["findings"][0]["line"], key_line);
        }
    }
}

#[test]
fn unreadable_inputs_are_one_line_errors_with_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_string()
    };
    let der = {
        let text = fs::read_to_string(fixture_path("good.pem")).unwrap();
        let body: String = text
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect();
        use base64ct::Encoding;
        base64ct::Base64::decode_vec(&body).unwrap()
    };
    let empty_dir = dir.path().join("empty");
    fs::create_dir(&empty_dir).unwrap();
    let mut der_crl = fs::read(fixture_path("crl/issuing.crl.der")).unwrap();
    let crl = write("list.der", &der_crl);
    der_crl.clear();
    let mut trailing = der.clone();
    trailing.extend_from_slice(b"junk\n");
    let cases = [
        (write("empty.pem", b""), "file is empty"),
        (write("cut.der", &der[..der.len() / 2]), "looks like DER (binary X.509), but it is truncated or corrupt"),
        (write("trailing.der", &trailing), &format!("DER: 5 bytes after byte {} are not a certificate", der.len())),
        (crl, "a certificate revocation list (CRL), not a certificate; API Gateway does not check revocation lists"),
        (write("notes.txt", b"hello\nworld\n"), "no PEM block found"),
        (write("garbage.bin", &[0xff, 0xfe, 0x00, 0x01]), "binary data"),
        (
            write("key.pem", b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n"),
            "a private key (not shown) at line 1, not a certificate",
        ),
        (empty_dir.to_str().unwrap().to_string(), "a directory without certificate files (.pem, .crt, .cer, .der)"),
        (dir.path().join("missing.pem").to_str().unwrap().to_string(), "cannot read"),
    ];
    for (path, expected) in cases {
        let run = truststore(&["lint", &path]);
        assert_eq!(run.code, 2, "{path}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{path}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("truststore: {path}")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(expected), "{path}: {}", run.stderr);
        assert!(!run.stderr.contains("MC4CAQAw"));
    }
}

#[test]
fn one_unreadable_file_among_many_still_lints_the_others_and_exits_two() {
    let run = truststore(&[
        "lint",
        "--at",
        AT,
        "--format",
        "json",
        "fixtures/good.pem",
        "no-such.pem",
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.json()["files"][0]["file"], "fixtures/good.pem");
    assert!(run.stderr.contains("no-such.pem"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(truststore(&["lint"]).code, 2);
    assert_eq!(
        truststore(&["lint", "--format", "xml", "fixtures/good.pem"]).code,
        2
    );
    assert_eq!(truststore(&["frobnicate"]).code, 2);
}

#[test]
fn the_mozilla_bundle_is_linted_with_correct_lines() {
    let (code, doc) = lint_json("fixtures/mozilla/cacert.pem");
    assert_eq!(code, 1, "certifi holds a P-521 root");
    let text = fs::read_to_string(fixture_path("mozilla/cacert.pem")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let line = f["line"].as_u64().unwrap() as usize;
        assert_eq!(lines[line - 1], "-----BEGIN CERTIFICATE-----", "{f}");
        // certifi precedes each certificate with `# Issuer: CN=...` style comments.
        let subject = f["subject"].as_str().unwrap();
        let cn = subject
            .split(',')
            .find_map(|rdn| rdn.strip_prefix("CN="))
            .unwrap_or(subject);
        let comment = lines[..line].iter().rev().take(6).any(|l| l.contains(cn));
        assert!(comment, "line {line} is not the certificate of {cn}");
    }
    let sha1_roots = findings
        .iter()
        .filter(|f| f["code"] == "insecure-signature-algorithm" && f["severity"] == "warning")
        .count();
    assert!(sha1_roots >= 1);
    assert!(
        !codes(&doc).contains(&"issuer-not-found".to_string()),
        "every root is self-signed"
    );
    assert!(!codes(&doc).contains(&"bad-signature".to_string()));
}

#[test]
fn a_certificate_flattened_onto_one_line_is_malformed_not_stray_text() {
    let (code, doc) = lint_json("fixtures/lint/malformed.fail-flattened.pem");
    assert_eq!(code, 1);
    assert_eq!(codes(&doc), ["malformed"]);
    assert_eq!(doc["findings"][0]["index"], 1);
    assert_eq!(
        doc["findings"][0]["message"],
        "the block is on one line: its line breaks were lost"
    );
}

/// A CA:TRUE certificate whose keyUsage lacks keyCertSign is reported on itself, with the
/// missing bit named, even when nothing in the bundle is issued by it: `verify` (and
/// `openssl verify`) deny every client under it, so lint must not call the bundle clean.
#[test]
fn a_ca_without_key_cert_sign_is_reported_even_when_it_issues_nothing_here() {
    let (code, doc) = lint_json("fixtures/lint/not-a-ca.fail-keyusage-unused.pem");
    assert_eq!(code, 1);
    let finding = common::finding(&doc, "not-a-ca");
    assert_eq!(
        finding["subject"],
        "CN=No CertSign CA,O=truststore fixtures"
    );
    assert_eq!(finding["index"], 1);
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("without keyCertSign"), "{message}");
    assert!(
        message.contains("every client under it is denied"),
        "{message}"
    );
    // verify agrees: a client of that CA is denied with not-a-ca.
    let run = common::verify_json(
        "fixtures/verify/no-certsign/truststore.pem",
        &["fixtures/verify/no-certsign/client.pem"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["results"][0]["code"], "not-a-ca");
    let (_, same) = lint_json("fixtures/verify/no-certsign/truststore.pem");
    assert!(codes(&same).contains(&"not-a-ca".to_string()));
}

/// The expiring-soon hint says to replace the CA with its renewal, not to add the renewal next
/// to it (that would be duplicate-subject, which API Gateway refuses), and says what happens
/// when the key is unchanged and when it changed.
#[test]
fn the_expiring_soon_hint_says_replace_and_why_that_is_safe() {
    let (_, doc) = lint_json("fixtures/lint/expiring-soon.fail.pem");
    let finding = common::finding(&doc, "expiring-soon");
    let hint = finding["hint"].as_str().unwrap();
    assert!(
        hint.starts_with("replace it with the renewed certificate"),
        "{hint}"
    );
    assert!(!hint.contains("add it to the truststore"), "{hint}");
    assert!(hint.contains("`duplicate-subject`"), "{hint}");
    assert!(hint.contains("same key is a safe swap"), "{hint}");
    assert!(hint.contains("if the key changed"), "{hint}");
    // What the old hint led to: the CA and its renewal (same key) side by side is refused.
    let (_, both) = lint_json("fixtures/lint/duplicate-subject.fail-renewal.pem");
    let duplicate = common::finding(&both, "duplicate-subject");
    assert!(duplicate["message"]
        .as_str()
        .unwrap()
        .contains("same public key (a re-issued copy)"));
}

/// The load balancers' certificate quota is adjustable: `--quota` (or `quota` in the config)
/// raises it; API Gateway's is not, so there the flag changes nothing.
#[test]
fn a_raised_quota_lifts_too_many_certificates_where_the_service_allows_it() {
    let file = "fixtures/lint/too-many-certificates.fail@alb.pem";
    let codes_with = |extra: &[&str]| {
        let mut args = vec!["lint", "--at", AT, "--format", "json"];
        args.extend_from_slice(extra);
        args.push(file);
        let run = truststore(&args);
        common::codes(&run.json())
    };
    assert!(codes_with(&["--profile", "alb"]).contains(&"too-many-certificates".to_string()));
    assert!(!codes_with(&["--profile", "alb", "--quota", "26"])
        .contains(&"too-many-certificates".to_string()));
    assert!(codes_with(&["--profile", "cloudfront", "--quota", "26"])
        .contains(&"too-many-certificates".to_string()));
}

/// Under a load balancer profile an error that refuses the bundle says so, with AWS's error.
#[test]
fn the_summary_says_when_the_whole_bundle_is_refused() {
    let run = truststore(&[
        "lint",
        "--at",
        AT,
        "--profile",
        "alb",
        "fixtures/lint/blank-line.fail@alb.pem",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "fixtures/lint/blank-line.fail@alb.pem: the whole bundle is refused: InvalidCaCertificatesBundle: The specified ca certificate bundle is in an invalid format, or corrupt.\n"
        ),
        "{}",
        run.stdout
    );
    // Every error refuses it, not only the format rules: an expired CA too (API Gateway warns).
    let expired = truststore(&[
        "lint",
        "--at",
        AT,
        "--profile",
        "cloudfront",
        "fixtures/lint/expired.fail.pem",
    ]);
    assert!(
        expired
            .stdout
            .ends_with("the whole bundle is refused: trust store status: failed\n"),
        "{}",
        expired.stdout
    );
    let warned = truststore(&["lint", "--at", AT, "fixtures/lint/expired.fail.pem"]);
    assert!(!warned.stdout.contains("refused"), "{}", warned.stdout);
    let apigw = truststore(&["lint", "--at", AT, "fixtures/lint/blank-line.fail@alb.pem"]);
    assert_eq!(apigw.code, 0, "{}", apigw.stdout);
    assert!(!apigw.stdout.contains("refused"), "{}", apigw.stdout);
}

#[test]
fn at_takes_epochs_and_times_relative_to_now() {
    let bundle = fixture_path("lint/expired.pass.pem");
    let json = |at: &str| {
        let run = truststore(&["lint", &bundle, "--at", at, "--format", "json"]);
        assert_ne!(run.code, 2, "--at {at}: {}", run.stderr);
        run.json()
    };
    // The same instant, spelled three ways.
    assert_eq!(json("@1780272000"), json("2026-06-01"));
    assert_eq!(json("2026-06-01T00:00:00Z"), json("2026-06-01"));
    // Relative times move the evaluation: far enough ahead, everything has expired.
    let later = json("+36500d");
    let expired = |doc: &serde_json::Value| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "expired")
            .count()
    };
    assert!(expired(&later) > expired(&json("now")), "{later}");
    // The two runs are a moment apart: compare every field but the message, which prints
    // the evaluation instant.
    let found = |doc: serde_json::Value| {
        let mut findings = doc["findings"].as_array().unwrap().clone();
        for finding in &mut findings {
            finding.as_object_mut().unwrap().remove("message");
        }
        findings
    };
    let now = found(json("now"));
    assert!(!now.is_empty(), "the CA expired in June has a finding now");
    assert_eq!(found(json("-0d")), now);
    truststore(&["lint", &bundle, "--at", "@soon"]).assert_error("@ takes seconds");
    truststore(&["lint", &bundle, "--at", "+3 fortnights"]).assert_error("invalid duration");
}

#[test]
fn a_crl_pasted_into_a_bundle_is_named_and_told_where_it_goes_under_each_profile() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("with-crl.pem");
    let mut text = fs::read_to_string(fixture_path("crl/truststore.pem")).unwrap();
    text.push_str(&fs::read_to_string(fixture_path("crl/issuing.crl.pem")).unwrap());
    fs::write(&bundle, text).unwrap();
    let bundle = bundle.to_str().unwrap();
    let finding = |profile: &str| {
        let (_, doc) = common::lint_json_under(bundle, profile);
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "non-certificate-block")
            .cloned()
            .unwrap_or_else(|| panic!("{doc}"))
    };
    let apigw = finding("apigw");
    assert_eq!(
        apigw["message"],
        "a certificate revocation list (CRL) (X509 CRL block) is not a certificate"
    );
    assert_eq!(
        apigw["hint"],
        "remove it: API Gateway does not check revocation lists (a Lambda authorizer can)"
    );
    assert_eq!(apigw["aws"], "API Gateway: undocumented; at best ignored");
    assert!(finding("alb")["hint"].as_str().unwrap().starts_with(
        "remove it from the bundle: Application Load Balancer takes revocation lists separately"
    ));
}
