//! `truststore explain CODE | --all`: what a code means, what the service does, how to fix it.

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
                let known: Vec<&str> = entries.iter().map(|e| e.code).collect();
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
