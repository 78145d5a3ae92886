//! Linting one bundle: split it, parse each certificate once, index the store, run every rule.

use crate::bundle::{self, Item};
use crate::cert::{self, Certificate};
use crate::finding::{Finding, Location};
use crate::rules::RULES;
use crate::source::Source;
use crate::store::Store;
use anyhow::{bail, Result};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
pub struct LintOptions {
    /// Evaluation time, seconds since the Unix epoch.
    pub at: i64,
    /// `expiring-soon` fires when a certificate expires within this many seconds of `at`.
    pub expiry_window: i64,
}

/// One CERTIFICATE block of the file.
pub struct CertEntry {
    /// 0-based index among the file's CERTIFICATE blocks.
    pub index: usize,
    /// BEGIN line.
    pub line: usize,
    /// The store index of the parsed certificate, or why it did not parse.
    pub parsed: Result<usize, String>,
    /// For a byte-identical copy: the entry of the first copy.
    pub duplicate_of: Option<usize>,
}

/// A parsed bundle: the file, its items, its certificates and the store. Rules look at it;
/// `verify` uses it as the parsed truststore (and to read client files the same way).
pub struct LintContext<'a> {
    pub source: &'a Source,
    pub items: Vec<Item>,
    pub entries: Vec<CertEntry>,
    pub store: Store,
    pub options: LintOptions,
    /// Store index -> entry of its first copy.
    entry_of: Vec<usize>,
}

impl<'a> LintContext<'a> {
    /// Splits and parses `source`. A file with no CERTIFICATE block is an operational error.
    pub fn new(source: &'a Source, options: LintOptions) -> Result<Self> {
        let items = bundle::split(source);
        let mut entries: Vec<CertEntry> = Vec::new();
        let mut certs = Vec::new();
        let mut entry_of = Vec::new();
        let mut first_by_fingerprint: HashMap<[u8; 32], usize> = HashMap::new();
        for item in &items {
            let (line, der) = match item {
                Item::Block(block) if block.is_certificate() => (block.line, block.decode(source)),
                Item::Unterminated { label, line } if label == "CERTIFICATE" => (
                    *line,
                    Err("BEGIN CERTIFICATE has no matching END line".to_string()),
                ),
                Item::Flattened { label, line } if label == "CERTIFICATE" => (
                    *line,
                    Err("the block is on one line: its line breaks were lost".to_string()),
                ),
                _ => continue,
            };
            let index = entries.len();
            let mut duplicate_of = None;
            // Identical bytes are recognised by hash before parsing: a copy is never parsed
            // (or its signature verified) again.
            let parsed = der.and_then(|der| {
                let fingerprint = cert::fingerprint(&der);
                if let Some(&first) = first_by_fingerprint.get(&fingerprint) {
                    duplicate_of = Some(first);
                    return entries[first].parsed.clone();
                }
                first_by_fingerprint.insert(fingerprint, index);
                let cert = Certificate::from_der_with_fingerprint(der, fingerprint)?;
                certs.push(cert);
                entry_of.push(index);
                Ok(certs.len() - 1)
            });
            entries.push(CertEntry {
                index,
                line,
                parsed,
                duplicate_of,
            });
        }
        if entries.is_empty() {
            bail!("{}: {}", source.name, describe_certless(source, &items));
        }
        Ok(LintContext {
            source,
            items,
            entries,
            store: Store::new(certs),
            options,
            entry_of,
        })
    }

    /// Runs every rule; findings sorted by line, then by registry order.
    pub fn run(&self) -> Vec<Finding> {
        let mut findings = Vec::new();
        for rule in RULES {
            (rule.check)(self, &mut findings);
        }
        let order_of = |code: &str| {
            RULES
                .iter()
                .position(|r| r.code == code)
                .unwrap_or(usize::MAX)
        };
        findings.sort_by_key(|f| (f.line, order_of(f.code), f.index));
        findings
    }

    /// Each distinct parsed certificate once (duplicates are reported by `duplicate` only),
    /// with its entry and store index.
    pub fn certificates(&self) -> impl Iterator<Item = (&CertEntry, usize, &Certificate)> {
        (0..self.store.len()).map(|i| (&self.entries[self.entry_of[i]], i, self.store.get(i)))
    }

    /// The entry (first copy) of store certificate `index`.
    pub fn entry_of(&self, index: usize) -> &CertEntry {
        &self.entries[self.entry_of[index]]
    }

    /// The SHA-256 fingerprint of the certificate at CERTIFICATE block `index`, if it parsed.
    pub fn fingerprint_at(&self, index: Option<usize>) -> Option<[u8; 32]> {
        let entry = self.entries.get(index?)?;
        let parsed = entry.parsed.as_ref().ok()?;
        Some(self.store.get(*parsed).fingerprint)
    }

    /// Location of a certificate entry, with the subject when it parsed.
    pub fn locate(&self, entry: &CertEntry) -> Location {
        let subject = entry
            .parsed
            .as_ref()
            .ok()
            .map(|&i| self.store.get(i).subject.clone());
        Location {
            file: self.source.name.clone(),
            line: entry.line,
            index: Some(entry.index),
            subject,
        }
    }

    /// Location of a line that is not a certificate.
    pub fn locate_line(&self, line: usize) -> Location {
        Location {
            file: self.source.name.clone(),
            line,
            index: None,
            subject: None,
        }
    }

    /// How a certificate is named in messages: its subject and where it is.
    pub fn describe(&self, index: usize) -> String {
        let entry = self.entry_of(index);
        format!(
            "{} (line {}, certificate #{})",
            self.store.get(index).subject,
            entry.line,
            entry.index
        )
    }
}

/// What a file without any CERTIFICATE block holds, for the one-line error.
fn describe_certless(source: &Source, items: &[Item]) -> String {
    let first_block = items.iter().find_map(|item| match item {
        Item::Block(b) => Some((b.label.as_str(), b.line)),
        Item::Unterminated { label, line } | Item::Flattened { label, line } => {
            Some((label.as_str(), *line))
        }
        Item::StrayText { .. } => None,
    });
    match first_block {
        Some((label, line)) => {
            format!("no CERTIFICATE block; found a {label} block at line {line}")
        }
        None => bundle::describe_non_pem(&source.bytes),
    }
}
