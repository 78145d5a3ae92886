//! Certificate files in the formats people hold (DER, PKCS#7, PKCS#12, UTF-16, directories) and
//! files that are not certificates at all: read or refused by the real binary, with the finding
//! or message a user sees, and the conversion commands they are given run through openssl.

mod common;

use common::{truststore, verify_json, AT};
use std::fs;
use std::path::Path;
use std::process::Command;

/// `lint --at AT --format json` of `path` with extra flags.
fn lint(path: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["lint", "--at", AT, "--format", "json"];
    args.extend_from_slice(extra);
    args.push(path);
    let run = truststore(&args);
    (run.code, run.json())
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Runs `program` with `args` in `dir`, asserting success.
fn run_in(dir: &Path, program: &str, args: &[&str]) {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect(program);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `command` with `sh -c` in `dir`, asserting success.
fn shell(dir: &Path, command: &str) {
    run_in(dir, "sh", &["-c", command]);
}

/// The command between backticks in `hint`.
fn command_in(hint: &str) -> String {
    hint.split('`')
        .nth(1)
        .expect("a command in backticks")
        .to_string()
}

fn openssl(dir: &Path, args: &[&str]) {
    run_in(dir, "openssl", args);
}

fn absolute(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn each_format_is_linted_as_its_pem_with_a_not_pem_finding_whose_command_writes_that_pem() {
    let (code, pem) = lint("fixtures/lint/not-pem.pass.pem", &[]);
    assert_eq!(code, 0, "{pem}");
    for name in [
        "not-pem.fail.der",
        "not-pem.fail-p7b.p7b",
        "not-pem.fail-p7c.p7c",
        "not-pem.fail-p12.p12",
        "not-pem.fail-utf16.pem",
    ] {
        let file = absolute(&format!("fixtures/lint/{name}"));
        let (code, doc) = lint(&file, &[]);
        assert_eq!(code, 1, "{name}: {doc}");
        assert_eq!(
            codes(&doc),
            ["not-pem"],
            "{name}: only the conversion is wrong"
        );
        let finding = &doc["findings"][0];
        assert_eq!(finding["file"], file.as_str());
        assert_eq!(finding["line"], 1);
        let certificates = if name.ends_with(".der") { 1 } else { 2 };
        assert_eq!(doc["files"][0]["certificates"], certificates, "{name}");
        assert_eq!(
            doc["files"][0]["refused"],
            "the custom domain name cannot be created or updated with this truststore",
            "{name}"
        );
        // The command the hint gives writes a PEM that lints clean with the same certificates.
        let dir = tempfile::tempdir().unwrap();
        let mut command = command_in(finding["hint"].as_str().unwrap());
        if name.ends_with(".p12") {
            // openssl asks for the (empty) import password on a terminal; the test has none.
            command.push_str(" -passin pass:");
        }
        shell(dir.path(), &command);
        let written: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(written.len(), 1, "{command} wrote one file");
        let written = written[0].as_ref().unwrap().path();
        let (code, converted) = lint(written.to_str().unwrap(), &[]);
        assert_eq!(code, 0, "{command}: {converted}");
        assert_eq!(converted["files"][0]["certificates"], certificates);
    }
}

#[test]
fn verify_reads_der_truststores_and_clients_with_the_verdict_of_their_pem() {
    let dir = tempfile::tempdir().unwrap();
    let der = |from: &str, to: &str| {
        openssl(
            dir.path(),
            &[
                "x509",
                "-in",
                &absolute(from),
                "-outform",
                "der",
                "-out",
                to,
            ],
        );
        dir.path().join(to).to_str().unwrap().to_string()
    };
    let ts = der("fixtures/verify/chain-2/truststore.pem", "ts.der");
    let client = der("fixtures/verify/chain-2/client.pem", "client.der");
    let run = verify_json(&ts, &[&client]);
    let doc = run.json();
    let result = &doc["results"][0];
    assert_eq!(result["verdict"], "accepted", "{doc}");
    assert_eq!(result["file"], client.as_str());
    // The truststore is not PEM, which the service refuses: said before the verdicts.
    assert_eq!(doc["truststore_findings"][0]["code"], "not-pem", "{doc}");
    let pem = verify_json(
        "fixtures/verify/chain-2/truststore.pem",
        &["fixtures/verify/chain-2/client.pem"],
    );
    assert_eq!(pem.json()["results"][0]["chain"], result["chain"]);
}

#[test]
fn a_directory_is_one_bundle_in_name_order_whose_findings_name_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::copy(
        absolute("fixtures/verify/chain-2/truststore.pem"),
        root.join("b-root.pem"),
    )
    .unwrap();
    openssl(
        root,
        &[
            "x509",
            "-in",
            "b-root.pem",
            "-outform",
            "der",
            "-out",
            "a-root.der",
        ],
    );
    fs::write(root.join("c-notes.crt"), "kept by hand\n").unwrap();
    fs::write(root.join("README.txt"), "not a certificate file: skipped\n").unwrap();
    let dir_name = root.to_str().unwrap();
    let (code, doc) = lint(dir_name, &[]);
    assert_eq!(code, 1, "{doc}");
    let findings: Vec<(String, String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let name = Path::new(file).file_name().unwrap().to_str().unwrap();
            (
                f["code"].as_str().unwrap().to_string(),
                name.to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("not-pem".to_string(), "a-root.der".to_string(), 1),
            ("duplicate".to_string(), "b-root.pem".to_string(), 1),
            ("stray-text".to_string(), "c-notes.crt".to_string(), 1),
        ]
    );
    assert!(doc["findings"][1]["message"]
        .as_str()
        .unwrap()
        .ends_with("a-root.der:1"));
    assert_eq!(doc["files"][0]["file"], dir_name);
    assert_eq!(doc["files"][0]["certificates"], 2);

    // The human report shows each file's finding under the directory's summary.
    let human = truststore(&["lint", "--at", AT, dir_name]);
    assert!(
        human
            .stdout
            .contains(&format!("--> {dir_name}/c-notes.crt:1")),
        "{}",
        human.stdout
    );

    // A path through it names the file and line of each truststore certificate.
    let run = verify_json(dir_name, &["fixtures/verify/chain-2/client.pem"]);
    let chain = &run.json()["results"][0]["chain"];
    assert_eq!(
        chain[1]["file"],
        format!("{dir_name}/a-root.der"),
        "{chain}"
    );
    assert_eq!(chain[1]["line"], 1);
}

#[test]
fn pkcs12_opens_with_the_passphrase_and_its_keys_are_counted_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    openssl(
        root,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
            "-subj",
            "/CN=PKCS12 Test CA",
            "-days",
            "3650",
        ],
    );
    let export = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "pkcs12",
            "-export",
            "-inkey",
            "key.pem",
            "-in",
            "cert.pem",
            "-passout",
            "pass:s3cret",
            "-out",
            out,
        ];
        args.extend_from_slice(extra);
        openssl(root, &args);
        root.join(out).to_str().unwrap().to_string()
    };
    let modern = export("modern.p12", &[]);
    // OpenSSL 1.1's default (RC2-40 certificates, 3DES key), and 3DES certificates as older
    // Windows writes them.
    let legacy = export("legacy.p12", &["-legacy"]);
    let triple_des = export(
        "3des.p12",
        &["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES"],
    );
    fs::write(root.join("right"), "s3cret\n").unwrap();
    fs::write(root.join("wrong"), "guess\n").unwrap();
    let key_body: String = fs::read_to_string(root.join("key.pem"))
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();

    let right = root.join("right");
    let (code, doc) = lint(&modern, &["--passphrase-file", right.to_str().unwrap()]);
    assert_eq!(code, 1, "{doc}");
    let message = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("is a PKCS#12 file, not PEM; read here as 1 certificate and 1 private key (not read, not shown)"),
        "{message}"
    );
    assert!(!doc.to_string().contains(&key_body));

    let by_env = Command::new(env!("CARGO_BIN_EXE_truststore"))
        .args(["lint", "--at", AT, "--passphrase-env", "P12_PASS", &modern])
        .env("P12_PASS", "s3cret")
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&by_env.stdout).contains("error[not-pem]"));

    truststore(&["lint", &modern]).assert_error(&format!(
        "{modern}: PKCS#12 file whose certificates are encrypted: give its passphrase with --passphrase-file or --passphrase-env"
    ));
    let wrong = root.join("wrong");
    truststore(&[
        "lint",
        "--passphrase-file",
        wrong.to_str().unwrap(),
        &modern,
    ])
    .assert_error("the passphrase does not decrypt its certificates (wrong passphrase?)");
    for file in [&legacy, &triple_des] {
        let (code, doc) = lint(file, &["--passphrase-file", right.to_str().unwrap()]);
        assert_eq!(code, 1, "{file}: {doc}");
        // (The certificate was made today, so it is also not yet valid at AT.)
        assert!(doc["findings"][0]["message"]
            .as_str()
            .unwrap()
            .ends_with("read here as 1 certificate and 1 private key (not read, not shown)"));
        assert_eq!(doc["files"][0]["certificates"], 1);
        truststore(&["lint", "--passphrase-file", wrong.to_str().unwrap(), file])
            .assert_error("the passphrase does not decrypt its certificates (wrong passphrase?)");
    }
}

#[test]
fn files_that_are_not_certificates_say_what_they_are_and_what_converts_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let path = |name: &str| root.join(name).to_str().unwrap().to_string();
    let ca = absolute("fixtures/verify/chain-2/truststore.pem");
    openssl(
        root,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            "key.pem",
        ],
    );
    openssl(
        root,
        &[
            "req", "-new", "-key", "key.pem", "-subj", "/CN=x", "-out", "req.csr",
        ],
    );
    openssl(
        root,
        &[
            "req", "-new", "-key", "key.pem", "-subj", "/CN=x", "-outform", "der", "-out",
            "req.der",
        ],
    );
    openssl(
        root,
        &[
            "pkey", "-in", "key.pem", "-outform", "der", "-out", "key.der",
        ],
    );
    openssl(
        root,
        &[
            "pkey", "-in", "key.pem", "-pubout", "-outform", "der", "-out", "pub.der",
        ],
    );
    openssl(
        root,
        &[
            "x509",
            "-in",
            &ca,
            "-trustout",
            "-addtrust",
            "clientAuth",
            "-out",
            "trusted.pem",
        ],
    );
    let key_der = fs::read(root.join("key.der")).unwrap();
    let cases = [
        (path("req.csr"), "a certificate signing request (CSR) at line 1, not a certificate; have the CA sign it"),
        (path("req.der"), "a certificate signing request (CSR, DER), not a certificate; have the CA sign it (`openssl x509 -req -inform der"),
        (path("key.der"), "a private key (DER, not shown), not a certificate"),
        (path("pub.der"), "a public key (DER), not a certificate"),
        (path("trusted.pem"), "an OpenSSL TRUSTED CERTIFICATE (a certificate with OpenSSL trust settings) at line 1, not a certificate; convert it with `openssl x509 -in"),
    ];
    for (file, expected) in &cases {
        let run = truststore(&["lint", file]);
        run.assert_error(&format!("truststore: {file}: {expected}"));
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        let printed = run.stderr.as_bytes();
        assert!(
            !printed
                .windows(16)
                .any(|w| key_der.windows(16).any(|k| k == w)),
            "no key bytes"
        );
    }
    // The commands given for OpenSSL's TRUSTED CERTIFICATE and the old X509 CERTIFICATE label
    // give a plain certificate that lints.
    let old_label = fs::read_to_string(&ca)
        .unwrap()
        .replace(" CERTIFICATE-----", " X509 CERTIFICATE-----");
    fs::write(root.join("old-label.pem"), old_label).unwrap();
    for file in ["trusted.pem", "old-label.pem"] {
        let run = truststore(&["lint", &path(file)]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        let _ = fs::remove_file(root.join("certificates.pem"));
        shell(root, &command_in(&run.stderr));
        let (code, doc) = lint(&path("certificates.pem"), &[]);
        assert_eq!(code, 0, "{file}: {doc}");
    }

    // A PKCS#7 file with a key pasted after it is not converted (the key would go unseen): the
    // error names both.
    let mut p7_and_key = fs::read(absolute("fixtures/lint/not-pem.fail-p7b.p7b")).unwrap();
    p7_and_key.extend(fs::read(root.join("key.pem")).unwrap());
    fs::write(root.join("p7-and-key.pem"), p7_and_key).unwrap();
    truststore(&["lint", &path("p7-and-key.pem")]).assert_error(
        "a PKCS#7 bundle at line 1, not a certificate; convert it with `openssl pkcs7 -print_certs",
    );
    truststore(&["lint", &path("p7-and-key.pem")])
        .assert_error("; it also holds a private key at line ");

    // A revocation list is told where it goes under each profile.
    let crl = "fixtures/crl/issuing.crl.pem";
    truststore(&["lint", crl]).assert_error(
        "a certificate revocation list (CRL), not a certificate; API Gateway does not check revocation lists",
    );
    truststore(&["lint", "--profile", "alb", crl]).assert_error(
        "a certificate revocation list (CRL), not a certificate; Application Load Balancer takes revocation lists beside the CA bundle: pass it with `truststore verify --crl FILE`",
    );
    truststore(&[
        "verify",
        "--profile",
        "nlb",
        "-t",
        "fixtures/crl/issuing.crl.der",
        "fixtures/verify/chain-2/client.pem",
    ])
    .assert_error("Network Load Balancer takes revocation lists beside the CA bundle");
}

/// How many certificates OpenSSL reads from a PEM bundle (as `-CAfile` would).
fn openssl_count(path: &str) -> usize {
    let p7 = Command::new("openssl")
        .args(["crl2pkcs7", "-nocrl", "-certfile", path])
        .output()
        .unwrap();
    let mut print = Command::new("openssl")
        .args(["pkcs7", "-print_certs", "-noout"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    print.stdin.take().unwrap().write_all(&p7.stdout).unwrap();
    let out = print.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .matches("subject=")
        .count()
}

#[test]
fn pem_layout_mistakes_are_read_here_and_named_where_openssl_loses_certificates() {
    for (name, code, openssl_reads) in [
        ("missing-newline.fail.pem", "missing-newline", 0),
        ("indented-pem.fail.pem", "indented-pem", 1),
    ] {
        let file = format!("fixtures/lint/{name}");
        let (exit, doc) = lint(&file, &[]);
        assert_eq!(exit, 1, "{doc}");
        assert_eq!(codes(&doc), [code], "{name}");
        // Both certificates are read (and judged); OpenSSL reads fewer, which is the finding.
        assert_eq!(doc["files"][0]["certificates"], 2, "{name}");
        assert_eq!(openssl_count(&file), openssl_reads, "{name}");
        let pass = file.replace(".fail.", ".pass.");
        assert_eq!(openssl_count(&pass), 2, "{pass}");
    }
}

#[test]
fn text_in_another_encoding_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let pem = fs::read(absolute("fixtures/good.pem")).unwrap();
    // "Zertifikat für Partner" in Windows-1252, above the first block.
    let mut latin = b"Zertifikat f\xfcr Partner\n".to_vec();
    latin.extend_from_slice(&pem);
    let file = dir.path().join("latin.pem");
    fs::write(&file, &latin).unwrap();
    let (_, doc) = lint(file.to_str().unwrap(), &[]);
    assert_eq!(
        doc["findings"][0]["message"],
        "text outside any PEM block, and not UTF-8 (Windows-1252 or Latin-1?)"
    );
    // UTF-16 (as Windows editors save "Unicode" text) is read, and named.
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain(String::from_utf8(pem).unwrap().encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let file = dir.path().join("unicode.pem");
    fs::write(&file, &utf16).unwrap();
    let (code, doc) = lint(file.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert_eq!(codes(&doc), ["not-pem"]);
    assert!(doc["findings"][0]["message"]
        .as_str()
        .unwrap()
        .ends_with("unicode.pem is UTF-16 text, not ASCII PEM; read here as UTF-8"));
    assert_eq!(doc["files"][0]["certificates"], 8);
}

#[test]
fn a_crl_checked_against_a_directory_names_the_file_of_its_signer() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        absolute("fixtures/crl/truststore.pem"),
        dir.path().join("cas.pem"),
    )
    .unwrap();
    let dir_name = dir.path().to_str().unwrap();
    let run = truststore(&[
        "crl",
        "lint",
        "--at",
        AT,
        "-t",
        dir_name,
        "fixtures/crl/issuing.crl.pem",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!(", signed by truststore {dir_name}/cas.pem:22\n")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_der_truststore_on_standard_input_gets_a_command_that_reads_standard_input() {
    let der = fs::read(absolute("fixtures/lint/not-pem.fail.der")).unwrap();
    let run =
        common::truststore_with_stdin(&["lint", "--at", AT, "--format", "json", "-"], Some(&der));
    let doc = run.json();
    assert_eq!(doc["findings"][0]["file"], "<stdin>");
    let command = command_in(doc["findings"][0]["hint"].as_str().unwrap());
    assert_eq!(command, "openssl x509 -inform der -out certificates.pem");
    let dir = tempfile::tempdir().unwrap();
    shell(
        dir.path(),
        &format!("{command} < {}", absolute("fixtures/lint/not-pem.fail.der")),
    );
    let (code, _) = lint(dir.path().join("certificates.pem").to_str().unwrap(), &[]);
    assert_eq!(code, 0);
}
