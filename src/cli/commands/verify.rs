//! `truststore verify`: would the service accept each client certificate, and if not, why.
//! The truststore is parsed once and shared by every client file of the run.

use crate::cli::args::{self, VerifyArgs};
use crate::cli::config::Config;
use crate::cli::report::{VerifyReport, VerifyResult};
use crate::cli::{profile_of, truststore_path, Inputs, Ran};
use crate::crl::{self, Revocation};
use crate::lint::LintOptions;
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::Truststore;
use crate::verify::{self, Judging};
use crate::when::rfc3339;
use anyhow::{anyhow, bail, Result};
use rayon::prelude::*;

/// Verifies every client file; `human` allows a progress bar on a terminal.
pub(crate) fn run(args: &VerifyArgs, inputs: &Inputs, human: bool) -> Result<Ran<VerifyReport>> {
    let at = args::at_or_now(args.at);
    let config = inputs.config()?;
    let profile = profile_of(args.profile.profile, &config);
    let filters = if args.filters.is_empty() {
        config.filters.clone()
    } else {
        args.filters.clone()
    };
    if !filters.is_empty() && !profile.identity_filters.value {
        bail!(
            "--filter: {} (profile {}) has no client certificate identity filters; they are a Network Load Balancer setting (--profile nlb)",
            profile.service,
            profile.name
        );
    }
    refuse_pins(args)?;
    let ignore_expiry = expiry_waived(args, profile)?;
    let path = truststore_path(args.truststore.as_deref(), &config, "--truststore")?;
    // The file's text is freed once split: only the truststore's DER is kept, indexed by
    // subject, and each CA is parsed when a client's path first reaches it.
    let truststore = inputs
        .certificates(&path)
        .and_then(|source| Ok(Truststore::deferred(&source)?))
        .map_err(|e| crate::cli::under_profile(e, profile))?;
    let revocation = revocation_lists(args, &config, inputs, &truststore, at, profile)?;
    let judging = Judging {
        at,
        ignore_expiry,
        filters: &filters,
        revocation: revocation.as_ref(),
    };
    // Only the findings that make the service refuse the whole truststore: cheap on a deferred
    // store (sizes and the subject index), and what makes every verdict below moot.
    let options = LintOptions {
        at,
        expiry_window: 0,
        certificate_quota: config.quota,
    };
    let truststore_findings = truststore.refusing_findings_at(options, profile);
    let mut report = VerifyReport {
        truststore: truststore.file.clone(),
        profile: profile.name,
        at: rfc3339(at),
        truststore_findings,
        results: Vec::new(),
    };
    let mut paths = args.clients.clone();
    if let Some(list) = &args.clients_from {
        paths.extend(read_path_list(list, inputs)?);
    }
    // Clients are independent: verify them on all cores, and report in input order.
    let progress = progress_bar(paths.len(), human);
    let outcomes: Vec<Result<VerifyResult>> = paths
        .par_iter()
        .map(|path| {
            let result = verify_source(&truststore, inputs.certificates(path), judging, profile);
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
    let failing = report.results.iter().any(|r| r.verdict == "denied");
    Ok(Ran {
        report,
        errors,
        failing,
    })
}

/// Pins are an authorizer's rule (the services have none): outside `--event` they are an
/// error, never silently ignored.
pub(crate) fn refuse_pins(args: &VerifyArgs) -> Result<()> {
    if args.pins.is_empty() {
        return Ok(());
    }
    bail!("--pin: pins are an authorizer's rule; decide authorizer events with --event")
}

/// The CRLs of `--crl` (or the config's `crls`), read and judged once for the run; an error if
/// the profile's service takes none.
fn revocation_lists(
    args: &VerifyArgs,
    config: &Config,
    inputs: &Inputs,
    truststore: &Truststore,
    at: i64,
    profile: &Profile,
) -> Result<Option<Revocation>> {
    let paths = if args.crls.is_empty() {
        config.crls.clone()
    } else {
        args.crls.clone()
    };
    if paths.is_empty() {
        return Ok(None);
    }
    if !profile.revocation_lists.value {
        bail!(
            "--crl: {} (profile {}) takes no revocation lists; load balancer trust stores do (--profile alb or nlb)",
            profile.service,
            profile.name
        );
    }
    let mut files = Vec::new();
    for path in &paths {
        let file = crl::read(&inputs.load(path)?).map_err(|e| anyhow!(e))?;
        if let Some((line, why)) = file.problems.first() {
            bail!("{}:{line}: {why}", file.name);
        }
        files.push(file);
    }
    Revocation::new(files, truststore, at)
        .map(Some)
        .map_err(|e| anyhow!(e))
}

/// Whether an expiry flag is on; an error if it is not the profile's own option.
fn expiry_waived(args: &VerifyArgs, profile: &Profile) -> Result<bool> {
    let given = [
        (
            args.ignore_client_certificate_expiry,
            "--ignore-client-certificate-expiry",
        ),
        (
            args.ignore_certificate_expiry,
            "--ignore-certificate-expiry",
        ),
    ];
    let mut waived = false;
    for (on, flag) in given.into_iter().filter(|(on, _)| *on) {
        match profile.expiry_waiver {
            Some(waiver) if waiver.flag == flag => waived = on,
            Some(waiver) => bail!(
                "{flag} is not an option of {} (profile {}); its option is {} ({})",
                profile.service,
                profile.name,
                waiver.flag,
                waiver.option
            ),
            None => bail!(
                "{flag}: {} (profile {}) has no option to ignore certificate expiry",
                profile.service,
                profile.name
            ),
        }
    }
    Ok(waived)
}

/// Paths listed one per line in a file or on standard input (`-`).
fn read_path_list(list: &std::path::Path, inputs: &Inputs) -> Result<Vec<std::path::PathBuf>> {
    let source = inputs.load(list)?;
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
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} clients ({rate}, {eta} left)")
    {
        // indicatif's own {per_sec} prints four decimals; clients come whole.
        let style = style.with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{:.0}/s", state.per_sec());
            },
        );
        bar.set_style(style);
    }
    Some(bar)
}

/// Verifies the client certificate of one file.
fn verify_source(
    truststore: &Truststore,
    source: Result<Source>,
    judging: Judging,
    profile: &Profile,
) -> Result<VerifyResult> {
    let client_file = Truststore::new(&source?)?;
    Ok(verify_parsed(truststore, &client_file, judging, profile))
}

/// The verdict for a parsed client file against a parsed truststore.
pub(crate) fn verify_parsed(
    truststore: &Truststore,
    client_file: &Truststore,
    judging: Judging,
    profile: &Profile,
) -> VerifyResult {
    let verdict = verify::verify_file(truststore, client_file, judging, profile);
    VerifyResult::new(client_file.file.clone(), verdict)
}
