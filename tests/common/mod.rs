//! Helpers shared by the integration tests: run the real binary from the crate root.
#![allow(dead_code)]

pub mod forge;

use std::io::Write;
use std::process::{Command, Stdio};

pub const AT: &str = "2026-06-01";

/// `openssl verify` with API Gateway's policy in OpenSSL's terms: the purpose a TLS server
/// verifies clients for, `-auth_level 2` (RSA >= 2048 bits, no SHA-1 signatures but the trust
/// anchor's own) and `-verify_depth 3` (three intermediates and the root: four CAs).
pub const OPENSSL_VERIFY_POLICY: &[&str] = &[
    "verify",
    "-purpose",
    "sslclient",
    "-x509_strict",
    "-auth_level",
    "2",
    "-verify_depth",
    "3",
];

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts a failure with exit 2 whose stderr says `needle`.
    pub fn assert_error(&self, needle: &str) {
        assert_eq!(self.code, 2, "expected exit 2; stderr: {}", self.stderr);
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}: {}",
            self.stderr
        );
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

pub fn truststore(args: &[&str]) -> Run {
    truststore_with_stdin(args, None)
}

pub fn truststore_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_truststore"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run truststore");
    if let Some(input) = stdin {
        // The binary may stop reading early (an input limit): a broken pipe is its answer.
        let _ = child.stdin.take().expect("stdin").write_all(input);
    }
    let out = child.wait_with_output().expect("wait for truststore");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// Runs the binary in `dir` (where a `truststore.toml` may be found).
pub fn truststore_in(dir: &std::path::Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_truststore"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run truststore");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `lint --at AT --format json FILE`, parsed.
pub fn lint_json(file: &str) -> (i32, serde_json::Value) {
    lint_json_under(file, "apigw")
}

/// [`lint_json`] under the profile named `profile`.
pub fn lint_json_under(file: &str, profile: &str) -> (i32, serde_json::Value) {
    let run = truststore(&[
        "lint",
        "--at",
        AT,
        "--profile",
        profile,
        "--format",
        "json",
        file,
    ]);
    (run.code, run.json())
}

/// `verify --at AT --format json -t TRUSTSTORE CLIENT...`.
pub fn verify_json(truststore_path: &str, clients: &[&str]) -> Run {
    truststore(&verify_json_args(truststore_path, clients))
}

/// The arguments of [`verify_json`].
pub fn verify_json_args<'a>(truststore_path: &'a str, clients: &[&'a str]) -> Vec<&'a str> {
    let args = [
        "verify",
        "--at",
        AT,
        "--format",
        "json",
        "-t",
        truststore_path,
    ];
    [&args[..], clients].concat()
}

/// The first finding of `code` in a lint JSON document.
pub fn finding<'a>(doc: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .find(|f| f["code"] == code)
        .unwrap_or_else(|| panic!("no {code} finding in {doc}"))
}

/// Runs the binary with the words of `command_line` as its arguments (no quoting).
pub fn truststore_words(command_line: &str) -> Run {
    truststore(&command_line.split_whitespace().collect::<Vec<_>>())
}

/// The codes of the findings in a lint JSON document.
pub fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| f["code"].as_str().expect("code").to_string())
        .collect()
}

pub fn fixture_path(relative: &str) -> String {
    format!("{}/fixtures/{relative}", env!("CARGO_MANIFEST_DIR"))
}

/// The SHA-256 (colon hex, as the JSON writes it) of the PEM block whose BEGIN line is `line`
/// of `file`, computed here from the file, independently of truststore.
pub fn block_sha256(file: &str, line: usize) -> String {
    use base64ct::{Base64, Encoding};
    use sha2::{Digest, Sha256};
    let text = std::fs::read_to_string(fixture_path(&format!("../{file}"))).unwrap();
    let body: String = text
        .lines()
        .skip(line)
        .take_while(|l| !l.starts_with("-----END"))
        .map(str::trim)
        .collect();
    let der = Base64::decode_vec(&body).unwrap();
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}
