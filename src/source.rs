//! A loaded input file: its bytes, a display name, and byte offset -> 1-based line lookup.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest input read at all (a file or standard input). API Gateway itself refuses a
/// truststore over ~1 MB (see `rules/too_large.rs`), so 256 MiB only guards memory.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// One input file held in memory, with the start offset of every line.
pub struct Source {
    /// The path as the user gave it (`-` is shown as `<stdin>`).
    pub name: String,
    pub bytes: Vec<u8>,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', &bytes).map(|i| i + 1));
        Source {
            name: name.into(),
            bytes,
            line_starts,
        }
    }

    /// Reads `path`, or standard input for `-`, refusing directories and oversized input
    /// before reading them whole.
    pub fn load(path: &str) -> Result<Self> {
        if path == "-" {
            let bytes = read_bounded(std::io::stdin().lock(), "<stdin>")?;
            return Ok(Source::new("<stdin>", bytes));
        }
        let p = Path::new(path);
        let meta = std::fs::metadata(p).with_context(|| format!("{path}: cannot read"))?;
        if meta.is_dir() {
            bail!("{path}: is a directory, not a PEM file");
        }
        if meta.len() > MAX_INPUT_BYTES {
            bail!(
                "{path}: file is {} bytes, over the {} byte input limit; this is not a truststore",
                meta.len(),
                MAX_INPUT_BYTES
            );
        }
        let file = File::open(p).with_context(|| format!("{path}: cannot open"))?;
        let bytes = read_bounded(file, path)?;
        Ok(Source::new(path, bytes))
    }

    /// The 1-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Reads at most [`MAX_INPUT_BYTES`], so a pipe or a special file cannot exhaust memory.
fn read_bounded(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{name}: read failed"))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        bail!("{name}: input exceeds the {MAX_INPUT_BYTES} byte limit; this is not a truststore");
    }
    Ok(bytes)
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
}
