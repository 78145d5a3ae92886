//! The CI-facing surface: SARIF, GitHub annotations, rule selection and the config file,
//! `diff`, colour and quiet output, completions and the man page.

mod common;

use common::{codes, truststore, truststore_in, AT};
use std::path::Path;

fn fixture(rel: &str) -> String {
    common::fixture_path(rel)
}

#[test]
fn sarif_output_validates_against_the_2_1_0_schema() {
    let mut schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // The published 2.1.0 schema has one malformed pattern (an unbalanced `]`, for `language`
    // properties), which a strict validator refuses to compile; use the corrected pattern of
    // later editions wherever it appears.
    fn fix_language_patterns(v: &mut serde_json::Value) -> usize {
        match v {
            serde_json::Value::String(s) if s == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" => {
                *s = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".to_string();
                1
            }
            serde_json::Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
            serde_json::Value::Object(map) => map.values_mut().map(fix_language_patterns).sum(),
            _ => 0,
        }
    }
    assert!(fix_language_patterns(&mut schema) >= 1);
    let validator = jsonschema::draft4::new(&schema).expect("a valid schema");
    for file in [
        "fixtures/showcase.pem",
        "fixtures/good.pem",
        "fixtures/lint/malformed.fail.pem",
        "fixtures/lint/leaf-in-truststore.fail.pem",
    ] {
        let run = truststore(&["lint", "--at", AT, "--format", "sarif", file]);
        let doc = run.json();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let rules = doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert_eq!(
            rules.len(),
            truststore::explanations(truststore::Profile::default_profile()).len()
        );
    }
    let doc = truststore(&[
        "lint",
        "--at",
        AT,
        "--format",
        "sarif",
        "fixtures/showcase.pem",
    ])
    .json();
    // The validator does reject what the schema forbids.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("info");
    assert!(!validator.is_valid(&broken));
    let result = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "expired")
        .unwrap()
        .clone();
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "fixtures/showcase.pem"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        65
    );
    assert_eq!(result["properties"]["certificateIndex"], 3);
    let rule =
        &doc["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], "expired");
}

#[test]
fn github_annotations_carry_file_line_and_code() {
    let run = truststore(&[
        "lint",
        "--at",
        AT,
        "--format",
        "github",
        "fixtures/showcase.pem",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[1].starts_with(
            "::error file=fixtures/showcase.pem,line=65,title=expired::expired on 2026-05-02"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].starts_with("::warning file=fixtures/showcase.pem,line=107,title=stray-text::")
    );
    let run = truststore(&[
        "verify",
        "--at",
        AT,
        "--format",
        "github",
        "-t",
        "fixtures/verify/expired/truststore.pem",
        "fixtures/verify/expired/client.pem",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with(
        "::error file=fixtures/verify/expired/client.pem,line=1,title=expired::CN=device-expired.example,O=truststore fixtures would be denied: Access denied. Reason: certificate has expired"
    ), "{}", run.stdout);
}

#[test]
fn rule_selection_from_the_command_line() {
    let lint = |extra: &[&str]| {
        let mut args = vec![
            "lint",
            "--at",
            AT,
            "--format",
            "json",
            "fixtures/showcase.pem",
        ];
        args.extend_from_slice(extra);
        let run = truststore(&args);
        (run.code, run.json())
    };
    let (_, doc) = lint(&["--ignore", "stray-text,duplicate"]);
    assert!(!codes(&doc).contains(&"stray-text".to_string()));
    assert!(!codes(&doc).contains(&"duplicate".to_string()));
    let (_, doc) = lint(&["--warn", "expired"]);
    let expired = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "expired")
        .unwrap()
        .clone();
    assert_eq!(expired["severity"], "warning");
    let (_, doc) = lint(&["--deny", "stray-text"]);
    assert_eq!(doc["summary"]["errors"], 4);
    let (_, doc) = lint(&["--deny", "warnings"]);
    assert_eq!(doc["summary"]["warnings"], 0);
    assert_eq!(doc["summary"]["errors"], 5);
    // Only warnings left, and --deny warnings: exit 1; without it: 0.
    let only_warnings = [
        "--ignore",
        "expired,insecure-signature-algorithm,issuer-not-found",
    ];
    assert_eq!(lint(&only_warnings).0, 0);
    assert_eq!(
        lint(&[&only_warnings[..], &["--deny", "warnings"]].concat()).0,
        1
    );
    let run = truststore(&["lint", "--ignore", "expird", "fixtures/good.pem"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "truststore: --ignore: unknown code 'expird' (`truststore explain --all` lists them)\n"
    );
}

const EXPIRED_PARTNER_SHA256: &str = "DA:68:17:2E:B7:1B:24:89:ED:DA:B3:F4:34:5C:77:C0:B1:11:B3:39:85:0F:43:23:56:86:58:A9:90:04:09:CD";

#[test]
fn the_config_file_is_found_upwards_and_ignores_one_certificate_by_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        dir.path().join("truststore.toml"),
        format!(
            "ignore = [\"stray-text\"]\n\n[[ignore-certificate]]\nsha256 = \"{EXPIRED_PARTNER_SHA256}\"\nreason = \"partner offboarding, OPS-42\"\n"
        ),
    )
    .unwrap();
    let showcase = fixture("showcase.pem");
    let run = truststore_in(
        &nested,
        &["lint", "--at", AT, "--format", "json", &showcase],
    );
    let doc = run.json();
    let found = codes(&doc);
    assert!(!found.contains(&"stray-text".to_string()));
    assert!(
        !found.contains(&"expired".to_string()),
        "the ignored certificate's finding is gone"
    );
    assert!(
        found.contains(&"insecure-signature-algorithm".to_string()),
        "other certificates still report"
    );
    // The same certificate elsewhere is silenced too; a different one is not.
    let other = truststore_in(
        &nested,
        &[
            "lint",
            "--at",
            AT,
            "--format",
            "json",
            &fixture("lint/expired.fail.pem"),
        ],
    );
    assert!(codes(&other.json()).contains(&"expired".to_string()));
    // The effective settings are visible.
    let shown = truststore_in(&nested, &["config", "--format", "json"]).json();
    assert_eq!(
        shown["config_file"],
        dir.path().join("truststore.toml").to_str().unwrap()
    );
    assert_eq!(shown["ignore"], serde_json::json!(["stray-text"]));
    assert_eq!(
        shown["ignore_certificates"][0]["reason"],
        "partner offboarding, OPS-42"
    );
    let human = truststore_in(&nested, &["config", "--deny", "warnings"]);
    assert!(
        human.stdout.contains("deny-warnings = true"),
        "{}",
        human.stdout
    );
}

#[test]
fn config_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "ignore = [\"stray-text\"]\nwarn = [\"expird\"]\n",
            "truststore.toml:2: unknown code 'expird'",
        ),
        (
            "ignore = []\ncolour = \"always\"\n",
            "truststore.toml:2: unknown field `colour`",
        ),
        (
            "[[ignore-certificate]]\nsha256 = \"00\"\nreason = \"x\"\n",
            "truststore.toml:2: sha256 must be 64 hex digits",
        ),
        (
            &format!("[[ignore-certificate]]\nsha256 = \"{EXPIRED_PARTNER_SHA256}\"\n"),
            "truststore.toml:1: [[ignore-certificate]] needs a non-empty `reason`",
        ),
        ("ignore = [\n", "truststore.toml:"),
    ];
    for (text, expected) in cases {
        std::fs::write(dir.path().join("truststore.toml"), text).unwrap();
        let run = truststore_in(dir.path(), &["lint", &fixture("good.pem")]);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1);
    }
    // --config names another file.
    let other = dir.path().join("ci.toml");
    std::fs::write(&other, "warn = [\"nope\"]\n").unwrap();
    let run = truststore(&[
        "--config",
        other.to_str().unwrap(),
        "lint",
        "fixtures/good.pem",
    ]);
    run.assert_error("ci.toml:1: unknown code 'nope'");
}

#[test]
fn diff_reports_certificates_findings_and_clients_that_flip() {
    let run = truststore(&[
        "diff",
        "--at",
        AT,
        "--format",
        "json",
        "fixtures/diff/old.pem",
        "fixtures/diff/new.pem",
        "--clients",
        "fixtures/diff/client-rsa.pem",
        "fixtures/diff/client-ec.pem",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc = run.json();
    assert_eq!(doc["certificates"]["added"].as_array().unwrap().len(), 3);
    assert_eq!(
        doc["certificates"]["removed"][0]["subject"],
        "CN=Fixture Issuing CA,O=truststore fixtures"
    );
    assert_eq!(doc["certificates"]["kept"], 1);
    assert_eq!(doc["findings"]["appeared"][0]["code"], "expired");
    assert_eq!(doc["findings"]["disappeared"], serde_json::json!([]));
    let clients = doc["clients"].as_array().unwrap();
    assert_eq!(
        (clients[0]["old"].as_str(), clients[0]["new"].as_str()),
        (Some("accepted"), Some("denied"))
    );
    assert_eq!(clients[0]["code"], "issuer-not-found");
    assert_eq!(
        (clients[1]["old"].as_str(), clients[1]["new"].as_str()),
        (Some("denied"), Some("accepted"))
    );
    // The same truststore twice: nothing changes, exit 0.
    let same = truststore(&[
        "diff",
        "--at",
        AT,
        "fixtures/diff/old.pem",
        "fixtures/diff/old.pem",
        "--clients",
        "fixtures/diff/client-rsa.pem",
    ]);
    assert_eq!(same.code, 0, "{}", same.stdout);
    assert!(same
        .stdout
        .contains("certificates: 0 added, 0 removed, 2 kept"));
    assert!(same.stdout.contains("clients: 0 of 1 change verdict"));
}

#[test]
fn colour_follows_the_flag_and_quiet_prints_the_summary_only() {
    let always = truststore(&[
        "--color",
        "always",
        "lint",
        "--at",
        AT,
        "fixtures/showcase.pem",
    ]);
    assert!(always
        .stdout
        .contains("\x1b[1;31merror[insecure-signature-algorithm]\x1b[0m"));
    let never = truststore(&[
        "lint",
        "--color",
        "never",
        "--at",
        AT,
        "fixtures/showcase.pem",
    ]);
    assert!(!never.stdout.contains('\x1b'));
    let auto = truststore(&["lint", "--at", AT, "fixtures/showcase.pem"]); // a pipe: no colour
    assert!(!auto.stdout.contains('\x1b'));
    let quiet = truststore(&["lint", "-q", "--at", AT, "fixtures/showcase.pem"]);
    assert_eq!(
        quiet.stdout,
        "fixtures/showcase.pem: 6 certificates, 3 errors, 2 warnings, 0 infos (profile apigw)\n"
    );
    assert_eq!(quiet.code, 1);
    let quiet = truststore(&[
        "verify",
        "--quiet",
        "--at",
        AT,
        "-t",
        "fixtures/verify/expired/truststore.pem",
        "fixtures/verify/expired/client.pem",
        "fixtures/verify/client-sent-intermediate/client.pem",
    ]);
    assert_eq!(quiet.stdout, "1 accepted, 1 denied (profile apigw)\n");
    let quiet = truststore(&["inspect", "-q", "--at", AT, "fixtures/showcase.pem"]);
    assert_eq!(
        quiet.stdout,
        "fixtures/showcase.pem: 6 certificates, 4 findings\n"
    );
    let quiet = truststore(&[
        "match",
        "-q",
        "--key",
        "fixtures/match/ec.sec1.pem",
        "--cert",
        "fixtures/match/ec-cert.pem",
    ]);
    assert_eq!(quiet.stdout, "1 of 1 certificates match the key\n");
    let quiet = truststore(&["explain", "-q", "expired"]);
    assert_eq!(
        quiet.stdout,
        "expired: the certificate has expired at the evaluation time (`--at`)\n"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_clap_definitions() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = truststore(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}");
        for word in ["truststore", "lint", "verify", "max-input-size"] {
            assert!(run.stdout.contains(word), "{shell} completion lacks {word}");
        }
    }
    let man = truststore(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq") || man.stdout.contains(".TH truststore"),
        "{}",
        &man.stdout[..200]
    );
    for sub in [
        "lint",
        "verify",
        "inspect",
        "match",
        "explain",
        "diff",
        "config",
        "completions",
    ] {
        assert!(man.stdout.contains(sub), "man page lacks {sub}");
    }
}

#[test]
fn config_prints_a_file_that_config_reads_back_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("truststore.toml"),
        r#"ignore = ["stray-text"]
warn = ["leaf-in-truststore"]
deny = ["warnings", "expiring-soon"]
expiry-window = "45d"
truststore = "certs/bundle.pem"
profile = "nlb"
quota = 200
filters = ["subject-cn=device-1.example"]
crls = ["crls/a.crl.pem"]

[[ignore-certificate]]
sha256 = "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89"
codes = ["expired"]
reason = "retired partner CA"
"#,
    )
    .unwrap();
    let first = truststore_in(dir, &["config"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    for key in [
        "deny-warnings = true",
        "profile = \"nlb\"",
        "quota = 200",
        "[[ignore-certificate]]",
        "reason = \"retired partner CA\"",
    ] {
        assert!(first.stdout.contains(key), "{key}: {}", first.stdout);
    }
    let printed = tmp.path().join("printed.toml");
    std::fs::write(&printed, &first.stdout).unwrap();
    let second = truststore_in(dir, &["--config", &printed.display().to_string(), "config"]);
    assert_eq!(
        second.code, 0,
        "the printed config does not read back: {}\n{}",
        second.stderr, first.stdout
    );
    let body = |text: &str| {
        text.lines()
            .filter(|l| !l.starts_with("# config file"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&second.stdout), body(&first.stdout));
}

#[test]
fn man_writes_every_page_the_top_page_promises() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().display().to_string();
    let run = truststore(&["man", "--dir", &dir]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let top = std::fs::read_to_string(tmp.path().join("truststore.1")).unwrap();
    let promised: Vec<String> = top
        .lines()
        .filter_map(|l| l.strip_suffix("(1)"))
        .map(|name| name.replace("\\-", "-"))
        .collect();
    assert!(promised.len() >= 10, "{top}");
    for name in promised {
        assert!(
            tmp.path().join(format!("{name}.1")).is_file(),
            "{name}.1 is promised but not written"
        );
    }
    let lint = truststore(&["man", "lint"]);
    assert_eq!(lint.code, 0);
    assert!(
        lint.stdout.contains("truststore\\-lint \\- "),
        "{}",
        &lint.stdout[..300]
    );
    let nested = truststore(&["man", "crl", "lint"]);
    assert!(nested.stdout.contains("truststore\\-crl\\-lint"));
    truststore(&["man", "nope"]).assert_error("no command `nope`");
}
