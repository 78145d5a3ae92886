//! SARIF 2.1.0 (OASIS), for GitHub code scanning: one `rules[]` entry per code of the registry,
//! one result per finding with its file, line and certificate index.

use super::LintReport;
use crate::lint::finding::Severity;
use crate::profile::Profile;
use serde_json::{json, Value};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub(crate) fn lint(report: &LintReport) -> String {
    let profile = Profile::named(report.profile).unwrap_or_else(Profile::default_profile);
    let entries = crate::explain::explanations(profile);
    let rules: Vec<Value> = entries
        .iter()
        .map(|e| {
            let default_level = match e.lint_severity {
                Some("error") => "error",
                Some("warning") => "warning",
                Some(_) => "note",
                None => "error",
            };
            json!({
                "id": e.code,
                "name": e.code.split('-').map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
                }).collect::<String>(),
                "shortDescription": { "text": e.summary },
                "fullDescription": { "text": e.explanation },
                "help": {
                    "text": format!("{} Fix: {}", e.aws, e.fix),
                    "markdown": format!("{}\n\n**Fix:** {}\n\n**Source:** {} (confidence: {:?})\n\n`truststore explain {}`", e.aws, e.fix, e.citation, e.confidence, e.code),
                },
                "defaultConfiguration": { "level": default_level },
                "properties": { "tags": ["security", "mtls", "x509"], "confidence": format!("{:?}", e.confidence) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let rule_index = entries
                .iter()
                .position(|e| e.code == f.code.as_str())
                .unwrap_or(0);
            let physical = json!({
                "artifactLocation": { "uri": f.file },
                "region": { "startLine": f.line },
            });
            let location = match &f.subject {
                Some(subject) => json!({
                    "physicalLocation": physical,
                    "logicalLocations": [{ "name": subject, "kind": "object" }],
                }),
                None => json!({ "physicalLocation": physical }),
            };
            json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": { "text": format!("{} Hint: {}", f.message, f.hint) },
                "locations": [location],
                "properties": { "certificateIndex": f.index, "subject": f.subject, "aws": f.aws },
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "truststore",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html",
                "rules": rules,
            }},
            "results": results,
            // An input that could not be read is a tool execution notification, not a result.
            "invocations": [{
                "executionSuccessful": report.errors.is_empty(),
                "toolExecutionNotifications": report.errors.iter().map(|e| json!({
                    "level": "error",
                    "message": { "text": e.message },
                    "locations": [{ "physicalLocation": { "artifactLocation": { "uri": e.file } } }],
                })).collect::<Vec<Value>>(),
            }],
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
