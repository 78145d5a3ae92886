//! Reading inputs for the commands: a file, standard input (`-`) or a named pipe, refused
//! before it is read whole when over `--max-input-size`; for certificate inputs, also a
//! directory, and files of other formats converted to PEM (`crate::formats`).
// Input bytes reach this module: no panicking shortcuts (denied crate-wide in lib.rs).

use crate::source::{Source, STDIN_NAME};
use anyhow::{anyhow, bail, Context, Result};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The files of a directory read as certificates: `openssl -CApath`'s, by extension.
const CERTIFICATE_EXTENSIONS: [&str; 4] = ["pem", "crt", "cer", "der"];

/// Reads a certificate input: a file (see [`load`]) in any format `crate::formats` reads, or
/// a directory whose certificate files (by extension, not recursively) are read in name order
/// as one bundle, each line still named by its own file. The limit holds for the whole.
pub(crate) fn certificates(
    path: &Path,
    max_bytes: u64,
    passphrase: Option<&[u8]>,
) -> Result<Source> {
    let is_dir = path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    if !is_dir {
        let source = load(path, max_bytes)?;
        return Ok(crate::formats::read(
            &source.name,
            source.bytes,
            passphrase,
        )?);
    }
    let name = path.to_string_lossy().into_owned();
    let files = certificate_files(path, &name)?;
    let mut total: u64 = 0;
    let mut sources = Vec::with_capacity(files.len());
    for file in files {
        let size = std::fs::metadata(&file).map_or(0, |m| m.len());
        total = total.saturating_add(size);
        if total > max_bytes {
            bail!("{name}: its certificate files are over the {max_bytes} byte input limit together (--max-input-size)");
        }
        let source = load(&file, max_bytes - (total - size))?;
        sources.push(crate::formats::read(
            &source.name,
            source.bytes,
            passphrase,
        )?);
    }
    Ok(Source::concat(name, sources))
}

/// The certificate files of directory `dir`, sorted by name.
fn certificate_files(dir: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("{name}: cannot read the directory"))?
    {
        let path = entry
            .with_context(|| format!("{name}: cannot read the directory"))?
            .path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| CERTIFICATE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if wanted && path.is_file() {
            files.push(path);
        }
    }
    if files.is_empty() {
        bail!("{name}: a directory without certificate files (.pem, .crt, .cer, .der)");
    }
    files.sort();
    Ok(files)
}

/// The passphrase of `--passphrase-file` (its first line) or `--passphrase-env`.
pub(crate) fn passphrase(
    file: Option<&Path>,
    env: Option<&str>,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(path) = file {
        let bytes = Zeroizing::new(
            std::fs::read(path)
                .with_context(|| format!("{}: cannot read the passphrase file", path.display()))?,
        );
        let line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        return Ok(Some(Zeroizing::new(line.to_vec())));
    }
    if let Some(var) = env {
        let value = std::env::var_os(var)
            .ok_or_else(|| anyhow!("environment variable {var} (--passphrase-env) is not set"))?;
        return Ok(Some(Zeroizing::new(value.into_encoded_bytes())));
    }
    Ok(None)
}

/// Reads `path`, or standard input for `-`, refusing directories and input over
/// `max_bytes` before reading it whole (a pipe is read at most one byte past the limit).
pub(crate) fn load(path: &Path, max_bytes: u64) -> Result<Source> {
    if path.as_os_str() == "-" {
        let bytes = read_bounded(std::io::stdin().lock(), STDIN_NAME, max_bytes)?;
        return Ok(Source::new(STDIN_NAME, bytes));
    }
    // A path that is not UTF-8 is still named, with replacement characters.
    let name = path.to_string_lossy().into_owned();
    let meta = std::fs::metadata(path).with_context(|| format!("{name}: cannot read"))?;
    if meta.is_dir() {
        bail!("{name}: is a directory, not a file");
    }
    if meta.is_file() && meta.len() > max_bytes {
        bail!(
            "{name}: file is {} bytes, over the {max_bytes} byte input limit (--max-input-size)",
            meta.len()
        );
    }
    #[cfg(unix)]
    if std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()) {
        let bytes = fifo::read(path, &name, max_bytes)?;
        return Ok(Source::new(name, bytes));
    }
    let file = File::open(path).with_context(|| format!("{name}: cannot open"))?;
    let bytes = read_bounded(file, &name, max_bytes)?;
    Ok(Source::new(name, bytes))
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

/// Named pipes: `<(command)` in a shell, or a `mkfifo` file. Opening one for reading normally
/// waits for a writer, for ever if there is none; a linter in CI must not hang on a stray FIFO.
#[cfg(unix)]
mod fifo {
    use super::read_bounded;
    use anyhow::{bail, Context, Result};
    use rustix::fs::{fcntl_getfl, fcntl_setfl, open, Mode, OFlags};
    use std::fs::File;
    use std::io::{ErrorKind, Read};
    use std::path::Path;
    use std::time::{Duration, Instant};

    /// How long a pipe without a writer is given to get one. A writer blocked in its own open
    /// (waiting for a reader) is woken by ours and connects within milliseconds.
    const WRITER_GRACE: Duration = Duration::from_secs(2);

    /// Opens without waiting, waits up to [`WRITER_GRACE`] for a writer or data, then reads the
    /// stream to its end, bounded like any input.
    pub(super) fn read(path: &Path, name: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let mut file = File::from(
            open(path, flags, Mode::empty()).with_context(|| format!("{name}: cannot open"))?,
        );
        let mut first = vec![0; 64 * 1024];
        let deadline = Instant::now() + WRITER_GRACE;
        let got = loop {
            match file.read(&mut first) {
                // Non-blocking, 0 means no writer (yet), or one that closed without writing.
                Ok(0) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                Ok(0) => bail!(
                    "{name}: named pipe with nothing to read (no writer within {} s)",
                    WRITER_GRACE.as_secs()
                ),
                Ok(n) => break n,
                // A writer is connected but has not written yet: from now on, wait for it.
                Err(e) if e.kind() == ErrorKind::WouldBlock => break 0,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e).with_context(|| format!("{name}: read failed")),
            }
        };
        let blocking = fcntl_getfl(&file).map(|f| f - OFlags::NONBLOCK);
        blocking
            .and_then(|f| fcntl_setfl(&file, f))
            .with_context(|| format!("{name}: read failed"))?;
        first.truncate(got);
        read_bounded(std::io::Cursor::new(first).chain(file), name, max_bytes)
    }
}

/// Parses a size such as `256MiB`, `10MB`, `64k` or `1000000` (bytes).
pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
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
}
