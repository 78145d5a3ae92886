//! `truststore.toml`: the settings a repository keeps next to its truststore, found from the
//! current directory upwards (or named with `--config`). Every error names the file and line.
//!
//! ```toml
//! ignore = ["stray-text"]            # codes never reported
//! warn = ["leaf-in-truststore"]      # codes reported as warnings
//! deny = ["warnings"]                # codes reported as errors; "warnings" = every warning
//! deny-warnings = true               # the same as "warnings" in deny (what `config` prints)
//! expiry-window = "45d"
//! truststore = "certs/truststore.pem" # what `lint` and `verify` use when no bundle is named,
//!                                    # relative to this file
//! profile = "apigw"                  # the AWS front door (`--profile` overrides)
//!
//! [[ignore-certificate]]             # one certificate, by SHA-256 fingerprint
//! sha256 = "AB:CD:..."               # colons optional
//! codes = ["expired"]                # optional: all codes when absent
//! reason = "retired partner CA, removal tracked in OPS-123"   # mandatory
//! ```

use crate::explain;
use crate::profile::Profile;
use crate::verify::IdentityFilter;
use anyhow::{anyhow, bail, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

pub(crate) const FILE_NAME: &str = "truststore.toml";

/// The settings read from a config file, validated.
#[derive(Debug, Default, Clone)]
pub(crate) struct Config {
    pub path: Option<PathBuf>,
    pub ignore: Vec<String>,
    pub warn: Vec<String>,
    pub deny: Vec<String>,
    pub expiry_window: Option<i64>,
    /// `quota = N`: a raised certificate quota.
    pub quota: Option<usize>,
    /// `filters = ["subject-cn=...", ...]`: Network Load Balancer identity filters.
    pub filters: Vec<IdentityFilter>,
    /// `crls = ["path", ...]`, resolved against the config file's directory.
    pub crls: Vec<PathBuf>,
    pub ignore_certificates: Vec<CertificateIgnore>,
    /// `truststore = "path"`, resolved against the config file's directory.
    pub truststore: Option<PathBuf>,
    /// `profile = "name"`.
    pub profile: Option<&'static Profile>,
}

/// Findings about one certificate that are not reported, and why.
#[derive(Debug, Clone)]
pub(crate) struct CertificateIgnore {
    pub sha256: [u8; 32],
    /// `None`: every code.
    pub codes: Option<Vec<String>>,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    warn: Vec<Spanned<String>>,
    #[serde(default)]
    deny: Vec<Spanned<String>>,
    deny_warnings: Option<bool>,
    expiry_window: Option<Spanned<String>>,
    quota: Option<usize>,
    #[serde(default)]
    filters: Vec<Spanned<String>>,
    #[serde(default)]
    crls: Vec<String>,
    truststore: Option<String>,
    profile: Option<Spanned<String>>,
    #[serde(default)]
    ignore_certificate: Vec<Spanned<RawIgnore>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    sha256: Spanned<String>,
    codes: Option<Vec<Spanned<String>>>,
    reason: Option<String>,
}

/// The nearest `truststore.toml` in `start` or a directory above it.
pub(crate) fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and validates a config file.
pub(crate) fn load(path: &Path) -> Result<Config> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| anyhow!("{name}: cannot read: {e}"))?;
    parse(&text, &name).map(|mut c| {
        let dir = path.parent().unwrap_or(Path::new(""));
        c.truststore = c.truststore.map(|t| dir.join(t));
        c.crls = c.crls.iter().map(|p| dir.join(p)).collect();
        c.path = Some(path.to_path_buf());
        c
    })
}

/// Parses config text; `name` is used in errors (`name:line: problem`).
pub(crate) fn parse(text: &str, name: &str) -> Result<Config> {
    let line_of = |offset: usize| {
        text.get(..offset)
            .map_or(1, |t| t.matches('\n').count() + 1)
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(s.start));
        anyhow!("{name}:{line}: {}", e.message())
    })?;
    let codes = |list: Vec<Spanned<String>>, allow_warnings: bool| -> Result<Vec<String>> {
        list.into_iter()
            .map(|code| {
                let line = line_of(code.span().start);
                let code = code.into_inner();
                let known = explain::by_code(&code).is_some() || (allow_warnings && code == "warnings");
                if !known {
                    bail!("{name}:{line}: unknown code '{code}' (`truststore explain --all` lists them)");
                }
                Ok(code)
            })
            .collect()
    };
    let expiry_window = match raw.expiry_window {
        Some(w) => {
            let line = line_of(w.span().start);
            let parsed = crate::cli::args::parse_duration(w.get_ref())
                .map_err(|e| anyhow!("{name}:{line}: {e}"))?;
            Some(parsed)
        }
        None => None,
    };
    let profile = match raw.profile {
        Some(p) => {
            let line = line_of(p.span().start);
            let found = Profile::named(p.get_ref()).ok_or_else(|| {
                anyhow!(
                    "{name}:{line}: unknown profile '{}' (known: {})",
                    p.get_ref(),
                    crate::cli::args::profile_names()
                )
            })?;
            Some(found)
        }
        None => None,
    };
    let filters = raw
        .filters
        .into_iter()
        .map(|f| {
            let line = line_of(f.span().start);
            f.get_ref()
                .parse::<IdentityFilter>()
                .map_err(|e| anyhow!("{name}:{line}: {e}"))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut ignore_certificates = Vec::new();
    for entry in raw.ignore_certificate {
        let line = line_of(entry.span().start);
        let entry = entry.into_inner();
        let fp_line = line_of(entry.sha256.span().start);
        let sha256 = parse_fingerprint(entry.sha256.get_ref()).ok_or_else(|| {
            anyhow!("{name}:{fp_line}: sha256 must be 64 hex digits (colons allowed)")
        })?;
        let reason = entry
            .reason
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| {
                anyhow!("{name}:{line}: [[ignore-certificate]] needs a non-empty `reason`")
            })?;
        let codes = entry.codes.map(|c| codes(c, false)).transpose()?;
        ignore_certificates.push(CertificateIgnore {
            sha256,
            codes,
            reason,
        });
    }
    Ok(Config {
        path: None,
        ignore: codes(raw.ignore, false)?,
        warn: codes(raw.warn, false)?,
        deny: {
            let mut deny = codes(raw.deny, true)?;
            if raw.deny_warnings == Some(true) && !deny.iter().any(|c| c == "warnings") {
                deny.push("warnings".to_string());
            }
            deny
        },
        expiry_window,
        quota: raw.quota,
        filters,
        crls: raw.crls.into_iter().map(PathBuf::from).collect(),
        ignore_certificates,
        truststore: raw.truststore.map(PathBuf::from),
        profile,
    })
}

/// A SHA-256 fingerprint as hex, with or without colons, any case.
pub(crate) fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let hex: String = text.chars().filter(|c| *c != ':').collect();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let err = |text: &str| parse(text, "truststore.toml").unwrap_err().to_string();
        assert_eq!(
            err("ignore = [\"stray-text\"]\nwarn = [\"expird\"]\n"),
            "truststore.toml:2: unknown code 'expird' (`truststore explain --all` lists them)"
        );
        assert!(err("\n\ncolour = true\n").starts_with("truststore.toml:3: unknown field `colour`"));
        assert!(err("ignore = [\n").starts_with("truststore.toml:"));
        let missing_reason =
            "[[ignore-certificate]]\nsha256 = \"".to_string() + &"ab".repeat(32) + "\"\n";
        assert_eq!(
            err(&missing_reason),
            "truststore.toml:1: [[ignore-certificate]] needs a non-empty `reason`"
        );
        assert!(
            err("[[ignore-certificate]]\nsha256 = \"abc\"\nreason = \"x\"\n")
                .starts_with("truststore.toml:2: sha256")
        );
        assert!(err("deny = [\"warnings\"]\nignore = [\"warnings\"]\n")
            .contains(":2: unknown code 'warnings'"));
    }

    #[test]
    fn a_valid_file_is_read() {
        let text = format!(
            "ignore = [\"stray-text\"]\ndeny = [\"warnings\"]\nexpiry-window = \"45d\"\n\n[[ignore-certificate]]\nsha256 = \"{}\"\ncodes = [\"expired\"]\nreason = \"retired\"\n",
            "AB:".repeat(31) + "AB"
        );
        let c = parse(&text, "t").unwrap();
        assert_eq!(c.ignore, ["stray-text"]);
        assert_eq!(c.deny, ["warnings"]);
        assert_eq!(c.expiry_window, Some(45 * 86_400));
        assert_eq!(c.ignore_certificates[0].sha256, [0xab; 32]);
        assert_eq!(
            c.ignore_certificates[0].codes.as_deref(),
            Some(&["expired".to_string()][..])
        );
    }
}
