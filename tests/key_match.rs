//! `truststore match`, and the guarantee that no command ever prints private-key material.

mod common;

use base64::Engine;
use common::{fixture_path, truststore, Run};
use std::process::Command;

const KEYS: &[(&str, &str)] = &[
    ("rsa.pkcs1.pem", "rsa-cert.pem"),
    ("rsa.pkcs8.pem", "rsa-cert.pem"),
    ("rsa.pkcs8-encrypted.pem", "rsa-cert.pem"),
    ("ec.sec1.pem", "ec-cert.pem"),
    ("ec.pkcs8.pem", "ec-cert.pem"),
    ("ec.pkcs8-encrypted.pem", "ec-cert.pem"),
    ("p384.sec1.pem", "p384-cert.pem"),
];
const CERTS: &[&str] = &["rsa-cert.pem", "ec-cert.pem", "p384-cert.pem"];
const PASS_FILE: &str = "fixtures/match/passphrase.txt";

fn m(rel: &str) -> String {
    format!("fixtures/match/{rel}")
}

fn match_json(key: &str, certs: &[&str]) -> (i32, serde_json::Value) {
    let key = m(key);
    let mut args = vec![
        "match",
        "--format",
        "json",
        "--passphrase-file",
        PASS_FILE,
        "--key",
        &key,
        "--cert",
    ];
    let certs: Vec<String> = certs.iter().map(|c| m(c)).collect();
    args.extend(certs.iter().map(String::as_str));
    let run = truststore(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    (run.code, run.json())
}

#[test]
fn every_key_encoding_matches_its_certificate_and_no_other() {
    for &(key, own) in KEYS {
        let (code, doc) = match_json(key, &[own]);
        assert_eq!(code, 0, "{key}");
        assert_eq!(doc["certificates"][0]["match"], true, "{key}");
        assert_eq!(
            doc["key"]["spki_sha256"],
            doc["certificates"][0]["spki_sha256"]
        );
        let others: Vec<&str> = CERTS.iter().copied().filter(|c| *c != own).collect();
        let (code, doc) = match_json(key, &others);
        assert_eq!(code, 1, "{key}");
        for c in doc["certificates"].as_array().unwrap() {
            assert_eq!(c["match"], false, "{key} vs {}", c["file"]);
        }
    }
}

#[test]
fn the_key_hash_is_the_one_openssl_computes() {
    if Command::new("openssl").arg("version").output().is_err() {
        return; // no openssl here: nothing to compare against
    }
    for &(key, own) in KEYS {
        let out = Command::new("openssl")
            .args(["pkey", "-pubout", "-outform", "der", "-passin"])
            .arg(format!("file:{}", fixture_path("match/passphrase.txt")))
            .arg("-in")
            .arg(fixture_path(&format!("match/{key}")))
            .output()
            .unwrap();
        assert!(out.status.success(), "{key}");
        use sha2::Digest;
        let digest: String = sha2::Sha256::digest(&out.stdout)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let (_, doc) = match_json(key, &[own]);
        assert_eq!(doc["key"]["spki_sha256"], digest.as_str(), "{key}");
    }
}

#[test]
fn human_output_puts_the_hashes_side_by_side() {
    let run = truststore(&[
        "match",
        "--key",
        &m("ec.sec1.pem"),
        "--cert",
        &m("ec-cert.pem"),
        &m("rsa-cert.pem"),
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("match_human", run.stdout);
}

#[test]
fn the_passphrase_comes_from_a_file_or_a_named_variable_and_errors_exit_two() {
    let key = m("rsa.pkcs8-encrypted.pem");
    let cert = m("rsa-cert.pem");
    let without = truststore(&["match", "--key", &key, "--cert", &cert]);
    assert_eq!(without.code, 2);
    assert!(without.stderr.contains(
        "the key is encrypted; give its passphrase with --passphrase-file or --passphrase-env"
    ));
    let env_run = |value: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_truststore"))
            .args([
                "match",
                "--passphrase-env",
                "TRUSTSTORE_TEST_PASS",
                "--key",
                &key,
                "--cert",
                &cert,
            ])
            .env("TRUSTSTORE_TEST_PASS", value)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    assert_eq!(env_run("correct horse battery staple").0, 0);
    let (code, stderr) = env_run("wrong");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot decrypt the key: wrong passphrase"));
    assert!(
        !stderr.contains("wrong\n") && !stderr.contains("'wrong'"),
        "the passphrase is not echoed"
    );
    let unset = truststore(&[
        "match",
        "--passphrase-env",
        "TRUSTSTORE_NO_SUCH_VAR",
        "--key",
        &key,
        "--cert",
        &cert,
    ]);
    assert_eq!(unset.code, 2);
    // A key where a certificate should be, and a certificate where the key should be.
    let swapped = truststore(&["match", "--key", &cert, "--cert", &m("rsa.pkcs1.pem")]);
    swapped.assert_error("no PRIVATE KEY block found");
    let swapped = truststore(&[
        "match",
        "--key",
        &m("rsa.pkcs1.pem"),
        "--cert",
        &m("rsa.pkcs1.pem"),
    ]);
    assert_eq!(swapped.code, 2);
    assert!(swapped
        .stderr
        .contains("a private key (not shown) at line 1, not a certificate"));
}

/// The output formats of each command (`--format`).
fn formats_of(command: &str) -> &'static [&'static str] {
    match command {
        "lint" => &["human", "json", "sarif", "github"],
        "verify" => &["human", "json", "github"],
        _ => &["human", "json"],
    }
}

/// Every run of every command that is handed a private key, in every format it has.
fn runs_fed_with_keys() -> Vec<(String, Run)> {
    let mut runs = Vec::new();
    // `command` in each of its formats, with `args` after `--format F`.
    let mut record = |command: &str, args: &[&str]| {
        for format in formats_of(command) {
            let mut full = vec![command, "--format", format];
            full.extend_from_slice(args);
            runs.push((full.join(" "), truststore(&full)));
        }
    };
    for &(key, own) in KEYS {
        let (key, own) = (m(key), m(own));
        let (key, own) = (key.as_str(), own.as_str());
        let pass = ["--passphrase-file", PASS_FILE];
        record(
            "match",
            &[&pass[..], &["--key", key, "--cert", own, key]].concat(),
        );
        // A passphrase that is wrong (the value of PATH).
        record(
            "match",
            &["--passphrase-env", "PATH", "--key", key, "--cert", own],
        );
        record("lint", &[key]);
        record("inspect", &[key]);
        record("verify", &["-t", key, own]);
        record("verify", &["-t", own, key]);
        record("diff", &[key, own, "--clients", key]);
        record("diff", &[own, key]);
    }
    // A bundle with a key pasted in, through every command.
    let bundle = "fixtures/lint/private-key-in-bundle.fail.pem";
    record("lint", &[bundle]);
    record("inspect", &[bundle]);
    record("verify", &["-t", bundle, bundle]);
    record("diff", &["fixtures/good.pem", bundle, "--clients", bundle]);
    runs
}

#[test]
fn no_command_ever_prints_private_key_material() {
    let mut secrets: Vec<String> = Vec::new();
    let key_files = KEYS
        .iter()
        .map(|k| format!("match/{}", k.0))
        .chain(["lint/private-key-in-bundle.fail.pem".to_string()]);
    for rel in key_files {
        let text = std::fs::read_to_string(fixture_path(&rel)).unwrap();
        let mut in_key = false;
        let mut body = String::new();
        for line in text.lines() {
            if line.starts_with("-----BEGIN") {
                in_key = line.contains("PRIVATE KEY");
            } else if line.starts_with("-----END") {
                in_key = false;
            } else if in_key {
                body.push_str(line);
                // Every line, and every 16-character piece of it.
                secrets.push(line.to_string());
                secrets.extend(
                    line.as_bytes()
                        .chunks(16)
                        .filter(|c| c.len() == 16)
                        .map(|c| String::from_utf8(c.to_vec()).unwrap()),
                );
            }
        }
        assert!(!body.is_empty(), "{rel} has a key");
        // The key's DER in hex too, as a dump would show it: every 8-byte piece.
        let der = base64::engine::general_purpose::STANDARD
            .decode(&body)
            .unwrap();
        for piece in der.chunks(8).filter(|c| c.len() == 8) {
            let hex: String = piece.iter().map(|b| format!("{b:02x}")).collect();
            secrets.push(hex.to_uppercase());
            secrets.push(hex);
        }
    }
    let runs = runs_fed_with_keys();
    assert!(runs.len() > 150, "{} runs", runs.len());
    for (label, run) in &runs {
        for secret in &secrets {
            assert!(
                !run.stdout.contains(secret.as_str()),
                "{label}: stdout holds key material"
            );
            assert!(
                !run.stderr.contains(secret.as_str()),
                "{label}: stderr holds key material"
            );
        }
    }
}
