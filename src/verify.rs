//! `truststore verify`: would API Gateway accept each client certificate.

use crate::app::Outcome;
use crate::cli::VerifyArgs;
use crate::report::Style;

pub fn command(_args: &VerifyArgs, _style: Style) -> Outcome {
    Outcome {
        stdout: String::new(),
        errors: vec!["verify is not implemented yet".into()],
        exit_code: 2,
    }
}
