//! Command-line definitions (clap) and their conversion into validated settings.
//! This is the only place that reads the clock: `--at` defaults to now.

use crate::profile::Profile;
use crate::verify::IdentityFilter;
use anyhow::{anyhow, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

#[derive(Debug, Parser)]
#[command(
    name = "truststore",
    version,
    about = "Lint Amazon API Gateway mutual-TLS truststores and predict client verdicts, offline",
    after_help = "Exit codes: 0 ok, 1 findings (lint) or a denied client (verify), 2 usage error or unreadable input."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only the summary (human format).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// The config file to use instead of the nearest truststore.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Worker threads for parsing and signature checks (default: all cores). Output is the
    /// same whatever the number.
    #[arg(short, long, global = true, value_name = "N")]
    pub jobs: Option<usize>,

    /// Refuse any input larger than this (e.g. 256MiB, 10MB), before reading it whole.
    #[arg(long, global = true, value_name = "SIZE", default_value = "256MiB", value_parser = crate::cli::input::parse_size)]
    pub max_input_size: u64,

    /// The passphrase of an encrypted private key or PKCS#12 file: this file's first line.
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        conflicts_with = "passphrase_env"
    )]
    pub passphrase_file: Option<PathBuf>,

    /// The passphrase of an encrypted private key or PKCS#12 file: this environment variable.
    #[arg(long, global = true, value_name = "VAR")]
    pub passphrase_env: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Report every problem API Gateway would warn about in a truststore bundle, and more.
    Lint(LintArgs),
    /// Say whether API Gateway would accept each client certificate, and if not, why.
    Verify(VerifyArgs),
    /// Show every certificate of each file: names, validity, keys, extensions, fingerprints.
    Inspect(InspectArgs),
    /// Say whether a private key belongs to each certificate (compares public-key SHA-256).
    Match(MatchArgs),
    /// Explain a finding or denial code: what API Gateway does, why, how to fix it.
    Explain(ExplainArgs),
    /// Compare two truststore versions: certificates, findings, and client verdicts that flip.
    Diff(DiffArgs),
    /// Rewrite a bundle as the service reads it: keys, duplicates, stray text and other blocks
    /// out, PEM normalised, other formats converted, optionally expired CAs out and missing
    /// issuers in.
    Fix(FixArgs),
    /// Certificate revocation lists for load balancer trust stores: lint, convert, export.
    #[command(subcommand)]
    Crl(CrlCommand),
    /// A development PKI each AWS front door accepts, and the faulty client certificates to
    /// test refusals with.
    #[command(subcommand)]
    Pki(PkiCommand),
    /// Connect to a live mutual-TLS endpoint with a client certificate and say which
    /// outcome it gave: accepted, rejected in or after the handshake, HTTP 403, or no
    /// certificate asked for.
    #[cfg(feature = "probe")]
    Probe(ProbeArgs),
    /// Show the effective settings: config file, ignored, warned and denied codes.
    Config(ConfigArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff) of truststore or of a subcommand (`man lint`, `man crl lint`),
    /// or write every page to a directory (`man --dir DIR`).
    Man(ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF consumers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=...,line=...::...`).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    Human,
    Json,
    /// GitHub Actions workflow commands.
    Github,
}

/// `--at` and `--expiry-window`, for the commands that lint.
#[derive(Debug, Args, Clone, Copy)]
pub(crate) struct TimeArgs {
    /// Evaluation time: RFC 3339, YYYY-MM-DD (midnight UTC), now, +90d / -2w (from now) or
    /// @EPOCH. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at, allow_hyphen_values = true)]
    pub at: Option<i64>,

    /// Warn about certificates that expire within this duration of --at (e.g. 30d, 12h, 2w).
    /// Default: the config file's `expiry-window`, else 30d.
    #[arg(long, value_name = "DURATION", value_parser = parse_window)]
    pub expiry_window: Option<i64>,
}

/// `--ignore`, `--warn`, `--deny`: rule selection the ruff / cargo-deny way.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct SelectionArgs {
    /// Codes never to report (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub ignore: Vec<String>,

    /// Codes to report as warnings.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub warn: Vec<String>,

    /// Codes to report as errors; `warnings` makes every warning an error.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...|warnings")]
    pub deny: Vec<String>,

    /// Exit 1 on warnings too (the same as `--deny warnings`).
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

fn parse_filter(text: &str) -> Result<IdentityFilter, String> {
    text.parse()
}

/// `--profile`, for the commands that judge a truststore.
#[derive(Debug, Args, Clone, Copy)]
pub(crate) struct ProfileArgs {
    /// The AWS front door whose rules apply: apigw (API Gateway), alb (Application Load
    /// Balancer), nlb (Network Load Balancer), cloudfront. Default: the config file's
    /// `profile`, else apigw.
    #[arg(long, value_name = "PROFILE", value_parser = parse_profile)]
    pub profile: Option<&'static Profile>,
}

/// What a linting command judges by: the time, the profile and the rule selection.
#[derive(Debug, Args, Clone)]
pub(crate) struct JudgingArgs {
    #[command(flatten)]
    pub time: TimeArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,

    #[command(flatten)]
    pub selection: SelectionArgs,

    /// A raised certificate quota (load balancer trust stores: 25 by default, adjustable on
    /// request). Default: the config file's `quota`, else the service's.
    #[arg(long, value_name = "N")]
    pub quota: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct FixArgs {
    /// The bundle to fix: PEM, DER, PKCS#7, PKCS#12, or a directory of certificate files.
    #[arg(value_name = "BUNDLE")]
    pub bundle: PathBuf,

    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Write the fixed bundle here (default: standard output).
    #[arg(short, long, value_name = "OUT", conflicts_with_all = ["in_place", "dry_run"])]
    pub output: Option<PathBuf>,

    /// Rewrite BUNDLE itself (a PEM file only).
    #[arg(long, conflicts_with = "dry_run")]
    pub in_place: bool,

    /// Write nothing: show the changes as a unified diff.
    #[arg(long)]
    pub dry_run: bool,

    /// Also remove certificates that are expired at --at.
    #[arg(long)]
    pub drop_expired: bool,

    /// Add the missing issuers found in this directory (certificates, bundles, client chain
    /// files), until every chain is complete or nothing more is found.
    #[arg(long, value_name = "DIR")]
    pub add_from: Option<PathBuf>,

    /// Evaluation time for --drop-expired (see `lint --at`). Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at, allow_hyphen_values = true)]
    pub at: Option<i64>,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Bundles to lint: PEM, DER, PKCS#7, PKCS#12 or a directory (`-` reads standard input).
    /// Each is linted as its own truststore.
    /// Default: `truststore` in the nearest truststore.toml.
    #[arg(value_name = "BUNDLE")]
    pub bundles: Vec<PathBuf>,

    #[command(flatten)]
    pub judging: JudgingArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The truststore bundle the service would use (PEM, or DER, PKCS#7, PKCS#12, a
    /// directory). Default: `truststore` in the nearest truststore.toml.
    #[arg(short = 't', long, value_name = "BUNDLE")]
    pub truststore: Option<PathBuf>,

    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Client files: the client certificate first, optionally followed by the intermediates
    /// the client sends (which API Gateway ignores).
    #[arg(required_unless_present_any = ["clients_from", "events", "access_log"], value_name = "CLIENT")]
    pub clients: Vec<PathBuf>,

    /// Decide Lambda authorizer events instead of client files, as an authorizer built on the
    /// library would (repeatable): a REST REQUEST or HTTP API event, or a request whose headers
    /// hold the ALB's or CloudFront's certificate; a file may hold a JSON array of them. Prints
    /// the decision and the response document. --crl and --pin are the authorizer's, under any
    /// profile.
    #[arg(long = "event", value_name = "FILE", conflicts_with_all = ["clients", "clients_from", "filters"])]
    pub events: Vec<PathBuf>,

    /// Re-verify the client certificates of an API Gateway access log (`-` for standard input):
    /// one JSON object per line with `identity.clientCert.clientCertPem`, and `requestId`,
    /// `status`, `requestTimeEpoch` where logged; other lines are skipped and counted. Each
    /// request is judged at its own time unless --at is given. A 403 truststore would accept is
    /// flagged: it had another cause.
    #[arg(long = "access-log", value_name = "FILE|-", conflicts_with_all = ["clients", "clients_from", "events"])]
    pub access_log: Option<PathBuf>,

    /// With --event: accept only clients whose path goes through this CA (sha256:HEX of the
    /// certificate, spki-sha256:HEX of its key) or whose identity matches (subject-cn=...,
    /// san-dns^=...); repeatable: CA pins or'ed, identity pins or'ed, the two and'ed.
    #[arg(long = "pin", value_name = "PIN")]
    pub pins: Vec<String>,

    /// Read more client file paths from this file (`-` for standard input), one per line;
    /// blank lines and `#` comments are skipped. For fleets too large for the command line.
    #[arg(long, value_name = "FILE|-")]
    pub clients_from: Option<PathBuf>,

    /// Evaluation time: RFC 3339, YYYY-MM-DD (midnight UTC), now, +90d / -2w (from now) or
    /// @EPOCH. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at, allow_hyphen_values = true)]
    pub at: Option<i64>,

    /// The load balancer listener's IgnoreClientCertificateExpiry: the client's validity
    /// dates are not checked (alb, nlb).
    #[arg(long)]
    pub ignore_client_certificate_expiry: bool,

    /// CloudFront's IgnoreCertificateExpiry: no certificate's validity dates are checked, all
    /// other checks still apply (cloudfront).
    #[arg(long)]
    pub ignore_certificate_expiry: bool,

    /// A Network Load Balancer client certificate identity filter (repeatable; nlb):
    /// FIELD=VALUE matches exactly, FIELD^=VALUE by prefix; FIELD is subject-cn, subject-ou,
    /// san-dns or san-uri. A trusted client matching none is denied. Default: the config
    /// file's `filters`.
    #[arg(long = "filter", value_name = "FIELD=VALUE", value_parser = parse_filter)]
    pub filters: Vec<IdentityFilter>,

    /// A certificate revocation list of the trust store, PEM (repeatable; alb, nlb). A client
    /// or CA it lists is denied (revoked); a list that is not signed by a truststore CA or not
    /// current at --at denies the clients of its issuer (crl-unusable). Default: the config
    /// file's `crls`.
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human)]
    pub format: VerifyFormat,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The truststore in use now.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The truststore about to replace it.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Client files whose verdicts to compare (the client certificate first).
    #[arg(long, num_args = 1.., value_name = "CLIENT")]
    pub clients: Vec<PathBuf>,

    #[command(flatten)]
    pub judging: JudgingArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `truststore crl ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum CrlCommand {
    /// Check CRLs as a load balancer trust store would take them: PEM, parseable, signed by a
    /// truststore CA (with -t), current at --at, no negative serials, within the quotas.
    Lint(CrlLintArgs),
    /// Write a CRL (DER, as AWS Private CA publishes it, or PEM) as PEM on standard output.
    Convert(CrlConvertArgs),
    /// Write the revoked serials of CRLs: JSON for an authorizer, or a CloudFront
    /// KeyValueStore import file.
    Export(CrlExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CrlLintArgs {
    /// CRL files (PEM).
    #[arg(required = true, value_name = "CRL")]
    pub files: Vec<PathBuf>,

    /// The trust store the CRLs belong to: each must be signed by one of its CAs.
    #[arg(short = 't', long, value_name = "BUNDLE")]
    pub truststore: Option<PathBuf>,

    /// Evaluation time: RFC 3339, YYYY-MM-DD (midnight UTC), now, +90d / -2w (from now) or
    /// @EPOCH. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at, allow_hyphen_values = true)]
    pub at: Option<i64>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CrlConvertArgs {
    /// The CRL file, DER or PEM (`-` reads standard input).
    #[arg(value_name = "CRL")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CrlExportFormat {
    /// `{"serials": ["<hex>", ...]}`, lower-case hex without sign padding.
    Serials,
    /// `{"data": [{"key": "<hex serial>", "value": ""}, ...]}` for a CloudFront KeyValueStore.
    CloudfrontKvs,
}

#[derive(Debug, Args)]
pub(crate) struct CrlExportArgs {
    /// CRL files, DER or PEM.
    #[arg(required = true, value_name = "CRL")]
    pub files: Vec<PathBuf>,

    /// What to write.
    #[arg(long, value_enum)]
    pub format: CrlExportFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Certificate files to inspect: PEM, DER, PKCS#7, PKCS#12 or a directory (`-` reads
    /// standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Also say whether each certificate, its subject or its key is in this truststore.
    #[arg(short = 't', long, value_name = "BUNDLE")]
    pub truststore: Option<PathBuf>,

    #[command(flatten)]
    pub time: TimeArgs,

    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct MatchArgs {
    /// The private key: PKCS#1 RSA, SEC1 EC, PKCS#8 or encrypted PKCS#8 PEM (`-` for stdin).
    #[arg(long, value_name = "KEY")]
    pub key: PathBuf,

    /// Certificate files; the first certificate of each is compared (a chain file's leaf).
    #[arg(long, required = true, num_args = 1.., value_name = "CERT")]
    pub cert: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// The code to explain (`expired`, `chain-too-long`), or a log line the service wrote
    /// (`"Access denied. Reason: ..."`, `Failed:ClientCertUntrusted`). Without one, the codes
    /// are listed.
    #[arg(conflicts_with = "all", value_name = "CODE|LOG-LINE")]
    pub code: Option<String>,

    /// Explain every code.
    #[arg(long)]
    pub all: bool,

    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

fn parse_profile(text: &str) -> Result<&'static Profile, String> {
    Profile::named(text)
        .ok_or_else(|| format!("unknown profile '{text}' (known: {})", profile_names()))
}

/// The names `--profile` takes, comma-separated.
pub(crate) fn profile_names() -> String {
    let names: Vec<&str> = Profile::all().iter().map(|p| p.name).collect();
    names.join(", ")
}

fn parse_at(text: &str) -> Result<i64, String> {
    parse_instant(text).map_err(|e| e.to_string())
}

fn parse_window(text: &str) -> Result<i64, String> {
    parse_duration(text).map_err(|e| e.to_string())
}

/// `--at`, or the current time when it was not given.
pub(crate) fn at_or_now(at: Option<i64>) -> i64 {
    at.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    })
}

/// Parses `--at`: RFC 3339 (`2026-06-01T12:00:00Z`) or a date (`2026-06-01`, midnight UTC).
pub(crate) fn parse_instant(text: &str) -> Result<i64> {
    // `now`, `+90d` / `-2w` from now, `@EPOCH`: what date(1) and step users type.
    if text == "now" {
        return Ok(at_or_now(None));
    }
    if let Some(epoch) = text.strip_prefix('@') {
        return epoch.parse().map_err(|_| {
            anyhow!("invalid time '{text}': @ takes seconds since 1970 (@1780272000)")
        });
    }
    if let Some((sign, offset)) = text
        .strip_prefix('+')
        .map(|o| (1, o))
        .or_else(|| text.strip_prefix('-').map(|o| (-1, o)))
    {
        return Ok(at_or_now(None) + sign * parse_duration(offset)?);
    }
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| {
            anyhow!("invalid time '{text}': use RFC 3339 (2026-06-01T12:00:00Z), YYYY-MM-DD, now, +90d / -2w (from now) or @EPOCH")
        })
}

/// Parses a duration such as `30d`, `12h`, `2w` or `1day 6h` (humantime syntax), in seconds.
pub(crate) fn parse_duration(text: &str) -> Result<i64> {
    let d = humantime::parse_duration(text)
        .map_err(|e| anyhow!("invalid duration '{text}': {e} (e.g. 30d, 12h, 2w)"))?;
    i64::try_from(d.as_secs()).map_err(|_| anyhow!("duration '{text}' is too long"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_accept_rfc3339_and_plain_dates() {
        assert_eq!(parse_instant("2026-06-01").unwrap(), 1_780_272_000);
        assert_eq!(
            parse_instant("2026-06-01T00:00:00Z").unwrap(),
            1_780_272_000
        );
        assert_eq!(
            parse_instant("2026-06-01T02:00:00+02:00").unwrap(),
            1_780_272_000
        );
        assert!(parse_instant("yesterday").is_err());
    }

    #[test]
    fn durations_take_days_and_weeks() {
        assert_eq!(parse_duration("30d").unwrap(), 30 * 86_400);
        assert_eq!(parse_duration("2w").unwrap(), 14 * 86_400);
        assert!(parse_duration("soon").is_err());
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum PkiCommand {
    /// Make a root, intermediates and truststore.pem for a profile, then lint it.
    Init(PkiInitArgs),
    /// Issue a client certificate (or a faulty one), then verify it against truststore.pem.
    Issue(PkiIssueArgs),
    /// Write a CRL of the PKI's CA that issued the given serials.
    Revoke(PkiRevokeArgs),
}

/// `--at` and `--seed`, for every `pki` command.
#[derive(Debug, Args, Clone)]
pub(crate) struct PkiMaking {
    /// The time the certificates are made at: RFC 3339 or YYYY-MM-DD. Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_at, allow_hyphen_values = true)]
    pub at: Option<i64>,

    /// Derive every key and serial from this text instead of the OS's randomness: the same
    /// seed, time and arguments give the same files, byte for byte (for tests; such keys are
    /// only as secret as the seed).
    #[arg(long, value_name = "TEXT")]
    pub seed: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct PkiInitArgs {
    /// The directory to write (made if missing).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The service the PKI is for: its key, depth and PEM rules.
    #[arg(long, default_value = "apigw", value_parser = parse_profile)]
    pub profile: &'static Profile,

    /// The CAs' key kind: rsa2048, rsa3072, rsa4096, p256, p384.
    #[arg(long, default_value = "p256", value_name = "KIND")]
    pub key: String,

    /// Intermediate CAs below the root, 0 to 3.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(0..=3))]
    pub intermediates: u8,

    /// The organisation (O=) of every subject.
    #[arg(long, default_value = "Example Corp")]
    pub name: String,

    /// The root's validity, in days.
    #[arg(long, default_value_t = 3650, value_parser = clap::value_parser!(u32).range(1..))]
    pub days_root: u32,

    /// Each intermediate's validity, in days (never beyond its issuer's).
    #[arg(long, default_value_t = 1825, value_parser = clap::value_parser!(u32).range(1..))]
    pub days_intermediate: u32,

    /// Overwrite the files of an earlier `pki init`.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub making: PkiMaking,
}

#[derive(Debug, Args)]
pub(crate) struct PkiIssueArgs {
    /// The directory `pki init` wrote.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// The client's common name (CN=).
    #[arg(long, value_name = "NAME")]
    pub cn: String,

    /// A subjectAltName: dns:NAME, uri:URI or email:ADDRESS (repeatable).
    #[arg(long, value_name = "KIND:VALUE")]
    pub san: Vec<String>,

    /// Validity in days (never beyond the issuer's).
    #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..))]
    pub days: u32,

    /// The key kind (default: the PKI's).
    #[arg(long, value_name = "KIND")]
    pub key: Option<String>,

    /// The issuing CA's file stem (`intermediate-1`, `root`). Default: the deepest CA.
    #[arg(long, value_name = "CA")]
    pub issuer: Option<String>,

    /// The file stem of what is written (default: the CN, made file-safe).
    #[arg(long, value_name = "NAME")]
    pub out: Option<String>,

    /// Make the certificate with exactly this one defect; it is then checked to be denied
    /// with the code the fault is named for.
    #[arg(long, value_enum)]
    pub fault: Option<crate::cli::commands::pki::Fault>,

    /// Overwrite files of the same name.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub making: PkiMaking,
}

#[derive(Debug, Args)]
pub(crate) struct PkiRevokeArgs {
    /// The directory `pki init` wrote.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Serial numbers to revoke, as pki.toml or `inspect` write them (hex, any spelling).
    #[arg(long = "serial", value_name = "SERIAL", required = true, num_args = 1..)]
    pub serials: Vec<String>,

    /// When the CRL's nextUpdate is, from --at (e.g. 7d, 12h).
    #[arg(long, default_value = "7d", value_parser = parse_window)]
    pub next_update: i64,

    /// Write DER (`.crl`) instead of PEM (`.crl.pem`).
    #[arg(long)]
    pub der: bool,

    #[command(flatten)]
    pub making: PkiMaking,
}

#[cfg(feature = "probe")]
#[derive(Debug, Args)]
pub(crate) struct ProbeArgs {
    /// The endpoint: https://HOST[:PORT][/PATH] (or HOST[:PORT]).
    #[arg(value_name = "URL")]
    pub url: String,

    /// The client certificate file (PEM): the client, then the intermediates sent with it.
    #[arg(long, value_name = "CERT", requires = "key")]
    pub cert: Option<PathBuf>,

    /// The client's private key (PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "KEY", requires = "cert")]
    pub key: Option<PathBuf>,

    /// The TLS server name (SNI and the server certificate's name). Default: the URL's host.
    #[arg(long, value_name = "NAME")]
    pub servername: Option<String>,

    /// Only this TLS version. Default: 1.3 or 1.2, as the server chooses.
    #[arg(long, value_name = "VERSION", value_parser = ["1.2", "1.3"])]
    pub tls: Option<String>,

    /// The path of the GET request (default: the URL's, else /).
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,

    /// Give up after this long, for each of connecting, the handshake and the answer (e.g.
    /// 10s, 500ms).
    #[arg(long, default_value = "10s", value_parser = parse_timeout)]
    pub timeout: std::time::Duration,

    /// Predict the reason of an HTTP 403 with this truststore (`verify`'s verdict).
    #[arg(long, short = 't', value_name = "BUNDLE")]
    pub truststore: Option<PathBuf>,

    /// The profile that prediction uses.
    #[command(flatten)]
    pub profile: ProfileArgs,

    /// Check the server's certificate against this file's CAs instead of the system's.
    #[arg(long, value_name = "FILE", conflicts_with = "insecure")]
    pub server_ca: Option<PathBuf>,

    /// Do not check the server's certificate (its handshake signature still is).
    #[arg(long)]
    pub insecure: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[cfg(feature = "probe")]
fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(text)
        .map_err(|e| format!("invalid timeout '{text}': {e} (e.g. 10s, 500ms)"))
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The subcommand whose page to print (`lint`, `crl lint`). Default: the top page.
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,

    /// Write truststore.1 and one truststore-<command>.1 per subcommand into DIR.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
