//! GitHub Actions workflow commands: `::error file=F,line=L,title=CODE::message`, so findings
//! and denials annotate the pull request on the right line.

use super::{LintReport, VerifyReport};
use crate::lint::finding::Severity;
use std::fmt::Write;

/// Workflow-command escaping (property values also escape `:` and `,`).
fn escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

pub(crate) fn lint(report: &LintReport) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let subject = f
            .subject
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let message = format!("{}{subject}. {}. Hint: {}", f.message, f.aws, f.hint);
        let _ = writeln!(
            out,
            "::{level} file={},line={},title={}::{}",
            escape(&f.file, true),
            f.line,
            escape(f.code.as_str(), true),
            escape(&message, false)
        );
    }
    for e in &report.errors {
        let _ = writeln!(
            out,
            "::error file={},title=unreadable::{}",
            escape(&e.file, true),
            escape(&e.message, false)
        );
    }
    let _ = writeln!(out, "truststore: {}", super::human::counts(&report.summary));
    out
}

pub(crate) fn verify(report: &VerifyReport) -> String {
    let mut out = String::new();
    for r in &report.results {
        match (&r.code, &r.reason, &r.hint) {
            (Some(code), Some(reason), Some(hint)) => {
                let subject = r.subject.as_deref().unwrap_or("-");
                let message = format!("{subject} would be denied: {reason}. Hint: {hint}");
                let _ = writeln!(
                    out,
                    "::error file={},line=1,title={}::{}",
                    escape(&r.file, true),
                    escape(code, true),
                    escape(&message, false)
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "accepted: {} {}",
                    r.file,
                    r.subject.as_deref().unwrap_or("-")
                );
            }
        }
    }
    out
}
