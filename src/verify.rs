//! `truststore verify`: would API Gateway accept each client certificate, and if not, why.
//! The truststore is parsed once and shared by every client file of the run.

use crate::app::{Outcome, Settings};
use crate::chain::{self, DenialCode, Verdict};
use crate::cli::{self, VerifyArgs, VerifyFormat};
use crate::lint::{LintContext, LintOptions};
use crate::report::{self, VerifyReport, VerifyResult};
use crate::source::Source;
use crate::when::rfc3339;
use anyhow::Result;
use rayon::prelude::*;

pub fn command(args: &VerifyArgs, settings: &Settings) -> Outcome {
    let at = cli::at_or_now(args.at);
    let options = LintOptions {
        at,
        expiry_window: 0,
    };
    // The file's text is freed once split: only the truststore's DER is kept, indexed by
    // subject, and each CA is parsed when a client's path first reaches it.
    let parsed = settings
        .load(&args.truststore)
        .and_then(|source| LintContext::deferred(&source, options));
    let truststore = match parsed {
        Ok(ctx) => ctx,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let mut report = VerifyReport {
        truststore: truststore.file.clone(),
        at: rfc3339(at),
        results: Vec::new(),
    };
    let mut paths = args.clients.clone();
    if let Some(list) = &args.clients_from {
        match read_path_list(list, settings) {
            Ok(more) => paths.extend(more),
            Err(e) => return Outcome::failed(format!("{e:#}")),
        }
    }
    // Clients are independent: verify them on all cores, and report in input order.
    let progress = progress_bar(paths.len(), args.format == VerifyFormat::Human);
    let outcomes: Vec<Result<VerifyResult>> = paths
        .par_iter()
        .map(|path| {
            let result = verify_file(&truststore, settings.load(path), options);
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            result
        })
        .collect();
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let mut errors = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(result) => report.results.push(result),
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let denied = report.results.iter().any(|r| r.verdict == "denied");
    let stdout = match args.format {
        VerifyFormat::Human => report::human::verify(&report, settings.style, settings.quiet),
        VerifyFormat::Json => report::json::verify(&report),
        VerifyFormat::Github => report::github::verify(&report),
    };
    let exit_code = if !errors.is_empty() {
        2
    } else {
        u8::from(denied)
    };
    Outcome {
        stdout,
        errors,
        exit_code,
    }
}

/// Paths listed one per line in a file or on standard input (`-`).
fn read_path_list(list: &std::path::Path, settings: &Settings) -> Result<Vec<std::path::PathBuf>> {
    let source = settings.load(list)?;
    let text = String::from_utf8_lossy(&source.bytes);
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(std::path::PathBuf::from)
        .collect())
}

/// A progress bar on stderr for long runs at a terminal; never on a pipe or with JSON.
fn progress_bar(total: usize, human: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !human || total < 1_000 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} clients ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Verifies the client certificate of one file: its first CERTIFICATE block; the blocks after
/// it are what the client sends along, used for hints only.
fn verify_file(
    truststore: &LintContext,
    source: Result<Source>,
    options: LintOptions,
) -> Result<VerifyResult> {
    let source = source?;
    let client_file = LintContext::new(&source, options)?;
    Ok(verify_parsed(truststore, &client_file, options.at))
}

/// The verdict for a parsed client file against a parsed truststore.
pub fn verify_parsed(truststore: &LintContext, client_file: &LintContext, at: i64) -> VerifyResult {
    let file = client_file.file.clone();
    // A parsed file has at least one CERTIFICATE block (LintContext::new refuses others).
    let Some(first) = client_file.entries.first() else {
        return VerifyResult::new(
            file,
            None,
            Verdict {
                chain: Vec::new(),
                denial: None,
            },
        );
    };
    let client_index = match &first.parsed {
        Ok(index) => *index,
        Err(why) => {
            let (reason, inferred) = DenialCode::Malformed.reason();
            let verdict = Verdict {
                chain: Vec::new(),
                denial: Some(chain::Denial {
                    code: DenialCode::Malformed,
                    reason,
                    inferred,
                    hint: format!(
                        "the client certificate at line {} cannot be parsed ({why}); the TLS handshake fails before anything is logged; re-export it",
                        first.line
                    ),
                }),
            };
            return VerifyResult::new(file, None, verdict);
        }
    };
    let client = client_file.store.get(client_index);
    let sent: Vec<_> = (0..client_file.store.len())
        .filter(|&i| i != client_index)
        .map(|i| client_file.store.get(i))
        .collect();
    let verdict = chain::verify_client(truststore, client, &sent, at);
    VerifyResult::new(file, Some(client.subject.clone()), verdict)
}
