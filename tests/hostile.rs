//! Hostile input. Pathological truststores: every case is linted and verified to a sensible
//! answer, without a panic and with bounded work (timings in release builds: `cargo bench
//! --bench pathological`). Odd inputs: oversized files and pipes, special and unreadable paths,
//! named pipes, a closed stdout, names that are not the text they claim to be.
// A check the machine cannot run (no mkfifo, root ignoring file modes) says so on stderr.
#![allow(clippy::print_stderr)]

mod common;

use common::forge;
use common::{codes, truststore, Run, AT};
use std::collections::HashMap;

fn run_case(dir: &std::path::Path, name: &str, bundle: &str, client: &str) -> (Run, Run) {
    let slug: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    let ts = dir.join(format!("{slug}.pem"));
    let cl = dir.join(format!("{slug}-client.pem"));
    std::fs::write(&ts, bundle).unwrap();
    std::fs::write(&cl, client).unwrap();
    let (ts, cl) = (ts.to_str().unwrap(), cl.to_str().unwrap());
    let lint = truststore(&["lint", "--at", AT, "--format", "json", ts]);
    let verify = truststore(&["verify", "--at", AT, "--format", "json", "-t", ts, cl]);
    for run in [&lint, &verify] {
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(
            run.code == 0 || run.code == 1,
            "{name}: exit {} {}",
            run.code,
            run.stderr
        );
    }
    (lint, verify)
}

fn count(doc: &serde_json::Value) -> HashMap<String, usize> {
    let mut by_code = HashMap::new();
    for code in codes(doc) {
        *by_code.entry(code).or_default() += 1;
    }
    by_code
}

#[test]
fn pathological_truststores_get_bounded_sensible_answers() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bundle, client) in forge::pathological() {
        let (lint, verify) = run_case(dir.path(), name, &bundle, &client);
        let lint = count(&lint.json());
        let verdict = verify.json()["results"][0].clone();
        match name {
            "10,000 CAs with one subject" => {
                assert_eq!(lint.get("duplicate-subject"), Some(&9_999));
                // The client's issuer is the 10,000th of its name: past the candidate budget.
                assert_eq!(verdict["code"], "bad-signature", "{verdict}");
                assert!(verdict["hint"].as_str().unwrap().contains("and 253 more"));
            }
            "a cycle (A issues B, B issues A)" => {
                assert_eq!(lint.get("issuer-not-found"), Some(&2), "{lint:?}");
                assert_eq!(verdict["code"], "issuer-not-found");
                assert!(verdict["hint"].as_str().unwrap().contains("form a loop"));
            }
            "a 100-deep chain" => {
                assert_eq!(lint.get("chain-too-long"), Some(&97), "{lint:?}");
                assert_eq!(verdict["code"], "chain-too-long");
            }
            "a certificate with 10,000 extensions" => {
                assert!(lint.is_empty(), "{lint:?}");
                assert_eq!(verdict["verdict"], "accepted", "{verdict}");
            }
            "a certificate with a 1 MB name" => {
                assert_eq!(lint.get("too-large"), Some(&1), "{lint:?}");
                assert_eq!(verdict["verdict"], "accepted", "{verdict}");
            }
            "DER nested 1,000 levels deep" => {
                assert_eq!(lint.get("malformed"), Some(&1), "{lint:?}");
                assert_eq!(verdict["verdict"], "accepted", "{verdict}");
            }
            other => panic!("unexpected case {other}"),
        }
    }
}

#[test]
fn inputs_over_the_limit_are_refused_before_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    std::fs::write(&big, "# padding\n".repeat(200_000)).unwrap(); // 2 MB
    let big = big.to_str().unwrap();
    let run = truststore(&["--max-input-size", "1MiB", "lint", big]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!("truststore: {big}: file is 2000000 bytes, over the 1048576 byte input limit (--max-input-size)\n")
    );
    // From a pipe, the limit holds too.
    let pem = std::fs::read(big).unwrap();
    let run = common::truststore_with_stdin(&["lint", "--max-input-size", "1MB", "-"], Some(&pem));
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("<stdin>: input exceeds the 1000000 byte input limit"),
        "{}",
        run.stderr
    );
    assert_eq!(
        truststore(&["lint", "--max-input-size", "lots", big]).code,
        2
    );
}

#[test]
fn special_and_odd_paths_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    // A path through a regular file (ENOTDIR), and one whose name is not UTF-8.
    let file = dir.path().join("file.pem");
    std::fs::write(&file, "x").unwrap();
    let through = file.join("child.pem");
    let run = truststore(&["lint", through.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let odd = dir
            .path()
            .join(std::ffi::OsStr::from_bytes(b"bad-\xff-name.pem"));
        std::fs::write(&odd, "").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_truststore"))
            .arg("lint")
            .arg(&odd)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("bad-\u{fffd}-name.pem: file is empty"),
            "{stderr}"
        );
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_truststore"))
        .args([
            "lint",
            "--at",
            AT,
            "fixtures/mozilla/cacert.pem",
            "fixtures/showcase.pem",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // like `| head -0`
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr, "");
    assert_eq!(status.code(), Some(1));
}

/// A named pipe is read like a file when something writes to it (`<(command)` in a shell), and
/// is a one-line error, not a hang, when nothing does.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_when_written_and_refused_when_not() {
    use std::sync::mpsc;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("bundle.pem");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available: skipped");
        return;
    }
    let path = fifo.to_str().unwrap().to_string();

    // Nothing writes: a one-line error naming the pipe, exit 2. The timeout only guards
    // against a hang; the answer comes after a grace period of about two seconds.
    let (sent, received) = mpsc::channel();
    let args = ["lint".to_string(), path.clone()];
    std::thread::spawn(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let _ = sent.send(truststore(&args));
    });
    let run = received
        .recv_timeout(Duration::from_secs(120))
        .expect("lint of a pipe nobody writes to must not hang");
    run.assert_error(&format!("{path}: named pipe with nothing to read"));
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    // A writer (blocked in its open until the linter opens the pipe): the bundle is linted.
    let bundle = std::fs::read(common::fixture_path("good.pem")).unwrap();
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, bundle));
    let run = truststore(&["lint", "--at", AT, &path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("{path}: 8 certificates, 0 errors, 0 warnings, 0 infos (profile apigw)\n")
    );
    writer.join().unwrap().unwrap();
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_one_line_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("locked.pem");
    std::fs::copy(common::fixture_path("good.pem"), &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&file).is_ok() {
        eprintln!("running with privileges that ignore file modes (root?): skipped");
        return;
    }
    let path = file.to_str().unwrap();
    let run = truststore(&["lint", path]);
    run.assert_error(&format!("{path}: cannot open: Permission denied"));
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

/// Names whose bytes are not what their string type promises (invalid UTF-8 in a UTF8String,
/// an escape sequence in a PrintableString) are shown escaped, never echoed raw: RFC 4514's
/// `#` hex form for a value that is not text, `\XX` for a control character.
#[test]
fn names_with_invalid_utf8_and_control_bytes_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let cn_oid = [0x06, 0x03, 0x55, 0x04, 0x03];
    let odd_name = |tag: u8, value: &[u8]| {
        let attribute = forge::seq(&[&cn_oid, &forge::tlv(tag, value)]);
        forge::tlv(0x30, &forge::tlv(0x31, &attribute))
    };
    for (label, subject, shown) in [
        (
            "invalid UTF-8",
            odd_name(0x0c, b"bad \xff\xfe name"),
            "CN=#0c0b62616420fffe206e616d65",
        ),
        (
            "escape sequence",
            odd_name(0x13, b"evil \x1b[31m name"),
            "CN=evil \\1b[31m name",
        ),
    ] {
        let key = forge::key(label);
        let der = forge::forge(&forge::Spec::new(subject, &key));
        let path = dir.path().join("odd.pem");
        std::fs::write(&path, forge::pem(&der)).unwrap();
        let path = path.to_str().unwrap();
        let human = truststore(&["inspect", path]);
        assert_eq!(human.code, 0, "{label}: {}", human.stderr);
        assert!(
            !human.stdout.contains('\u{1b}'),
            "{label}: raw escape echoed"
        );
        assert!(
            human.stdout.contains(&format!("subject         {shown}\n")),
            "{label}: {}",
            human.stdout
        );
        let json = truststore(&["inspect", "--format", "json", path]).json();
        let cert = &json["files"][0]["certificates"][0];
        assert_eq!(cert["subject"], shown, "{label}");
        // Linted like any other self-signed root.
        let lint = truststore(&["lint", "--at", AT, path]);
        assert_eq!(lint.code, 0, "{label}: {}", lint.stdout);
    }
}
