//! A loaded input file: its bytes, a display name, and byte offset -> 1-based line lookup.
// Input bytes reach this module: no panicking shortcuts (issue 7).

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The default for the largest input read at all (`--max-input-size`). API Gateway itself
/// refuses a truststore over ~1 MB (see `rules/too_large.rs`), so this only guards memory.
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

    /// Reads `path`, or standard input for `-`, refusing directories and input over
    /// `max_bytes` before reading it whole (a pipe is read at most one byte past the limit).
    pub fn load(path: &Path, max_bytes: u64) -> Result<Self> {
        if path.as_os_str() == "-" {
            let bytes = read_bounded(std::io::stdin().lock(), "<stdin>", max_bytes)?;
            return Ok(Source::new("<stdin>", bytes));
        }
        // A path that is not UTF-8 is still named, with replacement characters.
        let name = path.to_string_lossy().into_owned();
        let meta = std::fs::metadata(path).with_context(|| format!("{name}: cannot read"))?;
        if meta.is_dir() {
            bail!("{name}: is a directory, not a PEM file");
        }
        if meta.is_file() && meta.len() > max_bytes {
            bail!(
                "{name}: file is {} bytes, over the {max_bytes} byte input limit (--max-input-size)",
                meta.len()
            );
        }
        let file = File::open(path).with_context(|| format!("{name}: cannot open"))?;
        let bytes = read_bounded(file, &name, max_bytes)?;
        Ok(Source::new(name, bytes))
    }

    /// The 1-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

/// Reads at most `max_bytes`, so a pipe or a special file cannot exhaust memory.
fn read_bounded(reader: impl Read, name: &str, max_bytes: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("{name}: read failed"))?;
    if bytes.len() as u64 > max_bytes {
        bail!("{name}: input exceeds the {max_bytes} byte input limit (--max-input-size)");
    }
    Ok(bytes)
}

/// Parses a size such as `256MiB`, `10MB`, `64k` or `1000000` (bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("invalid size '{text}' (e.g. 256MiB, 10MB, 1000000)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "invalid size unit in '{text}' (use B, KB, KiB, MB, MiB, GB, GiB)"
            ))
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("size '{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_decimal_and_binary_units() {
        assert_eq!(parse_size("256MiB"), Ok(256 * 1024 * 1024));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("64k"), Ok(64_000));
        assert_eq!(parse_size("1000000"), Ok(1_000_000));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 parsecs").is_err());
    }

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
