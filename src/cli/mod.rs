//! The command-line layer (feature `cli`): argument parsing, input loading, the config file,
//! one module per command, and the report renderers. Commands receive plain arguments and
//! return report models; `run` renders them and picks the exit code. Operational failures
//! (unreadable file, no certificate) are reported and decide exit 2, but do not stop the other
//! files from being processed.

pub(crate) mod args;
pub(crate) mod commands;
pub(crate) mod config;
pub(crate) mod input;
pub(crate) mod report;
mod selection;

use crate::profile::Profile;
use crate::source::Source;
use anyhow::{anyhow, Result};
use args::{
    Cli, ColorChoice, Command, CrlCommand, Format, LintFormat, PkiCommand, SelectionArgs,
    VerifyFormat,
};
use clap::{CommandFactory, Parser};
use config::Config;
use report::Style;
use selection::Selection;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The binary's whole life: parse arguments, run, print, exit 0/1/2.
pub fn main() -> ExitCode {
    let outcome = run(Cli::parse());
    emit(&outcome);
    ExitCode::from(outcome.exit_code)
}

/// The codes reference (`docs/rules.md`), rendered from the registry; a test keeps the file
/// equal to it.
pub fn rules_markdown() -> String {
    crate::explain::markdown()
}

/// What a command prints and how it exits.
pub(crate) struct Outcome {
    pub(crate) stdout: String,
    /// One-line operational errors, printed to stderr as `truststore: <error>`.
    pub(crate) errors: Vec<String>,
    /// Printed to stderr as it is, before the errors: what a command that writes its result
    /// to stdout says about it (`fix`'s changes).
    pub(crate) stderr: String,
    pub(crate) exit_code: u8,
}

impl Outcome {
    /// An operational failure before anything could be reported: exit 2.
    pub(crate) fn failed(error: String) -> Outcome {
        Outcome {
            stdout: String::new(),
            errors: vec![error],
            stderr: String::new(),
            exit_code: 2,
        }
    }

    fn printed(stdout: String) -> Outcome {
        Outcome {
            stdout,
            errors: Vec::new(),
            stderr: String::new(),
            exit_code: 0,
        }
    }
}

/// What a command made: its report, the inputs it could not read, and whether the report
/// itself means failure (an error finding, a denied client, a mismatch).
pub(crate) struct Ran<R> {
    pub(crate) report: R,
    pub(crate) errors: Vec<String>,
    pub(crate) failing: bool,
}

/// Where the commands read from: the size limit and the config file.
#[derive(Debug, Clone)]
pub(crate) struct Inputs {
    /// `--max-input-size`: no input larger than this is read.
    pub(crate) max_input: u64,
    /// `--config`, if given; otherwise the nearest truststore.toml is used.
    pub(crate) config_path: Option<PathBuf>,
    /// `--passphrase-file` / `--passphrase-env`: read when an input needs it.
    pub(crate) passphrase_file: Option<PathBuf>,
    pub(crate) passphrase_env: Option<String>,
}

impl Inputs {
    /// Loads an input file within the size limit.
    pub(crate) fn load(&self, path: &Path) -> Result<Source> {
        input::load(path, self.max_input)
    }

    /// Loads a certificate input: a PEM file, a file of another format converted to PEM
    /// (DER, PKCS#7, PKCS#12, UTF-16), or a directory read as one bundle.
    pub(crate) fn certificates(&self, path: &Path) -> Result<Source> {
        let passphrase = self.passphrase()?;
        input::certificates(
            path,
            self.max_input,
            passphrase.as_ref().map(|p| p.as_slice()),
        )
    }

    /// The passphrase of `--passphrase-file` (its first line) or `--passphrase-env`, if given;
    /// never a flag's value, so it stays out of shell history and process lists.
    pub(crate) fn passphrase(&self) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        input::passphrase(
            self.passphrase_file.as_deref(),
            self.passphrase_env.as_deref(),
        )
    }

    /// The config file: `--config`, else the nearest truststore.toml, else defaults.
    pub(crate) fn config(&self) -> Result<Config> {
        let found = match &self.config_path {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| config::discover(&dir)),
        };
        found.map_or_else(|| Ok(Config::default()), |path| config::load(&path))
    }

    /// The effective selection: config, then command-line flags (validated).
    pub(crate) fn selection(&self, config: &Config, args: &SelectionArgs) -> Result<Selection> {
        selection::check_codes(&args.ignore, "--ignore")?;
        selection::check_codes(&args.warn, "--warn")?;
        selection::check_codes(&args.deny, "--deny")?;
        Ok(Selection::new(
            config,
            &args.ignore,
            &args.warn,
            &args.deny,
            args.deny_warnings,
        ))
    }
}

/// `error` as a command judging under `profile` reports it: a revocation list given as
/// certificates is told where it goes under that profile.
pub(crate) fn under_profile(error: anyhow::Error, profile: &Profile) -> anyhow::Error {
    if !matches!(
        error.downcast_ref(),
        Some(crate::Error::IsRevocationList { .. })
    ) {
        return error;
    }
    if profile.revocation_lists.value {
        anyhow!("{error}; {} takes revocation lists beside the CA bundle: pass it with `truststore verify --crl FILE`, check it with `truststore crl lint --truststore BUNDLE FILE`", profile.service)
    } else {
        anyhow!("{error}; {} does not check revocation lists: leave it out of the truststore (a Lambda authorizer can check revocation)", profile.service)
    }
}

/// `--profile`, else the config's `profile`, else API Gateway.
pub(crate) fn profile_of(flag: Option<&'static Profile>, config: &Config) -> &'static Profile {
    flag.or(config.profile)
        .unwrap_or_else(Profile::default_profile)
}

/// The truststore a command reads: the one named on the command line, else the config's.
pub(crate) fn truststore_path(
    named: Option<&Path>,
    config: &Config,
    flag: &str,
) -> Result<PathBuf> {
    if let Some(path) = named {
        return Ok(path.to_path_buf());
    }
    config.truststore.clone().ok_or_else(|| {
        anyhow!(
            "no truststore: give one with {flag}, or set `truststore = \"path\"` in {}",
            config.path.as_ref().map_or_else(
                || format!("a {} (none found from here upwards)", config::FILE_NAME),
                |p| p.display().to_string()
            )
        )
    })
}

pub(crate) fn run(cli: Cli) -> Outcome {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => color_wanted(),
    };
    let style = Style { color };
    let inputs = Inputs {
        max_input: cli.max_input_size,
        config_path: cli.config,
        passphrase_file: cli.passphrase_file,
        passphrase_env: cli.passphrase_env,
    };
    let quiet = cli.quiet;
    let command = cli.command;
    match cli.jobs {
        Some(jobs) => match rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
        {
            Ok(pool) => pool.install(|| dispatch(command, &inputs, style, quiet)),
            Err(e) => Outcome::failed(format!("--jobs {jobs}: {e}")),
        },
        None => dispatch(command, &inputs, style, quiet),
    }
}

/// Runs a command and renders its report in the format asked for.
fn dispatch(command: Command, inputs: &Inputs, style: Style, quiet: bool) -> Outcome {
    use report::{github, human, json, sarif};
    match command {
        Command::Lint(args) => finish(commands::lint::run(&args, inputs), |r| match args.format {
            LintFormat::Human => human::lint(r, style, quiet),
            LintFormat::Json => json::lint(r),
            LintFormat::Sarif => sarif::lint(r),
            LintFormat::Github => github::lint(r),
        }),
        Command::Verify(args) if args.access_log.is_some() => {
            let log = args.access_log.clone().unwrap_or_default();
            finish(
                commands::access_log::run(&args, &log, inputs),
                |r| match args.format {
                    VerifyFormat::Human => human::access_log(r, style),
                    VerifyFormat::Json | VerifyFormat::Github => json::access_log(r),
                },
            )
        }
        Command::Verify(args) if !args.events.is_empty() => {
            finish(commands::event::run(&args, inputs), |r| match args.format {
                VerifyFormat::Human => human::events(r, style),
                VerifyFormat::Json | VerifyFormat::Github => json::events(r),
            })
        }
        Command::Verify(args) => {
            let human = args.format == VerifyFormat::Human;
            finish(
                commands::verify::run(&args, inputs, human),
                |r| match args.format {
                    VerifyFormat::Human => human::verify(r, style, quiet),
                    VerifyFormat::Json => json::verify(r),
                    VerifyFormat::Github => github::verify(r),
                },
            )
        }
        Command::Inspect(args) => finish(commands::inspect::run(&args, inputs), |r| {
            match args.format {
                Format::Human => human::inspect(r, style, quiet),
                Format::Json => json::inspect(r),
            }
        }),
        Command::Match(args) => finish(commands::key_match::run(&args, inputs), |r| {
            match args.format {
                Format::Human => human::key_match(r, style, quiet),
                Format::Json => json::key_match(r),
            }
        }),
        Command::Diff(args) => finish(commands::diff::run(&args, inputs), |r| match args.format {
            Format::Human => human::diff(r, style, quiet),
            Format::Json => json::diff(r),
        }),
        Command::Fix(args) => match commands::fix::run(&args, inputs) {
            Ok(ran) => Outcome {
                stdout: ran.report.stdout,
                stderr: if quiet { String::new() } else { ran.report.log },
                errors: ran.errors,
                exit_code: u8::from(ran.failing),
            },
            Err(e) => Outcome::failed(format!("{e:#}")),
        },
        Command::Explain(args) => finish(commands::explain::run(&args), |r| match args.format {
            // `explain` alone lists the codes, one line each.
            Format::Human => human::explain(r, style, quiet || (args.code.is_none() && !args.all)),
            Format::Json => json::explain(r),
        }),
        Command::Crl(CrlCommand::Lint(args)) => {
            finish(commands::crl::lint(&args, inputs), |r| match args.format {
                Format::Human => human::crl(r),
                Format::Json => json::crl(r),
            })
        }
        Command::Crl(CrlCommand::Convert(args)) => {
            finish(commands::crl::convert(&args, inputs), Clone::clone)
        }
        Command::Crl(CrlCommand::Export(args)) => {
            finish(commands::crl::export(&args, inputs), Clone::clone)
        }
        Command::Pki(PkiCommand::Init(args)) => finish(commands::pki::init(&args), Clone::clone),
        Command::Pki(PkiCommand::Issue(args)) => finish(commands::pki::issue(&args), Clone::clone),
        Command::Pki(PkiCommand::Revoke(args)) => {
            finish(commands::pki::revoke(&args), Clone::clone)
        }
        #[cfg(feature = "probe")]
        Command::Probe(args) => {
            finish(commands::probe::run(&args, inputs), |r| match args.format {
                Format::Human => human::probe(r),
                Format::Json => json::probe(r),
            })
        }
        Command::Config(args) => finish(commands::config::run(&args, inputs), |r| {
            match args.format {
                Format::Human => human::config(r),
                Format::Json => json::config(r),
            }
        }),
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "truststore", &mut out);
            Outcome::printed(String::from_utf8_lossy(&out).into_owned())
        }
        Command::Man(args) => man(&args),
    }
}

/// The outcome of a command: exit 2 when an input could not be read, else 1 when the report
/// says failure, else 0.
fn finish<R>(ran: Result<Ran<R>>, render: impl FnOnce(&R) -> String) -> Outcome {
    match ran {
        Ok(ran) => Outcome {
            stdout: render(&ran.report),
            stderr: String::new(),
            exit_code: if !ran.errors.is_empty() {
                2
            } else {
                u8::from(ran.failing)
            },
            errors: ran.errors,
        },
        Err(e) => Outcome::failed(format!("{e:#}")),
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints an outcome. A closed stdout (`| head`) is not an error worth a word.
pub(crate) fn emit(outcome: &Outcome) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(outcome.stderr.as_bytes());
    for e in &outcome.errors {
        let _ = writeln!(stderr, "truststore: {e}");
    }
}

/// `truststore man`: the top page, one subcommand's page, or every page into a directory.
fn man(args: &args::ManArgs) -> Outcome {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    if let Some(dir) = &args.dir {
        return match std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir))
        {
            Ok(()) => Outcome::printed(format!("wrote the man pages into {}\n", dir.display())),
            Err(e) => Outcome::failed(format!(
                "cannot write the man pages into {}: {e}",
                dir.display()
            )),
        };
    }
    let mut page = cmd;
    for word in &args.command {
        let Some(sub) = page.find_subcommand(word).cloned() else {
            let known: Vec<&str> = page.get_subcommands().map(|c| c.get_name()).collect();
            return Outcome::failed(format!(
                "no command `{}`; its commands: {}",
                args.command.join(" "),
                known.join(", ")
            ));
        };
        page = sub;
    }
    let mut out = Vec::new();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => Outcome::printed(String::from_utf8_lossy(&out).into_owned()),
        Err(e) => Outcome::failed(format!("cannot render the man page: {e}")),
    }
}
