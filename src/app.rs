//! Runs a parsed command: reads the inputs, calls the library, renders, picks the exit code.
//! Operational failures (unreadable file, no certificate) are reported and decide exit 2, but
//! do not stop the other files from being processed.

use crate::cli::{self, Cli, Command, ExplainArgs, Format, LintArgs};
use crate::finding::Severity;
use crate::lint::{LintContext, LintOptions};
use crate::report::{self, FileSummary, LintReport, Style, Summary};
use crate::source::Source;
use std::io::{IsTerminal, Write};

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
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub style: Style,
    /// `--max-input-size`: no input larger than this is read.
    pub max_input: u64,
}

impl Settings {
    /// Loads an input file within the size limit.
    pub fn load(&self, path: &std::path::Path) -> anyhow::Result<Source> {
        Source::load(path, self.max_input)
    }
}

pub fn run(cli: Cli) -> Outcome {
    let settings = Settings {
        style: Style {
            color: color_wanted(),
        },
        max_input: cli.max_input_size,
    };
    match cli.command {
        Command::Lint(args) => lint(&args, &settings),
        Command::Verify(args) => crate::verify::command(&args, &settings),
        Command::Inspect(args) => crate::inspect::command(&args, &settings),
        Command::Match(args) => crate::key_match::command(&args, &settings),
        Command::Explain(args) => explain(&args, settings.style),
    }
}

/// Colour only on a terminal, and never when `NO_COLOR` is set (no-color.org).
fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn lint(args: &LintArgs, settings: &Settings) -> Outcome {
    let options = LintOptions {
        at: cli::at_or_now(args.at),
        expiry_window: args.expiry_window,
    };
    let mut report = LintReport::default();
    let mut errors = Vec::new();
    for path in &args.bundles {
        let linted = settings.load(path).and_then(|source| {
            let ctx = LintContext::new(&source, options)?;
            Ok((ctx.run(), ctx.entries.len(), source.name.clone()))
        });
        match linted {
            Ok((findings, certificates, file)) => {
                report.files.push(FileSummary { file, certificates });
                report.findings.extend(findings);
            }
            Err(e) => errors.push(format!("{e:#}")),
        }
    }
    let certificates = report.files.iter().map(|f| f.certificates).sum();
    report.summary = Summary::of(certificates, &report.findings);
    let failing = report.findings.iter().any(|f| {
        f.severity == Severity::Error || (args.deny_warnings && f.severity == Severity::Warning)
    });
    let stdout = match args.format {
        Format::Human => report::human::lint(&report, settings.style),
        Format::Json => report::json::lint(&report),
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

fn explain(args: &ExplainArgs, style: Style) -> Outcome {
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
        Format::Human => report::human::explain(&entries, style),
        Format::Json => report::json::explain(&entries),
    };
    Outcome {
        stdout,
        errors: Vec::new(),
        exit_code: 0,
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
