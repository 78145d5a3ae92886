//! The terminal format: rustc-style findings grouped by file, then a summary line per file.

use super::{
    plural, ChainCertificate, DiffReport, EffectiveConfig, InspectReport, LintReport, MatchReport,
    Style, Summary, VerifyReport,
};
use crate::lint::finding::Severity;
use std::fmt::Write;

pub(crate) fn lint(report: &LintReport, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    let mut rest = report.findings.as_slice();
    for file in &report.files {
        let (own, after) = rest.split_at(file.findings.min(rest.len()));
        rest = after;
        let findings: Vec<_> = own.iter().collect();
        for f in findings.iter().filter(|_| !quiet) {
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
        let mut s = Summary::of(file.certificates, findings.iter().copied());
        s.ignored = file.ignored;
        let _ = writeln!(
            out,
            "{}: {} (profile {})",
            style.bold(&file.file),
            counts(&s),
            report.profile
        );
        if let Some(message) = file.refused {
            let _ = writeln!(
                out,
                "{}: the whole bundle is refused: {message}",
                style.bold(&file.file)
            );
        }
    }
    if report.files.len() > 1 {
        let _ = writeln!(
            out,
            "{}: {} (profile {})",
            style.bold("total"),
            counts(&report.summary),
            report.profile
        );
    }
    out
}

pub(crate) fn counts(s: &Summary) -> String {
    let ignored = if s.ignored > 0 {
        format!(", {} ignored by the rule selection", s.ignored)
    } else {
        String::new()
    };
    format!(
        "{}, {}, {}, {}{ignored}",
        plural(s.certificates, "certificate"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    )
}

/// `ACCEPTED file  subject  (path)` or `DENIED file  subject`, the reason line and the hint;
/// then the counts and the profile (alone with `--quiet`).
pub(crate) fn verify(report: &VerifyReport, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    if let Some(first) = report.truststore_findings.first() {
        let more = match report.truststore_findings.len() - 1 {
            0 => String::new(),
            n => format!(" and {} more", plural(n, "finding")),
        };
        let _ = writeln!(
            out,
            "{} {}:{}: {}[{}]{more}: {}; the verdicts below hold only once it is fixed (`truststore lint {}`)",
            style.severity(Severity::Error, "truststore:"),
            first.file,
            first.line,
            first.severity.as_str(),
            first.code,
            first.aws,
            report.truststore
        );
    }
    for r in report.results.iter().filter(|_| !quiet) {
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
                    chain(&r.chain)
                );
            }
        }
    }
    let denied = report
        .results
        .iter()
        .filter(|r| r.verdict == "denied")
        .count();
    let accepted = report.results.len() - denied;
    let _ = writeln!(
        out,
        "{accepted} accepted, {denied} denied (profile {})",
        report.profile
    );
    out
}

/// A client's path, client first, each truststore certificate with its line.
fn chain(path: &[ChainCertificate]) -> String {
    let shown: Vec<String> = path
        .iter()
        .map(|c| match (&c.file, c.line) {
            (Some(file), Some(line)) => format!("{} ({file}:{line})", c.subject),
            (None, Some(line)) => format!("{} (line {line})", c.subject),
            _ => c.subject.clone(),
        })
        .collect();
    shown.join(" <- ")
}

/// One block per code: summary, what API Gateway does, the verify line, why, fix, source.
pub(crate) fn explain(
    entries: &[crate::explain::Explanation],
    style: Style,
    quiet: bool,
) -> String {
    let mut out = String::new();
    if quiet {
        for e in entries {
            let _ = writeln!(out, "{}: {}", e.code, e.summary);
        }
        return out;
    }
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

/// `openssl x509 -text` for every certificate, compact, one fact per line.
pub(crate) fn inspect(report: &InspectReport, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    if quiet {
        for file in &report.files {
            let findings: usize = file.certificates.iter().map(|c| c.findings.len()).sum();
            let _ = writeln!(
                out,
                "{}: {}, {}",
                file.file,
                plural(file.certificates.len(), "certificate"),
                plural(findings, "finding")
            );
        }
        return out;
    }
    for file in &report.files {
        for c in &file.certificates {
            let _ = writeln!(
                out,
                "{}",
                style.bold(&format!(
                    "{}:{}  certificate #{}",
                    c.file.as_deref().unwrap_or(&file.file),
                    c.line,
                    c.index
                ))
            );
            if let Some(error) = &c.error {
                let _ = writeln!(out, "  {:<15} {error}", "unreadable");
            }
            if let Some(r) = &c.readable {
                let mut row = |label: &str, value: Option<&str>| {
                    let _ = writeln!(out, "  {label:<15} {}", value.unwrap_or("(unreadable)"));
                };
                row("subject", r.subject.as_deref());
                row("issuer", r.issuer.as_deref());
                let serial = r
                    .serial
                    .as_ref()
                    .map(|s| negative_mark(s, r.serial_negative));
                row("serial", serial.as_deref());
                row("not before", r.not_before.as_deref());
                row("not after", r.not_after.as_deref());
                row("sha256", Some(&r.sha256_fingerprint));
                row("sha1", Some(&r.sha1_fingerprint));
            }
            if let Some(f) = &c.facts {
                let mut row = |label: &str, value: &str| {
                    let _ = writeln!(out, "  {label:<15} {value}");
                };
                let none = || "-".to_string();
                row("subject", &f.subject);
                row("issuer", &f.issuer);
                row("self-signed", if f.self_signed { "yes" } else { "no" });
                row("version", &f.version.to_string());
                row("serial", &negative_mark(&f.serial, f.serial_negative));
                row(
                    "not before",
                    &format!("{}  ({})", f.not_before, f.not_before_gmt),
                );
                row(
                    "not after",
                    &format!("{}  ({})", f.not_after, f.not_after_gmt),
                );
                row("signature", &f.signature_algorithm);
                let key = match (&f.key.bits, &f.key.curve) {
                    (Some(bits), _) => format!("{} {bits}-bit", f.key.kind),
                    (None, Some(curve)) => format!("{} {curve}", f.key.kind),
                    (None, None) => f.key.kind.clone(),
                };
                row("public key", &key);
                row("key sha256", &f.key.spki_sha256);
                let bc = f.basic_constraints.as_ref().map_or_else(none, |bc| {
                    let path_len = bc.path_len.map_or("none".to_string(), |n| n.to_string());
                    format!(
                        "CA:{}, pathlen:{path_len}",
                        if bc.ca { "TRUE" } else { "FALSE" }
                    )
                });
                row("basic constr.", &bc);
                row(
                    "key usage",
                    &f.key_usage.as_ref().map_or_else(none, |ku| ku.join(", ")),
                );
                row(
                    "ext key usage",
                    &f.extended_key_usage
                        .as_ref()
                        .map_or_else(none, |e| e.join(", ")),
                );
                let san = if f.subject_alt_names.is_empty() {
                    none()
                } else {
                    f.subject_alt_names.join(", ")
                };
                row("alt names", &san);
                row(
                    "subject key id",
                    f.subject_key_identifier.as_deref().unwrap_or("-"),
                );
                row(
                    "auth. key id",
                    f.authority_key_identifier.as_deref().unwrap_or("-"),
                );
                row("sha256", &f.sha256_fingerprint);
                row("sha1", &f.sha1_fingerprint);
            }
            if let Some(p) = &c.truststore {
                let mut seen = Vec::new();
                if let Some(line) = p.identical {
                    seen.push(format!("identical certificate at line {line}"));
                }
                seen.extend(
                    p.same_subject
                        .iter()
                        .map(|l| format!("same subject at line {l}")),
                );
                seen.extend(p.same_key.iter().map(|l| format!("same key at line {l}")));
                let text = if seen.is_empty() {
                    "not present".to_string()
                } else {
                    seen.join("; ")
                };
                let _ = writeln!(out, "  {:<15} {text}", "truststore");
            }
            // With --truststore the files are clients: judged as such, not linted.
            if c.findings.is_empty() && file.verdict.is_none() {
                let _ = writeln!(out, "  {:<15} none", "findings");
            }
            for f in &c.findings {
                let head =
                    style.severity(f.severity, &format!("{}[{}]", f.severity.as_str(), f.code));
                let _ = writeln!(out, "  {:<15} {head}: {}", "finding", f.message);
            }
            out.push('\n');
        }
        if let Some(v) = &file.verdict {
            let head = if v.verdict == "accepted" {
                style.green("ACCEPTED")
            } else {
                style.red("DENIED")
            };
            let why = match (&v.code, &v.reason) {
                (Some(code), Some(reason)) => format!(" [{code}]: {reason}"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "{head} {} as a client of the truststore{why}\n",
                file.file
            );
        }
    }
    out
}

/// A serial, marked when its INTEGER is negative (as `openssl x509 -text` does).
fn negative_mark(serial: &str, negative: bool) -> String {
    if negative {
        format!("{serial} (negative)")
    } else {
        serial.to_string()
    }
}

/// The key's public-key SHA-256, then each certificate's beside it, MATCH or MISMATCH.
pub(crate) fn key_match(report: &MatchReport, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    if quiet {
        let matching = report.certificates.iter().filter(|c| c.matches).count();
        let _ = writeln!(
            out,
            "{matching} of {} certificates match the key",
            report.certificates.len()
        );
        return out;
    }
    let k = &report.key;
    let _ = writeln!(
        out,
        "{:<9} {}  {}  key sha256 {}",
        "KEY", k.file, k.key, k.spki_sha256
    );
    for c in &report.certificates {
        let verdict = if c.matches {
            style.green("MATCH    ")
        } else {
            style.red("MISMATCH ")
        };
        let _ = writeln!(
            out,
            "{verdict} {}  {}  key sha256 {}",
            c.file,
            c.subject.as_deref().unwrap_or("-"),
            c.spki_sha256.as_deref().unwrap_or("-")
        );
    }
    out
}

/// The effective settings, TOML-like.
pub(crate) fn config(c: &EffectiveConfig) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# config file: {}",
        c.config_file
            .as_deref()
            .unwrap_or("none (no truststore.toml found)")
    );
    let list = |codes: &[String]| {
        codes
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "ignore = [{}]", list(&c.ignore));
    let _ = writeln!(out, "warn = [{}]", list(&c.warn));
    let _ = writeln!(out, "deny = [{}]", list(&c.deny));
    let _ = writeln!(out, "deny-warnings = {}", c.deny_warnings);
    let _ = writeln!(out, "expiry-window = \"{}\"", c.expiry_window);
    if let Some(profile) = &c.profile {
        let _ = writeln!(out, "profile = \"{profile}\"");
    }
    if let Some(truststore) = &c.truststore {
        let _ = writeln!(out, "truststore = {truststore:?}");
    }
    if let Some(quota) = c.quota {
        let _ = writeln!(out, "quota = {quota}");
    }
    if !c.filters.is_empty() {
        let _ = writeln!(out, "filters = [{}]", list(&c.filters));
    }
    if !c.crls.is_empty() {
        let quoted: Vec<String> = c.crls.iter().map(|p| format!("{p:?}")).collect();
        let _ = writeln!(out, "crls = [{}]", quoted.join(", "));
    }
    for ig in &c.ignore_certificates {
        let _ = writeln!(out, "\n[[ignore-certificate]]\nsha256 = \"{}\"", ig.sha256);
        if let Some(codes) = &ig.codes {
            let _ = writeln!(out, "codes = [{}]", list(codes));
        }
        let _ = writeln!(out, "reason = {:?}", ig.reason);
    }
    out
}

/// Certificates added and removed, findings that appear and disappear, clients that flip.
pub(crate) fn diff(report: &DiffReport, style: Style, quiet: bool) -> String {
    let mut out = String::new();
    let c = &report.certificates;
    let f = &report.findings;
    let flips = report.clients.iter().filter(|c| c.changed).count();
    let _ = writeln!(out, "{} -> {} (at {})", report.old, report.new, report.at);
    let _ = writeln!(
        out,
        "certificates: {} added, {} removed, {} kept",
        c.added.len(),
        c.removed.len(),
        c.kept
    );
    if !quiet {
        for (sign, certs) in [(style.green("+"), &c.added), (style.red("-"), &c.removed)] {
            for cert in certs {
                let _ = writeln!(
                    out,
                    "  {sign} {}  (expires {})  sha256 {}",
                    cert.subject, cert.not_after, cert.sha256
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "findings: {} appeared, {} disappeared",
        f.appeared.len(),
        f.disappeared.len()
    );
    if !quiet {
        for (sign, list) in [
            (style.red("+"), &f.appeared),
            (style.green("-"), &f.disappeared),
        ] {
            for x in list {
                let head =
                    style.severity(x.severity, &format!("{}[{}]", x.severity.as_str(), x.code));
                let subject = x
                    .subject
                    .as_deref()
                    .map(|s| format!(" {s}:"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {sign} {head}{subject} {}", x.message);
            }
        }
    }
    if !report.clients.is_empty() {
        let _ = writeln!(
            out,
            "clients: {flips} of {} change verdict",
            report.clients.len()
        );
        for client in report.clients.iter().filter(|c| c.changed || !quiet) {
            let arrow = format!("{} -> {}", client.old, client.new);
            let arrow = if client.old == "accepted" && client.new == "denied" {
                style.red(&arrow.to_uppercase())
            } else {
                arrow
            };
            let subject = client.subject.as_deref().unwrap_or("-");
            let _ = writeln!(out, "  {arrow}  {}  {subject}", client.file);
            if let (true, Some(reason), Some(hint)) =
                (client.new == "denied", &client.reason, &client.hint)
            {
                let _ = writeln!(out, "    {reason}\n    hint: {hint}");
            }
        }
    }
    out
}

/// One line per list, then one `error:` line per problem, then the count.
#[cfg(feature = "probe")]
pub(crate) fn probe(report: &super::ProbeReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", report.outcome.as_str(), report.detail);
    if let Some(predicted) = &report.predicted {
        let _ = writeln!(out, "  reason:  {predicted}");
    }
    let at = if report.address.is_empty() {
        "not reached"
    } else {
        report.address.as_str()
    };
    let _ = writeln!(out, "  address: {at}");
    let _ = writeln!(
        out,
        "  tls:     {}",
        report.tls_version.as_deref().unwrap_or("not negotiated")
    );
    let requested = if report.certificate_requested {
        "yes"
    } else {
        "no"
    };
    let _ = writeln!(out, "  client certificate requested: {requested}");
    if report.advertised_ca_names.is_empty() {
        let _ = writeln!(out, "  CA names: none advertised");
    }
    for name in &report.advertised_ca_names {
        let _ = writeln!(out, "  CA name: {name}");
    }
    let _ = writeln!(
        out,
        "  server certificate: {}",
        report.server_certificate.as_deref().unwrap_or("none seen")
    );
    if report.outcome == super::ProbeOutcome::NoClientCertificateRequested {
        let _ = writeln!(out, "  hint: mutual TLS is not enabled on this name (API Gateway's execute-api endpoints never ask; use the custom domain)");
    }
    out
}

pub(crate) fn crl(report: &super::CrlReport) -> String {
    let mut out = String::new();
    for l in &report.lists {
        let signed = match (&l.signed_by_file, l.signed_by_line) {
            (Some(file), Some(line)) => format!(", signed by truststore {file}:{line}"),
            (None, Some(line)) => format!(", signed by truststore line {line}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}:{}: CRL of `{}`, {} entries, thisUpdate {}, nextUpdate {}{signed}",
            l.file,
            l.line,
            l.issuer,
            l.entries,
            l.this_update,
            l.next_update.as_deref().unwrap_or("none")
        );
    }
    for p in &report.problems {
        if p.file.is_empty() {
            let _ = writeln!(out, "error: {}", p.message);
        } else {
            let _ = writeln!(out, "{}:{}: error: {}", p.file, p.line, p.message);
        }
    }
    let _ = writeln!(
        out,
        "{}, {}",
        plural(report.lists.len(), "revocation list"),
        plural(report.problems.len(), "error")
    );
    out
}

/// `verify --event`: one ALLOW or DENY line per event, its reason, and the response document.
pub(crate) fn events(report: &super::EventReport, style: Style) -> String {
    let mut out = String::new();
    for e in &report.events {
        let subject = e.subject.as_deref().unwrap_or("(no certificate)");
        let kind = e.kind.unwrap_or("unknown");
        if e.allowed {
            let _ = writeln!(
                out,
                "{} {} ({kind})  {subject}",
                style.green("ALLOW"),
                e.event
            );
        } else {
            let _ = writeln!(out, "{} {} ({kind})  {subject}", style.red("DENY"), e.event);
            let code = e.code.as_deref().unwrap_or("denied");
            let reason = e.reason.as_deref().unwrap_or("");
            let _ = writeln!(out, "  [{code}] {reason}");
        }
        let response = serde_json::to_string_pretty(&e.response).unwrap_or_default();
        for line in response.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    let allowed = report.events.iter().filter(|e| e.allowed).count();
    let _ = writeln!(
        out,
        "{allowed} allowed, {} denied (profile {})",
        report.events.len() - allowed,
        report.profile
    );
    out
}

/// `verify --access-log`: one line per logged request, the reason for a denial, and a note
/// where AWS's status and the verdict need explaining.
pub(crate) fn access_log(report: &super::AccessLogReport, style: Style) -> String {
    let mut out = String::new();
    for r in &report.requests {
        let id = r.request_id.as_deref().unwrap_or("-");
        let status = r.status.as_deref().unwrap_or("-");
        let subject = r.subject.as_deref().unwrap_or("(unreadable certificate)");
        let verdict = if r.accepted {
            style.green("ACCEPTED")
        } else {
            style.red("DENIED")
        };
        let _ = writeln!(
            out,
            "{}:{} request {id} status {status}: {verdict} {subject}",
            report.log, r.line
        );
        if let Some(reason) = &r.reason {
            let code = r.code.as_deref().unwrap_or("denied");
            let _ = writeln!(out, "  [{code}] {reason}");
        }
        if let Some(note) = &r.note {
            let _ = writeln!(out, "  {} {note}", style.dim("note:"));
        }
    }
    let denied = report.requests.iter().filter(|r| !r.accepted).count();
    let _ = writeln!(
        out,
        "{}: {} with a certificate, {denied} denied, {} skipped (profile {})",
        report.log,
        plural(report.requests.len(), "request"),
        plural(report.skipped, "line"),
        report.profile
    );
    out
}
