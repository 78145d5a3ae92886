//! An input held in memory: its bytes, a display name, and byte offset -> 1-based line lookup.
//! Reading files is the CLI's business (`cli/input.rs`).
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

/// One input file held in memory, with the start offset of every line.
pub(crate) struct Source {
    /// The path as the user gave it (`-` is shown as `<stdin>`).
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
    line_starts: Vec<usize>,
}

impl Source {
    pub(crate) fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', &bytes).map(|i| i + 1));
        Source {
            name: name.into(),
            bytes,
            line_starts,
        }
    }

    /// The 1-based line that holds byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
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
}
