//! `truststore pki` through the binary: what `init` and `issue` make passes `lint` and
//! `verify` under its profile and `openssl verify`; each fault is denied with its code by
//! truststore and, where OpenSSL has the rule, by OpenSSL; `revoke` writes a CRL both take.

mod common;

use common::{truststore, AT};
use std::path::Path;
use std::process::Command;

/// 2026-06-01T00:00:00Z.
const AT_EPOCH: &str = "1780272000";

fn path(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

fn init(dir: &Path, profile: &str, key: &str, intermediates: &str) -> common::Run {
    let run = truststore(&[
        "pki",
        "init",
        &dir.display().to_string(),
        "--profile",
        profile,
        "--key",
        key,
        "--intermediates",
        intermediates,
        "--seed",
        "tests",
        "--at",
        AT,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    run
}

fn issue(dir: &Path, cn: &str, extra: &[&str]) -> common::Run {
    let dir = dir.display().to_string();
    let mut args = vec![
        "pki", "issue", &dir, "--cn", cn, "--seed", "tests", "--at", AT,
    ];
    args.extend_from_slice(extra);
    truststore(&args)
}

/// `openssl verify` of `leaf` (with the CAs it sends as untrusted) under API Gateway's policy
/// in OpenSSL's terms (`-auth_level 2`: RSA >= 2048, no SHA-1; `-verify_depth 3`: four CAs),
/// `-partial_chain` where the profile anchors every truststore certificate; `None` without
/// openssl.
fn openssl_accepts(
    dir: &Path,
    truststore: &str,
    name: &str,
    partial: bool,
) -> Option<(bool, String)> {
    Command::new("openssl").arg("version").output().ok()?;
    let mut cmd = Command::new("openssl");
    cmd.args(common::OPENSSL_VERIFY_POLICY)
        .args(["-attime", AT_EPOCH, "-no-CApath", "-no-CAstore"])
        .args([
            "-CAfile",
            &path(dir, truststore),
            "-untrusted",
            &path(dir, &format!("{name}.pem")),
        ]);
    if partial {
        cmd.arg("-partial_chain");
    }
    let out = cmd
        .arg(path(dir, &format!("{name}.leaf.pem")))
        .output()
        .ok()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((out.status.success(), text))
}

fn verify_code(
    dir: &Path,
    truststore_file: &str,
    profile: &str,
    name: &str,
) -> (i32, serde_json::Value) {
    let run = truststore(&[
        "verify",
        "--truststore",
        &path(dir, truststore_file),
        "--profile",
        profile,
        "--at",
        AT,
        "--format",
        "json",
        &path(dir, &format!("{name}.pem")),
    ]);
    (run.code, run.json())
}

#[test]
fn every_profile_and_key_kind_gets_a_pki_that_lints_clean_and_verifies() {
    // Every profile with every key kind, the depths 0 to 3 in turn.
    let profiles = ["apigw", "alb", "nlb", "cloudfront"];
    let kinds = ["rsa2048", "rsa3072", "rsa4096", "p256", "p384"];
    let depths = ["0", "1", "2", "3"];
    let cases = profiles.iter().enumerate().flat_map(|(p, profile)| {
        kinds
            .iter()
            .enumerate()
            .map(move |(k, key)| (*profile, *key, depths[(p + k) % depths.len()]))
    });
    for (profile, key, depth) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let made = init(dir, profile, key, depth);
        let cas = depth.parse::<usize>().unwrap() + 1;
        let plural = if cas == 1 { "" } else { "s" };
        assert!(
            made.stdout.contains(&format!("truststore.pem: {cas} certificate{plural}, 0 errors, 0 warnings (profile {profile})")),
            "{}",
            made.stdout
        );
        assert!(!made.stdout.contains("PRIVATE KEY"), "{}", made.stdout);
        let text = std::fs::read_to_string(dir.join("truststore.pem")).unwrap();
        assert!(!text.contains("\n\n"), "no blank lines");
        for comment in text.lines().filter(|l| l.starts_with('#')) {
            assert!(!comment.contains('-'), "a comment with a dash: {comment}");
        }
        let lint = truststore(&[
            "lint",
            &path(dir, "truststore.pem"),
            "--profile",
            profile,
            "--at",
            AT,
            "--deny-warnings",
        ]);
        assert_eq!(lint.code, 0, "{profile} {key}: {}", lint.stdout);

        let issued = issue(
            dir,
            "device-1",
            &[
                "--san",
                "dns:device-1.example",
                "--san",
                "uri:spiffe://example/d1",
            ],
        );
        assert_eq!(
            issued.code, 0,
            "{profile} {key}: {}{}",
            issued.stdout, issued.stderr
        );
        assert!(
            issued.stdout.contains(&format!(
                "device-1.pem: accepted against truststore.pem (profile {profile})"
            )),
            "{}",
            issued.stdout
        );
        let (code, json) = verify_code(dir, "truststore.pem", profile, "device-1");
        assert_eq!(code, 0, "{json}");
        let partial = profile != "apigw";
        if let Some((ok, text)) = openssl_accepts(dir, "truststore.pem", "device-1", partial) {
            assert!(ok, "{profile} {key}: openssl refuses: {text}");
        }
        // The chain file is the client then its CAs below the root, as curl --cert wants.
        let chain = std::fs::read_to_string(dir.join("device-1.pem")).unwrap();
        assert_eq!(chain.matches("BEGIN CERTIFICATE").count(), cas);
    }
}

/// Each fault, its code, and whether OpenSSL (with the policy above) has the rule.
const FAULTS: &[(&str, &str, bool)] = &[
    ("expired", "expired", true),
    ("not-yet-valid", "not-yet-valid", true),
    ("sha1", "insecure-signature-algorithm", true),
    ("rsa1024", "unsupported-key", true),
    ("p521", "unsupported-key", false),
    ("self-signed", "self-signed", true),
    ("no-client-auth", "invalid-purpose", true),
    ("server-auth-only", "invalid-purpose", true),
    ("wrong-issuer-key", "bad-signature", true),
    ("too-deep", "chain-too-long", true),
    ("untrusted-root", "issuer-not-found", true),
];

#[test]
fn every_fault_is_denied_with_its_code_by_truststore_and_openssl() {
    for (profile, key) in [("apigw", "rsa2048"), ("alb", "p256")] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        init(dir, profile, key, "1");
        for &(fault, code, openssl_has_it) in FAULTS {
            let name = format!("bad-{fault}");
            let run = issue(dir, &name, &["--fault", fault]);
            if fault == "p521" && profile == "alb" {
                // The load balancers take P-521: not a fault there, and said so.
                run.assert_error("accepts p521 keys");
                continue;
            }
            assert_eq!(
                run.code, 0,
                "{profile} {fault}: {}{}",
                run.stdout, run.stderr
            );
            assert!(
                run.stdout.contains(&format!("denied ({code})")),
                "{profile} {fault}: {}",
                run.stdout
            );
            // apigw builds paths from the truststore alone: the extra CAs are in a copy of it.
            let bundle = if fault == "too-deep" && profile == "apigw" {
                format!("{name}.truststore.pem")
            } else {
                "truststore.pem".to_string()
            };
            let (exit, json) = verify_code(dir, &bundle, profile, &name);
            assert_eq!(exit, 1, "{profile} {fault}: {json}");
            assert_eq!(
                json["results"][0]["code"], code,
                "{profile} {fault}: {json}"
            );
            if openssl_has_it {
                if let Some((ok, text)) = openssl_accepts(dir, &bundle, &name, profile != "apigw") {
                    assert!(!ok, "{profile} {fault}: openssl accepts it: {text}");
                }
            }
        }
        // The one defect the services accept: a negative serial (as OpenSSL and AWS-LC do).
        let run = issue(dir, "negative", &["--fault", "negative-serial"]);
        assert_eq!(run.code, 0, "{}", run.stdout);
        assert!(run.stdout.contains("cannot revoke it"), "{}", run.stdout);
        let (exit, _) = verify_code(dir, "truststore.pem", profile, "negative");
        assert_eq!(exit, 0);
        let leaf = std::fs::read_to_string(dir.join("negative.leaf.pem")).unwrap();
        let serial = Command::new("openssl")
            .args(["x509", "-noout", "-serial", "-in"])
            .arg(dir.join("negative.leaf.pem"))
            .output();
        if let Ok(out) = serial {
            assert!(
                String::from_utf8_lossy(&out.stdout).starts_with("serial=-"),
                "{leaf}"
            );
        }
    }
}

#[test]
fn the_same_seed_and_time_make_the_same_files() {
    let make = |seed: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().display().to_string();
        let run = truststore(&["pki", "init", &dir, "--seed", seed, "--at", AT]);
        assert_eq!(run.code, 0);
        let run = truststore(&[
            "pki", "issue", &dir, "--cn", "a", "--seed", seed, "--at", AT,
        ]);
        assert_eq!(run.code, 0);
        [
            "root.key",
            "intermediate-1.pem",
            "truststore.pem",
            "a.pem",
            "a.key",
            "pki.toml",
        ]
        .map(|f| std::fs::read(tmp.path().join(f)).unwrap())
    };
    assert_eq!(make("one"), make("one"));
    assert_ne!(make("one")[0], make("two")[0]);
}

#[test]
fn pki_refuses_to_overwrite_and_keeps_keys_private() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir, "apigw", "p256", "1");
    let again = truststore(&["pki", "init", &dir.display().to_string(), "--at", AT]);
    again.assert_error("already exist");
    again.assert_error("--force");
    assert!(issue(dir, "a", &[]).code == 0);
    issue(dir, "a", &[]).assert_error("--force");
    assert_eq!(issue(dir, "a", &["--force"]).code, 0);
    #[cfg(unix)]
    for key in ["root.key", "intermediate-1.key", "a.key"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(key))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{key}");
        let text = std::fs::read_to_string(dir.join(key)).unwrap();
        assert!(
            text.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "PKCS#8: {key}"
        );
    }
    // The key belongs to the certificate (truststore's own key matcher).
    let matched = truststore(&[
        "match",
        "--key",
        &path(dir, "a.key"),
        "--cert",
        &path(dir, "a.leaf.pem"),
    ]);
    assert_eq!(matched.code, 0, "{}{}", matched.stdout, matched.stderr);
    assert!(!matched.stdout.contains("PRIVATE KEY"));
    // A key kind the profile refuses, and an unknown issuer, are usage errors.
    issue(dir, "b", &["--key", "rsa1024"]).assert_error("rsa1024");
    issue(dir, "b", &["--issuer", "nobody"]).assert_error("not a CA");
    truststore(&[
        "pki",
        "init",
        &path(dir, "x"),
        "--profile",
        "cloudfront",
        "--intermediates",
        "4",
    ])
    .assert_error("--intermediates");
}

#[test]
fn revoke_writes_a_crl_that_openssl_and_verify_take() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    init(dir, "alb", "p256", "1");
    assert_eq!(issue(dir, "kept", &[]).code, 0);
    assert_eq!(issue(dir, "gone", &[]).code, 0);
    let toml = std::fs::read_to_string(dir.join("pki.toml")).unwrap();
    let serial = toml
        .split("file = \"gone\"")
        .nth(1)
        .and_then(|rest| rest.lines().find(|l| l.starts_with("serial = ")))
        .and_then(|l| l.split('"').nth(1))
        .unwrap()
        .to_string();
    let run = truststore(&[
        "pki",
        "revoke",
        &dir.display().to_string(),
        "--serial",
        &serial,
        "--at",
        AT,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("wrote intermediate-1.crl.pem: 1 revoked"),
        "{}",
        run.stdout
    );
    let crl = path(dir, "intermediate-1.crl.pem");
    let verdict = |name: &str| {
        truststore(&[
            "verify",
            "--truststore",
            &path(dir, "truststore.pem"),
            "--profile",
            "alb",
            "--crl",
            &crl,
            "--at",
            AT,
            "--format",
            "json",
            &path(dir, &format!("{name}.pem")),
        ])
    };
    assert_eq!(verdict("kept").code, 0, "{}", verdict("kept").stdout);
    let gone = verdict("gone");
    assert_eq!(gone.code, 1);
    assert_eq!(
        gone.json()["results"][0]["code"],
        "revoked",
        "{}",
        gone.stdout
    );
    let lint = truststore(&[
        "crl",
        "lint",
        &crl,
        "-t",
        &path(dir, "truststore.pem"),
        "--at",
        AT,
    ]);
    assert_eq!(lint.code, 0, "{}", lint.stdout);
    if let Ok(out) = Command::new("openssl")
        .args([
            "verify",
            "-crl_check",
            "-attime",
            AT_EPOCH,
            "-partial_chain",
            "-CAfile",
        ])
        .arg(dir.join("truststore.pem"))
        .arg("-CRLfile")
        .arg(&crl)
        .arg(dir.join("gone.leaf.pem"))
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("certificate revoked"), "{text}");
    }
    // DER on request, as AWS Private CA publishes CRLs.
    let der = truststore(&[
        "pki",
        "revoke",
        &dir.display().to_string(),
        "--serial",
        &serial,
        "--der",
        "--at",
        AT,
    ]);
    assert_eq!(der.code, 0);
    let bytes = std::fs::read(dir.join("intermediate-1.crl")).unwrap();
    assert_eq!(bytes.first(), Some(&0x30));
    truststore(&[
        "pki",
        "revoke",
        &dir.display().to_string(),
        "--serial",
        "01:02",
        "--at",
        AT,
    ])
    .assert_error("not a certificate this PKI issued");
}
