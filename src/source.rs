//! An input held in memory: its bytes, a display name, and byte offset -> 1-based line lookup.
//! Reading files is the CLI's business (`cli/input.rs`). An input can be made of several
//! files (a directory read as one bundle) or converted from another format (DER, PKCS#7,
//! PKCS#12, see `crate::formats`): its parts say where each line came from, so that findings
//! point at the file the user has.
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::formats::Format;

/// The name standard input goes by in messages (and in the commands hints print for it).
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// One input held in memory, with the start offset of every line.
pub(crate) struct Source {
    /// The path as the user gave it (`-` is shown as `<stdin>`).
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    line_starts: Vec<usize>,
    /// Where the lines came from, in line order; empty for a file read as it is.
    pub(crate) parts: Vec<Part>,
}

/// A run of lines of a [`Source`] that came from one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// The file, as the user would name it (`dir/a.pem`).
    pub(crate) file: String,
    /// The 1-based line of the source where the part starts.
    pub(crate) first_line: usize,
    /// For a file converted to PEM: what it was.
    pub(crate) converted: Option<Conversion>,
}

/// A certificate file that was not PEM, and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Conversion {
    pub(crate) format: Format,
    /// The line of the file every converted line maps to: 1 for a binary file, the BEGIN
    /// line of a PEM `PKCS7` block; `None` when lines map one to one (re-encoded text).
    pub(crate) line: Option<usize>,
    pub(crate) certificates: usize,
    /// Private keys found beside the certificates (PKCS#12): counted, never decoded.
    pub(crate) keys: usize,
}

impl Source {
    pub(crate) fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', &bytes).map(|i| i + 1));
        Source {
            name: name.into(),
            bytes,
            line_starts,
            parts: Vec::new(),
        }
    }

    /// `name`, as PEM text converted from a file of another format.
    pub(crate) fn converted(name: impl Into<String>, pem: String, conversion: Conversion) -> Self {
        let name = name.into();
        let mut source = Source::new(name.clone(), pem.into_bytes());
        source.parts.push(Part {
            file: name,
            first_line: 1,
            converted: Some(conversion),
        });
        source
    }

    /// The files of a directory as one bundle named `name`, in the order given, each ending
    /// in a line break (as `cat` of files that end in one would give).
    pub(crate) fn concat(name: impl Into<String>, files: Vec<Source>) -> Self {
        let mut bytes = Vec::with_capacity(files.iter().map(|f| f.bytes.len() + 1).sum());
        let mut parts = Vec::new();
        let mut lines_before = 0;
        for file in files {
            let own_parts = if file.parts.is_empty() {
                vec![Part {
                    file: file.name.clone(),
                    first_line: 1,
                    converted: None,
                }]
            } else {
                file.parts
            };
            parts.extend(own_parts.into_iter().map(|part| Part {
                first_line: part.first_line + lines_before,
                ..part
            }));
            bytes.extend_from_slice(&file.bytes);
            if !file.bytes.is_empty() && !file.bytes.ends_with(b"\n") {
                bytes.push(b'\n');
            }
            lines_before = memchr::memchr_iter(b'\n', &bytes).count();
        }
        let mut source = Source::new(name, bytes);
        source.parts = parts;
        source
    }

    /// The 1-based line that holds byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// The file and line that line `line` of a source made of `parts` came from (`name` and
/// `line` itself for a file read as it is).
pub(crate) fn place<'a>(name: &'a str, parts: &'a [Part], line: usize) -> (&'a str, usize) {
    let at = parts.partition_point(|p| p.first_line <= line);
    match at.checked_sub(1).and_then(|i| parts.get(i)) {
        None => (name, line),
        Some(part) => match part.converted.as_ref().and_then(|c| c.line) {
            Some(fixed) => (&part.file, fixed),
            None => (&part.file, line + 1 - part.first_line),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_one_based_lines() {
        let s = Source::new("t", b"ab\ncd\r\n\nx".to_vec());
        assert_eq!(s.line_of(0), 1);
        assert_eq!(s.line_of(2), 1);
        assert_eq!(s.line_of(3), 2);
        assert_eq!(s.line_of(7), 3);
        assert_eq!(s.line_of(8), 4);
    }

    #[test]
    fn lines_of_concatenated_files_map_back_to_each_file() {
        let a = Source::new("d/a.pem", b"1\n2\n3".to_vec());
        let conversion = Conversion {
            format: Format::Der,
            line: Some(1),
            certificates: 1,
            keys: 0,
        };
        let b = Source::converted("d/b.der", "x\ny\n".into(), conversion);
        let c = Source::new("d/c.pem", b"z\n".to_vec());
        let all = Source::concat("d", vec![a, b, c]);
        assert_eq!(all.bytes, b"1\n2\n3\nx\ny\nz\n");
        let at = |line| place(&all.name, &all.parts, line);
        assert_eq!(at(3), ("d/a.pem", 3));
        assert_eq!(at(4), ("d/b.der", 1));
        assert_eq!(at(5), ("d/b.der", 1));
        assert_eq!(at(6), ("d/c.pem", 1));
        assert_eq!(place("f", &[], 7), ("f", 7));
    }
}
