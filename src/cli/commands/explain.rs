//! `truststore explain CODE | LOG-LINE | --all`: what a code means, what the service does, how
//! to fix it. A log line (`Access denied. Reason: ...`, `Failed:ClientCertUntrusted`) is
//! explained by the codes whose line it is; `explain` alone lists the codes.

use crate::cli::args::ExplainArgs;
use crate::cli::Ran;
use crate::explain::{self, Explanation};
use crate::profile::Profile;
use anyhow::{bail, Result};

pub(crate) fn run(args: &ExplainArgs) -> Result<Ran<Vec<Explanation>>> {
    let profile = args
        .profile
        .profile
        .unwrap_or_else(Profile::default_profile);
    let mut entries = explain::explanations(profile);
    let entries = match &args.code {
        None => entries,
        Some(code) => match entries.iter().position(|e| e.code == code) {
            Some(i) => vec![entries.swap_remove(i)],
            None => {
                let matched = by_log_line(code, args.profile.profile);
                if matched.is_empty() {
                    let known: Vec<&str> = entries.iter().map(|e| e.code).collect();
                    if code.contains([' ', ':']) {
                        bail!(
                            "'{code}' is not a log line of any profile (nor a code); known codes: {}",
                            known.join(", ")
                        );
                    }
                    bail!("unknown code '{code}'; known codes: {}", known.join(", "));
                }
                matched
            }
        },
    };
    Ok(Ran {
        report: entries,
        errors: Vec::new(),
        failing: false,
    })
}

/// The explanations of every code whose log line `text` is (or holds, or begins: a
/// connection-log token such as `Failed:ClientCertUntrusted` alone), under `profile` or, when
/// none is named, under the first profile that writes that line.
fn by_log_line(text: &str, profile: Option<&'static Profile>) -> Vec<Explanation> {
    let wanted = normalized(text);
    if wanted.len() < 8 {
        return Vec::new();
    }
    let profiles: Vec<&'static Profile> = match profile {
        Some(p) => vec![p],
        None => Profile::all().to_vec(),
    };
    let mut found: Vec<Explanation> = Vec::new();
    for profile in profiles {
        // The lines a code shares with others (path length, a CA's signature) first.
        let extra = [
            ("not-a-ca", profile.path_length_reason.line),
            (
                "insecure-signature-algorithm",
                profile.ca_signature_reason.line,
            ),
        ];
        let nc = profile.name_constraint_reasons;
        let constraints = [
            nc.permitted,
            nc.excluded,
            nc.unsupported_type,
            nc.invalid_constraint,
            nc.invalid_name,
            nc.too_many,
        ]
        .map(|r| ("name-constraint-violation", r.line));
        let entries = explain::explanations(profile);
        let lines = entries
            .iter()
            .filter_map(|e| e.verify_reason.as_deref().map(|line| (e.code, line)))
            .chain(extra)
            .chain(constraints);
        for (code, line) in lines {
            let line = normalized(line);
            let matches = wanted.contains(&line) || line.starts_with(&wanted);
            if matches && !found.iter().any(|e| e.code == code) {
                if let Some(entry) = entries.iter().find(|e| e.code == code) {
                    found.push(entry.clone());
                }
            }
        }
    }
    found
}

/// Lower case, runs of whitespace as one space, trimmed.
fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
