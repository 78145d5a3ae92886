//! `truststore inspect`: every certificate of a bundle, facts cross-checked with openssl.

mod common;

use common::{fixture_path, truststore, AT};
use std::process::Command;

fn inspect_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["inspect", "--at", AT, "--format", "json"];
    all.extend_from_slice(args);
    let run = truststore(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn begin_lines(rel: &str) -> Vec<u64> {
    std::fs::read_to_string(fixture_path(rel))
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("-----BEGIN CERTIFICATE"))
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

#[test]
fn every_certificate_of_a_bundle_is_shown_with_its_index_and_line() {
    let doc = inspect_json(&["fixtures/good.pem"]);
    let certs = doc["files"][0]["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 8);
    let lines: Vec<u64> = certs.iter().map(|c| c["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, begin_lines("good.pem"));
    for (i, c) in certs.iter().enumerate() {
        assert_eq!(c["index"], i);
        assert_eq!(c["findings"], serde_json::json!([]));
    }
    let root = &certs[0];
    assert_eq!(root["self_signed"], true);
    assert_eq!(
        root["basic_constraints"],
        serde_json::json!({"ca": true, "path_len": null})
    );
    assert_eq!(
        root["key_usage"],
        serde_json::json!(["digitalSignature", "keyCertSign", "cRLSign"])
    );
    assert_eq!(root["key"]["type"], "RSA");
    assert_eq!(root["key"]["bits"], 2048);
    let ec = certs
        .iter()
        .find(|c| c["subject"] == "CN=Fixture EC Root CA,O=truststore fixtures")
        .unwrap();
    assert_eq!(ec["key"]["curve"], "P-384");
    assert_eq!(ec["signature_algorithm"], "ECDSA with SHA-384");
}

#[test]
fn findings_and_unreadable_blocks_are_shown_per_certificate() {
    let doc = inspect_json(&["fixtures/lint/malformed.fail.pem"]);
    let certs = doc["files"][0]["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 5);
    assert!(certs[0]["subject"].is_string());
    assert_eq!(
        certs[1]["error"],
        format!(
            "invalid base64 character '!' on line {}",
            begin_lines("lint/malformed.fail.pem")[1] + 1
        )
    );
    assert_eq!(certs[1]["findings"][0]["code"], "malformed");
    let doc = inspect_json(&["fixtures/lint/expired.fail.pem"]);
    assert_eq!(
        doc["files"][0]["certificates"][1]["findings"][0]["code"],
        "expired"
    );
}

#[test]
fn the_truststore_presence_tells_identical_same_subject_and_same_key_apart() {
    let presence = |scenario: &str| {
        let client = format!("fixtures/verify/{scenario}/client.pem");
        let ts = format!("fixtures/verify/{scenario}/truststore.pem");
        inspect_json(&[&client, "--truststore", &ts])["files"][0]["certificates"][0]["truststore"]
            .clone()
    };
    assert_eq!(
        presence("self-signed-other-key"),
        serde_json::json!({"identical": null, "same_subject": [22], "same_key": []})
    );
    assert_eq!(
        presence("self-signed-reissued"),
        serde_json::json!({"identical": null, "same_subject": [22], "same_key": [22]})
    );
    assert_eq!(
        presence("chain-1"),
        serde_json::json!({"identical": 22, "same_subject": [], "same_key": []})
    );
}

#[test]
fn human_output_of_a_small_bundle() {
    let run = truststore(&["inspect", "--at", AT, "fixtures/lint/expired.fail.pem"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("inspect_expired_human", run.stdout);
}

#[test]
fn unreadable_files_exit_two() {
    let run = truststore(&["inspect", "no-such.pem"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("truststore: no-such.pem"));
}

/// The CERTIFICATE blocks of a PEM file, each as its own PEM text (comments dropped).
fn pem_blocks(rel: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixture_path(rel)).unwrap();
    text.split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|b| {
            let body = b.split("-----END CERTIFICATE-----").next().unwrap();
            format!("-----BEGIN CERTIFICATE-----{body}-----END CERTIFICATE-----\n")
        })
        .collect()
}

/// Runs openssl on one PEM certificate and returns its stdout.
fn openssl(pem: &str, args: &[&str]) -> String {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("openssl");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(pem.as_bytes())
        .unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

#[test]
fn facts_agree_with_openssl_for_every_certificate() {
    if Command::new("openssl").arg("version").output().is_err() {
        return; // no openssl here: nothing to compare against
    }
    let pems = pem_blocks("good.pem");
    let doc = inspect_json(&["fixtures/good.pem"]);
    let certs = doc["files"][0]["certificates"].as_array().unwrap();
    assert_eq!(pems.len(), certs.len());
    for (pem, ours) in pems.iter().zip(certs) {
        let out = openssl(
            pem,
            &[
                "x509",
                "-noout",
                "-nameopt",
                "RFC2253",
                "-subject",
                "-issuer",
                "-serial",
                "-enddate",
                "-startdate",
                "-fingerprint",
                "-sha256",
            ],
        );
        let field = |name: &str| {
            out.lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_else(|| panic!("no {name} in {out}"))
                .to_string()
        };
        assert_eq!(field("subject="), ours["subject"].as_str().unwrap());
        assert_eq!(field("issuer="), ours["issuer"].as_str().unwrap());
        let serial = ours["serial"].as_str().unwrap().replace(':', "");
        assert_eq!(field("serial="), serial.trim_start_matches("00"));
        assert_eq!(field("notAfter="), ours["not_after_gmt"].as_str().unwrap());
        assert_eq!(
            field("notBefore="),
            ours["not_before_gmt"].as_str().unwrap()
        );
        assert_eq!(
            field("sha256 Fingerprint="),
            ours["sha256_fingerprint"].as_str().unwrap()
        );
        let sha1 = openssl(pem, &["x509", "-noout", "-fingerprint", "-sha1"]);
        assert_eq!(
            sha1.trim().trim_start_matches("sha1 Fingerprint="),
            ours["sha1_fingerprint"].as_str().unwrap()
        );
        // The public key's SHA-256, the modern form of `openssl x509 -modulus | openssl sha1`.
        let spki_pem = openssl(pem, &["x509", "-noout", "-pubkey"]);
        let spki_der: String = spki_pem
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        use base64ct::Encoding;
        use sha2::Digest;
        let der = base64ct::Base64::decode_vec(&spki_der).unwrap();
        let digest: String = sha2::Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(digest, ours["key"]["spki_sha256"].as_str().unwrap());
    }
}

#[test]
fn subjects_of_the_mozilla_bundle_match_openssl_rfc2253() {
    if Command::new("openssl").arg("version").output().is_err() {
        return; // no openssl here: nothing to compare against
    }
    let pems = pem_blocks("mozilla/cacert.pem");
    let doc = inspect_json(&["fixtures/mozilla/cacert.pem"]);
    let certs = doc["files"][0]["certificates"].as_array().unwrap();
    assert_eq!(pems.len(), certs.len());
    for (pem, ours) in pems.iter().zip(certs) {
        // RFC 2253 form, UTF-8 kept as is (OpenSSL would otherwise escape it as \XX).
        let out = openssl(
            pem,
            &["x509", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"],
        );
        assert_eq!(
            out.trim().trim_start_matches("subject="),
            ours["subject"].as_str().unwrap()
        );
    }
}

#[test]
fn subject_alternative_names_are_rendered_as_documented_with_othername_values_kept() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "k.pem", "-out", "c.pem", "-subj", "/CN=san test", "-days", "30",
            "-addext",
            "subjectAltName=DNS:x.example,IP:192.0.2.1,IP:2001:db8::1,email:a@x.example,URI:https://x.example/,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@x.example,otherName:1.2.3.4;INTEGER:5,dirName:dir_sect",
            "-config", "/dev/stdin",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(
                b"[req]\ndistinguished_name=dn\n[dn]\n[dir_sect]\nO=Example\nCN=Dir Name\n",
            )?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cert = dir.path().join("c.pem");
    let doc = inspect_json(&[cert.to_str().unwrap()]);
    assert_eq!(
        doc["files"][0]["certificates"][0]["subject_alt_names"],
        serde_json::json!([
            "DNS:x.example",
            "IP:192.0.2.1",
            "IP:2001:db8::1",
            "email:a@x.example",
            "URI:https://x.example/",
            "othername:1.3.6.1.4.1.311.20.2.3;UTF8:user@x.example",
            "othername:1.2.3.4;DER:020105",
            "DirName:CN=Dir Name,O=Example",
        ])
    );
}

#[test]
fn a_refused_certificate_shows_what_can_be_read_and_its_fingerprints() {
    let doc = inspect_json(&["fixtures/lint/malformed.fail.pem"]);
    let certs = doc["files"][0]["certificates"].as_array().unwrap();
    // Block 2: a valid certificate with two stray bytes after it inside the block.
    let refused = &certs[2];
    assert_eq!(
        refused["error"],
        "DER has 2 trailing bytes after the certificate"
    );
    let readable = &refused["readable"];
    assert_eq!(
        readable["subject"],
        "CN=Fixture Issuing CA,O=truststore fixtures"
    );
    assert_eq!(
        readable["issuer"],
        "CN=Fixture Root CA,O=truststore fixtures"
    );
    assert_eq!(readable["not_after"], "2036-01-01T00:00:00Z");
    assert_eq!(readable["serial_negative"], false);
    // The fingerprint is of the block's bytes, as `openssl x509 -fingerprint` gives for them.
    let block = pem_blocks("lint/malformed.fail.pem")[2].clone();
    let body: String = block.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64ct::Encoding;
    use sha2::Digest;
    let der = base64ct::Base64::decode_vec(&body).unwrap();
    let expected: Vec<String> = sha2::Sha256::digest(&der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    assert_eq!(readable["sha256_fingerprint"], expected.join(":"));
    // A block whose base64 does not decode has nothing to show.
    assert!(certs[1].get("readable").is_none(), "{}", certs[1]);
    let human = truststore(&["inspect", "--at", AT, "fixtures/lint/malformed.fail.pem"]);
    assert!(human
        .stdout
        .contains("  subject         CN=Fixture Issuing CA,O=truststore fixtures\n"));
}

#[test]
fn negative_serials_are_marked_and_pss_restricted_keys_named() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "genpkey",
        "-algorithm",
        "RSA-PSS",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "pss.key",
    ]);
    run(&[
        "req",
        "-x509",
        "-key",
        "pss.key",
        "-subj",
        "/CN=PSS Only CA",
        "-days",
        "3650",
        "-set_serial",
        "-1234",
        "-out",
        "pss.pem",
    ]);
    let file = dir.path().join("pss.pem");
    let doc = inspect_json(&[file.to_str().unwrap()]);
    let cert = &doc["files"][0]["certificates"][0];
    assert_eq!(cert["key"]["type"], "RSA-PSS", "{cert}");
    assert_eq!(cert["key"]["bits"], 2048);
    assert_eq!(cert["serial_negative"], true);
    let text = openssl(
        &std::fs::read_to_string(&file).unwrap(),
        &["x509", "-noout", "-text"],
    );
    assert!(text.contains("Public Key Algorithm: rsassaPss"), "{text}");
    assert!(text.contains("Serial Number: -1234 (-0x4d2)"), "{text}");
    let human = truststore(&["inspect", "--at", AT, file.to_str().unwrap()]);
    assert!(human.stdout.contains(" (negative)\n"), "{}", human.stdout);
    assert!(
        human.stdout.contains("public key      RSA-PSS 2048-bit"),
        "{}",
        human.stdout
    );
}

#[test]
fn with_a_truststore_the_files_are_clients_judged_by_verify_not_linted() {
    let accepted = inspect_json(&[
        "-t",
        "fixtures/verify/chain-2/truststore.pem",
        "fixtures/verify/chain-2/client.pem",
    ]);
    let file = &accepted["files"][0];
    assert_eq!(file["verdict"]["verdict"], "accepted", "{file}");
    // A client is a leaf: as a truststore it would be `leaf-in-truststore`; here it is not linted.
    assert_eq!(file["certificates"][0]["findings"], serde_json::json!([]));
    let denied = inspect_json(&[
        "-t",
        "fixtures/verify/expired/truststore.pem",
        "fixtures/verify/expired/client.pem",
    ]);
    let verdict = &denied["files"][0]["verdict"];
    assert_eq!(verdict["verdict"], "denied");
    assert_eq!(verdict["code"], "expired");
    assert_eq!(
        verdict["reason"],
        "Access denied. Reason: certificate has expired"
    );
    let human = truststore(&[
        "inspect",
        "--at",
        AT,
        "-t",
        "fixtures/verify/expired/truststore.pem",
        "fixtures/verify/expired/client.pem",
    ]);
    assert!(human.stdout.contains(
        "DENIED fixtures/verify/expired/client.pem as a client of the truststore [expired]: Access denied. Reason: certificate has expired"
    ), "{}", human.stdout);
}
