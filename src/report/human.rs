//! The terminal format: rustc-style findings grouped by file, then a summary line per file.

use super::{plural, LintReport, Style, Summary, VerifyReport};
use std::fmt::Write;

pub fn lint(report: &LintReport, style: Style) -> String {
    let mut out = String::new();
    for file in &report.files {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.file == file.file)
            .collect();
        for f in &findings {
            let head = style.severity(f.severity, &format!("{}[{}]", f.severity.as_str(), f.code));
            let _ = writeln!(out, "{head}: {}", style.bold(&f.message));
            let mut place = format!("{}:{}", f.file, f.line);
            match (f.index, &f.subject) {
                (Some(i), Some(s)) => place.push_str(&format!(" (certificate #{i}, {s})")),
                (Some(i), None) => place.push_str(&format!(" (certificate #{i})")),
                _ => {}
            }
            let _ = writeln!(out, "  {} {place}", style.dim("-->"));
            let _ = writeln!(out, "  {} {}", style.dim("="), f.aws);
            let _ = writeln!(out, "  {} hint: {}", style.dim("="), f.hint);
            let _ = writeln!(out);
        }
        let s = Summary::of(file.certificates, findings.iter().copied());
        let _ = writeln!(out, "{}: {}", style.bold(&file.file), counts(&s));
    }
    if report.files.len() > 1 {
        let _ = writeln!(out, "{}: {}", style.bold("total"), counts(&report.summary));
    }
    out
}

fn counts(s: &Summary) -> String {
    format!(
        "{}, {}, {}, {}",
        plural(s.certificates, "certificate"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    )
}

/// `ACCEPTED file  subject  (path)` or `DENIED file  subject`, the reason line and the hint.
pub fn verify(report: &VerifyReport, style: Style) -> String {
    let mut out = String::new();
    for r in &report.results {
        let subject = r.subject.as_deref().unwrap_or("(unreadable certificate)");
        match (&r.reason, &r.hint) {
            (Some(reason), Some(hint)) => {
                let _ = writeln!(out, "{} {}  {subject}", style.red("DENIED"), r.file);
                let inferred = if r.inferred == Some(true) {
                    "  (inferred)"
                } else {
                    ""
                };
                let _ = writeln!(out, "  {reason}{}", style.dim(inferred));
                let _ = writeln!(out, "  {} {hint}", style.dim("hint:"));
            }
            _ => {
                let _ = writeln!(
                    out,
                    "{} {}  {subject}  ({})",
                    style.green("ACCEPTED"),
                    r.file,
                    r.chain.join(" <- ")
                );
            }
        }
    }
    out
}

/// One block per code: summary, what API Gateway does, the verify line, why, fix, source.
pub fn explain(entries: &[crate::explain::Explanation], style: Style) -> String {
    let mut out = String::new();
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let role = match e.lint_severity {
            Some(severity) => format!("lint: {severity}"),
            None => "verify only".to_string(),
        };
        let _ = writeln!(out, "{} ({role})", style.bold(e.code));
        let _ = writeln!(out, "  {}", e.summary);
        let _ = writeln!(out, "  {}", e.aws);
        if let Some(reason) = &e.verify_reason {
            let inferred = if e.verify_reason_inferred == Some(true) {
                "  (inferred)"
            } else {
                ""
            };
            let _ = writeln!(out, "  verify: {reason}{inferred}");
        }
        let _ = writeln!(out, "  why: {}", e.explanation);
        let _ = writeln!(out, "  fix: {}", e.fix);
        let _ = writeln!(
            out,
            "  source: {} (confidence: {:?})",
            e.citation, e.confidence
        );
    }
    out
}
