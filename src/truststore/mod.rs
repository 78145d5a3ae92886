//! The parsed truststore: the bundle split losslessly, each distinct certificate parsed once (or
//! when a lookup first reaches it), and the store that indexes them. It carries no evaluation
//! time and no profile: those are arguments of each check.

pub(crate) mod store;

use crate::error::Error;
use crate::pem::{self, Item};
use crate::profile::Profile;
use crate::source::{self, Part, Source};
use crate::text::join_capped;
use crate::truststore::store::{Deferred, Slot, Store};
use crate::x509::{self, Certificate};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// Where in a file a finding points: what lint rules and verify hints cite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Location {
    pub(crate) file: String,
    /// 1-based line of the block's BEGIN line, or of the first line of stray text.
    pub(crate) line: usize,
    /// 0-based index among the file's CERTIFICATE blocks.
    pub(crate) index: Option<usize>,
    /// RFC 4514 subject of the certificate.
    pub(crate) subject: Option<String>,
}

/// One CERTIFICATE block of the file.
pub(crate) struct CertEntry {
    /// 0-based index among the file's CERTIFICATE blocks.
    pub index: usize,
    /// BEGIN line.
    pub line: usize,
    /// The store index of the parsed certificate, or why it did not parse. (With
    /// [`Parsing::Deferred`], only what the subject read found is known here.)
    pub parsed: Result<usize, String>,
    /// For a byte-identical copy: the entry of the first copy.
    pub duplicate_of: Option<usize>,
}

/// A parsed truststore bundle: every CERTIFICATE block, each distinct certificate parsed once,
/// indexed by subject, key identifier, public key and fingerprint. Read one with
/// [`Truststore::from_pem`]; ask it [`Truststore::verify_pem`] and [`Truststore::lint`].
/// It holds no evaluation time and no profile: both are arguments of each question.
pub struct Truststore {
    /// The file's name as shown in findings.
    pub(crate) file: String,
    /// The file's size in bytes.
    pub(crate) size: usize,
    /// For each size limit of a profile that the file exceeds: the limit and the line holding
    /// that byte (the text itself is not kept).
    pub(crate) limit_lines: Vec<(usize, usize)>,
    pub(crate) items: Vec<Item>,
    /// Where the lines came from, when the bundle was read from several files or converted
    /// to PEM (see [`Source::parts`]); empty for a PEM file read as it is.
    pub(crate) parts: Vec<Part>,
    pub(crate) entries: Vec<CertEntry>,
    pub(crate) store: Store,
    /// Store index -> entry of its first copy.
    entry_of: Vec<usize>,
    /// Client files held in memory ([`Truststore::verify_pem`]), parsed, by SHA-256 of their
    /// name and bytes: a warm authorizer meets the same clients again and again, and the same
    /// bytes parse the same way. Bounded: emptied when full.
    client_files: Mutex<HashMap<[u8; 32], Arc<Truststore>>>,
}

/// How many parsed client files a truststore keeps.
const CLIENT_FILE_CACHE: usize = 4096;

/// How much of each certificate [`Truststore`] decodes up front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parsing {
    /// Every certificate, fully: lint, inspect and diff look at all of them.
    Eager,
    /// Only the subject (for the index); the rest when a lookup reaches the certificate. For
    /// `verify`'s truststore, where a client's path touches a few CAs of thousands. A
    /// certificate that then fails to parse is skipped by lookups (`lint` reports it).
    Deferred,
}

/// A certificate block's DER and its SHA-256.
type Decoded = (Vec<u8>, [u8; 32]);

/// A distinct certificate's block index, DER and fingerprint, before parsing.
type Pending = (usize, Vec<u8>, [u8; 32]);

impl Truststore {
    /// Splits and parses `source`. A file with no CERTIFICATE block is an error.
    pub(crate) fn new(source: &Source) -> Result<Self, Error> {
        Truststore::with_parsing(source, Parsing::Eager)
    }

    /// As [`Truststore::new`], parsing certificates only as lookups reach them.
    pub(crate) fn deferred(source: &Source) -> Result<Self, Error> {
        Truststore::with_parsing(source, Parsing::Deferred)
    }

    /// As [`Truststore::new`], taking the file: its text is freed once the blocks are
    /// decoded, before the certificates are parsed, so the two never share the peak (a
    /// 100,000-CA bundle is 126 MB of text).
    pub(crate) fn from_owned(mut source: Source) -> Result<Self, Error> {
        let mut decoded = DecodedBundle::of(&source)?;
        decoded.parts = std::mem::take(&mut source.parts);
        drop(source);
        Ok(decoded.parse(Parsing::Eager))
    }

    fn with_parsing(source: &Source, parsing: Parsing) -> Result<Self, Error> {
        Ok(DecodedBundle::of(source)?.parse(parsing))
    }
}

/// A bundle after its blocks are decoded: what [`Truststore`] keeps of the file, and each
/// CERTIFICATE block's line and DER (or why it has none).
struct DecodedBundle {
    file: String,
    size: usize,
    limit_lines: Vec<(usize, usize)>,
    items: Vec<Item>,
    parts: Vec<Part>,
    blocks: Vec<(usize, Result<Decoded, String>)>,
}

impl DecodedBundle {
    /// Pass 1, on all cores: decode each CERTIFICATE block and hash it. A file with no
    /// CERTIFICATE block is an error.
    fn of(source: &Source) -> Result<Self, Error> {
        let items = pem::split(source);
        // Pass 1, on all cores: decode each CERTIFICATE block and hash it.
        let blocks: Vec<(usize, Result<Decoded, String>)> = items
            .par_iter()
            .filter_map(|item| match item {
                Item::Block(block) if block.is_certificate() => Some((
                    block.line,
                    block.decode(source).map(|der| {
                        let fingerprint = x509::fingerprint(&der);
                        (der, fingerprint)
                    }),
                )),
                Item::Unterminated { label, line, .. } if label == "CERTIFICATE" => Some((
                    *line,
                    Err("BEGIN CERTIFICATE has no matching END line".to_string()),
                )),
                Item::Flattened { label, line, .. } if label == "CERTIFICATE" => Some((
                    *line,
                    Err("the block is on one line: its line breaks were lost".to_string()),
                )),
                _ => None,
            })
            .collect();
        if blocks.is_empty() {
            return Err(describe_certless(source, &items));
        }
        Ok(DecodedBundle {
            file: source.name.clone(),
            size: source.bytes.len(),
            limit_lines: Profile::size_limits()
                .filter(|&limit| source.bytes.len() > limit)
                .map(|limit| (limit, source.line_of(limit)))
                .collect(),
            items,
            parts: source.parts.clone(),
            blocks,
        })
    }

    /// Passes 2 to 4: recognise copies, parse the distinct certificates, number the store.
    fn parse(self, parsing: Parsing) -> Truststore {
        let DecodedBundle {
            file,
            size,
            limit_lines,
            items,
            parts,
            blocks,
        } = self;
        // Pass 2, in file order: recognise identical bytes by hash, so that a copy is never
        // parsed (or its signature verified) again.
        let mut first_by_fingerprint: HashMap<[u8; 32], usize> = HashMap::new();
        let mut duplicate_of: Vec<Option<usize>> = Vec::with_capacity(blocks.len());
        let mut to_parse: Vec<Pending> = Vec::new();
        let mut lines: Vec<(usize, Result<(), String>)> = Vec::with_capacity(blocks.len());
        for (index, (line, decoded)) in blocks.into_iter().enumerate() {
            let mut copy_of = None;
            let decoded =
                decoded.map(
                    |(der, fingerprint)| match first_by_fingerprint.get(&fingerprint) {
                        Some(&first) => copy_of = Some(first),
                        None => {
                            first_by_fingerprint.insert(fingerprint, index);
                            to_parse.push((index, der, fingerprint));
                        }
                    },
                );
            duplicate_of.push(copy_of);
            lines.push((line, decoded));
        }
        // Pass 3, on all cores: parse the distinct certificates, or only read their subjects.
        let parsed: Vec<(usize, Result<Slot, String>)> = to_parse
            .into_par_iter()
            .map(|(index, der, fingerprint)| (index, slot_of(der, fingerprint, parsing)))
            .collect();
        // Pass 4, in file order: number the store, point copies at their first. The parse
        // results come in block order (rayon's collect keeps it), so they are matched up as they
        // go, without another array of them.
        let mut entries: Vec<CertEntry> = Vec::with_capacity(lines.len());
        let mut slots = Vec::with_capacity(parsed.len());
        let mut entry_of = Vec::with_capacity(parsed.len());
        let mut parsed = parsed.into_iter().peekable();
        for (index, (line, decoded)) in lines.into_iter().enumerate() {
            let slot = parsed
                .next_if(|(parsed_index, _)| *parsed_index == index)
                .map(|(_, slot)| slot);
            let copy_of = duplicate_of.get(index).copied().flatten();
            let parsed = match (decoded, copy_of, slot) {
                (Err(why), _, _) => Err(why),
                (Ok(()), Some(first), _) => entries
                    .get(first)
                    .map_or(Err(String::new()), |e| e.parsed.clone()),
                (Ok(()), None, Some(Ok(slot))) => {
                    slots.push(slot);
                    entry_of.push(index);
                    Ok(slots.len() - 1)
                }
                (Ok(()), None, Some(Err(why))) => Err(why),
                (Ok(()), None, None) => Err("internal: certificate not parsed".to_string()),
            };
            entries.push(CertEntry {
                index,
                line,
                parsed,
                duplicate_of: copy_of,
            });
        }
        Truststore {
            file,
            size,
            limit_lines,
            items,
            parts,
            entries,
            store: Store::of_slots(slots),
            entry_of,
            client_files: Mutex::new(HashMap::new()),
        }
    }
}

impl Truststore {
    /// `client` parsed as a client file ([`Truststore::new`]), from the cache when the same
    /// name and bytes were parsed before.
    pub(crate) fn client_file(&self, client: &Source) -> Result<Arc<Truststore>, Error> {
        let mut hasher = Sha256::new();
        hasher.update(client.name.as_bytes());
        hasher.update([0]);
        hasher.update(&client.bytes);
        let key: [u8; 32] = hasher.finalize().into();
        let cache = || {
            self.client_files
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(file) = cache().get(&key) {
            return Ok(Arc::clone(file));
        }
        let file = Arc::new(Truststore::new(client)?);
        let mut cached = cache();
        if cached.len() >= CLIENT_FILE_CACHE {
            cached.clear();
        }
        cached.insert(key, Arc::clone(&file));
        Ok(file)
    }
}

impl Truststore {
    /// Each distinct parsed certificate once (duplicates are reported by `duplicate` only),
    /// with its entry and store index.
    pub(crate) fn certificates(&self) -> impl Iterator<Item = (&CertEntry, usize, &Certificate)> {
        (0..self.store.len()).filter_map(|i| {
            let cert = self.store.cert(i)?;
            Some((self.entry_of(i), i, cert))
        })
    }

    /// The entry (first copy) of store certificate `index`.
    pub(crate) fn entry_of(&self, index: usize) -> &CertEntry {
        // Built together with the store: every store index has an entry.
        match self.entry_of.get(index).and_then(|&e| self.entries.get(e)) {
            Some(entry) => entry,
            None => unreachable!("store index {index} has no entry"),
        }
    }

    /// The SHA-256 fingerprint of the certificate at CERTIFICATE block `index`, if it parsed.
    pub(crate) fn fingerprint_at(&self, index: Option<usize>) -> Option<[u8; 32]> {
        let entry = self.entries.get(index?)?;
        let parsed = entry.parsed.as_ref().ok()?;
        Some(self.store.cert(*parsed)?.fingerprint)
    }

    /// Location of a certificate entry, with the subject when it parsed.
    pub(crate) fn locate(&self, entry: &CertEntry) -> Location {
        let subject = entry
            .parsed
            .as_ref()
            .ok()
            .and_then(|&i| self.store.cert(i))
            .map(|cert| cert.subject.clone());
        Location {
            file: self.file.clone(),
            line: entry.line,
            index: Some(entry.index),
            subject,
        }
    }

    /// Location of a line that is not a certificate.
    pub(crate) fn locate_line(&self, line: usize) -> Location {
        Location {
            file: self.file.clone(),
            line,
            index: None,
            subject: None,
        }
    }

    /// The file and line that line `line` of the bundle came from: the bundle's own for a
    /// PEM file, each file's for a directory, the container's for a converted file.
    pub(crate) fn place(&self, line: usize) -> (&str, usize) {
        source::place(&self.file, &self.parts, line)
    }

    /// A bundle line as messages cite it: `FILE:LINE`, in the file the user has.
    pub(crate) fn line_ref(&self, line: usize) -> String {
        let (file, line) = self.place(line);
        format!("{file}:{line}")
    }

    /// Several bundle lines as messages cite them: `FILE lines 3, 40` when they are in one
    /// file, each `FILE:LINE` otherwise; at most `cap` shown.
    pub(crate) fn line_refs(&self, lines: &[usize], cap: usize) -> String {
        let places: Vec<(&str, usize)> = lines.iter().map(|&l| self.place(l)).collect();
        match places.first() {
            Some((file, _)) if places.iter().all(|(f, _)| f == file) => {
                let numbers: Vec<String> = places.iter().map(|(_, l)| l.to_string()).collect();
                let word = if numbers.len() == 1 { "line" } else { "lines" };
                format!(
                    "{file} {word} {}",
                    join_capped(&numbers, cap, numbers.len())
                )
            }
            _ => {
                let refs: Vec<String> = places.iter().map(|(f, l)| format!("{f}:{l}")).collect();
                join_capped(&refs, cap, refs.len())
            }
        }
    }

    /// The files converted to PEM to read this bundle, with what they were.
    pub(crate) fn conversions(&self) -> impl Iterator<Item = (&Part, &source::Conversion)> {
        self.parts
            .iter()
            .filter_map(|part| Some((part, part.converted.as_ref()?)))
    }

    /// How a certificate is named in messages: its subject and where it is.
    pub(crate) fn describe(&self, index: usize) -> String {
        let entry = self.entry_of(index);
        format!(
            "{} ({}, certificate #{})",
            self.store.get(index).subject,
            self.line_ref(entry.line),
            entry.index
        )
    }
}

/// A store slot for one distinct certificate. A deferred certificate whose subject cannot be
/// read is parsed at once, for the error message.
fn slot_of(der: Vec<u8>, fingerprint: [u8; 32], parsing: Parsing) -> Result<Slot, String> {
    if parsing == Parsing::Deferred {
        if let Some(subject_key) = x509::subject_key_of(&der) {
            return Ok(Slot::Deferred(Deferred::new(der, fingerprint, subject_key)));
        }
    }
    Certificate::from_der_with_fingerprint(der, fingerprint)
        .map(|c| Slot::Parsed(std::sync::Arc::new(c)))
}

/// The error for a file without any CERTIFICATE block: what it holds instead.
fn describe_certless(source: &Source, items: &[Item]) -> Error {
    let labels = || {
        items.iter().filter_map(|item| match item {
            Item::Block(b) => Some(b.label.as_str()),
            _ => None,
        })
    };
    if labels().next().is_some() && labels().all(|label| label == "X509 CRL") {
        return Error::IsRevocationList {
            file: source.name.clone(),
        };
    }
    let first_block = items.iter().find_map(|item| match item {
        Item::Block(b) => Some((b.label.as_str(), b.line)),
        Item::Unterminated { label, line, .. } | Item::Flattened { label, line, .. } => {
            Some((label.as_str(), *line))
        }
        Item::StrayText { .. } | Item::Comment { .. } | Item::Blank { .. } => None,
    });
    // A key further down is named too: it must not go unnoticed behind the first block.
    let key_after = items
        .iter()
        .skip_while(|item| !matches!(item, Item::Block(_)))
        .skip(1)
        .find_map(|item| match item {
            Item::Block(b) if b.is_private_key() => Some(b.line),
            _ => None,
        });
    let also = key_after.map_or(String::new(), |line| {
        format!("; it also holds a private key at line {line} (not shown; if it was ever shared, treat it as leaked)")
    });
    let found = match first_block {
        Some((label, line)) => match pem::describe_label(label) {
            Some((what, fix)) => {
                let fix = fix.map_or(String::new(), |fix| {
                    format!("; {}", crate::formats::command(fix, &source.name))
                });
                format!("{what} at line {line}, not a certificate{fix}{also}")
            }
            None => format!("no CERTIFICATE block; found BEGIN {label} at line {line}{also}"),
        },
        None => pem::describe_non_pem(&source.bytes),
    };
    Error::NoCertificate {
        file: source.name.clone(),
        found,
    }
}
