//! `truststore explain CODE | --all`: what a code means, what the service does, how to fix it.

use crate::cli::args::ExplainArgs;
use crate::cli::Ran;
use crate::explain::{self, Explanation};
use anyhow::{bail, Result};

pub(crate) fn run(args: &ExplainArgs) -> Result<Ran<Vec<Explanation>>> {
    let entries = match &args.code {
        None => explain::all(),
        Some(code) => match explain::by_code(code) {
            Some(entry) => vec![entry],
            None => {
                let known: Vec<&str> = explain::all().iter().map(|e| e.code).collect();
                bail!("unknown code '{code}'; known codes: {}", known.join(", "));
            }
        },
    };
    Ok(Ran {
        report: entries,
        errors: Vec::new(),
        failing: false,
    })
}
