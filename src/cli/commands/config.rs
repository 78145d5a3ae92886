//! `truststore config`: the effective settings, from the config file and the flags.

use crate::cli::args::ConfigArgs;
use crate::cli::report::EffectiveConfig;
use crate::cli::{Inputs, Ran};
use anyhow::Result;

pub(crate) fn run(args: &ConfigArgs, inputs: &Inputs) -> Result<Ran<EffectiveConfig>> {
    let config = inputs.config()?;
    let selection = inputs.selection(&config, &args.selection)?;
    Ok(Ran {
        report: EffectiveConfig::new(&config, &selection),
        errors: Vec::new(),
        failing: false,
    })
}
