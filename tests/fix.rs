//! `truststore fix`: each change on its own line naming where it came from, a result that lints
//! clean where it can, nothing valid dropped silently, and a second run that changes nothing.

mod common;

use common::{fixture_path, truststore, AT};
use std::fs;

fn pem(rel: &str) -> String {
    fs::read_to_string(fixture_path(rel)).unwrap()
}

/// The two certificates of `lint/not-pem.pass.pem` (a root and the CA it issued), each alone.
fn root_and_issuing() -> (String, String) {
    let text = pem("lint/not-pem.pass.pem");
    let cut = text.find("-----END CERTIFICATE-----\n").unwrap() + 26;
    (text[..cut].to_string(), text[cut..].to_string())
}

fn lint_codes(path: &str, profile: &str) -> Vec<String> {
    let (_, doc) = common::lint_json_under(path, profile);
    common::codes(&doc)
}

#[test]
fn a_messy_bundle_is_fixed_change_by_change_into_one_that_lints_clean_and_stays_fixed() {
    let (root, issuing) = root_and_issuing();
    let key = pem("lint/private-key-in-bundle.fail.pem");
    let key_block = &key[key.find("-----BEGIN PRIVATE KEY").unwrap()..];
    let key_body = key_block.lines().nth(1).unwrap().to_string();
    let crl = pem("crl/issuing.crl.pem");
    let indented: String = issuing.lines().map(|l| format!("  {l}\n")).collect();
    let flattened = root.split('\n').collect::<Vec<_>>().join(" ");
    // A comment and a blank line, the root with CRLF line ends and no final line break (so
    // the next BEGIN is on its END line), a pasted key, a CRL, the intermediate again but
    // indented, and the root again on one line.
    let messy = format!(
        "Partner CAs - keep up to date\n\n# the root - do not remove\n{}{issuing}{key_block}{crl}{indented}{flattened}\n",
        root.trim_end().replace('\n', "\r\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("messy.pem");
    fs::write(&input, &messy).unwrap();
    let input = input.to_str().unwrap();
    let out = dir.path().join("fixed.pem");
    let out = out.to_str().unwrap();

    let run = truststore(&["fix", "--profile", "alb", "--at", AT, "-o", out, input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "", "the fixed bundle went to -o");
    let root_subject = "CN=Fixture Root CA,O=truststore fixtures";
    let expected = [
        format!("{input}:1: turned 1 line of text outside any block into # comments, without '-'"),
        format!("{input}:2: removed a blank line"),
        format!("{input}:3: removed '-' from a comment (Application Load Balancer refuses them)"),
        format!("{input}:4: re-encoded it as 64-character base64 lines with LF line ends ({root_subject})"),
        format!("{input}:24: added the line break before its BEGIN line (CN=Fixture Issuing CA,O=truststore fixtures)"),
        format!("{input}:45: removed the PRIVATE KEY block: treat the key as leaked (replace it and re-issue its certificate)"),
        format!("{input}:50: removed the X509 CRL block: a certificate revocation list (CRL); give it to the trust store as a revocation list instead"),
        format!("{input}:63: removed a duplicate of certificate #1 ({input}:24)"),
        format!("{input}:84: restored the line breaks of a block on one line, and removed it: a copy of `{root_subject}` above"),
        format!("{input}: 2 certificates, 0 errors, 0 warnings, 0 infos after fixing (profile alb)"),
    ];
    assert_eq!(run.stderr, expected.join("\n") + "\n");
    assert!(
        !run.stderr.contains(&key_body),
        "no key material is printed"
    );

    let fixed = fs::read_to_string(out).unwrap();
    assert!(fixed.starts_with("# Partner CAs   keep up to date\n# the root   do not remove\n-----BEGIN CERTIFICATE-----\n"), "{fixed}");
    assert!(!fixed.contains('\r') && !fixed.contains(&key_body));
    assert_eq!(fixed.matches("-----BEGIN CERTIFICATE-----").count(), 2);
    assert_eq!(lint_codes(out, "alb"), Vec::<String>::new());

    // A second run changes nothing.
    let again = truststore(&["fix", "--profile", "alb", "--at", AT, out]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stdout, fixed);
    assert!(
        again.stderr.starts_with(&format!("{out}: no changes\n")),
        "{}",
        again.stderr
    );
}

#[test]
fn what_cannot_be_fixed_is_kept_and_the_exit_code_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture_path("showcase.pem");
    let run = truststore(&["fix", "--at", AT, &input]);
    assert_eq!(run.code, 1, "errors remain: {}", run.stderr);
    assert!(run
        .stderr
        .contains("run `truststore lint` on the result for the rest"));
    // The expired CA is kept (only --drop-expired removes it), and said to be gone when asked.
    let kept = dir.path().join("kept.pem");
    fs::write(&kept, &run.stdout).unwrap();
    assert!(lint_codes(kept.to_str().unwrap(), "apigw").contains(&"expired".to_string()));
    let dropped = truststore(&["fix", "--at", AT, "--drop-expired", &input]);
    assert!(dropped.stderr.contains(":65: removed `CN=Expired Partner CA,O=truststore fixtures`, expired on 2026-05-02T00:00:00Z"), "{}", dropped.stderr);
    let out = dir.path().join("dropped.pem");
    fs::write(&out, &dropped.stdout).unwrap();
    assert!(!lint_codes(out.to_str().unwrap(), "apigw").contains(&"expired".to_string()));
}

#[test]
fn missing_issuers_are_added_from_a_directory_when_their_signature_verifies() {
    let input = fixture_path("lint/issuer-not-found.fail.pem");
    let before = truststore(&["fix", "--at", AT, &input]);
    assert_eq!(before.code, 1);
    let run = truststore(&[
        "fix",
        "--at",
        AT,
        "--add-from",
        &fixture_path("lint"),
        &input,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The impostor root of bad-signature.fail.pem has the name but not the key: not taken.
    assert!(
        run.stderr.contains("bad-signature.pass.pem:1: added `CN=Fixture Root CA,O=truststore fixtures`, the issuer of `CN=Fixture Issuing CA,O=truststore fixtures`"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout.matches("-----BEGIN CERTIFICATE-----").count(), 2);
}

#[test]
fn other_formats_are_written_as_pem_and_dry_run_shows_a_diff_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let der = fixture_path("lint/not-pem.fail-p12.p12");
    let run = truststore(&["fix", "--at", AT, &der]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("converted from PKCS#12 to PEM"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, pem("lint/not-pem.pass.pem"));
    truststore(&["fix", "--in-place", &der]).assert_error("--in-place rewrites a PEM file only");

    let input = dir.path().join("dup.pem");
    let (root, _) = root_and_issuing();
    fs::write(&input, format!("{root}{root}")).unwrap();
    let input = input.to_str().unwrap();
    let dry = truststore(&["fix", "--dry-run", "--at", AT, input]);
    assert_eq!(dry.code, 0);
    assert!(
        dry.stdout
            .starts_with(&format!("--- a/{input}\n+++ b/{input}\n@@ ")),
        "{}",
        dry.stdout
    );
    let removed = dry
        .stdout
        .lines()
        .skip(2) // the --- and +++ header
        .filter(|l| l.starts_with('-'))
        .count();
    assert_eq!(removed, root.lines().count(), "{}", dry.stdout);
    assert_eq!(
        fs::read_to_string(input).unwrap(),
        format!("{root}{root}"),
        "nothing written"
    );
    let in_place = truststore(&["fix", "--in-place", "--at", AT, input]);
    assert_eq!(in_place.code, 0);
    assert_eq!(fs::read_to_string(input).unwrap(), root);
}

#[test]
fn a_mistyped_end_line_is_named_by_lint_and_corrected_by_fix() {
    let dir = tempfile::tempdir().unwrap();
    let (root, issuing) = root_and_issuing();
    let input = dir.path().join("mismatch.pem");
    let mistyped = issuing.replace(
        "-----END CERTIFICATE-----",
        "-----END CERTIFICATE REQUEST-----",
    );
    fs::write(&input, format!("{root}{mistyped}")).unwrap();
    let input = input.to_str().unwrap();
    let (code, doc) = common::lint_json_under(input, "apigw");
    assert_eq!(code, 1);
    let finding = &doc["findings"][0];
    assert_eq!(finding["code"], "malformed");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("BEGIN CERTIFICATE is closed by END CERTIFICATE REQUEST"),
        "{finding}"
    );
    let run = truststore(&["fix", "--at", AT, input]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = root.lines().count() + 1;
    assert!(run.stderr.contains(&format!(
        "{input}:{line}: corrected its END line (it said END CERTIFICATE REQUEST) (CN=Fixture Issuing CA,O=truststore fixtures)"
    )), "{}", run.stderr);
    assert_eq!(run.stdout, format!("{root}{issuing}"));
}
