//! `truststore fix`: the bundle rewritten as the service should read it. Each change is one
//! line naming the file and line it came from; the result is linted, and its summary decides
//! the exit code. Nothing that could be a valid CA is dropped without a line saying so, and
//! the output is a fixed point: fixing it again changes nothing.

use crate::cli::args::{at_or_now, FixArgs};
use crate::cli::commands::lint::lint_parsed;
use crate::cli::report::{human, Summary};
use crate::cli::{profile_of, under_profile, Inputs, Ran};
use crate::lint::finding::Severity;
use crate::lint::LintOptions;
use crate::pem::{self, Item};
use crate::profile::Profile;
use crate::source::Source;
use crate::truststore::{CertEntry, Truststore};
use crate::x509::Certificate;
use anyhow::{bail, Context, Result};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

/// What `fix` made: the text for standard output (the bundle, a diff, or nothing when it was
/// written to a file) and, for standard error, the changes and the lint summary.
pub(crate) struct Fixed {
    pub(crate) stdout: String,
    pub(crate) log: String,
}

pub(crate) fn run(args: &FixArgs, inputs: &Inputs) -> Result<Ran<Fixed>> {
    let config = inputs.config()?;
    let profile = profile_of(args.profile.profile, &config);
    let at = at_or_now(args.at);
    let source = inputs
        .certificates(&args.bundle)
        .map_err(|e| under_profile(e, profile))?;
    if args.in_place && !source.parts.is_empty() {
        bail!(
            "{}: --in-place rewrites a PEM file only; this input is {}: write the PEM with -o FILE",
            source.name,
            if source.parts.len() > 1 || source.parts.iter().any(|p| p.file != source.name) {
                "a directory"
            } else {
                "converted from another format"
            }
        );
    }
    let truststore = Truststore::new(&source)?;
    let mut fixer = Fixer::new(&truststore, &source, profile, at, args.drop_expired);
    for item in &truststore.items {
        fixer.item(item);
    }
    for (part, conversion) in truststore.conversions() {
        fixer.change(
            part.first_line,
            format!(
                "converted from {} to PEM{}",
                conversion.format.name(),
                match conversion.keys {
                    0 => String::new(),
                    n => format!(
                        " ({n} private key{} left out, not shown)",
                        if n == 1 { "" } else { "s" }
                    ),
                }
            ),
        );
    }
    if let Some(dir) = &args.add_from {
        let candidates = inputs
            .certificates(dir)
            .and_then(|s| Ok(Truststore::new(&s)?))
            .with_context(|| format!("--add-from {}", dir.display()))?;
        fixer.add_missing_issuers(&candidates);
    }
    let Fixer {
        out: fixed,
        changes,
        ..
    } = fixer;

    // The result, linted as the service will read it (the config's selection applies).
    let selection = inputs.selection(&config, &Default::default())?;
    let options = LintOptions {
        at,
        expiry_window: config
            .expiry_window
            .unwrap_or(LintOptions::DEFAULT_EXPIRY_WINDOW),
        certificate_quota: config.quota,
    };
    let result = Truststore::new(&Source::new(
        source.name.clone(),
        fixed.clone().into_bytes(),
    ))?;
    let linted = lint_parsed(&result, profile, options, &selection);
    let mut summary = Summary::of(linted.certificates, &linted.findings);
    summary.ignored = linted.ignored;

    let mut log = String::new();
    for change in &changes {
        let _ = writeln!(log, "{change}");
    }
    if changes.is_empty() {
        let _ = writeln!(log, "{}: no changes", source.name);
    }
    let _ = writeln!(
        log,
        "{}: {} after fixing (profile {}){}",
        source.name,
        human::counts(&summary),
        profile.name,
        if summary.errors > 0 {
            "; run `truststore lint` on the result for the rest"
        } else {
            ""
        }
    );
    let original = String::from_utf8_lossy(&source.bytes);
    let stdout = if args.dry_run {
        unified_diff(&original, &fixed, &source.name)
    } else if let Some(out) = &args.output {
        write(out, &fixed)?;
        String::new()
    } else if args.in_place {
        write(&args.bundle, &fixed)?;
        String::new()
    } else {
        fixed
    };
    let failing = linted
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error);
    Ok(Ran {
        report: Fixed { stdout, log },
        errors: Vec::new(),
        failing,
    })
}

/// Writes `text` to `path` through a temporary file beside it, so that a failed write leaves
/// the old file whole.
fn write(path: &std::path::Path, text: &str) -> Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".truststore-fix.tmp");
    let temp = std::path::PathBuf::from(temp);
    std::fs::write(&temp, text).with_context(|| format!("{}: cannot write", temp.display()))?;
    std::fs::rename(&temp, path).with_context(|| format!("{}: cannot write", path.display()))
}

/// `old` to `new` as a unified diff (`--dry-run`), or nothing when they are equal.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let mut diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .missing_newline_hint(true)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    if !diff.is_empty() && !diff.ends_with('\n') {
        diff.push('\n');
    }
    diff
}

/// The rewrite in progress: the output text, the change lines, and what is kept.
struct Fixer<'a> {
    truststore: &'a Truststore,
    source: &'a Source,
    profile: &'static Profile,
    at: i64,
    drop_expired: bool,
    entries: HashMap<usize, &'a CertEntry>,
    out: String,
    changes: Vec<String>,
    /// Fingerprints of the certificates written, and those by subject (for issuers).
    written: HashSet<[u8; 32]>,
    by_subject: HashMap<Vec<u8>, Vec<Arc<Certificate>>>,
    kept: Vec<Arc<Certificate>>,
}

impl<'a> Fixer<'a> {
    fn new(
        truststore: &'a Truststore,
        source: &'a Source,
        profile: &'static Profile,
        at: i64,
        drop_expired: bool,
    ) -> Self {
        Fixer {
            truststore,
            source,
            profile,
            at,
            drop_expired,
            entries: truststore.entries.iter().map(|e| (e.line, e)).collect(),
            out: String::new(),
            changes: Vec::new(),
            written: HashSet::new(),
            by_subject: HashMap::new(),
            kept: Vec::new(),
        }
    }

    fn change(&mut self, line: usize, what: String) {
        self.changes
            .push(format!("{}: {what}", self.truststore.line_ref(line)));
    }

    fn bytes(&self, span: &std::ops::Range<usize>) -> &'a [u8] {
        self.source.bytes.get(span.clone()).unwrap_or_default()
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Block(block) if block.is_certificate() => self.certificate_block(block),
            Item::Block(block) if block.is_private_key() => self.change(
                block.line,
                format!(
                    "removed the {} block: treat the key as leaked (replace it and re-issue its certificate)",
                    block.label
                ),
            ),
            Item::Block(block) => self.other_block(block),
            Item::Flattened { label, line, span } => self.flattened(label, *line, span),
            Item::Unterminated { label, line, span, .. } => {
                // Not repairable: kept, so that nothing is lost, and reported by lint.
                self.change(
                    *line,
                    format!("kept a BEGIN {label} without an END line as it is (repair it by hand)"),
                );
                self.keep_text(self.bytes(span));
            }
            Item::StrayText { line, span, .. } => self.stray(*line, span),
            Item::Comment { line, span, dash } => {
                let text = String::from_utf8_lossy(self.bytes(span)).into_owned();
                let text = text.trim_end();
                if *dash && self.profile.pem.value.comment_dashes_refused {
                    self.change(
                        *line,
                        format!("removed '-' from a comment ({} refuses them)", self.profile.service),
                    );
                    self.keep_line(&text.replace('-', " "));
                } else {
                    self.keep_line(text);
                }
            }
            Item::Blank { line, .. } => {
                self.change(*line, "removed a blank line".to_string());
            }
        }
    }

    fn certificate_block(&mut self, block: &pem::PemBlock) {
        let Some(entry) = self.entries.get(&block.line).copied() else {
            return;
        };
        if let Some(first) = entry
            .duplicate_of
            .and_then(|i| self.truststore.entries.get(i))
        {
            let what = format!(
                "removed a duplicate of certificate #{} ({})",
                first.index,
                self.truststore.line_ref(first.line)
            );
            self.change(block.line, what);
            return;
        }
        match &entry.parsed {
            Ok(index) => {
                let cert = Arc::clone(self.truststore.store.get_shared(*index));
                let armored = pem::armor("CERTIFICATE", &cert.der);
                // A joined block's own bytes may be canonical: the line break it lacked is
                // the previous block's.
                if block.joined || armored.as_bytes() != self.bytes(&block.span) {
                    let why = if block.joined {
                        "added the line break before its BEGIN line"
                    } else if block.indented {
                        "removed its indentation"
                    } else {
                        "re-encoded it as 64-character base64 lines with LF line ends"
                    };
                    if !self.drop(&cert, block.line) {
                        self.recovered(block.line, cert, why);
                    }
                } else if !self.drop(&cert, block.line) {
                    self.keep_certificate(cert);
                }
            }
            Err(_) if block.end_label_mismatch.is_some() => {
                // The body may be a good certificate under a mistyped END line.
                let cert = block
                    .decode_body(self.source)
                    .ok()
                    .and_then(|der| Certificate::from_der(der).ok())
                    .map(Arc::new);
                let end = block.end_label_mismatch.clone().unwrap_or_default();
                match cert {
                    Some(cert) if !self.drop(&cert, block.line) => {
                        let what = format!("corrected its END line (it said END {end})");
                        self.recovered(block.line, cert, &what);
                    }
                    Some(_) => {}
                    None => {
                        self.change(
                            block.line,
                            format!("kept a certificate closed by END {end} as it is (its body does not decode)"),
                        );
                        self.keep_text(self.bytes(&block.span));
                    }
                }
            }
            Err(why) => {
                // A certificate that does not parse cannot be judged: kept for lint to report.
                self.change(
                    block.line,
                    format!("kept a certificate that cannot be read as it is ({why})"),
                );
                self.keep_text(self.bytes(&block.span));
            }
        }
    }

    /// Whether `cert` goes (`--drop-expired`), saying so.
    fn drop(&mut self, cert: &Certificate, line: usize) -> bool {
        if !self.drop_expired
            || crate::checks::validity(cert, self.at) != crate::checks::Validity::Expired
        {
            return false;
        }
        self.change(
            line,
            format!(
                "removed `{}`, expired on {}",
                cert.subject,
                crate::when::rfc3339(cert.not_after)
            ),
        );
        true
    }

    fn other_block(&mut self, block: &pem::PemBlock) {
        let der = block.decode(self.source).ok();
        // OpenSSL's own wrappings of a certificate: the certificate inside is kept.
        let inner = match block.label.as_str() {
            "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => der
                .as_deref()
                .and_then(|d| crate::asn1::first(d).ok())
                .map(|tlv| tlv.bytes)
                .and_then(|d| Certificate::from_der(d.to_vec()).ok())
                .map(Arc::new),
            _ => None,
        };
        if let Some(cert) = inner {
            let what = format!("converted the {} block to a CERTIFICATE block", block.label);
            self.recovered(block.line, cert, &what);
            return;
        }
        let what = pem::describe_label(&block.label).map_or("not a certificate", |(what, _)| what);
        let elsewhere = if block.label == "X509 CRL" && self.profile.revocation_lists.value {
            "; give it to the trust store as a revocation list instead"
        } else {
            ""
        };
        self.change(
            block.line,
            format!("removed the {} block: {what}{elsewhere}", block.label),
        );
    }

    fn flattened(&mut self, label: &str, line: usize, span: &std::ops::Range<usize>) {
        let text = String::from_utf8_lossy(self.bytes(span)).into_owned();
        let body = text
            .split("-----")
            .nth(2)
            .map(|b| b.split_whitespace().collect::<String>());
        let cert = body
            .filter(|_| label == "CERTIFICATE")
            .and_then(|b| <base64ct::Base64 as base64ct::Encoding>::decode_vec(&b).ok())
            .and_then(|der| Certificate::from_der(der).ok())
            .map(Arc::new);
        match cert {
            Some(cert) => {
                if self.drop(&cert, line) {
                    return;
                }
                self.recovered(
                    line,
                    cert,
                    "restored the line breaks of a block on one line",
                );
            }
            None => {
                self.change(
                    line,
                    format!("kept a {label} block on one line as it is (it does not decode)"),
                );
                self.keep_text(text.as_bytes());
            }
        }
    }

    fn stray(&mut self, line: usize, span: &std::ops::Range<usize>) {
        let text = String::from_utf8_lossy(self.bytes(span)).into_owned();
        let dashes = self.profile.pem.value.comment_dashes_refused;
        let mut lines = 0;
        for text_line in text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
        {
            let kept = if dashes {
                text_line.replace('-', " ")
            } else {
                text_line.to_string()
            };
            self.keep_line(&format!("# {}", kept.trim_start()));
            lines += 1;
        }
        let without = if dashes { ", without '-'" } else { "" };
        self.change(
            line,
            format!(
                "turned {lines} line{} of text outside any block into # comments{without}",
                if lines == 1 { "" } else { "s" }
            ),
        );
    }

    fn keep_line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn keep_text(&mut self, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
        self.out.push_str(&text);
        if !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Writes `cert` unless the same certificate was written before; whether it was written.
    fn keep_certificate(&mut self, cert: Arc<Certificate>) -> bool {
        if !self.written.insert(cert.fingerprint) {
            return false;
        }
        self.out.push_str(&pem::armor("CERTIFICATE", &cert.der));
        self.by_subject
            .entry(cert.subject_key.clone())
            .or_default()
            .push(Arc::clone(&cert));
        self.kept.push(cert);
        true
    }

    /// Writes a certificate recovered from a damaged or wrapped block, saying what was done, or
    /// that it was a copy of one already written.
    fn recovered(&mut self, line: usize, cert: Arc<Certificate>, what: &str) {
        let subject = cert.subject.clone();
        if self.keep_certificate(cert) {
            self.change(line, format!("{what} ({subject})"));
        } else {
            self.change(
                line,
                format!("{what}, and removed it: a copy of `{subject}` above"),
            );
        }
    }

    /// Adds, from `candidates`, the issuer of each kept certificate whose issuer is not kept,
    /// and then theirs, until every chain ends at a self-signed certificate or nothing more is
    /// found. An issuer counts only when its key verifies the certificate's signature.
    fn add_missing_issuers(&mut self, candidates: &Truststore) {
        let mut next = 0;
        while let Some(cert) = self.kept.get(next).cloned() {
            next += 1;
            if cert.is_self_signed() || self.has_issuer(&cert) {
                continue;
            }
            let found = candidates
                .store
                .with_subject(&cert.issuer_key)
                .map(|i| (i, candidates.store.get(i)))
                .find(|(_, issuer)| cert.verify_issued_by(issuer).is_ok());
            if let Some((index, issuer)) = found {
                let entry = candidates.entry_of(index);
                self.changes.push(format!(
                    "{}: added `{}`, the issuer of `{}`",
                    candidates.line_ref(entry.line),
                    issuer.subject,
                    cert.subject
                ));
                self.keep_certificate(Arc::clone(candidates.store.get_shared(index)));
            }
        }
    }

    fn has_issuer(&self, cert: &Certificate) -> bool {
        self.by_subject
            .get(&cert.issuer_key)
            .is_some_and(|issuers| issuers.iter().any(|i| cert.verify_issued_by(i).is_ok()))
    }
}
