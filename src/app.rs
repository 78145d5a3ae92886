//! Runs a parsed command: reads the inputs, calls the library, renders, picks the exit code.
//! Operational failures (unreadable file, no certificate) are reported and decide exit 2, but
//! do not stop the other files from being processed.

use crate::cli::{
    self, Cli, ColorChoice, Command, ConfigArgs, ExplainArgs, Format, LintArgs, LintFormat,
    SelectionArgs,
};
use crate::config::{self, Config};
use crate::finding::{Finding, Severity};
use crate::lint::{LintContext, LintOptions};
use crate::report::{self, FileSummary, LintReport, Style, Summary};
use crate::selection::{self, Selection};
use crate::source::Source;
use anyhow::Result;
use clap::CommandFactory;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// What a command prints and how it exits.
pub struct Outcome {
    pub stdout: String,
    /// One-line operational errors, printed to stderr as `truststore: <error>`.
    pub errors: Vec<String>,
    pub exit_code: u8,
}

impl Outcome {
    /// An operational failure before anything could be reported: exit 2.
    pub fn failed(error: String) -> Outcome {
        Outcome {
            stdout: String::new(),
            errors: vec![error],
            exit_code: 2,
        }
    }
}

/// What every command needs besides its own arguments.
#[derive(Debug, Clone)]
pub struct Settings {
    pub style: Style,
    /// `--quiet`: human output is the summary only.
    pub quiet: bool,
    /// `--max-input-size`: no input larger than this is read.
    pub max_input: u64,
    /// `--config`, if given; otherwise the nearest truststore.toml is used.
    pub config_path: Option<PathBuf>,
}

impl Settings {
    /// Loads an input file within the size limit.
    pub fn load(&self, path: &Path) -> Result<Source> {
        Source::load(path, self.max_input)
    }

    /// The config file: `--config`, else the nearest truststore.toml, else defaults.
    pub fn config(&self) -> Result<Config> {
        let found = match &self.config_path {
            Some(path) => Some(path.clone()),
            None => std::env::current_dir()
                .ok()
                .and_then(|dir| config::discover(&dir)),
        };
        found.map_or_else(|| Ok(Config::default()), |path| config::load(&path))
    }

    /// The effective selection: config, then command-line flags (validated).
    pub fn selection(&self, config: &Config, args: &SelectionArgs) -> Result<Selection> {
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

pub fn run(cli: Cli) -> Outcome {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => color_wanted(),
    };
    let settings = Settings {
        style: Style { color },
        quiet: cli.quiet,
        max_input: cli.max_input_size,
        config_path: cli.config,
    };
    match cli.jobs {
        Some(jobs) => match rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build()
        {
            Ok(pool) => pool.install(|| dispatch(cli.command, &settings)),
            Err(e) => Outcome::failed(format!("--jobs {jobs}: {e}")),
        },
        None => dispatch(cli.command, &settings),
    }
}

fn dispatch(command: Command, settings: &Settings) -> Outcome {
    match command {
        Command::Lint(args) => lint(&args, settings),
        Command::Verify(args) => crate::verify::command(&args, settings),
        Command::Inspect(args) => crate::inspect::command(&args, settings),
        Command::Match(args) => crate::key_match::command(&args, settings),
        Command::Explain(args) => explain(&args, settings.style, settings.quiet),
        Command::Diff(args) => crate::diff::command(&args, settings),
        Command::Config(args) => show_config(&args, settings),
        Command::Completions(args) => {
            let mut out = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "truststore", &mut out);
            Outcome {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                errors: Vec::new(),
                exit_code: 0,
            }
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut out) {
                Ok(()) => Outcome {
                    stdout: String::from_utf8_lossy(&out).into_owned(),
                    errors: Vec::new(),
                    exit_code: 0,
                },
                Err(e) => Outcome::failed(format!("cannot render the man page: {e}")),
            }
        }
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// One linted file: its findings after selection, and its certificate count.
pub struct LintedFile {
    pub file: String,
    pub certificates: usize,
    pub findings: Vec<Finding>,
}

/// Lints one parsed bundle and applies the selection (ignores by fingerprint included).
pub fn lint_parsed(ctx: &LintContext, selection: &Selection) -> LintedFile {
    let findings = selection.apply(ctx.run(), |f| ctx.fingerprint_at(f.index));
    LintedFile {
        file: ctx.file.clone(),
        certificates: ctx.entries.len(),
        findings,
    }
}

/// `--at`, and `--expiry-window` or the config's, or 30 days.
pub fn lint_options(time: &cli::TimeArgs, config: &Config) -> LintOptions {
    LintOptions {
        at: cli::at_or_now(time.at),
        expiry_window: time
            .expiry_window
            .or(config.expiry_window)
            .unwrap_or(30 * 86_400),
    }
}

fn lint(args: &LintArgs, settings: &Settings) -> Outcome {
    let config = match settings.config() {
        Ok(config) => config,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let selection = match settings.selection(&config, &args.selection) {
        Ok(selection) => selection,
        Err(e) => return Outcome::failed(format!("{e:#}")),
    };
    let options = lint_options(&args.time, &config);
    let mut report = LintReport::default();
    let mut errors = Vec::new();
    for path in &args.bundles {
        // The file's text is freed once parsed, before the rules run.
        let linted = settings
            .load(path)
            .and_then(|source| LintContext::new(&source, options))
            .map(|ctx| lint_parsed(&ctx, &selection));
        match linted {
            Ok(file) => {
                report.files.push(FileSummary {
                    file: file.file,
                    certificates: file.certificates,
                });
                report.findings.extend(file.findings);
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let certificates = report.files.iter().map(|f| f.certificates).sum();
    report.summary = Summary::of(certificates, &report.findings);
    let failing = report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    let stdout = match args.format {
        LintFormat::Human => report::human::lint(&report, settings.style, settings.quiet),
        LintFormat::Json => report::json::lint(&report),
        LintFormat::Sarif => report::sarif::lint(&report),
        LintFormat::Github => report::github::lint(&report),
    };
    let exit_code = if !errors.is_empty() {
        2
    } else {
        u8::from(failing)
    };
    Outcome {
        stdout,
        errors,
        exit_code,
    }
}

fn explain(args: &ExplainArgs, style: Style, quiet: bool) -> Outcome {
    let entries = match &args.code {
        None => crate::explain::all(),
        Some(code) => match crate::explain::by_code(code) {
            Some(entry) => vec![entry],
            None => {
                let known: Vec<&str> = crate::explain::all().iter().map(|e| e.code).collect();
                return Outcome::failed(format!(
                    "unknown code '{code}'; known codes: {}",
                    known.join(", ")
                ));
            }
        },
    };
    let stdout = match args.format {
        Format::Human => report::human::explain(&entries, style, quiet),
        Format::Json => report::json::explain(&entries),
    };
    Outcome {
        stdout,
        errors: Vec::new(),
        exit_code: 0,
    }
}

fn show_config(args: &ConfigArgs, settings: &Settings) -> Outcome {
    let shown = settings.config().and_then(|config| {
        let selection = settings.selection(&config, &args.selection)?;
        Ok(report::EffectiveConfig::new(&config, &selection))
    });
    match shown {
        Ok(effective) => {
            let stdout = match args.format {
                Format::Human => report::human::config(&effective),
                Format::Json => report::json::config(&effective),
            };
            Outcome {
                stdout,
                errors: Vec::new(),
                exit_code: 0,
            }
        }
        Err(e) => Outcome::failed(format!("{e:#}")),
    }
}

/// Prints an outcome. A closed stdout (`| head`) is not an error worth a word.
pub fn emit(outcome: &Outcome) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(outcome.stdout.as_bytes())
        .and_then(|()| stdout.flush());
    let mut stderr = std::io::stderr().lock();
    for e in &outcome.errors {
        let _ = writeln!(stderr, "truststore: {e}");
    }
}
