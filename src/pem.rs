//! PEM splitting that keeps where everything came from.
//!
//! `openssl` and most PEM crates stop at the first bad block or drop what sits between blocks.
//! A truststore linter needs the opposite: every block with its span and BEGIN line, every run of
//! stray text, and a broken block reported while the rest of the file is still read.
//! Tolerated, as OpenSSL tolerates them: LF or CRLF, a UTF-8 BOM, trailing blanks, any line width.
//! Read, and marked for the lint rules because OpenSSL does not read them: blocks indented as a
//! whole (pasted from YAML) and an END line run into the next BEGIN (`cat` of a file without a
//! final newline).
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::source::Source;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use base64ct::{Base64, Encoding};
use std::ops::Range;

/// One thing found in a PEM file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A `-----BEGIN X-----` ... `-----END X-----` block.
    Block(PemBlock),
    /// A BEGIN line with no matching END before the next BEGIN or the end of the file; the
    /// lines up to there are its own.
    Unterminated {
        label: String,
        line: usize,
        last_line: usize,
        span: Range<usize>,
    },
    /// A run of text outside blocks that is neither blank nor a `#` comment: its first line.
    StrayText {
        line: usize,
        last_line: usize,
        span: Range<usize>,
        /// The text is not UTF-8 (Windows-1252 or Latin-1, most likely).
        not_utf8: bool,
    },
    /// A BEGIN line with more text after its closing dashes: a block whose line breaks were
    /// lost (pasted through an environment variable or a web form).
    Flattened {
        label: String,
        line: usize,
        span: Range<usize>,
    },
    /// A `#` comment line outside blocks; `dash` when it holds a `-` (which ALB and CloudFront
    /// refuse in comments).
    Comment {
        line: usize,
        span: Range<usize>,
        dash: bool,
    },
    /// A blank (or white-space only) line outside blocks.
    Blank { line: usize, span: Range<usize> },
}

/// A terminated PEM block. Its body is not decoded here: a private key is never decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PemBlock {
    pub label: String,
    /// 1-based line of the BEGIN line.
    pub line: usize,
    /// 1-based line of the END line.
    pub last_line: usize,
    /// Bytes from the BEGIN line to the end of the END line.
    pub span: Range<usize>,
    /// Bytes between the BEGIN and END lines: the base64 text.
    body: Range<usize>,
    /// The END line names another label.
    pub end_label_mismatch: Option<String>,
    /// The BEGIN line is indented: white space before its dashes.
    pub indented: bool,
    /// The BEGIN line starts on the previous block's END line (no line break between them).
    pub joined: bool,
}

impl PemBlock {
    pub(crate) fn is_certificate(&self) -> bool {
        self.label == "CERTIFICATE"
    }

    pub(crate) fn is_private_key(&self) -> bool {
        self.label.ends_with("PRIVATE KEY")
    }

    /// Decodes the base64 body. Errors name the offending line; they never quote the body.
    pub(crate) fn decode(&self, source: &Source) -> Result<Vec<u8>, String> {
        if let Some(end) = &self.end_label_mismatch {
            return Err(format!("BEGIN {} is closed by END {end}", self.label));
        }
        self.decode_body(source)
    }

    /// As [`PemBlock::decode`], whatever label the END line names (for `fix`, which rewrites
    /// it).
    pub(crate) fn decode_body(&self, source: &Source) -> Result<Vec<u8>, String> {
        let body = source.bytes.get(self.body.clone()).unwrap_or_default();
        // Private keys keep the constant-time decoder; certificates are public.
        let fast = if self.is_private_key() {
            None
        } else {
            decode_by_lines(body)
        };
        fast.map_or_else(|| self.decode_compacted(source, body), Ok)
    }

    /// The general decoder: any wrapping, blanks anywhere, and the line of the first bad byte.
    fn decode_compacted(&self, source: &Source, body: &[u8]) -> Result<Vec<u8>, String> {
        // Zeroised when dropped: for a private key this is its base64 text.
        let mut compact = zeroize::Zeroizing::new(Vec::with_capacity(body.len()));
        for (i, &b) in body.iter().enumerate() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' | b'=' => compact.push(b),
                b' ' | b'\t' | b'\r' | b'\n' => {}
                _ => {
                    let line = source.line_of(self.body.start + i);
                    let what = if b == b':' {
                        "a PEM header (certificates have none)".to_string()
                    } else if b.is_ascii_graphic() {
                        format!("invalid base64 character '{}'", b as char)
                    } else {
                        format!("invalid base64 byte 0x{b:02x}")
                    };
                    return Err(format!("{what} on line {line}"));
                }
            }
        }
        if compact.is_empty() {
            return Err("the block is empty".into());
        }
        Base64::decode_vec(std::str::from_utf8(&compact).unwrap_or_default())
            .map_err(|_| "base64 is truncated or badly padded".to_string())
    }
}

/// The common case, decoded line by line straight into the output (no copy of the text): lines
/// of a multiple of 4 characters, LF or CRLF, padding on the last line only. `None` for anything
/// else, which the general decoder then handles (and explains, if it is wrong). Decoding each
/// such line alone gives the same bytes as decoding their concatenation, since base64 groups
/// never straddle them.
fn decode_by_lines(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; body.len() / 4 * 3 + 3];
    let mut written = 0;
    let mut padded = false;
    for line in body.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        if padded || line.len() % 4 != 0 {
            return None;
        }
        padded = line.last() == Some(&b'=');
        let decoded = STANDARD.decode_slice(line, out.get_mut(written..)?).ok()?;
        written += decoded;
    }
    if written == 0 {
        return None;
    }
    out.truncate(written);
    Some(out)
}

/// Splits `source` into blocks, stray text, comments and blank lines, in file order. Every line
/// of the input belongs to exactly one item, so the file can be rebuilt from the items' spans.
pub(crate) fn split(source: &Source) -> Vec<Item> {
    let bytes = &source.bytes;
    let mut items = Vec::new();
    let mut open: Option<Open> = None;
    // The stray run being read: its first line, last line and span.
    let mut stray: Option<(usize, usize, Range<usize>)> = None;
    let mut start = 0;
    let mut line_no = 0;
    let flush_stray = |stray: &mut Option<(usize, usize, Range<usize>)>, items: &mut Vec<Item>| {
        if let Some((line, last_line, span)) = stray.take() {
            let not_utf8 =
                std::str::from_utf8(bytes.get(span.clone()).unwrap_or_default()).is_err();
            items.push(Item::StrayText {
                line,
                last_line,
                span,
                not_utf8,
            });
        }
    };
    while start < bytes.len() {
        line_no += 1;
        let rest = bytes.get(start..).unwrap_or_default();
        let end = memchr::memchr(b'\n', rest).map_or(bytes.len(), |i| start + i + 1);
        let mut line = bytes.get(start..end).unwrap_or_default();
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let text = line.trim_ascii_end();
        let unindented = text.trim_ascii_start();
        let indented = unindented.len() < text.len();
        if let Some((at, end_label)) = joined(unindented).filter(|_| open.is_some()) {
            // `-----END X----------BEGIN Y-----`: the END closes the open block, and the BEGIN
            // opens the next one, at the same line.
            let split = start + (text.len() - unindented.len()) + at;
            if let Some(block) = open.take() {
                items.push(block.closed(end_label, line_no, start, split));
            }
            open =
                boundary(unindented.get(at..).unwrap_or_default(), b"-----BEGIN ").map(|label| {
                    Open {
                        label,
                        line: line_no,
                        start: split,
                        body_start: end,
                        indented: false,
                        joined: true,
                    }
                });
        } else if let Some(label) = boundary(unindented, b"-----BEGIN ") {
            flush_stray(&mut stray, &mut items);
            if let Some(unterminated) = open.take() {
                items.push(unterminated.unterminated(line_no - 1, start));
            }
            open = Some(Open {
                label,
                line: line_no,
                start,
                body_start: end,
                indented,
                joined: false,
            });
        } else if let (Some(end_label), Some(_)) = (boundary(unindented, b"-----END "), &open) {
            if let Some(block) = open.take() {
                items.push(block.closed(end_label, line_no, start, end));
            }
        } else if open.is_some() {
            // A body line of the open block.
        } else if let Some(label) = flattened(text) {
            flush_stray(&mut stray, &mut items);
            items.push(Item::Flattened {
                label,
                line: line_no,
                span: start..end,
            });
        } else if text.trim_ascii().is_empty() {
            flush_stray(&mut stray, &mut items);
            items.push(Item::Blank {
                line: line_no,
                span: start..end,
            });
        } else if text.trim_ascii_start().starts_with(b"#") {
            flush_stray(&mut stray, &mut items);
            items.push(Item::Comment {
                line: line_no,
                span: start..end,
                dash: text.contains(&b'-'),
            });
        } else {
            // Text outside blocks (an END with no BEGIN included): one item per run.
            match &mut stray {
                Some((_, last_line, span)) => {
                    *last_line = line_no;
                    span.end = end;
                }
                None => stray = Some((line_no, line_no, start..end)),
            }
        }
        start = end;
    }
    flush_stray(&mut stray, &mut items);
    if let Some(unterminated) = open {
        items.push(unterminated.unterminated(line_no, bytes.len()));
    }
    items
}

/// One part of a PEM file. The parts of a file cover each of its lines exactly once, in
/// order, so a tool can rewrite a bundle without losing a byte of what it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemPart {
    /// What the lines are.
    pub kind: PemPartKind,
    /// 1-based first line.
    pub first_line: usize,
    /// 1-based last line (equal to `first_line` for a one-line part).
    pub last_line: usize,
    /// The part's bytes in the input, line ends included.
    pub bytes: Range<usize>,
}

/// What a [`PemPart`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PemPartKind {
    /// A `-----BEGIN label-----` ... `-----END ...-----` block; `end_label` when the END line
    /// names another label.
    Block {
        /// The BEGIN line's label (`CERTIFICATE`).
        label: String,
        /// The END line's label, when it differs.
        end_label: Option<String>,
    },
    /// A BEGIN line with no END before the next BEGIN or the end of the file.
    Unterminated {
        /// The BEGIN line's label.
        label: String,
    },
    /// A whole block on one line (its line breaks were lost).
    Flattened {
        /// The BEGIN label.
        label: String,
    },
    /// Text outside blocks that is neither blank nor a `#` comment.
    StrayText,
    /// A `#` comment line.
    Comment,
    /// A blank or white-space-only line.
    Blank,
}

/// Splits a PEM file into its parts, losing nothing (see [`PemPart`]). A UTF-8 BOM and CRLF
/// line ends are kept inside the parts they start or end.
pub fn split_pem(bytes: &[u8]) -> Vec<PemPart> {
    let source = Source::new("", bytes.to_vec());
    split(&source)
        .into_iter()
        .map(|item| {
            let (kind, first_line, last_line, span) = match item {
                Item::Block(b) => (
                    PemPartKind::Block {
                        label: b.label,
                        end_label: b.end_label_mismatch,
                    },
                    b.line,
                    b.last_line,
                    b.span,
                ),
                Item::Unterminated {
                    label,
                    line,
                    last_line,
                    span,
                } => (PemPartKind::Unterminated { label }, line, last_line, span),
                Item::StrayText {
                    line,
                    last_line,
                    span,
                    ..
                } => (PemPartKind::StrayText, line, last_line, span),
                Item::Flattened { label, line, span } => {
                    (PemPartKind::Flattened { label }, line, line, span)
                }
                Item::Comment { line, span, .. } => (PemPartKind::Comment, line, line, span),
                Item::Blank { line, span } => (PemPartKind::Blank, line, line, span),
            };
            PemPart {
                kind,
                first_line,
                last_line,
                bytes: span,
            }
        })
        .collect()
}

/// A BEGIN line whose END has not been seen yet.
struct Open {
    label: String,
    line: usize,
    start: usize,
    body_start: usize,
    indented: bool,
    joined: bool,
}

impl Open {
    /// The block, closed by an END line naming `end_label` at line `last_line`, which starts
    /// at byte `end_line_start`; the block's bytes end at `end`.
    fn closed(
        self,
        end_label: String,
        last_line: usize,
        end_line_start: usize,
        end: usize,
    ) -> Item {
        let end_label_mismatch = (end_label != self.label).then_some(end_label);
        Item::Block(PemBlock {
            label: self.label,
            line: self.line,
            last_line,
            span: self.start..end,
            body: self.body_start..end_line_start,
            end_label_mismatch,
            indented: self.indented,
            joined: self.joined,
        })
    }

    /// The block as unterminated, ending at `last_line` (byte `end`).
    fn unterminated(self, last_line: usize, end: usize) -> Item {
        Item::Unterminated {
            label: self.label,
            line: self.line,
            last_line,
            span: self.start..end,
        }
    }
}

/// The label of a `-----BEGIN LABEL-----` (or END) line, if `line` is one.
fn boundary(line: &[u8], prefix: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(prefix)?;
    let label = rest.strip_suffix(b"-----")?;
    if memchr::memmem::find(label, b"-----").is_some() {
        return None; // a flattened block, not a boundary line
    }
    Some(printable_label(label))
}

/// An END line run into a BEGIN line: the offset of `-----BEGIN ` and the END's label.
fn joined(line: &[u8]) -> Option<(usize, String)> {
    let rest = line.strip_prefix(b"-----END ")?;
    let close = memchr::memmem::find(rest, b"-----")?;
    let at = b"-----END ".len() + close + b"-----".len();
    let begin = line.get(at..)?;
    boundary(begin, b"-----BEGIN ")?;
    Some((at, printable_label(rest.get(..close)?)))
}

/// The label of a line that starts like a BEGIN line but goes on after its closing dashes.
fn flattened(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(b"-----BEGIN ")?;
    let close = memchr::memmem::find(rest, b"-----")?;
    Some(printable_label(rest.get(..close)?))
}

/// Labels are short printable ASCII; what we echo is capped and stripped of control characters,
/// so a hostile label can neither flood the output nor send escape sequences to a terminal.
fn printable_label(label: &[u8]) -> String {
    String::from_utf8_lossy(label)
        .chars()
        .take(64)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// What a PEM block that is not a certificate holds and, where there is one, the command
/// that gets the certificate (`FILE` stands for the file); `None` for other labels.
pub(crate) fn describe_label(label: &str) -> Option<(&'static str, Option<&'static str>)> {
    let convert = Some("convert it with `openssl x509 -in FILE -out FILE.pem`");
    Some(match label {
        "X509 CRL" => ("a certificate revocation list (CRL)", None),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => (
            "a certificate signing request (CSR)",
            Some("have the CA sign it (`openssl x509 -req -in FILE -CA ca.pem -CAkey ca.key -out FILE.pem`) and use the certificate"),
        ),
        "TRUSTED CERTIFICATE" => ("an OpenSSL TRUSTED CERTIFICATE (a certificate with OpenSSL trust settings)", convert),
        "X509 CERTIFICATE" => ("an old-style X509 CERTIFICATE block", convert),
        "PKCS7" => (
            "a PKCS#7 bundle",
            Some("convert it with `openssl pkcs7 -print_certs -in FILE -out FILE.pem`"),
        ),
        "PUBLIC KEY" | "RSA PUBLIC KEY" => (
            "a public key",
            Some("a truststore needs the CA's certificate, which holds the key and its name"),
        ),
        "ENCRYPTED PRIVATE KEY" | "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" => (
            "a private key (not shown)",
            Some("if it was ever shared, treat it as leaked"),
        ),
        "EC PARAMETERS" | "DH PARAMETERS" => ("key parameters", None),
        _ => return None,
    })
}

/// What an input that holds no PEM block at all looks like, for a one-line error.
pub(crate) fn describe_non_pem(bytes: &[u8]) -> String {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return if bytes.is_empty() {
            "file is empty"
        } else {
            "file holds only blank lines"
        }
        .into();
    }
    let binary = std::str::from_utf8(bytes).is_err() || bytes.contains(&0);
    if binary && bytes.first() == Some(&0x30) {
        // DER that reads is converted (crate::formats); this one stops short.
        return "looks like DER (binary X.509), but it is truncated or corrupt: \
                export the certificate again"
            .into();
    }
    if binary {
        return "binary data, not a PEM text file".into();
    }
    "no PEM block found (no `-----BEGIN` line)".into()
}

/// `der` as a PEM block labelled `label`: 64 base64 characters a line, LF endings (RFC 7468's
/// strict form, what AWS and OpenSSL write). Encoded 48 bytes at a time into the one output
/// string, sized up front, so a private key leaves no base64 copy behind in other buffers.
pub(crate) fn armor(label: &str, der: &[u8]) -> String {
    let lines = der.len().div_ceil(48);
    let mut out = String::with_capacity(2 * label.len() + 32 + lines * 65 + 64);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let mut line = [0u8; 64];
    for chunk in der.chunks(48) {
        // 48 bytes encode to exactly 64 characters; a shorter last chunk to fewer.
        if let Ok(text) = Base64::encode(chunk, &mut line) {
            out.push_str(text);
            out.push('\n');
        }
    }
    line.fill(0);
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// The DER of the first `label` block of `text`, decoded in constant time into memory that is
/// wiped when dropped (fit for a private key's); `None` when there is none or it is not base64.
pub(crate) fn block_der(text: &str, label: &str) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    let body = text
        .split(&format!("-----BEGIN {label}-----"))
        .nth(1)?
        .split(&format!("-----END {label}-----"))
        .next()?;
    let compact: zeroize::Zeroizing<String> =
        zeroize::Zeroizing::new(body.split_whitespace().collect());
    Base64::decode_vec(&compact)
        .ok()
        .map(zeroize::Zeroizing::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<Item> {
        split(&Source::new("t", text.as_bytes().to_vec()))
    }

    fn block_lines(items: &[Item]) -> Vec<(String, usize)> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Block(b) => Some((b.label.clone(), b.line)),
                _ => None,
            })
            .collect()
    }

    const B: &str = "-----BEGIN CERTIFICATE-----\nAAEC\n-----END CERTIFICATE-----\n";

    #[test]
    fn lines_are_counted_under_lf_crlf_and_bom() {
        let lf = format!("\n{B}{B}");
        let crlf = lf.replace('\n', "\r\n");
        let bom = format!("\u{feff}{lf}");
        for text in [lf, crlf, bom] {
            let found = items(&text);
            assert_eq!(
                block_lines(&found),
                vec![("CERTIFICATE".into(), 2), ("CERTIFICATE".into(), 5)]
            );
        }
    }

    #[test]
    fn stray_text_is_one_item_per_run_and_comments_are_not_stray() {
        let text = format!("# comment\n\nhello\nworld\n{B}\nbye\n");
        let found = items(&text);
        assert_eq!(
            found
                .iter()
                .filter(|i| matches!(i, Item::StrayText { .. }))
                .count(),
            2
        );
        let strays: Vec<(usize, usize)> = found
            .iter()
            .filter_map(|i| match i {
                Item::StrayText {
                    line, last_line, ..
                } => Some((*line, *last_line)),
                _ => None,
            })
            .collect();
        assert_eq!(strays, vec![(3, 4), (9, 9)]);
        assert!(matches!(found[0], Item::Comment { line: 1, .. }));
        assert!(matches!(found[1], Item::Blank { line: 2, .. }));
    }

    #[test]
    fn a_last_block_without_newline_is_complete() {
        let found = items(B.trim_end());
        assert_eq!(block_lines(&found), vec![("CERTIFICATE".into(), 1)]);
    }

    #[test]
    fn a_begin_without_end_does_not_swallow_the_next_block() {
        let text = format!("-----BEGIN CERTIFICATE-----\nAAEC\n{B}");
        let found = items(&text);
        assert_eq!(
            found[0],
            Item::Unterminated {
                label: "CERTIFICATE".into(),
                line: 1,
                last_line: 2,
                span: 0..33,
            }
        );
        assert_eq!(block_lines(&found), vec![("CERTIFICATE".into(), 3)]);
    }

    #[test]
    fn decoding_reports_the_line_of_bad_base64() {
        let text =
            format!("{B}-----BEGIN CERTIFICATE-----\nAAEC\nAA!C\n-----END CERTIFICATE-----\n");
        let source = Source::new("t", text.into_bytes());
        let found = split(&source);
        let Item::Block(bad) = &found[1] else {
            panic!("expected a block")
        };
        assert_eq!(
            bad.decode(&source).unwrap_err(),
            "invalid base64 character '!' on line 6"
        );
        let Item::Block(good) = &found[0] else {
            panic!("expected a block")
        };
        assert_eq!(good.decode(&source).unwrap(), vec![0, 1, 2]);
    }

    #[test]
    fn a_block_flattened_onto_one_line_is_recognised() {
        let found = items("# x\n-----BEGIN CERTIFICATE----- MIIB -----END CERTIFICATE-----\n");
        assert_eq!(
            found,
            vec![
                Item::Comment {
                    line: 1,
                    span: 0..4,
                    dash: false
                },
                Item::Flattened {
                    label: "CERTIFICATE".into(),
                    line: 2,
                    span: 4..63,
                }
            ]
        );
    }

    #[test]
    fn an_end_run_into_a_begin_closes_one_block_and_opens_the_next() {
        let text = format!("{}{B}", B.trim_end());
        let found = items(&text);
        assert_eq!(
            block_lines(&found),
            vec![("CERTIFICATE".into(), 1), ("CERTIFICATE".into(), 3)]
        );
        let (Item::Block(first), Item::Block(second)) = (&found[0], &found[1]) else {
            panic!("expected two blocks: {found:?}")
        };
        assert!(!first.joined && second.joined);
        assert_eq!(first.span.end, second.span.start);
        let source = Source::new("t", text.into_bytes());
        assert_eq!(second.decode(&source).unwrap(), vec![0, 1, 2]);
    }

    #[test]
    fn an_indented_block_is_a_block_marked_indented() {
        let text: String = B.lines().map(|l| format!("    {l}\n")).collect();
        let found = items(&text);
        let Item::Block(block) = &found[0] else {
            panic!("expected a block: {found:?}")
        };
        assert!(block.indented);
        let source = Source::new("t", text.into_bytes());
        assert_eq!(block.decode(&source).unwrap(), vec![0, 1, 2]);
    }

    #[test]
    fn labels_are_echoed_without_control_characters() {
        let found = items("-----BEGIN \u{1b}[31mX-----\nAA==\n-----END \u{1b}[31mX-----\n");
        let Item::Block(b) = &found[0] else {
            panic!("expected a block")
        };
        assert_eq!(b.label, "?[31mX");
    }

    #[test]
    fn non_pem_input_is_described() {
        assert_eq!(describe_non_pem(b""), "file is empty");
        assert!(describe_non_pem(&[0x30, 0x82, 0x01, 0xff, 0x00]).contains("looks like DER"));
        assert!(describe_non_pem(b"hello").contains("no PEM block"));
    }
}
