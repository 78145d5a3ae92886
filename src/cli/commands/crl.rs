//! `truststore crl lint|convert|export`: revocation lists as load balancer trust stores take
//! them (PEM only, signed by a trust store CA, current, no negative serials, within quotas),
//! DER to PEM, and the revoked serials for an authorizer or a CloudFront KeyValueStore.

use crate::cli::args::{self, CrlConvertArgs, CrlExportArgs, CrlExportFormat, CrlLintArgs};
use crate::cli::report::{CrlProblem, CrlReport, CrlSummary};
use crate::cli::{Inputs, Ran};
use crate::crl::{self, Crl, Status};
use crate::truststore::Truststore;
use crate::when::rfc3339;
use anyhow::{anyhow, Result};

/// Elastic Load Balancing quotas on revocation lists (ELB quotas page).
const MAX_LISTS: usize = 30;
const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
const MAX_ENTRIES: usize = 500_000;

pub(crate) fn lint(args: &CrlLintArgs, inputs: &Inputs) -> Result<Ran<CrlReport>> {
    let at = args::at_or_now(args.at);
    let truststore = match &args.truststore {
        Some(path) => Some(Truststore::from_owned(inputs.certificates(path)?)?),
        None => None,
    };
    let mut report = CrlReport {
        at: rfc3339(at),
        lists: Vec::new(),
        problems: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut entries = 0;
    for path in &args.files {
        let source = match inputs.load(path) {
            Ok(source) => source,
            Err(e) => {
                errors.push(format!("{e:#}"));
                continue;
            }
        };
        let file = match crl::read(&source) {
            Ok(file) => file,
            Err(e) => {
                // A DER file or no CRL at all: the load balancer refuses it.
                report.problems.push(CrlProblem {
                    file: source.name.clone(),
                    line: 1,
                    message: e,
                });
                continue;
            }
        };
        let problem = |line: usize, message: String| CrlProblem {
            file: file.name.clone(),
            line,
            message,
        };
        if file.size > MAX_FILE_BYTES {
            report.problems.push(problem(
                1,
                format!(
                    "the file is {} bytes; a trust store takes at most 50 MB per revocation file",
                    file.size
                ),
            ));
        }
        for (line, why) in &file.problems {
            report.problems.push(problem(*line, why.clone()));
        }
        for list in &file.crls {
            entries += list.entries.len();
            report.problems.extend(
                list_problems(list, truststore.as_ref(), at)
                    .into_iter()
                    .map(|m| problem(list.line, m)),
            );
            report
                .lists
                .push(summary(&file.name, list, truststore.as_ref(), at));
        }
    }
    if report.lists.len() > MAX_LISTS {
        report.problems.push(CrlProblem {
            file: String::new(),
            line: 0,
            message: format!(
                "{} revocation lists; a trust store takes at most {MAX_LISTS}",
                report.lists.len()
            ),
        });
    }
    if entries > MAX_ENTRIES {
        report.problems.push(CrlProblem {
            file: String::new(),
            line: 0,
            message: format!(
                "{entries} revoked entries; a trust store takes at most {MAX_ENTRIES}"
            ),
        });
    }
    let failing = !report.problems.is_empty();
    Ok(Ran {
        report,
        errors,
        failing,
    })
}

/// What a load balancer would refuse about one list.
fn list_problems(list: &Crl, truststore: Option<&Truststore>, at: i64) -> Vec<String> {
    let mut problems: Vec<String> = list
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_negative())
        .map(|(i, e)| {
            format!(
                "entry {} has a negative serial number ({}): a load balancer cannot revoke it; re-issue that certificate with a positive serial",
                i + 1,
                crate::x509::colon_hex(&e.serial)
            )
        })
        .collect();
    // Without a truststore only the kind of list and its dates can be judged.
    let unusable = match truststore {
        Some(ts) => list.status(ts, at).problem().map(str::to_string),
        None => list.unusable_at(at),
    };
    problems.extend(unusable.map(|why| format!("not usable: {why}")));
    problems
}

fn summary(file: &str, list: &Crl, truststore: Option<&Truststore>, at: i64) -> CrlSummary {
    let signer = truststore.and_then(|ts| match list.status(ts, at) {
        Status::Usable { issuer } => {
            let (file, line) = ts.place(ts.entry_of(issuer).line);
            Some(((file != ts.file).then(|| file.to_string()), line))
        }
        Status::Unsigned(_) | Status::Unusable(_) => None,
    });
    CrlSummary {
        file: file.to_string(),
        line: list.line,
        issuer: list.issuer.clone(),
        this_update: rfc3339(list.this_update),
        next_update: list.next_update.map(rfc3339),
        entries: list.entries.len(),
        signed_by_line: signer.as_ref().map(|(_, line)| *line),
        signed_by_file: signer.and_then(|(file, _)| file),
    }
}

pub(crate) fn convert(args: &CrlConvertArgs, inputs: &Inputs) -> Result<Ran<String>> {
    let source = inputs.load(&args.file)?;
    let mut out = String::new();
    for list in crl::read_any(&source).map_err(|e| anyhow!(e))? {
        out.push_str(&crate::pem::armor("X509 CRL", list.der()));
    }
    Ok(Ran {
        report: out,
        errors: Vec::new(),
        failing: false,
    })
}

pub(crate) fn export(args: &CrlExportArgs, inputs: &Inputs) -> Result<Ran<String>> {
    let mut serials = Vec::new();
    let mut issuers = Vec::new();
    for path in &args.files {
        for list in crl::read_any(&inputs.load(path)?).map_err(|e| anyhow!(e))? {
            let mut own: Vec<String> = list.entries.iter().map(crl::Entry::hex).collect();
            own.sort_unstable();
            own.dedup();
            serials.extend(own.iter().cloned());
            // Per issuer too, so that a serial never matches across CAs (RevocationSet).
            issuers.push(serde_json::json!({
                "issuer": list.issuer,
                "key_id": list.aki.as_deref().map(crate::x509::hex),
                "serials": own,
            }));
        }
    }
    serials.sort_unstable();
    serials.dedup();
    let document = match args.format {
        CrlExportFormat::Serials => serde_json::json!({ "serials": serials, "issuers": issuers }),
        CrlExportFormat::CloudfrontKvs => serde_json::json!({
            "data": serials
                .iter()
                .map(|s| serde_json::json!({ "key": s, "value": "" }))
                .collect::<Vec<_>>()
        }),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    Ok(Ran {
        report: text,
        errors: Vec::new(),
        failing: false,
    })
}
