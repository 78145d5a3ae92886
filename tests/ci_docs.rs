//! The CI snippets in docs/ci.md are real files: parsed here, and their `truststore` commands
//! run against fixtures laid out the way the snippets expect.

use std::path::Path;
use std::process::Command;

const FILES: &[&str] = &[
    "ci/github-actions.yml",
    "ci/gitlab-ci.yml",
    ".pre-commit-hooks.yaml",
];

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn docs_ci_md_quotes_each_file_verbatim() {
    let doc = read("docs/ci.md");
    for file in FILES {
        assert!(
            doc.contains(&read(file)),
            "docs/ci.md does not quote {file} as it is"
        );
    }
}

/// The shell lines of every step/script/entry that invoke truststore.
fn truststore_commands(rel: &str) -> Vec<String> {
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&read(rel)).unwrap();
    let mut scripts = Vec::new();
    fn walk(v: &serde_yaml_ng::Value, key: Option<&str>, out: &mut Vec<String>) {
        match v {
            serde_yaml_ng::Value::Mapping(m) => {
                for (k, v) in m {
                    walk(v, k.as_str(), out);
                }
            }
            serde_yaml_ng::Value::Sequence(s) => s.iter().for_each(|v| walk(v, key, out)),
            serde_yaml_ng::Value::String(s) if matches!(key, Some("run" | "script" | "entry")) => {
                out.push(s.clone())
            }
            _ => {}
        }
    }
    walk(&yaml, None, &mut scripts);
    scripts
        .iter()
        .flat_map(|s| {
            s.lines()
                .map(str::trim)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|l| l.starts_with("truststore "))
        .collect()
}

#[test]
fn every_truststore_command_in_the_ci_files_runs() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str| {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(manifest.join("fixtures").join(from), to).unwrap();
    };
    copy("diff/new.pem", "truststore.pem");
    copy("diff/old.pem", "truststore.main.pem");
    copy("diff/client-rsa.pem", "clients/rsa.pem");
    copy("diff/client-ec.pem", "clients/ec.pem");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_truststore"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for file in FILES {
        for mut command in truststore_commands(file) {
            if command == "truststore lint" {
                command.push_str(" truststore.pem"); // pre-commit appends the staged files
            }
            let out = Command::new("sh")
                .arg("-c")
                .arg(&command)
                .current_dir(dir.path())
                .env("PATH", &path)
                .output()
                .unwrap();
            let code = out.status.code().unwrap();
            // 0 or 1 are verdicts; 2 would mean a bad flag or an unreadable file: a broken snippet.
            assert!(
                code == 0 || code == 1,
                "{file}: `{command}` exited {code}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 8, "4 in the GitHub job, 3 in the GitLab job, 1 hook");
    // The SARIF step wrote its report.
    assert!(std::fs::read_to_string(dir.path().join("truststore.sarif"))
        .unwrap()
        .contains("\"version\": \"2.1.0\""));
}
