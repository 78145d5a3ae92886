//! PEM splitting that keeps where everything came from.
//!
//! `openssl` and most PEM crates stop at the first bad block or drop what sits between blocks.
//! A truststore linter needs the opposite: every block with its span and BEGIN line, every run of
//! stray text, and a broken block reported while the rest of the file is still read.
//! Tolerated, as OpenSSL tolerates them: LF or CRLF, a UTF-8 BOM, trailing blanks, any line width.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs, issue 7).

use crate::source::Source;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use base64ct::{Base64, Encoding};
use std::ops::Range;

/// One thing found in a PEM file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A `-----BEGIN X-----` ... `-----END X-----` block.
    Block(PemBlock),
    /// A BEGIN line with no matching END before the next BEGIN or the end of the file.
    Unterminated { label: String, line: usize },
    /// The first line of a run of text outside blocks that is not blank and not a `#` comment.
    StrayText { line: usize },
    /// A BEGIN line with more text after its closing dashes: a block whose line breaks were
    /// lost (pasted through an environment variable or a web form).
    Flattened { label: String, line: usize },
}

/// A terminated PEM block. Its body is not decoded here: a private key is never decoded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemBlock {
    pub label: String,
    /// 1-based line of the BEGIN line.
    pub line: usize,
    /// Bytes from the BEGIN line to the end of the END line.
    pub span: Range<usize>,
    /// Bytes between the BEGIN and END lines: the base64 text.
    body: Range<usize>,
    /// The END line names another label.
    pub end_label_mismatch: Option<String>,
}

impl PemBlock {
    pub fn is_certificate(&self) -> bool {
        self.label == "CERTIFICATE"
    }

    pub fn is_private_key(&self) -> bool {
        self.label.ends_with("PRIVATE KEY")
    }

    /// Decodes the base64 body. Errors name the offending line; they never quote the body.
    pub fn decode(&self, source: &Source) -> Result<Vec<u8>, String> {
        if let Some(end) = &self.end_label_mismatch {
            return Err(format!("BEGIN {} is closed by END {end}", self.label));
        }
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

/// Splits `source` into blocks and stray text, in file order.
pub fn split(source: &Source) -> Vec<Item> {
    let bytes = &source.bytes;
    let mut items = Vec::new();
    let mut open: Option<(String, usize, usize, usize)> = None; // label, line, start, body start
    let mut in_stray_run = false;
    let mut start = 0;
    let mut line_no = 0;
    while start < bytes.len() {
        line_no += 1;
        let rest = bytes.get(start..).unwrap_or_default();
        let end = memchr::memchr(b'\n', rest).map_or(bytes.len(), |i| start + i + 1);
        let mut line = bytes.get(start..end).unwrap_or_default();
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        let text = line.trim_ascii_end();
        if let Some(label) = boundary(text, b"-----BEGIN ") {
            if let Some((label, line, _, _)) = open.take() {
                items.push(Item::Unterminated { label, line });
            }
            open = Some((label, line_no, start, end));
            in_stray_run = false;
        } else if let Some(end_label) = boundary(text, b"-----END ") {
            if let Some((label, line, span_start, body_start)) = open.take() {
                let end_label_mismatch = (end_label != label).then_some(end_label);
                items.push(Item::Block(PemBlock {
                    label,
                    line,
                    span: span_start..end,
                    body: body_start..start,
                    end_label_mismatch,
                }));
            } else {
                // An END with no BEGIN is text that does not belong to any block.
                if !in_stray_run {
                    items.push(Item::StrayText { line: line_no });
                }
                in_stray_run = true;
            }
        } else if let (None, Some(label)) = (&open, flattened(text)) {
            items.push(Item::Flattened {
                label,
                line: line_no,
            });
            in_stray_run = false;
        } else if open.is_none() {
            let ignorable =
                text.trim_ascii().is_empty() || text.trim_ascii_start().starts_with(b"#");
            if ignorable {
                in_stray_run = false;
            } else if !in_stray_run {
                items.push(Item::StrayText { line: line_no });
                in_stray_run = true;
            }
        }
        start = end;
    }
    if let Some((label, line, _, _)) = open {
        items.push(Item::Unterminated { label, line });
    }
    items
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

/// What an input that holds no PEM block at all looks like, for a one-line error.
pub fn describe_non_pem(bytes: &[u8]) -> String {
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
        return "looks like DER (binary X.509), not PEM; convert it with \
                `openssl x509 -inform der -in FILE -out FILE.pem`"
            .into();
    }
    if binary {
        return "binary data, not a PEM text file".into();
    }
    "no PEM block found (no `-----BEGIN` line)".into()
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
        assert!(found.contains(&Item::StrayText { line: 3 }));
        assert!(found.contains(&Item::StrayText { line: 9 }));
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
                line: 1
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
            vec![Item::Flattened {
                label: "CERTIFICATE".into(),
                line: 2
            }]
        );
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
